#include "python/scoperesolver.h"

#include <deque>

#include <QHash>
#include <QSet>

#include "python/ast.h"
#include "python/objects.h"

using namespace Qt::StringLiterals;

namespace pm::python {

namespace {

constexpr int kMaxDepth = 1000;

struct ResolveError
{
    Error error;
};

struct ScopeData
{
    enum class Type : quint8 { Module, Function, Comprehension, Class };
    Type type = Type::Module;
    ScopeData *parent = nullptr;
    Node *node = nullptr;
    std::vector<const Value *> boundOrder; // parameters first
    QSet<const Value *> bound;
    QSet<const Value *> used;
    QSet<const Value *> globals;
    QHash<const Value *, const Node *> nonlocals; // name -> its statement
    QSet<const Value *> parameters;
    std::vector<NameNode *> uses; // every Name occurring in this scope
    QHash<const Value *, int> slotOf;
};

class Resolver
{
public:
    explicit Resolver(Program &program) : m_program(program) {}

    void run(ModuleNode *module)
    {
        ScopeData *scope = newScope(ScopeData::Type::Module, nullptr, module);
        visitBody(module->body, scope);
        for (ScopeData &s : m_scopes)
            resolveScope(s);
    }

private:
    [[noreturn]] void error(int line, int column, QString message) const
    {
        throw ResolveError{Error(m_program.fileName(), line, column, std::move(message))};
    }
    [[noreturn]] void error(const Node *n, QString message) const { error(n->line, n->column, std::move(message)); }

    struct DepthGuard
    {
        Resolver &r;
        DepthGuard(Resolver &resolver, const Node *n) : r(resolver)
        {
            if (++r.m_depth > kMaxDepth)
                r.error(n, u"this is nested too deeply (more than "_s + QString::number(kMaxDepth) + u" levels)"_s);
        }
        ~DepthGuard() { --r.m_depth; }
    };

    ScopeData *newScope(ScopeData::Type type, ScopeData *parent, Node *node)
    {
        m_scopes.emplace_back();
        ScopeData *s = &m_scopes.back();
        s->type = type;
        s->parent = parent;
        s->node = node;
        return s;
    }

    void use(NameNode *n, ScopeData *scope)
    {
        scope->uses.push_back(n);
        scope->used.insert(n->id);
    }
    void bindName(const Value *name, ScopeData *scope)
    {
        if (!scope->bound.contains(name)) {
            scope->bound.insert(name);
            scope->boundOrder.push_back(name);
        }
    }
    void bind(NameNode *n, ScopeData *scope)
    {
        bindName(n->id, scope);
        use(n, scope);
    }

    void visitBody(const NodeList<Stmt> &body, ScopeData *scope)
    {
        for (Stmt *s : body)
            visitStmt(s, scope);
    }
    void visitTarget(Expr *e, ScopeData *scope)
    {
        DepthGuard guard(*this, e);
        switch (e->kind) {
        case NodeKind::Name:
            bind(static_cast<NameNode *>(e), scope);
            break;
        case NodeKind::Tuple:
        case NodeKind::List:
            for (Expr *el : static_cast<SequenceNode *>(e)->elements)
                visitTarget(el, scope);
            break;
        case NodeKind::Starred:
            visitTarget(static_cast<StarredNode *>(e)->value, scope);
            break;
        default:
            visitExpr(e, scope); // attribute and subscript targets read their parts
            break;
        }
    }
    void visitOptional(Expr *e, ScopeData *scope)
    {
        if (e)
            visitExpr(e, scope);
    }
    void visitList(const NodeList<Expr> &list, ScopeData *scope)
    {
        for (Expr *e : list)
            if (e)
                visitExpr(e, scope);
    }

    void visitFunction(FunctionNode *f, ScopeData *scope)
    {
        // Defaults and decorators belong to the defining scope; annotations are never evaluated.
        visitList(f->decorators, scope);
        for (const Parameter &p : *f->parameters)
            visitOptional(p.defaultValue, scope);
        ScopeData *inner = newScope(ScopeData::Type::Function, scope, f);
        for (const Parameter &p : *f->parameters) {
            bindName(p.name, inner);
            inner->parameters.insert(p.name);
        }
        visitBody(f->body, inner);
    }

