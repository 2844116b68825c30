#include <QRandomGenerator>
#include <QTest>

#include "revision/revisiongraphlayout.h"
#include "revision/revisionmap.h"

using namespace Qt::StringLiterals;
using pm::RevisionGraphLayout;
using pm::RevisionInput;
using pm::RevisionMap;

namespace {

// "a; b:a; m:b,c ~x [label]": revisions in map order, each with its down
// revisions after ':', its depends_on after '~' and its branch labels in
// brackets.
QList<RevisionInput> parseGraph(const QString &spec)
{
    QList<RevisionInput> inputs;
    for (QString entry : spec.split(u';', Qt::SkipEmptyParts)) {
        entry = entry.trimmed();
        RevisionInput in;
        if (const qsizetype open = entry.indexOf(u'['); open >= 0) {
            in.branchLabels = entry.mid(open + 1, entry.indexOf(u']') - open - 1).split(u',', Qt::SkipEmptyParts);
            entry = entry.left(open).trimmed();
        }
        if (const qsizetype tilde = entry.indexOf(u'~'); tilde >= 0) {
            in.dependsOn = entry.mid(tilde + 1).trimmed().split(u',', Qt::SkipEmptyParts);
            entry = entry.left(tilde).trimmed();
        }
        const QStringList idAndDown = entry.split(u':');
        in.revision = idAndDown.at(0).trimmed();
        if (idAndDown.size() > 1)
            in.downRevisions = idAndDown.at(1).trimmed().split(u',', Qt::SkipEmptyParts);
        in.path = u"versions/"_s + in.revision + u".py"_s;
        inputs << in;
    }
    return inputs;
}

// The graph as the window gives it to the layout: through RevisionMap, so a
// depends_on naming a branch label is resolved to the revision declaring it.
QList<RevisionGraphLayout::Node> nodesOf(const RevisionMap &map)
{
    QList<RevisionGraphLayout::Node> nodes;
    for (const pm::Revision &r : map.revisions())
        nodes << RevisionGraphLayout::Node{r.revision(), r.downRevisions(), r.resolvedDependencies()};
    return nodes;
}

QStringList describe(const RevisionGraphLayout &layout)
{
    QStringList rows;
    for (int r = 0; r < layout.rowCount(); ++r)
        rows << layout.describeRow(r);
    return rows;
}

// What holds for any layout: children above parents, every edge a lane
// from its child's row to its parent's row, nothing left below the last row.
void checkInvariants(const QList<RevisionGraphLayout::Node> &nodes, const RevisionGraphLayout &layout)
{
    QHash<QString, int> index;
    for (int i = 0; i < nodes.size(); ++i)
        index.insert(nodes.at(i).revision, i);
    QCOMPARE(layout.rowCount(), nodes.size());
    QList<int> incoming(nodes.size(), 0);
    for (int i = 0; i < nodes.size(); ++i) {
        QSet<int> targets;
        for (const QString &p : nodes.at(i).parents)
            targets.insert(index.value(p));
        for (const QString &d : nodes.at(i).dependencies)
            targets.insert(index.value(d));
        for (int t : std::as_const(targets)) {
            QVERIFY2(layout.rowOf(i) < layout.rowOf(t), qPrintable(nodes.at(i).revision + u" below its parent"_s));
            ++incoming[t];
        }
        QCOMPARE(layout.outgoingCount(layout.rowOf(i)), int(targets.size()));
    }
    for (int r = 0; r < layout.rowCount(); ++r) {
        const int node = layout.nodeAt(r);
        QCOMPARE(layout.rowOf(node), r);
        const auto &above = layout.lanesAbove(r);
        const auto ending = std::count_if(above.cbegin(), above.cend(),
                                          [node](const RevisionGraphLayout::Lane &l) { return l.target == node; });
        QCOMPARE(int(ending), incoming.at(node));
        // No lane passing by runs through the revision's node.
        const bool headWithLanes = ending == 0 && layout.outgoingCount(r) > 0;
        for (qsizetype i = 0; i < above.size(); ++i) {
            if (above.at(i).target != node)
                QVERIFY2(RevisionGraphLayout::passingColumnAtMiddle(int(i), layout.column(r), headWithLanes)
                             != layout.column(r),
                         qPrintable(layout.describeRow(r)));
        }
        // A lane never waits for a revision drawn above it.
        for (const RevisionGraphLayout::Lane &lane : layout.lanesBelow(r))
            QVERIFY(layout.rowOf(lane.target) > r);
        QVERIFY(layout.column(r) <= int(layout.lanesBelow(r).size()));
        QVERIFY(int(layout.lanesBelow(r).size()) <= layout.width());
    }
    QVERIFY(layout.rowCount() == 0 || layout.lanesBelow(layout.rowCount() - 1).isEmpty());
}

// The bench generator's shape (tests/bench/gen_project.py graph N): a main
// line that every 40 revisions forks into three branches of four and merges
// them back, and every 500 a labelled one-revision root depending on it.
QList<RevisionGraphLayout::Node> benchGraph(int n)
{
    QList<RevisionGraphLayout::Node> nodes;
    const auto add = [&nodes](QStringList parents, QStringList dependencies = {}) {
        nodes << RevisionGraphLayout::Node{u"r%1"_s.arg(nodes.size() + 1), std::move(parents), std::move(dependencies)};
        return nodes.last().revision;
    };
    QString head;
    while (nodes.size() < n) {
        const int made = int(nodes.size());
        const QStringList headList = head.isEmpty() ? QStringList() : QStringList{head};
        if (made % 40 == 20 && n - made > 20) {
            QStringList tips;
            for (int b = 0; b < 3; ++b) {
                QStringList tip = headList;
                for (int k = 0; k < 4; ++k)
                    tip = {add(tip)};
                tips << tip;
            }
            head = add(tips);
        } else if (made % 500 == 250 && n - made > 2) {
            add({}, headList);
        } else {
            head = add(headList);
        }
    }
    return nodes;
}

qint64 edgeCount(const QList<RevisionGraphLayout::Node> &nodes)
{
    qint64 edges = 0;
    for (const auto &node : nodes)
        edges += node.parents.size() + node.dependencies.size();
    return edges;
}

} // namespace

