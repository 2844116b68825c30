#include "diagram/schemachange.h"

#include <functional>

#include "diagram/elementtext.h"
#include "dialect/dialect.h"
#include "ops/schemaelement.h"
#include "ops/schemasimulator.h"
#include "runtime/drift.h"
#include "runtime/planreport.h"
#include "runtime/sqlplanner.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString keyOf(const QString &name, const QString &schema)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

// Follows renames through the operations, so the diagram can say "renamed"
// (and keep the data's identity) rather than "removed" and "added".
class RenameTracker
{
public:
    explicit RenameTracker(const MetaData &before)
    {
        for (const Table &t : before.tables()) {
            const QString key = keyOf(t.name, t.schema);
            m_tableOrigin.insert(key, t.name);
            QHash<QString, QString> &columns = m_columnOrigin[key];
            for (const Column &c : t.columns)
                columns.insert(c.name, c.name);
        }
    }

    void apply(const Operation &op, const QString &batchTable = {}, const QString &batchSchema = {})
    {
        const auto table = [&](const QString &name) { return name.isEmpty() ? batchTable : name; };
        const auto schema = [&](const QString &name) { return name.isEmpty() ? batchSchema : name; };
        if (const auto *o = op.as<BatchAlterTableOp>()) {
            for (const Operation &inner : o->ops)
                apply(inner, o->tableName, o->schema);
        } else if (const auto *o = op.as<RenameTableOp>()) {
            const QString from = keyOf(o->oldName, o->schema), to = keyOf(o->newName, o->schema);
            if (m_tableOrigin.contains(from))
                m_tableOrigin.insert(to, m_tableOrigin.take(from));
            if (m_columnOrigin.contains(from))
                m_columnOrigin.insert(to, m_columnOrigin.take(from));
        } else if (const auto *o = op.as<DropTableOp>()) {
            m_tableOrigin.remove(keyOf(o->tableName, o->schema));
            m_columnOrigin.remove(keyOf(o->tableName, o->schema));
        } else if (const auto *o = op.as<AddColumnOp>()) {
            m_columnOrigin[keyOf(table(o->tableName), schema(o->schema))].insert(o->column.name, QString());
        } else if (const auto *o = op.as<DropColumnOp>()) {
            m_columnOrigin[keyOf(table(o->tableName), schema(o->schema))].remove(o->columnName);
        } else if (const auto *o = op.as<AlterColumnOp>(); o && o->newName && *o->newName != o->columnName) {
            QHash<QString, QString> &columns = m_columnOrigin[keyOf(table(o->tableName), schema(o->schema))];
            columns.insert(*o->newName, columns.take(o->columnName));
        }
    }

    SchemaDiagram::Renames renames() const
    {
        SchemaDiagram::Renames out;
        for (auto it = m_tableOrigin.cbegin(); it != m_tableOrigin.cend(); ++it) {
            const QString name = it.key().section(u'.', -1);
            if (!it.value().isEmpty() && it.value() != name)
                out.tables.insert(it.key(), it.value());
        }
        for (auto t = m_columnOrigin.cbegin(); t != m_columnOrigin.cend(); ++t) {
            for (auto c = t.value().cbegin(); c != t.value().cend(); ++c) {
                if (!c.value().isEmpty() && c.value() != c.key())
                    out.columns[t.key()].insert(c.key(), c.value());
            }
        }
        return out;
    }

private:
    // Keyed by current qualified name; values are names at the start (empty:
    // created during the change). Only looked up, never iterated for order.
    QHash<QString, QString> m_tableOrigin;
    QHash<QString, QHash<QString, QString>> m_columnOrigin;
};

// A batch block's operation names the block's table.
QList<SchemaElementRef> innerElements(const BatchAlterTableOp &batch, const Operation &inner)
{
    BatchAlterTableOp alone;
    alone.tableName = batch.tableName;
    alone.schema = batch.schema;
    alone.ops = {inner};
    return elementsTouchedBy(Operation{alone, inner.location});
}

// The innermost operations that match: a batch block only when none of
// its operations does.
void collectPaths(const ChangeOperation &op, const std::function<bool(const ChangeOperation &)> &matches,
                  QList<QList<int>> &out)
{
    const qsizetype before = out.size();
    for (const ChangeOperation &child : op.children)
        collectPaths(child, matches, out);
    if (out.size() == before && matches(op))
        out << op.path;
}

} // namespace

