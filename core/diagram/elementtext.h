#pragma once

#include <QString>

#include "ops/operation.h"
#include "schema/constraint.h"
#include "schema/serverdefault.h"
#include "schema/sqltype.h"

namespace pm {

// Short words for schema elements and operations, as the diagram and the
// change list show them (not the script's Python: a person reads these).

// "INTEGER", "VARCHAR(40)", "AutoString", "Numeric(10, 2)", "Enum(cat, dog)".
QString typeText(const SqlType &type);
// "'unknown'", "CURRENT_TIMESTAMP"; empty without a default.
QString defaultText(const std::optional<ServerDefault> &serverDefault);
// "UNIQUE (email)", "FOREIGN KEY (owner_id) → user (id)", "CHECK (age > 0)", "PRIMARY KEY (id)".
QString constraintText(const Constraint &constraint);
// One line for one operation, naming its element: "add column pet.species
// AutoString, nullable", "drop table visit", "alter column pet.weight: type
// Float → Numeric". Inside a batch block, `batchTable` names the table.
QString describeOperation(const Operation &operation, const QString &batchTable = {});
// "1,204": row counts as people read them (the C locale's grouping, so the
// text does not change with the machine).
QString groupedNumber(qint64 value);

} // namespace pm
