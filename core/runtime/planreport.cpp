#include "runtime/planreport.h"

#include <QSqlQuery>

#include "dialect/dialect.h"
#include "inspect/sqliteinspector.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/impactmeasurer.h"
#include "runtime/rehearsal.h"
#include "runtime/scriptdirectory.h"
#include "runtime/sqlplanner.h"

using namespace Qt::StringLiterals;

namespace pm {

PlanReport PlanReport::listing(const QList<MigrationStep> &steps)
{
    PlanReport report;
    for (const MigrationStep &step : steps) {
        Step s;
        s.title = step.toString();
        if (step.kind() == MigrationStep::Kind::Revision)
            s.revision = step.revision().revision();
        report.steps << s;
    }
    return report;
}

QList<Impact> PlanReport::impacts() const
{
    QList<Impact> all;
    for (const Step &s : steps)
        all << s.impacts;
    return all;
}

bool PlanReport::hasFailures() const
{
    for (const Impact &i : impacts()) {
        if (i.kind == Impact::Kind::WillFail)
            return true;
    }
    return false;
}

QString PlanReport::toText() const
{
    QString out;
    if (steps.isEmpty())
        return u"Nothing to do: the database is already at the target.\n"_s;
    if (rehearsed)
        out += u"Rehearsed on a copy of the database (these steps cannot be planned ahead): the SQL is what "
               u"ran there.\n\n"_s;
    int n = 0;
    for (const Step &s : steps) {
        out += u"Step %1: %2\n"_s.arg(++n).arg(s.title);
        for (const QString &sql : s.sql)
            out += u"    "_s + Dialect::offlineForm(sql).trimmed().replace(u"\n"_s, u"\n    "_s) + u'\n';
        for (const Impact &i : s.impacts) {
            const QString where = i.where.file.isEmpty() ? QString()
                                                         : u" (%1:%2)"_s.arg(i.where.file).arg(i.where.line);
            out += (i.kind == Impact::Kind::WillFail ? u"  ! WILL FAIL: "_s : u"  ! DESTROYS: "_s) + i.description
                   + where + u'\n';
        }
        out += u'\n';
    }
    const QList<Impact> all = impacts();
    out += all.isEmpty() ? u"No data is lost by these steps.\n"_s
                         : u"%1 step(s) flagged; nothing was changed.\n"_s.arg(all.size());
    return out;
}

namespace {

// The live schema and the SQLite objects a batch rebuild must recreate,
// reflected once per report.
struct ReportContext
{
    MetaData schema;
    QList<SchemaObject> objects;
};

Result<ReportContext> reflectForReport(const DatabaseConnection &connection, const QString &versionTable)
{
    const QSqlDatabase db = connection.database();
    auto reflected = reflectForPlanner(db, {versionTable});
    if (!reflected)
        return std::unexpected(reflected.error());
    Result<QList<SchemaObject>> objects = QList<SchemaObject>();
    if (connection.isSqlite())
        objects = SqliteInspector(db).schemaObjects();
    if (!objects)
        return std::unexpected(objects.error());
    return ReportContext{std::move(*reflected), std::move(*objects)};
}

// measurer: null when nothing is to be measured.
Status planStep(const ImpactMeasurer *measurer, const Dialect &dialect, SchemaSimulator &schema,
                const QList<SchemaObject> &objects, const OperationList &ops, PlanReport::Step &step)
{
    SqlPlanner planner(dialect, schema, SqlPlanner::Mode::Offline, objects);
    for (const Operation &op : ops) {
        if (measurer)
            measurer->measure(op, QString(), QString(), step.revision, step.impacts);
        auto statements = planner.plan(op);
        if (!statements)
            return std::unexpected(statements.error());
        for (const SqlPlanner::Statement &st : *statements)
            step.sql << st.sql;
    }
    return {};
}

Result<PlanReport> planSteps(const ImpactMeasurer *measurer, SchemaSimulator &schema, const QList<SchemaObject> &objects,
                             const ScriptDirectory &scripts, const Dialect &dialect,
                             const QList<MigrationStep> &steps)
{
    PlanReport report;
    for (const MigrationStep &step : steps) {
        PlanReport::Step s;
        s.title = step.toString();
        if (step.kind() == MigrationStep::Kind::Revision) {
            s.revision = step.revision().revision();
            auto script = scripts.script(s.revision);
            if (!script)
                return std::unexpected(script.error());
            auto ops = (*script)->body(step.isUpgrade());
            if (!ops)
                return std::unexpected(ops.error());
            if (Status planned = planStep(measurer, dialect, schema, objects, **ops, s); !planned)
                return std::unexpected(planned.error());
        }
        report.steps << s;
    }
    return report;
}

} // namespace

Result<PlanReport> buildPlanReport(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                   const Dialect &dialect, const QString &versionTable,
                                   const QList<MigrationStep> &steps)
{
    auto context = reflectForReport(connection, versionTable);
    if (!context)
        return std::unexpected(context.error());
    SchemaSimulator schema(context->schema);
    const ImpactMeasurer measurer(connection.database(), dialect);
    Result<PlanReport> planned = planSteps(&measurer, schema, context->objects, scripts, dialect, steps);
    if (planned || !connection.isSqlite())
        return planned;
    // A body that reads rows stops the plan at its first read: only running
    // it tells what it does. Other steps the planner cannot plan ahead (a
    // value it cannot render as a literal) may still run. Either way, a
    // rehearsal answers; where it fails too and no body reads rows, the
    // planner's own reason stands.
    Result<PlanReport> rehearsed = rehearsePlan(connection, scripts, dialect, versionTable, steps);
    if (!rehearsed && !needsRehearsal(scripts, steps))
        return planned;
    return rehearsed;
}

Result<PlanReport> buildPlanReport(const MetaData &start, const ScriptDirectory &scripts, const Dialect &dialect,
                                   const QList<MigrationStep> &steps, const QString &notMeasured)
{
    SchemaSimulator schema(start);
    Result<PlanReport> report = planSteps(nullptr, schema, {}, scripts, dialect, steps);
    if (report)
        report->notMeasured = notMeasured;
    return report;
}

Result<PlanReport> buildScriptReport(const DatabaseConnection &connection, const Dialect &dialect,
                                     const QString &versionTable, const MigrationScript &script)
{
    auto context = reflectForReport(connection, versionTable);
    if (!context)
        return std::unexpected(context.error());
    SchemaSimulator schema(context->schema);
    const ImpactMeasurer measurer(connection.database(), dialect);

    PlanReport::Step step;
    step.revision = script.revision;
    step.title = u"upgrade %1 -> %2"_s.arg(script.downRevision.ids.isEmpty() ? u"<base>"_s
                                                                               : script.downRevision.ids.join(u", "_s),
                                          script.revision);
    auto ops = script.body(true);
    if (!ops)
        return std::unexpected(ops.error());
    if (Status planned = planStep(&measurer, dialect, schema, context->objects, **ops, step); !planned)
        return std::unexpected(planned.error());
    PlanReport report;
    report.steps << step;
    return report;
}

} // namespace pm
