// The facts behind the history's badges, from the parsed bodies of a script.
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/revisionfacts.h"
#include "script/scriptparser.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

QString script(const QString &upgrade, const QString &downgrade)
{
    QString text = u"\"\"\"step\n\nRevision ID: 1a2b3c4d5e6f\nRevises: \nCreate Date: 2026-01-01 00:00:00.000000\n\n\"\"\"\n"
                   "from alembic import op\nimport sqlalchemy as sa\n\n\n"
                   "revision = '1a2b3c4d5e6f'\ndown_revision = None\nbranch_labels = None\ndepends_on = None\n\n\n"
                   "def upgrade() -> None:\n"_s
        + upgrade;
    if (!downgrade.isNull())
        text += u"\n\n\ndef downgrade() -> None:\n"_s + downgrade;
    return text + u'\n';
}

// "data:upgrade op.execute@21 | irreversible | rebuild:upgrade pet@21 | parse error@24"
QString summary(const RevisionFacts &facts)
{
    QStringList parts;
    const auto where = [](RevisionFacts::Function f) {
        return f == RevisionFacts::Function::Upgrade ? u"upgrade"_s : u"downgrade"_s;
    };
    for (const auto &change : facts.dataChanges)
        parts << u"data:%1 %2@%3"_s.arg(where(change.function), change.what).arg(change.line);
    if (facts.irreversible)
        parts << u"irreversible"_s;
    for (const auto &rebuild : facts.rebuilds)
        parts << u"rebuild:%1 %2@%3"_s.arg(where(rebuild.function), rebuild.table).arg(rebuild.line);
    if (facts.parseError)
        parts << u"parse error@%1"_s.arg(facts.parseError->line);
    for (const auto &read : facts.databaseReads)
        parts << u"reads database:%1@%2"_s.arg(where(read.function)).arg(read.where.line);
    return parts.join(u" | "_s);
}

} // namespace

class TestRevisionFacts final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fromTheBodies_data();
    void fromTheBodies();
    void rowsARebuildCopies();
};

void TestRevisionFacts::fromTheBodies_data()
{
    QTest::addColumn<QString>("upgrade");
    QTest::addColumn<QString>("downgrade");
    QTest::addColumn<bool>("sqlite");
    QTest::addColumn<QString>("expected");

    // Line 18 is `def upgrade()`: its first statement is on line 19; after a
    // one-line upgrade(), downgrade()'s is on line 23, after two lines on 24.
    QTest::newRow("nothing to say") << u"    pass"_s << u"    pass"_s << true << QString();
    QTest::newRow("schema change with its way back")
        << u"    op.drop_table('pet')"_s << u"    op.create_table('pet', sa.Column('id', sa.Integer()))"_s << true
        << QString();
    QTest::newRow("op.execute, and no way back")
        << u"    op.execute(\"UPDATE pet SET species = 'dog'\")"_s << u"    pass"_s << true
        << u"data:upgrade op.execute@19 | irreversible"_s;
    QTest::newRow("bulk_insert undone by a delete")
        << u"    op.bulk_insert(sa.table('pet', sa.column('name', sa.String())), [{'name': 'Rex'}])"_s
        << u"    op.execute(\"DELETE FROM pet\")"_s << true
        << u"data:upgrade bulk_insert into pet@19 | data:downgrade op.execute@23"_s;
    QTest::newRow("no downgrade() at all") << u"    op.drop_table('pet')"_s << QString() << true << u"irreversible"_s;
    QTest::newRow("batch that only adds a column: ALTER TABLE, no rebuild")
        << u"    with op.batch_alter_table('pet') as batch_op:\n"
           "        batch_op.add_column(sa.Column('age', sa.Integer(), nullable=True))"_s
        << u"    with op.batch_alter_table('pet') as batch_op:\n        batch_op.drop_column('age')"_s << true
        << u"rebuild:downgrade pet@24"_s;
    QTest::newRow("batch that changes a type rebuilds on SQLite")
        << u"    with op.batch_alter_table('pet') as batch_op:\n"
           "        batch_op.alter_column('name', existing_type=sa.VARCHAR(), type_=sa.String(length=40))"_s
        << u"    with op.batch_alter_table('pet') as batch_op:\n"
           "        batch_op.alter_column('name', existing_type=sa.String(length=40), type_=sa.VARCHAR())"_s
        << true << u"rebuild:upgrade pet@19 | rebuild:downgrade pet@24"_s;
    QTest::newRow("the same batch on PostgreSQL: plain ALTERs")
        << u"    with op.batch_alter_table('pet') as batch_op:\n"
           "        batch_op.alter_column('name', existing_type=sa.VARCHAR(), type_=sa.String(length=40))"_s
        << u"    pass"_s << false << u"irreversible"_s;
    QTest::newRow("recreate='always' rebuilds whatever it holds")
        << u"    with op.batch_alter_table('user', recreate='always') as batch_op:\n"
           "        batch_op.add_column(sa.Column('age', sa.Integer(), nullable=True))"_s
        << u"    with op.batch_alter_table('user') as batch_op:\n        batch_op.drop_column('age')"_s << true
        << u"rebuild:upgrade user@19 | rebuild:downgrade user@24"_s;
    // The evaluator reads `raise`: a downgrade that only raises has no way back.
    QTest::newRow("downgrade() that raises")
        << u"    op.drop_table('pet')"_s << u"    raise NotImplementedError('no way back')"_s << true
        << u"irreversible"_s;
    QTest::newRow("upgrade() that does not parse")
        << u"    op.drop_table('pet'))"_s << u"    pass"_s << true << u"parse error@19"_s;
    QTest::newRow("upgrade() that needs an import petmigrate cannot run")
        << u"    import myapp.types\n    op.add_column('pet', sa.Column('x', myapp.types.Money()))"_s << u"    pass"_s << true
        << u"parse error@20"_s;
    // Read when the revision runs, inside its transaction: not unreadable.
    QTest::newRow("upgrade() that reads the database")
        << u"    for row in op.get_bind().execute(sa.text('SELECT id FROM pet')):\n"
           "        op.execute(f'UPDATE pet SET n = {row.id}')"_s
        << u"    pass"_s << true << u"reads database:upgrade@19"_s;
    QTest::newRow("downgrade() that reads the database is a way back")
        << u"    op.drop_column('pet', 'n')"_s
        << u"    rows = op.get_bind().execute(sa.text('SELECT id FROM pet')).fetchall()\n"
           "    op.add_column('pet', sa.Column('n', sa.Integer()))"_s
        << true << u"reads database:downgrade@23"_s;
}

