#pragma once

#include <deque>
#include <memory>
#include <vector>

#include <QHash>
#include <QString>

#include "python/value.h"

namespace pm::python {

// The syntax tree of one Python module, as the Parser (parser.h) builds it.
//
// Nodes live in their Program's arena and are immutable once parsed, so a
// Program can be shared by interpreters on several threads. Every node knows
// where it is: line (1-based), column (1-based, in UTF-16 code units, as
// PythonToken and Error count them) and the source offsets [begin, end) of
// its whole text, for an editor to highlight. Names and string constants are
// str Values interned in the Program.
//
// The node kinds follow CPython's `ast` module (Name, BinOp, Compare, ...)
// closely enough that tests can compare the two; the differences: the
// resolver's scope information is stored in the nodes (NameNode::scope,
// FunctionNode::slotCount, ...), targets are ordinary expression nodes
// (ExprContext is implied by where they occur), and f-strings keep literal
// and formatted pieces in one JoinedStr as CPython does.

enum class NodeKind : quint8 {
    // Expressions
    Name,
    Constant,     // None, True, False, ..., int, float, str, bytes
    BadConstant,  // a literal petmigrate cannot represent (big int, complex): raises when evaluated
    JoinedStr,    // f-string
    FormattedValue,
    Tuple,
    List,
    Set,
    Dict,
    ListComp,
    SetComp,
    DictComp,
    GeneratorExp,
    Attribute,
    Subscript,
    Slice,
    Call,
    Starred,
    UnaryOp,
    BinOp,
    BoolOp,
    Compare,
    IfExp,
    Lambda,
    NamedExpr,
    Yield,        // parsed so that generator functions can be refused when called
    Await,        // parsed so that env.py's async template reads; refused when evaluated
    // Statements
    Expr,
    Assign,
    AugAssign,
    AnnAssign,
    If,
    For,
    While,
    Break,
    Continue,
    Pass,
    FunctionDef,
    ClassDef,
    Return,
    With,
    Try,
    Raise,
    Assert,
    Import,
    ImportFrom,
    Global,
    Nonlocal,
    Delete,
    Module,
};

enum class BinaryOperator : quint8 {
    Add, Sub, Mult, MatMult, Div, FloorDiv, Mod, Pow, LShift, RShift, BitOr, BitXor, BitAnd,
};
enum class UnaryOperator : quint8 { Not, USub, UAdd, Invert };
enum class CompareOperator : quint8 { Eq, NotEq, Lt, LtE, Gt, GtE, Is, IsNot, In, NotIn };

// "+", "not in", ...: as written in Python.
QStringView operatorText(BinaryOperator op);
QStringView operatorText(UnaryOperator op);
QStringView operatorText(CompareOperator op);

// A read-only array of node pointers in the arena.
template<typename T>
struct NodeList
{
    T *const *items = nullptr;
    int count = 0;

    T *const *begin() const { return items; }
    T *const *end() const { return items + count; }
    T *operator[](int i) const { return items[i]; }
    int size() const { return count; }
    bool isEmpty() const { return count == 0; }
};

struct Node
{
    enum Flag : quint8 {
        Parenthesized = 0x1, // written in ( ): `(x): int` is not a simple annotation
    };

    NodeKind kind;
    quint8 flags = 0;
    int line = 0;
    int column = 0;
    int begin = 0;
    int end = 0;

