#include "python/parser.h"

#include <cctype>
#include <charconv>
#include <limits>
#include <string>

#include <QFile>
#include <QVarLengthArray>

#include "python/objects.h"
#include "python/pythontokenizer.h"
#include "python/scoperesolver.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

using TokenType = PythonToken::Type;

struct SyntaxError
{
    Error error;
};

// How deep the parser's own recursion may go (unary chains, nested
// lambdas and conditionals): beyond, the source is refused rather than the
// stack exhausted. Brackets are limited to 200 by the tokenizer.
constexpr int kMaxNesting = 400;

template<typename T>
using Vec = QVarLengthArray<T *, 8>;

enum class TargetUse : quint8 { Assign, AssignMaybeCompare, For, Delete };

class ParserImpl
{
public:
    ParserImpl(Program &program, const QList<PythonToken> &tokens, bool skipBodies)
        : m_program(program), m_arena(program.arena()), m_tokens(tokens), m_skipBodies(skipBodies)
    {
    }

    ModuleNode *parseModule();
    // The whole token list as one expression list (an f-string field).
    Expr *parseFragment();

    // Context shared with the parser of an f-string's fields.
    bool m_inFunction = false;
    bool m_inClass = false;
    int m_loopDepth = 0;
    FunctionNode *m_function = nullptr;
    int m_fstringDepth = 0;
    int m_comprehensionDepth = 0;

private:
    // ---- tokens
    const PythonToken &cur() const { return m_tokens.at(m_pos); }
    const PythonToken &peek(int n = 1) const
    {
        const qsizetype i = std::min<qsizetype>(m_pos + n, m_tokens.size() - 1);
        return m_tokens.at(i);
    }
    void advance()
    {
        const PythonToken &t = m_tokens.at(m_pos);
        if (t.type != TokenType::Newline && t.type != TokenType::Indent && t.type != TokenType::Dedent
            && t.type != TokenType::EndMarker)
            m_lastEnd = t.offset + t.length;
        if (m_pos + 1 < m_tokens.size())
            ++m_pos;
    }
    bool atOp(QStringView s) const { return cur().isOperator(s); }
    bool atKeyword(QStringView s) const { return cur().isName(s); }
    bool atType(TokenType t) const { return cur().type == t; }
    bool acceptOp(QStringView s)
    {
        if (!atOp(s))
            return false;
        advance();
        return true;
    }
    bool acceptKeyword(QStringView s)
    {
        if (!atKeyword(s))
            return false;
        advance();
        return true;
    }
    void expectOp(QStringView s)
    {
        if (!acceptOp(s))
            error(cur(), u"expected '"_s + s + u"'"_s);
    }
    void expectColon()
    {
        if (!acceptOp(u":"))
            error(cur(), u"expected ':'"_s);
    }
    bool atIdentifier() const { return cur().isName() && !PythonTokenizer::isKeyword(cur().text); }
    // Could the current token start an expression?
    bool atExpressionStart() const;

    // ---- errors
    [[noreturn]] void error(int line, int column, QString message) const
    {
        throw SyntaxError{Error(m_program.fileName(), line, column, std::move(message))};
    }
    [[noreturn]] void error(const PythonToken &t, QString message) const { error(t.line, t.column, std::move(message)); }
    [[noreturn]] void error(const Node *n, QString message) const { error(n->line, n->column, std::move(message)); }
    [[noreturn]] void invalidSyntax() const;

    struct NestingGuard
    {
        ParserImpl &p;
        explicit NestingGuard(ParserImpl &parser) : p(parser)
        {
            if (++p.m_nesting > kMaxNesting)
                p.error(p.cur(), u"too many nested expressions"_s);
        }
        ~NestingGuard() { --p.m_nesting; }
    };

    // ---- nodes
    template<typename T>
    T *make(NodeKind kind, const PythonToken &first)
    {
        T *n = m_arena.make<T>();
        n->kind = kind;
        n->line = first.line;
        n->column = first.column;
        n->begin = first.offset;
        n->end = first.offset + first.length;
        return n;
    }
    // A node that starts with `first`; if `first` was written in
    // parentheses, the node starts at the opening one, as in CPython.
    template<typename T>
    T *makeAt(NodeKind kind, const Node *first)
    {
        T *n = m_arena.make<T>();
        n->kind = kind;
        n->line = first->line;
        n->column = first->column;
        n->begin = first->begin;
        n->end = first->end;
        if (first->flags & Node::Parenthesized) {
            if (const PythonToken *open = m_parenStart.value(first)) {
                n->line = open->line;
                n->column = open->column;
                n->begin = open->offset;
            }
        }
        return n;
    }
    void markParenthesized(Expr *e, const PythonToken &open)
    {
        e->flags |= Node::Parenthesized;
        m_parenStart.insert(e, &open);
    }
    template<typename T>
    T *finish(T *n)
    {
        n->end = m_lastEnd;
        return n;
    }
    template<typename T, qsizetype N>
    NodeList<T> list(const QVarLengthArray<T *, N> &v)
    {
        if (v.isEmpty())
            return {};
        auto **mem = static_cast<T **>(m_arena.allocate(sizeof(T *) * size_t(v.size()), alignof(T *)));
        for (qsizetype i = 0; i < v.size(); ++i)
            mem[i] = v[i];
        return {mem, int(v.size())};
    }
    template<typename T>
    NodeList<T> single(T *n)
    {
        Vec<T> v;
        v.append(n);
        return list(v);
    }
    NameNode *nameNode(const PythonToken &t)
    {
        auto *n = make<NameNode>(NodeKind::Name, t);
        n->id = m_program.intern(t.text);
        return n;
    }
    ConstantNode *constant(const PythonToken &t, Value v)
    {
        auto *n = make<ConstantNode>(NodeKind::Constant, t);
        n->value = m_program.constant(std::move(v));
        return n;
    }
    static bool isParenthesized(const Node *n) { return n->flags & Node::Parenthesized; }

    // ---- statements
    void parseStatement(Vec<Stmt> &out);
    void parseSimpleStatements(Vec<Stmt> &out);
    Stmt *parseSimpleStatement();
    NodeList<Stmt> parseBlock(const QString &what, const PythonToken &header, FunctionNode *function = nullptr);
    Stmt *parseExpressionStatement();
    Stmt *parseIf(bool isElif);
    Stmt *parseWhile();
    Stmt *parseFor();
    Stmt *parseTry();
    Stmt *parseWith();
    Stmt *parseFunctionDef(NodeList<Expr> decorators, const PythonToken &first);
    Stmt *parseClassDef(NodeList<Expr> decorators, const PythonToken &first);
    Stmt *parseDecorated();
    Stmt *parseImport();
    Stmt *parseFromImport();
    Stmt *parseNameList(NodeKind kind);
    Stmt *parseDelete();
    Stmt *parseReturn();
    Stmt *parseRaise();
    Stmt *parseAssert();
    QString parseDottedName(const PythonToken **first);

    // ---- expressions
    Expr *parseStarExpressions();
    Expr *parseStarExpression();
    Expr *parseStarNamedExpression();
    Expr *parseExpression();
    Expr *parseNamedExpression();
    Expr *parseDisjunction();
    Expr *parseConjunction();
    Expr *parseInversion();
    Expr *parseComparison();
    Expr *parseBinary(int level);
    Expr *parseFactor();
    Expr *parsePower();
    Expr *parsePrimary(bool forTarget = false);
    Expr *parseAtom();
    Expr *parseParenthesized();
    Expr *parseListDisplay();
    Expr *parseBraceDisplay();
    Expr *parseStrings();
    Expr *parseNumber();
    Expr *parseLambda();
    Expr *parseYield();
    Expr *parseCall(Expr *func);
    Expr *parseSubscript(Expr *value);
    Expr *parseSlice();
    Expr *parseComprehension(NodeKind kind, const PythonToken &open, Expr *element, Expr *value, QStringView close,
                             bool consumeClose = true);
    std::vector<Comprehension> *parseComprehensionClauses();
    Expr *parseTargetList(); // for-loop and comprehension targets: no `in` comparisons
    Expr *parseTargetElement();
    std::vector<Parameter> *parseParameters(bool isLambda, QStringView close);
    void parseCallArguments(Vec<Expr> &args, std::vector<Keyword> *&keywords, bool &hasStar, QStringView close,
                            const PythonToken &open, bool allowGenerator, Expr **generator);

    // ---- f-strings
    void parseFString(const PythonToken &token, Vec<Expr> &pieces, QString &literal, int &literalBegin);
    void parseFStringBody(const PythonToken &token, int begin, int end, int depth, Vec<Expr> &pieces,
                          QString &literal, int &literalBegin);
    void flushLiteral(const PythonToken &token, Vec<Expr> &pieces, QString &literal, int &literalBegin, int end);
    std::pair<int, int> positionOf(const PythonToken &token, int offset) const;

    // ---- targets
    void checkTarget(Expr *e, TargetUse use, int depth = 0);
    void checkAugTarget(Expr *e);
    static QString describeForTarget(const Expr *e);

    Program &m_program;
    Arena &m_arena;
    const QList<PythonToken> &m_tokens;
    qsizetype m_pos = 0;
    int m_lastEnd = 0;
    int m_nesting = 0;
    bool m_skipBodies = false;
    QHash<const Node *, const PythonToken *> m_parenStart;
};

bool ParserImpl::atExpressionStart() const
{
    const PythonToken &t = cur();
    switch (t.type) {
    case TokenType::Name:
        if (!PythonTokenizer::isKeyword(t.text))
            return true;
        return t.text == u"None" || t.text == u"True" || t.text == u"False" || t.text == u"not"
            || t.text == u"lambda" || t.text == u"await";
    case TokenType::Number:
    case TokenType::String:
        return true;
    case TokenType::Operator:
        return t.text == u"(" || t.text == u"[" || t.text == u"{" || t.text == u"-" || t.text == u"+"
            || t.text == u"~" || t.text == u"...";
    default:
        return false;
    }
}

