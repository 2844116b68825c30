// `upgrade --plan` over steps it cannot plan ahead (a body that reads rows
// through op.get_bind(), a value with no literal form): the steps are
// rehearsed on a copy of the SQLite database. What ran there is reported,
// with what it destroyed; the database itself is never touched.
#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/databaseconnection.h"
#include "petmigraterun.h"
#include "scripttext.h"

using namespace Qt::StringLiterals;
using pm::test::Run;
using pm::test::fileHash;
using pm::test::petmigrate;

namespace {

// The first revision: pets, three of them, two of them strays ('x...').
const QString createPets = u"    op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False), "
                           u"sa.Column('name', sa.String(), nullable=False), sa.PrimaryKeyConstraint('id'))\n"
                           u"    op.execute(\"INSERT INTO pet (id, name) VALUES (1, 'xRex'), (2, 'Tom'), (3, 'xAda')\")"_s;

} // namespace

class TestRehearsal : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void planRehearsesWhatItCannotPlan_data();
    void planRehearsesWhatItCannotPlan();
    void failureOnTheCopyIsTheAnswer();
    void downgradeIsRehearsedToo();
    void plannableStepsAreNotRehearsed();

private:
    void writeScript(const QString &rev, const QString &down, const QString &up);
    QStringList base() const { return {u"-c"_s, m_dir->filePath(u"alembic.ini"_s), u"--url"_s, u"sqlite:///"_s + dbPath()}; }
    QString dbPath() const { return m_dir->filePath(u"pets.db"_s); }

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestRehearsal::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QDir(m_dir->path()).mkpath(u"migrations/versions"_s);
    QFile ini(m_dir->filePath(u"alembic.ini"_s));
    QVERIFY(ini.open(QIODevice::WriteOnly));
    ini.write("[alembic]\nscript_location = %(here)s/migrations\nsqlalchemy.url = sqlite:///unused.db\n");
    ini.close();
    QFile tmpl(m_dir->filePath(u"migrations/script.py.mako"_s));
    QVERIFY(tmpl.open(QIODevice::WriteOnly));
    QFile generic(QStringLiteral(PM_SOURCE_DIR) + u"/resources/templates/generic/script.py.mako"_s);
    QVERIFY(generic.open(QIODevice::ReadOnly));
    tmpl.write(generic.readAll());
}

void TestRehearsal::cleanup()
{
    m_dir.reset();
}

void TestRehearsal::writeScript(const QString &rev, const QString &down, const QString &up)
{
    QFile f(m_dir->filePath(u"migrations/versions/%1_step.py"_s.arg(rev)));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(scriptText(rev, down, up, u"    pass"_s).toUtf8());
}

