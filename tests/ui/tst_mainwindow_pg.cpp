// The window on a PostgreSQL server, driven as a person does: the password
// asked for (and never stored), the app's migrations run, pets and users
// added, errors explained, no file snapshots. Needs the throwaway cluster
// (tests/pg/pgcluster.sh): its URL is read from PM_PG_URL_FILE.
#include <QAbstractButton>
#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFile>
#include <QInputDialog>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QScopeGuard>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include "config/databaseurl.h"
#include "windowdriver.h"
#include "ui/inlinemessage.h"
#include "ui/livetablemodel.h"
#include "ui/mainwindow.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"
#include "ui/rowdialog.h"
#include "ui/tablepage.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

constexpr auto PasswordRole = "pm_password_user";
constexpr auto Password = "pet-s3cret";

} // namespace

class TestMainWindowPg final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void asksForThePasswordAndNeverStoresIt();
    void migratesAndEditsOnTheServer();
    void tableWithoutIntegerKeyIsReadOnly();
    void bodyThatReadsRowsIsListedNotPlanned();

private:
    bool admin(const QString &sql);
    // Answers the next password prompt(s) with `answers`, in order.
    void answerPasswordPrompts(QStringList answers);

    QString m_adminConnection;
    QString m_database;
    QString m_url; // without password
    QStringList m_promptTexts;
};

bool TestMainWindowPg::admin(const QString &sql)
{
    QSqlQuery query(QSqlDatabase::database(m_adminConnection));
    if (!query.exec(sql)) {
        qWarning() << query.lastError().text() << sql;
        return false;
    }
    return true;
}

void TestMainWindowPg::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PetManagerTests"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow_pg"_s);
    QSettings().clear();

    QFile urlFile(qEnvironmentVariable("PM_PG_URL_FILE"));
    QVERIFY2(urlFile.open(QIODevice::ReadOnly), "no PM_PG_URL_FILE: is the pg_cluster fixture running?");
    const Result<DatabaseUrl> server = DatabaseUrl::parse(QString::fromUtf8(urlFile.readAll()).trimmed());
    QVERIFY(server);
    m_adminConnection = u"pg-admin"_s;
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, m_adminConnection);
    db.setHostName(server->host().value_or(u"127.0.0.1"_s));
    db.setPort(server->port().value_or(5432));
    db.setUserName(server->userName().value_or(QString()));
    db.setDatabaseName(u"postgres"_s);
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));

    m_database = u"pm_window_%1"_s.arg(QCoreApplication::applicationPid());
    admin(u"DROP DATABASE IF EXISTS %1"_s.arg(m_database));
    // The role may be left from an earlier run on the same cluster.
    QVERIFY(admin(u"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '%1') THEN "
                  "CREATE ROLE %1 LOGIN PASSWORD '%2'; END IF; END $$"_s.arg(QLatin1StringView(PasswordRole),
                                                                          QLatin1StringView(Password))));
    QVERIFY(admin(u"CREATE DATABASE %1 OWNER %2"_s.arg(m_database, QLatin1StringView(PasswordRole))));
    m_url = u"postgresql://%1@%2:%3/%4"_s.arg(QLatin1StringView(PasswordRole), *server->host())
                .arg(*server->port())
                .arg(m_database);
    qunsetenv("PGPASSWORD");
    qputenv("PGPASSFILE", "/nonexistent"); // no password from the tester's ~/.pgpass
}

void TestMainWindowPg::cleanupTestCase()
{
    admin(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(m_database));
    QSqlDatabase::database(m_adminConnection).close();
}

void TestMainWindowPg::answerPasswordPrompts(QStringList answers)
{
    m_promptTexts.clear();
    // The prompt is modal (exec): answered from the event loop it runs.
    auto *timer = new QTimer(this);
    timer->setInterval(50);
    connect(timer, &QTimer::timeout, this, [this, timer, answers]() mutable {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        if (!dialog || dialog->objectName() != u"passwordDialog"_s)
            return;
        QCOMPARE(dialog->textEchoMode(), QLineEdit::Password);
        m_promptTexts << dialog->labelText();
        dialog->setTextValue(answers.takeFirst());
        dialog->accept();
        if (answers.isEmpty())
            timer->deleteLater();
    });
    timer->start();
}

