#include "python/interpreter.h"

#include <QRegularExpression>
#include <QStringList>

#include "python/host.h"
#include "python/interpreterinternal.h"
#include "python/parser.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

// Standard-library modules that do file, process or network work: importing
// one is allowed, using anything from it is refused.
bool isSandboxedModule(QStringView name)
{
    static const QStringList modules = {
        u"subprocess"_s, u"socket"_s, u"shutil"_s, u"pathlib"_s, u"io"_s, u"tempfile"_s, u"glob"_s,
        u"urllib"_s, u"http"_s, u"ftplib"_s, u"smtplib"_s, u"ssl"_s, u"select"_s, u"signal"_s,
        u"multiprocessing"_s, u"threading"_s, u"concurrent"_s, u"asyncio"_s, u"ctypes"_s, u"importlib"_s,
        u"builtins"_s, u"pickle"_s, u"marshal"_s, u"shelve"_s, u"dbm"_s, u"sqlite3"_s, u"zipfile"_s,
        u"tarfile"_s, u"gzip"_s, u"bz2"_s, u"lzma"_s, u"webbrowser"_s, u"pty"_s, u"fcntl"_s, u"resource"_s,
        u"runpy"_s, u"code"_s, u"codeop"_s, u"inspect"_s, u"gc"_s, u"atexit"_s, u"getpass"_s, u"platform"_s,
        u"sched"_s, u"secrets"_s, u"mmap"_s, u"posix"_s, u"nt"_s,
    };
    const QStringView top = name.left(name.indexOf(u'.') < 0 ? name.size() : name.indexOf(u'.'));
    return modules.contains(top);
}

struct FrameScope
{
    Interpreter::Frame *&current;
    Interpreter::Frame &frame;
    FrameScope(Interpreter::Frame *&cur, Interpreter::Frame &f) : current(cur), frame(f)
    {
        frame.back = current;
        current = &frame;
    }
    ~FrameScope() { current = frame.back; }
};

struct DepthScope
{
    int &depth;
    explicit DepthScope(int &d) : depth(d) { ++depth; }
    ~DepthScope() { --depth; }
};

} // namespace

// ---------------------------------------------------------------- Namespace

Value Namespace::value(const QString &name) const
{
    if (!m_module)
        return {};
    const Value key = Value::str(name);
    const Value *v = m_module->dict->map.value(key, hashText(name));
    return v ? *v : Value();
}

QStringList Namespace::names() const
{
    QStringList out;
    if (!m_module)
        return out;
    const OrderedMap &map = m_module->dict->map;
    for (qsizetype i = map.next(-1); i >= 0; i = map.next(i))
        out << map.entry(i).key.text();
    return out;
}

// ---------------------------------------------------------------- setup

Interpreter::Interpreter() : Interpreter(Options{}) {}

Interpreter::Interpreter(Options options) : m_options(std::move(options)), m_internal(std::make_unique<Internal>())
{
    Internal &in = *m_internal;
    auto intern = [](const char16_t *s) {
        Value v = Value::str(QString::fromUtf16(s));
        auto *o = v.as<StrObject>();
        o->hash = hashText(o->text);
        o->hashed = true;
        return v;
    };
    in.sInit = intern(u"__init__");
    in.sStr = intern(u"__str__");
    in.sRepr = intern(u"__repr__");
    in.sCall = intern(u"__call__");
    in.sEq = intern(u"__eq__");
    in.sNe = intern(u"__ne__");
    in.sLt = intern(u"__lt__");
    in.sLe = intern(u"__le__");
    in.sGt = intern(u"__gt__");
    in.sGe = intern(u"__ge__");
    in.sHash = intern(u"__hash__");
    in.sLen = intern(u"__len__");
    in.sBool = intern(u"__bool__");
    in.sIter = intern(u"__iter__");
    in.sNext = intern(u"__next__");
    in.sGetitem = intern(u"__getitem__");
    in.sSetitem = intern(u"__setitem__");
    in.sDelitem = intern(u"__delitem__");
    in.sContains = intern(u"__contains__");
    in.sEnter = intern(u"__enter__");
    in.sExit = intern(u"__exit__");
    in.sFormat = intern(u"__format__");
    in.sNew = intern(u"__new__");
    in.sGetattr = intern(u"__getattr__");
    in.sName = intern(u"__name__");
    in.sValue = intern(u"value");
    in.sDict = intern(u"__dict__");
    in.sClass = intern(u"__class__");
    in.sDoc = intern(u"__doc__");
    in.sModule = intern(u"__module__");
    in.sQualname = intern(u"__qualname__");
    in.sPost = intern(u"__post_init__");
    installBuiltins(*this);
    installMethods(*this);
    installStrMethods(*this);
    installStandardModules(*this);
}

Interpreter::~Interpreter()
{
    m_heap.releaseAll();
}

void Interpreter::addModule(const QString &name, Value module)
{
    m_hostModules.insert(name, std::move(module));
}

void Interpreter::setModuleFinder(ModuleFinder finder)
{
    m_moduleFinder = std::move(finder);
}

void Interpreter::setImportHook(ImportHook hook)
{
    m_importHook = std::move(hook);
}

void Interpreter::setBuiltin(const QString &name, Value value)
{
    m_internal->builtins->map.insert(Value::str(name), hashText(name), std::move(value));
}

// ---------------------------------------------------------------- entry points

template<typename F>
auto Interpreter::guarded(F &&f) -> Result<decltype(f())>
{
    // The frame address, not a local's: under AddressSanitizer locals may
    // live on a separate "fake stack", which would read as a huge depth.
    const bool outermost = m_stackBase == nullptr;
    if (outermost)
        m_stackBase = static_cast<const char *>(__builtin_frame_address(0));
    Frame *const frame = m_frame;
    const int depth = m_depth;
    auto restore = [&] {
        m_frame = frame;
        m_depth = depth;
        if (outermost)
            m_stackBase = nullptr;
    };
    try {
        if constexpr (std::is_void_v<decltype(f())>) {
            f();
            restore();
            return {};
        } else {
            auto result = f();
            restore();
            return result;
        }
    } catch (const PyException &e) {
        Error error = errorFromException(e.exception);
        restore();
        return std::unexpected(std::move(error));
    } catch (const Abort &a) {
        restore();
        return std::unexpected(a.error);
    }
}

Error Interpreter::errorFromException(const Value &exception)
{
    m_lastException = {};
    auto *exc = exception.as<ExceptionObject>();
    m_lastException.type = exc->cls->name;
    // str() of a user exception may itself fail: then the class name alone.
    try {
        m_lastException.message = str(exception);
    } catch (const PyException &) {
        m_lastException.message.clear();
    } catch (const Abort &) {
        m_lastException.message.clear();
    }
    for (auto it = exc->traceback.rbegin(); it != exc->traceback.rend(); ++it)
        m_lastException.traceback << *it;
    // An Error is one line ("file:line:col: sentence", what editors and the
    // log parse): a message of several lines is joined with spaces there,
    // and kept as written in lastException().
    QString message = m_lastException.message;
    if (message.contains(u'\n') || message.contains(u'\r')) {
        static const QRegularExpression lineBreaks(u"(?:[ \\t]*(?:\\r\\n|\\r|\\n)[ \\t]*)+"_s);
        message.replace(lineBreaks, u" "_s);
        message = message.trimmed();
    }
    const QString text = message.isEmpty() ? m_lastException.type : m_lastException.type + u": "_s + message;
    if (exc->traceback.empty())
        return Error(text);
    const Location &where = exc->traceback.front();
    return Error(where.file, where.line, where.column, text);
}

Result<Namespace> Interpreter::runModule(const ProgramPtr &program, const QString &moduleName)
{
    return guarded([&]() -> Namespace {
        Ref<ModuleObject> module = newModule(moduleName, program);
        execModuleBody(module.get(), program);
        return Namespace(module);
    });
}

Ref<ModuleObject> Interpreter::newModule(const QString &name, const ProgramPtr &program,
                                         const std::optional<QString> &package)
{
    Ref<ModuleObject> module = make<ModuleObject>(&m_heap, name);
    OrderedMap &globals = module->dict->map;
    auto put = [&](const QString &key, Value v) { globals.insert(Value::str(key), hashText(key), std::move(v)); };
    put(u"__name__"_s, Value::str(name));
    put(u"__file__"_s, Value::str(program->fileName()));
    if (package)
        put(u"__package__"_s, Value::str(*package));
    const Value *doc = program->docstring();
    put(u"__doc__"_s, doc ? *doc : Value::none());
    return module;
}

void Interpreter::execModuleBody(ModuleObject *module, const ProgramPtr &program)
{
    Frame frame;
    frame.globals = module->dict.get();
    frame.module = module;
    frame.program = &program;
    frame.at = program->module();
    frame.name = u"<module>"_s;
    FrameScope scope(m_frame, frame);
    execBody(program->module()->body);
}

Result<Value> Interpreter::callFunction(const Namespace &ns, const QString &name, const std::vector<Value> &args)
{
    const Value f = ns.value(name);
    if (!f.isValid()) {
        QString file;
        if (ns.module()) {
            const Value v = ns.value(u"__file__"_s);
            if (v.isStr())
                file = v.text();
        }
        return fail(Error(file, 0, 0, u"the module defines no "_s + name + u"()"_s));
    }
    return call(f, args);
}

Result<Value> Interpreter::call(const Value &callable, const std::vector<Value> &args,
                                const std::vector<KeywordArgument> &keywords)
{
    return guarded([&]() -> Value { return call(callable, Args{args, keywords}); });
}

Result<QString> Interpreter::toStr(const Value &value)
{
    return guarded([&]() -> QString { return str(value); });
}

