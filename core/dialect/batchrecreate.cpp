#include "dialect/batchrecreate.h"

#include <algorithm>

#include <QRegularExpression>
#include <QSet>

#include "dialect/sqlitedialect.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

bool mentions(const QString &sql, const QString &name)
{
    // A word match is enough: over-including a dependent only means it is
    // dropped and recreated unchanged.
    const QRegularExpression re(u"(?<![\\w$])"_s + QRegularExpression::escape(name) + u"(?![\\w$])"_s,
                                QRegularExpression::CaseInsensitiveOption
                                    | QRegularExpression::UseUnicodePropertiesOption);
    return re.match(sql).hasMatch();
}

bool sameName(const QString &a, const QString &b)
{
    // SQLite compares identifiers case-insensitively (ASCII).
    return a.compare(b, Qt::CaseInsensitive) == 0;
}

bool columnsPresent(const QStringList &columns, const Table &table)
{
    return std::ranges::all_of(columns, [&](const QString &c) { return table.column(c) != nullptr; });
}

} // namespace

QString BatchRecreate::tempTableName(const QString &table)
{
    // Python slices code points, not UTF-16 units.
    const QString full = u"_alembic_tmp_"_s + table;
    const QList<uint> ucs4 = full.toUcs4();
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(ucs4.constData()), std::min<qsizetype>(ucs4.size(), 50));
}

QList<Constraint> BatchRecreate::reflectedChecks(const QString &tableSql)
{
    // [^\n] for Python's '.', which stops only at a line feed.
    static const QRegularExpression check(u"(?:CONSTRAINT ([^\n]+) +)?CHECK *\\( *([^\n]+) *\\),? *"_s,
                                          QRegularExpression::CaseInsensitiveOption
                                              | QRegularExpression::UseUnicodePropertiesOption);
    static const QRegularExpression outerQuotes(u"^\"|\"$"_s);
    QList<Constraint> out;
    for (auto it = check.globalMatch(tableSql); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        QString name = m.captured(1);
        if (name.isEmpty())
            continue;
        name.replace(outerQuotes, QString());
        out << Constraint::check(m.captured(2), name);
    }
    return out;
}

Result<Table> BatchRecreate::asReflected(const SqliteDialect &dialect, Table table, const QString &tableSql)
{
    for (Column &column : table.columns) {
        if (!column.serverDefault)
            continue;
        auto clause = dialect.defaultClauseSql(*column.serverDefault);
        if (!clause)
            return fail(u"(in table '%1', column '%2'): %3"_s.arg(table.name, column.name, clause.error().message));
        const QString stored = SqliteDialect::storedDefault(*clause);
        column.serverDefault = ServerDefault::expression(
            SqliteDialect::isUnparenthesizedSqlExpression(stored) ? u'(' + stored + u')' : stored);
    }
    // SQLAlchemy 1.4's SQLite get_foreign_keys reads ON DELETE / ON UPDATE
    // from the table's SQL, upper-cased, and drops NO ACTION.
    for (Constraint &c : table.constraints) {
        if (!c.isForeignKey())
            continue;
        for (QString *action : {&c.onDelete, &c.onUpdate}) {
            *action = action->simplified().toUpper();
            if (*action == u"NO ACTION")
                action->clear();
        }
        // It finds a name only as `CONSTRAINT (\w+)`: one the DDL quotes
        // ("fk_Post_hidden_by") is read as no name.
        if (!c.name.isEmpty() && dialect.quote(c.name) != c.name)
            c.name.clear();
    }
    table.sqliteAutoincrement = false;
    table.constraints.removeIf([](const Constraint &c) { return c.isCheck(); });
    // ApplyBatchImpl keeps named constraints in a dict by name: two CHECKs
    // of one name (an added Boolean's, see SqlPlanner) become one.
    QStringList names;
    for (const Constraint &c : reflectedChecks(tableSql)) {
        if (names.contains(c.name))
            continue;
        names << c.name;
        table.constraints << c;
    }
    return table;
}

QList<SchemaObject> BatchRecreate::dependents(const QString &table, const QList<SchemaObject> &schemaObjects)
{
    // Views that mention the table, then views that mention those, until
    // nothing changes: SQLite checks every view on RENAME.
    QSet<qsizetype> picked;
    QStringList droppedNames{table};
    bool grew = true;
    while (grew) {
        grew = false;
        for (qsizetype i = 0; i < schemaObjects.size(); ++i) {
            const SchemaObject &o = schemaObjects.at(i);
            if (o.type != u"view" || picked.contains(i))
                continue;
            if (std::ranges::any_of(droppedNames, [&](const QString &n) { return mentions(o.sql, n); })) {
                picked.insert(i);
                droppedNames << o.name;
                grew = true;
            }
        }
    }
    for (qsizetype i = 0; i < schemaObjects.size(); ++i) {
        const SchemaObject &o = schemaObjects.at(i);
        if (o.type != u"trigger" || o.sql.isEmpty())
            continue;
        const bool onDropped = std::ranges::any_of(droppedNames, [&](const QString &n) { return sameName(o.tableName, n); });
        const bool mentioning = std::ranges::any_of(droppedNames, [&](const QString &n) { return mentions(o.sql, n); });
        if (onDropped || mentioning)
            picked.insert(i);
    }
    QList<qsizetype> order(picked.cbegin(), picked.cend());
    std::ranges::sort(order);
    QList<SchemaObject> out;
    for (qsizetype i : order)
        out << schemaObjects.at(i);
    return out;
}

