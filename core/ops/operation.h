#pragma once

#include <optional>
#include <variant>
#include <vector>

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QVariant>

#include "schema/column.h"
#include "schema/constraint.h"
#include "schema/dmlstatement.h"
#include "schema/sqlexpression.h"
#include "schema/table.h"

namespace pm {

// The one shared language of the data flow (DESIGN.md): autogenerate and the
// script parser produce these, the renderer, simulator and executor consume
// them. Each mirrors an Alembic op.* directive and its arguments.

// Where an operation was written, so runtime errors can point at the script.
struct SourceLocation
{
    QString file;
    int line = 0;
    int column = 0;
    friend bool operator==(const SourceLocation &, const SourceLocation &) = default;
};

// op.create_table(name, *columns_and_constraints, **kw)
struct CreateTableOp
{
    // Its indexes are those of sa.Index(...) arguments and Column(index=True):
    // autogenerate writes separate CreateIndexOps, as Alembic does.
    Table table;
    friend bool operator==(const CreateTableOp &, const CreateTableOp &) = default;
};

// op.drop_table(name, schema=None)
struct DropTableOp
{
    QString tableName;
    QString schema;
    // The table as it was, when known (autogenerate), to render the reverse.
    std::optional<Table> existing;
    friend bool operator==(const DropTableOp &, const DropTableOp &) = default;
};

// op.rename_table(old, new, schema=None)
struct RenameTableOp
{
    QString oldName;
    QString newName;
    QString schema;
    friend bool operator==(const RenameTableOp &, const RenameTableOp &) = default;
};

// op.add_column(table, sa.Column(...), schema=None)
struct AddColumnOp
{
    QString tableName;
    QString schema;
    Column column;
    // Constraints declared inside the sa.Column(...) (ForeignKey, unique=True)
    // and index=True, which SQLAlchemy attaches to the table with the column.
    QList<Constraint> constraints;
    bool index = false;
    friend bool operator==(const AddColumnOp &, const AddColumnOp &) = default;
};

// op.drop_column(table, column, schema=None)
struct DropColumnOp
{
    QString tableName;
    QString schema;
    QString columnName;
    std::optional<Column> existing;
    // drop_column(existing_type=...): in a rebuild, the CHECK named as a
    // Boolean or Enum type goes with the column (ApplyBatchImpl.drop_column).
    std::optional<SqlType> existingType;
    friend bool operator==(const DropColumnOp &, const DropColumnOp &) = default;
};

// op.alter_column(table, column, nullable=, type_=, server_default=,
//                 new_column_name=, existing_type=, existing_nullable=, ...)
struct AlterColumnOp
{
    QString tableName;
    QString schema;
    QString columnName;

    std::optional<bool> nullable;
    std::optional<SqlType> type;
    // Outer optional: unset means "server_default not given" (Alembic's False);
    // inner nullopt means server_default=None (drop the default).
    std::optional<std::optional<ServerDefault>> serverDefault;
    std::optional<QString> newName;
    std::optional<QString> comment;
    std::optional<bool> autoincrement;

    std::optional<SqlType> existingType;
    std::optional<bool> existingNullable;
    std::optional<std::optional<ServerDefault>> existingServerDefault;
    std::optional<QString> existingComment;
    std::optional<bool> existingAutoincrement;

    // postgresql_using=: ALTER ... TYPE ... USING this SQL (with type_ only).
    QString postgresqlUsing;

