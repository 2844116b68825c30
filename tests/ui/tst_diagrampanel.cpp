// The Schema tab on its own: what it shows, finding a table, zoom and fit,
// the change list and the canvas selecting each other, export to SVG and
// PNG (kept under the build tree as artifacts to look at).
#include <QAbstractItemModelTester>
#include <QAction>
#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeView>

#include "dialect/dialect.h"
#include "dialect/sqlsplitter.h"
#include "diagram/schemachange.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/planreport.h"
#include "script/scriptparser.h"
#include "ui/diagrampanel.h"
#include "ui/schemascene.h"
#include "ui/schemaview.h"
#include "ui/tablecarditem.h"

#include "../core/diagram/changefixture.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

const QString Draft = uR"(op.drop_table('visit')
with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('species', sa.String(length=40), nullable=True))
    batch_op.alter_column('owner_id', existing_type=sa.INTEGER(), nullable=False)
    batch_op.alter_column('weight', existing_type=sa.FLOAT(), type_=sa.Numeric(precision=10, scale=2))
    batch_op.drop_column('age')
op.create_index(op.f('ix_user_name'), 'user', ['name'], unique=False))"_s;

QString artifacts()
{
    const QString dir = QStringLiteral(PM_BINARY_DIR) + u"/tests/ui/artifacts"_s;
    QDir().mkpath(dir);
    return dir;
}

} // namespace

class TestDiagramPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void showsASchema();
    void showsAChange();
    void findsATable_data();
    void findsATable();
    void zoomAndFit();
    void rowSelectsElementAndLine();
    void elementSelectsRow();
    void lineSelectsRowAndElement();
    void problemInsteadOfADiagram();
    void exportsSvgAndPng();
    void exportNeedsADiagram();

private:
    SchemaChange draft(const QString &upgrade);

    QTemporaryDir m_dir;
    std::optional<DatabaseConnection> m_db;
    std::unique_ptr<DiagramPanel> m_panel;
};

void TestDiagramPanel::initTestCase()
{
    auto db = DatabaseConnection::openSqliteFile(m_dir.filePath(u"demo.db"_s));
    QVERIFY(db);
    m_db.emplace(std::move(*db));
    const auto statements = SqlSplitter::split(test::DemoSchema + test::DemoRows);
    QVERIFY(statements);
    for (const QString &sql : *statements)
        QVERIFY(m_db->exec(sql));
}

void TestDiagramPanel::init()
{
    m_panel = std::make_unique<DiagramPanel>();
    m_panel->resize(1200, 700);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
}

SchemaChange TestDiagramPanel::draft(const QString &upgrade)
{
    const auto parsed = ScriptParser().parse(test::script(upgrade), u"versions/1a2b3c4d5e6f_a_change.py"_s);
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().toString()));
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    auto change = computeSchemaChange(*reflectDatabase(m_db->database()),
                                      {ChangeStep{u"draft"_s, parsed->revision, parsed->upgrade}}, *dialect);
    if (!change)
        qFatal("%s", qPrintable(change.error().toString()));
    if (const auto report = buildScriptReport(*m_db, *dialect, u"alembic_version"_s, *parsed))
        pinImpacts(*change, *report);
    return *change;
}

void TestDiagramPanel::showsASchema()
{
    m_panel->showSchema(SchemaDiagram::ofSchema(*reflectDatabase(m_db->database())), u"Schema of demo.db"_s);
    QCOMPARE(m_panel->title(), u"Schema of demo.db"_s);
    QCOMPARE(m_panel->scene()->cards().size(), 3);
    QCOMPARE(m_panel->changeList()->rowCount(), 0);
    QVERIFY(m_panel->legend().contains(u"primary key"_s));
    QVERIFY(!m_panel->change());
    QCOMPARE(m_panel->subject(), DiagramPanel::Subject::Database);
}

void TestDiagramPanel::showsAChange()
{
    QAbstractItemModelTester tester(m_panel->changeList(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    m_panel->showChange(draft(Draft), u"New revision"_s);
    QVERIFY(m_panel->change());
    QCOMPARE(m_panel->changeList()->rowCount(), 3);
    // The tree shows the batch block's operations.
    QVERIFY(m_panel->changeListView()->isExpanded(m_panel->changeList()->index(1, 0)));
    QVERIFY(m_panel->legend().contains(u"removed (struck through)"_s));
    QVERIFY(m_panel->legend().contains(u"will fail"_s));
    QCOMPARE(m_panel->scene()->cards().size(), 3);
    // Keep a picture to look at, light and dark.
    QVERIFY(m_panel->grab().save(artifacts() + u"/diagrampanel-change.png"_s));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::WindowText, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::Text, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Button, QColor(0x2b, 0x2d, 0x30));
    dark.setColor(QPalette::ButtonText, QColor(0xdf, 0xe1, 0xe5));
    dark.setColor(QPalette::Highlight, QColor(0x35, 0x74, 0xf0));
    m_panel->setPalette(dark);
    QVERIFY(m_panel->scene()->style().dark);
    QVERIFY(m_panel->grab().save(artifacts() + u"/diagrampanel-change-dark.png"_s));
}

void TestDiagramPanel::findsATable_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("found"); // empty: nothing
    QTest::newRow("exact") << u"pet"_s << u"pet"_s;
    QTest::newRow("any case") << u"VISIT"_s << u"visit"_s;
    QTest::newRow("unique prefix") << u"us"_s << u"user"_s;
    QTest::newRow("unique part") << u"isi"_s << u"visit"_s;
    QTest::newRow("no such table") << u"owner"_s << QString();
    QTest::newRow("ambiguous part") << u"e"_s << QString();
}

