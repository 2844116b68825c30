#include "schema/model.h"

using namespace Qt::StringLiterals;

namespace pm {

Result<Table> model(QString tableName, QList<FieldDeclaration> fields, QList<Constraint> tableArgs)
{
    Table table;
    table.name = std::move(tableName);
    // __table_args__ are built before the columns attach, so SQLAlchemy
    // writes them first among the constraints.
    QList<Constraint> columnConstraints;
    QStringList primaryKey;
    for (FieldDeclaration &f : fields) {
        if (table.column(f.name))
            return fail(u"model '%1' declares field '%2' twice"_s.arg(table.name, f.name));
        Column column;
        column.name = f.name;
        column.type = f.options.type.value_or(f.type);
        if (f.options.maxLength) {
            if (!column.type.isString())
                return fail(u"model '%1': field '%2' has max_length but is not a string"_s.arg(table.name, f.name));
            column.type.length = f.options.maxLength;
        }
        column.primaryKey = f.options.primaryKey;
        column.nullable = f.options.nullable.value_or(!f.options.primaryKey && f.optional);
        column.serverDefault = f.options.serverDefault;
        if (column.primaryKey)
            primaryKey << column.name;

        if (f.options.index) {
            Index index;
            index.columns = {column.name};
            index.unique = f.options.unique;
            table.indexes << index;
        } else if (f.options.unique) {
            columnConstraints << Constraint::unique({column.name});
        }
        if (!f.options.foreignKey.isEmpty()) {
            const QStringList target = f.options.foreignKey.split(u'.');
            if (target.size() < 2 || target.contains(QString()))
                return fail(u"model '%1': field '%2' has foreign_key '%3'; expected 'table.column'"_s.arg(
                    table.name, f.name, f.options.foreignKey));
            Constraint fk = Constraint::foreignKey({column.name}, target.at(target.size() - 2), {target.last()});
            if (target.size() > 2)
                fk.referredSchema = target.mid(0, target.size() - 2).join(u'.');
            fk.onDelete = f.options.onDelete;
            fk.onUpdate = f.options.onUpdate;
            columnConstraints << fk;
        } else if (!f.options.onDelete.isEmpty() || !f.options.onUpdate.isEmpty()) {
            return fail(u"model '%1': field '%2' has ondelete/onupdate but no foreign_key"_s.arg(table.name, f.name));
        }
        table.columns << column;
    }
    if (!primaryKey.isEmpty())
        table.constraints << Constraint::primaryKey(primaryKey);
    table.constraints << tableArgs << columnConstraints;
    return table;
}

} // namespace pm
