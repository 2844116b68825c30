#include "dialect/postgresdialect.h"

#include <algorithm>

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// PostgreSQL's NAMEDATALEN - 1, SQLAlchemy's max_identifier_length.
constexpr int kMaxIdentifierLength = 63;

// SQLAlchemy's LEGAL_CHARACTERS, ^[A-Z0-9_$]+$ with re.I on a str: Python's
// case-insensitive Unicode matching also lets these four letters through.
bool isLegalCharacter(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'$')
        return true;
    return u == 0x017F || u == 0x212A || u == 0x0131 || u == 0x0130;
}

// Python's "$" also matches before one final newline.
bool hasOnlyLegalCharacters(QStringView value)
{
    if (value.endsWith(u'\n'))
        value.chop(1);
    if (value.isEmpty())
        return false;
    return std::ranges::all_of(value, isLegalCharacter);
}

QString validatedPhrase(const QString &phrase, const QRegularExpression &allowed, const QString &pattern,
                        bool *ok)
{
    *ok = allowed.match(phrase).hasMatch();
    if (*ok)
        return phrase;
    return u"Unexpected SQL phrase: %1 (matching against %2)"_s.arg(pythonStringRepr(phrase),
                                                                     pythonStringRepr(pattern));
}

QString withLength(const QString &name, const std::optional<int> &length)
{
    // SQLAlchemy tests `if type_.length:`, so length 0 renders bare.
    if (length && *length != 0)
        return name + u'(' + QString::number(*length) + u')';
    return name;
}

QString numericSql(const QString &name, const SqlType &type)
{
    if (!type.precision)
        return name;
    if (!type.scale)
        return name + u'(' + QString::number(*type.precision) + u')';
    return name + u'(' + QString::number(*type.precision) + u", " + QString::number(*type.scale) + u')';
}

QString floatSql(const SqlType &type)
{
    if (!type.precision || *type.precision == 0)
        return u"FLOAT"_s;
    return u"FLOAT("_s + QString::number(*type.precision) + u')';
}

QString timeZoneSql(const QString &name, const SqlType &type)
{
    // visit_TIMESTAMP / visit_TIME: "TIMESTAMP(3) WITH TIME ZONE". The
    // generic DateTime has no precision; only postgresql.TIMESTAMP(precision=).
    const QString precision = type.precision && type.kind != SqlType::Kind::Float
        ? u'(' + QString::number(*type.precision) + u')' : QString();
    return name + precision + (type.timezone ? u" WITH TIME ZONE"_s : u" WITHOUT TIME ZONE"_s);
}

QString intervalSql(const SqlType &type)
{
    QString text = u"INTERVAL"_s;
    if (!type.intervalFields.isEmpty())
        text += u' ' + type.intervalFields;
    if (type.precision)
        text += u" ("_s + QString::number(*type.precision) + u')';
    return text;
}

// Integer and Numeric affinity: what Table._autoincrement_column accepts.
bool hasAutoincrementAffinity(const SqlType &type)
{
    switch (type.kind) {
    case SqlType::Kind::Integer:
    case SqlType::Kind::BigInteger:
    case SqlType::Kind::SmallInteger:
    case SqlType::Kind::Numeric:
    case SqlType::Kind::Float:
        return true;
    default:
        return false;
    }
}

// The type of a column whose PostgreSQL type SQLAlchemy creates with the
// table: a native Enum, or the Enum inside an ARRAY.
const SqlType *nativeEnumOf(const SqlType &type)
{
    if (type.kind == SqlType::Kind::Array && !type.itemType.empty())
        return nativeEnumOf(type.itemType.front());
    if (type.kind == SqlType::Kind::Enum && type.nativeEnum)
        return &type;
    return nullptr;
}

QString enumKey(const SqlType &type)
{
    return type.enumSchema + u'.' + type.enumName;
}

} // namespace

