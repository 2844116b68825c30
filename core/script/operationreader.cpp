#include "script/operationreader.h"

#include <algorithm>
#include <initializer_list>
#include <limits>
#include <string_view>

#include "python/pythontoken.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Kind = PythonExpression::Kind;
using Params = std::initializer_list<std::u16string_view>;

// A call's arguments matched to a Python signature, so positional and keyword
// spellings of the same argument read alike and stray arguments are refused.
class Args
{
public:
    static Result<Args> bind(const QString &file, const PythonExpression &call, const QString &display,
                             Params params, int required, bool varargs = false)
    {
        Args a;
        a.m_params.assign(params.begin(), params.end());
        a.m_values.assign(a.m_params.size(), nullptr);
        const size_t positional = call.argumentCount();
        const size_t fixed = varargs ? std::min<size_t>(size_t(required), positional) : positional;
        for (size_t i = 0; i < positional; ++i) {
            const PythonExpression &arg = call.argument(i);
            if (i < fixed && i < a.m_params.size()) {
                a.m_values[i] = &arg;
            } else if (varargs) {
                a.rest.push_back(&arg);
            } else {
                return fail(Error(file, arg.line, arg.column,
                                  display + u" takes at most "_s + QString::number(a.m_params.size())
                                      + u" positional arguments"_s));
            }
        }
        for (const PythonKeyword &k : call.keywords) {
            size_t index = a.m_params.size();
            for (size_t i = 0; i < a.m_params.size(); ++i)
                if (k.name == QStringView(a.m_params[i]))
                    index = i;
            if (index == a.m_params.size())
                return fail(Error(file, k.line, k.column,
                                  u"unsupported argument '"_s + k.name + u"' to "_s + display));
            if (a.m_values[index])
                return fail(Error(file, k.line, k.column,
                                  display + u" got two values for '"_s + k.name + u"'"_s));
            a.m_values[index] = &k.value;
        }
        for (int i = 0; i < required; ++i) {
            if (!a.m_values[size_t(i)])
                return fail(Error(file, call.line, call.column,
                                  display + u" is missing the argument '"_s
                                      + QStringView(a.m_params[size_t(i)]).toString() + u"'"_s));
        }
        return a;
    }

    const PythonExpression *get(std::u16string_view name) const
    {
        for (size_t i = 0; i < m_params.size(); ++i)
            if (m_params[i] == name)
                return m_values[i];
        Q_ASSERT_X(false, "Args::get", "parameter not in the signature");
        return nullptr;
    }

    std::vector<const PythonExpression *> rest;

private:
    std::vector<std::u16string_view> m_params;
    std::vector<const PythonExpression *> m_values;
};

// SQLAlchemy re-exports its public names at the top; scripts may name them
// through any of the submodules they live in.
QString canonicalSqlAlchemy(const QString &path)
{
    static const QStringList submodules = {
        u"sqlalchemy.sql.expression."_s, u"sqlalchemy.sql.sqltypes."_s, u"sqlalchemy.sql.schema."_s,
        u"sqlalchemy.sql.elements."_s,   u"sqlalchemy.sql."_s,          u"sqlalchemy.types."_s,
        u"sqlalchemy.schema."_s,
    };
    for (const QString &sub : submodules) {
        if (path.startsWith(sub)) {
            const QStringView rest = QStringView(path).mid(sub.size());
            if (!rest.contains(u'.'))
                return u"sqlalchemy."_s + rest;
        }
    }
    return path;
}

struct TypeName
{
    std::u16string_view name;
    SqlType::Kind kind;
    bool subclass = false; // a generic subclass of `kind` (SqlType::subclass)
};

// Reflected (uppercase) SQL type classes and what they are in SqlType terms.
constexpr TypeName kUpperTypes[] = {
    {u"INTEGER", SqlType::Kind::Integer},     {u"INT", SqlType::Kind::Integer},
    {u"BIGINT", SqlType::Kind::BigInteger},   {u"SMALLINT", SqlType::Kind::SmallInteger},
    {u"BOOLEAN", SqlType::Kind::Boolean},     {u"FLOAT", SqlType::Kind::Float},
    {u"REAL", SqlType::Kind::Float},          {u"DOUBLE", SqlType::Kind::Float},
    {u"DOUBLE_PRECISION", SqlType::Kind::Float}, {u"NUMERIC", SqlType::Kind::Numeric},
    {u"DECIMAL", SqlType::Kind::Numeric},     {u"VARCHAR", SqlType::Kind::String},
    {u"CHAR", SqlType::Kind::String},         {u"NVARCHAR", SqlType::Kind::String},
    {u"NCHAR", SqlType::Kind::String},        {u"TEXT", SqlType::Kind::Text},
    {u"CLOB", SqlType::Kind::Text},           {u"DATE", SqlType::Kind::Date},
    {u"DATETIME", SqlType::Kind::DateTime},   {u"TIMESTAMP", SqlType::Kind::DateTime},
    {u"TIME", SqlType::Kind::Time},           {u"BLOB", SqlType::Kind::LargeBinary},
    {u"BINARY", SqlType::Kind::LargeBinary},  {u"VARBINARY", SqlType::Kind::LargeBinary},
    {u"BYTEA", SqlType::Kind::LargeBinary},   {u"JSON", SqlType::Kind::Json},
    {u"JSONB", SqlType::Kind::Json},          {u"UUID", SqlType::Kind::Uuid},
    {u"INTERVAL", SqlType::Kind::Interval},   {u"ENUM", SqlType::Kind::Enum},
};

// The generic classes, spelled as SqlType::className() spells them.
constexpr TypeName kGenericTypes[] = {
    {u"Integer", SqlType::Kind::Integer},   {u"BigInteger", SqlType::Kind::BigInteger},
    {u"SmallInteger", SqlType::Kind::SmallInteger}, {u"Boolean", SqlType::Kind::Boolean},
    {u"Float", SqlType::Kind::Float},       {u"Numeric", SqlType::Kind::Numeric},
    {u"String", SqlType::Kind::String},     {u"Text", SqlType::Kind::Text},
    {u"Date", SqlType::Kind::Date},         {u"DateTime", SqlType::Kind::DateTime},
    {u"Time", SqlType::Kind::Time},         {u"LargeBinary", SqlType::Kind::LargeBinary},
    {u"Enum", SqlType::Kind::Enum},         {u"JSON", SqlType::Kind::Json},
    {u"Interval", SqlType::Kind::Interval}, {u"NullType", SqlType::Kind::Null},
    {u"Unicode", SqlType::Kind::String, true}, {u"UnicodeText", SqlType::Kind::Text, true},
    {u"PickleType", SqlType::Kind::LargeBinary, true},
};

// Upper names that only exist in a dialect module, not in sqlalchemy itself.
bool dialectOnly(QStringView upper)
{
    return upper == u"DOUBLE_PRECISION" || upper == u"BYTEA" || upper == u"JSONB" || upper == u"UUID"
        || upper == u"INTERVAL" || upper == u"ENUM" || upper == u"DOUBLE";
}

} // namespace

