// json, datetime, uuid, re, base64 and hashlib: the standard library's data modules, as
// host objects, with CPython's output formats.

#include <cmath>

#include <QCryptographicHash>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>
#include <QUuid>

#include "python/format.h"
#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

Value none() { return Value::none(); }

void put(const Ref<ModuleObject> &m, const QString &name, Value v)
{
    python::setAttribute(m, name, std::move(v));
}

// A class deriving from a built-in exception (json.JSONDecodeError, re.error).
Value exceptionSubclass(Interpreter &interp, const QString &name, const QString &module, ExceptionType base)
{
    Ref<ClassObject> c = make<ClassObject>(interp.heap());
    c->name = name;
    c->qualname = name;
    c->module = module;
    c->dict = makeDict();
    c->isException = true;
    auto *b = interp.exceptionClass(base).as<ClassObject>();
    c->bases.emplace_back(b);
    c->mro.push_back(c.get());
    for (ClassObject *x : b->mro)
        c->mro.push_back(x);
    return Value(c);
}

// ================================================================ json

void jsonString(QString &out, const QString &s, bool ensureAscii)
{
    out += u'"';
    for (qsizetype i = 0; i < s.size(); ++i) {
        const char16_t c = s[i].unicode();
        switch (c) {
        case '"': out += u"\\\""; break;
        case '\\': out += u"\\\\"; break;
        case '\n': out += u"\\n"; break;
        case '\r': out += u"\\r"; break;
        case '\t': out += u"\\t"; break;
        case '\b': out += u"\\b"; break;
        case '\f': out += u"\\f"; break;
        default:
            if (c < 0x20 || (ensureAscii && c > 0x7e))
                out += u"\\u"_s + QString::number(c, 16).rightJustified(4, u'0');
            else
                out += QChar(c);
        }
    }
    out += u'"';
}

struct JsonOptions
{
    QString indent; // null: no indent
    QString itemSeparator = u", "_s;
    QString keySeparator = u": "_s;
    bool sortKeys = false;
    bool ensureAscii = true;
    bool allowNan = true;
    Value defaultFunction;
};

void jsonDump(Interpreter &interp, QString &out, const Value &v, const JsonOptions &o, int level)
{
    interp.checkStack();
    interp.chargeSteps(1);
    interp.checkSize(out.size(), true);
    auto newline = [&](int lvl) {
        if (o.indent.isNull())
            return;
        out += u'\n';
        for (int i = 0; i < lvl; ++i)
            out += o.indent;
    };
    switch (v.kind()) {
    case Kind::None: out += u"null"; return;
    case Kind::Bool: out += v.asBool() ? u"true"_s : u"false"_s; return;
    case Kind::Int: out += QString::number(v.asInt()); return;
    case Kind::Float: {
        const double d = v.asFloat();
        if (!std::isfinite(d)) {
            if (!o.allowNan)
                interp.raise(ExceptionType::ValueError, u"Out of range float values are not JSON compliant"_s);
            out += std::isnan(d) ? u"NaN"_s : d > 0 ? u"Infinity"_s : u"-Infinity"_s;
            return;
        }
        out += reprFloat(d);
        return;
    }
    case Kind::Str: jsonString(out, v.text(), o.ensureAscii); return;
    case Kind::List:
    case Kind::Tuple: {
        const auto &items = v.is(Kind::List) ? v.as<ListObject>()->items : v.as<TupleObject>()->items;
        if (items.empty()) {
            out += u"[]";
            return;
        }
        out += u'[';
        newline(level + 1);
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) {
                out += o.indent.isNull() ? o.itemSeparator : o.itemSeparator.trimmed().isEmpty() ? u","_s : o.itemSeparator.trimmed();
                newline(level + 1);
            }
            jsonDump(interp, out, items[i], o, level + 1);
        }
        newline(level);
        out += u']';
        return;
    }
    case Kind::Dict: {
        const OrderedMap &m = v.as<DictObject>()->map;
        if (m.isEmpty()) {
            out += u"{}";
            return;
        }
        std::vector<std::pair<QString, Value>> entries;
        for (qsizetype i = m.next(-1); i >= 0; i = m.next(i)) {
            const Value &k = m.entry(i).key;
            QString key;
            switch (k.kind()) {
            case Kind::Str: key = k.text(); break;
            case Kind::Int: key = QString::number(k.asInt()); break;
            case Kind::Float: key = reprFloat(k.asFloat()); break;
            case Kind::Bool: key = k.asBool() ? u"true"_s : u"false"_s; break;
            case Kind::None: key = u"null"_s; break;
            default:
                interp.raise(ExceptionType::TypeError, u"keys must be str, int, float, bool or None, not "_s + interp.typeName(k));
            }
            entries.emplace_back(key, m.entry(i).value);
        }
        if (o.sortKeys)
            std::stable_sort(entries.begin(), entries.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
        out += u'{';
        newline(level + 1);
        bool first = true;
        for (const auto &[key, value] : entries) {
            if (!first) {
                out += o.indent.isNull() ? o.itemSeparator : o.itemSeparator.trimmed().isEmpty() ? u","_s : o.itemSeparator.trimmed();
                newline(level + 1);
            }
            first = false;
            jsonString(out, key, o.ensureAscii);
            out += o.keySeparator;
            jsonDump(interp, out, value, o, level + 1);
        }
        newline(level);
        out += u'}';
        return;
    }
    default:
        if (o.defaultFunction.isValid() && !o.defaultFunction.isNone()) {
            std::vector<Value> a{v};
            jsonDump(interp, out, interp.call(o.defaultFunction, Args{a, {}}), o, level);
            return;
        }
        interp.requireConcrete(v);
        interp.raise(ExceptionType::TypeError, u"Object of type "_s + interp.typeName(v) + u" is not JSON serializable"_s);
    }
}

Value jsonDumps(Interpreter &interp, const Value &, const Args &args)
{
    static const Signature sig = Signature::parse(
        u"dumps(obj, *, skipkeys=False, ensure_ascii=True, check_circular=True, allow_nan=True, cls=None, indent=None, separators=None, default=None, sort_keys=False)");
    Value v[10];
    sig.bind(interp, Value(), args, v);
    JsonOptions o;
    o.ensureAscii = interp.truth(v[2]);
    o.allowNan = interp.truth(v[4]);
    if (!v[6].isNone()) {
        o.indent = v[6].isStr() ? v[6].text() : QString(qsizetype(std::max<qint64>(0, toIndex(interp, v[6]))), u' ');
        o.itemSeparator = u","_s;
    }
    if (!v[7].isNone()) {
        const std::vector<Value> seps = interp.toVector(v[7]);
        if (seps.size() != 2)
            interp.raise(ExceptionType::ValueError, u"separators must be a pair"_s);
        o.itemSeparator = argString(interp, seps[0], "dumps", "item separator");
        o.keySeparator = argString(interp, seps[1], "dumps", "key separator");
    }
    o.defaultFunction = v[8];
    o.sortKeys = interp.truth(v[9]);
    QString out;
    // With an indent, the item separator ends the line: only its non-space part is written.
    if (!o.indent.isNull() && v[7].isNone())
        o.itemSeparator = u","_s;
    jsonDump(interp, out, v[0], o, 0);
    return interp.makeStr(std::move(out));
}

class JsonParser
{
public:
    JsonParser(Interpreter &interp, const QString &text, const Value &errorClass)
        : m_interp(interp), m_s(text), m_error(errorClass) {}

