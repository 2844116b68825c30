#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "opdump.h"
#include "python/pythontokenizer.h"
#include "script/expressionreader.h"
#include "script/moduleconstants.h"
#include "script/scriptparser.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// Lines 1-16; a body given to script() starts on line 17, column 5.
const QString kHeader = uR"("""pet owner

Revision ID: b9aceae553ae
"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from sqlalchemy.dialects import sqlite, postgresql

revision = 'b9aceae553ae'
down_revision = '5e2c3486676e'
branch_labels = None
depends_on = None


def upgrade() -> None:
)"_s;

QString script(const QString &upgradeBody)
{
    QString body;
    for (const QString &line : upgradeBody.split(u'\n'))
        body += (line.isEmpty() ? QString() : u"    "_s + line) + u'\n';
    return kHeader + body + u"\n\ndef downgrade() -> None:\n    pass\n"_s;
}

QString runPython(const QStringList &args, bool *ok)
{
    QProcess p;
    p.start(QStringLiteral(PM_PYTHON), args);
    *ok = p.waitForFinished(120000) && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    return QString::fromUtf8(p.readAllStandardError());
}

} // namespace

class TestScriptParser : public QObject
{
    Q_OBJECT

private slots:
    void header_data();
    void header();
    void operations_data();
    void operations();
    void refused_data();
    void refused();
    void evaluated_data();
    void evaluated();
    void tutorialScript();
    void userModulePrefix();
    void genericSubclasses_data();
    void genericSubclasses();
    void headerOnly();
    void oneBodyRead_data();
    void oneBodyRead();
    void headerTolerant_data();
    void headerTolerant();
    void headerRefused_data();
    void headerRefused();
    void headerImportedConstant();
    void locations();
    void expressions_data();
    void expressions();
    void joinedStrings_data();
    void joinedStrings();
    void corpus();
    void performance();
};

void TestScriptParser::header_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected"); // rev|down|branch|depends|docstring

    const QString tail = u"\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"_s;
    QTest::newRow("classic") << u"\"\"\"initial\n\nRevision ID: abc\nRevises: \n\"\"\"\nfrom alembic import op\n"
                                "import sqlalchemy as sa\n\nrevision = 'abc'\ndown_revision = None\n"
                                "branch_labels = None\ndepends_on = None\n"_s + tail
                             << u"abc|None[]|None[]|None[]|initial\n\nRevision ID: abc\nRevises: \n"_s;
    QTest::newRow("typed") << u"from typing import Sequence, Union\n\nfrom alembic import op\n"
                              "revision: str = 'b2'\ndown_revision: Union[str, None] = 'a1'\n"
                              "branch_labels: Union[str, Sequence[str], None] = ('feature',)\n"
                              "depends_on: Union[str, Sequence[str], None] = ['x1', 'y2']\n"_s + tail
                           << u"b2|String[a1]|Tuple[feature]|List[x1,y2]|"_s;
    QTest::newRow("merge tuple") << u"revision = 'm'\ndown_revision = ('a', 'b')\n"_s + tail
                                 << u"m|Tuple[a,b]|None[]|None[]|"_s;
    QTest::newRow("bare tuple") << u"revision = 'm'\ndown_revision = 'a', 'b'\n"_s + tail
                                << u"m|Tuple[a,b]|None[]|None[]|"_s;
    QTest::newRow("double quotes and concatenation")
        << u"revision = \"ab\" 'cd'\ndown_revision = (\n    'x'  # first\n)\n"_s + tail << u"abcd|String[x]|None[]|None[]|"_s;
    QTest::newRow("depends_on string") << u"revision = 'r'\ndown_revision = None\ndepends_on = 'other'\n"_s + tail
                                       << u"r|None[]|None[]|String[other]|"_s;
    QTest::newRow("docstring escapes") << u"'''a\\tb\\u00e9\\x41\\\\'''\nrevision = 'r'\ndown_revision = None\n"_s + tail
                                       << u"r|None[]|None[]|None[]|a\tb\u00e9A\\"_s;
    QTest::newRow("raw docstring") << u"r\"\"\"a\\nb\"\"\"\nrevision = 'r'\ndown_revision = None\n"_s + tail
                                   << u"r|None[]|None[]|None[]|a\\nb"_s;
    QTest::newRow("crlf") << u"\"\"\"doc\r\nline\"\"\"\r\nrevision = 'r'\r\ndown_revision = None\r\n\r\ndef upgrade():\r\n    pass\r\n"_s
                          << u"r|None[]|None[]|None[]|doc\nline"_s;
    QTest::newRow("assignments after the bodies")
        << u"from alembic import op\nimport sqlalchemy as sa\nrevision = 'r'\n\ndef upgrade():\n    op.create_table('t',\nsa.Column('id', sa.Integer()),\n)\n"
           "    op.execute('''\ndown_revision = 'no'\n''')\n\ndown_revision = 'q'\ndepends_on = ('x',)\n"_s
        << u"r|String[q]|None[]|Tuple[x]|"_s;
}

void TestScriptParser::header()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    // The header reads the same whether the bodies are parsed or skipped.
    for (const bool headerOnly : {false, true}) {
        ScriptParser::Options options;
        options.headerOnly = headerOnly;
        auto result = ScriptParser(options).parse(source, u"s.py"_s);
        if (!result)
            QFAIL(qPrintable(result.error().toString()));
        auto list = [](const RevisionList &l) -> QString {
            static const char16_t *forms[] = {u"None", u"String", u"Tuple", u"List"};
            return QString::fromUtf16(forms[int(l.form)]) + u'[' + l.ids.join(u',') + u']';
        };
        const QString got = result->revision + u'|' + list(result->downRevision) + u'|' + list(result->branchLabels)
            + u'|' + list(result->dependsOn) + u'|' + result->docstring;
        QCOMPARE(got, expected);
    }
}

