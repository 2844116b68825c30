#include "runtime/sqlplanner.h"

#include <QDate>
#include <QDateTime>

#include "dialect/batchrecreate.h"
#include "dialect/dialect.h"
#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "dialect/sqlsplitter.h"
#include "inspect/sqliteinspector.h"
#include "script/operationreader.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

std::unexpected<Error> failAt(const SourceLocation &where, const QString &message)
{
    return std::unexpected(Error(where.file, where.line, where.column, message));
}

std::unexpected<Error> failAt(const SourceLocation &where, const Error &error)
{
    if (!error.file.isEmpty())
        return std::unexpected(error);
    return failAt(where, error.message);
}

template<typename T>
void scopeToBatch(T &op, const QString &table, const QString &schema)
{
    if (op.tableName.isEmpty())
        op.tableName = table;
    if (op.schema.isEmpty())
        op.schema = schema;
}

} // namespace

bool sqliteNeedsRecreate(const BatchAlterTableOp &batch)
{
    for (const Operation &op : batch.ops) {
        if (const auto *add = op.as<AddColumnOp>()) {
            // A default that is a SQL expression (sa.text(), sa.func.now()), not a string.
            if (add->column.serverDefault && add->column.serverDefault->kind != ServerDefault::Kind::Literal)
                return true;
            continue;
        }
        // batch_op.execute() runs at once, outside the batch (planBatch).
        if (op.is<CreateIndexOp>() || op.is<DropIndexOp>() || op.is<ExecuteOp>())
            continue;
        return true;
    }
    return false;
}

bool batchRecreatesOnSqlite(const BatchAlterTableOp &batch)
{
    return batch.recreate == u"always" || (batch.recreate == u"auto" && sqliteNeedsRecreate(batch));
}

SqlPlanner::SqlPlanner(const Dialect &dialect, SchemaSimulator &schema, Mode mode, QList<SchemaObject> schemaObjects)
    : m_dialect(dialect)
    , m_postgres(dynamic_cast<const PostgresDialect *>(&dialect))
    , m_sqlite(dialect.name() == u"sqlite")
    , m_schema(schema)
    , m_mode(mode)
    , m_schemaObjects(std::move(schemaObjects))
{
    setNamingConvention(std::move(m_convention));
}

void SqlPlanner::setNamingConvention(NamingConvention convention)
{
    m_convention = std::move(convention);
    const auto &patterns = m_convention.patterns();
    m_constraintPatterns[size_t(Constraint::Kind::PrimaryKey)] = patterns.contains(u"pk"_s);
    m_constraintPatterns[size_t(Constraint::Kind::ForeignKey)] = patterns.contains(u"fk"_s);
    m_constraintPatterns[size_t(Constraint::Kind::Unique)] = patterns.contains(u"uq"_s);
    m_constraintPatterns[size_t(Constraint::Kind::Check)] = patterns.contains(u"ck"_s);
}

bool SqlPlanner::rebuildsTable(const BatchAlterTableOp &batch, bool sqlite)
{
    if (batch.recreate == u"always")
        return true;
    return batch.recreate == u"auto" && sqlite && sqliteNeedsRecreate(batch);
}

bool SqlPlanner::isSqlite() const
{
    return m_sqlite;
}

