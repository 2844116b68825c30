#include "ops/schemasimulator.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

std::unexpected<Error> failAt(const SourceLocation &where, const QString &message)
{
    return std::unexpected(Error(where.file, where.line, where.column, message));
}

void renameInList(QStringList &columns, const QString &from, const QString &to)
{
    for (QString &c : columns) {
        if (c == from)
            c = to;
    }
}

bool dropFromTable(Table &table, const QString &constraintName)
{
    const auto removed = table.constraints.removeIf([&](const Constraint &c) { return c.name == constraintName; });
    return removed > 0;
}

} // namespace

SchemaSimulator::SchemaSimulator(MetaData start)
    : m_metadata(std::move(start))
{
}

Result<Table *> SchemaSimulator::existingTable(const QString &name, const QString &schema,
                                               const SourceLocation &where)
{
    Table *t = m_metadata.table(name, schema);
    if (!t)
        return failAt(where, u"no such table: %1"_s.arg(schema.isEmpty() ? name : schema + u'.' + name));
    return t;
}

Status SchemaSimulator::apply(const OperationList &operations)
{
    for (const Operation &op : operations) {
        if (auto applied = apply(op); !applied)
            return applied;
    }
    return {};
}

Status SchemaSimulator::apply(const Operation &operation)
{
    const SourceLocation &where = operation.location;
    if (const auto *o = operation.as<CreateTableOp>()) {
        if (m_metadata.table(o->table.name, o->table.schema))
            return failAt(where, u"table %1 already exists"_s.arg(o->table.qualifiedName()));
        m_metadata.putTable(o->table);
        return {};
    }
    if (const auto *o = operation.as<DropTableOp>()) {
        if (!m_metadata.removeTable(o->tableName, o->schema))
            return failAt(where, u"no such table: %1"_s.arg(o->tableName));
        return {};
    }
    if (const auto *o = operation.as<RenameTableOp>()) {
        auto t = existingTable(o->oldName, o->schema, where);
        if (!t)
            return std::unexpected(t.error());
        if (m_metadata.table(o->newName, o->schema))
            return failAt(where, u"there is already another table or index with this name: %1"_s.arg(o->newName));
        (*t)->name = o->newName;
        // Foreign keys elsewhere follow the rename, as SQLite's RENAME TO does.
        for (const Table &other : m_metadata.tables()) {
            Table *ot = m_metadata.table(other.name, other.schema);
            for (Constraint &c : ot->constraints) {
                if (c.isForeignKey() && c.referredTable == o->oldName)
                    c.referredTable = o->newName;
            }
        }
        return {};
    }
    if (operation.is<ExecuteOp>() || operation.is<BulkInsertOp>())
        return {};
    if (const auto *o = operation.as<BatchAlterTableOp>()) {
        for (const Operation &inner : o->ops) {
            if (auto applied = applyInBatch(o->tableName, o->schema, inner); !applied)
                return applied;
        }
        return {};
    }
    if (const auto *o = operation.as<DropIndexOp>()) {
        for (const Table &t : m_metadata.tables()) {
            if (!o->tableName.isEmpty() && t.name != o->tableName)
                continue;
            Table *mt = m_metadata.table(t.name, t.schema);
            if (mt->indexes.removeIf([&](const Index &i) { return i.name == o->indexName; }) > 0)
                return {};
        }
        return failAt(where, u"no such index: %1"_s.arg(o->indexName));
    }
    return applyInBatch(operation.tableName(), QString(), operation);
}

