#include "config/filetemplate.h"

#include <cstdio>
#include <variant>

#include <QHash>
#include <QRegularExpression>

#include "config/pythonstring.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Token = std::variant<QString, qint64>;

struct Spec
{
    QString flags;
    int width = -1;
    int precision = -1;
    QChar type;
};

QString pad(const QString &text, const Spec &spec)
{
    if (spec.width < 0 || text.size() >= spec.width)
        return text;
    const QString fill(spec.width - text.size(), u' ');
    return spec.flags.contains(u'-') ? text + fill : fill + text;
}

// Integer conversions follow C's printf, which Python's %-format mirrors,
// except for the "0o" prefix of "%#o".
QString formatInteger(qint64 value, const Spec &spec)
{
    QByteArray format = "%";
    for (const QChar f : spec.flags)
        format += char(f.unicode());
    if (spec.type == u'o' && spec.flags.contains(u'#'))
        format.replace('#', "");
    if (spec.width >= 0)
        format += QByteArray::number(spec.width);
    if (spec.precision >= 0)
        format += '.' + QByteArray::number(spec.precision);
    const char type = char(spec.type.unicode());
    const bool isFloat = QByteArrayView("eEfFgG").contains(type);
    char buffer[512];
    if (isFloat) {
        format += type;
        std::snprintf(buffer, sizeof buffer, format.constData(), double(value));
    } else {
        format += "ll";
        format += (type == 'i' || type == 'u') ? 'd' : type;
        std::snprintf(buffer, sizeof buffer, format.constData(), static_cast<long long>(value));
    }
    QString out = QString::fromLatin1(buffer);
    if (type == 'o' && spec.flags.contains(u'#')) {
        // Python writes 0o17 where C writes 017; redo the padding around it.
        const QString digits = QString::number(value < 0 ? -value : value, 8);
        QString sign = value < 0 ? u"-"_s : spec.flags.contains(u'+') ? u"+"_s : spec.flags.contains(u' ') ? u" "_s : QString();
        QString body = digits;
        if (spec.precision > body.size())
            body = body.rightJustified(spec.precision, u'0');
        out = sign + u"0o" + body;
        if (spec.width > out.size()) {
            if (spec.flags.contains(u'-'))
                out = out.leftJustified(spec.width, u' ');
            else if (spec.flags.contains(u'0'))
                out = sign + u"0o" + body.rightJustified(spec.width - sign.size() - 2, u'0');
            else
                out = out.rightJustified(spec.width, u' ');
        }
    }
    return out;
}