    bool isExpression() const { return kind < NodeKind::Expr; }
};

using Expr = Node;
using Stmt = Node;

// Where the resolver found a name's variable.
enum class Scope : quint8 {
    Global,    // module namespace, then built-ins
    Local,     // slot `slot` of the running function's Env
    Free,      // slot `slot` of the Env `depth` closures out
    ClassBody, // the class namespace; if absent there, `fallback`
};

struct NameNode : Node
{
    const Value *id = nullptr; // interned str
    Scope scope = Scope::Global;
    Scope fallback = Scope::Global; // ClassBody only: Global or Free
    quint16 depth = 0;
    int slot = -1;
};

struct ConstantNode : Node
{
    const Value *value = nullptr; // adjacent literals already joined
    bool uPrefix = false;         // written u'...' (CPython's Constant.kind)
};

struct BadConstantNode : Node
{
    const Value *message = nullptr; // str: why it cannot be represented
    const Value *exceptionType = nullptr; // str: "OverflowError" / "ValueError"
};

struct FormattedValueNode : Node
{
    Expr *value = nullptr;
    char16_t conversion = 0; // 0, 's', 'r' or 'a'
    Expr *formatSpec = nullptr; // a JoinedStr, or null
};

struct JoinedStrNode : Node
{
    NodeList<Expr> values; // Constant (str) and FormattedValue nodes
};

struct SequenceNode : Node // Tuple, List, Set
{
    NodeList<Expr> elements; // may hold Starred
};

struct DictNode : Node
{
    NodeList<Expr> keys;   // null key: `**values[i]`
    NodeList<Expr> values;
};

struct Comprehension
{
    Expr *target = nullptr;
    Expr *iter = nullptr;
    NodeList<Expr> ifs;
    bool isAsync = false; // `async for`
};

struct ScopeInfo
{
    int slotCount = 0;
    // Names of the slots, for messages ("local variable 'x'").
    NodeList<const Value> slotNames;
};

struct ComprehensionNode : Node // ListComp, SetComp, DictComp, GeneratorExp
{
    Expr *element = nullptr; // DictComp: the key
    Expr *value = nullptr;   // DictComp only
    std::vector<Comprehension> *generators = nullptr;
    ScopeInfo scope; // comprehensions run in their own scope, as in Python 3
};

struct AttributeNode : Node
{
    Expr *value = nullptr;
    const Value *attr = nullptr; // interned str
};

struct SubscriptNode : Node
{
    Expr *value = nullptr;
    Expr *index = nullptr; // may be a Slice, or a Tuple holding slices
};

struct SliceNode : Node
{
    Expr *lower = nullptr;
    Expr *upper = nullptr;
    Expr *step = nullptr;
};

struct Keyword
{
    const Value *name = nullptr; // null for **mapping
    Expr *value = nullptr;
    int line = 0;
    int column = 0;
};

struct CallNode : Node
{
    Expr *func = nullptr;
    NodeList<Expr> args; // may hold Starred
    const std::vector<Keyword> *keywords = nullptr; // never null; shared when empty
    bool hasStarArgs = false; // a Starred in args, or a **mapping in keywords
};

struct StarredNode : Node
{
    Expr *value = nullptr;
};

struct UnaryOpNode : Node
{
    UnaryOperator op;
    Expr *operand = nullptr;
};

struct BinOpNode : Node
{
    BinaryOperator op;
    Expr *left = nullptr;
    Expr *right = nullptr;
    int operatorColumn = 0;
};

struct BoolOpNode : Node
{
    bool isAnd = false;
    NodeList<Expr> values;
};

struct CompareNode : Node
{
    Expr *left = nullptr;
    std::vector<CompareOperator> *ops = nullptr;
    NodeList<Expr> comparators;
};

struct IfExpNode : Node
{
    Expr *test = nullptr;
    Expr *body = nullptr;
    Expr *orelse = nullptr;
};

struct YieldNode : Node
{
    Expr *value = nullptr;
    bool isFrom = false;
};

struct AwaitNode : Node
{
    Expr *value = nullptr;
};

struct NamedExprNode : Node
{
    NameNode *target = nullptr;
    Expr *value = nullptr;
};

enum class ParameterKind : quint8 { PositionalOnly, PositionalOrKeyword, VarPositional, KeywordOnly, VarKeyword };

struct Parameter
{
    const Value *name = nullptr;
    ParameterKind kind = ParameterKind::PositionalOrKeyword;
    Expr *annotation = nullptr; // kept, never evaluated
    Expr *defaultValue = nullptr;
    int line = 0;
    int column = 0;
};

// A def or a lambda.
struct FunctionNode : Node
{
    const Value *name = nullptr; // "<lambda>" for a lambda
    NameNode *target = nullptr;  // a def: the variable its name binds
    std::vector<Parameter> *parameters = nullptr; // in Python's order: positional, *args, keyword-only, **kwargs
    NodeList<Stmt> body; // a lambda: one Return
    NodeList<Expr> decorators;
    Expr *returns = nullptr; // kept, never evaluated
    ScopeInfo scope; // parameters take the first slots, in order
    bool isLambda = false;
    // Parsed with Parser::Options::skipFunctionBodies: the body was not read.
    bool bodySkipped = false;
    // The body contains `yield`: generator functions are refused when called.
    bool isGenerator = false;
    // `async def` (CPython's AsyncFunctionDef): refused when called, as
    // nothing here runs a coroutine.
    bool isAsync = false;
};

struct ClassNode : Node
{
    const Value *name = nullptr;
    NameNode *target = nullptr; // the variable the class name binds
    NodeList<Expr> bases;
    const std::vector<Keyword> *keywords = nullptr; // never null; shared when empty
    NodeList<Stmt> body;
    NodeList<Expr> decorators;
};

struct ExprStmtNode : Node
{
    Expr *value = nullptr;
};

struct AssignNode : Node
{
    NodeList<Expr> targets; // a = b = value: two targets
    Expr *value = nullptr;
};

struct AugAssignNode : Node
{
    Expr *target = nullptr;
    BinaryOperator op;
    Expr *value = nullptr;
};

struct AnnAssignNode : Node
{
    Expr *target = nullptr;
    Expr *annotation = nullptr; // kept, never evaluated
    Expr *value = nullptr;      // may be null: `x: int`
    bool simple = false;        // the target is a bare name (CPython's AnnAssign.simple)
};

struct IfNode : Node
{
    Expr *test = nullptr;
    NodeList<Stmt> body;
    NodeList<Stmt> orelse; // an elif is an If alone in orelse
};

struct ForNode : Node
{
    Expr *target = nullptr;
    Expr *iter = nullptr;
    NodeList<Stmt> body;
    NodeList<Stmt> orelse;
    bool isAsync = false; // `async for` (CPython's AsyncFor)
};

struct WhileNode : Node
{
    Expr *test = nullptr;
    NodeList<Stmt> body;
    NodeList<Stmt> orelse;
};

struct ReturnNode : Node
{
    Expr *value = nullptr;
};

struct WithItem
{
    Expr *context = nullptr;
    Expr *target = nullptr;
};

struct WithNode : Node
{
    std::vector<WithItem> *items = nullptr;
    NodeList<Stmt> body;
    bool isAsync = false; // `async with` (CPython's AsyncWith)
};

struct ExceptHandler
{
    Expr *type = nullptr;   // null for a bare except
    NameNode *name = nullptr; // the `as` name
    NodeList<Stmt> body;
    int line = 0;
    int column = 0;
};

struct TryNode : Node
{
    NodeList<Stmt> body;
    std::vector<ExceptHandler> *handlers = nullptr;
    NodeList<Stmt> orelse;
    NodeList<Stmt> finalbody;
};

struct RaiseNode : Node
{
    Expr *exception = nullptr; // null: re-raise
    Expr *cause = nullptr;
};

struct AssertNode : Node
{
    Expr *test = nullptr;
    Expr *message = nullptr;
};

struct ImportName
{
    const Value *name = nullptr;  // dotted: "a.b.c"; "*" in a star import
    NameNode *asName = nullptr;   // the name bound (`as x`, else the first component / the name)
    int line = 0;
    int column = 0;
};

struct ImportNode : Node // Import and ImportFrom
{
    const Value *module = nullptr; // ImportFrom: the module ("" for `from . import x`)
    int level = 0;                 // ImportFrom: leading dots
    std::vector<ImportName> *names = nullptr;
};

struct NameListNode : Node // Global, Nonlocal
{
    std::vector<const Value *> *names = nullptr;
};

struct DeleteNode : Node
{
    NodeList<Expr> targets;
};

struct ModuleNode : Node
{
    NodeList<Stmt> body;
};

// A bump allocator for nodes: everything in it is trivially destructible.
class Arena
{
public:
    Arena() = default;
    Arena(const Arena &) = delete;
    Arena &operator=(const Arena &) = delete;
    ~Arena();

