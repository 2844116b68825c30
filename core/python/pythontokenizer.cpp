#include "python/pythontokenizer.h"

#include <array>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

bool isIdentifierStart(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || u == '_';
    return c.isLetter() || c.isSurrogate();
}

bool isIdentifierChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_';
    return c.isLetterOrNumber() || c.isMark() || c.isSurrogate()
        || c.category() == QChar::Punctuation_Connector;
}

bool isDigit(QChar c)
{
    return c.unicode() >= '0' && c.unicode() <= '9';
}

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

// The letters before a quote that make a string prefix (r, b, f, u and the
// combinations Python accepts), with the flags they set.
bool stringPrefix(const QChar *letters, int count, quint8 &flags)
{
    flags = 0;
    bool sawU = false;
    for (int i = 0; i < count; ++i) {
        switch (letters[i].toLower().unicode()) {
        case 'r':
            if ((flags & PythonToken::Raw) || sawU)
                return false;
            flags |= PythonToken::Raw;
            break;
        case 'b':
            if ((flags & (PythonToken::Bytes | PythonToken::Format)) || sawU)
                return false;
            flags |= PythonToken::Bytes;
            break;
        case 'f':
            if ((flags & (PythonToken::Bytes | PythonToken::Format)) || sawU)
                return false;
            flags |= PythonToken::Format;
            break;
        case 'u':
            if (count != 1)
                return false;
            sawU = true;
            break;
        default:
            return false;
        }
    }
    return true;
}

// Longest operators first so that "**=" wins over "**" and "*".
constexpr std::array<std::u16string_view, 5> kThreeCharOps = {u"**=", u"//=", u"...", u">>=", u"<<="};
constexpr std::array<std::u16string_view, 19> kTwoCharOps = {
    u"**", u"//", u"<<", u">>", u"<=", u">=", u"==", u"!=", u"->", u":=",
    u"+=", u"-=", u"*=", u"/=", u"%=", u"&=", u"|=", u"^=", u"@=",
};
constexpr std::u16string_view kOneCharOps = u"()[]{},:.;@=+-*/%&|^~<>";

class Lexer
{
public:
    Lexer(const QString &source, const QString &fileName, PythonTokenizer::Options options)
        : m_source(source), m_data(source.constData()), m_size(int(source.size())),
          m_file(fileName), m_options(options)
    {
    }

    Result<QList<PythonToken>> run();

private:
    struct OpenBracket
    {
        QChar ch;
        int line;
        int column;
    };

    int column(int offset) const { return offset - m_lineStart + 1; }
    std::unexpected<Error> error(int line, int col, QString message) const
    {
        return fail(Error(m_file, line, col, std::move(message)));
    }
    void push(PythonToken::Type type, int start, int end, int line, int col)
    {
        PythonToken t;
        t.type = type;
        t.line = line;
        t.column = col;
        t.offset = start;
        t.length = end - start;
        t.text = QStringView(m_source).mid(start, end - start);
        if (type != PythonToken::Type::Comment)
            noteLineToken();
        m_tokens.append(std::move(t));
    }
    // Before appending a token that is part of the logical line.
    void noteLineToken()
    {
        if (!m_lineHasTokens)
            m_logicalLineStart = int(m_tokens.size());
        m_lineHasTokens = true;
    }
    // Consumes one line break at m_pos (\n, \r\n or \r).
    void consumeNewline()
    {
        if (m_data[m_pos] == u'\r' && m_pos + 1 < m_size && m_data[m_pos + 1] == u'\n')
            ++m_pos;
        ++m_pos;
        ++m_line;
        m_lineStart = m_pos;
    }
    Status indentation();
    // The width of the leading whitespace at `p`, with Python's tab stops
    // (every 8 columns; a form feed restarts the count); `p` ends past it.
    int indentWidth(int &p) const;
    Result<int> scanString(int start);
    Status string(int start, quint8 flags);
    bool endsModuleLevelDef() const;
    Status skimBody();
    Status skimLogicalLine();
    Status bracket(int start);
    Status number(int start);
    Status op(int start);
    Result<QString> decode(int bodyStart, int bodyEnd, quint8 flags, int line, int lineStart) const;

