// ScriptDirectory reads versions/ the way Alembic 1.8.1's ScriptDirectory
// does: os.listdir() order (which breaks ties in every ordered output), its
// file pattern, and one load per real file.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "runtime/scriptdirectory.h"
#include "runtime/versionfiles.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

void writeScript(const QString &path, const QString &revision, const QString &down = {})
{
    QFile f(path);
    QVERIFY2(f.open(QIODevice::WriteOnly | QIODevice::Truncate), qPrintable(path));
    const QString downLiteral = down.isEmpty() ? u"None"_s : u"'"_s + down + u"'"_s;
    f.write(u"\"\"\"%1\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\nrevision = '%1'\n"
            "down_revision = %2\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n"
            "    pass\n\n\ndef downgrade() -> None:\n    pass\n"_s.arg(revision, downLiteral)
                .toUtf8());
}

QStringList mapOrder(const ScriptDirectory &dir)
{
    QStringList ids;
    for (const Revision &r : dir.map().revisions())
        ids << r.revision();
    return ids;
}

} // namespace

class TestScriptDirectory : public QObject
{
    Q_OBJECT

private slots:
    void listdirOrder_data();
    void listdirOrder();
    void manyFilesEachReadOnce();
    void fileSelection_data();
    void fileSelection();
    void symlinkedDuplicates();
    void foldersAndBrokenLinksSkipped();
    void droppedBytesSameAnswers();
};

void TestScriptDirectory::listdirOrder_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("one reader") << 60;
    QTest::newRow("two readers") << 700; // readVersionFiles() splits the reads
}

// The map's order is os.listdir()'s, unsorted, as Python reports it.
void TestScriptDirectory::listdirOrder()
{
    QFETCH(int, count);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    QStringList names;
    for (int i = 0; i < count; ++i) {
        const QString rev = u"%1"_s.arg(quint64(0x5a0000000000) + quint64(i) * 104729, 12, 16, QChar(u'0'));
        const QString name = rev + u"_step_"_s + QString::number(i) + u".py"_s;
        writeScript(versions + u'/' + name, rev);
        names << name;
    }
    QProcess py;
    py.start(QStringLiteral(PM_PYTHON),
             {u"-c"_s, u"import os, sys\nfor n in os.listdir(sys.argv[1]):\n    print(n)"_s, versions});
    QVERIFY(py.waitForFinished(60000));
    QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
    QStringList expected;
    for (const QString &line : QString::fromUtf8(py.readAllStandardOutput()).split(u'\n', Qt::SkipEmptyParts))
        expected << line.section(u'_', 0, 0);
    QCOMPARE(expected.size(), names.size());

    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions});
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    QCOMPARE(mapOrder(**dir), expected);
}

