#include <QTest>

#include "fixturegraph.h"
#include "revision/headmaintainer.h"
#include "revision/revisionplanner.h"

using namespace Qt::StringLiterals;
using pm::RevisionMap;
using pm::RevisionSpec;

class tst_HeadMaintainer : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void steps_data();
    void steps();
    void failedMergeKeepsIssuedChanges();
    void dependencyBelowADownRevision_data();
    void dependencyBelowADownRevision();
    void migrationInfo();

private:
    RevisionMap m_map;
};

void tst_HeadMaintainer::initTestCase()
{
    auto map = RevisionMap::build(FixtureGraph::inputs());
    QVERIFY(map.has_value());
    m_map = *map;
}

void tst_HeadMaintainer::steps_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("heads");
    QTest::addColumn<QStringList>("expectedSteps");
    QTest::addColumn<QStringList>("expectedChanges");
    QTest::addColumn<QStringList>("expectedHeads");

    // The runs Alembic 1.8.1 makes for the fixture graph (see alembic_oracle.py).
    QTest::newRow("upgrade heads from empty")
        << u"upgrade"_s << u"heads"_s << QStringList()
        << QStringList{u"upgrade  -> aaaa0001, create pet"_s, u"upgrade aaaa0001 -> bbbb0002, add owner"_s,
                       u"upgrade bbbb0002 -> cc220004, other line"_s, u"upgrade  -> eeee0006"_s,
                       u"upgrade eeee0006 -> ffff0007, needs other"_s, u"upgrade bbbb0002 -> cc110003, feature"_s,
                       u"upgrade cc110003, cc220004 -> dddd0005, merge"_s}
        << QStringList{u"insert aaaa0001"_s, u"update aaaa0001 to bbbb0002"_s, u"update bbbb0002 to cc220004"_s,
                       u"insert eeee0006"_s, u"delete eeee0006"_s, u"update cc220004 to ffff0007"_s,
                       u"insert cc110003"_s, u"update cc110003 to dddd0005"_s}
        << QStringList{u"dddd0005"_s, u"ffff0007"_s};
    QTest::newRow("upgrade label@+1")
        << u"upgrade"_s << u"feat@+1"_s << QStringList{u"bbbb0002"_s}
        << QStringList{u"upgrade bbbb0002 -> cc110003, feature"_s}
        << QStringList{u"update bbbb0002 to cc110003"_s} << QStringList{u"cc110003"_s};
    QTest::newRow("upgrade to an ancestor is a no-op")
        << u"upgrade"_s << u"aaaa0001"_s << QStringList{u"dddd0005"_s} << QStringList() << QStringList()
        << QStringList{u"dddd0005"_s};
    QTest::newRow("downgrade unmerges")
        << u"downgrade"_s << u"cc220004"_s << QStringList{u"dddd0005"_s}
        << QStringList{u"downgrade dddd0005 -> cc110003, cc220004, merge"_s}
        << QStringList{u"insert cc110003"_s, u"update dddd0005 to cc220004"_s}
        << QStringList{u"cc110003"_s, u"cc220004"_s};
    QTest::newRow("downgrade one branch to base")
        << u"downgrade"_s << u"extra@base"_s << QStringList{u"dddd0005"_s, u"ffff0007"_s}
        << QStringList{u"downgrade ffff0007 -> eeee0006, needs other"_s, u"downgrade eeee0006 -> "_s}
        << QStringList{u"update ffff0007 to eeee0006"_s, u"delete eeee0006"_s} << QStringList{u"dddd0005"_s};
    QTest::newRow("stamp up")
        << u"stamp"_s << u"dddd0005"_s << QStringList{u"bbbb0002"_s}
        << QStringList{u"stamp_revision bbbb0002 -> dddd0005"_s} << QStringList{u"update bbbb0002 to dddd0005"_s}
        << QStringList{u"dddd0005"_s};
    QTest::newRow("stamp base")
        << u"stamp"_s << u"base"_s << QStringList{u"dddd0005"_s, u"ffff0007"_s}
        << QStringList{u"stamp_revision dddd0005 -> "_s, u"stamp_revision ffff0007 -> "_s}
        << QStringList{u"delete dddd0005"_s, u"delete ffff0007"_s} << QStringList();
    QTest::newRow("stamp purge")
        << u"stamp --purge"_s << u"eeee0006"_s << QStringList{u"dddd0005"_s}
        << QStringList{u"stamp_revision  -> eeee0006"_s} << QStringList{u"delete all"_s, u"insert eeee0006"_s}
        << QStringList{u"eeee0006"_s};
}

