#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include "pythonoracle.h"
#include "template/initproject.h"

using namespace Qt::StringLiterals;
using pm::InitProjectOptions;

namespace {

const QString kOurTemplates = QStringLiteral(PM_SOURCE_DIR "/resources/templates");

struct InitCase
{
    const char *name;
    QStringList argv;          // alembic's command line
    bool alembicTemplates;     // run Alembic with its own templates, not ours
    QStringList existingFiles; // created before both runs
    QStringList existingDirs;
    InitProjectOptions options; // ours (templatesDirectory and workingDirectory filled in later)
};

InitProjectOptions opts(const QString &directory, const QString &templateName = u"generic"_s,
                        const QString &config = u"alembic.ini"_s, bool package = false)
{
    InitProjectOptions o;
    o.directory = directory;
    o.templateName = templateName;
    o.configFile = config;
    o.package = package;
    return o;
}

QList<InitCase> cases()
{
    return {
        {"generic as alembic", {u"init"_s, u"migrations"_s}, true, {}, {}, opts(u"migrations"_s)},
        {"generic", {u"init"_s, u"migrations"_s}, false, {}, {}, opts(u"migrations"_s)},
        {"sqlmodel", {u"init"_s, u"-t"_s, u"sqlmodel"_s, u"migrations"_s}, false, {}, {},
         opts(u"migrations"_s, u"sqlmodel"_s)},
        {"package, nested directory", {u"init"_s, u"--package"_s, u"pkg/env"_s}, false, {}, {},
         opts(u"pkg/env"_s, u"generic"_s, u"alembic.ini"_s, true)},
        {"custom config file", {u"-c"_s, u"custom.ini"_s, u"init"_s, u"./env"_s}, false, {}, {},
         opts(u"./env"_s, u"generic"_s, u"custom.ini"_s)},
        {"existing alembic.ini", {u"init"_s, u"migrations"_s}, false, {u"alembic.ini"_s}, {}, opts(u"migrations"_s)},
        {"existing empty directory", {u"init"_s, u"migrations"_s}, false, {}, {u"migrations"_s}, opts(u"migrations"_s)},
        {"non-empty directory", {u"init"_s, u"migrations"_s}, false, {u"migrations/keep.txt"_s}, {},
         opts(u"migrations"_s)},
        {"no such template", {u"init"_s, u"-t"_s, u"nope"_s, u"migrations"_s}, false, {}, {},
         opts(u"migrations"_s, u"nope"_s)},
    };
}

const char kPython[] = R"PY(
import contextlib, io, json, os, sys
from alembic.config import CommandLine, Config
alembic_templates = Config.get_template_directory
# Config binds sys.stdout when the module loads; print() follows redirect_stdout.
Config.print_stdout = lambda self, text, *arg: print(str(text) % arg if arg else str(text))
out = []
for case in json.load(sys.stdin):
    os.chdir(case["cwd"])
    if case.get("templates"):
        Config.get_template_directory = lambda self, d=case["templates"]: d
    else:
        Config.get_template_directory = alembic_templates
    buf = io.StringIO()
    code = 0
    with contextlib.redirect_stdout(buf):
        try:
            CommandLine(prog="alembic").main(argv=case["argv"])
        except SystemExit as e:
            code = e.code
    out.append({"output": buf.getvalue(), "code": code})
json.dump(out, sys.stdout)
)PY";

// Every file under `root`, relative path -> contents.
QMap<QString, QByteArray> tree(const QString &root)
{
    QMap<QString, QByteArray> files;
    QDirIterator it(root, QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        const QString relative = QDir(root).relativeFilePath(path);
        if (it.fileInfo().isDir()) {
            files.insert(relative + u'/', {});
        } else {
            if (!file.open(QIODevice::ReadOnly))
                return {};
            files.insert(relative, file.readAll());
        }
    }
    return files;
}

QStringList sortedLines(const QString &text)
{
    QStringList lines = text.split(u'\n');
    lines.sort();
    return lines;
}

} // namespace

class TestInitProject : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesAlembicInit_data();
    void matchesAlembicInit();
    void outputOrder();
    void fromQtResources();
    void listTemplatesMatchesAlembic();
    void realAlembicRunsTheProject_data();
    void realAlembicRunsTheProject();

