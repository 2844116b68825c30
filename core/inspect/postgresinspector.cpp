#include "inspect/postgresinspector.h"

#include <algorithm>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// The schema every query reads: the one asked for, else current_schema(),
// which is how PostgreSQL itself resolves unqualified names by search_path.
const QString kSchema = u"COALESCE(NULLIF(:schema, ''), current_schema())"_s;

// Key (or referred) column names of a constraint or index, in key order, as
// a JSON array: one row per object keeps the query count constant.
QString attributeNames(const QString &relid, const QString &keys, const QString &limit = {})
{
    return u"(SELECT json_agg(a.attname ORDER BY k.i) FROM unnest("_s + keys
        + u") WITH ORDINALITY AS k(n, i) JOIN pg_catalog.pg_attribute a ON a.attrelid = "_s + relid
        + u" AND a.attnum = k.n"_s + (limit.isEmpty() ? QString() : u" WHERE k.i <= "_s + limit) + u")::text"_s;
}

QStringList jsonStrings(const QVariant &value)
{
    QStringList out;
    if (value.isNull())
        return out;
    const QJsonArray array = QJsonDocument::fromJson(value.toString().toUtf8()).array();
    for (const auto &v : array)
        out << v.toString();
    return out;
}

QString sqlErrorSentence(const QSqlDatabase &db, const QSqlQuery &query)
{
    QString what = query.lastError().databaseText();
    if (what.isEmpty())
        what = query.lastError().text();
    if (what.isEmpty())
        what = u"unknown error"_s;
    return u"Cannot read the schema of '%1': %2."_s.arg(db.databaseName(), what.trimmed());
}

QString foreignKeyAction(const QString &code)
{
    // pg_get_constraintdef omits NO ACTION, so SQLAlchemy reports nothing.
    if (code == u"c") return u"CASCADE"_s;
    if (code == u"n") return u"SET NULL"_s;
    if (code == u"d") return u"SET DEFAULT"_s;
    if (code == u"r") return u"RESTRICT"_s;
    return {};
}

struct RawTable
{
    QList<Column> columns;
    QList<Constraint> primaryKeys, foreignKeys, uniques, checks;
    QList<Index> indexes;
    QString comment;
};

} // namespace

PostgresInspector::PostgresInspector(QSqlDatabase db) : m_db(std::move(db)) {}

Status PostgresInspector::checkUsable() const
{
    if (!m_db.isValid() || !m_db.isOpen())
        return fail(u"Cannot read the schema: the database connection is not open."_s);
    if (m_db.driverName() != u"QPSQL")
        return fail(u"Cannot read the schema of '%1': not a PostgreSQL connection."_s.arg(m_db.databaseName()));
    return {};
}

