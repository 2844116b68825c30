// The methods of str, with CPython's semantics and messages.

#include <algorithm>

#include "python/format.h"
#include "python/interpreter.h"
#include "python/interpreterinternal.h"
#include "python/signature.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

const QString &text(const Value &self) { return self.text(); }

// str.isspace() of CPython: whitespace and the separators \x1c-\x1f.
bool isPySpace(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x80)
        return (u >= 9 && u <= 13) || (u >= 28 && u <= 32);
    return u == 0x85 || u == 0xa0 || u == 0x1680 || (u >= 0x2000 && u <= 0x200a) || u == 0x2028 || u == 0x2029
        || u == 0x202f || u == 0x205f || u == 0x3000;
}

bool isLineBreak(QChar c)
{
    const char16_t u = c.unicode();
    return u == '\n' || u == '\r' || u == 0x0b || u == 0x0c || u == 0x1c || u == 0x1d || u == 0x1e || u == 0x85
        || u == 0x2028 || u == 0x2029;
}

QString strArg(Interpreter &interp, const Value &v, const char *method)
{
    if (v.isStr())
        return v.text();
    interp.requireConcrete(v);
    interp.raise(ExceptionType::TypeError, u"must be str, not "_s + interp.typeName(v));
    Q_UNUSED(method);
}

// Optional start/end arguments of find, count, startswith...: Python's slice clamping.
void range(Interpreter &interp, const Args &args, size_t first, qsizetype length, qsizetype &start, qsizetype &end)
{
    auto bound = [&](size_t k, qsizetype def) -> qsizetype {
        if (args.positional.size() <= k || args.positional[k].isNone())
            return def;
        qint64 x = toIndex(interp, args.positional[k]);
        if (x < 0)
            x = std::max<qint64>(0, x + length);
        return qsizetype(std::min<qint64>(x, length));
    };
    start = bound(first, 0);
    end = bound(first + 1, length);
}

Value strFormatMethod(Interpreter &interp, const Value &self, const Args &args)
{
    return interp.makeStr(strFormat(interp, text(self), args));
}

Value strFormatMap(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "format_map", 1, 1);
    std::vector<KeywordArgument> keywords;
    const Value &m = args[0];
    if (!m.is(Kind::Dict))
        interp.refuse(u"format_map() with a mapping other than a dict is not supported by petmigrate's Python"_s);
    const OrderedMap &map = m.as<DictObject>()->map;
    for (qsizetype i = map.next(-1); i >= 0; i = map.next(i))
        if (map.entry(i).key.isStr())
            keywords.push_back({map.entry(i).key, map.entry(i).value});
    return interp.makeStr(strFormat(interp, text(self), Args{{}, keywords}));
}

Value strJoin(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.join", 1, 1);
    QString out;
    const QString &sep = text(self);
    qint64 i = 0;
    const Value it = interp.iterate(args[0]);
    Value v;
    while (interp.next(it, v)) {
        if (!v.isStr()) {
            interp.requireConcrete(v);
            interp.raise(ExceptionType::TypeError, u"sequence item "_s + QString::number(i) + u": expected str instance, "_s
                                                       + interp.typeName(v) + u" found"_s);
        }
        if (i > 0)
            out += sep;
        out += v.text();
        interp.checkSize(out.size(), true);
        ++i;
    }
    return Value::str(std::move(out));
}

