#include "python/format.h"

#include <charconv>
#include <cmath>

#include "python/host.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"

using namespace Qt::StringLiterals;

namespace pm::python {

QString reprFloat(double value)
{
    if (std::isnan(value))
        return u"nan"_s;
    if (std::isinf(value))
        return value > 0 ? u"inf"_s : u"-inf"_s;
    if (value == 0)
        return std::signbit(value) ? u"-0.0"_s : u"0.0"_s;
    // The shortest round-trip digits, then Python's layout rule for them.
    char buf[64];
    auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
    const std::string_view sci(buf, size_t(r.ptr - buf));
    const bool negative = sci.front() == '-';
    const size_t e = sci.find('e');
    std::string digits;
    for (size_t i = negative ? 1 : 0; i < e; ++i)
        if (sci[i] != '.')
            digits += sci[i];
    int exponent = 0;
    std::from_chars(sci.data() + e + 1 + (sci[e + 1] == '+' ? 1 : 0), sci.data() + sci.size(), exponent);
    const int decpt = exponent + 1; // value = 0.digits * 10^decpt
    std::string out;
    if (negative)
        out += '-';
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out += "0.";
            out.append(size_t(-decpt), '0');
            out += digits;
        } else if (size_t(decpt) >= digits.size()) {
            out += digits;
            out.append(size_t(decpt) - digits.size(), '0');
            out += ".0";
        } else {
            out += digits.substr(0, size_t(decpt));
            out += '.';
            out += digits.substr(size_t(decpt));
        }
    } else {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out += digits.substr(1);
        }
        const int exp = decpt - 1;
        out += exp < 0 ? "e-" : "e+";
        const int a = exp < 0 ? -exp : exp;
        if (a < 10)
            out += '0';
        out += std::to_string(a);
    }
    return QString::fromLatin1(out.data(), qsizetype(out.size()));
}

bool isPrintable(char32_t cp)
{
    if (cp == U' ')
        return true;
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

namespace {

void appendHex(QString &out, char32_t v, int digits)
{
    static const char16_t hex[] = u"0123456789abcdef";
    for (int i = digits - 1; i >= 0; --i)
        out += QChar(hex[(v >> (4 * i)) & 0xf]);
}

} // namespace

QString reprStr(QStringView text)
{
    const bool hasSingle = text.contains(u'\'');
    const bool hasDouble = text.contains(u'"');
    const QChar quote = hasSingle && !hasDouble ? u'"' : u'\'';
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        char32_t cp = text[i].unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < n && text[i + 1].isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text[i], text[i + 1]);
            ++i;
        }
        if (cp == quote.unicode() || cp == U'\\') {
            out += u'\\';
            out += QChar(char16_t(cp));
        } else if (cp == U'\t') {
            out += u"\\t";
        } else if (cp == U'\n') {
            out += u"\\n";
        } else if (cp == U'\r') {
            out += u"\\r";
        } else if (cp < 0x20 || cp == 0x7f) {
            out += u"\\x";
            appendHex(out, cp, 2);
        } else if (cp < 0x7f) {
            out += QChar(char16_t(cp));
        } else if (!isPrintable(cp)) {
            if (cp <= 0xff) {
                out += u"\\x";
                appendHex(out, cp, 2);
            } else if (cp <= 0xffff) {
                out += u"\\u";
                appendHex(out, cp, 4);
            } else {
                out += u"\\U";
                appendHex(out, cp, 8);
            }
        } else {
            out += QString::fromUcs4(&cp, 1);
        }
    }
    out += quote;
    return out;
}

QString reprBytes(const QByteArray &bytes)
{
    const bool hasSingle = bytes.contains('\'');
    const bool hasDouble = bytes.contains('"');
    const char quote = hasSingle && !hasDouble ? '"' : '\'';
    QString out = u"b"_s;
    out += QLatin1Char(quote);
    for (const char ch : bytes) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c == quote || c == '\\') {
            out += u'\\';
            out += QLatin1Char(ch);
        } else if (c == '\t') {
            out += u"\\t";
        } else if (c == '\n') {
            out += u"\\n";
        } else if (c == '\r') {
            out += u"\\r";
        } else if (c < 0x20 || c >= 0x7f) {
            out += u"\\x";
            appendHex(out, c, 2);
        } else {
            out += QLatin1Char(ch);
        }
    }
    out += QLatin1Char(quote);
    return out;
}

} // namespace pm::python

// ============================================================================
// Formatting over interpreter values: repr/str of every kind, the format-spec
// mini-language, printf-style % and str.format.

namespace pm::python {

namespace {

QString address(const void *p)
{
    return u"0x"_s + QString::number(quintptr(p), 16).rightJustified(12, u'0');
}

// Objects on the repr stack print as [...] / {...} when met again.
struct ReprGuard
{
    std::vector<const Object *> &stack;
    bool recursive = false;
    ReprGuard(Interpreter &interp, const Object *o) : stack(interp.internal().reprStack)
    {
        for (const Object *x : stack)
            if (x == o)
                recursive = true;
        if (!recursive)
            stack.push_back(o);
    }
    ~ReprGuard()
    {
        if (!recursive)
            stack.pop_back();
    }
};

QString joinRepr(Interpreter &interp, const std::vector<Value> &items)
{
    QString out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i)
            out += u", "_s;
        out += interp.repr(items[i]);
        interp.checkSize(out.size(), true);
    }
    return out;
}

