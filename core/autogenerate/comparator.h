#pragma once

#include <QStringList>

#include "autogenerate/schemarenames.h"
#include "ops/operation.h"
#include "schema/metadata.h"

namespace pm {
class Dialect;
}

namespace pm {

struct CompareOptions
{
    bool compareType = true;
    bool compareServerDefault = false;
    // Tables neither side should mention, e.g. the version table. sqlite_*
    // tables are always ignored.
    QStringList ignoreTables{QStringLiteral("alembic_version")};
    // Whose type compiler and type synonyms compare types: SQLite's when null.
    const Dialect *dialect = nullptr;
    // Beyond Alembic: tables and columns to rename rather than drop and
    // re-create (see schemarenames.h). Each renamed table gets an
    // op.rename_table first in the upgrade; each renamed column an
    // alter_column(..., new_column_name=...) where its other changes (type,
    // nullability, default) are written too, with existing_* as Alembic
    // writes them. Index and constraint changes follow from comparing the
    // renamed database with the target. Unchecked here: see checkRenames().
    SchemaRenames renames;
};

// Alembic 1.8.1's autogenerate comparison (autogenerate/compare.py) of a
// reflected database against the models: the upgrade operations, in the
// order Alembic emits them. Ops that Alembic groups per table
// (ModifyTableOps) are consecutive and name the same table; groupIntoBatches()
// in reverser.h turns them into batch blocks.
//
// Deterministic where Alembic iterates Python sets: removed tables are
// dropped dependents first, removed columns in reflected order, foreign keys
// and unnamed unique constraints by their columns. Beyond Alembic: a column
// gaining a length (VARCHAR -> VARCHAR(200)) is a type change, and named
// CHECK constraints are compared by name and text.
//
// Every op carries what the database had (existing*), so reverseOperations()
// can compute the downgrade.
OperationList compareMetadata(const MetaData &database, const MetaData &target, const CompareOptions &options = {});

// compareMetadata() plus its reverse, as Alembic fills a MigrationScript.
MigrationOps produceMigrations(const MetaData &database, const MetaData &target, const CompareOptions &options = {});

} // namespace pm
