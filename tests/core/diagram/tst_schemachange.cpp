// The change a migration makes, computed without running it: element by
// element states for drafts and revisions written as Alembic writes them,
// on a real SQLite schema, and the impact report's findings pinned on the
// elements they measure.
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/dialect.h"
#include "dialect/sqlsplitter.h"
#include "diagram/elementtext.h"
#include "diagram/schemachange.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "ops/schemasimulator.h"
#include "runtime/drift.h"
#include "runtime/planreport.h"
#include "script/scriptparser.h"

#include "changefixture.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

using pm::test::script;

// One line per element that differs, in the diagram's order; what a
// person would say looking at the drawing.
QStringList summarize(const SchemaDiagram &diagram)
{
    const auto word = [](ElementChange change) {
        switch (change) {
        case ElementChange::Added:
            return u"added"_s;
        case ElementChange::Removed:
            return u"removed"_s;
        case ElementChange::Changed:
            return u"changed"_s;
        case ElementChange::Unchanged:
            break;
        }
        return u"unchanged"_s;
    };
    QStringList out;
    for (const DiagramTable &t : diagram.tables()) {
        if (t.change == ElementChange::Unchanged && !t.isTouched())
            continue;
        QString line = u"table "_s + (t.isRenamed() ? t.oldName + u" → "_s : QString()) + t.name + u": "_s + word(t.change);
        if (t.rebuilt)
            line += u", rebuilt"_s;
        out << line;
        if (t.change == ElementChange::Added || t.change == ElementChange::Removed)
            continue; // its elements share its state
        for (const DiagramColumn &c : t.columns) {
            if (c.change == ElementChange::Unchanged)
                continue;
            QStringList what;
            if (c.isRenamed())
                what << u"renamed from "_s + c.oldName;
            if (c.typeChanged())
                what << typeText(c.before->type) + u" → "_s + typeText(c.after->type);
            if (c.nullabilityChanged())
                what << (c.after->nullable ? u"NULL"_s : u"NOT NULL"_s);
            if (c.defaultChanged())
                what << u"default "_s + defaultText(c.after->serverDefault);
            out << u"  column %1: %2%3"_s.arg(c.name, word(c.change),
                                              what.isEmpty() ? QString() : u" ("_s + what.join(u", "_s) + u')');
        }
        for (const DiagramConstraint &c : t.constraints) {
            if (c.change != ElementChange::Unchanged)
                out << u"  constraint %1: %2"_s.arg(c.name.isEmpty() ? c.text : c.name, word(c.change));
        }
        for (const DiagramIndex &i : t.indexes) {
            if (i.change != ElementChange::Unchanged)
                out << u"  index %1: %2"_s.arg(i.name, word(i.change));
        }
    }
    for (const DiagramEdge &e : diagram.edges()) {
        if (e.change != ElementChange::Unchanged)
            out << u"edge %1 → %2: %3"_s.arg(diagram.tables().at(e.fromTable).name,
                                             diagram.tables().at(e.toTable).name, word(e.change));
    }
    return out;
}

} // namespace

class TestSchemaChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void states_data();
    void states();
    void operationsTouchElements();
    void operationAtLine();
    void schemaAlone();
    void renameThenAddKeepsIdentity();
    void scriptThatDoesNotFit();
    void impactsPinned_data();
    void impactsPinned();
    void plannedRunOverSteps();
    void postgresDoesNotRebuild();
    void driftMarksOnlyWhatDrifted();

private:
    MetaData demo() const;
    OperationList parse(const QString &body) const;

    QTemporaryDir m_dir;
    std::optional<DatabaseConnection> m_db;
    int m_databases = 0; // a fresh file for every test row
};

void TestSchemaChange::init()
{
    QVERIFY(m_dir.isValid());
    auto db = DatabaseConnection::openSqliteFile(m_dir.filePath(u"%1.db"_s.arg(++m_databases)));
    QVERIFY2(db, qPrintable(db ? QString() : db.error().toString()));
    m_db.emplace(std::move(*db));
    const auto statements = SqlSplitter::split(pm::test::DemoSchema + pm::test::DemoRows);
    QVERIFY(statements);
    for (const QString &sql : *statements)
        QVERIFY2(m_db->exec(sql), qPrintable(sql));
}

