#include "opdump.h"

#include <QStringList>

using namespace Qt::StringLiterals;

namespace pm::test {

namespace {

QString type(const SqlType &t)
{
    QString s = (t.dialectModule.isEmpty() ? QString() : t.dialectModule + u'.') + t.pythonRepr();
    if (!t.upperName.isEmpty())
        s += u'=' + t.generic().pythonRepr();
    return s;
}

QString serverDefault(const std::optional<ServerDefault> &d)
{
    if (!d)
        return u"None"_s;
    return d->kind == ServerDefault::Kind::Literal ? u"'"_s + d->text + u"'"_s : u"text("_s + d->text + u")"_s;
}

QString column(const Column &c)
{
    QString s = c.name + u':' + type(c.type);
    if (!c.nullable)
        s += u" NOT NULL"_s;
    if (c.primaryKey)
        s += u" PK"_s;
    if (c.serverDefault)
        s += u" DEFAULT "_s + serverDefault(c.serverDefault);
    if (c.autoincrement != Column::Autoincrement::Auto)
        s += c.autoincrement == Column::Autoincrement::Yes ? u" AI"_s : u" NOAI"_s;
    if (!c.comment.isEmpty())
        s += u" COMMENT "_s + c.comment;
    return s;
}

QString constraint(const Constraint &c)
{
    QString s;
    switch (c.kind) {
    case Constraint::Kind::PrimaryKey: s = u"PK("_s + c.columns.join(u',') + u')'; break;
    case Constraint::Kind::Unique: s = u"UQ("_s + c.columns.join(u',') + u')'; break;
    case Constraint::Kind::Check: s = u"CK("_s + c.sqlText + u')'; break;
    case Constraint::Kind::ForeignKey:
        s = u"FK("_s + c.columns.join(u',') + u"->"_s
            + (c.referredSchema.isEmpty() ? QString() : c.referredSchema + u'.') + c.referredTable + u'('
            + c.referredColumns.join(u',') + u"))"_s;
        if (!c.onDelete.isEmpty())
            s += u" ondelete="_s + c.onDelete;
        if (!c.onUpdate.isEmpty())
            s += u" onupdate="_s + c.onUpdate;
        break;
    }
    if (!c.deferrable.isEmpty())
        s += u' ' + c.deferrable;
    if (!c.initially.isEmpty())
        s += u" INITIALLY "_s + c.initially;
    if (!c.name.isEmpty())
        s += u" name="_s + c.name + (c.conventionName ? u"~"_s : QString());
    return s;
}

QString index(const Index &i)
{
    QStringList elements = i.columns;
    if (i.hasExpressions()) {
        // Text and columns as written; any other expression by its kind.
        elements.clear();
        for (const SqlExpression &e : i.expressions) {
            const bool written = e.kind == SqlExpression::Kind::Text || e.kind == SqlExpression::Kind::LiteralColumn
                || e.kind == SqlExpression::Kind::Column;
            elements << (written ? e.text : u"<expr>"_s);
        }
    }
    return (i.unique ? u"UIX("_s : u"IX("_s) + elements.join(u',') + u')'
        + (i.name.isEmpty() ? QString() : u" name="_s + i.name + (i.conventionName ? u"~"_s : QString()));
}

QString table(const QString &name, const QString &schema)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

} // namespace

QString dump(const Operation &operation)
{
    return std::visit(
        [](const auto &o) -> QString {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>) {
                QStringList parts;
                for (const Column &c : o.table.columns)
                    parts << column(c);
                for (const Constraint &c : o.table.constraints)
                    parts << constraint(c);
                for (const Index &i : o.table.indexes)
                    parts << index(i);
                if (!o.table.comment.isEmpty())
                    parts << u"comment="_s + o.table.comment;
                return u"create_table "_s + table(o.table.name, o.table.schema) + u" ["_s + parts.join(u", "_s)
                    + u']';
            } else if constexpr (std::is_same_v<T, DropTableOp>) {
                return u"drop_table "_s + table(o.tableName, o.schema);
            } else if constexpr (std::is_same_v<T, RenameTableOp>) {
                return u"rename_table "_s + table(o.oldName, o.schema) + u" -> "_s + o.newName;
            } else if constexpr (std::is_same_v<T, AddColumnOp>) {
                QString s = u"add_column "_s + table(o.tableName, o.schema) + u' ' + column(o.column);
                for (const Constraint &c : o.constraints)
                    s += u", "_s + constraint(c);
                if (o.index)
                    s += u", index"_s;
                return s;
            } else if constexpr (std::is_same_v<T, DropColumnOp>) {
                return u"drop_column "_s + table(o.tableName, o.schema) + u'.' + o.columnName;
            } else if constexpr (std::is_same_v<T, AlterColumnOp>) {
                QStringList parts;
                if (o.nullable)
                    parts << u"nullable="_s + (*o.nullable ? u"True"_s : u"False"_s);
                if (o.type)
                    parts << u"type="_s + type(*o.type);
                if (o.serverDefault)
                    parts << u"default="_s + serverDefault(*o.serverDefault);
                if (o.newName)
                    parts << u"name="_s + *o.newName;
                if (o.comment)
                    parts << u"comment="_s + *o.comment;
                if (o.autoincrement)
                    parts << u"autoincrement="_s + (*o.autoincrement ? u"True"_s : u"False"_s);
                if (o.existingType)
                    parts << u"existing_type="_s + type(*o.existingType);
                if (o.existingNullable)
                    parts << u"existing_nullable="_s + (*o.existingNullable ? u"True"_s : u"False"_s);
                if (o.existingServerDefault)
                    parts << u"existing_default="_s + serverDefault(*o.existingServerDefault);
                if (o.existingComment)
                    parts << u"existing_comment="_s + *o.existingComment;
                return u"alter_column "_s + table(o.tableName, o.schema) + u'.' + o.columnName + u" ["_s
                    + parts.join(u", "_s) + u']';
            } else if constexpr (std::is_same_v<T, CreateIndexOp>) {
                return u"create_index "_s + table(o.tableName, o.schema) + u' ' + index(o.index);
            } else if constexpr (std::is_same_v<T, DropIndexOp>) {
                return u"drop_index "_s + o.indexName
                    + (o.tableName.isEmpty() ? QString() : u" on "_s + table(o.tableName, o.schema));
            } else if constexpr (std::is_same_v<T, AddConstraintOp>) {
                return u"add_constraint "_s + table(o.tableName, o.schema) + u' ' + constraint(o.constraint);
            } else if constexpr (std::is_same_v<T, DropConstraintOp>) {
                return u"drop_constraint "_s + (o.constraintName.isEmpty() ? u"None"_s : o.constraintName) + u" on "_s
                    + table(o.tableName, o.schema) + (o.type.isEmpty() ? QString() : u" type="_s + o.type);
            } else if constexpr (std::is_same_v<T, ExecuteOp>) {
                return u"execute "_s + o.sql;
            } else if constexpr (std::is_same_v<T, BulkInsertOp>) {
                QStringList cols;
                for (const Column &c : o.columns)
                    cols << c.name + u':' + (c.type.isNull() ? u"-"_s : type(c.type));
                QStringList rows;
                for (const auto &row : o.rows) {
                    QStringList cells;
                    for (auto it = row.cbegin(); it != row.cend(); ++it)
                        cells << it.key() + u'=' + (it.value().isNull() ? u"None"_s : it.value().toString());
                    rows << u'{' + cells.join(u',') + u'}';
                }
                return u"bulk_insert "_s + table(o.tableName, o.schema) + u" ["_s + cols.join(u", "_s) + u"] "_s
                    + rows.join(u' ');
            } else if constexpr (std::is_same_v<T, BatchAlterTableOp>) {
                return u"batch "_s + table(o.tableName, o.schema) + u" recreate="_s + o.recreate + u" { "_s
                    + dump(o.ops) + u" }"_s;
            } else if constexpr (std::is_same_v<T, CreateTableCommentOp>) {
                return u"create_table_comment "_s + table(o.tableName, o.schema) + u' ' + o.comment;
            } else if constexpr (std::is_same_v<T, DropTableCommentOp>) {
                return u"drop_table_comment "_s + table(o.tableName, o.schema);
            } else {
                static_assert(std::is_same_v<T, EnumTypeOp>);
                return (o.action == EnumTypeOp::Action::Create ? u"create_type "_s : u"drop_type "_s) + type(o.type)
                    + (o.checkFirst ? u" checkfirst"_s : QString());
            }
        },
        operation.op);
}

QString dump(const OperationList &ops)
{
    QStringList parts;
    for (const Operation &op : ops)
        parts << dump(op);
    return parts.join(u" | "_s);
}

QString kindOf(const Operation &operation)
{
    static const char16_t *const names[] = {
        u"create_table", u"drop_table", u"rename_table", u"add_column", u"drop_column",
        u"alter_column", u"create_index", u"drop_index", u"add_constraint", u"drop_constraint",
        u"execute", u"bulk_insert", u"batch", u"create_table_comment", u"drop_table_comment", u"enum_type",
    };
    const QString name = QString::fromUtf16(names[operation.op.index()]);
    if (const auto *batch = operation.as<BatchAlterTableOp>()) {
        QStringList inner;
        for (const Operation &op : batch->ops)
            inner << kindOf(op);
        return name + u'(' + batch->tableName + u")["_s + inner.join(u',') + u']';
    }
    return name + u'(' + operation.tableName() + u')';
}

} // namespace pm::test