// Alembic's pattern: (?!\.\#|__init__)(.*\.py)$, case-sensitive, dot files
// included.
// A folder large enough for two readers gives, file by file, what one
// sequential pass of open/read/skim gives: names in listing order, the same
// bytes, the same skimmed headers, folders and broken links left out, and
// scripts the skimmer declines kept for the parser.
void TestScriptDirectory::manyFilesEachReadOnce()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    for (int i = 0; i < 400; ++i) {
        const QString rev = u"%1"_s.arg(quint64(0x7b0000000000) + quint64(i) * 7919, 12, 16, QChar(u'0'));
        const QString path = versions + u'/' + rev + u"_s.py"_s;
        if (i % 9 == 4) {
            // an annotation: valid Python the skimmer leaves to the parser
            QFile f(path);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write((u"revision: str = '%1'\ndown_revision = None\n"_s.arg(rev)).toUtf8());
        } else {
            writeScript(path, rev, i % 5 == 0 ? QString() : u"x%1"_s.arg(i));
        }
    }
    QVERIFY(QDir().mkpath(versions + u"/folder.py"_s));
    QVERIFY(QFile::link(versions + u"/nothing_here"_s, versions + u"/broken.py"_s));
    QVERIFY(QFile::link(tmp.filePath(u"outside.py"_s), versions + u"/linked.py"_s));
    writeScript(tmp.filePath(u"outside.py"_s), u"outside"_s);

    for (const ScriptBytes bytes : {ScriptBytes::Keep, ScriptBytes::Drop}) {
        auto files = readVersionFiles(versions, nullptr, nullptr, bytes);
        QVERIFY2(files, files ? "" : qPrintable(files.error().toString()));
        // the expected answer, one file after another in readdir() order
        QDir dir(versions, {}, QDir::Unsorted, QDir::Files | QDir::Hidden);
        QStringList expected;
        for (const QString &name : dir.entryList()) {
            if (name.endsWith(u".py"_s))
                expected << name;
        }
        QCOMPARE(expected.size(), 401); // 400 scripts and the link to a file
        QCOMPARE(files->size(), expected.size());
        for (qsizetype i = 0; i < files->size(); ++i) {
            const VersionFile &file = files->at(i);
            QCOMPARE(file.fileName, expected.at(i));
            QFile f(versions + u'/' + file.fileName);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray content = f.readAll();
            const std::optional<ScriptHeader> header = skimScriptHeader(content);
            QCOMPARE(file.skimmed.has_value(), header.has_value());
            if (header) {
                QCOMPARE(file.skimmed->revision, header->revision);
                QCOMPARE(file.skimmed->downRevisions, header->downRevisions);
                QCOMPARE(file.skimmed->docstring, header->docstring);
            }
            QCOMPARE(file.content, bytes == ScriptBytes::Keep || !header ? content : QByteArray());
            QCOMPARE(file.realPath.isEmpty(), file.fileName != u"linked.py"_s);
        }
    }
}

void TestScriptDirectory::fileSelection_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<bool>("loaded");
    QTest::newRow("plain") << u"a1_first.py"_s << true;
    QTest::newRow("dot file") << u".b2_hidden.py"_s << true;
    QTest::newRow("upper-case extension") << u"c3_shout.PY"_s << false;
    QTest::newRow("emacs lock") << u".#d4_lock.py"_s << false;
    QTest::newRow("package marker") << u"__init__.py"_s << false;
    QTest::newRow("package marker prefix") << u"__init__e5.py"_s << false;
    QTest::newRow("compiled") << u"f6_old.pyc"_s << false;
    QTest::newRow("not python") << u"g7_notes.txt"_s << false;
}

void TestScriptDirectory::fileSelection()
{
    QFETCH(QString, file);
    QFETCH(bool, loaded);
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    writeScript(versions + u"/base0_base.py"_s, u"base0"_s);
    writeScript(versions + u'/' + file, u"other9"_s);
    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions});
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    QCOMPARE((*dir)->map().indexOf(u"other9"_s) != RevisionMap::NoRevision, loaded);
    QVERIFY((*dir)->map().indexOf(u"base0"_s) != RevisionMap::NoRevision);
}

// Alembic skips a file whose real path it has already loaded: the same
// folder listed twice, or a link to a script elsewhere, is read once.
void TestScriptDirectory::symlinkedDuplicates()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    const QString extra = tmp.filePath(u"extra"_s);
    QVERIFY(QDir().mkpath(versions));
    QVERIFY(QDir().mkpath(extra));
    writeScript(versions + u"/a1_first.py"_s, u"a1"_s);
    writeScript(extra + u"/b2_second.py"_s, u"b2"_s, u"a1"_s);
    QVERIFY(QFile::link(versions + u"/a1_first.py"_s, extra + u"/a1_link.py"_s));
    QVERIFY(QFile::link(versions, tmp.filePath(u"alias"_s)));

    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions, extra, tmp.filePath(u"alias"_s)});
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    QStringList ids = mapOrder(**dir);
    ids.sort();
    QCOMPARE(ids, (QStringList{u"a1"_s, u"b2"_s}));
    QCOMPARE((*dir)->pathOf(u"a1"_s), versions + u"/a1_first.py"_s);
}

