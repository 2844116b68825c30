#include <QAbstractItemModelTester>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>

#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;
using pm::MigrationHistoryModel;
using pm::RevisionFacts;
using pm::RevisionPath;
using pm::RevisionRow;

namespace {

RevisionRow rev(const QString &id, QStringList down, int day, QString message = {})
{
    RevisionRow row;
    row.revision = id;
    row.downRevisions = std::move(down);
    row.message = message.isEmpty() ? u"step "_s + id : message;
    row.date = QDateTime(QDate(2024, 1, day), QTime(12, 0));
    row.path = u"/versions/"_s + id + u"_step.py"_s;
    return row;
}

// The rows as text: ids, a fold as "[n]".
QString shape(const MigrationHistoryModel &model)
{
    QStringList parts;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        const int folded = index.data(MigrationHistoryModel::FoldCountRole).toInt();
        parts << (folded > 0 ? u"[%1]"_s.arg(folded) : index.data().toString());
    }
    return parts.join(u',');
}

// r1 <- r2 <- ... <- rN, r<N> the head.
QList<RevisionRow> line(int n)
{
    QList<RevisionRow> rows;
    for (int i = 1; i <= n; ++i)
        rows << rev(u"r%1"_s.arg(i), i == 1 ? QStringList() : QStringList{u"r%1"_s.arg(i - 1)}, 1,
                    u"change %1"_s.arg(i));
    return rows;
}

} // namespace

class TestMigrationHistoryModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init() { QTest::failOnWarning(QRegularExpression(u".+"_s)); }
    void oneRowPerRevisionNewestFirst_data();
    void oneRowPerRevisionNewestFirst();
    void states_data();
    void states();
    void dependenciesAreApplied();
    void movingTheDatabaseOnlyChangesStates();
    void newerThanTheScripts();
    void columnsAndRoles();
    void labelsShowWhereDeclaredAndOnTheirHead();
    void longRunsFold_data();
    void longRunsFold();
    void foldsOpenAndStayOpen();
    void aCurrentRevisionIsNeverFolded();
    void search();
    void thePathIsNumberedInRunOrder();
    void badgesFromFacts();
};

void TestMigrationHistoryModel::oneRowPerRevisionNewestFirst_data()
{
    QTest::addColumn<QList<RevisionRow>>("rows");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QList<RevisionRow>{} << QString();
    QTest::newRow("linear")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 3)} << u"c,b,a"_s;
    // The longer line on top, the short one right above its branch point.
    QTest::newRow("two heads")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 4),
                              rev(u"x"_s, {u"b"_s}, 3), rev(u"y"_s, {u"x"_s}, 5)}
        << u"y,x,c,b,a"_s;
    QTest::newRow("merge: its first parent right under it")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"a"_s}, 3),
                              rev(u"m"_s, {u"b"_s, u"c"_s}, 4)}
        << u"m,b,c,a"_s;
    QTest::newRow("independent bases")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 3), rev(u"z"_s, {}, 2)} << u"b,a,z"_s;
}

void TestMigrationHistoryModel::oneRowPerRevisionNewestFirst()
{
    QFETCH(QList<RevisionRow>, rows);
    QFETCH(QString, expected);
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setRevisions(rows, {});
    QCOMPARE(reset.count(), 1);
    QCOMPARE(shape(model), expected);
    QCOMPARE(model.revisionCount(), rows.size());
    QCOMPARE(model.revisionsInOrder().join(u','), expected);
    for (const RevisionRow &row : rows) {
        const QModelIndex index = model.indexOf(row.revision);
        QCOMPARE(index.data(MigrationHistoryModel::RevisionRole).toString(), row.revision);
        // The delegate draws the row from the layout row the model names.
        QCOMPARE(model.layout().revisionAt(index.data(MigrationHistoryModel::LayoutRowRole).toInt()), row.revision);
        QCOMPARE(model.rowCount(index), 0);
    }
}

