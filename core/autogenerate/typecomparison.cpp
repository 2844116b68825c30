#include "autogenerate/typecomparison.h"

#include <QRegularExpression>
#include <QStringList>

#include "dialect/dialect.h"
#include "dialect/sqlitedialect.h"

using namespace Qt::StringLiterals;

namespace pm::typecomparison {

namespace {

QString withLength(const QString &name, const std::optional<int> &length)
{
    return length ? name + u'(' + QString::number(*length) + u')' : name;
}

QString numericDdl(const QString &name, const SqlType &type)
{
    if (!type.precision)
        return name;
    if (!type.scale)
        return name + u'(' + QString::number(*type.precision) + u')';
    return name + u'(' + QString::number(*type.precision) + u", "_s + QString::number(*type.scale) + u')';
}

// DefaultImpl._tokenize_column_type's Params.
struct Params
{
    QString token0;
    QStringList tokens;
    QStringList args;
};

Params tokenize(const QString &ddl)
{
    static const QRegularExpression tokenRe(u"[\\w\\-_]+|\\(.+?\\)"_s);
    static const QRegularExpression termRe(u"[^(),]+"_s);
    Params params;
    QStringList terms;
    QString parenTerm;
    auto it = tokenRe.globalMatch(ddl.toLower());
    while (it.hasNext()) {
        const QString token = it.next().captured(0);
        if (token.startsWith(u'(') && token.endsWith(u')'))
            parenTerm = token;
        else
            terms << token;
    }
    if (!terms.isEmpty()) {
        params.token0 = terms.takeFirst();
        params.tokens = terms;
    }
    if (!parenTerm.isEmpty()) {
        auto termIt = termRe.globalMatch(parenTerm);
        while (termIt.hasNext()) {
            const QString term = termIt.next().captured(0);
            // key=value terms are kwargs, which Alembic never compares.
            if (!term.contains(u'='))
                params.args << term.trimmed();
        }
    }
    return params;
}

// DefaultImpl._column_types_match.
bool typesMatch(const Params &inspected, const Params &meta, const QList<QStringList> &synonyms)
{
    if (inspected.token0 == meta.token0)
        return true;
    const QString inspectedAll = (QStringList{inspected.token0} + inspected.tokens).join(u' ');
    const QString metaAll = (QStringList{meta.token0} + meta.tokens).join(u' ');
    for (const QStringList &batch : synonyms) {
        if ((batch.contains(inspectedAll) && batch.contains(metaAll))
            || (batch.contains(inspected.token0) && batch.contains(meta.token0)))
            return true;
    }
    return false;
}

bool argsMatch(const Params &inspected, const Params &meta)
{
    if (meta.tokens.size() == inspected.tokens.size() && meta.tokens != inspected.tokens)
        return false;
    if (meta.args.size() == inspected.args.size() && meta.args != inspected.args)
        return false;
    // Alembic lets an unspecified length on either side pass; a length the
    // model adds to the same type is a real change the user wants migrated
    // (not so across synonyms: DOUBLE PRECISION reflects without its 53).
    if (inspected.token0 == meta.token0 && inspected.args.isEmpty() && !meta.args.isEmpty())
        return false;
    return true;
}

QString stripQuotes(const QString &text)
{
    static const QRegularExpression quoted(u"^\"?'(.+)'\"?$"_s);
    const auto m = quoted.match(text);
    return m.hasMatch() ? m.captured(1) : text;
}

} // namespace

QString sqliteDdl(const SqlType &type)
{
    if (!type.upperName.isEmpty()) {
        switch (type.kind) {
        case SqlType::Kind::Numeric:
            return numericDdl(type.upperName, type);
        case SqlType::Kind::String:
        case SqlType::Kind::AutoString:
        case SqlType::Kind::Text:
        case SqlType::Kind::LargeBinary:
            return withLength(type.upperName, type.length);
        default:
            return type.upperName;
        }
    }
    switch (type.kind) {
    case SqlType::Kind::Integer: return u"INTEGER"_s;
    case SqlType::Kind::BigInteger: return u"BIGINT"_s;
    case SqlType::Kind::SmallInteger: return u"SMALLINT"_s;
    case SqlType::Kind::Boolean: return u"BOOLEAN"_s;
    case SqlType::Kind::Float: return u"FLOAT"_s;
    case SqlType::Kind::Numeric: return numericDdl(u"NUMERIC"_s, type);
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString: return withLength(u"VARCHAR"_s, type.length);
    case SqlType::Kind::Text: return withLength(u"TEXT"_s, type.length);
    case SqlType::Kind::Date: return u"DATE"_s;
    case SqlType::Kind::DateTime: return u"DATETIME"_s;
    case SqlType::Kind::Time: return u"TIME"_s;
    case SqlType::Kind::LargeBinary: return withLength(u"BLOB"_s, type.length);
    case SqlType::Kind::Enum: {
        // A non-native Enum is a VARCHAR as long as its longest value.
        qsizetype longest = 0;
        for (const QString &v : type.enumValues)
            longest = std::max(longest, v.size());
        return u"VARCHAR("_s + QString::number(longest) + u')';
    }
    case SqlType::Kind::Json: return u"JSON"_s;
    case SqlType::Kind::Uuid: return u"CHAR(32)"_s;
    case SqlType::Kind::Interval: return u"DATETIME"_s;
    case SqlType::Kind::Array: return u"ARRAY"_s; // SQLite cannot hold one; never reflected
    case SqlType::Kind::Other: return type.rawName;
    case SqlType::Kind::Null: return u"NULL"_s;
    }
    return {};
}

bool isNullType(const SqlType &type)
{
    return type.kind == SqlType::Kind::Null;
}

bool typesDiffer(const SqlType &reflected, const SqlType &model, const Dialect *dialect)
{
    const bool postgres = dialect && dialect->name() == u"postgresql"_s;
    const auto ddl = [&](const SqlType &type) {
        if (postgres) {
            if (const Result<QString> compiled = dialect->typeSql(type))
                return *compiled;
        }
        return sqliteDdl(type);
    };
    QList<QStringList> synonyms{{u"numeric"_s, u"decimal"_s}};
    if (postgres)
        synonyms.append({u"float"_s, u"double precision"_s});
    const Params inspected = tokenize(ddl(reflected));
    const Params meta = tokenize(ddl(model));
    return !typesMatch(inspected, meta, synonyms) || !argsMatch(inspected, meta);
}

bool hasStringAffinity(const SqlType &type)
{
    switch (type.kind) {
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString:
    case SqlType::Kind::Text:
    case SqlType::Kind::Enum:
    case SqlType::Kind::Uuid:
        return true;
    default:
        return false;
    }
}

bool isUnparenthesizedSqlExpression(const QString &sql)
{
    return SqliteDialect::isUnparenthesizedSqlExpression(sql);
}

ServerDefault normalizeReflectedDefault(const ServerDefault &reflected)
{
    const QString sql = reflected.sql();
    if (isUnparenthesizedSqlExpression(sql))
        return ServerDefault::expression(u'(' + sql + u')');
    return ServerDefault::expression(sql);
}

bool serverDefaultsDiffer(const std::optional<ServerDefault> &reflected, const std::optional<ServerDefault> &model,
                          const SqlType &modelType)
{
    std::optional<QString> renderedModel;
    if (model) {
        if (model->kind == ServerDefault::Kind::Literal && hasStringAffinity(modelType)) {
            static const QRegularExpression edgeQuote(u"^'|'$"_s);
            renderedModel = pythonStringRepr(QString(model->text).remove(edgeQuote));
        } else {
            renderedModel = model->text;
        }
        static const QRegularExpression parens(u"^\\((.+)\\)$"_s);
        const auto m = parens.match(*renderedModel);
        if (m.hasMatch())
            renderedModel = m.captured(1);
        renderedModel = stripQuotes(*renderedModel);
    }
    std::optional<QString> renderedReflected;
    if (reflected)
        renderedReflected = stripQuotes(reflected->sql());
    return renderedReflected != renderedModel;
}

} // namespace pm::typecomparison
