#include "ui/mainwindow.h"

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressDialog>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolBar>
#include <QTreeView>
#include <QVBoxLayout>

#include "ui/diagrampanel.h"
#include "ui/diagrampresenter.h"
#include "ui/historypanel.h"
#include "ui/icons.h"
#include "ui/inlinemessage.h"
#include "ui/livetablemodel.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"
#include "ui/previewpane.h"
#include "config/databaseurl.h"
#include "ui/scripteditor.h"
#include "ui/scriptvalidator.h"
#include "ui/tablepage.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {
constexpr int MaxRecentFiles = 8;
using Action = MigrationController::Action;

// The wait cursor while the window blocks on work the user asked for.
struct BusyCursor
{
    BusyCursor() { QGuiApplication::setOverrideCursor(Qt::WaitCursor); }
    ~BusyCursor() { QGuiApplication::restoreOverrideCursor(); }
    BusyCursor(const BusyCursor &) = delete;
    BusyCursor &operator=(const BusyCursor &) = delete;
};
}

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new MigrationController(this))
    , m_historyModel(new MigrationHistoryModel(this))
{
    setObjectName(u"mainWindow"_s);
    setWindowIcon(Icons::builtin(Icons::Kind::App));
    setDockOptions(AnimatedDocks | AllowTabbedDocks | AllowNestedDocks);
    createActions();
    createCentre();
    createDocks();
    createMenus();
    createToolBar();
    createStatusBar();

    connect(m_controller, &MigrationController::stateChanged, this, &MainWindow::updateState);
    connect(m_controller, &MigrationController::logLine, this, &MainWindow::appendLog);
    connect(m_controller, &MigrationController::aboutToMigrate, this, &MainWindow::releaseDatabase);
    connect(m_controller, &MigrationController::migrated, this, &MainWindow::reload);
    connect(m_controller, &MigrationController::jobStarted, this, &MainWindow::onJobStarted);
    connect(m_controller, &MigrationController::jobFinished, this, &MainWindow::onJobFinished);
    connect(m_controller, &MigrationController::draftReady, this, &MainWindow::showDraft);
    connect(m_controller, &MigrationController::progress, this, [this](int step, int total, const QString &text) {
        if (!m_progress)
            return;
        // A modal dialog's setValue() runs the event loop, where jobFinished
        // may arrive and drop the dialog: so it goes last.
        m_progress->setMaximum(std::max(total, 1));
        m_progress->setLabelText(text);
        m_progress->setValue(step);
    });

    readSettings();
    updateState();
}

MainWindow::~MainWindow()
{
    // Models go before the controller's connection.
    delete m_pets;
    delete m_users;
    m_pets = m_users = nullptr;
}

void MainWindow::createActions()
{
    const auto make = [this](const QString &name, const QString &text, const QString &tip) {
        auto *action = new QAction(text, this);
        action->setObjectName(name);
        action->setStatusTip(tip);
        action->setToolTip(tip);
        return action;
    };
    m_openAction = make(u"openDatabase"_s, tr("&Open Database…"), tr("Open a SQLite database file"));
    m_openAction->setIcon(Icons::icon(Icons::Kind::Open));
    m_openAction->setShortcut(QKeySequence::Open);
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseDatabase);

    m_connectAction = make(u"connectServer"_s, tr("&Connect to Server…"),
                           tr("Open a PostgreSQL database by its URL"));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::chooseServer);

    m_openProjectAction = make(u"openProject"_s, tr("Open &Migrations Project…"),
                               tr("Open the alembic.ini of a migrations project"));
    m_openProjectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    connect(m_openProjectAction, &QAction::triggered, this, &MainWindow::chooseProject);

    m_newAction = make(u"newDatabase"_s, tr("&New Database…"), tr("Create an empty SQLite database file"));
    m_newAction->setShortcut(QKeySequence::New);
    connect(m_newAction, &QAction::triggered, this, &MainWindow::newDatabase);

    m_quitAction = make(u"quit"_s, tr("&Quit"), tr("Quit Pet Manager"));
    m_quitAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Q));
    m_quitAction->setMenuRole(QAction::QuitRole);
    connect(m_quitAction, &QAction::triggered, this, &QWidget::close);

    m_addRowAction = make(u"addRowWindow"_s, tr("&Add Row…"), tr("Add a row to the table shown"));
    m_addRowAction->setIcon(Icons::icon(Icons::Kind::Add));
    m_addRowAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Insert));
    connect(m_addRowAction, &QAction::triggered, this, [this] {
        if (TablePage *page = currentPage())
            page->addRow();
    });
    m_deleteRowsAction = make(u"deleteRowsWindow"_s, tr("&Delete Rows"), tr("Delete the selected rows"));
    m_deleteRowsAction->setIcon(Icons::icon(Icons::Kind::Remove));
    m_deleteRowsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Delete));
    connect(m_deleteRowsAction, &QAction::triggered, this, [this] {
        if (TablePage *page = currentPage())
            page->deleteSelected();
    });
    m_findAction = make(u"find"_s, tr("&Find…"), tr("Filter the rows of the table shown"));
    m_findAction->setShortcut(QKeySequence::Find);
    connect(m_findAction, &QAction::triggered, this, [this] {
        if (TablePage *page = currentPage())
            page->focusFilter();
        else if (m_dataTabs->currentWidget() == m_diagram)
            m_diagram->focusFind();
    });

    m_refreshAction = make(u"refresh"_s, tr("&Refresh"), tr("Read the database and the scripts again"));
    m_refreshAction->setIcon(Icons::icon(Icons::Kind::Refresh));
    m_refreshAction->setShortcut(QKeySequence::Refresh);
    connect(m_refreshAction, &QAction::triggered, this, [this] {
        m_controller->refresh();
        reload();
        // The shown script may have been changed by another program; an
        // edit in progress here is kept.
        if (m_shown == Shown::Revision && !hasUnsavedEdits()) {
            m_shownRevision.clear();
            showSelectedRevision();
        }
    });
    m_autogenerateAction = make(u"autogenerate"_s, tr("&Autogenerate…"),
                                tr("Compare the models with the database and preview a new revision"));
    m_autogenerateAction->setIcon(Icons::icon(Icons::Kind::Autogenerate));
    m_autogenerateAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_G));
    connect(m_autogenerateAction, &QAction::triggered, this, &MainWindow::autogenerate);
    m_upgradeAction = make(u"upgrade"_s, tr("&Upgrade"), tr("Upgrade the database to the head revision"));
    m_upgradeAction->setIcon(Icons::icon(Icons::Kind::Upgrade));
    m_upgradeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    connect(m_upgradeAction, &QAction::triggered, this, [this] { upgradeTo(u"heads"_s); });
    m_downgradeAction = make(u"downgrade"_s, tr("&Downgrade"), tr("Downgrade the database by one revision"));
    m_downgradeAction->setIcon(Icons::icon(Icons::Kind::Downgrade));
    m_downgradeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(m_downgradeAction, &QAction::triggered, this, [this] { downgradeTo(u"-1"_s); });
    m_stampAction = make(u"stamp"_s, tr("&Stamp…"),
                         tr("Record the selected revision as current without running migrations"));
    connect(m_stampAction, &QAction::triggered, this, [this] { stampTo(selectedRevision()); });
    m_showSqlAction = make(u"showSql"_s, tr("Show S&QL"), tr("Show the SQL the selected revision runs"));
    m_showSqlAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    connect(m_showSqlAction, &QAction::triggered, this, [this] { showSqlFor(selectedRevision()); });
    m_saveScriptAction = make(u"saveScript"_s, tr("&Save Script"),
                              tr("Write the edited script, or the autogenerated revision, to its file"));
    m_saveScriptAction->setShortcut(QKeySequence::Save);
    connect(m_saveScriptAction, &QAction::triggered, this, &MainWindow::saveScript);
    m_snapshotAction = make(u"snapshot"_s, tr("Take S&napshot"), tr("Keep a copy of the database file now"));
    m_snapshotAction->setIcon(Icons::icon(Icons::Kind::Snapshot));
    connect(m_snapshotAction, &QAction::triggered, m_controller, &MigrationController::takeSnapshot);
    m_restoreAction = make(u"restoreSnapshot"_s, tr("&Restore Snapshot…"),
                           tr("Put a kept copy of the database back"));
    connect(m_restoreAction, &QAction::triggered, this, &MainWindow::restoreSnapshot);
    m_aboutAction = make(u"about"_s, tr("&About Pet Manager"), tr("Show the version and license"));
    m_aboutAction->setMenuRole(QAction::AboutRole);
    connect(m_aboutAction, &QAction::triggered, this, &MainWindow::about);
}

