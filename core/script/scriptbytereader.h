#pragma once

#include <cstring>

#include <QByteArrayView>
#include <QString>
#include <QVarLengthArray>

#include "script/migrationscript.h"

namespace pm {

// The module-level statements of a script in the plain form Alembic's
// templates and autogenerate write, read straight from its UTF-8 bytes with
// no token list: the docstring, imports of alembic's op, sqlalchemy,
// sqlmodel, typing or __future__, and the four revision identifiers as
// None, a string, or a one-line tuple or list of strings; blank and comment
// lines between them. Both fast readers of a script's header use it: the
// graph's skim (skimScriptHeader) and the body parse's preamble
// (readScriptPreamble).
//
// Exact or nothing: a statement it reads is one ScriptParser reads to the
// same values without complaint. Anything else, even if valid (an
// annotation, a backslash, a string prefix, a bracket spanning lines, an
// indented or unknown statement), stops the reading as Declined, and the
// caller leaves the file to the parser. What the statements said is kept as
// views into the source, decoded by the callers into what they keep.
//
// Each thread remembers the last few statement lines it read that set no
// string (a project's import lines and `x = None` lines are the same bytes
// in every script) and replays what such a line said when the same bytes
// come again, with the line number of where they are now.
class ScriptByteReader final
{
public:
    // One name an import statement binds, as written (a null view when absent).
    struct Import
    {
        QByteArrayView module;
        QByteArrayView name;  // from-imports only
        QByteArrayView alias; // the `as` name
        int line = 0;
        int column = 0;
    };
    // The value given to one of the four identifiers: `revision` is always
    // one String; ('a') is the String it holds, not a Tuple.
    struct Identifiers
    {
        RevisionList::Form form = RevisionList::Form::None;
        QVarLengthArray<QByteArrayView, 4> ids;
        int line = 0; // of the assignment
    };
    enum Identifier { Revision, DownRevision, BranchLabels, DependsOn, IdentifierCount };
    enum class Stop { End, Def, Declined };

    explicit ScriptByteReader(QByteArrayView source) : m_s(source.data()), m_n(source.size()) {}

    // Reads statements from the cursor, each starting a line, on to the end
    // of the source, a line starting with `def` (the cursor then after the
    // word, lineStart() at the line) or a statement it does not read. May
    // be called again after the caller has read past a def's body. A
    // byte-order mark at the start of the source is not read.
    Stop readStatements();

    // What the statements read so far said.
    bool hasDocstring() const { return m_hasDocstring; }
    QByteArrayView docstring() const { return m_docstring; }
    bool seen(Identifier which) const { return m_seen[which]; }
    const Identifiers &identifiers(Identifier which) const { return m_values[which]; }
    const QVarLengthArray<Import, 8> &imports() const { return m_imports; }
    // A statement (or a def the caller read) came before: a string is no
    // longer the docstring.
    bool anyStatement() const { return m_anyStatement; }
    void setAnyStatement() { m_anyStatement = true; }

    // The cursor: a byte offset, and the line it is on (1-based) with
    // where that line starts. A caller that moves the cursor itself over
    // line breaks counts them with newLine().
    const char *data() const { return m_s; }
    qsizetype size() const { return m_n; }
    qsizetype pos() const { return m_pos; }
    void setPos(qsizetype p) { m_pos = p; }
    int line() const { return m_line; }
    qsizetype lineStart() const { return m_lineStart; }
    void newLine(qsizetype next)
    {
        m_pos = next;
        m_lineStart = next;
        ++m_line;
    }

    // The small steps the skim also takes over a def's line, here to be
    // inlined where they are used.
    char at(qsizetype p) const { return p < m_n ? m_s[p] : '\0'; }
    bool atEnd() const { return m_pos >= m_n; }
    void skipSpaces()
    {
        const char *s = m_s;
        const qsizetype n = m_n;
        qsizetype p = m_pos;
        while (p < n && (s[p] == ' ' || s[p] == '\t'))
            ++p;
        m_pos = p;
    }
    // `w` at the cursor as a whole word (taken)
    template<qsizetype N>
    bool word(const char (&w)[N])
    {
        constexpr qsizetype len = N - 1;
        if (m_pos + len > m_n || std::memcmp(m_s + m_pos, w, size_t(len)) != 0 || isIdentChar(at(m_pos + len)))
            return false;
        m_pos += len;
        return true;
    }
    // spaces, then `c` (taken)
    bool punct(char c)
    {
        skipSpaces();
        if (at(m_pos) != c)
            return false;
        ++m_pos;
        return true;
    }
    // Spaces, maybe a comment, then the end of the line (taken) or of the file.
    bool endOfStatement();

    static bool isIdentStart(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
    static bool isIdentChar(char c) { return isIdentStart(c) || (c >= '0' && c <= '9'); }

    // The text of a string or name read here: UTF-8, as ScriptParser
    // decodes the file.
    static QString decoded(QByteArrayView text);
    // No byte above 0x7F, looked at eight at a time.
    static bool isAscii(QByteArrayView text);

private:
    // Where the identifier characters from `p` on end (scanned with
    // locals, which stay in registers).
    qsizetype identifierEnd(qsizetype p) const
    {
        const char *s = m_s;
        const qsizetype n = m_n;
        while (p < n && isIdentChar(s[p]))
            ++p;
        return p;
    }
    // A name that is not a keyword starting right at `start`: the position
    // moves past its characters (a keyword's too).
    bool namePart(qsizetype start);
    bool statement();
    bool statementLine();
    bool identifier(QByteArrayView &out);
    bool dotted(QByteArrayView &out);
    bool plainString(QByteArrayView &out);
    bool importStatement();
    bool fromImportStatement();
    bool boundName(Import &imp);
    bool assignment(Identifier which, int line);

    const char *m_s;
    qsizetype m_n;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;

    bool m_hasDocstring = false;
    bool m_anyStatement = false;
    bool m_seen[IdentifierCount] = {};
    int m_lastAssigned = -1; // what the last statement assigned (an Identifier), -1: none
    QByteArrayView m_docstring;
    Identifiers m_values[IdentifierCount];
    QVarLengthArray<Import, 8> m_imports;
};

} // namespace pm
