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