const QStringList &PostgresDialect::reservedWords()
{
    static const QStringList words = {
        u"all"_s, u"analyse"_s, u"analyze"_s, u"and"_s, u"any"_s, u"array"_s, u"as"_s, u"asc"_s,
        u"asymmetric"_s, u"authorization"_s, u"between"_s, u"binary"_s, u"both"_s, u"case"_s, u"cast"_s,
        u"check"_s, u"collate"_s, u"column"_s, u"constraint"_s, u"create"_s, u"cross"_s,
        u"current_catalog"_s, u"current_date"_s, u"current_role"_s, u"current_schema"_s,
        u"current_time"_s, u"current_timestamp"_s, u"current_user"_s, u"default"_s, u"deferrable"_s,
        u"desc"_s, u"distinct"_s, u"do"_s, u"else"_s, u"end"_s, u"except"_s, u"false"_s, u"fetch"_s,
        u"for"_s, u"foreign"_s, u"freeze"_s, u"from"_s, u"full"_s, u"grant"_s, u"group"_s, u"having"_s,
        u"ilike"_s, u"in"_s, u"initially"_s, u"inner"_s, u"intersect"_s, u"into"_s, u"is"_s, u"isnull"_s,
        u"join"_s, u"leading"_s, u"left"_s, u"like"_s, u"limit"_s, u"localtime"_s, u"localtimestamp"_s,
        u"natural"_s, u"new"_s, u"not"_s, u"notnull"_s, u"null"_s, u"of"_s, u"off"_s, u"offset"_s,
        u"old"_s, u"on"_s, u"only"_s, u"or"_s, u"order"_s, u"outer"_s, u"over"_s, u"overlaps"_s,
        u"placing"_s, u"primary"_s, u"references"_s, u"returning"_s, u"right"_s, u"select"_s,
        u"session_user"_s, u"similar"_s, u"some"_s, u"symmetric"_s, u"table"_s, u"then"_s, u"to"_s,
        u"trailing"_s, u"true"_s, u"union"_s, u"unique"_s, u"user"_s, u"using"_s, u"variadic"_s,
        u"verbose"_s, u"when"_s, u"where"_s, u"window"_s, u"with"_s,
    };
    return words;
}

PostgresDialect::PostgresDialect(bool backslashEscapes)
    : m_backslashEscapes(backslashEscapes)
{
}

std::unique_ptr<Dialect> PostgresDialect::offlineVariant() const
{
    return std::make_unique<PostgresDialect>(true);
}

QString PostgresDialect::stringLiteralSql(const QString &value) const
{
    QString escaped = value;
    escaped.replace(u"'"_s, u"''"_s);
    if (m_backslashEscapes)
        escaped.replace(u"\\"_s, u"\\\\"_s);
    return u'\'' + escaped + u'\'';
}

std::optional<QString> PostgresDialect::dialectFunctionSql(const QString &name, const QStringList &arguments) const
{
    // visit_substring_func
    if (name == u"substring" && arguments.size() >= 2)
        return u"SUBSTRING("_s + arguments[0] + u" FROM "_s + arguments[1]
            + (arguments.size() > 2 ? u" FOR "_s + arguments[2] : QString()) + u')';
    return std::nullopt;
}

std::optional<QString> PostgresDialect::dialectBinarySql(SqlExpression::Operator op, const QString &left,
                                                         const QString &right) const
{
    if (op == SqlExpression::Operator::ILike)
        return left + u" ILIKE "_s + right;
    if (op == SqlExpression::Operator::NotILike)
        return left + u" NOT ILIKE "_s + right;
    return std::nullopt;
}

QString PostgresDialect::name() const
{
    return u"postgresql"_s;
}

bool PostgresDialect::requiresQuotes(const QString &identifier) const
{
    if (identifier.isEmpty())
        return true;
    static const QSet<QString> reserved(reservedWords().cbegin(), reservedWords().cend());
    const QString lower = identifier.toLower();
    const QChar first = identifier.front();
    return reserved.contains(lower) || (first >= u'0' && first <= u'9') || first == u'$'
        || !hasOnlyLegalCharacters(identifier) || lower != identifier;
}

QString PostgresDialect::quoteIdentifier(const QString &identifier) const
{
    QString escaped = identifier;
    escaped.replace(u"\""_s, u"\"\""_s);
    return u'"' + escaped + u'"';
}