    const QString &m_source;
    const QChar *m_data;
    int m_size;
    QString m_file;
    PythonTokenizer::Options m_options;

    int m_pos = 0;
    int m_line = 1;
    int m_lineStart = 0;
    bool m_atLineStart = true;
    bool m_lineHasTokens = false;
    int m_logicalLineStart = 0; // index of the current logical line's first token
    QList<int> m_indents{0};
    QList<OpenBracket> m_brackets;
    QList<PythonToken> m_tokens;
};

int Lexer::indentWidth(int &p) const
{
    int width = 0;
    for (; p < m_size; ++p) {
        const QChar c = m_data[p];
        if (c == u' ')
            ++width;
        else if (c == u'\t')
            width = (width / 8 + 1) * 8;
        else if (c == u'\f')
            width = 0;
        else
            break;
    }
    return width;
}

Status Lexer::indentation()
{
    int p = m_pos;
    const int width = indentWidth(p);
    m_pos = p;
    if (p >= m_size)
        return {};
    const QChar c = m_data[p];
    // Blank and comment-only lines take no part in indentation.
    if (c == u'#' || c == u'\n' || c == u'\r')
        return {};
    m_atLineStart = false;
    if (width > m_indents.last()) {
        m_indents.append(width);
        push(PythonToken::Type::Indent, m_lineStart, p, m_line, 1);
        m_lineHasTokens = false;
        return {};
    }
    while (width < m_indents.last()) {
        m_indents.removeLast();
        push(PythonToken::Type::Dedent, p, p, m_line, column(p));
        m_lineHasTokens = false;
    }
    if (width != m_indents.last())
        return error(m_line, column(p), u"unindent does not match any outer indentation level"_s);
    return {};
}

Result<QList<PythonToken>> Lexer::run()
{
    m_tokens.reserve(m_size / 4 + 16);
    if (m_size > 0 && m_data[0] == QChar(0xfeff)) {
        m_pos = 1;
        m_lineStart = 1;
    }
    while (true) {
        if (m_atLineStart && m_brackets.isEmpty()) {
            if (auto s = indentation(); !s)
                return std::unexpected(s.error());
        }
        if (m_pos >= m_size)
            break;
        const int start = m_pos;
        const QChar c = m_data[m_pos];
        const char16_t u = c.unicode();
        if (u == ' ' || u == '\t' || u == '\f') {
            ++m_pos;
            continue;
        }
        if (u == '#') {
            while (m_pos < m_size && m_data[m_pos] != u'\n' && m_data[m_pos] != u'\r')
                ++m_pos;
            if (m_options.keepComments)
                push(PythonToken::Type::Comment, start, m_pos, m_line, column(start));
            continue;
        }
        if (u == '\n' || u == '\r') {
            bool skim = false;
            if (m_brackets.isEmpty() && m_lineHasTokens) {
                skim = m_options.skipFunctionBodies && endsModuleLevelDef();
                push(PythonToken::Type::Newline, start, start, m_line, column(start));
                m_lineHasTokens = false;
            }
            consumeNewline();
            m_atLineStart = m_brackets.isEmpty();
            if (skim) {
                if (auto s = skimBody(); !s)
                    return std::unexpected(s.error());
            }
            continue;
        }
        if (u == '\\') {
            ++m_pos;
            if (m_pos >= m_size)
                return error(m_line, column(start), u"unexpected end of file after line continuation character"_s);
            if (m_data[m_pos] != u'\n' && m_data[m_pos] != u'\r')
                return error(m_line, column(start), u"unexpected character after line continuation character"_s);
            consumeNewline();
            continue;
        }
        if (isIdentifierStart(c)) {
            int p = m_pos + 1;
            while (p < m_size && isIdentifierChar(m_data[p]))
                ++p;
            // A short run of prefix letters glued to a quote opens a string.
            if (p < m_size && p - m_pos <= 2 && (m_data[p] == u'\'' || m_data[p] == u'"')) {
                quint8 flags = 0;
                if (stringPrefix(m_data + m_pos, p - m_pos, flags)) {
                    m_pos = p;
                    if (auto s = string(start, flags); !s)
                        return std::unexpected(s.error());
                    continue;
                }
            }
            m_pos = p;
            push(PythonToken::Type::Name, start, p, m_line, column(start));
            continue;
        }
        if (isDigit(c) || (u == '.' && m_pos + 1 < m_size && isDigit(m_data[m_pos + 1]))) {
            if (auto s = number(start); !s)
                return std::unexpected(s.error());
            continue;
        }
        if (u == '\'' || u == '"') {
            if (auto s = string(start, 0); !s)
                return std::unexpected(s.error());
            continue;
        }
        if (auto s = op(start); !s)
            return std::unexpected(s.error());
    }

    if (!m_brackets.isEmpty()) {
        const OpenBracket &b = m_brackets.last();
        return error(b.line, b.column, u"'"_s + b.ch + u"' was never closed"_s);
    }
    if (m_lineHasTokens) {
        push(PythonToken::Type::Newline, m_size, m_size, m_line, column(m_size));
        m_lineHasTokens = false;
    }
    // Dedents and the end marker sit on the line after the last one, as in CPython.
    const int endLine = m_pos > m_lineStart ? m_line + 1 : m_line;
    while (m_indents.size() > 1) {
        m_indents.removeLast();
        push(PythonToken::Type::Dedent, m_size, m_size, endLine, 1);
    }
    push(PythonToken::Type::EndMarker, m_size, m_size, endLine, 1);
    m_lineHasTokens = false;
    return std::move(m_tokens);
}