Value splitImpl(Interpreter &interp, const Value &self, const Args &args, bool fromRight)
{
    static const Signature sig = Signature::parse(u"split(sep=None, maxsplit=-1)");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    const QString &s = text(self);
    qint64 maxsplit = toIndex(interp, v[1]);
    if (maxsplit < 0)
        maxsplit = std::numeric_limits<qint64>::max();
    std::vector<Value> parts;
    if (v[0].isNone()) {
        // Runs of whitespace; none at the ends.
        if (!fromRight) {
            qsizetype i = 0;
            const qsizetype n = s.size();
            while (true) {
                while (i < n && isPySpace(s[i]))
                    ++i;
                if (i >= n)
                    break;
                if (qint64(parts.size()) >= maxsplit) {
                    qsizetype end = n;
                    while (end > i && isPySpace(s[end - 1]))
                        --end;
                    parts.push_back(Value::str(s.mid(i, end - i)));
                    break;
                }
                qsizetype j = i;
                while (j < n && !isPySpace(s[j]))
                    ++j;
                parts.push_back(Value::str(s.mid(i, j - i)));
                i = j;
            }
        } else {
            qsizetype i = s.size();
            while (true) {
                while (i > 0 && isPySpace(s[i - 1]))
                    --i;
                if (i <= 0)
                    break;
                if (qint64(parts.size()) >= maxsplit) {
                    qsizetype start = 0;
                    while (start < i && isPySpace(s[start]))
                        ++start;
                    parts.push_back(Value::str(s.mid(start, i - start)));
                    break;
                }
                qsizetype j = i;
                while (j > 0 && !isPySpace(s[j - 1]))
                    --j;
                parts.push_back(Value::str(s.mid(j, i - j)));
                i = j;
            }
            std::reverse(parts.begin(), parts.end());
        }
        return makeList(std::move(parts));
    }
    const QString sep = strArg(interp, v[0], "split");
    if (sep.isEmpty())
        interp.raise(ExceptionType::ValueError, u"empty separator"_s);
    if (!fromRight) {
        qsizetype i = 0;
        while (qint64(parts.size()) < maxsplit) {
            const qsizetype j = s.indexOf(sep, i);
            if (j < 0)
                break;
            parts.push_back(Value::str(s.mid(i, j - i)));
            i = j + sep.size();
        }
        parts.push_back(Value::str(s.mid(i)));
    } else {
        qsizetype end = s.size();
        while (qint64(parts.size()) < maxsplit) {
            if (end < sep.size())
                break;
            const qsizetype j = s.lastIndexOf(sep, end - sep.size());
            if (j < 0)
                break;
            parts.push_back(Value::str(s.mid(j + sep.size(), end - j - sep.size())));
            end = j;
        }
        parts.push_back(Value::str(s.left(end)));
        std::reverse(parts.begin(), parts.end());
    }
    interp.checkSize(qsizetype(parts.size()));
    return makeList(std::move(parts));
}

Value strSplit(Interpreter &interp, const Value &self, const Args &args)
{
    return splitImpl(interp, self, args, false);
}

Value strRSplit(Interpreter &interp, const Value &self, const Args &args)
{
    return splitImpl(interp, self, args, true);
}

Value stripImpl(Interpreter &interp, const Value &self, const Args &args, bool left, bool right, const char *name)
{
    expectArgs(interp, args, name, 0, 1);
    const QString &s = text(self);
    QString chars;
    const bool whitespace = args.positional.empty() || args[0].isNone();
    if (!whitespace) {
        if (!args[0].isStr())
            interp.raise(ExceptionType::TypeError, QLatin1StringView(name) + u" arg must be None or str"_s);
        chars = args[0].text();
    }
    auto strip = [&](QChar c) { return whitespace ? isPySpace(c) : chars.contains(c); };
    qsizetype i = 0, j = s.size();
    if (left)
        while (i < j && strip(s[i]))
            ++i;
    if (right)
        while (j > i && strip(s[j - 1]))
            --j;
    return Value::str(s.mid(i, j - i));
}

Value strStrip(Interpreter &interp, const Value &self, const Args &args)
{
    return stripImpl(interp, self, args, true, true, "strip");
}
Value strLStrip(Interpreter &interp, const Value &self, const Args &args)
{
    return stripImpl(interp, self, args, true, false, "lstrip");
}
Value strRStrip(Interpreter &interp, const Value &self, const Args &args)
{
    return stripImpl(interp, self, args, false, true, "rstrip");
}

Value strLower(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.lower", 0, 0);
    return Value::str(text(self).toLower());
}

Value strUpper(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.upper", 0, 0);
    return Value::str(text(self).toUpper());
}

Value strCasefold(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.casefold", 0, 0);
    return Value::str(text(self).toCaseFolded());
}

Value strSwapcase(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.swapcase", 0, 0);
    QString out;
    for (const QChar c : text(self))
        out += c.isUpper() ? c.toLower() : c.isLower() ? c.toUpper() : c;
    return Value::str(out);
}

Value strTitle(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.title", 0, 0);
    QString out;
    bool previousCased = false;
    for (const QChar c : text(self)) {
        const bool cased = c.isUpper() || c.isLower() || c.isTitleCase();
        out += cased ? (previousCased ? c.toLower() : c.toTitleCase()) : c;
        previousCased = cased;
    }
    return Value::str(out);
}

Value strCapitalize(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "str.capitalize", 0, 0);
    const QString &s = text(self);
    if (s.isEmpty())
        return self;
    return Value::str(s.left(1).toUpper() + s.mid(1).toLower());
}