private:
    void prepare(const InitCase &c, const QString &dir);

    QTemporaryDir m_root;
    QJsonArray m_python;
};

void TestInitProject::prepare(const InitCase &c, const QString &dir)
{
    QVERIFY(QDir().mkpath(dir));
    for (const QString &d : c.existingDirs)
        QVERIFY(QDir(dir).mkpath(d));
    for (const QString &f : c.existingFiles) {
        QVERIFY(QDir(dir).mkpath(QFileInfo(f).path()));
        QFile file(dir + u'/' + f);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("existing\n");
    }
}

void TestInitProject::initTestCase()
{
    QVERIFY(m_root.isValid());
    QJsonArray input;
    const QList<InitCase> all = cases();
    for (int i = 0; i < all.size(); ++i) {
        const QString dir = m_root.filePath(u"alembic/"_s + QString::number(i));
        prepare(all.at(i), dir);
        input.append(QJsonObject{{u"cwd"_s, dir}, {u"argv"_s, QJsonArray::fromStringList(all.at(i).argv)},
                                 {u"templates"_s, all.at(i).alembicTemplates ? QString() : kOurTemplates}});
    }
    // list_templates with our templates, as the last run.
    input.append(QJsonObject{{u"cwd"_s, m_root.path()}, {u"argv"_s, QJsonArray{u"list_templates"_s}},
                             {u"templates"_s, kOurTemplates}});
    QString error;
    m_python = PythonOracle::run(QString::fromLatin1(kPython), input, &error).toArray();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    QCOMPARE(m_python.size(), input.size());
}

void TestInitProject::matchesAlembicInit_data()
{
    QTest::addColumn<int>("index");
    const QList<InitCase> all = cases();
    for (int i = 0; i < all.size(); ++i)
        QTest::newRow(all.at(i).name) << i;
}

void TestInitProject::matchesAlembicInit()
{
    QFETCH(int, index);
    const InitCase c = cases().at(index);
    const QString theirs = m_root.filePath(u"alembic/"_s + QString::number(index));
    const QString ours = m_root.filePath(u"ours/"_s + QString::number(index));
    prepare(c, ours);

    InitProjectOptions o = c.options;
    o.templatesDirectory = kOurTemplates;
    o.workingDirectory = ours;
    QString output;
    const auto ok = pm::initProject(o, [&output](const QString &line) { output += line + u'\n'; });
    if (!ok)
        output += u"FAILED: "_s + ok.error().message + u'\n';

    const QJsonObject expected = m_python.at(index).toObject();
    QCOMPARE(ok.has_value(), expected.value(u"code"_s).toInt() == 0);
    // Alembic prints absolute paths; os.listdir's order is arbitrary.
    QString expectedOutput = expected.value(u"output"_s).toString();
    expectedOutput.replace(theirs, ours);
    QCOMPARE(sortedLines(output), sortedLines(expectedOutput));
    QCOMPARE(output.section(u'\n', -2), expectedOutput.section(u'\n', -2));

    const auto ourTree = tree(ours);
    const auto theirTree = tree(theirs);
    QCOMPARE(ourTree.keys(), theirTree.keys());
    for (auto it = theirTree.cbegin(); it != theirTree.cend(); ++it)
        QVERIFY2(ourTree.value(it.key()) == it.value(), qPrintable(it.key()));
}

void TestInitProject::outputOrder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    InitProjectOptions o = opts(u"migrations"_s, u"sqlmodel"_s);
    o.templatesDirectory = kOurTemplates;
    o.workingDirectory = dir.path();
    QStringList lines;
    QVERIFY(pm::initProject(o, [&lines](const QString &line) { lines.append(line); }));
    const QString root = dir.path();
    QCOMPARE(lines, (QStringList{
                         u"Creating directory "_s + root + u"/migrations ...  done"_s,
                         u"Creating directory "_s + root + u"/migrations/versions ...  done"_s,
                         u"Generating "_s + root + u"/migrations/README ...  done"_s,
                         u"Generating "_s + root + u"/alembic.ini ...  done"_s,
                         u"Generating "_s + root + u"/migrations/env.py ...  done"_s,
                         u"Generating "_s + root + u"/migrations/script.py.mako ...  done"_s,
                         u"Please edit configuration/connection/logging settings in '"_s + root
                             + u"/alembic.ini' before proceeding."_s,
                     }));
}

