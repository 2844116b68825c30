#include "dialect/sqlitedialect.h"

#include <algorithm>
#include <memory>
#include <string>

#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

const QString kNoConstraintAlter =
    u"No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode feature "
    u"which allows for SQLite migrations using a copy-and-move strategy."_s;

// SQLAlchemy's LEGAL_CHARACTERS, ^[A-Z0-9_$]+$ with re.I on a str: Python's
// case-insensitive Unicode matching also lets these four letters through.
bool isLegalCharacter(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'$')
        return true;
    return u == 0x017F /* ſ */ || u == 0x212A /* Kelvin K */ || u == 0x0131 /* ı */ || u == 0x0130 /* İ */;
}

// Python's "$" also matches before one final newline, so "name\n" passes
// SQLAlchemy's legality check; keep that quirk so quoting stays identical.
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

int codePointLength(const QString &s)
{
    return int(s.toUcs4().size());
}

// QString::number() without the string it returns.
void appendNumber(SqlText &out, int value)
{
    char16_t digits[12];
    qsizetype at = std::size(digits);
    unsigned magnitude = value < 0 ? 0u - unsigned(value) : unsigned(value);
    do {
        digits[--at] = char16_t(u'0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (value < 0)
        digits[--at] = u'-';
    out += QStringView(digits + at, qsizetype(std::size(digits)) - at);
}

// The type name with its length, written where the statement is written.
void appendWithLength(SqlText &out, QStringView name, const std::optional<int> &length)
{
    out += name;
    // SQLAlchemy tests `if type_.length:`, so length 0 renders bare.
    if (length && *length != 0) {
        out += u'(';
        appendNumber(out, *length);
        out += u')';
    }
}

void appendNumeric(SqlText &out, QStringView name, const SqlType &type)
{
    out += name;
    if (!type.precision)
        return;
    out += u'(';
    appendNumber(out, *type.precision);
    if (type.scale) {
        out += u", ";
        appendNumber(out, *type.scale);
    }
    out += u')';
}

// SQLAlchemy's reserved words by length and first letter: a name is
// compared with the few words that share both (most often none), with no
// hash computed and no string touched but the name.
class ReservedWords
{
public:
    explicit ReservedWords(const QStringList &words)
    {
        QList<QStringView> sorted;
        for (const QString &word : words) {
            Q_ASSERT(word.size() >= 1 && word.size() <= kLongest && word.front() >= u'a' && word.front() <= u'z');
            sorted << word;
        }
        std::ranges::stable_sort(sorted, {}, [](QStringView w) { return bucket(w.size(), w.front().unicode()); });
        size_t at = 0;
        for (size_t b = 0; b < std::size(m_first); ++b) {
            m_first[b] = quint16(m_chars.size());
            for (; at < size_t(sorted.size()) && bucket(sorted.at(at).size(), sorted.at(at).front().unicode()) == b; ++at)
                m_chars.append(sorted.at(at).utf16(), sorted.at(at).size());
        }
        m_end = quint16(m_chars.size());
    }
    bool contains(QStringView name) const
    {
        const qsizetype n = name.size();
        if (n < 1 || n > kLongest)
            return false;
        const char16_t first = name.front().unicode();
        if (first < u'a' || first > u'z')
            return false;
        const size_t b = bucket(n, first);
        const char16_t *word = m_chars.data() + m_first[b];
        const char16_t *end = m_chars.data() + (b + 1 < std::size(m_first) ? m_first[b + 1] : m_end);
        const char16_t *chars = name.utf16();
        for (; word < end; word += n) {
            // a few characters, compared in place rather than by memcmp()
            qsizetype k = 1;
            while (k < n && word[k] == chars[k])
                ++k;
            if (k == n)
                return true;
        }
        return false;
    }

private:
    static constexpr qsizetype kLongest = 17; // current_timestamp
    static size_t bucket(qsizetype length, char16_t first) { return size_t(length - 1) * 26 + (first - u'a'); }
    std::u16string m_chars;          // the words of bucket b from m_first[b], back to back
    quint16 m_first[kLongest * 26]; // where each bucket starts
    quint16 m_end = 0;
};

} // namespace

const QStringList &SqliteDialect::reservedWords()
{
    static const QStringList words = {
        u"add"_s, u"after"_s, u"all"_s, u"alter"_s, u"analyze"_s, u"and"_s, u"as"_s, u"asc"_s,
        u"attach"_s, u"autoincrement"_s, u"before"_s, u"begin"_s, u"between"_s, u"by"_s, u"cascade"_s,
        u"case"_s, u"cast"_s, u"check"_s, u"collate"_s, u"column"_s, u"commit"_s, u"conflict"_s,
        u"constraint"_s, u"create"_s, u"cross"_s, u"current_date"_s, u"current_time"_s,
        u"current_timestamp"_s, u"database"_s, u"default"_s, u"deferrable"_s, u"deferred"_s, u"delete"_s,
        u"desc"_s, u"detach"_s, u"distinct"_s, u"drop"_s, u"each"_s, u"else"_s, u"end"_s, u"escape"_s,
        u"except"_s, u"exclusive"_s, u"exists"_s, u"explain"_s, u"false"_s, u"fail"_s, u"for"_s,
        u"foreign"_s, u"from"_s, u"full"_s, u"glob"_s, u"group"_s, u"having"_s, u"if"_s, u"ignore"_s,
        u"immediate"_s, u"in"_s, u"index"_s, u"indexed"_s, u"initially"_s, u"inner"_s, u"insert"_s,
        u"instead"_s, u"intersect"_s, u"into"_s, u"is"_s, u"isnull"_s, u"join"_s, u"key"_s, u"left"_s,
        u"like"_s, u"limit"_s, u"match"_s, u"natural"_s, u"not"_s, u"notnull"_s, u"null"_s, u"of"_s,
        u"offset"_s, u"on"_s, u"or"_s, u"order"_s, u"outer"_s, u"plan"_s, u"pragma"_s, u"primary"_s,
        u"query"_s, u"raise"_s, u"references"_s, u"reindex"_s, u"rename"_s, u"replace"_s, u"restrict"_s,
        u"right"_s, u"rollback"_s, u"row"_s, u"select"_s, u"set"_s, u"table"_s, u"temp"_s,
        u"temporary"_s, u"then"_s, u"to"_s, u"transaction"_s, u"trigger"_s, u"true"_s, u"union"_s,
        u"unique"_s, u"update"_s, u"using"_s, u"vacuum"_s, u"values"_s, u"view"_s, u"virtual"_s,
        u"when"_s, u"where"_s,
    };
    return words;
}

QString SqliteDialect::name() const
{
    return u"sqlite"_s;
}

bool SqliteDialect::requiresQuotes(const QString &identifier) const
{
    if (identifier.isEmpty())
        return true; // SQLAlchemy raises here; an empty name can only be written quoted
    static const ReservedWords reserved(reservedWords());
    const QChar first = identifier.front();
    if ((first >= u'0' && first <= u'9') || first == u'$')
        return true;
    // Most names are lowercase ASCII: legal and their own lowercase, so only
    // a reserved word needs quotes, and no lowercase copy is made.
    const bool plain = std::ranges::all_of(identifier, [](QChar c) {
        const char16_t u = c.unicode();
        return (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9') || u == u'_' || u == u'$';
    });
    if (plain)
        return reserved.contains(identifier);
    const QString lower = identifier.toLower();
    return reserved.contains(lower) || !hasOnlyLegalCharacters(identifier) || lower != identifier;
}

QString SqliteDialect::quoteIdentifier(const QString &identifier) const
{
    QString escaped = identifier;
    escaped.replace(u"\""_s, u"\"\""_s);
    return u'"' + escaped + u'"';
}

Result<QString> SqliteDialect::typeSql(const SqlType &type) const
{
    SqlText sql(16);
    if (auto ok = appendTypeSql(sql, type); !ok)
        return std::unexpected(ok.error());
    return sql.take();
}

Status SqliteDialect::appendTypeSql(SqlText &out, const SqlType &type) const
{
    // PostgreSQL's own classes have no rendering in SQLite's type compiler,
    // except those that are generic types under another name.
    auto unrenderable = [](const QString &name) {
        return fail(u"Compiler <sqlalchemy.dialects.sqlite.base.SQLiteTypeCompiler object> can't render element of "
                    u"type "_s + name);
    };
    if (type.kind == SqlType::Kind::Array)
        return unrenderable(u"ARRAY"_s);
    if (!type.dialectModule.isEmpty() && type.dialectModule == u"postgresql") {
        static const QSet<QString> generic = {u"BIGINT"_s, u"BOOLEAN"_s, u"CHAR"_s, u"DATE"_s, u"FLOAT"_s,
                                              u"INTEGER"_s, u"JSON"_s, u"NUMERIC"_s, u"REAL"_s, u"SMALLINT"_s,
                                              u"TEXT"_s, u"TIME"_s, u"TIMESTAMP"_s, u"VARCHAR"_s, u"ENUM"_s};
        if (!generic.contains(type.upperName))
            return unrenderable(type.upperName);
    }
    if (!type.upperName.isEmpty() && type.upperName != u"ENUM") {
        // A reflected type keeps its SQL class: render what that class renders.
        const QString &upper = type.upperName;
        if (upper == u"VARCHAR" || upper == u"CHAR" || upper == u"NCHAR" || upper == u"NVARCHAR"
            || upper == u"TEXT" || upper == u"BINARY" || upper == u"VARBINARY")
            appendWithLength(out, upper, type.length);
        else if (upper == u"NUMERIC" || upper == u"DECIMAL")
            appendNumeric(out, upper, type);
        else
            out += upper;
        return {};
    }
    switch (type.kind) {
    case SqlType::Kind::Integer: out += u"INTEGER"; return {};
    case SqlType::Kind::BigInteger: out += u"BIGINT"; return {};
    case SqlType::Kind::SmallInteger: out += u"SMALLINT"; return {};
    case SqlType::Kind::Boolean: out += u"BOOLEAN"; return {};
    case SqlType::Kind::Float: out += u"FLOAT"; return {};
    case SqlType::Kind::Numeric: appendNumeric(out, u"NUMERIC", type); return {};
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString: appendWithLength(out, u"VARCHAR", type.length); return {};
    case SqlType::Kind::Text: appendWithLength(out, u"TEXT", type.length); return {};
    case SqlType::Kind::Date: out += u"DATE"; return {};
    case SqlType::Kind::DateTime: out += u"DATETIME"; return {};
    case SqlType::Kind::Time: out += u"TIME"; return {};
    case SqlType::Kind::LargeBinary: out += u"BLOB"; return {};
    case SqlType::Kind::Enum: {
        // Enum is a VARCHAR as long as its longest value (non-native enum).
        int longest = 0;
        for (const QString &v : type.enumValues)
            longest = std::max(longest, codePointLength(v));
        appendWithLength(out, u"VARCHAR", type.length ? type.length : std::optional<int>(longest));
        return {};
    }
    case SqlType::Kind::Json: out += u"JSON"; return {};
    case SqlType::Kind::Uuid: out += u"CHAR(32)"; return {}; // SQLModel's GUID off PostgreSQL
    case SqlType::Kind::Interval: out += u"DATETIME"; return {}; // emulated as epoch + delta
    case SqlType::Kind::Array: return unrenderable(u"ARRAY"_s);
    case SqlType::Kind::Other: out += type.rawName; return {};
    case SqlType::Kind::Null:
        // A reflected column declared without a type keeps none (SQLite
        // allows it); SQLAlchemy itself refuses to render NullType.
        out += type.rawName;
        return {};
    }
    return fail(u"unknown column type"_s);
}

std::unique_ptr<Dialect> SqliteDialect::offlineVariant() const
{
    return std::make_unique<SqliteDialect>();
}

std::optional<QString> SqliteDialect::dialectFunctionSql(const QString &name, const QStringList &arguments) const
{
    if (name == u"now")
        return u"CURRENT_TIMESTAMP"_s;
    if (name == u"localtimestamp")
        return u"DATETIME(CURRENT_TIMESTAMP, \"localtime\")"_s;
    if (name == u"char_length")
        return u"length("_s + arguments.join(u", "_s) + u')';
    return std::nullopt;
}

std::optional<QString> SqliteDialect::dialectBinarySql(SqlExpression::Operator op, const QString &left,
                                                       const QString &right) const
{
    if (op == SqlExpression::Operator::IsDistinctFrom)
        return left + u" IS NOT "_s + right;
    if (op == SqlExpression::Operator::IsNotDistinctFrom)
        return left + u" IS "_s + right;
    return std::nullopt;
}

Result<QString> SqliteDialect::columnSpec(const Column &column) const
{
    SqlText spec(64);
    if (auto ok = appendColumnSpec(spec, column); !ok)
        return std::unexpected(ok.error());
    return spec.take();
}

Status SqliteDialect::appendColumnSpec(SqlText &out, const Column &column) const
{
    appendQuoted(out, column.name);
    // the type written after a space, which goes again if it writes nothing
    out += u' ';
    const qsizetype typeStart = out.size();
    if (auto type = appendTypeSql(out, column.type); !type)
        return type;
    if (out.size() == typeStart)
        out.chop(1);
    if (column.serverDefault) {
        auto def = defaultClauseSql(*column.serverDefault);
        if (!def)
            return std::unexpected(def.error());
        out += u" DEFAULT ";
        out += *def;
    }
    if (!column.nullable)
        out += u" NOT NULL";
    return {};
}

Result<QString> SqliteDialect::defaultClauseSql(const ServerDefault &serverDefault) const
{
    auto def = serverDefaultSql(serverDefault);
    if (!def)
        return def;
    // get_column_specification: a ColumnElement default goes in parentheses.
    if (serverDefault.kind == ServerDefault::Kind::Construct)
        return u'(' + *def + u')';
    return def;
}

QString SqliteDialect::storedDefault(const QString &clause)
{
    // SQLite's grammar takes `DEFAULT (expr)` or `DEFAULT [+|-] term`: a
    // clause SQLite accepted that opens a parenthesis closes it at its end.
    const QString trimmed = clause.trimmed();
    if (trimmed.startsWith(u'(') && trimmed.endsWith(u')'))
        return trimmed.mid(1, trimmed.size() - 2).trimmed();
    return trimmed;
}

bool SqliteDialect::isUnparenthesizedSqlExpression(const QString &sql)
{
    // Python's re.match with `.` not matching a newline and `$` matching
    // before a final one: PCRE's defaults, as written.
    static const QRegularExpression digit(u"^[0-9\\.]$"_s);
    static const QRegularExpression quoted(u"^'.+'$"_s);
    static const QRegularExpression parenthesized(u"^\\(.+\\)$"_s);
    if (sql.isEmpty())
        return false;
    return !digit.match(sql).hasMatch() && !quoted.match(sql).hasMatch() && !parenthesized.match(sql).hasMatch();
}

Result<QString> SqliteDialect::constraintSql(const Constraint &c, const Table &table) const
{
    SqlText text(64);
    if (auto written = appendConstraintSql(text, c, table); !written)
        return std::unexpected(written.error());
    return text.take();
}

Result<bool> SqliteDialect::appendConstraintSql(SqlText &out, const Constraint &c, const Table &table) const
{
    auto appendQuotedList = [this, &out](const QStringList &names) {
        for (qsizetype i = 0; i < names.size(); ++i) {
            if (i > 0)
                out += u", ";
            appendQuoted(out, names.at(i));
        }
    };

    const qsizetype start = out.size();
    if (!c.name.isEmpty()) {
        out += u"CONSTRAINT ";
        appendQuoted(out, c.name);
        out += u' ';
    }
    switch (c.kind) {
    case Constraint::Kind::PrimaryKey:
        out += u"PRIMARY KEY (";
        appendQuotedList(c.columns);
        out += u')';
        break;
    case Constraint::Kind::Unique:
        out += u"UNIQUE (";
        appendQuotedList(c.columns);
        out += u')';
        break;
    case Constraint::Kind::Check: {
        auto condition = c.condition ? expressionSql(*c.condition) : textSql(c.sqlText);
        if (!condition)
            return std::unexpected(condition.error());
        out += u"CHECK (";
        out += *condition;
        out += u')';
        break;
    }
    case Constraint::Kind::ForeignKey: {
        // SQLite cannot refer across attached databases.
        if (c.referredSchema != table.schema) {
            out.truncate(start);
            return false;
        }
        out += u"FOREIGN KEY(";
        appendQuotedList(c.columns);
        out += u") REFERENCES ";
        appendQuoted(out, c.referredTable);
        out += u" (";
        appendQuotedList(c.referredColumns);
        out += u')';
        if (!c.match.isEmpty()) {
            out += u" MATCH ";
            out += c.match;
        }
        static const QString actionPattern = u"^(?:RESTRICT|CASCADE|SET NULL|NO ACTION|SET DEFAULT)$"_s;
        static const QRegularExpression action(actionPattern, QRegularExpression::CaseInsensitiveOption);
        bool ok = true;
        if (!c.onDelete.isEmpty()) {
            const QString phrase = validatedPhrase(c.onDelete, action, actionPattern, &ok);
            if (!ok)
                return fail(phrase);
            out += u" ON DELETE ";
            out += phrase;
        }
        if (!c.onUpdate.isEmpty()) {
            const QString phrase = validatedPhrase(c.onUpdate, action, actionPattern, &ok);
            if (!ok)
                return fail(phrase);
            out += u" ON UPDATE ";
            out += phrase;
        }
        break;
    }
    }
    if (!c.deferrable.isEmpty()) {
        out += u' ';
        out += c.deferrable;
    }
    if (!c.initially.isEmpty()) {
        static const QString initiallyPattern = u"^(?:DEFERRED|IMMEDIATE)$"_s;
        static const QRegularExpression initially(initiallyPattern, QRegularExpression::CaseInsensitiveOption);
        bool ok = true;
        const QString phrase = validatedPhrase(c.initially, initially, initiallyPattern, &ok);
        if (!ok)
            return fail(phrase);
        out += u" INITIALLY ";
        out += phrase;
    }
    return out.size() > start;
}

Result<QString> SqliteDialect::createTable(const Table &table) const
{
    // SQLAlchemy writes the primary key first, then the rest in creation
    // order. The table's own constraints are written where they are, not
    // copied into a list first.
    // primary_key=True on the columns; on the heap, as it is rare and an
    // empty optional Constraint costs a hundred instructions per table
    std::unique_ptr<Constraint> keyOfColumns;
    const Constraint *primary = nullptr;
    if (const Constraint *pk = table.primaryKey()) {
        if (!pk->columns.isEmpty())
            primary = pk;
    } else {
        QStringList pkColumns;
        for (const Column &column : table.columns) {
            if (column.primaryKey)
                pkColumns << column.name;
        }
        if (!pkColumns.isEmpty())
            primary = (keyOfColumns = std::make_unique<Constraint>(Constraint::primaryKey(pkColumns))).get();
    }
    // sqlite_autoincrement=True (SQLiteDDLCompiler): a primary key of one
    // integer column that no foreign key starts from is written on that
    // column, PRIMARY KEY AUTOINCREMENT, and not as a table constraint.
    QString autoincrementColumn;
    if (table.sqliteAutoincrement && primary && primary->columns.size() == 1) {
        const QString name = primary->columns.first();
        const Column *column = table.column(name);
        const bool integer = column
            && (column->type.kind == SqlType::Kind::Integer || column->type.kind == SqlType::Kind::BigInteger
                || column->type.kind == SqlType::Kind::SmallInteger);
        const bool referencing = std::ranges::any_of(table.constraints, [&](const Constraint &c) {
            return c.isForeignKey() && c.columns.contains(name);
        });
        if (integer && !referencing) {
            autoincrementColumn = name;
            primary = nullptr;
        }
    }

    // Grown a few times at most, not at every column.
    SqlText text(64 + 48 * (table.columns.size() + table.constraints.size()));
    text += u"\nCREATE TABLE ";
    if (table.schema.isEmpty())
        appendQuoted(text, table.name);
    else
        text += formatTable(table.name, table.schema);
    text += u" (";
    QStringView separator = u"\n";
    for (const Column &column : table.columns) {
        text += separator;
        text += u'\t';
        if (auto spec = appendColumnSpec(text, column); !spec)
            return fail(u"(in table '%1', column '%2'): %3"_s.arg(table.name, column.name, spec.error().message));
        if (!autoincrementColumn.isEmpty() && column.name == autoincrementColumn)
            text += u" PRIMARY KEY AUTOINCREMENT";
        separator = u", \n";
    }
    auto appendConstraint = [&](const Constraint &c) -> Status {
        if (((c.isUnique() || c.isForeignKey()) && c.columns.isEmpty()) || !constraintApplies(c))
            return {};
        const qsizetype mark = text.size();
        text += separator;
        text += u'\t';
        auto written = appendConstraintSql(text, c, table);
        if (!written)
            return fail(u"(in table '%1'): %2"_s.arg(table.name, written.error().message));
        if (*written)
            separator = u", \n";
        else
            text.truncate(mark); // nothing to write (a foreign key to another schema)
        return {};
    };
    if (primary) {
        if (auto ok = appendConstraint(*primary); !ok)
            return std::unexpected(ok.error());
    }
    for (const Constraint &c : table.constraints) {
        if (c.isPrimaryKey())
            continue;
        if (auto ok = appendConstraint(c); !ok)
            return std::unexpected(ok.error());
    }
    text += u"\n)\n\n";
    return text.take();
}

QString SqliteDialect::dropTable(const QString &table, const QString &schema) const
{
    return u"\nDROP TABLE "_s + formatTable(table, schema);
}

Result<QString> SqliteDialect::createIndex(const QString &table, const Index &index, const QString &schema) const
{
    if (index.name.isEmpty())
        return fail(u"CREATE INDEX requires that the index have a name"_s);
    QStringList expressions;
    if (index.hasExpressions()) {
        for (const SqlExpression &e : index.expressions) {
            auto sql = expressionSql(e);
            if (!sql)
                return sql;
            expressions << *sql;
        }
    } else {
        for (const QString &column : index.columns) {
            // Reflected expression indexes keep their SQL; anything with a
            // parenthesis is such an expression and goes in verbatim.
            expressions << (column.contains(u'(') ? column : quote(column));
        }
    }
    QString text = u"CREATE "_s;
    if (index.unique)
        text += u"UNIQUE "_s;
    text += u"INDEX "_s;
    if (!schema.isEmpty())
        text += quote(schema) + u'.';
    text += quote(index.name) + u" ON "_s + quote(table) + u" ("_s + expressions.join(u", "_s) + u')';
    if (index.sqliteWhere) {
        auto where = expressionSql(*index.sqliteWhere);
        if (!where)
            return where;
        text += u" WHERE "_s + *where;
    }
    return text;
}

QString SqliteDialect::dropIndex(const QString &index, const QString &schema) const
{
    QString text = u"\nDROP INDEX "_s;
    if (!schema.isEmpty())
        text += quote(schema) + u'.';
    return text + quote(index);
}

Result<QString> SqliteDialect::addColumn(const QString &table, const Column &column, const QString &schema) const
{
    auto spec = columnSpec(column);
    if (!spec)
        return fail(spec.error());
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" ADD COLUMN "_s + *spec;
}

QString SqliteDialect::dropColumn(const QString &table, const QString &column, const QString &schema) const
{
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" DROP COLUMN "_s + quote(column);
}

QString SqliteDialect::renameColumn(const QString &table, const QString &oldName, const QString &newName,
                                    const QString &schema) const
{
    // Alembic's generic ColumnName text; SQLite accepts RENAME without COLUMN.
    return u"ALTER TABLE "_s + formatTable(table, schema) + u" RENAME "_s + quote(oldName) + u" TO "_s
        + quote(newName);
}

QString SqliteDialect::renameTable(const QString &oldName, const QString &newName, const QString &schema) const
{
    // SQLite's RENAME TO takes a bare name: the table stays in its schema.
    return u"ALTER TABLE "_s + formatTable(oldName, schema) + u" RENAME TO "_s + quote(newName);
}

Result<QString> SqliteDialect::addConstraint(const QString &, const Constraint &, const QString &) const
{
    return fail(kNoConstraintAlter);
}

Result<QString> SqliteDialect::dropConstraint(const QString &, const QString &, const QString &) const
{
    return fail(kNoConstraintAlter);
}

Result<QStringList> SqliteDialect::alterColumn(const QString &table, const QString &column,
                                               const ColumnAlteration &alteration, const QString &schema) const
{
    const QString prefix = u"ALTER TABLE "_s + formatTable(table, schema) + u" ALTER COLUMN "_s + quote(column);
    QStringList out;
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
    if (alteration.type) {
        auto type = typeSql(*alteration.type);
        if (!type)
            return fail(type.error());
        out << prefix + u" TYPE "_s + *type;
    }
    if (alteration.newName && *alteration.newName != column)
        out << renameColumn(table, column, *alteration.newName, schema);
    return out;
}

QString SqliteDialect::typeAffinity(const SqlType &type)
{
    switch (type.kind) {
    case SqlType::Kind::Integer:
    case SqlType::Kind::BigInteger:
    case SqlType::Kind::SmallInteger: return u"Integer"_s;
    case SqlType::Kind::Boolean: return u"Boolean"_s;
    case SqlType::Kind::Float:
    case SqlType::Kind::Numeric: return u"Numeric"_s;
    case SqlType::Kind::String:
    case SqlType::Kind::AutoString:
    case SqlType::Kind::Text:
    case SqlType::Kind::Enum:
    case SqlType::Kind::Uuid: return u"String"_s;
    case SqlType::Kind::Date: return u"Date"_s;
    case SqlType::Kind::DateTime: return u"DateTime"_s;
    case SqlType::Kind::Time: return u"Time"_s;
    case SqlType::Kind::LargeBinary: return u"_Binary"_s;
    case SqlType::Kind::Json: return u"JSON"_s;
    case SqlType::Kind::Interval: return u"Interval"_s;
    case SqlType::Kind::Array: return u"ARRAY"_s;
    case SqlType::Kind::Other: return u"Other:"_s + type.rawName.toUpper();
    case SqlType::Kind::Null: return u"NullType"_s;
    }
    return {};
}

} // namespace pm