void ParserImpl::invalidSyntax() const
{
    const PythonToken &t = cur();
    // CPython reports an unexpected indent at the last character of the indentation.
    if (t.type == TokenType::Indent)
        error(t.line, peek().column - 1, u"unexpected indent"_s);
    if (t.type == TokenType::Dedent)
        error(t, u"unindent does not match any outer indentation level"_s);
    if (t.isName(u"async") || t.isName(u"await"))
        error(t, u"'"_s + t.text + u"' is not supported: petmigrate's Python has no coroutines"_s);
    error(t, m_fstringDepth > 0 ? u"f-string: invalid syntax"_s : u"invalid syntax"_s);
}

// ---------------------------------------------------------------- statements

ModuleNode *ParserImpl::parseModule()
{
    auto *module = make<ModuleNode>(NodeKind::Module, cur());
    module->line = 1;
    module->column = 1;
    module->begin = 0;
    Vec<Stmt> body;
    while (!atType(TokenType::EndMarker))
        parseStatement(body);
    module->body = list(body);
    module->end = int(m_program.source().size());
    return module;
}

Expr *ParserImpl::parseFragment()
{
    const PythonToken &first = cur();
    if (atType(TokenType::EndMarker))
        error(first, u"f-string: empty expression not allowed"_s);
    Expr *e = atKeyword(u"yield") ? parseYield() : parseStarExpressions();
    if (e->kind == NodeKind::Starred)
        error(e, u"f-string: cannot use starred expression here"_s);
    if (!atType(TokenType::EndMarker))
        invalidSyntax();
    return e;
}

void ParserImpl::parseStatement(Vec<Stmt> &out)
{
    const PythonToken &t = cur();
    if (t.type == TokenType::Indent)
        error(t.line, peek().column - 1, u"unexpected indent"_s);
    if (t.type == TokenType::Name) {
        const QStringView k = t.text;
        if (k == u"if") {
            out.append(parseIf(false));
            return;
        }
        if (k == u"while") {
            out.append(parseWhile());
            return;
        }
        if (k == u"for") {
            out.append(parseFor());
            return;
        }
        if (k == u"try") {
            out.append(parseTry());
            return;
        }
        if (k == u"with") {
            out.append(parseWith());
            return;
        }
        if (k == u"def") {
            out.append(parseFunctionDef({}, t));
            return;
        }
        if (k == u"class") {
            out.append(parseClassDef({}, t));
            return;
        }
        if (k == u"async")
            error(t, u"'async' is not supported: petmigrate's Python has no coroutines"_s);
    } else if (t.isOperator(u"@")) {
        out.append(parseDecorated());
        return;
    }
    parseSimpleStatements(out);
}

void ParserImpl::parseSimpleStatements(Vec<Stmt> &out)
{
    while (true) {
        out.append(parseSimpleStatement());
        if (!acceptOp(u";"))
            break;
        if (atType(TokenType::Newline))
            break;
    }
    if (!atType(TokenType::Newline)) {
        // CPython's hint when two expressions meet without an operator.
        invalidSyntax();
    }
    advance();
}

Stmt *ParserImpl::parseSimpleStatement()
{
    const PythonToken &t = cur();
    if (t.type == TokenType::Name) {
        const QStringView k = t.text;
        if (k == u"pass" || k == u"break" || k == u"continue") {
            const NodeKind kind = k == u"pass" ? NodeKind::Pass : k == u"break" ? NodeKind::Break : NodeKind::Continue;
            if (kind == NodeKind::Break && m_loopDepth == 0)
                error(t, u"'break' outside loop"_s);
            if (kind == NodeKind::Continue && m_loopDepth == 0)
                error(t, u"'continue' not properly in loop"_s);
            auto *n = make<Node>(kind, t);
            advance();
            return n;
        }
        if (k == u"return")
            return parseReturn();
        if (k == u"import")
            return parseImport();
        if (k == u"from")
            return parseFromImport();
        if (k == u"raise")
            return parseRaise();
        if (k == u"global")
            return parseNameList(NodeKind::Global);
        if (k == u"nonlocal")
            return parseNameList(NodeKind::Nonlocal);
        if (k == u"del")
            return parseDelete();
        if (k == u"assert")
            return parseAssert();
    }
    return parseExpressionStatement();
}

NodeList<Stmt> ParserImpl::parseBlock(const QString &what, const PythonToken &header, FunctionNode *function)
{
    expectColon();
    Vec<Stmt> body;
    if (atType(TokenType::Newline)) {
        advance();
        if (!atType(TokenType::Indent))
            error(cur(), u"expected an indented block after "_s + what + u" on line "_s + QString::number(header.line));
        advance();
        if (atType(TokenType::Dedent)) {
            // Only a skipped function body is an INDENT with nothing in it.
            if (function)
                function->bodySkipped = true;
            advance();
            return {};
        }
        while (!atType(TokenType::Dedent) && !atType(TokenType::EndMarker))
            parseStatement(body);
        advance();
    } else {
        parseSimpleStatements(body);
    }
    return list(body);
}

Stmt *ParserImpl::parseExpressionStatement()
{
    const PythonToken &first = cur();
    Expr *e = atKeyword(u"yield") ? parseYield() : parseStarExpressions();
    if (atOp(u":")) {
        // Annotated assignment: the annotation is kept, never evaluated.
        if (e->kind == NodeKind::Tuple && !isParenthesized(e))
            error(e, u"only single target (not tuple) can be annotated"_s);
        if (e->kind != NodeKind::Name && e->kind != NodeKind::Attribute && e->kind != NodeKind::Subscript)
            error(e, u"illegal target for annotation"_s);
        advance();
        auto *n = make<AnnAssignNode>(NodeKind::AnnAssign, first);
        n->target = e;
        n->simple = e->kind == NodeKind::Name && !isParenthesized(e);
        n->annotation = parseExpression();
        if (acceptOp(u"="))
            n->value = atKeyword(u"yield") ? parseYield() : parseStarExpressions();
        return finish(n);
    }
    if (atOp(u"=")) {
        Vec<Expr> targets;
        targets.append(e);
        Expr *value = nullptr;
        while (acceptOp(u"=")) {
            Expr *next = atKeyword(u"yield") ? parseYield() : parseStarExpressions();
            if (atOp(u"="))
                targets.append(next);
            else
                value = next;
        }
        for (Expr *target : targets)
            checkTarget(target, targets.size() == 1 ? TargetUse::AssignMaybeCompare : TargetUse::Assign);
        auto *n = make<AssignNode>(NodeKind::Assign, first);
        n->targets = list(targets);
        n->value = value;
        return finish(n);
    }
    if (cur().type == TokenType::Operator && cur().text.size() >= 2 && cur().text.endsWith(u'=')
        && cur().text != u"==" && cur().text != u"!=" && cur().text != u"<=" && cur().text != u">="
        && cur().text != u":=") {
        static const std::pair<QStringView, BinaryOperator> ops[] = {
            {u"+=", BinaryOperator::Add},      {u"-=", BinaryOperator::Sub},       {u"*=", BinaryOperator::Mult},
            {u"@=", BinaryOperator::MatMult},  {u"/=", BinaryOperator::Div},       {u"//=", BinaryOperator::FloorDiv},
            {u"%=", BinaryOperator::Mod},      {u"**=", BinaryOperator::Pow},      {u"<<=", BinaryOperator::LShift},
            {u">>=", BinaryOperator::RShift},  {u"|=", BinaryOperator::BitOr},     {u"^=", BinaryOperator::BitXor},
            {u"&=", BinaryOperator::BitAnd},
        };
        for (const auto &[text, op] : ops) {
            if (cur().text != text)
                continue;
            checkAugTarget(e);
            advance();
            auto *n = make<AugAssignNode>(NodeKind::AugAssign, first);
            n->target = e;
            n->op = op;
            n->value = atKeyword(u"yield") ? parseYield() : parseStarExpressions();
            return finish(n);
        }
    }
    if (e->kind == NodeKind::Starred)
        error(e, u"can't use starred expression here"_s);
    if (atExpressionStart() && !atType(TokenType::Newline)) {
        if (first.isName(u"print") && e->kind == NodeKind::Name)
            error(first, u"Missing parentheses in call to 'print'. Did you mean print(...)?"_s);
        invalidSyntax();
    }
    auto *n = make<ExprStmtNode>(NodeKind::Expr, first);
    n->value = e;
    return finish(n);
}

Stmt *ParserImpl::parseIf(bool isElif)
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<IfNode>(NodeKind::If, first);
    n->test = parseNamedExpression();
    n->body = parseBlock(isElif ? u"'elif' statement"_s : u"'if' statement"_s, first);
    if (atKeyword(u"elif")) {
        n->orelse = single<Stmt>(parseIf(true));
    } else if (atKeyword(u"else")) {
        const PythonToken &elseToken = cur();
        advance();
        n->orelse = parseBlock(u"'else' statement"_s, elseToken);
    }
    return finish(n);
}

Stmt *ParserImpl::parseWhile()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<WhileNode>(NodeKind::While, first);
    n->test = parseNamedExpression();
    ++m_loopDepth;
    n->body = parseBlock(u"'while' statement"_s, first);
    --m_loopDepth;
    if (atKeyword(u"else")) {
        const PythonToken &elseToken = cur();
        advance();
        n->orelse = parseBlock(u"'else' statement"_s, elseToken);
    }
    return finish(n);
}

