#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/sqlitedialect.h"
#include "inspect/sqliteinspector.h"
#include "schema/metadata.h"
#include "schema/model.h"

using namespace Qt::StringLiterals;
using namespace pm;

Q_DECLARE_METATYPE(pm::MetaData)

namespace {

QMap<QString, QString> tutorialConvention()
{
    return {{u"ix"_s, u"ix_%(column_0_label)s"_s},
            {u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s},
            {u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s},
            {u"fk"_s, u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"_s},
            {u"pk"_s, u"pk_%(table_name)s"_s}};
}

Column col(const QString &name, SqlType type, bool nullable = true, std::optional<ServerDefault> def = {})
{
    Column c;
    c.name = name;
    c.type = std::move(type);
    c.nullable = nullable;
    c.serverDefault = std::move(def);
    return c;
}

Constraint fkey(QStringList cols, QString table, QStringList refs, QString name = {}, QString onDelete = {},
                QString onUpdate = {})
{
    Constraint c = Constraint::foreignKey(std::move(cols), std::move(table), std::move(refs), std::move(name));
    c.onDelete = std::move(onDelete);
    c.onUpdate = std::move(onUpdate);
    return c;
}

MetaData withConvention(const QList<Table> &tables, QMap<QString, QString> convention = {})
{
    MetaData md{NamingConvention(std::move(convention))};
    for (const Table &t : tables) {
        auto added = md.addTable(t);
        if (!added)
            qFatal("bad test model: %s", qPrintable(added.error().message));
    }
    return md;
}

// --- the models of make_fixtures.py, declared again in C++ ---------------

MetaData tutorialModels()
{
    MetaData md{NamingConvention(tutorialConvention())};
    for (const QString &name : {u"user"_s, u"pet"_s}) {
        auto t = model(name, {field<std::optional<int>>(u"id"_s, {.primaryKey = true}), field<QString>(u"name"_s)});
        if (!t || !md.addTable(*t))
            qFatal("tutorial model");
    }
    return md;
}

MetaData petmanagerModels()
{
    Table user;
    user.name = u"user"_s;
    user.columns = {col(u"id"_s, SqlType::integer(), false), col(u"name"_s, SqlType::autoString(), false),
                    col(u"email"_s, SqlType::autoString(120))};
    user.constraints = {Constraint::primaryKey({u"id"_s})};
    user.indexes = {Index{u"ix_user_email"_s, false, {u"email"_s}, true}};
    Table pet;
    pet.name = u"pet"_s;
    pet.columns = {col(u"id"_s, SqlType::integer(), false),
                   col(u"name"_s, SqlType::autoString(), false),
                   col(u"species"_s, SqlType::autoString(), false, ServerDefault::literal(u"unknown"_s)),
                   col(u"owner_id"_s, SqlType::integer()),
                   col(u"weight_kg"_s, SqlType::floating()),
                   col(u"born"_s, SqlType::date()),
                   col(u"created"_s, SqlType::dateTime(), false, ServerDefault::expression(u"CURRENT_TIMESTAMP"_s))};
    pet.constraints = {Constraint::primaryKey({u"id"_s}), Constraint::check(u"weight_kg > 0"_s, u"positive_weight"_s),
                       Constraint::unique({u"name"_s, u"owner_id"_s}),
                       fkey({u"owner_id"_s}, u"user"_s, {u"id"_s}, {}, u"SET NULL"_s)};
    pet.indexes = {Index{u"ix_pet_species"_s, false, {u"species"_s}, false}};
    return withConvention({user, pet}, tutorialConvention());
}

MetaData typesModels()
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
    return withConvention({t});
}

MetaData quotingModels()
{
    Table order;
    order.name = u"order"_s;
    order.columns = {col(u"select"_s, SqlType::integer(), false), col(u"Mixed"_s, SqlType::integer(), false),
                     col(u"1st"_s, SqlType::string(10)), col(u"a b"_s, SqlType::integer()),
                     col(u"parent_select"_s, SqlType::integer()), col(u"parent_mixed"_s, SqlType::integer())};
    order.constraints = {Constraint::primaryKey({u"select"_s, u"Mixed"_s}),
                         fkey({u"parent_select"_s, u"parent_mixed"_s}, u"order"_s, {u"select"_s, u"Mixed"_s},
                              u"fk_order_parent"_s, u"CASCADE"_s, u"RESTRICT"_s),
                         Constraint::unique({u"1st"_s}, u"uq_first"_s)};
    order.indexes = {Index{u"ix_order_ab"_s, false, {u"a b"_s}, false}};
    Table user;
    user.name = u"user"_s;
    user.columns = {col(u"id"_s, SqlType::integer(), false), col(u"order_select"_s, SqlType::integer()),
                    col(u"order_mixed"_s, SqlType::integer())};
    user.constraints = {Constraint::primaryKey({u"id"_s}),
                        fkey({u"order_select"_s, u"order_mixed"_s}, u"order"_s, {u"select"_s, u"Mixed"_s}),
                        Constraint::unique({u"order_select"_s, u"order_mixed"_s}), Constraint::check(u"id > 0"_s)};
    return withConvention({order, user});
}

MetaData compositeModels()
{
    Table a;
    a.name = u"account"_s;
    a.columns = {col(u"org"_s, SqlType::string(20), false), col(u"num"_s, SqlType::integer(), false),
                 col(u"label"_s, SqlType::text())};
    a.constraints = {Constraint::primaryKey({u"num"_s, u"org"_s}, u"pk_account"_s)};
    Table e;
    e.name = u"entry"_s;
    e.columns = {col(u"id"_s, SqlType::bigInteger(), false), col(u"org"_s, SqlType::string(20)),
                 col(u"num"_s, SqlType::integer()), col(u"other"_s, SqlType::bigInteger()),
                 col(u"amount"_s, SqlType::numeric(12, 4), false, ServerDefault::expression(u"0"_s))};
    Constraint deferred = fkey({u"other"_s}, u"entry"_s, {u"id"_s}, u"fk_entry_other"_s, u"SET DEFAULT"_s);
    deferred.deferrable = u"DEFERRABLE"_s;
    deferred.initially = u"DEFERRED"_s;
    e.constraints = {Constraint::primaryKey({u"id"_s}, u"pk_entry"_s),
                     fkey({u"org"_s, u"num"_s}, u"account"_s, {u"org"_s, u"num"_s}, u"fk_entry_account"_s,
                          u"CASCADE"_s, u"CASCADE"_s),
                     deferred, Constraint::check(u"length(org) > 0"_s, u"ck_entry_org"_s),
                     Constraint::check(u"amount <> 0"_s)};
    e.indexes = {Index{u"ix_entry_org_num"_s, false, {u"org"_s, u"num"_s}, true},
                 Index{u"ix_entry_amount"_s, false, {u"amount"_s}, false}};
    return withConvention({a, e});
}

MetaData noPkModels()
{
    Table t;
    t.name = u"log"_s;
    t.columns = {col(u"at"_s, SqlType::dateTime(), false, ServerDefault::expression(u"(datetime('now'))"_s)),
                 col(u"level"_s, SqlType::smallInteger()), col(u"msg"_s, SqlType::text()),
                 col(u"café"_s, SqlType::string()), col(u"raw"_s, SqlType{})};
    t.constraints = {Constraint::unique({u"at"_s, u"level"_s}, u"uq_log_at"_s), Constraint::unique({u"msg"_s}),
                     Constraint::check(u"level BETWEEN 0 AND 50"_s, u"ck_level"_s)};
    t.indexes = {Index{u"ix_log_café"_s, false, {u"café"_s}, false}};
    return withConvention({t});
}

// What reflection must give for a table our dialect created: reflected type
// spellings, defaults as stored text, constraints by kind, indexes by name.
MetaData expectedReflection(const MetaData &declared)
{
    const SqliteDialect dialect;
    MetaData out{NamingConvention(QMap<QString, QString>{})};
    QList<Table> tables = declared.tables();
    std::ranges::sort(tables, {}, &Table::name);
    for (Table t : tables) {
        const Constraint *pk = t.primaryKey();
        const QStringList pkCols = pk ? pk->columns : QStringList{};
        for (Column &c : t.columns) {
            c.type = SqliteInspector::resolveType(dialect.typeSql(c.type).value_or(QString()));
            if (c.serverDefault) {
                // SQLite keeps "DEFAULT (expr)" as expr.
                QString stored = c.serverDefault->sql();
                if (stored.startsWith(u'(') && stored.endsWith(u')'))
                    stored = stored.mid(1, stored.size() - 2);
                c.serverDefault = ServerDefault::expression(stored);
            }
            c.primaryKey = pkCols.contains(c.name);
            c.comment.clear();
        }
        QList<Constraint> sorted;
        for (auto kind : {Constraint::Kind::PrimaryKey, Constraint::Kind::ForeignKey, Constraint::Kind::Unique,
                          Constraint::Kind::Check}) {
            for (Constraint c : t.constraintsOfKind(kind)) {
                c.conventionName = false;
                if (kind == Constraint::Kind::PrimaryKey) {
                    // The pragma orders key columns by their position in the key.
                    c.columns = pkCols;
                }
                sorted << c;
            }
        }
        t.constraints = sorted;
        for (Index &i : t.indexes)
            i.conventionName = false;
        std::ranges::sort(t.indexes, {}, &Index::name);
        out.putTable(t);
    }
    return out;
}

// --- the shape make_fixtures.py prints -----------------------------------

QJsonValue orNull(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QJsonObject sqlalchemyView(const Table &t)
{
    const Constraint *pk = t.primaryKey();
    QJsonArray columns;
    for (const Column &c : t.columns) {
        const int position = pk ? int(pk->columns.indexOf(c.name)) + 1 : 0;
        columns.append(QJsonObject{
            {u"name"_s, c.name},
            {u"type"_s, QJsonObject{{u"repr"_s, c.type.pythonRepr()}, {u"class"_s, c.type.className()},
                                    {u"module"_s, c.type.dialectModule}}},
            {u"nullable"_s, c.nullable},
            {u"default"_s, c.serverDefault ? QJsonValue(c.serverDefault->sql()) : QJsonValue(QJsonValue::Null)},
            {u"primary_key"_s, position}});
    }
    QJsonArray fks, uniques, checks, indexes;
    for (const Constraint &c : t.constraints) {
        if (c.isForeignKey()) {
            QJsonObject options;
            if (!c.onDelete.isEmpty())
                options[u"ondelete"_s] = c.onDelete;
            if (!c.onUpdate.isEmpty())
                options[u"onupdate"_s] = c.onUpdate;
            if (!c.deferrable.isEmpty())
                options[u"deferrable"_s] = c.deferrable == u"DEFERRABLE";
            if (!c.initially.isEmpty())
                options[u"initially"_s] = c.initially;
            fks.append(QJsonObject{{u"name"_s, orNull(c.name)},
                                   {u"constrained_columns"_s, QJsonArray::fromStringList(c.columns)},
                                   {u"referred_table"_s, c.referredTable},
                                   {u"referred_columns"_s, QJsonArray::fromStringList(c.referredColumns)},
                                   {u"options"_s, options}});
        } else if (c.isUnique()) {
            uniques.append(QJsonObject{{u"name"_s, orNull(c.name)}, {u"column_names"_s, QJsonArray::fromStringList(c.columns)}});
        } else if (c.isCheck()) {
            checks.append(QJsonObject{{u"name"_s, orNull(c.name)}, {u"sqltext"_s, c.sqlText}});
        }
    }
    for (const Index &i : t.indexes) {
        indexes.append(QJsonObject{{u"name"_s, i.name}, {u"column_names"_s, QJsonArray::fromStringList(i.columns)},
                                   {u"unique"_s, i.unique}});
    }
    return QJsonObject{{u"columns"_s, columns},
                       {u"pk"_s, QJsonObject{{u"name"_s, orNull(pk ? pk->name : QString())},
                                             {u"constrained_columns"_s,
                                              QJsonArray::fromStringList(pk ? pk->columns : QStringList{})}}},
                       {u"fks"_s, fks},
                       {u"uniques"_s, uniques},
                       {u"checks"_s, checks},
                       {u"indexes"_s, indexes}};
}

// Python's type module to our dialectModule: "sqlalchemy.dialects.sqlite.json" -> "sqlite".
QJsonObject normalizePython(QJsonObject table)
{
    QJsonArray columns = table.value(u"columns"_s).toArray();
    for (qsizetype i = 0; i < columns.size(); ++i) {
        QJsonObject c = columns.at(i).toObject();
        QJsonObject type = c.value(u"type"_s).toObject();
        const QString module = type.value(u"module"_s).toString();
        type[u"module"_s] = module.startsWith(u"sqlalchemy.dialects.sqlite"_s) ? u"sqlite"_s : QString();
        c[u"type"_s] = type;
        columns[i] = c;
    }
    table[u"columns"_s] = columns;
    return table;
}

QString pretty(const QJsonObject &o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Indented));
}

