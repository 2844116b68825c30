// The pure standard-library modules migration scripts use: typing, string,
// math, sys, os and os.path, logging, warnings, textwrap, functools,
// itertools, collections, copy, enum, abc, contextlib. json, datetime, uuid
// and re are in stdlibdata.cpp.

#include <algorithm>
#include <cmath>
#include <numeric>

#include <QRandomGenerator>
#include <QRegularExpression>

#include "python/format.h"
#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

void installDataModules(Interpreter &interp); // stdlibdata.cpp

namespace {

Value none() { return Value::none(); }
Value str(const QString &s) { return Value::str(s); }

void put(const Ref<ModuleObject> &m, const QString &name, Value v)
{
    python::setAttribute(m, name, std::move(v));
}

void native(const Ref<ModuleObject> &m, const QString &name, NativeFunction f)
{
    put(m, name, Value(new NativeObject(m->name + u'.' + name, f)));
}

// ---- typing: every name is an annotation helper that may be subscripted.

class TypingForm final : public HostObject
{
public:
    explicit TypingForm(QString name) : m_name(std::move(name)) {}
    QString typeName() const override { return u"typing._SpecialForm"_s; }
    QString repr(Interpreter &) override { return u"typing."_s + m_name; }
    Value getItem(Interpreter &, const Value &) override { return Value(new TypingForm(m_name + u"[...]"_s)); }
    Value call(Interpreter &interp, const Args &args) override
    {
        // TypeVar('T'), NewType('UserId', int): a named form; NewType's result is an identity function.
        if (m_name == u"NewType")
            return makeRawFunction(args.positional.empty() ? u"NewType"_s : interp.str(args[0]),
                                   [](Interpreter &, const Args &a) { return a.positional.empty() ? none() : a[0]; });
        return Value(new TypingForm(args.positional.empty() ? m_name : interp.str(args[0])));
    }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"__name__")
            return Value::str(m_name);
        return {};
    }
    Value binaryOp(Interpreter &, BinaryOperator op, const Value &, bool) override
    {
        if (op == BinaryOperator::BitOr)
            return Value(new TypingForm(u"Union[...]"_s));
        return {};
    }

private:
    QString m_name;
};

Value typingCast(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "cast", 2, 2);
    return args[1];
}

Value identityDecorator(Interpreter &interp, const Value &, const Args &args)
{
    // @decorator and @decorator(...) alike.
    if (args.positional.size() == 1 && args.keywords.empty()
        && (args[0].is(Kind::Function) || args[0].is(Kind::Class) || args[0].is(Kind::Native)))
        return args[0];
    return Value(new NativeObject(u"decorator"_s, identityDecorator));
    Q_UNUSED(interp);
}

// functools.wraps(wrapped): always called with the wrapped function, it
// gives the decorator that returns the wrapper (its metadata is not copied:
// nothing petmigrate reads depends on it).
Value functoolsWraps(Interpreter &interp, const Value &, const Args &args)
{
    if (args.positional.empty())
        interp.raise(ExceptionType::TypeError, u"wraps() missing 1 required positional argument: 'wrapped'"_s);
    return Value(new NativeObject(u"decorator"_s, [](Interpreter &in, const Value &, const Args &a) {
        if (a.positional.size() != 1 || !a.keywords.empty())
            in.raise(ExceptionType::TypeError, u"update_wrapper() takes 1 positional argument (the wrapper)"_s);
        return a[0];
    }));
}

Value makeTyping(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"typing"_s);
    for (const char16_t *name : {u"Any", u"Union", u"Optional", u"List", u"Dict", u"Tuple", u"Set", u"FrozenSet",
                                 u"Sequence", u"MutableSequence", u"Mapping", u"MutableMapping", u"Iterable",
                                 u"Iterator", u"Generator", u"Callable", u"Type", u"Literal", u"ClassVar", u"Final",
                                 u"Annotated", u"Generic", u"Protocol", u"TypeVar", u"NewType", u"NoReturn",
                                 u"Collection", u"AbstractSet", u"Hashable", u"Sized", u"Awaitable", u"Coroutine",
                                 u"AsyncIterator", u"ContextManager", u"Pattern", u"Match", u"IO", u"TextIO",
                                 u"SupportsInt", u"SupportsFloat", u"DefaultDict", u"OrderedDict", u"Counter",
                                 u"Deque", u"ChainMap", u"TypeAlias", u"ParamSpec", u"Concatenate", u"Self",
                                 u"LiteralString", u"Never", u"Required", u"NotRequired", u"TypedDict", u"AnyStr"})
        put(m, QString::fromUtf16(name), Value(new TypingForm(QString::fromUtf16(name))));
    put(m, u"TYPE_CHECKING"_s, Value::fromBool(false));
    native(m, u"cast"_s, typingCast);
    for (const char16_t *name : {u"overload", u"final", u"no_type_check", u"runtime_checkable"})
        native(m, QString::fromUtf16(name), identityDecorator);
    return Value(m);
}

// ---- string

Value makeString(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"string"_s, ModuleObject::Missing::Opaque);
    put(m, u"ascii_letters"_s, str(u"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"_s));
    put(m, u"ascii_lowercase"_s, str(u"abcdefghijklmnopqrstuvwxyz"_s));
    put(m, u"ascii_uppercase"_s, str(u"ABCDEFGHIJKLMNOPQRSTUVWXYZ"_s));
    put(m, u"digits"_s, str(u"0123456789"_s));
    put(m, u"hexdigits"_s, str(u"0123456789abcdefABCDEF"_s));
    put(m, u"octdigits"_s, str(u"01234567"_s));
    put(m, u"punctuation"_s, str(u"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"_s));
    put(m, u"whitespace"_s, str(u" \t\n\r\x0b\x0c"_s));
    put(m, u"printable"_s, str(u"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\n\r\x0b\x0c"_s));
    return Value(m);
}

// ---- math

double realArg(Interpreter &interp, const Value &v)
{
    if (v.isNumber())
        return v.toDouble();
    interp.requireConcrete(v);
    interp.raise(ExceptionType::TypeError, u"must be real number, not "_s + interp.typeName(v));
}

template<double (*F)(double)>
Value mathUnary(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "math function", 1, 1);
    const double r = F(realArg(interp, args[0]));
    if (std::isnan(r) && !std::isnan(realArg(interp, args[0])))
        interp.raise(ExceptionType::ValueError, u"math domain error"_s);
    return Value::fromFloat(r);
}