void TestMigrationHistoryModel::states_data()
{
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("state");
    QTest::addColumn<QString>("column");
    QTest::addColumn<int>("pending");
    // a <- b <- c (head), b <- x (head)
    QTest::newRow("nothing applied: base") << QStringList{} << u"a"_s << u"pending"_s << u"pending"_s << 4;
    QTest::newRow("branch point") << QStringList{u"a"_s} << u"b"_s << u"pending, branch point"_s << u"pending"_s << 3;
    QTest::newRow("current") << QStringList{u"b"_s} << u"b"_s << u"current, branch point"_s << u"current"_s << 2;
    QTest::newRow("ancestor of current") << QStringList{u"c"_s} << u"a"_s << u"applied"_s << u"applied"_s << 1;
    QTest::newRow("other head still pending")
        << QStringList{u"c"_s} << u"x"_s << u"pending, head"_s << u"pending"_s << 1;
    QTest::newRow("both heads current")
        << QStringList{u"c"_s, u"x"_s} << u"x"_s << u"current, head"_s << u"current"_s << 0;
}

void TestMigrationHistoryModel::states()
{
    QFETCH(QStringList, current);
    QFETCH(QString, revision);
    QFETCH(QString, state);
    QFETCH(QString, column);
    QFETCH(int, pending);
    MigrationHistoryModel model;
    model.setRevisions({rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 3),
                        rev(u"x"_s, {u"b"_s}, 4)},
                       current);
    QCOMPARE(MigrationHistoryModel::describe(model.states(revision)), state);
    QCOMPARE(model.indexOf(revision, MigrationHistoryModel::StateColumn).data().toString(), column);
    QVERIFY(model.indexOf(revision).data(Qt::ToolTipRole).toString().contains(state));
    QCOMPARE(model.pendingCount(), pending);
    QCOMPARE(model.heads().size(), 2);
}

void TestMigrationHistoryModel::dependenciesAreApplied()
{
    // An upgrade to d ran what d depends on: the other root is applied too.
    RevisionRow d = rev(u"d"_s, {u"a"_s}, 3);
    d.dependsOn = {u"z"_s};
    MigrationHistoryModel model;
    model.setRevisions({rev(u"a"_s, {}, 1), rev(u"z"_s, {}, 2), d}, {u"d"_s});
    QVERIFY(model.states(u"z"_s).testFlag(MigrationHistoryModel::Applied));
    QCOMPARE(model.pendingCount(), 0);
}

void TestMigrationHistoryModel::movingTheDatabaseOnlyChangesStates()
{
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions({rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"a"_s}, 3)}, {u"a"_s});
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setCurrentHeads({u"b"_s});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toModelIndex(), model.index(0, 0));
    QCOMPARE(changed.first().at(1).toModelIndex(), model.index(2, MigrationHistoryModel::ColumnCount - 1));
    QVERIFY(model.states(u"b"_s).testFlag(MigrationHistoryModel::Current));
    QVERIFY(model.states(u"a"_s).testFlag(MigrationHistoryModel::Applied));
    QVERIFY(model.states(u"c"_s).testFlag(MigrationHistoryModel::Pending));
    model.setCurrentHeads({u"b"_s}); // no move, no signal
    QCOMPARE(changed.count(), 1);
}

void TestMigrationHistoryModel::newerThanTheScripts()
{
    MigrationHistoryModel model;
    model.setRevisions({rev(u"a"_s, {}, 1)}, {u"f00d"_s});
    QCOMPARE(model.unknownCurrentHeads(), QStringList{u"f00d"_s});
    QVERIFY(model.states(u"a"_s).testFlag(MigrationHistoryModel::Pending));
    model.setCurrentHeads({u"a"_s});
    QVERIFY(model.unknownCurrentHeads().isEmpty());
}

