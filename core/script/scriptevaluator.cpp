#include "script/scriptevaluator.h"

#include <memory>

#include "python/host.h"
#include "python/interpreter.h"
#include "python/parser.h"
#include "script/liveconnection.h"
#include "script/operationreader.h"
#include "script/sqlalchemyattributes.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using namespace pm::python;
using Kind = PythonExpression::Kind;

// The names reified expressions use; bound in the reader to what they mean.
const QString kOp = u"op"_s;
const QString kBatch = u"batch_op"_s;

struct Run;

PythonExpression node(Kind kind, const Location &at)
{
    PythonExpression e;
    e.kind = kind;
    e.line = at.line;
    e.column = at.column;
    e.begin = at.begin;
    e.end = at.end;
    return e;
}

PythonExpression nameNode(const QString &name, const Location &at)
{
    PythonExpression e = node(Kind::Name, at);
    e.text = name;
    return e;
}

PythonExpression attributeNode(PythonExpression owner, const QString &name, const Location &at)
{
    PythonExpression e = node(Kind::Attribute, at);
    e.text = name;
    e.items.push_back(std::move(owner));
    return e;
}

// A dotted path ("sqlalchemy.dialects.postgresql") as names and attributes.
PythonExpression pathNode(const QString &dotted, const Location &at)
{
    const QStringList parts = dotted.split(u'.');
    PythonExpression e = nameNode(parts.front(), at);
    for (qsizetype i = 1; i < parts.size(); ++i)
        e = attributeNode(std::move(e), parts[i], at);
    return e;
}

// The dotted name a script's source starts with at `at` ("sa.Column" for
// `sa . Column('x', ...)`), "" when it starts with anything else: what the
// script wrote, for messages in its own words.
QString dottedNameAt(QStringView source, const Location &at)
{
    const qsizetype end = qMin<qsizetype>(at.end, source.size());
    qsizetype i = at.begin;
    auto identifier = [&]() -> QStringView {
        const qsizetype from = i;
        while (i < end && (source[i].isLetterOrNumber() || source[i] == u'_'))
            ++i;
        if (i == from || source[from].isDigit())
            return {};
        return source.mid(from, i - from);
    };
    auto spaces = [&] {
        while (i < end && (source[i] == u' ' || source[i] == u'\t' || source[i] == u'\n' || source[i] == u'\r'))
            ++i;
    };
    QStringView first = identifier();
    if (first.isEmpty())
        return {};
    QString out = first.toString();
    for (;;) {
        const qsizetype before = i;
        spaces();
        if (i >= end || source[i] != u'.') {
            i = before;
            break;
        }
        ++i;
        spaces();
        const QStringView next = identifier();
        if (next.isEmpty())
            return {};
        out += u'.' + next.toString();
    }
    return out;
}

// An sa.* value (or a module of SQLAlchemy's): the expression a script
// would have written to make it, for OperationReader to read.
class Construct final : public HostObject
{
public:
    Construct(Run *run, PythonExpression expr, Value pythonEnum = {})
        : m_run(run), m_expr(std::move(expr)), m_pythonEnum(std::move(pythonEnum)) {}
    const PythonExpression &expression() const { return m_expr; }
    // sa.Enum(MyEnum), and a Column of that type: MyEnum, whose members
    // SQLAlchemy binds by name and loads back as members; Invalid otherwise.
    const Value &pythonEnum() const { return m_pythonEnum; }

    QString typeName() const override;
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value call(Interpreter &interp, const Args &args) override;
    Value classBase(Interpreter &interp) override;
    bool truth(Interpreter &interp) override;
    Value iterate(Interpreter &interp) override;
    Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected) override;
    Value unaryOp(Interpreter &interp, UnaryOperator op) override;
    Value compare(Interpreter &interp, CompareOperator op, const Value &other) override;
    QString repr(Interpreter &interp) override;

private:
    Run *m_run;
    PythonExpression m_expr;
    Value m_pythonEnum;

    Value declarativeBase(Interpreter &interp);
};

// Alembic's `op` (alembic.op) and a batch block's `batch_op`.
class Operations final : public HostObject
{
public:
    // A batch block's batch_op shares the block's batch: a script may keep
    // the name after the block (a typo in the next block's `as` name), and
    // the batch must outlive the block then, closed.
    struct Batch
    {
        BatchAlterTableOp op;
        bool closed = false;
    };
    Operations(Run *run, std::shared_ptr<Batch> batch) : m_run(run), m_state(std::move(batch)),
        m_batch(m_state ? &m_state->op : nullptr) {}
    QString typeName() const override { return m_batch ? u"BatchOperations"_s : u"Operations"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    Run *m_run;
    std::shared_ptr<Batch> m_state;
    BatchAlterTableOp *m_batch;
};

// `with op.batch_alter_table(...) as batch_op:`
class BatchContext final : public HostObject
{
public:
    BatchContext(Run *run, BatchAlterTableOp batch, SourceLocation where)
        : m_run(run), m_batch(std::make_shared<Operations::Batch>(Operations::Batch{std::move(batch)})),
          m_where(std::move(where)) {}
    QString typeName() const override { return u"BatchOperations"_s; }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    Run *m_run;
    std::shared_ptr<Operations::Batch> m_batch;
    SourceLocation m_where;
    Value m_operations;
};

// Anything with attributes only: bind.dialect, context.config, ...
class Attributes final : public HostObject
{
public:
    Attributes(QString type, QHash<QString, Value> attributes) : m_type(std::move(type)), m_attributes(std::move(attributes)) {}
    QString typeName() const override { return m_type; }
    Value getAttribute(Interpreter &, const QString &name) override { return m_attributes.value(name); }
    void set(const QString &name, Value v) { m_attributes.insert(name, std::move(v)); }

private:
    QString m_type;
    QHash<QString, Value> m_attributes;
};

// MigrationContext.autocommit_block(): the transaction is committed before
// the block and begun again after it (offline: COMMIT; and BEGIN; where
// the DDL is transactional, PostgreSQL's).
class AutocommitBlock final : public HostObject
{
public:
    explicit AutocommitBlock(Run *run) : m_run(run) {}
    QString typeName() const override { return u"_GeneratorContextManager"_s; }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    Run *m_run;
};

// op.get_bind(): offline, Alembic's MockConnection (statements go to the
// --sql output, no rows); online, the migration's connection: statements
// run in its transaction, when the script makes them, and return rows.
class Bind final : public HostObject
{
public:
    Bind(Run *run, QString name) : m_run(run), m_name(std::move(name)) {}
    const QString &name() const { return m_name; }
    QString typeName() const override { return u"Connection"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    Value execute(Interpreter &interp, const Args &args);
    // Runs op on the live connection: its rows as a CursorResult.
    Value result(Interpreter &interp, const Operation &op);

    Run *m_run;
    QString m_name;
    Value m_dialect;
};

// One row of a bind statement's result: SQLAlchemy 1.4's Row (a tuple that
// also answers by column name: row.name, row["name"], row._mapping).
class BindRow final : public HostObject
{
public:
    BindRow(Run *run, std::shared_ptr<const QStringList> columns, std::vector<Value> values)
        : m_run(run), m_columns(std::move(columns)), m_values(std::move(values)) {}
    QString typeName() const override { return u"Row"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value getItem(Interpreter &interp, const Value &key) override;
    std::optional<qint64> length(Interpreter &) override { return qint64(m_values.size()); }
    Value iterate(Interpreter &interp) override { return interp.iterate(makeTuple(m_values)); }
    Value compare(Interpreter &interp, CompareOperator op, const Value &other) override;
    QString repr(Interpreter &interp) override { return interp.repr(makeTuple(m_values)); }

private:
    Value mapping() const;

    Run *m_run;
    std::shared_ptr<const QStringList> m_columns;
    std::vector<Value> m_values;
};

// What bind.execute() returns: SQLAlchemy 1.4's CursorResult, rows fetched
// at once (a Qt query left open would lock the tables the script alters next).
class BindResult final : public HostObject
{
public:
    BindResult(Run *run, std::shared_ptr<const QStringList> columns, std::vector<Value> rows, qint64 rowsAffected)
        : m_run(run), m_columns(std::move(columns)), m_rows(std::move(rows)), m_rowsAffected(rowsAffected) {}
    QString typeName() const override { return u"CursorResult"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;
    Value iterate(Interpreter &interp) override { return interp.iterate(makeList(rest())); }

private:
    std::vector<Value> rest()
    {
        std::vector<Value> out(m_rows.begin() + qsizetype(m_next), m_rows.end());
        m_next = m_rows.size();
        return out;
    }
    void needRows(Interpreter &interp, const QString &method) const;

    Run *m_run;
    std::shared_ptr<const QStringList> m_columns;
    std::vector<Value> m_rows;
    size_t m_next = 0;
    qint64 m_rowsAffected;
};

// What bind.execute() returns when the body is read ahead of the run (the
// window's preview, the impact report): the statement is listed where
// Alembic's MockConnection writes it, and its rows do not exist yet.
class PendingResult final : public HostObject
{
public:
    QString typeName() const override { return u"CursorResult"_s; }
    Value getAttribute(Interpreter &interp, const QString &) override { refuse(interp); }
    Value iterate(Interpreter &interp) override { refuse(interp); }
    bool truth(Interpreter &) override { return true; }

private:
    [[noreturn]] static void refuse(Interpreter &interp)
    {
        interp.refuse(u"this body reads the database through op.get_bind(); petmigrate evaluates it when its "
                      u"revision runs, inside the migration's transaction"_s);
    }
};

// sa.inspect(bind): SQLAlchemy's Inspector over the schema as it is at that
// point of the run.
class Inspector final : public HostObject
{
public:
    explicit Inspector(Run *run) : m_run(run) {}
    QString typeName() const override { return u"Inspector"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    Run *m_run;
};

// A class declared on declarative_base(): its table as a table clause the
// reader knows, and its column attributes as that clause's columns, so that
// `Model.key == "x"` and `sa.delete(Model).where(...)` read as they would on
// sa.table(); the rest of its body (classmethods, nested enum classes) reads
// through it as through a Python class. OrmSession queries and writes it.
class DeclarativeModel final : public HostObject
{
public:
    // columns: attribute names; columnNames: the table's names for them, in order.
    DeclarativeModel(Run *run, QString className, QString tableClause, QStringList columns, QString tableName,
                     QStringList columnNames)
        : m_run(run), m_className(std::move(className)), m_tableClause(std::move(tableClause)),
          m_columns(std::move(columns)), m_tableName(std::move(tableName)), m_columnNames(std::move(columnNames)) {}
    QString typeName() const override { return u"DeclarativeMeta"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value call(Interpreter &interp, const Args &args) override;
    QString repr(Interpreter &) override { return u"<class '"_s + m_className + u"'>"_s; }
    const QString &tableClause() const { return m_tableClause; }
    const QString &className() const { return m_className; }
    const QString &tableName() const { return m_tableName; }
    const QStringList &attributes() const { return m_columns; }
    const QStringList &columnNames() const { return m_columnNames; }
    // The primary key's attributes, and those whose Column has a Python-side default=.
    void setKeys(QStringList primaryKey, QStringList pythonDefaults)
    {
        m_primaryKey = std::move(primaryKey);
        m_pythonDefaults = std::move(pythonDefaults);
    }
    const QStringList &primaryKey() const { return m_primaryKey; }
    const QStringList &pythonDefaults() const { return m_pythonDefaults; }
    // Column(..., ForeignKey("table.column")): the target as written, by
    // attribute, in the class body's order; what join(Other) infers its
    // condition from. An empty target: a ForeignKey given otherwise.
    struct ForeignKey
    {
        QString attribute;
        QString target;
    };
    void setForeignKeys(std::vector<ForeignKey> keys, bool tableArgs)
    {
        m_foreignKeys = std::move(keys);
        m_tableArgs = tableArgs;
    }
    const std::vector<ForeignKey> &foreignKeys() const { return m_foreignKeys; }
    // __table_args__ may hold a ForeignKeyConstraint petmigrate does not read.
    bool hasTableArgs() const { return m_tableArgs; }
    QString columnOf(const QString &attribute) const { return m_columnNames.value(m_columns.indexOf(attribute)); }
    // The attributes in the order the mapper lists its columns, the order
    // a query selects them: those named apart from their column first
    // (declarative keeps them as explicit properties, configured first),
    // then the others in the table's order.
    QStringList mapperOrder() const
    {
        QStringList named;
        QStringList rest;
        for (qsizetype i = 0; i < m_columns.size(); ++i)
            (m_columns.at(i) == m_columnNames.value(i) ? rest : named) << m_columns.at(i);
        return named + rest;
    }
    // The class body's other names: nested classes, classmethods,
    // staticmethods, functions and constants, read through the class.
    void setNamespace(Ref<DictObject> ns) { m_namespace = std::move(ns); }
    // Columns of type sa.Enum(MyEnum): MyEnum, by attribute.
    void setEnumClass(const QString &attribute, Value cls) { m_enumClasses.insert(attribute, std::move(cls)); }
    Value enumClass(const QString &attribute) const { return m_enumClasses.value(attribute); }
    // A Python value as SQLAlchemy's column type binds it for `attribute`
    // (an Enum(MyEnum) column sends a member's name), for the driver.
    QVariant bound(Interpreter &interp, const QString &attribute, const Value &v) const;
    // A database value of `attribute` as the ORM loads it (an Enum(MyEnum)
    // column gives the member of that name).
    Value loaded(Interpreter &interp, const QString &attribute, const QVariant &v) const;

private:
    Run *m_run;
    Ref<DictObject> m_namespace;
    QHash<QString, Value> m_enumClasses;
    QString m_className;
    QStringList m_primaryKey;
    QStringList m_pythonDefaults;
    std::vector<ForeignKey> m_foreignKeys;
    bool m_tableArgs = false;
    QString m_tableClause;
    QStringList m_columns;
    QString m_tableName;
    QStringList m_columnNames;
};

// sqlalchemy.orm.Session(bind=op.get_bind()), online, for what data
// migrations do through it, over the migration's connection: queries
// (OrmQuery), execute(), the bulk methods and a query's delete(). The unit
// of work (add(), delete(), merge()) refuses, located, so that no write is
// silently lost; commit(), rollback() and close() change nothing, as a
// session joined to the migration's transaction leaves it to Alembic.
class OrmSession final : public HostObject
{
public:
    OrmSession(Run *run, Value bind) : m_run(run), m_bind(std::move(bind)) {}
    QString typeName() const override { return u"Session"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    // session.execute(statement): the statement on the session's connection.
    Value execute(Interpreter &interp, const Args &args);
    // bulk_update_mappings(Model, [dict, ...]): persistence._bulk_update.
    void bulkUpdate(Interpreter &interp, const Args &args);
    // One row's UPDATE: the mapped attributes of `values` other than the
    // key are SET, the key (None if absent) locates the row. The rows it
    // matched, or nullopt when there was nothing to set.
    std::optional<qint64> updateRow(Interpreter &interp, DeclarativeModel &model, const QHash<QString, Value> &values);
    // Every UPDATE of one bulk call must match its row, as on SQLite and
    // psycopg2 (sane rowcounts).
    void checkMatched(Interpreter &interp, const DeclarativeModel &model, qint64 records, qint64 matched);
    // bulk_insert_mappings(Model, [dict, ...]) and bulk_save_objects([obj, ...])
    // of new objects: persistence._bulk_insert.
    void bulkInsert(Interpreter &interp, DeclarativeModel &model, const QHash<QString, Value> &values);

    Run *m_run;
    Value m_bind;
};

// An instance of a declarative class, made with keyword arguments as
// declarative_base()'s constructor does: what bulk_save_objects() inserts.
class ModelInstance final : public HostObject
{
public:
    // persistent: loaded by a query (bulk_save_objects() updates it, with
    // the attributes set since); otherwise new (it inserts it).
    ModelInstance(Ref<DeclarativeModel> model, QHash<QString, Value> values, bool persistent = false)
        : m_model(std::move(model)), m_values(std::move(values)), m_persistent(persistent) {}
    QString typeName() const override { return m_model->className(); }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (const auto it = m_values.constFind(name); it != m_values.constEnd())
            return it.value();
        // A mapped attribute never set reads None on a new object.
        return m_model->attributes().contains(name) ? Value::none() : Value();
    }
    bool setAttribute(Interpreter &, const QString &name, const Value &value) override
    {
        m_values.insert(name, value);
        m_changed.insert(name);
        return true;
    }
    DeclarativeModel &model() const { return *m_model; }
    const QHash<QString, Value> &values() const { return m_values; }
    bool persistent() const { return m_persistent; }
    // What bulk_save_objects() sends for a loaded object: the key and the
    // attributes set since it was loaded (update_changed_only).
    QHash<QString, Value> changedValues() const
    {
        QHash<QString, Value> out;
        for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
            if (m_changed.contains(it.key()) || m_model->primaryKey().contains(it.key()))
                out.insert(it.key(), it.value());
        }
        return out;
    }

private:
    Ref<DeclarativeModel> m_model;
    QHash<QString, Value> m_values;
    bool m_persistent = false;
    QSet<QString> m_changed;
};

// session.query(Model)[.join(Other, onclause)][.filter_by(...)][.filter(...)]
// as SQLAlchemy 1.4's legacy Query: one SELECT of the entities' columns in
// their order (whole classes, or columns of them), its joins (on the
// condition written, or the one the classes' foreign keys give), criteria
// and order, values bound by the columns' types. A row is one object, or a
// Row of the entities when there are several; rows with a whole class come
// back unique by primary key, one object per key within a result, as the
// legacy Query's results do.
class OrmQuery final : public HostObject
{
public:
    // One thing a row returns: a whole class, or one column (attribute) of it.
    struct Entity
    {
        Ref<DeclarativeModel> model;
        QString attribute;
    };
    OrmQuery(Run *run, Ref<DeclarativeModel> model, std::vector<Entity> selected = {})
        : m_run(run), m_model(std::move(model)), m_selected(std::move(selected)) {}
    QString typeName() const override { return u"Query"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;
    Value iterate(Interpreter &interp) override { return interp.iterate(makeList(rows(interp, !m_yieldPer))); }

private:
    // The SELECT, run.
    LiveConnection::Rows select(Interpreter &interp);
    // Its rows loaded; `unique`: rows with a whole class once per identity.
    std::vector<Value> rows(Interpreter &interp, bool unique);
    // A new query with everything this one has, for filter_by(),
    // filter(), join(), with_entities() and order_by() to add to.
    Ref<OrmQuery> refined() const
    {
        Ref<OrmQuery> q(new OrmQuery(m_run, m_model, m_selected));
        q->m_joins = m_joins;
        q->m_criteria = m_criteria;
        q->m_order = m_order;
        q->m_yieldPer = m_yieldPer;
        return q;
    }
    // The entities a row returns: those picked, else the query's class whole.
    std::vector<Entity> entities() const { return m_selected.empty() ? std::vector<Entity>{{m_model, {}}} : m_selected; }
    Value join(Interpreter &interp, const Args &args);
    // The FROM clause's items as SQLAlchemy lists them: each entity's class
    // once, in order, then the joins in the order made, a join extending the
    // item it joins from and taking the joined class's own item in; each
    // item's classes in join order.
    std::vector<std::vector<const DeclarativeModel *>> fromItems() const;
    // join(B) without a condition: the one foreign key between the item's
    // classes (the last joined first, as Join._match_primaries) and B, as
    // "referred" = "referring" (sql/selectable.py Join._join_condition).
    // `trim` false: any key at all, as Join._can_join asks; else the one
    // condition, or empty and SQLAlchemy's exception in `errorClass`/`error`.
    QString inferredCondition(Interpreter &interp, const std::vector<const DeclarativeModel *> &left,
                              const DeclarativeModel &right, bool trim = false, QString *errorClass = nullptr,
                              QString *error = nullptr);
    Value orderBy(Interpreter &interp, const Args &args);
    Value update(Interpreter &interp, const Args &args);
    // FROM and WHERE of the statement, values bound in `e`.
    QString fromClause(Interpreter &interp, ExecuteOp &e);
    QString whereClause(Interpreter &interp, ExecuteOp &e);
    // A column of one of the query's classes (Model.attr is the construct
    // `<table clause>.c.attr`, DeclarativeModel::getAttribute).
    struct ColumnRef
    {
        const DeclarativeModel *model = nullptr;
        QString attribute;
        QString sql; // "table"."column"
    };
    std::optional<ColumnRef> column(const PythonExpression &x) const;
    // The query's classes a criterion names columns of.
    void modelsIn(const PythonExpression &x, QSet<const DeclarativeModel *> &out) const;
    static QString columnSql(const DeclarativeModel &model, const QString &attribute);
    // One filter() criterion (or join onclause) as SQL: comparisons of the
    // query's columns with each other or with a value, is_()/isnot(None),
    // in_(), and_(), or_().
    QString criterion(Interpreter &interp, const PythonExpression &c, ExecuteOp &e);
    // `v` bound as `column`'s type binds it, as a new parameter of `e`.
    QString parameter(Interpreter &interp, const ColumnRef &column, const Value &v, ExecuteOp &e);

    struct Join
    {
        Ref<DeclarativeModel> model;
        const DeclarativeModel *left = nullptr; // the first class of the FROM item it joins from
        std::optional<PythonExpression> onclause; // as written
        QString condition;                        // else inferred from the foreign keys
        // SQLAlchemy finds the left side and the keys when the statement
        // compiles: a join it cannot make raises there, not at join().
        QString errorClass;
        QString error;
    };
    Run *m_run;
    Ref<DeclarativeModel> m_model; // the first entity's class
    std::vector<Entity> m_selected; // session.query(...) / with_entities(); empty: m_model whole
    std::vector<Join> m_joins;
    std::vector<PythonExpression> m_criteria; // filter() and filter_by(), in order
    QStringList m_order;                      // order_by(): "table"."column" [ASC|DESC]
    bool m_yieldPer = false;
    qint64 m_limit = 0; // first(): LIMIT 1
};

// sa.MetaData(): the expression a script wrote (passed on to sa.Table(...,
// meta) as any construct), and, once meta.reflect(op.get_bind()) ran
// online, the tables the database has: meta.tables['t'] and
// sa.Table('t', meta) are then table clauses of their columns.
class MetaDataValue final : public HostObject
{
public:
    MetaDataValue(Run *run, PythonExpression expr) : m_run(run), m_expr(std::move(expr)) {}
    const PythonExpression &expression() const { return m_expr; }
    QString typeName() const override { return u"MetaData"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;
    // The reflected table `name` as a table clause; Invalid when not reflected.
    Value table(Interpreter &interp, const QString &name, const QString &schema);
    // sa.Table(name, meta, autoload_with=bind): that one table reflected
    // into this MetaData, as Table._autoload does.
    void autoload(Interpreter &interp, const Value &bind, const QString &name, const QString &schema);

private:
    // The migration's connection reflected, for reflect(bind) and
    // autoload_with=bind (`what` names the call in the refusal of another
    // bind); offline, SQLAlchemy's MockConnection has no inspector.
    MetaData reflectBind(Interpreter &interp, const Value &bind, const QString &what);

    Run *m_run;
    PythonExpression m_expr;
    std::optional<MetaData> m_reflected;
    QHash<QString, Value> m_clauses; // "schema.name" -> table clause, made once
};
// SQLAlchemy's type extension points, as Python classes a module's
// `class UUID(TypeDecorator):` derives from (Construct::classBase): what
// sqlalchemy/sql/type_api.py does for DDL, no more. TypeDecorator.__init__
// makes `impl` an instance (to_instance: a class is called with the
// arguments, an instance kept); DDL compiles load_dialect_impl(dialect),
// by default that impl (Run::reifyUserType).
const char16_t kTypePrelude[] = uR"(
class TypeEngine:
    def __init__(self, *args, **kwargs):
        pass


class TypeDecorator(TypeEngine):
    cache_ok = None

