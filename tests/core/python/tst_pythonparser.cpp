#include <QFile>
#include <QJsonObject>
#include <QTest>

#include "oracle.h"
#include "python/ast.h"
#include "python/parser.h"

using namespace Qt::StringLiterals;
using namespace pm;
using namespace pm::python;

namespace {

struct Row
{
    const char *name;
    QString source;
    // Where our column differs from CPython's on purpose (CPython's points
    // past the fault, or into its own re-parse of an f-string): ours.
    int ourColumn = 0;
};

// Alembic's `alembic init -t async` env.py, as 1.8.1 writes it.
QString alembicAsyncTemplate()
{
    QFile file(u"/usr/lib/python3/dist-packages/alembic/templates/async/env.py"_s);
    if (!file.open(QIODevice::ReadOnly))
        return u"raise SystemExit('python3-alembic is missing: no async template to compare')"_s;
    return QString::fromUtf8(file.readAll());
}

// Every construct of the subset, each compared with CPython's own tree.
const QList<Row> &treeRows()
{
    static const QList<Row> rows = {
        {"assign", u"x = 1"_s},
        {"chained assign", u"a = b = c"_s},
        {"tuple unpacking", u"a, b = b, a"_s},
        {"nested unpacking", u"(a, [b, c]), d = x"_s},
        {"starred target", u"first, *rest = items"_s},
        {"starred middle", u"[a, *b, c] = d"_s},
        {"attribute and subscript targets", u"obj.attr = d[k] = d[i:j] = 0"_s},
        {"augmented", u"x += 1\nx -= 1\nx *= 2\nx /= 2\nx //= 2\nx %= 2\nx **= 2\nx <<= 1\nx >>= 1\nx |= 1\nx ^= 1\nx &= 1\nx @= m"_s},
        {"annotated", u"revision: str = 'abc'"_s},
        {"annotated union", u"down_revision: Union[str, Sequence[str], None] = None"_s},
        {"annotated without value", u"x: int"_s},
        {"annotated parenthesized", u"(x): int = 1"_s},
        {"annotated attribute", u"self.x: int = 1"_s},
        {"precedence or and not", u"a or b and not c or d"_s},
        {"precedence arithmetic", u"a + b * c - d / e // f % g @ h"_s},
        {"precedence bitwise", u"a | b ^ c & d << e >> f + g"_s},
        {"precedence power", u"-x ** -y ** z"_s},
        {"precedence not comparison", u"not a == b"_s},
        {"unary", u"-a + +b - ~c"_s},
        {"chained comparison", u"a < b <= c != d == e > f >= g"_s},
        {"membership and identity", u"a in b not in c is d is not e"_s},
        {"conditional", u"a if b else c if d else e"_s},
        {"conditional in call", u"f(x if y else z)"_s},
        {"lambda", u"f = lambda a, b=1, *c, d, e=2, **g: a + b"_s},
        {"lambda without arguments", u"lambda: 0"_s},
        {"lambda positional only", u"lambda a, /, b: a"_s},
        {"walrus", u"if (n := len(a)) > 10:\n    pass"_s},
        {"call everything", u"f(a, *b, c, k=1, *d, **e, z=2)"_s},
        {"call trailing comma", u"f(\n    a,\n    b,\n)"_s},
        {"call generator argument", u"sum(x for x in y)"_s},
        {"attribute chain", u"a.b.c(d).e[f].g"_s},
        {"subscripts and slices", u"x[1]\nx[1:2]\nx[::2]\nx[:]\nx[a:b:c]\nx[a, b:c]\nx[:, 1]\nx[()]"_s},
        {"tuple displays", u"()\n(1,)\n1, 2\n(1, 2, *a)"_s},
        {"list display", u"[1, 2, *a, [3]]"_s},
        {"dict display", u"{'a': 1, **b, 'c': {}}"_s},
        {"set display", u"{1, *a, 2}"_s},
        {"comprehensions", u"[x * y for x in a if x if x > 1 for y in b]"_s},
        {"set and dict comprehensions", u"{x for x in a}\n{k: v for k, v in d.items() if v}"_s},
        {"generator expression", u"(x for x in a)"_s},
        {"nested comprehension", u"[[y for y in x] for x in z]"_s},
        {"fstring", u"f'a{b}c'"_s},
        {"fstring conversion and spec", u"f'{x!r:>{w}} {y:.2f} {z!s}'"_s},
        {"fstring debug", u"f'{x=}' f'{y = !s}' f'{z=:>5}'"_s},
        {"fstring nested quotes", u"f\"{d['k']}\" f'{\"a\" + b}'"_s},
        {"fstring escapes", u"f'a\\n{b}\\t{{c}}'"_s},
        {"fstring raw", u"rf'\\d{x}\\n'"_s},
        {"fstring concatenated", u"'a' f'{b}' 'c' f'd'"_s},
        {"fstring multiline", u"x = f'''\n{a}\n  {b +\n c}'''"_s},
        {"fstring tuple", u"f'{a, b}'"_s},
        {"strings", u"'a' \"b\" '''c''' r'\\d' u'e'"_s},
        {"u prefix", u"u'a' 'b'"_s},
        {"bytes", u"b'a\\x00' rb'\\d' B\"c\""_s},
        {"escapes", u"'\\n\\t\\\\\\x41\\u00e9\\101'"_s},
        {"numbers", u"0, 42, 1_000, 0x1F, 0o17, 0b101, 3.14, .5, 5., 1e10, 1.5E-3, 1_0.0_1, 0.0, 00"_s},
        {"big float", u"1e400"_s},
        {"ellipsis and constants", u"..., None, True, False"_s},
        {"if elif else", u"if a:\n    pass\nelif b:\n    x = 1\nelif c: y\nelse:\n    z"_s},
        {"for else", u"for a, b in c:\n    break\nelse:\n    continue_ = 1"_s},
        {"for starred target", u"for a, *b in c: pass"_s},
        {"for attribute target", u"for self.x in y: pass"_s},
        {"while else", u"while x:\n    if y: break\n    continue\nelse:\n    pass"_s},
        {"def", u"def f(a, b: int = 1, *args, c, d=2, **kwargs) -> str:\n    return a"_s},
        {"def positional only", u"def f(a, b=1, /, c=2, *, d):\n    pass"_s},
        {"def decorators", u"@decorator\n@other.deco(1)\ndef f():\n    pass"_s},
        {"def nested", u"def outer():\n    x = 1\n    def inner():\n        nonlocal x\n        return x\n    return inner"_s},
        {"return forms", u"def f():\n    return\ndef g():\n    return 1, 2"_s},
        {"with", u"with a as b, c as (d, e), f:\n    pass"_s},
        {"with parenthesized", u"with (a as b, c as d):\n    pass"_s},
        {"with parenthesized expression", u"with (a, b):\n    pass"_s},
        {"try", u"try:\n    a\nexcept (A, B) as e:\n    b\nexcept C:\n    c\nexcept:\n    raise\nelse:\n    d\nfinally:\n    f"_s},
        {"try finally", u"try:\n    pass\nfinally:\n    pass"_s},
        {"raise", u"raise\nraise X\nraise X('m') from e\nraise X from None"_s},
        {"assert", u"assert x\nassert x, 'message'"_s},
        {"imports", u"import a\nimport a.b.c\nimport a.b as c, d"_s},
        {"from imports", u"from a import b\nfrom a.b import c as d, e\nfrom . import x\nfrom ..p import (q,\n  r as s,)\nfrom m import *"_s},
        {"global nonlocal", u"def f():\n    global a, b\n    a = 1"_s},
        {"del", u"del a\ndel a, b[1], c.d\ndel (e, [f])"_s},
        {"class", u"class A(B, C, metaclass=M):\n    x = 1\n    def f(self):\n        return self.x"_s},
        {"class decorated", u"@dataclass\nclass A:\n    pass"_s},
        {"class empty parens", u"class A():\n    '''doc'''"_s},
        {"pass break continue", u"while 1:\n    pass; break; continue"_s},
        {"semicolons", u"a = 1; b = 2;"_s},
        {"yield", u"def g():\n    yield\n    yield 1\n    x = yield 2\n    yield from h()"_s},
        {"docstring", u"\"\"\"Doc.\n\nRevision ID: abc\n\"\"\"\nx = 1"_s},
        {"line continuation", u"x = 1 + \\\n    2"_s},
        {"comments and blank lines", u"# c\n\nx = 1  # c\n\n\ndef f():\n    # c\n\n    return 2\n"_s},
        {"keywords as attributes fail not", u"a.if_ = b.class_"_s},
        {"alembic script",
         u"\"\"\"add pets\n\nRevision ID: 1a2b\nRevises: \nCreate Date: 2024-01-01\n\n\"\"\"\n"
         "from typing import Sequence, Union\n\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n"
         "revision: str = '1a2b'\ndown_revision: Union[str, None] = None\nbranch_labels = None\n"
         "depends_on = None\n\n\ndef upgrade() -> None:\n    op.create_table('pet',\n"
         "    sa.Column('id', sa.Integer(), nullable=False),\n"
         "    sa.Column('name', sa.String(length=50), nullable=True),\n"
         "    sa.PrimaryKeyConstraint('id')\n    )\n"
         "    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
         "        batch_op.create_index(batch_op.f('ix_pet_name'), ['name'], unique=False)\n\n\n"
         "def downgrade() -> None:\n    if op.get_context().dialect.name == 'sqlite':\n"
         "        for t in ('pet',):\n            op.drop_table(t)\n"_s},
        {"async def", u"async def f(a, *, b=1) -> None:\n    return a"_s},
        {"async def decorated", u"@decorator\nasync def f():\n    pass"_s},
        {"async with and for", u"async def f():\n    async with a as b, c:\n        async for x, y in z:\n            pass\n        else:\n            pass"_s},
        {"await", u"async def f():\n    x = await g()\n    await h(await i)\n    return await j.k(1)[0]"_s},
        {"await precedence", u"async def f():\n    await x ** 2\n    -await y\n    await x.y(z) + 1"_s},
        {"async comprehensions", u"async def f():\n    return [await x for x in y], {x async for x in y}, {k: v async for k, v in d if await k}"_s},
        {"async generator expression anywhere", u"g = (x async for x in y)\ndef f():\n    return (x async for x in y)"_s},
        {"await in a comprehension", u"async def f():\n    return [x for x in await y]"_s},
        {"async template env.py", alembicAsyncTemplate()},
    };
    return rows;
}

// Sources CPython refuses; we must refuse them at the same place, in its words.
const QList<Row> &errorRows()
{
    static const QList<Row> rows = {
        {"await at module level", u"await x"_s},
        {"await outside async function", u"def f():\n    await x"_s},
        {"await in a def inside async def", u"async def f():\n    def g():\n        await x"_s},
        {"await in a lambda inside async def", u"async def f():\n    lambda: await x"_s},
        {"await in a class inside async def", u"async def f():\n    class C:\n        x = await y"_s},
        {"async with at module level", u"async with a: pass"_s},
        {"async for at module level", u"async for a in b: pass"_s},
        {"async with outside async function", u"def f():\n    async with a:\n        pass"_s},
        {"async for outside async function", u"def f():\n    async for a in b:\n        pass"_s},
        {"async comprehension outside async function", u"def f():\n    return [x async for x in y]"_s},
        {"async before something else", u"async x = 1"_s},
        {"async while", u"async def f():\n    async while x:\n        pass"_s},
        {"assign to call", u"f() = 1"_s},
        {"assign to literal", u"1 = x"_s},
        {"assign to expression", u"x + 1 = 2"_s},
        {"assign to conditional", u"a if b else c = 1"_s},
        {"assign to lambda", u"lambda: 1 = 2"_s},
        {"assign to comprehension", u"[x for x in y] = 1"_s},
        {"assign to None", u"None = 1"_s},
        {"delete call", u"del f()"_s},
        {"augmented call", u"f() += 1"_s},
        {"augmented tuple", u"(a, b) += 1"_s},
        {"starred alone", u"*a = 1"_s},
        {"two starred", u"a, *b, *c = d"_s},
        {"return outside function", u"return 1"_s},
        {"return in class", u"class A:\n    return 1"_s},
        {"yield outside function", u"x = yield"_s},
        {"break outside loop", u"break"_s},
        {"continue outside loop", u"continue"_s},
        {"break in def in loop", u"for x in y:\n    def f():\n        break"_s},
        {"nonlocal at module level", u"nonlocal x"_s},
        {"nonlocal without binding", u"def f():\n    nonlocal x"_s},
        {"global after assignment", u"def f():\n    x = 1\n    global x"_s},
        {"global after use", u"def f():\n    print(x)\n    global x"_s},
        {"parameter and global", u"def f(x):\n    global x"_s},
        {"duplicate argument", u"def f(a, a): pass"_s},
        {"keyword repeated", u"f(a=1, a=2)"_s},
        {"positional after keyword", u"f(a=1, b)"_s, 8},
        {"positional after kwargs", u"f(**k, b)"_s, 8},
        {"star after kwargs", u"f(**k, *a)"_s},
        {"non-default after default", u"def f(a=1, b): pass"_s},
        {"bare star", u"def f(*): pass"_s},
        {"unexpected indent", u"x = 1\n    y = 2"_s},
        {"expected indented block", u"if x:\ny"_s},
        {"expected indented block def", u"def f():\nreturn"_s},
        {"unindent mismatch", u"if x:\n        a\n    b"_s, 5},
        {"never closed", u"x = (1,"_s},
        {"unmatched", u"x = 1)"_s},
        {"mismatched bracket", u"x = (1]"_s},
        {"missing value", u"x ="_s},
        {"missing colon", u"for x in y"_s},
        {"missing colon if", u"if x\n    pass"_s},
        {"forgot comma", u"x = [1, 2 3]"_s},
        {"generator not parenthesized", u"f(x for x in y, 1)"_s},
        {"leading zeros", u"x = 0777"_s},
        {"bad underscore", u"x = 1__0"_s},
        {"try without except", u"try:\n    pass\nx = 1"_s},
        {"bare except not last", u"try:\n    pass\nexcept:\n    pass\nexcept ValueError:\n    pass"_s},
        {"print statement", u"print \"x\""_s},
        {"invalid syntax", u"x = = 1"_s},
        {"invalid keyword use", u"x = if"_s},
        {"dangling operator", u"1 +"_s},
        {"not alone", u"not"_s},
        {"invalid attribute", u"a.1"_s},
        {"walrus at statement level", u"x := 1"_s},
        {"import star in function", u"def f():\n    from m import *"_s},
        {"nested parentheses", QString(201, u'(') + QString(201, u')')},
        {"fstring single brace", u"f'}'"_s, 3},
        {"fstring empty", u"f'{}'"_s, 4},
        {"fstring backslash", u"f'{\\'a\\'}'"_s, 4},
        {"fstring bad conversion", u"f'{x!z}'"_s, 6},
        {"fstring unclosed", u"f'{x'"_s, 5},
        {"bytes and str", u"b'a' 'b'"_s, 1},
        {"keyword as name", u"class = 1"_s},
        {"lambda default order", u"lambda a=1, b: 0"_s},
    };
    return rows;
}

QString locate(const Error &e)
{
    return QString::number(e.line) + u':' + QString::number(e.column) + u": "_s + e.message;
}

} // namespace