void TestRehearsal::planRehearsesWhatItCannotPlan_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QStringList>("sql");     // in this order in the plan
    QTest::addColumn<QStringList>("impacts"); // the "! DESTROYS:" lines, in order

    QTest::newRow("delete the rows it read")
        << u"    bind = op.get_bind()\n"
           u"    for pid, name in bind.execute(sa.text('SELECT id, name FROM pet ORDER BY id')).fetchall():\n"
           u"        if name.startswith('x'):\n"
           u"            op.execute(f'DELETE FROM pet WHERE id = {pid}')"_s
        << QStringList{u"SELECT id, name FROM pet ORDER BY id;"_s, u"DELETE FROM pet WHERE id = 1;"_s,
                       u"DELETE FROM pet WHERE id = 3;"_s}
        << QStringList{u"table pet: DELETE removes 1 row"_s, u"table pet: DELETE removes 1 row"_s};
    QTest::newRow("update what it counted")
        << u"    n = op.get_bind().execute(sa.text(\"SELECT count(*) FROM pet WHERE name LIKE 'x%'\")).scalar()\n"
           u"    if n:\n"
           u"        op.execute(\"UPDATE pet SET name = substr(name, 2) WHERE name LIKE 'x%'\")"_s
        << QStringList{u"SELECT count(*) FROM pet WHERE name LIKE 'x%';"_s,
                       u"UPDATE pet SET name = substr(name, 2) WHERE name LIKE 'x%';"_s}
        << QStringList{u"table pet: UPDATE overwrites 2 rows"_s};
    // bulk_insert runs with bound values online: they are shown with it.
    QTest::newRow("insert after a read")
        << u"    top = op.get_bind().execute(sa.text('SELECT max(id) FROM pet')).scalar()\n"
           u"    pet = sa.table('pet', sa.column('id', sa.Integer()), sa.column('name', sa.String()))\n"
           u"    op.bulk_insert(pet, [{'id': top + 1, 'name': \"O'Malley\"}])"_s
        << QStringList{u"SELECT max(id) FROM pet;"_s, u"-- [parameters: (4, \"O'Malley\")]"_s,
                       u"INSERT INTO pet (id, name) VALUES (?, ?);"_s}
        << QStringList{};
    // The schema operation after the read is measured on the copy as it is
    // then: its rows, not the rows the database has now.
    QTest::newRow("drop a column after deleting rows")
        << u"    for (pid,) in op.get_bind().execute(sa.text('SELECT id FROM pet WHERE id > 1')).fetchall():\n"
           u"        op.execute(f'DELETE FROM pet WHERE id = {pid}')\n"
           u"    with op.batch_alter_table('pet') as batch_op:\n"
           u"        batch_op.drop_column('name')"_s
        << QStringList{u"DELETE FROM pet WHERE id = 2;"_s, u"DELETE FROM pet WHERE id = 3;"_s,
                       u"CREATE TABLE _alembic_tmp_pet ("_s}
        << QStringList{u"table pet: DELETE removes 1 row"_s, u"table pet: DELETE removes 1 row"_s,
                       u"column pet.name: drops 1 non-NULL value"_s};
    // No body reads rows, but a JSON value has no literal form for the
    // planner (aiida's main_0000a): the run binds it, and so does the copy.
    QTest::newRow("a value with no literal form")
        << u"    op.add_column('pet', sa.Column('meta', sa.JSON(), nullable=True))\n"
           u"    pet = sa.table('pet', sa.column('id', sa.Integer), sa.Column('meta', sa.JSON))\n"
           u"    op.execute(pet.update().where(pet.c.id > 1).values(meta={}))"_s
        << QStringList{u"ALTER TABLE pet ADD COLUMN meta JSON;"_s, u"-- [parameters: ('{}', 1)]"_s,
                       u"UPDATE pet SET meta=? WHERE pet.id > ?;"_s}
        << QStringList{u"table pet: UPDATE overwrites 2 rows"_s};
}

void TestRehearsal::planRehearsesWhatItCannotPlan()
{
    QFETCH(QString, body);
    QFETCH(QStringList, sql);
    QFETCH(QStringList, impacts);

    writeScript(u"a1"_s, QString(), createPets);
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    writeScript(u"b2"_s, u"a1"_s, body);
    const QByteArray before = fileHash(dbPath());

    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s << u"--plan"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(u"Rehearsed on a copy of the database"_s), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"Step 1: upgrade a1 -> b2, step b2\n"_s), qPrintable(r.out));
    qsizetype at = 0;
    for (const QString &statement : sql) {
        const qsizetype found = r.out.indexOf(u"    "_s + statement, at);
        QVERIFY2(found >= 0, qPrintable(u"'%1' (in order) not in:\n%2"_s.arg(statement, r.out)));
        at = found + statement.size();
    }
    QStringList flagged;
    for (const QString &line : r.out.split(u'\n')) {
        if (line.startsWith(u"  ! DESTROYS: "_s))
            flagged << line.mid(14).section(u" ("_s, 0, 0);
    }
    QCOMPARE(flagged, impacts);
    if (!impacts.isEmpty())
        QVERIFY2(r.out.contains(u"b2_step.py:"_s), qPrintable(r.out)); // each finding at its line

    // The database was only read: same bytes, same revision, same rows.
    QCOMPARE(fileHash(dbPath()), before);
    QCOMPARE(petmigrate(base() << u"current"_s).out, u"a1\n"_s);
    // The real run does what the rehearsal said.
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    QCOMPARE(petmigrate(base() << u"current"_s).out, u"b2 (head)\n"_s);
}