    def __init__(self, *args, **kwargs):
        if not hasattr(self.__class__, "impl"):
            raise AssertionError(
                "TypeDecorator implementations require a class-level variable "
                "'impl' which refers to the class of type being decorated"
            )
        self.impl = __pm_to_instance(self.__class__.impl, *args, **kwargs)

    def load_dialect_impl(self, dialect):
        return self.impl


class UserDefinedType(TypeEngine):
    pass
)";

// sqlalchemy.exc and sqlalchemy.orm.exc as SQLAlchemy 1.4 defines them
// (sqlalchemy/exc.py, orm/exc.py, sql/util.py's _repr_params): real
// exception classes, so that a script's `except SQLAlchemyError:` catches
// what petmigrate's bindings raise (Run::raiseSqlAlchemy) as SQLAlchemy
// would, and a failed bind.execute() raises the DBAPIError subclass that
// wraps the driver's exception (Run::raiseDatabaseError), with SQLAlchemy's
// str(), .orig, .statement and .params. Python 2's branches are left out.
const char16_t kExcPrelude[] = uR"py(
class HasDescriptionCode(object):
    code = None

    def __init__(self, *arg, **kw):
        code = kw.pop("code", None)
        if code is not None:
            self.code = code
        super(HasDescriptionCode, self).__init__(*arg, **kw)

    def _code_str(self):
        if not self.code:
            return ""
        return "(Background on this error at: https://sqlalche.me/e/14/%s)" % (self.code,)

    def __str__(self):
        message = super(HasDescriptionCode, self).__str__()
        if self.code:
            message = "%s %s" % (message, self._code_str())
        return message


class SQLAlchemyError(HasDescriptionCode, Exception):
    def _message(self):
        if len(self.args) == 1:
            text = self.args[0]
            if isinstance(text, bytes):
                text = text.decode("utf-8", "backslashreplace")
            else:
                text = str(text)
            return text
        return str(self.args)

    def _sql_message(self):
        message = self._message()
        if self.code:
            message = "%s %s" % (message, self._code_str())
        return message

    def __str__(self):
        return self._sql_message()


class _repr_params(object):
    _LIST = 0
    _TUPLE = 1
    _DICT = 2

    def __init__(self, params, batches, max_chars=300, ismulti=None):
        self.params = params
        self.ismulti = ismulti
        self.batches = batches
        self.max_chars = max_chars

    def trunc(self, value):
        rep = repr(value)
        lenrep = len(rep)
        if lenrep > self.max_chars:
            segment_length = self.max_chars // 2
            rep = (rep[0:segment_length] + (" ... (%d characters truncated) ... " % (lenrep - self.max_chars))
                   + rep[-segment_length:])
        return rep

    def __repr__(self):
        if self.ismulti is None:
            return self.trunc(self.params)
        if isinstance(self.params, list):
            typ = self._LIST
        elif isinstance(self.params, tuple):
            typ = self._TUPLE
        elif isinstance(self.params, dict):
            typ = self._DICT
        else:
            return self.trunc(self.params)
        if self.ismulti and len(self.params) > self.batches:
            msg = " ... displaying %i of %i total bound parameter sets ... "
            return " ".join((self._repr_multi(self.params[: self.batches - 2], typ)[0:-1],
                             msg % (self.batches, len(self.params)),
                             self._repr_multi(self.params[-2:], typ)[1:]))
        elif self.ismulti:
            return self._repr_multi(self.params, typ)
        else:
            return self._repr_params(self.params, typ)

    def _repr_multi(self, multi_params, typ):
        if multi_params:
            if isinstance(multi_params[0], list):
                elem_type = self._LIST
            elif isinstance(multi_params[0], tuple):
                elem_type = self._TUPLE
            else:
                elem_type = self._DICT
            elements = ", ".join(self._repr_params(params, elem_type) for params in multi_params)
        else:
            elements = ""
        if typ == self._LIST:
            return "[%s]" % elements
        return "(%s)" % elements

    def _repr_params(self, params, typ):
        trunc = self.trunc
        if typ is self._DICT:
            return "{%s}" % (", ".join("%r: %s" % (key, trunc(value)) for key, value in params.items()))
        elif typ is self._TUPLE:
            return "(%s%s)" % (", ".join(trunc(value) for value in params), "," if len(params) == 1 else "")
        return "[%s]" % (", ".join(trunc(value) for value in params))


class ArgumentError(SQLAlchemyError):
    pass


class ObjectNotExecutableError(ArgumentError):
    pass


class NoSuchModuleError(ArgumentError):
    pass


class NoForeignKeysError(ArgumentError):
    pass


class AmbiguousForeignKeysError(ArgumentError):
    pass


class CircularDependencyError(SQLAlchemyError):
    pass


class CompileError(SQLAlchemyError):
    pass


class UnsupportedCompilationError(CompileError):
    code = "l7de"


class IdentifierError(SQLAlchemyError):
    pass


class DisconnectionError(SQLAlchemyError):
    pass


class InvalidatePoolError(DisconnectionError):
    pass


class TimeoutError(SQLAlchemyError):
    pass


class InvalidRequestError(SQLAlchemyError):
    pass


class NoInspectionAvailable(InvalidRequestError):
    pass


class PendingRollbackError(InvalidRequestError):
    pass


class ResourceClosedError(InvalidRequestError):
    pass


class NoSuchColumnError(InvalidRequestError, KeyError):
    pass


class NoResultFound(InvalidRequestError):
    pass


class MultipleResultsFound(InvalidRequestError):
    pass


class NoReferenceError(InvalidRequestError):
    pass


class AwaitRequired(InvalidRequestError):
    code = "xd1r"


class MissingGreenlet(InvalidRequestError):
    code = "xd2s"


class NoReferencedTableError(NoReferenceError):
    pass


class NoReferencedColumnError(NoReferenceError):
    pass


class NoSuchTableError(InvalidRequestError):
    pass


class UnreflectableTableError(InvalidRequestError):
    pass


class UnboundExecutionError(InvalidRequestError):
    pass


class DontWrapMixin(object):
    pass


class StatementError(SQLAlchemyError):
    statement = None
    params = None
    orig = None
    ismulti = None

    def __init__(self, message, statement, params, orig, hide_parameters=False, code=None, ismulti=None):
        SQLAlchemyError.__init__(self, message, code=code)
        self.statement = statement
        self.params = params
        self.orig = orig
        self.ismulti = ismulti
        self.hide_parameters = hide_parameters
        self.detail = []

    def add_detail(self, msg):
        self.detail.append(msg)

    def _sql_message(self):
        details = [self._message()]
        if self.statement:
            details.append("[SQL: %s]" % self.statement)
            if self.params:
                if self.hide_parameters:
                    details.append("[SQL parameters hidden due to hide_parameters=True]")
                else:
                    params_repr = _repr_params(self.params, 10, ismulti=self.ismulti)
                    details.append("[parameters: %r]" % params_repr)
        code_str = self._code_str()
        if code_str:
            details.append(code_str)
        return "\n".join(["(%s)" % det for det in self.detail] + details)


class DBAPIError(StatementError):
    code = "dbapi"

    def __init__(self, statement, params, orig, hide_parameters=False, connection_invalidated=False, code=None,
                 ismulti=None):
        try:
            text = str(orig)
        except Exception as e:
            text = "Error in str() of DB-API-generated exception: " + str(e)
        StatementError.__init__(
            self,
            "(%s.%s) %s" % (orig.__class__.__module__, orig.__class__.__name__, text),
            statement,
            params,
            orig,
            hide_parameters=hide_parameters,
            code=code,
            ismulti=ismulti,
        )
        self.connection_invalidated = connection_invalidated


class InterfaceError(DBAPIError):
    code = "rvf5"


class DatabaseError(DBAPIError):
    code = "4xp6"


class DataError(DatabaseError):
    code = "9h9h"


class OperationalError(DatabaseError):
    code = "e3q8"


class IntegrityError(DatabaseError):
    code = "gkpj"


class InternalError(DatabaseError):
    code = "2j85"


class ProgrammingError(DatabaseError):
    code = "f405"


class NotSupportedError(DatabaseError):
    code = "tw8g"


class StaleDataError(SQLAlchemyError):
    pass


ConcurrentModificationError = StaleDataError


class FlushError(SQLAlchemyError):
    pass


class UnmappedError(InvalidRequestError):
    pass


class ObjectDereferencedError(SQLAlchemyError):
    pass


class DetachedInstanceError(SQLAlchemyError):
    code = "bhk3"


class UnmappedInstanceError(UnmappedError):
    pass


class UnmappedClassError(UnmappedError):
    pass


class ObjectDeletedError(InvalidRequestError):
    pass


class UnmappedColumnError(InvalidRequestError):
    pass


class LoaderStrategyException(InvalidRequestError):
    pass
)py";

// The exceptions of a DB-API module (PEP 249) as sqlite3 defines them: what
// a DBAPIError's .orig is, named in its message by module and class.
const char16_t kDbapiPrelude[] = uR"py(
class Warning(Exception):
    pass


class Error(Exception):
    pass


class InterfaceError(Error):
    pass


class DatabaseError(Error):
    pass


class DataError(DatabaseError):
    pass


class OperationalError(DatabaseError):
    pass


class IntegrityError(DatabaseError):
    pass


class InternalError(DatabaseError):
    pass


class ProgrammingError(DatabaseError):
    pass


class NotSupportedError(DatabaseError):
    pass
)py";

// The names of kExcPrelude each module has: sqlalchemy.orm.exc re-exports
// NoResultFound and MultipleResultsFound from sqlalchemy.exc.
bool isExceptionOf(const QString &module, const QString &name)
{
    static const QSet<QString> orm{u"StaleDataError"_s, u"ConcurrentModificationError"_s, u"FlushError"_s,
                                   u"UnmappedError"_s, u"ObjectDereferencedError"_s, u"DetachedInstanceError"_s,
                                   u"UnmappedInstanceError"_s, u"UnmappedClassError"_s, u"ObjectDeletedError"_s,
                                   u"UnmappedColumnError"_s, u"LoaderStrategyException"_s,
                                   u"NoResultFound"_s, u"MultipleResultsFound"_s};
    static const QSet<QString> shared{u"NoResultFound"_s, u"MultipleResultsFound"_s};
    if (module == u"sqlalchemy.orm.exc")
        return orm.contains(name);
    if (module == u"sqlalchemy.exc")
        return !orm.contains(name) || shared.contains(name);
    return false;
}

struct Run
{
    Run(const QString &fileName, const QString &text, const ScriptEvaluator::Context &ctx)
        : file(fileName), source(text), context(ctx), reader(fileName, ctx.userModulePrefix)
    {
        reader.bind(u"sqlalchemy"_s, u"sqlalchemy"_s);
        reader.bind(u"sqlmodel"_s, u"sqlmodel"_s);
        reader.bind(u"alembic"_s, u"alembic"_s);
        reader.bind(kOp, u"alembic.op"_s);
        const QString prefix = ctx.userModulePrefix.endsWith(u'.') ? ctx.userModulePrefix.chopped(1)
                                                                    : ctx.userModulePrefix;
        if (!prefix.isEmpty())
            reader.bind(prefix.section(u'.', 0, 0), prefix.section(u'.', 0, 0));
    }

    QString file;
    QStringView source;
    ScriptEvaluator::Context context;
    OperationReader reader;
    OperationList *ops = nullptr;
    std::optional<Error> readerError;
    int names = 0;
    Value bind;
    // The body talked to the database (online only).
    bool usesConnection = false;

    // Online, what needs the database: without a connection (the body read
    // ahead of the run), the body stops here and the runner evaluates it
    // again when its revision runs.
    LiveConnection &connection(Interpreter &interp)
    {
        usesConnection = true;
        databaseFaultCaught();
        refuseAfterFailedFlush(interp);
        if (!context.live)
            interp.refuse(u"this body reads the database through op.get_bind(); petmigrate evaluates it "
                          u"when its revision runs, inside the migration's transaction"_s);
        return *context.live;
    }

    // Fails the run with the reader's own located error.
    [[noreturn]] void fail(Interpreter &interp, const Error &error)
    {
        // An enum member compared with a column outside a session query
        // (enumMemberNode) reaches the reader, which has no such name.
        if (!enumMembers.empty() && error.message.contains(u"__pm_enum_member"))
            interp.refuse(u"a column compared with a Python enum member is read in ORM session queries only; "
                          u"petmigrate does not bind the member here (compare with its name, a string)"_s);
        readerError = error;
        interp.refuse(error.message);
    }
    template<typename T>
    T take(Interpreter &interp, Result<T> r)
    {
        if (!r)
            fail(interp, r.error());
        return std::move(*r);
    }
    // A database value as Python's sqlite3 / psycopg2 would give it.
    Value fromVariant(Interpreter &interp, const QVariant &v)
    {
        if (v.isNull())
            return Value::none();
        switch (v.typeId()) {
        case QMetaType::Bool: return Value::fromBool(v.toBool());
        case QMetaType::Int:
        case QMetaType::UInt:
        case QMetaType::Long:
        case QMetaType::LongLong:
        case QMetaType::Short:
        case QMetaType::ULong:
        case QMetaType::ULongLong: return Value::fromInt(v.toLongLong());
        case QMetaType::Double:
        case QMetaType::Float: return Value::fromFloat(v.toDouble());
        case QMetaType::QByteArray: return Value::bytes(v.toByteArray());
        default: return interp.makeStr(v.toString());
        }
    }
    QString freshName(const QString &stem) { return u"__pm_"_s + stem + QString::number(++names); }
    // A table clause the reader keeps under `name`. One made at module level
    // (a declarative class, `t = sa.table(...)` beside the functions) is
    // used by the bodies, whose locals start empty: it is kept for them.
    void keepTableClause(Interpreter &interp, const QString &name, const PythonExpression &table)
    {
        take(interp, reader.readLocalAssignment(name, table));
        if (auto shape = tableShape(table))
            tableClauses.insert(name, *shape);
        if (!ops)
            moduleTableClauses.push_back({name, table});
    }
    std::vector<std::pair<QString, PythonExpression>> moduleTableClauses;
    // The declarative classes by their table clause's name, for
    // session.query(Model.a, Model.b).
    QHash<QString, Ref<DeclarativeModel>> declarativeModels;

    Value construct(PythonExpression e) { return Value(new Construct(this, std::move(e))); }
    // sa.table(name, sa.column(c), ..., schema=...) under a name the reader
    // keeps (for .c.x, .update(), bulk_insert): a table a script did not spell.
    // Each column has its reflected type's class (sa.VARCHAR()), which is
    // what SQLAlchemy renders and binds values by.
    Value tableClause(Interpreter &interp, const QString &tableName, const QList<Column> &columns, const QString &schema)
    {
        const Location at = interp.currentLocation();
        auto string = [&](const QString &text) {
            PythonExpression e = node(Kind::String, at);
            e.text = text;
            return e;
        };
        PythonExpression table = node(Kind::Call, at);
        table.items.push_back(pathNode(u"sqlalchemy.table"_s, at));
        table.items.push_back(string(tableName));
        for (const Column &column : columns) {
            PythonExpression col = node(Kind::Call, at);
            col.items.push_back(pathNode(u"sqlalchemy.column"_s, at));
            col.items.push_back(string(column.name));
            if (!column.type.isNull()) {
                PythonExpression type = node(Kind::Call, at);
                type.items.push_back(pathNode(column.type.pythonModule() + u'.' + column.type.className(), at));
                col.items.push_back(std::move(type));
            }
            table.items.push_back(std::move(col));
        }
        if (!schema.isEmpty()) {
            PythonKeyword kw;
            kw.name = u"schema"_s;
            kw.line = at.line;
            kw.column = at.column;
            kw.value = string(schema);
            table.keywords.push_back(std::move(kw));
        }
        const QString name = freshName(u"table"_s);
        take(interp, reader.readLocalAssignment(name, table));
        reflectedTables.insert(name, {tableName, schema});
        QStringList names;
        for (const Column &column : columns)
            names << column.name;
        reflectedColumns.insert(name, names);
        return construct(nameNode(name, at));
    }
    // tableClause()'s names: the table and schema each stands for.
    QHash<QString, std::pair<QString, QString>> reflectedTables;

    // The table a select reads and its columns, in order: a reflected
    // table's clause, a sa.table() clause, or a sa.Table(name, metadata,
    // Column(...), ...) the body built; nullopt for anything else.
    struct TableShape
    {
        QString sql; // "schema"."name", quoted as the select writes it
        QStringList columns;
    };
    std::optional<TableShape> tableShape(const PythonExpression &e) const
    {
        if (e.kind == Kind::Name) {
            const auto reflected = reflectedTables.constFind(e.text);
            if (reflected != reflectedTables.constEnd())
                return TableShape{qualified(reflected->first, reflected->second), reflectedColumns.value(e.text)};
            const auto clause = tableClauses.constFind(e.text);
            if (clause != tableClauses.constEnd())
                return *clause;
            return std::nullopt;
        }
        if (!e.isCall() || e.argumentCount() < 1 || !e.argument(0).isString())
            return std::nullopt;
        const auto path = reader.resolve(e.callee());
        const bool table = path && (*path == u"sqlalchemy.Table" || *path == u"sqlalchemy.schema.Table");
        const bool clause = path && (*path == u"sqlalchemy.table" || *path == u"sqlalchemy.sql.table");
        if (!table && !clause)
            return std::nullopt;
        QString schema;
        if (const PythonKeyword *k = e.keyword(u"schema"); k && k->value.isString())
            schema = k->value.text;
        TableShape shape{qualified(e.argument(0).text, schema), {}};
        for (size_t i = table ? 2 : 1; i < e.argumentCount(); ++i) {
            const PythonExpression &c = e.argument(i);
            if (!c.isCall() || c.argumentCount() < 1 || !c.argument(0).isString())
                continue; // a constraint or an index
            const auto columnPath = reader.resolve(c.callee());
            if (columnPath && (*columnPath == u"sqlalchemy.Column" || *columnPath == u"sqlalchemy.schema.Column"
                               || *columnPath == u"sqlalchemy.column" || *columnPath == u"sqlalchemy.sql.column"))
                shape.columns << c.argument(0).text;
        }
        return shape;
    }
    static QString qualified(const QString &table, const QString &schema)
    {
        return schema.isEmpty() ? quoted(table) : quoted(schema) + u'.' + quoted(table);
    }
    // tableClause()'s columns, and the sa.table() clauses a body made.
    QHash<QString, QStringList> reflectedColumns;
    QHash<QString, TableShape> tableClauses;