QString dictBody(Interpreter &interp, const OrderedMap &map)
{
    QString out;
    bool first = true;
    for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
        if (!first)
            out += u", "_s;
        first = false;
        out += interp.repr(map.entry(i).key);
        out += u": "_s;
        out += interp.repr(map.entry(i).value);
        interp.checkSize(out.size(), true);
    }
    return out;
}

QString setBody(Interpreter &interp, const OrderedMap &map)
{
    QString out;
    bool first = true;
    for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
        if (!first)
            out += u", "_s;
        first = false;
        out += interp.repr(map.entry(i).key);
        interp.checkSize(out.size(), true);
    }
    return out;
}

const Value *userMethod(Interpreter &interp, const Value &v, const Value &name)
{
    if (!v.is(Kind::Instance))
        return nullptr;
    const Value *m = v.as<InstanceObject>()->cls->lookup(name, interp.hash(name));
    return m && m->is(Kind::Function) ? m : nullptr;
}

} // namespace

QString reprValue(Interpreter &interp, const Value &v)
{
    switch (v.kind()) {
    case Kind::Invalid: return u"<invalid>"_s;
    case Kind::None: return u"None"_s;
    case Kind::Bool: return v.asBool() ? u"True"_s : u"False"_s;
    case Kind::Int: return QString::number(v.asInt());
    case Kind::Float: return reprFloat(v.asFloat());
    case Kind::Ellipsis: return u"Ellipsis"_s;
    case Kind::NotImplemented: return u"NotImplemented"_s;
    case Kind::Str: return reprStr(v.text());
    case Kind::Bytes: return reprBytes(v.as<BytesObject>()->data);
    case Kind::Tuple: {
        auto *t = v.as<TupleObject>();
        ReprGuard guard(interp, t);
        if (guard.recursive)
            return u"(...)"_s;
        interp.checkStack();
        if (t->namedType) {
            QString out = t->namedType->name + u'(';
            for (size_t i = 0; i < t->items.size(); ++i) {
                if (i)
                    out += u", "_s;
                out += t->namedType->fields[i] + u'=' + interp.repr(t->items[i]);
            }
            return out + u')';
        }
        if (t->items.size() == 1)
            return u'(' + interp.repr(t->items[0]) + u",)"_s;
        return u'(' + joinRepr(interp, t->items) + u')';
    }
    case Kind::List: {
        auto *l = v.as<ListObject>();
        ReprGuard guard(interp, l);
        if (guard.recursive)
            return u"[...]"_s;
        interp.checkStack();
        return u'[' + joinRepr(interp, l->items) + u']';
    }
    case Kind::Dict: {
        auto *d = v.as<DictObject>();
        ReprGuard guard(interp, d);
        if (guard.recursive)
            return u"{...}"_s;
        interp.checkStack();
        if (d->subtype) {
            const QString name = d->subtype->name;
            if (name == u"OrderedDict") {
                if (d->map.isEmpty())
                    return u"OrderedDict()"_s;
                std::vector<Value> items;
                for (qsizetype i = d->map.next(-1); i >= 0; i = d->map.next(i))
                    items.push_back(makeTuple({d->map.entry(i).key, d->map.entry(i).value}));
                return u"OrderedDict(["_s + joinRepr(interp, items) + u"])"_s;
            }
            if (name == u"defaultdict")
                return u"defaultdict("_s + (d->defaultFactory.isValid() ? interp.repr(d->defaultFactory) : u"None"_s)
                    + u", {"_s + dictBody(interp, d->map) + u"})"_s;
            if (name == u"Counter")
                return d->map.isEmpty() ? u"Counter()"_s : u"Counter({"_s + dictBody(interp, d->map) + u"})"_s;
        }
        return u'{' + dictBody(interp, d->map) + u'}';
    }
    case Kind::Set: {
        auto *s = v.as<SetObject>();
        if (s->map.isEmpty())
            return u"set()"_s;
        ReprGuard guard(interp, s);
        if (guard.recursive)
            return u"set(...)"_s;
        interp.checkStack();
        return u'{' + setBody(interp, s->map) + u'}';
    }
    case Kind::FrozenSet: {
        auto *s = v.as<SetObject>();
        if (s->map.isEmpty())
            return u"frozenset()"_s;
        interp.checkStack();
        return u"frozenset({"_s + setBody(interp, s->map) + u"})"_s;
    }
    case Kind::Range: {
        auto *r = v.as<RangeObject>();
        QString out = u"range("_s + QString::number(r->start) + u", "_s + QString::number(r->stop);
        if (r->step != 1)
            out += u", "_s + QString::number(r->step);
        return out + u')';
    }
    case Kind::Slice: {
        auto *s = v.as<SliceObject>();
        return u"slice("_s + interp.repr(s->start) + u", "_s + interp.repr(s->stop) + u", "_s + interp.repr(s->step) + u')';
    }
    case Kind::Function: {
        auto *f = v.as<FunctionObject>();
        return u"<function "_s + f->qualname + u" at "_s + address(f) + u'>';
    }
    case Kind::Native: {
        auto *n = v.as<NativeObject>();
        if (n->self.isValid())
            return u"<built-in method "_s + n->name.section(u'.', -1) + u" of "_s + interp.typeName(n->self)
                + u" object at "_s + address(n->self.object()) + u'>';
        return u"<built-in function "_s + n->name + u'>';
    }
    case Kind::BoundMethod: {
        auto *m = v.as<BoundMethodObject>();
        QString name = m->function.is(Kind::Function) ? m->function.as<FunctionObject>()->qualname : interp.repr(m->function);
        return u"<bound method "_s + name + u" of "_s + interp.repr(m->self) + u'>';
    }
    case Kind::Class: {
        auto *c = v.as<ClassObject>();
        if (c->isEnum && false)
            return {};
        if (c->module == u"builtins" || c->module.isEmpty())
            return u"<class '"_s + c->qualname + u"'>"_s;
        return u"<class '"_s + c->module + u'.' + c->qualname + u"'>"_s;
    }
    case Kind::Instance: {
        Interpreter::Internal &in = interp.internal();
        if (const Value *m = userMethod(interp, v, in.sRepr)) {
            ReprGuard guard(interp, v.object());
            if (guard.recursive)
                return u"..."_s;
            interp.checkStack();
            const Value r = Interpreter::Internal::callPython(interp, m->as<FunctionObject>(), v, Args{});
            if (!r.isStr())
                interp.raise(ExceptionType::TypeError, u"__repr__ returned non-string (type "_s + interp.typeName(r) + u')');
            return r.text();
        }
        auto *inst = v.as<InstanceObject>();
        if (inst->cls->isEnum) {
            const Value name = interp.findAttribute(v, Value::str(u"_name_"_s));
            const Value value = interp.findAttribute(v, in.sValue);
            if (name.isStr())
                return u'<' + inst->cls->name + u'.' + name.text() + u": "_s + interp.repr(value) + u'>';
        }
        if (inst->cls->isException) {
            auto *exc = static_cast<ExceptionObject *>(inst);
            const auto &args = exc->args.is(Kind::Tuple) ? exc->args.as<TupleObject>()->items : std::vector<Value>{};
            return inst->cls->name + u'(' + joinRepr(interp, args) + u')';
        }
        const QString module = inst->cls->module;
        return u'<' + (module.isEmpty() || module == u"builtins" ? QString() : module + u'.') + inst->cls->qualname
            + u" object at "_s + address(inst) + u'>';
    }
    case Kind::Module: {
        auto *m = v.as<ModuleObject>();
        return u"<module '"_s + m->name + u"' (built-in)>"_s;
    }
    case Kind::Host:
        return v.as<HostObject>()->repr(interp);
    case Kind::Opaque:
        interp.refuseOpaque(v);
    case Kind::Iterator:
        return u'<' + v.as<IteratorObject>()->typeName() + u" object at "_s + address(v.object()) + u'>';
    case Kind::DictView: {
        auto *view = v.as<DictViewObject>();
        std::vector<Value> items;
        const OrderedMap &map = view->dict->map;
        for (qsizetype i = map.next(-1); i >= 0; i = map.next(i)) {
            if (view->which == DictViewObject::Which::Keys)
                items.push_back(map.entry(i).key);
            else if (view->which == DictViewObject::Which::Values)
                items.push_back(map.entry(i).value);
            else
                items.push_back(makeTuple({map.entry(i).key, map.entry(i).value}));
        }
        return interp.typeName(v) + u"(["_s + joinRepr(interp, items) + u"])"_s;
    }
    case Kind::Property:
        return u"<property object at "_s + address(v.object()) + u'>';
    case Kind::StaticMethod:
        return u"<staticmethod("_s + interp.repr(v.as<WrapperObject>()->function) + u")>"_s;
    case Kind::ClassMethod:
        return u"<classmethod("_s + interp.repr(v.as<WrapperObject>()->function) + u")>"_s;
    case Kind::Super:
        return u"<super object>"_s;
    case Kind::Env:
        return u"<frame>"_s;
    }
    return {};
}

