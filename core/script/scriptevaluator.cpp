#include "script/scriptevaluator.h"

#include <memory>

#include "python/host.h"
#include "python/interpreter.h"
#include "python/parser.h"
#include "script/operationreader.h"

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
    Construct(Run *run, PythonExpression expr) : m_run(run), m_expr(std::move(expr)) {}
    const PythonExpression &expression() const { return m_expr; }

    QString typeName() const override;
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value call(Interpreter &interp, const Args &args) override;
    bool truth(Interpreter &interp) override;
    Value iterate(Interpreter &interp) override;
    Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected) override;
    Value unaryOp(Interpreter &interp, UnaryOperator op) override;
    Value compare(Interpreter &interp, CompareOperator op, const Value &other) override;
    QString repr(Interpreter &interp) override;

private:
    Run *m_run;
    PythonExpression m_expr;
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
// --sql output, no rows); online, statements join the run, rows are refused.
class Bind final : public HostObject
{
public:
    Bind(Run *run, QString name) : m_run(run), m_name(std::move(name)) {}
    const QString &name() const { return m_name; }
    QString typeName() const override { return u"Connection"_s; }
    Value getAttribute(Interpreter &interp, const QString &name) override;
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    Run *m_run;
    QString m_name;
    Value m_dialect;
};

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

    // Fails the run with the reader's own located error.
    [[noreturn]] void fail(Interpreter &interp, const Error &error)
    {
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
    QString freshName(const QString &stem) { return u"__pm_"_s + stem + QString::number(++names); }

    Value construct(PythonExpression e) { return Value(new Construct(this, std::move(e))); }

    Value bindValue()
    {
        if (!bind.isValid()) {
            const QString name = freshName(u"bind"_s);
            auto *b = new Bind(this, name);
            bind = Value(b);
        }
        return bind;
    }

    void record(Operation op)
    {
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
        case python::Kind::Host: {
            auto *host = v.as<HostObject>();
            if (auto *c = dynamic_cast<Construct *>(host))
                return c->expression();
            if (auto *b = dynamic_cast<Bind *>(host))
                return nameNode(b->name(), at);
            break;
        }
        default: break;
        }
        interp.refuse(u"petmigrate cannot pass a '%1' value to SQLAlchemy or Alembic"_s.arg(interp.typeName(v)));
    }

    PythonExpression callNode(Interpreter &interp, PythonExpression callee, const Args &args, const Location &at)
    {
        PythonExpression e = node(Kind::Call, at);
        e.items.push_back(std::move(callee));
        for (const Value &a : args.positional)
            e.items.push_back(reify(interp, a, at));
        for (const KeywordArgument &k : args.keywords) {
            PythonKeyword kw;
            kw.name = k.name.text();
            kw.line = at.line;
            kw.column = at.column;
            kw.value = reify(interp, k.value, at);
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
    PythonExpression callee = m_expr;
    // `Column(...)` after `from sqlalchemy import Column`: the name called.
    if (callee.written.isEmpty() && !callee.dottedName().isEmpty()) {
        if (const QString written = dottedNameAt(m_run->source, at); written != callee.dottedName())
            callee.written = written;
    }
    PythonExpression e = m_run->callNode(interp, std::move(callee), args, at);
    const QString dotted = m_expr.dottedName();
    if (!dotted.isEmpty()) {
        auto path = m_run->reader.resolve(m_expr);
        if (path && *path == u"sqlalchemy.table") {
            // A table clause: a name the reader keeps, for .c.x, .update(), bulk_insert.
            const QString name = m_run->freshName(u"table"_s);
            m_run->take(interp, m_run->reader.readLocalAssignment(name, e));
            return m_run->construct(nameNode(name, at));
        }
        return m_run->construct(std::move(e));
    }
    // A method of a value: sa.Enum(...).create(bind) is a statement.
    if (m_expr.kind == Kind::Attribute && (m_expr.text == u"create" || m_expr.text == u"drop")
        && m_expr.items.front().isCall()) {
        Operation op = m_run->take(interp, m_run->reader.readStatementCall(e, nullptr, {}));
        m_run->record(std::move(op));
        return Value::none();
    }
    return m_run->construct(std::move(e));
}

bool Construct::truth(Interpreter &interp)
{
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
    if (other.is(python::Kind::Host) && !dynamic_cast<Construct *>(other.as<HostObject>()))
        return {};
    const Location at = interp.currentLocation();
    PythonExpression e = node(Kind::Call, at);
    e.items.push_back(attributeNode(m_expr, method, at));
    e.items.push_back(m_run->reify(interp, other, at));
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
            const QString table = run.freshName(u"table"_s);
            auto op = run.take(interp, run.reader.readLocalAssignment(table, call));
            if (op)
                run.record(std::move(*op));
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
        run.record(std::move(op));
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
            m_run->record(Operation{m_batch->op, m_where});
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
        m_run->record(m_run->take(interp, m_run->reader.readStatementCall(call, nullptr, {})));
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
    if (name == u"execute") {
        Ref<Bind> self(this);
        return makeRawFunction(name, [self](Interpreter &in, const Args &args) { return self->callMethod(in, u"execute"_s, args); });
    }
    Q_UNUSED(interp);
    return {};
}

Value Bind::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name != u"execute")
        return HostObject::callMethod(interp, name, args);
    if (!m_run->context.offline)
        interp.refuse(u"op.get_bind().execute() is not supported online yet: petmigrate reads a script's body "
                      u"before the run, so the statement and its rows cannot join the migration"_s);
    // Alembic's MockConnection: the statement is written where op.execute()
    // writes it, and nothing is returned (fetching a row fails as in Alembic).
    const Location at = interp.currentLocation();
    PythonExpression call = m_run->callNode(interp, attributeNode(nameNode(kOp, at), u"execute"_s, at), args, at);
    Operation op = m_run->take(interp, m_run->reader.readStatementCall(call, nullptr, {}));
    m_run->record(std::move(op));
    return Value::none();
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

} // namespace

Result<MigrationScript> ScriptEvaluator::evaluate(const QString &source, const QString &fileName, const Context &context)
{
    auto header = ScriptHeaderReader::read(source, fileName, context.importedConstant);
    if (!header)
        return header;
    MigrationScript script = std::move(*header);
    if (script.revision.isEmpty())
        return fail(Error(fileName, 0, 0, u"the script does not define revision"_s));
    auto program = python::Parser::parse(source, fileName);
    if (!program) {
        Error e = program.error();
        if (e.exception.isEmpty())
            e.exception = u"SyntaxError"_s;
        return std::unexpected(e);
    }

    Run run(fileName, source, context);
    Interpreter interp;
    interp.setImportHook([&run](Interpreter &in, const QString &module) { return importHook(run, in, module); });
    auto located = [&](Error e) {
        if (run.readerError)
            return *run.readerError;
        return e;
    };
    auto ns = interp.runModule(*program, script.revision.isEmpty() ? u"migration"_s : script.revision);
    if (!ns)
        return std::unexpected(located(ns.error()));
    for (const bool upgrade : {true, false}) {
        const QString function = upgrade ? u"upgrade"_s : u"downgrade"_s;
        const Value f = ns->value(function);
        if (!f.isValid())
            continue;
        (upgrade ? script.hasUpgrade : script.hasDowngrade) = true;
        run.ops = upgrade ? &script.upgrade : &script.downgrade;
        run.reader.clearLocals();
        run.bind = {};
        interp.resetSteps();
        run.readerError.reset();
        auto r = interp.callFunction(*ns, function);
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

} // namespace pm
