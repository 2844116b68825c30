#include <QFile>
#include <QTest>

#include "script/envsettingsreader.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

QString readTemplate(const QString &name)
{
    QFile f(u"/usr/lib/python3/dist-packages/alembic/templates/"_s + name + u"/env.py"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

// The tutorial's env.py: the generic template with its three edits.
QString tutorialEnv()
{
    QString env = readTemplate(u"generic"_s);
    env.replace(u"target_metadata = None\n"_s,
                u"import sqlmodel_alembic.models\ntarget_metadata = sqlmodel_alembic.models.metadata\n"_s);
    env.replace(u"            connection=connection, target_metadata=target_metadata\n"_s,
                u"            connection=connection,\n            target_metadata=target_metadata,\n"
                "            render_as_batch=True,\n            user_module_prefix=\"sqlmodel.sql.sqltypes.\",\n"_s);
    return env;
}

} // namespace

class TestEnvSettings : public QObject
{
    Q_OBJECT

private slots:
    void tutorial();
    void genericTemplate();
    void asyncTemplate();
    void settings_data();
    void settings();
    void robustness();
    void tokenError();
};

void TestEnvSettings::tutorial()
{
    const QString source = tutorialEnv();
    QVERIFY(source.contains(u"render_as_batch=True"_s));
    auto env = EnvSettingsReader::read(source, u"migrations/env.py"_s);
    if (!env)
        QFAIL(qPrintable(env.error().toString()));
    QCOMPARE(env->configureCalls.size(), 2);
    const ConfigureCall *online = env->online();
    QVERIFY(online);
    QCOMPARE(online->function, u"run_migrations_online"_s);
    QCOMPARE(online->renderAsBatch(), std::optional<bool>(true));
    QCOMPARE(online->userModulePrefix(), std::optional<QString>(u"sqlmodel.sql.sqltypes."_s));
    QCOMPARE(online->targetMetadata(), u"target_metadata"_s);
    QCOMPARE(online->argument(u"connection")->text, u"connection"_s);
    QVERIFY(!online->argument(u"connection")->literal);

    const ConfigureCall *offline = env->offline();
    QVERIFY(offline);
    QCOMPARE(offline->function, u"run_migrations_offline"_s);
    QCOMPARE(offline->renderAsBatch(), std::nullopt);
    QCOMPARE(offline->boolean(u"literal_binds"), std::optional<bool>(true));
    QCOMPARE(offline->argument(u"dialect_opts")->value.toMap().value(u"paramstyle"_s).toString(), u"named"_s);

    QCOMPARE(env->targetMetadata, u"sqlmodel_alembic.models.metadata"_s);
    QVERIFY(env->targetMetadataLine > 0);
    QStringList modules;
    for (const PythonImport &imp : env->imports)
        modules << imp.module + (imp.name.isEmpty() ? QString() : u':' + imp.name);
    QCOMPARE(modules, (QStringList{u"logging.config:fileConfig"_s, u"sqlalchemy:engine_from_config"_s,
                                   u"sqlalchemy:pool"_s, u"alembic:context"_s, u"sqlmodel_alembic.models"_s}));
}

void TestEnvSettings::genericTemplate()
{
    const QString source = readTemplate(u"generic"_s);
    QVERIFY2(!source.isEmpty(), "Alembic's generic template is missing (python3-alembic is required)");
    auto env = EnvSettingsReader::read(source, u"env.py"_s);
    if (!env)
        QFAIL(qPrintable(env.error().toString()));
    QCOMPARE(env->targetMetadata, u"None"_s);
    QVERIFY(env->online() && env->offline());
    QCOMPARE(env->online()->renderAsBatch(), std::nullopt);
    QCOMPARE(env->offline()->argument(u"url")->text, u"url"_s);
}

void TestEnvSettings::asyncTemplate()
{
    const QString source = readTemplate(u"async"_s);
    QVERIFY2(!source.isEmpty(), "Alembic's async template is missing (python3-alembic is required)");
    auto env = EnvSettingsReader::read(source, u"env.py"_s);
    if (!env)
        QFAIL(qPrintable(env.error().toString()));
    QCOMPARE(env->configureCalls.size(), 2);
    QVERIFY(env->offline());
    QVERIFY(env->online());
    QCOMPARE(env->online()->function, u"do_run_migrations"_s);
}

void TestEnvSettings::settings_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected"); // per call: mode function name=value(literal?)...

    QTest::newRow("all settings")
        << u"from alembic import context\n"
           "def run_migrations_online():\n"
           "    context.configure(\n"
           "        connection=connection,\n"
           "        target_metadata=models.Base.metadata,\n"
           "        render_as_batch=False,\n"
           "        user_module_prefix='app.types.',\n"
           "        compare_type=True,\n"
           "        compare_server_default=my_compare,\n"
           "        version_table='versions',\n"
           "        version_table_schema=None,\n"
           "        transaction_per_migration=True,\n"
           "        include_schemas=True,\n"
           "        **extra,\n"
           "    )\n"_s
        << u"online run_migrations_online connection=connection target_metadata=models.Base.metadata "
           "render_as_batch=False! user_module_prefix=app.types.! compare_type=True! compare_server_default=my_compare "
           "version_table=versions! version_table_schema=None! transaction_per_migration=True! include_schemas=True! "
           "**=extra"_s;
    QTest::newRow("module level and unknown mode")
        << u"import alembic.context as ctx\nfrom alembic import context\ncontext.configure(render_as_batch=True)\n"_s
        << u"unknown  render_as_batch=True!"_s;
    QTest::newRow("by argument")
        << u"def go(c):\n    context.configure(connection=c, compare_type=True)\n"
           "def other():\n    context.configure(url='sqlite://', literal_binds=True)\n"_s
        << u"online go connection=c compare_type=True! | offline other url=sqlite://! literal_binds=True!"_s;
    QTest::newRow("nested and expressions")
        << u"def run_migrations_offline():\n    if flag:\n        context.configure(url=cfg.get('url'), "
           "version_table=f'v_{x}', include_schemas=(True), target_metadata=[a, b])\n"
           "    else:\n        pass\n"
           "def run_migrations_online():\n    with engine.connect() as c:\n        context.configure(connection=c,\n"
           "            render_as_batch=True  # comment\n        )\n"_s
        << u"offline run_migrations_offline url=cfg.get('url') version_table=f'v_{x}' include_schemas=True! "
           "target_metadata=[a, b] | online run_migrations_online connection=c render_as_batch=True!"_s;
    QTest::newRow("string concatenation") << u"def run_migrations_online():\n    context.configure(user_module_prefix='sqlmodel.'\n"
                                             "        'sql.sqltypes.')\n"_s
                                          << u"online run_migrations_online user_module_prefix=sqlmodel.sql.sqltypes.!"_s;
    // What the parser reads as a value is a literal only when Python would
    // give that value without running anything a setting could depend on.
    QTest::newRow("literal forms")
        << u"def run_migrations_online():\n    context.configure(version_table=b'v', compare_type=-1, "
           "include_schemas=1, version_table_schema=2.5, render_as_batch=lambda *a: True,\n"
           "        user_module_prefix=f'a', transactional_ddl=x == 1)\n"_s
        << u"online run_migrations_online version_table=b'v' compare_type=-1 include_schemas=1! "
           "version_table_schema=2.5! render_as_batch=lambda *a: True user_module_prefix=f'a' transactional_ddl=x == 1"_s;
}

