// The built-in types, exceptions and functions every module sees.

#include <algorithm>
#include <charconv>
#include <cmath>

#include <QRegularExpression>
#include <QStringDecoder>
#include <QStringList>

#include "python/format.h"
#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

using Internal = Interpreter::Internal;

Ref<ClassObject> newClass(Interpreter &interp, const QString &name, std::vector<Ref<ClassObject>> bases,
                          Kind instanceKind, NativeFunction construct)
{
    Ref<ClassObject> cls = make<ClassObject>(interp.heap());
    cls->name = name;
    cls->qualname = name;
    cls->isBuiltin = true;
    cls->instanceKind = instanceKind;
    cls->construct = construct;
    cls->dict = makeDict();
    cls->bases = std::move(bases);
    cls->mro.push_back(cls.get());
    for (const Ref<ClassObject> &b : cls->bases)
        for (ClassObject *c : b->mro)
            if (std::find(cls->mro.begin(), cls->mro.end(), c) == cls->mro.end())
                cls->mro.push_back(c);
    return cls;
}

void put(Ref<DictObject> &dict, const QString &name, Value v)
{
    dict->map.insert(Value::str(name), hashText(name), std::move(v));
}

void putNative(Ref<DictObject> &dict, const QString &name, NativeFunction f)
{
    put(dict, name, Value(new NativeObject(name, f)));
}

Value none() { return Value::none(); }

// ---- numbers

bool parseInt(QStringView text, int base, qint64 &out, bool &overflowed)
{
    overflowed = false;
    QString s = text.trimmed().toString();
    bool negative = false;
    if (s.startsWith(u'+') || s.startsWith(u'-')) {
        negative = s.startsWith(u'-');
        s = s.mid(1);
    }
    const QString lower = s.toLower();
    if (base == 0) {
        if (lower.startsWith(u"0x"))
            base = 16;
        else if (lower.startsWith(u"0o"))
            base = 8;
        else if (lower.startsWith(u"0b"))
            base = 2;
        else {
            base = 10;
            // "010" is not an int literal; "0" and "00" are.
            if (s.size() > 1 && s[0] == u'0' && s.contains(QRegularExpression(u"[1-9]"_s)))
                return false;
        }
    }
    if ((base == 16 && lower.startsWith(u"0x")) || (base == 8 && lower.startsWith(u"0o"))
        || (base == 2 && lower.startsWith(u"0b"))) {
        s = s.mid(2);
        if (s.startsWith(u'_'))
            s = s.mid(1);
    }
    if (s.isEmpty() || s.startsWith(u'_') || s.endsWith(u'_') || s.contains(u"__"))
        return false;
    s.remove(u'_');
    quint64 v = 0;
    for (const QChar c : s) {
        int d;
        const char16_t u = c.unicode();
        if (u >= '0' && u <= '9')
            d = u - '0';
        else if (u >= 'a' && u <= 'z')
            d = u - 'a' + 10;
        else if (u >= 'A' && u <= 'Z')
            d = u - 'A' + 10;
        else if (c.isDigit())
            d = c.digitValue();
        else
            return false;
        if (d < 0 || d >= base)
            return false;
        if (v > (quint64(1) << 63) / quint64(base)) {
            overflowed = true;
            return true;
        }
        v = v * quint64(base) + quint64(d);
    }
    if (v > quint64(std::numeric_limits<qint64>::max()) + (negative ? 1u : 0u)) {
        overflowed = true;
        return true;
    }
    out = negative ? qint64(0 - v) : qint64(v);
    return true;
}

