#include "runtime/autogeneratesession.h"

#include <QDir>
#include <QFileInfo>

#include "script/envsettingsreader.h"
#include "script/sqlmodelreader.h"
#include "config/alembicconfig.h"
#include "dialect/dialect.h"
#include "inspect/sqliteinspector.h"
#include "models/appmodels.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/environment.h"

using namespace Qt::StringLiterals;

namespace pm {

std::optional<NamingConvention> targetNamingConvention(const AlembicConfig &config, const Environment &env)
{
    if (env.models.isEmpty() && (env.targetMetadata.isEmpty() || env.targetMetadata == u"None"))
        return std::nullopt;
    auto metadata = loadTargetMetadata(config, env, QString());
    if (!metadata)
        return std::nullopt;
    return metadata->namingConvention();
}

Result<MetaData> loadTargetMetadata(const AlembicConfig &config, const Environment &env, const QString &targetUrl)
{
    if (!targetUrl.isEmpty()) {
        auto url = DatabaseUrl::parse(targetUrl);
        if (!url)
            return std::unexpected(url.error());
        auto other = DatabaseConnection::open(*url, DatabaseConnection::OpenMode::MustExist);
        if (!other)
            return std::unexpected(other.error());
        return reflectDatabase(other->database(), {env.versionTable});
    }
    if (env.models == u"app")
        return app::metadata();
    if (env.models.isEmpty() && env.envPyFound) {
        // A SQLModel project as in the tutorial: its models module, read statically.
        const QString envPath = QDir(config.scriptLocation().value_or(QString())).filePath(u"env.py"_s);
        auto settings = EnvSettingsReader::readFile(envPath);
        if (!settings)
            return std::unexpected(settings.error());
        return SqlModelReader::readProject(*settings, envPath, QFileInfo(config.configFilePath()).absolutePath());
    }
    if (!env.models.isEmpty())
        return fail(u"%1: petmigrate.models = %2 is not a model set petmigrate knows (use 'app')"_s.arg(
            config.configFileName(), env.models));
    return fail(u"Can't proceed with --autogenerate option; environment script %1/env.py does not provide a "
                u"MetaData object or sequence of objects to the context (target_metadata = %2 is Python that "
                u"petmigrate does not run; set petmigrate.models or use --target-url)."_s.arg(
                    config.scriptLocation().value_or(QString()),
                    env.targetMetadata.isEmpty() ? u"None"_s : env.targetMetadata));
}

bool isAtHeads(const QStringList &current, const QStringList &scriptHeads)
{
    QStringList at = current;
    QStringList heads = scriptHeads;
    at.sort();
    heads.sort();
    return at == heads;
}

Result<AutogenerateResult> autogenerate(const DatabaseConnection &connection, const MetaData &target,
                                        const Environment &env, const SchemaRenames &renames)
{
    auto reflected = reflectDatabase(connection.database(), {env.versionTable});
    if (!reflected)
        return std::unexpected(reflected.error());
    CompareOptions options;
    options.compareType = env.compareType;
    options.compareServerDefault = env.compareServerDefault;
    options.ignoreTables = {env.versionTable};
    options.renames = renames;
    RenderOptions render;
    render.userModulePrefix = env.userModulePrefix;
    render.renderAsBatch = env.renderAsBatch;
    const std::shared_ptr<const Dialect> dialect = makeDialect(connection.backend());
    auto draft = MigrationDraft::create(std::move(*reflected), target, options, render, dialect);
    if (!draft)
        return std::unexpected(draft.error());
    AutogenerateResult result;
    result.ops = draft->ops();
    result.bodies = draft->bodies();
    result.detected = draft->detected();
    result.draft = std::move(*draft);
    return result;
}

} // namespace pm
