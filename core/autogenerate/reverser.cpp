#include "autogenerate/reverser.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString dropTypeFor(const Constraint &c)
{
    switch (c.kind) {
    case Constraint::Kind::PrimaryKey: return u"primary"_s;
    case Constraint::Kind::ForeignKey: return u"foreignkey"_s;
    case Constraint::Kind::Unique: return u"unique"_s;
    case Constraint::Kind::Check: return u"check"_s;
    }
    return {};
}

Result<Operation::Variant> reverseVariant(const Operation::Variant &variant)
{
    return std::visit(
        [](const auto &o) -> Result<Operation::Variant> {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>) {
                return DropTableOp{o.table.name, o.table.schema, o.table};
            } else if constexpr (std::is_same_v<T, DropTableOp>) {
                if (!o.existing)
                    return fail(u"drop_table('%1') is not reversible; the original table is not known"_s.arg(o.tableName));
                Table t = *o.existing;
                t.name = o.tableName;
                t.schema = o.schema;
                // Indexes come back as their own create_index ops.
                t.indexes.clear();
                return CreateTableOp{t};
            } else if constexpr (std::is_same_v<T, RenameTableOp>) {
                return RenameTableOp{o.newName, o.oldName, o.schema};
            } else if constexpr (std::is_same_v<T, AddColumnOp>) {
                return DropColumnOp{o.tableName, o.schema, o.column.name, o.column};
            } else if constexpr (std::is_same_v<T, DropColumnOp>) {
                if (!o.existing)
                    return fail(u"drop_column('%1', '%2') is not reversible; the original column is not known"_s.arg(
                        o.tableName, o.columnName));
                return AddColumnOp{o.tableName, o.schema, *o.existing, {}, false};
            } else if constexpr (std::is_same_v<T, AlterColumnOp>) {
                // AlterColumnOp.reverse(): every modified attribute swaps
                // with its existing_ counterpart; autoincrement stays.
                AlterColumnOp r = o;
                if (o.type)
                    std::swap(r.type, r.existingType);
                if (o.nullable)
                    std::swap(r.nullable, r.existingNullable);
                if (o.serverDefault)
                    std::swap(r.serverDefault, r.existingServerDefault);
                if (o.comment)
                    std::swap(r.comment, r.existingComment);
                if (o.newName) {
                    r.columnName = *o.newName;
                    r.newName = o.columnName;
                }
                return r;
            } else if constexpr (std::is_same_v<T, CreateIndexOp>) {
                return DropIndexOp{o.index.name, o.tableName, o.schema, o.index};
            } else if constexpr (std::is_same_v<T, DropIndexOp>) {
                if (!o.existing)
                    return fail(u"drop_index('%1') is not reversible; the original index is not known"_s.arg(o.indexName));
                Index index = *o.existing;
                index.name = o.indexName;
                return CreateIndexOp{o.tableName, o.schema, index};
            } else if constexpr (std::is_same_v<T, AddConstraintOp>) {
                return DropConstraintOp{o.constraint.name, o.tableName, o.schema, dropTypeFor(o.constraint),
                                        o.constraint};
            } else if constexpr (std::is_same_v<T, DropConstraintOp>) {
                if (!o.existing)
                    return fail(u"drop_constraint('%1') is not reversible; the original constraint is not known"_s.arg(
                        o.constraintName));
                Constraint c = *o.existing;
                c.name = o.constraintName;
                return AddConstraintOp{o.tableName, o.schema, c};
            } else if constexpr (std::is_same_v<T, ExecuteOp>) {
                return fail(u"op.execute() is not reversible"_s);
            } else if constexpr (std::is_same_v<T, BulkInsertOp>) {
                return fail(u"op.bulk_insert() is not reversible"_s);
            } else if constexpr (std::is_same_v<T, CreateTableCommentOp>) {
                // CreateTableCommentOp.reverse()
                if (!o.existingComment)
                    return DropTableCommentOp{o.tableName, o.schema, o.comment};
                return CreateTableCommentOp{o.tableName, o.schema, *o.existingComment, o.comment};
            } else if constexpr (std::is_same_v<T, DropTableCommentOp>) {
                return CreateTableCommentOp{o.tableName, o.schema, o.existingComment.value_or(QString()), {}};
            } else if constexpr (std::is_same_v<T, EnumTypeOp>) {
                EnumTypeOp r = o;
                r.action = o.action == EnumTypeOp::Action::Create ? EnumTypeOp::Action::Drop : EnumTypeOp::Action::Create;
                return r;
            } else {
                static_assert(std::is_same_v<T, BatchAlterTableOp>);
                BatchAlterTableOp r{o.tableName, o.schema, o.recreate, {}};
                auto inner = reverseOperations(o.ops);
                if (!inner)
                    return std::unexpected(inner.error());
                r.ops = std::move(*inner);
                return r;
            }
        },
        variant);
}

} // namespace

