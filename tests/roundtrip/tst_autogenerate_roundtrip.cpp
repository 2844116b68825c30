// Autogenerate round trips (issue 5, "Tests and figures"): for each pair of
// schemas (A, B) given as SQLite DDL, in a project made by
// `petmigrate init -t sqlmodel` (render_as_batch on, the SQLite way):
//
//   1. build A (with rows) and B; stamp A at an empty base revision;
//   2. petmigrate revision --autogenerate --target-url B   -> one script;
//   3. petmigrate upgrade head          -> A's shape equals B's;
//   4. petmigrate check --target-url B  -> "No new upgrade operations detected.";
//   5. petmigrate downgrade -1          -> A's shape again, untouched data intact;
//   6. the same script run by real Alembic 1.8.1 on a fresh copy of A
//      (upgrade head, downgrade -1) leaves byte-for-byte the same
//      sqlite_master, version and rows as petmigrate at both points.
//
// What "the same shape" ignores is documented in roundtrip.h. Missing Python,
// Alembic, sqlmodel or sqlite3 fails the suite.
#include "roundtrip.h"

using namespace roundtrip;

class TestAutogenerateRoundtrip : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void roundTrip_data();
    void roundTrip();

private:
    QTemporaryDir m_tmp;
    QString m_template; // an initialised project, copied for every row
};

void TestAutogenerateRoundtrip::initTestCase()
{
    ROUNDTRIP_REQUIRE_TOOLS(true);
    QVERIFY(m_tmp.isValid());
    m_template = m_tmp.filePath(QStringLiteral("template"));
    QVERIFY(QDir().mkpath(m_template));
    Run init = petmigrate({QStringLiteral("init"), QStringLiteral("-t"), QStringLiteral("sqlmodel"), QStringLiteral("migrations")},
                          m_template);
    QVERIFY2(init.code == 0, qPrintable(init.describe()));

    // The sqlmodel template already renders as batch with the sqlmodel
    // prefix; server defaults are compared only when asked (as in Alembic),
    // and type comparison is made explicit (Alembic 1.8.1's default is off).
    const QString envPath = m_template + QStringLiteral("/migrations/env.py");
    QString env = QString::fromUtf8(fileBytes(envPath));
    const QString anchor = QStringLiteral("            render_as_batch=True,\n");
    QVERIFY2(env.count(anchor) == 1, qPrintable(QStringLiteral("env.py of `init -t sqlmodel` lacks one render_as_batch=True:\n") + env));
    env.replace(anchor, anchor + QStringLiteral("            compare_type=True,\n            compare_server_default=True,\n"));
    QVERIFY(writeFile(envPath, env.toUtf8()));
    QVERIFY(QString::fromUtf8(fileBytes(m_template + QStringLiteral("/migrations/script.py.mako")))
                .contains(QStringLiteral("import sqlmodel.sql.sqltypes")));
}

