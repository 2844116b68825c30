#include <QTest>

#include "ops/operation.h"
#include "ops/schemaelement.h"

using namespace Qt::StringLiterals;
using namespace pm;

class TestSchemaElement : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void touched_data();
    void touched();
    void describes();
    void hashesEqualRefsAlike();
};

using Ref = SchemaElementRef;

void TestSchemaElement::touched_data()
{
    QTest::addColumn<Operation>("operation");
    QTest::addColumn<QList<Ref>>("expected");

    Table pet;
    pet.name = u"pet"_s;
    QTest::newRow("create_table") << Operation{CreateTableOp{pet}, {}} << QList<Ref>{Ref::ofTable(u"pet"_s)};

    AddColumnOp add;
    add.tableName = u"pet"_s;
    add.column.name = u"age"_s;
    QTest::newRow("add_column") << Operation{add, {}}
                                << QList<Ref>{Ref::ofColumn(u"pet"_s, u"age"_s), Ref::ofTable(u"pet"_s)};

    AlterColumnOp rename;
    rename.tableName = u"pet"_s;
    rename.schema = u"zoo"_s;
    rename.columnName = u"nm"_s;
    rename.newName = u"name"_s;
    QTest::newRow("rename column")
        << Operation{rename, {}}
        << QList<Ref>{Ref::ofColumn(u"pet"_s, u"nm"_s, u"zoo"_s), Ref::ofColumn(u"pet"_s, u"name"_s, u"zoo"_s),
                      Ref::ofTable(u"pet"_s, u"zoo"_s)};

    QTest::newRow("rename_table") << Operation{RenameTableOp{u"pets"_s, u"pet"_s, {}}, {}}
                                  << QList<Ref>{Ref::ofTable(u"pets"_s), Ref::ofTable(u"pet"_s)};

    // Inside a batch the operations leave the table out; the batch supplies it.
    BatchAlterTableOp batch;
    batch.tableName = u"user"_s;
    DropColumnOp drop;
    drop.columnName = u"age"_s;
    CreateIndexOp index;
    index.index.name = u"ix_user_email"_s;
    batch.ops = {Operation{drop, {}}, Operation{index, {}}};
    QTest::newRow("batch") << Operation{batch, {}}
                           << QList<Ref>{Ref::ofColumn(u"user"_s, u"age"_s), Ref::ofTable(u"user"_s),
                                         Ref::ofIndex(u"user"_s, u"ix_user_email"_s)};

    DropConstraintOp dropFk;
    dropFk.tableName = u"pet"_s;
    dropFk.constraintName = u"fk_pet_owner_id_user"_s;
    QTest::newRow("drop_constraint")
        << Operation{dropFk, {}}
        << QList<Ref>{Ref::ofConstraint(u"pet"_s, u"fk_pet_owner_id_user"_s), Ref::ofTable(u"pet"_s)};

    DropIndexOp dropIndex;
    dropIndex.indexName = u"ix_x"_s;
    QTest::newRow("drop_index without table") << Operation{dropIndex, {}}
                                              << QList<Ref>{Ref::ofIndex({}, u"ix_x"_s)};

    QTest::newRow("execute") << Operation{ExecuteOp{u"UPDATE pet SET x = 1"_s}, {}} << QList<Ref>{};
}

void TestSchemaElement::touched()
{
    QFETCH(Operation, operation);
    QFETCH(QList<Ref>, expected);
    QCOMPARE(elementsTouchedBy(operation), expected);
}

void TestSchemaElement::describes()
{
    QCOMPARE(Ref::ofTable(u"pet"_s).toString(), u"pet"_s);
    QCOMPARE(Ref::ofColumn(u"pet"_s, u"age"_s, u"zoo"_s).toString(), u"zoo.pet.age"_s);
    QCOMPARE(Ref::ofIndex(u"pet"_s, u"ix_pet_name"_s).toString(), u"pet: index ix_pet_name"_s);
    QCOMPARE(Ref::ofConstraint(u"pet"_s, {}).toString(), u"pet: unnamed constraint"_s);
    QCOMPARE(Ref::ofColumn(u"pet"_s, u"age"_s).tableRef(), Ref::ofTable(u"pet"_s));
}

void TestSchemaElement::hashesEqualRefsAlike()
{
    QSet<Ref> refs{Ref::ofColumn(u"pet"_s, u"age"_s), Ref::ofColumn(u"pet"_s, u"age"_s),
                   Ref::ofIndex(u"pet"_s, u"age"_s)};
    QCOMPARE(refs.size(), 2);
}

QTEST_APPLESS_MAIN(TestSchemaElement)
#include "tst_schemaelement.moc"
