// Schemas for the draft-review suites written as SQLite DDL and reflected,
// so a row reads as the two databases a person would compare.
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "dialect/sqlsplitter.h"
#include "runtime/backend.h"
#include "schema/metadata.h"

namespace fixture {

// The schema `ddl` builds on an empty SQLite database, as reflection (and so
// autogenerate) sees it. An error text instead when the DDL fails.
inline pm::Result<pm::MetaData> reflectDdl(const QString &ddl)
{
    const QString name = QStringLiteral("fixture-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    pm::Result<pm::MetaData> out = pm::fail(QStringLiteral("not run"));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (!db.open())
            return pm::fail(db.lastError().text());
        auto statements = pm::SqlSplitter::split(ddl);
        if (!statements)
            return std::unexpected(statements.error());
        for (const QString &sql : *statements) {
            QSqlQuery q(db);
            if (!q.exec(sql))
                return pm::fail(sql + QStringLiteral(": ") + q.lastError().text());
        }
        out = pm::reflectDatabase(db, {QStringLiteral("alembic_version")});
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

} // namespace fixture