void TestInitProject::fromQtResources()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (const QString &name : {u"generic"_s, u"sqlmodel"_s}) {
        InitProjectOptions o = opts(name, name, name + u".ini"_s);
        o.workingDirectory = dir.path();
        o.templatesDirectory = u":/templates"_s;
        QVERIFY(pm::initProject(o, [](const QString &) {}));
        o.directory = name + u"-fs"_s;
        o.configFile = name + u"-fs.ini"_s;
        o.templatesDirectory = kOurTemplates;
        QVERIFY(pm::initProject(o, [](const QString &) {}));
        QCOMPARE(tree(dir.filePath(name)), tree(dir.filePath(name + u"-fs"_s)));
        QFile ini(dir.filePath(name + u".ini"_s));
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(ini.readAll().contains(QByteArray("script_location = " + name.toUtf8() + "\n")));
        QVERIFY(QFileInfo(dir.filePath(name + u"/env.py"_s)).isWritable());
    }
    const auto list = pm::listTemplates(u":/templates"_s, u"petmigrate"_s);
    QVERIFY(list);
    QCOMPARE(*list, u"Available templates:\n\n"
                    u"generic - Generic single-database configuration.\n"
                    u"sqlmodel - Single-database configuration for SQLModel models (batch mode for SQLite, sqlmodel types).\n"
                    u"\nTemplates are used via the 'init' command, e.g.:\n"
                    u"\n  petmigrate init --template generic ./scripts\n"_s);
}

void TestInitProject::listTemplatesMatchesAlembic()
{
    const auto list = pm::listTemplates(kOurTemplates);
    QVERIFY(list);
    QCOMPARE(sortedLines(*list), sortedLines(m_python.last().toObject().value(u"output"_s).toString()));
}

void TestInitProject::realAlembicRunsTheProject_data()
{
    QTest::addColumn<QString>("templateName");
    QTest::newRow("generic") << u"generic"_s;
    QTest::newRow("sqlmodel") << u"sqlmodel"_s;
}

void TestInitProject::realAlembicRunsTheProject()
{
    QFETCH(QString, templateName);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    InitProjectOptions o = opts(u"migrations"_s, templateName);
    o.templatesDirectory = kOurTemplates;
    o.workingDirectory = dir.path();
    QVERIFY(pm::initProject(o, [](const QString &) {}));

    QFile ini(dir.filePath(u"alembic.ini"_s));
    QVERIFY(ini.open(QIODevice::ReadWrite));
    QByteArray text = ini.readAll();
    text.replace("driver://user:pass@localhost/dbname", "sqlite:///pets.db");
    QVERIFY(ini.resize(0));
    ini.write(text);
    ini.close();

    // env.py and script.py.mako as real Alembic runs them: a revision
    // rendered by Mako, then an upgrade that imports it.
    const char script[] = R"PY(
import contextlib, json, sqlite3, sys
from alembic.config import CommandLine
with contextlib.redirect_stdout(sys.stderr):
    for argv in (["revision", "-m", "first", "--rev-id", "aaaa"], ["upgrade", "head"]):
        CommandLine(prog="alembic").main(argv=argv)
print(json.dumps(sqlite3.connect("pets.db").execute("select version_num from alembic_version").fetchall()))
)PY";
    QString error;
    const QJsonValue out = PythonOracle::run(QString::fromLatin1(script), QJsonObject{}, &error, dir.path());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    // One row holding one value; spelled with QJsonValue because clang reads
    // QJsonArray{QJsonArray{...}} as a copy, not as an array of one array.
    QCOMPARE(out.toArray(), (QJsonArray{QJsonValue(QJsonArray{u"aaaa"_s})}));
    QFile revision(dir.filePath(u"migrations/versions/aaaa_first.py"_s));
    QVERIFY(revision.open(QIODevice::ReadOnly));
    QCOMPARE(revision.readAll().contains("import sqlmodel.sql.sqltypes\n"), templateName == u"sqlmodel");
}

QTEST_GUILESS_MAIN(TestInitProject)
#include "tst_initproject.moc"
