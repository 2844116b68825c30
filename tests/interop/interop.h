// Shared helpers of the interop suites: run real Alembic (Debian's
// python3-alembic 1.8.1 under PM_PYTHON) and petmigrate as processes on the
// same project directories and SQLite files, and read a database's state with
// the sqlite3 shell (so neither tool under test is used to observe itself).
#pragma once

// The _data() tables are long lists of literal command lines; let them be
// written as plain string literals in these test sources.
#undef QT_NO_CAST_FROM_ASCII

#include <QtTest/QtTest>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>

namespace interop {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QString what;
    // The lines Alembic's command line prints on failure ("FAILED: ...").
    QStringList failedLines() const
    {
        QStringList lines;
        // Alembic prints it on stdout; accept either stream here (the output
        // suite checks the stream separately).
        for (const QString &l : QString::fromUtf8(out + '\n' + err).split(QLatin1Char('\n')))
            if (l.startsWith(QLatin1String("FAILED:")))
                lines << l;
        return lines;
    }
    QString describe() const
    {
        return QStringLiteral("%1\n  exit %2\n  stdout: %3\n  stderr: %4")
            .arg(what).arg(code)
            .arg(QString::fromUtf8(out.left(3000)), QString::fromUtf8(err.left(3000)));
    }
};

inline Run runProcess(const QString &program, const QStringList &args,
                      const QString &cwd = QString(), int timeoutMs = 120000)
{
    Run r;
    r.what = program + QLatin1Char(' ') + args.join(QLatin1Char(' '));
    QProcess p;
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ALEMBIC_CONFIG"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted(10000)) {
        r.err = "could not start: " + p.errorString().toUtf8();
        return r;
    }
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        r.err = "timed out";
        return r;
    }
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    return r;
}

inline QString python() { return QStringLiteral(PM_PYTHON); }
inline QString petmigratePath() { return QStringLiteral(PETMIGRATE); }
inline QString helperScript()
{
    return QStringLiteral(INTEROP_DIR "/make_project.py");
}

inline Run alembic(const QStringList &args, const QString &cwd = QString())
{
    return runProcess(python(), QStringList{QStringLiteral("-m"), QStringLiteral("alembic")} + args, cwd);
}

// Alembic 1.8.1 wherever it does not break (correct_alembic.py): where a
// depends_on lies below a parent, 1.8.1 writes version rows no walk
// leaves; the suites that compare output byte for byte compare with this.
inline Run correctAlembic(const QStringList &args, const QString &cwd = QString())
{
    return runProcess(python(), QStringList{QStringLiteral(INTEROP_DIR "/correct_alembic.py")} + args, cwd);
}

inline Run petmigrate(const QStringList &args, const QString &cwd = QString())
{
    return runProcess(petmigratePath(), args, cwd);
}

inline Run tool(const QString &name, const QStringList &args, const QString &cwd = QString())
{
    return name == QLatin1String("alembic") ? alembic(args, cwd) : petmigrate(args, cwd);
}

// Empty when everything the suites need is there; otherwise why not.
inline QString missingTools()
{
    if (!QFileInfo(python()).isExecutable())
        return QStringLiteral("Python interpreter %1 not found: install Debian's python3 and python3-alembic (1.8.1)").arg(python());
    Run v = runProcess(python(), {QStringLiteral("-c"), QStringLiteral("import alembic, sqlalchemy; print(alembic.__version__)")});
    if (v.code != 0)
        return QStringLiteral("alembic is not importable by %1 (apt-get install python3-alembic): %2")
            .arg(python(), QString::fromUtf8(v.err));
    if (v.out.trimmed() != "1.8.1")
        return QStringLiteral("expected Alembic 1.8.1 under %1, found %2").arg(python(), QString::fromUtf8(v.out.trimmed()));
    if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
        return QStringLiteral("the sqlite3 shell is not on PATH (apt-get install sqlite3)");
    if (!QFileInfo(petmigratePath()).isExecutable())
        return QStringLiteral("petmigrate not built at %1").arg(petmigratePath());
    return QString();
}

#define INTEROP_REQUIRE_TOOLS()                                      \
    do {                                                             \
        const QString why = interop::missingTools();                 \
        if (!why.isEmpty())                                          \
            QFAIL(qPrintable(QStringLiteral("interop prerequisites missing: ") + why)); \
    } while (0)

