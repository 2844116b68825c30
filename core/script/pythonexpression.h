#pragma once

#include <vector>

#include <QString>

#include "script/expressionallocator.h"

namespace pm {

struct PythonKeyword;

// A Python expression from the subset migration scripts and env.py settings
// are written in: names, attribute access, calls, subscripts, literals and
// displays. No operators: nothing here can compute, so reading one never
// depends on evaluation.
struct PythonExpression
{
    enum class Kind {
        Name,
        Attribute, // items[0].text
        Call,      // items[0](items[1..], keywords)
        Subscript, // items[0][items[1]]
        String,    // adjacent literals already joined
        Integer,
        Float,
        None,
        True,
        False,
        Ellipsis,
        Tuple,
        List,
        Dict, // items: key, value, key, value, ...
    };

    Kind kind = Kind::None;
    int line = 0;   // of the first token
    int column = 0;
    int begin = 0;  // source offsets spanning the whole expression
    int end = 0;
    QString text;   // Name/Attribute: the identifier; String: the value; numbers: as written
    // Name/Attribute built by the evaluator: the dotted name as the script
    // wrote it ("sa.Integer" for sqlalchemy.Integer), for messages; "" when
    // dottedName() is already what the script wrote.
    QString written;
    quint8 stringFlags = 0; // PythonToken::StringFlag of the literals, or-ed
    qint64 integer = 0;
    double floating = 0;
    std::vector<PythonExpression, ExpressionAllocator<PythonExpression>> items;
    std::vector<PythonKeyword, ExpressionAllocator<PythonKeyword>> keywords;

    bool isName() const { return kind == Kind::Name; }
    bool isCall() const { return kind == Kind::Call; }
    bool isString() const { return kind == Kind::String; }
    bool isNone() const { return kind == Kind::None; }
    bool isBool() const { return kind == Kind::True || kind == Kind::False; }
    bool isSequence() const { return kind == Kind::Tuple || kind == Kind::List; }
    const PythonExpression &callee() const { return items.front(); }
    // Positional argument i of a Call (items[i + 1]).
    const PythonExpression &argument(size_t i) const { return items[i + 1]; }
    size_t argumentCount() const { return kind == Kind::Call ? items.size() - 1 : 0; }
    const PythonKeyword *keyword(QStringView name) const;

    // "a.b.c" for a Name or a chain of attributes on a Name, "" otherwise.
    QString dottedName() const;
    // dottedName() in the script's own words, for messages: what `written`
    // says, else the dotted name.
    QString writtenName() const;
    // Short, human wording for messages: "a call to foo()", "a string", "sa.Column".
    QString describe() const;
};

struct PythonKeyword
{
    QString name; // empty for **mapping
    int line = 0;
    int column = 0;
    PythonExpression value;
};

} // namespace pm
