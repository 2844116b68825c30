#pragma once

#include <functional>
#include <memory>
#include <span>
#include <vector>

#include <QByteArray>
#include <QString>
#include <QVarLengthArray>

#include "python/orderedmap.h"
#include "python/value.h"

namespace pm::python {

class ClassObject;
class DictObject;
class Interpreter;
class ModuleObject;
class Program;
struct FunctionNode;
struct Node;

using ProgramPtr = std::shared_ptr<const Program>;

// One keyword argument of a call: the name is a str Value.
struct KeywordArgument
{
    Value name;
    Value value;
};

// The arguments of one call, as evaluated (starred and ** arguments already
// spread). Views: valid for the duration of the call.
struct Args
{
    std::span<const Value> positional;
    std::span<const KeywordArgument> keywords;

    size_t size() const { return positional.size() + keywords.size(); }
    const Value &operator[](size_t i) const { return positional[i]; }
};

// A place in a script, for tracebacks and errors.
struct Location
{
    QString file;
    int line = 0;
    int column = 0;
    int begin = 0; // source offsets of the expression or statement
    int end = 0;
    QString function; // "<module>" at the top level
};

// ---- immutable values -------------------------------------------------------

class StrObject final : public Object
{
public:
    explicit StrObject(QString s) : Object(Kind::Str), text(std::move(s)) {}
    const QString text;
    mutable size_t hash = 0;
    mutable bool hashed = false;
};

class BytesObject final : public Object
{
public:
    explicit BytesObject(QByteArray b) : Object(Kind::Bytes), data(std::move(b)) {}
    const QByteArray data;
};

class TupleObject final : public Object
{
public:
    TupleObject() : Object(Kind::Tuple) {}
    explicit TupleObject(std::vector<Value> v) : Object(Kind::Tuple), items(std::move(v)) {}
    std::vector<Value> items; // never changed once the tuple is shared
    // A namedtuple's class (collections.namedtuple), else null.
    Ref<ClassObject> namedType;
};

class RangeObject final : public Object
{
public:
    RangeObject(qint64 a, qint64 b, qint64 c) : Object(Kind::Range), start(a), stop(b), step(c) {}
    const qint64 start, stop, step;
    qint64 length() const;
    qint64 at(qint64 i) const { return start + i * step; }
};

class SliceObject final : public Object
{
public:
    SliceObject(Value a, Value b, Value c)
        : Object(Kind::Slice), start(std::move(a)), stop(std::move(b)), step(std::move(c)) {}
    const Value start, stop, step; // None when absent
};

// ---- objects an interpreter owns ---------------------------------------------

class Heap;
class Signature;

// An object that can take part in a reference cycle through code (module
// globals hold functions that hold the globals; a closure's frame holds the
// closure). The Interpreter's Heap lists them and, when it is destroyed,
// clears their references so that cycles are freed.
class Collectable : public Object
{
public:
    Collectable(Kind kind, Heap *heap);
    ~Collectable() override;
    virtual void clearReferences() = 0;

private:
    friend class Heap;
    Heap *m_heap = nullptr;
    Collectable *m_prev = nullptr;
    Collectable *m_next = nullptr;
};

class Heap
{
public:
    Heap() = default;
    Heap(const Heap &) = delete;
    Heap &operator=(const Heap &) = delete;
    ~Heap() { releaseAll(); }
    void add(Collectable *object);
    void remove(Collectable *object);
    // Clears every listed object's references (breaking cycles) and forgets them.
    void releaseAll();

private:
    Collectable *m_head = nullptr;
};

class ListObject final : public Object
{
public:
    ListObject() : Object(Kind::List) {}
    explicit ListObject(std::vector<Value> v) : Object(Kind::List), items(std::move(v)) {}
    std::vector<Value> items;
};

class DictObject final : public Object
{
public:
    DictObject() : Object(Kind::Dict) {}
    OrderedMap map;
    // collections.OrderedDict / defaultdict / Counter; null for dict.
    Ref<ClassObject> subtype;
    Value defaultFactory; // defaultdict only
};

class SetObject final : public Object
{
public:
    explicit SetObject(bool frozen) : Object(frozen ? Kind::FrozenSet : Kind::Set) {}
    OrderedMap map; // values unused
};

// The local variables of one function call, in the slots the resolver gave
// them; a closure keeps its defining call's Env alive through `parent`.
class Env final : public Collectable
{
public:
    Env(Heap *heap, int slotCount, Ref<Env> parent)
        : Collectable(Kind::Env, heap), parent(std::move(parent)), values(slotCount) {}
    void clearReferences() override;
    Ref<Env> parent;
    QVarLengthArray<Value, 6> values; // by slot
};

class FunctionObject final : public Collectable
{
public:
    explicit FunctionObject(Heap *heap);
    ~FunctionObject() override;
    void clearReferences() override;
    const FunctionNode *node = nullptr;
    ProgramPtr program;
    std::unique_ptr<Signature> signature; // its parameters, defaults evaluated
    Ref<DictObject> globals;
    Ref<ModuleObject> module; // the module that defined it (for names from `import *`)
    Ref<Env> closure;
    std::vector<Value> defaults; // per parameter; Invalid when it has none
    QString name;
    QString qualname;
    Ref<ClassObject> definingClass; // for zero-argument super()
    Ref<DictObject> attributes;     // f.x = ...
};

// A function implemented in C++. `self` is set for a bound built-in method
// ('a'.join taken as a value) and passed as the first argument.
using NativeFunction = Value (*)(Interpreter &, const Value &self, const Args &args);
using HostFunction = std::function<Value(Interpreter &, const Args &args)>;

class NativeObject final : public Object
{
public:
    NativeObject(QString n, NativeFunction f, Value s = {})
        : Object(Kind::Native), name(std::move(n)), function(f), self(std::move(s)) {}
    NativeObject(QString n, HostFunction f)
        : Object(Kind::Native), name(std::move(n)), host(std::move(f)) {}
    QString name; // as in messages: "len", "str.join", "create_table"
    NativeFunction function = nullptr;
    Value self;
    // A built-in type's method taken from the type (str.lower): the first
    // argument is self and must be of this kind.
    Kind selfKind = Kind::Invalid;
    // A built-in class's method read through a class (Exception.__init__):
    // the first argument is self and must be an instance of this class,
    // as CPython's method descriptors check.
    Ref<ClassObject> selfClass;
    HostFunction host;
};

class BoundMethodObject final : public Object
{
public:
    BoundMethodObject(Value s, Value f) : Object(Kind::BoundMethod), self(std::move(s)), function(std::move(f)) {}
    const Value self;
    const Value function;
};

class ClassObject final : public Collectable
{
public:
    ClassObject(Heap *heap) : Collectable(Kind::Class, heap) {}
    void clearReferences() override;