Status Lexer::number(int start)
{
    int p = m_pos;
    auto digits = [&](auto accept) {
        while (p < m_size && (accept(m_data[p]) || m_data[p] == u'_'))
            ++p;
    };
    const QChar c = m_data[p];
    if (c == u'0' && p + 1 < m_size && QStringView(u"xXoObB").contains(m_data[p + 1])) {
        const char16_t base = m_data[p + 1].toLower().unicode();
        p += 2;
        const int digitsStart = p;
        digits([base](QChar d) {
            const int v = hexValue(d);
            return v >= 0 && (base == 'x' || (base == 'o' && v < 8) || (base == 'b' && v < 2));
        });
        if (p == digitsStart)
            return error(m_line, column(start), u"invalid number literal"_s);
    } else {
        digits(isDigit);
        if (p < m_size && m_data[p] == u'.') {
            ++p;
            digits(isDigit);
        }
        if (p < m_size && (m_data[p] == u'e' || m_data[p] == u'E')) {
            ++p;
            if (p < m_size && (m_data[p] == u'+' || m_data[p] == u'-'))
                ++p;
            if (p >= m_size || !isDigit(m_data[p]))
                return error(m_line, column(start), u"invalid decimal literal"_s);
            digits(isDigit);
        }
        if (p < m_size && (m_data[p] == u'j' || m_data[p] == u'J'))
            ++p;
    }
    if (p < m_size && isIdentifierChar(m_data[p]))
        return error(m_line, column(start), u"invalid decimal literal"_s);
    m_pos = p;
    push(PythonToken::Type::Number, start, p, m_line, column(start));
    return {};
}

// The literal whose prefix starts at `start` and whose opening quote is at
// m_pos: moves m_pos past the closing quote and returns where the body ends.
Result<int> Lexer::scanString(int start)
{
    const int line = m_line;
    const int col = column(start);
    const QChar quote = m_data[m_pos];
    const bool triple = m_pos + 2 < m_size && m_data[m_pos + 1] == quote && m_data[m_pos + 2] == quote;
    int p = m_pos + (triple ? 3 : 1);
    while (true) {
        if (p >= m_size)
            return error(line, col, triple ? u"unterminated triple-quoted string"_s : u"unterminated string"_s);
        const QChar ch = m_data[p];
        if (ch == u'\\') {
            ++p;
            if (p < m_size && (m_data[p] == u'\n' || m_data[p] == u'\r')) {
                m_pos = p;
                consumeNewline();
                p = m_pos;
            } else {
                ++p;
            }
            continue;
        }
        if (ch == quote) {
            if (!triple)
                break;
            if (p + 2 < m_size && m_data[p + 1] == quote && m_data[p + 2] == quote)
                break;
        } else if (ch == u'\n' || ch == u'\r') {
            if (!triple)
                return error(line, col, u"unterminated string"_s);
            m_pos = p;
            consumeNewline();
            p = m_pos;
            continue;
        }
        ++p;
    }
    m_pos = p + (triple ? 3 : 1);
    return p;
}