    Value parse()
    {
        skip();
        Value v = value();
        skip();
        if (m_i < m_s.size())
            fail(u"Extra data"_s);
        return v;
    }

private:
    [[noreturn]] void fail(const QString &what)
    {
        int line = 1;
        qsizetype lineStart = 0;
        for (qsizetype k = 0; k < m_i && k < m_s.size(); ++k)
            if (m_s[k] == u'\n') {
                ++line;
                lineStart = k + 1;
            }
        m_interp.raise(m_error, what + u": line "_s + QString::number(line) + u" column "_s
                                    + QString::number(m_i - lineStart + 1) + u" (char "_s + QString::number(m_i) + u')');
    }
    void skip()
    {
        while (m_i < m_s.size() && (m_s[m_i] == u' ' || m_s[m_i] == u'\t' || m_s[m_i] == u'\n' || m_s[m_i] == u'\r'))
            ++m_i;
    }
    bool literal(QStringView word)
    {
        if (QStringView(m_s).mid(m_i).startsWith(word)) {
            m_i += word.size();
            return true;
        }
        return false;
    }
    Value value()
    {
        m_interp.checkStack();
        m_interp.chargeSteps(1);
        if (m_i >= m_s.size())
            fail(u"Expecting value"_s);
        const QChar c = m_s[m_i];
        if (c == u'{')
            return object();
        if (c == u'[')
            return array();
        if (c == u'"')
            return Value::str(string());
        if (literal(u"null"))
            return none();
        if (literal(u"true"))
            return Value::fromBool(true);
        if (literal(u"false"))
            return Value::fromBool(false);
        if (literal(u"NaN"))
            return Value::fromFloat(std::numeric_limits<double>::quiet_NaN());
        if (literal(u"Infinity"))
            return Value::fromFloat(std::numeric_limits<double>::infinity());
        if (literal(u"-Infinity"))
            return Value::fromFloat(-std::numeric_limits<double>::infinity());
        if (c == u'-' || c.isDigit())
            return number();
        fail(u"Expecting value"_s);
    }
    Value number()
    {
        const qsizetype start = m_i;
        if (m_s[m_i] == u'-')
            ++m_i;
        if (m_i >= m_s.size() || !m_s[m_i].isDigit()) {
            m_i = start;
            fail(u"Expecting value"_s);
        }
        if (m_s[m_i] == u'0')
            ++m_i;
        else
            while (m_i < m_s.size() && m_s[m_i].isDigit())
                ++m_i;
        bool isFloat = false;
        if (m_i + 1 < m_s.size() && m_s[m_i] == u'.' && m_s[m_i + 1].isDigit()) {
            isFloat = true;
            m_i += 2;
            while (m_i < m_s.size() && m_s[m_i].isDigit())
                ++m_i;
        }
        if (m_i < m_s.size() && (m_s[m_i] == u'e' || m_s[m_i] == u'E')) {
            qsizetype j = m_i + 1;
            if (j < m_s.size() && (m_s[j] == u'+' || m_s[j] == u'-'))
                ++j;
            if (j < m_s.size() && m_s[j].isDigit()) {
                isFloat = true;
                m_i = j;
                while (m_i < m_s.size() && m_s[m_i].isDigit())
                    ++m_i;
            }
        }
        const QString text = m_s.mid(start, m_i - start);
        if (isFloat)
            return Value::fromFloat(QLocale::c().toDouble(text));
        bool ok = false;
        const qint64 v = text.toLongLong(&ok);
        if (!ok)
            m_interp.raise(ExceptionType::OverflowError, u"the result does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
        return Value::fromInt(v);
    }
    QString string()
    {
        const qsizetype start = m_i;
        ++m_i;
        QString out;
        while (true) {
            if (m_i >= m_s.size()) {
                m_i = start;
                fail(u"Unterminated string starting at"_s);
            }
            const QChar c = m_s[m_i++];
            if (c == u'"')
                return out;
            if (c == u'\\') {
                if (m_i >= m_s.size()) {
                    m_i = start;
                    fail(u"Unterminated string starting at"_s);
                }
                const QChar e = m_s[m_i++];
                switch (e.unicode()) {
                case '"': out += u'"'; break;
                case '\\': out += u'\\'; break;
                case '/': out += u'/'; break;
                case 'b': out += u'\b'; break;
                case 'f': out += u'\f'; break;
                case 'n': out += u'\n'; break;
                case 'r': out += u'\r'; break;
                case 't': out += u'\t'; break;
                case 'u': {
                    bool ok = false;
                    const uint code = m_s.mid(m_i, 4).toUInt(&ok, 16);
                    if (!ok || m_i + 4 > m_s.size()) {
                        --m_i;
                        fail(u"Invalid \\uXXXX escape"_s);
                    }
                    out += QChar(char16_t(code));
                    m_i += 4;
                    break;
                }
                default:
                    m_i -= 2;
                    fail(u"Invalid \\escape"_s);
                }
                continue;
            }
            if (c.unicode() < 0x20) {
                --m_i;
                fail(u"Invalid control character at"_s);
            }
            out += c;
        }
    }
    Value array()
    {
        ++m_i;
        std::vector<Value> items;
        skip();
        if (m_i < m_s.size() && m_s[m_i] == u']') {
            ++m_i;
            return makeList();
        }
        while (true) {
            skip();
            items.push_back(value());
            skip();
            if (m_i < m_s.size() && m_s[m_i] == u',') {
                ++m_i;
                continue;
            }
            if (m_i < m_s.size() && m_s[m_i] == u']') {
                ++m_i;
                return makeList(std::move(items));
            }
            fail(u"Expecting ',' delimiter"_s);
        }
    }
    Value object()
    {
        ++m_i;
        Ref<DictObject> d = makeDict();
        skip();
        if (m_i < m_s.size() && m_s[m_i] == u'}') {
            ++m_i;
            return Value(d);
        }
        while (true) {
            skip();
            if (m_i >= m_s.size() || m_s[m_i] != u'"')
                fail(u"Expecting property name enclosed in double quotes"_s);
            const Value key = Value::str(string());
            skip();
            if (m_i >= m_s.size() || m_s[m_i] != u':')
                fail(u"Expecting ':' delimiter"_s);
            ++m_i;
            skip();
            d->map.insert(key, m_interp.hash(key), value());
            skip();
            if (m_i < m_s.size() && m_s[m_i] == u',') {
                ++m_i;
                continue;
            }
            if (m_i < m_s.size() && m_s[m_i] == u'}') {
                ++m_i;
                return Value(d);
            }
            fail(u"Expecting ',' delimiter"_s);
        }
    }

    Interpreter &m_interp;
    const QString &m_s;
    Value m_error;
    qsizetype m_i = 0;
};

Value makeJson(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"json"_s, ModuleObject::Missing::Opaque);
    const Value decodeError = exceptionSubclass(interp, u"JSONDecodeError"_s, u"json.decoder"_s, ExceptionType::ValueError);
    put(m, u"JSONDecodeError"_s, decodeError);
    put(m, u"dumps"_s, Value(new NativeObject(u"dumps"_s, jsonDumps)));
    put(m, u"loads"_s, makeRawFunction(u"loads"_s, [decodeError](Interpreter &in, const Args &args) {
        if (args.positional.empty())
            in.raise(ExceptionType::TypeError, u"loads() missing 1 required positional argument: 's'"_s);
        const Value &s = args[0];
        QString text;
        if (s.isStr())
            text = s.text();
        else if (s.is(Kind::Bytes))
            text = QString::fromUtf8(s.as<BytesObject>()->data);
        else
            in.raise(ExceptionType::TypeError, u"the JSON object must be str, bytes or bytearray, not "_s + in.typeName(s));
        JsonParser parser(in, text, decodeError);
        return parser.parse();
    }));
    for (const char16_t *name : {u"dump", u"load"})
        put(m, QString::fromUtf16(name),
            Value(new OpaqueObject(u"json."_s + QString::fromUtf16(name), OpaqueObject::Reason::Sandboxed, QString(), 0)));
    return Value(m);
}

// ================================================================ datetime

constexpr qint64 kMicrosPerDay = 86400LL * 1000000;
const char *const kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                               "August", "September", "October", "November", "December"};
const char *const kDays[] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};

class TimeDelta;
class TimeZone;

struct DateTimeClasses
{
    Value date, datetime, time, timedelta, timezone, utc;
};

// A duration in microseconds, shown as Python's (days, seconds, microseconds).
class TimeDelta final : public HostObject
{
public:
    explicit TimeDelta(qint64 micros, Value cls) : m_micros(micros), m_class(std::move(cls)) {}
    qint64 micros() const { return m_micros; }
    QString typeName() const override { return u"timedelta"_s; }
    Value hostClass() const override { return m_class; }
    qint64 days() const { return m_micros >= 0 ? m_micros / kMicrosPerDay : -((-m_micros + kMicrosPerDay - 1) / kMicrosPerDay); }
    qint64 seconds() const { return (m_micros - days() * kMicrosPerDay) / 1000000; }
    qint64 microseconds() const { return (m_micros - days() * kMicrosPerDay) % 1000000; }

    QString repr(Interpreter &) override
    {
        QStringList parts;
        if (days())
            parts << u"days="_s + QString::number(days());
        if (seconds())
            parts << u"seconds="_s + QString::number(seconds());
        if (microseconds())
            parts << u"microseconds="_s + QString::number(microseconds());
        return u"datetime.timedelta("_s + (parts.isEmpty() ? u"0"_s : parts.join(u", "_s)) + u')';
    }
    QString str(Interpreter &) override
    {
        const qint64 d = days();
        const qint64 s = seconds();
        QString out;
        if (d)
            out = QString::number(d) + (d == 1 || d == -1 ? u" day, "_s : u" days, "_s);
        out += QString::number(s / 3600) + u':' + QString::number(s / 60 % 60).rightJustified(2, u'0') + u':'
            + QString::number(s % 60).rightJustified(2, u'0');
        if (microseconds())
            out += u'.' + QString::number(microseconds()).rightJustified(6, u'0');
        return out;
    }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"days")
            return Value::fromInt(days());
        if (name == u"seconds")
            return Value::fromInt(seconds());
        if (name == u"microseconds")
            return Value::fromInt(microseconds());
        return {};
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        if (name == u"total_seconds") {
            expectArgs(interp, args, "total_seconds", 0, 0);
            return Value::fromFloat(double(m_micros) / 1e6);
        }
        return HostObject::callMethod(interp, name, args);
    }
    bool truth(Interpreter &) override { return m_micros != 0; }
    size_t hash(Interpreter &) override { return size_t(m_micros); }
    Value unaryOp(Interpreter &, UnaryOperator op) override
    {
        if (op == UnaryOperator::USub)
            return Value(new TimeDelta(-m_micros, m_class));
        if (op == UnaryOperator::UAdd)
            return Value(this);
        return {};
    }
    Value compare(Interpreter &, CompareOperator op, const Value &other) override;
    Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected) override;

private:
    qint64 m_micros;
    Value m_class;
};

TimeDelta *asDelta(const Value &v)
{
    return v.is(Kind::Host) ? dynamic_cast<TimeDelta *>(v.as<HostObject>()) : nullptr;
}

Value compareNumbers(CompareOperator op, qint64 a, qint64 b)
{
    switch (op) {
    case CompareOperator::Eq: return Value::fromBool(a == b);
    case CompareOperator::NotEq: return Value::fromBool(a != b);
    case CompareOperator::Lt: return Value::fromBool(a < b);
    case CompareOperator::LtE: return Value::fromBool(a <= b);
    case CompareOperator::Gt: return Value::fromBool(a > b);
    case CompareOperator::GtE: return Value::fromBool(a >= b);
    default: return {};
    }
}

Value TimeDelta::compare(Interpreter &, CompareOperator op, const Value &other)
{
    if (TimeDelta *d = asDelta(other))
        return compareNumbers(op, m_micros, d->m_micros);
    return {};
}

Value TimeDelta::binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected)
{
    auto overflowCheck = [&](qint64 v) { return Value(new TimeDelta(v, m_class)); };
    auto checked = [&](bool overflowed, qint64 v) {
        if (overflowed)
            interp.raise(ExceptionType::OverflowError, u"the timedelta does not fit in 64-bit microseconds"_s);
        return overflowCheck(v);
    };
    if (TimeDelta *d = asDelta(other)) {
        const qint64 a = reflected ? d->m_micros : m_micros;
        const qint64 b = reflected ? m_micros : d->m_micros;
        switch (op) {
        case BinaryOperator::Add: {
            qint64 r;
            const bool overflowed = __builtin_add_overflow(a, b, &r);
            return checked(overflowed, r);
        }
        case BinaryOperator::Sub: {
            qint64 r;
            const bool overflowed = __builtin_sub_overflow(a, b, &r);
            return checked(overflowed, r);
        }
        case BinaryOperator::Div:
            if (b == 0)
                interp.raise(ExceptionType::ZeroDivisionError, u"division by zero"_s);
            return Value::fromFloat(double(a) / double(b));
        case BinaryOperator::FloorDiv: {
            if (b == 0)
                interp.raise(ExceptionType::ZeroDivisionError, u"integer division or modulo by zero"_s);
            qint64 q = a / b;
            if ((a % b != 0) && ((a < 0) != (b < 0)))
                --q;
            return Value::fromInt(q);
        }
        default: return {};
        }
    }
    if (other.isIntegral() && (op == BinaryOperator::Mult)) {
        qint64 r;
        const bool overflowed = __builtin_mul_overflow(m_micros, other.asInt(), &r);
        return checked(overflowed, r);
    }
    if (other.isFloat() && op == BinaryOperator::Mult)
        return overflowCheck(qint64(std::nearbyint(double(m_micros) * other.asFloat())));
    if (!reflected && other.isNumber() && (op == BinaryOperator::Div || op == BinaryOperator::FloorDiv)) {
        if (other.toDouble() == 0)
            interp.raise(ExceptionType::ZeroDivisionError, u"division by zero"_s);
        if (op == BinaryOperator::FloorDiv && other.isIntegral())
            return overflowCheck(qint64(std::floor(double(m_micros) / double(other.asInt()))));
        return overflowCheck(qint64(std::nearbyint(double(m_micros) / other.toDouble())));
    }
    return {};
}