void TestRevisionFacts::fromTheBodies()
{
    QFETCH(QString, upgrade);
    QFETCH(QString, downgrade);
    QFETCH(bool, sqlite);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    const QString path = dir.filePath(u"1a2b3c4d5e6f_step.py"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(script(upgrade, downgrade).toUtf8());
    file.close();
    const RevisionFacts facts = RevisionFacts::read(u"1a2b3c4d5e6f"_s, path, ScriptParser(), sqlite);
    QCOMPARE(facts.revision, u"1a2b3c4d5e6f"_s);
    QCOMPARE(summary(facts), expected);
    if (facts.parseError)
        QCOMPARE(facts.parseError->file, path);
}

void TestRevisionFacts::rowsARebuildCopies()
{
    QTemporaryDir dir;
    const QString name = u"tst_revisionfacts"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(dir.filePath(u"pets.db"_s));
        QVERIFY(db.open());
        QSqlQuery query(db);
        QVERIFY(query.exec(u"CREATE TABLE pet (id INTEGER PRIMARY KEY, name VARCHAR)"_s));
        QVERIFY(query.exec(u"INSERT INTO pet (name) VALUES ('Rex'), ('Tom'), ('Kiwi')"_s));

        RevisionFacts facts;
        facts.rebuilds = {{RevisionFacts::Function::Upgrade, u"pet"_s, {}, 16, {}, false},
                          {RevisionFacts::Function::Upgrade, u"toy"_s, {}, 20, {}, false}};
        QHash<QString, std::optional<qint64>> counted;
        countRebuiltRows(facts, db, counted);
        QCOMPARE(facts.rebuilds.at(0).rows, std::optional<qint64>(3));
        QVERIFY(facts.rebuilds.at(0).tableExists);
        QCOMPARE(facts.rebuilds.at(1).rows, std::optional<qint64>());
        QVERIFY(!facts.rebuilds.at(1).tableExists); // created by an earlier step
        // Counted once per table: a row added later is not seen through the cache.
        QVERIFY(query.exec(u"INSERT INTO pet (name) VALUES ('Luna')"_s));
        RevisionFacts again;
        again.rebuilds = {{RevisionFacts::Function::Downgrade, u"pet"_s, {}, 30, {}, false}};
        countRebuiltRows(again, db, counted);
        QCOMPARE(again.rebuilds.at(0).rows, std::optional<qint64>(3));
        counted.clear();
        countRebuiltRows(again, db, counted);
        QCOMPARE(again.rebuilds.at(0).rows, std::optional<qint64>(4));
    }
    QSqlDatabase::removeDatabase(name);
}

QTEST_GUILESS_MAIN(TestRevisionFacts)
#include "tst_revisionfacts.moc"