Value strReplace(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "replace", 2, 3);
    const QString &s = text(self);
    const QString old = strArg(interp, args[0], "replace");
    const QString repl = strArg(interp, args[1], "replace");
    qint64 count = args.positional.size() == 3 ? toIndex(interp, args[2]) : -1;
    if (count < 0)
        count = std::numeric_limits<qint64>::max();
    QString out;
    if (old.isEmpty()) {
        qint64 done = 0;
        for (qsizetype i = 0; i <= s.size(); ++i) {
            if (done < count) {
                out += repl;
                ++done;
            }
            if (i < s.size())
                out += s[i];
            interp.checkSize(out.size(), true);
        }
        return Value::str(std::move(out));
    }
    qsizetype i = 0;
    qint64 done = 0;
    while (done < count) {
        const qsizetype j = s.indexOf(old, i);
        if (j < 0)
            break;
        out += QStringView(s).mid(i, j - i);
        out += repl;
        interp.checkSize(out.size(), true);
        i = j + old.size();
        ++done;
    }
    out += QStringView(s).mid(i);
    interp.checkSize(out.size(), true);
    return Value::str(std::move(out));
}

// startswith/endswith: a str or a tuple of them, optional start and end.
Value affixImpl(Interpreter &interp, const Value &self, const Args &args, bool starts)
{
    const char *name = starts ? "startswith" : "endswith";
    expectArgs(interp, args, name, 1, 3);
    const QString &s = text(self);
    qsizetype start, end;
    range(interp, args, 1, s.size(), start, end);
    const QStringView part = start <= end ? QStringView(s).mid(start, end - start) : QStringView();
    auto test = [&](const Value &v) {
        if (!v.isStr()) {
            interp.requireConcrete(v);
            interp.raise(ExceptionType::TypeError, QLatin1StringView(name) + u" first arg must be str or a tuple of str, not "_s
                                                       + interp.typeName(v));
        }
        if (start > end)
            return false;
        return starts ? part.startsWith(v.text()) : part.endsWith(v.text());
    };
    if (args[0].is(Kind::Tuple)) {
        for (const Value &v : args[0].as<TupleObject>()->items)
            if (test(v))
                return Value::fromBool(true);
        return Value::fromBool(false);
    }
    return Value::fromBool(test(args[0]));
}

Value strStartsWith(Interpreter &interp, const Value &self, const Args &args)
{
    return affixImpl(interp, self, args, true);
}
Value strEndsWith(Interpreter &interp, const Value &self, const Args &args)
{
    return affixImpl(interp, self, args, false);
}

qsizetype findImpl(Interpreter &interp, const Value &self, const Args &args, bool fromRight, const char *name)
{
    expectArgs(interp, args, name, 1, 3);
    const QString &s = text(self);
    const QString sub = strArg(interp, args[0], name);
    qsizetype start, end;
    range(interp, args, 1, s.size(), start, end);
    if (end - start < sub.size())
        return -1;
    const QStringView part = QStringView(s).mid(start, end - start);
    const qsizetype i = fromRight ? part.lastIndexOf(sub) : part.indexOf(sub);
    return i < 0 ? -1 : start + i;
}

Value strFind(Interpreter &interp, const Value &self, const Args &args)
{
    return Value::fromInt(findImpl(interp, self, args, false, "find"));
}

Value strRFind(Interpreter &interp, const Value &self, const Args &args)
{
    return Value::fromInt(findImpl(interp, self, args, true, "rfind"));
}

Value strIndex(Interpreter &interp, const Value &self, const Args &args)
{
    const qsizetype i = findImpl(interp, self, args, false, "index");
    if (i < 0)
        interp.raise(ExceptionType::ValueError, u"substring not found"_s);
    return Value::fromInt(i);
}

Value strRIndex(Interpreter &interp, const Value &self, const Args &args)
{
    const qsizetype i = findImpl(interp, self, args, true, "rindex");
    if (i < 0)
        interp.raise(ExceptionType::ValueError, u"substring not found"_s);
    return Value::fromInt(i);
}

Value strCount(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "count", 1, 3);
    const QString &s = text(self);
    const QString sub = strArg(interp, args[0], "count");
    qsizetype start, end;
    range(interp, args, 1, s.size(), start, end);
    if (start > end)
        return Value::fromInt(0);
    const QStringView part = QStringView(s).mid(start, end - start);
    if (sub.isEmpty())
        return Value::fromInt(part.size() + 1);
    qint64 n = 0;
    qsizetype i = 0;
    while ((i = part.indexOf(sub, i)) >= 0) {
        ++n;
        i += sub.size();
    }
    return Value::fromInt(n);
}

