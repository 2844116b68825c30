#include "ui/migrationcontroller.h"

#include <filesystem>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include "config/alembicconfig.h"
#include "config/databaseurl.h"
#include "diagram/revisionchange.h"
#include "dialect/dialect.h"
#include "revision/revisionmap.h"
#include "revision/revisionplanner.h"
#include "runtime/autogeneratesession.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/environment.h"
#include "runtime/migrationrunner.h"
#include "runtime/rehearsal.h"
#include "runtime/revisionwriter.h"
#include "runtime/scriptdirectory.h"
#include "runtime/snapshot.h"
#include "runtime/versiontable.h"
#include "script/scriptparser.h"
#include "template/makotemplate.h"
#include "ui/revisionfactsloader.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// A job's own connection, in the worker thread: the SQLite file or the
// server URL (with the password the window asked for, kept in memory only).
Result<DatabaseConnection> openForJob(const QString &database)
{
    if (!database.contains(u"://"_s))
        return DatabaseConnection::openSqliteFile(database, DatabaseConnection::OpenMode::MustExist);
    const Result<DatabaseUrl> url = DatabaseUrl::parse(database);
    if (!url)
        return fail(url.error());
    return DatabaseConnection::open(*url, DatabaseConnection::OpenMode::MustExist);
}

// What a run will do, for the confirmation before it. On a server a body
// that reads rows can be neither planned nor rehearsed (rehearsal.h): the
// run stays the user's to start, its steps listed and the reason said.
Result<PlanReport> planForConfirmation(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                       const Dialect &dialect, const QString &versionTable,
                                       const QList<MigrationStep> &steps)
{
    Result<PlanReport> report = buildPlanReport(connection, scripts, dialect, versionTable, steps);
    if (report || connection.isSqlite() || !needsRehearsal(scripts, steps))
        return report;
    PlanReport listed = PlanReport::listing(steps);
    listed.notMeasured = MigrationController::tr(
        "Not planned: %1. What such a body does is known only when it runs; the run is one transaction, "
        "rolled back if a step fails.").arg(report.error().toString());
    return listed;
}

// The project as a job or a check needs it, read again each time so that a
// script edited or added outside the window is seen.
struct Project
{
    AlembicConfig config;
    Environment env;
    std::unique_ptr<ScriptDirectory> scripts;
};

Result<Project> loadProject(const QString &iniPath)
{
    Result<AlembicConfig> config = AlembicConfig::load(iniPath);
    if (!config)
        return fail(config.error());
    Result<Environment> env = Environment::load(*config, Environment::Mode::Online);
    if (!env)
        return fail(env.error());
    Result<std::unique_ptr<ScriptDirectory>> scripts = ScriptDirectory::load(*config, env->userModulePrefix);
    if (!scripts)
        return fail(scripts.error());
    return Project{std::move(*config), std::move(*env), std::move(*scripts)};
}

QDateTime createDateOf(const QString &docstring)
{
    static const QRegularExpression pattern(uR"(Create Date:\s*(\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d)(\.\d+)?)"_s);
    const auto match = pattern.match(docstring);
    if (!match.hasMatch())
        return {};
    QString text = match.captured(1);
    text.replace(u' ', u'T');
    return QDateTime::fromString(text, Qt::ISODate);
}

} // namespace

MigrationController::MigrationController(QObject *parent)
    : QObject(parent)
    , m_factsLoader(new RevisionFactsLoader(this))
    , m_thread(new QThread(this))
    , m_worker(new MigrationWorker)
{
    connect(m_factsLoader, &RevisionFactsLoader::factsRead, this, &MigrationController::factsRead);
    m_thread->setObjectName(u"migration worker"_s);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &MigrationWorker::progress, this, &MigrationController::progress);
    connect(m_worker, &MigrationWorker::logLine, this, &MigrationController::logLine);
    connect(m_worker, &MigrationWorker::finished, this, [this](bool ok, const QString &message) {
        m_busy = false;
        if (const auto onSuccess = std::exchange(m_onSuccess, {}); ok && onSuccess)
            onSuccess();
        const bool changed = m_reopenAfterJob;
        m_reopenAfterJob = false;
        if (changed) {
            const QString database = m_database;
            const QString ini = m_iniPath;
            if (!m_connection) {
                const Status reopened = open(database, ini);
                if (!reopened)
                    Q_EMIT logLine(tr("ERROR [petmanager] %1").arg(reopened.error().toString()));
            } else {
                refresh();
            }
            Q_EMIT migrated();
        }
        Q_EMIT jobFinished(ok, message);
    });
    m_thread->start();
}

MigrationController::~MigrationController()
{
    m_worker->requestCancel();
    m_thread->quit();
    m_thread->wait();
}