Stmt *ParserImpl::parseFor()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<ForNode>(NodeKind::For, first);
    n->target = parseTargetList();
    checkTarget(n->target, TargetUse::For);
    if (!acceptKeyword(u"in"))
        invalidSyntax();
    n->iter = parseStarExpressions();
    ++m_loopDepth;
    n->body = parseBlock(u"'for' statement"_s, first);
    --m_loopDepth;
    if (atKeyword(u"else")) {
        const PythonToken &elseToken = cur();
        advance();
        n->orelse = parseBlock(u"'else' statement"_s, elseToken);
    }
    return finish(n);
}

Stmt *ParserImpl::parseTry()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<TryNode>(NodeKind::Try, first);
    n->body = parseBlock(u"'try' statement"_s, first);
    n->handlers = m_arena.makeOwned<std::vector<ExceptHandler>>();
    bool sawBare = false;
    while (atKeyword(u"except")) {
        const PythonToken &exceptToken = cur();
        if (sawBare)
            error(n->handlers->back().line, n->handlers->back().column, u"default 'except:' must be last"_s);
        advance();
        if (atOp(u"*"))
            error(cur(), u"'except*' is not supported: petmigrate's Python has no exception groups"_s);
        ExceptHandler h;
        h.line = exceptToken.line;
        h.column = exceptToken.column;
        if (!atOp(u":")) {
            h.type = parseExpression();
            if (atOp(u",")) {
                error(h.type, u"multiple exception types must be parenthesized"_s);
            }
            if (acceptKeyword(u"as")) {
                if (!atIdentifier())
                    invalidSyntax();
                h.name = nameNode(cur());
                advance();
            }
        } else {
            sawBare = true;
        }
        h.body = parseBlock(u"'except' statement"_s, exceptToken);
        n->handlers->push_back(h);
    }
    if (atKeyword(u"else")) {
        if (n->handlers->empty())
            error(cur(), u"expected 'except' or 'finally' block"_s);
        const PythonToken &elseToken = cur();
        advance();
        n->orelse = parseBlock(u"'else' statement"_s, elseToken);
    }
    if (atKeyword(u"finally")) {
        const PythonToken &finallyToken = cur();
        advance();
        n->finalbody = parseBlock(u"'finally' statement"_s, finallyToken);
    }
    if (n->handlers->empty() && n->finalbody.isEmpty())
        error(cur(), u"expected 'except' or 'finally' block"_s);
    return finish(n);
}

Stmt *ParserImpl::parseWith()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<WithNode>(NodeKind::With, first);
    n->items = m_arena.makeOwned<std::vector<WithItem>>();
    // `with (a as b, c as d):` — parentheses around the items themselves.
    bool parenthesized = false;
    if (atOp(u"(")) {
        int depth = 0;
        bool sawAs = false;
        qsizetype i = m_pos;
        for (; i < m_tokens.size(); ++i) {
            const PythonToken &t = m_tokens.at(i);
            if (t.isOperator(u"(") || t.isOperator(u"[") || t.isOperator(u"{"))
                ++depth;
            else if (t.isOperator(u")") || t.isOperator(u"]") || t.isOperator(u"}")) {
                if (--depth == 0)
                    break;
            } else if (depth == 1 && t.isName(u"as"))
                sawAs = true;
        }
        // Python 3.10's form: the group is the items when `:` follows it.
        Q_UNUSED(sawAs);
        parenthesized = i + 1 < m_tokens.size() && m_tokens.at(i + 1).isOperator(u":");
    }
    if (parenthesized)
        advance();
    while (true) {
        WithItem item;
        item.context = parseExpression();
        if (acceptKeyword(u"as")) {
            item.target = parseTargetElement();
            checkTarget(item.target, TargetUse::For);
        }
        n->items->push_back(item);
        if (!acceptOp(u","))
            break;
        if (parenthesized && atOp(u")"))
            break;
    }
    if (parenthesized)
        expectOp(u")");
    n->body = parseBlock(u"'with' statement"_s, first);
    return finish(n);
}

Stmt *ParserImpl::parseDecorated()
{
    const PythonToken &first = cur();
    Vec<Expr> decorators;
    while (acceptOp(u"@")) {
        decorators.append(parseNamedExpression());
        if (!atType(TokenType::Newline))
            invalidSyntax();
        advance();
    }
    if (atKeyword(u"def"))
        return parseFunctionDef(list(decorators), first);
    if (atKeyword(u"class"))
        return parseClassDef(list(decorators), first);
    if (atKeyword(u"async"))
        error(cur(), u"'async' is not supported: petmigrate's Python has no coroutines"_s);
    invalidSyntax();
}

std::vector<Parameter> *ParserImpl::parseParameters(bool isLambda, QStringView close)
{
    auto *params = m_arena.makeOwned<std::vector<Parameter>>();
    bool sawStar = false;       // *, *args
    bool sawKwargs = false;
    bool sawDefault = false;
    bool bareStar = false;
    const PythonToken *bareStarToken = nullptr;
    auto addName = [&](ParameterKind kind) -> Parameter & {
        if (!atIdentifier())
            invalidSyntax();
        const PythonToken &t = cur();
        const Value *name = m_program.intern(t.text);
        for (const Parameter &p : *params)
            if (p.name == name)
                error(t, u"duplicate argument '"_s + t.text + u"' in function definition"_s);
        advance();
        Parameter p;
        p.name = name;
        p.kind = kind;
        p.line = t.line;
        p.column = t.column;
        if (!isLambda && acceptOp(u":"))
            p.annotation = parseExpression();
        params->push_back(p);
        return params->back();
    };
    while (!atOp(close)) {
        if (sawKwargs)
            error(cur(), u"arguments cannot follow var-keyword argument"_s);
        if (atOp(u"/")) {
            if (sawStar)
                error(cur(), u"/ must be ahead of *"_s);
            bool any = false;
            for (Parameter &p : *params) {
                if (p.kind == ParameterKind::PositionalOnly)
                    error(cur(), u"/ may appear only once"_s);
                p.kind = ParameterKind::PositionalOnly;
                any = true;
            }
            if (!any)
                error(cur(), u"at least one argument must precede /"_s);
            advance();
        } else if (atOp(u"**")) {
            advance();
            addName(ParameterKind::VarKeyword);
            sawKwargs = true;
            if (atOp(u"="))
                error(cur(), u"var-keyword argument cannot have default value"_s);
        } else if (atOp(u"*")) {
            if (sawStar)
                error(cur(), u"* argument may appear only once"_s);
            sawStar = true;
            bareStarToken = &cur();
            advance();
            if (atOp(u",") || atOp(close)) {
                bareStar = true;
            } else {
                addName(ParameterKind::VarPositional);
                if (atOp(u"="))
                    error(cur(), u"var-positional argument cannot have default value"_s);
            }
        } else {
            Parameter &p = addName(sawStar ? ParameterKind::KeywordOnly : ParameterKind::PositionalOrKeyword);
            if (acceptOp(u"=")) {
                p.defaultValue = parseExpression();
                if (!sawStar)
                    sawDefault = true;
            } else if (sawDefault && !sawStar) {
                error(p.line, p.column, u"non-default argument follows default argument"_s);
            }
            if (bareStar)
                bareStar = false;
        }
        if (!acceptOp(u","))
            break;
    }
    if (bareStar)
        error(*bareStarToken, u"named arguments must follow bare *"_s);
    if (!atOp(close))
        invalidSyntax();
    return params;
}

Stmt *ParserImpl::parseFunctionDef(NodeList<Expr> decorators, const PythonToken &first)
{
    const PythonToken &defToken = cur();
    advance();
    if (!atIdentifier())
        invalidSyntax();
    // Located at `def`, decorators or not, as in CPython.
    auto *n = make<FunctionNode>(NodeKind::FunctionDef, defToken);
    Q_UNUSED(first);
    n->name = m_program.intern(cur().text);
    n->target = nameNode(cur());
    n->decorators = decorators;
    advance();
    if (!atOp(u"("))
        error(cur(), u"expected '('"_s);
    advance();
    n->parameters = parseParameters(false, u")");
    advance();
    if (acceptOp(u"->"))
        n->returns = parseExpression();
    const bool wasInFunction = m_inFunction;
    const bool wasInClass = m_inClass;
    const int loops = m_loopDepth;
    FunctionNode *outer = m_function;
    m_inFunction = true;
    m_inClass = false;
    m_loopDepth = 0;
    m_function = n;
    n->body = parseBlock(u"function definition"_s, defToken, n);
    m_inFunction = wasInFunction;
    m_inClass = wasInClass;
    m_loopDepth = loops;
    m_function = outer;
    return finish(n);
}

Stmt *ParserImpl::parseClassDef(NodeList<Expr> decorators, const PythonToken &first)
{
    const PythonToken &classToken = cur();
    advance();
    if (!atIdentifier())
        invalidSyntax();
    auto *n = make<ClassNode>(NodeKind::ClassDef, classToken);
    Q_UNUSED(first);
    n->name = m_program.intern(cur().text);
    n->target = nameNode(cur());
    n->decorators = decorators;
    advance();
    n->keywords = m_arena.makeOwned<std::vector<Keyword>>();
    if (atOp(u"(")) {
        const PythonToken &open = cur();
        advance();
        Vec<Expr> bases;
        bool hasStar = false;
        parseCallArguments(bases, n->keywords, hasStar, u")", open, false, nullptr);
        n->bases = list(bases);
    }
    const bool wasInFunction = m_inFunction;
    const bool wasInClass = m_inClass;
    const int loops = m_loopDepth;
    FunctionNode *outer = m_function;
    m_inFunction = false;
    m_inClass = true;
    m_loopDepth = 0;
    m_function = nullptr;
    n->body = parseBlock(u"class definition"_s, classToken);
    m_inFunction = wasInFunction;
    m_inClass = wasInClass;
    m_loopDepth = loops;
    m_function = outer;
    return finish(n);
}

