#include "script/scriptbytereader.h"

#include "python/pythontokenizer.h"

namespace pm {

namespace {

// The tokenizer's own keyword list, asked without building a QString.
bool isKeyword(const char *name, qsizetype length)
{
    if (length < 2 || length > 8) // "continue" and "nonlocal" are the longest
        return false;
    char16_t wide[8];
    for (qsizetype i = 0; i < length; ++i)
        wide[i] = char16_t(uchar(name[i]));
    return PythonTokenizer::isKeyword(QStringView(wide, length));
}

template<qsizetype N>
bool is(QByteArrayView text, const char (&w)[N])
{
    return text.size() == N - 1 && std::memcmp(text.data(), w, N - 1) == 0;
}

// The modules ScriptParser allows whatever the user module prefix is.
bool allowedModule(QByteArrayView module, QByteArrayView name)
{
    switch (module.size()) {
    case 6: return is(module, "typing");
    case 7: return is(module, "alembic") && (name.isEmpty() || is(name, "op"));
    case 8: return is(module, "sqlmodel");
    case 10: return is(module, "sqlalchemy") || is(module, "__future__");
    case 12: return is(module, "sqlmodel.sql") || std::memcmp(module.data(), "sqlalchemy.", 11) == 0;
    case 21: return is(module, "sqlmodel.sql.sqltypes") || std::memcmp(module.data(), "sqlalchemy.", 11) == 0;
    default: return module.size() > 11 && std::memcmp(module.data(), "sqlalchemy.", 11) == 0;
    }
}

// A statement line read before, with what it said as offsets into the
// line: the import lines and the `name = None` lines are the same bytes in
// every script of a project, and comparing them is a fraction of reading
// them. Only lines whose statement sets no string are kept.
struct RememberedLine
{
    struct Bound
    {
        qsizetype module = 0, moduleSize = 0, name = 0, nameSize = 0, alias = 0, aliasSize = 0;
        int column = 0;
    };
    QByteArray bytes; // without the line break
    int which = -1;   // the identifier set to None; -1: an import statement
    QVarLengthArray<Bound, 4> imports;
};

// per thread: both of readVersionFiles()'s readers skim
thread_local RememberedLine t_lines[8];

RememberedLine &slotFor(const char *line, qsizetype length)
{
    return t_lines[(uchar(line[0]) + size_t(length)) & 7];
}

} // namespace

bool ScriptByteReader::isAscii(QByteArrayView text)
{
    const char *p = text.data();
    const char *end = p + text.size();
    quint64 high = 0;
    // Four words a round while 32 bytes are left: in a round of one, the
    // loop's own compare and jump were half of what it cost.
    for (; end - p >= 32; p += 32) {
        quint64 words[4];
        std::memcpy(words, p, 32);
        high |= (words[0] | words[1]) | (words[2] | words[3]);
    }
    for (; end - p >= 8; p += 8) {
        quint64 word;
        std::memcpy(&word, p, 8);
        high |= word;
    }
    for (; p < end; ++p)
        high |= uchar(*p);
    return !(high & 0x8080808080808080ull);
}

QString ScriptByteReader::decoded(QByteArrayView text)
{
    // ASCII reads the same in Latin-1, whose decoder has no state to keep
    // (a third fewer instructions for the short texts read here).
    return isAscii(text) ? QString::fromLatin1(text) : QString::fromUtf8(text);
}

bool ScriptByteReader::endOfStatement()
{
    skipSpaces();
    if (at(m_pos) == '#') {
        const void *newline = std::memchr(m_s + m_pos, '\n', size_t(m_n - m_pos));
        m_pos = newline ? static_cast<const char *>(newline) - m_s : m_n;
    }
    if (m_pos >= m_n)
        return true;
    if (m_s[m_pos] != '\n')
        return false;
    newLine(m_pos + 1);
    return true;
}

bool ScriptByteReader::namePart(qsizetype start)
{
    if (start >= m_n || !isIdentStart(m_s[start]))
        return false;
    m_pos = identifierEnd(start + 1);
    return !isKeyword(m_s + start, m_pos - start);
}

bool ScriptByteReader::identifier(QByteArrayView &out)
{
    skipSpaces();
    const qsizetype start = m_pos;
    if (!namePart(start))
        return false;
    out = QByteArrayView(m_s + start, m_pos - start);
    return true;
}

// a.b.c with nothing between the parts
bool ScriptByteReader::dotted(QByteArrayView &out)
{
    if (!identifier(out))
        return false;
    const qsizetype start = out.data() - m_s;
    while (m_pos < m_n && m_s[m_pos] == '.') {
        if (!namePart(m_pos + 1))
            return false;
    }
    out = QByteArrayView(m_s + start, m_pos - start);
    return true;
}

// A string with no prefix and no backslash: its value is its text. A
// single-quoted one stays on its line; the lines a triple-quoted one spans
// are counted. A byte-order mark may not start it.
bool ScriptByteReader::plainString(QByteArrayView &out)
{
    skipSpaces();
    const char quote = at(m_pos);
    if (quote != '\'' && quote != '"')
        return false;
    const bool triple = at(m_pos + 1) == quote && at(m_pos + 2) == quote && m_pos + 2 < m_n;
    const qsizetype bodyStart = m_pos + (triple ? 3 : 1);
    if (!triple) {
        // A revision id: a few bytes, looked at once each.
        const char *s = m_s;
        const qsizetype n = m_n;
        qsizetype p = bodyStart;
        for (; p < n && s[p] != quote; ++p) {
            if (s[p] == '\\' || s[p] == '\n')
                return false;
        }
        if (p >= n || (p - bodyStart >= 3 && std::memcmp(s + bodyStart, "\xEF\xBB\xBF", 3) == 0))
            return false;
        m_pos = p + 1;
        out = QByteArrayView(s + bodyStart, p - bodyStart);
        return true;
    }
    // A docstring, most of the bytes of a header: the closing quotes
    // first, then the text before them checked, each by memchr().
    qsizetype p = bodyStart;
    while (true) {
        const void *hit = p < m_n ? std::memchr(m_s + p, quote, size_t(m_n - p)) : nullptr;
        if (!hit)
            return false;
        p = static_cast<const char *>(hit) - m_s;
        if (p + 2 < m_n && m_s[p + 1] == quote && m_s[p + 2] == quote)
            break;
        ++p;
    }
    const size_t length = size_t(p - bodyStart);
    // QString::fromUtf8() drops a byte-order mark at the start of what it
    // decodes; the tokenizer keeps it in the value.
    if (length >= 3 && std::memcmp(m_s + bodyStart, "\xEF\xBB\xBF", 3) == 0)
        return false;
    if (std::memchr(m_s + bodyStart, '\\', length))
        return false;
    for (const char *nl = m_s + bodyStart;
         (nl = static_cast<const char *>(std::memchr(nl, '\n', size_t(m_s + p - nl))));) {
        ++m_line;
        ++nl;
        m_lineStart = nl - m_s;
    }
    m_pos = p + 3;
    out = QByteArrayView(m_s + bodyStart, qsizetype(length));
    return true;
}

// After the module, or the name of a from-import: maybe `as alias`.
bool ScriptByteReader::boundName(Import &imp)
{
    skipSpaces();
    if (word("as") && !identifier(imp.alias))
        return false;
    m_imports.push_back(imp);
    return true;
}

bool ScriptByteReader::importStatement()
{
    while (true) {
        skipSpaces();
        Import imp;
        imp.line = m_line;
        imp.column = int(m_pos - m_lineStart + 1);
        if (!dotted(imp.module) || !allowedModule(imp.module, {}) || !boundName(imp))
            return false;
        if (!punct(','))
            break;
    }
    return endOfStatement();
}

bool ScriptByteReader::fromImportStatement()
{
    QByteArrayView module;
    if (!dotted(module))
        return false;
    skipSpaces();
    if (!word("import"))
        return false;
    while (true) {
        skipSpaces();
        Import imp;
        imp.module = module;
        imp.line = m_line;
        imp.column = int(m_pos - m_lineStart + 1);
        if (!identifier(imp.name) || !allowedModule(module, imp.name) || !boundName(imp))
            return false;
        if (!punct(','))
            break;
    }
    return endOfStatement();
}

bool ScriptByteReader::assignment(Identifier which, int line)
{
    if (m_seen[which] || !punct('='))
        return false;
    m_seen[which] = true;
    m_lastAssigned = which;
    Identifiers &value = m_values[which];
    value.line = line;
    skipSpaces();
    if (word("None")) {
        if (which == Revision)
            return false;
    } else if (at(m_pos) == '(' || at(m_pos) == '[') {
        if (which == Revision)
            return false;
        const char close = at(m_pos) == '(' ? ')' : ']';
        value.form = close == ')' ? RevisionList::Form::Tuple : RevisionList::Form::List;
        ++m_pos;
        bool comma = false;
        while (!punct(close)) {
            QByteArrayView id;
            if (!plainString(id))
                return false;
            value.ids.push_back(id);
            comma = punct(',');
            if (!comma) {
                if (!punct(close))
                    return false;
                break;
            }
        }
        // ('a') is the string in brackets, not a tuple
        if (close == ')' && value.ids.size() == 1 && !comma)
            value.form = RevisionList::Form::String;
    } else {
        QByteArrayView id;
        if (!plainString(id))
            return false;
        value.form = RevisionList::Form::String;
        value.ids.push_back(id);
    }
    return endOfStatement();
}

// One statement at the start of a line, not a def.
bool ScriptByteReader::statement()
{
    const int line = m_line;
    m_lastAssigned = -1;
    // the first letter picks the one or two words to try
    switch (m_s[m_pos]) {
    case '\'':
    case '"':
        if (m_anyStatement || !plainString(m_docstring) || !endOfStatement())
            return false;
        m_hasDocstring = true;
        return true;
    case 'i':
        return word("import") && importStatement();
    case 'f':
        return word("from") && fromImportStatement();
    case 'r':
        return word("revision") && assignment(Revision, line);
    case 'd':
        if (word("down_revision"))
            return assignment(DownRevision, line);
        return word("depends_on") && assignment(DependsOn, line);
    case 'b':
        return word("branch_labels") && assignment(BranchLabels, line);
    default:
        return false;
    }
}

ScriptByteReader::Stop ScriptByteReader::readStatements()
{
    // a byte-order mark: how the decoder and the tokenizer take it is the parser's business
    if (m_pos == 0 && m_n >= 3 && std::memcmp(m_s, "\xEF\xBB\xBF", 3) == 0)
        return Stop::Declined;
    while (m_pos < m_n) {
        // blank and comment-only lines
        qsizetype p = m_pos;
        while (p < m_n && (m_s[p] == ' ' || m_s[p] == '\t'))
            ++p;
        if (p >= m_n)
            break;
        if (m_s[p] == '#' || m_s[p] == '\n') {
            const void *newline = std::memchr(m_s + p, '\n', size_t(m_n - p));
            if (!newline) {
                m_pos = m_n;
                break;
            }
            newLine(static_cast<const char *>(newline) - m_s + 1);
            continue;
        }
        if (p != m_pos)
            return Stop::Declined; // an indented statement at module level
        if (m_s[m_pos] == 'd' && word("def"))
            return Stop::Def;
        if (!statementLine())
            return Stop::Declined;
        m_anyStatement = true;
    }
    return Stop::End;
}

// statement(), or what it said when it read the same line before
bool ScriptByteReader::statementLine()
{
    const char *line = m_s + m_pos;
    const char first = *line;
    if (first == '\'' || first == '"')
        return statement();
    const void *newline = std::memchr(line, '\n', size_t(m_n - m_pos));
    if (!newline)
        return statement();
    const qsizetype length = static_cast<const char *>(newline) - line;
    RememberedLine &slot = slotFor(line, length);
    if (slot.bytes.size() == length && std::memcmp(slot.bytes.constData(), line, size_t(length)) == 0) {
        if (slot.which >= 0) {
            if (m_seen[slot.which])
                return false;
            m_seen[slot.which] = true;
            Identifiers &value = m_values[slot.which];
            value.form = RevisionList::Form::None;
            value.line = m_line;
        }
        for (const RememberedLine::Bound &b : slot.imports) {
            auto view = [line](qsizetype at, qsizetype size) {
                return size ? QByteArrayView(line + at, size) : QByteArrayView();
            };
            m_imports.push_back(Import{view(b.module, b.moduleSize), view(b.name, b.nameSize),
                                       view(b.alias, b.aliasSize), m_line, b.column});
        }
        newLine(m_pos + length + 1);
        return true;
    }
    // Read, then kept if it is one whole line that sets no string.
    const qsizetype start = m_pos;
    const int startLine = m_line;
    const qsizetype importsBefore = m_imports.size();
    if (!statement())
        return false;
    if (m_pos != start + length + 1 || m_line != startLine + 1)
        return true;
    const bool imports = m_imports.size() > importsBefore;
    if (!imports && (m_lastAssigned < 0 || m_values[m_lastAssigned].form != RevisionList::Form::None))
        return true;
    slot.bytes = QByteArray(line, length);
    slot.which = imports ? -1 : m_lastAssigned;
    slot.imports.clear();
    auto offset = [line](QByteArrayView v) { return v.isEmpty() ? 0 : v.data() - line; };
    for (qsizetype i = importsBefore; i < m_imports.size(); ++i) {
        const Import &imp = m_imports[i];
        slot.imports.push_back(RememberedLine::Bound{offset(imp.module), imp.module.size(), offset(imp.name),
                                                     imp.name.size(), offset(imp.alias), imp.alias.size(),
                                                     imp.column});
    }
    return true;
}

} // namespace pm
