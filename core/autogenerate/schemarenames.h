#pragma once

#include <QList>
#include <QString>

#include "base/result.h"
#include "ops/operation.h"
#include "ops/schemaelement.h"
#include "schema/metadata.h"

namespace pm {

// A column the draft renames instead of dropping it and adding another:
// `table` is the table's name in the target (after any table rename).
struct ColumnRename
{
    QString schema;
    QString table;
    QString oldName;
    QString newName;

    SchemaElementRef from() const { return SchemaElementRef::ofColumn(table, oldName, schema); }
    SchemaElementRef to() const { return SchemaElementRef::ofColumn(table, newName, schema); }
    // The --rename spelling: "pet.nam:name" ("extra.pet.nam:name" in a schema).
    QString toString() const;

    friend bool operator==(const ColumnRename &, const ColumnRename &) = default;
};

// A table the draft renames instead of dropping it and creating another.
struct TableRename
{
    QString schema;
    QString oldName;
    QString newName;

    SchemaElementRef from() const { return SchemaElementRef::ofTable(oldName, schema); }
    SchemaElementRef to() const { return SchemaElementRef::ofTable(newName, schema); }
    // The --rename spelling: "pets:pet".
    QString toString() const;

    friend bool operator==(const TableRename &, const TableRename &) = default;
};

// The renames a review accepted (or `revision --autogenerate --rename` asked
// for). Autogenerate (compareMetadata with CompareOptions::renames) then
// writes op.rename_table / op.alter_column(..., new_column_name=...) for
// them, so the rows and values are kept.
struct SchemaRenames
{
    QList<TableRename> tables;
    QList<ColumnRename> columns;

    bool isEmpty() const { return tables.isEmpty() && columns.isEmpty(); }

    friend bool operator==(const SchemaRenames &, const SchemaRenames &) = default;
};

// One `--rename` value added to `renames`: "TABLE.OLD:NEW" renames a column,
// "OLD:NEW" a table, "SCHEMA.TABLE.OLD:NEW" a column of a table in another
// schema. Fails with a sentence on a malformed value.
Status addRenameSpec(SchemaRenames &renames, const QString &spec);

// The database as it would be after the renames: tables and columns renamed
// in place, and every index, constraint and foreign key (of any table) that
// names them following, as SQLite's and PostgreSQL's RENAME do. Comparing
// this with the target gives the draft's other changes.
MetaData applyRenames(const MetaData &database, const SchemaRenames &renames);

// True when `database` has the column `rename` renames (in its table, under
// the table's old name when `renames` renames the table) and not yet one of
// the new name: applyRenames() renames it then, and only then.
bool renamesColumn(const MetaData &database, const SchemaRenames &renames, const ColumnRename &rename);

// Each rename must stand for a drop and an add the draft makes without it:
// table renames against `plainUpgrade` (autogenerate without renames),
// column renames against `upgradeWithTableRenames` (autogenerate with the
// table renames only, where a renamed table's columns are compared).
// Fails with one sentence naming the first rename that matches none.
Status checkRenames(const SchemaRenames &renames, const OperationList &plainUpgrade,
                    const OperationList &upgradeWithTableRenames);

} // namespace pm