    bool isSubclassOf(const ClassObject *other) const;
    // The attribute from this class or the first base in MRO order that has it.
    const Value *lookup(const Value &name, size_t hash) const;

    QString name;
    QString qualname;
    QString module = QStringLiteral("builtins");
    std::vector<Ref<ClassObject>> bases;
    std::vector<ClassObject *> mro; // starts with this class
    Ref<DictObject> dict;
    // What calling a built-in type makes (Kind::Int for int); Instance for classes.
    Kind instanceKind = Kind::Instance;
    bool isException = false;
    bool isBuiltin = false;
    bool isEnum = false;
    // Built-in types: the constructor (int(...), ValueError(...)).
    NativeFunction construct = nullptr;
    // Host classes (host.h): the constructor and the hook for subclasses.
    HostFunction hostConstruct;
    std::function<Value(Interpreter &, const QString &, const std::vector<Value> &, const Ref<DictObject> &,
                        const Args &)> hostSubclass;
    // Enum classes: members in definition order.
    std::vector<Value> enumMembers;
    // namedtuple classes: the field names.
    std::vector<QString> fields;
};

class InstanceObject : public Collectable
{
public:
    InstanceObject(Heap *heap, Ref<ClassObject> c) : Collectable(Kind::Instance, heap), cls(std::move(c)) {}
    void clearReferences() override;
    Ref<ClassObject> cls;
    Ref<DictObject> dict; // created on the first attribute set
};

class ExceptionObject final : public InstanceObject
{
public:
    ExceptionObject(Heap *heap, Ref<ClassObject> c) : InstanceObject(heap, std::move(c)) {}
    void clearReferences() override;
    Value args; // a tuple
    Value cause;
    Value context;
    bool suppressContext = false;
    // Innermost first: where it was raised, then each caller's call.
    std::vector<Location> traceback;
};

class ModuleObject final : public Collectable
{
public:
    enum class Missing : quint8 {
        AttributeError, // as Python: "module 'x' has no attribute 'y'"
        Opaque,         // an opaque value: "which petmigrate does not implement"
        Sandboxed,      // a refusal: "has no file, process or network access"
    };
    ModuleObject(Heap *heap, QString n);
    void clearReferences() override;
    QString name;
    Ref<DictObject> dict;
    Missing missing = Missing::AttributeError;
    // `from X import *` of modules petmigrate cannot import: a name found
    // nowhere else may come from one of them (an opaque value then).
    std::vector<Value> starImports;
};

// What an import petmigrate cannot run gives (and what any use of that value
// gives in turn): it remembers the dotted chain from the import and where the
// import was. Anything that needs the real value raises a located error
// naming it. Sandboxed built-ins (open, os.system, subprocess...) are opaque
// values too, with the sandbox's reason.
class OpaqueObject final : public Object
{
public:
    enum class Reason : quint8 {
        CannotImport,   // the application's own modules, third-party packages
        NotImplemented, // a name of a built-in module that petmigrate does not provide
        Sandboxed,      // file, process or network access
        Environment,    // os.environ / os.getenv: the machine's environment is not read
    };
    OpaqueObject(QString chain, Reason reason, QString file, int line)
        : Object(Kind::Opaque), chain(std::move(chain)), reason(reason), file(std::move(file)), importLine(line) {}
    const QString chain;  // "myapp.models.db.Model", "helper(...)"
    const Reason reason;
    const QString file;   // where the import is
    const int importLine; // 0 for built-ins
    // A value derived from this one (an attribute, a call, an item): the
    // same reason, import and why, under a longer chain.
    Value derived(QString longerChain, int line) const;
    Value derived(QString longerChain) const { return derived(std::move(longerChain), importLine); }
    // Why a module found on the search path could not be imported:
    // "path:line:col: sentence" of the failure inside it; empty otherwise.
    QString why;
};

// A Python iterator. next() returns false when exhausted.
class IteratorObject : public Object
{
public:
    IteratorObject() : Object(Kind::Iterator) {}
    virtual bool next(Interpreter &interp, Value &out) = 0;
    // For repr: "list_iterator", "generator", ...
    virtual QString typeName() const = 0;
};

class DictViewObject final : public Object
{
public:
    enum class Which : quint8 { Keys, Values, Items };
    DictViewObject(Ref<DictObject> d, Which w) : Object(Kind::DictView), dict(std::move(d)), which(w) {}
    const Ref<DictObject> dict;
    const Which which;
};

class PropertyObject final : public Object
{
public:
    PropertyObject() : Object(Kind::Property) {}
    Value getter, setter;
};

class WrapperObject final : public Object
{
public:
    WrapperObject(Kind k, Value f) : Object(k), function(std::move(f)) {} // StaticMethod, ClassMethod
    const Value function;
};

class SuperObject final : public Object
{
public:
    SuperObject(Ref<ClassObject> after, Value s) : Object(Kind::Super), start(std::move(after)), self(std::move(s)) {}
    const Ref<ClassObject> start; // look up in type(self).__mro__ after this class
    const Value self;
};

// Convenience constructors.
Value makeTuple(std::vector<Value> items);
Value makeList(std::vector<Value> items = {});
Ref<DictObject> makeDict();

} // namespace pm::python
