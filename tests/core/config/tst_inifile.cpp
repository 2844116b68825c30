#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "config/inifile.h"
#include "pythonoracle.h"

using namespace Qt::StringLiterals;
using pm::IniFile;

namespace {

struct Case
{
    const char *name;
    const char *text;
};

// Each text is read by both configparser and IniFile; the results must agree.
const Case kCases[] = {
    {"alembic basics", "[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///x.db\n"},
    {"colon delimiter and case", "[s]\nKey: Value\nOther=1\nMiXeD = a=b:c\n"},
    {"url with colons", "[s]\nurl = postgresql://u:p@h:5432/db\n"},
    {"continuation lines", "[s]\nhooks = a\n  b\n\n  c\n\n\nnext = 1\n"},
    {"continuation after comment", "[s]\na = 1\n# comment\n  more\nb = 2\n"},
    {"tab continuation", "[s]\na = 1\n\tmore\n"},
    {"indented options", "[s]\n  a = 1\n  b = 2\n    c\n"},
    {"comments", "# c\n; c\n[s]\n  # indented comment\na = 1 # not inline\nb = x ; y\n"},
    {"blank first lines", "\n\n[s]\na = 1\n"},
    {"empty value", "[s]\na =\nb:\nc = \n"},
    {"default section", "[DEFAULT]\nbase = /srv\n[s]\npath = %(base)s/x\n[t]\nbase = /other\npath = %(base)s/y\n"},
    {"default section twice", "[DEFAULT]\na = 1\n[s]\nx = %(a)s%(b)s\n[DEFAULT]\nb = 2\n"},
    {"here overridden", "[DEFAULT]\nhere = /x\n[s]\np = %(here)s\n"},
    {"percent escape", "[s]\nfile_template = %%(rev)s_%%(slug)s\nliteral = 100%%\n"},
    {"nested interpolation", "[s]\na = %(b)s\nb = %(c)s-x\nc = 1\n"},
    {"reference case-insensitive", "[s]\nv = %(HERE)s/%(Other)s\nother = o\n"},
    {"missing reference", "[s]\na = %(nope)s\nb = fine\n[t]\nc = 1\n"},
    {"bad percent", "[s]\na = 50%\n"},
    {"bad reference", "[s]\na = %(here)\n"},
    {"reference loop", "[s]\na = %(b)s\nb = %(a)s\n"},
    {"duplicate section", "[s]\na = 1\n[t]\n[s]\n"},
    {"duplicate option", "[s]\nA = 1\na = 2\n"},
    {"duplicate option in default", "[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n"},
    {"missing section header", "a = 1\n[s]\n"},
    {"parsing error", "[s]\njunk line\nb = 1\n"},
    {"parsing error then duplicate", "[s]\njunk line\nb = 1\nb = 2\n"},
    {"empty option name", "[s]\n= x\n"},
    {"empty section name", "[]\n"},
    {"header with trailing text", "[s] ; c\na = 1\n[x]y] z\nb = 2\n"},
    {"windows newlines", "[s]\r\na = 1\r\n  b\r\nc = 2\r\n"},
    {"unicode", "[s\u00e9]\n\u00c4B = \u00fcber\n"},
    {"key with spaces", "[s]\nmy key  =  spaced value  \n"},
    {"no trailing newline", "[s]\na = 1"},
    {"generic alembic.ini", "[alembic]\nscript_location = migrations\n"
                            "# file_template = %%(year)d_%%(month).2d\nprepend_sys_path = .\n"
                            "version_path_separator = os  # Use os.pathsep. Default configuration used for new projects.\n"
                            "sqlalchemy.url = driver://user:pass@localhost/dbname\n\n\n[post_write_hooks]\n\n"
                            "[formatter_generic]\nformat = %(levelname)-5.5s [%(name)s] %(message)s\ndatefmt = %H:%M:%S\n"},
};

const QString kHere = u"/tmp/project dir"_s;

QJsonArray itemsToJson(const IniFile::Items &items)
{
    QJsonArray out;
    for (const auto &[k, v] : items)
        out.append(QJsonArray{k, v});
    return out;
}

// The same shape the Python side prints.
QJsonObject describe(const QString &text)
{
    auto ini = IniFile::parse(text, u"test.ini"_s, {{u"here"_s, kHere}});
    if (!ini)
        return {{u"error"_s, true}, {u"line"_s, ini.error().line}};
    QJsonArray sections;
    QStringList names = ini->sections();
    names.prepend(u"DEFAULT"_s);
    for (const QString &name : std::as_const(names)) {
        auto items = ini->items(name);
        sections.append(QJsonArray{name, items ? QJsonValue(itemsToJson(*items)) : QJsonValue(u"error"_s)});
    }
    return {{u"sections"_s, sections}};
}

const char kPython[] = R"PY(
import configparser, io, json, sys
out = {}
for case in json.load(sys.stdin):
    p = configparser.ConfigParser({"here": case["here"]})
    try:
        p.read_file(io.StringIO(case["text"], newline=None), "test.ini")
    except configparser.ParsingError as e:
        line = e.lineno if hasattr(e, "lineno") else e.errors[0][0]
        out[case["name"]] = {"error": True, "line": line}
        continue
    except (configparser.DuplicateSectionError, configparser.DuplicateOptionError) as e:
        out[case["name"]] = {"error": True, "line": e.lineno}
        continue
    sections = []
    for name in ["DEFAULT"] + p.sections():
        try:
            sections.append([name, [list(kv) for kv in p.items(name)]])
        except configparser.Error:
            sections.append([name, "error"])
    out[case["name"]] = {"sections": sections}
json.dump(out, sys.stdout)
)PY";

} // namespace