void TestSchemaChange::cleanup()
{
    m_db.reset();
}

MetaData TestSchemaChange::demo() const
{
    auto reflected = reflectDatabase(m_db->database());
    return reflected ? *reflected : MetaData();
}

OperationList TestSchemaChange::parse(const QString &body) const
{
    auto parsed = ScriptParser().parse(script(body), u"versions/1a2b3c4d5e6f_a_change.py"_s);
    if (!parsed) {
        qWarning("%s", qPrintable(parsed.error().toString()));
        return {};
    }
    return parsed->upgrade;
}

void TestSchemaChange::states_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("add a nullable column in place")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('species', sqlmodel.sql.sqltypes.AutoString(), nullable=True)))"_s
        << QStringList{u"table pet: changed"_s, u"  column species: added"_s};
    QTest::newRow("drop a column: SQLite rebuilds")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_column('age'))"_s
        << QStringList{u"table pet: changed, rebuilt"_s, u"  column age: removed"_s};
    QTest::newRow("drop a column without batch")
        << u"op.drop_column('pet', 'age')"_s
        << QStringList{u"table pet: changed"_s, u"  column age: removed"_s};
    QTest::newRow("type and nullability")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.alter_column('weight', existing_type=sa.FLOAT(), type_=sa.Numeric(precision=10, scale=2), nullable=False))"_s
        << QStringList{u"table pet: changed, rebuilt"_s,
                       u"  column weight: changed (FLOAT → Numeric(10, 2), NOT NULL)"_s};
    QTest::newRow("server default")
        << uR"(with op.batch_alter_table('user', schema=None) as batch_op:
    batch_op.alter_column('name', existing_type=sa.VARCHAR(), server_default='nobody'))"_s
        << QStringList{u"table user: changed, rebuilt"_s, u"  column name: changed (default 'nobody')"_s};
    QTest::newRow("rename a column")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.alter_column('weight', new_column_name='weight_kg', existing_type=sa.FLOAT()))"_s
        << QStringList{u"table pet: changed, rebuilt"_s, u"  column weight_kg: changed (renamed from weight)"_s};
    QTest::newRow("rename and retype a column")
        << uR"(op.alter_column('pet', 'age', new_column_name='age_years', type_=sa.SmallInteger(), existing_type=sa.INTEGER()))"_s
        << QStringList{u"table pet: changed"_s,
                       u"  column age_years: changed (renamed from age, INTEGER → SmallInteger)"_s};
    QTest::newRow("drop x, add x: the same column, changed")
        << uR"(op.drop_column('pet', 'age')
op.add_column('pet', sa.Column('age', sa.Float(), nullable=True)))"_s
        << QStringList{u"table pet: changed"_s, u"  column age: changed (INTEGER → Float)"_s};
    QTest::newRow("rename x away, add a new x")
        << uR"(op.alter_column('pet', 'age', new_column_name='age_years')