Result<QString> Interpreter::toRepr(const Value &value)
{
    return guarded([&]() -> QString { return repr(value); });
}

// ---------------------------------------------------------------- errors

Location Interpreter::currentLocation() const
{
    Location loc;
    if (!m_frame)
        return loc;
    if (m_frame->program)
        loc.file = (*m_frame->program)->fileName();
    if (const Node *n = m_frame->at) {
        loc.line = n->line;
        loc.column = n->column;
        loc.begin = n->begin;
        loc.end = n->end;
    }
    loc.function = m_frame->name;
    return loc;
}

namespace {

// The frames from the innermost out: where each was when this happened.
std::vector<Location> tracebackOf(const Interpreter::Frame *frame)
{
    std::vector<Location> out;
    for (const Interpreter::Frame *f = frame; f; f = f->back) {
        Location loc;
        if (f->program)
            loc.file = (*f->program)->fileName();
        if (f->at) {
            loc.line = f->at->line;
            loc.column = f->at->column;
            loc.begin = f->at->begin;
            loc.end = f->at->end;
        }
        loc.function = f->name;
        // Frames without a place (a host call from outside any script) add nothing.
        if (loc.line > 0)
            out.push_back(std::move(loc));
    }
    return out;
}

} // namespace

void Interpreter::raise(ExceptionType type, const QString &message)
{
    raise(m_internal->exceptions[size_t(type)], message);
}

void Interpreter::raise(const Value &classOrInstance, const QString &message)
{
    Value exception = classOrInstance;
    if (classOrInstance.is(Kind::Class)) {
        std::vector<Value> args;
        if (!message.isNull())
            args.push_back(Value::str(message));
        exception = call(classOrInstance, Args{args, {}});
    }
    if (!exception.is(Kind::Instance) || !exception.as<InstanceObject>()->cls->isException)
        raise(ExceptionType::TypeError, u"exceptions must derive from BaseException"_s);
    auto *exc = exception.as<ExceptionObject>();
    if (exc->traceback.empty())
        exc->traceback = tracebackOf(m_frame);
    if (m_frame && m_frame->handling.isValid() && !exc->context.isValid()
        && !m_frame->handling.isSameAs(exception))
        exc->context = m_frame->handling;
    throw PyException{std::move(exception)};
}

void Interpreter::refuse(const QString &message)
{
    const Location where = currentLocation();
    m_lastException = {};
    m_lastException.message = message;
    const std::vector<Location> traceback = tracebackOf(m_frame);
    for (auto it = traceback.rbegin(); it != traceback.rend(); ++it)
        m_lastException.traceback << *it;
    if (where.file.isEmpty() && where.line == 0)
        throw Abort{Error(message)};
    throw Abort{Error(where.file, where.line, where.column, message)};
}

void Interpreter::refuseOpaque(const Value &v)
{
    auto *o = v.as<OpaqueObject>();
    switch (o->reason) {
    case OpaqueObject::Reason::CannotImport: {
        QString where;
        if (o->importLine > 0) {
            const QString file = m_frame && m_frame->program ? (*m_frame->program)->fileName() : QString();
            if (o->file == file || o->file.isEmpty())
                where = u" (imported at line "_s + QString::number(o->importLine) + u')';
            else
                where = u" (imported at "_s + o->file + u':' + QString::number(o->importLine) + u')';
        }
        if (!o->why.isEmpty())
            refuse(u"this needs '"_s + o->chain + u"'"_s + where + u", which petmigrate could not import: "_s + o->why);
        refuse(u"this needs '"_s + o->chain + u"'"_s + where + u", which petmigrate cannot import"_s);
    }
    case OpaqueObject::Reason::NotImplemented:
        refuse(u"this needs '"_s + o->chain + u"', which petmigrate does not implement"_s);
    case OpaqueObject::Reason::Sandboxed:
        refuse(u"'"_s + o->chain + u"' is not available: petmigrate runs scripts without file, process or network access"_s);
    case OpaqueObject::Reason::Environment:
        refuse(u"this needs "_s + o->chain
               + u", which petmigrate does not read: a migration must not depend on the machine it runs on"_s);
    }
    refuse(u"this needs an opaque value"_s);
}

Value Interpreter::makeOpaque(const QString &chain, int importLine)
{
    const QString file = m_frame && m_frame->program ? (*m_frame->program)->fileName() : QString();
    return Value(new OpaqueObject(chain, OpaqueObject::Reason::CannotImport, file, importLine));
}

void Interpreter::chargeSteps(qint64 n)
{
    m_steps += n;
    if (m_steps > m_options.limits.steps)
        refuse(u"the script ran for more than "_s + QString::number(m_options.limits.steps)
               + u" steps; does a loop not end?"_s);
}

void Interpreter::checkSize(qsizetype n, bool isString)
{
    const qsizetype cap = isString ? m_options.limits.stringLength : m_options.limits.containerSize;
    if (n > cap)
        refuse((isString ? u"the script built a string of more than "_s : u"the script built a container of more than "_s)
               + QString::number(cap) + (isString ? u" characters"_s : u" items"_s));
}

Value Interpreter::makeStr(QString s)
{
    checkSize(s.size(), true);
    return Value::str(std::move(s));
}

void Interpreter::checkStack()
{
    const char *here = static_cast<const char *>(__builtin_frame_address(0));
    if (m_stackBase && m_stackBase - here > m_options.limits.stackBytes)
        refuse(u"maximum recursion depth exceeded"_s);
}

void Interpreter::log(LogLevel level, const QString &logger, const QString &message)
{
    if (m_options.log)
        m_options.log(level, logger, message);
}

// ---------------------------------------------------------------- statements

Interpreter::Flow Interpreter::execBody(const NodeList<Stmt> &body)
{
    for (const Node *s : body) {
        const Flow f = exec(s);
        if (f != Flow::Normal)
            return f;
    }
    return Flow::Normal;
}

Interpreter::Flow Interpreter::exec(const Node *s)
{
    if (++m_steps > m_options.limits.steps) {
        m_frame->at = s;
        chargeSteps(0);
    }
    m_frame->at = s;
    switch (s->kind) {
    case NodeKind::Expr: {
        const Node *e = static_cast<const ExprStmtNode *>(s)->value;
        const Value v = eval(e);
        // `helper.do_something(...)` of a module petmigrate cannot import: a
        // call made for what it does, which is unknown; skipping it would
        // drop its operations silently.
        if (v.is(Kind::Opaque) && e->kind == NodeKind::Call
            && v.as<OpaqueObject>()->reason == OpaqueObject::Reason::CannotImport) {
            m_frame->at = e;
            refuseOpaque(v);
        }
        return Flow::Normal;
    }
    case NodeKind::Assign: {
        auto *n = static_cast<const AssignNode *>(s);
        const Value v = eval(n->value);
        for (const Node *t : n->targets)
            assign(t, v);
        return Flow::Normal;
    }
    case NodeKind::AugAssign: {
        auto *n = static_cast<const AugAssignNode *>(s);
        const Node *t = n->target;
        if (t->kind == NodeKind::Name) {
            const Value old = evalName(static_cast<const NameNode *>(t));
            const Value v = eval(n->value);
            m_frame->at = s;
            assignName(static_cast<const NameNode *>(t), binaryOp(*this, n->op, old, v, true));
        } else if (t->kind == NodeKind::Attribute) {
            auto *a = static_cast<const AttributeNode *>(t);
            const Value object = eval(a->value);
            m_frame->at = t;
            const Value old = getAttribute(object, a->attr->text());
            const Value v = eval(n->value);
            m_frame->at = s;
            const Value result = binaryOp(*this, n->op, old, v, true);
            setAttribute(object, a->attr->text(), result);
        } else {
            auto *a = static_cast<const SubscriptNode *>(t);
            const Value object = eval(a->value);
            const Value key = a->index->kind == NodeKind::Slice ? evalSlice(static_cast<const SliceNode *>(a->index))
                                                                 : eval(a->index);
            m_frame->at = t;
            const Value old = getItem(object, key);
            const Value v = eval(n->value);
            m_frame->at = s;
            const Value result = binaryOp(*this, n->op, old, v, true);
            python::setItem(*this, object, key, result);
        }
        return Flow::Normal;
    }
    case NodeKind::AnnAssign: {
        auto *n = static_cast<const AnnAssignNode *>(s);
        if (n->value)
            assign(n->target, eval(n->value));
        return Flow::Normal;
    }
    case NodeKind::If: {
        auto *n = static_cast<const IfNode *>(s);
        const Value test = eval(n->test);
        m_frame->at = n->test;
        return truth(test) ? execBody(n->body) : execBody(n->orelse);
    }
    case NodeKind::For:
        if (static_cast<const ForNode *>(s)->isAsync) {
            m_frame->at = s;
            refuse(u"async for is not supported by petmigrate's Python: nothing here runs a coroutine"_s);
        }
        return execFor(static_cast<const ForNode *>(s));
    case NodeKind::While:
        return execWhile(static_cast<const WhileNode *>(s));
    case NodeKind::Break:
        return Flow::Break;
    case NodeKind::Continue:
        return Flow::Continue;
    case NodeKind::Pass:
    case NodeKind::Global:
    case NodeKind::Nonlocal:
        return Flow::Normal;
    case NodeKind::FunctionDef:
        execFunctionDef(static_cast<const FunctionNode *>(s));
        return Flow::Normal;
    case NodeKind::ClassDef:
        execClassDef(static_cast<const ClassNode *>(s));
        return Flow::Normal;
    case NodeKind::Return: {
        auto *n = static_cast<const ReturnNode *>(s);
        m_returnValue = n->value ? eval(n->value) : Value::none();
        return Flow::Return;
    }
    case NodeKind::With:
        if (static_cast<const WithNode *>(s)->isAsync) {
            m_frame->at = s;
            refuse(u"async with is not supported by petmigrate's Python: nothing here runs a coroutine"_s);
        }
        return execWith(static_cast<const WithNode *>(s));
    case NodeKind::Try:
        return execTry(static_cast<const TryNode *>(s));
    case NodeKind::Raise:
        execRaise(static_cast<const RaiseNode *>(s));
    case NodeKind::Assert: {
        auto *n = static_cast<const AssertNode *>(s);
        const Value test = eval(n->test);
        m_frame->at = n->test;
        if (!truth(test)) {
            if (n->message) {
                const Value message = eval(n->message);
                m_frame->at = n->test;
                std::vector<Value> args{message};
                raise(call(exceptionClass(ExceptionType::AssertionError), Args{args, {}}));
            }
            raise(exceptionClass(ExceptionType::AssertionError));
        }
        return Flow::Normal;
    }
    case NodeKind::Import:
        execImport(static_cast<const ImportNode *>(s));
        return Flow::Normal;
    case NodeKind::ImportFrom:
        execImportFrom(static_cast<const ImportNode *>(s));
        return Flow::Normal;
    case NodeKind::Delete:
        for (const Node *t : static_cast<const DeleteNode *>(s)->targets)
            execDelete(t);
        return Flow::Normal;
    default:
        refuse(u"this statement is not supported"_s);
    }
}

