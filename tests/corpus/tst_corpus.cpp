#include <QElapsedTimer>
#include <QProcess>
#include <QTest>

using namespace Qt::StringLiterals;

// The differential suite over the corpus of real projects (tests/corpus):
// corpus.py drives Alembic through its API in one Python process and
// petmigrate once per command, prints the table, and fails on a graph
// command that differs, a crash or hang, a refusal without a location, or
// an identical count below expected.txt. Its output is this test's log.
class TestCorpus : public QObject
{
    Q_OBJECT

private slots:
    void corpus();
};

void TestCorpus::corpus()
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(QStringLiteral(PM_PYTHON),
            {QStringLiteral(PM_SOURCE_DIR) + u"/tests/corpus/corpus.py"_s, u"run"_s, u"--petmigrate"_s,
             QStringLiteral(PM_PETMIGRATE)});
    QVERIFY2(p.waitForStarted(), qPrintable(p.errorString()));
    QElapsedTimer timer;
    timer.start();
    QVERIFY(p.waitForFinished(-1));
    const QByteArray output = p.readAll();
    qInfo().noquote() << QString::fromUtf8(output);
    qInfo("corpus suite: %lld s", timer.elapsed() / 1000);
    if (p.exitCode() == 77)
        QSKIP("the corpus is not materialized (tests/corpus/README.md)");
    QCOMPARE(p.exitStatus(), QProcess::NormalExit);
    QCOMPARE(p.exitCode(), 0);
}

QTEST_GUILESS_MAIN(TestCorpus)
#include "tst_corpus.moc"
