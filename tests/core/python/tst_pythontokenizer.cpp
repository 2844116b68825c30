#include <QSet>
#include <QTest>

#include "python/pythontokenizer.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// "TYPE text@line:col" per token, strings as their decoded value in <>.
QString dump(const QList<PythonToken> &tokens)
{
    QStringList out;
    for (const PythonToken &t : tokens) {
        QString s;
        switch (t.type) {
        case PythonToken::Type::Name: s = u"NAME "_s + t.text; break;
        case PythonToken::Type::Number: s = u"NUM "_s + t.text; break;
        case PythonToken::Type::String: {
            QString flags;
            if (t.stringFlags & PythonToken::Raw) flags += u'r';
            if (t.stringFlags & PythonToken::Bytes) flags += u'b';
            if (t.stringFlags & PythonToken::Format) flags += u'f';
            if (t.stringFlags & PythonToken::Triple) flags += u't';
            s = u"STR"_s + (flags.isEmpty() ? QString() : u'/' + flags) + u" <"_s + t.value + u'>';
            break;
        }
        case PythonToken::Type::Operator: s = u"OP "_s + t.text; break;
        case PythonToken::Type::Comment: s = u"COMMENT "_s + t.text; break;
        case PythonToken::Type::Newline: s = u"NL"_s; break;
        case PythonToken::Type::Indent: s = u"INDENT"_s; break;
        case PythonToken::Type::Dedent: s = u"DEDENT"_s; break;
        case PythonToken::Type::EndMarker: s = u"END"_s; break;
        }
        out << s + u'@' + QString::number(t.line) + u':' + QString::number(t.column);
    }
    return out.join(u' ');
}

// The full token stream with the tokens between a module-level def's INDENT
// and its DEDENT removed: what skipFunctionBodies must produce.
QList<PythonToken> withoutBodies(const QList<PythonToken> &tokens)
{
    QList<PythonToken> out;
    qsizetype lineStart = 0;
    int depth = 0;
    for (qsizetype i = 0; i < tokens.size(); ++i) {
        const PythonToken &t = tokens.at(i);
        if (depth > 0) {
            if (t.type == PythonToken::Type::Indent)
                ++depth;
            else if (t.type == PythonToken::Type::Dedent && --depth == 0) {
                out << t;
                lineStart = i + 1;
            }
            continue;
        }
        out << t;
        if (t.type == PythonToken::Type::Newline) {
            const bool def = tokens.at(lineStart).isName(u"def") && tokens.at(lineStart).column == 1
                && i > 0 && tokens.at(i - 1).isOperator(u":");
            lineStart = i + 1;
            if (def && i + 1 < tokens.size() && tokens.at(i + 1).type == PythonToken::Type::Indent) {
                out << tokens.at(i + 1);
                ++i;
                depth = 1;
            }
        } else if (t.type == PythonToken::Type::Indent || t.type == PythonToken::Type::Dedent) {
            lineStart = i + 1;
        }
    }
    return out;
}

} // namespace

class TestPythonTokenizer : public QObject
{
    Q_OBJECT

private slots:
    void tokens_data();
    void tokens();
    void errors_data();
    void errors();
    void comments();
    void sourceSpans();
    void codes();
    void denseSources();
    void skippedBodies_data();
    void skippedBodies();
    void skippedBodyErrors_data();
    void skippedBodyErrors();
    void errorsLeftToFullRead_data();
    void errorsLeftToFullRead();
};

