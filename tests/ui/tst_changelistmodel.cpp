// The change list's model: one row per operation in the order they run, a
// batch block's operations under it, a planned run's under their step; the
// impact column; check boxes that ask rather than act.
#include <functional>

#include <QAbstractItemModelTester>
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
#include "autogenerate/migrationdraft.h"
#include "ui/changelistmodel.h"

#include "../core/autogenerate/schemafixture.h"
#include "../core/diagram/changefixture.h"

using namespace Qt::StringLiterals;
using namespace pm;

using Row = ChangeListModel::Row;

class TestChangeListModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void rowsOfADraft();
    void rowsOfARun();
    void impactColumn();
    void checkBoxesAsk();
    void findsRows();
    void resetsOnNewRows();
    void rowsOfAReviewedDraft();

private:
    SchemaChange draft(const QString &upgrade);

    QTemporaryDir m_dir;
    std::optional<DatabaseConnection> m_db;
};

void TestChangeListModel::initTestCase()
{
    auto db = DatabaseConnection::openSqliteFile(m_dir.filePath(u"demo.db"_s));
    QVERIFY(db);
    m_db.emplace(std::move(*db));
    const auto statements = SqlSplitter::split(test::DemoSchema + test::DemoRows);
    QVERIFY(statements);
    for (const QString &sql : *statements)
        QVERIFY(m_db->exec(sql));
}

SchemaChange TestChangeListModel::draft(const QString &upgrade)
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

const QString Draft = uR"(op.drop_table('visit')
with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('species', sa.String(length=40), nullable=True))
    batch_op.alter_column('owner_id', existing_type=sa.INTEGER(), nullable=False)
    batch_op.drop_column('age')
op.create_index(op.f('ix_user_name'), 'user', ['name'], unique=False))"_s;

void TestChangeListModel::rowsOfADraft()
{
    ChangeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const SchemaChange change = draft(Draft);
    model.setRows(ChangeListModel::rowsOf(change));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), 2);
    QCOMPARE(model.index(0, 0).data().toString(), u"drop table visit"_s);
    const QModelIndex batch = model.index(1, 0);
    QVERIFY(batch.data().toString().startsWith(u"batch_alter_table pet"_s));
    QVERIFY(batch.data().toString().endsWith(u"rebuilds the table"_s));
    QCOMPARE(model.rowCount(batch), 3);
    QCOMPARE(model.index(2, 0, batch).data().toString(), u"drop column pet.age"_s);
    QCOMPARE(model.index(2, 0, batch).data(ChangeListModel::PathRole).value<QList<int>>(), (QList<int>{0, 1, 2}));
    QCOMPARE(model.index(2, 0, batch).data(ChangeListModel::ElementRole).value<SchemaElementRef>(),
             SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));
    QCOMPARE(model.index(2, 0).data(ChangeListModel::ElementRole).value<SchemaElementRef>(),
             SchemaElementRef::ofIndex(u"user"_s, u"ix_user_name"_s));
    // Lines of the script, for the editor.
    const int first = model.index(0, 0).data(ChangeListModel::LineRole).toInt();
    QVERIFY(first > 10);
    QCOMPARE(model.index(0, 0, batch).data(ChangeListModel::LineRole).toInt(), first + 2);
    // What it does, for its mark.
    QCOMPARE(ElementChange(model.index(0, 0).data(ChangeListModel::ChangeRole).toInt()), ElementChange::Removed);
    QCOMPARE(ElementChange(model.index(0, 0, batch).data(ChangeListModel::ChangeRole).toInt()), ElementChange::Added);
    // The SQL is in the tooltip.
    QVERIFY(batch.data(Qt::ToolTipRole).toString().contains(u"CREATE TABLE _alembic_tmp_pet"_s));
    // A revision's rows have no check boxes.
    QVERIFY(!(model.flags(model.index(0, 0)) & Qt::ItemIsUserCheckable));
    QVERIFY(!model.index(0, 0).data(Qt::CheckStateRole).isValid());
    QCOMPARE(model.operationCount(), 6);
}

void TestChangeListModel::rowsOfARun()
{
    const auto first = ScriptParser().parse(test::script(u"op.drop_column('pet', 'age')"_s, u"aaa"_s), u"a.py"_s);
    const auto second = ScriptParser().parse(test::script(u"op.drop_table('visit')"_s, u"bbb"_s, u"aaa"_s), u"b.py"_s);
    QVERIFY(first && second);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const auto change = computeSchemaChange(*reflectDatabase(m_db->database()),
                                            {ChangeStep{u"upgrade  -> aaa"_s, u"aaa"_s, first->upgrade},
                                             ChangeStep{u"upgrade aaa -> bbb"_s, u"bbb"_s, second->upgrade}},
                                            *dialect);
    QVERIFY(change);
    ChangeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(ChangeListModel::rowsOf(*change));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(1, 0).data().toString(), u"upgrade aaa -> bbb"_s);
    QCOMPARE(ChangeListModel::RowKind(model.index(1, 0).data(ChangeListModel::KindRole).toInt()),
             ChangeListModel::RowKind::Step);
    QCOMPARE(model.rowCount(model.index(1, 0)), 1);
    QCOMPARE(model.index(0, 0, model.index(1, 0)).data().toString(), u"drop table visit"_s);
    QCOMPARE(model.index(0, 0, model.index(1, 0)).data(ChangeListModel::PathRole).value<QList<int>>(),
             (QList<int>{1, 0}));
}

