// Online upgrade/downgrade through the petmigrate entry point on throwaway
// projects: all-or-nothing runs, the version table, and the sentences a user
// gets for a database the scripts do not know or a file that is not one.
#include <QDir>
#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/sqlsplitter.h"
#include "runtime/databaseconnection.h"
#include "petmigraterun.h"
#include "scripttext.h"

using namespace Qt::StringLiterals;
using pm::test::Run;
using pm::test::fileHash;
using pm::test::petmigrate;

class TestMigrationRunner : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void upgradeAndDowngrade();
    void failureLeavesDatabaseUntouched();
    void batchKeepsDataAndForeignKeys();
    void orphanedRowsAreNamed();
    void batchAfterDdlAsText();
    void batchAfterDdlThroughBind();
    void createAfterDdlAsTextInOneStep();
    void batchRebuildsDefaultsAsAlembic_data();
    void batchRebuildsDefaultsAsAlembic();
    void batchRebuildsForeignKeyActionsAsAlembic();
    void batchReflectsTypesAndNamesAsAlembic();
    void batchRebuildsChecksAsAlembic_data();
    void batchRebuildsChecksAsAlembic();
    void ormQueryUpdateAsSqlAlchemy();
    void boundValuesAsAlembic_data();
    void boundValuesAsAlembic();
    void batchIndexOnColumnAddedLater();
    void batchRebuildAfterItsOwnExecute();
    void ormSessionWritesAsSqlAlchemy();
    void ormJoinsAndEnumsAsSqlAlchemy();
    void ormSeveralEntitiesAsSqlAlchemy();
    void databaseErrorsAsSqlAlchemy();
    void uncaughtDatabaseErrorRollsBack_data();
    void uncaughtDatabaseErrorRollsBack();
    void sqliteAutoincrementOnOtherKeys();
    void scriptCommitIsNotRolledBack();
    void unknownRevisionInDatabase();
    void notADatabase();
    void offlineBatchNeedsNoDatabase();
    void outputStreams_data();
    void outputStreams();

private:
    void writeScript(const QString &rev, const QString &down, const QString &up, const QString &downgrade);
    QStringList base() const { return {u"-c"_s, m_dir->filePath(u"alembic.ini"_s), u"--url"_s, u"sqlite:///"_s + dbPath()}; }
    QString dbPath() const { return m_dir->filePath(u"pets.db"_s); }
    QStringList query(const QString &sql) const;

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestMigrationRunner::init()
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

void TestMigrationRunner::cleanup()
{
    m_dir.reset();
}

void TestMigrationRunner::writeScript(const QString &rev, const QString &down, const QString &up,
                                      const QString &downgrade)
{
    QFile f(m_dir->filePath(u"migrations/versions/%1_step.py"_s.arg(rev)));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(scriptText(rev, down, up, downgrade).toUtf8());
}

QStringList TestMigrationRunner::query(const QString &sql) const
{
    auto c = pm::DatabaseConnection::openSqliteFile(dbPath(), pm::DatabaseConnection::OpenMode::MustExist);
    if (!c)
        return {u"error: "_s + c.error().message};
    QStringList rows;
    QSqlQuery q(c->database());
    if (!q.exec(sql))
        return {u"error"_s};
    while (q.next()) {
        QStringList cols;
        for (int i = 0; i < q.record().count(); ++i)
            cols << q.value(i).toString();
        rows << cols.join(u'|');
    }
    return rows;
}

void TestMigrationRunner::upgradeAndDowngrade()
{
    writeScript(u"aaaa0001"_s, QString(),
                u"    op.create_table('owner', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))"_s,
                u"    op.drop_table('owner')"_s);
    writeScript(u"aaaa0002"_s, u"aaaa0001"_s,
                u"    op.add_column('owner', sa.Column('name', sa.String(length=50), nullable=True))\n"
                u"    op.create_index('ix_owner_name', 'owner', ['name'], unique=False)"_s,
                u"    op.drop_index('ix_owner_name', table_name='owner')\n    op.drop_column('owner', 'name')"_s);

    Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.err.contains(u"INFO  [alembic.runtime.migration] Running upgrade  -> aaaa0001, step aaaa0001"_s), qPrintable(r.err));
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"aaaa0002"_s});
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type='index' AND name NOT LIKE 'sqlite_%'"_s),
             QStringList{u"ix_owner_name"_s});

    r = petmigrate(base() << u"current"_s);
    QCOMPARE(r.out, u"aaaa0002 (head)\n"_s);

    r = petmigrate(base() << u"downgrade"_s << u"-1"_s);
    QCOMPARE(r.status, 0);
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"aaaa0001"_s});
    QCOMPARE(query(u"SELECT name FROM pragma_table_info('owner')"_s), QStringList{u"id"_s});

    r = petmigrate(base() << u"downgrade"_s << u"base"_s);
    QCOMPARE(r.status, 0);
    QCOMPARE(query(u"SELECT count(*) FROM alembic_version"_s), QStringList{u"0"_s});
    QCOMPARE(query(u"SELECT count(*) FROM sqlite_master WHERE name='owner'"_s), QStringList{u"0"_s});
}

// A step that fails halfway (NOT NULL column without default over existing
// rows, inside a batch rebuild) leaves the file byte-for-byte as it was; the
// corrected script then runs.
void TestMigrationRunner::failureLeavesDatabaseUntouched()
{
    writeScript(u"bbbb0001"_s, QString(),
                u"    op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False), sa.Column('name', sa.String(), nullable=False), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.execute(\"INSERT INTO pet (id, name) VALUES (1, 'Rex'), (2, 'Tom')\")"_s,
                u"    op.drop_table('pet')"_s);
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);

    writeScript(u"bbbb0002"_s, u"bbbb0001"_s,
                u"    op.create_index('ix_pet_name', 'pet', ['name'])\n"
                u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
                u"        batch_op.add_column(sa.Column('species', sa.String(), nullable=False))\n"
                u"        batch_op.alter_column('name', existing_type=sa.String(), nullable=True)"_s,
                u"    pass"_s);
    const QByteArray before = fileHash(dbPath());
    Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.startsWith(u"FAILED: "_s) && r.out.contains(u"bbbb0002"_s) && r.out.contains(u"NOT NULL"_s),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(u"bbbb0002_step.py:"_s), qPrintable(r.out));
    QCOMPARE(fileHash(dbPath()), before);

    writeScript(u"bbbb0002"_s, u"bbbb0001"_s,
                u"    op.create_index('ix_pet_name', 'pet', ['name'])\n"
                u"    with op.batch_alter_table('pet', schema=None) as batch_op:\n"
                u"        batch_op.add_column(sa.Column('species', sa.String(), server_default='unknown', nullable=False))\n"
                u"        batch_op.alter_column('name', existing_type=sa.String(), nullable=True)"_s,
                u"    pass"_s);
    r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT id, name, species FROM pet ORDER BY id"_s),
             (QStringList{u"1|Rex|unknown"_s, u"2|Tom|unknown"_s}));
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"bbbb0002"_s});
    // The rebuild kept the index created before it.
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type='index' AND name='ix_pet_name'"_s),
             QStringList{u"ix_pet_name"_s});
}

// A run that leaves rows whose foreign keys point nowhere is rolled back,
// and the refusal says which table's rows refer to which table: the user
// has data to mend before the migration can run (Alembic, on pysqlite with
// SQLite's foreign keys off, would keep the orphans).
void TestMigrationRunner::orphanedRowsAreNamed()
{
    writeScript(u"cccb0001"_s, QString(),
                u"    op.create_table('user', sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False), sa.Column('owner_id', sa.Integer(), nullable=True), sa.ForeignKeyConstraint(['owner_id'], ['user.id']), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.execute('INSERT INTO user (id) VALUES (1), (2)')\n"
                u"    op.execute('INSERT INTO pet (id, owner_id) VALUES (10, 1), (11, 1), (12, 2)')"_s,
                u"    op.drop_table('pet')\n    op.drop_table('user')"_s);
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"cccb0001"_s).status, 0);
    writeScript(u"cccb0002"_s, u"cccb0001"_s, u"    op.execute('DELETE FROM user WHERE id = 1')"_s, u"    pass"_s);
    const QByteArray before = fileHash(dbPath());
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.contains(u"leaves 2 row(s) violating foreign keys"_s), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"pet \u2192 user (2 rows)"_s), qPrintable(r.out));
    QCOMPARE(fileHash(dbPath()), before);
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"cccb0001"_s});
}

// Rebuilding a parent table must not fire ON DELETE CASCADE on its children.
void TestMigrationRunner::batchKeepsDataAndForeignKeys()
{
    writeScript(u"cccc0001"_s, QString(),
                u"    op.create_table('user', sa.Column('id', sa.Integer(), nullable=False), sa.Column('name', sa.String(), nullable=True), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False), sa.Column('owner_id', sa.Integer(), nullable=True), sa.ForeignKeyConstraint(['owner_id'], ['user.id'], ondelete='CASCADE'), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.execute(\"INSERT INTO user (id, name) VALUES (1, 'Ann')\")\n"
                u"    op.execute('INSERT INTO pet (id, owner_id) VALUES (10, 1)')"_s,
                u"    op.drop_table('pet')\n    op.drop_table('user')"_s);
    writeScript(u"cccc0002"_s, u"cccc0001"_s,
                u"    with op.batch_alter_table('user') as batch_op:\n"
                u"        batch_op.alter_column('name', new_column_name='full_name', existing_type=sa.String())"_s,
                u"    with op.batch_alter_table('user') as batch_op:\n"
                u"        batch_op.alter_column('full_name', new_column_name='name', existing_type=sa.String())"_s);
    Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT id, full_name FROM user"_s), QStringList{u"1|Ann"_s});
    QCOMPARE(query(u"SELECT id, owner_id FROM pet"_s), QStringList{u"10|1"_s});
    r = petmigrate(base() << u"downgrade"_s << u"cccc0001"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT id, name FROM user"_s), QStringList{u"1|Ann"_s});
    QCOMPARE(query(u"SELECT count(*) FROM pet"_s), QStringList{u"1"_s});
}

// prefect renames a table with op.execute("ALTER TABLE ... RENAME TO ...")
// and rebuilds it in the next revision: the rebuild must copy the table the
// database holds, as Alembic's reflection at the batch does.
void TestMigrationRunner::batchAfterDdlAsText()
{
    writeScript(u"gggg0001"_s, QString(),
                u"    op.create_table('block_data', sa.Column('id', sa.Integer(), nullable=False), sa.Column('name', sa.String(), nullable=True), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.create_index('ix_block_data__name', 'block_data', ['name'])\n"
                u"    op.execute(\"INSERT INTO block_data (id, name) VALUES (1, 'a')\")"_s,
                u"    op.drop_table('block_data')"_s);
    writeScript(u"gggg0002"_s, u"gggg0001"_s,
                u"    op.execute(\"\"\"\n        ALTER TABLE block_data\n        RENAME TO block;\n    \"\"\")"_s,
                u"    op.execute('ALTER TABLE block RENAME TO block_data')"_s);
    writeScript(u"gggg0003"_s, u"gggg0002"_s,
                u"    with op.batch_alter_table('block') as batch_op:\n"
                u"        batch_op.drop_index('ix_block_data__name')\n"
                u"        batch_op.create_index('ix_block__name', ['name'])\n"
                u"        batch_op.add_column(sa.Column('kind', sa.String(), nullable=True))"_s,
                u"    with op.batch_alter_table('block') as batch_op:\n"
                u"        batch_op.drop_column('kind')\n"
                u"        batch_op.drop_index('ix_block__name')\n"
                u"        batch_op.create_index('ix_block_data__name', ['name'])"_s);
    Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT id, name, kind FROM block"_s), QStringList{u"1|a|"_s});
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'block'"_s),
             QStringList{u"ix_block__name"_s});
    r = petmigrate(base() << u"downgrade"_s << u"base"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"_s),
             QStringList{u"alembic_version"_s});
}