qint64 floatToInt(Interpreter &interp, double d)
{
    if (std::isnan(d))
        interp.raise(ExceptionType::ValueError, u"cannot convert float NaN to integer"_s);
    if (std::isinf(d))
        interp.raise(ExceptionType::OverflowError, u"cannot convert float infinity to integer"_s);
    if (d >= 9.2233720368547758e18 || d < -9.2233720368547758e18)
        interp.raise(ExceptionType::OverflowError,
                     u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
    return qint64(d);
}

bool parseFloat(QStringView text, double &out)
{
    QString s = text.trimmed().toString();
    if (s.isEmpty())
        return false;
    const QString lower = s.toLower();
    QString body = lower;
    double sign = 1;
    if (body.startsWith(u'+') || body.startsWith(u'-')) {
        sign = body.startsWith(u'-') ? -1 : 1;
        body = body.mid(1);
    }
    if (body == u"inf" || body == u"infinity") {
        out = sign * std::numeric_limits<double>::infinity();
        return true;
    }
    if (body == u"nan") {
        out = std::numeric_limits<double>::quiet_NaN();
        return true;
    }
    if (body.startsWith(u'_') || body.endsWith(u'_') || body.contains(u"__"))
        return false;
    for (qsizetype i = 0; i < body.size(); ++i)
        if (body[i] == u'_' && !(i > 0 && body[i - 1].isDigit() && i + 1 < body.size() && body[i + 1].isDigit()))
            return false;
    body.remove(u'_');
    const std::string latin = body.toStdString();
    if (latin.empty() || latin.find_first_not_of("0123456789.e+-") != std::string::npos)
        return false;
    double d = 0;
    auto r = std::from_chars(latin.data(), latin.data() + latin.size(), d);
    if (r.ec == std::errc::result_out_of_range) {
        const size_t e = latin.find('e');
        d = e != std::string::npos && e + 1 < latin.size() && latin[e + 1] == '-' ? 0.0
                                                                                   : std::numeric_limits<double>::infinity();
    } else if (r.ec != std::errc() || r.ptr != latin.data() + latin.size()) {
        return false;
    }
    out = sign * d;
    return true;
}

// ---- constructors of the built-in types

Value constructObject(Interpreter &interp, const Value &cls, const Args &args)
{
    if (args.size() > 0)
        interp.raise(ExceptionType::TypeError, u"object() takes no arguments"_s);
    return Value(new InstanceObject(interp.heap(), Ref<ClassObject>(cls.as<ClassObject>())));
}

Value constructType(Interpreter &interp, const Value &, const Args &args)
{
    if (args.positional.size() == 1 && args.keywords.empty())
        return interp.typeOf(args[0]);
    interp.refuse(u"type() with three arguments (creating a class dynamically) is not supported by petmigrate's Python"_s);
}

Value constructInt(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"int(x=0, /, base=10)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    const Value &x = v[0];
    const bool baseGiven = !(v[1].isInt() && v[1].asInt() == 10 && !keywordArg(args, u"base") && args.positional.size() < 2);
    if (baseGiven) {
        const qint64 base = toIndex(interp, v[1]);
        if ((base != 0 && base < 2) || base > 36)
            interp.raise(ExceptionType::ValueError, u"int() base must be >= 2 and <= 36, or 0"_s);
        if (!x.isStr() && !x.is(Kind::Bytes))
            interp.raise(ExceptionType::TypeError, u"int() can't convert non-string with explicit base"_s);
    }
    switch (x.kind()) {
    case Kind::Int:
        return x;
    case Kind::Bool:
        return Value::fromInt(x.asInt());
    case Kind::Float:
        return Value::fromInt(floatToInt(interp, x.asFloat()));
    case Kind::Str:
    case Kind::Bytes: {
        const QString text = x.isStr() ? x.text() : QString::fromLatin1(x.as<BytesObject>()->data);
        const int base = int(toIndex(interp, v[1]));
        qint64 out = 0;
        bool overflowed = false;
        if (!parseInt(text, base, out, overflowed))
            interp.raise(ExceptionType::ValueError, u"invalid literal for int() with base "_s + QString::number(base)
                                                        + u": "_s + (x.isStr() ? reprStr(text) : reprBytes(x.as<BytesObject>()->data)));
        if (overflowed)
            interp.raise(ExceptionType::OverflowError,
                         u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
        return Value::fromInt(out);
    }
    case Kind::Instance: {
        for (const char16_t *name : {u"__int__", u"__index__"}) {
            const Value m = interp.findAttribute(x, Value::str(QString::fromUtf16(name)));
            if (m.isValid())
                return interp.call(m, Args{});
        }
        break;
    }
    case Kind::Host: {
        const Value m = interp.findAttribute(x, Value::str(u"__int__"_s));
        if (m.isValid())
            return interp.call(m, Args{});
        break;
    }
    default:
        interp.requireConcrete(x);
        break;
    }
    interp.raise(ExceptionType::TypeError,
                 u"int() argument must be a string, a bytes-like object or a real number, not '"_s + interp.typeName(x) + u"'"_s);
}

Value constructFloat(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "float", 0, 1);
    if (args.positional.empty())
        return Value::fromFloat(0);
    const Value &x = args[0];
    if (x.isFloat())
        return x;
    if (x.isIntegral())
        return Value::fromFloat(double(x.asInt()));
    if (x.isStr()) {
        double d = 0;
        if (!parseFloat(x.text(), d))
            interp.raise(ExceptionType::ValueError, u"could not convert string to float: "_s + reprStr(x.text()));
        return Value::fromFloat(d);
    }
    if (x.is(Kind::Instance) || x.is(Kind::Host)) {
        const Value m = interp.findAttribute(x, Value::str(u"__float__"_s));
        if (m.isValid())
            return interp.call(m, Args{});
    }
    interp.requireConcrete(x);
    interp.raise(ExceptionType::TypeError,
                 u"float() argument must be a string or a real number, not '"_s + interp.typeName(x) + u"'"_s);
}

Value constructStr(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"str(object='', encoding=None, errors=None)");
    Value v[3];
    sig.bind(interp, Value(), args, v);
    if (v[0].is(Kind::Bytes) && (!v[1].isNone() || !v[2].isNone()))
        return interp.makeStr(decodeBytes(interp, v[0].as<BytesObject>()->data,
                                     v[1].isNone() ? u"utf-8"_s : argString(interp, v[1], "str", "argument 'encoding'"),
                                     v[2].isNone() ? u"strict"_s : argString(interp, v[2], "str", "argument 'errors'")));
    return interp.makeStr(interp.str(v[0]));
}

Value constructBytes(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"bytes(source=b'', encoding=None, errors=None)");
    Value v[3];
    sig.bind(interp, Value(), args, v);
    const Value &s = v[0];
    if (s.isStr()) {
        if (v[1].isNone())
            interp.raise(ExceptionType::TypeError, u"string argument without an encoding"_s);
        return Value::bytes(encodeText(interp, s.text(), argString(interp, v[1], "bytes", "argument 'encoding'"),
                                   v[2].isNone() ? u"strict"_s : v[2].text()));
    }
    if (s.is(Kind::Bytes))
        return s;
    if (s.isIntegral()) {
        if (s.asInt() < 0)
            interp.raise(ExceptionType::ValueError, u"negative count"_s);
        interp.checkSize(s.asInt(), true);
        return Value::bytes(QByteArray(s.asInt(), '\0'));
    }
    QByteArray out;
    for (const Value &b : interp.toVector(s)) {
        const qint64 x = toIndex(interp, b);
        if (x < 0 || x > 255)
            interp.raise(ExceptionType::ValueError, u"bytes must be in range(0, 256)"_s);
        out += char(x);
    }
    return Value::bytes(std::move(out));
}

Value constructBool(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "bool", 0, 1);
    return Value::fromBool(!args.positional.empty() && interp.truth(args[0]));
}

Value constructTuple(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "tuple", 0, 1);
    if (args.positional.empty())
        return makeTuple({});
    if (args[0].is(Kind::Tuple) && !args[0].as<TupleObject>()->namedType)
        return args[0];
    return makeTuple(interp.toVector(args[0]));
}

Value constructList(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "list", 0, 1);
    if (args.positional.empty())
        return makeList();
    return makeList(interp.toVector(args[0]));
}

void fillSet(Interpreter &interp, SetObject *set, const Value &iterable)
{
    const Value it = interp.iterate(iterable);
    Value v;
    while (interp.next(it, v)) {
        set->map.insert(v, interp.hash(v), Value());
        if ((set->map.size() & 0xfff) == 0)
            interp.checkSize(set->map.size());
    }
    interp.checkSize(set->map.size());
}

Value constructSet(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "set", 0, 1);
    Ref<SetObject> s = make<SetObject>(false);
    if (!args.positional.empty())
        fillSet(interp, s.get(), args[0]);
    return Value(s);
}

Value constructFrozenSet(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "frozenset", 0, 1);
    Ref<SetObject> s = make<SetObject>(true);
    if (!args.positional.empty())
        fillSet(interp, s.get(), args[0]);
    return Value(s);
}

} // namespace

QByteArray encodeText(Interpreter &interp, const QString &text, const QString &encoding, const QString &errors)
{
    const QString e = encoding.toLower().remove(u'-').remove(u'_');
    if (e == u"utf8")
        return text.toUtf8();
    if (e == u"ascii" || e == u"latin1" || e == u"iso88591") {
        const int limit = e == u"ascii" ? 0x80 : 0x100;
        QByteArray out;
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char16_t c = text[i].unicode();
            if (c >= limit) {
                if (errors == u"ignore")
                    continue;
                if (errors == u"replace") {
                    out += '?';
                    continue;
                }
                interp.raise(ExceptionType::UnicodeEncodeError,
                             u"'"_s + (e == u"ascii" ? u"ascii"_s : u"latin-1"_s) + u"' codec can't encode character '\\u"_s
                                 + QString::number(c, 16).rightJustified(4, u'0') + u"' in position "_s + QString::number(i)
                                 + u": ordinal not in range("_s + QString::number(limit) + u')');
            }
            out += char(c);
        }
        return out;
    }
    interp.raise(ExceptionType::LookupError, u"unknown encoding: "_s + encoding);
}

