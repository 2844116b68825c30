#include "diagram/revisionchange.h"

#include "ops/schemasimulator.h"
#include "revision/revisionspec.h"
#include "runtime/scriptdirectory.h"
#include "runtime/sqlplanner.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

Result<ChangeStep> changeStep(const ScriptDirectory &scripts, const MigrationStep &step)
{
    ChangeStep out;
    out.title = step.toString();
    if (step.kind() != MigrationStep::Kind::Revision)
        return out; // a stamp-like step (branch moves) runs no operations
    out.revision = step.revision().revision();
    const Result<const MigrationScript *> script = scripts.script(out.revision);
    if (!script)
        return std::unexpected(script.error());
    auto body = (*script)->body(step.isUpgrade());
    if (!body)
        return std::unexpected(body.error());
    out.operations = **body;
    return out;
}

} // namespace

Result<QList<MigrationStep>> stepsBefore(const ScriptDirectory &scripts, const QString &revision)
{
    const RevResult<QList<MigrationStep>> steps = scripts.planner().upgradeRevs(revision, RevisionSpec::tuple({}));
    if (!steps)
        return std::unexpected(steps.error().toError());
    QList<MigrationStep> before;
    for (const MigrationStep &step : *steps) {
        if (step.kind() == MigrationStep::Kind::Revision && step.revision().revision() == revision)
            continue;
        before << step;
    }
    return before;
}

Result<MetaData> schemaAfter(const ScriptDirectory &scripts, const QList<MigrationStep> &steps,
                             const Dialect &dialect, MetaData start)
{
    SchemaSimulator schema(std::move(start));
    for (const MigrationStep &step : steps) {
        const Result<ChangeStep> ops = changeStep(scripts, step);
        if (!ops)
            return std::unexpected(ops.error());
        // As --sql plans them: a batch rebuild orders columns as Alembic does.
        SqlPlanner planner(dialect, schema, SqlPlanner::Mode::Offline);
        if (auto planned = planner.plan(ops->operations); !planned)
            return std::unexpected(planned.error());
    }
    return schema.metadata();
}

PartialSchema schemaAfterReadable(const ScriptDirectory &scripts, const QList<MigrationStep> &steps,
                                  const Dialect &dialect, MetaData start)
{
    SchemaSimulator schema(std::move(start));
    QString gap;
    for (const MigrationStep &step : steps) {
        const Result<ChangeStep> ops = changeStep(scripts, step);
        if (!ops) {
            if (gap.isEmpty())
                gap = u"revision %1 before it could not be read (%2)"_s.arg(step.revision().revision(),
                                                                         ops.error().toString());
            continue;
        }
        SqlPlanner planner(dialect, schema, SqlPlanner::Mode::Offline);
        for (const Operation &op : ops->operations) {
            if (auto planned = planner.plan(op); !planned && gap.isEmpty())
                gap = u"revision %1 before it could not be simulated (%2)"_s.arg(ops->revision,
                                                                              planned.error().toString());
        }
    }
    return PartialSchema{schema.metadata(), gap};
}

Error withSchemaGap(Error error, const QString &gap)
{
    if (!gap.isEmpty())
        error.message += u"; "_s + gap;
    return error;
}

Result<SchemaChange> revisionChange(const ScriptDirectory &scripts, const QString &revision, const Dialect &dialect)
{
    const Result<QList<MigrationStep>> before = stepsBefore(scripts, revision);
    if (!before)
        return std::unexpected(before.error());
    const PartialSchema start = schemaAfterReadable(scripts, *before, dialect);
    const Result<const MigrationScript *> script = scripts.script(revision);
    if (!script)
        return std::unexpected(script.error());
    ChangeStep step;
    step.title = u"upgrade %1 -> %2"_s.arg((*script)->downRevision.ids.isEmpty() ? u"<base>"_s
                                                                               : (*script)->downRevision.ids.join(u", "_s),
                                          revision);
    step.revision = revision;
    auto upgrade = (*script)->body(true);
    if (!upgrade)
        return std::unexpected(upgrade.error());
    step.operations = **upgrade;
    Result<SchemaChange> change = computeSchemaChange(start.schema, {step}, dialect);
    if (!change)
        return std::unexpected(withSchemaGap(change.error(), start.gap));
    return change;
}

Result<SchemaChange> runChange(const ScriptDirectory &scripts, const QList<MigrationStep> &steps,
                               const MetaData &start, const Dialect &dialect, const QList<SchemaObject> &objects)
{
    QList<ChangeStep> changeSteps;
    for (const MigrationStep &step : steps) {
        const Result<ChangeStep> ops = changeStep(scripts, step);
        if (!ops)
            return std::unexpected(ops.error());
        changeSteps << *ops;
    }
    return computeSchemaChange(start, changeSteps, dialect, objects);
}

} // namespace pm