    // sa.select(t.c.a, ...)[.where(condition)...] over tables of
    // metadata.reflect(), as the SELECT an online run sends with its values
    // bound; nullopt when `e` is no select. Conditions compare columns with
    // each other or with numbers, strings, booleans and None, joined by
    // and_() / or_(); any other shape refuses, located.
    std::optional<ExecuteOp> selectStatement(Interpreter &interp, const PythonExpression &statement)
    {
        const PythonExpression *e = &statement;
        std::vector<const PythonExpression *> conditions;
        while (e->isCall() && e->callee().kind == Kind::Attribute && e->callee().text == u"where") {
            for (size_t i = 1; i < e->items.size(); ++i)
                conditions.push_back(&e->items[i]);
            e = &e->callee().items.front();
        }
        const PythonExpression *select = e;
        if (!select->isCall())
            return std::nullopt;
        // table.select(): every column of the table, in its order.
        std::optional<TableShape> whole;
        if (select->callee().kind == Kind::Attribute && select->callee().text == u"select")
            whole = tableShape(select->callee().items.front());
        if (whole) {
            if (select->argumentCount() != 0 || !select->keywords.empty() || whole->columns.isEmpty())
                interp.refuse(u"table.select() with arguments, or of a table without columns, is out of reach "
                              u"for petmigrate"_s);
        }
        const auto path = whole ? Result<QString>(u"sqlalchemy.select"_s) : reader.resolve(select->callee());
        if (!path || (*path != u"sqlalchemy.select" && *path != u"sqlalchemy.sql.select"
                      && *path != u"sqlalchemy.future.select" && *path != u"sqlalchemy.sql.expression.select")) {
            // A method of a select other than where(): out of reach, said so.
            const PythonExpression *inner = select;
            while (inner->isCall() && inner->callee().kind == Kind::Attribute) {
                const PythonExpression &owner = inner->callee().items.front();
                if (owner.isCall()) {
                    const auto ownerPath = reader.resolve(owner.callee());
                    if (ownerPath && ownerPath->endsWith(u".select"))
                        interp.refuse(u"select().%1() is out of reach: petmigrate runs sa.select(columns).where(...) "
                                      u"over reflected tables"_s.arg(inner->callee().text));
                }
                inner = &owner;
            }
            return std::nullopt;
        }
        QStringList columns;
        QStringList from;
        ExecuteOp op;
        auto column = [&](const PythonExpression &c) -> std::optional<QString> {
            if (c.kind != Kind::Attribute || c.items.front().kind != Kind::Attribute
                || (c.items.front().text != u"c" && c.items.front().text != u"columns"))
                return std::nullopt;
            const auto table = tableShape(c.items.front().items.front());
            if (!table || !table->columns.contains(c.text))
                return std::nullopt;
            const QString tableSql = table->sql;
            if (!from.contains(tableSql))
                from << tableSql;
            return tableSql + u'.' + quoted(c.text);
        };
        std::vector<const PythonExpression *> selected;
        if (whole) {
            for (const QString &name : std::as_const(whole->columns))
                columns << whole->sql + u'.' + quoted(name);
            from << whole->sql;
        }
        for (size_t i = whole ? select->items.size() : 1; i < select->items.size(); ++i) {
            const PythonExpression &item = select->items[i];
            if (item.kind == Kind::List && select->items.size() == 2) { // select([a, b]), SQLAlchemy 1.3's form
                for (const PythonExpression &x : item.items)
                    selected.push_back(&x);
            } else {
                selected.push_back(&item);
            }
        }
        for (const PythonExpression *item : selected) {
            const auto sql = column(*item);
            if (!sql)
                interp.refuse(u"sa.select() of anything but the columns of a reflected table (t.c.name) is out of "
                              u"reach for petmigrate"_s);
            columns << *sql;
        }
        if (columns.isEmpty() || !select->keywords.empty())
            interp.refuse(u"sa.select() without columns, or with keywords, is out of reach for petmigrate"_s);
        std::function<QString(const PythonExpression &)> condition = [&](const PythonExpression &c) -> QString {
            static const QHash<QString, QString> comparisons{{u"__eq__"_s, u"="_s}, {u"__ne__"_s, u"!="_s},
                                                             {u"__lt__"_s, u"<"_s}, {u"__le__"_s, u"<="_s},
                                                             {u"__gt__"_s, u">"_s}, {u"__ge__"_s, u">="_s}};
            if (c.isCall() && c.keywords.empty()) {
                const auto fn = reader.resolve(c.callee());
                if (fn && (*fn == u"sqlalchemy.and_" || *fn == u"sqlalchemy.or_") && c.items.size() > 1) {
                    QStringList parts;
                    for (size_t i = 1; i < c.items.size(); ++i)
                        parts << u'(' + condition(c.items[i]) + u')';
                    return parts.join(*fn == u"sqlalchemy.and_" ? u" AND "_s : u" OR "_s);
                }
                // t.c.x.is_(None) / isnot(None) / is_not(None): IS [NOT] NULL.
                static const QStringList nullTests{u"is_"_s, u"isnot"_s, u"is_not"_s};
                if (c.callee().kind == Kind::Attribute && nullTests.contains(c.callee().text) && c.items.size() == 2
                    && c.items[1].kind == Kind::None) {
                    if (const auto left = column(c.callee().items.front()))
                        return *left + (c.callee().text == u"is_" ? u" IS NULL"_s : u" IS NOT NULL"_s);
                }
                if (c.callee().kind == Kind::Attribute && comparisons.contains(c.callee().text) && c.items.size() == 2) {
                    const auto left = column(c.callee().items.front());
                    if (left) {
                        const PythonExpression &right = c.items[1];
                        if (const auto other = column(right))
                            return *left + u' ' + comparisons.value(c.callee().text) + u' ' + *other;
                        if (right.kind == Kind::None && (c.callee().text == u"__eq__" || c.callee().text == u"__ne__"))
                            return *left + (c.callee().text == u"__eq__" ? u" IS NULL"_s : u" IS NOT NULL"_s);
                        QVariant value;
                        switch (right.kind) {
                        case Kind::String: value = right.text; break;
                        case Kind::Integer: value = right.integer; break;
                        case Kind::Float: value = right.text.toDouble(); break;
                        case Kind::True: value = true; break;
                        case Kind::False: value = false; break;
                        default: break;
                        }
                        if (value.isValid()) {
                            const QString parameter = u"param_"_s + QString::number(op.bindValues.size() + 1);
                            op.bindValues.insert(parameter, value);
                            return *left + u' ' + comparisons.value(c.callee().text) + u" :"_s + parameter;
                        }
                    }
                }
            }
            interp.refuse(u"this where() condition is out of reach for petmigrate: it runs comparisons of a "
                          u"reflected table's columns with each other or with a value, joined by and_() / or_()"_s);
        };
        QStringList where;
        for (const PythonExpression *c : conditions)
            where << condition(*c);
        op.sql = u"SELECT "_s + columns.join(u", "_s) + u" \nFROM "_s + from.join(u", "_s);
        if (!where.isEmpty())
            op.sql += u" \nWHERE "_s + where.join(u" AND "_s);
        return op;
    }
    static QString quoted(const QString &identifier)
    {
        if (identifier.isEmpty())
            return {};
        QString text = identifier;
        text.replace(u"\""_s, u"\"\""_s);
        return u"\""_s + text + u"\""_s;
    }

    // The prelude's classes, made on first use in this interpreter.
    python::ProgramPtr typePrelude;
    std::optional<Namespace> typeClasses;
    Value typeClass(Interpreter &interp, const QString &name)
    {
        if (!typeClasses) {
            interp.setBuiltin(u"__pm_to_instance"_s, makeRawFunction(u"to_instance"_s, [this](Interpreter &in, const Args &args) {
                if (args.positional.empty())
                    in.raise(ExceptionType::TypeError, u"to_instance() missing 1 required positional argument"_s);
                const Value &impl = args.positional.front();
                const std::vector<Value> more(args.positional.begin() + 1, args.positional.end());
                const Args rest{more, args.keywords};
                if (impl.isNone())
                    return construct(pathNode(u"sqlalchemy.types.NullType"_s, in.currentLocation()));
                // A class is called with the arguments, an instance kept.
                auto *c = impl.is(python::Kind::Host) ? dynamic_cast<Construct *>(impl.as<HostObject>()) : nullptr;
                if (impl.is(python::Kind::Class) || (c && !c->expression().isCall()))
                    return in.call(impl, rest);
                return impl;
            }));
            auto program = python::Parser::parse(QString::fromUtf16(kTypePrelude), u"<sqlalchemy types>"_s);
            if (!program)
                interp.refuse(program.error().toString());
            typePrelude = *program;
            auto ns = interp.runModule(typePrelude, u"sqlalchemy.sql.type_api"_s);
            if (!ns)
                interp.refuse(ns.error().toString());
            typeClasses = *ns;
        }
        return typeClasses->value(name);
    }

    // kExcPrelude's classes, made on first use in this interpreter.
    python::ProgramPtr excPrelude;
    std::optional<Namespace> excClasses;
    Value sqlalchemyException(Interpreter &interp, const QString &name)
    {
        if (!excClasses) {
            auto program = python::Parser::parse(QString::fromUtf16(kExcPrelude), u"<sqlalchemy.exc>"_s);
            if (!program)
                interp.refuse(program.error().toString());
            excPrelude = *program;
            auto ns = interp.runModule(excPrelude, u"sqlalchemy.exc"_s);
            if (!ns)
                interp.refuse(ns.error().toString());
            excClasses = *ns;
        }
        return excClasses->value(name);
    }
    // Raises SQLAlchemy's exception `name` (a class of kExcPrelude) as
    // SQLAlchemy raises it, catchable by the script.
    [[noreturn]] void raiseSqlAlchemy(Interpreter &interp, const QString &name, const QString &message)
    {
        const Value cls = sqlalchemyException(interp, name);
        if (!cls.isValid())
            interp.refuse(u"petmigrate has no sqlalchemy exception class '%1'"_s.arg(name));
        const Value statementError = sqlalchemyException(interp, u"StatementError"_s);
        if (cls.is(python::Kind::Class) && cls.as<ClassObject>()->isSubclassOf(statementError.as<ClassObject>())) {
            // StatementError(message, statement, params, orig): raised before
            // any statement ran, so there is none to show.
            const std::vector<Value> args{Value::str(message), Value::none(), Value::none(), Value::none()};
            interp.raise(interp.call(cls, Args{args, {}}));
        }
        interp.raise(cls, message);
    }

    // The DB-API module's exception classes (PEP 249), made on first use.
    std::vector<python::ProgramPtr> driverPreludes;
    QHash<QString, Namespace> driverClasses; // "psycopg2.errors.UniqueViolation" -> its module

    // A statement the database refused, uncaught: the run ends with the
    // runtime's located error (`error`), as before the script could catch it.
    struct DatabaseFault
    {
        Error error;
        QString type;
        QString message;
    };
    std::optional<DatabaseFault> databaseFault;
    // Raises what SQLAlchemy's Connection raises for a statement the driver
    // refused (DBAPIError.instance): the DBAPIError subclass named as the
    // driver's exception class, wrapping it, with the statement and its
    // parameters. Its str() is SQLAlchemy's.
    [[noreturn]] void raiseDatabaseError(Interpreter &interp, const LiveConnection::StatementFault &fault,
                                         const Error &located)
    {
        const QString key = fault.driverModule + u'.' + fault.driverClass;
        if (!driverClasses.contains(key)) {
            // The PEP 249 classes, and the driver's own class below its base
            // (psycopg2.errors.UniqueViolation(IntegrityError)).
            QString source = QString::fromUtf16(kDbapiPrelude);
            if (fault.driverClass != fault.driverBase)
                source += u"\n\nclass %1(%2):\n    pass\n"_s.arg(fault.driverClass, fault.driverBase);
            auto program = python::Parser::parse(source, u"<%1>"_s.arg(fault.driverModule));
            if (!program)
                interp.refuse(program.error().toString());
            driverPreludes.push_back(*program);
            auto ns = interp.runModule(driverPreludes.back(), fault.driverModule);
            if (!ns)
                interp.refuse(ns.error().toString());
            driverClasses.insert(key, *ns);
        }
        const Value driverClass = driverClasses.value(key).value(fault.driverClass);
        const Value cls = sqlalchemyException(interp, fault.driverBase);
        if (!driverClass.isValid() || !cls.isValid())
            interp.refuse(located.message);
        const std::vector<Value> message{interp.makeStr(fault.message)};
        const Value orig = interp.call(driverClass, Args{message, {}});
        std::vector<Value> params;
        for (const QVariant &v : fault.parameters)
            params.push_back(fromVariant(interp, v));
        // Only a statement without parameters is raised where they go by name.
        const Value parameters = fault.parametersByName && params.empty() ? Value(makeDict()) : makeTuple(std::move(params));
        const std::vector<Value> args{interp.makeStr(fault.sql), parameters, orig};
        const std::vector<KeywordArgument> keywords{{Value::str(u"code"_s), interp.getAttribute(cls, u"code"_s)},
                                                            {Value::str(u"ismulti"_s), Value::fromBool(false)}};
        const Value exception = interp.call(cls, Args{args, keywords});
        databaseFault = DatabaseFault{located, interp.typeName(exception), interp.str(exception)};
        interp.raise(exception);
    }
    // A failed query(): the database's refusal raised as SQLAlchemy's
    // exception where the script may catch it, else the run's located end.
    [[noreturn]] void failQuery(Interpreter &interp, const Error &error)
    {
        if (auto fault = context.live ? context.live->lastFault() : std::nullopt)
            raiseDatabaseError(interp, *fault, error);
        fail(interp, error);
    }
    // Called where the body goes on after raising a database fault: the
    // script caught it.
    void databaseFaultCaught()
    {
        if (!databaseFault)
            return;
        databaseFault.reset();
        if (context.live)
            context.live->faultCaught();
    }

    // An instance of a TypeDecorator subclass as the type DDL compiles for
    // this dialect: TypeDecorator.type_engine() -> load_dialect_impl(),
    // itself reified (it may be another TypeDecorator).
    PythonExpression reifyUserType(Interpreter &interp, Value v, const Location &at)
    {
        for (int depth = 0; depth < 32; ++depth) {
            // A type class where an instance is expected (Column('x', UUID)).
            if (isUserTypeClass(v))
                v = interp.call(v, Args{});
            if (!isUserType(interp, v))
                return reify(interp, v, at);
            if (interp.isInstance(v, typeClass(interp, u"TypeDecorator"_s))) {
                QHash<QString, Value> attrs;
                attrs.insert(u"name"_s, Value::str(context.dialect));
                attrs.insert(u"driver"_s, Value::str(context.dialect == u"sqlite" ? u"pysqlite"_s : u"psycopg2"_s));
                attrs.insert(u"type_descriptor"_s, makeFunction(u"type_descriptor(typeobj)", [](Interpreter &, const BoundArguments &a) {
                    return a[0];
                }));
                const Value dialect(new Attributes(u"PGDialect_psycopg2"_s, attrs));
                const std::vector<Value> dialectArg{dialect};
                const Value impl = interp.callMethod(v, u"load_dialect_impl"_s, Args{dialectArg, {}});
                if (impl.is(python::Kind::Instance) && impl.as<Object>() == v.as<Object>())
                    interp.refuse(u"%1.load_dialect_impl() returns the type itself"_s.arg(interp.typeName(v)));
                v = impl;
                continue;
            }
            interp.refuse(u"petmigrate does not render the SQLAlchemy type '%1': only TypeDecorator subclasses "
                          u"are read from the application's modules"_s.arg(interp.typeName(v)));
        }
        interp.refuse(u"the TypeDecorator '%1' decorates itself too deeply"_s.arg(interp.typeName(v)));
    }
    // A class deriving from the prelude's TypeEngine (a module's TypeDecorator).
    bool isUserTypeClass(const Value &cls) const
    {
        if (!typeClasses || !cls.is(python::Kind::Class))
            return false;
        const Value engine = typeClasses->value(u"TypeEngine"_s);
        return cls.as<ClassObject>()->isSubclassOf(engine.as<ClassObject>());
    }
    bool isUserType(Interpreter &interp, const Value &v) const
    {
        return v.is(python::Kind::Instance) && isUserTypeClass(interp.typeOf(v));
    }

    Value bindValue()
    {
        if (!bind.isValid()) {
            const QString name = freshName(u"bind"_s);
            auto *b = new Bind(this, name);
            bind = Value(b);
        }
        return bind;
    }

    // Where a session's flush failed (a StaleDataError of a bulk method):
    // SQLAlchemy rolls the migration's transaction back there, which
    // petmigrate does not reproduce, so a body that catches it and goes on
    // is refused rather than run on a transaction SQLAlchemy no longer has.
    std::optional<Location> failedFlush;
    QString failedFlushSentence() const
    {
        return u"SQLAlchemy rolls back the migration's transaction when a session's flush fails (the StaleDataError "
               u"at line %1); petmigrate does not run a body on past that"_s.arg(failedFlush->line);
    }
    void refuseAfterFailedFlush(Interpreter &interp)
    {
        if (failedFlush)
            interp.refuse(failedFlushSentence());
    }

    void record(Interpreter &interp, Operation op)
    {
        refuseAfterFailedFlush(interp);
        // Alembic runs it when it imports the script, ahead of the run's
        // first statement; there is no body here to record it in.
        if (!ops && !context.live)
            interp.refuse(u"an operation run at module level, when the script is imported, is not supported in a "
                          u"migration script"_s);
        // SQLiteImpl.add_constraint / drop_constraint raise this when the op
        // runs, so a script's try/except sees it (privacyidea catches it and
        // goes on); rendering it later would be too late to be caught.
        if (context.dialect == u"sqlite" && (op.is<AddConstraintOp>() || op.is<DropConstraintOp>()))
            interp.raise(ExceptionType::NotImplementedError,
                         u"No support for ALTER of constraints in SQLite dialect. Please refer to the batch mode "
                         u"feature which allows for SQLite migrations using a copy-and-move strategy."_s);
        if (context.live) {
            if (Status applied = context.live->apply(op); !applied)
                fail(interp, applied.error());
            return;
        }
        ops->push_back(std::move(op));
    }

    // A Python value as the literal (or construct) a script could have written.
    PythonExpression reify(Interpreter &interp, const Value &v, const Location &at)
    {
        switch (v.kind()) {
        case python::Kind::None: return node(Kind::None, at);
        case python::Kind::Bool: return node(v.asInt() ? Kind::True : Kind::False, at);
        case python::Kind::Int: {
            PythonExpression e = node(Kind::Integer, at);
            e.integer = v.asInt();
            e.text = QString::number(e.integer);
            return e;
        }
        case python::Kind::Float: {
            PythonExpression e = node(Kind::Float, at);
            e.floating = v.toDouble();
            e.text = interp.repr(v);
            return e;
        }
        case python::Kind::Str: {
            PythonExpression e = node(Kind::String, at);
            e.text = v.text();
            return e;
        }
        case python::Kind::Tuple:
        case python::Kind::List: {
            PythonExpression e = node(v.is(python::Kind::Tuple) ? Kind::Tuple : Kind::List, at);
            const auto &items = v.is(python::Kind::Tuple) ? v.as<TupleObject>()->items : v.as<ListObject>()->items;
            for (const Value &item : items)
                e.items.push_back(reify(interp, item, at));
            return e;
        }
        case python::Kind::Dict: {
            PythonExpression e = node(Kind::Dict, at);
            const OrderedMap &map = v.as<DictObject>()->map;
            for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
                e.items.push_back(reify(interp, map.entry(i).key, at));
                e.items.push_back(reify(interp, map.entry(i).value, at));
            }
            return e;
        }
        case python::Kind::Opaque: interp.refuseOpaque(v);
        case python::Kind::Class:
        case python::Kind::Instance:
            if (isUserTypeClass(v) || isUserType(interp, v))
                return reifyUserType(interp, v, at);
            break;
        case python::Kind::Host: {
            auto *host = v.as<HostObject>();
            if (auto *c = dynamic_cast<Construct *>(host))
                return c->expression();
            if (auto *m = dynamic_cast<MetaDataValue *>(host))
                return m->expression();
            if (auto *b = dynamic_cast<Bind *>(host))
                return nameNode(b->name(), at);
            if (auto *m = dynamic_cast<DeclarativeModel *>(host))
                return nameNode(m->tableClause(), at); // sa.delete(Model) is a delete of its table
            if (isDateValue(v))
                return dateNode(interp, v, at);

            break;
        }
        default: break;
        }
        interp.refuse(u"petmigrate cannot pass a '%1' value to SQLAlchemy or Alembic"_s.arg(interp.typeName(v)));
    }

    // A datetime.datetime, datetime.date or datetime.time (dateNode's values).
    static bool isDateValue(const Value &v)
    {
        if (!v.is(python::Kind::Host))
            return false;
        const QString type = v.as<HostObject>()->typeName();
        return type == u"datetime" || type == u"date" || type == u"time";
    }

    // A datetime.datetime, datetime.date or datetime.time as the reader takes
    // it (its dateLiteral): __pm_datetime("YYYY-MM-DDTHH:MM:SS.ffffff[+HH:MM[:SS]]",
    // repr), __pm_date("YYYY-MM-DD", repr) or __pm_time("THH:MM:SS.ffffff...",
    // repr): the fields exactly, microseconds and UTC offset included, which
    // SQLite's formats and the drivers' adapters need.
    PythonExpression dateNode(Interpreter &interp, const Value &v, const Location &at)
    {
        auto field = [&](const QString &name) { return interp.getAttribute(v, name).asInt(); };
        auto two = [](qint64 n) { return QString::number(n).rightJustified(2, u'0'); };
        const bool timeOnly = interp.typeName(v) == u"time";
        const bool hasTime = timeOnly || interp.typeName(v) == u"datetime";
        QString iso;
        if (!timeOnly)
            iso = QString::number(field(u"year"_s)).rightJustified(4, u'0') + u'-' + two(field(u"month"_s)) + u'-'
                + two(field(u"day"_s));
        if (hasTime) {
            iso += u'T' + two(field(u"hour"_s)) + u':' + two(field(u"minute"_s)) + u':' + two(field(u"second"_s))
                + u'.' + QString::number(field(u"microsecond"_s)).rightJustified(6, u'0');
            const Value offset = interp.callMethod(v, u"utcoffset"_s, Args{});
            if (!offset.isNone()) {
                const qint64 seconds = qint64(interp.callMethod(offset, u"total_seconds"_s, Args{}).toDouble());
                const qint64 magnitude = std::abs(seconds);
                iso += (seconds < 0 ? u'-' : u'+') + two(magnitude / 3600) + u':' + two(magnitude / 60 % 60);
                if (magnitude % 60)
                    iso += u':' + two(magnitude % 60);
            }
        }
        auto string = [&](const QString &text) {
            PythonExpression e = node(Kind::String, at);
            e.text = text;
            return e;
        };
        PythonExpression call = node(Kind::Call, at);
        call.items.push_back(nameNode(timeOnly ? u"__pm_time"_s : hasTime ? u"__pm_datetime"_s : u"__pm_date"_s, at));
        call.items.push_back(string(iso));
        call.items.push_back(string(interp.repr(v)));
        return call;
    }