void TestMigrationHistoryModel::columnsAndRoles()
{
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    RevisionRow labelled = rev(u"b"_s, {u"a"_s}, 2, u"pet owner"_s);
    labelled.branchLabels = {u"pets"_s};
    labelled.labels = {u"pets"_s};
    model.setRevisions({rev(u"a"_s, {}, 1), labelled}, {u"a"_s});
    QCOMPARE(model.columnCount(), int(MigrationHistoryModel::ColumnCount));
    QCOMPARE(model.headerData(MigrationHistoryModel::StateColumn, Qt::Horizontal).toString(), u"State"_s);
    const QModelIndex b = model.indexOf(u"b"_s);
    QCOMPARE(b.siblingAtColumn(MigrationHistoryModel::MessageColumn).data().toString(), u"pet owner"_s);
    QCOMPARE(b.siblingAtColumn(MigrationHistoryModel::BranchLabelsColumn).data().toString(), u"pets"_s);
    QVERIFY(!b.siblingAtColumn(MigrationHistoryModel::DateColumn).data().toString().isEmpty());
    QCOMPARE(b.data(MigrationHistoryModel::PathRole).toString(), u"/versions/b_step.py"_s);
    QCOMPARE(b.data(MigrationHistoryModel::DownRevisionsRole).toStringList(), QStringList{u"a"_s});
    QCOMPARE(b.data(MigrationHistoryModel::FoldCountRole).toInt(), 0);
    QVERIFY(model.indexOf(u"a"_s).data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(model.indexOf(u"a"_s).data(Qt::AccessibleDescriptionRole).toString(), u"current"_s);
    QVERIFY(b.flags().testFlag(Qt::ItemIsSelectable));
}

void TestMigrationHistoryModel::labelsShowWhereDeclaredAndOnTheirHead()
{
    // "pets" declared on p spreads over p2 and p3 (RevisionMap's
    // spreading); the tag shows on p and on the head p3, not in between.
    QList<RevisionRow> rows{rev(u"a"_s, {}, 1), rev(u"p"_s, {u"a"_s}, 2), rev(u"p2"_s, {u"p"_s}, 3),
                            rev(u"p3"_s, {u"p2"_s}, 4)};
    rows[1].branchLabels = {u"pets"_s};
    for (int i = 1; i < 4; ++i)
        rows[i].labels = {u"pets"_s};
    MigrationHistoryModel model;
    model.setRevisions(rows, {});
    QCOMPARE(model.indexOf(u"p"_s).data(MigrationHistoryModel::TagsRole).toStringList(), QStringList{u"pets"_s});
    QCOMPARE(model.indexOf(u"p2"_s).data(MigrationHistoryModel::TagsRole).toStringList(), QStringList());
    QCOMPARE(model.indexOf(u"p3"_s).data(MigrationHistoryModel::TagsRole).toStringList(), QStringList{u"pets"_s});
    QCOMPARE(model.indexOf(u"a"_s).data(MigrationHistoryModel::TagsRole).toStringList(), QStringList());
    // Found by its label anywhere it spread.
    QCOMPARE(model.find(u"PETS"_s), (QStringList{u"p3"_s, u"p2"_s, u"p"_s}));
}

void TestMigrationHistoryModel::longRunsFold_data()
{
    QTest::addColumn<int>("revisions");
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<QString>("expected");
    // Plain revisions: one parent, one child. The head (no child), the base
    // (no parent) and the current revision are never folded; 2 stay shown
    // at each end of a run, and a run folds from 5 + 2 + 2 revisions.
    QTest::newRow("too short to fold") << 10 << QStringList() << u"r10,r9,r8,r7,r6,r5,r4,r3,r2,r1"_s;
    QTest::newRow("just long enough") << 11 << QStringList() << u"r11,r10,r9,[5],r3,r2,r1"_s;
    QTest::newRow("a long line") << 40 << QStringList() << u"r40,r39,r38,[34],r3,r2,r1"_s;
    QTest::newRow("cut by the current revision")
        << 40 << QStringList{u"r20"_s} << u"r40,r39,r38,[15],r22,r21,r20,r19,r18,[14],r3,r2,r1"_s;
}

void TestMigrationHistoryModel::longRunsFold()
{
    QFETCH(int, revisions);
    QFETCH(QStringList, current);
    QFETCH(QString, expected);
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions(line(revisions), current);
    QCOMPARE(shape(model), expected);
    QCOMPARE(model.revisionCount(), revisions);
}

void TestMigrationHistoryModel::foldsOpenAndStayOpen()
{
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions(line(40), {});
    const QModelIndex fold = model.index(3, 0);
    QVERIFY(model.isFold(fold));
    QCOMPARE(fold.data().toString(), u"34 revisions"_s);
    QCOMPARE(fold.data(MigrationHistoryModel::RevisionRole).toString(), QString());
    QVERIFY(fold.data(Qt::ToolTipRole).toString().contains(u"from r37 down to r4"_s));
    QVERIFY(!model.indexOf(u"r20"_s).isValid()); // folded

    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    model.expandFold(3);
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.first().at(1).toInt(), 4);
    QCOMPARE(inserted.first().at(2).toInt(), 36);
    QCOMPARE(model.rowCount(), 40);
    QCOMPARE(model.index(3, 0).data().toString(), u"r37"_s);
    QCOMPARE(model.indexOf(u"r20"_s).row(), 20);

    // Opened stays open across a reload; "fold again" folds it back.
    model.setRevisions(line(40), {});
    QCOMPARE(model.rowCount(), 40);
    model.foldAgain();
    QCOMPARE(shape(model), u"r40,r39,r38,[34],r3,r2,r1"_s);

    // reveal() opens the fold that hides the revision.
    const QModelIndex r10 = model.reveal(u"r10"_s);
    QCOMPARE(r10.data(MigrationHistoryModel::RevisionRole).toString(), u"r10"_s);
    QCOMPARE(model.rowCount(), 40);
    model.foldAgain();
    model.expandAll();
    QCOMPARE(model.rowCount(), 40);
}

