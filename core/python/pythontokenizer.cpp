#include "python/pythontokenizer.h"

#include <array>
#include <bit>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <QVarLengthArray>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// What an ASCII character can begin, so that the tokenizer's loop takes one
// branch per token instead of testing the kinds one after the other.
enum CharClass : quint8 {
    OtherChar, // operators, and what op() refuses as an invalid character
    Blank,
    LineBreak,
    Hash,
    Backslash,
    IdentStart,
    Digit,
    Dot, // an operator, or a number such as .5
    Quote,
};

constexpr std::array<quint8, 128> kCharClass = [] {
    std::array<quint8, 128> table{};
    for (int c = 0; c < 128; ++c) {
        quint8 k = OtherChar;
        if (c == ' ' || c == '\t' || c == '\f')
            k = Blank;
        else if (c == '\n' || c == '\r')
            k = LineBreak;
        else if (c == '#')
            k = Hash;
        else if (c == '\\')
            k = Backslash;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_')
            k = IdentStart;
        else if (c >= '0' && c <= '9')
            k = Digit;
        else if (c == '.')
            k = Dot;
        else if (c == '\'' || c == '"')
            k = Quote;
        table[size_t(c)] = k;
    }
    return table;
}();

inline bool isIdentifierStart(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return kCharClass[u] == IdentStart;
    return c.isLetter() || c.isSurrogate();
}

// The characters a string's scan stops at: quotes, backslash, line breaks.
constexpr std::array<bool, 128> kStringStop = [] {
    std::array<bool, 128> table{};
    table[size_t('\'')] = table[size_t('"')] = table[size_t('\\')] = table[size_t('\n')] = table[size_t('\r')] = true;
    return table;
}();

// The first letters of the keywords: most names (sa, Column, ...) are told
// apart before the hash below.
constexpr std::array<bool, 128> kKeywordStart = [] {
    std::array<bool, 128> table{};
    for (char c : std::string_view("FNTabcdefgilnoprtwy"))
        table[size_t(c)] = true;
    return table;
}();

// The keywords by a hash of their first and last letters and length,
// which tells all 35 apart: a name is a keyword only if it equals the one
// in its slot, so each name costs one lookup and at most one comparison.
struct KeywordSlot
{
    char text[8]; // every keyword is 2 to 8 letters long
    quint8 length = 0; // 0: no keyword hashes here
    PythonToken::Code code = PythonToken::Code::None;
};
constexpr unsigned keywordHash(char16_t first, char16_t last, qsizetype length)
{
    return (unsigned(first) + unsigned(last) + 19 * unsigned(length)) & 127;
}
struct KeywordTable
{
    std::array<KeywordSlot, 128> entries{};
    bool collides = false;
};
constexpr KeywordTable kKeywords = [] {
    using C = PythonToken::Code;
    const std::pair<std::string_view, C> keywords[] = {
        {"False", C::False}, {"None", C::NoneKeyword}, {"True", C::True}, {"and", C::And}, {"as", C::As},
        {"assert", C::Assert}, {"async", C::Async}, {"await", C::Await}, {"break", C::Break},
        {"class", C::Class}, {"continue", C::Continue}, {"def", C::Def}, {"del", C::Del}, {"elif", C::Elif},
        {"else", C::Else}, {"except", C::Except}, {"finally", C::Finally}, {"for", C::For}, {"from", C::From},
        {"global", C::Global}, {"if", C::If}, {"import", C::Import}, {"in", C::In}, {"is", C::Is},
        {"lambda", C::Lambda}, {"nonlocal", C::Nonlocal}, {"not", C::Not}, {"or", C::Or}, {"pass", C::Pass},
        {"raise", C::Raise}, {"return", C::Return}, {"try", C::Try}, {"while", C::While}, {"with", C::With},
        {"yield", C::Yield},
    };
    KeywordTable table;
    for (const auto &[text, code] : keywords) {
        KeywordSlot &slot = table.entries[keywordHash(text.front(), text.back(), qsizetype(text.size()))];
        table.collides |= slot.length != 0;
        for (size_t i = 0; i < text.size(); ++i)
            slot.text[i] = text[i];
        slot.length = quint8(text.size());
        slot.code = code;
    }
    return table;
}();
static_assert(!kKeywords.collides, "two keywords share a slot: change keywordHash()");

// The keyword name[0, n) is, or Code::None.
inline PythonToken::Code keywordOf(const char16_t *name, qsizetype n)
{
    if (n < 2 || n > 8 || name[0] >= 0x80 || !kKeywordStart[name[0]])
        return PythonToken::Code::None;
    const KeywordSlot &slot = kKeywords.entries[keywordHash(name[0], name[n - 1], n)];
    if (slot.length != n)
        return PythonToken::Code::None;
    for (qsizetype i = 0; i < n; ++i) {
        if (name[i] != char16_t(slot.text[i]))
            return PythonToken::Code::None;
    }
    return slot.code;
}

