// The schema diagram's items and their states, for drafts and revisions
// written as Alembic writes them: each element's card row says what the
// change does to it in text (a mark, old → new, struck through) as well as
// in colour; impact findings sit under the element they measure; edges
// follow foreign keys; a click selects; a dark palette redraws.
#include <QGraphicsView>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/dialect.h"
#include "dialect/sqlsplitter.h"
#include "diagram/schemachange.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/planreport.h"
#include "script/scriptparser.h"
#include "ui/fkedgeitem.h"
#include "ui/schemascene.h"
#include "ui/schemaview.h"
#include "ui/tablecarditem.h"

#include "../core/diagram/changefixture.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestSchemaScene : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void rows_data();
    void rows();
    void edges_data();
    void edges();
    void cardsDoNotOverlap();
    void clickSelectsTheElement();
    void selectionFindsRenamedElements();
    void schemaOnlyHasNoMarks();
    void darkPaletteRedraws();
    void largeSchemaIsLaidOutOffTheGuiThread();

private:
    SchemaChange change(const QString &upgrade, bool measured = true);

    QTemporaryDir m_dir;
    std::optional<DatabaseConnection> m_db;
    int m_databases = 0;
};

void TestSchemaScene::init()
{
    auto db = DatabaseConnection::openSqliteFile(m_dir.filePath(u"%1.db"_s.arg(++m_databases)));
    QVERIFY(db);
    m_db.emplace(std::move(*db));
    const auto statements = SqlSplitter::split(test::DemoSchema + test::DemoRows);
    QVERIFY(statements);
    for (const QString &sql : *statements)
        QVERIFY(m_db->exec(sql));
}

void TestSchemaScene::cleanup()
{
    m_db.reset();
}

SchemaChange TestSchemaScene::change(const QString &upgrade, bool measured)
{
    const auto parsed = ScriptParser().parse(test::script(upgrade), u"versions/1a2b3c4d5e6f_a_change.py"_s);
    if (!parsed)
        qFatal("%s", qPrintable(parsed.error().toString()));
    const auto before = reflectDatabase(m_db->database());
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    auto result = computeSchemaChange(*before, {ChangeStep{u"draft"_s, parsed->revision, parsed->upgrade}}, *dialect);
    if (!result)
        qFatal("%s", qPrintable(result.error().toString()));
    if (measured) {
        const auto report = buildScriptReport(*m_db, *dialect, u"alembic_version"_s, *parsed);
        if (report)
            pinImpacts(*result, *report);
    }
    return *result;
}

