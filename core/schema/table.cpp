#include "schema/table.h"

namespace pm {

const Column *Table::column(const QString &columnName) const
{
    for (const Column &c : columns) {
        if (c.name == columnName)
            return &c;
    }
    return nullptr;
}

Column *Table::column(const QString &columnName)
{
    for (Column &c : columns) {
        if (c.name == columnName)
            return &c;
    }
    return nullptr;
}

QStringList Table::columnNames() const
{
    QStringList names;
    names.reserve(columns.size());
    for (const Column &c : columns)
        names << c.name;
    return names;
}

const Constraint *Table::primaryKey() const
{
    for (const Constraint &c : constraints) {
        if (c.isPrimaryKey())
            return &c;
    }
    return nullptr;
}

QList<Constraint> Table::constraintsOfKind(Constraint::Kind kind) const
{
    QList<Constraint> out;
    for (const Constraint &c : constraints) {
        if (c.kind == kind)
            out << c;
    }
    return out;
}

QString Table::qualifiedName() const
{
    return schema.isEmpty() ? name : schema + QLatin1Char('.') + name;
}

} // namespace pm
