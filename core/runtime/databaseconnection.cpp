#include "runtime/databaseconnection.h"

#include <algorithm>
#include <atomic>

#include <fcntl.h>
#include <unistd.h>

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString uniqueConnectionName()
{
    static std::atomic<int> counter{0};
    return u"pm-connection-%1"_s.arg(++counter);
}

} // namespace

QString sqlFaultReason(const QSqlError &error)
{
    const QString text = (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed();
    const QString native = error.nativeErrorCode();
    // SQLite's primary result codes (the QSQLITE driver reports those).
    // SQLITE_BUSY (5) / SQLITE_LOCKED (6): another connection holds the lock.
    if (native == u"5" || native == u"6" || text.contains(u"database is locked"))
        return u"the database is busy (locked by another program); try again when it has finished"_s;
    // SQLITE_FULL (13): the disk (or the file system's quota) is full.
    if (native == u"13" || text.contains(u"database or disk is full"))
        return u"the disk is full; free some space and try again"_s;
    // SQLITE_READONLY (8): the file, or the folder its journal goes to.
    if (native == u"8" || text.contains(u"readonly database"))
        return u"the database is read-only (%1): the file or its folder is not writable"_s.arg(text);
    // SQLITE_IOERR (10): a read or write the operating system refused.
    if (native == u"10" || text.contains(u"disk I/O error"))
        return u"the disk refused a read or a write (disk I/O error); the disk may be full, removed or failing"_s;
    // PostgreSQL: the server ended the session (pg_terminate_backend,
    // shutdown: SQLSTATE 57P01..57P03, class 08) or the socket closed.
    static const QStringList lostConnection = {
        u"server closed the connection"_s, u"terminating connection"_s, u"no connection to the server"_s,
        u"connection to server was lost"_s, u"could not receive data from server"_s,
        u"could not send data to server"_s, u"EOF detected"_s,
    };
    const bool lost = native.startsWith(u"57P0"_s) || native.startsWith(u"08"_s)
        || std::ranges::any_of(lostConnection, [&](const QString &t) { return text.contains(t); });
    if (lost)
        return u"the connection to the PostgreSQL server was lost (%1)"_s.arg(text.section(u'\n', 0, 0).trimmed());
    // Several lines from libpq (ERROR, DETAIL, HINT): one sentence.
    return QString(text).replace(u'\n', u' ').simplified();
}

bool writableByUs(const QString &path)
{
    // AT_EACCESS: the effective ids, as open() uses, not the real ones.
    return ::faccessat(AT_FDCWD, QFile::encodeName(path).constData(), W_OK, AT_EACCESS) == 0;
}

QString describeSqlError(const QString &what, const QSqlError &error)
{
    return u"%1: %2"_s.arg(what, sqlFaultReason(error));
}

Result<DatabaseConnection> DatabaseConnection::openSqliteFile(const QString &path, OpenMode mode)
{
    DatabaseConnection c;
    c.m_backend = DatabaseUrl::Backend::Sqlite;
    const bool memory = path.isEmpty() || path == u":memory:";
    if (!memory) {
        const QFileInfo info(path);
        c.m_filePath = info.absoluteFilePath();
        c.m_displayName = c.m_filePath;
        if (info.exists() && info.isDir())
            return fail(u"'%1' is a directory, not a SQLite database file"_s.arg(path));
        if (!info.exists()) {
            if (mode == OpenMode::MustExist)
                return fail(u"the database file '%1' does not exist"_s.arg(path));
            if (!info.absoluteDir().exists())
                return fail(u"cannot create the database '%1': the folder '%2' does not exist"_s.arg(
                    path, QDir::toNativeSeparators(info.absolutePath())));
        }
    } else {
        c.m_displayName = u":memory:"_s;
    }
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return fail(u"Qt's SQLite driver (QSQLITE) is not installed; install Debian's libqt6sql6-sqlite"_s);

    c.m_name = uniqueConnectionName();
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, c.m_name);
        db.setDatabaseName(memory ? u":memory:"_s : c.m_filePath);
        db.setConnectOptions(u"QSQLITE_BUSY_TIMEOUT=%1"_s.arg(BusyTimeoutMs));
        if (!db.open())
            return fail(describeSqlError(u"cannot open '%1'"_s.arg(c.m_displayName), db.lastError()));
        // The driver opens lazily: the first read tells a database from any other file.
        QSqlQuery probe(db);
        if (!probe.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
            const QString text = probe.lastError().databaseText();
            if (text.contains(u"not a database") || text.contains(u"malformed"))
                return fail(u"'%1' is not a SQLite database (%2)"_s.arg(c.m_displayName, text));
            return fail(describeSqlError(u"cannot read '%1'"_s.arg(c.m_displayName), probe.lastError()));
        }
        probe.finish();
        if (!probe.exec(u"PRAGMA foreign_keys=ON"_s))
            return fail(describeSqlError(u"cannot enable foreign keys"_s, probe.lastError()));
    }
    return c;
}

