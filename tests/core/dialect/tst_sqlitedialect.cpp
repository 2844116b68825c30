#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/sqlitedialect.h"
#include "schema/metadata.h"
#include "schema/model.h"

using namespace Qt::StringLiterals;
using namespace pm;

Q_DECLARE_METATYPE(pm::Table)
Q_DECLARE_METATYPE(pm::SqlType)

namespace {

Column col(const QString &name, SqlType type, bool nullable = true, std::optional<ServerDefault> def = {})
{
    Column c;
    c.name = name;
    c.type = std::move(type);
    c.nullable = nullable;
    c.serverDefault = std::move(def);
    return c;
}

QMap<QString, QString> tutorialConvention()
{
    return {{u"ix"_s, u"ix_%(column_0_label)s"_s},
            {u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s},
            {u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s},
            {u"fk"_s, u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"_s},
            {u"pk"_s, u"pk_%(table_name)s"_s}};
}

QString offline(const QStringList &statements)
{
    QString out;
    for (const QString &s : statements)
        out += Dialect::offlineForm(s);
    return out;
}

} // namespace

class TestSqliteDialect : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void quote_data();
    void quote();
    void reservedWords();
    void typeSql_data();
    void typeSql();
    void createTable_data();
    void createTable();
    void alembicOffline_data();
    void alembicOffline();
    void storedFormMatchesSqlite();
    void errors();

private:
    QJsonObject m_alembic;
    SqliteDialect m_dialect;
};

void TestSqliteDialect::initTestCase()
{
    // Real Alembic is the oracle; without it the comparison cannot be made,
    // which is a failure, not a skip.
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), {QStringLiteral(PM_SOURCE_DIR "/tests/core/dialect/alembic_offline.py")});
    QVERIFY2(python.waitForFinished(120000), qPrintable(u"cannot run "_s + QStringLiteral(PM_PYTHON)));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             python.readAllStandardError().constData());
    QJsonParseError error;
    m_alembic = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    QVERIFY(!m_alembic.isEmpty());
}

void TestSqliteDialect::quote_data()
{
    QTest::addColumn<QString>("identifier");
    QTest::addColumn<QString>("expected");
    // Expected values printed by SQLiteIdentifierPreparer.quote().
    QTest::newRow("plain") << u"pet"_s << u"pet"_s;
    QTest::newRow("underscore") << u"_x"_s << u"_x"_s;
    QTest::newRow("digits inside") << u"ab_2"_s << u"ab_2"_s;
    QTest::newRow("dollar last") << u"a$"_s << u"a$"_s;
    QTest::newRow("user is not reserved in sqlite") << u"user"_s << u"user"_s;
    QTest::newRow("reserved select") << u"select"_s << u"\"select\""_s;
    QTest::newRow("reserved order") << u"order"_s << u"\"order\""_s;
    QTest::newRow("reserved uppercase") << u"TABLE"_s << u"\"TABLE\""_s;
    QTest::newRow("reserved current_timestamp") << u"current_timestamp"_s << u"\"current_timestamp\""_s;
    QTest::newRow("mixed case") << u"Abc"_s << u"\"Abc\""_s;
    QTest::newRow("leading digit") << u"1a"_s << u"\"1a\""_s;
    QTest::newRow("leading dollar") << u"$a"_s << u"\"$a\""_s;
    QTest::newRow("space") << u"a b"_s << u"\"a b\""_s;
    QTest::newRow("embedded quote") << u"a\"b"_s << u"\"a\"\"b\""_s;
    QTest::newRow("accented") << u"émile"_s << u"\"émile\""_s;
    QTest::newRow("long s passes python re.I") << u"ſ"_s << u"ſ"_s;
    QTest::newRow("dotless i passes python re.I") << u"ı"_s << u"ı"_s;
    QTest::newRow("kelvin sign lowercases") << u"\u212A"_s << u"\"\u212A\""_s;
    QTest::newRow("trailing newline quirk") << u"abc\n"_s << u"abc\n"_s;
    QTest::newRow("empty") << QString() << u"\"\""_s;
}

void TestSqliteDialect::quote()
{
    QFETCH(QString, identifier);
    QFETCH(QString, expected);
    QCOMPARE(m_dialect.quote(identifier), expected);
}