void MainWindow::createCentre()
{
    auto *centre = new QWidget(this);
    m_message = new InlineMessage(centre);
    m_dataTabs = new QTabWidget(centre);
    m_dataTabs->setObjectName(u"dataTabs"_s);
    m_dataTabs->setDocumentMode(true);
    m_preview = new PreviewPane(centre);
    m_diagram = new DiagramPanel(centre);
    m_diagramPresenter = new DiagramPresenter(m_controller, m_diagram, m_preview->scriptEditor(), this);
    m_splitter = new QSplitter(Qt::Vertical, centre);
    m_splitter->setObjectName(u"centreSplitter"_s);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->addWidget(m_dataTabs);
    m_splitter->addWidget(m_preview);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    auto *layout = new QVBoxLayout(centre);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_message);
    layout->addWidget(m_splitter, 1);
    setCentralWidget(centre);
    connect(m_dataTabs, &QTabWidget::currentChanged, this, &MainWindow::updateActions);
    ScriptEditor *editor = m_preview->scriptEditor();
    connect(editor, &ScriptEditor::editableChanged, this, [this](bool editable) {
        if (editable)
            statusBar()->showMessage(tr("Editing the script: it is checked as you type; Ctrl+S saves it."), 5000);
    });
    connect(editor, &QsciScintilla::modificationChanged, this, &MainWindow::updateActions);
    m_validator = new ScriptValidator(editor, this);
    connect(m_validator, &ScriptValidator::validated, this, &MainWindow::onScriptValidated);
    // The message names the file and fills the docstring: the draft is
    // rendered again after a pause in typing, unless the user edited it.
    m_renameTimer = new QTimer(this);
    m_renameTimer->setSingleShot(true);
    m_renameTimer->setInterval(300);
    connect(m_renameTimer, &QTimer::timeout, this, &MainWindow::renameDraft);
    connect(m_preview->draftMessage(), &QLineEdit::textEdited, m_renameTimer, qOverload<>(&QTimer::start));
    connect(m_preview->draftMessage(), &QLineEdit::returnPressed, this, &MainWindow::saveScript);
    connect(m_preview->saveDraftButton(), &QPushButton::clicked, this, &MainWindow::saveScript);
    connect(m_preview->discardDraftButton(), &QPushButton::clicked, this, &MainWindow::discardDraft);
    rebuildPages();
}