// pgadmin4's add_user_id_dbg_args, in one live body: rows read through a
// reflected table (where t.c.v.isnot(None)), the table dropped by text, then
// made again with op.create_table and indexed. The create is planned on the
// schema the database has after the DROP; the expected SQL and row are
// Alembic 1.8.1's for the same body.
void TestMigrationRunner::createAfterDdlAsTextInOneStep()
{
    writeScript(u"dddd0001"_s, QString(),
                u"    op.create_table('args', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('v', sa.String()))\n"
                u"    op.execute(\"INSERT INTO args (id, v) VALUES (1, 'a'), (2, NULL)\")"_s,
                u"    op.drop_table('args')"_s);
    writeScript(u"dddd0002"_s, u"dddd0001"_s,
                u"    meta = sa.MetaData()\n"
                u"    meta.reflect(op.get_bind(), only=('args',), resolve_fks=False)\n"
                u"    t = sa.Table('args', meta)\n"
                u"    kept = [r[0] for r in op.get_bind().execute(sa.select(t.c.id, t.c.v).where(t.c.v.isnot(None)))]\n"
                u"    op.execute('DROP TABLE IF EXISTS args')\n"
                u"    op.create_table('args', sa.Column('user_id', sa.Integer(), nullable=False), "
                u"sa.Column('id', sa.Integer(), nullable=False), sa.PrimaryKeyConstraint('user_id', 'id'))\n"
                u"    op.execute(\"INSERT INTO args (user_id, id) VALUES (7, %d)\" % kept[0])\n"
                u"    op.create_index('ix_args_id', 'args', ['id'])"_s,
                u"    pass"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT group_concat(sql, ' | ') FROM sqlite_master WHERE tbl_name = 'args'"_s),
             QStringList{u"CREATE TABLE args (\n\tuser_id INTEGER NOT NULL, \n\tid INTEGER NOT NULL, \n"
                         u"\tPRIMARY KEY (user_id, id)\n) | CREATE INDEX ix_args_id ON args (id)"_s});
    QCOMPARE(query(u"SELECT user_id, id FROM args"_s), QStringList{u"7|1"_s});
}

// The same rename sent through the body's connection (a live body), then a
// body that only reads and writes rows, then the rebuild: the schema is read
// again before the rebuild, however many steps later it comes.
void TestMigrationRunner::batchAfterDdlThroughBind()
{
    writeScript(u"hhhh0001"_s, QString(),
                u"    op.create_table('block_data', sa.Column('id', sa.Integer(), nullable=False), sa.Column('name', sa.String(), nullable=True), sa.PrimaryKeyConstraint('id'))\n"
                u"    op.execute(\"INSERT INTO block_data (id, name) VALUES (1, 'a')\")"_s,
                u"    op.drop_table('block_data')"_s);
    writeScript(u"hhhh0002"_s, u"hhhh0001"_s,
                u"    bind = op.get_bind()\n"
                u"    bind.execute(sa.text('ALTER TABLE block_data RENAME TO block'))"_s,
                u"    op.get_bind().execute(sa.text('ALTER TABLE block RENAME TO block_data'))"_s);
    writeScript(u"hhhh0003"_s, u"hhhh0002"_s,
                u"    bind = op.get_bind()\n"
                u"    n = bind.execute(sa.text('SELECT count(*) FROM block')).scalar()\n"
                u"    bind.execute(sa.text('UPDATE block SET name = :n'), {'n': 'rows %d' % n})"_s,
                u"    pass"_s);
    writeScript(u"hhhh0004"_s, u"hhhh0003"_s,
                u"    with op.batch_alter_table('block') as batch_op:\n"
                u"        batch_op.alter_column('name', new_column_name='label', existing_type=sa.String())"_s,
                u"    with op.batch_alter_table('block') as batch_op:\n"
                u"        batch_op.alter_column('label', new_column_name='name', existing_type=sa.String())"_s);
    Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT id, label FROM block"_s), QStringList{u"1|rows 1"_s});
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"hhhh0004"_s});
    r = petmigrate(base() << u"downgrade"_s << u"base"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"_s),
             QStringList{u"alembic_version"_s});
}

// SQLite keeps only the inside of DEFAULT (...) (pragma dflt_value), and
// Alembic's batch reflection parenthesizes again what it guesses is an
// expression (SQLiteImpl.autogen_column_reflect). The rebuilt table's column
// is therefore Alembic's text, not the script's; each expected line is what
// Alembic 1.8.1 / SQLAlchemy 1.4 leave in sqlite_master for the same two
// steps (create_table, then a batch add_column + create_unique_constraint).
// prefect's block.id default (e1ff4973a9eb) is the multi-line row: written
// back without its parentheses, SQLite refused the CREATE TABLE.
void TestMigrationRunner::batchRebuildsDefaultsAsAlembic_data()
{
    QTest::addColumn<QString>("serverDefault"); // the Python expression
    QTest::addColumn<QString>("column");        // the column's line in sqlite_master after the rebuild

    QTest::newRow("multi-line, parenthesized twice")
        << uR"py(sa.text("(\n    (\n        lower(hex(randomblob(4)))\n        || '-'\n    )\n    )"))py"_s
        << u"\tc VARCHAR DEFAULT ((\n        lower(hex(randomblob(4)))\n        || '-'\n    )), "_s;
    QTest::newRow("one-line, parenthesized")
        << uR"py(sa.text("(strftime('%Y-%m-%d %H:%M:%f000', 'now'))"))py"_s
        << u"\tc VARCHAR DEFAULT (strftime('%Y-%m-%d %H:%M:%f000', 'now')), "_s;
    QTest::newRow("string") << uR"py("{}")py"_s << u"\tc VARCHAR DEFAULT '{}', "_s;
    QTest::newRow("string over two lines") << uR"py("a\nb")py"_s << u"\tc VARCHAR DEFAULT ('a\nb'), "_s;
    QTest::newRow("bare keyword") << uR"py(sa.text("CURRENT_TIMESTAMP"))py"_s << u"\tc VARCHAR DEFAULT (CURRENT_TIMESTAMP), "_s;
    QTest::newRow("construct") << u"sa.func.current_timestamp()"_s << u"\tc VARCHAR DEFAULT (CURRENT_TIMESTAMP), "_s;
    QTest::newRow("one digit") << uR"py(sa.text("1"))py"_s << u"\tc VARCHAR DEFAULT 1, "_s;
    QTest::newRow("two digits") << uR"py(sa.text("12"))py"_s << u"\tc VARCHAR DEFAULT (12), "_s;
    QTest::newRow("negative") << uR"py(sa.text("-1"))py"_s << u"\tc VARCHAR DEFAULT (-1), "_s;
    QTest::newRow("spaces inside the parentheses") << uR"py(sa.text("( 7 )"))py"_s << u"\tc VARCHAR DEFAULT 7, "_s;
}

