#include "runtime/backend.h"

#include <QSqlDatabase>

#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "inspect/postgresinspector.h"
#include "inspect/sqliteinspector.h"

namespace pm {

std::unique_ptr<Dialect> makeDialect(DatabaseUrl::Backend backend)
{
    if (backend == DatabaseUrl::Backend::PostgreSql)
        return std::make_unique<PostgresDialect>();
    return std::make_unique<SqliteDialect>();
}

Result<MetaData> reflectDatabase(const QSqlDatabase &db, const QStringList &excludeTables, const QString &schema)
{
    if (db.driverName() == QLatin1String("QPSQL"))
        return PostgresInspector(db).reflect(excludeTables, schema);
    return SqliteInspector(db).reflect(excludeTables);
}

} // namespace pm