void TestScriptParser::operations_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected");

    QTest::newRow("pass") << u"pass"_s << QString();
    QTest::newRow("comments and docstring") << u"\"\"\"Upgrade.\"\"\"\n# ### commands ###\npass  # nothing"_s << QString();
    QTest::newRow("create_table tutorial")
        << u"op.create_table('pet',\nsa.Column('id', sa.Integer(), nullable=False),\n"
           "sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),\nsa.PrimaryKeyConstraint('id')\n)"_s
        << u"create_table pet [id:Integer() NOT NULL PK, name:AutoString() NOT NULL, PK(id)]"_s;
    QTest::newRow("create_table constraints")
        << u"op.create_table('pet',\n"
           "sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),\n"
           "sa.Column('owner_id', sa.Integer(), nullable=True),\n"
           "sa.Column('email', sa.String(length=50), server_default='a@b', unique=True, index=True, comment='mail'),\n"
           "sa.Column('age', sa.Integer(), server_default=sa.text('0')),\n"
           "sa.CheckConstraint('age > 0', name=op.f('ck_pet_age')),\n"
           "sa.ForeignKeyConstraint(['owner_id'], ['auth.user.id'], name=op.f('fk_pet_owner_id_user'), "
           "onupdate='SET NULL', ondelete='CASCADE', deferrable=True, initially='deferred'),\n"
           "sa.PrimaryKeyConstraint('id', name=op.f('pk_pet')),\n"
           "sa.UniqueConstraint('owner_id', 'age', name='uq_owner_age'),\n"
           "schema='main',\ncomment='pets'\n)"_s
        << u"create_table main.pet [id:Integer() NOT NULL PK AI, owner_id:Integer(), "
           "email:String(length=50) DEFAULT 'a@b' COMMENT mail, age:Integer() DEFAULT text(0), "
           "CK(age > 0) name=ck_pet_age~, FK(owner_id->auth.user(id)) ondelete=CASCADE onupdate=SET NULL "
           "DEFERRABLE INITIALLY DEFERRED name=fk_pet_owner_id_user~, PK(id) name=pk_pet~, "
           "UQ(owner_id,age) name=uq_owner_age, UIX(email), comment=pets]"_s;
    QTest::newRow("column-level pk and fk")
        << u"op.create_table('t', sa.Column('id', sa.Integer, primary_key=True), "
           "sa.Column('u', sa.Integer(), sa.ForeignKey('user.id', ondelete='CASCADE'), unique=True, index=False))"_s
        // A column attached to its table adds its unique constraint before its
        // foreign key (tst_scriptsql checks the DDL against Alembic).
        << u"create_table t [id:Integer() NOT NULL PK, u:Integer(), PK(id), UQ(u), FK(u->user(id)) ondelete=CASCADE]"_s;
    QTest::newRow("generic types")
        << u"op.create_table('t', sa.Column('a', sa.BigInteger()), sa.Column('b', sa.SmallInteger()), "
           "sa.Column('c', sa.Boolean()), sa.Column('d', sa.Float(precision=24)), "
           "sa.Column('e', sa.Numeric(precision=10, scale=2)), sa.Column('f', sa.Numeric(10, 2)), "
           "sa.Column('g', sa.Text()), sa.Column('h', sa.Date()), sa.Column('i', sa.DateTime(timezone=True)), "
           "sa.Column('j', sa.Time()), sa.Column('k', sa.LargeBinary(length=16)), "
           "sa.Column('l', sa.Enum('a', 'b', name='mood')), sa.Column('m', sa.JSON()), sa.Column('n', sa.Interval()), "
           "sa.Column('o', sqlmodel.sql.sqltypes.AutoString(length=40)), sa.Column('p', sqlmodel.sql.sqltypes.GUID()), "
           "sa.Column('q', sa.NullType()), sa.Column('r', sa.Unicode(length=20)), sa.Column('s', sa.UnicodeText()), "
           "sa.Column('t', sa.PickleType()), sa.Column('u', sa.Unicode(8)), sa.Column('v', sa.UnicodeText(length=5)))"_s
        << u"create_table t [a:BigInteger(), b:SmallInteger(), c:Boolean(), d:Float(precision=24), "
           "e:Numeric(precision=10, scale=2), f:Numeric(precision=10, scale=2), g:Text(), h:Date(), "
           "i:DateTime(timezone=True), j:Time(), k:LargeBinary(length=16), l:Enum('a', 'b', name='mood'), "
           "m:JSON(), n:Interval(), o:AutoString(length=40), p:GUID(), q:NullType(), r:Unicode(length=20), "
           "s:UnicodeText(), t:PickleType(), u:Unicode(length=8), v:UnicodeText(length=5)]"_s;
    QTest::newRow("reflected types")
        << u"op.create_table('t', sa.Column('a', sa.VARCHAR(length=50)), sa.Column('b', sa.INTEGER()), "
           "sa.Column('c', sa.NUMERIC(precision=10, scale=2)), sa.Column('d', sa.BOOLEAN()), sa.Column('e', sa.FLOAT()), "
           "sa.Column('f', sa.TEXT()), sa.Column('g', sa.BLOB()), sa.Column('h', sqlite.DATETIME()), "
           "sa.Column('i', sqlite.DATE()), sa.Column('j', sqlite.TIME()), sa.Column('k', sa.BIGINT()), "
           "sa.Column('l', sa.CHAR(length=2)), sa.Column('m', sa.TIMESTAMP(timezone=True)), sa.Column('n', sqlite.JSON()))"_s
        << u"create_table t [a:VARCHAR(length=50)=String(length=50), b:INTEGER()=Integer(), "
           "c:NUMERIC(precision=10, scale=2)=Numeric(precision=10, scale=2), d:BOOLEAN()=Boolean(), e:FLOAT()=Float(), "
           "f:TEXT()=Text(), g:BLOB()=LargeBinary(), h:sqlite.DATETIME()=DateTime(), i:sqlite.DATE()=Date(), "
           "j:sqlite.TIME()=Time(), k:BIGINT()=BigInteger(), l:CHAR(length=2)=String(length=2), "
           "m:TIMESTAMP(timezone=True)=DateTime(timezone=True), n:sqlite.JSON()=JSON()]"_s;
    QTest::newRow("postgresql types")
        << u"op.create_table('t', sa.Column('a', postgresql.UUID(as_uuid=True)), sa.Column('b', postgresql.JSONB()), "
           "sa.Column('c', postgresql.BYTEA()), sa.Column('d', postgresql.DOUBLE_PRECISION()), "
           "sa.Column('e', postgresql.TIMESTAMP(timezone=True)), sa.Column('f', postgresql.INTERVAL()), "
           "sa.Column('g', postgresql.ENUM('x', name='e')))"_s
        << u"create_table t [a:postgresql.UUID()=GUID(), b:postgresql.JSONB()=JSON(), c:postgresql.BYTEA()=LargeBinary(), "
           "d:postgresql.DOUBLE_PRECISION()=Float(), e:postgresql.TIMESTAMP(timezone=True)=DateTime(timezone=True), "
           "f:postgresql.INTERVAL()=Interval(), g:postgresql.ENUM('x', name='e')=Enum('x', name='e')]"_s;
    QTest::newRow("drop and rename") << u"op.drop_table('user')\nop.drop_table('x', schema='s')\nop.rename_table('a', 'b')"_s
                                     << u"drop_table user | drop_table s.x | rename_table a -> b"_s;
    QTest::newRow("add_column")
        << u"op.add_column('user', sa.Column('email', sa.String(length=120), nullable=True))\n"
           "op.add_column('user', sa.Column('owner', sa.Integer(), sa.ForeignKey('o.id'), index=True), schema='s')"_s
        << u"add_column user email:String(length=120) | add_column s.user owner:Integer(), FK(owner->o(id)), index"_s;
    QTest::newRow("drop_column") << u"op.drop_column('user', 'email')"_s << u"drop_column user.email"_s;
    QTest::newRow("alter_column all")
        << u"op.alter_column('item', 'title',\n           existing_type=sa.VARCHAR(length=50),\n"
           "           server_default=sa.text(\"'x'\"),\n           type_=sa.String(length=120),\n"
           "           nullable=False,\n           comment='c',\n           existing_comment='old',\n"
           "           autoincrement=False,\n           new_column_name='name')"_s
        << u"alter_column item.title [nullable=False, type=String(length=120), default=text('x'), name=name, comment=c, "
           "autoincrement=False, existing_type=VARCHAR(length=50)=String(length=50), existing_comment=old]"_s;
    QTest::newRow("alter_column existing")
        << u"op.alter_column('item', 'state', existing_type=sa.INTEGER(), existing_nullable=True, "
           "existing_server_default=sa.text(\"'new'\"), server_default=None)"_s
        << u"alter_column item.state [default=None, existing_type=INTEGER()=Integer(), existing_nullable=True, "
           "existing_default=text('new')]"_s;
    QTest::newRow("alter_column server_default False") << u"op.alter_column('t', 'c', server_default=False, nullable=True)"_s
                                                       << u"alter_column t.c [nullable=True]"_s;
    QTest::newRow("indexes")
        << u"op.create_index(op.f('ix_user_name'), 'user', ['name'], unique=False)\n"
           "op.create_index('ix_lower', 'user', [sa.text('lower(name)')], unique=True, schema='s')\n"
           "op.drop_index(op.f('ix_user_name'), table_name='user')\nop.drop_index('ix_x')"_s
        << u"create_index user IX(name) name=ix_user_name~ | create_index s.user UIX(lower(name)) name=ix_lower | "
           "drop_index ix_user_name on user | drop_index ix_x"_s;
    QTest::newRow("constraints")
        << u"op.create_unique_constraint('uq_email', 'user', ['email'])\n"
           "op.create_unique_constraint(None, 'user', ['a', 'b'], deferrable='True', initially='IMMEDIATE')\n"
           "op.create_foreign_key(op.f('fk_pet_owner'), 'pet', 'user', ['owner_id'], ['id'], ondelete='CASCADE', "
           "onupdate='RESTRICT', deferrable=False, initially='DEFERRED', source_schema='s', referent_schema='r')\n"
           "op.create_check_constraint('ck_age', 'pet', 'age > 0')\n"
           "op.create_check_constraint('ck_w', 'pet', sa.text('weight < 100'))\n"
           "op.create_primary_key('pk_pet', 'pet', ['id'])\n"
           "op.drop_constraint('uq_email', 'user', type_='unique')\n"
           "op.drop_constraint(None, 'pet', type_='foreignkey')\nop.drop_constraint('x', 'pet')"_s
        << u"add_constraint user UQ(email) name=uq_email | add_constraint user UQ(a,b) DEFERRABLE INITIALLY IMMEDIATE | "
           "add_constraint s.pet FK(owner_id->r.user(id)) ondelete=CASCADE onupdate=RESTRICT NOT DEFERRABLE "
           "INITIALLY DEFERRED name=fk_pet_owner~ | add_constraint pet CK(age > 0) name=ck_age | "
           "add_constraint pet CK(weight < 100) name=ck_w | add_constraint pet PK(id) name=pk_pet | "
           "drop_constraint uq_email on user type=unique | drop_constraint None on pet type=foreignkey | "
           "drop_constraint x on pet"_s;
    QTest::newRow("execute") << u"op.execute('UPDATE pet SET age = 1')\nop.execute(sa.text(\"DELETE FROM x\"))\n"
                                "op.execute(\"\"\"\n    INSERT INTO t VALUES ('a')\n\"\"\")"_s
                             << u"execute UPDATE pet SET age = 1 | execute DELETE FROM x | execute \n        INSERT INTO t VALUES ('a')\n    "_s;
    QTest::newRow("bulk_insert")
        << u"op.bulk_insert(sa.table('pet', sa.column('id', sa.Integer()), sa.column('name', sa.String()), sa.column('w')),\n"
           "    [\n        {'id': 1, 'name': 'Rex', 'w': -2.5},\n        {'id': -3, 'name': None, 'w': True},\n    ],\n"
           "    multiinsert=False)"_s
        << u"bulk_insert pet [id:Integer(), name:String(), w:-] {id=1,name=Rex,w=-2.5} {id=-3,name=None,w=true}"_s;
    QTest::newRow("bulk_insert via locals")
        << u"pets = op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False))\n"
           "op.bulk_insert(pets, [{'id': 1}])\nt = sa.table('x', sa.column('a'))\nop.bulk_insert(t, [])"_s
        << u"create_table pet [id:Integer() NOT NULL] | bulk_insert pet [id:Integer()] {id=1} | bulk_insert x [a:-] "_s;
    QTest::newRow("batch")
        << u"with op.batch_alter_table('user', schema=None, recreate='always') as batch_op:\n"
           "    batch_op.add_column(sa.Column('email', sa.String(length=50), nullable=True))\n"
           "    batch_op.drop_column('legacy')\n"
           "    batch_op.alter_column('name', existing_type=sa.VARCHAR(length=30), nullable=False)\n"
           "    batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)\n"
           "    batch_op.drop_index('ix_old')\n"
           "    batch_op.create_unique_constraint(batch_op.f('uq_user_email'), ['email'])\n"
           "    batch_op.create_foreign_key(batch_op.f('fk_x'), 'org', ['org_id'], ['id'], ondelete='SET NULL')\n"
           "    batch_op.create_check_constraint('ck', 'a > 1')\n"
           "    batch_op.create_primary_key('pk', ['id'])\n"
           "    batch_op.drop_constraint('uq_old', type_='unique')\n"
           "    batch_op.execute('SELECT 1')\n"
           "\nop.drop_table('other')"_s
        << u"batch user recreate=always { add_column user email:String(length=50) | drop_column user.legacy | "
           "alter_column user.name [nullable=False, existing_type=VARCHAR(length=30)=String(length=30)] | "
           "create_index user UIX(email) name=ix_user_email~ | drop_index ix_old on user | "
           "add_constraint user UQ(email) name=uq_user_email~ | add_constraint user FK(org_id->org(id)) ondelete=SET NULL name=fk_x~ | "
           "add_constraint user CK(a > 1) name=ck | add_constraint user PK(id) name=pk | "
           "drop_constraint uq_old on user type=unique | execute SELECT 1 } | drop_table other"_s;
    QTest::newRow("op inside batch runs first")
        << u"with op.batch_alter_table('t') as b:\n    b.drop_column('x')\n    op.drop_table('y')"_s
        << u"drop_table y | batch t recreate=auto { drop_column t.x }"_s;
    QTest::newRow("backslash continuation") << u"op.drop_table(\\\n    'user')"_s << u"drop_table user"_s;
    QTest::newRow("keyword spelling") << u"op.drop_column(table_name='t', column_name='c', schema=None)"_s
                                      << u"drop_column t.c"_s;
}

