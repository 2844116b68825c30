#include "ops/schemasimulator.h"

#include <algorithm>
#include <optional>

#include <QHash>
#include <QSet>

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

// A renamed column inside an index's expressions (sa.func.lower(sa.column('x'))).
void renameInExpression(SqlExpression &e, const QString &from, const QString &to)
{
    if (e.kind == SqlExpression::Kind::Column && e.text == from)
        e.text = to;
    for (SqlExpression &operand : e.operands)
        renameInExpression(operand, from, to);
}

bool dropFromTable(Table &table, const QString &constraintName)
{
    const auto removed = table.constraints.removeIf([&](const Constraint &c) { return c.name == constraintName; });
    return removed > 0;
}

// sqlalchemy.util.topological.sort (SQLAlchemy 1.4) as ApplyBatchImpl calls
// it: Kahn's algorithm one layer at a time, each layer in the order of
// `items`, parents that are not among `items` ignored. nullopt on a cycle.
std::optional<QStringList> layeredSort(const QStringList &items, const QList<QPair<QString, QString>> &edges)
{
    QHash<QString, QSet<QString>> parents;
    for (const auto &[parent, child] : edges)
        parents[child].insert(parent);
    QStringList todo = items;
    QSet<QString> todoSet(items.cbegin(), items.cend());
    QStringList out;
    while (!todoSet.isEmpty()) {
        QStringList layer;
        for (const QString &item : std::as_const(todo)) {
            if (!parents.value(item).intersects(todoSet))
                layer << item;
        }
        if (layer.isEmpty())
            return std::nullopt;
        for (const QString &item : std::as_const(layer))
            todoSet.remove(item);
        todo.removeIf([&](const QString &item) { return !todoSet.contains(item); });
        out << layer;
    }
    return out;
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

Status SchemaSimulator::createTable(Table table, const SourceLocation &where)
{
    // The name kept for the message: the table itself is moved in.
    const QString name = table.name;
    const QString schema = table.schema;
    if (!m_metadata.insertTable(std::move(table)))
        return failAt(where, u"table %1 already exists"_s.arg(schema.isEmpty() ? name : schema + u'.' + name));
    return {};
}

Status SchemaSimulator::apply(const Operation &operation)
{
    const SourceLocation &where = operation.location;
    if (const auto *o = operation.as<CreateTableOp>())
        return createTable(o->table, where);
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
        m_metadata.renameTable(o->oldName, o->schema, o->newName);
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
    if (operation.is<ExecuteOp>() || operation.is<BulkInsertOp>() || operation.is<EnumTypeOp>())
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

// Alembic 1.8.1's ApplyBatchImpl (operations/batch.py) keeps the columns in
// an ordered dict: dropped ones leave it, added ones are appended. Each
// add_column also records "comes after the last column of
// existing_ordering", the columns the table had before the block minus those
// dropped so far. If any column was added, _adjust_self_columns_for_partial_
// reordering sorts the dict by those pairs plus a chain over
// existing_ordering. A column added before the table's last column is dropped
// is thereby tied to a column that no longer exists, so it lands in the
// first layer of the sort: (id, a, y) + add x + drop y gives (id, x, a), not
// (id, a, x). Columns are keyed by their name before the block (a rename
// keeps the key), as ApplyBatchImpl keys them.
Status SchemaSimulator::applyBatchRebuild(const BatchAlterTableOp &batch, const SourceLocation &where)
{
    auto found = existingTable(batch.tableName, batch.schema, where);
    if (!found)
        return std::unexpected(found.error());
    QHash<QString, QString> keyOf; // current name -> key
    QStringList existingOrdering;
    for (const Column &c : (*found)->columns) {
        keyOf.insert(c.name, c.name);
        existingOrdering << c.name;
    }
    QList<QPair<QString, QString>> addColOrdering;
    bool dropped = false;
    // ApplyBatchImpl.create_index only records the index; it is made on the
    // new table, after the kept ones, so it may name a column the block adds
    // later (prefect's b75d279ba985 downgrade).
    QList<const Operation *> newIndexes;
    for (const Operation &inner : batch.ops) {
        if (inner.is<CreateIndexOp>()) {
            newIndexes << &inner;
            continue;
        }
        // ApplyBatchImpl.drop_column removes the column only: its indexes
        // and named constraints stay until the new table is made (a later
        // batch_op.drop_index of one of them finds it), then those that
        // name a column the table no longer has are left out.
        std::optional<std::pair<QList<Index>, QList<Constraint>>> kept;
        if (inner.is<DropColumnOp>()) {
            if (const Table *t = m_metadata.table(batch.tableName, batch.schema)) {
                QList<Constraint> constraints = t->constraints;
                constraints.removeIf([](const Constraint &c) { return c.isPrimaryKey(); });
                kept.emplace(t->indexes, constraints);
            }
        }
        if (auto applied = applyInBatch(batch.tableName, batch.schema, inner); !applied)
            return applied;
        if (kept) {
            Table *t = m_metadata.table(batch.tableName, batch.schema);
            t->indexes = kept->first;
            QList<Constraint> constraints = kept->second;
            for (const Constraint &c : std::as_const(t->constraints)) {
                if (c.isPrimaryKey())
                    constraints.prepend(c);
            }
            t->constraints = constraints;
            dropped = true;
        }
        if (const auto *add = inner.as<AddColumnOp>()) {
            if (!existingOrdering.isEmpty())
                addColOrdering.append(qMakePair(existingOrdering.last(), add->column.name));
            keyOf.insert(add->column.name, add->column.name);
        } else if (const auto *drop = inner.as<DropColumnOp>()) {
            existingOrdering.removeOne(keyOf.take(drop->columnName));
        } else if (const auto *alter = inner.as<AlterColumnOp>();
                   alter && alter->newName && *alter->newName != alter->columnName) {
            keyOf.insert(*alter->newName, keyOf.take(alter->columnName));
        }
    }
    if (dropped) {
        Table *t = m_metadata.table(batch.tableName, batch.schema);
        auto missing = [t](const QStringList &columns) {
            return std::ranges::any_of(columns, [t](const QString &c) { return t->column(c) == nullptr; });
        };
        t->indexes.removeIf([&](const Index &i) { return missing(i.columns); });
        t->constraints.removeIf([&](const Constraint &c) { return !c.isPrimaryKey() && missing(c.columns); });
    }
    // It names its columns by their keys in the block (the name a column
    // had when the block began, or was added under): new_table.c[col].
    QHash<QString, QString> nameOfKey;
    for (auto it = keyOf.cbegin(); it != keyOf.cend(); ++it)
        nameOfKey.insert(it.value(), it.key());
    for (const Operation *index : std::as_const(newIndexes)) {
        Operation keyed = *index;
        for (QString &column : keyed.as<CreateIndexOp>()->index.columns)
            column = nameOfKey.value(column, column);
        if (auto applied = applyInBatch(batch.tableName, batch.schema, keyed); !applied)
            return applied;
    }
    if (addColOrdering.isEmpty())
        return {};

    Table *table = m_metadata.table(batch.tableName, batch.schema);
    QStringList colByIdx;
    QHash<QString, qsizetype> indexOfKey;
    for (const Column &c : std::as_const(table->columns)) {
        indexOfKey.insert(keyOf.value(c.name, c.name), colByIdx.size());
        colByIdx << keyOf.value(c.name, c.name);
    }
    // A column added under the key of one renamed away: Alembic's dict
    // would lose a column there; keep ours in plain order instead.
    if (indexOfKey.size() != colByIdx.size())
        return {};
    // Pairs each surviving existing column with the column at the previous
    // position of the new dict, exactly as Alembic's loop does.
    QList<QPair<QString, QString>> pairs;
    for (qsizetype i = 1; i < existingOrdering.size() && i - 1 < colByIdx.size(); ++i)
        pairs.append(qMakePair(colByIdx.at(i - 1), existingOrdering.at(i)));
    pairs << addColOrdering;
    pairs.removeIf([](const QPair<QString, QString> &p) { return p.first == p.second; });
    const auto sorted = layeredSort(colByIdx, pairs);
    if (!sorted)
        return failAt(where, u"batch_alter_table('%1'): the new columns' order is circular"_s.arg(batch.tableName));
    QList<Column> reordered;
    for (const QString &key : *sorted)
        reordered << table->columns.at(indexOfKey.value(key));
    table->columns = reordered;
    return {};
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
        || operation.is<BulkInsertOp>() || operation.is<EnumTypeOp>()) {
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
            for (Index &i : table.indexes) {
                renameInList(i.columns, from, *o->newName);
                for (SqlExpression &e : i.expressions)
                    renameInExpression(e, from, *o->newName);
            }
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
    if (const auto *o = operation.as<CreateTableCommentOp>()) {
        table.comment = o->comment;
        return {};
    }
    if (operation.is<DropTableCommentOp>()) {
        table.comment.clear();
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