Result<QString> PostgresDialect::formatName(const QString &name, bool conventionName) const
{
    const auto codePoints = name.toUcs4();
    if (codePoints.size() > kMaxIdentifierLength) {
        if (!conventionName)
            return fail(u"Identifier '%1' exceeds maximum length of %2 characters"_s.arg(name).arg(kMaxIdentifierLength));
        const QString head = QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData()), kMaxIdentifierLength - 8);
        const QByteArray md5 = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Md5).toHex();
        return quote(head + u'_' + QString::fromLatin1(md5.right(4)));
    }
    return quote(name);
}

Result<QString> PostgresDialect::typeSql(const SqlType &type) const
{
    if (type.kind == SqlType::Kind::Other && !type.rawName.isEmpty())
        return type.rawName; // postgresql.INET, TSVECTOR, ... and reflected types
    if (type.kind == SqlType::Kind::Array) {
        if (type.itemType.empty())
            return fail(u"ARRAY needs an item type"_s);
        auto item = typeSql(type.itemType.front());
        if (!item)
            return item;
        // visit_ARRAY: the brackets go before a COLLATE clause.
        const QString brackets = QString(u"[]"_s).repeated(type.dimensions ? *type.dimensions : 1);
        const qsizetype collate = item->indexOf(u" COLLATE"_s);
        if (collate < 0)
            return QString(*item + brackets);
        return QString(item->left(collate) + brackets + item->mid(collate));
    }
    if (type.kind == SqlType::Kind::Enum && (!type.nativeEnum || type.upperName.isEmpty() || type.upperName == u"ENUM")) {
        if (!type.nativeEnum) {
            // A non-native Enum is a VARCHAR as long as its longest value.
            int longest = 0;
            for (const QString &v : type.enumValues)
                longest = std::max(longest, int(v.toUcs4().size()));
            return withLength(u"VARCHAR"_s, type.length ? type.length : std::optional<int>(longest));
        }
        // Native enum: the type is named, created separately (CREATE TYPE).
        if (type.enumName.isEmpty())
            return fail(u"PostgreSQL ENUM type requires a name."_s);
        return formatTable(type.enumName, type.enumSchema);
    }
    if (!type.upperName.isEmpty()) {
        // A reflected type keeps its SQL class: render what that class renders.
        const QString &upper = type.upperName;
        if (upper == u"VARCHAR" || upper == u"CHAR" || upper == u"NCHAR" || upper == u"NVARCHAR"
            || upper == u"TEXT")
            return withLength(upper, type.length);
        if (upper == u"NUMERIC" || upper == u"DECIMAL")
            return numericSql(upper, type);
        if (upper == u"FLOAT")
            return floatSql(type);
        if (upper == u"DOUBLE_PRECISION")
            return u"DOUBLE PRECISION"_s;
        if (upper == u"TIMESTAMP" || upper == u"TIME")
            return timeZoneSql(upper, type);
        if (upper == u"DATETIME")
            return timeZoneSql(u"TIMESTAMP"_s, type);
        if (upper == u"INTERVAL")
            return intervalSql(type);
        if (upper == u"BLOB" || upper == u"BINARY" || upper == u"VARBINARY")
            return u"BYTEA"_s;
        return upper;
    }
    switch (type.kind) {
    case SqlType::Kind::Integer: return u"INTEGER"_s;
    case SqlType::Kind::BigInteger: return u"BIGINT"_s;
    case SqlType::Kind::SmallInteger: return u"SMALLINT"_s;
    case SqlType::Kind::Boolean: return u"BOOLEAN"_s;
    case SqlType::Kind::Float: return floatSql(type);
    case SqlType::Kind::Numeric: return numericSql(u"NUMERIC"_s, type);
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString: return withLength(u"VARCHAR"_s, type.length);
    case SqlType::Kind::Text: return withLength(u"TEXT"_s, type.length);
    case SqlType::Kind::Date: return u"DATE"_s;
    case SqlType::Kind::DateTime: return timeZoneSql(u"TIMESTAMP"_s, type);
    case SqlType::Kind::Time: return timeZoneSql(u"TIME"_s, type);
    case SqlType::Kind::LargeBinary: return u"BYTEA"_s;
    case SqlType::Kind::Enum:
        return fail(u"unreachable: Enum is rendered above"_s);
    case SqlType::Kind::Json: return u"JSON"_s;
    case SqlType::Kind::Uuid: return u"UUID"_s; // SQLModel's GUID on PostgreSQL
    case SqlType::Kind::Interval: return intervalSql(type);
    case SqlType::Kind::Array: return fail(u"unreachable: ARRAY is rendered above"_s);
    case SqlType::Kind::Other:
        if (type.rawName.isEmpty())
            return fail(u"a column type is required on PostgreSQL"_s);
        return type.rawName;
    case SqlType::Kind::Null:
        return fail(u"Can't generate DDL for NullType(); did you forget to specify a type on this Column?"_s);
    }
    return fail(u"unknown column type"_s);
}