Interpreter::Flow Interpreter::execFor(const ForNode *n)
{
    const Value iterable = eval(n->iter);
    // CPython locates errors of the iteration itself at the for statement;
    // an opaque value is shown where it is written.
    m_frame->at = iterable.is(Kind::Opaque) ? n->iter : n;
    const Value it = iterate(iterable);
    auto *iterator = it.as<IteratorObject>();
    Value item;
    while (true) {
        m_frame->at = n;
        if (!iterator->next(*this, item))
            break;
        assign(n->target, item);
        const Flow f = execBody(n->body);
        if (f == Flow::Break)
            return Flow::Normal;
        if (f == Flow::Return)
            return f;
    }
    return execBody(n->orelse);
}

Interpreter::Flow Interpreter::execWhile(const WhileNode *n)
{
    while (true) {
        const Value test = eval(n->test);
        m_frame->at = n->test;
        if (!truth(test))
            break;
        const Flow f = execBody(n->body);
        if (f == Flow::Break)
            return Flow::Normal;
        if (f == Flow::Return)
            return f;
    }
    return execBody(n->orelse);
}

Interpreter::Flow Interpreter::execTry(const TryNode *n)
{
    Flow flow = Flow::Normal;
    std::optional<PyException> inFlight;
    try {
        bool raised = false;
        try {
            flow = execBody(n->body);
        } catch (PyException &e) {
            raised = true;
            const ExceptHandler *handler = nullptr;
            for (const ExceptHandler &h : *n->handlers) {
                if (!h.type) {
                    handler = &h;
                    break;
                }
                const Value type = eval(h.type);
                m_frame->at = h.type;
                requireConcrete(type);
                auto isExceptionClass = [](const Value &c) {
                    return c.is(Kind::Class) && c.as<ClassObject>()->isException;
                };
                bool ok = isExceptionClass(type);
                if (type.is(Kind::Tuple)) {
                    ok = true;
                    for (const Value &c : type.as<TupleObject>()->items) {
                        requireConcrete(c);
                        ok = ok && isExceptionClass(c);
                    }
                }
                if (!ok)
                    raise(ExceptionType::TypeError,
                          u"catching classes that do not inherit from BaseException is not allowed"_s);
                if (isInstance(e.exception, type)) {
                    handler = &h;
                    break;
                }
            }
            if (!handler)
                throw;
            struct HandlingScope
            {
                Frame *frame;
                Value saved;
                HandlingScope(Frame *f, const Value &exc) : frame(f), saved(f->handling) { frame->handling = exc; }
                ~HandlingScope() { frame->handling = saved; }
            } handling(m_frame, e.exception);
            const Value exception = e.exception;
            if (handler->name)
                assignName(handler->name, exception);
            flow = execBody(handler->body);
            // Python unbinds the name at the end of the handler.
            if (handler->name && handler->name->scope == Scope::Local)
                m_frame->env->values[handler->name->slot] = Value();
        }
        if (!raised && flow == Flow::Normal)
            flow = execBody(n->orelse);
    } catch (PyException &e) {
        if (n->finalbody.isEmpty())
            throw;
        inFlight = std::move(e);
    }
    if (!n->finalbody.isEmpty()) {
        const Value savedReturn = m_returnValue;
        // An exception raised in finally has the one in flight as its __context__.
        struct HandlingScope
        {
            Frame *frame;
            Value saved;
            bool active;
            HandlingScope(Frame *f, const std::optional<PyException> &e) : frame(f), saved(f->handling), active(e.has_value())
            {
                if (active)
                    frame->handling = e->exception;
            }
            ~HandlingScope()
            {
                if (active)
                    frame->handling = saved;
            }
        } handling(m_frame, inFlight);
        const Flow f = execBody(n->finalbody);
        if (f != Flow::Normal)
            return f; // break, continue or return in finally drops what was in flight
        m_returnValue = savedReturn;
        if (inFlight)
            throw std::move(*inFlight);
    }
    return flow;
}

Interpreter::Flow Interpreter::execWith(const WithNode *n)
{
    // One context manager per level, as nested with statements.
    std::function<Flow(size_t)> level = [&](size_t index) -> Flow {
        const WithItem &item = (*n->items)[index];
        const Value manager = eval(item.context);
        m_frame->at = item.context;
        requireConcrete(manager);
        const Value enterName = m_internal->sEnter;
        const Value exitName = m_internal->sExit;
        Value exitMethod;
        Value entered;
        if (manager.is(Kind::Host)) {
            entered = callMethod(manager, u"__enter__"_s, Args{});
        } else {
            const Value enter = findAttribute(manager, enterName);
            exitMethod = findAttribute(manager, exitName);
            if (!enter.isValid() || !exitMethod.isValid())
                raise(ExceptionType::TypeError,
                      u"'"_s + typeName(manager) + u"' object does not support the context manager protocol"_s);
            entered = call(enter, Args{});
        }
        auto exit = [&](std::vector<Value> args) {
            if (manager.is(Kind::Host))
                return callMethod(manager, u"__exit__"_s, Args{args, {}});
            return call(exitMethod, Args{args, {}});
        };
        if (item.target)
            assign(item.target, entered);
        Flow flow;
        try {
            flow = index + 1 < n->items->size() ? level(index + 1) : execBody(n->body);
        } catch (PyException &e) {
            m_frame->at = item.context;
            const Value type = typeOf(e.exception);
            const Value suppress = exit({type, e.exception, Value::none()});
            if (truth(suppress))
                return Flow::Normal;
            throw;
        }
        m_frame->at = item.context;
        exit({Value::none(), Value::none(), Value::none()});
        return flow;
    };
    return level(0);
}

void Interpreter::execRaise(const RaiseNode *n)
{
    if (!n->exception) {
        for (Frame *f = m_frame; f; f = f->back) {
            if (f->handling.isValid())
                throw PyException{f->handling};
            if (f->function)
                break;
        }
        raise(ExceptionType::RuntimeError, u"No active exception to reraise"_s);
    }
    Value exception = eval(n->exception);
    Value cause;
    if (n->cause)
        cause = eval(n->cause);
    m_frame->at = n;
    requireConcrete(exception);
    if (exception.is(Kind::Class)) {
        if (!exception.as<ClassObject>()->isException)
            raise(ExceptionType::TypeError, u"exceptions must derive from BaseException"_s);
        exception = call(exception, Args{});
    }
    if (!exception.is(Kind::Instance) || !exception.as<InstanceObject>()->cls->isException)
        raise(ExceptionType::TypeError, u"exceptions must derive from BaseException"_s);
    auto *exc = exception.as<ExceptionObject>();
    if (n->cause) {
        requireConcrete(cause);
        if (cause.is(Kind::Class) && cause.as<ClassObject>()->isException)
            cause = call(cause, Args{});
        if (!cause.isNone() && !(cause.is(Kind::Instance) && cause.as<InstanceObject>()->cls->isException))
            raise(ExceptionType::TypeError, u"exception causes must derive from BaseException"_s);
        exc->cause = cause;
        exc->suppressContext = true;
    }
    // A raise statement locates the exception at itself, even when re-raised.
    exc->traceback = tracebackOf(m_frame);
    raise(exception);
}

