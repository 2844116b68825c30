#include "inspect/sqliteinspector.h"

#include <algorithm>

#include <QFileInfo>
#include <QHash>
#include <QMap>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// Python's re with re.I on str patterns: case-insensitive, Unicode \w.
QRegularExpression pyRegex(const QString &pattern)
{
    return QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption
                                           | QRegularExpression::UseUnicodePropertiesOption);
}

// The SQL that names SQLite's own tables, excluded like get_table_names does.
const QString kUserTables = u"m.type = 'table' AND m.name NOT LIKE 'sqlite~_%' ESCAPE '~'"_s;

struct RawColumn
{
    Column column;
    int pkPosition = 0;
};

struct RawForeignKey
{
    int id = 0;
    QStringList from;
    QString referredTable;
    QStringList to; // empty entries: not named in the DDL
    QString onUpdate;
    QString onDelete;
};

struct RawIndex
{
    QString name;
    bool unique = false;
    bool expression = false; // some column is an expression
    QStringList columns;
};

struct RawTable
{
    QString sql;
    QList<RawColumn> columns;
    QList<RawForeignKey> foreignKeys; // by id
    QList<RawIndex> indexes;          // pragma_index_list order
};

QString sqlErrorSentence(const QSqlDatabase &db, const QSqlQuery &query)
{
    QString what = query.lastError().databaseText();
    if (what.isEmpty())
        what = query.lastError().text();
    if (what.isEmpty())
        what = u"unknown error"_s;
    return u"Cannot read the schema of '%1': %2."_s.arg(db.databaseName(), what);
}

// SQLAlchemy's _find_cols_in_sig.
QStringList findColsInSig(const QString &sig)
{
    static const QRegularExpression re = pyRegex(u"(?:\"(.+?)\")|([a-z0-9_]+)"_s);
    QStringList out;
    for (auto it = re.globalMatch(sig); it.hasNext();) {
        const auto m = it.next();
        out << (m.hasCaptured(1) && !m.captured(1).isEmpty() ? m.captured(1) : m.captured(2));
    }
    return out;
}

QString pkName(const QString &tableSql)
{
    static const QRegularExpression re = pyRegex(u"CONSTRAINT (\\w+) PRIMARY KEY"_s);
    const auto m = re.match(tableSql);
    return m.hasMatch() ? m.captured(1) : QString();
}

QStringList pkColumns(const RawTable &t)
{
    // get_pk_constraint: columns sorted by their position in the key.
    QList<const RawColumn *> cols;
    for (const RawColumn &c : t.columns) {
        if (c.pkPosition > 0)
            cols << &c;
    }
    std::ranges::stable_sort(cols, {}, [](const RawColumn *c) { return c->pkPosition; });
    QStringList out;
    for (const RawColumn *c : cols)
        out << c->column.name;
    return out;
}

struct ParsedForeignKey
{
    QString name;
    QStringList columns;
    QString referredTable;
    QStringList referredColumns;
    QString onDelete;
    QString onUpdate;
    QString deferrable;
    QString initially;
};

QList<ParsedForeignKey> parseForeignKeys(const QString &tableSql)
{
    static const QRegularExpression re = pyRegex(
        u"(?:CONSTRAINT (\\w+) +)?"
        u"FOREIGN KEY *\\( *(.+?) *\\) +"
        u"REFERENCES +(?:(?:\"(.+?)\")|([a-z0-9_]+)) *\\((.+?)\\) *"
        u"((?:ON (?:DELETE|UPDATE) "
        u"(?:SET NULL|SET DEFAULT|CASCADE|RESTRICT|NO ACTION) *)*)"
        u"((?:NOT +)?DEFERRABLE)?"
        u"(?: +INITIALLY +(DEFERRED|IMMEDIATE))?"_s);
    static const QRegularExpression onSplit(u" *\\bON\\b *"_s);
    QList<ParsedForeignKey> out;
    for (auto it = re.globalMatch(tableSql); it.hasNext();) {
        const auto m = it.next();
        ParsedForeignKey fk;
        fk.name = m.captured(1);
        fk.columns = findColsInSig(m.captured(2));
        fk.referredTable = m.captured(3).isEmpty() ? m.captured(4) : m.captured(3);
        const QString referred = m.captured(5);
        fk.referredColumns = referred.isEmpty() ? fk.columns : findColsInSig(referred);
        for (const QString &token : m.captured(6).toUpper().split(onSplit)) {
            if (token.startsWith(u"DELETE")) {
                const QString action = token.mid(6).trimmed();
                if (!action.isEmpty() && action != u"NO ACTION")
                    fk.onDelete = action;
            } else if (token.startsWith(u"UPDATE")) {
                const QString action = token.mid(6).trimmed();
                if (!action.isEmpty() && action != u"NO ACTION")
                    fk.onUpdate = action;
            }
        }
        const QString deferrable = m.captured(7);
        if (!deferrable.isEmpty())
            fk.deferrable = deferrable.toUpper().contains(u"NOT") ? u"NOT DEFERRABLE"_s : u"DEFERRABLE"_s;
        fk.initially = m.captured(8).toUpper();
        out << fk;
    }
    return out;
}

