#include "schema/constraint.h"

namespace pm {

Constraint Constraint::primaryKey(QStringList columns, QString name)
{
    Constraint c;
    c.kind = Kind::PrimaryKey;
    c.columns = std::move(columns);
    c.name = std::move(name);
    return c;
}

Constraint Constraint::foreignKey(QStringList columns, QString referredTable, QStringList referredColumns,
                                  QString name)
{
    Constraint c;
    c.kind = Kind::ForeignKey;
    c.columns = std::move(columns);
    c.referredTable = std::move(referredTable);
    c.referredColumns = std::move(referredColumns);
    c.name = std::move(name);
    return c;
}

Constraint Constraint::unique(QStringList columns, QString name)
{
    Constraint c;
    c.kind = Kind::Unique;
    c.columns = std::move(columns);
    c.name = std::move(name);
    return c;
}

Constraint Constraint::check(QString sqlText, QString name)
{
    Constraint c;
    c.kind = Kind::Check;
    c.sqlText = std::move(sqlText);
    c.name = std::move(name);
    return c;
}

Constraint Constraint::check(SqlExpression condition, QString name)
{
    Constraint c;
    c.kind = Kind::Check;
    c.condition = std::move(condition);
    c.name = std::move(name);
    return c;
}

} // namespace pm
