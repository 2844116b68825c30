#include "revision/revisiongraphlayout.h"

#include <algorithm>

#include <QHash>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// An edge as the ordering walks it.
struct Edge
{
    int to = -1;
    RevisionGraphLayout::EdgeKind kind = RevisionGraphLayout::EdgeKind::Parent;
    bool firstParent = false;
};

// Compressed adjacency: the edges of node i are edges[start[i] .. start[i+1]).
struct Adjacency
{
    QList<int> start;
    QList<Edge> edges;
};

} // namespace

RevisionGraphLayout RevisionGraphLayout::compute(const QList<Node> &nodes)
{
    RevisionGraphLayout layout;
    const int n = int(nodes.size());
    qint64 work = 0;
    layout.m_ids.reserve(n);
    QHash<QString, int> index;
    index.reserve(n);
    for (int i = 0; i < n; ++i) {
        layout.m_ids << nodes.at(i).revision;
        index.insert(nodes.at(i).revision, i); // a repeated id: the last one wins, as in Alembic
    }

    // Down edges (to parents, then dependencies), each target once per node.
    Adjacency down;
    down.start.reserve(n + 1);
    QList<int> seenBy(n, -1);
    for (int i = 0; i < n; ++i) {
        down.start << int(down.edges.size());
        const auto add = [&](const QString &id, EdgeKind kind) {
            ++work;
            const int target = index.value(id, -1);
            if (target < 0 || target == i || seenBy.at(target) == i)
                return;
            seenBy[target] = i;
            const bool first = kind == EdgeKind::Parent && down.edges.size() == down.start.last();
            down.edges << Edge{target, kind, first};
        };
        for (const QString &parent : nodes.at(i).parents)
            add(parent, EdgeKind::Parent);
        for (const QString &dependency : nodes.at(i).dependencies)
            add(dependency, EdgeKind::Dependency);
    }
    down.start << int(down.edges.size());

    // Up edges (to children and dependents), in node order.
    Adjacency up;
    up.start.fill(0, n + 1);
    for (const Edge &e : std::as_const(down.edges))
        ++up.start[e.to + 1];
    for (int i = 0; i < n; ++i)
        up.start[i + 1] += up.start[i];
    up.edges.resize(down.edges.size());
    {
        QList<int> fill = up.start;
        for (int i = 0; i < n; ++i) {
            for (int k = down.start.at(i); k < down.start.at(i + 1); ++k) {
                const Edge &e = down.edges.at(k);
                up.edges[fill[e.to]++] = Edge{i, e.kind, e.firstParent};
                ++work;
            }
        }
    }

    // score: the longest way up to a head, a first-parent step counting two.
    // Heads first, then each node once all its children are scored.
    QList<int> score(n, 0);
    {
        QList<int> waiting(n, 0);
        QList<int> queue;
        queue.reserve(n);
        for (int i = 0; i < n; ++i) {
            waiting[i] = up.start.at(i + 1) - up.start.at(i);
            if (waiting.at(i) == 0)
                queue << i;
        }
        for (qsizetype q = 0; q < queue.size(); ++q) {
            const int node = queue.at(q);
            for (int k = down.start.at(node); k < down.start.at(node + 1); ++k) {
                const Edge &e = down.edges.at(k);
                score[e.to] = std::max(score.at(e.to), score.at(node) + (e.firstParent ? 2 : 1));
                if (--waiting[e.to] == 0)
                    queue << e.to;
                ++work;
            }
        }
    }

    // Emission from the bases up, depth first. Ready nodes are stacked with
    // the best-scored one at the bottom of their group: popped last.
    //
    // A root (other than the best-scored one) whose children also wait for
    // something else — another down revision, a dependency — is pulled:
    // emitted only once one of those children waits for nothing but roots,
    // so it sits right under that child instead of at the bottom of the
    // graph with a lane all the way up.
    QList<int> order;
    order.reserve(n);
    {
        QList<int> missing(n, 0);
        QList<int> missingRoots(n, 0); // pulled roots a node still waits for
        QList<bool> pulled(n, false);
        QList<bool> emitted(n, false);
        QList<int> roots;
        QList<int> stack;
        QList<int> ready;
        QList<int> pulling;
        const auto pushReady = [&] {
            if (ready.isEmpty())
                return;
            qsizetype best = 0;
            for (qsizetype k = 1; k < ready.size(); ++k) {
                if (score.at(ready.at(k)) > score.at(ready.at(best)))
                    best = k;
            }
            stack << ready.at(best);
            for (qsizetype k = 0; k < ready.size(); ++k) {
                if (k != best)
                    stack << ready.at(k);
            }
            work += ready.size();
            ready.clear();
        };
        const auto place = [&](int node) {
            emitted[node] = true;
            order << node;
            for (int k = up.start.at(node); k < up.start.at(node + 1); ++k) {
                const int child = up.edges.at(k).to;
                --missing[child];
                if (pulled.at(node))
                    --missingRoots[child];
                if (missing.at(child) == 0)
                    ready << child;
                else if (missing.at(child) == missingRoots.at(child))
                    pulling << child;
                ++work;
            }
        };
        for (int i = 0; i < n; ++i) {
            missing[i] = down.start.at(i + 1) - down.start.at(i);
            if (missing.at(i) == 0)
                roots << i;
        }
        int bestRoot = -1;
        for (int root : std::as_const(roots)) {
            if (bestRoot < 0 || score.at(root) > score.at(bestRoot))
                bestRoot = root;
        }
        for (int root : std::as_const(roots)) {
            for (int k = up.start.at(root); root != bestRoot && k < up.start.at(root + 1); ++k) {
                const int child = up.edges.at(k).to;
                pulled[root] = pulled.at(root) || down.start.at(child + 1) - down.start.at(child) > 1;
                ++work;
            }
            if (pulled.at(root)) {
                for (int k = up.start.at(root); k < up.start.at(root + 1); ++k)
                    ++missingRoots[up.edges.at(k).to];
            } else {
                ready << root;
            }
        }
        pushReady();
        qsizetype nextRoot = 0; // a pulled root no child pulled comes in order
        int next = 0;           // where to look for a node left over by a cycle
        while (order.size() < n) {
            if (stack.isEmpty()) {
                while (nextRoot < roots.size() && emitted.at(roots.at(nextRoot)))
                    ++nextRoot;
                if (nextRoot < roots.size()) {
                    stack << roots.at(nextRoot);
                } else {
                    // Only a cycle gets here (RevisionMap refuses those):
                    // show what is left anyway, in input order.
                    while (emitted.at(next))
                        ++next;
                    stack << next;
                }
            }
            const int node = stack.takeLast();
            if (emitted.at(node))
                continue;
            place(node);
            // Children now waiting for pulled roots only: the roots come now.
            while (!pulling.isEmpty()) {
                const int child = pulling.takeLast();
                for (int k = down.start.at(child); k < down.start.at(child + 1); ++k) {
                    const int root = down.edges.at(k).to;
                    if (pulled.at(root) && !emitted.at(root))
                        place(root);
                    ++work;
                }
            }
            pushReady();
        }
    }

    // Rows: newest first.
    layout.m_rows.resize(n);
    layout.m_rowOf.fill(-1, n);
    for (int r = 0; r < n; ++r) {
        layout.m_rows[r].node = order.at(n - 1 - r);
        layout.m_rowOf[order.at(n - 1 - r)] = r;
    }

    // Lanes, row by row.
    QList<Lane> lanes;
    int nextColor = 0;
    // Where a lane passing this row waits for a revision (its first one).
    QList<int> waitingAt(n, -1);
    QList<int> waitingRow(n, -1);
    for (int r = 0; r < n; ++r) {
        Row &row = layout.m_rows[r];
        const int node = row.node;
        int column = -1;
        QList<Lane> below;
        below.reserve(lanes.size() + down.start.at(node + 1) - down.start.at(node));
        for (qsizetype i = 0; i < lanes.size(); ++i) {
            ++work;
            const Lane &lane = lanes.at(i);
            if (lane.target == node) {
                if (column < 0) {
                    column = int(below.size());
                    row.color = lane.color;
                }
                continue; // ends here
            }
            if (waitingRow.at(lane.target) != r) {
                waitingRow[lane.target] = r;
                waitingAt[lane.target] = int(below.size());
            }
            below << lane;
        }
        if (column < 0) {
            // A head: right of the lane already waiting for one of its
            // targets (so they join side by side), else at the right end.
            column = int(below.size());
            int waited = -1;
            for (int k = down.start.at(node); k < down.start.at(node + 1); ++k) {
                const int target = down.edges.at(k).to;
                if (waitingRow.at(target) == r)
                    waited = std::max(waited, waitingAt.at(target));
            }
            if (waited >= 0)
                column = waited + 1;
            row.color = nextColor++;
        }
        row.column = column;
        // The revision's own lanes: one whose target another lane already
        // waits for goes on that lane's side (in the order of those lanes),
        // so the two join without enclosing the others; the rest keep their
        // declared order in the middle.
        struct Own
        {
            Lane lane;
            int waiting; // -1: no other lane waits for the target
        };
        QList<Own> left;
        QList<Own> middle;
        QList<Own> right;
        for (int k = down.start.at(node); k < down.start.at(node + 1); ++k) {
            const Edge &e = down.edges.at(k);
            const bool first = k == down.start.at(node);
            const Lane lane{e.to, first ? row.color : nextColor++, e.kind};
            const int waiting = waitingRow.at(e.to) == r ? waitingAt.at(e.to) : -1;
            (waiting < 0 ? middle : waiting < column ? left : right) << Own{lane, waiting};
            ++work;
        }
        const auto byWaiting = [](const Own &a, const Own &b) { return a.waiting < b.waiting; };
        std::stable_sort(left.begin(), left.end(), byWaiting); // a handful at most: the script's own edges
        std::stable_sort(right.begin(), right.end(), byWaiting);
        QList<Lane> own;
        for (const QList<Own> *group : {&left, &middle, &right}) {
            for (const Own &o : *group)
                own << o.lane;
        }
        row.outgoing = int(own.size());
        below.insert(column, own.size(), Lane{});
        for (qsizetype k = 0; k < own.size(); ++k)
            below[column + k] = own.at(k);
        layout.m_width = std::max({layout.m_width, int(lanes.size()), int(below.size()), column + 1});
        row.below = below;
        lanes = std::move(below);
    }
    layout.m_work = work;
    return layout;
}

