// A reviewed draft end to end (issue 11): autogenerate on a database with
// rows, leave operations out or accept renames, write the script as the
// window saves it, read it back with the project's parser, measure its
// impact, then upgrade and downgrade it with petmigrate: the rows survive,
// and the impact report stops reporting the loss a rename avoids.
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include "autogenerate/changedescription.h"
#include "autogenerate/reverser.h"
#include "config/alembicconfig.h"
#include "dialect/dialect.h"
#include "dialect/sqlsplitter.h"
#include "runtime/autogeneratesession.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/environment.h"
#include "runtime/planreport.h"
#include "runtime/revisionwriter.h"
#include "runtime/scriptdirectory.h"
#include "script/scriptparser.h"
#include "../autogenerate/schemafixture.h"
#include "petmigraterun.h"

using namespace Qt::StringLiterals;
using pm::test::Run;
using pm::test::petmigrate;
using namespace pm;

namespace {

QString runSql(const QString &path, const QString &sql)
{
    auto c = DatabaseConnection::openSqliteFile(path);
    if (!c)
        return c.error().message;
    auto statements = SqlSplitter::split(sql);
    if (!statements)
        return statements.error().message;
    for (const QString &s : *statements) {
        QSqlQuery q(c->database());
        if (!q.exec(s))
            return s;
    }
    return {};
}

QStringList rows(const QString &path, const QString &sql)
{
    auto c = DatabaseConnection::openSqliteFile(path, DatabaseConnection::OpenMode::MustExist);
    if (!c)
        return {c.error().message};
    QSqlQuery q(c->database());
    if (!q.exec(sql))
        return {u"<error: "_s + sql + u'>'};
    QStringList out;
    while (q.next()) {
        QStringList cells;
        for (int i = 0; i < q.record().count(); ++i)
            cells << (q.isNull(i) ? u"NULL"_s : q.value(i).toString());
        out << cells.join(u'|');
    }
    return out;
}

// Every user table: its columns and its rows, in order.
QStringList dump(const QString &path)
{
    QStringList out;
    for (const QString &table : rows(path, u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                            u"'sqlite_%' AND name <> 'alembic_version' ORDER BY name"_s)) {
        out << u"## "_s + table << rows(path, u"SELECT group_concat(name, '|') FROM pragma_table_info('%1')"_s.arg(table))
            << rows(path, u"SELECT * FROM \"%1\" ORDER BY 1"_s.arg(table));
    }
    return out;
}

QStringList impactLines(const PlanReport &report)
{
    QStringList out;
    for (const Impact &i : report.impacts())
        out << u"%1|%2|%3|%4"_s.arg(i.kind == Impact::Kind::Destroys ? u"destroys"_s : u"fails"_s,
                                    i.element.toString(), QString::number(i.rows), i.summary);
    return out;
}


const QString PetRows = u"INSERT INTO pet (id, nam, age) VALUES (1, 'rex', 3), (2, 'tom', NULL), (3, 'nemo', 1);"_s;

} // namespace

class TestDraftReview : public QObject
{
    Q_OBJECT

private slots:
    void roundTrip_data();
    void roundTrip();
};

