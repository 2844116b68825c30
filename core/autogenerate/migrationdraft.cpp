#include "autogenerate/migrationdraft.h"

#include <QSet>

#include "autogenerate/changedescription.h"
#include "autogenerate/reverser.h"
#include "dialect/dialect.h"
#include "ops/schemasimulator.h"

using namespace Qt::StringLiterals;

namespace pm {

MigrationDraft::MigrationDraft() = default;

Result<MigrationDraft> MigrationDraft::create(MetaData database, MetaData target, CompareOptions compare,
                                              RenderOptions render, std::shared_ptr<const Dialect> dialect)
{
    MigrationDraft draft;
    draft.m_database = std::move(database);
    draft.m_target = std::move(target);
    draft.m_render = std::move(render);
    draft.m_dialect = std::move(dialect);
    const SchemaRenames renames = compare.renames;
    compare.renames = {};
    draft.m_compare = std::move(compare);
    draft.m_compare.dialect = draft.m_dialect.get();
    if (Status built = draft.rebuild(); !built)
        return std::unexpected(built.error());
    if (!renames.isEmpty()) {
        if (Status renamed = draft.setRenames(renames); !renamed)
            return std::unexpected(renamed.error());
    }
    return draft;
}

Status MigrationDraft::rebuild()
{
    m_compare.dialect = m_dialect.get();
    m_all = produceMigrations(m_database, m_target, m_compare);
    m_shown = m_render.renderAsBatch ? groupIntoBatches(m_all.upgrade) : m_all.upgrade;
    m_flatLeaves = leafPaths(m_all.upgrade);
    m_shownLeaves = leafPaths(m_shown);

    // What was left out, found again by what it is; what a rename replaced
    // is gone.
    QList<OperationPath> requested;
    QList<Operation> still;
    for (const Operation &op : std::as_const(m_leftOut)) {
        for (const OperationPath &path : std::as_const(m_flatLeaves)) {
            if (!requested.contains(path) && *operationAt(m_all.upgrade, path) == op) {
                requested << path;
                still << op;
                break;
            }
        }
    }
    m_leftOut = still;
    auto selection = pm::leaveOut(m_all, requested);
    if (!selection)
        return std::unexpected(selection.error());
    m_selection = std::move(*selection);
    m_requested = QSet<OperationPath>(requested.cbegin(), requested.cend());
    return {};
}

std::optional<qsizetype> MigrationDraft::flatLeafOf(const OperationPath &shown) const
{
    const qsizetype i = m_shownLeaves.indexOf(shown);
    if (i < 0)
        return std::nullopt;
    return i;
}

OperationPath MigrationDraft::shownPathOf(const OperationPath &flat) const
{
    const qsizetype i = m_flatLeaves.indexOf(flat);
    return i < 0 ? OperationPath() : m_shownLeaves.at(i);
}

MigrationBodies MigrationDraft::bodies() const
{
    return renderMigrationBodies(m_selection.ops, m_render);
}

Result<MetaData> MigrationDraft::schemaAfter() const
{
    SchemaSimulator simulator(m_database);
    if (Status applied = simulator.apply(m_selection.ops.upgrade); !applied)
        return std::unexpected(applied.error());
    return simulator.metadata();
}

QStringList MigrationDraft::detected() const
{
    return describeDetected(m_selection.ops.upgrade);
}

QList<ForcedExclusion> MigrationDraft::forcedExclusions() const
{
    QList<ForcedExclusion> out;
    for (ForcedExclusion f : m_selection.forced) {
        f.path = shownPathOf(f.path);
        f.cause = shownPathOf(f.cause);
        out << f;
    }
    return out;
}

bool MigrationDraft::isLeftOut(const OperationPath &path) const
{
    const QList<OperationPath> leaves = leafPathsAt(m_shown, path);
    for (const OperationPath &leaf : leaves) {
        const auto flat = flatLeafOf(leaf);
        if (!flat || !m_selection.excluded.contains(m_flatLeaves.at(*flat)))
            return false;
    }
    return !leaves.isEmpty();
}

QList<DraftOperation> MigrationDraft::rows() const
{
    QHash<OperationPath, QString> forcedReason;
    for (const ForcedExclusion &f : m_selection.forced)
        forcedReason.insert(f.path, f.reason);
    const auto leafState = [&](const OperationPath &shown, QString *reason) {
        const OperationPath flat = m_flatLeaves.at(*flatLeafOf(shown));
        if (m_requested.contains(flat))
            return DraftOperation::State::LeftOut;
        if (forcedReason.contains(flat)) {
            *reason = forcedReason.value(flat);
            return DraftOperation::State::LeftOutWith;
        }
        return DraftOperation::State::Kept;
    };
    const auto row = [](const OperationPath &path, const Operation &op) {
        DraftOperation r;
        r.path = path;
        r.operation = op;
        r.label = operationLabel(op);
        r.detected = describeDetected(op);
        r.elements = elementsTouchedBy(op);
        return r;
    };

    QList<DraftOperation> out;
    for (int i = 0; i < int(m_shown.size()); ++i) {
        const Operation &op = m_shown[size_t(i)];
        const auto *batch = op.as<BatchAlterTableOp>();
        if (!batch) {
            DraftOperation r = row(OperationPath::at(i), op);
            r.state = leafState(r.path, &r.reason);
            out << r;
            continue;
        }
        DraftOperation block = row(OperationPath::at(i), op);
        QList<DraftOperation> inner;
        int leftOut = 0;
        for (int j = 0; j < int(batch->ops.size()); ++j) {
            // Inside a block the operations name the block's table.
            Operation named = batch->ops[size_t(j)];
            DraftOperation r = row(OperationPath::inBatch(i, j), named);
            r.elements = elementsTouchedBy(Operation{BatchAlterTableOp{batch->tableName, batch->schema, batch->recreate, {named}}, {}});
            r.detected = describeDetected(Operation{BatchAlterTableOp{batch->tableName, batch->schema, batch->recreate, {named}}, {}});
            r.state = leafState(r.path, &r.reason);
            leftOut += r.isLeftOut() ? 1 : 0;
            inner << r;
        }
        block.state = leftOut == 0                  ? DraftOperation::State::Kept
                    : leftOut == int(inner.size()) ? DraftOperation::State::LeftOut
                                                   : DraftOperation::State::PartlyLeftOut;
        out << block << inner;
    }
    return out;
}

Status MigrationDraft::leaveOut(const OperationPath &path)
{
    if (!operationAt(m_shown, path))
        return fail(u"There is no operation %1 in this draft."_s.arg(path.toString()));
    const MigrationDraft before = *this;
    for (const OperationPath &leaf : leafPathsAt(m_shown, path)) {
        const Operation &value = *operationAt(m_all.upgrade, m_flatLeaves.at(*flatLeafOf(leaf)));
        if (!m_leftOut.contains(value))
            m_leftOut << value;
    }
    if (Status built = rebuild(); !built) {
        *this = before;
        return built;
    }
    return {};
}

Status MigrationDraft::takeBack(const OperationPath &path)
{
    if (!operationAt(m_shown, path))
        return fail(u"There is no operation %1 in this draft."_s.arg(path.toString()));
    QList<OperationPath> back;
    for (const OperationPath &leaf : leafPathsAt(m_shown, path)) {
        const OperationPath flat = m_flatLeaves.at(*flatLeafOf(leaf));
        back << flat << operationsNeededBy(m_all.upgrade, flat);
    }
    const MigrationDraft before = *this;
    for (const OperationPath &flat : std::as_const(back))
        m_leftOut.removeAll(*operationAt(m_all.upgrade, flat));
    if (Status built = rebuild(); !built) {
        *this = before;
        return built;
    }
    return {};
}

void MigrationDraft::takeBackAll()
{
    m_leftOut.clear();
    // Nothing left out cannot fail: every leaf path of the draft is valid.
    (void)rebuild();
}

QList<RenameProposal> MigrationDraft::renameProposals() const
{
    return proposeRenames(m_all.upgrade, applyRenames(m_database, m_compare.renames), m_target, m_dialect.get());
}

Status MigrationDraft::setRenames(const SchemaRenames &renames)
{
    CompareOptions plain = m_compare;
    plain.renames = {};
    CompareOptions tablesOnly = plain;
    tablesOnly.renames.tables = renames.tables;
    const OperationList plainUpgrade = compareMetadata(m_database, m_target, plain);
    const OperationList withTables =
        renames.tables.isEmpty() ? plainUpgrade : compareMetadata(m_database, m_target, tablesOnly);
    if (Status checked = checkRenames(renames, plainUpgrade, withTables); !checked)
        return checked;
    const MigrationDraft before = *this;
    m_compare.renames = renames;
    if (Status built = rebuild(); !built) {
        *this = before;
        return built;
    }
    return {};
}

Status MigrationDraft::acceptRename(const RenameProposal &proposal)
{
    SchemaRenames renames = m_compare.renames;
    if (proposal.kind == RenameProposal::Kind::Table)
        renames.tables << proposal.table;
    else
        renames.columns << proposal.column;
    return setRenames(renames);
}

Status MigrationDraft::undoRename(const RenameProposal &proposal)
{
    SchemaRenames renames = m_compare.renames;
    const qsizetype removed = proposal.kind == RenameProposal::Kind::Table ? renames.tables.removeAll(proposal.table)
                                                                           : renames.columns.removeAll(proposal.column);
    if (removed == 0)
        return fail(u"The draft has no %1 rename to undo."_s.arg(proposal.from().toString()));
    return setRenames(renames);
}

} // namespace pm
