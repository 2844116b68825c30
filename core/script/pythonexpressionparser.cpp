#include "script/pythonexpressionparser.h"

#include "python/pythontokenizer.h"

using namespace Qt::StringLiterals;

namespace pm {

using Type = PythonToken::Type;
using Kind = PythonExpression::Kind;

PythonExpressionParser::PythonExpressionParser(const QList<PythonToken> &tokens, QString fileName)
    : m_tokens(tokens), m_file(std::move(fileName))
{
}

QString PythonExpressionParser::describe(const PythonToken &token)
{
    switch (token.type) {
    case Type::Newline: return u"end of line"_s;
    case Type::EndMarker: return u"end of file"_s;
    case Type::Indent: return u"indent"_s;
    case Type::Dedent: return u"dedent"_s;
    case Type::String: return u"string"_s;
    case Type::Number: return u"number "_s + token.text.toString();
    default: return u"'"_s + token.text.toString() + u"'"_s;
    }
}

Error PythonExpressionParser::error(const PythonToken &token, QString message) const
{
    return Error(m_file, token.line, token.column, std::move(message));
}

Error PythonExpressionParser::unexpected(const PythonToken &token) const
{
    return error(token, u"unexpected "_s + describe(token));
}

Result<PythonExpression> PythonExpressionParser::parseTuple(qsizetype &pos) const
{
    auto first = parse(pos);
    if (!first || !m_tokens[pos].isOperator(u","))
        return first;
    PythonExpression tuple;
    tuple.kind = Kind::Tuple;
    tuple.line = first->line;
    tuple.column = first->column;
    tuple.begin = first->begin;
    tuple.items.push_back(std::move(*first));
    while (m_tokens[pos].isOperator(u",")) {
        ++pos;
        const PythonToken &t = m_tokens[pos];
        if (t.type == Type::Newline || t.isOperator(u"=") || t.type == Type::EndMarker)
            break;
        auto next = parse(pos);
        if (!next)
            return next;
        tuple.items.push_back(std::move(*next));
    }
    tuple.end = m_tokens[pos - 1].offset + m_tokens[pos - 1].length;
    return tuple;
}

Result<PythonExpression> PythonExpressionParser::parse(qsizetype &pos) const
{
    return unary(pos);
}

Result<PythonExpression> PythonExpressionParser::unary(qsizetype &pos) const
{
    const PythonToken &t = m_tokens[pos];
    if (t.isOperator(u"-") || t.isOperator(u"+")) {
        ++pos;
        auto operand = unary(pos);
        if (!operand)
            return operand;
        // Only numbers take a sign: "-1" is a literal, "-x" would be arithmetic.
        if (operand->kind != Kind::Integer && operand->kind != Kind::Float)
            return fail(error(t, u"unary '"_s + t.text.toString() + u"' is only supported before a number"_s));
        if (t.isOperator(u"-")) {
            operand->integer = -operand->integer;
            operand->floating = -operand->floating;
            operand->text.prepend(u'-');
        }
        operand->line = t.line;
        operand->column = t.column;
        operand->begin = t.offset;
        return operand;
    }
    return primary(pos);
}

Result<PythonExpression> PythonExpressionParser::primary(qsizetype &pos) const
{
    auto result = atom(pos);
    if (!result)
        return result;
    PythonExpression expr = std::move(*result);
    while (true) {
        const PythonToken &t = m_tokens[pos];
        if (t.isOperator(u".")) {
            const PythonToken &name = m_tokens[pos + 1];
            if (name.type != Type::Name || PythonTokenizer::isKeyword(name.text))
                return fail(unexpected(name));
            PythonExpression attr;
            attr.kind = Kind::Attribute;
            attr.line = expr.line;
            attr.column = expr.column;
            attr.begin = expr.begin;
            attr.end = name.offset + name.length;
            attr.text = name.text.toString();
            attr.items.push_back(std::move(expr));
            expr = std::move(attr);
            pos += 2;
        } else if (t.isOperator(u"(")) {
            PythonExpression call;
            call.kind = Kind::Call;
            call.line = expr.line;
            call.column = expr.column;
            call.begin = expr.begin;
            call.items.push_back(std::move(expr));
            ++pos;
            if (auto s = arguments(pos, call); !s)
                return std::unexpected(s.error());
            call.end = m_tokens[pos - 1].offset + 1;
            expr = std::move(call);
        } else if (t.isOperator(u"[")) {
            PythonExpression sub;
            sub.kind = Kind::Subscript;
            sub.line = expr.line;
            sub.column = expr.column;
            sub.begin = expr.begin;
            sub.items.push_back(std::move(expr));
            ++pos;
            PythonExpression index;
            index.kind = Kind::Tuple;
            index.line = m_tokens[pos].line;
            index.column = m_tokens[pos].column;
            index.begin = m_tokens[pos].offset;
            bool sawComma = false;
            if (auto s = elements(pos, u"]", index, &sawComma); !s)
                return std::unexpected(s.error());
            if (index.items.empty())
                return fail(unexpected(m_tokens[pos - 1]));
            if (index.items.size() == 1 && !sawComma) {
                PythonExpression only = std::move(index.items.front());
                index = std::move(only);
            }
            sub.items.push_back(std::move(index));
            sub.end = m_tokens[pos - 1].offset + 1;
            expr = std::move(sub);
        } else {
            return expr;
        }
    }
}

Status PythonExpressionParser::arguments(qsizetype &pos, PythonExpression &call) const
{
    bool sawKeyword = false;
    while (true) {
        const PythonToken &t = m_tokens[pos];
        if (t.isOperator(u")")) {
            ++pos;
            return {};
        }
        if (t.isOperator(u"*") || t.isOperator(u"**"))
            return fail(error(t, u"argument unpacking with '"_s + t.text.toString() + u"' is not supported"_s));
        const PythonToken &next = m_tokens[pos + 1];
        if (t.type == Type::Name && next.isOperator(u"=") && !PythonTokenizer::isKeyword(t.text)) {
            const QString name = t.text.toString();
            if (call.keyword(name))
                return fail(error(t, u"keyword argument '"_s + name + u"' is repeated"_s));
            pos += 2;
            auto value = parse(pos);
            if (!value)
                return std::unexpected(value.error());
            call.keywords.push_back(PythonKeyword{name, t.line, t.column, std::move(*value)});
            sawKeyword = true;
        } else {
            if (sawKeyword)
                return fail(error(t, u"positional argument follows keyword argument"_s));
            auto value = parse(pos);
            if (!value)
                return std::unexpected(value.error());
            call.items.push_back(std::move(*value));
        }
        const PythonToken &after = m_tokens[pos];
        if (after.isOperator(u",")) {
            ++pos;
            continue;
        }
        if (!after.isOperator(u")"))
            return fail(unexpected(after));
    }
}

Status PythonExpressionParser::elements(qsizetype &pos, QStringView close, PythonExpression &display,
                                        bool *sawComma) const
{
    const bool dict = display.kind == Kind::Dict;
    while (true) {
        const PythonToken &t = m_tokens[pos];
        if (t.isOperator(close)) {
            ++pos;
            display.end = t.offset + 1;
            return {};
        }
        if (t.isOperator(u"*") || t.isOperator(u"**"))
            return fail(error(t, u"unpacking with '"_s + t.text.toString() + u"' is not supported"_s));
        auto value = parse(pos);
        if (!value)
            return std::unexpected(value.error());
        display.items.push_back(std::move(*value));
        if (dict) {
            if (!m_tokens[pos].isOperator(u":"))
                return fail(unexpected(m_tokens[pos]));
            ++pos;
            auto v = parse(pos);
            if (!v)
                return std::unexpected(v.error());
            display.items.push_back(std::move(*v));
        }
        const PythonToken &after = m_tokens[pos];
        if (after.isOperator(u",")) {
            if (sawComma)
                *sawComma = true;
            ++pos;
            continue;
        }
        if (!after.isOperator(close))
            return fail(unexpected(after));
    }
}

Result<PythonExpression> PythonExpressionParser::number(const PythonToken &t) const
{
    PythonExpression e;
    e.line = t.line;
    e.column = t.column;
    e.begin = t.offset;
    e.end = t.offset + t.length;
    e.text = t.text.toString();
    QString digits = e.text;
    digits.remove(u'_');
    const QChar last = digits.back().toLower();
    if (last == u'j')
        return fail(error(t, u"complex numbers are not supported"_s));
    bool ok = false;
    const bool prefixed = digits.size() > 2 && digits[0] == u'0' && digits[1].isLetter();
    if (prefixed) {
        const QChar b = digits[1].toLower();
        const int base = b == u'x' ? 16 : b == u'o' ? 8 : 2;
        e.kind = Kind::Integer;
        e.integer = digits.mid(2).toLongLong(&ok, base);
    } else if (digits.contains(u'.') || digits.contains(u'e') || digits.contains(u'E')) {
        e.kind = Kind::Float;
        e.floating = digits.toDouble(&ok);
    } else {
        e.kind = Kind::Integer;
        if (digits.size() > 1 && digits.startsWith(u'0') && digits.toLongLong() != 0)
            return fail(error(t, u"leading zeros in decimal integer literals are not permitted"_s));
        e.integer = digits.toLongLong(&ok);
    }
    if (!ok)
        return fail(error(t, u"the number "_s + e.text + u" is out of range"_s));
    e.floating = e.kind == Kind::Integer ? double(e.integer) : e.floating;
    return e;
}

Result<PythonExpression> PythonExpressionParser::atom(qsizetype &pos) const
{
    const PythonToken &t = m_tokens[pos];
    PythonExpression e;
    e.line = t.line;
    e.column = t.column;
    e.begin = t.offset;
    e.end = t.offset + t.length;
    switch (t.type) {
    case Type::Name:
        if (t.text == u"None")
            e.kind = Kind::None;
        else if (t.text == u"True")
            e.kind = Kind::True;
        else if (t.text == u"False")
            e.kind = Kind::False;
        else if (PythonTokenizer::isKeyword(t.text))
            return fail(unexpected(t));
        else {
            e.kind = Kind::Name;
            e.text = t.text.toString();
        }
        ++pos;
        return e;
    case Type::Number:
        ++pos;
        return number(t);
    case Type::String: {
        e.kind = Kind::String;
        e.text = t.value;
        e.stringFlags = t.stringFlags;
        ++pos;
        // Adjacent literals are one string, as Python's compiler joins them.
        while (m_tokens[pos].type == Type::String) {
            const PythonToken &more = m_tokens[pos];
            if (bool(more.stringFlags & PythonToken::Bytes) != bool(e.stringFlags & PythonToken::Bytes))
                return fail(error(more, u"cannot mix bytes and nonbytes literals"_s));
            e.text += more.value;
            e.stringFlags |= more.stringFlags;
            e.end = more.offset + more.length;
            ++pos;
        }
        return e;
    }
    case Type::Operator:
        if (t.text == u"...") {
            e.kind = Kind::Ellipsis;
            ++pos;
            return e;
        }
        if (t.text == u"(" || t.text == u"[" || t.text == u"{") {
            const bool paren = t.text == u"(";
            e.kind = paren ? Kind::Tuple : t.text == u"[" ? Kind::List : Kind::Dict;
            ++pos;
            bool sawComma = false;
            if (e.kind == Kind::Dict) {
                // A set display {a, b} is not a dict; find out before parsing as one.
                if (!m_tokens[pos].isOperator(u"}")) {
                    qsizetype probe = pos;
                    auto key = parse(probe);
                    if (!key)
                        return key;
                    if (!m_tokens[probe].isOperator(u":"))
                        return fail(error(t, u"set displays are not supported"_s));
                }
            }
            const QStringView close = paren ? u")" : t.text == u"[" ? u"]" : u"}";
            if (auto s = elements(pos, close, e, &sawComma); !s)
                return std::unexpected(s.error());
            if (paren && e.items.size() == 1 && !sawComma) {
                // Parentheses only group: the inner expression, spanning the brackets
                // so that source slices stay balanced.
                PythonExpression inner = std::move(e.items.front());
                inner.begin = e.begin;
                inner.end = e.end;
                return inner;
            }
            return e;
        }
        return fail(unexpected(t));
    default:
        return fail(unexpected(t));
    }
}

} // namespace pm
