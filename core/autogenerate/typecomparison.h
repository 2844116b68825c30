#pragma once

#include <optional>

#include <QString>

#include "schema/serverdefault.h"
#include "schema/sqltype.h"

namespace pm {

// The column-level rules Alembic 1.8.1's SQLiteImpl applies when it compares
// a reflected column with a model column (alembic/ddl/impl.py, ddl/sqlite.py).
// Kept apart from the differ because the renderer needs the same SQLite
// server-default normalization.
class Dialect;

namespace typecomparison {

// The DDL SQLite's type compiler emits for the type: "VARCHAR(20)",
// "NUMERIC(10, 2)", "CHAR(32)" for GUID, "VARCHAR(5)" for a non-native Enum.
QString sqliteDdl(const SqlType &type);

// DefaultImpl.compare_type over the tokenized DDL of `dialect`'s type
// compiler (SQLite's when null), with the impl's synonyms (NUMERIC/DECIMAL;
// PostgresqlImpl adds FLOAT/DOUBLE PRECISION), plus one deliberate
// improvement: a reflected type without arguments against a model type with
// arguments (VARCHAR -> VARCHAR(200)) is a change, where Alembic sees none.
bool typesDiffer(const SqlType &reflected, const SqlType &model, const Dialect *dialect = nullptr);

// True when SQLAlchemy gives the type String affinity (what Alembic checks
// before quoting a plain-string default for comparison).
bool hasStringAffinity(const SqlType &type);

// NullType on either side means "cannot compare" to Alembic.
bool isNullType(const SqlType &type);

// SQLiteImpl._guess_if_default_is_unparenthesized_sql_expr.
bool isUnparenthesizedSqlExpression(const QString &sql);

// SQLiteImpl.autogen_column_reflect: reflected expression defaults get the
// parentheses SQLite needs to accept them back in DDL.
ServerDefault normalizeReflectedDefault(const ServerDefault &reflected);

// _compare_server_default + SQLiteImpl.compare_server_default.
bool serverDefaultsDiffer(const std::optional<ServerDefault> &reflected,
                          const std::optional<ServerDefault> &model, const SqlType &modelType);

} // namespace typecomparison
} // namespace pm
