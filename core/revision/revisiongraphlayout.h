#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace pm {

// The revision graph laid out in lanes, the way git clients draw history
// (git log --graph, gitk): one row per revision, children above their
// parents, each edge a lane running down beside the rows between its ends.
//
// Row order. Revisions are emitted from the bases upward, depth first: when
// a revision is emitted, the revisions that become ready (all their down
// revisions and dependencies emitted) are stacked, the one with the longest
// way up to a head last, so the short side lines are emitted first and sit
// right above where they branch off, a branch stays in consecutive rows, and
// the longest line (first parents counted double, so a merge's first parent
// runs straight down under it) ends on top. The rows are that order read
// backwards: newest first. A depends_on edge counts as an edge here too, so
// a dependent revision is always drawn above what it depends on and right
// above it when nothing else is in the way. A second root whose line joins
// the rest (a child of it has another down revision or a dependency) is
// drawn right under that child, not at the bottom.
//
// Lanes. Going down the rows, the lanes waiting for a revision join into it
// at its row (it sits in the leftmost of them; a head, which none waits for,
// gets a new lane beside the lane waiting for one of its targets, or on the
// right); it then sends one lane per down revision (the
// first one keeps the revision's colour) and one dashed lane per dependency,
// inserted where it stands, so lanes to its right move over instead of
// being crossed. A new lane to a revision another lane already waits for is
// put on that lane's side, so the two later join without enclosing the
// others. Lines cross only where lanes join a revision around lanes passing
// by, as in a criss-cross merge; a forest (no merge, no depends_on) never
// crosses.
//
// Cost: linear. Ordering is two passes over revisions and edges; each row
// then touches its own edges and the lanes passing it. The work() counter
// counts those steps (revisions + edges + lanes passed), for tests; it is
// O(V + E + D) where D is what the drawing itself holds (a lane passing a
// row is drawn there), and D is a small multiple of V for real projects
// (the widest row of the 10,000-revision bench graph has 3 lanes). The own
// lanes of one revision are sorted, but they are its handful of
// down_revision and depends_on entries.
class RevisionGraphLayout final
{
public:
    // One revision: its id, its down revisions and its (resolved) depends_on
    // ids. Ids that name no node are ignored.
    struct Node
    {
        QString revision;
        QStringList parents;
        QStringList dependencies;
    };

    enum class EdgeKind : quint8 { Parent, Dependency };

    // A lane between two rows: the revision it runs down to, its colour
    // (an index; the painter picks the palette) and whether it is a
    // down_revision edge (solid) or a depends_on edge (dashed).
    struct Lane
    {
        int target = -1; // node index
        int color = 0;
        EdgeKind kind = EdgeKind::Parent;
        friend bool operator==(const Lane &, const Lane &) = default;
    };

    RevisionGraphLayout() = default;
    static RevisionGraphLayout compute(const QList<Node> &nodes);

    int rowCount() const { return int(m_rows.size()); }
    // node index (in the input) at a row, and back
    int nodeAt(int row) const { return m_rows.at(row).node; }
    int rowOf(int node) const { return m_rowOf.value(node, -1); }
    const QString &revisionAt(int row) const { return m_ids.at(m_rows.at(row).node); }
    // the lane (column) the revision sits in, and its colour
    int column(int row) const { return m_rows.at(row).column; }
    int color(int row) const { return m_rows.at(row).color; }
    // Lanes entering the row from above (what the row before left below) and
    // leaving it at the bottom, left to right. Above, the lanes whose target
    // is this row's revision end at it; below, its own lanes start at
    // column(row), the others moved over to make room.
    const QList<Lane> &lanesAbove(int row) const;
    const QList<Lane> &lanesBelow(int row) const { return m_rows.at(row).below; }
    // Lanes the revision sends down: its down revisions, then dependencies.
    int outgoingCount(int row) const { return m_rows.at(row).outgoing; }
    // the most lanes one row holds
    int width() const { return m_width; }
    qint64 work() const { return m_work; }

    // Where a lane passing a row (at `lane` above it) is at the row's
    // middle: in place, except beside a head that was put among the lanes
    // (`headWithLanes`: nothing ends at it, it sends lanes down), where the
    // lanes from its column on have already stepped aside, so that none runs
    // through its node.
    static int passingColumnAtMiddle(int lane, int column, bool headWithLanes)
    {
        return headWithLanes && lane >= column ? lane + 1 : lane;
    }

    // How many times two lines of the drawing cross, counted per half row
    // (above the revision's centre and below it). For tests and the bench.
    int crossings() const;
    // "m@0 [b ~x] -> [a ~x]": the row's revision and column, the targets of
    // the lanes above and below (~ for a dependency lane). For tests.
    QString describeRow(int row) const;

private:
    struct Row
    {
        int node = -1;
        int column = 0;
        int color = 0;
        int outgoing = 0;
        QList<Lane> below;
    };

    QStringList m_ids;
    QList<Row> m_rows;
    QList<int> m_rowOf;
    int m_width = 0;
    qint64 m_work = 0;
};

} // namespace pm
