#pragma once

// Shared by the evaluator's source files; not for the host.

#include <array>
#include <functional>
#include <list>

#include <QHash>

#include "python/interpreter.h"
#include "python/signature.h"

namespace pm::python {

// A Python exception in flight (C++ unwinding carries it to the handler).
struct PyException
{
    Value exception; // an ExceptionObject
};

// A refusal in flight: not catchable by `except`, runs no `finally`.
struct Abort
{
    Error error;
};

struct Interpreter::Frame
{
    Frame *back = nullptr;
    FunctionObject *function = nullptr; // null at module level
    Env *env = nullptr;                 // the function's locals
    DictObject *globals = nullptr;
    ModuleObject *module = nullptr;
    DictObject *classNamespace = nullptr; // while a class body runs
    const ProgramPtr *program = nullptr;
    const Node *at = nullptr; // what is being evaluated, for errors
    Value handling;           // the exception an `except` block handles
    QString name;             // "<module>", "upgrade", "A.f"
    QString qualPrefix;       // for functions defined here: "", "f.<locals>.", "A."
};

// A method of a built-in type: self is the object.
struct MethodTable
{
    QHash<QString, NativeFunction> methods;
    QHash<QString, NativeFunction> properties; // called with no arguments
};

struct Interpreter::Internal
{
    Ref<DictObject> builtins;
    std::array<Value, size_t(ExceptionType::Count)> exceptions;
    std::array<Value, size_t(Kind::Env) + 1> types; // the class of each built-in kind
    Value objectClass;
    Value typeClass;
    Value functionClass;
    Value moduleClass;
    Value iteratorClass;
    Value enumClass; // enum.Enum, once imported
    QHash<QString, Value> modules; // imported, by dotted name
    // The programs of modules run from source: their frames point here.
    std::list<ProgramPtr> sourcePrograms;
    QHash<QString, std::function<Value(Interpreter &)>> standardModules;
    std::array<MethodTable, size_t(Kind::Env) + 1> methods;
    // Dunder names as str Values (hash cached).
    Value sInit, sStr, sRepr, sCall, sEq, sNe, sLt, sLe, sGt, sGe, sHash, sLen, sBool, sIter, sNext,
        sGetitem, sSetitem, sDelitem, sContains, sEnter, sExit, sFormat, sNew, sGetattr, sName, sValue,
        sDict, sClass, sDoc, sModule, sQualname, sPost;
    // For repr of nested containers: objects being printed (a cycle prints "[...]").
    std::vector<const Object *> reprStack;

    // What needs the evaluator's private state.
    static Value callPython(Interpreter &interp, FunctionObject *f, const Value &self, const Args &args);
    static Value instantiate(Interpreter &interp, ClassObject *cls, const Args &args);
    static Interpreter::Frame *frame(Interpreter &interp) { return interp.m_frame; }
    // Runs `body` with a frame for evaluating in another scope (a lazy generator expression).
    static Value evalIn(Interpreter &interp, Interpreter::Frame &frame, const Node *e);
    static void assignIn(Interpreter &interp, Interpreter::Frame &frame, const Node *target, const Value &v);
    static Value evalNode(Interpreter &interp, const Node *e) { return interp.eval(e); }
    static void assignNode(Interpreter &interp, const Node *target, const Value &v) { interp.assign(target, v); }
};

// One step of the evaluator's own loops over native data.
inline void countStep(Interpreter &interp) { interp.chargeSteps(1); }

// ---- implemented across the evaluator's files (operators.cpp, objectmodel.cpp, ...)

Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &a, const Value &b, bool inPlace = false);
Value unaryOp(Interpreter &interp, UnaryOperator op, const Value &v);
bool compareOp(Interpreter &interp, CompareOperator op, const Value &a, const Value &b);
Value richCompare(Interpreter &interp, CompareOperator op, const Value &a, const Value &b);
void setItem(Interpreter &interp, const Value &object, const Value &key, const Value &value);
void delItem(Interpreter &interp, const Value &object, const Value &key);
void delAttribute(Interpreter &interp, const Value &object, const QString &name);

// Slices: Python's PySlice_GetIndicesEx.
struct SliceRange
{
    qint64 start = 0, stop = 0, step = 1, count = 0;
};
SliceRange sliceIndices(Interpreter &interp, const SliceObject *slice, qint64 length);
// An index for a sequence of `length` (negative from the end); raises IndexError
// with `what` ("list index out of range") when outside.
qint64 sequenceIndex(Interpreter &interp, const Value &index, qint64 length, const char *what, const char *typeName);
// An int from an int or bool (TypeError "'x' object cannot be interpreted as an integer").
qint64 toIndex(Interpreter &interp, const Value &v);

// Built-in types and functions (builtins.cpp), methods (methods.cpp,
// strmethods.cpp), the standard library (stdlib*.cpp).
void installBuiltins(Interpreter &interp);
void installMethods(Interpreter &interp);
void installStrMethods(Interpreter &interp);
void installStandardModules(Interpreter &interp);

// An iterator over a C++ callback: for map/filter/zip/enumerate and host code.
class NativeIterator final : public IteratorObject
{
public:
    using Next = std::function<bool(Interpreter &, Value &)>;
    NativeIterator(QString name, Next next) : m_name(std::move(name)), m_next(std::move(next)) {}
    bool next(Interpreter &interp, Value &out) override
    {
        if (!m_next)
            return false;
        if (m_next(interp, out))
            return true;
        m_next = nullptr; // exhausted for good, and frees what the callback held
        return false;
    }
    QString typeName() const override { return m_name; }

private:
    QString m_name;
    Next m_next;
};

// Format-spec and %-formatting (format.cpp).
QString formatWithSpec(Interpreter &interp, const Value &v, QStringView spec);
QString percentFormat(Interpreter &interp, const QString &format, const Value &args);
QString strFormat(Interpreter &interp, const QString &format, const Args &args);
QString reprValue(Interpreter &interp, const Value &v);
QString strValue(Interpreter &interp, const Value &v);

// Shared by the built-ins and the methods.
void updateDict(Interpreter &interp, DictObject *d, const Args &args, const char *name);
std::vector<Value> sortedValues(Interpreter &interp, std::vector<Value> items, const Value &key, bool reverse);
QByteArray encodeText(Interpreter &interp, const QString &text, const QString &encoding, const QString &errors);
QString decodeBytes(Interpreter &interp, const QByteArray &bytes, const QString &encoding, const QString &errors);

// Argument helpers for native functions: Python's wording for arity errors.
void expectArgs(Interpreter &interp, const Args &args, const char *name, size_t min, size_t max);
void noKeywords(Interpreter &interp, const Args &args, const char *name);
const Value *keywordArg(const Args &args, QStringView name);
QString argString(Interpreter &interp, const Value &v, const char *function, const char *what = "argument");

} // namespace pm::python
