#pragma once

#include <optional>

#include <QByteArrayView>
#include <QList>
#include <QString>

#include "script/migrationscript.h"
#include "script/pythonimport.h"

namespace pm {

class ScriptByteReader;

// What a script says before its first `def`, read straight from its UTF-8
// bytes when it is in the plain form Alembic's templates write: the
// docstring, imports of alembic's op, sqlalchemy, sqlmodel, typing or
// __future__, and the revision identifiers as None, a string, or a
// one-line tuple or list of strings; blank and comment lines between.
//
// A body read (ScriptParser, full mode) then tokenizes and parses only the
// file from that `def` on: the statements before it are most of a small
// script's tokens, and the graph was already built from them.
//
// Exact or nothing: for every source it accepts, ScriptParser's statement
// reader gives these statements the same values (the imports bound the
// same, at the same line and column) and finds nothing wrong in them, so
// whatever is wrong in the file is after `bodyOffset`. Anything else (an
// annotation, a backslash, a carriage return, form feed or NUL, a string
// prefix, a bracket spanning lines, a byte-order mark, bytes that are not
// UTF-8, a statement indented or unknown, no `def` at all) gives
// std::nullopt, and the caller reads the whole file.
//
// Only what the statements set, not a MigrationScript: the graph's skim
// makes one for every script it reads and the script directory keeps them
// all, so that each body parse starts from it instead of reading the
// header again (the strings are the ones the graph holds, shared).
struct ScriptPreamble
{
    // as the statement reader sets them
    QString docstring; // "" when absent
    QString revision;
    int revisionLine = 0; // of `revision = ...` (its column is 1)
    RevisionList downRevision;
    RevisionList branchLabels;
    RevisionList dependsOn;
    QList<PythonImport> imports;
    // What each import binds, in order: boundName() and target(), made
    // once for a project's usual import lines, not by every body parse.
    struct Binding
    {
        QString name;
        QString target;
    };
    QList<Binding> bindings;
    bool seen[4] = {}; // revision, down_revision, branch_labels, depends_on
    bool anyStatement = false;
    // The byte offset of the line of the first module-level `def`, and that line (1-based).
    qsizetype bodyOffset = 0;
    int bodyLine = 1;
};

std::optional<ScriptPreamble> readScriptPreamble(QByteArrayView source);

// The preamble of `reader`'s source, whose first readStatements() has just
// stopped at the first def (Stop::Def): what the graph's skim, which reads
// on past it, gives the body parse. The caller has made sure the bytes
// before that def hold no carriage return, form feed or NUL (the skim
// looks for them in the whole file); then it is readScriptPreamble() of
// that source, std::nullopt included.
std::optional<ScriptPreamble> preambleOf(const ScriptByteReader &reader);

} // namespace pm