Status Lexer::string(int start, quint8 flags)
{
    const int line = m_line;
    const int col = column(start);
    const int lineStart = m_lineStart;
    const QChar quote = m_data[m_pos];
    const bool triple = m_pos + 2 < m_size && m_data[m_pos + 1] == quote && m_data[m_pos + 2] == quote;
    if (triple)
        flags |= PythonToken::Triple;
    const int bodyStart = m_pos + (triple ? 3 : 1);
    auto bodyEnd = scanString(start);
    if (!bodyEnd)
        return std::unexpected(bodyEnd.error());
    auto value = decode(bodyStart, *bodyEnd, flags, line, lineStart);
    if (!value)
        return std::unexpected(value.error());
    PythonToken t;
    t.type = PythonToken::Type::String;
    t.stringFlags = flags;
    t.line = line;
    t.column = col;
    t.offset = start;
    t.length = m_pos - start;
    t.text = QStringView(m_source).mid(start, m_pos - start);
    t.value = std::move(*value);
    noteLineToken();
    m_tokens.append(std::move(t));
    return {};
}

// The logical line just ended is `def name(...) ...:` at column 1 with its
// body on the following lines.
bool Lexer::endsModuleLevelDef() const
{
    if (m_indents.size() != 1 || m_logicalLineStart >= m_tokens.size())
        return false;
    const PythonToken &first = m_tokens.at(m_logicalLineStart);
    if (!first.isName(u"def") || first.column != 1)
        return false;
    for (qsizetype i = m_tokens.size() - 1; i > m_logicalLineStart; --i) {
        const PythonToken &t = m_tokens.at(i);
        if (t.type != PythonToken::Type::Comment)
            return t.isOperator(u":");
    }
    return false;
}

// At the start of the line after a module-level def: steps over the body's
// lines (every logical line indented deeper than column 1, plus blank and
// comment-only lines) and leaves m_pos at the line that ends it, or at the
// end of the source. An INDENT marks the body; the usual indentation
// handling then closes it with its DEDENT. A def followed by no indented
// line is left alone, for the reader to refuse.
Status Lexer::skimBody()
{
    bool indented = false;
    while (m_pos < m_size) {
        int p = m_pos;
        const int width = indentWidth(p);
        if (p >= m_size)
            break;
        const QChar c = m_data[p];
        if (c == u'#' || c == u'\n' || c == u'\r') {
            while (p < m_size && m_data[p] != u'\n' && m_data[p] != u'\r')
                ++p;
            m_pos = p;
            if (m_pos < m_size)
                consumeNewline();
            continue;
        }
        if (width == 0)
            break;
        if (!indented) {
            m_indents.append(width);
            push(PythonToken::Type::Indent, m_lineStart, p, m_line, 1);
            m_lineHasTokens = false;
            indented = true;
        }
        m_pos = p;
        if (auto s = skimLogicalLine(); !s)
            return s;
    }
    m_atLineStart = true;
    return {};
}