    // A member of a class of Python's enum module.
    static bool isPythonEnumMember(const Value &v)
    {
        return v.is(python::Kind::Instance) && v.as<InstanceObject>()->cls->isEnum;
    }
    // SQLAlchemy's LookupError for a value an Enum(cls) column does not
    // have (the type's name is the class's, lowercased; four names at most,
    // langhelpers.repr_tuple_names).
    static QString enumLookupMessage(Interpreter &interp, const QString &value, const Value &cls)
    {
        QStringList names;
        for (const Value &member : cls.as<ClassObject>()->enumMembers) {
            const QString name = interp.getAttribute(member, u"name"_s).text();
            names << (name.size() > 11 ? name.left(11) + u".."_s : name);
        }
        const QString possible = names.size() <= 4 ? names.join(u", "_s)
                                                   : names.mid(0, 3).join(u", "_s) + u", ..., "_s + names.last();
        return u"'%1' is not among the defined enum values. Enum name: %2. Possible values: %3"_s
            .arg(value, cls.as<ClassObject>()->name.toLower(), possible);
    }
    // An enum member compared with a column (Model.state == State.DONE):
    // __pm_enum_member(index) in the expression, the member kept here, for
    // the query that binds it by the column's type (OrmQuery::criterion).
    std::vector<Value> enumMembers;
    PythonExpression enumMemberNode(const Value &member, const Location &at)
    {
        PythonExpression e = node(Kind::Call, at);
        e.items.push_back(nameNode(u"__pm_enum_member"_s, at));
        PythonExpression index = node(Kind::Integer, at);
        index.integer = qint64(enumMembers.size());
        index.text = QString::number(index.integer);
        e.items.push_back(std::move(index));
        enumMembers.push_back(member);
        return e;
    }
    std::optional<Value> enumMemberOf(const PythonExpression &e) const
    {
        if (!e.isCall() || e.callee().kind != Kind::Name || e.callee().text != u"__pm_enum_member"
            || e.items.size() != 2 || e.items[1].kind != Kind::Integer)
            return std::nullopt;
        const qint64 i = e.items[1].integer;
        if (i < 0 || size_t(i) >= enumMembers.size())
            return std::nullopt;
        return enumMembers[size_t(i)];
    }
    // What a column is compared with: a value, or a list of them (in_()),
    // enum members kept as enumMemberNode().
    PythonExpression reifyComparand(Interpreter &interp, const Value &v, const Location &at)
    {
        if (isPythonEnumMember(v))
            return enumMemberNode(v, at);
        if (v.is(python::Kind::List) || v.is(python::Kind::Tuple)) {
            PythonExpression e = node(v.is(python::Kind::Tuple) ? Kind::Tuple : Kind::List, at);
            const auto &items = v.is(python::Kind::Tuple) ? v.as<TupleObject>()->items : v.as<ListObject>()->items;
            for (const Value &item : items)
                e.items.push_back(reifyComparand(interp, item, at));
            return e;
        }
        return reify(interp, v, at);
    }

    // A class of Python's enum module (Enum, IntEnum, ... or a subclass).
    static bool isPythonEnumClass(const Value &v)
    {
        if (!v.is(python::Kind::Class))
            return false;
        const auto &mro = v.as<ClassObject>()->mro;
        return std::any_of(mro.begin(), mro.end(), [](const ClassObject *c) { return c->isEnum; });
    }

    // The schema construct a call builds, as SQLAlchemy's class name, for
    // the dialect keyword arguments it validates; "" when not one of them.
    static QString schemaConstructOf(const std::optional<QString> &path, const QString &written)
    {
        QString name;
        if (path && path->startsWith(u"sqlalchemy.")
            && (path->count(u'.') == 1 || path->startsWith(u"sqlalchemy.schema.")))
            name = path->section(u'.', -1);
        const bool operation = (path && path->startsWith(u"alembic.op.")) || written.startsWith(kBatch + u'.');
        if (operation) {
            static const QHash<QString, QString> built{
                {u"create_table"_s, u"Table"_s},
                {u"create_index"_s, u"Index"_s},
                {u"create_primary_key"_s, u"PrimaryKeyConstraint"_s},
                {u"create_unique_constraint"_s, u"UniqueConstraint"_s},
                {u"create_foreign_key"_s, u"ForeignKeyConstraint"_s},
                {u"create_check_constraint"_s, u"CheckConstraint"_s}};
            name = built.value(written.section(u'.', -1));
        }
        static const QStringList known{u"Table"_s, u"Column"_s, u"Index"_s, u"PrimaryKeyConstraint"_s,
                                       u"UniqueConstraint"_s, u"ForeignKeyConstraint"_s, u"CheckConstraint"_s,
                                       u"ForeignKey"_s};
        return known.contains(name) ? name : QString();
    }

    // A keyword argument of a dialect SQLAlchemy has but petmigrate does not
    // render (mysql_engine='InnoDB' on a table): SQLAlchemy validates it
    // against the dialect's construct_arguments and keeps it for that
    // dialect, so SQLite's and PostgreSQL's DDL never reads it. True to
    // drop it; raises ArgumentError as SQLAlchemy does for one the dialect
    // does not accept; false for any other keyword.
    bool otherDialectKeyword(Interpreter &interp, const QString &construct, const QString &keyword)
    {
        const qsizetype underscore = keyword.indexOf(u'_');
        if (construct.isEmpty() || underscore <= 0)
            return false;
        const QString dialect = keyword.left(underscore);
        const QString argument = keyword.mid(underscore + 1);
        // sqlalchemy/dialects/{mysql,mssql,oracle}/base.py construct_arguments
        // (MariaDB's dialect is MySQL's); "*" accepts any argument.
        static const QHash<QString, QHash<QString, QStringList>> accepted{
            {u"mysql"_s, {{u"Table"_s, {u"*"_s}}, {u"PrimaryKeyConstraint"_s, {u"using"_s}},
                          {u"Index"_s, {u"using"_s, u"length"_s, u"prefix"_s, u"with_parser"_s}}}},
            {u"mssql"_s, {{u"PrimaryKeyConstraint"_s, {u"clustered"_s}}, {u"UniqueConstraint"_s, {u"clustered"_s}},
                          {u"Index"_s, {u"clustered"_s, u"include"_s, u"where"_s}},
                          {u"Column"_s, {u"identity_start"_s, u"identity_increment"_s}}}},
            {u"oracle"_s, {{u"Table"_s, {u"resolve_synonyms"_s, u"on_commit"_s, u"compress"_s}},
                           {u"Index"_s, {u"bitmap"_s, u"compress"_s}}}}};
        const auto it = accepted.constFind(dialect == u"mariadb" ? u"mysql"_s : dialect);
        if (it == accepted.cend() || argument.isEmpty())
            return false;
        const QStringList args = it->value(construct);
        if (args.contains(u"*"_s) || args.contains(argument))
            return true;
        // Every construct above is a class of sqlalchemy/sql/schema.py.
        raiseSqlAlchemy(interp, u"ArgumentError"_s,
                        u"Argument '%1' is not accepted by dialect '%2' on behalf of "
                        u"<class 'sqlalchemy.sql.schema.%3'>"_s.arg(keyword, dialect, construct));
    }

    PythonExpression callNode(Interpreter &interp, PythonExpression callee, const Args &args, const Location &at)
    {
        PythonExpression e = node(Kind::Call, at);
        const auto path = reader.resolve(callee);
        const QString construct = schemaConstructOf(path ? std::optional<QString>(*path) : std::nullopt,
                                                    callee.dottedName());
        e.items.push_back(std::move(callee));
        // sa.Enum(MyEnum): SQLAlchemy 1.4 takes the members' names as the
        // values and the class's name, lowercased, as the type's name
        // (sqltypes.Enum._enum_init), unless values_callable says otherwise.
        const bool enumFromClass = path
            && (*path == u"sqlalchemy.Enum" || *path == u"sqlalchemy.types.Enum"
                || *path == u"sqlalchemy.sql.sqltypes.Enum" || *path == u"sqlalchemy.dialects.postgresql.ENUM")
            && args.positional.size() == 1 && isPythonEnumClass(args.positional[0])
            && std::none_of(args.keywords.begin(), args.keywords.end(),
                            [](const KeywordArgument &k) { return k.name.text() == u"values_callable"; });
        if (enumFromClass) {
            const Value cls = args.positional[0];
            for (const Value &member : interp.toVector(cls))
                e.items.push_back(reify(interp, interp.getAttribute(member, u"name"_s), at));
            if (std::none_of(args.keywords.begin(), args.keywords.end(),
                             [](const KeywordArgument &k) { return k.name.text() == u"name"; })) {
                PythonKeyword kw;
                kw.name = u"name"_s;
                kw.line = at.line;
                kw.column = at.column;
                kw.value = node(Kind::String, at);
                kw.value.text = cls.as<ClassObject>()->name.toLower();
                e.keywords.push_back(std::move(kw));
            }
        } else {
            for (const Value &a : args.positional)
                e.items.push_back(reify(interp, a, at));
        }
        for (const KeywordArgument &k : args.keywords) {
            // SQLAlchemy keeps another dialect's keyword arguments
            // (mysql_engine='InnoDB' on a table) for that dialect alone:
            // SQLite's and PostgreSQL's DDL never reads them.
            if (otherDialectKeyword(interp, construct, k.name.text()))
                continue;
            PythonKeyword kw;
            kw.name = k.name.text();
            kw.line = at.line;
            kw.column = at.column;
            // Column(default=timeutils.utcnow): a Python-side default that
            // SQLAlchemy calls at INSERT, never in DDL; the reader takes
            // only that there is one, so the function stays a name.
            const bool pythonDefault = (kw.name == u"default" || kw.name == u"onupdate")
                && (k.value.is(python::Kind::Function) || k.value.is(python::Kind::Native)
                    || k.value.is(python::Kind::BoundMethod));
            kw.value = pythonDefault ? nameNode(interp.getAttribute(k.value, u"__name__"_s).text(), at)
                                     : reify(interp, k.value, at);
            e.keywords.push_back(std::move(kw));
        }
        return e;
    }

    SourceLocation where(Interpreter &interp) const
    {
        const Location at = interp.currentLocation();
        return SourceLocation{file, at.line, at.column};
    }
};

namespace {

// A Python value as the database driver binds it.
QVariant boundValue(Interpreter &interp, const Value &v, const QString &column)
{
    switch (v.kind()) {
    case python::Kind::None: return QVariant();
    case python::Kind::Bool: return bool(v.asInt());
    case python::Kind::Int: return v.asInt();
    case python::Kind::Float: return v.toDouble();
    case python::Kind::Str: return v.text();
    case python::Kind::Bytes: return v.as<BytesObject>()->data;
    default:
        interp.refuse(u"a '%1' value for column '%2' is out of reach: petmigrate's ORM session binds numbers, "
                      u"strings, bytes and None"_s.arg(interp.typeName(v), column));
    }
}

QString quotedName(const QString &identifier)
{
    QString text = identifier;
    text.replace(u"\""_s, u"\"\""_s);
    return u"\""_s + text + u"\""_s;
}

} // namespace

// ---- Construct

QString Construct::typeName() const
{
    const PythonExpression &head = m_expr.isCall() ? m_expr.callee() : m_expr;
    const QString dotted = head.dottedName();
    return dotted.isEmpty() ? u"ClauseElement"_s : dotted.section(u'.', -1);
}

Value Construct::getAttribute(Interpreter &interp, const QString &name)
{
    if (name.startsWith(u"__"))
        return {};
    // sqlalchemy.exc's and sqlalchemy.orm.exc's exceptions are classes a
    // script catches (`except SQLAlchemyError:`), not constructs.
    if (m_expr.kind == Kind::Attribute && m_expr.text == u"exc" && name.front().isUpper()) {
        if (const auto owner = m_run->reader.resolve(m_expr); owner && isExceptionOf(*owner, name)) {
            if (const Value cls = m_run->sqlalchemyException(interp, name); cls.isValid())
                return cls;
        }
    }
    // A value a call made (sa.Column(...), sa.Integer(), sa.text(...)) has
    // its class's attributes only: another is Python's AttributeError.
    if (m_expr.isCall() && !name.startsWith(u'_')) {
        if (const auto path = m_run->reader.resolve(m_expr.callee())) {
            if (const auto kind = attributeKindOf(*path); kind && !hasAttribute(*kind, name))
                return {};
        }
    }
    const Location at = interp.currentLocation();
    PythonExpression e = attributeNode(m_expr, name, at);
    // Messages say `sa.Integer` where the script wrote it, not the
    // sqlalchemy.Integer it resolves to (as Python names what was written).
    const QString written = dottedNameAt(m_run->source, at);
    if (written.endsWith(u'.' + name))
        e.written = written;
    else if (!m_expr.written.isEmpty())
        e.written = m_expr.written + u'.' + name;
    return m_run->construct(std::move(e));
}

Value Construct::call(Interpreter &interp, const Args &args)
{
    const Location at = interp.currentLocation();
    const QString dotted = m_expr.dottedName();
    if (!dotted.isEmpty()) {
        auto path = m_run->reader.resolve(m_expr);
        if (path && *path == u"sqlalchemy.inspect" && args.positional.size() == 1 && args.keywords.empty()
            && args.positional[0].is(python::Kind::Host) && dynamic_cast<Bind *>(args.positional[0].as<HostObject>())) {
            if (m_run->context.offline)
                m_run->raiseSqlAlchemy(interp, u"NoInspectionAvailable"_s,
                                       u"No inspection system is available for object of type <class "
                                       u"'sqlalchemy.engine.mock.MockConnection'>"_s);
            m_run->connection(interp);
            return Value(new Inspector(m_run));
        }
        // sa.update(t) / sa.insert(t) / sa.delete(t) of a table clause: the
        // same statement as t.update() / t.insert() / t.delete().
        if (path && args.positional.size() == 1 && args.keywords.empty() && args.positional[0].is(python::Kind::Host)) {
            static const QStringList verbs{u"update"_s, u"insert"_s, u"delete"_s};
            const QString verb = path->section(u'.', -1);
            auto *table = dynamic_cast<Construct *>(args.positional[0].as<HostObject>());
            if (verbs.contains(verb) && (*path == u"sqlalchemy."_s + verb || *path == u"sqlalchemy.sql."_s + verb)
                && table && table->expression().kind == Kind::Name
                && m_run->reflectedTables.contains(table->expression().text)) {
                PythonExpression e = node(Kind::Call, at);
                e.items.push_back(attributeNode(table->expression(), verb, at));
                return m_run->construct(std::move(e));
            }
            // sa.delete(Model): the statement on the class's table (an
            // ORM-enabled DML statement sends the same SQL).
            auto *model = dynamic_cast<DeclarativeModel *>(args.positional[0].as<HostObject>());
            if (verbs.contains(verb) && (*path == u"sqlalchemy."_s + verb || *path == u"sqlalchemy.sql."_s + verb)
                && model) {
                PythonExpression e = node(Kind::Call, at);
                e.items.push_back(attributeNode(nameNode(model->tableClause(), at), verb, at));
                return m_run->construct(std::move(e));
            }
        }
        if (path && (*path == u"sqlalchemy.MetaData" || *path == u"sqlalchemy.schema.MetaData"))
            return Value(new MetaDataValue(m_run, m_run->callNode(interp, m_expr, args, at)));
        // sa.Table('t', meta) after meta.reflect(bind): the reflected table.
        if (path && (*path == u"sqlalchemy.Table" || *path == u"sqlalchemy.schema.Table") && args.positional.size() == 2
            && args.positional[0].isStr() && args.positional[1].is(python::Kind::Host)) {
            if (auto *meta = dynamic_cast<MetaDataValue *>(args.positional[1].as<HostObject>())) {
                QString schema;
                const Value *autoloadWith = nullptr;
                for (const KeywordArgument &k : args.keywords) {
                    if (k.name.text() == u"schema" && k.value.isStr())
                        schema = k.value.text();
                    else if (k.name.text() == u"autoload_with")
                        autoloadWith = &k.value;
                    else if (k.name.text() != u"autoload" && k.name.text() != u"extend_existing")
                        interp.refuse(u"sa.Table(name, metadata, %1=...) is out of reach: petmigrate reads a table "
                                      u"from metadata.reflect(op.get_bind()) or autoload_with=op.get_bind()"_s
                                          .arg(k.name.text()));
                }
                if (autoloadWith)
                    meta->autoload(interp, *autoloadWith, args.positional[0].text(), schema);
                const Value t = meta->table(interp, args.positional[0].text(), schema);
                if (!t.isValid())
                    interp.refuse(u"sa.Table('%1', metadata) without columns: petmigrate knows a table's columns "
                                  u"after metadata.reflect(op.get_bind()), online"_s.arg(args.positional[0].text()));
                return t;
            }
        }
        if (path && (*path == u"sqlalchemy.orm.declarative_base" || *path == u"sqlalchemy.ext.declarative.declarative_base"
                     || *path == u"sqlalchemy.orm.decl_api.declarative_base"))
            return declarativeBase(interp);
        // @hybrid_property on a model: Python's property for an instance's
        // get and set (a class-level SQL expression is not read from it).
        if (path && *path == u"sqlalchemy.ext.hybrid.hybrid_property")
            return interp.call(interp.builtinClass(python::Kind::Property), args);
        // The ORM over the migration's connection: a session that reads
        // (OrmSession); the rest of the ORM would lose its flushes silently
        // on a value that records SQL.
        if (path && !m_run->context.offline
            && (*path == u"sqlalchemy.orm.Session" || *path == u"sqlalchemy.orm.session.Session")) {
            const Value *bind = args.positional.empty() ? nullptr : &args.positional[0];
            for (const KeywordArgument &k : args.keywords) {
                if (k.name.text() == u"bind")
                    bind = &k.value;
                else
                    interp.refuse(u"sqlalchemy.orm.Session(%1=...) is out of reach: petmigrate's session reads "
                                  u"through op.get_bind() only"_s.arg(k.name.text()));
            }
            if (!bind || !bind->is(python::Kind::Host) || !dynamic_cast<Bind *>(bind->as<HostObject>()))
                interp.refuse(u"sqlalchemy.orm.Session without bind=op.get_bind() is out of reach: petmigrate's "
                              u"session reads through the migration's connection only"_s);
            m_run->connection(interp);
            return Value(new OrmSession(m_run, *bind));
        }
        if (path && !m_run->context.offline
            && (*path == u"sqlalchemy.orm.sessionmaker" || *path == u"sqlalchemy.orm.session.sessionmaker"))
            interp.refuse(u"sqlalchemy.orm.sessionmaker over op.get_bind() is out of reach: petmigrate runs "
                          u"bind.execute() statements and Session(bind=...) queries, not the ORM"_s);
    }
    // type.with_variant(other, 'sqlite'): DDL for that dialect compiles
    // `other`, for any other the type itself (sqltypes.Variant), and the
    // dialect is known here. `other` goes through to_instance(), which
    // calls a callable: a class, or glance's own type factory functions.
    if (m_expr.kind == Kind::Attribute && m_expr.text == u"with_variant" && args.positional.size() == 2
        && args.keywords.empty() && args.positional[1].isStr()) {
        if (args.positional[1].text() != m_run->context.dialect)
            return m_run->construct(m_expr.items.front());
        Value variant = args.positional[0];
        const bool typeClass = variant.is(python::Kind::Host) && dynamic_cast<Construct *>(variant.as<HostObject>())
            && !static_cast<Construct *>(variant.as<HostObject>())->expression().isCall();
        if (variant.is(python::Kind::Function) || typeClass)
            variant = interp.call(variant, Args{});
        return variant;
    }
    // column.in_([...]): enum members kept for the query that binds them.
    if (m_expr.kind == Kind::Attribute && m_expr.text == u"in_" && args.positional.size() == 1 && args.keywords.empty()
        && (args.positional[0].is(python::Kind::List) || args.positional[0].is(python::Kind::Tuple))) {
        PythonExpression e = node(Kind::Call, at);
        e.items.push_back(m_expr);
        e.items.push_back(m_run->reifyComparand(interp, args.positional[0], at));
        return m_run->construct(std::move(e));
    }
    PythonExpression callee = m_expr;
    // `Column(...)` after `from sqlalchemy import Column`: the name called.
    if (callee.written.isEmpty() && !callee.dottedName().isEmpty()) {
        if (const QString written = dottedNameAt(m_run->source, at); written != callee.dottedName())
            callee.written = written;
    }
    PythonExpression e = m_run->callNode(interp, std::move(callee), args, at);
    if (!dotted.isEmpty()) {
        auto path = m_run->reader.resolve(m_expr);
        if (path && *path == u"sqlalchemy.table") {
            // table() takes any ColumnClause: a schema Column('x', T) beside
            // sa.column()s counts for its name and type alone.
            for (size_t i = 1; i < e.items.size(); ++i) {
                PythonExpression &arg = e.items[i];
                if (!arg.isCall())
                    continue;
                const auto argPath = m_run->reader.resolve(arg.callee());
                if (!argPath || (*argPath != u"sqlalchemy.Column" && *argPath != u"sqlalchemy.schema.Column"))
                    continue;
                arg.items.front() = pathNode(u"sqlalchemy.column"_s, at);
                if (arg.items.size() > 3)
                    arg.items.resize(3);
                arg.keywords.clear();
            }
            // A table clause: a name the reader keeps, for .c.x, .update(), bulk_insert.
            const QString name = m_run->freshName(u"table"_s);
            m_run->keepTableClause(interp, name, e);
            return m_run->construct(nameNode(name, at));
        }
        // sa.Enum(MyEnum) and Column(..., sa.Enum(MyEnum), ...) keep MyEnum
        // (Run::callNode wrote its members' names, as SQLAlchemy takes them).
        Value pythonEnum;
        if (path && (*path == u"sqlalchemy.Enum" || *path == u"sqlalchemy.types.Enum"
                     || *path == u"sqlalchemy.sql.sqltypes.Enum" || *path == u"sqlalchemy.dialects.postgresql.ENUM")
            && args.positional.size() == 1 && Run::isPythonEnumClass(args.positional[0])
            && std::none_of(args.keywords.begin(), args.keywords.end(),
                            [](const KeywordArgument &k) { return k.name.text() == u"values_callable"; }))
            pythonEnum = args.positional[0];
        if (path && (*path == u"sqlalchemy.Column" || *path == u"sqlalchemy.schema.Column")) {
            for (const Value &a : args.positional) {
                auto *type = a.is(python::Kind::Host) ? dynamic_cast<Construct *>(a.as<HostObject>()) : nullptr;
                if (type && type->pythonEnum().isValid())
                    pythonEnum = type->pythonEnum();
            }
        }
        return Value(new Construct(m_run, std::move(e), pythonEnum));
    }
    // A method of a value: sa.Enum(...).create(bind) is a statement.
    if (m_expr.kind == Kind::Attribute && (m_expr.text == u"create" || m_expr.text == u"drop")
        && m_expr.items.front().isCall()) {
        Operation op = m_run->take(interp, m_run->reader.readStatementCall(e, nullptr, {}));
        m_run->record(interp, std::move(op));
        return Value::none();
    }
    return m_run->construct(std::move(e));
}

Value Construct::declarativeBase(Interpreter &interp)
{
    Run *run = m_run;
    auto subclass = [run](Interpreter &in, const QString &name, const std::vector<Value> &,
                          const Ref<DictObject> &ns, const Args &) -> Value {
        const Location at = in.currentLocation();
        QString tableName;
        QStringList columns;
        QStringList columnNames;
        QStringList primaryKey;
        QStringList pythonDefaults;
        std::vector<DeclarativeModel::ForeignKey> foreignKeys;
        bool tableArgs = false;
        QHash<QString, Value> enumClasses;
        PythonExpression table = node(Kind::Call, at);
        table.items.push_back(pathNode(u"sqlalchemy.table"_s, at));
        const OrderedMap &map = ns->map;
        for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
            const Value &key = map.entry(i).key;
            const Value &value = map.entry(i).value;
            if (!key.isStr())
                continue;
            tableArgs = tableArgs || key.text() == u"__table_args__";
            if (key.text() == u"__tablename__" && value.isStr()) {
                tableName = value.text();
                continue;
            }
            auto *c = value.is(python::Kind::Host) ? dynamic_cast<Construct *>(value.as<HostObject>()) : nullptr;
            if (!c || !c->expression().isCall())
                continue;
            auto path = run->reader.resolve(c->expression().callee());
            if (!path || (*path != u"sqlalchemy.Column" && *path != u"sqlalchemy.schema.Column"))
                continue;
            // Column("name", ...) names the column itself; otherwise the attribute does.
            const PythonExpression &call = c->expression();
            QString column = key.text();
            if (call.argumentCount() > 0 && call.items[1].kind == Kind::String)
                column = call.items[1].text;
            columns << key.text();
            columnNames << column;
            if (c->pythonEnum().isValid())
                enumClasses.insert(key.text(), c->pythonEnum());
            for (size_t a = 1; a < call.items.size(); ++a) {
                const PythonExpression &arg = call.items[a];
                if (!arg.isCall())
                    continue;
                const auto fk = run->reader.resolve(arg.callee());
                if (fk && (*fk == u"sqlalchemy.ForeignKey" || *fk == u"sqlalchemy.schema.ForeignKey"))
                    foreignKeys.push_back({key.text(), arg.argumentCount() > 0 && arg.items[1].kind == Kind::String
                                                           ? arg.items[1].text
                                                           : QString()});
            }
            for (const PythonKeyword &k : call.keywords) {
                if (k.name == u"primary_key" && k.value.kind == Kind::True)
                    primaryKey << key.text();
                else if (k.name == u"default" && k.value.kind != Kind::None)
                    pythonDefaults << key.text();
            }
            PythonExpression col = node(Kind::Call, at);
            col.items.push_back(pathNode(u"sqlalchemy.column"_s, at));
            PythonExpression n = node(Kind::String, at);
            n.text = column;
            col.items.push_back(std::move(n));
            table.items.push_back(std::move(col));
        }
        if (tableName.isEmpty())
            in.refuse(u"the declarative class '%1' has no __tablename__; petmigrate reads declarative classes "
                      u"that name their table"_s.arg(name));
        PythonExpression tableNameNode = node(Kind::String, at);
        tableNameNode.text = tableName;
        table.items.insert(table.items.begin() + 1, std::move(tableNameNode));
        const QString clause = run->freshName(u"table"_s);
        run->keepTableClause(in, clause, table);
        Ref<DeclarativeModel> model(new DeclarativeModel(run, name, clause, columns, tableName, columnNames));
        model->setKeys(primaryKey, pythonDefaults);
        model->setForeignKeys(std::move(foreignKeys), tableArgs);
        model->setNamespace(ns);
        for (auto it = enumClasses.cbegin(); it != enumClasses.cend(); ++it)
            model->setEnumClass(it.key(), it.value());
        run->declarativeModels.insert(clause, model);
        return Value(model);
    };
    Value base = makeHostClass(interp, u"Base"_s, u"Base(**kwargs)", [](Interpreter &in, const BoundArguments &) -> Value {
        in.raise(ExceptionType::TypeError, u"declarative_base() classes are instantiated through a subclass"_s);
    }, subclass);
    // Base.metadata: a MetaData of its own (db.metadata in Flask-SQLAlchemy's stand-ins).
    const Location at = interp.currentLocation();
    PythonExpression metadata = node(Kind::Call, at);
    metadata.items.push_back(pathNode(u"sqlalchemy.MetaData"_s, at));
    python::setAttribute(base, u"metadata"_s, m_run->construct(std::move(metadata)));
    return base;
}

// ---- DeclarativeModel

Value DeclarativeModel::getAttribute(Interpreter &interp, const QString &name)
{
    const Location at = interp.currentLocation();
    if (name == u"__table__")
        return m_run->construct(nameNode(m_tableClause, at));
    if (name == u"__name__")
        return Value::str(m_className);
    if (m_columns.contains(name))
        return m_run->construct(attributeNode(attributeNode(nameNode(m_tableClause, at), u"c"_s, at), name, at));
    // The rest of the class body, as Python reads it through the class: a
    // classmethod bound to the class, a staticmethod's function.
    if (m_namespace) {
        const Value key = Value::str(name);
        if (const Value *v = m_namespace->map.value(key, interp.hash(key))) {
            if (v->is(python::Kind::ClassMethod))
                return Value(new BoundMethodObject(Value(Ref<DeclarativeModel>(this)), v->as<WrapperObject>()->function));
            if (v->is(python::Kind::StaticMethod))
                return v->as<WrapperObject>()->function;
            return *v;
        }
    }
    if (!name.startsWith(u"__"))
        interp.raise(ExceptionType::AttributeError,
                     u"type object '%1' has no attribute '%2'"_s.arg(m_className, name));
    return {};
}

QVariant DeclarativeModel::bound(Interpreter &interp, const QString &attribute, const Value &v) const
{
    const Value cls = m_enumClasses.value(attribute);
    if (!cls.isValid() || v.isNone())
        return boundValue(interp, v, columnOf(attribute));
    // Enum._db_value_for_elem: a member of the column's class by its name, a
    // string as it is (validate_strings=False); anything else fails there,
    // which the execution reports as a StatementError.
    if (Run::isPythonEnumMember(v) && interp.isInstance(v, cls))
        return interp.getAttribute(v, u"name"_s).text();
    if (v.isStr())
        return v.text();
    m_run->raiseSqlAlchemy(interp, u"StatementError"_s,
                           u"(builtins.LookupError) "_s + Run::enumLookupMessage(interp, interp.str(v), cls));
}

Value DeclarativeModel::loaded(Interpreter &interp, const QString &attribute, const QVariant &v) const
{
    const Value cls = m_enumClasses.value(attribute);
    if (!cls.isValid() || v.isNull())
        return m_run->fromVariant(interp, v);
    // Enum._object_value_for_elem: the member of that name.
    const QString text = v.toString();
    for (const Value &member : cls.as<ClassObject>()->enumMembers) {
        if (interp.getAttribute(member, u"name"_s).text() == text)
            return member;
    }
    interp.raise(ExceptionType::LookupError, Run::enumLookupMessage(interp, text, cls));
}

Value DeclarativeModel::call(Interpreter &interp, const Args &args)
{
    // declarative_base()'s constructor (decl_base._declarative_constructor).
    if (!args.positional.empty())
        interp.raise(ExceptionType::TypeError, u"__init__() takes 1 positional argument but %1 were given"_s
                                                   .arg(args.positional.size() + 1));
    QHash<QString, Value> values;
    for (const KeywordArgument &k : args.keywords) {
        if (!m_columns.contains(k.name.text()))
            interp.raise(ExceptionType::TypeError, u"'%1' is an invalid keyword argument for %2"_s
                                                       .arg(k.name.text(), m_className));
        values.insert(k.name.text(), k.value);
    }
    return Value(new ModelInstance(Ref<DeclarativeModel>(this), std::move(values)));
}

// ---- MetaDataValue

Value MetaDataValue::getAttribute(Interpreter &interp, const QString &name)
{
    if (name == u"reflect") {
        Ref<MetaDataValue> self(this);
        return makeRawFunction(name, [self](Interpreter &in, const Args &args) { return self->callMethod(in, u"reflect"_s, args); });
    }
    if (name == u"tables" && m_reflected) {
        Ref<DictObject> d = makeDict();
        for (const Table &t : m_reflected->tables()) {
            const QString key = t.schema.isEmpty() ? t.name : t.schema + u'.' + t.name;
            d->map.insert(Value::str(key), qHash(key), table(interp, t.name, t.schema));
        }
        return Value(d);
    }
    // Anything else is the construct's, as before reflection.
    return m_run->construct(m_expr).as<HostObject>()->getAttribute(interp, name);
}

Value MetaDataValue::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name != u"reflect")
        return HostObject::callMethod(interp, name, args);
    const Value *bind = args.positional.empty() ? nullptr : &args.positional[0];
    QStringList only;
    QString schema;
    for (const KeywordArgument &k : args.keywords) {
        const QString key = k.name.text();
        if (key == u"bind")
            bind = &k.value;
        else if (key == u"only")
            for (const Value &v : interp.toVector(k.value))
                only << interp.str(v);
        else if (key == u"schema" && k.value.isStr())
            schema = k.value.text();
        else if (key != u"resolve_fks" && key != u"views" && key != u"extend_existing")
            interp.refuse(u"metadata.reflect(%1=...) is out of reach for petmigrate"_s.arg(key));
    }
    const MetaData metadata = reflectBind(interp, bind ? *bind : Value::none(), u"metadata.reflect()"_s);
    MetaData kept = m_reflected.value_or(MetaData());
    for (const Table &t : metadata.tables()) {
        if (t.schema != schema)
            continue;
        if (!only.isEmpty() && !only.contains(t.name))
            continue;
        kept.putTable(t);
    }
    for (const QString &name : std::as_const(only)) {
        if (!kept.table(name, schema))
            m_run->raiseSqlAlchemy(interp, u"InvalidRequestError"_s,
                                   u"Could not reflect: requested table(s) not available in Engine: (%1)"_s.arg(name));
    }
    m_reflected = std::move(kept);
    return Value::none();
}