Result<QString> PostgresDialect::columnSpec(const Column &column, bool serial) const
{
    QString spec = quote(column.name);
    if (serial) {
        // PGDDLCompiler.get_column_specification: the type's class decides.
        if (column.type.kind == SqlType::Kind::BigInteger)
            spec += u" BIGSERIAL"_s;
        else if (column.type.kind == SqlType::Kind::SmallInteger)
            spec += u" SMALLSERIAL"_s;
        else
            spec += u" SERIAL"_s;
    } else {
        auto type = typeSql(column.type);
        if (!type)
            return fail(type.error());
        spec += u' ' + *type;
        if (column.serverDefault) {
            auto def = serverDefaultSql(*column.serverDefault);
            if (!def)
                return fail(def.error());
            spec += u" DEFAULT "_s + *def;
        }
    }
    // visit_identity_column; an identity column is NOT NULL by itself, so
    // SQLAlchemy says NULL where it is nullable and nothing where it is not.
    if (column.identity) {
        spec += column.identity->always ? u" GENERATED ALWAYS AS IDENTITY"_s : u" GENERATED BY DEFAULT AS IDENTITY"_s;
        if (!column.identity->options.isEmpty())
            spec += u" ("_s + column.identity->options + u')';
        if (column.nullable)
            spec += u" NULL"_s;
    } else if (!column.nullable) {
        spec += u" NOT NULL"_s;
    }
    return spec;
}

Result<QString> PostgresDialect::columnSpec(const Column &column) const
{
    Table alone;
    alone.columns = {column};
    return columnSpec(column, serialColumn(alone) != nullptr);
}

const Column *PostgresDialect::serialColumn(const Table &table) const
{
    QStringList pkColumns;
    if (const Constraint *pk = table.primaryKey()) {
        pkColumns = pk->columns;
    } else {
        for (const Column &c : table.columns) {
            if (c.primaryKey)
                pkColumns << c.name;
        }
    }
    auto hasForeignKey = [&table](const QString &name) {
        return std::ranges::any_of(table.constraints, [&name](const Constraint &c) {
            return c.isForeignKey() && c.columns.contains(name);
        });
    };
    const Column *found = nullptr;
    if (pkColumns.size() == 1) {
        const Column *c = table.column(pkColumns.front());
        if (!c)
            return nullptr;
        if (c->autoincrement == Column::Autoincrement::Yes)
            found = c;
        else if (c->autoincrement == Column::Autoincrement::Auto && hasAutoincrementAffinity(c->type)
                 && !c->serverDefault && !hasForeignKey(c->name))
            found = c;
        // A Sequence the column's default is: SERIAL only when it is optional.
        if (found && !found->sequence.isEmpty() && !found->sequenceOptional)
            found = nullptr;
    } else {
        for (const QString &name : pkColumns) {
            const Column *c = table.column(name);
            if (c && c->autoincrement == Column::Autoincrement::Yes) {
                found = c;
                break;
            }
        }
    }
    // With autoincrement=True a server default still suppresses SERIAL only
    // through column.default, which is not modelled; the type class is what
    // the DDL compiler checks next. An identity column is never SERIAL
    // (has_identity).
    if (found && found->identity)
        return nullptr;
    return found;
}

