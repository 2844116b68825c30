#pragma once

// Fault injection for the faults suites (issue 14): run petmigrate as a
// user whose files can be read-only (root's permission override dropped),
// give a folder a small disk of its own (a tmpfs in this process's private
// mount namespace, gone when the process ends), and read a SQLite database
// with the sqlite3 shell, so the program under test never observes itself.
#include <functional>

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>

namespace faults {

struct Run
{
    int code = -1;      // exit code; -1 when it did not exit normally
    bool killed = false; // ended by a signal
    QString out;
    QString err;
    QString what;
    QString all() const { return out + err; }
    QString describe() const;
};

struct Restrictions
{
    // Drop root's CAP_DAC_OVERRIDE (and friends) in the child, so file
    // permissions apply to it as to any user.
    bool obeyFilePermissions = false;
};

QString petmigratePath();
QString sqlite3Path();

Run run(const QString &program, const QStringList &args, const QString &cwd, Restrictions restrictions = {},
        int timeoutMs = 180000);
Run petmigrate(const QStringList &args, const QString &cwd, Restrictions restrictions = {});
// Started, not waited for: the kill tests signal it in mid-run.
void startPetmigrate(QProcess &process, const QStringList &args, const QString &cwd);

// The sqlite3 shell on `database` (which, like any opener, rolls back a hot
// journal a killed writer left).
Run sqlite3(const QString &database, const QString &sql);
QString query(const QString &database, const QString &sql);
// Schema and rows, as .dump prints them: "exactly as before" is this.
QByteArray dump(const QString &database);
QString integrity(const QString &database);
QStringList tables(const QString &database);

// A petmigrate project in `dir` (alembic.ini, env.py, script.py.mako) with
// the given versions/ files, and its database URL set to `databaseUrl`.
bool makeProject(const QString &dir, const QString &databaseUrl, const QList<QPair<QString, QString>> &versions,
                 QString *error);
// The migration scripts the suites share: `pet` created (a1), then rebuilt
// by a batch block (b2: a NOT NULL column added, a type changed).
QString initialRevision();
QString rebuildRevision();
QString revisionScript(const QString &revision, const QString &downRevision, const QString &upgrade,
                       const QString &downgrade);
// `rows` pets in table pet, through the sqlite3 shell.
bool fillPets(const QString &database, int rows);

bool isRoot();
// Empty on success, else why not.
QString enterPrivateMountNamespace();
QString mountSmallDisk(const QString &dir, qint64 bytes);
QString resizeSmallDisk(const QString &dir, qint64 bytes);
void unmountSmallDisk(const QString &dir);

// In this process (for the window): drop root's permission override from
// the calling thread and every thread it starts afterwards; restored when
// this goes away. A no-op for another user, whom permissions bind anyway.
class FilePermissionsObeyed final
{
public:
    FilePermissionsObeyed();
    ~FilePermissionsObeyed();
    FilePermissionsObeyed(const FilePermissionsObeyed &) = delete;
    FilePermissionsObeyed &operator=(const FilePermissionsObeyed &) = delete;
    bool ok() const { return m_ok; }

private:
    bool m_dropped = false;
    bool m_ok = true;
};

// Waits (polling, bounded by `timeoutMs`) until `condition` holds or the
// process ends; true when the condition held.
bool waitUntil(const std::function<bool()> &condition, QProcess &process, int timeoutMs);

} // namespace faults
