#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QDateTime>
#include <QObject>
#include <QStringList>

#include "autogenerate/migrationdraft.h"
#include "autogenerate/renderer.h"
#include "base/result.h"
#include "diagram/schemachange.h"
#include "revision/revisionerror.h"
#include "revision/revisionpath.h"
#include "runtime/drift.h"
#include "runtime/planreport.h"
#include "runtime/revisionfacts.h"
#include "script/migrationscript.h"
#include "ui/migrationworker.h"
#include "ui/revisiondraft.h"
#include "ui/revisionrow.h"

class QThread;

namespace pm {

class DatabaseConnection;
class RevisionFactsLoader;
class ScriptDirectory;

// The window's one seam to the migration engine (core/runtime). The window asks it what it
// may do (isAvailable, with a sentence why not), tells it what to do, and
// listens; it never talks to core/runtime itself.
//
// Cheap things (open, refresh: reading alembic_version and the script
// headers) run here on the GUI thread. Long things run on the worker thread
// with their own database connection, one at a time, with progress, log
// lines and cancel. Before a job that changes the schema, aboutToMigrate()
// asks the window to release every query and model on this database
// (SQLite: "database table is locked"); migrated() says to reload.
class MigrationController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationController)

public:
    enum class Action {
        Upgrade,
        Downgrade,
        Stamp,
        ShowSql,
        Autogenerate,
        SaveRevision,
        Snapshot,
        RestoreSnapshot,
        MergeHeads,
        Count
    };

    explicit MigrationController(QObject *parent = nullptr);
    ~MigrationController() override;

    // A SQLite file path or a database URL; iniPath may be empty (no
    // migrations project: data only).
    Status open(const QString &database, const QString &iniPath);
    void close();
    bool isOpen() const;
    // The window's connection (its models read and write through it).
    QString connectionName() const;
    // What open() was given: a file path, or a URL (with the password the
    // window asked for: in memory only, never shown or saved).
    QString database() const { return m_database; }
    QString databasePath() const;  // the SQLite file, empty for a server
    QString displayName() const;   // for the title and status bar
    QString iniPath() const { return m_iniPath; }

    // Re-reads alembic_version and the scripts; emits stateChanged().
    void refresh();
    bool isVersioned() const { return m_versioned; }
    QStringList currentHeads() const { return m_currentHeads; }
    QList<RevisionRow> revisions() const { return m_revisions; }
    QStringList scriptHeads() const { return m_scriptHeads; }
    // A sentence when the scripts could not be read, else empty.
    QString scriptsProblem() const { return m_scriptsProblem; }
    QString scriptText(const QString &revision) const;

    bool isAvailable(Action action) const;
    // Why an action cannot be used right now: for the status tip and tooltip.
    QString unavailableReason(Action action) const;

    // What an upgrade / downgrade / stamp to `target` would run, with its
    // impact measured on the open database; read-only, on this thread.
    Result<PlanReport> plan(Action action, const QString &target) const;
    // One revision's own step (from its down revisions to it): its SQL and
    // what it would destroy, for the SQL and Impact tabs.
    Result<PlanReport> planRevision(const QString &revision) const;
    // While one of these lives, planRevision() answers a revision asked for
    // again from its first plan: one selection asks for it twice (the
    // preview, then the diagram's change view), and a rehearsal copies the
    // database each time. Nothing changes the database in between.
    class PlanReuse
    {
    public:
        explicit PlanReuse(const MigrationController &controller) : m_controller(controller)
        {
            ++m_controller.m_planReuse;
        }
        ~PlanReuse()
        {
            if (--m_controller.m_planReuse == 0)
                m_controller.m_reusedPlan.reset();
        }
        PlanReuse(const PlanReuse &) = delete;
        PlanReuse &operator=(const PlanReuse &) = delete;

    private:
        const MigrationController &m_controller;
    };

    // What `upgrade <revision>` and `downgrade <revision>` would run from
    // the database's current heads, in the runner's order (the graph read
    // at the last refresh).
    RevisionPath pathTo(const QString &revision) const;
    // Writes the revision `petmigrate merge -m message revisions...` writes
    // (a given revisionId and creation time make it reproducible); returns
    // the new revision's id. The history then shows it.
    Result<QString> mergeHeads(const QStringList &revisions, const QString &message,
                               const QString &revisionId = {}, const QDateTime &now = {});
    // Reads every script's bodies in the background, in this order, for the
    // graph's badges; factsRead() brings them in batches.
    void readFacts(const QStringList &revisions);

    bool isBusy() const { return m_busy; }
    // Long work. Each returns at once; progress arrives by signal.
    void upgrade(const QString &target);
    void downgrade(const QString &target);
    void stamp(const QString &target);
    // Compares the project's models (as env.py names them) with the open
    // database on the worker thread; draftReady() brings the new revision.
    void autogenerate(const QString &message);
    void takeSnapshot();
    void restoreSnapshot(const QString &snapshotPath);
    void cancel();

    // The autogenerated revision waiting to be saved or discarded.
    const std::optional<RevisionDraft> &draft() const { return m_draft; }
    // Renders the draft again under another message (its docstring and file
    // name change; its id and operations do not).
    Result<RevisionDraft> renameDraft(const QString &message);
    // Writes the draft's file with `text` (as rendered, or as the user edited
    // it) once it parses; returns the path. The history then shows it.
    Result<QString> saveDraft(const QString &message, const QString &text);
    void discardDraft();
    // The draft under review (the Schema tab's change list): its
    // operations, what is left out, the renames proposed. Leaving out,
    // taking back and renaming render the script again exactly as
    // `petmigrate revision --autogenerate [--rename ...]` would and bring it
    // with draftReady(); on failure the draft is as it was.
    const MigrationDraft *draftReview() const { return m_review ? &*m_review : nullptr; }
    const QList<RenameProposal> &acceptedRenames() const { return m_acceptedRenames; }
    Status leaveOutOfDraft(const OperationPath &path, bool leaveOut);
    Status renameInDraft(const RenameProposal &proposal, bool accept);
    // An edited revision script written back over its file, once it parses.
    Status saveScript(const QString &revision, const QString &text);
    // The project's own parser (its user_module_prefix) on text from the editor.
    Result<MigrationScript> parseScript(const QString &text, const QString &path) const;
    // What a parsed script's upgrade() runs and destroys on the open database
    // as it is now: the SQL and Impact tabs of a draft.
    Result<PlanReport> planScript(const MigrationScript &script) const;

    // The schema diagram's questions (ui/diagrampresenter), read-only, on
    // this thread; the schemas come from the scripts and the open database
    // as it is (nothing is run). The live schema; the change a parsed
    // script (the draft) makes to it, its impact measured; one revision's
    // change, from the schema its down revisions build; the change a run
    // from the current revision(s) to `target` makes, upgrade or downgrade.
    Result<SchemaDiagram> schemaDiagram() const;
    Result<SchemaChange> scriptChange(const MigrationScript &script) const;
    Result<SchemaChange> revisionChange(const QString &revision) const;
    Result<SchemaChange> runChange(const QString &target) const;
    // The open database against what its scripts build at its revision(s).
    Result<DriftReport> drift() const;

    // Snapshot files of the open database, newest first.
    QStringList snapshots() const;
    QString snapshotDirectory() const;

