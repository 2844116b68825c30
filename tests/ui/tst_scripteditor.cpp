#include <Qsci/qscilexer.h>

#include <QAction>
#include <QSignalSpy>
#include <QTest>

#include "ui/scripteditor.h"

using namespace Qt::StringLiterals;
using pm::ScriptEditor;

namespace {
const QString Script = u"def upgrade() -> None:\n"
                       "    with op.batch_alter_table('user') as batch_op:\n"
                       "        batch_op.drop_column('age')\n"
                       "\n"
                       "def downgrade() -> None:\n"
                       "    pass\n"_s;
}

class TestScriptEditor final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readOnlyByDefaultAndSaysSo();
    void editToggle();
    void languages_data();
    void languages();
    void marksDestructiveSteps();
    void showsParseErrors();
    void followsThePalette();
    void renders();
};

void TestScriptEditor::readOnlyByDefaultAndSaysSo()
{
    ScriptEditor editor;
    editor.setScript(Script);
    editor.show();
    QVERIFY(QTest::qWaitForWindowExposed(&editor));
    QVERIFY(editor.isReadOnly());
    QCOMPARE(editor.badgeText(), u"read-only"_s);
    QTest::keyClicks(editor.viewport(), u"xyz"_s);
    QCOMPARE(editor.text(), Script);
    // The read-only paper differs from the editable one: the visible cue.
    const QColor readOnlyPaper = editor.paper();
    editor.setEditable(true);
    QVERIFY(editor.paper() != readOnlyPaper);
}

void TestScriptEditor::editToggle()
{
    ScriptEditor editor;
    editor.setScript(Script);
    QSignalSpy toggled(&editor, &ScriptEditor::editableChanged);
    editor.editAction()->trigger();
    QCOMPARE(toggled.count(), 1);
    QVERIFY(!editor.isReadOnly());
    QCOMPARE(editor.badgeText(), u"editing"_s);
    editor.editAction()->trigger();
    QCOMPARE(toggled.count(), 2);
    QVERIFY(editor.isReadOnly());
    editor.setEditingAllowed(false);
    QVERIFY(!editor.editAction()->isEnabled());
}

void TestScriptEditor::languages_data()
{
    QTest::addColumn<ScriptEditor::Language>("language");
    QTest::addColumn<QString>("lexer");
    QTest::newRow("python") << ScriptEditor::Language::Python << u"Python"_s;
    QTest::newRow("sql") << ScriptEditor::Language::Sql << u"SQL"_s;
    QTest::newRow("plain") << ScriptEditor::Language::Plain << QString();
}

void TestScriptEditor::languages()
{
    QFETCH(ScriptEditor::Language, language);
    QFETCH(QString, lexer);
    ScriptEditor editor;
    editor.setLanguage(language);
    QCOMPARE(editor.language(), language);
    QCOMPARE(editor.lexer() ? QString::fromLatin1(editor.lexer()->language()) : QString(), lexer);
    // setLexer() resets the paper; the editor puts the palette's back.
    if (editor.lexer())
        QCOMPARE(editor.lexer()->paper(0), editor.lexer()->defaultPaper());
    QVERIFY(editor.marginLineNumbers(0));
}

void TestScriptEditor::marksDestructiveSteps()
{
    ScriptEditor editor;
    editor.setLanguage(ScriptEditor::Language::Python);
    editor.setScript(Script);
    editor.markDestructive(2, u"drops column user.age (3 rows have a value)"_s);
    QVERIFY(editor.isMarkedDestructive(2));
    QVERIFY(!editor.isMarkedDestructive(1));
    QCOMPARE(editor.destructiveLines(), QList<int>{2});
    QCOMPARE(editor.markTooltip(2), u"drops column user.age (3 rows have a value)"_s);
    QVERIFY(editor.annotation(2).contains(u"drops column user.age"_s));
    editor.clearDestructiveMarks();
    QVERIFY(!editor.isMarkedDestructive(2));
    QVERIFY(editor.annotation(2).isEmpty());
    // New text: no stale marks.
    editor.markDestructive(0, u"x"_s);
    editor.setScript(Script);
    QVERIFY(editor.destructiveLines().isEmpty());
}

void TestScriptEditor::showsParseErrors()
{
    ScriptEditor editor;
    editor.setLanguage(ScriptEditor::Language::Python);
    editor.setScript(Script);
    editor.showError(3, 9, u"op.get_bind() is not supported"_s);
    QVERIFY(editor.hasError());
    QCOMPARE(editor.errorLine(), 2);
    QVERIFY(editor.annotation(2).contains(u"3:9: op.get_bind() is not supported"_s));
    editor.clearError();
    QVERIFY(!editor.hasError());
    QVERIFY(editor.annotation(2).isEmpty());
}

void TestScriptEditor::followsThePalette()
{
    ScriptEditor editor;
    editor.setLanguage(ScriptEditor::Language::Python);
    editor.setEditable(true);
    QPalette dark;
    dark.setColor(QPalette::Base, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Window, QColor(0x30, 0x30, 0x30));
    dark.setColor(QPalette::Text, QColor(0xee, 0xee, 0xee));
    editor.setPalette(dark);
    // With a lexer, the lexer's styles carry the paper.
    QCOMPARE(editor.lexer()->paper(0), QColor(0x20, 0x20, 0x20));
    QCOMPARE(editor.lexer()->defaultPaper(), QColor(0x20, 0x20, 0x20));
    // Keywords stay readable on a dark paper.
    QVERIFY(editor.lexer()->color(5).lightness() >= 128);
}

void TestScriptEditor::renders()
{
    ScriptEditor editor;
    editor.resize(500, 200);
    editor.setLanguage(ScriptEditor::Language::Python);
    editor.setScript(Script);
    editor.markDestructive(2, u"drops column user.age"_s);
    const QPixmap pixmap = editor.grab();
    QVERIFY(!pixmap.isNull());
    QCOMPARE(pixmap.size(), QSize(500, 200));
}

QTEST_MAIN(TestScriptEditor)
#include "tst_scripteditor.moc"