void TestPythonTokenizer::tokens_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("assignment") << u"revision = 'abc'\n"_s
                                << u"NAME revision@1:1 OP =@1:10 STR <abc>@1:12 NL@1:17 END@2:1"_s;
    QTest::newRow("no final newline") << u"x"_s << u"NAME x@1:1 NL@1:2 END@2:1"_s;
    QTest::newRow("empty") << QString() << u"END@1:1"_s;
    QTest::newRow("indentation") << u"def f():\n    pass\n    if x:\n        y\nz\n"_s
                                 << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 NAME pass@2:5 NL@2:9 "
                                    "NAME if@3:5 NAME x@3:8 OP :@3:9 NL@3:10 INDENT@4:1 NAME y@4:9 NL@4:10 DEDENT@5:1 DEDENT@5:1 "
                                    "NAME z@5:1 NL@5:2 END@6:1"_s;
    QTest::newRow("dedent at eof") << u"def f():\n    pass"_s
                                   << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 NAME pass@2:5 NL@2:9 DEDENT@3:1 END@3:1"_s;
    QTest::newRow("blank and comment lines keep indentation")
        << u"if a:\n\n  # note\n    b\n"_s << u"NAME if@1:1 NAME a@1:4 OP :@1:5 NL@1:6 INDENT@4:1 NAME b@4:5 NL@4:6 DEDENT@5:1 END@5:1"_s;
    QTest::newRow("tabs count to eight") << u"if a:\n\tb\n        c\n"_s
                                         << u"NAME if@1:1 NAME a@1:4 OP :@1:5 NL@1:6 INDENT@2:1 NAME b@2:2 NL@2:3 NAME c@3:9 NL@3:10 DEDENT@4:1 END@4:1"_s;
    QTest::newRow("brackets span lines") << u"f(a,\n      b)\n"_s
                                         << u"NAME f@1:1 OP (@1:2 NAME a@1:3 OP ,@1:4 NAME b@2:7 OP )@2:8 NL@2:9 END@3:1"_s;
    QTest::newRow("backslash continuation") << u"x = \\\n  1\n"_s << u"NAME x@1:1 OP =@1:3 NUM 1@2:3 NL@2:4 END@3:1"_s;
    QTest::newRow("escapes") << u"'a\\n\\t\\\\\\'\\\"\\x41\\u00e9\\U0001F600\\101\\q'"_s
                             << u"STR <a\n\t\\'\"A\u00e9\U0001F600A\\q>@1:1 NL@1:40 END@2:1"_s;
    QTest::newRow("raw string") << u"r'a\\nb\\'c'"_s << u"STR/r <a\\nb\\'c>@1:1 NL@1:11 END@2:1"_s;
    QTest::newRow("prefixes") << u"u'a' R\"b\" Rb'c' f'{d}' rf'e' B'\\x00'"_s
                              << u"STR <a>@1:1 STR/r <b>@1:6 STR/rb <c>@1:11 STR/f <{d}>@1:17 STR/rf <e>@1:24 STR/b <\u0000>@1:30 NL@1:37 END@2:1"_s;
    QTest::newRow("triple quoted") << u"\"\"\"one\n'two' \"\n\"\"\" x"_s
                                   << u"STR/t <one\n'two' \"\n>@1:1 NAME x@3:5 NL@3:6 END@4:1"_s;
    QTest::newRow("line continuation inside string") << u"'ab\\\ncd' z"_s << u"STR <abcd>@1:1 NAME z@2:5 NL@2:6 END@3:1"_s;
    QTest::newRow("adjacent literals stay separate") << u"'a' \"b\""_s << u"STR <a>@1:1 STR <b>@1:5 NL@1:8 END@2:1"_s;
    QTest::newRow("numbers") << u"0 42 -7 3.14 .5 1e10 1_000 0x1F 0o17 0b101 2j 1.5E-3"_s
                             << u"NUM 0@1:1 NUM 42@1:3 OP -@1:6 NUM 7@1:7 NUM 3.14@1:9 NUM .5@1:14 NUM 1e10@1:17 NUM 1_000@1:22 "
                                "NUM 0x1F@1:28 NUM 0o17@1:33 NUM 0b101@1:38 NUM 2j@1:44 NUM 1.5E-3@1:47 NL@1:53 END@2:1"_s;
    QTest::newRow("operators") << u"a->b **= c // d := e != f ... @g"_s
                               << u"NAME a@1:1 OP ->@1:2 NAME b@1:4 OP **=@1:6 NAME c@1:10 OP //@1:12 NAME d@1:15 OP :=@1:17 "
                                  "NAME e@1:20 OP !=@1:22 NAME f@1:25 OP ...@1:27 OP @@1:31 NAME g@1:32 NL@1:33 END@2:1"_s;
    QTest::newRow("unicode names") << u"caf\u00e9 = \u00fcber"_s << u"NAME caf\u00e9@1:1 OP =@1:6 NAME \u00fcber@1:8 NL@1:12 END@2:1"_s;
    QTest::newRow("crlf") << u"a\r\nb\r\n"_s << u"NAME a@1:1 NL@1:2 NAME b@2:1 NL@2:2 END@3:1"_s;
    QTest::newRow("bom") << u"\ufeffx"_s << u"NAME x@1:1 NL@1:2 END@2:1"_s;
    QTest::newRow("comment after code") << u"x  # hi\n"_s << u"NAME x@1:1 NL@1:8 END@2:1"_s;
}

