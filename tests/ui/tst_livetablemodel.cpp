#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "testdatabase.h"
#include "ui/livetablemodel.h"

using namespace Qt::StringLiterals;
using pm::LiveTableModel;

class TestLiveTableModel final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void reflectsTheLiveColumns();
    void showsColumnsAddedLater();
    void missingTableIsEmpty();
    void passesTheModelTester();
    void fetchesLazilyAndCountsAll();
    void holdsNoLockThatBlocksDdl();
    void releaseDatabaseClearsEverything();
    void sorts_data();
    void sorts();
    void filters_data();
    void filters();
    void showsForeignKeyAsLabel();
    void rejectsInvalidInsert_data();
    void rejectsInvalidInsert();
    void rejectsInvalidEdit_data();
    void rejectsInvalidEdit();
    void acceptsValidEdit();
    void deletesInOneTransaction();
    void refusesDeletingReferencedRow();

private:
    std::unique_ptr<LiveTableModel> model(const QString &table);
    void addUsersAndPets();
    qint64 count(const QString &table);

    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_connection;
};

void TestLiveTableModel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_connection = pm::test::openConnection(m_dir->filePath(u"pets.db"_s));
    QVERIFY(pm::test::createSchema(m_connection));
}

void TestLiveTableModel::cleanup()
{
    pm::test::closeConnection(m_connection);
    m_dir.reset();
}

std::unique_ptr<LiveTableModel> TestLiveTableModel::model(const QString &table)
{
    auto result = std::make_unique<LiveTableModel>(m_connection, table);
    result->reload();
    return result;
}

qint64 TestLiveTableModel::count(const QString &table)
{
    return pm::test::scalar(m_connection, u"SELECT count(*) FROM \""_s + table + u'"').toLongLong();
}

void TestLiveTableModel::addUsersAndPets()
{
    using pm::test::exec;
    QVERIFY(exec(m_connection, u"INSERT INTO user (id, name, email) VALUES (1, 'Ann', 'ann@example.org'), "
                               "(2, 'Bob', 'bob@example.org'), (3, 'Cleo', NULL)"_s));
    QVERIFY(exec(m_connection, u"INSERT INTO pet (name, species, weight_kg, owner_id) VALUES "
                               "('Rex', 'dog', 12.5, 1), ('Tom', 'cat', 4.0, NULL), ('Bella', 'dog', 20, 2), "
                               "('Nemo', 'fish', 0.1, 1)"_s));
}

void TestLiveTableModel::reflectsTheLiveColumns()
{
    auto pets = model(u"pet"_s);
    QCOMPARE(pets->columnCount(), 5);
    QCOMPARE(pets->headerData(0, Qt::Horizontal).toString(), u"id"_s);
    QCOMPARE(pets->headerData(4, Qt::Horizontal).toString(), u"owner"_s); // owner_id, shown as the owner
    QVERIFY(pets->headerData(4, Qt::Horizontal, Qt::ToolTipRole).toString().contains(u"user.id"_s));
    const pm::TableInfo info = pets->tableInfo();
    QVERIFY(info.columns.at(0).isAutoKey());
    QVERIFY(info.columns.at(1).notNull);
    QCOMPARE(info.columns.at(3).kind, pm::TableInfo::Column::Kind::Real);
    QCOMPARE(info.columns.at(4).refTable, u"user"_s);
    QCOMPARE(info.columns.at(4).refLabelColumn, u"name"_s);
    QVERIFY(!(pets->flags(pets->index(0, 0)) & Qt::ItemIsEditable) || pets->rowCount() == 0);
}

void TestLiveTableModel::showsColumnsAddedLater()
{
    addUsersAndPets();
    auto users = model(u"user"_s);
    QCOMPARE(users->columnCount(), 3);
    QVERIFY(pm::test::exec(m_connection, u"ALTER TABLE user ADD COLUMN phone VARCHAR"_s));
    QSignalSpy reset(users.get(), &QAbstractItemModel::modelReset);
    users->reload();
    QCOMPARE(reset.count(), 1);
    QCOMPARE(users->columnCount(), 4);
    QCOMPARE(users->headerData(3, Qt::Horizontal).toString(), u"phone"_s);
    QCOMPARE(users->rowCount(), 3);
}

