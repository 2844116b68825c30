// Python's operators over the value kinds: truth, equality, ordering,
// hashing, arithmetic, containment, subscripts, slices and iteration.

#include <cmath>

#include "python/format.h"
#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

[[noreturn]] void overflow(Interpreter &interp)
{
    interp.raise(ExceptionType::OverflowError,
                 u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
}

const Value *classDunder(Interpreter &interp, const Value &v, const Value &name)
{
    if (!v.is(Kind::Instance))
        return nullptr;
    auto *cls = v.as<InstanceObject>()->cls.get();
    const Value *m = cls->lookup(name, interp.hash(name));
    if (!m || !m->is(Kind::Function))
        return nullptr;
    return m;
}

Value callDunder(Interpreter &interp, const Value *method, const Value &self, std::vector<Value> args)
{
    return Interpreter::Internal::callPython(interp, method->as<FunctionObject>(), self, Args{args, {}});
}

// ---- iterators over the built-in kinds

class SequenceIterator final : public IteratorObject
{
public:
    explicit SequenceIterator(Value seq) : m_seq(std::move(seq)) {}
    QString typeName() const override { return m_seq.is(Kind::List) ? u"list_iterator"_s : u"tuple_iterator"_s; }
    bool next(Interpreter &, Value &out) override
    {
        const auto &items = m_seq.is(Kind::List) ? m_seq.as<ListObject>()->items : m_seq.as<TupleObject>()->items;
        if (m_index >= items.size())
            return false;
        out = items[m_index++];
        return true;
    }

private:
    Value m_seq;
    size_t m_index = 0;
};

class StrIterator final : public IteratorObject
{
public:
    explicit StrIterator(Value s) : m_str(std::move(s)) {}
    QString typeName() const override { return u"str_ascii_iterator"_s; }
    bool next(Interpreter &, Value &out) override
    {
        const QString &t = m_str.text();
        if (m_index >= t.size())
            return false;
        out = Value::str(QString(t[m_index++]));
        return true;
    }

private:
    Value m_str;
    qsizetype m_index = 0;
};

class BytesIterator final : public IteratorObject
{
public:
    explicit BytesIterator(Value b) : m_bytes(std::move(b)) {}
    QString typeName() const override { return u"bytes_iterator"_s; }
    bool next(Interpreter &, Value &out) override
    {
        const QByteArray &d = m_bytes.as<BytesObject>()->data;
        if (m_index >= d.size())
            return false;
        out = Value::fromInt(static_cast<unsigned char>(d[m_index++]));
        return true;
    }

private:
    Value m_bytes;
    qsizetype m_index = 0;
};

class RangeIterator final : public IteratorObject
{
public:
    explicit RangeIterator(const RangeObject *r) : m_next(r->start), m_step(r->step), m_left(r->length()) {}
    QString typeName() const override { return u"range_iterator"_s; }
    bool next(Interpreter &, Value &out) override
    {
        if (m_left <= 0)
            return false;
        out = Value::fromInt(m_next);
        m_next += m_step;
        --m_left;
        return true;
    }

private:
    qint64 m_next, m_step, m_left;
};

class MapIterator final : public IteratorObject
{
public:
    enum class What : quint8 { Keys, Values, Items };
    MapIterator(Value owner, const OrderedMap *map, What what, QString name)
        : m_owner(std::move(owner)), m_map(map), m_what(what), m_name(std::move(name)), m_version(map->version()),
          m_size(map->size())
    {
    }
    QString typeName() const override { return m_name; }
    bool next(Interpreter &interp, Value &out) override
    {
        if (m_map->version() != m_version && m_map->size() != m_size)
            interp.raise(ExceptionType::RuntimeError,
                         m_owner.is(Kind::Dict) ? u"dictionary changed size during iteration"_s
                                                : u"Set changed size during iteration"_s);
        m_index = m_map->next(m_index);
        if (m_index < 0) {
            m_index = std::numeric_limits<qsizetype>::max() - 1;
            return false;
        }
        const OrderedMap::Entry &e = m_map->entry(m_index);
        switch (m_what) {
        case What::Keys: out = e.key; break;
        case What::Values: out = e.value; break;
        case What::Items: out = makeTuple({e.key, e.value}); break;
        }
        return true;
    }

private:
    Value m_owner; // keeps the map alive
    const OrderedMap *m_map;
    What m_what;
    QString m_name;
    quint32 m_version;
    qsizetype m_size;
    qsizetype m_index = -1;
};

// An instance whose class defines __next__ (and __iter__).
class ProtocolIterator final : public IteratorObject
{
public:
    explicit ProtocolIterator(Value it) : m_it(std::move(it)) {}
    QString typeName() const override { return u"iterator"_s; }
    bool next(Interpreter &interp, Value &out) override
    {
        if (m_done)
            return false;
        try {
            out = interp.callMethod(m_it, u"__next__"_s, Args{});
            return true;
        } catch (const PyException &e) {
            if (interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::StopIteration))) {
                m_done = true;
                return false;
            }
            throw;
        }
    }

private:
    Value m_it;
    bool m_done = false;
};

// An instance with __getitem__ only: indexes 0, 1, ... until IndexError.
class GetItemIterator final : public IteratorObject
{
public:
    explicit GetItemIterator(Value obj) : m_obj(std::move(obj)) {}
    QString typeName() const override { return u"iterator"_s; }
    bool next(Interpreter &interp, Value &out) override
    {
        if (m_done)
            return false;
        try {
            out = interp.getItem(m_obj, Value::fromInt(m_index++));
            return true;
        } catch (const PyException &e) {
            if (interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::IndexError))
                || interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::StopIteration))) {
                m_done = true;
                return false;
            }
            throw;
        }
    }

private:
    Value m_obj;
    qint64 m_index = 0;
    bool m_done = false;
};

bool numberEquals(const Value &a, const Value &b)
{
    if (a.isFloat() || b.isFloat()) {
        if (a.isFloat() && b.isFloat())
            return a.asFloat() == b.asFloat();
        const double d = a.isFloat() ? a.asFloat() : b.asFloat();
        const qint64 i = a.isFloat() ? b.asInt() : a.asInt();
        if (std::isnan(d) || std::isinf(d))
            return false;
        if (d != std::floor(d) || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18)
            return false;
        return qint64(d) == i;
    }
    return a.asInt() == b.asInt();
}

// -1, 0, 1; numbers only (NaN compares as unordered: returns 2).
int numberCompare(const Value &a, const Value &b)
{
    if (!a.isFloat() && !b.isFloat())
        return a.asInt() < b.asInt() ? -1 : a.asInt() > b.asInt() ? 1 : 0;
    if (a.isFloat() && b.isFloat()) {
        const double x = a.asFloat(), y = b.asFloat();
        if (std::isnan(x) || std::isnan(y))
            return 2;
        return x < y ? -1 : x > y ? 1 : 0;
    }
    // int against float, exactly.
    const bool floatLeft = a.isFloat();
    const double d = floatLeft ? a.asFloat() : b.asFloat();
    const qint64 i = floatLeft ? b.asInt() : a.asInt();
    int c; // compare(i, d)
    if (std::isnan(d))
        return 2;
    if (d >= 9.2233720368547758e18)
        c = -1;
    else if (d < -9.2233720368547758e18)
        c = 1;
    else {
        const double f = std::floor(d);
        const qint64 fi = qint64(f);
        if (i < fi)
            c = -1;
        else if (i > fi)
            c = 1;
        else
            c = f < d ? -1 : 0;
    }
    return floatLeft ? -c : c;
}

QString compareSymbol(CompareOperator op)
{
    return operatorText(op).toString();
}

