// A PostgreSQL server that goes away in the middle of `petmigrate upgrade`
// (issue 14): its backend killed with pg_terminate_backend, or the whole
// server stopped. The server rolls the transaction back; petmigrate says the
// connection was lost; the database is as before and a re-run works.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "faultkit.h"

using namespace Qt::StringLiterals;

class TestFaultsPg final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void serverGoesAway_data();
    void serverGoesAway();
    void cleanupTestCase();

private:
    faults::Run psql(const QString &url, const QString &sql);
    QString state(const QString &url);

    QString m_serverUrl;       // the shared fixture's server
    QTemporaryDir m_ownCluster; // a server of this suite's own, to stop
    QString m_ownUrl;
};

namespace {

const QString kPgBin = QStringLiteral(PM_PG_BIN);
const QString kClusterScript = QStringLiteral(PM_SOURCE_DIR "/tests/pg/pgcluster.sh");

QString urlFor(const QString &serverUrl, const QString &database)
{
    return serverUrl.left(serverUrl.lastIndexOf(u'/') + 1) + database;
}

// Two tables around a statement that takes a while: the window in which
// the server goes away.
QString slowRevision()
{
    return faults::revisionScript(u"c3c3c3c3c3c3"_s, u"a1a1a1a1a1a1"_s,
                                  u"    op.create_table('toy',\n"
                                  u"        sa.Column('id', sa.Integer(), nullable=False),\n"
                                  u"        sa.PrimaryKeyConstraint('id', name=op.f('pk_toy'))\n"
                                  u"    )\n"
                                  u"    op.execute('SELECT pg_sleep(3)')\n"
                                  u"    op.create_table('bowl',\n"
                                  u"        sa.Column('id', sa.Integer(), nullable=False),\n"
                                  u"        sa.PrimaryKeyConstraint('id', name=op.f('pk_bowl'))\n"
                                  u"    )\n"_s,
                                  u"    op.drop_table('bowl')\n    op.drop_table('toy')\n"_s);
}

} // namespace

faults::Run TestFaultsPg::psql(const QString &url, const QString &sql)
{
    return faults::run(kPgBin + u"/psql"_s, {u"-X"_s, u"-q"_s, u"-A"_s, u"-t"_s, u"-v"_s, u"ON_ERROR_STOP=1"_s,
                                             u"-d"_s, url, u"-c"_s, sql},
                       QString());
}

QString TestFaultsPg::state(const QString &url)
{
    const faults::Run dump = faults::run(kPgBin + u"/pg_dump"_s, {u"--no-owner"_s, u"-d"_s, url}, QString());
    QStringList keep;
    // \restrict lines carry a random key per run (pg_dump >= 15.14).
    for (const QString &line : dump.out.split(u'\n')) {
        if (!line.startsWith(u"\\restrict "_s) && !line.startsWith(u"\\unrestrict "_s))
            keep << line;
    }
    return dump.code == 0 ? keep.join(u'\n') : u"<pg_dump failed: %1>"_s.arg(dump.err);
}

void TestFaultsPg::initTestCase()
{
    QFile urlFile(qEnvironmentVariable("PM_PG_URL_FILE"));
    QVERIFY2(urlFile.open(QIODevice::ReadOnly), "no server URL: the pg_cluster_start fixture did not run or failed");
    m_serverUrl = QString::fromUtf8(urlFile.readAll().trimmed());
    // Stopping a server would break the other suites that share the
    // fixture's: the stop case gets one of its own.
    const faults::Run started =
        faults::run(u"bash"_s, {kClusterScript, u"start"_s, m_ownCluster.path()}, QString());
    QVERIFY2(started.code == 0, qPrintable(started.describe()));
    m_ownUrl = started.out.trimmed();
}

void TestFaultsPg::cleanupTestCase()
{
    faults::run(u"bash"_s, {kClusterScript, u"stop"_s, m_ownCluster.path()}, QString());
}

void TestFaultsPg::serverGoesAway_data()
{
    QTest::addColumn<bool>("stopServer");
    QTest::newRow("pg_terminate_backend") << false;
    QTest::newRow("server stopped") << true;
}

