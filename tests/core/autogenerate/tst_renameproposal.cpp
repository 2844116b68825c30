// Renames in a draft (issue 11): which drop+add pairs are proposed, with
// what evidence and in what order; the name similarity checked against
// Python's difflib; accepting one rewrites the draft as alter_column(...,
// new_column_name=...) or rename_table, in upgrade and downgrade, keeping the
// column's other changes; renames that match nothing are refused.
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTest>

#include "autogenerate/changedescription.h"
#include "autogenerate/migrationdraft.h"
#include "autogenerate/renameproposal.h"
#include "autogenerate/reverser.h"
#include "schemafixture.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// "pet.nam>name best", "pets>pet ambiguous": what a proposal list says.
QStringList summaries(const QList<RenameProposal> &proposals)
{
    QStringList out;
    for (const RenameProposal &p : proposals) {
        QString s = p.kind == RenameProposal::Kind::Table ? QString(p.table.oldName + u'>' + p.table.newName)
                                                          : QString(p.column.table + u'.' + p.column.oldName + u'>' + p.column.newName);
        if (p.best)
            s += u" best"_s;
        if (p.ambiguous)
            s += u" ambiguous"_s;
        out << s;
    }
    return out;
}

const QString PetBefore = u"CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), age INTEGER, PRIMARY KEY (id));"_s;
const QString PetAfter = u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), age INTEGER, PRIMARY KEY (id));"_s;

} // namespace

class TestRenameProposal : public QObject
{
    Q_OBJECT

private slots:
    void nameSimilarityIsDifflibs();
    void proposals_data();
    void proposals();
    void evidence();
    void rewrite_data();
    void rewrite();
    void renderedRename();
    void renamedColumnsIndexInItsOwnBlock();
    void acceptingWithdrawsRivals();
    void renamesThatMatchNothing_data();
    void renamesThatMatchNothing();
    void renameSpecs_data();
    void renameSpecs();
};

// SequenceMatcher(None, a, b).ratio(), pair by pair, from the Python the
// project names for its oracles.
void TestRenameProposal::nameSimilarityIsDifflibs()
{
    const QList<std::pair<QString, QString>> pairs = {
        {u"nam"_s, u"name"_s},         {u"email"_s, u"email_address"_s}, {u"owner_id"_s, u"user_id"_s},
        {u"first_name"_s, u"given_name"_s}, {u"last_name"_s, u"family_name"_s}, {u"abc"_s, u"xyz"_s},
        {u""_s, u""_s},                {u"a"_s, u""_s},                  {u"abcabc"_s, u"cbacba"_s},
        {u"weight_kg"_s, u"kg_weight"_s}, {u"créé"_s, u"cree"_s},        {u"aaaa"_s, u"aa"_s},
        {u"ababab"_s, u"bababa"_s},    {u"created_at"_s, u"updated_at"_s}, {u"pets"_s, u"pet"_s},
    };
    QJsonArray input;
    for (const auto &[a, b] : pairs)
        input.append(QJsonArray{a, b});
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON),
                 {u"-c"_s, u"import difflib, json, sys\n"
                           u"print(json.dumps([difflib.SequenceMatcher(None, a, b).ratio() for a, b in json.load(sys.stdin)]))"_s});
    QVERIFY2(python.waitForStarted(), "the Python oracle (PM_PYTHON) does not start");
    python.write(QJsonDocument(input).toJson());
    python.closeWriteChannel();
    QVERIFY(python.waitForFinished(60000));
    QCOMPARE(python.exitCode(), 0);
    const QJsonArray ratios = QJsonDocument::fromJson(python.readAllStandardOutput()).array();
    QCOMPARE(ratios.size(), pairs.size());
    for (int i = 0; i < pairs.size(); ++i) {
        const double ours = nameSimilarity(pairs.at(i).first, pairs.at(i).second);
        QVERIFY2(qAbs(ours - ratios.at(i).toDouble()) < 1e-12,
                 qPrintable(u"%1 / %2: ours %3, difflib %4"_s.arg(pairs.at(i).first, pairs.at(i).second)
                                .arg(ours).arg(ratios.at(i).toDouble())));
    }
}