QString decodeBytes(Interpreter &interp, const QByteArray &bytes, const QString &encoding, const QString &errors)
{
    const QString e = encoding.toLower().remove(u'-').remove(u'_');
    if (e == u"utf8") {
        QStringDecoder decoder(QStringDecoder::Utf8);
        QString out = decoder(bytes);
        if (decoder.hasError() && errors == u"strict")
            interp.raise(ExceptionType::UnicodeDecodeError, u"'utf-8' codec can't decode bytes: invalid data"_s);
        return out;
    }
    if (e == u"ascii") {
        for (qsizetype i = 0; i < bytes.size(); ++i)
            if (static_cast<unsigned char>(bytes[i]) >= 0x80 && errors == u"strict")
                interp.raise(ExceptionType::UnicodeDecodeError,
                             u"'ascii' codec can't decode byte 0x"_s + QString::number(static_cast<unsigned char>(bytes[i]), 16)
                                 + u" in position "_s + QString::number(i) + u": ordinal not in range(128)"_s);
        return QString::fromLatin1(bytes);
    }
    if (e == u"latin1" || e == u"iso88591")
        return QString::fromLatin1(bytes);
    interp.raise(ExceptionType::LookupError, u"unknown encoding: "_s + encoding);
}

// dict(...) and dict.update(...): a mapping or pairs, then keywords.
void updateDict(Interpreter &interp, DictObject *d, const Args &args, const char *name)
{
    if (args.positional.size() > 1)
        interp.raise(ExceptionType::TypeError, QString::fromLatin1(name) + u" expected at most 1 argument, got "_s
                                                   + QString::number(args.positional.size()));
    if (!args.positional.empty()) {
        const Value &src = args[0];
        interp.requireConcrete(src);
        if (src.is(Kind::Dict)) {
            const OrderedMap m = src.as<DictObject>()->map;
            for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
                d->map.insert(m.entry(i).key, m.entry(i).hash, m.entry(i).value);
        } else if (const Value keys = interp.findAttribute(src, Value::str(u"keys"_s));
                   keys.isValid() && !src.is(Kind::List) && !src.is(Kind::Tuple)) {
            for (const Value &k : interp.toVector(interp.call(keys, Args{})))
                d->map.insert(k, interp.hash(k), interp.getItem(src, k));
        } else {
            const Value it = interp.iterate(src);
            Value item;
            qint64 index = 0;
            while (interp.next(it, item)) {
                if (!(item.is(Kind::Tuple) || item.is(Kind::List) || item.isStr()) || item.is(Kind::Opaque)) {
                    interp.requireConcrete(item);
                    interp.raise(ExceptionType::TypeError, u"cannot convert dictionary update sequence element #"_s
                                                               + QString::number(index) + u" to a sequence"_s);
                }
                const std::vector<Value> pair = interp.toVector(item);
                if (pair.size() != 2)
                    interp.raise(ExceptionType::ValueError, u"dictionary update sequence element #"_s + QString::number(index)
                                                                + u" has length "_s + QString::number(pair.size())
                                                                + u"; 2 is required"_s);
                d->map.insert(pair[0], interp.hash(pair[0]), pair[1]);
                ++index;
            }
        }
    }
    for (const KeywordArgument &k : args.keywords)
        d->map.insert(k.name, interp.hash(k.name), k.value);
    interp.checkSize(d->map.size());
}

namespace {

Value constructDict(Interpreter &interp, const Value &, const Args &args)
{
    Ref<DictObject> d = makeDict();
    updateDict(interp, d.get(), args, "dict");
    return Value(d);
}

Value constructRange(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "range");
    const size_t n = args.positional.size();
    if (n == 0)
        interp.raise(ExceptionType::TypeError, u"range expected at least 1 argument, got 0"_s);
    if (n > 3)
        interp.raise(ExceptionType::TypeError, u"range expected at most 3 arguments, got "_s + QString::number(n));
    qint64 start = 0, stop = 0, step = 1;
    if (n == 1) {
        stop = toIndex(interp, args[0]);
    } else {
        start = toIndex(interp, args[0]);
        stop = toIndex(interp, args[1]);
        if (n == 3)
            step = toIndex(interp, args[2]);
    }
    if (step == 0)
        interp.raise(ExceptionType::ValueError, u"range() arg 3 must not be zero"_s);
    return Value(new RangeObject(start, stop, step));
}

Value constructSlice(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "slice", 1, 3);
    if (args.positional.size() == 1)
        return Value(new SliceObject(none(), args[0], none()));
    return Value(new SliceObject(args[0], args[1], args.positional.size() == 3 ? args[2] : none()));
}

Value constructProperty(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"property(fget=None, fset=None, fdel=None, doc=None)");
    Value v[4];
    sig.bind(interp, Value(), args, v);
    auto *p = new PropertyObject;
    if (!v[0].isNone())
        p->getter = v[0];
    if (!v[1].isNone())
        p->setter = v[1];
    return Value(p);
}

Value constructStaticMethod(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "staticmethod", 1, 1);
    return Value(new WrapperObject(Kind::StaticMethod, args[0]));
}

Value constructClassMethod(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "classmethod", 1, 1);
    return Value(new WrapperObject(Kind::ClassMethod, args[0]));
}

Value constructSuper(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "super");
    if (args.positional.size() == 2) {
        if (!args[0].is(Kind::Class))
            interp.raise(ExceptionType::TypeError, u"super() argument 1 must be a type, not "_s + interp.typeName(args[0]));
        return Value(new SuperObject(Ref<ClassObject>(args[0].as<ClassObject>()), args[1]));
    }
    if (!args.positional.empty())
        interp.raise(ExceptionType::TypeError, u"super() takes 0 or 2 arguments"_s);
    // Zero arguments: the class the running method was defined in, and its first argument.
    Interpreter::Frame *frame = Internal::frame(interp);
    while (frame && !frame->function)
        frame = frame->back;
    if (!frame || !frame->function->definingClass || !frame->env || frame->env->values.isEmpty()
        || !frame->env->values[0].isValid())
        interp.raise(ExceptionType::RuntimeError, u"super(): no arguments"_s);
    return Value(new SuperObject(frame->function->definingClass, frame->env->values[0]));
}

// ---- exceptions

