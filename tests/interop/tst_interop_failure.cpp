// What happens when things go wrong: a migration failing halfway leaves the
// database file byte-for-byte as it was (and the fixed script then runs); a
// database stamped with an unknown revision and a file that is not a database
// give clear errors; two petmigrate processes upgrading one file at once never
// leave it half-migrated.
#include "interop.h"

#include <QThread>

using namespace interop;

class TestInteropFailure : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void failHalfway_data();
    void failHalfway();
    void unknownRevision_data();
    void unknownRevision();
    void notADatabase_data();
    void notADatabase();
    void concurrentUpgrade_data();
    void concurrentUpgrade();

private:
    QTemporaryDir m_tmp;
    int m_counter = 0;
    QString newProject(const QString &kind);
};

QString TestInteropFailure::newProject(const QString &kind)
{
    return makeNumberedProject(m_tmp, m_counter, kind);
}

void TestInteropFailure::initTestCase()
{
    INTEROP_REQUIRE_TOOLS();
    QVERIFY(m_tmp.isValid());
}

void TestInteropFailure::failHalfway_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("startTool"); // brings the database to `start`
    QTest::addColumn<QString>("start");
    QTest::addColumn<QString>("failing");   // revision that must be named
    QTest::addColumn<QString>("expectedTable"); // exists only after the fixed run
    QTest::newRow("batch not-null column, db from alembic") << "fail_batch" << "alembic" << "3c0000000001" << "3c0000000002" << "side";
    QTest::newRow("batch not-null column, db from petmigrate") << "fail_batch" << "petmigrate" << "3c0000000001" << "3c0000000002" << "side";
    QTest::newRow("bad execute in 2nd revision of run, alembic") << "fail_execute" << "alembic" << "4d0000000001" << "4d0000000003" << "t_two";
    QTest::newRow("bad execute in 2nd revision of run, petmigrate") << "fail_execute" << "petmigrate" << "4d0000000001" << "4d0000000003" << "t_two";
}

void TestInteropFailure::failHalfway()
{
    QFETCH(QString, kind);
    QFETCH(QString, startTool);
    QFETCH(QString, start);
    QFETCH(QString, failing);
    QFETCH(QString, expectedTable);
    const QString dir = newProject(kind);
    QVERIFY(!dir.isEmpty());
    const QString db = dir + QStringLiteral("/test.db");
    const QString ini = dir + QStringLiteral("/alembic.ini");

    Run r = tool(startTool, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), start});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QByteArray before = fileBytes(db);
    const QString stateBefore = dbState(db);

    r = petmigrate({QStringLiteral("-c"), ini, QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(r.code == 255, qPrintable(QStringLiteral("expected exit 255\n") + r.describe()));
    const QStringList failed = r.failedLines();
    QVERIFY2(failed.size() == 1, qPrintable(QStringLiteral("expected one FAILED: line\n") + r.describe()));
    QVERIFY2(failed.first().contains(failing),
             qPrintable(QStringLiteral("FAILED: line does not name %1\n").arg(failing) + r.describe()));
    QVERIFY2(!r.err.contains("Traceback") && !r.err.contains("terminate called"), qPrintable(r.describe()));
    COMPARE_TEXT(dbState(db), stateBefore, QStringLiteral("state after the failed run (expected: unchanged)"));
    QVERIFY2(fileBytes(db) == before, "the failed run changed the database file's bytes");
    QVERIFY2(!QFileInfo::exists(db + QStringLiteral("-journal")) || QFileInfo(db + QStringLiteral("-journal")).size() == 0,
             "a hot journal was left behind");

    // Fix the script and run again: must succeed and equal Alembic's result
    // on a fresh database from the same starting point.
    QVERIFY(fixProject(dir));
    r = petmigrate({QStringLiteral("-c"), ini, QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QString refDb = dir + QStringLiteral("/ref.db");
    const QString refIni = iniFor(dir, refDb, QStringLiteral("ref"));
    QVERIFY(tool(startTool, {QStringLiteral("-c"), refIni, QStringLiteral("upgrade"), start}).code == 0);
    r = alembic({QStringLiteral("-c"), refIni, QStringLiteral("upgrade"), QStringLiteral("head")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    COMPARE_TEXT(dbState(db), dbState(refDb), QStringLiteral("after the fixed re-run"));
    QVERIFY(dbState(db).contains(QStringLiteral("table | %1 |").arg(expectedTable)));
}

void TestInteropFailure::unknownRevision_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("upgrade head") << QStringList{"upgrade", "head"};
    QTest::newRow("downgrade base") << QStringList{"downgrade", "base"};
    QTest::newRow("current") << QStringList{"current"};
}

void TestInteropFailure::unknownRevision()
{
    QFETCH(QStringList, args);
    const QString dir = newProject(QStringLiteral("fail_execute"));
    QVERIFY(!dir.isEmpty());
    const QString db = dir + QStringLiteral("/test.db");
    const QString ini = dir + QStringLiteral("/alembic.ini");
    QVERIFY(petmigrate({QStringLiteral("-c"), ini, QStringLiteral("upgrade"), QStringLiteral("4d0000000001")}).code == 0);
    QByteArray err;
    sqlite(db, QStringLiteral("UPDATE alembic_version SET version_num = 'feedfacecafe';"), &err);
    QVERIFY2(err.isEmpty(), err.constData());
    const QByteArray before = fileBytes(db);

    Run p = petmigrate(QStringList{QStringLiteral("-c"), ini} + args);
    const QByteArray after = fileBytes(db);
    Run a = alembic(QStringList{QStringLiteral("-c"), ini} + args);
    QVERIFY2(p.code == 255, qPrintable(p.describe()));
    QVERIFY2(p.failedLines().size() == 1 && p.failedLines().first().contains(QLatin1String("feedfacecafe")),
             qPrintable(QStringLiteral("expected one FAILED: line naming feedfacecafe\n") + p.describe()));
    QVERIFY2(after == before, "database changed");
    // Alembic's words, where it has a FAILED: line of its own.
    if (!a.failedLines().isEmpty())
        COMPARE_TEXT(p.failedLines().join(QLatin1Char('\n')), a.failedLines().join(QLatin1Char('\n')),
                     QStringLiteral("FAILED: line vs Alembic's"));
}

void TestInteropFailure::notADatabase_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("content");
    const QByteArray text = QByteArray("this is a text file, not an SQLite database\n").repeated(100);
    QTest::newRow("upgrade, text file") << QStringList{"upgrade", "head"} << text;
    QTest::newRow("stamp, text file") << QStringList{"stamp", "head"} << text;
    QByteArray fakeHeader("SQLite format 3");
    fakeHeader.append('\0');
    fakeHeader.append(QByteArray(4080, '\x5a'));
    QTest::newRow("upgrade, corrupt header") << QStringList{"upgrade", "head"} << fakeHeader;
}

void TestInteropFailure::notADatabase()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, content);
    const QString dir = newProject(QStringLiteral("fail_execute"));
    QVERIFY(!dir.isEmpty());
    const QString db = dir + QStringLiteral("/test.db");
    {
        QFile f(db);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(content);
    }
    Run p = petmigrate(QStringList{QStringLiteral("-c"), dir + QStringLiteral("/alembic.ini")} + args);
    QVERIFY2(p.code == 255, qPrintable(p.describe()));
    QVERIFY2(p.failedLines().size() == 1, qPrintable(QStringLiteral("expected one FAILED: line\n") + p.describe()));
    const QString line = p.failedLines().first();
    QVERIFY2(line.contains(QLatin1String("not a database"), Qt::CaseInsensitive)
                 || line.contains(QLatin1String("malformed"), Qt::CaseInsensitive),
             qPrintable(QStringLiteral("FAILED: line does not say the file is not a database\n") + p.describe()));
    QVERIFY2(fileBytes(db) == content, "the file was modified");
}

void TestInteropFailure::concurrentUpgrade_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("target");
    QTest::newRow("features") << "features" << "head";
    QTest::newRow("graph") << "graph" << "heads";
}