void TestScriptParser::operations()
{
    QFETCH(QString, body);
    QFETCH(QString, expected);
    auto result = ScriptParser().parse(script(body), u"s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QVERIFY(result->hasUpgrade);
    QVERIFY(result->hasDowngrade);
    QVERIFY(result->bodiesParsed);
    QCOMPARE(test::dump(result->upgrade), expected);
}

void TestScriptParser::refused_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    auto body = [](const QString &b) { return script(b); };
    QTest::newRow("get_bind rows") << body(u"op.get_bind().execute('x').fetchall()"_s)
                                        << u"s.py:17:5: this body reads the database through op.get_bind(); petmigrate evaluates it "
                                           "when its revision runs, inside the migration's transaction"_s;
    QTest::newRow("unknown op") << body(u"op.frobnicate('t')"_s) << u"s.py:17:5: unknown operation op.frobnicate()"_s;
    QTest::newRow("unknown sa name") << body(u"op.add_column('t', sa.Column('c', sa.Frob()))"_s)
                                     << u"s.py:17:39: unknown column type sa.Frob"_s;
    QTest::newRow("PickleType arguments") << body(u"op.add_column('t', sa.Column('c', sa.PickleType(protocol=4)))"_s)
                                          << u"s.py:17:53: unsupported argument 'protocol' to sa.PickleType()"_s;
    QTest::newRow("Integer positional") << body(u"op.add_column('t', sa.Column('c', sa.Integer(5)))"_s)
                                        << u"s.py:17:50: sa.Integer() takes at most 0 positional arguments"_s;
    QTest::newRow("Integer keyword") << body(u"op.add_column('t', sa.Column('c', sa.Integer(x=1)))"_s)
                                     << u"s.py:17:50: unsupported argument 'x' to sa.Integer()"_s;
    QTest::newRow("Unicode collation") << body(u"op.add_column('t', sa.Column('c', sa.Unicode(5, collation='x')))"_s)
                                       << u"s.py:17:53: unsupported argument 'collation' to sa.Unicode()"_s;
    QTest::newRow("unknown sa construct") << body(u"op.create_table('t', sa.Sequence('s'))"_s)
                                          << u"s.py:17:26: unsupported argument to create_table(): a call to sa.Sequence()"_s;
    QTest::newRow("models import") << kHeader.section(u'\n', 0, 7) + u"\nfrom app.models import Pet\n"_s
                                   << u"s.py: the script does not define revision"_s;
    QTest::newRow("module import") << u"import sqlmodel_alembic.models\n"_s
                                   << u"s.py: the script does not define revision"_s;
    QTest::newRow("unknown function") << body(u"helper('t')"_s) << u"s.py:17:5: NameError: name 'helper' is not defined"_s;
    QTest::newRow("unknown dotted function") << body(u"models.make()"_s) << u"s.py:17:5: NameError: name 'models' is not defined"_s;
    QTest::newRow("unexpected paren") << body(u"op.drop_table('t',))"_s) << u"s.py:17:24: unmatched ')'"_s;
    QTest::newRow("unexpected token") << body(u"op.drop_table(,)"_s) << u"s.py:17:19: unexpected ','"_s;
    QTest::newRow("unterminated string") << body(u"op.drop_table('t)"_s) << u"s.py:17:19: unterminated string"_s;
    QTest::newRow("unterminated triple") << u"\"\"\"doc\n\nrevision = 'x'\n"_s << u"s.py:1:1: unterminated triple-quoted string"_s;
    QTest::newRow("never closed") << body(u"op.drop_table('t'"_s) << u"s.py:17:18: '(' was never closed"_s;
    QTest::newRow("inconsistent dedent") << body(u"with op.batch_alter_table('t') as b:\n        b.drop_column('x')\n    b.drop_column('y')"_s.replace(u"\n    b.drop_column('y')"_s, u"\n      b.drop_column('y')"_s))
                                         << u"s.py:19:11: unindent does not match any outer indentation level"_s;
    QTest::newRow("unexpected indent") << u"revision = 'a'\n    down_revision = None\n"_s << u"s.py:2:1: unexpected indent"_s;
    QTest::newRow("missing revision") << u"down_revision = None\n"_s << u"s.py: the script does not define revision"_s;
    QTest::newRow("missing down_revision") << u"revision = 'a'\n"_s << u"s.py: module 's_py' has no attribute 'down_revision'"_s;
    QTest::newRow("revision not a string") << u"revision = 1\n"_s << u"s.py:1:12: expected a string for revision but found an integer"_s;
    QTest::newRow("down_revision call") << u"revision = 'a'\ndown_revision = compute()\n"_s
                                        << u"s.py:2:17: down_revision is computed here; petmigrate reads the revision identifiers without "
                                           "running the script, so write them at module level as a string, a tuple or list of strings, or None"_s;
    QTest::newRow("other assignment") << u"revision = 'a'\nfoo = 1\n"_s << u"s.py: module 's_py' has no attribute 'down_revision'"_s;
    QTest::newRow("assigned twice") << u"revision = 'a'\nrevision = 'b'\n"_s << u"s.py: module 's_py' has no attribute 'down_revision'"_s;
    QTest::newRow("other function") << u"def helper():\n    pass\n"_s << u"s.py: the script does not define revision"_s;
    QTest::newRow("upgrade twice") << u"def upgrade():\n    pass\ndef upgrade():\n    pass\n"_s << u"s.py: the script does not define revision"_s;
    QTest::newRow("arguments") << u"def upgrade(engine):\n    pass\n"_s << u"s.py: the script does not define revision"_s;
    QTest::newRow("sqlmodel not imported") << u"import sqlalchemy as sa\nfrom alembic import op\ndef upgrade():\n"
                                              "    op.add_column('t', sa.Column('c', sqlmodel.sql.sqltypes.AutoString()))\n"_s
                                           << u"s.py: the script does not define revision"_s;
    QTest::newRow("unknown argument") << body(u"op.drop_table('t', cascade=True)"_s)
                                      << u"s.py:17:24: unsupported argument 'cascade' to op.drop_table()"_s;
    QTest::newRow("missing argument") << body(u"op.add_column('t')"_s)
                                      << u"s.py:17:5: op.add_column() is missing the argument 'column'"_s;
    QTest::newRow("wrong value type") << body(u"op.drop_table(42)"_s)
                                      << u"s.py:17:19: expected a string for 'table_name' but found an integer"_s;
    QTest::newRow("f-string") << body(u"op.execute(f'DELETE FROM {t}')"_s)
                              << u"s.py:17:31: NameError: name 't' is not defined"_s;
    QTest::newRow("batch_op not a batch op") << body(u"with op.batch_alter_table('t') as batch_op:\n    batch_op.create_table('x')"_s)
                                             << u"s.py:18:9: batch_op.create_table() is not a batch operation"_s;
    QTest::newRow("batch naming_convention") << body(u"with op.batch_alter_table('t', naming_convention={}) as b:\n    pass"_s)
                                             << u"s.py:17:36: unsupported argument 'naming_convention' to op.batch_alter_table()"_s;
    QTest::newRow("with other") << body(u"with open('x') as f:\n    pass"_s) << u"s.py:17:10: 'open' is not available: petmigrate runs scripts without file, process or network access"_s;
    QTest::newRow("invalid character") << body(u"op.drop_table($)"_s) << u"s.py:17:19: invalid character '$'"_s;
    QTest::newRow("bad escape") << body(u"op.execute('\\x4')"_s) << u"s.py:17:17: truncated \\xXX escape"_s;
    QTest::newRow("mismatched bracket") << body(u"op.drop_table(['t')]"_s)
                                        << u"s.py:17:23: closing parenthesis ')' does not match opening parenthesis '['"_s;
    QTest::newRow("bytes") << body(u"op.execute(b'x')"_s) << u"s.py:17:5: petmigrate cannot pass a 'bytes' value to SQLAlchemy or Alembic"_s;
    QTest::newRow("bulk unknown column") << body(u"op.bulk_insert(sa.table('t', sa.column('a')), [{'b': 1}])"_s)
                                         << u"s.py:17:53: column 'b' is not in the table of the bulk insert"_s;
    QTest::newRow("star import") << u"from sqlalchemy import *\n"_s << u"s.py: the script does not define revision"_s;
    QTest::newRow("class") << u"class Pet:\n    pass\n"_s << u"s.py: the script does not define revision"_s;
}

