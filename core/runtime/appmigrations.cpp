#include "runtime/appmigrations.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include "config/alembicconfig.h"
#include "dialect/sqlitedialect.h"
#include "revision/revisionplanner.h"
#include "runtime/databaseconnection.h"
#include "runtime/environment.h"
#include "runtime/migrationrunner.h"
#include "runtime/scriptdirectory.h"

using namespace Qt::StringLiterals;

namespace pm::app {

Result<QString> migrationsConfigFile()
{
    QStringList candidates;
    const QString fromEnv = qEnvironmentVariable("PETMANAGER_MIGRATIONS");
    if (!fromEnv.isEmpty())
        candidates << QDir(fromEnv).filePath(u"alembic.ini"_s);
    if (QCoreApplication::instance())
        candidates << QDir(QCoreApplication::applicationDirPath())
                          .filePath(u"../share/petmanager/migrations/alembic.ini"_s);
#ifdef PM_SOURCE_MIGRATIONS
    candidates << QStringLiteral(PM_SOURCE_MIGRATIONS) + u"/alembic.ini"_s;
#endif
    for (const QString &c : candidates) {
        if (QFileInfo::exists(c))
            return QFileInfo(c).canonicalFilePath();
    }
    return fail(u"Pet Manager's migrations were not found (looked in: %1); set PETMANAGER_MIGRATIONS"_s.arg(
        candidates.join(u", "_s)));
}

Status upgradeToHead(const QString &databaseFile, const std::function<void(const QString &)> &log)
{
    auto ini = migrationsConfigFile();
    if (!ini)
        return std::unexpected(ini.error());
    auto config = AlembicConfig::load(*ini);
    if (!config)
        return std::unexpected(config.error());
    auto env = Environment::load(*config, Environment::Mode::Online);
    if (!env)
        return std::unexpected(env.error());
    auto scripts = ScriptDirectory::load(*config, env->userModulePrefix);
    if (!scripts)
        return std::unexpected(scripts.error());
    auto connection = DatabaseConnection::openSqliteFile(databaseFile);
    if (!connection)
        return std::unexpected(connection.error());

    const VersionTable versionTable(env->versionTable);
    auto heads = versionTable.heads(connection->database());
    if (!heads)
        return std::unexpected(heads.error());
    for (const QString &h : *heads) {
        if ((*scripts)->map().indexOf(h) == RevisionMap::NoRevision)
            return fail(u"'%1' is at revision %2, which is newer than (or unknown to) this version of Pet Manager"_s
                            .arg(databaseFile, h));
    }
    auto present = versionTable.exists(connection->database());
    if (!present)
        return std::unexpected(present.error());
    if (!*present) {
        QSqlDatabase db = connection->database();
        const QStringList tables = db.tables(QSql::Tables);
        if (!tables.isEmpty())
            return fail(u"'%1' has tables but is not under version control (no %2 table); stamp it first"_s.arg(
                databaseFile, env->versionTable));
    }

    SqliteDialect dialect;
    MigrationRunner::Options options;
    options.log = log;
    MigrationRunner runner(**scripts, dialect, versionTable, options);
    const RevisionPlanner &planner = (*scripts)->planner();
    return runner.run(*connection, [&](const QStringList &current) -> Result<QList<MigrationStep>> {
        auto steps = planner.upgradeRevs(u"heads"_s, RevisionSpec::tuple(current));
        if (!steps)
            return std::unexpected(steps.error().toError());
        return *steps;
    });
}

} // namespace pm::app