void Interpreter::execDelete(const Node *t)
{
    m_frame->at = t;
    switch (t->kind) {
    case NodeKind::Name: {
        auto *n = static_cast<const NameNode *>(t);
        auto unbound = [&] {
            raise(ExceptionType::NameError, u"name '"_s + n->id->text() + u"' is not defined"_s);
        };
        switch (n->scope) {
        case Scope::Local: {
            Value &slot = m_frame->env->values[n->slot];
            if (!slot.isValid())
                raise(ExceptionType::UnboundLocalError, u"cannot access local variable '"_s + n->id->text()
                                                            + u"' where it is not associated with a value"_s);
            slot = Value();
            break;
        }
        case Scope::Free: {
            Env *env = m_frame->env;
            for (int i = 0; i < n->depth; ++i)
                env = env->parent.get();
            if (!env->values[n->slot].isValid())
                unbound();
            env->values[n->slot] = Value();
            break;
        }
        case Scope::Global:
            if (!m_frame->globals->map.remove(*n->id, n->id->as<StrObject>()->hash))
                unbound();
            break;
        case Scope::ClassBody:
            if (!m_frame->classNamespace->map.remove(*n->id, n->id->as<StrObject>()->hash))
                unbound();
            break;
        }
        return;
    }
    case NodeKind::Attribute: {
        auto *a = static_cast<const AttributeNode *>(t);
        const Value object = eval(a->value);
        m_frame->at = t;
        delAttribute(*this, object, a->attr->text());
        return;
    }
    case NodeKind::Subscript: {
        auto *a = static_cast<const SubscriptNode *>(t);
        const Value object = eval(a->value);
        const Value key = a->index->kind == NodeKind::Slice ? evalSlice(static_cast<const SliceNode *>(a->index))
                                                             : eval(a->index);
        m_frame->at = t;
        delItem(*this, object, key);
        return;
    }
    case NodeKind::Tuple:
    case NodeKind::List:
        for (const Node *e : static_cast<const SequenceNode *>(t)->elements)
            execDelete(e);
        return;
    default:
        refuse(u"cannot delete this"_s);
    }
}

// ---------------------------------------------------------------- functions and classes

Value Interpreter::makeFunction(const FunctionNode *n)
{
    Ref<FunctionObject> f = make<FunctionObject>(&m_heap);
    f->node = n;
    f->program = *m_frame->program;
    f->globals = Ref<DictObject>(m_frame->globals);
    f->module = Ref<ModuleObject>(m_frame->module);
    f->closure = Ref<Env>(m_frame->env);
    f->name = n->name->text();
    // Python's __qualname__: A.f in a class body, f.<locals>.g in a function.
    if (m_frame->classNamespace)
        f->qualname = m_frame->qualPrefix + f->name;
    else if (m_frame->function)
        f->qualname = m_frame->function->qualname + u".<locals>."_s + f->name;
    else
        f->qualname = f->name;
    std::vector<Signature::Parameter> params;
    params.reserve(n->parameters->size());
    for (const Parameter &p : *n->parameters) {
        Signature::Parameter sp;
        sp.name = *p.name;
        sp.kind = p.kind;
        if (p.defaultValue)
            sp.defaultValue = eval(p.defaultValue);
        params.push_back(std::move(sp));
    }
    f->signature = std::make_unique<Signature>(f->qualname, std::move(params));
    return Value(f);
}

void Interpreter::execFunctionDef(const FunctionNode *n)
{
    std::vector<Value> decorators;
    for (const Node *d : n->decorators)
        decorators.push_back(eval(d));
    m_frame->at = n;
    Value f = makeFunction(n);
    for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) {
        std::vector<Value> args{f};
        f = call(*it, Args{args, {}});
    }
    assignName(n->target, f);
}

namespace {

// C3 linearization, as Python computes __mro__.
bool computeMro(ClassObject *cls, QString &error)
{
    std::vector<std::vector<ClassObject *>> seqs;
    for (const Ref<ClassObject> &b : cls->bases)
        seqs.push_back(b->mro);
    std::vector<ClassObject *> direct;
    for (const Ref<ClassObject> &b : cls->bases)
        direct.push_back(b.get());
    seqs.push_back(direct);
    std::vector<ClassObject *> result{cls};
    while (true) {
        bool empty = true;
        for (const auto &s : seqs)
            if (!s.empty())
                empty = false;
        if (empty)
            break;
        ClassObject *candidate = nullptr;
        for (const auto &s : seqs) {
            if (s.empty())
                continue;
            ClassObject *head = s.front();
            bool inTail = false;
            for (const auto &t : seqs)
                if (std::find(t.begin() + (t.empty() ? 0 : 1), t.end(), head) != t.end() && !t.empty())
                    inTail = true;
            if (!inTail) {
                candidate = head;
                break;
            }
        }
        if (!candidate) {
            QStringList names;
            for (const Ref<ClassObject> &b : cls->bases)
                names << b->name;
            error = u"Cannot create a consistent method resolution order (MRO) for bases "_s + names.join(u", "_s);
            return false;
        }
        result.push_back(candidate);
        for (auto &s : seqs)
            if (!s.empty() && s.front() == candidate)
                s.erase(s.begin());
    }
    cls->mro = std::move(result);
    return true;
}

} // namespace

void Interpreter::execClassDef(const ClassNode *n)
{
    std::vector<Value> decorators;
    for (const Node *d : n->decorators)
        decorators.push_back(eval(d));
    std::vector<Value> bases;
    for (const Node *b : n->bases) {
        if (b->kind == NodeKind::Starred) {
            for (const Value &v : toVector(eval(static_cast<const StarredNode *>(b)->value)))
                bases.push_back(v);
        } else {
            bases.push_back(eval(b));
        }
    }
    // A host value that stands for a class (SQLAlchemy's TypeDecorator)
    // names the Python class to derive from.
    for (Value &b : bases) {
        if (b.is(Kind::Host)) {
            if (Value base = b.as<HostObject>()->classBase(*this); base.isValid())
                b = base;
        }
    }
    std::vector<KeywordArgument> keywords;
    for (const Keyword &k : *n->keywords) {
        if (!k.name)
            refuse(u"** in a class statement is not supported"_s);
        keywords.push_back({*k.name, eval(k.value)});
    }
    m_frame->at = n;
    const QString name = n->name->text();
    auto bindName = [&](Value v) {
        for (auto it = decorators.rbegin(); it != decorators.rend(); ++it) {
            std::vector<Value> args{v};
            v = call(*it, Args{args, {}});
        }
        assignName(n->target, v);
    };
    // A class built on a value petmigrate cannot import is as opaque as its base.
    for (const Value &b : bases) {
        if (b.is(Kind::Opaque)) {
            bindName(b);
            return;
        }
    }

    // The body runs in its own namespace.
    Ref<DictObject> ns = makeDict();
    const Value moduleName = [&] {
        const Value key = m_internal->sName;
        const Value *v = m_frame->globals->map.value(key, key.as<StrObject>()->hash);
        return v ? *v : Value::str(u"__main__"_s);
    }();
    ns->map.insert(m_internal->sModule, m_internal->sModule.as<StrObject>()->hash, moduleName);
    QString qualname = name;
    if (m_frame->classNamespace)
        qualname = m_frame->qualPrefix + name;
    else if (m_frame->function)
        qualname = m_frame->function->qualname + u".<locals>."_s + name;
    ns->map.insert(m_internal->sQualname, m_internal->sQualname.as<StrObject>()->hash, Value::str(qualname));
    // A docstring is the namespace's __doc__, set before the body runs.
    if (!n->body.isEmpty() && n->body[0]->kind == NodeKind::Expr) {
        const Node *first = static_cast<const ExprStmtNode *>(n->body[0])->value;
        if (first->kind == NodeKind::Constant && static_cast<const ConstantNode *>(first)->value->isStr())
            ns->map.insert(m_internal->sDoc, m_internal->sDoc.as<StrObject>()->hash,
                           *static_cast<const ConstantNode *>(first)->value);
    }
    {
        Frame frame;
        frame.function = m_frame->function;
        frame.env = m_frame->env;
        frame.globals = m_frame->globals;
        frame.module = m_frame->module;
        frame.classNamespace = ns.get();
        frame.program = m_frame->program;
        frame.at = n;
        frame.name = name;
        frame.qualPrefix = qualname + u'.';
        FrameScope scope(m_frame, frame);
        DepthScope depth(m_depth);
        if (m_depth > m_options.limits.recursionDepth)
            refuse(u"maximum recursion depth exceeded"_s);
        checkStack();
        execBody(n->body);
    }
    m_frame->at = n;

    // A host class as a base: the host builds the class (SQLModel, declarative models).
    for (const Value &b : bases) {
        if (b.is(Kind::Class) && b.as<ClassObject>()->hostSubclass) {
            bindName(b.as<ClassObject>()->hostSubclass(*this, name, bases, ns, Args{{}, keywords}));
            return;
        }
    }
    for (const KeywordArgument &k : keywords)
        refuse(u"class keyword '"_s + k.name.text() + u"' is not supported by petmigrate's Python"_s);

    Ref<ClassObject> cls = make<ClassObject>(&m_heap);
    cls->name = name;
    cls->qualname = qualname;
    cls->module = moduleName.isStr() ? moduleName.text() : QString();
    cls->dict = ns;
    if (bases.empty())
        bases.push_back(m_internal->objectClass);
    for (const Value &b : bases) {
        if (!b.is(Kind::Class))
            raise(ExceptionType::TypeError, u"bases must be types"_s);
        auto *base = b.as<ClassObject>();
        const bool allowed = base->instanceKind == Kind::Instance || base->isException
            || b.isSameAs(m_internal->objectClass) || base->isEnum
            || ((base->instanceKind == Kind::Str || base->instanceKind == Kind::Int) && bases.size() > 1);
        if (!allowed)
            refuse(u"subclassing the built-in type '"_s + base->name + u"' is not supported by petmigrate's Python"_s);
        cls->bases.emplace_back(base);
        cls->isException = cls->isException || base->isException;
        cls->isEnum = cls->isEnum || base->isEnum;
    }
    // Mixins like `class Color(str, Enum)` keep the Enum behaviour only.
    if (cls->isEnum) {
        std::erase_if(cls->bases, [](const Ref<ClassObject> &b) {
            return b->instanceKind == Kind::Str || b->instanceKind == Kind::Int;
        });
    }
    QString mroError;
    if (!computeMro(cls.get(), mroError))
        raise(ExceptionType::TypeError, mroError);
    if (cls->isException)
        cls->instanceKind = Kind::Instance;
    if (ns->map.find(m_internal->sNew, m_internal->sNew.as<StrObject>()->hash) >= 0)
        refuse(u"__new__ is not supported by petmigrate's Python"_s);
    for (qsizetype i = ns->map.next(-1); i >= 0; i = ns->map.next(i)) {
        Value &v = ns->map.entry(i).value;
        Value fn = v;
        if (v.is(Kind::StaticMethod) || v.is(Kind::ClassMethod))
            fn = v.as<WrapperObject>()->function;
        else if (v.is(Kind::Property))
            fn = v.as<PropertyObject>()->getter;
        if (fn.is(Kind::Function))
            fn.as<FunctionObject>()->definingClass = cls;
    }
    Value result(cls);
    if (cls->isEnum) {
        // The members: every plain attribute that is not a dunder, a function or a descriptor.
        for (qsizetype i = ns->map.next(-1); i >= 0; i = ns->map.next(i)) {
            OrderedMap::Entry &e = ns->map.entry(i);
            const QString key = e.key.text();
            if (key.startsWith(u"__") || key.startsWith(u'_'))
                continue;
            const Kind k = e.value.kind();
            if (k == Kind::Function || k == Kind::StaticMethod || k == Kind::ClassMethod || k == Kind::Property
                || k == Kind::Native)
                continue;
            Ref<InstanceObject> member = make<InstanceObject>(&m_heap, cls);
            member->dict = makeDict();
            member->dict->map.insert(Value::str(u"name"_s), hashText(u"name"), Value::str(key));
            member->dict->map.insert(Value::str(u"_name_"_s), hashText(u"_name_"), Value::str(key));
            member->dict->map.insert(m_internal->sValue, m_internal->sValue.as<StrObject>()->hash, e.value);
            member->dict->map.insert(Value::str(u"_value_"_s), hashText(u"_value_"), e.value);
            // An alias (a second name for a value) is the first member.
            Value existing;
            for (const Value &m : cls->enumMembers) {
                const Value *mv = m.as<InstanceObject>()->dict->map.value(m_internal->sValue,
                                                                        m_internal->sValue.as<StrObject>()->hash);
                if (mv && equals(*mv, e.value)) {
                    existing = m;
                    break;
                }
            }
            if (existing.isValid()) {
                e.value = existing;
                continue;
            }
            e.value = Value(member);
            cls->enumMembers.push_back(e.value);
        }
    }
    bindName(result);
}

