// Methods of the built-in containers, numbers and bytes (str's are in strmethods.cpp).

#include <algorithm>
#include <cmath>

#include "python/format.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

Value none() { return Value::none(); }

// ---- list

std::vector<Value> &items(const Value &self) { return self.as<ListObject>()->items; }

Value listAppend(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "list.append", 1, 1);
    items(self).push_back(args[0]);
    interp.checkSize(qsizetype(items(self).size()));
    return none();
}

Value listExtend(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "list.extend", 1, 1);
    std::vector<Value> more = interp.toVector(args[0]);
    auto &v = items(self);
    v.insert(v.end(), more.begin(), more.end());
    interp.checkSize(qsizetype(v.size()));
    return none();
}

Value listInsert(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "insert", 2, 2);
    auto &v = items(self);
    qint64 i = toIndex(interp, args[0]);
    const qint64 n = qint64(v.size());
    if (i < 0)
        i = std::max<qint64>(0, i + n);
    i = std::min(i, n);
    v.insert(v.begin() + i, args[1]);
    interp.checkSize(qsizetype(v.size()));
    return none();
}

Value listPop(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "pop", 0, 1);
    auto &v = items(self);
    if (v.empty())
        interp.raise(ExceptionType::IndexError, u"pop from empty list"_s);
    qint64 i = args.positional.empty() ? qint64(v.size()) - 1 : toIndex(interp, args[0]);
    if (i < 0)
        i += qint64(v.size());
    if (i < 0 || i >= qint64(v.size()))
        interp.raise(ExceptionType::IndexError, u"pop index out of range"_s);
    Value out = v[size_t(i)];
    v.erase(v.begin() + i);
    return out;
}

Value listRemove(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "list.remove", 1, 1);
    auto &v = items(self);
    for (size_t i = 0; i < v.size(); ++i) {
        if (interp.equals(v[i], args[0])) {
            v.erase(v.begin() + qsizetype(i));
            return none();
        }
    }
    interp.raise(ExceptionType::ValueError, u"list.remove(x): x not in list"_s);
}

Value seqIndex(Interpreter &interp, const Value &self, const Args &args)
{
    const bool list = self.is(Kind::List);
    expectArgs(interp, args, list ? "index" : "index", 1, 3);
    const auto &v = list ? items(self) : self.as<TupleObject>()->items;
    const qint64 n = qint64(v.size());
    auto bound = [&](size_t k, qint64 def) {
        if (args.positional.size() <= k)
            return def;
        qint64 x = toIndex(interp, args[k]);
        if (x < 0)
            x = std::max<qint64>(0, x + n);
        return std::min(x, n);
    };
    const qint64 start = bound(1, 0), stop = bound(2, n);
    for (qint64 i = start; i < stop; ++i)
        if (interp.equals(v[size_t(i)], args[0]))
            return Value::fromInt(i);
    if (list)
        interp.raise(ExceptionType::ValueError, interp.repr(args[0]) + u" is not in list"_s);
    interp.raise(ExceptionType::ValueError, u"tuple.index(x): x not in tuple"_s);
}

Value seqCount(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "count", 1, 1);
    const auto &v = self.is(Kind::List) ? items(self) : self.as<TupleObject>()->items;
    qint64 n = 0;
    for (const Value &x : v)
        if (interp.equals(x, args[0]))
            ++n;
    return Value::fromInt(n);
}

Value listClear(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "list.clear", 0, 0);
    std::vector<Value> old;
    old.swap(items(self));
    return none();
}

Value listCopy(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "list.copy", 0, 0);
    return makeList(items(self));
}

Value listReverse(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "list.reverse", 0, 0);
    std::reverse(items(self).begin(), items(self).end());
    return none();
}

Value listSort(Interpreter &interp, const Value &self, const Args &args)
{
    static const Signature sig = Signature::parse(u"sort(*, key=None, reverse=False)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    // Sorted into a copy: a failing comparison leaves the list as it was.
    std::vector<Value> sorted = sortedValues(interp, items(self), v[0], interp.truth(v[1]));
    items(self).swap(sorted);
    return none();
}

// ---- dict

OrderedMap &map(const Value &self) { return self.as<DictObject>()->map; }

Value dictGet(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "get", 1, 2);
    if (const Value *v = map(self).value(args[0], interp.hash(args[0])))
        return *v;
    return args.positional.size() == 2 ? args[1] : none();
}