op.add_column('pet', sa.Column('age', sa.Float(), nullable=True)))"_s
        << QStringList{u"table pet: changed"_s, u"  column age_years: changed (renamed from age)"_s,
                       u"  column age: added"_s};
    QTest::newRow("create a table with a foreign key")
        << uR"(op.create_table('toy',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pet_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['pet_id'], ['pet.id'], name=op.f('fk_toy_pet_id_pet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_toy'))
))"_s
        << QStringList{u"table toy: added"_s, u"edge toy → pet: added"_s};
    QTest::newRow("drop a table: a ghost with its edges")
        << u"op.drop_table('visit')"_s
        << QStringList{u"table visit: removed"_s, u"edge visit → pet: removed"_s};
    QTest::newRow("rename a table: its foreign keys follow")
        << u"op.rename_table('user', 'owner')"_s
        << QStringList{u"table user → owner: changed"_s};
    QTest::newRow("create an index")
        << u"op.create_index(op.f('ix_pet_age'), 'pet', ['age'], unique=False)"_s
        << QStringList{u"table pet: changed"_s, u"  index ix_pet_age: added"_s};
    QTest::newRow("drop an index, in batch: no rebuild")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_index('ix_pet_name'))"_s
        << QStringList{u"table pet: changed"_s, u"  index ix_pet_name: removed"_s};
    QTest::newRow("drop a unique constraint")
        << uR"(with op.batch_alter_table('user', schema=None) as batch_op:
    batch_op.drop_constraint('uq_user_email', type_='unique'))"_s
        << QStringList{u"table user: changed, rebuilt"_s, u"  constraint uq_user_email: removed"_s};
    QTest::newRow("drop a foreign key: the edge is a ghost")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_constraint('fk_pet_owner_id_user', type_='foreignkey'))"_s
        << QStringList{u"table pet: changed, rebuilt"_s, u"  constraint fk_pet_owner_id_user: removed"_s,
                       u"edge pet → user: removed"_s};
    QTest::newRow("add a foreign key")
        << uR"(with op.batch_alter_table('visit', schema=None) as batch_op:
    batch_op.add_column(sa.Column('vet_id', sa.Integer(), nullable=True))
    batch_op.create_foreign_key(batch_op.f('fk_visit_vet_id_user'), 'user', ['vet_id'], ['id']))"_s
        << QStringList{u"table visit: changed, rebuilt"_s, u"  column vet_id: added"_s,
                       u"  constraint fk_visit_vet_id_user: added"_s, u"edge visit → user: added"_s};
    QTest::newRow("create and drop in one change: nothing to see")
        << uR"(op.create_table('tmp', sa.Column('id', sa.Integer(), nullable=False))
op.drop_table('tmp'))"_s
        << QStringList{};
    QTest::newRow("data only")
        << u"op.execute(\"UPDATE pet SET age = 0 WHERE age IS NULL\")"_s << QStringList{};
}

void TestSchemaChange::states()
{
    QFETCH(QString, upgrade);
    QFETCH(QStringList, expected);
    const OperationList ops = parse(upgrade);
    QVERIFY(!ops.empty());
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const Result<SchemaChange> change = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, ops}}, *dialect);
    QVERIFY2(change, qPrintable(change ? QString() : change.error().toString()));
    if (summarize(change->diagram) != expected)
        qDebug().noquote() << summarize(change->diagram).join(u"\n"_s);
    QCOMPARE(summarize(change->diagram), expected);
    QCOMPARE(change->diagram.kind(), SchemaDiagram::Kind::Change);
}

void TestSchemaChange::operationsTouchElements()
{
    const OperationList ops = parse(uR"(op.rename_table('user', 'owner')
with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('species', sa.String(length=40), nullable=True))
    batch_op.drop_column('age')
op.create_index(op.f('ix_pet_species'), 'pet', ['species'], unique=False))"_s);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const Result<SchemaChange> change = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, ops}}, *dialect);
    QVERIFY(change);
    const QList<ChangeOperation> &list = change->operations.at(0);
    QCOMPARE(list.size(), 3);
    QCOMPARE(list.at(0).text, u"rename table user → owner"_s);
    QCOMPARE(list.at(1).children.size(), 2);
    QVERIFY(list.at(1).rebuildsTable);
    QVERIFY(list.at(1).text.endsWith(u"rebuilds the table"_s));
    QVERIFY(!list.at(1).sql.isEmpty());
    QCOMPARE(list.at(1).children.at(0).text, u"add column pet.species String(40), nullable"_s);
    QCOMPARE(list.at(1).children.at(1).path, (QList<int>{0, 1, 1}));
    QCOMPARE(change->elementOf(list.at(1).children.at(1)), SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));

    // The old name finds the renamed table; a column finds every operation on it.
    QCOMPARE(change->operationsTouching(SchemaElementRef::ofTable(u"user"_s)), (QList<QList<int>>{{0, 0}}));
    QCOMPARE(change->operationsTouching(SchemaElementRef::ofColumn(u"pet"_s, u"species"_s)),
             (QList<QList<int>>{{0, 1, 0}}));
    QCOMPARE(change->operationsTouching(SchemaElementRef::ofIndex(u"pet"_s, u"ix_pet_species"_s)),
             (QList<QList<int>>{{0, 2}}));
    QCOMPARE(change->operationsTouching(SchemaElementRef::ofTable(u"pet"_s)),
             (QList<QList<int>>{{0, 1, 0}, {0, 1, 1}, {0, 2}}));
    QCOMPARE(change->operation({0, 1, 1})->text, u"drop column pet.age"_s);
    QVERIFY(!change->operation({0, 5}));
    QVERIFY(!change->operation({1, 0}));
}

