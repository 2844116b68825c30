#pragma once

#include <memory>
#include <vector>

#include <QAbstractItemModel>
#include <QHash>
#include <QSet>

#include "ui/revisionrow.h"

namespace pm {

// The revision graph as a tree for the "Migration history" dock.
//
// One row per revision, newest first. The main line runs from the newest
// head down to its base at the top level; another branch hangs, newest
// first, under the revision it branches off (its branch point), so several
// heads read as they grew. A merge is one row, marked, listed on the line of
// its first parent. The state column says applied / current / pending and
// head / branch point / merge point, from the database's current heads.
class MigrationHistoryModel final : public QAbstractItemModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationHistoryModel)

public:
    enum Column { RevisionColumn, MessageColumn, DateColumn, BranchLabelsColumn, StateColumn, ColumnCount };
    enum Role {
        RevisionRole = Qt::UserRole + 1, // the full revision id
        PathRole,                        // the script file
        StateRole,                       // States as int
        DownRevisionsRole,               // QStringList
    };
    enum StateFlag {
        Applied = 0x01,
        Current = 0x02,
        Pending = 0x04,
        Head = 0x08,
        BranchPoint = 0x10,
        MergePoint = 0x20,
        Base = 0x40,
    };
    Q_DECLARE_FLAGS(States, StateFlag)
    Q_FLAG(States)

    explicit MigrationHistoryModel(QObject *parent = nullptr);
    ~MigrationHistoryModel() override;

    // Replaces the graph (a model reset). currentHeads are the database's
    // revisions from alembic_version.
    void setRevisions(const QList<RevisionRow> &rows, const QStringList &currentHeads);
    // Only the database moved: the state column changes, the tree does not.
    void setCurrentHeads(const QStringList &currentHeads);
    void clear();

    QStringList currentHeads() const { return m_current; }
    QStringList heads() const;
    int revisionCount() const { return int(m_rows.size()); }
    int pendingCount() const;
    // Current revisions the scripts do not know: the database is newer.
    QStringList unknownCurrentHeads() const;
    States states(const QString &revision) const;
    const RevisionRow *revision(const QString &revision) const;
    QModelIndex indexOf(const QString &revision, int column = RevisionColumn) const;
    static QString describe(States states);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    void build();
    void computeStates();

    QList<RevisionRow> m_rows;
    QHash<QString, int> m_byId;           // revision -> index in m_rows
    QHash<QString, QStringList> m_children; // revision -> revisions that name it as down revision
    QHash<QString, States> m_states;
    QStringList m_current;
    std::unique_ptr<Node> m_root;
    QHash<QString, Node *> m_nodes;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(MigrationHistoryModel::States)

} // namespace pm