void TestSqliteDialect::reservedWords()
{
    // Every word is quoted, in any case; a word one letter longer or
    // shorter is quoted only if it is a word itself (the lookup goes by
    // length and first letter).
    const QStringList &words = SqliteDialect::reservedWords();
    QCOMPARE(words.size(), 117);
    for (const QString &word : words) {
        QVERIFY2(m_dialect.requiresQuotes(word), qPrintable(word));
        QVERIFY2(m_dialect.requiresQuotes(word.toUpper()), qPrintable(word));
        const QStringList nearWords = {word + u'x', word + u'_', u'x' + word, word.chopped(1), word.mid(1)};
        for (const QString &near : nearWords) {
            if (near.isEmpty())
                continue;
            QCOMPARE(m_dialect.requiresQuotes(near), words.contains(near));
        }
    }
}

void TestSqliteDialect::typeSql_data()
{
    QTest::addColumn<SqlType>("type");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Integer") << SqlType::integer() << u"INTEGER"_s;
    QTest::newRow("BigInteger") << SqlType::bigInteger() << u"BIGINT"_s;
    QTest::newRow("SmallInteger") << SqlType::smallInteger() << u"SMALLINT"_s;
    QTest::newRow("Boolean") << SqlType::boolean() << u"BOOLEAN"_s;
    QTest::newRow("Float") << SqlType::floating() << u"FLOAT"_s;
    QTest::newRow("Float(53)") << SqlType::floating(53) << u"FLOAT"_s;
    QTest::newRow("Numeric") << SqlType::numeric() << u"NUMERIC"_s;
    QTest::newRow("Numeric(10)") << SqlType::numeric(10) << u"NUMERIC(10)"_s;
    QTest::newRow("Numeric(10,2)") << SqlType::numeric(10, 2) << u"NUMERIC(10, 2)"_s;
    QTest::newRow("String") << SqlType::string() << u"VARCHAR"_s;
    QTest::newRow("String(50)") << SqlType::string(50) << u"VARCHAR(50)"_s;
    QTest::newRow("String(0)") << SqlType::string(0) << u"VARCHAR"_s;
    QTest::newRow("AutoString") << SqlType::autoString() << u"VARCHAR"_s;
    QTest::newRow("AutoString(120)") << SqlType::autoString(120) << u"VARCHAR(120)"_s;
    QTest::newRow("Text") << SqlType::text() << u"TEXT"_s;
    QTest::newRow("Text(100)") << SqlType::text(100) << u"TEXT(100)"_s;
    QTest::newRow("Date") << SqlType::date() << u"DATE"_s;
    QTest::newRow("DateTime") << SqlType::dateTime() << u"DATETIME"_s;
    QTest::newRow("DateTime(tz)") << SqlType::dateTime(true) << u"DATETIME"_s;
    QTest::newRow("Time") << SqlType::time() << u"TIME"_s;
    QTest::newRow("LargeBinary") << SqlType::largeBinary() << u"BLOB"_s;
    QTest::newRow("Unicode(20)") << SqlType::unicode(20) << u"VARCHAR(20)"_s;
    QTest::newRow("Unicode") << SqlType::unicode() << u"VARCHAR"_s;
    QTest::newRow("UnicodeText") << SqlType::unicodeText() << u"TEXT"_s;
    QTest::newRow("PickleType") << SqlType::pickle() << u"BLOB"_s;
    QTest::newRow("Enum") << SqlType::enumeration({u"happy"_s, u"grumpy"_s}, u"mood"_s) << u"VARCHAR(6)"_s;
    QTest::newRow("Enum empty") << SqlType::enumeration({}) << u"VARCHAR"_s;
    QTest::newRow("JSON") << SqlType::json() << u"JSON"_s;
    QTest::newRow("GUID") << SqlType::uuid() << u"CHAR(32)"_s;
    QTest::newRow("Interval") << SqlType::interval() << u"DATETIME"_s;
    QTest::newRow("Other") << SqlType::other(u"MONEY(4)"_s) << u"MONEY(4)"_s;
    QTest::newRow("reflected VARCHAR(50)") << SqlType::string(50).spelledAs(u"VARCHAR"_s) << u"VARCHAR(50)"_s;
    QTest::newRow("reflected NVARCHAR") << SqlType::string(12).spelledAs(u"NVARCHAR"_s) << u"NVARCHAR(12)"_s;
    QTest::newRow("reflected CHAR") << SqlType::string(32).spelledAs(u"CHAR"_s) << u"CHAR(32)"_s;
    QTest::newRow("reflected DECIMAL") << SqlType::numeric(7, 3).spelledAs(u"DECIMAL"_s) << u"DECIMAL(7, 3)"_s;
    QTest::newRow("reflected REAL") << SqlType::floating().spelledAs(u"REAL"_s) << u"REAL"_s;
    QTest::newRow("reflected TIMESTAMP") << SqlType::dateTime().spelledAs(u"TIMESTAMP"_s) << u"TIMESTAMP"_s;
    QTest::newRow("reflected DATETIME") << SqlType::dateTime().spelledAs(u"DATETIME"_s) << u"DATETIME"_s;
    QTest::newRow("reflected sqlite JSON") << SqlType::json().spelledAs(u"JSON"_s, u"sqlite"_s) << u"JSON"_s;
    QTest::newRow("reflected TEXT") << SqlType::text().spelledAs(u"TEXT"_s) << u"TEXT"_s;
}

