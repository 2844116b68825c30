// `petmigrate drift` and detectDrift() (issue 11): a database changed by
// hand after its migrations is compared with the schema the scripts build at
// its revision, and each difference comes out in autogenerate's words with
// the element it concerns. Built twice: for SQLite, and (PM_DRIFT_PG) for a
// PostgreSQL database on the throwaway cluster.
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

#include "config/alembicconfig.h"
#include "dialect/sqlsplitter.h"
#include "runtime/databaseconnection.h"
#include "runtime/drift.h"
#include "runtime/environment.h"
#include "runtime/scriptdirectory.h"
#include "petmigraterun.h"
#include "scripttext.h"

using namespace Qt::StringLiterals;
using pm::test::Run;
using pm::test::petmigrate;
using namespace pm;

namespace {

#ifdef PM_DRIFT_PG
constexpr bool Postgres = true;
#else
constexpr bool Postgres = false;
#endif



const QString FirstUp = uR"(    op.create_table('owner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('pet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=50), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['owner.id'], name='fk_pet_owner_id_owner'),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_pet_name', 'pet', ['name'], unique=False)
    op.create_table('toy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=30), nullable=True),
    sa.UniqueConstraint('label', name='uq_toy_label'),
    sa.PrimaryKeyConstraint('id')
    ))"_s;
const QString FirstDown = uR"(    op.drop_table('toy')
    op.drop_index('ix_pet_name', table_name='pet')
    op.drop_table('pet')
    op.drop_table('owner'))"_s;

// SQLite changes a column's type or nullability only by rebuilding its table.
QString rebuiltToy(const QString &label)
{
    return u"CREATE TABLE toy_new (id INTEGER NOT NULL, %1, PRIMARY KEY (id), CONSTRAINT uq_toy_label UNIQUE (label));"
           u"INSERT INTO toy_new SELECT * FROM toy; DROP TABLE toy; ALTER TABLE toy_new RENAME TO toy;"_s.arg(label);
}

} // namespace

class TestDrift : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void drift_data();
    void drift();
    void atAnEarlierRevision();
    void atBase();
    void unversioned();
    void unknownRevision();
    void executeIsNoted();

private:
    Status exec(const QString &sql);
    Result<DriftReport> report();
    QStringList base() const { return {u"-c"_s, m_dir->filePath(u"alembic.ini"_s), u"--url"_s, m_url}; }
    void writeScript(const QString &rev, const QString &down, const QString &up, const QString &downgrade);

    QUrl m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_url;
    QString m_pgDatabase;
    int m_counter = 0;
};

void TestDrift::initTestCase()
{
    if (!Postgres)
        return;
    // The pg_cluster fixture writes the server's URL: without it this suite
    // fails, it never skips.
    const QString urlFile = qEnvironmentVariable("PM_PG_URL_FILE");
    QVERIFY2(!urlFile.isEmpty(), "PM_PG_URL_FILE is not set: run through ctest (pg_cluster fixture)");
    QFile file(urlFile);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(u"no server URL in "_s + urlFile));
    m_server = QUrl(QString::fromUtf8(file.readAll()).trimmed());
    QVERIFY2(m_server.isValid() && m_server.port() > 0, qPrintable(m_server.toString()));
}

Status TestDrift::exec(const QString &sql)
{
    auto url = DatabaseUrl::parse(m_url);
    if (!url)
        return std::unexpected(url.error());
    auto c = DatabaseConnection::open(*url, DatabaseConnection::OpenMode::MustExist);
    if (!c)
        return std::unexpected(c.error());
    auto statements = SqlSplitter::split(sql);
    if (!statements)
        return std::unexpected(statements.error());
    for (const QString &s : *statements) {
        QSqlQuery q(c->database());
        if (!q.exec(s))
            return fail(s + u": "_s + q.lastError().text());
    }
    return {};
}

void TestDrift::writeScript(const QString &rev, const QString &down, const QString &up, const QString &downgrade)
{
    QFile f(m_dir->filePath(u"migrations/versions/%1_step.py"_s.arg(rev)));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(scriptText(rev, down, up, downgrade).toUtf8());
}