QString ParserImpl::parseDottedName(const PythonToken **first)
{
    if (!atIdentifier())
        invalidSyntax();
    if (first)
        *first = &cur();
    QString name = cur().text.toString();
    advance();
    while (atOp(u".")) {
        advance();
        if (!atIdentifier())
            invalidSyntax();
        name += u'.';
        name += cur().text;
        advance();
    }
    return name;
}

Stmt *ParserImpl::parseImport()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<ImportNode>(NodeKind::Import, first);
    n->names = m_arena.makeOwned<std::vector<ImportName>>();
    do {
        const PythonToken *nameToken = nullptr;
        const QString dotted = parseDottedName(&nameToken);
        ImportName in;
        in.name = m_program.intern(dotted);
        in.line = nameToken->line;
        in.column = nameToken->column;
        if (acceptKeyword(u"as")) {
            if (!atIdentifier())
                invalidSyntax();
            in.asName = nameNode(cur());
            advance();
        } else {
            in.asName = nameNode(*nameToken);
        }
        n->names->push_back(in);
    } while (acceptOp(u","));
    return finish(n);
}

Stmt *ParserImpl::parseFromImport()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<ImportNode>(NodeKind::ImportFrom, first);
    n->names = m_arena.makeOwned<std::vector<ImportName>>();
    while (atOp(u".") || atOp(u"...")) {
        n->level += int(cur().text.size());
        advance();
    }
    QString module;
    if (!atKeyword(u"import"))
        module = parseDottedName(nullptr);
    else if (n->level == 0)
        invalidSyntax();
    n->module = m_program.intern(module);
    if (!acceptKeyword(u"import"))
        invalidSyntax();
    if (atOp(u"*")) {
        if (m_inFunction || m_inClass)
            error(cur(), u"import * only allowed at module level"_s);
        ImportName in;
        in.name = m_program.intern(u"*");
        in.line = cur().line;
        in.column = cur().column;
        advance();
        n->names->push_back(in);
        return finish(n);
    }
    const bool parenthesized = acceptOp(u"(");
    do {
        if (parenthesized && atOp(u")"))
            break;
        if (!atIdentifier())
            invalidSyntax();
        const PythonToken &nameToken = cur();
        ImportName in;
        in.name = m_program.intern(nameToken.text);
        in.line = nameToken.line;
        in.column = nameToken.column;
        advance();
        if (acceptKeyword(u"as")) {
            if (!atIdentifier())
                invalidSyntax();
            in.asName = nameNode(cur());
            advance();
        } else {
            in.asName = nameNode(nameToken);
        }
        n->names->push_back(in);
    } while (acceptOp(u","));
    if (parenthesized)
        expectOp(u")");
    else if (atOp(u","))
        error(cur(), u"trailing comma not allowed without surrounding parentheses"_s);
    return finish(n);
}

Stmt *ParserImpl::parseNameList(NodeKind kind)
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<NameListNode>(kind, first);
    n->names = m_arena.makeOwned<std::vector<const Value *>>();
    do {
        if (!atIdentifier())
            invalidSyntax();
        n->names->push_back(m_program.intern(cur().text));
        advance();
    } while (acceptOp(u","));
    finish(n);
    if (kind == NodeKind::Nonlocal && !m_inFunction && !m_inClass)
        error(first, u"nonlocal declaration not allowed at module level"_s);
    return n;
}

Stmt *ParserImpl::parseDelete()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<DeleteNode>(NodeKind::Delete, first);
    Vec<Expr> targets;
    do {
        if (atType(TokenType::Newline) || atOp(u";"))
            break;
        Expr *t = parseTargetElement();
        checkTarget(t, TargetUse::Delete);
        targets.append(t);
    } while (acceptOp(u","));
    if (targets.isEmpty())
        invalidSyntax();
    n->targets = list(targets);
    return finish(n);
}

Stmt *ParserImpl::parseReturn()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<ReturnNode>(NodeKind::Return, first);
    if (!atType(TokenType::Newline) && !atOp(u";"))
        n->value = parseStarExpressions();
    finish(n);
    if (!m_inFunction)
        error(first, u"'return' outside function"_s);
    return n;
}

Stmt *ParserImpl::parseRaise()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<RaiseNode>(NodeKind::Raise, first);
    if (!atType(TokenType::Newline) && !atOp(u";")) {
        n->exception = parseExpression();
        if (acceptKeyword(u"from"))
            n->cause = parseExpression();
    }
    return finish(n);
}

Stmt *ParserImpl::parseAssert()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<AssertNode>(NodeKind::Assert, first);
    n->test = parseExpression();
    if (acceptOp(u","))
        n->message = parseExpression();
    return finish(n);
}

// ---------------------------------------------------------------- targets

QString ParserImpl::describeForTarget(const Expr *e)
{
    switch (e->kind) {
    case NodeKind::Call: return u"function call"_s;
    case NodeKind::Constant:
    case NodeKind::BadConstant: {
        if (e->kind == NodeKind::Constant) {
            const Value &v = *static_cast<const ConstantNode *>(e)->value;
            if (v.isNone())
                return u"None"_s;
            if (v.isBool())
                return v.asBool() ? u"True"_s : u"False"_s;
            if (v.is(Kind::Ellipsis))
                return u"ellipsis"_s;
        }
        return u"literal"_s;
    }
    case NodeKind::JoinedStr: return u"f-string expression"_s;
    case NodeKind::BinOp:
    case NodeKind::UnaryOp:
    case NodeKind::BoolOp: return u"expression"_s;
    case NodeKind::Compare: return u"comparison"_s;
    case NodeKind::IfExp: return u"conditional expression"_s;
    case NodeKind::Lambda: return u"lambda"_s;
    case NodeKind::ListComp: return u"list comprehension"_s;
    case NodeKind::SetComp: return u"set comprehension"_s;
    case NodeKind::DictComp: return u"dict comprehension"_s;
    case NodeKind::GeneratorExp: return u"generator expression"_s;
    case NodeKind::Dict: return u"dict literal"_s;
    case NodeKind::Set: return u"set display"_s;
    case NodeKind::NamedExpr: return u"named expression"_s;
    case NodeKind::Yield: return u"yield expression"_s;
    default: return u"expression"_s;
    }
}

void ParserImpl::checkTarget(Expr *e, TargetUse use, int depth)
{
    switch (e->kind) {
    case NodeKind::Name:
    case NodeKind::Attribute:
    case NodeKind::Subscript:
        return;
    case NodeKind::Tuple:
    case NodeKind::List: {
        auto *seq = static_cast<SequenceNode *>(e);
        bool starred = false;
        for (Expr *el : seq->elements) {
            if (el->kind == NodeKind::Starred) {
                if (use == TargetUse::Delete)
                    error(el, u"cannot delete starred"_s);
                if (starred)
                    error(e, u"multiple starred expressions in assignment"_s);
                starred = true;
                checkTarget(static_cast<StarredNode *>(el)->value, use, depth + 1);
            } else {
                checkTarget(el, use, depth + 1);
            }
        }
        return;
    }
    case NodeKind::Starred:
        if (use == TargetUse::Delete)
            error(e, u"cannot delete starred"_s);
        error(e, u"starred assignment target must be in a list or tuple"_s);
    default:
        break;
    }
    const QString what = describeForTarget(e);
    if (use == TargetUse::Delete)
        error(e, u"cannot delete "_s + what);
    const bool hint = use == TargetUse::AssignMaybeCompare && depth == 0 && e->kind != NodeKind::IfExp
        && e->kind != NodeKind::Lambda && e->kind != NodeKind::Yield
        && !(e->kind == NodeKind::Constant && what != u"literal");
    error(e, u"cannot assign to "_s + what + (hint ? u" here. Maybe you meant '==' instead of '='?"_s : QString()));
}

void ParserImpl::checkAugTarget(Expr *e)
{
    if (e->kind == NodeKind::Name || e->kind == NodeKind::Attribute || e->kind == NodeKind::Subscript)
        return;
    QString what;
    switch (e->kind) {
    case NodeKind::Tuple: what = u"tuple"_s; break;
    case NodeKind::List: what = u"list"_s; break;
    case NodeKind::Starred: what = u"starred"_s; break;
    default: what = describeForTarget(e); break;
    }
    error(e, u"'"_s + what + u"' is an illegal expression for augmented assignment"_s);
}

Expr *ParserImpl::parseTargetElement()
{
    NestingGuard guard(*this);
    const PythonToken &first = cur();
    if (atOp(u"*")) {
        advance();
        auto *n = make<StarredNode>(NodeKind::Starred, first);
        n->value = parseTargetElement();
        return finish(n);
    }
    if (atOp(u"(") || atOp(u"[")) {
        // A nested target list, unless it is the start of a primary: (a).b, [x][0].
        const qsizetype save = m_pos;
        const int saveEnd = m_lastEnd;
        const bool paren = atOp(u"(");
        advance();
        Vec<Expr> elements;
        bool comma = false;
        bool ok = true;
        while (!atOp(paren ? u")" : u"]")) {
            if (atType(TokenType::EndMarker) || atType(TokenType::Newline)) {
                ok = false;
                break;
            }
            elements.append(parseTargetElement());
            if (!acceptOp(u","))
                break;
            comma = true;
        }
        if (ok && atOp(paren ? u")" : u"]")) {
            advance();
            const PythonToken &after = cur();
            const bool trailer = after.isOperator(u".") || after.isOperator(u"[") || after.isOperator(u"(");
            if (!trailer) {
                if (paren && !comma && elements.size() == 1) {
                    Expr *inner = elements[0];
                    markParenthesized(inner, first);
                    return inner;
                }
                auto *seq = make<SequenceNode>(paren ? NodeKind::Tuple : NodeKind::List, first);
                seq->elements = list(elements);
                if (paren)
                    seq->flags |= Node::Parenthesized;
                return finish(seq);
            }
        }
        m_pos = save;
        m_lastEnd = saveEnd;
    }
    return parsePrimary(true);
}

