// Any Python file parsed and run by core/python (the evaluator every script,
// env.py and models.py reader is built on): the module level, then
// upgrade() and downgrade() as the runner calls them, then str() of what
// they left, with small limits so that a runaway input ends as a refusal
// in milliseconds. The same text is also parsed for its module level only
// (the graph readers' mode) and run that way.
#include "fuzzcontract.h"

#include "python/host.h"
#include "python/interpreter.h"
#include "python/parser.h"

using namespace Qt::StringLiterals;
using namespace pm;
using namespace pm::python;

namespace {

// Limits a fuzzer can reach in a few milliseconds; hitting one is a
// located refusal like any other.
Interpreter::Options smallLimits()
{
    Interpreter::Options options;
    options.limits.steps = 20'000;
    options.limits.recursionDepth = 100;
    options.limits.stackBytes = 512 * 1024;
    options.limits.stringLength = 256 * 1024;
    options.limits.containerSize = 32 * 1024;
    options.print = [](const QString &) {};
    options.log = [](Interpreter::LogLevel, const QString &, const QString &) {};
    // A fixed clock: datetime.now() must not make a run depend on the time.
    options.clock = [] { return QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC); };
    return options;
}

void runProgram(const ProgramPtr &program, const QString &fileName, const QString &text)
{
    Interpreter interp(smallLimits());
    // Alembic and SQLAlchemy as the script stage binds them: host modules
    // whose names the evaluator does not know are opaque values.
    for (const QString &name : {u"alembic"_s, u"sqlalchemy"_s})
        interp.addModule(name, Value(makeModule(interp, name, ModuleObject::Missing::Opaque)));
    const Result<Namespace> ns = interp.runModule(program, u"fuzz_script"_s);
    if (!ns) {
        fuzz::expectLocatedRefusal(ns.error(), fileName, text);
        return;
    }
    for (const QString &function : {u"upgrade"_s, u"downgrade"_s}) {
        if (!ns->contains(function))
            continue;
        interp.resetSteps(); // each body gets the whole budget, as the runner gives it
        const Result<Value> result = interp.callFunction(*ns, function);
        if (!result) {
            fuzz::expectLocatedRefusal(result.error(), fileName, text);
            continue;
        }
        const Result<QString> shown = interp.toRepr(*result);
        if (!shown)
            fuzz::expectLocatedRefusal(shown.error(), fileName, text);
    }
    if (const Value value = ns->value(u"result"_s); value.isValid()) {
        interp.resetSteps();
        // str() called by the host runs no script line unless the value's
        // class defines __str__: a refusal there may have no location.
        const Result<QString> shown = interp.toStr(value);
        if (!shown && shown.error().file.isEmpty())
            fuzz::expectSentence(shown.error());
        else if (!shown)
            fuzz::expectLocatedRefusal(shown.error(), fileName, text);
    }
}

} // namespace

PM_FUZZ_TARGET(python_eval)
{
    const QString text = fuzz::textOf(data, size);
    const QString fileName = u"versions/fuzz_eval.py"_s;
    for (const bool moduleLevelOnly : {false, true}) {
        Parser::Options options;
        options.skipFunctionBodies = moduleLevelOnly;
        const Result<ProgramPtr> program = Parser::parse(text, fileName, options);
        if (!program) {
            fuzz::expectLocatedRefusal(program.error(), fileName, text);
            continue;
        }
        runProgram(*program, fileName, text);
    }
}