Value dictKeys(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "dict.keys", 0, 0);
    return Value(new DictViewObject(Ref<DictObject>(self.as<DictObject>()), DictViewObject::Which::Keys));
}

Value dictValues(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "dict.values", 0, 0);
    return Value(new DictViewObject(Ref<DictObject>(self.as<DictObject>()), DictViewObject::Which::Values));
}

Value dictItems(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "dict.items", 0, 0);
    return Value(new DictViewObject(Ref<DictObject>(self.as<DictObject>()), DictViewObject::Which::Items));
}

Value dictPop(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "pop", 1, 2);
    Value out;
    if (map(self).remove(args[0], interp.hash(args[0]), &out))
        return out;
    if (args.positional.size() == 2)
        return args[1];
    std::vector<Value> a{args[0]};
    interp.raise(interp.call(interp.exceptionClass(ExceptionType::KeyError), Args{a, {}}));
}

Value dictPopItem(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "popitem", 0, 0);
    if (map(self).isEmpty())
        interp.raise(ExceptionType::KeyError, u"popitem(): dictionary is empty"_s);
    OrderedMap::Entry e = map(self).takeLast();
    return makeTuple({e.key, e.value});
}

Value dictSetDefault(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "setdefault", 1, 2);
    const size_t h = interp.hash(args[0]);
    if (const Value *v = map(self).value(args[0], h))
        return *v;
    const Value def = args.positional.size() == 2 ? args[1] : none();
    map(self).insert(args[0], h, def);
    return def;
}

Value dictUpdate(Interpreter &interp, const Value &self, const Args &args)
{
    updateDict(interp, self.as<DictObject>(), args, "update");
    return none();
}

Value dictClear(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "dict.clear", 0, 0);
    map(self).clear();
    return none();
}

Value dictCopy(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "dict.copy", 0, 0);
    Ref<DictObject> d = makeDict();
    auto *src = self.as<DictObject>();
    d->map = src->map;
    d->subtype = src->subtype;
    d->defaultFactory = src->defaultFactory;
    return Value(d);
}

Value dictFromKeys(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "fromkeys", 1, 2);
    Ref<DictObject> d = makeDict();
    const Value v = args.positional.size() == 2 ? args[1] : none();
    for (const Value &k : interp.toVector(args[0]))
        d->map.insert(k, interp.hash(k), v);
    return Value(d);
}

// collections.Counter extras that are plain dict methods here.
Value counterMostCommon(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "most_common", 0, 1);
    std::vector<Value> pairs;
    const OrderedMap &m = map(self);
    for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
        pairs.push_back(makeTuple({m.entry(i).key, m.entry(i).value}));
    std::stable_sort(pairs.begin(), pairs.end(), [&](const Value &a, const Value &b) {
        return interp.lessThan(b.as<TupleObject>()->items[1], a.as<TupleObject>()->items[1]);
    });
    if (!args.positional.empty() && !args[0].isNone()) {
        const qint64 n = std::max<qint64>(0, toIndex(interp, args[0]));
        if (size_t(n) < pairs.size())
            pairs.resize(size_t(n));
    }
    return makeList(std::move(pairs));
}

// ---- set

OrderedMap &setMap(const Value &self) { return self.as<SetObject>()->map; }

Value setAdd(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "set.add", 1, 1);
    setMap(self).insert(args[0], interp.hash(args[0]), Value());
    interp.checkSize(setMap(self).size());
    return none();
}

Value setDiscard(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "set.discard", 1, 1);
    setMap(self).remove(args[0], interp.hash(args[0]));
    return none();
}

Value setRemove(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "set.remove", 1, 1);
    if (!setMap(self).remove(args[0], interp.hash(args[0]))) {
        std::vector<Value> a{args[0]};
        interp.raise(interp.call(interp.exceptionClass(ExceptionType::KeyError), Args{a, {}}));
    }
    return none();
}

Value setPop(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "set.pop", 0, 0);
    OrderedMap &m = setMap(self);
    const qsizetype first = m.next(-1);
    if (first < 0)
        interp.raise(ExceptionType::KeyError, u"pop from an empty set"_s);
    const OrderedMap::Entry e = m.entry(first);
    m.remove(e.key, e.hash);
    return e.key;
}

Value setClear(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "set.clear", 0, 0);
    setMap(self).clear();
    return none();
}