void TestSchemaChange::operationAtLine()
{
    const OperationList ops = parse(uR"(op.drop_column('pet', 'age')
op.create_index(op.f('ix_pet_weight'), 'pet', ['weight'], unique=False))"_s);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const Result<SchemaChange> change = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, ops}}, *dialect);
    QVERIFY(change);
    const int first = change->operations.at(0).at(0).location.line;
    QVERIFY(first > 10);
    QCOMPARE(change->operationAtLine(0, first), (QList<int>{0, 0}));
    QCOMPARE(change->operationAtLine(0, first + 1), (QList<int>{0, 1}));
    QCOMPARE(change->operationAtLine(0, first + 7), (QList<int>{0, 1}));
    QVERIFY(change->operationAtLine(0, first - 1).isEmpty());
}

void TestSchemaChange::schemaAlone()
{
    const SchemaDiagram diagram = SchemaDiagram::ofSchema(demo());
    QCOMPARE(diagram.kind(), SchemaDiagram::Kind::Schema);
    QCOMPARE(diagram.tables().size(), 3);
    QCOMPARE(diagram.tables().at(0).name, u"pet"_s);
    QCOMPARE(diagram.changedElementCount(), 0);
    QCOMPARE(diagram.edges().size(), 2);
    const DiagramTable &pet = diagram.tables().at(diagram.tableIndex(u"pet"_s));
    const DiagramColumn &id = pet.columns.at(pet.columnIndex(u"id"_s));
    QVERIFY(id.primaryKey);
    QVERIFY(!id.current().nullable);
    const DiagramColumn &owner = pet.columns.at(pet.columnIndex(u"owner_id"_s));
    QCOMPARE(owner.references, u"user.id"_s);
    QVERIFY(pet.columns.at(pet.columnIndex(u"name"_s)).indexed);
    const DiagramTable &user = diagram.tables().at(diagram.tableIndex(u"user"_s));
    QVERIFY(user.columns.at(user.columnIndex(u"email"_s)).unique);
    // The primary key is on the columns; the other constraints are listed.
    QCOMPARE(user.constraints.size(), 1);
    QCOMPARE(user.constraints.at(0).text, u"UNIQUE (email)"_s);
    QCOMPARE(pet.indexes.size(), 1);
}

void TestSchemaChange::renameThenAddKeepsIdentity()
{
    // A column renamed, then its table renamed: one element, both renames kept.
    const OperationList ops = parse(uR"(op.alter_column('pet', 'age', new_column_name='years')
op.rename_table('pet', 'animal'))"_s);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const Result<SchemaChange> change = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, ops}}, *dialect);
    QVERIFY(change);
    QCOMPARE(summarize(change->diagram),
             (QStringList{u"table pet → animal: changed"_s, u"  column years: changed (renamed from age)"_s}));
    // Both old names find it.
    const auto at = change->diagram.locate(SchemaElementRef::ofColumn(u"pet"_s, u"age"_s));
    QVERIFY(at.isValid());
    QCOMPARE(change->diagram.refAt(at), SchemaElementRef::ofColumn(u"animal"_s, u"years"_s));
    // visit's foreign key now points at animal.
    bool found = false;
    for (const DiagramEdge &edge : change->diagram.edges())
        found = found || change->diagram.tables().at(edge.toTable).name == u"animal"_s;
    QVERIFY(found);
}