    void visitComprehension(ComprehensionNode *c, ScopeData *scope)
    {
        const std::vector<Comprehension> &gens = *c->generators;
        visitExpr(gens.front().iter, scope);
        ScopeData *inner = newScope(ScopeData::Type::Comprehension, scope, c);
        for (size_t i = 0; i < gens.size(); ++i) {
            if (i > 0)
                visitExpr(gens[i].iter, inner);
            visitTarget(gens[i].target, inner);
            visitList(gens[i].ifs, inner);
        }
        visitExpr(c->element, inner);
        visitOptional(c->value, inner);
    }

    void visitExpr(Expr *e, ScopeData *scope)
    {
        DepthGuard guard(*this, e);
        switch (e->kind) {
        case NodeKind::Name:
            use(static_cast<NameNode *>(e), scope);
            break;
        case NodeKind::Constant:
        case NodeKind::BadConstant:
            break;
        case NodeKind::JoinedStr:
            visitList(static_cast<JoinedStrNode *>(e)->values, scope);
            break;
        case NodeKind::FormattedValue: {
            auto *n = static_cast<FormattedValueNode *>(e);
            visitExpr(n->value, scope);
            visitOptional(n->formatSpec, scope);
            break;
        }
        case NodeKind::Tuple:
        case NodeKind::List:
        case NodeKind::Set:
            visitList(static_cast<SequenceNode *>(e)->elements, scope);
            break;
        case NodeKind::Dict: {
            auto *n = static_cast<DictNode *>(e);
            visitList(n->keys, scope);
            visitList(n->values, scope);
            break;
        }
        case NodeKind::ListComp:
        case NodeKind::SetComp:
        case NodeKind::DictComp:
        case NodeKind::GeneratorExp:
            visitComprehension(static_cast<ComprehensionNode *>(e), scope);
            break;
        case NodeKind::Attribute:
            visitExpr(static_cast<AttributeNode *>(e)->value, scope);
            break;
        case NodeKind::Subscript: {
            auto *n = static_cast<SubscriptNode *>(e);
            visitExpr(n->value, scope);
            visitExpr(n->index, scope);
            break;
        }
        case NodeKind::Slice: {
            auto *n = static_cast<SliceNode *>(e);
            visitOptional(n->lower, scope);
            visitOptional(n->upper, scope);
            visitOptional(n->step, scope);
            break;
        }
        case NodeKind::Call: {
            auto *n = static_cast<CallNode *>(e);
            visitExpr(n->func, scope);
            visitList(n->args, scope);
            for (const Keyword &k : *n->keywords)
                visitExpr(k.value, scope);
            break;
        }
        case NodeKind::Starred:
            visitExpr(static_cast<StarredNode *>(e)->value, scope);
            break;
        case NodeKind::UnaryOp:
            visitExpr(static_cast<UnaryOpNode *>(e)->operand, scope);
            break;
        case NodeKind::BinOp: {
            auto *n = static_cast<BinOpNode *>(e);
            visitExpr(n->left, scope);
            visitExpr(n->right, scope);
            break;
        }
        case NodeKind::BoolOp:
            visitList(static_cast<BoolOpNode *>(e)->values, scope);
            break;
        case NodeKind::Compare: {
            auto *n = static_cast<CompareNode *>(e);
            visitExpr(n->left, scope);
            visitList(n->comparators, scope);
            break;
        }
        case NodeKind::IfExp: {
            auto *n = static_cast<IfExpNode *>(e);
            visitExpr(n->test, scope);
            visitExpr(n->body, scope);
            visitExpr(n->orelse, scope);
            break;
        }
        case NodeKind::Lambda:
            visitFunction(static_cast<FunctionNode *>(e), scope);
            break;
        case NodeKind::NamedExpr: {
            auto *n = static_cast<NamedExprNode *>(e);
            visitExpr(n->value, scope);
            // Inside a comprehension, := binds in the enclosing function.
            ScopeData *target = scope;
            while (target->type == ScopeData::Type::Comprehension)
                target = target->parent;
            if (target != scope && target->type == ScopeData::Type::Class)
                error(n, u"assignment expression within a comprehension cannot be used in a class body"_s);
            bindName(n->target->id, target);
            use(n->target, scope);
            break;
        }
        case NodeKind::Yield:
            visitOptional(static_cast<YieldNode *>(e)->value, scope);
            break;
        case NodeKind::Await:
            visitExpr(static_cast<AwaitNode *>(e)->value, scope);
            break;
        default:
            break;
        }
    }

