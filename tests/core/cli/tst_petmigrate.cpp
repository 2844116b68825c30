// petmigrate against real Alembic 1.8.1 (Debian's python3-alembic, run with
// /usr/bin/python3): the same help text, the same files from revision and
// merge (everything but the creation time), the same init project.
#include <QDir>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "cli/petmigrate.h"

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int status = 0;
    QString out;
    QString err;
};

Run petmigrate(const QStringList &args, const QString &cwd = {})
{
    const QString before = QDir::currentPath();
    if (!cwd.isEmpty())
        QDir::setCurrent(cwd);
    Run r;
    QTextStream out(&r.out);
    QTextStream err(&r.err);
    r.status = pm::runPetMigrate(args, out, err);
    out.flush();
    err.flush();
    QDir::setCurrent(before);
    return r;
}

Run alembic(const QStringList &args, const QString &cwd = {})
{
    QProcess p;
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"COLUMNS"_s, u"80"_s);
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(PM_PYTHON), QStringList{u"-m"_s, u"alembic"_s} + args);
    if (!p.waitForFinished(60000))
        return {-1, {}, u"alembic did not finish"_s};
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QString read(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
}

QString withoutCreateDate(QString text)
{
    static const QRegularExpression date(u"Create Date: [^\\n]*"_s);
    return text.replace(date, u"Create Date: <date>"_s);
}

} // namespace

class TestPetMigrate : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void help_data();
    void help();
    void initProjectLikeAlembic_data();
    void initProjectLikeAlembic();
    void revisionFilesLikeAlembic();
    void usageErrors();
    void ownFlagsInArgparseStyle_data();
    void ownFlagsInArgparseStyle();
    void renameThatMatchesNothingWritesNothing_data();
    void renameThatMatchesNothingWritesNothing();
};

void TestPetMigrate::initTestCase()
{
    qputenv("COLUMNS", "80");
    const Run v = alembic({u"--version"_s});
    QVERIFY2(v.status == 0 && v.out.contains(u"1.8.1"_s),
             "real Alembic 1.8.1 is needed: apt-get install python3-alembic (packaging/setup.sh test does)");
}

void TestPetMigrate::help_data()
{
    QTest::addColumn<QString>("command");
    for (const char *c : {"branches", "current", "edit", "ensure_version", "heads", "history", "init",
                          "list_templates", "merge", "show", "stamp"})
        QTest::newRow(c) << QString::fromLatin1(c);
}

// Commands without petmigrate's extra flags print Alembic's help verbatim.
void TestPetMigrate::help()
{
    QFETCH(QString, command);
    const Run ours = petmigrate({command, u"--help"_s});
    const Run theirs = alembic({command, u"--help"_s});
    QCOMPARE(ours.status, 0);
    // The usage block's continuation lines align under the program name,
    // three columns further right for "petmigrate" than for "alembic".
    QString expected = theirs.out;
    const qsizetype usageEnd = expected.indexOf(u"\n\n"_s);
    QString usage = expected.left(usageEnd);
    usage.replace(u"usage: alembic"_s, u"usage: petmigrate"_s).replace(u"\n "_s, u"\n    "_s);
    expected = usage + expected.mid(usageEnd);
    QCOMPARE(ours.out, expected);
}

void TestPetMigrate::initProjectLikeAlembic_data()
{
    QTest::addColumn<QString>("templateName");
    QTest::newRow("generic") << u"generic"_s;
}

void TestPetMigrate::initProjectLikeAlembic()
{
    QFETCH(QString, templateName);
    QTemporaryDir ours;
    QTemporaryDir theirs;
    const Run a = petmigrate({u"init"_s, u"-t"_s, templateName, u"migrations"_s}, ours.path());
    QVERIFY2(a.status == 0, qPrintable(a.err));
    const Run b = alembic({u"init"_s, u"-t"_s, templateName, u"migrations"_s}, theirs.path());
    QVERIFY2(b.status == 0, qPrintable(b.err));
    for (const QString &file : {u"alembic.ini"_s, u"migrations/env.py"_s, u"migrations/script.py.mako"_s,
                                u"migrations/README"_s}) {
        QCOMPARE(read(ours.filePath(file)), read(theirs.filePath(file)));
    }
    QVERIFY(QDir(ours.filePath(u"migrations/versions"_s)).exists());
    // A second init into the same folder is refused, as Alembic refuses it.
    const Run again = petmigrate({u"init"_s, u"migrations"_s}, ours.path());
    QCOMPARE(again.status, 255);
    // On stdout, as Alembic's util.msg() prints it; init runs no env.py, so
    // no ERROR log line.
    QVERIFY2(again.out.contains(u"FAILED: Directory migrations already exists and is not empty"_s), qPrintable(again.out));
    QVERIFY2(again.err.isEmpty(), qPrintable(again.err));
}

