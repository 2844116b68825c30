#include "config/pythonstring.h"

#include <QChar>
#include <QDateTime>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace pm {

bool PythonString::isPrintable(char32_t codePoint)
{
    if (codePoint == U' ')
        return true;
    switch (QChar::category(codePoint)) {
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

static QString hexEscape(char32_t codePoint)
{
    if (codePoint <= 0xff)
        return u"\\x"_s + QString::number(codePoint, 16).rightJustified(2, u'0');
    if (codePoint <= 0xffff)
        return u"\\u"_s + QString::number(codePoint, 16).rightJustified(4, u'0');
    return u"\\U"_s + QString::number(codePoint, 16).rightJustified(8, u'0');
}

QString PythonString::repr(const QString &text)
{
    const QChar quote = (text.contains(u'\'') && !text.contains(u'"')) ? u'"' : u'\'';
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t cp = text.at(i).unicode();
        // A lone surrogate is a code point of its own in Python, escaped as \udxxx.
        if (QChar::isHighSurrogate(cp) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (cp == quote.unicode() || cp == U'\\') {
            out += u'\\';
            out += QChar(cp);
        } else if (cp == U'\t') {
            out += u"\\t";
        } else if (cp == U'\n') {
            out += u"\\n";
        } else if (cp == U'\r') {
            out += u"\\r";
        } else if (cp < U' ' || cp == 0x7f) {
            out += hexEscape(cp);
        } else if (cp < 0x7f || isPrintable(cp)) {
            out += QString::fromUcs4(&cp, 1);
        } else {
            out += hexEscape(cp);
        }
    }
    out += quote;
    return out;
}

QString PythonString::fromDateTime(const QDateTime &dateTime)
{
    QString out = dateTime.toString(u"yyyy-MM-dd HH:mm:ss"_s);
    const int ms = dateTime.time().msec();
    if (ms != 0)
        out += u'.' + QString::number(ms * 1000).rightJustified(6, u'0');
    if (dateTime.timeSpec() == Qt::LocalTime)
        return out;
    int offset = dateTime.offsetFromUtc();
    QChar sign = u'+';
    if (offset < 0) {
        sign = u'-';
        offset = -offset;
    }
    out += sign + QString::number(offset / 3600).rightJustified(2, u'0') + u':'
        + QString::number(offset / 60 % 60).rightJustified(2, u'0');
    if (offset % 60)
        out += u':' + QString::number(offset % 60).rightJustified(2, u'0');
    return out;
}

} // namespace pm
