#include "script/operationreader.h"

#include <algorithm>
#include <cstring>
#include <initializer_list>
#include <limits>
#include <string_view>

#include <QVarLengthArray>

#include "python/pythontoken.h"

using namespace Qt::StringLiterals;

// On the paths every column takes (readCreateTable, readColumn, readType),
// names are compared with u"..."_s: a QString literal carries its size, a
// bare u"..." is measured again on every comparison.

namespace pm {

namespace {

using Kind = PythonExpression::Kind;

// A parameter or argument name, written as a literal: its length is the
// array's, known where it is written. Made from a plain `const char16_t *`
// (what a u16string_view made from one did), it was measured character by
// character on every call, and the signatures of the paths every column
// takes are measured often.
struct ParamName
{
    template<size_t N>
    constexpr ParamName(const char16_t (&literal)[N]) noexcept : view(literal, N - 1)
    {
    }
    constexpr ParamName(std::u16string_view name) noexcept : view(name) {}
    operator std::u16string_view() const noexcept { return view; }

    std::u16string_view view;
};
using Params = std::initializer_list<ParamName>;

// QString::startsWith() and contains() call out of line; on the paths every
// column takes, a length check and a memcmp do.
bool hasPrefix(QStringView s, ParamName prefix)
{
    return size_t(s.size()) >= prefix.view.size()
        && std::memcmp(s.data(), prefix.view.data(), prefix.view.size() * sizeof(char16_t)) == 0;
}

// Equality with a literal, inline and measured where written: QString's
// operator== calls out of line whenever the sizes match, which on these
// paths is whenever the answer is yes.
template<size_t N>
Q_ALWAYS_INLINE bool is(QStringView s, const char16_t (&literal)[N])
{
    return PythonToken::same(s, QStringView(literal, qsizetype(N - 1)));
}

bool hasDot(QStringView s)
{
    for (QChar c : s)
        if (c == u'.')
            return true;
    return false;
}

// A call's arguments matched to a Python signature, so positional and keyword
// spellings of the same argument read alike and stray arguments are refused.
class Args
{
public:
    static Result<Args> bind(const QString &file, const PythonExpression &call, const ConstructName &display,
                             Params params, int required, bool varargs = false)
    {
        Args a;
        for (const ParamName &p : params)
            a.m_params.append(p.view);
        a.m_values.resize(a.m_params.size());
        std::fill(a.m_values.begin(), a.m_values.end(), nullptr);
        const size_t positional = call.argumentCount();
        const size_t fixed = varargs ? std::min<size_t>(size_t(required), positional) : positional;
        for (size_t i = 0; i < positional; ++i) {
            const PythonExpression &arg = call.argument(i);
            if (i < fixed && i < size_t(a.m_params.size())) {
                a.m_values[i] = &arg;
            } else if (varargs) {
                a.rest.push_back(&arg);
            } else {
                return fail(Error(file, arg.line, arg.column,
                                  display + u" takes at most "_s + QString::number(a.m_params.size())
                                      + u" positional arguments"_s));
            }
        }
        const size_t paramCount = size_t(a.m_params.size());
        for (const PythonKeyword &k : call.keywords) {
            size_t index = paramCount;
            for (size_t i = 0; i < paramCount; ++i)
                if (k.name == QStringView(a.m_params[i]))
                    index = i;
            if (index == paramCount)
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

    const PythonExpression *get(ParamName param) const
    {
        const std::u16string_view name = param.view;
        // The same literal in bind() and get() is usually one object:
        // its address answers before its characters are compared.
        for (qsizetype i = 0; i < m_params.size(); ++i) {
            const std::u16string_view param = m_params[i];
            if (param.size() == name.size() && (param.data() == name.data() || param == name))
                return m_values[i];
        }
        Q_ASSERT_X(false, "Args::get", "parameter not in the signature");
        return nullptr;
    }

    // Inline storage: a column or a table's arguments bind with no
    // allocation at all.
    QVarLengthArray<const PythonExpression *, 16> rest;

private:
    QVarLengthArray<std::u16string_view, 8> m_params;
    QVarLengthArray<const PythonExpression *, 8> m_values;
};

// SQLAlchemy re-exports its public names at the top; scripts may name them
// through any of the submodules they live in.
QString canonicalSqlAlchemy(const QString &path)
{
    static const QStringList submodules = {
        u"sqlalchemy.sql.expression."_s, u"sqlalchemy.sql.sqltypes."_s, u"sqlalchemy.sql.schema."_s,
        u"sqlalchemy.sql.elements."_s,   u"sqlalchemy.sql."_s,          u"sqlalchemy.types."_s,
        u"sqlalchemy.schema."_s,         u"sqlalchemy.sql.ddl."_s,
    };
    // Every submodule above is "sqlalchemy.s..." or "sqlalchemy.t...":
    // sqlalchemy.Column and the rest of the common names stop here.
    if (path.size() <= 11 || (path.at(11) != u's' && path.at(11) != u't') || !path.startsWith(u"sqlalchemy."))
        return path;
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
    {u"ARRAY", SqlType::Kind::Array},
};

// postgresql.* classes SQLAlchemy renders by their name alone.
constexpr std::u16string_view kPostgresNamedTypes[] = {
    u"INET", u"CIDR", u"MACADDR", u"MACADDR8", u"MONEY", u"OID", u"REGCLASS", u"HSTORE", u"TSVECTOR", u"CITEXT",
    u"INT4RANGE", u"INT8RANGE", u"NUMRANGE", u"DATERANGE", u"TSRANGE", u"TSTZRANGE",
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

// The call without the keywords not in `params`, and those keywords: the
// **kw of an Alembic op, handed to SQLAlchemy's dialect options.
std::pair<PythonExpression, decltype(PythonExpression::keywords)> withoutKeywords(const PythonExpression &call, Params params)
{
    PythonExpression plain = call;
    decltype(PythonExpression::keywords) extra;
    plain.keywords.clear();
    for (const PythonKeyword &k : call.keywords) {
        const bool known = std::any_of(params.begin(), params.end(), [&](std::u16string_view p) { return k.name == QStringView(p); });
        (known || k.name.isEmpty() ? plain.keywords : extra).push_back(k);
    }
    return {std::move(plain), std::move(extra)};
}

// Enum(inherit_schema=True) takes the schema of the table its column joins.
void inheritSchema(SqlType &type, const QString &tableSchema)
{
    if (type.kind == SqlType::Kind::Array && !type.itemType.empty())
        inheritSchema(type.itemType.front(), tableSchema);
    if (type.kind == SqlType::Kind::Enum && type.inheritSchema)
        type.enumSchema = tableSchema;
}

// Python's AttributeError for a name a module does not have: what a script
// naming SQLAlchemy 2.0's sa.Uuid or sa.Double gets from 1.4. (sa.UUID and
// postgresql.CITEXT are read as 2.0 reads them: the corpus's projects use them.)
QString noAttribute(const QString &module, const QString &name)
{
    return u"AttributeError: module '%1' has no attribute '%2'"_s.arg(module, name);
}

} // namespace

QString ConstructName::toString() const
{
    if (m_text)
        return *m_text;
    return m_call ? m_callee->writtenName() + u"()"_s : m_callee->writtenName();
}

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
    // The dotted name without building it: the Name at its root, then the
    // attributes outward (what dottedName() spells, empty unless the root
    // is a Name).
    QVarLengthArray<const PythonExpression *, 8> chain;
    const PythonExpression *root = &expr;
    while (root->kind == Kind::Attribute) {
        chain.append(root);
        root = &root->items.front();
    }
    if (root->kind != Kind::Name || root->text.isEmpty())
        return error(expr, u"expected a name but found "_s + expr.describe());
    const QString &head = root->text;
    // One allocation, sized up front.
    auto withAttributes = [&](QStringView base) {
        qsizetype size = base.size();
        for (const PythonExpression *attribute : chain)
            size += 1 + attribute->text.size();
        QString path;
        path.reserve(size);
        path += base;
        for (qsizetype i = chain.size() - 1; i >= 0; --i) {
            path += u'.';
            path += chain[i]->text;
        }
        return path;
    };
    if (!m_batchAlias.isEmpty() && head == m_batchAlias)
        return withAttributes(u"<batch>");
    const QString *it = m_bindings.find(head);
    if (!it)
        return error(*root, u"name '"_s + head + u"' is not defined"_s);
    // A bare name is its binding, shared.
    if (chain.isEmpty())
        return canonicalSqlAlchemy(*it);
    // The paths scripts name over and over (sa.Column, sa.Integer,
    // op.create_table) are found again without being spelled out: a
    // small direct-mapped table per thread, its raw path compared piece
    // by piece with what the binding and the attributes would spell.
    struct Resolved
    {
        QString raw;
        QString canonical;
    };
    thread_local Resolved table[128];
    const QString &base = *it;
    size_t hash = size_t(base.size());
    for (const PythonExpression *attribute : chain) {
        const QString &a = attribute->text;
        hash = hash * 31 + size_t(a.size()) * 7 + (a.isEmpty() ? 0 : a.front().unicode() + a.back().unicode() * 3);
    }
    Resolved &slot = table[hash & 127];
    // Compared in place, the length first: the piece by piece comparison
    // through QStringView cost more than the rest of the lookup.
    auto spells = [&] {
        qsizetype size = base.size();
        for (const PythonExpression *attribute : chain)
            size += 1 + attribute->text.size();
        if (slot.raw.size() != size)
            return false;
        const QChar *raw = slot.raw.constData();
        auto same = [](const QChar *a, const QChar *b, qsizetype n) {
            return std::memcmp(a, b, size_t(n) * sizeof(QChar)) == 0;
        };
        if (!same(raw, base.constData(), base.size()))
            return false;
        qsizetype p = base.size();
        for (qsizetype i = chain.size() - 1; i >= 0; --i) {
            const QString &a = chain[i]->text;
            if (raw[p] != u'.' || !same(raw + p + 1, a.constData(), a.size()))
                return false;
            p += 1 + a.size();
        }
        return true;
    };
    if (slot.raw.isNull() || !spells()) {
        slot.raw = withAttributes(base);
        slot.canonical = canonicalSqlAlchemy(slot.raw);
    }
    return slot.canonical;
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
        // SQLAlchemy tests these flags for truth: unique=1 is unique=True.
        if (e->kind == Kind::Integer) {
            QString digits = e->text;
            digits.remove(u'_');
            if (digits.size() > 2 && digits.at(0) == u'0' && digits.at(1).isLetter())
                digits = digits.mid(2);
            return std::any_of(digits.cbegin(), digits.cend(), [](QChar c) { return c != u'0'; });
        }
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

// DDLCompiler.get_identity_options, in its order and with its words, for a
// bound sa.Sequence() or sa.Identity(). CREATE SEQUENCE starts at the
// dialect's default_sequence_base (1) when start= is None; an identity
// column's options leave it out.
Result<QString> identityOptions(const QString &file, const Args &a, bool defaultStart)
{
    const ValueReader values{file};
    QStringList options;
    auto number = [&](std::u16string_view argument, const QString &words) -> Status {
        const PythonExpression *e = a.get(argument);
        if (e && !e->isNone() && e->kind != Kind::Integer)
            return values.expected(*e, u"an integer"_s, QString::fromUtf16(argument.data(), qsizetype(argument.size())));
        if (e && !e->isNone())
            options << words + u' ' + QString::number(e->integer);
        else if (argument == u"start" && defaultStart)
            options << words + u" 1"_s;
        return {};
    };
    auto flag = [&](std::u16string_view argument, const QString &yes, const QString &no) -> Status {
        auto b = values.optionalBool(a.get(argument), QString::fromUtf16(argument.data(), qsizetype(argument.size())));
        if (!b)
            return std::unexpected(b.error());
        if (*b)
            options << (**b ? yes : no);
        return {};
    };
    for (Status s : {number(u"increment", u"INCREMENT BY"_s), number(u"start", u"START WITH"_s),
                     number(u"minvalue", u"MINVALUE"_s), number(u"maxvalue", u"MAXVALUE"_s)})
        if (!s)
            return std::unexpected(s.error());
    // nominvalue / nomaxvalue: any value but None.
    if (const PythonExpression *e = a.get(u"nominvalue"); e && !e->isNone())
        options << u"NO MINVALUE"_s;
    if (const PythonExpression *e = a.get(u"nomaxvalue"); e && !e->isNone())
        options << u"NO MAXVALUE"_s;
    for (Status s : {number(u"cache", u"CACHE"_s), flag(u"order", u"ORDER"_s, u"NO ORDER"_s),
                     flag(u"cycle", u"CYCLE"_s, u"NO CYCLE"_s)})
        if (!s)
            return std::unexpected(s.error());
    return options.join(u' ');
}

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
            // op.f(None) is no name: the naming convention gives one.
            if (expr.argument(0).isNone())
                return Name{};
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
        const QString written = expr.callee().dottedName();
        auto callee = written.isEmpty() ? Result<QString>(QString()) : resolve(expr.callee());
        if (!callee)
            return std::unexpected(callee.error());
        if (*callee == u"sqlalchemy.text") {
            auto sql = readSqlText(expr, u"server_default"_s);
            if (!sql)
                return std::unexpected(sql.error());
            return R(ServerDefault::expression(*sql));
        }
        // Any other SQL expression: sa.func.now(), sa.false(), sa.literal_column().
        auto construct = readExpression(expr);
        if (!construct)
            return std::unexpected(construct.error());
        return R(ServerDefault::fromConstruct(*construct));
    }
    return error(expr, u"expected a string or a SQL expression for 'server_default' but found "_s + expr.describe());
}

// ---- SQL expressions ---------------------------------------------------------

namespace {

// TypeEngine._type_affinity, as far as coerce_compared_value compares it.
int affinity(const SqlType &t)
{
    switch (t.kind) {
    case SqlType::Kind::Integer:
    case SqlType::Kind::BigInteger:
    case SqlType::Kind::SmallInteger: return 1;
    case SqlType::Kind::Float:
    case SqlType::Kind::Numeric: return 2;
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString:
    case SqlType::Kind::Text:
    case SqlType::Kind::Enum: return 3;
    case SqlType::Kind::Boolean: return 4;
    default: return 100 + int(t.kind);
    }
}

// TypeEngine.coerce_compared_value: a value compared with a column takes
// the column's type when their affinities agree, its own otherwise.
SqlType comparedValueType(const SqlType &column, const QVariant &value)
{
    const SqlType own = SqlExpression::typeOfValue(value);
    if (column.isNull() || own.isNull())
        return own;
    return affinity(own) == affinity(column) ? column : own;
}

// The SQLAlchemy function path of a callee: "now" for sqlalchemy.func.now,
// "pg_catalog.now" for sqlalchemy.func.pg_catalog.now; "" otherwise.
QString functionPath(const QString &resolved)
{
    for (const QString &prefix : {u"sqlalchemy.func."_s, u"sqlalchemy.sql.func."_s, u"sqlalchemy.sql.expression.func."_s,
                                  u"sqlalchemy.sql.functions.func."_s}) {
        if (resolved.startsWith(prefix))
            return resolved.mid(prefix.size());
    }
    return {};
}

using Op = SqlExpression::Operator;

// A dict, list or tuple of plain values as SQLAlchemy's JSON type
// serializes it (json.dumps with its defaults) and as Python's repr() shows
// it; nullopt when it holds anything else (a SQL construct, a name).
struct JsonText
{
    QString json;
    QString repr;
};

std::optional<JsonText> jsonText(const PythonExpression &e, bool key = false)
{
    switch (e.kind) {
    case Kind::String: {
        return JsonText{jsonStringDumps(e.text), pythonStringRepr(e.text)};
    }
    case Kind::Integer: {
        const QString n = QString::number(e.integer);
        return JsonText{key ? u'"' + n + u'"' : n, n};
    }
    case Kind::Float: {
        // Python's repr; json.dumps writes the same digits (NaN, Infinity).
        QString text = e.text;
        if (text == u"nan")
            text = u"NaN"_s;
        else if (text == u"inf" || text == u"-inf")
            text = text.replace(u"inf"_s, u"Infinity"_s);
        return JsonText{key ? u'"' + text + u'"' : text, e.text};
    }
    case Kind::True:
    case Kind::False: {
        const QString text = e.kind == Kind::True ? u"true"_s : u"false"_s;
        return JsonText{key ? u'"' + text + u'"' : text, e.kind == Kind::True ? u"True"_s : u"False"_s};
    }
    case Kind::None:
        return JsonText{key ? u"\"null\""_s : u"null"_s, u"None"_s};
    case Kind::List:
    case Kind::Tuple: {
        if (key)
            return std::nullopt; // json.dumps: keys must be str, int, float, bool or None
        QStringList json;
        QStringList repr;
        for (const PythonExpression &item : e.items) {
            auto t = jsonText(item);
            if (!t)
                return std::nullopt;
            json << t->json;
            repr << t->repr;
        }
        const bool tuple = e.kind == Kind::Tuple;
        return JsonText{u'[' + json.join(u", "_s) + u']',
                        (tuple ? u"("_s : u"["_s) + repr.join(u", "_s) + (tuple && repr.size() == 1 ? u","_s : QString())
                            + (tuple ? u")"_s : u"]"_s)};
    }
    case Kind::Dict: {
        if (key)
            return std::nullopt;
        QStringList json;
        QStringList repr;
        for (size_t i = 0; i + 1 < e.items.size(); i += 2) {
            auto k = jsonText(e.items[i], true);
            auto v = jsonText(e.items[i + 1]);
            if (!k || !v)
                return std::nullopt;
            json << k->json + u": "_s + v->json;
            repr << k->repr + u": "_s + v->repr;
        }
        return JsonText{u'{' + json.join(u", "_s) + u'}', u'{' + repr.join(u", "_s) + u'}'};
    }
    default:
        return std::nullopt;
    }
}

// A dict or list as a JSON value (PythonObject).
std::optional<SqlExpression> jsonLiteral(const PythonExpression &e)
{
    const auto text = jsonText(e);
    if (!text)
        return std::nullopt;
    PythonObject object;
    object.kind = PythonObject::Kind::Json;
    object.json = text->json;
    object.repr = text->repr;
    return SqlExpression::literal(QVariant::fromValue(object));
}

// The evaluator's datetime.datetime / datetime.date / datetime.time values,
// reified as __pm_datetime("isoformat", "repr") / __pm_date(...) /
// __pm_time(...) (ScriptEvaluator).
std::optional<SqlExpression> dateLiteral(const PythonExpression &e)
{
    if (!e.isCall() || !e.callee().isName() || e.argumentCount() != 2 || !e.argument(0).isString()
        || !e.argument(1).isString())
        return std::nullopt;
    const QString &function = e.callee().text;
    if (function != u"__pm_datetime" && function != u"__pm_date" && function != u"__pm_time")
        return std::nullopt;
    PythonObject object;
    object.kind = function == u"__pm_date" ? PythonObject::Kind::Date
        : function == u"__pm_time"         ? PythonObject::Kind::Time
                                           : PythonObject::Kind::DateTime;
    object.repr = e.argument(1).text;
    // "YYYY-MM-DD[THH:MM:SS.ffffff[+HH:MM[:SS]]]", as the evaluator writes
    // it; a time is "THH:MM:SS.ffffff[+HH:MM[:SS]]", with no date.
    QString iso = e.argument(0).text;
    if (object.kind == PythonObject::Kind::Time)
        iso.prepend(u"0001-01-01"_s);
    object.date = QDate::fromString(iso.left(10), u"yyyy-MM-dd"_s);
    if (!object.date.isValid())
        return std::nullopt;
    if (object.kind == PythonObject::Kind::Time)
        object.date = QDate();
    if (object.kind != PythonObject::Kind::Date) {
        if (iso.size() < 26)
            return std::nullopt;
        object.microsecondOfDay = ((iso.mid(11, 2).toLongLong() * 60 + iso.mid(14, 2).toLongLong()) * 60
                                   + iso.mid(17, 2).toLongLong()) * 1000000 + iso.mid(20, 6).toLongLong();
        if (iso.size() > 26) {
            const int sign = iso[26] == u'-' ? -1 : 1;
            const QStringList parts = iso.mid(27).split(u':');
            int seconds = 0;
            for (qsizetype i = 0; i < parts.size(); ++i)
                seconds += parts[i].toInt() * (i == 0 ? 3600 : i == 1 ? 60 : 1);
            object.utcOffsetSeconds = sign * seconds;
        }
    }
    return SqlExpression::literal(QVariant::fromValue(object));
}

// Column methods that make a unary (modifier) or binary expression.
std::optional<Op> unaryMethod(QStringView name)
{
    if (name == u"desc") return Op::Desc;
    if (name == u"asc") return Op::Asc;
    if (name == u"nulls_first" || name == u"nullsfirst") return Op::NullsFirst;
    if (name == u"nulls_last" || name == u"nullslast") return Op::NullsLast;
    if (name == u"distinct") return Op::Distinct;
    return std::nullopt;
}

std::optional<Op> binaryMethod(QStringView name)
{
    // Python's operators on a column, as ScriptEvaluator writes them.
    if (name == u"__eq__") return Op::Eq;
    if (name == u"__ne__") return Op::Ne;
    if (name == u"__lt__") return Op::Lt;
    if (name == u"__le__") return Op::Le;
    if (name == u"__gt__") return Op::Gt;
    if (name == u"__ge__") return Op::Ge;
    if (name == u"__add__") return Op::Add;
    if (name == u"__sub__") return Op::Sub;
    if (name == u"__mul__") return Op::Mul;
    if (name == u"__truediv__") return Op::Div;
    if (name == u"__mod__") return Op::Mod;
    if (name == u"is_") return Op::Is;
    if (name == u"is_not" || name == u"isnot") return Op::IsNot;
    if (name == u"in_") return Op::In;
    if (name == u"not_in" || name == u"notin_") return Op::NotIn;
    if (name == u"like") return Op::Like;
    if (name == u"not_like" || name == u"notlike") return Op::NotLike;
    if (name == u"ilike") return Op::ILike;
    if (name == u"not_ilike" || name == u"notilike") return Op::NotILike;
    if (name == u"concat") return Op::Concat;
    if (name == u"is_distinct_from") return Op::IsDistinctFrom;
    if (name == u"is_not_distinct_from" || name == u"isnot_distinct_from") return Op::IsNotDistinctFrom;
    return std::nullopt;
}

} // namespace

// `expr` (table.c.name) as the column `name` of `table`, typed as the
// table declares it.
Result<SqlExpression> OperationReader::columnOf(const BulkInsertOp &table, const PythonExpression &expr) const
{
    for (const Column &c : table.columns) {
        if (c.name == expr.text) {
            SqlExpression column = SqlExpression::column(c.name, table.tableName, table.schema);
            column.type = c.type;
            return column;
        }
    }
    return error(expr, u"the table '%1' has no column '%2'"_s.arg(table.tableName, expr.text));
}

Result<SqlExpression> OperationReader::readExpression(const PythonExpression &expr, const SqlType &comparedTo) const
{
    const ValueReader values{m_file};
    switch (expr.kind) {
    case Kind::String: {
        auto s = values.string(&expr, u"expression"_s);
        if (!s)
            return std::unexpected(s.error());
        return SqlExpression::literal(*s, comparedValueType(comparedTo, *s));
    }
    case Kind::Integer:
        return SqlExpression::literal(qlonglong(expr.integer), comparedValueType(comparedTo, qlonglong(expr.integer)));
    case Kind::Float:
        return SqlExpression::literal(expr.floating, comparedValueType(comparedTo, expr.floating));
    case Kind::True:
    case Kind::False:
        return SqlExpression::literal(expr.kind == Kind::True, comparedValueType(comparedTo, expr.kind == Kind::True));
    case Kind::None:
        return SqlExpression::null();
    case Kind::Dict:
        // A dict is a value SQLAlchemy binds as is (NullType), which its JSON
        // type serializes; no other type takes one.
        if (auto json = jsonLiteral(expr))
            return *json;
        return error(expr, u"expected a SQL expression but found "_s + expr.describe());
    case Kind::List:
    case Kind::Tuple: {
        std::vector<SqlExpression> items;
        for (const PythonExpression &item : expr.items) {
            auto e = readExpression(item, comparedTo);
            if (!e)
                return e;
            items.push_back(std::move(*e));
        }
        return SqlExpression::tuple(std::move(items));
    }
    case Kind::Attribute: {
        // table.c.name / table.columns.name of a local sa.table().
        const PythonExpression &owner = expr.items.front();
        if (owner.kind == Kind::Attribute && (owner.text == u"c" || owner.text == u"columns")
            && owner.items.front().isName()) {
            const auto it = m_localTables.constFind(owner.items.front().text);
            if (it != m_localTables.cend())
                return columnOf(*it, expr);
        }
        // table.c.name of a sa.Table(name, metadata, Column(...)) the body built.
        if (owner.kind == Kind::Attribute && (owner.text == u"c" || owner.text == u"columns")
            && owner.items.front().isCall()) {
            const auto path = resolve(owner.items.front().callee());
            if (path && (*path == u"sqlalchemy.Table" || *path == u"sqlalchemy.schema.Table")) {
                auto table = readSchemaTableClause(owner.items.front());
                if (!table)
                    return std::unexpected(table.error());
                return columnOf(*table, expr);
            }
        }
        break;
    }
    case Kind::Call:
        break;
    default:
        return error(expr, u"expected a SQL expression but found "_s + expr.describe());
    }
    if (!expr.isCall())
        return error(expr, u"expected a SQL expression but found "_s + expr.describe());

    if (auto date = dateLiteral(expr)) {
        date->type = comparedValueType(comparedTo, date->value);
        return *date;
    }
    const PythonExpression &callee = expr.callee();
    // A method of an expression: sa.column('x').desc(), t.c.a.in_([...]),
    // sa.text('...').bindparams(x=1).
    if (callee.kind == Kind::Attribute
        && (callee.dottedName().isEmpty() || !m_bindings.contains(callee.dottedName().section(u'.', 0, 0)))) {
        // table.select() of a local sa.table(): every column, in its order.
        if (callee.text == u"select" && isTableClause(callee.items.front())) {
            if (expr.argumentCount() != 0 || !expr.keywords.empty())
                return error(expr, u"table.select() takes no arguments here; use .where()"_s);
            auto table = readTableClause(callee.items.front());
            if (!table)
                return std::unexpected(table.error());
            std::vector<SqlExpression> columns;
            for (const Column &c : table->columns) {
                SqlExpression column = SqlExpression::column(c.name, table->tableName, table->schema);
                column.type = c.type;
                columns.push_back(std::move(column));
            }
            if (columns.empty())
                return error(expr, u"table.select() of a table without columns"_s);
            return SqlExpression::select(std::move(columns));
        }
        auto owner = readExpression(callee.items.front());
        if (!owner)
            return owner;
        const QString method = callee.text;
        const QString display = u'.' + method + u"()"_s;
        if (owner->kind == SqlExpression::Kind::Select) {
            if (method != u"where")
                return error(callee, u"the method "_s + display + u" of a select is not supported in a migration "
                                                                   u"script; petmigrate reads select(...).where(...)"_s);
            if (expr.argumentCount() == 0 || !expr.keywords.empty())
                return error(expr, u".where() takes one or more conditions"_s);
            for (size_t i = 0; i < expr.argumentCount(); ++i) {
                auto c = readExpression(expr.argument(i));
                if (!c)
                    return c;
                owner->addWhere(std::move(*c));
            }
            return owner;
        }
        if (owner->kind == SqlExpression::Kind::Text && method == u"bindparams") {
            if (expr.argumentCount() != 0)
                return error(expr, u"bindparams() is only supported with name=value arguments"_s);
            for (const PythonKeyword &k : expr.keywords) {
                auto v = readExpression(k.value);
                if (!v)
                    return v;
                if (v->kind != SqlExpression::Kind::Value && v->kind != SqlExpression::Kind::NullConstant)
                    return error(k.value, u"bindparams() takes plain values"_s);
                owner->bindValues.insert(k.name, v->value);
            }
            return owner;
        }
        if (auto op = unaryMethod(method)) {
            if (expr.argumentCount() != 0 || !expr.keywords.empty())
                return error(expr, display + u" takes no arguments"_s);
            return SqlExpression::unary(*op, std::move(*owner));
        }
        if (auto op = binaryMethod(method)) {
            if (expr.argumentCount() != 1 || !expr.keywords.empty())
                return error(expr, display + u" takes exactly one argument"_s);
            auto right = readExpression(expr.argument(0), owner->type);
            if (!right)
                return right;
            // String's comparator (_adapt_expression): + on a string is ||.
            if (*op == Op::Add && affinity(owner->type) == affinity(SqlType::string()))
                op = Op::Concat;
            const bool subquery = right->kind == SqlExpression::Kind::Select;
            if (subquery && *op != Op::In && *op != Op::NotIn)
                return error(expr.argument(0), u"a select compared with "_s + display
                                                   + u" is out of reach for petmigrate; it reads in_(select(...))"_s);
            if ((*op == Op::In || *op == Op::NotIn) && right->kind != SqlExpression::Kind::Tuple && !subquery)
                return error(expr.argument(0), display + u" takes a list of values or a select"_s);
            if ((*op == Op::In || *op == Op::NotIn) && !subquery && !right->operands.empty()) {
                // An expanding IN is one bind parameter: every value takes the
                // type the first one is compared as.
                const SqlType listType = right->operands.front().type;
                for (SqlExpression &item : right->operands) {
                    if (item.kind == SqlExpression::Kind::Value)
                        item.type = listType;
                }
            }
            return SqlExpression::binary(std::move(*owner), *op, std::move(*right));
        }
        return error(callee, u"the method "_s + display + u" is not supported in a migration script"_s);
    }

    auto path = resolve(callee);
    if (!path)
        return std::unexpected(path.error());
    const ConstructName display(callee);
    const QString function = functionPath(*path);
    if (!function.isEmpty()) {
        if (!expr.keywords.empty())
            return fail(Error(m_file, expr.keywords.front().line, expr.keywords.front().column,
                              u"unsupported argument '"_s + expr.keywords.front().name + u"' to "_s + display));
        std::vector<SqlExpression> arguments;
        for (size_t i = 0; i < expr.argumentCount(); ++i) {
            auto a = readExpression(expr.argument(i));
            if (!a)
                return a;
            arguments.push_back(std::move(*a));
        }
        QStringList parts = function.split(u'.');
        const QString name = parts.takeLast();
        return SqlExpression::function(name, std::move(arguments), parts);
    }
    if (*path == u"sqlalchemy.text") {
        auto sql = readSqlText(expr, u"text"_s);
        if (!sql)
            return std::unexpected(sql.error());
        return SqlExpression::sqlText(*sql);
    }
    if (*path == u"sqlalchemy.literal_column") {
        auto args = Args::bind(m_file, expr, display, {u"text", u"type_"}, 1);
        if (!args)
            return std::unexpected(args.error());
        auto text = values.string(args->get(u"text"), u"text"_s);
        if (!text)
            return std::unexpected(text.error());
        return SqlExpression::literalColumn(*text);
    }
    if (*path == u"sqlalchemy.column") {
        auto args = Args::bind(m_file, expr, display, {u"text", u"type_"}, 1);
        if (!args)
            return std::unexpected(args.error());
        auto name = values.string(args->get(u"text"), u"text"_s);
        if (!name)
            return std::unexpected(name.error());
        SqlExpression column = SqlExpression::column(*name);
        if (const PythonExpression *t = args->get(u"type_"); t && !t->isNone()) {
            auto type = readType(*t);
            if (!type)
                return std::unexpected(type.error());
            column.type = *type;
        }
        return column;
    }
    if (*path == u"sqlalchemy.literal" || *path == u"alembic.op.inline_literal") {
        auto args = Args::bind(m_file, expr, display, {u"value", u"type_"}, 1);
        if (!args)
            return std::unexpected(args.error());
        SqlType type;
        if (const PythonExpression *t = args->get(u"type_"); t && !t->isNone()) {
            auto read = readType(*t);
            if (!read)
                return std::unexpected(read.error());
            type = *read;
        }
        auto value = readExpression(*args->get(u"value"));
        if (!value)
            return value;
        if (value->kind == SqlExpression::Kind::NullConstant)
            return SqlExpression::literal(QVariant(), type);
        if (value->kind != SqlExpression::Kind::Value)
            return error(*args->get(u"value"), display + u" takes a plain value"_s);
        if (!type.isNull())
            value->type = type;
        return value;
    }
    if (*path == u"sqlalchemy.true" || *path == u"sqlalchemy.false" || *path == u"sqlalchemy.null") {
        if (expr.argumentCount() != 0 || !expr.keywords.empty())
            return error(expr, display + u" takes no arguments"_s);
        if (*path == u"sqlalchemy.true")
            return SqlExpression::trueConstant();
        return *path == u"sqlalchemy.false" ? SqlExpression::falseConstant() : SqlExpression::null();
    }
    if (*path == u"sqlalchemy.and_" || *path == u"sqlalchemy.or_") {
        if (!expr.keywords.empty() || expr.argumentCount() == 0)
            return error(expr, display + u" takes one or more conditions"_s);
        std::vector<SqlExpression> clauses;
        for (size_t i = 0; i < expr.argumentCount(); ++i) {
            auto c = readExpression(expr.argument(i));
            if (!c)
                return c;
            clauses.push_back(std::move(*c));
        }
        return SqlExpression::booleanList(*path == u"sqlalchemy.and_" ? Op::And : Op::Or, std::move(clauses));
    }
    if (*path == u"sqlalchemy.cast") {
        auto args = Args::bind(m_file, expr, display, {u"expression", u"type_"}, 2);
        if (!args)
            return std::unexpected(args.error());
        auto inner = readExpression(*args->get(u"expression"));
        if (!inner)
            return inner;
        auto type = readType(*args->get(u"type_"));
        if (!type)
            return std::unexpected(type.error());
        return SqlExpression::cast(std::move(*inner), *type);
    }
    if (*path == u"sqlalchemy.case" || *path == u"sqlalchemy.sql.case" || *path == u"sqlalchemy.sql.expression.case")
        return readCase(expr, display);
    if (*path == u"sqlalchemy.select" || *path == u"sqlalchemy.future.select") {
        if (!expr.keywords.empty())
            return fail(Error(m_file, expr.keywords.front().line, expr.keywords.front().column,
                              u"unsupported argument '"_s + expr.keywords.front().name + u"' to "_s + display));
        // select([a, b]) is SQLAlchemy 1.3's spelling of select(a, b).
        std::vector<const PythonExpression *> items;
        if (expr.argumentCount() == 1 && expr.argument(0).kind == Kind::List) {
            for (const PythonExpression &item : expr.argument(0).items)
                items.push_back(&item);
        } else {
            for (size_t i = 0; i < expr.argumentCount(); ++i)
                items.push_back(&expr.argument(i));
        }
        if (items.empty())
            return error(expr, display + u" without columns is out of reach for petmigrate"_s);
        std::vector<SqlExpression> columns;
        for (const PythonExpression *item : items) {
            auto c = readExpression(*item);
            if (!c)
                return c;
            columns.push_back(std::move(*c));
        }
        return SqlExpression::select(std::move(columns));
    }
    const QString bare = path->startsWith(u"sqlalchemy.") ? path->mid(11) : QString();
    if (auto op = unaryMethod(bare); op || bare == u"not_") {
        if (expr.argumentCount() != 1 || !expr.keywords.empty())
            return error(expr, display + u" takes exactly one argument"_s);
        auto inner = readExpression(expr.argument(0));
        if (!inner)
            return inner;
        return SqlExpression::unary(op ? *op : Op::Not, std::move(*inner));
    }
    return error(expr, u"unsupported SQL expression "_s + display);
}

Result<SqlExpression> OperationReader::readCase(const PythonExpression &call, const ConstructName &display) const
{
    std::optional<SqlExpression> value;
    std::optional<SqlExpression> otherwise;
    const PythonExpression *whensKeyword = nullptr;
    for (const PythonKeyword &k : call.keywords) {
        if (k.name == u"whens") { // the 1.3 keyword, deprecated in 1.4
            whensKeyword = &k.value;
            continue;
        }
        if (k.name != u"value" && k.name != u"else_")
            return fail(Error(m_file, k.line, k.column, u"unknown argument '%1' to %2"_s.arg(k.name, display)));
        if (k.value.isNone()) // None: no value / no ELSE, as Case() reads it
            continue;
        auto e = readExpression(k.value);
        if (!e)
            return e;
        (k.name == u"value" ? value : otherwise) = std::move(*e);
    }
    // _expression_collection_was_a_list: case([(c, r), ...]) is case(*list).
    std::vector<const PythonExpression *> whens;
    if (whensKeyword) {
        if (call.argumentCount() != 0)
            return error(call, display + u" takes whens either positionally or as whens=, not both"_s);
        whens.push_back(whensKeyword);
    } else {
        for (size_t i = 0; i < call.argumentCount(); ++i)
            whens.push_back(&call.argument(i));
    }
    if (whens.size() == 1 && whens.front()->kind == Kind::List)
        whens = [&] {
            std::vector<const PythonExpression *> items;
            for (const PythonExpression &item : whens.front()->items)
                items.push_back(&item);
            return items;
        }();
    std::vector<std::pair<SqlExpression, SqlExpression>> pairs;
    auto add = [&](const PythonExpression &condition, const PythonExpression &result) -> Status {
        auto c = readExpression(condition);
        if (!c)
            return std::unexpected(c.error());
        auto r = readExpression(result);
        if (!r)
            return std::unexpected(r.error());
        pairs.emplace_back(std::move(*c), std::move(*r));
        return {};
    };
    if (whens.size() == 1 && whens.front()->kind == Kind::Dict) {
        // util.dictlike_iteritems: {compared value: result}, in order.
        const auto &items = whens.front()->items;
        for (size_t i = 0; i + 1 < items.size(); i += 2) {
            if (Status s = add(items[i], items[i + 1]); !s)
                return std::unexpected(s.error());
        }
    } else {
        for (const PythonExpression *when : whens) {
            // `for (c, r) in whens` in Case.__init__, as Python unpacks each.
            if (when->isSequence() && when->items.size() > 2)
                return error(*when, u"ValueError: too many values to unpack (expected 2)"_s);
            if (when->isSequence() && when->items.size() < 2)
                return error(*when, u"ValueError: not enough values to unpack (expected 2, got %1)"_s.arg(
                                        when->items.size()));
            if (when->isCall() || when->kind == Kind::Attribute || when->isName())
                return error(*when, u"NotImplementedError: Operator 'getitem' is not supported on this expression"_s);
            if (!when->isSequence())
                return error(*when, display + u" takes (condition, result) pairs or a dict of them, not "_s
                                        + when->describe());
            if (Status s = add(when->items[0], when->items[1]); !s)
                return std::unexpected(s.error());
        }
    }
    return SqlExpression::caseOf(std::move(value), std::move(pairs), std::move(otherwise));
}

// ---- types ---------------------------------------------------------------

Result<SqlType> OperationReader::readType(const PythonExpression &expr) const
{
    SqlType type;
    if (auto s = readType(expr, type); !s)
        return std::unexpected(s.error());
    return type;
}

Status OperationReader::readType(const PythonExpression &expr, SqlType &out) const
{
    const PythonExpression *callee = &expr;
    if (expr.isCall())
        callee = &expr.callee();
    else if (expr.kind != Kind::Name && expr.kind != Kind::Attribute)
        return error(expr, u"expected a column type but found "_s + expr.describe());
    auto resolved = resolve(*callee);
    if (!resolved)
        return std::unexpected(resolved.error());
    const ConstructName shown(*callee, false);
    QString path = *resolved;
    // SQLAlchemy 2.0's sqlalchemy.UUID: PostgreSQL's UUID type (the corpus's
    // projects run on 2.0, or on 1.4 with that name added).
    if (path == u"sqlalchemy.UUID"_s)
        path = u"sqlalchemy.dialects.postgresql.UUID"_s;

    // A view into `path`, `parts` or `written`: the common types are found
    // without copying their class name out.
    QStringView className;
    QString dialect;
    QStringList parts;
    QString written;
    bool sqlmodelType = false;
    if (hasPrefix(path, u"sqlalchemy.dialects.")) {
        parts = path.mid(20).split(u'.');
        if (parts.size() != 2)
            return error(*callee, u"unknown column type "_s + shown);
        dialect = parts[0];
        className = parts[1];
        if (dialect != u"sqlite" && dialect != u"postgresql")
            return error(*callee, u"types of the "_s + dialect + u" dialect are not supported"_s);
        if (dialect == u"postgresql"_s && className == u"BIT"_s) {
            // visit_BIT: BIT(n), BIT VARYING(n); BIT() is BIT(1).
            if (!expr.isCall()) {
                out = SqlType::postgresqlNamed(u"BIT"_s).spelledAs(u"BIT"_s, u"postgresql"_s);
                return {};
            }
            auto args = Args::bind(m_file, expr, shown + u"()"_s, {u"length", u"varying"}, 0);
            if (!args)
                return std::unexpected(args.error());
            auto length = ValueReader{m_file}.optionalInt(args->get(u"length"), u"length"_s);
            if (!length)
                return std::unexpected(length.error());
            bool varying = false;
            if (const PythonExpression *v = args->get(u"varying")) {
                auto b = ValueReader{m_file}.boolean(v, u"varying"_s);
                if (!b)
                    return std::unexpected(b.error());
                varying = *b;
            }
            QString sql = varying ? u"BIT VARYING"_s : u"BIT"_s;
            if (varying && *length)
                sql += u'(' + QString::number(**length) + u')';
            else if (!varying)
                sql += u'(' + QString::number(length->value_or(1)) + u')';
            out = SqlType::other(sql).spelledAs(u"BIT"_s, u"postgresql"_s);
            return {};
        }
        for (auto named : kPostgresNamedTypes) {
            if (dialect == u"postgresql"_s && className == QStringView(named)) {
                // HSTORE(text_type=...) types Python's side only.
                if (expr.isCall()) {
                    auto args = Args::bind(m_file, expr, shown + u"()"_s, {u"text_type"}, 0);
                    if (!args)
                        return std::unexpected(args.error());
                }
                out = SqlType::postgresqlNamed(className.toString());
                return {};
            }
        }
    } else if (hasPrefix(path, u"sqlalchemy.") && !hasDot(QStringView(path).mid(11))) {
        className = QStringView(path).mid(11);
        // sqlalchemy.UUID never gets here: readType() reads it as postgresql.UUID.
        if (className == u"Uuid"_s || className == u"DOUBLE"_s || className == u"Double"_s)
            return error(*callee, noAttribute(u"sqlalchemy"_s, className.toString()));
    } else if (hasPrefix(path, u"sqlmodel.sql.sqltypes.") && !hasDot(QStringView(path).mid(22))) {
        className = QStringView(path).mid(22);
        sqlmodelType = true;
    } else if (written = m_userModulePrefix.isEmpty() ? QString() : callee->dottedName();
               !written.isEmpty() && written.startsWith(m_userModulePrefix)
               && !QStringView(written).mid(m_userModulePrefix.size()).contains(u'.')) {
        className = QStringView(written).mid(m_userModulePrefix.size());
        sqlmodelType = true;
    } else {
        return error(*callee, u"unknown column type "_s + shown);
    }

    SqlType &type = out;
    bool found = false;
    if (sqlmodelType) {
        if (className == u"AutoString"_s) {
            type = SqlType::autoString();
            found = true;
        } else if (className == u"GUID"_s) {
            type = SqlType::uuid();
            found = true;
        }
    } else {
        if (dialect.isEmpty()) {
            for (const TypeName &t : kGenericTypes) {
                if (PythonToken::same(className, QStringView(t.name))) {
                    type.kind = t.kind;
                    if (t.subclass)
                        type.subclass = className.toString();
                    found = true;
                    break; // the names are unique
                }
            }
        }
        if (!found) {
            for (const TypeName &t : kUpperTypes) {
                if (PythonToken::same(className, QStringView(t.name)) && (!dialect.isEmpty() || !dialectOnly(className))) {
                    type = SqlType{t.kind}.spelledAs(className.toString(), dialect);
                    found = true;
                    break;
                }
            }
        }
    }
    if (!found) {
        if (!dialect.isEmpty() && className.front().isUpper())
            return error(*callee, noAttribute(u"sqlalchemy.dialects."_s + dialect, className.toString()));
        return error(*callee, u"unknown column type "_s + shown);
    }

    if (!expr.isCall()) {
        if (type.kind == SqlType::Kind::Array)
            return error(*callee, shown + u" needs an item type: "_s + shown + u"(sa.Integer)"_s);
        return {};
    }
    const ConstructName display(*callee);
    const ValueReader values{m_file};
    using K = SqlType::Kind;
    if (type.subclass == u"PickleType"_s) {
        // protocol/pickler/comparator only matter to Python; Alembic renders
        // PickleType() bare, and the DDL is its LargeBinary's.
        auto args = Args::bind(m_file, expr, display, {}, 0);
        if (!args)
            return std::unexpected(args.error());
        return {};
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
        return {};
    }
    case K::Float: {
        auto args = Args::bind(m_file, expr, display, {u"precision", u"asdecimal", u"decimal_return_scale"}, 0);
        if (!args)
            return std::unexpected(args.error());
        auto precision = values.optionalInt(args->get(u"precision"), u"precision"_s);
        if (!precision)
            return std::unexpected(precision.error());
        type.precision = *precision;
        return {};
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
        return {};
    }
    case K::DateTime:
    case K::Time: {
        // postgresql.TIMESTAMP / TIME also take precision=.
        const bool withPrecision = dialect == u"postgresql";
        auto args = withPrecision ? Args::bind(m_file, expr, display, {u"timezone", u"precision"}, 0)
                                  : Args::bind(m_file, expr, display, {u"timezone"}, 0);
        if (!args)
            return std::unexpected(args.error());
        if (const PythonExpression *tz = args->get(u"timezone")) {
            auto b = values.boolean(tz, u"timezone"_s);
            if (!b)
                return std::unexpected(b.error());
            type.timezone = *b;
        }
        if (withPrecision) {
            auto precision = values.optionalInt(args->get(u"precision"), u"precision"_s);
            if (!precision)
                return std::unexpected(precision.error());
            type.precision = *precision;
        }
        return {};
    }
    case K::Enum: {
        const bool postgresqlEnum = dialect == u"postgresql";
        for (const PythonKeyword &k : expr.keywords) {
            const PythonExpression *v = &k.value;
            if (k.name == u"name" || k.name == u"schema") {
                auto n = values.optionalString(v, k.name);
                if (!n)
                    return std::unexpected(n.error());
                (k.name == u"name" ? type.enumName : type.enumSchema) = *n;
            } else if (k.name == u"native_enum" || k.name == u"create_constraint" || k.name == u"inherit_schema"
                       || k.name == u"create_type" || k.name == u"validate_strings") {
                auto b = values.boolean(v, k.name);
                if (!b)
                    return std::unexpected(b.error());
                if (k.name == u"native_enum")
                    type.nativeEnum = *b;
                else if (k.name == u"create_constraint")
                    type.createConstraint = *b;
                else if (k.name == u"inherit_schema")
                    type.inheritSchema = *b; // resolved when the column joins its table
                else if (k.name == u"create_type" && postgresqlEnum)
                    type.createType = *b; // sa.Enum takes create_type and ignores it
            } else if (k.name == u"length") {
                auto n = values.optionalInt(v, k.name);
                if (!n)
                    return std::unexpected(n.error());
                type.length = *n;
            } else {
                return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
            }
        }
        for (size_t i = 0; i < expr.argumentCount(); ++i) {
            auto v = values.string(&expr.argument(i), u"enums"_s);
            if (!v)
                return std::unexpected(v.error());
            type.enumValues << *v;
        }
        return {};
    }
    case K::Boolean: {
        auto args = Args::bind(m_file, expr, display, {u"create_constraint", u"name"}, 0);
        if (!args)
            return std::unexpected(args.error());
        if (const PythonExpression *c = args->get(u"create_constraint")) {
            auto b = values.boolean(c, u"create_constraint"_s);
            if (!b)
                return std::unexpected(b.error());
            type.createConstraint = *b;
        }
        auto name = values.optionalString(args->get(u"name"), u"name"_s);
        if (!name)
            return std::unexpected(name.error());
        type.enumName = *name;
        return {};
    }
    case K::Array: {
        auto args = Args::bind(m_file, expr, display, {u"item_type", u"as_tuple", u"dimensions", u"zero_indexes"}, 1);
        if (!args)
            return std::unexpected(args.error());
        auto item = readType(*args->get(u"item_type"));
        if (!item)
            return std::unexpected(item.error());
        auto dimensions = values.optionalInt(args->get(u"dimensions"), u"dimensions"_s);
        if (!dimensions)
            return std::unexpected(dimensions.error());
        for (auto flag : {u"as_tuple", u"zero_indexes"}) {
            if (const PythonExpression *f = args->get(std::u16string_view(flag))) {
                if (auto b = values.boolean(f, QStringView(flag).toString()); !b)
                    return std::unexpected(b.error());
            }
        }
        SqlType array = SqlType::array(*item, *dimensions);
        array.upperName = type.upperName;
        array.dialectModule = type.dialectModule;
        out = std::move(array);
        return {};
    }
    case K::Interval:
        if (dialect == u"postgresql") {
            auto args = Args::bind(m_file, expr, display, {u"precision", u"fields"}, 0);
            if (!args)
                return std::unexpected(args.error());
            auto precision = values.optionalInt(args->get(u"precision"), u"precision"_s);
            if (!precision)
                return std::unexpected(precision.error());
            auto fields = values.optionalString(args->get(u"fields"), u"fields"_s);
            if (!fields)
                return std::unexpected(fields.error());
            type.precision = *precision;
            type.intervalFields = *fields;
            return {};
        }
        {
            auto args = Args::bind(m_file, expr, display, {u"native", u"second_precision", u"day_precision"}, 0);
            if (!args)
                return std::unexpected(args.error());
            for (auto p : {u"native", u"second_precision", u"day_precision"}) {
                if (const PythonExpression *e = args->get(std::u16string_view(p)); e && !e->isNone() && e->kind != Kind::True)
                    return error(*e, QStringView(p).toString() + u" is not supported"_s);
            }
            return {};
        }
    case K::Json: {
        // astext_type only types the Python side of the ->> operator, and
        // none_as_null how a Python None is bound; neither is in the DDL.
        auto args = Args::bind(m_file, expr, display, {u"none_as_null", u"astext_type"}, 0);
        if (!args)
            return std::unexpected(args.error());
        if (const PythonExpression *t = args->get(u"astext_type")) {
            if (auto inner = readType(*t); !inner)
                return std::unexpected(inner.error());
        }
        if (const PythonExpression *n = args->get(u"none_as_null")) {
            auto b = values.boolean(n, u"none_as_null"_s);
            if (!b)
                return std::unexpected(b.error());
            type.noneAsNull = *b;
        }
        return {};
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
        return {};
    }
    default:
        // Args::bind() with nothing to bind, in its words: sa.Integer() and
        // the other bare types are most of a script's columns.
        if (expr.argumentCount() > 0) {
            const PythonExpression &arg = expr.argument(0);
            return fail(Error(m_file, arg.line, arg.column, display + u" takes at most 0 positional arguments"_s));
        }
        if (!expr.keywords.empty()) {
            const PythonKeyword &k = expr.keywords.front();
            return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
        }
        return {};
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
    } else if (c.isForeignKey() && k.name == u"use_alter") {
        auto b = values.optionalBool(&k.value, k.name);
        if (!b)
            return std::unexpected(b.error());
        c.useAlter = b->value_or(false);
    } else {
        *handled = false;
    }
    return {};
}

Result<Constraint> OperationReader::readForeignKey(const PythonExpression &expr, const QString &columnName) const
{
    const ConstructName display(expr.callee());
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

Status OperationReader::readColumn(const PythonExpression &expr, Column &column, ColumnExtras &extras) const
{
    const ConstructName display(expr.callee());
    if (expr.argumentCount() < 2)
        return error(expr, display + u" needs a name and a type"_s);
    const ValueReader values{m_file};
    auto name = values.string(&expr.argument(0), u"name"_s);
    if (!name)
        return std::unexpected(name.error());
    column.name = *name;
    if (auto s = readType(expr.argument(1), column.type); !s)
        return s;
    QList<Constraint> foreignKeys;
    const PythonExpression *identityAt = nullptr;
    for (size_t i = 2; i < expr.argumentCount(); ++i) {
        const PythonExpression &arg = expr.argument(i);
        if (arg.isCall()) {
            auto callee = resolve(arg.callee());
            if (!callee)
                return std::unexpected(callee.error());
            if (is(*callee, u"sqlalchemy.ForeignKey")) {
                auto fk = readForeignKey(arg, column.name);
                if (!fk)
                    return std::unexpected(fk.error());
                foreignKeys << *fk;
                continue;
            }
            if (is(*callee, u"sqlalchemy.Sequence") && column.sequence.isEmpty()) {
                auto seq = Args::bind(m_file, arg, ConstructName(arg.callee()), {u"name", u"optional"}, 1);
                if (!seq)
                    return error(arg, u"sa.Sequence() in a column is read with its name and optional= only"_s);
                auto name = values.string(seq->get(u"name"), u"name"_s);
                if (!name)
                    return std::unexpected(name.error());
                auto optional = values.optionalBool(seq->get(u"optional"), u"optional"_s);
                if (!optional)
                    return std::unexpected(optional.error());
                column.sequence = *name;
                column.sequenceOptional = optional->value_or(false);
                continue;
            }
            if (is(*callee, u"sqlalchemy.Identity") && !column.identity) {
                auto identity = Args::bind(m_file, arg, ConstructName(arg.callee()),
                                           {u"always", u"on_null", u"start", u"increment", u"minvalue", u"maxvalue",
                                            u"nominvalue", u"nomaxvalue", u"cycle", u"cache", u"order"},
                                           0);
                if (!identity)
                    return std::unexpected(identity.error());
                // always=None renders as False does; on_null is Oracle's.
                auto always = values.optionalBool(identity->get(u"always"), u"always"_s);
                if (!always)
                    return std::unexpected(always.error());
                auto options = identityOptions(m_file, *identity, false);
                if (!options)
                    return std::unexpected(options.error());
                column.identity = Column::Identity{always->value_or(false), *options};
                identityAt = &arg;
                continue;
            }
        }
        return error(arg, u"unsupported argument to "_s + display + u": "_s + arg.describe());
    }
    bool unique = false;
    for (const PythonKeyword &k : expr.keywords) {
        const PythonExpression *v = &k.value;
        if (is(k.name, u"nullable")) {
            auto b = values.optionalBool(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            if (b->has_value()) {
                column.nullable = **b;
                extras.nullableGiven = true;
            }
        } else if (is(k.name, u"primary_key")) {
            auto b = values.boolean(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            column.primaryKey = *b;
        } else if (is(k.name, u"autoincrement")) {
            if (v->kind == Kind::True)
                column.autoincrement = Column::Autoincrement::Yes;
            else if (v->kind == Kind::False)
                column.autoincrement = Column::Autoincrement::No;
            else if (v->isString() && v->text == u"auto"_s)
                column.autoincrement = Column::Autoincrement::Auto;
            else
                return values.expected(*v, u"True, False or 'auto'"_s, k.name);
        } else if (is(k.name, u"server_default")) {
            auto d = readServerDefault(*v);
            if (!d)
                return std::unexpected(d.error());
            column.serverDefault = *d;
        } else if (is(k.name, u"comment")) {
            auto s = values.optionalString(v, k.name);
            if (!s)
                return std::unexpected(s.error());
            column.comment = *s;
        } else if (is(k.name, u"unique")) {
            auto b = values.optionalBool(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            unique = b->value_or(false);
        } else if (is(k.name, u"index")) {
            auto b = values.optionalBool(v, k.name);
            if (!b)
                return std::unexpected(b.error());
            extras.index = b->value_or(false);
        } else if (is(k.name, u"default") || is(k.name, u"onupdate")) {
            // Python-side defaults: SQLAlchemy applies them to INSERT and
            // UPDATE statements it builds, never to DDL. The only statement
            // built on such a column here is op.bulk_insert() into the table
            // op.create_table() returned, which readLocalAssignment refuses.
        } else {
            return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
        }
    }
    if (identityAt) {
        // Identity._set_parent and Column._set_parent's checks, in SQLAlchemy's words.
        if (column.serverDefault)
            return error(*identityAt, u"ArgumentError: A column with an Identity object cannot specify a "
                                      u"server_default or a server_onupdate argument"_s);
        if (column.autoincrement == Column::Autoincrement::No)
            return error(*identityAt, u"ArgumentError: A column with an Identity object cannot specify "
                                      u"autoincrement=False"_s);
        if (!column.sequence.isEmpty())
            return error(*identityAt, u"ArgumentError: An column cannot specify both Identity and Sequence."_s);
    }
    if (!extras.nullableGiven)
        column.nullable = !column.primaryKey && !column.identity;
    // SQLAlchemy makes index=True, unique=True one unique index, not a
    // constraint. Attached to a table, a column adds its unique constraint,
    // then its type's CHECK, then its foreign keys, in that order.
    extras.unique = unique;
    if (unique && !extras.index)
        extras.constraints << Constraint::unique({column.name});
    if (auto check = typeConstraint(column))
        extras.constraints << *check;
    extras.constraints << foreignKeys;
    return {};
}

Status OperationReader::readTableConstraint(const PythonExpression &expr, const QString &resolved, Constraint &c) const
{
    const QString *callee = &resolved;
    const ConstructName display(expr.callee());
    const ValueReader values{m_file};
    if (is(*callee, u"sqlalchemy.PrimaryKeyConstraint") || is(*callee, u"sqlalchemy.UniqueConstraint")) {
        c.kind = is(*callee, u"sqlalchemy.UniqueConstraint") ? Constraint::Kind::Unique : Constraint::Kind::PrimaryKey;
        // Sized once: growing an empty list took its slow path.
        c.columns.reserve(qsizetype(expr.argumentCount()));
        for (size_t i = 0; i < expr.argumentCount(); ++i) {
            auto col = values.string(&expr.argument(i), u"columns"_s);
            if (!col)
                return std::unexpected(col.error());
            c.columns << *col;
        }
    } else if (*callee == u"sqlalchemy.ForeignKeyConstraint"_s) {
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
        if (sql) {
            c.sqlText = *sql;
        } else {
            auto condition = readExpression(expr.argument(0));
            if (!condition)
                return std::unexpected(expr.argument(0).isCall() ? condition.error() : sql.error());
            c.condition = *condition;
        }
    } else {
        return error(expr, u"unsupported argument to create_table(): "_s + expr.describe());
    }
    for (const PythonKeyword &k : expr.keywords) {
        bool handled = false;
        if (auto s = readConstraintOptions(k, c, &handled); !s)
            return std::unexpected(s.error());
        if (!handled && (c.isForeignKey() && k.name == u"match")) {
            auto m = ValueReader{m_file}.optionalString(&k.value, k.name);
            if (!m)
                return std::unexpected(m.error());
            c.match = *m;
            handled = true;
        }
        if (!handled) {
            static const QHash<Constraint::Kind, QString> classes = {
                {Constraint::Kind::PrimaryKey, u"PrimaryKeyConstraint"_s},
                {Constraint::Kind::Unique, u"UniqueConstraint"_s},
                {Constraint::Kind::ForeignKey, u"ForeignKeyConstraint"_s},
                {Constraint::Kind::Check, u"CheckConstraint"_s},
            };
            if (auto s = readDialectKeyword(k, classes.value(c.kind), nullptr, &c); !s)
                return std::unexpected(s.error());
        }
    }
    return {};
}


// ---- indexes, dialect options, executed statements ---------------------------

namespace {

// construct_arguments of SQLAlchemy 1.4's dialects, by construct: the
// keywords DialectKWArgs accepts as <dialect>_<name>.
bool knownDialectArgument(const QString &dialect, const QString &argument, const QString &construct)
{
    static const QHash<QString, QStringList> postgresql = {
        {u"Index"_s, {u"using"_s, u"include"_s, u"where"_s, u"ops"_s, u"concurrently"_s, u"with"_s, u"tablespace"_s}},
        {u"CheckConstraint"_s, {u"not_valid"_s}},
        {u"ForeignKeyConstraint"_s, {u"not_valid"_s}},
    };
    static const QHash<QString, QStringList> sqlite = {
        {u"Index"_s, {u"where"_s}},
        {u"PrimaryKeyConstraint"_s, {u"on_conflict"_s}},
        {u"UniqueConstraint"_s, {u"on_conflict"_s}},
        {u"CheckConstraint"_s, {u"on_conflict"_s}},
        {u"ForeignKeyConstraint"_s, {u"on_conflict"_s}},
    };
    static const QHash<QString, QStringList> mysql = {
        {u"Index"_s, {u"length"_s, u"prefix"_s, u"using"_s, u"with_parser"_s}},
    };
    static const QHash<QString, QStringList> mssql = {
        {u"Index"_s, {u"clustered"_s, u"include"_s, u"where"_s, u"columnstore"_s}},
        {u"PrimaryKeyConstraint"_s, {u"clustered"_s}},
        {u"UniqueConstraint"_s, {u"clustered"_s}},
    };
    static const QHash<QString, QStringList> oracle = {
        {u"Index"_s, {u"bitmap"_s, u"compress"_s}},
    };
    const QHash<QString, QStringList> *table = dialect == u"postgresql" ? &postgresql
        : dialect == u"sqlite"                                          ? &sqlite
        : dialect == u"mysql" || dialect == u"mariadb"                  ? &mysql
        : dialect == u"mssql"                                           ? &mssql
                                                                        : &oracle;
    return table->value(construct).contains(argument);
}

} // namespace

Status OperationReader::readDialectKeyword(const PythonKeyword &k, const QString &construct, Index *index,
                                           Constraint *constraint) const
{
    const qsizetype underscore = k.name.indexOf(u'_');
    if (underscore <= 0)
        return fail(Error(m_file, k.line, k.column,
                          u"TypeError: Additional arguments should be named <dialectname>_<argument>, got '%1'"_s.arg(k.name)));
    const QString dialect = k.name.left(underscore);
    const QString argument = k.name.mid(underscore + 1);
    static const QStringList dialects = {u"postgresql"_s, u"sqlite"_s, u"mysql"_s, u"mariadb"_s, u"mssql"_s, u"oracle"_s};
    // SQLAlchemy only warns about a prefix that names no dialect
    // (if_not_exists=True is "if" + "not_exists") and keeps the argument,
    // which no DDL uses.
    if (!dialects.contains(dialect))
        return {};
    if (!knownDialectArgument(dialect, argument, construct))
        return fail(Error(m_file, k.line, k.column,
                          u"ArgumentError: Argument '%1' is not accepted by dialect '%2' on behalf of <class "
                          u"'sqlalchemy.sql.schema.%3'>"_s.arg(k.name, dialect, construct)));
    if (dialect != u"postgresql" && dialect != u"sqlite")
        return {}; // another database's option: no effect on SQLite or PostgreSQL DDL
    const ValueReader values{m_file};
    const PythonExpression *v = &k.value;
    auto boolean = [&](bool &out) -> Status {
        auto b = values.optionalBool(v, k.name);
        if (!b)
            return std::unexpected(b.error());
        out = b->value_or(false);
        return {};
    };
    auto where = [&](std::optional<SqlExpression> &out) -> Status {
        if (v->isNone()) {
            out.reset();
            return {};
        }
        // coercions.expect(DDLExpressionRole): a string is SQL text.
        if (v->isString()) {
            auto sql = values.string(v, k.name);
            if (!sql)
                return std::unexpected(sql.error());
            out = SqlExpression::sqlText(*sql);
            return {};
        }
        auto e = readExpression(*v);
        if (!e)
            return std::unexpected(e.error());
        out = *e;
        return {};
    };
    if (constraint) {
        if (k.name == u"postgresql_not_valid")
            return boolean(constraint->postgresqlNotValid);
        // sqlite_on_conflict is SQLite's ON CONFLICT clause of a constraint.
        if (v->isNone())
            return {};
        return fail(Error(m_file, k.line, k.column, k.name + u" is not supported in a migration script"_s));
    }
    if (!index)
        return {};
    if (k.name == u"sqlite_where")
        return where(index->sqliteWhere);
    if (k.name == u"postgresql_where")
        return where(index->postgresqlWhere);
    if (k.name == u"postgresql_concurrently")
        return boolean(index->postgresqlConcurrently);
    if (k.name == u"postgresql_using" || k.name == u"postgresql_tablespace") {
        auto s = values.optionalString(v, k.name);
        if (!s)
            return std::unexpected(s.error());
        (k.name == u"postgresql_using" ? index->postgresqlUsing : index->postgresqlTablespace) = *s;
        return {};
    }
    if (k.name == u"postgresql_include") {
        if (v->isNone())
            return {};
        auto list = values.stringList(v, k.name);
        if (!list)
            return std::unexpected(list.error());
        index->postgresqlInclude = *list;
        return {};
    }
    if (k.name == u"postgresql_ops" || k.name == u"postgresql_with") {
        if (v->kind != Kind::Dict)
            return values.expected(*v, u"a dict"_s, k.name);
        QList<QPair<QString, QString>> pairs;
        for (size_t i = 0; i + 1 < v->items.size(); i += 2) {
            auto key = values.string(&v->items[i], k.name);
            if (!key)
                return std::unexpected(key.error());
            const PythonExpression &value = v->items[i + 1];
            QString text;
            // WITH (fillfactor = 50): the value as Python's "%s" writes it.
            if (value.kind == Kind::Integer || value.kind == Kind::Float)
                text = value.text;
            else if (value.kind == Kind::True || value.kind == Kind::False)
                text = value.kind == Kind::True ? u"True"_s : u"False"_s;
            else if (auto str = values.string(&value, k.name))
                text = *str;
            else
                return std::unexpected(str.error());
            pairs << qMakePair(*key, text);
        }
        (k.name == u"postgresql_ops" ? index->postgresqlOps : index->postgresqlWith) = pairs;
        return {};
    }
    return fail(Error(m_file, k.line, k.column, k.name + u" is not supported in a migration script"_s));
}

Result<SqlExpression> OperationReader::readIndexElement(const PythonExpression &expr) const
{
    // A string names a column (Alembic's _textual_index_column).
    if (expr.isString()) {
        auto name = ValueReader{m_file}.string(&expr, u"columns"_s);
        if (!name)
            return std::unexpected(name.error());
        return SqlExpression::column(*name);
    }
    return readExpression(expr);
}

Result<Index> OperationReader::readIndex(const PythonExpression &expr) const
{
    const ConstructName display(expr.callee());
    if (expr.argumentCount() < 1)
        return error(expr, display + u" needs a name"_s);
    Index index;
    auto name = readName(expr.argument(0), u"name"_s);
    if (!name)
        return std::unexpected(name.error());
    index.name = name->text;
    index.conventionName = name->convention;
    bool plain = true;
    for (size_t i = 1; i < expr.argumentCount(); ++i) {
        auto e = readIndexElement(expr.argument(i));
        if (!e)
            return std::unexpected(e.error());
        if (e->isColumn())
            index.columns << e->text;
        else
            plain = false;
        index.expressions.push_back(*e);
    }
    if (plain)
        index.expressions.clear();
    for (const PythonKeyword &k : expr.keywords) {
        if (k.name == u"unique") {
            auto b = ValueReader{m_file}.boolean(&k.value, k.name);
            if (!b)
                return std::unexpected(b.error());
            index.unique = *b;
        } else if (k.name == u"quote" || k.name == u"info" || k.name == u"_table") {
            return fail(Error(m_file, k.line, k.column, u"unsupported argument '"_s + k.name + u"' to "_s + display));
        } else if (auto s = readDialectKeyword(k, u"Index"_s, &index, nullptr); !s) {
            return std::unexpected(s.error());
        }
    }
    return index;
}

std::optional<Constraint> OperationReader::typeConstraint(const Column &column)
{
    // Enum._should_create_constraint / Boolean's: a CHECK of the values,
    // named as the type, where the type is not native.
    const SqlType &t = column.type;
    if (!t.createConstraint)
        return std::nullopt;
    std::vector<SqlExpression> values;
    Constraint::Rule rule = Constraint::Rule::Always;
    if (t.kind == SqlType::Kind::Enum) {
        for (const QString &v : t.enumValues)
            values.push_back(SqlExpression::literal(v, SqlType::string()));
        rule = t.nativeEnum ? Constraint::Rule::UnlessNativeEnum : Constraint::Rule::Always;
    } else if (t.kind == SqlType::Kind::Boolean) {
        values.push_back(SqlExpression::literal(false, SqlType::boolean()));
        values.push_back(SqlExpression::literal(true, SqlType::boolean()));
        rule = Constraint::Rule::UnlessNativeBoolean;
    } else {
        return std::nullopt;
    }
    Constraint c = Constraint::check(SqlExpression::binary(SqlExpression::column(column.name), SqlExpression::Operator::In,
                                                           SqlExpression::tuple(std::move(values))),
                                     t.enumName);
    c.rule = rule;
    c.typeConstraint = true;
    return c;
}

bool OperationReader::isBind(const PythonExpression &expr) const
{
    if (expr.isName())
        return m_localBinds.contains(expr.text);
    if (!expr.isCall() || expr.argumentCount() != 0 || !expr.keywords.empty())
        return false;
    auto path = resolve(expr.callee());
    return path && *path == u"alembic.op.get_bind";
}

Result<Operation> OperationReader::readTypeMethod(const PythonExpression &call) const
{
    const PythonExpression &callee = call.callee();
    const PythonExpression &owner = callee.items.front();
    const QString method = callee.text;
    if (!owner.isCall() || (method != u"create" && method != u"drop"))
        return error(call, u"unsupported statement: "_s + call.describe());
    auto type = readType(owner);
    if (!type)
        return std::unexpected(type.error());
    if (type->kind != SqlType::Kind::Enum)
        return error(call, u"."_s + method + u"() is only supported on an Enum type"_s);
    const QString display = u"."_s + method + u"()"_s;
    auto args = Args::bind(m_file, call, display, {u"bind", u"checkfirst"}, 1);
    if (!args)
        return std::unexpected(args.error());
    if (!isBind(*args->get(u"bind")))
        return error(*args->get(u"bind"), u"."_s + method + u"() needs op.get_bind() as its bind"_s);
    EnumTypeOp op;
    op.action = method == u"create" ? EnumTypeOp::Action::Create : EnumTypeOp::Action::Drop;
    // postgresql.ENUM.create/drop check first by default; sa.Enum's (SchemaType) do not.
    op.checkFirst = type->dialectModule == u"postgresql";
    if (const PythonExpression *c = args->get(u"checkfirst")) {
        auto b = ValueReader{m_file}.boolean(c, u"checkfirst"_s);
        if (!b)
            return std::unexpected(b.error());
        op.checkFirst = *b;
    }
    op.type = *type;
    return Operation{op, SourceLocation{m_file, call.line, call.column}};
}

// sa.schema.CreateSequence(sa.Sequence(...)) / DropSequence: SQLAlchemy 1.4's
// DDLCompiler, which ignores if_exists= / if_not_exists= for sequences and
// starts a sequence at the dialect's default_sequence_base (1) when start= is None.
Result<ExecuteOp> OperationReader::readSequenceDdl(const PythonExpression &expr, bool create) const
{
    const ValueReader values{m_file};
    const ConstructName display(expr.callee());
    auto args = Args::bind(m_file, expr, display, {u"element", u"on", u"bind", u"if_exists", u"if_not_exists"}, 1);
    if (!args)
        return std::unexpected(args.error());
    for (const PythonExpression *e : {args->get(u"on"), args->get(u"bind")})
        if (e && !e->isNone())
            return error(*e, u"on= and bind= of "_s + display + u" are not supported"_s);
    const PythonExpression &element = *args->get(u"element");
    QString elementPath;
    if (element.isCall()) {
        auto path = resolve(element.callee());
        if (!path)
            return std::unexpected(path.error());
        elementPath = *path;
    }
    if (elementPath != u"sqlalchemy.Sequence")
        return error(element, u"expected sa.Sequence(...) for 'element' but found "_s + element.describe());
    auto seq = Args::bind(m_file, element, ConstructName(element.callee()),
                          {u"name", u"start", u"increment", u"minvalue", u"maxvalue", u"nominvalue", u"nomaxvalue",
                           u"cycle", u"schema", u"cache", u"order", u"data_type", u"optional", u"quote", u"metadata",
                           u"quote_schema", u"for_update"},
                          1);
    if (!seq)
        return std::unexpected(seq.error());
    for (const PythonExpression *e : {seq->get(u"data_type"), seq->get(u"quote"), seq->get(u"metadata"),
                                      seq->get(u"quote_schema")})
        if (e && !e->isNone())
            return error(*e, u"data_type=, quote=, metadata= and quote_schema= of sa.Sequence() are not supported"_s);
    ExecuteOp op;
    op.kind = create ? ExecuteOp::Kind::CreateSequence : ExecuteOp::Kind::DropSequence;
    auto name = values.string(seq->get(u"name"), u"name"_s);
    if (!name)
        return std::unexpected(name.error());
    op.sequenceName = *name;
    auto schema = values.optionalString(seq->get(u"schema"), u"schema"_s);
    if (!schema)
        return std::unexpected(schema.error());
    op.schemaName = *schema;
    auto options = identityOptions(m_file, *seq, true);
    if (!options)
        return std::unexpected(options.error());
    op.sequenceOptions = *options;
    return op;
}

Result<ExecuteOp> OperationReader::readExecuted(const PythonExpression &expr) const
{
    const ValueReader values{m_file};
    ExecuteOp op;
    if (expr.isString()) {
        auto sql = values.string(&expr, u"sqltext"_s);
        if (!sql)
            return std::unexpected(sql.error());
        op.sql = *sql;
        return op;
    }
    if (!expr.isCall())
        return error(expr, u"expected SQL text, sa.text() or a statement for 'sqltext' but found "_s + expr.describe());
    const PythonExpression &callee = expr.callee();
    const QString written = callee.dottedName();
    const bool bound = !written.isEmpty() && m_bindings.contains(written.section(u'.', 0, 0));
    if (bound) {
        auto path = resolve(callee);
        if (!path)
            return std::unexpected(path.error());
        const ConstructName display(callee);
        if (*path == u"sqlalchemy.text") {
            auto sql = readSqlText(expr, u"sqltext"_s);
            if (!sql)
                return std::unexpected(sql.error());
            op.sql = *sql;
            return op;
        }
        if ((*path == u"sqlalchemy.CreateSchema" || *path == u"sqlalchemy.DropSchema")
            && m_bindings.value(written.section(u'.', 0, 0)) + QStringView(written).mid(written.indexOf(u'.'))
                   == *path)
            return error(callee, u"AttributeError: module 'sqlalchemy' has no attribute '"_s + path->mid(11)
                                     + u"'; it is sqlalchemy.schema."_s + path->mid(11));
        if (*path == u"sqlalchemy.CreateSchema" || *path == u"sqlalchemy.DropSchema") {
            const bool create = *path == u"sqlalchemy.CreateSchema";
            auto args = create ? Args::bind(m_file, expr, display, {u"name", u"quote"}, 1)
                               : Args::bind(m_file, expr, display, {u"name", u"quote", u"cascade"}, 1);
            if (!args)
                return std::unexpected(args.error());
            auto name = values.string(args->get(u"name"), u"name"_s);
            if (!name)
                return std::unexpected(name.error());
            if (const PythonExpression *q = args->get(u"quote"); q && !q->isNone())
                return error(*q, u"quote= is not supported"_s);
            op.kind = create ? ExecuteOp::Kind::CreateSchema : ExecuteOp::Kind::DropSchema;
            op.schemaName = *name;
            if (!create) {
                if (const PythonExpression *c = args->get(u"cascade")) {
                    auto b = values.boolean(c, u"cascade"_s);
                    if (!b)
                        return std::unexpected(b.error());
                    op.cascade = *b;
                }
            }
            return op;
        }
        if (*path == u"sqlalchemy.CreateSequence" || *path == u"sqlalchemy.DropSequence")
            return readSequenceDdl(expr, *path == u"sqlalchemy.CreateSequence");
    }
    // sa.select(...).where(...) / t.select(): Alembic writes it as any
    // statement, with its values as literals.
    {
        const PythonExpression *base = &expr;
        while (base->isCall() && base->callee().kind == Kind::Attribute && base->callee().text == u"where")
            base = &base->callee().items.front();
        bool select = base->isCall() && base->callee().kind == Kind::Attribute && base->callee().text == u"select"
            && isTableClause(base->callee().items.front());
        if (!select && base->isCall()) {
            const auto path = resolve(base->callee());
            select = path && (*path == u"sqlalchemy.select" || *path == u"sqlalchemy.future.select");
        }
        if (select) {
            auto query = readExpression(expr);
            if (!query)
                return std::unexpected(query.error());
            DmlStatement dml;
            dml.verb = DmlStatement::Verb::Select;
            dml.query = std::move(*query);
            op.kind = ExecuteOp::Kind::Dml;
            op.dml = std::move(dml);
            return op;
        }
    }
    // A chain on a table clause: t.insert().values(...), t.update().where(...).values(...),
    // t.delete().where(...), sa.table(...).update()..., sa.text(...).bindparams(...).
    std::vector<const PythonExpression *> chain; // outermost first
    const PythonExpression *at = &expr;
    while (at->isCall() && at->callee().kind == Kind::Attribute
           && (at->callee().dottedName().isEmpty() || !m_bindings.contains(at->callee().dottedName().section(u'.', 0, 0)))) {
        chain.push_back(at);
        at = &at->callee().items.front();
    }
    if (chain.empty())
        return error(expr, u"expected SQL text, sa.text() or a statement for 'sqltext' but found "_s + expr.describe());
    const PythonExpression &verbCall = *chain.back();
    const QString verb = verbCall.callee().text;
    if (verb == u"bindparams") {
        auto text = readExpression(expr);
        if (!text)
            return std::unexpected(text.error());
        op.sql = text->text;
        op.bindValues = text->bindValues;
        return op;
    }
    if (verb != u"insert" && verb != u"update" && verb != u"delete")
        return error(verbCall, u"op.execute() of ."_s + verb + u"() is not supported"_s);
    if (verbCall.argumentCount() != 0 || !verbCall.keywords.empty())
        return error(verbCall, u"."_s + verb + u"() takes no arguments here; use .where() and .values()"_s);
    auto table = readTableClause(*at);
    if (!table)
        return std::unexpected(table.error());
    DmlStatement dml;
    dml.verb = verb == u"insert" ? DmlStatement::Verb::Insert
        : verb == u"update"      ? DmlStatement::Verb::Update
                                 : DmlStatement::Verb::Delete;
    dml.tableName = table->tableName;
    dml.schema = table->schema;
    dml.columns = table->columns;
    auto typeOf = [&](const QString &name) {
        for (const Column &c : dml.columns) {
            if (c.name == name)
                return c.type;
        }
        return SqlType();
    };
    // crud._create_bind_param: a plain value for a column is bound with
    // exactly that column's type (an untyped sa.column() cannot render one).
    auto readValue = [&](const PythonExpression &e, const QString &column) -> Result<SqlExpression> {
        // A list or tuple is a Python value bound as it is (a JSON column's
        // array, psycopg2's ARRAY), not an IN list.
        if (e.isSequence()) {
            if (auto json = jsonLiteral(e)) {
                json->type = typeOf(column);
                return *json;
            }
        }
        auto value = readExpression(e);
        if (value && value->kind == SqlExpression::Kind::Value && !e.isCall())
            value->type = typeOf(column);
        if (value && value->kind == SqlExpression::Kind::NullConstant && !e.isCall())
            return SqlExpression::literal(QVariant(), typeOf(column)); // None
        return value;
    };
    auto readRow = [&](const PythonExpression &dict) -> Result<QList<QPair<QString, SqlExpression>>> {
        QList<QPair<QString, SqlExpression>> row;
        for (size_t i = 0; i + 1 < dict.items.size(); i += 2) {
            auto key = values.string(&dict.items[i], u"values"_s);
            if (!key)
                return std::unexpected(key.error());
            auto value = readValue(dict.items[i + 1], *key);
            if (!value)
                return std::unexpected(value.error());
            row << qMakePair(*key, *value);
        }
        return row;
    };
    for (auto it = chain.rbegin() + 1; it != chain.rend(); ++it) {
        const PythonExpression &call = **it;
        const QString method = call.callee().text;
        if (method == u"where") {
            if (dml.verb == DmlStatement::Verb::Insert)
                return error(call, u"an insert() has no .where()"_s);
            std::vector<SqlExpression> clauses;
            if (dml.where)
                clauses.push_back(*dml.where);
            for (size_t i = 0; i < call.argumentCount(); ++i) {
                auto c = readExpression(call.argument(i));
                if (!c)
                    return std::unexpected(c.error());
                clauses.push_back(*c);
            }
            if (!call.keywords.empty() || call.argumentCount() == 0)
                return error(call, u".where() takes one or more conditions"_s);
            dml.where = clauses.size() == 1 ? clauses.front()
                                            : SqlExpression::booleanList(SqlExpression::Operator::And, std::move(clauses));
        } else if (method == u"values") {
            if (dml.verb == DmlStatement::Verb::Delete)
                return error(call, u"a delete() has no .values()"_s);
            if (!dml.rows.isEmpty())
                return error(call, u".values() is given twice"_s);
            if (call.argumentCount() == 1 && call.argument(0).kind == Kind::Dict && call.keywords.empty()) {
                auto row = readRow(call.argument(0));
                if (!row)
                    return std::unexpected(row.error());
                dml.rows << *row;
            } else if (call.argumentCount() == 1 && call.argument(0).kind == Kind::List && call.keywords.empty()
                       && dml.verb == DmlStatement::Verb::Insert) {
                for (const PythonExpression &d : call.argument(0).items) {
                    if (d.kind != Kind::Dict)
                        return error(d, u"expected a dict of values but found "_s + d.describe());
                    auto row = readRow(d);
                    if (!row)
                        return std::unexpected(row.error());
                    dml.rows << *row;
                }
            } else if (call.argumentCount() == 0) {
                QList<QPair<QString, SqlExpression>> row;
                for (const PythonKeyword &k : call.keywords) {
                    auto value = readValue(k.value, k.name);
                    if (!value)
                        return std::unexpected(value.error());
                    row << qMakePair(k.name, *value);
                }
                dml.rows << row;
            } else {
                return error(call, u".values() takes name=value arguments, a dict, or (for insert) a list of dicts"_s);
            }
        } else {
            return error(call, u"the method ."_s + method + u"() of a statement is not supported"_s);
        }
    }
    op.kind = ExecuteOp::Kind::Dml;
    op.dml = dml;
    return op;
}

// ---- operations ------------------------------------------------------------

namespace {

bool isNotSupportedOpFunction(QStringView f)
{
    static constexpr std::u16string_view names[] = {
        u"get_bind", u"get_context", u"inline_literal", u"create_exclude_constraint", u"run_async", u"invoke", u"implementation_for",
        u"register_operation", u"f", u"migration_context", u"impl", u"alter_table",
    };
    for (auto n : names)
        if (PythonToken::same(f, QStringView(n)))
            return true;
    return false;
}

bool isSupportedOpFunction(QStringView f, bool batch)
{
    static constexpr std::u16string_view both[] = {
        u"add_column", u"drop_column", u"alter_column", u"create_index", u"drop_index",
        u"create_unique_constraint", u"create_foreign_key", u"create_check_constraint",
        u"create_primary_key", u"drop_constraint", u"execute", u"bulk_insert", u"create_table_comment",
        u"drop_table_comment",
    };
    static constexpr std::u16string_view opOnly[] = {u"create_table", u"drop_table", u"rename_table"};
    for (auto n : both)
        if (PythonToken::same(f, QStringView(n)))
            return true;
    if (!batch)
        for (auto n : opOnly)
            if (PythonToken::same(f, QStringView(n)))
                return true;
    return false;
}

} // namespace

Result<Operation> OperationReader::readStatementCall(const PythonExpression &call, const BatchAlterTableOp *batch,
                                                    const QString &batchAlias) const
{
    m_batchAlias = batch ? batchAlias : QString();
    const PythonExpression &callee = call.callee();
    // Whether the callee has a dotted name (a Name, or attributes on one),
    // found without spelling it: only an error message needs the spelling.
    const PythonExpression *root = &callee;
    while (root->kind == Kind::Attribute)
        root = &root->items.front();
    const bool dotted = root->kind == Kind::Name && !root->text.isEmpty();
    if (!dotted && callee.kind == Kind::Attribute && callee.items.front().isCall()
        && (callee.text == u"create" || callee.text == u"drop")) {
        const QString owner = callee.items.front().callee().dottedName();
        if (!owner.isEmpty() && m_bindings.contains(owner.section(u'.', 0, 0))) {
            auto path = resolve(callee.items.front().callee());
            if (path && !path->startsWith(u"alembic."))
                return readTypeMethod(call); // sa.Enum(...).create(op.get_bind())
        }
    }
    if (!dotted) {
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
    const QString &head = root->text;
    if (!m_bindings.contains(head) && !(batch && head == batchAlias))
        return error(call, u"call to unknown function '"_s + callee.dottedName() + u"'"_s);
    auto path = resolve(callee);
    if (!path)
        return std::unexpected(path.error());
    QStringView function;
    const bool viaBatch = hasPrefix(*path, u"<batch>.");
    if (viaBatch)
        function = QStringView(*path).mid(8);
    else if (hasPrefix(*path, u"alembic.op."))
        function = QStringView(*path).mid(11);
    else
        return error(call, callee.writtenName() + u"() is not an operation"_s);
    if (hasDot(function))
        return error(call, callee.writtenName() + u"() is not an operation"_s);
    const ConstructName display(callee);
    if (function == u"batch_alter_table"_s)
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
    const ConstructName display(call.callee());
    if (*path != u"alembic.op.batch_alter_table")
        return error(call, u"a with statement must use op.batch_alter_table(), not "_s + display);
    auto args = Args::bind(m_file, call, display, {u"table_name", u"schema", u"recreate", u"table_kwargs"}, 1);
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
    if (const PythonExpression *kwargs = args->get(u"table_kwargs")) {
        if (kwargs->kind != Kind::Dict)
            return values.expected(*kwargs, u"a dict"_s, u"table_kwargs"_s);
        for (size_t i = 0; i + 1 < kwargs->items.size(); i += 2) {
            auto key = values.string(&kwargs->items[i], u"table_kwargs"_s);
            if (!key)
                return std::unexpected(key.error());
            if (*key != u"sqlite_autoincrement")
                return error(kwargs->items[i], u"table_kwargs: '%1' is not supported in a migration script"_s.arg(*key));
            auto on = values.boolean(&kwargs->items[i + 1], *key);
            if (!on)
                return std::unexpected(on.error());
            batch.sqliteAutoincrement = *on;
        }
    }
    return batch;
}

Result<CreateTableOp> OperationReader::readCreateTable(const PythonExpression &call, const ConstructName &display) const
{
    auto args = Args::bind(m_file, call, display, {u"table_name", u"schema", u"comment", u"sqlite_autoincrement"}, 1, true);
    if (!args)
        return std::unexpected(args.error());
    const ValueReader values{m_file};
    CreateTableOp op;
    Table &t = op.table;
    if (const PythonExpression *autoincrement = args->get(u"sqlite_autoincrement")) {
        auto on = values.boolean(autoincrement, u"sqlite_autoincrement"_s);
        if (!on)
            return std::unexpected(on.error());
        t.sqliteAutoincrement = *on;
    }
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

    // extras[i] is t.columns[i]'s. Inline storage: a table of a few
    // columns needs no allocation for them.
    QVarLengthArray<ColumnExtras, 8> extras;
    QList<Index> indexArgs;
    bool explicitPrimaryKey = false;
    // Sized once: a Column is large and not relocatable, and every growth
    // of the list moves all of them. To the arguments called Column only:
    // the simulated schema keeps the list, spare room included (a Column
    // under an alias costs one growth, nothing else).
    t.columns.reserve(std::ranges::count_if(args->rest, [](const PythonExpression *a) {
        return a->isCall() && QStringView(a->callee().text) == u"Column";
    }));
    for (const PythonExpression *arg : args->rest) {
        if (!arg->isCall())
            return error(*arg, u"unsupported argument to "_s + display + u": "_s + arg->describe());
        auto callee = resolve(arg->callee());
        if (!callee)
            return std::unexpected(callee.error());
        if (is(*callee, u"sqlalchemy.Index")) {
            auto index = readIndex(*arg);
            if (!index)
                return std::unexpected(index.error());
            indexArgs << *index;
            continue;
        }
        if (is(*callee, u"sqlalchemy.Column")) {
            // Read in place: a Column moved is a dozen strings and lists moved.
            Column &column = t.columns.emplace_back();
            if (auto s = readColumn(*arg, column, extras.emplace_back()); !s)
                return std::unexpected(s.error());
            inheritSchema(column.type, t.schema);
            for (qsizetype i = 0; i + 1 < t.columns.size(); ++i) {
                if (t.columns.at(i).name == column.name)
                    return error(*arg, u"column '"_s + column.name + u"' is declared twice"_s);
            }
        } else {
            Constraint &c = t.constraints.emplace_back();
            if (auto s = readTableConstraint(*arg, *callee, c); !s)
                return std::unexpected(s.error());
            if (c.isPrimaryKey()) {
                if (explicitPrimaryKey)
                    return error(*arg, display + u" has two primary key constraints"_s);
                explicitPrimaryKey = true;
            }
        }
    }
    // Column-level declarations, attached to the table as SQLAlchemy does.
    QStringList pkColumns;
    for (qsizetype i = 0; i < extras.size(); ++i) {
        const ColumnExtras &spec = extras.at(i);
        const Column &column = t.columns.at(i);
        if (column.primaryKey)
            pkColumns << column.name;
        t.constraints << spec.constraints;
        if (spec.index)
            t.indexes << Index{QString(), false, {column.name}, spec.unique};
    }
    // Table.indexes is a Python set: Alembic creates the indexes in an order
    // that changes from run to run. Declaration order is one of them.
    t.indexes << indexArgs;
    if (const Constraint *pk = t.primaryKey()) {
        const QStringList columns = pk->columns;
        for (qsizetype i = 0; i < t.columns.size(); ++i) {
            Column &column = t.columns[i];
            if (!columns.contains(column.name))
                continue;
            column.primaryKey = true;
            if (!extras.at(i).nullableGiven)
                column.nullable = false;
        }
    } else if (!pkColumns.isEmpty()) {
        t.constraints.prepend(Constraint::primaryKey(pkColumns));
    }
    return op;
}

bool OperationReader::isTableClause(const PythonExpression &expr) const
{
    if (expr.isName())
        return m_localTables.contains(expr.text);
    if (!expr.isCall())
        return false;
    const auto path = resolve(expr.callee());
    return path && (*path == u"sqlalchemy.table" || *path == u"sqlalchemy.Table" || *path == u"sqlalchemy.schema.Table");
}

Result<BulkInsertOp> OperationReader::readTableClause(const PythonExpression &expr) const
{
    if (expr.isName()) {
        const auto it = m_localTables.constFind(expr.text);
        if (it != m_localTables.cend())
            return *it;
        if (m_pythonDefaultTables.contains(expr.text))
            return error(expr, u"rows for a table whose columns have Python-side defaults (Column(default=...)): "
                               u"petmigrate does not fill the values SQLAlchemy would"_s);
    }
    if (!expr.isCall())
        return error(expr, u"expected sa.table(...) but found "_s + expr.describe());
    auto callee = resolve(expr.callee());
    if (!callee)
        return std::unexpected(callee.error());
    const ConstructName display(expr.callee());
    if (*callee == u"sqlalchemy.Table" || *callee == u"sqlalchemy.schema.Table")
        return readSchemaTableClause(expr);
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
        auto colArgs = Args::bind(m_file, *arg, ConstructName(arg->callee()), {u"text", u"type_"}, 1);
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

Result<BulkInsertOp> OperationReader::readSchemaTableClause(const PythonExpression &expr) const
{
    // A Table is a TableClause: its name, schema= and its Column(name, type)s
    // (constraints and indexes take no part in a statement).
    const ValueReader values{m_file};
    if (expr.argumentCount() < 1)
        return error(expr, u"sa.Table() needs a name"_s);
    auto name = values.string(&expr.argument(0), u"name"_s);
    if (!name)
        return std::unexpected(name.error());
    BulkInsertOp op;
    op.tableName = *name;
    if (const PythonKeyword *k = expr.keyword(u"schema"); k && !k->value.isNone()) {
        auto schema = values.string(&k->value, u"schema"_s);
        if (!schema)
            return std::unexpected(schema.error());
        op.schema = *schema;
    }
    for (size_t i = 2; i < expr.argumentCount(); ++i) {
        const PythonExpression &arg = expr.argument(i);
        auto c = arg.isCall() ? resolve(arg.callee()) : Result<QString>(QString());
        if (!c || (*c != u"sqlalchemy.Column" && *c != u"sqlalchemy.schema.Column"))
            continue;
        if (arg.argumentCount() < 1 || !arg.argument(0).isString())
            return error(arg, u"a Column of a table a statement writes needs its name first"_s);
        if (arg.keyword(u"default") || arg.keyword(u"onupdate"))
            return error(arg, u"rows for a table whose columns have Python-side defaults (Column(default=...)): "
                              u"petmigrate does not fill the values SQLAlchemy would"_s);
        Column column;
        column.name = arg.argument(0).text;
        const PythonKeyword *typeKeyword = arg.keyword(u"type_");
        const PythonExpression *type = arg.argumentCount() > 1 && !arg.argument(1).isCall()
                && !arg.argument(1).isString() ? &arg.argument(1) : nullptr;
        if (arg.argumentCount() > 1 && arg.argument(1).isCall()) {
            // Column('x', sa.Integer(), sa.ForeignKey(...)): a call is a type unless it is a ForeignKey.
            const auto second = resolve(arg.argument(1).callee());
            if (second && !second->endsWith(u".ForeignKey") && !second->endsWith(u".Sequence"))
                type = &arg.argument(1);
        }
        if (typeKeyword)
            type = &typeKeyword->value;
        if (type) {
            auto t = readType(*type);
            if (!t)
                return std::unexpected(t.error());
            column.type = *t;
        }
        op.columns << column;
    }
    return op;
}

Result<BulkInsertOp> OperationReader::readBulkInsert(const PythonExpression &call, const ConstructName &display) const
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
    if (*callee == u"alembic.op.get_bind" && value.argumentCount() == 0 && value.keywords.empty()) {
        m_localBinds.insert(name);
        m_localTables.remove(name);
        return R();
    }
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
        m_pythonDefaultTables.remove(name);
        m_localBinds.remove(name);
        return R();
    }
    if (*callee == u"alembic.op.create_table") {
        auto op = readStatementCall(value, nullptr, {});
        if (!op)
            return std::unexpected(op.error());
        // A Column(default=...) would fill the rows a bulk_insert() into this
        // table leaves out, which the BulkInsertOp does not model: the table
        // is created, and using it for rows is refused (not a local table).
        for (size_t i = 1; i < value.argumentCount(); ++i) {
            const PythonExpression &arg = value.argument(i);
            const bool pythonDefault = arg.isCall() && std::any_of(arg.keywords.cbegin(), arg.keywords.cend(),
                [](const PythonKeyword &k) { return k.name == u"default" || k.name == u"onupdate"; });
            if (pythonDefault) {
                m_localTables.remove(name);
                m_pythonDefaultTables.insert(name);
                return R(std::move(*op));
            }
        }
        m_pythonDefaultTables.remove(name);
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

Result<Operation> OperationReader::readOperation(QStringView f, const PythonExpression &call,
                                                 const BatchAlterTableOp *batch) const
{
    const ConstructName display(call.callee());
    const ValueReader values{m_file};
    const bool inBatch = batch != nullptr;
    auto str = [&](const Args &a, ParamName p) { return values.string(a.get(p), QStringView(p.view).toString()); };
    auto optStr = [&](const Args &a, ParamName p) {
        return values.optionalString(a.get(p), QStringView(p.view).toString());
    };
#define PM_TRY(var, expr)                                                                                       \
    auto var = (expr);                                                                                          \
    if (!var)                                                                                                   \
        return std::unexpected(var.error());

    if (f == u"create_table") {
        PM_TRY(op, readCreateTable(call, display));
        return Operation{std::move(*op)};
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
                if (const PythonExpression *e = a->get(std::u16string_view(p)); e && !e->isNone())
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
        ColumnExtras extras;
        if (auto s = readColumn(col, op.column, extras); !s)
            return std::unexpected(s.error());
        inheritSchema(op.column.type, op.schema);
        if (extras.index && extras.unique)
            return error(col, u"unique=True with index=True is not supported in "_s + display
                                  + u"; use a unique create_index()"_s);
        op.constraints = extras.constraints;
        op.index = extras.index;
        return Operation{op};
    }
    if (f == u"drop_column") {
        PM_TRY(a, inBatch ? Args::bind(m_file, call, display, {u"column_name", u"existing_type"}, 1)
                          : Args::bind(m_file, call, display, {u"table_name", u"column_name", u"schema", u"existing_type"}, 2));
        DropColumnOp op;
        PM_TRY(column, str(*a, u"column_name"));
        op.columnName = *column;
        if (const PythonExpression *e = a->get(u"existing_type"); e && !e->isNone()) {
            PM_TRY(type, readType(*e));
            op.existingType = *type;
        }
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
                                        u"autoincrement", u"existing_autoincrement", u"postgresql_using"},
                                       1)
                          : Args::bind(m_file, call, display,
                                       {u"table_name", u"column_name", u"nullable", u"comment", u"server_default",
                                        u"new_column_name", u"type_", u"existing_type", u"existing_server_default",
                                        u"existing_nullable", u"existing_comment", u"schema", u"autoincrement",
                                        u"existing_autoincrement", u"postgresql_using"},
                                       2));
        AlterColumnOp op;
        PM_TRY(column, str(*a, u"column_name"));
        op.columnName = *column;
        if (inBatch) {
            for (auto p : {u"insert_before", u"insert_after"}) {
                if (const PythonExpression *e = a->get(std::u16string_view(p)); e && !e->isNone())
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
            const PythonExpression *e = a->get(std::u16string_view(p));
            if (!e || e->isNone())
                continue;
            PM_TRY(type, readType(*e));
            (std::u16string_view(p) == u"type_" ? op.type : op.existingType) = *type;
        }
        // server_default=False (the default) means "unchanged"; None drops it.
        for (auto p : {u"server_default", u"existing_server_default"}) {
            const PythonExpression *e = a->get(std::u16string_view(p));
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
        if (const PythonExpression *e = a->get(u"postgresql_using"); e && !e->isNone()) {
            PM_TRY(u, values.string(e, u"postgresql_using"_s));
            op.postgresqlUsing = *u;
        }
        return Operation{op};
    }
    if (f == u"create_index") {
        const auto [plain, extra] = withoutKeywords(call, {u"index_name", u"table_name", u"columns", u"schema", u"unique"});
        PM_TRY(a, inBatch ? Args::bind(m_file, plain, display, {u"index_name", u"columns", u"unique"}, 2)
                          : Args::bind(m_file, plain, display,
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
        bool plainColumns = true;
        for (const PythonExpression &c : columns.items) {
            PM_TRY(element, readIndexElement(c));
            if (element->isColumn())
                op.index.columns << element->text;
            else
                plainColumns = false;
            op.index.expressions.push_back(*element);
        }
        if (plainColumns)
            op.index.expressions.clear();
        if (const PythonExpression *u = a->get(u"unique")) {
            PM_TRY(b, values.boolean(u, u"unique"_s));
            op.index.unique = *b;
        }
        for (const PythonKeyword &k : extra) {
            if (auto s = readDialectKeyword(k, u"Index"_s, &op.index, nullptr); !s)
                return std::unexpected(s.error());
        }
        return Operation{op};
    }
    if (f == u"drop_index") {
        const auto [plain, extra] = withoutKeywords(call, {u"index_name", u"table_name", u"schema"});
        PM_TRY(a, inBatch ? Args::bind(m_file, plain, display, {u"index_name"}, 1)
                          : Args::bind(m_file, plain, display, {u"index_name", u"table_name", u"schema"}, 1));
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
        Index options;
        for (const PythonKeyword &k : extra) {
            if (auto s = readDialectKeyword(k, u"Index"_s, &options, nullptr); !s)
                return std::unexpected(s.error());
        }
        op.postgresqlConcurrently = options.postgresqlConcurrently;
        return Operation{op};
    }
    if (f == u"create_unique_constraint" || f == u"create_primary_key" || f == u"create_check_constraint") {
        const bool check = f == u"create_check_constraint";
        const bool unique = f == u"create_unique_constraint";
        const std::u16string_view third = check ? u"condition" : u"columns";
        const auto [plain, extra] = withoutKeywords(call, {u"constraint_name", u"table_name", third, u"schema",
                                                           u"deferrable", u"initially"});
        // create_primary_key takes no **kw.
        if (!unique && !check && !extra.empty())
            return fail(Error(m_file, extra.front().line, extra.front().column,
                              u"unsupported argument '"_s + extra.front().name + u"' to "_s + display));
        PM_TRY(a, inBatch ? Args::bind(m_file, plain, display, {u"constraint_name", third, u"deferrable", u"initially"}, 2)
                          : Args::bind(m_file, plain, display,
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
            const PythonExpression &condition = *a->get(u"condition");
            if (condition.isString() || (condition.isCall() && resolve(condition.callee()).value_or(QString()) == u"sqlalchemy.text")) {
                PM_TRY(sql, readSqlText(condition, u"condition"_s));
                c.sqlText = *sql;
            } else {
                PM_TRY(e, readExpression(condition));
                c.condition = *e;
            }
        } else {
            PM_TRY(columns, values.stringList(a->get(u"columns"), u"columns"_s));
            c.columns = *columns;
        }
        for (auto p : {u"deferrable", u"initially"}) {
            const PythonExpression *e = a->get(std::u16string_view(p));
            if (!e)
                continue;
            if (!unique && !check)
                return error(*e, u"unsupported argument '"_s + QStringView(p).toString() + u"' to "_s + display);
            bool handled = false;
            PythonKeyword k{QStringView(p).toString(), e->line, e->column, *e};
            if (auto s = readConstraintOptions(k, c, &handled); !s)
                return std::unexpected(s.error());
        }
        for (const PythonKeyword &k : extra) {
            if (auto s = readDialectKeyword(k, check ? u"CheckConstraint"_s : u"UniqueConstraint"_s, nullptr, &c); !s)
                return std::unexpected(s.error());
        }
        return Operation{op};
    }
    if (f == u"create_foreign_key") {
        const auto [plain, extra] = withoutKeywords(call, {u"constraint_name", u"source_table", u"referent_table",
                                                           u"local_cols", u"remote_cols", u"onupdate", u"ondelete",
                                                           u"deferrable", u"initially", u"match", u"source_schema",
                                                           u"referent_schema"});
        PM_TRY(a, inBatch ? Args::bind(m_file, plain, display,
                                       {u"constraint_name", u"referent_table", u"local_cols", u"remote_cols",
                                        u"referent_schema", u"onupdate", u"ondelete", u"deferrable", u"initially",
                                        u"match"},
                                       4)
                          : Args::bind(m_file, plain, display,
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
        PM_TRY(match, optStr(*a, u"match"));
        c.match = *match;
        for (const PythonKeyword &k : extra) {
            if (auto s = readDialectKeyword(k, u"ForeignKeyConstraint"_s, nullptr, &c); !s)
                return std::unexpected(s.error());
        }
        for (auto p : {u"onupdate", u"ondelete", u"deferrable", u"initially"}) {
            const PythonExpression *e = a->get(std::u16string_view(p));
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
        PM_TRY(a, Args::bind(m_file, call, display, {u"sqltext", u"execution_options"}, 1));
        if (const PythonExpression *e = a->get(u"execution_options"); e && !e->isNone())
            return error(*e, u"execution_options is not supported"_s);
        PM_TRY(executed, readExecuted(*a->get(u"sqltext")));
        return Operation{*executed};
    }
    if (f == u"create_table_comment" || f == u"drop_table_comment") {
        const bool create = f == u"create_table_comment";
        PM_TRY(a, inBatch ? (create ? Args::bind(m_file, call, display, {u"comment", u"existing_comment"}, 1)
                                    : Args::bind(m_file, call, display, {u"existing_comment"}, 0))
                          : (create ? Args::bind(m_file, call, display,
                                                 {u"table_name", u"comment", u"existing_comment", u"schema"}, 2)
                                    : Args::bind(m_file, call, display, {u"table_name", u"existing_comment", u"schema"}, 1)));
        QString table = inBatch ? batch->tableName : QString();
        QString schema = inBatch ? batch->schema : QString();
        if (!inBatch) {
            PM_TRY(t, str(*a, u"table_name"));
            PM_TRY(sc, optStr(*a, u"schema"));
            table = *t;
            schema = *sc;
        }
        std::optional<QString> existing;
        if (const PythonExpression *e = a->get(u"existing_comment"); e && !e->isNone()) {
            PM_TRY(x, values.string(e, u"existing_comment"_s));
            existing = *x;
        }
        if (!create)
            return Operation{DropTableCommentOp{table, schema, existing}};
        PM_TRY(comment, values.string(a->get(u"comment"), u"comment"_s));
        return Operation{CreateTableCommentOp{table, schema, *comment, existing}};
    }
    if (f == u"bulk_insert") {
        PM_TRY(op, readBulkInsert(call, display));
        return Operation{*op};
    }
#undef PM_TRY
    return error(call, u"unknown operation "_s + display);
}

} // namespace pm
