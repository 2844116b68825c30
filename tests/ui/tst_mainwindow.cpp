// Scenarios that drive the real window as a person does, on a fresh
// temporary database per test.
#include <QAbstractButton>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QDockWidget>
#include <QLabel>
#include <QHeaderView>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include "testdatabase.h"
#include "windowdriver.h"
#include "ui/inlinemessage.h"
#include "ui/livetablemodel.h"
#include "ui/mainwindow.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"
#include "ui/previewpane.h"
#include "ui/rowdialog.h"
#include "ui/scripteditor.h"
#include "ui/scriptvalidator.h"
#include "ui/tableinfo.h"
#include "ui/tablepage.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestMainWindow final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void opensOnTheDatabase();
    void engineActionsSayWhyTheyAreDisabled();
    void addUserThenPetWithThatOwner();
    void duplicateEmailIsShownUnderTheField();
    void filterAndSort();
    void rejectedEditLeavesTheDatabaseUnchanged();
    void deleteAsksThenDeletes();
    void deletingAnOwnerFailsCleanly();
    void releaseLetsDdlRun();
    void historyFromTheMigrationsProject();
    void upgradeAndDowngradeFromTheWindow();
    void snapshotRunsOffTheGuiThread();
    void remembersRecentFiles();
    void autogenerateSaveUpgradeDowngradeRestore();
    void editedScriptIsCheckedAsYouType();
    void draftThatDoesNotParseIsNotSaved();
    void failingMigrationLeavesTheDataAsItWas();
    void unusualScriptIsListedWithItsError();
    void selectedRevisionShowsItsOwnSql();
    void revisionThatReadsRowsIsRehearsed();
    void longMessageLeavesTheHistoryItsWidth();

private:
    void addSampleRows();
    // A copy of the app's migrations project with only `versions` in it.
    QString copyProject(const QStringList &versions);
    bool runMigration(QAction *action, const QString &button, QSignalSpy &finished);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    QString m_check; // a second connection, to look at the database as it is
    std::unique_ptr<MainWindow> m_window;
};

void TestMainWindow::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PetManagerTests"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    QSettings().clear();
}

void TestMainWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(u"pets.db"_s);
    m_check = test::openConnection(m_path);
    QVERIFY(test::createSchema(m_check));
    m_window = std::make_unique<MainWindow>();
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QVERIFY(m_window->openDatabase(m_path));
}

void TestMainWindow::cleanup()
{
    if (QTest::currentTestFailed())
        m_window->grab().save(QStringLiteral(PM_BINARY_DIR) + u"/tests/ui/failed-"_s
                              + QString::fromLatin1(QTest::currentTestFunction()) + u".png"_s);
    m_window.reset();
    test::closeConnection(m_check);
    m_dir.reset();
}

void TestMainWindow::addSampleRows()
{
    QVERIFY(test::exec(m_check, u"INSERT INTO user (id, name, email) VALUES (1, 'Ann', 'ann@example.org'), "
                                "(2, 'Bob', 'bob@example.org')"_s));
    QVERIFY(test::exec(m_check, u"INSERT INTO pet (name, species, weight_kg, owner_id) VALUES "
                                "('Rex', 'dog', 12.5, 1), ('Tom', 'cat', 4.0, NULL), ('Bella', 'dog', 20, 2)"_s));
    m_window->reload();
}

void TestMainWindow::opensOnTheDatabase()
{
    QVERIFY(m_window->windowTitle().contains(u"pets.db"_s));
    QCOMPARE(m_window->dataTabs()->count(), 3);
    QCOMPARE(m_window->dataTabs()->tabText(0), u"Pets"_s);
    QCOMPARE(m_window->dataTabs()->tabText(1), u"Users"_s);
    QCOMPARE(m_window->dataTabs()->tabText(2), u"Schema"_s);
    const QStringList status = m_window->statusTexts();
    QCOMPARE(status.at(0), m_path);
    QCOMPARE(status.at(3), u"not under version control"_s);
    QCOMPARE(m_window->petsPage()->model()->columnCount(), 5);
    QVERIFY(m_window->findChild<QDockWidget *>(u"historyDock"_s)->isVisible());
    QVERIFY(m_window->findChild<QDockWidget *>(u"logDock"_s)->isVisible());
    QVERIFY(m_window->logView()->toPlainText().contains(u"Opened "_s));
}

void TestMainWindow::engineActionsSayWhyTheyAreDisabled()
{
    for (const QString &name : {u"upgrade"_s, u"downgrade"_s, u"autogenerate"_s, u"stamp"_s}) {
        auto *action = m_window->findChild<QAction *>(name);
        QVERIFY2(action, qPrintable(name));
        QVERIFY2(!action->isEnabled(), qPrintable(name));
        QVERIFY2(action->statusTip().contains(u" — "_s), qPrintable(action->statusTip()));
    }
    QVERIFY(m_window->findChild<QAction *>(u"snapshot"_s)->isEnabled());
    QVERIFY(m_window->findChild<QAction *>(u"quit"_s)->shortcut() == QKeySequence(Qt::CTRL | Qt::Key_Q));
    QVERIFY(m_window->findChild<QAction *>(u"openDatabase"_s)->shortcut() == QKeySequence::Open);
}