Status MigrationController::open(const QString &database, const QString &iniPath)
{
    close();
    Result<DatabaseConnection> connection = fail(QString());
    if (database.contains(u"://"_s)) {
        const Result<DatabaseUrl> url = DatabaseUrl::parse(database);
        if (!url)
            return fail(url.error());
        connection = DatabaseConnection::open(*url, DatabaseConnection::OpenMode::CreateIfMissing);
    } else {
        connection = DatabaseConnection::openSqliteFile(database, DatabaseConnection::OpenMode::CreateIfMissing);
    }
    if (!connection)
        return fail(connection.error());
    m_connection = std::make_unique<DatabaseConnection>(std::move(*connection));
    if (database != m_database)
        discardDraft(); // made against another database
    m_database = database;
    m_iniPath = iniPath;
    refresh();
    return {};
}

void MigrationController::close()
{
    m_connection.reset();
    m_versioned = false;
    m_currentHeads.clear();
}

bool MigrationController::isOpen() const
{
    return m_connection != nullptr;
}

QString MigrationController::connectionName() const
{
    return m_connection ? m_connection->connectionName() : QString();
}

QString MigrationController::databasePath() const
{
    return m_connection ? m_connection->sqliteFilePath() : QString();
}

QString MigrationController::displayName() const
{
    if (!m_connection)
        return {};
    const QString path = m_connection->sqliteFilePath();
    return path.isEmpty() ? m_connection->displayName() : QFileInfo(path).fileName();
}

void MigrationController::refresh()
{
    loadScripts();
    m_versioned = false;
    m_currentHeads.clear();
    if (m_connection) {
        const VersionTable table(m_versionTable);
        const QSqlDatabase db = m_connection->database();
        const Result<bool> exists = table.exists(db);
        m_versioned = exists && *exists;
        if (m_versioned) {
            const Result<QStringList> heads = table.heads(db);
            if (heads)
                m_currentHeads = *heads;
        }
    }
    Q_EMIT scriptsLoaded();
    Q_EMIT stateChanged();
}

void MigrationController::loadScripts()
{
    m_factsLoader->cancel();
    m_scripts.reset();
    const QString previousProblem = m_scriptsProblem;
    // The reason goes to the log once, when it appears or changes.
    const auto report = qScopeGuard([this, previousProblem] {
        if (!m_scriptsProblem.isEmpty() && m_scriptsProblem != previousProblem)
            Q_EMIT logLine(tr("ERROR [petmanager] The migration scripts cannot be read: %1").arg(m_scriptsProblem));
    });
    m_revisions.clear();
    m_scriptHeads.clear();
    m_scriptsProblem.clear();
    m_versionTable = VersionTable().name();
    if (m_iniPath.isEmpty())
        return;
    const Result<AlembicConfig> config = AlembicConfig::load(m_iniPath);
    if (!config) {
        m_scriptsProblem = config.error().toString();
        return;
    }
    const Result<Environment> env = Environment::load(*config, Environment::Mode::Online);
    if (!env) {
        m_scriptsProblem = env.error().toString();
        return;
    }
    m_versionTable = env->versionTable;
    m_userModulePrefix = env->userModulePrefix;
    // Headers only: every revision is listed whatever its body holds; only
    // what stops Python's import of a script (or a revision identifier
    // that cannot be read without running it) stops the list, with
    // file:line:col.
    Result<std::unique_ptr<ScriptDirectory>> scripts = ScriptDirectory::load(*config, env->userModulePrefix);
    if (!scripts) {
        m_scriptsProblem = scripts.error().toString();
        return;
    }
    m_revisions.reserve((*scripts)->map().revisions().size());
    for (const Revision &revision : (*scripts)->map().revisions()) {
        RevisionRow row;
        row.revision = revision.revision();
        row.downRevisions = revision.downRevisions();
        row.dependsOn = revision.resolvedDependencies();
        row.branchLabels = revision.originalBranchLabels();
        row.labels = revision.branchLabels();
        row.message = revision.doc().section(u'\n', 0, 0);
        row.date = createDateOf(revision.longdoc());
        row.path = revision.path();
        m_revisions << row;
    }
    m_scriptHeads = (*scripts)->map().heads();
    m_scripts = std::move(*scripts);
}

RevisionPath MigrationController::pathTo(const QString &revision) const
{
    if (!m_scripts) {
        const RevisionError why = RevisionError::command(
            m_scriptsProblem.isEmpty() ? tr("Open a migrations project (alembic.ini) first.") : m_scriptsProblem);
        return RevisionPath{revision, revFail(why), revFail(why)};
    }
    return RevisionPath::to(m_scripts->planner(), revision, m_currentHeads);
}

