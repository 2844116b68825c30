#pragma once

#include <optional>

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include "script/scriptpreamble.h"

namespace pm {

// What the revision graph needs from a script.
struct ScriptHeader
{
    QString revision;
    QStringList downRevisions;
    QStringList dependsOn;
    QStringList branchLabels;
    QString docstring; // "" when absent, as ScriptParser gives it
};

// The header of a script in the plain form Alembic's templates and
// autogenerate write, read straight from its UTF-8 bytes with no token
// list: a docstring, imports of alembic's op, sqlalchemy, sqlmodel, typing
// or __future__, the four identifiers as None, a string, or a one-line
// tuple or list of strings (ScriptByteReader's statements), and
// `def upgrade()` / `def downgrade()` whose
// bodies are only scanned for where they end (strings, brackets and line
// continuations checked as ScriptParser's header-only mode checks them).
//
// Exact or nothing: for every source it accepts, ScriptParser in
// header-only mode succeeds with the same values (tst_scriptheaderskim
// holds it to that on generated and mutated scripts). Anything else, even
// if valid (an annotation, a backslash or a carriage return outside a body,
// a string prefix, a bracket spanning lines, a byte-order mark), gives
// std::nullopt, and the caller reads the file with ScriptParser, which
// also words the errors.
//
// `preamble`, when given, receives what the statements before the first
// def said (preambleOf(), exactly readScriptPreamble(source)) for a later
// body parse of the same bytes, or nothing: always nothing when the skim
// declines the file, sometimes when it does not (no def, bytes the
// preamble leaves to the parser). Its strings are the header's, shared.
std::optional<ScriptHeader> skimScriptHeader(QByteArrayView source,
                                             std::optional<ScriptPreamble> *preamble = nullptr);

} // namespace pm