// The same commands in two copies of one project write the same files.
void TestPetMigrate::revisionFilesLikeAlembic()
{
    QTemporaryDir ours;
    QTemporaryDir theirs;
    QVERIFY(alembic({u"init"_s, u"migrations"_s}, ours.path()).status == 0);
    QVERIFY(alembic({u"init"_s, u"migrations"_s}, theirs.path()).status == 0);

    const QList<QStringList> steps = {
        {u"revision"_s, u"-m"_s, u"create pets"_s, u"--rev-id"_s, u"aaaa00000001"_s},
        {u"revision"_s, u"-m"_s, u"add owner"_s, u"--rev-id"_s, u"aaaa00000002"_s},
        {u"revision"_s, u"-m"_s, u"side branch"_s, u"--rev-id"_s, u"bbbb00000001"_s, u"--head"_s,
         u"aaaa00000001"_s, u"--splice"_s, u"--branch-label"_s, u"side"_s},
        {u"revision"_s, u"-m"_s, u"needs owner"_s, u"--rev-id"_s, u"bbbb00000002"_s, u"--head"_s, u"side@head"_s,
         u"--depends-on"_s, u"aaaa00000002"_s},
        {u"merge"_s, u"-m"_s, u"join branches"_s, u"--rev-id"_s, u"cccc00000001"_s, u"heads"_s},
        {u"revision"_s, u"-m"_s, u"Ünïcode & punctuation: it's \"quoted\"!"_s, u"--rev-id"_s, u"dddd00000001"_s,
         u"--head"_s, u"side@head"_s},
    };
    for (const QStringList &step : steps) {
        const Run a = petmigrate(step, ours.path());
        const Run b = alembic(step, theirs.path());
        QVERIFY2(a.status == 0, qPrintable(step.join(u' ') + u": "_s + a.err));
        QVERIFY2(b.status == 0, qPrintable(b.err));
    }
    const QStringList ourFiles = QDir(ours.filePath(u"migrations/versions"_s)).entryList(QDir::Files, QDir::Name);
    const QStringList theirFiles = QDir(theirs.filePath(u"migrations/versions"_s)).entryList(QDir::Files, QDir::Name);
    QCOMPARE(ourFiles, theirFiles);
    for (const QString &f : ourFiles)
        QCOMPARE(withoutCreateDate(read(ours.filePath(u"migrations/versions/"_s + f))),
                 withoutCreateDate(read(theirs.filePath(u"migrations/versions/"_s + f))));

    // And the graph reads the same back. Alembic lists heads in os.listdir()
    // order (hash order on ext4), petmigrate in file-name order: compare
    // their lines as sets there.
    for (const QStringList &cmd : {QStringList{u"heads"_s}, QStringList{u"history"_s},
                                   QStringList{u"show"_s, u"side@head"_s}}) {
        const Run a = petmigrate(cmd, ours.path());
        const Run b = alembic(cmd, theirs.path());
        QStringList ourLines = withoutCreateDate(a.out).replace(ours.path(), u"<dir>"_s).split(u'\n');
        QStringList theirLines = withoutCreateDate(b.out).replace(theirs.path(), u"<dir>"_s).split(u'\n');
        if (cmd.first() == u"heads") {
            ourLines.sort();
            theirLines.sort();
        }
        QCOMPARE(ourLines, theirLines);
    }
}

void TestPetMigrate::usageErrors()
{
    Run r = petmigrate({u"upgrade"_s});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(u"petmigrate upgrade: error: the following arguments are required: revision"_s), qPrintable(r.err));
    r = petmigrate({u"frobnicate"_s});
    QCOMPARE(r.status, 2);
    QVERIFY2(r.err.contains(u"invalid choice: 'frobnicate'"_s), qPrintable(r.err));
    QTemporaryDir empty;
    r = petmigrate({u"-c"_s, empty.filePath(u"missing.ini"_s), u"heads"_s});
    QCOMPARE(r.status, 255);
    QVERIFY2(r.out.startsWith(u"FAILED: "_s), qPrintable(r.out));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
}

// petmigrate's own flags and commands, formatted as Python's argparse
// formats them: Alembic's parser with the same additions is the oracle.
void TestPetMigrate::ownFlagsInArgparseStyle_data()
{
    QTest::addColumn<QString>("command");
    QTest::newRow("revision") << u"revision"_s;
    QTest::newRow("drift") << u"drift"_s;
}