// ASCII letters, digits and '_': the identifier characters of nearly every
// script, looked up without a branch per range.
constexpr std::array<bool, 128> kAsciiIdentifierChar = [] {
    std::array<bool, 128> table{};
    for (int c = 0; c < 128; ++c)
        table[size_t(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    return table;
}();

bool isNonAsciiIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c.isMark() || c.isSurrogate() || c.category() == QChar::Punctuation_Connector;
}

inline bool isIdentifierChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return kAsciiIdentifierChar[u];
    return isNonAsciiIdentifierChar(c);
}

// Where the run of ASCII identifier characters from `p` ends (at most
// `size`): eight characters at a time where SSE2 allows, as the names of a
// script are mostly 2 to 20 of them.
inline int asciiIdentifierEnd(const char16_t *data, int p, int size)
{
#if defined(__SSE2__)
    while (p + 8 <= size) {
        const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + p));
        // Signed compares: a character from U+8000 up is below them all.
        const __m128i folded = _mm_or_si128(c, _mm_set1_epi16(0x20)); // 'A'..'Z' onto 'a'..'z'
        const __m128i letter = _mm_and_si128(_mm_cmpgt_epi16(folded, _mm_set1_epi16('a' - 1)),
                                             _mm_cmplt_epi16(folded, _mm_set1_epi16('z' + 1)));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi16(c, _mm_set1_epi16('0' - 1)),
                                            _mm_cmplt_epi16(c, _mm_set1_epi16('9' + 1)));
        const __m128i underscore = _mm_cmpeq_epi16(c, _mm_set1_epi16('_'));
        const __m128i ident = _mm_or_si128(_mm_or_si128(letter, digit), underscore);
        const unsigned others = ~unsigned(_mm_movemask_epi8(ident)) & 0xffffu; // two bits per character
        if (others != 0)
            return p + std::countr_zero(others) / 2;
        p += 8;
    }
#endif
    while (p < size && data[p] < 0x80 && kAsciiIdentifierChar[data[p]])
        ++p;
    return p;
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

// A stack that never allocates, for what CPython bounds: 100 levels of
// indentation, 200 open brackets. Its items are left uninitialized.
template<typename T, int N>
struct BoundedStack
{
    T items[N];
    int count = 0;

    int size() const { return count; }
    bool isEmpty() const { return count == 0; }
    const T &last() const { return items[count - 1]; }
    void append(const T &t) { items[count++] = t; }
    void removeLast() { --count; }
};

// The code of the operator a character makes alone, and in the top bit
// whether a longer operator may start with it (`*` of `**=`); 0 for the
// characters that start no operator, and for `!`, which needs its `=`.
constexpr quint8 kMayExtend = 0x80;
constexpr std::array<quint8, 128> kOperatorStart = [] {
    using C = PythonToken::Code;
    std::array<quint8, 128> table{};
    auto set = [&](char c, C code, bool extends) { table[size_t(c)] = quint8(code) | (extends ? kMayExtend : 0); };
    set('(', C::LParen, false);
    set(')', C::RParen, false);
    set('[', C::LBracket, false);
    set(']', C::RBracket, false);
    set('{', C::LBrace, false);
    set('}', C::RBrace, false);
    set(',', C::Comma, false);
    set(';', C::Semicolon, false);
    set('~', C::Tilde, false);
    set('.', C::Dot, true);
    set(':', C::Colon, true);
    set('=', C::Assign, true);
    set('+', C::Plus, true);
    set('-', C::Minus, true);
    set('*', C::Star, true);
    set('/', C::Slash, true);
    set('%', C::Percent, true);
    set('&', C::Amp, true);
    set('|', C::Pipe, true);
    set('^', C::Caret, true);
    set('@', C::At, true);
    set('<', C::Less, true);
    set('>', C::Greater, true);
    return table;
}();

// GCC packs a token's four ints into a vector register before storing
// them, at twice the instructions of four plain stores: not in the loop.
#if defined(__GNUC__) && !defined(__clang__)
#define PM_NO_SLP_VECTORIZE __attribute__((optimize("no-tree-slp-vectorize")))
#else
#define PM_NO_SLP_VECTORIZE
#endif

class Lexer
{
public:
    Lexer(const QString &source, const QString &fileName, PythonTokenizer::Options options)
        : m_source(source), m_data(source.constData()), m_size(int(source.size())),
          m_file(fileName), m_options(options)
    {
        m_indents.append(0);
    }
    // The tokens made so far are the block's, for it to destroy, on a refusal too.
    ~Lexer() { m_tokens.size = count(); }

    Result<QList<PythonToken>> run();
    Result<QList<PythonToken>> runFragment(int begin, int end, int line, int column);

private:
    struct OpenBracket
    {
        char16_t ch;
        int line;
        int column;
    };

