// The header cache is exact or unused: after any change to the scripts a
// cached read gives the same graph as reading every file, and the files
// left alone are the only ones it answers for.
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cstdio>

#include "runtime/headercache.h"
#include "runtime/scriptheaderskim.h"
#include "runtime/scriptdirectory.h"
#include "runtime/versionfiles.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

constexpr int kScripts = 12;

QString revisionId(int i)
{
    return u"c0ffee%1"_s.arg(i, 6, 10, QChar(u'0'));
}

QByteArray scriptBytes(const QString &revision, const QString &down, const QString &doc)
{
    const QString downLiteral = down.isEmpty() ? u"None"_s : u"'"_s + down + u"'"_s;
    return u"\"\"\"%3\n\nRevision ID: %1\n\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
           "revision = '%1'\ndown_revision = %2\nbranch_labels = None\ndepends_on = None\n\n\n"
           "def upgrade() -> None:\n    pass\n\n\ndef downgrade() -> None:\n    pass\n"_s
        .arg(revision, downLiteral, doc)
        .toUtf8();
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
}

// Everything a graph command prints comes from these.
QStringList graphFacts(const ScriptDirectory &dir)
{
    QStringList facts;
    for (const Revision &r : dir.map().revisions()) {
        facts << r.revision() + u" <- "_s + r.downRevisions().join(u',') + u" deps "_s
                + r.dependencies().join(u',') + u" labels "_s + r.branchLabels().join(u',') + u" path "_s
                + r.path() + u" doc "_s + r.longdoc();
    }
    facts << u"heads "_s + dir.map().heads().join(u',');
    return facts;
}

} // namespace

class TestHeaderCache : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void changes_data();
    void changes();
    void sequenceOfEdits();
    void futureFilesNotTrusted();
    void stampDecides_data();
    void stampDecides();

private:
    QString projectFor(const QString &row) const { return m_root.filePath(row); }
    // A cached read and a plain one of the same folder: the same facts, and
    // how many files the cache answered for.
    // `maxHits`: when how long the test took may let a file the cache
    // stored as too fresh to trust become old enough (-1: exactly minHits).
    void compareReads(const QString &project, const QString &cacheFolder, qsizetype minHits, qsizetype maxHits = -1);

    QTemporaryDir m_root;
    QStringList m_rows;
};

// One project per row, all written before one wait, so that every row
// starts from files the cache may trust (older than its 2 s margin).
void TestHeaderCache::initTestCase()
{
    QVERIFY(m_root.isValid());
    m_rows = {u"edit"_s,           u"edit same size"_s, u"edit same size, mtime restored"_s,
              u"rename"_s,         u"delete"_s,         u"add"_s,
              u"touch"_s,          u"corrupt cache"_s,  u"truncated cache"_s,
              u"foreign cache"_s,  u"nothing"_s,        u"sequence"_s};
    for (const QString &row : std::as_const(m_rows)) {
        const QString versions = projectFor(row) + u"/versions"_s;
        QVERIFY(QDir().mkpath(versions));
        for (int i = 0; i < kScripts; ++i) {
            const QString down = i == 0 ? QString() : revisionId(i - 1);
            QVERIFY(writeFile(versions + u'/' + revisionId(i) + u"_step.py"_s,
                              scriptBytes(revisionId(i), down, u"step %1"_s.arg(i))));
        }
    }
    QThread::msleep(2200);
}

void TestHeaderCache::compareReads(const QString &project, const QString &cacheFolder, qsizetype minHits,
                                   qsizetype maxHits)
{
    const QString versions = project + u"/versions"_s;
    // how many files the cache answers for, asked the way ScriptDirectory asks
    HeaderCache probe(cacheFolder, versions);
    probe.startRun();
    auto files = readVersionFiles(versions, &probe);
    QVERIFY(files);
    qsizetype hits = 0;
    for (const VersionFile &f : std::as_const(*files))
        hits += f.cached.has_value() ? 1 : 0;
    if (maxHits < 0) {
        QCOMPARE(hits, minHits);
    } else {
        QVERIFY2(hits >= minHits && hits <= maxHits, qPrintable(u"%1 hits"_s.arg(hits)));
    }

    auto cached = ScriptDirectory::fromDirectories(project, {versions}, {}, {}, cacheFolder);
    auto plain = ScriptDirectory::fromDirectories(project, {versions});
    QCOMPARE(bool(cached), bool(plain));
    if (!plain) {
        QCOMPARE(cached.error().toString(), plain.error().toString());
        return;
    }
    QCOMPARE(graphFacts(**cached), graphFacts(**plain));
}

void TestHeaderCache::changes_data()
{
    QTest::addColumn<QString>("row");
    QTest::addColumn<int>("untouched"); // files the cache may still answer for
    for (const QString &row : std::as_const(m_rows)) {
        if (row == u"sequence"_s)
            continue;
        int untouched = kScripts - 1;
        if (row == u"add"_s || row == u"nothing"_s)
            untouched = kScripts;
        else if (row.endsWith(u"cache"_s))
            untouched = 0;
        QTest::newRow(qPrintable(row)) << row << untouched;
    }
}

