#include "python/ast.h"

#include <QStringList>

#include "python/format.h"
#include "python/objects.h"

using namespace Qt::StringLiterals;

namespace pm::python {

QStringView operatorText(BinaryOperator op)
{
    switch (op) {
    case BinaryOperator::Add: return u"+";
    case BinaryOperator::Sub: return u"-";
    case BinaryOperator::Mult: return u"*";
    case BinaryOperator::MatMult: return u"@";
    case BinaryOperator::Div: return u"/";
    case BinaryOperator::FloorDiv: return u"//";
    case BinaryOperator::Mod: return u"%";
    case BinaryOperator::Pow: return u"** or pow()";
    case BinaryOperator::LShift: return u"<<";
    case BinaryOperator::RShift: return u">>";
    case BinaryOperator::BitOr: return u"|";
    case BinaryOperator::BitXor: return u"^";
    case BinaryOperator::BitAnd: return u"&";
    }
    return u"?";
}

QStringView operatorText(UnaryOperator op)
{
    switch (op) {
    case UnaryOperator::Not: return u"not";
    case UnaryOperator::USub: return u"-";
    case UnaryOperator::UAdd: return u"+";
    case UnaryOperator::Invert: return u"~";
    }
    return u"?";
}

QStringView operatorText(CompareOperator op)
{
    switch (op) {
    case CompareOperator::Eq: return u"==";
    case CompareOperator::NotEq: return u"!=";
    case CompareOperator::Lt: return u"<";
    case CompareOperator::LtE: return u"<=";
    case CompareOperator::Gt: return u">";
    case CompareOperator::GtE: return u">=";
    case CompareOperator::Is: return u"is";
    case CompareOperator::IsNot: return u"is not";
    case CompareOperator::In: return u"in";
    case CompareOperator::NotIn: return u"not in";
    }
    return u"?";
}

// ---------------------------------------------------------------- Arena

namespace {
constexpr size_t kBlockSize = 16 * 1024;
}

void Arena::reset()
{
    for (auto it = m_destructors.rbegin(); it != m_destructors.rend(); ++it)
        it->destroy(it->object);
    m_destructors.clear();
    if (m_blocks.empty())
        return;
    for (size_t i = 1; i < m_blocks.size(); ++i)
        ::operator delete(m_blocks[i]);
    m_blocks.resize(1);
    m_cursor = m_blocks.front();
    m_limit = m_cursor + m_firstBlockSize;
}

Arena::~Arena()
{
    for (auto it = m_destructors.rbegin(); it != m_destructors.rend(); ++it)
        it->destroy(it->object);
    for (char *b : m_blocks)
        ::operator delete(b);
}

void *Arena::allocate(size_t size, size_t align)
{
    auto aligned = [&](char *p) {
        return reinterpret_cast<char *>((reinterpret_cast<quintptr>(p) + align - 1) & ~quintptr(align - 1));
    };
    char *p = m_cursor ? aligned(m_cursor) : nullptr;
    if (!p || p + size > m_limit) {
        const size_t blockSize = std::max(kBlockSize, size + align);
        char *block = static_cast<char *>(::operator new(blockSize));
        if (m_blocks.empty())
            m_firstBlockSize = blockSize;
        m_blocks.push_back(block);
        m_cursor = block;
        m_limit = block + blockSize;
        p = aligned(m_cursor);
    }
    m_cursor = p + size;
    return p;
}

// ---------------------------------------------------------------- Program

Program::Program(QString fileName, QString source) : m_fileName(std::move(fileName)), m_source(std::move(source)) {}

const Value *Program::intern(QStringView name)
{
    const auto it = m_names.constFind(name);
    if (it != m_names.constEnd())
        return it.value();
    Value value = Value::str(name.toString());
    const auto *str = value.as<StrObject>();
    str->hash = hashText(str->text);
    str->hashed = true;
    m_internedNames.push_back(std::move(value));
    const Value *v = &m_internedNames.back();
    m_names.insert(QStringView(v->text()), v);
    return v;
}

void Program::reuse(QString fileName, QString source)
{
    m_fileName = std::move(fileName);
    m_source = std::move(source);
    m_module = nullptr;
    m_arena.reset();
    m_constants.clear();
}

const Value *Program::constant(Value value)
{
    // Hashed now, so that threads sharing the program never write to it.
    if (value.isStr()) {
        const auto *str = value.as<StrObject>();
        str->hash = hashText(str->text);
        str->hashed = true;
    }
    m_constants.push_back(std::move(value));
    return &m_constants.back();
}

const Value *Program::docstring() const
{
    if (!m_module || m_module->body.isEmpty())
        return nullptr;
    const Node *first = m_module->body[0];
    if (first->kind != NodeKind::Expr)
        return nullptr;
    const Node *value = static_cast<const ExprStmtNode *>(first)->value;
    if (value->kind != NodeKind::Constant)
        return nullptr;
    const Value *v = static_cast<const ConstantNode *>(value)->value;
    return v->isStr() ? v : nullptr;
}

// ---------------------------------------------------------------- dumps

namespace {

QString binaryName(BinaryOperator op)
{
    switch (op) {
    case BinaryOperator::Add: return u"Add()"_s;
    case BinaryOperator::Sub: return u"Sub()"_s;
    case BinaryOperator::Mult: return u"Mult()"_s;
    case BinaryOperator::MatMult: return u"MatMult()"_s;
    case BinaryOperator::Div: return u"Div()"_s;
    case BinaryOperator::FloorDiv: return u"FloorDiv()"_s;
    case BinaryOperator::Mod: return u"Mod()"_s;
    case BinaryOperator::Pow: return u"Pow()"_s;
    case BinaryOperator::LShift: return u"LShift()"_s;
    case BinaryOperator::RShift: return u"RShift()"_s;
    case BinaryOperator::BitOr: return u"BitOr()"_s;
    case BinaryOperator::BitXor: return u"BitXor()"_s;
    case BinaryOperator::BitAnd: return u"BitAnd()"_s;
    }
    return {};
}

QString compareName(CompareOperator op)
{
    switch (op) {
    case CompareOperator::Eq: return u"Eq()"_s;
    case CompareOperator::NotEq: return u"NotEq()"_s;
    case CompareOperator::Lt: return u"Lt()"_s;
    case CompareOperator::LtE: return u"LtE()"_s;
    case CompareOperator::Gt: return u"Gt()"_s;
    case CompareOperator::GtE: return u"GtE()"_s;
    case CompareOperator::Is: return u"Is()"_s;
    case CompareOperator::IsNot: return u"IsNot()"_s;
    case CompareOperator::In: return u"In()"_s;
    case CompareOperator::NotIn: return u"NotIn()"_s;
    }
    return {};
}

QString reprConstant(const Value &v)
{
    switch (v.kind()) {
    case Kind::None: return u"None"_s;
    case Kind::Bool: return v.asBool() ? u"True"_s : u"False"_s;
    case Kind::Ellipsis: return u"Ellipsis"_s;
    case Kind::Int: return QString::number(v.asInt());
    case Kind::Float: return reprFloat(v.asFloat());
    case Kind::Str: return reprStr(v.text());
    case Kind::Bytes: return reprBytes(v.as<BytesObject>()->data);
    default: return u"?"_s;
    }
}

// Walks a tree in the field order of CPython's ast module, writing
// ast.dump()'s text and, optionally, each located node.
class Dumper
{
public:
    explicit Dumper(const Program *program) : m_program(program) {}