void TestRenameProposal::proposals_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("expected");

    QTest::newRow("one column") << PetBefore << PetAfter << QStringList{u"pet.nam>name best"_s};
    QTest::newRow("compatible types: varchar to text, integer to bigint")
        << u"CREATE TABLE t (id INTEGER NOT NULL, note VARCHAR(20), qty INTEGER, PRIMARY KEY (id));"_s
        << u"CREATE TABLE t (id INTEGER NOT NULL, remark TEXT, quantity BIGINT, PRIMARY KEY (id));"_s
        << QStringList{u"t.qty>quantity best"_s, u"t.note>remark best"_s};
    QTest::newRow("incompatible types are not proposed")
        << u"CREATE TABLE t (id INTEGER NOT NULL, photo BLOB, PRIMARY KEY (id));"_s
        << u"CREATE TABLE t (id INTEGER NOT NULL, photos INTEGER, PRIMARY KEY (id));"_s << QStringList{};
    QTest::newRow("different tables are not paired")
        << u"CREATE TABLE a (id INTEGER NOT NULL, x VARCHAR, PRIMARY KEY (id)); CREATE TABLE b (id INTEGER NOT NULL, PRIMARY KEY (id));"_s
        << u"CREATE TABLE a (id INTEGER NOT NULL, PRIMARY KEY (id)); CREATE TABLE b (id INTEGER NOT NULL, x VARCHAR, PRIMARY KEY (id));"_s
        << QStringList{};
    // Two drops and two adds of one type: the pairing by position and name
    // first, the crossed pairs after (names 67% and 53% alike), every one
    // marked ambiguous.
    QTest::newRow("two drops, two adds")
        << u"CREATE TABLE person (id INTEGER NOT NULL, first_name VARCHAR(40), last_name VARCHAR(40), PRIMARY KEY (id));"_s
        << u"CREATE TABLE person (id INTEGER NOT NULL, given_name VARCHAR(40), family_name VARCHAR(40), PRIMARY KEY (id));"_s
        << QStringList{u"person.first_name>given_name best ambiguous"_s, u"person.last_name>family_name best ambiguous"_s,
                       u"person.first_name>family_name ambiguous"_s, u"person.last_name>given_name ambiguous"_s};
    QTest::newRow("one drop, two adds")
        << u"CREATE TABLE t (id INTEGER NOT NULL, mail VARCHAR, PRIMARY KEY (id));"_s
        << u"CREATE TABLE t (id INTEGER NOT NULL, email VARCHAR, phone VARCHAR, PRIMARY KEY (id));"_s
        << QStringList{u"t.mail>email best ambiguous"_s, u"t.mail>phone ambiguous"_s};
    QTest::newRow("a table with the same columns")
        << u"CREATE TABLE pets (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));"_s
        << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));"_s << QStringList{u"pets>pet best"_s};
    QTest::newRow("a table with other columns is not proposed")
        << u"CREATE TABLE pets (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));"_s
        << u"CREATE TABLE pet (id INTEGER NOT NULL, label VARCHAR(50), PRIMARY KEY (id));"_s << QStringList{};
}

void TestRenameProposal::proposals()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QStringList, expected);
    const MigrationDraft draft = fixture::draftFor(before, after);
    QCOMPARE(summaries(draft.renameProposals()), expected);
}