namespace {

// Tables shared by many rows. Every FK and every constraint a script may have
// to drop is named: Alembic's batch mode cannot drop an unnamed one.
const QString Owner = QStringLiteral(
    "CREATE TABLE owner (id INTEGER NOT NULL, name VARCHAR NOT NULL, PRIMARY KEY (id));\n"
    "INSERT INTO owner VALUES (1, 'ann'), (2, 'bob'), (3, 'cid');\n");

const QString Pet = QStringLiteral(
    "CREATE TABLE pet (id INTEGER NOT NULL, name VARCHAR NOT NULL, owner_id INTEGER,\n"
    "  PRIMARY KEY (id),\n"
    "  CONSTRAINT fk_pet_owner_id_owner FOREIGN KEY(owner_id) REFERENCES owner (id) ON DELETE CASCADE);\n");
const QString PetRows = QStringLiteral("INSERT INTO pet VALUES (1, 'rex', 1), (2, 'tom', 2), (3, 'nemo', NULL);\n");

// item(id, name, note, qty, price) with rows: the table most column-level
// rows alter. %1 = extra column definitions, %2 = extra table constraints.
QString item(const QString &columns = QString(), const QString &constraints = QString())
{
    return QStringLiteral("CREATE TABLE item (id INTEGER NOT NULL, name VARCHAR, note VARCHAR(50), qty INTEGER NOT NULL, price FLOAT%1,\n"
                          "  PRIMARY KEY (id)%2\n);\n")
        .arg(columns, constraints);
}
const QString ItemRows = QStringLiteral(
    "INSERT INTO item (id, name, note, qty, price) VALUES (1, 'bowl', 'blue', 2, 3.5), (2, 'leash', NULL, 1, 12.25), "
    "(3, 'ball', 'red', 7, NULL), (4, 'cage', 'big', 0, 80.0);\n");

const QString AllTypes = QStringLiteral(
    ", c_int INTEGER, c_big BIGINT, c_small SMALLINT, c_float FLOAT, c_real REAL, c_num NUMERIC(10, 2), "
    "c_dec DECIMAL(8, 3), c_vc VARCHAR, c_vc40 VARCHAR(40), c_nvc NVARCHAR(30), c_char CHAR(3), c_text TEXT, "
    "c_bool BOOLEAN, c_date DATE, c_dt DATETIME, c_time TIME, c_ts TIMESTAMP, c_blob BLOB, c_json JSON");
const QString AllTypesRows = QStringLiteral(
    "UPDATE item SET c_int = id, c_big = id * 10000000000, c_small = id, c_float = id / 4.0, c_real = 1.5, "
    "c_num = 12.34, c_dec = 1.234, c_vc = 'v' || id, c_vc40 = 'w', c_nvc = 'n', c_char = 'abc', c_text = 'long text', "
    "c_bool = id % 2, c_date = '2023-01-29', c_dt = '2023-01-29 19:39:24.556269', c_time = '19:39:24', "
    "c_ts = '2023-01-29 19:39:24', c_blob = x'00ff', c_json = '{\"a\": 1}';\n");

} // namespace

