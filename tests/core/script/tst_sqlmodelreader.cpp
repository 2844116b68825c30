#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "script/envsettingsreader.h"
#include "script/sqlmodelreader.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// One case for the oracle: files written into a directory of their own,
// then `module` imported from it (SQLModel) and read (SqlModelReader).
struct Case
{
    QString tag;
    QList<std::pair<QString, QString>> files;
    QString module = u"models"_s;
};

const QString kTutorial = uR"(from typing import Optional
from sqlmodel import Field, SQLModel

metadata = SQLModel.metadata


class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
)"_s;

const QString kTutorialConvention = uR"(from typing import Optional
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
    email: Optional[str] = Field(default=None, unique=True)


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id")
    tag: str = Field(max_length=20, index=True, unique=True)
)"_s;

QList<Case> oracleCases()
{
    QList<Case> cases;
    cases << Case{u"tutorial"_s, {{u"models.py"_s, kTutorial}}};
    cases << Case{u"tutorial_convention"_s, {{u"models.py"_s, kTutorialConvention}}};
    cases << Case{u"convention_literal"_s, {{u"models.py"_s, uR"(from typing import Optional
from sqlmodel import Field, SQLModel

SQLModel.metadata.naming_convention = {"pk": "pk_%(table_name)s", "uq": "uq_%(table_name)s_%(column_0_name)s",
                                       "fk": "fk_%(table_name)s_%(column_0_name)s", "ix": "%(column_0_N_name)s_idx"}

class Owner(SQLModel, table=True):
    id: int = Field(primary_key=True)
    email: str = Field(unique=True)
    handle: str = Field(index=True)

class Thing(SQLModel, table=True):
    id: int = Field(primary_key=True)
    owner_id: int = Field(foreign_key="owner.id", unique=True)
)"_s}}};
    cases << Case{u"all_types"_s, {{u"models.py"_s, uR"(import datetime
import decimal
import uuid
from datetime import date, timedelta
from decimal import Decimal
from typing import Optional
from pydantic import condecimal
from sqlmodel import Field, SQLModel

class Everything(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    i: int
    s: str
    s20: str = Field(max_length=20)
    f: float
    b: bool
    raw: bytes
    raw5: bytes = Field(max_length=5)
    d1: datetime.date
    d2: date
    dt: datetime.datetime
    t: datetime.time
    span: timedelta
    n: Decimal
    n2: decimal.Decimal = Field(schema_extra={"max_digits": 10, "decimal_places": 2})
    n3: condecimal(max_digits=7, decimal_places=3)
    u: uuid.UUID
)"_s}}};
    cases << Case{u"optional_forms"_s, {{u"models.py"_s, uR"(import typing
from typing import Optional, Union
from sqlmodel import Field, SQLModel

class Forms(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    a: Optional[int]
    b: int | None
    c: None | str = None
    d: Union[int, None]
    e: Union[None, str] = "x"
    f: typing.Optional[float]
    g: Optional[int] = Field(...)
    h: Optional[int] = Field(default=...)
    i: Optional[int] = Field(index=True)
    j: str = None
    k: int = 5
    l: str = Field(default=None)
    m: str = Field(None)
    n: Optional[str] = Field(default_factory=str)
    o: str = Field(default_factory=str)
    p: bool = False
    q: float = -1.5
)"_s}}};
    cases << Case{u"field_options"_s, {{u"models.py"_s, uR"(from typing import Optional
from sqlmodel import Field, SQLModel

class Account(SQLModel, table=True):
    __tablename__ = "accounts"
    org: int = Field(primary_key=True)
    num: int = Field(primary_key=True)
    email: str = Field(unique=True)
    login: str = Field(index=True)
    code: str = Field(index=True, unique=True, max_length=8)
    nick: str = Field(nullable=True)
    bio: Optional[str] = Field(nullable=False)
    plain: str = Field(index=False, unique=False, title="Plain", description="not special")

class Membership(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    account_org: int = Field(foreign_key="accounts.org")
    account_num: Optional[int] = Field(default=None, foreign_key="accounts.num", index=True)
    other: int = Field(foreign_key="main.accounts.org", unique=True)
)"_s}}};
    cases << Case{u"sa_column_kwargs"_s, {{u"models.py"_s, uR"(from typing import Optional
import sqlalchemy as sa
from sqlalchemy import text
from sqlmodel import Field, SQLModel

class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    species: str = Field(sa_column_kwargs={"server_default": "unknown"})
    quoted: str = Field(sa_column_kwargs={"server_default": "it's"})
    created: str = Field(sa_column_kwargs={"server_default": text("CURRENT_TIMESTAMP")})
    n: int = Field(sa_column_kwargs={"server_default": sa.text("0"), "nullable": True})
    u: Optional[str] = Field(default=None, sa_column_kwargs={"unique": True})
    v: str = Field(sa_column_kwargs={"unique": False}, unique=True)
    w: Optional[str] = Field(sa_column_kwargs={"nullable": False}, nullable=True)
)"_s}}};
    cases << Case{u"tablenames"_s, {{u"models.py"_s, uR"(from sqlmodel import Field, SQLModel

class PetOwner(SQLModel, table=True):
    id: int = Field(primary_key=True)

class Visit(SQLModel, table=True):
    """A visit to the vet."""
    __tablename__ = 'vet_visits'
    id: int = Field(primary_key=True)
    owner_id: int = Field(foreign_key="petowner.id")
)"_s}}};
    cases << Case{u"inheritance"_s, {{u"models.py"_s, uR"(from datetime import datetime
from typing import Optional
from sqlmodel import Field, SQLModel

class Stamped(SQLModel):
    created: Optional[datetime] = None

class PetBase(Stamped):
    name: str = Field(index=True)
    age: Optional[int] = None

class Pet(PetBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(max_length=30)

class PetCreate(PetBase):
    pass

class Tagged(SQLModel):
    tag: str

class Both(Tagged, Stamped, table=True):
    id: int = Field(primary_key=True)
)"_s}}};
    cases << Case{u"harmless"_s, {{u"models.py"_s, uR"("""The pet manager's models."""
from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, List, Optional

from pydantic import validator
from sqlmodel import Field, Relationship, SQLModel

if TYPE_CHECKING:
    from somewhere import Other

__all__ = ["User", "Pet"]
DEFAULT_SPECIES = "cat"


def helper(x):
    return x * 2


class User(SQLModel, table=True):
    """Someone who owns pets."""

    id: Optional[int] = Field(default=None, primary_key=True)
    name: str
    pets: List["Pet"] = Relationship(back_populates="owner")
    kind: ClassVar[str] = "user"
    _cache: dict = {}

    class Config:
        arbitrary_types_allowed = True

    @validator("name")
    def name_not_empty(cls, v):
        if not v:
            raise ValueError("empty")
        return v

    def greeting(self) -> str:
        return "hi " + self.name

    @property
    def shout(self):
        return self.name.upper()


class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    species: str = DEFAULT_SPECIES
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id")
    owner: Optional[User] = Relationship(back_populates="pets")
)"_s}}};
    cases << Case{u"unannotated"_s, {{u"models.py"_s, uR"(from sqlmodel import Field, SQLModel

class Counter(SQLModel, table=True):
    id: int = Field(primary_key=True)
    count = 0
    label = "x"
    ratio = 0.5
    name: str
)"_s}}};
    cases << Case{u"module_spellings"_s, {{u"models.py"_s, uR"(import sqlmodel
import typing as t
from sqlmodel.main import Field as F
from sqlmodel import *

class Alpha(sqlmodel.SQLModel, table=True):
    id: t.Optional[int] = sqlmodel.Field(default=None, primary_key=True)
    name: str = F(index=True)

class Beta(SQLModel, table=True):
    id: int = Field(primary_key=True)
    alpha_id: int = F(foreign_key="alpha.id")
)"_s}}};
    cases << Case{u"sibling_modules"_s,
                  {{u"base.py"_s, uR"(from typing import Optional
from sqlmodel import Field, SQLModel

class Base(SQLModel):
    id: Optional[int] = Field(default=None, primary_key=True)

class Owner(Base, table=True):
    name: str
)"_s},
                   {u"models.py"_s, uR"(from base import Base
import base

class Pet(Base, table=True):
    owner_id: int = base.Field(foreign_key="owner.id")
)"_s}}};
    return cases;
}

// The tutorial's env.py: the generic template with its edits.
QString tutorialEnv(const QString &targetLines)
{
    QFile f(u"/usr/lib/python3/dist-packages/alembic/templates/generic/env.py"_s);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QString env = QString::fromUtf8(f.readAll());
    env.replace(u"target_metadata = None\n"_s, targetLines);
    env.replace(u"            connection=connection, target_metadata=target_metadata\n"_s,
                u"            connection=connection,\n            target_metadata=target_metadata,\n"
                "            render_as_batch=True,\n            user_module_prefix=\"sqlmodel.sql.sqltypes.\",\n"_s);
    return env;
}

struct ProjectCase
{
    QString tag;
    QList<std::pair<QString, QString>> files;
    QString module; // what the oracle imports (what env.py imports)
};

QList<ProjectCase> projectCases()
{
    QList<ProjectCase> cases;
    cases << ProjectCase{u"tutorial"_s,
                         {{u"sqlmodel_alembic/__init__.py"_s, QString()},
                          {u"sqlmodel_alembic/models.py"_s, kTutorialConvention},
                          {u"migrations/env.py"_s,
                           tutorialEnv(u"import sqlmodel_alembic.models\n"
                                       "target_metadata = sqlmodel_alembic.models.metadata\n"_s)}},
                         u"sqlmodel_alembic.models"_s};
    cases << ProjectCase{u"sqlmodel_metadata"_s,
                         {{u"app/__init__.py"_s, QString()},
                          {u"app/models/__init__.py"_s, u"from .pets import Pet\nfrom app.models.users import *\n"_s},
                          {u"app/models/users.py"_s, uR"(from typing import Optional
from sqlmodel import Field, SQLModel

class User(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(index=True)
)"_s},
                          {u"app/models/pets.py"_s, uR"(from typing import Optional
from sqlmodel import Field, SQLModel
from . import users

class Pet(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    owner_id: Optional[int] = Field(default=None, foreign_key="user.id")
)"_s},
                          {u"migrations/env.py"_s,
                           tutorialEnv(u"from sqlmodel import SQLModel\nfrom app import models\n"
                                       "target_metadata = SQLModel.metadata\n"_s)}},
                         u"app.models"_s};
    // The models module's own SQLModel name, imported by env.py.
    cases << ProjectCase{u"from_models_import_sqlmodel"_s,
                         {{u"pets/__init__.py"_s, QString()},
                          {u"pets/models.py"_s, kTutorial},
                          {u"migrations/env.py"_s,
                           tutorialEnv(u"from pets.models import SQLModel  # noqa\n"
                                       "target_metadata = SQLModel.metadata\n"_s)}},
                         u"pets.models"_s};
    return cases;
}

// Modules the reader refuses that SQLModel 0.0.8 refuses too (at import):
// the reader's error stands for the project's own error, not a gap.
QList<std::pair<QString, QString>> refusedCases()
{
    const QString head = u"from typing import List, Union\nfrom sqlmodel import Field, SQLModel\n"
                         "class M(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"_s;
    return {
        {u"model_config"_s, head + u"    model_config = {\"extra\": \"forbid\"}\n"_s},
        {u"max_length_on_int"_s, head + u"    n: int = Field(max_length=3)\n"_s},
        {u"union"_s, head + u"    n: Union[int, str]\n"_s},
    };
}

QJsonValue nameValue(const QString &name)
{
    return name.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(name);
}

// The MetaData in the oracle's JSON shape.
QJsonArray toJson(const MetaData &metadata)
{
    QJsonArray tables;
    for (const Table &t : metadata.tables()) {
        QJsonArray columns;
        for (const Column &c : t.columns) {
            QJsonValue serverDefault(QJsonValue::Null);
            if (c.serverDefault)
                serverDefault = QJsonObject{
                    {u"kind"_s, c.serverDefault->kind == ServerDefault::Kind::Literal ? u"literal"_s : u"expression"_s},
                    {u"text"_s, c.serverDefault->text}};
            columns.append(QJsonObject{{u"name"_s, c.name},
                                       {u"type"_s, c.type.pythonRepr()},
                                       {u"nullable"_s, c.nullable},
                                       {u"primary_key"_s, c.primaryKey},
                                       {u"server_default"_s, serverDefault}});
        }
        QJsonArray constraints;
        for (const Constraint &c : t.constraints) {
            QJsonObject o{{u"name"_s, nameValue(c.name)},
                          {u"f"_s, c.conventionName},
                          {u"columns"_s, QJsonArray::fromStringList(c.columns)}};
            switch (c.kind) {
            case Constraint::Kind::PrimaryKey: o.insert(u"kind"_s, u"pk"_s); break;
            case Constraint::Kind::Unique: o.insert(u"kind"_s, u"uq"_s); break;
            case Constraint::Kind::Check: o.insert(u"kind"_s, u"ck"_s); break;
            case Constraint::Kind::ForeignKey:
                o.insert(u"kind"_s, u"fk"_s);
                o.insert(u"referred_table"_s, c.referredTable);
                o.insert(u"referred_columns"_s, QJsonArray::fromStringList(c.referredColumns));
                break;
            }
            constraints.append(o);
        }
        QList<Index> indexes = t.indexes;
        std::sort(indexes.begin(), indexes.end(), [](const Index &a, const Index &b) {
            return std::pair(a.name, a.columns) < std::pair(b.name, b.columns);
        });
        QJsonArray indexArray;
        for (const Index &i : indexes)
            indexArray.append(QJsonObject{{u"name"_s, nameValue(i.name)},
                                          {u"f"_s, i.conventionName},
                                          {u"columns"_s, QJsonArray::fromStringList(i.columns)},
                                          {u"unique"_s, i.unique}});
        tables.append(QJsonObject{{u"name"_s, t.name},
                                  {u"columns"_s, columns},
                                  {u"constraints"_s, constraints},
                                  {u"indexes"_s, indexArray}});
    }
    return tables;
}

QString pretty(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Indented));
}

bool writeFile(const QString &path, const QString &text)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return false;
    f.write(text.toUtf8());
    return true;
}

// Compares table by table so a failure shows the one table that differs.
void compareTables(const QJsonArray &actual, const QJsonArray &expected)
{
    QStringList actualNames, expectedNames;
    for (const QJsonValue &t : actual)
        actualNames << t[u"name"_s].toString();
    for (const QJsonValue &t : expected)
        expectedNames << t[u"name"_s].toString();
    QCOMPARE(actualNames, expectedNames);
    for (qsizetype i = 0; i < actual.size(); ++i) {
        const QString a = QString::fromUtf8(QJsonDocument(actual[i].toObject()).toJson(QJsonDocument::Indented));
        const QString e = QString::fromUtf8(QJsonDocument(expected[i].toObject()).toJson(QJsonDocument::Indented));
        if (a != e)
            qWarning().noquote() << "reader:\n" << a << "\nSQLModel:\n" << e;
        QCOMPARE(a, e);
    }
}

} // namespace

class TestSqlModelReader : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void matchesSqlModel_data();
    void matchesSqlModel();
    void project_data();
    void project();
    void errors_data();
    void errors();
    void projectErrors();
    void refusedByBoth_data();
    void refusedByBoth();

private:
    QTemporaryDir m_dir;
    QHash<QString, QJsonObject> m_oracle; // "case/<tag>" or "project/<tag>"
};

void TestSqlModelReader::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QStringList specs;
    QStringList keys;
    for (const Case &c : oracleCases()) {
        const QString dir = m_dir.filePath(u"case/"_s + c.tag);
        for (const auto &[name, text] : c.files)
            QVERIFY(writeFile(dir + u'/' + name, text));
        specs << dir + u"::"_s + c.module;
        keys << u"case/"_s + c.tag;
    }
    for (const ProjectCase &c : projectCases()) {
        const QString dir = m_dir.filePath(u"project/"_s + c.tag);
        for (const auto &[name, text] : c.files)
            QVERIFY(writeFile(dir + u'/' + name, text));
        specs << dir + u"::"_s + c.module;
        keys << u"project/"_s + c.tag;
    }
    for (const auto &[tag, text] : refusedCases()) {
        const QString dir = m_dir.filePath(u"refused/"_s + tag);
        QVERIFY(writeFile(dir + u"/models.py"_s, text));
        specs << dir + u"::models"_s;
        keys << u"refused/"_s + tag;
    }
    // All cases in one interpreter: importing SQLModel dominates the cost.
    // A missing interpreter or SQLModel fails the suite: the oracle is the point.
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON),
                 QStringList{QStringLiteral(PM_SOURCE_DIR) + u"/tests/core/script/sqlmodel_oracle.py"_s} + specs);
    QVERIFY2(python.waitForFinished(120000), qPrintable(u"cannot run "_s + QStringLiteral(PM_PYTHON)));
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             python.readAllStandardError().constData());
    const QJsonArray results = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(results.size(), keys.size());
    for (qsizetype i = 0; i < keys.size(); ++i)
        m_oracle.insert(keys[i], results[i].toObject());
}

void TestSqlModelReader::matchesSqlModel_data()
{
    QTest::addColumn<QString>("tag");
    for (const Case &c : oracleCases())
        QTest::newRow(qPrintable(c.tag)) << c.tag;
}

void TestSqlModelReader::matchesSqlModel()
{
    QFETCH(QString, tag);
    const QJsonObject expected = m_oracle.value(u"case/"_s + tag);
    QVERIFY2(!expected.contains(u"error"_s), qPrintable(expected[u"error"_s].toString()));
    auto metadata = SqlModelReader::readModule(m_dir.filePath(u"case/"_s + tag + u"/models.py"_s));
    if (!metadata)
        QFAIL(qPrintable(metadata.error().toString()));
    compareTables(toJson(*metadata), expected[u"tables"_s].toArray());
}

void TestSqlModelReader::project_data()
{
    QTest::addColumn<QString>("tag");
    for (const ProjectCase &c : projectCases())
        QTest::newRow(qPrintable(c.tag)) << c.tag;
}

void TestSqlModelReader::project()
{
    QFETCH(QString, tag);
    const QJsonObject expected = m_oracle.value(u"project/"_s + tag);
    QVERIFY2(!expected.contains(u"error"_s), qPrintable(expected[u"error"_s].toString()));
    const QString root = m_dir.filePath(u"project/"_s + tag);
    const QString envPy = root + u"/migrations/env.py"_s;
    auto env = EnvSettingsReader::readFile(envPy);
    if (!env)
        QFAIL(qPrintable(env.error().toString()));
    auto metadata = SqlModelReader::readProject(*env, envPy, root);
    if (!metadata)
        QFAIL(qPrintable(metadata.error().toString()));
    compareTables(toJson(*metadata), expected[u"tables"_s].toArray());
}

void TestSqlModelReader::errors_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected"); // after "<path>:"

    const QString head = u"from typing import List, Optional, Union\nfrom datetime import datetime\n"
                         "from sqlmodel import Field, SQLModel\n\n"_s; // 4 lines
    auto model = [&](const QString &body) -> QString {
        return head + u"class M(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n"_s + body;
    }; // the body starts on line 7

    QTest::newRow("computed default") << model(u"    at: datetime = datetime.utcnow()\n"_s)
                                      << u"7:20: the default a call to datetime.utcnow() is computed; only None or a "
                                         "literal can be read without running it"_s;
    QTest::newRow("unknown call") << head + u"engine = create_engine(\"sqlite://\")\n"_s
                                  << u"5:10: 'engine = a call to create_engine()' cannot be read without running it"_s;
    QTest::newRow("module call") << head + u"SQLModel.metadata.create_all(engine)\n"_s
                                 << u"5:1: a call to SQLModel.metadata.create_all() at module level cannot be read "
                                    "without running it"_s;
    QTest::newRow("sa_column") << model(u"    x: int = Field(sa_column=Column(Integer))\n"_s)
                               << u"7:20: Field(sa_column=...) is not supported"_s;
    QTest::newRow("table args") << model(u"    __table_args__ = (1,)\n"_s)
                                << u"7:5: '__table_args__' is not supported in a model class"_s;
    QTest::newRow("list type") << model(u"    tags: List[str]\n"_s)
                               << u"7:11: 'List[...]' is refused: SQLModel 0.0.8 would give it its item type's column, which "
                                  "cannot hold it"_s;
    QTest::newRow("unknown type") << model(u"    color: Color\n"_s)
                                  << u"7:12: the type 'Color' has no SQL type this reader maps"_s;
    QTest::newRow("max_length on int") << model(u"    n: int = Field(max_length=3)\n"_s)
                                       << u"7:20: max_length on a field that is not str or bytes: pydantic refuses "
                                          "the constraint"_s;
    QTest::newRow("union") << model(u"    n: Union[int, str]\n"_s)
                           << u"7:19: a union of several types has no SQL type"_s;
    QTest::newRow("pipe union") << model(u"    n: int | str | None\n"_s)
                                << u"7:14: a union of several types has no SQL type"_s;
    QTest::newRow("model_config")
        << model(u"    model_config = {\"extra\": \"forbid\"}\n"_s)
        << u"7:5: model_config is pydantic 2's configuration; SQLModel 0.0.8 runs on pydantic 1, where it would "
           "be a field with no SQL type (use class Config)"_s;
    QTest::newRow("string annotation") << model(u"    n: \"int\"\n"_s)
                                       << u"7:8: a string annotation on a column field cannot be resolved without "
                                          "running the module"_s;
    QTest::newRow("unknown base") << head + u"class M(Base, table=True):\n    id: int\n"_s
                                  << u"5:1: class 'M' has table=True but no SQLModel base this reader can resolve"_s;
    QTest::newRow("unknown base of model")
        << head + u"class M(SQLModel, Mixin, table=True):\n    id: int\n"_s
        << u"5:19: the base class 'Mixin' is neither SQLModel nor a class this reader can resolve"_s;
    QTest::newRow("convention after tables")
        << model(u"\nSQLModel.metadata.naming_convention = {\"pk\": \"pk_%(table_name)s\"}\n"_s)
        << u"8:1: the naming convention is set after table classes were declared; SQLAlchemy names constraints "
           "when a table is declared, so set it first"_s;
    QTest::newRow("bad foreign key") << model(u"    o: int = Field(foreign_key=\"owner\")\n"_s)
                                     << u"7:32: foreign_key 'owner' is not \"table.column\" or "
                                        "\"schema.table.column\""_s;
    QTest::newRow("star import") << u"from helpers import *\n"_s
                                 << u"1:1: 'from helpers import *' binds names that cannot be known without running "
                                    "it"_s;
    QTest::newRow("sa_column_kwargs index")
        << model(u"    n: int = Field(sa_column_kwargs={\"index\": True})\n"_s)
        << u"7:38: sa_column_kwargs 'index' is not supported (only unique, nullable, server_default)"_s;
    QTest::newRow("table inheritance")
        << model(u"class N(M, table=True):\n    x: int\n"_s)
        << u"7:1: class 'N' inherits from the table class 'M'; table inheritance is not supported"_s;
    QTest::newRow("computed tablename")
        << model(u"    @declared_attr\n    def __tablename__(cls):\n        return 'x'\n"_s)
        << u"8:9: a computed __tablename__ cannot be read without running it"_s;
    QTest::newRow("duplicate table")
        << model(u"class M2(SQLModel, table=True):\n    __tablename__ = 'm'\n    id: int = Field(primary_key=True)\n"_s)
        << u"7:1: Table 'm' is already defined for this MetaData instance."_s;
    // SQLAlchemy leaves the index unnamed and fails at CREATE INDEX; say so now.
    QTest::newRow("convention without ix")
        << u"from sqlmodel import Field, SQLModel\nSQLModel.metadata.naming_convention = {\"pk\": \"pk_%(table_name)s\"}\n"
           "class M(SQLModel, table=True):\n    id: int = Field(primary_key=True)\n    n: int = Field(index=True)\n"_s
        << u"3:1: table 'm': an index on (n) has no name and the naming convention has no 'ix' key"_s;
    QTest::newRow("loop") << head + u"for i in range(3):\n    pass\n"_s
                          << u"5:1: a module-level 'for' statement cannot be read without running it"_s;
    QTest::newRow("unannotated call") << model(u"    x = Field(default=1)\n"_s)
                                      << u"7:5: 'x' has no annotation: give it one so its column type is known"_s;
    QTest::newRow("token error") << head + u"x = 'unterminated\n"_s << QString();
}

void TestSqlModelReader::errors()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    const QString path = m_dir.filePath(u"errors/models.py"_s);
    QVERIFY(writeFile(path, source));
    auto metadata = SqlModelReader::readModule(path);
    QVERIFY2(!metadata, "the reader accepted a module outside its subset");
    QCOMPARE(metadata.error().file, path);
    QVERIFY(metadata.error().line > 0);
    if (!expected.isEmpty())
        QCOMPARE(metadata.error().toString(), path + u':' + expected);
}

void TestSqlModelReader::projectErrors()
{
    const QString root = m_dir.filePath(u"project-errors"_s);
    const QString envPy = root + u"/migrations/env.py"_s;
    QVERIFY(writeFile(root + u"/app/models.py"_s, kTutorial));

    const QString wrongTarget = tutorialEnv(u"from app.models import User\ntarget_metadata = User\n"_s);
    QVERIFY(writeFile(envPy, wrongTarget));
    auto env = EnvSettingsReader::readFile(envPy);
    QVERIFY(env);
    auto metadata = SqlModelReader::readProject(*env, envPy, root);
    QVERIFY(!metadata);
    QCOMPARE(metadata.error().toString(),
             envPy + u":" + QString::number(env->targetMetadataLine)
                 + u":19: target_metadata = User is not SQLModel.metadata or a module-level alias of it "
                   "in a project module"_s);

    QVERIFY(writeFile(envPy, tutorialEnv(u"target_metadata = None\n"_s)));
    env = EnvSettingsReader::readFile(envPy);
    QVERIFY(env);
    metadata = SqlModelReader::readProject(*env, envPy, root);
    QVERIFY(!metadata);
    QVERIFY2(metadata.error().toString().endsWith(u":19: target_metadata is None: env.py names no models to compare with"_s),
             qPrintable(metadata.error().toString()));

    // An error inside a models module is reported where it is.
    QVERIFY(writeFile(root + u"/app/models.py"_s, kTutorial + u"engine = create_engine('sqlite://')\n"_s));
    QVERIFY(writeFile(envPy, tutorialEnv(u"import app.models\ntarget_metadata = app.models.metadata\n"_s)));
    env = EnvSettingsReader::readFile(envPy);
    QVERIFY(env);
    metadata = SqlModelReader::readProject(*env, envPy, root);
    QVERIFY(!metadata);
    QCOMPARE(metadata.error().file, root + u"/app/models.py"_s);
    QCOMPARE(metadata.error().line, 15);
}

void TestSqlModelReader::refusedByBoth_data()
{
    QTest::addColumn<QString>("tag");
    for (const auto &[tag, text] : refusedCases())
        QTest::newRow(qPrintable(tag)) << tag;
}

void TestSqlModelReader::refusedByBoth()
{
    QFETCH(QString, tag);
    const QJsonObject python = m_oracle.value(u"refused/"_s + tag);
    QVERIFY2(python.contains(u"error"_s), "SQLModel accepts this module: the reader should too");
    const QString path = m_dir.filePath(u"refused/"_s + tag + u"/models.py"_s);
    auto metadata = SqlModelReader::readModule(path);
    QVERIFY2(!metadata, qPrintable(u"SQLModel fails with "_s + python[u"error"_s].toString()));
    QCOMPARE(metadata.error().file, path);
    QCOMPARE(metadata.error().line, 5);
}

QTEST_GUILESS_MAIN(TestSqlModelReader)
#include "tst_sqlmodelreader.moc"
