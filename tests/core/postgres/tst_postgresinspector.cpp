#include <QCoreApplication>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QUrl>

#include "dialect/postgresdialect.h"
#include "inspect/postgresinspector.h"
#include "schema/metadata.h"

using namespace Qt::StringLiterals;
using namespace pm;

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

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const auto &e : v.toArray())
        out << e.toString();
    return out;
}

// What a reflected table is compared on in a round trip: types as generic
// types, autoincrement as reflection cannot tell Auto from Yes.
Table comparable(Table t)
{
    for (Column &c : t.columns) {
        c.type = c.type.generic();
        c.autoincrement = Column::Autoincrement::Auto;
        if (c.type.kind == SqlType::Kind::AutoString)
            c.type.kind = SqlType::Kind::String;
    }
    for (Constraint &c : t.constraints)
        c.conventionName = false;
    for (Index &i : t.indexes)
        i.conventionName = false;
    return t;
}

} // namespace

class TestPostgresInspector : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void matchesSqlAlchemy_data();
    void matchesSqlAlchemy();
    void excludesVersionTable();
    void constantQueryCount();
    void roundTrip();
    void searchPathAndSchema();
    void enumTypes();
    void refusesClosedConnection();

private:
    bool exec(const QString &sql);
    QSqlDatabase m_db;
    QUrl m_serverUrl;
    QString m_dbName;
    QJsonObject m_theirs;
    MetaData m_ours;
};

bool TestPostgresInspector::exec(const QString &sql)
{
    QSqlQuery q(m_db);
    if (q.exec(sql))
        return true;
    qWarning("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return false;
}

void TestPostgresInspector::initTestCase()
{
    // The pg_cluster fixture writes the server's URL; without it these
    // tests cannot run, which is a failure, never a skip.
    const QString urlFile = qEnvironmentVariable("PM_PG_URL_FILE");
    QVERIFY2(!urlFile.isEmpty(), "PM_PG_URL_FILE is not set: run through ctest (pg_cluster fixture)");
    QFile file(urlFile);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(u"no server URL in "_s + urlFile + u" (did pg_cluster_start fail?)"_s));
    m_serverUrl = QUrl(QString::fromUtf8(file.readAll()).trimmed());
    QVERIFY2(m_serverUrl.isValid() && m_serverUrl.port() > 0, qPrintable(m_serverUrl.toString()));

    // A database of our own: suites may run side by side on one server.
    m_dbName = u"pm_inspect_%1"_s.arg(QCoreApplication::applicationPid());
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, u"admin"_s);
        admin.setHostName(m_serverUrl.host());
        admin.setPort(m_serverUrl.port());
        admin.setUserName(m_serverUrl.userName());
        admin.setDatabaseName(u"postgres"_s);
        QVERIFY2(admin.open(), qPrintable(admin.lastError().text()));
        QSqlQuery q(admin);
        q.exec(u"DROP DATABASE IF EXISTS "_s + m_dbName);
        QVERIFY2(q.exec(u"CREATE DATABASE "_s + m_dbName), qPrintable(q.lastError().text()));
        admin.close();
    }
    QSqlDatabase::removeDatabase(u"admin"_s);

    // SQLAlchemy creates the reference models through psycopg2 and says
    // what it reflects.
    QUrl dbUrl = m_serverUrl;
    dbUrl.setPath(u"/"_s + m_dbName);
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), {QStringLiteral(PM_SOURCE_DIR "/tests/core/postgres/pg_reflect_oracle.py"),
                                             dbUrl.toString()});
    QVERIFY2(python.waitForFinished(120000), "the Python oracle did not finish");
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             python.readAllStandardError().constData());
    QJsonParseError error;
    m_theirs = QJsonDocument::fromJson(python.readAllStandardOutput(), &error).object();
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));

    m_db = QSqlDatabase::addDatabase(u"QPSQL"_s, u"inspect"_s);
    m_db.setHostName(m_serverUrl.host());
    m_db.setPort(m_serverUrl.port());
    m_db.setUserName(m_serverUrl.userName());
    m_db.setDatabaseName(m_dbName);
    QVERIFY2(m_db.open(), qPrintable(m_db.lastError().text()));

    auto reflected = PostgresInspector(m_db).reflect();
    QVERIFY2(reflected, qPrintable(reflected ? QString() : reflected.error().message));
    m_ours = *reflected;
}