Value Interpreter::Internal::callPython(Interpreter &in, FunctionObject *f, const Value &self, const Args &args)
{
    const FunctionNode *node = f->node;
    if (!node)
        in.refuse(u"this function is no longer available (its interpreter was reset)"_s);
    if (node->bodySkipped) {
        // Called by the host: the refusal points at the def.
        Frame def;
        def.program = &f->program;
        def.at = node;
        def.name = f->qualname;
        std::optional<FrameScope> scope;
        if (!in.m_frame)
            scope.emplace(in.m_frame, def);
        in.refuse(u"the body of "_s + f->qualname
                  + u"() was not read: the script was read for its module level only"_s);
    }
    if (node->isGenerator)
        in.refuse(f->qualname + u"() is a generator function (it uses yield), which petmigrate's Python does not run"_s);
    // Python would hand back a coroutine for an event loop to run; there is
    // no event loop here, so the call is where the script stops.
    if (node->isAsync)
        in.refuse(f->qualname + u"() is a coroutine function (async def), which petmigrate's Python does not run"_s);
    if (in.m_depth >= in.m_options.limits.recursionDepth)
        in.refuse(u"maximum recursion depth exceeded ("_s + QString::number(in.m_options.limits.recursionDepth)
                  + u" nested calls)"_s);
    in.checkStack();
    Ref<Env> env(new Env(&in.m_heap, node->scope.slotCount, f->closure));
    f->signature->bind(in, self, args, env->values.data());
    Frame frame;
    frame.function = f;
    frame.env = env.get();
    frame.globals = f->globals.get();
    frame.program = &f->program;
    frame.at = node;
    frame.name = f->qualname;
    frame.module = f->module.get();
    FrameScope scope(in.m_frame, frame);
    DepthScope depth(in.m_depth);
    const Flow flow = in.execBody(node->body);
    if (flow == Flow::Return)
        return std::exchange(in.m_returnValue, Value());
    return Value::none();
}

Value Interpreter::Internal::evalIn(Interpreter &interp, Interpreter::Frame &frame, const Node *e)
{
    FrameScope scope(interp.m_frame, frame);
    return interp.eval(e);
}

void Interpreter::Internal::assignIn(Interpreter &interp, Interpreter::Frame &frame, const Node *target,
                                     const Value &v)
{
    FrameScope scope(interp.m_frame, frame);
    interp.assign(target, v);
}

// ---------------------------------------------------------------- imports

Value Interpreter::importModule(const QString &name, const Node *at, bool forFrom)
{
    Q_UNUSED(forFrom);
    Internal &in = *m_internal;
    if (const auto it = in.modules.constFind(name); it != in.modules.constEnd())
        return it.value();
    Value module;
    const qsizetype dot = name.lastIndexOf(u'.');
    Value parent;
    if (dot > 0) {
        parent = importModule(name.left(dot), at, forFrom);
        if (parent.is(Kind::Opaque)) {
            auto *o = parent.as<OpaqueObject>();
            const bool here = o->reason == OpaqueObject::Reason::CannotImport && at;
            return o->derived(name, here ? at->line : o->importLine);
        }
    }
    if (const auto it = m_hostModules.constFind(name); it != m_hostModules.constEnd()) {
        module = it.value();
    } else if (std::optional<Value> hooked = m_importHook ? m_importHook(*this, name) : std::nullopt) {
        module = *hooked;
    } else if (const auto std = in.standardModules.constFind(name); std != in.standardModules.constEnd()) {
        module = std.value()(*this);
    } else if (std::optional<ModuleSource> found = m_moduleFinder ? m_moduleFinder(name) : std::nullopt) {
        // Cached (and linked to its parent) by runSourceModule itself.
        return runSourceModule(name, *found, at);
    } else if (parent.is(Kind::Module)) {
        // A submodule the parent provides as an attribute (os.path).
        const Value v = findAttribute(parent, Value::str(name.mid(dot + 1)));
        if (v.is(Kind::Module) || v.is(Kind::Opaque))
            module = v;
    }
    if (!module.isValid()) {
        const QString file = m_frame && m_frame->program ? (*m_frame->program)->fileName() : QString();
        const auto reason = isSandboxedModule(name) ? OpaqueObject::Reason::Sandboxed
                            : parent.is(Kind::Module) && parent.as<ModuleObject>()->missing == ModuleObject::Missing::Opaque
                                ? OpaqueObject::Reason::NotImplemented
                                : OpaqueObject::Reason::CannotImport;
        // Not cached: each import statement's value names its own line.
        return Value(new OpaqueObject(name, reason, file, at ? at->line : 0));
    }
    in.modules.insert(name, module);
    if (parent.is(Kind::Module) && module.is(Kind::Module)) {
        auto *p = parent.as<ModuleObject>();
        const Value key = Value::str(name.mid(dot + 1));
        if (p->dict->map.find(key, hash(key)) < 0)
            p->dict->map.insert(key, hash(key), module);
    }
    return module;
}

Value Interpreter::runSourceModule(const QString &name, const ModuleSource &source, const Node *at)
{
    Internal &in = *m_internal;
    const QString importer = m_frame && m_frame->program ? (*m_frame->program)->fileName() : QString();
    auto cannotImport = [&](const Error &why) {
        auto *o = new OpaqueObject(name, OpaqueObject::Reason::CannotImport, importer, at ? at->line : 0);
        o->why = why.toString();
        return Value(o);
    };
    auto parsed = Parser::parse(source.source, source.fileName);
    if (!parsed)
        return cannotImport(parsed.error());
    in.sourcePrograms.push_back(*parsed);
    const ProgramPtr &program = in.sourcePrograms.back();
    Ref<ModuleObject> module = newModule(name, program, source.package ? name : name.section(u'.', 0, -2));
    // In sys.modules before its body runs: a cycle imports the partial module.
    in.modules.insert(name, Value(module));
    auto ran = guarded([&] { execModuleBody(module.get(), program); });
    if (!ran) {
        // As Python: a module whose body failed is not left in sys.modules.
        in.modules.remove(name);
        return cannotImport(ran.error());
    }
    const qsizetype dot = name.lastIndexOf(u'.');
    if (dot > 0) {
        const auto parent = in.modules.constFind(name.left(dot));
        if (parent != in.modules.constEnd() && parent->is(Kind::Module)) {
            auto *p = parent->as<ModuleObject>();
            const Value key = Value::str(name.mid(dot + 1));
            p->dict->map.insert(key, hash(key), Value(module));
        }
    }
    return Value(module);
}

void Interpreter::execImport(const ImportNode *n)
{
    for (const ImportName &in : *n->names) {
        const QString dotted = in.name->text();
        const bool aliased = in.asName->column != in.column || in.asName->line != in.line;
        const Value module = importModule(dotted, n, false);
        m_frame->at = n;
        if (aliased) {
            assignName(in.asName, module);
        } else {
            const QString top = dotted.section(u'.', 0, 0);
            // `import a.b.c` where a.b.c could not be imported (Python raises
            // ImportError): `a` is opaque, so that a.b.c.X names the failure.
            if (module.is(Kind::Opaque) && !module.as<OpaqueObject>()->why.isEmpty())
                assignName(in.asName, module.as<OpaqueObject>()->derived(top, n->line));
            else
                assignName(in.asName, importModule(top, n, false));
        }
    }
}

