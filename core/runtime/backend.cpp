#include "runtime/backend.h"

#include <QSqlDatabase>

#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "inspect/postgresinspector.h"
#include "inspect/sqliteinspector.h"

using namespace Qt::StringLiterals;

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

Result<MetaData> reflectForPlanner(const QSqlDatabase &db, const QStringList &excludeTables, const QString &schema)
{
    auto reflected = reflectDatabase(db, excludeTables, schema);
    if (!reflected || db.driverName() == QLatin1String("QPSQL"))
        return reflected;
    QList<std::pair<QString, QString>> names;
    for (const Table &t : reflected->tables())
        names.append({t.name, t.schema});
    for (const auto &[name, tableSchema] : names) {
        for (Column &column : reflected->table(name, tableSchema)->columns) {
            if (column.serverDefault)
                column.serverDefault = ServerDefault::expression(u'(' + column.serverDefault->sql() + u')');
        }
    }
    return reflected;
}

} // namespace pm