MetaData MetaDataValue::reflectBind(Interpreter &interp, const Value &bind, const QString &what)
{
    if (!bind.is(python::Kind::Host) || !dynamic_cast<Bind *>(bind.as<HostObject>()))
        interp.refuse(u"%1 needs op.get_bind(): petmigrate reflects the migration's connection only"_s.arg(what));
    if (m_run->context.offline)
        m_run->raiseSqlAlchemy(interp, u"NoInspectionAvailable"_s,
                               u"No inspection system is available for object of type <class "
                               u"'sqlalchemy.engine.mock.MockConnection'>"_s);
    auto metadata = m_run->connection(interp).reflect();
    if (!metadata)
        m_run->fail(interp, metadata.error());
    return std::move(*metadata);
}

void MetaDataValue::autoload(Interpreter &interp, const Value &bind, const QString &name, const QString &schema)
{
    const MetaData metadata = reflectBind(interp, bind, u"sa.Table(..., autoload_with=...)"_s);
    const Table *t = metadata.table(name, schema);
    if (!t)
        m_run->raiseSqlAlchemy(interp, u"NoSuchTableError"_s, schema.isEmpty() ? name : schema + u'.' + name);
    MetaData kept = m_reflected.value_or(MetaData());
    // An autoload of a table already in the MetaData keeps it (SQLAlchemy
    // returns the existing Table unless extend_existing); a fresh one is read.
    if (!kept.table(name, schema))
        kept.putTable(*t);
    m_reflected = std::move(kept);
}

Value MetaDataValue::table(Interpreter &interp, const QString &name, const QString &schema)
{
    const Table *t = m_reflected ? m_reflected->table(name, schema) : nullptr;
    if (!t)
        return {};
    const QString key = schema + u'.' + name;
    if (const auto it = m_clauses.constFind(key); it != m_clauses.constEnd())
        return it.value();
    const Value clause = m_run->tableClause(interp, t->name, t->columns, t->schema);
    m_clauses.insert(key, clause);
    return clause;
}

// ---- OrmSession

Value OrmSession::getAttribute(Interpreter &, const QString &name)
{
    if (name.startsWith(u"__"))
        return {};
    Ref<OrmSession> self(this);
    return makeRawFunction(name, [self, name](Interpreter &in, const Args &args) { return self->callMethod(in, name, args); });
}

Value OrmSession::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name == u"query") {
        // session.query(A, B.x, ...): whole declarative classes and columns
        // of them, in the order given.
        std::vector<OrmQuery::Entity> entities;
        for (const Value &v : args.positional) {
            auto *host = v.is(python::Kind::Host) ? v.as<HostObject>() : nullptr;
            if (auto *model = dynamic_cast<DeclarativeModel *>(host)) {
                entities.push_back({Ref<DeclarativeModel>(model), QString()});
                continue;
            }
            auto *c = dynamic_cast<Construct *>(host);
            const PythonExpression *x = c ? &c->expression() : nullptr;
            const bool column = x && x->kind == Kind::Attribute && x->items.front().kind == Kind::Attribute
                && x->items.front().text == u"c" && x->items.front().items.front().kind == Kind::Name;
            const Ref<DeclarativeModel> m = column ? m_run->declarativeModels.value(x->items.front().items.front().text)
                                                   : Ref<DeclarativeModel>();
            if (!m || !m->attributes().contains(x->text))
                interp.refuse(u"session.query() of a '%1' is out of reach: petmigrate queries declarative classes and "
                              u"their columns"_s.arg(interp.typeName(v)));
            entities.push_back({m, x->text});
        }
        if (!args.keywords.empty())
            interp.raise(ExceptionType::TypeError, u"__init__() got an unexpected keyword argument '%1'"_s
                                                       .arg(args.keywords.front().name.text()));
        if (entities.empty())
            interp.raise(ExceptionType::TypeError, u"query() missing 1 required positional argument: 'entities'"_s);
        const Ref<DeclarativeModel> first = entities.front().model;
        if (entities.size() == 1 && entities.front().attribute.isEmpty())
            entities.clear();
        return Value(new OrmQuery(m_run, first, std::move(entities)));
    }
    if (name == u"commit" || name == u"rollback" || name == u"close" || name == u"flush" || name == u"expunge_all") {
        if (!args.positional.empty() || !args.keywords.empty())
            interp.raise(ExceptionType::TypeError, u"%1() takes no arguments"_s.arg(name));
        return Value::none();
    }
    if (name == u"execute")
        return execute(interp, args);
    if (name == u"bulk_update_mappings") {
        bulkUpdate(interp, args);
        return Value::none();
    }
    if (name == u"bulk_insert_mappings" || name == u"bulk_save_objects") {
        const bool objects = name == u"bulk_save_objects";
        if (args.positional.size() != (objects ? 1u : 2u))
            interp.raise(ExceptionType::TypeError, u"%1() takes %2 positional arguments"_s.arg(name).arg(objects ? 1 : 2));
        for (const KeywordArgument &k : args.keywords) {
            // Primary keys come back only to be set on objects nobody reads here.
            if (k.name.text() != u"return_defaults" && k.name.text() != u"preserve_order")
                interp.refuse(u"session.%1(%2=...) is out of reach for petmigrate"_s.arg(name, k.name.text()));
        }
        auto *model = objects || !args.positional[0].is(python::Kind::Host)
            ? nullptr
            : dynamic_cast<DeclarativeModel *>(args.positional[0].as<HostObject>());
        if (!objects && !model)
            interp.refuse(u"session.bulk_insert_mappings() of anything but a declarative class is out of reach for "
                          u"petmigrate"_s);
        QHash<DeclarativeModel *, std::pair<qint64, qint64>> updates; // records, matched
        for (const Value &item : interp.toVector(args.positional[objects ? 0 : 1])) {
            if (objects) {
                auto *instance = item.is(python::Kind::Host) ? dynamic_cast<ModelInstance *>(item.as<HostObject>()) : nullptr;
                if (!instance)
                    interp.refuse(u"session.bulk_save_objects() of a '%1': petmigrate saves instances of "
                                  u"declarative classes"_s.arg(interp.typeName(item)));
                if (!instance->persistent()) {
                    bulkInsert(interp, instance->model(), instance->values());
                    continue;
                }
                if (const auto matched = updateRow(interp, instance->model(), instance->changedValues())) {
                    auto &[records, total] = updates[&instance->model()];
                    ++records;
                    total += *matched;
                }
                continue;
            }
            if (!item.is(python::Kind::Dict))
                interp.raise(ExceptionType::TypeError, u"bulk_insert_mappings() takes dicts, not '%1'"_s
                                                           .arg(interp.typeName(item)));
            QHash<QString, Value> values;
            const OrderedMap &map = item.as<DictObject>()->map;
            for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
                if (map.entry(i).key.isStr())
                    values.insert(map.entry(i).key.text(), map.entry(i).value);
            }
            bulkInsert(interp, *model, values);
        }
        for (auto it = updates.cbegin(); it != updates.cend(); ++it)
            checkMatched(interp, *it.key(), it->first, it->second);
        return Value::none();
    }
    // add() and merge() need the unit of work (identity map, flush order,
    // relationships), which petmigrate does not run.
    static const QStringList writes{u"add"_s, u"add_all"_s, u"delete"_s, u"merge"_s};
    if (writes.contains(name))
        interp.refuse(u"session.%1() is out of reach: petmigrate's ORM session runs queries, execute() and the "
                      u"bulk methods, not the unit of work; write it as session.bulk_save_objects() or "
                      u"op.execute()"_s.arg(name));
    interp.raise(ExceptionType::AttributeError, u"'Session' object has no attribute '%1'"_s.arg(name));
}


Value OrmSession::execute(Interpreter &interp, const Args &args)
{
    // execution_options(synchronize_session=...) tells the ORM how to update
    // the objects it holds; this session holds none, and the SQL is the same.
    if (!args.positional.empty() && args.positional[0].is(python::Kind::Host)) {
        if (auto *c = dynamic_cast<Construct *>(args.positional[0].as<HostObject>())) {
            PythonExpression statement = c->expression();
            while (statement.isCall() && statement.callee().kind == Kind::Attribute
                   && statement.callee().text == u"execution_options" && statement.argumentCount() == 0) {
                for (const PythonKeyword &k : statement.keywords) {
                    if (k.name != u"synchronize_session")
                        interp.refuse(u"execution_options(%1=...) is out of reach for petmigrate"_s.arg(k.name));
                }
                PythonExpression inner = statement.callee().items.front();
                statement = std::move(inner);
            }
            std::vector<Value> positional(args.positional.begin(), args.positional.end());
            positional[0] = m_run->construct(std::move(statement));
            return interp.callMethod(m_bind, u"execute"_s, Args{positional, args.keywords});
        }
    }
    return interp.callMethod(m_bind, u"execute"_s, args);
}

void OrmSession::bulkUpdate(Interpreter &interp, const Args &args)
{
    if (args.positional.size() != 2 || !args.keywords.empty())
        interp.raise(ExceptionType::TypeError, u"bulk_update_mappings() takes 2 positional arguments"_s);
    auto *model = args.positional[0].is(python::Kind::Host)
        ? dynamic_cast<DeclarativeModel *>(args.positional[0].as<HostObject>())
        : nullptr;
    if (!model)
        interp.refuse(u"session.bulk_update_mappings() of anything but a declarative class is out of reach for "
                      u"petmigrate"_s);
    qint64 records = 0;
    qint64 matched = 0;
    for (const Value &item : interp.toVector(args.positional[1])) {
        if (!item.is(python::Kind::Dict))
            interp.raise(ExceptionType::TypeError, u"bulk_update_mappings() takes dicts, not '%1'"_s.arg(interp.typeName(item)));
        QHash<QString, Value> values;
        const OrderedMap &map = item.as<DictObject>()->map;
        for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
            if (map.entry(i).key.isStr())
                values.insert(map.entry(i).key.text(), map.entry(i).value);
        }
        if (const auto rows = updateRow(interp, *model, values)) {
            ++records;
            matched += *rows;
        }
    }
    checkMatched(interp, *model, records, matched);
}

