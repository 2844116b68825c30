#pragma once

#include <QString>

class QDateTime;

namespace pm {

// Python's text conversions that Alembic's output depends on, so messages and
// rendered files match what Alembic writes byte for byte.
class PythonString final
{
public:
    PythonString() = delete;

    // repr(str): quote choice, escapes and str.isprintable() as CPython 3.11.
    static QString repr(const QString &text);

    // str(datetime): naive when the QDateTime is in local time, with a
    // "+HH:MM" offset otherwise (Alembic's create_date with a timezone).
    static QString fromDateTime(const QDateTime &dateTime);

    // str.isprintable() for one code point.
    static bool isPrintable(char32_t codePoint);
};

} // namespace pm
