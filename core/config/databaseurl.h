#pragma once

#include <optional>
#include <utility>

#include <QList>
#include <QString>

#include "base/result.h"

namespace pm {

// A database URL as SQLAlchemy 1.4's make_url() reads `sqlalchemy.url`:
// dialect[+driver]://user:password@host:port/database?key=value. Only the
// backends this program can drive (sqlite, postgresql) are accepted, so a
// typo fails here rather than when the first migration runs.
class DatabaseUrl final
{
public:
    enum class Backend {
        Sqlite,
        PostgreSql,
    };
    using Query = QList<std::pair<QString, QString>>;

    static Result<DatabaseUrl> parse(const QString &url);

    Backend backend() const { return m_backend; }
    // "postgresql+psycopg2" as written; backendName() is the part before '+'.
    const QString &driverName() const { return m_driverName; }
    QString backendName() const;
    // The DBAPI after '+', empty when the URL names none.
    QString driver() const;

    const std::optional<QString> &userName() const { return m_userName; }
    const std::optional<QString> &password() const { return m_password; }
    const std::optional<QString> &host() const { return m_host; }
    const std::optional<int> &port() const { return m_port; }
    const std::optional<QString> &database() const { return m_database; }
    // Keys in first-seen order, a repeated key once per value, its values
    // together (SQLAlchemy's query dict of lists).
    const Query &query() const { return m_query; }
    QList<QString> queryValues(const QString &key) const;

    // SQLite's in-memory database: "sqlite://", "sqlite:///" or "sqlite:///:memory:".
    bool isMemory() const;
    // The SQLite file as pysqlite opens it: a relative path is taken relative
    // to `baseDir` (the current directory for Alembic). Empty for memory.
    QString sqliteFilePath(const QString &baseDir) const;
    QString sqliteFilePath() const;

    // The same URL with another password (none: libpq's PGPASSWORD/.pgpass),
    // for a password asked for rather than written in the URL.
    DatabaseUrl withPassword(std::optional<QString> password) const;

    // str(url): the URL with its password.
    QString toString() const;
    // repr(url): the password shown as "***", for logs and messages.
    QString toDisplayString() const;

private:
    QString render(bool hidePassword) const;

    Backend m_backend = Backend::Sqlite;
    QString m_driverName;
    std::optional<QString> m_userName;
    std::optional<QString> m_password;
    std::optional<QString> m_host;
    std::optional<int> m_port;
    std::optional<QString> m_database;
    Query m_query;
};

} // namespace pm
