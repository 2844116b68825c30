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

// The modules ScriptParser allows whatever the user module prefix is.
bool allowedModule(QByteArrayView module, QByteArrayView name)
{
    if (module == "sqlalchemy" || module.startsWith("sqlalchemy."))
        return true;
    if (module == "typing" || module == "__future__")
        return true;
    if (module == "alembic")
        return name.isEmpty() || name == "op";
    return module == "sqlmodel" || module == "sqlmodel.sql" || module == "sqlmodel.sql.sqltypes";
}

} // namespace

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

bool ScriptByteReader::identifier(QByteArrayView &out)
{
    skipSpaces();
    const qsizetype start = m_pos;
    if (!isIdentStart(at(m_pos)))
        return false;
    while (isIdentChar(at(m_pos)))
        ++m_pos;
    if (isKeyword(m_s + start, m_pos - start))
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
    while (at(m_pos) == '.') {
        ++m_pos;
        if (!isIdentStart(at(m_pos)))
            return false;
        const qsizetype part = m_pos;
        while (isIdentChar(at(m_pos)))
            ++m_pos;
        if (isKeyword(m_s + part, m_pos - part))
            return false;
    }
    out = QByteArrayView(m_s + start, m_pos - start);
    return true;
}

// A string with no prefix and no backslash: its value is its text. A
// single-quoted one stays on its line; the lines a triple-quoted one spans
// are counted.
bool ScriptByteReader::plainString(QByteArrayView &out)
{
    skipSpaces();
    const char quote = at(m_pos);
    if (quote != '\'' && quote != '"')
        return false;
    const bool triple = at(m_pos + 1) == quote && at(m_pos + 2) == quote && m_pos + 2 < m_n;
    const qsizetype bodyStart = m_pos + (triple ? 3 : 1);
    // The closing quote first, then the text before it checked, each by
    // memchr(): a docstring is most of the bytes of a header.
    qsizetype p = bodyStart;
    while (true) {
        const void *hit = p < m_n ? std::memchr(m_s + p, quote, size_t(m_n - p)) : nullptr;
        if (!hit)
            return false;
        p = static_cast<const char *>(hit) - m_s;
        if (!triple || (p + 2 < m_n && m_s[p + 1] == quote && m_s[p + 2] == quote))
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
        if (!triple)
            return false;
        ++m_line;
        ++nl;
        m_lineStart = nl - m_s;
    }
    m_pos = p + (triple ? 3 : 1);
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
        if (!statement())
            return Stop::Declined;
        m_anyStatement = true;
    }
    return Stop::End;
}

} // namespace pm