Value toIntegral(Interpreter &interp, double d)
{
    if (!std::isfinite(d))
        interp.raise(std::isnan(d) ? ExceptionType::ValueError : ExceptionType::OverflowError,
                     std::isnan(d) ? u"cannot convert float NaN to integer"_s : u"cannot convert float infinity to integer"_s);
    if (std::fabs(d) >= 9.2233720368547758e18)
        interp.raise(ExceptionType::OverflowError, u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
    return Value::fromInt(qint64(d));
}

Value mathFloor(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "floor", 1, 1);
    if (args[0].isIntegral())
        return Value::fromInt(args[0].asInt());
    return toIntegral(interp, std::floor(realArg(interp, args[0])));
}

Value mathCeil(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "ceil", 1, 1);
    if (args[0].isIntegral())
        return Value::fromInt(args[0].asInt());
    return toIntegral(interp, std::ceil(realArg(interp, args[0])));
}

Value mathTrunc(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "trunc", 1, 1);
    if (args[0].isIntegral())
        return Value::fromInt(args[0].asInt());
    return toIntegral(interp, std::trunc(realArg(interp, args[0])));
}

Value mathLog(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "log", 1, 2);
    const double x = realArg(interp, args[0]);
    if (x <= 0)
        interp.raise(ExceptionType::ValueError, u"math domain error"_s);
    double r = std::log(x);
    if (args.positional.size() == 2) {
        const double b = realArg(interp, args[1]);
        if (b <= 0 || b == 1)
            interp.raise(b == 1 ? ExceptionType::ZeroDivisionError : ExceptionType::ValueError,
                         b == 1 ? u"float division by zero"_s : u"math domain error"_s);
        r /= std::log(b);
    }
    return Value::fromFloat(r);
}

Value mathIsNan(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "isnan", 1, 1);
    return Value::fromBool(std::isnan(realArg(interp, args[0])));
}

Value mathIsInf(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "isinf", 1, 1);
    return Value::fromBool(std::isinf(realArg(interp, args[0])));
}

Value mathIsFinite(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "isfinite", 1, 1);
    return Value::fromBool(std::isfinite(realArg(interp, args[0])));
}

Value mathGcd(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "gcd");
    qint64 g = 0;
    for (const Value &v : args.positional)
        g = std::gcd(g, toIndex(interp, v));
    return Value::fromInt(g < 0 ? -g : g);
}

Value mathPow(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "pow", 2, 2);
    return Value::fromFloat(std::pow(realArg(interp, args[0]), realArg(interp, args[1])));
}

Value mathIsClose(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0)");
    Value v[4];
    sig.bind(interp, Value(), args, v);
    const double a = realArg(interp, v[0]), b = realArg(interp, v[1]);
    if (a == b)
        return Value::fromBool(true);
    const double diff = std::fabs(b - a);
    return Value::fromBool(diff <= std::fabs(realArg(interp, v[2]) * b) || diff <= std::fabs(realArg(interp, v[2]) * a)
                           || diff <= realArg(interp, v[3]));
}

double fabsOf(double x) { return std::fabs(x); }
double sqrtOf(double x) { return std::sqrt(x); }
double expOf(double x) { return std::exp(x); }
double log10Of(double x) { return x <= 0 ? std::nan("") : std::log10(x); }
double log2Of(double x) { return x <= 0 ? std::nan("") : std::log2(x); }
double sinOf(double x) { return std::sin(x); }
double cosOf(double x) { return std::cos(x); }
double tanOf(double x) { return std::tan(x); }

Value makeMath(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"math"_s, ModuleObject::Missing::Opaque);
    put(m, u"pi"_s, Value::fromFloat(M_PI));
    put(m, u"e"_s, Value::fromFloat(M_E));
    put(m, u"tau"_s, Value::fromFloat(2 * M_PI));
    put(m, u"inf"_s, Value::fromFloat(std::numeric_limits<double>::infinity()));
    put(m, u"nan"_s, Value::fromFloat(std::numeric_limits<double>::quiet_NaN()));
    native(m, u"floor"_s, mathFloor);
    native(m, u"ceil"_s, mathCeil);
    native(m, u"trunc"_s, mathTrunc);
    native(m, u"log"_s, mathLog);
    native(m, u"isnan"_s, mathIsNan);
    native(m, u"isinf"_s, mathIsInf);
    native(m, u"isfinite"_s, mathIsFinite);
    native(m, u"gcd"_s, mathGcd);
    native(m, u"pow"_s, mathPow);
    native(m, u"isclose"_s, mathIsClose);
    native(m, u"fabs"_s, mathUnary<fabsOf>);
    native(m, u"sqrt"_s, mathUnary<sqrtOf>);
    native(m, u"exp"_s, mathUnary<expOf>);
    native(m, u"log10"_s, mathUnary<log10Of>);
    native(m, u"log2"_s, mathUnary<log2Of>);
    native(m, u"sin"_s, mathUnary<sinOf>);
    native(m, u"cos"_s, mathUnary<cosOf>);
    native(m, u"tan"_s, mathUnary<tanOf>);
    return Value(m);
}

// ---- sys

Value sysStreamWrite(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "write", 1, 1);
    const QString text = argString(interp, args[0], "write");
    if (interp.options().print)
        interp.options().print(text);
    return Value::fromInt(text.size());
}

Value sysStreamFlush(Interpreter &, const Value &, const Args &)
{
    return none();
}

Value makeSys(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"sys"_s, ModuleObject::Missing::Sandboxed);
    // version_info as a named tuple: sys.version_info >= (3, 8) and .major both work.
    Ref<ClassObject> vi = make<ClassObject>(interp.heap());
    vi->name = u"version_info"_s;
    vi->qualname = u"sys.version_info"_s;
    vi->module = u"sys"_s;
    vi->dict = makeDict();
    vi->mro.push_back(vi.get());
    vi->fields = {u"major"_s, u"minor"_s, u"micro"_s, u"releaselevel"_s, u"serial"_s};
    auto *t = new TupleObject({Value::fromInt(3), Value::fromInt(11), Value::fromInt(2), str(u"final"_s), Value::fromInt(0)});
    t->namedType = vi;
    put(m, u"version_info"_s, Value(t));
    put(m, u"version"_s, str(u"3.11.2 (petmigrate)"_s));
    put(m, u"maxsize"_s, Value::fromInt(std::numeric_limits<qint64>::max()));
    put(m, u"path"_s, makeList());
    put(m, u"argv"_s, makeList({str(u"petmigrate"_s)}));
    put(m, u"byteorder"_s, str(u"little"_s));
    put(m, u"modules"_s, Value(makeDict()));
    for (const QString &stream : {u"stdout"_s, u"stderr"_s}) {
        Ref<ModuleObject> s = makeModule(interp, u"sys."_s + stream, ModuleObject::Missing::Sandboxed);
        native(s, u"write"_s, sysStreamWrite);
        native(s, u"flush"_s, sysStreamFlush);
        put(m, stream, Value(s));
    }
    return Value(m);
}

// ---- os, os.path