class TestPythonParser : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void trees_data();
    void trees();
    void errors_data();
    void errors();
    void refusals_data();
    void refusals();
    void skippedBodies();
    void badConstants();
    void scopes_data();
    void scopes();
    void deepNesting_data();
    void deepNesting();
    void docstring();
    void fileErrors();

private:
    QJsonArray m_treeOracle;
    QJsonArray m_errorOracle;
};

void TestPythonParser::initTestCase()
{
    QJsonArray trees;
    for (const Row &r : treeRows())
        trees.append(r.source);
    m_treeOracle = runOracle(u"parser_oracle.py"_s, trees);
    QCOMPARE(m_treeOracle.size(), trees.size());
    QJsonArray errors;
    for (const Row &r : errorRows())
        errors.append(r.source);
    m_errorOracle = runOracle(u"parser_oracle.py"_s, errors);
    QCOMPARE(m_errorOracle.size(), errors.size());
}

void TestPythonParser::trees_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expectedDump");
    QTest::addColumn<QString>("expectedLocations");
    const QList<Row> &rows = treeRows();
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject o = m_treeOracle.at(i).toObject();
        QVERIFY2(!o.contains(u"error"_s), qPrintable(QLatin1StringView(rows[i].name) + u": CPython refuses: "_s + o.value(u"error"_s).toString()));
        QStringList locations;
        for (const auto &l : o.value(u"locations"_s).toArray())
            locations << l.toString();
        QTest::newRow(rows[i].name) << rows[i].source << o.value(u"dump"_s).toString() << locations.join(u'\n');
    }
}

