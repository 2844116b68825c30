#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include "base/result.h"
#include "config/databaseurl.h"

namespace pm {

// One named QSqlDatabase connection, removed again when this goes away.
// Opening checks what Qt's drivers leave for later (a SQLite file that is not
// a database only fails on the first query), turns foreign keys on for
// SQLite (they are off per connection by default) and sets a busy timeout so
// two programs on one file wait for each other instead of failing at once.
class DatabaseConnection final
{
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    static Result<DatabaseConnection> open(const DatabaseUrl &url, OpenMode mode = OpenMode::CreateIfMissing,
                                           const QString &baseDir = {});
    static Result<DatabaseConnection> openSqliteFile(const QString &path, OpenMode mode = OpenMode::CreateIfMissing);

    DatabaseConnection(DatabaseConnection &&other) noexcept;
    DatabaseConnection &operator=(DatabaseConnection &&other) noexcept;
    DatabaseConnection(const DatabaseConnection &) = delete;
    DatabaseConnection &operator=(const DatabaseConnection &) = delete;
    ~DatabaseConnection();

    QSqlDatabase database() const;
    const QString &connectionName() const { return m_name; }
    DatabaseUrl::Backend backend() const { return m_backend; }
    bool isSqlite() const { return m_backend == DatabaseUrl::Backend::Sqlite; }
    // The file for SQLite (empty for memory), host/db for a server.
    const QString &displayName() const { return m_displayName; }
    const QString &sqliteFilePath() const { return m_filePath; }

    // Runs one statement that returns no rows.
    Status exec(const QString &sql) const;

    // Why a statement on this connection failed, in words a user can act
    // on: sqlFaultReason(), and for SQLite which of the file or its folder
    // is read-only.
    QString faultReason(const QSqlError &error) const;
    // "what: reason".
    QString describeError(const QString &what, const QSqlError &error) const;

    // How long a connection waits for another's lock before "busy".
    static constexpr int BusyTimeoutMs = 10000;

private:
    DatabaseConnection() = default;
    void close();

    QString m_name;
    QString m_displayName;
    QString m_filePath;
    DatabaseUrl::Backend m_backend = DatabaseUrl::Backend::Sqlite;
};

// Why a SQLite/PostgreSQL call failed, in words a user can act on: the
// database is busy, the disk is full, a disk I/O error, the connection to the
// server was lost; else the database's own text on one line.
QString sqlFaultReason(const QSqlError &error);
// Whether this process may write to `path` (a file or a folder) as its
// opens are checked: effective user and capabilities, read-only mounts.
bool writableByUs(const QString &path);

// "what: reason".
QString describeSqlError(const QString &what, const QSqlError &error);

} // namespace pm