QString pathArg(Interpreter &interp, const Value &v, const char *function)
{
    return argString(interp, v, function, "argument");
}

Value pathJoin(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "join");
    if (args.positional.empty())
        interp.raise(ExceptionType::TypeError, u"join() missing 1 required positional argument: 'a'"_s);
    QString out = pathArg(interp, args[0], "join");
    for (size_t i = 1; i < args.positional.size(); ++i) {
        const QString p = pathArg(interp, args[i], "join");
        if (p.startsWith(u'/'))
            out = p;
        else if (out.isEmpty() || out.endsWith(u'/'))
            out += p;
        else
            out += u'/' + p;
    }
    return str(out);
}

Value pathBasename(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "basename", 1, 1);
    const QString p = pathArg(interp, args[0], "basename");
    return str(p.mid(p.lastIndexOf(u'/') + 1));
}

Value pathDirname(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "dirname", 1, 1);
    const QString p = pathArg(interp, args[0], "dirname");
    QString head = p.left(p.lastIndexOf(u'/') + 1);
    if (!head.isEmpty() && head != QString(head.size(), u'/'))
        while (head.endsWith(u'/'))
            head.chop(1);
    return str(head);
}

Value pathSplit(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "split", 1, 1);
    const QString p = pathArg(interp, args[0], "split");
    const qsizetype i = p.lastIndexOf(u'/') + 1;
    QString head = p.left(i);
    if (!head.isEmpty() && head != QString(head.size(), u'/'))
        while (head.endsWith(u'/'))
            head.chop(1);
    return makeTuple({str(head), str(p.mid(i))});
}

Value pathSplitext(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "splitext", 1, 1);
    const QString p = pathArg(interp, args[0], "splitext");
    const qsizetype slash = p.lastIndexOf(u'/');
    const qsizetype dot = p.lastIndexOf(u'.');
    if (dot > slash) {
        // A leading dot (".bashrc") is not an extension.
        qsizetype first = slash + 1;
        while (first < dot && p[first] == u'.')
            ++first;
        if (first < dot)
            return makeTuple({str(p.left(dot)), str(p.mid(dot))});
    }
    return makeTuple({str(p), str(QString())});
}

Value pathNormpath(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "normpath", 1, 1);
    const QString p = pathArg(interp, args[0], "normpath");
    if (p.isEmpty())
        return str(u"."_s);
    const bool absolute = p.startsWith(u'/');
    const int leading = absolute ? (p.startsWith(u"//") && !p.startsWith(u"///") ? 2 : 1) : 0;
    QStringList out;
    for (const QString &part : p.split(u'/', Qt::SkipEmptyParts)) {
        if (part == u".")
            continue;
        if (part == u".." && ((!absolute && (out.isEmpty() || out.last() == u"..")) == false)) {
            if (!out.isEmpty())
                out.removeLast();
            continue;
        }
        if (part == u".." && absolute && out.isEmpty())
            continue;
        out << part;
    }
    QString result = QString(leading, u'/') + out.join(u'/');
    return str(result.isEmpty() ? u"."_s : result);
}

Value pathIsAbs(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "isabs", 1, 1);
    return Value::fromBool(pathArg(interp, args[0], "isabs").startsWith(u'/'));
}

Value osGetenv(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "getenv", 1, 2);
    const QString key = argString(interp, args[0], "getenv", "key");
    if (const auto &env = interp.options().environment) {
        const auto it = env->constFind(key);
        if (it != env->constEnd())
            return str(it.value());
        return args.positional.size() == 2 ? args[1] : none();
    }
    return Value(new OpaqueObject(u"the environment variable '"_s + key + u"' (os.getenv)"_s,
                                  OpaqueObject::Reason::Environment, QString(), 0));
}

// os.urandom reads no file and starts no process here: it is the system's
// random generator (QRandomGenerator::system(), getrandom(2) or the
// platform's equivalent), which the sandbox's promise allows. Scripts use it
// for a fresh secret (pgAdmin's SECRET_KEY), never for the schema.
Value osUrandom(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "urandom", 1, 1);
    if (!args[0].isIntegral())
        interp.raise(ExceptionType::TypeError, u"'%1' object cannot be interpreted as an integer"_s.arg(interp.typeName(args[0])));
    const qint64 size = args[0].asInt();
    if (size < 0)
        interp.raise(ExceptionType::ValueError, u"negative argument not allowed"_s);
    if (size > (qint64(1) << 24))
        interp.refuse(u"os.urandom(%1) is more than petmigrate gives a script (16 MiB)"_s.arg(size));
    QByteArray bytes(qsizetype(size), Qt::Uninitialized);
    QRandomGenerator::system()->generate(bytes.begin(), bytes.end());
    return Value::bytes(std::move(bytes));
}

// os.environ: a dict when the host gives the environment, else opaque.
class Environ final : public HostObject
{
public:
    QString typeName() const override { return u"_Environ"_s; }
    Value getItem(Interpreter &, const Value &key) override { return opaque(key); }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"get")
            return makeRawFunction(u"get"_s, [this](Interpreter &interp, const Args &args) {
                expectArgs(interp, args, "get", 1, 2);
                return opaque(args[0]);
            });
        return Value(new OpaqueObject(u"os.environ."_s + name, OpaqueObject::Reason::Environment, QString(), 0));
    }
    bool truth(Interpreter &interp) override { interp.refuseOpaque(opaque(Value::str(u"..."_s))); }
    std::optional<bool> contains(Interpreter &interp, const Value &key) override { interp.refuseOpaque(opaque(key)); }
    Value iterate(Interpreter &interp) override { interp.refuseOpaque(opaque(Value::str(u"..."_s))); }

private:
    static Value opaque(const Value &key)
    {
        const QString name = key.isStr() ? u"os.environ['"_s + key.text() + u"']"_s : u"os.environ"_s;
        return Value(new OpaqueObject(name, OpaqueObject::Reason::Environment, QString(), 0));
    }
};

Value makeOsPath(Interpreter &interp)
{
    // CPython's os.path is posixpath (its AttributeError says so); what reads the
    // file system is refused by name.
    Ref<ModuleObject> p = makeModule(interp, u"posixpath"_s);
    for (const char16_t *name : {u"exists", u"lexists", u"isfile", u"isdir", u"islink", u"ismount", u"getsize",
                                 u"getmtime", u"getatime", u"getctime", u"abspath", u"realpath", u"relpath",
                                 u"expanduser", u"expandvars", u"samefile", u"sameopenfile", u"samestat"}) {
        const QString n = QString::fromUtf16(name);
        put(p, n, Value(new OpaqueObject(u"os.path."_s + n, OpaqueObject::Reason::Sandboxed, QString(), 0)));
    }
    native(p, u"join"_s, pathJoin);
    native(p, u"basename"_s, pathBasename);
    native(p, u"dirname"_s, pathDirname);
    native(p, u"split"_s, pathSplit);
    native(p, u"splitext"_s, pathSplitext);
    native(p, u"normpath"_s, pathNormpath);
    native(p, u"isabs"_s, pathIsAbs);
    put(p, u"sep"_s, str(u"/"_s));
    return Value(p);
}

