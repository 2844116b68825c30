// Faults during a petmigrate run on SQLite (issue 14): killed in the middle
// of a table rebuild, the disk full, a read-only file or folder, a database
// another program holds. Each leaves the database exactly as before (same
// .dump), says what happened in one sentence, and a re-run works.
#include <signal.h>
#include <sys/stat.h>

#include <QCryptographicHash>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include "faultkit.h"

using namespace Qt::StringLiterals;

class TestFaultsSqlite final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killDuringBatchRebuild();
    void diskFullDuringUpgrade();
    void readOnly_data();
    void readOnly();
    void busy();

private:
    // A project at revision a1 with `rows` pets; its database path.
    QString projectAtInitial(const QTemporaryDir &tmp, const QString &where, int rows);
    void expectUnchanged(const QString &database, const QByteArray &before, int rows);
    void expectRerunWorks(const QString &project, const QString &database, int rows);

    QString m_privateMounts; // why there are none, or empty
};

namespace {

const QString kInitial = u"a1a1a1a1a1a1"_s;
const QString kHead = u"b2b2b2b2b2b2"_s;

QByteArray digest(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

qint64 fileSize(const QString &path)
{
    return QFileInfo(path).size();
}

} // namespace

void TestFaultsSqlite::initTestCase()
{
    QVERIFY2(QFileInfo(faults::petmigratePath()).isExecutable(), qPrintable(faults::petmigratePath()));
    QVERIFY2(!faults::sqlite3Path().isEmpty(), "the sqlite3 shell is not on PATH (apt-get install sqlite3)");
    m_privateMounts = faults::enterPrivateMountNamespace();
}

QString TestFaultsSqlite::projectAtInitial(const QTemporaryDir &tmp, const QString &where, int rows)
{
    const QString project = tmp.filePath(where);
    QDir().mkpath(project);
    QString error;
    if (!faults::makeProject(project, u"sqlite:///pets.db"_s,
                             {{u"a1a1a1a1a1a1_initial.py"_s, faults::initialRevision()},
                              {u"b2b2b2b2b2b2_rebuild_pet.py"_s, faults::rebuildRevision()}},
                             &error)) {
        qWarning("%s", qPrintable(error));
        return {};
    }
    const faults::Run up = faults::petmigrate({u"upgrade"_s, kInitial}, project);
    if (up.code != 0) {
        qWarning("%s", qPrintable(up.describe()));
        return {};
    }
    const QString database = project + u"/pets.db"_s;
    if (!faults::fillPets(database, rows))
        return {};
    return database;
}

void TestFaultsSqlite::expectUnchanged(const QString &database, const QByteArray &before, int rows)
{
    QCOMPARE(faults::integrity(database), u"ok"_s);
    const QStringList tables = faults::tables(database);
    QCOMPARE(tables.filter(u"_alembic_tmp_"_s), QStringList());
    QCOMPARE(faults::query(database, u"SELECT count(*) FROM pet;"_s), QString::number(rows));
    QCOMPARE(faults::query(database, u"SELECT version_num FROM alembic_version;"_s), kInitial);
    QCOMPARE(digest(faults::dump(database)), before);
    QVERIFY2(!QFileInfo::exists(database + u"-journal"_s), "the rolled-back journal is still there");
}

void TestFaultsSqlite::expectRerunWorks(const QString &project, const QString &database, int rows)
{
    const faults::Run again = faults::petmigrate({u"upgrade"_s, u"head"_s}, project);
    QVERIFY2(again.code == 0, qPrintable(again.describe()));
    QCOMPARE(faults::query(database, u"SELECT version_num FROM alembic_version;"_s), kHead);
    QCOMPARE(faults::query(database, u"SELECT count(*), count(DISTINCT species) FROM pet;"_s),
             u"%1|%2"_s.arg(rows).arg(rows ? 1 : 0));
    QCOMPARE(faults::integrity(database), u"ok"_s);
}

void TestFaultsSqlite::killDuringBatchRebuild()
{
    constexpr int rows = 500000;
    QTemporaryDir tmp;
    const QString database = projectAtInitial(tmp, u"kill"_s, rows);
    QVERIFY(!database.isEmpty());
    const QString project = QFileInfo(database).absolutePath();
    const QByteArray before = digest(faults::dump(database));
    const qint64 sizeBefore = fileSize(database);

    QProcess run;
    faults::startPetmigrate(run, {u"upgrade"_s, u"head"_s}, project);
    // The copy step (INSERT INTO _alembic_tmp_pet SELECT ... FROM pet)
    // appends the new table's pages to the file as SQLite's page cache
    // spills; the original pages are in the journal by then.
    const bool copying = faults::waitUntil(
        [&] {
            return QFileInfo::exists(database + u"-journal"_s) && fileSize(database) > sizeBefore + 4 * 1024 * 1024;
        },
        run, 300000);
    QVERIFY2(copying, qPrintable(u"petmigrate was not caught copying: "_s + QString::fromUtf8(run.readAllStandardError())));
    QVERIFY(run.state() == QProcess::Running);
    ::kill(pid_t(run.processId()), SIGKILL);
    run.waitForFinished();
    QCOMPARE(run.exitStatus(), QProcess::CrashExit);
    // What a crash leaves: a hot journal, rolled back by the next opener.
    QVERIFY(QFileInfo::exists(database + u"-journal"_s));

    expectUnchanged(database, before, rows);
    expectRerunWorks(project, database, rows);
}

void TestFaultsSqlite::diskFullDuringUpgrade()
{
    if (!m_privateMounts.isEmpty())
        QSKIP(qPrintable(m_privateMounts));
    constexpr int rows = 40000;
    QTemporaryDir tmp;
    const QString disk = tmp.filePath(u"disk"_s);
    QCOMPARE(faults::mountSmallDisk(disk, 64 * 1024 * 1024), QString());
    const auto unmount = qScopeGuard([&] { faults::unmountSmallDisk(disk); });
    const QString database = projectAtInitial(tmp, u"disk/project"_s, rows);
    QVERIFY(!database.isEmpty());
    const QString project = QFileInfo(database).absolutePath();
    const QByteArray before = digest(faults::dump(database));
    // Just room for what is there: the rebuild needs about the table again.
    QCOMPARE(faults::resizeSmallDisk(disk, fileSize(database) + 1024 * 1024), QString());

    const faults::Run full = faults::petmigrate({u"upgrade"_s, u"head"_s}, project);
    QVERIFY2(full.code != 0, qPrintable(full.describe()));
    qInfo("petmigrate said: %s", qPrintable(full.all().trimmed()));
    QVERIFY2(full.all().contains(u"the disk is full"_s), qPrintable(full.describe()));
    QVERIFY2(full.all().contains(u"rolled back and is as it was before"_s), qPrintable(full.describe()));

    expectUnchanged(database, before, rows);
    QCOMPARE(faults::resizeSmallDisk(disk, 64 * 1024 * 1024), QString());
    expectRerunWorks(project, database, rows);
}

void TestFaultsSqlite::readOnly_data()
{
    QTest::addColumn<bool>("folder");
    QTest::addColumn<QString>("sentence");
    QTest::newRow("file") << false << u"the database file '%1' is read-only"_s;
    QTest::newRow("folder") << true << u"the folder '%1' is read-only, and SQLite must create its journal"_s;
}

void TestFaultsSqlite::readOnly()
{
    QFETCH(bool, folder);
    QFETCH(QString, sentence);
    constexpr int rows = 1000;
    QTemporaryDir tmp;
    const QString database = projectAtInitial(tmp, u"ro"_s, rows);
    QVERIFY(!database.isEmpty());
    const QString project = QFileInfo(database).absolutePath();
    const QByteArray before = digest(faults::dump(database));
    const QString locked = folder ? project : database;
    const QFile::Permissions writable = QFile(locked).permissions();
    QVERIFY(QFile(locked).setPermissions(writable & ~(QFile::WriteOwner | QFile::WriteGroup | QFile::WriteOther
                                                      | QFile::WriteUser)));

    const faults::Run refused = faults::petmigrate({u"upgrade"_s, u"head"_s}, project, {.obeyFilePermissions = true});
    QVERIFY(QFile(locked).setPermissions(writable));
    QVERIFY2(refused.code != 0, qPrintable(refused.describe()));
    qInfo("petmigrate said: %s", qPrintable(refused.all().trimmed()));
    QVERIFY2(refused.all().contains(sentence.arg(locked)), qPrintable(refused.describe()));

    expectUnchanged(database, before, rows);
    expectRerunWorks(project, database, rows);
}

void TestFaultsSqlite::busy()
{
    constexpr int rows = 1000;
    QTemporaryDir tmp;
    const QString database = projectAtInitial(tmp, u"busy"_s, rows);
    QVERIFY(!database.isEmpty());
    const QString project = QFileInfo(database).absolutePath();
    const QByteArray before = digest(faults::dump(database));

    // Another program in the middle of a write transaction.
    QProcess holder;
    holder.start(faults::sqlite3Path(), {u"-batch"_s, database});
    QVERIFY(holder.waitForStarted());
    holder.write("BEGIN IMMEDIATE;\nUPDATE pet SET weight = weight + 1 WHERE id = 1;\n");
    // The shell's output is buffered on a pipe; its journal shows the
    // write transaction is open (SQLite creates it on the first change).
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(database + u"-journal"_s) || holder.state() != QProcess::Running, 30000);
    QCOMPARE(holder.state(), QProcess::Running);

    // petmigrate waits for the busy timeout, then gives up cleanly.
    const faults::Run refused = faults::petmigrate({u"upgrade"_s, u"head"_s}, project);
    QVERIFY2(refused.code != 0, qPrintable(refused.describe()));
    qInfo("petmigrate said: %s", qPrintable(refused.all().trimmed()));
    QVERIFY2(refused.all().contains(u"the database is busy"_s), qPrintable(refused.describe()));

    holder.write("ROLLBACK;\n.quit\n");
    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished());
    expectUnchanged(database, before, rows);
    expectRerunWorks(project, database, rows);
}

QTEST_GUILESS_MAIN(TestFaultsSqlite)
#include "tst_faults_sqlite.moc"
