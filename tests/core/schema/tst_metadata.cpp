// MetaData finds tables through a name index: every way of adding,
// replacing, removing and renaming must leave lookups agreeing with a plain
// scan of tables(), order included.
#include <QTest>

#include "schema/metadata.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestMetaData : public QObject
{
    Q_OBJECT

private slots:
    void lookups_data();
    void lookups();
};

// Steps: "+name" / "+schema.name" add, "=name" put, "-name" remove,
// "name>new" rename. `expected`: table names in order.
void TestMetaData::lookups_data()
{
    QTest::addColumn<QStringList>("steps");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("adds") << QStringList{u"+a"_s, u"+b"_s, u"+c"_s} << QStringList{u"a"_s, u"b"_s, u"c"_s};
    QTest::newRow("remove the first") << QStringList{u"+a"_s, u"+b"_s, u"+c"_s, u"-a"_s}
                                      << QStringList{u"b"_s, u"c"_s};
    QTest::newRow("remove the middle, add again") << QStringList{u"+a"_s, u"+b"_s, u"+c"_s, u"-b"_s, u"+b"_s}
                                                  << QStringList{u"a"_s, u"c"_s, u"b"_s};
    QTest::newRow("rename keeps the place") << QStringList{u"+a"_s, u"+b"_s, u"b>z"_s, u"+c"_s}
                                            << QStringList{u"a"_s, u"z"_s, u"c"_s};
    QTest::newRow("rename then reuse the old name") << QStringList{u"+a"_s, u"a>b"_s, u"+a"_s}
                                                    << QStringList{u"b"_s, u"a"_s};
    QTest::newRow("put replaces in place") << QStringList{u"+a"_s, u"+b"_s, u"=a"_s, u"=c"_s}
                                           << QStringList{u"a"_s, u"b"_s, u"c"_s};
    QTest::newRow("same name, two schemas") << QStringList{u"+a"_s, u"+s.a"_s, u"-a"_s}
                                            << QStringList{u"s.a"_s};
}

void TestMetaData::lookups()
{
    QFETCH(QStringList, steps);
    QFETCH(QStringList, expected);
    MetaData md;
    auto split = [](const QString &qualified) {
        return qualified.contains(u'.') ? std::pair{qualified.section(u'.', 1), qualified.section(u'.', 0, 0)}
                                        : std::pair{qualified, QString()};
    };
    QStringList gone;
    for (const QString &step : std::as_const(steps)) {
        const QString arg = step.mid(1);
        if (step.startsWith(u'+') || step.startsWith(u'=')) {
            const auto [name, schema] = split(arg);
            Table t;
            t.name = name;
            t.schema = schema;
            if (step.startsWith(u'+'))
                QVERIFY(md.addTable(t));
            else
                md.putTable(t);
        } else if (step.startsWith(u'-')) {
            const auto [name, schema] = split(arg);
            QVERIFY(md.removeTable(name, schema));
            QVERIFY(!md.removeTable(name, schema));
            gone << arg;
        } else {
            const QString from = step.section(u'>', 0, 0), to = step.section(u'>', 1);
            QVERIFY(md.renameTable(from, {}, to));
            gone << from;
        }
    }
    QStringList names;
    for (const Table &t : md.tables()) {
        names << t.qualifiedName();
        QCOMPARE(md.table(t.name, t.schema), &t);
    }
    QCOMPARE(names, expected);
    for (const QString &g : std::as_const(gone)) {
        if (!expected.contains(g)) {
            const auto [name, schema] = split(g);
            QVERIFY2(!md.table(name, schema), qPrintable(g));
        }
    }
    QVERIFY(!md.addTable(md.tables().first()));
}

QTEST_GUILESS_MAIN(TestMetaData)
#include "tst_metadata.moc"
