#include "runtime/scriptheaderskim.h"

#include <cstring>

#include "python/pythontokenizer.h"

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

// Bytes that matter inside a skimmed body; every other byte is skipped.
struct BodyBytes
{
    bool special[256] = {};
    constexpr BodyBytes()
    {
        for (char c : {'#', '\n', '\\', '\'', '"', '(', '[', '{', ')', ']', '}'})
            special[uchar(c)] = true;
    }
};
constexpr BodyBytes kBodyBytes;

class Skimmer
{
public:
    explicit Skimmer(QByteArrayView source) : m_s(source.data()), m_n(source.size()) {}

    std::optional<ScriptHeader> run();

private:
    char at(qsizetype p) const { return p < m_n ? m_s[p] : '\0'; }
    bool atEnd() const { return m_pos >= m_n; }
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
    std::optional<QByteArrayView> identifier();
    std::optional<QByteArrayView> dotted();
    bool endOfStatement();
    std::optional<QString> headerString();
    bool importStatement();
    bool fromImportStatement();
    bool assignment(int index);
    bool function();
    bool skimBody();
    bool skimLogicalLine();
    std::optional<qsizetype> scanString(qsizetype quote) const;

    const char *m_s;
    qsizetype m_n;
    qsizetype m_pos = 0;
    ScriptHeader m_header;
    bool m_seen[4] = {};
    bool m_hasUpgrade = false;
    bool m_hasDowngrade = false;
};

std::optional<QByteArrayView> Skimmer::identifier()
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
std::optional<QByteArrayView> Skimmer::dotted()
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
bool Skimmer::endOfStatement()
{
    skipSpaces();
    if (at(m_pos) == '#') {
        while (m_pos < m_n && m_s[m_pos] != '\n')
            ++m_pos;
    }
    if (atEnd())
        return true;
    if (m_s[m_pos] != '\n')
        return false;
    ++m_pos;
    return true;
}

