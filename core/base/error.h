#pragma once

#include <QString>

namespace pm {

// An error as a value: what went wrong, in one sentence, and where if it came
// from a file. Every fallible core API returns one of these (through Result)
// instead of logging, so the caller decides how to show it.
struct Error
{
    QString message;
    QString file;   // empty when the error is not about a file
    int line = 0;   // 1-based; 0 when unknown
    int column = 0; // 1-based; 0 when unknown
    // The exception Python itself raises for this input (SyntaxError,
    // NameError, ...); empty for petmigrate's own refusals. Alembic lets
    // such an exception end a command with a traceback and status 1.
    QString exception;

    Error() = default;
    explicit Error(QString msg) : message(std::move(msg)) {}
    Error(QString filePath, int ln, int col, QString msg)
        : message(std::move(msg)), file(std::move(filePath)), line(ln), column(col) {}

    // "path:line:col: message" when located, else just the message.
    QString toString() const;
};

} // namespace pm
