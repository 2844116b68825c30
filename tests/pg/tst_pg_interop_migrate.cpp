// PostgreSQL: upgrade with one tool, downgrade with the other, and back. Real
// Alembic (+ psycopg2) and petmigrate take turns on the same project and
// database; after every step the pg_dump of schema and data must be exactly
// what Alembic alone produces on a fresh database walked through the same
// steps. Every walk gets its own database on the throwaway cluster.
#include "pginterop.h"

using namespace interop;
using pginterop::pgState;

namespace {

struct Step
{
    QString command; // upgrade | downgrade
    QString target;
};

struct Project
{
    QString dir;
    QList<Step> walk;
    QStringList reference; // state after each step, Alembic alone
};

} // namespace

class TestPgInteropMigrate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void walk_data();
    void walk();
    void upThenDown_data();
    void upThenDown();

private:
    QTemporaryDir m_tmp;
    QString m_server;
    QMap<QString, Project> m_projects;
    int m_dbCounter = 0;
    // A new database and an ini of `project` pointing at it; empty on failure.
    QString freshDb(const QString &project, QString *ini);
};

QString TestPgInteropMigrate::freshDb(const QString &project, QString *ini)
{
    const QString name = QStringLiteral("pgmig_%1").arg(++m_dbCounter);
    Run r = pginterop::psql(m_server, QStringLiteral("CREATE DATABASE %1").arg(name));
    if (r.code != 0) {
        qWarning("%s", qPrintable(r.describe()));
        return QString();
    }
    const QString url = pginterop::urlFor(m_server, name);
    *ini = pginterop::iniFor(m_projects[project].dir, url, name);
    return url;
}

void TestPgInteropMigrate::initTestCase()
{
    PG_INTEROP_REQUIRE_TOOLS();
    QString why;
    m_server = pginterop::serverUrl(&why);
    QVERIFY2(!m_server.isEmpty(), qPrintable(why));
    QVERIFY(m_tmp.isValid());

    auto up = [](const QString &t) { return Step{QStringLiteral("upgrade"), t}; };
    auto down = [](const QString &t) { return Step{QStringLiteral("downgrade"), t}; };

    Project app;
    app.dir = copyAppMigrations(m_tmp.path());
    QVERIFY(!app.dir.isEmpty());
    app.walk = {up("head"), down("base"), up("a90cc5966c45"), down("-1"), up("head")};
    m_projects.insert(QStringLiteral("app"), app);

    QString err;
    Project features;
    features.dir = pginterop::makeProject(QStringLiteral("pgfeatures"), m_tmp.path(), &err);
    QVERIFY2(!features.dir.isEmpty(), qPrintable(err));
    features.walk = {up("6a0000000002"), up("6a0000000004"), down("6a0000000003"), up("head"),
                     down("6a0000000001"), up("+2"), down("-1"), up("head"), down("base"),
                     up("head")};
    m_projects.insert(QStringLiteral("pgfeatures"), features);

    Project fidelity;
    fidelity.dir = pginterop::makeProject(QStringLiteral("pgfidelity"), m_tmp.path(), &err);
    QVERIFY2(!fidelity.dir.isEmpty(), qPrintable(err));
    fidelity.walk = {up("7f0000000002"), up("head"), down("7f0000000001"), up("+1"), down("base"), up("head")};
    m_projects.insert(QStringLiteral("pgfidelity"), fidelity);

    Project graph;
    graph.dir = pginterop::makeProject(QStringLiteral("graph"), m_tmp.path(), &err);
    QVERIFY2(!graph.dir.isEmpty(), qPrintable(err));
    graph.walk = {up("2b00000000b1"), up("feature@head"), up("2b00000000m1"),
                  up("other@head"), up("heads"), down("other@base"),
                  down("2b00000000b3"), up("2b00000000o1"), down("base"), up("heads")};
    m_projects.insert(QStringLiteral("graph"), graph);

    // Bodies that read rows through op.get_bind() and write from them.
    Project bindRows;
    bindRows.dir = pginterop::makeProject(QStringLiteral("bind_rows"), m_tmp.path(), &err);
    QVERIFY2(!bindRows.dir.isEmpty(), qPrintable(err));
    bindRows.walk = {up("5e0000000002"), up("head"), down("5e0000000002"), up("+1"), down("base"), up("head")};
    m_projects.insert(QStringLiteral("bind_rows"), bindRows);

    for (auto it = m_projects.begin(); it != m_projects.end(); ++it) {
        QString ini;
        const QString url = freshDb(it.key(), &ini);
        QVERIFY2(!url.isEmpty() && !ini.isEmpty(), "cannot create a database on the cluster");
        for (const Step &s : it->walk) {
            Run r = alembic({QStringLiteral("-c"), ini, s.command, s.target});
            QVERIFY2(r.code == 0, qPrintable(QStringLiteral("reference run failed: ") + r.describe()));
            it->reference << pgState(url);
        }
    }
}