void TestDiagramPanel::findsATable()
{
    QFETCH(QString, typed);
    QFETCH(QString, found);
    m_panel->showSchema(SchemaDiagram::ofSchema(*reflectDatabase(m_db->database())), u"Schema"_s);
    m_panel->focusFind();
    QTRY_VERIFY(m_panel->findField()->hasFocus());
    QTest::keyClicks(m_panel->findField(), typed);
    QTest::keyClick(m_panel->findField(), Qt::Key_Return);
    if (found.isEmpty()) {
        QVERIFY(m_panel->scene()->selectedElement().table.isEmpty());
        QVERIFY(m_panel->findField()->toolTip().contains(typed));
        return;
    }
    QCOMPARE(m_panel->scene()->selectedElement(), SchemaElementRef::ofTable(found));
    TableCardItem *card = m_panel->scene()->card(found);
    QCOMPARE(card->selectedRow(), 0);
    // Brought into view, readable.
    QVERIFY(m_panel->view()->zoom() >= 0.8);
    const QRectF visible = m_panel->view()->mapToScene(m_panel->view()->viewport()->rect()).boundingRect();
    QVERIFY(visible.intersects(card->sceneBoundingRect()));
}

void TestDiagramPanel::zoomAndFit()
{
    m_panel->showChange(draft(Draft), u"New revision"_s);
    SchemaView *view = m_panel->view();
    view->setFocus();
    const qreal fitted = view->zoom();
    QTest::keyClick(view, Qt::Key_Equal, Qt::ControlModifier);
    QVERIFY(view->zoom() > fitted);
    QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
    QTest::keyClick(view, Qt::Key_Minus, Qt::ControlModifier);
    QVERIFY(view->zoom() < fitted);
    QTest::keyClick(view, Qt::Key_0, Qt::ControlModifier);
    QCOMPARE(view->zoom(), fitted);
    // Fitted: every card is in view.
    const QRectF visible = view->mapToScene(view->viewport()->rect()).boundingRect();
    for (const TableCardItem *card : m_panel->scene()->cards())
        QVERIFY(visible.contains(card->sceneBoundingRect()));
    // Ctrl+wheel zooms about the pointer.
    const QPoint centre = view->viewport()->rect().center();
    QWheelEvent wheel(centre, view->viewport()->mapToGlobal(centre), {}, QPoint(0, 240), Qt::NoButton,
                      Qt::ControlModifier, Qt::NoScrollPhase, false);
    QApplication::sendEvent(view->viewport(), &wheel);
    QVERIFY(view->zoom() > fitted);
}

void TestDiagramPanel::rowSelectsElementAndLine()
{
    m_panel->showChange(draft(Draft), u"New revision"_s);
    QSignalSpy lines(m_panel.get(), &DiagramPanel::lineActivated);
    const QModelIndex batch = m_panel->changeList()->index(1, 0);
    const QModelIndex dropAge = m_panel->changeList()->index(3, 0, batch);
    QCOMPARE(dropAge.data().toString(), u"drop column pet.age"_s);
    m_panel->changeListView()->setCurrentIndex(dropAge);
    QCOMPARE(m_panel->scene()->selectedElement(), SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));
    QCOMPARE(lines.size(), 1);
    QCOMPARE(lines.at(0).at(0).toInt(), dropAge.data(ChangeListModel::LineRole).toInt());
    // A table-level row selects the table.
    m_panel->changeListView()->setCurrentIndex(m_panel->changeList()->index(0, 0));
    QCOMPARE(m_panel->scene()->selectedElement(), SchemaElementRef::ofTable(u"visit"_s));
    QCOMPARE(m_panel->scene()->card(u"visit"_s)->selectedRow(), 0);
}

