// Dialect's SQL expression compiler: SQLAlchemy 1.4's StrSQLCompiler /
// SQLCompiler (sql/compiler.py) for the elements SqlExpression models, with
// literal_binds, which is what DDL and Alembic's offline scripts use.
#include "dialect/dialect.h"

#include <cmath>
#include <functional>

#include <QLocale>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Op = SqlExpression::Operator;
using Kind = SqlExpression::Kind;

// operators._PRECEDENCE. Absent operators (None: "against nothing") rank
// above all, as _largest does.
int precedence(Op op)
{
    switch (op) {
    case Op::Mul: case Op::Div: case Op::Mod: case Op::Neg: return 8;
    case Op::Add: case Op::Sub: return 7;
    case Op::Concat: return 6;
    case Op::Like: case Op::NotLike: case Op::ILike: case Op::NotILike: case Op::In: case Op::NotIn:
    case Op::Is: case Op::IsNot: case Op::Eq: case Op::Ne: case Op::IsDistinctFrom:
    case Op::IsNotDistinctFrom: case Op::Gt: case Op::Lt: case Op::Ge: case Op::Le: case Op::Distinct:
    case Op::Not:
        return 5;
    case Op::And: return 3;
    case Op::Or: return 2;
    case Op::Desc: case Op::Asc: return 3;
    case Op::NullsFirst: case Op::NullsLast: return 0; // not in _PRECEDENCE: _smallest, never grouped
    case Op::None: break;
    }
    return 1000;
}

// operators.is_natural_self_precedent: a + (b + c) needs no parentheses.
bool naturalSelfPrecedent(Op op)
{
    return op == Op::Add || op == Op::Mul || op == Op::Concat || op == Op::And || op == Op::Or;
}

// operators.is_precedent(operator, against).
bool isPrecedent(Op op, Op against)
{
    if (op == against && naturalSelfPrecedent(op))
        return false;
    return precedence(op) <= precedence(against);
}

// Whether element.self_group(against) wraps the element in a Grouping.
bool groups(const SqlExpression &e, Op against)
{
    switch (e.kind) {
    case Kind::Binary:
        return isPrecedent(e.op, against);
    case Kind::BooleanList:
        return e.operands.size() > 1 && isPrecedent(e.op, against);
    case Kind::Unary:
        // Only an operator groups; a modifier (DESC, NULLS LAST) never does.
        return (e.op == Op::Not || e.op == Op::Neg || e.op == Op::Distinct) && isPrecedent(e.op, against);
    case Kind::Text:
        return against == Op::In;
    case Kind::Select:
        // A select inside an expression is a subquery in parentheses.
        return against != Op::None;
    default:
        return false;
    }
}

QString binaryOperatorText(Op op)
{
    switch (op) {
    case Op::Eq: return u" = "_s;
    case Op::Ne: return u" != "_s;
    case Op::Lt: return u" < "_s;
    case Op::Le: return u" <= "_s;
    case Op::Gt: return u" > "_s;
    case Op::Ge: return u" >= "_s;
    case Op::Is: return u" IS "_s;
    case Op::IsNot: return u" IS NOT "_s;
    case Op::IsDistinctFrom: return u" IS DISTINCT FROM "_s;
    case Op::IsNotDistinctFrom: return u" IS NOT DISTINCT FROM "_s;
    case Op::Like: return u" LIKE "_s;
    case Op::NotLike: return u" NOT LIKE "_s;
    case Op::In: return u" IN "_s;
    case Op::NotIn: return u" NOT IN "_s;
    case Op::Add: return u" + "_s;
    case Op::Sub: return u" - "_s;
    case Op::Mul: return u" * "_s;
    case Op::Div: return u" / "_s;
    case Op::Mod: return u" % "_s;
    case Op::Concat: return u" || "_s;
    case Op::And: return u" AND "_s;
    case Op::Or: return u" OR "_s;
    default: return {};
    }
}

// compiler.FUNCTIONS: the functions with a fixed spelling, written without
// parentheses when called without arguments unless their class sets
// _has_args (coalesce, random, cube, rollup, grouping_sets).
struct FixedName
{
    QString name;
    bool alwaysParentheses = false;
};

std::optional<FixedName> fixedFunctionName(const QString &lower)
{
    static const QHash<QString, FixedName> names = {
        {u"coalesce"_s, {u"coalesce"_s, true}},
        {u"current_date"_s, {u"CURRENT_DATE"_s}},
        {u"current_time"_s, {u"CURRENT_TIME"_s}},
        {u"current_timestamp"_s, {u"CURRENT_TIMESTAMP"_s}},
        {u"current_user"_s, {u"CURRENT_USER"_s}},
        {u"localtime"_s, {u"LOCALTIME"_s}},
        {u"localtimestamp"_s, {u"LOCALTIMESTAMP"_s}},
        {u"random"_s, {u"random"_s, true}},
        {u"sysdate"_s, {u"sysdate"_s}},
        {u"session_user"_s, {u"SESSION_USER"_s}},
        {u"user"_s, {u"USER"_s}},
        {u"cube"_s, {u"CUBE"_s, true}},
        {u"rollup"_s, {u"ROLLUP"_s, true}},
        {u"grouping_sets"_s, {u"GROUPING SETS"_s, true}},
    };
    const auto it = names.constFind(lower);
    if (it == names.cend())
        return std::nullopt;
    return *it;
}

