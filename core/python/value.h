#pragma once

#include <atomic>
#include <cstdint>
#include <utility>

#include <QString>

namespace pm::python {

// What a Value is. The first few are held inline in the Value; the rest are
// reference-counted heap objects (see objects.h), the Kind repeated in the
// Value so that dispatch never has to follow the pointer.
enum class Kind : quint8 {
    Invalid, // no value: an unbound variable, an absent default, "not found"
    None,
    Bool,
    Int, // 64-bit; arithmetic that leaves the range raises OverflowError
    Float,
    Ellipsis,
    NotImplemented,
    // Heap objects from here on.
    Str,
    Bytes,
    Tuple,
    List,
    Dict,
    Set,
    FrozenSet,
    Range,
    Slice,
    Function,    // a def or lambda
    Native,      // a function implemented in C++ (built-ins, host functions, bound built-in methods)
    BoundMethod, // a Python function bound to an instance
    Class,       // built-in types, exception classes and `class` statements alike
    Instance,    // instances of `class` statements, exceptions included
    Module,
    Host,        // a HostObject (host.h)
    Opaque,      // a value from an import petmigrate cannot run (see OpaqueObject)
    Iterator,
    DictView,    // dict.keys() / values() / items()
    Property,
    StaticMethod,
    ClassMethod,
    Super,
    Env,         // a function call's local variables (internal)
};

class Object;

// Shared, intrusive reference counting: a Value or Ref copy costs one atomic
// increment. Objects may be shared between threads read-only (a parsed
// Program's constants); mutation is single-threaded per Interpreter.
class Object
{
public:
    explicit Object(Kind kind) : m_kind(kind) {}
    Object(const Object &) = delete;
    Object &operator=(const Object &) = delete;
    virtual ~Object() = default;

    Kind kind() const { return m_kind; }
    void ref() const { m_refs.fetch_add(1, std::memory_order_relaxed); }
    void deref() const
    {
        if (m_refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
            destroy(this);
    }
    int refCount() const { return m_refs.load(std::memory_order_relaxed); }

private:
    // Deletes iteratively, so that dropping a list nested a million deep does
    // not recurse a million destructors deep (CPython's "trashcan").
    static void destroy(const Object *object);

    mutable std::atomic<int> m_refs{0};
    Kind m_kind;
};

// A counted pointer to a concrete object type.
template<typename T>
class Ref
{
public:
    Ref() = default;
    Ref(T *p) : m_p(p) { if (m_p) m_p->ref(); }
    Ref(const Ref &o) : m_p(o.m_p) { if (m_p) m_p->ref(); }
    Ref(Ref &&o) noexcept : m_p(std::exchange(o.m_p, nullptr)) {}
    template<typename U>
    Ref(const Ref<U> &o) : m_p(o.get()) { if (m_p) m_p->ref(); }
    ~Ref() { if (m_p) m_p->deref(); }
    Ref &operator=(const Ref &o) { Ref(o).swap(*this); return *this; }
    Ref &operator=(Ref &&o) noexcept { Ref(std::move(o)).swap(*this); return *this; }
    void swap(Ref &o) noexcept { std::swap(m_p, o.m_p); }
    void reset() { Ref().swap(*this); }

    T *get() const { return m_p; }
    T *operator->() const { return m_p; }
    T &operator*() const { return *m_p; }
    explicit operator bool() const { return m_p != nullptr; }

private:
    T *m_p = nullptr;
};

template<typename T, typename... A>
Ref<T> make(A &&...args)
{
    return Ref<T>(new T(std::forward<A>(args)...));
}

// A Python value: 16 bytes, cheap to copy. Scalars live inline; everything
// else is a counted pointer to an immutable (str, bytes, tuple, ...) or
// interpreter-owned mutable object.
class Value
{
public:
    Value() : m_kind(Kind::Invalid), m_int(0) {}
    Value(const Value &o) : m_kind(o.m_kind), m_int(o.m_int)
    {
        if (isObject())
            m_object->ref();
    }
    Value(Value &&o) noexcept : m_kind(o.m_kind), m_int(o.m_int) { o.m_kind = Kind::Invalid; }
    template<typename T>
    Value(const Ref<T> &r) : Value(static_cast<Object *>(r.get())) {}
    // Takes a new reference.
    explicit Value(Object *o) : m_kind(o ? o->kind() : Kind::Invalid), m_object(o)
    {
        if (o)
            o->ref();
    }
    ~Value()
    {
        if (isObject()) {
            // An object kind always has its object (tells GCC's flow analysis so).
            if (!m_object)
                __builtin_unreachable();
            m_object->deref();
        }
    }
    Value &operator=(const Value &o)
    {
        Value(o).swap(*this);
        return *this;
    }
    Value &operator=(Value &&o) noexcept
    {
        Value(std::move(o)).swap(*this);
        return *this;
    }
    void swap(Value &o) noexcept
    {
        std::swap(m_kind, o.m_kind);
        std::swap(m_int, o.m_int);
    }

    static Value none() { Value v; v.m_kind = Kind::None; return v; }
    static Value ellipsis() { Value v; v.m_kind = Kind::Ellipsis; return v; }
    static Value notImplemented() { Value v; v.m_kind = Kind::NotImplemented; return v; }
    static Value fromBool(bool b) { Value v; v.m_kind = Kind::Bool; v.m_int = b ? 1 : 0; return v; }
    static Value fromInt(qint64 i) { Value v; v.m_kind = Kind::Int; v.m_int = i; return v; }
    static Value fromFloat(double d) { Value v; v.m_kind = Kind::Float; v.m_float = d; return v; }
    // A new str / bytes (objects.h has the rest of the constructors).
    static Value str(QString s);
    static Value str(QStringView s) { return str(s.toString()); }
    static Value bytes(QByteArray b);

    Kind kind() const { return m_kind; }
    bool isValid() const { return m_kind != Kind::Invalid; }
    bool isObject() const { return m_kind >= Kind::Str; }
    bool isNone() const { return m_kind == Kind::None; }
    bool isBool() const { return m_kind == Kind::Bool; }
    bool isInt() const { return m_kind == Kind::Int; }
    // int or bool: what Python's operator.index accepts from the built-ins.
    bool isIntegral() const { return m_kind == Kind::Int || m_kind == Kind::Bool; }
    bool isFloat() const { return m_kind == Kind::Float; }
    bool isNumber() const { return m_kind == Kind::Int || m_kind == Kind::Bool || m_kind == Kind::Float; }
    bool isStr() const { return m_kind == Kind::Str; }
    bool is(Kind k) const { return m_kind == k; }

    bool asBool() const { return m_int != 0; }
    qint64 asInt() const { return m_int; } // Int and Bool
    double asFloat() const { return m_float; }
    // int, bool or float as a double.
    double toDouble() const { return m_kind == Kind::Float ? m_float : double(m_int); }
    Object *object() const { return isObject() ? m_object : nullptr; }
    template<typename T>
    T *as() const { return static_cast<T *>(m_object); }
    // The text of a str (precondition: isStr()).
    const QString &text() const;

    // Same object (or same scalar bits): Python's `is`.
    bool isSameAs(const Value &o) const
    {
        if (m_kind != o.m_kind)
            return false;
        return m_kind <= Kind::NotImplemented ? m_int == o.m_int : m_object == o.m_object;
    }

private:
    Kind m_kind;
    union {
        qint64 m_int;
        double m_float;
        Object *m_object;
    };
};

// The hash of a str's text (what dict keys and sets use).
size_t hashText(QStringView text);

} // namespace pm::python
