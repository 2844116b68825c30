#include "autogenerate/changedescription.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QString pyList(const QStringList &items)
{
    QStringList quoted;
    for (const QString &i : items)
        quoted << pythonStringRepr(i);
    return u'[' + quoted.join(u", "_s) + u']';
}

QString repr(const QString &s)
{
    return pythonStringRepr(s);
}

QString qualified(const QString &schema, const QString &name)
{
    return schema.isEmpty() ? name : schema + u'.' + name;
}

void describe(const Operation &op, const QString &batchTable, QStringList &out)
{
    const auto table = [&](const QString &name) { return name.isEmpty() ? batchTable : name; };
    if (const auto *o = op.as<CreateTableOp>()) {
        out << u"Detected added table '%1'"_s.arg(o->table.qualifiedName());
    } else if (const auto *o = op.as<DropTableOp>()) {
        out << u"Detected removed table '%1'"_s.arg(qualified(o->schema, o->tableName));
    } else if (const auto *o = op.as<RenameTableOp>()) {
        out << u"Detected renamed table '%1' to '%2'"_s.arg(qualified(o->schema, o->oldName), o->newName);
    } else if (const auto *o = op.as<AddColumnOp>()) {
        out << u"Detected added column '%1.%2'"_s.arg(table(o->tableName), o->column.name);
    } else if (const auto *o = op.as<DropColumnOp>()) {
        out << u"Detected removed column '%1.%2'"_s.arg(table(o->tableName), o->columnName);
    } else if (const auto *o = op.as<AlterColumnOp>()) {
        const QString t = table(o->tableName);
        if (o->newName)
            out << u"Detected renamed column '%1.%2' to '%3'"_s.arg(t, o->columnName, *o->newName);
        if (o->nullable)
            out << u"Detected %1 on column '%2.%3'"_s.arg(*o->nullable ? u"NULL"_s : u"NOT NULL"_s, t, o->columnName);
        if (o->type)
            out << u"Detected type change from %1 to %2 on '%3.%4'"_s.arg(
                o->existingType ? o->existingType->pythonRepr() : u"None"_s, o->type->pythonRepr(), t, o->columnName);
        if (o->serverDefault)
            out << u"Detected server default on column '%1.%2'"_s.arg(t, o->columnName);
    } else if (const auto *o = op.as<CreateIndexOp>()) {
        // Alembic formats the column list with '%s' % list: quotes around its repr.
        out << u"Detected added index '%1' on '%2'"_s.arg(o->index.name, pyList(o->index.columns));
    } else if (const auto *o = op.as<DropIndexOp>()) {
        out << u"Detected removed index '%1' on '%2'"_s.arg(o->indexName, table(o->tableName));
    } else if (const auto *o = op.as<AddConstraintOp>()) {
        const Constraint &c = o->constraint;
        if (c.isForeignKey())
            out << u"Detected added foreign key (%1)(%2) on table %3"_s.arg(
                c.columns.join(u", "_s), c.referredColumns.join(u", "_s), qualified(o->schema, table(o->tableName)));
        else if (c.isUnique())
            out << u"Detected added unique constraint '%1' on '%2'"_s.arg(c.name, pyList(c.columns));
        else
            out << u"Detected added constraint '%1' on '%2'"_s.arg(c.name, table(o->tableName));
    } else if (const auto *o = op.as<DropConstraintOp>()) {
        const std::optional<Constraint> &c = o->existing;
        if (c && c->isForeignKey())
            out << u"Detected removed foreign key (%1)(%2) on table %3"_s.arg(
                c->columns.join(u", "_s), c->referredColumns.join(u", "_s), qualified(o->schema, table(o->tableName)));
        else if (o->type == u"unique")
            out << u"Detected removed unique constraint '%1' on '%2'"_s.arg(o->constraintName, table(o->tableName));
        else
            out << u"Detected removed constraint '%1' on '%2'"_s.arg(o->constraintName, table(o->tableName));
    } else if (const auto *o = op.as<BatchAlterTableOp>()) {
        for (const Operation &inner : o->ops)
            describe(inner, o->tableName, out);
    }
}

} // namespace

QStringList describeDetected(const Operation &op)
{
    QStringList out;
    describe(op, QString(), out);
    return out;
}