std::optional<qint64> OrmSession::updateRow(Interpreter &interp, DeclarativeModel &model, const QHash<QString, Value> &values)
{
    if (model.primaryKey().isEmpty())
        m_run->raiseSqlAlchemy(interp, u"ArgumentError"_s,
                               u"Mapper mapped class %1->%2 could not assemble any primary key columns for mapped "
                               u"table '%2'"_s.arg(model.className(), model.tableName()));
    ExecuteOp e;
    QStringList set;
    for (const QString &attribute : model.attributes()) {
        const auto it = values.constFind(attribute);
        if (it == values.constEnd() || model.primaryKey().contains(attribute))
            continue;
        const QString column = model.columnOf(attribute);
        const QString parameter = u"set_"_s + QString::number(set.size());
        set << quotedName(column) + u" = :"_s + parameter;
        e.bindValues.insert(parameter, model.bound(interp, attribute, *it));
    }
    if (set.isEmpty())
        return std::nullopt;
    QStringList where;
    for (const QString &attribute : model.primaryKey()) {
        const QString column = model.columnOf(attribute);
        const QString parameter = u"pk_"_s + QString::number(where.size());
        where << quotedName(column) + u" = :"_s + parameter;
        e.bindValues.insert(parameter, model.bound(interp, attribute, values.value(attribute, Value::none())));
    }
    e.sql = u"UPDATE "_s + quotedName(model.tableName()) + u" SET "_s + set.join(u", "_s) + u" WHERE "_s
        + where.join(u" AND "_s);
    auto result = m_run->connection(interp).query(Operation{std::move(e), m_run->where(interp)});
    if (!result)
        m_run->fail(interp, result.error());
    return qMax<qint64>(0, result->rowsAffected);
}

void OrmSession::checkMatched(Interpreter &interp, const DeclarativeModel &model, qint64 records, qint64 matched)
{
    if (matched != records)
        m_run->failedFlush = interp.currentLocation();
    if (matched != records)
        m_run->raiseSqlAlchemy(interp, u"StaleDataError"_s,
                               u"UPDATE statement on table '%1' expected to update %2 row(s); %3 were matched."_s
                                   .arg(model.tableName())
                                   .arg(records)
                                                      .arg(matched));
}

void OrmSession::bulkInsert(Interpreter &interp, DeclarativeModel &model, const QHash<QString, Value> &values)
{
    // The mapped attributes given, a None left out (the column's default
    // or NULL, as render_nulls=False does); a missing column with a
    // Python-side default would be filled by SQLAlchemy, not by us.
    QStringList columns;
    QStringList parameters;
    ExecuteOp e;
    for (const QString &attribute : model.attributes()) {
        const auto it = values.constFind(attribute);
        if (it == values.constEnd() || it->isNone()) {
            if (model.pythonDefaults().contains(attribute))
                interp.refuse(u"%1.%2 has a Python-side default (Column(default=...)) that petmigrate does not "
                              u"compute; give it a value"_s.arg(model.className(), attribute));
            continue;
        }
        const QString column = model.columnOf(attribute);
        const QString parameter = u"v_"_s + QString::number(columns.size());
        columns << quotedName(column);
        parameters << u':' + parameter;
        e.bindValues.insert(parameter, model.bound(interp, attribute, *it));
    }
    e.sql = u"INSERT INTO "_s + quotedName(model.tableName());
    if (columns.isEmpty())
        e.sql += u" DEFAULT VALUES"_s;
    else
        e.sql += u" ("_s + columns.join(u", "_s) + u") VALUES ("_s + parameters.join(u", "_s) + u')';
    auto result = m_run->connection(interp).query(Operation{std::move(e), m_run->where(interp)});
    if (!result)
        m_run->fail(interp, result.error());
}

// ---- OrmQuery

Value OrmQuery::getAttribute(Interpreter &, const QString &name)
{
    if (name.startsWith(u"__"))
        return {};
    Ref<OrmQuery> self(this);
    return makeRawFunction(name, [self, name](Interpreter &in, const Args &args) { return self->callMethod(in, name, args); });
}

Value OrmQuery::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    auto expectNoArguments = [](Interpreter &in, const Args &a, const QString &method) {
        if (!a.positional.empty() || !a.keywords.empty())
            in.raise(ExceptionType::TypeError, u"%1() takes no arguments"_s.arg(method));
    };
    if (name == u"filter_by") {
        if (!args.positional.empty())
            interp.raise(ExceptionType::TypeError, u"filter_by() takes 1 positional argument but %1 were given"_s
                                                       .arg(args.positional.size() + 1));
        // filter_by() names attributes of the last class joined, else of the
        // query's own; each is that column == value, in the order of the calls.
        const Ref<DeclarativeModel> target = m_joins.empty() ? m_model : m_joins.back().model;
        Ref<OrmQuery> q = refined();
        const Location at = interp.currentLocation();
        for (const KeywordArgument &k : args.keywords) {
            if (!target->attributes().contains(k.name.text()))
                m_run->raiseSqlAlchemy(interp, u"InvalidRequestError"_s,
                                       u"Entity namespace for \"%1\" has no property \"%2\""_s
                                           .arg(target->tableName(), k.name.text()));
            PythonExpression columnExpr =
                attributeNode(attributeNode(nameNode(target->tableClause(), at), u"c"_s, at), k.name.text(), at);
            PythonExpression equal = node(Kind::Call, at);
            equal.items.push_back(attributeNode(std::move(columnExpr), u"__eq__"_s, at));
            equal.items.push_back(m_run->reifyComparand(interp, k.value, at));
            q->m_criteria.push_back(std::move(equal));
        }
        return Value(q);
    }
    if (name == u"join")
        return join(interp, args);
    if (name == u"with_entities") {
        // Model.attr values are t.c.attr constructs: their last name is the attribute.
        std::vector<Entity> picked;
        for (const Value &v : args.positional) {
            auto *c = v.is(python::Kind::Host) ? dynamic_cast<Construct *>(v.as<HostObject>()) : nullptr;
            const auto ref = c ? column(c->expression()) : std::nullopt;
            if (!ref || ref->model != m_model.get() || !args.keywords.empty())
                interp.refuse(u"query().with_entities() of anything but %1's columns is out of reach for petmigrate"_s
                                  .arg(m_model->className()));
            picked.push_back({m_model, ref->attribute});
        }
        Ref<OrmQuery> q = refined();
        q->m_selected = std::move(picked);
        return Value(q);
    }
    if (name == u"order_by")
        return orderBy(interp, args);
    if (name == u"filter") {
        if (!args.keywords.empty())
            interp.raise(ExceptionType::TypeError, u"filter() got an unexpected keyword argument '%1'"_s
                                                       .arg(args.keywords.front().name.text()));
        Ref<OrmQuery> q = refined();
        for (const Value &v : args.positional) {
            auto *c = v.is(python::Kind::Host) ? dynamic_cast<Construct *>(v.as<HostObject>()) : nullptr;
            if (!c)
                interp.refuse(u"query().filter() of a '%1' is out of reach: petmigrate filters by SQL expressions "
                              u"of the model's columns"_s.arg(interp.typeName(v)));
            q->m_criteria.push_back(c->expression());
        }
        return Value(q);
    }
    if (name == u"yield_per") {
        // How many rows the driver fetches at a time: the rows are the same,
        // but the legacy Query no longer makes full entities unique.
        if (args.positional.size() != 1 || !args.positional[0].isIntegral() || !args.keywords.empty())
            interp.raise(ExceptionType::TypeError, u"yield_per() takes one count"_s);
        Ref<OrmQuery> q = refined();
        q->m_yieldPer = true;
        return Value(q);
    }
    if (name == u"all") {
        expectNoArguments(interp, args, name);
        return makeList(rows(interp, !m_yieldPer));
    }
    if (name == u"count") {
        // SELECT count(*) FROM (the query): every row of a join counts, and
        // no row is loaded.
        expectNoArguments(interp, args, name);
        return Value::fromInt(qint64(select(interp).rows.size()));
    }
    if (name == u"first" || name == u"one" || name == u"one_or_none") {
        expectNoArguments(interp, args, name);
        // first() is limit(1).first(): one row asked for, one loaded.
        Ref<OrmQuery> q = name == u"first" ? refined() : Ref<OrmQuery>(this);
        if (name == u"first")
            q->m_limit = 1;
        const std::vector<Value> found = q->rows(interp, !m_yieldPer);
        if (name != u"first" && found.size() > 1)
            m_run->raiseSqlAlchemy(interp, u"MultipleResultsFound"_s,
                                   u"Multiple rows were found when exactly one was required"_s);
        if (name == u"one" && found.empty())
            m_run->raiseSqlAlchemy(interp, u"NoResultFound"_s, u"No row was found when one was required"_s);
        return found.empty() ? Value::none() : found.front();
    }
    if (name == u"delete") {
        // Query.delete(): one DELETE of the rows the criteria select; its
        // synchronize_session only concerns objects this session never holds.
        for (const KeywordArgument &k : args.keywords) {
            if (k.name.text() != u"synchronize_session")
                interp.raise(ExceptionType::TypeError, u"delete() got an unexpected keyword argument '%1'"_s
                                                           .arg(k.name.text()));
        }
        if (!args.positional.empty() || !m_selected.empty() || !m_joins.empty())
            interp.refuse(u"query().delete() of anything but query(Model).filter(...) is out of reach for petmigrate"_s);
        ExecuteOp e;
        const QString where = whereClause(interp, e);
        e.sql = u"DELETE FROM "_s + quotedName(m_model->tableName()) + (where.isEmpty() ? QString() : u" WHERE "_s + where);
        auto result = m_run->connection(interp).query(Operation{std::move(e), m_run->where(interp)});
        if (!result)
            m_run->fail(interp, result.error());
        return Value::fromInt(qMax<qint64>(0, result->rowsAffected));
    }
    if (name == u"update")
        return update(interp, args);
    interp.refuse(u"query().%1() is out of reach: petmigrate's ORM session reads query(Model).join(...) "
                  u".filter_by(...) .filter(...) with first(), one(), one_or_none(), all(), count() and delete()"_s
                      .arg(name));
}

// Query.update({key: value, ...}): one UPDATE of the rows the criteria
// select, its SET in the dict's order, a key an attribute name or Model.attr;
// returns the rows matched. synchronize_session only concerns objects this
// session never holds.
Value OrmQuery::update(Interpreter &interp, const Args &args)
{
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() != u"synchronize_session")
            interp.refuse(u"query().update(%1=...) is out of reach for petmigrate"_s.arg(k.name.text()));
    }
    if (args.positional.size() != 1)
        interp.raise(ExceptionType::TypeError, u"update() takes 1 positional argument but %1 were given"_s
                                                   .arg(args.positional.size()));
    if (!args.positional[0].is(python::Kind::Dict))
        interp.refuse(u"query().update() of a '%1' is out of reach: petmigrate takes a dict of the model's "
                      u"attributes"_s.arg(interp.typeName(args.positional[0])));
    if (!m_selected.empty() || !m_order.isEmpty() || !m_joins.empty())
        interp.refuse(u"query().update() after with_entities(), join() or order_by() is out of reach for petmigrate"_s);
    ExecuteOp e;
    QStringList set;
    const OrderedMap &map = args.positional[0].as<DictObject>()->map;
    for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
        const Value &key = map.entry(i).key;
        QString attribute;
        if (key.isStr()) {
            attribute = key.text();
        } else if (auto *c = key.is(python::Kind::Host) ? dynamic_cast<Construct *>(key.as<HostObject>()) : nullptr;
                   c && c->expression().kind == Kind::Attribute) {
            attribute = c->expression().text;
        }
        if (!m_model->attributes().contains(attribute))
            m_run->raiseSqlAlchemy(interp, u"InvalidRequestError"_s,
                                   u"Entity namespace for \"%1\" has no property \"%2\""_s.arg(m_model->tableName(), attribute));
        const QString column = m_model->columnOf(attribute);
        const QString parameter = u"set_"_s + QString::number(set.size());
        set << quotedName(column) + u" = :"_s + parameter;
        e.bindValues.insert(parameter, m_model->bound(interp, attribute, map.entry(i).value));
    }
    if (set.isEmpty())
        interp.refuse(u"query().update({}) with no values is out of reach for petmigrate"_s);
    const QString where = whereClause(interp, e);
    e.sql = u"UPDATE "_s + quotedName(m_model->tableName()) + u" SET "_s + set.join(u", "_s)
        + (where.isEmpty() ? QString() : u" WHERE "_s + where);
    auto result = m_run->connection(interp).query(Operation{std::move(e), m_run->where(interp)});
    if (!result)
        m_run->fail(interp, result.error());
    return Value::fromInt(qMax<qint64>(0, result->rowsAffected));
}

// query(A).join(B, A.x == B.y) and query(A).join(B): an inner JOIN on the
// condition written, or on the one foreign key between B and the FROM item
// it joins from, that item found as SQLAlchemy finds it
// (ORMSelectCompileState._join_determine_implicit_left_side): before any
// join, among the entities' classes other than B; after one, among the
// joins made; one that can join to B, else its InvalidRequestError.
Value OrmQuery::join(Interpreter &interp, const Args &args)
{
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() != u"isouter" && k.name.text() != u"full")
            interp.raise(ExceptionType::TypeError, u"join() got an unexpected keyword argument '%1'"_s
                                                       .arg(k.name.text()));
        if (interp.truth(k.value))
            interp.refuse(u"query().join(..., %1=True) is out of reach: petmigrate joins as an inner JOIN"_s
                              .arg(k.name.text()));
    }
    const size_t count = args.positional.size();
    auto *model = (count == 1 || count == 2) && args.positional[0].is(python::Kind::Host)
        ? dynamic_cast<DeclarativeModel *>(args.positional[0].as<HostObject>())
        : nullptr;
    auto *onclause = count == 2 && args.positional[1].is(python::Kind::Host)
        ? dynamic_cast<Construct *>(args.positional[1].as<HostObject>())
        : nullptr;
    if (!model || (count == 2 && !onclause))
        interp.refuse(u"query().join() of anything but a declarative class, with or without the condition to join "
                      u"on (query(A).join(B) or query(A).join(B, A.x == B.y)), is out of reach for petmigrate; a "
                      u"relationship attribute is not mapped"_s);
    const auto items = fromItems();
    if ((onclause && model == m_model.get() && items.size() == 1 && items.front().size() == 1)
        || std::any_of(m_joins.begin(), m_joins.end(), [&](const Join &j) { return j.model.get() == model; }))
        interp.refuse(u"query().join() of %1 twice, or of the query's own class, needs an alias, which petmigrate "
                      u"does not make"_s.arg(model->className()));
    std::vector<size_t> candidates;
    for (size_t i = 0; i < items.size(); ++i) {
        if (m_joins.empty() ? !(items[i].size() == 1 && items[i].front() == model) : items[i].size() > 1)
            candidates.push_back(i);
    }
    // sql/util.py find_left_clause_to_join_from: a condition written picks
    // among several items those whose columns it names; without one, the
    // items with a foreign key to or from B.
    std::vector<size_t> chosen;
    if (onclause && candidates.size() > 1) {
        QSet<const DeclarativeModel *> named;
        modelsIn(onclause->expression(), named);
        for (size_t i : candidates) {
            QSet<const DeclarativeModel *> have(items[i].begin(), items[i].end());
            have.insert(model);
            if (have.contains(named))
                chosen.push_back(i);
        }
        if (chosen.empty())
            chosen = candidates;
    } else if (onclause) {
        chosen = candidates;
    } else {
        for (size_t i : candidates) {
            if (!inferredCondition(interp, items[i], *model).isEmpty())
                chosen.push_back(i);
        }
    }
    Ref<OrmQuery> q = refined();
    Join j;
    j.model = Ref<DeclarativeModel>(model);
    if (chosen.size() > 1) {
        j.errorClass = u"InvalidRequestError"_s;
        j.error = u"Can't determine which FROM clause to join from, there are multiple FROMS which can join to this "
                  u"entity. Please use the .select_from() method to establish an explicit left side, as well as "
                  u"providing an explicit ON clause if not present already to help resolve the ambiguity."_s;
    } else if (chosen.empty()) {
        j.errorClass = u"InvalidRequestError"_s;
        j.error = u"Don't know how to join to <Mapper at 0x%1; %2>. Please use the .select_from() method to "
                  u"establish an explicit left side, as well as providing an explicit ON clause if not present "
                  u"already to help resolve the ambiguity."_s.arg(QString::number(quintptr(model), 16), model->className());
    } else {
        j.left = items[chosen.front()].front();
        if (onclause)
            j.onclause = onclause->expression();
        else
            j.condition = inferredCondition(interp, items[chosen.front()], *model, true, &j.errorClass, &j.error);
    }
    q->m_joins.push_back(std::move(j));
    return Value(q);
}

std::vector<std::vector<const DeclarativeModel *>> OrmQuery::fromItems() const
{
    std::vector<std::vector<const DeclarativeModel *>> items;
    auto itemOf = [&](const DeclarativeModel *m) -> qsizetype {
        for (size_t i = 0; i < items.size(); ++i) {
            if (std::find(items[i].begin(), items[i].end(), m) != items[i].end())
                return qsizetype(i);
        }
        return -1;
    };
    for (const Entity &e : entities()) {
        if (itemOf(e.model.get()) < 0)
            items.push_back({e.model.get()});
    }
    for (const Join &j : m_joins) {
        // The joined class's own item, if it is an entity, goes into the join.
        const qsizetype own = itemOf(j.model.get());
        if (own >= 0 && items[size_t(own)].size() == 1 && items[size_t(own)].front() != j.left)
            items.erase(items.begin() + own);
        const qsizetype left = itemOf(j.left);
        if (left < 0)
            continue;
        items[size_t(left)].push_back(j.model.get());
        // SelectState._get_froms: the entities' tables first, then the
        // joins (the statement's FROM objects) in the order they were made.
        if (items[size_t(left)].size() == 2) {
            auto chain = std::move(items[size_t(left)]);
            items.erase(items.begin() + left);
            items.push_back(std::move(chain));
        }
    }
    return items;
}

QString OrmQuery::inferredCondition(Interpreter &interp, const std::vector<const DeclarativeModel *> &left,
                                    const DeclarativeModel &right, bool trim, QString *errorClass, QString *error)
{
    auto readable = [&](const DeclarativeModel &m) {
        const bool written = std::all_of(m.foreignKeys().begin(), m.foreignKeys().end(),
                                         [](const DeclarativeModel::ForeignKey &fk) { return !fk.target.isEmpty(); });
        if (m.hasTableArgs() || !written)
            interp.refuse(u"query().join(%1) without a condition is out of reach: %2's foreign keys are not all "
                          u"written as Column(..., ForeignKey(\"table.column\")), the ones petmigrate reads; write "
                          u"the condition, join(%1, A.x == B.y)"_s.arg(right.className(), m.className()));
    };
    readable(right);
    for (const DeclarativeModel *m : left)
        readable(*m);
    // A key refers to `m` when its target is "m's table.column".
    auto referred = [](const QString &target, const DeclarativeModel &m) -> QString {
        const qsizetype dot = target.lastIndexOf(u'.');
        if (dot <= 0 || target.left(dot) != m.tableName())
            return {};
        return quotedName(m.tableName()) + u'.' + quotedName(target.mid(dot + 1));
    };
    // Join._joincond_scan_left_right over the last class joined, then the
    // whole item: B's keys to the left first, then the left's keys to B; a
    // Column's ForeignKey is a constraint of its own.
    std::vector<std::vector<const DeclarativeModel *>> subsets;
    if (left.size() > 1)
        subsets.push_back({left.back()});
    subsets.push_back(left);
    QStringList constraints;
    for (const auto &subset : subsets) {
        for (const DeclarativeModel::ForeignKey &fk : right.foreignKeys()) {
            for (const DeclarativeModel *m : subset) {
                if (const QString to = referred(fk.target, *m); !to.isEmpty()) {
                    constraints << to + u" = "_s + columnSql(right, fk.attribute);
                    break;
                }
            }
        }
        for (const DeclarativeModel *m : subset) {
            if (m == &right)
                continue;
            for (const DeclarativeModel::ForeignKey &fk : m->foreignKeys()) {
                if (const QString to = referred(fk.target, right); !to.isEmpty())
                    constraints << to + u" = "_s + columnSql(*m, fk.attribute);
            }
        }
        if (!constraints.isEmpty())
            break;
    }
    // Join._joincond_trim_constraints: several keys giving one condition are one.
    constraints.removeDuplicates();
    if (trim && constraints.size() > 1) {
        QStringList tables;
        for (const DeclarativeModel *m : left)
            tables << m->tableName();
        const QString description =
            tables.size() == 1 ? tables.front() : u"Join object on "_s + tables.join(u" and "_s);
        *errorClass = u"AmbiguousForeignKeysError"_s;
        *error = u"Can't determine join between '%1' and '%2'; tables have more than one foreign key constraint "
                 u"relationship between them. Please specify the 'onclause' of this join explicitly."_s
                     .arg(description, right.tableName());
        return {};
    }
    if (trim && constraints.isEmpty()) { // a candidate always has a key; SQLAlchemy's sentence if not
        *errorClass = u"NoForeignKeysError"_s;
        *error = u"Can't find any foreign key relationships between '%1' and '%2'."_s.arg(left.front()->tableName(),
                                                                                       right.tableName());
    }
    return constraints.value(0);
}

// query().order_by(Model.attr, Model.attr.desc(), ...): the query's
// columns, ascending or descending, appended to any order given before.
Value OrmQuery::orderBy(Interpreter &interp, const Args &args)
{
    Ref<OrmQuery> q = refined();
    for (const Value &v : args.positional) {
        auto *c = v.is(python::Kind::Host) ? dynamic_cast<Construct *>(v.as<HostObject>()) : nullptr;
        const PythonExpression *e = c ? &c->expression() : nullptr;
        QString direction;
        if (e && e->isCall() && e->argumentCount() == 0 && e->callee().kind == Kind::Attribute
            && (e->callee().text == u"desc" || e->callee().text == u"asc")) {
            direction = e->callee().text == u"desc" ? u" DESC"_s : u" ASC"_s;
            e = &e->callee().items.front();
        }
        const auto ref = e ? column(*e) : std::nullopt;
        if (!ref || !args.keywords.empty())
            interp.refuse(u"query().order_by() of anything but %1's columns (or their desc() / asc()) is out of "
                          u"reach for petmigrate"_s.arg(m_model->className()));
        q->m_order << ref->sql + direction;
    }
    return Value(q);
}

