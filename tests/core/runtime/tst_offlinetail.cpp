// The offline writer renders a long run's last steps on a second thread
// (OfflineTail). Its output, errors included, is the one of rendering every
// step in turn, whatever the steps read of the run before them: batch blocks
// that rebuild a table made long before, PostgreSQL enum types made once,
// scripts that fail to read, starting heads, downgrades.
#include <functional>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "revision/revisionplanner.h"
#include "runtime/offlinewriter.h"
#include "runtime/scriptdirectory.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

QString revisionId(int i)
{
    return u"%1"_s.arg(quint64(0x3d0000000000) + quint64(i) * 7919, 12, 16, QChar(u'0'));
}

// What step i's upgrade() does; the downgrade drops the table it made, if any.
using Body = std::function<QString(int)>;

QString plainTable(int i)
{
    return u"    op.create_table('t%1',\n        sa.Column('id', sa.Integer(), nullable=False),\n"
           "        sa.Column('name', sa.String(length=%1), nullable=True),\n"
           "        sa.PrimaryKeyConstraint('id')\n    )\n"_s.arg(i);
}

// A batch block that rebuilds table t<i - back> on SQLite: its SQL copies
// the columns the run gave that table.
QString rebuildOf(int i, int back)
{
    return u"    op.add_column('t%1', sa.Column('extra%2', sa.Integer()))\n"
           "    with op.batch_alter_table('t%1') as batch_op:\n"
           "        batch_op.alter_column('name', nullable=False)\n"_s.arg(QString::number(i - back),
                                                                          QString::number(i));
}

// A native enum type the run creates with the first table that uses it.
QString enumTable(int i)
{
    return u"    op.create_table('t%1',\n        sa.Column('id', sa.Integer(), nullable=False),\n"
           "        sa.Column('mood', sa.Enum('happy', 'sad', name='mood'), nullable=True),\n"
           "        sa.PrimaryKeyConstraint('id')\n    )\n"_s.arg(i);
}

void writeChain(const QString &versions, int count, const Body &body)
{
    for (int i = 0; i < count; ++i) {
        const QString down = i == 0 ? u"None"_s : u"'"_s + revisionId(i - 1) + u"'"_s;
        QFile f(versions + u'/' + revisionId(i) + u"_step.py"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        // a few docs beyond ASCII: the log lines and "-- Running" lines
        // are UTF-8 from either thread
        const QString doc = i % 7 == 3 ? u"étape %1"_s : u"step %1"_s;
        f.write(QString(u"\"\"\""_s + doc + u"\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '%2'\n"
                "down_revision = %3\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n%4\n\n"
                "def downgrade():\n    op.drop_table('t%1')\n"_s)
                    .arg(QString::number(i), revisionId(i), down, body(i))
                    .toUtf8());
    }
}

} // namespace

class TestOfflineTail : public QObject
{
    Q_OBJECT

private slots:
    void sameAsInTurn_data();
    void sameAsInTurn();
};