void TestSqliteDialect::typeSql()
{
    QFETCH(SqlType, type);
    QFETCH(QString, expected);
    auto sql = m_dialect.typeSql(type);
    QVERIFY2(sql, qPrintable(sql ? QString() : sql.error().message));
    QCOMPARE(*sql, expected);
}

void TestSqliteDialect::createTable_data()
{
    QTest::addColumn<Table>("table");
    QTest::addColumn<QString>("expected");

    // The brief's example, and the seed tutorial's models (SQLModel + convention).
    {
        MetaData md{NamingConvention(tutorialConvention())};
        auto pet = model(u"pet"_s, {field<std::optional<int>>(u"id"_s, {.primaryKey = true}), field<QString>(u"name"_s)});
        QVERIFY(pet);
        QVERIFY(md.addTable(*pet));
        QTest::newRow("tutorial pet") << *md.table(u"pet"_s)
                                      << u"\nCREATE TABLE pet (\n\tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, "
                                         u"\n\tCONSTRAINT pk_pet PRIMARY KEY (id)\n)\n\n"_s;
    }
    {
        // petmanager.pet of make_fixtures.py (SQLAlchemy's output pasted).
        MetaData md{NamingConvention(tutorialConvention())};
        Table pet;
        pet.name = u"pet"_s;
        pet.columns = {col(u"id"_s, SqlType::integer(), false),
                       col(u"name"_s, SqlType::autoString(), false),
                       col(u"species"_s, SqlType::autoString(), false, ServerDefault::literal(u"unknown"_s)),
                       col(u"owner_id"_s, SqlType::integer()),
                       col(u"weight_kg"_s, SqlType::floating()),
                       col(u"born"_s, SqlType::date()),
                       col(u"created"_s, SqlType::dateTime(), false, ServerDefault::expression(u"CURRENT_TIMESTAMP"_s))};
        pet.columns[0].primaryKey = true;
        Constraint fk = Constraint::foreignKey({u"owner_id"_s}, u"user"_s, {u"id"_s});
        fk.onDelete = u"SET NULL"_s;
        pet.constraints = {Constraint::primaryKey({u"id"_s}), Constraint::check(u"weight_kg > 0"_s, u"positive_weight"_s),
                           Constraint::unique({u"name"_s, u"owner_id"_s}), fk};
        QVERIFY(md.addTable(pet));
        QTest::newRow("petmanager pet")
            << *md.table(u"pet"_s)
            << u"\nCREATE TABLE pet (\n\tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, \n\tspecies VARCHAR DEFAULT "
               u"'unknown' NOT NULL, \n\towner_id INTEGER, \n\tweight_kg FLOAT, \n\tborn DATE, \n\tcreated DATETIME "
               u"DEFAULT CURRENT_TIMESTAMP NOT NULL, \n\tCONSTRAINT pk_pet PRIMARY KEY (id), \n\tCONSTRAINT "
               u"ck_pet_positive_weight CHECK (weight_kg > 0), \n\tCONSTRAINT uq_pet_name UNIQUE (name, owner_id), "
               u"\n\tCONSTRAINT fk_pet_owner_id_user FOREIGN KEY(owner_id) REFERENCES user (id) ON DELETE SET NULL\n)\n\n"_s;
    }
    {
        Table order;
        order.name = u"order"_s;
        order.columns = {col(u"select"_s, SqlType::integer(), false), col(u"Mixed"_s, SqlType::integer(), false),
                         col(u"1st"_s, SqlType::string(10)), col(u"a b"_s, SqlType::integer()),
                         col(u"parent_select"_s, SqlType::integer()), col(u"parent_mixed"_s, SqlType::integer())};
        Constraint fk = Constraint::foreignKey({u"parent_select"_s, u"parent_mixed"_s}, u"order"_s,
                                               {u"select"_s, u"Mixed"_s}, u"fk_order_parent"_s);
        fk.onDelete = u"CASCADE"_s;
        fk.onUpdate = u"RESTRICT"_s;
        order.constraints = {Constraint::primaryKey({u"select"_s, u"Mixed"_s}), fk,
                             Constraint::unique({u"1st"_s}, u"uq_first"_s)};
        QTest::newRow("quoting order")
            << order
            << u"\nCREATE TABLE \"order\" (\n\t\"select\" INTEGER NOT NULL, \n\t\"Mixed\" INTEGER NOT NULL, \n\t\"1st\" "
               u"VARCHAR(10), \n\t\"a b\" INTEGER, \n\tparent_select INTEGER, \n\tparent_mixed INTEGER, \n\tPRIMARY KEY "
               u"(\"select\", \"Mixed\"), \n\tCONSTRAINT fk_order_parent FOREIGN KEY(parent_select, parent_mixed) "
               u"REFERENCES \"order\" (\"select\", \"Mixed\") ON DELETE CASCADE ON UPDATE RESTRICT, \n\tCONSTRAINT "
               u"uq_first UNIQUE (\"1st\")\n)\n\n"_s;
    }
    {
        Table user;
        user.name = u"user"_s;
        user.columns = {col(u"id"_s, SqlType::integer(), false), col(u"order_select"_s, SqlType::integer()),
                        col(u"order_mixed"_s, SqlType::integer())};
        user.constraints = {Constraint::primaryKey({u"id"_s}),
                            Constraint::foreignKey({u"order_select"_s, u"order_mixed"_s}, u"order"_s,
                                                   {u"select"_s, u"Mixed"_s}),
                            Constraint::unique({u"order_select"_s, u"order_mixed"_s}), Constraint::check(u"id > 0"_s)};
        QTest::newRow("unnamed constraints")
            << user
            << u"\nCREATE TABLE user (\n\tid INTEGER NOT NULL, \n\torder_select INTEGER, \n\torder_mixed INTEGER, "
               u"\n\tPRIMARY KEY (id), \n\tFOREIGN KEY(order_select, order_mixed) REFERENCES \"order\" (\"select\", "
               u"\"Mixed\"), \n\tUNIQUE (order_select, order_mixed), \n\tCHECK (id > 0)\n)\n\n"_s;
    }
    {
        Table t;
        t.name = u"everything"_s;
        t.columns = {col(u"id"_s, SqlType::integer(), false),
                     col(u"big"_s, SqlType::bigInteger()),
                     col(u"small"_s, SqlType::smallInteger()),
                     col(u"flag"_s, SqlType::boolean()),
                     col(u"ratio"_s, SqlType::floating()),
                     col(u"price"_s, SqlType::numeric(10, 2)),
                     col(u"amount"_s, SqlType::numeric(8)),
                     col(u"s"_s, SqlType::string()),
                     col(u"s50"_s, SqlType::string(50)),
                     col(u"auto"_s, SqlType::autoString()),
                     col(u"body"_s, SqlType::text()),
                     col(u"day"_s, SqlType::date()),
                     col(u"stamp"_s, SqlType::dateTime()),
                     col(u"clock"_s, SqlType::time()),
                     col(u"data"_s, SqlType::largeBinary()),
                     col(u"mood"_s, SqlType::enumeration({u"happy"_s, u"grumpy"_s}, u"mood"_s)),
                     col(u"doc"_s, SqlType::json()),
                     col(u"uid"_s, SqlType::uuid()),
                     col(u"span"_s, SqlType::interval()),
                     col(u"flagged"_s, SqlType::boolean(), false, ServerDefault::expression(u"0"_s)),
                     col(u"note"_s, SqlType::string(20), true, ServerDefault::literal(u"it's"_s))};
        t.constraints = {Constraint::primaryKey({u"id"_s})};
        QTest::newRow("every type")
            << t
            << u"\nCREATE TABLE everything (\n\tid INTEGER NOT NULL, \n\tbig BIGINT, \n\tsmall SMALLINT, \n\tflag "
               u"BOOLEAN, \n\tratio FLOAT, \n\tprice NUMERIC(10, 2), \n\tamount NUMERIC(8), \n\ts VARCHAR, \n\ts50 "
               u"VARCHAR(50), \n\tauto VARCHAR, \n\tbody TEXT, \n\tday DATE, \n\tstamp DATETIME, \n\tclock TIME, "
               u"\n\tdata BLOB, \n\tmood VARCHAR(6), \n\tdoc JSON, \n\tuid CHAR(32), \n\tspan DATETIME, \n\tflagged "
               u"BOOLEAN DEFAULT 0 NOT NULL, \n\tnote VARCHAR(20) DEFAULT 'it''s', \n\tPRIMARY KEY (id)\n)\n\n"_s;
    }
    {
        Table t;
        t.name = u"defer"_s;
        t.columns = {col(u"a"_s, SqlType::integer())};
        Constraint fk = Constraint::foreignKey({u"a"_s}, u"other"_s, {u"id"_s}, u"fk_a"_s);
        fk.deferrable = u"DEFERRABLE"_s;
        fk.initially = u"DEFERRED"_s;
        Constraint elsewhere = Constraint::foreignKey({u"a"_s}, u"far"_s, {u"id"_s});
        elsewhere.referredSchema = u"attached"_s; // SQLite omits it
        t.constraints = {fk, elsewhere};
        QTest::newRow("deferrable, no pk, cross-schema fk omitted")
            << t
            << u"\nCREATE TABLE defer (\n\ta INTEGER, \n\tCONSTRAINT fk_a FOREIGN KEY(a) REFERENCES other (id) "
               u"DEFERRABLE INITIALLY DEFERRED\n)\n\n"_s;
    }
    {
        Table t;
        t.name = u"bare"_s;
        t.columns = {col(u"x"_s, SqlType{}), col(u"y"_s, SqlType::integer(), false)};
        t.columns[1].primaryKey = true;
        QTest::newRow("untyped column, pk from column flag")
            << t << u"\nCREATE TABLE bare (\n\tx, \n\ty INTEGER NOT NULL, \n\tPRIMARY KEY (y)\n)\n\n"_s;
    }
}