void TestRenameProposal::evidence()
{
    const MigrationDraft draft = fixture::draftFor(
        u"CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), age INTEGER, PRIMARY KEY (id));"_s,
        u"CREATE TABLE pet (id INTEGER NOT NULL, age INTEGER, name VARCHAR(80) NOT NULL, PRIMARY KEY (id));"_s);
    const QList<RenameProposal> proposals = draft.renameProposals();
    QCOMPARE(proposals.size(), 1);
    const RenameProposal &p = proposals.first();
    QCOMPARE(p.kind, RenameProposal::Kind::Column);
    QCOMPARE(p.from(), SchemaElementRef::ofColumn(u"pet"_s, u"nam"_s));
    QCOMPARE(p.to(), SchemaElementRef::ofColumn(u"pet"_s, u"name"_s));
    QCOMPARE(p.evidence.type, RenameEvidence::TypeMatch::Compatible);
    QCOMPARE(p.evidence.oldType, u"VARCHAR(length=50)"_s);
    QCOMPARE(p.evidence.newType, u"VARCHAR(length=80)"_s);
    QVERIFY(!p.evidence.sameNullability);
    QCOMPARE(p.evidence.oldPosition, 1);
    QCOMPARE(p.evidence.newPosition, 2);
    QCOMPARE(p.evidence.nameSimilarity, 6.0 / 7.0);
    QCOMPARE(p.score, 0.15 + 0.1 + 0.3 * 6.0 / 7.0);
    QCOMPARE(p.question(), u"renamed pet.nam → pet.name?"_s);
    QCOMPARE(p.evidenceText(), (QStringList{u"type VARCHAR(length=50) → VARCHAR(length=80)"_s, u"nullability changes"_s,
                                            u"position 2nd → 3rd"_s, u"names 86% alike"_s}));

    const MigrationDraft same = fixture::draftFor(PetBefore, PetAfter);
    const RenameProposal q = same.renameProposals().first();
    QCOMPARE(q.evidence.type, RenameEvidence::TypeMatch::Same);
    QCOMPARE(q.evidenceText(), (QStringList{u"same type VARCHAR(length=50)"_s, u"nullability kept"_s,
                                            u"same position (2nd)"_s, u"names 86% alike"_s}));
    QCOMPARE(q.score, 0.35 + 0.15 + 0.2 + 0.3 * 6.0 / 7.0);
}

void TestRenameProposal::rewrite_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("renames"); // --rename values
    QTest::addColumn<bool>("batch");
    QTest::addColumn<QStringList>("upgrade");   // labels
    QTest::addColumn<QStringList>("downgrade"); // labels

    for (bool batch : {false, true}) {
        const char *suffix = batch ? " (batch)" : "";
        QTest::addRow("column%s", suffix) << PetBefore << PetAfter << QStringList{u"pet.nam:name"_s} << batch
                                          << QStringList{u"alter_column('pet', 'nam', new_column_name='name')"_s}
                                          << QStringList{u"alter_column('pet', 'name', new_column_name='nam')"_s};
        QTest::addRow("column and its index%s", suffix)
            << PetBefore + u"CREATE INDEX ix_pet_nam ON pet (nam);"_s << PetAfter + u"CREATE INDEX ix_pet_name ON pet (name);"_s
            << QStringList{u"pet.nam:name"_s} << batch
            << QStringList{u"alter_column('pet', 'nam', new_column_name='name')"_s, u"drop_index('ix_pet_nam')"_s,
                           u"create_index('ix_pet_name')"_s}
            << QStringList{u"drop_index('ix_pet_name')"_s, u"create_index('ix_pet_nam')"_s,
                           u"alter_column('pet', 'name', new_column_name='nam')"_s};
        QTest::addRow("column with other changes beside%s", suffix)
            << PetBefore << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), years INTEGER, PRIMARY KEY (id));"_s
            << QStringList{u"pet.nam:name"_s} << batch
            << QStringList{u"add_column('pet', 'years')"_s, u"alter_column('pet', 'nam', new_column_name='name')"_s,
                           u"drop_column('pet', 'age')"_s}
            << QStringList{u"add_column('pet', 'age')"_s, u"alter_column('pet', 'name', new_column_name='nam')"_s,
                           u"drop_column('pet', 'years')"_s};
    }
    QTest::newRow("table") << u"CREATE TABLE pets (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));"_s
                           << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));"_s
                           << QStringList{u"pets:pet"_s} << false << QStringList{u"rename_table('pets', 'pet')"_s}
                           << QStringList{u"rename_table('pet', 'pets')"_s};
    QTest::newRow("table referred to by a foreign key, and a column in it")
        << u"CREATE TABLE owners (id INTEGER NOT NULL, nam VARCHAR(50), PRIMARY KEY (id));"
           u"CREATE TABLE pet (id INTEGER NOT NULL, owner_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES owners (id));"_s
        << u"CREATE TABLE owner (id INTEGER NOT NULL, nam VARCHAR(50), PRIMARY KEY (id));"
           u"CREATE TABLE pet (id INTEGER NOT NULL, owner_id INTEGER, PRIMARY KEY (id), FOREIGN KEY(owner_id) REFERENCES owner (id));"_s
        << QStringList{u"owners:owner"_s} << true << QStringList{u"rename_table('owners', 'owner')"_s}
        << QStringList{u"rename_table('owner', 'owners')"_s};
    QTest::newRow("table and a column of it")
        << u"CREATE TABLE pets (id INTEGER NOT NULL, nam VARCHAR(50), PRIMARY KEY (id));"_s
        << u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));"_s
        << QStringList{u"pets:pet"_s, u"pet.nam:name"_s} << true
        << QStringList{u"rename_table('pets', 'pet')"_s, u"alter_column('pet', 'nam', new_column_name='name')"_s}
        << QStringList{u"alter_column('pet', 'name', new_column_name='nam')"_s, u"rename_table('pet', 'pets')"_s};
}

