// Faults met through the window (issue 14), offscreen: a read-only database
// file or folder, a database another program holds in a write transaction,
// and one another program changes (rows, schema, revision, a dropped table)
// while the window shows it. One clear sentence each, no crash, the window
// stays usable, and the database holds what it held (or what the other
// program wrote).
#include <QAction>
#include <QApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include "faultkit.h"
#include "ui/inlinemessage.h"
#include "ui/livetablemodel.h"
#include "ui/mainwindow.h"
#include "ui/migrationcontroller.h"
#include "ui/tablepage.h"
#include "windowdriver.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestFaultsWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void readOnly_data();
    void readOnly();
    void busy();
    void changedUnderneath();
    void diskFull();

private:
    void openWindow();
    // Upgrade to head from the window; the (ok, message) it finished with.
    std::pair<bool, QString> upgradeFromWindow();

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_database;
    QString m_ini;
    std::unique_ptr<MainWindow> m_window;
    QString m_privateMounts; // why there are none, or empty
};

namespace {

const QString kInitial = u"a90cc5966c45"_s;
constexpr int kPets = 300; // more than one fetch of the table view

QByteArray digest(const QByteArray &bytes)
{
    return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex();
}

} // namespace

void TestFaultsWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PetManagerTests"_s);
    QCoreApplication::setApplicationName(u"tst_faults_window"_s);
    QVERIFY2(!faults::sqlite3Path().isEmpty(), "the sqlite3 shell is not on PATH (apt-get install sqlite3)");
    // Before any window starts its worker thread, which inherits it.
    m_privateMounts = faults::enterPrivateMountNamespace();
}

void TestFaultsWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    const QString project = m_dir->filePath(u"project"_s);
    QVERIFY(faults::run(u"cp"_s, {u"-r"_s, QStringLiteral(PM_SOURCE_DIR "/migrations"), project}, QString()).code == 0);
    m_ini = project + u"/alembic.ini"_s;
    QDir().mkpath(m_dir->filePath(u"data"_s));
    m_database = m_dir->filePath(u"data/pets.db"_s);
    const faults::Run up = faults::petmigrate(
        {u"-c"_s, m_ini, u"--url"_s, u"sqlite:///"_s + m_database, u"upgrade"_s, kInitial}, m_dir->path());
    QVERIFY2(up.code == 0, qPrintable(up.describe()));
    QVERIFY(faults::sqlite3(m_database, u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < %1) "
                                        u"INSERT INTO pet (id, name) SELECT i, 'pet ' || i FROM n;"_s.arg(kPets))
                .code
            == 0);
}

void TestFaultsWindow::cleanup()
{
    if (QTest::currentTestFailed() && m_window)
        m_window->grab().save(QStringLiteral(PM_BINARY_DIR) + u"/tests/faults/failed-"_s
                              + QString::fromLatin1(QTest::currentTestFunction()) + u".png"_s);
    m_window.reset();
    m_dir.reset();
}

void TestFaultsWindow::openWindow()
{
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openDatabase(m_database, m_ini));
    QTRY_VERIFY(m_window->petsPage()->model()->rowCount() > 0);
}

std::pair<bool, QString> TestFaultsWindow::upgradeFromWindow()
{
    QSignalSpy finished(m_window->controller(), &MigrationController::jobFinished);
    QAction *upgrade = m_window->findChild<QAction *>(u"upgrade"_s);
    if (!upgrade->isEnabled())
        return {false, u"Upgrade is disabled: "_s + upgrade->statusTip()};
    upgrade->trigger();
    if (!test::confirmMigration(u"Upgrade"_s))
        return {false, u"no confirmation was asked"_s};
    // The busy case waits for SQLite's busy timeout first.
    if (!finished.wait(60000) && finished.isEmpty())
        return {false, u"the run did not finish"_s};
    return {finished.first().at(0).toBool(), finished.first().at(1).toString()};
}

