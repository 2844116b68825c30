#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "python/parser.h"
#include "python/pythontoken.h"
#include "script/pythonexpression.h"

namespace pm {

// The expressions of the readers that match statement shapes over a file's
// tokens (the statement reader, the graph header reader, models.py and
// module constants), parsed by core/python's parser — the one grammar every
// .py file goes through — and handed over as PythonExpression, the
// construct description OperationReader reads.
//
// PythonExpression has no operators: nothing in it can compute, so reading
// one never depends on evaluation. An expression outside that subset parses
// (Python's grammar is whole) and is then refused where the old
// expression-only reader refused it, in its words: "unexpected '+'" at the
// operator, "unary '-' is only supported before a number", "set displays
// are not supported", "argument unpacking with '*' is not supported".
class ExpressionReader final
{
public:
    // `tokens` and `source` (what they were read from) must outlive the reader.
    ExpressionReader(const QList<PythonToken> &tokens, const QString &source, QString fileName);

    // One expression starting at pos; pos ends on the token after it.
    Result<PythonExpression> parse(qsizetype &pos) const;
    // Like parse(), but "a, b" without brackets is a Tuple, as on the
    // right-hand side of an assignment.
    Result<PythonExpression> parseTuple(qsizetype &pos) const;
    // Passes over what parse() would read at pos without an error, without
    // building it, for statements whose expressions are parsed but not read
    // (ScriptParser::Options::bodies): pos ends where parse() leaves it, and
    // *call says whether it is a call. False, pos unchanged, where this
    // cannot tell: parse() then reads it, and says what is wrong.
    bool skim(qsizetype &pos, bool *call) const;
    // An annotation that may be a union, `A | B | None`: its members in
    // order into `members`; returns the first.
    Result<PythonExpression> parseUnion(qsizetype &pos, QList<PythonExpression> *members) const;

    // The error for meeting `token` where something else had to be.
    Error unexpected(const PythonToken &token) const;
    static QString describe(const PythonToken &token);
    // A name's text, shared with the last name of that spelling read on
    // this thread: scripts say `sa`, `Column` and `nullable` over and over.
    static QString nameText(QStringView text);

    // For tests: with false, every expression goes through the parser and
    // its lowering, the path the direct reading must match exactly.
    void setDirectReading(bool on) { m_direct = on; }

private:
    // The constructs migration scripts are made of (names, attributes,
    // calls, subscripts, literals, displays, a sign before a number), read
    // straight from the tokens into a PythonExpression: what parse() and
    // lower() give for them, without building the syntax tree first.
    // Returns false, having decided nothing, at anything else (an
    // operator, a slice, a starred argument, an f-string, a parenthesized
    // expression, ...): the parser then reads it, and says what is wrong.
    // `out` is a default-constructed expression: nodes are read in place.
    bool readDirect(qsizetype &pos, PythonExpression &out, int depth) const;
    // readDirect()'s grammar, nothing built: true exactly where readDirect()
    // is, ending where it ends.
    bool skimDirect(qsizetype &pos, bool *call, int depth) const;
    Result<const python::Node *> parseNode(qsizetype &pos, bool tuple) const;
    Result<PythonExpression> read(qsizetype &pos, bool tuple) const;
    Result<PythonExpression> lower(const python::Node *node) const;
    Result<PythonExpression> lowerString(const python::Node *node) const;
    Status lowerArguments(const python::CallNode *call, PythonExpression &out) const;
    // The first token at or after source offset `offset`.
    const PythonToken &tokenAt(int offset) const;
    // The first token after `node`'s text, closing brackets of a group passed over.
    const PythonToken &tokenAfter(const python::Node *node) const;
    // The token that starts `node`.
    const PythonToken &firstToken(const python::Node *node) const { return tokenAt(node->begin); }
    Error error(const PythonToken &token, QString message) const;
    Error error(const python::Node *node, QString message) const;

    const QList<PythonToken> &m_tokens;
    QString m_file;
    // Parsing only appends to its Program: reading stays a const act.
    mutable python::ExpressionParser m_parser;
    bool m_direct = true;
};

} // namespace pm