void TestLiveTableModel::missingTableIsEmpty()
{
    auto none = model(u"no_such_table"_s);
    QAbstractItemModelTester tester(none.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(!none->tableExists());
    QCOMPARE(none->rowCount(), 0);
    QCOMPARE(none->columnCount(), 0);
    QCOMPARE(none->totalRowCount(), 0);
    QVERIFY(!none->insertRecord({{u"name"_s, u"x"_s}}));
}

void TestLiveTableModel::passesTheModelTester()
{
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    QAbstractItemModelTester tester(pets.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    pets->sort(1, Qt::DescendingOrder);
    pets->setFilterText(u"e"_s);
    pets->setFilterText({});
    QVERIFY(pets->setData(pets->index(0, 1), u"Zed"_s));
    QVERIFY(pets->insertRecord({{u"name"_s, u"Kiki"_s}}));
    QVERIFY(pets->removeRows(0, 1));
    pets->releaseDatabase();
    pets->reload();
}

void TestLiveTableModel::fetchesLazilyAndCountsAll()
{
    QSqlDatabase db = QSqlDatabase::database(m_connection);
    QVERIFY(db.transaction());
    QSqlQuery insert(db);
    QVERIFY(insert.prepare(u"INSERT INTO pet (name) VALUES (?)"_s));
    for (int i = 0; i < 1000; ++i) {
        insert.addBindValue(u"pet %1"_s.arg(i));
        QVERIFY(insert.exec());
    }
    insert.finish();
    QVERIFY(db.commit());

    auto pets = model(u"pet"_s);
    QCOMPARE(pets->rowCount(), LiveTableModel::ChunkSize);
    QCOMPARE(pets->totalRowCount(), 1000);
    QVERIFY(pets->canFetchMore({}));
    QAbstractItemModelTester tester(pets.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    const int before = pets->rowCount(); // the tester fetches too
    QSignalSpy inserted(pets.get(), &QAbstractItemModel::rowsInserted);
    pets->fetchMore({});
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(pets->rowCount(), std::min(before + LiveTableModel::ChunkSize, 1000));
    QCOMPARE(pets->totalRowCount(), 1000);
    while (pets->canFetchMore({}))
        pets->fetchMore({});
    QCOMPARE(pets->rowCount(), 1000);
    QCOMPARE(pets->index(999, 1).data().toString(), u"pet 999"_s);
}

void TestLiveTableModel::holdsNoLockThatBlocksDdl()
{
    // PLATFORM.md: a partially fetched QSqlQueryModel makes DROP TABLE fail
    // with "database table is locked". This model keeps no statement open.
    QVERIFY(pm::test::exec(m_connection, u"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                         "WHERE i < 600) INSERT INTO pet (name) SELECT 'p' || i FROM n"_s));
    auto pets = model(u"pet"_s);
    QVERIFY(pets->canFetchMore({}));
    QVERIFY(pm::test::exec(m_connection, u"DROP TABLE pet"_s));
    pets->reload();
    QVERIFY(!pets->tableExists());
}

void TestLiveTableModel::releaseDatabaseClearsEverything()
{
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    QAbstractItemModelTester tester(pets.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(pets.get(), &QAbstractItemModel::modelReset);
    pets->releaseDatabase();
    QCOMPARE(reset.count(), 1);
    QVERIFY(pets->isReleased());
    QCOMPARE(pets->rowCount(), 0);
    QVERIFY(!pets->canFetchMore({}));
    pets->reload();
    QCOMPARE(pets->rowCount(), 4);
}

void TestLiveTableModel::sorts_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("name ascending") << 1 << Qt::AscendingOrder << QStringList{u"Bella"_s, u"Nemo"_s, u"Rex"_s, u"Tom"_s};
    QTest::newRow("name descending") << 1 << Qt::DescendingOrder << QStringList{u"Tom"_s, u"Rex"_s, u"Nemo"_s, u"Bella"_s};
    QTest::newRow("weight ascending") << 3 << Qt::AscendingOrder << QStringList{u"Nemo"_s, u"Tom"_s, u"Rex"_s, u"Bella"_s};
    // By the owner's name, not the id: no owner first, then Ann's, then Bob's.
    QTest::newRow("owner ascending") << 4 << Qt::AscendingOrder << QStringList{u"Tom"_s, u"Rex"_s, u"Nemo"_s, u"Bella"_s};
}

void TestLiveTableModel::sorts()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QStringList, names);
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    QSignalSpy reset(pets.get(), &QAbstractItemModel::modelReset);
    pets->sort(column, order);
    QCOMPARE(reset.count(), 1);
    QStringList actual;
    for (int row = 0; row < pets->rowCount(); ++row)
        actual << pets->index(row, 1).data().toString();
    QCOMPARE(actual, names);
}

void TestLiveTableModel::filters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<QStringList>("names");
    QTest::newRow("name") << u"re"_s << QStringList{u"Rex"_s};
    QTest::newRow("species, any case") << u"DOG"_s << QStringList{u"Rex"_s, u"Bella"_s};
    QTest::newRow("owner's name") << u"ann"_s << QStringList{u"Rex"_s, u"Nemo"_s};
    QTest::newRow("LIKE wildcards are literal") << u"%"_s << QStringList{};
    QTest::newRow("quote is a value, not SQL") << u"' OR 1=1 --"_s << QStringList{};
    QTest::newRow("empty shows all") << u""_s << QStringList{u"Rex"_s, u"Tom"_s, u"Bella"_s, u"Nemo"_s};
}

void TestLiveTableModel::filters()
{
    QFETCH(QString, filter);
    QFETCH(QStringList, names);
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    pets->setFilterText(filter);
    QStringList actual;
    for (int row = 0; row < pets->rowCount(); ++row)
        actual << pets->index(row, 1).data().toString();
    QCOMPARE(actual, names);
    QCOMPARE(pets->totalRowCount(), names.size());
}

void TestLiveTableModel::showsForeignKeyAsLabel()
{
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    QCOMPARE(pets->index(0, 4).data().toString(), u"Ann"_s);
    QCOMPARE(pets->index(0, 4).data(LiveTableModel::RawValueRole).toLongLong(), 1);
    QCOMPARE(pets->index(1, 4).data().toString(), u"—"_s);
    const auto choices = pets->foreignKeyChoices(4);
    QCOMPARE(choices.size(), 3);
    QCOMPARE(choices.at(1).label, u"Bob"_s);
    QSignalSpy changed(pets.get(), &QAbstractItemModel::dataChanged);
    QVERIFY(pets->setData(pets->index(1, 4), choices.at(1).key));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(pets->index(1, 4).data().toString(), u"Bob"_s);
    QCOMPARE(pm::test::scalar(m_connection, u"SELECT owner_id FROM pet WHERE name = 'Tom'"_s).toInt(), 2);
}

void TestLiveTableModel::rejectsInvalidInsert_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QVariantMap>("values");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty name") << u"pet"_s << QVariantMap{{u"name"_s, u"  "_s}} << u"name"_s
                                << u"Name must not be empty."_s;
    QTest::newRow("weight not a number") << u"pet"_s << QVariantMap{{u"name"_s, u"Rex"_s}, {u"weight_kg"_s, u"heavy"_s}}
                                         << u"weight_kg"_s << u"“heavy” is not a number."_s;
    QTest::newRow("duplicate email") << u"user"_s
                                     << QVariantMap{{u"name"_s, u"Ann 2"_s}, {u"email"_s, u"ann@example.org"_s}}
                                     << u"email"_s << u"Another row already has this email."_s;
    QTest::newRow("email too long") << u"user"_s
                                    << QVariantMap{{u"name"_s, u"Long"_s}, {u"email"_s, QString(61, u'x')}}
                                    << u"email"_s << u"Email is longer than 60 characters."_s;
    QTest::newRow("owner that does not exist") << u"pet"_s
                                               << QVariantMap{{u"name"_s, u"Ghost"_s}, {u"owner_id"_s, 99}}
                                               << QString() << u"The row it refers to does not exist."_s;
}

