// PostgreSQL offline mode: `upgrade/downgrade --sql` on a postgresql:// URL
// must print exactly Alembic's script, byte for byte, and fail where Alembic
// fails. petmigrate's script, run by psql on a fresh database, must leave
// what Alembic's online upgrade leaves (pg_dump of schema and data).
#include "pginterop.h"

using namespace interop;
using pginterop::pgState;

class TestPgInteropOffline : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void offline_data();
    void offline();
    void offlineApplied_data();
    void offlineApplied();

private:
    QTemporaryDir m_tmp;
    QString m_server;
    QMap<QString, QString> m_dirs; // project -> dir
    int m_dbCounter = 0;
    QString freshDb();
};

QString TestPgInteropOffline::freshDb()
{
    const QString name = QStringLiteral("pgoff_%1").arg(++m_dbCounter);
    Run r = pginterop::psql(m_server, QStringLiteral("CREATE DATABASE %1").arg(name));
    if (r.code != 0) {
        qWarning("%s", qPrintable(r.describe()));
        return QString();
    }
    return pginterop::urlFor(m_server, name);
}

void TestPgInteropOffline::initTestCase()
{
    PG_INTEROP_REQUIRE_TOOLS();
    QString why;
    m_server = pginterop::serverUrl(&why);
    QVERIFY2(!m_server.isEmpty(), qPrintable(why));
    QVERIFY(m_tmp.isValid());
    m_dirs.insert(QStringLiteral("app"), copyAppMigrations(m_tmp.path()));
    QString err;
    for (const char *k : {"pgfeatures", "pgfidelity", "graph"}) {
        const QString dir = pginterop::makeProject(QString::fromLatin1(k), m_tmp.path(), &err);
        QVERIFY2(!dir.isEmpty(), qPrintable(err));
        m_dirs.insert(QString::fromLatin1(k), dir);
    }
    // The graph again with its version table in another schema: the
    // version table's statements are qualified differently.
    const QString vs = pginterop::makeProject(QStringLiteral("graph"), m_tmp.path() + QStringLiteral("/vs"), &err);
    QVERIFY2(!vs.isEmpty(), qPrintable(err));
    QFile env(vs + QStringLiteral("/env.py"));
    QVERIFY(env.open(QIODevice::ReadOnly));
    QString text = QString::fromUtf8(env.readAll());
    env.close();
    // Both context.configure() calls (offline and online) get the option.
    const QString configure = QStringLiteral("target_metadata=target_metadata");
    QCOMPARE(text.count(configure), 2);
    text.replace(configure, configure + QStringLiteral(", version_table_schema='vs'"));
    QVERIFY(env.open(QIODevice::WriteOnly | QIODevice::Truncate));
    env.write(text.toUtf8());
    env.close();
    m_dirs.insert(QStringLiteral("graph_vs"), vs);
}

static void addOffline(const char *project, const QStringList &args, bool alembicSucceeds = true)
{
    QTest::addRow("%s: %s", project, qPrintable(args.join(QLatin1Char(' '))))
        << QString::fromLatin1(project) << args << alembicSucceeds;
}

