#pragma once

#include <memory>

#include "base/result.h"
#include "config/databaseurl.h"
#include "schema/metadata.h"

class QSqlDatabase;

namespace pm {

class Dialect;

// The one place that knows which dialect and inspector go with a backend.
std::unique_ptr<Dialect> makeDialect(DatabaseUrl::Backend backend);
// The live schema, as the backend's inspector reflects it.
Result<MetaData> reflectDatabase(const QSqlDatabase &db, const QStringList &excludeTables = {},
                                 const QString &schema = {});
// The live schema as a planner's simulation holds it, where each default is
// as a CREATE TABLE writes it: on SQLite the reflected text, which is what
// SQLite keeps (the inside of DEFAULT (...)), goes back in its parentheses,
// so that a batch rebuild sees what Alembic's reflection would.
Result<MetaData> reflectForPlanner(const QSqlDatabase &db, const QStringList &excludeTables = {},
                                   const QString &schema = {});

} // namespace pm
