#pragma once

#include <QString>

#include "ops/operation.h"

namespace pm::test {

// A compact, stable one-line text of an operation, so data tables can state
// expected parser output readably.
QString dump(const Operation &op);
QString dump(const OperationList &ops); // joined with " | "
QString kindOf(const Operation &op);    // "create_table(pet)", "batch(pet)[add_column(pet)]"

} // namespace pm::test
