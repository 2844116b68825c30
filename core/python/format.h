#pragma once

#include <QByteArray>
#include <QString>

namespace pm::python {

// Python's text forms of scalars, byte for byte as CPython 3.11 writes them.

// repr(float): the shortest string that reads back as the same double, in
// fixed notation when the exponent is in [-4, 16), else as 1e+16.
QString reprFloat(double value);
// repr(str): single quotes unless the text holds ' and no ", escapes for
// the non-printable characters.
QString reprStr(QStringView text);
// repr(bytes): b'...' with \x escapes.
QString reprBytes(const QByteArray &bytes);
// str.isprintable() for one code point.
bool isPrintable(char32_t codePoint);

} // namespace pm::python