// A fixed UTC offset (datetime.timezone).
class TimeZone final : public HostObject
{
public:
    TimeZone(qint64 offsetMicros, QString name, Value cls, Value deltaClass)
        : m_offset(offsetMicros), m_name(std::move(name)), m_class(std::move(cls)), m_deltaClass(std::move(deltaClass)) {}
    qint64 offset() const { return m_offset; }
    QString typeName() const override { return u"timezone"_s; }
    Value hostClass() const override { return m_class; }
    QString offsetText(bool colon = true) const
    {
        qint64 minutes = m_offset / 60000000;
        const QChar sign = minutes < 0 ? u'-' : u'+';
        minutes = std::llabs(minutes);
        return sign + QString::number(minutes / 60).rightJustified(2, u'0') + (colon ? u":"_s : QString())
            + QString::number(minutes % 60).rightJustified(2, u'0');
    }
    QString repr(Interpreter &) override
    {
        if (m_offset == 0 && m_name.isEmpty())
            return u"datetime.timezone.utc"_s;
        return u"datetime.timezone(datetime.timedelta("_s + (m_offset < 0 ? u"days=-1, seconds="_s + QString::number((m_offset + kMicrosPerDay) / 1000000)
                                                                           : u"seconds="_s + QString::number(m_offset / 1000000))
            + u"))"_s;
    }
    QString str(Interpreter &) override
    {
        if (!m_name.isEmpty())
            return m_name;
        return m_offset == 0 ? u"UTC"_s : u"UTC"_s + offsetText();
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        if (name == u"utcoffset")
            return Value(new TimeDelta(m_offset, m_deltaClass));
        if (name == u"tzname")
            return Value::str(str(interp));
        return HostObject::callMethod(interp, name, args);
    }
    Value compare(Interpreter &, CompareOperator op, const Value &other) override
    {
        auto *z = other.is(Kind::Host) ? dynamic_cast<TimeZone *>(other.as<HostObject>()) : nullptr;
        if (!z || (op != CompareOperator::Eq && op != CompareOperator::NotEq))
            return {};
        return compareNumbers(op, m_offset, z->m_offset);
    }
    size_t hash(Interpreter &) override { return size_t(m_offset); }

private:
    qint64 m_offset;
    QString m_name;
    Value m_class;
    Value m_deltaClass;
};

TimeZone *asZone(const Value &v)
{
    return v.is(Kind::Host) ? dynamic_cast<TimeZone *>(v.as<HostObject>()) : nullptr;
}

// time.isoformat(timespec) of a time of day in microseconds, with its
// offset when tz is a timezone; datetime.isoformat() ends with the same.
QString timeIsoformat(qint64 micros, const Value &tz, const QString &timespec)
{
    auto two = [](qint64 v) { return QString::number(v).rightJustified(2, u'0'); };
    const qint64 microsecond = micros % 1000000;
    QString out = two(micros / 3600000000LL);
    if (timespec != u"hours")
        out += u':' + two(micros / 60000000 % 60);
    if (timespec == u"auto" || timespec == u"seconds" || timespec == u"milliseconds" || timespec == u"microseconds")
        out += u':' + two(micros / 1000000 % 60);
    if ((timespec == u"auto" && microsecond) || timespec == u"microseconds")
        out += u'.' + QString::number(microsecond).rightJustified(6, u'0');
    else if (timespec == u"milliseconds")
        out += u'.' + QString::number(microsecond / 1000).rightJustified(3, u'0');
    if (TimeZone *z = asZone(tz))
        out += z->offsetText();
    return out;
}

// The repr() arguments of a time of day: "h, m", then ", s" and ", us" when
// not 0, as datetime.time and datetime.datetime write them.
QString timeReprArguments(qint64 micros)
{
    const qint64 second = micros / 1000000 % 60;
    const qint64 microsecond = micros % 1000000;
    QString out = QString::number(micros / 3600000000LL) + u", "_s + QString::number(micros / 60000000 % 60);
    if (second || microsecond)
        out += u", "_s + QString::number(second);
    if (microsecond)
        out += u", "_s + QString::number(microsecond);
    return out;
}

// hour, minute, second, microsecond and tzinfo of a time of day; Invalid
// for any other name.
Value timeAttribute(qint64 micros, const Value &tz, const QString &name)
{
    if (name == u"hour") return Value::fromInt(micros / 3600000000LL);
    if (name == u"minute") return Value::fromInt(micros / 60000000 % 60);
    if (name == u"second") return Value::fromInt(micros / 1000000 % 60);
    if (name == u"microsecond") return Value::fromInt(micros % 1000000);
    if (name == u"tzinfo") return tz.isValid() ? tz : none();
    return {};
}

// A date, or a date and time (with an optional fixed offset): microseconds
// since 0001-01-01 in local (naive) time.
class DateTime final : public HostObject
{
public:
    DateTime(bool hasTime, qint64 micros, Value tz, std::shared_ptr<DateTimeClasses> classes)
        : m_hasTime(hasTime), m_micros(micros), m_tz(std::move(tz)), m_classes(std::move(classes)) {}

    static qint64 dayNumber(int y, int m, int d) { return QDate(y, m, d).toJulianDay() - QDate(1, 1, 1).toJulianDay(); }
    QDate date() const { return QDate::fromJulianDay(QDate(1, 1, 1).toJulianDay() + floorDay()); }
    qint64 floorDay() const { return m_micros >= 0 ? m_micros / kMicrosPerDay : -((-m_micros + kMicrosPerDay - 1) / kMicrosPerDay); }
    qint64 timeMicros() const { return m_micros - floorDay() * kMicrosPerDay; }
    int hour() const { return int(timeMicros() / 3600000000LL); }
    int minute() const { return int(timeMicros() / 60000000 % 60); }
    int second() const { return int(timeMicros() / 1000000 % 60); }
    int microsecond() const { return int(timeMicros() % 1000000); }
    bool hasTime() const { return m_hasTime; }
    qint64 micros() const { return m_micros; }
    const Value &tz() const { return m_tz; }

    QString typeName() const override { return m_hasTime ? u"datetime"_s : u"date"_s; }
    Value hostClass() const override { return m_hasTime ? m_classes->datetime : m_classes->date; }

