#include <QRandomGenerator>
#include <QTest>

#include "fixturegraph.h"
#include "revision/revisionmap.h"

using namespace Qt::StringLiterals;
using pm::RevisionMap;
using pm::RevisionSpec;

class tst_RevisionMap : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void graphShape();
    void branchLabelsSpread();
    void getRevisions_data();
    void getRevisions();
    void buildErrors_data();
    void buildErrors();
    void iterateOrder_data();
    void iterateOrder();
    void inputOrderDecidesTies_data();
    void inputOrderDecidesTies();
    void emptyMap();
    void generations();
    void ancestorFlagsCutAtGeneration_data();
    void ancestorFlagsCutAtGeneration();

private:
    QString resolve(const RevisionSpec &spec) const;
    RevisionMap m_map;
};

void tst_RevisionMap::initTestCase()
{
    auto map = RevisionMap::build(FixtureGraph::inputs());
    QVERIFY2(map.has_value(), map ? "" : qPrintable(map.error().message));
    m_map = *map;
}

void tst_RevisionMap::graphShape()
{
    QCOMPARE(m_map.heads(), (QStringList{u"dddd0005"_s, u"ffff0007"_s}));
    QCOMPARE(m_map.realHeads(), (QStringList{u"dddd0005"_s, u"ffff0007"_s}));
    QCOMPARE(m_map.bases(), (QStringList{u"aaaa0001"_s, u"eeee0006"_s}));
    QCOMPARE(m_map.realBases(), (QStringList{u"aaaa0001"_s, u"eeee0006"_s}));
    const pm::Revision &b = m_map.at(m_map.indexOf(u"bbbb0002"_s));
    QVERIFY(b.isBranchPoint());
    QCOMPARE(b.nextRevisions(), (QStringList{u"cc110003"_s, u"cc220004"_s}));
    const pm::Revision &c2 = m_map.at(m_map.indexOf(u"cc220004"_s));
    QVERIFY(!c2.isBranchPoint());
    QVERIFY(c2.isRealBranchPoint()); // ffff0007 depends on it
    const pm::Revision &f = m_map.at(m_map.indexOf(u"ffff0007"_s));
    QCOMPARE(f.normalizedDownRevisions(), (QStringList{u"eeee0006"_s, u"cc220004"_s}));
    QVERIFY(m_map.at(m_map.indexOf(u"dddd0005"_s)).isMergePoint());
}

void tst_RevisionMap::branchLabelsSpread()
{
    // Alembic spreads a label to descendants and down to the branch point
    QCOMPARE(m_map.at(m_map.indexOf(u"dddd0005"_s)).branchLabels(), QStringList{u"feat"_s});
    QVERIFY(m_map.at(m_map.indexOf(u"bbbb0002"_s)).branchLabels().isEmpty());
    QCOMPARE(m_map.at(m_map.indexOf(u"ffff0007"_s)).branchLabels(), QStringList{u"extra"_s});
}

QString tst_RevisionMap::resolve(const RevisionSpec &spec) const
{
    const auto revs = m_map.getRevisions(spec);
    if (!revs)
        return u"ERROR "_s + revs.error().message;
    return m_map.ids(*revs).join(u',');
}

void tst_RevisionMap::getRevisions_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("expected");
    QTest::newRow("heads") << u"heads"_s << u"dddd0005,ffff0007"_s;
    QTest::newRow("head is ambiguous") << u"head"_s
                                       << u"ERROR Multiple heads are present for given argument 'head'; dddd0005, ffff0007"_s;
    QTest::newRow("base") << u"base"_s << QString();
    QTest::newRow("partial ambiguous") << u"cc"_s << u"ERROR Multiple revisions start with 'cc': 'cc110003', 'cc220004'..."_s;
    QTest::newRow("partial 4") << u"cc11"_s << u"cc110003"_s;
    QTest::newRow("partial 3 unique") << u"cc1"_s << u"cc110003"_s;
    QTest::newRow("unknown") << u"zzzz"_s << u"ERROR No such revision or branch 'zzzz'"_s;
    QTest::newRow("short unknown") << u"zz"_s
                                   << u"ERROR No such revision or branch 'zz'; please ensure at least four characters are present for partial revision identifier matches"_s;
    QTest::newRow("label@head") << u"feat@head"_s << u"dddd0005"_s;
    QTest::newRow("other label@head") << u"extra@head"_s << u"ffff0007"_s;
    QTest::newRow("label@heads") << u"feat@heads"_s << u"dddd0005"_s;
    QTest::newRow("not on branch") << u"extra@bbbb0002"_s << u"ERROR Revision bbbb0002 is not a member of branch 'extra'"_s;
    QTest::newRow("no such branch") << u"nope@head"_s << u"ERROR No such revision or branch 'nope'"_s;
    QTest::newRow("-1 from two heads") << u"-1"_s << u"ERROR Ambiguous walk"_s;
    QTest::newRow("label@-1") << u"extra@-1"_s << u"eeee0006"_s;
    QTest::newRow("label") << u"feat"_s << u"cc110003"_s;
}

