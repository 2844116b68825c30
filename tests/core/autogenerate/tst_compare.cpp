#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

#include "alembicoracle.h"
#include "autogenerate/comparator.h"
#include "autogenerate/reverser.h"
#include "dialect/postgresdialect.h"
#include "oraclecases.h"
#include "schema/model.h"

using namespace Qt::StringLiterals;
using namespace pm;

Q_DECLARE_METATYPE(pm::SqlType)

namespace {

// One line per op: "kind table[.column|name]", the shape both sides share.
QString summary(const Operation &op)
{
    return std::visit(
        [](const auto &o) -> QString {
            using T = std::decay_t<decltype(o)>;
            if constexpr (std::is_same_v<T, CreateTableOp>)
                return u"create_table "_s + o.table.name;
            else if constexpr (std::is_same_v<T, DropTableOp>)
                return u"drop_table "_s + o.tableName;
            else if constexpr (std::is_same_v<T, AddColumnOp>)
                return u"add_column "_s + o.tableName + u'.' + o.column.name;
            else if constexpr (std::is_same_v<T, DropColumnOp>)
                return u"drop_column "_s + o.tableName + u'.' + o.columnName;
            else if constexpr (std::is_same_v<T, AlterColumnOp>)
                return u"alter_column "_s + o.tableName + u'.' + o.columnName;
            else if constexpr (std::is_same_v<T, CreateIndexOp>)
                return u"create_index "_s + o.tableName + u' ' + o.index.name;
            else if constexpr (std::is_same_v<T, DropIndexOp>)
                return u"drop_index "_s + o.tableName + u' ' + o.indexName;
            else if constexpr (std::is_same_v<T, AddConstraintOp>)
                return (o.constraint.isForeignKey() ? u"create_foreign_key "_s : o.constraint.isCheck() ? u"create_check_constraint "_s : u"create_unique_constraint "_s)
                    + o.tableName + u' ' + (o.constraint.name.isEmpty() ? u"None"_s : o.constraint.name);
            else if constexpr (std::is_same_v<T, DropConstraintOp>)
                return u"drop_constraint "_s + o.tableName + u' ' + (o.constraintName.isEmpty() ? u"None"_s : o.constraintName);
            else
                return u"other"_s;
        },
        op.op);
}

QStringList summaries(const OperationList &ops)
{
    QStringList out;
    for (const Operation &op : ops)
        out << summary(op);
    return out;
}

// The same summary read back from Alembic's non-batch rendering.
QStringList summariesFromAlembic(const QString &body)
{
    static const QRegularExpression call(u"^op\\.(\\w+)\\((.*)$"_s);
    static const QRegularExpression quoted(u"(?:op\\.f\\()?('([^']*)'|None)"_s);
    QStringList out;
    for (QString line : body.split(u'\n')) {
        line = line.trimmed();
        const auto m = call.match(line);
        if (!m.hasMatch())
            continue;
        const QString kind = m.captured(1);
        QStringList args;
        auto it = quoted.globalMatch(m.captured(2));
        while (it.hasNext()) {
            const auto a = it.next();
            args << (a.captured(1) == u"None" ? u"None"_s : a.captured(2));
        }
        if (kind == u"create_table" || kind == u"drop_table")
            out << kind + u' ' + args.value(0);
        else if (kind == u"add_column" || kind == u"drop_column" || kind == u"alter_column")
            out << kind + u' ' + args.value(0) + u'.' + args.value(1);
        else if (kind == u"create_index")
            out << kind + u' ' + args.value(1) + u' ' + args.value(0);
        else if (kind == u"drop_index")
            out << kind + u' ' + args.value(1) + u' ' + args.value(0);
        else if (kind.startsWith(u"create_") || kind == u"drop_constraint")
            out << kind + u' ' + args.value(1) + u' ' + args.value(0);
    }
    return out;
}

Table table(const QString &name, QList<Column> columns, QList<Constraint> constraints = {})
{
    Table t;
    t.name = name;
    t.columns = std::move(columns);
    t.constraints = std::move(constraints);
    return t;
}

Column column(const QString &name, SqlType type, bool nullable = true)
{
    Column c;
    c.name = name;
    c.type = std::move(type);
    c.nullable = nullable;
    return c;
}

Column pkColumn()
{
    Column c = column(u"id"_s, SqlType::integer().spelledAs(u"INTEGER"_s), false);
    c.primaryKey = true;
    return c;
}

// Table t with column c: `reflected` in the database, `declared` in the models.
void oneColumnPair(const SqlType &reflected, const SqlType &declared, MetaData &database, MetaData &target)
{
    database.putTable(table(u"t"_s, {pkColumn(), column(u"c"_s, reflected)}, {Constraint::primaryKey({u"id"_s})}));
    Table t = table(u"t"_s, {pkColumn(), column(u"c"_s, declared)}, {Constraint::primaryKey({u"id"_s})});
    t.columns[0].type = SqlType::integer();
    QVERIFY(target.addTable(t).has_value());
}

} // namespace

