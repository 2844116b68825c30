// SchemaSimulator::applyBatchRebuild: the column order of a rebuilt table,
// checked against real Alembic 1.8.1 (alembic_batch_order.py, run once under
// PM_PYTHON with every row below), plus the plain-apply and error paths.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "ops/schemasimulator.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

struct Case
{
    QString name;
    QStringList columns;    // table t; the first one is its primary key
    QList<QStringList> ops; // {"add", x} {"drop", x} {"rename", old, new} {"retype", x}
};

QList<Case> cases()
{
    using L = QList<QStringList>;
    return {
        {u"add one"_s, {u"id"_s, u"a"_s, u"b"_s}, L{{u"add"_s, u"x"_s}}},
        {u"add, then drop the last column"_s, {u"id"_s, u"a"_s, u"y"_s}, L{{u"add"_s, u"x"_s}, {u"drop"_s, u"y"_s}}},
        {u"drop the last column, then add"_s, {u"id"_s, u"a"_s, u"y"_s}, L{{u"drop"_s, u"y"_s}, {u"add"_s, u"x"_s}}},
        {u"add two, then drop the last column"_s, {u"id"_s, u"a"_s, u"b"_s, u"y"_s},
         L{{u"add"_s, u"x"_s}, {u"add"_s, u"z"_s}, {u"drop"_s, u"y"_s}}},
        {u"add, then drop the last two"_s, {u"id"_s, u"a"_s, u"y"_s, u"z"_s},
         L{{u"add"_s, u"x"_s}, {u"drop"_s, u"y"_s}, {u"drop"_s, u"z"_s}}},
        {u"add, then drop a middle column"_s, {u"id"_s, u"a"_s, u"b"_s, u"c"_s}, L{{u"add"_s, u"x"_s}, {u"drop"_s, u"b"_s}}},
        {u"add, drop the last, add again"_s, {u"id"_s, u"a"_s, u"y"_s},
         L{{u"add"_s, u"x"_s}, {u"drop"_s, u"y"_s}, {u"add"_s, u"z"_s}}},
        {u"add, then drop all but the key"_s, {u"id"_s, u"a"_s}, L{{u"add"_s, u"x"_s}, {u"drop"_s, u"a"_s}}},
        {u"drop and add back the same name"_s, {u"id"_s, u"a"_s, u"b"_s}, L{{u"drop"_s, u"a"_s}, {u"add"_s, u"a"_s}}},
        {u"rename, retype, add"_s, {u"id"_s, u"a"_s, u"b"_s},
         L{{u"rename"_s, u"a"_s, u"c"_s}, {u"retype"_s, u"b"_s}, {u"add"_s, u"x"_s}}},
        {u"add, then rename the last column"_s, {u"id"_s, u"a"_s, u"y"_s},
         L{{u"add"_s, u"x"_s}, {u"rename"_s, u"y"_s, u"w"_s}}},
        // Autogenerate's order in a batch: adds, alters, then drops.
        {u"autogenerate: adds, alter, drops"_s, {u"id"_s, u"name"_s, u"note"_s, u"qty"_s, u"price"_s, u"legacy"_s},
         L{{u"add"_s, u"owner_id"_s}, {u"add"_s, u"species"_s}, {u"retype"_s, u"name"_s}, {u"drop"_s, u"legacy"_s}}},
        {u"drops only"_s, {u"id"_s, u"a"_s, u"b"_s, u"c"_s}, L{{u"drop"_s, u"c"_s}, {u"drop"_s, u"a"_s}}},
    };
}

Column intColumn(const QString &name, bool primaryKey)
{
    Column c;
    c.name = name;
    c.type = SqlType::integer();
    c.nullable = !primaryKey;
    c.primaryKey = primaryKey;
    return c;
}

MetaData tableT(const QStringList &columns)
{
    Table t;
    t.name = u"t"_s;
    for (qsizetype i = 0; i < columns.size(); ++i)
        t.columns << intColumn(columns.at(i), i == 0);
    t.constraints << Constraint::primaryKey({columns.first()});
    MetaData md;
    md.putTable(t);
    return md;
}

BatchAlterTableOp batchOf(const QList<QStringList> &ops)
{
    BatchAlterTableOp batch{u"t"_s, {}, u"always"_s, {}};
    int line = 1;
    for (const QStringList &o : ops) {
        const SourceLocation where{u"script.py"_s, ++line, 9};
        if (o.first() == u"add") {
            batch.ops.push_back(Operation{AddColumnOp{u"t"_s, {}, intColumn(o.at(1), false), {}, false}, where});
        } else if (o.first() == u"drop") {
            batch.ops.push_back(Operation{DropColumnOp{u"t"_s, {}, o.at(1), {}}, where});
        } else if (o.first() == u"rename") {
            AlterColumnOp alter;
            alter.tableName = u"t"_s;
            alter.columnName = o.at(1);
            alter.newName = o.at(2);
            batch.ops.push_back(Operation{alter, where});
        } else {
            AlterColumnOp alter;
            alter.tableName = u"t"_s;
            alter.columnName = o.at(1);
            alter.type = SqlType::string(10);
            batch.ops.push_back(Operation{alter, where});
        }
    }
    return batch;
}

QStringList columnNames(const SchemaSimulator &sim)
{
    QStringList out;
    for (const Column &c : sim.metadata().table(u"t"_s)->columns)
        out << c.name;
    return out;
}

} // namespace

class TestSchemaSimulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void rebuildColumnOrderAsAlembic_data();
    void rebuildColumnOrderAsAlembic();
    void plainApplyAppends();
    void rebuildErrorNamesTheInnerOperation();
    void renameReachesIndexExpressions();
    void tableCommentsAndTypes();

