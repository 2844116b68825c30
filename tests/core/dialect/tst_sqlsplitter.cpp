#include <QTest>

#include "dialect/sqlsplitter.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestSqlSplitter : public QObject
{
    Q_OBJECT

private slots:
    void split_data();
    void split();
    void lines();
    void unterminated_data();
    void unterminated();
};

void TestSqlSplitter::split_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("empty") << QString() << QStringList{};
    QTest::newRow("only whitespace and comments") << u"  -- hi\n /* there */ ;;\n"_s << QStringList{};
    QTest::newRow("one without semicolon") << u"SELECT 1"_s << QStringList{u"SELECT 1"_s};
    QTest::newRow("two") << u"create table a(x); create table b(y);"_s
                         << QStringList{u"create table a(x)"_s, u"create table b(y)"_s};
    QTest::newRow("semicolon in string") << u"INSERT INTO t VALUES ('a;b'); SELECT 2"_s
                                         << QStringList{u"INSERT INTO t VALUES ('a;b')"_s, u"SELECT 2"_s};
    QTest::newRow("doubled single quote") << u"SELECT 'it''s;'; SELECT 3"_s
                                          << QStringList{u"SELECT 'it''s;'"_s, u"SELECT 3"_s};
    QTest::newRow("double-quoted identifier") << u"CREATE TABLE \"a;\"\"b\" (x); SELECT 4"_s
                                              << QStringList{u"CREATE TABLE \"a;\"\"b\" (x)"_s, u"SELECT 4"_s};
    QTest::newRow("backquoted identifier") << u"SELECT `a;b` FROM t; SELECT 5"_s
                                           << QStringList{u"SELECT `a;b` FROM t"_s, u"SELECT 5"_s};
    QTest::newRow("bracketed identifier") << u"SELECT [a;b] FROM t; SELECT 6"_s
                                          << QStringList{u"SELECT [a;b] FROM t"_s, u"SELECT 6"_s};
    QTest::newRow("line comment with semicolon") << u"SELECT 1 -- not; here\n; SELECT 2"_s
                                                 << QStringList{u"SELECT 1 -- not; here"_s, u"SELECT 2"_s};
    QTest::newRow("block comment with semicolon") << u"SELECT /* ; */ 1; SELECT 2"_s
                                                  << QStringList{u"SELECT /* ; */ 1"_s, u"SELECT 2"_s};
    QTest::newRow("leading comment kept") << u"-- why\nSELECT 1;"_s << QStringList{u"-- why\nSELECT 1"_s};
    QTest::newRow("trailing comment dropped") << u"SELECT 1; -- done\n"_s << QStringList{u"SELECT 1"_s};
    QTest::newRow("unterminated block comment at end") << u"SELECT 1; /* open"_s << QStringList{u"SELECT 1"_s};
    QTest::newRow("trigger body")
        << u"CREATE TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = 2; END; SELECT 7"_s
        << QStringList{u"CREATE TRIGGER tr AFTER INSERT ON a BEGIN INSERT INTO b VALUES (1); UPDATE c SET x = 2; END"_s,
                       u"SELECT 7"_s};
    QTest::newRow("temp trigger lowercase")
        << u"create temp trigger tr before delete on a begin delete from b; end;select 8;"_s
        << QStringList{u"create temp trigger tr before delete on a begin delete from b; end"_s, u"select 8"_s};
    QTest::newRow("trigger with CASE ... END inside")
        << u"CREATE TEMPORARY TRIGGER t2 AFTER UPDATE ON a BEGIN UPDATE b SET y = CASE WHEN new.x > 0 THEN 1 ELSE 0 END; "
           u"SELECT CASE 1 WHEN 1 THEN 'end;' END; END; SELECT 9"_s
        << QStringList{u"CREATE TEMPORARY TRIGGER t2 AFTER UPDATE ON a BEGIN UPDATE b SET y = CASE WHEN new.x > 0 THEN 1 "
                       u"ELSE 0 END; SELECT CASE 1 WHEN 1 THEN 'end;' END; END"_s,
                       u"SELECT 9"_s};
    QTest::newRow("BEGIN transaction is not a trigger") << u"BEGIN; CREATE TABLE t(x); COMMIT;"_s
                                                        << QStringList{u"BEGIN"_s, u"CREATE TABLE t(x)"_s, u"COMMIT"_s};
    QTest::newRow("CASE outside trigger") << u"SELECT CASE WHEN 1 THEN 2 END; SELECT 3"_s
                                          << QStringList{u"SELECT CASE WHEN 1 THEN 2 END"_s, u"SELECT 3"_s};
    QTest::newRow("word containing end") << u"SELECT friend_end FROM t; SELECT 4"_s
                                         << QStringList{u"SELECT friend_end FROM t"_s, u"SELECT 4"_s};
    QTest::newRow("alembic offline output")
        << u"CREATE TABLE pet (\n    id INTEGER NOT NULL, \n    PRIMARY KEY (id)\n);\n\nDROP TABLE pet;\n\n"_s
        << QStringList{u"CREATE TABLE pet (\n    id INTEGER NOT NULL, \n    PRIMARY KEY (id)\n)"_s, u"DROP TABLE pet"_s};
}

void TestSqlSplitter::split()
{
    QFETCH(QString, script);
    QFETCH(QStringList, expected);
    auto result = SqlSplitter::split(script);
    QVERIFY2(result, qPrintable(result ? QString() : result.error().message));
    QCOMPARE(*result, expected);
}

void TestSqlSplitter::lines()
{
    auto result = SqlSplitter::splitWithLines(u"SELECT 1;\n\n-- c\nSELECT\n'a\nb';\n  SELECT 3"_s);
    QVERIFY(result);
    QCOMPARE(result->size(), 3);
    QCOMPARE(result->at(0).line, 1);
    QCOMPARE(result->at(1).line, 3);
    QCOMPARE(result->at(2).line, 7);
}

void TestSqlSplitter::unterminated_data()
{
    QTest::addColumn<QString>("script");
    QTest::addColumn<int>("line");
    QTest::newRow("string") << u"SELECT 1;\nSELECT 'abc"_s << 2;
    QTest::newRow("identifier") << u"SELECT \"abc"_s << 1;
    QTest::newRow("bracket") << u"\n\nSELECT [abc"_s << 3;
}

void TestSqlSplitter::unterminated()
{
    QFETCH(QString, script);
    QFETCH(int, line);
    auto result = SqlSplitter::split(script);
    QVERIFY(!result);
    QCOMPARE(result.error().line, line);
    QVERIFY(result.error().message.startsWith(u"unterminated"_s));
}

QTEST_GUILESS_MAIN(TestSqlSplitter)
#include "tst_sqlsplitter.moc"
