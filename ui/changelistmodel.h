#pragma once

#include <QAbstractItemModel>
#include <QList>
#include <QString>

#include "diagram/schemadiagram.h"
#include "ops/schemaelement.h"

namespace pm {

class MigrationDraft;
struct RenameProposal;
struct SchemaChange;

// The change list beside the diagram: one row per operation, in the order
// they run (a batch block's operations under it; for a planned run, under
// their step), with what each destroys or why it fails. In a draft each
// operation has a check box: unchecked, it is left out of the script; one
// left out because another is says why. Rename proposals ("renamed a → b?")
// come first, with their evidence, checked once accepted.
//
// The model only shows: a toggle is a request (checkToggled); whoever owns
// the draft changes it and sets the rows again.
class ChangeListModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeListModel)

public:
    enum Column { OperationColumn, ImpactColumn, ColumnCount };
    enum Role {
        PathRole = Qt::UserRole + 1, // QList<int>: {step, operation[, inner]}; a proposal: {-1, n}
        ElementRole,                 // SchemaElementRef: what to select on the diagram
        LineRole,                    // int: 1-based line in the script shown, 0 when none
        KindRole,                    // RowKind
        ChangeRole,                  // ElementChange the operation makes (for its mark)
    };
    enum class RowKind { Step, Operation, Proposal, Note };

    struct Row
    {
        RowKind kind = RowKind::Operation;
        QList<int> path;
        // What the check box asks about, when not `path`: a draft's
        // operation {index[, inner]} (MigrationDraft::operations()), or
        // {-1, n} for the n-th rename row.
        QList<int> togglePath;
        QString text;
        QString impact;  // "⚠ drops 2 values", "✖ will fail", empty
        QString toolTip; // SQL, problem, evidence, reason
        SchemaElementRef element;
        int line = 0;
        ElementChange change = ElementChange::Unchanged;
        bool renames = false;  // a rename (mark →)
        bool rebuilds = false; // a SQLite rebuild (mark ↻)
        bool failing = false;  // an impact says it will fail, or it does not apply
        bool checkable = false;
        bool checked = true;
        bool forced = false;   // left out because another operation is
        QList<Row> children;
    };

    explicit ChangeListModel(QObject *parent = nullptr);

    // The rows of a change (a revision, a planned run, an unreviewable
    // draft): no check boxes.
    static QList<Row> rowsOf(const SchemaChange &change);
    // The rows of a draft under review: the renames accepted (checked) and
    // proposed (unchecked), {-1, n} in that order, then every operation of
    // the draft with its check box, those left out too (struck through,
    // with the reason when another operation took them out). `change` is
    // the reviewed script's change: a kept operation's row is its row there
    // (path, line, element, impact).
    static QList<Row> rowsOfDraft(const SchemaChange &change, const MigrationDraft &draft,
                                  const QList<RenameProposal> &accepted, const QList<RenameProposal> &proposed);

    void setRows(QList<Row> rows);
    void clear() { setRows({}); }

    QModelIndex indexOfPath(const QList<int> &path) const;
    // The first operation row that touches `element`, given the paths that do.
    QModelIndex firstIndexOf(const QList<QList<int>> &paths) const;
    const Row *rowAt(const QModelIndex &index) const;
    int operationCount() const;

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // The user ticked or unticked a row's check box (its togglePath, else
    // its path).
    void checkToggled(const QList<int> &path, bool checked);

private:
    struct Node
    {
        Row row; // children moved out into nodes
        int parent = -1;
        int position = 0; // among its siblings
        QList<int> children;
    };
    void add(Row row, int parent);
    const Node *nodeOf(const QModelIndex &index) const;

    QList<Node> m_nodes;
    QList<int> m_top;
};

} // namespace pm

Q_DECLARE_METATYPE(pm::SchemaElementRef)