void Interpreter::execImportFrom(const ImportNode *n)
{
    QString moduleName = n->module->text();
    if (n->level > 0) {
        // Relative imports name the application's own package.
        moduleName = QString(n->level, u'.') + moduleName;
    }
    Value module;
    if (n->level > 0) {
        const QString file = (*m_frame->program)->fileName();
        module = Value(new OpaqueObject(moduleName, OpaqueObject::Reason::CannotImport, file, n->line));
    } else {
        module = importModule(moduleName, n, true);
    }
    m_frame->at = n;
    for (const ImportName &in : *n->names) {
        const QString name = in.name->text();
        if (name == u"*") {
            if (module.is(Kind::Opaque)) {
                if (m_frame->module)
                    m_frame->module->starImports.push_back(module);
                continue;
            }
            if (!module.is(Kind::Module))
                refuse(u"import * from this module is not supported"_s);
            const OrderedMap &src = module.as<ModuleObject>()->dict->map;
            for (qsizetype i = src.next(-1); i >= 0; i = src.next(i)) {
                const OrderedMap::Entry &e = src.entry(i);
                if (e.key.isStr() && !e.key.text().startsWith(u'_'))
                    m_frame->globals->map.insert(e.key, e.hash, e.value);
            }
            continue;
        }
        Value v;
        if (module.is(Kind::Opaque)) {
            auto *o = module.as<OpaqueObject>();
            v = o->derived(moduleName + u'.' + name, o->reason == OpaqueObject::Reason::CannotImport ? n->line : o->importLine);
        } else {
            v = findAttribute(module, *in.name);
            if (!v.isValid()) {
                const QString sub = moduleName + u'.' + name;
                const Value submodule = importModule(sub, n, true);
                // An opaque submodule counts when it is not "not found" (a
                // sandboxed one, or one found whose body failed: its why).
                if (submodule.is(Kind::Module) || (submodule.is(Kind::Opaque)
                                                   && (submodule.as<OpaqueObject>()->reason != OpaqueObject::Reason::CannotImport
                                                       || !submodule.as<OpaqueObject>()->why.isEmpty())))
                    v = submodule;
            }
            if (!v.isValid() && module.is(Kind::Module)) {
                // A module run from source that lacks the name: the stand-in
                // or the application differs from what the script expects;
                // the value stays opaque and says so where it is used.
                const Value *file = module.as<ModuleObject>()->dict->map.value(Value::str(u"__file__"_s), hashText(u"__file__"_s));
                if (file && file->isStr()) {
                    auto *o = new OpaqueObject(moduleName + u'.' + name, OpaqueObject::Reason::CannotImport,
                                               (*m_frame->program)->fileName(), n->line);
                    o->why = file->text() + u": the module defines no '"_s + name + u"'"_s;
                    v = Value(o);
                }
            }
            if (!v.isValid())
                raise(ExceptionType::ImportError, u"cannot import name '"_s + name + u"' from '"_s + moduleName
                                                      + u"' (unknown location)"_s);
        }
        assignName(in.asName, v);
    }
}

// ---------------------------------------------------------------- names

Value Interpreter::evalName(const NameNode *n)
{
    switch (n->scope) {
    case Scope::Local: {
        const Value &v = m_frame->env->values[n->slot];
        if (!v.isValid()) {
            m_frame->at = n;
            raise(ExceptionType::UnboundLocalError, u"cannot access local variable '"_s + n->id->text()
                                                        + u"' where it is not associated with a value"_s);
        }
        return v;
    }
    case Scope::Free: {
        Env *env = m_frame->env;
        for (int i = 0; i < n->depth; ++i)
            env = env->parent.get();
        const Value &v = env->values[n->slot];
        if (!v.isValid()) {
            m_frame->at = n;
            raise(ExceptionType::NameError, u"cannot access free variable '"_s + n->id->text()
                                                + u"' where it is not associated with a value in enclosing scope"_s);
        }
        return v;
    }
    case Scope::ClassBody: {
        const size_t h = n->id->as<StrObject>()->hash;
        if (const Value *v = m_frame->classNamespace->map.value(*n->id, h))
            return *v;
        if (n->fallback == Scope::Free) {
            Env *env = m_frame->env;
            for (int i = 0; i < n->depth; ++i)
                env = env->parent.get();
            if (env && env->values[n->slot].isValid())
                return env->values[n->slot];
        }
        break;
    }
    case Scope::Global:
        break;
    }
    const size_t h = n->id->as<StrObject>()->hash;
    if (const Value *v = m_frame->globals->map.value(*n->id, h))
        return *v;
    if (const Value *v = m_internal->builtins->map.value(*n->id, h))
        return *v;
    m_frame->at = n;
    if (m_frame->module && !m_frame->module->starImports.empty()) {
        auto *o = m_frame->module->starImports.front().as<OpaqueObject>();
        return o->derived(o->chain + u'.' + n->id->text());
    }
    raise(ExceptionType::NameError, u"name '"_s + n->id->text() + u"' is not defined"_s);
}

void Interpreter::assignName(const NameNode *n, const Value &value)
{
    switch (n->scope) {
    case Scope::Local:
        m_frame->env->values[n->slot] = value;
        return;
    case Scope::Free: {
        Env *env = m_frame->env;
        for (int i = 0; i < n->depth; ++i)
            env = env->parent.get();
        env->values[n->slot] = value;
        return;
    }
    case Scope::ClassBody:
        m_frame->classNamespace->map.insert(*n->id, n->id->as<StrObject>()->hash, value);
        return;
    case Scope::Global:
        m_frame->globals->map.insert(*n->id, n->id->as<StrObject>()->hash, value);
        return;
    }
}

void Interpreter::assign(const Node *target, const Value &value)
{
    switch (target->kind) {
    case NodeKind::Name:
        assignName(static_cast<const NameNode *>(target), value);
        return;
    case NodeKind::Attribute: {
        auto *a = static_cast<const AttributeNode *>(target);
        const Value object = eval(a->value);
        m_frame->at = target;
        setAttribute(object, a->attr->text(), value);
        return;
    }
    case NodeKind::Subscript: {
        auto *a = static_cast<const SubscriptNode *>(target);
        const Value object = eval(a->value);
        const Value key = a->index->kind == NodeKind::Slice ? evalSlice(static_cast<const SliceNode *>(a->index))
                                                             : eval(a->index);
        m_frame->at = target;
        python::setItem(*this, object, key, value);
        return;
    }
    case NodeKind::Tuple:
    case NodeKind::List:
        unpack(static_cast<const SequenceNode *>(target), value);
        return;
    default:
        m_frame->at = target;
        refuse(u"cannot assign to this"_s);
    }
}

void Interpreter::unpack(const SequenceNode *target, const Value &value)
{
    m_frame->at = target;
    requireConcrete(value);
    std::vector<Value> items;
    if (value.is(Kind::Tuple))
        items = value.as<TupleObject>()->items;
    else if (value.is(Kind::List))
        items = value.as<ListObject>()->items;
    else {
        const Value it = findAttribute(value, m_internal->sIter);
        const bool iterable = value.is(Kind::Str) || value.is(Kind::Bytes) || value.is(Kind::Dict)
            || value.is(Kind::Set) || value.is(Kind::FrozenSet) || value.is(Kind::Range) || value.is(Kind::Iterator)
            || value.is(Kind::DictView) || value.is(Kind::Host) || it.isValid();
        if (!iterable)
            raise(ExceptionType::TypeError, u"cannot unpack non-iterable "_s + typeName(value) + u" object"_s);
        items = toVector(value);
    }
    const int count = target->elements.size();
    int starred = -1;
    for (int i = 0; i < count; ++i)
        if (target->elements[i]->kind == NodeKind::Starred)
            starred = i;
    const qint64 n = qint64(items.size());
    if (starred < 0) {
        if (n > count)
            raise(ExceptionType::ValueError, u"too many values to unpack (expected "_s + QString::number(count) + u')');
        if (n < count)
            raise(ExceptionType::ValueError, u"not enough values to unpack (expected "_s + QString::number(count)
                                                 + u", got "_s + QString::number(n) + u')');
        for (int i = 0; i < count; ++i)
            assign(target->elements[i], items[size_t(i)]);
        return;
    }
    if (n < count - 1)
        raise(ExceptionType::ValueError, u"not enough values to unpack (expected at least "_s
                                             + QString::number(count - 1) + u", got "_s + QString::number(n) + u')');
    for (int i = 0; i < starred; ++i)
        assign(target->elements[i], items[size_t(i)]);
    const qint64 after = count - starred - 1;
    std::vector<Value> middle(items.begin() + starred, items.end() - after);
    assign(static_cast<const StarredNode *>(target->elements[starred])->value, makeList(std::move(middle)));
    for (qint64 i = 0; i < after; ++i)
        assign(target->elements[starred + 1 + int(i)], items[size_t(n - after + i)]);
}

// ---------------------------------------------------------------- expressions

