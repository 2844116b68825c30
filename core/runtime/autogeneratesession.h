#pragma once

#include <optional>

#include <QString>
#include <QStringList>

#include "autogenerate/changedescription.h"
#include "autogenerate/migrationdraft.h"
#include "autogenerate/renderer.h"
#include "base/result.h"
#include "ops/operation.h"
#include "schema/metadata.h"

namespace pm {

class AlembicConfig;
class DatabaseConnection;
struct Environment;

// The naming convention of env.py's target_metadata, which Alembic's
// operations apply to what a script leaves unnamed; nullopt when env.py
// gives no target metadata or petmigrate cannot read it (the planners then
// use SQLAlchemy's default, as Alembic does without one).
std::optional<NamingConvention> targetNamingConvention(const AlembicConfig &config, const Environment &env);

// Where autogenerate's target schema comes from: the app's own C++ models
// (petmigrate.models = app), another database (--target-url), or refused
// with a sentence saying why.
Result<MetaData> loadTargetMetadata(const AlembicConfig &config, const Environment &env, const QString &targetUrl);

// Reflects the live database and compares it with the target, as
// `alembic revision --autogenerate` does, writing a rename where `renames`
// says a drop and an add are one (fails with a sentence when one matches no
// drop and add). `draft` is what a review changes further (leaving
// operations out, accepting rename proposals); ops, bodies and detected are
// the draft's as it came out.
struct AutogenerateResult
{
    MigrationDraft draft;
    MigrationOps ops;
    MigrationBodies bodies;
    QStringList detected; // "Detected added table 'pet'"
};
Result<AutogenerateResult> autogenerate(const DatabaseConnection &connection, const MetaData &target,
                                        const Environment &env, const SchemaRenames &renames = {});

// Alembic's precondition for autogenerate and `check`: the database is at
// exactly the scripts' heads, in any order ("Target database is not up to
// date." otherwise).
bool isAtHeads(const QStringList &current, const QStringList &scriptHeads);

} // namespace pm