    int column(int offset) const { return offset - m_lineStart + 1; }
    std::unexpected<Error> error(int line, int col, QString message) const
    {
        return fail(Error(m_file, line, col, std::move(message)));
    }
    // Whether the logical line has a token other than a comment yet.
    bool lineHasTokens() const { return count() > m_logicalLineStart; }
    // After a NEWLINE, INDENT or DEDENT: the next token starts a logical line.
    void startLogicalLine() { m_logicalLineStart = count(); }
    Q_ALWAYS_INLINE void push(PythonToken::Type type, int start, int end, int line, int col,
                              PythonToken::Code code = PythonToken::Code::None, quint8 stringFlags = 0)
    {
        // Made in place; the compiler drops the default members' stores
        // that the assignments overwrite.
        PythonToken *t = new (newSlot()) PythonToken;
        t->type = type;
        t->stringFlags = stringFlags;
        t->code = code;
        t->line = line;
        t->column = col;
        t->offset = start;
        t->length = end - start;
        t->text = QStringView(m_data + start, end - start);
    }
    // A literal whose value is its body as written, source[bodyStart, bodyEnd).
    Q_ALWAYS_INLINE void pushPlainString(int start, int end, int bodyStart, int bodyEnd, int line, int col,
                                         quint8 flags)
    {
        const int bodyLength = bodyEnd - bodyStart;
        // The value is filled in by takeTokens().
        if (bodyLength > 0) {
            m_plainStrings.append({count(), bodyStart, bodyLength});
            m_plainStringChars += bodyLength + 1;
        }
        push(PythonToken::Type::String, start, end, line, col, PythonToken::Code::None, flags);
        if (bodyLength == 0)
            m_next[-1].value = QString(m_data + bodyStart, 0); // empty, not null, as Python's ''
    }
    void pushComment(int start, int end)
    {
        const bool first = !lineHasTokens();
        push(PythonToken::Type::Comment, start, end, m_line, column(start));
        if (first)
            startLogicalLine(); // a comment does not start the logical line
    }
    void pushName(int start, int end)
    {
        push(PythonToken::Type::Name, start, end, m_line, column(start),
             keywordOf(reinterpret_cast<const char16_t *>(m_data) + start, end - start));
    }
    // Raw room for the next token, for the caller to construct. The block
    // is allocated once for nearly any script and counts its tokens only
    // when they are handed over: QList::emplaceBack() checks sharing and
    // room twice per token, and growing a list by default-made tokens
    // wrote each one twice.
    Q_ALWAYS_INLINE PythonToken *newSlot()
    {
        if (m_next == m_end) [[unlikely]]
            growTokens();
        return m_next++;
    }
    void allocateTokens(qsizetype capacity)
    {
        m_tokens = QArrayDataPointer<PythonToken>(QTypedArrayData<PythonToken>::allocate(capacity));
        m_slots = m_next = m_tokens.data();
        m_end = m_slots + m_tokens.constAllocatedCapacity();
    }
    Q_DECL_COLD_FUNCTION void growTokens()
    {
        if (!m_slots)
            return allocateTokens(kTokenStep);
        const qsizetype made = count();
        m_tokens.size = made;
        // Moved by realloc(), a PythonToken being relocatable.
        m_tokens.reallocateAndGrow(QArrayData::GrowsAtEnd, made + kTokenStep);
        m_slots = m_tokens.data();
        m_next = m_slots + made;
        m_end = m_slots + m_tokens.constAllocatedCapacity();
    }
    static constexpr qsizetype kTokenStep = 32;
    QList<PythonToken> takeTokens()
    {
        m_tokens.size = count();
        shareStringValues();
        m_slots = m_next = m_end = nullptr;
        return QList<PythonToken>(std::move(m_tokens));
    }
    // The values of the literals written without escapes (nearly all) are
    // copied into one block and each is a QString viewing its part of it,
    // holding a reference on the block: a script's literals cost one
    // allocation and one free instead of one each. Each part is followed by
    // a '\0', as a QString's characters always are; a value changed later
    // is detached from the block as any shared QString is, and when it is
    // the block's last holder, Qt grows it in place over its dead
    // neighbours, which is equally sound.
    void shareStringValues()
    {
        if (m_plainStrings.isEmpty())
            return;
        QString block(m_plainStringChars - 1, Qt::Uninitialized); // the last '\0' is the block's own
        QArrayDataPointer<char16_t> &blockData = block.data_ptr();
        // One reference per value, taken at once.
        blockData.d_ptr()->ref_.fetchAndAddRelaxed(int(m_plainStrings.size()));
        char16_t *out = blockData.data();
        PythonToken *tokens = m_slots;
        for (const PlainString &s : m_plainStrings) {
            std::memcpy(out, m_data + s.begin, size_t(s.length) * sizeof(char16_t));
            out[s.length] = u'\0';
            tokens[s.token].value = QString(QArrayDataPointer<char16_t>(blockData.d_ptr(), out, s.length));
            out += s.length + 1;
        }
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
    // Opens or closes the bracket `u` at `start`; false, having done
    // nothing, for what bracketSlow() refuses or words.
    Q_ALWAYS_INLINE bool bracketFast(char16_t u, int start)
    {
        if (u == '(' || u == '[' || u == '{') {
            if (m_brackets.size() < 200) {
                m_brackets.append({u, m_line, column(start)});
                return true;
            }
        } else if (m_brackets.size() > (m_fragment ? 1 : 0)) {
            const char16_t open = m_brackets.last().ch;
            if (u == (open == '(' ? ')' : open == '[' ? ']' : '}')) {
                m_brackets.removeLast();
                return true;
            }
        }
        return false;
    }
    // Opens or closes a bracket at `start`, refusing a mismatched close.
    Status bracket(int start)
    {
        if (bracketFast(m_data[start].unicode(), start))
            return {};
        return bracketSlow(start);
    }
    Q_DECL_COLD_FUNCTION Status bracketSlow(int start);
    Status number(int start);
    struct OperatorMatch
    {
        int length; // 0: no operator starts here
        PythonToken::Code code;
    };
    // The operator at `pos`, any length.
    OperatorMatch matchOperator(int pos) const;
    // An operator's token at `start`, the commonest token: one character
    // that starts no longer operator is read from a table, the rest by
    // matchOperator(). Returns where the operator ends, or -1 having
    // refused it (the error is then in m_error).
    Q_ALWAYS_INLINE int op(int start)
    {
        using C = PythonToken::Code;
        const char16_t u = m_data[start].unicode();
        const quint8 entry = u < 0x80 ? kOperatorStart[u] : 0;
        C code = C(entry & ~kMayExtend);
        int length = 1;
        if (code == C::None || ((entry & kMayExtend) && start + 1 < m_size && mayExtend(u, m_data[start + 1].unicode()))) {
            const OperatorMatch m = matchOperator(start);
            if (m.length == 0) [[unlikely]] {
                m_error = invalidCharacter(start).error();
                return -1;
            }
            code = m.code;
            length = m.length;
        }
        if (code >= C::LParen && code <= C::RBrace && !bracketFast(u, start)) [[unlikely]] {
            if (auto s = bracketSlow(start); !s) {
                m_error = s.error();
                return -1;
            }
        }
        push(PythonToken::Type::Operator, start, start + length, m_line, column(start), code);
        return start + length;
    }
    // Whether `next` may continue the operator `u`: `=` after any, or the
    // character itself (`**`, `...`), or `>` after `-`.
    static bool mayExtend(char16_t u, char16_t next) { return next == '=' || next == u || next == '>'; }
    Error m_error; // op()'s refusal
    Q_DECL_COLD_FUNCTION std::unexpected<Error> invalidCharacter(int start) const;
    Result<QString> decode(int bodyStart, int bodyEnd, quint8 flags, int line, int lineStart) const;
    bool m_fragment = false;
    // What the last scanString() met: no backslash, no carriage return.
    bool m_scannedPlain = true;

    const QString &m_source;
    const QChar *m_data;
    int m_size;
    QString m_file;
    PythonTokenizer::Options m_options;

    int m_pos = 0;
    int m_line = 1;
    int m_lineStart = 0;
    // The index of the current logical line's first token (its comments
    // aside), or of the next token while it has none.
    qsizetype m_logicalLineStart = 0;
    // Inline: a script's indentation and bracket nesting allocate nothing.
    BoundedStack<int, 100> m_indents;
    BoundedStack<OpenBracket, 200> m_brackets;
    // The tokens made so far, [m_slots, m_next), in room up to m_end; the
    // block's own count is set when they are handed over.
    QArrayDataPointer<PythonToken> m_tokens;
    PythonToken *m_slots = nullptr; // m_tokens.data()
    PythonToken *m_next = nullptr;
    PythonToken *m_end = nullptr;
    qsizetype count() const { return m_next - m_slots; }
    // The String tokens whose value is source[begin, begin + length).
    struct PlainString
    {
        qsizetype token;
        int begin;
        int length;
    };
    QVarLengthArray<PlainString, 16> m_plainStrings;
    qsizetype m_plainStringChars = 0; // their lengths, each plus one for its '\0'
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
    // Runs of empty lines (the blanked preamble of a script's body) at
    // once, not a turn of the tokenizer's loop each.
    int p = m_pos;
    while (p < m_size && m_data[p] == u'\n')
        ++p;
    if (p != m_pos) {
        m_line += p - m_pos;
        m_lineStart = p;
    }
    const int width = indentWidth(p);
    m_pos = p;
    if (p >= m_size)
        return {};
    const QChar c = m_data[p];
    // Blank and comment-only lines take no part in indentation.
    if (c == u'#' || c == u'\n' || c == u'\r')
        return {};
    if (width == m_indents.last())
        return {};
    if (width > m_indents.last()) {
        // CPython's MAXINDENT: deeper nesting is refused, never a deep recursion later.
        if (m_indents.size() >= 100)
            return error(m_line, column(p), u"too many levels of indentation"_s);
        m_indents.append(width);
        push(PythonToken::Type::Indent, m_lineStart, p, m_line, 1);
        startLogicalLine();
        return {};
    }
    while (width < m_indents.last()) {
        m_indents.removeLast();
        push(PythonToken::Type::Dedent, p, p, m_line, column(p));
        startLogicalLine();
    }
    if (width != m_indents.last())
        return error(m_line, column(p), u"unindent does not match any outer indentation level"_s);
    return {};
}

PM_NO_SLP_VECTORIZE Result<QList<PythonToken>> Lexer::run()
{
    // Room for every token of nearly any script (real ones have one per
    // 6 to 10 characters): the block is not moved while it grows.
    allocateTokens(m_size / 4 + kTokenStep);
    if (m_size > 0 && m_data[0] == QChar(0xfeff)) {
        m_pos = 1;
        m_lineStart = 1;
    }
    // Each line outside brackets starts with its indentation, read where
    // its line break is consumed.
    if (auto s = indentation(); !s)
        return std::unexpected(s.error());
    // The position is a local, handed to m_pos around the calls that read
    // it: as a member, the compiler reloads it after every token's stores.
    const char16_t *const data = reinterpret_cast<const char16_t *>(m_data);
    const int size = m_size;
    int pos = m_pos;
    while (pos < size) {
        const int start = pos;
        const char16_t u = data[pos];
        const quint8 kind = u < 0x80 ? kCharClass[u] : quint8(isIdentifierStart(QChar(u)) ? IdentStart : OtherChar);
        switch (kind) {
        case OtherChar:
            pos = op(start);
            if (pos < 0) [[unlikely]]
                return std::unexpected(std::move(m_error));
            continue;
        case IdentStart: {
            int p = asciiIdentifierEnd(data, pos + 1, size);
            // What ends the name is looked at again only if it may be part
            // of it (a non-ASCII letter) or make it a string's prefix.
            if (p < size && (data[p] >= 0x80 || data[p] == u'\'' || data[p] == u'"')) [[unlikely]] {
                while (p < size && isIdentifierChar(QChar(data[p])))
                    ++p;
                // A short run of prefix letters glued to a quote opens a string.
                if (p - pos <= 2 && p < size && (data[p] == u'\'' || data[p] == u'"')) {
                    quint8 flags = 0;
                    if (stringPrefix(m_data + pos, p - pos, flags)) {
                        m_pos = p;
                        if (auto s = string(start, flags); !s)
                            return std::unexpected(s.error());
                        pos = m_pos;
                        continue;
                    }
                }
            }
            pos = p;
            pushName(start, p);
            continue;
        }
        case Blank:
            // The run of blanks at once, not a turn of the loop each.
            ++pos;
            while (pos < size && (data[pos] == u' ' || data[pos] == u'\t' || data[pos] == u'\f'))
                ++pos;
            continue;
        case Quote: {
            // A literal in one kind of quote on one line without a
            // backslash, nearly every one, is read here; string() reads
            // the rest.
            if (!(pos + 2 < size && data[pos + 1] == u && data[pos + 2] == u)) {
                int p = pos + 1;
                while (p < size && (data[p] >= 0x80 || !kStringStop[data[p]]))
                    ++p;
                if (p < size && data[p] == u) {
                    pushPlainString(start, p + 1, pos + 1, p, m_line, column(start), 0);
                    pos = p + 1;
                    continue;
                }
            }
            m_pos = pos;
            if (auto s = string(start, 0); !s)
                return std::unexpected(s.error());
            pos = m_pos;
            continue;
        }
        case LineBreak:
            m_pos = pos;
            if (!m_brackets.isEmpty()) {
                consumeNewline();
                pos = m_pos;
                // The next line's leading blanks, not a turn of the loop.
                while (pos < size && (data[pos] == u' ' || data[pos] == u'\t' || data[pos] == u'\f'))
                    ++pos;
                continue;
            }
            if (lineHasTokens()) {
                const bool skim = m_options.skipFunctionBodies && endsModuleLevelDef();
                push(PythonToken::Type::Newline, start, start, m_line, column(start));
                startLogicalLine();
                consumeNewline();
                if (skim) {
                    if (auto s = skimBody(); !s)
                        return std::unexpected(s.error());
                }
            } else {
                consumeNewline();
            }
            if (auto s = indentation(); !s)
                return std::unexpected(s.error());
            pos = m_pos;
            continue;
        case Hash:
            while (pos < size && data[pos] != u'\n' && data[pos] != u'\r')
                ++pos;
            if (m_options.keepComments)
                pushComment(start, pos);
            continue;
        case Backslash:
            ++pos;
            if (pos >= size)
                return error(m_line, column(start), u"unexpected end of file after line continuation character"_s);
            if (data[pos] != u'\n' && data[pos] != u'\r')
                return error(m_line, column(start), u"unexpected character after line continuation character"_s);
            m_pos = pos;
            consumeNewline();
            pos = m_pos;
            continue;
        case Digit:
        number:
            m_pos = pos;
            if (auto s = number(start); !s)
                return std::unexpected(s.error());
            pos = m_pos;
            continue;
        case Dot:
            if (pos + 1 < size && data[pos + 1] >= u'0' && data[pos + 1] <= u'9')
                goto number;
            pos = op(start);
            if (pos < 0) [[unlikely]]
                return std::unexpected(std::move(m_error));
            continue;
        default:
            Q_UNREACHABLE();
        }
    }
    m_pos = pos;

    if (!m_brackets.isEmpty()) {
        const OpenBracket &b = m_brackets.last();
        return error(b.line, b.column, u"'"_s + QChar(b.ch) + u"' was never closed"_s);
    }
    if (lineHasTokens()) {
        push(PythonToken::Type::Newline, m_size, m_size, m_line, column(m_size));
        startLogicalLine();
    }
    // Dedents and the end marker sit on the line after the last one, as in CPython.
    const int endLine = m_pos > m_lineStart ? m_line + 1 : m_line;
    while (m_indents.size() > 1) {
        m_indents.removeLast();
        push(PythonToken::Type::Dedent, m_size, m_size, endLine, 1);
    }
    push(PythonToken::Type::EndMarker, m_size, m_size, endLine, 1);
    return takeTokens();
}

Result<QList<PythonToken>> Lexer::runFragment(int begin, int end, int line, int startColumn)
{
    m_fragment = true;
    m_size = end;
    m_pos = begin;
    m_line = line;
    m_lineStart = begin - (startColumn - 1);
    // A sentinel bracket: newlines inside are not NEWLINE tokens, and a
    // closing bracket without its opening one is refused.
    m_brackets.append({u'(', line, startColumn});
    while (m_pos < m_size) {
        const int start = m_pos;
        const QChar c = m_data[m_pos];
        const char16_t u = c.unicode();
        if (u == ' ' || u == '\t' || u == '\f') {
            ++m_pos;
        } else if (u == '\n' || u == '\r') {
            consumeNewline();
        } else if (u == '#') {
            return error(m_line, column(start), u"f-string expression part cannot include '#'"_s);
        } else if (u == '\\') {
            return error(m_line, column(start), u"f-string expression part cannot include a backslash"_s);
        } else if (isIdentifierStart(c)) {
            int p = m_pos + 1;
            while (p < m_size && isIdentifierChar(m_data[p]))
                ++p;
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
            pushName(start, p);
        } else if (isDigit(c) || (u == '.' && m_pos + 1 < m_size && isDigit(m_data[m_pos + 1]))) {
            if (auto s = number(start); !s)
                return std::unexpected(s.error());
        } else if (u == '\'' || u == '"') {
            if (auto s = string(start, 0); !s)
                return std::unexpected(s.error());
        } else {
            m_pos = op(start);
            if (m_pos < 0)
                return std::unexpected(std::move(m_error));
        }
    }
    if (m_brackets.size() > 1) {
        const OpenBracket &b = m_brackets.last();
        return error(b.line, b.column, u"f-string: '"_s + QChar(b.ch) + u"' was never closed"_s);
    }
    push(PythonToken::Type::EndMarker, m_size, m_size, m_line, column(m_size));
    return takeTokens();
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
    m_scannedPlain = true;
    while (true) {
        // Straight to the next character that may matter.
        while (p < m_size && (m_data[p].unicode() >= 0x80 || !kStringStop[m_data[p].unicode()]))
            ++p;
        if (p >= m_size)
            return error(line, col, triple ? u"unterminated triple-quoted string"_s : u"unterminated string"_s);
        const QChar ch = m_data[p];
        if (ch == u'\\') {
            m_scannedPlain = false;
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
            if (ch == u'\r')
                m_scannedPlain = false;
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
    // Without a backslash or a carriage return (and not bytes, which
    // refuse non-ASCII), the value is the body as written: decodeEscapes()
    // would scan it again to find that out.
    const bool plain = m_scannedPlain && !(flags & PythonToken::Bytes);
    if (!plain) {
        auto value = decode(bodyStart, *bodyEnd, flags, line, lineStart);
        if (!value)
            return std::unexpected(value.error());
        push(PythonToken::Type::String, start, m_pos, line, col, PythonToken::Code::None, flags);
        m_next[-1].value = std::move(*value);
        return {};
    }
    pushPlainString(start, m_pos, bodyStart, *bodyEnd, line, col, flags);
    return {};
}

// The logical line just ended is `def name(...) ...:` at column 1 with its
// body on the following lines.
bool Lexer::endsModuleLevelDef() const
{
    if (m_indents.size() != 1 || m_logicalLineStart >= count())
        return false;
    const PythonToken &first = m_slots[m_logicalLineStart];
    if (!first.isName(u"def") || first.column != 1)
        return false;
    for (qsizetype i = count() - 1; i > m_logicalLineStart; --i) {
        const PythonToken &t = m_slots[i];
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
            startLogicalLine();
            indented = true;
        }
        m_pos = p;
        if (auto s = skimLogicalLine(); !s)
            return s;
    }
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
        return error(b.line, b.column, u"'"_s + QChar(b.ch) + u"' was never closed"_s);
    }
    return {};
}

// bracket()'s refusals, and its work again where it had none to give.
Status Lexer::bracketSlow(int start)
{
    const QChar c = m_data[start];
    const char16_t u = c.unicode();
    if (u == '(' || u == '[' || u == '{') {
        // CPython's MAXLEVEL.
        if (m_brackets.size() >= 200)
            return error(m_line, column(start), u"too many nested parentheses"_s);
        m_brackets.append({u, m_line, column(start)});
        return {};
    }
    if (m_brackets.isEmpty() || (m_fragment && m_brackets.size() == 1))
        return error(m_line, column(start), (m_fragment ? u"f-string: unmatched '"_s : u"unmatched '"_s) + c + u"'"_s);
    const QChar open(m_brackets.last().ch);
    const QChar expected = open == u'(' ? u')' : open == u'[' ? u']' : u'}';
    if (c != expected)
        return error(m_line, column(start),
                     u"closing parenthesis '"_s + c + u"' does not match opening parenthesis '"_s + open + u"'"_s);
    m_brackets.removeLast();
    return {};
}

Result<QString> Lexer::decode(int bodyStart, int bodyEnd, quint8 flags, int line, int lineStart) const
{
    // An f-string's literal pieces are decoded by the reader that splits it.
    if (flags & PythonToken::Format)
        flags |= PythonToken::Raw;
    PythonTokenizer::Decoded d = PythonTokenizer::decodeEscapes(
        QStringView(m_source).mid(bodyStart, bodyEnd - bodyStart), flags);
    if (d.errorOffset < 0)
        return std::move(d.value);
    int ln = line;
    int ls = lineStart;
    const int offset = bodyStart + d.errorOffset;
    for (int i = bodyStart; i < offset; ++i) {
        if (m_data[i] == u'\n' || (m_data[i] == u'\r' && (i + 1 >= m_size || m_data[i + 1] != u'\n'))) {
            ++ln;
            ls = i + 1;
        }
    }
    return fail(Error(m_file, ln, offset - ls + 1, std::move(d.error)));
}

Lexer::OperatorMatch Lexer::matchOperator(int pos) const
{
    // The longest operator first ("**=" over "**" over "*"), char by char,
    // its code decided on the way.
    using C = PythonToken::Code;
    const char16_t u = m_data[pos].unicode();
    const char16_t n1 = pos + 1 < m_size ? m_data[pos + 1].unicode() : 0;
    const char16_t n2 = pos + 2 < m_size ? m_data[pos + 2].unicode() : 0;
    // One character, or two when the next is '=' (`+` or `+=`).
    auto orAssign = [&](C plain, C assign) { return n1 == '=' ? OperatorMatch{2, assign} : OperatorMatch{1, plain}; };
    // `*`, `**`, `**=`, `*=` and the like for / < >.
    auto doubled = [&](C single, C twice, C twiceAssign, C singleEqual) {
        if (n1 == u)
            return n2 == '=' ? OperatorMatch{3, twiceAssign} : OperatorMatch{2, twice};
        return n1 == '=' ? OperatorMatch{2, singleEqual} : OperatorMatch{1, single};
    };
    switch (u) {
    case '(': return {1, C::LParen};
    case ')': return {1, C::RParen};
    case '[': return {1, C::LBracket};
    case ']': return {1, C::RBracket};
    case '{': return {1, C::LBrace};
    case '}': return {1, C::RBrace};
    case ',': return {1, C::Comma};
    case ';': return {1, C::Semicolon};
    case '~': return {1, C::Tilde};
    case '.': return n1 == '.' && n2 == '.' ? OperatorMatch{3, C::Ellipsis} : OperatorMatch{1, C::Dot};
    case '*': return doubled(C::Star, C::DoubleStar, C::DoubleStarAssign, C::StarAssign);
    case '/': return doubled(C::Slash, C::DoubleSlash, C::DoubleSlashAssign, C::SlashAssign);
    case '<': return doubled(C::Less, C::LShift, C::LShiftAssign, C::LessEqual);
    case '>': return doubled(C::Greater, C::RShift, C::RShiftAssign, C::GreaterEqual);
    case '-': return n1 == '>' ? OperatorMatch{2, C::Arrow} : orAssign(C::Minus, C::MinusAssign);
    case ':': return orAssign(C::Colon, C::Walrus);
    case '=': return orAssign(C::Assign, C::Equal);
    case '+': return orAssign(C::Plus, C::PlusAssign);
    case '%': return orAssign(C::Percent, C::PercentAssign);
    case '&': return orAssign(C::Amp, C::AmpAssign);
    case '|': return orAssign(C::Pipe, C::PipeAssign);
    case '^': return orAssign(C::Caret, C::CaretAssign);
    case '@': return orAssign(C::At, C::AtAssign);
    case '!': return n1 == '=' ? OperatorMatch{2, C::NotEqual} : OperatorMatch{0, C::None};
    default: return {0, C::None};
    }
}

std::unexpected<Error> Lexer::invalidCharacter(int start) const
{
    const QChar c = m_data[start];
    QString shown = c.isPrint() ? QString(c) : u"U+"_s + QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
    return error(m_line, column(start), u"invalid character '"_s + shown + u"'"_s);
}

} // namespace