void TestDiagramPanel::elementSelectsRow()
{
    m_panel->showChange(draft(Draft), u"New revision"_s);
    QSignalSpy lines(m_panel.get(), &DiagramPanel::lineActivated);
    TableCardItem *pet = m_panel->scene()->card(u"pet"_s);
    const int row = pet->rowOf(SchemaElementRef::ofColumn(u"pet"_s, u"owner_id"_s));
    m_panel->view()->setZoom(1);
    const auto &r = pet->rows().at(row);
    const QPointF at = pet->scenePos() + QPointF(30, r.y + r.height / 2);
    m_panel->view()->centerOn(at);
    QTest::mouseClick(m_panel->view()->viewport(), Qt::LeftButton, {}, m_panel->view()->mapFromScene(at));
    const QModelIndex current = m_panel->changeListView()->currentIndex();
    QCOMPARE(current.data().toString(), u"alter column pet.owner_id: NOT NULL"_s);
    QCOMPARE(lines.size(), 1);
    // An element no operation touches leaves the list alone.
    const int id = pet->rowOf(SchemaElementRef::ofColumn(u"pet"_s, u"id"_s));
    const QPointF idAt = pet->scenePos() + QPointF(30, pet->rows().at(id).y + 5);
    QTest::mouseClick(m_panel->view()->viewport(), Qt::LeftButton, {}, m_panel->view()->mapFromScene(idAt));
    QCOMPARE(m_panel->changeListView()->currentIndex(), current);
    QCOMPARE(m_panel->scene()->selectedElement(), SchemaElementRef::ofColumn(u"pet"_s, u"id"_s));
}

void TestDiagramPanel::lineSelectsRowAndElement()
{
    const SchemaChange change = draft(Draft);
    m_panel->showChange(change, u"New revision"_s);
    QSignalSpy lines(m_panel.get(), &DiagramPanel::lineActivated);
    const int createIndexLine = change.operations.at(0).at(2).location.line;
    m_panel->selectLine(createIndexLine);
    QCOMPARE(m_panel->changeListView()->currentIndex().data().toString(), u"create index ix_user_name on user (name)"_s);
    QCOMPARE(m_panel->scene()->selectedElement(), SchemaElementRef::ofIndex(u"user"_s, u"ix_user_name"_s));
    // The editor moved it there; it is not told back.
    QCOMPARE(lines.size(), 0);
}

void TestDiagramPanel::problemInsteadOfADiagram()
{
    m_panel->showChange(draft(Draft), u"New revision"_s);
    m_panel->showProblem(u"New revision"_s, u"versions/x.py:12:5: invalid syntax"_s);
    QCOMPARE(m_panel->scene()->cards().size(), 0);
    QCOMPARE(m_panel->scene()->message(), u"versions/x.py:12:5: invalid syntax"_s);
    QCOMPARE(m_panel->changeList()->rowCount(), 0);
    QVERIFY(!m_panel->change());
}

void TestDiagramPanel::exportsSvgAndPng()
{
    m_panel->showChange(draft(Draft), u"New revision 1a2b3c4d5e6f"_s);
    const QString svg = artifacts() + u"/diagram.svg"_s;
    const QString png = artifacts() + u"/diagram.png"_s;
    QFile::remove(svg);
    QFile::remove(png);
    QVERIFY(m_panel->exportTo(svg));
    QVERIFY(m_panel->exportTo(png));

    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QVERIFY(text.startsWith(u"<?xml"_s));
    QVERIFY(text.contains(u"<svg"_s));
    QVERIFY(text.contains(u"<title>New revision 1a2b3c4d5e6f</title>"_s));
    // Text stays text in the SVG: every table, the ghost's findings.
    for (const QString &word : {u"visit"_s, u"owner_id"_s, u"DROPPED"_s, u"REBUILT"_s})
        QVERIFY2(text.contains(word), qPrintable(word));

    QImageReader reader(png);
    const QImage image = reader.read();
    QVERIFY(!image.isNull());
    const QSizeF diagram = m_panel->scene()->diagramRect().size();
    QCOMPARE(image.width(), qRound(diagram.width() * 2));
    QCOMPARE(image.text(u"Title"_s), u"New revision 1a2b3c4d5e6f"_s);
    // The canvas colour at the corner: the picture is the diagram's.
    QCOMPARE(image.pixel(2, 2), m_panel->scene()->style().canvas.rgb());

    const Status wrong = m_panel->exportTo(artifacts() + u"/diagram.jpg"_s);
    QVERIFY(!wrong);
    QVERIFY(wrong.error().message.contains(u".svg or .png"_s));
}

void TestDiagramPanel::exportNeedsADiagram()
{
    m_panel->showProblem(u"No database"_s, u"Open a database."_s);
    const Status written = m_panel->exportTo(artifacts() + u"/nothing.svg"_s);
    QVERIFY(!written);
    QVERIFY(written.error().message.contains(u"no diagram"_s));
}

QTEST_MAIN(TestDiagramPanel)
#include "tst_diagrampanel.moc"