void TestMainWindow::addUserThenPetWithThatOwner()
{
    RowDialog *userDialog = test::openAddDialog(*m_window, m_window->usersPage());
    QVERIFY(userDialog);
    QVERIFY(!userDialog->field(u"id"_s)); // SQLite numbers the row
    QTest::keyClicks(userDialog->field(u"name"_s), u"Ann"_s);
    QTest::keyClicks(userDialog->field(u"email"_s), u"ann@example.org"_s);
    test::saveDialog(userDialog);
    QTRY_COMPARE(m_window->usersPage()->model()->rowCount(), 1);
    QCOMPARE(test::scalar(m_check, u"SELECT name FROM user"_s).toString(), u"Ann"_s);

    RowDialog *petDialog = test::openAddDialog(*m_window, m_window->petsPage());
    QVERIFY(petDialog);
    QTest::keyClicks(petDialog->field(u"name"_s), u"Rex"_s);
    QTest::keyClicks(petDialog->field(u"species"_s), u"dog"_s);
    QTest::keyClicks(petDialog->field(u"weight_kg"_s), u"12.5"_s);
    auto *owner = qobject_cast<QComboBox *>(petDialog->field(u"owner_id"_s));
    QVERIFY(owner);
    QCOMPARE(owner->count(), 2); // "— none —" and Ann
    owner->setCurrentIndex(owner->findText(u"Ann"_s));
    test::saveDialog(petDialog);
    LiveTableModel *pets = m_window->petsPage()->model();
    QTRY_COMPARE(pets->rowCount(), 1);
    QCOMPARE(pets->index(0, 4).data().toString(), u"Ann"_s); // the name, not the id
    QCOMPARE(test::scalar(m_check, u"SELECT owner_id FROM pet WHERE name = 'Rex'"_s),
             test::scalar(m_check, u"SELECT id FROM user WHERE name = 'Ann'"_s));

    // The owner can be changed in place, from a list of names.
    QVERIFY(test::exec(m_check, u"INSERT INTO user (name) VALUES ('Bob')"_s));
    QTableView *view = m_window->petsPage()->view();
    view->edit(pets->index(0, 4));
    QComboBox *combo = nullptr;
    QTRY_VERIFY((combo = view->findChild<QComboBox *>(u"foreignKeyEditor"_s)));
    combo->setCurrentIndex(combo->findText(u"Bob"_s));
    QTest::keyClick(combo, Qt::Key_Return);
    QTRY_COMPARE(pets->index(0, 4).data().toString(), u"Bob"_s);
}

void TestMainWindow::duplicateEmailIsShownUnderTheField()
{
    addSampleRows();
    RowDialog *dialog = test::openAddDialog(*m_window, m_window->usersPage());
    QVERIFY(dialog);
    test::saveDialog(dialog);
    QTRY_COMPARE(dialog->errorText(u"name"_s), u"Name must not be empty."_s);
    QTest::keyClicks(dialog->field(u"name"_s), u"Ann again"_s);
    QTest::keyClicks(dialog->field(u"email"_s), u"ann@example.org"_s);
    test::saveDialog(dialog);
    QTRY_COMPARE(dialog->errorText(u"email"_s), u"Another row already has this email."_s);
    QVERIFY(dialog->isVisible()); // what the user typed stays
    QCOMPARE(qobject_cast<QLineEdit *>(dialog->field(u"name"_s))->text(), u"Ann again"_s);
    QCOMPARE(test::scalar(m_check, u"SELECT count(*) FROM user"_s).toInt(), 2);
    dialog->reject();
}

void TestMainWindow::filterAndSort()
{
    addSampleRows();
    TablePage *page = m_window->petsPage();
    LiveTableModel *pets = page->model();
    m_window->activateWindow();
    QTest::keyClick(m_window.get(), Qt::Key_F, Qt::ControlModifier);
    QTRY_VERIFY(page->filterField()->hasFocus());
    QTest::keyClicks(page->filterField(), u"dog"_s);
    QTRY_COMPARE(pets->rowCount(), 2);
    QCOMPARE(pets->totalRowCount(), 2);
    QCOMPARE(page->findChild<QLabel *>(u"rowCount"_s)->text(), u"2 matching rows"_s);
    page->filterField()->clear();
    QTRY_COMPARE(pets->rowCount(), 3);

    QHeaderView *header = page->view()->horizontalHeader();
    const QPoint nameHeader(header->sectionViewportPosition(1) + 5, header->height() / 2);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, nameHeader);
    QTRY_COMPARE(pets->index(0, 1).data().toString(), u"Bella"_s);
    QTest::mouseClick(header->viewport(), Qt::LeftButton, {}, nameHeader);
    QTRY_COMPARE(pets->index(0, 1).data().toString(), u"Tom"_s);
    QCOMPARE(pets->sortOrder(), Qt::DescendingOrder);
}

void TestMainWindow::rejectedEditLeavesTheDatabaseUnchanged()
{
    addSampleRows();
    TablePage *page = m_window->petsPage();
    QTableView *view = page->view();
    const QModelIndex name = page->model()->index(0, 1);
    view->setCurrentIndex(name);
    view->edit(name);
    QLineEdit *editor = nullptr;
    QTRY_VERIFY((editor = view->findChild<QLineEdit *>(u"cellEditor"_s)) && editor->isVisible());
    editor->selectAll();
    QTest::keyClick(editor, Qt::Key_Backspace);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(page->message()->isVisible());
    QCOMPARE(page->message()->text(), u"Name must not be empty."_s);
    QVERIFY(editor->isVisible()); // the edit stays until it is fixed or cancelled
    QCOMPARE(test::scalar(m_check, u"SELECT name FROM pet WHERE id = 1"_s).toString(), u"Rex"_s);

    QTest::keyClicks(editor, u"Max"_s);
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_VERIFY(!page->message()->isVisible());
    QCOMPARE(test::scalar(m_check, u"SELECT name FROM pet WHERE id = 1"_s).toString(), u"Max"_s);

    // A value that does not fit the column's type, then Escape.
    const QModelIndex weight = page->model()->index(0, 3);
    view->setCurrentIndex(weight);
    view->edit(weight);
    QTRY_VERIFY((editor = view->findChild<QLineEdit *>(u"cellEditor"_s)) && editor->isVisible());
    editor->selectAll();
    QTest::keyClicks(editor, u"heavy"_s);
    QTest::keyClick(editor, Qt::Key_Tab);
    QTRY_COMPARE(page->message()->text(), u"“heavy” is not a number."_s);
    QTest::keyClick(editor, Qt::Key_Escape);
    QTRY_VERIFY(!page->message()->isVisible());
    QCOMPARE(test::scalar(m_check, u"SELECT weight_kg FROM pet WHERE id = 1"_s).toDouble(), 12.5);
}