void tst_RevisionMap::getRevisions()
{
    QFETCH(QString, identifier);
    QFETCH(QString, expected);
    QCOMPARE(resolve(RevisionSpec(identifier)), expected);
}

void tst_RevisionMap::buildErrors_data()
{
    QTest::addColumn<QList<pm::RevisionInput>>("inputs");
    QTest::addColumn<QString>("message");
    auto rev = [](const QString &id, QStringList down, QStringList deps = {}, QStringList labels = {}) {
        pm::RevisionInput in;
        in.revision = id;
        in.downRevisions = std::move(down);
        in.dependsOn = std::move(deps);
        in.branchLabels = std::move(labels);
        return in;
    };
    QTest::newRow("self-loop") << QList{rev(u"a1"_s, {u"a1"_s})} << u"Self-loop is detected in revisions (a1)"_s;
    QTest::newRow("dependency self-loop") << QList{rev(u"a1"_s, {}, {u"a1"_s})}
                                          << u"Dependency self-loop is detected in revisions (a1)"_s;
    QTest::newRow("cycle") << QList{rev(u"a1"_s, {u"b2"_s}), rev(u"b2"_s, {u"a1"_s})}
                           << u"Cycle is detected in revisions (a1, b2)"_s;
    QTest::newRow("partial cycle") << QList{rev(u"r0"_s, {}), rev(u"a1"_s, {u"r0"_s, u"b2"_s}), rev(u"b2"_s, {u"a1"_s}),
                                            rev(u"c3"_s, {u"r0"_s})}
                                   << u"Cycle is detected in revisions (a1, b2)"_s;
    QTest::newRow("dependency cycle") << QList{rev(u"a1"_s, {}, {u"b2"_s}), rev(u"b2"_s, {}, {u"a1"_s})}
                                      << u"Dependency cycle is detected in revisions (a1, b2)"_s;
    // Cycles every revision of which a head and a base reach: Alembic 1.8.1's
    // check misses them; a correct Alembic refuses them like any other.
    QTest::newRow("cycle above a merge")
        << QList{rev(u"r0"_s, {}), rev(u"a1"_s, {u"r0"_s, u"c3"_s}), rev(u"b2"_s, {u"a1"_s}), rev(u"c3"_s, {u"b2"_s}),
                 rev(u"d4"_s, {u"c3"_s})}
        << u"Cycle is detected in revisions (a1, b2, c3)"_s;
    QTest::newRow("dependency cycle on a line")
        << QList{rev(u"r0"_s, {}), rev(u"a1"_s, {u"r0"_s}, {u"b2"_s}), rev(u"b2"_s, {u"a1"_s}), rev(u"c3"_s, {u"b2"_s})}
        << u"Dependency cycle is detected in revisions (a1, b2)"_s;
    QTest::newRow("dependency cycle through a label")
        << QList{rev(u"r0"_s, {}), rev(u"a1"_s, {u"r0"_s}, {u"lb"_s}), rev(u"b2"_s, {u"a1"_s}, {}, {u"lb"_s}),
                 rev(u"c3"_s, {u"b2"_s})}
        << u"Dependency cycle is detected in revisions (a1, b2)"_s;
    QTest::newRow("illegal characters") << QList{rev(u"a-1@x"_s, {})}
                                        << u"Character(s) '-, @' not allowed in revision identifier 'a-1@x'"_s;
    QTest::newRow("label used twice") << QList{rev(u"a1"_s, {}, {}, {u"x"_s}), rev(u"b2"_s, {u"a1"_s}, {}, {u"x"_s})}
                                      << u"Branch name 'x' in revision b2 already used by revision a1"_s;
    QTest::newRow("label is a revision") << QList{rev(u"a1"_s, {}, {}, {u"b2"_s}), rev(u"b2"_s, {u"a1"_s})}
                                         << u"Branch name 'b2' in revision a1 already used by revision b2"_s;
    QTest::newRow("missing down revision") << QList{rev(u"a1"_s, {u"zz"_s})}
                                           << u"Revision zz referenced from a1 is not present"_s;
}

