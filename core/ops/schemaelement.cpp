#include "ops/schemaelement.h"

#include <QHashFunctions>

#include "ops/operation.h"

using namespace Qt::StringLiterals;

namespace pm {

SchemaElementRef SchemaElementRef::ofTable(QString table, QString schema)
{
    return {Kind::Table, std::move(schema), std::move(table), {}};
}

SchemaElementRef SchemaElementRef::ofColumn(QString table, QString column, QString schema)
{
    return {Kind::Column, std::move(schema), std::move(table), std::move(column)};
}

SchemaElementRef SchemaElementRef::ofIndex(QString table, QString index, QString schema)
{
    return {Kind::Index, std::move(schema), std::move(table), std::move(index)};
}

SchemaElementRef SchemaElementRef::ofConstraint(QString table, QString constraint, QString schema)
{
    return {Kind::Constraint, std::move(schema), std::move(table), std::move(constraint)};
}

QString SchemaElementRef::toString() const
{
    const QString qualified = schema.isEmpty() ? table : schema + u'.' + table;
    switch (kind) {
    case Kind::Table:
        return qualified;
    case Kind::Column:
        return qualified + u'.' + name;
    case Kind::Index:
        return qualified + u": index "_s + name;
    case Kind::Constraint:
        if (name.isEmpty())
            return qualified + u": unnamed constraint"_s;
        return qualified + u": constraint "_s + name;
    }
    return qualified;
}

size_t qHash(const SchemaElementRef &ref, size_t seed)
{
    return qHashMulti(seed, int(ref.kind), ref.schema, ref.table, ref.name);
}

namespace {

void collect(const Operation &operation, const QString &batchTable, const QString &batchSchema,
             QList<SchemaElementRef> &out)
{
    auto add = [&out](const SchemaElementRef &ref) {
        if (!out.contains(ref))
            out << ref;
    };
    // Inside a batch block the operations name the batch's table.
    auto tableOf = [&](const QString &name) { return name.isEmpty() ? batchTable : name; };
    auto schemaOf = [&](const QString &schema) { return schema.isEmpty() ? batchSchema : schema; };

    std::visit(
        [&](const auto &o) {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>) {
                add(SchemaElementRef::ofTable(o.table.name, o.table.schema));
            } else if constexpr (std::is_same_v<T, DropTableOp>) {
                add(SchemaElementRef::ofTable(o.tableName, o.schema));
            } else if constexpr (std::is_same_v<T, RenameTableOp>) {
                add(SchemaElementRef::ofTable(o.oldName, o.schema));
                add(SchemaElementRef::ofTable(o.newName, o.schema));
            } else if constexpr (std::is_same_v<T, AddColumnOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofColumn(table, o.column.name, schema));
                add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, DropColumnOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofColumn(table, o.columnName, schema));
                add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, AlterColumnOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofColumn(table, o.columnName, schema));
                if (o.newName)
                    add(SchemaElementRef::ofColumn(table, *o.newName, schema));
                add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, CreateIndexOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofIndex(table, o.index.name, schema));
                add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, DropIndexOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofIndex(table, o.indexName, schema));
                if (!table.isEmpty())
                    add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, AddConstraintOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofConstraint(table, o.constraint.name, schema));
                add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, DropConstraintOp>) {
                const QString table = tableOf(o.tableName), schema = schemaOf(o.schema);
                add(SchemaElementRef::ofConstraint(table, o.constraintName, schema));
                add(SchemaElementRef::ofTable(table, schema));
            } else if constexpr (std::is_same_v<T, BulkInsertOp> || std::is_same_v<T, CreateTableCommentOp>
                                 || std::is_same_v<T, DropTableCommentOp>) {
                add(SchemaElementRef::ofTable(o.tableName, o.schema));
            } else if constexpr (std::is_same_v<T, BatchAlterTableOp>) {
                for (const Operation &inner : o.ops)
                    collect(inner, o.tableName, o.schema, out);
                add(SchemaElementRef::ofTable(o.tableName, o.schema));
            } else {
                // A named enum type is no table's; op.execute's SQL is opaque.
                static_assert(std::is_same_v<T, ExecuteOp> || std::is_same_v<T, EnumTypeOp>,
                              "every operation kind names what it touches");
            }
        },
        operation.op);
}

} // namespace

QList<SchemaElementRef> elementsTouchedBy(const Operation &operation)
{
    QList<SchemaElementRef> out;
    collect(operation, {}, {}, out);
    return out;
}

} // namespace pm
