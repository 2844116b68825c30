#include "python/format.h"

#include <charconv>
#include <cmath>

using namespace Qt::StringLiterals;

namespace pm::python {

QString reprFloat(double value)
{
    if (std::isnan(value))
        return u"nan"_s;
    if (std::isinf(value))
        return value > 0 ? u"inf"_s : u"-inf"_s;
    if (value == 0)
        return std::signbit(value) ? u"-0.0"_s : u"0.0"_s;
    // The shortest round-trip digits, then Python's layout rule for them.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view sci(buf, size_t(r.ptr - buf));
    const bool negative = sci.front() == '-';
    const size_t e = sci.find('e');
    std::string digits;
    for (size_t i = negative ? 1 : 0; i < e; ++i)
        if (sci[i] != '.')
            digits += sci[i];
    int exponent = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
    const int decpt = exponent + 1; // value = 0.digits * 10^decpt
    std::string out;
    if (negative)
        out += '-';
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out += "0.";
            out.append(size_t(-decpt), '0');
            out += digits;
        } else if (size_t(decpt) >= digits.size()) {
            out += digits;
            out.append(size_t(decpt) - digits.size(), '0');
            out += ".0";
        } else {
            out += digits.substr(0, size_t(decpt));
            out += '.';
            out += digits.substr(size_t(decpt));
        }
    } else {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out += digits.substr(1);
        }
        const int exp = decpt - 1;
        out += exp < 0 ? "e-" : "e+";
        const int a = exp < 0 ? -exp : exp;
        if (a < 10)
            out += '0';
        out += std::to_string(a);
    }
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

bool isPrintable(char32_t cp)
{
    if (cp == U' ')
        return true;
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

namespace {

void appendHex(QString &out, char32_t v, int digits)
{
    static const char16_t hex[] = u"0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i)
        out += QChar(hex[(v >> (4 * i)) & 0xf]);
}

} // namespace

QString reprStr(QStringView text)
{
    const bool hasSingle = text.contains(u'\'');
    const bool hasDouble = text.contains(u'"');
    const QChar quote = hasSingle && !hasDouble ? u'"' : u'\'';
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t cp = text[i].unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < n && text[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        if (cp == quote.unicode() || cp == U'\\') {
            out += u'\\';
            out += QChar(char16_t(cp));
        } else if (cp == U'\t') {
            out += u"\\t";
        } else if (cp == U'\n') {
            out += u"\\n";
        } else if (cp == U'\r') {
            out += u"\\r";
        } else if (cp < 0x20 || cp == 0x7f) {
            out += u"\\x";
            appendHex(out, cp, 2);
        } else if (cp < 0x7f) {
            out += QChar(char16_t(cp));
        } else if (!isPrintable(cp)) {
            if (cp <= 0xff) {
                out += u"\\x";
                appendHex(out, cp, 2);
            } else if (cp <= 0xffff) {
                out += u"\\u";
                appendHex(out, cp, 4);
            } else {
                out += u"\\U";
                appendHex(out, cp, 8);
            }
        } else {
            out += QString::fromUcs4(&cp, 1);
        }
    }
    out += quote;
    return out;
}

QString reprBytes(const QByteArray &bytes)
{
    const bool hasSingle = bytes.contains('\'');
    const bool hasDouble = bytes.contains('"');
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    QString out = u"b"_s;
    out += QLatin1Char(quote);
    for (const char ch : bytes) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c == quote || c == '\\') {
            out += u'\\';
            out += QLatin1Char(ch);
        } else if (c == '\t') {
            out += u"\\t";
        } else if (c == '\n') {
            out += u"\\n";
        } else if (c == '\r') {
            out += u"\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            out += u"\\x";
            appendHex(out, c, 2);
        } else {
            out += QLatin1Char(ch);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

} // namespace pm::python