void TestMigrationRunner::batchRebuildsDefaultsAsAlembic()
{
    QFETCH(QString, serverDefault);
    QFETCH(QString, column);
    writeScript(u"hhhh0001"_s, QString(),
                u"    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), "
                u"sa.Column('c', sa.String(), server_default=%1))\n"
                u"    with op.batch_alter_table('t') as batch_op:\n"
                u"        batch_op.add_column(sa.Column('extra', sa.Integer()))\n"
                u"        batch_op.create_unique_constraint('uq_t_extra', ['extra'])"_s.arg(serverDefault),
                u"    op.drop_table('t')"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    const QStringList sql = query(u"SELECT sql FROM sqlite_master WHERE name = 't'"_s);
    QCOMPARE(sql.size(), 1);
    const QString expected = u"CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL, \n"_s + column
        + u"\n\textra INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT uq_t_extra UNIQUE (extra)\n)"_s;
    QCOMPARE(sql.first(), expected);
    // And the rebuilt table rebuilds again, as a later revision would.
    writeScript(u"hhhh0002"_s, u"hhhh0001"_s,
                u"    with op.batch_alter_table('t') as batch_op:\n"
                u"        batch_op.drop_constraint('uq_t_extra', type_='unique')"_s,
                u"    pass"_s);
    const Run again = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(again.status == 0, qPrintable(again.err));
    QVERIFY2(query(u"SELECT sql FROM sqlite_master WHERE name = 't'"_s).value(0).contains(column.chopped(3)),
             qPrintable(query(u"SELECT sql FROM sqlite_master WHERE name = 't'"_s).value(0)));
}

// Alembic rebuilds the table SQLAlchemy's SQLite reflection gives back:
// BINARY(16) has NUMERIC affinity (NUMERIC(16)), and a foreign key whose
// name the DDL quotes ("fk_T_u") comes back unnamed. The expected text is
// Alembic 1.8.1's for the same body, the table made and rebuilt in one run.
void TestMigrationRunner::batchReflectsTypesAndNamesAsAlembic()
{
    writeScript(u"jjjj0001"_s, QString(),
                u"    op.create_table('t', sa.Column('id', sa.Integer(), nullable=False), sa.Column('b', sa.BINARY(16)), "
                u"sa.Column('u', sa.Integer()), sa.PrimaryKeyConstraint('id'), "
                u"sa.ForeignKeyConstraint(['u'], ['t.id'], name='fk_T_u'))\n"
                u"    with op.batch_alter_table('t', recreate='always') as batch_op:\n"
                u"        batch_op.add_column(sa.Column('x', sa.Integer()))"_s,
                u"    op.drop_table('t')"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT sql FROM sqlite_master WHERE name = 't'"_s),
             QStringList{u"CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL, \n\tb NUMERIC(16), \n\tu INTEGER, \n\tx INTEGER, "
                         u"\n\tPRIMARY KEY (id), \n\tFOREIGN KEY(u) REFERENCES t (id)\n)"_s});
}

// Which CHECK constraints a rebuild carries over: Alembic reflects the
// table, SQLAlchemy 1.4 reads only CHECKs it finds on one line each, and
// ApplyBatchImpl skips the unnamed ones (it cannot tell a Boolean's or an
// Enum's from the table's); a named one is copied as text, even when it
// names a column the block drops (pgadmin4's f656e56dfdc8 drops
// sharedserver.ssl_mode, whose CHECK is unnamed). The expected text is what
// Alembic 1.8.1 leaves in sqlite_master for the same body; "error: ..." is
// the SQLite error Alembic fails with.
void TestMigrationRunner::batchRebuildsChecksAsAlembic_data()
{
    QTest::addColumn<QString>("extra");    // create_table arguments before the primary key
    QTest::addColumn<QString>("kwargs");   // batch_alter_table's after the table name
    QTest::addColumn<QString>("body");     // the block
    QTest::addColumn<QString>("expected"); // sqlite_master's SQL for t, or "error: " and what the error says

    const QString head = u"CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL, \n"_s;
    QTest::newRow("unnamed CHECK on a dropped column")
        << u"sa.CheckConstraint(\"a IN ('x', 'y')\"), "_s << QString() << u"batch_op.drop_column('a')"_s
        << head + u"\tb INTEGER, \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("named CHECK kept")
        << u"sa.CheckConstraint('b > 0', name='ck_b'), "_s << QString() << u"batch_op.drop_column('a')"_s
        << head + u"\tb INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_b CHECK (b > 0)\n)"_s;
    QTest::newRow("named CHECK with nested parentheses")
        << u"sa.CheckConstraint('b < 100 AND (b > -1)', name='ck_b'), "_s << QString()
        << u"batch_op.alter_column('a', new_column_name='c')"_s
        << head + u"\tc VARCHAR(16), \n\tb INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_b CHECK (b < 100 AND (b > -1))\n)"_s;
    QTest::newRow("unnamed Boolean CHECK")
        << u"sa.Column('f', sa.Boolean(create_constraint=True)), "_s << QString() << u"batch_op.drop_column('a')"_s
        << head + u"\tb INTEGER, \n\tf BOOLEAN, \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("named Boolean CHECK")
        << u"sa.Column('f', sa.Boolean(create_constraint=True, name='ck_f')), "_s << QString()
        << u"batch_op.drop_column('a')"_s
        << head + u"\tb INTEGER, \n\tf BOOLEAN, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_f CHECK (f IN (0, 1))\n)"_s;
    QTest::newRow("CHECK added in the block")
        << QString() << QString() << u"batch_op.create_check_constraint('ck_b', 'b > 0')"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_b CHECK (b > 0)\n)"_s;
    QTest::newRow("named CHECK on a dropped column")
        << u"sa.CheckConstraint(\"a IN ('x', 'y')\", name='ck_a'), "_s << QString() << u"batch_op.drop_column('a')"_s
        << u"error: no such column: a"_s;
    // Alembic's add_column hands the column's type CHECK to the batch twice:
    // with the copied column and through add_constraint. A later rebuild
    // reflects the named pair as one (a dict by name), drops an unnamed one.
    QTest::newRow("Boolean added in a rebuild")
        << QString() << u", recreate='always'"_s
        << u"batch_op.add_column(sa.Column('h', sa.Boolean(create_constraint=True)))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\th BOOLEAN, \n\tPRIMARY KEY (id), \n\tCHECK (h IN (0, 1)), \n"
                  u"\tCHECK (h IN (0, 1))\n)"_s;
    QTest::newRow("named Boolean added, then rebuilt again")
        << QString() << u", recreate='always'"_s
        << u"batch_op.add_column(sa.Column('h', sa.Boolean(create_constraint=True, name='ck_h')))\n"
           u"    with op.batch_alter_table('t') as batch_op:\n        batch_op.drop_column('a')"_s
        << head + u"\tb INTEGER, \n\th BOOLEAN, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_h CHECK (h IN (0, 1))\n)"_s;
    // alter_column's type change drops the old type's CHECK by name and adds
    // the new type's.
    QTest::newRow("alter_column to a named Boolean")
        << QString() << QString()
        << u"batch_op.alter_column('b', existing_type=sa.Integer(), type_=sa.Boolean(create_constraint=True, name='ck_b'))"_s
        << head + u"\ta VARCHAR(16), \n\tb BOOLEAN, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_b CHECK (b IN (0, 1))\n)"_s;
    QTest::newRow("alter_column from a named Boolean")
        << u"sa.Column('f', sa.Boolean(create_constraint=True, name='ck_f')), "_s << QString()
        << u"batch_op.alter_column('f', existing_type=sa.Boolean(create_constraint=True, name='ck_f'), type_=sa.Integer())"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tf INTEGER, \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("alter_column to an Enum")
        << QString() << QString()
        << u"batch_op.alter_column('a', existing_type=sa.String(16), type_=sa.Enum('x', 'y', name='ck_e', create_constraint=True))"_s
        << head + u"\ta VARCHAR(1), \n\tb INTEGER, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_e CHECK (a IN ('x', 'y'))\n)"_s;
    // drop_column(existing_type=Boolean(name=...)) takes the CHECK of that name along.
    QTest::newRow("drop_column with a named Boolean existing_type")
        << u"sa.Column('f', sa.Boolean(create_constraint=True, name='ck_f')), "_s << QString()
        << u"batch_op.drop_column('f', existing_type=sa.Boolean(name='ck_f'))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tPRIMARY KEY (id)\n)"_s;
    // A rename in the block: the reflected CHECK of a named Boolean or Enum
    // still names the old column, unless existing_type names it (popped) or
    // a type change replaces it (bound to the column, so under its new
    // name). Alembic keeps the block's columns under their old names.
    QTest::newRow("rename with a named Boolean existing_type")
        << u"sa.Column('nf', sa.Boolean(create_constraint=True, name='ck_nf')), "_s << QString()
        << u"batch_op.alter_column('nf', new_column_name='nf2', existing_type=sa.Boolean(create_constraint=True, name='ck_nf'))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tnf2 BOOLEAN, \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("rename with a named Enum existing_type")
        << u"sa.Column('ne', sa.Enum('x', 'y', name='ck_ne', create_constraint=True)), "_s << QString()
        << u"batch_op.alter_column('ne', new_column_name='ne2', existing_type=sa.Enum('x', 'y', name='ck_ne'))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tne2 VARCHAR(1), \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("rename keeps a reflected CHECK on the old name")
        << u"sa.Column('nf', sa.Boolean(create_constraint=True, name='ck_nf')), "_s << QString()
        << u"batch_op.alter_column('nf', new_column_name='nf2')"_s
        << u"error: no such column: nf"_s;
    QTest::newRow("rename and a named Enum type change")
        << u"sa.Column('ne', sa.Enum('x', 'y', name='ck_ne', create_constraint=True)), "_s << QString()
        << u"batch_op.alter_column('ne', new_column_name='ne2', type_=sa.Enum('x', 'y', 'z', name='ck_ne', create_constraint=True), existing_type=sa.Enum('x', 'y', name='ck_ne', create_constraint=True))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tne2 VARCHAR(1), \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_ne CHECK (ne2 IN ('x', 'y', 'z'))\n)"_s;
    QTest::newRow("rename to a named Boolean from an unnamed one")
        << u"sa.Column('f', sa.Boolean(create_constraint=True)), "_s << QString()
        << u"batch_op.alter_column('f', new_column_name='f2', type_=sa.Boolean(create_constraint=True, name='ck_new'), existing_type=sa.Boolean(create_constraint=True))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tf2 BOOLEAN, \n\tPRIMARY KEY (id), \n\tCONSTRAINT ck_new CHECK (f2 IN (0, 1))\n)"_s;
    QTest::newRow("rename from a named Boolean to Integer")
        << u"sa.Column('nf', sa.Boolean(create_constraint=True, name='ck_nf')), "_s << QString()
        << u"batch_op.alter_column('nf', new_column_name='nf2', type_=sa.Integer(), existing_type=sa.Boolean(create_constraint=True, name='ck_nf'))"_s
        << head + u"\ta VARCHAR(16), \n\tb INTEGER, \n\tnf2 INTEGER, \n\tPRIMARY KEY (id)\n)"_s;
    QTest::newRow("a column renamed in the block named by its new name")
        << u"sa.Column('nf', sa.Boolean(create_constraint=True, name='ck_nf')), "_s << QString()
        << u"batch_op.alter_column('nf', new_column_name='nf2', existing_type=sa.Boolean(name='ck_nf'))\n        batch_op.alter_column('nf2', nullable=False)"_s
        << u"error: KeyError: 'nf2'"_s;
    QTest::newRow("table_kwargs sqlite_autoincrement")
        << QString() << u", table_kwargs={'sqlite_autoincrement': True}"_s
        << u"batch_op.alter_column('id', autoincrement=True)\n        batch_op.drop_column('a')"_s
        << u"CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, \n\tb INTEGER\n)"_s;
}

void TestMigrationRunner::batchRebuildsChecksAsAlembic()
{
    QFETCH(QString, extra);
    QFETCH(QString, kwargs);
    QFETCH(QString, body);
    QFETCH(QString, expected);
    writeScript(u"kkkk0001"_s, QString(),
                u"    op.create_table('t', sa.Column('id', sa.Integer(), nullable=False), sa.Column('a', sa.String(16)), "
                u"sa.Column('b', sa.Integer()), %1sa.PrimaryKeyConstraint('id'))\n"
                u"    with op.batch_alter_table('t'%2) as batch_op:\n"
                u"        %3"_s.arg(extra, kwargs, body),
                u"    op.drop_table('t')"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    if (expected.startsWith(u"error: "_s)) {
        QCOMPARE(r.status, 255);
        // Located at the block, and nothing of the run is left.
        QVERIFY2(r.err.contains(u"kkkk0001_step.py:"_s) && r.err.contains(expected.mid(7)), qPrintable(r.err));
        QCOMPARE(query(u"SELECT count(*) FROM sqlite_master WHERE name = 't'"_s), QStringList{u"0"_s});
        return;
    }
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(u"SELECT sql FROM sqlite_master WHERE name = 't'"_s), QStringList{expected});
}

