#include "script/scriptpreamble.h"

#include <cstring>

#include <QVarLengthArray>

#include "python/pythontokenizer.h"
#include "script/expressionreader.h"

namespace pm {

namespace {

bool isIdentStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool isIdentChar(char c)
{
    return isIdentStart(c) || (c >= '0' && c <= '9');
}

// The tokenizer's own keyword list, asked without building a QString.
bool isKeyword(const char *name, qsizetype length)
{
    if (length > 8) // "continue" and "nonlocal" are the longest
        return false;
    char16_t wide[8];
    for (qsizetype i = 0; i < length; ++i)
        wide[i] = char16_t(uchar(name[i]));
    return PythonTokenizer::isKeyword(QStringView(wide, length));
}

class Reader
{
public:
    explicit Reader(QByteArrayView source) : m_s(source.data()), m_n(source.size()) {}

    std::optional<ScriptPreamble> run();

private:
    char at(qsizetype p) const { return p < m_n ? m_s[p] : '\0'; }
    // Columns are counted in bytes: every byte before a located name on
    // its line is ASCII (names, dots, commas, blanks), as in UTF-16.
    int column(qsizetype p) const { return int(p - m_lineStart + 1); }
    void skipSpaces()
    {
        while (m_pos < m_n && (m_s[m_pos] == ' ' || m_s[m_pos] == '\t'))
            ++m_pos;
    }
    bool word(const char *w)
    {
        const qsizetype len = qsizetype(std::strlen(w));
        if (m_pos + len > m_n || std::memcmp(m_s + m_pos, w, size_t(len)) != 0 || isIdentChar(at(m_pos + len)))
            return false;
        m_pos += len;
        return true;
    }
    bool punct(char c)
    {
        skipSpaces();
        if (at(m_pos) != c)
            return false;
        ++m_pos;
        return true;
    }
    void newLine(qsizetype next)
    {
        m_pos = next;
        m_lineStart = next;
        ++m_line;
    }
    std::optional<QByteArrayView> identifier();
    std::optional<QByteArrayView> dotted();
    bool endOfStatement();
    std::optional<QString> plainString();
    bool importStatement();
    bool fromImportStatement();
    bool assignment(int index, int line);

