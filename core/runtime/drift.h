#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "ops/operation.h"
#include "ops/schemaelement.h"
#include "schema/metadata.h"

namespace pm {

class DatabaseConnection;
class ScriptDirectory;
struct Environment;

// One way the live database differs from what its revision says it is.
struct DriftDifference
{
    // What differs: the table dropped by hand, the column added outside
    // migrations, the index nobody's script made.
    SchemaElementRef element;
    // Autogenerate's words for it, as `check` logs them: "Detected removed
    // index 'ix_pet_name' on 'pet'" (the database has an index the scripts
    // do not make), "Detected added table 'owner'" (the scripts make a
    // table the database lacks).
    QString description;
    // What autogenerate would write to bring the database back to the
    // scripts' schema.
    Operation operation;
};

// The live database compared with the schema the scripts build at the
// revision(s) it is at. Beyond Alembic.
struct DriftReport
{
    QStringList revisions;  // the database's current heads; empty: at base
    MetaData expected;      // what the scripts build there (simulated, no database touched)
    MetaData actual;        // the database, reflected
    QList<DriftDifference> differences;
    // What the simulation cannot see: "revision 1a2b... runs op.execute(),
    // which the comparison cannot account for".
    QStringList notes;

    bool hasDrift() const { return !differences.isEmpty(); }
};

// Applies every upgrade from base to the database's current revision(s)
// with the SchemaSimulator and compares the result with the reflected
// database, as autogenerate compares models (env's compare_type,
// compare_server_default, version table). Fails with a sentence when the
// database has no version table (nothing says what it should be) or is at a
// revision the scripts do not know.
Result<DriftReport> detectDrift(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                const Environment &env);

} // namespace pm