QString describe(const MetaData &md)
{
    QJsonObject o;
    for (const Table &t : md.tables())
        o[t.name] = sqlalchemyView(t);
    return pretty(o);
}

// QCOMPARE cuts long strings; say which line differs.
bool sameText(const QString &actual, const QString &expected, QString *why)
{
    if (actual == expected)
        return true;
    const QStringList a = actual.split(u'\n');
    const QStringList e = expected.split(u'\n');
    for (qsizetype i = 0; i < std::max(a.size(), e.size()); ++i) {
        if (a.value(i) != e.value(i)) {
            *why = u"line %1:\n  actual:   %2\n  expected: %3\ncontext:\n%4"_s.arg(i + 1).arg(a.value(i), e.value(i),
                a.mid(std::max<qsizetype>(0, i - 8), 12).join(u'\n'));
            return false;
        }
    }
    return false;
}

} // namespace

class TestSqliteInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void resolveType_data();
    void resolveType();
    void matchesSqlAlchemy_data();
    void matchesSqlAlchemy();
    void createTableMatchesSqlAlchemy_data();
    void createTableMatchesSqlAlchemy();
    void roundTrip_data();
    void roundTrip();
    void constantQueryCount();
    void excludesTables();
    void inlineReferencesKeepActions();
    void checkConstraintText_data();
    void checkConstraintText();
    void badInput_data();
    void badInput();