Value makeOs(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"os"_s, ModuleObject::Missing::Sandboxed);
    const Value path = makeOsPath(interp);
    put(m, u"path"_s, path);
    interp.internal().modules.insert(u"os.path"_s, path);
    put(m, u"sep"_s, str(u"/"_s));
    put(m, u"linesep"_s, str(u"\n"_s));
    put(m, u"curdir"_s, str(u"."_s));
    put(m, u"pardir"_s, str(u".."_s));
    put(m, u"extsep"_s, str(u"."_s));
    put(m, u"name"_s, str(u"posix"_s));
    native(m, u"getenv"_s, osGetenv);
    native(m, u"urandom"_s, osUrandom);
    if (const auto &env = interp.options().environment) {
        Ref<DictObject> d = makeDict();
        for (auto it = env->constBegin(); it != env->constEnd(); ++it)
            d->map.insert(str(it.key()), hashText(it.key()), str(it.value()));
        put(m, u"environ"_s, Value(d));
    } else {
        put(m, u"environ"_s, Value(new Environ));
    }
    return Value(m);
}

// ---- logging

const char *levelName(qint64 level)
{
    if (level >= 50) return "CRITICAL";
    if (level >= 40) return "ERROR";
    if (level >= 30) return "WARNING";
    if (level >= 20) return "INFO";
    return "DEBUG";
}

Interpreter::LogLevel toLevel(qint64 level)
{
    if (level >= 50) return Interpreter::LogLevel::Critical;
    if (level >= 40) return Interpreter::LogLevel::Error;
    if (level >= 30) return Interpreter::LogLevel::Warning;
    if (level >= 20) return Interpreter::LogLevel::Info;
    return Interpreter::LogLevel::Debug;
}

void emitLog(Interpreter &interp, const QString &logger, qint64 level, const Args &args, size_t first)
{
    if (args.positional.size() <= first)
        interp.raise(ExceptionType::TypeError, u"missing 1 required positional argument: 'msg'"_s);
    QString message = interp.str(args[first]);
    if (args.positional.size() > first + 1) {
        std::vector<Value> rest(args.positional.begin() + qsizetype(first) + 1, args.positional.end());
        const Value fmtArgs = rest.size() == 1 && rest[0].is(Kind::Dict) ? rest[0] : makeTuple(std::move(rest));
        message = percentFormat(interp, message, fmtArgs);
    }
    interp.log(toLevel(level), logger, message);
    Q_UNUSED(levelName);
}

class Logger final : public HostObject
{
public:
    explicit Logger(QString name) : m_name(std::move(name)) {}
    QString typeName() const override { return u"Logger"_s; }
    QString repr(Interpreter &) override { return u"<Logger "_s + m_name + u" (WARNING)>"_s; }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"name")
            return Value::str(m_name);
        if (name == u"handlers")
            return makeList();
        if (name == u"level")
            return Value::fromInt(0);
        return {};
    }
    bool setAttribute(Interpreter &, const QString &, const Value &) override { return true; }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        static const QHash<QString, qint64> levels = {
            {u"debug"_s, 10}, {u"info"_s, 20}, {u"warning"_s, 30}, {u"warn"_s, 30}, {u"error"_s, 40},
            {u"exception"_s, 40}, {u"critical"_s, 50}, {u"fatal"_s, 50},
        };
        if (const auto it = levels.constFind(name); it != levels.constEnd()) {
            emitLog(interp, m_name, it.value(), args, 0);
            return none();
        }
        if (name == u"log") {
            if (args.positional.empty())
                interp.raise(ExceptionType::TypeError, u"log() missing 2 required positional arguments: 'level' and 'msg'"_s);
            emitLog(interp, m_name, toIndex(interp, args[0]), args, 1);
            return none();
        }
        if (name == u"setLevel" || name == u"addHandler" || name == u"removeHandler" || name == u"addFilter")
            return none();
        if (name == u"isEnabledFor")
            return Value::fromBool(true);
        if (name == u"getChild")
            return Value(new Logger(m_name + u'.' + (args.positional.empty() ? QString() : interp.str(args[0]))));
        interp.raise(ExceptionType::AttributeError, u"'Logger' object has no attribute '"_s + name + u"'"_s);
    }

private:
    QString m_name;
};

Value loggingGetLogger(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "getLogger", 0, 1);
    const QString name = args.positional.empty() || args[0].isNone() ? u"root"_s : argString(interp, args[0], "getLogger");
    return Value(new Logger(name));
}

Value loggingNoOp(Interpreter &, const Value &, const Args &)
{
    return none();
}

template<qint64 Level>
Value loggingLevel(Interpreter &interp, const Value &, const Args &args)
{
    emitLog(interp, u"root"_s, Level, args, 0);
    return none();
}

Value makeLogging(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"logging"_s, ModuleObject::Missing::Opaque);
    native(m, u"getLogger"_s, loggingGetLogger);
    native(m, u"basicConfig"_s, loggingNoOp);
    native(m, u"disable"_s, loggingNoOp);
    native(m, u"debug"_s, loggingLevel<10>);
    native(m, u"info"_s, loggingLevel<20>);
    native(m, u"warning"_s, loggingLevel<30>);
    native(m, u"error"_s, loggingLevel<40>);
    native(m, u"critical"_s, loggingLevel<50>);
    for (const auto &[name, level] : {std::pair{u"DEBUG", 10}, {u"INFO", 20}, {u"WARNING", 30}, {u"WARN", 30},
                                      {u"ERROR", 40}, {u"CRITICAL", 50}, {u"FATAL", 50}, {u"NOTSET", 0}})
        put(m, QString::fromUtf16(name), Value::fromInt(level));
    return Value(m);
}

// logging.config.fileConfig(...) reads the ini's logging sections: the host
// configures its own logging, so this does nothing (it reads no file).
Value makeLoggingConfig(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"logging.config"_s, ModuleObject::Missing::Opaque);
    native(m, u"fileConfig"_s, loggingNoOp);
    native(m, u"dictConfig"_s, loggingNoOp);
    return Value(m);
}

// ---- warnings