    QString isoformat(QChar sep = u'T', const QString &timespec = u"auto"_s) const
    {
        const QDate d = date();
        QString out = QString::number(d.year()).rightJustified(4, u'0') + u'-' + QString::number(d.month()).rightJustified(2, u'0')
            + u'-' + QString::number(d.day()).rightJustified(2, u'0');
        if (!m_hasTime)
            return out;
        return out + sep + timeIsoformat(timeMicros(), m_tz, timespec);
    }
    QString strftime(Interpreter &interp, const QString &format) const
    {
        const QDate d = date();
        QString out;
        for (qsizetype i = 0; i < format.size(); ++i) {
            if (format[i] != u'%' || i + 1 >= format.size()) {
                out += format[i];
                continue;
            }
            const QChar c = format[++i];
            auto two = [](int v) { return QString::number(v).rightJustified(2, u'0'); };
            switch (c.unicode()) {
            case 'Y': out += QString::number(d.year()).rightJustified(4, u'0'); break;
            case 'y': out += two(d.year() % 100); break;
            case 'm': out += two(d.month()); break;
            case 'd': out += two(d.day()); break;
            case 'H': out += two(hour()); break;
            case 'I': out += two(hour() % 12 == 0 ? 12 : hour() % 12); break;
            case 'M': out += two(minute()); break;
            case 'S': out += two(second()); break;
            case 'f': out += QString::number(microsecond()).rightJustified(6, u'0'); break;
            case 'p': out += hour() < 12 ? u"AM"_s : u"PM"_s; break;
            case 'b': out += QLatin1StringView(kMonths[d.month() - 1]).left(3); break;
            case 'B': out += QLatin1StringView(kMonths[d.month() - 1]); break;
            case 'a': out += QLatin1StringView(kDays[d.dayOfWeek() - 1]).left(3); break;
            case 'A': out += QLatin1StringView(kDays[d.dayOfWeek() - 1]); break;
            case 'j': out += QString::number(d.dayOfYear()).rightJustified(3, u'0'); break;
            case 'w': out += QString::number(d.dayOfWeek() % 7); break;
            case 'z':
                if (TimeZone *z = asZone(m_tz))
                    out += z->offsetText(false);
                break;
            case 'Z':
                if (TimeZone *z = asZone(m_tz))
                    out += z->str(interp);
                break;
            case '%': out += u'%'; break;
            default:
                interp.refuse(u"strftime code %"_s + c + u" is not supported by petmigrate's Python"_s);
            }
        }
        return out;
    }
    QString repr(Interpreter &interp) override
    {
        const QDate d = date();
        QString out = (m_hasTime ? u"datetime.datetime("_s : u"datetime.date("_s) + QString::number(d.year()) + u", "_s
            + QString::number(d.month()) + u", "_s + QString::number(d.day());
        if (m_hasTime) {
            out += u", "_s + timeReprArguments(timeMicros());
            if (m_tz.isValid() && !m_tz.isNone())
                out += u", tzinfo="_s + interp.repr(m_tz);
        }
        return out + u')';
    }
    QString str(Interpreter &) override { return isoformat(u' '); }
    QString format(Interpreter &interp, QStringView spec) override
    {
        return spec.isEmpty() ? str(interp) : strftime(interp, spec.toString());
    }
    size_t hash(Interpreter &) override { return size_t(m_micros); }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        const QDate d = date();
        if (name == u"year") return Value::fromInt(d.year());
        if (name == u"month") return Value::fromInt(d.month());
        if (name == u"day") return Value::fromInt(d.day());
        return m_hasTime ? timeAttribute(timeMicros(), m_tz, name) : Value();
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;
    Value compare(Interpreter &interp, CompareOperator op, const Value &other) override
    {
        auto *o = other.is(Kind::Host) ? dynamic_cast<DateTime *>(other.as<HostObject>()) : nullptr;
        if (!o || o->m_hasTime != m_hasTime) {
            if (op == CompareOperator::Eq || op == CompareOperator::NotEq)
                return Value::fromBool(op == CompareOperator::NotEq);
            return {};
        }
        const bool awareA = asZone(m_tz) != nullptr;
        const bool awareB = asZone(o->m_tz) != nullptr;
        if (awareA != awareB) {
            if (op == CompareOperator::Eq || op == CompareOperator::NotEq)
                return Value::fromBool(op == CompareOperator::NotEq);
            interp.raise(ExceptionType::TypeError, u"can't compare offset-naive and offset-aware datetimes"_s);
        }
        return compareNumbers(op, utcMicros(), o->utcMicros());
    }
    qint64 utcMicros() const
    {
        TimeZone *z = asZone(m_tz);
        return z ? m_micros - z->offset() : m_micros;
    }
    Value binaryOp(Interpreter &interp, BinaryOperator op, const Value &other, bool reflected) override
    {
        if (TimeDelta *d = asDelta(other)) {
            if (op == BinaryOperator::Add)
                return make(interp, m_micros + (m_hasTime ? d->micros() : d->micros() / kMicrosPerDay * kMicrosPerDay));
            if (op == BinaryOperator::Sub && !reflected)
                return make(interp, m_micros - (m_hasTime ? d->micros() : d->micros() / kMicrosPerDay * kMicrosPerDay));
            return {};
        }
        auto *o = other.is(Kind::Host) ? dynamic_cast<DateTime *>(other.as<HostObject>()) : nullptr;
        if (o && op == BinaryOperator::Sub && o->m_hasTime == m_hasTime) {
            if ((asZone(m_tz) != nullptr) != (asZone(o->m_tz) != nullptr))
                interp.raise(ExceptionType::TypeError, u"can't subtract offset-naive and offset-aware datetimes"_s);
            const qint64 diff = reflected ? o->utcMicros() - utcMicros() : utcMicros() - o->utcMicros();
            return Value(new TimeDelta(diff, m_classes->timedelta));
        }
        return {};
    }
    Value make(Interpreter &interp, qint64 micros) const
    {
        if (micros < 0 || micros >= dayNumber(10000, 1, 1) * kMicrosPerDay)
            interp.raise(ExceptionType::OverflowError, u"date value out of range"_s);
        return Value(new DateTime(m_hasTime, micros, m_tz, m_classes));
    }

private:
    bool m_hasTime;
    qint64 m_micros;
    Value m_tz;
    std::shared_ptr<DateTimeClasses> m_classes;
};


// A time of day (datetime.time), with an optional fixed offset.
class Time final : public HostObject
{
public:
    Time(qint64 micros, Value tz, std::shared_ptr<DateTimeClasses> classes)
        : m_micros(micros), m_tz(std::move(tz)), m_classes(std::move(classes)) {}

    int hour() const { return int(m_micros / 3600000000LL); }
    int minute() const { return int(m_micros / 60000000 % 60); }
    int second() const { return int(m_micros / 1000000 % 60); }
    int microsecond() const { return int(m_micros % 1000000); }
    qint64 micros() const { return m_micros; }
    const Value &tz() const { return m_tz; }

    QString typeName() const override { return u"time"_s; }
    Value hostClass() const override { return m_classes->time; }

    QString isoformat(const QString &timespec = u"auto"_s) const { return timeIsoformat(m_micros, m_tz, timespec); }
    QString repr(Interpreter &interp) override
    {
        QString out = u"datetime.time("_s + timeReprArguments(m_micros);
        if (asZone(m_tz))
            out += u", tzinfo="_s + interp.repr(m_tz);
        return out + u')';
    }
    QString str(Interpreter &) override { return isoformat(); }
    size_t hash(Interpreter &) override { return size_t(utcMicros()); }
    qint64 utcMicros() const
    {
        TimeZone *z = asZone(m_tz);
        return z ? m_micros - z->offset() : m_micros;
    }
    Value getAttribute(Interpreter &, const QString &name) override { return timeAttribute(m_micros, m_tz, name); }
    Value compare(Interpreter &interp, CompareOperator op, const Value &other) override
    {
        auto *o = other.is(Kind::Host) ? dynamic_cast<Time *>(other.as<HostObject>()) : nullptr;
        if (!o) {
            if (op == CompareOperator::Eq || op == CompareOperator::NotEq)
                return Value::fromBool(op == CompareOperator::NotEq);
            return {};
        }
        if ((asZone(m_tz) != nullptr) != (asZone(o->m_tz) != nullptr)) {
            if (op == CompareOperator::Eq || op == CompareOperator::NotEq)
                return Value::fromBool(op == CompareOperator::NotEq);
            interp.raise(ExceptionType::TypeError, u"can't compare offset-naive and offset-aware times"_s);
        }
        return compareNumbers(op, utcMicros(), o->utcMicros());
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override;

private:
    qint64 m_micros;
    Value m_tz;
    std::shared_ptr<DateTimeClasses> m_classes;
};

// The time fields and tzinfo of datetime.time() and datetime.datetime().
void checkTimeOfDay(Interpreter &interp, qint64 h, qint64 mi, qint64 s, qint64 us, const Value &tz)
{
    if (h < 0 || h > 23)
        interp.raise(ExceptionType::ValueError, u"hour must be in 0..23"_s);
    if (mi < 0 || mi > 59)
        interp.raise(ExceptionType::ValueError, u"minute must be in 0..59"_s);
    if (s < 0 || s > 59)
        interp.raise(ExceptionType::ValueError, u"second must be in 0..59"_s);
    if (us < 0 || us > 999999)
        interp.raise(ExceptionType::ValueError, u"microsecond must be in 0..999999"_s);
    if (tz.isValid() && !tz.isNone() && !asZone(tz)) {
        interp.requireConcrete(tz);
        interp.raise(ExceptionType::TypeError, u"tzinfo argument must be None or of a tzinfo subclass, not type '"_s + interp.typeName(tz) + u"'"_s);
    }
}

Value makeTime(Interpreter &interp, const std::shared_ptr<DateTimeClasses> &classes, qint64 h, qint64 mi, qint64 s,
               qint64 us, const Value &tz)
{
    checkTimeOfDay(interp, h, mi, s, us, tz);
    return Value(new Time(((h * 60 + mi) * 60 + s) * 1000000 + us, tz.isValid() ? tz : none(), classes));
}

Value Time::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name == u"isoformat") {
        static const Signature sig = Signature::parse(u"isoformat(timespec='auto')");
        Value v[1];
        sig.bind(interp, Value(), args, v);
        return Value::str(isoformat(argString(interp, v[0], "isoformat", "timespec")));
    }
    if (name == u"utcoffset") {
        TimeZone *z = asZone(m_tz);
        return z ? Value(new TimeDelta(z->offset(), m_classes->timedelta)) : none();
    }
    if (name == u"replace") {
        static const Signature sig = Signature::parse(u"replace(hour=None, minute=None, second=None, microsecond=None, tzinfo=True)");
        Value v[5];
        sig.bind(interp, Value(), args, v);
        auto pick = [&](int i, qint64 current) { return v[i].isNone() ? current : toIndex(interp, v[i]); };
        const Value tz = v[4].isBool() && v[4].asBool() ? m_tz : v[4];
        return makeTime(interp, m_classes, pick(0, hour()), pick(1, minute()), pick(2, second()), pick(3, microsecond()), tz);
    }
    if (name == u"strftime")
        interp.refuse(u"time.strftime() is not supported by petmigrate's Python; use isoformat()"_s);
    return HostObject::callMethod(interp, name, args);
}

void checkDate(Interpreter &interp, qint64 y, qint64 m, qint64 d)
{
    if (y < 1 || y > 9999)
        interp.raise(ExceptionType::ValueError, u"year "_s + QString::number(y) + u" is out of range"_s);
    if (m < 1 || m > 12)
        interp.raise(ExceptionType::ValueError, u"month must be in 1..12"_s);
    if (d < 1 || d > QDate(int(y), int(m), 1).daysInMonth())
        interp.raise(ExceptionType::ValueError, u"day is out of range for month"_s);
}

Value makeDateTime(Interpreter &interp, const std::shared_ptr<DateTimeClasses> &classes, bool hasTime, qint64 y, qint64 mo,
                   qint64 d, qint64 h, qint64 mi, qint64 s, qint64 us, const Value &tz)
{
    checkDate(interp, y, mo, d);
    checkTimeOfDay(interp, h, mi, s, us, tz);
    const qint64 micros = DateTime::dayNumber(int(y), int(mo), int(d)) * kMicrosPerDay
        + ((h * 60 + mi) * 60 + s) * 1000000 + us;
    return Value(new DateTime(hasTime, micros, tz.isValid() ? tz : none(), classes));
}

Value parseIso(Interpreter &interp, const std::shared_ptr<DateTimeClasses> &classes, const QString &text, bool hasTime)
{
    static const QRegularExpression re(
        u"^(\\d{4})-(\\d{2})-(\\d{2})(?:[T ](\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d{3}|\\d{6}))?)?)?([+-]\\d{2}:\\d{2}|Z)?)?$"_s);
    const QRegularExpressionMatch m = re.match(text);
    if (!m.hasMatch() || (!hasTime && m.capturedLength(4) > 0))
        interp.raise(ExceptionType::ValueError, u"Invalid isoformat string: "_s + reprStr(text));
    auto num = [&](int i) { return m.captured(i).isEmpty() ? 0 : m.captured(i).toLongLong(); };
    qint64 us = num(7);
    if (m.capturedLength(7) == 3)
        us *= 1000;
    Value tz = none();
    if (m.capturedLength(8)) {
        const QString z = m.captured(8);
        const qint64 offset = z == u"Z" ? 0
            : (z[0] == u'-' ? -1 : 1) * (z.mid(1, 2).toLongLong() * 60 + z.mid(4, 2).toLongLong()) * 60000000;
        tz = offset == 0 ? classes->utc : Value(new TimeZone(offset, QString(), classes->timezone, classes->timedelta));
    }
    return makeDateTime(interp, classes, hasTime, num(1), num(2), num(3), num(4), num(5), num(6), us, tz);
}