QList<Constraint> foreignKeys(const RawTable &t, const QHash<QString, RawTable> &all)
{
    // get_foreign_keys: the pragma is the truth; the DDL adds names,
    // deferrability, and is matched by signature.
    struct Pending
    {
        Constraint constraint;
        bool matched = false;
    };
    QList<Pending> pragmaKeys;
    for (const RawForeignKey &raw : t.foreignKeys) {
        QStringList referred;
        if (!raw.to.isEmpty() && raw.to.first().isEmpty()) {
            // No referred columns in the DDL: the referred table's primary key.
            referred = pkColumns(all.value(raw.referredTable));
        } else {
            for (const QString &c : raw.to) {
                if (!c.isEmpty())
                    referred << c;
            }
        }
        Constraint c = Constraint::foreignKey(raw.from, raw.referredTable, referred);
        // Inline REFERENCES cannot be parsed; keep the actions the database
        // reports (SQLAlchemy leaves them out), see the class comment.
        if (raw.onDelete != u"NO ACTION")
            c.onDelete = raw.onDelete;
        if (raw.onUpdate != u"NO ACTION")
            c.onUpdate = raw.onUpdate;
        pragmaKeys << Pending{c, false};
    }
    auto signature = [](const QStringList &cols, const QString &table, const QStringList &refCols) -> QString {
        return cols.join(u'\x1f') + u'\x1e' + table + u'\x1e' + refCols.join(u'\x1f');
    };
    auto signatureOf = [&](const Constraint &c) {
        return signature(c.columns, c.referredTable, c.referredColumns);
    };
    // keys_by_signature is a dict: two keys alike keep the first one's
    // place and the last one's value, and only one survives.
    QList<Pending> unique;
    for (const Pending &k : pragmaKeys) {
        auto same = std::ranges::find_if(unique, [&](const Pending &u) { return signatureOf(u.constraint) == signatureOf(k.constraint); });
        if (same != unique.end())
            *same = k;
        else
            unique << k;
    }
    pragmaKeys = unique;
    QList<Constraint> out;
    if (t.sql.isEmpty())
        return out;
    for (const ParsedForeignKey &p : parseForeignKeys(t.sql)) {
        const QString sig = signature(p.columns, p.referredTable, p.referredColumns);
        Pending *found = nullptr;
        for (Pending &k : pragmaKeys) {
            if (!k.matched && signatureOf(k.constraint) == sig)
                found = &k;
        }
        if (!found)
            continue;
        found->matched = true;
        Constraint c = found->constraint;
        c.name = p.name;
        c.onDelete = p.onDelete;
        c.onUpdate = p.onUpdate;
        c.deferrable = p.deferrable;
        c.initially = p.initially;
        out << c;
    }
    for (const Pending &k : pragmaKeys) {
        if (!k.matched)
            out << k.constraint;
    }
    return out;
}