void TestMainWindowPg::asksForThePasswordAndNeverStoresIt()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // A wrong password first: asked again, with the server's refusal.
    answerPasswordPrompts({u"wrong"_s, QString::fromLatin1(Password)});
    QVERIFY(window.openDatabase(m_url));
    QCOMPARE(m_promptTexts.size(), 2);
    QVERIFY(m_promptTexts.at(0).contains(u"never saved"_s));
    QVERIFY2(m_promptTexts.at(1).contains(u"wrong or missing password"_s), qPrintable(m_promptTexts.at(1)));
    QVERIFY(window.windowTitle().contains(m_database));
    QCOMPARE(window.statusTexts().at(3), u"not under version control"_s);

    // Remembered without the password; not in the settings file either.
    QCOMPARE(window.recentFiles().value(0), m_url);
    window.close();
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(!file.readAll().contains(Password));

    // File ▸ Connect to Server…: the URL typed, the password asked for.
    MainWindow viaMenu;
    viaMenu.show();
    QTimer::singleShot(100, this, [this] {
        auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget());
        QVERIFY(dialog && dialog->objectName() == u"connectDialog"_s);
        QCOMPARE(dialog->textValue(), m_url); // the last server, from recent files
        answerPasswordPrompts({QString::fromLatin1(Password)});
        dialog->accept();
    });
    viaMenu.findChild<QAction *>(u"connectServer"_s)->trigger();
    QVERIFY(viaMenu.controller()->isOpen());
    QVERIFY(viaMenu.windowTitle().contains(m_database));
    viaMenu.close();

    // Cancelling the prompt leaves the window with a sentence, not a hang.
    MainWindow again;
    again.show();
    QTimer::singleShot(100, this, [] {
        if (auto *dialog = qobject_cast<QInputDialog *>(QApplication::activeModalWidget()))
            dialog->reject();
    });
    QVERIFY(!again.openDatabase(m_url));
    QVERIFY(again.message()->text().contains(u"wrong or missing password"_s));
}