void TestPetMigrate::ownFlagsInArgparseStyle()
{
    QFETCH(QString, command);
    QProcess python;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"COLUMNS"_s, u"80"_s);
    python.setProcessEnvironment(env);
    python.start(QStringLiteral(PM_PYTHON), {u"-c"_s, uR"(
import argparse, sys
from alembic.config import CommandLine
parser = CommandLine(prog='petmigrate').parser
commands = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)][0].choices
if sys.argv[1] == 'revision':
    sub = commands['revision']
    sub.prog = 'petmigrate revision'
    sub.add_argument('--target-url', type=str,
                     help='With --autogenerate: compare with this database instead of the models')
    sub.add_argument('--rename', action='append',
                     help='With --autogenerate: write a rename where a column (TABLE.OLD:NEW) or a table '
                          '(OLD:NEW) is dropped and another added, keeping its data; may be given more than once')
else:
    sub = argparse.ArgumentParser(prog='petmigrate drift')
sys.stdout.write(sub.format_help())
)"_s, command});
    QVERIFY(python.waitForFinished(60000));
    QVERIFY2(python.exitCode() == 0, python.readAllStandardError().constData());
    const Run ours = petmigrate({command, u"--help"_s});
    QCOMPARE(ours.status, 0);
    QCOMPARE(ours.out, QString::fromUtf8(python.readAllStandardOutput()));
}

void TestPetMigrate::renameThatMatchesNothingWritesNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("failed");
    const QStringList autogen{u"revision"_s, u"--autogenerate"_s, u"-m"_s, u"x"_s};
    QTest::newRow("no such drop") << autogen + QStringList{u"--rename"_s, u"pet.nom:name"_s}
                                  << u"FAILED: rename pet.nom:name matches no column the draft drops and adds: it does "
                                     u"not drop column 'pet.nom'"_s;
    QTest::newRow("second of two") << autogen + QStringList{u"--rename"_s, u"pet.nam:name"_s, u"--rename"_s, u"pets:pet"_s}
                                   << u"FAILED: rename pets:pet matches no table the draft drops and creates: it neither "
                                      u"drops table 'pets' nor creates table 'pet'"_s;
    QTest::newRow("malformed") << autogen + QStringList{u"--rename"_s, u"pet.nam"_s}
                               << u"FAILED: --rename pet.nam is neither TABLE.OLD:NEW (a column) nor OLD:NEW (a table)"_s;
    QTest::newRow("without --autogenerate") << QStringList{u"revision"_s, u"-m"_s, u"x"_s, u"--rename"_s, u"pet.nam:name"_s}
                                            << u"FAILED: --rename only makes sense with --autogenerate"_s;
}

// Unattended: a rename that matches nothing fails with a sentence and
// writes no file; the same rename that matches writes the rename.
void TestPetMigrate::renameThatMatchesNothingWritesNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, failed);
    QTemporaryDir dir;
    QVERIFY(petmigrate({u"init"_s, u"migrations"_s}, dir.path()).status == 0);
    const QString target = dir.filePath(u"target.db"_s);
    {
        QProcess sqlite;
        sqlite.start(u"sqlite3"_s, {dir.filePath(u"app.db"_s),
                                    u"CREATE TABLE pet (id INTEGER NOT NULL PRIMARY KEY, nam VARCHAR(20));"_s});
        QVERIFY(sqlite.waitForFinished() && sqlite.exitCode() == 0);
        sqlite.start(u"sqlite3"_s, {target, u"CREATE TABLE pet (id INTEGER NOT NULL PRIMARY KEY, name VARCHAR(20));"_s});
        QVERIFY(sqlite.waitForFinished() && sqlite.exitCode() == 0);
    }
    const QStringList base{u"--url"_s, u"sqlite:///app.db"_s};
    const QStringList targetUrl{u"--target-url"_s, u"sqlite:///"_s + target};
    const Run r = petmigrate(base + arguments + targetUrl, dir.path());
    QCOMPARE(r.status, 255);
    QCOMPARE(r.out, failed + u'\n');
    QVERIFY(QDir(dir.filePath(u"migrations/versions"_s)).entryList(QDir::Files).isEmpty());

    const Run ok = petmigrate(base + QStringList{u"revision"_s, u"--autogenerate"_s, u"-m"_s, u"x"_s, u"--rename"_s,
                                                u"pet.nam:name"_s} + targetUrl, dir.path());
    QVERIFY2(ok.status == 0, qPrintable(ok.out + ok.err));
    const QStringList written = QDir(dir.filePath(u"migrations/versions"_s)).entryList(QDir::Files);
    QCOMPARE(written.size(), 1);
    const QString text = read(dir.filePath(u"migrations/versions/"_s + written.first()));
    QVERIFY2(text.contains(u"    op.alter_column('pet', 'nam',\n               existing_type=sa.VARCHAR(length=20),\n"
                           u"               new_column_name='name',\n               existing_nullable=True)"_s),
             qPrintable(text));
    QVERIFY2(ok.err.contains(u"INFO  [alembic.autogenerate.compare] Detected renamed column 'pet.nam' to 'name'\n"_s),
             qPrintable(ok.err));
}

QTEST_GUILESS_MAIN(TestPetMigrate)
#include "tst_petmigrate.moc"