void TestRenameProposal::rewrite()
{
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QStringList, renames);
    QFETCH(bool, batch);
    QFETCH(QStringList, upgrade);
    QFETCH(QStringList, downgrade);

    MigrationDraft draft = fixture::draftFor(before, after, batch);
    SchemaRenames wanted;
    for (const QString &spec : std::as_const(renames))
        QVERIFY(addRenameSpec(wanted, spec));
    const Status set = draft.setRenames(wanted);
    QVERIFY2(set, qPrintable(set ? QString() : set.error().message));
    QCOMPARE(fixture::leafLabels(draft.ops().upgrade), upgrade);
    QCOMPARE(fixture::leafLabels(draft.ops().downgrade), downgrade);
    const auto reversed = reverseOperations(draft.ops().upgrade);
    QVERIFY(reversed && *reversed == draft.ops().downgrade);
    // Nothing left to propose for what was renamed.
    for (const RenameProposal &p : draft.renameProposals())
        QVERIFY2(!wanted.columns.contains(p.column) && !wanted.tables.contains(p.table), qPrintable(p.question()));
    // Under render_as_batch a column rename sits in the table's block.
    const QString text = draft.bodies().upgrades;
    if (!wanted.columns.isEmpty())
        QVERIFY2(text.contains(batch ? u"batch_op.alter_column('nam',"_s : u"op.alter_column('pet', 'nam',"_s), qPrintable(text));
    if (!wanted.tables.isEmpty())
        QVERIFY2(text.contains(u"op.rename_table("_s), qPrintable(text));
}