void MigrationController::readFacts(const QStringList &revisions)
{
    if (!m_scripts) {
        m_factsLoader->cancel();
        return;
    }
    QList<RevisionFactsLoader::Script> scripts;
    scripts.reserve(revisions.size());
    for (const QString &revision : revisions) {
        const QString path = m_scripts->pathOf(revision);
        if (!path.isEmpty())
            scripts << RevisionFactsLoader::Script{revision, path};
    }
    // The project's reading of scripts: its application modules too.
    ScriptParser::Options options = m_scripts ? m_scripts->parserOptions() : ScriptParser::Options();
    options.headerOnly = false;
    if (!m_userModulePrefix.isEmpty())
        options.userModulePrefix = m_userModulePrefix;
    const bool sqlite = m_connection && m_connection->isSqlite();
    m_factsLoader->start(scripts, options, sqlite ? databasePath() : QString(), sqlite);
}

Result<QString> MigrationController::mergeHeads(const QStringList &revisions, const QString &message,
                                                const QString &revisionId, const QDateTime &now)
{
    if (const QString reason = unavailableReason(Action::MergeHeads); !reason.isEmpty())
        return fail(reason);
    if (revisions.size() < 2)
        return fail(tr("Choose two or more heads to merge."));
    Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    NewRevision request = mergeRequest(revisions, message.isEmpty() ? std::nullopt : std::optional<QString>(message),
                                       {}, revisionId);
    request.now = now;
    const Result<WrittenRevision> written = writeRevision(project->config, *project->scripts, request);
    if (!written)
        return fail(written.error());
    Q_EMIT logLine(u"Generating %1 ...  done"_s.arg(written->path));
    refresh();
    return written->revision;
}

QString MigrationController::scriptText(const QString &revision) const
{
    for (const RevisionRow &row : m_revisions) {
        if (row.revision != revision)
            continue;
        QFile file(row.path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QString::fromUtf8(file.readAll());
    }
    return {};
}

bool MigrationController::isAvailable(Action action) const
{
    return unavailableReason(action).isEmpty();
}

QString MigrationController::unavailableReason(Action action) const
{
    if (!m_connection)
        return tr("Open a database first.");
    if (m_busy)
        return tr("Wait until the running job has finished.");
    switch (action) {
    case Action::Snapshot:
    case Action::RestoreSnapshot:
        if (databasePath().isEmpty())
            return tr("Snapshots are kept for SQLite database files only.");
        if (action == Action::RestoreSnapshot && snapshots().isEmpty())
            return tr("There are no snapshots of this database yet.");
        return {};
    case Action::Upgrade:
    case Action::Downgrade:
    case Action::Stamp:
    case Action::MergeHeads:
        if (m_iniPath.isEmpty())
            return tr("Open a migrations project (alembic.ini) first.");
        if (!m_scriptsProblem.isEmpty())
            return tr("The migration scripts cannot be read: %1").arg(m_scriptsProblem);
        if (m_draft)
            return tr("Save or discard the autogenerated revision first.");
        if (action == Action::Downgrade && m_currentHeads.isEmpty())
            return tr("The database is at base: there is nothing to downgrade.");
        if (action == Action::MergeHeads && m_scriptHeads.size() < 2)
            return tr("The scripts have one head: there is nothing to merge.");
        return {};
    case Action::ShowSql:
        if (m_iniPath.isEmpty())
            return tr("Open a migrations project (alembic.ini) first.");
        if (!m_scriptsProblem.isEmpty())
            return tr("The migration scripts cannot be read: %1").arg(m_scriptsProblem);
        return {};
    case Action::Autogenerate:
    case Action::SaveRevision: {
        if (m_iniPath.isEmpty())
            return tr("Open a migrations project (alembic.ini) first.");
        if (!m_scriptsProblem.isEmpty())
            return tr("The migration scripts cannot be read: %1").arg(m_scriptsProblem);
        if (action == Action::SaveRevision)
            return m_draft ? QString() : tr("Autogenerate a revision first.");
        // As Alembic: a new revision goes on the heads the database is at.
        if (!isAtHeads(m_currentHeads, m_scriptHeads))
            return tr("The database is not up to date: upgrade it to the head revision(s) first.");
        return {};
    }
    case Action::Count:
        break;
    }
    return tr("Not available.");
}

void MigrationController::start(const QString &title, bool changesDatabase, bool closeFirst, MigrationWorker::Job job,
                                std::function<void()> onSuccess)
{
    if (m_busy)
        return;
    m_busy = true;
    m_onSuccess = std::move(onSuccess);
    m_reopenAfterJob = changesDatabase;
    if (changesDatabase) {
        // Everything on this database lets go before the job touches it
        // (the badges' row counts too; they are read again after).
        m_factsLoader->cancel();
        Q_EMIT aboutToMigrate();
    }
    if (closeFirst)
        close();
    Q_EMIT jobStarted(title);
    m_worker->resetCancel();
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, job = std::move(job)] { worker->run(job); },
                              Qt::QueuedConnection);
}

void MigrationController::cancel()
{
    m_worker->requestCancel();
}

void MigrationController::upgrade(const QString &target)
{
    migrate(Action::Upgrade, target.isEmpty() ? u"heads"_s : target);
}