void TestPythonParser::trees()
{
    QFETCH(QString, source);
    QFETCH(QString, expectedDump);
    QFETCH(QString, expectedLocations);
    auto program = Parser::parse(source, u"t.py"_s);
    QVERIFY2(program, qPrintable(program ? QString() : program.error().toString()));
    QCOMPARE(dumpTree((*program)->module()), expectedDump);
    // Locations of the statements in the module body (dumpLocations skips the module itself).
    QCOMPARE(dumpLocations(**program, (*program)->module()), expectedLocations);
}

void TestPythonParser::errors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const QList<Row> &rows = errorRows();
    for (int i = 0; i < rows.size(); ++i) {
        const QJsonObject o = m_errorOracle.at(i).toObject();
        QVERIFY2(o.contains(u"error"_s), rows[i].name);
        QString expected = o.value(u"error"_s).toString();
        if (rows[i].ourColumn) {
            const qsizetype colon = expected.indexOf(u':');
            expected = expected.left(colon + 1) + QString::number(rows[i].ourColumn)
                + expected.mid(expected.indexOf(u':', colon + 1));
        }
        QTest::newRow(rows[i].name) << rows[i].source << expected;
    }
}

void TestPythonParser::errors()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto program = Parser::parse(source, u"t.py"_s);
    QVERIFY2(!program, "parsed what CPython refuses");
    QCOMPARE(program.error().file, u"t.py"_s);
    QCOMPARE(locate(program.error()), expected);
}