Result<QString> PostgresDialect::constraintSql(const Constraint &c) const
{
    auto quotedList = [this](const QStringList &names) {
        QStringList out;
        out.reserve(names.size());
        for (const QString &n : names)
            out << quote(n);
        return out.join(u", "_s);
    };

    QString text;
    if (!c.name.isEmpty()) {
        auto name = formatName(c.name, c.conventionName);
        if (!name)
            return fail(name.error());
        text += u"CONSTRAINT "_s + *name + u' ';
    }
    switch (c.kind) {
    case Constraint::Kind::PrimaryKey:
        text += u"PRIMARY KEY ("_s + quotedList(c.columns) + u')';
        break;
    case Constraint::Kind::Unique:
        text += u"UNIQUE ("_s + quotedList(c.columns) + u')';
        break;
    case Constraint::Kind::Check: {
        auto condition = c.condition ? expressionSql(*c.condition) : textSql(c.sqlText);
        if (!condition)
            return condition;
        text += u"CHECK ("_s + *condition + u')';
        break;
    }
    case Constraint::Kind::ForeignKey: {
        text += u"FOREIGN KEY("_s + quotedList(c.columns) + u") REFERENCES "_s
            + formatTable(c.referredTable, c.referredSchema) + u" ("_s + quotedList(c.referredColumns) + u')';
        if (!c.match.isEmpty())
            text += u" MATCH "_s + c.match;
        static const QString actionPattern = u"^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$"_s;
        static const QRegularExpression action(actionPattern, QRegularExpression::CaseInsensitiveOption);
        bool ok = true;
        if (!c.onDelete.isEmpty()) {
            const QString phrase = validatedPhrase(c.onDelete, action, actionPattern, &ok);
            if (!ok)
                return fail(phrase);
            text += u" ON DELETE "_s + phrase;
        }
        if (!c.onUpdate.isEmpty()) {
            const QString phrase = validatedPhrase(c.onUpdate, action, actionPattern, &ok);
            if (!ok)
                return fail(phrase);
            text += u" ON UPDATE "_s + phrase;
        }
        break;
    }
    }
    if (!c.deferrable.isEmpty())
        text += u' ' + c.deferrable;
    if (!c.initially.isEmpty()) {
        static const QString initiallyPattern = u"^(?:DEFERRED|IMMEDIATE)$"_s;
        static const QRegularExpression initially(initiallyPattern, QRegularExpression::CaseInsensitiveOption);
        bool ok = true;
        const QString phrase = validatedPhrase(c.initially, initially, initiallyPattern, &ok);
        if (!ok)
            return fail(phrase);
        text += u" INITIALLY "_s + phrase;
    }
    // _define_constraint_validity
    if (c.postgresqlNotValid && (c.isCheck() || c.isForeignKey()))
        text += u" NOT VALID"_s;
    return text;
}

