#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QStringList>

#include "base/result.h"

namespace pm {

// Alembic's alembic_version table: one row per current head. The SQL is the
// text Alembic emits (offline mode prints it; online runs it with literals
// bound), so a database moves between the two tools at any revision.
class VersionTable final
{
public:
    explicit VersionTable(QString name = QStringLiteral("alembic_version"), QString schema = {});

    const QString &name() const { return m_name; }
    QString qualifiedName() const;

    // DDL and DML as Alembic renders them (tabs, as SQLAlchemy compiles them).
    QString createSql() const;
    QString dropSql() const;
    // `returning`: SQLAlchemy's PostgreSQL dialect compiles the insert with
    // implicit RETURNING of the primary key, and Alembic prints it so.
    QString insertSql(const QString &revision, bool returning = false) const;
    QString updateSql(const QString &from, const QString &to) const;
    QString deleteSql(const QString &revision) const;

    // The row changes of one run through statements prepared once. On a
    // server a one-shot prepared query costs three round trips (QPSQL sends
    // PREPARE, EXECUTE, DEALLOCATE): for a long chain that was most of the
    // time spent beyond the DDL itself.
    class Writer final
    {
    public:
        Writer(const VersionTable &table, const QSqlDatabase &db);
        Status insert(const QString &revision);
        Status update(const QString &from, const QString &to);
        Status remove(const QString &revision);

    private:
        struct Statement
        {
            QSqlQuery query;
            bool prepared = false;
        };
        // Prepares on first use; false (with the query's error) on failure.
        static bool ready(Statement &s, const QString &sql);
        const VersionTable &m_table;
        Statement m_insert;
        Statement m_update;
        Statement m_remove;
    };

    // Online helpers on an open database.
    Result<bool> exists(const QSqlDatabase &db) const;
    // Heads recorded in the table; empty when the table does not exist.
    Result<QStringList> heads(const QSqlDatabase &db) const;
    Status create(const QSqlDatabase &db) const;
    Status insert(const QSqlDatabase &db, const QString &revision) const;
    // Fails unless exactly one row changed, as Alembic's update check does.
    Status update(const QSqlDatabase &db, const QString &from, const QString &to) const;
    Status remove(const QSqlDatabase &db, const QString &revision) const;

private:
    QString m_name;
    QString m_schema;
};

} // namespace pm
