#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "script/pythonexpression.h"
#include "python/pythontoken.h"

namespace pm {

// Recursive descent over tokens for PythonExpression's subset. Anything
// else (operators, lambdas, comprehensions) stops with "unexpected '+'" at
// the token, so callers never act on half an expression.
class PythonExpressionParser final
{
public:
    PythonExpressionParser(const QList<PythonToken> &tokens, QString fileName);

    // One expression starting at pos; pos ends on the token after it.
    Result<PythonExpression> parse(qsizetype &pos) const;
    // Like parse(), but "a, b" without brackets is a Tuple, as on the
    // right-hand side of an assignment.
    Result<PythonExpression> parseTuple(qsizetype &pos) const;

    // The error for meeting `token` where something else had to be.
    Error unexpected(const PythonToken &token) const;
    static QString describe(const PythonToken &token);

private:
    Result<PythonExpression> unary(qsizetype &pos) const;
    Result<PythonExpression> primary(qsizetype &pos) const;
    Result<PythonExpression> atom(qsizetype &pos) const;
    Status arguments(qsizetype &pos, PythonExpression &call) const;
    Status elements(qsizetype &pos, QStringView close, PythonExpression &display, bool *sawComma) const;
    Result<PythonExpression> number(const PythonToken &token) const;
    Error error(const PythonToken &token, QString message) const;

    const QList<PythonToken> &m_tokens;
    QString m_file;
};

} // namespace pm