// SQLAlchemy's registry of GenericFunction classes (functions.py): func.NOW()
// is the `now` class, written by its registered name.
bool isRegisteredFunction(const QString &lower)
{
    static const QSet<QString> names = {
        u"coalesce"_s, u"max"_s, u"min"_s, u"sum"_s, u"now"_s, u"concat"_s, u"char_length"_s, u"random"_s,
        u"count"_s, u"current_date"_s, u"current_time"_s, u"current_timestamp"_s, u"current_user"_s,
        u"localtime"_s, u"localtimestamp"_s, u"session_user"_s, u"sysdate"_s, u"user"_s, u"array_agg"_s,
        u"mode"_s, u"percentile_cont"_s, u"percentile_disc"_s, u"rank"_s, u"dense_rank"_s,
        u"percent_rank"_s, u"cume_dist"_s, u"cube"_s, u"rollup"_s, u"grouping_sets"_s,
    };
    return names.contains(lower);
}

// Python's repr() of a float: the shortest text that reads back the same,
// in fixed notation for exponents -4..15 and scientific otherwise.
QString pythonFloatRepr(double value)
{
    if (std::isnan(value))
        return u"nan"_s;
    if (std::isinf(value))
        return value < 0 ? u"-inf"_s : u"inf"_s;
    // "d.ddde[+-]XX": the shortest round-trip digits and the exponent.
    const QString sci = QString::number(value, 'e', QLocale::FloatingPointShortest);
    const qsizetype e = sci.indexOf(u'e');
    QString mantissa = sci.left(e);
    const int exponent = sci.mid(e + 1).toInt();
    const bool negative = mantissa.startsWith(u'-');
    if (negative)
        mantissa.remove(0, 1);
    QString digits = mantissa;
    digits.remove(u'.');
    QString out;
    if (exponent >= -4 && exponent < 16) {
        if (exponent < 0) {
            out = u"0."_s + QString(-exponent - 1, u'0') + digits;
        } else if (digits.size() <= exponent + 1) {
            out = digits + QString(exponent + 1 - digits.size(), u'0') + u".0"_s;
        } else {
            out = digits.left(exponent + 1) + u'.' + digits.mid(exponent + 1);
        }
    } else {
        out = digits.left(1);
        if (digits.size() > 1)
            out += u'.' + digits.mid(1);
        out += u'e' + QString(exponent < 0 ? u"-"_s : u"+"_s)
            + QString::number(std::abs(exponent)).rightJustified(2, u'0');
    }
    return negative ? u'-' + out : out;
}