private:
    QSqlDatabase open(const QString &path, const QString &options = {});

    QTemporaryDir m_dir;
    QJsonObject m_sets;
    QString m_connection;
    int m_counter = 0;
};

void TestSqliteInspector::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), {QStringLiteral(PM_SOURCE_DIR "/tests/core/inspect/make_fixtures.py"),
                                             m_dir.filePath(u"fixtures"_s)});
    QVERIFY2(python.waitForFinished(120000), qPrintable(u"cannot run "_s + QStringLiteral(PM_PYTHON)));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             python.readAllStandardError().constData());
    QJsonParseError error;
    const QJsonObject root = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    m_sets = root.value(u"sets"_s).toObject();
    QVERIFY(m_sets.contains(u"tutorial"_s));
}

void TestSqliteInspector::init()
{
    m_connection = u"tst_sqliteinspector_%1"_s.arg(++m_counter);
}

void TestSqliteInspector::cleanup()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connection, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connection);
}

QSqlDatabase TestSqliteInspector::open(const QString &path, const QString &options)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
    db.setDatabaseName(path);
    db.setConnectOptions(options);
    db.open();
    return db;
}

void TestSqliteInspector::resolveType_data()
{
    QTest::addColumn<QString>("declared");
    QTest::addColumn<QString>("repr");
    QTest::addColumn<QString>("sql");
    // repr() values printed by SQLAlchemy for the same declarations.
    QTest::newRow("VARCHAR(50)") << u"VARCHAR(50)"_s << u"VARCHAR(length=50)"_s << u"VARCHAR(50)"_s;
    QTest::newRow("varchar lower") << u"varchar"_s << u"VARCHAR()"_s << u"VARCHAR"_s;
    QTest::newRow("DATETIME") << u"DATETIME"_s << u"DATETIME()"_s << u"DATETIME"_s;
    QTest::newRow("numeric(10,2)") << u"numeric(10,2)"_s << u"NUMERIC(precision=10, scale=2)"_s << u"NUMERIC(10, 2)"_s;
    QTest::newRow("DOUBLE PRECISION") << u"DOUBLE PRECISION"_s << u"REAL()"_s << u"REAL"_s;
    QTest::newRow("DOUBLE") << u"DOUBLE"_s << u"FLOAT()"_s << u"FLOAT"_s;
    QTest::newRow("empty") << QString() << u"NullType()"_s << QString();
    QTest::newRow("INT8") << u"INT8"_s << u"INTEGER()"_s << u"INTEGER"_s;
    QTest::newRow("INTEGER(5) ignores args") << u"INTEGER(5)"_s << u"INTEGER()"_s << u"INTEGER"_s;
    QTest::newRow("JSON") << u"JSON"_s << u"JSON()"_s << u"JSON"_s;
    QTest::newRow("BOOL") << u"BOOL"_s << u"BOOLEAN()"_s << u"BOOLEAN"_s;
    QTest::newRow("CLOB") << u"CLOB"_s << u"TEXT()"_s << u"TEXT"_s;
    QTest::newRow("XBLOB keeps declaration") << u"XBLOB"_s << u"NullType()"_s << u"XBLOB"_s;
    QTest::newRow("MONEY") << u"MONEY"_s << u"NUMERIC()"_s << u"NUMERIC"_s;
    QTest::newRow("DECIMAL (7,3) with space") << u"DECIMAL (7,3)"_s << u"NUMERIC(precision=7, scale=3)"_s
                                             << u"NUMERIC(7, 3)"_s;
    QTest::newRow("CHAR(32)") << u"CHAR(32)"_s << u"CHAR(length=32)"_s << u"CHAR(32)"_s;
    QTest::newRow("TIMESTAMP") << u"TIMESTAMP"_s << u"TIMESTAMP()"_s << u"TIMESTAMP"_s;
    QTest::newRow("FLOAT(53)") << u"FLOAT(53)"_s << u"FLOAT(precision=53)"_s << u"FLOAT"_s;
    QTest::newRow("VARCHAR(1,2,3) too many") << u"VARCHAR(1,2,3)"_s << u"VARCHAR()"_s << u"VARCHAR"_s;
}