QString strValue(Interpreter &interp, const Value &v)
{
    switch (v.kind()) {
    case Kind::Str:
        return v.text();
    case Kind::Host:
        return v.as<HostObject>()->str(interp);
    case Kind::Opaque:
        interp.refuseOpaque(v);
    case Kind::Instance: {
        Interpreter::Internal &in = interp.internal();
        if (const Value *m = userMethod(interp, v, in.sStr)) {
            interp.checkStack();
            const Value r = Interpreter::Internal::callPython(interp, m->as<FunctionObject>(), v, Args{});
            if (!r.isStr())
                interp.raise(ExceptionType::TypeError, u"__str__ returned non-string (type "_s + interp.typeName(r) + u')');
            return r.text();
        }
        if (userMethod(interp, v, in.sRepr))
            return reprValue(interp, v);
        auto *inst = v.as<InstanceObject>();
        if (inst->cls->isEnum) {
            const Value name = interp.findAttribute(v, Value::str(u"_name_"_s));
            if (name.isStr())
                return inst->cls->name + u'.' + name.text();
        }
        if (inst->cls->isException) {
            auto *exc = static_cast<ExceptionObject *>(inst);
            const auto &args = exc->args.is(Kind::Tuple) ? exc->args.as<TupleObject>()->items : std::vector<Value>{};
            if (args.empty())
                return {};
            if (args.size() == 1) {
                // KeyError shows its key as repr().
                const Value keyError = interp.exceptionClass(ExceptionType::KeyError);
                if (inst->cls->isSubclassOf(keyError.as<ClassObject>()))
                    return interp.repr(args[0]);
                return interp.str(args[0]);
            }
            return interp.repr(exc->args);
        }
        return reprValue(interp, v);
    }
    default:
        return reprValue(interp, v);
    }
}