void TestPgInteropMigrate::walk_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QStringList>("tools"); // cycled through, one per step
    for (const char *p : {"app", "pgfeatures", "pgfidelity", "graph", "bind_rows"}) {
        QTest::addRow("%s/alembic-first", p) << QString::fromLatin1(p) << QStringList{"alembic", "petmigrate"};
        QTest::addRow("%s/petmigrate-first", p) << QString::fromLatin1(p) << QStringList{"petmigrate", "alembic"};
        QTest::addRow("%s/petmigrate-only", p) << QString::fromLatin1(p) << QStringList{"petmigrate"};
    }
}

void TestPgInteropMigrate::walk()
{
    QFETCH(QString, project);
    QFETCH(QStringList, tools);
    const Project &p = m_projects[project];
    QString ini;
    const QString url = freshDb(project, &ini);
    QVERIFY(!url.isEmpty() && !ini.isEmpty());
    for (int i = 0; i < p.walk.size(); ++i) {
        const Step &s = p.walk[i];
        const QString t = tools[i % tools.size()];
        Run r = tool(t, {QStringLiteral("-c"), ini, s.command, s.target});
        const QString ctx = QStringLiteral("step %1: %2 %3 %4 (pg_dump vs Alembic alone)")
                                .arg(i + 1).arg(t, s.command, s.target);
        QVERIFY2(r.code == 0, qPrintable(ctx + QLatin1Char('\n') + r.describe()));
        COMPARE_TEXT(pgState(url), p.reference[i], ctx);
    }
}

// The whole way up with one tool, the whole way down with the other, and up
// again with the first.
void TestPgInteropMigrate::upThenDown_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("upTool");
    QTest::addColumn<QString>("downTool");
    for (const char *p : {"app", "pgfeatures", "pgfidelity", "graph", "bind_rows"}) {
        QTest::addRow("%s/up-alembic-down-petmigrate", p) << QString::fromLatin1(p) << "alembic" << "petmigrate";
        QTest::addRow("%s/up-petmigrate-down-alembic", p) << QString::fromLatin1(p) << "petmigrate" << "alembic";
    }
}

void TestPgInteropMigrate::upThenDown()
{
    QFETCH(QString, project);
    QFETCH(QString, upTool);
    QFETCH(QString, downTool);
    QString refIni, ini;
    const QString refUrl = freshDb(project, &refIni);
    const QString url = freshDb(project, &ini);
    QVERIFY(!refUrl.isEmpty() && !url.isEmpty());
    const QString target = project == QLatin1String("graph") ? QStringLiteral("heads") : QStringLiteral("head");

    // A fresh database as Alembic leaves it, before and after.
    const QString refEmpty = pgState(refUrl);
    QVERIFY(alembic({QStringLiteral("-c"), refIni, QStringLiteral("upgrade"), target}).code == 0);
    const QString refHead = pgState(refUrl);
    QVERIFY(alembic({QStringLiteral("-c"), refIni, QStringLiteral("downgrade"), QStringLiteral("base")}).code == 0);
    const QString refBase = pgState(refUrl);
    QVERIFY2(refBase != refEmpty, "downgrade base keeps an empty alembic_version table");

    Run r = tool(upTool, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), target});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(pgState(url), refHead, upTool + QStringLiteral(" upgrade ") + target);
    r = tool(downTool, {QStringLiteral("-c"), ini, QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(pgState(url), refBase, downTool + QStringLiteral(" downgrade base"));
    r = tool(upTool, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), target});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(pgState(url), refHead, upTool + QStringLiteral(" upgrade ") + target + QStringLiteral(" again"));
}

QTEST_GUILESS_MAIN(TestPgInteropMigrate)
#include "tst_pg_interop_migrate.moc"
