#include "ui/migrationcontroller.h"

#include <filesystem>

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>

#include "config/alembicconfig.h"
#include "config/databaseurl.h"
#include "revision/revisionmap.h"
#include "runtime/databaseconnection.h"
#include "runtime/versiontable.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// Interim header reader: the module docstring and the four identifiers of a
// migration script, enough for the history tree. Replaced by core/script's
// ScriptParser (header-only mode) as soon as it is built, which refuses
// what it does not understand instead of guessing.
std::optional<RevisionInput> readScriptHeader(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QString source = QString::fromUtf8(file.readAll());
    static const QRegularExpression doc(uR"(^\s*(?:"""|''')(.*?)(?:"""|'''))"_s,
                                        QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression assignment(uR"(^(revision|down_revision|branch_labels|depends_on)\s*(?::[^=]*)?=\s*(.*)$)"_s,
                                               QRegularExpression::MultilineOption);
    static const QRegularExpression quoted(uR"(['"]([^'"]*)['"])"_s);
    RevisionInput input;
    input.path = path;
    const auto docMatch = doc.match(source);
    if (docMatch.hasMatch())
        input.docstring = docMatch.captured(1);
    auto it = assignment.globalMatch(source);
    while (it.hasNext()) {
        const auto match = it.next();
        QStringList values;
        auto q = quoted.globalMatch(match.captured(2));
        while (q.hasNext())
            values << q.next().captured(1);
        const QString key = match.captured(1);
        if (key == u"revision"_s && !values.isEmpty())
            input.revision = values.first();
        else if (key == u"down_revision"_s)
            input.downRevisions = values;
        else if (key == u"branch_labels"_s)
            input.branchLabels = values;
        else if (key == u"depends_on"_s)
            input.dependsOn = values;
    }
    if (input.revision.isEmpty())
        return std::nullopt;
    return input;
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
    , m_thread(new QThread(this))
    , m_worker(new MigrationWorker)
{
    m_thread->setObjectName(u"migration worker"_s);
    m_worker->moveToThread(m_thread);
    connect(m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &MigrationWorker::progress, this, &MigrationController::progress);
    connect(m_worker, &MigrationWorker::logLine, this, &MigrationController::logLine);
    connect(m_worker, &MigrationWorker::finished, this, [this](bool ok, const QString &message) {
        m_busy = false;
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
    m_versioned = false;
    m_currentHeads.clear();
    if (m_connection) {
        const VersionTable table;
        const QSqlDatabase db = m_connection->database();
        const Result<bool> exists = table.exists(db);
        m_versioned = exists && *exists;
        if (m_versioned) {
            const Result<QStringList> heads = table.heads(db);
            if (heads)
                m_currentHeads = *heads;
        }
    }
    loadScripts();
    Q_EMIT stateChanged();
}

void MigrationController::loadScripts()
{
    m_revisions.clear();
    m_scriptHeads.clear();
    m_scriptsProblem.clear();
    if (m_iniPath.isEmpty())
        return;
    const Result<AlembicConfig> config = AlembicConfig::load(m_iniPath);
    if (!config) {
        m_scriptsProblem = config.error().toString();
        return;
    }
    const Result<QStringList> locations = config->versionLocations();
    if (!locations) {
        m_scriptsProblem = locations.error().toString();
        return;
    }
    QList<RevisionInput> inputs;
    for (const QString &location : *locations) {
        const QDir dir(location);
        const QStringList files = dir.entryList({u"*.py"_s}, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            if (auto input = readScriptHeader(dir.filePath(file)))
                inputs << *input;
        }
    }
    const RevResult<RevisionMap> map = RevisionMap::build(inputs);
    if (!map) {
        m_scriptsProblem = map.error().message;
        return;
    }
    for (const Revision &revision : map->revisions()) {
        RevisionRow row;
        row.revision = revision.revision();
        row.downRevisions = revision.downRevisions();
        row.branchLabels = revision.originalBranchLabels();
        row.message = revision.doc().section(u'\n', 0, 0);
        row.date = createDateOf(revision.longdoc());
        row.path = revision.path();
        m_revisions << row;
    }
    m_scriptHeads = map->heads();
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
    case Action::ShowSql:
        if (m_iniPath.isEmpty())
            return tr("Open a migrations project (alembic.ini) first.");
        // core/runtime's executor and commands are not in this build yet.
        return tr("Not available yet: this build has no migration executor.");
    case Action::Autogenerate:
    case Action::SaveRevision:
        if (m_iniPath.isEmpty())
            return tr("Open a migrations project (alembic.ini) first.");
        return tr("Not available yet: this build cannot compare models with the database.");
    case Action::Count:
        break;
    }
    return tr("Not available.");
}

void MigrationController::start(const QString &title, bool changesDatabase, bool closeFirst, MigrationWorker::Job job)
{
    if (m_busy)
        return;
    m_busy = true;
    m_reopenAfterJob = changesDatabase;
    if (changesDatabase) {
        // Everything on this database lets go before the job touches it.
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
    Q_UNUSED(target);
    Q_EMIT jobFinished(false, unavailableReason(Action::Upgrade));
}

void MigrationController::downgrade(const QString &target)
{
    Q_UNUSED(target);
    Q_EMIT jobFinished(false, unavailableReason(Action::Downgrade));
}

void MigrationController::stamp(const QString &target)
{
    Q_UNUSED(target);
    Q_EMIT jobFinished(false, unavailableReason(Action::Stamp));
}

void MigrationController::showSql(const QString &revision)
{
    Q_UNUSED(revision);
    Q_EMIT jobFinished(false, unavailableReason(Action::ShowSql));
}

void MigrationController::autogenerate(const QString &message)
{
    Q_UNUSED(message);
    Q_EMIT jobFinished(false, unavailableReason(Action::Autogenerate));
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

void MigrationController::takeSnapshot()
{
    if (!isAvailable(Action::Snapshot)) {
        Q_EMIT jobFinished(false, unavailableReason(Action::Snapshot));
        return;
    }
    const QString source = databasePath();
    const QString dir = snapshotDirectory();
    const QString revision = m_currentHeads.isEmpty() ? u"base"_s : m_currentHeads.join(u'+');
    const QString target = QDir(dir).filePath(QFileInfo(source).completeBaseName() + u'-'
                                              + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss-zzz"_s)
                                              + u'-' + revision + u".sqlite"_s);
    start(tr("Taking a snapshot"), false, false, [source, dir, target](MigrationWorker::Context &context) -> Status {
        context.progress(0, 1, tr("Copying %1…").arg(QFileInfo(source).fileName()));
        if (!QDir().mkpath(dir))
            return fail(tr("Cannot create the folder %1.").arg(dir));
        Result<DatabaseConnection> connection =
            DatabaseConnection::openSqliteFile(source, DatabaseConnection::OpenMode::MustExist);
        if (!connection)
            return fail(connection.error());
        QSqlQuery query(connection->database());
        // VACUUM INTO writes a consistent copy even while others read.
        if (!query.prepare(u"VACUUM INTO ?"_s))
            return fail(describeSqlError(tr("Taking a snapshot"), query.lastError()));
        query.addBindValue(target);
        if (!query.exec())
            return fail(describeSqlError(tr("Taking a snapshot"), query.lastError()));
        query.finish();
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
    const QString keep = QDir(snapshotDirectory())
                             .filePath(QFileInfo(target).completeBaseName() + u'-'
                                       + QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmmss-zzz"_s)
                                       + u"-before-restore.sqlite"_s);
    // The window's own connection goes too: the file is replaced under it.
    start(tr("Restoring a snapshot"), true, true, [target, keep, snapshotPath](MigrationWorker::Context &context) -> Status {
        context.progress(0, 2, tr("Keeping the current state…"));
        {
            Result<DatabaseConnection> connection =
                DatabaseConnection::openSqliteFile(target, DatabaseConnection::OpenMode::MustExist);
            if (!connection)
                return fail(connection.error());
            QSqlQuery query(connection->database());
            if (!query.prepare(u"VACUUM INTO ?"_s))
                return fail(describeSqlError(tr("Keeping the current state"), query.lastError()));
            query.addBindValue(keep);
            if (!query.exec())
                return fail(describeSqlError(tr("Keeping the current state"), query.lastError()));
        }
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

} // namespace pm