QString OrmQuery::columnSql(const DeclarativeModel &model, const QString &attribute)
{
    return quotedName(model.tableName()) + u'.' + quotedName(model.columnOf(attribute));
}

std::optional<OrmQuery::ColumnRef> OrmQuery::column(const PythonExpression &x) const
{
    if (x.kind != Kind::Attribute || x.items.front().kind != Kind::Attribute || x.items.front().text != u"c"
        || x.items.front().items.front().kind != Kind::Name)
        return std::nullopt;
    const QString &clause = x.items.front().items.front().text;
    const DeclarativeModel *model = nullptr;
    for (const Entity &e : entities()) {
        if (clause == e.model->tableClause())
            model = e.model.get();
    }
    for (const Join &j : m_joins) {
        if (clause == j.model->tableClause())
            model = j.model.get();
    }
    if (!model || !model->attributes().contains(x.text))
        return std::nullopt;
    return ColumnRef{model, x.text, columnSql(*model, x.text)};
}

void OrmQuery::modelsIn(const PythonExpression &x, QSet<const DeclarativeModel *> &out) const
{
    if (x.kind == Kind::Attribute && x.items.size() == 1 && x.items.front().kind == Kind::Attribute
        && x.items.front().text == u"c" && x.items.front().items.front().kind == Kind::Name) {
        if (const auto m = m_run->declarativeModels.value(x.items.front().items.front().text))
            out.insert(m.get());
        return;
    }
    for (const PythonExpression &item : x.items)
        modelsIn(item, out);
    for (const PythonKeyword &k : x.keywords)
        modelsIn(k.value, out);
}

LiveConnection::Rows OrmQuery::select(Interpreter &interp)
{
    // Every mapped column of each whole class, and each column picked, in
    // the entities' order, with the joins and criteria as the statement
    // SQLAlchemy would send; values bound.
    QStringList selected;
    for (const Entity &entity : entities()) {
        const QStringList attributes = entity.attribute.isEmpty() ? entity.model->mapperOrder() : QStringList{entity.attribute};
        for (const QString &a : attributes)
            selected << columnSql(*entity.model, a);
    }
    ExecuteOp e;
    e.sql = u"SELECT "_s + selected.join(u", "_s) + u" FROM "_s + fromClause(interp, e);
    if (const QString where = whereClause(interp, e); !where.isEmpty())
        e.sql += u" WHERE "_s + where;
    if (!m_order.isEmpty())
        e.sql += u" ORDER BY "_s + m_order.join(u", "_s);
    if (m_limit > 0)
        e.sql += u" LIMIT "_s + QString::number(m_limit);
    Operation op{std::move(e), m_run->where(interp)};
    auto result = m_run->connection(interp).query(op);
    if (!result)
        m_run->fail(interp, result.error());
    return std::move(*result);
}

std::vector<Value> OrmQuery::rows(Interpreter &interp, bool unique)
{
    const std::vector<Entity> selected = entities();
    const LiveConnection::Rows result = select(interp);
    // One object per class and primary key within the result (the
    // session's identity map, as far as one result sees it), and each row
    // once when it has a whole class (loading.instances, legacy uniquing:
    // a class's object by identity, a column by value).
    QHash<QString, Value> identities;
    QSet<QString> seen;
    const bool filtered = std::any_of(selected.begin(), selected.end(), [](const Entity &e) { return e.attribute.isEmpty(); });
    const bool single = selected.size() == 1 && filtered;
    auto names = std::make_shared<QStringList>();
    for (const Entity &e : selected)
        *names << (e.attribute.isEmpty() ? e.model->className() : e.attribute);
    std::vector<Value> out;
    for (const QVariantList &row : result.rows) {
        if (m_limit > 0 && qint64(out.size()) >= m_limit)
            break;
        std::vector<Value> values;
        QStringList identity;
        qsizetype at = 0;
        for (const Entity &e : selected) {
            if (!e.attribute.isEmpty()) {
                const QVariant v = row.value(at++);
                values.push_back(e.model->loaded(interp, e.attribute, v));
                identity << (v.isNull() ? u"\x01"_s : QString::fromLatin1(v.typeName()) + u':' + v.toString());
                continue;
            }
            const QStringList attributes = e.model->mapperOrder();
            QHash<QString, Value> loaded;
            QStringList key;
            for (qsizetype i = 0; i < attributes.size(); ++i) {
                const QVariant v = row.value(at + i);
                loaded.insert(attributes.at(i), e.model->loaded(interp, attributes.at(i), v));
                if (e.model->primaryKey().contains(attributes.at(i)))
                    key << v.toString();
            }
            at += attributes.size();
            const QString id = e.model->className() + QChar(1) + key.join(QChar(0));
            Value object = key.isEmpty() ? Value() : identities.value(id);
            if (!object.isValid()) {
                object = Value(new ModelInstance(e.model, std::move(loaded), true));
                if (!key.isEmpty())
                    identities.insert(id, object);
            }
            values.push_back(object);
            identity << (key.isEmpty() ? QString::number(quintptr(object.as<HostObject>())) : id);
        }
        if (filtered && unique) {
            const QString whole = identity.join(QChar(2));
            if (seen.contains(whole))
                continue;
            seen.insert(whole);
        }
        out.push_back(single ? values.front() : Value(new BindRow(m_run, names, std::move(values))));
    }
    return out;
}

QString OrmQuery::fromClause(Interpreter &interp, ExecuteOp &e)
{
    // The items as fromItems() lists them, each join's condition where it
    // extends its item.
    for (const Join &j : m_joins) {
        if (!j.error.isEmpty())
            m_run->raiseSqlAlchemy(interp, j.errorClass, j.error);
    }
    const auto items = fromItems();
    QStringList from;
    for (const auto &item : items)
        from << quotedName(item.front()->tableName());
    for (const Join &j : m_joins) {
        for (size_t i = 0; i < items.size(); ++i) {
            if (items[i].front() == j.left)
                from[qsizetype(i)] += u" JOIN "_s + quotedName(j.model->tableName()) + u" ON "_s
                    + (j.onclause ? criterion(interp, *j.onclause, e) : j.condition);
        }
    }
    return from.join(u", "_s);
}

QString OrmQuery::whereClause(Interpreter &interp, ExecuteOp &e)
{
    QStringList conditions;
    for (const PythonExpression &c : m_criteria)
        conditions << u'(' + criterion(interp, c, e) + u')';
    return conditions.join(u" AND "_s);
}

QString OrmQuery::parameter(Interpreter &interp, const ColumnRef &column, const Value &v, ExecuteOp &e)
{
    const QString name = u"param_"_s + QString::number(e.bindValues.size() + 1);
    e.bindValues.insert(name, column.model->bound(interp, column.attribute, v));
    return u':' + name;
}

QString OrmQuery::criterion(Interpreter &interp, const PythonExpression &c, ExecuteOp &e)
{
    // A literal the script compared a column with, or an enum member
    // (Construct::compare keeps it as __pm_enum_member(index)).
    auto value = [&](const PythonExpression &x) -> std::optional<Value> {
        switch (x.kind) {
        case Kind::String: return Value::str(x.text);
        case Kind::Integer: return Value::fromInt(x.integer);
        case Kind::Float: return Value::fromFloat(x.text.toDouble());
        case Kind::True: return Value::fromBool(true);
        case Kind::False: return Value::fromBool(false);
        default: break;
        }
        if (const auto member = m_run->enumMemberOf(x))
            return *member;
        return std::nullopt;
    };
    static const QHash<QString, QString> comparisons{{u"__eq__"_s, u"="_s}, {u"__ne__"_s, u"!="_s},
                                                     {u"__lt__"_s, u"<"_s}, {u"__le__"_s, u"<="_s},
                                                     {u"__gt__"_s, u">"_s}, {u"__ge__"_s, u">="_s}};
    if (c.isCall() && c.keywords.empty()) {
        const auto fn = m_run->reader.resolve(c.callee());
        if (fn && (*fn == u"sqlalchemy.and_" || *fn == u"sqlalchemy.or_" || *fn == u"sqlalchemy.sql.and_"
                   || *fn == u"sqlalchemy.sql.or_") && c.items.size() > 1) {
            QStringList parts;
            for (size_t i = 1; i < c.items.size(); ++i)
                parts << u'(' + criterion(interp, c.items[i], e) + u')';
            return parts.join(fn->endsWith(u"and_") ? u" AND "_s : u" OR "_s);
        }
        if (c.callee().kind == Kind::Attribute && c.items.size() == 2) {
            const QString method = c.callee().text;
            const auto left = column(c.callee().items.front());
            const PythonExpression &right = c.items[1];
            if (left && comparisons.contains(method)) {
                if (right.kind == Kind::None && (method == u"__eq__" || method == u"__ne__"))
                    return left->sql + (method == u"__eq__" ? u" IS NULL"_s : u" IS NOT NULL"_s);
                if (const auto other = column(right))
                    return left->sql + u' ' + comparisons.value(method) + u' ' + other->sql;
                if (const auto v = value(right))
                    return left->sql + u' ' + comparisons.value(method) + u' ' + parameter(interp, *left, *v, e);
            }
            if (left && right.kind == Kind::None && (method == u"is_" || method == u"isnot" || method == u"is_not"))
                return left->sql + (method == u"is_" ? u" IS NULL"_s : u" IS NOT NULL"_s);
            if (left && method == u"in_" && (right.kind == Kind::List || right.kind == Kind::Tuple)) {
                QStringList items;
                for (const PythonExpression &item : right.items) {
                    const auto v = value(item);
                    if (!v)
                        break;
                    items << parameter(interp, *left, *v, e);
                }
                if (items.size() == qsizetype(right.items.size()))
                    return items.isEmpty() ? u"1 != 1"_s : left->sql + u" IN ("_s + items.join(u", "_s) + u')';
            }
        }
    }
    interp.refuse(u"this query().filter() criterion is out of reach for petmigrate: it runs comparisons of the "
                  u"query's columns with each other or with a value, is_(None), in_([...]), and_() and or_()"_s);
}

Value Construct::classBase(Interpreter &interp)
{
    // `class UUID(TypeDecorator):` in a module of the application.
    auto path = m_run->reader.resolve(m_expr);
    const QString name = path ? path->section(u'.', -1) : QString();
    if (path && path->startsWith(u"sqlalchemy."_s)
        && (name == u"TypeDecorator" || name == u"TypeEngine" || name == u"UserDefinedType"))
        return m_run->typeClass(interp, name);
    // Any other SQLAlchemy base (a declarative Base, SchemaType): the class
    // is an opaque value, so that a module defining models still imports
    // and only a use of such a class refuses.
    const QString what = path ? *path : m_expr.describe();
    return Value(new OpaqueObject(u"a subclass of "_s + what, OpaqueObject::Reason::NotImplemented, m_run->file,
                                  interp.currentLocation().line));
}

namespace {

// The same expression, wherever it was written (SQLAlchemy compares the
// objects; two spellings of t.c.x are one Column there).
bool sameExpression(const PythonExpression &a, const PythonExpression &b)
{
    if (a.kind != b.kind || a.text != b.text || a.items.size() != b.items.size() || a.keywords.size() != b.keywords.size())
        return false;
    for (size_t i = 0; i < a.items.size(); ++i) {
        if (!sameExpression(a.items[i], b.items[i]))
            return false;
    }
    for (size_t i = 0; i < a.keywords.size(); ++i) {
        if (a.keywords[i].name != b.keywords[i].name || !sameExpression(a.keywords[i].value, b.keywords[i].value))
            return false;
    }
    return true;
}

} // namespace

bool Construct::truth(Interpreter &interp)
{
    // BinaryExpression.__bool__: `a == b` and `a != b` are true or false by
    // whether both sides are one object (`if col == 0 or ...:` in a script
    // is Python's `or`, not SQL's); any other clause has no truth value.
    if (m_expr.isCall() && m_expr.items.size() == 2 && m_expr.keywords.empty() && m_expr.callee().kind == Kind::Attribute
        && (m_expr.callee().text == u"__eq__" || m_expr.callee().text == u"__ne__")) {
        const bool same = sameExpression(m_expr.callee().items.front(), m_expr.items[1]);
        return m_expr.callee().text == u"__eq__" ? same : !same;
    }
    interp.raise(ExceptionType::TypeError, u"Boolean value of this clause is not defined"_s);
}

Value Construct::iterate(Interpreter &interp)
{
    interp.raise(ExceptionType::TypeError, u"'"_s + typeName() + u"' object is not iterable"_s);
}

Value Construct::binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected)
{
    const Location at = interp.currentLocation();
    QString method;
    switch (op) {
    case BinaryOperator::BitAnd: method = u"and_"_s; break;
    case BinaryOperator::BitOr: method = u"or_"_s; break;
    case BinaryOperator::Add: method = u"__add__"_s; break;
    case BinaryOperator::Sub: method = u"__sub__"_s; break;
    case BinaryOperator::Mult: method = u"__mul__"_s; break;
    case BinaryOperator::Div: method = u"__truediv__"_s; break;
    case BinaryOperator::Mod: method = u"__mod__"_s; break;
    default: return {};
    }
    PythonExpression left = m_expr;
    PythonExpression right = m_run->reify(interp, other, at);
    if (reflected)
        std::swap(left, right);
    PythonExpression e = node(Kind::Call, at);
    if (method == u"and_" || method == u"or_") {
        e.items.push_back(pathNode(u"sqlalchemy."_s + method, at));
        e.items.push_back(std::move(left));
    } else {
        e.items.push_back(attributeNode(std::move(left), method, at));
    }
    e.items.push_back(std::move(right));
    return m_run->construct(std::move(e));
}

Value Construct::unaryOp(Interpreter &interp, UnaryOperator op)
{
    if (op != UnaryOperator::Invert)
        return {};
    const Location at = interp.currentLocation();
    PythonExpression e = node(Kind::Call, at);
    e.items.push_back(pathNode(u"sqlalchemy.not_"_s, at));
    e.items.push_back(m_expr);
    return m_run->construct(std::move(e));
}

Value Construct::compare(Interpreter &interp, CompareOperator op, const Value &other)
{
    QString method;
    switch (op) {
    case CompareOperator::Eq: method = u"__eq__"_s; break;
    case CompareOperator::NotEq: method = u"__ne__"_s; break;
    case CompareOperator::Lt: method = u"__lt__"_s; break;
    case CompareOperator::LtE: method = u"__le__"_s; break;
    case CompareOperator::Gt: method = u"__gt__"_s; break;
    case CompareOperator::GtE: method = u"__ge__"_s; break;
    default: return {};
    }
    // Python compares values with == too (list.index, `in`): only an
    // expression a script can mean as SQL is made one.
    // A datetime, date or time is a value SQLAlchemy binds (t.c.created < when).
    const bool date = Run::isDateValue(other);
    if (other.is(python::Kind::Host) && !dynamic_cast<Construct *>(other.as<HostObject>()) && !date)
        return {};
    const Location at = interp.currentLocation();
    PythonExpression e = node(Kind::Call, at);
    e.items.push_back(attributeNode(m_expr, method, at));
    e.items.push_back(m_run->reifyComparand(interp, other, at));
    return m_run->construct(std::move(e));
}

QString Construct::repr(Interpreter &)
{
    return u"<"_s + typeName() + u">"_s;
}

// ---- Operations

Value Operations::getAttribute(Interpreter &interp, const QString &name)
{
    if (name.startsWith(u"__"))
        return {};
    Ref<Operations> self(this);
    return makeRawFunction(name, [self, name](Interpreter &in, const Args &args) {
        return self->callMethod(in, name, args);
    });
    Q_UNUSED(interp);
}

Value Operations::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    Run &run = *m_run;
    const Location at = interp.currentLocation();
    // Values, not operations (batch_op.f() is op.f()).
    if (name == u"f" || name == u"inline_literal")
        return run.construct(run.callNode(interp, attributeNode(nameNode(kOp, at), name, at), args, at));
    if (!m_batch) {
        if (name == u"get_bind") {
            if (args.size() != 0)
                interp.raise(ExceptionType::TypeError, u"get_bind() takes 1 positional argument but %1 were given"_s.arg(args.size() + 1));
            const Value bind = run.bindValue();
            // The reader knows a bind by its name (sa.Enum(...).create(bind)).
            PythonExpression call = node(Kind::Call, at);
            call.items.push_back(attributeNode(nameNode(kOp, at), u"get_bind"_s, at));
            run.take(interp, run.reader.readLocalAssignment(static_cast<Bind *>(bind.as<HostObject>())->name(), call));
            return bind;
        }
        if (name == u"get_context") {
            QHash<QString, Value> attrs;
            attrs.insert(u"bind"_s, run.bindValue());
            attrs.insert(u"as_sql"_s, Value::fromBool(run.context.offline));
            attrs.insert(u"dialect"_s, run.bindValue().as<HostObject>()->getAttribute(interp, u"dialect"_s));
            attrs.insert(u"autocommit_block"_s, makeFunction(u"autocommit_block()", [run = m_run](Interpreter &, const BoundArguments &) {
                return Value(new AutocommitBlock(run));
            }));
            Ref<DictObject> opts = makeDict();
            attrs.insert(u"opts"_s, Value(opts));
            return Value(new Attributes(u"MigrationContext"_s, attrs));
        }
        if (name == u"batch_alter_table") {
            PythonExpression call = run.callNode(interp, attributeNode(nameNode(kOp, at), name, at), args, at);
            BatchAlterTableOp batch = run.take(interp, run.reader.readBatchAlterTable(call));
            return Value(new BatchContext(m_run, std::move(batch), run.where(interp)));
        }
        if (name == u"create_table") {
            PythonExpression call = run.callNode(interp, attributeNode(nameNode(kOp, at), name, at), args, at);
            // Table options about an existing Table in the same MetaData:
            // Alembic builds the table in a fresh one, where they do nothing.
            std::erase_if(call.keywords, [](const PythonKeyword &k) {
                return k.name == u"extend_existing" || k.name == u"keep_existing";
            });
            const QString table = run.freshName(u"table"_s);
            auto op = run.take(interp, run.reader.readLocalAssignment(table, call));
            if (op)
                run.record(interp, std::move(*op));
            return run.construct(nameNode(table, at));
        }
    }
    // Alembic would add it to a batch already applied, where it is lost.
    if (m_state && m_state->closed)
        interp.raise(ExceptionType::RuntimeError,
                     u"batch_op.%1() is called after its 'with op.batch_alter_table(...)' block ended, "
                     "where Alembic would drop it silently"_s.arg(name));
    PythonExpression owner = nameNode(m_batch ? kBatch : kOp, at);
    PythonExpression call = run.callNode(interp, attributeNode(std::move(owner), name, at), args, at);
    Operation op = run.take(interp, run.reader.readStatementCall(call, m_batch, kBatch));
    if (m_batch)
        m_batch->ops.push_back(std::move(op));
    else
        run.record(interp, std::move(op));
    return Value::none();
}

// ---- BatchContext

Value BatchContext::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name == u"__enter__") {
        m_operations = Value(new Operations(m_run, m_batch));
        return m_operations;
    }
    if (name == u"__exit__") {
        // Leaving the block applies the batch (after any plain op.* inside it).
        m_batch->closed = true;
        if (args.positional.empty() || args.positional.front().isNone())
            m_run->record(interp, Operation{m_batch->op, m_where});
        return Value::fromBool(false);
    }
    return HostObject::callMethod(interp, name, args);
}

// ---- AutocommitBlock

Value AutocommitBlock::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name != u"__enter__" && name != u"__exit__")
        return HostObject::callMethod(interp, name, args);
    const bool enter = name == u"__enter__";
    // Offline, only a transactional dialect has a transaction to end.
    if (!m_run->context.offline || m_run->context.dialect == u"postgresql") {
        const Location at = interp.currentLocation();
        PythonExpression call = node(Kind::Call, at);
        call.items.push_back(attributeNode(nameNode(kOp, at), u"execute"_s, at));
        PythonExpression sql = node(Kind::String, at);
        sql.text = enter ? u"COMMIT"_s : u"BEGIN"_s;
        call.items.push_back(std::move(sql));
        m_run->record(interp, m_run->take(interp, m_run->reader.readStatementCall(call, nullptr, {})));
    }
    return enter ? Value::none() : Value::fromBool(false);
}

// ---- Bind

Value Bind::getAttribute(Interpreter &interp, const QString &name)
{
    if (name == u"dialect" || name == u"engine") {
        if (!m_dialect.isValid()) {
            QHash<QString, Value> attrs;
            attrs.insert(u"name"_s, Value::str(m_run->context.dialect));
            attrs.insert(u"driver"_s, Value::str(m_run->context.dialect == u"sqlite" ? u"pysqlite"_s : u"psycopg2"_s));
            // Scripts that create sequences only where there are any (privacyidea) ask this.
            attrs.insert(u"supports_sequences"_s, Value::fromBool(m_run->context.dialect == u"postgresql"));
            m_dialect = Value(new Attributes(u"Dialect"_s, attrs));
        }
        if (name == u"engine") {
            QHash<QString, Value> attrs;
            attrs.insert(u"dialect"_s, m_dialect);
            attrs.insert(u"name"_s, Value::str(m_run->context.dialect));
            return Value(new Attributes(u"Engine"_s, attrs));
        }
        return m_dialect;
    }
    if (name == u"execute" || name == u"scalar") {
        Ref<Bind> self(this);
        return makeRawFunction(name, [self, name](Interpreter &in, const Args &args) { return self->callMethod(in, name, args); });
    }
    Q_UNUSED(interp);
    return {};
}

