#pragma once

#include <memory>

#include <QList>
#include <QString>

#include "base/result.h"
#include "python/ast.h"
#include "python/pythontoken.h"

namespace pm::python {

// Parses Python source into a Program (ast.h), then resolves every name to
// its scope (ScopeResolver), so that evaluating it never has to.
//
// The language: Python 3.11's syntax, minus what migration scripts, env.py
// and models.py files do not use. Read:
//   expressions: every operator with Python's precedence (or/and/not,
//   comparisons, chained and with in/not in/is/is not, | ^ & << >> + - * @ /
//   // % **, unary - + ~), conditional expressions, lambda, := , calls with
//   *args/**kwargs/keywords, attributes, subscripts and slices, tuple/list/
//   dict/set displays with * and ** unpacking, list/set/dict comprehensions
//   and generator expressions, f-strings (nested fields, !r/!s/!a, format
//   specs with fields, the `=` specifier), str/bytes literals of every prefix
//   with implicit concatenation, int (decimal, 0x, 0o, 0b, with _), float;
//   statements: expressions, assignment (chained, unpacking, starred,
//   attribute and subscript targets), augmented and annotated assignment,
//   if/elif/else, for/else, while/else, break, continue, pass, def (defaults,
//   /, *args, keyword-only, **kwargs, annotations, decorators), return,
//   yield (parsed; a generator function is refused when called), with (several
//   items, as targets), try/except/else/finally (except (A, B) as e), raise
//   [from], assert, import and from-import (relative too), global, nonlocal,
//   del, class (bases, keywords, decorators), async def, and inside one
//   await, async for, async with and async comprehensions (env.py's async
//   template; the evaluator refuses to run a coroutine, at its call).
// Refused with a located error: match, except*, and anything else outside
// the list (as "invalid syntax", CPython's wording).
// Accepted but refused when evaluated: int literals beyond 64 bits, complex
// literals (BadConstant), so that reading a module's graph never depends on
// them.
//
// Errors are "file:line:col: message" with CPython's message where there is
// one ("invalid syntax", "unexpected indent", "'return' outside function",
// "expected ':'", "cannot assign to function call here. Maybe you meant
// '==' instead of '='?", ...) and CPython's line and column.
class Parser final
{
public:
    struct Options
    {
        // Module-level function bodies are not read (PythonTokenizer's
        // option of the same name): for readers that need the module's top
        // level only. Such a function raises a clear error when called.
        bool skipFunctionBodies = false;
    };

    Parser() = delete;

    static Result<ProgramPtr> parse(const QString &source, const QString &fileName, Options options);
    static Result<ProgramPtr> parse(const QString &source, const QString &fileName)
    {
        return parse(source, fileName, Options{});
    }
    // The same, from the tokens PythonTokenizer::tokenize(source, fileName)
    // already made of `source` (a reader that tried the file first): the
    // file is not tokenized twice.
    static Result<ProgramPtr> parse(const QString &source, const QString &fileName,
                                    const QList<PythonToken> &tokens);
    // Reads the file as UTF-8, Python's default source encoding.
    static Result<ProgramPtr> parseFile(const QString &path, Options options);
    static Result<ProgramPtr> parseFile(const QString &path) { return parseFile(path, Options{}); }
};

// Expressions one at a time, for readers that walk a file's tokens
// themselves and match statement shapes (the migration script's statement
// reader, the graph header reader, models.py): the same grammar, nodes and
// errors as Parser, from any token on. The nodes live until the next
// parse() on the same thread (by any ExpressionParser): read them at once.
// Names in them are not resolved to scopes.
class ExpressionParser final
{
public:
    // `tokens` and `source` (what they were read from: f-strings are parsed
    // from it) must outlive the parser.
    ExpressionParser(const QList<PythonToken> &tokens, const QString &source, QString fileName);
    ~ExpressionParser();
    ExpressionParser(const ExpressionParser &) = delete;
    ExpressionParser &operator=(const ExpressionParser &) = delete;

    // One expression starting at token `pos` (with `tuple`, "a, b" without
    // brackets is a Tuple, as on the right of `=`); `pos` ends on the token
    // after it. A SyntaxError is located as Parser locates it.
    Result<const Node *> parse(qsizetype &pos, bool tuple = false);
    const QString &fileName() const { return m_fileName; }

private:
    const QList<PythonToken> &m_tokens;
    const QString &m_source;
    QString m_fileName;
};

} // namespace pm::python