OperationReader::OperationReader(QString fileName, QString userModulePrefix)
    : m_file(std::move(fileName)), m_userModulePrefix(std::move(userModulePrefix))
{
}

void OperationReader::bind(const QString &localName, const QString &target)
{
    m_bindings.insert(localName, target);
}

std::unexpected<Error> OperationReader::error(const PythonExpression &at, QString message) const
{
    return fail(Error(m_file, at.line, at.column, std::move(message)));
}

Result<QString> OperationReader::resolve(const PythonExpression &expr) const
{
    const QString written = expr.dottedName();
    if (written.isEmpty())
        return error(expr, u"expected a name but found "_s + expr.describe());
    const qsizetype dot = written.indexOf(u'.');
    const QString head = dot < 0 ? written : written.left(dot);
    if (!m_batchAlias.isEmpty() && head == m_batchAlias)
        return u"<batch>"_s + (dot < 0 ? QString() : written.mid(dot));
    const auto it = m_bindings.constFind(head);
    if (it == m_bindings.cend()) {
        const PythonExpression *first = &expr;
        while (first->kind == Kind::Attribute)
            first = &first->items.front();
        return error(*first, u"name '"_s + head + u"' is not defined"_s);
    }
    const QString path = dot < 0 ? *it : *it + QStringView(written).mid(dot);
    return canonicalSqlAlchemy(path);
}

// ---- values --------------------------------------------------------------

namespace {

struct ValueReader
{
    const QString &file;

    std::unexpected<Error> expected(const PythonExpression &e, const QString &what, const QString &argument) const
    {
        return fail(Error(file, e.line, e.column,
                          u"expected "_s + what + u" for '"_s + argument + u"' but found "_s + e.describe()));
    }
    Result<QString> string(const PythonExpression *e, const QString &argument) const
    {
        if (!e->isString())
            return expected(*e, u"a string"_s, argument);
        if (e->stringFlags & PythonToken::Bytes)
            return expected(*e, u"a string"_s, argument);
        if (e->stringFlags & PythonToken::Format)
            return fail(Error(file, e->line, e->column, u"f-strings are not supported in a migration script"_s));
        return e->text;
    }
    // None or absent → empty.
    Result<QString> optionalString(const PythonExpression *e, const QString &argument) const
    {
        if (!e || e->isNone())
            return QString();
        return string(e, argument);
    }
    Result<bool> boolean(const PythonExpression *e, const QString &argument) const
    {
        if (e->kind == Kind::True)
            return true;
        if (e->kind == Kind::False)
            return false;
        return expected(*e, u"True or False"_s, argument);
    }
    Result<std::optional<bool>> optionalBool(const PythonExpression *e, const QString &argument) const
    {
        if (!e || e->isNone())
            return std::optional<bool>();
        auto b = boolean(e, argument);
        if (!b)
            return std::unexpected(b.error());
        return std::optional<bool>(*b);
    }
    Result<QStringList> stringList(const PythonExpression *e, const QString &argument) const
    {
        if (!e->isSequence())
            return expected(*e, u"a list of strings"_s, argument);
        QStringList out;
        for (const PythonExpression &item : e->items) {
            auto s = string(&item, argument);
            if (!s)
                return std::unexpected(s.error());
            out << *s;
        }
        return out;
    }
    Result<std::optional<int>> optionalInt(const PythonExpression *e, const QString &argument) const
    {
        if (!e || e->isNone())
            return std::optional<int>();
        if (e->kind != Kind::Integer || e->integer < 0 || e->integer > std::numeric_limits<int>::max())
            return expected(*e, u"a non-negative integer"_s, argument);
        return std::optional<int>(int(e->integer));
    }
};

} // namespace

Result<OperationReader::Name> OperationReader::readName(const PythonExpression &expr, const QString &what) const
{
    if (expr.isNone())
        return Name{};
    if (expr.isCall()) {
        auto callee = resolve(expr.callee());
        if (!callee)
            return std::unexpected(callee.error());
        if (*callee == u"alembic.op.f" || (*callee == u"<batch>.f")) {
            if (expr.argumentCount() != 1 || !expr.keywords.empty())
                return error(expr, u"op.f() takes exactly one name"_s);
            auto s = ValueReader{m_file}.string(&expr.argument(0), what);
            if (!s)
                return std::unexpected(s.error());
            return Name{*s, true};
        }
        return error(expr, u"expected a name or op.f() for '"_s + what + u"' but found "_s + expr.describe());
    }
    auto s = ValueReader{m_file}.string(&expr, what);
    if (!s)
        return std::unexpected(s.error());
    return Name{*s, false};
}

Result<QString> OperationReader::readSqlText(const PythonExpression &expr, const QString &what) const
{
    if (expr.isString())
        return ValueReader{m_file}.string(&expr, what);
    if (expr.isCall()) {
        auto callee = resolve(expr.callee());
        if (!callee)
            return std::unexpected(callee.error());
        if (*callee == u"sqlalchemy.text") {
            auto args = Args::bind(m_file, expr, u"sa.text()"_s, {u"text"}, 1);
            if (!args)
                return std::unexpected(args.error());
            return ValueReader{m_file}.string(args->get(u"text"), u"text"_s);
        }
    }
    return error(expr, u"expected SQL text (a string or sa.text()) for '"_s + what + u"' but found "_s
                           + expr.describe());
}

Result<std::optional<ServerDefault>> OperationReader::readServerDefault(const PythonExpression &expr) const
{
    using R = std::optional<ServerDefault>;
    if (expr.isNone())
        return R();
    if (expr.isString()) {
        auto s = ValueReader{m_file}.string(&expr, u"server_default"_s);
        if (!s)
            return std::unexpected(s.error());
        return R(ServerDefault::literal(*s));
    }
    if (expr.isCall()) {
        auto callee = resolve(expr.callee());
        if (!callee)
            return std::unexpected(callee.error());
        if (*callee == u"sqlalchemy.text") {
            auto sql = readSqlText(expr, u"server_default"_s);
            if (!sql)
                return std::unexpected(sql.error());
            return R(ServerDefault::expression(*sql));
        }
    }
    return error(expr, u"expected a string or sa.text() for 'server_default' but found "_s + expr.describe());
}

// ---- types ---------------------------------------------------------------