void tst_RevisionMap::buildErrors()
{
    QFETCH(QList<pm::RevisionInput>, inputs);
    QFETCH(QString, message);
    const auto map = RevisionMap::build(inputs);
    QVERIFY(!map.has_value());
    QCOMPARE(map.error().message, message);
}

void tst_RevisionMap::iterateOrder_data()
{
    QTest::addColumn<QString>("upper");
    QTest::addColumn<QString>("lower");
    QTest::addColumn<bool>("downgrade");
    QTest::addColumn<QString>("expected");
    // ties follow the input order, exactly as Alembic's _topological_sort
    QTest::newRow("all") << u"heads"_s << u"base"_s << false
                         << u"dddd0005,cc110003,ffff0007,eeee0006,cc220004,bbbb0002,aaaa0001"_s;
    QTest::newRow("feat branch") << u"feat@head"_s << u"base"_s << false
                                 << u"dddd0005,cc110003,cc220004,bbbb0002,aaaa0001"_s;
    QTest::newRow("down to branch point") << u"heads"_s << u"bbbb0002"_s << true
                                          << u"dddd0005,cc110003,ffff0007,cc220004"_s;
}

void tst_RevisionMap::iterateOrder()
{
    QFETCH(QString, upper);
    QFETCH(QString, lower);
    QFETCH(bool, downgrade);
    QFETCH(QString, expected);
    RevisionMap::IterateOptions o;
    o.selectForDowngrade = downgrade;
    o.inclusive = !downgrade;
    o.assertRelativeLength = downgrade;
    const auto revs = m_map.iterateRevisions(RevisionSpec(upper), RevisionSpec(lower), o);
    QVERIFY2(revs.has_value(), revs ? "" : qPrintable(revs.error().message));
    QCOMPARE(m_map.ids(*revs).join(u','), expected);
}

// Labelled bases depending on the mainline (tests/bench/gen_project.py makes
// such a graph): the heads and the history order follow the order the
// scripts were given in, which ScriptDirectory takes from os.listdir() as
// Alembic does. Expected values are Alembic 1.8.1's RevisionMap fed the
// same orders.
void tst_RevisionMap::inputOrderDecidesTies_data()
{
    QTest::addColumn<QStringList>("order");
    QTest::addColumn<QString>("heads");
    QTest::addColumn<QString>("history");
    QTest::newRow("sorted") << QStringList{u"m1"_s, u"m2"_s, u"m3"_s, u"m4"_s, u"s1"_s, u"s1b"_s, u"s2"_s}
                            << u"m4,s1b,s2"_s << u"m4,s2,s1b,s1,m3,m2,m1"_s;
    QTest::newRow("sides first") << QStringList{u"s2"_s, u"m1"_s, u"s1"_s, u"m2"_s, u"m3"_s, u"s1b"_s, u"m4"_s}
                                 << u"s2,s1b,m4"_s << u"s2,m4,s1b,s1,m3,m2,m1"_s;
    QTest::newRow("reversed") << QStringList{u"m4"_s, u"s1b"_s, u"m3"_s, u"s2"_s, u"m2"_s, u"s1"_s, u"m1"_s}
                              << u"m4,s1b,s2"_s << u"m4,s2,s1b,s1,m3,m2,m1"_s;
}

void tst_RevisionMap::inputOrderDecidesTies()
{
    QFETCH(QStringList, order);
    QFETCH(QString, heads);
    QFETCH(QString, history);
    // id -> down revision, branch label, depends_on
    const QHash<QString, QStringList> defs{
        {u"m1"_s, {{}, {}, {}}},           {u"m2"_s, {u"m1"_s, {}, {}}},       {u"m3"_s, {u"m2"_s, {}, {}}},
        {u"m4"_s, {u"m3"_s, {}, {}}},      {u"s1"_s, {{}, u"sa"_s, u"m2"_s}},  {u"s1b"_s, {u"s1"_s, {}, {}}},
        {u"s2"_s, {{}, u"sb"_s, u"m3"_s}},
    };
    QList<pm::RevisionInput> inputs;
    for (const QString &id : order) {
        const QStringList &d = defs.value(id);
        pm::RevisionInput in;
        in.revision = id;
        for (auto [from, into] : {std::pair{0, &in.downRevisions}, std::pair{1, &in.branchLabels},
                                  std::pair{2, &in.dependsOn}}) {
            if (!d.at(from).isEmpty())
                *into << d.at(from);
        }
        inputs << in;
    }
    const auto map = RevisionMap::build(inputs);
    QVERIFY2(map.has_value(), map ? "" : qPrintable(map.error().message));
    QCOMPARE(map->heads().join(u','), heads);
    RevisionMap::IterateOptions o;
    o.inclusive = true;
    o.assertRelativeLength = false;
    const auto revs = map->iterateRevisions(RevisionSpec(u"heads"_s), RevisionSpec(u"base"_s), o);
    QVERIFY2(revs.has_value(), revs ? "" : qPrintable(revs.error().message));
    QCOMPARE(map->ids(*revs).join(u','), history);
}

