#pragma once

#include <QString>

namespace pm {

// A column's server-side default. SQLAlchemy distinguishes a plain string
// (rendered as a quoted SQL literal, server_default='x') from sa.text(...)
// (rendered verbatim); reflection always yields the latter.
struct ServerDefault
{
    enum class Kind { Literal, Expression };
    Kind kind = Kind::Expression;
    QString text; // Literal: the value; Expression: the SQL as written

    static ServerDefault literal(QString value) { return {Kind::Literal, std::move(value)}; }
    static ServerDefault expression(QString sql) { return {Kind::Expression, std::move(sql)}; }

    // The SQL that follows DEFAULT: 'it''s' for a literal, the text otherwise.
    QString sql() const;

    friend bool operator==(const ServerDefault &, const ServerDefault &) = default;
};

} // namespace pm