Result<SqlType> OperationReader::readType(const PythonExpression &expr) const
{
    const PythonExpression *callee = &expr;
    if (expr.isCall())
        callee = &expr.callee();
    else if (expr.kind != Kind::Name && expr.kind != Kind::Attribute)
        return error(expr, u"expected a column type but found "_s + expr.describe());
    auto resolved = resolve(*callee);
    if (!resolved)
        return std::unexpected(resolved.error());
    const QString written = callee->dottedName();
    const QString path = *resolved;

    QString className;
    QString dialect;
    bool sqlmodelType = false;
    if (path.startsWith(u"sqlalchemy.dialects.")) {
        const QStringList parts = path.mid(20).split(u'.');
        if (parts.size() != 2)
            return error(*callee, u"unknown column type "_s + written);
        dialect = parts[0];
        className = parts[1];
        if (dialect != u"sqlite" && dialect != u"postgresql")
            return error(*callee, u"types of the "_s + dialect + u" dialect are not supported"_s);
    } else if (path.startsWith(u"sqlalchemy.") && !path.mid(11).contains(u'.')) {
        className = path.mid(11);
    } else if (path.startsWith(u"sqlmodel.sql.sqltypes.") && !path.mid(22).contains(u'.')) {
        className = path.mid(22);
        sqlmodelType = true;
    } else if (!m_userModulePrefix.isEmpty() && written.startsWith(m_userModulePrefix)
               && !written.mid(m_userModulePrefix.size()).contains(u'.')) {
        className = written.mid(m_userModulePrefix.size());
        sqlmodelType = true;
    } else {
        return error(*callee, u"unknown column type "_s + written);
    }

    SqlType type;
    bool found = false;
    if (sqlmodelType) {
        if (className == u"AutoString") {
            type = SqlType::autoString();
            found = true;
        } else if (className == u"GUID") {
            type = SqlType::uuid();
            found = true;
        }
    } else {
        if (dialect.isEmpty()) {
            for (const TypeName &t : kGenericTypes) {
                if (className == QStringView(t.name)) {
                    type.kind = t.kind;
                    if (t.subclass)
                        type.subclass = className;
                    found = true;
                }
            }
        }
        if (!found) {
            for (const TypeName &t : kUpperTypes) {
                if (className == QStringView(t.name) && (!dialect.isEmpty() || !dialectOnly(className))) {
                    type = SqlType{t.kind}.spelledAs(className, dialect);
                    found = true;
                }
            }
        }
    }
    if (!found)
        return error(*callee, u"unknown column type "_s + written);

    if (!expr.isCall())
        return type;
    const QString display = written + u"()"_s;
    const ValueReader values{m_file};
    using K = SqlType::Kind;
    if (type.subclass == u"PickleType") {
        // protocol/pickler/comparator only matter to Python; Alembic renders
        // PickleType() bare, and the DDL is its LargeBinary's.
        auto args = Args::bind(m_file, expr, display, {}, 0);
        if (!args)
            return std::unexpected(args.error());
        return type;
    }
    switch (type.kind) {
    case K::String:
    case K::AutoString:
    case K::Text:
    case K::LargeBinary: {
        auto args = Args::bind(m_file, expr, display, {u"length"}, 0);
        if (!args)
            return std::unexpected(args.error());
        auto length = values.optionalInt(args->get(u"length"), u"length"_s);
        if (!length)
            return std::unexpected(length.error());
        type.length = *length;
        return type;
    }
    case K::Float: {
        auto args = Args::bind(m_file, expr, display, {u"precision"}, 0);
        if (!args)
            return std::unexpected(args.error());
        auto precision = values.optionalInt(args->get(u"precision"), u"precision"_s);
        if (!precision)
            return std::unexpected(precision.error());
        type.precision = *precision;
        return type;
    }
    case K::Numeric: {
        auto args = Args::bind(m_file, expr, display, {u"precision", u"scale"}, 0);
        if (!args)
            return std::unexpected(args.error());
        auto precision = values.optionalInt(args->get(u"precision"), u"precision"_s);
        if (!precision)
            return std::unexpected(precision.error());
        auto scale = values.optionalInt(args->get(u"scale"), u"scale"_s);
        if (!scale)
            return std::unexpected(scale.error());
        type.precision = *precision;
        type.scale = *scale;
        return type;
    }
    case K::DateTime:
    case K::Time: {
        auto args = Args::bind(m_file, expr, display, {u"timezone"}, 0);
        if (!args)
            return std::unexpected(args.error());
        if (const PythonExpression *tz = args->get(u"timezone")) {
            auto b = values.boolean(tz, u"timezone"_s);
            if (!b)
                return std::unexpected(b.error());
            type.timezone = *b;
        }
        return type;
    }
    case K::Enum: {
        for (const PythonKeyword &k : expr.keywords) {
            if (k.name != u"name")
                return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
        }
        for (size_t i = 0; i < expr.argumentCount(); ++i) {
            auto v = values.string(&expr.argument(i), u"enums"_s);
            if (!v)
                return std::unexpected(v.error());
            type.enumValues << *v;
        }
        if (const PythonKeyword *name = expr.keyword(u"name")) {
            auto n = values.optionalString(&name->value, u"name"_s);
            if (!n)
                return std::unexpected(n.error());
            type.enumName = *n;
        }
        return type;
    }
    case K::Json: {
        // astext_type only types the Python side of the ->> operator, not the DDL.
        auto args = Args::bind(m_file, expr, display, {u"none_as_null", u"astext_type"}, 0);
        if (!args)
            return std::unexpected(args.error());
        if (const PythonExpression *n = args->get(u"none_as_null"); n && n->kind != Kind::False)
            return error(*n, u"none_as_null is not supported"_s);
        if (const PythonExpression *t = args->get(u"astext_type")) {
            if (auto inner = readType(*t); !inner)
                return std::unexpected(inner.error());
        }
        return type;
    }
    case K::Uuid: {
        // as_uuid only changes the Python values the driver returns, not the DDL.
        auto args = Args::bind(m_file, expr, display, {u"as_uuid"}, 0);
        if (!args)
            return std::unexpected(args.error());
        if (const PythonExpression *asUuid = args->get(u"as_uuid")) {
            if (auto b = values.boolean(asUuid, u"as_uuid"_s); !b)
                return std::unexpected(b.error());
        }
        return type;
    }
    default: {
        auto args = Args::bind(m_file, expr, display, {}, 0);
        if (!args)
            return std::unexpected(args.error());
        return type;
    }
    }
}

// ---- columns and constraints ----------------------------------------------

Status OperationReader::readConstraintOptions(const PythonKeyword &k, Constraint &c, bool *handled) const
{
    *handled = true;
    const ValueReader values{m_file};
    if (k.name == u"name") {
        auto n = readName(k.value, k.name);
        if (!n)
            return std::unexpected(n.error());
        c.name = n->text;
        c.conventionName = n->convention;
    } else if (k.name == u"deferrable") {
        // Alembic renders a unique constraint's deferrable through str(): 'True'.
        const PythonExpression &v = k.value;
        if (v.isNone())
            c.deferrable.clear();
        else if (v.kind == Kind::True || (v.isString() && v.text == u"True"))
            c.deferrable = u"DEFERRABLE"_s;
        else if (v.kind == Kind::False || (v.isString() && v.text == u"False"))
            c.deferrable = u"NOT DEFERRABLE"_s;
        else
            return values.expected(v, u"True or False"_s, k.name);
    } else if (k.name == u"initially") {
        auto s = values.optionalString(&k.value, k.name);
        if (!s)
            return std::unexpected(s.error());
        c.initially = s->toUpper();
    } else if (c.isForeignKey() && (k.name == u"ondelete" || k.name == u"onupdate")) {
        auto s = values.optionalString(&k.value, k.name);
        if (!s)
            return std::unexpected(s.error());
        (k.name == u"ondelete" ? c.onDelete : c.onUpdate) = *s;
    } else {
        *handled = false;
    }
    return {};
}