class TestCompare : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void sameOperationsAsAlembic_data();
    void sameOperationsAsAlembic();
    void existingInfoFromDatabase();
    void removedTablesDependentsFirst();
    void versionAndSqliteTablesIgnored();
    void checkConstraints_data();
    void checkConstraints();
    void typeRules_data();
    void typeRulesOnPostgres_data();
    void typeRulesOnPostgres();
    void typeRules();
    void reverseNeedsExisting();
    void batchGrouping();

private:
    test::AlembicOracle m_oracle;
};

void TestCompare::initTestCase()
{
    const Status st = m_oracle.run();
    QVERIFY2(st.has_value(), qPrintable(st ? QString() : st.error().message));
}

void TestCompare::sameOperationsAsAlembic_data()
{
    QTest::addColumn<QString>("caseName");
    QTest::addColumn<bool>("convention");
    for (const QString &name : test::OracleCases::names()) {
        if (name == u"varchar_length")
            continue; // deliberately different; see typeRules
        QTest::newRow(qPrintable(name + u"/plain"_s)) << name << false;
        QTest::newRow(qPrintable(name + u"/conv"_s)) << name << true;
    }
}

void TestCompare::sameOperationsAsAlembic()
{
    QFETCH(QString, caseName);
    QFETCH(bool, convention);
    const QJsonObject variant = m_oracle.variant(caseName + (convention ? u"/conv"_s : u"/plain"_s));
    const auto database = test::AlembicOracle::reflected(variant);
    QVERIFY(database.has_value());
    const auto target = test::OracleCases::target(caseName, convention);
    QVERIFY(target.has_value());

    const MigrationOps ops = produceMigrations(*database, *target, test::OracleCases::options(caseName));
    const QJsonObject alembic = test::AlembicOracle::render(variant, false, false);
    QCOMPARE(summaries(ops.upgrade), summariesFromAlembic(alembic.value(u"upgrades"_s).toString()));
    QCOMPARE(summaries(ops.downgrade), summariesFromAlembic(alembic.value(u"downgrades"_s).toString()));
}

