#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "python/pythontoken.h"

namespace pm {

// Splits Python source into tokens the way CPython's tokenizer does for the
// language migration scripts and env.py files are written in: INDENT/DEDENT
// from leading whitespace (tabs to multiples of 8), NEWLINE only at the end of
// a logical line (never inside brackets or after a backslash continuation),
// every string prefix and quote form with escapes decoded. It never executes
// or evaluates anything, so it is safe on arbitrary files; anything CPython
// would reject at tokenize time is an Error located at the offending character.
class PythonTokenizer final
{
public:
    struct Options
    {
        bool keepComments = false;
        // The body of every module-level `def ...:` becomes one INDENT and
        // one DEDENT with nothing between: readers that need a script's
        // header only skip the tokens (and string decoding) of the bodies.
        // The body is still scanned for what decides where it ends, so an
        // unterminated string, an unclosed bracket or a bad line
        // continuation in it is reported exactly as without this option;
        // other problems inside the body (an invalid character, a
        // mismatched unindent, a bad escape) wait for a full read.
        bool skipFunctionBodies = false;
    };

    PythonTokenizer() = delete;

    // The returned tokens hold views into `source`: keep it alive and unmodified
    // while using them. The last token is always EndMarker.
    static Result<QList<PythonToken>> tokenize(const QString &source, const QString &fileName,
                                               Options options);
    static Result<QList<PythonToken>> tokenize(const QString &source, const QString &fileName)
    {
        return tokenize(source, fileName, Options{});
    }
    // The tokens of source[begin, end) read as the inside of parentheses (an
    // f-string's replacement field): no NEWLINE, INDENT or DEDENT, an
    // EndMarker last; located as if `begin` were at line:column.
    static Result<QList<PythonToken>> tokenizeFragment(const QString &source, const QString &fileName,
                                                       int begin, int end, int line, int column);

    // A string literal's body (between the quotes) with its escapes decoded
    // as Python does for the given prefix flags (PythonToken::StringFlag;
    // Format is treated as not raw here: the f-string reader decodes the
    // literal pieces it has split off). On error, `errorOffset` is the
    // offending escape's index in `body` and `error` CPython's message.
    struct Decoded
    {
        QString value;
        int errorOffset = -1;
        QString error;
    };
    static Decoded decodeEscapes(QStringView body, quint8 flags);

    static bool isKeyword(QStringView name);
    // The keyword's code, or Code::None for any other name.
    static PythonToken::Code keywordCode(QStringView name);
    // The operator's code ("**=" -> DoubleStarAssign), or Code::None.
    static PythonToken::Code operatorCode(QStringView text);
};

} // namespace pm
