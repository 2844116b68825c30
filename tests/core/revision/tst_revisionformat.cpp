#include <QTest>

#include "fixturegraph.h"
#include "revision/revisioncommands.h"
#include "revision/revisionformatter.h"

using namespace Qt::StringLiterals;
using pm::RevisionCommands;
using pm::RevisionMap;

class tst_RevisionFormat : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void commands_data();
    void commands();
    void splitLines();

private:
    RevisionMap m_map;
};

void tst_RevisionFormat::initTestCase()
{
    auto map = RevisionMap::build(FixtureGraph::inputs());
    QVERIFY(map.has_value());
    m_map = *map;
}

void tst_RevisionFormat::commands_data()
{
    QTest::addColumn<QString>("command");
    QTest::addColumn<QString>("expected"); // what Alembic 1.8.1 prints

    QTest::newRow("history") << u"history"_s
                             << u"cc110003, cc220004 -> dddd0005 (feat) (head) (mergepoint), merge\n"
                                "bbbb0002 -> cc110003 (feat), feature\n"
                                "eeee0006 (cc220004) -> ffff0007 (extra) (head), needs other\n"
                                "<base> -> eeee0006 (extra), \n"
                                "bbbb0002 -> cc220004, other line\n"
                                "aaaa0001 -> bbbb0002 (branchpoint), add owner\n"
                                "<base> -> aaaa0001, create pet\n"_s;
    QTest::newRow("history -r -i") << u"history -r bbbb0002:dddd0005 -i"_s
                                   << u"cc110003, cc220004 -> dddd0005 (feat) (head) (mergepoint), merge\n"
                                      "bbbb0002 -> cc110003 (feat), feature\n"
                                      "bbbb0002 -> cc220004 (current), other line\n"
                                      "aaaa0001 -> bbbb0002 (branchpoint), add owner\n"_s;
    QTest::newRow("heads") << u"heads"_s << u"dddd0005 (feat) (head)\nffff0007 (extra) (head)\n"_s;
    QTest::newRow("heads -v --resolve-dependencies")
        << u"heads -v --resolve-dependencies"_s
        << u"Rev: dddd0005 (head) (mergepoint)\nMerges: cc110003, cc220004\nBranch names: feat\n"
           "Path: versions/dddd0005.py\n\n    merge\n\n"
           "Rev: ffff0007 (head)\nParent: eeee0006\nAlso depends on: cc220004\nBranch names: extra\n"
           "Path: versions/ffff0007.py\n\n    needs other\n\n"_s;
    QTest::newRow("branches") << u"branches"_s << u"bbbb0002 (branchpoint)\n         -> cc110003 (feat)\n         -> cc220004\n\n"_s;
    QTest::newRow("show") << u"show aaaa0001"_s
                          << u"Rev: aaaa0001\nParent: <base>\nPath: versions/aaaa0001.py\n\n    create pet\n    \n"
                             "    Revision ID: aaaa0001\n    Revises: \n    Create Date: 2024-05-01 10:00:00.000000\n\n"_s;
    QTest::newRow("current") << u"current"_s << u"cc110003\ncc220004\nffff0007 (head)\n"_s;
    QTest::newRow("bad range") << u"history -r feat"_s
                               << u"ERROR History range requires [start]:[end], [start]:, or :[end]"_s;
}

void tst_RevisionFormat::commands()
{
    QFETCH(QString, command);
    QFETCH(QString, expected);
    const pm::RevisionPlanner planner(m_map);
    pm::RevResult<QStringList> out;
    if (command == u"history"_s)
        out = RevisionCommands::history(planner, std::nullopt, false, false);
    else if (command == u"history -r bbbb0002:dddd0005 -i"_s)
        out = RevisionCommands::history(planner, u"bbbb0002:dddd0005"_s, false, true, {u"cc220004"_s});
    else if (command == u"history -r feat"_s)
        out = RevisionCommands::history(planner, u"feat"_s, false, false);
    else if (command == u"heads"_s)
        out = RevisionCommands::heads(planner, false, false);
    else if (command == u"heads -v --resolve-dependencies"_s)
        out = RevisionCommands::heads(planner, true, true);
    else if (command == u"branches"_s)
        out = RevisionCommands::branches(planner, false);
    else if (command == u"show aaaa0001"_s)
        out = RevisionCommands::show(planner, u"aaaa0001"_s);
    else if (command == u"current"_s)
        out = RevisionCommands::current(planner, false, {u"cc110003"_s, u"cc220004"_s, u"ffff0007"_s});
    QString printed;
    if (!out)
        printed = u"ERROR "_s + out.error().message;
    else
        for (const QString &entry : *out)
            printed += entry + u"\n"_s; // print_stdout adds the newline
    QCOMPARE(printed, expected);
}

void tst_RevisionFormat::splitLines()
{
    QCOMPARE(pm::RevisionFormatter::pySplitLines(u"a\r\nb\rc\n\nd\n"_s),
             (QStringList{u"a"_s, u"b"_s, u"c"_s, QString(), u"d"_s}));
    QVERIFY(pm::RevisionFormatter::pySplitLines(QString()).isEmpty());
}

QTEST_APPLESS_MAIN(tst_RevisionFormat)
#include "tst_revisionformat.moc"