void TestCompare::existingInfoFromDatabase()
{
    MetaData database;
    Column name = column(u"name"_s, SqlType::string().spelledAs(u"VARCHAR"_s));
    name.serverDefault = ServerDefault::expression(u"'rex'"_s);
    Column legs = column(u"legs"_s, SqlType::integer().spelledAs(u"INTEGER"_s));
    legs.serverDefault = ServerDefault::expression(u"40"_s);
    database.putTable(table(u"pet"_s, {pkColumn(), name, legs}, {Constraint::primaryKey({u"id"_s})}));

    MetaData target;
    auto pet = model(u"pet"_s, {field<std::optional<int>>(u"id"_s, {.primaryKey = true}), field<QString>(u"name"_s)});
    QVERIFY(pet.has_value());
    QVERIFY(target.addTable(*pet).has_value());

    const OperationList ops = compareMetadata(database, target);
    QCOMPARE(summaries(ops), (QStringList{u"alter_column pet.name"_s, u"drop_column pet.legs"_s}));
    const AlterColumnOp *alter = ops.at(0).as<AlterColumnOp>();
    QCOMPARE(alter->nullable, std::optional<bool>(false));
    QCOMPARE(alter->existingNullable, std::optional<bool>(true));
    QCOMPARE(alter->existingType->upperName, u"VARCHAR"_s);
    QVERIFY(!alter->type); // VARCHAR vs AutoString(): no change
    QCOMPARE(alter->existingServerDefault->value().text, u"'rex'"_s);
    const DropColumnOp *drop = ops.at(1).as<DropColumnOp>();
    QVERIFY(drop->existing.has_value());
    // Reflected as SQLite needs it back in DDL (autogen_column_reflect).
    QCOMPARE(drop->existing->serverDefault->text, u"(40)"_s);
}

void TestCompare::removedTablesDependentsFirst()
{
    MetaData database;
    Constraint ownerFk = Constraint::foreignKey({u"owner_id"_s}, u"user"_s, {u"id"_s});
    Constraint petFk = Constraint::foreignKey({u"pet_id"_s}, u"pet"_s, {u"id"_s});
    database.putTable(table(u"user"_s, {pkColumn()}, {Constraint::primaryKey({u"id"_s})}));
    database.putTable(table(u"toy"_s, {pkColumn(), column(u"pet_id"_s, SqlType::integer())},
                            {Constraint::primaryKey({u"id"_s}), petFk}));
    database.putTable(table(u"pet"_s, {pkColumn(), column(u"owner_id"_s, SqlType::integer())},
                            {Constraint::primaryKey({u"id"_s}), ownerFk}));
    database.putTable(table(u"audit"_s, {pkColumn()}, {Constraint::primaryKey({u"id"_s})}));

    for (int run = 0; run < 3; ++run) {
        const MigrationOps ops = produceMigrations(database, MetaData());
        // toy refers to pet, pet to user: each goes before what it refers to.
        QCOMPARE(summaries(ops.upgrade), (QStringList{u"drop_table toy"_s, u"drop_table pet"_s, u"drop_table user"_s,
                                                      u"drop_table audit"_s}));
    }
}

void TestCompare::versionAndSqliteTablesIgnored()
{
    MetaData database;
    database.putTable(table(u"alembic_version"_s, {column(u"version_num"_s, SqlType::string(32), false)}));
    database.putTable(table(u"sqlite_sequence"_s, {column(u"name"_s, SqlType::other(u""_s))}));
    database.putTable(table(u"my_version"_s, {column(u"v"_s, SqlType::string(32), false)}));
    CompareOptions options;
    options.ignoreTables << u"my_version"_s;
    QVERIFY(compareMetadata(database, MetaData(), options).empty());
}

void TestCompare::checkConstraints_data()
{
    QTest::addColumn<QString>("databaseCheck");
    QTest::addColumn<QString>("modelCheck");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("same text") << u"weight > 0"_s << u"(weight  >  0)"_s << QStringList{};
    QTest::newRow("changed text") << u"weight > 0"_s << u"weight >= 0"_s
                                  << QStringList{u"drop_constraint pet ck_pet_w"_s,
                                                 u"create_check_constraint pet ck_pet_w"_s};
    QTest::newRow("added") << QString() << u"weight > 0"_s << QStringList{u"create_check_constraint pet ck_pet_w"_s};
    QTest::newRow("removed") << u"weight > 0"_s << QString() << QStringList{u"drop_constraint pet ck_pet_w"_s};
}

