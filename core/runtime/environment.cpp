#include "runtime/environment.h"

#include <QDir>
#include <QFileInfo>

#include "script/envsettingsreader.h"

using namespace Qt::StringLiterals;

namespace pm {

Result<Environment> Environment::load(const AlembicConfig &config, Mode mode)
{
    Environment env;
    // Alembic 1.8 defaults compare_type to False; the issue we build for asks
    // for type changes "on by default", which is what Alembic 1.12 later did.
    env.compareType = true;

    auto location = config.scriptLocation();
    if (!location)
        return std::unexpected(location.error());
    const QString envPath = QDir(*location).filePath(u"env.py"_s);
    if (QFileInfo::exists(envPath)) {
        auto settings = EnvSettingsReader::readFile(envPath);
        if (!settings)
            return std::unexpected(settings.error());
        env.envPyFound = true;
        const ConfigureCall *call = mode == Mode::Online ? settings->online() : settings->offline();
        if (!call)
            call = mode == Mode::Online ? settings->offline() : settings->online();
        if (call) {
            env.renderAsBatch = call->renderAsBatch().value_or(false);
            env.userModulePrefix = call->userModulePrefix().value_or(QString());
            env.compareType = call->compareType().value_or(env.compareType);
            env.compareServerDefault = call->compareServerDefault().value_or(false);
            env.versionTable = call->versionTable().value_or(env.versionTable);
            env.versionTableSchema = call->versionTableSchema().value_or(QString());
            env.transactionPerMigration = call->transactionPerMigration().value_or(false);
            env.transactionalDdl = call->transactionalDdl();
            env.targetMetadata = call->targetMetadata();
        }
        if (env.targetMetadata.isEmpty() || env.targetMetadata == u"target_metadata")
            env.targetMetadata = settings->targetMetadata;
    }

    // The ini's main section overrides env.py, key by key.
    const auto boolKey = [&](const QString &key, bool &into) -> Status {
        if (!config.option(key))
            return {};
        auto value = config.boolOption(key, into);
        if (!value)
            return std::unexpected(value.error());
        into = *value;
        return {};
    };
    for (const auto &[key, target] : {std::pair{u"render_as_batch"_s, &env.renderAsBatch},
                                      std::pair{u"compare_type"_s, &env.compareType},
                                      std::pair{u"compare_server_default"_s, &env.compareServerDefault},
                                      std::pair{u"transaction_per_migration"_s, &env.transactionPerMigration}}) {
        if (auto ok = boolKey(key, *target); !ok)
            return std::unexpected(ok.error());
    }
    if (config.option(u"transactional_ddl"_s)) {
        auto value = config.boolOption(u"transactional_ddl"_s, false);
        if (!value)
            return std::unexpected(value.error());
        env.transactionalDdl = *value;
    }
    if (auto v = config.option(u"user_module_prefix"_s))
        env.userModulePrefix = *v;
    if (auto v = config.option(u"version_table"_s))
        env.versionTable = *v;
    if (auto v = config.option(u"version_table_schema"_s))
        env.versionTableSchema = *v;
    env.models = config.option(u"petmigrate.models"_s, QString());
    return env;
}

} // namespace pm