void TestLiveTableModel::rejectsInvalidInsert()
{
    QFETCH(QString, table);
    QFETCH(QVariantMap, values);
    QFETCH(QString, column);
    QFETCH(QString, message);
    addUsersAndPets();
    auto rows = model(table);
    const qint64 before = count(table);
    QSignalSpy reset(rows.get(), &QAbstractItemModel::modelReset);
    QSignalSpy written(rows.get(), &LiveTableModel::dataWritten);
    const auto result = rows->insertRecord(values);
    QVERIFY(!result);
    QCOMPARE(result.error().column, column);
    QCOMPARE(result.error().message, message);
    QCOMPARE(count(table), before);
    QCOMPARE(reset.count(), 0);
    QCOMPARE(written.count(), 0);
}

void TestLiveTableModel::rejectsInvalidEdit_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<QVariant>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("empty email is fine, empty name is not") << 1 << QVariant(u""_s) << u"Name must not be empty."_s;
    QTest::newRow("duplicate email") << 2 << QVariant(u"bob@example.org"_s) << u"Another row already has this email."_s;
}

void TestLiveTableModel::rejectsInvalidEdit()
{
    QFETCH(int, column);
    QFETCH(QVariant, value);
    QFETCH(QString, message);
    addUsersAndPets();
    auto users = model(u"user"_s);
    QSignalSpy failed(users.get(), &LiveTableModel::writeFailed);
    QSignalSpy changed(users.get(), &QAbstractItemModel::dataChanged);
    const QVariant before = users->index(0, column).data();
    QVERIFY(!users->setData(users->index(0, column), value));
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().at(1).toString(), message);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(users->index(0, column).data(), before);
    QCOMPARE(pm::test::scalar(m_connection, u"SELECT name || '|' || email FROM user WHERE id = 1"_s).toString(),
             u"Ann|ann@example.org"_s);
}