void TestCompare::checkConstraints()
{
    QFETCH(QString, databaseCheck);
    QFETCH(QString, modelCheck);
    QFETCH(QStringList, expected);
    const Column weight = column(u"weight"_s, SqlType::integer().spelledAs(u"INTEGER"_s));
    Table reflected = table(u"pet"_s, {pkColumn(), weight}, {Constraint::primaryKey({u"id"_s})});
    if (!databaseCheck.isEmpty())
        reflected.constraints << Constraint::check(databaseCheck, u"ck_pet_w"_s);
    MetaData database;
    database.putTable(reflected);

    Table declared = table(u"pet"_s, {pkColumn(), column(u"weight"_s, SqlType::integer())},
                           {Constraint::primaryKey({u"id"_s})});
    declared.columns[0].type = SqlType::integer();
    if (!modelCheck.isEmpty())
        declared.constraints << Constraint::check(modelCheck, u"w"_s);
    MetaData target(test::seedConvention());
    QVERIFY(target.addTable(declared).has_value());

    const MigrationOps ops = produceMigrations(database, target);
    QCOMPARE(summaries(ops.upgrade), expected);
    // The downgrade restores the database's constraint.
    auto back = reverseOperations(ops.downgrade);
    QVERIFY(back.has_value());
    QCOMPARE(summaries(*back), expected);
}

void TestCompare::typeRules_data()
{
    QTest::addColumn<SqlType>("reflected");
    QTest::addColumn<SqlType>("declared");
    QTest::addColumn<bool>("changed");
    const SqlType varchar = SqlType::string().spelledAs(u"VARCHAR"_s);
    QTest::newRow("VARCHAR vs AutoString()") << varchar << SqlType::autoString() << false;
    QTest::newRow("VARCHAR vs String(200): length added") << varchar << SqlType::string(200) << true;
    QTest::newRow("VARCHAR(200) vs AutoString(): as Alembic, no change")
        << SqlType::string(200).spelledAs(u"VARCHAR"_s) << SqlType::autoString() << false;
    QTest::newRow("VARCHAR(20) vs String(50)") << SqlType::string(20).spelledAs(u"VARCHAR"_s) << SqlType::string(50)
                                               << true;
    QTest::newRow("DECIMAL vs Numeric synonym") << SqlType::numeric(10, 2).spelledAs(u"DECIMAL"_s)
                                                << SqlType::numeric(10, 2) << false;
    QTest::newRow("INTEGER vs BigInteger") << SqlType::integer().spelledAs(u"INTEGER"_s) << SqlType::bigInteger()
                                           << true;
    QTest::newRow("CHAR(32) vs GUID") << SqlType::string(32).spelledAs(u"CHAR"_s) << SqlType::uuid() << false;
    QTest::newRow("VARCHAR(5) vs Enum") << SqlType::string(5).spelledAs(u"VARCHAR"_s)
                                        << SqlType::enumeration({u"happy"_s, u"sad"_s}) << false;
    QTest::newRow("DATETIME vs Date") << SqlType::dateTime().spelledAs(u"DATETIME"_s) << SqlType::date() << true;
    QTest::newRow("NullType is not compared") << SqlType{} << SqlType::integer() << false;
}

void TestCompare::typeRules()
{
    QFETCH(SqlType, reflected);
    QFETCH(SqlType, declared);
    QFETCH(bool, changed);
    MetaData database;
    MetaData target;
    oneColumnPair(reflected, declared, database, target);
    if (QTest::currentTestFailed())
        return;
    const OperationList ops = compareMetadata(database, target);
    QCOMPARE(!ops.empty(), changed);
    CompareOptions noTypes;
    noTypes.compareType = false;
    QVERIFY(compareMetadata(database, target, noTypes).empty());
}