    friend bool operator==(const AlterColumnOp &, const AlterColumnOp &) = default;
};

// op.create_index(name, table, columns, unique=False, schema=None)
struct CreateIndexOp
{
    QString tableName;
    QString schema;
    Index index;
    friend bool operator==(const CreateIndexOp &, const CreateIndexOp &) = default;
};

// op.drop_index(name, table_name=None, schema=None, **kw)
struct DropIndexOp
{
    QString indexName;
    QString tableName;
    QString schema;
    std::optional<Index> existing;
    bool postgresqlConcurrently = false; // DROP INDEX CONCURRENTLY
    friend bool operator==(const DropIndexOp &, const DropIndexOp &) = default;
};

// op.create_unique_constraint / create_foreign_key / create_check_constraint /
// create_primary_key: the constraint carries its kind and arguments.
struct AddConstraintOp
{
    QString tableName;
    QString schema;
    Constraint constraint;
    friend bool operator==(const AddConstraintOp &, const AddConstraintOp &) = default;
};

// op.drop_constraint(name, table, type_=None, schema=None)
struct DropConstraintOp
{
    QString constraintName;
    QString tableName;
    QString schema;
    QString type; // "", "foreignkey", "unique", "check", "primary"
    std::optional<Constraint> existing;
    friend bool operator==(const DropConstraintOp &, const DropConstraintOp &) = default;
};

// op.execute(sqltext): a plain string or sa.text(...), or one of the
// constructs SQLAlchemy executes the same way.
struct ExecuteOp
{
    enum class Kind { Text, CreateSchema, DropSchema, Dml, CreateSequence, DropSequence };
    QString sql;            // Text: the SQL as written, whitespace and all
    Kind kind = Kind::Text;
    QVariantMap bindValues; // Text: sa.text(...).bindparams(name=value)
    QString schemaName;     // CreateSchema / DropSchema: sa.schema.CreateSchema("x"); a sequence's schema=
    QString sequenceName;   // CreateSequence / DropSequence: sa.schema.CreateSequence(sa.Sequence("x"))
    QString sequenceOptions; // CreateSequence: "INCREMENT BY 2 START WITH 5", as SQLAlchemy 1.4 orders them
    bool cascade = false;   // DropSchema(cascade=True)
    std::optional<DmlStatement> dml;
    friend bool operator==(const ExecuteOp &, const ExecuteOp &) = default;
};

// op.create_table_comment(table, comment, existing_comment=None, schema=None)
struct CreateTableCommentOp
{
    QString tableName;
    QString schema;
    QString comment;
    std::optional<QString> existingComment;
    friend bool operator==(const CreateTableCommentOp &, const CreateTableCommentOp &) = default;
};

// op.drop_table_comment(table, existing_comment=None, schema=None)
struct DropTableCommentOp
{
    QString tableName;
    QString schema;
    std::optional<QString> existingComment;
    friend bool operator==(const DropTableCommentOp &, const DropTableCommentOp &) = default;
};

// A named PostgreSQL enum type created or dropped on its own, as
// sa.Enum(...).create(op.get_bind()) / postgresql.ENUM(...).drop(bind) do.
// checkfirst: online, look in pg_type first (offline Alembic's mock
// connection never checks); postgresql.ENUM's create/drop default to it,
// sa.Enum's do not.
struct EnumTypeOp
{
    enum class Action { Create, Drop };
    Action action = Action::Create;
    SqlType type; // an Enum with its name and schema
    bool checkFirst = false;
    friend bool operator==(const EnumTypeOp &, const EnumTypeOp &) = default;
};

// op.bulk_insert(sa.table(name, sa.column(c, type), ...), [ {...}, ... ])
struct BulkInsertOp
{
    QString tableName;
    QString schema;
    QList<Column> columns;             // from sa.column(name, type)
    QList<QMap<QString, QVariant>> rows; // None is a null QVariant
    friend bool operator==(const BulkInsertOp &, const BulkInsertOp &) = default;
};

struct Operation;

// with op.batch_alter_table(table, schema=None, recreate='auto', ...) as batch_op:
// The inner operations name the batch's table.
struct BatchAlterTableOp
{
    QString tableName;
    QString schema;
    QString recreate = QStringLiteral("auto"); // "auto", "always", "never"
    std::vector<Operation> ops;
    // table_kwargs={'sqlite_autoincrement': True}: the rebuilt table's option.
    bool sqliteAutoincrement = false;
    friend bool operator==(const BatchAlterTableOp &, const BatchAlterTableOp &) = default;
};

struct Operation
{
    using Variant = std::variant<CreateTableOp, DropTableOp, RenameTableOp, AddColumnOp, DropColumnOp,
                                 AlterColumnOp, CreateIndexOp, DropIndexOp, AddConstraintOp,
                                 DropConstraintOp, ExecuteOp, BulkInsertOp, BatchAlterTableOp,
                                 CreateTableCommentOp, DropTableCommentOp, EnumTypeOp>;
    Variant op;
    SourceLocation location; // where the parser found it; empty for autogenerated ops

    template<typename T>
    const T *as() const { return std::get_if<T>(&op); }
    template<typename T>
    T *as() { return std::get_if<T>(&op); }
    template<typename T>
    bool is() const { return std::holds_alternative<T>(op); }

    // The table the operation acts on ("" for execute and enum types).
    QString tableName() const;
    // The schema it names with schema=... ("" for the default one, and for
    // an operation inside a batch block, which takes the block's).
    QString schemaName() const;

    friend bool operator==(const Operation &a, const Operation &b) { return a.op == b.op; }
};

using OperationList = std::vector<Operation>;

// The upgrade and downgrade bodies of one migration script.
struct MigrationOps
{
    OperationList upgrade;
    OperationList downgrade;
};

} // namespace pm