void TestMainWindow::deleteAsksThenDeletes()
{
    addSampleRows();
    TablePage *page = m_window->petsPage();
    page->view()->selectRow(1);
    QVERIFY(page->deleteRowsAction()->isEnabled());
    page->deleteRowsAction()->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_COMPARE(page->model()->rowCount(), 2);
    QCOMPARE(test::scalar(m_check, u"SELECT count(*) FROM pet WHERE name = 'Tom'"_s).toInt(), 0);
    QCOMPARE(test::scalar(m_check, u"SELECT count(*) FROM pet"_s).toInt(), 2);
}

void TestMainWindow::deletingAnOwnerFailsCleanly()
{
    addSampleRows();
    TablePage *page = m_window->usersPage();
    m_window->dataTabs()->setCurrentWidget(page);
    page->view()->selectRow(0);
    page->deleteRowsAction()->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
    QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
    QTRY_VERIFY(page->message()->isVisible());
    QVERIFY(page->message()->text().contains(u"still refer"_s));
    QCOMPARE(test::scalar(m_check, u"SELECT count(*) FROM user"_s).toInt(), 2);
    QCOMPARE(page->model()->rowCount(), 2);
}

void TestMainWindow::releaseLetsDdlRun()
{
    QVERIFY(test::exec(m_check, u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 700) "
                                "INSERT INTO pet (name) SELECT 'p' || i FROM n"_s));
    m_window->reload();
    QCOMPARE(m_window->petsPage()->model()->totalRowCount(), 700);
    QVERIFY(m_window->petsPage()->model()->canFetchMore({}));
    m_window->releaseDatabase();
    QVERIFY(test::exec(m_check, u"ALTER TABLE pet ADD COLUMN nickname VARCHAR"_s));
    QVERIFY(test::exec(m_check, u"DROP TABLE pet"_s));
    m_window->reload();
    QVERIFY(!m_window->petsPage()->model()->tableExists());
    QVERIFY(m_window->petsPage()->findChild<QLabel *>(u"missingTable"_s)->isVisible());
}

void TestMainWindow::historyFromTheMigrationsProject()
{
    const QString ini = QStringLiteral(PM_SOURCE_DIR) + u"/migrations/alembic.ini"_s;
    QVERIFY(m_window->openDatabase(m_path, ini));
    MigrationHistoryModel *history = m_window->historyModel();
    QVERIFY(history->revisionCount() >= 1);
    QVERIFY(history->revision(u"a90cc5966c45"_s));
    QCOMPARE(m_window->statusTexts().at(3), u"not under version control"_s);

    // Selecting a revision shows its script.
    m_window->historyView()->setCurrentIndex(history->indexOf(u"a90cc5966c45"_s));
    QTRY_VERIFY(m_window->preview()->scriptEditor()->text().contains(u"def upgrade() -> None:"_s));
    QVERIFY(m_window->preview()->title().contains(u"a90cc5966c45"_s));

    // The database moves (another program stamped it): F5 shows it.
    QVERIFY(test::exec(m_check, u"CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL, "
                                "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))"_s));
    QVERIFY(test::exec(m_check, u"INSERT INTO alembic_version VALUES ('a90cc5966c45')"_s));
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_COMPARE(m_window->statusTexts().at(1), u"at a90cc5966c45"_s);
    QVERIFY(history->states(u"a90cc5966c45"_s).testFlag(MigrationHistoryModel::Current));
    QCOMPARE(m_window->statusTexts().at(2),
             u"%1 pending"_s.arg(history->revisionCount() - 1));

    QVERIFY(test::exec(m_check, u"UPDATE alembic_version SET version_num = 'ffffffffffff'"_s));
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_COMPARE(m_window->statusTexts().at(3), u"newer than these scripts"_s);
}

