#pragma once

#include <optional>
#include <utility>
#include <vector>

#include <QDate>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "schema/sqltype.h"

namespace pm {

// A Python value SQLAlchemy binds through a type's processors beyond str,
// int, float and bool: a datetime.datetime, datetime.date or datetime.time,
// or a dict / list given for a JSON column. It travels in SqlExpression::value.
struct PythonObject
{
    enum class Kind { DateTime, Date, Time, Json };
    Kind kind = Kind::Json;
    QDate date;                          // DateTime, Date
    qint64 microsecondOfDay = 0;         // DateTime, Time
    std::optional<int> utcOffsetSeconds; // DateTime, Time with a tzinfo
    QString json;                        // Json: json.dumps(value), its defaults
    QString repr;                        // repr(value), for SQLAlchemy's messages

    // value.isoformat(sep), as Python writes it (microseconds when not 0).
    QString isoformat(QChar sep) const;
    // The SQLite dialect's storage formats (sqlite/base.py DATETIME, DATE):
    // "%04d-%02d-%02d %02d:%02d:%02d.%06d" and "%04d-%02d-%02d"; a date as a
    // DATETIME is its midnight, a datetime as a DATE its day.
    QString sqliteDateTime() const;
    QString sqliteDate() const;
    // sqlite/base.py TIME: "%02d:%02d:%02d.%06d", the offset dropped.
    QString sqliteTime() const;

    friend bool operator==(const PythonObject &, const PythonObject &) = default;
};

// json.dumps(text) with its defaults (ensure_ascii): the quoted string.
QString jsonStringDumps(const QString &text);

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
        Case,          // sa.case(): [value] (when, then)... [else], as caseValue / caseElse say
        Select,        // sa.select(columns...)[.where(c)...]: the columns, then the WHERE when selectWhere
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
    // Case: whether operands begin with case(value=...) and end with else_.
    bool caseValue = false;
    bool caseElse = false;
    // Select: whether the last operand is the WHERE (.where() twice is and_()).
    bool selectWhere = false;

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
    // sa.select(*columns); its FROM is the tables its columns and WHERE name.
    static SqlExpression select(std::vector<SqlExpression> columns);
    // select.where(condition): and_()ed with a WHERE it has.
    void addWhere(SqlExpression condition);
    // sa.case(*whens, value=None, else_=None): whens as (condition, result)
    // pairs, conditions already self_group()ed by the compiler.
    static SqlExpression caseOf(std::optional<SqlExpression> value,
                                std::vector<std::pair<SqlExpression, SqlExpression>> whens,
                                std::optional<SqlExpression> otherwise);

    bool isColumn() const { return kind == Kind::Column; }
    // The column names it mentions (sa.column()s anywhere in the tree; text
    // is opaque), in order of appearance.
    QStringList referencedColumns() const;

    friend bool operator==(const SqlExpression &, const SqlExpression &) = default;

private:
    static SqlExpression constant(Kind kind);
};

} // namespace pm

Q_DECLARE_METATYPE(pm::PythonObject)