Result<Constraint> OperationReader::readForeignKey(const PythonExpression &expr, const QString &columnName) const
{
    const QString display = expr.callee().dottedName() + u"()"_s;
    if (expr.argumentCount() != 1)
        return error(expr, display + u" takes exactly one column specification"_s);
    auto spec = ValueReader{m_file}.string(&expr.argument(0), u"column"_s);
    if (!spec)
        return std::unexpected(spec.error());
    QStringList parts = spec->split(u'.');
    if (parts.size() < 2)
        return error(expr.argument(0), u"expected 'table.column' but found '"_s + *spec + u"'"_s);
    const QString column = parts.takeLast();
    const QString table = parts.takeLast();
    Constraint c = Constraint::foreignKey({columnName}, table, {column});
    c.referredSchema = parts.join(u'.');
    for (const PythonKeyword &k : expr.keywords) {
        bool handled = false;
        if (auto s = readConstraintOptions(k, c, &handled); !s)
            return std::unexpected(s.error());
        if (!handled)
            return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
    }
    return c;
}

Result<OperationReader::ColumnSpec> OperationReader::readColumn(const PythonExpression &expr) const
{
    const QString display = expr.callee().dottedName() + u"()"_s;
    if (expr.argumentCount() < 2)
        return error(expr, display + u" needs a name and a type"_s);
    const ValueReader values{m_file};
    ColumnSpec spec;
    auto name = values.string(&expr.argument(0), u"name"_s);
    if (!name)
        return std::unexpected(name.error());
    spec.column.name = *name;
    auto type = readType(expr.argument(1));
    if (!type)
        return std::unexpected(type.error());
    spec.column.type = *type;
    for (size_t i = 2; i < expr.argumentCount(); ++i) {
        const PythonExpression &arg = expr.argument(i);
        if (arg.isCall()) {
            auto callee = resolve(arg.callee());
            if (!callee)
                return std::unexpected(callee.error());
            if (*callee == u"sqlalchemy.ForeignKey") {
                auto fk = readForeignKey(arg, spec.column.name);
                if (!fk)
                    return std::unexpected(fk.error());
                spec.constraints << *fk;
                continue;
            }
        }
        return error(arg, u"unsupported argument to "_s + display + u": "_s + arg.describe());
    }
    bool unique = false;
    for (const PythonKeyword &k : expr.keywords) {
        const PythonExpression *v = &k.value;
        if (k.name == u"nullable") {
            auto b = values.optionalBool(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            if (b->has_value()) {
                spec.column.nullable = **b;
                spec.nullableGiven = true;
            }
        } else if (k.name == u"primary_key") {
            auto b = values.boolean(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            spec.column.primaryKey = *b;
        } else if (k.name == u"autoincrement") {
            if (v->kind == Kind::True)
                spec.column.autoincrement = Column::Autoincrement::Yes;
            else if (v->kind == Kind::False)
                spec.column.autoincrement = Column::Autoincrement::No;
            else if (v->isString() && v->text == u"auto")
                spec.column.autoincrement = Column::Autoincrement::Auto;
            else
                return values.expected(*v, u"True, False or 'auto'"_s, k.name);
        } else if (k.name == u"server_default") {
            auto d = readServerDefault(*v);
            if (!d)
                return std::unexpected(d.error());
            spec.column.serverDefault = *d;
        } else if (k.name == u"comment") {
            auto s = values.optionalString(v, k.name);
            if (!s)
                return std::unexpected(s.error());
            spec.column.comment = *s;
        } else if (k.name == u"unique") {
            auto b = values.optionalBool(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            unique = b->value_or(false);
        } else if (k.name == u"index") {
            auto b = values.optionalBool(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            spec.index = b->value_or(false);
        } else {
            return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
        }
    }
    if (!spec.nullableGiven)
        spec.column.nullable = !spec.column.primaryKey;
    // SQLAlchemy makes index=True, unique=True one unique index, not a constraint.
    spec.unique = unique;
    if (unique && !spec.index)
        spec.constraints << Constraint::unique({spec.column.name});
    return spec;
}

Result<Constraint> OperationReader::readTableConstraint(const PythonExpression &expr) const
{
    auto callee = resolve(expr.callee());
    if (!callee)
        return std::unexpected(callee.error());
    const QString display = expr.callee().dottedName() + u"()"_s;
    const ValueReader values{m_file};
    Constraint c;
    if (*callee == u"sqlalchemy.PrimaryKeyConstraint" || *callee == u"sqlalchemy.UniqueConstraint") {
        c.kind = *callee == u"sqlalchemy.UniqueConstraint" ? Constraint::Kind::Unique : Constraint::Kind::PrimaryKey;
        for (size_t i = 0; i < expr.argumentCount(); ++i) {
            auto col = values.string(&expr.argument(i), u"columns"_s);
            if (!col)
                return std::unexpected(col.error());
            c.columns << *col;
        }
    } else if (*callee == u"sqlalchemy.ForeignKeyConstraint") {
        c.kind = Constraint::Kind::ForeignKey;
        if (expr.argumentCount() != 2)
            return error(expr, display + u" takes the local and the referred columns"_s);
        auto local = values.stringList(&expr.argument(0), u"columns"_s);
        if (!local)
            return std::unexpected(local.error());
        auto referred = values.stringList(&expr.argument(1), u"refcolumns"_s);
        if (!referred)
            return std::unexpected(referred.error());
        if (local->size() != referred->size() || local->isEmpty())
            return error(expr, display + u" needs as many referred columns as local ones"_s);
        c.columns = *local;
        for (const QString &spec : *referred) {
            QStringList parts = spec.split(u'.');
            if (parts.size() < 2)
                return error(expr.argument(1), u"expected 'table.column' but found '"_s + spec + u"'"_s);
            const QString column = parts.takeLast();
            const QString table = parts.takeLast();
            const QString schema = parts.join(u'.');
            if (!c.referredTable.isEmpty() && (table != c.referredTable || schema != c.referredSchema))
                return error(expr.argument(1), u"all referred columns must belong to one table"_s);
            c.referredTable = table;
            c.referredSchema = schema;
            c.referredColumns << column;
        }
    } else if (*callee == u"sqlalchemy.CheckConstraint") {
        c.kind = Constraint::Kind::Check;
        if (expr.argumentCount() != 1)
            return error(expr, display + u" takes exactly one SQL condition"_s);
        auto sql = readSqlText(expr.argument(0), u"sqltext"_s);
        if (!sql)
            return std::unexpected(sql.error());
        c.sqlText = *sql;
    } else {
        return error(expr, u"unsupported argument to create_table(): "_s + expr.describe());
    }
    for (const PythonKeyword &k : expr.keywords) {
        bool handled = false;
        if (auto s = readConstraintOptions(k, c, &handled); !s)
            return std::unexpected(s.error());
        if (!handled)
            return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
    }
    return c;
}

// ---- operations ------------------------------------------------------------

namespace {

bool isNotSupportedOpFunction(QStringView f)
{
    static constexpr std::u16string_view names[] = {
        u"get_bind", u"get_context", u"inline_literal", u"create_table_comment", u"drop_table_comment",
        u"create_exclude_constraint", u"run_async", u"invoke", u"implementation_for",
        u"register_operation", u"f", u"migration_context", u"impl", u"alter_table",
    };
    for (auto n : names)
        if (f == QStringView(n))
            return true;
    return false;
}

bool isSupportedOpFunction(QStringView f, bool batch)
{
    static constexpr std::u16string_view both[] = {
        u"add_column", u"drop_column", u"alter_column", u"create_index", u"drop_index",
        u"create_unique_constraint", u"create_foreign_key", u"create_check_constraint",
        u"create_primary_key", u"drop_constraint", u"execute", u"bulk_insert",
    };
    static constexpr std::u16string_view opOnly[] = {u"create_table", u"drop_table", u"rename_table"};
    for (auto n : both)
        if (f == QStringView(n))
            return true;
    if (!batch)
        for (auto n : opOnly)
            if (f == QStringView(n))
                return true;
    return false;
}

} // namespace

Result<Operation> OperationReader::readStatementCall(const PythonExpression &call, const BatchAlterTableOp *batch,
                                                    const QString &batchAlias) const
{
    m_batchAlias = batch ? batchAlias : QString();
    const PythonExpression &callee = call.callee();
    const QString written = callee.dottedName();
    if (written.isEmpty()) {
        // Something like op.get_bind().execute(...): name the innermost call.
        const PythonExpression *inner = &callee;
        while (inner->kind == Kind::Attribute || (inner->isCall() && inner->callee().dottedName().isEmpty()))
            inner = &inner->items.front();
        if (inner->isCall()) {
            if (auto op = readStatementCall(*inner, batch, batchAlias); !op)
                return op;
            return error(call, u"the result of "_s + inner->describe().mid(10) + u" cannot be used"_s);
        }
        return error(call, u"unsupported statement: "_s + call.describe());
    }
    const QString head = written.section(u'.', 0, 0);
    if (!m_bindings.contains(head) && !(batch && head == batchAlias))
        return error(call, u"call to unknown function '"_s + written + u"'"_s);
    auto path = resolve(callee);
    if (!path)
        return std::unexpected(path.error());
    QString function;
    const bool viaBatch = path->startsWith(u"<batch>.");
    if (viaBatch)
        function = path->mid(8);
    else if (path->startsWith(u"alembic.op."))
        function = path->mid(11);
    else
        return error(call, written + u"() is not an operation"_s);
    if (function.contains(u'.'))
        return error(call, written + u"() is not an operation"_s);
    const QString display = written + u"()"_s;
    if (function == u"batch_alter_table")
        return error(call, display + u" must be used in a with statement"_s);
    if (isNotSupportedOpFunction(function))
        return error(call, display + u" is not supported in a migration script"_s);
    if (!isSupportedOpFunction(function, viaBatch)) {
        if (viaBatch && isSupportedOpFunction(function, false))
            return error(call, display + u" is not a batch operation"_s);
        return error(call, u"unknown operation "_s + display);
    }
    auto op = readOperation(function, call, viaBatch ? batch : nullptr);
    if (op)
        op->location = SourceLocation{m_file, call.line, call.column};
    return op;
}

Result<BatchAlterTableOp> OperationReader::readBatchAlterTable(const PythonExpression &call) const
{
    m_batchAlias.clear();
    auto path = resolve(call.callee());
    if (!path)
        return std::unexpected(path.error());
    const QString display = call.callee().dottedName() + u"()"_s;
    if (*path != u"alembic.op.batch_alter_table")
        return error(call, u"a with statement must use op.batch_alter_table(), not "_s + display);
    auto args = Args::bind(m_file, call, display, {u"table_name", u"schema", u"recreate"}, 1);
    if (!args)
        return std::unexpected(args.error());
    const ValueReader values{m_file};
    BatchAlterTableOp batch;
    auto table = values.string(args->get(u"table_name"), u"table_name"_s);
    if (!table)
        return std::unexpected(table.error());
    batch.tableName = *table;
    auto schema = values.optionalString(args->get(u"schema"), u"schema"_s);
    if (!schema)
        return std::unexpected(schema.error());
    batch.schema = *schema;
    if (const PythonExpression *r = args->get(u"recreate")) {
        auto recreate = values.string(r, u"recreate"_s);
        if (!recreate)
            return std::unexpected(recreate.error());
        if (*recreate != u"auto" && *recreate != u"always" && *recreate != u"never")
            return error(*r, u"recreate must be 'auto', 'always' or 'never'"_s);
        batch.recreate = *recreate;
    }
    return batch;
}

Result<CreateTableOp> OperationReader::readCreateTable(const PythonExpression &call, const QString &display) const
{
    auto args = Args::bind(m_file, call, display, {u"table_name", u"schema", u"comment"}, 1, true);
    if (!args)
        return std::unexpected(args.error());
    const ValueReader values{m_file};
    CreateTableOp op;
    Table &t = op.table;
    auto name = values.string(args->get(u"table_name"), u"table_name"_s);
    if (!name)
        return std::unexpected(name.error());
    t.name = *name;
    auto schema = values.optionalString(args->get(u"schema"), u"schema"_s);
    if (!schema)
        return std::unexpected(schema.error());
    t.schema = *schema;
    auto comment = values.optionalString(args->get(u"comment"), u"comment"_s);
    if (!comment)
        return std::unexpected(comment.error());
    t.comment = *comment;

    QList<ColumnSpec> specs;
    bool explicitPrimaryKey = false;
    for (const PythonExpression *arg : args->rest) {
        if (!arg->isCall())
            return error(*arg, u"unsupported argument to "_s + display + u": "_s + arg->describe());
        auto callee = resolve(arg->callee());
        if (!callee)
            return std::unexpected(callee.error());
        if (*callee == u"sqlalchemy.Column") {
            auto spec = readColumn(*arg);
            if (!spec)
                return std::unexpected(spec.error());
            if (t.column(spec->column.name))
                return error(*arg, u"column '"_s + spec->column.name + u"' is declared twice"_s);
            t.columns << spec->column;
            specs << *spec;
        } else {
            auto c = readTableConstraint(*arg);
            if (!c)
                return std::unexpected(c.error());
            if (c->isPrimaryKey()) {
                if (explicitPrimaryKey)
                    return error(*arg, display + u" has two primary key constraints"_s);
                explicitPrimaryKey = true;
            }
            t.constraints << *c;
        }
    }
    // Column-level declarations, attached to the table as SQLAlchemy does.
    QStringList pkColumns;
    for (const ColumnSpec &spec : std::as_const(specs)) {
        if (spec.column.primaryKey)
            pkColumns << spec.column.name;
        t.constraints << spec.constraints;
        if (spec.index)
            t.indexes << Index{QString(), false, {spec.column.name}, spec.unique};
    }
    if (const Constraint *pk = t.primaryKey()) {
        const QStringList columns = pk->columns;
        for (Column &column : t.columns) {
            if (!columns.contains(column.name))
                continue;
            column.primaryKey = true;
            const auto spec = std::find_if(specs.cbegin(), specs.cend(),
                                           [&](const ColumnSpec &s) { return s.column.name == column.name; });
            if (!spec->nullableGiven)
                column.nullable = false;
        }
    } else if (!pkColumns.isEmpty()) {
        t.constraints.prepend(Constraint::primaryKey(pkColumns));
    }
    return op;
}

Result<BulkInsertOp> OperationReader::readTableClause(const PythonExpression &expr) const
{
    if (expr.isName()) {
        const auto it = m_localTables.constFind(expr.text);
        if (it != m_localTables.cend())
            return *it;
    }
    if (!expr.isCall())
        return error(expr, u"expected sa.table(...) but found "_s + expr.describe());
    auto callee = resolve(expr.callee());
    if (!callee)
        return std::unexpected(callee.error());
    const QString display = expr.callee().dottedName() + u"()"_s;
    if (*callee != u"sqlalchemy.table")
        return error(expr, u"expected sa.table(...) but found "_s + expr.describe());
    auto args = Args::bind(m_file, expr, display, {u"name", u"schema"}, 1, true);
    if (!args)
        return std::unexpected(args.error());
    const ValueReader values{m_file};
    BulkInsertOp op;
    auto name = values.string(args->get(u"name"), u"name"_s);
    if (!name)
        return std::unexpected(name.error());
    op.tableName = *name;
    auto schema = values.optionalString(args->get(u"schema"), u"schema"_s);
    if (!schema)
        return std::unexpected(schema.error());
    op.schema = *schema;
    for (const PythonExpression *arg : args->rest) {
        if (!arg->isCall())
            return error(*arg, u"expected sa.column(...) but found "_s + arg->describe());
        auto c = resolve(arg->callee());
        if (!c)
            return std::unexpected(c.error());
        if (*c != u"sqlalchemy.column")
            return error(*arg, u"expected sa.column(...) but found "_s + arg->describe());
        auto colArgs = Args::bind(m_file, *arg, arg->callee().dottedName() + u"()"_s, {u"text", u"type_"}, 1);
        if (!colArgs)
            return std::unexpected(colArgs.error());
        Column column;
        auto colName = values.string(colArgs->get(u"text"), u"text"_s);
        if (!colName)
            return std::unexpected(colName.error());
        column.name = *colName;
        if (const PythonExpression *type = colArgs->get(u"type_"); type && !type->isNone()) {
            auto t = readType(*type);
            if (!t)
                return std::unexpected(t.error());
            column.type = *t;
        }
        op.columns << column;
    }
    return op;
}

Result<BulkInsertOp> OperationReader::readBulkInsert(const PythonExpression &call, const QString &display) const
{
    auto args = Args::bind(m_file, call, display, {u"table", u"rows", u"multiinsert"}, 2);
    if (!args)
        return std::unexpected(args.error());
    auto op = readTableClause(*args->get(u"table"));
    if (!op)
        return op;
    // multiinsert chooses one executemany() or one INSERT per row: same rows either way.
    if (const PythonExpression *m = args->get(u"multiinsert")) {
        if (auto b = ValueReader{m_file}.boolean(m, u"multiinsert"_s); !b)
            return std::unexpected(b.error());
    }
    const PythonExpression &rows = *args->get(u"rows");
    if (!rows.isSequence())
        return error(rows, u"expected a list of dicts for 'rows' but found "_s + rows.describe());
    for (const PythonExpression &row : rows.items) {
        if (row.kind != Kind::Dict)
            return error(row, u"expected a dict for a row but found "_s + row.describe());
        QMap<QString, QVariant> values;
        for (size_t i = 0; i + 1 < row.items.size(); i += 2) {
            const PythonExpression &key = row.items[i];
            const PythonExpression &value = row.items[i + 1];
            auto k = ValueReader{m_file}.string(&key, u"row key"_s);
            if (!k)
                return std::unexpected(k.error());
            const bool known = std::any_of(op->columns.cbegin(), op->columns.cend(),
                                           [&](const Column &c) { return c.name == *k; });
            if (!known)
                return error(key, u"column '"_s + *k + u"' is not in the table of the bulk insert"_s);
            QVariant v;
            switch (value.kind) {
            case Kind::None: break;
            case Kind::True: v = true; break;
            case Kind::False: v = false; break;
            case Kind::Integer: v = qlonglong(value.integer); break;
            case Kind::Float: v = value.floating; break;
            case Kind::String: {
                auto s = ValueReader{m_file}.string(&value, *k);
                if (!s)
                    return std::unexpected(s.error());
                v = *s;
                break;
            }
            default:
                return error(value, u"unsupported value in a bulk insert row: "_s + value.describe());
            }
            values.insert(*k, v);
        }
        op->rows << values;
    }
    return op;
}

Result<std::optional<Operation>> OperationReader::readLocalAssignment(const QString &name, const PythonExpression &value)
{
    using R = std::optional<Operation>;
    m_batchAlias.clear();
    if (!value.isCall())
        return error(value, u"only sa.table() or op.create_table() may be assigned in a migration function"_s);
    const QString written = value.callee().dottedName();
    if (!written.isEmpty() && !m_bindings.contains(written.section(u'.', 0, 0)))
        return error(value, u"call to unknown function '"_s + written + u"'"_s);
    auto callee = resolve(value.callee());
    if (!callee)
        return std::unexpected(callee.error());
    if (callee->startsWith(u"alembic.op.") && *callee != u"alembic.op.create_table") {
        // Let the statement reader name what is wrong with the call itself first.
        auto op = readStatementCall(value, nullptr, {});
        if (!op)
            return std::unexpected(op.error());
    }
    if (*callee == u"sqlalchemy.table") {
        auto table = readTableClause(value);
        if (!table)
            return std::unexpected(table.error());
        m_localTables.insert(name, *table);
        return R();
    }
    if (*callee == u"alembic.op.create_table") {
        auto op = readStatementCall(value, nullptr, {});
        if (!op)
            return std::unexpected(op.error());
        const Table &t = op->as<CreateTableOp>()->table;
        BulkInsertOp target;
        target.tableName = t.name;
        target.schema = t.schema;
        target.columns = t.columns;
        m_localTables.insert(name, target);
        return R(std::move(*op));
    }
    return error(value, u"only sa.table() or op.create_table() may be assigned in a migration function, not "_s
                            + value.describe());
}

Result<Operation> OperationReader::readOperation(const QString &f, const PythonExpression &call,
                                                 const BatchAlterTableOp *batch) const
{
    const QString display = call.callee().dottedName() + u"()"_s;
    const ValueReader values{m_file};
    const bool inBatch = batch != nullptr;
    auto str = [&](const Args &a, std::u16string_view p) { return values.string(a.get(p), QStringView(p).toString()); };
    auto optStr = [&](const Args &a, std::u16string_view p) {
        return values.optionalString(a.get(p), QStringView(p).toString());
    };
#define PM_TRY(var, expr)                                                                                       \
    auto var = (expr);                                                                                          \
    if (!var)                                                                                                   \
        return std::unexpected(var.error());

    if (f == u"create_table") {
        PM_TRY(op, readCreateTable(call, display));
        return Operation{*op};
    }
    if (f == u"drop_table") {
        PM_TRY(a, Args::bind(m_file, call, display, {u"table_name", u"schema"}, 1));
        DropTableOp op;
        PM_TRY(name, str(*a, u"table_name"));
        PM_TRY(schema, optStr(*a, u"schema"));
        op.tableName = *name;
        op.schema = *schema;
        return Operation{op};
    }
    if (f == u"rename_table") {
        PM_TRY(a, Args::bind(m_file, call, display, {u"old_table_name", u"new_table_name", u"schema"}, 2));
        RenameTableOp op;
        PM_TRY(oldName, str(*a, u"old_table_name"));
        PM_TRY(newName, str(*a, u"new_table_name"));
        PM_TRY(schema, optStr(*a, u"schema"));
        op.oldName = *oldName;
        op.newName = *newName;
        op.schema = *schema;
        return Operation{op};
    }
    if (f == u"add_column") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"column", u"insert_before", u"insert_after"}, 1)
                          : Args::bind(m_file, call, display, {u"table_name", u"column", u"schema"}, 2));
        AddColumnOp op;
        if (inBatch) {
            for (auto p : {u"insert_before", u"insert_after"}) {
                if (const PythonExpression *e = a->get(p); e && !e->isNone())
                    return error(*e, QStringView(p).toString() + u" is not supported"_s);
            }
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(name, str(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *name;
            op.schema = *schema;
        }
        const PythonExpression &col = *a->get(u"column");
        if (!col.isCall())
            return error(col, u"expected sa.Column(...) but found "_s + col.describe());
        PM_TRY(callee, resolve(col.callee()));
        if (*callee != u"sqlalchemy.Column")
            return error(col, u"expected sa.Column(...) but found "_s + col.describe());
        PM_TRY(spec, readColumn(col));
        if (spec->index && spec->unique)
            return error(col, u"unique=True with index=True is not supported in "_s + display
                                  + u"; use a unique create_index()"_s);
        op.column = spec->column;
        op.constraints = spec->constraints;
        op.index = spec->index;
        return Operation{op};
    }
    if (f == u"drop_column") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"column_name"}, 1)
                          : Args::bind(m_file, call, display, {u"table_name", u"column_name", u"schema"}, 2));
        DropColumnOp op;
        PM_TRY(column, str(*a, u"column_name"));
        op.columnName = *column;
        if (inBatch) {
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(name, str(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *name;
            op.schema = *schema;
        }
        return Operation{op};
    }
    if (f == u"alter_column") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display,
                                       {u"column_name", u"nullable", u"comment", u"server_default",
                                        u"new_column_name", u"type_", u"existing_type", u"existing_server_default",
                                        u"existing_nullable", u"existing_comment", u"insert_before", u"insert_after",
                                        u"autoincrement", u"existing_autoincrement"},
                                       1)
                          : Args::bind(m_file, call, display,
                                       {u"table_name", u"column_name", u"nullable", u"comment", u"server_default",
                                        u"new_column_name", u"type_", u"existing_type", u"existing_server_default",
                                        u"existing_nullable", u"existing_comment", u"schema", u"autoincrement",
                                        u"existing_autoincrement"},
                                       2));
        AlterColumnOp op;
        PM_TRY(column, str(*a, u"column_name"));
        op.columnName = *column;
        if (inBatch) {
            for (auto p : {u"insert_before", u"insert_after"}) {
                if (const PythonExpression *e = a->get(p); e && !e->isNone())
                    return error(*e, QStringView(p).toString() + u" is not supported"_s);
            }
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(name, str(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *name;
            op.schema = *schema;
        }
        auto optionalBool = [&](std::u16string_view p, std::optional<bool> &out) -> Status {
            auto b = values.optionalBool(a->get(p), QStringView(p).toString());
            if (!b)
                return std::unexpected(b.error());
            out = *b;
            return {};
        };
        if (auto s = optionalBool(u"nullable", op.nullable); !s)
            return std::unexpected(s.error());
        if (auto s = optionalBool(u"existing_nullable", op.existingNullable); !s)
            return std::unexpected(s.error());
        if (auto s = optionalBool(u"autoincrement", op.autoincrement); !s)
            return std::unexpected(s.error());
        if (auto s = optionalBool(u"existing_autoincrement", op.existingAutoincrement); !s)
            return std::unexpected(s.error());
        for (auto p : {u"type_", u"existing_type"}) {
            const PythonExpression *e = a->get(p);
            if (!e || e->isNone())
                continue;
            PM_TRY(type, readType(*e));
            (std::u16string_view(p) == u"type_" ? op.type : op.existingType) = *type;
        }
        // server_default=False (the default) means "unchanged"; None drops it.
        for (auto p : {u"server_default", u"existing_server_default"}) {
            const PythonExpression *e = a->get(p);
            if (!e || e->kind == Kind::False)
                continue;
            PM_TRY(d, readServerDefault(*e));
            (std::u16string_view(p) == u"server_default" ? op.serverDefault : op.existingServerDefault) = *d;
        }
        // comment=None removes the comment; it reads as an empty one.
        if (const PythonExpression *e = a->get(u"comment"); e && e->kind != Kind::False) {
            PM_TRY(c, values.optionalString(e, u"comment"_s));
            op.comment = *c;
        }
        if (const PythonExpression *e = a->get(u"existing_comment"); e && !e->isNone()) {
            PM_TRY(c, values.string(e, u"existing_comment"_s));
            op.existingComment = *c;
        }
        if (const PythonExpression *e = a->get(u"new_column_name"); e && !e->isNone()) {
            PM_TRY(n, values.string(e, u"new_column_name"_s));
            op.newName = *n;
        }
        return Operation{op};
    }
    if (f == u"create_index") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"index_name", u"columns", u"unique"}, 2)
                          : Args::bind(m_file, call, display,
                                       {u"index_name", u"table_name", u"columns", u"schema", u"unique"}, 3));
        CreateIndexOp op;
        PM_TRY(name, readName(*a->get(u"index_name"), u"index_name"_s));
        op.index.name = name->text;
        op.index.conventionName = name->convention;
        if (inBatch) {
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(table, str(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *table;
            op.schema = *schema;
        }
        const PythonExpression &columns = *a->get(u"columns");
        if (!columns.isSequence())
            return values.expected(columns, u"a list of columns"_s, u"columns"_s);
        for (const PythonExpression &c : columns.items) {
            // Expression indexes keep their SQL, as reflection does.
            PM_TRY(text, c.isString() ? values.string(&c, u"columns"_s) : readSqlText(c, u"columns"_s));
            op.index.columns << *text;
        }
        if (const PythonExpression *u = a->get(u"unique")) {
            PM_TRY(b, values.boolean(u, u"unique"_s));
            op.index.unique = *b;
        }
        return Operation{op};
    }
    if (f == u"drop_index") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"index_name"}, 1)
                          : Args::bind(m_file, call, display, {u"index_name", u"table_name", u"schema"}, 1));
        DropIndexOp op;
        PM_TRY(name, readName(*a->get(u"index_name"), u"index_name"_s));
        op.indexName = name->text;
        if (inBatch) {
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(table, optStr(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *table;
            op.schema = *schema;
        }
        return Operation{op};
    }
    if (f == u"create_unique_constraint" || f == u"create_primary_key" || f == u"create_check_constraint") {
        const bool check = f == u"create_check_constraint";
        const bool unique = f == u"create_unique_constraint";
        const std::u16string_view third = check ? u"condition" : u"columns";
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"constraint_name", third, u"deferrable", u"initially"}, 2)
                          : Args::bind(m_file, call, display,
                                       {u"constraint_name", u"table_name", third, u"schema", u"deferrable", u"initially"},
                                       3));
        AddConstraintOp op;
        Constraint &c = op.constraint;
        c.kind = check ? Constraint::Kind::Check : unique ? Constraint::Kind::Unique : Constraint::Kind::PrimaryKey;
        PM_TRY(name, readName(*a->get(u"constraint_name"), u"constraint_name"_s));
        c.name = name->text;
        c.conventionName = name->convention;
        if (inBatch) {
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(table, str(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *table;
            op.schema = *schema;
        }
        if (check) {
            PM_TRY(sql, readSqlText(*a->get(u"condition"), u"condition"_s));
            c.sqlText = *sql;
        } else {
            PM_TRY(columns, values.stringList(a->get(u"columns"), u"columns"_s));
            c.columns = *columns;
        }
        for (auto p : {u"deferrable", u"initially"}) {
            const PythonExpression *e = a->get(p);
            if (!e)
                continue;
            if (!unique && !check)
                return error(*e, u"unsupported argument '"_s + QStringView(p).toString() + u"' to "_s + display);
            bool handled = false;
            PythonKeyword k{QStringView(p).toString(), e->line, e->column, *e};
            if (auto s = readConstraintOptions(k, c, &handled); !s)
                return std::unexpected(s.error());
        }
        return Operation{op};
    }
    if (f == u"create_foreign_key") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display,
                                       {u"constraint_name", u"referent_table", u"local_cols", u"remote_cols",
                                        u"referent_schema", u"onupdate", u"ondelete", u"deferrable", u"initially",
                                        u"match"},
                                       4)
                          : Args::bind(m_file, call, display,
                                       {u"constraint_name", u"source_table", u"referent_table", u"local_cols",
                                        u"remote_cols", u"onupdate", u"ondelete", u"deferrable", u"initially",
                                        u"match", u"source_schema", u"referent_schema"},
                                       5));
        AddConstraintOp op;
        Constraint &c = op.constraint;
        c.kind = Constraint::Kind::ForeignKey;
        PM_TRY(name, readName(*a->get(u"constraint_name"), u"constraint_name"_s));
        c.name = name->text;
        c.conventionName = name->convention;
        if (inBatch) {
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(table, str(*a, u"source_table"));
            PM_TRY(schema, optStr(*a, u"source_schema"));
            op.tableName = *table;
            op.schema = *schema;
        }
        PM_TRY(referent, str(*a, u"referent_table"));
        PM_TRY(referentSchema, optStr(*a, u"referent_schema"));
        PM_TRY(local, values.stringList(a->get(u"local_cols"), u"local_cols"_s));
        PM_TRY(remote, values.stringList(a->get(u"remote_cols"), u"remote_cols"_s));
        if (local->size() != remote->size() || local->isEmpty())
            return error(call, display + u" needs as many remote columns as local ones"_s);
        c.referredTable = *referent;
        c.referredSchema = *referentSchema;
        c.columns = *local;
        c.referredColumns = *remote;
        if (const PythonExpression *m = a->get(u"match"); m && !m->isNone())
            return error(*m, u"unsupported argument 'match' to "_s + display);
        for (auto p : {u"onupdate", u"ondelete", u"deferrable", u"initially"}) {
            const PythonExpression *e = a->get(p);
            if (!e)
                continue;
            bool handled = false;
            PythonKeyword k{QStringView(p).toString(), e->line, e->column, *e};
            if (auto s = readConstraintOptions(k, c, &handled); !s)
                return std::unexpected(s.error());
        }
        return Operation{op};
    }
    if (f == u"drop_constraint") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"constraint_name", u"type_"}, 1)
                          : Args::bind(m_file, call, display, {u"constraint_name", u"table_name", u"type_", u"schema"}, 2));
        DropConstraintOp op;
        PM_TRY(name, readName(*a->get(u"constraint_name"), u"constraint_name"_s));
        op.constraintName = name->text;
        if (inBatch) {
            op.tableName = batch->tableName;
            op.schema = batch->schema;
        } else {
            PM_TRY(table, str(*a, u"table_name"));
            PM_TRY(schema, optStr(*a, u"schema"));
            op.tableName = *table;
            op.schema = *schema;
        }
        PM_TRY(type, optStr(*a, u"type_"));
        if (!type->isEmpty() && *type != u"foreignkey" && *type != u"unique" && *type != u"check"
            && *type != u"primary")
            return error(*a->get(u"type_"), u"type_ must be 'foreignkey', 'unique', 'check' or 'primary'"_s);
        op.type = *type;
        return Operation{op};
    }
    if (f == u"execute") {
        PM_TRY(a, Args::bind(m_file, call, display, {u"sqltext"}, 1));
        PM_TRY(sql, readSqlText(*a->get(u"sqltext"), u"sqltext"_s));
        return Operation{ExecuteOp{*sql}};
    }
    if (f == u"bulk_insert") {
        PM_TRY(op, readBulkInsert(call, display));
        return Operation{*op};
    }
#undef PM_TRY
    return error(call, u"unknown operation "_s + display);
}

} // namespace pm