void TestFaultsWindow::readOnly_data()
{
    QTest::addColumn<bool>("folder");
    QTest::addColumn<QString>("sentence");
    // A read-only file: the snapshot is kept, then the migration refused.
    QTest::newRow("file") << false << u"the database file '%1' is read-only"_s;
    // A read-only folder: not even the snapshot beside the file.
    QTest::newRow("folder") << true << u"the folder '%1' is read-only"_s;
}

void TestFaultsWindow::readOnly()
{
    QFETCH(bool, folder);
    QFETCH(QString, sentence);
    const QByteArray before = digest(faults::dump(m_database));
    const QString locked = folder ? QFileInfo(m_database).absolutePath() : m_database;
    const QFile::Permissions writable = QFile(locked).permissions();
    QVERIFY(QFile(locked).setPermissions(writable & ~(QFile::WriteOwner | QFile::WriteUser | QFile::WriteGroup
                                                      | QFile::WriteOther)));
    {
        // Before the window and its worker thread exist: they inherit it.
        const faults::FilePermissionsObeyed obeyed;
        QVERIFY(obeyed.ok());
        openWindow();
        const auto [ok, message] = upgradeFromWindow();
        qInfo("the window said: %s", qPrintable(message));
        QVERIFY2(!ok, qPrintable(message));
        QVERIFY2(message.contains(sentence.arg(locked)), qPrintable(message));
        QTRY_VERIFY(m_window->message()->isVisible());
        QCOMPARE(m_window->message()->text(), message);

        // Still usable: the rows are there, Refresh and Upgrade are offered.
        QTRY_VERIFY(m_window->findChild<QAction *>(u"refresh"_s)->isEnabled());
        m_window->findChild<QAction *>(u"refresh"_s)->trigger();
        QTRY_VERIFY(m_window->petsPage()->model()->rowCount() > 0);
        QVERIFY(m_window->findChild<QAction *>(u"upgrade"_s)->isEnabled());
        m_window.reset();
    }
    QVERIFY(QFile(locked).setPermissions(writable));
    QCOMPARE(faults::integrity(m_database), u"ok"_s);
    QCOMPARE(digest(faults::dump(m_database)), before);
}

void TestFaultsWindow::busy()
{
    const QByteArray before = digest(faults::dump(m_database));
    openWindow();
    QProcess holder;
    holder.start(faults::sqlite3Path(), {u"-batch"_s, m_database});
    QVERIFY(holder.waitForStarted());
    // (SQLite skips a write that changes nothing: change a name, rolled back later.)
    holder.write("BEGIN IMMEDIATE;\nUPDATE pet SET name = 'held' WHERE id = 1;\n");
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(m_database + u"-journal"_s) || holder.state() != QProcess::Running,
                             30000);
    QCOMPARE(holder.state(), QProcess::Running);

    const auto [ok, message] = upgradeFromWindow();
    qInfo("the window said: %s", qPrintable(message));
    QVERIFY2(!ok, qPrintable(message));
    QVERIFY2(message.contains(u"the database is busy"_s), qPrintable(message));
    QVERIFY2(message.contains(u"the database is as it was"_s), qPrintable(message));
    QVERIFY(m_window->petsPage()->model()->rowCount() > 0);

    holder.write("ROLLBACK;\n.quit\n");
    holder.closeWriteChannel();
    QVERIFY(holder.waitForFinished());
    QCOMPARE(digest(faults::dump(m_database)), before);

    // Once the other program is done, the same click works.
    const auto [again, said] = upgradeFromWindow();
    QVERIFY2(again, qPrintable(said));
    QTRY_COMPARE(m_window->statusTexts().at(2), u"0 pending"_s);
}