QStringList describeDetected(const OperationList &ops)
{
    QStringList out;
    for (const Operation &op : ops)
        describe(op, QString(), out);
    return out;
}

QString operationLabel(const Operation &op)
{
    return std::visit(
        [](const auto &o) -> QString {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>) {
                return u"create_table(%1)"_s.arg(repr(o.table.name));
            } else if constexpr (std::is_same_v<T, DropTableOp>) {
                return u"drop_table(%1)"_s.arg(repr(o.tableName));
            } else if constexpr (std::is_same_v<T, RenameTableOp>) {
                return u"rename_table(%1, %2)"_s.arg(repr(o.oldName), repr(o.newName));
            } else if constexpr (std::is_same_v<T, AddColumnOp>) {
                return u"add_column(%1, %2)"_s.arg(repr(o.tableName), repr(o.column.name));
            } else if constexpr (std::is_same_v<T, DropColumnOp>) {
                return u"drop_column(%1, %2)"_s.arg(repr(o.tableName), repr(o.columnName));
            } else if constexpr (std::is_same_v<T, AlterColumnOp>) {
                if (o.newName)
                    return u"alter_column(%1, %2, new_column_name=%3)"_s.arg(repr(o.tableName), repr(o.columnName),
                                                                             repr(*o.newName));
                return u"alter_column(%1, %2)"_s.arg(repr(o.tableName), repr(o.columnName));
            } else if constexpr (std::is_same_v<T, CreateIndexOp>) {
                return u"create_index(%1)"_s.arg(repr(o.index.name));
            } else if constexpr (std::is_same_v<T, DropIndexOp>) {
                return u"drop_index(%1)"_s.arg(repr(o.indexName));
            } else if constexpr (std::is_same_v<T, AddConstraintOp>) {
                switch (o.constraint.kind) {
                case Constraint::Kind::ForeignKey:
                    return u"create_foreign_key(%1)"_s.arg(repr(o.constraint.name));
                case Constraint::Kind::Unique:
                    return u"create_unique_constraint(%1)"_s.arg(repr(o.constraint.name));
                case Constraint::Kind::Check:
                    return u"create_check_constraint(%1)"_s.arg(repr(o.constraint.name));
                case Constraint::Kind::PrimaryKey:
                    return u"create_primary_key(%1)"_s.arg(repr(o.constraint.name));
                }
                return QString();
            } else if constexpr (std::is_same_v<T, DropConstraintOp>) {
                return u"drop_constraint(%1)"_s.arg(repr(o.constraintName));
            } else if constexpr (std::is_same_v<T, ExecuteOp>) {
                QString sql = o.sql.simplified();
                if (sql.size() > 40)
                    sql = sql.left(37) + u"..."_s;
                return u"execute(%1)"_s.arg(repr(sql));
            } else if constexpr (std::is_same_v<T, BulkInsertOp>) {
                return u"bulk_insert(%1)"_s.arg(repr(o.tableName));
            } else if constexpr (std::is_same_v<T, CreateTableCommentOp>) {
                return u"create_table_comment(%1)"_s.arg(repr(o.tableName));
            } else if constexpr (std::is_same_v<T, DropTableCommentOp>) {
                return u"drop_table_comment(%1)"_s.arg(repr(o.tableName));
            } else if constexpr (std::is_same_v<T, EnumTypeOp>) {
                return (o.action == EnumTypeOp::Action::Create ? u"create_type(%1)"_s : u"drop_type(%1)"_s)
                    .arg(repr(o.type.enumName));
            } else {
                static_assert(std::is_same_v<T, BatchAlterTableOp>);
                return u"batch_alter_table(%1)"_s.arg(repr(o.tableName));
            }
        },
        op.op);
}

QString describeElement(const SchemaElementRef &element)
{
    const QString table = qualified(element.schema, element.table);
    switch (element.kind) {
    case SchemaElementRef::Kind::Table:
        return u"table "_s + table;
    case SchemaElementRef::Kind::Column:
        return u"column "_s + table + u'.' + element.name;
    case SchemaElementRef::Kind::Index:
        return u"index %1 on %2"_s.arg(element.name, table);
    case SchemaElementRef::Kind::Constraint:
        return element.name.isEmpty() ? u"an unnamed constraint on "_s + table
                                      : u"constraint %1 on %2"_s.arg(element.name, table);
    }
    return table;
}

} // namespace pm