    void declare(const NameListNode *n, ScopeData *scope)
    {
        const bool global = n->kind == NodeKind::Global;
        const QString what = global ? u"global"_s : u"nonlocal"_s;
        for (const Value *name : *n->names) {
            const QString text = name->text();
            if (scope->parameters.contains(name))
                error(n, u"name '"_s + text + u"' is parameter and "_s + what);
            if (scope->bound.contains(name))
                error(n, u"name '"_s + text + u"' is assigned to before "_s + what + u" declaration"_s);
            if (scope->used.contains(name))
                error(n, u"name '"_s + text + u"' is used prior to "_s + what + u" declaration"_s);
            if (global) {
                if (scope->nonlocals.contains(name))
                    error(n, u"name '"_s + text + u"' is nonlocal and global"_s);
                scope->globals.insert(name);
            } else {
                if (scope->globals.contains(name))
                    error(n, u"name '"_s + text + u"' is nonlocal and global"_s);
                scope->nonlocals.insert(name, n);
            }
        }
    }

    void visitStmt(Stmt *s, ScopeData *scope)
    {
        DepthGuard guard(*this, s);
        switch (s->kind) {
        case NodeKind::Expr:
            visitExpr(static_cast<ExprStmtNode *>(s)->value, scope);
            break;
        case NodeKind::Assign: {
            auto *n = static_cast<AssignNode *>(s);
            visitExpr(n->value, scope);
            for (Expr *t : n->targets)
                visitTarget(t, scope);
            break;
        }
        case NodeKind::AugAssign: {
            auto *n = static_cast<AugAssignNode *>(s);
            visitExpr(n->value, scope);
            visitTarget(n->target, scope);
            break;
        }
        case NodeKind::AnnAssign: {
            auto *n = static_cast<AnnAssignNode *>(s);
            visitOptional(n->value, scope);
            visitTarget(n->target, scope);
            break;
        }
        case NodeKind::If: {
            auto *n = static_cast<IfNode *>(s);
            visitExpr(n->test, scope);
            visitBody(n->body, scope);
            visitBody(n->orelse, scope);
            break;
        }
        case NodeKind::For: {
            auto *n = static_cast<ForNode *>(s);
            visitExpr(n->iter, scope);
            visitTarget(n->target, scope);
            visitBody(n->body, scope);
            visitBody(n->orelse, scope);
            break;
        }
        case NodeKind::While: {
            auto *n = static_cast<WhileNode *>(s);
            visitExpr(n->test, scope);
            visitBody(n->body, scope);
            visitBody(n->orelse, scope);
            break;
        }
        case NodeKind::FunctionDef: {
            auto *n = static_cast<FunctionNode *>(s);
            visitFunction(n, scope);
            bind(n->target, scope);
            break;
        }
        case NodeKind::ClassDef: {
            auto *n = static_cast<ClassNode *>(s);
            visitList(n->decorators, scope);
            visitList(n->bases, scope);
            for (const Keyword &k : *n->keywords)
                visitExpr(k.value, scope);
            ScopeData *inner = newScope(ScopeData::Type::Class, scope, n);
            visitBody(n->body, inner);
            bind(n->target, scope);
            break;
        }
        case NodeKind::Return:
            visitOptional(static_cast<ReturnNode *>(s)->value, scope);
            break;
        case NodeKind::With: {
            auto *n = static_cast<WithNode *>(s);
            for (const WithItem &item : *n->items) {
                visitExpr(item.context, scope);
                if (item.target)
                    visitTarget(item.target, scope);
            }
            visitBody(n->body, scope);
            break;
        }
        case NodeKind::Try: {
            auto *n = static_cast<TryNode *>(s);
            visitBody(n->body, scope);
            for (ExceptHandler &h : *n->handlers) {
                visitOptional(h.type, scope);
                if (h.name)
                    bind(h.name, scope);
                visitBody(h.body, scope);
            }
            visitBody(n->orelse, scope);
            visitBody(n->finalbody, scope);
            break;
        }
        case NodeKind::Raise: {
            auto *n = static_cast<RaiseNode *>(s);
            visitOptional(n->exception, scope);
            visitOptional(n->cause, scope);
            break;
        }
        case NodeKind::Assert: {
            auto *n = static_cast<AssertNode *>(s);
            visitExpr(n->test, scope);
            visitOptional(n->message, scope);
            break;
        }
        case NodeKind::Import:
        case NodeKind::ImportFrom:
            for (ImportName &in : *static_cast<ImportNode *>(s)->names)
                if (in.asName)
                    bind(in.asName, scope);
            break;
        case NodeKind::Global:
        case NodeKind::Nonlocal:
            declare(static_cast<NameListNode *>(s), scope);
            break;
        case NodeKind::Delete:
            for (Expr *t : static_cast<DeleteNode *>(s)->targets)
                visitTarget(t, scope);
            break;
        default:
            break;
        }
    }