QString Interpreter::str(const Value &v)
{
    if (v.isStr())
        return v.text();
    return strValue(*this, v);
}

QString Interpreter::repr(const Value &v)
{
    return reprValue(*this, v);
}

QString Interpreter::format(const Value &v, QStringView spec)
{
    switch (v.kind()) {
    case Kind::Opaque:
        refuseOpaque(v);
    case Kind::Host:
        return v.as<HostObject>()->format(*this, spec);
    case Kind::Instance: {
        if (const Value *m = userMethod(*this, v, m_internal->sFormat)) {
            std::vector<Value> args{Value::str(spec.toString())};
            const Value r = Internal::callPython(*this, m->as<FunctionObject>(), v, Args{args, {}});
            if (!r.isStr())
                raise(ExceptionType::TypeError, u"__format__ must return a str, not "_s + typeName(r));
            return r.text();
        }
        if (spec.isEmpty())
            return str(v);
        auto *inst = v.as<InstanceObject>();
        if (inst->cls->isEnum)
            return formatWithSpec(*this, Value::str(str(v)), spec);
        raise(ExceptionType::TypeError, u"unsupported format string passed to "_s + inst->cls->name + u".__format__"_s);
    }
    case Kind::Int:
    case Kind::Bool:
    case Kind::Float:
    case Kind::Str:
        if (spec.isEmpty())
            return str(v);
        return formatWithSpec(*this, v, spec);
    default:
        if (spec.isEmpty())
            return str(v);
        raise(ExceptionType::TypeError, u"unsupported format string passed to "_s + typeName(v) + u".__format__"_s);
    }
}

// ---------------------------------------------------------------- the format-spec mini-language