void TestSchemaScene::rows_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QString>("table");
    // The card's lines that must be there, in order (others may come between):
    // "mark name detail [flags]", ~~struck through~~.
    QTest::addColumn<QStringList>("lines");

    QTest::newRow("added column")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('species', sa.String(length=40), nullable=False, server_default='unknown')))"_s
        << u"pet"_s << QStringList{u"~ pet"_s, u"+ species String(40) [NN]"_s};
    QTest::newRow("removed column: struck through, with what it destroys")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_column('age'))"_s
        << u"pet"_s
        << QStringList{u"~ pet [REBUILT]"_s, u"~~− age INTEGER~~"_s, u"⚠ drops 2 non-NULL values"_s};
    QTest::newRow("type and nullability: old → new")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.alter_column('weight', existing_type=sa.FLOAT(), type_=sa.Numeric(precision=10, scale=2), nullable=False))"_s
        << u"pet"_s << QStringList{u"~ weight FLOAT → Numeric(10, 2)  NULL → NOT NULL [NN]"_s};
    QTest::newRow("NOT NULL over NULLs: will fail")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.alter_column('owner_id', existing_type=sa.INTEGER(), nullable=False))"_s
        << u"pet"_s
        << QStringList{u"~ owner_id INTEGER  NULL → NOT NULL [FK NN]"_s,
                       u"✖ NOT NULL over 1 NULL row: this step will fail"_s};
    QTest::newRow("default: old → new")
        << uR"(op.alter_column('user', 'name', existing_type=sa.VARCHAR(), server_default='nobody'))"_s
        << u"user"_s << QStringList{u"~ name VARCHAR  default ∅ → 'nobody' [NN]"_s};
    QTest::newRow("renamed column: its data kept")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.alter_column('weight', new_column_name='weight_kg', existing_type=sa.FLOAT()))"_s
        << u"pet"_s << QStringList{u"~ pet [REBUILT]"_s, u"→ weight → weight_kg FLOAT"_s};
    QTest::newRow("renamed table")
        << u"op.rename_table('user', 'owner')"_s << u"owner"_s
        << QStringList{u"→ user → owner [RENAMED]"_s, u"id INTEGER [PK]"_s};
    QTest::newRow("added table")
        << uR"(op.create_table('toy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pet_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pet_id'], ['pet.id'], name=op.f('fk_toy_pet_id_pet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toy'))
))"_s
        << u"toy"_s
        << QStringList{u"+ toy [NEW]"_s, u"+ id Integer [PK]"_s, u"+ pet_id Integer [FK]"_s,
                       u"+ fk_toy_pet_id_pet FOREIGN KEY (pet_id) → pet (id)"_s};
    QTest::newRow("removed table: a ghost, its rows counted")
        << u"op.drop_table('visit')"_s << u"visit"_s
        << QStringList{u"~~− visit [DROPPED]~~"_s, u"⚠ drops 1 row"_s, u"~~− note TEXT~~"_s};
    QTest::newRow("added index")
        << u"op.create_index(op.f('ix_pet_age'), 'pet', ['age'], unique=False)"_s << u"pet"_s
        << QStringList{u"age INTEGER [IX]"_s, u"indexes"_s, u"+ ix_pet_age (age)"_s};
    QTest::newRow("removed unique constraint")
        << uR"(with op.batch_alter_table('user', schema=None) as batch_op:
    batch_op.drop_constraint('uq_user_email', type_='unique'))"_s
        << u"user"_s << QStringList{u"~ user [REBUILT]"_s, u"~~− uq_user_email UNIQUE (email)~~"_s};
    QTest::newRow("changed foreign key")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_constraint('fk_pet_owner_id_user', type_='foreignkey')
    batch_op.create_foreign_key('fk_pet_owner_id_user', 'user', ['owner_id'], ['id'], ondelete='SET NULL'))"_s
        << u"pet"_s
        << QStringList{u"~ fk_pet_owner_id_user FOREIGN KEY (owner_id) → user (id) ON DELETE SET NULL"_s};
    QTest::newRow("unchanged table: no marks")
        << u"op.drop_table('visit')"_s << u"user"_s
        << QStringList{u"user"_s, u"id INTEGER [PK]"_s, u"name VARCHAR [NN]"_s, u"email VARCHAR [U]"_s};
}

void TestSchemaScene::rows()
{
    QFETCH(QString, upgrade);
    QFETCH(QString, table);
    QFETCH(QStringList, lines);
    SchemaScene scene;
    QSignalSpy laidOut(&scene, &SchemaScene::laidOut);
    scene.setDiagram(change(upgrade).diagram);
    QCOMPARE(laidOut.size(), 1);
    TableCardItem *card = scene.card(table);
    QVERIFY(card);
    const QStringList text = card->textLines();
    qsizetype at = 0;
    for (const QString &line : std::as_const(lines)) {
        const qsizetype found = text.indexOf(line, at);
        QVERIFY2(found >= 0, qPrintable(u"missing “%1” in:\n%2"_s.arg(line, text.join(u'\n'))));
        at = found + 1;
    }
    // Colour is never alone: every changed row has a mark.
    for (const TableCardItem::Row &row : card->rows()) {
        if (row.change != ElementChange::Unchanged)
            QVERIFY2(!row.mark.isEmpty(), qPrintable(row.name));
        if (row.kind == TableCardItem::Row::Kind::Finding)
            QVERIFY(!row.mark.isEmpty());
    }
}

void TestSchemaScene::edges_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QStringList>("edges"); // "from → to: change"

    QTest::newRow("as they are") << u"op.execute('SELECT 1')"_s
                                 << QStringList{u"pet → user: unchanged"_s, u"visit → pet: unchanged"_s};
    QTest::newRow("added with a table")
        << uR"(op.create_table('toy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_toy_owner_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toy'))
))"_s
        << QStringList{u"pet → user: unchanged"_s, u"toy → user: added"_s, u"visit → pet: unchanged"_s};
    QTest::newRow("removed with its table") << u"op.drop_table('visit')"_s
                                            << QStringList{u"pet → user: unchanged"_s, u"visit → pet: removed"_s};
    QTest::newRow("follows a renamed table") << u"op.rename_table('user', 'owner')"_s
                                             << QStringList{u"pet → owner: unchanged"_s, u"visit → pet: unchanged"_s};
}