Value baseExceptionInit(Interpreter &interp, const Value &self, const Args &args)
{
    if (!self.is(Kind::Instance) || !self.as<InstanceObject>()->cls->isException)
        interp.raise(ExceptionType::TypeError, u"descriptor '__init__' requires a 'BaseException' object"_s);
    auto *exc = self.as<ExceptionObject>();
    if (!args.keywords.empty())
        interp.raise(ExceptionType::TypeError, exc->cls->name + u"() takes no keyword arguments"_s);
    exc->args = makeTuple(std::vector<Value>(args.positional.begin(), args.positional.end()));
    return none();
}

Value objectInit(Interpreter &interp, const Value &self, const Args &args)
{
    if (args.size() > 0)
        interp.raise(ExceptionType::TypeError, interp.typeName(self) + u".__init__() takes exactly one argument (the instance to initialize)"_s);
    return none();
}

Value exceptionWithTraceback(Interpreter &, const Value &self, const Args &)
{
    return self;
}

// ---- functions

Value fnAbs(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "abs", 1, 1);
    const Value &x = args[0];
    if (x.isFloat())
        return Value::fromFloat(std::fabs(x.asFloat()));
    if (x.isIntegral()) {
        if (x.asInt() == std::numeric_limits<qint64>::min())
            interp.raise(ExceptionType::OverflowError, u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
        return Value::fromInt(x.asInt() < 0 ? -x.asInt() : x.asInt());
    }
    if (x.is(Kind::Instance) || x.is(Kind::Host)) {
        const Value m = interp.findAttribute(x, Value::str(u"__abs__"_s));
        if (m.isValid())
            return interp.call(m, Args{});
    }
    interp.requireConcrete(x);
    interp.raise(ExceptionType::TypeError, u"bad operand type for abs(): '"_s + interp.typeName(x) + u"'"_s);
}

Value fnAll(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "all", 1, 1);
    const Value it = interp.iterate(args[0]);
    Value v;
    while (interp.next(it, v))
        if (!interp.truth(v))
            return Value::fromBool(false);
    return Value::fromBool(true);
}

Value fnAny(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "any", 1, 1);
    const Value it = interp.iterate(args[0]);
    Value v;
    while (interp.next(it, v))
        if (interp.truth(v))
            return Value::fromBool(true);
    return Value::fromBool(false);
}

QString asciiOf(const QString &r)
{
    QString out;
    for (qsizetype i = 0; i < r.size(); ++i) {
        char32_t c = r[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < r.size()) {
            c = QChar::surrogateToUcs4(r[i], r[i + 1]);
            ++i;
        }
        if (c < 0x80)
            out += QChar(char16_t(c));
        else if (c <= 0xff)
            out += u"\\x"_s + QString::number(c, 16).rightJustified(2, u'0');
        else if (c <= 0xffff)
            out += u"\\u"_s + QString::number(c, 16).rightJustified(4, u'0');
        else
            out += u"\\U"_s + QString::number(c, 16).rightJustified(8, u'0');
    }
    return out;
}

Value fnAscii(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "ascii", 1, 1);
    return Value::str(asciiOf(interp.repr(args[0])));
}

QString radix(Interpreter &interp, const Value &v, int base, const QString &prefix)
{
    const qint64 x = toIndex(interp, v);
    const quint64 a = x < 0 ? 0 - quint64(x) : quint64(x);
    return (x < 0 ? u"-"_s : QString()) + prefix + QString::number(a, base);
}

Value fnBin(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "bin", 1, 1);
    return Value::str(radix(interp, args[0], 2, u"0b"_s));
}

Value fnOct(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "oct", 1, 1);
    return Value::str(radix(interp, args[0], 8, u"0o"_s));
}

Value fnHex(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "hex", 1, 1);
    return Value::str(radix(interp, args[0], 16, u"0x"_s));
}

Value fnCallable(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "callable", 1, 1);
    const Value &v = args[0];
    switch (v.kind()) {
    case Kind::Function:
    case Kind::Native:
    case Kind::BoundMethod:
    case Kind::Class:
        return Value::fromBool(true);
    case Kind::Instance:
        return Value::fromBool(interp.findAttribute(v, interp.internal().sCall).isValid());
    case Kind::Opaque:
        interp.refuseOpaque(v);
    case Kind::Host:
        return Value::fromBool(true);
    default:
        return Value::fromBool(false);
    }
}

Value fnChr(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "chr", 1, 1);
    const qint64 x = toIndex(interp, args[0]);
    if (x < 0 || x > 0x10ffff)
        interp.raise(ExceptionType::ValueError, u"chr() arg not in range(0x110000)"_s);
    const char32_t cp = char32_t(x);
    return Value::str(QString::fromUcs4(&cp, 1));
}

Value fnOrd(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "ord", 1, 1);
    const Value &v = args[0];
    if (v.isStr()) {
        const QString &s = v.text();
        if (s.size() == 2 && s[0].isHighSurrogate() && s[1].isLowSurrogate())
            return Value::fromInt(QChar::surrogateToUcs4(s[0], s[1]));
        if (s.size() != 1)
            interp.raise(ExceptionType::TypeError, u"ord() expected a character, but string of length "_s
                                                       + QString::number(s.size()) + u" found"_s);
        return Value::fromInt(s[0].unicode());
    }
    if (v.is(Kind::Bytes)) {
        const QByteArray &b = v.as<BytesObject>()->data;
        if (b.size() != 1)
            interp.raise(ExceptionType::TypeError, u"ord() expected a character, but string of length "_s
                                                       + QString::number(b.size()) + u" found"_s);
        return Value::fromInt(static_cast<unsigned char>(b[0]));
    }
    interp.requireConcrete(v);
    interp.raise(ExceptionType::TypeError, u"ord() expected string of length 1, but "_s + interp.typeName(v) + u" found"_s);
}

Value fnDivmod(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "divmod", 2, 2);
    const Value q = binaryOp(interp, BinaryOperator::FloorDiv, args[0], args[1]);
    const Value r = binaryOp(interp, BinaryOperator::Mod, args[0], args[1]);
    return makeTuple({q, r});
}

Value fnPow(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"pow(base, exp, mod=None)");
    Value v[3];
    sig.bind(interp, Value(), args, v);
    if (v[2].isNone())
        return binaryOp(interp, BinaryOperator::Pow, v[0], v[1]);
    if (!v[0].isIntegral() || !v[1].isIntegral() || !v[2].isIntegral())
        interp.raise(ExceptionType::TypeError, u"pow() 3rd argument not allowed unless all arguments are integers"_s);
    qint64 base = v[0].asInt(), exp = v[1].asInt(), mod = v[2].asInt();
    if (mod == 0)
        interp.raise(ExceptionType::ValueError, u"pow() 3rd argument cannot be 0"_s);
    if (exp < 0)
        interp.raise(ExceptionType::ValueError, u"base is not invertible for the given modulus"_s);
    __int128 result = 1;
    __int128 b = ((base % mod) + mod) % mod;
    while (exp > 0) {
        if (exp & 1)
            result = (result * b) % mod;
        b = (b * b) % mod;
        exp >>= 1;
    }
    qint64 r = qint64(result % mod);
    if (r != 0 && ((r < 0) != (mod < 0)))
        r += mod;
    return Value::fromInt(r);
}