Expr *ParserImpl::parseTargetList()
{
    const PythonToken &first = cur();
    Expr *e = parseTargetElement();
    if (!atOp(u","))
        return e;
    Vec<Expr> elements;
    elements.append(e);
    while (acceptOp(u",")) {
        if (atKeyword(u"in") || atOp(u"=") || atOp(u":"))
            break;
        elements.append(parseTargetElement());
    }
    auto *seq = make<SequenceNode>(NodeKind::Tuple, first);
    seq->elements = list(elements);
    return finish(seq);
}

// ---------------------------------------------------------------- expressions

Expr *ParserImpl::parseStarExpressions()
{
    const PythonToken &first = cur();
    Expr *e = parseStarExpression();
    if (!atOp(u","))
        return e;
    Vec<Expr> elements;
    elements.append(e);
    while (acceptOp(u",")) {
        if (!atExpressionStart() && !atOp(u"*"))
            break;
        elements.append(parseStarExpression());
    }
    auto *seq = make<SequenceNode>(NodeKind::Tuple, first);
    seq->elements = list(elements);
    return finish(seq);
}

Expr *ParserImpl::parseStarExpression()
{
    if (atOp(u"*")) {
        const PythonToken &first = cur();
        advance();
        auto *n = make<StarredNode>(NodeKind::Starred, first);
        n->value = parseBinary(0);
        return finish(n);
    }
    return parseExpression();
}

Expr *ParserImpl::parseStarNamedExpression()
{
    if (atOp(u"*")) {
        const PythonToken &first = cur();
        advance();
        auto *n = make<StarredNode>(NodeKind::Starred, first);
        n->value = parseBinary(0);
        return finish(n);
    }
    return parseNamedExpression();
}

Expr *ParserImpl::parseNamedExpression()
{
    if (atIdentifier() && peek().isOperator(u":=")) {
        const PythonToken &first = cur();
        auto *n = make<NamedExprNode>(NodeKind::NamedExpr, first);
        n->target = nameNode(first);
        advance();
        advance();
        n->value = parseExpression();
        return finish(n);
    }
    Expr *e = parseExpression();
    if (atOp(u":="))
        error(e, u"cannot use assignment expressions with "_s + describeForTarget(e));
    return e;
}

Expr *ParserImpl::parseExpression()
{
    NestingGuard guard(*this);
    if (atKeyword(u"lambda"))
        return parseLambda();
    Expr *e = parseDisjunction();
    if (atKeyword(u"if")) {
        advance();
        auto *n = makeAt<IfExpNode>(NodeKind::IfExp, e);
        n->body = e;
        n->test = parseDisjunction();
        if (!acceptKeyword(u"else"))
            error(cur(), u"expected 'else' after 'if' expression"_s);
        n->orelse = parseExpression();
        return finish(n);
    }
    return e;
}

Expr *ParserImpl::parseDisjunction()
{
    Expr *e = parseConjunction();
    if (!atKeyword(u"or"))
        return e;
    Vec<Expr> values;
    values.append(e);
    while (acceptKeyword(u"or"))
        values.append(parseConjunction());
    auto *n = makeAt<BoolOpNode>(NodeKind::BoolOp, e);
    n->isAnd = false;
    n->values = list(values);
    return finish(n);
}

Expr *ParserImpl::parseConjunction()
{
    Expr *e = parseInversion();
    if (!atKeyword(u"and"))
        return e;
    Vec<Expr> values;
    values.append(e);
    while (acceptKeyword(u"and"))
        values.append(parseInversion());
    auto *n = makeAt<BoolOpNode>(NodeKind::BoolOp, e);
    n->isAnd = true;
    n->values = list(values);
    return finish(n);
}

Expr *ParserImpl::parseInversion()
{
    if (atKeyword(u"not")) {
        NestingGuard guard(*this);
        const PythonToken &first = cur();
        advance();
        auto *n = make<UnaryOpNode>(NodeKind::UnaryOp, first);
        n->op = UnaryOperator::Not;
        n->operand = parseInversion();
        return finish(n);
    }
    return parseComparison();
}

Expr *ParserImpl::parseComparison()
{
    Expr *left = parseBinary(0);
    CompareNode *n = nullptr;
    Vec<Expr> comparators;
    while (true) {
        const PythonToken &t = cur();
        CompareOperator op;
        int width = 1;
        if (t.type == TokenType::Operator) {
            const QStringView s = t.text;
            if (s == u"==") op = CompareOperator::Eq;
            else if (s == u"!=") op = CompareOperator::NotEq;
            else if (s == u"<") op = CompareOperator::Lt;
            else if (s == u"<=") op = CompareOperator::LtE;
            else if (s == u">") op = CompareOperator::Gt;
            else if (s == u">=") op = CompareOperator::GtE;
            else break;
        } else if (t.isName(u"in")) {
            op = CompareOperator::In;
        } else if (t.isName(u"not") && peek().isName(u"in")) {
            op = CompareOperator::NotIn;
            width = 2;
        } else if (t.isName(u"is")) {
            if (peek().isName(u"not")) {
                op = CompareOperator::IsNot;
                width = 2;
            } else {
                op = CompareOperator::Is;
            }
        } else {
            break;
        }
        for (int i = 0; i < width; ++i)
            advance();
        if (!n) {
            n = makeAt<CompareNode>(NodeKind::Compare, left);
            n->left = left;
            n->ops = m_arena.makeOwned<std::vector<CompareOperator>>();
        }
        n->ops->push_back(op);
        comparators.append(parseBinary(0));
    }
    if (!n)
        return left;
    n->comparators = list(comparators);
    return finish(n);
}

// Precedence levels of the binary operators, loosest first.
Expr *ParserImpl::parseBinary(int level)
{
    if (level == 6)
        return parseFactor();
    Expr *left = parseBinary(level + 1);
    while (true) {
        const PythonToken &t = cur();
        if (t.type != TokenType::Operator)
            return left;
        const QStringView s = t.text;
        BinaryOperator op;
        switch (level) {
        case 0:
            if (s != u"|") return left;
            op = BinaryOperator::BitOr;
            break;
        case 1:
            if (s != u"^") return left;
            op = BinaryOperator::BitXor;
            break;
        case 2:
            if (s != u"&") return left;
            op = BinaryOperator::BitAnd;
            break;
        case 3:
            if (s == u"<<") op = BinaryOperator::LShift;
            else if (s == u">>") op = BinaryOperator::RShift;
            else return left;
            break;
        case 4:
            if (s == u"+") op = BinaryOperator::Add;
            else if (s == u"-") op = BinaryOperator::Sub;
            else return left;
            break;
        default:
            if (s == u"*") op = BinaryOperator::Mult;
            else if (s == u"/") op = BinaryOperator::Div;
            else if (s == u"//") op = BinaryOperator::FloorDiv;
            else if (s == u"%") op = BinaryOperator::Mod;
            else if (s == u"@") op = BinaryOperator::MatMult;
            else return left;
            break;
        }
        const int operatorColumn = t.column;
        advance();
        auto *n = makeAt<BinOpNode>(NodeKind::BinOp, left);
        n->op = op;
        n->left = left;
        n->operatorColumn = operatorColumn;
        n->right = parseBinary(level + 1);
        left = finish(n);
    }
}

Expr *ParserImpl::parseFactor()
{
    const PythonToken &t = cur();
    if (t.type == TokenType::Operator && (t.text == u"-" || t.text == u"+" || t.text == u"~")) {
        NestingGuard guard(*this);
        advance();
        auto *n = make<UnaryOpNode>(NodeKind::UnaryOp, t);
        n->op = t.text == u"-" ? UnaryOperator::USub : t.text == u"+" ? UnaryOperator::UAdd : UnaryOperator::Invert;
        n->operand = parseFactor();
        return finish(n);
    }
    return parsePower();
}

Expr *ParserImpl::parsePower()
{
    if (atKeyword(u"await"))
        error(cur(), u"'await' is not supported: petmigrate's Python has no coroutines"_s);
    Expr *base = parsePrimary();
    if (!atOp(u"**"))
        return base;
    NestingGuard guard(*this);
    const int operatorColumn = cur().column;
    advance();
    auto *n = makeAt<BinOpNode>(NodeKind::BinOp, base);
    n->op = BinaryOperator::Pow;
    n->left = base;
    n->operatorColumn = operatorColumn;
    n->right = parseFactor();
    return finish(n);
}

Expr *ParserImpl::parsePrimary(bool forTarget)
{
    Expr *e = parseAtom();
    while (true) {
        if (atOp(u".")) {
            advance();
            if (!atIdentifier())
                invalidSyntax();
            auto *n = makeAt<AttributeNode>(NodeKind::Attribute, e);
            n->value = e;
            n->attr = m_program.intern(cur().text);
            advance();
            e = finish(n);
        } else if (atOp(u"(")) {
            e = parseCall(e);
        } else if (atOp(u"[")) {
            e = parseSubscript(e);
        } else {
            break;
        }
    }
    Q_UNUSED(forTarget);
    return e;
}

