#include <QTest>

#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "ops/schemasimulator.h"
#include "runtime/sqlplanner.h"
#include "script/scriptevaluator.h"
#include "script/scriptparser.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// Lines 1-14; a body given to script() starts on line 15, column 5.
const QString kHeader = uR"("""computed

Revision ID: c0ffee000001
"""
from alembic import op, context
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from myapp.models import helpers

revision = 'c0ffee000001'
down_revision = None


def upgrade():
)"_s;

QString script(const QString &upgradeBody, const QString &downgradeBody = u"pass"_s)
{
    auto indent = [](const QString &b) {
        QString out;
        for (const QString &line : b.split(u'\n'))
            out += (line.isEmpty() ? QString() : u"    "_s + line) + u'\n';
        return out;
    };
    return kHeader + indent(upgradeBody) + u"\n\ndef downgrade():\n"_s + indent(downgradeBody);
}

ScriptEvaluator::Context context(const QString &dialect, bool offline)
{
    ScriptEvaluator::Context c;
    c.dialect = dialect;
    c.offline = offline;
    return c;
}

// Why the script or its upgrade() cannot be read; empty if it can.
QString failureOf(const Result<MigrationScript> &r)
{
    if (!r)
        return r.error().toString();
    if (auto body = r->body(true); !body)
        return body.error().toString();
    return {};
}

// The operations as the statements --sql prints for them.
QString rendered(const OperationList &ops, const QString &dialectName)
{
    std::unique_ptr<Dialect> dialect = dialectName == u"postgresql" ? PostgresDialect().offlineVariant()
                                                                    : SqliteDialect().offlineVariant();
    SchemaSimulator schema;
    SqlPlanner planner(*dialect, schema, SqlPlanner::Mode::Offline);
    auto statements = planner.plan(ops);
    if (!statements)
        return statements.error().toString();
    QStringList out;
    for (const SqlPlanner::Statement &st : *statements)
        out << st.sql.trimmed(); // SQLAlchemy frames DDL in newlines
    return out.join(u"; "_s);
}

} // namespace

class TestScriptEvaluator : public QObject
{
    Q_OBJECT

private slots:
    void operations_data();
    void operations();
    void refused_data();
    void refused();
    void moduleLevel();
    void fallbackFromParser();
};

void TestScriptEvaluator::operations_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<bool>("offline");
    QTest::addColumn<QString>("expected");

    QTest::newRow("for loop over tables")
        << u"for t in ['a', 'b']:\n    op.drop_table(t)"_s << u"sqlite"_s << false << u"DROP TABLE a; DROP TABLE b"_s;
    QTest::newRow("helper function and f-string")
        << u"def ix(t, c):\n    return f'ix_{t}_{c}'\nop.create_index(ix('pet', 'name'), 'pet', ['name'])"_s
        << u"sqlite"_s << false << u"CREATE INDEX ix_pet_name ON pet (name)"_s;
    QTest::newRow("branch on the dialect")
        << u"if op.get_bind().dialect.name == 'postgresql':\n    op.execute('SET x = 1')\nelse:\n    op.drop_table('t')"_s
        << u"postgresql"_s << true << u"SET x = 1"_s;
    QTest::newRow("branch on the dialect, other side")
        << u"if op.get_bind().dialect.name == 'postgresql':\n    op.execute('SET x = 1')\nelse:\n    op.drop_table('t')"_s
        << u"sqlite"_s << false << u"DROP TABLE t"_s;
    QTest::newRow("offline mode")
        << u"if context.is_offline_mode():\n    op.execute('SELECT 1')"_s << u"sqlite"_s << true << u"SELECT 1"_s;
    QTest::newRow("online mode")
        << u"if context.is_offline_mode():\n    op.execute('SELECT 1')"_s << u"sqlite"_s << false << QString();
    QTest::newRow("string arithmetic")
        << u"name = 'pet'\nop.execute('DELETE FROM ' + name + ' WHERE id = %d' % 3)"_s << u"sqlite"_s << false
        << u"DELETE FROM pet WHERE id = 3"_s;
    QTest::newRow("columns built in a list")
        << u"cols = [sa.Column(n, sa.Integer()) for n in ('a', 'b')]\nop.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), *cols)"_s
        << u"sqlite"_s << false << u"CREATE TABLE t (\n\tid INTEGER NOT NULL, \n\ta INTEGER, \n\tb INTEGER, \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("batch block with a loop")
        << u"with op.batch_alter_table('pet') as batch_op:\n    for c in ('a', 'b'):\n        batch_op.drop_column(c)"_s
        << u"postgresql"_s << false << u"ALTER TABLE pet DROP COLUMN a; ALTER TABLE pet DROP COLUMN b"_s;
    QTest::newRow("batch_op.f names by the convention as op.f")
        << u"with op.batch_alter_table('pet') as batch_op:\n    batch_op.create_index(batch_op.f('ix_pet_name'), ['name'])"_s
        << u"postgresql"_s << false << u"CREATE INDEX ix_pet_name ON pet (name)"_s;
    QTest::newRow("update with a comparison")
        << u"t = sa.table('pet', sa.column('id', sa.Integer), sa.column('name', sa.String))\n"
           "op.execute(t.update().where(t.c.id == 5).values(name='x'))"_s
        << u"sqlite"_s << true << u"UPDATE pet SET name='x' WHERE pet.id = 5"_s;
    QTest::newRow("offline bind.execute writes the statement")
        << u"bind = op.get_bind()\nbind.execute(sa.text('UPDATE t SET a = 1'))"_s << u"sqlite"_s << true
        << u"UPDATE t SET a = 1"_s;
    QTest::newRow("an unused application import")
        << u"op.drop_table('t')"_s << u"sqlite"_s << false << u"DROP TABLE t"_s;
    QTest::newRow("try and raise caught")
        << u"try:\n    raise ValueError('no')\nexcept ValueError:\n    op.drop_table('t')"_s << u"sqlite"_s << false
        << u"DROP TABLE t"_s;
}

void TestScriptEvaluator::operations()
{
    QFETCH(QString, body);
    QFETCH(QString, dialect);
    QFETCH(bool, offline);
    QFETCH(QString, expected);
    auto result = ScriptEvaluator::evaluate(script(body), u"s.py"_s, context(dialect, offline));
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QVERIFY(result->bodiesParsed);
    QCOMPARE(result->revision, u"c0ffee000001"_s);
    QCOMPARE(rendered(result->upgrade, dialect), expected);
}

void TestScriptEvaluator::refused_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("offline");
    QTest::addColumn<QString>("expected");

    QTest::newRow("an application value used")
        << u"op.execute(helpers.VIEW_SQL)"_s << false
        << u"s.py:15:5: this needs 'myapp.models.helpers.VIEW_SQL' (imported at line 8), which petmigrate cannot import"_s;
    QTest::newRow("a Python error, located")
        << u"x = {}\nop.drop_table(x['missing'])"_s << false << u"s.py:16:19: KeyError: 'missing'"_s;
    QTest::newRow("the reader's wording for a bad argument")
        << u"op.drop_table('t', cascade=True)"_s << false << u"s.py:15:5: unsupported argument 'cascade' to op.drop_table()"_s;
    QTest::newRow("a raise in the body")
        << u"raise NotImplementedError('irreversible')"_s << false
        << u"s.py:15:5: NotImplementedError: irreversible"_s;
    QTest::newRow("rows read online")
        << u"rows = op.get_bind().execute(sa.text('SELECT 1')).fetchall()"_s << false
        << u"s.py:15:12: op.get_bind().execute() is not supported online yet: petmigrate reads a script's body "
           "before the run, so the statement and its rows cannot join the migration"_s;
    QTest::newRow("rows read offline fail as in Alembic")
        << u"rows = op.get_bind().execute(sa.text('SELECT 1')).fetchall()"_s << true
        << u"s.py:15:12: AttributeError: 'NoneType' object has no attribute 'fetchall'"_s;
    // The script's own words: `sa.Foo` where it wrote sa.Foo, never the
    // sqlalchemy.Foo it resolves to.
    QTest::newRow("an unknown type as written")
        << u"op.add_column('t', sa.Column('x', sa.Foo()))"_s << false << u"s.py:15:39: unknown column type sa.Foo"_s;
    QTest::newRow("a nested attribute as written")
        << u"op.add_column('t', sa.Column('x', sa.Integer(), server_default=sa.sql.nothing()))"_s << false
        << u"s.py:15:68: unsupported SQL expression sa.sql.nothing()"_s;
    QTest::newRow("spaces around the dot are not the script's name")
        << u"op.add_column('t', sa.Column('x', sa . Foo()))"_s << false << u"s.py:15:39: unknown column type sa.Foo"_s;
    QTest::newRow("a value kept in a local, named where it was made")
        << u"x = sa.Nope\nop.create_table('t', sa.Column('x', x))"_s << false << u"s.py:15:9: unknown column type sa.Nope"_s;
    QTest::newRow("a bad argument to sa.X()")
        << u"op.create_table('t', sa.Column('x', sa.Integer, sa.ForeignKey('a.b', bogus=1)))"_s << false
        << u"s.py:15:53: unsupported argument 'bogus' to sa.ForeignKey()"_s;
    QTest::newRow("a name imported from sqlalchemy")
        << u"from sqlalchemy import Column as C\nop.create_table('t', C('x', sa.Integer, bogus=1))"_s << false
        << u"s.py:16:26: unsupported argument 'bogus' to C()"_s;
    QTest::newRow("a dialect module under its alias")
        << u"import sqlalchemy.dialects.postgresql as pg\nop.add_column('t', sa.Column('x', pg.ARRAY))"_s << false
        << u"s.py:16:39: pg.ARRAY needs an item type: pg.ARRAY(sa.Integer)"_s;
    QTest::newRow("a missing dialect name keeps Python's wording")
        << u"op.add_column('t', sa.Column('x', postgresql.NOPE()))"_s << false
        << u"s.py:15:39: AttributeError: module 'sqlalchemy.dialects.postgresql' has no attribute 'NOPE'"_s;
    QTest::newRow("a runaway loop")
        << u"while True:\n    pass"_s << false << QString();
}

void TestScriptEvaluator::refused()
{
    QFETCH(QString, body);
    QFETCH(bool, offline);
    QFETCH(QString, expected);
    auto result = ScriptEvaluator::evaluate(script(body), u"s.py"_s, context(u"sqlite"_s, offline));
    // A body's error is that body's: the script and its downgrade() still read.
    QVERIFY2(result, qPrintable(failureOf(result)));
    QVERIFY(result->body(false));
    const QString failure = failureOf(result);
    QVERIFY2(!failure.isEmpty(), "the script was accepted");
    if (expected.isEmpty()) {
        // The step budget's own wording belongs to core/python: located is what counts here.
        QVERIFY2(failure.startsWith(u"s.py:1"_s), qPrintable(failure));
        return;
    }
    QCOMPARE(failure, expected);
}

void TestScriptEvaluator::moduleLevel()
{
    // Module-level constants and helpers, as real projects write them.
    const QString source = uR"("""x"""
from alembic import op
import sqlalchemy as sa

revision = 'r1'
down_revision = None
TABLES = ('a', 'b')


def _add(table):
    op.add_column(table, sa.Column('flag', sa.Boolean(), server_default=sa.false(), nullable=False))


def upgrade():
    for t in TABLES:
        _add(t)


def downgrade():
    for t in reversed(TABLES):
        op.drop_column(t, 'flag')
)"_s;
    auto result = ScriptEvaluator::evaluate(source, u"m.py"_s, context(u"postgresql"_s, true));
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(rendered(result->upgrade, u"postgresql"_s),
             u"ALTER TABLE a ADD COLUMN flag BOOLEAN DEFAULT false NOT NULL; "
             "ALTER TABLE b ADD COLUMN flag BOOLEAN DEFAULT false NOT NULL"_s);
    QCOMPARE(rendered(result->downgrade, u"postgresql"_s), u"ALTER TABLE b DROP COLUMN flag; ALTER TABLE a DROP COLUMN flag"_s);
}

void TestScriptEvaluator::fallbackFromParser()
{
    // ScriptParser runs what its statement reader refuses, with its options' dialect and mode.
    ScriptParser::Options options;
    options.dialect = u"postgresql"_s;
    options.offline = true;
    auto result = ScriptParser(options).parse(
        script(u"if op.get_bind().dialect.name == 'postgresql':\n    op.drop_table('pg_only')"_s), u"s.py"_s);
    if (!result)
        QFAIL(qPrintable(result.error().toString()));
    QCOMPARE(rendered(result->upgrade, u"postgresql"_s), u"DROP TABLE pg_only"_s);
    // An error of the evaluated body is the script's, located.
    auto bad = ScriptParser(options).parse(script(u"op.execute(helpers.SQL)"_s), u"s.py"_s);
    QCOMPARE(failureOf(bad),
             u"s.py:15:5: this needs 'myapp.models.helpers.SQL' (imported at line 8), which petmigrate cannot import"_s);
}

QTEST_GUILESS_MAIN(TestScriptEvaluator)
#include "tst_scriptevaluator.moc"
