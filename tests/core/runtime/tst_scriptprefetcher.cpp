// ScriptPrefetcher parses a long run's scripts on two threads; what the
// asker gets, script by script and error by error, is what parsing each
// script in turn gives (ScriptDirectory::scriptOnce).
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/scriptdirectory.h"
#include "runtime/scriptprefetcher.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

QString revisionId(int i)
{
    return u"%1"_s.arg(quint64(0x7c0000000000) + quint64(i) * 7919, 12, 16, QChar(u'0'));
}

// A chain of `count` revisions. Every script whose number is in `broken`
// calls op.drop_column() without its column (an error only its body's
// reading finds), every 7th runs a loop (the evaluator reads it), the others
// create a table.
void writeChain(const QString &versions, int count, const QList<int> &broken)
{
    for (int i = 0; i < count; ++i) {
        QString up;
        if (broken.contains(i))
            up = u"    op.drop_column('t%1')\n"_s.arg(i);
        else if (i % 7 == 0)
            up = u"    for n in range(%1 % 3 + 1):\n        op.add_column('t0', sa.Column('c%1_' + str(n), "
                 "sa.Integer()))\n"_s.arg(i);
        else
            up = u"    op.create_table('t%1',\n        sa.Column('id', sa.Integer(), primary_key=True),\n"
                 "        sa.Column('name', sa.String(length=%1)),\n    )\n"_s.arg(i);
        const QString down = i == 0 ? u"None"_s : u"'"_s + revisionId(i - 1) + u"'"_s;
        QFile f(versions + u'/' + revisionId(i) + u"_step.py"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(u"\"\"\"step %1\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '%2'\n"
                "down_revision = %3\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade():\n%4\n\n"
                "def downgrade():\n    op.drop_table('t%1')\n"_s.arg(QString::number(i), revisionId(i), down, up)
                    .toUtf8());
    }
}

// One script's answer, comparable: its error, or its operations.
struct Answer
{
    QString error;
    OperationList operations;
    friend bool operator==(const Answer &, const Answer &) = default;
};

Answer answerOf(const Result<const MigrationScript *> &script, bool up)
{
    if (!script)
        return {script.error().toString(), {}};
    auto body = (*script)->body(up);
    if (!body)
        return {body.error().toString(), {}};
    return {{}, **body};
}

} // namespace

class TestScriptPrefetcher : public QObject
{
    Q_OBJECT

private slots:
    void sameAnswersAsOneByOne_data();
    void sameAnswersAsOneByOne();
    void leftEarly();
};

void TestScriptPrefetcher::sameAnswersAsOneByOne_data()
{
    QTest::addColumn<int>("count");
    QTest::addColumn<QList<int>>("broken");
    QTest::addColumn<bool>("upgrade");
    QTest::newRow("short run, one thread") << 20 << QList<int>{5} << true;
    QTest::newRow("long run") << 400 << QList<int>{} << true;
    QTest::newRow("long run, downgrade bodies") << 400 << QList<int>{} << false;
    QTest::newRow("broken scripts near the start, mid-window and at the end")
        << 400 << QList<int>{1, 2, 40, 41, 42, 43, 200, 399} << true;
}

void TestScriptPrefetcher::sameAnswersAsOneByOne()
{
    QFETCH(int, count);
    QFETCH(QList<int>, broken);
    QFETCH(bool, upgrade);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    writeChain(versions, count, broken);
    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions});
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    (*dir)->setEvaluationContext(u"sqlite"_s, true);
    const auto bodies = upgrade ? ScriptParser::Options::Bodies::UpgradeOnly
                                : ScriptParser::Options::Bodies::DowngradeOnly;

    QList<Answer> expected;
    MigrationScript scratch;
    for (int i = 0; i < count; ++i)
        expected << answerOf((*dir)->scriptOnce(revisionId(i), scratch, bodies), upgrade);
    int errors = 0;
    for (const Answer &a : expected)
        errors += a.error.isEmpty() ? 0 : 1;
    QCOMPARE(errors, upgrade ? broken.size() : 0);

    // Several rounds: the threads meet at different scripts each time.
    for (int round = 0; round < 5; ++round) {
        std::vector<ScriptPrefetcher::Job> jobs;
        for (int i = 0; i < count; ++i)
            jobs.push_back({revisionId(i), bodies});
        ScriptPrefetcher prefetcher(**dir, std::move(jobs));
        for (int i = 0; i < count; ++i) {
            const Answer got = answerOf(prefetcher.take(i), upgrade);
            QVERIFY2(got == expected.at(i),
                     qPrintable(u"round %1, script %2: %3 (%4 operations), expected %5 (%6 operations)"_s.arg(
                         QString::number(round), QString::number(i), got.error,
                         QString::number(got.operations.size()), expected.at(i).error,
                         QString::number(expected.at(i).operations.size()))));
        }
    }
}

// A run that stops at an error leaves the other scripts unasked for: the
// prefetcher is then destroyed with its thread mid-way, and nothing waits
// or leaks (the sanitizer build checks the latter).
void TestScriptPrefetcher::leftEarly()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    writeChain(versions, 300, {});
    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions});
    QVERIFY(dir);
    for (const int stopAt : {0, 1, 5, 33, 299}) {
        std::vector<ScriptPrefetcher::Job> jobs;
        for (int i = 0; i < 300; ++i)
            jobs.push_back({revisionId(i), ScriptParser::Options::Bodies::UpgradeOnly});
        ScriptPrefetcher prefetcher(**dir, std::move(jobs));
        for (int i = 0; i < stopAt; ++i)
            QVERIFY(prefetcher.take(i));
    }
}

QTEST_GUILESS_MAIN(TestScriptPrefetcher)
#include "tst_scriptprefetcher.moc"