void ParserImpl::parseCallArguments(Vec<Expr> &args, std::vector<Keyword> *&keywords, bool &hasStar,
                                    QStringView close, const PythonToken &open, bool allowGenerator,
                                    Expr **generator)
{
    if (!keywords)
        keywords = m_arena.makeOwned<std::vector<Keyword>>();
    bool sawKeyword = false;
    bool sawKwargs = false;
    const PythonToken *firstKwargs = nullptr;
    int count = 0;
    while (!atOp(close)) {
        const PythonToken &t = cur();
        ++count;
        if (atOp(u"**")) {
            advance();
            Keyword k;
            k.line = t.line;
            k.column = t.column;
            k.value = parseExpression();
            keywords->push_back(k);
            if (!sawKwargs)
                firstKwargs = &t;
            sawKwargs = true;
            hasStar = true;
        } else if (atOp(u"*")) {
            if (sawKwargs)
                error(*firstKwargs, u"iterable argument unpacking follows keyword argument unpacking"_s);
            advance();
            auto *n = make<StarredNode>(NodeKind::Starred, t);
            n->value = parseExpression();
            args.append(finish(n));
            hasStar = true;
        } else if (atIdentifier() && peek().isOperator(u"=")) {
            const Value *name = m_program.intern(t.text);
            for (const Keyword &k : *keywords)
                if (k.name == name)
                    error(t, u"keyword argument repeated: "_s + t.text);
            advance();
            advance();
            Keyword k;
            k.name = name;
            k.line = t.line;
            k.column = t.column;
            k.value = parseExpression();
            keywords->push_back(k);
            sawKeyword = true;
        } else {
            Expr *e = parseNamedExpression();
            if (atOp(u"="))
                error(e, u"expression cannot contain assignment, perhaps you meant \"==\"?"_s);
            if (atKeyword(u"for")) {
                if (!allowGenerator)
                    error(e, u"invalid syntax"_s);
                auto *g = static_cast<ComprehensionNode *>(
                    parseComprehension(NodeKind::GeneratorExp, open, e, nullptr, close, false));
                // The generator is the call's only argument: it owns the parentheses.
                if (count != 1 || !atOp(close))
                    error(e, u"Generator expression must be parenthesized"_s);
                *generator = g;
                args.append(g);
                break;
            }
            if (sawKwargs)
                error(e, u"positional argument follows keyword argument unpacking"_s);
            if (sawKeyword)
                error(e, u"positional argument follows keyword argument"_s);
            args.append(e);
        }
        if (!acceptOp(u",")) {
            if (!atOp(close) && atExpressionStart())
                error(cur(), u"invalid syntax. Perhaps you forgot a comma?"_s);
            break;
        }
        if (generator && *generator)
            error(static_cast<ComprehensionNode *>(*generator)->element, u"Generator expression must be parenthesized"_s);
    }
    if (!atOp(close))
        invalidSyntax();
    advance();
}

Expr *ParserImpl::parseCall(Expr *func)
{
    NestingGuard guard(*this);
    const PythonToken &open = cur();
    advance();
    auto *n = makeAt<CallNode>(NodeKind::Call, func);
    n->func = func;
    Vec<Expr> args;
    Expr *generator = nullptr;
    parseCallArguments(args, n->keywords, n->hasStarArgs, u")", open, true, &generator);
    if (generator) {
        // CPython locates a sole generator argument at the call's parentheses.
        generator->line = open.line;
        generator->column = open.column;
        generator->begin = open.offset;
        generator->end = m_lastEnd;
        if (args.size() != 1)
            error(generator, u"Generator expression must be parenthesized"_s);
    }
    n->args = list(args);
    return finish(n);
}

Expr *ParserImpl::parseSlice()
{
    const PythonToken &first = cur();
    Expr *lower = nullptr;
    if (!atOp(u":")) {
        if (atOp(u"*"))
            return parseStarExpression();
        lower = parseNamedExpression();
        if (!atOp(u":"))
            return lower;
    }
    auto *n = make<SliceNode>(NodeKind::Slice, first);
    n->lower = lower;
    advance(); // ':'
    if (!atOp(u":") && !atOp(u"]") && !atOp(u","))
        n->upper = parseExpression();
    if (acceptOp(u":")) {
        if (!atOp(u"]") && !atOp(u","))
            n->step = parseExpression();
    }
    return finish(n);
}

Expr *ParserImpl::parseSubscript(Expr *value)
{
    NestingGuard guard(*this);
    advance();
    auto *n = makeAt<SubscriptNode>(NodeKind::Subscript, value);
    n->value = value;
    const PythonToken &first = cur();
    Expr *index = parseSlice();
    if (atOp(u",")) {
        Vec<Expr> elements;
        elements.append(index);
        while (acceptOp(u",")) {
            if (atOp(u"]"))
                break;
            elements.append(parseSlice());
        }
        auto *tuple = make<SequenceNode>(NodeKind::Tuple, first);
        tuple->elements = list(elements);
        index = finish(tuple);
    }
    n->index = index;
    if (!atOp(u"]"))
        invalidSyntax();
    advance();
    return finish(n);
}

Expr *ParserImpl::parseAtom()
{
    NestingGuard guard(*this);
    const PythonToken &t = cur();
    switch (t.type) {
    case TokenType::Name: {
        const QStringView s = t.text;
        if (s == u"None" || s == u"True" || s == u"False") {
            Value v = s == u"None" ? Value::none() : Value::fromBool(s == u"True");
            advance();
            return constant(t, v);
        }
        if (PythonTokenizer::isKeyword(s)) {
            if (s == u"yield")
                error(t, u"'yield' is only allowed on its own or in parentheses here"_s);
            invalidSyntax();
        }
        advance();
        return nameNode(t);
    }
    case TokenType::Number:
        return parseNumber();
    case TokenType::String:
        return parseStrings();
    case TokenType::Operator:
        if (t.text == u"(")
            return parseParenthesized();
        if (t.text == u"[")
            return parseListDisplay();
        if (t.text == u"{")
            return parseBraceDisplay();
        if (t.text == u"...") {
            advance();
            return constant(t, Value::ellipsis());
        }
        break;
    default:
        break;
    }
    invalidSyntax();
}

Expr *ParserImpl::parseParenthesized()
{
    const PythonToken &open = cur();
    advance();
    if (atOp(u")")) {
        advance();
        auto *n = make<SequenceNode>(NodeKind::Tuple, open);
        n->flags |= Node::Parenthesized;
        return finish(n);
    }
    if (atKeyword(u"yield")) {
        Expr *y = parseYield();
        expectOp(u")");
        markParenthesized(y, open);
        return y;
    }
    Expr *first = parseStarNamedExpression();
    if (atKeyword(u"for")) {
        if (first->kind == NodeKind::Starred)
            error(first, u"iterable unpacking cannot be used in comprehension"_s);
        return parseComprehension(NodeKind::GeneratorExp, open, first, nullptr, u")");
    }
    if (!atOp(u",")) {
        if (!atOp(u")")) {
            if (atExpressionStart())
                error(first, u"invalid syntax. Perhaps you forgot a comma?"_s);
            invalidSyntax();
        }
        advance();
        if (first->kind == NodeKind::Starred)
            error(first, u"cannot use starred expression here"_s);
        markParenthesized(first, open);
        return first;
    }
    Vec<Expr> elements;
    elements.append(first);
    while (acceptOp(u",")) {
        if (atOp(u")"))
            break;
        elements.append(parseStarNamedExpression());
    }
    if (!atOp(u")")) {
        if (atExpressionStart())
            error(elements.last(), u"invalid syntax. Perhaps you forgot a comma?"_s);
        invalidSyntax();
    }
    advance();
    auto *n = make<SequenceNode>(NodeKind::Tuple, open);
    n->elements = list(elements);
    n->flags |= Node::Parenthesized;
    return finish(n);
}

Expr *ParserImpl::parseListDisplay()
{
    const PythonToken &open = cur();
    advance();
    Vec<Expr> elements;
    if (!atOp(u"]")) {
        Expr *first = parseStarNamedExpression();
        if (atKeyword(u"for")) {
            if (first->kind == NodeKind::Starred)
                error(first, u"iterable unpacking cannot be used in comprehension"_s);
            return parseComprehension(NodeKind::ListComp, open, first, nullptr, u"]");
        }
        elements.append(first);
        while (acceptOp(u",")) {
            if (atOp(u"]"))
                break;
            elements.append(parseStarNamedExpression());
        }
    }
    if (!atOp(u"]")) {
        if (atExpressionStart() && !elements.isEmpty())
            error(elements.last(), u"invalid syntax. Perhaps you forgot a comma?"_s);
        invalidSyntax();
    }
    advance();
    auto *n = make<SequenceNode>(NodeKind::List, open);
    n->elements = list(elements);
    return finish(n);
}