Result<QStringList> BatchRecreate::statements(const SqliteDialect &dialect, const Plan &plan)
{
    const Table &before = plan.before;
    const Table &after = plan.after;
    if (!sameName(before.name, after.name) || before.schema != after.schema)
        return fail(u"batch rebuild of '%1' cannot also rename it to '%2'"_s.arg(before.name, after.name));

    // Which new column takes its data from which old one.
    QList<QPair<const Column *, const Column *>> copies; // (new, old), in new-table order
    for (const Column &column : after.columns) {
        QString source;
        if (plan.copiedFrom) {
            source = plan.copiedFrom->value(column.name);
        } else if (before.column(column.name)) {
            source = column.name;
        }
        if (source.isEmpty())
            continue;
        const Column *old = before.column(source);
        if (!old)
            return fail(u"batch rebuild of '%1': column '%2' is to be copied from '%3', which the table does not have"_s
                            .arg(before.name, column.name, source));
        copies.append(qMakePair(&column, old));
    }

    // The new table under the temporary name. Alembic gathers named
    // constraints before unnamed ones; SQLAlchemy then writes the primary
    // key first. Constraints on columns the new table lacks are left out.
    Table temp = after;
    temp.name = tempTableName(after.name);
    temp.indexes.clear();
    QList<Constraint> named;
    QList<Constraint> unnamed;
    for (const Constraint &c : after.constraints) {
        if (!c.isCheck() && !columnsPresent(c.columns, after))
            continue;
        (c.name.isEmpty() ? unnamed : named) << c;
    }
    temp.constraints = named + unnamed;

    QStringList out;
    auto create = dialect.createTable(temp);
    if (!create)
        return fail(create.error());
    out << *create;

    if (!copies.isEmpty()) {
        const QString source = dialect.formatTable(before.name, before.schema);
        QStringList targets;
        QStringList expressions;
        for (const auto &[column, old] : copies) {
            targets << dialect.quote(column->name);
            QString expr = source + u'.' + dialect.quote(old->name);
            // Alembic's SQLiteImpl.cast_for_batch_migrate: CAST when the type
            // affinity changes, except to JSON; the label is the old name.
            if (SqliteDialect::typeAffinity(old->type) != SqliteDialect::typeAffinity(column->type)
                && column->type.kind != SqlType::Kind::Json) {
                auto type = dialect.typeSql(column->type);
                if (!type)
                    return fail(type.error());
                expr = u"CAST("_s + expr + u" AS "_s + *type + u") AS "_s + dialect.quote(old->name);
            }
            expressions << expr;
        }
        out << u"INSERT INTO "_s + dialect.formatTable(temp.name, temp.schema) + u" ("_s + targets.join(u", "_s)
                + u") SELECT "_s + expressions.join(u", "_s) + u" \nFROM "_s + source;
    }

    const QList<SchemaObject> deps = dependents(before.name, plan.schemaObjects);
    QStringList droppedViews;
    for (const SchemaObject &o : deps) {
        if (o.type == u"view")
            droppedViews << o.name;
    }
    // Triggers go with their table or view; only the others need a DROP.
    for (const SchemaObject &o : deps) {
        if (o.type != u"trigger" || sameName(o.tableName, before.name))
            continue;
        if (std::ranges::any_of(droppedViews, [&](const QString &v) { return sameName(o.tableName, v); }))
            continue;
        out << u"DROP TRIGGER "_s + dialect.formatTable(o.name, before.schema);
    }
    for (auto it = droppedViews.crbegin(); it != droppedViews.crend(); ++it)
        out << u"DROP VIEW "_s + dialect.formatTable(*it, before.schema);

    out << dialect.dropTable(before.name, before.schema);
    out << dialect.renameTable(temp.name, after.name, after.schema);

    for (const Index &index : after.indexes) {
        if (!std::ranges::all_of(index.columns, [&](const QString &c) { return c.contains(u'(') || after.column(c); }))
            return fail(u"batch rebuild of '%1': index '%2' is on a column the new table does not have"_s.arg(
                after.name, index.name));
        auto sql = dialect.createIndex(after.name, index, after.schema);
        if (!sql)
            return fail(sql.error());
        out << *sql;
    }
    for (const SchemaObject &o : deps) {
        if (o.type == u"view")
            out << o.sql;
    }
    for (const SchemaObject &o : deps) {
        if (o.type == u"trigger")
            out << o.sql;
    }
    return out;
}

} // namespace pm