class TestIniFile : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesConfigParser_data();
    void matchesConfigParser();
    void errorMessages_data();
    void errorMessages();
    void rawValuesAndLines();
    void setValue();
    void loadFromFile();

private:
    QJsonObject m_python;
};

void TestIniFile::initTestCase()
{
    QJsonArray input;
    for (const Case &c : kCases)
        input.append(QJsonObject{{u"name"_s, QString::fromUtf8(c.name)}, {u"text"_s, QString::fromUtf8(c.text)}, {u"here"_s, kHere}});
    QString error;
    m_python = PythonOracle::run(QString::fromLatin1(kPython), input, &error).toObject();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
}

void TestIniFile::matchesConfigParser_data()
{
    QTest::addColumn<QString>("text");
    for (const Case &c : kCases)
        QTest::newRow(c.name) << QString::fromUtf8(c.text);
}

void TestIniFile::matchesConfigParser()
{
    QFETCH(QString, text);
    const QJsonObject expected = m_python.value(QString::fromUtf8(QTest::currentDataTag())).toObject();
    QVERIFY(!expected.isEmpty());
    const QJsonObject actual = describe(text);
    if (actual != expected) {
        qInfo().noquote() << "expected" << QJsonDocument(expected).toJson(QJsonDocument::Compact);
        qInfo().noquote() << "actual  " << QJsonDocument(actual).toJson(QJsonDocument::Compact);
    }
    QCOMPARE(actual, expected);
}

void TestIniFile::errorMessages_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("section");
    QTest::addColumn<QString>("message");

    QTest::newRow("duplicate section") << u"[s]\n[s]\n"_s << QString()
        << u"test.ini:2:1: Section 's' already exists."_s;
    QTest::newRow("duplicate option") << u"[s]\nA = 1\na = 2\n"_s << QString()
        << u"test.ini:3:1: Option 'a' in section 's' already exists."_s;
    QTest::newRow("no header") << u"a = 1\n"_s << QString()
        << u"test.ini:1:1: File contains no section headers; the first line that is not a comment must be a section header such as [alembic]."_s;
    QTest::newRow("junk") << u"[s]\njunk\n"_s << QString()
        << u"test.ini:2:1: Line 'junk' is neither a section header nor a \"key = value\" option."_s;
    QTest::newRow("missing reference") << u"[s]\n\na = %(nope)s\n"_s << u"s"_s
        << u"test.ini:3:1: Option 'a' in section 's' refers to %(nope)s, which is not an option of that section or of [DEFAULT]; write %% for a literal percent sign."_s;
    QTest::newRow("bad percent") << u"[s]\na = 50%\n"_s << u"s"_s
        << u"test.ini:2:1: Option 'a' in section 's' has a '%' that is not followed by '%' or '(', found: '%'; write %% for a literal percent sign."_s;
    QTest::newRow("loop") << u"[s]\na = %(a)s\n"_s << u"s"_s
        << u"test.ini:2:1: Option 'a' in section 's' cannot be interpolated: the %(...)s references nest more than 10 levels deep (a reference loop?)."_s;
    QTest::newRow("no section") << u"[s]\n"_s << u"t"_s << u"No section: 't'"_s;
}