void TestMainWindow::upgradeAndDowngradeFromTheWindow()
{
    const QString fresh = m_dir->filePath(u"fresh.db"_s);
    const QString ini = QStringLiteral(PM_SOURCE_DIR) + u"/migrations/alembic.ini"_s;
    QVERIFY(m_window->openDatabase(fresh, ini));
    MigrationController *controller = m_window->controller();
    QVERIFY2(controller->scriptsProblem().isEmpty(), qPrintable(controller->scriptsProblem()));
    const int revisions = m_window->historyModel()->revisionCount();
    QVERIFY(revisions >= 1);
    QCOMPARE(m_window->statusTexts().at(3), u"not under version control"_s);
    QVERIFY(!m_window->petsPage()->model()->tableExists());

    QAction *upgrade = m_window->findChild<QAction *>(u"upgrade"_s);
    QVERIFY2(upgrade->isEnabled(), qPrintable(upgrade->statusTip()));
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    upgrade->trigger();
    QVERIFY(test::confirmMigration(u"Upgrade"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_COMPARE(m_window->statusTexts().at(2), u"0 pending"_s);
    QVERIFY(m_window->petsPage()->model()->tableExists());
    QVERIFY(m_window->usersPage()->model()->tableExists());
    QCOMPARE(controller->snapshots().size(), 1); // kept before the run
    QVERIFY(m_window->logView()->toPlainText().contains(u"Running upgrade"_s));

    // Data entered after the upgrade, then one step down and back up.
    RowDialog *dialog = test::openAddDialog(*m_window, m_window->usersPage());
    QVERIFY(dialog);
    QTest::keyClicks(dialog->field(u"name"_s), u"Ann"_s);
    test::saveDialog(dialog);
    QTRY_COMPARE(m_window->usersPage()->model()->rowCount(), 1);

    QAction *downgrade = m_window->findChild<QAction *>(u"downgrade"_s);
    QVERIFY2(downgrade->isEnabled(), qPrintable(downgrade->statusTip()));
    downgrade->trigger();
    QVERIFY(test::confirmMigration(u"Downgrade"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_COMPARE(m_window->statusTexts().at(2), u"1 pending"_s);
    QCOMPARE(controller->snapshots().size(), 2);
}

void TestMainWindow::snapshotRunsOffTheGuiThread()
{
    addSampleRows();
    MigrationController *controller = m_window->controller();
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    m_window->findChild<QAction *>(u"snapshot"_s)->trigger();
    QTRY_COMPARE(finished.count(), 1);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QCOMPARE(controller->snapshots().size(), 1);
    QVERIFY(m_window->logView()->toPlainText().contains(u"Snapshot saved"_s));
    // The copy is a database with the same rows.
    const QString copy = test::openConnection(controller->snapshots().first());
    QCOMPARE(test::scalar(copy, u"SELECT count(*) FROM pet"_s).toInt(), 3);
    test::closeConnection(copy);
    QVERIFY(m_window->findChild<QAction *>(u"restoreSnapshot"_s)->isEnabled());

    // Restore: change data, put the snapshot back, the window reopens on it.
    QVERIFY(test::exec(m_check, u"DELETE FROM pet"_s));
    test::closeConnection(m_check);
    controller->restoreSnapshot(controller->snapshots().first());
    QTRY_COMPARE(finished.count(), 2);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_COMPARE(m_window->petsPage()->model()->rowCount(), 3);
    m_check = test::openConnection(m_path);
    QCOMPARE(test::scalar(m_check, u"SELECT count(*) FROM pet"_s).toInt(), 3);
    QCOMPARE(controller->snapshots().size(), 2); // the state before the restore is kept too
}

void TestMainWindow::remembersRecentFiles()
{
    QCOMPARE(m_window->recentFiles().value(0), QFileInfo(m_path).absoluteFilePath());
    m_window->close();
    QVERIFY(!QSettings().value(u"window/geometry"_s).toByteArray().isEmpty());
}

QString TestMainWindow::copyProject(const QStringList &versions)
{
    const QDir source(QStringLiteral(PM_SOURCE_DIR) + u"/migrations"_s);
    const QDir target(m_dir->filePath(u"project"_s));
    if (!target.mkpath(u"versions"_s))
        return {};
    for (const QString &file : {u"alembic.ini"_s, u"env.py"_s, u"script.py.mako"_s}) {
        if (!QFile::copy(source.filePath(file), target.filePath(file)))
            return {};
    }
    for (const QString &file : versions) {
        if (!QFile::copy(source.filePath(u"versions/"_s + file), target.filePath(u"versions/"_s + file)))
            return {};
    }
    return target.filePath(u"alembic.ini"_s);
}

bool TestMainWindow::runMigration(QAction *action, const QString &button, QSignalSpy &finished)
{
    if (!action->isEnabled()) {
        qWarning() << action->objectName() << "is disabled:" << action->statusTip();
        return false;
    }
    const qsizetype before = finished.count();
    action->trigger();
    if (!test::confirmMigration(button))
        return false;
    if (!QTest::qWaitFor([&] { return finished.count() > before; }, 20000))
        return false;
    if (!finished.last().at(0).toBool()) {
        qWarning() << finished.last().at(1).toString();
        return false;
    }
    return true;
}

namespace {

QString readText(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// From "def upgrade" to the end: what autogenerate wrote, without the
// header's id and date.
QString bodies(const QString &script)
{
    return script.mid(script.indexOf(u"def upgrade()"_s));
}

QStringList columnsOf(LiveTableModel *model)
{
    QStringList names;
    for (const TableInfo::Column &column : model->tableInfo().columns)
        names << column.name;
    return names;
}

} // namespace

void TestMainWindow::autogenerateSaveUpgradeDowngradeRestore()
{
    // A project one revision behind the app's models, on a fresh database.
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    QVERIFY(!ini.isEmpty());
    const QString database = m_dir->filePath(u"app.db"_s);
    QVERIFY(m_window->openDatabase(database, ini));
    MigrationController *controller = m_window->controller();
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    QAction *autogenerate = m_window->findChild<QAction *>(u"autogenerate"_s);
    QVERIFY(!autogenerate->isEnabled()); // not at head yet: Alembic refuses too
    QVERIFY(autogenerate->statusTip().contains(u"not up to date"_s));
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"upgrade"_s), u"Upgrade"_s, finished));

    // Data at the first revision.
    RowDialog *userDialog = test::openAddDialog(*m_window, m_window->usersPage());
    QVERIFY(userDialog);
    QTest::keyClicks(userDialog->field(u"name"_s), u"Ann"_s);
    test::saveDialog(userDialog);
    QTRY_COMPARE(m_window->usersPage()->model()->rowCount(), 1);
    RowDialog *petDialog = test::openAddDialog(*m_window, m_window->petsPage());
    QVERIFY(petDialog);
    QTest::keyClicks(petDialog->field(u"name"_s), u"Rex"_s);
    test::saveDialog(petDialog);
    QTRY_COMPARE(m_window->petsPage()->model()->rowCount(), 1);

    // Autogenerate: the script the app's second revision was generated as.
    QVERIFY2(autogenerate->isEnabled(), qPrintable(autogenerate->statusTip()));
    QSignalSpy drafted(controller, &MigrationController::draftReady);
    autogenerate->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(drafted.count(), 1, 20000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    PreviewPane *preview = m_window->preview();
    ScriptEditor *editor = preview->scriptEditor();
    const QString committed = readText(QStringLiteral(PM_SOURCE_DIR)
                                       + u"/migrations/versions/709a7e67aeff_pet_owner_and_species.py"_s);
    QVERIFY(!committed.isEmpty());
    QCOMPARE(bodies(editor->text()), bodies(committed));
    QVERIFY(preview->draftBar()->isVisible());
    QVERIFY(preview->title().contains(u"not saved"_s));
    // Not a revision of the history yet: nothing there is selected.
    QVERIFY(!m_window->historyView()->selectionModel()->hasSelection());
    QVERIFY(m_window->logView()->toPlainText().contains(
        u"INFO  [alembic.autogenerate.compare] Detected added column 'pet.species'"_s));
    // Its SQL, as it would run here: SQLite rebuilds the tables.
    QVERIFY(preview->sqlEditor()->text().contains(u"CREATE TABLE _alembic_tmp_pet"_s));
    // Running is for saved revisions only.
    QVERIFY(!m_window->findChild<QAction *>(u"upgrade"_s)->isEnabled());

    // The message names the file and fills the docstring, as -m does.
    QTest::keyClicks(preview->draftMessage(), u"pet owner and species"_s);
    QTRY_VERIFY(editor->text().startsWith(u"\"\"\"pet owner and species\n"_s));
    const QString revision = controller->draft()->revision;
    const QString shown = editor->text();
    QTest::mouseClick(preview->saveDraftButton(), Qt::LeftButton);
    const QString path = m_dir->filePath(u"project/versions/"_s + revision + u"_pet_owner_and_species.py"_s);
    QVERIFY(QFileInfo::exists(path));
    QCOMPARE(readText(path), shown);
    QVERIFY(!controller->draft());
    QVERIFY(!preview->draftBar()->isVisible());
    QCOMPARE(m_window->historyModel()->revisionCount(), 2);
    QTRY_COMPARE(m_window->statusTexts().at(2), u"1 pending"_s);

    // Upgrade: the new columns appear, the rows are as they were.
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"upgrade"_s), u"Upgrade"_s, finished));
    LiveTableModel *pets = m_window->petsPage()->model();
    QTRY_VERIFY(columnsOf(pets).contains(u"species"_s));
    QVERIFY(columnsOf(pets).contains(u"owner_id"_s));
    QCOMPARE(pets->rowCount(), 1);
    QCOMPARE(pets->index(0, pets->tableInfo().indexOf(u"name"_s)).data().toString(), u"Rex"_s);
    QCOMPARE(pets->index(0, pets->tableInfo().indexOf(u"species"_s)).data().toString(), u"unknown"_s);
    QCOMPARE(m_window->usersPage()->model()->rowCount(), 1);
    // The owner is now chosen by name.
    const QString app = test::openConnection(database);
    QVERIFY(test::exec(app, u"UPDATE pet SET owner_id = (SELECT id FROM user WHERE name = 'Ann')"_s));
    test::closeConnection(app);
    m_window->reload();
    QTRY_COMPARE(pets->index(0, pets->tableInfo().indexOf(u"owner_id"_s)).data().toString(), u"Ann"_s);

    // Downgrade: the columns go, the pet stays.
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"downgrade"_s), u"Downgrade"_s, finished));
    QTRY_VERIFY(!columnsOf(pets = m_window->petsPage()->model()).contains(u"species"_s));
    QCOMPARE(pets->rowCount(), 1);
    QTRY_COMPARE(m_window->statusTexts().at(2), u"1 pending"_s);

    // Restore the snapshot kept before the downgrade: owner and species are back.
    QString beforeDowngrade;
    for (const QString &snapshot : controller->snapshots()) {
        if (snapshot.contains(u"before-downgrade"_s))
            beforeDowngrade = snapshot;
    }
    QVERIFY(!beforeDowngrade.isEmpty());
    const qsizetype before = finished.count();
    controller->restoreSnapshot(beforeDowngrade);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), before + 1, 20000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    pets = m_window->petsPage()->model();
    QTRY_VERIFY(columnsOf(pets).contains(u"species"_s));
    QTRY_COMPARE(pets->index(0, pets->tableInfo().indexOf(u"owner_id"_s)).data().toString(), u"Ann"_s);
    QTRY_COMPARE(m_window->statusTexts().at(2), u"0 pending"_s);
}