Result<QString> PostgresDialect::createTable(const Table &table) const
{
    const Column *serial = serialColumn(table);
    QString text = u"\nCREATE TABLE "_s + formatTable(table.name, table.schema) + u" ("_s;
    QString separator = u"\n"_s;
    for (const Column &column : table.columns) {
        auto spec = columnSpec(column, serial == &column);
        if (!spec)
            return fail(u"(in table '%1', column '%2'): %3"_s.arg(table.name, column.name, spec.error().message));
        text += separator + u'\t' + *spec;
        separator = u", \n"_s;
    }

    // SQLAlchemy writes the primary key first, then the rest in creation order.
    QList<Constraint> ordered;
    Constraint pk;
    if (const Constraint *declared = table.primaryKey()) {
        pk = *declared;
    } else {
        QStringList pkColumns;
        for (const Column &column : table.columns) {
            if (column.primaryKey)
                pkColumns << column.name;
        }
        pk = Constraint::primaryKey(pkColumns);
    }
    // SQLAlchemy lists an implicit (column-flag) primary key with its
    // autoincrement column first (columns_autoinc_first); the model does not
    // say whether the key was explicit, and Alembic's create_table is
    // implicit, so that order is used.
    if (serial && pk.columns.size() > 1 && pk.columns.contains(serial->name)) {
        pk.columns.removeAll(serial->name);
        pk.columns.prepend(serial->name);
    }
    if (!pk.columns.isEmpty())
        ordered << pk;
    for (const Constraint &c : table.constraints) {
        if (!c.isPrimaryKey())
            ordered << c;
    }
    QStringList parts;
    for (const Constraint &c : ordered) {
        if (((c.isUnique() || c.isForeignKey()) && c.columns.isEmpty()) || !constraintApplies(c))
            continue;
        // CreateTable leaves use_alter foreign keys to a later ALTER TABLE
        // where the dialect has one (create_table_constraints); Alembic's
        // op.create_table issues no such ALTER, so the key is not created.
        if (c.isForeignKey() && c.useAlter)
            continue;
        auto sql = constraintSql(c);
        if (!sql)
            return fail(u"(in table '%1'): %2"_s.arg(table.name, sql.error().message));
        parts << *sql;
    }
    if (!parts.isEmpty())
        text += separator + u'\t' + parts.join(u", \n\t"_s);
    text += u"\n)\n\n"_s;
    return text;
}

QString PostgresDialect::dropTable(const QString &table, const QString &schema) const
{
    return u"\nDROP TABLE "_s + formatTable(table, schema);
}

Result<QString> PostgresDialect::createIndex(const QString &table, const Index &index, const QString &schema) const
{
    if (index.name.isEmpty())
        return fail(u"CREATE INDEX requires that the index have a name"_s);
    auto name = formatName(index.name, index.conventionName);
    if (!name)
        return fail(name.error());
    auto opsFor = [&index](const QString &column) -> QString {
        for (const auto &[key, opclass] : index.postgresqlOps) {
            if (key == column)
                return u' ' + opclass;
        }
        return QString();
    };
    QStringList expressions;
    if (index.hasExpressions()) {
        for (const SqlExpression &e : index.expressions) {
            // visit_create_index: expr.self_group() unless a plain column.
            auto sql = expressionSql(e, false, !e.isColumn());
            if (!sql)
                return sql;
            // ops are keyed by a column's name, or a text element's SQL (its key).
            const bool keyed = e.isColumn() || e.kind == SqlExpression::Kind::Text;
            expressions << *sql + (keyed ? opsFor(e.text) : QString());
        }
    } else {
        for (const QString &column : index.columns) {
            // Reflected expression indexes keep their SQL verbatim.
            expressions << (column.contains(u'(') ? column : quote(column) + opsFor(column));
        }
    }
    QString text = u"CREATE "_s;
    if (index.unique)
        text += u"UNIQUE "_s;
    text += u"INDEX "_s;
    if (index.postgresqlConcurrently)
        text += u"CONCURRENTLY "_s;
    // The index goes in the table's schema: PostgreSQL takes no schema on
    // the index name here.
    text += *name + u" ON "_s + formatTable(table, schema) + u' ';
    if (!index.postgresqlUsing.isEmpty()) {
        static const QString usingPattern = u"^(?:btree|hash|gist|gin|[\\w_]+)$"_s;
        static const QRegularExpression usingRe(usingPattern, QRegularExpression::CaseInsensitiveOption
                                                                   | QRegularExpression::UseUnicodePropertiesOption);
        bool ok = true;
        const QString phrase = validatedPhrase(index.postgresqlUsing, usingRe, usingPattern, &ok);
        if (!ok)
            return fail(phrase);
        text += u"USING "_s + phrase.toLower() + u' ';
    }
    text += u'(' + expressions.join(u", "_s) + u')';
    if (!index.postgresqlInclude.isEmpty()) {
        QStringList included;
        for (const QString &c : index.postgresqlInclude)
            included << quote(c);
        text += u" INCLUDE ("_s + included.join(u", "_s) + u')';
    }
    if (!index.postgresqlWith.isEmpty()) {
        QStringList parameters;
        for (const auto &[key, value] : index.postgresqlWith)
            parameters << key + u" = "_s + value;
        text += u" WITH ("_s + parameters.join(u", "_s) + u')';
    }
    if (!index.postgresqlTablespace.isEmpty())
        text += u" TABLESPACE "_s + quote(index.postgresqlTablespace);
    if (index.postgresqlWhere) {
        auto where = expressionSql(*index.postgresqlWhere);
        if (!where)
            return where;
        text += u" WHERE "_s + *where;
    }
    return text;
}