void TestChangeListModel::impactColumn()
{
    ChangeListModel model;
    model.setRows(ChangeListModel::rowsOf(draft(Draft)));
    const QModelIndex batch = model.index(1, 0);
    QVERIFY2(model.index(0, ChangeListModel::ImpactColumn).data().toString().contains(u"drops 1 row"_s),
             qPrintable(model.index(0, ChangeListModel::ImpactColumn).data().toString()));
    const QString notNull = model.index(1, ChangeListModel::ImpactColumn, batch).data().toString();
    QVERIFY2(notNull.startsWith(u"✖"_s), qPrintable(notNull));
    QVERIFY(notNull.contains(u"1 NULL"_s));
    QVERIFY(model.index(2, ChangeListModel::ImpactColumn, batch).data().toString().startsWith(u"⚠"_s));
    QVERIFY(model.index(0, ChangeListModel::ImpactColumn, batch).data().toString().isEmpty());
    // A failing row says so in colour too; the header names the columns.
    QVERIFY(model.index(1, ChangeListModel::ImpactColumn, batch).data(Qt::ForegroundRole).isValid());
    QCOMPARE(model.headerData(ChangeListModel::ImpactColumn, Qt::Horizontal).toString(), u"Impact"_s);
}

void TestChangeListModel::checkBoxesAsk()
{
    ChangeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Row> rows = ChangeListModel::rowsOf(draft(Draft));
    for (Row &row : rows) {
        row.checkable = true;
        for (Row &child : row.children)
            child.checkable = true;
    }
    rows[2].checked = false;
    model.setRows(rows);
    const QModelIndex drop = model.index(0, 0);
    QVERIFY(model.flags(drop) & Qt::ItemIsUserCheckable);
    QCOMPARE(drop.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QCOMPARE(model.index(2, 0).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QVERIFY(model.index(2, 0).data(Qt::FontRole).value<QFont>().strikeOut());

    QSignalSpy toggled(&model, &ChangeListModel::checkToggled);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QVERIFY(model.setData(drop, Qt::Unchecked, Qt::CheckStateRole));
    QCOMPARE(toggled.size(), 1);
    QCOMPARE(toggled.at(0).at(0).value<QList<int>>(), (QList<int>{0, 0}));
    QCOMPARE(toggled.at(0).at(1).toBool(), false);
    QCOMPARE(changed.size(), 1);
    // Setting what it is already asks nothing; other roles are not editable.
    QVERIFY(!model.setData(drop, Qt::Unchecked, Qt::CheckStateRole));
    QVERIFY(!model.setData(drop, u"x"_s, Qt::EditRole));
    QCOMPARE(toggled.size(), 1);
}

void TestChangeListModel::findsRows()
{
    ChangeListModel model;
    const SchemaChange change = draft(Draft);
    model.setRows(ChangeListModel::rowsOf(change));
    const QModelIndex age = model.firstIndexOf(change.operationsTouching(SchemaElementRef::ofColumn(u"pet"_s, u"age"_s)));
    QVERIFY(age.isValid());
    QCOMPARE(age.data().toString(), u"drop column pet.age"_s);
    QCOMPARE(model.parent(age), model.index(1, 0));
    QVERIFY(!model.indexOfPath({7, 7}).isValid());
    QVERIFY(!model.firstIndexOf({}).isValid());
}

void TestChangeListModel::resetsOnNewRows()
{
    ChangeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRows(ChangeListModel::rowsOf(draft(Draft)));
    model.setRows(ChangeListModel::rowsOf(draft(u"op.drop_table('visit')"_s)));
    QCOMPARE(reset.size(), 2);
    QCOMPARE(model.rowCount(), 1);
    model.clear();
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.size(), 3);
}

void TestChangeListModel::rowsOfAReviewedDraft()
{
    // The target adds a table with an index on it and renames pet.age by
    // dropping it and adding years: a draft with a dependency and a
    // rename question, as the window reviews it.
    const QString target = uR"(
CREATE TABLE user (id INTEGER NOT NULL, name VARCHAR NOT NULL, email VARCHAR,
    CONSTRAINT pk_user PRIMARY KEY (id), CONSTRAINT uq_user_email UNIQUE (email));
CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR NOT NULL, years INTEGER, weight FLOAT, owner_id INTEGER,
    CONSTRAINT pk_pet PRIMARY KEY (id),
    CONSTRAINT fk_pet_owner_id_user FOREIGN KEY(owner_id) REFERENCES user (id));
CREATE INDEX ix_pet_name ON pet (name);
CREATE TABLE visit (id INTEGER NOT NULL, pet_id INTEGER NOT NULL, note TEXT,
    CONSTRAINT pk_visit PRIMARY KEY (id),
    CONSTRAINT fk_visit_pet_id_pet FOREIGN KEY(pet_id) REFERENCES pet (id));
CREATE TABLE toy (id INTEGER NOT NULL, name VARCHAR NOT NULL, CONSTRAINT pk_toy PRIMARY KEY (id));
CREATE INDEX ix_toy_name ON toy (name);
)"_s;
    MigrationDraft review = fixture::draftFor(test::DemoSchema, target, true);
    const auto drawn = [&](const MigrationDraft &d) {
        // The script as rendered, parsed again: what the editor shows.
        QString body = d.bodies().upgrades;
        QStringList lines;
        for (const QString &line : body.split(u'\n'))
            lines << (line.startsWith(u"    "_s) ? line.mid(4) : line);
        const auto parsed = ScriptParser().parse(test::script(lines.join(u'\n').trimmed()), u"versions/x.py"_s);
        if (!parsed)
            qFatal("%s", qPrintable(parsed.error().toString()));
        const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
        return *computeSchemaChange(d.database(), {ChangeStep{u"draft"_s, {}, parsed->upgrade}}, *dialect);
    };
    const QList<RenameProposal> proposed = review.renameProposals();
    QCOMPARE(proposed.size(), 1);

    ChangeListModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRows(ChangeListModel::rowsOfDraft(drawn(review), review, {}, proposed));
    // The proposal first, unticked, its evidence beside it.
    const QModelIndex proposal = model.index(0, 0);
    QCOMPARE(proposal.data(ChangeListModel::KindRole).toInt(), int(ChangeListModel::RowKind::Proposal));
    QCOMPARE(proposal.data().toString(), proposed.first().question());
    QCOMPARE(proposal.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QCOMPARE(proposal.siblingAtColumn(ChangeListModel::ImpactColumn).data().toString(),
             proposed.first().evidenceText().join(u", "_s));
    // The rows, at any depth (the index goes in a batch block on toy).
    const auto find = [&](const QString &text) {
        std::function<QModelIndex(const QModelIndex &)> in = [&](const QModelIndex &parent) -> QModelIndex {
            for (int r = 0; r < model.rowCount(parent); ++r) {
                const QModelIndex row = model.index(r, 0, parent);
                if (row.data().toString().contains(text))
                    return row;
                if (const QModelIndex inner = in(row); inner.isValid())
                    return inner;
            }
            return {};
        };
        return in({});
    };
    const QModelIndex toy = find(u"create table toy"_s);
    const QModelIndex index = find(u"ix_toy_name"_s);
    QVERIFY(toy.isValid());
    QVERIFY2(index.isValid(), qPrintable(review.bodies().upgrades));
    QCOMPARE(toy.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    // A kept row is the script's row: its path finds it from the canvas.
    QVERIFY(!toy.data(ChangeListModel::PathRole).value<QList<int>>().isEmpty());

    // The check box asks with the draft's own path.
    QSignalSpy toggled(&model, &ChangeListModel::checkToggled);
    QVERIFY(model.setData(toy, Qt::Unchecked, Qt::CheckStateRole));
    const QList<int> asked = toggled.at(0).at(0).value<QList<int>>();
    QVERIFY(review.leaveOut(OperationPath{asked.at(0), asked.value(1, -1)}));
    QVERIFY(!review.rows().isEmpty());
    model.setRows(ChangeListModel::rowsOfDraft(drawn(review), review, {}, review.renameProposals()));
    // Left out, and the index on it with it, saying why; both still listed.
    const QModelIndex leftToy = find(u"create table toy"_s);
    const QModelIndex leftIndex = find(u"ix_toy_name"_s);
    QVERIFY(leftToy.isValid());
    QVERIFY(leftIndex.isValid());
    QCOMPARE(leftToy.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QCOMPARE(leftIndex.data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Unchecked);
    QVERIFY(leftToy.data(Qt::FontRole).value<QFont>().strikeOut());
    QVERIFY2(leftIndex.data(Qt::ToolTipRole).toString().contains(u"toy"_s),
             qPrintable(leftIndex.data(Qt::ToolTipRole).toString()));
    QCOMPARE(leftIndex.siblingAtColumn(ChangeListModel::ImpactColumn).data().toString(), u"left out with another"_s);

    // Accepted, the rename is a ticked row and the drop and add are gone.
    const RenameProposal rename = proposed.first();
    QVERIFY(review.acceptRename(rename));
    model.setRows(ChangeListModel::rowsOfDraft(drawn(review), review, {rename}, review.renameProposals()));
    QCOMPARE(model.index(0, 0).data(Qt::CheckStateRole).value<Qt::CheckState>(), Qt::Checked);
    QVERIFY(!model.index(0, 0).data().toString().endsWith(u'?'));
    for (int r = 1; r < model.rowCount(); ++r)
        QVERIFY(model.index(r, 0).data(ChangeListModel::KindRole).toInt() != int(ChangeListModel::RowKind::Proposal));
}

QTEST_MAIN(TestChangeListModel)
#include "tst_changelistmodel.moc"