QList<Constraint> uniqueConstraints(const RawTable &t)
{
    // get_unique_constraints: a UNIQUE in the DDL that has an automatic index.
    QMap<QStringList, bool> autoIndexSigs;
    for (const RawIndex &i : t.indexes) {
        if (i.name.startsWith(u"sqlite_autoindex"))
            autoIndexSigs.insert(i.columns, true);
    }
    QList<Constraint> out;
    if (t.sql.isEmpty())
        return out;
    static const QRegularExpression tablePattern = pyRegex(u"(?:CONSTRAINT \"?(.+?)\"? +)?UNIQUE *\\((.+?)\\)"_s);
    static const QRegularExpression inlinePattern =
        pyRegex(u"(?:(\".+?\")|(?:[\\[`])?([a-z0-9_]+)(?:[\\]`])?) +[a-z0-9_ ]+? +UNIQUE"_s);
    QList<QPair<QString, QStringList>> parsed;
    for (auto it = tablePattern.globalMatch(t.sql); it.hasNext();) {
        const auto m = it.next();
        parsed.append(qMakePair(m.captured(1), findColsInSig(m.captured(2))));
    }
    for (auto it = inlinePattern.globalMatch(t.sql); it.hasNext();) {
        const auto m = it.next();
        parsed.append(qMakePair(QString(), findColsInSig(m.captured(1).isEmpty() ? m.captured(2) : m.captured(1))));
    }
    for (const auto &[name, cols] : parsed) {
        if (autoIndexSigs.remove(cols) > 0)
            out << Constraint::unique(cols, name);
    }
    return out;
}

// For each character of a statement: is it SQL, rather than part of a
// string literal, a quoted identifier or a comment?
QList<bool> codeMask(const QString &sql)
{
    QList<bool> code(sql.size(), true);
    qsizetype i = 0;
    while (i < sql.size()) {
        const QChar c = sql.at(i);
        qsizetype end = -1;
        if (c == u'\'' || c == u'"' || c == u'`' || c == u'[') {
            const QChar close = c == u'[' ? u']' : c;
            end = i + 1;
            while (end < sql.size()) {
                if (sql.at(end) == close) {
                    // '' "" `` inside their own quotes stand for one character.
                    if (close != u']' && end + 1 < sql.size() && sql.at(end + 1) == close) {
                        end += 2;
                        continue;
                    }
                    ++end;
                    break;
                }
                ++end;
            }
        } else if (c == u'-' && sql.mid(i, 2) == u"--"_s) {
            end = sql.indexOf(u'\n', i);
            end = end < 0 ? sql.size() : end;
        } else if (c == u'/' && sql.mid(i, 2) == u"/*"_s) {
            end = sql.indexOf(u"*/"_s, i + 2);
            end = end < 0 ? sql.size() : end + 2;
        }
        if (end < 0) {
            ++i;
            continue;
        }
        for (qsizetype k = i; k < std::min(end, sql.size()); ++k)
            code[k] = false;
        i = end;
    }
    return code;
}

QString unquoteName(const QString &name)
{
    if (name.size() >= 2 && name.front() == u'"' && name.back() == u'"')
        return name.mid(1, name.size() - 2).replace(u"\"\""_s, u"\""_s);
    if (name.size() >= 2 && ((name.front() == u'[' && name.back() == u']') || (name.front() == u'`' && name.back() == u'`')))
        return name.mid(1, name.size() - 2);
    return name;
}