QString PostgresDialect::dropIndex(const QString &index, const QString &schema) const
{
    return dropIndex(index, schema, false);
}

QString PostgresDialect::dropIndex(const QString &index, const QString &schema, bool concurrently) const
{
    QString text = u"\nDROP INDEX "_s;
    if (concurrently)
        text += u"CONCURRENTLY "_s;
    if (!schema.isEmpty()) {
        QStringList parts;
        for (const QString &part : schema.split(u'.'))
            parts << quote(part);
        text += parts.join(u'.') + u'.';
    }
    return text + quote(index);
}

Result<QString> PostgresDialect::addColumn(const QString &table, const Column &column, const QString &schema) const
{
    auto spec = columnSpec(column);
    if (!spec)
        return fail(spec.error());
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" ADD COLUMN "_s + *spec;
}

QString PostgresDialect::dropColumn(const QString &table, const QString &column, const QString &schema) const
{
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" DROP COLUMN "_s + quote(column);
}

QString PostgresDialect::renameColumn(const QString &table, const QString &oldName, const QString &newName,
                                      const QString &schema) const
{
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" RENAME "_s + quote(oldName) + u" TO "_s
        + quote(newName);
}

QString PostgresDialect::renameTable(const QString &oldName, const QString &newName, const QString &schema) const
{
    // RENAME TO takes a bare name: the table stays in its schema.
    return u"ALTER TABLE "_s + formatTable(oldName, schema) + u" RENAME TO "_s + quote(newName);
}

Result<QString> PostgresDialect::addConstraint(const QString &table, const Constraint &constraint,
                                               const QString &schema) const
{
    auto sql = constraintSql(constraint);
    if (!sql)
        return fail(sql.error());
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" ADD "_s + *sql;
}

Result<QString> PostgresDialect::dropConstraint(const QString &table, const QString &constraintName,
                                                const QString &schema) const
{
    if (constraintName.isEmpty())
        return fail(u"Can't emit DROP CONSTRAINT for constraint Constraint(); it has no name"_s);
    auto name = formatName(constraintName, false);
    if (!name)
        return fail(name.error());
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" DROP CONSTRAINT "_s + *name;
}

Result<QStringList> PostgresDialect::alterColumn(const QString &table, const QString &column,
                                                 const ColumnAlteration &alteration, const QString &schema) const
{
    return alterColumn(table, column, alteration, QString(), schema);
}

Result<QStringList> PostgresDialect::alterColumn(const QString &table, const QString &column,
                                                 const ColumnAlteration &alteration, const QString &usingExpression,
                                                 const QString &schema) const
{
    if (!usingExpression.isEmpty() && !alteration.type)
        return fail(u"postgresql_using must be used with the type_ parameter"_s);
    const QString prefix = u"ALTER TABLE "_s + formatTable(table, schema) + u" ALTER COLUMN "_s + quote(column);
    QStringList out;
    if (alteration.type) {
        auto type = typeSql(*alteration.type);
        if (!type)
            return fail(type.error());
        // "%s %s %s %s" in Alembic: without USING the text ends in a space.
        out << prefix + u" TYPE "_s + *type + u' '
                + (usingExpression.isEmpty() ? QString() : u"USING "_s + usingExpression);
    }
    if (alteration.nullable)
        out << prefix + (*alteration.nullable ? u" DROP NOT NULL"_s : u" SET NOT NULL"_s);
    if (alteration.serverDefault) {
        const auto &def = *alteration.serverDefault;
        if (def) {
            auto sql = serverDefaultSql(*def);
            if (!sql)
                return std::unexpected(sql.error());
            out << prefix + u" SET DEFAULT "_s + *sql;
        } else {
            out << prefix + u" DROP DEFAULT"_s;
        }
    }
    // Alembic's ColumnComment for PostgreSQL, before the rename as it orders it.
    if (alteration.comment)
        out << columnCommentSql(table, column, *alteration.comment, schema);
    if (alteration.newName && *alteration.newName != column)
        out << renameColumn(table, column, *alteration.newName, schema);
    return out;
}