void TestPythonTokenizer::tokens()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto result = PythonTokenizer::tokenize(source, u"t.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(dump(*result), expected);
}

void TestPythonTokenizer::errors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("unterminated string") << u"x = 'abc\n"_s << u"t.py:1:5: unterminated string"_s;
    QTest::newRow("unterminated at eof") << u"x = \"abc"_s << u"t.py:1:5: unterminated string"_s;
    QTest::newRow("unterminated triple") << u"x = '''abc\n\n"_s << u"t.py:1:5: unterminated triple-quoted string"_s;
    QTest::newRow("unmatched close") << u"f(x))\n"_s << u"t.py:1:5: unmatched ')'"_s;
    QTest::newRow("mismatched close") << u"f([x)\n"_s
                                      << u"t.py:1:5: closing parenthesis ')' does not match opening parenthesis '['"_s;
    QTest::newRow("never closed") << u"f(x,\n  y\n"_s << u"t.py:1:2: '(' was never closed"_s;
    QTest::newRow("inconsistent dedent") << u"if a:\n    b\n  c\n"_s << u"t.py:3:3: unindent does not match any outer indentation level"_s;
    QTest::newRow("character after backslash") << u"x = 1 \\ 2\n"_s << u"t.py:1:7: unexpected character after line continuation character"_s;
    QTest::newRow("backslash at eof") << u"x = \\"_s << u"t.py:1:5: unexpected end of file after line continuation character"_s;
    QTest::newRow("invalid character") << u"x = $\n"_s << u"t.py:1:5: invalid character '$'"_s;
    QTest::newRow("question mark") << u"a ? b"_s << u"t.py:1:3: invalid character '?'"_s;
    QTest::newRow("truncated x escape") << u"'ab\\x4g'"_s << u"t.py:1:4: truncated \\xXX escape"_s;
    QTest::newRow("truncated u escape") << u"  '\\u12'"_s << u"t.py:1:4: truncated \\uXXXX escape"_s;
    QTest::newRow("escape on later line") << u"'''a\nb\\x'''"_s << u"t.py:2:2: truncated \\xXX escape"_s;
    QTest::newRow("named escape") << u"'\\N{DASH}'"_s << u"t.py:1:2: \\N{...} escapes are not supported"_s;
    QTest::newRow("bad decimal") << u"x = 12abc"_s << u"t.py:1:5: invalid decimal literal"_s;
    QTest::newRow("bad exponent") << u"1e+"_s << u"t.py:1:1: invalid decimal literal"_s;
    QTest::newRow("empty hex") << u"0x"_s << u"t.py:1:1: invalid number literal"_s;
    QTest::newRow("non-ascii bytes") << u"b'\u00e9'"_s << u"t.py:1:3: bytes can only contain ASCII literal characters"_s;
}

void TestPythonTokenizer::errors()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto result = PythonTokenizer::tokenize(source, u"t.py"_s);
    QVERIFY2(!result, "tokenized without error");
    QCOMPARE(result.error().toString(), expected);
}

void TestPythonTokenizer::comments()
{
    const QString source = u"# head\nx = 1  # tail\n"_s;
    auto kept = PythonTokenizer::tokenize(source, u"t.py"_s, {.keepComments = true});
    QVERIFY(kept);
    QCOMPARE(dump(*kept), u"COMMENT # head@1:1 NAME x@2:1 OP =@2:3 NUM 1@2:5 COMMENT # tail@2:8 NL@2:14 END@3:1"_s);
}