void MigrationController::downgrade(const QString &target)
{
    migrate(Action::Downgrade, target.isEmpty() ? u"-1"_s : target);
}

void MigrationController::stamp(const QString &target)
{
    migrate(Action::Stamp, target);
}

QString MigrationController::newSnapshotPath(const QString &suffix) const
{
    const QString source = databasePath();
    const QString revision = m_currentHeads.isEmpty() ? u"base"_s : m_currentHeads.join(u'+');
    return QDir(snapshotDirectory())
        .filePath(QFileInfo(source).completeBaseName() + u'-'
                  + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss-zzz"_s) + u'-' + revision
                  + (suffix.isEmpty() ? QString() : u'-' + suffix) + u".sqlite"_s);
}

void MigrationController::migrate(Action action, const QString &target)
{
    const QString reason = unavailableReason(action);
    if (!reason.isEmpty() || target.isEmpty()) {
        Q_EMIT jobFinished(false, reason.isEmpty() ? tr("Choose a revision first.") : reason);
        return;
    }
    const QString database = m_database;
    const QString file = databasePath();
    const QString ini = m_iniPath;
    const QString snapshot = file.isEmpty() ? QString() : newSnapshotPath(action == Action::Upgrade     ? u"before-upgrade"_s
                                             : action == Action::Downgrade ? u"before-downgrade"_s
                                                                           : u"before-stamp"_s);
    const QString title = action == Action::Upgrade     ? tr("Upgrading to %1").arg(target)
                        : action == Action::Downgrade ? tr("Downgrading to %1").arg(target)
                                                      : tr("Stamping %1").arg(target);
    start(title, true, false, [=](MigrationWorker::Context &context) -> Status {
        if (!snapshot.isEmpty()) {
            context.progress(0, 0, tr("Keeping a snapshot of the database…"));
            if (Status kept = writeSnapshot(file, snapshot); !kept)
                return kept;
            context.log(tr("INFO  [petmanager] Snapshot saved: %1").arg(snapshot));
        } else {
            context.log(tr("INFO  [petmanager] No snapshot: snapshots are kept for SQLite files only; "
                           "the run is still all-or-nothing."));
        }
        if (context.isCancelled())
            return fail(tr("Cancelled before anything ran; the database is unchanged."));

        // Everything below lives in this thread, with its own connection.
        Result<Project> project = loadProject(ini);
        if (!project)
            return fail(project.error());
        const Environment &env = project->env;
        const ScriptDirectory &scripts = *project->scripts;
        Result<DatabaseConnection> connection = openForJob(database);
        if (!connection)
            return fail(connection.error());

        const std::unique_ptr<Dialect> dialect = makeDialect(connection->backend());
        MigrationRunner::Options options;
        options.transactionPerMigration = env.transactionPerMigration;
        options.log = [&context](const QString &line) { context.log(line); };
        options.progress = [&context](int done, int total, const QString &what) {
            context.progress(done, total, what);
        };
        options.cancelled = [&context] { return context.isCancelled(); };
        MigrationRunner runner(scripts, *dialect, VersionTable(env.versionTable, env.versionTableSchema), options);
        const RevisionPlanner &planner = scripts.planner();
        const Status ran = runner.run(*connection, [&](const QStringList &heads) -> Result<QList<MigrationStep>> {
            RevResult<QList<MigrationStep>> steps = action == Action::Upgrade
                ? planner.upgradeRevs(target, RevisionSpec::tuple(heads))
                : action == Action::Downgrade ? planner.downgradeRevs(target, RevisionSpec::tuple(heads))
                                              : planner.stampRevs({target}, heads);
            if (!steps)
                return std::unexpected(steps.error().toError());
            return *steps;
        });
        if (!ran) {
            if (context.isCancelled())
                return fail(tr("Cancelled: everything was rolled back; the database is as it was."));
            return fail(tr("%1\nEverything was rolled back: the database is as it was.").arg(ran.error().toString()));
        }
        if (runner.stepsRun() == 0)
            context.log(tr("INFO  [petmanager] Nothing to do: the database is already there."));
        return {};
    });
}

