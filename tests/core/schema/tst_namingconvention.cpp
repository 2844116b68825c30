// Naming-convention expansion, checked against what SQLAlchemy 1.4 gives for
// the same declarations (expected names taken from SQLAlchemy itself).
#include <QTest>

#include "schema/metadata.h"
#include "schema/model.h"

using namespace Qt::StringLiterals;
using namespace pm;

Q_DECLARE_METATYPE(pm::Table)

class TestNamingConvention : public QObject
{
    Q_OBJECT

private slots:
    void names_data();
    void names();
    void seedConvention();
    void constraintNameRequired();
    void explicitNameKept();
    void defaultConventionNamesIndexes();
};

static QMap<QString, QString> conventionOf(const QString &key, const QString &pattern)
{
    return {{key, pattern}};
}

static Table pet(QList<Column> extra = {})
{
    Table t;
    t.name = u"pet"_s;
    t.columns << Column{u"id"_s, SqlType::integer(), false, true};
    t.columns << extra;
    t.constraints << Constraint::primaryKey({u"id"_s});
    return t;
}

void TestNamingConvention::names_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("pattern");
    QTest::addColumn<Table>("table");
    QTest::addColumn<QString>("expected");

    {
        Table t = pet({Column{u"name"_s, SqlType::string()}});
        t.indexes << Index{QString(), false, {u"name"_s}, false};
        QTest::newRow("ix column_0_label") << u"ix"_s << u"ix_%(column_0_label)s"_s << t << u"ix_pet_name"_s;
        t.schema = u"zoo"_s;
        QTest::newRow("ix label with schema") << u"ix"_s << u"ix_%(column_0_label)s"_s << t << u"ix_zoo_pet_name"_s;
    }
    {
        Table t = pet({Column{u"a"_s, SqlType::integer()}, Column{u"b"_s, SqlType::integer()}});
        t.constraints << Constraint::unique({u"a"_s, u"b"_s});
        QTest::newRow("uq column_0N_name") << u"uq"_s << u"uq_%(table_name)s_%(column_0N_name)s"_s << t
                                           << u"uq_pet_ab"_s;
        QTest::newRow("uq column_0_N_name") << u"uq"_s << u"uq_%(table_name)s_%(column_0_N_name)s"_s << t
                                            << u"uq_pet_a_b"_s;
        QTest::newRow("uq column_1_key") << u"uq"_s << u"uq_%(table_name)s_%(column_1_key)s"_s << t
                                         << u"uq_pet_b"_s;
        QTest::newRow("uq column_0_N_label") << u"uq"_s << u"uq_%(column_0_N_label)s"_s << t
                                             << u"uq_pet_a_pet_b"_s;
        QTest::newRow("percent escape") << u"uq"_s << u"uq%%_%(table_name)s"_s << t << u"uq%_pet"_s;
    }
    {
        Table t = pet({Column{u"owner_id"_s, SqlType::integer()}});
        t.constraints << Constraint::foreignKey({u"owner_id"_s}, u"user"_s, {u"id"_s});
        QTest::newRow("fk referred") << u"fk"_s
                                     << u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s_%(referred_column_0_name)s"_s
                                     << t << u"fk_pet_owner_id_user_id"_s;
    }
    {
        Table t = pet({Column{u"a"_s, SqlType::integer()}, Column{u"b"_s, SqlType::integer()}});
        t.constraints << Constraint::foreignKey({u"a"_s, u"b"_s}, u"user"_s, {u"id"_s, u"org"_s});
        QTest::newRow("fk multi columns")
            << u"fk"_s << u"fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s_%(referred_column_0N_name)s"_s
            << t << u"fk_pet_a_b_user_idorg"_s;
    }
    {
        Table t = pet();
        t.constraints << Constraint::check(u"id > 0"_s, u"positive"_s);
        QTest::newRow("ck constraint_name") << u"ck"_s << u"ck_%(table_name)s_%(constraint_name)s"_s << t
                                            << u"ck_pet_positive"_s;
    }
    {
        Table t = pet();
        QTest::newRow("pk table_name") << u"pk"_s << u"pk_%(table_name)s"_s << t << u"pk_pet"_s;
    }
}