Status SqlPlanner::nameByConvention(Table &table) const
{
    // Read through const access and written only where a name changes: the
    // table shares its lists with the script's operation, and most names
    // stay as they are (no convention for a primary key by default).
    for (qsizetype at = 0; at < table.constraints.size(); ++at) {
        const Constraint &c = std::as_const(table.constraints).at(at);
        if (c.typeConstraint && c.name.isEmpty())
            continue; // a type's CHECK without a name stays unnamed (_NONE_NAME)
        // NamingConvention::nameFor's answer without asking: the name as it is.
        if (!c.conventionName && !m_constraintPatterns[size_t(c.kind)])
            continue;
        auto naming = m_convention.nameFor(c, table);
        if (!naming)
            return fail(u"table '%1': %2"_s.arg(table.qualifiedName(), naming.error().message));
        if (naming->name != c.name || naming->fromConvention != c.conventionName) {
            Constraint &named = table.constraints[at];
            named.name = naming->name;
            named.conventionName = naming->fromConvention;
        }
    }
    for (qsizetype at = 0; at < table.indexes.size(); ++at) {
        const Index &i = std::as_const(table.indexes).at(at);
        auto naming = m_convention.nameFor(i, table);
        if (!naming)
            return fail(u"table '%1': %2"_s.arg(table.qualifiedName(), naming.error().message));
        if (naming->name != i.name || naming->fromConvention != i.conventionName) {
            Index &named = table.indexes[at];
            named.name = naming->name;
            named.conventionName = naming->fromConvention;
        }
    }
    return {};
}

Result<Table> SqlPlanner::namedByConvention(Table table) const
{
    if (auto named = nameByConvention(table); !named)
        return std::unexpected(named.error());
    return table;
}

