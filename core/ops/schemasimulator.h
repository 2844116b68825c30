#pragma once

#include "base/result.h"
#include "ops/operation.h"
#include "schema/metadata.h"

namespace pm {

// Applies operations to a MetaData instead of a database, so the schema at
// any revision is known without one: offline --sql batch migrations need the
// table's full definition to rebuild it, and the preview needs "after".
// op.execute() and bulk_insert are opaque to it (they change data, or schema
// in ways only a database can tell).
class SchemaSimulator final
{
public:
    explicit SchemaSimulator(MetaData start = MetaData(NamingConvention(QMap<QString, QString>())));

    const MetaData &metadata() const { return m_metadata; }
    MetaData &metadata() { return m_metadata; }

    Status apply(const Operation &operation);
    Status apply(const OperationList &operations);
    // apply() of op.create_table with the table it creates, taken as it is
    // (its lists shared, not copied).
    Status createTable(Table table, const SourceLocation &where = {});

    // A batch block whose table is rebuilt ("move and copy"). The columns
    // end in the order Alembic's ApplyBatchImpl gives the new table, which
    // is not always "added ones last": see the .cpp. apply() of the same
    // block appends added columns, as ALTER TABLE ADD COLUMN does.
    Status applyBatchRebuild(const BatchAlterTableOp &batch, const SourceLocation &where = {});

private:
    Status applyInBatch(const QString &table, const QString &schema, const Operation &operation);
    Result<Table *> existingTable(const QString &name, const QString &schema, const SourceLocation &where);

    MetaData m_metadata;
};

} // namespace pm