void TestNamingConvention::names()
{
    QFETCH(QString, key);
    QFETCH(QString, pattern);
    QFETCH(Table, table);
    QFETCH(QString, expected);

    MetaData metadata{NamingConvention(conventionOf(key, pattern))};
    QVERIFY(metadata.addTable(table).has_value());
    const Table *t = metadata.table(table.name, table.schema);
    QVERIFY(t);
    QStringList names;
    for (const Constraint &c : t->constraints) {
        if (c.conventionName)
            names << c.name;
    }
    for (const Index &i : t->indexes) {
        if (i.conventionName)
            names << i.name;
    }
    QCOMPARE(names, QStringList{expected});
}

// The tutorial's NAMING_CONVENTION gives SQLAlchemy's names for the app's models.
void TestNamingConvention::seedConvention()
{
    const NamingConvention seed({
        {u"ix"_s, u"ix_%(column_0_label)s"_s},
        {u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s},
        {u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s},
        {u"fk"_s, u"fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s"_s},
        {u"pk"_s, u"pk_%(table_name)s"_s},
    });
    MetaData metadata(seed);
    auto user = model(u"user"_s, {
        field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
        field<QString>(u"name"_s),
        field<std::optional<QString>>(u"email"_s, {.unique = true}),
    });
    QVERIFY(user);
    auto pet = model(u"pet"_s, {
        field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
        field<QString>(u"name"_s, {.index = true}),
        field<std::optional<int>>(u"owner_id"_s, {.foreignKey = u"user.id"_s, .onDelete = u"SET NULL"_s}),
    });
    QVERIFY(pet);
    QVERIFY(metadata.addTable(*user));
    QVERIFY(metadata.addTable(*pet));

    const Table *p = metadata.table(u"pet"_s);
    QCOMPARE(p->primaryKey()->name, u"pk_pet"_s);
    QCOMPARE(p->indexes.first().name, u"ix_pet_name"_s);
    QCOMPARE(p->constraintsOfKind(Constraint::Kind::ForeignKey).first().name, u"fk_pet_owner_id_user"_s);
    QCOMPARE(metadata.table(u"user"_s)->constraintsOfKind(Constraint::Kind::Unique).first().name, u"uq_user_email"_s);
    QVERIFY(p->primaryKey()->conventionName);

    // SQLModel's nullability rules.
    QCOMPARE(p->column(u"id"_s)->nullable, false);
    QCOMPARE(p->column(u"name"_s)->nullable, false);
    QCOMPARE(p->column(u"owner_id"_s)->nullable, true);
    QCOMPARE(p->column(u"name"_s)->type, SqlType::autoString());
}

void TestNamingConvention::constraintNameRequired()
{
    MetaData metadata{NamingConvention(conventionOf(u"ck"_s, u"ck_%(table_name)s_%(constraint_name)s"_s))};
    Table t = pet();
    t.constraints << Constraint::check(u"id > 0"_s);
    const auto added = metadata.addTable(t);
    QVERIFY(!added);
    QVERIFY2(added.error().message.contains(
                 u"Naming convention including %(constraint_name)s token requires that constraint is explicitly named."_s),
             qPrintable(added.error().message));
}

void TestNamingConvention::explicitNameKept()
{
    MetaData metadata{NamingConvention(conventionOf(u"uq"_s, u"uq_%(table_name)s_%(column_0_name)s"_s))};
    Table t = pet({Column{u"x"_s, SqlType::integer()}});
    t.constraints << Constraint::unique({u"x"_s}, u"my_uq"_s);
    QVERIFY(metadata.addTable(t));
    const Constraint c = metadata.table(u"pet"_s)->constraintsOfKind(Constraint::Kind::Unique).first();
    QCOMPARE(c.name, u"my_uq"_s);
    QVERIFY(!c.conventionName);
}

void TestNamingConvention::defaultConventionNamesIndexes()
{
    MetaData metadata; // SQLAlchemy's default: only "ix"
    auto t = model(u"pet"_s, {field<std::optional<int>>(u"id"_s, {.primaryKey = true}),
                              field<QString>(u"name"_s, {.index = true, .unique = true}),
                              field<std::optional<QString>>(u"tag"_s, {.unique = true})});
    QVERIFY(t);
    QVERIFY(metadata.addTable(*t));
    const Table *p = metadata.table(u"pet"_s);
    QCOMPARE(p->indexes.first().name, u"ix_pet_name"_s);
    QVERIFY(p->indexes.first().unique);
    QVERIFY(p->primaryKey()->name.isEmpty());
    QVERIFY(p->constraintsOfKind(Constraint::Kind::Unique).first().name.isEmpty());
    QVERIFY(!metadata.addTable(*t)); // duplicate table
}

QTEST_GUILESS_MAIN(TestNamingConvention)
#include "tst_namingconvention.moc"