// The script text for a rename with a type and nullability change: one
// alter_column carrying all three, with existing_type as Alembic writes it.
void TestRenameProposal::renderedRename()
{
    MigrationDraft draft = fixture::draftFor(
        PetBefore, u"CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(80) NOT NULL, age INTEGER, PRIMARY KEY (id));"_s,
        true);
    QCOMPARE(draft.renameProposals().size(), 1);
    const RenameProposal proposal = draft.renameProposals().first();
    QVERIFY(draft.acceptRename(proposal));
    QCOMPARE(draft.bodies().upgrades,
             u"# ### commands auto generated by Alembic - please adjust! ###\n"
             u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
             u"        batch_op.alter_column('nam',\n"
             u"               existing_type=sa.VARCHAR(length=50),\n"
             u"               type_=sa.VARCHAR(length=80),\n"
             u"               nullable=False,\n"
             u"               new_column_name='name')\n"
             u"\n"
             u"    # ### end Alembic commands ###"_s);
    QCOMPARE(draft.bodies().downgrades,
             u"# ### commands auto generated by Alembic - please adjust! ###\n"
             u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
             u"        batch_op.alter_column('name',\n"
             u"               existing_type=sa.VARCHAR(length=80),\n"
             u"               type_=sa.VARCHAR(length=50),\n"
             u"               nullable=True,\n"
             u"               new_column_name='nam')\n"
             u"\n"
             u"    # ### end Alembic commands ###"_s);
    QCOMPARE(draft.detected(), (QStringList{u"Detected renamed column 'pet.nam' to 'name'"_s,
                                            u"Detected NOT NULL on column 'pet.nam'"_s,
                                            u"Detected type change from VARCHAR(length=50) to VARCHAR(length=80) on 'pet.nam'"_s}));

    // The schema after the reviewed upgrade has the target's column, in the
    // place the old one had.
    const auto after = draft.schemaAfter();
    QVERIFY(after);
    QCOMPARE(after->table(u"pet"_s)->columnNames(), (QStringList{u"id"_s, u"name"_s, u"age"_s}));
    QVERIFY(!after->table(u"pet"_s)->column(u"name"_s)->nullable);
    QCOMPARE(draft.database().table(u"pet"_s)->columnNames(), (QStringList{u"id"_s, u"nam"_s, u"age"_s}));

    // Undone, the draft is the plain drop and add again.
    QVERIFY(draft.renameProposals().isEmpty());
    QVERIFY(draft.undoRename(proposal));
    QVERIFY(!draft.undoRename(proposal));
    QCOMPARE(fixture::leafLabels(draft.ops().upgrade), (QStringList{u"add_column('pet', 'name')"_s, u"drop_column('pet', 'nam')"_s}));
}

// Alembic's batch keys a renamed column by its old name until the block
// ends, so the index on the new name goes into a block after the rename's
// (the interop suite runs both with real Alembic).
void TestRenameProposal::renamedColumnsIndexInItsOwnBlock()
{
    MigrationDraft draft = fixture::draftFor(PetBefore + u"CREATE INDEX ix_pet_nam ON pet (nam);"_s,
                                    PetAfter + u"CREATE INDEX ix_pet_name ON pet (name);"_s, true);
    QVERIFY(draft.acceptRename(draft.renameProposals().first()));
    QCOMPARE(draft.bodies().upgrades,
             u"# ### commands auto generated by Alembic - please adjust! ###\n"
             u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
             u"        batch_op.alter_column('nam',\n"
             u"               existing_type=sa.VARCHAR(length=50),\n"
             u"               new_column_name='name',\n"
             u"               existing_nullable=True)\n"
             u"\n"
             u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
             u"        batch_op.drop_index('ix_pet_nam')\n"
             u"        batch_op.create_index('ix_pet_name', ['name'], unique=False)\n"
             u"\n"
             u"    # ### end Alembic commands ###"_s);
    // Reversed, the index operations come first and name the column as it
    // still is: one block.
    QCOMPARE(draft.bodies().downgrades.count(u"batch_alter_table"_s), 1);
    QCOMPARE(draft.operations().size(), size_t(2));
}

// Accepting one of two crossed proposals withdraws the ones sharing its
// columns; what was left out before stays left out.
void TestRenameProposal::acceptingWithdrawsRivals()
{
    MigrationDraft draft = fixture::draftFor(
        u"CREATE TABLE person (id INTEGER NOT NULL, first_name VARCHAR(40), last_name VARCHAR(40), PRIMARY KEY (id));"
        u"CREATE TABLE tag (id INTEGER NOT NULL, PRIMARY KEY (id));"_s,
        u"CREATE TABLE person (id INTEGER NOT NULL, given_name VARCHAR(40), family_name VARCHAR(40), PRIMARY KEY (id));"_s);
    for (const DraftOperation &row : draft.rows()) {
        if (row.label == u"drop_table('tag')")
            QVERIFY(draft.leaveOut(row.path));
    }
    QCOMPARE(draft.renameProposals().size(), 4);
    QVERIFY(draft.acceptRename(draft.renameProposals().first()));
    QCOMPARE(summaries(draft.renameProposals()), QStringList{u"person.last_name>family_name best"_s});
    QVERIFY(draft.acceptRename(draft.renameProposals().first()));
    QVERIFY(draft.renameProposals().isEmpty());
    QCOMPARE(fixture::leafLabels(draft.ops().upgrade),
             (QStringList{u"alter_column('person', 'first_name', new_column_name='given_name')"_s,
                          u"alter_column('person', 'last_name', new_column_name='family_name')"_s}));
    bool tagStillOut = false;
    for (const DraftOperation &row : draft.rows())
        tagStillOut = tagStillOut || (row.label == u"drop_table('tag')" && row.state == DraftOperation::State::LeftOut);
    QVERIFY(tagStillOut);
}