void TestPythonParser::refusals_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("except star") << u"try:\n    pass\nexcept* E:\n    pass"_s
                                 << u"3:7: 'except*' is not supported: petmigrate's Python has no exception groups"_s;
    // The tokenizer keeps its shorter wording (other readers show it).
    QTest::newRow("unterminated string") << u"x = 'abc"_s << u"1:5: unterminated string"_s;
    QTest::newRow("unterminated triple") << u"x = '''abc"_s << u"1:5: unterminated triple-quoted string"_s;
    QTest::newRow("expression too deep") << u"x = "_s + QString(u"1+"_s).repeated(1500) + u'1'
                                         << u"1:5: this is nested too deeply (more than 1000 levels)"_s;
}

void TestPythonParser::refusals()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto program = Parser::parse(source, u"t.py"_s);
    QVERIFY(!program);
    QCOMPARE(locate(program.error()), expected);
}

void TestPythonParser::skippedBodies()
{
    const QString source = u"revision = 'a'\n\ndef upgrade():\n    op.create_table('t')\n    for x in y:\n        f(x)\n\n"
                           "def downgrade(): pass\n\nclass A:\n    def m(self):\n        return 1\n"_s;
    Parser::Options options;
    options.skipFunctionBodies = true;
    auto skipped = Parser::parse(source, u"t.py"_s, options);
    QVERIFY2(skipped, qPrintable(skipped ? QString() : skipped.error().toString()));
    const ModuleNode *module = (*skipped)->module();
    QCOMPARE(module->body.size(), 4);
    auto *upgrade = static_cast<const FunctionNode *>(module->body[1]);
    QCOMPARE(upgrade->kind, NodeKind::FunctionDef);
    QVERIFY(upgrade->bodySkipped);
    QVERIFY(upgrade->body.isEmpty());
    // One-line bodies and methods are read: only indented module-level bodies are skipped.
    auto *downgrade = static_cast<const FunctionNode *>(module->body[2]);
    QVERIFY(!downgrade->bodySkipped);
    QCOMPARE(downgrade->body.size(), 1);
    auto *cls = static_cast<const ClassNode *>(module->body[3]);
    auto *method = static_cast<const FunctionNode *>(cls->body[0]);
    QVERIFY(!method->bodySkipped);
    QCOMPARE(method->body.size(), 1);

    auto full = Parser::parse(source, u"t.py"_s);
    QVERIFY(full);
    QCOMPARE(static_cast<const FunctionNode *>((*full)->module()->body[1])->body.size(), 2);
    QVERIFY(!static_cast<const FunctionNode *>((*full)->module()->body[1])->bodySkipped);
}