// compiler.BIND_PARAMS and BIND_PARAMS_ESC, with Python's Unicode \w.
const QRegularExpression &bindParams()
{
    static const QRegularExpression re(uR"((?<![:\w\$\\]):([\w\$]+)(?![:\w\$]))"_s,
                                       QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

const QRegularExpression &escapedBindParams()
{
    static const QRegularExpression re(uR"(\\(:[\w\$]*)(?![:\w\$]))"_s, QRegularExpression::UseUnicodePropertiesOption);
    return re;
}

class Compiler
{
public:
    // `enclosing`: the FROMs of the statement around this expression, which
    // a select inside it correlates to (the UPDATE / DELETE table).
    Compiler(const Dialect &dialect, bool includeTable, QVariantList *bindings = nullptr, QStringList enclosing = {})
        : m_dialect(dialect), m_includeTable(includeTable), m_bindings(bindings), m_enclosing(std::move(enclosing)) {}

    // The element as its parent sees it: grouped when self_group(against) would.
    Result<QString> grouped(const SqlExpression &e, Op against) const
    {
        auto sql = compile(e);
        if (!sql)
            return sql;
        return groups(e, against) ? u'(' + *sql + u')' : *sql;
    }

    Result<QString> compile(const SqlExpression &e) const
    {
        switch (e.kind) {
        case Kind::Text:
            return m_dialect.textSql(e.text, e.bindValues);
        case Kind::LiteralColumn:
            return e.text;
        case Kind::Column: {
            QString name = m_dialect.quote(e.text);
            if (m_includeTable && !e.table.isEmpty())
                name = m_dialect.formatTable(e.table, e.schema) + u'.' + name;
            return name;
        }
        case Kind::Value:
            if (m_bindings && !e.value.isNull())
                return bound(e.value, e.type);
            return m_dialect.literalSql(e.value, e.type);
        case Kind::TrueConstant:
            return m_dialect.supportsNativeBoolean() ? u"true"_s : u"1"_s;
        case Kind::FalseConstant:
            return m_dialect.supportsNativeBoolean() ? u"false"_s : u"0"_s;
        case Kind::NullConstant:
            return u"NULL"_s;
        case Kind::Function:
            return function(e);
        case Kind::Unary:
            return unary(e);
        case Kind::Binary:
            return binary(e);
        case Kind::BooleanList: {
            if (e.operands.empty())
                return fail(u"an empty and_() / or_() has no SQL"_s);
            QStringList parts;
            for (const SqlExpression &c : e.operands) {
                auto sql = e.operands.size() == 1 ? compile(c) : grouped(c, e.op);
                if (!sql)
                    return sql;
                if (!sql->isEmpty())
                    parts << *sql;
            }
            return parts.join(binaryOperatorText(e.op));
        }
        case Kind::Tuple: {
            QStringList parts;
            for (const SqlExpression &c : e.operands) {
                auto sql = compile(c);
                if (!sql)
                    return sql;
                parts << *sql;
            }
            return u'(' + parts.join(u", "_s) + u')';
        }
        case Kind::Cast: {
            if (e.operands.empty())
                return fail(u"CAST needs an expression"_s);
            auto inner = compile(e.operands.front());
            if (!inner)
                return inner;
            auto type = m_dialect.typeSql(e.type);
            if (!type)
                return std::unexpected(type.error());
            return u"CAST("_s + *inner + u" AS "_s + *type + u')';
        }
        case Kind::Case:
            return caseSql(e);
        case Kind::Select:
            return selectSql(e);
        }
        return fail(u"unknown SQL expression"_s);
    }

private:
    // compiler.visit_select: the columns always with their table; FROM the
    // tables of the columns, then of the WHERE, each once, in that order.
    Result<QString> selectSql(const SqlExpression &e) const
    {
        const size_t columnCount = e.operands.size() - (e.selectWhere ? 1 : 0);
        if (columnCount == 0)
            return fail(u"a SELECT needs columns"_s);
        QStringList froms;
        std::function<void(const SqlExpression &)> collect = [&](const SqlExpression &x) {
            if (x.kind == Kind::Select)
                return; // a nested select has its own FROM
            if (x.kind == Kind::Column && !x.table.isEmpty()) {
                const QString table = m_dialect.formatTable(x.table, x.schema);
                if (!froms.contains(table))
                    froms << table;
            }
            for (const SqlExpression &o : x.operands)
                collect(o);
        };
        for (const SqlExpression &o : e.operands)
            collect(o);
        // Select._get_display_froms: with more than one FROM, those of the
        // enclosing statement are correlated (left out); all of them is an error.
        if (froms.size() > 1 && !m_enclosing.isEmpty()) {
            froms.removeIf([this](const QString &f) { return m_enclosing.contains(f); });
            if (froms.isEmpty())
                return fail(u"InvalidRequestError: Select statement '<sqlalchemy.sql.selectable.Select object>' "
                            u"returned no FROM clauses due to auto-correlation; specify correlate(<tables>) to "
                            u"control correlation manually."_s);
        }
        const Compiler qualified(m_dialect, true, m_bindings, froms);
        QStringList columns;
        for (size_t i = 0; i < columnCount; ++i) {
            auto sql = qualified.grouped(e.operands[i], Op::None);
            if (!sql)
                return sql;
            columns << *sql;
        }
        QString out = u"SELECT "_s + columns.join(u", "_s);
        if (!froms.isEmpty())
            out += u" \nFROM "_s + froms.join(u", "_s);
        if (e.selectWhere) {
            auto where = qualified.compile(e.operands.back());
            if (!where)
                return where;
            out += u" \nWHERE "_s + *where;
        }
        return out;
    }

    // compiler.visit_case: each condition was self_group()ed by Case()
    // (a comparison in parentheses), the results and else_ are not.
    Result<QString> caseSql(const SqlExpression &e) const
    {
        const size_t whensEnd = e.operands.size() - (e.caseElse ? 1 : 0);
        const size_t whensBegin = e.caseValue ? 1 : 0;
        if (whensEnd < whensBegin || (whensEnd - whensBegin) % 2 != 0)
            return fail(u"a CASE needs (condition, result) pairs"_s);
        QString out = u"CASE "_s;
        if (e.caseValue) {
            auto value = compile(e.operands.front());
            if (!value)
                return value;
            out += *value + u' ';
        }
        for (size_t i = whensBegin; i < whensEnd; i += 2) {
            auto condition = grouped(e.operands[i], Op::None);
            if (!condition)
                return condition;
            auto result = compile(e.operands[i + 1]);
            if (!result)
                return result;
            out += u"WHEN "_s + *condition + u" THEN "_s + *result + u' ';
        }
        if (e.caseElse) {
            auto otherwise = compile(e.operands.back());
            if (!otherwise)
                return otherwise;
            out += u"ELSE "_s + *otherwise + u' ';
        }
        return out + u"END"_s;
    }

    Result<QString> function(const SqlExpression &e) const
    {
        const QString lower = e.text.toLower();
        const bool registered = e.packages.isEmpty() && isRegisteredFunction(lower);
        QStringList arguments;
        if (registered && lower == u"count" && e.operands.empty()) {
            arguments << u"*"_s; // func.count() is COUNT(*)
        } else {
            for (const SqlExpression &a : e.operands) {
                auto sql = compile(a);
                if (!sql)
                    return sql;
                arguments << *sql;
            }
        }
        // visit_<name>_func is looked up by name, whatever the package.
        if (auto own = m_dialect.dialectFunctionSql(lower, arguments))
            return *own;
        const QString argspec = u'(' + arguments.join(u", "_s) + u')';
        const auto fixed = registered ? fixedFunctionName(lower) : std::nullopt;
        QString name;
        if (fixed)
            name = fixed->name + (arguments.isEmpty() && !fixed->alwaysParentheses ? QString() : argspec);
        else
            name = quoteIllegal(registered ? lower : e.text) + argspec;
        QStringList parts;
        for (const QString &package : e.packages)
            parts << quoteIllegal(package);
        parts << name;
        return parts.join(u'.');
    }

    // preparer._requires_quotes_illegal_chars: function names keep their
    // case and are quoted only for characters an identifier cannot hold.
    QString quoteIllegal(const QString &name) const
    {
        static const QRegularExpression legal(u"^[A-Za-z0-9_$]+$"_s);
        return legal.match(name).hasMatch() ? name : m_dialect.quoteIdentifier(name);
    }

    Result<QString> unary(const SqlExpression &e) const
    {
        if (e.operands.empty())
            return fail(u"a unary expression needs an operand"_s);
        auto inner = grouped(e.operands.front(), e.op);
        if (!inner)
            return inner;
        switch (e.op) {
        case Op::Not: return u"NOT "_s + *inner;
        case Op::Neg: return u"-"_s + *inner;
        case Op::Distinct: return u"DISTINCT "_s + *inner;
        case Op::Desc: return *inner + u" DESC"_s;
        case Op::Asc: return *inner + u" ASC"_s;
        case Op::NullsFirst: return *inner + u" NULLS FIRST"_s;
        case Op::NullsLast: return *inner + u" NULLS LAST"_s;
        default: break;
        }
        return fail(u"not a unary operator"_s);
    }

    Result<QString> binary(const SqlExpression &e) const
    {
        if (e.operands.size() != 2)
            return fail(u"a binary expression needs two operands"_s);
        auto left = grouped(e.operands[0], e.op);
        if (!left)
            return left;
        const SqlExpression &rightExpr = e.operands[1];
        if ((e.op == Op::In || e.op == Op::NotIn) && rightExpr.kind == Kind::Tuple && rightExpr.operands.empty())
            return fail(u"IN with an empty list is not supported"_s);
        auto right = grouped(rightExpr, e.op);
        if (!right)
            return right;
        if (auto own = m_dialect.dialectBinarySql(e.op, *left, *right))
            return *own;
        switch (e.op) {
        case Op::ILike: return u"lower("_s + *left + u") LIKE lower("_s + *right + u')';
        case Op::NotILike: return u"lower("_s + *left + u") NOT LIKE lower("_s + *right + u')';
        // visit_not_in_op_binary: NOT IN always goes in parentheses.
        case Op::NotIn: return u'(' + *left + binaryOperatorText(e.op) + *right + u')';
        default: break;
        }
        const QString op = binaryOperatorText(e.op);
        if (op.isEmpty())
            return fail(u"not a binary operator"_s);
        return *left + op + *right;
    }

public:
    // A value as a "?" parameter, its processed value appended to the bindings.
    Result<QString> bound(const QVariant &value, const SqlType &type) const
    {
        return m_dialect.parameterSql(value, type, *m_bindings);
    }

private:
    const Dialect &m_dialect;
    bool m_includeTable;
    QVariantList *m_bindings;
    QStringList m_enclosing;
};

} // namespace

Result<QString> Dialect::expressionSql(const SqlExpression &expression, bool includeTable, bool selfGroup) const
{
    const Compiler compiler(*this, includeTable);
    return selfGroup ? compiler.grouped(expression, Op::None) : compiler.compile(expression);
}

Result<QString> Dialect::boundExpressionSql(const SqlExpression &expression, QVariantList &bindings, bool includeTable,
                                            bool selfGroup) const
{
    const Compiler compiler(*this, includeTable, &bindings);
    return selfGroup ? compiler.grouped(expression, Op::None) : compiler.compile(expression);
}

QStringList Dialect::textBindNames(const QString &text)
{
    QStringList names;
    auto it = bindParams().globalMatch(text);
    while (it.hasNext()) {
        const QString name = it.next().captured(1);
        if (!names.contains(name))
            names << name;
    }
    return names;
}

Result<QString> Dialect::textSql(const QString &text, const QVariantMap &bindValues) const
{
    QString out;
    qsizetype last = 0;
    auto it = bindParams().globalMatch(text);
    while (it.hasNext()) {
        const QRegularExpressionMatch m = it.next();
        out += QStringView(text).mid(last, m.capturedStart() - last);
        const QString name = m.captured(1);
        // literal_binds renders a bind without a value as NULL.
        const QVariant value = bindValues.value(name);
        auto literal = bindValues.contains(name) ? literalSql(value, SqlExpression::typeOfValue(value))
                                                 : Result<QString>(u"NULL"_s);
        if (!literal)
            return literal;
        out += *literal;
        last = m.capturedEnd();
    }
    out += QStringView(text).mid(last);
    // Un-escape "\:name" as SQLAlchemy does after binding.
    QString unescaped;
    last = 0;
    auto esc = escapedBindParams().globalMatch(out);
    while (esc.hasNext()) {
        const QRegularExpressionMatch m = esc.next();
        unescaped += QStringView(out).mid(last, m.capturedStart() - last) + m.captured(1);
        last = m.capturedEnd();
    }
    unescaped += QStringView(out).mid(last);
    return unescaped;
}

QString Dialect::stringLiteralSql(const QString &value) const
{
    QString escaped = value;
    escaped.replace(u"'"_s, u"''"_s);
    return u'\'' + escaped + u'\'';
}

namespace {

// sql_util._repr_single_value: how SQLAlchemy's messages show a value.
QString pythonValueRepr(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::QString: return pythonStringRepr(value.toString());
    case QMetaType::Bool: return value.toBool() ? u"True"_s : u"False"_s;
    case QMetaType::Double: return pythonFloatRepr(value.toDouble());
    default: break;
    }
    if (value.metaType() == QMetaType::fromType<PythonObject>())
        return value.value<PythonObject>().repr;
    return value.toString();
}

bool isPythonObject(const QVariant &value)
{
    return value.metaType() == QMetaType::fromType<PythonObject>();
}

// json.dumps() of a plain Python value with its defaults (ensure_ascii,
// ", " and ": " separators), as SQLAlchemy's JSON type serializes it.
QString jsonDumps(const QVariant &value)
{
    switch (value.typeId()) {
    case QMetaType::Bool: return value.toBool() ? u"true"_s : u"false"_s;
    case QMetaType::Double: {
        const double d = value.toDouble();
        if (std::isnan(d))
            return u"NaN"_s;
        if (std::isinf(d))
            return d < 0 ? u"-Infinity"_s : u"Infinity"_s;
        return pythonFloatRepr(d);
    }
    case QMetaType::QString: {
        return jsonStringDumps(value.toString());
    }
    default: break;
    }
    if (isPythonObject(value) && value.value<PythonObject>().kind == PythonObject::Kind::Json)
        return value.value<PythonObject>().json;
    return value.toString();
}

bool isSqliteTemporal(SqlType::Kind kind)
{
    return kind == SqlType::Kind::DateTime || kind == SqlType::Kind::Date || kind == SqlType::Kind::Time;
}

// sqlite's DATETIME / DATE / TIME bind processors: the storage text of a
// datetime or date (DATETIME, DATE) or of a time (TIME); nullopt for any
// other value (the processor raises TypeError).
std::optional<QString> sqliteDateText(const QVariant &value, SqlType::Kind kind)
{
    if (!isPythonObject(value))
        return std::nullopt;
    const PythonObject object = value.value<PythonObject>();
    if (object.kind == PythonObject::Kind::Json || (object.kind == PythonObject::Kind::Time) != (kind == SqlType::Kind::Time))
        return std::nullopt;
    if (kind == SqlType::Kind::Time)
        return object.sqliteTime();
    return kind == SqlType::Kind::Date ? object.sqliteDate() : object.sqliteDateTime();
}

// psycopg2's list adapter over json.dumps(value) (the text a list given for
// a column travels as): ARRAY[...] of each item as psycopg2 adapts it, with
// no space after the commas, '{}' for an empty list. A tuple or a dict in
// the list (which psycopg2 adapts as a record, or not at all) is refused.
class Psycopg2List
{
public:
    // quote: the dialect's string literal (psycopg2's QuotedString).
    Psycopg2List(std::function<QString(const QString &)> quote, const PythonObject &object)
        : m_quote(std::move(quote)), m_text(object.json), m_repr(object.repr) {}

    Result<QString> sql()
    {
        if (holdsTupleOrDict())
            return fail(u"a list holding tuples or dicts, bound for a column that is not JSON, is out of reach for "
                        u"petmigrate (psycopg2 adapts those items in ways it does not follow)"_s);
        skipSpace();
        if (m_text.mid(m_at, 2) == u"[]")
            return u"'{}'"_s;
        auto out = item();
        if (out && m_at != m_text.size())
            return fail(u"unexpected text after a list: "_s + m_text.mid(m_at));
        return out;
    }

private:
    // A '(' or '{' in the repr outside its string literals.
    bool holdsTupleOrDict() const
    {
        for (qsizetype i = 0; i < m_repr.size(); ++i) {
            const QChar c = m_repr[i];
            if (c == u'(' || c == u'{')
                return true;
            if (c != u'\'' && c != u'"')
                continue;
            for (++i; i < m_repr.size() && m_repr[i] != c; ++i) {
                if (m_repr[i] == u'\\')
                    ++i;
            }
        }
        return false;
    }

    void skipSpace()
    {
        while (m_at < m_text.size() && m_text[m_at] == u' ')
            ++m_at;
    }

    Result<QString> item()
    {
        skipSpace();
        if (m_at >= m_text.size())
            return fail(u"a list's JSON text ends early"_s);
        const QChar c = m_text[m_at];
        if (c == u'[') {
            ++m_at;
            QStringList items;
            skipSpace();
            if (m_at < m_text.size() && m_text[m_at] == u']') {
                ++m_at;
                return u"ARRAY[]"_s;
            }
            while (true) {
                auto next = item();
                if (!next)
                    return next;
                items << *next;
                skipSpace();
                if (m_at < m_text.size() && m_text[m_at] == u',') {
                    ++m_at;
                    continue;
                }
                if (m_at < m_text.size() && m_text[m_at] == u']') {
                    ++m_at;
                    return u"ARRAY["_s + items.join(u',') + u']';
                }
                return fail(u"a list's JSON text is malformed"_s);
            }
        }
        if (c == u'"')
            return string();
        for (const auto &[word, sql] : {std::pair{u"true", u"true"}, std::pair{u"false", u"false"}, std::pair{u"null", u"NULL"},
                                        std::pair{u"NaN", u"'NaN'::float"}, std::pair{u"-Infinity", u"'-Infinity'::float"},
                                        std::pair{u"Infinity", u"'Infinity'::float"}}) {
            const QStringView w(word);
            if (QStringView(m_text).mid(m_at).startsWith(w)) {
                m_at += w.size();
                return QStringView(sql).toString();
            }
        }
        // A number: json.dumps writes int and float as Python's repr,
        // which is what psycopg2 writes too, with a space before a minus
        // (so that "x - -1" never reads as a comment).
        const qsizetype start = m_at;
        while (m_at < m_text.size() && (m_text[m_at].isDigit() || m_text[m_at] == u'-' || m_text[m_at] == u'+'
                                        || m_text[m_at] == u'.' || m_text[m_at] == u'e' || m_text[m_at] == u'E'))
            ++m_at;
        if (m_at == start)
            return fail(u"a list's JSON text is malformed"_s);
        return (m_text[start] == u'-' ? u" "_s : QString()) + m_text.mid(start, m_at - start);
    }

    Result<QString> string()
    {
        QString decoded;
        ++m_at;
        while (m_at < m_text.size() && m_text[m_at] != u'"') {
            QChar c = m_text[m_at++];
            if (c != u'\\') {
                decoded += c;
                continue;
            }
            if (m_at >= m_text.size())
                break;
            c = m_text[m_at++];
            switch (c.unicode()) {
            case 'b': decoded += u'\b'; break;
            case 'f': decoded += u'\f'; break;
            case 'n': decoded += u'\n'; break;
            case 'r': decoded += u'\r'; break;
            case 't': decoded += u'\t'; break;
            case 'u': {
                bool ok = false;
                const ushort unit = m_text.mid(m_at, 4).toUShort(&ok, 16);
                if (!ok)
                    return fail(u"a list's JSON text is malformed"_s);
                decoded += QChar(unit); // surrogate pairs come as two escapes
                m_at += 4;
                break;
            }
            default: decoded += c; // \" \\ \/
            }
        }
        if (m_at >= m_text.size())
            return fail(u"a list's JSON text ends early"_s);
        ++m_at;
        return m_quote(decoded);
    }

    std::function<QString(const QString &)> m_quote;
    const QString &m_text;
    const QString &m_repr;
    qsizetype m_at = 0;
};

} // namespace

