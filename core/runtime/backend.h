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

} // namespace pm