class TestRevisionGraphLayout final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lanes_data();
    void lanes();
    void forestsNeverCross_data();
    void forestsNeverCross();
    void anyGraphKeepsItsEdges_data();
    void anyGraphKeepsItsEdges();
    void workGrowsLinearly();
    void benchGraphIsNarrowAndUncrossed();
};

void TestRevisionGraphLayout::lanes_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QStringList>("rows");
    QTest::addColumn<int>("crossings");

    QTest::newRow("empty") << QString() << QStringList() << 0;
    QTest::newRow("linear") << u"a; b:a; c:b"_s
                            << QStringList{u"c@0 [] -> [b]"_s, u"b@0 [b] -> [a]"_s, u"a@0 [a] -> []"_s} << 0;
    // Two heads off b: the longer line on top in lane 0, the short one
    // right above the branch point in a lane of its own, joining at b.
    QTest::newRow("fork")
        << u"a; b:a; c:b; x:b; y:x"_s
        << QStringList{u"y@0 [] -> [x]"_s, u"x@0 [x] -> [b]"_s, u"c@1 [b] -> [b b]"_s, u"b@0 [b b] -> [a]"_s,
                       u"a@0 [a] -> []"_s}
        << 0;
    // The merge's first parent runs straight down under it; the second
    // comes next in lane 1.
    QTest::newRow("merge")
        << u"a; b:a; c:a; m:b,c"_s
        << QStringList{u"m@0 [] -> [b c]"_s, u"b@0 [b c] -> [a c]"_s, u"c@1 [a c] -> [a a]"_s,
                       u"a@0 [a a] -> []"_s}
        << 0;
    // m2 sends its lanes in the order of the lanes already waiting for x1
    // and x2; x1 is then reached by two lanes around x2's: the one crossing
    // a criss-cross cannot avoid.
    QTest::newRow("criss-cross")
        << u"o; x1:o; x2:o; m1:x1,x2; m2:x2,x1"_s
        << QStringList{u"m1@0 [] -> [x1 x2]"_s, u"m2@2 [x1 x2] -> [x1 x2 x1 x2]"_s,
                       u"x1@0 [x1 x2 x1 x2] -> [o x2 x2]"_s, u"x2@1 [o x2 x2] -> [o o]"_s, u"o@0 [o o] -> []"_s}
        << 1;
    // Independent roots: one tree after the other, lane 0 reused.
    QTest::newRow("several bases")
        << u"a; b:a; z; w:z"_s
        << QStringList{u"b@0 [] -> [a]"_s, u"a@0 [a] -> []"_s, u"w@0 [] -> [z]"_s, u"z@0 [z] -> []"_s} << 0;
    // p2 depends on a2 on the other line: its dashed lane goes on the side
    // of a2's own lane, so both join a2 without enclosing p's; the root p
    // comes right under p2.
    QTest::newRow("depends_on across branches")
        << u"a; a2:a; a3:a2; p; p2:p ~a2"_s
        << QStringList{u"a3@0 [] -> [a2]"_s, u"p2@1 [a2] -> [a2 ~a2 p]"_s, u"p@2 [a2 ~a2 p] -> [a2 ~a2]"_s,
                       u"a2@0 [a2 ~a2] -> [a]"_s, u"a@0 [a] -> []"_s}
        << 0;
    // q depends on the branch label "pets" (spread over p, p2, p3): the
    // label means the revision that declares it, p. The pets root is pulled
    // up under q, its dependent; q's dashed lane sits beside the pets lane
    // waiting for p, and joins it there.
    QTest::newRow("depends_on a spreading label")
        << u"a; a2:a; p [pets]; p2:p; p3:p2; q:a2 ~pets"_s
        << QStringList{u"p3@0 [] -> [p2]"_s, u"p2@0 [p2] -> [p]"_s, u"q@1 [p] -> [p ~p a2]"_s,
                       u"p@0 [p ~p a2] -> [a2]"_s, u"a2@0 [a2] -> [a]"_s, u"a@0 [a] -> []"_s}
        << 0;
    // A second root whose head depends on the main line, while a branch of
    // the main line waits to be merged: the root comes right under its head,
    // the head beside the lane its dependency waits in (the window's demo).
    QTest::newRow("root pulled up by its dependent")
        << u"a; b:a; t:b; w:b; m:w,t; r [audit]; h:r ~w"_s
        << QStringList{u"m@0 [] -> [w t]"_s, u"h@1 [w t] -> [w ~w r t]"_s, u"r@2 [w ~w r t] -> [w ~w t]"_s,
                       u"w@0 [w ~w t] -> [b t]"_s, u"t@1 [b t] -> [b b]"_s, u"b@0 [b b] -> [a]"_s,
                       u"a@0 [a] -> []"_s}
        << 0;
    // A dependent root right above what it depends on (the bench's side roots).
    QTest::newRow("a dependent root")
        << u"a; b:a; c:b; s ~b"_s
        << QStringList{u"c@0 [] -> [b]"_s, u"s@1 [b] -> [b ~b]"_s, u"b@0 [b ~b] -> [a]"_s, u"a@0 [a] -> []"_s}
        << 0;
    // Three branches of a fork merged at once: each waits in its own lane
    // and all join the fork point side by side.
    QTest::newRow("three-way merge")
        << u"h; a1:h; a2:a1; b1:h; b2:b1; c1:h; m:a2,b2,c1"_s
        << QStringList{u"m@0 [] -> [a2 b2 c1]"_s, u"a2@0 [a2 b2 c1] -> [a1 b2 c1]"_s,
                       u"a1@0 [a1 b2 c1] -> [h b2 c1]"_s, u"b2@1 [h b2 c1] -> [h b1 c1]"_s,
                       u"b1@1 [h b1 c1] -> [h h c1]"_s, u"c1@2 [h h c1] -> [h h h]"_s, u"h@0 [h h h] -> []"_s}
        << 0;
}