void TestRenameProposal::renamesThatMatchNothing_data()
{
    QTest::addColumn<QStringList>("renames");
    QTest::addColumn<QString>("message");
    QTest::newRow("no such column") << QStringList{u"pet.nom:name"_s}
                                    << u"rename pet.nom:name matches no column the draft drops and adds: it does not drop column 'pet.nom'"_s;
    QTest::newRow("not added") << QStringList{u"pet.nam:title"_s}
                               << u"rename pet.nam:title matches no column the draft drops and adds: it does not add column 'pet.title'"_s;
    QTest::newRow("neither") << QStringList{u"pet.age:years"_s}
                             << u"rename pet.age:years matches no column the draft drops and adds: it neither drops column 'pet.age' nor adds column 'pet.years'"_s;
    QTest::newRow("other table") << QStringList{u"owner.nam:name"_s}
                                 << u"rename owner.nam:name matches no column the draft drops and adds: it neither drops column 'owner.nam' nor adds column 'owner.name'"_s;
    QTest::newRow("table") << QStringList{u"pets:pet"_s}
                           << u"rename pets:pet matches no table the draft drops and creates: it neither drops table 'pets' nor creates table 'pet'"_s;
    QTest::newRow("twice") << QStringList{u"pet.nam:name"_s, u"pet.nam:name"_s}
                           << u"rename pet.nam:name: column 'pet.nam' is renamed twice"_s;
}

void TestRenameProposal::renamesThatMatchNothing()
{
    QFETCH(QStringList, renames);
    QFETCH(QString, message);
    MigrationDraft draft = fixture::draftFor(PetBefore, PetAfter);
    const MigrationOps before = draft.ops();
    SchemaRenames wanted;
    for (const QString &spec : std::as_const(renames))
        QVERIFY(addRenameSpec(wanted, spec));
    const Status set = draft.setRenames(wanted);
    QVERIFY(!set);
    QCOMPARE(set.error().message, message);
    QVERIFY(draft.renames().isEmpty());
    QVERIFY(draft.ops().upgrade == before.upgrade);
}

void TestRenameProposal::renameSpecs_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<QString>("parsed"); // toString() of what it says, or the error
    QTest::newRow("column") << u"pet.nam:name"_s << u"column pet.nam:name"_s;
    QTest::newRow("column in a schema") << u"extra.pet.nam:name"_s << u"column extra.pet.nam:name"_s;
    QTest::newRow("table") << u"pets:pet"_s << u"table pets:pet"_s;
    const QString bad = u"--rename %1 is neither TABLE.OLD:NEW (a column) nor OLD:NEW (a table)"_s;
    for (const char *spec : {"pet.nam", "pet.nam:", ":name", "pet..nam:name", "pet.nam:a.b", "a:b:c", "w.x.y.z:n"})
        QTest::newRow(spec) << QString::fromLatin1(spec) << bad.arg(QString::fromLatin1(spec));
}

void TestRenameProposal::renameSpecs()
{
    QFETCH(QString, spec);
    QFETCH(QString, parsed);
    SchemaRenames renames;
    const Status added = addRenameSpec(renames, spec);
    if (!added) {
        QCOMPARE(added.error().message, parsed);
        return;
    }
    QCOMPARE(renames.tables.size() + renames.columns.size(), 1);
    QCOMPARE(renames.tables.isEmpty() ? u"column "_s + renames.columns.first().toString()
                                      : u"table "_s + renames.tables.first().toString(),
             parsed);
}

QTEST_GUILESS_MAIN(TestRenameProposal)
#include "tst_renameproposal.moc"