void TestMainWindow::editedScriptIsCheckedAsYouType()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s, u"709a7e67aeff_pet_owner_and_species.py"_s});
    QVERIFY(m_window->openDatabase(m_dir->filePath(u"edit.db"_s), ini));
    m_window->historyView()->setCurrentIndex(m_window->historyModel()->indexOf(u"709a7e67aeff"_s));
    ScriptEditor *editor = m_window->preview()->scriptEditor();
    QVERIFY(editor->text().contains(u"revision = '709a7e67aeff'"_s));
    QAction *saveScript = m_window->findChild<QAction *>(u"saveScript"_s);
    QAction *upgrade = m_window->findChild<QAction *>(u"upgrade"_s);
    QVERIFY(!saveScript->isEnabled()); // nothing edited
    QVERIFY(upgrade->isEnabled());

    // Edit mode, then a typo in the first operation.
    editor->editAction()->trigger();
    QVERIFY(editor->isEditable());
    int line = -1;
    for (int i = 0; i < editor->lines(); ++i) {
        if (editor->text(i).contains(u"batch_op.add_column(sa.Column('owner_id'"_s))
            line = i;
    }
    QVERIFY(line >= 0);
    const int column = int(editor->text(line).indexOf(u"add_column"_s));
    editor->setCursorPosition(line, column);
    QTest::keyClicks(editor->viewport(), u"x"_s);
    QVERIFY(editor->text(line).contains(u"xadd_column"_s));
    QTRY_VERIFY(editor->hasError());
    QCOMPARE(editor->errorLine(), line);
    QVERIFY2(m_window->scriptValidator()->problem().startsWith(u"%1:"_s.arg(line + 1)),
             qPrintable(m_window->scriptValidator()->problem()));
    QVERIFY(!saveScript->isEnabled());
    QVERIFY(!upgrade->isEnabled()); // an edited script runs only once saved
    QVERIFY(upgrade->statusTip().contains(u"Save or discard"_s));

    // Fixed: it parses again and may be saved (Ctrl+S).
    QTest::keyClick(editor->viewport(), Qt::Key_Backspace);
    QTRY_VERIFY(!editor->hasError());
    QVERIFY(editor->isModified());
    QTRY_VERIFY(saveScript->isEnabled());
    // A harmless edit: a comment at the end of the line.
    editor->setCursorPosition(line, int(editor->text(line).chopped(1).size()));
    QTest::keyClicks(editor->viewport(), u"  # checked"_s);
    m_window->scriptValidator()->validateNow();
    QVERIFY2(saveScript->isEnabled(), qPrintable(saveScript->statusTip()));
    QTest::keySequence(m_window.get(), QKeySequence::Save);
    const QString path = m_dir->filePath(u"project/versions/709a7e67aeff_pet_owner_and_species.py"_s);
    QTRY_VERIFY(readText(path).contains(u"# checked"_s));
    QVERIFY(!editor->isModified());
    QVERIFY(upgrade->isEnabled());
    QVERIFY(m_window->controller()->scriptsProblem().isEmpty());

    // Changed by another program: Refresh (F5) shows the file as it is now.
    QString text = readText(path);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.replace(u"# checked"_s, u"# changed elsewhere"_s).toUtf8());
    file.close();
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QVERIFY(editor->text().contains(u"# changed elsewhere"_s));
    QVERIFY(!editor->isModified());
}

