#include "runtime/drift.h"

#include "autogenerate/changedescription.h"
#include "autogenerate/comparator.h"
#include "dialect/dialect.h"
#include "ops/schemasimulator.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/environment.h"
#include "runtime/scriptdirectory.h"
#include "runtime/versiontable.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

bool runsExecute(const OperationList &ops)
{
    for (const Operation &op : ops) {
        if (op.is<ExecuteOp>())
            return true;
        if (const auto *batch = op.as<BatchAlterTableOp>(); batch && runsExecute(batch->ops))
            return true;
    }
    return false;
}

} // namespace

Result<DriftReport> detectDrift(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                const Environment &env)
{
    const QSqlDatabase db = connection.database();
    const VersionTable versionTable(env.versionTable, env.versionTableSchema);
    auto exists = versionTable.exists(db);
    if (!exists)
        return std::unexpected(exists.error());
    if (!*exists)
        return fail(u"The database has no %1 table: no revision says what its schema should be. Stamp the "
                    u"revision it is at first (petmigrate stamp <revision>)."_s.arg(versionTable.qualifiedName()));
    auto heads = versionTable.heads(db);
    if (!heads)
        return std::unexpected(heads.error());

    DriftReport report;
    report.revisions = *heads;
    for (const QString &head : std::as_const(*heads)) {
        if (scripts.map().indexOf(head) == RevisionMap::NoRevision)
            return fail(u"The database is at revision %1, which the scripts do not know: there is nothing to compare "
                        u"it with (is this database another project's, or are scripts missing?)"_s.arg(head));
    }

    // Every revision up to the heads, once, in an order that has each after
    // the ones it revises.
    QList<MigrationStep> path;
    for (const QString &head : std::as_const(*heads)) {
        auto toHead = scripts.planner().upgradeRevs(head, RevisionSpec());
        if (!toHead)
            return std::unexpected(toHead.error().toError());
        for (const MigrationStep &s : *toHead) {
            if (!path.contains(s))
                path << s;
        }
    }
    SchemaSimulator simulator;
    for (const MigrationStep &step : std::as_const(path)) {
        if (step.kind() != MigrationStep::Kind::Revision)
            continue;
        const QString revision = step.revision().revision();
        auto script = scripts.script(revision);
        if (!script)
            return std::unexpected(script.error());
        auto upgrade = (*script)->body(true);
        if (!upgrade)
            return std::unexpected(upgrade.error());
        if (Status applied = simulator.apply(**upgrade); !applied) {
            // Typically a first revision written against tables that were
            // there before the project (a database stamped, not built).
            Error e = applied.error();
            e.message = u"the scripts cannot build the schema of revision %1 from base: %2"_s.arg(revision, e.message);
            return std::unexpected(e);
        }
        if (runsExecute(**upgrade))
            report.notes << u"revision %1 runs op.execute(), whose effect on the schema is not simulated: a "
                            u"difference it explains is reported as drift"_s.arg(revision);
    }
    report.expected = simulator.metadata();

    auto actual = reflectDatabase(db, {env.versionTable});
    if (!actual)
        return std::unexpected(actual.error());
    if (!connection.isSqlite()) {
        // Reflection reads the default schema; the scripts' other schemas too.
        QStringList others;
        for (const Table &t : report.expected.tables()) {
            if (!t.schema.isEmpty() && !others.contains(t.schema))
                others << t.schema;
        }
        for (const QString &schema : std::as_const(others)) {
            auto tables = reflectDatabase(db, {env.versionTable}, schema);
            if (!tables)
                return std::unexpected(tables.error());
            for (const Table &t : tables->tables()) {
                if (!actual->table(t.name, t.schema))
                    actual->putTable(t);
            }
        }
    }
    report.actual = std::move(*actual);

    CompareOptions options;
    options.compareType = env.compareType;
    options.compareServerDefault = env.compareServerDefault;
    options.ignoreTables = {env.versionTable};
    const std::unique_ptr<Dialect> dialect = makeDialect(connection.backend());
    options.dialect = dialect.get();
    for (const Operation &op : compareMetadata(report.actual, report.expected, options)) {
        const QList<SchemaElementRef> elements = elementsTouchedBy(op);
        const SchemaElementRef element = elements.isEmpty() ? SchemaElementRef() : elements.first();
        for (const QString &line : describeDetected(op))
            report.differences << DriftDifference{element, line, op};
    }
    return report;
}

} // namespace pm