void TestSchemaChange::scriptThatDoesNotFit()
{
    const OperationList ops = parse(u"op.drop_column('pet', 'colour')"_s);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const Result<SchemaChange> change = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, ops}}, *dialect);
    // Drawn all the same (the rest of a script may be fine); the operation says why it does not apply.
    QVERIFY(change);
    const ChangeOperation &drop = change->operations.at(0).at(0);
    QVERIFY2(drop.problem.contains(u"colour"_s), qPrintable(drop.problem));
    QVERIFY(drop.problem.contains(u":%1:"_s.arg(drop.location.line)));
    QCOMPARE(change->diagram.changedElementCount(), 0);
    // On the diagram: a step that will fail, pinned on the table it names.
    const QList<DiagramFinding> findings = change->diagram.allFindings();
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.at(0).kind, DiagramFinding::Kind::WillFail);
    QCOMPARE(findings.at(0).text, u"no such column: \"colour\": this step will fail"_s);
    QCOMPARE(change->diagram.tables().at(change->diagram.tableIndex(u"pet"_s)).findings.size(), 1);

    // In a batch block, the operation that does not fit is named, and what
    // follows it is drawn.
    const OperationList batch = parse(uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_column('colour')
    batch_op.drop_column('age'))"_s);
    const Result<SchemaChange> drawn = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, batch}}, *dialect);
    QVERIFY(drawn);
    QVERIFY(drawn->operations.at(0).at(0).children.at(0).problem.contains(u"colour"_s));
    QVERIFY(drawn->operations.at(0).at(0).children.at(1).problem.isEmpty());
    QCOMPARE(summarize(drawn->diagram), (QStringList{u"table pet: changed"_s, u"  column age: removed"_s}));
}

void TestSchemaChange::impactsPinned_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QString>("element");
    QTest::addColumn<int>("kind");
    QTest::addColumn<qint64>("rows");
    QTest::addColumn<QString>("text");

    QTest::newRow("dropped column: its values")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_column('age'))"_s
        << u"pet.age"_s << int(DiagramFinding::Kind::Destroys) << qint64(2)
        << u"drops 2 non-NULL values"_s;
    QTest::newRow("dropped table: its rows")
        << u"op.drop_table('visit')"_s << u"visit"_s << int(DiagramFinding::Kind::Destroys) << qint64(1)
        << u"drops 1 row"_s;
    QTest::newRow("NOT NULL over NULLs: will fail")
        << uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.alter_column('owner_id', existing_type=sa.INTEGER(), nullable=False))"_s
        << u"pet.owner_id"_s << int(DiagramFinding::Kind::WillFail) << qint64(1)
        << u"NOT NULL over 1 NULL row: this step will fail"_s;
    QTest::newRow("unique over duplicates: will fail")
        << u"op.create_index('ix_pet_owner', 'pet', ['owner_id'], unique=True)"_s
        << u"pet: index ix_pet_owner"_s << int(DiagramFinding::Kind::WillFail) << qint64(0)
        << u"unique on (owner_id) over 1 duplicated value: this step will fail"_s;
}

void TestSchemaChange::impactsPinned()
{
    QFETCH(QString, upgrade);
    QFETCH(QString, element);
    QFETCH(int, kind);
    QFETCH(qint64, rows);
    QFETCH(QString, text);
    if (QByteArray(QTest::currentDataTag()).startsWith("unique")) {
        // Two pets of one owner: the unique index would fail.
        QVERIFY(m_db->exec(u"UPDATE pet SET owner_id = 1"_s));
        rows = 1;
    }
    auto parsed = ScriptParser().parse(script(upgrade), u"versions/1a2b3c4d5e6f_a_change.py"_s);
    QVERIFY(parsed);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    Result<SchemaChange> change =
        computeSchemaChange(demo(), {ChangeStep{u"draft"_s, parsed->revision, parsed->upgrade}}, *dialect);
    QVERIFY(change);
    const Result<PlanReport> report = buildScriptReport(*m_db, *dialect, u"alembic_version"_s, *parsed);
    QVERIFY(report);
    QVERIFY(!report->impacts().isEmpty());
    pinImpacts(*change, *report);
    QVERIFY(change->diagram.unplacedFindings().isEmpty());
    const QList<DiagramFinding> findings = change->diagram.allFindings();
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.at(0).element.toString(), element);
    QCOMPARE(int(findings.at(0).kind), kind);
    QCOMPARE(findings.at(0).rows, rows);
    // On its element the short words, without the element's name again.
    QCOMPARE(findings.at(0).text, text);
    QVERIFY(findings.at(0).line > 0);
    // On the element itself: the column row, the table card or the index line.
    const auto at = change->diagram.locate(findings.at(0).element);
    QVERIFY(at.isValid());
    const DiagramTable &table = change->diagram.tables().at(at.table);
    const QList<DiagramFinding> &there = at.kind == SchemaElementRef::Kind::Column ? table.columns.at(at.index).findings
                                         : at.kind == SchemaElementRef::Kind::Index ? table.indexes.at(at.index).findings
                                                                                    : table.findings;
    QCOMPARE(there.size(), 1);
}