void TestPythonParser::badConstants()
{
    auto program = Parser::parse(u"a = 99999999999999999999\nb = 2j\nc = 9223372036854775807\nd = 0x8000000000000000"_s,
                                 u"t.py"_s);
    QVERIFY(program);
    const auto &body = (*program)->module()->body;
    auto value = [&](int i) { return static_cast<const AssignNode *>(body[i])->value; };
    QCOMPARE(value(0)->kind, NodeKind::BadConstant);
    QCOMPARE(value(1)->kind, NodeKind::BadConstant);
    QCOMPARE(value(2)->kind, NodeKind::Constant);
    QCOMPARE(static_cast<const ConstantNode *>(value(2))->value->asInt(), std::numeric_limits<qint64>::max());
    QCOMPARE(value(3)->kind, NodeKind::BadConstant);
    QCOMPARE(static_cast<const BadConstantNode *>(value(1))->message->text(),
             u"complex numbers (2j) are not supported by petmigrate's Python"_s);
}

namespace {

// "name:Scope" for every Name node, in source order.
void collectNames(const Node *n, QStringList &out);

void collectList(const NodeList<Node> &list, QStringList &out)
{
    for (const Node *c : list)
        if (c)
            collectNames(c, out);
}

QString describeName(const NameNode *n)
{
    QString s = n->id->text() + u':';
    switch (n->scope) {
    case Scope::Global: return s + u"global"_s;
    case Scope::Local: return s + u"local"_s + QString::number(n->slot);
    case Scope::Free: return s + u"free"_s + QString::number(n->depth) + u'.' + QString::number(n->slot);
    case Scope::ClassBody:
        return s + u"class/"_s
            + (n->fallback == Scope::Free ? u"free"_s + QString::number(n->depth) + u'.' + QString::number(n->slot)
                                          : u"global"_s);
    }
    return s;
}

void collectNames(const Node *n, QStringList &out)
{
    switch (n->kind) {
    case NodeKind::Name: out << describeName(static_cast<const NameNode *>(n)); break;
    case NodeKind::Expr: collectNames(static_cast<const ExprStmtNode *>(n)->value, out); break;
    case NodeKind::Assign: {
        auto *a = static_cast<const AssignNode *>(n);
        collectList(a->targets, out);
        collectNames(a->value, out);
        break;
    }
    case NodeKind::AugAssign: {
        auto *a = static_cast<const AugAssignNode *>(n);
        collectNames(a->target, out);
        collectNames(a->value, out);
        break;
    }
    case NodeKind::BinOp: {
        auto *a = static_cast<const BinOpNode *>(n);
        collectNames(a->left, out);
        collectNames(a->right, out);
        break;
    }
    case NodeKind::Call: {
        auto *a = static_cast<const CallNode *>(n);
        collectNames(a->func, out);
        collectList(a->args, out);
        break;
    }
    case NodeKind::Return:
        if (auto *v = static_cast<const ReturnNode *>(n)->value)
            collectNames(v, out);
        break;
    case NodeKind::FunctionDef:
    case NodeKind::Lambda:
        collectList(static_cast<const FunctionNode *>(n)->body, out);
        break;
    case NodeKind::ClassDef:
        collectList(static_cast<const ClassNode *>(n)->body, out);
        break;
    case NodeKind::ListComp: {
        auto *c = static_cast<const ComprehensionNode *>(n);
        for (const Comprehension &g : *c->generators) {
            collectNames(g.target, out);
            collectNames(g.iter, out);
        }
        collectNames(c->element, out);
        break;
    }
    case NodeKind::Tuple:
    case NodeKind::List: collectList(static_cast<const SequenceNode *>(n)->elements, out); break;
    case NodeKind::NamedExpr: {
        auto *a = static_cast<const NamedExprNode *>(n);
        collectNames(a->target, out);
        collectNames(a->value, out);
        break;
    }
    default: break;
    }
}

} // namespace

