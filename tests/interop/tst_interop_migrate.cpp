// Upgrade with one tool, downgrade with the other, and back: real Alembic and
// petmigrate take turns on the same project and database, and after every
// step sqlite_master, alembic_version and the table rows must be exactly what
// Alembic alone produces on a fresh database walked through the same steps.
#include "interop.h"

using namespace interop;

namespace {

struct Step
{
    QString command; // upgrade | downgrade | stamp
    QString target;
};

struct Project
{
    QString dir;
    QList<Step> walk;
    QStringList reference; // state after each step, Alembic alone
};

} // namespace

class TestInteropMigrate : public QObject
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
    QMap<QString, Project> m_projects;
    int m_dbCounter = 0;
    QString freshDb(const QString &project, QString *ini);
};

QString TestInteropMigrate::freshDb(const QString &project, QString *ini)
{
    const Project &p = m_projects[project];
    const QString db = m_tmp.filePath(QStringLiteral("db%1.sqlite").arg(++m_dbCounter));
    *ini = iniFor(p.dir, db, QStringLiteral("run%1").arg(m_dbCounter));
    return db;
}

void TestInteropMigrate::initTestCase()
{
    INTEROP_REQUIRE_TOOLS();
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
    features.dir = makeProject(QStringLiteral("features"), m_tmp.path(), &err);
    QVERIFY2(!features.dir.isEmpty(), qPrintable(err));
    features.walk = {up("1a0000000002"), up("1a0000000004"), down("1a0000000003"), up("head"),
                     down("1a0000000001"), up("+2"), down("-1"), up("head"), down("base"),
                     up("head")};
    m_projects.insert(QStringLiteral("features"), features);

    Project graph;
    graph.dir = makeProject(QStringLiteral("graph"), m_tmp.path(), &err);
    QVERIFY2(!graph.dir.isEmpty(), qPrintable(err));
    graph.walk = {up("2b00000000b1"), up("feature@head"), up("2b00000000m1"),
                  up("other@head"), up("heads"), down("other@base"),
                  down("2b00000000b3"), up("2b00000000o1"), down("base"), up("heads")};
    m_projects.insert(QStringLiteral("graph"), graph);

    Project types;
    types.dir = makeProject(QStringLiteral("types"), m_tmp.path(), &err);
    QVERIFY2(!types.dir.isEmpty(), qPrintable(err));
    types.walk = {up("head")};
    m_projects.insert(QStringLiteral("types"), types);

    // Alembic alone, on a fresh database, gives the expected state per step.
    for (auto it = m_projects.begin(); it != m_projects.end(); ++it) {
        QString ini;
        const QString db = freshDb(it.key(), &ini);
        for (const Step &s : it->walk) {
            Run r = alembic({QStringLiteral("-c"), ini, s.command, s.target});
            QVERIFY2(r.code == 0, qPrintable(QStringLiteral("reference run failed: ") + r.describe()));
            it->reference << dbState(db);
        }
    }
}

void TestInteropMigrate::walk_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QStringList>("tools"); // cycled through, one per step
    for (const char *p : {"app", "features", "graph"}) {
        QTest::addRow("%s/alembic-first", p) << QString::fromLatin1(p) << QStringList{"alembic", "petmigrate"};
        QTest::addRow("%s/petmigrate-first", p) << QString::fromLatin1(p) << QStringList{"petmigrate", "alembic"};
        QTest::addRow("%s/petmigrate-only", p) << QString::fromLatin1(p) << QStringList{"petmigrate"};
    }
}

void TestInteropMigrate::walk()
{
    QFETCH(QString, project);
    QFETCH(QStringList, tools);
    const Project &p = m_projects[project];
    QString ini;
    const QString db = freshDb(project, &ini);
    for (int i = 0; i < p.walk.size(); ++i) {
        const Step &s = p.walk[i];
        const QString t = tools[i % tools.size()];
        Run r = tool(t, {QStringLiteral("-c"), ini, s.command, s.target});
        const QString ctx = QStringLiteral("step %1: %2 %3 %4 (state vs Alembic alone)")
                                .arg(i + 1).arg(t, s.command, s.target);
        QVERIFY2(r.code == 0, qPrintable(ctx + QLatin1Char('\n') + r.describe()));
        COMPARE_TEXT(dbState(db), p.reference[i], ctx);
    }
}

// The whole way up with one tool, the whole way down with the other, and up
// again with the first.
void TestInteropMigrate::upThenDown_data()
{
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("upTool");
    QTest::addColumn<QString>("downTool");
    for (const char *p : {"app", "features", "graph", "types"}) {
        QTest::addRow("%s/up-alembic-down-petmigrate", p) << QString::fromLatin1(p) << "alembic" << "petmigrate";
        QTest::addRow("%s/up-petmigrate-down-alembic", p) << QString::fromLatin1(p) << "petmigrate" << "alembic";
    }
}

void TestInteropMigrate::upThenDown()
{
    QFETCH(QString, project);
    QFETCH(QString, upTool);
    QFETCH(QString, downTool);
    QString refIni, ini;
    const QString refDb = freshDb(project, &refIni);
    const QString db = freshDb(project, &ini);
    const QString target = project == QLatin1String("graph") ? QStringLiteral("heads") : QStringLiteral("head");

    QVERIFY(alembic({QStringLiteral("-c"), refIni, QStringLiteral("upgrade"), target}).code == 0);
    const QString refHead = dbState(refDb);
    QVERIFY(alembic({QStringLiteral("-c"), refIni, QStringLiteral("downgrade"), QStringLiteral("base")}).code == 0);
    const QString refBase = dbState(refDb);

    Run r = tool(upTool, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), target});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(dbState(db), refHead, upTool + QStringLiteral(" upgrade ") + target);
    r = tool(downTool, {QStringLiteral("-c"), ini, QStringLiteral("downgrade"), QStringLiteral("base")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(dbState(db), refBase, downTool + QStringLiteral(" downgrade base"));
    r = tool(upTool, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), target});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(dbState(db), refHead, upTool + QStringLiteral(" upgrade ") + target + QStringLiteral(" again"));
}

QTEST_GUILESS_MAIN(TestInteropMigrate)
#include "tst_interop_migrate.moc"
