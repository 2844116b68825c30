#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;
using pm::MigrationHistoryModel;
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

// The tree as text: "id(child,child)" per level, newest first.
QString shape(const MigrationHistoryModel &model, const QModelIndex &parent = {})
{
    QStringList parts;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        QString part = index.data().toString();
        if (model.rowCount(index) > 0)
            part += u'(' + shape(model, index) + u')';
        parts << part;
    }
    return parts.join(u',');
}

} // namespace

class TestMigrationHistoryModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void buildsTheTree_data();
    void buildsTheTree();
    void states_data();
    void states();
    void movingTheDatabaseOnlyChangesStates();
    void newerThanTheScripts();
    void columnsAndRoles();
};

void TestMigrationHistoryModel::buildsTheTree_data()
{
    QTest::addColumn<QList<RevisionRow>>("rows");
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QList<RevisionRow>{} << QString();
    QTest::newRow("linear, newest first")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 3)} << u"c,b,a"_s;
    QTest::newRow("two heads: the older branch under its branch point")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 4),
                              rev(u"x"_s, {u"b"_s}, 3), rev(u"y"_s, {u"x"_s}, 5)}
        << u"y,x,b(c),a"_s;
    QTest::newRow("merge: one row, the other parent under the branch point")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"a"_s}, 3),
                              rev(u"m"_s, {u"b"_s, u"c"_s}, 4)}
        << u"m,b,a(c)"_s;
    QTest::newRow("independent bases")
        << QList<RevisionRow>{rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 3), rev(u"z"_s, {}, 2)} << u"b,a,z"_s;
}

void TestMigrationHistoryModel::buildsTheTree()
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
    for (const RevisionRow &row : rows)
        QCOMPARE(model.indexOf(row.revision).data(MigrationHistoryModel::RevisionRole).toString(), row.revision);
}

void TestMigrationHistoryModel::states_data()
{
    QTest::addColumn<QStringList>("current");
    QTest::addColumn<QString>("revision");
    QTest::addColumn<QString>("state");
    QTest::addColumn<int>("pending");
    // a <- b <- c (head), b <- x (head)
    QTest::newRow("nothing applied: base") << QStringList{} << u"a"_s << u"pending"_s << 4;
    QTest::newRow("branch point") << QStringList{u"a"_s} << u"b"_s << u"pending, branch point"_s << 3;
    QTest::newRow("current") << QStringList{u"b"_s} << u"b"_s << u"current, branch point"_s << 2;
    QTest::newRow("ancestor of current") << QStringList{u"c"_s} << u"a"_s << u"applied"_s << 1;
    QTest::newRow("other head still pending") << QStringList{u"c"_s} << u"x"_s << u"pending, head"_s << 1;
    QTest::newRow("both heads current") << QStringList{u"c"_s, u"x"_s} << u"x"_s << u"current, head"_s << 0;
}

void TestMigrationHistoryModel::states()
{
    QFETCH(QStringList, current);
    QFETCH(QString, revision);
    QFETCH(QString, state);
    QFETCH(int, pending);
    MigrationHistoryModel model;
    model.setRevisions({rev(u"a"_s, {}, 1), rev(u"b"_s, {u"a"_s}, 2), rev(u"c"_s, {u"b"_s}, 3),
                        rev(u"x"_s, {u"b"_s}, 4)},
                       current);
    QCOMPARE(model.indexOf(revision, MigrationHistoryModel::StateColumn).data().toString(), state);
    QCOMPARE(model.pendingCount(), pending);
    QCOMPARE(model.heads().size(), 2);
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
    QCOMPARE(changed.count(), 2); // top level and the branch under "a"
    QVERIFY(model.states(u"b"_s).testFlag(MigrationHistoryModel::Current));
    QVERIFY(model.states(u"a"_s).testFlag(MigrationHistoryModel::Applied));
    QVERIFY(model.states(u"c"_s).testFlag(MigrationHistoryModel::Pending));
    model.setCurrentHeads({u"b"_s}); // no move, no signal
    QCOMPARE(changed.count(), 2);
}

void TestMigrationHistoryModel::newerThanTheScripts()
{
    MigrationHistoryModel model;
    model.setRevisions({rev(u"a"_s, {}, 1)}, {u"f00d"_s});
    QCOMPARE(model.unknownCurrentHeads(), QStringList{u"f00d"_s});
    QVERIFY(model.states(u"a"_s).testFlag(MigrationHistoryModel::Pending));
}

void TestMigrationHistoryModel::columnsAndRoles()
{
    MigrationHistoryModel model;
    RevisionRow labelled = rev(u"b"_s, {u"a"_s}, 2, u"pet owner"_s);
    labelled.branchLabels = {u"pets"_s};
    model.setRevisions({rev(u"a"_s, {}, 1), labelled}, {u"a"_s});
    QCOMPARE(model.columnCount(), int(MigrationHistoryModel::ColumnCount));
    QCOMPARE(model.headerData(MigrationHistoryModel::StateColumn, Qt::Horizontal).toString(), u"State"_s);
    const QModelIndex b = model.indexOf(u"b"_s);
    QCOMPARE(b.siblingAtColumn(MigrationHistoryModel::MessageColumn).data().toString(), u"pet owner"_s);
    QCOMPARE(b.siblingAtColumn(MigrationHistoryModel::BranchLabelsColumn).data().toString(), u"pets"_s);
    QVERIFY(!b.siblingAtColumn(MigrationHistoryModel::DateColumn).data().toString().isEmpty());
    QCOMPARE(b.data(MigrationHistoryModel::PathRole).toString(), u"/versions/b_step.py"_s);
    QVERIFY(!b.data(Qt::DecorationRole).value<QIcon>().isNull());
    QVERIFY(model.indexOf(u"a"_s).data(Qt::FontRole).value<QFont>().bold());
}

QTEST_MAIN(TestMigrationHistoryModel)
#include "tst_migrationhistorymodel.moc"
