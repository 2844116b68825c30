// The changes the window draws for a project's revisions, from the scripts
// alone: one revision's change from the schema its ancestors build, and a
// planned run (upgrade or downgrade) over several steps in the runner's order.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/dialect.h"
#include "diagram/revisionchange.h"
#include "revision/revisionspec.h"
#include "runtime/backend.h"
#include "runtime/scriptdirectory.h"

#include "changefixture.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestRevisionChange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void stepsBeforeARevision();
    void schemaTheScriptsBuild();
    void oneRevisionsChange();
    void aMergeChangesNothing();
    void plannedUpgradeAndDowngrade();
    void unknownRevision();
    void pastABodyThatReadsTheDatabase();

private:
    void write(const QString &revision, const QString &down, const QString &upgrade, const QString &downgrade = {});

    QTemporaryDir m_dir;
    std::unique_ptr<ScriptDirectory> m_scripts;
    std::unique_ptr<Dialect> m_dialect = makeDialect(DatabaseUrl::Backend::Sqlite);
};

void TestRevisionChange::write(const QString &revision, const QString &down, const QString &upgrade,
                               const QString &downgrade)
{
    QString text = test::script(upgrade, revision, down);
    if (!downgrade.isEmpty()) {
        QString body;
        for (const QString &line : downgrade.split(u'\n'))
            body += u"    "_s + line + u'\n';
        text.replace(u"def downgrade() -> None:\n    pass\n"_s, u"def downgrade() -> None:\n"_s + body);
    }
    if (down.contains(u','))
        text.replace(u"down_revision = '%1'"_s.arg(down), u"down_revision = ('%1')"_s.arg(down.split(u',').join(u"', '"_s)));
    QFile file(m_dir.filePath(u"versions/%1_step.py"_s.arg(revision)));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
}

void TestRevisionChange::initTestCase()
{
    QVERIFY(QDir(m_dir.path()).mkpath(u"versions"_s));
    // aaa: pet and user; bbb: pet.age, an index; ccc (branch from aaa):
    // visit; ddd merges bbb and ccc.
    write(u"aaa"_s, {}, uR"(op.create_table('user',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user'))
)
op.create_table('pet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['owner_id'], ['user.id'], name=op.f('fk_pet_owner_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pet'))
))"_s,
          u"op.drop_table('pet')\nop.drop_table('user')"_s);
    write(u"bbb"_s, u"aaa"_s, uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.add_column(sa.Column('age', sa.Integer(), nullable=True))
    batch_op.create_index(batch_op.f('ix_pet_age'), ['age'], unique=False))"_s,
          uR"(with op.batch_alter_table('pet', schema=None) as batch_op:
    batch_op.drop_index(batch_op.f('ix_pet_age'))
    batch_op.drop_column('age'))"_s);
    write(u"ccc"_s, u"aaa"_s, uR"(op.create_table('visit',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pet_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['pet_id'], ['pet.id'], name=op.f('fk_visit_pet_id_pet')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))
))"_s,
          u"op.drop_table('visit')"_s);
    write(u"ddd"_s, u"bbb,ccc"_s, u"pass"_s, u"pass"_s);
    auto scripts = ScriptDirectory::fromDirectories(m_dir.path(), {m_dir.filePath(u"versions"_s)});
    QVERIFY2(scripts, qPrintable(scripts ? QString() : scripts.error().toString()));
    m_scripts = std::move(*scripts);
    QCOMPARE(m_scripts->map().heads(), QStringList{u"ddd"_s});
}

void TestRevisionChange::stepsBeforeARevision()
{
    const auto before = stepsBefore(*m_scripts, u"ddd"_s);
    QVERIFY2(before, qPrintable(before ? QString() : before.error().toString()));
    QStringList revisions;
    for (const MigrationStep &step : *before)
        revisions << step.revision().revision();
    revisions.sort();
    QCOMPARE(revisions, (QStringList{u"aaa"_s, u"bbb"_s, u"ccc"_s}));
    QVERIFY(stepsBefore(*m_scripts, u"aaa"_s)->isEmpty());
}

void TestRevisionChange::schemaTheScriptsBuild()
{
    const auto before = stepsBefore(*m_scripts, u"ddd"_s);
    QVERIFY(before);
    const auto schema = schemaAfter(*m_scripts, *before, *m_dialect);
    QVERIFY(schema);
    QCOMPARE(schema->tableNames().size(), 3);
    QVERIFY(schema->table(u"pet"_s)->column(u"age"_s));
    QCOMPARE(schema->table(u"pet"_s)->indexes.size(), 1);
}

void TestRevisionChange::oneRevisionsChange()
{
    const auto change = revisionChange(*m_scripts, u"bbb"_s, *m_dialect);
    QVERIFY2(change, qPrintable(change ? QString() : change.error().toString()));
    // From what aaa builds: pet and user, no visit (another branch).
    QCOMPARE(change->before.tableNames().size(), 2);
    QCOMPARE(change->steps.size(), 1);
    QCOMPARE(change->steps.at(0).title, u"upgrade aaa -> bbb"_s);
    const SchemaDiagram &diagram = change->diagram;
    const DiagramTable &pet = diagram.tables().at(diagram.tableIndex(u"pet"_s));
    QCOMPARE(pet.change, ElementChange::Changed);
    QVERIFY(!pet.rebuilt); // adding a column and an index: ALTER in place
    QCOMPARE(pet.columns.at(pet.columnIndex(u"age"_s)).change, ElementChange::Added);
    QCOMPARE(pet.indexes.value(0).change, ElementChange::Added);
    QCOMPARE(diagram.tables().at(diagram.tableIndex(u"user"_s)).change, ElementChange::Unchanged);
    // The first revision's change starts from nothing.
    const auto first = revisionChange(*m_scripts, u"aaa"_s, *m_dialect);
    QVERIFY(first);
    QVERIFY(first->before.isEmpty());
    for (const DiagramTable &t : first->diagram.tables())
        QCOMPARE(t.change, ElementChange::Added);
}

