#include "dialect/sqlsplitter.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

bool isWordChar(QChar c)
{
    return c.isLetterOrNumber() || c == u'_' || c == u'$';
}

// Tracks the words that decide whether a ";" ends the statement.
struct TriggerState
{
    QStringList leading; // first words of the statement, uppercase
    bool isTrigger = false;
    int depth = 0; // BEGIN/CASE minus END, inside a trigger

    void reset() { *this = {}; }

    void word(const QString &upper)
    {
        if (!isTrigger && leading.size() < 3) {
            leading << upper;
            isTrigger = leading.value(0) == u"CREATE"
                && (leading.value(1) == u"TRIGGER"
                    || ((leading.value(1) == u"TEMP" || leading.value(1) == u"TEMPORARY")
                        && leading.value(2) == u"TRIGGER"));
            return;
        }
        if (!isTrigger)
            return;
        if (upper == u"BEGIN" || (upper == u"CASE" && depth > 0))
            ++depth;
        else if (upper == u"END" && depth > 0)
            --depth;
    }
};

} // namespace

Result<QList<SqlSplitter::Statement>> SqlSplitter::splitWithLines(const QString &script)
{
    QList<Statement> out;
    TriggerState trigger;
    qsizetype start = -1;   // first non-blank character of the current statement
    int startLine = 0;
    bool hasContent = false; // anything but whitespace and comments
    int line = 1;
    const qsizetype n = script.size();

    auto finish = [&](qsizetype end) {
        if (start >= 0 && hasContent)
            out.append({script.mid(start, end - start).trimmed(), startLine});
        start = -1;
        hasContent = false;
        trigger.reset();
    };
    auto markStart = [&](qsizetype at) {
        if (start < 0) {
            start = at;
            startLine = line;
        }
    };

    qsizetype i = 0;
    while (i < n) {
        const QChar c = script.at(i);
        if (c == u'\n') {
            ++line;
            ++i;
            continue;
        }
        if (c.isSpace()) {
            ++i;
            continue;
        }
        markStart(i);
        if (c == u'-' && i + 1 < n && script.at(i + 1) == u'-') {
            while (i < n && script.at(i) != u'\n')
                ++i;
            continue;
        }
        if (c == u'/' && i + 1 < n && script.at(i + 1) == u'*') {
            i += 2;
            while (i < n && !(script.at(i) == u'*' && i + 1 < n && script.at(i + 1) == u'/')) {
                if (script.at(i) == u'\n')
                    ++line;
                ++i;
            }
            i = std::min(n, i + 2);
            continue;
        }
        if (c != u';')
            hasContent = true;
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            const QChar close = c == u'[' ? u']' : c;
            const int openLine = line;
            qsizetype j = i + 1;
            bool closed = false;
            while (j < n) {
                const QChar d = script.at(j);
                if (d == u'\n')
                    ++line;
                if (d == close) {
                    // A doubled quote is an escaped one; brackets have no escape.
                    if (close != u']' && j + 1 < n && script.at(j + 1) == close) {
                        j += 2;
                        continue;
                    }
                    closed = true;
                    break;
                }
                ++j;
            }
            if (!closed) {
                const QString what = c == u'\'' ? u"string literal"_s : u"quoted identifier"_s;
                return fail(Error(QString(), openLine, 0,
                                  u"unterminated %1 starting at line %2"_s.arg(what).arg(openLine)));
            }
            i = j + 1;
            continue;
        }
        if (c == u';') {
            if (trigger.isTrigger && trigger.depth > 0) {
                ++i;
                continue;
            }
            finish(i);
            ++i;
            continue;
        }
        if (isWordChar(c)) {
            qsizetype j = i;
            while (j < n && isWordChar(script.at(j)))
                ++j;
            trigger.word(script.mid(i, j - i).toUpper());
            i = j;
            continue;
        }
        ++i;
    }
    finish(n);
    return out;
}

Result<QStringList> SqlSplitter::split(const QString &script)
{
    auto statements = splitWithLines(script);
    if (!statements)
        return fail(statements.error());
    QStringList out;
    out.reserve(statements->size());
    for (const Statement &s : *statements)
        out << s.sql;
    return out;
}

} // namespace pm