// SQLAlchemy's get_check_constraints matches
// `(?:CONSTRAINT (.+) +)?CHECK *\( *(.+) *\),? *` line by line: its greedy
// groups run to the last ')' of the line, so a CHECK that closes the statement
// on the same line ("... CHECK (x > 0))") comes back as "x > 0)", two on one
// line become one, and one spread over lines is lost. Same matches here, but
// the name is one identifier and the text runs to the matching bracket
// (brackets in literals and quoted names do not count). Where SQLAlchemy is
// right, the result is the same: leading spaces dropped, the rest verbatim.
QList<Constraint> checkConstraints(const QString &tableSql)
{
    static const QRegularExpression start = pyRegex(
        u"(?<![\\w$])(?:CONSTRAINT +(\"(?:[^\"]|\"\")+\"|\\[[^\\]]+\\]|`[^`]+`|[^\\s\"`\\[(]+) +)?CHECK *\\("_s);
    const QList<bool> code = codeMask(tableSql);
    QList<Constraint> out;
    qsizetype from = 0;
    while (from < tableSql.size()) {
        const QRegularExpressionMatch m = start.match(tableSql, from);
        if (!m.hasMatch())
            break;
        const qsizetype open = m.capturedEnd(0) - 1;
        if (!code.at(m.capturedStart(0)) || !code.at(open)) {
            from = m.capturedStart(0) + 1;
            continue;
        }
        qsizetype close = -1;
        int depth = 0;
        for (qsizetype k = open; k < tableSql.size(); ++k) {
            if (!code.at(k))
                continue;
            if (tableSql.at(k) == u'(') {
                ++depth;
            } else if (tableSql.at(k) == u')' && --depth == 0) {
                close = k;
                break;
            }
        }
        if (close < 0)
            break; // unbalanced: SQLite would not have stored it
        QString text = tableSql.mid(open + 1, close - open - 1);
        qsizetype lead = 0;
        while (lead < text.size() && text.at(lead) == u' ')
            ++lead;
        out << Constraint::check(text.mid(lead), unquoteName(m.captured(1)));
        from = close + 1;
    }
    return out;
}

} // namespace

SqliteInspector::SqliteInspector(QSqlDatabase db)
    : m_db(std::move(db))
{
}

Status SqliteInspector::checkUsable() const
{
    if (!m_db.isValid())
        return fail(u"Cannot read the schema: no database connection was given."_s);
    if (!m_db.isOpen()) {
        const QString why = m_db.lastError().text();
        return fail(u"Cannot read the schema of '%1': the database is not open%2."_s.arg(
            m_db.databaseName(), why.isEmpty() ? QString() : u" ("_s + why + u')'));
    }
    if (m_db.driverName() != u"QSQLITE")
        return fail(u"Cannot read the schema of '%1': it is not a SQLite connection (driver %2)."_s.arg(
            m_db.databaseName(), m_db.driverName()));
    return {};
}

Result<QList<SchemaObject>> SqliteInspector::schemaObjects() const
{
    if (auto ok = checkUsable(); !ok)
        return fail(ok.error());
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    ++m_queryCount;
    if (!q.exec(u"SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY rowid"_s))
        return fail(sqlErrorSentence(m_db, q));
    QList<SchemaObject> out;
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString()});
    return out;
}

Result<QString> SqliteInspector::tableSql(const QString &table, const QString &schema) const
{
    if (auto ok = checkUsable(); !ok)
        return fail(ok.error());
    const QString master = schema.isEmpty()
        ? u"sqlite_master"_s
        : u"\""_s + QString(schema).replace(u"\""_s, u"\"\""_s) + u"\".sqlite_master"_s;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    ++m_queryCount;
    if (!q.prepare(u"SELECT sql FROM "_s + master + u" WHERE name = ? AND type = 'table'"_s))
        return fail(sqlErrorSentence(m_db, q));
    q.addBindValue(table);
    if (!q.exec())
        return fail(sqlErrorSentence(m_db, q));
    return q.next() ? q.value(0).toString() : QString();
}