Value setCopy(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "set.copy", 0, 0);
    auto *s = new SetObject(self.is(Kind::FrozenSet));
    s->map = setMap(self);
    return Value(s);
}

Value toSet(Interpreter &interp, const Value &v)
{
    if (v.is(Kind::Set) || v.is(Kind::FrozenSet))
        return v;
    auto *s = new SetObject(true);
    const Value out(s);
    for (const Value &x : interp.toVector(v))
        s->map.insert(x, interp.hash(x), Value());
    return out;
}

Value setOperation(Interpreter &interp, const Value &self, const Args &args, BinaryOperator op, bool inPlace)
{
    noKeywords(interp, args, "set");
    Value result = self;
    if (!inPlace) {
        auto *copy = new SetObject(self.is(Kind::FrozenSet));
        copy->map = setMap(self);
        result = Value(copy);
    }
    for (const Value &other : args.positional)
        result = binaryOp(interp, op, result, toSet(interp, other), true);
    return inPlace ? none() : result;
}

Value setUnion(Interpreter &interp, const Value &self, const Args &args)
{
    return setOperation(interp, self, args, BinaryOperator::BitOr, false);
}
Value setIntersection(Interpreter &interp, const Value &self, const Args &args)
{
    return setOperation(interp, self, args, BinaryOperator::BitAnd, false);
}
Value setDifference(Interpreter &interp, const Value &self, const Args &args)
{
    return setOperation(interp, self, args, BinaryOperator::Sub, false);
}
Value setSymmetricDifference(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "symmetric_difference", 1, 1);
    return setOperation(interp, self, args, BinaryOperator::BitXor, false);
}
Value setUpdate(Interpreter &interp, const Value &self, const Args &args)
{
    return setOperation(interp, self, args, BinaryOperator::BitOr, true);
}
Value setIntersectionUpdate(Interpreter &interp, const Value &self, const Args &args)
{
    return setOperation(interp, self, args, BinaryOperator::BitAnd, true);
}
Value setDifferenceUpdate(Interpreter &interp, const Value &self, const Args &args)
{
    return setOperation(interp, self, args, BinaryOperator::Sub, true);
}

Value setIsSubset(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "issubset", 1, 1);
    return Value::fromBool(compareOp(interp, CompareOperator::LtE, self, toSet(interp, args[0])));
}

Value setIsSuperset(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "issuperset", 1, 1);
    return Value::fromBool(compareOp(interp, CompareOperator::GtE, self, toSet(interp, args[0])));
}

Value setIsDisjoint(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "isdisjoint", 1, 1);
    for (const Value &x : interp.toVector(args[0]))
        if (setMap(self).find(x, interp.hash(x)) >= 0)
            return Value::fromBool(false);
    return Value::fromBool(true);
}

// ---- range, numbers

Value rangeStart(Interpreter &, const Value &self, const Args &) { return Value::fromInt(self.as<RangeObject>()->start); }
Value rangeStop(Interpreter &, const Value &self, const Args &) { return Value::fromInt(self.as<RangeObject>()->stop); }
Value rangeStep(Interpreter &, const Value &self, const Args &) { return Value::fromInt(self.as<RangeObject>()->step); }

Value rangeIndex(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "index", 1, 1);
    auto *r = self.as<RangeObject>();
    if (interp.contains(self, args[0]) && args[0].isIntegral())
        return Value::fromInt((args[0].asInt() - r->start) / r->step);
    interp.raise(ExceptionType::ValueError, interp.repr(args[0]) + u" is not in range"_s);
}

Value rangeCount(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "count", 1, 1);
    return Value::fromInt(interp.contains(self, args[0]) ? 1 : 0);
}

Value sliceStart(Interpreter &, const Value &self, const Args &) { return self.as<SliceObject>()->start; }
Value sliceStop(Interpreter &, const Value &self, const Args &) { return self.as<SliceObject>()->stop; }
Value sliceStep(Interpreter &, const Value &self, const Args &) { return self.as<SliceObject>()->step; }

Value intBitLength(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "bit_length", 0, 0);
    const qint64 x = self.asInt();
    quint64 a = x < 0 ? 0 - quint64(x) : quint64(x);
    int n = 0;
    while (a) {
        ++n;
        a >>= 1;
    }
    return Value::fromInt(n);
}