Expr *ParserImpl::parseBraceDisplay()
{
    const PythonToken &open = cur();
    advance();
    if (atOp(u"}")) {
        advance();
        return finish(make<DictNode>(NodeKind::Dict, open));
    }
    // A dict starts with `key:` or `**mapping`; anything else is a set.
    Expr *firstKey = nullptr;
    Expr *firstValue = nullptr;
    if (atOp(u"**")) {
        advance();
        firstValue = parseBinary(0);
    } else {
        Expr *e = parseStarNamedExpression();
        if (acceptOp(u":")) {
            if (e->kind == NodeKind::Starred)
                error(e, u"cannot use a starred expression in a dictionary value"_s);
            firstKey = e;
            firstValue = parseExpression();
            if (atKeyword(u"for"))
                return parseComprehension(NodeKind::DictComp, open, firstKey, firstValue, u"}");
        } else {
            if (atKeyword(u"for")) {
                if (e->kind == NodeKind::Starred)
                    error(e, u"iterable unpacking cannot be used in comprehension"_s);
                return parseComprehension(NodeKind::SetComp, open, e, nullptr, u"}");
            }
            Vec<Expr> elements;
            elements.append(e);
            while (acceptOp(u",")) {
                if (atOp(u"}"))
                    break;
                elements.append(parseStarNamedExpression());
            }
            if (!atOp(u"}")) {
                if (atExpressionStart())
                    error(elements.last(), u"invalid syntax. Perhaps you forgot a comma?"_s);
                invalidSyntax();
            }
            advance();
            auto *n = make<SequenceNode>(NodeKind::Set, open);
            n->elements = list(elements);
            return finish(n);
        }
    }
    Vec<Expr> keys;
    Vec<Expr> values;
    keys.append(firstKey);
    values.append(firstValue);
    while (acceptOp(u",")) {
        if (atOp(u"}"))
            break;
        if (acceptOp(u"**")) {
            keys.append(nullptr);
            values.append(parseBinary(0));
            continue;
        }
        Expr *k = parseExpression();
        if (!acceptOp(u":")) {
            if (atOp(u",") || atOp(u"}"))
                error(k, u"':' expected after dictionary key"_s);
            invalidSyntax();
        }
        keys.append(k);
        values.append(parseExpression());
    }
    if (!atOp(u"}")) {
        if (atExpressionStart())
            error(values.last(), u"invalid syntax. Perhaps you forgot a comma?"_s);
        invalidSyntax();
    }
    advance();
    auto *n = make<DictNode>(NodeKind::Dict, open);
    n->keys = list(keys);
    n->values = list(values);
    return finish(n);
}

std::vector<Comprehension> *ParserImpl::parseComprehensionClauses()
{
    auto *generators = m_arena.makeOwned<std::vector<Comprehension>>();
    while (atKeyword(u"for")) {
        advance();
        Comprehension c;
        c.target = parseTargetList();
        checkTarget(c.target, TargetUse::For);
        if (!acceptKeyword(u"in"))
            invalidSyntax();
        c.iter = parseDisjunction();
        Vec<Expr> ifs;
        while (acceptKeyword(u"if"))
            ifs.append(parseDisjunction());
        c.ifs = list(ifs);
        generators->push_back(c);
        if (atKeyword(u"async"))
            invalidSyntax();
    }
    return generators;
}

Expr *ParserImpl::parseComprehension(NodeKind kind, const PythonToken &open, Expr *element, Expr *value,
                                     QStringView close, bool consumeClose)
{
    auto *n = make<ComprehensionNode>(kind, open);
    n->element = element;
    n->value = value;
    ++m_comprehensionDepth;
    n->generators = parseComprehensionClauses();
    --m_comprehensionDepth;
    if (!atOp(close)) {
        if (close == u")" && atOp(u","))
            error(element, u"Generator expression must be parenthesized"_s);
        invalidSyntax();
    }
    if (consumeClose)
        advance();
    return finish(n);
}

Expr *ParserImpl::parseLambda()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<FunctionNode>(NodeKind::Lambda, first);
    n->isLambda = true;
    n->name = m_program.intern(u"<lambda>");
    n->parameters = parseParameters(true, u":");
    advance(); // ':'
    const bool wasInFunction = m_inFunction;
    FunctionNode *outer = m_function;
    m_inFunction = true;
    m_function = n;
    const PythonToken &bodyStart = cur();
    Expr *body = parseExpression();
    m_inFunction = wasInFunction;
    m_function = outer;
    auto *ret = make<ReturnNode>(NodeKind::Return, bodyStart);
    ret->value = body;
    finish(ret);
    n->body = single<Stmt>(ret);
    return finish(n);
}

Expr *ParserImpl::parseYield()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<YieldNode>(NodeKind::Yield, first);
    if (acceptKeyword(u"from")) {
        n->isFrom = true;
        n->value = parseExpression();
    } else if (!atType(TokenType::Newline) && !atOp(u")") && !atOp(u"=") && !atOp(u";")
               && !atType(TokenType::EndMarker)) {
        n->value = parseStarExpressions();
    }
    finish(n);
    if (!m_inFunction)
        error(first, u"'yield' outside function"_s);
    if (m_comprehensionDepth > 0)
        error(first, u"'yield' inside list comprehension"_s);
    if (m_function)
        m_function->isGenerator = true;
    return n;
}

Expr *ParserImpl::parseNumber()
{
    const PythonToken &t = cur();
    advance();
    QString text = t.text.toString();
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text[i] == u'_' && (i + 1 >= text.size() || text[i + 1] == u'_'))
            error(t.line, t.column + int(i), u"invalid decimal literal"_s);
    }
    text.remove(u'_');
    auto bad = [&](QString message) {
        auto *n = make<BadConstantNode>(NodeKind::BadConstant, t);
        n->message = m_program.constant(Value::str(std::move(message)));
        return n;
    };
    if (text.endsWith(u'j') || text.endsWith(u'J'))
        return bad(u"complex numbers ("_s + t.text + u") are not supported by petmigrate's Python"_s);
    const std::string latin = text.toStdString();
    const char *b = latin.data();
    const char *e = latin.data() + latin.size();
    auto tooBig = [&] {
        return bad(u"the integer "_s + t.text + u" does not fit in 64 bits (petmigrate's ints are 64-bit)"_s);
    };
    if (latin.size() > 1 && latin[0] == '0' && std::isalpha(static_cast<unsigned char>(latin[1]))) {
        const char base = char(std::tolower(latin[1]));
        const int radix = base == 'x' ? 16 : base == 'o' ? 8 : 2;
        quint64 v = 0;
        auto r = std::from_chars(b + 2, e, v, radix);
        if (r.ec == std::errc::result_out_of_range || v > quint64(std::numeric_limits<qint64>::max()))
            return tooBig();
        return constant(t, Value::fromInt(qint64(v)));
    }
    if (latin.find_first_of(".eE") != std::string::npos) {
        double d = 0;
        auto r = std::from_chars(b, e, d);
        if (r.ec == std::errc::result_out_of_range) {
            // Python gives inf for an overflow and 0.0 for an underflow.
            const size_t ePos = latin.find_first_of("eE");
            const bool negativeExponent = ePos != std::string::npos && ePos + 1 < latin.size() && latin[ePos + 1] == '-';
            d = negativeExponent ? 0.0 : std::numeric_limits<double>::infinity();
        } else if (r.ec != std::errc() || r.ptr != e) {
            error(t, u"invalid decimal literal"_s);
        }
        return constant(t, Value::fromFloat(d));
    }
    if (latin.size() > 1 && latin[0] == '0' && latin.find_first_not_of('0') != std::string::npos)
        error(t, u"leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers"_s);
    qint64 v = 0;
    auto r = std::from_chars(b, e, v);
    if (r.ec == std::errc::result_out_of_range)
        return tooBig();
    return constant(t, Value::fromInt(v));
}

// ---------------------------------------------------------------- strings

std::pair<int, int> ParserImpl::positionOf(const PythonToken &token, int offset) const
{
    const QString &src = m_program.source();
    int line = token.line;
    int lineStart = token.offset - (token.column - 1);
    for (int i = token.offset; i < offset; ++i) {
        if (src[i] == u'\n' || (src[i] == u'\r' && (i + 1 >= src.size() || src[i + 1] != u'\n'))) {
            ++line;
            lineStart = i + 1;
        }
    }
    return {line, offset - lineStart + 1};
}

void ParserImpl::flushLiteral(const PythonToken &token, Vec<Expr> &pieces, QString &literal, int &literalBegin, int end)
{
    if (literal.isEmpty())
        return;
    Q_UNUSED(end);
    // Adjacent literal pieces become one Constant, as in CPython.
    if (!pieces.isEmpty() && pieces.last()->kind == NodeKind::Constant) {
        auto *prev = static_cast<ConstantNode *>(pieces.last());
        prev->value = m_program.constant(Value::str(prev->value->text() + literal));
        prev->end = token.offset + token.length;
    } else {
        auto *c = make<ConstantNode>(NodeKind::Constant, token);
        c->value = m_program.constant(Value::str(literal));
        pieces.append(c);
    }
    literal.clear();
    literalBegin = -1;
}

void ParserImpl::parseFString(const PythonToken &token, Vec<Expr> &pieces, QString &literal, int &literalBegin)
{
    int prefix = 0;
    while (token.text[prefix] != u'\'' && token.text[prefix] != u'"')
        ++prefix;
    const int quote = (token.stringFlags & PythonToken::Triple) ? 3 : 1;
    const int begin = token.offset + prefix + quote;
    const int end = token.offset + token.length - quote;
    parseFStringBody(token, begin, end, 0, pieces, literal, literalBegin);
}