Value fnRound(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"round(number, ndigits=None)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    const Value &x = v[0];
    if (x.isIntegral()) {
        if (v[1].isNone())
            return Value::fromInt(x.asInt());
        const qint64 n = toIndex(interp, v[1]);
        if (n >= 0)
            return Value::fromInt(x.asInt());
        if (n < -18)
            return Value::fromInt(0);
        qint64 p = 1;
        for (qint64 i = 0; i < -n; ++i)
            p *= 10;
        const qint64 a = x.asInt();
        qint64 q = a / p, r = a % p;
        if (r < 0) {
            r += p;
            --q;
        }
        if (r * 2 > p || (r * 2 == p && (q & 1)))
            ++q;
        qint64 out;
        if (__builtin_mul_overflow(q, p, &out))
            interp.raise(ExceptionType::OverflowError, u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
        return Value::fromInt(out);
    }
    if (!x.isFloat()) {
        if (x.is(Kind::Instance) || x.is(Kind::Host)) {
            const Value m = interp.findAttribute(x, Value::str(u"__round__"_s));
            if (m.isValid()) {
                std::vector<Value> a;
                if (!v[1].isNone())
                    a.push_back(v[1]);
                return interp.call(m, Args{a, {}});
            }
        }
        interp.requireConcrete(x);
        interp.raise(ExceptionType::TypeError, u"type "_s + interp.typeName(x) + u" doesn't define __round__ method"_s);
    }
    const double d = x.asFloat();
    if (v[1].isNone()) {
        const double r = std::nearbyint(d); // the default rounding mode: half to even
        return Value::fromInt(floatToInt(interp, r));
    }
    const qint64 n = toIndex(interp, v[1]);
    if (!std::isfinite(d))
        return x;
    if (n > 323)
        return x;
    if (n >= 0) {
        // Correctly rounded, as CPython does through its decimal string.
        char buf[512];
        std::snprintf(buf, sizeof buf, "%.*f", int(n), d);
        double out = 0;
        std::from_chars(buf, buf + std::strlen(buf), out);
        return Value::fromFloat(out == 0 ? std::copysign(0.0, d) : out);
    }
    if (n < -308)
        return Value::fromFloat(std::copysign(0.0, d));
    const double p = std::pow(10.0, double(-n));
    const double y = std::nearbyint(d / p) * p;
    return Value::fromFloat(y);
}

Value fnLen(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "len", 1, 1);
    return Value::fromInt(interp.length(args[0]));
}

Value fnRepr(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "repr", 1, 1);
    return interp.makeStr(interp.repr(args[0]));
}

Value fnFormat(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "format", 1, 2);
    QString spec;
    if (args.positional.size() == 2)
        spec = argString(interp, args[1], "format", "argument 2");
    return interp.makeStr(interp.format(args[0], spec));
}

Value fnIsInstance(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "isinstance", 2, 2);
    return Value::fromBool(interp.isInstance(args[0], args[1]));
}

Value fnIsSubclass(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "issubclass", 2, 2);
    interp.requireConcrete(args[0]);
    if (!args[0].is(Kind::Class))
        interp.raise(ExceptionType::TypeError, u"issubclass() arg 1 must be a class"_s);
    auto check = [&](const Value &c) {
        interp.requireConcrete(c);
        if (!c.is(Kind::Class))
            interp.raise(ExceptionType::TypeError, u"issubclass() arg 2 must be a class, a tuple of classes, or a union"_s);
        return c.isSameAs(interp.internal().objectClass) || args[0].as<ClassObject>()->isSubclassOf(c.as<ClassObject>());
    };
    if (args[1].is(Kind::Tuple)) {
        for (const Value &c : args[1].as<TupleObject>()->items)
            if (check(c))
                return Value::fromBool(true);
        return Value::fromBool(false);
    }
    return Value::fromBool(check(args[1]));
}

Value fnGetAttr(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "getattr", 2, 3);
    const QString name = argString(interp, args[1], "getattr", "attribute name");
    if (args.positional.size() == 3) {
        try {
            const Value v = interp.findAttribute(args[0], args[1]);
            return v.isValid() ? v : args[2];
        } catch (const PyException &e) {
            if (interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::AttributeError)))
                return args[2];
            throw;
        }
    }
    return interp.getAttribute(args[0], name);
}

Value fnHasAttr(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "hasattr", 2, 2);
    argString(interp, args[1], "hasattr", "attribute name");
    if (args[0].is(Kind::Opaque))
        interp.refuseOpaque(args[0]);
    try {
        return Value::fromBool(interp.findAttribute(args[0], args[1]).isValid());
    } catch (const PyException &e) {
        if (interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::AttributeError)))
            return Value::fromBool(false);
        throw;
    }
}

Value fnSetAttr(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "setattr", 3, 3);
    interp.setAttribute(args[0], argString(interp, args[1], "setattr", "attribute name"), args[2]);
    return none();
}

Value fnDelAttr(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "delattr", 2, 2);
    delAttribute(interp, args[0], argString(interp, args[1], "delattr", "attribute name"));
    return none();
}

Value fnIter(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "iter", 1, 1);
    return interp.iterate(args[0]);
}

Value fnNext(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "next", 1, 2);
    if (!args[0].is(Kind::Iterator)) {
        if (args[0].is(Kind::Instance)) {
            const Value m = interp.findAttribute(args[0], interp.internal().sNext);
            if (m.isValid()) {
                try {
                    return interp.call(m, Args{});
                } catch (const PyException &e) {
                    if (args.positional.size() == 2
                        && interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::StopIteration)))
                        return args[1];
                    throw;
                }
            }
        }
        interp.requireConcrete(args[0]);
        interp.raise(ExceptionType::TypeError, u"'"_s + interp.typeName(args[0]) + u"' object is not an iterator"_s);
    }
    Value out;
    if (interp.next(args[0], out))
        return out;
    if (args.positional.size() == 2)
        return args[1];
    interp.raise(ExceptionType::StopIteration, QString());
}