void MainWindow::createDocks()
{
    m_historyPanel = new HistoryPanel(m_historyModel, m_controller, this);
    m_historyView = m_historyPanel->view();
    connect(m_historyPanel, &HistoryPanel::upgradeRequested, this, &MainWindow::upgradeTo);
    connect(m_historyPanel, &HistoryPanel::downgradeRequested, this, &MainWindow::downgradeTo);
    connect(m_historyPanel, &HistoryPanel::stampRequested, this, &MainWindow::stampTo);
    connect(m_historyPanel, &HistoryPanel::showSqlRequested, this, &MainWindow::showSqlFor);
    connect(m_historyPanel, &HistoryPanel::messageRequested, m_message, &InlineMessage::showMessage);
    connect(m_historyView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &MainWindow::showSelectedRevision);
    connect(m_historyView->selectionModel(), &QItemSelectionModel::selectionChanged, this, &MainWindow::updateActions);

    m_historyDock = new QDockWidget(tr("Migration history"), this);
    m_historyDock->setObjectName(u"historyDock"_s);
    m_historyDock->setWidget(m_historyPanel);
    addDockWidget(Qt::LeftDockWidgetArea, m_historyDock);

    m_log = new QPlainTextEdit(this);
    m_log->setObjectName(u"logView"_s);
    m_log->setReadOnly(true);
    m_log->setMaximumBlockCount(5000);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("What migrations do is logged here, as petmigrate prints it."));
    m_logDock = new QDockWidget(tr("Log"), this);
    m_logDock->setObjectName(u"logDock"_s);
    m_logDock->setWidget(m_log);
    addDockWidget(Qt::BottomDockWidgetArea, m_logDock);
    resizeDocks({m_historyDock}, {560}, Qt::Horizontal);
    resizeDocks({m_logDock}, {110}, Qt::Vertical);
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_openAction);
    file->addAction(m_connectAction);
    file->addAction(m_openProjectAction);
    file->addAction(m_newAction);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    m_recentMenu->setObjectName(u"recentMenu"_s);
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::rebuildRecentMenu);
    file->addSeparator();
    file->addAction(m_diagram->exportAction());
    file->addSeparator();
    file->addAction(m_quitAction);

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(m_addRowAction);
    edit->addAction(m_deleteRowsAction);
    edit->addSeparator();
    edit->addAction(m_findAction);
    edit->addAction(m_historyPanel->findAction());
    edit->addAction(m_preview->scriptEditor()->editAction());
    edit->addAction(m_saveScriptAction);

    QMenu *migrations = menuBar()->addMenu(tr("&Migrations"));
    migrations->addAction(m_refreshAction);
    migrations->addSeparator();
    migrations->addAction(m_autogenerateAction);
    migrations->addAction(m_upgradeAction);
    migrations->addAction(m_downgradeAction);
    migrations->addAction(m_stampAction);
    migrations->addAction(m_showSqlAction);
    migrations->addAction(m_historyPanel->mergeAction());
    migrations->addSeparator();
    migrations->addAction(m_snapshotAction);
    migrations->addAction(m_restoreAction);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(m_historyDock->toggleViewAction());
    m_viewMenu->addAction(m_logDock->toggleViewAction());
    m_historyDock->toggleViewAction()->setShortcut(QKeySequence(Qt::ALT | Qt::Key_1));
    m_logDock->toggleViewAction()->setShortcut(QKeySequence(Qt::ALT | Qt::Key_2));

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(m_aboutAction);
    help->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
}

void MainWindow::createToolBar()
{
    QToolBar *bar = addToolBar(tr("Main"));
    bar->setObjectName(u"mainToolBar"_s);
    bar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    bar->addAction(m_openAction);
    bar->addAction(m_refreshAction);
    bar->addSeparator();
    bar->addAction(m_autogenerateAction);
    bar->addAction(m_upgradeAction);
    bar->addAction(m_downgradeAction);
    bar->addAction(m_snapshotAction);
    m_viewMenu->addSeparator();
    m_viewMenu->addAction(bar->toggleViewAction());
}

void MainWindow::createStatusBar()
{
    const auto make = [this](const QString &name) {
        auto *label = new QLabel(this);
        label->setObjectName(name);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
        label->setContentsMargins(6, 0, 6, 0);
        label->setFrameShape(QFrame::StyledPanel);
        statusBar()->addPermanentWidget(label);
        return label;
    };
    m_statusDatabase = make(u"statusDatabase"_s);
    m_statusRevision = make(u"statusRevision"_s);
    m_statusPending = make(u"statusPending"_s);
    m_statusState = make(u"statusState"_s);
    statusBar()->addPermanentWidget(m_diagram->driftLabel());
}

QStringList MainWindow::statusTexts() const
{
    return {m_statusDatabase->text(), m_statusRevision->text(), m_statusPending->text(), m_statusState->text()};
}

void MainWindow::rebuildPages()
{
    const QString connection = m_controller->connectionName();
    if (m_pets && m_pets->model()->property("pmConnection").toString() == connection)
        return;
    const int current = m_dataTabs->currentIndex();
    m_dataTabs->clear();
    delete m_pets;
    delete m_users;
    auto *petModel = new LiveTableModel(connection, u"pet"_s);
    petModel->setProperty("pmConnection", connection);
    auto *userModel = new LiveTableModel(connection, u"user"_s);
    userModel->setProperty("pmConnection", connection);
    m_pets = new TablePage(petModel,
                           {tr("Add a Pet"), tr("Filter pets…"),
                            tr("This database has no “pet” table yet.\nUpgrade it to create the table.")},
                           m_dataTabs);
    m_users = new TablePage(userModel,
                            {tr("Add a User"), tr("Filter users…"),
                             tr("This database has no “user” table yet.\nUpgrade it to create the table.")},
                            m_dataTabs);
    m_dataTabs->addTab(m_pets, tr("Pets"));
    m_dataTabs->addTab(m_users, tr("Users"));
    m_dataTabs->addTab(m_diagram, tr("Schema"));
    if (current >= 0)
        m_dataTabs->setCurrentIndex(current);
    for (TablePage *page : {m_pets, m_users}) {
        connect(page, &TablePage::statusMessage, this, [this](const QString &text) {
            statusBar()->showMessage(text, 4000);
        });
        connect(page->view()->selectionModel(), &QItemSelectionModel::selectionChanged, this,
                &MainWindow::updateActions);
    }
    // A renamed user shows under the new name on the pets tab.
    connect(userModel, &LiveTableModel::dataWritten, petModel, &LiveTableModel::reload);
    if (!connection.isEmpty())
        reload();
}