// Query.update() as pgadmin4's ac2c2e27dc2d uses it: keys by attribute name
// or Model.attr (a column named apart from its attribute), filter() and
// filter_by() criteria, synchronize_session, the rows matched returned.
// The expected rows are what SQLAlchemy 1.4 leaves for the same body.
void TestMigrationRunner::ormQueryUpdateAsSqlAlchemy()
{
    QFile f(m_dir->filePath(u"migrations/versions/uuuu0001_update.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"py(from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm
revision = 'uuuu0001'
down_revision = None
Base = orm.declarative_base()


class Pref(Base):
    __tablename__ = "prefs"
    id = sa.Column(sa.Integer, primary_key=True)
    cid = sa.Column(sa.Integer)
    name = sa.Column("pref_name", sa.String(20))


def upgrade():
    op.create_table('prefs', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('cid', sa.Integer()), sa.Column('pref_name', sa.String(20)))
    op.execute("INSERT INTO prefs (cid, pref_name) VALUES (1, 'execute_query'), (2, 'execute_query'), (2, 'other'), (3, NULL)")
    session = orm.Session(bind=op.get_bind())
    n = session.query(Pref).filter(Pref.name == 'execute_query').update({'name': 'execute_script'})
    m = session.query(Pref).filter_by(cid=2).update({Pref.name: None, 'cid': 4}, synchronize_session=False)
    k = session.query(Pref).filter(Pref.cid > 100).update({'cid': 0})
    session.commit()
    op.execute("INSERT INTO prefs (cid, pref_name) VALUES (%d, '%d %d')" % (n, m, k))


def downgrade():
    op.drop_table('prefs')
)py");
    f.close();
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT id, cid, pref_name FROM prefs ORDER BY id"_s),
             (QStringList{u"1|1|execute_script"_s, u"2|4|"_s, u"3|4|"_s, u"4|3|"_s, u"5|2|2 0"_s}));
}

// op.execute() of a table clause's statement, online: SQLAlchemy binds each
// value through its column's type (SQLite's DATETIME / DATE storage formats,
// JSON's json.dumps) or, for an untyped column, hands it to sqlite3, whose
// adapters write a datetime as isoformat(" "). The expected rows (or error)
// are what Alembic 1.8.1 with SQLAlchemy 1.4 leaves for the same body, read
// with the same SELECT (the body imports datetime; scripttext.h imports
// sa and op).
void TestMigrationRunner::boundValuesAsAlembic_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("select");
    QTest::addColumn<QStringList>("rows"); // empty: the upgrade fails with `error`
    QTest::addColumn<QString>("error");

    const QString table = u"    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), "
                          u"sa.Column('d', sa.DateTime(timezone=True)), sa.Column('dd', sa.Date()), "
                          u"sa.Column('n', sa.String()), sa.Column('j', sa.JSON()))\n"
                          u"    t = sa.table('t', sa.column('id', sa.Integer()), sa.column('d', sa.DateTime(timezone=True)), "
                          u"sa.column('dd', sa.Date()), sa.column('n'), sa.column('j', sa.JSON()))\n"_s;
    const QString select = u"SELECT id, quote(d), quote(dd), quote(n), quote(j) FROM t ORDER BY id"_s;
    QTest::newRow("datetimes, dates and JSON")
        << table
            + u"    op.execute(t.insert().values(id=1))\n"
              u"    op.execute(t.update().values(d=datetime.datetime(2020, 1, 2, 3, 4, 5, 6, tzinfo=datetime.timezone.utc), "
              u"dd=datetime.datetime(2020, 1, 2, 3, 4), n=datetime.datetime(2020, 1, 2, 3, 4, 5, 6, "
              u"tzinfo=datetime.timezone(datetime.timedelta(hours=-5, minutes=-30))), "
              u"j={'a': [1, None, True, '\u00e9'], 'b': {'c': 1.5}}))\n"
              u"    op.execute(t.insert().values(id=2, d=datetime.date(2020, 1, 2), n=datetime.date(2021, 3, 4), j=[1, 'x']))\n"
              u"    op.execute(t.insert().values(id=3, n=datetime.datetime(2020, 1, 2), j='s'))\n"
              u"    op.execute(t.update().where(t.c.d < datetime.datetime(2020, 1, 2, 3, 0)).values(dd=datetime.date(1999, 12, 31)))"_s
        << select
        << QStringList{u"1|'2020-01-02 03:04:05.000006'|'2020-01-02'|'2020-01-02 03:04:05.000006-05:30'|"
                       u"'{\"a\": [1, null, true, \"\\u00e9\"], \"b\": {\"c\": 1.5}}'"_s,
                       u"2|'2020-01-02 00:00:00.000000'|'1999-12-31'|'2021-03-04'|'[1, \"x\"]'"_s,
                       u"3|NULL|NULL|'2020-01-02 00:00:00'|'\"s\"'"_s}
        << QString();
    QTest::newRow("times, and None for JSON")
        << u"    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('tm', sa.Time()), "
           u"sa.Column('tz', sa.Time(timezone=True)), sa.Column('j', sa.JSON()), sa.Column('k', sa.JSON()))\n"
           u"    t = sa.table('t', sa.column('id', sa.Integer()), sa.column('tm', sa.Time()), "
           u"sa.column('tz', sa.Time(timezone=True)), sa.column('j', sa.JSON()), sa.column('k', sa.JSON(none_as_null=True)))\n"
           u"    op.execute(t.insert().values(id=1, tm=datetime.time(7, 0), tz=datetime.time(1, 2, 3, 5, "
           u"tzinfo=datetime.timezone(datetime.timedelta(hours=2))), j=None, k=None))\n"
           u"    op.execute(t.insert().values(id=2, tm=datetime.datetime(2020, 1, 2, 3, 4, 5, 6).time()))\n"
           u"    op.execute(t.update().where(t.c.tm < datetime.time(5)).values(j=[None], k={'a': None}))"_s
        << u"SELECT id, quote(tm), quote(tz), quote(j), quote(k) FROM t ORDER BY id"_s
        << QStringList{u"1|'07:00:00.000000'|'01:02:03.000005'|'null'|NULL"_s,
                       u"2|'03:04:05.000006'|NULL|'[null]'|'{\"a\": null}'"_s}
        << QString();
    QTest::newRow("time for an untyped column")
        << u"    op.create_table('t', sa.Column('n', sa.String()))\n"
           u"    op.execute(sa.table('t', sa.column('n')).insert().values(n=datetime.time(7, 30)))"_s
        << u"SELECT n FROM t"_s << QStringList()
        << u"(sqlite3.ProgrammingError) Error binding parameter 1: type 'datetime.time' is not supported"_s;
    QTest::newRow("list for a column")
        << u"    op.create_table('t', sa.Column('n', sa.String()))\n"
           u"    op.execute(sa.table('t', sa.column('n', sa.String())).insert().values(n=['a', 'b']))"_s
        << u"SELECT n FROM t"_s << QStringList()
        << u"(sqlite3.ProgrammingError) Error binding parameter 1: type 'list' is not supported"_s;
    QTest::newRow("tuple for an untyped column")
        << u"    op.create_table('t', sa.Column('n', sa.String()))\n"
           u"    op.execute(sa.table('t', sa.column('n')).insert().values(n=(1, 2)))"_s
        << u"SELECT n FROM t"_s << QStringList()
        << u"(sqlite3.ProgrammingError) Error binding parameter 1: type 'tuple' is not supported"_s;
    QTest::newRow("datetime for a Time column")
        << u"    op.create_table('t', sa.Column('tm', sa.Time()))\n"
           u"    op.execute(sa.table('t', sa.column('tm', sa.Time())).insert().values(tm=datetime.datetime(2020, 1, 1)))"_s
        << u"SELECT tm FROM t"_s << QStringList()
        << u"(builtins.TypeError) SQLite Time type only accepts Python time objects as input."_s;
    QTest::newRow("case() in SET")
        << u"    op.create_table('role', sa.Column('name', sa.String()), sa.Column('permissions', sa.String()), "
           u"sa.Column('n', sa.Integer()))\n"
           u"    role = sa.table('role', sa.column('name', sa.String()), sa.column('permissions', sa.String()), "
           u"sa.column('n', sa.Integer()))\n"
           u"    op.execute(role.insert().values([{'name': 'Administrator', 'permissions': None}, {'name': 'a', "
           u"'permissions': None}, {'name': 'b', 'permissions': ''}, {'name': 'c', 'permissions': 'x'}]))\n"
           u"    perm = role.c.permissions\n"
           u"    op.execute(role.update().where(role.c.name != 'Administrator').values(permissions=sa.case("
           u"(perm.is_(None), 'change_password'), (perm == '', 'change_password'), else_=perm + ',change_password')))\n"
           u"    op.execute(role.update().values(n=sa.case({'a': 1, 'b': 2}, value=role.c.name, else_=0)))"_s
        << u"SELECT name, quote(permissions), n FROM role ORDER BY name"_s
        << QStringList{u"Administrator|NULL|0"_s, u"a|'change_password'|1"_s, u"b|'change_password'|2"_s,
                       u"c|'x,change_password'|0"_s}
        << QString();
    QTest::newRow("dict for an untyped column")
        << u"    op.create_table('t', sa.Column('n', sa.String()))\n"
           u"    op.execute(sa.table('t', sa.column('n')).insert().values(n={'a': 1}))"_s
        << u"SELECT n FROM t"_s << QStringList()
        << u"(sqlite3.ProgrammingError) Error binding parameter 1: type 'dict' is not supported"_s;
    QTest::newRow("string for a DateTime column")
        << u"    op.create_table('t', sa.Column('d', sa.DateTime()))\n"
           u"    op.execute(sa.table('t', sa.column('d', sa.DateTime())).insert().values(d='2020-01-01'))"_s
        << u"SELECT d FROM t"_s << QStringList()
        << u"(builtins.TypeError) SQLite DateTime type only accepts Python datetime and date objects as input."_s;
}