void TestPostgresInspector::cleanupTestCase()
{
    m_db.close();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"inspect"_s);
    QSqlDatabase admin = QSqlDatabase::addDatabase(u"QPSQL"_s, u"admin"_s);
    admin.setHostName(m_serverUrl.host());
    admin.setPort(m_serverUrl.port());
    admin.setUserName(m_serverUrl.userName());
    admin.setDatabaseName(u"postgres"_s);
    if (admin.open())
        QSqlQuery(admin).exec(u"DROP DATABASE IF EXISTS "_s + m_dbName);
    admin.close();
    admin = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"admin"_s);
}

void TestPostgresInspector::matchesSqlAlchemy_data()
{
    QTest::addColumn<QString>("table");
    for (const QString &name : m_theirs.keys())
        QTest::newRow(name.toUtf8().constData()) << name;
}

void TestPostgresInspector::matchesSqlAlchemy()
{
    QFETCH(QString, table);
    const QJsonObject theirs = m_theirs[table].toObject();
    const Table *ours = m_ours.table(table);
    QVERIFY(ours);

    const QJsonArray columns = theirs[u"columns"_s].toArray();
    QCOMPARE(ours->columns.size(), columns.size());
    for (int i = 0; i < columns.size(); ++i) {
        const QJsonObject c = columns[i].toObject();
        const Column &o = ours->columns[i];
        QCOMPARE(o.name, c[u"name"_s].toString());
        QCOMPARE(o.nullable, c[u"nullable"_s].toBool());
        if (o.type.kind == SqlType::Kind::Other) {
            // ARRAY and friends: SQLAlchemy's types we do not model.
            QVERIFY2(c[u"type"_s].toString().startsWith(u"ARRAY("_s), qPrintable(c[u"type"_s].toString()));
        } else {
            QString type = c[u"type"_s].toString();
            type.remove(u"astext_type=Text()"_s); // JSON's default argument, not modelled
            QCOMPARE(o.type.pythonRepr(), type);
            QCOMPARE(o.type.dialectModule == u"postgresql",
                     c[u"module"_s].toString().startsWith(u"sqlalchemy.dialects.postgresql"_s));
        }
        // Alembic's autogen_column_reflect drops a SERIAL's nextval default.
        const QString def = c[u"default"_s].toString();
        if (c[u"autoincrement"_s].toBool() && def.startsWith(u"nextval("_s)) {
            QVERIFY(!o.serverDefault);
            QCOMPARE(o.autoincrement, Column::Autoincrement::Yes);
        } else if (c[u"default"_s].isNull()) {
            QVERIFY2(!o.serverDefault, qPrintable(o.name));
        } else {
            QVERIFY(o.serverDefault);
            QCOMPARE(o.serverDefault->text, def);
        }
    }

    const QJsonObject pk = theirs[u"pk"_s].toObject();
    QVERIFY(ours->primaryKey());
    QCOMPARE(ours->primaryKey()->name, pk[u"name"_s].toString());
    QCOMPARE(ours->primaryKey()->columns, strings(pk[u"columns"_s]));

    const auto fks = ours->constraintsOfKind(Constraint::Kind::ForeignKey);
    const QJsonArray theirFks = theirs[u"fks"_s].toArray();
    QCOMPARE(fks.size(), theirFks.size());
    for (int i = 0; i < fks.size(); ++i) {
        const QJsonObject f = theirFks[i].toObject();
        QCOMPARE(fks[i].name, f[u"name"_s].toString());
        QCOMPARE(fks[i].columns, strings(f[u"columns"_s]));
        QCOMPARE(fks[i].referredTable, f[u"table"_s].toString());
        QCOMPARE(fks[i].referredSchema, f[u"schema"_s].toString());
        QCOMPARE(fks[i].referredColumns, strings(f[u"refs"_s]));
        QCOMPARE(fks[i].onDelete, f[u"ondelete"_s].toString());
        QCOMPARE(fks[i].onUpdate, f[u"onupdate"_s].toString());
        QCOMPARE(fks[i].deferrable.isEmpty(), !f[u"deferrable"_s].toBool());
        QCOMPARE(fks[i].initially, f[u"initially"_s].toString());
    }
    const auto uniques = ours->constraintsOfKind(Constraint::Kind::Unique);
    const QJsonArray theirUniques = theirs[u"uniques"_s].toArray();
    QCOMPARE(uniques.size(), theirUniques.size());
    for (int i = 0; i < uniques.size(); ++i) {
        QCOMPARE(uniques[i].name, theirUniques[i].toObject()[u"name"_s].toString());
        QCOMPARE(uniques[i].columns, strings(theirUniques[i].toObject()[u"columns"_s]));
    }
    const auto checks = ours->constraintsOfKind(Constraint::Kind::Check);
    const QJsonArray theirChecks = theirs[u"checks"_s].toArray();
    QCOMPARE(checks.size(), theirChecks.size());
    for (int i = 0; i < checks.size(); ++i) {
        QCOMPARE(checks[i].name, theirChecks[i].toObject()[u"name"_s].toString());
        QCOMPARE(checks[i].sqlText, theirChecks[i].toObject()[u"sqltext"_s].toString());
    }
    const QJsonArray theirIndexes = theirs[u"indexes"_s].toArray();
    QCOMPARE(ours->indexes.size(), theirIndexes.size());
    for (int i = 0; i < theirIndexes.size(); ++i) {
        const QJsonObject ix = theirIndexes[i].toObject();
        QCOMPARE(ours->indexes[i].name, ix[u"name"_s].toString());
        QCOMPARE(ours->indexes[i].columns, strings(ix[u"columns"_s]));
        QCOMPARE(ours->indexes[i].unique, ix[u"unique"_s].toBool());
    }
}