const ChangeOperation *SchemaChange::operation(const QList<int> &path) const
{
    if (path.size() < 2 || path.at(0) < 0 || path.at(0) >= operations.size())
        return nullptr;
    const QList<ChangeOperation> *level = &operations.at(path.at(0));
    const ChangeOperation *found = nullptr;
    for (qsizetype depth = 1; depth < path.size(); ++depth) {
        if (path.at(depth) < 0 || path.at(depth) >= level->size())
            return nullptr;
        found = &level->at(path.at(depth));
        level = &found->children;
    }
    return found;
}

QList<QList<int>> SchemaChange::operationsTouching(const SchemaElementRef &element) const
{
    const SchemaDiagram::Location target = diagram.locate(element);
    QList<QList<int>> out;
    if (!target.isValid())
        return out;
    const auto matches = [&](const ChangeOperation &op) {
        return std::any_of(op.elements.cbegin(), op.elements.cend(),
                           [&](const SchemaElementRef &ref) { return diagram.locate(ref) == target; });
    };
    for (const QList<ChangeOperation> &step : operations) {
        for (const ChangeOperation &op : step)
            collectPaths(op, matches, out);
    }
    return out;
}

QList<int> SchemaChange::operationAtLine(int step, int line) const
{
    if (step < 0 || step >= operations.size() || line <= 0)
        return {};
    QList<int> best;
    int bestLine = 0;
    std::function<void(const ChangeOperation &)> visit = [&](const ChangeOperation &op) {
        if (op.location.line > 0 && op.location.line <= line && op.location.line >= bestLine) {
            bestLine = op.location.line;
            best = op.path;
        }
        for (const ChangeOperation &child : op.children)
            visit(child);
    };
    for (const ChangeOperation &op : operations.at(step))
        visit(op);
    return best;
}

SchemaElementRef SchemaChange::elementOf(const ChangeOperation &operation) const
{
    for (const SchemaElementRef &ref : operation.elements) {
        if (diagram.locate(ref).isValid())
            return ref;
    }
    return operation.elements.value(0);
}

