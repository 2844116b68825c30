// Every fuzz corpus replayed through its target on each CTest run, in the
// normal build: the seeds (the real files the other suites hold) and every
// input a fuzzer ever found a bug with, kept as a regression case.
#include <QDir>
#include <QFile>
#include <QTest>

#include "fuzzcontract.h"

using namespace Qt::StringLiterals;

class TestFuzzReplay final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void everyTargetHasACorpus();
    void corpus_data();
    void corpus();
};

namespace {

QDir corpusRoot()
{
    return QDir(QStringLiteral(PM_FUZZ_CORPUS_DIR));
}

const pm::fuzz::Target *findTarget(const QString &name)
{
    for (const pm::fuzz::Target &target : pm::fuzz::targets()) {
        if (QString::fromLatin1(target.name) == name)
            return &target;
    }
    return nullptr;
}

} // namespace

void TestFuzzReplay::initTestCase()
{
    pm::fuzz::setThrowOnViolation(true);
    QVERIFY2(corpusRoot().exists(), qPrintable(corpusRoot().path()));
}

void TestFuzzReplay::everyTargetHasACorpus()
{
    QVERIFY(!pm::fuzz::targets().empty());
    for (const pm::fuzz::Target &target : pm::fuzz::targets()) {
        const QDir dir(corpusRoot().filePath(QString::fromLatin1(target.name)));
        QVERIFY2(!dir.entryList(QDir::Files).isEmpty(), qPrintable(u"no corpus in "_s + dir.path()));
    }
    // A folder without a target would be a corpus nobody replays.
    for (const QString &folder : corpusRoot().entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        QVERIFY2(findTarget(folder), qPrintable(u"corpus/"_s + folder + u" has no target"_s));
}

void TestFuzzReplay::corpus_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("path");
    for (const pm::fuzz::Target &target : pm::fuzz::targets()) {
        const QString name = QString::fromLatin1(target.name);
        const QDir dir(corpusRoot().filePath(name));
        for (const QString &file : dir.entryList(QDir::Files, QDir::Name))
            QTest::addRow("%s/%s", target.name, qPrintable(file)) << name << dir.filePath(file);
    }
}

void TestFuzzReplay::corpus()
{
    QFETCH(QString, target);
    QFETCH(QString, path);
    QFile file(path);
    QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
    const QByteArray bytes = file.readAll();
    const pm::fuzz::Target *run = findTarget(target);
    QVERIFY(run);
    try {
        run->run(reinterpret_cast<const uint8_t *>(bytes.constData()), size_t(bytes.size()));
    } catch (const pm::fuzz::ContractViolation &broken) {
        QFAIL(qPrintable(broken.message));
    }
}

QTEST_GUILESS_MAIN(TestFuzzReplay)
#include "tst_fuzz_replay.moc"
