#include <QDirIterator>
#include <QFile>
#include <QTest>

#include "python/pythontokenizer.h"
#include "script/expressionreader.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// Every field, the null-ness of the texts included: the direct reading
// must hand the operation reader exactly what the parser's lowering gives.
QString difference(const PythonExpression &a, const PythonExpression &b, const QString &path = u"e"_s)
{
    auto differs = [&](const char *field, const QString &x, const QString &y) -> QString {
        return path + u'.' + QLatin1StringView(field) + u": "_s + x + u" vs "_s + y;
    };
    if (a.kind != b.kind)
        return differs("kind", QString::number(int(a.kind)), QString::number(int(b.kind)));
    if (a.line != b.line || a.column != b.column)
        return differs("position", u"%1:%2"_s.arg(a.line).arg(a.column), u"%1:%2"_s.arg(b.line).arg(b.column));
    if (a.begin != b.begin || a.end != b.end)
        return differs("span", u"%1-%2"_s.arg(a.begin).arg(a.end), u"%1-%2"_s.arg(b.begin).arg(b.end));
    if (a.text != b.text || a.text.isNull() != b.text.isNull())
        return differs("text", a.text, b.text);
    if (a.written != b.written)
        return differs("written", a.written, b.written);
    if (a.stringFlags != b.stringFlags)
        return differs("stringFlags", QString::number(a.stringFlags), QString::number(b.stringFlags));
    if (a.integer != b.integer)
        return differs("integer", QString::number(a.integer), QString::number(b.integer));
    if (std::memcmp(&a.floating, &b.floating, sizeof(double)) != 0)
        return differs("floating", QString::number(a.floating), QString::number(b.floating));
    if (a.items.size() != b.items.size())
        return differs("items", QString::number(a.items.size()), QString::number(b.items.size()));
    for (size_t i = 0; i < a.items.size(); ++i)
        if (QString d = difference(a.items[i], b.items[i], path + u".items["_s + QString::number(i) + u']'); !d.isEmpty())
            return d;
    if (a.keywords.size() != b.keywords.size())
        return differs("keywords", QString::number(a.keywords.size()), QString::number(b.keywords.size()));
    for (size_t i = 0; i < a.keywords.size(); ++i) {
        const PythonKeyword &x = a.keywords[i];
        const PythonKeyword &y = b.keywords[i];
        const QString at = path + u".keywords["_s + QString::number(i) + u']';
        if (x.name != y.name || x.line != y.line || x.column != y.column)
            return at + u": "_s + x.name + u" vs "_s + y.name;
        if (QString d = difference(x.value, y.value, at + u".value"_s); !d.isEmpty())
            return d;
    }
    return {};
}

QString describe(const Result<PythonExpression> &r, qsizetype pos)
{
    if (r)
        return u"expression ending before token %1"_s.arg(pos);
    return r.error().toString();
}

// Reads an expression at every token of `source`, as an expression and
// as an assignment's right-hand side, with and without the direct
// reading; returns how many readings were compared, or -1 with
// `failure` saying where they differ.
int compareEverywhere(const QString &source, const QString &fileName, QString *failure)
{
    auto tokens = PythonTokenizer::tokenize(source, fileName);
    if (!tokens)
        return 0; // the statement reader never gets this far either
    ExpressionReader direct(*tokens, source, fileName);
    ExpressionReader parsed(*tokens, source, fileName);
    parsed.setDirectReading(false);
    int compared = 0;
    for (qsizetype start = 0; start < tokens->size(); ++start) {
        for (bool tuple : {false, true}) {
            qsizetype p1 = start;
            qsizetype p2 = start;
            auto a = tuple ? direct.parseTuple(p1) : direct.parse(p1);
            auto b = tuple ? parsed.parseTuple(p2) : parsed.parse(p2);
            const PythonToken &t = tokens->at(start);
            const QString where = u"%1:%2:%3 (%4)"_s.arg(fileName).arg(t.line).arg(t.column)
                                      .arg(tuple ? u"tuple"_s : u"expression"_s);
            if (bool(a) != bool(b) || p1 != p2) {
                *failure = where + u": "_s + describe(a, p1) + u" vs "_s + describe(b, p2);
                return -1;
            }
            if (!a) {
                const Error &x = a.error();
                const Error &y = b.error();
                if (x.toString() != y.toString() || x.exception != y.exception) {
                    *failure = where + u": "_s + x.toString() + u" vs "_s + y.toString();
                    return -1;
                }
            } else if (QString d = difference(*a, *b); !d.isEmpty()) {
                *failure = where + u": "_s + d;
                return -1;
            }
            // Passing over unbuilt says yes only where the reading succeeds,
            // and ends where it ends.
            if (!tuple) {
                qsizetype p3 = start;
                bool call = false;
                if (direct.skim(p3, &call) && (!a || p3 != p1 || call != a->isCall())) {
                    *failure = where + u": skim() passed over what parse() reads as "_s + describe(a, p1);
                    return -1;
                }
            }
            ++compared;
        }
    }
    return compared;
}

} // namespace

class TestExpressionReader : public QObject
{
    Q_OBJECT

private slots:
    void sameAsParser_data();
    void sameAsParser();
    void sameAsParserOnScripts();
    void readsAScriptCall();
};

