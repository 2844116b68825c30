// Bodies that talk to the database through op.get_bind() (make_project.py's
// bind_rows: rows read back, text with parameters, table clauses, scalars,
// sa.inspect, a batch block between a write and a read), run by real
// Alembic and by petmigrate on separate files: the schemas, the rows and
// alembic_version must be the same after every command. A body failing
// midway, after its op.* calls and bind statements ran, leaves petmigrate's
// file byte for byte as it was.
#include "interop.h"

using namespace interop;

class TestInteropOnlineBind : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameAsAlembic_data();
    void sameAsAlembic();
    void failureMidBody_data();
    void failureMidBody();
    void offlineAsAlembic_data();
    void offlineAsAlembic();

private:
    QTemporaryDir m_tmp;
    int m_counter = 0;
    QString newProject(const QString &kind);
};

QString TestInteropOnlineBind::newProject(const QString &kind)
{
    return makeNumberedProject(m_tmp, m_counter, kind);
}

void TestInteropOnlineBind::initTestCase()
{
    INTEROP_REQUIRE_TOOLS();
    QVERIFY(m_tmp.isValid());
}

void TestInteropOnlineBind::sameAsAlembic_data()
{
    // Commands run in turn by each tool on its own file (space-separated
    // arguments, commands separated by ';').
    QTest::addColumn<QString>("commands");
    QTest::newRow("upgrade head") << "upgrade head";
    QTest::newRow("one revision at a time") << "upgrade 5e0000000001;upgrade +1;upgrade +1;upgrade +1";
    QTest::newRow("head, then base") << "upgrade head;downgrade base";
    QTest::newRow("head, back two, head again") << "upgrade head;downgrade -2;upgrade head";
    QTest::newRow("rows read after a batch, down and up") << "upgrade head;downgrade -1;upgrade +1;downgrade -1";
}

void TestInteropOnlineBind::sameAsAlembic()
{
    QFETCH(QString, commands);
    const QString dir = newProject(QStringLiteral("bind_rows"));
    QVERIFY(!dir.isEmpty());
    const QString alembicIni = iniFor(dir, dir + QStringLiteral("/alembic.db"), QStringLiteral("alembic"));
    const QString oursIni = iniFor(dir, dir + QStringLiteral("/ours.db"), QStringLiteral("ours"));
    QVERIFY(!alembicIni.isEmpty() && !oursIni.isEmpty());
    for (const QString &command : commands.split(QLatin1Char(';'))) {
        const QStringList args = command.split(QLatin1Char(' '));
        Run a = alembic(QStringList{QStringLiteral("-c"), alembicIni} + args);
        QVERIFY2(a.code == 0, qPrintable(a.describe()));
        Run p = petmigrate(QStringList{QStringLiteral("-c"), oursIni} + args);
        QVERIFY2(p.code == 0, qPrintable(p.describe()));
        const QString theirs = dbState(dir + QStringLiteral("/alembic.db"));
        const QString ours = dbState(dir + QStringLiteral("/ours.db"));
        // The rows the bodies computed from what they read must be there.
        QVERIFY2(!theirs.contains(QLatin1String("<no database file>")), qPrintable(command));
        QCOMPARE(ours, theirs);
    }
}

void TestInteropOnlineBind::failureMidBody_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("startTool");
    QTest::addColumn<QString>("start");
    QTest::addColumn<bool>("transactionPerMigration");
    QTest::addColumn<int>("line");     // of the failing call in 5e0000000005's file
    QTest::addColumn<QString>("says"); // part of the sentence
    QTest::addColumn<QString>("leftAt"); // where the failed run leaves the database
    QTest::newRow("bind statement fails, from alembic's db")
        << "bind_fail" << "alembic" << "5e0000000004" << false << 25 << "no such table: no_such_table" << "5e0000000004";
    QTest::newRow("bind statement fails, two steps in one run")
        << "bind_fail" << "petmigrate" << "5e0000000003" << false << 25 << "no such table: no_such_table" << "5e0000000003";
    QTest::newRow("script raises after its statements")
        << "bind_raise" << "petmigrate" << "5e0000000004" << false << 25
        << "Could not locate column in row for column 'nope'" << "5e0000000004";
    QTest::newRow("script raises, a transaction per migration")
        << "bind_raise" << "petmigrate" << "5e0000000003" << true << 25
        << "Could not locate column in row for column 'nope'" << "5e0000000004";
}

