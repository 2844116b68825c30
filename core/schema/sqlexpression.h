#pragma once

#include <vector>

#include <QString>
#include <QStringList>
#include <QVariant>

#include "schema/sqltype.h"

namespace pm {

// A SQL expression as SQLAlchemy 1.4 builds it from sa.text(), sa.column(),
// sa.func.*, sa.true()/false()/null(), literal values, operators, sa.desc()
// and friends: what a script passes as a server default, an index element,
// a partial index's WHERE, a CHECK condition, or the WHERE / SET of
// table.update()/insert()/delete() given to op.execute().
//
// It holds what was written, not SQL: the dialect compiles it
// (dialect/expressioncompiler.h), because quoting, booleans, func.now() and
// the parentheses around a server default differ per database. Parentheses
// are not stored either: the compiler adds them where SQLAlchemy's
// self_group() would, from the operators' precedence.
struct SqlExpression
{
    enum class Kind {
        Text,          // sa.text(sql): verbatim; ":name" is a bind parameter, "\:" a colon
        LiteralColumn, // sa.literal_column(sql): verbatim
        Column,        // sa.column(name) or table.c.name: a name, quoted as needed
        Value,         // a Python value bound as a literal (str, int, float, bool, None)
        TrueConstant,  // sa.true()
        FalseConstant, // sa.false()
        NullConstant,  // sa.null()
        Function,      // sa.func.name(*operands)
        Unary,         // an operator before (NOT, -) or a modifier after (DESC, ...) operands[0]
        Binary,        // operands[0] op operands[1]
        BooleanList,   // sa.and_(*operands) / sa.or_(*operands)
        Tuple,         // the right side of IN: (operands...)
        Cast,          // sa.cast(operands[0], type)
    };

    // SQLAlchemy's operators, with their precedence in operators._PRECEDENCE.
    enum class Operator {
        None,
        Eq, Ne, Lt, Le, Gt, Ge,
        Is, IsNot, IsDistinctFrom, IsNotDistinctFrom,
        Like, NotLike, ILike, NotILike,
        In, NotIn,
        Add, Sub, Mul, Div, Mod, Concat,
        And, Or,
        Not, Neg, Distinct,
        Desc, Asc, NullsFirst, NullsLast,
    };

    Kind kind = Kind::Text;
    Operator op = Operator::None;
    // Text / LiteralColumn: the SQL; Column: its name; Function: its name as
    // written after func. (packages in `packages`).
    QString text;
    QStringList packages; // sa.func.pg_catalog.now(): {"pg_catalog"}
    // Column bound to a table clause (sa.table(...).c.x): rendered
    // "schema.table.x" where SQLAlchemy includes the table.
    QString table;
    QString schema;
    // Value: the Python value (null QVariant for None); Text: the values
    // given by .bindparams(name=value), keyed by name.
    QVariant value;
    QVariantMap bindValues;
    // Value: the type the literal renders as (the column's type when
    // compared with one); Cast: the target type.
    SqlType type;
    std::vector<SqlExpression> operands;

    static SqlExpression sqlText(QString sql, QVariantMap bindValues = {});
    static SqlExpression literalColumn(QString sql);
    static SqlExpression column(QString name, QString table = {}, QString schema = {});
    // A literal of `type`, or of the type SQLAlchemy gives the Python value
    // (type_api._resolve_value_to_type: bool, int, float, str).
    static SqlExpression literal(QVariant value, SqlType type = {});
    static SqlType typeOfValue(const QVariant &value);
    static SqlExpression trueConstant() { return constant(Kind::TrueConstant); }
    static SqlExpression falseConstant() { return constant(Kind::FalseConstant); }
    static SqlExpression null() { return constant(Kind::NullConstant); }
    static SqlExpression function(QString name, std::vector<SqlExpression> arguments = {},
                                  QStringList packages = {});
    static SqlExpression unary(Operator op, SqlExpression operand);
    static SqlExpression binary(SqlExpression left, Operator op, SqlExpression right);
    static SqlExpression booleanList(Operator op, std::vector<SqlExpression> clauses);
    static SqlExpression tuple(std::vector<SqlExpression> items);
    static SqlExpression cast(SqlExpression operand, SqlType type);

    bool isColumn() const { return kind == Kind::Column; }
    // The column names it mentions (sa.column()s anywhere in the tree; text
    // is opaque), in order of appearance.
    QStringList referencedColumns() const;

    friend bool operator==(const SqlExpression &, const SqlExpression &) = default;

private:
    static SqlExpression constant(Kind kind);
};

} // namespace pm
