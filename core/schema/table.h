#pragma once

#include <QList>
#include <QString>

#include "schema/column.h"
#include "schema/constraint.h"
#include "schema/index.h"

namespace pm {

struct Table
{
    QString name;
    QString schema; // empty: the default schema
    QList<Column> columns;
    QList<Constraint> constraints; // in declaration order, primary key included
    QList<Index> indexes;
    QString comment;
    // sqlite_autoincrement=True: SQLite's AUTOINCREMENT on an integer
    // primary key of one column. SQLAlchemy 1.4 does not reflect it.
    bool sqliteAutoincrement = false;

    const Column *column(const QString &columnName) const;
    Column *column(const QString &columnName);
    QStringList columnNames() const;
    const Constraint *primaryKey() const;
    QList<Constraint> constraintsOfKind(Constraint::Kind kind) const;
    // "schema.name" or "name".
    QString qualifiedName() const;

    friend bool operator==(const Table &, const Table &) = default;
};

} // namespace pm
