#include "autogenerate/operationselection.h"

#include <functional>
#include <optional>

#include <QHash>
#include <QHashFunctions>
#include <QSet>

#include "autogenerate/changedescription.h"
#include "autogenerate/reverser.h"
#include "ops/schemaelement.h"

using namespace Qt::StringLiterals;

namespace pm {

QString OperationPath::toString() const
{
    return inner < 0 ? QString::number(index) : u"%1.%2"_s.arg(index).arg(inner);
}

size_t qHash(const OperationPath &path, size_t seed)
{
    return qHashMulti(seed, path.index, path.inner);
}

const Operation *operationAt(const OperationList &ops, const OperationPath &path)
{
    if (path.index < 0 || path.index >= int(ops.size()))
        return nullptr;
    const Operation &top = ops[size_t(path.index)];
    if (path.inner < 0)
        return &top;
    const auto *batch = top.as<BatchAlterTableOp>();
    if (!batch || path.inner >= int(batch->ops.size()))
        return nullptr;
    return &batch->ops[size_t(path.inner)];
}

QList<OperationPath> leafPaths(const OperationList &ops)
{
    QList<OperationPath> out;
    for (int i = 0; i < int(ops.size()); ++i) {
        if (const auto *batch = ops[size_t(i)].as<BatchAlterTableOp>()) {
            for (int j = 0; j < int(batch->ops.size()); ++j)
                out << OperationPath::inBatch(i, j);
        } else {
            out << OperationPath::at(i);
        }
    }
    return out;
}

QList<OperationPath> leafPathsAt(const OperationList &ops, const OperationPath &path)
{
    const Operation *op = operationAt(ops, path);
    if (!op)
        return {};
    const auto *batch = op->as<BatchAlterTableOp>();
    if (!batch)
        return {path};
    QList<OperationPath> out;
    for (int j = 0; j < int(batch->ops.size()); ++j)
        out << OperationPath::inBatch(path.index, j);
    return out;
}

namespace {

using Ref = SchemaElementRef;

// What one leaf operation means for the schema's elements.
struct Facts
{
    OperationPath path;
    const Operation *op = nullptr;
    QList<Ref> needs;   // must exist for it to run
    QList<Ref> adds;    // exist after it, not before
    QList<Ref> removes; // dropped by it (drop_* only)
    // For a removal: the element it removes, and what that element needs
    // to stay when the removal is left out.
    std::optional<Ref> removed;
    QList<Ref> keeps;
    bool createsTable = false; // create_table / rename_table: its columns come with it
};

// A reflected expression index keeps SQL text where a column name would be.
bool isColumnName(const QString &name)
{
    return !name.isEmpty() && !name.contains(u'(') && !name.contains(u' ');
}

void addColumns(QList<Ref> &to, const QString &table, const QStringList &columns, const QString &schema)
{
    for (const QString &c : columns) {
        if (isColumnName(c))
            to << Ref::ofColumn(table, c, schema);
    }
}

// What a foreign key of `table` refers to, itself excepted.
void addReferred(QList<Ref> &to, const Constraint &fk, const QString &table, const QString &schema)
{
    if (!fk.isForeignKey() || fk.referredTable.isEmpty())
        return;
    if (fk.referredTable == table && fk.referredSchema == schema)
        return;
    to << Ref::ofTable(fk.referredTable, fk.referredSchema);
    addColumns(to, fk.referredTable, fk.referredColumns, fk.referredSchema);
}

Facts factsOf(const Operation &op, const OperationPath &path, const QString &batchTable, const QString &batchSchema)
{
    Facts f;
    f.path = path;
    f.op = &op;
    const QString table = op.tableName().isEmpty() ? batchTable : op.tableName();
    const QString schema = op.schemaName().isEmpty() ? batchSchema : op.schemaName();
    const Ref tableRef = Ref::ofTable(table, schema);

    if (const auto *o = op.as<CreateTableOp>()) {
        f.createsTable = true;
        f.adds << tableRef;
        for (const Column &c : o->table.columns)
            f.adds << Ref::ofColumn(table, c.name, schema);
        for (const Constraint &c : o->table.constraints) {
            if (!c.name.isEmpty())
                f.adds << Ref::ofConstraint(table, c.name, schema);
            addReferred(f.needs, c, table, schema);
        }
    } else if (const auto *o = op.as<RenameTableOp>()) {
        f.createsTable = true;
        f.needs << Ref::ofTable(o->oldName, o->schema);
        f.adds << Ref::ofTable(o->newName, o->schema);
    } else if (const auto *o = op.as<AddColumnOp>()) {
        f.needs << tableRef;
        f.adds << Ref::ofColumn(table, o->column.name, schema);
        for (const Constraint &c : o->constraints) {
            if (!c.name.isEmpty())
                f.adds << Ref::ofConstraint(table, c.name, schema);
            addReferred(f.needs, c, table, schema);
        }
    } else if (const auto *o = op.as<AlterColumnOp>()) {
        f.needs << tableRef << Ref::ofColumn(table, o->columnName, schema);
        if (o->newName)
            f.adds << Ref::ofColumn(table, *o->newName, schema);
    } else if (const auto *o = op.as<CreateIndexOp>()) {
        f.needs << tableRef;
        addColumns(f.needs, table, o->index.columns, schema);
        f.adds << Ref::ofIndex(table, o->index.name, schema);
    } else if (const auto *o = op.as<AddConstraintOp>()) {
        f.needs << tableRef;
        addColumns(f.needs, table, o->constraint.columns, schema);
        addReferred(f.needs, o->constraint, table, schema);
        if (!o->constraint.name.isEmpty())
            f.adds << Ref::ofConstraint(table, o->constraint.name, schema);
    } else if (const auto *o = op.as<BulkInsertOp>()) {
        f.needs << tableRef;
        for (const Column &c : o->columns)
            f.needs << Ref::ofColumn(table, c.name, schema);
    } else if (const auto *o = op.as<DropTableOp>()) {
        f.removed = tableRef;
        f.removes << tableRef;
        if (o->existing) {
            for (const Constraint &c : o->existing->constraints)
                addReferred(f.keeps, c, table, schema);
        }
    } else if (const auto *o = op.as<DropColumnOp>()) {
        f.removed = Ref::ofColumn(table, o->columnName, schema);
        f.removes << *f.removed;
        f.keeps << tableRef;
    } else if (const auto *o = op.as<DropIndexOp>()) {
        f.removed = Ref::ofIndex(table, o->indexName, schema);
        f.removes << *f.removed;
        f.keeps << tableRef;
        if (o->existing)
            addColumns(f.keeps, table, o->existing->columns, schema);
    } else if (const auto *o = op.as<DropConstraintOp>()) {
        f.removed = Ref::ofConstraint(table, o->constraintName, schema);
        f.removes << *f.removed;
        f.keeps << tableRef;
        if (o->existing) {
            addColumns(f.keeps, table, o->existing->columns, schema);
            addReferred(f.keeps, *o->existing, table, schema);
        }
    }
    return f;
}

QList<Facts> factsOf(const OperationList &ops)
{
    QList<Facts> out;
    for (const OperationPath &path : leafPaths(ops)) {
        QString batchTable, batchSchema;
        if (path.isInBatch()) {
            const auto *batch = ops[size_t(path.index)].as<BatchAlterTableOp>();
            batchTable = batch->tableName;
            batchSchema = batch->schema;
        }
        out << factsOf(*operationAt(ops, path), path, batchTable, batchSchema);
    }
    return out;
}

// Why `x` cannot stay when `y` is left out; nullopt when it can.
std::optional<QString> dependency(const Facts &x, const Facts &y)
{
    if (x.path == y.path)
        return std::nullopt;
    for (const Ref &need : x.needs) {
        const bool added = y.adds.contains(need)
            || (y.createsTable && need.kind != Ref::Kind::Table && y.adds.contains(need.tableRef()));
        if (added)
            return u"%1 is left out too: it needs %2, which %3 adds."_s.arg(
                operationLabel(*x.op), describeElement(need), operationLabel(*y.op));
    }
    if (y.removed) {
        for (const Ref &keep : y.keeps) {
            for (const Ref &gone : x.removes) {
                const bool hits = gone == keep || (gone.kind == Ref::Kind::Table && keep.tableRef() == gone);
                if (hits)
                    return u"%1 is left out too: without %2, %3 stays, and it needs %4."_s.arg(
                        operationLabel(*x.op), operationLabel(*y.op), describeElement(*y.removed),
                        describeElement(keep));
            }
        }
    }
    return std::nullopt;
}

Result<QList<OperationPath>> expand(const OperationList &ops, const QList<OperationPath> &paths)
{
    QList<OperationPath> leaves;
    for (const OperationPath &path : paths) {
        if (!operationAt(ops, path))
            return fail(u"There is no operation %1 in this upgrade (it has %2)."_s.arg(path.toString()).arg(ops.size()));
        leaves << leafPathsAt(ops, path);
    }
    return leaves;
}

// The element an operation is about, for matching it with its counterpart.
std::optional<Ref> subject(const Facts &f)
{
    if (f.removed)
        return f.removed;
    if (!f.adds.isEmpty())
        return f.adds.first();
    if (f.needs.size() > 1)
        return f.needs.at(1); // alter_column: its column
    return std::nullopt;
}

OperationList without(const OperationList &ops, const QSet<OperationPath> &gone)
{
    OperationList out;
    for (int i = 0; i < int(ops.size()); ++i) {
        const Operation &op = ops[size_t(i)];
        if (const auto *batch = op.as<BatchAlterTableOp>()) {
            Operation kept = op;
            auto *keptBatch = kept.as<BatchAlterTableOp>();
            keptBatch->ops.clear();
            for (int j = 0; j < int(batch->ops.size()); ++j) {
                if (!gone.contains(OperationPath::inBatch(i, j)))
                    keptBatch->ops.push_back(batch->ops[size_t(j)]);
            }
            if (!keptBatch->ops.empty() || batch->ops.empty())
                out.push_back(std::move(kept));
        } else if (!gone.contains(OperationPath::at(i))) {
            out.push_back(op);
        }
    }
    return out;
}

} // namespace

Result<OperationSelection> leaveOut(const MigrationOps &draft, const QList<OperationPath> &paths)
{
    auto requested = expand(draft.upgrade, paths);
    if (!requested)
        return std::unexpected(requested.error());
    const QList<Facts> facts = factsOf(draft.upgrade);
    QHash<OperationPath, qsizetype> indexOf;
    for (qsizetype i = 0; i < facts.size(); ++i)
        indexOf.insert(facts.at(i).path, i);

    OperationSelection selection;
    QSet<OperationPath> out;
    QList<qsizetype> queue;
    QList<OperationPath> sorted = *requested;
    std::ranges::sort(sorted);
    for (const OperationPath &p : std::as_const(sorted)) {
        if (!out.contains(p)) {
            out.insert(p);
            queue << indexOf.value(p);
        }
    }
    for (qsizetype head = 0; head < queue.size(); ++head) {
        const Facts &y = facts.at(queue.at(head));
        for (qsizetype i = 0; i < facts.size(); ++i) {
            const Facts &x = facts.at(i);
            if (out.contains(x.path))
                continue;
            if (auto reason = dependency(x, y)) {
                out.insert(x.path);
                queue << i;
                selection.forced << ForcedExclusion{x.path, y.path, *reason};
            }
        }
    }

    // Each leaf's counterpart in the downgrade: what reverseOperation()
    // gives for it, preferably at the mirrored position (autogenerate's
    // downgrade is the upgrade reversed), else the same kind of operation
    // on the same element.
    const QList<Facts> downFacts = factsOf(draft.downgrade);
    QSet<OperationPath> downGone;
    for (qsizetype i = 0; i < facts.size(); ++i) {
        const Facts &f = facts.at(i);
        if (!out.contains(f.path))
            continue;
        selection.excluded << f.path;
        const auto reversed = reverseOperation(*f.op);
        if (!reversed)
            continue; // op.execute(), bulk_insert(): nothing in the downgrade undoes them
        const BatchAlterTableOp *batch =
            f.path.isInBatch() ? draft.upgrade[size_t(f.path.index)].as<BatchAlterTableOp>() : nullptr;
        const Facts reversedFacts = factsOf(*reversed, {}, batch ? batch->tableName : QString(),
                                            batch ? batch->schema : QString());
        const qsizetype mirror = downFacts.size() - 1 - i;
        qsizetype found = -1;
        auto exact = [&](qsizetype d) { return downFacts.at(d).op->op == reversed->op; };
        auto similar = [&](qsizetype d) {
            return downFacts.at(d).op->op.index() == reversed->op.index()
                && subject(downFacts.at(d)) == subject(reversedFacts);
        };
        for (const auto &matches : {std::function<bool(qsizetype)>(exact), std::function<bool(qsizetype)>(similar)}) {
            if (mirror >= 0 && mirror < downFacts.size() && !downGone.contains(downFacts.at(mirror).path) && matches(mirror))
                found = mirror;
            for (qsizetype d = 0; found < 0 && d < downFacts.size(); ++d) {
                if (!downGone.contains(downFacts.at(d).path) && matches(d))
                    found = d;
            }
            if (found >= 0)
                break;
        }
        if (found < 0)
            return fail(u"%1 cannot be left out: downgrade() has nothing that undoes it, so the downgrade would "
                        u"undo a change the upgrade no longer makes."_s.arg(operationLabel(*f.op)));
        downGone.insert(downFacts.at(found).path);
    }
    selection.ops.upgrade = without(draft.upgrade, out);
    selection.ops.downgrade = without(draft.downgrade, downGone);
    return selection;
}

QList<OperationPath> operationsNeededBy(const OperationList &upgrade, const OperationPath &path)
{
    auto start = expand(upgrade, {path});
    if (!start)
        return {};
    const QList<Facts> facts = factsOf(upgrade);
    QSet<OperationPath> seen(start->cbegin(), start->cend());
    QList<qsizetype> queue;
    for (qsizetype i = 0; i < facts.size(); ++i) {
        if (seen.contains(facts.at(i).path))
            queue << i;
    }
    QList<OperationPath> needed;
    for (qsizetype head = 0; head < queue.size(); ++head) {
        const Facts &x = facts.at(queue.at(head));
        for (qsizetype i = 0; i < facts.size(); ++i) {
            const Facts &y = facts.at(i);
            if (seen.contains(y.path) || !dependency(x, y))
                continue;
            seen.insert(y.path);
            queue << i;
            needed << y.path;
        }
    }
    std::ranges::sort(needed);
    return needed;
}

} // namespace pm