void TestRevisionChange::aMergeChangesNothing()
{
    const auto change = revisionChange(*m_scripts, u"ddd"_s, *m_dialect);
    QVERIFY(change);
    QCOMPARE(change->before.tableNames().size(), 3);
    QCOMPARE(change->diagram.changedElementCount(), 0);
    QCOMPARE(change->operations.at(0).size(), 0);
}

void TestRevisionChange::plannedUpgradeAndDowngrade()
{
    // From base to the head: four steps in the runner's order, everything added.
    const auto up = m_scripts->planner().upgradeRevs(u"heads"_s, RevisionSpec::tuple({}));
    QVERIFY(up);
    const auto start = MetaData();
    const auto run = runChange(*m_scripts, *up, start, *m_dialect);
    QVERIFY2(run, qPrintable(run ? QString() : run.error().toString()));
    QCOMPARE(run->steps.size(), 4);
    QCOMPARE(run->operations.size(), 4);
    QCOMPARE(run->steps.first().revision, u"aaa"_s);
    QCOMPARE(run->steps.last().revision, u"ddd"_s);
    QCOMPARE(run->diagram.tables().size(), 3);
    for (const DiagramTable &t : run->diagram.tables())
        QCOMPARE(t.change, ElementChange::Added);

    // Back down to aaa from the head: ddd, then bbb and ccc undone.
    const auto down = m_scripts->planner().downgradeRevs(u"aaa"_s, RevisionSpec::tuple({u"ddd"_s}));
    QVERIFY(down);
    const auto back = runChange(*m_scripts, *down, run->after, *m_dialect);
    QVERIFY(back);
    QCOMPARE(back->steps.size(), 3);
    QVERIFY(back->steps.first().title.startsWith(u"downgrade"_s));
    const SchemaDiagram &diagram = back->diagram;
    QCOMPARE(diagram.tables().at(diagram.tableIndex(u"visit"_s)).change, ElementChange::Removed);
    const DiagramTable &pet = diagram.tables().at(diagram.tableIndex(u"pet"_s));
    QCOMPARE(pet.columns.at(pet.columnIndex(u"age"_s)).change, ElementChange::Removed);
    QVERIFY(pet.rebuilt); // dropping a column rebuilds on SQLite
    QCOMPARE(back->after.tableNames().size(), 2);
}

void TestRevisionChange::unknownRevision()
{
    const auto change = revisionChange(*m_scripts, u"zzz"_s, *m_dialect);
    QVERIFY(!change);
    QVERIFY(change.error().toString().contains(u"zzz"_s));
}

// A body that reads the database through op.get_bind() cannot be simulated
// from the scripts; most move data, so the revisions after it are drawn
// from what the others build.
void TestRevisionChange::pastABodyThatReadsTheDatabase()
{
    QTemporaryDir dir;
    QVERIFY(QDir(dir.path()).mkpath(u"versions"_s));
    const auto write = [&](const QString &revision, const QString &down, const QString &upgrade) {
        QFile file(dir.filePath(u"versions/%1_step.py"_s.arg(revision)));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(test::script(upgrade, revision, down).toUtf8());
    };
    write(u"a1"_s, {}, u"op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False))"_s);
    write(u"b2"_s, u"a1"_s, u"for row in op.get_bind().execute(sa.text('SELECT id FROM pet')):\n    pass"_s);
    write(u"c3"_s, u"b2"_s, u"op.add_column('pet', sa.Column('age', sa.Integer(), nullable=True))"_s);
    auto scripts = ScriptDirectory::fromDirectories(dir.path(), {dir.filePath(u"versions"_s)});
    QVERIFY2(scripts, qPrintable(scripts ? QString() : scripts.error().toString()));

    const auto before = stepsBefore(**scripts, u"c3"_s);
    QVERIFY(before);
    QVERIFY(!schemaAfter(**scripts, *before, *m_dialect)); // the strict form stops at b2
    const PartialSchema partial = schemaAfterReadable(**scripts, *before, *m_dialect);
    QVERIFY2(partial.gap.startsWith(u"revision b2 before it could not be read"_s), qPrintable(partial.gap));
    QVERIFY(partial.schema.table(u"pet"_s));

    const auto change = revisionChange(**scripts, u"c3"_s, *m_dialect);
    QVERIFY2(change, qPrintable(change ? QString() : change.error().toString()));
    const DiagramTable &pet = change->diagram.tables().at(change->diagram.tableIndex(u"pet"_s));
    QCOMPARE(pet.columns.at(pet.columnIndex(u"age"_s)).change, ElementChange::Added);

}

QTEST_GUILESS_MAIN(TestRevisionChange)
#include "tst_revisionchange.moc"