void TestExpressionReader::sameAsParser_data()
{
    QTest::addColumn<QString>("source");
    // What the direct reading takes, and everything next to it that it
    // must hand to the parser: the parser's result, error and end position
    // are the reference at every token.
    const QStringList sources = {
        u"x = -1\ny = +1\nz = -1.5\nw = - 1\nv = -x\nu = -1 .real\nt = -2**2\ns = --1\nr = -0\n"_s,
        u"a = 00\nb = 0x1f\nc = 1_000\nd = 10000000000000000000000\ne = 1j\nf = 123456789012345678\ng = 1e5\nh = .5\n"_s,
        u"a = 'a' 'b'\nb = ''\nc = '' 'a'\nd = b'a'\ne = f'{a}'\nf = 'a' b'b'\ng = u'a'\nh = r'\\d'\n'''doc'''\ni = 'a\\\nb'\n"_s,
        u"f(a, b=1, *c)\nf(a=1, a=2)\nf(a=1, b)\nf(**k)\nf(x for x in y)\nf(a.b=1)\nf(None=1)\nf(a,)\nf()\nf(a)(b)[c].d\n"_s,
        u"f(a, (b, c), [d, e], {f: g}, h=(i,), j=[], k={})\nf(,)\nf(a b)\nf(a=)\nf(a=1,, b)\nf(a := 1)\nf(a=b=1)\n"_s,
        u"(a)\n(a,)\n()\n(a, b)\n((a))\n(a).b\n(a)(b)\n[a, *b]\n[x for x in y]\n[]\n[a,]\n[a b]\n(a, b c)\n"_s,
        u"{}\n{a: b}\n{a: b, **c}\n{a, b}\n{a: b for a in c}\n{a: b,}\n{a: b c}\n{a}\n{**a}\n{a: *b}\n"_s,
        u"x[1]\nx[1:2]\nx[a, b]\nx[*a]\nx[]\nx[1][2]\nx[a=1]\n"_s,
        u"a if b else c\na + b\nnot a\nlambda: 1\na.b.c\na.if\na.None\na := 1\nop.f(x) y\na, b\na, *b\na,\n"_s,
        u"None\nTrue\nFalse\n...\nprint\nx = yield\nawait x\na.b(c).d[e](f=g)\n'a'.join(b)\n1 .real\n"_s,
        u"with op.batch_alter_table('t') as batch_op:\n    batch_op.add_column(sa.Column('c', sa.Integer()))\n"_s,
        u"def upgrade() -> None:\n    op.create_table('t', sa.Column('id', sa.Integer(), nullable=False),\n"
        u"    sa.PrimaryKeyConstraint('id'))\n    x: int = 1\n    x += 1\n    x == 1\n"_s,
        u"f(" + u"g("_s.repeated(150) + u")"_s.repeated(151) + u"\n"_s,
        u"f(" + u"["_s.repeated(60) + u"]"_s.repeated(60) + u")\n"_s,
        u"x = ("_s,
        u"x = f(a,\n"_s,
        u"x = [1, 2\n"_s,
    };
    for (qsizetype i = 0; i < sources.size(); ++i)
        QTest::addRow("%d", int(i)) << sources[i];
}

void TestExpressionReader::sameAsParser()
{
    QFETCH(QString, source);
    QString failure;
    const int compared = compareEverywhere(source, u"snippet.py"_s, &failure);
    if (compared < 0)
        QFAIL(qPrintable(failure));
}

// Every script in the source tree (the corpus's versions/ folders too,
// when they are materialized: tests/corpus/README.md).
void TestExpressionReader::sameAsParserOnScripts()
{
    int files = 0;
    qint64 compared = 0;
    for (const char *folder : {"migrations", "tests"}) {
        QDirIterator it(QStringLiteral(PM_SOURCE_DIR) + u'/' + QLatin1StringView(folder), {u"*.py"_s}, QDir::Files,
                        QDirIterator::Subdirectories);
        while (it.hasNext()) {
            const QString path = it.next();
            QFile file(path);
            QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
            const QString source = QString::fromUtf8(file.readAll());
            QString failure;
            const int n = compareEverywhere(source, path, &failure);
            if (n < 0)
                QFAIL(qPrintable(failure));
            compared += n;
            ++files;
        }
    }
    QVERIFY(files > 0);
    qInfo("%d files, %lld readings compared", files, compared);
}

// A call as autogenerate writes them, read to the last field.
void TestExpressionReader::readsAScriptCall()
{
    const QString source = u"op.create_table('t', sa.Column('id', sa.Integer(), nullable=False), "
                           u"sa.Column('n', sa.String(length=-30), server_default=sa.text('0')), "
                           u"sa.PrimaryKeyConstraint('id'), schema=None, info={'a': [1, (2, 3)]}, x=...)\n"_s;
    auto tokens = PythonTokenizer::tokenize(source, u"t.py"_s);
    QVERIFY(tokens);
    ExpressionReader reader(*tokens, source, u"t.py"_s);
    qsizetype pos = 0;
    auto e = reader.parse(pos);
    QVERIFY(e);
    QCOMPARE(tokens->at(pos).type, PythonToken::Type::Newline);
    QCOMPARE(e->kind, PythonExpression::Kind::Call);
    QCOMPARE(e->callee().dottedName(), u"op.create_table"_s);
    QCOMPARE(e->argumentCount(), size_t(4));
    QCOMPARE(e->keywords.size(), size_t(3));
    const PythonKeyword *serverDefault = e->argument(2).keyword(u"server_default");
    QVERIFY(serverDefault);
    QCOMPARE(serverDefault->value.callee().dottedName(), u"sa.text"_s);
    QCOMPARE(e->argument(2).argument(1).keywords.front().value.integer, qint64(-30));
    QCOMPARE(e->argument(2).argument(1).keywords.front().value.text, u"-30"_s);
    QCOMPARE(e->end, int(source.size()) - 1);
    // Passed over unbuilt, to the same end.
    qsizetype skimmed = 0;
    bool call = false;
    QVERIFY(reader.skim(skimmed, &call));
    QCOMPARE(skimmed, pos);
    QVERIFY(call);
}

QTEST_GUILESS_MAIN(TestExpressionReader)
#include "tst_expressionreader.moc"
