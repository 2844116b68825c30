#pragma once

#include <functional>
#include <memory>

#include <QObject>
#include <QStringList>

#include "base/result.h"
#include "revision/revisionerror.h"
#include "runtime/planreport.h"
#include "ui/migrationworker.h"
#include "ui/revisionrow.h"

class QThread;

namespace pm {

class DatabaseConnection;

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

    bool isBusy() const { return m_busy; }
    // Long work. Each returns at once; progress arrives by signal.
    void upgrade(const QString &target);
    void downgrade(const QString &target);
    void stamp(const QString &target);
    void autogenerate(const QString &message);
    void takeSnapshot();
    void restoreSnapshot(const QString &snapshotPath);
    void cancel();

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
    void previewReady(const QString &script, const QString &sql, const QString &impact);

private:
    void loadScripts();
    void migrate(Action action, const QString &target);
    Result<PlanReport> planSteps(const std::function<RevResult<QList<MigrationStep>>(const class RevisionPlanner &,
                                                                                     const QStringList &)> &steps) const;
    QString newSnapshotPath(const QString &suffix) const;
    // changesDatabase: the window releases its models first and reloads after;
    // closeFirst: the window's own connection is closed too (the file is replaced).
    void start(const QString &title, bool changesDatabase, bool closeFirst, MigrationWorker::Job job);

    std::unique_ptr<DatabaseConnection> m_connection;
    QString m_database;
    QString m_iniPath;
    bool m_versioned = false;
    QStringList m_currentHeads;
    QList<RevisionRow> m_revisions;
    QStringList m_scriptHeads;
    QString m_scriptsProblem;
    QString m_versionTable;
    bool m_busy = false;
    bool m_reopenAfterJob = false;
    QThread *m_thread;
    MigrationWorker *m_worker;
};

} // namespace pm