void MainWindow::releaseDatabase()
{
    if (m_pets)
        m_pets->releaseDatabase();
    if (m_users)
        m_users->releaseDatabase();
}

void MainWindow::reload()
{
    m_diagramPresenter->refresh();
    rebuildPages();
    if (m_pets)
        m_pets->reload();
    if (m_users)
        m_users->reload();
}

TablePage *MainWindow::currentPage() const
{
    return qobject_cast<TablePage *>(m_dataTabs->currentWidget());
}

bool MainWindow::openDatabase(const QString &database, const QString &iniPath)
{
    if (!resolveUnsavedScript())
        return false;
    releaseDatabase();
    QString target = database;
    Status opened = m_controller->open(target, iniPath);
    // A server that wants a password the URL does not give: ask, as psql does.
    for (int attempt = 0; !opened && target.contains(u"://"_s)
                          && opened.error().message.contains(u"wrong or missing password"_s) && attempt < 3;
         ++attempt) {
        const QString withPassword = askPassword(target, attempt ? opened.error().toString() : QString());
        if (withPassword.isEmpty())
            break;
        target = withPassword;
        opened = m_controller->open(target, iniPath);
    }
    if (!opened) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("Could not open %1: %2").arg(database, opened.error().toString()));
        rebuildPages();
        updateState();
        return false;
    }
    m_message->dismiss();
    if (!m_controller->databasePath().isEmpty()) {
        addRecentFile(m_controller->databasePath());
    } else if (const Result<DatabaseUrl> url = DatabaseUrl::parse(target)) {
        addRecentFile(url->withPassword(std::nullopt).toString()); // never the password
    }
    if (!iniPath.isEmpty())
        QSettings().setValue(u"project/ini"_s, iniPath);
    rebuildPages();
    updateState();
    if (selectedRevision().isEmpty()) {
        // Show the script the database is at (else the newest) straight away.
        QModelIndex index = m_historyModel->indexOf(m_controller->currentHeads().value(0));
        if (!index.isValid())
            index = m_historyModel->index(0, 0);
        if (index.isValid())
            m_historyView->setCurrentIndex(index);
    }
    appendLog(tr("INFO  [petmanager] Opened %1").arg(m_controller->databasePath().isEmpty()
                                                         ? m_controller->displayName()
                                                         : m_controller->databasePath()));
    return true;
}

QString MainWindow::askPassword(const QString &url, const QString &problem)
{
    const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url);
    if (!parsed)
        return {};
    QInputDialog dialog(this);
    dialog.setObjectName(u"passwordDialog"_s);
    dialog.setWindowTitle(tr("PostgreSQL Password"));
    dialog.setLabelText((problem.isEmpty() ? QString() : problem + u"\n\n"_s)
                        + tr("Password for %1 (used for this session only, never saved):")
                              .arg(parsed->withPassword(std::nullopt).toDisplayString()));
    dialog.setTextEchoMode(QLineEdit::Password);
    if (dialog.exec() != QDialog::Accepted)
        return {};
    return parsed->withPassword(dialog.textValue()).toString();
}

void MainWindow::updateState()
{
    const bool open = m_controller->isOpen();
    const QString name = m_controller->displayName();
    setWindowTitle(open ? tr("Pet Manager — %1").arg(name) : tr("Pet Manager"));
    setWindowFilePath(m_controller->databasePath());

    // Keep the selection across a refresh.
    const QString selected = selectedRevision();
    if (m_historyModel->rowCount() == 0 || m_historyModel->revisionCount() != m_controller->revisions().size()
        || !std::all_of(m_controller->revisions().cbegin(), m_controller->revisions().cend(),
                        [this](const RevisionRow &row) {
                            const RevisionRow *known = m_historyModel->revision(row.revision);
                            return known && *known == row;
                        })) {
        m_historyModel->setRevisions(m_controller->revisions(), m_controller->currentHeads());
    } else {
        m_historyModel->setCurrentHeads(m_controller->currentHeads());
    }
    if (!selected.isEmpty()) {
        const QModelIndex index = m_historyModel->indexOf(selected);
        if (index.isValid())
            m_historyView->setCurrentIndex(index);
    }
    m_historyPanel->refresh();
    if (m_shown == Shown::Revision && selected == m_shownRevision && !selected.isEmpty())
        m_preview->setTitle(revisionTitle(selected)); // its state may have changed

    m_statusDatabase->setText(open ? (m_controller->databasePath().isEmpty() ? name : m_controller->databasePath())
                                   : tr("No database"));
    m_statusDatabase->setToolTip(tr("The open database"));
    const QStringList heads = m_controller->currentHeads();
    QString revisionText;
    QString pendingText;
    QString stateText;
    if (open) {
        if (!m_controller->isVersioned())
            stateText = tr("not under version control");
        else if (heads.isEmpty())
            revisionText = tr("at base (no revision)");
        else
            revisionText = tr("at %1").arg(heads.join(u", "_s));
        const QStringList unknown = m_historyModel->unknownCurrentHeads();
        if (!unknown.isEmpty() && m_historyModel->revisionCount() > 0)
            stateText = tr("newer than these scripts");
        if (!m_controller->iniPath().isEmpty() && unknown.isEmpty())
            pendingText = tr("%1 pending").arg(m_historyModel->pendingCount());
        else if (m_controller->iniPath().isEmpty())
            pendingText = tr("no migrations project");
        if (!m_controller->scriptsProblem().isEmpty()) {
            stateText = tr("scripts unreadable");
            m_statusState->setToolTip(m_controller->scriptsProblem());
        }
    }
    m_statusRevision->setText(revisionText);
    m_statusRevision->setVisible(!revisionText.isEmpty());
    m_statusPending->setText(pendingText);
    m_statusPending->setVisible(!pendingText.isEmpty());
    m_statusState->setText(stateText);
    m_statusState->setVisible(!stateText.isEmpty());
    if (stateText == tr("not under version control"))
        m_statusState->setToolTip(tr("The database has no alembic_version table: no migration has been run on it."));
    else if (stateText == tr("newer than these scripts"))
        m_statusState->setToolTip(tr("The database is at a revision these scripts do not know: %1")
                                      .arg(m_historyModel->unknownCurrentHeads().join(u", "_s)));
    updateActions();
}

