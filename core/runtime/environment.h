#pragma once

#include <optional>

#include <QString>

#include "base/result.h"
#include "config/alembicconfig.h"
#include "script/envsettings.h"

namespace pm {

// The settings env.py would pass to context.configure(), read without running
// it, with the same keys in the ini's main section taking precedence (a way
// to set them for petmigrate alone). Online and offline calls can differ, as
// in the tutorial, where only run_migrations_online() says render_as_batch.
struct Environment
{
    bool renderAsBatch = false;
    QString userModulePrefix; // empty: Alembic's default (the type's module)
    bool compareType = true;  // Alembic 1.8's default is False; see envDefaults()
    bool compareServerDefault = false;
    QString versionTable = QStringLiteral("alembic_version");
    QString versionTableSchema;
    bool transactionPerMigration = false;
    // transactional_ddl=: what Alembic assumes of the DDL (it changes the
    // log line and BEGIN;/COMMIT; in --sql output); unset: the backend's.
    std::optional<bool> transactionalDdl;
    QString targetMetadata; // the target_metadata expression env.py passes
    // petmigrate.models in the ini: "app" for the built-in models.
    QString models;
    bool envPyFound = false;

    enum class Mode { Online, Offline };
    static Result<Environment> load(const AlembicConfig &config, Mode mode);
};

} // namespace pm