// A string with no prefix and no backslash: its value is its text.
std::optional<QString> Skimmer::headerString()
{
    skipSpaces();
    const char quote = at(m_pos);
    if (quote != '\'' && quote != '"')
        return std::nullopt;
    const bool triple = at(m_pos + 1) == quote && at(m_pos + 2) == quote && m_pos + 2 < m_n;
    const qsizetype bodyStart = m_pos + (triple ? 3 : 1);
    // The closing quote first, then the text before it checked, each by
    // memchr(): a docstring is most of the bytes outside the bodies.
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
    if (std::memchr(m_s + bodyStart, '\\', length) || (!triple && std::memchr(m_s + bodyStart, '\n', length)))
        return std::nullopt;
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

bool Skimmer::importStatement()
{
    while (true) {
        auto module = dotted();
        if (!module || !allowedModule(*module, {}))
            return false;
        skipSpaces();
        if (word("as") && !identifier())
            return false;
        if (!punct(','))
            break;
    }
    return endOfStatement();
}

bool Skimmer::fromImportStatement()
{
    auto module = dotted();
    if (!module)
        return false;
    skipSpaces();
    if (!word("import"))
        return false;
    while (true) {
        auto name = identifier();
        if (!name || !allowedModule(*module, *name))
            return false;
        skipSpaces();
        if (word("as") && !identifier())
            return false;
        if (!punct(','))
            break;
    }
    return endOfStatement();
}

// index: 0 revision, 1 down_revision, 2 branch_labels, 3 depends_on
bool Skimmer::assignment(int index)
{
    if (m_seen[index] || !punct('='))
        return false;
    m_seen[index] = true;
    QStringList ids;
    skipSpaces();
    if (word("None")) {
        if (index == 0)
            return false;
    } else if (at(m_pos) == '(' || at(m_pos) == '[') {
        if (index == 0)
            return false;
        const char close = at(m_pos) == '(' ? ')' : ']';
        ++m_pos;
        ids.reserve(4); // growing from empty costs more than the slack
        while (!punct(close)) {
            auto id = headerString();
            if (!id)
                return false;
            ids.emplaceBack(std::move(*id));
            if (!punct(',')) {
                if (!punct(close))
                    return false;
                break;
            }
        }
    } else {
        auto id = headerString();
        if (!id)
            return false;
        if (index == 0) {
            m_header.revision = std::move(*id);
            return endOfStatement();
        }
        ids.reserve(1);
        ids.emplaceBack(std::move(*id));
    }
    if (!endOfStatement())
        return false;
    (index == 1 ? m_header.downRevisions : index == 2 ? m_header.branchLabels : m_header.dependsOn) = std::move(ids);
    return true;
}

bool Skimmer::function()
{
    skipSpaces();
    bool *has = nullptr;
    if (word("upgrade"))
        has = &m_hasUpgrade;
    else if (word("downgrade"))
        has = &m_hasDowngrade;
    if (!has || *has)
        return false;
    *has = true;
    if (!punct('(') || !punct(')'))
        return false;
    skipSpaces();
    if (at(m_pos) == '-' && at(m_pos + 1) == '>') {
        m_pos += 2;
        skipSpaces();
        if (!word("None"))
            return false;
    }
    if (!punct(':') || !endOfStatement() || atEnd())
        return false;
    return skimBody();
}

// ScriptParser's header-only scan of a module-level def's body, on bytes:
// every line indented deeper than column 1 (and blank or comment lines)
// belongs to it; a def with no indented line is left to the parser.
bool Skimmer::skimBody()
{
    bool indented = false;
    while (m_pos < m_n) {
        qsizetype p = m_pos;
        int width = 0;
        for (; p < m_n; ++p) {
            if (m_s[p] == ' ')
                ++width;
            else if (m_s[p] == '\t')
                width = (width / 8 + 1) * 8;
            else
                break;
        }
        if (p >= m_n)
            break;
        if (m_s[p] == '#' || m_s[p] == '\n') {
            while (p < m_n && m_s[p] != '\n')
                ++p;
            m_pos = p < m_n ? p + 1 : p;
            continue;
        }
        if (width == 0)
            break;
        indented = true;
        m_pos = p;
        if (!skimLogicalLine())
            return false;
    }
    if (!indented)
        return false;
    return true;
}

bool Skimmer::skimLogicalLine()
{
    char brackets[64];
    int depth = 0;
    while (m_pos < m_n) {
        {
            // Most bytes do not matter: skip them with locals, which stay in
            // registers (a char load may alias m_pos, so the member is
            // stored and loaded again for every byte otherwise).
            const char *s = m_s;
            const qsizetype n = m_n;
            qsizetype p = m_pos;
            while (p < n && !kBodyBytes.special[uchar(s[p])])
                ++p;
            m_pos = p;
            if (p >= n)
                break;
        }
        const char c = m_s[m_pos];
        switch (c) {
        case '#': {
            const void *newline = std::memchr(m_s + m_pos, '\n', size_t(m_n - m_pos));
            m_pos = newline ? static_cast<const char *>(newline) - m_s : m_n;
            break;
        }
        case '\n':
            ++m_pos;
            if (depth == 0)
                return true;
            break;
        case '\\':
            if (at(m_pos + 1) != '\n' || m_pos + 1 >= m_n)
                return false;
            m_pos += 2;
            break;
        case '\'':
        case '"': {
            auto end = scanString(m_pos);
            if (!end)
                return false;
            m_pos = *end;
            break;
        }
        case '(':
        case '[':
        case '{':
            if (depth == int(sizeof brackets))
                return false;
            brackets[depth++] = c;
            ++m_pos;
            break;
        case ')':
        case ']':
        case '}': {
            if (depth == 0)
                return false;
            const char open = brackets[depth - 1];
            if ((open == '(' ? ')' : open == '[' ? ']' : '}') != c)
                return false;
            --depth;
            ++m_pos;
            break;
        }
        default:
            ++m_pos;
            break;
        }
    }
    return depth == 0;
}

// The tokenizer's scanString: where the literal opened at `quote` ends.
std::optional<qsizetype> Skimmer::scanString(qsizetype quote) const
{
    const char q = m_s[quote];
    const bool triple = quote + 2 < m_n && m_s[quote + 1] == q && m_s[quote + 2] == q;
    qsizetype p = quote + (triple ? 3 : 1);
    while (true) {
        if (p >= m_n)
            return std::nullopt;
        const char ch = m_s[p];
        if (ch == '\\') {
            p += 2; // an escaped character or an escaped line break
            continue;
        }
        if (ch == q) {
            if (!triple)
                break;
            if (p + 2 < m_n && m_s[p + 1] == q && m_s[p + 2] == q)
                break;
        } else if (ch == '\n' && !triple) {
            return std::nullopt;
        }
        ++p;
    }
    return p + (triple ? 3 : 1);
}

std::optional<ScriptHeader> Skimmer::run()
{
    // Carriage returns, form feeds, a byte-order mark and NUL bytes change
    // how lines, indentation or text are read: the parser's business.
    for (const char c : {'\r', '\f', '\0'}) {
        if (std::memchr(m_s, c, size_t(m_n)))
            return std::nullopt;
    }
    if (m_n >= 3 && std::memcmp(m_s, "\xEF\xBB\xBF", 3) == 0)
        return std::nullopt;

    bool first = true;
    while (m_pos < m_n) {
        // blank and comment-only lines
        qsizetype p = m_pos;
        while (p < m_n && (m_s[p] == ' ' || m_s[p] == '\t'))
            ++p;
        if (p >= m_n)
            break;
        if (m_s[p] == '#' || m_s[p] == '\n') {
            while (p < m_n && m_s[p] != '\n')
                ++p;
            m_pos = p < m_n ? p + 1 : p;
            continue;
        }
        if (p != m_pos)
            return std::nullopt; // an indented statement at module level
        const char c = m_s[m_pos];
        bool ok = false;
        if (c == '\'' || c == '"') {
            if (!first)
                return std::nullopt;
            auto doc = headerString();
            ok = doc.has_value() && endOfStatement();
            if (ok)
                m_header.docstring = *doc;
        } else if (word("import")) {
            ok = importStatement();
        } else if (word("from")) {
            ok = fromImportStatement();
        } else if (word("def")) {
            ok = function();
        } else if (word("revision")) {
            ok = assignment(0);
        } else if (word("down_revision")) {
            ok = assignment(1);
        } else if (word("branch_labels")) {
            ok = assignment(2);
        } else if (word("depends_on")) {
            ok = assignment(3);
        }
        if (!ok)
            return std::nullopt;
        first = false;
    }
    if (!m_seen[0] || !m_seen[1])
        return std::nullopt;
    return std::move(m_header);
}

} // namespace

std::optional<ScriptHeader> skimScriptHeader(QByteArrayView source)
{
    return Skimmer(source).run();
}

} // namespace pm
