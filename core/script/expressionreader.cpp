#include "script/expressionreader.h"

#include <algorithm>
#include <cstring>

#include <QVarLengthArray>

using namespace Qt::StringLiterals;

namespace pm {

using Type = PythonToken::Type;
using Kind = PythonExpression::Kind;
using python::NodeKind;

ExpressionReader::ExpressionReader(const QList<PythonToken> &tokens, const QString &source, QString fileName)
    : m_tokens(tokens), m_file(fileName), m_parser(tokens, source, std::move(fileName))
{
}

QString ExpressionReader::describe(const PythonToken &token)
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

Error ExpressionReader::error(const PythonToken &token, QString message) const
{
    return Error(m_file, token.line, token.column, std::move(message));
}

Error ExpressionReader::error(const python::Node *node, QString message) const
{
    return Error(m_file, node->line, node->column, std::move(message));
}

Error ExpressionReader::unexpected(const PythonToken &token) const
{
    return error(token, u"unexpected "_s + describe(token));
}

const PythonToken &ExpressionReader::tokenAt(int offset) const
{
    auto it = std::lower_bound(m_tokens.cbegin(), m_tokens.cend(), offset,
                               [](const PythonToken &t, int o) { return t.offset < o; });
    // Indentation tokens share the offset of what follows them.
    while (it != m_tokens.cend() && (it->type == Type::Indent || it->type == Type::Dedent) && it + 1 != m_tokens.cend())
        ++it;
    return it == m_tokens.cend() ? m_tokens.back() : *it;
}

const PythonToken &ExpressionReader::tokenAfter(const python::Node *node) const
{
    auto it = std::lower_bound(m_tokens.cbegin(), m_tokens.cend(), node->end,
                               [](const PythonToken &t, int o) { return t.offset < o; });
    while (it != m_tokens.cend() && it + 1 != m_tokens.cend() && it->type == Type::Operator && it->text == u")")
        ++it;
    return it == m_tokens.cend() ? m_tokens.back() : *it;
}

Result<PythonExpression> ExpressionReader::parse(qsizetype &pos) const
{
    return read(pos, false);
}

Result<PythonExpression> ExpressionReader::parseTuple(qsizetype &pos) const
{
    return read(pos, true);
}

namespace {

using Code = PythonToken::Code;

// Nesting the direct reading leaves to the parser, which counts it.
constexpr int kDirectDepth = 48;

// Room a call's or a display's vectors get at once: most calls in scripts
// take a few arguments, and a wider one grows. Counting the items first
// walked every nested bracket once per level.
constexpr size_t kItemsReserved = 4;

// A decimal int as most scripts write one (no sign, no '_', no leading
// zero, well inside 64 bits): its value.
bool plainInteger(QStringView text, qint64 &value)
{
    if (text.isEmpty() || text.size() > 18 || (text.size() > 1 && text[0] == u'0'))
        return false;
    qint64 v = 0;
    for (QChar c : text) {
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    value = v;
    return true;
}

int endOf(const PythonToken &t)
{
    return t.offset + t.length;
}

} // namespace

namespace {

// Every name of a script is compared here, most of them a few characters
// long: four at a time, inline, where a call to memcmp cost more than the
// comparison.
inline bool sameCharacters(const char16_t *a, const char16_t *b, qsizetype n)
{
    qsizetype i = 0;
    for (; i + 4 <= n; i += 4) {
        quint64 x;
        quint64 y;
        std::memcpy(&x, a + i, sizeof x);
        std::memcpy(&y, b + i, sizeof y);
        if (x != y)
            return false;
    }
    for (; i < n; ++i)
        if (a[i] != b[i])
            return false;
    return true;
}

} // namespace

// A small direct-mapped table per thread: a collision only costs the
// allocation the sharing saves.
QString ExpressionReader::nameText(QStringView text)
{
    thread_local QString table[256];
    const qsizetype n = text.size();
    const size_t slot = (size_t(n) * 31 + text[0].unicode() * 7 + text[n - 1].unicode() * 3 + text[n / 2].unicode()) & 255;
    QString &cached = table[slot];
    if (cached.size() != n || !sameCharacters(reinterpret_cast<const char16_t *>(cached.constData()), text.utf16(), n))
        cached = text.toString();
    return cached;
}

namespace {

// Where the parser would stop too, on a token the direct reading left
// unread: nothing an expression continues with (an operator, `if`, `for`,
// `:=`, `**`, a `,` making a tuple).
bool endsExpression(const PythonToken &t, bool tuple)
{
    switch (t.type) {
    case Type::Newline:
    case Type::EndMarker:
        return true;
    case Type::Name:
        return t.code == Code::As;
    case Type::Operator:
        switch (t.code) {
        case Code::RParen: case Code::RBracket: case Code::RBrace: case Code::Colon: case Code::Assign:
            return true;
        case Code::Comma:
            return !tuple;
        default:
            return false;
        }
    default:
        return false;
    }
}

} // namespace

bool ExpressionReader::readDirect(qsizetype &pos, PythonExpression &e, int depth) const
{
    if (depth > kDirectDepth)
        return false;
    const PythonToken *tokens = m_tokens.constData();
    const qsizetype last = m_tokens.size() - 1;
    // Past the end marker stays on it, as the parser does.
    auto at = [&](qsizetype i) -> const PythonToken & { return tokens[std::min(i, last)]; };
    qsizetype p = pos;
    const PythonToken &t = at(p);
    e.line = t.line;
    e.column = t.column;
    e.begin = t.offset;
    e.end = endOf(t);
    switch (t.type) {
    case Type::Name:
        switch (t.code) {
        case Code::None: e.kind = Kind::Name; e.text = nameText(t.text); break;
        case Code::NoneKeyword: e.kind = Kind::None; break;
        case Code::True: e.kind = Kind::True; break;
        case Code::False: e.kind = Kind::False; break;
        default: return false;
        }
        ++p;
        break;
    case Type::Number:
        if (!plainInteger(t.text, e.integer))
            return false;
        e.kind = Kind::Integer;
        e.floating = double(e.integer);
        e.text = t.text.toString();
        ++p;
        break;
    case Type::String:
        // Adjacent literals are one string (lowerString()).
        e.kind = Kind::String;
        for (; p <= last && tokens[p].type == Type::String; ++p) {
            const PythonToken &s = tokens[p];
            if (s.stringFlags & (PythonToken::Bytes | PythonToken::Format))
                return false;
            if (e.text.isNull())
                e.text = s.value;
            else
                e.text += s.value;
            e.stringFlags |= s.stringFlags;
            e.end = endOf(s);
        }
        break;
    case Type::Operator:
        switch (t.code) {
        case Code::Ellipsis:
            e.kind = Kind::Ellipsis;
            ++p;
            break;
        case Code::Minus:
        case Code::Plus: {
            // A signed number, and nothing that would bind to the number
            // before the sign does.
            const PythonToken &n = at(p + 1);
            if (n.type != Type::Number || !plainInteger(n.text, e.integer))
                return false;
            const Code after = at(p + 2).code;
            if (after == Code::Dot || after == Code::LParen || after == Code::LBracket || after == Code::DoubleStar)
                return false;
            e.kind = Kind::Integer;
            e.floating = double(e.integer);
            if (t.code == Code::Minus) {
                e.integer = -e.integer;
                e.floating = -e.floating;
                e.text = n.text.toString();
                e.text.prepend(u'-');
            } else {
                e.text = n.text.toString();
            }
            e.end = endOf(n);
            pos = p + 2;
            return true;
        }
        case Code::LParen:
        case Code::LBracket: {
            // A tuple in parentheses (never one parenthesized expression:
            // the parser locates what holds it at the parenthesis) or a list.
            const bool tuple = t.code == Code::LParen;
            const Code close = tuple ? Code::RParen : Code::RBracket;
            e.kind = tuple ? Kind::Tuple : Kind::List;
            ++p;
            e.items.reserve(kItemsReserved);
            while (at(p).code != close) {
                if (!readDirect(p, e.items.emplace_back(), depth + 1))
                    return false;
                if (at(p).code == Code::Comma) {
                    ++p;
                    continue;
                }
                if (at(p).code != close || (tuple && e.items.size() == 1))
                    return false;
            }
            e.end = endOf(at(p));
            ++p;
            break;
        }
        case Code::LBrace:
            // A dict of key: value pairs; a set, ** or a comprehension is
            // the parser's.
            e.kind = Kind::Dict;
            ++p;
            e.items.reserve(kItemsReserved);
            while (at(p).code != Code::RBrace) {
                if (!readDirect(p, e.items.emplace_back(), depth + 1) || at(p).code != Code::Colon)
                    return false;
                ++p;
                if (!readDirect(p, e.items.emplace_back(), depth + 1))
                    return false;
                if (at(p).code == Code::Comma) {
                    ++p;
                    continue;
                }
                if (at(p).code != Code::RBrace)
                    return false;
            }
            e.end = endOf(at(p));
            ++p;
            break;
        default:
            return false;
        }
        break;
    default:
        return false;
    }

    // Trailers: .name, (arguments), [index]. What they make starts where
    // their owner does: `e` becomes the new node, holding what it was as
    // its first item, with no node built aside and moved in.
    // (Moved from, `e` has null texts and empty vectors already.)
    auto become = [&e](Kind kind, size_t items) {
        decltype(e.items) inner;
        inner.reserve(items);
        inner.push_back(std::move(e));
        e.kind = kind;
        e.stringFlags = 0;
        e.integer = 0;
        e.floating = 0;
        e.items.swap(inner);
    };
    while (true) {
        const Code c = at(p).code;
        if (c == Code::Dot) {
            const PythonToken &name = at(p + 1);
            if (name.type != Type::Name || name.isKeyword())
                return false;
            become(Kind::Attribute, 1);
            e.end = endOf(name);
            e.text = nameText(name.text);
            p += 2;
        } else if (c == Code::LParen) {
            become(Kind::Call, kItemsReserved);
            ++p;
            while (at(p).code != Code::RParen) {
                const PythonToken &a = at(p);
                if (a.type == Type::Name && !a.isKeyword() && at(p + 1).code == Code::Assign) {
                    for (const PythonKeyword &k : e.keywords)
                        if (k.name == a.text)
                            return false; // repeated: the parser's SyntaxError
                    if (e.keywords.empty())
                        e.keywords.reserve(kItemsReserved);
                    PythonKeyword &k = e.keywords.emplace_back();
                    k.name = nameText(a.text);
                    k.line = a.line;
                    k.column = a.column;
                    p += 2;
                    if (!readDirect(p, k.value, depth + 1))
                        return false;
                } else {
                    if (!e.keywords.empty())
                        return false; // positional after keyword: the parser's SyntaxError
                    if (!readDirect(p, e.items.emplace_back(), depth + 1))
                        return false;
                }
                if (at(p).code == Code::Comma) {
                    ++p;
                    continue;
                }
                if (at(p).code != Code::RParen)
                    return false;
            }
            e.end = endOf(at(p));
            ++p;
        } else if (c == Code::LBracket) {
            become(Kind::Subscript, 2);
            ++p;
            if (!readDirect(p, e.items.emplace_back(), depth + 1) || at(p).code != Code::RBracket)
                return false;
            e.end = endOf(at(p));
            ++p;
        } else {
            break;
        }
    }
    pos = p;
    return true;
}

bool ExpressionReader::skimDirect(qsizetype &pos, bool *call, int depth) const
{
    if (depth > kDirectDepth)
        return false;
    const PythonToken *tokens = m_tokens.constData();
    const qsizetype last = m_tokens.size() - 1;
    auto at = [&](qsizetype i) -> const PythonToken & { return tokens[std::min(i, last)]; };
    qsizetype p = pos;
    const PythonToken &t = at(p);
    bool inner = false;
    qint64 integer = 0;
    switch (t.type) {
    case Type::Name:
        switch (t.code) {
        case Code::None: case Code::NoneKeyword: case Code::True: case Code::False: break;
        default: return false;
        }
        ++p;
        break;
    case Type::Number:
        if (!plainInteger(t.text, integer))
            return false;
        ++p;
        break;
    case Type::String:
        for (; p <= last && tokens[p].type == Type::String; ++p) {
            if (tokens[p].stringFlags & (PythonToken::Bytes | PythonToken::Format))
                return false;
        }
        break;
    case Type::Operator:
        switch (t.code) {
        case Code::Ellipsis:
            ++p;
            break;
        case Code::Minus:
        case Code::Plus: {
            const PythonToken &n = at(p + 1);
            if (n.type != Type::Number || !plainInteger(n.text, integer))
                return false;
            const Code after = at(p + 2).code;
            if (after == Code::Dot || after == Code::LParen || after == Code::LBracket || after == Code::DoubleStar)
                return false;
            pos = p + 2;
            *call = false;
            return true;
        }
        case Code::LParen:
        case Code::LBracket: {
            const bool tuple = t.code == Code::LParen;
            const Code close = tuple ? Code::RParen : Code::RBracket;
            ++p;
            size_t items = 0;
            while (at(p).code != close) {
                if (!skimDirect(p, &inner, depth + 1))
                    return false;
                ++items;
                if (at(p).code == Code::Comma) {
                    ++p;
                    continue;
                }
                if (at(p).code != close || (tuple && items == 1))
                    return false;
            }
            ++p;
            break;
        }
        case Code::LBrace:
            ++p;
            while (at(p).code != Code::RBrace) {
                if (!skimDirect(p, &inner, depth + 1) || at(p).code != Code::Colon)
                    return false;
                ++p;
                if (!skimDirect(p, &inner, depth + 1))
                    return false;
                if (at(p).code == Code::Comma) {
                    ++p;
                    continue;
                }
                if (at(p).code != Code::RBrace)
                    return false;
            }
            ++p;
            break;
        default:
            return false;
        }
        break;
    default:
        return false;
    }

    bool isCall = false;
    while (true) {
        const Code c = at(p).code;
        if (c == Code::Dot) {
            const PythonToken &name = at(p + 1);
            if (name.type != Type::Name || name.isKeyword())
                return false;
            p += 2;
            isCall = false;
        } else if (c == Code::LParen) {
            ++p;
            QVarLengthArray<QStringView, 8> keywords;
            while (at(p).code != Code::RParen) {
                const PythonToken &a = at(p);
                if (a.type == Type::Name && !a.isKeyword() && at(p + 1).code == Code::Assign) {
                    for (QStringView k : keywords)
                        if (PythonToken::same(k, a.text))
                            return false;
                    keywords.append(a.text);
                    p += 2;
                    if (!skimDirect(p, &inner, depth + 1))
                        return false;
                } else {
                    if (!keywords.isEmpty())
                        return false;
                    if (!skimDirect(p, &inner, depth + 1))
                        return false;
                }
                if (at(p).code == Code::Comma) {
                    ++p;
                    continue;
                }
                if (at(p).code != Code::RParen)
                    return false;
            }
            ++p;
            isCall = true;
        } else if (c == Code::LBracket) {
            ++p;
            if (!skimDirect(p, &inner, depth + 1) || at(p).code != Code::RBracket)
                return false;
            ++p;
            isCall = false;
        } else {
            break;
        }
    }
    pos = p;
    *call = isCall;
    return true;
}

bool ExpressionReader::skim(qsizetype &pos, bool *call) const
{
    if (!m_direct)
        return false;
    qsizetype p = pos;
    if (!skimDirect(p, call, 0) || !endsExpression(m_tokens[p], false))
        return false;
    pos = p;
    return true;
}

Result<PythonExpression> ExpressionReader::read(qsizetype &pos, bool tuple) const
{
    if (m_direct) {
        qsizetype p = pos;
        PythonExpression e;
        if (readDirect(p, e, 0) && endsExpression(m_tokens[p], tuple)) {
            pos = p;
            return e;
        }
    }
    auto node = parseNode(pos, tuple);
    if (!node)
        return std::unexpected(node.error());
    return lower(*node);
}

Result<PythonExpression> ExpressionReader::parseUnion(qsizetype &pos, QList<PythonExpression> *members) const
{
    auto node = parseNode(pos, false);
    if (!node)
        return std::unexpected(node.error());
    // `a | b | c` is ((a | b) | c): the members are the left spine's leaves.
    std::vector<const python::Node *> leaves;
    const python::Node *n = *node;
    while (n->kind == NodeKind::BinOp && static_cast<const python::BinOpNode *>(n)->op == python::BinaryOperator::BitOr
           && !(n->flags & python::Node::Parenthesized)) {
        leaves.push_back(static_cast<const python::BinOpNode *>(n)->right);
        n = static_cast<const python::BinOpNode *>(n)->left;
    }
    leaves.push_back(n);
    std::reverse(leaves.begin(), leaves.end());
    std::optional<PythonExpression> first;
    for (const python::Node *leaf : leaves) {
        auto member = lower(leaf);
        if (!member)
            return member;
        if (!first)
            first = *member;
        members->push_back(std::move(*member));
    }
    return std::move(*first);
}

Result<const python::Node *> ExpressionReader::parseNode(qsizetype &pos, bool tuple) const
{
    const qsizetype start = pos;
    auto node = m_parser.parse(pos, tuple);
    if (!node) {
        // Python's "invalid syntax" says where; the readers have always said
        // what was met there.
        const Error &e = node.error();
        if (e.message == u"invalid syntax") {
            for (qsizetype i = start; i < m_tokens.size(); ++i) {
                const PythonToken &t = m_tokens[i];
                if (t.line == e.line && t.column == e.column && t.type != Type::Dedent)
                    return fail(unexpected(t));
                if (t.line > e.line)
                    break;
            }
        }
        return std::unexpected(e);
    }
    return node;
}

// Adjacent literals are one string, as Python's compiler joins them: the
// decoded values of the String tokens the node spans.
Result<PythonExpression> ExpressionReader::lowerString(const python::Node *node) const
{
    PythonExpression e;
    e.kind = Kind::String;
    e.line = node->line;
    e.column = node->column;
    e.begin = node->begin;
    e.end = node->end;
    auto it = std::lower_bound(m_tokens.cbegin(), m_tokens.cend(), node->begin,
                               [](const PythonToken &t, int o) { return t.offset < o; });
    for (; it != m_tokens.cend() && it->offset < node->end; ++it) {
        if (it->type != Type::String)
            continue;
        // The first literal's value is shared, not copied: what appending
        // it to the null text gives, empty or not.
        if (e.text.isNull())
            e.text = it->value;
        else
            e.text += it->value;
        e.stringFlags |= it->stringFlags;
    }
    return e;
}

Status ExpressionReader::lowerArguments(const python::CallNode *call, PythonExpression &out) const
{
    for (const python::Node *arg : call->args) {
        if (arg->kind == NodeKind::Starred)
            return fail(error(arg, u"argument unpacking with '*' is not supported"_s));
        if (arg->kind == NodeKind::GeneratorExp)
            return fail(unexpected(tokenAfter(static_cast<const python::ComprehensionNode *>(arg)->element)));
        auto value = lower(arg);
        if (!value)
            return std::unexpected(value.error());
        out.items.push_back(std::move(*value));
    }
    out.keywords.reserve(call->keywords->size());
    for (const python::Keyword &k : *call->keywords) {
        if (!k.name)
            return fail(Error(m_file, k.line, k.column, u"argument unpacking with '**' is not supported"_s));
        auto value = lower(k.value);
        if (!value)
            return std::unexpected(value.error());
        out.keywords.push_back(PythonKeyword{k.name->text(), k.line, k.column, std::move(*value)});
    }
    return {};
}

Result<PythonExpression> ExpressionReader::lower(const python::Node *node) const
{
    PythonExpression e;
    e.line = node->line;
    e.column = node->column;
    e.begin = node->begin;
    e.end = node->end;
    switch (node->kind) {
    case NodeKind::Name:
        e.kind = Kind::Name;
        e.text = static_cast<const python::NameNode *>(node)->id->text();
        return e;
    case NodeKind::Constant: {
        const python::Value &v = *static_cast<const python::ConstantNode *>(node)->value;
        switch (v.kind()) {
        case python::Kind::None: e.kind = Kind::None; return e;
        case python::Kind::Bool: e.kind = v.asInt() ? Kind::True : Kind::False; return e;
        case python::Kind::Ellipsis: e.kind = Kind::Ellipsis; return e;
        case python::Kind::Int:
        case python::Kind::Float:
            e.kind = v.kind() == python::Kind::Int ? Kind::Integer : Kind::Float;
            e.integer = v.kind() == python::Kind::Int ? v.asInt() : 0;
            e.floating = v.toDouble();
            e.text = firstToken(node).text.toString();
            return e;
        default:
            return lowerString(node);
        }
    }
    case NodeKind::JoinedStr:
        return lowerString(node);
    case NodeKind::BadConstant: {
        const QStringView written = firstToken(node).text;
        if (written.endsWith(u'j') || written.endsWith(u'J'))
            return fail(error(node, u"complex numbers are not supported"_s));
        return fail(error(node, u"the number "_s + written.toString() + u" is out of range"_s));
    }
    case NodeKind::Tuple:
    case NodeKind::List: {
        e.kind = node->kind == NodeKind::Tuple ? Kind::Tuple : Kind::List;
        for (const python::Node *item : static_cast<const python::SequenceNode *>(node)->elements) {
            if (item->kind == NodeKind::Starred)
                return fail(error(item, u"unpacking with '*' is not supported"_s));
            auto value = lower(item);
            if (!value)
                return value;
            e.items.push_back(std::move(*value));
        }
        return e;
    }
    case NodeKind::Set:
        return fail(error(node, u"set displays are not supported"_s));
    case NodeKind::Dict: {
        auto *d = static_cast<const python::DictNode *>(node);
        e.kind = Kind::Dict;
        for (int i = 0; i < d->keys.size(); ++i) {
            if (!d->keys[i]) {
                auto it = std::lower_bound(m_tokens.cbegin(), m_tokens.cend(), d->values[i]->begin,
                                           [](const PythonToken &t, int o) { return t.offset < o; });
                const PythonToken &star = it == m_tokens.cbegin() ? *it : *(it - 1);
                return fail(error(star, u"unpacking with '**' is not supported"_s));
            }
            auto key = lower(d->keys[i]);
            if (!key)
                return key;
            auto value = lower(d->values[i]);
            if (!value)
                return value;
            e.items.push_back(std::move(*key));
            e.items.push_back(std::move(*value));
        }
        return e;
    }
    case NodeKind::Attribute: {
        auto *a = static_cast<const python::AttributeNode *>(node);
        auto owner = lower(a->value);
        if (!owner)
            return owner;
        e.kind = Kind::Attribute;
        e.text = a->attr->text();
        e.items.push_back(std::move(*owner));
        return e;
    }
    case NodeKind::Call: {
        auto *c = static_cast<const python::CallNode *>(node);
        auto callee = lower(c->func);
        if (!callee)
            return callee;
        e.kind = Kind::Call;
        e.items.reserve(size_t(c->args.size()) + 1);
        e.items.push_back(std::move(*callee));
        if (auto s = lowerArguments(c, e); !s)
            return std::unexpected(s.error());
        return e;
    }
    case NodeKind::Subscript: {
        auto *s = static_cast<const python::SubscriptNode *>(node);
        auto value = lower(s->value);
        if (!value)
            return value;
        auto index = lower(s->index);
        if (!index)
            return index;
        e.kind = Kind::Subscript;
        e.items.push_back(std::move(*value));
        e.items.push_back(std::move(*index));
        return e;
    }
    case NodeKind::UnaryOp: {
        auto *u = static_cast<const python::UnaryOpNode *>(node);
        const PythonToken &op = firstToken(node);
        if (u->op != python::UnaryOperator::USub && u->op != python::UnaryOperator::UAdd)
            return fail(unexpected(op));
        auto operand = lower(u->operand);
        if (!operand)
            return operand;
        // Only numbers take a sign: "-1" is a literal, "-x" would be arithmetic.
        if (operand->kind != Kind::Integer && operand->kind != Kind::Float)
            return fail(error(op, u"unary '"_s + op.text.toString() + u"' is only supported before a number"_s));
        if (u->op == python::UnaryOperator::USub) {
            operand->integer = -operand->integer;
            operand->floating = -operand->floating;
            operand->text.prepend(u'-');
        }
        operand->line = e.line;
        operand->column = e.column;
        operand->begin = e.begin;
        return operand;
    }
    // Operators: refused at the operator, where the expression stops being
    // a construct and starts computing.
    case NodeKind::BinOp:
        return fail(unexpected(tokenAfter(static_cast<const python::BinOpNode *>(node)->left)));
    case NodeKind::BoolOp:
        return fail(unexpected(tokenAfter(static_cast<const python::BoolOpNode *>(node)->values[0])));
    case NodeKind::Compare:
        return fail(unexpected(tokenAfter(static_cast<const python::CompareNode *>(node)->left)));
    case NodeKind::IfExp:
        return fail(unexpected(tokenAfter(static_cast<const python::IfExpNode *>(node)->body)));
    case NodeKind::NamedExpr:
        return fail(unexpected(tokenAfter(static_cast<const python::NamedExprNode *>(node)->target)));
    case NodeKind::ListComp:
    case NodeKind::SetComp:
    case NodeKind::GeneratorExp:
    case NodeKind::DictComp: {
        auto *c = static_cast<const python::ComprehensionNode *>(node);
        return fail(unexpected(tokenAfter(c->value ? c->value : c->element)));
    }
    case NodeKind::Slice: {
        auto *s = static_cast<const python::SliceNode *>(node);
        return fail(unexpected(s->lower ? tokenAfter(s->lower) : firstToken(node)));
    }
    default:
        return fail(unexpected(firstToken(node)));
    }
}

} // namespace pm