Value strSplitLines(Interpreter &interp, const Value &self, const Args &args)
{
    static const Signature sig = Signature::parse(u"splitlines(keepends=False)");
    Value v[1];
    sig.bind(interp, Value(), args, v);
    const bool keep = interp.truth(v[0]);
    const QString &s = text(self);
    std::vector<Value> out;
    qsizetype i = 0;
    const qsizetype n = s.size();
    while (i < n) {
        qsizetype j = i;
        while (j < n && !isLineBreak(s[j]))
            ++j;
        qsizetype eol = j;
        if (j < n) {
            eol = (s[j] == u'\r' && j + 1 < n && s[j + 1] == u'\n') ? j + 2 : j + 1;
        }
        out.push_back(Value::str(s.mid(i, (keep ? eol : j) - i)));
        i = eol;
    }
    return makeList(std::move(out));
}

Value padImpl(Interpreter &interp, const Value &self, const Args &args, char how, const char *name)
{
    expectArgs(interp, args, name, 1, 2);
    const QString &s = text(self);
    const qint64 width = toIndex(interp, args[0]);
    QChar fill = u' ';
    if (args.positional.size() == 2) {
        if (!args[1].isStr() || args[1].text().size() != 1)
            interp.raise(ExceptionType::TypeError, u"The fill character must be exactly one character long"_s);
        fill = args[1].text()[0];
    }
    if (width <= s.size())
        return self;
    interp.checkSize(width, true);
    const qsizetype marg = qsizetype(width) - s.size();
    if (how == '<')
        return Value::str(s + QString(marg, fill));
    if (how == '>')
        return Value::str(QString(marg, fill) + s);
    // CPython's centering puts the odd character on the left when the width is odd.
    const qsizetype left = marg / 2 + (marg & width & 1);
    return Value::str(QString(left, fill) + s + QString(marg - left, fill));
}

Value strLJust(Interpreter &interp, const Value &self, const Args &args)
{
    return padImpl(interp, self, args, '<', "ljust");
}
Value strRJust(Interpreter &interp, const Value &self, const Args &args)
{
    return padImpl(interp, self, args, '>', "rjust");
}
Value strCenter(Interpreter &interp, const Value &self, const Args &args)
{
    return padImpl(interp, self, args, '^', "center");
}

Value strZFill(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "zfill", 1, 1);
    const QString &s = text(self);
    const qint64 width = toIndex(interp, args[0]);
    if (width <= s.size())
        return self;
    interp.checkSize(width, true);
    const qsizetype fill = qsizetype(width) - s.size();
    if (!s.isEmpty() && (s[0] == u'+' || s[0] == u'-'))
        return Value::str(s.left(1) + QString(fill, u'0') + s.mid(1));
    return Value::str(QString(fill, u'0') + s);
}

template<typename Test>
Value predicate(Interpreter &interp, const Value &self, const Args &args, const char *name, bool emptyIs, Test test)
{
    expectArgs(interp, args, name, 0, 0);
    const QString &s = text(self);
    if (s.isEmpty())
        return Value::fromBool(emptyIs);
    for (const QChar c : s)
        if (!test(c))
            return Value::fromBool(false);
    return Value::fromBool(true);
}

Value strIsDigit(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isdigit", false, [](QChar c) { return c.isDigit() || c.category() == QChar::Number_Other; });
}
Value strIsDecimal(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isdecimal", false, [](QChar c) { return c.category() == QChar::Number_DecimalDigit; });
}
Value strIsNumeric(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isnumeric", false, [](QChar c) { return c.isNumber(); });
}
Value strIsAlpha(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isalpha", false, [](QChar c) { return c.isLetter(); });
}
Value strIsAlnum(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isalnum", false, [](QChar c) { return c.isLetterOrNumber(); });
}
Value strIsSpace(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isspace", false, isPySpace);
}
Value strIsAscii(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isascii", true, [](QChar c) { return c.unicode() < 0x80; });
}
Value strIsPrintable(Interpreter &interp, const Value &self, const Args &args)
{
    return predicate(interp, self, args, "isprintable", true, [](QChar c) { return isPrintable(c.unicode()); });
}