void TestSqliteInspector::resolveType()
{
    QFETCH(QString, declared);
    QFETCH(QString, repr);
    QFETCH(QString, sql);
    const SqlType type = SqliteInspector::resolveType(declared);
    QCOMPARE(type.pythonRepr(), repr);
    QCOMPARE(SqliteDialect().typeSql(type).value_or(u"<error>"_s), sql);
}

void TestSqliteInspector::matchesSqlAlchemy_data()
{
    QTest::addColumn<QString>("set");
    for (const QString &set : {u"tutorial"_s, u"petmanager"_s, u"types"_s, u"quoting"_s, u"raw"_s})
        QTest::newRow(qPrintable(set)) << set;
}

void TestSqliteInspector::matchesSqlAlchemy()
{
    QFETCH(QString, set);
    const QJsonObject fixture = m_sets.value(set).toObject();
    QSqlDatabase db = open(fixture.value(u"db"_s).toString());
    QVERIFY(db.isOpen());
    auto md = SqliteInspector(db).reflect();
    QVERIFY2(md, qPrintable(md ? QString() : md.error().message));
    const QJsonObject expected = fixture.value(u"inspect"_s).toObject();
    QCOMPARE(md->tableNames(), expected.keys());
    for (const Table &t : md->tables())
    {
        QString why;
        QVERIFY2(sameText(pretty(sqlalchemyView(t)), pretty(normalizePython(expected.value(t.name).toObject())), &why),
                 qPrintable(t.name + u": "_s + why));
    }
}