void TestMigrationRunner::boundValuesAsAlembic()
{
    QFETCH(QString, body);
    QFETCH(QString, select);
    QFETCH(QStringList, rows);
    QFETCH(QString, error);
    writeScript(u"iiii0001"_s, QString(), u"    import datetime\n"_s + body, u"    pass"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    if (rows.isEmpty()) {
        QVERIFY2(r.status != 0, qPrintable(r.out));
        QVERIFY2(r.err.contains(error), qPrintable(r.err));
        QVERIFY2(r.err.contains(u"iiii0001_step.py:"_s), qPrintable(r.err));
        return;
    }
    QVERIFY2(r.status == 0, qPrintable(r.err));
    QCOMPARE(query(select), rows);
}

// SQLAlchemy's SQLite reflection upper-cases ON DELETE / ON UPDATE and
// drops NO ACTION, so a rebuilt table has them so (prefect-sqlite writes
// ondelete="cascade"). The expected text is Alembic 1.8.1's for the same step.
void TestMigrationRunner::batchRebuildsForeignKeyActionsAsAlembic()
{
    writeScript(u"kkkk0001"_s, QString(),
                u"    op.create_table('p', sa.Column('id', sa.Integer(), primary_key=True))\n"
                u"    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), "
                u"sa.Column('p_id', sa.Integer()), sa.Column('q_id', sa.Integer()), "
                u"sa.ForeignKeyConstraint(['p_id'], ['p.id'], name='fk_t_p', ondelete='cascade', onupdate='no action'), "
                u"sa.ForeignKeyConstraint(['q_id'], ['p.id'], name='fk_t_q', ondelete='set null'))\n"
                u"    with op.batch_alter_table('t') as batch_op:\n"
                u"        batch_op.add_column(sa.Column('extra', sa.Integer()))\n"
                u"        batch_op.create_unique_constraint('uq_t_q', ['q_id'])"_s,
                u"    pass"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT sql FROM sqlite_master WHERE name = 't'"_s),
             QStringList{u"CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL, \n\tp_id INTEGER, \n\tq_id INTEGER, \n"
                         u"\textra INTEGER, \n\tPRIMARY KEY (id), \n"
                         u"\tCONSTRAINT fk_t_p FOREIGN KEY(p_id) REFERENCES p (id) ON DELETE CASCADE, \n"
                         u"\tCONSTRAINT fk_t_q FOREIGN KEY(q_id) REFERENCES p (id) ON DELETE SET NULL, \n"
                         u"\tCONSTRAINT uq_t_q UNIQUE (q_id)\n)"_s});
}

// In a rebuilding block, Alembic makes new indexes on the new table, so one
// may name a column the block adds after it (prefect's b75d279ba985); and
// batch_op.execute() runs at once, before the block's operations.
void TestMigrationRunner::batchIndexOnColumnAddedLater()
{
    writeScript(u"llll0001"_s, QString(),
                u"    op.create_table('s', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('checksum', sa.String()))\n"
                u"    op.create_index('ix_s_checksum', 's', ['checksum'])"_s,
                u"    op.drop_table('s')"_s);
    writeScript(u"llll0002"_s, u"llll0001"_s,
                u"    with op.batch_alter_table('s') as batch_op:\n"
                u"        batch_op.drop_index('ix_s_checksum')\n"
                u"        batch_op.create_index('uq_s_name_version', ['name', 'version'], unique=False)\n"
                u"        batch_op.execute('DROP INDEX IF EXISTS ix_s_gone')\n"
                u"        batch_op.drop_column('checksum')\n"
                u"        batch_op.add_column(sa.Column('version', sa.VARCHAR(), nullable=True))\n"
                u"        batch_op.add_column(sa.Column('name', sa.VARCHAR(), nullable=True))"_s,
                u"    pass"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 's'"_s),
             QStringList{u"uq_s_name_version"_s});
    QCOMPARE(query(u"SELECT name FROM pragma_table_info('s') ORDER BY cid"_s),
             (QStringList{u"id"_s, u"version"_s, u"name"_s}));
}

// batch_op.execute() runs at once, and Alembic reflects the table when the
// block ends: a rebuild in the same block copies what the execute's DDL
// made (here a column and an index), not the table the scripts describe.
// The expected rows are what Alembic 1.8.1 leaves for the same two steps.
void TestMigrationRunner::batchRebuildAfterItsOwnExecute()
{
    writeScript(u"mmmm0001"_s, QString(),
                u"    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('a', sa.String()))\n"
                u"    op.execute(\"INSERT INTO t (id, a) VALUES (1, 'x')\")"_s,
                u"    op.drop_table('t')"_s);
    writeScript(u"mmmm0002"_s, u"mmmm0001"_s,
                u"    with op.batch_alter_table('t') as batch_op:\n"
                u"        batch_op.execute('ALTER TABLE t ADD COLUMN b INTEGER DEFAULT 7')\n"
                u"        batch_op.alter_column('a', new_column_name='c', existing_type=sa.String())\n"
                u"        batch_op.execute('CREATE INDEX ix_t_b ON t (b)')"_s,
                u"    pass"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT type, name, sql FROM sqlite_master WHERE tbl_name = 't' ORDER BY type DESC, name"_s),
             (QStringList{u"table|t|CREATE TABLE \"t\" (\n\tid INTEGER NOT NULL, \n\tc VARCHAR, \n"
                          u"\tb INTEGER DEFAULT 7, \n\tPRIMARY KEY (id)\n)"_s,
                          u"index|ix_t_b|CREATE INDEX ix_t_b ON t (b)"_s}));
    QCOMPARE(query(u"SELECT id, c, b FROM t"_s), QStringList{u"1|x|7"_s});
}

// optuna's data migrations through an ORM session bound to op.get_bind():
// filter(), query of columns, yield_per(), bulk_update_mappings(),
// bulk_save_objects() of new and of loaded objects, bulk_insert_mappings(),
// sa.delete(Model) through session.execute() and query().delete(), with
// declarative classes at module level. The expected rows are what Alembic
// 1.8.1 / SQLAlchemy 1.4 leave for the same two revisions; and an UPDATE
// that matches no row fails as SQLAlchemy's StaleDataError.
void TestMigrationRunner::ormSessionWritesAsSqlAlchemy()
{
    writeScript(u"oooo0001"_s, QString(),
                u"    op.create_table('trials', sa.Column('trial_id', sa.Integer(), primary_key=True), sa.Column('number', sa.Integer()))\n"
                u"    op.create_table('attrs', sa.Column('attr_id', sa.Integer(), primary_key=True), sa.Column('trial_id', sa.Integer()), "
                u"sa.Column('key', sa.String(10)), sa.Column('value_json', sa.String(20)))\n"
                u"    op.execute(\"INSERT INTO trials (trial_id) VALUES (1), (2), (3)\")\n"
                u"    op.execute(\"INSERT INTO attrs (trial_id, key, value_json) VALUES (1, '_number', '10'), (2, '_number', '20'), "
                u"(2, 'other', '\\\"x\\\"'), (3, 'gone', NULL)\")"_s,
                u"    op.drop_table('attrs')\n    op.drop_table('trials')"_s);
    const QString orm = uR"py(import json
from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.exc import SQLAlchemyError
revision = 'oooo0002'
down_revision = 'oooo0001'
Base = orm.declarative_base()


class Trial(Base):
    __tablename__ = "trials"
    trial_id = sa.Column(sa.Integer, primary_key=True)
    number = sa.Column(sa.Integer)


class Attr(Base):
    __tablename__ = "attrs"
    attr_id = sa.Column(sa.Integer, primary_key=True)
    trial_id = sa.Column(sa.Integer)
    key = sa.Column(sa.String(10))
    value = sa.Column("value_json", sa.String(20))


def upgrade():
    session = orm.Session(bind=op.get_bind())
    try:
        records = session.query(Attr).filter(Attr.key == "_number", sa.or_(Attr.trial_id > 0, Attr.trial_id.is_(None))).all()
        session.bulk_update_mappings(Trial, [{"trial_id": r.trial_id, "number": json.loads(r.value)} for r in records])
        session.execute(sa.delete(Attr).where(Attr.key == "_number").execution_options(synchronize_session=False))
        pairs = session.query(Attr.trial_id, Attr.key).filter(Attr.key.in_(["other", "gone"])).all()
        session.bulk_save_objects([Attr(trial_id=p.trial_id * 10, key=p.key + "2") for p in pairs])
        loaded = []
        for a in session.query(Attr).filter(Attr.key == "other").yield_per(2):
            a.value = '"y"'
            loaded.append(a)
        session.bulk_save_objects(loaded)
        session.bulk_insert_mappings(Trial, [{"trial_id": 9, "number": 99}])
        deleted = session.query(Attr).filter(Attr.value.is_(None), Attr.trial_id < 10).delete()
        op.execute("INSERT INTO trials (trial_id, number) VALUES (100, %d)" % deleted)
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise e
    finally:
        session.close()


def downgrade():
    pass
)py"_s;
    auto write = [&](const QString &text) {
        QFile f(m_dir->filePath(u"migrations/versions/oooo0002_orm.py"_s));
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(text.toUtf8());
    };
    write(orm);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT trial_id, number FROM trials ORDER BY trial_id"_s),
             (QStringList{u"1|10"_s, u"2|20"_s, u"3|"_s, u"9|99"_s, u"100|1"_s}));
    QCOMPARE(query(u"SELECT attr_id, trial_id, key, value_json FROM attrs ORDER BY attr_id"_s),
             (QStringList{u"3|2|other|\"y\""_s, u"5|20|other2|"_s, u"6|30|gone2|"_s}));

    QVERIFY(petmigrate(base() << u"downgrade"_s << u"base"_s).status == 0);
    write(uR"py(from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm
revision = 'oooo0002'
down_revision = 'oooo0001'
Base = orm.declarative_base()


class Trial(Base):
    __tablename__ = "trials"
    trial_id = sa.Column(sa.Integer, primary_key=True)
    number = sa.Column(sa.Integer)


def upgrade():
    session = orm.Session(bind=op.get_bind())
    session.bulk_update_mappings(Trial, [{"trial_id": 1, "number": 5}, {"trial_id": 7, "number": 5}])


def downgrade():
    pass
)py"_s);
    const Run failed = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY(failed.status != 0);
    QVERIFY2(failed.err.contains(u"StaleDataError: UPDATE statement on table 'trials' expected to "
                                 u"update 2 row(s); 1 were matched."_s),
             qPrintable(failed.err));
    QCOMPARE(query(u"SELECT count(*) FROM alembic_version"_s), QStringList{u"0"_s});
}

