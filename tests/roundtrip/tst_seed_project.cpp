// The seed project (issue 5, "Tests and figures"): the tutorial's SQLModel
// project (/work/shared/seed-tutorial.txt) is rebuilt in a temporary
// directory exactly as the tutorial does it -- models.py with its naming
// convention, `alembic init migrations`, sqlalchemy.url = sqlite:///./data.db,
// env.py importing sqlmodel_alembic.models with render_as_batch and
// user_module_prefix, `import sqlmodel.sql.sqltypes` in script.py.mako -- and
// copied. Real Alembic autogenerates in one copy (PYTHONPATH=.), petmigrate in
// the other (reading models.py statically); the generated scripts must be the
// same after their header (revision ids and dates differ), and each tool must
// run the other's script to the same database.
//
// initial: the tutorial's models against an empty database.
// grow:    both databases at the initial revision, then the models grow the
//          way the app's did (unique email, indexed name, a foreign key, a
//          server default, date and float columns) and both autogenerate again.
#include "roundtrip.h"

using namespace roundtrip;

namespace {

// sqlmodel_alembic/models.py as the tutorial ends up with it: the models of
// "Creating Models Using SQLModel" with the naming convention of "SQL
// Constraint Naming Convention" added before them.
const QByteArray ModelsInitial = R"(from typing import Optional
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
)";

// The same module after the pet manager's models grew (issue 5, "The app's
// models grow", within what SQLModel 0.0.8's Field can say).
const QByteArray ModelsGrown = R"(import datetime
from typing import Optional
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = SQLModel.metadata
metadata.naming_convention = NAMING_CONVENTION


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    email: Optional[str] = Field(default=None, sa_column_kwargs={"unique": True})


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id")
    species: str = Field(default="unknown", max_length=20, sa_column_kwargs={"server_default": "unknown"})
    birth_date: Optional[datetime.date] = None
    weight_kg: Optional[float] = None
)";

// Everything after the header: from the line after `depends_on = ...`.
QString scriptBody(const QString &script)
{
    const qsizetype at = script.indexOf(QStringLiteral("\ndepends_on = "));
    if (at < 0)
        return QStringLiteral("<no depends_on line in:>\n") + script;
    const qsizetype eol = script.indexOf(QLatin1Char('\n'), at + 1);
    return script.mid(eol + 1);
}

} // namespace

class TestSeedProject : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void initial();
    void grow();

private:
    bool makeTutorialProject(const QString &dir);
    QString scriptFor(const QString &proj, const QString &slug, QString *path = nullptr) const;

    QTemporaryDir m_tmp;
};

void TestSeedProject::initTestCase()
{
    ROUNDTRIP_REQUIRE_TOOLS(true);
    QVERIFY(m_tmp.isValid());
}

QString TestSeedProject::scriptFor(const QString &proj, const QString &slug, QString *path) const
{
    const QStringList files = QDir(proj + QStringLiteral("/migrations/versions"))
                                  .entryList({QStringLiteral("*_") + slug + QStringLiteral(".py")}, QDir::Files);
    if (files.size() != 1)
        return QStringLiteral("<%1 scripts named *_%2.py in %3>").arg(files.size()).arg(slug, proj);
    const QString p = proj + QStringLiteral("/migrations/versions/") + files.first();
    if (path)
        *path = p;
    return QString::fromUtf8(fileBytes(p));
}