void TestDrift::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QDir(m_dir->path()).mkpath(u"migrations/versions"_s);
    QFile ini(m_dir->filePath(u"alembic.ini"_s));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///unused.db\n");
    ini.close();
    QVERIFY(QFile::copy(QStringLiteral(PM_SOURCE_DIR) + u"/resources/templates/generic/script.py.mako"_s,
                        m_dir->filePath(u"migrations/script.py.mako"_s)));
    writeScript(u"aaaa00000001"_s, QString(), FirstUp, FirstDown);
    writeScript(u"aaaa00000002"_s, u"aaaa00000001"_s, u"    op.add_column('pet', sa.Column('weight', sa.Float(), nullable=True))"_s,
                u"    op.drop_column('pet', 'weight')"_s);

    if (Postgres) {
        m_pgDatabase = u"pm_drift_%1_%2"_s.arg(QCoreApplication::applicationPid()).arg(++m_counter);
        QUrl admin = m_server;
        admin.setPath(u"/postgres"_s);
        m_url = admin.toString();
        QVERIFY(exec(u"CREATE DATABASE "_s + m_pgDatabase));
        QUrl own = m_server;
        own.setPath(u"/"_s + m_pgDatabase);
        m_url = own.toString();
    } else {
        m_url = u"sqlite:///"_s + m_dir->filePath(u"pets.db"_s);
    }
    const Run up = petmigrate(base() + QStringList{u"upgrade"_s, u"head"_s});
    QVERIFY2(up.status == 0, qPrintable(up.out + up.err));
}

void TestDrift::cleanup()
{
    if (Postgres && !m_pgDatabase.isEmpty()) {
        QUrl admin = m_server;
        admin.setPath(u"/postgres"_s);
        m_url = admin.toString();
        QVERIFY(exec(u"DROP DATABASE "_s + m_pgDatabase));
        m_pgDatabase.clear();
    }
    m_dir.reset();
}

Result<DriftReport> TestDrift::report()
{
    auto config = AlembicConfig::load(m_dir->filePath(u"alembic.ini"_s));
    if (!config)
        return std::unexpected(config.error());
    auto env = Environment::load(*config, Environment::Mode::Online);
    if (!env)
        return std::unexpected(env.error());
    auto scripts = ScriptDirectory::load(*config);
    if (!scripts)
        return std::unexpected(scripts.error());
    auto url = DatabaseUrl::parse(m_url);
    if (!url)
        return std::unexpected(url.error());
    auto c = DatabaseConnection::open(*url, DatabaseConnection::OpenMode::MustExist);
    if (!c)
        return std::unexpected(c.error());
    return detectDrift(*c, **scripts, *env);
}

void TestDrift::drift_data()
{
    QTest::addColumn<QString>("byHand"); // what someone ran outside migrations
    QTest::addColumn<QStringList>("differences");
    QTest::addColumn<QStringList>("elements");

    QTest::newRow("none") << QString() << QStringList{} << QStringList{};
    QTest::newRow("a hand-made CREATE INDEX") << u"CREATE INDEX ix_hand ON pet (weight)"_s
                                              << QStringList{u"Detected removed index 'ix_hand' on 'pet'"_s}
                                              << QStringList{u"pet: index ix_hand"_s};
    QTest::newRow("a column added outside migrations") << u"ALTER TABLE pet ADD COLUMN nickname VARCHAR(20)"_s
                                                       << QStringList{u"Detected removed column 'pet.nickname'"_s}
                                                       << QStringList{u"pet.nickname"_s};
    QTest::newRow("a table dropped by hand") << u"DROP TABLE toy"_s << QStringList{u"Detected added table 'toy'"_s}
                                             << QStringList{u"toy"_s};
    QTest::newRow("a table made by hand") << u"CREATE TABLE scratch (x INTEGER)"_s
                                          << QStringList{u"Detected removed table 'scratch'"_s} << QStringList{u"scratch"_s};
    QTest::newRow("an index dropped by hand") << u"DROP INDEX ix_pet_name"_s
                                              << QStringList{u"Detected added index 'ix_pet_name' on '['name']'"_s}
                                              << QStringList{u"pet: index ix_pet_name"_s};
    QTest::newRow("a changed type")
        << (Postgres ? u"ALTER TABLE toy ALTER COLUMN label TYPE TEXT"_s : rebuiltToy(u"label TEXT"_s))
        << QStringList{u"Detected type change from TEXT() to String(length=30) on 'toy.label'"_s} << QStringList{u"toy.label"_s};
    QTest::newRow("a changed nullability")
        << (Postgres ? u"ALTER TABLE toy ALTER COLUMN label SET NOT NULL"_s : rebuiltToy(u"label VARCHAR(30) NOT NULL"_s))
        << QStringList{u"Detected NULL on column 'toy.label'"_s} << QStringList{u"toy.label"_s};
    QTest::newRow("several at once")
        << u"CREATE INDEX ix_hand ON pet (weight); ALTER TABLE owner ADD COLUMN email VARCHAR(80); DROP TABLE toy"_s
        << QStringList{u"Detected added table 'toy'"_s, u"Detected removed column 'owner.email'"_s,
                       u"Detected removed index 'ix_hand' on 'pet'"_s}
        << QStringList{u"toy"_s, u"owner.email"_s, u"pet: index ix_hand"_s};
}

