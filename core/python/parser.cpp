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
using Code = PythonToken::Code;

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
    // One expression (with `tuple`, an unbracketed expression list) from
    // token `pos`; `pos` ends on the token after it.
    Expr *parseExpressionAt(qsizetype &pos, bool tuple)
    {
        m_pos = pos;
        Expr *e = tuple ? parseStarExpressions() : parseExpression();
        pos = m_pos;
        return e;
    }

    // Context shared with the parser of an f-string's fields.
    bool m_inFunction = false;
    bool m_inAsyncFunction = false; // the innermost function is an `async def`
    bool m_inClass = false;
    int m_loopDepth = 0;
    FunctionNode *m_function = nullptr;
    int m_fstringDepth = 0;
    int m_comprehensionDepth = 0;
    bool m_asyncComprehensionOutside = false;

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
    // Operators and keywords are compared by their token code.
    bool at(Code c) const { return cur().code == c; }
    bool atType(TokenType t) const { return cur().type == t; }
    bool accept(Code c)
    {
        if (!at(c))
            return false;
        advance();
        return true;
    }
    void expect(Code c, QStringView text)
    {
        if (!accept(c))
            error(cur(), u"expected '"_s + text + u"'"_s);
    }
    void expectColon()
    {
        if (!accept(Code::Colon))
            error(cur(), u"expected ':'"_s);
    }
    bool atIdentifier() const { return cur().isName() && !cur().isKeyword(); }
    // Could the current token start an expression?
    bool atExpressionStart() const;
    // `for` or `async for`: a comprehension's clause begins.
    bool atComprehensionFor() const { return at(Code::For) || (at(Code::Async) && peek().code == Code::For); }

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
    Stmt *parseFor(const PythonToken *async = nullptr);
    Stmt *parseTry();
    Stmt *parseWith(const PythonToken *async = nullptr);
    Stmt *parseFunctionDef(NodeList<Expr> decorators, const PythonToken &first, const PythonToken *async = nullptr);
    Stmt *parseAsync(NodeList<Expr> decorators, const PythonToken &first);
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
    Expr *parseComprehension(NodeKind kind, const PythonToken &open, Expr *element, Expr *value, Code close,
                             bool consumeClose = true);
    std::vector<Comprehension> *parseComprehensionClauses();
    Expr *parseTargetList(); // for-loop and comprehension targets: no `in` comparisons
    Expr *parseTargetElement();
    std::vector<Parameter> *parseParameters(bool isLambda, Code close);
    void parseCallArguments(Vec<Expr> &args, const std::vector<Keyword> *&keywords, bool &hasStar, Code close,
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
        switch (t.code) {
        case Code::None: case Code::NoneKeyword: case Code::True: case Code::False: case Code::Not:
        case Code::Lambda: case Code::Await:
            return true;
        default:
            return false;
        }
    case TokenType::Number:
    case TokenType::String:
        return true;
    case TokenType::Operator:
        switch (t.code) {
        case Code::LParen: case Code::LBracket: case Code::LBrace: case Code::Minus: case Code::Plus:
        case Code::Tilde: case Code::Ellipsis:
            return true;
        default:
            return false;
        }
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
    Expr *e = at(Code::Yield) ? parseYield() : parseStarExpressions();
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
    switch (t.code) {
    case Code::If:
        out.append(parseIf(false));
        return;
    case Code::While:
        out.append(parseWhile());
        return;
    case Code::For:
        out.append(parseFor());
        return;
    case Code::Try:
        out.append(parseTry());
        return;
    case Code::With:
        out.append(parseWith());
        return;
    case Code::Def:
        out.append(parseFunctionDef({}, t));
        return;
    case Code::Class:
        out.append(parseClassDef({}, t));
        return;
    case Code::Async:
        out.append(parseAsync({}, t));
        return;
    default:
        break;
    }
    if (t.code == Code::At) {
        out.append(parseDecorated());
        return;
    }
    parseSimpleStatements(out);
}