void TestMainWindowPg::migratesAndEditsOnTheServer()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    answerPasswordPrompts({QString::fromLatin1(Password)});
    const QString ini = QStringLiteral(PM_SOURCE_DIR) + u"/migrations/alembic.ini"_s;
    QVERIFY(window.openDatabase(m_url, ini));
    MigrationController *controller = window.controller();
    QVERIFY2(controller->scriptsProblem().isEmpty(), qPrintable(controller->scriptsProblem()));

    // No file snapshots on a server, and the window says why.
    QAction *snapshot = window.findChild<QAction *>(u"snapshot"_s);
    QVERIFY(!snapshot->isEnabled());
    QVERIFY(snapshot->statusTip().contains(u"SQLite"_s));

    QSignalSpy finished(controller, &MigrationController::jobFinished);
    QAction *upgrade = window.findChild<QAction *>(u"upgrade"_s);
    QVERIFY2(upgrade->isEnabled(), qPrintable(upgrade->statusTip()));
    upgrade->trigger();
    QVERIFY(test::confirmMigration(u"Upgrade"_s, u"No file snapshot"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_COMPARE(window.statusTexts().at(2), u"0 pending"_s);
    QVERIFY(window.logView()->toPlainText().contains(u"Running upgrade"_s));
    QVERIFY(window.logView()->toPlainText().contains(u"No snapshot"_s));

    // A user and a pet with that user as owner, through the dialogs.
    TablePage *users = window.usersPage();
    window.dataTabs()->setCurrentWidget(users);
    QTRY_VERIFY(users->model()->tableExists());
    RowDialog *userDialog = test::openAddDialog(window, users);
    QVERIFY(userDialog);
    QTest::keyClicks(userDialog->field(u"name"_s), u"Ann"_s);
    QTest::keyClicks(userDialog->field(u"email"_s), u"ann@example.org"_s);
    test::saveDialog(userDialog);
    QTRY_COMPARE(users->model()->rowCount(), 1);

    TablePage *pets = window.petsPage();
    window.dataTabs()->setCurrentWidget(pets);
    RowDialog *petDialog = test::openAddDialog(window, pets);
    QVERIFY(petDialog);
    QTest::keyClicks(petDialog->field(u"name"_s), u"Rex"_s);
    auto *owner = qobject_cast<QComboBox *>(petDialog->field(u"owner_id"_s));
    QVERIFY(owner);
    owner->setCurrentIndex(owner->findText(u"Ann"_s));
    test::saveDialog(petDialog);
    LiveTableModel *petModel = pets->model();
    QTRY_COMPARE(petModel->rowCount(), 1);
    const TableInfo info = petModel->tableInfo();
    QCOMPARE(petModel->index(0, info.indexOf(u"owner_id"_s)).data().toString(), u"Ann"_s);
    QCOMPARE(petModel->index(0, info.indexOf(u"species"_s)).data().toString(), u"unknown"_s); // server default

    // A duplicate email is explained under its field, as on SQLite.
    window.dataTabs()->setCurrentWidget(users);
    RowDialog *duplicate = test::openAddDialog(window, users);
    QVERIFY(duplicate);
    QTest::keyClicks(duplicate->field(u"name"_s), u"Ann again"_s);
    QTest::keyClicks(duplicate->field(u"email"_s), u"ann@example.org"_s);
    test::saveDialog(duplicate);
    QTRY_COMPARE(duplicate->errorText(u"email"_s), u"Another row already has this email."_s);
    duplicate->reject();
    QCOMPARE(users->model()->rowCount(), 1);

    // Filter ignores case on the server too.
    petModel->setFilterText(u"rEx"_s);
    QTRY_COMPARE(petModel->rowCount(), 1);
    petModel->setFilterText(QString());

    // Autogenerate against the server: the models match the database.
    QSignalSpy drafted(controller, &MigrationController::draftReady);
    window.findChild<QAction *>(u"autogenerate"_s)->trigger();
    QTRY_COMPARE_WITH_TIMEOUT(drafted.count(), 1, 30000);
    QVERIFY(controller->draft());
    QVERIFY2(!controller->draft()->hasChanges(), qPrintable(controller->draft()->detected.join(u'\n')));
    controller->discardDraft();

    // Down one step: the pet's new columns go, the pet stays.
    QAction *downgrade = window.findChild<QAction *>(u"downgrade"_s);
    QVERIFY2(downgrade->isEnabled(), qPrintable(downgrade->statusTip()));
    downgrade->trigger();
    QVERIFY(test::confirmMigration(u"Downgrade"_s, u"No file snapshot"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 3, 30000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QTRY_COMPARE(window.statusTexts().at(2), u"1 pending"_s);
    petModel = window.petsPage()->model();
    QTRY_COMPARE(petModel->tableInfo().indexOf(u"species"_s), -1);
    QCOMPARE(petModel->rowCount(), 1);
}

void TestMainWindowPg::tableWithoutIntegerKeyIsReadOnly()
{
    // A table made in the test's own database, as its owner.
    MainWindow window;
    answerPasswordPrompts({QString::fromLatin1(Password)});
    QVERIFY(window.openDatabase(m_url));
    QSqlQuery create(QSqlDatabase::database(window.controller()->connectionName()));
    QVERIFY2(create.exec(u"CREATE TABLE tag (label VARCHAR(20)); INSERT INTO tag VALUES ('b'), ('a')"_s),
             qPrintable(create.lastError().text()));
    create.finish();
    LiveTableModel model(window.controller()->connectionName(), u"tag"_s);
    QAbstractItemModelTester tester(&model);
    QSignalSpy failed(&model, &LiveTableModel::loadFailed);
    model.reload();
    QVERIFY2(model.tableExists(), "not reflected");
    QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().at(0).toString()));
    QCOMPARE(model.rowCount(), 2);
    model.sort(0, Qt::AscendingOrder);
    QCOMPARE(model.index(0, 0).data().toString(), u"a"_s);
    const auto inserted = model.insertRecord({{u"label"_s, u"c"_s}});
    QVERIFY(!inserted);
    QVERIFY2(inserted.error().message.contains(u"no single integer primary key"_s),
             qPrintable(inserted.error().message));
    QVERIFY(!model.setData(model.index(0, 0), u"z"_s));
    model.reload();
    QCOMPARE(model.rowCount(), 2);
}

// A body that reads rows cannot be planned, and a server database cannot be
// copied to rehearse it: the confirmation lists the steps and says why they
// are not planned, and the run is the user's to start.
void TestMainWindowPg::bodyThatReadsRowsIsListedNotPlanned()
{
    const QString database = m_database + u"_data"_s;
    QVERIFY(admin(u"DROP DATABASE IF EXISTS %1"_s.arg(database)));
    QVERIFY(admin(u"CREATE DATABASE %1 OWNER %2"_s.arg(database, QLatin1StringView(PasswordRole))));
    const auto dropped = qScopeGuard([&] { admin(u"DROP DATABASE IF EXISTS %1 WITH (FORCE)"_s.arg(database)); });
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(u"migrations/versions"_s));
    const auto write = [&](const QString &name, const QByteArray &text) {
        QFile file(dir.filePath(name));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text);
    };
    write(u"alembic.ini"_s, "[alembic]\nscript_location = %(here)s/migrations\n");
    QFile mako(QStringLiteral(PM_SOURCE_DIR) + u"/resources/templates/generic/script.py.mako"_s);
    QVERIFY(mako.open(QIODevice::ReadOnly));
    write(u"migrations/script.py.mako"_s, mako.readAll());
    write(u"migrations/versions/a1_pets.py"_s,
          "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'a1'\ndown_revision = None\n\n\n"
          "def upgrade():\n"
          "    op.create_table('pet', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String()))\n"
          "    op.execute(\"INSERT INTO pet (id, name) VALUES (1, 'Stray'), (2, 'Rex')\")\n"
          "\n\ndef downgrade():\n    op.drop_table('pet')\n");
    write(u"migrations/versions/b2_strays.py"_s,
          "from alembic import op\nimport sqlalchemy as sa\n\nrevision = 'b2'\ndown_revision = 'a1'\n\n\n"
          "def upgrade():\n"
          "    for pid, name in op.get_bind().execute(sa.text('SELECT id, name FROM pet')).fetchall():\n"
          "        if name == 'Stray':\n"
          "            op.execute(f'DELETE FROM pet WHERE id = {pid}')\n"
          "\n\ndef downgrade():\n    pass\n");

    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    answerPasswordPrompts({QString::fromLatin1(Password)});
    QString url = m_url;
    url.replace(m_database, database);
    QVERIFY(window.openDatabase(url, dir.filePath(u"alembic.ini"_s)));
    MigrationController *controller = window.controller();
    QVERIFY2(controller->scriptsProblem().isEmpty(), qPrintable(controller->scriptsProblem()));
    QSignalSpy finished(controller, &MigrationController::jobFinished);
    QAction *upgrade = window.findChild<QAction *>(u"upgrade"_s);
    upgrade->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget())));
    QVERIFY2(box->text().contains(u"upgrade a1 -> b2"_s), qPrintable(box->text()));
    QVERIFY2(box->informativeText().startsWith(u"Not planned: "_s)
                 && box->informativeText().contains(u"b2_strays.py:"_s),
             qPrintable(box->informativeText()));
    QCOMPARE(box->defaultButton(), box->button(QMessageBox::Cancel));
    QVERIFY(test::confirmMigration(u"Upgrade"_s));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 30000);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(finished.last().at(1).toString()));
    QCOMPARE(controller->currentHeads(), QStringList{u"b2"_s});
    QSqlQuery left(QSqlDatabase::database(controller->connectionName()));
    QVERIFY(left.exec(u"SELECT string_agg(name, ',') FROM pet"_s) && left.next());
    QCOMPARE(left.value(0).toString(), u"Rex"_s);
}

QTEST_MAIN(TestMainWindowPg)
#include "tst_mainwindow_pg.moc"
