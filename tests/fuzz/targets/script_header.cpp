// versions/*.py read for the revision graph only (ScriptParser header mode):
// what every command that lists, plans or shows revisions reads first.
#include "fuzzcontract.h"

#include "script/scriptparser.h"

using namespace Qt::StringLiterals;
using namespace pm;

PM_FUZZ_TARGET(script_header)
{
    const QString text = fuzz::textOf(data, size);
    const QString fileName = u"versions/fuzz_script.py"_s;
    ScriptParser::Options options;
    options.headerOnly = true;
    const Result<MigrationScript> script = ScriptParser(options).parse(text, fileName);
    if (!script) {
        fuzz::expectLocatedRefusal(script.error(), fileName, text);
        return;
    }
    if (script->bodiesParsed || !script->upgrade.empty() || !script->downgrade.empty())
        fuzz::violation(u"header-only mode turned a body into operations"_s);
}