SqlType PostgresInspector::resolveType(const QString &formatted)
{
    static const QRegularExpression parens(u"\\(.*\\)"_s);
    static const QRegularExpression digits(u"\\(([\\d,]+)\\)"_s);
    QString attype = formatted;
    attype.remove(parens);
    if (attype.endsWith(u"[]"))
        return SqlType::other(formatted.toUpper());
    QList<int> args;
    if (const auto m = digits.match(formatted); m.hasMatch()) {
        for (const QString &part : m.captured(1).split(u','))
            args << part.toInt();
    }
    auto arg = [&args](int i) { return i < args.size() ? std::optional<int>(args[i]) : std::nullopt; };

    if (attype == u"integer") return SqlType::integer().spelledAs(u"INTEGER"_s);
    if (attype == u"bigint") return SqlType::bigInteger().spelledAs(u"BIGINT"_s);
    if (attype == u"smallint") return SqlType::smallInteger().spelledAs(u"SMALLINT"_s);
    if (attype == u"boolean") return SqlType::boolean().spelledAs(u"BOOLEAN"_s);
    if (attype == u"character varying") return SqlType::string(arg(0)).spelledAs(u"VARCHAR"_s);
    if (attype == u"character") return SqlType::string(arg(0)).spelledAs(u"CHAR"_s);
    if (attype == u"text") return SqlType::text().spelledAs(u"TEXT"_s);
    if (attype == u"date") return SqlType::date().spelledAs(u"DATE"_s);
    if (attype == u"timestamp without time zone" || attype == u"timestamp")
        return SqlType::dateTime(false).spelledAs(u"TIMESTAMP"_s, u"postgresql"_s);
    if (attype == u"timestamp with time zone")
        return SqlType::dateTime(true).spelledAs(u"TIMESTAMP"_s, u"postgresql"_s);
    if (attype == u"time without time zone" || attype == u"time")
        return SqlType::time(false).spelledAs(u"TIME"_s, u"postgresql"_s);
    if (attype == u"time with time zone") return SqlType::time(true).spelledAs(u"TIME"_s, u"postgresql"_s);
    if (attype == u"real") return SqlType::floating().spelledAs(u"REAL"_s);
    if (attype == u"double precision")
        return SqlType::floating(53).spelledAs(u"DOUBLE_PRECISION"_s, u"postgresql"_s);
    if (attype == u"numeric") {
        if (args.size() == 2)
            return SqlType::numeric(args[0], args[1]).spelledAs(u"NUMERIC"_s);
        return SqlType::numeric().spelledAs(u"NUMERIC"_s);
    }
    if (attype == u"bytea") return SqlType::largeBinary().spelledAs(u"BYTEA"_s, u"postgresql"_s);
    if (attype == u"json") return SqlType::json().spelledAs(u"JSON"_s, u"postgresql"_s);
    if (attype == u"jsonb") return SqlType::json().spelledAs(u"JSONB"_s, u"postgresql"_s);
    if (attype == u"uuid") return SqlType::uuid().spelledAs(u"UUID"_s, u"postgresql"_s);
    if (attype.startsWith(u"interval")) return SqlType::interval().spelledAs(u"INTERVAL"_s, u"postgresql"_s);
    return SqlType::other(formatted.toUpper());
}