QString SqlPlanner::sqlLiteral(const QVariant &value, bool nativeBoolean)
{
    if (!value.isValid() || value.isNull())
        return u"NULL"_s;
    switch (value.typeId()) {
    case QMetaType::Bool:
        if (nativeBoolean)
            return value.toBool() ? u"true"_s : u"false"_s;
        return value.toBool() ? u"1"_s : u"0"_s;
    case QMetaType::Int:
    case QMetaType::LongLong:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return value.toString();
    case QMetaType::Double:
        return QString::number(value.toDouble(), 'g', 17);
    case QMetaType::QDate:
        return u'\'' + value.toDate().toString(Qt::ISODate) + u'\'';
    case QMetaType::QDateTime:
        return u'\'' + value.toDateTime().toString(u"yyyy-MM-dd HH:mm:ss.zzz000"_s) + u'\'';
    default:
        return u'\'' + value.toString().replace(u"'"_s, u"''"_s) + u'\'';
    }
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::plan(const OperationList &operations)
{
    QList<Statement> out;
    for (const Operation &op : operations) {
        auto planned = plan(op);
        if (!planned)
            return planned;
        // Most steps have one operation: its list is the plan, not copied.
        if (out.isEmpty())
            out = std::move(*planned);
        else
            out.append(std::move(*planned));
    }
    return out;
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::plan(const Operation &operation)
{
    if (const auto *batch = operation.as<BatchAlterTableOp>())
        return planBatch(*batch, operation.location);
    return planSingle(operation, QString(), QString());
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::planBatch(const BatchAlterTableOp &batch, const SourceLocation &where)
{
    // batch_op.execute() is not one of the batch's operations: Alembic runs
    // it at once on the migration context (toimpl.execute_sql), ahead of the
    // batch's own operations, which run when the block ends.
    if (std::any_of(batch.ops.cbegin(), batch.ops.cend(), [](const Operation &o) { return o.is<ExecuteOp>(); })) {
        QList<Statement> out;
        BatchAlterTableOp deferred = batch;
        deferred.ops.clear();
        for (const Operation &inner : batch.ops) {
            if (!inner.is<ExecuteOp>()) {
                deferred.ops.push_back(inner);
                continue;
            }
            auto planned = planSingle(inner, QString(), QString());
            if (!planned)
                return planned;
            out << *planned;
        }
        auto rest = planBatch(deferred, where);
        if (!rest)
            return rest;
        return out << *rest;
    }
    bool recreate = batch.recreate == u"always";
    if (batch.recreate == u"auto")
        recreate = isSqlite() && sqliteNeedsRecreate(batch);
    else if (batch.recreate != u"always" && batch.recreate != u"never")
        return failAt(where, u"recreate must be 'auto', 'always' or 'never', not '%1'"_s.arg(batch.recreate));

    if (!recreate) {
        QList<Statement> out;
        for (const Operation &inner : batch.ops) {
            auto planned = planSingle(inner, batch.tableName, batch.schema);
            if (!planned)
                return planned;
            out << *planned;
        }
        return out;
    }
    if (!isSqlite())
        return failAt(where, u"recreate='always' rebuilds tables only on SQLite"_s);

    const Table *existing = m_schema.metadata().table(batch.tableName, batch.schema);
    if (!existing) {
        if (!m_schemaGap.isEmpty())
            return failAt(where, u"batch_alter_table: no such table: %1; %2"_s.arg(batch.tableName, m_schemaGap));
        return failAt(where, u"batch_alter_table: no such table: %1"_s.arg(batch.tableName));
    }
    const auto *sqlite = dynamic_cast<const SqliteDialect *>(&m_dialect);
    // Alembic rebuilds the table it reflects, not the one the scripts wrote:
    // its defaults as SQLite keeps them, which the rebuilt table then has.
    auto tableSql = m_tableSql ? m_tableSql(batch.tableName, batch.schema) : sqlite->createTable(*existing);
    if (!tableSql)
        return failAt(where, tableSql.error());
    auto reflected = BatchRecreate::asReflected(*sqlite, *existing, *tableSql);
    if (!reflected)
        return failAt(where, reflected.error());
    // Its column types too, where reflection reads the declared type back as
    // another (BINARY(16) has NUMERIC affinity: NUMERIC(16)); a type that
    // reads back as itself keeps what the scripts said of it (an Enum).
    for (Column &column : reflected->columns) {
        const auto declared = m_dialect.typeSql(column.type);
        if (!declared || declared->isEmpty())
            continue;
        const SqlType back = SqliteInspector::resolveType(*declared);
        const auto again = m_dialect.typeSql(back);
        if (again && *again != *declared)
            column.type = back;
    }
    *m_schema.metadata().table(batch.tableName, batch.schema) = *reflected;
    BatchRecreate::Plan rebuild;
    rebuild.before = *reflected;

    // New column name -> old one, following renames; added columns are absent.
    QMap<QString, QString> copiedFrom;
    // ApplyBatchImpl keeps its columns under the names they had when the
    // block began (and an added column's): a later alter_column or
    // drop_column that names a column renamed in the block finds nothing.
    QSet<QString> batchKeys;
    for (const Column &c : existing->columns) {
        copiedFrom.insert(c.name, c.name);
        batchKeys.insert(c.name);
    }
    for (const Operation &inner : batch.ops) {
        if (const auto *add = inner.as<AddColumnOp>())
            batchKeys.insert(add->column.name);
        const auto *alterOp = inner.as<AlterColumnOp>();
        const auto *dropOp = inner.as<DropColumnOp>();
        const QString named = alterOp ? alterOp->columnName : dropOp ? dropOp->columnName : QString();
        if (!named.isEmpty() && !batchKeys.contains(named)) {
            const bool renamedHere = std::ranges::any_of(batch.ops, [&](const Operation &o) {
                const auto *a = o.as<AlterColumnOp>();
                return a && a->newName && *a->newName == named;
            });
            if (renamedHere)
                return failAt(inner.location, u"KeyError: '%1' (a batch block knows a column it renamed by its old "
                                              u"name only, as Alembic's ApplyBatchImpl does)"_s.arg(named));
        }
    }
    for (const Operation &inner : batch.ops) {
        if (const auto *alter = inner.as<AlterColumnOp>(); alter && alter->newName && *alter->newName != alter->columnName) {
            const QString old = copiedFrom.take(alter->columnName);
            if (!old.isEmpty())
                copiedFrom.insert(*alter->newName, old);
        } else if (const auto *drop = inner.as<DropColumnOp>()) {
            copiedFrom.remove(drop->columnName);
        }
        if (inner.is<BulkInsertOp>())
            return failAt(inner.location, u"bulk_insert cannot run inside a batch block that rebuilds the table"_s);
    }
    // The whole block at once: the rebuilt table's column order depends on
    // the sequence of its adds and drops.
    if (auto applied = m_schema.applyBatchRebuild(batch, where); !applied) {
        if (!m_schemaGap.isEmpty()) {
            Error e = applied.error();
            e.message += u"; "_s + m_schemaGap;
            return std::unexpected(e);
        }
        return std::unexpected(applied.error());
    }
    // Operations.implementation_for(alter_column) wraps a type change in a
    // drop_constraint of each CHECK the existing type makes and an
    // add_constraint of each the new type makes (the batch's copied column
    // keeps no type events): the rebuild loses the reflected CHECK of the
    // old type's name and gains the new type's, named or not.
    if (Table *t = m_schema.metadata().table(batch.tableName, batch.schema)) {
        const auto sameCheck = [](const QString &name) {
            return [name](const Constraint &k) { return k.isCheck() && k.name == name; };
        };
        for (const Operation &inner : batch.ops) {
            // drop_column(existing_type=Boolean(name=...) or Enum(name=...))
            // pops the constraint of the type's name, whatever create_constraint.
            if (const auto *drop = inner.as<DropColumnOp>(); drop && drop->existingType
                && (drop->existingType->kind == SqlType::Kind::Boolean || drop->existingType->kind == SqlType::Kind::Enum)
                && !drop->existingType->enumName.isEmpty()) {
                t->constraints.removeIf(sameCheck(drop->existingType->enumName));
            }
            const auto *alter = inner.as<AlterColumnOp>();
            if (!alter)
                continue;
            const bool renamed = alter->newName && *alter->newName != alter->columnName;
            // A rename with existing_type=Boolean(name=...) or Enum(name=...)
            // pops the (reflected) CHECK of the type's name, whatever
            // create_constraint: it would name the old column.
            if (renamed && alter->existingType
                && (alter->existingType->kind == SqlType::Kind::Boolean || alter->existingType->kind == SqlType::Kind::Enum)
                && !alter->existingType->enumName.isEmpty())
                t->constraints.removeIf(sameCheck(alter->existingType->enumName));
            if (!alter->type)
                continue;
            if (alter->existingType) {
                Column before;
                before.name = alter->columnName;
                before.type = *alter->existingType;
                if (auto c = OperationReader::typeConstraint(before); c && m_dialect.constraintApplies(*c) && !c->name.isEmpty())
                    t->constraints.removeIf(sameCheck(c->name));
            }
            // The new type's CHECK is bound to the column itself, which the
            // new table writes under its new name.
            Column after;
            after.name = renamed ? *alter->newName : alter->columnName;
            after.type = *alter->type;
            if (auto c = OperationReader::typeConstraint(after); c && m_dialect.constraintApplies(*c)) {
                if (!c->name.isEmpty())
                    t->constraints.removeIf(sameCheck(c->name));
                t->constraints << *c;
            }
        }
    }
    // ApplyBatchImpl.add_column copies the column, whose type then makes its
    // CHECK on the new table, and Operations.add_column also hands that
    // CHECK to add_constraint, which keeps it by name (an unnamed one under
    // SQLAlchemy's _NONE_NAME, so one for the block): Alembic's rebuilt
    // table has such a CHECK twice, and so does ours.
    QMap<QString, std::pair<QString, Constraint>> addedAgain; // by name: (column, CHECK)
    for (const Operation &inner : batch.ops) {
        if (const auto *add = inner.as<AddColumnOp>()) {
            for (const Constraint &c : add->constraints) {
                if (c.typeConstraint && m_dialect.constraintApplies(c))
                    addedAgain.insert(c.name, {add->column.name, c});
            }
        }
    }
    if (Table *t = m_schema.metadata().table(batch.tableName, batch.schema)) {
        for (const auto &[column, check] : std::as_const(addedAgain)) {
            if (t->column(column))
                t->constraints << check;
        }
    }
    // The new table takes the block's table_kwargs; the reflected table has
    // no sqlite_autoincrement to pass on (SQLAlchemy 1.4 does not read it).
    m_schema.metadata().table(batch.tableName, batch.schema)->sqliteAutoincrement = batch.sqliteAutoincrement;
    rebuild.after = *m_schema.metadata().table(batch.tableName, batch.schema);
    rebuild.copiedFrom = copiedFrom;
    rebuild.schemaObjects = m_schemaObjects;

    auto statements = BatchRecreate::statements(*sqlite, rebuild);
    if (!statements)
        return failAt(where, statements.error());
    m_rebuilt = true;
    QList<Statement> out;
    for (const QString &sql : *statements)
        out << Statement{sql, where, true, {}, {}, false};
    return out;
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::planSingle(const Operation &original, const QString &batchTable,
                                                           const QString &batchSchema)
{
    // Most steps create a table: planned from the script's operation itself.
    if (const auto *create = original.as<CreateTableOp>(); create && batchTable.isEmpty())
        return planCreateTable(create->table, original.location);
    Operation operation = original;
    const SourceLocation &where = operation.location;
    if (!batchTable.isEmpty()) {
        std::visit([&](auto &o) {
            if constexpr (requires { o.tableName; o.schema; })
                scopeToBatch(o, batchTable, batchSchema);
        }, operation.op);
        if (auto *ci = operation.as<CreateIndexOp>(); ci && ci->tableName.isEmpty())
            ci->tableName = batchTable;
    }

    QList<Statement> out;
    auto add = [&](const QString &sql) { out << Statement{sql, where, false, {}, {}, false}; };

    QList<Index> addedIndexes;
    const PostgresDialect *pg = m_postgres;
    if (auto *o = operation.as<CreateTableOp>()) {
        // The Table Alembic builds names its unnamed indexes and constraints.
        auto table = namedByConvention(o->table);
        if (!table)
            return failAt(where, table.error());
        o->table = std::move(*table);
        // PostgreSQL's named ENUM types are created with their table.
        auto sql = pg ? pg->createTableStatements(o->table, m_createdEnums) : m_dialect.createTableWithIndexes(o->table);
        if (!sql)
            return failAt(where, sql.error());
        for (QString &s : *sql)
            out << Statement{std::move(s), where, false, {}, {}, false};
    } else if (const auto *o = operation.as<DropTableOp>()) {
        add(m_dialect.dropTable(o->tableName, o->schema));
    } else if (const auto *o = operation.as<RenameTableOp>()) {
        add(m_dialect.renameTable(o->oldName, o->newName, o->schema));
    } else if (auto *o = operation.as<AddColumnOp>()) {
        // toimpl.add_column: ADD COLUMN, then the Table's constraints (not
        // the primary key) and indexes, then the comment.
        Table t;
        t.name = o->tableName;
        t.schema = o->schema;
        t.columns = {o->column};
        t.constraints = o->constraints;
        if (o->index)
            t.indexes << Index{QString(), false, {o->column.name}, false};
        auto named = namedByConvention(t);
        if (!named)
            return failAt(where, named.error());
        o->constraints = named->constraints;
        addedIndexes = named->indexes;
        auto sql = m_dialect.addColumn(o->tableName, o->column, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
        for (const Constraint &c : std::as_const(o->constraints)) {
            if (c.isPrimaryKey() || !m_dialect.constraintApplies(c))
                continue;
            // SQLiteImpl.add_constraint skips (with a warning) what a column's
            // type made, and refuses the rest.
            if (isSqlite() && c.typeConstraint)
                continue;
            auto constraintSql = m_dialect.addConstraint(o->tableName, c, o->schema);
            if (!constraintSql)
                return failAt(where, constraintSql.error());
            add(*constraintSql);
        }
        for (const Index &index : std::as_const(named->indexes)) {
            auto indexSql = m_dialect.createIndex(o->tableName, index, o->schema);
            if (!indexSql)
                return failAt(where, indexSql.error());
            add(*indexSql);
        }
        if (pg && !o->column.comment.isEmpty())
            add(pg->columnCommentSql(o->tableName, o->column.name, o->column.comment, o->schema));
    } else if (const auto *o = operation.as<DropColumnOp>()) {
        add(m_dialect.dropColumn(o->tableName, o->columnName, o->schema));
    } else if (const auto *o = operation.as<AlterColumnOp>()) {
        Dialect::ColumnAlteration alteration;
        alteration.nullable = o->nullable;
        alteration.serverDefault = o->serverDefault;
        alteration.type = o->type;
        alteration.newName = o->newName;
        alteration.comment = o->comment;
        const bool nativeOnSqlite = !o->nullable && !o->serverDefault && !o->type;
        if (isSqlite() && m_mode == Mode::Online && !nativeOnSqlite)
            return failAt(where, u"SQLite cannot ALTER COLUMN %1.%2 (nullable, type or default); write this "
                                 u"alter_column inside `with op.batch_alter_table('%1') as batch_op:`"_s
                                     .arg(o->tableName, o->columnName));
        // postgresql_using is PostgreSQL's; other dialects ignore it.
        auto sql = pg ? pg->alterColumn(o->tableName, o->columnName, alteration, o->postgresqlUsing, o->schema)
                      : m_dialect.alterColumn(o->tableName, o->columnName, alteration, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        for (const QString &s : *sql)
            add(s);
    } else if (auto *o = operation.as<CreateIndexOp>()) {
        if (o->index.name.isEmpty()) {
            // op.create_index(None, ...): named by the convention's "ix".
            Table t;
            t.name = o->tableName;
            t.schema = o->schema;
            t.indexes = {o->index};
            auto named = namedByConvention(t);
            if (!named)
                return failAt(where, named.error());
            o->index = named->indexes.front();
        }
        auto sql = m_dialect.createIndex(o->tableName, o->index, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
    } else if (const auto *o = operation.as<DropIndexOp>()) {
        add(pg ? pg->dropIndex(o->indexName, o->schema, o->postgresqlConcurrently)
               : m_dialect.dropIndex(o->indexName, o->schema));
    } else if (auto *o = operation.as<AddConstraintOp>()) {
        if (o->constraint.name.isEmpty()) {
            Table t;
            t.name = o->tableName;
            t.schema = o->schema;
            t.constraints = {o->constraint};
            auto named = namedByConvention(t);
            if (!named)
                return failAt(where, named.error());
            o->constraint = named->constraints.front();
        }
        auto sql = m_dialect.addConstraint(o->tableName, o->constraint, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
    } else if (const auto *o = operation.as<DropConstraintOp>()) {
        auto sql = m_dialect.dropConstraint(o->tableName, o->constraintName, o->schema);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
    } else if (const auto *o = operation.as<ExecuteOp>()) {
        auto statements = planExecute(*o, where);
        if (!statements)
            return statements;
        out << *statements;
    } else if (const auto *o = operation.as<CreateTableCommentOp>()) {
        // SQLAlchemy's SetTableComment: COMMENT ON TABLE on every dialect
        // Alembic renders it for; SQLite cannot run it.
        add(u"COMMENT ON TABLE "_s + m_dialect.formatTable(o->tableName, o->schema) + u" IS "_s
            + *m_dialect.literalSql(o->comment, SqlType::string()));
    } else if (const auto *o = operation.as<DropTableCommentOp>()) {
        add(u"COMMENT ON TABLE "_s + m_dialect.formatTable(o->tableName, o->schema) + u" IS NULL"_s);
    } else if (const auto *o = operation.as<EnumTypeOp>()) {
        // sa.Enum(...).create(bind): only where enums are native types.
        if (pg) {
            auto sql = o->action == EnumTypeOp::Action::Create ? pg->createEnumType(o->type) : pg->dropEnumType(o->type);
            if (!sql)
                return failAt(where, sql.error());
            Statement st{*sql, where, false, {}, {}, false};
            if (o->checkFirst && m_mode == Mode::Online) {
                // ENUM.EnumGenerator/EnumDropper with checkfirst: has_type().
                const QString name = *pg->literalSql(o->type.enumName, SqlType::string());
                const QString inSchema = o->type.enumSchema.isEmpty()
                    ? u"pg_catalog.pg_type_is_visible(t.oid)"_s
                    : u"n.nspname = "_s + *pg->literalSql(o->type.enumSchema, SqlType::string());
                st.guardSql = u"SELECT 1 FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = "
                              u"t.typnamespace WHERE t.typname = %1 AND %2"_s.arg(name, inSchema);
                st.guardExpectsRow = o->action == EnumTypeOp::Action::Drop;
            }
            out << st;
        }
    } else if (const auto *o = operation.as<BulkInsertOp>()) {
        const QString table = m_dialect.formatTable(o->tableName, o->schema);
        for (const auto &row : o->rows) {
            QStringList names;
            QStringList values;
            QVariantList bound;
            for (const Column &c : o->columns) {
                if (!row.contains(c.name))
                    continue;
                names << m_dialect.quote(c.name);
                if (m_mode == Mode::Online) {
                    values << u"?"_s;
                } else {
                    // Alembic's _literal_bindparam: the column's type renders the value.
                    auto literal = m_dialect.literalSql(row.value(c.name), c.type);
                    if (!literal)
                        return failAt(where, literal.error());
                    values << *literal;
                }
                bound << row.value(c.name);
            }
            Statement s{u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(table, names.join(u", "_s), values.join(u", "_s)),
                        where, false, {}, {}, false};
            if (m_mode == Mode::Online)
                s.bindings = bound;
            out << s;
        }
    } else {
        return failAt(where, u"operation not supported by the SQL planner"_s);
    }

    if (m_schemaUnread)
        return out;
    if (auto applied = m_schema.apply(operation); !applied) {
        // Offline scripts follow what the scripts say even where our model of
        // the schema is incomplete (op.execute DDL); online, the database
        // would refuse the same statement, so say it now.
        if (m_mode == Mode::Online)
            return std::unexpected(applied.error());
    } else if (!addedIndexes.isEmpty()) {
        // add_column(Column(index=True)): the index the column brought, so a
        // later batch rebuild recreates it.
        const auto *o = operation.as<AddColumnOp>();
        if (Table *t = m_schema.metadata().table(o->tableName, o->schema))
            t->indexes << addedIndexes;
    }
    return out;
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::planCreateTable(const Table &declared, const SourceLocation &where)
{
    // The Table Alembic builds names its unnamed indexes and constraints.
    // A copy that shares the script's lists until a name changes, and then
    // the simulated schema's table: no column is copied.
    Table table = declared;
    if (auto named = nameByConvention(table); !named)
        return failAt(where, named.error());
    QList<Statement> out;
    if (m_postgres) {
        // PostgreSQL's named ENUM types are created with their table.
        auto sql = m_postgres->createTableStatements(table, m_createdEnums);
        if (!sql)
            return failAt(where, sql.error());
        out.reserve(sql->size());
        for (QString &s : *sql)
            out.emplace_back(Statement{std::move(s), where, false, {}, {}, false});
    } else {
        // op.create_table: CREATE TABLE, then CREATE INDEX for each index
        // (Dialect::createTableWithIndexes, without its list in between).
        auto create = m_dialect.createTable(table);
        if (!create)
            return failAt(where, create.error());
        out.reserve(1 + table.indexes.size());
        out.emplace_back(Statement{std::move(*create), where, false, {}, {}, false});
        for (const Index &index : std::as_const(table.indexes)) {
            auto sql = m_dialect.createIndex(table.name, index, table.schema);
            if (!sql)
                return failAt(where, sql.error());
            out.emplace_back(Statement{std::move(*sql), where, false, {}, {}, false});
        }
    }
    if (m_schemaUnread)
        return out;
    // Offline scripts follow what the scripts say even where our model of
    // the schema is incomplete; online, the database would refuse it.
    if (auto applied = m_schema.createTable(std::move(table), where); !applied && m_mode == Mode::Online)
        return std::unexpected(applied.error());
    return out;
}

Result<QList<SqlPlanner::Statement>> SqlPlanner::planExecute(const ExecuteOp &op, const SourceLocation &where) const
{
    QList<Statement> out;
    auto add = [&](const QString &sql) { out << Statement{sql, where, false, {}, {}, false}; };
    switch (op.kind) {
    case ExecuteOp::Kind::Text: {
        if (m_mode == Mode::Online) {
            // Executed as sa.text(): a bind parameter needs a value.
            for (const QString &name : Dialect::textBindNames(op.sql)) {
                if (!op.bindValues.contains(name))
                    return failAt(where, u"(sqlalchemy.exc.InvalidRequestError) A value is required for bind "
                                         u"parameter '%1'"_s.arg(name));
            }
        }
        auto sql = m_dialect.textSql(op.sql, op.bindValues);
        if (!sql)
            return failAt(where, sql.error());
        if (m_mode == Mode::Offline) {
            // Alembic writes the text as one statement, verbatim between the
            // whitespace it strips, and appends ";" even after a ";".
            add(*sql);
            break;
        }
        // Qt's drivers run one statement per query.
        auto statements = SqlSplitter::split(*sql);
        if (!statements)
            return failAt(where, statements.error());
        for (const QString &s : *statements)
            add(s);
        break;
    }
    case ExecuteOp::Kind::CreateSchema:
        add(u"CREATE SCHEMA "_s + m_dialect.quote(op.schemaName));
        break;
    case ExecuteOp::Kind::DropSchema:
        add(u"DROP SCHEMA "_s + m_dialect.quote(op.schemaName) + (op.cascade ? u" CASCADE"_s : QString()));
        break;
    case ExecuteOp::Kind::CreateSequence:
    case ExecuteOp::Kind::DropSequence: {
        // IdentifierPreparer.format_sequence: each part quoted as the dialect quotes.
        QString name = m_dialect.quote(op.sequenceName);
        if (!op.schemaName.isEmpty())
            name = m_dialect.quote(op.schemaName) + u'.' + name;
        if (op.kind == ExecuteOp::Kind::CreateSequence)
            add(u"CREATE SEQUENCE "_s + name + u' ' + op.sequenceOptions);
        else
            add(u"DROP SEQUENCE "_s + name);
        break;
    }
    case ExecuteOp::Kind::Dml: {
        if (!op.dml)
            return failAt(where, u"op.execute() of an empty statement"_s);
        if (m_mode == Mode::Online && op.dml->verb == DmlStatement::Verb::Insert && op.dml->rows.isEmpty()
            && !op.dml->columns.isEmpty())
            return failAt(where, u"(sqlalchemy.exc.StatementError) A value is required for bind parameter '%1'"_s.arg(
                                     op.dml->columns.front().name));
        // Online, SQLAlchemy executes the statement with its values as bound
        // parameters, each through its column's bind processor; offline it
        // renders literals.
        QVariantList bindings;
        auto sql = m_dialect.dmlSql(*op.dml, m_mode == Mode::Online ? &bindings : nullptr);
        if (!sql)
            return failAt(where, sql.error());
        add(*sql);
        out.last().bindings = bindings;
        break;
    }
    }
    return out;
}

} // namespace pm