void TestFaultsPg::serverGoesAway()
{
    QFETCH(bool, stopServer);
    const QString server = stopServer ? m_ownUrl : m_serverUrl;
    const QString name = stopServer ? u"faults_stopped"_s : u"faults_terminated"_s;
    QVERIFY(psql(server, u"DROP DATABASE IF EXISTS %1"_s.arg(name)).code == 0);
    QVERIFY(psql(server, u"CREATE DATABASE %1"_s.arg(name)).code == 0);
    const QString url = urlFor(server, name);

    QTemporaryDir tmp;
    QString error;
    QVERIFY2(faults::makeProject(tmp.path(), url,
                                 {{u"a1a1a1a1a1a1_initial.py"_s, faults::initialRevision()},
                                  {u"c3c3c3c3c3c3_slow.py"_s, slowRevision()}},
                                 &error),
             qPrintable(error));
    const faults::Run first = faults::petmigrate({u"upgrade"_s, u"a1a1a1a1a1a1"_s}, tmp.path());
    QVERIFY2(first.code == 0, qPrintable(first.describe()));
    // The throwaway cluster runs with synchronous_commit=off, and an
    // immediate stop loses commits still in the WAL buffers: these rows
    // must be durable before the server is stopped under the upgrade.
    QVERIFY(psql(url, u"SET synchronous_commit = on; "
                      u"INSERT INTO pet (id, name, weight) SELECT i, 'pet ' || i, i FROM generate_series(1, 100) i"_s)
                .code
            == 0);
    const QString before = state(url);

    QProcess upgrade;
    faults::startPetmigrate(upgrade, {u"upgrade"_s, u"head"_s}, tmp.path());
    const QString sleeping = u"SELECT pid FROM pg_stat_activity WHERE datname = '%1' AND query LIKE 'SELECT pg_sleep%%'"_s
                                 .arg(name);
    const bool inside = faults::waitUntil([&] { return !psql(server, sleeping).out.trimmed().isEmpty(); }, upgrade,
                                          60000);
    QVERIFY2(inside, qPrintable(QString::fromUtf8(upgrade.readAllStandardError())));
    if (stopServer) {
        const faults::Run stopped = faults::run(u"bash"_s, {u"-c"_s, u"d=$(cat \"$1\"/datadir); u=$(stat -c %U \"$d\"); "
                                                                     u"runuser -u \"$u\" -- \"$2\"/pg_ctl -D \"$d\"/pgdata "
                                                                     u"-m immediate -w stop"_s,
                                                        u"stop"_s, m_ownCluster.path(), kPgBin},
                                                QString());
        QVERIFY2(stopped.code == 0, qPrintable(stopped.describe()));
    } else {
        QCOMPARE(psql(server, u"SELECT pg_terminate_backend(pid) FROM (%1) s"_s.arg(sleeping)).out.trimmed(), u"t"_s);
    }
    QVERIFY(upgrade.waitForFinished(60000));
    const QString said = QString::fromUtf8(upgrade.readAllStandardOutput() + upgrade.readAllStandardError());
    QVERIFY2(upgrade.exitStatus() == QProcess::NormalExit && upgrade.exitCode() != 0, qPrintable(said));
    qInfo("petmigrate said: %s", qPrintable(said.trimmed()));
    QVERIFY2(said.contains(u"the connection to the PostgreSQL server was lost"_s), qPrintable(said));

    if (stopServer) {
        // pg_ctl restart starts a stopped server with the options it last had.
        const faults::Run restarted = faults::run(u"bash"_s, {u"-c"_s, u"d=$(cat \"$1\"/datadir); u=$(stat -c %U \"$d\"); "
                                                                         u"runuser -u \"$u\" -- \"$2\"/pg_ctl -D \"$d\"/pgdata "
                                                                         u"-l \"$d\"/server.log -w -t 60 restart"_s,
                                                            u"restart"_s, m_ownCluster.path(), kPgBin},
                                                  QString());
        QVERIFY2(restarted.code == 0, qPrintable(restarted.describe()));
    }
    // Rolled back by the server: nothing of c3, the version still a1.
    QCOMPARE(state(url), before);
    QCOMPARE(psql(url, u"SELECT version_num FROM alembic_version"_s).out.trimmed(), u"a1a1a1a1a1a1"_s);

    const faults::Run again = faults::petmigrate({u"upgrade"_s, u"head"_s}, tmp.path());
    QVERIFY2(again.code == 0, qPrintable(again.describe()));
    QCOMPARE(psql(url, u"SELECT version_num FROM alembic_version"_s).out.trimmed(), u"c3c3c3c3c3c3"_s);
    QCOMPARE(psql(url, u"SELECT count(*) FROM pet"_s).out.trimmed(), u"100"_s);
}

QTEST_GUILESS_MAIN(TestFaultsPg)
#include "tst_faults_pg.moc"
