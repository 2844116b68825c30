#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "base/result.h"

namespace pm {

// Splits a script into statements for QSqlQuery::exec, which runs only one
// at a time (PLATFORM.md). A ";" ends a statement unless it is inside a
// quoted string or identifier ('..', "..", `..`, [..]), a comment (--, /* */)
// or the BEGIN ... END body of CREATE TRIGGER (CASE ... END nests inside it).
class SqlSplitter final
{
public:
    struct Statement
    {
        QString sql; // trimmed, without the ending ";"; inner comments kept
        int line = 0; // 1-based line where the statement starts
        friend bool operator==(const Statement &, const Statement &) = default;
    };

    // Statements made only of whitespace and comments are left out. An
    // unterminated quote is an error naming its line; an unterminated
    // comment or trigger body runs to the end, as SQLite reads it.
    static Result<QList<Statement>> splitWithLines(const QString &script);
    static Result<QStringList> split(const QString &script);
};

} // namespace pm