// As QDir::Files: a folder or a broken link named like a script is no
// script, and a link to a script is one.
void TestScriptDirectory::foldersAndBrokenLinksSkipped()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions + u"/c3_folder.py"_s));
    writeScript(versions + u"/a1_first.py"_s, u"a1"_s);
    writeScript(tmp.filePath(u"elsewhere.py"_s), u"b2"_s, u"a1"_s);
    QVERIFY(QFile::link(tmp.filePath(u"elsewhere.py"_s), versions + u"/b2_link.py"_s));
    QVERIFY(QFile::link(tmp.filePath(u"missing.py"_s), versions + u"/d4_broken.py"_s));
    auto dir = ScriptDirectory::fromDirectories(tmp.path(), {versions});
    QVERIFY2(dir, dir ? "" : qPrintable(dir.error().toString()));
    QStringList ids = mapOrder(**dir);
    ids.sort();
    QCOMPARE(ids, (QStringList{u"a1"_s, u"b2"_s}));
    QCOMPARE((*dir)->pathOf(u"b2"_s), versions + u"/b2_link.py"_s);
}

// ScriptBytes::Drop (the graph commands) keeps no script's bytes once its
// header is skimmed, and only those: a script the skimmer declines keeps
// them for the parser. The graph and every body are the same as with
// ScriptBytes::Keep; a body is then read from its file.
void TestScriptDirectory::droppedBytesSameAnswers()
{
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const QString versions = tmp.filePath(u"versions"_s);
    QVERIFY(QDir().mkpath(versions));
    writeScript(versions + u"/a1_first.py"_s, u"a1"_s);
    {
        // an annotation: valid, and the skimmer's to decline
        QFile f(versions + u"/b2_second.py"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("\"\"\"second\n\nmore\"\"\"\nfrom alembic import op\nimport sqlalchemy as sa\n\n"
                "revision: str = 'b2'\ndown_revision = 'a1'\nbranch_labels = None\ndepends_on = None\n\n\n"
                "def upgrade() -> None:\n    op.add_column('t', sa.Column('c', sa.Integer()))\n\n\n"
                "def downgrade() -> None:\n    op.drop_column('t', 'c')\n");
    }

    auto files = readVersionFiles(versions, nullptr, nullptr, ScriptBytes::Drop);
    QVERIFY2(files, files ? "" : qPrintable(files.error().toString()));
    QCOMPARE(files->size(), 2);
    for (const VersionFile &file : std::as_const(*files)) {
        const bool skimmable = file.fileName == u"a1_first.py"_s;
        QCOMPARE(file.skimmed.has_value(), skimmable);
        QCOMPARE(file.content.isEmpty(), skimmable);
        if (skimmable)
            QCOMPARE(file.skimmed->revision, u"a1"_s);
    }

    auto kept = ScriptDirectory::fromDirectories(tmp.path(), {versions}, {}, {}, {}, ScriptBytes::Keep);
    auto dropped = ScriptDirectory::fromDirectories(tmp.path(), {versions}, {}, {}, {}, ScriptBytes::Drop);
    QVERIFY2(kept, kept ? "" : qPrintable(kept.error().toString()));
    QVERIFY2(dropped, dropped ? "" : qPrintable(dropped.error().toString()));
    QCOMPARE(mapOrder(**dropped), mapOrder(**kept));
    for (const Revision &r : (*kept)->map().revisions()) {
        const Revision &d = (*dropped)->map().at((*dropped)->map().indexOf(r.revision()));
        QCOMPARE(d.downRevisions(), r.downRevisions());
        QCOMPARE(d.nextRevisions(), r.nextRevisions());
        QCOMPARE(d.path(), r.path());
        QCOMPARE(d.doc(), r.doc());
        auto a = (*kept)->script(r.revision());
        auto b = (*dropped)->script(r.revision());
        QVERIFY2(a && b, qPrintable(a ? (b ? QString() : b.error().toString()) : a.error().toString()));
        QVERIFY((*b)->bodiesParsed);
        QCOMPARE((*b)->upgrade.size(), (*a)->upgrade.size());
        QCOMPARE((*b)->downgrade.size(), (*a)->downgrade.size());
    }
    QCOMPARE((*(*dropped)->script(u"b2"_s))->upgrade.size(), 1);
}

QTEST_GUILESS_MAIN(TestScriptDirectory)
#include "tst_scriptdirectory.moc"