Result<QVariant> Dialect::boundValue(const QVariant &value, const SqlType &type, qsizetype position) const
{
    const bool sqlite = name() == u"sqlite";
    // JSON.bind_processor: json.dumps of whatever the value is, None
    // included (the JSON text 'null') unless none_as_null=True.
    if (type.kind == SqlType::Kind::Json && value.isValid() && !value.isNull())
        return QVariant(jsonDumps(value));
    if (type.kind == SqlType::Kind::Json && !type.noneAsNull)
        return QVariant(u"null"_s);
    if (sqlite && isSqliteTemporal(type.kind)) {
        if (const auto text = sqliteDateText(value, type.kind))
            return QVariant(*text);
        if (value.isValid() && !value.isNull())
            return fail(u"(builtins.TypeError) SQLite %1 type only accepts Python %2 objects as input."_s.arg(
                type.kind == SqlType::Kind::Date       ? u"Date"_s
                    : type.kind == SqlType::Kind::Time ? u"Time"_s
                                                       : u"DateTime"_s,
                type.kind == SqlType::Kind::Date       ? u"date"_s
                    : type.kind == SqlType::Kind::Time ? u"time"_s
                                                       : u"datetime and date"_s));
    }
    if (!isPythonObject(value))
        return value;
    const PythonObject object = value.value<PythonObject>();
    if (object.kind == PythonObject::Kind::Json) {
        // sqlite3 adapts no dict, list or tuple; psycopg2 no dict.
        const bool dict = object.repr.startsWith(u'{');
        if (sqlite)
            return fail(u"(sqlite3.ProgrammingError) Error binding parameter %1: type '%2' is not supported"_s.arg(
                QString::number(position), dict ? u"dict"_s : object.repr.startsWith(u'(') ? u"tuple"_s : u"list"_s));
        if (dict)
            return fail(u"(psycopg2.ProgrammingError) can't adapt type 'dict'"_s);
        // A list goes to psycopg2 as is (parameterSql writes its ARRAY).
        if (object.repr.startsWith(u'['))
            return value;
        return fail(u"a tuple bound for a column that is not JSON is out of reach for petmigrate (psycopg2 would "
                    u"send it as a record)"_s);
    }
    // No processor: sqlite3's default adapters (datetime.isoformat(" "),
    // date.isoformat(); none for a time); psycopg2 sends the ISO text, which
    // the server reads as the column's type.
    if (sqlite && object.kind == PythonObject::Kind::Time)
        return fail(u"(sqlite3.ProgrammingError) Error binding parameter %1: type 'datetime.time' is not supported"_s.arg(
            QString::number(position)));
    return QVariant(object.isoformat(sqlite ? u' ' : u'T'));
}