void TestHeaderCache::changes()
{
    QFETCH(QString, row);
    QFETCH(int, untouched);
    const QString project = projectFor(row);
    const QString versions = project + u"/versions"_s;
    const QString cacheFolder = project + u"/cache"_s;

    // The first read stores every header; the second is answered from it.
    compareReads(project, cacheFolder, 0);
    compareReads(project, cacheFolder, kScripts);
    const QDir cacheDir(cacheFolder);
    const QStringList cacheFiles = cacheDir.entryList(QDir::Files);
    QCOMPARE(cacheFiles.size(), 1);
    const QString cacheFile = cacheDir.filePath(cacheFiles.first());

    const QString target = versions + u'/' + revisionId(5) + u"_step.py"_s;
    QFile file(target);
    const QDateTime oldMtime = QFileInfo(target).lastModified();
    if (row == u"edit"_s) {
        // a new down revision: the graph changes shape
        QVERIFY(writeFile(target, scriptBytes(revisionId(5), revisionId(1), u"step 5, moved"_s)));
    } else if (row.startsWith(u"edit same size"_s)) {
        // same length, another parent: only the bytes differ
        const QByteArray before = scriptBytes(revisionId(5), revisionId(4), u"step 5"_s);
        const QByteArray after = scriptBytes(revisionId(5), revisionId(3), u"step 5"_s);
        QCOMPARE(after.size(), before.size());
        QVERIFY(writeFile(target, after));
        if (row.endsWith(u"restored"_s)) {
            QVERIFY(file.open(QIODevice::ReadWrite));
            QVERIFY(file.setFileTime(oldMtime, QFileDevice::FileModificationTime));
            file.close();
            QCOMPARE(QFileInfo(target).lastModified(), oldMtime);
        }
    } else if (row == u"rename"_s) {
        // another revision under the old name's neighbour: the name is the key
        QVERIFY(QFile::rename(target, versions + u"/zz_renamed.py"_s));
    } else if (row == u"delete"_s) {
        // the last one, so the graph stays valid and only the heads move
        QVERIFY(QFile::remove(versions + u'/' + revisionId(kScripts - 1) + u"_step.py"_s));
    } else if (row == u"add"_s) {
        QVERIFY(writeFile(versions + u"/added.py"_s, scriptBytes(u"added000001"_s, revisionId(2), u"added"_s)));
    } else if (row == u"touch"_s) {
        QVERIFY(file.open(QIODevice::ReadWrite));
        QVERIFY(file.setFileTime(QDateTime::currentDateTime(), QFileDevice::FileModificationTime));
        file.close();
    } else if (row == u"corrupt cache"_s || row == u"truncated cache"_s) {
        QFile c(cacheFile);
        QVERIFY(c.open(QIODevice::ReadOnly));
        QByteArray bytes = c.readAll();
        c.close();
        if (row.startsWith(u"corrupt"_s))
            bytes[bytes.size() / 2] = char(bytes.at(bytes.size() / 2) ^ 0x20);
        else
            bytes.chop(bytes.size() / 3);
        QVERIFY(writeFile(cacheFile, bytes));
    } else if (row == u"foreign cache"_s) {
        // another folder's cache under this folder's name
        const QString other = projectFor(u"nothing"_s);
        compareReads(other, cacheFolder + u"-other"_s, 0);
        const QStringList otherFiles = QDir(cacheFolder + u"-other"_s).entryList(QDir::Files);
        QCOMPARE(otherFiles.size(), 1);
        QVERIFY(QFile::remove(cacheFile));
        QVERIFY(QFile::copy(cacheFolder + u"-other/"_s + otherFiles.first(), cacheFile));
    }
    compareReads(project, cacheFolder, untouched);
}

// Edits one after another on one folder, the cache rewritten between them.
void TestHeaderCache::sequenceOfEdits()
{
    const QString project = projectFor(u"sequence"_s);
    const QString versions = project + u"/versions"_s;
    const QString cacheFolder = project + u"/cache"_s;
    compareReads(project, cacheFolder, 0);
    compareReads(project, cacheFolder, kScripts);
    const auto path = [&](int i) -> QString { return versions + u'/' + revisionId(i) + u"_step.py"_s; };
    // Each step: the files never touched are answered from the cache; one
    // changed in an earlier step is too once it is over 2 s old.
    QVERIFY(writeFile(path(7), scriptBytes(revisionId(7), revisionId(2), u"step 7 edited"_s)));
    compareReads(project, cacheFolder, kScripts - 1);
    QVERIFY(QFile::rename(path(3), versions + u"/renamed.py"_s));
    compareReads(project, cacheFolder, kScripts - 2, kScripts - 1);
    QVERIFY(QFile::remove(path(kScripts - 1)));
    compareReads(project, cacheFolder, kScripts - 3, kScripts - 1);
    QVERIFY(writeFile(versions + u"/new.py"_s, scriptBytes(u"new000000001"_s, revisionId(4), u"new"_s)));
    compareReads(project, cacheFolder, kScripts - 3, kScripts);
    // a revision given twice: the same error either way
    QVERIFY(writeFile(versions + u"/twice.py"_s, scriptBytes(revisionId(4), revisionId(1), u"twice"_s)));
    compareReads(project, cacheFolder, kScripts - 3, kScripts + 1);
}

