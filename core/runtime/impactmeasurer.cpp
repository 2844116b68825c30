#include "runtime/impactmeasurer.h"

#include <QLocale>
#include <QSqlQuery>

#include "dialect/dialect.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString number(qint64 n) { return QLocale(QLocale::English).toString(n); }
// "1 row", "1,204 rows".
QString counted(qint64 n, const QString &noun) { return number(n) + u' ' + noun + (n == 1 ? u""_s : u"s"_s); }

QString elementName(const SchemaElementRef &element)
{
    const QString table = element.schema.isEmpty() ? element.table : element.schema + u'.' + element.table;
    switch (element.kind) {
    case SchemaElementRef::Kind::Table: return u"table "_s + table;
    case SchemaElementRef::Kind::Column: return u"column "_s + table + u'.' + element.name;
    case SchemaElementRef::Kind::Index: return u"index %1 on %2"_s.arg(element.name, table);
    case SchemaElementRef::Kind::Constraint: return u"constraint %1 on %2"_s.arg(element.name, table);
    }
    return table;
}

} // namespace

qint64 ImpactMeasurer::count(const QString &sql) const
{
    QSqlQuery q(m_db);
    if (!q.exec(sql) || !q.next())
        return 0;
    return q.value(0).toLongLong();
}

QString ImpactMeasurer::t(const QString &table) const
{
    return m_dialect.quote(table);
}

QString ImpactMeasurer::c(const QString &column) const
{
    return m_dialect.quote(column);
}

void ImpactMeasurer::measure(const Operation &op, const QString &batchTable, const QString &batchSchema, const QString &revision,
             QList<Impact> &out) const
{
    const QString table = op.tableName().isEmpty() ? batchTable : op.tableName();
    const QString schema = op.schemaName().isEmpty() ? batchSchema : op.schemaName();
    auto add = [&](Impact::Kind kind, const SchemaElementRef &element, qint64 rows, const QString &summary) {
        if (rows > 0 || kind == Impact::Kind::Destroys)
            out << Impact{kind, revision, op.location, element, rows, summary,
                          elementName(element) + u": "_s + summary};
    };
    const auto column = [&](const QString &name) { return SchemaElementRef::ofColumn(table, name, schema); };

    if (const auto *o = op.as<BatchAlterTableOp>()) {
        for (const Operation &inner : o->ops)
            measure(inner, o->tableName, o->schema, revision, out);
    } else if (op.is<DropTableOp>()) {
        const qint64 n = count(u"SELECT count(*) FROM %1"_s.arg(t(table)));
        add(Impact::Kind::Destroys, SchemaElementRef::ofTable(table, schema), n, u"drops "_s + counted(n, u"row"_s));
    } else if (const auto *o = op.as<DropColumnOp>()) {
        const qint64 n = count(u"SELECT count(%1) FROM %2"_s.arg(c(o->columnName), t(table)));
        add(Impact::Kind::Destroys, column(o->columnName), n, u"drops "_s + counted(n, u"non-NULL value"_s));
    } else if (const auto *o = op.as<AlterColumnOp>()) {
        if (o->nullable && !*o->nullable) {
            const qint64 n = count(u"SELECT count(*) FROM %1 WHERE %2 IS NULL"_s.arg(t(table), c(o->columnName)));
            add(Impact::Kind::WillFail, column(o->columnName), n,
                u"NOT NULL over %1: this step will fail"_s.arg(counted(n, u"NULL row"_s)));
        }
        // Only a narrower string type can cut values; a wider one cannot.
        const bool narrower = o->type && o->type->length && o->type->isString()
            && !(o->existingType && o->existingType->isString() && o->existingType->length
                 && *o->existingType->length <= *o->type->length);
        if (narrower) {
            const qint64 n = count(u"SELECT count(*) FROM %1 WHERE length(%2) > %3"_s.arg(t(table), c(o->columnName))
                                       .arg(*o->type->length));
            add(Impact::Kind::Destroys, column(o->columnName), n,
                u"narrows to %1 characters: %2 longer"_s.arg(number(*o->type->length), counted(n, u"value"_s)));
        }
        if (o->type && o->type->isInteger() && o->existingType
            && (o->existingType->kind == SqlType::Kind::Float || o->existingType->kind == SqlType::Kind::Numeric)) {
            const qint64 n = count(u"SELECT count(*) FROM %1 WHERE %2 <> CAST(%2 AS INTEGER)"_s.arg(t(table), c(o->columnName)));
            add(Impact::Kind::Destroys, column(o->columnName), n,
                u"becomes an integer: %1 lose their fraction"_s.arg(counted(n, u"value"_s)));
        }
    } else if (const auto *o = op.as<AddColumnOp>()) {
        if (!o->column.nullable && !o->column.serverDefault) {
            const qint64 n = count(u"SELECT count(*) FROM %1"_s.arg(t(table)));
            add(Impact::Kind::WillFail, column(o->column.name), n,
                u"NOT NULL without a default over %1: this step will fail"_s.arg(counted(n, u"existing row"_s)));
        }
    } else if (const auto *o = op.as<CreateIndexOp>()) {
        if (o->index.unique)
            measureDuplicates(table, o->index.columns, SchemaElementRef::ofIndex(table, o->index.name, schema),
                              revision, op, out);
    } else if (const auto *o = op.as<AddConstraintOp>()) {
        const Constraint &k = o->constraint;
        const SchemaElementRef element = k.name.isEmpty() && !k.columns.isEmpty()
            ? column(k.columns.first())
            : SchemaElementRef::ofConstraint(table, k.name, schema);
        if (k.isUnique()) {
            measureDuplicates(table, k.columns, element, revision, op, out);
        } else if (k.isForeignKey() && k.columns.size() == 1) {
            const qint64 n = count(u"SELECT count(*) FROM %1 WHERE %2 IS NOT NULL AND %2 NOT IN (SELECT %3 FROM %4)"_s
                                       .arg(t(table), c(k.columns.first()), c(k.referredColumns.value(0)),
                                            t(k.referredTable)));
            add(Impact::Kind::WillFail, element, n,
                u"foreign key %1 -> %2 over %3: this step will fail"_s.arg(k.columns.first(), k.referredTable,
                                                                         counted(n, u"orphan row"_s)));
        }
    }
}

void ImpactMeasurer::measureDuplicates(const QString &table, const QStringList &columns, const SchemaElementRef &element,
                       const QString &revision, const Operation &op, QList<Impact> &out) const
{
    QStringList cols;
    for (const QString &col : columns)
        cols << c(col);
    const qint64 n = count(u"SELECT count(*) FROM (SELECT 1 FROM %1 GROUP BY %2 HAVING count(*) > 1)"_s.arg(
        t(table), cols.join(u", "_s)));
    if (n > 0) {
        const QString summary = u"unique on (%1) over %2: this step will fail"_s.arg(
            columns.join(u", "_s), counted(n, u"duplicated value"_s));
        out << Impact{Impact::Kind::WillFail, revision, op.location, element, n, summary,
                      elementName(element) + u": "_s + summary};
    }
}

} // namespace pm