Value DateTime::callMethod(Interpreter &interp, const QString &name, const Args &args)
{
    if (name == u"isoformat") {
        static const Signature sig = Signature::parse(u"isoformat(sep='T', timespec='auto')");
        Value v[2];
        sig.bind(interp, Value(), args, v);
        const QString sep = argString(interp, v[0], "isoformat", "sep");
        return Value::str(isoformat(sep.isEmpty() ? u'T' : sep[0], argString(interp, v[1], "isoformat", "timespec")));
    }
    if (name == u"strftime") {
        expectArgs(interp, args, "strftime", 1, 1);
        return Value::str(strftime(interp, argString(interp, args[0], "strftime")));
    }
    if (name == u"date") {
        expectArgs(interp, args, "date", 0, 0);
        return Value(new DateTime(false, floorDay() * kMicrosPerDay, none(), m_classes));
    }
    if ((name == u"time" || name == u"timetz") && m_hasTime) {
        expectArgs(interp, args, name == u"time" ? "time" : "timetz", 0, 0);
        return Value(new Time(timeMicros(), name == u"timetz" ? m_tz : none(), m_classes));
    }
    if (name == u"weekday" || name == u"isoweekday") {
        expectArgs(interp, args, "weekday", 0, 0);
        return Value::fromInt(date().dayOfWeek() - (name == u"weekday" ? 1 : 0));
    }
    if (name == u"timestamp") {
        if (!asZone(m_tz))
            interp.refuse(u"timestamp() of a naive datetime depends on the machine's time zone, which petmigrate does not read"_s);
        return Value::fromFloat(double(utcMicros() - dayNumber(1970, 1, 1) * kMicrosPerDay) / 1e6);
    }
    if (name == u"utcoffset") {
        TimeZone *z = asZone(m_tz);
        return z ? Value(new TimeDelta(z->offset(), m_classes->timedelta)) : none();
    }
    if (name == u"replace") {
        static const Signature dateSig = Signature::parse(u"replace(year=None, month=None, day=None)");
        static const Signature dtSig = Signature::parse(
            u"replace(year=None, month=None, day=None, hour=None, minute=None, second=None, microsecond=None, tzinfo=True)");
        const Signature &sig = m_hasTime ? dtSig : dateSig;
        Value v[8];
        sig.bind(interp, Value(), args, v);
        const QDate d = date();
        auto pick = [&](int i, qint64 current) { return v[i].isNone() ? current : toIndex(interp, v[i]); };
        const Value tz = m_hasTime && !(v[7].isBool() && v[7].asBool()) ? v[7] : m_tz;
        return makeDateTime(interp, m_classes, m_hasTime, pick(0, d.year()), pick(1, d.month()), pick(2, d.day()),
                            m_hasTime ? pick(3, hour()) : 0, m_hasTime ? pick(4, minute()) : 0,
                            m_hasTime ? pick(5, second()) : 0, m_hasTime ? pick(6, microsecond()) : 0, tz);
    }
    if (name == u"astimezone" && m_hasTime) {
        // The same instant in `tz` (a fixed offset), or in the machine's
        // zone without one; a naive value is read in the machine's zone, as
        // Python reads it (datetime.now() is the machine's time too).
        expectArgs(interp, args, "astimezone", 0, 1);
        const Value target = args.positional.empty() ? none() : args.positional[0];
        if (!target.isNone() && !asZone(target)) {
            interp.requireConcrete(target);
            interp.raise(ExceptionType::TypeError,
                         u"tzinfo argument must be None or of a tzinfo subclass, not type '"_s + interp.typeName(target) + u"'"_s);
        }
        qint64 utc = utcMicros();
        if (!asZone(m_tz)) {
            const QDateTime local(date(), QTime(hour(), minute(), second()), Qt::LocalTime);
            utc = m_micros - qint64(local.offsetFromUtc()) * 1000000;
        }
        Value tz = target;
        if (tz.isNone()) {
            const qint64 epochMicros = utc - dayNumber(1970, 1, 1) * kMicrosPerDay;
            const QDateTime at = QDateTime::fromMSecsSinceEpoch(epochMicros / 1000, Qt::LocalTime);
            tz = Value(new TimeZone(qint64(at.offsetFromUtc()) * 1000000, at.timeZoneAbbreviation(),
                                    m_classes->timezone, m_classes->timedelta));
        }
        return Value(new DateTime(true, utc + asZone(tz)->offset(), tz, m_classes));
    }
    if (name == u"astimezone" || name == u"ctime" || name == u"timetuple")
        interp.refuse(name + u"() is not supported by petmigrate's Python"_s);
    return HostObject::callMethod(interp, name, args);
}

QDateTime now(Interpreter &interp)
{
    return interp.options().clock ? interp.options().clock() : QDateTime::currentDateTime();
}

Value fromQDateTime(Interpreter &interp, const std::shared_ptr<DateTimeClasses> &classes, const QDateTime &t, bool utc, const Value &tz)
{
    const QDateTime x = utc ? t.toUTC() : t.toLocalTime();
    const QDate d = x.date();
    const QTime tm = x.time();
    return makeDateTime(interp, classes, true, d.year(), d.month(), d.day(), tm.hour(), tm.minute(), tm.second(),
                        tm.msec() * 1000, tz);
}

Value makeDatetime(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"datetime"_s, ModuleObject::Missing::Opaque);
    auto classes = std::make_shared<DateTimeClasses>();
    classes->timedelta = makeHostClass(interp, u"timedelta"_s,
        u"timedelta(days=0, seconds=0, microseconds=0, milliseconds=0, minutes=0, hours=0, weeks=0)",
        [classes](Interpreter &in, const BoundArguments &a) {
            static const double scale[] = {double(kMicrosPerDay), 1e6, 1.0, 1e3, 60e6, 3600e6, 7.0 * kMicrosPerDay};
            double total = 0;
            bool exact = true;
            qint64 micros = 0;
            for (int i = 0; i < 7; ++i) {
                const Value &v = a[i];
                if (!v.isNumber()) {
                    in.requireConcrete(v);
                    in.raise(ExceptionType::TypeError, u"unsupported type for timedelta component: "_s + in.typeName(v));
                }
                if (v.isFloat())
                    exact = false;
                total += v.toDouble() * scale[i];
                if (v.isIntegral())
                    micros += v.asInt() * qint64(scale[i]);
            }
            return Value(new TimeDelta(exact ? micros : qint64(std::nearbyint(total)), classes->timedelta));
        });
    classes->timezone = makeHostClass(interp, u"timezone"_s, u"timezone(offset, name=None)",
        [classes](Interpreter &in, const BoundArguments &a) {
            TimeDelta *d = asDelta(a[0]);
            if (!d)
                in.raise(ExceptionType::TypeError, u"timezone() argument 1 must be datetime.timedelta, not "_s + in.typeName(a[0]));
            if (std::llabs(d->micros()) >= kMicrosPerDay)
                in.raise(ExceptionType::ValueError, u"offset must be a timedelta strictly between -timedelta(hours=24) and timedelta(hours=24)."_s);
            return Value(new TimeZone(d->micros(), a[1].isNone() ? QString() : argString(in, a[1], "timezone", "name"),
                                      classes->timezone, classes->timedelta));
        });
    classes->utc = Value(new TimeZone(0, QString(), classes->timezone, classes->timedelta));
    python::setAttribute(classes->timezone, u"utc"_s, classes->utc);
    classes->date = makeHostClass(interp, u"date"_s, u"date(year, month, day)", [classes](Interpreter &in, const BoundArguments &a) {
        return makeDateTime(in, classes, false, toIndex(in, a[0]), toIndex(in, a[1]), toIndex(in, a[2]), 0, 0, 0, 0, none());
    });
    classes->datetime = makeHostClass(interp, u"datetime"_s,
        u"datetime(year, month, day, hour=0, minute=0, second=0, microsecond=0, tzinfo=None)",
        [classes](Interpreter &in, const BoundArguments &a) {
            return makeDateTime(in, classes, true, toIndex(in, a[0]), toIndex(in, a[1]), toIndex(in, a[2]), toIndex(in, a[3]),
                                toIndex(in, a[4]), toIndex(in, a[5]), toIndex(in, a[6]), a[7]);
        });
    auto classFunction = [](const Value &cls, QStringView spec, HostBody body) {
        python::setAttribute(cls, Signature::parse(spec).name(), Value(new WrapperObject(Kind::StaticMethod, makeFunction(spec, std::move(body)))));
    };
    classFunction(classes->datetime, u"now(tz=None)", [classes](Interpreter &in, const BoundArguments &a) {
        if (a[0].isNone())
            return fromQDateTime(in, classes, now(in), false, none());
        TimeZone *z = asZone(a[0]);
        if (!z) {
            // A tzinfo subclass of the script's (dateutil's tzutc) is built on
            // datetime.tzinfo, which is opaque here: a TypeError would be caught
            // by the script's `except Exception` and change its output silently.
            in.requireConcrete(a[0]);
            in.raise(ExceptionType::TypeError, u"tzinfo argument must be None or of a tzinfo subclass, not type '"_s + in.typeName(a[0]) + u"'"_s);
        }
        const QDateTime utc = now(in).toUTC().addMSecs(z->offset() / 1000);
        return fromQDateTime(in, classes, utc, true, a[0]);
    });
    classFunction(classes->datetime, u"utcnow()", [classes](Interpreter &in, const BoundArguments &) {
        return fromQDateTime(in, classes, now(in), true, none());
    });
    classFunction(classes->datetime, u"fromisoformat(date_string)", [classes](Interpreter &in, const BoundArguments &a) {
        return parseIso(in, classes, argString(in, a[0], "fromisoformat"), true);
    });
    classFunction(classes->datetime, u"combine(date, time, tzinfo=True)", [classes](Interpreter &in, const BoundArguments &a) {
        auto *d = a[0].is(Kind::Host) ? dynamic_cast<DateTime *>(a[0].as<HostObject>()) : nullptr;
        if (!d)
            in.raise(ExceptionType::TypeError, u"combine() argument 1 must be datetime.date, not "_s + in.typeName(a[0]));
        auto *t = a[1].is(Kind::Host) ? dynamic_cast<Time *>(a[1].as<HostObject>()) : nullptr;
        if (!t)
            in.raise(ExceptionType::TypeError, u"combine() argument 2 must be datetime.time, not "_s + in.typeName(a[1]));
        const Value tz = a[2].isBool() && a[2].asBool() ? t->tz() : a[2];
        const QDate day = d->date();
        return makeDateTime(in, classes, true, day.year(), day.month(), day.day(), t->hour(), t->minute(), t->second(),
                            t->microsecond(), tz);
    });
    classFunction(classes->date, u"today()", [classes](Interpreter &in, const BoundArguments &) {
        const QDate d = now(in).toLocalTime().date();
        return makeDateTime(in, classes, false, d.year(), d.month(), d.day(), 0, 0, 0, 0, none());
    });
    classFunction(classes->date, u"fromisoformat(date_string)", [classes](Interpreter &in, const BoundArguments &a) {
        return parseIso(in, classes, argString(in, a[0], "fromisoformat"), false);
    });
    classes->time = makeHostClass(interp, u"time"_s, u"time(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)",
        [classes](Interpreter &in, const BoundArguments &a) {
            return makeTime(in, classes, toIndex(in, a[0]), toIndex(in, a[1]), toIndex(in, a[2]), toIndex(in, a[3]), a[4]);
        });
    python::setAttribute(classes->time, u"min"_s, Value(new Time(0, none(), classes)));
    python::setAttribute(classes->time, u"max"_s, Value(new Time(kMicrosPerDay - 1, none(), classes)));
    classFunction(classes->time, u"fromisoformat(time_string)", [classes](Interpreter &in, const BoundArguments &a) {
        static const QRegularExpression re(u"^(\\d{2})(?::(\\d{2})(?::(\\d{2})(?:\\.(\\d{3}|\\d{6}))?)?)?([+-]\\d{2}:\\d{2})?$"_s);
        const QString text = argString(in, a[0], "fromisoformat");
        const QRegularExpressionMatch m = re.match(text);
        if (!m.hasMatch())
            in.raise(ExceptionType::ValueError, u"Invalid isoformat string: "_s + reprStr(text));
        auto num = [&](int i) { return m.captured(i).isEmpty() ? 0 : m.captured(i).toLongLong(); };
        const qint64 us = m.capturedLength(4) == 3 ? num(4) * 1000 : num(4);
        Value tz = none();
        if (m.capturedLength(5)) {
            const QString z = m.captured(5);
            const qint64 offset = (z[0] == u'-' ? -1 : 1) * (z.mid(1, 2).toLongLong() * 60 + z.mid(4, 2).toLongLong()) * 60000000;
            tz = offset == 0 ? classes->utc : Value(new TimeZone(offset, QString(), classes->timezone, classes->timedelta));
        }
        return makeTime(in, classes, num(1), num(2), num(3), us, tz);
    });
    put(m, u"date"_s, classes->date);
    put(m, u"datetime"_s, classes->datetime);
    put(m, u"time"_s, classes->time);
    put(m, u"timedelta"_s, classes->timedelta);
    put(m, u"timezone"_s, classes->timezone);
    put(m, u"MINYEAR"_s, Value::fromInt(1));
    put(m, u"MAXYEAR"_s, Value::fromInt(9999));
    return Value(m);
}