// One logical line of a skipped body, up to and including its line break.
Status Lexer::skimLogicalLine()
{
    while (m_pos < m_size) {
        const int start = m_pos;
        const QChar c = m_data[m_pos];
        const char16_t u = c.unicode();
        if (u == '#') {
            while (m_pos < m_size && m_data[m_pos] != u'\n' && m_data[m_pos] != u'\r')
                ++m_pos;
        } else if (u == '\n' || u == '\r') {
            consumeNewline();
            if (m_brackets.isEmpty())
                return {};
        } else if (u == '\\') {
            ++m_pos;
            if (m_pos >= m_size)
                return error(m_line, column(start), u"unexpected end of file after line continuation character"_s);
            if (m_data[m_pos] != u'\n' && m_data[m_pos] != u'\r')
                return error(m_line, column(start), u"unexpected character after line continuation character"_s);
            consumeNewline();
        } else if (u == '\'' || u == '"') {
            if (auto end = scanString(start); !end)
                return std::unexpected(end.error());
        } else if (isIdentifierStart(c)) {
            int p = m_pos + 1;
            while (p < m_size && isIdentifierChar(m_data[p]))
                ++p;
            m_pos = p;
            if (p < m_size && (m_data[p] == u'\'' || m_data[p] == u'"')) {
                quint8 flags = 0;
                const bool prefixed = p - start <= 2 && stringPrefix(m_data + start, p - start, flags);
                if (auto end = scanString(prefixed ? start : p); !end)
                    return std::unexpected(end.error());
            }
        } else if (u == '(' || u == '[' || u == '{' || u == ')' || u == ']' || u == '}') {
            if (auto s = bracket(start); !s)
                return s;
            ++m_pos;
        } else {
            ++m_pos;
        }
    }
    if (!m_brackets.isEmpty()) {
        const OpenBracket &b = m_brackets.last();
        return error(b.line, b.column, u"'"_s + b.ch + u"' was never closed"_s);
    }
    return {};
}

// Opens or closes a bracket at `start`, refusing a mismatched close.
Status Lexer::bracket(int start)
{
    const QChar c = m_data[start];
    const char16_t u = c.unicode();
    if (u == '(' || u == '[' || u == '{') {
        m_brackets.append({c, m_line, column(start)});
        return {};
    }
    if (m_brackets.isEmpty())
        return error(m_line, column(start), u"unmatched '"_s + c + u"'"_s);
    const QChar open = m_brackets.last().ch;
    const QChar expected = open == u'(' ? u')' : open == u'[' ? u']' : u'}';
    if (c != expected)
        return error(m_line, column(start),
                     u"closing parenthesis '"_s + c + u"' does not match opening parenthesis '"_s + open + u"'"_s);
    m_brackets.removeLast();
    return {};
}

Result<QString> Lexer::decode(int bodyStart, int bodyEnd, quint8 flags, int line, int lineStart) const
{
    const QStringView body = QStringView(m_source).mid(bodyStart, bodyEnd - bodyStart);
    const bool raw = flags & (PythonToken::Raw | PythonToken::Format);
    const bool bytes = flags & PythonToken::Bytes;
    // Fast path: most literals in migration scripts are plain identifiers.
    bool simple = true;
    for (const QChar ch : body) {
        if (ch == u'\\' || ch == u'\r' || (bytes && ch.unicode() > 0x7f)) {
            simple = false;
            break;
        }
    }
    if (simple)
        return body.toString();

    auto locate = [&](int offset) {
        int ln = line;
        int ls = lineStart;
        for (int i = bodyStart; i < offset; ++i) {
            if (m_data[i] == u'\n' || (m_data[i] == u'\r' && (i + 1 >= m_size || m_data[i + 1] != u'\n'))) {
                ++ln;
                ls = i + 1;
            }
        }
        return std::pair{ln, offset - ls + 1};
    };
    auto escapeError = [&](int offset, QString message) {
        const auto [ln, col] = locate(offset);
        return fail(Error(m_file, ln, col, std::move(message)));
    };

    QString out;
    out.reserve(body.size());
    const int n = int(body.size());
    for (int i = 0; i < n; ++i) {
        const QChar ch = body[i];
        if (ch == u'\r') {
            out += u'\n';
            if (i + 1 < n && body[i + 1] == u'\n')
                ++i;
            continue;
        }
        if (bytes && ch.unicode() > 0x7f)
            return escapeError(bodyStart + i, u"bytes can only contain ASCII literal characters"_s);
        if (ch != u'\\') {
            out += ch;
            continue;
        }
        if (i + 1 >= n) {
            out += ch;
            continue;
        }
        const QChar e = body[i + 1];
        if (raw) {
            // A raw string keeps the backslash; it only stops the quote from ending it.
            out += ch;
            if (e == u'\r') {
                out += u'\n';
                ++i;
                if (i + 1 < n && body[i + 1] == u'\n')
                    ++i;
            } else {
                out += e;
                ++i;
            }
            continue;
        }
        ++i;
        const int escapeStart = bodyStart + i - 1;
        switch (e.unicode()) {
        case '\n': break;
        case '\r':
            if (i + 1 < n && body[i + 1] == u'\n')
                ++i;
            break;
        case '\\': out += u'\\'; break;
        case '\'': out += u'\''; break;
        case '"': out += u'"'; break;
        case 'a': out += QChar(0x07); break;
        case 'b': out += QChar(0x08); break;
        case 'f': out += QChar(0x0c); break;
        case 'n': out += u'\n'; break;
        case 'r': out += u'\r'; break;
        case 't': out += u'\t'; break;
        case 'v': out += QChar(0x0b); break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int v = e.unicode() - '0';
            for (int k = 0; k < 2 && i + 1 < n && body[i + 1] >= u'0' && body[i + 1] <= u'7'; ++k)
                v = v * 8 + (body[++i].unicode() - '0');
            out += QChar(char16_t(v));
            break;
        }
        case 'x':
        case 'u':
        case 'U': {
            if (bytes && e != u'x') {
                out += u'\\';
                out += e;
                break;
            }
            const int digits = e == u'x' ? 2 : e == u'u' ? 4 : 8;
            char32_t v = 0;
            for (int k = 0; k < digits; ++k) {
                const int h = i + 1 < n ? hexValue(body[i + 1]) : -1;
                if (h < 0) {
                    const QString form = e == u'x' ? u"\\xXX"_s : e == u'u' ? u"\\uXXXX"_s : u"\\UXXXXXXXX"_s;
                    return escapeError(escapeStart, u"truncated "_s + form + u" escape"_s);
                }
                v = v * 16 + char32_t(h);
                ++i;
            }
            if (v > 0x10ffff)
                return escapeError(escapeStart, u"illegal Unicode character in \\U escape"_s);
            out += QString::fromUcs4(&v, 1);
            break;
        }
        case 'N':
            if (!bytes)
                return escapeError(escapeStart, u"\\N{...} escapes are not supported"_s);
            out += u'\\';
            out += e;
            break;
        default:
            // Python keeps unknown escapes as written (with a DeprecationWarning).
            out += u'\\';
            out += e;
            break;
        }
    }
    return out;
}