// The tutorial's steps, in order, with real Alembic's `init`.
bool TestSeedProject::makeTutorialProject(const QString &dir)
{
    if (!QDir().mkpath(dir + QStringLiteral("/sqlmodel_alembic")))
        return false;
    if (!writeFile(dir + QStringLiteral("/sqlmodel_alembic/__init__.py"), QByteArray())
        || !writeFile(dir + QStringLiteral("/sqlmodel_alembic/models.py"), ModelsInitial))
        return false;
    Run init = alembic({QStringLiteral("init"), QStringLiteral("migrations")}, dir);
    if (init.code != 0) {
        qWarning("%s", qPrintable(init.describe()));
        return false;
    }

    // alembic.ini: the database URL.
    QString ini = QString::fromUtf8(fileBytes(dir + QStringLiteral("/alembic.ini")));
    const QString oldUrl = QStringLiteral("sqlalchemy.url = driver://user:pass@localhost/dbname");
    if (ini.count(oldUrl) != 1)
        return false;
    ini.replace(oldUrl, QStringLiteral("sqlalchemy.url = sqlite:///./data.db"));

    // env.py: target metadata, batch rendering, the sqlmodel type prefix.
    QString env = QString::fromUtf8(fileBytes(dir + QStringLiteral("/migrations/env.py")));
    const QString oldTarget = QStringLiteral("target_metadata = None\n");
    const QString oldOnline = QStringLiteral(
        "        context.configure(\n"
        "            connection=connection, target_metadata=target_metadata\n"
        "        )\n");
    if (env.count(oldTarget) != 1 || env.count(oldOnline) != 1) {
        qWarning("env.py of alembic init is not the expected one:\n%s", qPrintable(env));
        return false;
    }
    env.replace(oldTarget, QStringLiteral("import sqlmodel_alembic.models\ntarget_metadata = sqlmodel_alembic.models.metadata\n"));
    env.replace(oldOnline, QStringLiteral(
        "        context.configure(\n"
        "            connection=connection,\n"
        "            target_metadata=target_metadata,\n"
        "            render_as_batch=True,\n"
        "            user_module_prefix=\"sqlmodel.sql.sqltypes.\",\n"
        "        )\n"));

    // script.py.mako: the sqlmodel types' import.
    QString mako = QString::fromUtf8(fileBytes(dir + QStringLiteral("/migrations/script.py.mako")));
    const QString oldImports = QStringLiteral("import sqlalchemy as sa\n${imports if imports else \"\"}\n");
    if (mako.count(oldImports) != 1)
        return false;
    mako.replace(oldImports, QStringLiteral("import sqlalchemy as sa\nimport sqlmodel.sql.sqltypes\n${imports if imports else \"\"}\n"));

    return writeFile(dir + QStringLiteral("/alembic.ini"), ini.toUtf8())
        && writeFile(dir + QStringLiteral("/migrations/env.py"), env.toUtf8())
        && writeFile(dir + QStringLiteral("/migrations/script.py.mako"), mako.toUtf8());
}

void TestSeedProject::initial()
{
    const QString root = m_tmp.filePath(QStringLiteral("initial"));
    const QString al = root + QStringLiteral("/alembic/sqlmodel-alembic");
    const QString pm = root + QStringLiteral("/petmigrate/sqlmodel-alembic");
    QVERIFY(QDir().mkpath(al));
    QVERIFY(makeTutorialProject(al));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/petmigrate")));
    QVERIFY(copyTree(al, pm));

    const QStringList args{QStringLiteral("revision"), QStringLiteral("--autogenerate"), QStringLiteral("-m"), QStringLiteral("initial")};
    Run ra = alembic(args, al, {QStringLiteral("PYTHONPATH=.")});
    QVERIFY2(ra.code == 0, qPrintable(ra.describe()));
    Run rp = petmigrate(args, pm);
    QVERIFY2(rp.code == 0, qPrintable(rp.describe()));

    QString alPath, pmPath;
    const QString alScript = scriptFor(al, QStringLiteral("initial"), &alPath);
    const QString pmScript = scriptFor(pm, QStringLiteral("initial"), &pmPath);
    QVERIFY2(alScript.contains(QStringLiteral("op.create_table('pet'")), qPrintable(alScript));
    ROUNDTRIP_COMPARE(scriptBody(pmScript), scriptBody(alScript), "petmigrate", "alembic",
                      QStringLiteral("initial script body (%1 vs %2)").arg(alPath, pmPath));

    // Each tool runs the other's script to the same database.
    Run up = petmigrate({QStringLiteral("upgrade"), QStringLiteral("head")}, al);
    QVERIFY2(up.code == 0, qPrintable(up.describe()));
    up = alembic({QStringLiteral("upgrade"), QStringLiteral("head")}, pm, {QStringLiteral("PYTHONPATH=.")});
    QVERIFY2(up.code == 0, qPrintable(up.describe()));
    const QString stateAl = exactState(al + QStringLiteral("/data.db"));
    const QString statePm = exactState(pm + QStringLiteral("/data.db"));
    // The revision ids differ; the schemas must not.
    ROUNDTRIP_COMPARE(statePm.section(QStringLiteral("## alembic_version"), 0, 0),
                      stateAl.section(QStringLiteral("## alembic_version"), 0, 0), "petmigrate-script", "alembic-script",
                      QStringLiteral("schema after upgrade head"));
}