const QList<RevisionGraphLayout::Lane> &RevisionGraphLayout::lanesAbove(int row) const
{
    static const QList<Lane> none;
    return row <= 0 ? none : m_rows.at(row - 1).below;
}

int RevisionGraphLayout::crossings() const
{
    // Two segments of one half row cross when their ends are in opposite
    // order at the top and at the bottom of that half.
    struct Segment
    {
        int top;
        int bottom;
    };
    const auto count = [](const QList<Segment> &segments) {
        int crossings = 0;
        for (qsizetype a = 0; a < segments.size(); ++a) {
            for (qsizetype b = a + 1; b < segments.size(); ++b) {
                const int dt = segments.at(a).top - segments.at(b).top;
                const int db = segments.at(a).bottom - segments.at(b).bottom;
                crossings += (dt < 0 && db > 0) || (dt > 0 && db < 0) ? 1 : 0;
            }
        }
        return crossings;
    };
    int total = 0;
    for (int r = 0; r < rowCount(); ++r) {
        const Row &row = m_rows.at(r);
        const QList<Lane> &above = lanesAbove(r);
        // Upper half: lanes ending here run to the revision; the others go
        // straight down to the middle. Lower half: lanes passing by move
        // from where they were to where they are below; the revision's own
        // lanes leave its centre.
        QList<Segment> upper;
        QList<Segment> lower;
        const bool head = std::none_of(above.begin(), above.end(),
                                       [&row](const Lane &lane) { return lane.target == row.node; });
        int passed = 0;
        for (qsizetype i = 0; i < above.size(); ++i) {
            if (above.at(i).target == row.node) {
                upper << Segment{int(i), row.column};
                continue;
            }
            const int middle = passingColumnAtMiddle(int(i), row.column, head && row.outgoing > 0);
            upper << Segment{int(i), middle};
            const int after = passed < row.column ? passed : passed + row.outgoing;
            lower << Segment{middle, after};
            ++passed;
        }
        for (int k = 0; k < row.outgoing; ++k)
            lower << Segment{row.column, row.column + k};
        total += count(upper) + count(lower);
    }
    return total;
}

QString RevisionGraphLayout::describeRow(int row) const
{
    const auto lanes = [this](const QList<Lane> &list) -> QString {
        QStringList parts;
        for (const Lane &lane : list)
            parts << (lane.kind == EdgeKind::Dependency ? u"~"_s : QString()) + m_ids.at(lane.target);
        return u'[' + parts.join(u' ') + u']';
    };
    return u"%1@%2 %3 -> %4"_s.arg(revisionAt(row)).arg(column(row)).arg(lanes(lanesAbove(row)),
                                                                         lanes(lanesBelow(row)));
}

} // namespace pm