void TestScriptParser::refused()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto result = ScriptParser().parse(source, u"s.py"_s);
    QString failure;
    if (!result)
        failure = result.error().toString();
    else if (auto body = result->body(true); !body)
        failure = body.error().toString();
    QVERIFY2(!failure.isEmpty(), "the script was accepted");
    QCOMPARE(failure, expected);
}

// What the statement reader refuses is run instead (ScriptEvaluator).
void TestScriptParser::evaluated_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("expected");

    QTest::newRow("for loop") << u"for t in ['a', 'b']:\n    op.drop_table(t)"_s << u"drop_table a | drop_table b"_s;
    QTest::newRow("if") << u"if True:\n    op.drop_table('a')"_s << u"drop_table a"_s;
    QTest::newRow("get_context") << u"ctx = op.get_context()\nif not ctx.as_sql:\n    op.drop_table('a')"_s
                                 << u"drop_table a"_s;
    QTest::newRow("binary operator") << u"op.execute('a' + 'b')"_s << u"execute ab"_s;
    // Alembic makes the batch context and never enters it: nothing happens.
    QTest::newRow("batch as statement") << u"op.batch_alter_table('t')"_s << QString();
    QTest::newRow("import in function") << u"import os\nop.drop_table(os.path.join('a'))"_s << u"drop_table a"_s;
    QTest::newRow("upgrade calls a helper")
        << u"def drop(name):\n    op.drop_table(name)\ndrop('x')"_s << u"drop_table x"_s;
}