// `alembic init` + hand-written revisions (see make_project.py). Returns the
// project directory (holding alembic.ini) or an empty string.
// `script` is the generator (make_project.py, or a backend's own beside it).
inline QString makeProject(const QString &kind, const QString &parent, QString *error = nullptr,
                           const QString &script = helperScript())
{
    const QString dir = parent + QLatin1Char('/') + kind + QStringLiteral("/proj");
    Run r = runProcess(python(), {script, QStringLiteral("new"), kind, dir});
    if (r.code != 0) {
        if (error)
            *error = r.describe();
        return QString();
    }
    return dir;
}

// A project of `kind` in a folder of its own under `tmp` (numbered by
// `counter`), or an empty string with the reason as a warning.
inline QString makeNumberedProject(const QTemporaryDir &tmp, int &counter, const QString &kind)
{
    const QString parent = tmp.filePath(QString::number(++counter));
    QDir().mkpath(parent);
    QString err;
    const QString dir = makeProject(kind, parent, &err);
    if (dir.isEmpty())
        qWarning("%s", qPrintable(err));
    return dir;
}

inline bool fixProject(const QString &dir)
{
    return runProcess(python(), {helperScript(), QStringLiteral("fix"), dir}).code == 0;
}

// A copy of the app's own migrations (so Alembic's byte-compiled files and the
// test databases stay out of the source tree).
inline QString copyAppMigrations(const QString &parent)
{
    const QString dst = parent + QStringLiteral("/app/proj");
    QDir().mkpath(parent + QStringLiteral("/app"));
    Run r = runProcess(QStringLiteral("cp"), {QStringLiteral("-r"), QStringLiteral(PM_SOURCE_DIR "/migrations"), dst});
    if (r.code != 0)
        return QString();
    QDir(dst + QStringLiteral("/versions/__pycache__")).removeRecursively();
    for (const QString &f : QDir(dst).entryList({QStringLiteral("*.db")}, QDir::Files))
        QFile::remove(dst + QLatin1Char('/') + f);
    return dst;
}

// An ini beside the project's alembic.ini (so %(here)s still means the
// project) whose sqlalchemy.url is `url`; both tools get -c it.
inline QString iniWithUrl(const QString &projectDir, const QString &url, const QString &name)
{
    QFile in(projectDir + QStringLiteral("/alembic.ini"));
    if (!in.open(QIODevice::ReadOnly))
        return QString();
    QStringList lines = QString::fromUtf8(in.readAll()).split(QLatin1Char('\n'));
    for (QString &l : lines)
        if (l.startsWith(QLatin1String("sqlalchemy.url")))
            l = QStringLiteral("sqlalchemy.url = ") + url;
    const QString path = projectDir + QLatin1Char('/') + name + QStringLiteral(".ini");
    QFile out(path);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return QString();
    out.write(lines.join(QLatin1Char('\n')).toUtf8());
    return path;
}

// The same for a SQLite file.
inline QString iniFor(const QString &projectDir, const QString &dbPath, const QString &name)
{
    return iniWithUrl(projectDir, QStringLiteral("sqlite:///") + dbPath, name);
}

inline QByteArray sqlite(const QString &db, const QString &sql, QByteArray *err = nullptr)
{
    Run r = runProcess(QStringLiteral("sqlite3"), {QStringLiteral("-batch"), db, sql});
    if (err)
        *err = r.err;
    return r.out;
}

// sqlite_master (type, name, tbl_name, sql), alembic_version rows and, with
// withData, every user table's rows: the state two tools must agree on.
inline QString dbState(const QString &db, bool withData = true)
{
    if (!QFileInfo::exists(db))
        return QStringLiteral("<no database file>");
    QString s = QString::fromUtf8(sqlite(db, QStringLiteral(
        "SELECT '## sqlite_master'; "
        "SELECT type || ' | ' || name || ' | ' || tbl_name || ' | ' || coalesce(sql, '<null>') "
        "FROM sqlite_master ORDER BY type, name;")));
    s += QString::fromUtf8(sqlite(db, QStringLiteral(
        "SELECT '## alembic_version'; SELECT version_num FROM alembic_version ORDER BY 1;")));
    if (withData) {
        const QStringList tables = QString::fromUtf8(sqlite(db, QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "AND name <> 'alembic_version' ORDER BY name;"))).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QString q;
        for (const QString &t : tables)
            q += QStringLiteral("SELECT '## rows of %1'; SELECT * FROM \"%1\" ORDER BY 1;").arg(t);
        if (!q.isEmpty())
            s += QString::fromUtf8(sqlite(db, QStringLiteral(".mode quote\n") + q));
    }
    return s;
}