void MainWindow::updateActions()
{
    const auto gate = [this](QAction *action, Action what, const QString &tip) {
        const QString reason = m_controller->unavailableReason(what);
        action->setEnabled(reason.isEmpty());
        // A disabled action says why, instead of doing nothing.
        action->setStatusTip(reason.isEmpty() ? tip : tip + u" — "_s + reason);
        action->setToolTip(action->statusTip());
    };
    gate(m_upgradeAction, Action::Upgrade, tr("Upgrade the database to the head revision"));
    gate(m_downgradeAction, Action::Downgrade, tr("Downgrade the database by one revision"));
    gate(m_stampAction, Action::Stamp, tr("Record the selected revision as current without running migrations"));
    gate(m_showSqlAction, Action::ShowSql, tr("Show the SQL the selected revision runs"));
    gate(m_autogenerateAction, Action::Autogenerate,
         tr("Compare the models with the database and preview a new revision"));
    gate(m_snapshotAction, Action::Snapshot, tr("Keep a copy of the database file now"));
    if (m_historyPanel) // the data tabs ask before the docks exist
        gate(m_historyPanel->mergeAction(), Action::MergeHeads,
             tr("Write a revision that merges the heads selected in the history (Ctrl+click to pick several)"));
    gate(m_restoreAction, Action::RestoreSnapshot, tr("Put a kept copy of the database back"));
    const bool busy = m_controller->isBusy();
    // An edited script runs only once it is saved, and is saved only once it parses.
    if (hasUnsavedEdits() && m_shown == Shown::Revision) {
        for (QAction *action : {m_upgradeAction, m_downgradeAction, m_stampAction}) {
            action->setEnabled(false);
            action->setStatusTip(action->statusTip() + u" — "_s
                                 + tr("Save or discard the edits to the script first."));
            action->setToolTip(action->statusTip());
        }
    }
    const bool savable = m_shown == Shown::Draft || (m_shown == Shown::Revision && hasUnsavedEdits());
    const QString saveTip = tr("Write the edited script, or the autogenerated revision, to its file");
    const QString saveProblem = !savable ? tr("There is nothing to save.")
                              : !m_validator->isValid()
                                  ? tr("The script does not parse (%1); fix it first.").arg(m_validator->problem())
                                  : QString();
    m_saveScriptAction->setEnabled(saveProblem.isEmpty() && !busy);
    m_saveScriptAction->setStatusTip(saveProblem.isEmpty() ? saveTip : saveTip + u" — "_s + saveProblem);
    m_saveScriptAction->setToolTip(m_saveScriptAction->statusTip());
    m_preview->saveDraftButton()->setEnabled(m_shown == Shown::Draft && m_validator->isValid() && !busy);
    m_preview->saveDraftButton()->setToolTip(saveProblem.isEmpty() ? saveTip : saveProblem);
    m_refreshAction->setEnabled(m_controller->isOpen() && !busy);
    m_openAction->setEnabled(!busy);
    m_connectAction->setEnabled(!busy);
    m_newAction->setEnabled(!busy);
    m_openProjectAction->setEnabled(!busy);
    TablePage *page = currentPage();
    m_addRowAction->setEnabled(page && page->addRowAction()->isEnabled() && !busy);
    m_deleteRowsAction->setEnabled(page && page->deleteRowsAction()->isEnabled() && !busy);
    m_findAction->setEnabled(page != nullptr || m_dataTabs->currentWidget() == m_diagram);
}

QString MainWindow::selectedRevision() const
{
    if (!m_historyView)
        return {};
    return m_historyView->currentIndex().data(MigrationHistoryModel::RevisionRole).toString();
}

void MainWindow::showSelectedRevision()
{
    if (m_ignoreSelection)
        return;
    const QString revision = selectedRevision();
    if (m_shown == Shown::Revision && revision == m_shownRevision && !revision.isEmpty())
        return; // a refresh re-selected what is shown (maybe being edited)
    if (!resolveUnsavedScript()) {
        // Stay on what is being edited. (The view must see the change to
        // repaint; this function must not act on it.)
        const QScopedValueRollback ignoring(m_ignoreSelection, true);
        m_historyView->setCurrentIndex(m_historyModel->indexOf(m_shownRevision));
        return;
    }
    m_preview->showDraftBar(false);
    m_preview->scriptEditor()->setEditable(false);
    m_shownRevision = revision;
    if (revision.isEmpty()) {
        m_shown = Shown::Nothing;
        m_diagramPresenter->showNothing();
        m_validator->setParser({});
        m_preview->clear();
        updateActions();
        return;
    }
    m_shown = Shown::Revision;
    m_preview->showScript(revisionTitle(revision), m_controller->scriptText(revision));
    const RevisionRow *shown = m_historyModel->revision(revision);
    const QString path = shown ? shown->path : QString();
    m_validator->setParser([this, path](const QString &text) { return m_controller->parseScript(text, path); });
    {
        // A body that reads rows is rehearsed on a copy of the database,
        // which takes as long as copying the file does; the diagram's change
        // view reuses the preview's plan.
        const BusyCursor busy;
        const MigrationController::PlanReuse reuse(*m_controller);
        showReport(m_controller->planRevision(revision), true);
        m_diagramPresenter->showRevision(revision);
    }
    updateActions();
}