// optuna's v3.0.0.b..d forms on data: query(A).join(B, on) with count()
// and all() (unique per primary key), Enum(PyEnum) columns compared with
// members, in_() and filter_by() of members, members loaded back,
// bulk_update_mappings() of members, a declarative class's classmethod,
// staticmethod and nested enum, and sqlalchemy.exc's exceptions caught.
// The expected rows are what Alembic 1.8.1 / SQLAlchemy 1.4 leave for the
// same two revisions.
void TestMigrationRunner::ormJoinsAndEnumsAsSqlAlchemy()
{
    writeScript(u"pppp0001"_s, QString(),
                u"    op.create_table('trials', sa.Column('trial_id', sa.Integer(), primary_key=True), sa.Column('number', sa.Integer()),\n"
                u"                    sa.Column('state', sa.Enum('RUNNING', 'COMPLETE', 'PRUNED', 'FAIL', 'WAITING', name='trialstate'), nullable=False))\n"
                u"    op.create_table('trial_values', sa.Column('trial_value_id', sa.Integer(), primary_key=True), sa.Column('trial_id', sa.Integer()),\n"
                u"                    sa.Column('value', sa.Float()), sa.Column('value_type', sa.String(8)))\n"
                u"    op.create_table('log', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('what', sa.String()))\n"
                u"    op.execute(\"INSERT INTO trials (trial_id, number, state) VALUES (1, 0, 'COMPLETE'), (2, 1, 'RUNNING'), (3, 2, 'COMPLETE'), (4, 3, 'FAIL')\")\n"
                u"    op.execute(\"INSERT INTO trial_values (trial_value_id, trial_id, value) VALUES (1, 1, 0.5), (2, 1, 1.5), (3, 2, NULL), (4, 3, 3.4028234663852886e38), (5, 4, -3.4028234663852886e38), (6, 3, 2e17)\")\n"
                u""_s,
                u"    op.drop_table('log')\n"
                u"    op.drop_table('trial_values')\n"
                u"    op.drop_table('trials')"_s);
    QFile f(m_dir->filePath(u"migrations/versions/pppp0002_orm.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(uR"py(import enum
from alembic import op
import sqlalchemy as sa
from sqlalchemy import orm
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm.exc import NoResultFound
revision = 'pppp0002'
down_revision = 'pppp0001'
Base = orm.declarative_base()


class TrialState(enum.Enum):
    RUNNING = 0
    COMPLETE = 1
    PRUNED = 2
    FAIL = 3
    WAITING = 4


class Trial(Base):
    __tablename__ = "trials"
    trial_id = sa.Column(sa.Integer, primary_key=True)
    number = sa.Column(sa.Integer)
    state = sa.Column(sa.Enum(TrialState), nullable=False)


class TrialValue(Base):
    class ValueType(enum.Enum):
        FINITE = 1
        INF_POS = 2
        INF_NEG = 3

    __tablename__ = "trial_values"
    trial_value_id = sa.Column(sa.Integer, primary_key=True)
    trial_id = sa.Column(sa.Integer, sa.ForeignKey("trials.trial_id"))
    value = sa.Column(sa.Float)
    value_type = sa.Column(sa.Enum(ValueType))
    LIMIT = 1e30

    @classmethod
    def to_stored(cls, value):
        if value > cls.LIMIT:
            return None, cls.ValueType.INF_POS
        if value < -cls.LIMIT:
            return None, cls.ValueType.INF_NEG
        return value, cls.ValueType.FINITE

    @staticmethod
    def twice(x):
        return 2 * x


def log(what):
    op.execute(sa.table('log', sa.column('what', sa.String())).insert().values(what=str(what)))


def upgrade():
    session = orm.Session(bind=op.get_bind())
    try:
        q = session.query(TrialValue).join(Trial, TrialValue.trial_id == Trial.trial_id)
        log(q.filter(Trial.state == TrialState.COMPLETE).count())
        log(len(q.filter(Trial.state == TrialState.COMPLETE).all()))
        log([v.trial_value_id for v in q.filter(Trial.state.in_([TrialState.FAIL, TrialState.RUNNING])).order_by(TrialValue.trial_value_id).all()])
        log([t.trial_id for t in session.query(Trial).join(TrialValue, TrialValue.trial_id == Trial.trial_id).order_by(Trial.trial_id.desc()).all()])
        log(session.query(Trial).join(TrialValue, TrialValue.trial_id == Trial.trial_id).count())
        log([(t.trial_id, t.state.name, t.state == TrialState.COMPLETE) for t in session.query(Trial).filter_by(state=TrialState.COMPLETE).all()])
        log(TrialValue.twice(21))
        mapping = []
        for r in session.query(TrialValue).filter(TrialValue.value.isnot(None)).all():
            stored, kind = TrialValue.to_stored(r.value)
            mapping.append({"trial_value_id": r.trial_value_id, "value": stored, "value_type": kind})
        session.bulk_update_mappings(TrialValue, mapping)
        log([(r.trial_value_id, r.value_type.name if r.value_type else None) for r in session.query(TrialValue.trial_value_id, TrialValue.value_type).order_by(TrialValue.trial_value_id)])
        try:
            session.query(Trial).filter(Trial.trial_id == 99).one()
        except NoResultFound as e:
            log("caught %s: %s" % (type(e).__name__, e))
        try:
            session.query(Trial).filter(Trial.state == TrialState.COMPLETE).one()
        except SQLAlchemyError as e:
            log("caught %s: %s" % (type(e).__name__, e))
        try:
            sa.Table("nowhere", sa.MetaData(), autoload_with=op.get_bind())
        except sa.exc.NoSuchTableError as e:
            log("caught %s: %s" % (type(e).__name__, e))
        session.commit()
    except SQLAlchemyError as e:
        session.rollback()
        raise e
    finally:
        session.close()


def downgrade():
    op.execute("DELETE FROM log")
)py"_s.toUtf8());
    f.close();
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT id, what FROM log ORDER BY id"_s),
             (QStringList{u"1|4"_s, u"2|4"_s, u"3|[3, 5]"_s, u"4|[4, 3, 2, 1]"_s, u"5|6"_s,
                          u"6|[(1, 'COMPLETE', True), (3, 'COMPLETE', True)]"_s, u"7|42"_s,
                          u"8|[(1, 'FINITE'), (2, 'FINITE'), (3, None), (4, 'INF_POS'), (5, 'INF_NEG'), (6, 'FINITE')]"_s,
                          u"9|caught NoResultFound: No row was found when one was required"_s,
                          u"10|caught MultipleResultsFound: Multiple rows were found when exactly one was required"_s,
                          u"11|caught NoSuchTableError: nowhere"_s}));
    QCOMPARE(query(u"SELECT trial_value_id, quote(value), quote(value_type) FROM trial_values ORDER BY 1"_s),
             (QStringList{u"1|0.5|'FINITE'"_s, u"2|1.5|'FINITE'"_s, u"3|NULL|NULL"_s, u"4|NULL|'INF_POS'"_s,
                          u"5|NULL|'INF_NEG'"_s, u"6|2.0e+17|'FINITE'"_s}));
}

// pgadmin4's e6ed5dac37c2 forms on data: session.query(A, B) rows as
// Rows (unpacked, indexed, by class name; one object per key within a
// result), columns beside classes, join(B) on the foreign key the models
// declare (from the entity that has one, the joined class leaving its own
// FROM item), rows with a class unique by identity while count() counts
// every row, and SQLAlchemy's errors for joins it cannot infer, raised
// when the query runs. The expected rows are what Alembic 1.8.1 /
// SQLAlchemy 1.4 leave for the same two revisions (but the Mapper's
// address, cut off).
void TestMigrationRunner::ormSeveralEntitiesAsSqlAlchemy()
{
    writeScript(u"qqqq0001"_s, QString(),
                u"    op.create_table('module_preference', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(256), nullable=False))\n"
                u"    op.create_table('preference_category', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('mid', sa.Integer(), sa.ForeignKey('module_preference.id')), sa.Column('name', sa.String(256), nullable=False))\n"
                u"    op.create_table('preferences', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('cid', sa.Integer(), sa.ForeignKey('preference_category.id')), sa.Column('name', sa.String(256), nullable=False))\n"
                u"    op.create_table('moved', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('to', sa.Integer()), sa.Column('from', sa.Integer()))\n"
                u"    op.create_table('log', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('what', sa.String()))\n"
                u"    op.execute(\"INSERT INTO module_preference (id, name) VALUES (1, 'sqleditor'), (2, 'editor'), (3, 'misc')\")\n"
                u"    op.execute(\"INSERT INTO preference_category (id, mid, name) VALUES (10, 1, 'editor'), (11, 1, 'keyboard_shortcuts'), (12, 2, 'options'), (13, 3, 'Editor')\")\n"
                u"    op.execute(\"INSERT INTO preferences (id, cid, name) VALUES (100, 10, 'find'), (101, 10, 'replace'), (102, 12, 'find'), (103, 11, 'find')\")"_s,
                u"    op.drop_table('log')\n"
                u"    op.drop_table('moved')\n"
                u"    op.drop_table('preferences')\n"
                u"    op.drop_table('preference_category')\n"
                u"    op.drop_table('module_preference')"_s);
    QFile f(m_dir->filePath(u"migrations/versions/qqqq0002_orm.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(uR"py(from alembic import op
import sqlalchemy as sa
from sqlalchemy.orm import declarative_base
from sqlalchemy.orm.session import Session
from sqlalchemy.exc import InvalidRequestError, ArgumentError
revision = 'qqqq0002'
down_revision = 'qqqq0001'
Base = declarative_base()


class ModulePreference(Base):
    __tablename__ = "module_preference"
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(256), nullable=False)


class PreferenceCategory(Base):
    __tablename__ = "preference_category"
    id = sa.Column(sa.Integer, primary_key=True)
    mid = sa.Column(sa.Integer, sa.ForeignKey("module_preference.id"))
    name = sa.Column(sa.String(256), nullable=False)


class Preferences(Base):
    __tablename__ = "preferences"
    id = sa.Column(sa.Integer, primary_key=True)
    cid = sa.Column(sa.Integer, sa.ForeignKey("preference_category.id"))
    name = sa.Column(sa.String(256), nullable=False)


class Moved(Base):
    __tablename__ = "moved"
    id = sa.Column(sa.Integer, primary_key=True)
    to = sa.Column(sa.Integer, sa.ForeignKey("module_preference.id"))
    old = sa.Column("from", sa.Integer, sa.ForeignKey("module_preference.id"))


def log(what):
    op.execute(sa.table('log', sa.column('what', sa.String())).insert().values(what=str(what)))


def upgrade():
    session = Session(bind=op.get_bind())
    M, C, P = ModulePreference, PreferenceCategory, Preferences
    rows = session.query(M, C,).join(C).filter(M.name == 'sqleditor', C.name.in_(['editor', 'keyboard_shortcuts'])).order_by(C.id).all()
    log([(m.id, c.id) for m, c in rows])
    log((rows[0][0] is rows[1][0], rows[0].ModulePreference.name, rows[1].PreferenceCategory.name, rows[0]._fields, len(rows[0])))
    log([(c.id, m.name) for c, m in session.query(C, M).join(M).order_by(C.id)])
    log([m.id for m in session.query(M).join(C).join(P).order_by(M.id).all()])
    log([(m.id, c.id) for m, c in session.query(M, C).join(C).join(P).order_by(C.id).all()])
    log(session.query(M, C).join(C).join(P).count())
    log([(m.id, n) for m, n in session.query(M, C.name).join(C).order_by(C.id)])
    log([(n, m.id) for n, m in session.query(C.name, M).join(M).filter_by(name='editor').all()])
    log([(r.name, r.id) for r in session.query(P.name, P.id).join(C).filter(C.mid == 1).order_by(P.id)])
    m, c = session.query(M, C).join(C).order_by(C.id.desc()).first()
    log((m.id, c.id))
    q = session.query(M).join(Moved)
    log('built')
    for make in (lambda: session.query(M).join(P).all(),
                 lambda: session.query(M).join(Moved).all(),
                 lambda: session.query(M, P).join(C).first(),
                 lambda: session.query(M).join(M).count()):
        try:
            q = make()
            log('ran %s' % q)
        except InvalidRequestError as e:
            log('%s: %s' % (type(e).__name__, str(e)[:36]))
        except ArgumentError as e:
            log('%s: %s' % (type(e).__name__, e))
    session.query(P).filter(P.cid.in_([10])).delete(synchronize_session=False)
    session.commit()


def downgrade():
    op.execute("DELETE FROM log")
)py"_s.toUtf8());
    f.close();
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT id, what FROM log ORDER BY id"_s),
             (QStringList{u"1|[(1, 10), (1, 11)]"_s,
                          u"2|(True, 'sqleditor', 'keyboard_shortcuts', ('ModulePreference', 'PreferenceCategory'), 2)"_s,
                          u"3|[(10, 'sqleditor'), (11, 'sqleditor'), (12, 'editor'), (13, 'misc')]"_s,
                          u"4|[1, 2]"_s,
                          u"5|[(1, 10), (1, 11), (2, 12)]"_s,
                          u"6|4"_s,
                          u"7|[(1, 'editor'), (1, 'keyboard_shortcuts'), (2, 'options'), (3, 'Editor')]"_s,
                          u"8|[('options', 2)]"_s,
                          u"9|[('find', 100), ('replace', 101), ('find', 103)]"_s,
                          u"10|(3, 13)"_s,
                          u"11|built"_s,
                          u"12|InvalidRequestError: Don't know how to join to <Mapper at"_s,
                          u"13|AmbiguousForeignKeysError: Can't determine join between 'module_preference' and 'moved'; tables have more than one foreign key constraint relationship between them. Please specify the 'onclause' of this join explicitly."_s,
                          u"14|InvalidRequestError: Can't determine which FROM clause to"_s,
                          u"15|InvalidRequestError: Don't know how to join to <Mapper at"_s}));
    QCOMPARE(query(u"SELECT id, cid, name FROM preferences ORDER BY id"_s),
             (QStringList{u"102|12|find"_s, u"103|11|find"_s}));
}

// A statement the database refuses, in bind.execute(): the script catches
// it as SQLAlchemy 1.4 raises it (the DBAPIError subclass sqlite3's error
// class names, its str(), .orig, .statement, .params, .code), and goes on
// in the same transaction, SQLite having undone the failed statement alone.
// The expected log lines are what Alembic 1.8.1 leaves for the same script.
void TestMigrationRunner::databaseErrorsAsSqlAlchemy()
{
    QFile f(m_dir->filePath(u"migrations/versions/ffff0001_step.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"py(from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, OperationalError, DBAPIError

revision = 'ffff0001'
down_revision = None


def upgrade():
    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(10), nullable=False, unique=True), sa.CheckConstraint('id < 100', name='ck_id'))
    op.create_table('log', sa.Column('n', sa.Integer(), primary_key=True), sa.Column('line', sa.Text()))
    bind = op.get_bind()
    t = sa.table('t', sa.column('id'), sa.column('name'))
    log = sa.table('log', sa.column('line'))
    bind.execute(t.insert().values(id=1, name='a'))
    attempts = [
        sa.text("INSERT INTO t (id, name) VALUES (2, 'a')"),
        sa.text('INSERT INTO t (id, name) VALUES (3, NULL)'),
        t.insert().values(id=200, name='x'),
        sa.text('SELECT * FROM nowhere'),
        sa.text('SELEC 1'),
    ]
    for stmt in attempts:
        try:
            bind.execute(stmt)
        except IntegrityError as e:
            lines = ['integrity', str(e), repr(e), type(e.orig).__module__, type(e.orig).__name__, str(e.orig), e.statement, repr(e.params), e.code]
        except OperationalError as e:
            lines = ['operational', str(e), repr(e.orig), e.statement, repr(e.params), e.code, str(isinstance(e, DBAPIError))]
        bind.execute(log.insert().values(line=' | '.join(lines)))
    try:
        bind.execute(t.insert().values(id=1, name='b'))
    except sa.exc.SQLAlchemyError as e:
        bind.execute(log.insert().values(line=type(e).__name__ + ' ' + repr(e.args) + ' ' + str(e.orig.args)))
    bind.execute(t.insert().values(id=4, name='d'))


def downgrade():
    op.drop_table('log')
    op.drop_table('t')
)py");
    f.close();
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    const QStringList lines = query(u"SELECT line FROM log ORDER BY n"_s);
    const QStringList expected{u"integrity | (sqlite3.IntegrityError) UNIQUE constraint failed: t.name\n[SQL: INSERT INTO t (id, name) VALUES (2, 'a')]\n(Background on this error at: https://sqlalche.me/e/14/gkpj) | IntegrityError('(sqlite3.IntegrityError) UNIQUE constraint failed: t.name') | sqlite3 | IntegrityError | UNIQUE constraint failed: t.name | INSERT INTO t (id, name) VALUES (2, 'a') | () | gkpj"_s,
                         u"integrity | (sqlite3.IntegrityError) NOT NULL constraint failed: t.name\n[SQL: INSERT INTO t (id, name) VALUES (3, NULL)]\n(Background on this error at: https://sqlalche.me/e/14/gkpj) | IntegrityError('(sqlite3.IntegrityError) NOT NULL constraint failed: t.name') | sqlite3 | IntegrityError | NOT NULL constraint failed: t.name | INSERT INTO t (id, name) VALUES (3, NULL) | () | gkpj"_s,
                         u"integrity | (sqlite3.IntegrityError) CHECK constraint failed: ck_id\n[SQL: INSERT INTO t (id, name) VALUES (?, ?)]\n[parameters: (200, 'x')]\n(Background on this error at: https://sqlalche.me/e/14/gkpj) | IntegrityError('(sqlite3.IntegrityError) CHECK constraint failed: ck_id') | sqlite3 | IntegrityError | CHECK constraint failed: ck_id | INSERT INTO t (id, name) VALUES (?, ?) | (200, 'x') | gkpj"_s,
                         u"operational | (sqlite3.OperationalError) no such table: nowhere\n[SQL: SELECT * FROM nowhere]\n(Background on this error at: https://sqlalche.me/e/14/e3q8) | OperationalError('no such table: nowhere') | SELECT * FROM nowhere | () | e3q8 | True"_s,
                         u"operational | (sqlite3.OperationalError) near \"SELEC\": syntax error\n[SQL: SELEC 1]\n(Background on this error at: https://sqlalche.me/e/14/e3q8) | OperationalError('near \"SELEC\": syntax error') | SELEC 1 | () | e3q8 | True"_s,
                         u"IntegrityError ('(sqlite3.IntegrityError) UNIQUE constraint failed: t.id',) ('UNIQUE constraint failed: t.id',)"_s};
    QCOMPARE(lines.size(), expected.size());
    for (qsizetype i = 0; i < lines.size(); ++i)
        QCOMPARE(lines[i], expected[i]);
    QCOMPARE(query(u"SELECT id, name FROM t ORDER BY id"_s), (QStringList{u"1|a"_s, u"4|d"_s}));
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"ffff0001"_s});
}

