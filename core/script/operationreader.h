#pragma once

#include <QHash>
#include <QSet>
#include <QString>
#include <QVarLengthArray>

#include "base/result.h"
#include "ops/operation.h"
#include "python/pythontoken.h"
#include "script/pythonexpression.h"

namespace pm {

// The names a script's imports bind (`sa` to sqlalchemy, `op` to
// alembic.op): a handful, compared in turn. A hash table's first insert
// allocated more than all of a script's lookups cost, once per script read.
class ImportBindings final
{
public:
    // Binds `name` anew, as a second import of the same name does.
    void insert(const QString &name, const QString &target)
    {
        if (QString *bound = find(name))
            *bound = target;
        else
            m_entries.append({name, target});
    }
    bool contains(QStringView name) const { return find(name) != nullptr; }
    // What `name` is bound to, or nullptr.
    const QString *find(QStringView name) const
    {
        // Compared inline: QString == QStringView calls out whenever the
        // sizes match, and `sa` and `op` are looked up for every call.
        for (const Entry &e : m_entries)
            if (PythonToken::same(e.name, name))
                return &e.target;
        return nullptr;
    }
    QString value(QStringView name) const
    {
        const QString *bound = find(name);
        return bound ? *bound : QString();
    }

private:
    QString *find(QStringView name)
    {
        return const_cast<QString *>(std::as_const(*this).find(name));
    }
    struct Entry
    {
        QString name;
        QString target;
    };
    QVarLengthArray<Entry, 4> m_entries;
};

// How a message names the construct being read ("sa.Column()"): spelled
// out only when a message is written, not for every construct read.
// Built from a QString it refers to that string: pass one only as an
// argument, never keep one made from a temporary.
class ConstructName final
{
public:
    ConstructName(const QString &text) : m_text(&text) {} // implicit: any QString names a construct
    // `callee` as the script wrote it, with "()" when `call`.
    explicit ConstructName(const PythonExpression &callee, bool call = true) : m_callee(&callee), m_call(call) {}

    QString toString() const;
    operator QString() const { return toString(); }
    friend QString operator+(const ConstructName &a, const QString &b) { return a.toString() + b; }
    friend QString operator+(const QString &a, const ConstructName &b) { return a + b.toString(); }

private:
    const QString *m_text = nullptr;
    const PythonExpression *m_callee = nullptr;
    bool m_call = true;
};

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
    // value a later op.bulk_insert(name, ...) or op.execute(name.update()...)
    // refers to; `bind = op.get_bind()` for sa.Enum(...).create(bind).
    // Returns the operation for create_table, none otherwise.
    Result<std::optional<Operation>> readLocalAssignment(const QString &name, const PythonExpression &value);
    void clearLocals()
    {
        m_localTables.clear();
        m_localBinds.clear();
        m_pythonDefaultTables.clear();
    }

    // The pieces, public for tests and for other readers of Python (env.py).
    Result<SqlType> readType(const PythonExpression &expr) const;
    Result<QString> resolve(const PythonExpression &expr) const;
    // A SQL expression: sa.text(), sa.column(), table.c.x, sa.func.*(),
    // sa.true()/false()/null(), sa.literal_column(), sa.literal(), sa.cast(),
    // sa.and_()/or_(), sa.desc()/asc()/nulls_first()/nulls_last(), the
    // methods .desc(), .is_(), .in_(), .like(), ... on a column, and Python
    // literals (typed as SQLAlchemy types a value compared with
    // `comparedTo`). Operators (==, +) are beyond this reader.
    Result<SqlExpression> readExpression(const PythonExpression &expr, const SqlType &comparedTo = {}) const;

