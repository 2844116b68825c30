#include "schema/sqltype.h"

using namespace Qt::StringLiterals;

namespace pm {

SqlType SqlType::floating(std::optional<int> precision)
{
    SqlType t{Kind::Float};
    t.precision = precision;
    return t;
}

SqlType SqlType::numeric(std::optional<int> precision, std::optional<int> scale)
{
    SqlType t{Kind::Numeric};
    t.precision = precision;
    t.scale = scale;
    return t;
}

SqlType SqlType::string(std::optional<int> length)
{
    SqlType t{Kind::String};
    t.length = length;
    return t;
}

SqlType SqlType::autoString(std::optional<int> length)
{
    SqlType t{Kind::AutoString};
    t.length = length;
    return t;
}

SqlType SqlType::text(std::optional<int> length)
{
    SqlType t{Kind::Text};
    t.length = length;
    return t;
}

SqlType SqlType::dateTime(bool timezone)
{
    SqlType t{Kind::DateTime};
    t.timezone = timezone;
    return t;
}

SqlType SqlType::time(bool timezone)
{
    SqlType t{Kind::Time};
    t.timezone = timezone;
    return t;
}

SqlType SqlType::largeBinary(std::optional<int> length)
{
    SqlType t{Kind::LargeBinary};
    t.length = length;
    return t;
}

SqlType SqlType::unicode(std::optional<int> length)
{
    SqlType t = string(length);
    t.subclass = u"Unicode"_s;
    return t;
}

SqlType SqlType::unicodeText(std::optional<int> length)
{
    SqlType t = text(length);
    t.subclass = u"UnicodeText"_s;
    return t;
}

SqlType SqlType::pickle()
{
    SqlType t{Kind::LargeBinary};
    t.subclass = u"PickleType"_s;
    return t;
}

SqlType SqlType::enumeration(QStringList values, QString name)
{
    SqlType t{Kind::Enum};
    t.enumValues = std::move(values);
    t.enumName = std::move(name);
    return t;
}

SqlType SqlType::array(SqlType item, std::optional<int> dimensions)
{
    SqlType t{Kind::Array};
    t.itemType.push_back(std::move(item));
    t.dimensions = dimensions;
    return t;
}

SqlType SqlType::postgresqlNamed(const QString &upperName)
{
    return other(upperName).spelledAs(upperName, u"postgresql"_s);
}

SqlType SqlType::other(QString declared)
{
    SqlType t{Kind::Other};
    t.rawName = std::move(declared);
    return t;
}

bool SqlType::isInteger() const
{
    return kind == Kind::Integer || kind == Kind::BigInteger || kind == Kind::SmallInteger;
}

bool SqlType::isString() const
{
    return kind == Kind::String || kind == Kind::AutoString || kind == Kind::Text;
}

SqlType SqlType::spelledAs(QString upper, QString dialect) const
{
    SqlType t = *this;
    t.upperName = std::move(upper);
    t.dialectModule = std::move(dialect);
    return t;
}

SqlType SqlType::generic() const
{
    SqlType t = *this;
    t.upperName.clear();
    t.dialectModule.clear();
    t.noneAsNull = false;
    return t;
}

QString SqlType::className() const
{
    if (!upperName.isEmpty())
        return upperName;
    if (!subclass.isEmpty())
        return subclass;
    switch (kind) {
    case Kind::Integer: return u"Integer"_s;
    case Kind::BigInteger: return u"BigInteger"_s;
    case Kind::SmallInteger: return u"SmallInteger"_s;
    case Kind::Boolean: return u"Boolean"_s;
    case Kind::Float: return u"Float"_s;
    case Kind::Numeric: return u"Numeric"_s;
    case Kind::String: return u"String"_s;
    case Kind::AutoString: return u"AutoString"_s;
    case Kind::Text: return u"Text"_s;
    case Kind::Date: return u"Date"_s;
    case Kind::DateTime: return u"DateTime"_s;
    case Kind::Time: return u"Time"_s;
    case Kind::LargeBinary: return u"LargeBinary"_s;
    case Kind::Enum: return u"Enum"_s;
    case Kind::Json: return u"JSON"_s;
    case Kind::Uuid: return u"GUID"_s;
    case Kind::Interval: return u"Interval"_s;
    case Kind::Array: return u"ARRAY"_s;
    case Kind::Other: return rawName;
    case Kind::Null: return u"NullType"_s;
    }
    return {};
}

QString SqlType::pythonModule() const
{
    if (!dialectModule.isEmpty())
        return u"sqlalchemy.dialects."_s + dialectModule;
    switch (kind) {
    case Kind::AutoString:
    case Kind::Uuid:
        return u"sqlmodel.sql.sqltypes"_s;
    default:
        return u"sqlalchemy"_s;
    }
}

QString pythonStringRepr(const QString &text)
{
    const bool useDouble = text.contains(u'\'') && !text.contains(u'"');
    const QChar quote = useDouble ? u'"' : u'\'';
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    for (const QChar c : text) {
        if (c == quote || c == u'\\') {
            out += u'\\';
            out += c;
        } else if (c == u'\n') {
            out += u"\\n";
        } else if (c == u'\r') {
            out += u"\\r";
        } else if (c == u'\t') {
            out += u"\\t";
        } else if (c.unicode() < 0x20 || c.unicode() == 0x7f) {
            out += u"\\x" + QString::number(c.unicode(), 16).rightJustified(2, u'0');
        } else {
            out += c;
        }
    }
    out += quote;
    return out;
}

QString SqlType::pythonRepr() const
{
    // SQLAlchemy's util.generic_repr: constructor arguments that differ from
    // their defaults, positional ones bare, keyword ones as name=value.
    QStringList args;
    switch (kind) {
    case Kind::String:
    case Kind::AutoString:
    case Kind::Text:
    case Kind::LargeBinary:
        if (length)
            args << u"length="_s + QString::number(*length);
        break;
    case Kind::Float:
        if (precision)
            args << u"precision="_s + QString::number(*precision);
        break;
    case Kind::Numeric:
        if (precision)
            args << u"precision="_s + QString::number(*precision);
        if (scale)
            args << u"scale="_s + QString::number(*scale);
        break;
    case Kind::DateTime:
    case Kind::Time:
        if (timezone)
            args << u"timezone=True"_s;
        break;
    case Kind::Enum:
        for (const QString &v : enumValues)
            args << pythonStringRepr(v);
        if (!enumName.isEmpty())
            args << u"name="_s + pythonStringRepr(enumName);
        break;
    case Kind::Array:
        if (!itemType.empty())
            args << itemType.front().pythonRepr();
        if (dimensions)
            args << u"dimensions="_s + QString::number(*dimensions);
        break;
    case Kind::Other:
        return rawName;
    default:
        break;
    }
    return className() + u'(' + args.join(u", "_s) + u')';
}

} // namespace pm