Value Interpreter::eval(const Node *e)
{
    if (++m_steps > m_options.limits.steps) {
        m_frame->at = e;
        chargeSteps(0);
    }
    switch (e->kind) {
    case NodeKind::Name:
        return evalName(static_cast<const NameNode *>(e));
    case NodeKind::Constant:
        return *static_cast<const ConstantNode *>(e)->value;
    case NodeKind::BadConstant:
        m_frame->at = e;
        refuse(static_cast<const BadConstantNode *>(e)->message->text());
    case NodeKind::JoinedStr:
        return evalJoinedStr(static_cast<const JoinedStrNode *>(e));
    case NodeKind::Tuple:
    case NodeKind::List:
    case NodeKind::Set:
        return evalSequence(static_cast<const SequenceNode *>(e));
    case NodeKind::Dict:
        return evalDict(static_cast<const DictNode *>(e));
    case NodeKind::ListComp:
    case NodeKind::SetComp:
    case NodeKind::DictComp:
    case NodeKind::GeneratorExp:
        return evalComprehension(static_cast<const ComprehensionNode *>(e));
    case NodeKind::Attribute: {
        auto *a = static_cast<const AttributeNode *>(e);
        const Value object = eval(a->value);
        m_frame->at = e;
        const Value v = findAttribute(object, *a->attr);
        if (v.isValid())
            return v;
        return getAttribute(object, a->attr->text()); // raises Python's AttributeError
    }
    case NodeKind::Subscript:
        return evalSubscript(static_cast<const SubscriptNode *>(e));
    case NodeKind::Slice:
        return evalSlice(static_cast<const SliceNode *>(e));
    case NodeKind::Call:
        return evalCall(static_cast<const CallNode *>(e));
    case NodeKind::Starred:
        m_frame->at = e;
        raise(ExceptionType::SyntaxError, u"can't use starred expression here"_s);
    case NodeKind::UnaryOp: {
        auto *u = static_cast<const UnaryOpNode *>(e);
        const Value v = eval(u->operand);
        m_frame->at = e;
        if (u->op == UnaryOperator::Not)
            return Value::fromBool(!truth(v));
        return unaryOp(*this, u->op, v);
    }
    case NodeKind::BinOp: {
        auto *b = static_cast<const BinOpNode *>(e);
        const Value l = eval(b->left);
        const Value r = eval(b->right);
        m_frame->at = e;
        // The common cases first.
        if (l.isInt() && r.isInt()) {
            qint64 out;
            switch (b->op) {
            case BinaryOperator::Add:
                if (!__builtin_add_overflow(l.asInt(), r.asInt(), &out))
                    return Value::fromInt(out);
                break;
            case BinaryOperator::Sub:
                if (!__builtin_sub_overflow(l.asInt(), r.asInt(), &out))
                    return Value::fromInt(out);
                break;
            default:
                break;
            }
        }
        return binaryOp(*this, b->op, l, r);
    }
    case NodeKind::BoolOp:
        return evalBoolOp(static_cast<const BoolOpNode *>(e));
    case NodeKind::Compare:
        return evalCompare(static_cast<const CompareNode *>(e));
    case NodeKind::IfExp: {
        auto *i = static_cast<const IfExpNode *>(e);
        return truth(eval(i->test)) ? eval(i->body) : eval(i->orelse);
    }
    case NodeKind::Lambda:
        m_frame->at = e;
        return makeFunction(static_cast<const FunctionNode *>(e));
    case NodeKind::NamedExpr: {
        auto *n = static_cast<const NamedExprNode *>(e);
        const Value v = eval(n->value);
        assignName(n->target, v);
        return v;
    }
    case NodeKind::Yield:
        m_frame->at = e;
        refuse(u"yield is not supported by petmigrate's Python"_s);
    case NodeKind::Await:
        m_frame->at = e;
        refuse(u"await is not supported by petmigrate's Python: nothing here runs a coroutine"_s);
    default:
        m_frame->at = e;
        refuse(u"this expression is not supported"_s);
    }
}

Value Interpreter::evalBoolOp(const BoolOpNode *n)
{
    Value v;
    for (const Node *e : n->values) {
        v = eval(e);
        const bool t = truth(v);
        if (n->isAnd ? !t : t)
            return v;
    }
    return v;
}

Value Interpreter::evalCompare(const CompareNode *n)
{
    Value left = eval(n->left);
    const int count = n->comparators.size();
    for (int i = 0; i < count; ++i) {
        Value right = eval(n->comparators[i]);
        m_frame->at = n;
        const CompareOperator op = (*n->ops)[size_t(i)];
        if (i == count - 1)
            return richCompare(*this, op, left, right);
        const Value r = richCompare(*this, op, left, right);
        if (!truth(r))
            return r;
        left = std::move(right);
    }
    return Value::fromBool(true);
}

Value Interpreter::evalJoinedStr(const JoinedStrNode *n)
{
    QString out;
    for (const Node *piece : n->values) {
        if (piece->kind == NodeKind::Constant) {
            out += static_cast<const ConstantNode *>(piece)->value->text();
            continue;
        }
        auto *f = static_cast<const FormattedValueNode *>(piece);
        Value v = eval(f->value);
        QString spec;
        if (f->formatSpec)
            spec = evalJoinedStr(static_cast<const JoinedStrNode *>(f->formatSpec)).text();
        m_frame->at = piece;
        switch (f->conversion) {
        case u's': v = Value::str(str(v)); break;
        case u'r': v = Value::str(repr(v)); break;
        case u'a': {
            const QString r = repr(v);
            QString ascii;
            for (const QChar c : r) {
                if (c.unicode() < 0x80) {
                    ascii += c;
                } else {
                    ascii += c.unicode() <= 0xff ? u"\\x"_s + QString::number(c.unicode(), 16).rightJustified(2, u'0')
                                                 : u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
                }
            }
            v = Value::str(ascii);
            break;
        }
        default: break;
        }
        out += format(v, spec);
        checkSize(out.size(), true);
    }
    return Value::str(std::move(out));
}

Value Interpreter::evalSequence(const SequenceNode *n)
{
    std::vector<Value> items;
    items.reserve(size_t(n->elements.size()));
    for (const Node *e : n->elements) {
        if (e->kind == NodeKind::Starred) {
            const Value v = eval(static_cast<const StarredNode *>(e)->value);
            m_frame->at = e;
            for (Value &x : toVector(v))
                items.push_back(std::move(x));
            checkSize(qsizetype(items.size()));
        } else {
            items.push_back(eval(e));
        }
    }
    if (n->kind == NodeKind::Tuple)
        return makeTuple(std::move(items));
    if (n->kind == NodeKind::List)
        return makeList(std::move(items));
    m_frame->at = n;
    auto *set = new SetObject(false);
    Value result(set);
    for (const Value &v : items)
        set->map.insert(v, hash(v), Value());
    return result;
}

Value Interpreter::evalDict(const DictNode *n)
{
    Ref<DictObject> d = makeDict();
    for (int i = 0; i < n->values.size(); ++i) {
        if (!n->keys[i]) {
            const Value m = eval(n->values[i]);
            m_frame->at = n->values[i];
            requireConcrete(m);
            if (m.is(Kind::Dict)) {
                const OrderedMap &src = m.as<DictObject>()->map;
                for (qsizetype j = src.next(-1); j >= 0; j = src.next(j))
                    d->map.insert(src.entry(j).key, src.entry(j).hash, src.entry(j).value);
            } else {
                const Value keysMethod = findAttribute(m, Value::str(u"keys"_s));
                if (!keysMethod.isValid())
                    raise(ExceptionType::TypeError, u"'"_s + typeName(m) + u"' object is not a mapping"_s);
                for (const Value &k : toVector(call(keysMethod, Args{}))) {
                    const Value v = getItem(m, k);
                    d->map.insert(k, hash(k), v);
                }
            }
            continue;
        }
        const Value k = eval(n->keys[i]);
        const Value v = eval(n->values[i]);
        m_frame->at = n;
        d->map.insert(k, hash(k), v);
    }
    checkSize(d->map.size());
    return Value(d);
}

namespace {

// A generator expression: its clauses run one item at a time, in a frame
// of its own, as the consumer asks.
class GeneratorExpression final : public IteratorObject
{
public:
    GeneratorExpression(const ComprehensionNode *node, const Interpreter::Frame &outer, Ref<Env> env, Value firstIterator)
        : m_node(node), m_env(std::move(env))
    {
        m_globals = Ref<DictObject>(outer.globals);
        m_module = Ref<ModuleObject>(outer.module);
        m_program = *outer.program;
        m_function = Ref<FunctionObject>(outer.function);
        m_frame.function = outer.function;
        m_frame.env = m_env.get();
        m_frame.globals = outer.globals;
        m_frame.module = outer.module;
        m_frame.program = &m_program;
        m_frame.at = node;
        m_frame.name = u"<genexpr>"_s;
        m_frame.qualPrefix = outer.qualPrefix + u"<genexpr>.<locals>."_s;
        m_iterators.push_back(std::move(firstIterator));
    }

    QString typeName() const override { return u"generator"_s; }

    bool next(Interpreter &interp, Value &out) override
    {
        const std::vector<Comprehension> &gens = *m_node->generators;
        while (!m_iterators.empty()) {
            const size_t level = m_iterators.size() - 1;
            Value item;
            if (!interp.next(m_iterators.back(), item)) {
                m_iterators.pop_back();
                continue;
            }
            const Comprehension &g = gens[level];
            Interpreter::Internal::assignIn(interp, m_frame, g.target, item);
            bool ok = true;
            for (const Node *cond : g.ifs) {
                if (!interp.truth(Interpreter::Internal::evalIn(interp, m_frame, cond))) {
                    ok = false;
                    break;
                }
            }
            if (!ok)
                continue;
            if (level + 1 < gens.size()) {
                const Value iterable = Interpreter::Internal::evalIn(interp, m_frame, gens[level + 1].iter);
                m_iterators.push_back(interp.iterate(iterable));
                continue;
            }
            out = Interpreter::Internal::evalIn(interp, m_frame, m_node->element);
            return true;
        }
        return false;
    }

private:
    const ComprehensionNode *m_node;
    Ref<Env> m_env;
    Ref<DictObject> m_globals;
    Ref<ModuleObject> m_module;
    Ref<FunctionObject> m_function;
    ProgramPtr m_program;
    Interpreter::Frame m_frame;
    std::vector<Value> m_iterators;
};

} // namespace

