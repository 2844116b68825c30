#include "revision/revisionspec.h"

using namespace Qt::StringLiterals;

namespace pm {

RevisionSpec::RevisionSpec(const QString &value) : m_kind(Kind::String), m_string(value) {}

RevisionSpec::RevisionSpec(const char16_t *value) : RevisionSpec(QString::fromUtf16(value)) {}

RevisionSpec RevisionSpec::tuple(const QStringList &values)
{
    RevisionSpec spec;
    spec.m_kind = Kind::Tuple;
    spec.m_tuple = values;
    return spec;
}

RevisionSpec RevisionSpec::none()
{
    return {};
}

bool RevisionSpec::isTruthy() const
{
    switch (m_kind) {
    case Kind::None: return false;
    case Kind::String: return !m_string.isEmpty();
    case Kind::Tuple: return !m_tuple.isEmpty();
    }
    return false;
}

QStringList RevisionSpec::toList() const
{
    switch (m_kind) {
    case Kind::None: return {};
    case Kind::String: return {m_string};
    case Kind::Tuple: return m_tuple;
    }
    return {};
}

static QString pyRepr(const QString &s)
{
    // Python picks double quotes only when the text holds a single quote
    // and no double quote; revision ids never do, but stay correct.
    const bool useDouble = s.contains(u'\'') && !s.contains(u'"');
    const QChar quote = useDouble ? u'"' : u'\'';
    QString out = quote;
    for (const QChar c : s) {
        if (c == u'\\')
            out += u"\\\\"_s;
        else if (c == quote)
            out += u'\\' + QString(c);
        else if (c == u'\n')
            out += u"\\n"_s;
        else if (c == u'\t')
            out += u"\\t"_s;
        else if (c == u'\r')
            out += u"\\r"_s;
        else
            out += c;
    }
    return out + quote;
}

QString RevisionSpec::pyStr() const
{
    switch (m_kind) {
    case Kind::None: return u"None"_s;
    case Kind::String: return m_string;
    case Kind::Tuple: {
        QStringList parts;
        for (const QString &v : m_tuple)
            parts << pyRepr(v);
        if (parts.size() == 1)
            return u"("_s + parts.first() + u",)"_s;
        return u"("_s + parts.join(u", "_s) + u")"_s;
    }
    }
    return {};
}

} // namespace pm