Value intReal(Interpreter &, const Value &self, const Args &) { return Value::fromInt(self.asInt()); }
Value intImag(Interpreter &, const Value &, const Args &) { return Value::fromInt(0); }
Value intConjugate(Interpreter &, const Value &self, const Args &) { return Value::fromInt(self.asInt()); }

Value floatIsInteger(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "is_integer", 0, 0);
    const double d = self.asFloat();
    return Value::fromBool(std::isfinite(d) && d == std::floor(d));
}

Value floatReal(Interpreter &, const Value &self, const Args &) { return self; }
Value floatImag(Interpreter &, const Value &, const Args &) { return Value::fromFloat(0); }

// ---- bytes

const QByteArray &data(const Value &self) { return self.as<BytesObject>()->data; }

Value bytesDecode(Interpreter &interp, const Value &self, const Args &args)
{
    static const Signature sig = Signature::parse(u"decode(encoding='utf-8', errors='strict')");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    return interp.makeStr(decodeBytes(interp, data(self), argString(interp, v[0], "decode", "argument 'encoding'"),
                                      argString(interp, v[1], "decode", "argument 'errors'")));
}

Value bytesHex(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "hex", 0, 0);
    return Value::str(QString::fromLatin1(data(self).toHex()));
}

Value bytesFromHex(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "fromhex", 1, 1);
    QString s = argString(interp, args[0], "fromhex");
    s.remove(u' ');
    const QByteArray latin = s.toLatin1();
    if (latin.size() % 2 != 0 || latin.contains('\0'))
        interp.raise(ExceptionType::ValueError, u"non-hexadecimal number found in fromhex() arg"_s);
    for (char c : latin)
        if (!std::isxdigit(static_cast<unsigned char>(c)))
            interp.raise(ExceptionType::ValueError, u"non-hexadecimal number found in fromhex() arg"_s);
    return Value::bytes(QByteArray::fromHex(latin));
}

Value bytesStartsWith(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "startswith", 1, 1);
    if (!args[0].is(Kind::Bytes))
        interp.raise(ExceptionType::TypeError, u"startswith first arg must be bytes or a tuple of bytes, not "_s + interp.typeName(args[0]));
    return Value::fromBool(data(self).startsWith(data(args[0])));
}

Value bytesEndsWith(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "endswith", 1, 1);
    if (!args[0].is(Kind::Bytes))
        interp.raise(ExceptionType::TypeError, u"endswith first arg must be bytes or a tuple of bytes, not "_s + interp.typeName(args[0]));
    return Value::fromBool(data(self).endsWith(data(args[0])));
}

Value bytesJoin(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "join", 1, 1);
    QByteArray out;
    bool first = true;
    for (const Value &v : interp.toVector(args[0])) {
        if (!v.is(Kind::Bytes))
            interp.raise(ExceptionType::TypeError, u"sequence item: expected a bytes-like object, "_s + interp.typeName(v) + u" found"_s);
        if (!first)
            out += data(self);
        first = false;
        out += data(v);
    }
    return Value::bytes(std::move(out));
}

// ---- property, classes, iterators

Value propertySetter(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "setter", 1, 1);
    auto *p = new PropertyObject;
    p->getter = self.as<PropertyObject>()->getter;
    p->setter = args[0];
    return Value(p);
}

Value propertyGetter(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "getter", 1, 1);
    auto *p = new PropertyObject;
    p->getter = args[0];
    p->setter = self.as<PropertyObject>()->setter;
    return Value(p);
}

Value propertyFget(Interpreter &, const Value &self, const Args &)
{
    const Value g = self.as<PropertyObject>()->getter;
    return g.isValid() ? g : none();
}

Value iteratorNext(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "__next__", 0, 0);
    Value out;
    if (interp.next(self, out))
        return out;
    interp.raise(ExceptionType::StopIteration, QString());
}

Value iteratorIter(Interpreter &, const Value &self, const Args &)
{
    return self;
}

Value wrapperFunc(Interpreter &, const Value &self, const Args &)
{
    return self.as<WrapperObject>()->function;
}

Value classMro(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "mro", 0, 0);
    std::vector<Value> out;
    for (ClassObject *c : self.as<ClassObject>()->mro)
        out.push_back(Value(c));
    return makeList(std::move(out));
}

} // namespace