void ParserImpl::parseSimpleStatements(Vec<Stmt> &out)
{
    while (true) {
        out.append(parseSimpleStatement());
        if (!accept(Code::Semicolon))
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
    if (t.isKeyword()) {
        const Code k = t.code;
        if (k == Code::Pass || k == Code::Break || k == Code::Continue) {
            const NodeKind kind = k == Code::Pass ? NodeKind::Pass : k == Code::Break ? NodeKind::Break : NodeKind::Continue;
            if (kind == NodeKind::Break && m_loopDepth == 0)
                error(t, u"'break' outside loop"_s);
            if (kind == NodeKind::Continue && m_loopDepth == 0)
                error(t, u"'continue' not properly in loop"_s);
            auto *n = make<Node>(kind, t);
            advance();
            return n;
        }
        switch (k) {
        case Code::Return: return parseReturn();
        case Code::Import: return parseImport();
        case Code::From: return parseFromImport();
        case Code::Raise: return parseRaise();
        case Code::Global: return parseNameList(NodeKind::Global);
        case Code::Nonlocal: return parseNameList(NodeKind::Nonlocal);
        case Code::Del: return parseDelete();
        case Code::Assert: return parseAssert();
        default: break;
        }
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
    Expr *e = at(Code::Yield) ? parseYield() : parseStarExpressions();
    if (at(Code::Colon)) {
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
        if (accept(Code::Assign))
            n->value = at(Code::Yield) ? parseYield() : parseStarExpressions();
        return finish(n);
    }
    if (at(Code::Assign)) {
        Vec<Expr> targets;
        targets.append(e);
        Expr *value = nullptr;
        while (accept(Code::Assign)) {
            Expr *next = at(Code::Yield) ? parseYield() : parseStarExpressions();
            if (at(Code::Assign))
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
    {
        BinaryOperator op;
        bool augmented = true;
        switch (cur().code) {
        case Code::PlusAssign: op = BinaryOperator::Add; break;
        case Code::MinusAssign: op = BinaryOperator::Sub; break;
        case Code::StarAssign: op = BinaryOperator::Mult; break;
        case Code::AtAssign: op = BinaryOperator::MatMult; break;
        case Code::SlashAssign: op = BinaryOperator::Div; break;
        case Code::DoubleSlashAssign: op = BinaryOperator::FloorDiv; break;
        case Code::PercentAssign: op = BinaryOperator::Mod; break;
        case Code::DoubleStarAssign: op = BinaryOperator::Pow; break;
        case Code::LShiftAssign: op = BinaryOperator::LShift; break;
        case Code::RShiftAssign: op = BinaryOperator::RShift; break;
        case Code::PipeAssign: op = BinaryOperator::BitOr; break;
        case Code::CaretAssign: op = BinaryOperator::BitXor; break;
        case Code::AmpAssign: op = BinaryOperator::BitAnd; break;
        default: augmented = false; op = BinaryOperator::Add; break;
        }
        if (augmented) {
            checkAugTarget(e);
            advance();
            auto *n = make<AugAssignNode>(NodeKind::AugAssign, first);
            n->target = e;
            n->op = op;
            n->value = at(Code::Yield) ? parseYield() : parseStarExpressions();
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
    if (at(Code::Elif)) {
        n->orelse = single<Stmt>(parseIf(true));
    } else if (at(Code::Else)) {
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
    if (at(Code::Else)) {
        const PythonToken &elseToken = cur();
        advance();
        n->orelse = parseBlock(u"'else' statement"_s, elseToken);
    }
    return finish(n);
}

Stmt *ParserImpl::parseFor(const PythonToken *async)
{
    const PythonToken &first = async ? *async : cur();
    advance();
    auto *n = make<ForNode>(NodeKind::For, first);
    n->isAsync = async;
    n->target = parseTargetList();
    checkTarget(n->target, TargetUse::For);
    if (!accept(Code::In))
        invalidSyntax();
    n->iter = parseStarExpressions();
    ++m_loopDepth;
    n->body = parseBlock(u"'for' statement"_s, first);
    --m_loopDepth;
    if (at(Code::Else)) {
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
    while (at(Code::Except)) {
        const PythonToken &exceptToken = cur();
        if (sawBare)
            error(n->handlers->back().line, n->handlers->back().column, u"default 'except:' must be last"_s);
        advance();
        if (at(Code::Star))
            error(cur(), u"'except*' is not supported: petmigrate's Python has no exception groups"_s);
        ExceptHandler h;
        h.line = exceptToken.line;
        h.column = exceptToken.column;
        if (!at(Code::Colon)) {
            h.type = parseExpression();
            if (at(Code::Comma)) {
                error(h.type, u"multiple exception types must be parenthesized"_s);
            }
            if (accept(Code::As)) {
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
    if (at(Code::Else)) {
        if (n->handlers->empty())
            error(cur(), u"expected 'except' or 'finally' block"_s);
        const PythonToken &elseToken = cur();
        advance();
        n->orelse = parseBlock(u"'else' statement"_s, elseToken);
    }
    if (at(Code::Finally)) {
        const PythonToken &finallyToken = cur();
        advance();
        n->finalbody = parseBlock(u"'finally' statement"_s, finallyToken);
    }
    if (n->handlers->empty() && n->finalbody.isEmpty())
        error(cur(), u"expected 'except' or 'finally' block"_s);
    return finish(n);
}

Stmt *ParserImpl::parseWith(const PythonToken *async)
{
    const PythonToken &first = async ? *async : cur();
    advance();
    auto *n = make<WithNode>(NodeKind::With, first);
    n->isAsync = async;
    n->items = m_arena.makeOwned<std::vector<WithItem>>();
    // `with (a as b, c as d):` — parentheses around the items themselves.
    bool parenthesized = false;
    if (at(Code::LParen)) {
        int depth = 0;
        bool sawAs = false;
        qsizetype i = m_pos;
        for (; i < m_tokens.size(); ++i) {
            const PythonToken &t = m_tokens.at(i);
            if (t.code == Code::LParen || t.code == Code::LBracket || t.code == Code::LBrace)
                ++depth;
            else if (t.code == Code::RParen || t.code == Code::RBracket || t.code == Code::RBrace) {
                if (--depth == 0)
                    break;
            } else if (depth == 1 && t.code == Code::As)
                sawAs = true;
        }
        // Python 3.10's form: the group is the items when `:` follows it.
        Q_UNUSED(sawAs);
        parenthesized = i + 1 < m_tokens.size() && m_tokens.at(i + 1).code == Code::Colon;
    }
    if (parenthesized)
        advance();
    while (true) {
        WithItem item;
        item.context = parseExpression();
        if (accept(Code::As)) {
            item.target = parseTargetElement();
            checkTarget(item.target, TargetUse::For);
        }
        n->items->push_back(item);
        if (!accept(Code::Comma))
            break;
        if (parenthesized && at(Code::RParen))
            break;
    }
    if (parenthesized)
        expect(Code::RParen, u")");
    n->body = parseBlock(u"'with' statement"_s, first);
    return finish(n);
}

Stmt *ParserImpl::parseDecorated()
{
    const PythonToken &first = cur();
    Vec<Expr> decorators;
    while (accept(Code::At)) {
        decorators.append(parseNamedExpression());
        if (!atType(TokenType::Newline))
            invalidSyntax();
        advance();
    }
    if (at(Code::Def))
        return parseFunctionDef(list(decorators), first);
    if (at(Code::Class))
        return parseClassDef(list(decorators), first);
    if (at(Code::Async))
        return parseAsync(list(decorators), first);
    invalidSyntax();
}

// `async def`, and `async for` / `async with` inside one (CPython's
// compiler refuses those anywhere else, with these words).
Stmt *ParserImpl::parseAsync(NodeList<Expr> decorators, const PythonToken &first)
{
    const PythonToken &asyncToken = cur();
    advance();
    if (at(Code::Def))
        return parseFunctionDef(decorators, first, &asyncToken);
    if (!decorators.isEmpty())
        invalidSyntax();
    if (at(Code::For) || at(Code::With)) {
        if (!m_inAsyncFunction)
            error(asyncToken, u"'async "_s + cur().text + u"' outside async function"_s);
        return at(Code::For) ? parseFor(&asyncToken) : parseWith(&asyncToken);
    }
    invalidSyntax();
}

std::vector<Parameter> *ParserImpl::parseParameters(bool isLambda, Code close)
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
        if (!isLambda && accept(Code::Colon))
            p.annotation = parseExpression();
        params->push_back(p);
        return params->back();
    };
    while (!at(close)) {
        if (sawKwargs)
            error(cur(), u"arguments cannot follow var-keyword argument"_s);
        if (at(Code::Slash)) {
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
        } else if (at(Code::DoubleStar)) {
            advance();
            addName(ParameterKind::VarKeyword);
            sawKwargs = true;
            if (at(Code::Assign))
                error(cur(), u"var-keyword argument cannot have default value"_s);
        } else if (at(Code::Star)) {
            if (sawStar)
                error(cur(), u"* argument may appear only once"_s);
            sawStar = true;
            bareStarToken = &cur();
            advance();
            if (at(Code::Comma) || at(close)) {
                bareStar = true;
            } else {
                addName(ParameterKind::VarPositional);
                if (at(Code::Assign))
                    error(cur(), u"var-positional argument cannot have default value"_s);
            }
        } else {
            Parameter &p = addName(sawStar ? ParameterKind::KeywordOnly : ParameterKind::PositionalOrKeyword);
            if (accept(Code::Assign)) {
                p.defaultValue = parseExpression();
                if (!sawStar)
                    sawDefault = true;
            } else if (sawDefault && !sawStar) {
                error(p.line, p.column, u"non-default argument follows default argument"_s);
            }
            if (bareStar)
                bareStar = false;
        }
        if (!accept(Code::Comma))
            break;
    }
    if (bareStar)
        error(*bareStarToken, u"named arguments must follow bare *"_s);
    if (!at(close))
        invalidSyntax();
    return params;
}

Stmt *ParserImpl::parseFunctionDef(NodeList<Expr> decorators, const PythonToken &first, const PythonToken *async)
{
    const PythonToken &defToken = async ? *async : cur();
    advance();
    if (!atIdentifier())
        invalidSyntax();
    // Located at `def` (`async`), decorators or not, as in CPython.
    auto *n = make<FunctionNode>(NodeKind::FunctionDef, defToken);
    n->isAsync = async;
    Q_UNUSED(first);
    n->name = m_program.intern(cur().text);
    n->target = nameNode(cur());
    n->decorators = decorators;
    advance();
    if (!at(Code::LParen))
        error(cur(), u"expected '('"_s);
    advance();
    n->parameters = parseParameters(false, Code::RParen);
    advance();
    if (accept(Code::Arrow))
        n->returns = parseExpression();
    const bool wasInFunction = m_inFunction;
    const bool wasInAsync = m_inAsyncFunction;
    const bool wasInClass = m_inClass;
    const int loops = m_loopDepth;
    FunctionNode *outer = m_function;
    m_inFunction = true;
    m_inAsyncFunction = n->isAsync;
    m_inClass = false;
    m_loopDepth = 0;
    m_function = n;
    n->body = parseBlock(u"function definition"_s, defToken, n);
    m_inFunction = wasInFunction;
    m_inAsyncFunction = wasInAsync;
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
    static const std::vector<Keyword> kNone;
    n->keywords = &kNone;
    if (at(Code::LParen)) {
        const PythonToken &open = cur();
        advance();
        Vec<Expr> bases;
        bool hasStar = false;
        parseCallArguments(bases, n->keywords, hasStar, Code::RParen, open, false, nullptr);
        n->bases = list(bases);
    }
    const bool wasInFunction = m_inFunction;
    const bool wasInClass = m_inClass;
    const int loops = m_loopDepth;
    FunctionNode *outer = m_function;
    const bool wasInAsync = m_inAsyncFunction;
    m_inFunction = false;
    m_inAsyncFunction = false;
    m_inClass = true;
    m_loopDepth = 0;
    m_function = nullptr;
    n->body = parseBlock(u"class definition"_s, classToken);
    m_inFunction = wasInFunction;
    m_inAsyncFunction = wasInAsync;
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
    while (at(Code::Dot)) {
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
        if (accept(Code::As)) {
            if (!atIdentifier())
                invalidSyntax();
            in.asName = nameNode(cur());
            advance();
        } else {
            in.asName = nameNode(*nameToken);
        }
        n->names->push_back(in);
    } while (accept(Code::Comma));
    return finish(n);
}

Stmt *ParserImpl::parseFromImport()
{
    const PythonToken &first = cur();
    advance();
    auto *n = make<ImportNode>(NodeKind::ImportFrom, first);
    n->names = m_arena.makeOwned<std::vector<ImportName>>();
    while (at(Code::Dot) || at(Code::Ellipsis)) {
        n->level += int(cur().text.size());
        advance();
    }
    QString module;
    if (!at(Code::Import))
        module = parseDottedName(nullptr);
    else if (n->level == 0)
        invalidSyntax();
    n->module = m_program.intern(module);
    if (!accept(Code::Import))
        invalidSyntax();
    if (at(Code::Star)) {
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
    const bool parenthesized = accept(Code::LParen);
    do {
        if (parenthesized && at(Code::RParen))
            break;
        if (!atIdentifier())
            invalidSyntax();
        const PythonToken &nameToken = cur();
        ImportName in;
        in.name = m_program.intern(nameToken.text);
        in.line = nameToken.line;
        in.column = nameToken.column;
        advance();
        if (accept(Code::As)) {
            if (!atIdentifier())
                invalidSyntax();
            in.asName = nameNode(cur());
            advance();
        } else {
            in.asName = nameNode(nameToken);
        }
        n->names->push_back(in);
    } while (accept(Code::Comma));
    if (parenthesized)
        expect(Code::RParen, u")");
    else if (at(Code::Comma))
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
    } while (accept(Code::Comma));
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
        if (atType(TokenType::Newline) || at(Code::Semicolon))
            break;
        Expr *t = parseTargetElement();
        checkTarget(t, TargetUse::Delete);
        targets.append(t);
    } while (accept(Code::Comma));
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
    if (!atType(TokenType::Newline) && !at(Code::Semicolon))
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
    if (!atType(TokenType::Newline) && !at(Code::Semicolon)) {
        n->exception = parseExpression();
        if (accept(Code::From))
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
    if (accept(Code::Comma))
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
    case NodeKind::Await: return u"await expression"_s;
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
    if (at(Code::Star)) {
        advance();
        auto *n = make<StarredNode>(NodeKind::Starred, first);
        n->value = parseTargetElement();
        return finish(n);
    }
    if (at(Code::LParen) || at(Code::LBracket)) {
        // A nested target list, unless it is the start of a primary: (a).b, [x][0].
        const qsizetype save = m_pos;
        const int saveEnd = m_lastEnd;
        const bool paren = at(Code::LParen);
        advance();
        Vec<Expr> elements;
        bool comma = false;
        bool ok = true;
        while (!at(paren ? Code::RParen : Code::RBracket)) {
            if (atType(TokenType::EndMarker) || atType(TokenType::Newline)) {
                ok = false;
                break;
            }
            elements.append(parseTargetElement());
            if (!accept(Code::Comma))
                break;
            comma = true;
        }
        if (ok && at(paren ? Code::RParen : Code::RBracket)) {
            advance();
            const PythonToken &after = cur();
            const bool trailer = after.code == Code::Dot || after.code == Code::LBracket || after.code == Code::LParen;
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
    if (!at(Code::Comma))
        return e;
    Vec<Expr> elements;
    elements.append(e);
    while (accept(Code::Comma)) {
        if (at(Code::In) || at(Code::Assign) || at(Code::Colon))
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
    if (!at(Code::Comma))
        return e;
    Vec<Expr> elements;
    elements.append(e);
    while (accept(Code::Comma)) {
        if (!atExpressionStart() && !at(Code::Star))
            break;
        elements.append(parseStarExpression());
    }
    auto *seq = make<SequenceNode>(NodeKind::Tuple, first);
    seq->elements = list(elements);
    return finish(seq);
}

Expr *ParserImpl::parseStarExpression()
{
    if (at(Code::Star)) {
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
    if (at(Code::Star)) {
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
    if (atIdentifier() && peek().code == Code::Walrus) {
        const PythonToken &first = cur();
        auto *n = make<NamedExprNode>(NodeKind::NamedExpr, first);
        n->target = nameNode(first);
        advance();
        advance();
        n->value = parseExpression();
        return finish(n);
    }
    Expr *e = parseExpression();
    if (at(Code::Walrus))
        error(e, u"cannot use assignment expressions with "_s + describeForTarget(e));
    return e;
}

Expr *ParserImpl::parseExpression()
{
    NestingGuard guard(*this);
    if (at(Code::Lambda))
        return parseLambda();
    Expr *e = parseDisjunction();
    if (at(Code::If)) {
        advance();
        auto *n = makeAt<IfExpNode>(NodeKind::IfExp, e);
        n->body = e;
        n->test = parseDisjunction();
        if (!accept(Code::Else))
            error(cur(), u"expected 'else' after 'if' expression"_s);
        n->orelse = parseExpression();
        return finish(n);
    }
    return e;
}

Expr *ParserImpl::parseDisjunction()
{
    Expr *e = parseConjunction();
    if (!at(Code::Or))
        return e;
    Vec<Expr> values;
    values.append(e);
    while (accept(Code::Or))
        values.append(parseConjunction());
    auto *n = makeAt<BoolOpNode>(NodeKind::BoolOp, e);
    n->isAnd = false;
    n->values = list(values);
    return finish(n);
}

Expr *ParserImpl::parseConjunction()
{
    Expr *e = parseInversion();
    if (!at(Code::And))
        return e;
    Vec<Expr> values;
    values.append(e);
    while (accept(Code::And))
        values.append(parseInversion());
    auto *n = makeAt<BoolOpNode>(NodeKind::BoolOp, e);
    n->isAnd = true;
    n->values = list(values);
    return finish(n);
}

Expr *ParserImpl::parseInversion()
{
    if (at(Code::Not)) {
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
            switch (t.code) {
            case Code::Equal: op = CompareOperator::Eq; break;
            case Code::NotEqual: op = CompareOperator::NotEq; break;
            case Code::Less: op = CompareOperator::Lt; break;
            case Code::LessEqual: op = CompareOperator::LtE; break;
            case Code::Greater: op = CompareOperator::Gt; break;
            case Code::GreaterEqual: op = CompareOperator::GtE; break;
            default: op = CompareOperator::Eq; width = 0; break;
            }
            if (width == 0)
                break;
        } else if (t.code == Code::In) {
            op = CompareOperator::In;
        } else if (t.code == Code::Not && peek().code == Code::In) {
            op = CompareOperator::NotIn;
            width = 2;
        } else if (t.code == Code::Is) {
            if (peek().code == Code::Not) {
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

// The binary operator at the current token and its level (0 loosest: |,
// then ^, &, shifts, + -, and 5: * / // % @), or -1.
int binaryLevel(const PythonToken &t, BinaryOperator &op)
{
    switch (t.code) {
    case Code::Pipe: op = BinaryOperator::BitOr; return 0;
    case Code::Caret: op = BinaryOperator::BitXor; return 1;
    case Code::Amp: op = BinaryOperator::BitAnd; return 2;
    case Code::LShift: op = BinaryOperator::LShift; return 3;
    case Code::RShift: op = BinaryOperator::RShift; return 3;
    case Code::Plus: op = BinaryOperator::Add; return 4;
    case Code::Minus: op = BinaryOperator::Sub; return 4;
    case Code::Star: op = BinaryOperator::Mult; return 5;
    case Code::Slash: op = BinaryOperator::Div; return 5;
    case Code::DoubleSlash: op = BinaryOperator::FloorDiv; return 5;
    case Code::Percent: op = BinaryOperator::Mod; return 5;
    case Code::At: op = BinaryOperator::MatMult; return 5;
    default: return -1;
    }
}

// Precedence climbing: the operators of `minLevel` and tighter, left-associative.
Expr *ParserImpl::parseBinary(int minLevel)
{
    Expr *left = parseFactor();
    while (true) {
        BinaryOperator op = BinaryOperator::Add;
        const int level = binaryLevel(cur(), op);
        if (level < minLevel)
            return left;
        const int operatorColumn = cur().column;
        advance();
        NestingGuard guard(*this);
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
    if (t.code == Code::Minus || t.code == Code::Plus || t.code == Code::Tilde) {
        NestingGuard guard(*this);
        advance();
        auto *n = make<UnaryOpNode>(NodeKind::UnaryOp, t);
        n->op = t.code == Code::Minus ? UnaryOperator::USub : t.code == Code::Plus ? UnaryOperator::UAdd : UnaryOperator::Invert;
        n->operand = parseFactor();
        return finish(n);
    }
    return parsePower();
}

Expr *ParserImpl::parsePower()
{
    Expr *base = nullptr;
    if (at(Code::Await)) {
        const PythonToken &awaitToken = cur();
        if (!m_inFunction)
            error(awaitToken, u"'await' outside function"_s);
        if (!m_inAsyncFunction)
            error(awaitToken, u"'await' outside async function"_s);
        NestingGuard guard(*this);
        advance();
        auto *n = make<AwaitNode>(NodeKind::Await, awaitToken);
        n->value = parsePrimary();
        base = finish(n);
    } else {
        base = parsePrimary();
    }
    if (!at(Code::DoubleStar))
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
        if (at(Code::Dot)) {
            advance();
            if (!atIdentifier())
                invalidSyntax();
            auto *n = makeAt<AttributeNode>(NodeKind::Attribute, e);
            n->value = e;
            n->attr = m_program.intern(cur().text);
            advance();
            e = finish(n);
        } else if (at(Code::LParen)) {
            e = parseCall(e);
        } else if (at(Code::LBracket)) {
            e = parseSubscript(e);
        } else {
            break;
        }
    }
    Q_UNUSED(forTarget);
    return e;
}

void ParserImpl::parseCallArguments(Vec<Expr> &args, const std::vector<Keyword> *&keywordsOut, bool &hasStar,
                                    Code close, const PythonToken &open, bool allowGenerator,
                                    Expr **generator)
{
    // Most calls have no keywords: they share one empty list.
    static const std::vector<Keyword> kNone;
    std::vector<Keyword> collected;
    std::vector<Keyword> *keywords = &collected;
    struct Store
    {
        ParserImpl &p;
        std::vector<Keyword> &collected;
        const std::vector<Keyword> *&out;
        ~Store()
        {
            if (collected.empty()) {
                out = &kNone;
            } else {
                auto *v = p.m_arena.makeOwned<std::vector<Keyword>>();
                v->swap(collected);
                out = v;
            }
        }
    } store{*this, collected, keywordsOut};
    bool sawKeyword = false;
    bool sawKwargs = false;
    const PythonToken *firstKwargs = nullptr;
    int count = 0;
    while (!at(close)) {
        const PythonToken &t = cur();
        ++count;
        if (at(Code::DoubleStar)) {
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
        } else if (at(Code::Star)) {
            if (sawKwargs)
                error(*firstKwargs, u"iterable argument unpacking follows keyword argument unpacking"_s);
            advance();
            auto *n = make<StarredNode>(NodeKind::Starred, t);
            n->value = parseExpression();
            args.append(finish(n));
            hasStar = true;
        } else if (atIdentifier() && peek().code == Code::Assign) {
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
            if (at(Code::Assign))
                error(e, u"expression cannot contain assignment, perhaps you meant \"==\"?"_s);
            if (atComprehensionFor()) {
                if (!allowGenerator)
                    error(e, u"invalid syntax"_s);
                auto *g = static_cast<ComprehensionNode *>(
                    parseComprehension(NodeKind::GeneratorExp, open, e, nullptr, close, false));
                // The generator is the call's only argument: it owns the parentheses.
                if (count != 1 || !at(close))
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
        if (!accept(Code::Comma)) {
            if (!at(close) && atExpressionStart())
                error(cur(), u"invalid syntax. Perhaps you forgot a comma?"_s);
            break;
        }
        if (generator && *generator)
            error(static_cast<ComprehensionNode *>(*generator)->element, u"Generator expression must be parenthesized"_s);
    }
    if (!at(close))
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
    parseCallArguments(args, n->keywords, n->hasStarArgs, Code::RParen, open, true, &generator);
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
    if (!at(Code::Colon)) {
        if (at(Code::Star))
            return parseStarExpression();
        lower = parseNamedExpression();
        if (!at(Code::Colon))
            return lower;
    }
    auto *n = make<SliceNode>(NodeKind::Slice, first);
    n->lower = lower;
    advance(); // ':'
    if (!at(Code::Colon) && !at(Code::RBracket) && !at(Code::Comma))
        n->upper = parseExpression();
    if (accept(Code::Colon)) {
        if (!at(Code::RBracket) && !at(Code::Comma))
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
    if (at(Code::Comma)) {
        Vec<Expr> elements;
        elements.append(index);
        while (accept(Code::Comma)) {
            if (at(Code::RBracket))
                break;
            elements.append(parseSlice());
        }
        auto *tuple = make<SequenceNode>(NodeKind::Tuple, first);
        tuple->elements = list(elements);
        index = finish(tuple);
    }
    n->index = index;
    if (!at(Code::RBracket))
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
        if (t.code == Code::NoneKeyword || t.code == Code::True || t.code == Code::False) {
            Value v = t.code == Code::NoneKeyword ? Value::none() : Value::fromBool(t.code == Code::True);
            advance();
            return constant(t, v);
        }
        if (t.isKeyword()) {
            if (t.code == Code::Yield)
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
        if (t.code == Code::LParen)
            return parseParenthesized();
        if (t.code == Code::LBracket)
            return parseListDisplay();
        if (t.code == Code::LBrace)
            return parseBraceDisplay();
        if (t.code == Code::Ellipsis) {
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
    if (at(Code::RParen)) {
        advance();
        auto *n = make<SequenceNode>(NodeKind::Tuple, open);
        n->flags |= Node::Parenthesized;
        return finish(n);
    }
    if (at(Code::Yield)) {
        Expr *y = parseYield();
        expect(Code::RParen, u")");
        markParenthesized(y, open);
        return y;
    }
    Expr *first = parseStarNamedExpression();
    if (atComprehensionFor()) {
        if (first->kind == NodeKind::Starred)
            error(first, u"iterable unpacking cannot be used in comprehension"_s);
        return parseComprehension(NodeKind::GeneratorExp, open, first, nullptr, Code::RParen);
    }
    if (!at(Code::Comma)) {
        if (!at(Code::RParen)) {
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
    while (accept(Code::Comma)) {
        if (at(Code::RParen))
            break;
        elements.append(parseStarNamedExpression());
    }
    if (!at(Code::RParen)) {
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
    if (!at(Code::RBracket)) {
        Expr *first = parseStarNamedExpression();
        if (atComprehensionFor()) {
            if (first->kind == NodeKind::Starred)
                error(first, u"iterable unpacking cannot be used in comprehension"_s);
            return parseComprehension(NodeKind::ListComp, open, first, nullptr, Code::RBracket);
        }
        elements.append(first);
        while (accept(Code::Comma)) {
            if (at(Code::RBracket))
                break;
            elements.append(parseStarNamedExpression());
        }
    }
    if (!at(Code::RBracket)) {
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
    if (at(Code::RBrace)) {
        advance();
        return finish(make<DictNode>(NodeKind::Dict, open));
    }
    // A dict starts with `key:` or `**mapping`; anything else is a set.
    Expr *firstKey = nullptr;
    Expr *firstValue = nullptr;
    if (at(Code::DoubleStar)) {
        advance();
        firstValue = parseBinary(0);
    } else {
        Expr *e = parseStarNamedExpression();
        if (accept(Code::Colon)) {
            if (e->kind == NodeKind::Starred)
                error(e, u"cannot use a starred expression in a dictionary value"_s);
            firstKey = e;
            firstValue = parseExpression();
            if (atComprehensionFor())
                return parseComprehension(NodeKind::DictComp, open, firstKey, firstValue, Code::RBrace);
        } else {
            if (atComprehensionFor()) {
                if (e->kind == NodeKind::Starred)
                    error(e, u"iterable unpacking cannot be used in comprehension"_s);
                return parseComprehension(NodeKind::SetComp, open, e, nullptr, Code::RBrace);
            }
            Vec<Expr> elements;
            elements.append(e);
            while (accept(Code::Comma)) {
                if (at(Code::RBrace))
                    break;
                elements.append(parseStarNamedExpression());
            }
            if (!at(Code::RBrace)) {
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
    while (accept(Code::Comma)) {
        if (at(Code::RBrace))
            break;
        if (accept(Code::DoubleStar)) {
            keys.append(nullptr);
            values.append(parseBinary(0));
            continue;
        }
        Expr *k = parseExpression();
        if (!accept(Code::Colon)) {
            if (at(Code::Comma) || at(Code::RBrace))
                error(k, u"':' expected after dictionary key"_s);
            invalidSyntax();
        }
        keys.append(k);
        values.append(parseExpression());
    }
    if (!at(Code::RBrace)) {
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
    while (at(Code::For) || (at(Code::Async) && peek().code == Code::For)) {
        Comprehension c;
        if (at(Code::Async)) {
            if (!m_inAsyncFunction)
                m_asyncComprehensionOutside = true;
            c.isAsync = true;
            advance();
        }
        advance();
        c.target = parseTargetList();
        checkTarget(c.target, TargetUse::For);
        if (!accept(Code::In))
            invalidSyntax();
        c.iter = parseDisjunction();
        Vec<Expr> ifs;
        while (accept(Code::If))
            ifs.append(parseDisjunction());
        c.ifs = list(ifs);
        generators->push_back(c);
    }
    return generators;
}

Expr *ParserImpl::parseComprehension(NodeKind kind, const PythonToken &open, Expr *element, Expr *value,
                                     Code close, bool consumeClose)
{
    auto *n = make<ComprehensionNode>(kind, open);
    n->element = element;
    n->value = value;
    ++m_comprehensionDepth;
    const bool wasAsyncOutside = m_asyncComprehensionOutside;
    m_asyncComprehensionOutside = false;
    n->generators = parseComprehensionClauses();
    // A generator expression may be asynchronous anywhere (it makes an
    // async generator); the others only run inside a coroutine.
    if (m_asyncComprehensionOutside && kind != NodeKind::GeneratorExp)
        error(n, u"asynchronous comprehension outside of an asynchronous function"_s);
    m_asyncComprehensionOutside = wasAsyncOutside;
    --m_comprehensionDepth;
    if (!at(close)) {
        if (close == Code::RParen && at(Code::Comma))
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
    n->parameters = parseParameters(true, Code::Colon);
    advance(); // ':'
    const bool wasInFunction = m_inFunction;
    const bool wasInAsync = m_inAsyncFunction;
    FunctionNode *outer = m_function;
    m_inFunction = true;
    m_inAsyncFunction = false;
    m_function = n;
    const PythonToken &bodyStart = cur();
    Expr *body = parseExpression();
    m_inFunction = wasInFunction;
    m_inAsyncFunction = wasInAsync;
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
    if (accept(Code::From)) {
        n->isFrom = true;
        n->value = parseExpression();
    } else if (!atType(TokenType::Newline) && !at(Code::RParen) && !at(Code::Assign) && !at(Code::Semicolon)
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
        sub.m_inAsyncFunction = m_inAsyncFunction;
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
        // One literal (nearly always): share its decoded value, no copy.
        // (What appending it to a null string gives, empty or not.)
        QString joined = cur().value;
        advance();
        for (qsizetype i = 1; i < count; ++i) {
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

namespace {

Result<ProgramPtr> parseTokens(std::shared_ptr<Program> program, const QList<PythonToken> &tokens, bool skipBodies)
{
    try {
        ParserImpl parser(*program, tokens, skipBodies);
        ModuleNode *module = parser.parseModule();
        program->setModule(module);
        if (auto resolved = ScopeResolver::resolve(*program, module); !resolved)
            return std::unexpected(resolved.error());
    } catch (const SyntaxError &e) {
        return std::unexpected(e.error);
    }
    return ProgramPtr(std::move(program));
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
    return parseTokens(std::move(program), *tokens, options.skipFunctionBodies);
}

Result<ProgramPtr> Parser::parse(const QString &source, const QString &fileName, const QList<PythonToken> &tokens)
{
    // The program's source shares `source`'s characters, which the tokens view.
    return parseTokens(std::make_shared<Program>(fileName, source), tokens, false);
}

ExpressionParser::ExpressionParser(const QList<PythonToken> &tokens, const QString &source, QString fileName)
    : m_tokens(tokens), m_source(source), m_fileName(std::move(fileName))
{
}

ExpressionParser::~ExpressionParser() = default;

Result<const Node *> ExpressionParser::parse(qsizetype &pos, bool tuple)
{
    // One scratch Program per thread for every expression of every file:
    // its arena block and its interned names ("op", "sa", "Column", ...)
    // serve them all, where a Program per file paid for them each time.
    // Nodes die at the next parse on the thread, which is why they are
    // lowered before anything else is parsed. The name table is bounded by
    // the scripts' vocabulary; a pathological one starts afresh.
    thread_local std::unique_ptr<Program> scratch;
    if (!scratch || scratch->internedCount() > 65536)
        scratch = std::make_unique<Program>(m_fileName, m_source);
    else
        scratch->reuse(m_fileName, m_source);
    try {
        ParserImpl parser(*scratch, m_tokens, false);
        return parser.parseExpressionAt(pos, tuple);
    } catch (const SyntaxError &e) {
        return std::unexpected(e.error);
    }
}

Result<ProgramPtr> Parser::parseFile(const QString &path, Options options)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"cannot read the file: "_s + file.errorString()));
    return parse(QString::fromUtf8(file.readAll()), path, options);
}

} // namespace pm::python