void TestInteropFailure::concurrentUpgrade()
{
    QFETCH(QString, kind);
    QFETCH(QString, target);
    const QString dir = newProject(kind);
    QVERIFY(!dir.isEmpty());
    const QString refDb = dir + QStringLiteral("/ref.db");
    Run r = alembic({QStringLiteral("-c"), iniFor(dir, refDb, QStringLiteral("ref")), QStringLiteral("upgrade"), target});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QString expected = dbState(refDb);

    for (int round = 0; round < 4; ++round) {
        const QString db = dir + QStringLiteral("/c%1.db").arg(round);
        const QString ini = iniFor(dir, db, QStringLiteral("c%1").arg(round));
        QProcess p1, p2;
        const QStringList args{QStringLiteral("-c"), ini, QStringLiteral("upgrade"), target};
        p1.start(petmigratePath(), args);
        if (round % 2)
            QThread::msleep(5 * round);
        p2.start(petmigratePath(), args);
        QVERIFY(p1.waitForFinished(60000));
        QVERIFY(p2.waitForFinished(60000));
        int ok = 0;
        QString report;
        for (QProcess *p : {&p1, &p2}) {
            const QString err = QString::fromUtf8(p->readAllStandardError());
            report += QStringLiteral("exit %1: %2\n").arg(p->exitCode()).arg(err);
            if (p->exitStatus() == QProcess::NormalExit && p->exitCode() == 0)
                ++ok;
            else
                QVERIFY2(p->exitStatus() == QProcess::NormalExit && p->exitCode() == 255
                             && err.contains(QLatin1String("busy"), Qt::CaseInsensitive),
                         qPrintable(QStringLiteral("round %1: a process failed without saying the database is busy\n").arg(round) + report));
        }
        QVERIFY2(ok >= 1, qPrintable(report));
        COMPARE_TEXT(dbState(db), expected, QStringLiteral("round %1 final state\n%2").arg(round).arg(report));
    }
}

QTEST_GUILESS_MAIN(TestInteropFailure)
#include "tst_interop_failure.moc"