void TestMigrationHistoryModel::aCurrentRevisionIsNeverFolded()
{
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions(line(40), {u"r38"_s});
    QCOMPARE(shape(model), u"r40,r39,r38,r37,r36,[32],r3,r2,r1"_s);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    // The database moves into the fold: it opens.
    model.setCurrentHeads({u"r20"_s});
    QCOMPARE(reset.count(), 0);
    QCOMPARE(inserted.count(), 1);
    QVERIFY(model.indexOf(u"r20"_s).isValid());
    QVERIFY(model.indexOf(u"r20"_s).data(Qt::FontRole).value<QFont>().bold());
}

void TestMigrationHistoryModel::search()
{
    QList<RevisionRow> rows = line(40);
    rows[19].message = u"add pet species"_s; // r20
    rows[29].labels = {u"species"_s};         // r30
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions(rows, {});
    // id prefix, message, label; newest first
    QCOMPARE(model.find(u"r3"_s), (QStringList{u"r39"_s, u"r38"_s, u"r37"_s, u"r36"_s, u"r35"_s, u"r34"_s, u"r33"_s,
                                              u"r32"_s, u"r31"_s, u"r30"_s, u"r3"_s}));
    QCOMPARE(model.find(u"Species"_s), (QStringList{u"r30"_s, u"r20"_s}));
    QCOMPARE(model.find(u"change 7"_s), QStringList{u"r7"_s});
    QCOMPARE(model.find(u"  "_s), QStringList());
    QCOMPARE(model.find(u"nothing like it"_s), QStringList());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setSearch(u"species"_s);
    QCOMPARE(changed.count(), 1);
    QVERIFY(!model.index(0, 0).data(MigrationHistoryModel::SearchMatchRole).toBool()); // r40
    QVERIFY(model.index(3, 0).data(MigrationHistoryModel::SearchMatchRole).toBool());  // the fold holds both
    model.setSearch({});
    QVERIFY(model.index(0, 0).data(MigrationHistoryModel::SearchMatchRole).toBool());
}