Q_SIGNALS:
    void stateChanged();
    void logLine(const QString &line);
    void jobStarted(const QString &title);
    void progress(int step, int total, const QString &text);
    void jobFinished(bool ok, const QString &message);
    void aboutToMigrate();
    void migrated();
    void draftReady();
    void factsRead(const QList<pm::RevisionFacts> &facts);
    // refresh() read the scripts again (before stateChanged()).
    void scriptsLoaded();

private:
    Result<PlanReport> planRevisionNow(const QString &revision) const;
    void loadScripts();
    Status reviseDraft(MigrationDraft reviewed);
    void migrate(Action action, const QString &target);
    Result<PlanReport> planSteps(const std::function<RevResult<QList<MigrationStep>>(const class RevisionPlanner &,
                                                                                     const QStringList &)> &steps) const;
    QString newSnapshotPath(const QString &suffix) const;
    // changesDatabase: the window releases its models first and reloads after;
    // closeFirst: the window's own connection is closed too (the file is replaced).
    // onSuccess runs on this thread after the job succeeded.
    void start(const QString &title, bool changesDatabase, bool closeFirst, MigrationWorker::Job job,
               std::function<void()> onSuccess = {});

    std::unique_ptr<DatabaseConnection> m_connection;
    QString m_database;
    QString m_iniPath;
    bool m_versioned = false;
    QStringList m_currentHeads;
    QList<RevisionRow> m_revisions;
    QStringList m_scriptHeads;
    QString m_scriptsProblem;
    std::unique_ptr<ScriptDirectory> m_scripts; // headers only: the graph as last read
    RevisionFactsLoader *m_factsLoader;
    QString m_versionTable;
    QString m_userModulePrefix;
    std::optional<RevisionDraft> m_draft;
    MigrationBodies m_draftBodies;
    std::optional<MigrationDraft> m_review;
    QList<RenameProposal> m_acceptedRenames;
    std::function<void()> m_onSuccess;
    bool m_busy = false;
    bool m_reopenAfterJob = false;
    QThread *m_thread;
    MigrationWorker *m_worker;
    // PlanReuse: how many live, and the plan they keep.
    mutable int m_planReuse = 0;
    mutable std::optional<std::pair<QString, Result<PlanReport>>> m_reusedPlan;
};

} // namespace pm
