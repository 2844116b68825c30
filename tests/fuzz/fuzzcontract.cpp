#include "fuzzcontract.h"

#include <cstdio>
#include <cstdlib>

#include <QDir>
#include <QStringList>
#include <QTemporaryDir>

using namespace Qt::StringLiterals;

namespace pm::fuzz {

namespace {

std::vector<Target> &registry()
{
    static std::vector<Target> all;
    return all;
}

bool throwOnViolation = false;

void expectOneSentence(const QString &message, const QString &where)
{
    if (message.trimmed().isEmpty())
        violation(where + u": the refusal has no sentence"_s);
    if (message.contains(u'\n'))
        violation(where + u": the refusal spans several lines: "_s + message);
    if (message.front().isSpace())
        violation(where + u": the refusal starts with a space: "_s + message);
}

} // namespace

Registration::Registration(const char *name, TargetFunction run)
{
    registry().push_back(Target{name, run});
}

const std::vector<Target> &targets()
{
    return registry();
}

void setThrowOnViolation(bool enabled)
{
    throwOnViolation = enabled;
}

void violation(const QString &what)
{
    if (throwOnViolation)
        throw ContractViolation{what};
    // NUL and other control characters shown, so the message is whole.
    QString shown;
    for (const QChar c : what)
        shown += c.unicode() < 0x20 && c != u'\n' ? u"\\x%1"_s.arg(int(c.unicode()), 2, 16, QChar(u'0')) : QString(c);
    std::fprintf(stderr, "fuzz contract violated: %s\n", qUtf8Printable(shown));
    std::abort();
}

QString textOf(const uint8_t *data, size_t size)
{
    return QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
}

void expectLocatedRefusalIn(const Error &error, const QStringList &allowedFiles, const QString &fileName,
                            const QString &text)
{
    const QString shown = error.toString();
    if (error.file.isEmpty())
        violation(u"a refusal without a file: "_s + shown);
    if (!allowedFiles.contains(error.file))
        violation(u"a refusal names another file than the input: "_s + shown);
    // "path: sentence" is a refusal of the file as a whole (no revision
    // = ... anywhere): there is no place to point at, but the file is named.
    const bool wholeFile = error.line == 0 && error.column == 0;
    if (!wholeFile && (error.line < 1 || error.column < 1))
        violation(u"a refusal with a line but no column, or the reverse: "_s + shown);
    if (error.file == fileName) {
        // Python counts "\r\n", "\r" and "\n" as line ends; one past the
        // last line is where an unexpected end of file is reported.
        QString normalized = text;
        normalized.replace(u"\r\n"_s, u"\n"_s).replace(u'\r', u'\n');
        const QStringList lines = normalized.split(u'\n');
        if (error.line > lines.size() + 1)
            violation(u"a refusal at line %1 of a %2-line input: "_s.arg(error.line).arg(lines.size()) + shown);
        if (error.line <= lines.size() && error.column > lines.at(error.line - 1).size() + 2)
            violation(u"a refusal at column %1 of a %2-character line: "_s.arg(error.column)
                          .arg(lines.at(error.line - 1).size())
                      + shown);
    }
    expectOneSentence(error.message, shown);
}

void expectLocatedRefusal(const Error &error, const QString &fileName, const QString &text)
{
    expectLocatedRefusalIn(error, {fileName}, fileName, text);
}

void expectSentence(const Error &error)
{
    if (!error.file.isEmpty())
        violation(u"a refusal located in a file where none was read: "_s + error.toString());
    expectOneSentence(error.message, error.toString());
}

QString scratchDirectory()
{
    static QTemporaryDir dir(QDir::tempPath() + u"/pm-fuzz-XXXXXX"_s);
    if (!dir.isValid()) {
        std::fprintf(stderr, "cannot create a scratch folder under %s\n", qUtf8Printable(QDir::tempPath()));
        std::abort();
    }
    return dir.path();
}

} // namespace pm::fuzz