Value strIsLower(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "islower", 0, 0);
    bool cased = false;
    for (const QChar c : text(self)) {
        if (c.isUpper() || c.isTitleCase())
            return Value::fromBool(false);
        cased = cased || c.isLower();
    }
    return Value::fromBool(cased);
}

Value strIsUpper(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "isupper", 0, 0);
    bool cased = false;
    for (const QChar c : text(self)) {
        if (c.isLower() || c.isTitleCase())
            return Value::fromBool(false);
        cased = cased || c.isUpper();
    }
    return Value::fromBool(cased);
}

Value strIsTitle(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "istitle", 0, 0);
    bool cased = false;
    bool previousCased = false;
    for (const QChar c : text(self)) {
        if (c.isUpper() || c.isTitleCase()) {
            if (previousCased)
                return Value::fromBool(false);
            previousCased = true;
            cased = true;
        } else if (c.isLower()) {
            if (!previousCased)
                return Value::fromBool(false);
            previousCased = true;
            cased = true;
        } else {
            previousCased = false;
        }
    }
    return Value::fromBool(cased);
}

Value strIsIdentifier(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "isidentifier", 0, 0);
    const QString &s = text(self);
    if (s.isEmpty())
        return Value::fromBool(false);
    if (!(s[0].isLetter() || s[0] == u'_'))
        return Value::fromBool(false);
    for (const QChar c : s)
        if (!(c.isLetterOrNumber() || c == u'_' || c.isMark() || c.category() == QChar::Punctuation_Connector))
            return Value::fromBool(false);
    return Value::fromBool(true);
}

Value strEncode(Interpreter &interp, const Value &self, const Args &args)
{
    static const Signature sig = Signature::parse(u"encode(encoding='utf-8', errors='strict')");
    Value v[2];
    sig.bind(interp, Value(), args, v);
    return Value::bytes(encodeText(interp, text(self), argString(interp, v[0], "encode", "argument 'encoding'"),
                                   argString(interp, v[1], "encode", "argument 'errors'")));
}

Value partitionImpl(Interpreter &interp, const Value &self, const Args &args, bool fromRight)
{
    expectArgs(interp, args, fromRight ? "rpartition" : "partition", 1, 1);
    const QString &s = text(self);
    const QString sep = strArg(interp, args[0], "partition");
    if (sep.isEmpty())
        interp.raise(ExceptionType::ValueError, u"empty separator"_s);
    const qsizetype i = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (i < 0)
        return fromRight ? makeTuple({Value::str(QString()), Value::str(QString()), self})
                         : makeTuple({self, Value::str(QString()), Value::str(QString())});
    return makeTuple({Value::str(s.left(i)), args[0], Value::str(s.mid(i + sep.size()))});
}

Value strPartition(Interpreter &interp, const Value &self, const Args &args)
{
    return partitionImpl(interp, self, args, false);
}
Value strRPartition(Interpreter &interp, const Value &self, const Args &args)
{
    return partitionImpl(interp, self, args, true);
}

Value strExpandTabs(Interpreter &interp, const Value &self, const Args &args)
{
    static const Signature sig = Signature::parse(u"expandtabs(tabsize=8)");
    Value v[1];
    sig.bind(interp, Value(), args, v);
    const qint64 tab = toIndex(interp, v[0]);
    QString out;
    qsizetype column = 0;
    for (const QChar c : text(self)) {
        if (c == u'\t') {
            if (tab > 0) {
                const qsizetype n = qsizetype(tab - column % tab);
                out += QString(n, u' ');
                column += n;
            }
        } else {
            out += c;
            column = (c == u'\n' || c == u'\r') ? 0 : column + 1;
        }
        interp.checkSize(out.size(), true);
    }
    return Value::str(out);
}

Value strRemovePrefix(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "removeprefix", 1, 1);
    const QString p = strArg(interp, args[0], "removeprefix");
    return text(self).startsWith(p) ? Value::str(text(self).mid(p.size())) : self;
}

Value strRemoveSuffix(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "removesuffix", 1, 1);
    const QString p = strArg(interp, args[0], "removesuffix");
    return !p.isEmpty() && text(self).endsWith(p) ? Value::str(text(self).left(text(self).size() - p.size())) : self;
}