void TestPythonParser::scopes_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("module names are global") << u"x = y"_s << u"x:global y:global"_s;
    QTest::newRow("parameters and locals take slots")
        << u"def f(a, b):\n    c = a + b\n    return c + g"_s
        << u"c:local2 a:local0 b:local1 c:local2 g:global"_s;
    QTest::newRow("closure") << u"def f():\n    x = 1\n    def g():\n        return x\n    return g"_s
                             << u"x:local0 x:free1.0 g:local1"_s;
    QTest::newRow("nonlocal") << u"def f():\n    x = 1\n    def g():\n        nonlocal x\n        x = 2"_s
                              << u"x:local0 x:free1.0"_s;
    QTest::newRow("global declaration") << u"def f():\n    global x\n    x = 1\n    y = x"_s
                                        << u"x:global y:local0 x:global"_s;
    QTest::newRow("assignment later makes it local") << u"def f():\n    print(x)\n    x = 1"_s
                                                     << u"print:global x:local0 x:local0"_s;
    QTest::newRow("class body") << u"def f():\n    v = 1\n    class A:\n        w = v\n        def m(self):\n            return w"_s
                                << u"v:local0 w:class/global v:class/free0.0 w:global"_s;
    QTest::newRow("comprehension scope") << u"def f(xs):\n    return [x * k for x in xs]"_s
                                         << u"x:local0 xs:local0 x:local0 k:global"_s;
    QTest::newRow("walrus in comprehension binds outside")
        << u"def f(xs):\n    [(last := x) for x in xs]\n    return last"_s
        << u"x:local0 xs:local0 last:free1.1 x:local0 last:local1"_s;
}

