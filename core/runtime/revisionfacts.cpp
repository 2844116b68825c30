#include "runtime/revisionfacts.h"

#include <QSqlDatabase>
#include <QSqlQuery>

#include "ops/operation.h"
#include "runtime/sqlplanner.h"
#include "script/migrationscript.h"
#include "script/scriptparser.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

void collect(RevisionFacts &facts, const OperationList &operations, RevisionFacts::Function function, bool sqlite)
{
    for (const Operation &op : operations) {
        if (op.is<ExecuteOp>())
            facts.dataChanges << RevisionFacts::DataChange{function, u"op.execute"_s, op.location.line};
        if (const auto *insert = op.as<BulkInsertOp>())
            facts.dataChanges << RevisionFacts::DataChange{function, u"bulk_insert into "_s + insert->tableName,
                                                           op.location.line};
        const auto *batch = op.as<BatchAlterTableOp>();
        if (!batch)
            continue;
        if (sqlite && batchRecreatesOnSqlite(*batch))
            facts.rebuilds << RevisionFacts::Rebuild{function, batch->tableName, batch->schema, op.location.line,
                                                     std::nullopt, false};
        for (const Operation &inner : batch->ops) {
            if (inner.is<ExecuteOp>())
                facts.dataChanges << RevisionFacts::DataChange{function, u"op.execute"_s, inner.location.line};
            if (inner.is<BulkInsertOp>())
                facts.dataChanges << RevisionFacts::DataChange{
                    function, u"bulk_insert into "_s + inner.as<BulkInsertOp>()->tableName, inner.location.line};
        }
    }
}

QString quoted(const QString &identifier)
{
    return u'"' + QString(identifier).replace(u"\""_s, u"\"\""_s) + u'"';
}

} // namespace

QList<RevisionFacts::Rebuild> RevisionFacts::rebuildsIn(Function function) const
{
    QList<Rebuild> out;
    for (const Rebuild &rebuild : rebuilds) {
        if (rebuild.function == function)
            out << rebuild;
    }
    return out;
}

RevisionFacts RevisionFacts::of(const MigrationScript &script, bool sqlite)
{
    RevisionFacts facts;
    facts.revision = script.revision;
    collect(facts, script.upgrade, Function::Upgrade, sqlite);
    collect(facts, script.downgrade, Function::Downgrade, sqlite);
    // An evaluated body keeps its own error. A downgrade() that raises an
    // exception of its own is the irreversible kind; a body that stopped
    // only because it needs the database is read when its revision runs;
    // any other error (an import petmigrate cannot run, a refused
    // construct) means the body cannot be read.
    if (script.upgradeError && script.upgradeUsesConnection)
        facts.databaseReads << DatabaseRead{Function::Upgrade, *script.upgradeError};
    if (script.downgradeError && script.downgradeUsesConnection)
        facts.databaseReads << DatabaseRead{Function::Downgrade, *script.downgradeError};
    if (script.upgradeError && !script.upgradeUsesConnection) {
        facts.parseError = script.upgradeError;
    } else if (script.downgradeError && !script.downgradeUsesConnection) {
        if (script.downgradeRaises) {
            facts.irreversible = true;
            facts.irreversibleReason = u"downgrade() raises: %1"_s.arg(script.downgradeError->message);
        } else {
            facts.parseError = script.downgradeError;
        }
        return facts;
    }
    if (!script.upgrade.empty()) {
        if (!script.hasDowngrade) {
            facts.irreversible = true;
            facts.irreversibleReason = u"the script has no downgrade()"_s;
        } else if (script.downgrade.empty() && !script.downgradeUsesConnection) {
            facts.irreversible = true;
            facts.irreversibleReason = u"downgrade() does nothing (only pass)"_s;
        }
    }
    return facts;
}

RevisionFacts RevisionFacts::unreadable(const QString &revision, const Error &error)
{
    RevisionFacts facts;
    facts.revision = revision;
    facts.parseError = error;
    return facts;
}

RevisionFacts RevisionFacts::read(const QString &revision, const QString &path, const ScriptParser &parser,
                                  bool sqlite)
{
    const Result<MigrationScript> script = parser.parseFile(path);
    if (!script)
        return unreadable(revision, script.error());
    RevisionFacts facts = of(*script, sqlite);
    facts.revision = revision;
    return facts;
}

void countRebuiltRows(RevisionFacts &facts, const QSqlDatabase &database,
                      QHash<QString, std::optional<qint64>> &counted)
{
    for (RevisionFacts::Rebuild &rebuild : facts.rebuilds) {
        const QString key = rebuild.schema.isEmpty() ? rebuild.table : rebuild.schema + u'.' + rebuild.table;
        auto it = counted.constFind(key);
        if (it == counted.cend()) {
            std::optional<qint64> rows;
            QSqlQuery query(database);
            const QString table = rebuild.schema.isEmpty() ? quoted(rebuild.table)
                                                           : quoted(rebuild.schema) + u'.' + quoted(rebuild.table);
            // A table that is not there yet (created by an earlier step)
            // makes the query fail: nothing to count.
            if (query.exec(u"SELECT count(*) FROM %1"_s.arg(table)) && query.next())
                rows = query.value(0).toLongLong();
            it = counted.insert(key, rows);
        }
        rebuild.rows = *it;
        rebuild.tableExists = it->has_value();
    }
}

} // namespace pm