void TestSqliteDialect::createTable()
{
    QFETCH(Table, table);
    QFETCH(QString, expected);
    auto sql = m_dialect.createTable(table);
    QVERIFY2(sql, qPrintable(sql ? QString() : sql.error().message));
    QCOMPARE(*sql, expected);
}

void TestSqliteDialect::alembicOffline_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<QStringList>("statements");

    const SqliteDialect &d = m_dialect;
    auto ok = [](const Result<QString> &r) { return r ? *r : u"ERROR: "_s + r.error().message; };

    QTest::newRow("add_column_literal_default")
        << u"add_column_literal_default"_s
        << QStringList{ok(d.addColumn(u"pet"_s, col(u"species"_s, SqlType::string(), false,
                                                    ServerDefault::literal(u"unknown"_s))))};
    QTest::newRow("add_column_text_default")
        << u"add_column_text_default"_s
        << QStringList{ok(d.addColumn(u"pet"_s, col(u"age"_s, SqlType::integer(), true, ServerDefault::expression(u"0"_s))))};
    QTest::newRow("add_column_quoted")
        << u"add_column_quoted"_s
        << QStringList{ok(d.addColumn(u"select"_s, col(u"Order"_s, SqlType::string(20), true,
                                                      ServerDefault::literal(u"it's"_s))))};
    QTest::newRow("drop_column") << u"drop_column"_s << QStringList{d.dropColumn(u"pet"_s, u"age"_s)};
    QTest::newRow("rename_column") << u"rename_column"_s << QStringList{d.renameColumn(u"pet"_s, u"name"_s, u"title"_s)};
    QTest::newRow("rename_table") << u"rename_table"_s << QStringList{d.renameTable(u"pet"_s, u"animal"_s)};
    QTest::newRow("create_index")
        << u"create_index"_s
        << QStringList{ok(d.createIndex(u"pet"_s, Index{u"ix_pet_name"_s, false, {u"name"_s}, true}))};
    QTest::newRow("create_index_quoted")
        << u"create_index_quoted"_s
        << QStringList{ok(d.createIndex(u"order"_s, Index{u"Ix Both"_s, false, {u"select"_s, u"a b"_s}, false}))};
    QTest::newRow("drop_index") << u"drop_index"_s << QStringList{d.dropIndex(u"ix_pet_name"_s)};
    QTest::newRow("drop_table") << u"drop_table"_s << QStringList{d.dropTable(u"user"_s)};
    {
        Dialect::ColumnAlteration a;
        a.nullable = true;
        a.serverDefault = std::optional<ServerDefault>(ServerDefault::literal(u"x"_s));
        a.type = SqlType::text();
        a.newName = u"nm"_s;
        auto r = d.alterColumn(u"pet"_s, u"name"_s, a);
        QTest::newRow("alter_column_generic") << u"alter_column_generic"_s
                                              << (r ? *r : QStringList{u"ERROR: "_s + r.error().message});
    }
    {
        Table pet;
        pet.name = u"pet"_s;
        pet.columns = {col(u"id"_s, SqlType::integer(), false), col(u"name"_s, SqlType::autoString(), false),
                       col(u"owner_id"_s, SqlType::integer())};
        Constraint fk = Constraint::foreignKey({u"owner_id"_s}, u"user"_s, {u"id"_s}, u"fk_pet_owner_id_user"_s);
        fk.onDelete = u"CASCADE"_s;
        pet.constraints = {fk, Constraint::primaryKey({u"id"_s}, u"pk_pet"_s),
                           Constraint::unique({u"name"_s}, u"uq_pet_name"_s)};
        auto r = d.createTableWithIndexes(pet);
        QTest::newRow("create_table_pet") << u"create_table_pet"_s
                                          << (r ? *r : QStringList{u"ERROR: "_s + r.error().message});
    }
}

