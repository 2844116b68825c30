#include "runtime/scriptheaderskim.h"

#include <cstring>

#include "script/scriptbytereader.h"
#include "script/scriptpreamble.h"

namespace pm {

namespace {

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

// The statements are ScriptByteReader's; the defs, whose bodies are only
// scanned for where they end, are the skim's own.
class Skimmer
{
public:
    explicit Skimmer(QByteArrayView source) : m_r(source) {}

    // `preamble`: filled (or left empty) when not null.
    std::optional<ScriptHeader> run(std::optional<ScriptPreamble> *preamble);

private:
    bool function();
    bool skimBody();
    bool skimLogicalLine();
    bool skipString();

    ScriptByteReader m_r;
    bool m_hasUpgrade = false;
    bool m_hasDowngrade = false;
};

// After `def`.
bool Skimmer::function()
{
    m_r.skipSpaces();
    bool *has = nullptr;
    if (m_r.word("upgrade"))
        has = &m_hasUpgrade;
    else if (m_r.word("downgrade"))
        has = &m_hasDowngrade;
    if (!has || *has)
        return false;
    *has = true;
    if (!m_r.punct('(') || !m_r.punct(')'))
        return false;
    m_r.skipSpaces();
    if (m_r.at(m_r.pos()) == '-' && m_r.at(m_r.pos() + 1) == '>') {
        m_r.setPos(m_r.pos() + 2);
        m_r.skipSpaces();
        if (!m_r.word("None"))
            return false;
    }
    if (!m_r.punct(':') || !m_r.endOfStatement() || m_r.atEnd())
        return false;
    return skimBody();
}

// ScriptParser's header-only scan of a module-level def's body, on bytes:
// every line indented deeper than column 1 (and blank or comment lines)
// belongs to it; a def with no indented line is left to the parser.
bool Skimmer::skimBody()
{
    const char *s = m_r.data();
    const qsizetype n = m_r.size();
    bool indented = false;
    while (m_r.pos() < n) {
        qsizetype p = m_r.pos();
        int width = 0;
        for (; p < n; ++p) {
            if (s[p] == ' ')
                ++width;
            else if (s[p] == '\t')
                width = (width / 8 + 1) * 8;
            else
                break;
        }
        if (p >= n)
            break;
        if (s[p] == '#' || s[p] == '\n') {
            const void *newline = std::memchr(s + p, '\n', size_t(n - p));
            if (!newline) {
                m_r.setPos(n);
                break;
            }
            m_r.newLine(static_cast<const char *>(newline) - s + 1);
            continue;
        }
        if (width == 0)
            break;
        indented = true;
        m_r.setPos(p);
        if (!skimLogicalLine())
            return false;
    }
    return indented;
}

bool Skimmer::skimLogicalLine()
{
    const char *s = m_r.data();
    const qsizetype n = m_r.size();
    char brackets[64];
    int depth = 0;
    qsizetype p = m_r.pos();
    while (true) {
        // Most bytes do not matter: skipped with locals, which stay in
        // registers, four at a time while four are left (one bound check
        // for four bytes).
        const bool *special = kBodyBytes.special;
        while (n - p >= 4 && !(special[uchar(s[p])] | special[uchar(s[p + 1])] | special[uchar(s[p + 2])]
                               | special[uchar(s[p + 3])]))
            p += 4;
        while (p < n && !special[uchar(s[p])])
            ++p;
        if (p >= n)
            break;
        const char c = s[p];
        switch (c) {
        case '#': {
            const void *newline = std::memchr(s + p, '\n', size_t(n - p));
            p = newline ? static_cast<const char *>(newline) - s : n;
            break;
        }
        case '\n':
            m_r.newLine(p + 1);
            p = m_r.pos();
            if (depth == 0)
                return true;
            break;
        case '\\':
            if (p + 1 >= n || s[p + 1] != '\n')
                return false;
            m_r.newLine(p + 2);
            p = m_r.pos();
            break;
        case '\'':
        case '"':
            m_r.setPos(p);
            if (!skipString())
                return false;
            p = m_r.pos();
            break;
        case '(':
        case '[':
        case '{':
            if (depth == int(sizeof brackets))
                return false;
            brackets[depth++] = c;
            ++p;
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
            ++p;
            break;
        }
        default:
            ++p;
            break;
        }
    }
    m_r.setPos(p);
    return depth == 0;
}

// The tokenizer's scanString: the literal opened at the cursor taken, with
// the line breaks inside it.
bool Skimmer::skipString()
{
    const char *s = m_r.data();
    const qsizetype n = m_r.size();
    const qsizetype quote = m_r.pos();
    const char q = s[quote];
    const bool triple = quote + 2 < n && s[quote + 1] == q && s[quote + 2] == q;
    qsizetype p = quote + (triple ? 3 : 1);
    while (true) {
        if (p >= n)
            return false;
        const char ch = s[p];
        if (ch == '\\') {
            // an escaped character or an escaped line break
            if (p + 1 < n && s[p + 1] == '\n')
                m_r.newLine(p + 2);
            p += 2;
            continue;
        }
        if (ch == q) {
            if (!triple)
                break;
            if (p + 2 < n && s[p + 1] == q && s[p + 2] == q)
                break;
        } else if (ch == '\n') {
            if (!triple)
                return false;
            m_r.newLine(p + 1);
        }
        ++p;
    }
    m_r.setPos(p + (triple ? 3 : 1));
    return true;
}

QStringList texts(const ScriptByteReader::Identifiers &value)
{
    QStringList out;
    if (!value.ids.isEmpty())
        out.reserve(value.ids.size());
    for (QByteArrayView id : value.ids)
        out.emplaceBack(ScriptByteReader::decoded(id));
    return out;
}

std::optional<ScriptHeader> Skimmer::run(std::optional<ScriptPreamble> *preamble)
{
    // Carriage returns, form feeds and NUL bytes change how lines,
    // indentation or text are read: the parser's business.
    const char *s = m_r.data();
    for (const char c : {'\r', '\f', '\0'}) {
        if (std::memchr(s, c, size_t(m_r.size())))
            return std::nullopt;
    }
    // The statements before the first def are all the body parse needs
    // of the header: taken as they stand there (what comes after it is
    // read on for the graph). Handed out only with a header: a file the
    // skim declines is the parser's, as before.
    std::optional<ScriptPreamble> known;
    bool firstDef = true;
    while (true) {
        const ScriptByteReader::Stop stop = m_r.readStatements();
        if (stop == ScriptByteReader::Stop::Declined)
            return std::nullopt;
        if (stop == ScriptByteReader::Stop::End)
            break;
        // no carriage return, form feed or NUL in the file (checked above)
        if (firstDef && preamble)
            known = preambleOf(m_r);
        firstDef = false;
        if (!function())
            return std::nullopt;
        m_r.setAnyStatement();
    }
    using R = ScriptByteReader;
    if (!m_r.seen(R::Revision) || !m_r.seen(R::DownRevision))
        return std::nullopt;
    // An identifier is set once: one the preamble has is the same string
    // (shared), one set after the first def is decoded here.
    const ScriptPreamble *p = known ? &*known : nullptr;
    ScriptHeader header;
    header.revision = p && p->seen[R::Revision] ? p->revision
                                                : ScriptByteReader::decoded(m_r.identifiers(R::Revision).ids.front());
    header.downRevisions =
        p && p->seen[R::DownRevision] ? p->downRevision.ids : texts(m_r.identifiers(R::DownRevision));
    header.dependsOn = p && p->seen[R::DependsOn] ? p->dependsOn.ids : texts(m_r.identifiers(R::DependsOn));
    header.branchLabels =
        p && p->seen[R::BranchLabels] ? p->branchLabels.ids : texts(m_r.identifiers(R::BranchLabels));
    // no docstring after a def
    if (p)
        header.docstring = p->docstring;
    else if (m_r.hasDocstring())
        header.docstring = ScriptByteReader::decoded(m_r.docstring());
    if (preamble)
        *preamble = std::move(known);
    return header;
}

} // namespace

std::optional<ScriptHeader> skimScriptHeader(QByteArrayView source, std::optional<ScriptPreamble> *preamble)
{
    if (preamble)
        preamble->reset();
    return Skimmer(source).run(preamble);
}

} // namespace pm
