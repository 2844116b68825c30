#include "runtime/sqlplanner.h"

#include <QDate>
#include <QDateTime>

#include "dialect/batchrecreate.h"
#include "dialect/dialect.h"
#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "dialect/sqlsplitter.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

std::unexpected<Error> failAt(const SourceLocation &where, const QString &message)
{
    return std::unexpected(Error(where.file, where.line, where.column, message));
}

std::unexpected<Error> failAt(const SourceLocation &where, const Error &error)
{
    if (!error.file.isEmpty())
        return std::unexpected(error);
    return failAt(where, error.message);
}

template<typename T>
void scopeToBatch(T &op, const QString &table, const QString &schema)
{
    if (op.tableName.isEmpty())
        op.tableName = table;
    if (op.schema.isEmpty())
        op.schema = schema;
}

} // namespace

bool sqliteNeedsRecreate(const BatchAlterTableOp &batch)
{
    for (const Operation &op : batch.ops) {
        if (const auto *add = op.as<AddColumnOp>()) {
            if (add->column.serverDefault && add->column.serverDefault->kind == ServerDefault::Kind::Expression)
                return true;
            continue;
        }
        if (op.is<CreateIndexOp>() || op.is<DropIndexOp>())
            continue;
        return true;
    }
    return false;
}

bool batchRecreatesOnSqlite(const BatchAlterTableOp &batch)
{
    return batch.recreate == u"always" || (batch.recreate == u"auto" && sqliteNeedsRecreate(batch));
}

SqlPlanner::SqlPlanner(const Dialect &dialect, SchemaSimulator &schema, Mode mode, QList<SchemaObject> schemaObjects)
    : m_dialect(dialect)
    , m_schema(schema)
    , m_mode(mode)
    , m_schemaObjects(std::move(schemaObjects))
{
}

bool SqlPlanner::isSqlite() const
{
    return m_dialect.name() == u"sqlite";
}

