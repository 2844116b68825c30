#pragma once

#include <functional>
#include <optional>

#include <QString>

#include "python/ast.h"
#include "python/objects.h"
#include "python/signature.h"

namespace pm::python {

class Interpreter;

// A C++ object that scripts see as a Python object: the way the host binds
// its own API (Alembic's `op`, SQLAlchemy's `sa.Column(...)`) onto the
// evaluator. Override what the object supports; every default behaves as a
// plain Python object without that feature would, with CPython's wording
// ("'Operations' object has no attribute 'x'", "'Column' object is not
// iterable", ...). Methods run inside the interpreter: report a Python
// error with interp.raise(...) (or interp.refuse(...) for something
// petmigrate will not do), never by returning a special value.
class HostObject : public Object
{
public:
    HostObject() : Object(Kind::Host) {}

    // The type's name in messages and in the default repr.
    virtual QString typeName() const = 0;
    // The class that type() returns and isinstance() checks against (a Value
    // from makeHostClass), or Invalid.
    virtual Value hostClass() const { return {}; }

    // `class X(obj):` derives X from this class (a Python class the host
    // made) instead; Invalid: obj is no base ("bases must be types").
    virtual Value classBase(Interpreter &interp);
    // obj.name: the value, or Invalid for "has no attribute".
    virtual Value getAttribute(Interpreter &interp, const QString &name);
    // obj.name = value: false for "object has no attribute" / read-only.
    virtual bool setAttribute(Interpreter &interp, const QString &name, const Value &value);
    // obj.name(...): by default getAttribute(name) and a call of the result.
    // Override to bind methods without making a bound-method value per call.
    virtual Value callMethod(Interpreter &interp, const QString &name, const Args &args);
    // obj(...)
    virtual Value call(Interpreter &interp, const Args &args);

    virtual bool truth(Interpreter &interp);
    // len(obj); nullopt: "object of type 'X' has no len()".
    virtual std::optional<qint64> length(Interpreter &interp);
    // obj[key], obj[key] = value; Invalid / false: not subscriptable.
    virtual Value getItem(Interpreter &interp, const Value &key);
    virtual bool setItem(Interpreter &interp, const Value &key, const Value &value);
    // iter(obj): an Iterator value, or Invalid for "not iterable".
    virtual Value iterate(Interpreter &interp);
    // `x in obj`; nullopt: by iteration if iterable, else TypeError.
    virtual std::optional<bool> contains(Interpreter &interp, const Value &item);
    // obj OP other (reflected: other OP obj). Invalid: not supported
    // (Python then tries the other operand, then raises TypeError).
    virtual Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected);
    // -obj, +obj, ~obj (never `not`). Invalid: "bad operand type".
    virtual Value unaryOp(Interpreter &interp, UnaryOperator op);
    // obj == other, obj < other, ...: a bool Value, or Invalid for "not
    // implemented" (== and != then fall back to identity).
    virtual Value compare(Interpreter &interp, CompareOperator op, const Value &other);
    // hash(obj) as a dict key or set member; by default its identity.
    virtual size_t hash(Interpreter &interp);
    virtual QString repr(Interpreter &interp);
    virtual QString str(Interpreter &interp);
    // format(obj, spec) and f'{obj:spec}': by default str(obj) for an empty spec.
    virtual QString format(Interpreter &interp, QStringView spec);
};

// A host function: `spec` gives its name and Python signature, which every
// call is bound to (Python's errors for a mismatch) before `body` runs.
using HostBody = std::function<Value(Interpreter &, const BoundArguments &)>;
Value makeFunction(QStringView spec, HostBody body);
// A host function that binds its arguments itself.
Value makeRawFunction(QString name, HostFunction body);

// A host class: callable (`spec` and `construct` make an instance), usable
// with isinstance() and type(), with class attributes added by setAttribute.
// A `class X(ThisClass):` statement in a script calls `subclass` with the
// new class's name, bases and namespace (a dict); without one, it is refused.
using SubclassHook = std::function<Value(Interpreter &, const QString &name, const std::vector<Value> &bases,
                                         const Ref<DictObject> &namespaceDict, const Args &keywords)>;
Value makeHostClass(Interpreter &interp, const QString &name, QStringView spec, HostBody construct,
                    SubclassHook subclass = {});

// A module the import hook can return. Attributes the module does not have
// are an AttributeError by default; ModuleObject::Missing::Opaque makes them
// opaque values ("which petmigrate does not implement") instead.
Ref<ModuleObject> makeModule(Interpreter &interp, const QString &name,
                             ModuleObject::Missing missing = ModuleObject::Missing::AttributeError);
void setAttribute(const Ref<ModuleObject> &module, const QString &name, Value value);
void setAttribute(const Value &hostClass, const QString &name, Value value);

} // namespace pm::python
