#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include "config/alembicconfig.h"
#include "config/filetemplate.h"
#include "config/pythonstring.h"
#include "pythonoracle.h"

using namespace Qt::StringLiterals;
using pm::AlembicConfig;
using pm::FileTemplate;

namespace {

struct ConfigCase
{
    const char *name;
    const char *configFile; // relative to the case's working directory
    const char *section;
    const char *ini;
};

// Every case runs in its own directory holding "migrations/" and "sub/migrations/".
const ConfigCase kConfigs[] = {
    {"generic", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nprepend_sys_path = .\n"
     "version_path_separator = os  # Use os.pathsep. Default configuration used for new projects.\n"
     "sqlalchemy.url = sqlite:///pets.db\n"},
    {"here in subdirectory", "sub/alembic.ini", "alembic",
     "[alembic]\nscript_location = %(here)s/migrations\n"},
    {"relative to cwd, not to the file", "sub/alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\n"},
    {"os separator", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = %(here)s/a:%(here)s/b::rel\nversion_path_separator = os\n"},
    {"space separator", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = a  b,c\nversion_path_separator = space\n"},
    {"colon separator", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = a:b\nversion_path_separator = :\n"},
    {"semicolon separator", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = a;b c;;d\nversion_path_separator = ;\n"},
    {"legacy split", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = a, b  c,d , e\n"},
    {"empty version_locations", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations =\n"},
    {"separator with comment", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = a:b\n"
     "version_path_separator = os  # Use os.pathsep.\n"},
    {"newline separator", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nversion_locations = a\n  b\nversion_path_separator = newline\n"},
    {"no script_location", "alembic.ini", "alembic", "[alembic]\nsqlalchemy.url = sqlite://\n"},
    {"missing script directory", "alembic.ini", "alembic", "[alembic]\nscript_location = nowhere\n"},
    {"named section", "alembic.ini", "second",
     "[alembic]\nscript_location = nowhere\n[second]\nscript_location = sub/migrations\n"},
    {"options", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\ntruncate_slug_length = 10\nsourceless = true\n"
     "output_encoding = latin-1\ntimezone = UTC\nfile_template = %%(epoch)s_%%(rev)s\n"},
    {"sourceless is exact", "alembic.ini", "alembic",
     "[alembic]\nscript_location = migrations\nsourceless = True\ntruncate_slug_length = 0\n"},
};

struct NameCase
{
    const char *pattern;
    int truncate;
};

const NameCase kTemplates[] = {
    {"%(rev)s_%(slug)s", 40},
    {"%(rev)s_%(slug)s", 10},
    {"%(rev)s_%(slug)s", 3},
    {"%(slug)s", -3},
    {"%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s", 40},
    {"%(epoch)s_%(rev)s", 40},
    {"%(rev)r-%(slug)-12s|%(second)05d|%(minute)x|%(hour)#o|%(day)+d|%(month)-4d|%(year).6d|%(second)#X", 40},
    {"%%literal_%(rev).3s%(day)3d%(month)i %(slug).5s", 40},
};

const char *const kMessages[] = {
    "",
    "initial",
    "Add pet owner and species",
    "add column 'weight_kg' to pet, drop x!",
    "  lots   of   spaces  ",
    "a_b__c",
    "this is a very long message that will certainly be truncated somewhere",
    "averyveryveryveryveryveryveryveryveryverylongword and more",
    "Ünïcödé wörds — and ß",
    "日本語 のメッセージ",
    "tab\tand\nnewline",
};

const int kDates[][7] = {
    {2023, 1, 29, 19, 39, 24, 556000},
    {2024, 12, 31, 23, 59, 59, 0},
    {2000, 2, 3, 4, 5, 6, 7000},
};

const char kPython[] = R"PY(
import datetime, json, os, sys
from alembic.config import Config
from alembic.script import ScriptDirectory
data = json.load(sys.stdin)
configs = {}
for case in data["configs"]:
    os.chdir(case["cwd"])
    try:
        cfg = Config(case["file"], ini_section=case["section"])
        s = ScriptDirectory.from_config(cfg)
        configs[case["name"]] = {
            "dir": os.path.abspath(s.dir),
            "versions": list(s._version_locations),
            "file_template": s.file_template,
            "truncate": s.truncate_slug_length,
            "sourceless": s.sourceless,
            "output_encoding": s.output_encoding,
            "timezone": s.timezone,
        }
    except Exception as e:
        configs[case["name"]] = {"error": str(e)}
names = []
for t in data["templates"]:
    s = ScriptDirectory(data["scratch"], file_template=t["pattern"], truncate_slug_length=t["truncate"])
    row = []
    for m in data["messages"]:
        for d in data["dates"]:
            row.append(os.path.basename(s._rev_path("", "ae1027a6acf", m, datetime.datetime(*d))))
    names.append(row)
json.dump({"configs": configs, "names": names}, sys.stdout)
)PY";

} // namespace

class TestAlembicConfig : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesAlembic_data();
    void matchesAlembic();
    void fileNamesMatchAlembic_data();
    void fileNamesMatchAlembic();
    void slug_data();
    void slug();
    void fileTemplateErrors_data();
    void fileTemplateErrors();
    void packageResourceRefused();
    void missingFile();
    void optionsAndBooleans();
    void databaseUrl();
    void createDate();
    void xArguments();
    void defaultConfigFile();

private:
    QString caseDirectory(const QString &name) const;
    AlembicConfig::Options options(const ConfigCase &c) const;

    QTemporaryDir m_root;
    QJsonObject m_configs;
    QJsonArray m_names;
};

QString TestAlembicConfig::caseDirectory(const QString &name) const
{
    return m_root.filePath(u"cases/"_s + QString(name).replace(u' ', u'_').replace(u',', u'_'));
}

AlembicConfig::Options TestAlembicConfig::options(const ConfigCase &c) const
{
    AlembicConfig::Options o;
    o.configFile = QString::fromUtf8(c.configFile);
    o.section = QString::fromUtf8(c.section);
    o.workingDirectory = caseDirectory(QString::fromUtf8(c.name));
    return o;
}

void TestAlembicConfig::initTestCase()
{
    QVERIFY(m_root.isValid());
    QJsonArray configs;
    for (const ConfigCase &c : kConfigs) {
        const QString dir = caseDirectory(QString::fromUtf8(c.name));
        QVERIFY(QDir().mkpath(dir + u"/migrations/versions"_s));
        QVERIFY(QDir().mkpath(dir + u"/sub/migrations/versions"_s));
        QFile file(dir + u'/' + QString::fromUtf8(c.configFile));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(c.ini);
        file.close();
        configs.append(QJsonObject{{u"name"_s, QString::fromUtf8(c.name)}, {u"cwd"_s, dir},
                                   {u"file"_s, QString::fromUtf8(c.configFile)}, {u"section"_s, QString::fromUtf8(c.section)}});
    }
    QJsonArray templates, messages, dates;
    for (const NameCase &t : kTemplates)
        templates.append(QJsonObject{{u"pattern"_s, QString::fromUtf8(t.pattern)}, {u"truncate"_s, t.truncate}});
    for (const char *m : kMessages)
        messages.append(QString::fromUtf8(m));
    for (const auto &d : kDates) {
        QJsonArray parts;
        for (int v : d)
            parts.append(v);
        dates.append(parts);
    }
    const QJsonObject input{{u"configs"_s, configs}, {u"templates"_s, templates}, {u"messages"_s, messages},
                            {u"dates"_s, dates}, {u"scratch"_s, m_root.path()}};
    QString error;
    const QJsonObject out = PythonOracle::run(QString::fromLatin1(kPython), input, &error).toObject();
    if (!error.isEmpty())
        QFAIL(qPrintable(error));
    m_configs = out.value(u"configs"_s).toObject();
    m_names = out.value(u"names"_s).toArray();
}

void TestAlembicConfig::matchesAlembic_data()
{
    QTest::addColumn<int>("index");
    for (int i = 0; i < int(std::size(kConfigs)); ++i)
        QTest::newRow(kConfigs[i].name) << i;
}

void TestAlembicConfig::matchesAlembic()
{
    QFETCH(int, index);
    const ConfigCase &c = kConfigs[index];
    const QJsonObject expected = m_configs.value(QString::fromUtf8(c.name)).toObject();
    QVERIFY(!expected.isEmpty());

    QJsonObject actual;
    auto config = AlembicConfig::load(options(c));
    QVERIFY2(config, qPrintable(config ? QString() : config.error().toString()));
    auto dir = config->scriptLocation();
    auto versions = config->versionLocations();
    auto fileTemplate = config->fileTemplate();
    if (!dir) {
        actual = {{u"error"_s, dir.error().message}};
    } else if (!versions) {
        actual = {{u"error"_s, versions.error().message}};
    } else {
        QVERIFY(fileTemplate);
        actual = {
            {u"dir"_s, *dir},
            {u"versions"_s, QJsonArray::fromStringList(*versions)},
            {u"file_template"_s, fileTemplate->pattern()},
            {u"truncate"_s, fileTemplate->truncateSlugLength()},
            {u"sourceless"_s, config->sourceless()},
            {u"output_encoding"_s, config->outputEncoding()},
            {u"timezone"_s, config->timezone() ? QJsonValue(*config->timezone()) : QJsonValue(QJsonValue::Null)},
        };
    }
    if (actual != expected) {
        qInfo().noquote() << "expected" << QJsonDocument(expected).toJson(QJsonDocument::Compact);
        qInfo().noquote() << "actual  " << QJsonDocument(actual).toJson(QJsonDocument::Compact);
    }
    QCOMPARE(actual, expected);
}

void TestAlembicConfig::fileNamesMatchAlembic_data()
{
    QTest::addColumn<int>("templateIndex");
    QTest::addColumn<int>("messageIndex");
    QTest::addColumn<int>("dateIndex");
    for (int t = 0; t < int(std::size(kTemplates)); ++t) {
        for (int m = 0; m < int(std::size(kMessages)); ++m) {
            for (int d = 0; d < int(std::size(kDates)); ++d) {
                QTest::addRow("template %d (truncate %d), message %d, date %d", t, kTemplates[t].truncate, m, d)
                    << t << m << d;
            }
        }
    }
}

void TestAlembicConfig::fileNamesMatchAlembic()
{
    QFETCH(int, templateIndex);
    QFETCH(int, messageIndex);
    QFETCH(int, dateIndex);
    const auto &d = kDates[dateIndex];
    const QDateTime date(QDate(d[0], d[1], d[2]), QTime(d[3], d[4], d[5], d[6] / 1000), Qt::LocalTime);
    const FileTemplate naming(QString::fromUtf8(kTemplates[templateIndex].pattern), kTemplates[templateIndex].truncate);
    auto name = naming.fileName(u"ae1027a6acf"_s, QString::fromUtf8(kMessages[messageIndex]), date);
    QVERIFY2(name, qPrintable(name ? QString() : name.error().toString()));
    const QString expected = m_names.at(templateIndex).toArray().at(messageIndex * int(std::size(kDates)) + dateIndex).toString();
    QCOMPARE(*name, expected);
}

void TestAlembicConfig::slug_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<int>("length");
    QTest::addColumn<QString>("slug");
    QTest::newRow("words") << u"Add pet owner"_s << 40 << u"add_pet_owner"_s;
    QTest::newRow("punctuation") << u"drop 'x', add y!"_s << 40 << u"drop_x_add_y"_s;
    QTest::newRow("cut at word") << u"alpha beta gamma"_s << 12 << u"alpha_beta_"_s;
    QTest::newRow("cut inside first word") << u"alphabetagamma delta"_s << 5 << u"alpha_"_s;
    QTest::newRow("exact length") << u"alpha beta"_s << 10 << u"alpha_beta"_s;
    QTest::newRow("empty") << QString() << 40 << QString();
}

void TestAlembicConfig::slug()
{
    QFETCH(QString, message);
    QFETCH(int, length);
    QFETCH(QString, slug);
    QCOMPARE(FileTemplate::slug(message, length), slug);
}

void TestAlembicConfig::fileTemplateErrors_data()
{
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<QString>("message");
    QTest::newRow("unknown token") << u"%(revision)s"_s
        << u"The file_template '%(revision)s' uses the unknown token %(revision); the tokens are rev, slug, epoch, year, month, day, hour, minute and second."_s;
    QTest::newRow("number of text") << u"%(slug)d"_s
        << u"The file_template '%(slug)d' formats the text token %(slug) with %d, which needs a number; use %(slug)s."_s;
    QTest::newRow("bare percent") << u"100% %(rev)s"_s
        << u"The file_template '100% %(rev)s' has a '%' that is not followed by a token name such as %(rev)s; write %% for a literal percent sign."_s;
    QTest::newRow("unclosed") << u"%(rev"_s << u"The file_template '%(rev' has an unclosed '%('."_s;
    QTest::newRow("truncated") << u"%(rev)"_s
        << u"The file_template '%(rev)' ends in the middle of the %(rev) placeholder."_s;
    QTest::newRow("bad conversion") << u"%(rev)q"_s
        << u"The file_template '%(rev)q' uses the unsupported conversion '%q' in %(rev)."_s;
}

void TestAlembicConfig::fileTemplateErrors()
{
    QFETCH(QString, pattern);
    QFETCH(QString, message);
    auto name = FileTemplate(pattern).render(u"abc"_s, u"m"_s, QDateTime::currentDateTime());
    QVERIFY(!name);
    QCOMPARE(name.error().toString(), message);
}

void TestAlembicConfig::packageResourceRefused()
{
    const QString dir = m_root.filePath(u"package"_s);
    QVERIFY(QDir().mkpath(dir));
    QFile file(dir + u"/alembic.ini"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[alembic]\nscript_location = myapp:migrations\nversion_locations = /abs/x:pkg:sub\nversion_path_separator = space\n");
    file.close();
    AlembicConfig::Options o;
    o.workingDirectory = dir;
    auto config = AlembicConfig::load(o);
    QVERIFY(config);
    auto location = config->scriptLocation();
    QVERIFY(!location);
    QCOMPARE(location.error().toString(),
             dir + u"/alembic.ini:2:1: The script_location value 'myapp:migrations' is a Python package resource (package:path), which this program cannot locate; use a directory path such as %(here)s/migrations instead."_s);
    // An absolute path may contain a colon.
    auto versions = config->versionLocations();
    QVERIFY(versions);
    QCOMPARE(*versions, QStringList{u"/abs/x:pkg:sub"_s});
}

void TestAlembicConfig::missingFile()
{
    AlembicConfig::Options o;
    o.configFile = u"nope.ini"_s;
    o.workingDirectory = m_root.path();
    auto config = AlembicConfig::load(o);
    QVERIFY(!config);
    QCOMPARE(config.error().toString(), u"No config file 'nope.ini' found, or file has no '[alembic]' section"_s);

    o.configFile = u"cases/generic/alembic.ini"_s;
    o.section = u"other"_s;
    config = AlembicConfig::load(o);
    QVERIFY(!config);
    QCOMPARE(config.error().toString(),
             u"No config file 'cases/generic/alembic.ini' found, or file has no '[other]' section"_s);
}

void TestAlembicConfig::optionsAndBooleans()
{
    const QString dir = m_root.filePath(u"options"_s);
    QVERIFY(QDir().mkpath(dir));
    QFile file(dir + u"/alembic.ini"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[alembic]\nrender_as_batch = Yes \nCompare_Type = off\nrevision_environment = maybe\n"
               "user_module_prefix = sqlmodel.sql.sqltypes.\nversion_table = my_version\n"
               "[post_write_hooks]\nhooks = black\n");
    file.close();
    AlembicConfig::Options o;
    o.workingDirectory = dir;
    auto config = AlembicConfig::load(o);
    QVERIFY(config);
    QCOMPARE(config->configFilePath(), dir + u"/alembic.ini"_s);
    QCOMPARE(config->boolOption(u"render_as_batch"_s).value(), true);
    QCOMPARE(config->boolOption(u"compare_type"_s, true).value(), false);
    QCOMPARE(config->boolOption(u"transaction_per_migration"_s).value(), false);
    QCOMPARE(config->boolOption(u"compare_server_default"_s, true).value(), true);
    QCOMPARE(config->option(u"user_module_prefix"_s), std::optional<QString>(u"sqlmodel.sql.sqltypes."_s));
    QCOMPARE(config->option(u"version_table"_s, u"alembic_version"_s), u"my_version"_s);
    QCOMPARE(config->option(u"here"_s), std::optional<QString>(dir));
    QCOMPARE(config->option(u"absent"_s), std::nullopt);
    const auto environment = config->revisionEnvironment();
    QVERIFY(!environment);
    QCOMPARE(environment.error().toString(),
             dir + u"/alembic.ini:4:1: The option revision_environment must be true or false, not 'maybe'."_s);
    QCOMPARE(config->recursiveVersionLocations().value(), false);
    QCOMPARE(config->outputEncoding(), u"utf-8"_s);
    QVERIFY(!config->sourceless());
    QCOMPARE(config->timezone(), std::nullopt);

    auto hooks = config->section(u"post_write_hooks"_s);
    QVERIFY(hooks && *hooks);
    QCOMPARE(hooks->value(), (pm::IniFile::Items{{u"here"_s, dir}, {u"hooks"_s, u"black"_s}}));
    QVERIFY(config->section(u"nope"_s).value() == std::nullopt);

    QVERIFY(config->setOption(u"script_location"_s, u"%(here)s/m"_s));
    QCOMPARE(config->option(u"script_location"_s), std::optional<QString>(dir + u"/m"_s));
    QVERIFY(!config->setOption(u"x"_s, u"50%"_s));
}

void TestAlembicConfig::databaseUrl()
{
    const QString dir = m_root.filePath(u"cases/generic"_s);
    AlembicConfig::Options o;
    o.workingDirectory = dir;
    auto config = AlembicConfig::load(o);
    QVERIFY(config);
    auto url = config->databaseUrl();
    QVERIFY(url);
    QCOMPARE(url->sqliteFilePath(dir), dir + u"/pets.db"_s);
    auto overridden = config->databaseUrl(u"postgresql://u:p@h/db"_s);
    QVERIFY(overridden);
    QCOMPARE(overridden->toDisplayString(), u"postgresql://u:***@h/db"_s);

    const QString other = m_root.filePath(u"url"_s);
    QVERIFY(QDir().mkpath(other));
    QFile file(other + u"/alembic.ini"_s);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("[alembic]\n\nsqlalchemy.url = driver://user:pass@localhost/dbname\n");
    file.close();
    o.workingDirectory = other;
    config = AlembicConfig::load(o);
    QVERIFY(config);
    url = config->databaseUrl();
    QVERIFY(!url);
    QCOMPARE(url.error().toString(),
             other + u"/alembic.ini:3:1: The database URL scheme 'driver' is not supported; use sqlite:// or postgresql:// (optionally with +driver)."_s);
    QVERIFY(config->setOption(u"sqlalchemy.url"_s, u""_s));
    QVERIFY(!config->databaseUrl());
}

void TestAlembicConfig::createDate()
{
    const QString dir = m_root.filePath(u"tz"_s);
    QVERIFY(QDir().mkpath(dir));
    const QDateTime now(QDate(2023, 1, 29), QTime(18, 39, 24, 556), QTimeZone::utc());
    auto write = [&](const QByteArray &ini) {
        QFile file(dir + u"/alembic.ini"_s);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ini);
    };
    AlembicConfig::Options o;
    o.workingDirectory = dir;

    write("[alembic]\ntimezone = Europe/Paris\n");
    auto date = AlembicConfig::load(o)->createDate(now);
    QVERIFY(date);
    QCOMPARE(pm::PythonString::fromDateTime(*date), u"2023-01-29 19:39:24.556000+01:00"_s);

    write("[alembic]\ntimezone = utc\n");
    date = AlembicConfig::load(o)->createDate(now);
    QVERIFY(date);
    QCOMPARE(pm::PythonString::fromDateTime(*date), u"2023-01-29 18:39:24.556000+00:00"_s);

    write("[alembic]\ntimezone = Nowhere/Atlantis\n");
    date = AlembicConfig::load(o)->createDate(now);
    QVERIFY(!date);
    QCOMPARE(date.error().message, u"Can't locate timezone: Nowhere/Atlantis"_s);

    write("[alembic]\n");
    date = AlembicConfig::load(o)->createDate(now);
    QVERIFY(date);
    QCOMPARE(date->timeSpec(), Qt::LocalTime);
    QCOMPARE(pm::PythonString::fromDateTime(*date).size(), 26);
}

void TestAlembicConfig::xArguments()
{
    AlembicConfig::Options o;
    o.workingDirectory = m_root.filePath(u"cases/generic"_s);
    o.xArguments = {u"a=1"_s, u"b=x=y"_s, u"a=2"_s};
    auto config = AlembicConfig::load(o);
    QVERIFY(config);
    QCOMPARE(config->xArguments(), o.xArguments);
    QCOMPARE(config->xArgumentsDictionary().value(), (pm::IniFile::Items{{u"a"_s, u"2"_s}, {u"b"_s, u"x=y"_s}}));
    o.xArguments = {u"flag"_s};
    config = AlembicConfig::load(o);
    QVERIFY(config);
    QCOMPARE(config->xArgumentsDictionary().error().message, u"The -x argument 'flag' is not of the form key=value."_s);
}

void TestAlembicConfig::defaultConfigFile()
{
    qunsetenv("ALEMBIC_CONFIG");
    QCOMPARE(AlembicConfig::defaultConfigFile(), u"alembic.ini"_s);
    qputenv("ALEMBIC_CONFIG", "/etc/app/migrate.ini");
    QCOMPARE(AlembicConfig::defaultConfigFile(), u"/etc/app/migrate.ini"_s);
    AlembicConfig::Options o;
    o.workingDirectory = m_root.path();
    auto config = AlembicConfig::load(o);
    QVERIFY(!config);
    QCOMPARE(config.error().message, u"No config file '/etc/app/migrate.ini' found, or file has no '[alembic]' section"_s);
    qunsetenv("ALEMBIC_CONFIG");
}

QTEST_GUILESS_MAIN(TestAlembicConfig)
#include "tst_alembicconfig.moc"