private:
    QJsonObject m_alembic;
};

void TestSchemaSimulator::initTestCase()
{
    QJsonObject input;
    for (const Case &c : cases()) {
        QJsonArray ops;
        for (const QStringList &o : c.ops)
            ops.append(QJsonArray::fromStringList(o));
        input.insert(c.name, QJsonObject{{u"columns"_s, QJsonArray::fromStringList(c.columns)}, {u"ops"_s, ops}});
    }
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), {QStringLiteral(PM_SOURCE_DIR "/tests/core/ops/alembic_batch_order.py")});
    QVERIFY2(python.waitForStarted(10000), qPrintable(u"cannot run "_s + QStringLiteral(PM_PYTHON)));
    python.write(QJsonDocument(input).toJson());
    python.closeWriteChannel();
    QVERIFY2(python.waitForFinished(120000), "alembic_batch_order.py timed out");
    QVERIFY2(python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0,
             python.readAllStandardError().constData());
    m_alembic = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    QCOMPARE(m_alembic.size(), cases().size());
}

void TestSchemaSimulator::rebuildColumnOrderAsAlembic_data()
{
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QList<QStringList>>("ops");
    for (const Case &c : cases())
        QTest::newRow(qPrintable(c.name)) << c.columns << c.ops;
}

void TestSchemaSimulator::rebuildColumnOrderAsAlembic()
{
    QFETCH(QStringList, columns);
    QFETCH(QList<QStringList>, ops);
    SchemaSimulator sim(tableT(columns));
    const Status applied = sim.applyBatchRebuild(batchOf(ops));
    QVERIFY2(applied, qPrintable(applied ? QString() : applied.error().message));
    QStringList alembic;
    for (const QJsonValue &v : m_alembic.value(QString::fromUtf8(QTest::currentDataTag())).toArray())
        alembic << v.toString();
    QVERIFY(!alembic.isEmpty());
    QCOMPARE(columnNames(sim), alembic);
}

// Outside a rebuild (ALTER TABLE ADD COLUMN / DROP COLUMN) added columns go last.
void TestSchemaSimulator::plainApplyAppends()
{
    SchemaSimulator sim(tableT({u"id"_s, u"a"_s, u"y"_s}));
    const Status applied = sim.apply(Operation{batchOf({{u"add"_s, u"x"_s}, {u"drop"_s, u"y"_s}}), {}});
    QVERIFY(applied);
    QCOMPARE(columnNames(sim), (QStringList{u"id"_s, u"a"_s, u"x"_s}));
}

void TestSchemaSimulator::rebuildErrorNamesTheInnerOperation()
{
    SchemaSimulator sim(tableT({u"id"_s, u"a"_s}));
    const Status applied = sim.applyBatchRebuild(batchOf({{u"add"_s, u"x"_s}, {u"drop"_s, u"nope"_s}}));
    QVERIFY(!applied);
    QCOMPARE(applied.error().line, 3);
    QVERIFY2(applied.error().message.contains(u"nope"_s), qPrintable(applied.error().message));
    const Status missing = sim.applyBatchRebuild(BatchAlterTableOp{u"missing"_s, {}, u"always"_s, {}},
                                                 SourceLocation{u"script.py"_s, 7, 5});
    QVERIFY(!missing);
    QCOMPARE(missing.error().line, 7);
}

// An index on sa.func.lower(sa.column('a')) follows a rename of a, so a
// later batch rebuild recreates it on the new name.
void TestSchemaSimulator::renameReachesIndexExpressions()
{
    MetaData start = tableT({u"id"_s, u"a"_s});
    Index lower;
    lower.name = u"ix_t_lower_a"_s;
    lower.expressions = {SqlExpression::function(u"lower"_s, {SqlExpression::column(u"a"_s)})};
    start.table(u"t"_s)->indexes << lower;
    SchemaSimulator sim(start);
    AlterColumnOp rename;
    rename.tableName = u"t"_s;
    rename.columnName = u"a"_s;
    rename.newName = u"b"_s;
    QVERIFY(sim.apply(Operation{rename, {}}));
    const Index &after = sim.metadata().table(u"t"_s)->indexes.front();
    QCOMPARE(after.expressions.front().operands.front().text, u"b"_s);
}

// Table comments change the table; named enum types and op.execute do not
// touch it.
void TestSchemaSimulator::tableCommentsAndTypes()
{
    SchemaSimulator sim(tableT({u"id"_s}));
    QVERIFY(sim.apply(Operation{CreateTableCommentOp{u"t"_s, {}, u"pets"_s, {}}, {}}));
    QCOMPARE(sim.metadata().table(u"t"_s)->comment, u"pets"_s);
    QVERIFY(sim.apply(Operation{DropTableCommentOp{u"t"_s, {}, u"pets"_s}, {}}));
    QVERIFY(sim.metadata().table(u"t"_s)->comment.isEmpty());
    const MetaData before = sim.metadata();
    QVERIFY(sim.apply(Operation{EnumTypeOp{EnumTypeOp::Action::Create, SqlType::enumeration({u"a"_s}, u"e"_s), true}, {}}));
    ExecuteOp schema;
    schema.kind = ExecuteOp::Kind::CreateSchema;
    schema.schemaName = u"x"_s;
    QVERIFY(sim.apply(Operation{schema, {}}));
    QCOMPARE(sim.metadata(), before);
    QVERIFY(!sim.apply(Operation{CreateTableCommentOp{u"missing"_s, {}, u"c"_s, {}}, {}}));
}

QTEST_GUILESS_MAIN(TestSchemaSimulator)
#include "tst_schemasimulator.moc"