// A file whose time lies ahead of the clock (another machine's, a clock
// set back) is read every time, however unchanged it is.
void TestHeaderCache::futureFilesNotTrusted()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    for (int i = 0; i < 3; ++i) {
        const QString path = versions + u'/' + revisionId(i) + u"_step.py"_s;
        QVERIFY(writeFile(path, scriptBytes(revisionId(i), i == 0 ? QString() : revisionId(i - 1), u"s"_s)));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(3600), QFileDevice::FileModificationTime));
    }
    const QString cacheFolder = tmp.filePath(u"cache"_s);
    compareReads(tmp.path(), cacheFolder, 0);
    compareReads(tmp.path(), cacheFolder, 0);
}

namespace {

// One run of the cache as ScriptDirectory makes it, at `clockNs`: the
// number of files it answered for (and it stores what it saw).
qsizetype runAt(const QString &versions, const QString &cacheFolder, qint64 clockNs)
{
    HeaderCache cache(cacheFolder, versions);
    cache.startRun(clockNs);
    qint64 folderMtime = 0;
    auto files = readVersionFiles(versions, &cache, &folderMtime);
    if (!files)
        return -1;
    qsizetype hits = 0;
    for (const VersionFile &f : std::as_const(*files)) {
        hits += f.cached ? 1 : 0;
        const std::optional<ScriptHeader> header = f.cached ? f.cached : skimScriptHeader(f.content);
        if (header)
            cache.keep(QFile::encodeName(f.fileName), f.stamp, *header);
    }
    cache.save(folderMtime);
    return hits;
}

} // namespace

// With runs stored an hour ahead, the trust margin lets every file through:
// what keeps a changed file from being answered from the cache is then its
// stamp alone, each field of it.
void TestHeaderCache::stampDecides_data()
{
    QTest::addColumn<QString>("change");
    for (const char *row : {"edit", "edit same size, mtime restored", "replaced by rename", "touch", "chmod"})
        QTest::newRow(row) << QString::fromLatin1(row);
}

void TestHeaderCache::stampDecides()
{
    QFETCH(QString, change);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    for (int i = 0; i < 4; ++i) {
        QVERIFY(writeFile(versions + u'/' + revisionId(i) + u"_step.py"_s,
                          scriptBytes(revisionId(i), i == 0 ? QString() : revisionId(i - 1), u"s"_s)));
    }
    const QString cacheFolder = tmp.filePath(u"cache"_s);
    const qint64 later = (QDateTime::currentMSecsSinceEpoch() + 3'600'000) * 1'000'000;
    QCOMPARE(runAt(versions, cacheFolder, later), 0);
    QCOMPARE(runAt(versions, cacheFolder, later + 1'000'000'000), 4);

    const QString target = versions + u'/' + revisionId(2) + u"_step.py"_s;
    const QDateTime mtime = QFileInfo(target).fileTime(QFileDevice::FileModificationTime);
    if (change == u"edit"_s) {
        QVERIFY(writeFile(target, scriptBytes(revisionId(2), revisionId(0), u"s, moved"_s)));
    } else if (change.startsWith(u"edit same size"_s)) {
        QVERIFY(writeFile(target, scriptBytes(revisionId(2), revisionId(0), u"s"_s)));
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(mtime, QFileDevice::FileModificationTime));
    } else if (change == u"replaced by rename"_s) {
        QVERIFY(writeFile(target + u".new"_s, scriptBytes(revisionId(2), revisionId(0), u"s"_s)));
        QVERIFY(::rename(QFile::encodeName(target + u".new"_s).constData(), QFile::encodeName(target).constData()) == 0);
    } else if (change == u"touch"_s) {
        QFile f(target);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.setFileTime(mtime.addSecs(-60), QFileDevice::FileModificationTime));
    } else if (change == u"chmod"_s) {
        QVERIFY(QFile::setPermissions(target, QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup));
    }
    QCOMPARE(runAt(versions, cacheFolder, later + 2'000'000'000), 3);
    QCOMPARE(runAt(versions, cacheFolder, later + 3'000'000'000), 4);
}

QTEST_GUILESS_MAIN(TestHeaderCache)
#include "tst_headercache.moc"
