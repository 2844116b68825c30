#include "template/templatevalue.h"

#include "config/pythonstring.h"

using namespace Qt::StringLiterals;

namespace pm {

TemplateValue::TemplateValue(const QString &text) : m_kind(Kind::String), m_text(text) {}

TemplateValue::TemplateValue(const char16_t *text) : TemplateValue(QString::fromUtf16(text)) {}

TemplateValue::TemplateValue(bool value) : m_kind(Kind::Bool), m_bool(value) {}

TemplateValue::TemplateValue(qint64 value) : m_kind(Kind::Int), m_int(value) {}

TemplateValue TemplateValue::tuple(const QList<TemplateValue> &items)
{
    TemplateValue v;
    v.m_kind = Kind::Tuple;
    v.m_items = items;
    return v;
}

TemplateValue TemplateValue::tuple(const QStringList &items)
{
    return tuple(QList<TemplateValue>(items.begin(), items.end()));
}

TemplateValue TemplateValue::list(const QList<TemplateValue> &items)
{
    TemplateValue v;
    v.m_kind = Kind::List;
    v.m_items = items;
    return v;
}

TemplateValue TemplateValue::list(const QStringList &items)
{
    return list(QList<TemplateValue>(items.begin(), items.end()));
}

TemplateValue TemplateValue::scalarOrTuple(const QStringList &items)
{
    if (items.isEmpty())
        return none();
    if (items.size() == 1)
        return TemplateValue(items.constFirst());
    return tuple(items);
}

QString TemplateValue::typeName() const
{
    switch (m_kind) {
    case Kind::None: return u"NoneType"_s;
    case Kind::Bool: return u"bool"_s;
    case Kind::Int: return u"int"_s;
    case Kind::String: return u"str"_s;
    case Kind::Tuple: return u"tuple"_s;
    case Kind::List: return u"list"_s;
    }
    return {};
}

QString TemplateValue::repr() const
{
    switch (m_kind) {
    case Kind::None:
        return u"None"_s;
    case Kind::Bool:
        return m_bool ? u"True"_s : u"False"_s;
    case Kind::Int:
        return QString::number(m_int);
    case Kind::String:
        return PythonString::repr(m_text);
    case Kind::Tuple:
    case Kind::List: {
        QStringList parts;
        for (const TemplateValue &item : m_items)
            parts.append(item.repr());
        if (m_kind == Kind::List)
            return u'[' + parts.join(u", "_s) + u']';
        // A one-element tuple keeps its trailing comma: ('a',)
        return u'(' + parts.join(u", "_s) + (m_items.size() == 1 ? u",)"_s : u")"_s);
    }
    }
    return {};
}

QString TemplateValue::str() const
{
    return m_kind == Kind::String ? m_text : repr();
}

bool TemplateValue::isTruthy() const
{
    switch (m_kind) {
    case Kind::None: return false;
    case Kind::Bool: return m_bool;
    case Kind::Int: return m_int != 0;
    case Kind::String: return !m_text.isEmpty();
    case Kind::Tuple:
    case Kind::List: return !m_items.isEmpty();
    }
    return false;
}

bool TemplateValue::operator==(const TemplateValue &other) const
{
    // Python: True == 1 and False == 0; otherwise values of different types differ.
    const auto number = [](const TemplateValue &v) { return v.m_kind == Kind::Bool ? qint64(v.m_bool) : v.m_int; };
    const bool numeric = (m_kind == Kind::Bool || m_kind == Kind::Int)
        && (other.m_kind == Kind::Bool || other.m_kind == Kind::Int);
    if (numeric)
        return number(*this) == number(other);
    if (m_kind != other.m_kind)
        return false;
    switch (m_kind) {
    case Kind::None: return true;
    case Kind::String: return m_text == other.m_text;
    case Kind::Tuple:
    case Kind::List: return m_items == other.m_items;
    default: return false;
    }
}

} // namespace pm