// ================================================================ uuid

class Uuid final : public HostObject
{
public:
    Uuid(QUuid id, Value cls) : m_id(id), m_class(std::move(cls)) {}
    QUuid id() const { return m_id; }
    QString typeName() const override { return u"UUID"_s; }
    Value hostClass() const override { return m_class; }
    QString str(Interpreter &) override { return m_id.toString(QUuid::WithoutBraces); }
    QString repr(Interpreter &interp) override { return u"UUID('"_s + str(interp) + u"')"_s; }
    size_t hash(Interpreter &) override { return qHash(m_id); }
    Value getAttribute(Interpreter &interp, const QString &name) override
    {
        if (name == u"hex")
            return Value::str(m_id.toString(QUuid::Id128));
        if (name == u"urn")
            return Value::str(u"urn:uuid:"_s + str(interp));
        if (name == u"bytes")
            return Value::bytes(m_id.toRfc4122());
        if (name == u"version") {
            const int v = int(m_id.version());
            return (m_id.variant() == QUuid::DCE && v >= 1 && v <= 5) ? Value::fromInt(v) : none();
        }
        if (name == u"int")
            interp.refuse(u"UUID.int is a 128-bit integer, which petmigrate's 64-bit ints cannot hold"_s);
        return {};
    }
    Value compare(Interpreter &, CompareOperator op, const Value &other) override
    {
        auto *o = other.is(Kind::Host) ? dynamic_cast<Uuid *>(other.as<HostObject>()) : nullptr;
        if (!o)
            return {};
        const QByteArray a = m_id.toRfc4122(), b = o->m_id.toRfc4122();
        return compareNumbers(op, a < b ? -1 : a > b ? 1 : 0, 0);
    }

private:
    QUuid m_id;
    Value m_class;
};

Value makeUuidModule(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"uuid"_s, ModuleObject::Missing::Opaque);
    auto cls = std::make_shared<Value>();
    *cls = makeHostClass(interp, u"UUID"_s, u"UUID(hex=None, bytes=None)", [cls](Interpreter &in, const BoundArguments &a) {
        if (!a[1].isNone()) {
            if (!a[1].is(Kind::Bytes) || a[1].as<BytesObject>()->data.size() != 16)
                in.raise(ExceptionType::ValueError, u"bytes is not a 16-char string"_s);
            return Value(new Uuid(QUuid::fromRfc4122(a[1].as<BytesObject>()->data), *cls));
        }
        QString hex = argString(in, a[0], "UUID", "hex");
        hex.remove(u"urn:"_s).remove(u"uuid:"_s).remove(u'{').remove(u'}').remove(u'-');
        bool ok = hex.size() == 32;
        for (const QChar c : hex)
            ok = ok && (c.isDigit() || (c.toLower() >= u'a' && c.toLower() <= u'f'));
        if (!ok)
            in.raise(ExceptionType::ValueError, u"badly formed hexadecimal UUID string"_s);
        return Value(new Uuid(QUuid::fromString(u'{' + hex.left(8) + u'-' + hex.mid(8, 4) + u'-' + hex.mid(12, 4) + u'-'
                                                + hex.mid(16, 4) + u'-' + hex.mid(20) + u'}'),
                              *cls));
    });
    put(m, u"UUID"_s, *cls);
    put(m, u"uuid4"_s, makeFunction(u"uuid4()", [cls](Interpreter &in, const BoundArguments &) {
        if (in.options().reproducible)
            in.refuse(u"uuid.uuid4() is random on every run, so SQL rendered offline with it would differ from "
                      u"Alembic's and from itself; run this revision online"_s);
        return Value(new Uuid(QUuid::createUuid(), *cls));
    }));
    auto named = [cls](bool sha1) {
        return [cls, sha1](Interpreter &in, const BoundArguments &a) {
            auto *ns = a[0].is(Kind::Host) ? dynamic_cast<Uuid *>(a[0].as<HostObject>()) : nullptr;
            if (!ns)
                in.raise(ExceptionType::TypeError, u"namespace must be a UUID"_s);
            const QByteArray name = a[1].is(Kind::Bytes) ? a[1].as<BytesObject>()->data
                                                         : argString(in, a[1], sha1 ? "uuid5" : "uuid3", "name").toUtf8();
            return Value(new Uuid(sha1 ? QUuid::createUuidV5(ns->id(), name) : QUuid::createUuidV3(ns->id(), name), *cls));
        };
    };
    put(m, u"uuid5"_s, makeFunction(u"uuid5(namespace, name)", named(true)));
    put(m, u"uuid3"_s, makeFunction(u"uuid3(namespace, name)", named(false)));
    const std::pair<const char16_t *, const char16_t *> namespaces[] = {
        {u"NAMESPACE_DNS", u"6ba7b810-9dad-11d1-80b4-00c04fd430c8"},
        {u"NAMESPACE_URL", u"6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
        {u"NAMESPACE_OID", u"6ba7b812-9dad-11d1-80b4-00c04fd430c8"},
        {u"NAMESPACE_X500", u"6ba7b814-9dad-11d1-80b4-00c04fd430c8"},
    };
    for (const auto &[name, id] : namespaces)
        put(m, QString::fromUtf16(name), Value(new Uuid(QUuid::fromString(QString::fromUtf16(id)), *cls)));
    // uuid1 reads the clock and the network card's address: refused.
    put(m, u"uuid1"_s, Value(new OpaqueObject(u"uuid.uuid1"_s, OpaqueObject::Reason::Sandboxed, QString(), 0)));
    return Value(m);
}

// ================================================================ re

struct ReClasses
{
    Value pattern, match, error;
};

class Pattern;