void installMethods(Interpreter &interp)
{
    auto &tables = interp.internal().methods;
    auto add = [&](Kind kind, std::initializer_list<std::pair<const char16_t *, NativeFunction>> methods,
                   std::initializer_list<std::pair<const char16_t *, NativeFunction>> properties = {}) {
        MethodTable &t = tables[size_t(kind)];
        for (const auto &[name, f] : methods)
            t.methods.insert(QString::fromUtf16(name), f);
        for (const auto &[name, f] : properties)
            t.properties.insert(QString::fromUtf16(name), f);
    };
    add(Kind::List, {{u"append", listAppend}, {u"extend", listExtend}, {u"insert", listInsert}, {u"pop", listPop},
                     {u"remove", listRemove}, {u"index", seqIndex}, {u"count", seqCount}, {u"clear", listClear},
                     {u"copy", listCopy}, {u"reverse", listReverse}, {u"sort", listSort}});
    add(Kind::Tuple, {{u"index", seqIndex}, {u"count", seqCount}});
    add(Kind::Dict, {{u"get", dictGet}, {u"keys", dictKeys}, {u"values", dictValues}, {u"items", dictItems},
                     {u"pop", dictPop}, {u"popitem", dictPopItem}, {u"setdefault", dictSetDefault},
                     {u"update", dictUpdate}, {u"clear", dictClear}, {u"copy", dictCopy},
                     {u"most_common", counterMostCommon}});
    const std::initializer_list<std::pair<const char16_t *, NativeFunction>> frozenMethods = {
        {u"union", setUnion}, {u"intersection", setIntersection}, {u"difference", setDifference},
        {u"symmetric_difference", setSymmetricDifference}, {u"issubset", setIsSubset},
        {u"issuperset", setIsSuperset}, {u"isdisjoint", setIsDisjoint}, {u"copy", setCopy}};
    add(Kind::FrozenSet, frozenMethods);
    add(Kind::Set, frozenMethods);
    add(Kind::Set, {{u"add", setAdd}, {u"discard", setDiscard}, {u"remove", setRemove}, {u"pop", setPop},
                    {u"clear", setClear}, {u"update", setUpdate}, {u"intersection_update", setIntersectionUpdate},
                    {u"difference_update", setDifferenceUpdate}});
    add(Kind::Range, {{u"index", rangeIndex}, {u"count", rangeCount}},
        {{u"start", rangeStart}, {u"stop", rangeStop}, {u"step", rangeStep}});
    add(Kind::Slice, {}, {{u"start", sliceStart}, {u"stop", sliceStop}, {u"step", sliceStep}});
    add(Kind::Int, {{u"bit_length", intBitLength}, {u"conjugate", intConjugate}},
        {{u"real", intReal}, {u"imag", intImag}, {u"numerator", intReal}});
    add(Kind::Bool, {{u"bit_length", intBitLength}, {u"conjugate", intConjugate}},
        {{u"real", intReal}, {u"imag", intImag}});
    add(Kind::Float, {{u"is_integer", floatIsInteger}}, {{u"real", floatReal}, {u"imag", floatImag}});
    add(Kind::Bytes, {{u"decode", bytesDecode}, {u"hex", bytesHex}, {u"startswith", bytesStartsWith},
                      {u"endswith", bytesEndsWith}, {u"join", bytesJoin}});
    add(Kind::Property, {{u"setter", propertySetter}, {u"getter", propertyGetter}}, {{u"fget", propertyFget}});
    add(Kind::Iterator, {{u"__next__", iteratorNext}, {u"__iter__", iteratorIter}});
    add(Kind::StaticMethod, {}, {{u"__func__", wrapperFunc}});
    add(Kind::ClassMethod, {}, {{u"__func__", wrapperFunc}});
    add(Kind::Class, {{u"mro", classMro}});

    // Class-level methods of the built-in types.
    auto classMethod = [&](Kind kind, const QString &name, NativeFunction f) {
        const Value &cls = interp.builtinClass(kind);
        auto *c = cls.as<ClassObject>();
        c->dict->map.insert(Value::str(name), hashText(name),
                            Value(new WrapperObject(Kind::StaticMethod, Value(new NativeObject(c->name + u'.' + name, f)))));
    };
    classMethod(Kind::Dict, u"fromkeys"_s, dictFromKeys);
    classMethod(Kind::Bytes, u"fromhex"_s, bytesFromHex);
}

} // namespace pm::python
