// versions/*.py read in full (ScriptParser), then planned as SQL for SQLite
// and PostgreSQL the way `upgrade --sql` plans it: the operations a script
// yields are what the dialects consume, so odd ones must not crash them.
#include "fuzzcontract.h"

#include "dialect/dialect.h"
#include "ops/schemasimulator.h"
#include "runtime/backend.h"
#include "runtime/sqlplanner.h"
#include "script/scriptparser.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

void planOffline(const OperationList &operations, DatabaseUrl::Backend backend, const QString &fileName,
                 const QString &text)
{
    const std::unique_ptr<Dialect> dialect = makeDialect(backend);
    SchemaSimulator schema;
    SqlPlanner planner(*dialect, schema, SqlPlanner::Mode::Offline);
    for (const Operation &operation : operations) {
        const auto statements = planner.plan(operation);
        if (!statements) {
            // A plan refusal names the op in the script, or says why in words.
            if (statements.error().file.isEmpty())
                fuzz::expectSentence(statements.error());
            else
                fuzz::expectLocatedRefusal(statements.error(), fileName, text);
            return; // later operations would build on a schema that is not there
        }
    }
}

} // namespace

PM_FUZZ_TARGET(script_full)
{
    const QString text = fuzz::textOf(data, size);
    const QString fileName = u"versions/fuzz_script.py"_s;
    const Result<MigrationScript> script = ScriptParser().parse(text, fileName);
    if (!script) {
        fuzz::expectLocatedRefusal(script.error(), fileName, text);
        return;
    }
    for (const OperationList *operations : {&script->upgrade, &script->downgrade}) {
        planOffline(*operations, DatabaseUrl::Backend::Sqlite, fileName, text);
        planOffline(*operations, DatabaseUrl::Backend::PostgreSql, fileName, text);
    }
}