void TestRevisionGraphLayout::lanes()
{
    QFETCH(QString, graph);
    QFETCH(QStringList, rows);
    QFETCH(int, crossings);
    const auto map = RevisionMap::build(parseGraph(graph));
    QVERIFY2(map, qPrintable(map ? QString() : map.error().message));
    const QList<RevisionGraphLayout::Node> nodes = nodesOf(*map);
    const RevisionGraphLayout layout = RevisionGraphLayout::compute(nodes);
    QCOMPARE(describe(layout), rows);
    QCOMPARE(layout.crossings(), crossings);
    checkInvariants(nodes, layout);
}

void TestRevisionGraphLayout::forestsNeverCross_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 40; ++seed)
        QTest::addRow("forest %u", seed) << seed;
}

void TestRevisionGraphLayout::forestsNeverCross()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    QList<RevisionGraphLayout::Node> nodes;
    const int n = 20 + int(random.bounded(200));
    for (int i = 0; i < n; ++i) {
        QStringList parents;
        // mostly a line, sometimes a branch off anything older, sometimes a new root
        const quint32 roll = random.bounded(10);
        if (i > 0 && roll < 7)
            parents << nodes.last().revision;
        else if (i > 0 && roll < 9)
            parents << nodes.at(int(random.bounded(i))).revision;
        nodes << RevisionGraphLayout::Node{u"n%1"_s.arg(i), parents, {}};
    }
    // Map order shuffled: the layout must not lean on input order.
    for (int i = n - 1; i > 0; --i)
        nodes.swapItemsAt(i, int(random.bounded(i + 1)));
    const RevisionGraphLayout layout = RevisionGraphLayout::compute(nodes);
    checkInvariants(nodes, layout);
    QCOMPARE(layout.crossings(), 0);
}