void TestIniFile::errorMessages()
{
    QFETCH(QString, text);
    QFETCH(QString, section);
    QFETCH(QString, message);
    auto ini = IniFile::parse(text, u"test.ini"_s);
    if (section.isEmpty()) {
        QVERIFY(!ini);
        QCOMPARE(ini.error().toString(), message);
        return;
    }
    QVERIFY(ini);
    auto items = ini->items(section);
    QVERIFY(!items);
    QCOMPARE(items.error().toString(), message);
}

void TestIniFile::rawValuesAndLines()
{
    auto ini = IniFile::parse(u"[DEFAULT]\nd = 1\n[s]\nA = %(d)s\n  two\n"_s, u"x.ini"_s, {{u"here"_s, u"/h"_s}});
    QVERIFY(ini);
    QCOMPARE(ini->rawValue(u"s"_s, u"a"_s), std::optional<QString>(u"%(d)s\ntwo"_s));
    QCOMPARE(ini->value(u"s"_s, u"A"_s).value(), u"1\ntwo"_s);
    QCOMPARE(ini->line(u"s"_s, u"a"_s), 4);
    QCOMPARE(ini->line(u"s"_s, u"d"_s), 2);
    QVERIFY(ini->hasOption(u"s"_s, u"here"_s));
    QVERIFY(!ini->hasOption(u"t"_s, u"here"_s));
    QVERIFY(!ini->hasSection(u"DEFAULT"_s));
    QCOMPARE(ini->options(u"s"_s).value(), (QStringList{u"a"_s, u"here"_s, u"d"_s}));
    QCOMPARE(ini->value(u"DEFAULT"_s, u"d"_s).value(), u"1"_s);
    QVERIFY(!ini->value(u"s"_s, u"nope"_s));
}

void TestIniFile::setValue()
{
    auto ini = IniFile::parse(u"[s]\na = 1\n"_s, u"x.ini"_s);
    QVERIFY(ini);
    QVERIFY(ini->setValue(u"s"_s, u"B"_s, u"%(a)s and 100%%"_s));
    QCOMPARE(ini->value(u"s"_s, u"b"_s).value(), u"1 and 100%"_s);
    const auto bad = ini->setValue(u"s"_s, u"c"_s, u"50%"_s);
    QVERIFY(!bad);
    QCOMPARE(bad.error().message, u"Invalid interpolation syntax in '50%' at position 2; write %% for a literal percent sign."_s);
    QVERIFY(!ini->setValue(u"t"_s, u"c"_s, u"1"_s));
    QVERIFY(ini->addSection(u"t"_s));
    QVERIFY(ini->setValue(u"t"_s, u"c"_s, u"1"_s));
    QVERIFY(!ini->addSection(u"t"_s));
}

void TestIniFile::loadFromFile()
{
    QVERIFY(!IniFile::load(u"/nonexistent/alembic.ini"_s));
    const auto defaults = IniFile::alembicDefaults(u"sub/../conf/alembic.ini"_s, u"/work/dir"_s);
    QCOMPARE(defaults.value(0).second, u"/work/dir/conf"_s);
    QCOMPARE(IniFile::alembicDefaults(u"alembic.ini"_s, u"/work/dir"_s).value(0).second, u"/work/dir"_s);
}

QTEST_GUILESS_MAIN(TestIniFile)
#include "tst_inifile.moc"
