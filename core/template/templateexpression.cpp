#include "template/templateexpression.h"

#include <QList>

using namespace Qt::StringLiterals;

namespace pm {

struct TemplateExpression::Node
{
    enum class Kind {
        Literal,
        Name,
        Call,      // name(args)
        Tuple,
        List,
        Not,
        And,
        Or,
        Compare,   // op in `text`
        Condition, // children: then, condition, else
    };
    Kind kind = Kind::Literal;
    TemplateValue value;
    QString text;
    int line = 0;
    int column = 0;
    QList<std::shared_ptr<const Node>> children;
};

namespace {

using NodePtr = std::shared_ptr<const TemplateExpression::Node>;
using Node = TemplateExpression::Node;

struct Token
{
    enum class Kind {
        Name,
        String,
        Number,
        Op,
        End,
    };
    Kind kind = Kind::End;
    QString text;       // name, operator or source of a number
    QString value;      // decoded string literal
    int line = 0;
    int column = 0;
};

class Parser
{
public:
    Parser(const QString &source, const QString &file, int line, int column)
        : m_source(source), m_file(file), m_line(line), m_column(column)
    {
    }

    Result<NodePtr> parseAll()
    {
        if (auto ok = tokenize(); !ok)
            return std::unexpected(ok.error());
        if (m_tokens.constFirst().kind == Token::Kind::End)
            return fail(error(m_tokens.constFirst(), u"The expression is empty."_s));
        auto node = test();
        if (!node)
            return node;
        if (peek().kind != Token::Kind::End)
            return fail(unexpected(peek()));
        return node;
    }

private:
    Error error(const Token &at, const QString &message) const
    {
        return Error(m_file, at.line, at.column, message);
    }

    Error unexpected(const Token &at) const
    {
        if (at.kind == Token::Kind::End)
            return error(at, u"The expression "_s + quoted() + u" ends too early."_s);
        return error(at, u"The expression "_s + quoted() + u" uses '"_s + at.text.simplified()
                             + u"', which this program's template renderer does not support; it knows names, "
                               u"string/number literals, repr(), str(), len(), not/and/or, ==, !=, is, in and "
                               u"'a if condition else b'."_s);
    }

    // On one line: a ${...} may span several, a message may not.
    QString quoted() const { return u'\'' + m_source.simplified() + u'\''; }

    Status tokenize()
    {
        int line = m_line;
        int column = m_column;
        qsizetype i = 0;
        const qsizetype n = m_source.size();
        auto advance = [&](qsizetype count) {
            for (qsizetype k = 0; k < count && i < n; ++k, ++i) {
                if (m_source.at(i) == u'\n') {
                    ++line;
                    column = 1;
                } else {
                    ++column;
                }
            }
        };
        while (true) {
            while (i < n && (m_source.at(i).isSpace() || m_source.at(i) == u'\\'))
                advance(1);
            Token token;
            token.line = line;
            token.column = column;
            if (i >= n) {
                m_tokens.append(token);
                return {};
            }
            const QChar c = m_source.at(i);
            if (c == u'#') {
                while (i < n && m_source.at(i) != u'\n')
                    advance(1);
                continue;
            }
            // String literal, possibly with an r/u prefix.
            qsizetype start = i;
            bool raw = false;
            if ((c == u'r' || c == u'R' || c == u'u' || c == u'U') && i + 1 < n
                && (m_source.at(i + 1) == u'\'' || m_source.at(i + 1) == u'"')) {
                raw = c == u'r' || c == u'R';
                ++start;
            }
            if (m_source.at(start) == u'\'' || m_source.at(start) == u'"') {
                advance(start - i);
                auto literal = readString(raw, i, token);
                if (!literal)
                    return std::unexpected(literal.error());
                advance(*literal - i);
                m_tokens.append(token);
                continue;
            }
            if (c.isLetter() || c == u'_') {
                qsizetype end = i;
                while (end < n && (m_source.at(end).isLetterOrNumber() || m_source.at(end) == u'_'))
                    ++end;
                token.kind = Token::Kind::Name;
                token.text = m_source.mid(i, end - i);
                advance(end - i);
                m_tokens.append(token);
                continue;
            }
            if (c.isDigit()) {
                qsizetype end = i;
                while (end < n && m_source.at(end).isLetterOrNumber())
                    ++end;
                token.kind = Token::Kind::Number;
                token.text = m_source.mid(i, end - i);
                advance(end - i);
                m_tokens.append(token);
                continue;
            }
            token.kind = Token::Kind::Op;
            const QString two = m_source.mid(i, 2);
            if (two == u"==" || two == u"!=" || two == u"<=" || two == u">=" || two == u"**" || two == u"//")
                token.text = two;
            else
                token.text = QString(c);
            advance(token.text.size());
            m_tokens.append(token);
        }
    }