void TestSqliteInspector::createTableMatchesSqlAlchemy_data()
{
    QTest::addColumn<QString>("set");
    QTest::addColumn<MetaData>("models");
    QTest::newRow("tutorial") << u"tutorial"_s << tutorialModels();
    QTest::newRow("petmanager") << u"petmanager"_s << petmanagerModels();
    QTest::newRow("types") << u"types"_s << typesModels();
    QTest::newRow("quoting") << u"quoting"_s << quotingModels();
}

void TestSqliteInspector::createTableMatchesSqlAlchemy()
{
    QFETCH(QString, set);
    QFETCH(MetaData, models);
    const QJsonObject fixture = m_sets.value(set).toObject();
    const QJsonObject createSql = fixture.value(u"create_sql"_s).toObject();
    const QJsonObject indexSql = fixture.value(u"create_index_sql"_s).toObject();
    const SqliteDialect dialect;
    QCOMPARE(models.tableNames().size(), createSql.size());
    for (const Table &t : models.tables()) {
        auto sql = dialect.createTable(t);
        QVERIFY2(sql, qPrintable(sql ? QString() : sql.error().message));
        QCOMPARE(*sql, createSql.value(t.name).toString());
        for (const Index &i : t.indexes) {
            auto index = dialect.createIndex(t.name, i, t.schema);
            QVERIFY(index);
            QCOMPARE(*index, indexSql.value(i.name).toString());
        }
    }
}