Result<MetaData> SqliteInspector::reflect(const QStringList &excludeTables) const
{
    m_queryCount = 0;
    auto objects = schemaObjects();
    if (!objects)
        return fail(objects.error());

    QMap<QString, RawTable> tables; // by name: get_table_names sorts
    for (const SchemaObject &o : *objects) {
        if (o.type == u"table" && !o.name.startsWith(u"sqlite_"))
            tables[o.name].sql = o.sql;
    }

    QSqlQuery q(m_db);
    q.setForwardOnly(true);

    // Columns. table_xinfo (SQLite >= 3.26) also lists generated columns;
    // hidden = 1 marks virtual-table internals, skipped like SQLAlchemy.
    ++m_queryCount;
    if (!q.exec(u"SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, p.pk, p.hidden "
                u"FROM sqlite_master AS m JOIN pragma_table_xinfo(m.name) AS p WHERE "_s
                + kUserTables + u" ORDER BY m.name, p.cid"_s))
        return fail(sqlErrorSentence(m_db, q));
    while (q.next()) {
        if (q.value(6).toInt() == 1)
            continue;
        RawColumn c;
        c.column.name = q.value(1).toString();
        c.column.type = resolveType(q.value(2).toString());
        c.column.nullable = q.value(3).toInt() == 0;
        if (!q.value(4).isNull())
            c.column.serverDefault = ServerDefault::expression(q.value(4).toString());
        c.pkPosition = q.value(5).toInt();
        c.column.primaryKey = c.pkPosition > 0;
        tables[q.value(0).toString()].columns << c;
    }

    // Foreign keys, one row per column pair, grouped by id.
    ++m_queryCount;
    if (!q.exec(u"SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", f.on_update, f.on_delete "
                u"FROM sqlite_master AS m JOIN pragma_foreign_key_list(m.name) AS f WHERE "_s
                + kUserTables + u" ORDER BY m.name, f.id, f.seq"_s))
        return fail(sqlErrorSentence(m_db, q));
    while (q.next()) {
        RawTable &t = tables[q.value(0).toString()];
        const int id = q.value(1).toInt();
        if (t.foreignKeys.isEmpty() || t.foreignKeys.last().id != id) {
            RawForeignKey fk;
            fk.id = id;
            fk.referredTable = q.value(2).toString();
            fk.onUpdate = q.value(5).toString();
            fk.onDelete = q.value(6).toString();
            t.foreignKeys << fk;
        }
        t.foreignKeys.last().from << q.value(3).toString();
        t.foreignKeys.last().to << (q.value(4).isNull() ? QString() : q.value(4).toString());
    }

    // Indexes with their columns; a NULL column name is an expression.
    ++m_queryCount;
    if (!q.exec(u"SELECT m.name, il.name, il.\"unique\", ii.name, ii.cid "
                u"FROM sqlite_master AS m JOIN pragma_index_list(m.name) AS il "
                u"LEFT JOIN pragma_index_info(il.name) AS ii WHERE "_s
                + kUserTables + u" ORDER BY m.name, il.seq, ii.seqno"_s))
        return fail(sqlErrorSentence(m_db, q));
    while (q.next()) {
        RawTable &t = tables[q.value(0).toString()];
        const QString indexName = q.value(1).toString();
        if (t.indexes.isEmpty() || t.indexes.last().name != indexName) {
            RawIndex i;
            i.name = indexName;
            i.unique = q.value(2).toInt() != 0;
            t.indexes << i;
        }
        if (q.value(3).isNull())
            t.indexes.last().expression = true;
        else
            t.indexes.last().columns << q.value(3).toString();
    }

    MetaData metadata{NamingConvention(QMap<QString, QString>{})};
    const QHash<QString, RawTable> byName(tables.cbegin(), tables.cend());
    for (auto it = tables.cbegin(); it != tables.cend(); ++it) {
        if (excludeTables.contains(it.key()))
            continue;
        const RawTable &raw = it.value();
        Table table;
        table.name = it.key();
        for (const RawColumn &c : raw.columns)
            table.columns << c.column;
        if (const QStringList pk = pkColumns(raw); !pk.isEmpty())
            table.constraints << Constraint::primaryKey(pk, raw.sql.isEmpty() ? QString() : pkName(raw.sql));
        table.constraints << foreignKeys(raw, byName);
        table.constraints << uniqueConstraints(raw);
        if (!raw.sql.isEmpty())
            table.constraints << checkConstraints(raw.sql);
        for (const RawIndex &i : raw.indexes) {
            if (i.name.startsWith(u"sqlite_autoindex") || i.expression)
                continue;
            Index index;
            index.name = i.name;
            index.columns = i.columns;
            index.unique = i.unique;
            table.indexes << index;
        }
        std::ranges::sort(table.indexes, {}, &Index::name);
        metadata.putTable(std::move(table));
    }
    return metadata;
}