    // Reads the literal at `pos`; returns the index after it.
    Result<qsizetype> readString(bool raw, qsizetype pos, Token &token)
    {
        const QChar quote = m_source.at(pos);
        const bool triple = m_source.mid(pos, 3) == QString(3, quote);
        const QString close = triple ? QString(3, quote) : QString(quote);
        qsizetype i = pos + close.size();
        QString value;
        while (i < m_source.size()) {
            if (m_source.mid(i, close.size()) == close) {
                token.kind = Token::Kind::String;
                token.value = value;
                token.text = m_source.mid(pos, i + close.size() - pos);
                return i + close.size();
            }
            const QChar c = m_source.at(i);
            if (c == u'\n' && !triple)
                break;
            if (c != u'\\' || i + 1 >= m_source.size()) {
                value += c;
                ++i;
                continue;
            }
            const QChar e = m_source.at(i + 1);
            if (raw) {
                value += c;
                value += e;
                i += 2;
                continue;
            }
            i += 2;
            switch (e.unicode()) {
            case '\n': break;
            case '\\': value += u'\\'; break;
            case '\'': value += u'\''; break;
            case '"': value += u'"'; break;
            case 'n': value += u'\n'; break;
            case 't': value += u'\t'; break;
            case 'r': value += u'\r'; break;
            case 'a': value += QChar(7); break;
            case 'b': value += QChar(8); break;
            case 'f': value += QChar(12); break;
            case 'v': value += QChar(11); break;
            case 'x':
            case 'u':
            case 'U': {
                const int digits = e == u'x' ? 2 : e == u'u' ? 4 : 8;
                bool ok = false;
                const uint cp = m_source.mid(i, digits).toUInt(&ok, 16);
                if (!ok || m_source.mid(i, digits).size() != digits)
                    return fail(error(token, u"The string literal has a malformed \\"_s + e + u" escape."_s));
                const char32_t ucs = cp;
                value += QString::fromUcs4(&ucs, 1);
                i += digits;
                break;
            }
            default:
                // Python keeps unknown escapes as written.
                value += c;
                value += e;
            }
        }
        return fail(error(token, u"The string literal is not closed."_s));
    }

    const Token &peek() const { return m_tokens.at(m_pos); }
    bool isName(const char16_t *name) const
    {
        return peek().kind == Token::Kind::Name && peek().text == QStringView(name);
    }
    bool isOp(const char16_t *op) const { return peek().kind == Token::Kind::Op && peek().text == QStringView(op); }
    Token take() { return m_tokens.at(m_pos++); }

    static NodePtr make(Node::Kind kind, const Token &at, QList<NodePtr> children = {}, QString text = {})
    {
        auto node = std::make_shared<Node>();
        node->kind = kind;
        node->line = at.line;
        node->column = at.column;
        node->children = std::move(children);
        node->text = std::move(text);
        return node;
    }

    Result<NodePtr> test()
    {
        const Token start = peek();
        auto value = orTest();
        if (!value || !isName(u"if"))
            return value;
        take();
        auto condition = orTest();
        if (!condition)
            return condition;
        if (!isName(u"else"))
            return fail(error(peek(), u"The conditional expression "_s + quoted() + u" has no 'else' part."_s));
        take();
        auto otherwise = test();
        if (!otherwise)
            return otherwise;
        return make(Node::Kind::Condition, start, {*value, *condition, *otherwise});
    }

    Result<NodePtr> orTest()
    {
        const Token start = peek();
        auto left = andTest();
        if (!left)
            return left;
        QList<NodePtr> operands{*left};
        while (isName(u"or")) {
            take();
            auto right = andTest();
            if (!right)
                return right;
            operands.append(*right);
        }
        return operands.size() == 1 ? operands.constFirst() : make(Node::Kind::Or, start, operands);
    }

    Result<NodePtr> andTest()
    {
        const Token start = peek();
        auto left = notTest();
        if (!left)
            return left;
        QList<NodePtr> operands{*left};
        while (isName(u"and")) {
            take();
            auto right = notTest();
            if (!right)
                return right;
            operands.append(*right);
        }
        return operands.size() == 1 ? operands.constFirst() : make(Node::Kind::And, start, operands);
    }

