#pragma once

#include <array>
#include <functional>

#include <QList>
#include <QSet>
#include <QString>

#include "base/result.h"
#include "dialect/schemaobject.h"
#include "ops/operation.h"
#include "ops/schemasimulator.h"
#include "schema/namingconvention.h"

namespace pm {

class Dialect;
class PostgresDialect;

// SQLiteImpl.requires_recreate_in_batch (Alembic 1.8.1): only adding a column
// without an expression default, and index changes, avoid the rebuild.
bool sqliteNeedsRecreate(const BatchAlterTableOp &batch);
// Whether the batch block rebuilds its table on SQLite (recreate='always',
// or 'auto' with an operation SQLite's ALTER TABLE cannot do).
bool batchRecreatesOnSqlite(const BatchAlterTableOp &batch);

// Turns operations into the statements a dialect runs for them, the way
// Alembic's DefaultImpl/SQLiteImpl and batch mode do, while keeping a
// SchemaSimulator in step so a batch rebuild knows the table it rebuilds.
// Pure: the same plan is executed online or printed by --sql.
class SqlPlanner final
{
public:
    enum class Mode { Online, Offline };

    struct Statement
    {
        QString sql;
        SourceLocation where; // the op in its script
        bool rebuild = false; // part of a batch table rebuild
        // Bound values for bulk_insert rows online (offline renders literals).
        QVariantList bindings;
        // Online only: run the statement only if this query returns a row
        // (`guardExpectsRow`) or none: checkfirst=True on an enum type.
        QString guardSql;
        bool guardExpectsRow = false;
    };

    SqlPlanner(const Dialect &dialect, SchemaSimulator &schema, Mode mode,
               QList<SchemaObject> schemaObjects = {});

    Result<QList<Statement>> plan(const OperationList &operations);
    Result<QList<Statement>> plan(const Operation &operation);

    // The named enum types created so far in this run (PostgreSQL), shared
    // by the planners of one run's revisions; not owned.
    void setCreatedEnums(QSet<QString> *createdEnums) { m_createdEnums = createdEnums; }

    // The naming convention Alembic's operations apply to the unnamed
    // indexes and constraints they build (op.create_index(None, ...),
    // Column(index=True), an unnamed UniqueConstraint): env.py's
    // target_metadata's, or SQLAlchemy's default {"ix": "ix_%(column_0_label)s"}
    // when it has none.
    void setNamingConvention(NamingConvention convention);

    // Offline: why the simulated schema below the rendered range may lack a
    // table ("revision X below it could not be read (...)"), said when a
    // step needs a table it does not find.
    void setSchemaGap(QString gap) { m_schemaGap = std::move(gap); }

    // Offline, for a renderer none of whose steps reads the schema
    // (OfflineTail: it leaves every batch block to the writer): the
    // operations are not applied to the simulated schema. Offline, a step's
    // SQL does not depend on that application (its failures are ignored
    // there), only a later batch block's does.
    void setSchemaUnread() { m_schemaUnread = m_mode == Mode::Offline; }

    // Online: the database's triggers and views as they are now, after the
    // schema was read again in the middle of a step.
    void setSchemaObjects(QList<SchemaObject> objects) { m_schemaObjects = std::move(objects); }

    // Online on SQLite: the CREATE TABLE sqlite_master holds for a table
    // now, which a batch rebuild reflects its CHECK constraints from as
    // Alembic does. Without it (offline, a preview), the rebuild reads them
    // from the simulated table's CREATE TABLE as SQLAlchemy would write it.
    using TableSqlReader = std::function<Result<QString>(const QString &table, const QString &schema)>;
    void setTableSqlReader(TableSqlReader reader) { m_tableSql = std::move(reader); }

    // Whether the batch block rebuilds its table (recreate="always", or
    // "auto" on SQLite for anything but added columns and indexes).
    static bool rebuildsTable(const BatchAlterTableOp &batch, bool sqlite);

    // Whether a plan so far rebuilt a table (foreign keys must be off).
    bool rebuiltTables() const { return m_rebuilt; }

    // SQL literal for a bulk_insert value, as SQLAlchemy renders literals.
    // `nativeBoolean`: true/false (PostgreSQL) rather than 1/0 (SQLite).
    static QString sqlLiteral(const QVariant &value, bool nativeBoolean = false);

private:
    Result<QList<Statement>> planBatch(const BatchAlterTableOp &batch, const SourceLocation &where);
    Result<QList<Statement>> planSingle(const Operation &operation, const QString &batchTable,
                                        const QString &batchSchema);
    bool isSqlite() const;
    // The table with its unnamed indexes and constraints named by the
    // convention, as SQLAlchemy names them when they join a Table.
    Result<Table> namedByConvention(Table table) const;
    // The same in place, writing only the names that change.
    Status nameByConvention(Table &table) const;
    // op.create_table outside a batch block.
    Result<QList<Statement>> planCreateTable(const Table &declared, const SourceLocation &where);
    Result<QList<Statement>> planExecute(const ExecuteOp &op, const SourceLocation &where) const;

    const Dialect &m_dialect;
    // The dialect's kind, asked once: every operation asks it.
    const PostgresDialect *m_postgres = nullptr;
    bool m_sqlite = false;
    SchemaSimulator &m_schema;
    Mode m_mode;
    QList<SchemaObject> m_schemaObjects;
    bool m_rebuilt = false;
    QSet<QString> *m_createdEnums = nullptr;
    NamingConvention m_convention;
    // Whether the convention has a pattern for each Constraint::Kind: a
    // constraint of a kind without one keeps its name, unasked.
    std::array<bool, 4> m_constraintPatterns{};
    QString m_schemaGap;
    bool m_schemaUnread = false;
    TableSqlReader m_tableSql;
};

} // namespace pm