void tst_HeadMaintainer::steps()
{
    QFETCH(QString, command);
    QFETCH(QString, target);
    QFETCH(QStringList, heads);
    QFETCH(QStringList, expectedSteps);
    QFETCH(QStringList, expectedChanges);
    QFETCH(QStringList, expectedHeads);

    const pm::RevisionPlanner planner(m_map);
    const bool purge = command == u"stamp --purge"_s;
    pm::RevResult<QList<pm::MigrationStep>> steps;
    if (command == u"upgrade"_s)
        steps = planner.upgradeRevs(target, RevisionSpec::tuple(heads));
    else if (command == u"downgrade"_s)
        steps = planner.downgradeRevs(target, RevisionSpec::tuple(heads));
    else
        steps = planner.stampRevs({target}, purge ? QStringList() : heads);
    QVERIFY2(steps.has_value(), steps ? "" : qPrintable(steps.error().message));

    QStringList stepText;
    for (const pm::MigrationStep &s : *steps)
        stepText << s.toString();
    QCOMPARE(stepText, expectedSteps);

    pm::HeadMaintainer hm(purge ? QStringList() : heads);
    QStringList changes;
    if (purge)
        changes << pm::HeadMaintainer::purge().toString();
    for (const pm::MigrationStep &s : *steps) {
        const auto c = hm.updateToStep(s);
        QVERIFY2(c.has_value(), c ? "" : qPrintable(c.error().message));
        for (const pm::VersionChange &v : *c)
            changes << v.toString();
    }
    QCOMPARE(changes, expectedChanges);
    QStringList finalHeads = hm.heads();
    finalHeads.sort();
    QCOMPARE(finalHeads, expectedHeads);
}

void tst_HeadMaintainer::failedMergeKeepsIssuedChanges()
{
    // Stamping two revisions from their merge: Alembic updates the row for
    // the first, then fails on the second (the row is gone).
    const pm::RevisionPlanner planner(m_map);
    const auto steps = planner.stampRevs({u"cc110003"_s, u"cc220004"_s}, {u"dddd0005"_s});
    QVERIFY(steps.has_value());
    QCOMPARE(steps->size(), 2);
    pm::HeadMaintainer hm({u"dddd0005"_s});
    const auto first = hm.updateToStep(steps->at(0));
    QVERIFY(first.has_value());
    QCOMPARE(first->value(0).toString(), u"update dddd0005 to cc110003"_s);
    const auto second = hm.updateToStep(steps->at(1));
    QVERIFY(!second.has_value());
    QVERIFY(!second.error().isRevisionError());
    QVERIFY(hm.partialChanges().isEmpty());
}

// Graphs written "rev:down,down|dep,dep#label" separated by spaces.
static QList<pm::RevisionInput> parseGraph(const QString &text)
{
    QList<pm::RevisionInput> out;
    for (const QString &item : text.split(u' ', Qt::SkipEmptyParts)) {
        pm::RevisionInput in;
        QString rest = item;
        if (const qsizetype hash = rest.indexOf(u'#'); hash >= 0) {
            in.branchLabels = {rest.mid(hash + 1)};
            rest.truncate(hash);
        }
        if (const qsizetype bar = rest.indexOf(u'|'); bar >= 0) {
            in.dependsOn = rest.mid(bar + 1).split(u',');
            rest.truncate(bar);
        }
        if (const qsizetype colon = rest.indexOf(u':'); colon >= 0) {
            in.downRevisions = rest.mid(colon + 1).split(u',');
            rest.truncate(colon);
        }
        in.revision = rest;
        out << in;
    }
    return out;
}

