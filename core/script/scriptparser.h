#pragma once

#include <QString>

#include "base/result.h"
#include "script/migrationscript.h"
#include "python/interpreter.h"
#include "script/scriptheaderreader.h"

namespace pm {

struct ScriptPreamble;

// Reads a migration script (versions/<rev>_<slug>.py) without running it:
// the Python subset Alembic's generic template and autogenerate write, and
// nothing else. Whatever falls outside the subset — a for loop, an if,
// op.get_bind(), an import of the application's models, an unknown op or sa
// name — is an Error pointing at the token ("file:line:col: message"), never
// skipped, because a script half understood would migrate half a schema.
//
// Header-only mode is for loaders that need the revision graph only: it is
// ScriptHeaderReader, which takes the docstring and the revision
// identifiers and passes over everything else at module level (any import,
// helper, class or block), so that one unusual script never stops the
// graph; the bodies are neither tokenized nor turned into operations, and
// whatever is wrong in them is reported when they are read in full.
class ScriptParser final
{
public:
    struct Options
    {
        // The user_module_prefix of env.py's context.configure(): types written
        // as <prefix>AutoString(...) / <prefix>GUID() are SQLModel's.
        QString userModulePrefix = QStringLiteral("sqlmodel.sql.sqltypes.");
        bool headerOnly = false;
        // Header-only mode: where an identifier names an imported module's
        // literal (ModuleConstants::lookup, typically).
        ScriptHeaderReader::ImportedConstant importedConstant;
        // Full mode: the application's modules a script body imports, found
        // on prepend_sys_path (ModuleConstants::source, typically).
        python::Interpreter::ModuleFinder moduleSource;
        // Full mode: a script the statement reader refuses (a loop, a
        // helper, an import of the application) is run instead, by
        // ScriptEvaluator, for this dialect and mode.
        QString dialect = QStringLiteral("sqlite");
        bool offline = false;
        // Full mode: only this function's statements are read into
        // operations (a run needs the one it runs). The other is still
        // parsed statement by statement, so a syntax error anywhere in the
        // file fails the script as before, with the same message, as
        // Python compiles the whole file; its body() is an error saying it
        // was not read. The script is then for that one run, not to keep.
        enum class Bodies : quint8 { Both, UpgradeOnly, DowngradeOnly };
        Bodies bodies = Bodies::Both;
    };

    ScriptParser();
    explicit ScriptParser(Options options);

    // `fileName` is only used to locate errors and operations.
    Result<MigrationScript> parse(const QString &source, const QString &fileName) const;
    // `source` as UTF-8, Python's default source encoding. In full mode the
    // statements before the first def are read from the bytes when they are
    // in the plain form (readScriptPreamble) and only the rest is tokenized;
    // the result, errors included, is parse()'s. `known`: those statements
    // as read already (the graph's skim, preambleOf()) from these very
    // bytes, so that they are not read again.
    Result<MigrationScript> parseUtf8(const QByteArray &source, const QString &fileName,
                                      const ScriptPreamble *known = nullptr) const;
    // Reads the file as UTF-8, Python's default source encoding.
    Result<MigrationScript> parseFile(const QString &path) const;

    const Options &options() const { return m_options; }

private:
    Options m_options;
};

} // namespace pm
