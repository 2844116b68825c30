// ScriptValidator: the editor's text parsed after a pause in typing, the
// parser's error put at its line and column.
#include <QSignalSpy>
#include <QTest>

#include "script/scriptparser.h"
#include "ui/scripteditor.h"
#include "ui/scriptvalidator.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

const QString Valid = uR"("""add age

Revision ID: b1
Revises: a1
Create Date: 2026-11-25 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


revision = 'b1'
down_revision = 'a1'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('pet', sa.Column('age', sa.Integer(), nullable=True))


def downgrade() -> None:
    op.drop_column('pet', 'age')
)"_s;

ScriptValidator::Parse parser()
{
    // As MigrationController::parseScript: a body's error is the script's in the editor.
    return [](const QString &text) -> Result<MigrationScript> {
        auto parsed = ScriptParser().parse(text, u"versions/b1_add_age.py"_s);
        if (!parsed)
            return parsed;
        for (const bool up : {true, false}) {
            if (auto body = parsed->body(up); !body)
                return std::unexpected(body.error());
        }
        return parsed;
    };
}

} // namespace

class TestScriptValidator final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorsAtTheirPlace_data();
    void errorsAtTheirPlace();
    void parsesOncePerBurstOfTyping();
    void noParserMeansNothingToCheck();
};

void TestScriptValidator::errorsAtTheirPlace_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("line");   // 1-based; 0: parses
    QTest::addColumn<int>("column"); // 1-based, where ScriptParser puts it
    QTest::addColumn<QString>("message");
    QTest::newRow("valid") << Valid << 0 << 0 << QString();
    QTest::newRow("unknown op") << QString(Valid).replace(u"op.add_column"_s, u"op.add_colum"_s) << 19 << 5
                                << u"add_colum"_s;
    QTest::newRow("unclosed bracket") << QString(Valid).replace(u"nullable=True))"_s, u"nullable=True)"_s) << 19 << 18
                                      << u"("_s;
    QTest::newRow("a loop") << QString(Valid).replace(u"    op.drop_column"_s, u"    for x in y:\n        pass\n    op.drop_column"_s)
                            << 23 << 14 << u"name 'y' is not defined"_s; // the loop runs; y is nothing
    QTest::newRow("unknown sa type") << QString(Valid).replace(u"sa.Integer()"_s, u"sa.Integr()"_s) << 19 << 43
                                     << u"Integr"_s;
}

void TestScriptValidator::errorsAtTheirPlace()
{
    QFETCH(QString, text);
    QFETCH(int, line);
    QFETCH(int, column);
    QFETCH(QString, message);
    ScriptEditor editor;
    editor.setLanguage(ScriptEditor::Language::Python);
    ScriptValidator validator(&editor);
    editor.setScript(text);
    validator.setParser(parser());
    if (line == 0) {
        QVERIFY2(validator.isValid(), qPrintable(validator.problem()));
        QVERIFY(validator.script());
        QCOMPARE(validator.script()->revision, u"b1"_s);
        QCOMPARE(validator.script()->upgrade.size(), 1);
        QVERIFY(!editor.hasError());
        return;
    }
    QVERIFY(!validator.isValid());
    QVERIFY(!validator.script());
    // The editor marks the line (0-based there); the problem says where.
    QCOMPARE(editor.errorLine(), line - 1);
    const QString problem = validator.problem();
    QVERIFY2(problem.startsWith(u"%1:"_s.arg(line)), qPrintable(problem));
    QVERIFY2(problem.contains(message), qPrintable(problem));
    QCOMPARE(problem.section(u':', 1, 1).toInt(), column);
}

void TestScriptValidator::parsesOncePerBurstOfTyping()
{
    ScriptEditor editor;
    editor.setScript(Valid);
    editor.setEditable(true);
    ScriptValidator validator(&editor);
    validator.setParser(parser());
    QSignalSpy validated(&validator, &ScriptValidator::validated);
    QVERIFY(validator.isValid());

    // A typo and its fix, typed faster than the pause: one parse, valid.
    editor.setCursorPosition(18, 4); // before op.add_column
    QTest::keyClicks(editor.viewport(), u"x"_s);
    QTest::keyClick(editor.viewport(), Qt::Key_Backspace);
    QCOMPARE(validated.count(), 0);
    QTRY_COMPARE(validated.count(), 1);
    QVERIFY(validated.first().at(0).toBool());
    QTest::qWait(ScriptValidator::PauseMs * 2);
    QCOMPARE(validated.count(), 1);

    // A typo left in place: invalid after the pause, with the editor marked.
    QTest::keyClicks(editor.viewport(), u"x"_s);
    QTRY_COMPARE(validated.count(), 2);
    QVERIFY(!validated.last().at(0).toBool());
    QVERIFY(editor.hasError());
    QCOMPARE(editor.errorLine(), 18);
}

void TestScriptValidator::noParserMeansNothingToCheck()
{
    ScriptEditor editor;
    editor.setScript(u"def upgrade(:\n"_s);
    ScriptValidator validator(&editor);
    validator.setParser(parser());
    QVERIFY(!validator.isValid());
    validator.setParser({});
    QVERIFY(validator.isValid());
    QVERIFY(!editor.hasError());
    QVERIFY(validator.problem().isEmpty());
}

QTEST_MAIN(TestScriptValidator)
#include "tst_scriptvalidator.moc"