Result<DatabaseConnection> DatabaseConnection::open(const DatabaseUrl &url, OpenMode mode, const QString &baseDir)
{
    if (url.backend() == DatabaseUrl::Backend::Sqlite) {
        if (url.isMemory())
            return openSqliteFile(QString(), mode);
        return openSqliteFile(baseDir.isEmpty() ? url.sqliteFilePath() : url.sqliteFilePath(baseDir), mode);
    }

    if (!QSqlDatabase::isDriverAvailable(u"QPSQL"_s))
        return fail(u"Qt's PostgreSQL driver (QPSQL) is not installed; install Debian's libqt6sql6-psql"_s);
    DatabaseConnection c;
    c.m_backend = DatabaseUrl::Backend::PostgreSql;
    c.m_name = uniqueConnectionName();
    const QString host = url.host().value_or(u"localhost"_s);
    const int port = url.port().value_or(5432);
    const QString dbName = url.database().value_or(QString());
    c.m_displayName = u"%1:%2/%3"_s.arg(host).arg(port).arg(dbName);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QPSQL"_s, c.m_name);
        db.setHostName(host);
        db.setPort(port);
        db.setDatabaseName(dbName);
        if (url.userName())
            db.setUserName(*url.userName());
        // Without a password libpq reads PGPASSWORD and ~/.pgpass itself.
        if (url.password())
            db.setPassword(*url.password());
        db.setConnectOptions(u"connect_timeout=10"_s);
        if (!db.open()) {
            const QString text = db.lastError().databaseText().trimmed();
            if (text.contains(u"password authentication failed") || text.contains(u"no password supplied"))
                return fail(u"PostgreSQL refused the login for user '%1' on %2: wrong or missing password"_s.arg(
                    url.userName().value_or(QString()), c.m_displayName));
            if (text.contains(u"does not exist") && text.contains(u"database"))
                return fail(u"the PostgreSQL database '%1' does not exist on %2:%3"_s.arg(dbName, host).arg(port));
            if (text.contains(u"Connection refused") || text.contains(u"could not connect")
                || text.contains(u"could not translate host name"))
                return fail(u"cannot connect to the PostgreSQL server at %1:%2; is it running?"_s.arg(host).arg(port));
            return fail(u"cannot open the PostgreSQL database %1: %2"_s.arg(c.m_displayName, text));
        }
    }
    return c;
}

DatabaseConnection::DatabaseConnection(DatabaseConnection &&other) noexcept
    : m_name(std::exchange(other.m_name, QString()))
    , m_displayName(std::move(other.m_displayName))
    , m_filePath(std::move(other.m_filePath))
    , m_backend(other.m_backend)
{
}

DatabaseConnection &DatabaseConnection::operator=(DatabaseConnection &&other) noexcept
{
    if (this != &other) {
        close();
        m_name = std::exchange(other.m_name, QString());
        m_displayName = std::move(other.m_displayName);
        m_filePath = std::move(other.m_filePath);
        m_backend = other.m_backend;
    }
    return *this;
}

DatabaseConnection::~DatabaseConnection()
{
    close();
}

void DatabaseConnection::close()
{
    if (m_name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_name, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_name);
    m_name.clear();
}

QSqlDatabase DatabaseConnection::database() const
{
    return QSqlDatabase::database(m_name, false);
}

Status DatabaseConnection::exec(const QString &sql) const
{
    QSqlQuery q(database());
    if (!q.exec(sql))
        return fail(describeError(u"'%1' failed"_s.arg(sql.simplified().left(200)), q.lastError()));
    return {};
}

QString DatabaseConnection::faultReason(const QSqlError &error) const
{
    // SQLITE_READONLY (8) says "attempt to write a readonly database" for a
    // read-only file and for a folder where the journal cannot be created
    // alike; the extended code that tells them apart is not passed on by
    // Qt, so look at the file system the way SQLite did.
    if (isSqlite() && !m_filePath.isEmpty()
        && (error.nativeErrorCode() == u"8" || error.databaseText().contains(u"readonly database"))) {
        const QFileInfo file(m_filePath);
        if (!writableByUs(m_filePath))
            return u"the database file '%1' is read-only; make it writable (or open a copy) to change it"_s.arg(
                QDir::toNativeSeparators(m_filePath));
        if (!writableByUs(file.absolutePath()))
            return u"the folder '%1' is read-only, and SQLite must create its journal next to the database to "
                   u"change it; make the folder writable"_s.arg(QDir::toNativeSeparators(file.absolutePath()));
        return u"the database is read-only (%1)"_s.arg(error.databaseText().trimmed());
    }
    return sqlFaultReason(error);
}

QString DatabaseConnection::describeError(const QString &what, const QSqlError &error) const
{
    return u"%1: %2"_s.arg(what, faultReason(error));
}

} // namespace pm