// Not caught, a refused statement ends the revision as before: located at
// the call, the statement and the database's reason, everything rolled
// back. Caught, and then the script's own exception: that one ends it.
void TestMigrationRunner::uncaughtDatabaseErrorRollsBack_data()
{
    QTest::addColumn<QString>("body");
    QTest::addColumn<QString>("error");
    QTest::newRow("uncaught")
        << u"    bind.execute(sa.text(\"INSERT INTO t (id) VALUES (1)\"))"_s
        << u"ffff0001_step.py:9:5: upgrade of revision ffff0001 failed at statement `INSERT INTO t (id) VALUES (1)`: "
           u"UNIQUE constraint failed: t.id; the database was rolled back and is as it was before"_s;
    QTest::newRow("caught, then the script's own")
        << u"    try:\n        bind.execute(sa.text(\"INSERT INTO t (id) VALUES (1)\"))\n"
           u"    except sa.exc.IntegrityError as e:\n        raise RuntimeError(type(e.orig).__name__)"_s
        << u"ffff0001_step.py:12:9: upgrade of revision ffff0001 failed: RuntimeError: IntegrityError; the database "
           u"was rolled back and is as it was before"_s;
    // A None bound in a DML statement is written as NULL where SQLAlchemy
    // binds it: not SQLAlchemy's statement, so not raised to the script.
    QTest::newRow("a statement SQLAlchemy would word differently")
        << u"    try:\n        bind.execute(sa.table('t', sa.column('id'), sa.column('v')).insert().values(id=1, v=None))\n"
           u"    except sa.exc.IntegrityError:\n        pass"_s
        << u"ffff0001_step.py:10:9: upgrade of revision ffff0001 failed at statement `INSERT INTO t (id, v) VALUES (?, "
           u"NULL)`: UNIQUE constraint failed: t.id; the database was rolled back and is as it was before"_s;
}

void TestMigrationRunner::uncaughtDatabaseErrorRollsBack()
{
    QFETCH(QString, body);
    QFETCH(QString, error);
    QFile f(m_dir->filePath(u"migrations/versions/ffff0001_step.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(u"from alembic import op\nimport sqlalchemy as sa\nrevision = 'ffff0001'\ndown_revision = None\n"
            u"def upgrade():\n    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('v', sa.Text()))\n"
            u"    bind = op.get_bind()\n    bind.execute(sa.text(\"INSERT INTO t (id) VALUES (1)\"))\n%1\n"
            u"def downgrade():\n    pass\n"_s.arg(body).toUtf8());
    f.close();
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 255);
    QVERIFY2(r.err.contains(error), qPrintable(r.err));
    QCOMPARE(query(u"SELECT count(*) FROM sqlite_master WHERE name = 't'"_s), QStringList{u"0"_s});
}

// sqlite_autoincrement=True on a table whose key is not one integer column
// changes nothing (SQLiteDDLCompiler): the table-level PRIMARY KEY stays,
// named or not, through create_table and a batch rebuild given the same
// table_kwargs. The expected SQL is what Alembic 1.8.1 leaves.
void TestMigrationRunner::sqliteAutoincrementOnOtherKeys()
{
    QFile f(m_dir->filePath(u"migrations/versions/aaaa0001_step.py"_s));
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(R"py(from alembic import op
import sqlalchemy as sa

revision = 'aaaa0001'
down_revision = None


def upgrade():
    op.create_table('a', sa.Column('id', sa.String(10), primary_key=True), sa.Column('y', sa.Integer()), sqlite_autoincrement=True)
    op.create_table('g', sa.Column('id', sa.String(5), nullable=False), sa.Column('y', sa.Integer()), sa.PrimaryKeyConstraint('id', name='pk_g'), sqlite_autoincrement=True)
    op.create_table('f', sa.Column('id', sa.Integer(), nullable=False), sa.Column('y', sa.Integer()), sa.PrimaryKeyConstraint('id', name='pk_f'), sqlite_autoincrement=True)
    with op.batch_alter_table('a', table_kwargs={'sqlite_autoincrement': True}) as b:
        b.drop_column('y')
    with op.batch_alter_table('g', table_kwargs={'sqlite_autoincrement': True}) as b:
        b.drop_column('y')
    with op.batch_alter_table('f', table_kwargs={'sqlite_autoincrement': True}) as b:
        b.drop_column('y')


def downgrade():
    pass
)py");
    f.close();
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QVERIFY2(r.status == 0, qPrintable(r.out + r.err));
    QCOMPARE(query(u"SELECT sql FROM sqlite_master WHERE name IN ('a', 'f', 'g') ORDER BY name"_s),
             (QStringList{u"CREATE TABLE \"a\" (\n\tid VARCHAR(10) NOT NULL, \n\tPRIMARY KEY (id)\n)"_s,
                          u"CREATE TABLE \"f\" (\n\tid INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT\n)"_s,
                          u"CREATE TABLE \"g\" (\n\tid VARCHAR(5) NOT NULL, \n\tCONSTRAINT pk_g PRIMARY KEY (id)\n)"_s}));
}