Result<QList<PythonToken>> PythonTokenizer::tokenize(const QString &source, const QString &fileName, Options options)
{
    Lexer lexer(source, fileName, options);
    return lexer.run();
}

Result<QList<PythonToken>> PythonTokenizer::tokenizeFragment(const QString &source, const QString &fileName,
                                                             int begin, int end, int line, int column)
{
    Lexer lexer(source, fileName, Options{});
    return lexer.runFragment(begin, end, line, column);
}

PythonTokenizer::Decoded PythonTokenizer::decodeEscapes(QStringView body, quint8 flags)
{
    Decoded result;
    const bool raw = flags & PythonToken::Raw;
    const bool bytes = flags & PythonToken::Bytes;
    // Fast path: most literals in migration scripts are plain identifiers.
    bool simple = true;
    for (const QChar ch : body) {
        if (ch == u'\\' || ch == u'\r' || (bytes && ch.unicode() > 0x7f)) {
            simple = false;
            break;
        }
    }
    if (simple) {
        result.value = body.toString();
        return result;
    }
    auto escapeError = [&](int offset, QString message) {
        result.errorOffset = offset;
        result.error = std::move(message);
        result.value.clear();
        return result;
    };

    QString &out = result.value;
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
            return escapeError(i, u"bytes can only contain ASCII literal characters"_s);
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
        const int escapeStart = i - 1;
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
    return result;
}