    Result<NodePtr> notTest()
    {
        if (!isName(u"not"))
            return comparison();
        const Token start = take();
        auto operand = notTest();
        if (!operand)
            return operand;
        return make(Node::Kind::Not, start, {*operand});
    }

    Result<NodePtr> comparison()
    {
        const Token start = peek();
        auto left = atom();
        if (!left)
            return left;
        QString op;
        if (isOp(u"==") || isOp(u"!=")) {
            op = take().text;
        } else if (isName(u"is")) {
            take();
            op = u"is"_s;
            if (isName(u"not")) {
                take();
                op = u"is not"_s;
            }
        } else if (isName(u"in")) {
            take();
            op = u"in"_s;
        } else if (isName(u"not") && m_pos + 1 < m_tokens.size() && m_tokens.at(m_pos + 1).text == u"in") {
            take();
            take();
            op = u"not in"_s;
        } else {
            return left;
        }
        auto right = atom();
        if (!right)
            return right;
        if (isOp(u"==") || isOp(u"!=") || isName(u"is") || isName(u"in"))
            return fail(unexpected(peek()));
        return make(Node::Kind::Compare, start, {*left, *right}, op);
    }

    Result<QList<NodePtr>> sequence(const char16_t *close, bool *trailingComma)
    {
        QList<NodePtr> items;
        *trailingComma = false;
        while (!isOp(close)) {
            auto item = test();
            if (!item)
                return std::unexpected(item.error());
            items.append(*item);
            *trailingComma = false;
            if (isOp(u",")) {
                take();
                *trailingComma = true;
                continue;
            }
            if (!isOp(close))
                return fail(unexpected(peek()));
        }
        take();
        return items;
    }

    Result<NodePtr> atom()
    {
        const Token token = peek();
        switch (token.kind) {
        case Token::Kind::End:
        case Token::Kind::Op:
            if (isOp(u"(") || isOp(u"[")) {
                const bool isList = isOp(u"[");
                take();
                bool trailingComma = false;
                auto items = sequence(isList ? u"]" : u")", &trailingComma);
                if (!items)
                    return std::unexpected(items.error());
                if (isList)
                    return make(Node::Kind::List, token, *items);
                if (items->size() == 1 && !trailingComma)
                    return items->constFirst();
                return make(Node::Kind::Tuple, token, *items);
            }
            return fail(unexpected(token));
        case Token::Kind::String: {
            // Adjacent literals concatenate, as in Python.
            QString value;
            while (peek().kind == Token::Kind::String)
                value += take().value;
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Literal;
            node->value = TemplateValue(value);
            node->line = token.line;
            node->column = token.column;
            return NodePtr(node);
        }
        case Token::Kind::Number: {
            take();
            bool ok = false;
            const qint64 value = token.text.toLongLong(&ok, 10);
            if (!ok)
                return fail(unexpected(token));
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Literal;
            node->value = TemplateValue(value);
            node->line = token.line;
            node->column = token.column;
            return NodePtr(node);
        }
        case Token::Kind::Name:
            break;
        }
        take();
        static const QStringList keywords{u"if"_s, u"else"_s, u"and"_s, u"or"_s, u"not"_s, u"in"_s, u"is"_s,
                                          u"lambda"_s, u"for"_s, u"await"_s, u"yield"_s};
        if (keywords.contains(token.text))
            return fail(unexpected(token));
        if (token.text == u"None" || token.text == u"True" || token.text == u"False") {
            auto node = std::make_shared<Node>();
            node->kind = Node::Kind::Literal;
            if (token.text != u"None")
                node->value = TemplateValue(token.text == u"True");
            node->line = token.line;
            node->column = token.column;
            return NodePtr(node);
        }
        if (isOp(u"(")) {
            static const QStringList functions{u"repr"_s, u"str"_s, u"len"_s};
            if (!functions.contains(token.text)) {
                return fail(error(token, u"The expression "_s + quoted() + u" calls "_s + token.text
                                             + u"(), which this program's template renderer does not support; "
                                               u"it knows repr(), str() and len()."_s));
            }
            take();
            bool trailingComma = false;
            auto args = sequence(u")", &trailingComma);
            if (!args)
                return std::unexpected(args.error());
            if (args->size() != 1)
                return fail(error(token, token.text + u"() takes exactly one argument."_s));
            return make(Node::Kind::Call, token, *args, token.text);
        }
        if (isOp(u".") || isOp(u"[")) {
            return fail(error(peek(), u"The expression "_s + quoted() + u" uses '"_s + peek().text
                                          + u"' (attribute or item access), which this program's template "
                                            u"renderer does not support."_s));
        }
        return make(Node::Kind::Name, token, {}, token.text);
    }