// A run that would fail fails on the copy: the plan says so, located, and
// the database is as it was.
void TestRehearsal::failureOnTheCopyIsTheAnswer()
{
    writeScript(u"a1"_s, QString(), createPets);
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    writeScript(u"b2"_s, u"a1"_s,
                u"    top = op.get_bind().execute(sa.text('SELECT min(id) FROM pet')).scalar()\n"
                u"    op.execute(f\"INSERT INTO pet (id, name) VALUES ({top}, 'again')\")"_s);
    const QByteArray before = fileHash(dbPath());
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s << u"--plan"_s);
    QVERIFY2(r.status != 0, qPrintable(r.out));
    const QString all = r.out + r.err;
    QVERIFY2(all.contains(u"rehearsed on a copy of the database, the run fails:"_s), qPrintable(all));
    QVERIFY2(all.contains(u"b2_step.py:20:"_s), qPrintable(all));
    QVERIFY2(all.contains(u"UNIQUE constraint failed"_s), qPrintable(all));
    QCOMPARE(fileHash(dbPath()), before);
}

void TestRehearsal::downgradeIsRehearsedToo()
{
    writeScript(u"a1"_s, QString(), createPets);
    QFile f(m_dir->filePath(u"migrations/versions/b2_step.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(scriptText(u"b2"_s, u"a1"_s, u"    op.add_column('pet', sa.Column('tag', sa.String(), nullable=True))"_s,
                       u"    for (pid,) in op.get_bind().execute(sa.text('SELECT id FROM pet WHERE tag IS NOT NULL')):\n"
                       u"        op.execute(f'DELETE FROM pet WHERE id = {pid}')\n"
                       u"    with op.batch_alter_table('pet') as batch_op:\n"
                       u"        batch_op.drop_column('tag')"_s)
                .toUtf8());
    f.close();
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    {
        auto c = pm::DatabaseConnection::openSqliteFile(dbPath(), pm::DatabaseConnection::OpenMode::MustExist);
        QVERIFY(c);
        QVERIFY(QSqlQuery(c->database()).exec(u"UPDATE pet SET tag = 'lost' WHERE id = 2"_s));
    }
    const QByteArray before = fileHash(dbPath());
    const Run r = petmigrate(base() << u"downgrade"_s << u"-1"_s << u"--plan"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.contains(u"Step 1: downgrade b2 -> a1"_s) && r.out.contains(u"    DELETE FROM pet WHERE id = 2;"_s),
             qPrintable(r.out));
    // The column is dropped after its one value went with its row.
    QVERIFY2(r.out.contains(u"! DESTROYS: table pet: DELETE removes 1 row"_s)
                 && r.out.contains(u"! DESTROYS: column pet.tag: drops 0 non-NULL values"_s),
             qPrintable(r.out));
    QCOMPARE(fileHash(dbPath()), before);
}

// Bodies that can be planned are planned, as before: no copy is made.
void TestRehearsal::plannableStepsAreNotRehearsed()
{
    writeScript(u"a1"_s, QString(), createPets);
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    // Uses the connection, but only to send statements: --sql can list them.
    writeScript(u"b2"_s, u"a1"_s,
                u"    op.get_bind().execute(sa.text(\"DELETE FROM pet WHERE name LIKE 'x%'\"))\n"
                u"    op.drop_table('pet')"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s << u"--plan"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QVERIFY2(r.out.startsWith(u"Step 1: upgrade a1 -> b2"_s), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"DELETE FROM pet WHERE name LIKE 'x%';"_s), qPrintable(r.out));
    // Planned, it counts the rows there are now (the DELETE is not run).
    QVERIFY2(r.out.contains(u"! DESTROYS: table pet: drops 3 rows"_s), qPrintable(r.out));
}

QTEST_GUILESS_MAIN(TestRehearsal)
#include "tst_rehearsal.moc"
