// ScriptParser::parseUtf8() reads the statements before the first def from
// the bytes (readScriptPreamble) and tokenizes only the rest: it must give
// exactly what parse() gives over the whole file, the script or the error
// (file:line:col and sentence). Checked on scripts as Alembic writes them
// and on thousands of mutations of them.
#include <QRandomGenerator>
#include <QTest>

#include "scriptdescribe.h"
#include "scriptmutation.h"
#include "script/scriptparser.h"
#include "script/scriptpreamble.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

QByteArray templateScript(const QByteArray &rev, const QByteArray &down, const QByteArray &labels,
                          const QByteArray &deps, const QByteArray &upgrade, const QByteArray &downgrade)
{
    return "\"\"\"add pet owner \xc3\xa9\n\nRevision ID: " + rev + "\nRevises: \nCreate Date: 2024-06-01\n\n"
           "\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n\n# revision identifiers, used by Alembic.\n"
           "revision = '" + rev + "'\ndown_revision = " + down + "\nbranch_labels = " + labels + "\ndepends_on = "
        + deps + "\n\n\ndef upgrade() -> None:\n" + upgrade + "\n\ndef downgrade() -> None:\n" + downgrade;
}

QList<QByteArray> baseScripts()
{
    const QByteArray table = "    op.create_table('pet',\n    sa.Column('id', sa.Integer(), nullable=False),\n"
                             "    sa.Column('name', sa.String(length=30), nullable=True),\n"
                             "    sa.PrimaryKeyConstraint('id', name=op.f('pk_pet'))\n    )\n"
                             "    with op.batch_alter_table(\"pet\", schema=None) as batch_op:\n"
                             "        batch_op.create_index(batch_op.f('ix_pet_name'), ['name'], unique=False)\n";
    const QByteArray drop = "    op.drop_table('pet')\n";
    return {
        templateScript("1975ea83b712", "None", "None", "None", table, drop),
        templateScript("ae1027a6acf", "'1975ea83b712'", "('feature',)", "None", "    pass\n", "    pass\n"),
        templateScript("27c6a30d7c24", "('ae1027a6acf', 'b7c2')", "('x')", "['1975ea83b712', 'feat']",
                       "    op.add_column('pet', sa.Column('age', sa.Integer()))  # comment (\n", drop),
        templateScript("b7c2", "\"ae1027a6acf\"", "'core'", "()", "\tpass\n", "    t = 'pet'\n    op.drop_table(t)\n"),
        "\"\"\"r\"\"\"\nimport sqlalchemy as sa, sqlmodel.sql.sqltypes\nfrom sqlalchemy.dialects import sqlite as lite, "
        "postgresql\nfrom typing import Sequence, Union\nimport sqlmodel\nfrom alembic import op as o\n\nrevision = 'x1'\n"
        "down_revision = None\ndef upgrade():\n    o.execute(\"x\"\n        \"y\")\n# trailing\ndef downgrade():\n  pass",
        "# no docstring\nrevision = \"\xc3\xa9\x31\"\ndown_revision = ['a',]\nimport sqlalchemy\nfrom alembic import op\n\n"
        "def upgrade():\n    op.drop_table(sqlalchemy.text('x'))\nrevision = 'again'\n",
        "from alembic import op\nimport sqlalchemy as sa\nrevision = 'r'\n\ndef upgrade():\n    op.create_table('t',\n"
        "sa.Column('id', sa.Integer()),\n)\n    op.execute('''\ndown_revision = 'no'\n''')\n\ndown_revision = 'q'\n"
        "depends_on = ('x',)\ndef downgrade():\n    for t in ['a']:\n        op.drop_table(t)\n",
    };
}

QString describe(const Result<MigrationScript> &r)
{
    return test::describeScript(r);
}

} // namespace

class tst_ScriptPreamble : public QObject
{
    Q_OBJECT

private slots:
    void readsWhatAlembicWrites();
    void sameAsWholeFile();
};

void tst_ScriptPreamble::readsWhatAlembicWrites()
{
    for (const QByteArray &source : baseScripts()) {
        const auto preamble = readScriptPreamble(source);
        QVERIFY2(preamble.has_value(), source.left(200).constData());
        QCOMPARE(describe(ScriptParser().parseUtf8(source, u"s.py"_s)),
                 describe(ScriptParser().parse(QString::fromUtf8(source), u"s.py"_s)));
    }
}

void tst_ScriptPreamble::sameAsWholeFile()
{
    using Bodies = ScriptParser::Options::Bodies;
    QRandomGenerator rng(20261207);
    int read = 0;
    int declined = 0;
    int variants = 0;
    for (const Bodies bodies : {Bodies::Both, Bodies::UpgradeOnly, Bodies::DowngradeOnly}) {
        ScriptParser::Options options;
        options.bodies = bodies;
        const ScriptParser parser(options);
        for (const QByteArray &base : baseScripts()) {
            for (int i = 0; i < 700; ++i) {
                const QByteArray source = i == 0 ? base : pm::test::mutateWithBodies(base, rng);
                ++variants;
                const std::optional<ScriptPreamble> preamble = readScriptPreamble(source);
                if (preamble)
                    ++read;
                else
                    ++declined;
                const QString fast = describe(parser.parseUtf8(source, u"s.py"_s));
                const QString whole = describe(parser.parse(QString::fromUtf8(source), u"s.py"_s));
                if (fast != whole)
                    QFAIL(qPrintable(u"read differently:\n%1\n--- whole file:\n%2\n--- preamble first:\n%3"_s.arg(
                        QString::fromUtf8(source), whole, fast)));
                // The preamble handed in, as the script directory hands in
                // the skim's: the parse starts from it, not from the bytes.
                if (preamble) {
                    const QString known = describe(parser.parseUtf8(source, u"s.py"_s, &*preamble));
                    if (known != whole)
                        QFAIL(qPrintable(u"read differently:\n%1\n--- whole file:\n%2\n--- preamble known:\n%3"_s.arg(
                            QString::fromUtf8(source), whole, known)));
                }
            }
        }
    }
    qInfo("%d mutated scripts: %d with a preamble read from the bytes, %d declined", variants, read, declined);
    // Both outcomes must be exercised for the check to mean something.
    QVERIFY(read > variants / 4);
    QVERIFY(declined > variants / 10);
}

QTEST_APPLESS_MAIN(tst_ScriptPreamble)
#include "tst_scriptpreamble.moc"
