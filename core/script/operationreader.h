#pragma once

#include <QHash>
#include <QString>

#include "base/result.h"
#include "ops/operation.h"
#include "script/pythonexpression.h"

namespace pm {

// Turns the call expressions of an upgrade()/downgrade() body into
// Operations, reading the sa.* constructs Alembic renders as their arguments.
// It resolves every dotted name through the script's imports (bind()), so
// `sa.Column`, `sqlalchemy.Column` and `from sqlalchemy import Column` all
// mean the same thing, and refuses anything it does not know with an Error
// located at the offending expression: the script is never half understood.
class OperationReader final
{
public:
    OperationReader(QString fileName, QString userModulePrefix);

    // Makes `localName` refer to the dotted path `target` ("sa" → "sqlalchemy").
    void bind(const QString &localName, const QString &target);
    bool isBound(const QString &localName) const { return m_bindings.contains(localName); }

    // A call written as a statement in a function body. With a batch, the
    // batch's alias (`batch_op`) is resolvable and its operations take the
    // batch's table.
    Result<Operation> readStatementCall(const PythonExpression &call, const BatchAlterTableOp *batch,
                                        const QString &batchAlias) const;
    // The context expression of `with op.batch_alter_table(...) as batch_op:`.
    Result<BatchAlterTableOp> readBatchAlterTable(const PythonExpression &call) const;
    // `name = sa.table(...)` or `name = op.create_table(...)` in a body: the
    // value a later op.bulk_insert(name, ...) refers to. Returns the operation
    // for create_table, none for sa.table.
    Result<std::optional<Operation>> readLocalAssignment(const QString &name, const PythonExpression &value);
    void clearLocals() { m_localTables.clear(); }

    // The pieces, public for tests and for other readers of Python (env.py).
    Result<SqlType> readType(const PythonExpression &expr) const;
    Result<QString> resolve(const PythonExpression &expr) const;

private:
    struct ColumnSpec
    {
        Column column;
        QList<Constraint> constraints;
        bool index = false;
        bool unique = false; // with index: the index is unique
        bool nullableGiven = false;
    };
    struct Name
    {
        QString text;
        bool convention = false;
    };

    Result<Operation> readOperation(const QString &function, const PythonExpression &call,
                                    const BatchAlterTableOp *batch) const;
    Result<CreateTableOp> readCreateTable(const PythonExpression &call, const QString &display) const;
    Result<BulkInsertOp> readBulkInsert(const PythonExpression &call, const QString &display) const;
    Result<ColumnSpec> readColumn(const PythonExpression &expr) const;
    Result<Constraint> readTableConstraint(const PythonExpression &expr) const;
    Result<Constraint> readForeignKey(const PythonExpression &expr, const QString &columnName) const;
    Result<std::optional<ServerDefault>> readServerDefault(const PythonExpression &expr) const;
    Result<QString> readSqlText(const PythonExpression &expr, const QString &what) const;
    Result<Name> readName(const PythonExpression &expr, const QString &what) const;
    Result<BulkInsertOp> readTableClause(const PythonExpression &expr) const;
    Status readConstraintOptions(const PythonKeyword &keyword, Constraint &constraint, bool *handled) const;

    std::unexpected<Error> error(const PythonExpression &at, QString message) const;

    QString m_file;
    QString m_userModulePrefix;
    QHash<QString, QString> m_bindings;
    QHash<QString, BulkInsertOp> m_localTables;
    // The `as` name of the batch block being read; resolves to "<batch>".
    mutable QString m_batchAlias;
};

} // namespace pm