void TestOfflineTail::sameAsInTurn_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<Body>("body");
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<int>("from");        // starting head's step, -1 from base
    QTest::addColumn<bool>("upgrade");
    QTest::addColumn<bool>("succeeds");

    const Body plain = plainTable;
    QTest::newRow("tables") << 400 << plain << u"sqlite"_s << -1 << true << true;
    QTest::newRow("short run") << 40 << plain << u"sqlite"_s << -1 << true << true;
    QTest::newRow("downgrade") << 400 << plain << u"sqlite"_s << -1 << false << true;
    QTest::newRow("statements beyond ASCII, with tabs")
        << 400 << Body([](int i) {
               return i % 5 == 0 ? u"    op.execute(\"UPDATE t1 SET name = 'caf\u00e9\\tcr\u00e8me'\")\n"_s
                                   u"    op.execute('SELECT 1\\t-- plain')\n"_s
                                 : plainTable(i);
           })
        << u"sqlite"_s << -1 << true << true;
    // The other thread keeps no schema: steps that change earlier tables in
    // place (no batch block) read none either.
    QTest::newRow("later steps alter earlier tables in place")
        << 400 << Body([](int i) {
               if (i <= 50 || i % 4 != 0)
                   return plainTable(i);
               return u"    op.add_column('t%1', sa.Column('more%2', sa.Integer(), index=True))\n"
                      "    op.create_index('ix_t%1_name', 't%1', ['name'], unique=True)\n"
                      "    op.rename_table('t%1', 'u%2')\n"
                      "    op.drop_column('u%2', 'name')\n"_s.arg(QString::number(i - 50), QString::number(i));
           })
        << u"sqlite"_s << -1 << true << true;
    QTest::newRow("a late rebuild of an early table")
        << 400 << Body([](int i) { return i == 380 ? rebuildOf(i, 375) : plainTable(i); }) << u"sqlite"_s << -1
        << true << true;
    QTest::newRow("rebuilds all along")
        << 400 << Body([](int i) { return i % 37 == 36 ? rebuildOf(i, 30) : plainTable(i); }) << u"sqlite"_s
        << -1 << true << true;
    // Read from the end backwards, step 390's table 'x' is there when the
    // rebuild of step 380 asks for the 'x' of step 5 (the simulated schema
    // does not follow the DROP TABLE of step 385, text to execute).
    QTest::newRow("a table made again after its rebuild")
        << 400 << Body([](int i) {
               switch (i) {
               case 5: return u"    op.create_table('x', sa.Column('id', sa.Integer()), sa.Column('name', "
                              "sa.String()))\n"_s;
               case 380: return u"    with op.batch_alter_table('x') as batch_op:\n"
                                "        batch_op.alter_column('name', nullable=False)\n"_s;
               case 385: return u"    op.execute('DROP TABLE x')\n"_s;
               case 390: return u"    op.create_table('x', sa.Column('id', sa.Integer()), sa.Column('name', "
                                "sa.String()), sa.Column('other', sa.Integer()))\n"_s;
               default: return plainTable(i);
               }
           })
        << u"sqlite"_s << -1 << true << true;
    QTest::newRow("rebuild from a starting head")
        << 400 << Body([](int i) { return i == 390 ? rebuildOf(i, 385) : plainTable(i); }) << u"sqlite"_s << 50
        << true << true;
    QTest::newRow("enum type made early, used late")
        << 400 << Body([](int i) { return i == 3 || i == 350 || i == 399 ? enumTable(i) : plainTable(i); })
        << u"postgresql"_s << -1 << true << true;
    QTest::newRow("enum type first made late")
        << 400 << Body([](int i) { return i == 360 || i == 399 ? enumTable(i) : plainTable(i); })
        << u"postgresql"_s << -1 << true << true;
    QTest::newRow("a late script that cannot be read")
        << 400 << Body([](int i) { return i == 390 ? u"    op.drop_column('t1')\n"_s : plainTable(i); })
        << u"sqlite"_s << -1 << true << false;
    QTest::newRow("an early and a late script that cannot be read")
        << 400
        << Body([](int i) { return i == 2 || i == 395 ? u"    op.drop_column('t1')\n"_s : plainTable(i); })
        << u"sqlite"_s << -1 << true << false;
}

void TestOfflineTail::sameAsInTurn()
{
    QFETCH(int, count);
    QFETCH(Body, body);
    QFETCH(QString, dialect);
    QFETCH(int, from);
    QFETCH(bool, upgrade);
    QFETCH(bool, succeeds);

    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    writeChain(versions, count, body);
    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions});
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    const QStringList startingHeads = !upgrade ? QStringList{revisionId(count - 1)}
                                      : from >= 0 ? QStringList{revisionId(from)}
                                                  : QStringList();
    auto steps = upgrade ? (*dir)->planner().upgradeRevs(u"heads"_s, RevisionSpec::tuple(startingHeads))
                         : (*dir)->planner().downgradeRevs(u"base"_s, RevisionSpec::tuple(startingHeads));
    QVERIFY(steps);
    QCOMPARE(steps->size(), upgrade ? count - from - 1 : count);

    std::unique_ptr<Dialect> sql;
    if (dialect == u"sqlite")
        sql = std::make_unique<SqliteDialect>();
    else
        sql = std::make_unique<PostgresDialect>();
    auto write = [&](bool concurrentTail) -> QString {
        OfflineWriter::Options options;
        options.transactionalDdl = dialect == u"postgresql";
        options.concurrentTail = concurrentTail;
        QString logged;
        options.log = [&logged](QByteArrayView line) { logged += QString::fromUtf8(line) + u'\n'; };
        OfflineWriter writer(**dir, *sql, VersionTable(), options);
        auto out = writer.write(*steps, startingHeads);
        // the log lines of the other thread's steps are its own too
        return (out ? QString::fromUtf8(*out) : u"error: "_s + out.error().toString()) + u"\n-- logged:\n"_s
            + logged;
    };
    const QString inTurn = write(false);
    QCOMPARE(!inTurn.startsWith(u"error: "_s), succeeds);
    if (succeeds)
        QVERIFY(inTurn.count(u"-- Running "_s) == steps->size());
    // Several rounds: the two threads meet at a different step each time.
    for (int round = 0; round < 8; ++round) {
        const QString concurrent = write(true);
        if (concurrent != inTurn) {
            qsizetype at = 0;
            while (at < concurrent.size() && at < inTurn.size() && concurrent.at(at) == inTurn.at(at))
                ++at;
            QFAIL(qPrintable(u"round %1 differs at %2:\n%3\n---- in turn:\n%4"_s.arg(
                QString::number(round), QString::number(at), concurrent.mid(at - 200, 400),
                inTurn.mid(at - 200, 400))));
        }
    }
}

QTEST_GUILESS_MAIN(TestOfflineTail)
#include "tst_offlinetail.moc"
