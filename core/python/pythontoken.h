#pragma once

#include <QString>
#include <QStringView>

namespace pm {

// One token of Python source, located as Python's own tokenizer locates it
// (1-based line; 1-based column counted in UTF-16 code units, which equals
// CPython's character offset for everything outside the astral planes).
struct PythonToken
{
    enum class Type : quint8 {
        Name,     // identifiers and keywords alike, as in Python's tokenize
        Number,
        String,   // one literal; adjacent literals are joined by the parser
        Operator, // punctuation and brackets
        Comment,  // only when the tokenizer is asked to keep them
        Newline,  // end of a logical line
        Indent,
        Dedent,
        EndMarker,
    };

    // Which operator or keyword a token is, so that readers compare small
    // integers instead of text. None for identifiers, literals and the rest.
    enum class Code : quint8 {
        None,
        // Operators
        LParen, RParen, LBracket, RBracket, LBrace, RBrace, Comma, Colon, Semicolon, Dot, Ellipsis, At,
        Assign, Arrow, Walrus, Plus, Minus, Star, Slash, DoubleSlash, Percent, DoubleStar, LShift, RShift,
        Amp, Pipe, Caret, Tilde, Less, Greater, LessEqual, GreaterEqual, Equal, NotEqual,
        PlusAssign, MinusAssign, StarAssign, SlashAssign, DoubleSlashAssign, PercentAssign, DoubleStarAssign,
        LShiftAssign, RShiftAssign, AmpAssign, PipeAssign, CaretAssign, AtAssign,
        // Keywords, from here on
        False, NoneKeyword, True, And, As, Assert, Async, Await, Break, Class, Continue, Def, Del, Elif, Else,
        Except, Finally, For, From, Global, If, Import, In, Is, Lambda, Nonlocal, Not, Or, Pass, Raise,
        Return, Try, While, With, Yield,
    };

    enum StringFlag : quint8 {
        Raw = 0x1,
        Bytes = 0x2,
        Format = 0x4, // f-string: value holds the unevaluated text between the quotes
        Triple = 0x8,
    };

    Type type = Type::EndMarker;
    quint8 stringFlags = 0;
    Code code = Code::None;
    int line = 0;
    int column = 0;
    int offset = 0; // into the tokenized source
    int length = 0;
    // A view into the tokenized source; valid while that QString lives unmodified.
    QStringView text;
    // String tokens only: the literal's value with escapes decoded.
    QString value;

    bool is(Type t, QStringView s) const { return type == t && same(text, s); }
    bool isOperator(QStringView s) const { return type == Type::Operator && same(text, s); }
    bool isName(QStringView s) const { return type == Type::Name && same(text, s); }
    // A literal's length is its array's: made into a QStringView, it was
    // measured at run time on every check.
    template<size_t N>
    bool is(Type t, const char16_t (&s)[N]) const { return type == t && same(text, QStringView(s, qsizetype(N - 1))); }
    template<size_t N>
    bool isOperator(const char16_t (&s)[N]) const { return type == Type::Operator && same(text, QStringView(s, qsizetype(N - 1))); }
    template<size_t N>
    bool isName(const char16_t (&s)[N]) const { return type == Type::Name && same(text, QStringView(s, qsizetype(N - 1))); }
    bool isName() const { return type == Type::Name; }
    bool isKeyword() const { return code >= Code::False; }

    // Token texts are short and mostly differ in length: compared inline,
    // the readers' many checks cost next to nothing. (Forced: left to
    // itself, the compiler calls it out of line from the statement reader.)
    Q_ALWAYS_INLINE static bool same(QStringView a, QStringView b)
    {
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i)
            if (a[i] != b[i])
                return false;
        return true;
    }
};

} // namespace pm

// Tokens are moved, never copied, when the token list grows.
Q_DECLARE_TYPEINFO(pm::PythonToken, Q_RELOCATABLE_TYPE);
