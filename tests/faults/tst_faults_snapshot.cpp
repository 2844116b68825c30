// Faults while a snapshot (VACUUM INTO, what the window keeps before every
// migration and on Take Snapshot) is written: killed half-way, the disk
// full. The database is never touched, no half snapshot is ever offered,
// and the next snapshot works.
#include <signal.h>

#include <cstdio>
#include <cstring>

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryDir>
#include <QTest>

#include "faultkit.h"
#include "runtime/snapshot.h"

using namespace Qt::StringLiterals;

class TestFaultsSnapshot final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killDuringSnapshot();
    void diskFullDuringSnapshot();

private:
    QString databaseWithPets(const QTemporaryDir &tmp, int rows);
    QString m_privateMounts;
};

namespace {

QByteArray digest(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

QStringList snapshotsIn(const QString &folder)
{
    return QDir(folder).entryList({u"*.sqlite"_s}, QDir::Files);
}

QStringList partialsIn(const QString &folder)
{
    return QDir(folder).entryList({u"*"_s + pm::partialSnapshotSuffix() + u"*"_s}, QDir::Files | QDir::Hidden);
}

} // namespace

void TestFaultsSnapshot::initTestCase()
{
    QVERIFY2(!faults::sqlite3Path().isEmpty(), "the sqlite3 shell is not on PATH (apt-get install sqlite3)");
    m_privateMounts = faults::enterPrivateMountNamespace();
}

QString TestFaultsSnapshot::databaseWithPets(const QTemporaryDir &tmp, int rows)
{
    const QString database = tmp.filePath(u"pets.db"_s);
    const faults::Run created = faults::sqlite3(
        database, u"CREATE TABLE pet (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(100) NOT NULL, weight FLOAT);"
                  u"CREATE INDEX ix_pet_name ON pet (name);"_s);
    if (created.code != 0 || !faults::fillPets(database, rows))
        return {};
    return database;
}

void TestFaultsSnapshot::killDuringSnapshot()
{
    constexpr int rows = 500000;
    QTemporaryDir tmp;
    const QString database = databaseWithPets(tmp, rows);
    QVERIFY(!database.isEmpty());
    const QByteArray before = digest(faults::dump(database));
    const QString folder = tmp.filePath(u"pets.snapshots"_s);
    const QString target = folder + u"/pets-1.sqlite"_s;

    // The same function the window runs, in a process of its own to kill.
    QProcess writer;
    writer.start(QCoreApplication::applicationFilePath(), {u"--write-snapshot"_s, database, target});
    QVERIFY(writer.waitForStarted());
    const QString partial = target + pm::partialSnapshotSuffix();
    const bool writing = faults::waitUntil([&] { return QFileInfo(partial).size() > 2 * 1024 * 1024; }, writer,
                                           300000);
    QVERIFY2(writing, qPrintable(u"the snapshot was not caught being written: "_s
                                 + QString::fromUtf8(writer.readAllStandardError())));
    ::kill(pid_t(writer.processId()), SIGKILL);
    writer.waitForFinished();
    QCOMPARE(writer.exitStatus(), QProcess::CrashExit);

    // Nothing that looks like a snapshot; the database as it was.
    QCOMPARE(snapshotsIn(folder), QStringList());
    QCOMPARE(faults::integrity(database), u"ok"_s);
    QCOMPARE(faults::query(database, u"SELECT count(*) FROM pet;"_s), QString::number(rows));
    QCOMPARE(digest(faults::dump(database)), before);

    // The next snapshot works and clears what the killed one left.
    const pm::Status again = pm::writeSnapshot(database, target);
    QVERIFY2(again, qPrintable(again ? QString() : again.error().toString()));
    QCOMPARE(snapshotsIn(folder), QStringList{u"pets-1.sqlite"_s});
    QCOMPARE(partialsIn(folder), QStringList());
    QCOMPARE(faults::integrity(target), u"ok"_s);
    QCOMPARE(faults::query(target, u"SELECT count(*) FROM pet;"_s), QString::number(rows));
}

void TestFaultsSnapshot::diskFullDuringSnapshot()
{
    if (!m_privateMounts.isEmpty())
        QSKIP(qPrintable(m_privateMounts));
    constexpr int rows = 100000;
    QTemporaryDir tmp;
    const QString database = databaseWithPets(tmp, rows);
    QVERIFY(!database.isEmpty());
    const QByteArray before = digest(faults::dump(database));
    // The snapshots' folder on a disk with room for half of one.
    const QString folder = tmp.filePath(u"pets.snapshots"_s);
    QCOMPARE(faults::mountSmallDisk(folder, QFileInfo(database).size() / 2), QString());
    const auto unmount = qScopeGuard([&] { faults::unmountSmallDisk(folder); });
    const QString target = folder + u"/pets-1.sqlite"_s;

    const pm::Status full = pm::writeSnapshot(database, target);
    QVERIFY(!full);
    qInfo("writeSnapshot said: %s", qPrintable(full.error().toString()));
    QVERIFY2(full.error().message.contains(u"the disk is full"_s), qPrintable(full.error().toString()));
    QVERIFY2(full.error().message.contains(u"the database itself is unchanged"_s), qPrintable(full.error().toString()));
    QCOMPARE(QDir(folder).entryList(QDir::Files | QDir::Hidden).join(u" "_s), QString());
    QCOMPARE(faults::integrity(database), u"ok"_s);
    QCOMPARE(digest(faults::dump(database)), before);

    QCOMPARE(faults::resizeSmallDisk(folder, 4 * QFileInfo(database).size()), QString());
    const pm::Status again = pm::writeSnapshot(database, target);
    QVERIFY2(again, qPrintable(again ? QString() : again.error().toString()));
    QCOMPARE(faults::query(target, u"SELECT count(*) FROM pet;"_s), QString::number(rows));
}

int main(int argc, char **argv)
{
    // The child the kill test starts: write one snapshot and exit.
    if (argc == 4 && std::strcmp(argv[1], "--write-snapshot") == 0) {
        QCoreApplication app(argc, argv);
        const pm::Status written = pm::writeSnapshot(QString::fromLocal8Bit(argv[2]), QString::fromLocal8Bit(argv[3]));
        if (!written)
            std::fprintf(stderr, "%s\n", qPrintable(written.error().toString()));
        return written ? 0 : 1;
    }
    QCoreApplication app(argc, argv);
    TestFaultsSnapshot suite;
    return QTest::qExec(&suite, argc, argv);
}

#include "tst_faults_snapshot.moc"