    QString m_source;
    QString m_file;
    int m_line;
    int m_column;
    QList<Token> m_tokens;
    qsizetype m_pos = 0;
};

struct Evaluator
{
    const TemplateExpression::Scope &scope;
    const QString &file;

    Error error(const Node &at, const QString &message) const
    {
        return Error(file, at.line, at.column, message);
    }

    Result<TemplateValue> eval(const Node &node) const
    {
        switch (node.kind) {
        case Node::Kind::Literal:
            return node.value;
        case Node::Kind::Name: {
            const auto it = scope.constFind(node.text);
            if (it == scope.cend()) {
                return fail(error(node, u"The template uses "_s + node.text
                                            + u", which was not given a value."_s));
            }
            return *it;
        }
        case Node::Kind::Tuple:
        case Node::Kind::List: {
            QList<TemplateValue> items;
            for (const NodePtr &child : node.children) {
                auto value = eval(*child);
                if (!value)
                    return value;
                items.append(*value);
            }
            return node.kind == Node::Kind::Tuple ? TemplateValue::tuple(items) : TemplateValue::list(items);
        }
        case Node::Kind::Call: {
            auto arg = eval(*node.children.constFirst());
            if (!arg)
                return arg;
            if (node.text == u"repr")
                return TemplateValue(arg->repr());
            if (node.text == u"str")
                return TemplateValue(arg->str());
            if (arg->isString())
                return TemplateValue(qint64(arg->toText().toUcs4().size()));
            if (arg->isSequence())
                return TemplateValue(qint64(arg->items().size()));
            return fail(error(node, u"len() cannot measure a value of type "_s + arg->typeName() + u'.'));
        }
        case Node::Kind::Not: {
            auto value = eval(*node.children.constFirst());
            if (!value)
                return value;
            return TemplateValue(!value->isTruthy());
        }
        case Node::Kind::And:
        case Node::Kind::Or: {
            // Python returns the deciding operand, not a bool.
            TemplateValue value;
            for (const NodePtr &child : node.children) {
                auto v = eval(*child);
                if (!v)
                    return v;
                value = *v;
                if (value.isTruthy() == (node.kind == Node::Kind::Or))
                    break;
            }
            return value;
        }
        case Node::Kind::Compare: {
            auto left = eval(*node.children.at(0));
            if (!left)
                return left;
            auto right = eval(*node.children.at(1));
            if (!right)
                return right;
            if (node.text == u"==" || node.text == u"!=")
                return TemplateValue((*left == *right) == (node.text == u"=="));
            if (node.text == u"is" || node.text == u"is not") {
                // Identity is only meaningful here for None, True and False.
                const bool same = left->kind() == right->kind() && *left == *right
                    && (left->isNone() || left->kind() == TemplateValue::Kind::Bool);
                return TemplateValue(same == (node.text == u"is"));
            }
            bool found = false;
            if (right->isString()) {
                if (!left->isString()) {
                    return fail(error(node, u"'in <string>' requires a string as left operand, not "_s
                                                + left->typeName() + u'.'));
                }
                found = right->toText().contains(left->toText());
            } else if (right->isSequence()) {
                found = right->items().contains(*left);
            } else {
                return fail(error(node, u"Cannot test membership in a value of type "_s + right->typeName() + u'.'));
            }
            return TemplateValue(found == (node.text == u"in"));
        }
        case Node::Kind::Condition: {
            auto condition = eval(*node.children.at(1));
            if (!condition)
                return condition;
            return eval(*node.children.at(condition->isTruthy() ? 0 : 2));
        }
        }
        return TemplateValue();
    }
};

} // namespace

Result<TemplateExpression> TemplateExpression::parse(const QString &source, const QString &file, int line, int column)
{
    Parser parser(source, file, line, column);
    auto root = parser.parseAll();
    if (!root)
        return std::unexpected(root.error());
    TemplateExpression expression;
    expression.m_source = source;
    expression.m_file = file;
    expression.m_root = *root;
    return expression;
}

Result<TemplateValue> TemplateExpression::evaluate(const Scope &scope) const
{
    Evaluator evaluator{scope, m_file};
    return evaluator.eval(*m_root);
}

QString TemplateExpression::nameIfSimple() const
{
    return m_root && m_root->kind == Node::Kind::Name ? m_root->text : QString();
}

} // namespace pm