void TestPythonTokenizer::sourceSpans()
{
    const QString source = u"op.execute(  'a'\n  'b')"_s;
    auto tokens = PythonTokenizer::tokenize(source, u"t.py"_s);
    QVERIFY(tokens);
    const PythonToken &first = tokens->at(4);
    QCOMPARE(first.offset, 13);
    QCOMPARE(first.length, 3);
    QCOMPARE(source.mid(first.offset, first.length), u"'a'"_s);
    QCOMPARE(tokens->at(5).line, 2);
    QCOMPARE(tokens->at(5).text, u"'b'");
    QVERIFY(PythonTokenizer::isKeyword(u"for"));
    QVERIFY(!PythonTokenizer::isKeyword(u"op"));
}

// The tokenizer decides an operator's or keyword's code as it reads it; it
// must be the code the public lookups give for the token's text, for every
// operator and keyword and for names that only look like keywords.
void TestPythonTokenizer::codes()
{
    const QString operators = u"( ) [ ] { } , : ; . ... @ = -> := + - * / // % ** << >> & | ^ ~ < > <= >= == != "
                              u"+= -= *= /= //= %= **= <<= >>= &= |= ^= @="_s;
    const QString keywords = u"False None True and as assert async await break class continue def del elif else "
                             u"except finally for from global if import in is lambda nonlocal not or pass raise "
                             u"return try while with yield"_s;
    const QString lookalikes = u"Falsey NONE true an ass asserts defs el elses fro iff imports ins isnt lambdas "
                               u"nonlocals nott ors passes tr whiles withs yields x op sa Column"_s;
    QSet<PythonToken::Code> seen;
    auto check = [&](const QString &source, PythonToken::Type type, bool known) {
        // Tokens view their source's text: it must outlive them.
        const QString text = u"("_s + source + u")"_s;
        auto tokens = PythonTokenizer::tokenize(text, u"t.py"_s);
        QVERIFY2(tokens.has_value(), qPrintable(source));
        QCOMPARE(tokens->size(), source.split(u' ').size() + 4); // ( ) NEWLINE END
        for (qsizetype i = 1; i + 3 < tokens->size(); ++i) {
            const PythonToken &t = tokens->at(i);
            QCOMPARE(t.type, type);
            const PythonToken::Code expected = type == PythonToken::Type::Operator
                ? PythonTokenizer::operatorCode(t.text) : PythonTokenizer::keywordCode(t.text);
            QVERIFY2(t.code == expected, qPrintable(t.text.toString()));
            QVERIFY2((t.code != PythonToken::Code::None) == known, qPrintable(t.text.toString()));
            seen.insert(t.code);
        }
    };
    check(operators, PythonToken::Type::Operator, true);
    check(keywords, PythonToken::Type::Name, true);
    check(lookalikes, PythonToken::Type::Name, false);
    // Every code, None for the lookalikes.
    QCOMPARE(seen.size(), int(PythonToken::Code::Yield) + 1);
}

// A token per character is more than the room the tokenizer makes at the
// start (a quarter of the characters): the tokens made before it grows must
// come through whole, as must a fragment's, which starts with less.
void TestPythonTokenizer::denseSources()
{
    QString source = u"x=["_s;
    for (int i = 0; i < 3000; ++i)
        source += u"1,"_s;
    source += u"]\n"_s;
    auto tokens = PythonTokenizer::tokenize(source, u"t.py"_s);
    QVERIFY(tokens);
    QCOMPARE(tokens->size(), 3 + 2 * 3000 + 3); // x = [ ... ] NEWLINE END
    for (qsizetype i = 0; i + 2 < tokens->size(); ++i) {
        const PythonToken &t = tokens->at(i);
        QCOMPARE(t.offset, int(i));
        QCOMPARE(t.column, int(i) + 1);
        QCOMPARE(t.text, source.mid(i, 1));
    }
    QCOMPARE(tokens->at(tokens->size() - 2).type, PythonToken::Type::Newline);

    const QString fragment = u"{a+b+c+d+e+f+g+h+i+j+k+l+m+n+o+p+q+r+s+t+u+v+w+x+y+z}"_s;
    auto inner = PythonTokenizer::tokenizeFragment(fragment, u"t.py"_s, 1, int(fragment.size()) - 1, 3, 5);
    QVERIFY(inner);
    QCOMPARE(inner->size(), 51 + 1);
    QCOMPARE(inner->at(50).text, u"z");
    QCOMPARE(inner->at(50).column, 5 + 50);
    QCOMPARE(inner->last().type, PythonToken::Type::EndMarker);
}