// Python's "%(name)<spec>" % mapping with the conversions a file name can use.
Result<QString> percentFormat(const QString &pattern, const QHash<QString, Token> &tokens)
{
    QString out;
    const qsizetype n = pattern.size();
    qsizetype i = 0;
    auto bad = [&](const QString &why) {
        return fail(u"The file_template "_s + PythonString::repr(pattern) + u' ' + why);
    };
    while (i < n) {
        const QChar c = pattern.at(i);
        if (c != u'%') {
            out += c;
            ++i;
            continue;
        }
        ++i;
        if (i < n && pattern.at(i) == u'%') {
            out += u'%';
            ++i;
            continue;
        }
        if (i >= n || pattern.at(i) != u'(')
            return bad(u"has a '%' that is not followed by a token name such as %(rev)s; write %% for a literal percent sign."_s);
        const qsizetype close = pattern.indexOf(u')', i + 1);
        if (close < 0)
            return bad(u"has an unclosed '%('."_s);
        const QString name = pattern.mid(i + 1, close - i - 1);
        i = close + 1;
        Spec spec;
        while (i < n && u"#0- +"_s.contains(pattern.at(i)))
            spec.flags += pattern.at(i++);
        auto number = [&]() {
            int v = -1;
            while (i < n && pattern.at(i).isDigit() && pattern.at(i).unicode() < 128) {
                v = (v < 0 ? 0 : v) * 10 + (pattern.at(i).unicode() - '0');
                ++i;
            }
            return v;
        };
        spec.width = number();
        if (i < n && pattern.at(i) == u'.') {
            ++i;
            spec.precision = qMax(0, number());
        }
        while (i < n && u"hlL"_s.contains(pattern.at(i)))
            ++i;
        if (i >= n)
            return bad(u"ends in the middle of the %("_s + name + u") placeholder."_s);
        spec.type = pattern.at(i++);
        if (!tokens.contains(name)) {
            return bad(u"uses the unknown token %("_s + name
                       + u"); the tokens are rev, slug, epoch, year, month, day, hour, minute and second."_s);
        }
        const Token &token = tokens.value(name);
        const char type = spec.type.unicode() < 128 ? char(spec.type.unicode()) : '?';
        if (type == 's' || type == 'r' || type == 'a') {
            QString text = std::holds_alternative<qint64>(token)
                ? QString::number(std::get<qint64>(token))
                : (type == 's' ? std::get<QString>(token) : PythonString::repr(std::get<QString>(token)));
            if (spec.precision >= 0)
                text.truncate(spec.precision);
            out += pad(text, spec);
        } else if (QByteArrayView("diuoxXeEfFgG").contains(type)) {
            if (!std::holds_alternative<qint64>(token)) {
                return bad(u"formats the text token %("_s + name + u") with %"_s + spec.type
                           + u", which needs a number; use %("_s + name + u")s."_s);
            }
            out += formatInteger(std::get<qint64>(token), spec);
        } else {
            return bad(u"uses the unsupported conversion '%"_s + spec.type + u"' in %("_s + name + u")."_s);
        }
    }
    return out;
}

} // namespace

QString FileTemplate::defaultTemplate()
{
    return u"%(rev)s_%(slug)s"_s;
}

FileTemplate::FileTemplate(QString pattern, int truncateSlugLength)
    : m_pattern(std::move(pattern))
    // `truncate_slug_length or 40`
    , m_truncateSlugLength(truncateSlugLength == 0 ? DefaultTruncateSlugLength : truncateSlugLength)
{
}

QString FileTemplate::slug(const QString &message, int truncateSlugLength)
{
    static const QRegularExpression word(u"\\w+"_s, QRegularExpression::UseUnicodePropertiesOption);
    QStringList words;
    for (auto it = word.globalMatch(message); it.hasNext();)
        words.append(it.next().captured());
    const QList<uint> slug = words.join(u'_').toLower().toUcs4();
    if (slug.size() <= truncateSlugLength)
        return QString::fromUcs4(reinterpret_cast<const char32_t *>(slug.constData()), slug.size());
    // Python's slug[:n] in code points, negative n counting from the end.
    qsizetype cut = truncateSlugLength >= 0 ? truncateSlugLength : qMax<qsizetype>(0, slug.size() + truncateSlugLength);
    QString head = QString::fromUcs4(reinterpret_cast<const char32_t *>(slug.constData()), cut);
    const qsizetype underscore = head.lastIndexOf(u'_');
    if (underscore >= 0)
        head.truncate(underscore);
    return head + u'_';
}

Result<QString> FileTemplate::render(const QString &revision, const QString &message,
                                     const QDateTime &createDate) const
{
    const QDate date = createDate.date();
    const QTime time = createDate.time();
    const QHash<QString, Token> tokens{
        {u"rev"_s, revision},
        {u"slug"_s, slug(message, m_truncateSlugLength)},
        {u"epoch"_s, createDate.toSecsSinceEpoch()},
        {u"year"_s, qint64(date.year())},
        {u"month"_s, qint64(date.month())},
        {u"day"_s, qint64(date.day())},
        {u"hour"_s, qint64(time.hour())},
        {u"minute"_s, qint64(time.minute())},
        {u"second"_s, qint64(time.second())},
    };
    return percentFormat(m_pattern, tokens);
}

Result<QString> FileTemplate::fileName(const QString &revision, const QString &message,
                                       const QDateTime &createDate) const
{
    auto name = render(revision, message, createDate);
    if (!name)
        return name;
    return *name + u".py"_s;
}

} // namespace pm
