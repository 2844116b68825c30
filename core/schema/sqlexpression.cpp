#include "schema/sqlexpression.h"

namespace pm {

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
    default: return {};
    }
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

SqlExpression SqlExpression::cast(SqlExpression operand, SqlType type)
{
    SqlExpression e;
    e.kind = Kind::Cast;
    e.type = std::move(type);
    e.operands.push_back(std::move(operand));
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