QString MainWindow::revisionTitle(const QString &revision) const
{
    const RevisionRow *row = m_historyModel->revision(revision);
    return row ? tr("%1 — %2 (%3)").arg(revision, row->message,
                                        MigrationHistoryModel::describe(m_historyModel->states(revision)))
               : revision;
}

void MainWindow::showReport(const Result<PlanReport> &report, bool markScript)
{
    if (!report) {
        const Error &error = report.error();
        m_preview->showSql(u"-- "_s + error.toString() + u'\n');
        m_preview->showImpact(error.toString() + u'\n');
        // The reason in the log, whichever script it is in (the shown
        // script's own unreadable body is marked at its line by the validator).
        appendLog(tr("ERROR [petmanager] %1").arg(error.toString()));
        return;
    }
    QString sql;
    QStringList impacts;
    for (const PlanReport::Step &step : report->steps) {
        sql += u"-- "_s + step.title + u'\n';
        for (const QString &statement : step.sql)
            sql += statement.trimmed() + u";\n\n"_s;
    }
    ScriptEditor *script = m_preview->scriptEditor();
    if (markScript)
        script->clearDestructiveMarks();
    for (const Impact &impact : report->impacts()) {
        const QString kind = impact.kind == Impact::Kind::Destroys ? tr("destroys data") : tr("will fail");
        impacts << tr("line %1: %2 (%3)").arg(impact.where.line).arg(impact.description, kind);
        if (markScript && impact.where.line > 0)
            script->markDestructive(impact.where.line - 1, impact.description);
    }
    m_preview->showSql(sql);
    if (!report->notMeasured.isEmpty()) {
        m_preview->showImpact(report->notMeasured + u'\n');
        return;
    }
    if (report->rehearsed) {
        const QString rehearsed = tr("Rehearsed on a copy of this database: these steps cannot be planned "
                                     "ahead, so they ran there.\n\n");
        m_preview->showImpact(rehearsed
                              + (impacts.isEmpty() ? tr("This step destroys no data.\n") : impacts.join(u'\n') + u'\n'));
        return;
    }
    m_preview->showImpact(impacts.isEmpty()
                              ? tr("Measured on this database: this step destroys no data.\n")
                              : tr("Measured on this database:\n\n") + impacts.join(u'\n') + u'\n');
}

void MainWindow::confirmAndRun(int actionValue, const QString &target)
{
    const auto action = static_cast<Action>(actionValue);
    const Result<PlanReport> report = [&] {
        const BusyCursor busy;
        return m_controller->plan(action, target);
    }();
    if (!report) {
        m_message->showMessage(InlineMessage::Kind::Error, report.error().toString());
        return;
    }
    if (report->steps.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Information,
                               tr("Nothing to do: the database is already at %1.").arg(target));
        return;
    }
    const QString title = action == Action::Upgrade     ? tr("Upgrade")
                        : action == Action::Downgrade ? tr("Downgrade")
                                                      : tr("Stamp");
    QStringList steps;
    for (const PlanReport::Step &step : report->steps)
        steps << u"• "_s + step.title;
    QStringList impacts;
    for (const Impact &impact : report->impacts())
        impacts << u"• "_s + impact.description;
    // Unknown (not planned) is treated as data at risk: a warning, Cancel first.
    const bool atRisk = report->hasFailures() || !impacts.isEmpty() || !report->notMeasured.isEmpty();
    auto *box = new QMessageBox(atRisk ? QMessageBox::Warning : QMessageBox::Question,
                                title, tr("These steps will run, in this order:\n%1").arg(steps.join(u'\n')),
                                QMessageBox::Cancel, this);
    box->setObjectName(u"confirmMigration"_s);
    const QString measured = report->rehearsed ? tr("Rehearsed on a copy of this database:\n%1")
                                               : tr("Measured on this database:\n%1");
    const QString found = !report->notMeasured.isEmpty() ? report->notMeasured
                        : impacts.isEmpty()                ? tr("No data is destroyed.")
                                                           : measured.arg(impacts.join(u'\n'));
    box->setInformativeText(found
                            + u"\n\n"_s
                            + (m_controller->databasePath().isEmpty()
                                   ? tr("No file snapshot on a server database; Cancel during the run rolls "
                                        "everything back.")
                                   : tr("A snapshot of the database is kept first; Cancel during the run rolls "
                                        "everything back.")));
    box->setDetailedText(report->toText());
    QPushButton *run = box->addButton(title, QMessageBox::AcceptRole);
    if (!atRisk)
        box->setDefaultButton(run);
    else
        box->setDefaultButton(QMessageBox::Cancel); // data may be lost: no run on a stray Enter
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, run, action, target] {
        if (box->clickedButton() != run)
            return;
        if (action == Action::Upgrade)
            m_controller->upgrade(target);
        else if (action == Action::Downgrade)
            m_controller->downgrade(target);
        else
            m_controller->stamp(target);
    });
    box->open();
}

void MainWindow::upgradeTo(const QString &target)
{
    confirmAndRun(int(Action::Upgrade), target);
}

void MainWindow::downgradeTo(const QString &target)
{
    confirmAndRun(int(Action::Downgrade), target);
}

void MainWindow::stampTo(const QString &target)
{
    if (target.isEmpty())
        return;
    confirmAndRun(int(Action::Stamp), target);
}

void MainWindow::showSqlFor(const QString &revision)
{
    if (revision.isEmpty())
        return;
    const QModelIndex index = m_historyModel->indexOf(revision);
    if (index.isValid() && selectedRevision() != revision)
        m_historyView->setCurrentIndex(index); // fills the SQL and Impact tabs
    m_preview->tabs()->setCurrentIndex(PreviewPane::SqlTab);
}

void MainWindow::autogenerate()
{
    if (!resolveUnsavedScript())
        return;
    m_controller->autogenerate(m_shown == Shown::Draft ? m_preview->draftMessage()->text() : QString());
}