namespace {

struct Spec
{
    QChar fill = u' ';
    QChar align; // '<' '>' '=' '^' or null
    QChar sign;  // '+' '-' ' ' or null
    bool alternate = false;
    bool zero = false;
    int width = -1;
    QChar grouping; // ',' '_' or null
    int precision = -1;
    QChar type;
};

Spec parseSpec(Interpreter &interp, QStringView s)
{
    Spec spec;
    qsizetype i = 0;
    const qsizetype n = s.size();
    auto isAlign = [](QChar c) { return c == u'<' || c == u'>' || c == u'=' || c == u'^'; };
    if (n >= 2 && isAlign(s[1])) {
        spec.fill = s[0];
        spec.align = s[1];
        i = 2;
    } else if (n >= 1 && isAlign(s[0])) {
        spec.align = s[0];
        i = 1;
    }
    if (i < n && (s[i] == u'+' || s[i] == u'-' || s[i] == u' '))
        spec.sign = s[i++];
    if (i < n && s[i] == u'z')
        ++i;
    if (i < n && s[i] == u'#') {
        spec.alternate = true;
        ++i;
    }
    if (i < n && s[i] == u'0') {
        spec.zero = true;
        ++i;
    }
    auto number = [&]() {
        qint64 v = 0;
        const qsizetype start = i;
        while (i < n && s[i].isDigit()) {
            v = v * 10 + (s[i].unicode() - '0');
            if (v > 1'000'000'000)
                interp.raise(ExceptionType::ValueError, u"Too many decimal digits in format string"_s);
            ++i;
        }
        return i == start ? -1 : int(v);
    };
    spec.width = number();
    if (i < n && (s[i] == u',' || s[i] == u'_'))
        spec.grouping = s[i++];
    if (i < n && s[i] == u'.') {
        ++i;
        spec.precision = number();
        if (spec.precision < 0)
            interp.raise(ExceptionType::ValueError, u"Format specifier missing precision"_s);
    }
    if (i < n)
        spec.type = s[i++];
    if (i < n)
        interp.raise(ExceptionType::ValueError, u"Invalid format specifier '"_s + s + u"' for object of type '"_s + u"'"_s);
    return spec;
}

QString group(const QString &digits, QChar sep, int every)
{
    if (sep.isNull())
        return digits;
    QString out;
    const qsizetype n = digits.size();
    for (qsizetype i = 0; i < n; ++i) {
        if (i > 0 && (n - i) % every == 0)
            out += sep;
        out += digits[i];
    }
    return out;
}

// Lays out a number (sign, prefix and digits apart) or text to width.
QString pad(const Spec &spec, const QString &sign, const QString &body, QChar defaultAlign)
{
    QChar align = spec.align.isNull() ? defaultAlign : spec.align;
    QChar fill = spec.fill;
    if (spec.zero && spec.align.isNull()) {
        fill = u'0';
        align = u'=';
    }
    const qsizetype len = sign.size() + body.size();
    if (spec.width <= len)
        return sign + body;
    const qsizetype padding = spec.width - len;
    const QString fillText(padding, fill);
    switch (align.unicode()) {
    case '<': return sign + body + fillText;
    case '^': return QString(padding / 2, fill) + sign + body + QString(padding - padding / 2, fill);
    case '=': return sign + fillText + body;
    default: return fillText + sign + body;
    }
}

// The digits of |x| in `type` ('e', 'f', 'g', 'r' for the repr form)
// with Python's rules for '#' and the no-type form (addDot0).
QString floatDigits(double x, QChar type, int precision, bool alternate, bool addDot0)
{
    if (std::isnan(x))
        return u"nan"_s;
    if (std::isinf(x))
        return u"inf"_s;
    char buf[512];
    const char16_t t = type.toLower().unicode();
    if (t == 'f') {
        std::snprintf(buf, sizeof buf, alternate ? "%#.*f" : "%.*f", precision, x);
        return QString::fromLatin1(buf);
    }
    if (t == 'e') {
        std::snprintf(buf, sizeof buf, alternate ? "%#.*e" : "%.*e", precision, x);
        return QString::fromLatin1(buf);
    }
    if (t == 'r')
        return reprFloat(x);
    // 'g': the significant digits, then fixed or exponent by Python's rule.
    const int p = precision == 0 ? 1 : precision;
    std::snprintf(buf, sizeof buf, "%.*e", p - 1, x);
    QString sci = QString::fromLatin1(buf);
    const qsizetype e = sci.indexOf(u'e');
    QString digits = sci.left(e);
    digits.remove(u'.');
    const int exponent = sci.mid(e + 1).toInt();
    const int decpt = exponent + 1;
    if (!alternate) {
        while (digits.size() > 1 && digits.endsWith(u'0'))
            digits.chop(1);
    }
    const bool useExp = decpt <= -4 || decpt > (addDot0 ? p - 1 : p);
    QString out;
    if (useExp) {
        out = digits.left(1);
        if (digits.size() > 1 || alternate)
            out += u'.' + digits.mid(1);
        const int exp = decpt - 1;
        out += exp < 0 ? u"e-"_s : u"e+"_s;
        out += QString::number(std::abs(exp)).rightJustified(2, u'0');
    } else if (decpt <= 0) {
        out = u"0."_s + QString(-decpt, u'0') + digits;
    } else if (decpt >= digits.size()) {
        out = digits + QString(decpt - digits.size(), u'0');
        if (alternate)
            out += u'.';
        else if (addDot0)
            out += u".0"_s;
    } else {
        out = digits.left(decpt) + u'.' + digits.mid(decpt);
    }
    return out;
}

QString formatFloat(Interpreter &interp, double x, const Spec &spec, const QString &typeName)
{
    QChar type = spec.type;
    int precision = spec.precision;
    bool addDot0 = false;
    if (type.isNull()) {
        addDot0 = true;
        type = precision < 0 ? u'r' : u'g';
    } else if (type == u'n') {
        type = u'g';
    }
    const char16_t t = type.unicode();
    if (t != 'e' && t != 'E' && t != 'f' && t != 'F' && t != 'g' && t != 'G' && t != '%' && t != 'r')
        interp.raise(ExceptionType::ValueError,
                     u"Unknown format code '"_s + spec.type + u"' for object of type '"_s + typeName + u"'"_s);
    if (precision < 0)
        precision = 6;
    const bool negative = std::signbit(x) && !std::isnan(x);
    double a = std::fabs(x);
    QString body;
    if (t == '%') {
        body = floatDigits(a * 100, u'f', precision, spec.alternate, false) + u'%';
    } else {
        body = floatDigits(a, type, precision, spec.alternate, addDot0);
        if (type.isUpper())
            body = body.toUpper();
    }
    if (!spec.grouping.isNull() && std::isfinite(x)) {
        qsizetype end = 0;
        while (end < body.size() && body[end].isDigit())
            ++end;
        body = group(body.left(end), spec.grouping, 3) + body.mid(end);
    }
    QString sign = negative ? u"-"_s : spec.sign == u'+' ? u"+"_s : spec.sign == u' ' ? u" "_s : QString();
    return pad(spec, sign, body, u'>');
}

} // namespace

QString formatWithSpec(Interpreter &interp, const Value &v, QStringView specText)
{
    const Spec spec = parseSpec(interp, specText);
    const QString typeName = interp.typeName(v);
    if (v.isStr()) {
        if (!spec.type.isNull() && spec.type != u's')
            interp.raise(ExceptionType::ValueError,
                         u"Unknown format code '"_s + spec.type + u"' for object of type 'str'"_s);
        if (!spec.sign.isNull())
            interp.raise(ExceptionType::ValueError, u"Sign not allowed in string format specifier"_s);
        if (spec.alternate)
            interp.raise(ExceptionType::ValueError, u"Alternate form (#) not allowed in string format specifier"_s);
        if (spec.align == u'=')
            interp.raise(ExceptionType::ValueError, u"'=' alignment not allowed in string format specifier"_s);
        if (!spec.grouping.isNull())
            interp.raise(ExceptionType::ValueError, u"Cannot specify ',' with 's'."_s);
        QString text = v.text();
        if (spec.precision >= 0)
            text = text.left(spec.precision);
        Spec s = spec;
        if (spec.zero && spec.align.isNull()) {
            s.zero = false;
            s.fill = u'0';
            s.align = u'<';
        }
        interp.checkSize(std::max<qsizetype>(spec.width, text.size()), true);
        return pad(s, QString(), text, u'<');
    }
    interp.checkSize(spec.width, true);
    if (v.isFloat())
        return formatFloat(interp, v.asFloat(), spec, typeName);
    if (v.isIntegral()) {
        const char16_t t = spec.type.isNull() ? 'd' : spec.type.unicode();
        if (t == 'e' || t == 'E' || t == 'f' || t == 'F' || t == 'g' || t == 'G' || t == '%'
            || (t == 'n' && false))
            return formatFloat(interp, double(v.asInt()), spec, typeName);
        if (spec.type.isNull() && v.isBool() && spec.precision < 0 && specText.isEmpty())
            return v.asBool() ? u"True"_s : u"False"_s;
        if (spec.precision >= 0)
            interp.raise(ExceptionType::ValueError, u"Precision not allowed in integer format specifier"_s);
        const qint64 x = v.asInt();
        const quint64 a = x < 0 ? 0 - quint64(x) : quint64(x);
        QString digits;
        QString prefix;
        int every = 3;
        switch (t) {
        case 'd':
        case 'n':
            digits = QString::number(a);
            break;
        case 'x':
        case 'X':
            digits = QString::number(a, 16);
            if (t == 'X')
                digits = digits.toUpper();
            prefix = spec.alternate ? (t == 'X' ? u"0X"_s : u"0x"_s) : QString();
            every = 4;
            break;
        case 'o':
            digits = QString::number(a, 8);
            prefix = spec.alternate ? u"0o"_s : QString();
            every = 4;
            break;
        case 'b':
            digits = QString::number(a, 2);
            prefix = spec.alternate ? u"0b"_s : QString();
            every = 4;
            break;
        case 'c': {
            if (!spec.sign.isNull())
                interp.raise(ExceptionType::ValueError, u"Sign not allowed with integer format specifier 'c'"_s);
            if (x < 0 || x > 0x10ffff)
                interp.raise(ExceptionType::OverflowError, u"%c arg not in range(0x110000)"_s);
            const char32_t cp = char32_t(x);
            return pad(spec, QString(), QString::fromUcs4(&cp, 1), u'<');
        }
        default:
            interp.raise(ExceptionType::ValueError,
                         u"Unknown format code '"_s + spec.type + u"' for object of type '"_s + typeName + u"'"_s);
        }
        if (!spec.grouping.isNull() && spec.grouping == u',' && every == 4)
            interp.raise(ExceptionType::ValueError, u"Cannot specify ',' with '"_s + QChar(t) + u"'."_s);
        digits = group(digits, spec.grouping, every);
        const QString sign = x < 0 ? u"-"_s : spec.sign == u'+' ? u"+"_s : spec.sign == u' ' ? u" "_s : QString();
        return pad(spec, sign + prefix, digits, u'>');
    }
    interp.raise(ExceptionType::TypeError, u"unsupported format string passed to "_s + typeName + u".__format__"_s);
}

// ---------------------------------------------------------------- printf-style

QString percentFormat(Interpreter &interp, const QString &format, const Value &args)
{
    std::vector<Value> positional;
    const bool mapping = args.is(Kind::Dict) || (args.is(Kind::Instance) && !args.is(Kind::Tuple)
                                                 && interp.findAttribute(args, interp.internal().sGetitem).isValid());
    if (args.is(Kind::Tuple))
        positional = args.as<TupleObject>()->items;
    else
        positional.push_back(args);
    size_t next = 0;
    bool usedMapping = false;
    QString out;
    const qsizetype n = format.size();
    auto nextArg = [&]() -> Value {
        if (next >= positional.size())
            interp.raise(ExceptionType::TypeError, u"not enough arguments for format string"_s);
        return positional[next++];
    };
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = format[i];
        if (c != u'%') {
            out += c;
            continue;
        }
        const qsizetype start = i;
        ++i;
        if (i >= n)
            interp.raise(ExceptionType::ValueError, u"incomplete format"_s);
        Value arg;
        bool haveArg = false;
        if (format[i] == u'(') {
            if (!mapping)
                interp.raise(ExceptionType::TypeError, u"format requires a mapping"_s);
            int depth = 1;
            const qsizetype keyStart = i + 1;
            ++i;
            while (i < n && depth > 0) {
                if (format[i] == u'(')
                    ++depth;
                else if (format[i] == u')')
                    --depth;
                ++i;
            }
            if (depth > 0)
                interp.raise(ExceptionType::ValueError, u"incomplete format key"_s);
            arg = interp.getItem(args, Value::str(format.mid(keyStart, i - 1 - keyStart)));
            haveArg = true;
            usedMapping = true;
        }
        Spec spec;
        bool left = false;
        while (i < n) {
            const QChar f = format[i];
            if (f == u'-')
                left = true;
            else if (f == u'+')
                spec.sign = u'+';
            else if (f == u' ') {
                if (spec.sign != u'+')
                    spec.sign = u' ';
            } else if (f == u'#')
                spec.alternate = true;
            else if (f == u'0')
                spec.zero = true;
            else
                break;
            ++i;
        }
        if (i < n && format[i] == u'*') {
            const Value w = nextArg();
            spec.width = int(toIndex(interp, w));
            if (spec.width < 0) {
                left = true;
                spec.width = -spec.width;
            }
            ++i;
        } else {
            int w = -1;
            while (i < n && format[i].isDigit()) {
                w = (w < 0 ? 0 : w * 10) + (format[i].unicode() - '0');
                if (w > 100'000'000)
                    interp.raise(ExceptionType::ValueError, u"width too big"_s);
                ++i;
            }
            spec.width = w;
        }
        if (i < n && format[i] == u'.') {
            ++i;
            if (i < n && format[i] == u'*') {
                spec.precision = int(toIndex(interp, nextArg()));
                ++i;
            } else {
                int p = 0;
                while (i < n && format[i].isDigit()) {
                    p = p * 10 + (format[i].unicode() - '0');
                    if (p > 100'000'000)
                        interp.raise(ExceptionType::ValueError, u"precision too big"_s);
                    ++i;
                }
                spec.precision = p;
            }
        }
        while (i < n && (format[i] == u'h' || format[i] == u'l' || format[i] == u'L'))
            ++i;
        if (i >= n)
            interp.raise(ExceptionType::ValueError, u"incomplete format"_s);
        const QChar conv = format[i];
        if (conv == u'%') {
            out += u'%';
            continue;
        }
        if (!haveArg)
            arg = nextArg();
        if (left) {
            spec.align = u'<';
            spec.zero = false;
        }
        interp.checkSize(spec.width, true);
        switch (conv.unicode()) {
        case 's':
        case 'r':
        case 'a': {
            QString text = conv == u's' ? interp.str(arg) : interp.repr(arg);
            if (spec.precision >= 0)
                text = text.left(spec.precision);
            Spec s;
            s.width = spec.width;
            s.align = left ? u'<' : u'>';
            out += pad(s, QString(), text, u'>');
            break;
        }
        case 'd':
        case 'i':
        case 'u':
        case 'x':
        case 'X':
        case 'o': {
            Value number = arg;
            if (arg.isFloat()) {
                const double d = arg.asFloat();
                if (!std::isfinite(d) || std::fabs(d) >= 9.2233720368547758e18)
                    interp.raise(ExceptionType::OverflowError, u"cannot convert float to integer"_s);
                number = Value::fromInt(qint64(d));
            }
            if (!number.isIntegral()) {
                interp.requireConcrete(number);
                if (conv == u'd' || conv == u'i' || conv == u'u')
                    interp.raise(ExceptionType::TypeError, u"%"_s + conv + u" format: a real number is required, not "_s
                                                               + interp.typeName(arg));
                interp.raise(ExceptionType::TypeError,
                             u"%"_s + conv + u" format: an integer is required, not "_s + interp.typeName(arg));
            }
            const qint64 x = number.asInt();
            const quint64 a = x < 0 ? 0 - quint64(x) : quint64(x);
            QString digits = conv == u'x' ? QString::number(a, 16)
                : conv == u'X'            ? QString::number(a, 16).toUpper()
                : conv == u'o'            ? QString::number(a, 8)
                                          : QString::number(a);
            if (spec.precision > digits.size())
                digits = QString(spec.precision - digits.size(), u'0') + digits;
            QString prefix;
            if (spec.alternate)
                prefix = conv == u'x' ? u"0x"_s : conv == u'X' ? u"0X"_s : conv == u'o' ? u"0o"_s : QString();
            const QString sign = x < 0 ? u"-"_s : spec.sign == u'+' ? u"+"_s : spec.sign == u' ' ? u" "_s : QString();
            Spec s;
            s.width = spec.width;
            s.zero = spec.zero;
            s.align = left ? u'<' : QChar();
            out += pad(s, sign + prefix, digits, u'>');
            break;
        }
        case 'e':
        case 'E':
        case 'f':
        case 'F':
        case 'g':
        case 'G': {
            if (!arg.isNumber()) {
                interp.requireConcrete(arg);
                interp.raise(ExceptionType::TypeError, u"must be real number, not "_s + interp.typeName(arg));
            }
            Spec s = spec;
            s.type = conv;
            if (s.precision < 0)
                s.precision = 6;
            s.align = left ? u'<' : QChar();
            const double d = arg.toDouble();
            QString body = floatDigits(std::fabs(d), conv, s.precision, s.alternate, false);
            if (conv.isUpper())
                body = body.toUpper();
            const QString sign = std::signbit(d) && !std::isnan(d) ? u"-"_s
                : spec.sign == u'+'                                 ? u"+"_s
                : spec.sign == u' '                                 ? u" "_s
                                                                    : QString();
            out += pad(s, sign, body, u'>');
            break;
        }
        case 'c': {
            QString ch;
            if (arg.isIntegral()) {
                const qint64 x = arg.asInt();
                if (x < 0 || x > 0x10ffff)
                    interp.raise(ExceptionType::OverflowError, u"%c arg not in range(0x110000)"_s);
                const char32_t cp = char32_t(x);
                ch = QString::fromUcs4(&cp, 1);
            } else if (arg.isStr() && arg.text().size() == 1) {
                ch = arg.text();
            } else {
                interp.raise(ExceptionType::TypeError, u"%c requires int or char"_s);
            }
            Spec s;
            s.width = spec.width;
            s.align = left ? u'<' : u'>';
            out += pad(s, QString(), ch, u'>');
            break;
        }
        default:
            interp.raise(ExceptionType::ValueError,
                         u"unsupported format character '"_s + conv + u"' (0x"_s + QString::number(conv.unicode(), 16)
                             + u") at index "_s + QString::number(i));
        }
        Q_UNUSED(start);
        interp.checkSize(out.size(), true);
    }
    if (!usedMapping && !mapping && next < positional.size())
        interp.raise(ExceptionType::TypeError, u"not all arguments converted during string formatting"_s);
    if (!usedMapping && mapping && args.is(Kind::Dict) && next == 0) {
        // '%s' % {} formats the dict itself.
    }
    return out;
}

