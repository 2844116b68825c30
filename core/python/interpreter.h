#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include <QDateTime>
#include <QHash>
#include <QString>

#include "base/result.h"
#include "python/ast.h"
#include "python/objects.h"

namespace pm::python {

class HostObject;
class IteratorObject;

// The built-in exception classes, by name, for Interpreter::raise.
enum class ExceptionType : quint8 {
    BaseException, Exception, ArithmeticError, AssertionError, AttributeError, DeprecationWarning,
    FileNotFoundError, ImportError, IndexError, KeyError, LookupError, ModuleNotFoundError, NameError,
    NotImplementedError, OSError, OverflowError, PermissionError, RecursionError, RuntimeError,
    StopIteration, SyntaxError, TypeError, UnboundLocalError, UnicodeDecodeError, UnicodeEncodeError,
    UnicodeError, UserWarning, ValueError, Warning, ZeroDivisionError, KeyboardInterrupt, SystemExit,
    GeneratorExit, Count,
};

// A module's namespace after Interpreter::runModule: its globals by name.
class Namespace
{
public:
    Namespace() = default;
    explicit Namespace(Ref<ModuleObject> module) : m_module(std::move(module)) {}
    // The global `name`, or Invalid.
    Value value(const QString &name) const;
    bool contains(const QString &name) const { return value(name).isValid(); }
    QStringList names() const;
    const Ref<ModuleObject> &module() const { return m_module; }

private:
    Ref<ModuleObject> m_module;
};

// Where an uncaught exception ended a run, for the caller to show.
struct ExceptionInfo
{
    QString type;    // "ValueError"; empty for a refusal (budget, sandbox, opaque value)
    QString message; // str(exception), or the refusal's sentence
    // Outermost first, as Python prints a traceback: each call, then where it was raised.
    QList<Location> traceback;
};

// A tree-walking interpreter for the Python subset of parser.h, sandboxed:
// no file, process or network access; a step budget, a recursion limit and
// size caps turn runaway scripts into located errors.
//
// Use (the host side):
//
//   Interpreter interp;
//   interp.addModule(u"alembic"_s, alembicModule);      // host modules, host.h
//   interp.setImportHook(...);                          // or for every other name
//   auto program = Parser::parseFile(path);
//   auto ns = interp.runModule(*program);               // module level, once
//   auto result = interp.callFunction(*ns, u"upgrade"_s); // then a body
//
// Every entry point returns a Result: an uncaught Python exception is an
// Error "file:line:col: ValueError: message" at the innermost place it
// came from, with the traceback in lastException() (the Error is one line:
// a message of several lines is joined with spaces there, and kept as
// written in lastException().message). A refusal (a sandboxed
// call, an opaque value used, the step budget spent, too deep a recursion,
// a string or list over its cap) is an Error "file:line:col: sentence" that
// Python code cannot catch.
//
// Imports: a name addModule() registered, then the import hook, then the
// standard-library modules built in here (typing, logging, textwrap, json,
// datetime, uuid, enum, os.path, string, re, collections, itertools,
// functools, warnings, math, copy, sys in part). Anything else binds an opaque
// value (OpaqueObject) that remembers the module and the import's line;
// attributes, calls and subscripts on it are opaque too, and anything that
// needs a concrete value (truth, iteration, arithmetic, comparison, str(),
// format, len, a host function's check) refuses in one sentence naming it:
// "versions/ab12_x.py:31:9: this needs 'myapp.util.helper' (imported at
// line 7), which petmigrate cannot import".
//
// The sandbox: open, exec, eval, compile, __import__, input, breakpoint,
// globals, locals, vars and the process/file/network modules (subprocess,
// socket, shutil, pathlib, os.system, ...) are refused where they are
// used (importing them is allowed, so that a script that only imports them
// still reads). os.environ and os.getenv give opaque values ("this needs
// the environment variable 'X'") unless Options::environment is set: a
// migration that reads the machine's environment would not render the
// same SQL everywhere.
//
// Values made by one interpreter belong to it: when it is destroyed, the
// references held by functions, classes, instances, modules and frames are
// cleared (which frees the cycles between them). Convert what the host
// keeps (strings, numbers, lists of them) before that. An Interpreter is
// used by one thread at a time; a Program may be shared by several.
//
// Differences from CPython worth knowing: ints are 64-bit (overflow raises
// OverflowError); str indexes and lengths count UTF-16 code units (only
// characters beyond U+FFFF differ); sets iterate in insertion order;
// generator functions (yield) are refused when called, generator
// expressions are lazy; dict keys of user classes compare by identity;
// re uses QRegularExpression (PCRE2).
class Interpreter final
{
public:
    struct Limits
    {
        qint64 steps = 10'000'000;      // evaluated nodes (and items moved by built-ins)
        int recursionDepth = 1000;      // nested Python calls
        qsizetype stackBytes = 4 << 20; // C++ stack the evaluator may use
        qsizetype stringLength = 64 << 20;
        qsizetype containerSize = 8 << 20; // items in one list, tuple, dict or set
    };
    enum class LogLevel { Debug, Info, Warning, Error, Critical };
    struct Options
    {
        Limits limits;
        // print(): the text of one call, `end` included. Unset: discarded.
        std::function<void(const QString &text)> print;
        // logging and warnings: logger name ("alembic", "py.warnings") and message.
        std::function<void(LogLevel level, const QString &logger, const QString &message)> log;
        // os.environ / os.getenv read this; unset: they give opaque values.
        std::optional<QHash<QString, QString>> environment;
        // datetime.now() / utcnow() / date.today(); unset: the system clock.
        std::function<QDateTime()> clock;
        // The output must be the same on every run (offline --sql, compared
        // with Alembic's): uuid.uuid4(), random on every call, refuses.
        bool reproducible = false;
    };
    // Module name -> module value, or nullopt for "not one of mine".
    using ImportHook = std::function<std::optional<Value>(Interpreter &interp, const QString &moduleName)>;
    // A module's source found on the host's search path (Python's sys.path):
    // the file `a/b.py` or `a/b/__init__.py` for "a.b". The host reads the
    // file; the interpreter itself has no file access.
    struct ModuleSource
    {
        QString fileName;
        QString source;
        bool package = false; // an __init__.py
    };
    using ModuleFinder = std::function<std::optional<ModuleSource>(const QString &moduleName)>;