    void *allocate(size_t size, size_t align);
    // Forgets every object (their destructors run) and keeps the first
    // block for the next ones.
    void reset();
    template<typename T>
    T *make()
    {
        return new (allocate(sizeof(T), alignof(T))) T();
    }
    // Objects with destructors (std::vector) are destroyed with the arena.
    template<typename T>
    T *makeOwned()
    {
        T *p = make<T>();
        m_destructors.push_back({p, [](void *q) { static_cast<T *>(q)->~T(); }});
        return p;
    }

private:
    struct Destructor
    {
        void *object;
        void (*destroy)(void *);
    };
    std::vector<char *> m_blocks;
    char *m_cursor = nullptr;
    char *m_limit = nullptr;
    size_t m_firstBlockSize = 0;
    std::vector<Destructor> m_destructors;
};

// A parsed module: its tree, the source it came from and everything the
// tree points into. Immutable once the Parser hands it out.
class Program
{
public:
    Program(QString fileName, QString source);
    Program(const Program &) = delete;
    Program &operator=(const Program &) = delete;

    const QString &fileName() const { return m_fileName; }
    const QString &source() const { return m_source; }
    const ModuleNode *module() const { return m_module; }
    // The module docstring: the value of a first statement that is a string, or null.
    const Value *docstring() const;
    // The source text of a node.
    QStringView text(const Node *node) const { return QStringView(m_source).mid(node->begin, node->end - node->begin); }

    // A scratch program used again for another source (ExpressionParser's):
    // the nodes and constants of the last use die, interned names stay.
    void reuse(QString fileName, QString source);
    qsizetype internedCount() const { return m_names.size(); }

    // For the parser.
    Arena &arena() { return m_arena; }
    const Value *intern(QStringView name);
    const Value *constant(Value value);
    void setModule(const ModuleNode *module) { m_module = module; }

private:
    QString m_fileName;
    QString m_source;
    Arena m_arena;
    const ModuleNode *m_module = nullptr;
    std::deque<Value> m_constants;
    std::deque<Value> m_internedNames; // kept apart from constants: they outlive reuse()
    QHash<QStringView, const Value *> m_names; // keys view the interned str's text
};

using ProgramPtr = std::shared_ptr<const Program>;

// The tree in the format of CPython's ast.dump() (no attributes), so that
// tests compare it with CPython's own parse of the same source.
QString dumpTree(const Node *node);
// Every node with a location, in ast.dump()'s order: "Name 1:5 1:6" (line,
// column and, for tests on one-line sources, the end column).
QString dumpLocations(const Program &program, const Node *node);

} // namespace pm::python
