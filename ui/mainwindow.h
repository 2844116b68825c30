#pragma once

#include <QMainWindow>

#include "base/result.h"
#include "runtime/planreport.h"

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QPlainTextEdit;
class QProgressDialog;
class QSplitter;
class QTabWidget;
class QTimer;
class QTreeView;

namespace pm {

class DiagramPanel;
class DiagramPresenter;
class InlineMessage;
class MigrationController;
class MigrationHistoryModel;
class PreviewPane;
class ScriptValidator;
class TablePage;

// Pet Manager's main window: pets and users over the live database in the
// centre with the migration preview under them, the migration history and
// the log in docks, and every migration action in a menu, on the toolbar and
// on a shortcut. All engine work goes through MigrationController.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens a SQLite file (created if missing) or a database URL, with the
    // migrations project `iniPath` (may be empty). Problems are shown in
    // the window; returns whether the database is open.
    bool openDatabase(const QString &database, const QString &iniPath = {});

    MigrationController *controller() const { return m_controller; }
    MigrationHistoryModel *historyModel() const { return m_historyModel; }
    QTreeView *historyView() const { return m_historyView; }
    PreviewPane *preview() const { return m_preview; }
    ScriptValidator *scriptValidator() const { return m_validator; }
    TablePage *petsPage() const { return m_pets; }
    TablePage *usersPage() const { return m_users; }
    QTabWidget *dataTabs() const { return m_dataTabs; }
    DiagramPanel *diagramPanel() const { return m_diagram; }
    InlineMessage *message() const { return m_message; }
    QPlainTextEdit *logView() const { return m_log; }
    // The status bar's parts: database, revision, pending, state.
    QStringList statusTexts() const;
    QStringList recentFiles() const;

    // Before a migration: every model and query on the database lets go.
    void releaseDatabase();
    // After it: models re-read the (maybe changed) schema and rows.
    void reload();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createActions();
    void createMenus();
    void createToolBar();
    void createDocks();
    void createCentre();
    void createStatusBar();
    void readSettings();
    void writeSettings() const;
    void rebuildPages();
    void updateState();
    void updateActions();
    void addRecentFile(const QString &path);
    void rebuildRecentMenu();
    void appendLog(const QString &line);
    void showHistoryContextMenu(const QPoint &pos);
    void showSelectedRevision();
    QString revisionTitle(const QString &revision) const;
    QString selectedRevision() const;
    TablePage *currentPage() const;

    void chooseDatabase();
    void chooseServer();
    void chooseProject();
    void newDatabase();
    void confirmAndRun(int action, const QString &target);
    void upgradeTo(const QString &target);
    void downgradeTo(const QString &target);
    void stampTo(const QString &target);
    void showSqlFor(const QString &revision);
    void showReport(const Result<PlanReport> &report, bool markScript);
    void autogenerate();
    void showDraft();
    void renameDraft();
    void saveScript();
    void discardDraft();
    void onScriptValidated(bool ok);
    // An unsaved draft or edited script asks Save / Discard / Cancel before
    // it is replaced; false: the user chose to stay.
    bool resolveUnsavedScript();
    bool hasUnsavedEdits() const;
    // A server URL without a password: asks for it (kept in memory only).
    QString askPassword(const QString &url, const QString &problem);
    void restoreSnapshot();
    void about();
    void onJobStarted(const QString &title);
    void onJobFinished(bool ok, const QString &message);

    MigrationController *m_controller;
    MigrationHistoryModel *m_historyModel;
    QTreeView *m_historyView = nullptr;
    PreviewPane *m_preview = nullptr;
    ScriptValidator *m_validator = nullptr;
    // What the script editor shows: nothing, a revision's file, or the draft.
    enum class Shown { Nothing, Revision, Draft };
    Shown m_shown = Shown::Nothing;
    QString m_shownRevision;
    bool m_ignoreSelection = false;
    QTimer *m_renameTimer = nullptr;
    TablePage *m_pets = nullptr;
    TablePage *m_users = nullptr;
    QTabWidget *m_dataTabs = nullptr;
    DiagramPanel *m_diagram = nullptr;
    DiagramPresenter *m_diagramPresenter = nullptr;
    QSplitter *m_splitter = nullptr;
    InlineMessage *m_message = nullptr;
    QPlainTextEdit *m_log = nullptr;
    QDockWidget *m_historyDock = nullptr;
    QDockWidget *m_logDock = nullptr;
    QProgressDialog *m_progress = nullptr;
    QLabel *m_statusDatabase = nullptr;
    QLabel *m_statusRevision = nullptr;
    QLabel *m_statusPending = nullptr;
    QLabel *m_statusState = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_viewMenu = nullptr;

    QAction *m_openAction = nullptr;
    QAction *m_connectAction = nullptr;
    QAction *m_openProjectAction = nullptr;
    QAction *m_newAction = nullptr;
    QAction *m_quitAction = nullptr;
    QAction *m_addRowAction = nullptr;
    QAction *m_deleteRowsAction = nullptr;
    QAction *m_findAction = nullptr;
    QAction *m_refreshAction = nullptr;
    QAction *m_autogenerateAction = nullptr;
    QAction *m_upgradeAction = nullptr;
    QAction *m_downgradeAction = nullptr;
    QAction *m_stampAction = nullptr;
    QAction *m_showSqlAction = nullptr;
    QAction *m_saveScriptAction = nullptr;
    QAction *m_snapshotAction = nullptr;
    QAction *m_restoreAction = nullptr;
    QAction *m_aboutAction = nullptr;
};

} // namespace pm