class Match final : public HostObject
{
public:
    Match(QRegularExpressionMatch m, QString subject, Value pattern, Value cls)
        : m_match(std::move(m)), m_subject(std::move(subject)), m_pattern(std::move(pattern)), m_class(std::move(cls)) {}
    QString typeName() const override { return u"re.Match"_s; }
    Value hostClass() const override { return m_class; }
    QString repr(Interpreter &) override
    {
        return u"<re.Match object; span=("_s + QString::number(m_match.capturedStart(0)) + u", "_s
            + QString::number(m_match.capturedEnd(0)) + u"), match="_s + reprStr(m_match.captured(0)) + u'>';
    }
    int groupIndex(Interpreter &interp, const Value &g) const
    {
        if (g.isIntegral()) {
            const qint64 i = g.asInt();
            if (i < 0 || i > m_match.regularExpression().captureCount())
                interp.raise(ExceptionType::IndexError, u"no such group"_s);
            return int(i);
        }
        if (g.isStr()) {
            const int i = int(m_match.regularExpression().namedCaptureGroups().indexOf(g.text()));
            if (i <= 0)
                interp.raise(ExceptionType::IndexError, u"no such group"_s);
            return i;
        }
        interp.raise(ExceptionType::IndexError, u"no such group"_s);
    }
    Value group(int i) const
    {
        if (m_match.capturedStart(i) < 0)
            return none();
        return Value::str(m_match.captured(i));
    }
    Value getItem(Interpreter &interp, const Value &key) override { return group(groupIndex(interp, key)); }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"string")
            return Value::str(m_subject);
        if (name == u"re")
            return m_pattern;
        if (name == u"lastindex") {
            const int n = m_match.lastCapturedIndex();
            return n > 0 ? Value::fromInt(n) : none();
        }
        return {};
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        const int groups = m_match.regularExpression().captureCount();
        if (name == u"group") {
            noKeywords(interp, args, "group");
            if (args.positional.empty())
                return group(0);
            if (args.positional.size() == 1)
                return group(groupIndex(interp, args[0]));
            std::vector<Value> out;
            for (const Value &g : args.positional)
                out.push_back(group(groupIndex(interp, g)));
            return makeTuple(std::move(out));
        }
        if (name == u"groups") {
            const Value def = args.positional.empty() ? none() : args[0];
            std::vector<Value> out;
            for (int i = 1; i <= groups; ++i)
                out.push_back(m_match.capturedStart(i) < 0 ? def : group(i));
            return makeTuple(std::move(out));
        }
        if (name == u"groupdict") {
            const Value def = args.positional.empty() ? none() : args[0];
            Ref<DictObject> d = makeDict();
            const QStringList names = m_match.regularExpression().namedCaptureGroups();
            for (int i = 1; i < names.size(); ++i)
                if (!names[i].isEmpty()) {
                    const Value k = Value::str(names[i]);
                    d->map.insert(k, interp.hash(k), m_match.capturedStart(i) < 0 ? def : group(i));
                }
            return Value(d);
        }
        if (name == u"start" || name == u"end" || name == u"span") {
            const int i = args.positional.empty() ? 0 : groupIndex(interp, args[0]);
            const qint64 s = m_match.capturedStart(i), e = m_match.capturedEnd(i);
            if (name == u"start")
                return Value::fromInt(s);
            if (name == u"end")
                return Value::fromInt(e);
            return makeTuple({Value::fromInt(s), Value::fromInt(e)});
        }
        if (name == u"expand")
            interp.refuse(u"Match.expand() is not supported by petmigrate's Python"_s);
        return HostObject::callMethod(interp, name, args);
    }
    const QRegularExpressionMatch &match() const { return m_match; }

private:
    QRegularExpressionMatch m_match;
    QString m_subject;
    Value m_pattern;
    Value m_class;
};

// Python's flags: re.I = 2, re.M = 8, re.S = 16, re.X = 64, re.A = 256, re.U = 32.
QRegularExpression::PatternOptions optionsFor(qint64 flags)
{
    QRegularExpression::PatternOptions o = QRegularExpression::UseUnicodePropertiesOption;
    if (flags & 2)
        o |= QRegularExpression::CaseInsensitiveOption;
    if (flags & 8)
        o |= QRegularExpression::MultilineOption;
    if (flags & 16)
        o |= QRegularExpression::DotMatchesEverythingOption;
    if (flags & 64)
        o |= QRegularExpression::ExtendedPatternSyntaxOption;
    if (flags & 256)
        o &= ~QRegularExpression::UseUnicodePropertiesOption;
    return o;
}

// A replacement template: \1, \g<1>, \g<name>, and the usual string escapes.
QString expandTemplate(Interpreter &interp, const QString &repl, const QRegularExpressionMatch &m)
{
    QString out;
    for (qsizetype i = 0; i < repl.size(); ++i) {
        const QChar c = repl[i];
        if (c != u'\\' || i + 1 >= repl.size()) {
            out += c;
            continue;
        }
        const QChar e = repl[++i];
        if (e.isDigit()) {
            qsizetype j = i;
            int n = 0;
            while (j < repl.size() && repl[j].isDigit() && j - i < 2)
                n = n * 10 + repl[j++].digitValue();
            if (n > m.regularExpression().captureCount())
                interp.raise(ExceptionType::IndexError, u"invalid group reference "_s + QString::number(n));
            out += m.captured(n);
            i = j - 1;
        } else if (e == u'g' && i + 1 < repl.size() && repl[i + 1] == u'<') {
            const qsizetype close = repl.indexOf(u'>', i);
            if (close < 0)
                interp.raise(ExceptionType::ValueError, u"missing >, unterminated name"_s);
            const QString name = repl.mid(i + 2, close - i - 2);
            bool isNumber = false;
            const int n = name.toInt(&isNumber);
            out += isNumber ? m.captured(n) : m.captured(name);
            i = close;
        } else {
            switch (e.unicode()) {
            case 'n': out += u'\n'; break;
            case 't': out += u'\t'; break;
            case 'r': out += u'\r'; break;
            case '\\': out += u'\\'; break;
            case 'a': out += QChar(7); break;
            case 'f': out += QChar(12); break;
            case 'v': out += QChar(11); break;
            default:
                if (e.isLetter())
                    interp.raise(ExceptionType::ValueError, u"bad escape \\"_s + e);
                out += u'\\';
                out += e;
            }
        }
    }
    return out;
}

class Pattern final : public HostObject
{
public:
    Pattern(QRegularExpression re, QString text, qint64 flags, std::shared_ptr<ReClasses> classes)
        : m_re(std::move(re)), m_text(std::move(text)), m_flags(flags), m_classes(std::move(classes)) {}
    QString typeName() const override { return u"re.Pattern"_s; }
    Value hostClass() const override { return m_classes->pattern; }
    QString repr(Interpreter &) override { return u"re.compile("_s + reprStr(m_text) + u')'; }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"pattern")
            return Value::str(m_text);
        if (name == u"flags")
            return Value::fromInt(m_flags | 32);
        if (name == u"groups")
            return Value::fromInt(m_re.captureCount());
        return {};
    }
    Value matchAt(Interpreter &interp, const QString &s, qsizetype from, bool anchored, bool full)
    {
        interp.chargeSteps(1 + s.size() / 64);
        QRegularExpressionMatch m;
        if (full) {
            QRegularExpression wrapped(u"(?:"_s + m_re.pattern() + u")\\z"_s, m_re.patternOptions());
            m = wrapped.match(s, from, QRegularExpression::NormalMatch, QRegularExpression::AnchorAtOffsetMatchOption);
        } else {
            m = m_re.match(s, from, QRegularExpression::NormalMatch,
                           anchored ? QRegularExpression::AnchorAtOffsetMatchOption : QRegularExpression::NoMatchOption);
        }
        if (!m.hasMatch())
            return none();
        return Value(new Match(m, s, Value(this), m_classes->match));
    }
    std::vector<QRegularExpressionMatch> all(Interpreter &interp, const QString &s, qint64 limit = -1)
    {
        std::vector<QRegularExpressionMatch> out;
        auto it = m_re.globalMatch(s);
        while (it.hasNext() && (limit < 0 || qint64(out.size()) < limit)) {
            out.push_back(it.next());
            interp.chargeSteps(1);
        }
        return out;
    }
    Value sub(Interpreter &interp, const Value &repl, const QString &s, qint64 count, bool withCount)
    {
        QString out;
        qsizetype last = 0;
        qint64 n = 0;
        for (const QRegularExpressionMatch &m : all(interp, s, count > 0 ? count : -1)) {
            out += QStringView(s).mid(last, m.capturedStart(0) - last);
            if (repl.isStr()) {
                out += expandTemplate(interp, repl.text(), m);
            } else {
                std::vector<Value> a{Value(new Match(m, s, Value(this), m_classes->match))};
                const Value r = interp.call(repl, Args{a, {}});
                out += argString(interp, r, "sub", "replacement");
            }
            interp.checkSize(out.size(), true);
            last = m.capturedEnd(0);
            ++n;
        }
        out += QStringView(s).mid(last);
        if (withCount)
            return makeTuple({Value::str(out), Value::fromInt(n)});
        return Value::str(out);
    }
    Value call(Interpreter &interp, const QString &name, const Args &args, size_t first)
    {
        auto subject = [&](size_t i) {
            if (args.positional.size() <= i)
                interp.raise(ExceptionType::TypeError, name + u"() missing required argument 'string'"_s);
            return argString(interp, args[i], "re", "string");
        };
        if (name == u"match" || name == u"search" || name == u"fullmatch") {
            const QString s = subject(first);
            const qint64 pos = args.positional.size() > first + 1 ? toIndex(interp, args[first + 1]) : 0;
            return matchAt(interp, s, pos, name != u"search", name == u"fullmatch");
        }
        if (name == u"findall") {
            const QString s = subject(first);
            std::vector<Value> out;
            const int groups = m_re.captureCount();
            for (const QRegularExpressionMatch &m : all(interp, s)) {
                if (groups == 0) {
                    out.push_back(Value::str(m.captured(0)));
                } else if (groups == 1) {
                    out.push_back(Value::str(m.captured(1)));
                } else {
                    std::vector<Value> row;
                    for (int i = 1; i <= groups; ++i)
                        row.push_back(Value::str(m.captured(i)));
                    out.push_back(makeTuple(std::move(row)));
                }
            }
            return makeList(std::move(out));
        }
        if (name == u"finditer") {
            const QString s = subject(first);
            std::vector<Value> out;
            for (const QRegularExpressionMatch &m : all(interp, s))
                out.push_back(Value(new Match(m, s, Value(this), m_classes->match)));
            return interp.iterate(makeList(std::move(out)));
        }
        if (name == u"sub" || name == u"subn") {
            if (args.positional.size() < first + 2)
                interp.raise(ExceptionType::TypeError, name + u"() missing required arguments"_s);
            const Value *countArg = keywordArg(args, u"count");
            const qint64 count = args.positional.size() > first + 2 ? toIndex(interp, args[first + 2])
                : countArg                                           ? toIndex(interp, *countArg)
                                                                     : 0;
            return sub(interp, args[first], subject(first + 1), count, name == u"subn");
        }
        if (name == u"split") {
            const QString s = subject(first);
            const Value *maxArg = keywordArg(args, u"maxsplit");
            const qint64 maxsplit = args.positional.size() > first + 1 ? toIndex(interp, args[first + 1])
                : maxArg                                              ? toIndex(interp, *maxArg)
                                                                      : 0;
            std::vector<Value> out;
            qsizetype last = 0;
            for (const QRegularExpressionMatch &m : all(interp, s, maxsplit > 0 ? maxsplit : -1)) {
                out.push_back(Value::str(s.mid(last, m.capturedStart(0) - last)));
                for (int i = 1; i <= m_re.captureCount(); ++i)
                    out.push_back(m.capturedStart(i) < 0 ? none() : Value::str(m.captured(i)));
                last = m.capturedEnd(0);
            }
            out.push_back(Value::str(s.mid(last)));
            return makeList(std::move(out));
        }
        return {};
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        const Value r = call(interp, name, args, 0);
        if (r.isValid())
            return r;
        return HostObject::callMethod(interp, name, args);
    }

