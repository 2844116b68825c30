#pragma once

#include <QSqlError>
#include <optional>

#include "script/liveconnection.h"

namespace pm {

// The DB-API driver's exception for an error the database reported, as a
// script under Alembic would see it in a DBAPIError's .orig: sqlite3's
// class for SQLite's result code, psycopg2.errors' class for PostgreSQL's
// SQLSTATE, and str() of it. Nothing when the driver would raise something
// else (sqlite3's MemoryError) or the error gives no code. `sql` and
// `parameters` are left to the caller.
std::optional<LiveConnection::StatementFault> driverFault(bool sqlite, const QSqlError &error);

} // namespace pm