void TestRevisionGraphLayout::anyGraphKeepsItsEdges_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 40; ++seed)
        QTest::addRow("dag %u", seed) << seed;
}

void TestRevisionGraphLayout::anyGraphKeepsItsEdges()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    QList<RevisionGraphLayout::Node> nodes;
    const int n = 10 + int(random.bounded(150));
    for (int i = 0; i < n; ++i) {
        QStringList parents;
        QStringList dependencies;
        if (i > 0 && random.bounded(8) != 0)
            parents << nodes.at(i - 1 - int(random.bounded(std::min(i, 4)))).revision;
        if (i > 1 && random.bounded(5) == 0) {
            const QString other = nodes.at(int(random.bounded(i))).revision;
            if (!parents.contains(other))
                parents << other; // a merge
        }
        if (i > 1 && random.bounded(7) == 0)
            dependencies << nodes.at(int(random.bounded(i))).revision;
        nodes << RevisionGraphLayout::Node{u"n%1"_s.arg(i), parents, dependencies};
    }
    for (int i = n - 1; i > 0; --i)
        nodes.swapItemsAt(i, int(random.bounded(i + 1)));
    checkInvariants(nodes, RevisionGraphLayout::compute(nodes));
}

void TestRevisionGraphLayout::workGrowsLinearly()
{
    // Work per revision and edge stays flat from 1,000 to 16,000 revisions.
    QList<double> perItem;
    for (int n = 1000; n <= 16000; n *= 2) {
        const QList<RevisionGraphLayout::Node> nodes = benchGraph(n);
        const RevisionGraphLayout layout = RevisionGraphLayout::compute(nodes);
        QCOMPARE(layout.rowCount(), n);
        perItem << double(layout.work()) / double(n + edgeCount(nodes));
    }
    const auto [least, most] = std::minmax_element(perItem.cbegin(), perItem.cend());
    QVERIFY2(*most <= *least * 1.1, qPrintable(u"work per item: %1 .. %2"_s.arg(*least).arg(*most)));
}

void TestRevisionGraphLayout::benchGraphIsNarrowAndUncrossed()
{
    const QList<RevisionGraphLayout::Node> nodes = benchGraph(10000);
    const RevisionGraphLayout layout = RevisionGraphLayout::compute(nodes);
    checkInvariants(nodes, layout);
    // Three merged branches side by side; a dependent root (one lane beside
    // the main line) never meets them.
    QCOMPARE(layout.width(), 3);
    QCOMPARE(layout.crossings(), 0);
}

QTEST_GUILESS_MAIN(TestRevisionGraphLayout)
#include "tst_revisiongraphlayout.moc"