void TestSchemaChange::plannedRunOverSteps()
{
    // Two steps: the second drops what the first added; the run as a whole
    // adds a table and leaves pet as it was, apart from the rebuild.
    const OperationList first = parse(uR"(op.create_table('toy', sa.Column('id', sa.Integer(), nullable=False))
with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('tmp', sa.Integer(), nullable=True)))"_s);
    const OperationList second = parse(uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_column('tmp'))"_s);
    const auto dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
    const Result<SchemaChange> change = computeSchemaChange(
        demo(), {ChangeStep{u"upgrade -> a"_s, u"a"_s, first}, ChangeStep{u"upgrade a -> b"_s, u"b"_s, second}}, *dialect);
    QVERIFY(change);
    QCOMPARE(change->operations.size(), 2);
    QCOMPARE(change->operations.at(1).at(0).path, (QList<int>{1, 0}));
    QCOMPARE(summarize(change->diagram), (QStringList{u"table pet: changed, rebuilt"_s, u"table toy: added"_s}));
    QVERIFY(change->after.table(u"toy"_s));
    QVERIFY(!change->after.table(u"pet"_s)->column(u"tmp"_s));
}

void TestSchemaChange::postgresDoesNotRebuild()
{
    const OperationList ops = parse(uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_column('age'))"_s);
    const auto dialect = makeDialect(DatabaseUrl::Backend::PostgreSql);
    const Result<SchemaChange> change = computeSchemaChange(demo(), {ChangeStep{u"draft"_s, {}, ops}}, *dialect);
    QVERIFY2(change, qPrintable(change ? QString() : change.error().toString()));
    QCOMPARE(summarize(change->diagram), (QStringList{u"table pet: changed"_s, u"  column age: removed"_s}));
}

void TestSchemaChange::driftMarksOnlyWhatDrifted()
{
    // What the scripts build (SQLAlchemy's Integer and String) against the
    // database, which spells them INTEGER and VARCHAR and has a column made
    // by hand: only that column drifted.
    SchemaSimulator scripts;
    QVERIFY(scripts.apply(parse(uR"(op.create_table('owner', sa.Column('id', sa.Integer(), nullable=False), sa.Column('name', sa.String(), nullable=False), sa.PrimaryKeyConstraint('id')))"_s)));
    QVERIFY(m_db->exec(u"CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR NOT NULL, phone VARCHAR, PRIMARY KEY (id))"_s));
    const Result<MetaData> live = reflectDatabase(m_db->database());
    QVERIFY(m_db->exec(u"DROP TABLE owner"_s));
    QVERIFY(live);
    DriftReport report;
    report.expected = scripts.metadata();
    report.actual = *live;
    report.actual.removeTable(u"user"_s);
    report.actual.removeTable(u"pet"_s);
    report.actual.removeTable(u"visit"_s);
    const OperationList undo = parse(u"op.drop_column('owner', 'phone')"_s);
    report.differences << DriftDifference{SchemaElementRef::ofColumn(u"owner"_s, u"phone"_s),
                                          u"Detected removed column 'owner.phone'"_s, undo.front()};

    const SchemaDiagram diagram = diagramOfDrift(report);
    QCOMPARE(diagram.kind(), SchemaDiagram::Kind::Drift);
    QCOMPARE(summarize(diagram), (QStringList{u"table owner: changed"_s, u"  column phone: added"_s}));
    const QList<DiagramFinding> findings = diagram.allFindings();
    QCOMPARE(findings.size(), 1);
    QCOMPARE(findings.at(0).kind, DiagramFinding::Kind::Drift);
    QCOMPARE(findings.at(0).text, u"Detected removed column 'owner.phone'"_s);
    const auto at = diagram.locate(findings.at(0).element);
    QVERIFY(at.isValid());
    QCOMPARE(diagram.tables().at(at.table).columns.at(at.index).findings.size(), 1);
}

QTEST_GUILESS_MAIN(TestSchemaChange)
#include "tst_schemachange.moc"