void MainWindow::showDraft()
{
    const std::optional<RevisionDraft> &draft = m_controller->draft();
    if (!draft)
        return;
    {
        // The draft is not in the history: nothing there is selected.
        const QScopedValueRollback ignoring(m_ignoreSelection, true);
        m_historyView->selectionModel()->clear();
    }
    m_shown = Shown::Draft;
    m_shownRevision.clear();
    m_preview->showScript(draft->hasChanges()
                              ? tr("New revision %1 — autogenerated, not saved yet (%n change(s) detected)", nullptr,
                                   int(draft->detected.size()))
                                    .arg(draft->revision)
                              : tr("New revision %1 — no changes detected: the models match the database")
                                    .arg(draft->revision),
                          draft->text);
    m_preview->showDraftBar(true, draft->message);
    m_preview->scriptEditor()->setEditable(false);
    const QString path = draft->path;
    m_validator->setParser([this, path](const QString &text) { return m_controller->parseScript(text, path); });
    m_preview->draftMessage()->setFocus();
    m_dataTabs->setCurrentWidget(m_diagram); // the change, drawn
    if (!draft->hasChanges())
        m_message->showMessage(InlineMessage::Kind::Information,
                               tr("No changes detected: the models match the database. Saving writes a revision "
                                  "with empty upgrade() and downgrade(), as petmigrate would."));
    updateActions();
}

void MainWindow::renameDraft()
{
    if (m_shown != Shown::Draft || !m_controller->draft())
        return;
    ScriptEditor *editor = m_preview->scriptEditor();
    if (editor->isModified())
        return; // the user's edits win; the message still names the file
    const Result<RevisionDraft> renamed = m_controller->renameDraft(m_preview->draftMessage()->text());
    if (!renamed) {
        m_message->showMessage(InlineMessage::Kind::Error, renamed.error().toString());
        return;
    }
    const int line = editor->firstVisibleLine();
    editor->setScript(renamed->text);
    editor->setFirstVisibleLine(line);
    m_validator->validateNow();
}

void MainWindow::saveScript()
{
    m_renameTimer->stop();
    m_validator->validateNow();
    if (!m_validator->isValid()) {
        m_message->showMessage(InlineMessage::Kind::Error,
                               tr("The script does not parse: %1. It is not saved.").arg(m_validator->problem()));
        return;
    }
    ScriptEditor *editor = m_preview->scriptEditor();
    if (m_shown == Shown::Draft) {
        const QString revision = m_controller->draft() ? m_controller->draft()->revision : QString();
        const Result<QString> saved = m_controller->saveDraft(m_preview->draftMessage()->text(), editor->text());
        if (!saved) {
            m_message->showMessage(InlineMessage::Kind::Error, saved.error().toString());
            return;
        }
        m_shown = Shown::Nothing;
        m_preview->showDraftBar(false);
        m_message->showMessage(InlineMessage::Kind::Positive, tr("Saved %1").arg(*saved));
        // Show the new revision as the history has it now.
        const QModelIndex index = m_historyModel->indexOf(revision);
        if (index.isValid()) {
            m_historyView->setCurrentIndex(index);
            showSelectedRevision();
        }
    } else if (m_shown == Shown::Revision && editor->isModified()) {
        const QString revision = m_shownRevision;
        // Cleared first: the refresh that follows the write must not ask to save again.
        editor->setModified(false);
        const Status saved = m_controller->saveScript(revision, editor->text());
        if (!saved) {
            editor->setModified(true);
            m_message->showMessage(InlineMessage::Kind::Error, saved.error().toString());
            return;
        }
        showReport(m_controller->planRevision(revision), true);
        statusBar()->showMessage(tr("Saved %1.").arg(revision), 4000);
    }
    updateActions();
}

void MainWindow::discardDraft()
{
    m_renameTimer->stop();
    m_controller->discardDraft();
    m_shown = Shown::Nothing;
    m_diagramPresenter->showNothing();
    m_preview->showDraftBar(false);
    m_validator->setParser({});
    m_preview->clear();
    updateActions();
}

bool MainWindow::hasUnsavedEdits() const
{
    return m_preview && m_preview->scriptEditor()->isModified();
}

bool MainWindow::resolveUnsavedScript()
{
    const bool draft = m_shown == Shown::Draft && m_controller->draft();
    if (!draft && !(m_shown == Shown::Revision && hasUnsavedEdits()))
        return true;
    QMessageBox box(QMessageBox::Warning, draft ? tr("Unsaved Revision") : tr("Unsaved Script"),
                    draft ? tr("The autogenerated revision has not been saved.")
                          : tr("The script of %1 has been edited.").arg(m_shownRevision),
                    QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box.setObjectName(u"unsavedScript"_s);
    box.setInformativeText(tr("Save it before going on?"));
    box.setDefaultButton(QMessageBox::Save);
    const int choice = box.exec();
    if (choice == QMessageBox::Cancel)
        return false;
    if (choice == QMessageBox::Save) {
        saveScript();
        // Still unsaved (it does not parse, or the write failed): stay.
        return !(m_shown == Shown::Draft || (m_shown == Shown::Revision && hasUnsavedEdits()));
    }
    if (draft) {
        discardDraft();
    } else {
        m_preview->scriptEditor()->setModified(false);
        m_shown = Shown::Nothing;
    }
    return true;
}

void MainWindow::onScriptValidated(bool ok)
{
    if (m_shown == Shown::Draft) {
        if (ok && m_validator->script()) {
            showReport(m_controller->planScript(*m_validator->script()), true);
            m_diagramPresenter->showDraft(*m_validator->script());
        } else {
            m_preview->showSql(tr("-- The script does not parse: %1\n").arg(m_validator->problem()));
            m_diagramPresenter->showDraftProblem(m_validator->problem());
        }
    }
    updateActions();
}

void MainWindow::restoreSnapshot()
{
    const QStringList snapshots = m_controller->snapshots();
    if (snapshots.isEmpty())
        return;
    QStringList names;
    for (const QString &path : snapshots)
        names << QFileInfo(path).fileName();
    bool ok = false;
    const QString chosen = QInputDialog::getItem(this, tr("Restore Snapshot"),
                                                 tr("Put this copy back (the current state is kept as a snapshot "
                                                    "first):"),
                                                 names, 0, false, &ok);
    if (!ok || chosen.isEmpty())
        return;
    m_controller->restoreSnapshot(snapshots.at(names.indexOf(chosen)));
}

void MainWindow::onJobStarted(const QString &title)
{
    appendLog(tr("INFO  [petmanager] %1").arg(title));
    delete m_progress;
    m_progress = new QProgressDialog(title, tr("Cancel"), 0, 0, this);
    m_progress->setObjectName(u"progressDialog"_s);
    m_progress->setWindowTitle(title);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, m_controller, &MigrationController::cancel);
    updateActions();
}