Value warningsWarn(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"warn(message, category=None, stacklevel=1, source=None)");
    Value v[4];
    sig.bind(interp, Value(), args, v);
    QString category = u"UserWarning"_s;
    if (v[0].is(Kind::Instance) && v[0].as<InstanceObject>()->cls->isException)
        category = v[0].as<InstanceObject>()->cls->name;
    else if (v[1].is(Kind::Class))
        category = v[1].as<ClassObject>()->name;
    const Location where = interp.currentLocation();
    interp.log(Interpreter::LogLevel::Warning, u"py.warnings"_s,
               where.file + u':' + QString::number(where.line) + u": "_s + category + u": "_s + interp.str(v[0]));
    return none();
}

class NullContext final : public HostObject
{
public:
    explicit NullContext(std::vector<Value> suppress = {}) : m_suppress(std::move(suppress)) {}
    QString typeName() const override { return u"ContextManager"_s; }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        if (name == u"__enter__")
            return none();
        if (name == u"__exit__") {
            if (args.positional.size() >= 2 && !args[1].isNone())
                for (const Value &c : m_suppress)
                    if (interp.isInstance(args[1], c))
                        return Value::fromBool(true);
            return Value::fromBool(false);
        }
        return HostObject::callMethod(interp, name, args);
    }

private:
    std::vector<Value> m_suppress;
};

Value nullContext(Interpreter &, const Value &, const Args &)
{
    return Value(new NullContext);
}

Value makeWarnings(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"warnings"_s, ModuleObject::Missing::Opaque);
    native(m, u"warn"_s, warningsWarn);
    native(m, u"filterwarnings"_s, loggingNoOp);
    native(m, u"simplefilter"_s, loggingNoOp);
    native(m, u"resetwarnings"_s, loggingNoOp);
    native(m, u"catch_warnings"_s, nullContext);
    return Value(m);
}

// ---- textwrap

Value textwrapDedent(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "dedent", 1, 1);
    // CPython's algorithm: whitespace-only lines become empty, then the
    // longest common leading whitespace of the other lines goes.
    QString text = argString(interp, args[0], "dedent");
    static const QRegularExpression whitespaceOnly(u"^[ \t]+$"_s, QRegularExpression::MultilineOption);
    text.replace(whitespaceOnly, QString());
    static const QRegularExpression leading(u"(^[ \t]*)(?:[^ \t\n])"_s, QRegularExpression::MultilineOption);
    QString margin;
    bool first = true;
    auto it = leading.globalMatch(text);
    while (it.hasNext()) {
        const QString indent = it.next().captured(1);
        if (first) {
            margin = indent;
            first = false;
        } else if (indent.startsWith(margin)) {
            // margin unchanged
        } else if (margin.startsWith(indent)) {
            margin = indent;
        } else {
            qsizetype i = 0;
            while (i < margin.size() && i < indent.size() && margin[i] == indent[i])
                ++i;
            margin = margin.left(i);
        }
    }
    if (!margin.isEmpty()) {
        const QRegularExpression strip(u"(?m)^"_s + QRegularExpression::escape(margin));
        text.replace(strip, QString());
    }
    return str(text);
}

Value textwrapIndent(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"indent(text, prefix, predicate=None)");
    Value v[3];
    sig.bind(interp, Value(), args, v);
    const QString text = argString(interp, v[0], "indent");
    const QString prefix = argString(interp, v[1], "indent");
    QString out;
    qsizetype i = 0;
    while (i < text.size()) {
        qsizetype j = text.indexOf(u'\n', i);
        j = j < 0 ? text.size() : j + 1;
        const QString line = text.mid(i, j - i);
        bool add;
        if (v[2].isNone()) {
            add = !line.trimmed().isEmpty();
        } else {
            std::vector<Value> a{str(line)};
            add = interp.truth(interp.call(v[2], Args{a, {}}));
        }
        if (add)
            out += prefix;
        out += line;
        i = j;
    }
    return str(out);
}

Value makeTextwrap(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"textwrap"_s, ModuleObject::Missing::Opaque);
    native(m, u"dedent"_s, textwrapDedent);
    native(m, u"indent"_s, textwrapIndent);
    return Value(m);
}

// ---- functools

Value functoolsPartial(Interpreter &interp, const Value &, const Args &args)
{
    if (args.positional.empty())
        interp.raise(ExceptionType::TypeError, u"type 'partial' takes at least one argument"_s);
    const Value f = args[0];
    const std::vector<Value> bound(args.positional.begin() + 1, args.positional.end());
    const std::vector<KeywordArgument> boundKeywords(args.keywords.begin(), args.keywords.end());
    return makeRawFunction(u"partial"_s, [f, bound, boundKeywords](Interpreter &in, const Args &more) {
        std::vector<Value> positional = bound;
        positional.insert(positional.end(), more.positional.begin(), more.positional.end());
        std::vector<KeywordArgument> keywords = boundKeywords;
        for (const KeywordArgument &k : more.keywords) {
            auto it = std::find_if(keywords.begin(), keywords.end(),
                                   [&](const KeywordArgument &x) { return x.name.text() == k.name.text(); });
            if (it != keywords.end())
                it->value = k.value;
            else
                keywords.push_back(k);
        }
        return in.call(f, Args{positional, keywords});
    });
}

Value functoolsReduce(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "reduce", 2, 3);
    const Value it = interp.iterate(args[1]);
    Value acc;
    if (args.positional.size() == 3)
        acc = args[2];
    else if (!interp.next(it, acc))
        interp.raise(ExceptionType::TypeError, u"reduce() of empty iterable with no initial value"_s);
    Value x;
    while (interp.next(it, x)) {
        std::vector<Value> a{acc, x};
        acc = interp.call(args[0], Args{a, {}});
    }
    return acc;
}

Value makeFunctools(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"functools"_s, ModuleObject::Missing::Opaque);
    native(m, u"partial"_s, functoolsPartial);
    native(m, u"reduce"_s, functoolsReduce);
    for (const char16_t *name : {u"lru_cache", u"cache", u"total_ordering", u"cached_property"})
        native(m, QString::fromUtf16(name), identityDecorator);
    native(m, u"wraps"_s, functoolsWraps);
    return Value(m);
}

// ---- itertools

Value iterChain(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "chain");
    std::vector<Value> sources(args.positional.begin(), args.positional.end());
    size_t index = 0;
    Value current;
    return Value(new NativeIterator(u"chain"_s, [sources, index, current](Interpreter &in, Value &out) mutable {
        while (true) {
            if (current.isValid() && in.next(current, out))
                return true;
            if (index >= sources.size())
                return false;
            current = in.iterate(sources[index++]);
        }
    }));
}

Value iterChainFromIterable(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "from_iterable", 1, 1);
    const Value outer = interp.iterate(args[0]);
    Value current;
    return Value(new NativeIterator(u"chain"_s, [outer, current](Interpreter &in, Value &out) mutable {
        while (true) {
            if (current.isValid() && in.next(current, out))
                return true;
            Value next;
            if (!in.next(outer, next))
                return false;
            current = in.iterate(next);
        }
    }));
}