Value Bind::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name == u"execute")
        return execute(interp, args);
    if (name == u"scalar") {
        if (m_run->context.offline)
            interp.raise(ExceptionType::AttributeError, u"'MockConnection' object has no attribute 'scalar'"_s);
        const Value result = execute(interp, args);
        return interp.callMethod(result, u"scalar"_s, Args{});
    }
    return HostObject::callMethod(interp, name, args);
}

Value Bind::execute(Interpreter &interp, const Args &args)
{
    const Location at = interp.currentLocation();
    if (args.positional.empty())
        interp.raise(ExceptionType::TypeError, u"execute() missing 1 required positional argument: 'statement'"_s);
    if (m_run->context.offline) {
        // Alembic's MockConnection: the statement is written where op.execute()
        // writes it, and nothing is returned (fetching a row fails as in Alembic).
        PythonExpression call = m_run->callNode(interp, attributeNode(nameNode(kOp, at), u"execute"_s, at), args, at);
        Operation op = m_run->take(interp, m_run->reader.readStatementCall(call, nullptr, {}));
        m_run->record(interp, std::move(op));
        return Value::none();
    }
    // Online, read ahead of the run (no connection): the runner evaluates
    // the body again on the migration's connection.
    m_run->usesConnection = true;
    // The statement alone is op.execute()'s argument; parameters (a dict, or
    // keywords as SQLAlchemy 1.4 still takes them) fill a text's :names.
    if (args.positional[0].is(python::Kind::Host)) {
        if (auto *c = dynamic_cast<Construct *>(args.positional[0].as<HostObject>())) {
            if (auto select = m_run->selectStatement(interp, c->expression())) {
                if (args.positional.size() > 1 || !args.keywords.empty())
                    interp.refuse(u"bind.execute(sa.select(...)) with parameters is out of reach for petmigrate"_s);
                Operation op{std::move(*select), m_run->where(interp)};
                if (!m_run->context.live)
                    m_run->connection(interp);
                return result(interp, op);
            }
        }
    }
    Args statementOnly;
    statementOnly.positional = args.positional.subspan(0, 1);
    PythonExpression call = m_run->callNode(interp, attributeNode(nameNode(kOp, at), u"execute"_s, at), statementOnly, at);
    Operation op = m_run->take(interp, m_run->reader.readStatementCall(call, nullptr, {}));
    QVariantMap params;
    auto addParam = [&](const QString &key, const Value &v) {
        QVariant value;
        switch (v.kind()) {
        case python::Kind::None: value = QVariant(); break;
        case python::Kind::Bool: value = bool(v.asInt()); break;
        case python::Kind::Int: value = v.asInt(); break;
        case python::Kind::Float: value = v.toDouble(); break;
        case python::Kind::Str: value = v.text(); break;
        default:
            interp.raise(ExceptionType::TypeError,
                         u"petmigrate cannot bind a '%1' value to parameter '%2'"_s.arg(interp.typeName(v), key));
        }
        params.insert(key, value);
    };
    if (args.positional.size() > 2)
        interp.raise(ExceptionType::TypeError, u"execute() takes at most 2 positional arguments"_s);
    if (args.positional.size() == 2) {
        const Value &p = args.positional[1];
        if (!p.is(python::Kind::Dict))
            interp.refuse(u"bind.execute() with parameters given as a '%1': petmigrate takes one dict of "
                          u"parameters"_s.arg(interp.typeName(p)));
        const OrderedMap &map = p.as<DictObject>()->map;
        for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
            if (!map.entry(i).key.isStr())
                interp.raise(ExceptionType::TypeError, u"parameter names must be strings"_s);
            addParam(map.entry(i).key.text(), map.entry(i).value);
        }
    }
    for (const KeywordArgument &k : args.keywords)
        addParam(k.name.text(), k.value);
    if (!params.isEmpty()) {
        auto *e = op.as<ExecuteOp>();
        if (!e || e->kind != ExecuteOp::Kind::Text)
            interp.refuse(u"bind.execute() with parameters is read for sa.text() statements only"_s);
        for (auto it = params.cbegin(); it != params.cend(); ++it)
            e->bindValues.insert(it.key(), it.value());
    }
    if (!m_run->context.live) {
        m_run->record(interp, std::move(op));
        return Value(new PendingResult);
    }
    return result(interp, op);
}

Value Bind::result(Interpreter &interp, const Operation &op)
{
    m_run->databaseFaultCaught();
    auto rows = m_run->context.live->query(op);
    if (!rows)
        m_run->failQuery(interp, rows.error());
    auto columns = std::make_shared<const QStringList>(rows->columns);
    std::vector<Value> values;
    values.reserve(size_t(rows->rows.size()));
    for (const QVariantList &row : std::as_const(rows->rows)) {
        std::vector<Value> cells;
        cells.reserve(size_t(row.size()));
        for (const QVariant &cell : row)
            cells.push_back(m_run->fromVariant(interp, cell));
        values.push_back(Value(new BindRow(m_run, columns, std::move(cells))));
    }
    return Value(new BindResult(m_run, columns, std::move(values), rows->rowsAffected));
}

// ---- BindRow

Value BindRow::mapping() const
{
    Ref<DictObject> d = makeDict();
    for (qsizetype i = 0; i < m_columns->size() && size_t(i) < m_values.size(); ++i) {
        const Value key = Value::str(m_columns->at(i));
        d->map.insert(key, qHash(m_columns->at(i)), m_values[size_t(i)]);
    }
    return Value(d);
}

Value BindRow::getAttribute(Interpreter &, const QString &name)
{
    if (name == u"_mapping")
        return mapping();
    if (name == u"_asdict") { // Row._asdict(): dict(row._mapping)
        const Value d = mapping();
        return makeRawFunction(name, [d](Interpreter &in, const Args &args) {
            if (!args.positional.empty() || !args.keywords.empty())
                in.raise(ExceptionType::TypeError, u"_asdict() takes no arguments"_s);
            return d;
        });
    }
    if (name == u"_fields")
        return makeTuple([&] {
            std::vector<Value> v;
            for (const QString &c : *m_columns)
                v.push_back(Value::str(c));
            return v;
        }());
    const qsizetype i = m_columns->indexOf(name);
    if (i >= 0 && size_t(i) < m_values.size())
        return m_values[size_t(i)];
    return {};
}

Value BindRow::getItem(Interpreter &interp, const Value &key)
{
    if (key.isStr()) {
        const qsizetype i = m_columns->indexOf(key.text());
        if (i < 0 || size_t(i) >= m_values.size())
            m_run->raiseSqlAlchemy(interp, u"NoSuchColumnError"_s,
                                   u"Could not locate column in row for column '%1'"_s.arg(key.text()));
        return m_values[size_t(i)];
    }
    return interp.getItem(makeTuple(m_values), key);
}

Value BindRow::compare(Interpreter &interp, CompareOperator op, const Value &other)
{
    if (op != CompareOperator::Eq && op != CompareOperator::NotEq)
        return {};
    const Value mine = makeTuple(m_values);
    auto *row = other.is(python::Kind::Host) ? dynamic_cast<BindRow *>(other.as<HostObject>()) : nullptr;
    const bool equal = interp.equals(mine, row ? makeTuple(row->m_values) : other);
    return Value::fromBool(op == CompareOperator::Eq ? equal : !equal);
}

// ---- BindResult

void BindResult::needRows(Interpreter &interp, const QString &method) const
{
    // SQLAlchemy: "This result object does not return rows."
    if (m_columns->isEmpty())
        m_run->raiseSqlAlchemy(interp, u"ResourceClosedError"_s,
                               u"This result object does not return rows. "
                               u"It has been closed automatically. (%1())"_s.arg(method));
}

Value BindResult::getAttribute(Interpreter &interp, const QString &name)
{
    if (name == u"rowcount")
        return Value::fromInt(m_rowsAffected);
    if (name == u"returns_rows")
        return Value::fromBool(!m_columns->isEmpty());
    static const QStringList methods{u"fetchall"_s, u"fetchone"_s, u"first"_s, u"scalar"_s, u"scalar_one"_s,
                                     u"scalar_one_or_none"_s, u"one"_s, u"one_or_none"_s, u"all"_s,
                                     u"keys"_s, u"scalars"_s, u"fetchmany"_s, u"close"_s, u"mappings"_s};
    if (!methods.contains(name))
        return {};
    Ref<BindResult> self(this);
    return makeRawFunction(name, [self, name](Interpreter &in, const Args &args) { return self->callMethod(in, name, args); });
    Q_UNUSED(interp);
}

Value BindResult::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    auto firstCell = [&](const Value &row) { return static_cast<BindRow *>(row.as<HostObject>())->getItem(interp, Value::fromInt(0)); };
    if (name == u"close")
        return Value::none();
    if (name == u"keys") {
        std::vector<Value> v;
        for (const QString &c : *m_columns)
            v.push_back(Value::str(c));
        return makeList(std::move(v));
    }
    needRows(interp, name);
    if (name == u"fetchall" || name == u"all")
        return makeList(rest());
    if (name == u"fetchmany") {
        qint64 n = 1;
        if (!args.positional.empty() && args.positional[0].isInt())
            n = args.positional[0].asInt();
        std::vector<Value> out;
        while (n-- > 0 && m_next < m_rows.size())
            out.push_back(m_rows[m_next++]);
        return makeList(std::move(out));
    }
    if (name == u"fetchone")
        return m_next < m_rows.size() ? m_rows[m_next++] : Value::none();
    if (name == u"mappings" || name == u"scalars") {
        // A result of the same rows seen as dicts or as their first column.
        std::vector<Value> out;
        for (const Value &row : rest())
            out.push_back(name == u"scalars" ? firstCell(row)
                                             : static_cast<BindRow *>(row.as<HostObject>())->getAttribute(interp, u"_mapping"_s));
        return makeList(std::move(out));
    }
    // The rest consume the result: first(), scalar(), one() close it after one row.
    std::vector<Value> remaining = rest();
    const bool exactlyOne = name == u"one" || name == u"scalar_one";
    const bool atMostOne = name == u"one_or_none" || name == u"scalar_one_or_none";
    if ((exactlyOne || atMostOne) && remaining.size() > 1)
        m_run->raiseSqlAlchemy(interp, u"MultipleResultsFound"_s,
                               u"Multiple rows were found when exactly one was required"_s);
    if (exactlyOne && remaining.empty())
        m_run->raiseSqlAlchemy(interp, u"NoResultFound"_s, u"No row was found when one was required"_s);
    if (remaining.empty())
        return Value::none();
    if (name == u"first" || name == u"one" || name == u"one_or_none")
        return remaining.front();
    if (name == u"scalar" || name == u"scalar_one" || name == u"scalar_one_or_none")
        return firstCell(remaining.front());
    return HostObject::callMethod(interp, name, args);
}

// ---- Inspector

Value Inspector::getAttribute(Interpreter &, const QString &name)
{
    static const QStringList methods{u"get_table_names"_s, u"has_table"_s, u"get_columns"_s,
                                     u"get_unique_constraints"_s, u"get_indexes"_s, u"get_foreign_keys"_s,
                                     u"get_pk_constraint"_s};
    if (!methods.contains(name))
        return {};
    Ref<Inspector> self(this);
    return makeRawFunction(name, [self, name](Interpreter &in, const Args &args) { return self->callMethod(in, name, args); });
}

Value Inspector::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    auto metadata = m_run->connection(interp).reflect();
    if (!metadata)
        m_run->fail(interp, metadata.error());
    auto str = [](const QString &s) { return Value::str(s); };
    auto strings = [&](const QStringList &list) {
        std::vector<Value> v;
        for (const QString &s : list)
            v.push_back(str(s));
        return makeList(std::move(v));
    };
    auto dict = [&](std::initializer_list<std::pair<QString, Value>> items) {
        Ref<DictObject> d = makeDict();
        for (const auto &[k, v] : items)
            d->map.insert(str(k), qHash(k), v);
        return Value(d);
    };
    QString schema;
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() == u"schema" && k.value.isStr())
            schema = k.value.text();
    }
    if (name == u"get_table_names") {
        QStringList names;
        for (const Table &t : metadata->tables()) {
            if (t.schema == schema)
                names << t.name;
        }
        names.sort();
        return strings(names);
    }
    if (args.positional.empty() || !args.positional[0].isStr())
        interp.raise(ExceptionType::TypeError, u"%1() needs a table name"_s.arg(name));
    const QString tableName = args.positional[0].text();
    const Table *table = metadata->table(tableName, schema);
    if (name == u"has_table")
        return Value::fromBool(table != nullptr);
    if (!table)
        m_run->raiseSqlAlchemy(interp, u"NoSuchTableError"_s, tableName);
    std::vector<Value> out;
    if (name == u"get_columns") {
        for (const Column &c : table->columns)
            out.push_back(dict({{u"name"_s, str(c.name)},
                                {u"type"_s, m_run->construct(pathNode(u"sqlalchemy."_s + c.type.className(), interp.currentLocation()))},
                                {u"nullable"_s, Value::fromBool(c.nullable)},
                                {u"default"_s, c.serverDefault ? str(c.serverDefault->sql()) : Value::none()},
                                {u"primary_key"_s, Value::fromInt(c.primaryKey ? 1 : 0)}}));
    } else if (name == u"get_unique_constraints") {
        for (const Constraint &c : table->constraintsOfKind(Constraint::Kind::Unique))
            out.push_back(dict({{u"name"_s, c.name.isEmpty() ? Value::none() : str(c.name)},
                                {u"column_names"_s, strings(c.columns)}}));
    } else if (name == u"get_indexes") {
        for (const Index &i : table->indexes)
            out.push_back(dict({{u"name"_s, str(i.name)}, {u"column_names"_s, strings(i.columns)},
                                {u"unique"_s, Value::fromBool(i.unique)}}));
    } else if (name == u"get_foreign_keys") {
        for (const Constraint &c : table->constraintsOfKind(Constraint::Kind::ForeignKey))
            out.push_back(dict({{u"name"_s, c.name.isEmpty() ? Value::none() : str(c.name)},
                                {u"constrained_columns"_s, strings(c.columns)},
                                {u"referred_schema"_s, c.referredSchema.isEmpty() ? Value::none() : str(c.referredSchema)},
                                {u"referred_table"_s, str(c.referredTable)},
                                {u"referred_columns"_s, strings(c.referredColumns)}}));
    } else if (name == u"get_pk_constraint") {
        const Constraint *pk = table->primaryKey();
        return dict({{u"name"_s, pk && !pk->name.isEmpty() ? str(pk->name) : Value::none()},
                     {u"constrained_columns"_s, strings(pk ? pk->columns : QStringList())}});
    } else {
        return HostObject::callMethod(interp, name, args);
    }
    return makeList(std::move(out));
}

// The modules scripts import, by name.
std::optional<Value> importHook(Run &run, Interpreter &interp, const QString &module)
{
    const Location at = interp.currentLocation();
    auto isUnder = [&](const QString &root) { return module == root || module.startsWith(root + u'.'); };
    if (isUnder(u"sqlalchemy"_s) || isUnder(u"sqlmodel"_s))
        return run.construct(pathNode(module, at));
    const QString prefix = run.context.userModulePrefix.endsWith(u'.') ? run.context.userModulePrefix.chopped(1)
                                                                      : run.context.userModulePrefix;
    if (!prefix.isEmpty() && isUnder(prefix))
        return run.construct(pathNode(module, at));
    if (module == u"alembic.op")
        return Value(new Operations(&run, nullptr));
    if (module == u"alembic.context" || module == u"alembic") {
        QHash<QString, Value> context;
        context.insert(u"is_offline_mode"_s, makeFunction(u"is_offline_mode()", [&run](Interpreter &, const BoundArguments &) {
            return Value::fromBool(run.context.offline);
        }));
        context.insert(u"get_context"_s, makeFunction(u"get_context()", [&run](Interpreter &in, const BoundArguments &) {
            Operations ops(&run, nullptr);
            return ops.callMethod(in, u"get_context"_s, Args{});
        }));
        context.insert(u"get_bind"_s, makeFunction(u"get_bind()", [&run](Interpreter &in, const BoundArguments &) {
            Operations ops(&run, nullptr);
            return ops.callMethod(in, u"get_bind"_s, Args{});
        }));
        // EnvironmentContext.get_impl(): the migration context's DefaultImpl,
        // for its bind, dialect and as_sql.
        context.insert(u"get_impl"_s, makeFunction(u"get_impl()", [&run](Interpreter &in, const BoundArguments &) {
            Operations ops(&run, nullptr);
            const Value migration = ops.callMethod(in, u"get_context"_s, Args{});
            QHash<QString, Value> attrs;
            for (const QString &name : {u"bind"_s, u"dialect"_s, u"as_sql"_s})
                attrs.insert(name, in.getAttribute(migration, name));
            return Value(new Attributes(run.context.dialect == u"sqlite" ? u"SQLiteImpl"_s : u"PostgresqlImpl"_s, attrs));
        }));
        context.insert(u"get_x_argument"_s, makeFunction(u"get_x_argument(as_dictionary=False)",
                                                          [](Interpreter &, const BoundArguments &a) {
            return a[0].isBool() && a[0].asInt() ? Value(makeDict()) : makeList();
        }));
        if (module == u"alembic.context")
            return Value(new Attributes(u"module"_s, context));
        QHash<QString, Value> alembic;
        alembic.insert(u"op"_s, Value(new Operations(&run, nullptr)));
        alembic.insert(u"context"_s, Value(new Attributes(u"module"_s, context)));
        return Value(new Attributes(u"module"_s, alembic));
    }
    return std::nullopt;
}

// Reads the script and evaluates its bodies (`only`: one of them);
// `tokens`, when given, are the source's own, already made.
Result<MigrationScript> evaluateScript(const QString &source, const QString &fileName,
                                       const ScriptEvaluator::Context &context, std::optional<bool> only,
                                       const QList<PythonToken> *tokens = nullptr)
{
    auto header = ScriptHeaderReader::read(source, fileName, context.importedConstant);
    if (!header)
        return header;
    MigrationScript script = std::move(*header);
    if (script.revision.isEmpty())
        return fail(Error(fileName, 0, 0, u"the script does not define revision"_s));
    auto program = tokens ? python::Parser::parse(source, fileName, *tokens) : python::Parser::parse(source, fileName);
    if (!program) {
        Error e = program.error();
        if (e.exception.isEmpty())
            e.exception = u"SyntaxError"_s;
        return std::unexpected(e);
    }

    Run run(fileName, source, context);
    Interpreter::Options options;
    options.reproducible = context.offline;
    Interpreter interp(options);
    interp.setImportHook([&run](Interpreter &in, const QString &module) { return importHook(run, in, module); });
    if (context.moduleSource)
        interp.setModuleFinder(context.moduleSource);
    auto located = [&](Error e) {
        if (run.readerError)
            return *run.readerError;
        return e;
    };
    auto ns = interp.runModule(*program, script.revision.isEmpty() ? u"migration"_s : script.revision);
    if (!ns)
        return std::unexpected(located(ns.error()));
    for (const bool upgrade : {true, false}) {
        if (only && *only != upgrade)
            continue;
        const QString function = upgrade ? u"upgrade"_s : u"downgrade"_s;
        const Value f = ns->value(function);
        if (!f.isValid())
            continue;
        (upgrade ? script.hasUpgrade : script.hasDowngrade) = true;
        run.ops = upgrade ? &script.upgrade : &script.downgrade;
        run.reader.clearLocals();
        for (const auto &[name, table] : run.moduleTableClauses) {
            if (auto kept = run.reader.readLocalAssignment(name, table); !kept)
                return std::unexpected(kept.error());
        }
        run.bind = {};
        run.usesConnection = false;
        run.failedFlush.reset();
        interp.resetSteps();
        run.readerError.reset();
        run.databaseFault.reset();
        auto r = interp.callFunction(*ns, function);
        // A database error the body did not catch ends it as the runtime
        // words it (the statement, the reason, what was rolled back).
        if (!r && run.databaseFault && interp.lastException().type == run.databaseFault->type
            && interp.lastException().message == run.databaseFault->message)
            r = fail(run.databaseFault->error);
        else
            run.databaseFaultCaught();
        if (r && run.failedFlush)
            r = fail(Error(fileName, run.failedFlush->line, run.failedFlush->column, run.failedFlushSentence()));
        (upgrade ? script.upgradeUsesConnection : script.downgradeUsesConnection) = run.usesConnection;
        if (!r) {
            if (!upgrade && !run.readerError && !interp.lastException().type.isEmpty())
                script.downgradeRaises = true;
            (upgrade ? script.upgradeError : script.downgradeError) = located(r.error());
            run.ops->clear();
        }
    }
    script.bodiesParsed = true;
    return script;
}

} // namespace

Result<MigrationScript> ScriptEvaluator::evaluate(const QString &source, const QString &fileName, const Context &context)
{
    return evaluateScript(source, fileName, context, std::nullopt);
}

Result<MigrationScript> ScriptEvaluator::evaluate(const QString &source, const QString &fileName, const Context &context,
                                                  const QList<PythonToken> &tokens)
{
    return evaluateScript(source, fileName, context, std::nullopt, &tokens);
}

Status ScriptEvaluator::run(const QString &source, const QString &fileName, const Context &context, bool upgrade)
{
    if (!context.live)
        return fail(Error(fileName, 0, 0, u"ScriptEvaluator::run() needs the migration's connection"_s));
    auto script = evaluateScript(source, fileName, context, upgrade);
    if (!script)
        return std::unexpected(script.error());
    if (auto body = script->body(upgrade); !body)
        return std::unexpected(body.error());
    return {};
}

} // namespace pm