    const char *m_s;
    qsizetype m_n;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
    ScriptPreamble m_out;
};

std::optional<QByteArrayView> Reader::identifier()
{
    skipSpaces();
    const qsizetype start = m_pos;
    if (!isIdentStart(at(m_pos)))
        return std::nullopt;
    while (isIdentChar(at(m_pos)))
        ++m_pos;
    if (isKeyword(m_s + start, m_pos - start))
        return std::nullopt;
    return QByteArrayView(m_s + start, m_pos - start);
}

// a.b.c with nothing between the parts
std::optional<QByteArrayView> Reader::dotted()
{
    auto first = identifier();
    if (!first)
        return std::nullopt;
    const qsizetype start = first->data() - m_s;
    while (at(m_pos) == '.') {
        ++m_pos;
        if (!isIdentStart(at(m_pos)))
            return std::nullopt;
        const qsizetype part = m_pos;
        while (isIdentChar(at(m_pos)))
            ++m_pos;
        if (isKeyword(m_s + part, m_pos - part))
            return std::nullopt;
    }
    return QByteArrayView(m_s + start, m_pos - start);
}

// Spaces, maybe a comment, then the end of the line (taken) or of the file.
bool Reader::endOfStatement()
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

// A string with no prefix and no backslash: its value is its text.
std::optional<QString> Reader::plainString()
{
    skipSpaces();
    const char quote = at(m_pos);
    if (quote != '\'' && quote != '"')
        return std::nullopt;
    const bool triple = at(m_pos + 1) == quote && at(m_pos + 2) == quote && m_pos + 2 < m_n;
    const qsizetype bodyStart = m_pos + (triple ? 3 : 1);
    qsizetype p = bodyStart;
    while (true) {
        const void *hit = p < m_n ? std::memchr(m_s + p, quote, size_t(m_n - p)) : nullptr;
        if (!hit)
            return std::nullopt;
        p = static_cast<const char *>(hit) - m_s;
        if (!triple || (p + 2 < m_n && m_s[p + 1] == quote && m_s[p + 2] == quote))
            break;
        ++p;
    }
    const size_t length = size_t(p - bodyStart);
    // QString::fromUtf8() drops a byte-order mark at the start of what it
    // decodes; the tokenizer keeps it in the value.
    if (length >= 3 && std::memcmp(m_s + bodyStart, "\xEF\xBB\xBF", 3) == 0)
        return std::nullopt;
    if (std::memchr(m_s + bodyStart, '\\', length))
        return std::nullopt;
    // a docstring holds a few lines in many bytes
    for (const char *nl = m_s + bodyStart;
         (nl = static_cast<const char *>(std::memchr(nl, '\n', size_t(m_s + p - nl))));) {
        if (!triple)
            return std::nullopt;
        ++m_line;
        ++nl;
        m_lineStart = nl - m_s;
    }
    m_pos = p + (triple ? 3 : 1);
    return QString::fromUtf8(m_s + bodyStart, p - bodyStart);
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

// The statement reader's strings for the same names (ExpressionReader::nameText),
// shared instead of made anew for every script.
QString sharedName(QByteArrayView text)
{
    QVarLengthArray<char16_t, 64> wide(text.size());
    for (qsizetype i = 0; i < text.size(); ++i)
        wide[i] = char16_t(uchar(text[i]));
    return ExpressionReader::nameText(QStringView(wide.constData(), wide.size()));
}

bool Reader::importStatement()
{
    m_out.script.imports.reserve(m_out.script.imports.size() + 2);
    while (true) {
        skipSpaces();
        const int line = m_line;
        const int col = column(m_pos);
        auto module = dotted();
        if (!module || !allowedModule(*module, {}))
            return false;
        PythonImport imp{sharedName(*module), {}, {}, line, col, true};
        skipSpaces();
        if (word("as")) {
            auto alias = identifier();
            if (!alias)
                return false;
            imp.alias = sharedName(*alias);
        }
        m_out.script.imports << std::move(imp);
        if (!punct(','))
            break;
    }
    return endOfStatement();
}

bool Reader::fromImportStatement()
{
    auto module = dotted();
    if (!module)
        return false;
    skipSpaces();
    if (!word("import"))
        return false;
    const QString moduleText = sharedName(*module);
    m_out.script.imports.reserve(m_out.script.imports.size() + 2);
    while (true) {
        skipSpaces();
        const int line = m_line;
        const int col = column(m_pos);
        auto name = identifier();
        if (!name || !allowedModule(*module, *name))
            return false;
        PythonImport imp{moduleText, sharedName(*name), {}, line, col, true};
        skipSpaces();
        if (word("as")) {
            auto alias = identifier();
            if (!alias)
                return false;
            imp.alias = sharedName(*alias);
        }
        m_out.script.imports << std::move(imp);
        if (!punct(','))
            break;
    }
    return endOfStatement();
}

// index: 0 revision, 1 down_revision, 2 branch_labels, 3 depends_on
bool Reader::assignment(int index, int line)
{
    if (m_out.seen[index] || !punct('='))
        return false;
    m_out.seen[index] = true;
    RevisionList list;
    skipSpaces();
    if (word("None")) {
        if (index == 0)
            return false;
    } else if (at(m_pos) == '(' || at(m_pos) == '[') {
        if (index == 0)
            return false;
        const char close = at(m_pos) == '(' ? ')' : ']';
        list.form = close == ')' ? RevisionList::Form::Tuple : RevisionList::Form::List;
        ++m_pos;
        bool comma = false;
        while (!punct(close)) {
            auto id = plainString();
            if (!id)
                return false;
            list.ids << std::move(*id);
            comma = punct(',');
            if (!comma) {
                if (!punct(close))
                    return false;
                break;
            }
        }
        // ('a') is the string in brackets, not a tuple
        if (close == ')' && list.ids.size() == 1 && !comma)
            list.form = RevisionList::Form::String;
    } else {
        auto id = plainString();
        if (!id)
            return false;
        if (index == 0) {
            m_out.script.revision = std::move(*id);
            m_out.script.revisionLocation = SourceLocation{QString(), line, 1};
            return endOfStatement();
        }
        list.form = RevisionList::Form::String;
        list.ids << std::move(*id);
    }
    if (!endOfStatement())
        return false;
    MigrationScript &s = m_out.script;
    (index == 1 ? s.downRevision : index == 2 ? s.branchLabels : s.dependsOn) = std::move(list);
    return true;
}

std::optional<ScriptPreamble> Reader::run()
{
    if (m_n >= 3 && std::memcmp(m_s, "\xEF\xBB\xBF", 3) == 0)
        return std::nullopt;
    while (m_pos < m_n) {
        // blank and comment-only lines
        qsizetype p = m_pos;
        while (p < m_n && (m_s[p] == ' ' || m_s[p] == '\t'))
            ++p;
        if (p >= m_n)
            break;
        if (m_s[p] == '#' || m_s[p] == '\n') {
            const void *newline = std::memchr(m_s + p, '\n', size_t(m_n - p));
            if (!newline)
                break;
            newLine(static_cast<const char *>(newline) - m_s + 1);
            continue;
        }
        if (p != m_pos)
            return std::nullopt; // an indented statement at module level
        const char c = m_s[m_pos];
        const int line = m_line;
        bool ok = false;
        if (c == '\'' || c == '"') {
            if (m_out.anyStatement)
                return std::nullopt;
            auto doc = plainString();
            ok = doc.has_value() && endOfStatement();
            if (ok)
                m_out.script.docstring = std::move(*doc);
        } else if (word("def")) {
            // What the statements before it were read from: bytes the
            // decoder would read otherwise than as they are, or that the
            // tokenizer reads as line or indentation breaks, are the
            // parser's (checked here, on a few hundred bytes, not above).
            const QByteArrayView before(m_s, m_lineStart);
            for (const char stop : {'\r', '\f', '\0'}) {
                if (before.contains(stop))
                    return std::nullopt;
            }
            if (!before.isValidUtf8())
                return std::nullopt;
            m_out.bodyOffset = m_lineStart;
            m_out.bodyLine = m_line;
            return std::move(m_out);
        } else if (word("import")) {
            ok = importStatement();
        } else if (word("from")) {
            ok = fromImportStatement();
        } else if (word("revision")) {
            ok = assignment(0, line);
        } else if (word("down_revision")) {
            ok = assignment(1, line);
        } else if (word("branch_labels")) {
            ok = assignment(2, line);
        } else if (word("depends_on")) {
            ok = assignment(3, line);
        }
        if (!ok)
            return std::nullopt;
        m_out.anyStatement = true;
    }
    return std::nullopt; // no def: nothing to read after the statements
}

} // namespace

std::optional<ScriptPreamble> readScriptPreamble(QByteArrayView source)
{
    return Reader(source).run();
}

} // namespace pm