Value fnPrint(Interpreter &interp, const Value &, const Args &args)
{
    QString sep = u" "_s;
    QString end = u"\n"_s;
    for (const KeywordArgument &k : args.keywords) {
        const QString &name = k.name.text();
        if (name == u"sep")
            sep = k.value.isNone() ? u" "_s : argString(interp, k.value, "print", "sep");
        else if (name == u"end")
            end = k.value.isNone() ? u"\n"_s : argString(interp, k.value, "print", "end");
        else if (name == u"file") {
            // sys.stdout and sys.stderr go to the host's print sink; anything else would be a file.
            if (!k.value.isNone() && !(k.value.is(Kind::Module) && k.value.as<ModuleObject>()->name.startsWith(u"sys.std")))
                interp.refuse(u"print(file=...) is not available: petmigrate runs scripts without file access"_s);
        } else if (name != u"flush") {
            interp.raise(ExceptionType::TypeError, u"'"_s + name + u"' is an invalid keyword argument for print()"_s);
        }
    }
    QString text;
    for (size_t i = 0; i < args.positional.size(); ++i) {
        if (i)
            text += sep;
        text += interp.str(args.positional[i]);
        interp.checkSize(text.size(), true);
    }
    text += end;
    if (interp.options().print)
        interp.options().print(text);
    return none();
}

struct KeyFunction
{
    Value key;
    Value apply(Interpreter &interp, const Value &v) const
    {
        if (!key.isValid() || key.isNone())
            return v;
        std::vector<Value> a{v};
        return interp.call(key, Args{a, {}});
    }
};

Value minMax(Interpreter &interp, const Args &args, bool max)
{
    const char *name = max ? "max" : "min";
    KeyFunction key;
    Value defaultValue;
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() == u"key")
            key.key = k.value;
        else if (k.name.text() == u"default")
            defaultValue = k.value;
        else
            interp.raise(ExceptionType::TypeError, u"'"_s + k.name.text() + u"' is an invalid keyword argument for "_s
                                                       + QLatin1StringView(name) + u"()"_s);
    }
    std::vector<Value> items;
    if (args.positional.empty())
        interp.raise(ExceptionType::TypeError, QLatin1StringView(name) + u" expected at least 1 argument, got 0"_s);
    if (args.positional.size() == 1) {
        items = interp.toVector(args[0]);
    } else {
        if (defaultValue.isValid())
            interp.raise(ExceptionType::TypeError, u"Cannot specify a default for "_s + QLatin1StringView(name)
                                                       + u"() with multiple positional arguments"_s);
        items.assign(args.positional.begin(), args.positional.end());
    }
    if (items.empty()) {
        if (defaultValue.isValid())
            return defaultValue;
        interp.raise(ExceptionType::ValueError, QLatin1StringView(name) + u"() arg is an empty sequence"_s);
    }
    Value best = items[0];
    Value bestKey = key.apply(interp, best);
    for (size_t i = 1; i < items.size(); ++i) {
        const Value k = key.apply(interp, items[i]);
        const bool better = max ? interp.lessThan(bestKey, k) : interp.lessThan(k, bestKey);
        if (better) {
            best = items[i];
            bestKey = k;
        }
    }
    return best;
}

Value fnMax(Interpreter &interp, const Value &, const Args &args)
{
    return minMax(interp, args, true);
}

Value fnMin(Interpreter &interp, const Value &, const Args &args)
{
    return minMax(interp, args, false);
}

Value fnSum(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"sum(iterable, /, start=0)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    Value total = v[1];
    if (total.isStr())
        interp.raise(ExceptionType::TypeError, u"sum() can't sum strings [use ''.join(seq) instead]"_s);
    if (total.is(Kind::Bytes))
        interp.raise(ExceptionType::TypeError, u"sum() can't sum bytes [use b''.join(seq) instead]"_s);
    const Value it = interp.iterate(v[0]);
    Value x;
    while (interp.next(it, x))
        total = binaryOp(interp, BinaryOperator::Add, total, x);
    return total;
}

} // namespace

std::vector<Value> sortedValues(Interpreter &interp, std::vector<Value> items, const Value &key, bool reverse)
{
    KeyFunction k{key};
    interp.chargeSteps(qint64(items.size()));
    if (!key.isValid() || key.isNone()) {
        std::stable_sort(items.begin(), items.end(), [&](const Value &a, const Value &b) {
            return reverse ? interp.lessThan(b, a) : interp.lessThan(a, b);
        });
        return items;
    }
    std::vector<std::pair<Value, size_t>> keyed;
    keyed.reserve(items.size());
    for (size_t i = 0; i < items.size(); ++i)
        keyed.emplace_back(k.apply(interp, items[i]), i);
    std::stable_sort(keyed.begin(), keyed.end(), [&](const auto &a, const auto &b) {
        return reverse ? interp.lessThan(b.first, a.first) : interp.lessThan(a.first, b.first);
    });
    std::vector<Value> out;
    out.reserve(items.size());
    for (const auto &p : keyed)
        out.push_back(items[p.second]);
    return out;
}

namespace {

Value fnSorted(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"sorted(iterable, /, *, key=None, reverse=False)");
    Value v[3];
    sig.bind(interp, Value(), args, v);
    return makeList(sortedValues(interp, interp.toVector(v[0]), v[1], interp.truth(v[2])));
}

Value fnReversed(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "reversed", 1, 1);
    const Value &seq = args[0];
    if (seq.is(Kind::List) || seq.is(Kind::Tuple) || seq.isStr() || seq.is(Kind::Range) || seq.is(Kind::Dict)
        || seq.is(Kind::DictView) || seq.is(Kind::Bytes)) {
        std::vector<Value> items = interp.toVector(seq);
        std::reverse(items.begin(), items.end());
        return interp.iterate(makeList(std::move(items)));
    }
    if (seq.is(Kind::Instance)) {
        const Value m = interp.findAttribute(seq, Value::str(u"__reversed__"_s));
        if (m.isValid())
            return interp.call(m, Args{});
        if (interp.findAttribute(seq, interp.internal().sLen).isValid()
            && interp.findAttribute(seq, interp.internal().sGetitem).isValid()) {
            std::vector<Value> items;
            for (qint64 i = interp.length(seq) - 1; i >= 0; --i)
                items.push_back(interp.getItem(seq, Value::fromInt(i)));
            return interp.iterate(makeList(std::move(items)));
        }
    }
    interp.requireConcrete(seq);
    interp.raise(ExceptionType::TypeError, u"'"_s + interp.typeName(seq) + u"' object is not reversible"_s);
}

Value fnEnumerate(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"enumerate(iterable, start=0)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    const Value it = interp.iterate(v[0]);
    qint64 n = toIndex(interp, v[1]);
    return Value(new NativeIterator(u"enumerate"_s, [it, n](Interpreter &in, Value &out) mutable {
        Value x;
        if (!in.next(it, x))
            return false;
        out = makeTuple({Value::fromInt(n++), x});
        return true;
    }));
}

