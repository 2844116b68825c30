#include "diagram/elementtext.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString withSize(const QString &name, const SqlType &type)
{
    if (type.length)
        return u"%1(%2)"_s.arg(name).arg(*type.length);
    if (type.precision && type.scale)
        return u"%1(%2, %3)"_s.arg(name).arg(*type.precision).arg(*type.scale);
    if (type.precision)
        return u"%1(%2)"_s.arg(name).arg(*type.precision);
    return name;
}

QString columnList(const QStringList &columns)
{
    return u'(' + columns.join(u", "_s) + u')';
}

QString qualified(const QString &table, const QString &column)
{
    return table.isEmpty() ? column : table + u'.' + column;
}

QString columnSummary(const Column &column)
{
    QStringList parts{typeText(column.type)};
    if (column.primaryKey)
        parts << u"primary key"_s;
    else
        parts << (column.nullable ? u"nullable"_s : u"NOT NULL"_s);
    if (column.serverDefault)
        parts << u"default "_s + defaultText(column.serverDefault);
    return parts.join(u", "_s);
}

QString constraintKindWord(const QString &type)
{
    if (type == u"foreignkey")
        return u"foreign key"_s;
    if (type == u"unique")
        return u"unique constraint"_s;
    if (type == u"check")
        return u"check constraint"_s;
    if (type == u"primary")
        return u"primary key"_s;
    return u"constraint"_s;
}

QString oneLine(const QString &sql)
{
    QString text = sql.simplified();
    if (text.size() > 70)
        text = text.left(67) + u"…"_s;
    return text;
}

} // namespace

QString typeText(const SqlType &type)
{
    switch (type.kind) {
    case SqlType::Kind::Other:
        return type.rawName.isEmpty() ? u"?"_s : type.rawName;
    case SqlType::Kind::Null:
        return u"NULL"_s;
    case SqlType::Kind::Enum:
        if (type.upperName.isEmpty())
            return u"Enum("_s + type.enumValues.join(u", "_s) + u')';
        break;
    default:
        break;
    }
    if (!type.upperName.isEmpty())
        return withSize(type.upperName, type);
    const QString name = type.className();
    if (type.timezone)
        return name + u"(timezone)"_s;
    return withSize(name, type);
}

QString defaultText(const std::optional<ServerDefault> &serverDefault)
{
    return serverDefault ? serverDefault->sql() : QString();
}

QString constraintText(const Constraint &constraint)
{
    switch (constraint.kind) {
    case Constraint::Kind::PrimaryKey:
        return u"PRIMARY KEY "_s + columnList(constraint.columns);
    case Constraint::Kind::Unique:
        return u"UNIQUE "_s + columnList(constraint.columns);
    case Constraint::Kind::Check:
        return u"CHECK ("_s + constraint.sqlText + u')';
    case Constraint::Kind::ForeignKey: {
        QString text = u"FOREIGN KEY %1 → %2 %3"_s.arg(columnList(constraint.columns),
                                                       qualified(constraint.referredSchema, constraint.referredTable),
                                                       columnList(constraint.referredColumns));
        if (!constraint.onDelete.isEmpty())
            text += u" ON DELETE "_s + constraint.onDelete;
        if (!constraint.onUpdate.isEmpty())
            text += u" ON UPDATE "_s + constraint.onUpdate;
        return text;
    }
    }
    return {};
}

QString describeOperation(const Operation &operation, const QString &batchTable)
{
    const auto tableOf = [&](const QString &name) { return name.isEmpty() ? batchTable : name; };
    if (const auto *o = operation.as<CreateTableOp>())
        return u"create table %1 (%2 columns)"_s.arg(o->table.qualifiedName()).arg(o->table.columns.size());
    if (const auto *o = operation.as<DropTableOp>())
        return u"drop table "_s + qualified(o->schema, o->tableName);
    if (const auto *o = operation.as<RenameTableOp>())
        return u"rename table %1 → %2"_s.arg(qualified(o->schema, o->oldName), o->newName);
    if (const auto *o = operation.as<AddColumnOp>())
        return u"add column %1 %2"_s.arg(qualified(tableOf(o->tableName), o->column.name), columnSummary(o->column));
    if (const auto *o = operation.as<DropColumnOp>())
        return u"drop column "_s + qualified(tableOf(o->tableName), o->columnName);
    if (const auto *o = operation.as<AlterColumnOp>()) {
        QStringList changes;
        if (o->newName && *o->newName != o->columnName)
            changes << u"rename to "_s + *o->newName;
        if (o->type)
            changes << u"type %1 → %2"_s.arg(o->existingType ? typeText(*o->existingType) : u"?"_s, typeText(*o->type));
        if (o->nullable)
            changes << (*o->nullable ? u"NULL allowed"_s : u"NOT NULL"_s);
        if (o->serverDefault)
            changes << (*o->serverDefault ? u"default "_s + defaultText(*o->serverDefault) : u"no default"_s);
        if (o->comment)
            changes << u"comment"_s;
        const QString column = qualified(tableOf(o->tableName), o->columnName);
        return changes.isEmpty() ? u"alter column "_s + column
                                 : u"alter column %1: %2"_s.arg(column, changes.join(u", "_s));
    }
    if (const auto *o = operation.as<CreateIndexOp>())
        return u"create %1index %2 on %3 %4"_s.arg(o->index.unique ? u"unique "_s : QString(), o->index.name,
                                                    tableOf(o->tableName), columnList(o->index.columns));
    if (const auto *o = operation.as<DropIndexOp>()) {
        const QString table = tableOf(o->tableName);
        return table.isEmpty() ? u"drop index "_s + o->indexName : u"drop index %1 on %2"_s.arg(o->indexName, table);
    }
    if (const auto *o = operation.as<AddConstraintOp>()) {
        const QString table = tableOf(o->tableName);
        const QString name = o->constraint.name.isEmpty() ? QString() : o->constraint.name + u' ';
        switch (o->constraint.kind) {
        case Constraint::Kind::ForeignKey:
            return u"add foreign key %1on %2: %3"_s.arg(name, table, constraintText(o->constraint));
        case Constraint::Kind::Unique:
            return u"add unique constraint %1on %2 %3"_s.arg(name, table, columnList(o->constraint.columns));
        case Constraint::Kind::Check:
            return u"add check constraint %1on %2: %3"_s.arg(name, table, o->constraint.sqlText);
        case Constraint::Kind::PrimaryKey:
            return u"add primary key %1on %2 %3"_s.arg(name, table, columnList(o->constraint.columns));
        }
    }
    if (const auto *o = operation.as<DropConstraintOp>())
        return u"drop %1 %2 on %3"_s.arg(constraintKindWord(o->type), o->constraintName, tableOf(o->tableName));
    if (const auto *o = operation.as<ExecuteOp>())
        return u"execute SQL: "_s + oneLine(o->sql);
    if (const auto *o = operation.as<BulkInsertOp>())
        return u"insert %1 row(s) into %2"_s.arg(o->rows.size()).arg(tableOf(o->tableName));
    if (const auto *o = operation.as<BatchAlterTableOp>())
        return u"batch_alter_table %1 (%2 operation(s))"_s.arg(qualified(o->schema, o->tableName)).arg(o->ops.size());
    return {};
}

QString groupedNumber(qint64 value)
{
    QString digits = QString::number(value < 0 ? -value : value);
    for (qsizetype i = digits.size() - 3; i > 0; i -= 3)
        digits.insert(i, u',');
    return value < 0 ? u'-' + digits : digits;
}

} // namespace pm