void TestMainWindow::draftThatDoesNotParseIsNotSaved()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    const QString database = m_dir->filePath(u"draft.db"_s);
    QVERIFY(m_window->openDatabase(database, ini));
    MigrationController *controller = m_window->controller();
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"upgrade"_s), u"Upgrade"_s, finished));
    QSignalSpy drafted(controller, &MigrationController::draftReady);
    m_window->findChild<QAction *>(u"autogenerate"_s)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(drafted.count(), 1, 20000);

    ScriptEditor *editor = m_window->preview()->scriptEditor();
    editor->editAction()->trigger();
    editor->setCursorPosition(0, 0);
    QTest::keyClicks(editor->viewport(), u"for x in y:"_s);
    QTest::keyClick(editor->viewport(), Qt::Key_Return);
    QTRY_VERIFY(editor->hasError());
    QPushButton *save = m_window->preview()->saveDraftButton();
    QVERIFY(!save->isEnabled());
    QVERIFY(m_window->preview()->sqlEditor()->text().startsWith(u"-- The script does not parse"_s));
    // Even forced, nothing is written.
    const Result<QString> forced = controller->saveDraft(u"bad"_s, editor->text());
    QVERIFY(!forced);
    QCOMPARE(QDir(m_dir->filePath(u"project/versions"_s)).entryList({u"*.py"_s}, QDir::Files).size(), 1);

    // Discard: back to nothing pending, running allowed again.
    QTest::mouseClick(m_window->preview()->discardDraftButton(), Qt::LeftButton);
    QVERIFY(!controller->draft());
    QVERIFY(!m_window->preview()->draftBar()->isVisible());
    QCOMPARE(QDir(m_dir->filePath(u"project/versions"_s)).entryList({u"*.py"_s}, QDir::Files).size(), 1);
}