bool PythonTokenizer::isKeyword(QStringView name)
{
    return keywordCode(name) != PythonToken::Code::None;
}

PythonToken::Code PythonTokenizer::keywordCode(QStringView name)
{
    return keywordOf(name.utf16(), name.size());
}

PythonToken::Code PythonTokenizer::operatorCode(QStringView t)
{
    using C = PythonToken::Code;
    const char16_t a = t.size() > 0 ? t[0].unicode() : 0;
    const char16_t b = t.size() > 1 ? t[1].unicode() : 0;
    if (t.size() == 1) {
        switch (a) {
        case '(': return C::LParen;
        case ')': return C::RParen;
        case '[': return C::LBracket;
        case ']': return C::RBracket;
        case '{': return C::LBrace;
        case '}': return C::RBrace;
        case ',': return C::Comma;
        case ':': return C::Colon;
        case ';': return C::Semicolon;
        case '.': return C::Dot;
        case '@': return C::At;
        case '=': return C::Assign;
        case '+': return C::Plus;
        case '-': return C::Minus;
        case '*': return C::Star;
        case '/': return C::Slash;
        case '%': return C::Percent;
        case '&': return C::Amp;
        case '|': return C::Pipe;
        case '^': return C::Caret;
        case '~': return C::Tilde;
        case '<': return C::Less;
        case '>': return C::Greater;
        default: return C::None;
        }
    }
    if (t.size() == 2) {
        if (b == '=') {
            switch (a) {
            case ':': return C::Walrus;
            case '=': return C::Equal;
            case '!': return C::NotEqual;
            case '<': return C::LessEqual;
            case '>': return C::GreaterEqual;
            case '+': return C::PlusAssign;
            case '-': return C::MinusAssign;
            case '*': return C::StarAssign;
            case '/': return C::SlashAssign;
            case '%': return C::PercentAssign;
            case '&': return C::AmpAssign;
            case '|': return C::PipeAssign;
            case '^': return C::CaretAssign;
            case '@': return C::AtAssign;
            default: return C::None;
            }
        }
        if (a == '-' && b == '>')
            return C::Arrow;
        if (a == b) {
            switch (a) {
            case '*': return C::DoubleStar;
            case '/': return C::DoubleSlash;
            case '<': return C::LShift;
            case '>': return C::RShift;
            default: return C::None;
            }
        }
        return C::None;
    }
    if (t.size() == 3) {
        if (a == '.' && b == '.')
            return C::Ellipsis;
        if (a == b && t[2] == u'=') {
            switch (a) {
            case '*': return C::DoubleStarAssign;
            case '/': return C::DoubleSlashAssign;
            case '<': return C::LShiftAssign;
            case '>': return C::RShiftAssign;
            default: return C::None;
            }
        }
    }
    return C::None;
}

} // namespace pm