Value Interpreter::evalComprehension(const ComprehensionNode *n)
{
    const std::vector<Comprehension> &gens = *n->generators;
    for (const Comprehension &g : gens) {
        if (g.isAsync) {
            m_frame->at = n;
            refuse(u"async for is not supported by petmigrate's Python: nothing here runs a coroutine"_s);
        }
    }
    // The first iterable is evaluated where the comprehension is written.
    const Value firstIterable = eval(gens.front().iter);
    m_frame->at = gens.front().iter;
    const Value firstIterator = iterate(firstIterable);
    Ref<Env> env(new Env(&m_heap, n->scope.slotCount, Ref<Env>(m_frame->env)));
    if (n->kind == NodeKind::GeneratorExp)
        return Value(new GeneratorExpression(n, *m_frame, env, firstIterator));

    Frame frame;
    frame.function = m_frame->function;
    frame.env = env.get();
    frame.globals = m_frame->globals;
    frame.module = m_frame->module;
    frame.program = m_frame->program;
    frame.at = n;
    frame.name = n->kind == NodeKind::ListComp ? u"<listcomp>"_s : n->kind == NodeKind::SetComp ? u"<setcomp>"_s : u"<dictcomp>"_s;
    frame.qualPrefix = m_frame->qualPrefix;
    FrameScope scope(m_frame, frame);
    DepthScope depth(m_depth);
    checkStack();

    std::vector<Value> list;
    Ref<SetObject> set;
    Ref<DictObject> dict;
    if (n->kind == NodeKind::SetComp)
        set = make<SetObject>(false);
    if (n->kind == NodeKind::DictComp)
        dict = makeDict();
    std::function<void(size_t, const Value &)> loop = [&](size_t level, const Value &iterator) {
        const Comprehension &g = gens[level];
        auto *it = iterator.as<IteratorObject>();
        Value item;
        while (it->next(*this, item)) {
            assign(g.target, item);
            bool ok = true;
            for (const Node *cond : g.ifs) {
                if (!truth(eval(cond))) {
                    ok = false;
                    break;
                }
            }
            if (!ok)
                continue;
            if (level + 1 < gens.size()) {
                const Value iterable = eval(gens[level + 1].iter);
                m_frame->at = gens[level + 1].iter;
                loop(level + 1, iterate(iterable));
                continue;
            }
            if (dict) {
                const Value k = eval(n->element);
                const Value v = eval(n->value);
                m_frame->at = n->element;
                dict->map.insert(k, hash(k), v);
                checkSize(dict->map.size());
            } else if (set) {
                const Value v = eval(n->element);
                m_frame->at = n->element;
                set->map.insert(v, hash(v), Value());
                checkSize(set->map.size());
            } else {
                list.push_back(eval(n->element));
                checkSize(qsizetype(list.size()));
            }
        }
    };
    loop(0, firstIterator);
    if (dict)
        return Value(dict);
    if (set)
        return Value(set);
    return makeList(std::move(list));
}

Value Interpreter::evalSlice(const SliceNode *n)
{
    const Value lower = n->lower ? eval(n->lower) : Value::none();
    const Value upper = n->upper ? eval(n->upper) : Value::none();
    const Value step = n->step ? eval(n->step) : Value::none();
    return Value(new SliceObject(lower, upper, step));
}

Value Interpreter::evalSubscript(const SubscriptNode *n)
{
    const Value object = eval(n->value);
    const Value key = n->index->kind == NodeKind::Slice ? evalSlice(static_cast<const SliceNode *>(n->index))
                                                         : eval(n->index);
    m_frame->at = n;
    return getItem(object, key);
}

void Interpreter::collectArguments(const NodeList<Expr> &args, const std::vector<Keyword> *keywords, bool hasStar,
                                   QVarLengthArray<Value, 8> &positional, QVarLengthArray<KeywordArgument, 4> &kw,
                                   const QString &calleeName)
{
    for (const Node *a : args) {
        if (hasStar && a->kind == NodeKind::Starred) {
            const Value v = eval(static_cast<const StarredNode *>(a)->value);
            m_frame->at = a;
            requireConcrete(v);
            if (v.is(Kind::Tuple) || v.is(Kind::List)) {
                const auto &items = v.is(Kind::Tuple) ? v.as<TupleObject>()->items : v.as<ListObject>()->items;
                for (const Value &x : items)
                    positional.append(x);
            } else {
                const Value it = findAttribute(v, m_internal->sIter);
                if (!it.isValid() && (v.isNumber() || v.isNone() || v.is(Kind::Function) || v.is(Kind::Class)))
                    raise(ExceptionType::TypeError, calleeName + u"() argument after * must be an iterable, not "_s
                                                        + typeName(v));
                for (Value &x : toVector(v))
                    positional.append(std::move(x));
            }
        } else {
            positional.append(eval(a));
        }
    }
    if (!keywords)
        return;
    auto add = [&](const Value &name, const Value &value) {
        for (const KeywordArgument &k : kw) {
            if (k.name.text() == name.text())
                raise(ExceptionType::TypeError, calleeName + u"() got multiple values for keyword argument '"_s
                                                    + name.text() + u"'"_s);
        }
        kw.append({name, value});
    };
    for (const Keyword &k : *keywords) {
        if (k.name) {
            kw.append({*k.name, eval(k.value)});
            continue;
        }
        const Value m = eval(k.value);
        m_frame->at = k.value;
        requireConcrete(m);
        if (m.is(Kind::Dict)) {
            const OrderedMap &src = m.as<DictObject>()->map;
            for (qsizetype j = src.next(-1); j >= 0; j = src.next(j)) {
                if (!src.entry(j).key.isStr())
                    raise(ExceptionType::TypeError, calleeName + u"() keywords must be strings"_s);
                add(src.entry(j).key, src.entry(j).value);
            }
            continue;
        }
        const Value keysMethod = findAttribute(m, Value::str(u"keys"_s));
        if (!keysMethod.isValid())
            raise(ExceptionType::TypeError, calleeName + u"() argument after ** must be a mapping, not "_s + typeName(m));
        for (const Value &key : toVector(call(keysMethod, Args{}))) {
            if (!key.isStr())
                raise(ExceptionType::TypeError, calleeName + u"() keywords must be strings"_s);
            add(key, getItem(m, key));
        }
    }
}

Value Interpreter::evalCall(const CallNode *n)
{
    QVarLengthArray<Value, 8> positional;
    QVarLengthArray<KeywordArgument, 4> keywords;
    if (n->func->kind == NodeKind::Attribute) {
        // obj.method(...): no bound-method value in between.
        auto *attr = static_cast<const AttributeNode *>(n->func);
        const Value object = eval(attr->value);
        m_frame->at = n->func;
        const Value &name = *attr->attr;
        switch (object.kind()) {
        case Kind::Instance: {
            auto *inst = object.as<InstanceObject>();
            const size_t h = name.as<StrObject>()->hash;
            const bool own = inst->dict && inst->dict->map.find(name, h) >= 0;
            if (!own) {
                if (const Value *m = inst->cls->lookup(name, h); m && m->is(Kind::Function)) {
                    const Value method = *m;
                    collectArguments(n->args, n->keywords, n->hasStarArgs, positional, keywords, name.text());
                    m_frame->at = n;
                    return Internal::callPython(*this, method.as<FunctionObject>(), object,
                                                Args{{positional.data(), size_t(positional.size())},
                                                     {keywords.data(), size_t(keywords.size())}});
                }
            }
            break;
        }
        case Kind::Host: {
            collectArguments(n->args, n->keywords, n->hasStarArgs, positional, keywords, name.text());
            m_frame->at = n;
            return object.as<HostObject>()->callMethod(*this, name.text(),
                                                       Args{{positional.data(), size_t(positional.size())},
                                                            {keywords.data(), size_t(keywords.size())}});
        }
        case Kind::Opaque:
        case Kind::Module:
        case Kind::Class:
        case Kind::Super:
            break;
        default: {
            if (object.kind() > Kind::Invalid) {
                const MethodTable &table = m_internal->methods[size_t(object.kind())];
                const auto it = table.methods.constFind(name.text());
                if (it != table.methods.constEnd()) {
                    const NativeFunction fn = it.value();
                    collectArguments(n->args, n->keywords, n->hasStarArgs, positional, keywords, name.text());
                    m_frame->at = n;
                    return fn(*this, object, Args{{positional.data(), size_t(positional.size())},
                                                  {keywords.data(), size_t(keywords.size())}});
                }
            }
            break;
        }
        }
        const Value callee = findAttribute(object, name);
        if (!callee.isValid())
            getAttribute(object, name.text()); // raises AttributeError
        collectArguments(n->args, n->keywords, n->hasStarArgs, positional, keywords, name.text());
        m_frame->at = n;
        return call(callee, Args{{positional.data(), size_t(positional.size())},
                                 {keywords.data(), size_t(keywords.size())}});
    }
    const Value callee = eval(n->func);
    QString calleeName;
    if (n->hasStarArgs || n->keywords->size() > 1)
        calleeName = n->func->kind == NodeKind::Name ? static_cast<const NameNode *>(n->func)->id->text() : QString();
    collectArguments(n->args, n->keywords, n->hasStarArgs, positional, keywords, calleeName);
    m_frame->at = n;
    return call(callee, Args{{positional.data(), size_t(positional.size())}, {keywords.data(), size_t(keywords.size())}});
}

} // namespace pm::python