void TestSqliteInspector::roundTrip_data()
{
    QTest::addColumn<MetaData>("models");
    QTest::newRow("seed tutorial") << tutorialModels();
    QTest::newRow("pet manager") << petmanagerModels();
    QTest::newRow("every type") << typesModels();
    QTest::newRow("reserved and mixed-case names") << quotingModels();
    QTest::newRow("composite keys, actions, deferrable") << compositeModels();
    QTest::newRow("no primary key, unicode, untyped") << noPkModels();
}

void TestSqliteInspector::roundTrip()
{
    QFETCH(MetaData, models);
    QSqlDatabase db = open(m_dir.filePath(m_connection + u".db"_s));
    QVERIFY(db.isOpen());
    const SqliteDialect dialect;
    QSqlQuery q(db);
    for (const Table &t : models.sortedTables()) {
        auto statements = dialect.createTableWithIndexes(t);
        QVERIFY2(statements, qPrintable(statements ? QString() : statements.error().message));
        for (const QString &s : *statements)
            QVERIFY2(q.exec(s), qPrintable(s + u": "_s + q.lastError().text()));
    }
    auto md = SqliteInspector(db).reflect();
    QVERIFY2(md, qPrintable(md ? QString() : md.error().message));
    const MetaData expected = expectedReflection(models);
    QString why;
    QVERIFY2(sameText(describe(*md), describe(expected), &why), qPrintable(why));
    QVERIFY(*md == expected);
}

void TestSqliteInspector::constantQueryCount()
{
    QSqlDatabase db = open(m_dir.filePath(m_connection + u".db"_s));
    QSqlQuery q(db);
    auto reflectOnce = [&] {
        SqliteInspector inspector(db);
        auto md = inspector.reflect();
        return md ? inspector.lastQueryCount() : -1;
    };
    QVERIFY(q.exec(u"CREATE TABLE t0 (id INTEGER PRIMARY KEY, x INTEGER REFERENCES t0 (id))"_s));
    const int one = reflectOnce();
    QVERIFY(one > 0);
    for (int i = 1; i < 60; ++i) {
        QVERIFY(q.exec(u"CREATE TABLE t%1 (id INTEGER PRIMARY KEY, x INTEGER REFERENCES t0 (id), y TEXT UNIQUE)"_s.arg(i)));
        QVERIFY(q.exec(u"CREATE INDEX ix_t%1_x ON t%1 (x)"_s.arg(i)));
    }
    QCOMPARE(reflectOnce(), one);
    QCOMPARE(one, 4);
}

void TestSqliteInspector::excludesTables()
{
    QSqlDatabase db = open(m_dir.filePath(m_connection + u".db"_s));
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                   u"CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"_s));
    QVERIFY(q.exec(u"CREATE TABLE pet (id INTEGER PRIMARY KEY AUTOINCREMENT)"_s)); // makes sqlite_sequence
    auto md = SqliteInspector(db).reflect({u"alembic_version"_s});
    QVERIFY(md);
    QCOMPARE(md->tableNames(), QStringList{u"pet"_s});
    QVERIFY(md->namingConvention().isEmpty());
}

void TestSqliteInspector::inlineReferencesKeepActions()
{
    // SQLAlchemy drops the actions of a column-level REFERENCES; a rebuild
    // from our reflection must not (documented deviation).
    QSqlDatabase db = open(m_dir.filePath(m_connection + u".db"_s));
    QSqlQuery q(db);
    QVERIFY(q.exec(u"CREATE TABLE owner (id INTEGER PRIMARY KEY)"_s));
    QVERIFY(q.exec(u"CREATE TABLE pet (id INTEGER PRIMARY KEY, owner_id INTEGER REFERENCES owner ON DELETE CASCADE)"_s));
    auto md = SqliteInspector(db).reflect();
    QVERIFY(md);
    const QList<Constraint> fks = md->table(u"pet"_s)->constraintsOfKind(Constraint::Kind::ForeignKey);
    QCOMPARE(fks.size(), 1);
    QCOMPARE(fks.first().referredColumns, QStringList{u"id"_s});
    QCOMPARE(fks.first().onDelete, u"CASCADE"_s);
    QVERIFY(fks.first().onUpdate.isEmpty());
}