void tst_RevisionMap::emptyMap()
{
    const auto map = RevisionMap::build({});
    QVERIFY(map.has_value());
    QVERIFY(map->heads().isEmpty());
    const auto head = map->getCurrentHead();
    QVERIFY(head.has_value());
    QVERIFY(!head->has_value());
    const auto revs = map->getRevisions(RevisionSpec(u"heads"_s));
    QVERIFY(revs.has_value());
    QVERIFY(revs->isEmpty());
}

void tst_RevisionMap::generations()
{
    // the longest down path to a base, depends_on counted (ffff0007 sits
    // above cc220004, not just above its own base)
    const QList<std::pair<QString, int>> expected{
        {u"aaaa0001"_s, 0}, {u"bbbb0002"_s, 1}, {u"cc110003"_s, 2}, {u"cc220004"_s, 2},
        {u"dddd0005"_s, 3}, {u"eeee0006"_s, 0}, {u"ffff0007"_s, 3},
    };
    for (const auto &[id, generation] : expected)
        QCOMPARE(m_map.generation(m_map.indexOf(id)), generation);
    QCOMPARE(m_map.lowestGeneration({u"dddd0005"_s, u"cc110003"_s}), 2);
    QCOMPARE(m_map.lowestGeneration({u"dddd0005"_s, u"nosuchrev"_s}), 0);
}

void tst_RevisionMap::ancestorFlagsCutAtGeneration_data()
{
    QTest::addColumn<quint32>("seed");
    for (quint32 seed = 1; seed <= 12; ++seed)
        QTest::addRow("graph %u", seed) << seed;
}

// A walk cut at the lowest generation asked about answers exactly as the
// whole walk does, for every revision at or above that generation: random
// graphs with branches, merges and depends_on, every pair of target and
// asked revision.
void tst_RevisionMap::ancestorFlagsCutAtGeneration()
{
    QFETCH(quint32, seed);
    QRandomGenerator random(seed);
    QList<pm::RevisionInput> inputs;
    const int n = 40;
    for (int i = 0; i < n; ++i) {
        pm::RevisionInput in;
        in.revision = u"r%1"_s.arg(i, 3, 10, QChar(u'0'));
        in.path = u"versions/"_s + in.revision + u".py"_s;
        if (i > 0 && random.bounded(8) != 0) {
            in.downRevisions << inputs.at(random.bounded(i)).revision;
            if (random.bounded(4) == 0) {
                const QString other = inputs.at(random.bounded(i)).revision;
                if (!in.downRevisions.contains(other))
                    in.downRevisions << other;
            }
        }
        if (i > 0 && random.bounded(5) == 0)
            in.dependsOn << inputs.at(random.bounded(i)).revision;
        inputs << in;
    }
    const auto map = RevisionMap::build(inputs);
    QVERIFY2(map.has_value(), map ? "" : qPrintable(map.error().message));
    for (RevisionMap::Index t = 0; t < n; ++t) {
        const auto whole = map->ancestorFlags({t});
        QVERIFY(whole.has_value());
        for (RevisionMap::Index a = 0; a < n; ++a) {
            const QString asked = map->at(a).revision();
            const auto cut = map->ancestorFlags({t}, map->lowestGeneration({asked}));
            QVERIFY(cut.has_value());
            QVERIFY2(cut->at(a) == whole->at(a), qPrintable(map->at(t).revision() + u" / "_s + asked));
        }
        const auto ancestors = map->ancestorNodes({t});
        QVERIFY(ancestors.has_value());
        for (RevisionMap::Index d : *ancestors) {
            if (d != t)
                QVERIFY(map->generation(d) < map->generation(t));
        }
    }
}

QTEST_APPLESS_MAIN(tst_RevisionMap)
#include "tst_revisionmap.moc"