void TestLiveTableModel::acceptsValidEdit()
{
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    QSignalSpy changed(pets.get(), &QAbstractItemModel::dataChanged);
    QSignalSpy written(pets.get(), &LiveTableModel::dataWritten);
    QVERIFY(pets->setData(pets->index(0, 3), u" 13.25 "_s));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(written.count(), 1);
    QCOMPARE(pm::test::scalar(m_connection, u"SELECT weight_kg FROM pet WHERE name = 'Rex'"_s).toDouble(), 13.25);
    // The same value again writes nothing.
    QVERIFY(pets->setData(pets->index(0, 3), u"13.25"_s));
    QCOMPARE(written.count(), 1);
}

void TestLiveTableModel::deletesInOneTransaction()
{
    addUsersAndPets();
    auto pets = model(u"pet"_s);
    QSignalSpy removed(pets.get(), &QAbstractItemModel::rowsRemoved);
    QSignalSpy total(pets.get(), &LiveTableModel::totalRowCountChanged);
    QVERIFY(pets->removeRecords({0, 2}));
    QCOMPARE(removed.count(), 2);
    QCOMPARE(total.count(), 1);
    QCOMPARE(pets->totalRowCount(), 2);
    QCOMPARE(count(u"pet"_s), 2);
    QCOMPARE(pets->index(0, 1).data().toString(), u"Tom"_s);
}

void TestLiveTableModel::refusesDeletingReferencedRow()
{
    addUsersAndPets();
    auto users = model(u"user"_s);
    QSignalSpy removed(users.get(), &QAbstractItemModel::rowsRemoved);
    // Cleo (row 2) owns nothing, Ann (row 0) owns pets: all or nothing.
    const auto result = users->removeRecords({2, 0});
    QVERIFY(!result);
    QCOMPARE(result.error().message, u"Other rows still refer to this one; change or delete them first."_s);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(count(u"user"_s), 3);
    QCOMPARE(users->rowCount(), 3);
}

QTEST_MAIN(TestLiveTableModel)
#include "tst_livetablemodel.moc"