Result<QString> Dialect::parameterSql(const QVariant &value, const SqlType &type, QVariantList &bindings) const
{
    auto processed = boundValue(value, type, bindings.size() + 1);
    if (!processed)
        return std::unexpected(processed.error());
    if (name() != u"postgresql") {
        bindings.append(*processed);
        return u"?"_s;
    }
    // psycopg2 sends the statement with each value inlined as its adapters
    // write it: a server-side parameter would have no type where the
    // statement gives none (CASE ... THEN $1 into an integer column).
    if (isPythonObject(value) && type.kind != SqlType::Kind::Json) {
        const PythonObject object = value.value<PythonObject>();
        if (object.kind == PythonObject::Kind::Json && object.repr.startsWith(u'['))
            return Psycopg2List([this](const QString &s) { return stringLiteralSql(s); }, object).sql();
        if (object.kind == PythonObject::Kind::Date)
            return u'\'' + object.isoformat(u'T') + u"'::date"_s;
        if (object.kind == PythonObject::Kind::DateTime)
            return u'\'' + object.isoformat(u'T') + (object.utcOffsetSeconds ? u"'::timestamptz"_s : u"'::timestamp"_s);
        if (object.kind == PythonObject::Kind::Time)
            return u'\'' + object.isoformat(u'T') + (object.utcOffsetSeconds ? u"'::timetz"_s : u"'::time"_s);
    }
    switch (processed->typeId()) {
    case QMetaType::Bool: return processed->toBool() ? u"true"_s : u"false"_s;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong: return processed->toString();
    case QMetaType::Double: {
        const double d = processed->toDouble();
        if (std::isnan(d))
            return u"'NaN'::float"_s;
        if (std::isinf(d))
            return d < 0 ? u"'-Infinity'::float"_s : u"'Infinity'::float"_s;
        return pythonFloatRepr(d);
    }
    default: return stringLiteralSql(processed->toString());
    }
}