void TestFaultsWindow::changedUnderneath()
{
    openWindow();
    LiveTableModel *pets = m_window->petsPage()->model();
    const int shownColumns = pets->columnCount();
    QAction *refresh = m_window->findChild<QAction *>(u"refresh"_s);

    // Rows: another program deletes most of them while they are shown.
    // The window holds no lock that would stop it.
    const faults::Run deleted = faults::sqlite3(
        m_database, u"DELETE FROM pet WHERE id > 100;\nINSERT INTO pet (id, name) VALUES (1000, 'newcomer');"_s);
    QVERIFY2(deleted.code == 0, qPrintable(deleted.describe()));
    // An edit of a row that is gone says so, and shows nothing as saved.
    int gone = -1;
    for (int row = 0; row < pets->rowCount() && gone < 0; ++row) {
        if (pets->index(row, 0).data().toInt() == 200)
            gone = row;
    }
    QVERIFY(gone >= 0);
    QSignalSpy refused(pets, &LiveTableModel::writeFailed);
    QVERIFY(!pets->setData(pets->index(gone, 1), u"renamed"_s, Qt::EditRole));
    QCOMPARE(refused.count(), 1);
    qInfo("the window said: %s", qPrintable(refused.first().at(1).toString()));
    QVERIFY2(refused.first().at(1).toString().contains(u"deleted this row"_s), qPrintable(refused.first().at(1).toString()));
    QCOMPARE(pets->index(gone, 1).data().toString(), u"pet 200"_s);
    refresh->trigger();
    QTRY_COMPARE(pets->totalRowCount(), 101);

    // Revision: another program upgrades the database to head.
    const faults::Run upgraded = faults::petmigrate(
        {u"-c"_s, m_ini, u"--url"_s, u"sqlite:///"_s + m_database, u"upgrade"_s, u"head"_s}, m_dir->path());
    QVERIFY2(upgraded.code == 0, qPrintable(upgraded.describe()));
    refresh->trigger();
    QTRY_COMPARE(m_window->statusTexts().at(2), u"0 pending"_s);
    QTRY_VERIFY(m_window->petsPage()->model()->columnCount() > shownColumns);
    QTRY_COMPARE(m_window->petsPage()->model()->totalRowCount(), 101);

    // Schema: another program drops the table the window shows.
    const faults::Run dropped = faults::sqlite3(m_database, u"DROP TABLE pet;"_s);
    QVERIFY2(dropped.code == 0, qPrintable(dropped.describe()));
    refresh->trigger();
    QTRY_VERIFY(!m_window->petsPage()->model()->tableExists());
    // The rest of the window goes on: the users table, the history.
    QVERIFY(m_window->usersPage()->model()->tableExists());
    QVERIFY(refresh->isEnabled());
    QVERIFY(m_window->controller()->isOpen());
}

void TestFaultsWindow::diskFull()
{
    if (!m_privateMounts.isEmpty())
        QSKIP(qPrintable(m_privateMounts));
    // The database on a disk of its own with room for little more than it.
    const QString disk = m_dir->filePath(u"disk"_s);
    QCOMPARE(faults::mountSmallDisk(disk, 16 * 1024 * 1024), QString());
    const auto unmount = qScopeGuard([&] { faults::unmountSmallDisk(disk); });
    const QString moved = disk + u"/pets.db"_s;
    QVERIFY(QFile::copy(m_database, moved));
    m_database = moved;
    const QByteArray before = digest(faults::dump(m_database));
    QCOMPARE(faults::resizeSmallDisk(disk, QFileInfo(m_database).size() + 16 * 1024), QString());

    openWindow();
    const auto [ok, message] = upgradeFromWindow();
    qInfo("the window said: %s", qPrintable(message));
    QVERIFY2(!ok, qPrintable(message));
    QVERIFY2(message.contains(u"the disk is full"_s), qPrintable(message));
    QTRY_VERIFY(m_window->message()->isVisible());
    QVERIFY(m_window->petsPage()->model()->rowCount() > 0);
    QCOMPARE(faults::integrity(m_database), u"ok"_s);
    QCOMPARE(digest(faults::dump(m_database)), before);
    QCOMPARE(QDir(disk + u"/pets.snapshots"_s).entryList(QDir::Files | QDir::Hidden), QStringList());

    // With room again, the same click works.
    QCOMPARE(faults::resizeSmallDisk(disk, 64 * 1024 * 1024), QString());
    const auto [again, said] = upgradeFromWindow();
    QVERIFY2(again, qPrintable(said));
    QTRY_COMPARE(m_window->statusTexts().at(2), u"0 pending"_s);
    m_window.reset();
}

QTEST_MAIN(TestFaultsWindow)
#include "tst_faults_window.moc"