Value iterProduct(Interpreter &interp, const Value &, const Args &args)
{
    qint64 repeat = 1;
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() != u"repeat")
            interp.raise(ExceptionType::TypeError, u"product() got an unexpected keyword argument '"_s + k.name.text() + u"'"_s);
        repeat = toIndex(interp, k.value);
    }
    std::vector<std::vector<Value>> pools;
    for (qint64 r = 0; r < repeat; ++r)
        for (const Value &a : args.positional)
            pools.push_back(interp.toVector(a));
    std::vector<Value> result;
    std::vector<std::vector<Value>> rows{{}};
    for (const auto &pool : pools) {
        std::vector<std::vector<Value>> next;
        for (const auto &row : rows)
            for (const Value &x : pool) {
                next.push_back(row);
                next.back().push_back(x);
                interp.chargeSteps(1);
            }
        rows.swap(next);
        interp.checkSize(qsizetype(rows.size()));
    }
    for (auto &row : rows)
        result.push_back(makeTuple(std::move(row)));
    return interp.iterate(makeList(std::move(result)));
}

Value iterGroupBy(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"groupby(iterable, key=None)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    const std::vector<Value> items = interp.toVector(v[0]);
    std::vector<Value> groups;
    size_t i = 0;
    while (i < items.size()) {
        auto keyOf = [&](const Value &x) {
            if (v[1].isNone())
                return x;
            std::vector<Value> a{x};
            return interp.call(v[1], Args{a, {}});
        };
        const Value k = keyOf(items[i]);
        std::vector<Value> members{items[i]};
        size_t j = i + 1;
        while (j < items.size() && interp.equals(keyOf(items[j]), k))
            members.push_back(items[j++]);
        groups.push_back(makeTuple({k, interp.iterate(makeList(std::move(members)))}));
        i = j;
    }
    return interp.iterate(makeList(std::move(groups)));
}

Value iterISlice(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "islice", 2, 4);
    const Value it = interp.iterate(args[0]);
    qint64 start = 0, stop = -1, step = 1;
    if (args.positional.size() == 2) {
        stop = args[1].isNone() ? -1 : toIndex(interp, args[1]);
    } else {
        start = args[1].isNone() ? 0 : toIndex(interp, args[1]);
        stop = args[2].isNone() ? -1 : toIndex(interp, args[2]);
        if (args.positional.size() == 4 && !args[3].isNone())
            step = toIndex(interp, args[3]);
    }
    if (start < 0 || step <= 0 || stop < -1)
        interp.raise(ExceptionType::ValueError, u"Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize."_s);
    qint64 index = 0;
    qint64 nextWanted = start;
    return Value(new NativeIterator(u"islice"_s, [it, index, nextWanted, stop, step](Interpreter &in, Value &out) mutable {
        while (stop < 0 || nextWanted < stop) {
            Value x;
            if (!in.next(it, x))
                return false;
            if (index++ == nextWanted) {
                nextWanted += step;
                out = x;
                return true;
            }
        }
        return false;
    }));
}

Value iterCount(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(u"count(start=0, step=1)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    Value current = v[0];
    const Value step = v[1];
    return Value(new NativeIterator(u"count"_s, [current, step](Interpreter &in, Value &out) mutable {
        out = current;
        current = binaryOp(in, BinaryOperator::Add, current, step);
        return true;
    }));
}

Value iterRepeat(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "repeat", 1, 2);
    const Value x = args[0];
    qint64 left = args.positional.size() == 2 ? toIndex(interp, args[1]) : -1;
    return Value(new NativeIterator(u"repeat"_s, [x, left](Interpreter &, Value &out) mutable {
        if (left == 0)
            return false;
        if (left > 0)
            --left;
        out = x;
        return true;
    }));
}

Value iterZipLongest(Interpreter &interp, const Value &, const Args &args)
{
    Value fill = none();
    for (const KeywordArgument &k : args.keywords) {
        if (k.name.text() != u"fillvalue")
            interp.raise(ExceptionType::TypeError, u"zip_longest() got an unexpected keyword argument '"_s + k.name.text() + u"'"_s);
        fill = k.value;
    }
    std::vector<Value> its;
    for (const Value &a : args.positional)
        its.push_back(interp.iterate(a));
    std::vector<bool> done(its.size(), false);
    return Value(new NativeIterator(u"zip_longest"_s, [its, done, fill](Interpreter &in, Value &out) mutable {
        std::vector<Value> row;
        bool any = false;
        for (size_t i = 0; i < its.size(); ++i) {
            Value x;
            if (!done[i] && in.next(its[i], x)) {
                any = true;
                row.push_back(x);
            } else {
                done[i] = true;
                row.push_back(fill);
            }
        }
        if (!any)
            return false;
        out = makeTuple(std::move(row));
        return true;
    }));
}

Value iterCombinations(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "combinations", 2, 2);
    const std::vector<Value> pool = interp.toVector(args[0]);
    const qint64 r = toIndex(interp, args[1]);
    if (r < 0)
        interp.raise(ExceptionType::ValueError, u"r must be non-negative"_s);
    std::vector<Value> out;
    const qint64 n = qint64(pool.size());
    if (r <= n) {
        std::vector<qint64> idx(static_cast<size_t>(r));
        std::iota(idx.begin(), idx.end(), 0);
        while (true) {
            std::vector<Value> row;
            for (qint64 i : idx)
                row.push_back(pool[size_t(i)]);
            out.push_back(makeTuple(std::move(row)));
            interp.chargeSteps(1);
            interp.checkSize(qsizetype(out.size()));
            qint64 i = r - 1;
            while (i >= 0 && idx[size_t(i)] == i + n - r)
                --i;
            if (i < 0)
                break;
            ++idx[size_t(i)];
            for (qint64 j = i + 1; j < r; ++j)
                idx[size_t(j)] = idx[size_t(j - 1)] + 1;
        }
    }
    return interp.iterate(makeList(std::move(out)));
}

Value iterStarmap(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "starmap", 2, 2);
    const Value f = args[0];
    const Value it = interp.iterate(args[1]);
    return Value(new NativeIterator(u"starmap"_s, [f, it](Interpreter &in, Value &out) {
        Value x;
        if (!in.next(it, x))
            return false;
        const std::vector<Value> a = in.toVector(x);
        out = in.call(f, Args{a, {}});
        return true;
    }));
}