Value strTranslate(Interpreter &interp, const Value &self, const Args &args)
{
    expectArgs(interp, args, "translate", 1, 1);
    QString out;
    for (const QChar c : text(self)) {
        const Value key = Value::fromInt(c.unicode());
        Value mapped;
        try {
            mapped = interp.getItem(args[0], key);
        } catch (const PyException &e) {
            if (interp.isInstance(e.exception, interp.exceptionClass(ExceptionType::LookupError))) {
                out += c;
                continue;
            }
            throw;
        }
        if (mapped.isNone())
            continue;
        if (mapped.isIntegral()) {
            const char32_t cp = char32_t(mapped.asInt());
            out += QString::fromUcs4(&cp, 1);
        } else if (mapped.isStr()) {
            out += mapped.text();
        } else {
            interp.raise(ExceptionType::TypeError, u"character mapping must return integer, None or str"_s);
        }
        interp.checkSize(out.size(), true);
    }
    return Value::str(out);
}

Value strMakeTrans(Interpreter &interp, const Value &, const Args &args)
{
    expectArgs(interp, args, "maketrans", 1, 3);
    Ref<DictObject> d = makeDict();
    auto put = [&](const Value &k, const Value &v) { d->map.insert(k, interp.hash(k), v); };
    if (args.positional.size() == 1) {
        if (!args[0].is(Kind::Dict))
            interp.raise(ExceptionType::TypeError, u"if you give only one argument to maketrans it must be a dict"_s);
        const OrderedMap &m = args[0].as<DictObject>()->map;
        for (qsizetype i = m.next(-1); i >= 0; i = m.next(i)) {
            const Value &k = m.entry(i).key;
            put(k.isStr() ? Value::fromInt(k.text()[0].unicode()) : k, m.entry(i).value);
        }
        return Value(d);
    }
    const QString x = strArg(interp, args[0], "maketrans");
    const QString y = strArg(interp, args[1], "maketrans");
    if (x.size() != y.size())
        interp.raise(ExceptionType::ValueError, u"the first two maketrans arguments must have equal length"_s);
    for (qsizetype i = 0; i < x.size(); ++i)
        put(Value::fromInt(x[i].unicode()), Value::fromInt(y[i].unicode()));
    if (args.positional.size() == 3)
        for (const QChar c : strArg(interp, args[2], "maketrans"))
            put(Value::fromInt(c.unicode()), Value::none());
    return Value(d);
}

} // namespace

void installStrMethods(Interpreter &interp)
{
    MethodTable &t = interp.internal().methods[size_t(Kind::Str)];
    const std::pair<const char16_t *, NativeFunction> methods[] = {
        {u"format", strFormatMethod}, {u"format_map", strFormatMap}, {u"join", strJoin}, {u"split", strSplit},
        {u"rsplit", strRSplit}, {u"strip", strStrip}, {u"lstrip", strLStrip}, {u"rstrip", strRStrip},
        {u"lower", strLower}, {u"upper", strUpper}, {u"casefold", strCasefold}, {u"swapcase", strSwapcase},
        {u"title", strTitle}, {u"capitalize", strCapitalize}, {u"replace", strReplace},
        {u"startswith", strStartsWith}, {u"endswith", strEndsWith}, {u"find", strFind}, {u"rfind", strRFind},
        {u"index", strIndex}, {u"rindex", strRIndex}, {u"count", strCount}, {u"splitlines", strSplitLines},
        {u"ljust", strLJust}, {u"rjust", strRJust}, {u"center", strCenter}, {u"zfill", strZFill},
        {u"isdigit", strIsDigit}, {u"isdecimal", strIsDecimal}, {u"isnumeric", strIsNumeric},
        {u"isalpha", strIsAlpha}, {u"isalnum", strIsAlnum}, {u"isspace", strIsSpace}, {u"isascii", strIsAscii},
        {u"isprintable", strIsPrintable}, {u"islower", strIsLower}, {u"isupper", strIsUpper},
        {u"istitle", strIsTitle}, {u"isidentifier", strIsIdentifier}, {u"encode", strEncode},
        {u"partition", strPartition}, {u"rpartition", strRPartition}, {u"expandtabs", strExpandTabs},
        {u"removeprefix", strRemovePrefix}, {u"removesuffix", strRemoveSuffix}, {u"translate", strTranslate},
    };
    for (const auto &[name, f] : methods)
        t.methods.insert(QString::fromUtf16(name), f);
    auto *str = interp.builtinClass(Kind::Str).as<ClassObject>();
    str->dict->map.insert(Value::str(u"maketrans"_s), hashText(u"maketrans"),
                          Value(new WrapperObject(Kind::StaticMethod, Value(new NativeObject(u"str.maketrans"_s, strMakeTrans)))));
}

} // namespace pm::python
