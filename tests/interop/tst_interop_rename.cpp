// Renamed drafts run by real Alembic (issue 11): `petmigrate revision
// --autogenerate --rename` writes alter_column(..., new_column_name=...) or
// rename_table where autogenerate alone would drop and add; Alembic 1.8.1
// must run that script up and down to the same sqlite_master and rows as
// petmigrate does, on databases with rows, with the renamed column's or
// table's values kept. Batch (the sqlmodel template) and plain projects.
#include "interop.h"

using namespace interop;

class TestInteropRename : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void renamed_data();
    void renamed();

private:
    QTemporaryDir m_tmp;
    int m_counter = 0;
};

void TestInteropRename::initTestCase()
{
    INTEROP_REQUIRE_TOOLS();
    QVERIFY(m_tmp.isValid());
}

namespace {

const QString Pet = QStringLiteral("CREATE TABLE pet (id INTEGER NOT NULL, nam VARCHAR(50), age INTEGER, PRIMARY KEY (id));\n");
const QString PetRows = QStringLiteral("INSERT INTO pet VALUES (1, 'rex', 3), (2, 'tom', NULL), (3, 'nemo', 1);\n");
const QString Owners = QStringLiteral(
    "CREATE TABLE owners (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));\n"
    "INSERT INTO owners VALUES (1, 'ann'), (2, 'bob');\n");
const QString Dog = QStringLiteral(
    "CREATE TABLE dog (id INTEGER NOT NULL, owner_id INTEGER, PRIMARY KEY (id), "
    "CONSTRAINT fk_dog_owner_id_owners FOREIGN KEY(owner_id) REFERENCES %1 (id));\n");

// Rows only (no DDL text): what "the data is kept" means across a rebuild.
QString rowsOf(const QString &db)
{
    QString s;
    const QStringList tables = QString::fromUtf8(sqlite(db, QStringLiteral(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name <> 'alembic_version' ORDER BY name;"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (const QString &t : tables)
        s += QStringLiteral("## %1\n").arg(t) + QString::fromUtf8(sqlite(db, QStringLiteral(".mode quote\nSELECT * FROM \"%1\" ORDER BY 1;").arg(t)));
    return s;
}

} // namespace

void TestInteropRename::renamed_data()
{
    QTest::addColumn<QString>("templateName");
    QTest::addColumn<QString>("before"); // DDL and rows
    QTest::addColumn<QString>("after");
    QTest::addColumn<QStringList>("renames");
    QTest::addColumn<QStringList>("scriptHas");  // fragments of the written script
    QTest::addColumn<QString>("query");          // after the upgrade, on either database
    QTest::addColumn<QString>("expected");

    const QString renamedRows = QStringLiteral("1|rex|3\n2|tom|\n3|nemo|1\n");
    for (const char *t : {"generic", "sqlmodel"}) {
        const bool batch = QByteArray(t) == "sqlmodel";
        const QString alter = batch ? QStringLiteral("batch_op.alter_column('nam',") : QStringLiteral("op.alter_column('pet', 'nam',");
        QTest::addRow("column (%s)", t)
            << QString::fromLatin1(t) << Pet + PetRows
            << QStringLiteral("CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), age INTEGER, PRIMARY KEY (id));")
            << QStringList{"pet.nam:name"} << QStringList{alter, "new_column_name='name'"}
            << QStringLiteral("SELECT id, name, age FROM pet ORDER BY id;") << renamedRows;
        QTest::addRow("column with an index (%s)", t)
            << QString::fromLatin1(t) << Pet + QStringLiteral("CREATE INDEX ix_pet_nam ON pet (nam);\n") + PetRows
            << QStringLiteral("CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), age INTEGER, PRIMARY KEY (id));"
                              "CREATE INDEX ix_pet_name ON pet (name);")
            << QStringList{"pet.nam:name"} << QStringList{"new_column_name='name'", "drop_index('ix_pet_nam'", "create_index('ix_pet_name'"}
            << QStringLiteral("SELECT id, name, age FROM pet INDEXED BY ix_pet_name WHERE name > '' ORDER BY id;") << renamedRows;
        QTest::addRow("table (%s)", t)
            << QString::fromLatin1(t) << Owners
            << QStringLiteral("CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));")
            << QStringList{"owners:owner"} << QStringList{"op.rename_table('owners', 'owner')"}
            << QStringLiteral("SELECT id, name FROM owner ORDER BY id;") << QStringLiteral("1|ann\n2|bob\n");
    }
    QTest::newRow("column with a wider type, made NOT NULL (sqlmodel)")
        << QStringLiteral("sqlmodel") << Pet + QStringLiteral("INSERT INTO pet VALUES (1, 'rex', 3), (2, 'tom', NULL);\n")
        << QStringLiteral("CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(80) NOT NULL, age INTEGER, PRIMARY KEY (id));")
        << QStringList{"pet.nam:name"}
        << QStringList{"existing_type=sa.VARCHAR(length=50)", "type_=sa.VARCHAR(length=80)", "nullable=False", "new_column_name='name'"}
        << QStringLiteral("SELECT id, name, age FROM pet ORDER BY id;") << QStringLiteral("1|rex|3\n2|tom|\n");
    QTest::newRow("two columns of one table, crossed names (sqlmodel)")
        << QStringLiteral("sqlmodel")
        << QStringLiteral("CREATE TABLE person (id INTEGER NOT NULL, first_name VARCHAR(40), last_name VARCHAR(40), PRIMARY KEY (id));"
                          "INSERT INTO person VALUES (1, 'Ada', 'Lovelace'), (2, 'Alan', 'Turing');")
        << QStringLiteral("CREATE TABLE person (id INTEGER NOT NULL, given_name VARCHAR(40), family_name VARCHAR(40), PRIMARY KEY (id));")
        << QStringList{"person.first_name:given_name", "person.last_name:family_name"}
        << QStringList{"new_column_name='given_name'", "new_column_name='family_name'"}
        << QStringLiteral("SELECT given_name, family_name FROM person ORDER BY id;") << QStringLiteral("Ada|Lovelace\nAlan|Turing\n");
    QTest::newRow("table referred to by a foreign key (sqlmodel)")
        << QStringLiteral("sqlmodel") << Owners + Dog.arg(QStringLiteral("owners")) + QStringLiteral("INSERT INTO dog VALUES (1, 2), (2, NULL);")
        << QStringLiteral("CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR(20), PRIMARY KEY (id));") + Dog.arg(QStringLiteral("owner"))
        << QStringList{"owners:owner"} << QStringList{"op.rename_table('owners', 'owner')"}
        << QStringLiteral("SELECT d.id, o.name FROM dog d LEFT JOIN owner o ON o.id = d.owner_id ORDER BY d.id;")
        << QStringLiteral("1|bob\n2|\n");
    QTest::newRow("table and a column of it (sqlmodel)")
        << QStringLiteral("sqlmodel")
        << QStringLiteral("CREATE TABLE pets (id INTEGER NOT NULL, nam VARCHAR(50), PRIMARY KEY (id)); INSERT INTO pets VALUES (1, 'rex');")
        << QStringLiteral("CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR(50), PRIMARY KEY (id));")
        << QStringList{"pets:pet", "pet.nam:name"} << QStringList{"op.rename_table('pets', 'pet')", "new_column_name='name'"}
        << QStringLiteral("SELECT id, name FROM pet;") << QStringLiteral("1|rex\n");
}

void TestInteropRename::renamed()
{
    QFETCH(QString, templateName);
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(QStringList, renames);
    QFETCH(QStringList, scriptHas);
    QFETCH(QString, query);
    QFETCH(QString, expected);

    const QString row = m_tmp.filePath(QString::number(++m_counter));
    QVERIFY(QDir().mkpath(row));
    Run r = petmigrate({"init", "-t", templateName, "migrations"}, row);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QString original = row + QStringLiteral("/a0.db");
    const QString target = row + QStringLiteral("/b.db");
    QByteArray err;
    sqlite(original, before, &err);
    QVERIFY2(err.isEmpty(), err.constData());
    sqlite(target, after, &err);
    QVERIFY2(err.isEmpty(), err.constData());

    // Three copies of A stamped at an empty base: petmigrate alone, Alembic
    // alone, petmigrate up and Alembic down.
    const QString pmDb = row + QStringLiteral("/pm.db"), alDb = row + QStringLiteral("/al.db"), mixDb = row + QStringLiteral("/mix.db");
    QVERIFY(QFile::copy(original, pmDb));
    const QString pmIni = iniFor(row, pmDb, QStringLiteral("pm"));
    const QString alIni = iniFor(row, alDb, QStringLiteral("al"));
    const QString mixIni = iniFor(row, mixDb, QStringLiteral("mix"));
    QVERIFY(!pmIni.isEmpty() && !alIni.isEmpty() && !mixIni.isEmpty());
    QVERIFY(petmigrate({"-c", pmIni, "revision", "-m", "base", "--rev-id", "000000000000"}, row).code == 0);
    QVERIFY(petmigrate({"-c", pmIni, "stamp", "head"}, row).code == 0);
    QVERIFY(QFile::copy(pmDb, alDb));
    QVERIFY(QFile::copy(pmDb, mixDb));
    const QString stampedRows = rowsOf(pmDb);

    QStringList args{"-c", pmIni, "revision", "--autogenerate", "-m", "rename", "--rev-id", "111111111111",
                     "--target-url", QStringLiteral("sqlite:///") + target};
    for (const QString &rename : std::as_const(renames))
        args << "--rename" << rename;
    r = petmigrate(args, row);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QStringList written = QDir(row + QStringLiteral("/migrations/versions")).entryList({"111111111111_*.py"}, QDir::Files);
    QCOMPARE(written.size(), 1);
    const QString script = QString::fromUtf8(fileBytes(row + QStringLiteral("/migrations/versions/") + written.first()));
    for (const QString &fragment : std::as_const(scriptHas))
        QVERIFY2(script.contains(fragment), qPrintable(fragment + QStringLiteral(" missing from\n") + script));
    // Nothing dropped and re-created: the renamed things keep their values.
    QVERIFY2(!script.contains("drop_column(") && !script.contains("add_column(") && !script.contains("drop_table("),
             qPrintable(script));

    const auto step = [&](const QString &toolName, const QString &ini, const QString &command, const QString &to) {
        Run run = tool(toolName, {"-c", ini, command, to}, row);
        return run.code == 0 ? QString() : run.describe() + QStringLiteral("\n") + script;
    };
    QString failure = step("petmigrate", pmIni, "upgrade", "head");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    failure = step("alembic", alIni, "upgrade", "head");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    COMPARE_TEXT(dbState(pmDb), dbState(alDb), QStringLiteral("after upgrade head\n") + script);
    QCOMPARE(QString::fromUtf8(sqlite(pmDb, query)), expected);

    failure = step("petmigrate", mixIni, "upgrade", "head");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    failure = step("alembic", mixIni, "downgrade", "-1");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    failure = step("petmigrate", pmIni, "downgrade", "-1");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    failure = step("alembic", alIni, "downgrade", "-1");
    QVERIFY2(failure.isEmpty(), qPrintable(failure));
    COMPARE_TEXT(dbState(pmDb), dbState(alDb), QStringLiteral("after downgrade -1\n") + script);
    COMPARE_TEXT(dbState(mixDb), dbState(alDb), QStringLiteral("petmigrate up, Alembic down\n") + script);
    COMPARE_TEXT(rowsOf(pmDb), stampedRows, QStringLiteral("rows after the round trip\n") + script);
}

QTEST_GUILESS_MAIN(TestInteropRename)
#include "tst_interop_rename.moc"