Value iterTakeDropWhile(Interpreter &interp, const Args &args, bool take)
{
    expectArgs(interp, args, take ? "takewhile" : "dropwhile", 2, 2);
    const Value f = args[0];
    const Value it = interp.iterate(args[1]);
    bool switched = false;
    return Value(new NativeIterator(take ? u"takewhile"_s : u"dropwhile"_s, [f, it, switched, take](Interpreter &in, Value &out) mutable {
        Value x;
        while (in.next(it, x)) {
            if (switched) {
                if (take)
                    return false;
                out = x;
                return true;
            }
            std::vector<Value> a{x};
            const bool ok = in.truth(in.call(f, Args{a, {}}));
            if (take) {
                if (ok) {
                    out = x;
                    return true;
                }
                switched = true;
                return false;
            }
            if (!ok) {
                switched = true;
                out = x;
                return true;
            }
        }
        return false;
    }));
}

Value iterTakeWhile(Interpreter &interp, const Value &, const Args &args) { return iterTakeDropWhile(interp, args, true); }
Value iterDropWhile(Interpreter &interp, const Value &, const Args &args) { return iterTakeDropWhile(interp, args, false); }

Value makeItertools(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"itertools"_s, ModuleObject::Missing::Opaque);
    Value chain(new NativeObject(u"itertools.chain"_s, iterChain));
    native(m, u"product"_s, iterProduct);
    native(m, u"groupby"_s, iterGroupBy);
    native(m, u"islice"_s, iterISlice);
    native(m, u"count"_s, iterCount);
    native(m, u"repeat"_s, iterRepeat);
    native(m, u"zip_longest"_s, iterZipLongest);
    native(m, u"combinations"_s, iterCombinations);
    native(m, u"starmap"_s, iterStarmap);
    native(m, u"takewhile"_s, iterTakeWhile);
    native(m, u"dropwhile"_s, iterDropWhile);
    // chain.from_iterable: chain is a class with a class method in CPython.
    Value chainClass = makeHostClass(interp, u"chain"_s, u"chain(*iterables)", [](Interpreter &in, const BoundArguments &a) {
        const std::vector<Value> its = a.varPositional();
        return iterChain(in, Value(), Args{its, {}});
    });
    python::setAttribute(chainClass, u"from_iterable"_s, Value(new WrapperObject(Kind::StaticMethod, Value(new NativeObject(u"chain.from_iterable"_s, iterChainFromIterable)))));
    put(m, u"chain"_s, chainClass);
    Q_UNUSED(chain);
    return Value(m);
}

// ---- collections

Ref<ClassObject> dictSubtype(Interpreter &interp, const QString &name)
{
    Ref<ClassObject> c = make<ClassObject>(interp.heap());
    c->name = name;
    c->qualname = name;
    c->module = u"collections"_s;
    c->isBuiltin = true;
    c->instanceKind = Kind::Dict;
    c->dict = makeDict();
    c->bases.emplace_back(interp.builtinClass(Kind::Dict).as<ClassObject>());
    c->mro.push_back(c.get());
    for (ClassObject *b : c->bases.front()->mro)
        c->mro.push_back(b);
    return c;
}

Value makeCollections(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"collections"_s, ModuleObject::Missing::Opaque);
    Ref<ClassObject> ordered = dictSubtype(interp, u"OrderedDict"_s);
    ordered->hostConstruct = [ordered](Interpreter &in, const Args &args) {
        Ref<DictObject> d = makeDict();
        d->subtype = ordered;
        updateDict(in, d.get(), args, "OrderedDict");
        return Value(d);
    };
    Ref<ClassObject> defaultdict = dictSubtype(interp, u"defaultdict"_s);
    defaultdict->hostConstruct = [defaultdict](Interpreter &in, const Args &args) {
        Ref<DictObject> d = makeDict();
        d->subtype = defaultdict;
        d->defaultFactory = none();
        if (!args.positional.empty()) {
            d->defaultFactory = args[0];
            updateDict(in, d.get(), Args{args.positional.subspan(1), args.keywords}, "defaultdict");
        }
        return Value(d);
    };
    Ref<ClassObject> counter = dictSubtype(interp, u"Counter"_s);
    counter->hostConstruct = [counter](Interpreter &in, const Args &args) {
        Ref<DictObject> d = makeDict();
        d->subtype = counter;
        if (!args.positional.empty()) {
            const Value &src = args[0];
            if (src.is(Kind::Dict)) {
                updateDict(in, d.get(), Args{args.positional.first(1), {}}, "Counter");
            } else {
                for (const Value &x : in.toVector(src)) {
                    const size_t h = in.hash(x);
                    const Value *old = d->map.value(x, h);
                    d->map.insert(x, h, Value::fromInt(old ? old->asInt() + 1 : 1));
                }
            }
        }
        for (const KeywordArgument &k : args.keywords)
            d->map.insert(k.name, in.hash(k.name), k.value);
        return Value(d);
    };
    put(m, u"OrderedDict"_s, Value(ordered));
    put(m, u"defaultdict"_s, Value(defaultdict));
    put(m, u"Counter"_s, Value(counter));
    put(m, u"namedtuple"_s, makeFunction(u"namedtuple(typename, field_names, *, rename=False, defaults=None, module=None)",
                                         [](Interpreter &in, const BoundArguments &a) {
        const QString name = argString(in, a[0], "namedtuple", "typename");
        QStringList fields;
        if (a[1].isStr()) {
            fields = QString(a[1].text()).replace(u',', u' ').split(u' ', Qt::SkipEmptyParts);
        } else {
            for (const Value &f : in.toVector(a[1]))
                fields << argString(in, f, "namedtuple", "field name");
        }
        Ref<ClassObject> c = make<ClassObject>(in.heap());
        c->name = name;
        c->qualname = name;
        c->module = u"__main__"_s;
        c->dict = makeDict();
        c->bases.emplace_back(in.builtinClass(Kind::Tuple).as<ClassObject>());
        c->mro.push_back(c.get());
        for (ClassObject *b : c->bases.front()->mro)
            c->mro.push_back(b);
        c->instanceKind = Kind::Tuple;
        for (const QString &f : fields)
            c->fields.push_back(f);
        c->dict->map.insert(Value::str(u"_fields"_s), hashText(u"_fields"), [&] {
            std::vector<Value> names;
            for (const QString &f : fields)
                names.push_back(Value::str(f));
            return makeTuple(std::move(names));
        }());
        return Value(c);
    }));
    return Value(m);
}

// ---- copy

