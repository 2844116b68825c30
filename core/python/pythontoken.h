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

    enum StringFlag : quint8 {
        Raw = 0x1,
        Bytes = 0x2,
        Format = 0x4, // f-string: value holds the unevaluated text between the quotes
        Triple = 0x8,
    };

    Type type = Type::EndMarker;
    quint8 stringFlags = 0;
    int line = 0;
    int column = 0;
    int offset = 0; // into the tokenized source
    int length = 0;
    // A view into the tokenized source; valid while that QString lives unmodified.
    QStringView text;
    // String tokens only: the literal's value with escapes decoded.
    QString value;

    bool is(Type t, QStringView s) const { return type == t && text == s; }
    bool isOperator(QStringView s) const { return type == Type::Operator && text == s; }
    bool isName(QStringView s) const { return type == Type::Name && text == s; }
    bool isName() const { return type == Type::Name; }
};

} // namespace pm