Result<SchemaChange> computeSchemaChange(const MetaData &before, const QList<ChangeStep> &steps,
                                         const Dialect &dialect, const QList<SchemaObject> &objects)
{
    SchemaChange change;
    change.before = before;
    change.steps = steps;
    SchemaSimulator simulator(before);
    // The planner draws what it can of an operation that does not fit (as
    // --sql does); this one, kept in step, says which did not.
    SchemaSimulator checker(before);
    RenameTracker renames(before);
    QSet<QString> rebuilt;
    for (int s = 0; s < steps.size(); ++s) {
        SqlPlanner planner(dialect, simulator, SqlPlanner::Mode::Offline, objects);
        QList<ChangeOperation> stepOps;
        const OperationList &ops = steps.at(s).operations;
        for (int i = 0; i < int(ops.size()); ++i) {
            const Operation &op = ops.at(i);
            ChangeOperation shown;
            shown.path = {s, i};
            shown.text = describeOperation(op);
            shown.elements = elementsTouchedBy(op);
            shown.location = op.location;
            std::optional<Error> problem;
            if (const auto *batch = op.as<BatchAlterTableOp>()) {
                // One by one, so that what follows a misfit is drawn too.
                for (const Operation &inner : batch->ops) {
                    BatchAlterTableOp alone = *batch;
                    alone.ops = {inner};
                    if (const Status fits = checker.apply(Operation{alone, op.location}); !fits && !problem)
                        problem = fits.error();
                }
            } else if (const Status fits = checker.apply(op); !fits) {
                problem = fits.error();
            }
            auto statements = planner.plan(op);
            if (!statements) {
                // A rebuild of what is not there: the step would fail. Draw
                // on from what the checker could apply.
                if (!problem)
                    problem = statements.error();
                simulator.metadata() = checker.metadata();
                statements = QList<SqlPlanner::Statement>();
            }
            if (problem) {
                shown.problem = problem->toString();
                shown.problemMessage = problem->message;
            }
            for (const SqlPlanner::Statement &statement : *statements) {
                shown.sql << Dialect::offlineForm(statement.sql).trimmed();
                shown.rebuildsTable = shown.rebuildsTable || statement.rebuild;
            }
            if (const auto *batch = op.as<BatchAlterTableOp>()) {
                if (shown.rebuildsTable) {
                    rebuilt.insert(keyOf(batch->tableName, batch->schema));
                    shown.text += u", rebuilds the table"_s;
                }
                for (int k = 0; k < int(batch->ops.size()); ++k) {
                    const Operation &inner = batch->ops.at(k);
                    ChangeOperation child;
                    child.path = {s, i, k};
                    child.text = describeOperation(inner, batch->tableName);
                    child.elements = innerElements(*batch, inner);
                    child.location = inner.location;
                    // The block's problem is its operation's, where the script says so.
                    if (problem && inner.location.line > 0 && inner.location.line == problem->line) {
                        child.problem = shown.problem;
                        child.problemMessage = shown.problemMessage;
                    }
                    shown.children << child;
                }
            }
            renames.apply(op);
            stepOps << shown;
        }
        change.operations << stepOps;
    }
    change.after = simulator.metadata();
    // A table rebuilt and then dropped is simply removed.
    QSet<QString> rebuiltAtEnd;
    for (const QString &key : std::as_const(rebuilt)) {
        const QString name = key.section(u'.', -1);
        const QString schema = key.contains(u'.') ? key.section(u'.', 0, -2) : QString();
        if (change.after.table(name, schema))
            rebuiltAtEnd.insert(key);
    }
    change.diagram = SchemaDiagram::ofChange(before, change.after, renames.renames(), rebuiltAtEnd);
    // What does not apply is a step that will fail: said where it happens.
    for (int s = 0; s < change.operations.size(); ++s) {
        std::function<void(const ChangeOperation &)> pin = [&](const ChangeOperation &op) {
            const bool inChild = std::any_of(op.children.cbegin(), op.children.cend(),
                                             [](const ChangeOperation &c) { return !c.problem.isEmpty(); });
            if (!op.problem.isEmpty() && !inChild) {
                DiagramFinding finding;
                finding.kind = DiagramFinding::Kind::WillFail;
                finding.element = change.elementOf(op);
                finding.text = u"%1: this step will fail"_s.arg(op.problemMessage);
                finding.revision = steps.at(s).revision;
                finding.line = op.location.line;
                change.diagram.addFinding(finding);
            }
            for (const ChangeOperation &child : op.children)
                pin(child);
        };
        for (const ChangeOperation &op : std::as_const(change.operations.at(s)))
            pin(op);
    }
    return change;
}

void pinImpacts(SchemaChange &change, const PlanReport &report)
{
    for (int s = 0; s < report.steps.size(); ++s) {
        for (const Impact &impact : report.steps.at(s).impacts) {
            DiagramFinding finding;
            finding.kind = impact.kind == Impact::Kind::WillFail ? DiagramFinding::Kind::WillFail
                                                                  : DiagramFinding::Kind::Destroys;
            // On its element the summary says enough: "drops 1,204 non-NULL values".
            finding.text = impact.summary.isEmpty() ? impact.description : impact.summary;
            finding.rows = impact.rows;
            finding.revision = impact.revision;
            finding.line = impact.where.line;
            finding.element = impact.element;
            if (finding.element.table.isEmpty() && finding.element.name.isEmpty()) {
                // No element named: the operation written on that very line.
                const QList<int> path = change.operationAtLine(s, impact.where.line);
                const ChangeOperation *op = change.operation(path);
                if (op && op->location.line == impact.where.line)
                    finding.element = change.elementOf(*op);
            }
            change.diagram.addFinding(finding);
        }
    }
}

SchemaDiagram diagramOfDrift(const DriftReport &report)
{
    // The two sides spell types apart (the scripts' Integer, the database's
    // INTEGER) where autogenerate sees no difference: the migrations' side
    // is drawn as the database with each difference undone, so only what
    // drifted differs.
    SchemaSimulator undone(report.actual);
    bool exact = true;
    for (const DriftDifference &difference : report.differences)
        exact = undone.apply(difference.operation) && exact;
    const MetaData &expected = exact ? undone.metadata() : report.expected;
    SchemaDiagram diagram = SchemaDiagram::ofChange(expected, report.actual, {}, {}, SchemaDiagram::Kind::Drift);
    for (const DriftDifference &difference : report.differences) {
        DiagramFinding finding;
        finding.kind = DiagramFinding::Kind::Drift;
        finding.element = difference.element;
        finding.text = difference.description;
        diagram.addFinding(finding);
    }
    return diagram;
}

} // namespace pm