void TestPythonTokenizer::skippedBodies_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    QTest::newRow("two functions")
        << u"def upgrade():\n    op.drop_table('t')\n\n\ndef downgrade() -> None:\n    pass\n"_s
        << u"NAME def@1:1 NAME upgrade@1:5 OP (@1:12 OP )@1:13 OP :@1:14 NL@1:15 INDENT@2:1 DEDENT@5:1 "
           "NAME def@5:1 NAME downgrade@5:5 OP (@5:14 OP )@5:15 OP ->@5:17 NAME None@5:20 OP :@5:24 NL@5:25 "
           "INDENT@6:1 DEDENT@7:1 END@7:1"_s;
    QTest::newRow("column 1 inside brackets, strings and comments")
        << u"def upgrade():\n    op.create_table('t',\nsa.Column('x'),\n)\n    op.execute('''a\ndef b\n''')\n"
           "# a comment at column 1\n\n    pass\nx = 1\n"_s
        << u"NAME def@1:1 NAME upgrade@1:5 OP (@1:12 OP )@1:13 OP :@1:14 NL@1:15 INDENT@2:1 DEDENT@11:1 "
           "NAME x@11:1 OP =@11:3 NUM 1@11:5 NL@11:6 END@12:1"_s;
    QTest::newRow("one-line body is kept")
        << u"def upgrade(): pass\n"_s
        << u"NAME def@1:1 NAME upgrade@1:5 OP (@1:12 OP )@1:13 OP :@1:14 NAME pass@1:16 NL@1:20 END@2:1"_s;
    QTest::newRow("nested def skipped with its parent")
        << u"def f():\n    def g():\n        x\n    y\nz\n"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 DEDENT@5:1 NAME z@5:1 NL@5:2 END@6:1"_s;
    QTest::newRow("indented def is not module level")
        << u"if a:\n    def f():\n        x\n"_s
        << u"NAME if@1:1 NAME a@1:4 OP :@1:5 NL@1:6 INDENT@2:1 NAME def@2:5 NAME f@2:9 OP (@2:10 OP )@2:11 "
           "OP :@2:12 NL@2:13 INDENT@3:1 NAME x@3:9 NL@3:10 DEDENT@4:1 DEDENT@4:1 END@4:1"_s;
    QTest::newRow("comment after the colon")
        << u"def f():  # why\n    x\n"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:16 INDENT@2:1 DEDENT@3:1 END@3:1"_s;
    QTest::newRow("backslash continuation to column 1")
        << u"def f():\n    x = 1 + \\\n2\n    y\nz\n"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 DEDENT@5:1 NAME z@5:1 NL@5:2 END@6:1"_s;
    QTest::newRow("prefixed and escaped strings")
        << u"def f():\n    rb'\\'' + f\"{x}\" + u'''\n'''\nz\n"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 DEDENT@4:1 NAME z@4:1 NL@4:2 END@5:1"_s;
    QTest::newRow("body to end of file without newline")
        << u"def f():\n    x"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 DEDENT@3:1 END@3:1"_s;
    QTest::newRow("crlf and tabs")
        << u"def f():\r\n\tx\r\n\r\ny = 2\r\n"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 INDENT@2:1 DEDENT@4:1 "
           "NAME y@4:1 OP =@4:3 NUM 2@4:5 NL@4:6 END@5:1"_s;
    QTest::newRow("def without an indented body")
        << u"def f():\nx\n"_s
        << u"NAME def@1:1 NAME f@1:5 OP (@1:6 OP )@1:7 OP :@1:8 NL@1:9 NAME x@2:1 NL@2:2 END@3:1"_s;
}

