#pragma once

#include <optional>
#include <vector>

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include "schema/sqlexpression.h"

namespace pm {

// An index over columns (or, when reflected, expressions kept as SQL text).
struct Index
{
    QString name;
    bool conventionName = false;
    QStringList columns;
    bool unique = false;

    // What CREATE INDEX lists when a script gave expressions
    // (sa.text('created DESC'), sa.func.lower(sa.column('x')), sa.desc(...)):
    // every element in order, plain column names as Column expressions.
    // `columns` then holds the names of the plain columns only. Empty: the
    // elements are `columns`.
    std::vector<SqlExpression> expressions;

    // The dialect keyword arguments SQLAlchemy 1.4 knows for an Index
    // (postgresql_* and sqlite_*); the other dialect's are ignored by each.
    std::optional<SqlExpression> postgresqlWhere;
    QString postgresqlUsing;
    QList<QPair<QString, QString>> postgresqlOps; // column -> operator class
    QStringList postgresqlInclude;
    bool postgresqlConcurrently = false;
    QList<QPair<QString, QString>> postgresqlWith; // storage parameter -> value, as written
    QString postgresqlTablespace;
    std::optional<SqlExpression> sqliteWhere;

    bool hasExpressions() const { return !expressions.empty(); }

    friend bool operator==(const Index &, const Index &) = default;
};

} // namespace pm
