#pragma once

#include <optional>

#include <QString>

#include "schema/sqlexpression.h"

namespace pm {

// A column's server-side default. SQLAlchemy distinguishes a plain string
// (rendered as a quoted SQL literal, server_default='x'), sa.text(...)
// (rendered verbatim; reflection always yields this) and any other SQL
// expression (sa.func.now(), sa.false(), sa.literal_column(...)), which
// each dialect compiles its own way and SQLite wraps in parentheses.
struct ServerDefault
{
    enum class Kind { Literal, Expression, Construct };
    Kind kind = Kind::Expression;
    QString text; // Literal: the value; Expression: the SQL as written; Construct: unused
    std::optional<SqlExpression> construct; // Construct only

    static ServerDefault literal(QString value) { return {Kind::Literal, std::move(value), {}}; }
    static ServerDefault expression(QString sql) { return {Kind::Expression, std::move(sql), {}}; }
    static ServerDefault fromConstruct(SqlExpression e) { return {Kind::Construct, {}, std::move(e)}; }

    // The SQL that follows DEFAULT for a literal ('it''s') or a text. A
    // construct needs a dialect: Dialect::serverDefaultSql().
    QString sql() const;

    friend bool operator==(const ServerDefault &, const ServerDefault &) = default;
};

} // namespace pm
