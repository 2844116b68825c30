#include "ui/tableinfo.h"

#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QVariant>

#include "dialect/dialect.h"
#include "runtime/backend.h"

using namespace Qt::StringLiterals;

namespace pm {

bool TableInfo::Column::isNumeric() const
{
    return kind == Kind::Integer || kind == Kind::Real || kind == Kind::Numeric;
}

QString TableInfo::Column::displayName() const
{
    QString text = name;
    if (isForeignKey() && text.endsWith(u"_id"_s))
        text.chop(3);
    text.replace(u'_', u' ');
    if (!text.isEmpty())
        text[0] = text[0].toUpper();
    return text;
}

int TableInfo::indexOf(const QString &columnName) const
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns.at(i).name.compare(columnName, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

TableInfo::Column::Kind TableInfo::kindOf(const QString &declaredType)
{
    using Kind = Column::Kind;
    const QString t = declaredType.toUpper();
    if (t.startsWith(u"BOOL"_s))
        return Kind::Boolean;
    if (t == u"DATE"_s)
        return Kind::Date;
    if (t.startsWith(u"DATETIME"_s) || t.startsWith(u"TIMESTAMP"_s))
        return Kind::DateTime;
    // The affinity rules, in SQLite's order.
    if (t.contains(u"INT"_s))
        return Kind::Integer;
    if (t.contains(u"CHAR"_s) || t.contains(u"CLOB"_s) || t.contains(u"TEXT"_s))
        return Kind::Text;
    if (t.isEmpty() || t.contains(u"BLOB"_s))
        return Kind::Blob;
    if (t.contains(u"REAL"_s) || t.contains(u"FLOA"_s) || t.contains(u"DOUB"_s))
        return Kind::Real;
    return Kind::Numeric;
}

QString TableInfo::caseless(const QString &expression) const
{
    if (server)
        return u"lower("_s + expression + u')';
    return expression + u" COLLATE NOCASE"_s;
}

QString TableInfo::likeOperator() const
{
    // SQLite's LIKE already ignores ASCII case; PostgreSQL's does not.
    return server ? u"ILIKE"_s : u"LIKE"_s;
}

QString TableInfo::quote(const QString &identifier)
{
    QString quoted = identifier;
    quoted.replace(u'"', u"\"\""_s);
    return u'"' + quoted + u'"';
}

namespace {

QString labelColumnOf(const QSqlDatabase &db, const QString &table, const QString &keyColumn)
{
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(u"SELECT name, type, pk FROM pragma_table_info(?)"_s))
        return keyColumn;
    query.addBindValue(table);
    if (!query.exec())
        return keyColumn;
    QString firstText;
    while (query.next()) {
        const QString name = query.value(0).toString();
        if (name.compare(u"name"_s, Qt::CaseInsensitive) == 0)
            return name;
        if (firstText.isEmpty() && query.value(2).toInt() == 0
            && TableInfo::kindOf(query.value(1).toString()) == TableInfo::Column::Kind::Text)
            firstText = name;
    }
    return firstText.isEmpty() ? keyColumn : firstText;
}

} // namespace

namespace {

TableInfo::Column::Kind kindOfType(const SqlType &type)
{
    using Kind = TableInfo::Column::Kind;
    switch (type.kind) {
    case SqlType::Kind::Integer:
    case SqlType::Kind::BigInteger:
    case SqlType::Kind::SmallInteger:
        return Kind::Integer;
    case SqlType::Kind::Boolean:
        return Kind::Boolean;
    case SqlType::Kind::Float:
        return Kind::Real;
    case SqlType::Kind::Numeric:
        return Kind::Numeric;
    case SqlType::Kind::Date:
        return Kind::Date;
    case SqlType::Kind::DateTime:
        return Kind::DateTime;
    case SqlType::Kind::LargeBinary:
        return Kind::Blob;
    default:
        return Kind::Text;
    }
}

// A server's table as the backend's inspector reflects it (the whole schema
// in a constant number of queries; the window reads two tables).
std::optional<TableInfo> reflectFromInspector(const QSqlDatabase &db, const QString &table)
{
    const Result<MetaData> schema = reflectDatabase(db);
    if (!schema)
        return std::nullopt;
    const Table *reflected = schema->table(table);
    if (!reflected)
        return std::nullopt;
    const std::unique_ptr<Dialect> dialect = makeDialect(DatabaseUrl::Backend::PostgreSql);
    TableInfo info;
    info.name = table;
    info.server = true;
    info.rowKey.clear();
    for (const pm::Column &c : reflected->columns) {
        TableInfo::Column column;
        column.name = c.name;
        column.declaredType = dialect->typeSql(c.type).value_or(c.type.rawName);
        column.kind = kindOfType(c.type);
        column.notNull = !c.nullable;
        column.primaryKey = c.primaryKey;
        column.hasDefault = c.serverDefault.has_value();
        if (column.kind == TableInfo::Column::Kind::Text && c.type.length)
            column.maxLength = *c.type.length;
        info.columns.append(column);
    }
    if (const Constraint *pk = reflected->primaryKey(); pk && pk->columns.size() == 1) {
        const int index = info.indexOf(pk->columns.first());
        if (index >= 0 && info.columns.at(index).kind == TableInfo::Column::Kind::Integer)
            info.rowKey = TableInfo::quote(pk->columns.first());
    }
    for (const Constraint &fk : reflected->constraintsOfKind(Constraint::Kind::ForeignKey)) {
        if (fk.columns.size() != 1)
            continue;
        const int index = info.indexOf(fk.columns.first());
        if (index < 0)
            continue;
        TableInfo::Column &column = info.columns[index];
        column.refTable = fk.referredTable;
        column.refColumn = fk.referredColumns.value(0, u"id"_s);
        column.refLabelColumn = column.refColumn;
        if (const Table *target = schema->table(fk.referredTable)) {
            QString firstText;
            for (const pm::Column &candidate : target->columns) {
                if (candidate.name.compare(u"name"_s, Qt::CaseInsensitive) == 0) {
                    firstText = candidate.name;
                    break;
                }
                if (firstText.isEmpty() && !candidate.primaryKey && kindOfType(candidate.type) == TableInfo::Column::Kind::Text)
                    firstText = candidate.name;
            }
            if (!firstText.isEmpty())
                column.refLabelColumn = firstText;
        }
    }
    return info;
}

} // namespace

std::optional<TableInfo> TableInfo::reflect(const QSqlDatabase &db, const QString &table)
{
    if (db.driverName() != u"QSQLITE"_s)
        return reflectFromInspector(db, table);
    TableInfo info;
    info.name = table;
    {
        QSqlQuery query(db);
        query.setForwardOnly(true);
        if (!query.prepare(u"SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?)"_s))
            return std::nullopt;
        query.addBindValue(table);
        if (!query.exec())
            return std::nullopt;
        static const QRegularExpression lengthPattern(u"\\(\\s*(\\d+)\\s*\\)"_s);
        while (query.next()) {
            Column column;
            column.name = query.value(0).toString();
            column.declaredType = query.value(1).toString();
            column.kind = kindOf(column.declaredType);
            column.notNull = query.value(2).toInt() != 0;
            column.hasDefault = !query.value(3).isNull();
            column.primaryKey = query.value(4).toInt() != 0;
            if (column.kind == Column::Kind::Text) {
                const auto match = lengthPattern.match(column.declaredType);
                if (match.hasMatch())
                    column.maxLength = match.captured(1).toInt();
            }
            info.columns.append(column);
        }
    }
    if (info.columns.isEmpty())
        return std::nullopt;

    QSqlQuery fks(db);
    fks.setForwardOnly(true);
    if (fks.prepare(u"SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?)"_s)) {
        fks.addBindValue(table);
        if (fks.exec()) {
            QList<std::pair<int, std::pair<QString, QString>>> found;
            while (fks.next()) {
                const int index = info.indexOf(fks.value(1).toString());
                if (index >= 0)
                    found.append({index, {fks.value(0).toString(), fks.value(2).toString()}});
            }
            fks.finish();
            for (const auto &[index, target] : found) {
                Column &column = info.columns[index];
                column.refTable = target.first;
                // "REFERENCES user" without a column means the primary key.
                column.refColumn = target.second.isEmpty() ? u"id"_s : target.second;
                column.refLabelColumn = labelColumnOf(db, column.refTable, column.refColumn);
            }
        }
    }
    return info;
}

} // namespace pm
