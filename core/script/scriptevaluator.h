#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "script/migrationscript.h"
#include "python/interpreter.h"
#include "python/pythontoken.h"
#include "script/scriptheaderreader.h"

namespace pm {

class LiveConnection;

// Reads a migration script by running it: the module on core/python's
// evaluator, then upgrade() and downgrade(), with Alembic's `op` and
// `context` and SQLAlchemy's (and SQLModel's) modules as built-ins. What
// scripts compute (loops over tables, helpers, f-strings, a branch on the
// dialect or on context.is_offline_mode()) is computed; each op.* call is
// turned into an Operation as it happens, by OperationReader, from its
// arguments' values (an sa.* value is kept as the call that made it, so the
// reader sees what a script written without computation would have said).
//
// The application's modules (and stand-ins for packages) found on the
// project's prepend_sys_path run on the same evaluator, as Python imports
// them; classes deriving from SQLAlchemy's TypeDecorator render as the type
// their load_dialect_impl() gives for the dialect. Any other import is an
// opaque value: the script still reads, and only a use that needs its value
// refuses, with "file:line:col: this needs 'x' (imported at line N), which
// petmigrate cannot import" (or "could not import: <where and why it failed>").
//
// Online, a body that talks to the database through op.get_bind() is read
// ahead of the run only far enough to know that (upgradeUsesConnection);
// run() then evaluates it inside the migration's transaction, each op.*
// applied as it is made and each bind.execute() returning its rows.
// What is out of reach is a located refusal, never a skip: SQLAlchemy
// constructs the reader does not know, the ORM's Session.
class ScriptEvaluator final
{
public:
    struct Context
    {
        // bind.dialect.name, op.get_context().dialect.name.
        QString dialect = QStringLiteral("sqlite");
        // context.is_offline_mode(), op.get_context().as_sql.
        bool offline = false;
        // env.py's user_module_prefix (ScriptParser::Options).
        QString userModulePrefix = QStringLiteral("sqlmodel.sql.sqltypes.");
        // Header identifiers taken from imported modules (ScriptParser::Options).
        ScriptHeaderReader::ImportedConstant importedConstant;
        // Online during a run: where op.* calls and bind statements go.
        LiveConnection *live = nullptr;
        // Where `import myapp.types` finds myapp/types.py: the project's
        // prepend_sys_path, as Alembic puts it on sys.path. Unset: every
        // such import is opaque.
        python::Interpreter::ModuleFinder moduleSource;
    };

    static Result<MigrationScript> evaluate(const QString &source, const QString &fileName, const Context &context);
    // The same, from the full tokens of `source` already made
    // (PythonTokenizer::tokenize(source, fileName)): the statement reader's,
    // when it hands over a script it declines.
    static Result<MigrationScript> evaluate(const QString &source, const QString &fileName, const Context &context,
                                            const QList<PythonToken> &tokens);
    // Evaluates upgrade() or downgrade() on context.live: every operation
    // is applied as the script makes it. The first failure stops the body
    // with its located error (the caller rolls back).
    static Status run(const QString &source, const QString &fileName, const Context &context, bool upgrade);
};

} // namespace pm
