#pragma once

#include <optional>

#include <QList>
#include <QPair>
#include <QString>

#include "schema/column.h"
#include "schema/sqlexpression.h"

namespace pm {

// A table clause's INSERT / UPDATE / DELETE as op.execute() receives it:
// sa.table(name, sa.column(c, type), ..., schema=).insert().values(...),
// .update().where(...).values(...), .delete().where(...); or a
// sa.select(...).where(...) given to op.execute() as it is.
struct DmlStatement
{
    enum class Verb { Insert, Update, Delete, Select };
    Verb verb = Verb::Insert;
    QString tableName;
    QString schema;
    QList<Column> columns; // the table clause's sa.column()s, in order
    // INSERT: one entry per row (values([{...}, {...}]) gives several);
    // UPDATE: exactly one, the SET list. Keys are column names.
    QList<QList<QPair<QString, SqlExpression>>> rows;
    std::optional<SqlExpression> where; // UPDATE / DELETE; .where() twice is and_()
    std::optional<SqlExpression> query; // SELECT: the whole statement (SqlExpression::Kind::Select)
    friend bool operator==(const DmlStatement &, const DmlStatement &) = default;
};

} // namespace pm