Result<Operation> reverseOperation(const Operation &op)
{
    auto reversed = reverseVariant(op.op);
    if (!reversed) {
        Error e = reversed.error();
        e.file = op.location.file;
        e.line = op.location.line;
        e.column = op.location.column;
        return std::unexpected(e);
    }
    return Operation{std::move(*reversed), op.location};
}

Result<OperationList> reverseOperations(const OperationList &ops)
{
    OperationList out;
    out.reserve(ops.size());
    for (auto it = ops.rbegin(); it != ops.rend(); ++it) {
        auto r = reverseOperation(*it);
        if (!r)
            return std::unexpected(r.error());
        out.push_back(std::move(*r));
    }
    return out;
}

namespace {

// The columns an operation names, by their name at the time it runs.
QStringList columnsNamedBy(const Operation &op)
{
    if (const auto *o = op.as<CreateIndexOp>())
        return o->index.columns;
    if (const auto *o = op.as<AddConstraintOp>())
        return o->constraint.columns;
    if (const auto *o = op.as<AlterColumnOp>())
        return {o->columnName};
    if (const auto *o = op.as<DropColumnOp>())
        return {o->columnName};
    if (const auto *o = op.as<DropIndexOp>())
        return o->existing ? o->existing->columns : QStringList();
    if (const auto *o = op.as<DropConstraintOp>())
        return o->existing ? o->existing->columns : QStringList();
    return {};
}

// Alembic's batch (ApplyBatchImpl) keeps a renamed column under its old key
// until the block ends: an index created in the same block on the new name
// fails with KeyError. An operation naming a column renamed earlier in the
// block starts a block of its own.
bool namesRenamedColumn(const BatchAlterTableOp &batch, const Operation &op)
{
    const QStringList named = columnsNamedBy(op);
    for (const Operation &earlier : batch.ops) {
        const auto *alter = earlier.as<AlterColumnOp>();
        if (alter && alter->newName && named.contains(*alter->newName))
            return true;
    }
    return false;
}

} // namespace

bool isTableLevelOperation(const Operation &op)
{
    return op.is<AddColumnOp>() || op.is<DropColumnOp>() || op.is<AlterColumnOp>() || op.is<CreateIndexOp>()
        || op.is<DropIndexOp>() || op.is<AddConstraintOp>() || op.is<DropConstraintOp>();
}

OperationList groupIntoBatches(const OperationList &ops)
{
    OperationList out;
    // Only a batch this pass opened may be extended; a batch block the
    // input already had stays as written.
    bool lastIsOpenedHere = false;
    for (const Operation &op : ops) {
        if (!isTableLevelOperation(op)) {
            out.push_back(op);
            lastIsOpenedHere = false;
            continue;
        }
        const QString table = op.tableName();
        const QString schema = op.schemaName();
        BatchAlterTableOp *batch = lastIsOpenedHere ? out.back().as<BatchAlterTableOp>() : nullptr;
        if (!batch || batch->tableName != table || batch->schema != schema || namesRenamedColumn(*batch, op)) {
            out.push_back(Operation{BatchAlterTableOp{table, schema, u"auto"_s, {}}, op.location});
            batch = out.back().as<BatchAlterTableOp>();
            lastIsOpenedHere = true;
        }
        batch->ops.push_back(op);
    }
    return out;
}

} // namespace pm
