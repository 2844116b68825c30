#include "schema/sqlexpression.h"

#include <cstdlib>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString padded(qint64 n, int width)
{
    return QString::number(n).rightJustified(width, u'0');
}

} // namespace

QString jsonStringDumps(const QString &text)
{
    QString out = u"\""_s;
    for (const QChar c : text) {
        switch (c.unicode()) {
        case '"': out += u"\\\""_s; break;
        case '\\': out += u"\\\\"_s; break;
        case '\n': out += u"\\n"_s; break;
        case '\r': out += u"\\r"_s; break;
        case '\t': out += u"\\t"_s; break;
        case '\b': out += u"\\b"_s; break;
        case '\f': out += u"\\f"_s; break;
        default:
            // ESCAPE_ASCII: anything outside ' '..'~', as UTF-16 units.
            if (c.unicode() < 0x20 || c.unicode() > 0x7e)
                out += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
            else
                out += c;
        }
    }
    return out + u'"';
}

QString PythonObject::isoformat(QChar sep) const
{
    QString out;
    if (kind != Kind::Time)
        out = padded(date.year(), 4) + u'-' + padded(date.month(), 2) + u'-' + padded(date.day(), 2);
    if (kind != Kind::DateTime && kind != Kind::Time)
        return out;
    const qint64 micros = microsecondOfDay % 1000000;
    const qint64 seconds = microsecondOfDay / 1000000;
    if (kind == Kind::DateTime)
        out += sep;
    out += padded(seconds / 3600, 2) + u':' + padded(seconds / 60 % 60, 2) + u':' + padded(seconds % 60, 2);
    if (micros)
        out += u'.' + padded(micros, 6);
    if (utcOffsetSeconds) {
        const int offset = *utcOffsetSeconds;
        const int magnitude = std::abs(offset);
        out += (offset < 0 ? u'-' : u'+') + padded(magnitude / 3600, 2) + u':' + padded(magnitude / 60 % 60, 2);
        if (magnitude % 60)
            out += u':' + padded(magnitude % 60, 2);
    }
    return out;
}

QString PythonObject::sqliteDateTime() const
{
    const qint64 micros = kind == Kind::DateTime ? microsecondOfDay : 0;
    const qint64 seconds = micros / 1000000;
    return sqliteDate() + u' ' + padded(seconds / 3600, 2) + u':' + padded(seconds / 60 % 60, 2) + u':'
        + padded(seconds % 60, 2) + u'.' + padded(micros % 1000000, 6);
}

QString PythonObject::sqliteTime() const
{
    const qint64 seconds = microsecondOfDay / 1000000;
    return padded(seconds / 3600, 2) + u':' + padded(seconds / 60 % 60, 2) + u':' + padded(seconds % 60, 2) + u'.'
        + padded(microsecondOfDay % 1000000, 6);
}

QString PythonObject::sqliteDate() const
{
    return padded(date.year(), 4) + u'-' + padded(date.month(), 2) + u'-' + padded(date.day(), 2);
}

SqlExpression SqlExpression::constant(Kind kind)
{
    SqlExpression e;
    e.kind = kind;
    return e;
}

SqlExpression SqlExpression::sqlText(QString sql, QVariantMap bindValues)
{
    SqlExpression e;
    e.kind = Kind::Text;
    e.text = std::move(sql);
    e.bindValues = std::move(bindValues);
    return e;
}

SqlExpression SqlExpression::literalColumn(QString sql)
{
    SqlExpression e;
    e.kind = Kind::LiteralColumn;
    e.text = std::move(sql);
    return e;
}

SqlExpression SqlExpression::column(QString name, QString table, QString schema)
{
    SqlExpression e;
    e.kind = Kind::Column;
    e.text = std::move(name);
    e.table = std::move(table);
    e.schema = std::move(schema);
    return e;
}

SqlExpression SqlExpression::literal(QVariant value, SqlType type)
{
    SqlExpression e;
    e.kind = Kind::Value;
    e.type = type.isNull() ? typeOfValue(value) : std::move(type);
    e.value = std::move(value);
    return e;
}

SqlType SqlExpression::typeOfValue(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool: return SqlType::boolean();
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong: return SqlType::integer();
    case QMetaType::Double: return SqlType::floating();
    case QMetaType::QString: return SqlType::string();
    default: break;
    }
    // type_api._resolve_value_to_type: datetime and date have types of
    // their own; a dict has none (NullType) until compared with a column.
    if (value.metaType() == QMetaType::fromType<PythonObject>()) {
        switch (value.value<PythonObject>().kind) {
        case PythonObject::Kind::DateTime: return SqlType::dateTime();
        case PythonObject::Kind::Date: return SqlType::date();
        case PythonObject::Kind::Time: return SqlType::time();
        case PythonObject::Kind::Json: return {};
        }
    }
    return {};
}