void TestSeedProject::grow()
{
    const QString root = m_tmp.filePath(QStringLiteral("grow"));
    const QString al = root + QStringLiteral("/alembic/sqlmodel-alembic");
    const QString pm = root + QStringLiteral("/petmigrate/sqlmodel-alembic");
    QVERIFY(QDir().mkpath(al));
    QVERIFY(makeTutorialProject(al));

    // One initial revision (Alembic's), both databases at it.
    Run r = alembic({QStringLiteral("revision"), QStringLiteral("--autogenerate"), QStringLiteral("-m"), QStringLiteral("initial"),
                     QStringLiteral("--rev-id"), QStringLiteral("aaaaaaaaaaaa")},
                    al, {QStringLiteral("PYTHONPATH=.")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = alembic({QStringLiteral("upgrade"), QStringLiteral("head")}, al, {QStringLiteral("PYTHONPATH=.")});
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    QVERIFY(writeFile(al + QStringLiteral("/sqlmodel_alembic/models.py"), ModelsGrown));
    QVERIFY(QDir().mkpath(root + QStringLiteral("/petmigrate")));
    QVERIFY(copyTree(al, pm));

    const QStringList args{QStringLiteral("revision"), QStringLiteral("--autogenerate"), QStringLiteral("-m"), QStringLiteral("grow")};
    Run ra = alembic(args, al, {QStringLiteral("PYTHONPATH=.")});
    QVERIFY2(ra.code == 0, qPrintable(ra.describe()));
    Run rp = petmigrate(args, pm);
    QVERIFY2(rp.code == 0, qPrintable(rp.describe()));

    QString alPath, pmPath;
    const QString alScript = scriptFor(al, QStringLiteral("grow"), &alPath);
    const QString pmScript = scriptFor(pm, QStringLiteral("grow"), &pmPath);
    QVERIFY2(alScript.contains(QStringLiteral("batch_op.add_column(sa.Column('species'")), qPrintable(alScript));
    ROUNDTRIP_COMPARE(scriptBody(pmScript), scriptBody(alScript), "petmigrate", "alembic",
                      QStringLiteral("grow script body (%1 vs %2)").arg(alPath, pmPath));

    // Up and down with both tools, each on the other's script.
    for (const QString &dir : {al, pm}) {
        const bool runByAlembic = dir == pm;
        const QStringList up{QStringLiteral("upgrade"), QStringLiteral("head")};
        r = runByAlembic ? alembic(up, dir, {QStringLiteral("PYTHONPATH=.")}) : petmigrate(up, dir);
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
    }
    const QString upAl = exactState(al + QStringLiteral("/data.db")).section(QStringLiteral("## alembic_version"), 0, 0);
    const QString upPm = exactState(pm + QStringLiteral("/data.db")).section(QStringLiteral("## alembic_version"), 0, 0);
    ROUNDTRIP_COMPARE(upPm, upAl, "alembic-on-petmigrate-script", "petmigrate-on-alembic-script",
                      QStringLiteral("schema after upgrade head"));
    for (const QString &dir : {al, pm}) {
        const bool runByAlembic = dir == pm;
        const QStringList down{QStringLiteral("downgrade"), QStringLiteral("-1")};
        r = runByAlembic ? alembic(down, dir, {QStringLiteral("PYTHONPATH=.")}) : petmigrate(down, dir);
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
    }
    ROUNDTRIP_COMPARE(exactState(pm + QStringLiteral("/data.db")), exactState(al + QStringLiteral("/data.db")),
                      "alembic-on-petmigrate-script", "petmigrate-on-alembic-script", QStringLiteral("database after downgrade -1"));
}

QTEST_GUILESS_MAIN(TestSeedProject)
#include "tst_seed_project.moc"