void TestAutogenerateRoundtrip::roundTrip_data()
{
    QTest::addColumn<QString>("schemaA"); // DDL and rows
    QTest::addColumn<QString>("schemaB"); // DDL
    const auto row = [](const char *name, const QString &a, const QString &b) { QTest::newRow(name) << a << b; };

    // --- tables
    row("no change", Owner + item() + ItemRows, Owner + item());
    row("add table with fk", Owner, Owner + Pet);
    row("drop table with fk", Owner + Pet + PetRows, Owner);
    row("add parent and child tables with index", item() + ItemRows, item()
               + QStringLiteral(
                   "CREATE TABLE parent (id INTEGER NOT NULL, name VARCHAR(30) NOT NULL, PRIMARY KEY (id), "
                   "  CONSTRAINT uq_parent_name UNIQUE (name));\n"
                   "CREATE TABLE child (id INTEGER NOT NULL, parent_id INTEGER, label VARCHAR, PRIMARY KEY (id),\n"
                   "  CONSTRAINT fk_child_parent_id_parent FOREIGN KEY(parent_id) REFERENCES parent (id) ON DELETE SET NULL,\n"
                   "  CONSTRAINT ck_child_label_not_empty CHECK (length(label) > 0)\n);\n"
                   "CREATE INDEX ix_child_label ON child (label);\n"
                   "CREATE UNIQUE INDEX ix_child_parent_label ON child (parent_id, label);\n"));
    row("drop parent, child and grandchild tables", item() + ItemRows
               + QStringLiteral(
                   "CREATE TABLE a_parent (id INTEGER NOT NULL, PRIMARY KEY (id));\n"
                   "CREATE TABLE b_child (id INTEGER NOT NULL, parent_id INTEGER NOT NULL, PRIMARY KEY (id),\n"
                   "  CONSTRAINT fk_b_child_parent_id_a_parent FOREIGN KEY(parent_id) REFERENCES a_parent (id));\n"
                   "CREATE TABLE c_grandchild (id INTEGER NOT NULL, child_id INTEGER, PRIMARY KEY (id),\n"
                   "  CONSTRAINT fk_c_grandchild_child_id_b_child FOREIGN KEY(child_id) REFERENCES b_child (id) ON DELETE CASCADE);\n"
                   "CREATE INDEX ix_c_grandchild_child_id ON c_grandchild (child_id);\n"
                   "INSERT INTO a_parent VALUES (1), (2);\n"
                   "INSERT INTO b_child VALUES (1, 1), (2, 2);\n"
                   "INSERT INTO c_grandchild VALUES (1, 1), (2, NULL);\n"), item());
    row("add and drop tables at once", Owner + Pet + PetRows + item() + ItemRows, Owner + item()
               + QStringLiteral("CREATE TABLE tag (id INTEGER NOT NULL, item_id INTEGER NOT NULL, label VARCHAR(20) NOT NULL, PRIMARY KEY (id),\n"
                                "  CONSTRAINT fk_tag_item_id_item FOREIGN KEY(item_id) REFERENCES item (id) ON DELETE CASCADE);\n"));

    // --- columns
    row("add columns of every type", item() + ItemRows, item(AllTypes));
    row("drop columns of every type", item(AllTypes) + ItemRows + AllTypesRows, item());
    row("add not null columns with server defaults", item() + ItemRows, item(QStringLiteral(", status VARCHAR(10) DEFAULT 'new' NOT NULL, rank INTEGER DEFAULT '0' NOT NULL, "
                               "added DATE DEFAULT '2000-01-01'")));
    row("drop columns with server defaults", item(QStringLiteral(", status VARCHAR(10) DEFAULT 'new' NOT NULL, rank INTEGER DEFAULT '0' NOT NULL")) + ItemRows, item());
    row("add column with fk", Owner + item() + ItemRows, Owner + item(QStringLiteral(", owner_id INTEGER"),
                        QStringLiteral(",\n  CONSTRAINT fk_item_owner_id_owner FOREIGN KEY(owner_id) REFERENCES owner (id) ON DELETE SET NULL")));

    row("add a column, drop the last one", item(QStringLiteral(", legacy TEXT")) + ItemRows + QStringLiteral("UPDATE item SET legacy = 'old';\n"),
        item(QStringLiteral(", extra INTEGER")));

    // --- nullability
    row("make column not null", item() + ItemRows + QStringLiteral("UPDATE item SET price = 1.0 WHERE price IS NULL;\n"), item().replace(QStringLiteral("price FLOAT"), QStringLiteral("price FLOAT NOT NULL")));
    row("make column nullable", item() + ItemRows, item().replace(QStringLiteral("qty INTEGER NOT NULL"), QStringLiteral("qty INTEGER")));

    // --- types
    row("varchar to varchar(200)", item() + ItemRows, item().replace(QStringLiteral("name VARCHAR,"), QStringLiteral("name VARCHAR(200),")));
    row("varchar(50) to varchar(20)", item() + ItemRows, item().replace(QStringLiteral("note VARCHAR(50)"), QStringLiteral("note VARCHAR(20)")));
    row("varchar(50) to text", item() + ItemRows, item().replace(QStringLiteral("note VARCHAR(50)"), QStringLiteral("note TEXT")));
    row("integer to bigint", item() + ItemRows, item().replace(QStringLiteral("qty INTEGER"), QStringLiteral("qty BIGINT")));
    row("float to numeric(10, 2)", item() + ItemRows, item().replace(QStringLiteral("price FLOAT"), QStringLiteral("price NUMERIC(10, 2)")));
    row("type and nullability at once", item() + ItemRows, item().replace(QStringLiteral("name VARCHAR,"), QStringLiteral("name VARCHAR(100) NOT NULL,")));

    // --- server defaults
    row("add server default", item() + ItemRows, item().replace(QStringLiteral("qty INTEGER NOT NULL"), QStringLiteral("qty INTEGER DEFAULT '1' NOT NULL")));
    row("remove server default", item().replace(QStringLiteral("note VARCHAR(50)"), QStringLiteral("note VARCHAR(50) DEFAULT 'none'")) + ItemRows, item());
    row("change server default", item().replace(QStringLiteral("note VARCHAR(50)"), QStringLiteral("note VARCHAR(50) DEFAULT 'none'")) + ItemRows, item().replace(QStringLiteral("note VARCHAR(50)"), QStringLiteral("note VARCHAR(50) DEFAULT 'n/a'")));

    // --- indexes
    row("add index", item() + ItemRows, item() + QStringLiteral("CREATE INDEX ix_item_name ON item (name);\n"));
    row("drop index", item() + ItemRows + QStringLiteral("CREATE INDEX ix_item_name ON item (name);\n"), item());
    row("add unique index", item() + ItemRows, item() + QStringLiteral("CREATE UNIQUE INDEX ix_item_name ON item (name);\n"));
    row("drop unique index", item() + ItemRows + QStringLiteral("CREATE UNIQUE INDEX ix_item_name ON item (name);\n"), item());
    row("index becomes unique", item() + ItemRows + QStringLiteral("CREATE INDEX ix_item_name ON item (name);\n"), item() + QStringLiteral("CREATE UNIQUE INDEX ix_item_name ON item (name);\n"));
    row("add multi-column index", item() + ItemRows, item() + QStringLiteral("CREATE INDEX ix_item_name_qty ON item (name, qty);\n"));

    // --- unique constraints
    row("add named unique constraint", item() + ItemRows, item(QString(), QStringLiteral(",\n  CONSTRAINT uq_item_name UNIQUE (name)")));
    row("drop named unique constraint", item(QString(), QStringLiteral(",\n  CONSTRAINT uq_item_name UNIQUE (name)")) + ItemRows, item());
    row("add two-column unique constraint", item() + ItemRows, item(QString(), QStringLiteral(",\n  CONSTRAINT uq_item_name_note UNIQUE (name, note)")));

    // --- foreign keys
    const QString itemOwner = item(QStringLiteral(", owner_id INTEGER"));
    const QString ownerRows = QStringLiteral("UPDATE item SET owner_id = 1 WHERE id < 3;\n");
    row("add foreign key on delete set null", Owner + itemOwner + ItemRows + ownerRows, Owner + item(QStringLiteral(", owner_id INTEGER"),
                        QStringLiteral(",\n  CONSTRAINT fk_item_owner_id_owner FOREIGN KEY(owner_id) REFERENCES owner (id) ON DELETE SET NULL")));
    row("drop foreign key", Owner + item(QStringLiteral(", owner_id INTEGER"),
                        QStringLiteral(",\n  CONSTRAINT fk_item_owner_id_owner FOREIGN KEY(owner_id) REFERENCES owner (id)"))
               + ItemRows + ownerRows, Owner + itemOwner);
    row("change foreign key ondelete", Owner + Pet + PetRows, Owner + QString(Pet).replace(QStringLiteral("ON DELETE CASCADE"), QStringLiteral("ON DELETE SET NULL")));

    // --- check constraints (by name and text)
    row("add named check constraint", item() + ItemRows, item(QString(), QStringLiteral(",\n  CONSTRAINT ck_item_qty_positive CHECK (qty >= 0)")));
    row("drop named check constraint", item(QString(), QStringLiteral(",\n  CONSTRAINT ck_item_qty_positive CHECK (qty >= 0)")) + ItemRows, item());
    row("change check constraint text", item(QString(), QStringLiteral(",\n  CONSTRAINT ck_item_qty_positive CHECK (qty >= 0)")) + ItemRows, item(QString(), QStringLiteral(",\n  CONSTRAINT ck_item_qty_positive CHECK (qty >= 0 AND qty < 1000)")));

    // A CHECK closing the statement on its line: SQLAlchemy's reflection
    // would read "qty >= 0)"; the script must carry the bare expressions.
    const QString itemOneLine = QStringLiteral(
        "CREATE TABLE item (id INTEGER NOT NULL, name VARCHAR, note VARCHAR(50), qty INTEGER NOT NULL, price FLOAT, "
        "PRIMARY KEY (id), CONSTRAINT ck_item_qty_positive CHECK (%1));\n");
    row("change check constraint closing the statement", itemOneLine.arg(QStringLiteral("qty >= 0")) + ItemRows,
        itemOneLine.arg(QStringLiteral("qty >= 0 AND (qty < 1000)")));

    // --- everything on one table, and a new table besides
    row("many changes at once", Owner + item(QStringLiteral(", legacy TEXT"), QStringLiteral(",\n  CONSTRAINT ck_item_qty_positive CHECK (qty >= 0)"))
               + ItemRows + QStringLiteral("CREATE INDEX ix_item_note ON item (note);\n"), Owner
               + QStringLiteral(
                   "CREATE TABLE item (id INTEGER NOT NULL, name VARCHAR(80) NOT NULL, note VARCHAR(50) DEFAULT 'none', qty INTEGER NOT NULL, "
                   "price FLOAT, owner_id INTEGER, species VARCHAR(20) DEFAULT 'unknown' NOT NULL,\n"
                   "  PRIMARY KEY (id),\n"
                   "  CONSTRAINT uq_item_name UNIQUE (name),\n"
                   "  CONSTRAINT fk_item_owner_id_owner FOREIGN KEY(owner_id) REFERENCES owner (id) ON DELETE SET NULL);\n"
                   "CREATE INDEX ix_item_species ON item (species);\n"
                   "CREATE TABLE audit (id INTEGER NOT NULL, item_id INTEGER, at DATETIME NOT NULL, PRIMARY KEY (id),\n"
                   "  CONSTRAINT fk_audit_item_id_item FOREIGN KEY(item_id) REFERENCES item (id) ON DELETE CASCADE);\n"));
}