    QStringList locations;

    // Children are dumped in separate statements: the order of the
    // locations list must be the order of the fields.
    QString node(const Node *n, const char *ctx = "Load")
    {
        if (!n)
            return u"None"_s;
        note(n);
        const QString c = u"ctx="_s + QLatin1StringView(ctx) + u"()"_s;
        QString s;
        switch (n->kind) {
        case NodeKind::Name:
            s = u"Name(id="_s + reprStr(static_cast<const NameNode *>(n)->id->text()) + u", "_s + c + u')';
            break;
        case NodeKind::Constant: {
            auto *k = static_cast<const ConstantNode *>(n);
            s = u"Constant(value="_s + reprConstant(*k->value) + (k->uPrefix ? u", kind='u'"_s : QString()) + u')';
            break;
        }
        case NodeKind::BadConstant:
            s = u"Constant(value=<unrepresentable>)"_s;
            break;
        case NodeKind::JoinedStr: {
            const bool wasInFString = m_inFString;
            m_inFString = true;
            s = u"JoinedStr(values="_s;
            s += nodes(static_cast<const JoinedStrNode *>(n)->values);
            s += u')';
            m_inFString = wasInFString;
            break;
        }
        case NodeKind::FormattedValue: {
            auto *f = static_cast<const FormattedValueNode *>(n);
            s = u"FormattedValue(value="_s;
            s += node(f->value);
            s += u", conversion="_s + QString::number(f->conversion ? int(f->conversion) : -1);
            if (f->formatSpec) {
                s += u", format_spec="_s;
                s += node(f->formatSpec);
            }
            s += u')';
            break;
        }
        case NodeKind::Tuple:
        case NodeKind::List:
        case NodeKind::Set: {
            auto *q = static_cast<const SequenceNode *>(n);
            s = n->kind == NodeKind::Tuple ? u"Tuple"_s : n->kind == NodeKind::List ? u"List"_s : u"Set"_s;
            s += u"(elts="_s;
            s += nodes(q->elements, ctx);
            if (n->kind != NodeKind::Set)
                s += u", "_s + c;
            s += u')';
            break;
        }
        case NodeKind::Dict: {
            auto *d = static_cast<const DictNode *>(n);
            // CPython lists keys then values; walk them that way too.
            s = u"Dict(keys="_s;
            s += nodes(d->keys);
            s += u", values="_s;
            s += nodes(d->values);
            s += u')';
            break;
        }
        case NodeKind::ListComp:
        case NodeKind::SetComp:
        case NodeKind::GeneratorExp:
        case NodeKind::DictComp: {
            auto *q = static_cast<const ComprehensionNode *>(n);
            s = n->kind == NodeKind::ListComp ? u"ListComp("_s
                : n->kind == NodeKind::SetComp  ? u"SetComp("_s
                : n->kind == NodeKind::GeneratorExp ? u"GeneratorExp("_s
                                                    : u"DictComp("_s;
            if (n->kind == NodeKind::DictComp) {
                s += u"key="_s;
                s += node(q->element);
                s += u", value="_s;
                s += node(q->value);
            } else {
                s += u"elt="_s;
                s += node(q->element);
            }
            s += u", generators=["_s;
            bool firstGen = true;
            for (const Comprehension &g : *q->generators) {
                if (!firstGen)
                    s += u", "_s;
                firstGen = false;
                s += u"comprehension(target="_s;
                s += node(g.target, "Store");
                s += u", iter="_s;
                s += node(g.iter);
                s += u", ifs="_s;
                s += nodes(g.ifs);
                s += g.isAsync ? u", is_async=1)"_s : u", is_async=0)"_s;
            }
            s += u"])"_s;
            break;
        }
        case NodeKind::Attribute: {
            auto *a = static_cast<const AttributeNode *>(n);
            s = u"Attribute(value="_s;
            s += node(a->value);
            s += u", attr="_s + reprStr(a->attr->text()) + u", "_s + c + u')';
            break;
        }
        case NodeKind::Subscript: {
            auto *a = static_cast<const SubscriptNode *>(n);
            s = u"Subscript(value="_s;
            s += node(a->value);
            s += u", slice="_s;
            s += node(a->index);
            s += u", "_s + c + u')';
            break;
        }
        case NodeKind::Slice: {
            auto *a = static_cast<const SliceNode *>(n);
            s = u"Slice("_s;
            QString sep;
            if (a->lower) {
                s += u"lower="_s;
                s += node(a->lower);
                sep = u", "_s;
            }
            if (a->upper) {
                s += sep + u"upper="_s;
                s += node(a->upper);
                sep = u", "_s;
            }
            if (a->step) {
                s += sep + u"step="_s;
                s += node(a->step);
            }
            s += u')';
            break;
        }
        case NodeKind::Call: {
            auto *a = static_cast<const CallNode *>(n);
            s = u"Call(func="_s;
            s += node(a->func);
            s += u", args="_s;
            s += nodes(a->args);
            s += u", keywords="_s;
            s += keywords(a->keywords);
            s += u')';
            break;
        }
        case NodeKind::Starred:
            s = u"Starred(value="_s;
            s += node(static_cast<const StarredNode *>(n)->value, ctx);
            s += u", "_s + c + u')';
            break;
        case NodeKind::UnaryOp: {
            auto *a = static_cast<const UnaryOpNode *>(n);
            static const char *names[] = {"Not()", "USub()", "UAdd()", "Invert()"};
            s = u"UnaryOp(op="_s + QLatin1StringView(names[int(a->op)]) + u", operand="_s;
            s += node(a->operand);
            s += u')';
            break;
        }
        case NodeKind::BinOp: {
            auto *a = static_cast<const BinOpNode *>(n);
            s = u"BinOp(left="_s;
            s += node(a->left);
            s += u", op="_s + binaryName(a->op) + u", right="_s;
            s += node(a->right);
            s += u')';
            break;
        }
        case NodeKind::BoolOp: {
            auto *a = static_cast<const BoolOpNode *>(n);
            s = u"BoolOp(op="_s + (a->isAnd ? u"And()"_s : u"Or()"_s) + u", values="_s;
            s += nodes(a->values);
            s += u')';
            break;
        }
        case NodeKind::Compare: {
            auto *a = static_cast<const CompareNode *>(n);
            QStringList ops;
            for (CompareOperator op : *a->ops)
                ops << compareName(op);
            s = u"Compare(left="_s;
            s += node(a->left);
            s += u", ops=["_s + ops.join(u", "_s) + u"], comparators="_s;
            s += nodes(a->comparators);
            s += u')';
            break;
        }
        case NodeKind::IfExp: {
            auto *a = static_cast<const IfExpNode *>(n);
            s = u"IfExp(test="_s;
            s += node(a->test);
            s += u", body="_s;
            s += node(a->body);
            s += u", orelse="_s;
            s += node(a->orelse);
            s += u')';
            break;
        }
        case NodeKind::Lambda: {
            auto *f = static_cast<const FunctionNode *>(n);
            s = u"Lambda(args="_s;
            s += arguments(f);
            s += u", body="_s;
            s += node(static_cast<const ReturnNode *>(f->body[0])->value);
            s += u')';
            break;
        }
        case NodeKind::NamedExpr: {
            auto *a = static_cast<const NamedExprNode *>(n);
            s = u"NamedExpr(target="_s;
            s += node(a->target, "Store");
            s += u", value="_s;
            s += node(a->value);
            s += u')';
            break;
        }
        case NodeKind::Yield: {
            auto *a = static_cast<const YieldNode *>(n);
            s = a->isFrom ? u"YieldFrom("_s : u"Yield("_s;
            if (a->value) {
                s += u"value="_s;
                s += node(a->value);
            }
            s += u')';
            break;
        }
        case NodeKind::Await:
            s = u"Await(value="_s;
            s += node(static_cast<const AwaitNode *>(n)->value);
            s += u')';
            break;
        case NodeKind::Expr:
            s = u"Expr(value="_s;
            s += node(static_cast<const ExprStmtNode *>(n)->value);
            s += u')';
            break;
        case NodeKind::Assign: {
            auto *a = static_cast<const AssignNode *>(n);
            s = u"Assign(targets="_s;
            s += nodes(a->targets, "Store");
            s += u", value="_s;
            s += node(a->value);
            s += u')';
            break;
        }
        case NodeKind::AugAssign: {
            auto *a = static_cast<const AugAssignNode *>(n);
            s = u"AugAssign(target="_s;
            s += node(a->target, "Store");
            s += u", op="_s + binaryName(a->op) + u", value="_s;
            s += node(a->value);
            s += u')';
            break;
        }
        case NodeKind::AnnAssign: {
            auto *a = static_cast<const AnnAssignNode *>(n);
            s = u"AnnAssign(target="_s;
            s += node(a->target, "Store");
            s += u", annotation="_s;
            s += node(a->annotation);
            if (a->value) {
                s += u", value="_s;
                s += node(a->value);
            }
            s += u", simple="_s + (a->simple ? u'1' : u'0') + u')';
            break;
        }
        case NodeKind::If: {
            auto *a = static_cast<const IfNode *>(n);
            s = u"If(test="_s;
            s += node(a->test);
            s += u", body="_s;
            s += nodes(a->body);
            s += u", orelse="_s;
            s += nodes(a->orelse);
            s += u')';
            break;
        }
        case NodeKind::For: {
            auto *a = static_cast<const ForNode *>(n);
            s = a->isAsync ? u"AsyncFor(target="_s : u"For(target="_s;
            s += node(a->target, "Store");
            s += u", iter="_s;
            s += node(a->iter);
            s += u", body="_s;
            s += nodes(a->body);
            s += u", orelse="_s;
            s += nodes(a->orelse);
            s += u')';
            break;
        }
        case NodeKind::While: {
            auto *a = static_cast<const WhileNode *>(n);
            s = u"While(test="_s;
            s += node(a->test);
            s += u", body="_s;
            s += nodes(a->body);
            s += u", orelse="_s;
            s += nodes(a->orelse);
            s += u')';
            break;
        }
        case NodeKind::Break: s = u"Break()"_s; break;
        case NodeKind::Continue: s = u"Continue()"_s; break;
        case NodeKind::Pass: s = u"Pass()"_s; break;
        case NodeKind::FunctionDef: {
            auto *f = static_cast<const FunctionNode *>(n);
            s = (f->isAsync ? u"AsyncFunctionDef(name="_s : u"FunctionDef(name="_s) + reprStr(f->name->text()) + u", args="_s;
            s += arguments(f);
            s += u", body="_s;
            s += nodes(f->body);
            s += u", decorator_list="_s;
            s += nodes(f->decorators);
            if (f->returns) {
                s += u", returns="_s;
                s += node(f->returns);
            }
            s += u')';
            break;
        }
        case NodeKind::ClassDef: {
            auto *a = static_cast<const ClassNode *>(n);
            s = u"ClassDef(name="_s + reprStr(a->name->text()) + u", bases="_s;
            s += nodes(a->bases);
            s += u", keywords="_s;
            s += keywords(a->keywords);
            s += u", body="_s;
            s += nodes(a->body);
            s += u", decorator_list="_s;
            s += nodes(a->decorators);
            s += u')';
            break;
        }
        case NodeKind::Return: {
            auto *a = static_cast<const ReturnNode *>(n);
            s = u"Return("_s;
            if (a->value) {
                s += u"value="_s;
                s += node(a->value);
            }
            s += u')';
            break;
        }
        case NodeKind::With: {
            auto *a = static_cast<const WithNode *>(n);
            s = a->isAsync ? u"AsyncWith(items=["_s : u"With(items=["_s;
            bool firstItem = true;
            for (const WithItem &item : *a->items) {
                if (!firstItem)
                    s += u", "_s;
                firstItem = false;
                s += u"withitem(context_expr="_s;
                s += node(item.context);
                if (item.target) {
                    s += u", optional_vars="_s;
                    s += node(item.target, "Store");
                }
                s += u')';
            }
            s += u"], body="_s;
            s += nodes(a->body);
            s += u')';
            break;
        }
        case NodeKind::Try: {
            auto *a = static_cast<const TryNode *>(n);
            s = u"Try(body="_s;
            s += nodes(a->body);
            s += u", handlers=["_s;
            bool firstHandler = true;
            for (const ExceptHandler &h : *a->handlers) {
                if (!firstHandler)
                    s += u", "_s;
                firstHandler = false;
                locations << u"ExceptHandler "_s + QString::number(h.line) + u':' + QString::number(h.column);
                s += u"ExceptHandler("_s;
                if (h.type) {
                    s += u"type="_s;
                    s += node(h.type);
                    s += u", "_s;
                }
                if (h.name)
                    s += u"name="_s + reprStr(h.name->id->text()) + u", "_s;
                s += u"body="_s;
                s += nodes(h.body);
                s += u')';
            }
            s += u"], orelse="_s;
            s += nodes(a->orelse);
            s += u", finalbody="_s;
            s += nodes(a->finalbody);
            s += u')';
            break;
        }
        case NodeKind::Raise: {
            auto *a = static_cast<const RaiseNode *>(n);
            s = u"Raise("_s;
            if (a->exception) {
                s += u"exc="_s;
                s += node(a->exception);
            }
            if (a->cause) {
                s += u", cause="_s;
                s += node(a->cause);
            }
            s += u')';
            break;
        }
        case NodeKind::Assert: {
            auto *a = static_cast<const AssertNode *>(n);
            s = u"Assert(test="_s;
            s += node(a->test);
            if (a->message) {
                s += u", msg="_s;
                s += node(a->message);
            }
            s += u')';
            break;
        }
        case NodeKind::Import:
        case NodeKind::ImportFrom: {
            auto *a = static_cast<const ImportNode *>(n);
            QStringList names;
            for (const ImportName &in : *a->names) {
                locations << u"alias "_s + QString::number(in.line) + u':' + QString::number(in.column);
                QString t = u"alias(name="_s + reprStr(in.name->text());
                const bool aliased = in.asName && (in.asName->line != in.line || in.asName->column != in.column);
                if (aliased)
                    t += u", asname="_s + reprStr(in.asName->id->text());
                names << t + u')';
            }
            if (n->kind == NodeKind::Import) {
                s = u"Import(names=["_s + names.join(u", "_s) + u"])"_s;
                break;
            }
            s = u"ImportFrom("_s;
            if (!a->module->text().isEmpty())
                s += u"module="_s + reprStr(a->module->text()) + u", "_s;
            s += u"names=["_s + names.join(u", "_s) + u"], level="_s + QString::number(a->level) + u')';
            break;
        }
        case NodeKind::Global:
        case NodeKind::Nonlocal: {
            auto *a = static_cast<const NameListNode *>(n);
            QStringList names;
            for (const Value *v : *a->names)
                names << reprStr(v->text());
            s = (n->kind == NodeKind::Global ? u"Global(names=["_s : u"Nonlocal(names=["_s) + names.join(u", "_s)
                + u"])"_s;
            break;
        }
        case NodeKind::Delete:
            s = u"Delete(targets="_s;
            s += nodes(static_cast<const DeleteNode *>(n)->targets, "Del");
            s += u')';
            break;
        case NodeKind::Module:
            s = u"Module(body="_s;
            s += nodes(static_cast<const ModuleNode *>(n)->body);
            s += u", type_ignores=[])"_s;
            break;
        }
        return s;
    }

private:
    void note(const Node *n)
    {
        if (!m_program || m_inFString || n->kind == NodeKind::Module)
            return;
        // The end as a line and column, counted like the start.
        const QString &src = m_program->source();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < n->end && i < src.size(); ++i) {
            if (src[i] == u'\n') {
                ++line;
                lineStart = i + 1;
            }
        }
        static const char *names[] = {
            "Name", "Constant", "Constant", "JoinedStr", "FormattedValue", "Tuple", "List", "Set", "Dict",
            "ListComp", "SetComp", "DictComp", "GeneratorExp", "Attribute", "Subscript", "Slice", "Call",
            "Starred", "UnaryOp", "BinOp", "BoolOp", "Compare", "IfExp", "Lambda", "NamedExpr", "Yield", "Await",
            "Expr", "Assign", "AugAssign", "AnnAssign", "If", "For", "While", "Break", "Continue", "Pass",
            "FunctionDef", "ClassDef", "Return", "With", "Try", "Raise", "Assert", "Import", "ImportFrom",
            "Global", "Nonlocal", "Delete", "Module",
        };
        QLatin1StringView name(names[int(n->kind)]);
        if (n->kind == NodeKind::Yield && static_cast<const YieldNode *>(n)->isFrom)
            name = "YieldFrom"_L1;
        else if ((n->kind == NodeKind::FunctionDef && static_cast<const FunctionNode *>(n)->isAsync)
                 || (n->kind == NodeKind::For && static_cast<const ForNode *>(n)->isAsync)
                 || (n->kind == NodeKind::With && static_cast<const WithNode *>(n)->isAsync))
            name = n->kind == NodeKind::FunctionDef ? "AsyncFunctionDef"_L1
                : n->kind == NodeKind::For          ? "AsyncFor"_L1
                                                    : "AsyncWith"_L1;
        locations << name + u' ' + QString::number(n->line) + u':'
                + QString::number(n->column) + u'-' + QString::number(line) + u':'
                + QString::number(n->end - lineStart + 1);
    }

