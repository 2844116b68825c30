#pragma once

#include <functional>
#include <optional>

#include <QList>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include "base/result.h"
#include "ops/operation.h"
#include "revision/migrationstep.h"
#include "runtime/versiontable.h"
#include "schema/namingconvention.h"

namespace pm {

class DatabaseConnection;
class Dialect;
class ScriptDirectory;

// Runs upgrade / downgrade / stamp steps against a live database, all or
// nothing. On SQLite the whole run is one transaction taken with BEGIN
// IMMEDIATE (so a second program waits for the busy timeout, then re-reads
// the heads and finds nothing to do, or fails saying the database is busy);
// foreign keys are off outside that transaction, as SQLite's table-rebuild
// recipe requires, and a run that leaves new foreign-key violations is
// rolled back. A failing statement rolls everything back — schema, data and
// alembic_version — and the error names the revision, file and statement.
class MigrationRunner final
{
public:
    // A statement of a revision's body, once it ran.
    struct RanStatement
    {
        QString revision;
        QString sql;
        QVariantList bindings; // the values bound to it, if any
        SourceLocation where;  // the operation in its script
        qint64 rowsAffected = -1; // INSERT / UPDATE / DELETE, as the driver says
    };

    struct Options
    {
        bool transactionPerMigration = false;
        // Alembic's impl.transactional_ddl, env.py's transactional_ddl=
        // when given: only what the log says; unset: the backend's default.
        std::optional<bool> transactionalDdl;
        bool purge = false; // stamp --purge: empty the version table first
        std::function<void(const QString &line)> log;            // "INFO  [alembic...] ..."
        std::function<void(int done, int total, const QString &what)> progress;
        std::function<bool()> cancelled;                          // polled between statements
        // target_metadata's convention for what scripts leave unnamed;
        // unset: SQLAlchemy's default ({"ix": "ix_%(column_0_label)s"}).
        std::optional<NamingConvention> namingConvention;
        // What a rehearsal (rehearsal.h) watches: each operation of a
        // revision's body just before its statements run, and each statement
        // once it ran (with the values bound to it, if any).
        std::function<void(const QString &revision, const Operation &op)> beforeOperation;
        std::function<void(const RanStatement &statement)> statementRan;
    };

    // Computes the steps from the heads read once the write lock is held.
    using StepPlanner = std::function<Result<QList<MigrationStep>>(const QStringList &heads)>;

    MigrationRunner(const ScriptDirectory &scripts, const Dialect &dialect, VersionTable versionTable,
                    Options options);

    Status run(const DatabaseConnection &connection, const StepPlanner &planSteps);

    // Steps run by the last run().
    int stepsRun() const { return m_stepsRun; }

private:
    void log(const QString &message) const;

    const ScriptDirectory &m_scripts;
    const Dialect &m_dialect;
    VersionTable m_versionTable;
    Options m_options;
    int m_stepsRun = 0;
};

// The log line prefix Alembic's logging config prints.
QString migrationLogLine(const QString &message);
// "Will assume transactional DDL." or "... non-transactional ...": what
// Alembic's context says of its DDL impl (SQLite: non-transactional, even
// though petmigrate runs SQLite migrations in one transaction).
QString assumeDdlLogLine(bool transactionalDdl);

} // namespace pm