void MigrationController::autogenerate(const QString &message)
{
    if (const QString reason = unavailableReason(Action::Autogenerate); !reason.isEmpty()) {
        Q_EMIT jobFinished(false, reason);
        return;
    }
    struct Outcome
    {
        RevisionDraft draft;
        MigrationBodies bodies;
        std::optional<MigrationDraft> review;
    };
    auto outcome = std::make_shared<Outcome>();
    const QString database = m_database;
    const QString ini = m_iniPath;
    start(tr("Autogenerating a revision"), false, false,
          [=](MigrationWorker::Context &context) -> Status {
              context.progress(0, 3, tr("Reading the models…"));
              Result<Project> project = loadProject(ini);
              if (!project)
                  return fail(project.error());
              const Result<MetaData> target = loadTargetMetadata(project->config, project->env, {});
              if (!target)
                  return fail(target.error());
              Result<DatabaseConnection> connection = openForJob(database);
              if (!connection)
                  return fail(connection.error());
              // Checked again here: the database may have moved since the window looked.
              const Result<QStringList> current =
                  VersionTable(project->env.versionTable, project->env.versionTableSchema).heads(connection->database());
              if (!isAtHeads(current ? *current : QStringList(), project->scripts->map().heads()))
                  return fail(tr("Target database is not up to date."));
              if (context.isCancelled())
                  return fail(tr("Cancelled."));

              context.progress(1, 3, tr("Comparing the models with the database…"));
              Result<AutogenerateResult> result = pm::autogenerate(*connection, *target, project->env);
              if (!result)
                  return fail(result.error());
              for (const QString &line : std::as_const(result->detected))
                  context.log(u"INFO  [alembic.autogenerate.compare] "_s + line);

              context.progress(2, 3, tr("Rendering the script…"));
              NewRevision request;
              request.message = message.isEmpty() ? std::nullopt : std::optional<QString>(message);
              request.bodies = result->bodies;
              const Result<RenderedRevision> rendered = renderRevision(project->config, *project->scripts, request);
              if (!rendered)
                  return fail(rendered.error());
              outcome->draft = RevisionDraft{rendered->revision, message, rendered->path, rendered->text,
                                             result->detected, rendered->now};
              outcome->bodies = result->bodies;
              outcome->review = result->draft;
              if (result->detected.isEmpty())
                  context.log(tr("INFO  [petmanager] No changes detected: the models match the database."));
              context.progress(3, 3, tr("Done"));
              return {};
          },
          [this, outcome] {
              m_draft = outcome->draft;
              m_draftBodies = outcome->bodies;
              m_review = outcome->review;
              m_acceptedRenames.clear();
              Q_EMIT draftReady();
              Q_EMIT stateChanged();
          });
}

Result<RevisionDraft> MigrationController::renameDraft(const QString &message)
{
    if (!m_draft)
        return fail(tr("Autogenerate a revision first."));
    Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    NewRevision request;
    request.message = message.isEmpty() ? std::nullopt : std::optional<QString>(message);
    request.bodies = m_draftBodies;
    request.revisionId = m_draft->revision;
    request.now = m_draft->createdAt;
    const Result<RenderedRevision> rendered = renderRevision(project->config, *project->scripts, request);
    if (!rendered)
        return fail(rendered.error());
    m_draft->message = message;
    m_draft->path = rendered->path;
    m_draft->text = rendered->text;
    return *m_draft;
}

Result<QString> MigrationController::saveDraft(const QString &message, const QString &text)
{
    if (!m_draft)
        return fail(tr("Autogenerate a revision first."));
    const QString edited = text;
    const QString original = m_draft->text;
    const Result<RevisionDraft> renamed = renameDraft(message);
    if (!renamed)
        return fail(renamed.error());
    // Unedited, the file is exactly what petmigrate writes for this message;
    // edited, it is the user's text under the name the message gives.
    const QString final = edited == original ? renamed->text : edited;
    if (const Result<MigrationScript> parsed = parseScript(final, renamed->path); !parsed)
        return fail(parsed.error());
    Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    if (Status saved = saveRevision(project->config,
                                    RenderedRevision{renamed->revision, renamed->path, final, renamed->createdAt});
        !saved)
        return fail(saved.error());
    const QString path = renamed->path;
    discardDraft();
    Q_EMIT logLine(u"Generating %1 ...  done"_s.arg(path));
    refresh();
    return path;
}

void MigrationController::discardDraft()
{
    if (!m_draft)
        return;
    m_draft.reset();
    m_draftBodies = {};
    m_review.reset();
    m_acceptedRenames.clear();
    Q_EMIT stateChanged();
}

Status MigrationController::leaveOutOfDraft(const OperationPath &path, bool leaveOut)
{
    if (!m_draft || !m_review)
        return fail(tr("Autogenerate a revision first."));
    MigrationDraft reviewed = *m_review;
    if (Status changed = leaveOut ? reviewed.leaveOut(path) : reviewed.takeBack(path); !changed)
        return changed;
    if (Status revised = reviseDraft(std::move(reviewed)); !revised)
        return revised;
    Q_EMIT draftReady();
    return {};
}

Status MigrationController::renameInDraft(const RenameProposal &proposal, bool accept)
{
    if (!m_draft || !m_review)
        return fail(tr("Autogenerate a revision first."));
    MigrationDraft reviewed = *m_review;
    if (Status changed = accept ? reviewed.acceptRename(proposal) : reviewed.undoRename(proposal); !changed)
        return changed;
    if (Status revised = reviseDraft(std::move(reviewed)); !revised)
        return revised;
    if (accept) {
        m_acceptedRenames << proposal;
    } else {
        m_acceptedRenames.removeIf([&](const RenameProposal &p) {
            return p.kind == proposal.kind && p.from() == proposal.from() && p.to() == proposal.to();
        });
    }
    Q_EMIT draftReady();
    return {};
}