    // A column's CHECK made by its type (Enum / Boolean with create_constraint);
    // also what a batch rebuild adds and drops around an alter_column type change.
    static std::optional<Constraint> typeConstraint(const Column &column);

private:
    // sa.case(*whens, value=None, else_=None), whens as (condition, result)
    // tuples, one list of them (SQLAlchemy 1.3's form) or a dict.
    Result<SqlExpression> readCase(const PythonExpression &call, const ConstructName &display) const;
    // sa.Table(name, metadata, Column(...), ...) where a table clause is
    // expected (t.update(), bulk_insert): its name and columns.
    Result<BulkInsertOp> readSchemaTableClause(const PythonExpression &expr) const;
    Result<SqlExpression> columnOf(const BulkInsertOp &table, const PythonExpression &expr) const;
    // What a column declares beyond itself, attached to its table once
    // the table's arguments are read.
    struct ColumnExtras
    {
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

    Result<Operation> readOperation(QStringView function, const PythonExpression &call,
                                    const BatchAlterTableOp *batch) const;
    Result<CreateTableOp> readCreateTable(const PythonExpression &call, const ConstructName &display) const;
    Result<BulkInsertOp> readBulkInsert(const PythonExpression &call, const ConstructName &display) const;
    // Into `column` and `extras`, default-constructed: a table's columns
    // are read where the table keeps them.
    Status readColumn(const PythonExpression &expr, Column &column, ColumnExtras &extras) const;
    // readType() into `type`, default-constructed.
    Status readType(const PythonExpression &expr, SqlType &type) const;
    // `callee`: what expr's callee resolves to, as the caller found it.
    // Into `constraint`, default-constructed, where the table keeps it.
    Status readTableConstraint(const PythonExpression &expr, const QString &callee, Constraint &constraint) const;
    Result<Constraint> readForeignKey(const PythonExpression &expr, const QString &columnName) const;
    Result<std::optional<ServerDefault>> readServerDefault(const PythonExpression &expr) const;
    Result<QString> readSqlText(const PythonExpression &expr, const QString &what) const;
    Result<Name> readName(const PythonExpression &expr, const QString &what) const;
    Result<BulkInsertOp> readTableClause(const PythonExpression &expr) const;
    // Whether readTableClause() reads `expr` (a local sa.table(), or a call to one).
    bool isTableClause(const PythonExpression &expr) const;
    Status readConstraintOptions(const PythonKeyword &keyword, Constraint &constraint, bool *handled) const;
    // sa.Index(name, *expressions, unique=, **dialect_kw) in a create_table.
    Result<Index> readIndex(const PythonExpression &expr) const;
    // One element of an index: a column name or an expression.
    Result<SqlExpression> readIndexElement(const PythonExpression &expr) const;
    // The `<dialect>_<argument>` keywords SQLAlchemy 1.4 validates on
    // `construct` ("Index", "CheckConstraint", ...): the PostgreSQL and
    // SQLite ones go into `index` / `constraint`; another known dialect's
    // are accepted and ignored; an unknown one fails as SQLAlchemy fails.
    Status readDialectKeyword(const PythonKeyword &keyword, const QString &construct, Index *index,
                              Constraint *constraint) const;
    // What op.execute() was given.
    Result<ExecuteOp> readExecuted(const PythonExpression &expr) const;
    Result<ExecuteOp> readSequenceDdl(const PythonExpression &expr, bool create) const;
    // sa.Enum(...).create(op.get_bind()) and .drop(...).
    Result<Operation> readTypeMethod(const PythonExpression &call) const;
    bool isBind(const PythonExpression &expr) const;

    std::unexpected<Error> error(const PythonExpression &at, QString message) const;

    QString m_file;
    QString m_userModulePrefix;
    ImportBindings m_bindings;
    QHash<QString, BulkInsertOp> m_localTables;
    QSet<QString> m_localBinds; // names assigned op.get_bind()
    // create_table() results with a Column(default=/onupdate=): no rows.
    QSet<QString> m_pythonDefaultTables;
    // The `as` name of the batch block being read; resolves to "<batch>".
    mutable QString m_batchAlias;
};

} // namespace pm