void TestSchemaScene::edges()
{
    QFETCH(QString, upgrade);
    QFETCH(QStringList, edges);
    SchemaScene scene;
    scene.setDiagram(change(upgrade, false).diagram);
    QStringList drawn;
    for (const FkEdgeItem *edge : scene.edges()) {
        const auto &tables = scene.diagram().tables();
        const QString change = edge->edge().change == ElementChange::Added     ? u"added"_s
                             : edge->edge().change == ElementChange::Removed ? u"removed"_s
                                                                             : u"unchanged"_s;
        drawn << u"%1 → %2: %3"_s.arg(tables.at(edge->edge().fromTable).name, tables.at(edge->edge().toTable).name,
                                      change);
        // From the referencing card's side to the referred card's side.
        const TableCardItem *from = scene.cards().at(edge->edge().fromTable);
        const TableCardItem *to = scene.cards().at(edge->edge().toTable);
        const QPointF start = edge->route().first(), end = edge->route().last();
        QVERIFY(qFuzzyCompare(start.x(), from->pos().x()) || qFuzzyCompare(start.x(), from->pos().x() + from->size().width()));
        QVERIFY(qFuzzyCompare(end.x(), to->pos().x()) || qFuzzyCompare(end.x(), to->pos().x() + to->size().width()));
        QCOMPARE(start.y(), from->pos().y() + from->portOf(edge->edge().fromColumns.first()));
        QCOMPARE(end.y(), to->pos().y() + to->portOf(edge->edge().toColumns.first()));
    }
    drawn.sort();
    QCOMPARE(drawn, edges);
}

void TestSchemaScene::cardsDoNotOverlap()
{
    SchemaScene scene;
    scene.setDiagram(change(u"op.rename_table('user', 'owner')"_s).diagram);
    const auto &cards = scene.cards();
    QCOMPARE(cards.size(), 3);
    for (int i = 0; i < cards.size(); ++i) {
        for (int j = i + 1; j < cards.size(); ++j)
            QVERIFY(!QRectF(cards.at(i)->pos(), cards.at(i)->size())
                         .intersects(QRectF(cards.at(j)->pos(), cards.at(j)->size())));
    }
    // Referred tables stand left of those that refer to them.
    QVERIFY(scene.card(u"owner"_s)->pos().x() < scene.card(u"pet"_s)->pos().x());
    QVERIFY(scene.card(u"pet"_s)->pos().x() < scene.card(u"visit"_s)->pos().x());
}

void TestSchemaScene::clickSelectsTheElement()
{
    SchemaScene scene;
    scene.setDiagram(change(u"op.drop_column('pet', 'age')"_s).diagram);
    SchemaView view(&scene);
    view.resize(900, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setZoom(1.0);
    TableCardItem *pet = scene.card(u"pet"_s);
    const int ageRow = pet->rowOf(SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));
    QVERIFY(ageRow > 0);
    const auto &row = pet->rows().at(ageRow);
    const QPointF inScene = pet->scenePos() + QPointF(40, row.y + row.height / 2);
    view.ensureVisible(QRectF(inScene, QSizeF(1, 1)));
    QSignalSpy clicked(&scene, &SchemaScene::elementClicked);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(inScene));
    QCOMPARE(clicked.size(), 1);
    QCOMPARE(clicked.at(0).at(0).value<SchemaElementRef>(), SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));
    QCOMPARE(pet->selectedRow(), ageRow);
    QCOMPARE(scene.selectedElement(), SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));

    // The header selects the table, and its foreign keys stand out.
    const QPointF header = pet->scenePos() + QPointF(30, pet->rows().first().height / 2);
    QTest::mouseClick(view.viewport(), Qt::LeftButton, {}, view.mapFromScene(header));
    QCOMPARE(clicked.size(), 2);
    QCOMPARE(clicked.at(1).at(0).value<SchemaElementRef>(), SchemaElementRef::ofTable(u"pet"_s));
    QCOMPARE(pet->selectedRow(), 0);
    QCOMPARE(scene.edges().size(), 2);
    for (const FkEdgeItem *edge : scene.edges())
        QVERIFY(edge->isEmphasized());
    QCOMPARE(scene.card(u"user"_s)->selectedRow(), -1);
}