Status MigrationController::reviseDraft(MigrationDraft reviewed)
{
    Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    NewRevision request;
    request.message = m_draft->message.isEmpty() ? std::nullopt : std::optional<QString>(m_draft->message);
    request.bodies = reviewed.bodies();
    request.revisionId = m_draft->revision;
    request.now = m_draft->createdAt;
    const Result<RenderedRevision> rendered = renderRevision(project->config, *project->scripts, request);
    if (!rendered)
        return fail(rendered.error());
    m_draft->path = rendered->path;
    m_draft->text = rendered->text;
    m_draft->detected = reviewed.detected();
    m_draftBodies = *request.bodies;
    m_review = std::move(reviewed);
    return {};
}

Status MigrationController::saveScript(const QString &revision, const QString &text)
{
    QString path;
    for (const RevisionRow &row : std::as_const(m_revisions)) {
        if (row.revision == revision)
            path = row.path;
    }
    if (path.isEmpty())
        return fail(tr("There is no script for revision %1.").arg(revision));
    if (const Result<MigrationScript> parsed = parseScript(text, path); !parsed)
        return fail(parsed.error());
    const Result<AlembicConfig> config = AlembicConfig::load(m_iniPath);
    if (!config)
        return fail(config.error());
    if (Status written = MakoTemplate::writeText(text, path, config->outputEncoding()); !written)
        return written;
    Q_EMIT logLine(tr("INFO  [petmanager] Saved %1").arg(path));
    refresh();
    return {};
}

Result<MigrationScript> MigrationController::parseScript(const QString &text, const QString &path) const
{
    ScriptParser::Options options = m_scripts ? m_scripts->parserOptions() : ScriptParser::Options();
    options.headerOnly = false;
    if (!m_userModulePrefix.isEmpty())
        options.userModulePrefix = m_userModulePrefix;
    auto parsed = ScriptParser(options).parse(text, path);
    if (!parsed)
        return parsed;
    // A body that cannot be read is the script's error in the editor, at its
    // line; one that reads the database is read when its revision runs.
    for (const bool up : {true, false}) {
        if (auto body = parsed->body(up); !body && !parsed->usesConnection(up))
            return std::unexpected(body.error());
    }
    return parsed;
}

Result<PlanReport> MigrationController::planScript(const MigrationScript &script) const
{
    if (!m_connection)
        return fail(tr("Open a database first."));
    const std::unique_ptr<Dialect> dialect = makeDialect(m_connection->backend());
    return buildScriptReport(*m_connection, *dialect, m_versionTable, script);
}

QString MigrationController::snapshotDirectory() const
{
    const QString path = databasePath();
    if (path.isEmpty())
        return {};
    const QFileInfo info(path);
    return info.absoluteDir().filePath(info.completeBaseName() + u".snapshots"_s);
}

QStringList MigrationController::snapshots() const
{
    const QString dir = snapshotDirectory();
    if (dir.isEmpty())
        return {};
    QStringList result;
    const QDir snapshots(dir);
    const auto entries = snapshots.entryInfoList({u"*.sqlite"_s}, QDir::Files, QDir::Name | QDir::Reversed);
    for (const QFileInfo &entry : entries)
        result << entry.absoluteFilePath();
    return result;
}

Result<PlanReport> MigrationController::planSteps(
    const std::function<RevResult<QList<MigrationStep>>(const RevisionPlanner &, const QStringList &)> &steps) const
{
    if (!m_connection)
        return fail(tr("Open a database first."));
    const std::unique_ptr<Dialect> dialect = makeDialect(m_connection->backend());
    // The scripts the history shows, as the last refresh read them: reading
    // every header again for each revision selected made a large project's
    // history crawl (10,000 scripts: half a second a click).
    if (m_scripts) {
        const RevResult<QList<MigrationStep>> planned = steps(m_scripts->planner(), m_currentHeads);
        if (!planned)
            return fail(planned.error().toError());
        return planForConfirmation(*m_connection, *m_scripts, *dialect, m_versionTable, *planned);
    }
    const Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    const RevResult<QList<MigrationStep>> planned = steps(project->scripts->planner(), m_currentHeads);
    if (!planned)
        return fail(planned.error().toError());
    return planForConfirmation(*m_connection, *project->scripts, *dialect, project->env.versionTable, *planned);
}

Result<PlanReport> MigrationController::plan(Action action, const QString &target) const
{
    const QString reason = unavailableReason(action);
    if (!reason.isEmpty())
        return fail(reason);
    return planSteps([&](const RevisionPlanner &planner, const QStringList &heads) {
        if (action == Action::Upgrade)
            return planner.upgradeRevs(target, RevisionSpec::tuple(heads));
        if (action == Action::Downgrade)
            return planner.downgradeRevs(target, RevisionSpec::tuple(heads));
        return planner.stampRevs({target}, heads);
    });
}