void TestPythonParser::scopes()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto program = Parser::parse(source, u"t.py"_s);
    QVERIFY2(program, qPrintable(program ? QString() : program.error().toString()));
    QStringList names;
    collectList((*program)->module()->body, names);
    QCOMPARE(names.join(u' '), expected);
}

void TestPythonParser::deepNesting_data()
{
    QTest::addColumn<QString>("source");
    QTest::newRow("unary chain") << QString(100000, u'-') + u'1';
    QTest::newRow("not chain") << QString(u"not "_s).repeated(100000) + u'x';
    QTest::newRow("lambda chain") << QString(u"lambda: "_s).repeated(50000) + u'x';
    QTest::newRow("conditional chain") << QString(u"a if b else "_s).repeated(50000) + u'c';
    QTest::newRow("power chain") << QString(u"2**"_s).repeated(50000) + u'2';
    QTest::newRow("attribute chain") << u"a"_s + QString(u".b"_s).repeated(100000);
    QTest::newRow("call chain") << u"f"_s + QString(u"()"_s).repeated(100000);
    QTest::newRow("sum") << QString(u"1+"_s).repeated(100000) + u'1';
    QTest::newRow("indentation") << []() -> QString {
        QString s;
        for (int i = 0; i < 200; ++i)
            s += QString(i, u' ') + u"if x:\n"_s;
        return s + QString(200, u' ') + u"pass\n"_s;
    }();
}

// Absurd nesting is a located error, never a stack overflow.
void TestPythonParser::deepNesting()
{
    QFETCH(QString, source);
    auto program = Parser::parse(source, u"t.py"_s);
    QVERIFY(!program);
    QVERIFY(program.error().line > 0);
}

void TestPythonParser::docstring()
{
    auto program = Parser::parse(u"\"\"\"Add pets.\n\nRevision ID: ab\n\"\"\"\nrevision = 'ab'\n"_s, u"t.py"_s);
    QVERIFY(program);
    QVERIFY((*program)->docstring());
    QCOMPARE((*program)->docstring()->text(), u"Add pets.\n\nRevision ID: ab\n"_s);
    auto none = Parser::parse(u"x = 1\n'not a docstring'\n"_s, u"t.py"_s);
    QVERIFY(none);
    QVERIFY(!(*none)->docstring());
}

void TestPythonParser::fileErrors()
{
    auto missing = Parser::parseFile(u"/nonexistent/x.py"_s);
    QVERIFY(!missing);
    QCOMPARE(missing.error().file, u"/nonexistent/x.py"_s);
}

QTEST_GUILESS_MAIN(TestPythonParser)
#include "tst_pythonparser.moc"