Value fnZip(Interpreter &interp, const Value &, const Args &args)
{
    bool strict = false;
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() != u"strict")
            interp.raise(ExceptionType::TypeError, u"zip() got an unexpected keyword argument '"_s + k.name.text() + u"'"_s);
        strict = interp.truth(k.value);
    }
    std::vector<Value> its;
    for (const Value &a : args.positional)
        its.push_back(interp.iterate(a));
    return Value(new NativeIterator(u"zip"_s, [its, strict](Interpreter &in, Value &out) {
        if (its.empty())
            return false;
        std::vector<Value> row;
        for (size_t i = 0; i < its.size(); ++i) {
            Value x;
            if (!in.next(its[i], x)) {
                if (strict) {
                    if (i > 0)
                        in.raise(ExceptionType::ValueError, u"zip() argument "_s + QString::number(i + 1)
                                                                + u" is shorter than argument"_s + (i == 1 ? u" 1"_s : u"s 1-"_s + QString::number(i)));
                    for (size_t j = 1; j < its.size(); ++j) {
                        Value y;
                        if (in.next(its[j], y))
                            in.raise(ExceptionType::ValueError, u"zip() argument "_s + QString::number(j + 1)
                                                                    + u" is longer than argument"_s + (j == 1 ? u" 1"_s : u"s 1-"_s + QString::number(j)));
                    }
                }
                return false;
            }
            row.push_back(std::move(x));
        }
        out = makeTuple(std::move(row));
        return true;
    }));
}

Value fnMap(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "map");
    if (args.positional.size() < 2)
        interp.raise(ExceptionType::TypeError, u"map() must have at least two arguments."_s);
    const Value f = args[0];
    std::vector<Value> its;
    for (size_t i = 1; i < args.positional.size(); ++i)
        its.push_back(interp.iterate(args[i]));
    return Value(new NativeIterator(u"map"_s, [f, its](Interpreter &in, Value &out) {
        std::vector<Value> row;
        for (const Value &it : its) {
            Value x;
            if (!in.next(it, x))
                return false;
            row.push_back(std::move(x));
        }
        out = in.call(f, Args{row, {}});
        return true;
    }));
}

Value fnFilter(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "filter", 2, 2);
    const Value f = args[0];
    const Value it = interp.iterate(args[1]);
    return Value(new NativeIterator(u"filter"_s, [f, it](Interpreter &in, Value &out) {
        Value x;
        while (in.next(it, x)) {
            bool keep;
            if (f.isNone()) {
                keep = in.truth(x);
            } else {
                std::vector<Value> a{x};
                keep = in.truth(in.call(f, Args{a, {}}));
            }
            if (keep) {
                out = x;
                return true;
            }
        }
        return false;
    }));
}

Value fnId(Interpreter &interp, const Value &, const Args &)
{
    interp.refuse(u"id() is not available: its value depends on memory addresses, and a migration must render the same SQL every time"_s);
}

Value fnHash(Interpreter &interp, const Value &, const Args &)
{
    interp.refuse(u"hash() is not available: its value differs between runs, and a migration must render the same SQL every time"_s);
}

Value fnDir(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "dir", 1, 1);
    const Value &v = args[0];
    interp.requireConcrete(v);
    QStringList names;
    auto addMap = [&](const OrderedMap &m) {
        for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
            if (m.entry(i).key.isStr() && !names.contains(m.entry(i).key.text()))
                names << m.entry(i).key.text();
    };
    if (v.is(Kind::Module))
        addMap(v.as<ModuleObject>()->dict->map);
    else if (v.is(Kind::Instance)) {
        if (v.as<InstanceObject>()->dict)
            addMap(v.as<InstanceObject>()->dict->map);
        for (ClassObject *c : v.as<InstanceObject>()->cls->mro)
            if (c->dict)
                addMap(c->dict->map);
    } else if (v.is(Kind::Class)) {
        for (ClassObject *c : v.as<ClassObject>()->mro)
            if (c->dict)
                addMap(c->dict->map);
    } else {
        const MethodTable &t = interp.internal().methods[size_t(v.kind())];
        names << t.methods.keys() << t.properties.keys();
    }
    names.sort();
    std::vector<Value> out;
    for (const QString &n : names)
        out.push_back(Value::str(n));
    return makeList(std::move(out));
}

} // namespace