Result<PlanReport> MigrationController::planRevision(const QString &revision) const
{
    if (m_planReuse == 0)
        return planRevisionNow(revision);
    if (!m_reusedPlan || m_reusedPlan->first != revision)
        m_reusedPlan.emplace(revision, planRevisionNow(revision));
    return m_reusedPlan->second;
}

Result<PlanReport> MigrationController::planRevisionNow(const QString &revision) const
{
    if (m_iniPath.isEmpty() || !m_connection)
        return fail(tr("Open a database and its migrations project first."));
    std::optional<Project> loaded;
    const ScriptDirectory *scripts = m_scripts.get();
    QString versionTable = m_versionTable;
    if (!scripts) {
        Result<Project> project = loadProject(m_iniPath);
        if (!project)
            return fail(project.error());
        loaded.emplace(std::move(*project));
        scripts = loaded->scripts.get();
        versionTable = loaded->env.versionTable;
    }
    const std::unique_ptr<Dialect> dialect = makeDialect(m_connection->backend());
    const RevisionPlanner &planner = scripts->planner();
    QStringList parents;
    QString path;
    for (const RevisionRow &row : m_revisions) {
        if (row.revision == revision) {
            parents = row.downRevisions + row.dependsOn;
            path = row.path;
        }
    }

    // Pending: planned as the run that would take it, from the database as
    // it is, so that pending revisions before it shape the schema it meets
    // and its impact is measured on the rows there now; its own step shown.
    QString notMeasured = tr("Already applied to this database: the SQL is what it ran, from the schema its "
                             "parents left. Its impact is not measured: the rows it changed are no longer there "
                             "to count.");
    const RevResult<QList<MigrationStep>> run = planner.upgradeRevs(revision, RevisionSpec::tuple(m_currentHeads));
    if (run && !run->isEmpty()) {
        Result<PlanReport> report = buildPlanReport(*m_connection, *scripts, *dialect, versionTable, *run);
        if (report) {
            report->steps.removeIf([&](const PlanReport::Step &step) { return step.revision != revision; });
            return report;
        }
        // A pending revision before it cannot be planned without running
        // it (its body reads the database): shown as --sql would show it.
        if (run->size() == 1 || report.error().file == path)
            return report;
        notMeasured = tr("Not measured: a pending revision before it can only be planned as it runs (%1). "
                         "The SQL is planned from the schema the scripts before it make.")
                          .arg(report.error().toString());
    }

    // Applied: the live schema already has its changes, so its SQL comes
    // from the schema its parents leave, simulated from the scripts. From
    // everything it needs, dependencies too: from its down revisions alone
    // the plan would also run what it depends on, from the base.
    const Result<QList<MigrationStep>> before = stepsBefore(*scripts, revision);
    if (!before)
        return fail(before.error());
    const PartialSchema start = schemaAfterReadable(*scripts, *before, *dialect);
    const RevResult<QList<MigrationStep>> steps = planner.upgradeRevs(revision, RevisionSpec::tuple(parents));
    if (!steps)
        return fail(steps.error().toError());
    Result<PlanReport> report = buildPlanReport(start.schema, *scripts, *dialect, *steps, notMeasured);
    if (!report) {
        // Already run, a body that read rows cannot be run again to show
        // what it did: that is no fault of its script.
        const auto script = scripts->script(revision);
        if (script && (*script)->usesConnection(true) && report.error().file == path) {
            PlanReport ran = PlanReport::listing({steps->last()});
            ran.notMeasured = tr("Already applied to this database. Its body read rows to decide what it did, so "
                                 "its SQL was known only when it ran and cannot be shown now (%1).")
                                  .arg(report.error().toString());
            return ran;
        }
        return std::unexpected(withSchemaGap(report.error(), start.gap));
    }
    return report;
}

void MigrationController::takeSnapshot()
{
    if (!isAvailable(Action::Snapshot)) {
        Q_EMIT jobFinished(false, unavailableReason(Action::Snapshot));
        return;
    }
    const QString source = databasePath();
    const QString target = newSnapshotPath({});
    start(tr("Taking a snapshot"), false, false, [source, target](MigrationWorker::Context &context) -> Status {
        context.progress(0, 1, tr("Copying %1…").arg(QFileInfo(source).fileName()));
        // VACUUM INTO writes a consistent copy even while others read.
        if (Status kept = writeSnapshot(source, target); !kept)
            return kept;
        context.log(tr("INFO  [petmanager] Snapshot saved: %1").arg(target));
        context.progress(1, 1, tr("Done"));
        return {};
    });
}