void TestMigrationHistoryModel::thePathIsNumberedInRunOrder()
{
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions({rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 3)}, {u"a"_s});
    RevisionPath path;
    path.target = u"c"_s;
    path.upgrade = QStringList{u"b"_s, u"c"_s};
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPath(path);
    QVERIFY(changed.count() >= 1);
    QCOMPARE(model.indexOf(u"b"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 1);
    QCOMPARE(model.indexOf(u"c"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 2);
    QCOMPARE(model.indexOf(u"a"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 0);
    QCOMPARE(model.indexOf(u"c"_s).data(MigrationHistoryModel::RunDirectionRole).toInt(),
             int(RevisionPath::Direction::Upgrade));
    QVERIFY(model.indexOf(u"c"_s).data(Qt::ToolTipRole).toString().contains(u"Step 2 of 2 of the upgrade to c"_s));
    model.setPath({});
    QCOMPARE(model.indexOf(u"c"_s).data(MigrationHistoryModel::RunStepRole).toInt(), 0);
}

void TestMigrationHistoryModel::badgesFromFacts()
{
    MigrationHistoryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setRevisions({rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 3)}, {u"b"_s});
    QVERIFY(model.badges(u"b"_s).isEmpty()); // not read yet

    RevisionFacts b;
    b.revision = u"b"_s;
    b.rebuilds = {{RevisionFacts::Function::Upgrade, u"pet"_s, {}, 19, 6, true},
                  {RevisionFacts::Function::Downgrade, u"pet"_s, {}, 24, 6, true}};
    b.dataChanges = {{RevisionFacts::Function::Upgrade, u"op.execute"_s, 20}};
    b.irreversible = true;
    b.irreversibleReason = u"downgrade() does nothing (only pass)"_s;
    RevisionFacts c;
    c.revision = u"c"_s;
    c.rebuilds = {{RevisionFacts::Function::Upgrade, u"toy"_s, {}, 19, std::nullopt, false}};
    c.databaseReads = {{RevisionFacts::Function::Downgrade, pm::Error(u"/v/c.py"_s, 31, 17, u"reads"_s)}};
    RevisionFacts broken = RevisionFacts::unreadable(u"a"_s, pm::Error(u"/v/a.py"_s, 23, 5, u"'raise' is not supported"_s));
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setFacts({b, c, broken});
    QCOMPARE(changed.count(), 1); // three neighbouring rows: one signal
    QCOMPARE(changed.first().at(0).toModelIndex().column(), int(MigrationHistoryModel::MessageColumn));

    const auto texts = [&model](const QString &revision) {
        QStringList out;
        for (const auto &badge :
             model.indexOf(revision).data(MigrationHistoryModel::BadgesRole).value<QList<MigrationHistoryModel::Badge>>())
            out << badge.text;
        return out;
    };
    // b is applied: its downgrade's rebuild is the one this database would run.
    QCOMPARE(texts(u"b"_s), (QStringList{u"data"_s, u"irreversible"_s, u"rebuilds pet · 6 rows"_s}));
    QCOMPARE(texts(u"c"_s), (QStringList{u"reads database"_s, u"rebuilds toy"_s}));
    QVERIFY(model.badges(u"c"_s).first().toolTip.contains(u"downgrade(), line 31"_s));
    QVERIFY(model.badges(u"c"_s).last().toolTip.contains(u"not in this database yet"_s));
    QCOMPARE(texts(u"a"_s), QStringList{u"unreadable"_s});
    QVERIFY(model.badges(u"a"_s).first().toolTip.contains(u"/v/a.py:23:5"_s));
    QVERIFY(model.indexOf(u"b"_s).data(Qt::AccessibleDescriptionRole).toString().contains(u"irreversible"_s));
}

QTEST_MAIN(TestMigrationHistoryModel)
#include "tst_migrationhistorymodel.moc"
