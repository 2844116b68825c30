#pragma once

#include <functional>
#include <optional>

#include <QHash>
#include <QString>

#include "base/result.h"
#include "script/migrationscript.h"
#include "script/pythonexpression.h"

namespace pm {

// What Alembic takes from a migration script to build the revision graph:
// the module docstring and the module-level revision, down_revision,
// branch_labels and depends_on (plain or annotated, `revision: str = "x"`),
// read without running anything. Graph commands, `show`, `current` and the
// window's history need nothing else, so one unusual script never stops them.
//
// Everything else at module level is passed over, whatever it is: imports
// of any module (the application's own, third-party types, relative or star
// imports), helper functions and their arguments, classes, decorators,
// module-level lists, ifs, try blocks, calls. Function bodies are only
// scanned for where they end (PythonTokenizer::skipFunctionBodies). A body
// is read in full, and refused alone with file:line:col, only when its
// revision runs, is previewed or rendered.
//
// What stops the read is what stops Python's import of the module, with
// Python's exception named in Error::exception: a token-level error
// (SyntaxError / IndentationError), a module-level statement that cannot
// start where it does, a `return` or `break` outside its place, a `raise`
// at module level, an annotation naming nothing (NameError), no
// down_revision (AttributeError). Without `revision` the file name decides,
// as in Alembic ("<hex>.py"); otherwise the revision is left empty for the
// loader to report Alembic's "Could not determine revision id" message.
// A graph identifier may name a literal bound earlier in the script
// (`down_revision = PREVIOUS`) or one in an imported module
// (`branch_labels = (cli.CONTRACT_BRANCH,)`): the latter is asked of an
// ImportedConstant lookup, which reads that module's own module-level
// literals (see ModuleConstants). What Python could run but this reader
// cannot is refused with its location: a graph identifier whose value is
// computed (an operator, a call, a name nothing resolves) or assigned inside
// a module-level block.
class ScriptHeaderReader final
{
public:
    // The literal bound to `name` at module level in the module `module`
    // ("a.b.c"), if there is one to be found.
    using ImportedConstant = std::function<std::optional<PythonExpression>(const QString &module,
                                                                           const QString &name)>;

    ScriptHeaderReader() = delete;

    // `fileName` locates errors; its last component also gives the legacy
    // revision id and the module name in Python's messages.
    static Result<MigrationScript> read(const QString &source, const QString &fileName,
                                        const ImportedConstant &importedConstant = {});
    // Any module's top-level NAME = literal bindings (strings, numbers,
    // None, tuples and lists of them), read the same tolerant way.
    static Result<QHash<QString, PythonExpression>> readConstants(const QString &source, const QString &fileName);
};

} // namespace pm