void TestDrift::drift()
{
    QFETCH(QString, byHand);
    QFETCH(QStringList, differences);
    QFETCH(QStringList, elements);
    if (!byHand.isEmpty()) {
        const Status done = exec(byHand);
        QVERIFY2(done, qPrintable(done ? QString() : done.error().message));
    }

    const Run r = petmigrate(base() + QStringList{u"drift"_s});
    QStringList lines = r.out.split(u'\n', Qt::SkipEmptyParts);
    if (differences.isEmpty()) {
        QCOMPARE(r.status, 0);
        QCOMPARE(lines, QStringList{u"No schema drift: the database is what the scripts build at aaaa00000002."_s});
    } else {
        QCOMPARE(r.status, 255);
        QVERIFY(!lines.isEmpty());
        QCOMPARE(lines.takeLast(), u"FAILED: Schema drift: %1 difference%2 between the database and what the scripts "
                                   u"build at aaaa00000002"_s.arg(differences.size()).arg(differences.size() == 1 ? QString() : u"s"_s));
        QCOMPARE(lines, differences);
    }
    // The context lines come first on stderr, as for every online command.
    QVERIFY2(r.err.startsWith(u"INFO  [alembic.runtime.migration] Context impl "_s), qPrintable(r.err));

    auto drift = report();
    QVERIFY2(drift, qPrintable(drift ? QString() : drift.error().toString()));
    QCOMPARE(drift->revisions, QStringList{u"aaaa00000002"_s});
    QCOMPARE(drift->hasDrift(), !differences.isEmpty());
    QStringList described, refs;
    for (const DriftDifference &d : drift->differences) {
        described << d.description;
        refs << d.element.toString();
    }
    QCOMPARE(described, differences);
    QCOMPARE(refs, elements);
    QVERIFY(drift->expected.table(u"pet"_s));
    QVERIFY(drift->expected.table(u"pet"_s)->column(u"weight"_s));
    QVERIFY(drift->notes.isEmpty());
}

// The expected schema is the one at the database's revision, not at head.
void TestDrift::atAnEarlierRevision()
{
    QCOMPARE(petmigrate(base() + QStringList{u"downgrade"_s, u"-1"_s}).status, 0);
    Run r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out, u"No schema drift: the database is what the scripts build at aaaa00000001.\n"_s);
    QVERIFY(exec(u"ALTER TABLE pet ADD COLUMN weight FLOAT"_s));
    r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.startsWith(u"Detected removed column 'pet.weight'\n"_s), qPrintable(r.out));
}

void TestDrift::atBase()
{
    QCOMPARE(petmigrate(base() + QStringList{u"downgrade"_s, u"base"_s}).status, 0);
    Run r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 0);
    QCOMPARE(r.out, u"No schema drift: the database is what the scripts build at base.\n"_s);
    QVERIFY(exec(u"CREATE TABLE leftover (id INTEGER)"_s));
    r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 255);
    QCOMPARE(r.out, u"Detected removed table 'leftover'\n"
                    u"FAILED: Schema drift: 1 difference between the database and what the scripts build at base\n"_s);
}

void TestDrift::unversioned()
{
    QVERIFY(exec(u"DROP TABLE alembic_version"_s));
    const Run r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 255);
    QCOMPARE(r.out, u"FAILED: The database has no alembic_version table: no revision says what its schema should be. "
                    u"Stamp the revision it is at first (petmigrate stamp <revision>).\n"_s);
}

void TestDrift::unknownRevision()
{
    QVERIFY(exec(u"UPDATE alembic_version SET version_num = 'deadbeef0000'"_s));
    const Run r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 255);
    QCOMPARE(r.out, u"FAILED: The database is at revision deadbeef0000, which the scripts do not know: there is "
                    u"nothing to compare it with (is this database another project's, or are scripts missing?)\n"_s);
    QVERIFY(!report());
}

// A revision whose schema change is raw SQL: the simulation cannot follow
// it, and says so beside the differences it causes.
void TestDrift::executeIsNoted()
{
    writeScript(u"aaaa00000003"_s, u"aaaa00000002"_s, u"    op.execute('CREATE INDEX ix_raw ON pet (owner_id)')"_s,
                u"    op.execute('DROP INDEX ix_raw')"_s);
    QCOMPARE(petmigrate(base() + QStringList{u"upgrade"_s, u"head"_s}).status, 0);
    const Run r = petmigrate(base() + QStringList{u"drift"_s});
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.startsWith(u"Detected removed index 'ix_raw' on 'pet'\n"_s), qPrintable(r.out));
    QVERIFY2(r.err.contains(u"INFO  [petmigrate.drift] revision aaaa00000003 runs op.execute(), whose effect on the "
                            u"schema is not simulated: a difference it explains is reported as drift\n"_s),
             qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestDrift)
#include "tst_drift.moc"