void installBuiltins(Interpreter &interp)
{
    Internal &in = interp.internal();
    in.builtins = makeDict();
    auto &types = in.types;
    auto cls = [&](const QString &name, std::vector<Ref<ClassObject>> bases, Kind kind, NativeFunction construct) {
        Ref<ClassObject> c = newClass(interp, name, std::move(bases), kind, construct);
        if (kind != Kind::Instance)
            types[size_t(kind)] = Value(c);
        return c;
    };
    Ref<ClassObject> object = cls(u"object"_s, {}, Kind::Instance, constructObject);
    in.objectClass = Value(object);
    putNative(object->dict, u"__init__"_s, objectInit);
    auto typeClass = cls(u"type"_s, {object}, Kind::Class, constructType);
    in.typeClass = Value(typeClass);
    Ref<ClassObject> intClass = cls(u"int"_s, {object}, Kind::Int, constructInt);
    cls(u"bool"_s, {intClass}, Kind::Bool, constructBool);
    cls(u"float"_s, {object}, Kind::Float, constructFloat);
    cls(u"str"_s, {object}, Kind::Str, constructStr);
    cls(u"bytes"_s, {object}, Kind::Bytes, constructBytes);
    cls(u"tuple"_s, {object}, Kind::Tuple, constructTuple);
    cls(u"list"_s, {object}, Kind::List, constructList);
    cls(u"dict"_s, {object}, Kind::Dict, constructDict);
    cls(u"set"_s, {object}, Kind::Set, constructSet);
    cls(u"frozenset"_s, {object}, Kind::FrozenSet, constructFrozenSet);
    cls(u"range"_s, {object}, Kind::Range, constructRange);
    cls(u"slice"_s, {object}, Kind::Slice, constructSlice);
    cls(u"NoneType"_s, {object}, Kind::None, nullptr);
    cls(u"ellipsis"_s, {object}, Kind::Ellipsis, nullptr);
    cls(u"NotImplementedType"_s, {object}, Kind::NotImplemented, nullptr);
    in.functionClass = Value(cls(u"function"_s, {object}, Kind::Function, nullptr));
    cls(u"builtin_function_or_method"_s, {object}, Kind::Native, nullptr);
    cls(u"method"_s, {object}, Kind::BoundMethod, nullptr);
    in.moduleClass = Value(cls(u"module"_s, {object}, Kind::Module, nullptr));
    in.iteratorClass = Value(cls(u"iterator"_s, {object}, Kind::Iterator, nullptr));
    cls(u"dict_view"_s, {object}, Kind::DictView, nullptr);
    cls(u"property"_s, {object}, Kind::Property, constructProperty);
    cls(u"staticmethod"_s, {object}, Kind::StaticMethod, constructStaticMethod);
    cls(u"classmethod"_s, {object}, Kind::ClassMethod, constructClassMethod);
    cls(u"super"_s, {object}, Kind::Super, constructSuper);
    cls(u"opaque"_s, {object}, Kind::Opaque, nullptr);

    // The exception hierarchy.
    auto exc = [&](ExceptionType type, const QString &name, ExceptionType base) {
        std::vector<Ref<ClassObject>> bases;
        if (base == ExceptionType::Count)
            bases.push_back(object);
        else
            bases.emplace_back(in.exceptions[size_t(base)].as<ClassObject>());
        Ref<ClassObject> c = newClass(interp, name, std::move(bases), Kind::Instance, nullptr);
        c->isException = true;
        in.exceptions[size_t(type)] = Value(c);
        return c;
    };
    using E = ExceptionType;
    Ref<ClassObject> base = exc(E::BaseException, u"BaseException"_s, E::Count);
    putNative(base->dict, u"__init__"_s, baseExceptionInit);
    putNative(base->dict, u"with_traceback"_s, exceptionWithTraceback);
    exc(E::SystemExit, u"SystemExit"_s, E::BaseException);
    exc(E::KeyboardInterrupt, u"KeyboardInterrupt"_s, E::BaseException);
    exc(E::GeneratorExit, u"GeneratorExit"_s, E::BaseException);
    exc(E::Exception, u"Exception"_s, E::BaseException);
    exc(E::ArithmeticError, u"ArithmeticError"_s, E::Exception);
    exc(E::OverflowError, u"OverflowError"_s, E::ArithmeticError);
    exc(E::ZeroDivisionError, u"ZeroDivisionError"_s, E::ArithmeticError);
    exc(E::AssertionError, u"AssertionError"_s, E::Exception);
    exc(E::AttributeError, u"AttributeError"_s, E::Exception);
    exc(E::ImportError, u"ImportError"_s, E::Exception);
    exc(E::ModuleNotFoundError, u"ModuleNotFoundError"_s, E::ImportError);
    exc(E::LookupError, u"LookupError"_s, E::Exception);
    exc(E::IndexError, u"IndexError"_s, E::LookupError);
    exc(E::KeyError, u"KeyError"_s, E::LookupError);
    exc(E::NameError, u"NameError"_s, E::Exception);
    exc(E::UnboundLocalError, u"UnboundLocalError"_s, E::NameError);
    exc(E::OSError, u"OSError"_s, E::Exception);
    exc(E::FileNotFoundError, u"FileNotFoundError"_s, E::OSError);
    exc(E::PermissionError, u"PermissionError"_s, E::OSError);
    exc(E::RuntimeError, u"RuntimeError"_s, E::Exception);
    exc(E::NotImplementedError, u"NotImplementedError"_s, E::RuntimeError);
    exc(E::RecursionError, u"RecursionError"_s, E::RuntimeError);
    exc(E::StopIteration, u"StopIteration"_s, E::Exception);
    exc(E::SyntaxError, u"SyntaxError"_s, E::Exception);
    exc(E::TypeError, u"TypeError"_s, E::Exception);
    exc(E::ValueError, u"ValueError"_s, E::Exception);
    exc(E::UnicodeError, u"UnicodeError"_s, E::ValueError);
    exc(E::UnicodeDecodeError, u"UnicodeDecodeError"_s, E::UnicodeError);
    exc(E::UnicodeEncodeError, u"UnicodeEncodeError"_s, E::UnicodeError);
    exc(E::Warning, u"Warning"_s, E::Exception);
    exc(E::UserWarning, u"UserWarning"_s, E::Warning);
    exc(E::DeprecationWarning, u"DeprecationWarning"_s, E::Warning);

    Ref<DictObject> &b = in.builtins;
    for (const Value &t : types)
        if (t.isValid())
            put(b, t.as<ClassObject>()->name, t);
    put(b, u"object"_s, in.objectClass);
    for (const Value &e : in.exceptions)
        if (e.isValid())
            put(b, e.as<ClassObject>()->name, e);
    // CPython's aliases.
    put(b, u"EnvironmentError"_s, in.exceptions[size_t(E::OSError)]);
    put(b, u"IOError"_s, in.exceptions[size_t(E::OSError)]);

    const std::pair<const char16_t *, NativeFunction> functions[] = {
        {u"abs", fnAbs}, {u"all", fnAll}, {u"any", fnAny}, {u"ascii", fnAscii}, {u"bin", fnBin},
        {u"callable", fnCallable}, {u"chr", fnChr}, {u"delattr", fnDelAttr}, {u"dir", fnDir},
        {u"divmod", fnDivmod}, {u"enumerate", fnEnumerate}, {u"filter", fnFilter}, {u"format", fnFormat},
        {u"getattr", fnGetAttr}, {u"hasattr", fnHasAttr}, {u"hash", fnHash}, {u"hex", fnHex}, {u"id", fnId},
        {u"isinstance", fnIsInstance}, {u"issubclass", fnIsSubclass}, {u"iter", fnIter}, {u"len", fnLen},
        {u"map", fnMap}, {u"max", fnMax}, {u"min", fnMin}, {u"next", fnNext}, {u"oct", fnOct}, {u"ord", fnOrd},
        {u"pow", fnPow}, {u"print", fnPrint}, {u"repr", fnRepr}, {u"reversed", fnReversed}, {u"round", fnRound},
        {u"setattr", fnSetAttr}, {u"sorted", fnSorted}, {u"sum", fnSum}, {u"zip", fnZip},
    };
    for (const auto &[name, f] : functions)
        put(b, QString::fromUtf16(name), Value(new NativeObject(QString::fromUtf16(name), f)));
    // The sandbox: present, so that a script naming them reads; refused when called.
    for (const char16_t *name : {u"open", u"exec", u"eval", u"compile", u"__import__", u"input", u"breakpoint",
                                 u"globals", u"locals", u"vars", u"help", u"memoryview", u"exit", u"quit",
                                 u"bytearray", u"copyright", u"credits", u"license", u"aiter", u"anext"}) {
        const QString n = QString::fromUtf16(name);
        put(b, n, Value(new OpaqueObject(n, OpaqueObject::Reason::Sandboxed, QString(), 0)));
    }
    put(b, u"NotImplemented"_s, Value::notImplemented());
    put(b, u"Ellipsis"_s, Value::ellipsis());
    put(b, u"__debug__"_s, Value::fromBool(true));
}

} // namespace pm::python