    // Finds `name` outside `from` for a free variable; returns false if it is global.
    bool findEnclosing(const ScopeData *from, const Value *name, bool fromClass, quint16 &depth, int &slot) const
    {
        int hops = 0;
        for (const ScopeData *p = from->parent; p; p = p->parent) {
            if (p->type == ScopeData::Type::Class)
                continue;
            if (p->type == ScopeData::Type::Module)
                return false;
            ++hops;
            if (p->globals.contains(name))
                return false;
            const auto it = p->slotOf.constFind(name);
            if (it != p->slotOf.constEnd()) {
                depth = quint16(fromClass ? hops - 1 : hops);
                slot = it.value();
                return true;
            }
        }
        return false;
    }

    void resolveScope(ScopeData &s)
    {
        using Type = ScopeData::Type;
        if (s.type == Type::Module) {
            for (NameNode *n : s.uses)
                n->scope = Scope::Global;
            return;
        }
        if (s.type == Type::Class) {
            for (NameNode *n : s.uses) {
                if (s.globals.contains(n->id)) {
                    n->scope = Scope::Global;
                    continue;
                }
                n->scope = Scope::ClassBody;
                quint16 depth = 0;
                int slot = -1;
                if (findEnclosing(&s, n->id, true, depth, slot)) {
                    n->fallback = Scope::Free;
                    n->depth = depth;
                    n->slot = slot;
                } else {
                    n->fallback = Scope::Global;
                }
            }
            return;
        }
        // A function or comprehension: its locals get slots.
        std::vector<const Value *> names;
        for (const Value *name : s.boundOrder) {
            if (s.globals.contains(name) || s.nonlocals.contains(name))
                continue;
            s.slotOf.insert(name, int(names.size()));
            names.push_back(name);
        }
        ScopeInfo *info = s.type == Type::Function ? &static_cast<FunctionNode *>(s.node)->scope
                                                   : &static_cast<ComprehensionNode *>(s.node)->scope;
        info->slotCount = int(names.size());
        if (!names.empty()) {
            auto **mem = static_cast<const Value **>(
                m_program.arena().allocate(sizeof(const Value *) * names.size(), alignof(const Value *)));
            for (size_t i = 0; i < names.size(); ++i)
                mem[i] = names[i];
            info->slotNames = {mem, int(names.size())};
        }
        for (auto it = s.nonlocals.constBegin(); it != s.nonlocals.constEnd(); ++it) {
            quint16 depth = 0;
            int slot = -1;
            if (!findEnclosing(&s, it.key(), false, depth, slot))
                error(it.value(), u"no binding for nonlocal '"_s + it.key()->text() + u"' found"_s);
        }
        for (NameNode *n : s.uses) {
            if (s.globals.contains(n->id)) {
                n->scope = Scope::Global;
                continue;
            }
            const auto it = s.slotOf.constFind(n->id);
            if (it != s.slotOf.constEnd()) {
                n->scope = Scope::Local;
                n->slot = it.value();
                continue;
            }
            quint16 depth = 0;
            int slot = -1;
            if (findEnclosing(&s, n->id, false, depth, slot)) {
                n->scope = Scope::Free;
                n->depth = depth;
                n->slot = slot;
            } else {
                n->scope = Scope::Global;
            }
        }
    }

    Program &m_program;
    std::deque<ScopeData> m_scopes;
    int m_depth = 0;
};

} // namespace

Status ScopeResolver::resolve(Program &program, ModuleNode *module)
{
    try {
        Resolver resolver(program);
        resolver.run(module);
    } catch (const ResolveError &e) {
        return std::unexpected(e.error);
    }
    return {};
}

} // namespace pm::python