    Interpreter();
    explicit Interpreter(Options options);
    ~Interpreter();
    Interpreter(const Interpreter &) = delete;
    Interpreter &operator=(const Interpreter &) = delete;

    // ---- setting up

    // `import name` / `from name import x` give this module.
    void addModule(const QString &name, Value module);
    void setImportHook(ImportHook hook);
    // Modules neither the hook nor the standard library provide are looked
    // for here, and run as Python runs them: once per interpreter (cached
    // before their body runs, so an import cycle sees the partial module),
    // on the same step budget. One that fails to parse or run, or lacks a
    // name imported from it, gives an opaque value whose refusal names the
    // failure's location inside the module.
    void setModuleFinder(ModuleFinder finder);
    // A name every module sees as a built-in (added or replaced).
    void setBuiltin(const QString &name, Value value);
    const Options &options() const { return m_options; }

    // ---- running (entry points: errors as values)

    // Runs a module's top level in a new namespace. `moduleName` is its
    // __name__. Functions are defined, not run; with a Program parsed with
    // skipFunctionBodies, calling one of those is a refusal.
    Result<Namespace> runModule(const ProgramPtr &program, const QString &moduleName = QStringLiteral("__main__"));
    // Calls the function `name` of a module namespace (upgrade, downgrade).
    Result<Value> callFunction(const Namespace &ns, const QString &name, const std::vector<Value> &args = {});
    // Calls any callable with positional and keyword arguments.
    Result<Value> call(const Value &callable, const std::vector<Value> &args = {},
                       const std::vector<KeywordArgument> &keywords = {});
    // str(value) / repr(value) as an entry point (they may run Python code).
    Result<QString> toStr(const Value &value);
    Result<QString> toRepr(const Value &value);
    // The uncaught exception or refusal of the last entry point that failed.
    const ExceptionInfo &lastException() const { return m_lastException; }
    // Steps used since construction (the budget is per interpreter; reset it
    // between independent runs to give each the whole budget).
    qint64 steps() const { return m_steps; }
    void resetSteps() { m_steps = 0; }

    // ---- services for host code (only inside a callback: they may unwind)

