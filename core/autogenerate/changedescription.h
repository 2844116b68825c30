#pragma once

#include <QString>
#include <QStringList>

#include "ops/operation.h"
#include "ops/schemaelement.h"

namespace pm {

// Alembic's autogenerate log lines for the operations ("Detected added
// column 'pet.species'", "Detected removed index 'ix_pet_name' on 'pet'"),
// in order; an alter_column can say two or three things, a batch block says
// what its operations say. Renames and what Alembic never detects (CHECK
// constraints) get lines in the same style.
QStringList describeDetected(const OperationList &ops);
QStringList describeDetected(const Operation &op);

// The operation as a script calls it, short: "create_table('pet')",
// "add_column('pet', 'owner_id')", "create_index('ix_pet_name')". For the
// sentences that explain a review (why an operation goes with another).
QString operationLabel(const Operation &op);

// An element in a sentence: "table pet", "column pet.owner_id",
// "index ix_pet_name on pet", "constraint fk_pet_owner_id_user on pet".
QString describeElement(const SchemaElementRef &element);

} // namespace pm