void MigrationController::restoreSnapshot(const QString &snapshotPath)
{
    if (!isAvailable(Action::RestoreSnapshot)) {
        Q_EMIT jobFinished(false, unavailableReason(Action::RestoreSnapshot));
        return;
    }
    const QString target = databasePath();
    const QString keep = newSnapshotPath(u"before-restore"_s);
    // The window's own connection goes too: the file is replaced under it.
    start(tr("Restoring a snapshot"), true, true, [target, keep, snapshotPath](MigrationWorker::Context &context) -> Status {
        context.progress(0, 2, tr("Keeping the current state…"));
        if (Status kept = writeSnapshot(target, keep); !kept)
            return kept;
        if (context.isCancelled())
            return fail(tr("Cancelled; the database is unchanged."));
        context.progress(1, 2, tr("Putting the snapshot back…"));
        const QString temporary = target + u".restoring"_s;
        QFile::remove(temporary);
        if (!QFile::copy(snapshotPath, temporary))
            return fail(tr("Cannot copy %1.").arg(snapshotPath));
        std::error_code error;
        // rename() replaces the file in one step: never half a database.
        std::filesystem::rename(temporary.toStdString(), target.toStdString(), error);
        if (error) {
            QFile::remove(temporary);
            return fail(tr("Cannot replace %1: %2").arg(target, QString::fromStdString(error.message())));
        }
        context.log(tr("INFO  [petmanager] Restored %1 (the previous state is kept as %2)").arg(snapshotPath, keep));
        context.progress(2, 2, tr("Done"));
        return {};
    });
}

Result<SchemaDiagram> MigrationController::schemaDiagram() const
{
    if (!m_connection)
        return fail(tr("Open a database first."));
    const Result<MetaData> live = reflectDatabase(m_connection->database(), {m_versionTable});
    if (!live)
        return fail(live.error());
    return SchemaDiagram::ofSchema(*live);
}

Result<DriftReport> MigrationController::drift() const
{
    if (!m_connection)
        return fail(tr("Open a database first."));
    const Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    return detectDrift(*m_connection, *project->scripts, project->env);
}

Result<SchemaChange> MigrationController::scriptChange(const MigrationScript &script) const
{
    if (!m_connection)
        return fail(tr("Open a database first."));
    const Result<MetaData> live = reflectDatabase(m_connection->database(), {m_versionTable});
    if (!live)
        return fail(live.error());
    const std::unique_ptr<Dialect> dialect = makeDialect(m_connection->backend());
    const Result<const OperationList *> upgrade = script.body(true);
    if (!upgrade)
        return fail(upgrade.error());
    ChangeStep step{tr("upgrade to %1").arg(script.revision), script.revision, **upgrade};
    Result<SchemaChange> change = computeSchemaChange(*live, {step}, *dialect);
    if (!change)
        return change;
    if (const Result<PlanReport> report = buildScriptReport(*m_connection, *dialect, m_versionTable, script))
        pinImpacts(*change, *report);
    return change;
}

Result<SchemaChange> MigrationController::revisionChange(const QString &revision) const
{
    if (!m_connection || m_iniPath.isEmpty())
        return fail(tr("Open a database and its migrations project first."));
    const Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    const std::unique_ptr<Dialect> dialect = makeDialect(m_connection->backend());
    Result<SchemaChange> change = pm::revisionChange(*project->scripts, revision, *dialect);
    if (!change)
        return change;
    // Measured on the database as it is, as the Impact tab does.
    if (const Result<PlanReport> report = planRevision(revision))
        pinImpacts(*change, *report);
    return change;
}

Result<SchemaChange> MigrationController::runChange(const QString &target) const
{
    if (const QString reason = unavailableReason(Action::ShowSql); !reason.isEmpty())
        return fail(reason);
    const Result<Project> project = loadProject(m_iniPath);
    if (!project)
        return fail(project.error());
    const RevisionPlanner &planner = project->scripts->planner();
    // Up to a revision ahead, down to one behind: as the history's Upgrade
    // to Here / Downgrade to Here would run it.
    RevResult<QList<MigrationStep>> steps = planner.upgradeRevs(target, RevisionSpec::tuple(m_currentHeads));
    if (!steps || steps->isEmpty()) {
        // Nothing up to it: it is behind (or on another branch).
        RevResult<QList<MigrationStep>> down = planner.downgradeRevs(target, RevisionSpec::tuple(m_currentHeads));
        if (down && !down->isEmpty())
            steps = std::move(down);
        else if (!steps)
            return fail(steps.error().toError());
    }
    const Result<MetaData> live = reflectDatabase(m_connection->database(), {m_versionTable});
    if (!live)
        return fail(live.error());
    const std::unique_ptr<Dialect> dialect = makeDialect(m_connection->backend());
    Result<SchemaChange> change = pm::runChange(*project->scripts, *steps, *live, *dialect);
    if (!change)
        return change;
    if (const Result<PlanReport> report =
            buildPlanReport(*m_connection, *project->scripts, *dialect, project->env.versionTable, *steps))
        pinImpacts(*change, *report);
    return change;
}

} // namespace pm