const Value &dunderFor(Interpreter::Internal &in, CompareOperator op)
{
    switch (op) {
    case CompareOperator::Eq: return in.sEq;
    case CompareOperator::NotEq: return in.sNe;
    case CompareOperator::Lt: return in.sLt;
    case CompareOperator::LtE: return in.sLe;
    case CompareOperator::Gt: return in.sGt;
    default: return in.sGe;
    }
}

CompareOperator reflected(CompareOperator op)
{
    switch (op) {
    case CompareOperator::Lt: return CompareOperator::Gt;
    case CompareOperator::LtE: return CompareOperator::GtE;
    case CompareOperator::Gt: return CompareOperator::Lt;
    case CompareOperator::GtE: return CompareOperator::LtE;
    default: return op;
    }
}

// Ordering of two values of built-in kinds: -1/0/1, or 2 for "not ordered" (NaN), or 3 for "not supported".
int builtinOrder(Interpreter &interp, const Value &a, const Value &b)
{
    if (a.isNumber() && b.isNumber())
        return numberCompare(a, b);
    if (a.isStr() && b.isStr()) {
        const int c = a.text().compare(b.text());
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if (a.is(Kind::Bytes) && b.is(Kind::Bytes)) {
        const int c = a.as<BytesObject>()->data.compare(b.as<BytesObject>()->data);
        return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    if ((a.is(Kind::Tuple) && b.is(Kind::Tuple)) || (a.is(Kind::List) && b.is(Kind::List))) {
        const auto &x = a.is(Kind::Tuple) ? a.as<TupleObject>()->items : a.as<ListObject>()->items;
        const auto &y = b.is(Kind::Tuple) ? b.as<TupleObject>()->items : b.as<ListObject>()->items;
        const size_t n = std::min(x.size(), y.size());
        for (size_t i = 0; i < n; ++i) {
            if (interp.equals(x[i], y[i]))
                continue;
            return interp.lessThan(x[i], y[i]) ? -1 : 1;
        }
        return x.size() < y.size() ? -1 : x.size() > y.size() ? 1 : 0;
    }
    return 3;
}

} // namespace

// ---------------------------------------------------------------- truth, equality, order, hash

bool Interpreter::truth(const Value &v)
{
    switch (v.kind()) {
    case Kind::None:
        return false;
    case Kind::Bool:
    case Kind::Int:
        return v.asInt() != 0;
    case Kind::Float:
        return v.asFloat() != 0;
    case Kind::Str:
        return !v.text().isEmpty();
    case Kind::Bytes:
        return !v.as<BytesObject>()->data.isEmpty();
    case Kind::Tuple:
        return !v.as<TupleObject>()->items.empty();
    case Kind::List:
        return !v.as<ListObject>()->items.empty();
    case Kind::Dict:
        return !v.as<DictObject>()->map.isEmpty();
    case Kind::Set:
    case Kind::FrozenSet:
        return !v.as<SetObject>()->map.isEmpty();
    case Kind::Range:
        return v.as<RangeObject>()->length() > 0;
    case Kind::DictView:
        return !v.as<DictViewObject>()->dict->map.isEmpty();
    case Kind::Opaque:
        refuseOpaque(v);
    case Kind::Host:
        return v.as<HostObject>()->truth(*this);
    case Kind::Instance: {
        Internal &in = *m_internal;
        if (const Value *m = classDunder(*this, v, in.sBool)) {
            const Value r = callDunder(*this, m, v, {});
            if (!r.isBool())
                raise(ExceptionType::TypeError, u"__bool__ should return bool, returned "_s + typeName(r));
            return r.asBool();
        }
        if (const Value *m = classDunder(*this, v, in.sLen))
            return toIndex(*this, callDunder(*this, m, v, {})) != 0;
        return true;
    }
    default:
        return true;
    }
}

bool Interpreter::equals(const Value &a, const Value &b)
{
    if (a.isNumber() && b.isNumber())
        return numberEquals(a, b);
    if (a.isSameAs(b) && !a.is(Kind::Opaque))
        return true;
    if (a.is(Kind::Opaque))
        refuseOpaque(a);
    if (b.is(Kind::Opaque))
        refuseOpaque(b);
    if (a.is(Kind::Instance) || b.is(Kind::Instance) || a.is(Kind::Host) || b.is(Kind::Host))
        return truth(richCompare(*this, CompareOperator::Eq, a, b));
    const Kind ka = a.kind();
    const Kind kb = b.kind();
    const bool setA = ka == Kind::Set || ka == Kind::FrozenSet;
    const bool setB = kb == Kind::Set || kb == Kind::FrozenSet;
    if (ka != kb && !(setA && setB))
        return false;
    switch (ka) {
    case Kind::Str:
        return a.text() == b.text();
    case Kind::Bytes:
        return a.as<BytesObject>()->data == b.as<BytesObject>()->data;
    case Kind::Tuple:
    case Kind::List: {
        const auto &x = ka == Kind::Tuple ? a.as<TupleObject>()->items : a.as<ListObject>()->items;
        const auto &y = ka == Kind::Tuple ? b.as<TupleObject>()->items : b.as<ListObject>()->items;
        if (x.size() != y.size())
            return false;
        checkStack();
        for (size_t i = 0; i < x.size(); ++i)
            if (!x[i].isSameAs(y[i]) && !equals(x[i], y[i]))
                return false;
        return true;
    }
    case Kind::Dict: {
        const OrderedMap &x = a.as<DictObject>()->map;
        const OrderedMap &y = b.as<DictObject>()->map;
        if (x.size() != y.size())
            return false;
        checkStack();
        for (qsizetype i = x.next(-1); i >= 0; i = x.next(i)) {
            const Value *v = y.value(x.entry(i).key, x.entry(i).hash);
            if (!v || (!v->isSameAs(x.entry(i).value) && !equals(x.entry(i).value, *v)))
                return false;
        }
        return true;
    }
    case Kind::Set:
    case Kind::FrozenSet: {
        const OrderedMap &x = a.as<SetObject>()->map;
        const OrderedMap &y = b.as<SetObject>()->map;
        if (x.size() != y.size())
            return false;
        for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
            if (y.find(x.entry(i).key, x.entry(i).hash) < 0)
                return false;
        return true;
    }
    case Kind::Range: {
        auto *x = a.as<RangeObject>();
        auto *y = b.as<RangeObject>();
        const qint64 n = x->length();
        if (n != y->length())
            return false;
        if (n == 0)
            return true;
        if (x->start != y->start)
            return false;
        return n == 1 || x->step == y->step;
    }
    case Kind::Slice: {
        auto *x = a.as<SliceObject>();
        auto *y = b.as<SliceObject>();
        return equals(x->start, y->start) && equals(x->stop, y->stop) && equals(x->step, y->step);
    }
    case Kind::BoundMethod: {
        auto *x = a.as<BoundMethodObject>();
        auto *y = b.as<BoundMethodObject>();
        return x->self.isSameAs(y->self) && x->function.isSameAs(y->function);
    }
    case Kind::Native: {
        auto *x = a.as<NativeObject>();
        auto *y = b.as<NativeObject>();
        return x->function && x->function == y->function && x->self.isSameAs(y->self);
    }
    default:
        return false;
    }
}

bool Interpreter::lessThan(const Value &a, const Value &b)
{
    return truth(richCompare(*this, CompareOperator::Lt, a, b));
}

Value richCompare(Interpreter &interp, CompareOperator op, const Value &a, const Value &b)
{
    switch (op) {
    case CompareOperator::Is:
    case CompareOperator::IsNot: {
        if ((a.is(Kind::Opaque) || b.is(Kind::Opaque)) && !a.isSameAs(b))
            interp.refuseOpaque(a.is(Kind::Opaque) ? a : b);
        const bool same = a.isSameAs(b);
        return Value::fromBool(op == CompareOperator::Is ? same : !same);
    }
    case CompareOperator::In:
        return Value::fromBool(interp.contains(b, a));
    case CompareOperator::NotIn:
        return Value::fromBool(!interp.contains(b, a));
    default:
        break;
    }
    if (a.isNumber() && b.isNumber()) {
        if (op == CompareOperator::Eq)
            return Value::fromBool(numberEquals(a, b));
        if (op == CompareOperator::NotEq)
            return Value::fromBool(!numberEquals(a, b));
        const int c = numberCompare(a, b);
        if (c == 2)
            return Value::fromBool(false);
        switch (op) {
        case CompareOperator::Lt: return Value::fromBool(c < 0);
        case CompareOperator::LtE: return Value::fromBool(c <= 0);
        case CompareOperator::Gt: return Value::fromBool(c > 0);
        default: return Value::fromBool(c >= 0);
        }
    }
    if (a.is(Kind::Opaque))
        interp.refuseOpaque(a);
    if (b.is(Kind::Opaque))
        interp.refuseOpaque(b);
    Interpreter::Internal &in = interp.internal();
    // User classes and host objects first, the left operand, then the reflected right.
    if (a.is(Kind::Host)) {
        const Value r = a.as<HostObject>()->compare(interp, op, b);
        if (r.isValid())
            return r;
    } else if (const Value *m = classDunder(interp, a, dunderFor(in, op))) {
        const Value r = callDunder(interp, m, a, {b});
        if (!r.is(Kind::NotImplemented))
            return r;
    }
    if (b.is(Kind::Host)) {
        const Value r = b.as<HostObject>()->compare(interp, reflected(op), a);
        if (r.isValid())
            return r;
    } else if (const Value *m = classDunder(interp, b, dunderFor(in, reflected(op)))) {
        const Value r = callDunder(interp, m, b, {a});
        if (!r.is(Kind::NotImplemented))
            return r;
    }
    if (op == CompareOperator::Eq || op == CompareOperator::NotEq) {
        bool eq;
        if (a.is(Kind::Instance) || b.is(Kind::Instance) || a.is(Kind::Host) || b.is(Kind::Host))
            eq = a.isSameAs(b);
        else
            eq = interp.equals(a, b);
        return Value::fromBool(op == CompareOperator::Eq ? eq : !eq);
    }
    const bool setA = a.is(Kind::Set) || a.is(Kind::FrozenSet);
    const bool setB = b.is(Kind::Set) || b.is(Kind::FrozenSet);
    if (setA && setB) {
        const OrderedMap &x = a.as<SetObject>()->map;
        const OrderedMap &y = b.as<SetObject>()->map;
        auto subset = [](const OrderedMap &p, const OrderedMap &q) {
            if (p.size() > q.size())
                return false;
            for (qsizetype i = p.next(-1); i >= 0; i = p.next(i))
                if (q.find(p.entry(i).key, p.entry(i).hash) < 0)
                    return false;
            return true;
        };
        switch (op) {
        case CompareOperator::LtE: return Value::fromBool(subset(x, y));
        case CompareOperator::Lt: return Value::fromBool(x.size() < y.size() && subset(x, y));
        case CompareOperator::GtE: return Value::fromBool(subset(y, x));
        default: return Value::fromBool(y.size() < x.size() && subset(y, x));
        }
    }
    interp.checkStack();
    const int c = builtinOrder(interp, a, b);
    if (c == 3)
        interp.raise(ExceptionType::TypeError, u"'"_s + compareSymbol(op) + u"' not supported between instances of '"_s
                                                   + interp.typeName(a) + u"' and '"_s + interp.typeName(b) + u"'"_s);
    if (c == 2)
        return Value::fromBool(false);
    switch (op) {
    case CompareOperator::Lt: return Value::fromBool(c < 0);
    case CompareOperator::LtE: return Value::fromBool(c <= 0);
    case CompareOperator::Gt: return Value::fromBool(c > 0);
    default: return Value::fromBool(c >= 0);
    }
}

bool compareOp(Interpreter &interp, CompareOperator op, const Value &a, const Value &b)
{
    return interp.truth(richCompare(interp, op, a, b));
}

size_t Interpreter::hash(const Value &v)
{
    switch (v.kind()) {
    case Kind::None:
        return 0x6e6f6e65;
    case Kind::Bool:
    case Kind::Int:
        return size_t(v.asInt());
    case Kind::Float: {
        const double d = v.asFloat();
        if (d == std::floor(d) && d >= -9.2233720368547758e18 && d < 9.2233720368547758e18)
            return size_t(qint64(d));
        return std::hash<double>()(d);
    }
    case Kind::Str: {
        auto *s = v.as<StrObject>();
        if (!s->hashed) {
            s->hash = hashText(s->text);
            s->hashed = true;
        }
        return s->hash;
    }
    case Kind::Bytes:
        return qHash(v.as<BytesObject>()->data, 0);
    case Kind::Tuple: {
        checkStack();
        size_t h = 0x345678;
        for (const Value &item : v.as<TupleObject>()->items)
            h = (h ^ hash(item)) * 1000003u;
        return h;
    }
    case Kind::FrozenSet: {
        size_t h = 0x1f2e3d;
        const OrderedMap &m = v.as<SetObject>()->map;
        for (qsizetype i = m.next(-1); i >= 0; i = m.next(i)) {
            const size_t e = m.entry(i).hash;
            h ^= (e ^ (e << 16) ^ 89869747u) * 3644798167u;
        }
        return h;
    }
    case Kind::List:
    case Kind::Dict:
    case Kind::Set:
    case Kind::Slice:
    case Kind::DictView:
        raise(ExceptionType::TypeError, u"unhashable type: '"_s + typeName(v) + u"'"_s);
    case Kind::Opaque:
        refuseOpaque(v);
    case Kind::Host:
        return v.as<HostObject>()->hash(*this);
    case Kind::Range: {
        auto *r = v.as<RangeObject>();
        return size_t(r->start) * 31 + size_t(r->stop) * 17 + size_t(r->step);
    }
    case Kind::Instance: {
        if (const Value *m = classDunder(*this, v, m_internal->sHash)) {
            const Value r = callDunder(*this, m, v, {});
            return size_t(toIndex(*this, r));
        }
        return std::hash<const void *>()(v.object());
    }
    default:
        return std::hash<const void *>()(v.object()) ^ size_t(v.kind());
    }
}

qint64 Interpreter::length(const Value &v)
{
    switch (v.kind()) {
    case Kind::Str:
        return v.text().size();
    case Kind::Bytes:
        return v.as<BytesObject>()->data.size();
    case Kind::Tuple:
        return qint64(v.as<TupleObject>()->items.size());
    case Kind::List:
        return qint64(v.as<ListObject>()->items.size());
    case Kind::Dict:
        return v.as<DictObject>()->map.size();
    case Kind::Set:
    case Kind::FrozenSet:
        return v.as<SetObject>()->map.size();
    case Kind::Range:
        return v.as<RangeObject>()->length();
    case Kind::DictView:
        return v.as<DictViewObject>()->dict->map.size();
    case Kind::Opaque:
        refuseOpaque(v);
    case Kind::Host:
        if (const std::optional<qint64> n = v.as<HostObject>()->length(*this))
            return *n;
        break;
    case Kind::Class:
        if (v.as<ClassObject>()->isEnum)
            return qint64(v.as<ClassObject>()->enumMembers.size());
        break;
    case Kind::Instance:
        if (const Value *m = classDunder(*this, v, m_internal->sLen)) {
            const qint64 n = toIndex(*this, callDunder(*this, m, v, {}));
            if (n < 0)
                raise(ExceptionType::ValueError, u"__len__() should return >= 0"_s);
            return n;
        }
        break;
    default:
        break;
    }
    raise(ExceptionType::TypeError, u"object of type '"_s + typeName(v) + u"' has no len()"_s);
}

bool Interpreter::contains(const Value &container, const Value &item)
{
    switch (container.kind()) {
    case Kind::Str:
        if (!item.isStr()) {
            requireConcrete(item);
            raise(ExceptionType::TypeError,
                  u"'in <string>' requires string as left operand, not "_s + typeName(item));
        }
        return container.text().contains(item.text());
    case Kind::Bytes:
        if (item.isIntegral()) {
            const qint64 b = item.asInt();
            if (b < 0 || b > 255)
                raise(ExceptionType::ValueError, u"byte must be in range(0, 256)"_s);
            return container.as<BytesObject>()->data.contains(char(b));
        }
        if (item.is(Kind::Bytes))
            return container.as<BytesObject>()->data.contains(item.as<BytesObject>()->data);
        raise(ExceptionType::TypeError, u"a bytes-like object is required, not '"_s + typeName(item) + u"'"_s);
    case Kind::Tuple:
    case Kind::List: {
        const auto &items = container.is(Kind::Tuple) ? container.as<TupleObject>()->items : container.as<ListObject>()->items;
        for (size_t i = 0; i < items.size(); ++i) {
            if (items[i].isSameAs(item) && !item.is(Kind::Opaque))
                return true;
            if (equals(items[i], item))
                return true;
        }
        return false;
    }
    case Kind::Dict:
        return container.as<DictObject>()->map.find(item, hash(item)) >= 0;
    case Kind::Set:
    case Kind::FrozenSet:
        return container.as<SetObject>()->map.find(item, hash(item)) >= 0;
    case Kind::DictView: {
        auto *view = container.as<DictViewObject>();
        const OrderedMap &map = view->dict->map;
        if (view->which == DictViewObject::Which::Keys)
            return map.find(item, hash(item)) >= 0;
        if (view->which == DictViewObject::Which::Items) {
            if (!item.is(Kind::Tuple) || item.as<TupleObject>()->items.size() != 2)
                return false;
            const Value &k = item.as<TupleObject>()->items[0];
            const Value *v = map.value(k, hash(k));
            return v && equals(*v, item.as<TupleObject>()->items[1]);
        }
        for (qsizetype i = map.next(-1); i >= 0; i = map.next(i))
            if (equals(map.entry(i).value, item))
                return true;
        return false;
    }
    case Kind::Range: {
        auto *r = container.as<RangeObject>();
        if (!item.isIntegral()) {
            if (item.isFloat())
                return numberEquals(item, item) && [&] {
                    const double d = item.asFloat();
                    if (d != std::floor(d))
                        return false;
                    return contains(container, Value::fromInt(qint64(d)));
                }();
            for (qint64 i = 0, n = r->length(); i < n; ++i) {
                chargeSteps(1);
                if (equals(Value::fromInt(r->at(i)), item))
                    return true;
            }
            return false;
        }
        const qint64 x = item.asInt();
        if (r->step > 0 ? (x < r->start || x >= r->stop) : (x > r->start || x <= r->stop))
            return false;
        return (x - r->start) % r->step == 0;
    }
    case Kind::Opaque:
        refuseOpaque(container);
    case Kind::Host: {
        if (const std::optional<bool> r = container.as<HostObject>()->contains(*this, item))
            return *r;
        const Value it = container.as<HostObject>()->iterate(*this);
        if (!it.isValid())
            raise(ExceptionType::TypeError, u"argument of type '"_s + typeName(container) + u"' is not iterable"_s);
        Value x;
        while (next(it, x))
            if (equals(x, item))
                return true;
        return false;
    }
    case Kind::Class:
        if (container.as<ClassObject>()->isEnum) {
            for (const Value &m : container.as<ClassObject>()->enumMembers)
                if (m.isSameAs(item))
                    return true;
            return false;
        }
        break;
    case Kind::Instance: {
        if (const Value *m = classDunder(*this, container, m_internal->sContains))
            return truth(callDunder(*this, m, container, {item}));
        if (classDunder(*this, container, m_internal->sIter) || classDunder(*this, container, m_internal->sGetitem)) {
            const Value it = iterate(container);
            Value x;
            while (next(it, x))
                if (equals(x, item))
                    return true;
            return false;
        }
        break;
    }
    case Kind::Iterator: {
        Value x;
        while (next(container, x))
            if (equals(x, item))
                return true;
        return false;
    }
    default:
        break;
    }
    raise(ExceptionType::TypeError, u"argument of type '"_s + typeName(container) + u"' is not iterable"_s);
}

// ---------------------------------------------------------------- iteration

Value Interpreter::iterate(const Value &v)
{
    switch (v.kind()) {
    case Kind::List:
    case Kind::Tuple:
        return Value(new SequenceIterator(v));
    case Kind::Str:
        return Value(new StrIterator(v));
    case Kind::Bytes:
        return Value(new BytesIterator(v));
    case Kind::Range:
        return Value(new RangeIterator(v.as<RangeObject>()));
    case Kind::Dict:
        return Value(new MapIterator(v, &v.as<DictObject>()->map, MapIterator::What::Keys, u"dict_keyiterator"_s));
    case Kind::Set:
    case Kind::FrozenSet:
        return Value(new MapIterator(v, &v.as<SetObject>()->map, MapIterator::What::Keys, u"set_iterator"_s));
    case Kind::DictView: {
        auto *view = v.as<DictViewObject>();
        const auto what = view->which == DictViewObject::Which::Keys ? MapIterator::What::Keys
            : view->which == DictViewObject::Which::Values           ? MapIterator::What::Values
                                                                     : MapIterator::What::Items;
        return Value(new MapIterator(Value(view->dict), &view->dict->map, what, u"dict_iterator"_s));
    }
    case Kind::Iterator:
        return v;
    case Kind::Opaque:
        refuseOpaque(v);
    case Kind::Host: {
        const Value it = v.as<HostObject>()->iterate(*this);
        if (it.isValid())
            return it.is(Kind::Iterator) ? it : iterate(it);
        break;
    }
    case Kind::Class:
        if (v.as<ClassObject>()->isEnum)
            return iterate(makeList(v.as<ClassObject>()->enumMembers));
        break;
    case Kind::Instance: {
        if (const Value *m = classDunder(*this, v, m_internal->sIter)) {
            const Value it = callDunder(*this, m, v, {});
            if (it.is(Kind::Iterator))
                return it;
            if (!classDunder(*this, it, m_internal->sNext))
                raise(ExceptionType::TypeError, u"iter() returned non-iterator of type '"_s + typeName(it) + u"'"_s);
            return Value(new ProtocolIterator(it));
        }
        if (classDunder(*this, v, m_internal->sGetitem))
            return Value(new GetItemIterator(v));
        break;
    }
    default:
        break;
    }
    raise(ExceptionType::TypeError, u"'"_s + typeName(v) + u"' object is not iterable"_s);
}

bool Interpreter::next(const Value &iterator, Value &out)
{
    chargeSteps(1);
    return iterator.as<IteratorObject>()->next(*this, out);
}

std::vector<Value> Interpreter::toVector(const Value &iterable)
{
    if (iterable.is(Kind::List))
        return iterable.as<ListObject>()->items;
    if (iterable.is(Kind::Tuple))
        return iterable.as<TupleObject>()->items;
    std::vector<Value> out;
    const Value it = iterate(iterable);
    Value v;
    while (next(it, v)) {
        out.push_back(std::move(v));
        if ((out.size() & 0xfff) == 0)
            checkSize(qsizetype(out.size()));
    }
    checkSize(qsizetype(out.size()));
    return out;
}

// ---------------------------------------------------------------- indexes and slices

qint64 toIndex(Interpreter &interp, const Value &v)
{
    if (v.isIntegral())
        return v.asInt();
    interp.requireConcrete(v);
    interp.raise(ExceptionType::TypeError, u"'"_s + interp.typeName(v) + u"' object cannot be interpreted as an integer"_s);
}

qint64 sequenceIndex(Interpreter &interp, const Value &index, qint64 length, const char *what, const char *typeName)
{
    if (!index.isIntegral()) {
        interp.requireConcrete(index);
        interp.raise(ExceptionType::TypeError, QString::fromLatin1(typeName) + u" indices must be integers or slices, not "_s
                                                   + interp.typeName(index));
    }
    qint64 i = index.asInt();
    if (i < 0)
        i += length;
    if (i < 0 || i >= length)
        interp.raise(ExceptionType::IndexError, QString::fromLatin1(what));
    return i;
}

SliceRange sliceIndices(Interpreter &interp, const SliceObject *slice, qint64 length)
{
    auto part = [&](const Value &v, bool &present) -> qint64 {
        present = !v.isNone();
        if (!present)
            return 0;
        if (!v.isIntegral()) {
            interp.requireConcrete(v);
            interp.raise(ExceptionType::TypeError,
                         u"slice indices must be integers or None or have an __index__ method"_s);
        }
        return v.asInt();
    };
    SliceRange r;
    bool hasStep, hasStart, hasStop;
    r.step = part(slice->step, hasStep);
    if (!hasStep)
        r.step = 1;
    if (r.step == 0)
        interp.raise(ExceptionType::ValueError, u"slice step cannot be zero"_s);
    const qint64 start = part(slice->start, hasStart);
    const qint64 stop = part(slice->stop, hasStop);
    auto clamp = [&](qint64 v, bool present, bool isStart) -> qint64 {
        if (!present)
            return r.step > 0 ? (isStart ? 0 : length) : (isStart ? length - 1 : -1);
        if (v < 0) {
            v += length;
            if (v < 0)
                v = r.step < 0 ? -1 : 0;
        } else if (v >= length) {
            v = r.step < 0 ? length - 1 : length;
        }
        return v;
    };
    r.start = clamp(start, hasStart, true);
    r.stop = clamp(stop, hasStop, false);
    if (r.step > 0)
        r.count = r.start < r.stop ? (r.stop - r.start - 1) / r.step + 1 : 0;
    else
        r.count = r.stop < r.start ? (r.start - r.stop - 1) / (-r.step) + 1 : 0;
    return r;
}

Value Interpreter::getItem(const Value &object, const Value &key)
{
    switch (object.kind()) {
    case Kind::List:
    case Kind::Tuple: {
        const bool list = object.is(Kind::List);
        const auto &items = list ? object.as<ListObject>()->items : object.as<TupleObject>()->items;
        if (key.is(Kind::Slice)) {
            const SliceRange r = sliceIndices(*this, key.as<SliceObject>(), qint64(items.size()));
            std::vector<Value> out;
            out.reserve(size_t(r.count));
            for (qint64 i = 0, at = r.start; i < r.count; ++i, at += r.step)
                out.push_back(items[size_t(at)]);
            chargeSteps(r.count / 16);
            return list ? makeList(std::move(out)) : makeTuple(std::move(out));
        }
        const qint64 i = sequenceIndex(*this, key, qint64(items.size()),
                                       list ? "list index out of range" : "tuple index out of range",
                                       list ? "list" : "tuple");
        return items[size_t(i)];
    }
    case Kind::Str: {
        const QString &s = object.text();
        if (key.is(Kind::Slice)) {
            const SliceRange r = sliceIndices(*this, key.as<SliceObject>(), s.size());
            if (r.step == 1)
                return Value::str(s.mid(r.start, r.count));
            QString out;
            out.reserve(r.count);
            for (qint64 i = 0, at = r.start; i < r.count; ++i, at += r.step)
                out += s[at];
            return Value::str(std::move(out));
        }
        if (!key.isIntegral()) {
            requireConcrete(key);
            raise(ExceptionType::TypeError, u"string indices must be integers, not '"_s + typeName(key) + u"'"_s);
        }
        const qint64 i = sequenceIndex(*this, key, s.size(), "string index out of range", "string");
        return Value::str(QString(s[i]));
    }
    case Kind::Bytes: {
        const QByteArray &b = object.as<BytesObject>()->data;
        if (key.is(Kind::Slice)) {
            const SliceRange r = sliceIndices(*this, key.as<SliceObject>(), b.size());
            QByteArray out;
            for (qint64 i = 0, at = r.start; i < r.count; ++i, at += r.step)
                out += b[at];
            return Value::bytes(std::move(out));
        }
        const qint64 i = sequenceIndex(*this, key, b.size(), "index out of range", "byte");
        return Value::fromInt(static_cast<unsigned char>(b[i]));
    }
    case Kind::Range: {
        auto *r = object.as<RangeObject>();
        if (key.is(Kind::Slice)) {
            const SliceRange s = sliceIndices(*this, key.as<SliceObject>(), r->length());
            const qint64 start = r->at(s.start);
            const qint64 step = r->step * s.step;
            return Value(new RangeObject(start, start + s.count * step, step));
        }
        const qint64 i = sequenceIndex(*this, key, r->length(), "range object index out of range", "range");
        return Value::fromInt(r->at(i));
    }
    case Kind::Dict: {
        auto *d = object.as<DictObject>();
        if (const Value *v = d->map.value(key, hash(key)))
            return *v;
        if (d->defaultFactory.isValid() && !d->defaultFactory.isNone()) {
            const Value v = call(d->defaultFactory, Args{});
            d->map.insert(key, hash(key), v);
            return v;
        }
        if (d->subtype && d->subtype->name == u"Counter")
            return Value::fromInt(0);
        std::vector<Value> args{key};
        raise(call(exceptionClass(ExceptionType::KeyError), Args{args, {}}));
    }
    case Kind::Opaque: {
        auto *o = object.as<OpaqueObject>();
        return o->derived(o->chain + u"[...]"_s);
    }
    case Kind::Host: {
        const Value v = object.as<HostObject>()->getItem(*this, key);
        if (v.isValid())
            return v;
        break;
    }
    case Kind::Instance:
        if (const Value *m = classDunder(*this, object, m_internal->sGetitem))
            return callDunder(*this, m, object, {key});
        break;
    case Kind::Class: {
        auto *cls = object.as<ClassObject>();
        if (cls->isEnum) {
            for (const Value &m : cls->enumMembers)
                if (equals(findAttribute(m, Value::str(u"name"_s)), key))
                    return m;
            std::vector<Value> args{key};
            raise(call(exceptionClass(ExceptionType::KeyError), Args{args, {}}));
        }
        // list[int], dict[str, int]: annotations are kept as the class itself.
        if (cls->isBuiltin)
            return object;
        const Value cgi = findAttribute(object, Value::str(u"__class_getitem__"_s));
        if (cgi.isValid()) {
            std::vector<Value> args{key};
            return call(cgi, Args{args, {}});
        }
        raise(ExceptionType::TypeError, u"type '"_s + cls->name + u"' is not subscriptable"_s);
    }
    default:
        break;
    }
    raise(ExceptionType::TypeError, u"'"_s + typeName(object) + u"' object is not subscriptable"_s);
}

void setItem(Interpreter &interp, const Value &object, const Value &key, const Value &value)
{
    switch (object.kind()) {
    case Kind::List: {
        auto &items = object.as<ListObject>()->items;
        if (key.is(Kind::Slice)) {
            const SliceRange r = sliceIndices(interp, key.as<SliceObject>(), qint64(items.size()));
            std::vector<Value> replacement = interp.toVector(value);
            if (r.step == 1) {
                const qint64 stop = std::max(r.start, r.stop);
                items.erase(items.begin() + r.start, items.begin() + stop);
                items.insert(items.begin() + r.start, replacement.begin(), replacement.end());
                interp.checkSize(qsizetype(items.size()));
                return;
            }
            if (qint64(replacement.size()) != r.count)
                interp.raise(ExceptionType::ValueError, u"attempt to assign sequence of size "_s
                                                            + QString::number(replacement.size())
                                                            + u" to extended slice of size "_s + QString::number(r.count));
            for (qint64 i = 0, at = r.start; i < r.count; ++i, at += r.step)
                items[size_t(at)] = replacement[size_t(i)];
            return;
        }
        const qint64 i = sequenceIndex(interp, key, qint64(items.size()), "list assignment index out of range", "list");
        items[size_t(i)] = value;
        return;
    }
    case Kind::Dict: {
        auto *d = object.as<DictObject>();
        d->map.insert(key, interp.hash(key), value);
        interp.checkSize(d->map.size());
        return;
    }
    case Kind::Opaque:
        interp.refuseOpaque(object);
    case Kind::Host:
        if (object.as<HostObject>()->setItem(interp, key, value))
            return;
        break;
    case Kind::Instance:
        if (const Value *m = classDunder(interp, object, interp.internal().sSetitem)) {
            callDunder(interp, m, object, {key, value});
            return;
        }
        break;
    default:
        break;
    }
    interp.raise(ExceptionType::TypeError, u"'"_s + interp.typeName(object) + u"' object does not support item assignment"_s);
}

void delItem(Interpreter &interp, const Value &object, const Value &key)
{
    switch (object.kind()) {
    case Kind::List: {
        auto &items = object.as<ListObject>()->items;
        if (key.is(Kind::Slice)) {
            const SliceRange r = sliceIndices(interp, key.as<SliceObject>(), qint64(items.size()));
            std::vector<bool> drop(items.size(), false);
            for (qint64 i = 0, at = r.start; i < r.count; ++i, at += r.step)
                drop[size_t(at)] = true;
            std::vector<Value> kept;
            for (size_t i = 0; i < items.size(); ++i)
                if (!drop[i])
                    kept.push_back(std::move(items[i]));
            items.swap(kept);
            return;
        }
        const qint64 i = sequenceIndex(interp, key, qint64(items.size()), "list assignment index out of range", "list");
        items.erase(items.begin() + i);
        return;
    }
    case Kind::Dict:
        if (!object.as<DictObject>()->map.remove(key, interp.hash(key))) {
            std::vector<Value> args{key};
            interp.raise(interp.call(interp.exceptionClass(ExceptionType::KeyError), Args{args, {}}));
        }
        return;
    case Kind::Opaque:
        interp.refuseOpaque(object);
    case Kind::Instance:
        if (const Value *m = classDunder(interp, object, interp.internal().sDelitem)) {
            callDunder(interp, m, object, {key});
            return;
        }
        break;
    default:
        break;
    }
    interp.raise(ExceptionType::TypeError, u"'"_s + interp.typeName(object) + u"' object doesn't support item deletion"_s);
}

// ---------------------------------------------------------------- arithmetic

namespace {

QString dunderName(BinaryOperator op, bool reflected, bool inPlace)
{
    static const char *names[] = {"add", "sub", "mul", "matmul", "truediv", "floordiv", "mod", "pow",
                                  "lshift", "rshift", "or", "xor", "and"};
    return u"__"_s + (inPlace ? u"i"_s : reflected ? u"r"_s : QString()) + QLatin1StringView(names[int(op)]) + u"__"_s;
}

qint64 floorDiv(Interpreter &interp, qint64 a, qint64 b)
{
    if (b == 0)
        interp.raise(ExceptionType::ZeroDivisionError, u"integer division or modulo by zero"_s);
    if (a == std::numeric_limits<qint64>::min() && b == -1)
        overflow(interp);
    qint64 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

qint64 floorMod(Interpreter &interp, qint64 a, qint64 b)
{
    if (b == 0)
        interp.raise(ExceptionType::ZeroDivisionError, u"integer modulo by zero"_s);
    if (b == -1)
        return 0;
    qint64 r = a % b;
    if (r != 0 && ((r < 0) != (b < 0)))
        r += b;
    return r;
}

void floatDivmod(Interpreter &interp, double vx, double wx, double &floordiv, double &mod, bool forMod)
{
    if (wx == 0)
        interp.raise(ExceptionType::ZeroDivisionError, forMod ? u"float modulo"_s : u"float floor division by zero"_s);
    mod = std::fmod(vx, wx);
    double div = (vx - mod) / wx;
    if (mod != 0) {
        if ((wx < 0) != (mod < 0)) {
            mod += wx;
            div -= 1.0;
        }
    } else {
        mod = std::copysign(0.0, wx);
    }
    if (div != 0) {
        floordiv = std::floor(div);
        if (div - floordiv > 0.5)
            floordiv += 1.0;
    } else {
        floordiv = std::copysign(0.0, vx / wx);
    }
}

Value intPow(Interpreter &interp, qint64 base, qint64 exp)
{
    if (exp < 0) {
        if (base == 0)
            interp.raise(ExceptionType::ZeroDivisionError, u"0.0 cannot be raised to a negative power"_s);
        return Value::fromFloat(std::pow(double(base), double(exp)));
    }
    qint64 result = 1;
    qint64 b = base;
    while (exp > 0) {
        if (exp & 1) {
            if (__builtin_mul_overflow(result, b, &result))
                overflow(interp);
        }
        exp >>= 1;
        if (exp > 0 && __builtin_mul_overflow(b, b, &b))
            overflow(interp);
    }
    return Value::fromInt(result);
}

Value numberOp(Interpreter &interp, BinaryOperator op, const Value &a, const Value &b)
{
    const bool floats = a.isFloat() || b.isFloat();
    if (!floats) {
        const qint64 x = a.asInt(), y = b.asInt();
        qint64 r;
        const bool bools = a.isBool() && b.isBool();
        switch (op) {
        case BinaryOperator::Add:
            if (__builtin_add_overflow(x, y, &r))
                overflow(interp);
            return Value::fromInt(r);
        case BinaryOperator::Sub:
            if (__builtin_sub_overflow(x, y, &r))
                overflow(interp);
            return Value::fromInt(r);
        case BinaryOperator::Mult:
            if (__builtin_mul_overflow(x, y, &r))
                overflow(interp);
            return Value::fromInt(r);
        case BinaryOperator::Div:
            if (y == 0)
                interp.raise(ExceptionType::ZeroDivisionError, u"division by zero"_s);
            return Value::fromFloat(double(x) / double(y));
        case BinaryOperator::FloorDiv:
            return Value::fromInt(floorDiv(interp, x, y));
        case BinaryOperator::Mod:
            return Value::fromInt(floorMod(interp, x, y));
        case BinaryOperator::Pow:
            return intPow(interp, x, y);
        case BinaryOperator::LShift:
            if (y < 0)
                interp.raise(ExceptionType::ValueError, u"negative shift count"_s);
            if (x == 0)
                return Value::fromInt(0);
            if (y >= 63 || ((x << y) >> y) != x)
                overflow(interp);
            return Value::fromInt(x << y);
        case BinaryOperator::RShift:
            if (y < 0)
                interp.raise(ExceptionType::ValueError, u"negative shift count"_s);
            return Value::fromInt(y >= 64 ? (x < 0 ? -1 : 0) : x >> y);
        case BinaryOperator::BitAnd:
            return bools ? Value::fromBool(x & y) : Value::fromInt(x & y);
        case BinaryOperator::BitOr:
            return bools ? Value::fromBool(x | y) : Value::fromInt(x | y);
        case BinaryOperator::BitXor:
            return bools ? Value::fromBool(x ^ y) : Value::fromInt(x ^ y);
        case BinaryOperator::MatMult:
            return {};
        }
        return {};
    }
    const double x = a.toDouble(), y = b.toDouble();
    switch (op) {
    case BinaryOperator::Add: return Value::fromFloat(x + y);
    case BinaryOperator::Sub: return Value::fromFloat(x - y);
    case BinaryOperator::Mult: return Value::fromFloat(x * y);
    case BinaryOperator::Div:
        if (y == 0)
            interp.raise(ExceptionType::ZeroDivisionError, u"float division by zero"_s);
        return Value::fromFloat(x / y);
    case BinaryOperator::FloorDiv: {
        double q, m;
        floatDivmod(interp, x, y, q, m, false);
        return Value::fromFloat(q);
    }
    case BinaryOperator::Mod: {
        double q, m;
        floatDivmod(interp, x, y, q, m, true);
        return Value::fromFloat(m);
    }
    case BinaryOperator::Pow: {
        if (x == 0 && y < 0)
            interp.raise(ExceptionType::ZeroDivisionError, u"0.0 cannot be raised to a negative power"_s);
        if (x < 0 && y != std::floor(y))
            interp.refuse(u"a negative number raised to a fractional power is a complex number, which petmigrate's Python does not support"_s);
        const double r = std::pow(x, y);
        if (std::isinf(r) && std::isfinite(x) && std::isfinite(y))
            interp.raise(ExceptionType::OverflowError, u"(34, 'Numerical result out of range')"_s);
        return Value::fromFloat(r);
    }
    default:
        return {};
    }
}

Value repeat(Interpreter &interp, const Value &seq, qint64 times)
{
    if (times < 0)
        times = 0;
    switch (seq.kind()) {
    case Kind::Str: {
        const QString &s = seq.text();
        interp.checkSize(qsizetype(std::min<double>(double(s.size()) * double(times), 1e18)), true);
        interp.chargeSteps(qint64(s.size()) * times / 64);
        return Value::str(s.repeated(times));
    }
    case Kind::Bytes: {
        const QByteArray &b = seq.as<BytesObject>()->data;
        interp.checkSize(qsizetype(std::min<double>(double(b.size()) * double(times), 1e18)), true);
        return Value::bytes(b.repeated(times));
    }
    case Kind::List:
    case Kind::Tuple: {
        const auto &items = seq.is(Kind::List) ? seq.as<ListObject>()->items : seq.as<TupleObject>()->items;
        interp.checkSize(qsizetype(std::min<double>(double(items.size()) * double(times), 1e18)));
        interp.chargeSteps(qint64(items.size()) * times / 16);
        std::vector<Value> out;
        out.reserve(items.size() * size_t(times));
        for (qint64 i = 0; i < times; ++i)
            out.insert(out.end(), items.begin(), items.end());
        return seq.is(Kind::List) ? makeList(std::move(out)) : makeTuple(std::move(out));
    }
    default:
        return {};
    }
}

bool isSequence(const Value &v)
{
    return v.isStr() || v.is(Kind::Bytes) || v.is(Kind::List) || v.is(Kind::Tuple);
}

Value builtinBinary(Interpreter &interp, BinaryOperator op, const Value &a, const Value &b, bool inPlace)
{
    if (a.isNumber() && b.isNumber())
        return numberOp(interp, op, a, b);
    switch (op) {
    case BinaryOperator::Add:
        if (a.isStr() && b.isStr()) {
            interp.checkSize(a.text().size() + b.text().size(), true);
            return Value::str(a.text() + b.text());
        }
        if (a.is(Kind::Bytes) && b.is(Kind::Bytes))
            return Value::bytes(a.as<BytesObject>()->data + b.as<BytesObject>()->data);
        if (a.is(Kind::List) && b.is(Kind::List)) {
            const auto &x = a.as<ListObject>()->items;
            const auto &y = b.as<ListObject>()->items;
            interp.checkSize(qsizetype(x.size() + y.size()));
            if (inPlace) {
                a.as<ListObject>()->items.insert(a.as<ListObject>()->items.end(), y.begin(), y.end());
                return a;
            }
            std::vector<Value> out;
            out.reserve(x.size() + y.size());
            out.insert(out.end(), x.begin(), x.end());
            out.insert(out.end(), y.begin(), y.end());
            return makeList(std::move(out));
        }
        if (a.is(Kind::List) && inPlace) {
            // list += any iterable extends in place.
            std::vector<Value> more = interp.toVector(b);
            auto &items = a.as<ListObject>()->items;
            items.insert(items.end(), more.begin(), more.end());
            interp.checkSize(qsizetype(items.size()));
            return a;
        }
        if (a.is(Kind::Tuple) && b.is(Kind::Tuple)) {
            std::vector<Value> out = a.as<TupleObject>()->items;
            const auto &y = b.as<TupleObject>()->items;
            out.insert(out.end(), y.begin(), y.end());
            interp.checkSize(qsizetype(out.size()));
            return makeTuple(std::move(out));
        }
        break;
    case BinaryOperator::Mult:
        if (isSequence(a) && b.isIntegral()) {
            if (inPlace && a.is(Kind::List)) {
                const Value r = repeat(interp, a, b.asInt());
                a.as<ListObject>()->items = r.as<ListObject>()->items;
                return a;
            }
            return repeat(interp, a, b.asInt());
        }
        if (isSequence(b) && a.isIntegral())
            return repeat(interp, b, a.asInt());
        break;
    case BinaryOperator::Mod:
        if (a.isStr())
            return interp.makeStr(percentFormat(interp, a.text(), b));
        break;
    case BinaryOperator::BitOr:
    case BinaryOperator::BitAnd:
    case BinaryOperator::BitXor:
    case BinaryOperator::Sub: {
        const bool setA = a.is(Kind::Set) || a.is(Kind::FrozenSet);
        const bool setB = b.is(Kind::Set) || b.is(Kind::FrozenSet);
        if (setA && setB) {
            const OrderedMap &x = a.as<SetObject>()->map;
            const OrderedMap &y = b.as<SetObject>()->map;
            Ref<SetObject> out = inPlace && a.is(Kind::Set) ? Ref<SetObject>(a.as<SetObject>())
                                                             : make<SetObject>(a.is(Kind::FrozenSet));
            if (!(inPlace && a.is(Kind::Set))) {
                switch (op) {
                case BinaryOperator::BitOr:
                    for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
                        out->map.insert(x.entry(i).key, x.entry(i).hash, {});
                    for (qsizetype i = y.next(-1); i >= 0; i = y.next(i))
                        out->map.insert(y.entry(i).key, y.entry(i).hash, {});
                    break;
                case BinaryOperator::BitAnd:
                    for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
                        if (y.find(x.entry(i).key, x.entry(i).hash) >= 0)
                            out->map.insert(x.entry(i).key, x.entry(i).hash, {});
                    break;
                case BinaryOperator::Sub:
                    for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
                        if (y.find(x.entry(i).key, x.entry(i).hash) < 0)
                            out->map.insert(x.entry(i).key, x.entry(i).hash, {});
                    break;
                default:
                    for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
                        if (y.find(x.entry(i).key, x.entry(i).hash) < 0)
                            out->map.insert(x.entry(i).key, x.entry(i).hash, {});
                    for (qsizetype i = y.next(-1); i >= 0; i = y.next(i))
                        if (x.find(y.entry(i).key, y.entry(i).hash) < 0)
                            out->map.insert(y.entry(i).key, y.entry(i).hash, {});
                    break;
                }
                return Value(out);
            }
            // In place on a set.
            OrderedMap &m = out->map;
            const OrderedMap other = y; // y may be m itself
            switch (op) {
            case BinaryOperator::BitOr:
                for (qsizetype i = other.next(-1); i >= 0; i = other.next(i))
                    m.insert(other.entry(i).key, other.entry(i).hash, {});
                break;
            case BinaryOperator::BitAnd: {
                std::vector<OrderedMap::Entry> drop;
                for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
                    if (other.find(m.entry(i).key, m.entry(i).hash) < 0)
                        drop.push_back(m.entry(i));
                for (const auto &e : drop)
                    m.remove(e.key, e.hash);
                break;
            }
            case BinaryOperator::Sub:
                for (qsizetype i = other.next(-1); i >= 0; i = other.next(i))
                    m.remove(other.entry(i).key, other.entry(i).hash);
                break;
            default:
                for (qsizetype i = other.next(-1); i >= 0; i = other.next(i)) {
                    const auto &e = other.entry(i);
                    if (!m.remove(e.key, e.hash))
                        m.insert(e.key, e.hash, {});
                }
                break;
            }
            return a;
        }
        if (op == BinaryOperator::BitOr && a.is(Kind::Dict) && b.is(Kind::Dict)) {
            Ref<DictObject> out = inPlace ? Ref<DictObject>(a.as<DictObject>()) : makeDict();
            if (!inPlace) {
                out->subtype = a.as<DictObject>()->subtype;
                const OrderedMap &x = a.as<DictObject>()->map;
                for (qsizetype i = x.next(-1); i >= 0; i = x.next(i))
                    out->map.insert(x.entry(i).key, x.entry(i).hash, x.entry(i).value);
            }
            const OrderedMap y = b.as<DictObject>()->map;
            for (qsizetype i = y.next(-1); i >= 0; i = y.next(i))
                out->map.insert(y.entry(i).key, y.entry(i).hash, y.entry(i).value);
            return Value(out);
        }
        if (op == BinaryOperator::BitOr && inPlace && a.is(Kind::Dict)) {
            const Value update = interp.getAttribute(a, u"update"_s);
            std::vector<Value> args{b};
            interp.call(update, Args{args, {}});
            return a;
        }
        break;
    }
    default:
        break;
    }
    return {};
}

} // namespace

Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &a, const Value &b, bool inPlace)
{
    if (a.is(Kind::Opaque))
        interp.refuseOpaque(a);
    if (b.is(Kind::Opaque))
        interp.refuseOpaque(b);
    Value r = builtinBinary(interp, op, a, b, inPlace);
    if (r.isValid())
        return r;
    // User classes: __iadd__, then __add__, then the right operand's __radd__.
    if (a.is(Kind::Instance)) {
        auto *cls = a.as<InstanceObject>()->cls.get();
        if (inPlace) {
            const Value name = Value::str(dunderName(op, false, true));
            if (const Value *m = cls->lookup(name, interp.hash(name)); m && m->is(Kind::Function)) {
                r = callDunder(interp, m, a, {b});
                if (!r.is(Kind::NotImplemented))
                    return r;
            }
        }
        const Value name = Value::str(dunderName(op, false, false));
        if (const Value *m = cls->lookup(name, interp.hash(name)); m && m->is(Kind::Function)) {
            r = callDunder(interp, m, a, {b});
            if (!r.is(Kind::NotImplemented))
                return r;
        }
    } else if (a.is(Kind::Host)) {
        r = a.as<HostObject>()->binaryOp(interp, op, b, false);
        if (r.isValid())
            return r;
    }
    if (b.is(Kind::Instance)) {
        auto *cls = b.as<InstanceObject>()->cls.get();
        const Value name = Value::str(dunderName(op, true, false));
        if (const Value *m = cls->lookup(name, interp.hash(name)); m && m->is(Kind::Function)) {
            r = callDunder(interp, m, b, {a});
            if (!r.is(Kind::NotImplemented))
                return r;
        }
    } else if (b.is(Kind::Host)) {
        r = b.as<HostObject>()->binaryOp(interp, op, a, true);
        if (r.isValid())
            return r;
    }
    // CPython's particular wordings.
    const QString ta = interp.typeName(a), tb = interp.typeName(b);
    if (op == BinaryOperator::Add) {
        if (a.isStr())
            interp.raise(ExceptionType::TypeError, u"can only concatenate str (not \""_s + tb + u"\") to str"_s);
        if (a.is(Kind::List))
            interp.raise(ExceptionType::TypeError, u"can only concatenate list (not \""_s + tb + u"\") to list"_s);
        if (a.is(Kind::Tuple))
            interp.raise(ExceptionType::TypeError, u"can only concatenate tuple (not \""_s + tb + u"\") to tuple"_s);
        if (a.is(Kind::Bytes))
            interp.raise(ExceptionType::TypeError, u"can't concat "_s + tb + u" to bytes"_s);
    }
    if (op == BinaryOperator::Mult && (isSequence(a) || isSequence(b))) {
        const Value &other = isSequence(a) ? b : a;
        if (!other.isIntegral() && !(other.is(Kind::Instance) || other.is(Kind::Host)))
            interp.raise(ExceptionType::TypeError, u"can't multiply sequence by non-int of type '"_s + interp.typeName(other) + u"'"_s);
    }
    QString symbol = operatorText(op).toString();
    if (inPlace)
        symbol = op == BinaryOperator::Pow ? u"**="_s : symbol + u'=';
    interp.raise(ExceptionType::TypeError, u"unsupported operand type(s) for "_s + symbol + u": '"_s + ta + u"' and '"_s + tb + u"'"_s);
}

Value unaryOp(Interpreter &interp, UnaryOperator op, const Value &v)
{
    if (v.is(Kind::Opaque))
        interp.refuseOpaque(v);
    if (v.isNumber()) {
        switch (op) {
        case UnaryOperator::USub:
            if (v.isFloat())
                return Value::fromFloat(-v.asFloat());
            if (v.asInt() == std::numeric_limits<qint64>::min())
                overflow(interp);
            return Value::fromInt(-v.asInt());
        case UnaryOperator::UAdd:
            return v.isBool() ? Value::fromInt(v.asInt()) : v;
        case UnaryOperator::Invert:
            if (v.isFloat())
                break;
            return Value::fromInt(~v.asInt());
        default:
            break;
        }
    } else if (v.is(Kind::Host)) {
        const Value r = v.as<HostObject>()->unaryOp(interp, op);
        if (r.isValid())
            return r;
    } else if (v.is(Kind::Instance)) {
        const char *name = op == UnaryOperator::USub ? "__neg__" : op == UnaryOperator::UAdd ? "__pos__" : "__invert__";
        const Value n = Value::str(QString::fromLatin1(name));
        if (const Value *m = classDunder(interp, v, n))
            return callDunder(interp, m, v, {});
    }
    interp.raise(ExceptionType::TypeError,
                 u"bad operand type for unary "_s + operatorText(op) + u": '"_s + interp.typeName(v) + u"'"_s);
}

} // namespace pm::python