Value deepCopy(Interpreter &interp, const Value &v, QHash<const Object *, Value> &memo)
{
    interp.chargeSteps(1);
    if (!v.isObject())
        return v;
    if (const auto it = memo.constFind(v.object()); it != memo.constEnd())
        return it.value();
    switch (v.kind()) {
    case Kind::List: {
        Value out = makeList();
        memo.insert(v.object(), out);
        for (const Value &x : v.as<ListObject>()->items)
            out.as<ListObject>()->items.push_back(deepCopy(interp, x, memo));
        return out;
    }
    case Kind::Tuple: {
        std::vector<Value> items;
        for (const Value &x : v.as<TupleObject>()->items)
            items.push_back(deepCopy(interp, x, memo));
        auto *t = new TupleObject(std::move(items));
        t->namedType = v.as<TupleObject>()->namedType;
        return Value(t);
    }
    case Kind::Dict: {
        Ref<DictObject> d = makeDict();
        d->subtype = v.as<DictObject>()->subtype;
        d->defaultFactory = v.as<DictObject>()->defaultFactory;
        memo.insert(v.object(), Value(d));
        const OrderedMap &m = v.as<DictObject>()->map;
        for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
            d->map.insert(deepCopy(interp, m.entry(i).key, memo), m.entry(i).hash, deepCopy(interp, m.entry(i).value, memo));
        return Value(d);
    }
    case Kind::Set: {
        auto *s = new SetObject(false);
        Value out(s);
        memo.insert(v.object(), out);
        const OrderedMap &m = v.as<SetObject>()->map;
        for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
            s->map.insert(deepCopy(interp, m.entry(i).key, memo), m.entry(i).hash, Value());
        return out;
    }
    case Kind::Instance: {
        auto *inst = v.as<InstanceObject>();
        if (inst->cls->isEnum)
            return v;
        Ref<InstanceObject> copy = inst->cls->isException ? Ref<InstanceObject>(new ExceptionObject(interp.heap(), inst->cls))
                                                          : Ref<InstanceObject>(new InstanceObject(interp.heap(), inst->cls));
        Value out(copy);
        memo.insert(v.object(), out);
        if (inst->cls->isException)
            static_cast<ExceptionObject *>(copy.get())->args = static_cast<ExceptionObject *>(inst)->args;
        if (inst->dict) {
            copy->dict = makeDict();
            const OrderedMap &m = inst->dict->map;
            for (qsizetype i = m.next(-1); i >= 0; i = m.next(i))
                copy->dict->map.insert(m.entry(i).key, m.entry(i).hash, deepCopy(interp, m.entry(i).value, memo));
        }
        return out;
    }
    default:
        return v;
    }
}

Value copyCopy(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "copy", 1, 1);
    const Value &v = args[0];
    switch (v.kind()) {
    case Kind::List:
        return makeList(v.as<ListObject>()->items);
    case Kind::Dict: {
        Ref<DictObject> d = makeDict();
        d->map = v.as<DictObject>()->map;
        d->subtype = v.as<DictObject>()->subtype;
        d->defaultFactory = v.as<DictObject>()->defaultFactory;
        return Value(d);
    }
    case Kind::Set: {
        auto *s = new SetObject(false);
        s->map = v.as<SetObject>()->map;
        return Value(s);
    }
    case Kind::Instance: {
        auto *inst = v.as<InstanceObject>();
        if (inst->cls->isEnum)
            return v;
        Ref<InstanceObject> copy(new InstanceObject(interp.heap(), inst->cls));
        if (inst->dict) {
            copy->dict = makeDict();
            copy->dict->map = inst->dict->map;
        }
        return Value(copy);
    }
    default:
        return v;
    }
}

Value copyDeepCopy(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "deepcopy", 1, 2);
    QHash<const Object *, Value> memo;
    interp.checkStack();
    return deepCopy(interp, args[0], memo);
}

Value makeCopy(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"copy"_s, ModuleObject::Missing::Opaque);
    native(m, u"copy"_s, copyCopy);
    native(m, u"deepcopy"_s, copyDeepCopy);
    return Value(m);
}

// ---- enum, abc, contextlib

Value makeEnum(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"enum"_s, ModuleObject::Missing::Opaque);
    auto enumClass = [&](const QString &name) {
        Ref<ClassObject> c = make<ClassObject>(interp.heap());
        c->name = name;
        c->qualname = name;
        c->module = u"enum"_s;
        c->dict = makeDict();
        c->isEnum = true;
        c->bases.emplace_back(interp.internal().objectClass.as<ClassObject>());
        c->mro = {c.get(), interp.internal().objectClass.as<ClassObject>()};
        return c;
    };
    Ref<ClassObject> e = enumClass(u"Enum"_s);
    interp.internal().enumClass = Value(e);
    put(m, u"Enum"_s, Value(e));
    put(m, u"IntEnum"_s, Value(enumClass(u"IntEnum"_s)));
    put(m, u"StrEnum"_s, Value(enumClass(u"StrEnum"_s)));
    put(m, u"Flag"_s, Value(enumClass(u"Flag"_s)));
    native(m, u"unique"_s, identityDecorator);
    return Value(m);
}

Value makeAbc(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"abc"_s, ModuleObject::Missing::Opaque);
    Ref<ClassObject> abc = make<ClassObject>(interp.heap());
    abc->name = u"ABC"_s;
    abc->qualname = u"ABC"_s;
    abc->module = u"abc"_s;
    abc->dict = makeDict();
    abc->bases.emplace_back(interp.internal().objectClass.as<ClassObject>());
    abc->mro = {abc.get(), interp.internal().objectClass.as<ClassObject>()};
    put(m, u"ABC"_s, Value(abc));
    native(m, u"abstractmethod"_s, identityDecorator);
    return Value(m);
}

Value contextSuppress(Interpreter &interp, const Value &, const Args &args)
{
    noKeywords(interp, args, "suppress");
    return Value(new NullContext(std::vector<Value>(args.positional.begin(), args.positional.end())));
}

Value makeContextlib(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"contextlib"_s, ModuleObject::Missing::Opaque);
    native(m, u"suppress"_s, contextSuppress);
    native(m, u"nullcontext"_s, nullContext);
    return Value(m);
}

} // namespace

void installStandardModules(Interpreter &interp)
{
    auto &modules = interp.internal().standardModules;
    modules.insert(u"typing"_s, makeTyping);
    modules.insert(u"typing_extensions"_s, makeTyping);
    modules.insert(u"string"_s, makeString);
    modules.insert(u"math"_s, makeMath);
    modules.insert(u"sys"_s, makeSys);
    modules.insert(u"os"_s, makeOs);
    modules.insert(u"os.path"_s, makeOsPath);
    modules.insert(u"logging"_s, makeLogging);
    modules.insert(u"logging.config"_s, makeLoggingConfig);
    modules.insert(u"warnings"_s, makeWarnings);
    modules.insert(u"textwrap"_s, makeTextwrap);
    modules.insert(u"functools"_s, makeFunctools);
    modules.insert(u"itertools"_s, makeItertools);
    modules.insert(u"collections"_s, makeCollections);
    modules.insert(u"copy"_s, makeCopy);
    modules.insert(u"enum"_s, makeEnum);
    modules.insert(u"abc"_s, makeAbc);
    modules.insert(u"contextlib"_s, makeContextlib);
    installDataModules(interp);
}

} // namespace pm::python
