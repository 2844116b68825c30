#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "diagram/schemachange.h"
#include "revision/migrationstep.h"

namespace pm {

class Dialect;
class ScriptDirectory;

// The changes the window draws for the scripts of a project, computed from
// the scripts alone (the schema simulator; no database is touched).

// The steps the runner takes from base up to `revision` (its ancestors in
// the runner's order), without `revision`'s own step.
Result<QList<MigrationStep>> stepsBefore(const ScriptDirectory &scripts, const QString &revision);

// The schema the scripts build by running `steps` (upgrades or downgrades)
// from `start`.
Result<MetaData> schemaAfter(const ScriptDirectory &scripts, const QList<MigrationStep> &steps,
                             const Dialect &dialect, MetaData start = MetaData(NamingConvention(QMap<QString, QString>())));

// The same, going on past a step that cannot be read or simulated (a body
// that reads the database through op.get_bind(), say), as `upgrade --sql`
// does below its range. Most such bodies move data, not the schema; `gap`
// names the first one, for the error of a later step that misses what it
// may have made (empty: every step was simulated).
struct PartialSchema
{
    MetaData schema;
    QString gap;
};
PartialSchema schemaAfterReadable(const ScriptDirectory &scripts, const QList<MigrationStep> &steps,
                                  const Dialect &dialect,
                                  MetaData start = MetaData(NamingConvention(QMap<QString, QString>())));
// `error` with the gap below it said, when there is one.
Error withSchemaGap(Error error, const QString &gap);

// One revision's upgrade(): from the schema of its down revisions (built
// from base, past what cannot be simulated) to the schema it makes.
Result<SchemaChange> revisionChange(const ScriptDirectory &scripts, const QString &revision, const Dialect &dialect);

// A planned run: `steps` (what `upgrade`/`downgrade` to a target would run,
// in order) applied to `start` (the live schema), one ChangeStep each.
Result<SchemaChange> runChange(const ScriptDirectory &scripts, const QList<MigrationStep> &steps,
                               const MetaData &start, const Dialect &dialect, const QList<SchemaObject> &objects = {});

} // namespace pm