Result<QList<SqlType>> PostgresInspector::enumTypes(const QString &schema) const
{
    if (auto usable = checkUsable(); !usable)
        return fail(usable.error());
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    if (!q.prepare(u"SELECT t.typname, (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) "
                   u"FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)::text "
                   u"FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                   u"WHERE t.typtype = 'e' AND n.nspname = "_s + kSchema + u" ORDER BY t.typname"_s))
        return fail(sqlErrorSentence(m_db, q));
    q.bindValue(u":schema"_s, schema);
    if (!q.exec())
        return fail(sqlErrorSentence(m_db, q));
    QList<SqlType> out;
    while (q.next())
        out << SqlType::enumeration(jsonStrings(q.value(1)), q.value(0).toString()).spelledAs(u"ENUM"_s, u"postgresql"_s);
    return out;
}

Result<MetaData> PostgresInspector::reflect(const QStringList &excludeTables, const QString &schema) const
{
    m_queryCount = 0;
    if (auto usable = checkUsable(); !usable)
        return fail(usable.error());

    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    auto run = [&](const QString &sql) -> Status {
        ++m_queryCount;
        if (!q.prepare(sql))
            return fail(sqlErrorSentence(m_db, q));
        q.bindValue(u":schema"_s, schema);
        if (!q.exec())
            return fail(sqlErrorSentence(m_db, q));
        return {};
    };
    const QString inSchema = u" JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r', 'p') "
                             u"AND n.nspname = "_s + kSchema;

    QMap<QString, RawTable> tables;
    if (auto ok = run(u"SELECT c.relname, obj_description(c.oid, 'pg_class') FROM pg_catalog.pg_class c"_s + inSchema
                      + u" ORDER BY c.relname"_s); !ok)
        return fail(ok.error());
    while (q.next())
        tables[q.value(0).toString()].comment = q.value(1).toString();

    // Enum labels by (schema, name), so an enum column gets its values
    // whichever schema the type lives in.
    QHash<QString, QStringList> enumLabels;
    if (auto ok = run(u"SELECT n.nspname || '.' || t.typname, (SELECT json_agg(e.enumlabel ORDER BY e.enumsortorder) "
                      u"FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid)::text "
                      u"FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace "
                      u"WHERE t.typtype = 'e'"_s); !ok)
        return fail(ok.error());
    while (q.next())
        enumLabels.insert(q.value(0).toString(), jsonStrings(q.value(1)));

    // Columns. `owned` says a sequence belongs to the column (SERIAL), the
    // check Alembic's autogen_column_reflect makes before dropping nextval.
    if (auto ok = run(
            u"SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull, "
            u"pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated, t.typtype, "
            u"tn.nspname || '.' || t.typname, t.typname, pg_catalog.col_description(c.oid, a.attnum), "
            u"EXISTS (SELECT 1 FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid "
            u"AND s.relkind = 'S' WHERE dep.classid = 'pg_catalog.pg_class'::regclass "
            u"AND dep.refclassid = 'pg_catalog.pg_class'::regclass AND dep.refobjid = c.oid "
            u"AND dep.refobjsubid = a.attnum) "
            u"FROM pg_catalog.pg_class c "
            u"JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            u"JOIN pg_catalog.pg_type t ON t.oid = a.atttypid "
            u"JOIN pg_catalog.pg_namespace tn ON tn.oid = t.typnamespace "
            u"LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum"_s
            + inSchema + u" ORDER BY c.relname, a.attnum"_s);
        !ok)
        return fail(ok.error());
    static const QRegularExpression nextval(u"nextval\\('[^']+'.*\\)"_s);
    while (q.next()) {
        Column c;
        c.name = q.value(1).toString();
        if (q.value(7).toString() == u"e") {
            c.type = SqlType::enumeration(enumLabels.value(q.value(8).toString()), q.value(9).toString())
                         .spelledAs(u"ENUM"_s, u"postgresql"_s);
        } else {
            c.type = resolveType(q.value(2).toString());
        }
        c.nullable = !q.value(3).toBool();
        const QString identity = q.value(5).toString();
        const QString generated = q.value(6).toString();
        if (!q.value(4).isNull() && generated.isEmpty()) {
            const QString def = q.value(4).toString();
            if (c.type.isInteger() && q.value(11).toBool() && nextval.match(def).hasMatch())
                c.autoincrement = Column::Autoincrement::Yes;
            else
                c.serverDefault = ServerDefault::expression(def);
        }
        if (!identity.isEmpty())
            c.autoincrement = Column::Autoincrement::Yes;
        c.comment = q.value(10).toString();
        tables[q.value(0).toString()].columns << c;
    }

    // Constraints: primary key, foreign key, unique, check.
    if (auto ok = run(
            u"SELECT c.relname, co.conname, co.contype, "_s + attributeNames(u"co.conrelid"_s, u"co.conkey"_s)
            + u", rn.nspname, rc.relname, "_s + attributeNames(u"co.confrelid"_s, u"co.confkey"_s)
            + u", co.confupdtype, co.confdeltype, co.condeferrable, co.condeferred, "
              u"pg_catalog.pg_get_constraintdef(co.oid), rn.nspname = n.nspname "
              u"FROM pg_catalog.pg_constraint co JOIN pg_catalog.pg_class c ON c.oid = co.conrelid "
              u"LEFT JOIN pg_catalog.pg_class rc ON rc.oid = co.confrelid "
              u"LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace"_s
            + inSchema + u" AND co.contype IN ('p', 'f', 'u', 'c') ORDER BY c.relname, co.conname"_s);
        !ok)
        return fail(ok.error());
    static const QRegularExpression checkDef(u"^CHECK *\\((.+)\\)( NOT VALID)?$"_s,
                                             QRegularExpression::DotMatchesEverythingOption);
    while (q.next()) {
        RawTable &t = tables[q.value(0).toString()];
        const QString type = q.value(2).toString();
        const QString name = q.value(1).toString();
        const QStringList columns = jsonStrings(q.value(3));
        if (type == u"p") {
            t.primaryKeys << Constraint::primaryKey(columns, name);
        } else if (type == u"u") {
            t.uniques << Constraint::unique(columns, name);
        } else if (type == u"c") {
            // SQLAlchemy takes the text inside CHECK (...) and then drops
            // one more pair of enclosing parentheses.
            static const QRegularExpression outerParens(u"^\\s*\\((.+)\\)\\s*$"_s,
                                                        QRegularExpression::DotMatchesEverythingOption);
            const auto m = checkDef.match(q.value(11).toString());
            QString text = m.hasMatch() ? m.captured(1) : q.value(11).toString();
            if (const auto inner = outerParens.match(text); inner.hasMatch())
                text = inner.captured(1);
            t.checks << Constraint::check(text, name);
        } else {
            Constraint fk = Constraint::foreignKey(columns, q.value(5).toString(), jsonStrings(q.value(6)), name);
            // Same schema: as the table itself is named (empty for the default).
            fk.referredSchema = q.value(12).toBool() ? schema : q.value(4).toString();
            fk.onUpdate = foreignKeyAction(q.value(7).toString());
            fk.onDelete = foreignKeyAction(q.value(8).toString());
            if (q.value(9).toBool())
                fk.deferrable = u"DEFERRABLE"_s;
            if (q.value(10).toBool())
                fk.initially = u"DEFERRED"_s;
            t.foreignKeys << fk;
        }
    }

    // Indexes not backing a constraint; key columns only (INCLUDE columns
    // are a dialect option in SQLAlchemy).
    if (auto ok = run(u"SELECT c.relname, i.relname, ix.indisunique, ix.indexprs IS NOT NULL, "_s
                      + attributeNames(u"ix.indrelid"_s, u"ix.indkey::int2[]"_s, u"ix.indnkeyatts"_s)
                      + u" FROM pg_catalog.pg_index ix JOIN pg_catalog.pg_class c ON c.oid = ix.indrelid "
                        u"JOIN pg_catalog.pg_class i ON i.oid = ix.indexrelid"_s
                      + inSchema
                      + u" AND NOT ix.indisprimary AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_constraint co "
                        u"WHERE co.conindid = ix.indexrelid AND co.conrelid = ix.indrelid "
                        u"AND co.contype IN ('p', 'u', 'x')) ORDER BY c.relname, i.relname"_s);
        !ok)
        return fail(ok.error());
    while (q.next()) {
        if (q.value(3).toBool())
            continue; // expression index: SQLAlchemy skips it with a warning
        Index index;
        index.name = q.value(1).toString();
        index.unique = q.value(2).toBool();
        index.columns = jsonStrings(q.value(4));
        tables[q.value(0).toString()].indexes << index;
    }

    MetaData metadata{NamingConvention(QMap<QString, QString>{})};
    for (auto it = tables.begin(); it != tables.end(); ++it) {
        if (excludeTables.contains(it.key()))
            continue;
        RawTable &raw = it.value();
        Table table;
        table.name = it.key();
        table.schema = schema;
        table.comment = raw.comment;
        QStringList pkColumns;
        for (const Constraint &pk : raw.primaryKeys)
            pkColumns << pk.columns;
        for (Column &c : raw.columns) {
            c.primaryKey = pkColumns.contains(c.name);
            table.columns << c;
        }
        table.constraints << raw.primaryKeys << raw.foreignKeys << raw.uniques << raw.checks;
        table.indexes = raw.indexes;
        metadata.putTable(std::move(table));
    }
    return metadata;
}

} // namespace pm