void tst_HeadMaintainer::dependencyBelowADownRevision_data()
{
    QTest::addColumn<QString>("graph");
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("target");
    QTest::addColumn<QStringList>("heads");
    QTest::addColumn<QStringList>("expectedChanges");
    QTest::addColumn<QStringList>("expectedHeads");

    // Valid graphs where a revision's depends_on names something already
    // below one of its down revisions. Alembic 1.8.1 raises KeyError (the
    // first rows) or leaves a row under another row (its answer in the
    // comments); the expected answers keep alembic_version at the heads of
    // what is applied after every step.
    const QString issue = u"x a:x b m:a,b|x"_s;
    // 1.8.1: insert x, insert b, update x to a, delete a, delete b, then KeyError on x
    QTest::newRow("merge depends on an ancestor of a parent: upgrade")
        << issue << u"upgrade"_s << u"heads"_s << QStringList()
        << QStringList{u"insert x"_s, u"insert b"_s, u"update x to a"_s, u"delete a"_s, u"update b to m"_s}
        << QStringList{u"m"_s};
    // 1.8.1: insert a, insert b, update m to x (x is below a); from base it
    // ends right but x and a are both rows between the steps.
    QTest::newRow("merge depends on an ancestor of a parent: downgrade to a parent")
        << issue << u"downgrade"_s << u"a"_s << QStringList{u"m"_s}
        << QStringList{u"insert a"_s, u"update m to b"_s} << QStringList{u"a"_s, u"b"_s};
    QTest::newRow("merge depends on an ancestor of a parent: downgrade base")
        << issue << u"downgrade"_s << u"base"_s << QStringList{u"m"_s}
        << QStringList{u"insert a"_s, u"update m to b"_s, u"update a to x"_s, u"delete b"_s, u"delete x"_s}
        << QStringList();
    // 1.8.1: insert a, update r to x
    QTest::newRow("depends on a parent's parent by its label: downgrade -1")
        << u"x#core a:x r:a|core"_s << u"downgrade"_s << u"-1"_s << QStringList{u"r"_s}
        << QStringList{u"update r to a"_s} << QStringList{u"a"_s};
    QTest::newRow("depends on a parent's parent by its label: upgrade")
        << u"x#core a:x r:a|core"_s << u"upgrade"_s << u"r"_s << QStringList{u"a"_s}
        << QStringList{u"update a to r"_s} << QStringList{u"r"_s};
    // 1.8.1: delete c, delete z, then KeyError on mp
    QTest::newRow("merge depends on a merge point below a parent")
        << u"p q mp:p,q c:mp z m2:c,z|mp"_s << u"upgrade"_s << u"m2"_s << QStringList{u"c"_s, u"z"_s}
        << QStringList{u"delete c"_s, u"update z to m2"_s} << QStringList{u"m2"_s};
    // A dependency on another branch that is already applied further up:
    // 1.8.1 gets this one right, and it must stay so.
    QTest::newRow("depends on an applied revision of another branch")
        << u"a a2:a b c:b|a"_s << u"upgrade"_s << u"c"_s << QStringList{u"a2"_s, u"b"_s}
        << QStringList{u"update b to c"_s} << (QStringList{u"a2"_s, u"c"_s});
    QTest::newRow("depends on an applied revision of another branch: downgrade")
        << u"a a2:a b c:b|a"_s << u"downgrade"_s << u"b"_s << QStringList{u"a2"_s, u"c"_s}
        << QStringList{u"update c to b"_s} << (QStringList{u"a2"_s, u"b"_s});
}

void tst_HeadMaintainer::dependencyBelowADownRevision()
{
    QFETCH(QString, graph);
    QFETCH(QString, command);
    QFETCH(QString, target);
    QFETCH(QStringList, heads);
    QFETCH(QStringList, expectedChanges);
    QFETCH(QStringList, expectedHeads);

    const auto map = RevisionMap::build(parseGraph(graph));
    QVERIFY2(map.has_value(), map ? "" : qPrintable(map.error().message));
    const pm::RevisionPlanner planner(*map);
    const auto steps = command == u"upgrade"_s ? planner.upgradeRevs(target, RevisionSpec::tuple(heads))
                                               : planner.downgradeRevs(target, RevisionSpec::tuple(heads));
    QVERIFY2(steps.has_value(), steps ? "" : qPrintable(steps.error().message));
    pm::HeadMaintainer hm(heads);
    QStringList changes;
    for (const pm::MigrationStep &s : *steps) {
        const auto c = hm.updateToStep(s);
        QVERIFY2(c.has_value(), c ? "" : qPrintable(s.shortLog() + u": "_s + c.error().message));
        for (const pm::VersionChange &v : *c)
            changes << v.toString();
    }
    QCOMPARE(changes, expectedChanges);
    QStringList finalHeads = hm.heads();
    finalHeads.sort();
    QCOMPARE(finalHeads, expectedHeads);
}

void tst_HeadMaintainer::migrationInfo()
{
    const pm::MigrationStep step = pm::MigrationStep::downgrade(m_map, m_map.indexOf(u"ffff0007"_s));
    const pm::MigrationInfo info = step.info();
    QVERIFY(!info.isUpgrade);
    QVERIFY(info.isMigration());
    QCOMPARE(info.upRevisionId(), std::optional<QString>(u"ffff0007"_s));
    QCOMPARE(info.sourceRevisionIds(), QStringList{u"ffff0007"_s});
    QCOMPARE(info.destinationRevisionIds(), (QStringList{u"eeee0006"_s, u"cc220004"_s}));
    QCOMPARE(step.shortLog(), u"downgrade ffff0007 -> eeee0006"_s);
}

QTEST_APPLESS_MAIN(tst_HeadMaintainer)
#include "tst_headmaintainer.moc"