SqlExpression SqlExpression::function(QString name, std::vector<SqlExpression> arguments, QStringList packages)
{
    SqlExpression e;
    e.kind = Kind::Function;
    e.text = std::move(name);
    e.packages = std::move(packages);
    e.operands = std::move(arguments);
    return e;
}

SqlExpression SqlExpression::unary(Operator op, SqlExpression operand)
{
    // not_() negates a comparison into its opposite operator (a != b, NOT
    // LIKE, NOT IN, ...), and a NOT of a NOT is its operand, as SQLAlchemy's
    // _negate() builds them.
    if (op == Operator::Not) {
        if (operand.kind == Kind::Binary) {
            static const QList<QPair<Operator, Operator>> opposites = {
                {Operator::Eq, Operator::Ne},       {Operator::Lt, Operator::Ge},
                {Operator::Gt, Operator::Le},       {Operator::Is, Operator::IsNot},
                {Operator::Like, Operator::NotLike}, {Operator::ILike, Operator::NotILike},
                {Operator::In, Operator::NotIn},    {Operator::IsDistinctFrom, Operator::IsNotDistinctFrom},
            };
            for (const auto &[a, b] : opposites) {
                if (operand.op == a || operand.op == b) {
                    operand.op = operand.op == a ? b : a;
                    return operand;
                }
            }
        }
        if (operand.kind == Kind::Unary && operand.op == Operator::Not && !operand.operands.empty())
            return operand.operands.front();
    }
    SqlExpression e;
    e.kind = Kind::Unary;
    e.op = op;
    e.operands.push_back(std::move(operand));
    return e;
}

SqlExpression SqlExpression::binary(SqlExpression left, Operator op, SqlExpression right)
{
    SqlExpression e;
    e.kind = Kind::Binary;
    e.op = op;
    e.operands.push_back(std::move(left));
    e.operands.push_back(std::move(right));
    return e;
}

SqlExpression SqlExpression::booleanList(Operator op, std::vector<SqlExpression> clauses)
{
    SqlExpression e;
    e.kind = Kind::BooleanList;
    e.op = op;
    e.operands = std::move(clauses);
    return e;
}

SqlExpression SqlExpression::tuple(std::vector<SqlExpression> items)
{
    SqlExpression e;
    e.kind = Kind::Tuple;
    e.operands = std::move(items);
    return e;
}

SqlExpression SqlExpression::select(std::vector<SqlExpression> columns)
{
    SqlExpression e;
    e.kind = Kind::Select;
    e.operands = std::move(columns);
    return e;
}

void SqlExpression::addWhere(SqlExpression condition)
{
    if (!selectWhere) {
        operands.push_back(std::move(condition));
        selectWhere = true;
        return;
    }
    SqlExpression &where = operands.back();
    if (where.kind == Kind::BooleanList && where.op == Operator::And)
        where.operands.push_back(std::move(condition));
    else
        where = booleanList(Operator::And, {std::move(where), std::move(condition)});
}

SqlExpression SqlExpression::cast(SqlExpression operand, SqlType type)
{
    SqlExpression e;
    e.kind = Kind::Cast;
    e.type = std::move(type);
    e.operands.push_back(std::move(operand));
    return e;
}

SqlExpression SqlExpression::caseOf(std::optional<SqlExpression> value,
                                    std::vector<std::pair<SqlExpression, SqlExpression>> whens,
                                    std::optional<SqlExpression> otherwise)
{
    SqlExpression e;
    e.kind = Kind::Case;
    if (value) {
        e.caseValue = true;
        e.operands.push_back(std::move(*value));
    }
    for (auto &[condition, result] : whens) {
        e.operands.push_back(std::move(condition));
        e.operands.push_back(std::move(result));
    }
    if (otherwise) {
        e.caseElse = true;
        e.operands.push_back(std::move(*otherwise));
    }
    return e;
}

QStringList SqlExpression::referencedColumns() const
{
    if (kind == Kind::Column)
        return {text};
    QStringList out;
    for (const SqlExpression &e : operands) {
        for (const QString &name : e.referencedColumns()) {
            if (!out.contains(name))
                out << name;
        }
    }
    return out;
}

} // namespace pm