// Splits source[begin, end) of an f-string into literal text and replacement
// fields. `depth` is 1 inside a format spec.
void ParserImpl::parseFStringBody(const PythonToken &token, int begin, int end, int depth, Vec<Expr> &pieces,
                                  QString &literal, int &literalBegin)
{
    const QString &src = m_program.source();
    const bool raw = token.stringFlags & PythonToken::Raw;
    QString rawText; // the literal's text before escapes are decoded
    int rawBegin = begin;
    auto decodeRaw = [&] {
        if (rawText.isEmpty())
            return;
        PythonTokenizer::Decoded d = PythonTokenizer::decodeEscapes(rawText, raw ? PythonToken::Raw : 0);
        if (d.errorOffset >= 0) {
            const auto [line, col] = positionOf(token, rawBegin + d.errorOffset);
            error(line, col, d.error);
        }
        if (literalBegin < 0)
            literalBegin = rawBegin;
        literal += d.value;
        rawText.clear();
    };
    int i = begin;
    while (i < end) {
        const QChar c = src[i];
        if (c == u'{' && i + 1 < end && src[i + 1] == u'{' && depth == 0) {
            if (rawText.isEmpty())
                rawBegin = i;
            rawText += u'{';
            i += 2;
            continue;
        }
        if (c == u'}' && depth == 0) {
            if (i + 1 < end && src[i + 1] == u'}') {
                if (rawText.isEmpty())
                    rawBegin = i;
                rawText += u'}';
                i += 2;
                continue;
            }
            const auto [line, col] = positionOf(token, i);
            error(line, col, u"f-string: single '}' is not allowed"_s);
        }
        if (c != u'{') {
            if (rawText.isEmpty())
                rawBegin = i;
            // A backslash escape is copied whole so that \{ is not a field.
            if (c == u'\\' && i + 1 < end && !raw) {
                rawText += c;
                rawText += src[i + 1];
                i += 2;
                continue;
            }
            rawText += c;
            ++i;
            continue;
        }
        // A replacement field.
        decodeRaw();
        const auto [fieldLine, fieldColumn] = positionOf(token, i);
        if (depth >= 2)
            error(fieldLine, fieldColumn, u"f-string: expressions nested too deeply"_s);
        const int exprBegin = i + 1;
        int j = exprBegin;
        int nesting = 0;
        QChar inString;
        int debugEnd = -1; // after `=` of {x=}
        while (true) {
            if (j >= end) {
                const auto [line, col] = positionOf(token, j);
                error(line, col, u"f-string: expecting '}'"_s);
            }
            const QChar ch = src[j];
            if (!inString.isNull()) {
                if (ch == inString)
                    inString = QChar();
                ++j;
                continue;
            }
            if (ch == u'\\') {
                const auto [line, col] = positionOf(token, j);
                error(line, col, u"f-string expression part cannot include a backslash"_s);
            }
            if (ch == u'\'' || ch == u'"') {
                inString = ch;
                ++j;
                continue;
            }
            if (ch == u'(' || ch == u'[' || ch == u'{') {
                ++nesting;
            } else if (ch == u')' || ch == u']' || ch == u'}') {
                if (nesting == 0) {
                    if (ch == u'}')
                        break;
                } else {
                    --nesting;
                }
            } else if (nesting == 0) {
                if (ch == u'!' && j + 1 < end && src[j + 1] != u'=')
                    break;
                if (ch == u':')
                    break;
                if (ch == u'=') {
                    const QChar prev = j > exprBegin ? src[j - 1] : QChar();
                    const QChar next = j + 1 < end ? src[j + 1] : QChar();
                    if (next == u'=') {
                        j += 2;
                        continue;
                    }
                    if (prev != u'=' && prev != u'!' && prev != u'<' && prev != u'>') {
                        debugEnd = j + 1;
                        // Whitespace after the `=` is part of the text shown.
                        while (debugEnd < end && (src[debugEnd] == u' ' || src[debugEnd] == u'\t'))
                            ++debugEnd;
                        break;
                    }
                }
            }
            ++j;
        }
        const int exprEnd = j;
        bool blank = true;
        for (int k = exprBegin; k < exprEnd; ++k)
            if (!src[k].isSpace())
                blank = false;
        if (blank) {
            const auto [line, col] = positionOf(token, exprEnd);
            error(line, col, u"f-string: empty expression not allowed"_s);
        }
        const auto [exprLine, exprColumn] = positionOf(token, exprBegin);
        auto tokens = PythonTokenizer::tokenizeFragment(src, m_program.fileName(), exprBegin, exprEnd, exprLine, exprColumn);
        if (!tokens)
            throw SyntaxError{tokens.error()};
        ParserImpl sub(m_program, *tokens, false);
        sub.m_inFunction = m_inFunction;
        sub.m_inClass = m_inClass;
        sub.m_function = m_function;
        sub.m_loopDepth = m_loopDepth;
        sub.m_fstringDepth = m_fstringDepth + 1;
        sub.m_nesting = m_nesting;
        sub.m_comprehensionDepth = m_comprehensionDepth;
        Expr *value = sub.parseFragment();

        auto *field = make<FormattedValueNode>(NodeKind::FormattedValue, token);
        field->line = fieldLine;
        field->column = fieldColumn;
        field->begin = i;
        field->value = value;
        j = exprEnd;
        if (debugEnd >= 0) {
            // {x=}: the expression's text and the `=` come first, as literal text.
            literal += QStringView(src).mid(exprBegin, debugEnd - exprBegin);
            if (literalBegin < 0)
                literalBegin = exprBegin;
            j = debugEnd;
        }
        flushLiteral(token, pieces, literal, literalBegin, i);
        if (j < end && src[j] == u'!') {
            const QChar conv = j + 1 < end ? src[j + 1] : QChar();
            if (conv != u's' && conv != u'r' && conv != u'a') {
                const auto [line, col] = positionOf(token, j + 1);
                error(line, col, u"f-string: invalid conversion character: expected 's', 'r', or 'a'"_s);
            }
            field->conversion = conv.unicode();
            j += 2;
            if (j >= end || (src[j] != u':' && src[j] != u'}')) {
                const auto [line, col] = positionOf(token, j);
                error(line, col, u"f-string: expecting '}'"_s);
            }
        }
        if (j < end && src[j] == u':') {
            // The spec runs to the matching `}`; it may hold fields of its own.
            const int specBegin = j + 1;
            int k = specBegin;
            int braces = 0;
            while (k < end) {
                if (src[k] == u'{')
                    ++braces;
                else if (src[k] == u'}') {
                    if (braces == 0)
                        break;
                    --braces;
                }
                ++k;
            }
            if (k >= end) {
                const auto [line, col] = positionOf(token, k);
                error(line, col, u"f-string: expecting '}'"_s);
            }
            auto *spec = make<JoinedStrNode>(NodeKind::JoinedStr, token);
            Vec<Expr> specPieces;
            QString specLiteral;
            int specLiteralBegin = -1;
            parseFStringBody(token, specBegin, k, depth + 1, specPieces, specLiteral, specLiteralBegin);
            flushLiteral(token, specPieces, specLiteral, specLiteralBegin, k);
            spec->values = list(specPieces);
            field->formatSpec = spec;
            j = k;
        }
        if (j >= end || src[j] != u'}') {
            const auto [line, col] = positionOf(token, j);
            error(line, col, u"f-string: expecting '}'"_s);
        }
        if (debugEnd >= 0 && field->conversion == 0 && !field->formatSpec)
            field->conversion = u'r';
        field->end = j + 1;
        pieces.append(field);
        i = j + 1;
    }
    decodeRaw();
    Q_UNUSED(rawBegin);
}

Expr *ParserImpl::parseStrings()
{
    const PythonToken &first = cur();
    bool anyFormat = false;
    bool anyBytes = false;
    bool anyText = false;
    qsizetype count = 0;
    for (qsizetype i = m_pos; i < m_tokens.size() && m_tokens.at(i).type == TokenType::String; ++i) {
        const quint8 f = m_tokens.at(i).stringFlags;
        anyFormat |= bool(f & PythonToken::Format);
        (f & PythonToken::Bytes ? anyBytes : anyText) = true;
        ++count;
    }
    if (anyBytes && anyText)
        error(first, u"cannot mix bytes and nonbytes literals"_s);
    const bool uPrefix = first.text.startsWith(u'u') || first.text.startsWith(u'U');
    if (!anyFormat) {
        QString joined;
        for (qsizetype i = 0; i < count; ++i) {
            joined += cur().value;
            advance();
        }
        Value v;
        if (anyBytes) {
            QByteArray bytes;
            bytes.reserve(joined.size());
            for (QChar c : joined)
                bytes.append(char(c.unicode() & 0xff));
            v = Value::bytes(std::move(bytes));
        } else {
            v = Value::str(std::move(joined));
        }
        auto *n = constant(first, std::move(v));
        n->uPrefix = uPrefix;
        return finish(n);
    }
    auto *n = make<JoinedStrNode>(NodeKind::JoinedStr, first);
    Vec<Expr> pieces;
    QString literal;
    int literalBegin = -1;
    for (qsizetype i = 0; i < count; ++i) {
        const PythonToken &t = cur();
        if (t.stringFlags & PythonToken::Format) {
            parseFString(t, pieces, literal, literalBegin);
        } else {
            literal += t.value;
        }
        advance();
    }
    flushLiteral(first, pieces, literal, literalBegin, m_lastEnd);
    for (Expr *piece : pieces) {
        // Literal pieces carry the whole string's location, as in CPython.
        if (piece->kind == NodeKind::Constant) {
            piece->line = first.line;
            piece->column = first.column;
            piece->begin = first.offset;
            piece->end = m_lastEnd;
        }
    }
    n->values = list(pieces);
    return finish(n);
}

} // namespace

Result<ProgramPtr> Parser::parse(const QString &source, const QString &fileName, Options options)
{
    auto program = std::make_shared<Program>(fileName, source);
    PythonTokenizer::Options tokenizerOptions;
    tokenizerOptions.skipFunctionBodies = options.skipFunctionBodies;
    auto tokens = PythonTokenizer::tokenize(program->source(), fileName, tokenizerOptions);
    if (!tokens)
        return std::unexpected(tokens.error());
    try {
        ParserImpl parser(*program, *tokens, options.skipFunctionBodies);
        ModuleNode *module = parser.parseModule();
        program->setModule(module);
        if (auto resolved = ScopeResolver::resolve(*program, module); !resolved)
            return std::unexpected(resolved.error());
    } catch (const SyntaxError &e) {
        return std::unexpected(e.error);
    }
    return ProgramPtr(std::move(program));
}

Result<ProgramPtr> Parser::parseFile(const QString &path, Options options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"cannot read the file: "_s + file.errorString()));
    return parse(QString::fromUtf8(file.readAll()), path, options);
}

} // namespace pm::python