void TestDraftReview::roundTrip_data()
{
    QTest::addColumn<QString>("templateName"); // sqlmodel renders as batch, generic does not
    QTest::addColumn<QString>("before");       // DDL and rows
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("leaveOut");
    QTest::addColumn<QStringList>("renames");
    QTest::addColumn<QStringList>("impactsUnreviewed"); // kind|element|rows|summary
    QTest::addColumn<QStringList>("impactsReviewed");
    QTest::addColumn<QString>("query");    // after the upgrade
    QTest::addColumn<QStringList>("result");

    const QString pet = u"CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), age INTEGER, PRIMARY KEY (id));"_s;
    const QStringList lost{u"destroys|pet.nam|3|drops 3 non-NULL values"_s};
    const QStringList renamed{u"1|rex|3"_s, u"2|tom|NULL"_s, u"3|nemo|1"_s};
    for (const char *templateName : {"generic", "sqlmodel"}) {
        QTest::addRow("rename a column (%s)", templateName)
            << QString::fromLatin1(templateName) << pet + PetRows
            << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), age INTEGER, PRIMARY KEY (id));"_s << QStringList{}
            << QStringList{u"pet.nam:name"_s} << lost << QStringList{} << u"SELECT id, name, age FROM pet ORDER BY id"_s
            << renamed;
        QTest::addRow("rename a table (%s)", templateName)
            << QString::fromLatin1(templateName)
            << u"CREATE TABLE owners (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));"
               u"INSERT INTO owners VALUES (1, 'ann'), (2, 'bob');"_s
            << u"CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));"_s
            << QStringList{} << QStringList{u"owners:owner"_s} << QStringList{u"destroys|owners|2|drops 2 rows"_s}
            << QStringList{} << u"SELECT id, name FROM owner ORDER BY id"_s << QStringList{u"1|ann"_s, u"2|bob"_s};
    }
    // Without batch, SQLite cannot move the foreign key that a drop and a
    // create would need: only the batch project can even plan the plain draft.
    QTest::newRow("rename a table referred to by a foreign key (batch)")
        << u"sqlmodel"_s
        << u"CREATE TABLE owners (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));"
           u"CREATE TABLE dog (id INTEGER NOT NULL, owner_id INTEGER, PRIMARY KEY (id), "
           u"CONSTRAINT fk_dog_owner_id_owners FOREIGN KEY(owner_id) REFERENCES owners (id));"
           u"INSERT INTO owners VALUES (1, 'ann'), (2, 'bob'); INSERT INTO dog VALUES (1, 2), (2, NULL);"_s
        << u"CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));"
           u"CREATE TABLE dog (id INTEGER NOT NULL, owner_id INTEGER, PRIMARY KEY (id), "
           u"CONSTRAINT fk_dog_owner_id_owners FOREIGN KEY(owner_id) REFERENCES owner (id));"_s
        << QStringList{} << QStringList{u"owners:owner"_s}
        << QStringList{u"destroys|owners|2|drops 2 rows"_s}
        << QStringList{} << u"SELECT d.id, o.name FROM dog d LEFT JOIN owner o ON o.id = d.owner_id ORDER BY d.id"_s
        << QStringList{u"1|bob"_s, u"2|NULL"_s};
    QTest::newRow("rename with a wider type and NOT NULL (batch)")
        << u"sqlmodel"_s << pet + u"INSERT INTO pet (id, nam, age) VALUES (1, 'rex', 3), (2, 'tom', NULL);"_s
        << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(80) NOT NULL, age INTEGER, PRIMARY KEY (id));"_s
        << QStringList{} << QStringList{u"pet.nam:name"_s}
        << QStringList{u"fails|pet.name|2|NOT NULL without a default over 2 existing rows: this step will fail"_s,
                       u"destroys|pet.nam|2|drops 2 non-NULL values"_s}
        << QStringList{} << u"SELECT id, name FROM pet ORDER BY id"_s << QStringList{u"1|rex"_s, u"2|tom"_s};
    QTest::newRow("rename and an index on it (batch)")
        << u"sqlmodel"_s << pet + u"CREATE INDEX ix_pet_nam ON pet (nam);"_s + PetRows
        << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), age INTEGER, PRIMARY KEY (id));"
           u"CREATE INDEX ix_pet_name ON pet (name);"_s
        << QStringList{} << QStringList{u"pet.nam:name"_s} << lost << QStringList{}
        << u"SELECT id, name, age FROM pet INDEXED BY ix_pet_name WHERE name > '' ORDER BY id"_s << renamed;
    QTest::newRow("the NOT NULL a rename carries fails where a value is NULL")
        << u"sqlmodel"_s << pet + PetRows
        << u"CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), years INTEGER NOT NULL, PRIMARY KEY (id));"_s
        << QStringList{} << QStringList{u"pet.age:years"_s}
        << QStringList{u"fails|pet.years|3|NOT NULL without a default over 3 existing rows: this step will fail"_s,
                       u"destroys|pet.age|2|drops 2 non-NULL values"_s}
        << QStringList{u"fails|pet.age|1|NOT NULL over 1 NULL row: this step will fail"_s} << QString() << QStringList{};
    // A drop left out keeps its values; the index on the column has to stay
    // with it, and says so.
    QTest::newRow("leave out a drop (batch)")
        << u"sqlmodel"_s
        << u"CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), legacy TEXT, PRIMARY KEY (id));"
           u"CREATE INDEX ix_pet_legacy ON pet (legacy);"
           u"INSERT INTO pet VALUES (1, 'rex', 'a'), (2, 'tom', NULL), (3, 'nemo', 'c');"_s
        << u"CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), extra INTEGER, PRIMARY KEY (id));"_s
        << QStringList{u"drop_index('ix_pet_legacy')"_s} << QStringList{}
        << QStringList{u"destroys|pet.legacy|2|drops 2 non-NULL values"_s} << QStringList{}
        << u"SELECT id, legacy, extra FROM pet ORDER BY id"_s << QStringList{u"1|a|NULL"_s, u"2|NULL|NULL"_s, u"3|c|NULL"_s};
    QTest::newRow("leave out a new table and what refers to it")
        << u"generic"_s << u"CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));"
                         u"INSERT INTO owner VALUES (1, 'ann');"_s
        << u"CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR(20), email VARCHAR(80), PRIMARY KEY (id));"
           u"CREATE TABLE pet (id INTEGER NOT NULL, owner_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES owner (id));"
           u"CREATE TABLE toy (id INTEGER NOT NULL, pet_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(pet_id) REFERENCES pet (id));"
           u"CREATE INDEX ix_toy_pet_id ON toy (pet_id);"_s
        << QStringList{u"create_table('pet')"_s} << QStringList{} << QStringList{} << QStringList{}
        << u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s
        << QStringList{u"alembic_version"_s, u"owner"_s};
}