Status Lexer::op(int start)
{
    const QStringView rest = QStringView(m_source).mid(m_pos, std::min(3, m_size - m_pos));
    int len = 0;
    if (rest.size() >= 3) {
        for (auto o : kThreeCharOps)
            if (rest == QStringView(o))
                len = 3;
    }
    if (len == 0 && rest.size() >= 2) {
        const QStringView two = rest.first(2);
        for (auto o : kTwoCharOps)
            if (two == QStringView(o))
                len = 2;
    }
    const QChar c = m_data[m_pos];
    if (len == 0) {
        if (kOneCharOps.find(c.unicode()) == std::u16string_view::npos) {
            QString shown = c.isPrint() ? QString(c) : u"U+"_s + QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
            return error(m_line, column(start), u"invalid character '"_s + shown + u"'"_s);
        }
        len = 1;
        const char16_t u = c.unicode();
        if (u == '(' || u == '[' || u == '{' || u == ')' || u == ']' || u == '}') {
            if (auto s = bracket(start); !s)
                return s;
        }
    }
    m_pos += len;
    push(PythonToken::Type::Operator, start, m_pos, m_line, column(start));
    return {};
}

} // namespace

Result<QList<PythonToken>> PythonTokenizer::tokenize(const QString &source, const QString &fileName, Options options)
{
    Lexer lexer(source, fileName, options);
    return lexer.run();
}

bool PythonTokenizer::isKeyword(QStringView name)
{
    static constexpr std::array<std::u16string_view, 35> keywords = {
        u"False", u"None", u"True", u"and", u"as", u"assert", u"async", u"await", u"break",
        u"class", u"continue", u"def", u"del", u"elif", u"else", u"except", u"finally", u"for",
        u"from", u"global", u"if", u"import", u"in", u"is", u"lambda", u"nonlocal", u"not",
        u"or", u"pass", u"raise", u"return", u"try", u"while", u"with", u"yield",
    };
    for (auto k : keywords)
        if (name == QStringView(k))
            return true;
    return false;
}

} // namespace pm
