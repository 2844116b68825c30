#pragma once

#include "base/result.h"
#include "ops/operation.h"

namespace pm {

// MigrateOperation.reverse() of Alembic's ops.py. Fails for ops that do not
// carry what they remove (a drop without `existing`, an execute), as Alembic
// raises for them.
Result<Operation> reverseOperation(const Operation &op);

// UpgradeOps.reverse_into(): each op reversed, in reverse order.
Result<OperationList> reverseOperations(const OperationList &ops);

// render_as_batch: consecutive table-level ops on one table (what Alembic
// holds in one ModifyTableOps) become one BatchAlterTableOp. create_table,
// drop_table, execute and existing batch blocks stay as they are. Beyond
// Alembic (whose autogenerate never renames): an operation naming a column
// that an alter_column(new_column_name=) renamed earlier in the block opens
// a new block, as Alembic's batch cannot find the new name before the
// block ends.
OperationList groupIntoBatches(const OperationList &ops);

// True for the ops Alembic keeps in a ModifyTableOps (add/drop/alter column,
// create/drop index, add/drop constraint).
bool isTableLevelOperation(const Operation &op);

} // namespace pm