void TestScriptParser::evaluated()
{
    QFETCH(QString, body);
    QFETCH(QString, expected);
    auto result = ScriptParser().parse(script(body), u"s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    auto up = result->body(true);
    if (!up)
        QFAIL(qPrintable(up.error().toString()));
    QCOMPARE(test::dump(**up), expected);
}

void TestScriptParser::tutorialScript()
{
    const QString source = uR"("""initial

Revision ID: 5e2c3486676e
Revises: 
Create Date: 2023-01-29 19:39:24.556269

"""
from alembic import op
import sqlalchemy as sa
import sqlmodel.sql.sqltypes


# revision identifiers, used by Alembic.
revision = '5e2c3486676e'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.create_table('pet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    # ### end Alembic commands ###


def downgrade() -> None:
    # ### commands auto generated by Alembic - please adjust! ###
    op.drop_table('user')
    op.drop_table('pet')
    # ### end Alembic commands ###
)"_s;
    auto result = ScriptParser().parse(source, u"5e2c3486676e_initial.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(result->revision, u"5e2c3486676e"_s);
    QVERIFY(result->downRevision.isNone());
    QVERIFY(result->docstring.startsWith(u"initial\n\nRevision ID: 5e2c3486676e\nRevises: \nCreate Date"_s));
    QCOMPARE(result->upgrade.size(), size_t(2));
    const Table &pet = result->upgrade[0].as<CreateTableOp>()->table;
    QCOMPARE(pet.name, u"pet"_s);
    QCOMPARE(pet.columns.size(), 2);
    QCOMPARE(pet.columns[1].type, SqlType::autoString());
    QVERIFY(!pet.columns[1].nullable);
    QVERIFY(pet.columns[0].primaryKey);
    QCOMPARE(pet.constraints, QList<Constraint>{Constraint::primaryKey({u"id"_s})});
    QCOMPARE(test::dump(result->downgrade), u"drop_table user | drop_table pet"_s);
    QCOMPARE(result->imports.size(), 3);
    QCOMPARE(result->imports[2].module, u"sqlmodel.sql.sqltypes"_s);
    QCOMPARE(result->revisionLocation.line, 14);
}

void TestScriptParser::userModulePrefix()
{
    const QString source = u"import app.types\nfrom alembic import op\nimport sqlalchemy as sa\n"
                           "revision = 'a'\ndown_revision = None\n\ndef upgrade():\n"
                           "    op.add_column('t', sa.Column('c', app.types.AutoString(length=5)))\n"
                           "    op.add_column('t', sa.Column('d', app.types.GUID()))\n"_s;
    ScriptParser::Options options;
    options.userModulePrefix = u"app.types."_s;
    auto result = ScriptParser(options).parse(source, u"s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(test::dump(result->upgrade), u"add_column t c:AutoString(length=5) | add_column t d:GUID()"_s);

    // With sqlmodel's prefix configured, the same import is the application's:
    // an opaque value, refused where upgrade() needs it.
    auto refused = ScriptParser().parse(source, u"s.py"_s);
    QVERIFY(refused);
    QVERIFY(!refused->body(true));
    QCOMPARE(refused->body(true).error().toString(),
             u"s.py:8:24: this needs 'app.types.AutoString()' (imported at line 1), which petmigrate cannot import"_s);
}

// Unicode, UnicodeText and PickleType are SQLAlchemy subclasses of String,
// Text and LargeBinary: the same kind (and so the same DDL), their own name.
void TestScriptParser::genericSubclasses_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<int>("kind");
    QTest::addColumn<QString>("repr");
    QTest::newRow("Unicode") << u"sa.Unicode(length=20)"_s << int(SqlType::Kind::String) << u"Unicode(length=20)"_s;
    QTest::newRow("Unicode bare") << u"sa.Unicode()"_s << int(SqlType::Kind::String) << u"Unicode()"_s;
    QTest::newRow("UnicodeText") << u"sa.UnicodeText()"_s << int(SqlType::Kind::Text) << u"UnicodeText()"_s;
    QTest::newRow("PickleType") << u"sa.PickleType()"_s << int(SqlType::Kind::LargeBinary) << u"PickleType()"_s;
    QTest::newRow("via sqlalchemy.types") << u"sqlalchemy.types.UnicodeText(length=9)"_s << int(SqlType::Kind::Text)
                                          << u"UnicodeText(length=9)"_s;
}

void TestScriptParser::genericSubclasses()
{
    QFETCH(QString, type);
    QFETCH(int, kind);
    QFETCH(QString, repr);
    const QString source = script(u"op.add_column('t', sa.Column('c', %1, nullable=True))"_s.arg(type))
                               .replace(u"import sqlalchemy as sa\n"_s, u"import sqlalchemy as sa\nimport sqlalchemy\n"_s);
    auto result = ScriptParser().parse(source, u"s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    const AddColumnOp *op = result->upgrade.at(0).as<AddColumnOp>();
    QVERIFY(op);
    QCOMPARE(int(op->column.type.kind), kind);
    QCOMPARE(op->column.type.pythonRepr(), repr);
    QCOMPARE(op->column.type.generic(), op->column.type);
}

// Options::bodies: only the function a run runs is read into operations;
// the other is still parsed, so the script fails, or reads, exactly as when
// both are read. The run's body is the same either way.
void TestScriptParser::oneBodyRead_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QString>("downgrade");
    QTest::addColumn<bool>("fails"); // with both bodies read
    // The statement reader declines the script and the evaluator runs
    // both functions, as it did.
    QTest::addColumn<bool>("evaluated");

    const QString create = u"op.create_table('t1', sa.Column('id', sa.Integer(), nullable=False),\n"
                           u"    sa.PrimaryKeyConstraint('id'))"_s;
    const QString drop = u"op.drop_table('t1')"_s;
    QTest::newRow("both read") << create << drop << false << false;
    QTest::newRow("batch block") << create << u"with op.batch_alter_table('t1') as b:\n    b.drop_column('id')"_s
                                 << false << false;
    QTest::newRow("local name") << create << u"t = 't1'\nop.drop_table(t)"_s << false << false;
    // Python compiles the whole file: the other function's syntax error
    // fails the script, with the same file:line:col and sentence.
    QTest::newRow("unclosed call") << create << u"op.drop_table('t1'"_s << true << false;
    QTest::newRow("unterminated string") << create << u"op.drop_table('t1)"_s << true << false;
    QTest::newRow("trailing name") << create << u"op.drop_table('t1') x"_s << true << false;
    QTest::newRow("bad indent") << create << u"op.drop_table('t1')\n      op.drop_table('t2')"_s << true << false;
    QTest::newRow("incomplete assignment") << create << u"t =\nop.drop_table(t)"_s << true << false;

    // What only reading (or running) the other function finds is that
    // function's own: the run's body is read all the same.
    QTest::newRow("unknown op") << create << u"op.no_such_operation('t1')"_s << false << false;
    QTest::newRow("unknown module") << create << u"with nowhere.batch_alter_table('t1') as b:\n    b.drop_column('id')"_s
                                    << false << false;
    QTest::newRow("loop") << create << u"for t in ['t1']:\n    op.drop_table(t)"_s << false << true;
    QTest::newRow("raises") << create << u"raise NotImplementedError()"_s << false << true;
    QTest::newRow("with without as") << create << u"with op.batch_alter_table('t1'):\n    pass"_s << false << true;
}

void TestScriptParser::oneBodyRead()
{
    QFETCH(QString, upgrade);
    QFETCH(QString, downgrade);
    QFETCH(bool, fails);
    QFETCH(bool, evaluated);
    auto indent = [](const QString &body) {
        QString out;
        for (const QString &line : body.split(u'\n'))
            out += u"    "_s + line + u'\n';
        return out;
    };
    using Bodies = ScriptParser::Options::Bodies;
    for (const bool up : {true, false}) {
        // The run's function, and the other one malformed in the same way.
        const QString source = kHeader + indent(up ? upgrade : downgrade) + u"\n\ndef downgrade() -> None:\n"_s
            + indent(up ? downgrade : upgrade);
        const auto both = ScriptParser().parse(source, u"s.py"_s);
        ScriptParser::Options options;
        options.bodies = up ? Bodies::UpgradeOnly : Bodies::DowngradeOnly;
        const auto one = ScriptParser(options).parse(source, u"s.py"_s);
        QCOMPARE(!both, fails);
        QCOMPARE(!one, fails);
        if (fails) {
            QCOMPARE(one.error().toString(), both.error().toString());
            continue;
        }
        const auto runBoth = both->body(up);
        const auto runOne = one->body(up);
        QVERIFY2(runBoth, qPrintable(runBoth ? QString() : runBoth.error().toString()));
        QVERIFY2(runOne, qPrintable(runOne ? QString() : runOne.error().toString()));
        QVERIFY(!(*runOne)->empty());
        QCOMPARE(**runOne, **runBoth);
        // The other function: not read, and saying so, unless evaluated.
        const auto other = one->body(!up);
        if (evaluated) {
            QCOMPARE(bool(other), bool(both->body(!up)));
        } else {
            QVERIFY(!other);
            QVERIFY2(other.error().message.endsWith(u"was parsed but not read: this run does not run it"_s),
                     qPrintable(other.error().toString()));
        }
    }
}

void TestScriptParser::headerOnly()
{
    ScriptParser::Options options;
    options.headerOnly = true;
    const ScriptParser parser(options);
    auto result = parser.parse(script(u"op.get_bind()\nfor x in y:\n    pass"_s), u"s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(result->revision, u"b9aceae553ae"_s);
    QCOMPARE(result->downRevision.ids, QStringList{u"5e2c3486676e"_s});
    QVERIFY(!result->bodiesParsed);
    QVERIFY(result->upgrade.empty());
    QVERIFY(result->hasUpgrade && result->hasDowngrade);
    // Token-level problems are still found.
    auto broken = parser.parse(script(u"op.drop_table('t"_s), u"s.py"_s);
    QVERIFY(!broken);
    QCOMPARE(broken.error().toString(), u"s.py:17:19: unterminated string"_s);
    auto badHeader = parser.parse(u"revision = 'a'\nimport os\n"_s, u"s.py"_s);
    QVERIFY(!badHeader);
    QCOMPARE(badHeader.error().toString(), u"s.py: module 's_py' has no attribute 'down_revision'"_s);
    QCOMPARE(badHeader.error().exception, u"AttributeError"_s);
}

// What real projects put at module level: the graph reader passes over all of
// it and takes the identifiers (as "rev|down|branch|depends|docstring").
void TestScriptParser::headerTolerant_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");

    const QString ids = u"revision = 'r'\ndown_revision = 'p'\n"_s;
    const QString tail = u"\n\ndef upgrade():\n    pass\n\n\ndef downgrade():\n    pass\n"_s;
    const QString plain = u"r|String[p]|None[]|None[]|"_s;
    QTest::newRow("the application's imports")
        << u"from myapp.models import db, User as U\nimport myapp.util.helpers\nfrom . import sibling\n"
           "from ..pkg.mod import (a,\n    b as c,)\nfrom peewee import *\n"_s + ids + tail
        << plain;
    QTest::newRow("module-level data and helpers")
        << ids + u"TABLES = ['a', 'b'] + EXTRA\nlogger = logging.getLogger(__name__)\nBATCH = 10 ** 3\n"
                 "def _helper(conn, *args, table: str = 'x', **kw) -> Dict[str, int]:\n    return {}\n"_s + tail
        << plain;
    QTest::newRow("classes and decorators")
        << u"class Model(BaseModel):\n    revision = 'not the module'\n    def f(self):\n        pass\n"
           "@decorator(arg)\ndef upgrade():\n    op.get_bind()\n"_s + ids + u"\ndef downgrade():\n    pass\n"_s
        << plain;
    QTest::newRow("blocks at module level")
        << u"try:\n    from sqlalchemy.orm import declarative_base\nexcept ImportError:\n"
           "    from sqlalchemy.ext.declarative import declarative_base\nif sys.version_info < (3, 8):\n    x = 1\n"
           "elif True: y = 2\nelse:\n    pass\nwith open('f') as f: pass\nfor i in range(3):\n    print(i)\n"_s + ids + tail
        << plain;
    QTest::newRow("upgrade with arguments (quay)")
        << ids + u"\ndef upgrade(op, tables, tester):\n    pass\n\ndef downgrade(op, tables, tester):\n    pass\n"_s
        << plain;
    QTest::newRow("docstring after the imports is no docstring")
        << u"from alembic import op\n\"\"\"late\n\nRevision ID: r\"\"\"\n"_s + ids + tail << plain;
    QTest::newRow("docstring that is not alone") << u"\"\"\"doc\"\"\".strip()\n"_s + ids + tail << plain;
    QTest::newRow("f-string first is no docstring") << u"f'doc {x}'\n"_s + ids + tail << plain;
    QTest::newRow("semicolons") << u"'''doc'''; import os\nrevision = 'r'; down_revision = 'p';\n"_s + tail
                                << u"r|String[p]|None[]|None[]|doc"_s;
    QTest::newRow("the last assignment wins")
        << u"revision = 'x'\ndown_revision = None\nrevision = 'r'\ndown_revision = 'p'\n"_s + tail << plain;
    QTest::newRow("a name bound earlier")
        << u"PREVIOUS = 'p'\nLABEL = \"expand\"\nrevision = 'r'\ndown_revision = PREVIOUS\nbranch_labels = (LABEL,)\n"_s + tail
        << u"r|String[p]|Tuple[expand]|None[]|"_s;
    QTest::newRow("chained assignment") << u"revision = 'r'\ndown_revision = depends_on = 'p'\n"_s + tail
                                        << u"r|String[p]|None[]|String[p]|"_s;
    QTest::newRow("annotations of any form")
        << u"from __future__ import annotations\nrevision: str = 'r'\ndown_revision: str | None = 'p'\n"
           "branch_labels: Undefined[str] = None\ndepends_on: Sequence[str] | None = ()\n"_s + tail
        << u"r|String[p]|None[]|Tuple[]|"_s;
    QTest::newRow("annotation without a value binds nothing")
        << u"revision: str\nrevision = 'r'\ndown_revision = 'p'\n"_s + tail << plain;
    QTest::newRow("legacy revision from the file name") << u"down_revision = None\n"_s + tail
                                                         << u"ab12|None[]|None[]|None[]|"_s;
    QTest::newRow("expression statements and calls")
        << ids + u"op.execute('x')\nprint('loaded')\n(lambda: 1)()\nx.revision = 3\n"_s + tail << plain;
}

void TestScriptParser::headerTolerant()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    ScriptParser::Options options;
    options.headerOnly = true;
    auto result = ScriptParser(options).parse(source, u"v/ab12.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    auto list = [](const RevisionList &l) -> QString {
        static const char16_t *forms[] = {u"None", u"String", u"Tuple", u"List"};
        return QString::fromUtf16(forms[int(l.form)]) + u'[' + l.ids.join(u',') + u']';
    };
    QCOMPARE(result->revision + u'|' + list(result->downRevision) + u'|' + list(result->branchLabels) + u'|'
                 + list(result->dependsOn) + u'|' + result->docstring,
             expected);
    QVERIFY(!result->bodiesParsed);
}

// What stops the graph: what stops Python's import (with its exception), and
// identifiers only running the module could tell.
void TestScriptParser::headerRefused_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("exception");

    const QString ids = u"revision = 'r'\ndown_revision = 'p'\n"_s;
    const QString why = u"; petmigrate reads the revision identifiers without running the script, so write them at "
                        "module level as a string, a tuple or list of strings, or None"_s;
    QTest::newRow("unclosed bracket") << ids + u"X = (1 +\n"_s << u"s.py:3:5: '(' was never closed"_s
                                      << u"SyntaxError"_s;
    QTest::newRow("unexpected indent") << ids + u"  x = 1\n"_s << u"s.py:3:1: unexpected indent"_s
                                       << u"IndentationError"_s;
    QTest::newRow("def without a body") << ids + u"def upgrade():\nx = 1\n"_s
                                        << u"s.py:4:1: expected an indented block after function definition on line 3"_s
                                        << u"IndentationError"_s;
    QTest::newRow("bad import") << u"from import x\n"_s + ids << u"s.py:1:6: invalid syntax"_s << u"SyntaxError"_s;
    QTest::newRow("return at module level") << ids + u"return 1\n"_s << u"s.py:3:1: 'return' outside function"_s
                                            << u"SyntaxError"_s;
    QTest::newRow("raise at module level") << ids + u"raise NotImplementedError('no')\n"_s << u"s.py:3:1: no"_s
                                           << u"NotImplementedError"_s;
    QTest::newRow("unknown annotation") << u"revision: Union[str, None] = 'r'\ndown_revision = 'p'\n"_s
                                        << u"s.py:1:11: name 'Union' is not defined"_s << u"NameError"_s;
    QTest::newRow("no down_revision") << u"revision = 'r'\n"_s << u"s.py: module 's_py' has no attribute 'down_revision'"_s
                                      << u"AttributeError"_s;
    QTest::newRow("computed") << u"revision = 'r'\ndown_revision = 'p' + SUFFIX\n"_s
                              << u"s.py:2:17: down_revision is computed here"_s + why << QString();
    QTest::newRow("from an unknown module") << u"from app import PREV\nrevision = 'r'\ndown_revision = PREV\n"_s
                                            << u"s.py:3:17: down_revision is computed here"_s + why << QString();
    QTest::newRow("inside a block") << u"revision = 'r'\nif X:\n    down_revision = 'p'\nelse:\n    down_revision = None\n"_s
                                    << u"s.py:3:5: down_revision is assigned inside a block"_s + why << QString();
    QTest::newRow("by unpacking") << u"revision, down_revision = 'r', 'p'\n"_s
                                  << u"s.py:1:1: revision is assigned by unpacking"_s + why << QString();
    QTest::newRow("not a string") << u"revision = 12\ndown_revision = None\n"_s
                                  << u"s.py:1:12: expected a string for revision but found an integer"_s << QString();
}

void TestScriptParser::headerRefused()
{
    QFETCH(QString, source);
    QFETCH(QString, error);
    QFETCH(QString, exception);
    ScriptParser::Options options;
    options.headerOnly = true;
    auto result = ScriptParser(options).parse(source, u"s.py"_s);
    QVERIFY(!result);
    QCOMPARE(result.error().toString(), error);
    QCOMPARE(result.error().exception, exception);
}

// `branch_labels = (cli.CONTRACT_BRANCH,)`: the literal is read from the
// application's module on the search path, never by running it.
void TestScriptParser::headerImportedConstant()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(u"app/db/migration"_s));
    const auto write = [&](const QString &name, const QByteArray &text) {
        QFile f(dir.filePath(name));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(text);
    };
    write(u"app/__init__.py"_s, "import something_heavy\n");
    write(u"app/db/__init__.py"_s, "");
    write(u"app/db/migration/__init__.py"_s, "LIBERTY = 'liberty'\nif X:\n    pass\nHEADS = ('a', 'b')\n");
    write(u"app/db/migration/cli.py"_s, "import os\nCONTRACT_BRANCH = 'contract'\nOTHER = os.getenv('x')\n");
    const ModuleConstants constants({dir.path()});
    ScriptParser::Options options;
    options.headerOnly = true;
    options.importedConstant = [&](const QString &module, const QString &name) { return constants.lookup(module, name); };
    const ScriptParser parser(options);

    auto script = parser.parse(u"from app.db.migration import cli\nfrom app.db import migration\n"
                               "from app.db.migration import LIBERTY as L\nimport app.db.migration\n"
                               "revision = 'r'\ndown_revision = app.db.migration.HEADS\n"
                               "branch_labels = (cli.CONTRACT_BRANCH, migration.LIBERTY, L)\n"_s,
                               u"s.py"_s);
    if (!script)
        QFAIL(qPrintable(script.error().toString()));
    QCOMPARE(script->downRevision.ids, (QStringList{u"a"_s, u"b"_s}));
    QCOMPARE(script->branchLabels.ids, (QStringList{u"contract"_s, u"liberty"_s, u"liberty"_s}));

    auto computed = parser.parse(u"from app.db.migration import cli\nrevision = 'r'\ndown_revision = cli.OTHER\n"_s,
                                 u"s.py"_s);
    QVERIFY(!computed);
    QVERIFY(computed.error().toString().startsWith(u"s.py:3:17: down_revision is computed here"_s));
    auto missing = parser.parse(u"from nowhere import cli\nrevision = 'r'\ndown_revision = cli.X\n"_s, u"s.py"_s);
    QVERIFY(!missing);
}

void TestScriptParser::locations()
{
    auto result = ScriptParser().parse(script(u"op.drop_table('a')\nwith op.batch_alter_table('t') as b:\n    b.drop_column('x')"_s),
                                       u"v/s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(result->upgrade[0].location, (SourceLocation{u"v/s.py"_s, 17, 5}));
    QCOMPARE(result->upgrade[1].location, (SourceLocation{u"v/s.py"_s, 18, 5}));
    QCOMPARE(result->upgrade[1].as<BatchAlterTableOp>()->ops[0].location, (SourceLocation{u"v/s.py"_s, 19, 9}));
}

void TestScriptParser::corpus()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    bool ok = false;
    const QString err = runPython({QStringLiteral(PM_SOURCE_DIR) + u"/tests/core/script/make_corpus.py"_s, dir.path()}, &ok);
    QVERIFY2(ok, qPrintable(u"make_corpus.py failed (Python with alembic is required): "_s + err));
    QFile manifestFile(dir.filePath(u"manifest.json"_s));
    QVERIFY(manifestFile.open(QIODevice::ReadOnly));
    const QJsonObject all = QJsonDocument::fromJson(manifestFile.readAll()).object();
    const QJsonArray manifest = all.value(u"good"_s).toArray();
    QVERIFY(manifest.size() >= 50);
    const ScriptParser parser;
    int ops = 0;
    for (const QJsonValue &entry : manifest) {
        const QJsonObject o = entry.toObject();
        const QString path = dir.filePath(o.value(u"file"_s).toString());
        auto script = parser.parseFile(path);
        if (!script)
            QFAIL(qPrintable(script.error().toString()));
        QCOMPARE(script->revision, o.value(u"revision"_s).toString());
        const QJsonValue down = o.value(u"down_revision"_s);
        QCOMPARE(script->downRevision.isNone(), down.isNull());
        if (!down.isNull())
            QCOMPARE(script->downRevision.ids, QStringList{down.toString()});
        for (const auto &[key, list] : {std::pair{u"upgrade"_s, &script->upgrade}, std::pair{u"downgrade"_s, &script->downgrade}}) {
            QStringList expected;
            for (const QJsonValue &k : o.value(key).toArray())
                expected << k.toString();
            QStringList got;
            for (const Operation &op : *list)
                got << test::kindOf(op);
            QVERIFY2(got == expected, qPrintable(path + u": "_s + key + u"\n got: "_s + got.join(u' ')
                                                 + u"\n expected: "_s + expected.join(u' ')));
            ops += int(list->size());
        }
    }
    QVERIFY(ops > 100);
    // Scripts Python could not run either: rendered without the tutorial's
    // `import sqlmodel.sql.sqltypes`, or with Alembic's unprefixed Text().
    const QJsonArray bad = all.value(u"bad"_s).toArray();
    QVERIFY(bad.size() >= 8);
    for (const QJsonValue &entry : bad) {
        const QString name = entry.toObject().value(u"file"_s).toString();
        auto script = parser.parseFile(dir.filePath(name));
        // The module reads (Python's import does too); a body fails.
        Error error;
        if (!script)
            error = script.error();
        else if (auto up = script->body(true); !up)
            error = up.error();
        else if (auto down = script->body(false); !down)
            error = down.error();
        else
            QFAIL(qPrintable(name + u" was accepted"_s));
        QVERIFY2(error.message == entry.toObject().value(u"error"_s).toString(), qPrintable(error.toString()));
    }
}

void TestScriptParser::performance()
{
    QStringList sources;
    sources.reserve(10000);
    for (int i = 0; i < 10000; ++i)
        sources << script(u"op.create_table('pet_%1',\nsa.Column('id', sa.Integer(), nullable=False),\n"
                          "sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),\n"
                          "sa.Column('owner_id', sa.Integer(), nullable=True),\n"
                          "sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_pet_owner_id_user')),\n"
                          "sa.PrimaryKeyConstraint('id', name=op.f('pk_pet'))\n)\n"
                          "with op.batch_alter_table('user', schema=None) as batch_op:\n"
                          "    batch_op.add_column(sa.Column('email', sa.String(length=120), nullable=True))\n"
                          "    batch_op.create_index(batch_op.f('ix_user_email'), ['email'], unique=True)"_s.arg(i))
                       .replace(u"b9aceae553ae"_s, QString::number(i, 16));
    ScriptParser::Options headerOptions;
    headerOptions.headerOnly = true;
    for (const bool headerOnly : {true, false}) {
        const ScriptParser parser(headerOnly ? headerOptions : ScriptParser::Options{});
        QElapsedTimer timer;
        timer.start();
        for (const QString &source : std::as_const(sources)) {
            auto result = parser.parse(source, u"s.py"_s);
            if (!result)
                QFAIL(qPrintable(result.error().toString()));
        }
        const qint64 ms = timer.elapsed();
        // Printed, not asserted: timings on shared machines make flaky tests
        // (tests/bench/bench_revisions.sh is where speed is measured).
        qInfo("10000 scripts, %s: %lld ms", headerOnly ? "header only" : "full", ms);
    }
}

// ExpressionReader: core/python's parse of one expression, as the
// construct description the readers match, or the old reader's refusal.
void TestScriptParser::expressions_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<bool>("tuple");
    QTest::addColumn<QString>("expected"); // describe() and the next token, or "!line:col: error"
    QTest::newRow("call") << u"sa.Column('id', sa.Integer(), nullable=False)"_s << false << u"a call to sa.Column() | end of line"_s;
    QTest::newRow("stops at =") << u"x.y = 1"_s << false << u"x.y | '='"_s;
    QTest::newRow("stops at +=") << u"x += 1"_s << false << u"x | '+='"_s;
    QTest::newRow("tuple") << u"'a', 'b'"_s << true << u"a tuple | end of line"_s;
    QTest::newRow("not a tuple") << u"'a', 'b'"_s << false << u"a string | ','"_s;
    QTest::newRow("joined strings") << u"'a' \"b\""_s << false << u"a string | end of line"_s;
    QTest::newRow("f-string") << u"f'{x}'"_s << false << u"an f-string | end of line"_s;
    QTest::newRow("bytes") << u"b'x'"_s << false << u"a bytes literal | end of line"_s;
    QTest::newRow("negative number") << u"-1.5"_s << false << u"a number | end of line"_s;
    QTest::newRow("dict and subscript") << u"{'a': x[0]}"_s << false << u"a dict | end of line"_s;
    QTest::newRow("binary operator") << u"f(1 + 2)"_s << false << u"!1:5: unexpected '+'"_s;
    QTest::newRow("comparison") << u"t.c.x == 5"_s << false << u"!1:7: unexpected '=='"_s;
    QTest::newRow("conditional") << u"a if b else c"_s << false << u"!1:3: unexpected 'if'"_s;
    QTest::newRow("comprehension") << u"[x for x in y]"_s << false << u"!1:4: unexpected 'for'"_s;
    QTest::newRow("generator argument") << u"f(x for x in y)"_s << false << u"!1:5: unexpected 'for'"_s;
    QTest::newRow("lambda") << u"f(lambda: 1)"_s << false << u"!1:3: unexpected 'lambda'"_s;
    QTest::newRow("unary on a name") << u"-x"_s << false << u"!1:1: unary '-' is only supported before a number"_s;
    QTest::newRow("not") << u"not x"_s << false << u"!1:1: unexpected 'not'"_s;
    QTest::newRow("set display") << u"{1, 2}"_s << false << u"!1:1: set displays are not supported"_s;
    QTest::newRow("star argument") << u"f(*a)"_s << false << u"!1:3: argument unpacking with '*' is not supported"_s;
    QTest::newRow("double star argument") << u"f(**a)"_s << false << u"!1:3: argument unpacking with '**' is not supported"_s;
    QTest::newRow("dict unpacking") << u"{**a}"_s << false << u"!1:2: unpacking with '**' is not supported"_s;
    QTest::newRow("complex") << u"2j"_s << false << u"!1:1: complex numbers are not supported"_s;
    QTest::newRow("syntax error") << u"op.drop_table(,)"_s << false << u"!1:15: unexpected ','"_s;
    QTest::newRow("keyword") << u"if"_s << false << u"!1:1: unexpected 'if'"_s;
}

void TestScriptParser::expressions()
{
    QFETCH(QString, source);
    QFETCH(bool, tuple);
    QFETCH(QString, expected);
    auto tokens = PythonTokenizer::tokenize(source, u"e.py"_s);
    QVERIFY2(tokens, qPrintable(tokens ? QString() : tokens.error().toString()));
    ExpressionReader reader(*tokens, source, u"e.py"_s);
    qsizetype pos = 0;
    auto e = tuple ? reader.parseTuple(pos) : reader.parse(pos);
    QString got;
    if (e)
        got = e->describe() + u" | "_s + ExpressionReader::describe(tokens->at(pos));
    else
        got = u"!"_s + QString::number(e.error().line) + u':' + QString::number(e.error().column) + u": "_s
            + e.error().message;
    QCOMPARE(got, expected);
}

// Adjacent literals are one string, Python's join of their decoded values;
// a single literal's value is shared with its token, and an empty literal
// is an empty string, never a null one (readers tell '' from absent).
void TestScriptParser::joinedStrings_data()
{
    QTest::addColumn<QString>("source");
    QTest::addColumn<QString>("expected");
    QTest::newRow("one") << u"'abc'"_s << u"abc"_s;
    QTest::newRow("two") << u"'a' \"b\""_s << u"ab"_s;
    QTest::newRow("three") << u"'a' 'b' 'c'"_s << u"abc"_s;
    QTest::newRow("empty first") << u"'' 'b'"_s << u"b"_s;
    QTest::newRow("empty last") << u"'a' ''"_s << u"a"_s;
    QTest::newRow("empty between") << u"'a' '' 'c'"_s << u"ac"_s;
    QTest::newRow("empty") << u"''"_s << QString();
    QTest::newRow("two empty") << u"'' \"\""_s << QString();
    QTest::newRow("empty in a call") << u"f('', 'z')"_s << QString();
    QTest::newRow("escape") << u"'a\\tb'"_s << u"a\tb"_s;
    QTest::newRow("raw and escape") << u"r'a\\t' 'c\\n'"_s << u"a\\tc\n"_s;
    QTest::newRow("in a call") << u"f('x' 'y', 'z')"_s << u"xy"_s;
}

void TestScriptParser::joinedStrings()
{
    QFETCH(QString, source);
    QFETCH(QString, expected);
    auto tokens = PythonTokenizer::tokenize(source, u"e.py"_s);
    QVERIFY2(tokens, qPrintable(tokens ? QString() : tokens.error().toString()));
    ExpressionReader reader(*tokens, source, u"e.py"_s);
    qsizetype pos = 0;
    auto e = reader.parse(pos);
    QVERIFY2(e, qPrintable(e ? QString() : e.error().toString()));
    const PythonExpression &s = e->isCall() ? e->argument(0) : *e;
    QVERIFY(s.isString());
    QCOMPARE(s.text, expected);
    QVERIFY(!s.text.isNull());
    if (e->isCall())
        QCOMPARE(e->argument(1).text, u"z"_s);
}

QTEST_GUILESS_MAIN(TestScriptParser)
#include "tst_scriptparser.moc"