    [[noreturn]] void raise(ExceptionType type, const QString &message);
    [[noreturn]] void raise(const Value &exceptionClassOrInstance, const QString &message = {});
    // An uncatchable, located refusal: "file:line:col: message".
    [[noreturn]] void refuse(const QString &message);
    // A refusal naming the opaque value (its import and line) in one sentence.
    [[noreturn]] void refuseOpaque(const Value &opaque);
    bool isOpaque(const Value &v) const { return v.is(Kind::Opaque); }
    // Refuses if `v` is opaque; does nothing otherwise.
    void requireConcrete(const Value &v)
    {
        if (v.is(Kind::Opaque))
            refuseOpaque(v);
    }
    Value call(const Value &callable, const Args &args);
    Value callMethod(const Value &object, const QString &name, const Args &args);
    Value getAttribute(const Value &object, const QString &name);
    // The attribute, or Invalid if it has none (what hasattr and getattr(o, n, default) use).
    Value findAttribute(const Value &object, const Value &name);
    void setAttribute(const Value &object, const QString &name, const Value &value);
    Value getItem(const Value &object, const Value &key);
    QString str(const Value &v);
    QString repr(const Value &v);
    QString format(const Value &v, QStringView spec);
    bool truth(const Value &v);
    bool equals(const Value &a, const Value &b);
    bool lessThan(const Value &a, const Value &b);
    size_t hash(const Value &v);
    qint64 length(const Value &v);
    bool contains(const Value &container, const Value &item);
    Value iterate(const Value &iterable); // an Iterator value
    bool next(const Value &iterator, Value &out);
    std::vector<Value> toVector(const Value &iterable);
    bool isInstance(const Value &v, const Value &classOrTuple);
    // "int", "str", "Operations": for messages.
    QString typeName(const Value &v);
    Value typeOf(const Value &v);
    const Value &builtinClass(Kind kind) const;
    const Value &exceptionClass(ExceptionType type) const;
    Value makeStr(QString s); // checked against the size cap
    Value makeOpaque(const QString &chain, int importLine = 0);
    // Counts `n` steps of work done by a built-in (copying, joining, ...).
    void chargeSteps(qint64 n);
    // Refuses when the C++ stack is nearly spent (deep recursion in repr, ==, ...).
    void checkStack();
    void checkSize(qsizetype n, bool isString = false);
    // The script location being evaluated (for host messages).
    Location currentLocation() const;
    Heap *heap() { return &m_heap; }
    // Logs as the logging module does.
    void log(LogLevel level, const QString &logger, const QString &message);

    // ---- internals shared by the evaluator's files

    struct Frame;
    struct Internal;
    Internal &internal() { return *m_internal; }

private:
    friend struct Internal;
    enum class Flow : quint8 { Normal, Break, Continue, Return };

    template<typename F>
    auto guarded(F &&f) -> Result<decltype(f())>;
    Error errorFromException(const Value &exception);

    // statements
    Flow execBody(const NodeList<Stmt> &body);
    Flow exec(const Node *s);
    Flow execFor(const ForNode *n);
    Flow execWhile(const WhileNode *n);
    Flow execTry(const TryNode *n);
    Flow execWith(const WithNode *n);
    void execFunctionDef(const FunctionNode *n);
    void execClassDef(const ClassNode *n);
    void execImport(const ImportNode *n);
    void execImportFrom(const ImportNode *n);
    [[noreturn]] void execRaise(const RaiseNode *n);
    void execDelete(const Node *target);

    // expressions
    Value eval(const Node *e);
    Value evalName(const NameNode *n);
    Value evalCall(const CallNode *n);
    Value evalBoolOp(const BoolOpNode *n);
    Value evalCompare(const CompareNode *n);
    Value evalJoinedStr(const JoinedStrNode *n);
    Value evalSequence(const SequenceNode *n);
    Value evalDict(const DictNode *n);
    Value evalComprehension(const ComprehensionNode *n);
    Value evalSubscript(const SubscriptNode *n);
    Value evalSlice(const SliceNode *n);
    Value makeFunction(const FunctionNode *n);
    void assign(const Node *target, const Value &value);
    void assignName(const NameNode *n, const Value &value);
    void unpack(const SequenceNode *target, const Value &value);
    void collectArguments(const NodeList<Expr> &args, const std::vector<Keyword> *keywords, bool hasStar,
                          QVarLengthArray<Value, 8> &positional, QVarLengthArray<KeywordArgument, 4> &kw,
                          const QString &calleeName);

    Value importModule(const QString &name, const Node *at, bool forFrom);
    Value runSourceModule(const QString &name, const ModuleSource &source, const Node *at);
    // A module with the names Python gives it before its body runs
    // (__name__, __file__, __package__ when known, __doc__), and that body run.
    Ref<ModuleObject> newModule(const QString &name, const ProgramPtr &program,
                                const std::optional<QString> &package = std::nullopt);
    void execModuleBody(ModuleObject *module, const ProgramPtr &program);

    Options m_options;
    Heap m_heap; // first in, last out: cleared when the interpreter goes
    std::unique_ptr<Internal> m_internal;
    ImportHook m_importHook;
    ModuleFinder m_moduleFinder;
    QHash<QString, Value> m_hostModules;
    ExceptionInfo m_lastException;
    qint64 m_steps = 0;
    int m_depth = 0;
    const char *m_stackBase = nullptr;
    Frame *m_frame = nullptr;
    Value m_returnValue;
};

} // namespace pm::python
