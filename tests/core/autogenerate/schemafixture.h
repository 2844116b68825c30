// Schemas for the draft-review suites written as SQLite DDL and reflected,
// so a row reads as the two databases a person would compare.
#pragma once

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

#include "autogenerate/changedescription.h"
#include "autogenerate/migrationdraft.h"
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

// The draft autogenerate makes from `before` to `after`; stops the test
// program on DDL that does not run (a broken table, not a finding).
inline pm::MigrationDraft draftFor(const QString &before, const QString &after, bool batch = false)
{
    auto database = reflectDdl(before);
    auto target = reflectDdl(after);
    if (!database || !target)
        qFatal("bad fixture DDL: %s", qPrintable((database ? target.error() : database.error()).toString()));
    pm::RenderOptions render;
    render.renderAsBatch = batch;
    auto draft = pm::MigrationDraft::create(*database, *target, {}, render);
    if (!draft)
        qFatal("draft: %s", qPrintable(draft.error().toString()));
    return *draft;
}

// The operations as a script calls them, one per leaf (batch blocks opened).
inline QStringList leafLabels(const pm::OperationList &ops)
{
    QStringList out;
    for (const pm::Operation &op : ops) {
        if (const auto *batch = op.as<pm::BatchAlterTableOp>()) {
            for (const pm::Operation &inner : batch->ops)
                out << pm::operationLabel(inner);
        } else {
            out << pm::operationLabel(op);
        }
    }
    return out;
}

} // namespace fixture