SqlType SqliteInspector::resolveType(const QString &declared)
{
    const QString upper = declared.toUpper();
    static const QRegularExpression shape(u"^([\\w ]+)(\\(.*?\\))?"_s, QRegularExpression::UseUnicodePropertiesOption);
    const auto m = shape.match(upper);
    const QString name = m.hasMatch() ? m.captured(1) : QString();
    QList<int> args;
    if (m.hasMatch()) {
        static const QRegularExpression digits(u"(\\d+)"_s);
        for (auto it = digits.globalMatch(m.captured(2)); it.hasNext();)
            args << it.next().captured(1).toInt();
    }
    // SQLAlchemy calls the class with the numbers found and falls back to no
    // arguments on a TypeError; `maxArgs` is what each class accepts.
    auto firstArg = [&](qsizetype maxArgs) -> std::optional<int> {
        if (args.isEmpty() || args.size() > maxArgs)
            return std::nullopt;
        return args.first();
    };
    auto stringType = [&](const QString &spelled) { return SqlType::string(firstArg(2)).spelledAs(spelled); };
    auto numericType = [&](const QString &spelled) {
        SqlType t = SqlType::numeric();
        if (!args.isEmpty() && args.size() <= 4) {
            t.precision = args.value(0);
            if (args.size() > 1)
                t.scale = args.value(1);
        }
        return t.spelledAs(spelled);
    };
    auto floatType = [&](const QString &spelled) { return SqlType::floating(firstArg(3)).spelledAs(spelled); };
    auto timeZoned = [&](SqlType t, const QString &spelled) {
        if (const auto tz = firstArg(1))
            t.timezone = *tz != 0;
        return t.spelledAs(spelled);
    };

    if (name == u"BIGINT") return SqlType::bigInteger().spelledAs(u"BIGINT"_s);
    if (name == u"BLOB") return SqlType::largeBinary(firstArg(1)).spelledAs(u"BLOB"_s);
    if (name == u"BOOL" || name == u"BOOLEAN") return SqlType::boolean().spelledAs(u"BOOLEAN"_s);
    if (name == u"CHAR") return stringType(u"CHAR"_s);
    if (name == u"DATE" || name == u"DATE_CHAR") return SqlType::date().spelledAs(u"DATE"_s);
    if (name == u"DATETIME" || name == u"DATETIME_CHAR") return timeZoned(SqlType::dateTime(), u"DATETIME"_s);
    if (name == u"DOUBLE") return floatType(u"FLOAT"_s);
    if (name == u"DECIMAL") return numericType(u"DECIMAL"_s);
    if (name == u"FLOAT") return floatType(u"FLOAT"_s);
    if (name == u"INT" || name == u"INTEGER") return SqlType::integer().spelledAs(u"INTEGER"_s);
    if (name == u"JSON") return SqlType::json().spelledAs(u"JSON"_s, u"sqlite"_s);
    if (name == u"NUMERIC") return numericType(u"NUMERIC"_s);
    if (name == u"REAL") return floatType(u"REAL"_s);
    if (name == u"SMALLINT") return SqlType::smallInteger().spelledAs(u"SMALLINT"_s);
    if (name == u"TEXT") return SqlType::text(firstArg(2)).spelledAs(u"TEXT"_s);
    if (name == u"TIME" || name == u"TIME_CHAR") return timeZoned(SqlType::time(), u"TIME"_s);
    if (name == u"TIMESTAMP") return timeZoned(SqlType::dateTime(), u"TIMESTAMP"_s);
    if (name == u"VARCHAR") return stringType(u"VARCHAR"_s);
    if (name == u"NVARCHAR") return stringType(u"NVARCHAR"_s);
    if (name == u"NCHAR") return stringType(u"NCHAR"_s);

    // Not a known name: SQLite's affinity rules (datatype3.html §3.1).
    if (name.contains(u"INT"))
        return SqlType::integer().spelledAs(u"INTEGER"_s);
    if (name.contains(u"CHAR") || name.contains(u"CLOB") || name.contains(u"TEXT"))
        return SqlType::text(firstArg(2)).spelledAs(u"TEXT"_s);
    if (name.contains(u"BLOB") || name.isEmpty()) {
        SqlType t; // NullType; keep the declaration for a faithful rebuild
        t.rawName = declared;
        return t;
    }
    if (name.contains(u"REAL") || name.contains(u"FLOA") || name.contains(u"DOUB"))
        return floatType(u"REAL"_s);
    return numericType(u"NUMERIC"_s);
}

} // namespace pm