void TestSqliteInspector::checkConstraintText_data()
{
    // Each expected entry is "name|text" ("|text" when unnamed), in statement order.
    QTest::addColumn<QString>("ddl");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("own line, as SQLAlchemy writes it")
        << u"CREATE TABLE t (\n\tx INTEGER, \n\tCONSTRAINT ck_x CHECK (x > 0)\n)"_s << QStringList{u"ck_x|x > 0"_s};
    // SQLAlchemy reflects "x > 0)" here.
    QTest::newRow("last, closing the statement on its line")
        << u"CREATE TABLE t (x INTEGER, CONSTRAINT ck_x CHECK (x > 0))"_s << QStringList{u"ck_x|x > 0"_s};
    QTest::newRow("nested brackets, closing the statement")
        << u"CREATE TABLE t (name TEXT, x INTEGER, CONSTRAINT ck_t CHECK (length(name) > 0 AND (x < 5)))"_s
        << QStringList{u"ck_t|length(name) > 0 AND (x < 5)"_s};
    QTest::newRow("two on one line")
        << u"CREATE TABLE t (x INTEGER, CONSTRAINT ck_a CHECK (x > 0), CONSTRAINT ck_b CHECK (x < 9))"_s
        << QStringList{u"ck_a|x > 0"_s, u"ck_b|x < 9"_s};
    QTest::newRow("bracket in a string literal")
        << u"CREATE TABLE t (name TEXT, CONSTRAINT ck_name CHECK (name <> ')' AND name <> '('))"_s
        << QStringList{u"ck_name|name <> ')' AND name <> '('"_s};
    QTest::newRow("column level, unnamed")
        << u"CREATE TABLE t (x INTEGER CHECK (x > 0), y INTEGER)"_s << QStringList{u"|x > 0"_s};
    QTest::newRow("quoted name with a space")
        << u"CREATE TABLE t (x INTEGER, CONSTRAINT \"ck x\" CHECK (x > 0))"_s << QStringList{u"ck x|x > 0"_s};
    QTest::newRow("CHECK inside a default is not one")
        << u"CREATE TABLE t (note TEXT DEFAULT 'CHECK (1)', x INTEGER, CONSTRAINT ck_x CHECK (x > 0))"_s
        << QStringList{u"ck_x|x > 0"_s};
    QTest::newRow("spread over lines")
        << u"CREATE TABLE t (\n  x INTEGER,\n  CONSTRAINT ck_x CHECK (x > 0\n    AND x < 9)\n)"_s
        << QStringList{u"ck_x|x > 0\n    AND x < 9"_s};
}

void TestSqliteInspector::checkConstraintText()
{
    QFETCH(QString, ddl);
    QFETCH(QStringList, expected);
    QSqlDatabase db = open(m_dir.filePath(m_connection + u".db"_s));
    QSqlQuery q(db);
    QVERIFY2(q.exec(ddl), qPrintable(q.lastError().text()));
    auto md = SqliteInspector(db).reflect();
    QVERIFY2(md, qPrintable(md ? QString() : md.error().message));
    QStringList checks;
    for (const Constraint &c : md->table(u"t"_s)->constraintsOfKind(Constraint::Kind::Check))
        checks << c.name + u'|' + c.sqlText;
    QCOMPARE(checks, expected);
}

void TestSqliteInspector::badInput_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("needle");
    QTest::newRow("not a database") << u"garbage"_s << u"file is not a database"_s;
    QTest::newRow("missing file, read-only") << u"missing"_s << u"not open"_s;
    QTest::newRow("never opened") << u"closed"_s << u"not open"_s;
}

void TestSqliteInspector::badInput()
{
    QFETCH(QString, kind);
    QFETCH(QString, needle);
    QSqlDatabase db;
    if (kind == u"garbage") {
        const QString path = m_dir.filePath(m_connection + u".db"_s);
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        db = open(path);
    } else if (kind == u"missing") {
        db = open(m_dir.filePath(u"does/not/exist.db"_s), u"QSQLITE_OPEN_READONLY"_s);
        QVERIFY(!db.isOpen());
    } else {
        db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        db.setDatabaseName(m_dir.filePath(m_connection + u".db"_s));
    }
    auto md = SqliteInspector(db).reflect();
    QVERIFY(!md);
    const QString message = md.error().message;
    QVERIFY2(message.contains(needle), qPrintable(message));
    QVERIFY2(message.endsWith(u'.') && !message.contains(u'\n'), qPrintable(message));
}

QTEST_GUILESS_MAIN(TestSqliteInspector)
#include "tst_sqliteinspector.moc"