void TestPgInteropOffline::offline_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("alembicSucceeds");
    addOffline("app", {"upgrade", "head", "--sql"});
    addOffline("app", {"upgrade", "a90cc5966c45", "--sql"});
    addOffline("app", {"upgrade", "a90cc5966c45:head", "--sql"});
    addOffline("app", {"downgrade", "head:base", "--sql"});
    addOffline("app", {"downgrade", "709a7e67aeff:a90cc5966c45", "--sql"});
    addOffline("pgfeatures", {"upgrade", "head", "--sql"});
    addOffline("pgfeatures", {"upgrade", "6a0000000002:6a0000000005", "--sql"});
    addOffline("pgfeatures", {"downgrade", "head:base", "--sql"});
    addOffline("pgfeatures", {"downgrade", "6a0000000006:6a0000000003", "--sql"});
    // pgfidelity's upgrade creates an enum type twice through the bind with
    // checkfirst, which Alembic's offline mode (and so petmigrate's) writes
    // twice: its script is compared, not applied (offlineApplied).
    addOffline("pgfidelity", {"upgrade", "head", "--sql"});
    addOffline("pgfidelity", {"downgrade", "head:base", "--sql"});
    addOffline("pgfidelity", {"upgrade", "7f0000000001:7f0000000003", "--sql"});
    addOffline("graph", {"upgrade", "heads", "--sql"});
    addOffline("graph", {"upgrade", "feature@head", "--sql"});
    addOffline("graph", {"upgrade", "2b00000000b1:2b00000000c1", "--sql"});
    addOffline("graph", {"downgrade", "2b00000000c1:base", "--sql"});
    addOffline("graph_vs", {"upgrade", "heads", "--sql"});
    addOffline("graph_vs", {"upgrade", "2b00000000b1:2b00000000m1", "--sql"});
    addOffline("graph_vs", {"downgrade", "2b00000000o2:base", "--sql"});
    // Refusals: a downgrade needs a range offline; a revision that is not there.
    addOffline("app", {"downgrade", "base", "--sql"}, false);
    addOffline("pgfeatures", {"upgrade", "6a0000000009", "--sql"}, false);
}

void TestPgInteropOffline::offline()
{
    QFETCH(QString, project);
    QFETCH(QStringList, args);
    QFETCH(bool, alembicSucceeds);
    // Offline mode never connects: the database need not exist.
    const QString ini = pginterop::iniFor(m_dirs[project], pginterop::urlFor(m_server, QStringLiteral("offline_only")),
                                          QStringLiteral("offline"));
    QVERIFY(!ini.isEmpty());
    const QStringList full = QStringList{QStringLiteral("-c"), ini} + args;
    // graph_vs's o2 depends on its root, below o1: 1.8.1 breaks there.
    Run a = correctAlembic(full);
    Run p = petmigrate(full);
    QVERIFY2((a.code == 0) == alembicSucceeds, qPrintable(QStringLiteral("Alembic did not do as expected: ") + a.describe()));
    QVERIFY2(p.code == a.code, qPrintable(p.describe()));
    if (!alembicSucceeds) {
        // Which stream FAILED: goes to is the SQLite output suite's business.
        QCOMPARE(p.failedLines(), a.failedLines());
        return;
    }
    COMPARE_TEXT(QString::fromUtf8(p.out), QString::fromUtf8(a.out), args.join(QLatin1Char(' ')));
}

void TestPgInteropOffline::offlineApplied_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("target");
    QTest::newRow("app") << "app" << "head";
    QTest::newRow("pgfeatures") << "pgfeatures" << "head";
    QTest::newRow("graph") << "graph" << "heads";
}

void TestPgInteropOffline::offlineApplied()
{
    QFETCH(QString, project);
    QFETCH(QString, target);
    const QString refUrl = freshDb(), url = freshDb();
    QVERIFY(!refUrl.isEmpty() && !url.isEmpty());
    const QString refIni = pginterop::iniFor(m_dirs[project], refUrl, QStringLiteral("applied_ref"));
    const QString ini = pginterop::iniFor(m_dirs[project], url, QStringLiteral("applied"));
    Run r = alembic({QStringLiteral("-c"), refIni, QStringLiteral("upgrade"), target});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));

    r = petmigrate({QStringLiteral("-c"), ini, QStringLiteral("upgrade"), target, QStringLiteral("--sql")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QString script = m_tmp.filePath(project + QStringLiteral("-upgrade.sql"));
    QFile f(script);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(r.out);
    f.close();
    r = pginterop::psqlFile(url, script);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(pgState(url), pgState(refUrl), QStringLiteral("psql -f (petmigrate upgrade --sql) vs Alembic online"));
}

QTEST_GUILESS_MAIN(TestPgInteropOffline)
#include "tst_pg_interop_offline.moc"