QString PostgresDialect::columnCommentSql(const QString &table, const QString &column, const QString &comment,
                                          const QString &schema) const
{
    return u"COMMENT ON COLUMN "_s + formatTable(table, schema) + u'.' + quote(column) + u" IS "_s
        + (comment.isEmpty() ? u"NULL"_s : stringLiteralSql(comment));
}

QString PostgresDialect::tableCommentSql(const QString &table, const QString &comment, const QString &schema) const
{
    return u"COMMENT ON TABLE "_s + formatTable(table, schema) + u" IS "_s
        + (comment.isEmpty() ? u"NULL"_s : stringLiteralSql(comment));
}

Result<QString> PostgresDialect::createEnumType(const SqlType &enumType) const
{
    if (enumType.enumName.isEmpty())
        return fail(u"PostgreSQL ENUM type requires a name."_s);
    QStringList values;
    for (const QString &v : enumType.enumValues)
        values << stringLiteralSql(v);
    return u"CREATE TYPE "_s + formatTable(enumType.enumName, enumType.enumSchema) + u" AS ENUM ("_s
        + values.join(u", "_s) + u')';
}

Result<QString> PostgresDialect::dropEnumType(const SqlType &enumType) const
{
    if (enumType.enumName.isEmpty())
        return fail(u"PostgreSQL ENUM type requires a name."_s);
    return u"DROP TYPE "_s + formatTable(enumType.enumName, enumType.enumSchema);
}

Result<QStringList> PostgresDialect::createTableStatements(const Table &table, QSet<QString> *createdEnums) const
{
    QStringList out;
    // The table's before_create event: each native Enum's CREATE TYPE, once
    // per (schema, name) for the whole run (the memo on Alembic's impl), and
    // never for postgresql.ENUM(create_type=False).
    QSet<QString> local;
    QSet<QString> &seen = createdEnums ? *createdEnums : local;
    for (const Column &column : table.columns) {
        const SqlType *e = nativeEnumOf(column.type);
        if (!e || !e->createType || seen.contains(enumKey(*e)))
            continue;
        seen.insert(enumKey(*e));
        auto sql = createEnumType(*e);
        if (!sql)
            return fail(u"(in table '%1', column '%2'): %3"_s.arg(table.name, column.name, sql.error().message));
        out << *sql;
    }
    auto create = createTable(table);
    if (!create)
        return fail(create.error());
    out << *create;
    for (const Index &index : table.indexes) {
        auto sql = createIndex(table.name, index, table.schema);
        if (!sql)
            return fail(sql.error());
        out << *sql;
    }
    if (!table.comment.isEmpty())
        out << tableCommentSql(table.name, table.comment, table.schema);
    for (const Column &column : table.columns) {
        if (!column.comment.isEmpty())
            out << columnCommentSql(table.name, column.name, column.comment, table.schema);
    }
    return out;
}

Result<QStringList> PostgresDialect::dropTableStatements(const Table &table) const
{
    QStringList out{dropTable(table.name, table.schema)};
    QSet<QString> seen;
    for (const Column &column : table.columns) {
        const SqlType *e = nativeEnumOf(column.type);
        if (!e || !e->createType || seen.contains(enumKey(*e)))
            continue;
        seen.insert(enumKey(*e));
        auto sql = dropEnumType(*e);
        if (!sql)
            return fail(sql.error());
        out << *sql;
    }
    return out;
}

} // namespace pm