void TestSchemaScene::selectionFindsRenamedElements()
{
    SchemaScene scene;
    scene.setDiagram(change(uR"(op.alter_column('pet', 'age', new_column_name='years')
op.rename_table('pet', 'animal'))"_s).diagram);
    // The operations name what they touch as it was at their step.
    scene.selectElement(SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));
    QCOMPARE(scene.selectedElement(), SchemaElementRef::ofColumn(u"animal"_s, u"years"_s));
    TableCardItem *animal = scene.card(u"animal"_s);
    QCOMPARE(animal->rows().at(animal->selectedRow()).name, u"age → years"_s);
    scene.selectElement({});
    QCOMPARE(animal->selectedRow(), -1);
}

void TestSchemaScene::schemaOnlyHasNoMarks()
{
    SchemaScene scene;
    scene.setDiagram(SchemaDiagram::ofSchema(*reflectDatabase(m_db->database())));
    QCOMPARE(scene.cards().size(), 3);
    for (const TableCardItem *card : scene.cards()) {
        for (const TableCardItem::Row &row : card->rows()) {
            QCOMPARE(row.change, ElementChange::Unchanged);
            QVERIFY(row.mark.isEmpty());
            QVERIFY(!row.struck);
        }
    }
    QCOMPARE(scene.card(u"pet"_s)->textLines().first(), u"pet"_s);
}

void TestSchemaScene::darkPaletteRedraws()
{
    SchemaScene scene;
    scene.setDiagram(change(u"op.drop_table('visit')"_s).diagram);
    SchemaView view(&scene);
    view.resize(800, 500);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    const QPointF visitAt = scene.card(u"visit"_s)->pos();
    QVERIFY(!scene.style().dark);

    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x25));
    dark.setColor(QPalette::Base, QColor(0x16, 0x17, 0x19));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7a, 0xd6));
    view.setPalette(dark);
    QVERIFY(scene.style().dark);
    QCOMPARE(scene.backgroundBrush().color(), scene.style().canvas);
    QVERIFY(scene.style().canvas.lightness() < 80);
    // Redrawn in place, cards where they were.
    QCOMPARE(scene.card(u"visit"_s)->pos(), visitAt);
    // The pixels say it too: the canvas is dark, the ghost card's dash is red.
    const QImage shot = view.grab().toImage();
    QVERIFY(QColor(shot.pixel(3, 3)).lightness() < 80);
}

void TestSchemaScene::largeSchemaIsLaidOutOffTheGuiThread()
{
    // A thousand tables in chains of ten, each referring to the one before.
    MetaData schema;
    for (int i = 0; i < 1000; ++i) {
        Table t;
        t.name = u"t%1"_s.arg(i, 4, 10, QLatin1Char('0'));
        Column id{u"id"_s, SqlType::integer(), false, true};
        t.columns << id;
        t.constraints << Constraint::primaryKey({u"id"_s});
        if (i % 10) {
            t.columns << Column{u"parent_id"_s, SqlType::integer()};
            t.constraints << Constraint::foreignKey({u"parent_id"_s}, u"t%1"_s.arg(i - 1, 4, 10, QLatin1Char('0')),
                                                    {u"id"_s});
        }
        schema.putTable(t);
    }
    SchemaScene scene;
    scene.setAsyncThreshold(150);
    QSignalSpy laidOut(&scene, &SchemaScene::laidOut);
    scene.setDiagram(SchemaDiagram::ofSchema(schema));
    // setDiagram returned before the layout was done: the event loop runs meanwhile.
    QVERIFY(scene.isLayingOut());
    QVERIFY(scene.message().contains(u"1000"_s) || scene.message().contains(u"1,000"_s));
    QVERIFY(laidOut.wait(60000));
    QVERIFY(!scene.isLayingOut());
    QCOMPARE(scene.cards().size(), 1000);
    QCOMPARE(scene.edges().size(), 900);
    QCOMPARE(scene.layout().layers, 10);
    QVERIFY(scene.message().isEmpty());
    // A new diagram while one is being laid out: only the last is drawn.
    scene.setDiagram(SchemaDiagram::ofSchema(schema));
    scene.setDiagram(SchemaDiagram::ofSchema(MetaData()));
    QVERIFY(!scene.isLayingOut());
    QCOMPARE(scene.cards().size(), 0);
}

QTEST_MAIN(TestSchemaScene)
#include "tst_schemascene.moc"
