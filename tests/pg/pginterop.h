// Helpers of the PostgreSQL interop suites, on top of tests/interop/interop.h
// (processes, diffs): projects built by make_pg_project.py, one database per
// test on the throwaway cluster (tests/pg/pgcluster.sh), and a database's
// state read with pg_dump and psql, so neither tool under test observes
// itself.
#pragma once

#include "../interop/interop.h"

namespace pginterop {

using interop::Run;
using interop::runProcess;

inline QString pgBin(const QString &tool)
{
    const QString dir = qEnvironmentVariable("PM_PG_BIN", QStringLiteral(PM_PG_BIN));
    return dir + QLatin1Char('/') + tool;
}

// postgresql://user@127.0.0.1:port/postgres, written by pgcluster.sh.
inline QString serverUrl(QString *why)
{
    const QString file = qEnvironmentVariable("PM_PG_URL_FILE");
    if (file.isEmpty()) {
        *why = QStringLiteral("PM_PG_URL_FILE is not set: run this suite through ctest, which starts the cluster");
        return QString();
    }
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = QStringLiteral("no server URL in %1: the pg_cluster_start fixture did not run or failed").arg(file);
        return QString();
    }
    return QString::fromUtf8(f.readAll().trimmed());
}

// The same server, another database.
inline QString urlFor(const QString &serverUrl, const QString &db)
{
    return serverUrl.left(serverUrl.lastIndexOf(QLatin1Char('/')) + 1) + db;
}

inline Run psql(const QString &url, const QString &sql)
{
    return runProcess(pgBin(QStringLiteral("psql")),
                      {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                       QStringLiteral("-d"), url, QStringLiteral("-c"), sql});
}

inline Run psqlFile(const QString &url, const QString &file)
{
    return runProcess(pgBin(QStringLiteral("psql")),
                      {QStringLiteral("-X"), QStringLiteral("-q"), QStringLiteral("-v"), QStringLiteral("ON_ERROR_STOP=1"),
                       QStringLiteral("-d"), url, QStringLiteral("-f"), file});
}

// pg_dump's output minus the \restrict key lines, which are random per run
// (pg_dump >= 15.14).
inline QString pgDump(const QString &url, const QString &what)
{
    Run r = runProcess(pgBin(QStringLiteral("pg_dump")), {what, QStringLiteral("--no-owner"), QStringLiteral("-d"), url});
    if (r.code != 0)
        return QStringLiteral("<pg_dump failed: %1>").arg(QString::fromUtf8(r.err));
    QStringList keep;
    for (const QString &l : QString::fromUtf8(r.out).split(QLatin1Char('\n'))) {
        if (!l.startsWith(QLatin1String("\\restrict ")) && !l.startsWith(QLatin1String("\\unrestrict ")))
            keep << l;
    }
    return keep.join(QLatin1Char('\n'));
}

// Schema (pg_dump --schema-only) and data, sequences included
// (--data-only): the state two tools must agree on.
inline QString pgState(const QString &url)
{
    return QStringLiteral("#### schema\n") + pgDump(url, QStringLiteral("--schema-only"))
        + QStringLiteral("#### data\n") + pgDump(url, QStringLiteral("--data-only"));
}

// An ini beside the project's alembic.ini whose sqlalchemy.url is `url`
// (postgresql:// works for both: SQLAlchemy picks psycopg2).
inline QString iniFor(const QString &projectDir, const QString &url, const QString &name)
{
    return interop::iniWithUrl(projectDir, url, name);
}

inline QString makeProject(const QString &kind, const QString &parent, QString *error)
{
    return interop::makeProject(kind, parent, error, QStringLiteral(PG_TESTS_DIR "/make_pg_project.py"));
}

// Empty when everything the suites need is there; otherwise why not.
inline QString missingTools()
{
    if (!QFileInfo(interop::python()).isExecutable())
        return QStringLiteral("Python interpreter %1 not found: install Debian's python3, python3-alembic and python3-psycopg2")
            .arg(interop::python());
    Run v = runProcess(interop::python(), {QStringLiteral("-c"), QStringLiteral("import alembic, psycopg2; print(alembic.__version__)")});
    if (v.code != 0)
        return QStringLiteral("alembic or psycopg2 is not importable by %1 (apt-get install python3-alembic python3-psycopg2): %2")
            .arg(interop::python(), QString::fromUtf8(v.err));
    if (v.out.trimmed() != "1.8.1")
        return QStringLiteral("expected Alembic 1.8.1 under %1, found %2").arg(interop::python(), QString::fromUtf8(v.out.trimmed()));
    for (const char *tool : {"psql", "pg_dump"}) {
        if (!QFileInfo(pgBin(QString::fromLatin1(tool))).isExecutable())
            return QStringLiteral("%1 not found: install Debian's postgresql-15 or set PM_PG_BIN").arg(pgBin(QString::fromLatin1(tool)));
    }
    if (!QFileInfo(interop::petmigratePath()).isExecutable())
        return QStringLiteral("petmigrate not built at %1").arg(interop::petmigratePath());
    return QString();
}

#define PG_INTEROP_REQUIRE_TOOLS()                                   \
    do {                                                             \
        const QString why = pginterop::missingTools();               \
        if (!why.isEmpty())                                          \
            QFAIL(qPrintable(QStringLiteral("PostgreSQL interop prerequisites missing: ") + why)); \
    } while (0)

} // namespace pginterop