// autocommit_block() commits the run's transaction, as Alembic's does: a
// later failure keeps what ran before the COMMIT, and the sentence says so
// instead of "as it was before".
void TestMigrationRunner::scriptCommitIsNotRolledBack()
{
    writeScript(u"hhhh0001"_s, QString(),
                u"    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True))"_s,
                u"    op.drop_table('t')"_s);
    writeScript(u"hhhh0002"_s, u"hhhh0001"_s,
                u"    op.create_table('u', sa.Column('id', sa.Integer(), primary_key=True))\n"
                u"    with op.get_context().autocommit_block():\n"
                u"        op.execute('CREATE TABLE v (id INTEGER)')\n"
                u"    op.execute('CREATE TABLE w (id INTEGER)')\n"
                u"    op.execute('CREATE TABLE u (id INTEGER)')"_s,
                u"    pass"_s);
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.contains(u"failed at statement `CREATE TABLE u (id INTEGER)`: table u already exists; "
                            u"the script's COMMIT at "_s),
             qPrintable(r.out));
    QVERIFY2(r.out.contains(u"_step.py:"_s) && r.out.contains(u"the version table stays at hhhh0001"_s),
             qPrintable(r.out));
    QVERIFY2(!r.out.contains(u"as it was before"_s), qPrintable(r.out));
    // What Alembic leaves too: the work before the COMMIT and the autocommit
    // block's statement stay; w, after the BEGIN, was rolled back.
    QCOMPARE(query(u"SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"_s),
             (QStringList{u"alembic_version"_s, u"t"_s, u"u"_s, u"v"_s}));
    QCOMPARE(query(u"SELECT version_num FROM alembic_version"_s), QStringList{u"hhhh0001"_s});
}

void TestMigrationRunner::unknownRevisionInDatabase()
{
    writeScript(u"dddd0001"_s, QString(), u"    pass"_s, u"    pass"_s);
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    QVERIFY(query(u"UPDATE alembic_version SET version_num='feedbeef0000'"_s).isEmpty());
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.contains(u"FAILED: Can't locate revision identified by 'feedbeef0000'"_s), qPrintable(r.out));
}

void TestMigrationRunner::notADatabase()
{
    writeScript(u"eeee0001"_s, QString(), u"    pass"_s, u"    pass"_s);
    QFile junk(dbPath());
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write(QByteArray(4096, 'x'));
    junk.close();
    const QByteArray before = fileHash(dbPath());
    const Run r = petmigrate(base() << u"upgrade"_s << u"head"_s);
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.startsWith(u"FAILED: "_s) && r.out.contains(u"is not a SQLite database"_s), qPrintable(r.out));
    QCOMPARE(fileHash(dbPath()), before);
}

// --sql on a batch migration: the schema comes from simulating the scripts,
// and the output, run by SQLite, gives what the online upgrade gives.
void TestMigrationRunner::offlineBatchNeedsNoDatabase()
{
    writeScript(u"ffff0001"_s, QString(),
                u"    op.create_table('pet', sa.Column('id', sa.Integer(), nullable=False), sa.Column('name', sa.String(), nullable=False), sa.PrimaryKeyConstraint('id'))"_s,
                u"    op.drop_table('pet')"_s);
    writeScript(u"ffff0002"_s, u"ffff0001"_s,
                u"    with op.batch_alter_table('pet') as batch_op:\n"
                u"        batch_op.alter_column('name', existing_type=sa.String(), nullable=True)\n"
                u"        batch_op.add_column(sa.Column('age', sa.Integer(), nullable=True))"_s,
                u"    with op.batch_alter_table('pet') as batch_op:\n"
                u"        batch_op.drop_column('age')\n"
                u"        batch_op.alter_column('name', existing_type=sa.String(), nullable=False)"_s);
    const Run offline = petmigrate(base() << u"upgrade"_s << u"head"_s << u"--sql"_s);
    QVERIFY2(offline.status == 0, qPrintable(offline.err));
    QVERIFY(offline.out.contains(u"CREATE TABLE _alembic_tmp_pet"_s));
    QVERIFY(!QFile::exists(dbPath()));

    // Run the printed SQL statement by statement on a fresh file.
    {
        auto c = pm::DatabaseConnection::openSqliteFile(m_dir->filePath(u"offline.db"_s));
        QVERIFY(c);
        const auto statements = pm::SqlSplitter::split(offline.out);
        QVERIFY(statements);
        for (const QString &sql : *statements)
            QVERIFY2(c->exec(sql), qPrintable(sql));
    }
    QCOMPARE(petmigrate(base() << u"upgrade"_s << u"head"_s).status, 0);
    auto schemaOf = [](const QString &path) {
        auto c = pm::DatabaseConnection::openSqliteFile(path, pm::DatabaseConnection::OpenMode::MustExist);
        QStringList rows;
        QSqlQuery q(c->database());
        q.exec(u"SELECT type, name, sql FROM sqlite_master ORDER BY name"_s);
        while (q.next())
            // --sql prints tabs as four spaces, as Alembic does.
            rows << q.value(0).toString() + u'|' + q.value(1).toString() + u'|'
                        + q.value(2).toString().replace(u'\t', u"    "_s);
        return rows;
    };
    QCOMPARE(schemaOf(m_dir->filePath(u"offline.db"_s)), schemaOf(dbPath()));
}

// Which stream each line goes to, as Alembic 1.8.1's command line writes
// it: FAILED: on stdout (util.msg); the context's INFO lines, and the ERROR
// line of a failure once env.py has configured logging, on stderr. The
// offline output follows MigrationContext.run_migrations(): version table
// created by the first step taken with no head, a "-- Running" comment for
// every step, stamps included.
void TestMigrationRunner::outputStreams_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");
    const QString info = u"INFO  [alembic.runtime.migration] "_s;
    const QString online = info + u"Context impl SQLiteImpl.\n"_s + info + u"Will assume non-transactional DDL.\n"_s;
    const QString offline = info + u"Context impl SQLiteImpl.\n"_s + info + u"Generating static SQL\n"_s + info
        + u"Will assume non-transactional DDL.\n"_s;
    const QString create = u"CREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n"
                           u"    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n"_s;
    const QString unknown = u"Can't locate revision identified by 'nosuch'"_s;

    QTest::newRow("no env: show") << QStringList{u"show"_s, u"nosuch"_s} << 255
                                  << u"FAILED: "_s + unknown + u'\n' << QString();
    QTest::newRow("in env: upgrade") << QStringList{u"upgrade"_s, u"nosuch"_s} << 255
                                     << u"FAILED: "_s + unknown + u'\n'
                                     << online + u"ERROR [alembic.util.messaging] "_s + unknown + u'\n';
    QTest::newRow("in env: upgrade --sql") << QStringList{u"upgrade"_s, u"nosuch"_s, u"--sql"_s} << 255
                                           << u"FAILED: "_s + unknown + u'\n'
                                           << offline + u"ERROR [alembic.util.messaging] "_s + unknown + u'\n';
    QTest::newRow("range online") << QStringList{u"upgrade"_s, u"ffff0001:ffff0002"_s} << 255
                                  << u"FAILED: Range revision not allowed\n"_s << QString();
    QTest::newRow("downgrade --sql without range") << QStringList{u"downgrade"_s, u"ffff0001"_s, u"--sql"_s} << 255
                                                   << u"FAILED: downgrade with --sql requires <fromrev>:<torev>\n"_s
                                                   << QString();
    QTest::newRow("stamp --sql --purge") << QStringList{u"stamp"_s, u"head"_s, u"--sql"_s, u"--purge"_s} << 255
                                         << u"FAILED: Can't use --purge with --sql mode\n"_s
                                         << offline + u"ERROR [alembic.util.messaging] Can't use --purge with --sql mode\n"_s;
    QTest::newRow("stamp --sql two starts") << QStringList{u"stamp"_s, u"a:b"_s, u"c:d"_s, u"--sql"_s} << 255
                                            << u"FAILED: Stamp operation with --sql only supports a single starting "
                                               u"revision at a time\n"_s
                                            << QString();
    QTest::newRow("current") << QStringList{u"current"_s} << 0 << QString() << online;
    QTest::newRow("history -i") << QStringList{u"history"_s, u"-i"_s} << 0
                                << u"ffff0001 -> ffff0002 (head), step ffff0002\n<base> -> ffff0001, step ffff0001\n"_s
                                << online;
    QTest::newRow("stamp --sql") << QStringList{u"stamp"_s, u"head"_s, u"--sql"_s} << 0
                                 << create + u"-- Running stamp_revision  -> ffff0002\n\n"
                                             u"INSERT INTO alembic_version (version_num) VALUES ('ffff0002');\n\n"_s
                                 << offline + info + u"Running stamp_revision  -> ffff0002\n"_s;
    QTest::newRow("stamp range --sql") << QStringList{u"stamp"_s, u"ffff0002:base"_s, u"--sql"_s} << 0
                                       << u"-- Running stamp_revision ffff0002 -> \n\n"
                                          u"DELETE FROM alembic_version WHERE alembic_version.version_num = 'ffff0002';\n\n"
                                          u"DROP TABLE alembic_version;\n\n"_s
                                       << offline + info + u"Running stamp_revision ffff0002 -> \n"_s;
    QTest::newRow("upgrade base:X --sql") << QStringList{u"upgrade"_s, u"base:ffff0001"_s, u"--sql"_s} << 0
                                          << create + u"-- Running upgrade  -> ffff0001\n\n"
                                                      u"INSERT INTO alembic_version (version_num) VALUES ('ffff0001');\n\n"_s
                                          << offline + info + u"Running upgrade  -> ffff0001, step ffff0001\n"_s;
    QTest::newRow("upgrade X:Y --sql") << QStringList{u"upgrade"_s, u"ffff0001:ffff0002"_s, u"--sql"_s} << 0
                                       << u"-- Running upgrade ffff0001 -> ffff0002\n\n"
                                          u"UPDATE alembic_version SET version_num='ffff0002' WHERE "
                                          u"alembic_version.version_num = 'ffff0001';\n\n"_s
                                       << offline + info + u"Running upgrade ffff0001 -> ffff0002, step ffff0002\n"_s;
    QTest::newRow("ensure_version --sql") << QStringList{u"ensure_version"_s, u"--sql"_s} << 0
                                          << create + u"DROP TABLE alembic_version;\n\n"_s << offline;
}

void TestMigrationRunner::outputStreams()
{
    QFETCH(QStringList, args);
    QFETCH(int, status);
    QFETCH(QString, out);
    QFETCH(QString, err);
    writeScript(u"ffff0001"_s, QString(), u"    pass"_s, u"    pass"_s);
    writeScript(u"ffff0002"_s, u"ffff0001"_s, u"    pass"_s, u"    pass"_s);
    const Run r = petmigrate(base() << args);
    QCOMPARE(r.status, status);
    QCOMPARE(r.out, out);
    QCOMPARE(r.err, err);
}

QTEST_GUILESS_MAIN(TestMigrationRunner)
#include "tst_migrationrunner.moc"