void TestEnvSettings::settings()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto env = EnvSettingsReader::read(source, u"env.py"_s);
    if (!env)
        QFAIL(qPrintable(env.error().toString()));
    QStringList calls;
    for (const ConfigureCall &c : env->configureCalls) {
        static const char16_t *modes[] = {u"unknown", u"offline", u"online"};
        QStringList parts{QString::fromUtf16(modes[int(c.mode)]), c.function};
        for (const EnvArgument &a : c.arguments) {
            QString value = a.text;
            if (a.literal)
                value = (a.value.isNull() ? u"None"_s
                         : a.value.typeId() == QMetaType::Bool ? (a.value.toBool() ? u"True"_s : u"False"_s)
                                                                : a.value.toString()) + u'!';
            parts << a.name + u'=' + value;
        }
        calls << parts.join(u' ');
    }
    QCOMPARE(calls.join(u" | "_s), expected);
}

void TestEnvSettings::robustness()
{
    // Arbitrary Python around the settings: decorators, classes, lambdas,
    // f-strings with nested quotes, walrus, async, dict/set comprehensions.
    const QString source = uR"(import asyncio, os.path as osp
from typing import (Any,
    Optional)
from . import local
from app.models import SQLModel  # the models
target_metadata: Any = SQLModel.metadata

@decorator(arg=1)
class Helper(Base, metaclass=Meta):
    value = {k: v for k, v in items if (n := len(k)) > 2}
    def method(self) -> None:
        return f"{self.value!r} and {'nested'}" + rb'\d' % {1, 2}

async def run_async_migrations():
    async with engine.connect() as connection:
        await connection.run_sync(lambda c: context.configure(connection=c, render_as_batch=True))

def run_migrations_online() -> None:
    x = [i ** 2 for i in range(10) if i % 2]
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_type=lambda *a: False,
        user_module_prefix="sqlmodel.sql.sqltypes.",
    )
    try:
        pass
    except (ValueError, KeyError) as e:
        raise RuntimeError("x") from e

if context.is_offline_mode():
    run_migrations_offline()
else:
    asyncio.run(run_migrations_online())
)"_s;
    auto env = EnvSettingsReader::read(source, u"env.py"_s);
    if (!env)
        QFAIL(qPrintable(env.error().toString()));
    QCOMPARE(env->targetMetadata, u"SQLModel.metadata"_s);
    QCOMPARE(env->configureCalls.size(), 2);
    QCOMPARE(env->configureCalls[0].function, u"run_async_migrations"_s);
    QCOMPARE(env->configureCalls[0].mode, ConfigureCall::Mode::Online);
    const ConfigureCall *online = env->online();
    QCOMPARE(online->renderAsBatch(), std::optional<bool>(true));
    const ConfigureCall &second = env->configureCalls[1];
    QCOMPARE(second.function, u"run_migrations_online"_s);
    QCOMPARE(second.userModulePrefix(), std::optional<QString>(u"sqlmodel.sql.sqltypes."_s));
    QCOMPARE(second.argument(u"compare_type")->text, u"lambda *a: False"_s);
    QCOMPARE(second.compareType(), std::nullopt);
    QStringList imports;
    for (const PythonImport &imp : env->imports)
        imports << imp.module + u':' + imp.name + u':' + imp.alias;
    QCOMPARE(imports, (QStringList{u"asyncio::"_s, u"os.path::osp"_s, u"typing:Any:"_s, u"typing:Optional:"_s,
                                   u".:local:"_s, u"app.models:SQLModel:"_s}));
}

void TestEnvSettings::tokenError()
{
    auto env = EnvSettingsReader::read(u"def f():\n    context.configure(x='unterminated)\n"_s, u"env.py"_s);
    QVERIFY(!env);
    QCOMPARE(env.error().toString(), u"env.py:2:25: unterminated string"_s);
    auto missing = EnvSettingsReader::readFile(u"/nonexistent/env.py"_s);
    QVERIFY(!missing);
}

QTEST_GUILESS_MAIN(TestEnvSettings)
#include "tst_envsettings.moc"