void TestPythonTokenizer::skippedBodies()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto skimmed = PythonTokenizer::tokenize(source, u"t.py"_s, {.skipFunctionBodies = true});
    if (!skimmed)
        QFAIL(qPrintable(skimmed.error().toString()));
    QCOMPARE(dump(*skimmed), expected);
    // Everything outside the bodies is exactly what a full tokenize gives.
    auto full = PythonTokenizer::tokenize(source, u"t.py"_s);
    if (!full)
        QFAIL(qPrintable(full.error().toString()));
    QCOMPARE(dump(*skimmed), dump(withoutBodies(*full)));
}

// What decides where a body ends is checked while skipping it, with the
// full tokenizer's message and position.
void TestPythonTokenizer::skippedBodyErrors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const QString def = u"def f():\n"_s;
    QTest::newRow("unterminated string") << def + u"    x = 'abc\n"_s << u"t.py:2:9: unterminated string"_s;
    QTest::newRow("unterminated at eof") << def + u"    x = \"abc"_s << u"t.py:2:9: unterminated string"_s;
    QTest::newRow("prefixed unterminated") << def + u"    x = Rb'abc\n"_s << u"t.py:2:9: unterminated string"_s;
    QTest::newRow("unterminated triple") << def + u"    x = '''abc\n\ny = 1\n"_s
                                         << u"t.py:2:9: unterminated triple-quoted string"_s;
    QTest::newRow("never closed") << def + u"    g(x,\n  y\n"_s << u"t.py:2:6: '(' was never closed"_s;
    QTest::newRow("unmatched close") << def + u"    g(x))\n"_s << u"t.py:2:9: unmatched ')'"_s;
    QTest::newRow("mismatched close") << def + u"    g([x)\n"_s
                                      << u"t.py:2:9: closing parenthesis ')' does not match opening parenthesis '['"_s;
    QTest::newRow("character after backslash") << def + u"    x = 1 \\ 2\n"_s
                                               << u"t.py:2:11: unexpected character after line continuation character"_s;
    QTest::newRow("backslash at eof") << def + u"    x = \\"_s
                                      << u"t.py:2:9: unexpected end of file after line continuation character"_s;
    QTest::newRow("error after the body") << def + u"    pass\nx = 'open\n"_s << u"t.py:3:5: unterminated string"_s;
}

void TestPythonTokenizer::skippedBodyErrors()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    for (const bool skip : {false, true}) {
        auto result = PythonTokenizer::tokenize(source, u"t.py"_s, {.skipFunctionBodies = skip});
        QVERIFY2(!result, skip ? "skipping: no error" : "full: no error");
        QCOMPARE(result.error().toString(), expected);
    }
}

// Inside a skipped body these wait for the full read of the script.
void TestPythonTokenizer::errorsLeftToFullRead_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    const QString def = u"def f():\n"_s;
    QTest::newRow("invalid character") << def + u"    x = $\n"_s << u"t.py:2:9: invalid character '$'"_s;
    QTest::newRow("bad escape") << def + u"    x = '\\x4g'\n"_s << u"t.py:2:10: truncated \\xXX escape"_s;
    QTest::newRow("inconsistent dedent") << def + u"    if a:\n        b\n      c\n"_s
                                         << u"t.py:4:7: unindent does not match any outer indentation level"_s;
}

void TestPythonTokenizer::errorsLeftToFullRead()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto full = PythonTokenizer::tokenize(source, u"t.py"_s);
    QVERIFY2(!full, "full: no error");
    QCOMPARE(full.error().toString(), expected);
    auto skimmed = PythonTokenizer::tokenize(source, u"t.py"_s, {.skipFunctionBodies = true});
    QVERIFY2(skimmed, qPrintable(skimmed ? QString() : skimmed.error().toString()));
}

QTEST_GUILESS_MAIN(TestPythonTokenizer)
#include "tst_pythontokenizer.moc"