void TestDraftReview::roundTrip()
{
    QFETCH(QString, templateName);
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QStringList, leaveOut);
    QFETCH(QStringList, renames);
    QFETCH(QStringList, impactsUnreviewed);
    QFETCH(QStringList, impactsReviewed);
    QFETCH(QString, query);
    QFETCH(QStringList, result);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString ini = dir.filePath(u"alembic.ini"_s);
    const QString db = dir.filePath(u"a.db"_s);
    const QString target = dir.filePath(u"b.db"_s);
    Run r = petmigrate({u"-c"_s, ini, u"init"_s, u"-t"_s, templateName, dir.filePath(u"migrations"_s)});
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QVERIFY(runSql(db, before).isEmpty());
    QVERIFY(runSql(target, after).isEmpty());
    const QStringList original = dump(db);
    const QStringList base{u"-c"_s, ini, u"--url"_s, u"sqlite:///"_s + db};
    QCOMPARE(petmigrate(base + QStringList{u"revision"_s, u"-m"_s, u"base"_s, u"--rev-id"_s, u"000000000000"_s}).status, 0);
    QCOMPARE(petmigrate(base + QStringList{u"stamp"_s, u"head"_s}).status, 0);

    QString scriptPath;
    {
        // What the window does: autogenerate, review, render, save.
        auto config = AlembicConfig::load(AlembicConfig::Options{ini, u"alembic"_s, {}, {}});
        QVERIFY(config);
        auto env = Environment::load(*config, Environment::Mode::Online);
        QVERIFY(env);
        QCOMPARE(env->renderAsBatch, templateName == u"sqlmodel");
        auto scripts = ScriptDirectory::load(*config, env->userModulePrefix);
        QVERIFY(scripts);
        auto connection = DatabaseConnection::openSqliteFile(db, DatabaseConnection::OpenMode::MustExist);
        QVERIFY(connection);
        auto targetConnection = DatabaseConnection::openSqliteFile(target, DatabaseConnection::OpenMode::MustExist);
        QVERIFY(targetConnection);
        auto targetSchema = reflectDatabase(targetConnection->database(), {env->versionTable});
        QVERIFY(targetSchema);
        auto generated = autogenerate(*connection, *targetSchema, *env);
        QVERIFY2(generated, qPrintable(generated ? QString() : generated.error().toString()));
        MigrationDraft draft = generated->draft;
        const std::unique_ptr<Dialect> dialect = makeDialect(connection->backend());
        const ScriptParser parser(ScriptParser::Options{});

        const auto report = [&](const MigrationDraft &d) -> QStringList {
            NewRevision request;
            request.message = u"review"_s;
            request.revisionId = u"111111111111"_s;
            request.bodies = d.bodies();
            auto rendered = renderRevision(*config, **scripts, request);
            if (!rendered)
                return {rendered.error().toString()};
            auto parsed = parser.parse(rendered->text, rendered->path);
            if (!parsed)
                return {parsed.error().toString()};
            auto plan = buildScriptReport(*connection, *dialect, env->versionTable, *parsed);
            return plan ? impactLines(*plan) : QStringList{plan.error().toString()};
        };
        QCOMPARE(report(draft), impactsUnreviewed);

        for (const QString &label : std::as_const(leaveOut)) {
            bool found = false;
            for (const DraftOperation &row : draft.rows()) {
                if (row.label == label && !found) {
                    QVERIFY(draft.leaveOut(row.path));
                    found = true;
                }
            }
            QVERIFY2(found, qPrintable(label));
        }
        SchemaRenames wanted;
        for (const QString &spec : std::as_const(renames))
            QVERIFY(addRenameSpec(wanted, spec));
        if (!wanted.isEmpty()) {
            const Status set = draft.setRenames(wanted);
            QVERIFY2(set, qPrintable(set ? QString() : set.error().message));
        }
        QCOMPARE(report(draft), impactsReviewed);

        NewRevision request;
        request.message = u"review"_s;
        request.revisionId = u"111111111111"_s;
        request.bodies = draft.bodies();
        auto rendered = renderRevision(*config, **scripts, request);
        QVERIFY(rendered);
        // The project's parser reads back exactly the operations under review.
        auto parsed = parser.parse(rendered->text, rendered->path);
        QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().toString()));
        QCOMPARE(fixture::leafLabels(parsed->upgrade).size(), fixture::leafLabels(draft.ops().upgrade).size());
        QCOMPARE(parsed->upgrade.size(), (env->renderAsBatch ? groupIntoBatches(draft.ops().upgrade) : draft.ops().upgrade).size());
        QVERIFY(saveRevision(*config, *rendered));
        scriptPath = rendered->path;
    }
    const QString script = QString::fromUtf8([&] { QFile f(scriptPath); f.open(QIODevice::ReadOnly); return f.readAll(); }());

    r = petmigrate(base + QStringList{u"upgrade"_s, u"head"_s});
    if (query.isEmpty()) {
        // The report said it would fail; it does, and changes nothing.
        QCOMPARE(r.status, 255);
        QCOMPARE(dump(db), original);
        return;
    }
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err + script));
    QCOMPARE(rows(db, query), result);
    r = petmigrate(base + QStringList{u"downgrade"_s, u"-1"_s});
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err + script));
    QCOMPARE(dump(db), original);
}

QTEST_GUILESS_MAIN(TestDraftReview)
#include "tst_draftreview.moc"