void TestSqliteDialect::alembicOffline()
{
    QFETCH(QString, caseName);
    QFETCH(QStringList, statements);
    QVERIFY2(m_alembic.contains(caseName), qPrintable(caseName));
    QCOMPARE(offline(statements), m_alembic.value(caseName).toString());
}

void TestSqliteDialect::storedFormMatchesSqlite()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString connection = u"tst_sqlitedialect_stored"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, connection);
        db.setDatabaseName(dir.filePath(u"stored.db"_s));
        QVERIFY(db.open());
        Table t;
        t.name = u"pet"_s;
        t.columns = {col(u"id"_s, SqlType::integer(), false), col(u"name"_s, SqlType::string(), false)};
        t.constraints = {Constraint::primaryKey({u"id"_s}, u"pk_pet"_s)};
        auto sql = m_dialect.createTable(t);
        QVERIFY(sql);
        QCOMPARE(*sql, u"\nCREATE TABLE pet (\n\tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, \n\tCONSTRAINT pk_pet "
                        u"PRIMARY KEY (id)\n)\n\n"_s);
        QSqlQuery q(db);
        QVERIFY(q.exec(*sql));
        QVERIFY(q.exec(u"SELECT sql FROM sqlite_master WHERE name = 'pet'"_s));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), Dialect::storedForm(*sql));
        q.finish();
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
}

void TestSqliteDialect::errors()
{
    Table t;
    t.name = u"t"_s;
    t.columns = {col(u"a"_s, SqlType::integer())};
    Constraint fk = Constraint::foreignKey({u"a"_s}, u"o"_s, {u"id"_s});
    fk.onDelete = u"DROP EVERYTHING"_s;
    t.constraints = {fk};
    auto bad = m_dialect.createTable(t);
    QVERIFY(!bad);
    QVERIFY(bad.error().message.contains(u"Unexpected SQL phrase: 'DROP EVERYTHING'"_s));

    QVERIFY(!m_dialect.createIndex(u"t"_s, Index{QString(), false, {u"a"_s}, false}));
    auto constraint = m_dialect.addConstraint(u"t"_s, Constraint::unique({u"a"_s}, u"uq"_s));
    QVERIFY(!constraint);
    QVERIFY(constraint.error().message.startsWith(u"No support for ALTER of constraints in SQLite dialect."_s));
    QVERIFY(!m_dialect.dropConstraint(u"t"_s, u"uq"_s));
}

QTEST_GUILESS_MAIN(TestSqliteDialect)
#include "tst_sqlitedialect.moc"