// Checked against Alembic 1.8.1 on PostgreSQL 15: a FLOAT column reflects
// as DOUBLE_PRECISION(precision=53), which PostgresqlImpl's synonyms match
// with Float(); REAL does not.
void TestCompare::typeRulesOnPostgres_data()
{
    QTest::addColumn<SqlType>("reflected");
    QTest::addColumn<SqlType>("declared");
    QTest::addColumn<bool>("changed");
    const SqlType doublePrecision = SqlType::floating(53).spelledAs(u"DOUBLE_PRECISION"_s, u"postgresql"_s);
    QTest::newRow("DOUBLE PRECISION vs Float()") << doublePrecision << SqlType::floating() << false;
    QTest::newRow("DOUBLE PRECISION vs Float(53)") << doublePrecision << SqlType::floating(53) << false;
    QTest::newRow("REAL vs Float()") << SqlType::floating().spelledAs(u"REAL"_s) << SqlType::floating() << true;
    QTest::newRow("VARCHAR vs AutoString()") << SqlType::string().spelledAs(u"VARCHAR"_s) << SqlType::autoString()
                                             << false;
    QTest::newRow("VARCHAR(40) vs AutoString(60)") << SqlType::string(40).spelledAs(u"VARCHAR"_s)
                                                   << SqlType::autoString(60) << true;
    QTest::newRow("TIMESTAMP vs DateTime()")
        << SqlType::dateTime(false).spelledAs(u"TIMESTAMP"_s, u"postgresql"_s) << SqlType::dateTime() << false;
    QTest::newRow("INTEGER vs BigInteger") << SqlType::integer().spelledAs(u"INTEGER"_s) << SqlType::bigInteger()
                                           << true;
}

void TestCompare::typeRulesOnPostgres()
{
    QFETCH(SqlType, reflected);
    QFETCH(SqlType, declared);
    QFETCH(bool, changed);
    MetaData database;
    MetaData target;
    oneColumnPair(reflected, declared, database, target);
    if (QTest::currentTestFailed())
        return;
    const PostgresDialect postgres;
    CompareOptions options;
    options.dialect = &postgres;
    QCOMPARE(!compareMetadata(database, target, options).empty(), changed);
}

void TestCompare::reverseNeedsExisting()
{
    const OperationList parsed{Operation{DropColumnOp{u"pet"_s, {}, u"tag"_s, {}}, {u"v.py"_s, 12, 5}}};
    const auto reversed = reverseOperations(parsed);
    QVERIFY(!reversed.has_value());
    QCOMPARE(reversed.error().line, 12);
    QVERIFY(reverseOperations({Operation{ExecuteOp{u"SELECT 1"_s}, {}}}).error().message.contains(u"execute"_s));
}

void TestCompare::batchGrouping()
{
    const Column c = column(u"c"_s, SqlType::integer());
    const OperationList ops{
        Operation{CreateTableOp{table(u"a"_s, {c})}, {}},
        Operation{CreateIndexOp{u"a"_s, {}, Index{u"ix_a_c"_s, true, {u"c"_s}, false}}, {}},
        Operation{AddColumnOp{u"b"_s, {}, c, {}, false}, {}},
        Operation{DropColumnOp{u"b"_s, {}, u"d"_s, c}, {}},
        Operation{AddColumnOp{u"e"_s, {}, c, {}, false}, {}},
    };
    const OperationList grouped = groupIntoBatches(ops);
    QCOMPARE(grouped.size(), size_t(4));
    QVERIFY(grouped.at(0).is<CreateTableOp>());
    QCOMPARE(grouped.at(1).as<BatchAlterTableOp>()->ops.size(), size_t(1));
    QCOMPARE(grouped.at(2).as<BatchAlterTableOp>()->tableName, u"b"_s);
    QCOMPARE(grouped.at(2).as<BatchAlterTableOp>()->ops.size(), size_t(2));
    QCOMPARE(grouped.at(3).as<BatchAlterTableOp>()->tableName, u"e"_s);
    // Grouping twice changes nothing.
    QCOMPARE(groupIntoBatches(grouped), grouped);
}

QTEST_GUILESS_MAIN(TestCompare)
#include "tst_compare.moc"