    template<typename T>
    QString nodes(const NodeList<T> &list, const char *ctx = "Load")
    {
        QStringList parts;
        for (const Node *n : list)
            parts << node(n, ctx);
        return u'[' + parts.join(u", "_s) + u']';
    }

    QString keywords(const std::vector<Keyword> *list)
    {
        QStringList parts;
        for (const Keyword &k : *list) {
            locations << u"keyword "_s + QString::number(k.line) + u':' + QString::number(k.column);
            QString t = k.name ? u"keyword(arg="_s + reprStr(k.name->text()) + u", value="_s : u"keyword(value="_s;
            t += node(k.value);
            parts << t + u')';
        }
        return u'[' + parts.join(u", "_s) + u']';
    }

    QString arg(const Parameter &p)
    {
        locations << u"arg "_s + QString::number(p.line) + u':' + QString::number(p.column);
        QString s = u"arg(arg="_s + reprStr(p.name->text());
        if (p.annotation) {
            s += u", annotation="_s;
            s += node(p.annotation);
        }
        return s + u')';
    }

    // In CPython's field order: posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults.
    QString arguments(const FunctionNode *f)
    {
        const std::vector<Parameter> &ps = *f->parameters;
        auto collect = [&](ParameterKind kind) {
            QStringList out;
            for (const Parameter &p : ps)
                if (p.kind == kind)
                    out << arg(p);
            return out;
        };
        QString s = u"arguments(posonlyargs=["_s + collect(ParameterKind::PositionalOnly).join(u", "_s);
        s += u"], args=["_s + collect(ParameterKind::PositionalOrKeyword).join(u", "_s) + u']';
        const QStringList vararg = collect(ParameterKind::VarPositional);
        if (!vararg.isEmpty())
            s += u", vararg="_s + vararg.first();
        s += u", kwonlyargs=["_s + collect(ParameterKind::KeywordOnly).join(u", "_s) + u"], kw_defaults=["_s;
        QStringList kwDefaults;
        for (const Parameter &p : ps)
            if (p.kind == ParameterKind::KeywordOnly)
                kwDefaults << (p.defaultValue ? node(p.defaultValue) : u"None"_s);
        s += kwDefaults.join(u", "_s) + u']';
        const QStringList kwarg = collect(ParameterKind::VarKeyword);
        if (!kwarg.isEmpty())
            s += u", kwarg="_s + kwarg.first();
        QStringList defaults;
        for (const Parameter &p : ps)
            if ((p.kind == ParameterKind::PositionalOnly || p.kind == ParameterKind::PositionalOrKeyword) && p.defaultValue)
                defaults << node(p.defaultValue);
        return s + u", defaults=["_s + defaults.join(u", "_s) + u"])"_s;
    }

    const Program *m_program;
    bool m_inFString = false;
};

} // namespace

QString dumpTree(const Node *node)
{
    Dumper d(nullptr);
    return d.node(node);
}

QString dumpLocations(const Program &program, const Node *node)
{
    Dumper d(&program);
    d.node(node);
    return d.locations.join(u'\n');
}

} // namespace pm::python