void TestMainWindow::failingMigrationLeavesTheDataAsItWas()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    const QString database = m_dir->filePath(u"failing.db"_s);
    QVERIFY(m_window->openDatabase(database, ini));
    MigrationController *controller = m_window->controller();
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"upgrade"_s), u"Upgrade"_s, finished));
    // Then a second revision arrives whose unique index the data breaks.
    QFile bad(m_dir->filePath(u"project/versions/b1_unique_names.py"_s));
    QVERIFY(bad.open(QIODevice::WriteOnly));
    bad.write(R"("""unique names

Revision ID: b1
Revises: a90cc5966c45
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b1'
down_revision = 'a90cc5966c45'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('pet', sa.Column('age', sa.Integer(), nullable=True))
    op.create_index('ix_pet_name', 'pet', ['name'], unique=True)


def downgrade() -> None:
    op.drop_index('ix_pet_name', table_name='pet')
    op.drop_column('pet', 'age')
)");
    bad.close();
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QCOMPARE(m_window->historyModel()->revisionCount(), 2);
    const QString check = test::openConnection(database);
    QVERIFY(test::exec(check, u"INSERT INTO pet (name) VALUES ('Rex'), ('Rex'), ('Tom')"_s));
    test::closeConnection(check);
    m_window->reload();
    QTRY_COMPARE(m_window->petsPage()->model()->rowCount(), 3);

    // The impact report sees the duplicates before anything runs; go on anyway.
    QAction *upgrade = m_window->findChild<QAction *>(u"upgrade"_s);
    upgrade->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
    QVERIFY(box->informativeText().contains(u"ix_pet_name"_s) || box->detailedText().contains(u"WILL FAIL"_s));
    QVERIFY(test::confirmMigration(u"Upgrade"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QVERIFY(!finished.last().at(0).toBool());
    const QString message = finished.last().at(1).toString();
    QVERIFY2(message.contains(u"b1_unique_names.py"_s), qPrintable(message));
    QVERIFY2(message.contains(u"the database is as it was"_s), qPrintable(message));
    QVERIFY(m_window->message()->isVisible());

    // Nothing changed: no new column, same rows, still at the first revision.
    LiveTableModel *pets = m_window->petsPage()->model();
    QTRY_COMPARE(pets->rowCount(), 3);
    QVERIFY(!columnsOf(pets).contains(u"age"_s));
    QCOMPARE(controller->currentHeads(), QStringList{u"a90cc5966c45"_s});
    // The window is still usable.
    RowDialog *dialog = test::openAddDialog(*m_window, m_window->petsPage());
    QVERIFY(dialog);
    QTest::keyClicks(dialog->field(u"name"_s), u"Bella"_s);
    test::saveDialog(dialog);
    QTRY_COMPARE(pets->rowCount(), 4);
}

// A real project's script the body reader refuses (the application's own
// import, a loop): the history still lists it; selecting it shows the error
// at its line in the script and the reason in the log. Only a script Python
// itself could not import makes the scripts unreadable, and says where.
void TestMainWindow::unusualScriptIsListedWithItsError()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    const auto write = [&](const QString &name, const QByteArray &text) {
        QFile file(m_dir->filePath(u"project/versions/"_s + name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    write(u"c2_app_helpers.py"_s, R"("""uses the application

Revision ID: c2
Revises: a90cc5966c45
"""
from alembic import op
import sqlalchemy as sa
from myapp.models import TABLES

revision = 'c2'
down_revision = 'a90cc5966c45'
)" + QByteArray("# a long comment, so that the error lies below the first screen\n").repeated(60) + R"(

def upgrade():
    for table in TABLES:
        op.add_column(table, sa.Column('note', sa.Text()))


def downgrade():
    pass
)");
    QVERIFY(m_window->openDatabase(m_dir->filePath(u"unusual.db"_s), ini));
    MigrationHistoryModel *history = m_window->historyModel();
    QCOMPARE(history->revisionCount(), 2);
    QVERIFY(history->revision(u"c2"_s));
    QVERIFY(m_window->controller()->scriptsProblem().isEmpty());
    QCOMPARE(m_window->statusTexts().at(3), u"not under version control"_s);

    m_window->historyView()->setCurrentIndex(history->indexOf(u"c2"_s));
    ScriptEditor *editor = m_window->preview()->scriptEditor();
    QTRY_VERIFY(editor->text().contains(u"from myapp.models import TABLES"_s));
    QVERIFY(editor->hasError());
    // The import reads; its value is needed by the loop, line 75, which names the import's line.
    QVERIFY(editor->markersAtLine(74) != 0);
    // Shown where it is, not at the top of the script.
    QVERIFY2(editor->firstVisibleLine() <= 74 && 74 < editor->firstVisibleLine() + int(editor->SendScintilla(QsciScintillaBase::SCI_LINESONSCREEN)),
             qPrintable(u"first visible line %1"_s.arg(editor->firstVisibleLine())));
    const QString sql = m_window->preview()->sqlEditor()->text();
    QVERIFY2(sql.startsWith(u"-- "_s) && sql.contains(u"c2_app_helpers.py:75:"_s)
                 && sql.contains(u"this needs 'myapp.models.TABLES' (imported at line 8)"_s), qPrintable(sql));
    QTRY_VERIFY(m_window->logView()->toPlainText().contains(u"ERROR [petmanager] "_s));
    QVERIFY(m_window->logView()->toPlainText().contains(u"c2_app_helpers.py:75:"_s));

    // A script Python could not import stops the list, with its place.
    write(u"d3_broken.py"_s, "revision = 'd3'\ndown_revision = 'c2'\nX = (1,\n");
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_COMPARE(m_window->statusTexts().at(3), u"scripts unreadable"_s);
    QVERIFY(m_window->controller()->scriptsProblem().contains(u"d3_broken.py:3:5: '(' was never closed"_s));
    QTRY_VERIFY(m_window->logView()->toPlainText().contains(
        u"ERROR [petmanager] The migration scripts cannot be read: "_s));
}

// Each revision selected shows the SQL its upgrade runs from the schema it
// meets: an applied one from the schema its parents left (not the live one,
// which already has its changes), a pending one after the pending revisions
// before it.
void TestMainWindow::selectedRevisionShowsItsOwnSql()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    const auto write = [&](const QString &revision, const QString &parent, const QByteArray &body) {
        QFile file(m_dir->filePath(u"project/versions/%1_step.py"_s.arg(revision)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\"\"\"step\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '" + revision.toUtf8()
                   + "'\ndown_revision = '" + parent.toUtf8() + "'\n\n\ndef upgrade():\n" + body
                   + "\n\ndef downgrade():\n    pass\n");
    };
    write(u"b2"_s, u"a90cc5966c45"_s, "    op.add_column('pet', sa.Column('nickname', sa.String(), nullable=True))\n");
    write(u"c3"_s, u"b2"_s, "    op.add_column('pet', sa.Column('born', sa.Date(), nullable=True))\n");
    write(u"d4"_s, u"c3"_s,
          "    with op.batch_alter_table('pet') as batch_op:\n"
          "        batch_op.alter_column('born', new_column_name='birthday', nullable=False)\n");
    write(u"e5"_s, u"d4"_s,
          "    for row in op.get_bind().execute(sa.text('SELECT id FROM pet')):\n"
          "        pass\n");
    write(u"f6"_s, u"e5"_s, "    op.add_column('pet', sa.Column('tag', sa.String(), nullable=True))\n");

    const QString database = m_dir->filePath(u"preview.db"_s);
    QVERIFY(m_window->openDatabase(database, ini));
    MigrationController *controller = m_window->controller();
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    controller->upgrade(u"b2"_s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    QTRY_COMPARE(m_window->statusTexts().at(1), u"at b2"_s);
    m_window->logView()->clear();

    const auto select = [&](const QString &revision) {
        m_window->historyView()->setCurrentIndex(m_window->historyModel()->indexOf(revision));
        QTRY_VERIFY(m_window->preview()->title().startsWith(revision));
    };
    const auto sql = [&] { return m_window->preview()->sqlEditor()->text(); };
    const auto impact = [&] { return m_window->preview()->impactEditor()->text(); };

    // The current revision: its column is in the database already.
    select(u"b2"_s);
    QVERIFY2(sql().contains(u"ALTER TABLE pet ADD COLUMN nickname VARCHAR"_s), qPrintable(sql()));
    QVERIFY2(impact().startsWith(u"Already applied to this database"_s), qPrintable(impact()));
    // An applied revision further down.
    select(u"a90cc5966c45"_s);
    QVERIFY2(sql().contains(u"CREATE TABLE pet"_s), qPrintable(sql()));
    // The next one, measured on the database as it is.
    select(u"c3"_s);
    QVERIFY2(sql().contains(u"ALTER TABLE pet ADD COLUMN born DATE"_s), qPrintable(sql()));
    QVERIFY2(impact().startsWith(u"Measured on this database"_s), qPrintable(impact()));
    // After a pending one: it meets the column c3 adds, in a rebuilt table.
    select(u"d4"_s);
    QVERIFY2(!sql().startsWith(u"-- "_s + m_dir->path()) && sql().contains(u"CREATE TABLE _alembic_tmp_pet"_s)
                 && sql().contains(u"birthday DATE NOT NULL"_s),
             qPrintable(sql()));
    // A body that reads the database is no error in its script, and its row
    // says so. It cannot be planned: it is rehearsed on a copy.
    select(u"e5"_s);
    QTRY_VERIFY(m_window->preview()->scriptEditor()->text().contains(u"op.get_bind()"_s));
    QVERIFY(!m_window->preview()->scriptEditor()->hasError());
    QVERIFY2(sql().contains(u"SELECT id FROM pet;"_s), qPrintable(sql()));
    QVERIFY2(impact().startsWith(u"Rehearsed on a copy of this database"_s), qPrintable(impact()));
    QTRY_VERIFY(!m_window->historyModel()->badges(u"e5"_s).isEmpty());
    QCOMPARE(m_window->historyModel()->badges(u"e5"_s).first().text, u"reads database"_s);
    // After a pending body that reads the database: rehearsed with it.
    select(u"f6"_s);
    QVERIFY2(sql().contains(u"ALTER TABLE pet ADD COLUMN tag VARCHAR"_s), qPrintable(sql()));
    QVERIFY2(impact().startsWith(u"Rehearsed on a copy of this database"_s), qPrintable(impact()));
    QVERIFY2(!m_window->logView()->toPlainText().contains(u"ERROR"_s), qPrintable(m_window->logView()->toPlainText()));
    QCOMPARE(controller->currentHeads(), QStringList{u"b2"_s});

    // Once applied, what that body did cannot be shown again, and that is
    // said, not logged as an error.
    controller->upgrade(u"heads"_s);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 2, 20000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    m_window->logView()->clear();
    select(u"f6"_s);
    select(u"e5"_s);
    QVERIFY2(impact().startsWith(u"Already applied to this database. Its body read rows"_s), qPrintable(impact()));
    QVERIFY2(!m_window->logView()->toPlainText().contains(u"ERROR"_s), qPrintable(m_window->logView()->toPlainText()));
}

// A pending revision whose body decides from the rows what to delete: the
// preview and the confirmation say what it deletes, counted on a copy; the
// database only changes when the user runs it.
void TestMainWindow::revisionThatReadsRowsIsRehearsed()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    const QString database = m_dir->filePath(u"rehearsed.db"_s);
    QVERIFY(m_window->openDatabase(database, ini));
    MigrationController *controller = m_window->controller();
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"upgrade"_s), u"Upgrade"_s, finished));
    QFile strays(m_dir->filePath(u"project/versions/b7_strays.py"_s));
    QVERIFY(strays.open(QIODevice::WriteOnly));
    strays.write("\"\"\"drop strays\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
                 "revision = 'b7'\ndown_revision = 'a90cc5966c45'\n\n\ndef upgrade():\n"
                 "    bind = op.get_bind()\n"
                 "    for pid, name in bind.execute(sa.text('SELECT id, name FROM pet')).fetchall():\n"
                 "        if name.startswith('Stray'):\n"
                 "            op.execute(f'DELETE FROM pet WHERE id = {pid}')\n"
                 "\n\ndef downgrade():\n    pass\n");
    strays.close();
    const QString check = test::openConnection(database);
    QVERIFY(test::exec(check, u"INSERT INTO pet (name) VALUES ('Stray 1'), ('Rex'), ('Stray 2')"_s));
    test::closeConnection(check);
    m_window->findChild<QAction *>(u"refresh"_s)->trigger();
    QTRY_COMPARE(m_window->historyModel()->revisionCount(), 2);
    m_window->logView()->clear();

    m_window->historyView()->setCurrentIndex(m_window->historyModel()->indexOf(u"b7"_s));
    QTRY_VERIFY(m_window->preview()->title().startsWith(u"b7"_s));
    const QString sql = m_window->preview()->sqlEditor()->text();
    QVERIFY2(sql.contains(u"DELETE FROM pet WHERE id = 1;"_s) && sql.contains(u"DELETE FROM pet WHERE id = 3;"_s)
                 && !sql.contains(u"id = 2;"_s),
             qPrintable(sql));
    const QString impact = m_window->preview()->impactEditor()->text();
    QVERIFY2(impact.startsWith(u"Rehearsed on a copy of this database"_s)
                 && impact.count(u"table pet: DELETE removes 1 row"_s) == 2,
             qPrintable(impact));
    QVERIFY2(!m_window->logView()->toPlainText().contains(u"ERROR"_s), qPrintable(m_window->logView()->toPlainText()));

    // Upgrade asks first, with the rows it deletes; Cancel changes nothing.
    m_window->findChild<QAction *>(u"upgrade"_s)->trigger();
    QVERIFY(test::confirmMigration(u"Cancel"_s, u"Rehearsed on a copy of this database"_s));
    QCOMPARE(controller->currentHeads(), QStringList{u"a90cc5966c45"_s});
    QTRY_COMPARE(m_window->petsPage()->model()->rowCount(), 3);
    // Run, it does it.
    QVERIFY(runMigration(m_window->findChild<QAction *>(u"upgrade"_s), u"Upgrade"_s, finished));
    QCOMPARE(controller->currentHeads(), QStringList{u"b7"_s});
    QTRY_COMPARE(m_window->petsPage()->model()->rowCount(), 1);
}

// A revision whose message is a paragraph: the preview's title wraps, and
// the history dock keeps its width (it used to lose some at each selection).
void TestMainWindow::longMessageLeavesTheHistoryItsWidth()
{
    const QString ini = copyProject({u"a90cc5966c45_initial.py"_s});
    QFile file(m_dir->filePath(u"project/versions/b3_long.py"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("\"\"\"" + QByteArray("Normalize every column of every table from TEXT to INTEGER where it holds "
                                       "flags, and remove the rows no one owns ").repeated(3)
               + "\n\"\"\"\nfrom alembic import op\n\nrevision = 'b3'\ndown_revision = 'a90cc5966c45'\n\n\n"
                 "def upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n");
    file.close();
    m_window->resize(1100, 700);
    QVERIFY(m_window->openDatabase(m_dir->filePath(u"long.db"_s), ini));
    QTRY_COMPARE(m_window->historyModel()->revisionCount(), 2);
    QWidget *history = m_window->historyView();
    m_window->historyView()->setCurrentIndex(m_window->historyModel()->indexOf(u"a90cc5966c45"_s));
    QTRY_VERIFY(m_window->preview()->title().startsWith(u"a90cc5966c45"_s));
    QCoreApplication::processEvents();
    const int width = history->width();
    m_window->historyView()->setCurrentIndex(m_window->historyModel()->indexOf(u"b3"_s));
    QTRY_VERIFY(m_window->preview()->title().startsWith(u"b3"_s));
    QCoreApplication::processEvents();
    QCOMPARE(history->width(), width);
    QVERIFY(m_window->width() <= 1100);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