private:
    QRegularExpression m_re;
    QString m_text;
    qint64 m_flags;
    std::shared_ptr<ReClasses> m_classes;
};

Value compilePattern(Interpreter &interp, const std::shared_ptr<ReClasses> &classes, const Value &pattern, qint64 flags)
{
    if (pattern.is(Kind::Host))
        if (dynamic_cast<Pattern *>(pattern.as<HostObject>()))
            return pattern;
    const QString text = argString(interp, pattern, "compile", "pattern");
    QRegularExpression re(text, optionsFor(flags));
    if (!re.isValid())
        interp.raise(classes->error, re.errorString() + u" at position "_s + QString::number(re.patternErrorOffset()));
    return Value(new Pattern(re, text, flags, classes));
}

Value makeRe(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"re"_s, ModuleObject::Missing::Opaque);
    auto classes = std::make_shared<ReClasses>();
    classes->error = exceptionSubclass(interp, u"error"_s, u"re"_s, ExceptionType::Exception);
    classes->pattern = makeHostClass(interp, u"Pattern"_s, u"Pattern()", [](Interpreter &in, const BoundArguments &) -> Value {
        in.raise(ExceptionType::TypeError, u"cannot create 're.Pattern' instances"_s);
    });
    classes->match = makeHostClass(interp, u"Match"_s, u"Match()", [](Interpreter &in, const BoundArguments &) -> Value {
        in.raise(ExceptionType::TypeError, u"cannot create 're.Match' instances"_s);
    });
    put(m, u"error"_s, classes->error);
    put(m, u"Pattern"_s, classes->pattern);
    put(m, u"Match"_s, classes->match);
    const std::pair<const char16_t *, qint64> flags[] = {
        {u"I", 2}, {u"IGNORECASE", 2}, {u"M", 8}, {u"MULTILINE", 8}, {u"S", 16}, {u"DOTALL", 16},
        {u"X", 64}, {u"VERBOSE", 64}, {u"A", 256}, {u"ASCII", 256}, {u"U", 32}, {u"UNICODE", 32},
    };
    for (const auto &[name, value] : flags)
        put(m, QString::fromUtf16(name), Value::fromInt(value));
    put(m, u"compile"_s, makeFunction(u"compile(pattern, flags=0)", [classes](Interpreter &in, const BoundArguments &a) {
        return compilePattern(in, classes, a[0], toIndex(in, a[1]));
    }));
    put(m, u"escape"_s, makeFunction(u"escape(pattern)", [](Interpreter &in, const BoundArguments &a) {
        // CPython escapes everything but ASCII letters, digits and _.
        QString out;
        for (const QChar c : argString(in, a[0], "escape", "pattern")) {
            if (c.unicode() < 0x80 && !c.isLetterOrNumber() && c != u'_')
                out += u'\\';
            out += c;
        }
        return Value::str(out);
    }));
    for (const char16_t *name : {u"match", u"search", u"fullmatch", u"findall", u"finditer", u"sub", u"subn", u"split"}) {
        const QString n = QString::fromUtf16(name);
        put(m, n, makeRawFunction(n, [classes, n](Interpreter &in, const Args &args) {
            if (args.positional.empty())
                in.raise(ExceptionType::TypeError, n + u"() missing required argument 'pattern'"_s);
            qint64 flags = 0;
            std::vector<KeywordArgument> rest;
            for (const KeywordArgument &k : args.keywords) {
                if (k.name.text() == u"flags")
                    flags = toIndex(in, k.value);
                else
                    rest.push_back(k);
            }
            // The module functions take flags last, positionally too.
            std::vector<Value> positional(args.positional.begin(), args.positional.end());
            const size_t expected = (n == u"sub" || n == u"subn") ? 5 : (n == u"split") ? 4 : 3;
            if (positional.size() == expected) {
                flags = toIndex(in, positional.back());
                positional.pop_back();
            }
            const Value pattern = compilePattern(in, classes, positional[0], flags);
            auto *p = static_cast<Pattern *>(pattern.as<HostObject>());
            return p->call(in, n, Args{positional, rest}, 1);
        }));
    }
    return Value(m);
}

// ================================================================ base64

// The bytes a base64 function takes: bytes, or for the decoders an ASCII str.
QByteArray base64Input(Interpreter &in, const Value &v, const QString &function, bool decoding)
{
    if (v.is(Kind::Bytes))
        return v.as<BytesObject>()->data;
    if (decoding && v.isStr()) {
        const QString &text = v.text();
        for (const QChar c : text) {
            if (c.unicode() > 0x7f)
                in.raise(ExceptionType::ValueError, u"string argument should contain only ASCII characters"_s);
        }
        return text.toLatin1();
    }
    Q_UNUSED(function);
    if (decoding)
        in.raise(ExceptionType::TypeError, u"argument should be a bytes-like object or ASCII string, not '%1'"_s.arg(in.typeName(v)));
    in.raise(ExceptionType::TypeError, u"a bytes-like object is required, not '%1'"_s.arg(in.typeName(v)));
}

Value makeBase64(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"base64"_s, ModuleObject::Missing::Opaque);
    for (const bool urlsafe : {false, true}) {
        const QString prefix = urlsafe ? u"urlsafe_"_s : QString();
        const auto options = urlsafe ? QByteArray::Base64UrlEncoding : QByteArray::Base64Encoding;
        const QString encodeName = prefix + u"b64encode"_s;
        put(m, encodeName, makeRawFunction(encodeName, [encodeName, options](Interpreter &in, const Args &args) {
            expectArgs(in, args, encodeName.toLatin1().constData(), 1, 1);
            return Value::bytes(base64Input(in, args[0], encodeName, false).toBase64(options));
        }));
        const QString decodeName = prefix + u"b64decode"_s;
        put(m, decodeName, makeRawFunction(decodeName, [decodeName, options](Interpreter &in, const Args &args) {
            expectArgs(in, args, decodeName.toLatin1().constData(), 1, 1);
            // validate=False, Python's default: what is not in the alphabet is skipped.
            return Value::bytes(QByteArray::fromBase64(base64Input(in, args[0], decodeName, true), options));
        }));
    }
    return Value(m);
}

// ================================================================ hashlib

class HashObject final : public HostObject
{
public:
    HashObject(QString name, QCryptographicHash::Algorithm algorithm) : m_name(std::move(name)), m_hash(algorithm) {}
    QString typeName() const override { return u"_hashlib.HASH"_s; }
    void add(const QByteArray &data) { m_hash.addData(data); }
    Value getAttribute(Interpreter &, const QString &name) override
    {
        if (name == u"name")
            return Value::str(m_name);
        if (name == u"digest_size")
            return Value::fromInt(m_hash.result().size());
        return {};
    }
    Value callMethod(Interpreter &interp, const QString &name, const Args &args) override
    {
        if (name == u"update") {
            expectArgs(interp, args, "update", 1, 1);
            add(bytesOf(interp, args[0]));
            return none();
        }
        if (name == u"hexdigest" || name == u"digest") {
            expectArgs(interp, args, name == u"digest" ? "digest" : "hexdigest", 0, 0);
            const QByteArray result = m_hash.result();
            return name == u"digest" ? Value::bytes(result) : Value::str(QString::fromLatin1(result.toHex()));
        }
        return HostObject::callMethod(interp, name, args);
    }
    static QByteArray bytesOf(Interpreter &interp, const Value &v)
    {
        if (v.is(Kind::Bytes))
            return v.as<BytesObject>()->data;
        if (v.isStr())
            interp.raise(ExceptionType::TypeError, u"Strings must be encoded before hashing"_s);
        interp.raise(ExceptionType::TypeError, u"object supporting the buffer API required"_s);
    }

private:
    QString m_name;
    QCryptographicHash m_hash;
};

Value makeHashlib(Interpreter &interp)
{
    Ref<ModuleObject> m = makeModule(interp, u"hashlib"_s, ModuleObject::Missing::Opaque);
    static const std::pair<const char16_t *, QCryptographicHash::Algorithm> algorithms[] = {
        {u"md5", QCryptographicHash::Md5},       {u"sha1", QCryptographicHash::Sha1},
        {u"sha224", QCryptographicHash::Sha224}, {u"sha256", QCryptographicHash::Sha256},
        {u"sha384", QCryptographicHash::Sha384}, {u"sha512", QCryptographicHash::Sha512},
    };
    for (const auto &[nameText, algorithm] : algorithms) {
        const QString name = QString::fromUtf16(nameText);
        put(m, name, makeRawFunction(name, [name, algorithm](Interpreter &in, const Args &args) {
            expectArgs(in, args, name.toLatin1().constData(), 0, 1);
            Ref<HashObject> h(new HashObject(name, algorithm));
            if (!args.positional.empty())
                h->add(HashObject::bytesOf(in, args[0]));
            return Value(h);
        }));
    }
    return Value(m);
}

} // namespace

void installDataModules(Interpreter &interp)
{
    auto &modules = interp.internal().standardModules;
    modules.insert(u"json"_s, makeJson);
    modules.insert(u"datetime"_s, makeDatetime);
    modules.insert(u"uuid"_s, makeUuidModule);
    modules.insert(u"re"_s, makeRe);
    modules.insert(u"base64"_s, makeBase64);
    modules.insert(u"hashlib"_s, makeHashlib);
}

} // namespace pm::python