Status SchemaSimulator::applyInBatch(const QString &tableName, const QString &schemaName, const Operation &operation)
{
    const SourceLocation &where = operation.location;
    // Operations outside a batch carry their own schema.
    QString schema = schemaName;
    std::visit([&](const auto &o) {
        if constexpr (requires { o.schema; }) {
            if (schema.isEmpty())
                schema = o.schema;
        }
    }, operation.op);

    if (operation.is<DropIndexOp>() || operation.is<CreateTableOp>() || operation.is<DropTableOp>()
        || operation.is<RenameTableOp>() || operation.is<BatchAlterTableOp>() || operation.is<ExecuteOp>()
        || operation.is<BulkInsertOp>()) {
        if (const auto *di = operation.as<DropIndexOp>(); di && di->tableName.isEmpty()) {
            DropIndexOp scoped = *di;
            scoped.tableName = tableName;
            return apply(Operation{scoped, where});
        }
        return apply(operation);
    }

    auto found = existingTable(tableName, schema, where);
    if (!found)
        return std::unexpected(found.error());
    Table &table = **found;

    if (const auto *o = operation.as<AddColumnOp>()) {
        if (table.column(o->column.name))
            return failAt(where, u"duplicate column name: %1"_s.arg(o->column.name));
        table.columns << o->column;
        table.constraints << o->constraints;
        return {};
    }
    if (const auto *o = operation.as<DropColumnOp>()) {
        if (!table.column(o->columnName))
            return failAt(where, u"no such column: \"%1\""_s.arg(o->columnName));
        table.columns.removeIf([&](const Column &c) { return c.name == o->columnName; });
        // What names the dropped column goes with it, as a batch rebuild drops it.
        table.constraints.removeIf([&](const Constraint &c) { return c.columns.contains(o->columnName); });
        table.indexes.removeIf([&](const Index &i) { return i.columns.contains(o->columnName); });
        return {};
    }
    if (const auto *o = operation.as<AlterColumnOp>()) {
        Column *c = table.column(o->columnName);
        if (!c)
            return failAt(where, u"no such column: \"%1\""_s.arg(o->columnName));
        if (o->nullable)
            c->nullable = *o->nullable;
        if (o->type)
            c->type = *o->type;
        if (o->serverDefault)
            c->serverDefault = *o->serverDefault;
        if (o->comment)
            c->comment = *o->comment;
        if (o->newName && *o->newName != o->columnName) {
            if (table.column(*o->newName))
                return failAt(where, u"duplicate column name: %1"_s.arg(*o->newName));
            const QString from = c->name;
            c->name = *o->newName;
            for (Constraint &k : table.constraints)
                renameInList(k.columns, from, *o->newName);
            for (Index &i : table.indexes)
                renameInList(i.columns, from, *o->newName);
            for (const Table &other : m_metadata.tables()) {
                Table *ot = m_metadata.table(other.name, other.schema);
                for (Constraint &k : ot->constraints) {
                    if (k.isForeignKey() && k.referredTable == table.name)
                        renameInList(k.referredColumns, from, *o->newName);
                }
            }
        }
        return {};
    }
    if (const auto *o = operation.as<CreateIndexOp>()) {
        for (const Table &t : m_metadata.tables()) {
            for (const Index &i : t.indexes) {
                if (i.name == o->index.name)
                    return failAt(where, u"index %1 already exists"_s.arg(i.name));
            }
        }
        for (const QString &col : o->index.columns) {
            if (!table.column(col) && !col.contains(u'('))
                return failAt(where, u"no such column: %1"_s.arg(col));
        }
        table.indexes << o->index;
        return {};
    }
    if (const auto *o = operation.as<AddConstraintOp>()) {
        if (o->constraint.isPrimaryKey())
            table.constraints.removeIf([](const Constraint &c) { return c.isPrimaryKey(); });
        if (o->constraint.isPrimaryKey()) {
            for (Column &col : table.columns)
                col.primaryKey = o->constraint.columns.contains(col.name);
        }
        table.constraints << o->constraint;
        return {};
    }
    if (const auto *o = operation.as<DropConstraintOp>()) {
        if (!dropFromTable(table, o->constraintName))
            return failAt(where, u"No such constraint: '%1'"_s.arg(o->constraintName));
        return {};
    }
    return failAt(where, u"operation not understood by the schema simulator"_s);
}

} // namespace pm
