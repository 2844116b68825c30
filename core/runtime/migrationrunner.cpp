#include "runtime/migrationrunner.h"

#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

#include "dialect/dialect.h"
#include "inspect/sqliteinspector.h"
#include "revision/headmaintainer.h"
#include "revision/revisionplanner.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/driverfault.h"
#include "runtime/scriptdirectory.h"
#include "runtime/sqlplanner.h"
#include "script/liveconnection.h"

using namespace Qt::StringLiterals;

namespace pm {

QString migrationLogLine(const QString &message)
{
    return u"INFO  [alembic.runtime.migration] "_s + message;
}

QString assumeDdlLogLine(bool transactionalDdl)
{
    return migrationLogLine(transactionalDdl ? u"Will assume transactional DDL."_s
                                             : u"Will assume non-transactional DDL."_s);
}

namespace {

// An op.execute() whose SQL may change the schema behind the planner's back:
// DDL written as text, or a schema created or dropped.
bool changesSchemaUnseen(const Operation &op)
{
    if (const auto *batch = op.as<BatchAlterTableOp>())
        return std::any_of(batch->ops.cbegin(), batch->ops.cend(), changesSchemaUnseen);
    const auto *execute = op.as<ExecuteOp>();
    if (!execute)
        return false;
    if (execute->kind != ExecuteOp::Kind::Text)
        return execute->kind != ExecuteOp::Kind::Dml;
    static const QRegularExpression ddl(u"\\b(CREATE|ALTER|DROP)\\b"_s, QRegularExpression::CaseInsensitiveOption);
    return ddl.match(execute->sql).hasMatch();
}

// A COMMIT the script itself runs (op.get_context().autocommit_block(), or
// op.execute("COMMIT")) makes what ran before it durable, as in Alembic: a
// later failure cannot roll that back, and must not say it did.
bool endsTransaction(const QString &sql)
{
    static const QRegularExpression commit(u"^\\s*(COMMIT|END)(\\s+(TRANSACTION|WORK))?\\s*;?\\s*$"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    return commit.match(sql).hasMatch();
}

// Where the script committed the run's transaction, and the version rows
// that were committed with it.
struct ScriptCommit
{
    SourceLocation where;
    QStringList heads;
    int stepsRun = 0;
};

// Rolls back unless committed; the run's only exit paths go through here.
class RunTransaction
{
public:
    RunTransaction(const DatabaseConnection &c) : m_connection(c) {}
    ~RunTransaction()
    {
        if (m_open)
            rollback();
    }

    Status begin()
    {
        const QString sql = m_connection.isSqlite() ? u"BEGIN IMMEDIATE"_s : u"BEGIN"_s;
        QSqlQuery q(m_connection.database());
        if (!q.exec(sql))
            return fail(m_connection.describeError(u"cannot start the migration"_s, q.lastError()));
        m_open = true;
        return {};
    }
    // `rolledBack` says what a failed COMMIT leaves (SQLite and the server
    // roll the transaction back when it cannot be committed).
    Status commit(const QString &rolledBack)
    {
        QSqlQuery q(m_connection.database());
        if (!q.exec(u"COMMIT"_s))
            return fail(u"cannot commit the migration: %1; %2"_s.arg(m_connection.faultReason(q.lastError()),
                                                                    rolledBack));
        m_open = false;
        return {};
    }
    void rollback()
    {
        QSqlQuery q(m_connection.database());
        q.exec(u"ROLLBACK"_s);
        m_open = false;
    }

private:
    const DatabaseConnection &m_connection;
    bool m_open = false;
};

// Rows PRAGMA foreign_key_check reports, per referring and referred table:
// a refusal names where the orphans are, so the user can find the data
// (Alembic on pysqlite runs with SQLite's foreign keys off and keeps them).
struct ForeignKeyViolations
{
    QMap<std::pair<QString, QString>, qint64> byLink;

    // The links with more violating rows than in `before`, as
    // "pet → user (2 rows)", and how many rows those are.
    std::pair<QString, qint64> addedSince(const ForeignKeyViolations &before) const
    {
        QStringList links;
        qint64 added = 0;
        for (auto it = byLink.cbegin(); it != byLink.cend(); ++it) {
            const qint64 more = it.value() - before.byLink.value(it.key());
            if (more <= 0)
                continue;
            added += more;
            links << u"%1 \u2192 %2 (%3 row%4)"_s.arg(it.key().first, it.key().second).arg(more).arg(
                         more == 1 ? QString() : u"s"_s);
        }
        return {links.join(u", "_s), added};
    }
};

Result<ForeignKeyViolations> foreignKeyViolations(const QSqlDatabase &db)
{
    QSqlQuery q(db);
    if (!q.exec(u"SELECT \"table\", parent, count(*) FROM pragma_foreign_key_check GROUP BY 1, 2"_s))
        return fail(describeSqlError(u"PRAGMA foreign_key_check failed"_s, q.lastError()));
    ForeignKeyViolations v;
    while (q.next())
        v.byLink.insert({q.value(0).toString(), q.value(1).toString()}, q.value(2).toLongLong());
    return v;
}

QString firstLine(const QString &sql)
{
    const QString trimmed = sql.trimmed();
    const qsizetype nl = trimmed.indexOf(u'\n');
    return nl < 0 ? trimmed : trimmed.left(nl) + u" ..."_s;
}

// One revision's step on the run's connection: its operations planned and
// executed one at a time, in the order the script makes them, and its
// bind.execute() statements run in between (LiveConnection).
class StepExecution final : public LiveConnection
{
public:
    StepExecution(const DatabaseConnection &connection, SqlPlanner &planner, QString stepName, QString revision,
                  std::function<QString()> rolledBack, const MigrationRunner::Options &options,
                  std::function<void(const SourceLocation &)> scriptCommitted, std::function<Status()> reflectSchema)
        : m_connection(connection), m_db(connection.database()), m_planner(planner), m_stepName(std::move(stepName)),
          m_revision(std::move(revision)), m_rolledBack(std::move(rolledBack)), m_options(options),
          m_scriptCommitted(std::move(scriptCommitted)), m_reflectSchema(std::move(reflectSchema))
    {
    }

    Status apply(const Operation &op) override
    {
        if (const auto *batch = op.as<BatchAlterTableOp>(); batch && changesSchemaUnseen(op))
            return applyBatchAfterItsDdl(*batch, op.location);
        auto done = execute(op, false);
        if (!done)
            return std::unexpected(done.error());
        return {};
    }
    Result<Rows> query(const Operation &op) override
    {
        m_fault.reset();
        return execute(op, true);
    }
    Result<MetaData> reflect() override { return reflectDatabase(m_db); }
    std::optional<StatementFault> lastFault() const override { return m_fault; }
    void faultCaught() override
    {
        // The script goes on where Alembic's would: SQLite undid the failed
        // statement alone; a PostgreSQL transaction stays aborted, and its
        // next statement says so.
        if (m_fault)
            m_failed = false;
        m_fault.reset();
    }
    // A statement failed (its error already says what was rolled back).
    bool failed() const { return m_failed; }
    // Whether an operation ran SQL the planner does not follow (DDL as
    // text, a schema created or dropped): the simulated schema may be wrong.
    bool changedSchemaUnseen() const { return m_changedSchemaUnseen; }

private:
    // batch_op.execute() runs at once, and Alembic reflects the batch's
    // table when the block ends (BatchOperationsImpl.flush()): a rebuild
    // copies the table as the block's DDL left it. So the block's executes
    // run first, the schema is read again, and the rest is planned on it.
    Status applyBatchAfterItsDdl(const BatchAlterTableOp &batch, const SourceLocation &where)
    {
        BatchAlterTableOp rest = batch;
        rest.ops.clear();
        for (const Operation &inner : batch.ops) {
            if (!inner.is<ExecuteOp>()) {
                rest.ops.push_back(inner);
                continue;
            }
            if (auto done = execute(inner, false); !done)
                return std::unexpected(done.error());
        }
        if (rest.ops.empty())
            return {};
        if (Status reflected = m_reflectSchema(); !reflected) {
            m_failed = true;
            return reflected;
        }
        m_unseenSinceRead = false;
        auto done = execute(Operation{std::move(rest), where}, false);
        if (!done)
            return std::unexpected(done.error());
        return {};
    }

    Result<Rows> execute(const Operation &op, bool keep)
    {
        // An operation planned on the schema after DDL the planner did not
        // follow (op.execute("DROP TABLE IF EXISTS t") then
        // op.create_table("t"), pgadmin4's add_user_id_dbg_args) is planned
        // on the schema read again, as the database now has it.
        if (m_unseenSinceRead && !op.is<ExecuteOp>()) {
            if (Status reflected = m_reflectSchema(); !reflected) {
                m_failed = true;
                return std::unexpected(reflected.error());
            }
            m_unseenSinceRead = false;
        }
        // Before running: a statement that fails half-way may still have
        // changed the schema (a transaction per migration keeps the rest).
        const bool unseen = changesSchemaUnseen(op);
        m_changedSchemaUnseen = m_changedSchemaUnseen || unseen;
        m_unseenSinceRead = m_unseenSinceRead || unseen;
        if (m_options.beforeOperation)
            m_options.beforeOperation(m_revision, op);
        auto rows = executeStatements(op, keep);
        m_failed = m_failed || !rows;
        return rows;
    }
    Result<Rows> executeStatements(const Operation &op, bool keep)
    {
        auto statements = m_planner.plan(op);
        if (!statements)
            return fail(u"%1 of revision %2 failed; nothing was changed: %3"_s.arg(m_stepName, m_revision,
                                                                                    statements.error().toString()));
        Rows rows;
        for (const SqlPlanner::Statement &statement : *statements) {
            if (m_options.cancelled && m_options.cancelled())
                return fail(u"cancelled; the database is as it was before"_s);
            QSqlQuery q(m_db);
            if (!statement.guardSql.isEmpty()) {
                // checkfirst: look before creating or dropping.
                if (!q.exec(statement.guardSql))
                    return std::unexpected(Error(statement.where.file, statement.where.line, statement.where.column,
                                                 u"%1 of revision %2 failed checking `%3`: %4"_s.arg(
                                                     m_stepName, m_revision, statement.guardSql,
                                                     q.lastError().databaseText())));
                const bool found = q.next();
                q.finish();
                if (found != statement.guardExpectsRow)
                    continue;
            }
            // Rows are read only where a script asked for them (bind.execute):
            // forward-only, and all of them before the next statement.
            q.setForwardOnly(true);
            bool ok = false;
            if (statement.bindings.isEmpty()) {
                ok = q.exec(statement.sql);
            } else {
                ok = q.prepare(statement.sql);
                for (const QVariant &v : statement.bindings)
                    q.addBindValue(v);
                ok = ok && q.exec();
            }
            if (ok && m_options.statementRan)
                m_options.statementRan({m_revision, statement.sql, statement.bindings, statement.where,
                                        q.numRowsAffected()});
            if (ok && endsTransaction(statement.sql))
                m_scriptCommitted(statement.where);
            if (!ok) {
                if (keep)
                    m_fault = faultOf(op, statement, statements->size(), q.lastError());
                return std::unexpected(Error(statement.where.file, statement.where.line, statement.where.column,
                                             u"%1 of revision %2 failed at statement `%3`: %4; %5"_s
                                                 .arg(m_stepName, m_revision, firstLine(statement.sql),
                                                      m_connection.faultReason(q.lastError()), m_rolledBack())));
            }
            if (keep) {
                // The last statement's rows are the result (a text of several
                // statements returns what its last one returns, as sqlite3 does).
                rows = Rows{};
                rows.rowsAffected = q.numRowsAffected();
                if (q.isSelect()) {
                    const QSqlRecord record = q.record();
                    for (int i = 0; i < record.count(); ++i)
                        rows.columns << record.fieldName(i);
                    while (q.next()) {
                        QVariantList row;
                        row.reserve(record.count());
                        for (int i = 0; i < record.count(); ++i)
                            row << q.value(i);
                        rows.rows << row;
                    }
                    if (q.lastError().isValid())
                        return std::unexpected(Error(statement.where.file, statement.where.line, statement.where.column,
                                                     u"%1 of revision %2 failed reading the rows of `%3`: %4; %5"_s
                                                         .arg(m_stepName, m_revision, firstLine(statement.sql),
                                                              m_connection.faultReason(q.lastError()), m_rolledBack())));
                }
            }
            q.finish();
        }
        return rows;
    }

    // The driver's exception for a failed bind.execute() statement, where
    // SQLAlchemy would show the same SQL and parameters: one statement that
    // is the script's text as written, or (on SQLite, where values are
    // bound as SQLAlchemy binds them) a DML statement.
    std::optional<StatementFault> faultOf(const Operation &op, const SqlPlanner::Statement &statement,
                                          qsizetype statements, const QSqlError &error) const
    {
        const auto *execute = op.as<ExecuteOp>();
        const bool sqlite = m_connection.isSqlite();
        if (!execute || statements != 1 || !statement.guardSql.isEmpty())
            return std::nullopt;
        if (execute->kind == ExecuteOp::Kind::Text) {
            if (!execute->bindValues.isEmpty() || statement.sql != execute->sql)
                return std::nullopt;
            // psycopg2's paramstyle: SQLAlchemy doubles a text's `%`.
            if (!sqlite && statement.sql.contains(u'%'))
                return std::nullopt;
        } else if (execute->kind != ExecuteOp::Kind::Dml || !sqlite) {
            // psycopg2 is given `%(name)s` and a dict, where petmigrate
            // writes the values into the statement.
            return std::nullopt;
        } else {
            // A None value is written as NULL where SQLAlchemy binds it (`?`
            // and None among the parameters): not SQLAlchemy's statement.
            static const QRegularExpression nullWord(u"\\bNULL\\b"_s);
            if (statement.sql.contains(nullWord))
                return std::nullopt;
        }
        auto fault = driverFault(sqlite, error);
        if (fault) {
            fault->sql = statement.sql;
            fault->parameters = statement.bindings;
        }
        return fault;
    }

    const DatabaseConnection &m_connection;
    QSqlDatabase m_db;
    SqlPlanner &m_planner;
    QString m_stepName;
    QString m_revision;
    std::function<QString()> m_rolledBack;
    const MigrationRunner::Options &m_options;
    std::function<void(const SourceLocation &)> m_scriptCommitted;
    std::function<Status()> m_reflectSchema;
    bool m_failed = false;
    std::optional<StatementFault> m_fault; // of the last query(), for the script to catch
    bool m_changedSchemaUnseen = false;
    bool m_unseenSinceRead = false; // DDL the planner did not follow ran since the schema was last read
};

} // namespace

MigrationRunner::MigrationRunner(const ScriptDirectory &scripts, const Dialect &dialect, VersionTable versionTable,
                                 Options options)
    : m_scripts(scripts)
    , m_dialect(dialect)
    , m_versionTable(std::move(versionTable))
    , m_options(std::move(options))
{
    m_scripts.setEvaluationContext(dialect.name(), false);
}

void MigrationRunner::log(const QString &message) const
{
    if (m_options.log)
        m_options.log(migrationLogLine(message));
}

Status MigrationRunner::run(const DatabaseConnection &connection, const StepPlanner &planSteps)
{
    m_stepsRun = 0;
    const QSqlDatabase db = connection.database();
    const bool sqlite = connection.isSqlite();
    log(sqlite ? u"Context impl SQLiteImpl."_s : u"Context impl PostgresqlImpl."_s);
    if (m_options.log)
        m_options.log(assumeDdlLogLine(m_options.transactionalDdl.value_or(!sqlite)));

    if (sqlite) {
        // Must happen outside a transaction: inside one it is a no-op.
        if (auto off = connection.exec(u"PRAGMA foreign_keys=OFF"_s); !off)
            return off;
    }
    struct ForeignKeysBackOn
    {
        const DatabaseConnection &c;
        bool sqlite;
        ~ForeignKeysBackOn()
        {
            if (sqlite)
                (void)c.exec(u"PRAGMA foreign_keys=ON"_s);
        }
    } restoreForeignKeys{connection, sqlite};

    // What a failure leaves: everything as before, or, with a transaction
    // per migration, the revisions committed so far, or what the script's
    // own COMMIT made durable.
    std::optional<ScriptCommit> scriptCommit;
    const auto rolledBack = [this, &scriptCommit] {
        // With a transaction per migration, a later step's own commit
        // supersedes the script's.
        if (scriptCommit && (!m_options.transactionPerMigration || scriptCommit->stepsRun == m_stepsRun)) {
            const QString versions = scriptCommit->heads.isEmpty() ? u"no revision"_s
                                                                   : scriptCommit->heads.join(u", "_s);
            return u"the script's COMMIT at %1:%2:%3 had made what ran before it permanent, as in Alembic (and "
                   u"each statement after it until the next BEGIN, as an autocommit block runs them); the rest "
                   u"was rolled back, and the version table stays at %4"_s
                .arg(scriptCommit->where.file)
                .arg(scriptCommit->where.line)
                .arg(scriptCommit->where.column)
                .arg(versions);
        }
        if (m_options.transactionPerMigration && m_stepsRun > 0)
            return u"this step was rolled back; the database stays at the last revision that completed "
                   u"(%1 step(s) committed)"_s.arg(m_stepsRun);
        return u"the database was rolled back and is as it was before"_s;
    };
    RunTransaction tx(connection);
    if (auto begun = tx.begin(); !begun)
        return begun;
    if (!sqlite) {
        // Serializes concurrent runs on a server; released with the session.
        QSqlQuery lock(db);
        if (!lock.exec(u"SELECT pg_advisory_xact_lock(7283651)"_s))
            return fail(describeSqlError(u"cannot take the migration lock"_s, lock.lastError()));
    }

    QStringList heads;
    if (m_options.purge) {
        auto present = m_versionTable.exists(db);
        if (!present)
            return std::unexpected(present.error());
        if (*present) {
            QSqlQuery q(db);
            if (!q.exec(u"DELETE FROM %1"_s.arg(m_versionTable.qualifiedName())))
                return fail(describeSqlError(u"cannot purge the version table"_s, q.lastError()));
        } else if (auto created = m_versionTable.create(db); !created) {
            return created;
        }
    } else {
        auto current = m_versionTable.heads(db);
        if (!current)
            return std::unexpected(current.error());
        heads = *current;
        if (heads.isEmpty()) {
            auto present = m_versionTable.exists(db);
            if (!present)
                return std::unexpected(present.error());
            if (!*present) {
                if (auto created = m_versionTable.create(db); !created)
                    return created;
            }
        }
    }

    auto steps = planSteps(heads);
    if (!steps)
        return std::unexpected(steps.error());

    ForeignKeyViolations violationsBefore;
    if (sqlite) {
        auto v = foreignKeyViolations(db);
        if (!v)
            return std::unexpected(v.error());
        violationsBefore = std::move(*v);
    }

    SchemaSimulator schema;
    QList<SchemaObject> objects;
    // Every script of the run is read and parsed here, before the first
    // statement: a malformed script fails the run before it changes
    // anything (Alembic imports every script first, too), and the parser's
    // garbage is not interleaved with SQLite's
    // schema objects (measured: allocating them between the steps' DDL left
    // the heap scattered enough to cost SQLite's allocator a third more
    // time). Reflection reads the default schema; the tables of any other
    // schema the steps name (schema='extra') must be known too, or a
    // drop_index/drop_table there has nothing to act on.
    QStringList others;
    for (const MigrationStep &step : *steps) {
        if (step.kind() != MigrationStep::Kind::Revision)
            continue;
        auto script = m_scripts.script(step.revision().revision());
        if (!script)
            return std::unexpected(script.error());
        // A body that fails fails at its own step, as Alembic's upgrade()
        // raises only when it is called: with a transaction per migration
        // the steps before it stay committed.
        auto body = (*script)->body(step.isUpgrade());
        if (!body || sqlite)
            continue;
        for (const Operation &op : **body) {
            const QString s = op.schemaName();
            if (!s.isEmpty() && !others.contains(s))
                others << s;
        }
    }
    // The schema as the database holds it now: at the start, and again
    // before the first step that follows one whose SQL the planner cannot
    // follow (op.execute("ALTER TABLE ... RENAME TO ..."), DDL a body sent
    // through its connection), so that a later batch rebuild copies the
    // table that is really there, as Alembic's reflection at the batch
    // would. Read lazily: a run whose last steps change the schema unseen,
    // or whose live bodies only read and write rows, reads it once.
    const auto reflectSchema = [&]() -> Status {
        auto reflected = reflectForPlanner(db, {m_versionTable.name()});
        if (!reflected)
            return std::unexpected(reflected.error());
        for (const QString &other : std::as_const(others)) {
            auto tables = reflectForPlanner(db, {m_versionTable.name()}, other);
            if (!tables)
                return std::unexpected(tables.error());
            for (const Table &t : tables->tables()) {
                // schema='public' names the default schema: already read.
                if (!reflected->table(t.name, t.schema))
                    reflected->putTable(t);
            }
        }
        schema = SchemaSimulator(*reflected);
        if (sqlite) {
            auto rows = SqliteInspector(db).schemaObjects();
            if (!rows)
                return std::unexpected(rows.error());
            objects = *rows;
        }
        return {};
    };
    if (Status reflected = reflectSchema(); !reflected)
        return reflected;

    enum class Stale { No, SchemaObjects, Schema } stale = Stale::No;

    HeadMaintainer maintainer(heads);
    // The version row statements are prepared once for the run. Each is
    // reset after it runs (Writer), so it holds no lock over a later table
    // rebuild, and SQLite prepares it again by itself after a schema change.
    VersionTable::Writer versions(m_versionTable, db);
    QSet<QString> createdEnums;
    const int total = int(steps->size());
    for (const MigrationStep &step : *steps) {
        log(u"Running "_s + step.toString());
        if (m_options.progress)
            m_options.progress(m_stepsRun, total, step.toString());

        if (step.kind() == MigrationStep::Kind::Revision) {
            const QString revision = step.revision().revision();
            auto script = m_scripts.script(revision);
            if (!script)
                return std::unexpected(script.error());
            const bool live = (*script)->usesConnection(step.isUpgrade());
            auto body = (*script)->body(step.isUpgrade());
            if (!body && !live)
                return std::unexpected(body.error());
            if (stale == Stale::Schema) {
                if (Status reflected = reflectSchema(); !reflected)
                    return reflected;
            } else if (stale == Stale::SchemaObjects) {
                auto rows = SqliteInspector(db).schemaObjects();
                if (!rows)
                    return std::unexpected(rows.error());
                objects = *rows;
            }
            stale = Stale::No;
            SqlPlanner planner(m_dialect, schema, SqlPlanner::Mode::Online, objects);
            planner.setCreatedEnums(&createdEnums);
            if (m_options.namingConvention)
                planner.setNamingConvention(*m_options.namingConvention);
            if (sqlite) {
                // Each operation is planned just before it runs: the stored
                // SQL is the table as the batch about to rebuild it sees it.
                planner.setTableSqlReader([&db](const QString &table, const QString &tableSchema) {
                    return SqliteInspector(db).tableSql(table, tableSchema);
                });
            }
            const auto committed = [&](const SourceLocation &where) {
                scriptCommit = ScriptCommit{where, maintainer.heads(), m_stepsRun};
            };
            const auto reflectAgain = [&]() -> Status {
                if (Status reflected = reflectSchema(); !reflected)
                    return reflected;
                planner.setSchemaObjects(objects);
                return {};
            };
            StepExecution execution(connection, planner, step.name(), revision, rolledBack, m_options, committed,
                                    reflectAgain);
            if (live) {
                // The body reads the database: it runs now, at its place in the
                // transaction, each op.* applied as the script makes it.
                if (Status ran = m_scripts.runBody(revision, step.isUpgrade(), execution); !ran) {
                    if (execution.failed())
                        return ran;
                    // The script's own exception: its statements so far are undone too.
                    Error e = ran.error();
                    e.message = u"%1 of revision %2 failed: %3; %4"_s.arg(step.name(), revision, e.message, rolledBack());
                    return std::unexpected(e);
                }
            } else {
                for (const Operation &op : **body) {
                    if (Status applied = execution.apply(op); !applied)
                        return applied;
                }
            }
            if (execution.changedSchemaUnseen())
                stale = Stale::Schema;
            else if (planner.rebuiltTables() && sqlite)
                // Objects were recreated: later rebuilds must see them as they are now.
                stale = Stale::SchemaObjects;
        }

        auto changes = maintainer.updateToStep(step);
        if (!changes)
            return std::unexpected(RevisionPlanner::translate(changes.error()).toError());
        for (const VersionChange &change : *changes) {
            Status applied;
            switch (change.kind) {
            case VersionChange::Kind::Insert:
                applied = versions.insert(change.version);
                break;
            case VersionChange::Kind::Delete:
                applied = versions.remove(change.version);
                break;
            case VersionChange::Kind::Update:
                applied = versions.update(change.from, change.to);
                break;
            case VersionChange::Kind::DeleteAll:
            case VersionChange::Kind::Count: {
                QSqlQuery q(db);
                if (!q.exec(u"DELETE FROM %1"_s.arg(m_versionTable.qualifiedName())))
                    applied = fail(describeSqlError(u"cannot purge the version table"_s, q.lastError()));
                break;
            }
            }
            if (!applied)
                return applied;
        }
        ++m_stepsRun;

        if (m_options.transactionPerMigration) {
            if (sqlite) {
                auto v = foreignKeyViolations(db);
                if (!v)
                    return std::unexpected(v.error());
                if (const auto [links, added] = v->addedSince(violationsBefore); added > 0)
                    return fail(u"%1 of revision %2 leaves %3 row(s) violating foreign keys (%4); rolled back"_s.arg(
                        step.name(), step.kind() == MigrationStep::Kind::Revision ? step.revision().revision() : QString())
                                    .arg(added)
                                    .arg(links));
            }
            if (auto committed = tx.commit(rolledBack()); !committed)
                return committed;
            if (auto begun = tx.begin(); !begun)
                return begun;
        }
    }

    if (sqlite) {
        auto v = foreignKeyViolations(db);
        if (!v)
            return std::unexpected(v.error());
        if (const auto [links, added] = v->addedSince(violationsBefore); added > 0)
            return fail(u"the migration leaves %1 row(s) violating foreign keys (PRAGMA foreign_key_check: %2); "
                        u"the database was rolled back and is as it was before"_s.arg(added)
                            .arg(links));
    }
    if (m_options.progress)
        m_options.progress(m_stepsRun, total, QString());
    return tx.commit(rolledBack());
}

} // namespace pm