// Alembic prints a branch point's children in Python set order, which
// changes from run to run (hash randomization): sort them on both sides.
inline QString normalizeBranchOrder(const QString &text)
{
    QStringList lines = text.split(QLatin1Char('\n'));
    static const QRegularExpression into(QStringLiteral("^(Branches into|Merges): (.*)$"));
    for (QString &l : lines) {
        const auto m = into.match(l);
        if (m.hasMatch()) {
            QStringList revs = m.captured(2).split(QStringLiteral(", "));
            revs.sort();
            l = m.captured(1) + QStringLiteral(": ") + revs.join(QStringLiteral(", "));
        }
    }
    // `branches`: runs of "   -> child" lines
    for (int i = 0; i < lines.size();) {
        int j = i;
        while (j < lines.size() && lines[j].trimmed().startsWith(QLatin1String("-> ")))
            ++j;
        if (j > i + 1) {
            QStringList run = lines.mid(i, j - i);
            run.sort();
            for (int k = i; k < j; ++k)
                lines[k] = run[k - i];
        }
        i = j + 1;
    }
    return lines.join(QLatin1Char('\n'));
}

// `current` walks get_all_current(), a Python set of Script objects: the
// order of its entries (lines, or "Rev:" blocks with -v) is arbitrary.
inline QString normalizeCurrentOrder(const QString &text)
{
    const bool verbose = text.startsWith(QLatin1String("Current revision(s) for "));
    QStringList lines = text.split(QLatin1Char('\n'));
    const QString header = verbose ? lines.takeFirst() : QString();
    QStringList entries;
    for (const QString &l : lines) {
        if (!verbose || l.startsWith(QLatin1String("Rev: ")) || entries.isEmpty())
            entries << l;
        else
            entries.last() += QLatin1Char('\n') + l;
    }
    // Blank lines end every verbose entry; which entry is last is arbitrary.
    QStringList kept;
    for (const QString &e : std::as_const(entries)) {
        QString t = e;
        while (t.endsWith(QLatin1Char('\n')))
            t.chop(1);
        if (!t.isEmpty())
            kept << t;
    }
    kept.sort();
    return header + QLatin1Char('\n') + kept.join(QLatin1Char('\n'));
}

inline QString withoutFailedLines(const QByteArray &text)
{
    QStringList keep;
    for (const QString &l : QString::fromUtf8(text).split(QLatin1Char('\n')))
        if (!l.startsWith(QLatin1String("FAILED:")))
            keep << l;
    return keep.join(QLatin1Char('\n'));
}

// A readable unified diff for failure messages.
inline QString diffText(const QString &expected, const QString &actual,
                        const QString &expectedName = QStringLiteral("alembic"),
                        const QString &actualName = QStringLiteral("petmigrate"))
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath(expectedName), b = tmp.filePath(actualName);
    QFile fa(a), fb(b);
    fa.open(QIODevice::WriteOnly);
    fa.write(expected.toUtf8());
    fa.close();
    fb.open(QIODevice::WriteOnly);
    fb.write(actual.toUtf8());
    fb.close();
    Run d = runProcess(QStringLiteral("diff"), {QStringLiteral("-u"), a, b}, tmp.path());
    return QString::fromUtf8(d.out);
}

#define COMPARE_TEXT(actual, expected, context)                                        \
    do {                                                                               \
        const QString a_ = (actual), e_ = (expected);                                  \
        if (a_ != e_)                                                                  \
            QFAIL(qPrintable(QStringLiteral("%1\n").arg(context) + interop::diffText(e_, a_))); \
    } while (0)

inline QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray("<missing>");
    return f.readAll();
}

} // namespace interop