void MainWindow::onJobFinished(bool ok, const QString &message)
{
    if (m_progress) {
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    if (ok) {
        statusBar()->showMessage(tr("Done."), 4000);
    } else {
        m_message->showMessage(InlineMessage::Kind::Error, message);
        appendLog(tr("ERROR [petmanager] %1").arg(message));
    }
    updateState();
}

void MainWindow::appendLog(const QString &line)
{
    m_log->appendPlainText(line);
}

void MainWindow::chooseDatabase()
{
    const QString start = m_controller->databasePath().isEmpty() ? QDir::homePath()
                                                                 : QFileInfo(m_controller->databasePath()).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Database"), start, tr("SQLite databases (*.db *.sqlite *.sqlite3);;All files (*)"));
    if (!path.isEmpty())
        openDatabase(path, m_controller->iniPath());
}

void MainWindow::chooseServer()
{
    QInputDialog dialog(this);
    dialog.setObjectName(u"connectDialog"_s);
    dialog.setWindowTitle(tr("Connect to Server"));
    dialog.setLabelText(tr("Database URL (the password is asked for when the server wants one):"));
    const QStringList recent = recentFiles();
    const auto server = std::find_if(recent.cbegin(), recent.cend(),
                                     [](const QString &file) { return file.contains(u"://"_s); });
    dialog.setTextValue(server != recent.cend() ? *server : u"postgresql://user@localhost:5432/dbname"_s);
    if (dialog.exec() != QDialog::Accepted || dialog.textValue().trimmed().isEmpty())
        return;
    const QString url = dialog.textValue().trimmed();
    if (const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url); !parsed) {
        m_message->showMessage(InlineMessage::Kind::Error, parsed.error().toString());
        return;
    }
    openDatabase(url, m_controller->iniPath());
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Migrations Project"), QDir::homePath(),
                                                      tr("Alembic configuration (alembic.ini *.ini)"));
    if (path.isEmpty())
        return;
    if (m_controller->isOpen())
        openDatabase(m_controller->database(), path); // a server's URL keeps the password given
    else
        QSettings().setValue(u"project/ini"_s, path);
}

void MainWindow::newDatabase()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("New Database"), QDir::homePath(),
                                                      tr("SQLite databases (*.db *.sqlite)"));
    if (path.isEmpty())
        return;
    if (QFileInfo::exists(path)) {
        m_message->showMessage(InlineMessage::Kind::Warning,
                               tr("%1 exists already; open it with File ▸ Open Database instead.").arg(path));
        return;
    }
    if (openDatabase(path, m_controller->iniPath()) && m_controller->isAvailable(Action::Upgrade))
        upgradeTo(u"heads"_s);
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings;
    QStringList files = settings.value(u"recentFiles"_s).toStringList();
    const QString absolute = path.contains(u"://"_s) ? path : QFileInfo(path).absoluteFilePath();
    files.removeAll(absolute);
    files.prepend(absolute);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    settings.setValue(u"recentFiles"_s, files);
}

QStringList MainWindow::recentFiles() const
{
    return QSettings().value(u"recentFiles"_s).toStringList();
}

void MainWindow::rebuildRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = recentFiles();
    int number = 1;
    for (const QString &file : files) {
        QAction *action = m_recentMenu->addAction(
            tr("&%1 %2").arg(number++).arg(QDir::toNativeSeparators(file)), this,
            [this, file] { openDatabase(file, m_controller->iniPath()); });
        action->setEnabled(file.contains(u"://"_s) || QFileInfo::exists(file));
    }
    if (files.isEmpty())
        m_recentMenu->addAction(tr("No recent files"))->setEnabled(false);
    m_recentMenu->addSeparator();
    m_recentMenu->addAction(tr("&Clear List"), this, [] { QSettings().remove(u"recentFiles"_s); });
}

void MainWindow::about()
{
    QMessageBox::about(this, tr("About Pet Manager"),
                       tr("<h3>Pet Manager %1</h3>"
                          "<p>Pets and users over a live database, with Alembic-compatible migrations: "
                          "autogenerate, upgrade and downgrade with a click.</p>")
                           .arg(QApplication::applicationVersion()));
}

void MainWindow::readSettings()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(u"window/geometry"_s).toByteArray()))
        resize(1180, 740);
    restoreState(settings.value(u"window/state"_s).toByteArray());
    if (!m_splitter->restoreState(settings.value(u"window/splitter"_s).toByteArray()))
        m_splitter->setSizes({420, 260});
}

void MainWindow::writeSettings() const
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
    settings.setValue(u"window/splitter"_s, m_splitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (m_controller->isBusy()) {
        m_message->showMessage(InlineMessage::Kind::Warning,
                               tr("A migration job is running; cancel it or wait before quitting."));
        event->ignore();
        return;
    }
    if (!resolveUnsavedScript()) {
        event->ignore();
        return;
    }
    writeSettings();
    event->accept();
}

} // namespace pm