void TestAutogenerateRoundtrip::roundTrip()
{
    QFETCH(QString, schemaA);
    QFETCH(QString, schemaB);

    // A project of its own: revisions accumulate in versions/.
    const QString rowDir = m_tmp.filePath(QStringLiteral("row-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(12)));
    QVERIFY(QDir().mkpath(rowDir));
    const QString proj = rowDir + QStringLiteral("/proj");
    QVERIFY(copyTree(m_template, proj));
    const QString a0 = rowDir + QStringLiteral("/a0.db");      // A as built, never migrated
    const QString aPm = rowDir + QStringLiteral("/a_pm.db");   // A migrated by petmigrate
    const QString aAl = rowDir + QStringLiteral("/a_al.db");   // A migrated by Alembic
    const QString bDb = rowDir + QStringLiteral("/b.db");
    const QString base = QStringLiteral("0000base0000");
    const QString change = QStringLiteral("1111change11");

    QString err = sqliteScript(a0, schemaA);
    QVERIFY2(err.isEmpty(), qPrintable(QStringLiteral("building A: ") + err));
    err = sqliteScript(bDb, schemaB);
    QVERIFY2(err.isEmpty(), qPrintable(QStringLiteral("building B: ") + err));
    const QString shapeA = schemaShape(a0);
    const QString shapeB = schemaShape(bDb);
    const QMap<QString, QStringList> keep = untouchedColumns(a0, bDb);
    const QString dataA = columnData(a0, keep);

    QVERIFY(QFile::copy(a0, aPm));
    const QString iniPm = iniFor(proj, aPm, QStringLiteral("alembic.ini"));
    QVERIFY(!iniPm.isEmpty());
    const QString targetUrl = QStringLiteral("sqlite:///") + bDb;

    // Base revision (empty) and A stamped at it.
    Run r = petmigrate({QStringLiteral("revision"), QStringLiteral("-m"), QStringLiteral("base"), QStringLiteral("--rev-id"), base}, proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    r = petmigrate({QStringLiteral("stamp"), QStringLiteral("head")}, proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    // Alembic's copy starts from the same stamped A.
    QVERIFY(QFile::copy(aPm, aAl));
    const QString iniAl = iniFor(proj, aAl, QStringLiteral("alembic-real.ini"));
    QVERIFY(!iniAl.isEmpty());

    // Autogenerate against B.
    r = petmigrate({QStringLiteral("revision"), QStringLiteral("--autogenerate"), QStringLiteral("-m"), QStringLiteral("change"),
                    QStringLiteral("--rev-id"), change, QStringLiteral("--target-url"), targetUrl},
                   proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    const QStringList scripts = QDir(proj + QStringLiteral("/migrations/versions"))
                                    .entryList({change + QStringLiteral("_*.py")}, QDir::Files);
    QVERIFY2(scripts.size() == 1, qPrintable(r.describe()));
    const QString scriptPath = proj + QStringLiteral("/migrations/versions/") + scripts.first();
    const QString script = QString::fromUtf8(fileBytes(scriptPath));
    const QString context = QStringLiteral("generated script %1:\n%2").arg(scriptPath, script);

    // render_as_batch: every operation on an existing table is inside a
    // batch block (op.create_table / op.drop_table / op.f stay top level).
    static const QRegularExpression bareOp(QStringLiteral("\\bop\\.(?!create_table\\(|drop_table\\(|batch_alter_table\\(|f\\()\\w+\\("));
    QVERIFY2(!bareOp.match(script).hasMatch(), qPrintable(QStringLiteral("operation outside a batch block\n") + context));
    if (shapeA == shapeB)
        QVERIFY2(script.contains(QStringLiteral("def upgrade() -> None:\n    # ### commands auto generated by Alembic - please adjust! ###\n    pass\n")),
                 qPrintable(QStringLiteral("identical schemas must give an empty script\n") + context));

    // petmigrate: upgrade -> B.
    r = petmigrate({QStringLiteral("upgrade"), QStringLiteral("head")}, proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe() + QLatin1Char('\n') + context));
    ROUNDTRIP_COMPARE(schemaShape(aPm), shapeB, "after-upgrade", "B", QStringLiteral("petmigrate upgrade head: shape differs from B\n") + context);
    ROUNDTRIP_COMPARE(columnData(aPm, keep), dataA, "after-upgrade", "A", QStringLiteral("petmigrate upgrade head: untouched data changed\n") + context);
    const QString upPm = exactState(aPm);

    // Nothing left to do.
    r = petmigrate({QStringLiteral("check"), QStringLiteral("--target-url"), targetUrl}, proj);
    QVERIFY2(r.code == 0 && QByteArray(r.out + r.err).contains("No new upgrade operations detected."),
             qPrintable(r.describe() + QLatin1Char('\n') + context));

    // petmigrate: downgrade -> A, data intact.
    r = petmigrate({QStringLiteral("downgrade"), QStringLiteral("-1")}, proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe() + QLatin1Char('\n') + context));
    ROUNDTRIP_COMPARE(schemaShape(aPm), shapeA, "after-downgrade", "A", QStringLiteral("petmigrate downgrade -1: shape differs from A\n") + context);
    ROUNDTRIP_COMPARE(columnData(aPm, keep), dataA, "after-downgrade", "A", QStringLiteral("petmigrate downgrade -1: untouched data changed\n") + context);
    const QString downPm = exactState(aPm);

    // Real Alembic runs the same script on its own copy of stamped A.
    r = alembic({QStringLiteral("-c"), iniAl, QStringLiteral("upgrade"), QStringLiteral("head")}, proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe() + QLatin1Char('\n') + context));
    ROUNDTRIP_COMPARE(upPm, exactState(aAl), "petmigrate", "alembic", QStringLiteral("after upgrade head: petmigrate and Alembic differ\n") + context);
    r = alembic({QStringLiteral("-c"), iniAl, QStringLiteral("downgrade"), QStringLiteral("-1")}, proj);
    QVERIFY2(r.code == 0, qPrintable(r.describe() + QLatin1Char('\n') + context));
    ROUNDTRIP_COMPARE(downPm, exactState(aAl), "petmigrate", "alembic", QStringLiteral("after downgrade -1: petmigrate and Alembic differ\n") + context);
}

QTEST_GUILESS_MAIN(TestAutogenerateRoundtrip)
#include "tst_autogenerate_roundtrip.moc"