Result<QString> Dialect::literalSql(const QVariant &value, const SqlType &t) const
{
    if (!value.isValid() || value.isNull())
        return u"NULL"_s;
    if (t.isNull())
        return fail(u"No literal value renderer is available for literal value \"%1\" with datatype NULL"_s.arg(
            pythonValueRepr(value)));
    // A processor that raises: what DefaultCompiler.render_literal_value says.
    auto couldNot = [&]() -> Result<QString> {
        auto ddl = typeSql(t.generic());
        return fail(u"Could not render literal value \"%1\" with datatype %2; see parent stack trace for more detail."_s
                        .arg(pythonValueRepr(value), ddl ? *ddl : t.className()));
    };
    const bool isString = value.typeId() == QMetaType::QString;
    const bool isNumber = value.typeId() == QMetaType::Int || value.typeId() == QMetaType::LongLong
        || value.typeId() == QMetaType::UInt || value.typeId() == QMetaType::ULongLong
        || value.typeId() == QMetaType::Double || value.typeId() == QMetaType::Bool;
    switch (t.kind) {
    case SqlType::Kind::Boolean: {
        // Boolean._strict_as_bool: only True, False, 1 and 0.
        if (!isNumber || value.typeId() == QMetaType::Double
            || (value.typeId() != QMetaType::Bool && value.toLongLong() != 0 && value.toLongLong() != 1))
            return couldNot();
        const bool truth = value.toBool();
        if (supportsNativeBoolean())
            return truth ? u"true"_s : u"false"_s;
        return truth ? u"1"_s : u"0"_s;
    }
    case SqlType::Kind::Integer:
    case SqlType::Kind::BigInteger:
    case SqlType::Kind::SmallInteger: {
        // str(int(value))
        bool ok = false;
        const qlonglong n = value.typeId() == QMetaType::Double ? qlonglong(value.toDouble()) : value.toLongLong(&ok);
        if (value.typeId() != QMetaType::Double && !ok)
            return couldNot();
        return QString::number(n);
    }
    case SqlType::Kind::Float:
    case SqlType::Kind::Numeric:
        // str(value): Python's repr of a float, the digits of an int.
        if (value.typeId() == QMetaType::Double)
            return pythonFloatRepr(value.toDouble());
        if (value.typeId() == QMetaType::Bool)
            return value.toBool() ? u"True"_s : u"False"_s;
        return value.toString();
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString:
    case SqlType::Kind::Text:
    case SqlType::Kind::Enum:
        if (!isString)
            return couldNot();
        return stringLiteralSql(value.toString());
    case SqlType::Kind::DateTime:
    case SqlType::Kind::Date:
    case SqlType::Kind::Time:
        // sqlite's _DateTimeMixin.literal_processor: its bind processor's
        // text, quoted; a value that is no date fails in that processor.
        // Other dialects' date types have no literal processor.
        if (name() == u"sqlite") {
            if (const auto text = sqliteDateText(value, t.kind))
                return u'\'' + *text + u'\'';
            return couldNot();
        }
        break;
    default:
        break;
    }
    // str(type_): the generic type compiler's name, DATETIME on every dialect.
    auto ddl = t.kind == SqlType::Kind::DateTime ? Result<QString>(u"DATETIME"_s)
        : t.kind == SqlType::Kind::Date          ? Result<QString>(u"DATE"_s)
        : t.kind == SqlType::Kind::Time          ? Result<QString>(u"TIME"_s)
        : t.kind == SqlType::Kind::Array         ? Result<QString>(u"ARRAY"_s)
                                                 : typeSql(t.generic());
    return fail(u"No literal value renderer is available for literal value \"%1\" with datatype %2"_s.arg(
        pythonValueRepr(value), ddl ? *ddl : t.className()));
}

