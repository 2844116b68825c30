#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "revision/migrationstep.h"
#include "runtime/planreport.h"

namespace pm {

class DatabaseConnection;
class Dialect;
class ScriptDirectory;

// The plan of steps that cannot be planned ahead: a body that reads rows
// through op.get_bind() decides what it does from them (or the planner
// cannot write a value as a literal). A rehearsal runs the
// steps, as upgrade would, on a copy of the SQLite database (VACUUM INTO a
// temporary file, removed afterwards): the report's SQL is what ran there,
// each operation's impact is counted on the copy just before it ran, and a
// step that fails there is reported as one that will fail, with its error.
// The database itself is only read.
Result<PlanReport> rehearsePlan(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                const Dialect &dialect, const QString &versionTable,
                                const QList<MigrationStep> &steps);

// Whether any of the steps has a body that talks to the database (and may
// read rows), so that only a rehearsal can say what it does.
bool needsRehearsal(const ScriptDirectory &scripts, const QList<MigrationStep> &steps);

} // namespace pm