// ---------------------------------------------------------------- str.format

QString strFormat(Interpreter &interp, const QString &format, const Args &args)
{
    QString out;
    const qsizetype n = format.size();
    int autoIndex = 0;
    bool sawAuto = false;
    bool sawManual = false;
    std::function<QString(QStringView, int)> render = [&](QStringView text, int depth) -> QString {
        QString result;
        const qsizetype len = text.size();
        for (qsizetype i = 0; i < len; ++i) {
            const QChar c = text[i];
            if (c == u'}') {
                if (i + 1 < len && text[i + 1] == u'}') {
                    result += u'}';
                    ++i;
                    continue;
                }
                interp.raise(ExceptionType::ValueError, u"Single '}' encountered in format string"_s);
            }
            if (c != u'{') {
                result += c;
                continue;
            }
            if (i + 1 < len && text[i + 1] == u'{') {
                result += u'{';
                ++i;
                continue;
            }
            // A field: up to the matching }.
            qsizetype j = i + 1;
            int braces = 1;
            while (j < len) {
                if (text[j] == u'{')
                    ++braces;
                else if (text[j] == u'}' && --braces == 0)
                    break;
                ++j;
            }
            if (j >= len)
                interp.raise(ExceptionType::ValueError,
                             braces > 1 ? u"expected '}' before end of string"_s : u"Single '{' encountered in format string"_s);
            const QStringView field = text.mid(i + 1, j - i - 1);
            i = j;
            qsizetype k = 0;
            while (k < field.size() && field[k] != u'!' && field[k] != u':')
                ++k;
            const QStringView name = field.left(k);
            QChar conversion;
            QString spec;
            if (k < field.size() && field[k] == u'!') {
                if (k + 1 >= field.size())
                    interp.raise(ExceptionType::ValueError, u"end of string while looking for conversion specifier"_s);
                conversion = field[k + 1];
                k += 2;
                if (k < field.size() && field[k] != u':')
                    interp.raise(ExceptionType::ValueError, u"expected ':' after conversion specifier"_s);
            }
            if (k < field.size() && field[k] == u':') {
                if (depth >= 1 && field.mid(k + 1).contains(u'{'))
                    interp.raise(ExceptionType::ValueError, u"Max string recursion exceeded"_s);
                spec = render(field.mid(k + 1), depth + 1);
            }
            // The argument: a name or index, then .attr and [key] parts.
            qsizetype p = 0;
            while (p < name.size() && name[p] != u'.' && name[p] != u'[')
                ++p;
            const QStringView first = name.left(p);
            Value value;
            bool isNumber = !first.isEmpty();
            for (QChar ch : first)
                isNumber = isNumber && ch.isDigit();
            if (first.isEmpty()) {
                if (sawManual)
                    interp.raise(ExceptionType::ValueError,
                                 u"cannot switch from manual field specification to automatic field numbering"_s);
                sawAuto = true;
                const int index = autoIndex++;
                if (size_t(index) >= args.positional.size())
                    interp.raise(ExceptionType::IndexError, u"Replacement index "_s + QString::number(index)
                                                                + u" out of range for positional args tuple"_s);
                value = args.positional[size_t(index)];
            } else if (isNumber) {
                if (sawAuto)
                    interp.raise(ExceptionType::ValueError,
                                 u"cannot switch from automatic field numbering to manual field specification"_s);
                sawManual = true;
                const int index = first.toInt();
                if (size_t(index) >= args.positional.size())
                    interp.raise(ExceptionType::IndexError, u"Replacement index "_s + QString::number(index)
                                                                + u" out of range for positional args tuple"_s);
                value = args.positional[size_t(index)];
            } else {
                const Value *kw = keywordArg(args, first);
                if (!kw) {
                    std::vector<Value> a{Value::str(first.toString())};
                    interp.raise(interp.call(interp.exceptionClass(ExceptionType::KeyError), Args{a, {}}));
                }
                value = *kw;
            }
            while (p < name.size()) {
                if (name[p] == u'.') {
                    qsizetype q = p + 1;
                    while (q < name.size() && name[q] != u'.' && name[q] != u'[')
                        ++q;
                    value = interp.getAttribute(value, name.mid(p + 1, q - p - 1).toString());
                    p = q;
                } else {
                    const qsizetype close = name.indexOf(u']', p);
                    if (close < 0)
                        interp.raise(ExceptionType::ValueError, u"Missing ']' in format string"_s);
                    const QStringView key = name.mid(p + 1, close - p - 1);
                    bool digits = !key.isEmpty();
                    for (QChar ch : key)
                        digits = digits && ch.isDigit();
                    value = interp.getItem(value, digits ? Value::fromInt(key.toLongLong()) : Value::str(key.toString()));
                    p = close + 1;
                }
            }
            if (conversion == u'r')
                value = Value::str(interp.repr(value));
            else if (conversion == u's')
                value = Value::str(interp.str(value));
            else if (conversion == u'a')
                value = Value::str(interp.repr(value));
            else if (!conversion.isNull())
                interp.raise(ExceptionType::ValueError,
                             u"Unknown conversion specifier "_s + conversion);
            result += interp.format(value, spec);
            interp.checkSize(result.size(), true);
        }
        return result;
    };
    Q_UNUSED(n);
    out = render(format, 0);
    return out;
}

} // namespace pm::python