QString SqlPlanner::sqlLiteral(const QVariant &value, bool nativeBoolean)
{
    if (!value.isValid() || value.isNull())
        return u"NULL"_s;
    switch (value.typeId()) {
    case QMetaType::Bool:
        if (nativeBoolean)
            return value.toBool() ? u"true"_s : u"false"_s;
        return value.toBool() ? u"1"_s : u"0"_s;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::QDate:
        return u'\'' + value.toDate().toString(Qt::ISODate) + u'\'';
    case QMetaType::QDateTime:
        return u'\'' + value.toDateTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz000"_s) + u'\'';
    default:
        return u'\'' + value.toString().replace(u"'"_s, u"''"_s) + u'\'';
    }
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::plan(const OperationList &operations)
{
    QList<Statement> out;
    for (const Operation &op : operations) {
        auto planned = plan(op);
        if (!planned)
            return planned;
        out << *planned;
    }
    return out;
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::plan(const Operation &operation)
{
    if (const auto *batch = operation.as<BatchAlterTableOp>())
        return planBatch(*batch, operation.location);
    return planSingle(operation, QString(), QString());
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::planBatch(const BatchAlterTableOp &batch, const SourceLocation &where)
{
    bool recreate = batch.recreate == u"always";
    if (batch.recreate == u"auto")
        recreate = isSqlite() && sqliteNeedsRecreate(batch);
    else if (batch.recreate != u"always" && batch.recreate != u"never")
        return failAt(where, u"recreate must be 'auto', 'always' or 'never', not '%1'"_s.arg(batch.recreate));

    if (!recreate) {
        QList<Statement> out;
        for (const Operation &inner : batch.ops) {
            auto planned = planSingle(inner, batch.tableName, batch.schema);
            if (!planned)
                return planned;
            out << *planned;
        }
        return out;
    }
    if (!isSqlite())
        return failAt(where, u"recreate='always' rebuilds tables only on SQLite"_s);

    const Table *existing = m_schema.metadata().table(batch.tableName, batch.schema);
    if (!existing)
        return failAt(where, u"batch_alter_table: no such table: %1"_s.arg(batch.tableName));
    BatchRecreate::Plan rebuild;
    rebuild.before = *existing;

    // New column name -> old one, following renames; added columns are absent.
    QMap<QString, QString> copiedFrom;
    for (const Column &c : existing->columns)
        copiedFrom.insert(c.name, c.name);
    for (const Operation &inner : batch.ops) {
        if (const auto *alter = inner.as<AlterColumnOp>(); alter && alter->newName && *alter->newName != alter->columnName) {
            const QString old = copiedFrom.take(alter->columnName);
            if (!old.isEmpty())
                copiedFrom.insert(*alter->newName, old);
        } else if (const auto *drop = inner.as<DropColumnOp>()) {
            copiedFrom.remove(drop->columnName);
        }
        if (const auto *ex = inner.as<ExecuteOp>())
            return failAt(inner.location, u"op.execute() cannot run inside a batch block that rebuilds the table"_s);
        if (inner.is<BulkInsertOp>())
            return failAt(inner.location, u"bulk_insert cannot run inside a batch block that rebuilds the table"_s);
    }
    // The whole block at once: the rebuilt table's column order depends on
    // the sequence of its adds and drops.
    if (auto applied = m_schema.applyBatchRebuild(batch, where); !applied)
        return std::unexpected(applied.error());
    rebuild.after = *m_schema.metadata().table(batch.tableName, batch.schema);
    rebuild.copiedFrom = copiedFrom;
    rebuild.schemaObjects = m_schemaObjects;

    const auto *sqlite = dynamic_cast<const SqliteDialect *>(&m_dialect);
    auto statements = BatchRecreate::statements(*sqlite, rebuild);
    if (!statements)
        return failAt(where, statements.error());
    m_rebuilt = true;
    QList<Statement> out;
    for (const QString &sql : *statements)
        out << Statement{sql, where, true, {}};
    return out;
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::planSingle(const Operation &original, const QString &batchTable,
                                                           const QString &batchSchema)
{
    Operation operation = original;
    const SourceLocation &where = operation.location;
    if (!batchTable.isEmpty()) {
        std::visit([&](auto &o) {
            if constexpr (requires { o.tableName; o.schema; })
                scopeToBatch(o, batchTable, batchSchema);
        }, operation.op);
        if (auto *ci = operation.as<CreateIndexOp>(); ci && ci->tableName.isEmpty())
            ci->tableName = batchTable;
    }

    QList<Statement> out;
    auto add = [&](const QString &sql) { out << Statement{sql, where, false, {}}; };

    if (const auto *o = operation.as<CreateTableOp>()) {
        // PostgreSQL's named ENUM types are created with their table.
        const auto *pg = dynamic_cast<const PostgresDialect *>(&m_dialect);
        auto sql = pg ? pg->createTableStatements(o->table, m_createdEnums) : m_dialect.createTableWithIndexes(o->table);
        if (!sql)
            return failAt(where, sql.error());
        for (const QString &s : *sql)
            add(s);
    } else if (const auto *o = operation.as<DropTableOp>()) {
        add(m_dialect.dropTable(o->tableName, o->schema));
    } else if (const auto *o = operation.as<RenameTableOp>()) {
        add(m_dialect.renameTable(o->oldName, o->newName, o->schema));
    } else if (const auto *o = operation.as<AddColumnOp>()) {
        auto sql = m_dialect.addColumn(o->tableName, o->column, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
        for (const Constraint &c : o->constraints) {
            if (c.isPrimaryKey())
                continue;
            auto constraintSql = m_dialect.addConstraint(o->tableName, c, o->schema);
            if (!constraintSql)
                return failAt(where, constraintSql.error());
            add(*constraintSql);
        }
    } else if (const auto *o = operation.as<DropColumnOp>()) {
        add(m_dialect.dropColumn(o->tableName, o->columnName, o->schema));
    } else if (const auto *o = operation.as<AlterColumnOp>()) {
        Dialect::ColumnAlteration alteration;
        alteration.nullable = o->nullable;
        alteration.serverDefault = o->serverDefault;
        alteration.type = o->type;
        alteration.newName = o->newName;
        alteration.comment = o->comment;
        const bool nativeOnSqlite = !o->nullable && !o->serverDefault && !o->type;
        if (isSqlite() && m_mode == Mode::Online && !nativeOnSqlite)
            return failAt(where, u"SQLite cannot ALTER COLUMN %1.%2 (nullable, type or default); write this "
                                 u"alter_column inside `with op.batch_alter_table('%1') as batch_op:`"_s
                                     .arg(o->tableName, o->columnName));
        auto sql = m_dialect.alterColumn(o->tableName, o->columnName, alteration, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        for (const QString &s : *sql)
            add(s);
    } else if (const auto *o = operation.as<CreateIndexOp>()) {
        auto sql = m_dialect.createIndex(o->tableName, o->index, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
    } else if (const auto *o = operation.as<DropIndexOp>()) {
        add(m_dialect.dropIndex(o->indexName, o->schema));
    } else if (const auto *o = operation.as<AddConstraintOp>()) {
        auto sql = m_dialect.addConstraint(o->tableName, o->constraint, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
    } else if (const auto *o = operation.as<DropConstraintOp>()) {
        auto sql = m_dialect.dropConstraint(o->tableName, o->constraintName, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
    } else if (const auto *o = operation.as<ExecuteOp>()) {
        auto statements = SqlSplitter::split(o->sql);
        if (!statements)
            return failAt(where, statements.error());
        for (const QString &s : *statements)
            add(s);
    } else if (const auto *o = operation.as<BulkInsertOp>()) {
        const QString table = m_dialect.formatTable(o->tableName, o->schema);
        for (const auto &row : o->rows) {
            QStringList names;
            QStringList values;
            QVariantList bound;
            for (const Column &c : o->columns) {
                if (!row.contains(c.name))
                    continue;
                names << m_dialect.quote(c.name);
                values << (m_mode == Mode::Online ? u"?"_s : sqlLiteral(row.value(c.name), !isSqlite()));
                bound << row.value(c.name);
            }
            Statement s{u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, names.join(u", "_s), values.join(u", "_s)),
                        where, false, {}};
            if (m_mode == Mode::Online)
                s.bindings = bound;
            out << s;
        }
    } else {
        return failAt(where, u"operation not supported by the SQL planner"_s);
    }

    if (auto applied = m_schema.apply(operation); !applied) {
        // Offline scripts follow what the scripts say even where our model of
        // the schema is incomplete (op.execute DDL); online, the database
        // would refuse the same statement, so say it now.
        if (m_mode == Mode::Online)
            return std::unexpected(applied.error());
    }
    return out;
}

} // namespace pm