void TestPostgresInspector::excludesVersionTable()
{
    auto reflected = PostgresInspector(m_db).reflect({u"alembic_version"_s});
    QVERIFY(reflected);
    QVERIFY(!reflected->table(u"alembic_version"_s));
    QVERIFY(reflected->table(u"pet"_s));
}

void TestPostgresInspector::constantQueryCount()
{
    PostgresInspector inspector(m_db);
    QVERIFY(inspector.reflect());
    const int before = inspector.lastQueryCount();
    QVERIFY(exec(u"CREATE SCHEMA many"_s));
    for (int i = 0; i < 30; ++i)
        QVERIFY(exec(u"CREATE TABLE many.t%1 (id SERIAL PRIMARY KEY, x INTEGER UNIQUE, "
                     u"y INTEGER REFERENCES many.t%1 (id), CHECK (x > 0))"_s.arg(i)));
    auto many = inspector.reflect({}, u"many"_s);
    QVERIFY2(many, qPrintable(many ? QString() : many.error().message));
    QCOMPARE(many->tables().size(), 30);
    QCOMPARE(inspector.lastQueryCount(), before);
    QVERIFY(exec(u"DROP SCHEMA many CASCADE"_s));
}

void TestPostgresInspector::roundTrip()
{
    // Our own DDL on the server, reflected back: the same table.
    PostgresDialect dialect;
    QVERIFY(exec(u"CREATE SCHEMA rt"_s));
    Table owner{u"user"_s, u"rt"_s, {col(u"id"_s, SqlType::integer(), false), col(u"name"_s, SqlType::string(40), false)}};
    owner.columns[0].primaryKey = true;
    owner.constraints = {Constraint::primaryKey({u"id"_s}, u"pk_user"_s), Constraint::unique({u"name"_s}, u"uq_user_name"_s)};
    Table pet{u"Pet"_s, u"rt"_s,
              {col(u"id"_s, SqlType::bigInteger(), false), col(u"owner"_s, SqlType::integer()),
               col(u"kind"_s, SqlType::enumeration({u"cat"_s, u"dog"_s}, u"kind"_s), false),
               col(u"weight"_s, SqlType::numeric(6, 2), true, ServerDefault::expression(u"0.0"_s)),
               col(u"born"_s, SqlType::dateTime(true)), col(u"guid"_s, SqlType::uuid()),
               col(u"blob"_s, SqlType::largeBinary()), col(u"ok"_s, SqlType::boolean(), false, ServerDefault::expression(u"true"_s))}};
    pet.columns[0].primaryKey = true;
    Constraint fk = Constraint::foreignKey({u"owner"_s}, u"user"_s, {u"id"_s}, u"fk_pet_owner"_s);
    fk.referredSchema = u"rt"_s;
    fk.onDelete = u"CASCADE"_s;
    pet.constraints = {Constraint::primaryKey({u"id"_s}, u"pk_pet"_s), fk, Constraint::check(u"weight >= 0"_s, u"ck_weight"_s)};
    pet.indexes = {Index{u"ix_pet_born"_s, false, {u"born"_s, u"owner"_s}, false}};
    // Enum types go in the schema search_path names first.
    QVERIFY(exec(u"SET search_path TO rt"_s));
    for (const Table &t : {owner, pet}) {
        auto statements = dialect.createTableStatements(t);
        QVERIFY2(statements, qPrintable(statements ? QString() : statements.error().message));
        for (const QString &s : *statements)
            QVERIFY(exec(s));
    }
    QVERIFY(exec(u"SET search_path TO public"_s));

    auto reflected = PostgresInspector(m_db).reflect({}, u"rt"_s);
    QVERIFY2(reflected, qPrintable(reflected ? QString() : reflected.error().message));
    QCOMPARE(reflected->tableNames(), (QStringList{u"Pet"_s, u"user"_s}));
    Table expectedPet = pet;
    expectedPet.constraints = {pet.constraints[0], fk, pet.constraints[2]};
    // The check comes back as PostgreSQL prints it.
    expectedPet.constraints[2].sqlText = u"weight >= (0)::numeric"_s;
    expectedPet.columns[3].serverDefault = ServerDefault::expression(u"0.0"_s);
    Table gotPet = comparable(*reflected->table(u"Pet"_s, u"rt"_s));
    QCOMPARE(gotPet.columns, comparable(expectedPet).columns);
    QCOMPARE(gotPet.constraints, comparable(expectedPet).constraints);
    QCOMPARE(gotPet.indexes, comparable(expectedPet).indexes);
    QCOMPARE(comparable(*reflected->table(u"user"_s, u"rt"_s)), comparable(owner));

    // The reflected table renders the same DDL again.
    auto again = dialect.createTable(*reflected->table(u"user"_s, u"rt"_s));
    QVERIFY(again);
    QCOMPARE(*again, *dialect.createTable(owner));
    QVERIFY(exec(u"DROP SCHEMA rt CASCADE"_s));
}

