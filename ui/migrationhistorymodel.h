#pragma once

#include <optional>

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

#include "revision/revisiongraphlayout.h"
#include "revision/revisionpath.h"
#include "runtime/revisionfacts.h"
#include "ui/revisionrow.h"

namespace pm {

// The revision graph for the "Migration history" dock: a flat list, newest
// first, one row per revision, in the order of RevisionGraphLayout (computed
// once per load), which HistoryGraphDelegate draws as lanes beside the id.
//
// Long linear runs (revisions with one parent and one child and nothing else
// to say) fold into one row, "37 revisions", which expandFold() opens; a
// revision the user or the database needs to see is never folded. The rows
// also carry what the graph marks: each revision's state from the
// database's current heads, the steps a run to the selected revision takes
// (setPath), body facts for badges (setFacts, filled in the background) and
// whether it matches the search.
class MigrationHistoryModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationHistoryModel)

public:
    enum Column { RevisionColumn, MessageColumn, DateColumn, BranchLabelsColumn, StateColumn, ColumnCount };
    enum Role {
        RevisionRole = Qt::UserRole + 1, // the full revision id ("" on a fold)
        PathRole,                        // the script file
        StateRole,                       // States as int (a fold: its revisions' state)
        DownRevisionsRole,               // QStringList
        FoldCountRole,                   // revisions a fold row holds; 0 on a revision
        LayoutRowRole,                   // the layout row (a fold: its first)
        RunStepRole,                     // 1-based step of the selected run; a fold: steps inside
        RunDirectionRole,                // RevisionPath::Direction as int, on the run's rows
        TagsRole,                        // QStringList: branch labels shown on the row
        BadgesRole,                      // QList<Badge>
        SearchMatchRole,                 // bool: matches the search (true with no search)
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

    // A mark on a row, with its words: never colour alone.
    struct Badge
    {
        enum class Kind { DataMigration, Irreversible, Rebuild, ParseError, ReadsDatabase };
        Kind kind;
        QString text;
        QString toolTip;
        friend bool operator==(const Badge &, const Badge &) = default;
    };

    explicit MigrationHistoryModel(QObject *parent = nullptr);
    ~MigrationHistoryModel() override;

    // Replaces the graph (a model reset; the layout is computed here).
    // currentHeads are the database's revisions from alembic_version.
    void setRevisions(const QList<RevisionRow> &rows, const QStringList &currentHeads);
    // Only the database moved: states change, the rows do not (a fold that
    // now holds a current revision opens).
    void setCurrentHeads(const QStringList &currentHeads);
    void clear();

    QStringList currentHeads() const { return m_current; }
    QStringList heads() const;
    int revisionCount() const { return int(m_rows.size()); }
    int pendingCount() const;
    // Current revisions the scripts do not know: the database is newer, or
    // was stamped with a revision that does not exist.
    QStringList unknownCurrentHeads() const;
    States states(const QString &revision) const;
    const RevisionRow *revision(const QString &revision) const;
    // The revision's row; invalid while it is folded (see reveal()).
    QModelIndex indexOf(const QString &revision, int column = RevisionColumn) const;
    static QString describe(States states);
    const RevisionGraphLayout &layout() const { return m_layout; }
    const RevisionRow &rowAtLayout(int layoutRow) const;

    // Folding. A run of at least `minimum` plain revisions folds, leaving
    // `keep` of them shown at each end.
    void setFolding(int minimum, int keep);
    bool isFold(const QModelIndex &index) const;
    // Opens the fold at `row`; its first revision takes the row.
    void expandFold(int row);
    void expandAll();
    // Folds every long run again (a reset), the revisions that must stay
    // visible aside.
    void foldAgain();
    // The revision's row, opening its fold first.
    QModelIndex reveal(const QString &revision);

    // The run a selected revision would start; an empty path clears it.
    void setPath(const RevisionPath &path);
    const RevisionPath &path() const { return m_path; }
    // Body facts as the background reader delivers them.
    void setFacts(const QList<RevisionFacts> &facts);
    const RevisionFacts *facts(const QString &revision) const;
    QList<Badge> badges(const QString &revision) const;

    // Every revision, newest first: the layout's order.
    QStringList revisionsInOrder() const;
    // Revisions whose id starts with `text`, or whose message or a label
    // contains it (case-insensitive), newest first.
    QStringList find(const QString &text) const;
    // Marks rows that match (the view dims the others); empty: no search.
    void setSearch(const QString &text);
    QString search() const { return m_search; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;

private:
    // A row of the list: `count` consecutive layout rows from `first`; one
    // for a revision, more for a fold.
    struct Entry
    {
        int first = 0;
        int count = 1;
    };

    void computeStates();
    void buildEntries();
    bool isPlain(int layoutRow) const;
    int entryOfLayoutRow(int layoutRow) const;
    int rowIndexAt(int layoutRow) const { return m_layout.nodeAt(layoutRow); }
    bool matches(const RevisionRow &row, const QString &text) const;
    void emitRowsChanged(const QList<int> &rows, int firstColumn, int lastColumn);

    QList<RevisionRow> m_rows;
    QHash<QString, int> m_byId;    // revision -> index in m_rows
    QList<int> m_children;         // per row: revisions naming it as down revision
    QList<int> m_dependents;       // per row: revisions naming it in depends_on
    QList<States> m_states;        // per row
    QStringList m_current;
    RevisionGraphLayout m_layout;
    QList<Entry> m_entries;
    QSet<QString> m_unfolded;      // revisions opened by the user, kept open across reloads
    int m_foldMinimum = 5;
    int m_foldKeep = 2;
    RevisionPath m_path;
    QHash<QString, int> m_runStep; // revision -> 1-based step of m_path
    QList<std::optional<RevisionFacts>> m_facts; // per row
    QString m_search;
};

Q_DECLARE_OPERATORS_FOR_FLAGS(MigrationHistoryModel::States)

} // namespace pm

Q_DECLARE_METATYPE(pm::MigrationHistoryModel::Badge)