void TestInteropOnlineBind::failureMidBody()
{
    QFETCH(QString, kind);
    QFETCH(QString, startTool);
    QFETCH(QString, start);
    QFETCH(bool, transactionPerMigration);
    QFETCH(int, line);
    QFETCH(QString, says);
    QFETCH(QString, leftAt);
    const QString dir = newProject(kind);
    QVERIFY(!dir.isEmpty());
    const QString db = dir + QStringLiteral("/test.db");
    const QString ini = dir + QStringLiteral("/alembic.ini");
    if (transactionPerMigration) {
        // env.py's context.configure(): Alembic's own option.
        QFile env(dir + QStringLiteral("/env.py"));
        QVERIFY(env.open(QIODevice::ReadOnly));
        QString text = QString::fromUtf8(env.readAll());
        env.close();
        const QString marker = QStringLiteral("target_metadata=target_metadata");
        QVERIFY(text.count(marker) >= 1);
        text.replace(marker, marker + QStringLiteral(", transaction_per_migration=True"));
        QVERIFY(env.open(QIODevice::WriteOnly | QIODevice::Truncate));
        env.write(text.toUtf8());
    }

    Run r = tool(startTool, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), start});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QByteArray before = fileBytes(db);
    const QString stateBefore = dbState(db);

    r = petmigrate({QStringLiteral("-c"), ini, QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(r.code != 0, qPrintable(r.describe()));
    const QString failed = r.failedLines().join(QLatin1Char('\n'));
    const QString where = QStringLiteral("5e0000000005_fails_mid_body.py:%1:").arg(line);
    QVERIFY2(failed.contains(where), qPrintable(failed));
    QVERIFY2(failed.contains(QLatin1String("revision 5e0000000005")), qPrintable(failed));
    QVERIFY2(failed.contains(says), qPrintable(failed));
    if (leftAt == start) {
        // One transaction: from 5e0000000003, 5e0000000004 ran and is undone
        // with the failing step.
        QCOMPARE(dbState(db), stateBefore);
        QVERIFY(fileBytes(db) == before);
    } else {
        // A transaction per migration keeps the steps that completed: the
        // database is what a run to leftAt makes, no trace of the failed step.
        const QString reference = dir + QStringLiteral("/reference.db");
        const QString referenceIni = iniFor(dir, reference, QStringLiteral("reference"));
        Run ok = petmigrate({QStringLiteral("-c"), referenceIni, QStringLiteral("upgrade"), leftAt});
        QVERIFY2(ok.code == 0, qPrintable(ok.describe()));
        QCOMPARE(dbState(db), dbState(reference));
        QVERIFY(dbState(db) != stateBefore);
    }
}

void TestInteropOnlineBind::offlineAsAlembic_data()
{
    QTest::addColumn<QString>("range");
    // Writes without reads render as Alembic's MockConnection writes them;
    // a read fails offline in both.
    QTest::newRow("op.* only") << "5e0000000001";
    QTest::newRow("reads rows: fails in both") << "5e0000000001:5e0000000002";
    QTest::newRow("sa.inspect: fails in both") << "5e0000000002:5e0000000003";
}

void TestInteropOnlineBind::offlineAsAlembic()
{
    QFETCH(QString, range);
    const QString dir = newProject(QStringLiteral("bind_rows"));
    QVERIFY(!dir.isEmpty());
    const QString ini = dir + QStringLiteral("/alembic.ini");
    const QStringList args{QStringLiteral("-c"), ini, QStringLiteral("upgrade"), range, QStringLiteral("--sql")};
    Run a = alembic(args);
    Run p = petmigrate(args);
    QCOMPARE(p.code == 0, a.code == 0);
    if (a.code == 0)
        QCOMPARE(QString::fromUtf8(p.out), QString::fromUtf8(a.out));
    else
        QVERIFY2(QString::fromUtf8(p.err + p.out).contains(QLatin1String("5e00000000")), qPrintable(p.describe()));
}

QTEST_GUILESS_MAIN(TestInteropOnlineBind)
#include "tst_interop_onlinebind.moc"