void TestPostgresInspector::searchPathAndSchema()
{
    QVERIFY(exec(u"CREATE SCHEMA other"_s));
    QVERIFY(exec(u"CREATE TABLE other.thing (id INTEGER PRIMARY KEY, pet_id BIGINT REFERENCES public.pet (id))"_s));
    PostgresInspector inspector(m_db);
    // Explicit schema: the table says so, and a foreign key to another
    // schema names it.
    auto explicitSchema = inspector.reflect({}, u"other"_s);
    QVERIFY(explicitSchema);
    QCOMPARE(explicitSchema->tableNames(), QStringList{u"thing"_s});
    const Table *thing = explicitSchema->table(u"thing"_s, u"other"_s);
    QVERIFY(thing);
    QCOMPARE(thing->constraintsOfKind(Constraint::Kind::ForeignKey).front().referredSchema, u"public"_s);
    // search_path decides the default schema, as for unqualified names.
    QVERIFY(exec(u"SET search_path TO other, public"_s));
    auto viaPath = inspector.reflect();
    QVERIFY(exec(u"SET search_path TO public"_s));
    QVERIFY(viaPath);
    QCOMPARE(viaPath->tableNames(), QStringList{u"thing"_s});
    QVERIFY(viaPath->table(u"thing"_s));
    QVERIFY(exec(u"DROP SCHEMA other CASCADE"_s));
}

void TestPostgresInspector::enumTypes()
{
    auto enums = PostgresInspector(m_db).enumTypes();
    QVERIFY(enums);
    QCOMPARE(enums->size(), 1);
    QCOMPARE(enums->front().enumName, u"mood"_s);
    QCOMPARE(enums->front().enumValues, (QStringList{u"happy"_s, u"grumpy"_s}));
}

void TestPostgresInspector::refusesClosedConnection()
{
    QVERIFY(!PostgresInspector(QSqlDatabase()).reflect());
}

QTEST_GUILESS_MAIN(TestPostgresInspector)
#include "tst_postgresinspector.moc"