Result<QString> Dialect::dmlSql(const DmlStatement &statement, QVariantList *bindings) const
{
    const QString table = formatTable(statement.tableName, statement.schema);
    auto columnOf = [&](const QString &name) -> const Column * {
        for (const Column &c : statement.columns) {
            if (c.name == name)
                return &c;
        }
        return nullptr;
    };
    // crud._get_crud_params: the values in the table's column order; a
    // literal takes its column's type; an expression is self_group()ed.
    auto valuesOf = [&](const QList<QPair<QString, SqlExpression>> &row, QStringList *names) -> Result<QStringList> {
        QStringList unconsumed;
        for (const auto &[name, value] : row) {
            if (!columnOf(name))
                unconsumed << name;
        }
        if (!unconsumed.isEmpty())
            return fail(u"Unconsumed column names: "_s + unconsumed.join(u", "_s));
        QStringList out;
        for (const Column &c : statement.columns) {
            const auto it = std::find_if(row.cbegin(), row.cend(), [&](const auto &p) { return p.first == c.name; });
            if (it == row.cend())
                continue;
            // A datetime or a dict renders (or binds) as its column's type
            // (crud._create_bind_param); a NullType column has no renderer.
            const SqlExpression &value = it->second;
            const bool object = value.kind == SqlExpression::Kind::Value && isPythonObject(value.value);
            // JSON's should_evaluate_none: a None given for a JSON column
            // stays a parameter, which its processor makes the text 'null'.
            const bool jsonNone = c.type.kind == SqlType::Kind::Json && !c.type.noneAsNull;
            Result<QString> sql;
            if (bindings && value.kind == SqlExpression::Kind::Value && (!value.value.isNull() || jsonNone)) {
                sql = parameterSql(value.value, c.type, *bindings);
            } else if (value.kind == SqlExpression::Kind::Value) {
                sql = literalSql(value.value, value.type.isNull() || object ? c.type : value.type);
            } else {
                sql = bindings ? boundExpressionSql(value, *bindings, true, true) : expressionSql(value, true, true);
            }
            if (!sql)
                return std::unexpected(sql.error());
            if (names)
                *names << quote(c.name);
            out << *sql;
        }
        return out;
    };
    QString text;
    switch (statement.verb) {
    case DmlStatement::Verb::Insert: {
        if (statement.rows.isEmpty()) {
            // insert() without values(): every column as a bind parameter,
            // which literal_binds cannot fill (the "named" paramstyle).
            QStringList names;
            QStringList binds;
            for (const Column &c : statement.columns) {
                names << quote(c.name);
                binds << u':' + c.name;
            }
            return u"INSERT INTO "_s + table + u" ("_s + names.join(u", "_s) + u") VALUES ("_s + binds.join(u", "_s) + u')';
        }
        QStringList names;
        auto first = valuesOf(statement.rows.front(), &names);
        if (!first)
            return std::unexpected(first.error());
        QStringList rows{u'(' + first->join(u", "_s) + u')'};
        // Later rows give the first row's columns; what else they hold is unused.
        QStringList keys;
        for (const Column &c : statement.columns) {
            if (std::any_of(statement.rows.front().cbegin(), statement.rows.front().cend(),
                            [&](const auto &p) { return p.first == c.name; }))
                keys << c.name;
        }
        for (qsizetype i = 1; i < statement.rows.size(); ++i) {
            QList<QPair<QString, SqlExpression>> row;
            for (const QString &key : std::as_const(keys)) {
                const auto &values = statement.rows[i];
                const auto it = std::find_if(values.cbegin(), values.cend(), [&](const auto &p) { return p.first == key; });
                if (it == values.cend())
                    return fail(u"INSERT value for column %1.%2 is explicitly rendered as a boundparameter in the VALUES "
                                u"clause; a Python-side value or SQL expression is required"_s.arg(statement.tableName, key));
                row << *it;
            }
            auto values = valuesOf(row, nullptr);
            if (!values)
                return std::unexpected(values.error());
            rows << u'(' + values->join(u", "_s) + u')';
        }
        return u"INSERT INTO "_s + table + u" ("_s + names.join(u", "_s) + u") VALUES "_s + rows.join(u", "_s);
    }
    case DmlStatement::Verb::Update: {
        if (statement.rows.size() != 1)
            return fail(u"an UPDATE needs one set of values()"_s);
        QStringList names;
        auto values = valuesOf(statement.rows.front(), &names);
        if (!values)
            return std::unexpected(values.error());
        QStringList set;
        for (qsizetype i = 0; i < names.size(); ++i)
            set << names[i] + u'=' + values->at(i);
        text = u"UPDATE "_s + table + u" SET "_s + set.join(u", "_s);
        break;
    }
    case DmlStatement::Verb::Delete:
        text = u"DELETE FROM "_s + table;
        break;
    case DmlStatement::Verb::Select:
        if (!statement.query)
            return fail(u"a SELECT without its statement"_s);
        return bindings ? boundExpressionSql(*statement.query, *bindings) : expressionSql(*statement.query);
    }
    if (statement.where) {
        // visit_update / visit_delete: a select in the WHERE correlates to the table.
        const Compiler compiler(*this, true, bindings, {table});
        auto where = compiler.compile(*statement.where);
        if (!where)
            return where;
        text += u" WHERE "_s + *where;
    }
    return text;
}

std::optional<QString> Dialect::dialectFunctionSql(const QString &, const QStringList &) const
{
    return std::nullopt;
}

std::optional<QString> Dialect::dialectBinarySql(SqlExpression::Operator, const QString &, const QString &) const
{
    return std::nullopt;
}

Result<QString> Dialect::serverDefaultSql(const ServerDefault &serverDefault) const
{
    switch (serverDefault.kind) {
    case ServerDefault::Kind::Literal:
        return stringLiteralSql(serverDefault.text);
    case ServerDefault::Kind::Expression:
        return textSql(serverDefault.text);
    case ServerDefault::Kind::Construct:
        if (!serverDefault.construct)
            return fail(u"a server default construct without an expression"_s);
        return expressionSql(*serverDefault.construct);
    }
    return fail(u"unknown server default"_s);
}

bool Dialect::constraintApplies(const Constraint &constraint) const
{
    switch (constraint.rule) {
    case Constraint::Rule::Always: return true;
    case Constraint::Rule::UnlessNativeEnum: return !supportsNativeEnum();
    case Constraint::Rule::UnlessNativeBoolean: return !supportsNativeBoolean();
    }
    return true;
}

} // namespace pm
