// Reflection benchmark: builds a SQLite database of N realistic tables (a
// few columns, a foreign key, an index and a unique constraint each), then
// times SqliteInspector::reflect() and SQLAlchemy's MetaData.reflect() on the
// same file and prints both and the ratio.
//
//   bench_reflect [--tables N] [--runs R] [--db PATH]
#include <chrono>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTextStream>

#include "inspect/sqliteinspector.h"

using namespace Qt::StringLiterals;

namespace {

bool createDatabase(QSqlDatabase &db, int tables, QTextStream &err)
{
    QSqlQuery q(db);
    auto run = [&](const QString &sql) {
        if (q.exec(sql))
            return true;
        err << sql << u": "_s << q.lastError().text() << Qt::endl;
        return false;
    };
    if (!db.transaction())
        return false;
    if (!run(u"CREATE TABLE account (\n\tid INTEGER NOT NULL, \n\tname VARCHAR NOT NULL, \n\tCONSTRAINT pk_account "
             u"PRIMARY KEY (id)\n)"_s))
        return false;
    for (int i = 0; i < tables; ++i) {
        const QString t = u"item_%1"_s.arg(i, 4, 10, QChar(u'0'));
        if (!run(u"CREATE TABLE %1 (\n\tid INTEGER NOT NULL, \n\tname VARCHAR(80) NOT NULL, \n\tcode VARCHAR(20) NOT "
                 u"NULL, \n\tprice NUMERIC(10, 2) DEFAULT 0, \n\tcreated DATETIME DEFAULT CURRENT_TIMESTAMP NOT NULL, "
                 u"\n\taccount_id INTEGER, \n\tCONSTRAINT pk_%1 PRIMARY KEY (id), \n\tCONSTRAINT uq_%1_code UNIQUE "
                 u"(code), \n\tCONSTRAINT fk_%1_account_id_account FOREIGN KEY(account_id) REFERENCES account (id) "
                 u"ON DELETE SET NULL\n)"_s.arg(t))
            || !run(u"CREATE INDEX ix_%1_name ON %1 (name)"_s.arg(t)))
            return false;
    }
    return db.commit();
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Times SqliteInspector against SQLAlchemy's MetaData.reflect()."_s);
    parser.addHelpOption();
    QCommandLineOption tablesOption(u"tables"_s, u"Number of tables (besides the referred one)."_s, u"n"_s, u"1000"_s);
    QCommandLineOption runsOption(u"runs"_s, u"Best of this many runs."_s, u"r"_s, u"3"_s);
    QCommandLineOption dbOption(u"db"_s, u"Database file to create (default: a temporary one)."_s, u"path"_s);
    parser.addOptions({tablesOption, runsOption, dbOption});
    parser.process(app);

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int tables = parser.value(tablesOption).toInt();
    const int runs = std::max(1, parser.value(runsOption).toInt());

    QTemporaryDir dir;
    const QString path = parser.isSet(dbOption) ? parser.value(dbOption) : dir.filePath(u"bench.db"_s);
    QFile::remove(path);

    double oursBest = 0;
    int reflected = 0;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bench"_s);
        db.setDatabaseName(path);
        if (!db.open()) {
            err << u"cannot open "_s << path << u": "_s << db.lastError().text() << Qt::endl;
            return 1;
        }
        if (!createDatabase(db, tables, err))
            return 1;
        db.close();
        // Reopen so the first run pays for reading the schema, as SQLAlchemy's does.
        for (int r = 0; r < runs; ++r) {
            if (!db.open())
                return 1;
            QElapsedTimer timer;
            timer.start();
            auto md = pm::SqliteInspector(db).reflect();
            const double seconds = double(timer.nsecsElapsed()) / 1e9;
            if (!md) {
                err << md.error().message << Qt::endl;
                return 1;
            }
            reflected = int(md->tables().size());
            oursBest = r == 0 ? seconds : std::min(oursBest, seconds);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(u"bench"_s);

    QProcess python;
    python.start(QStringLiteral(PM_PYTHON),
                 {QStringLiteral(PM_SOURCE_DIR "/tests/bench/bench_reflect.py"), path, QString::number(runs)});
    if (!python.waitForFinished(-1) || python.exitCode() != 0) {
        err << u"SQLAlchemy run failed: "_s << QString::fromLocal8Bit(python.readAllStandardError()) << Qt::endl;
        return 1;
    }
    const QJsonObject theirs = QJsonDocument::fromJson(python.readAllStandardOutput()).object();
    const double theirSeconds = theirs.value(u"seconds"_s).toDouble();

    out << u"tables: %1 (+1 referred), best of %2 runs"_s.arg(tables).arg(runs) << Qt::endl;
    out << u"SqliteInspector::reflect():  %1 ms (%2 tables)"_s.arg(oursBest * 1000, 0, 'f', 1).arg(reflected) << Qt::endl;
    out << u"SQLAlchemy %1 MetaData.reflect(): %2 ms (%3 tables)"_s.arg(theirs.value(u"sqlalchemy"_s).toString())
               .arg(theirSeconds * 1000, 0, 'f', 1)
               .arg(theirs.value(u"tables"_s).toInt())
        << Qt::endl;
    out << u"ratio: %1x faster"_s.arg(oursBest > 0 ? theirSeconds / oursBest : 0, 0, 'f', 1) << Qt::endl;
    return 0;
}
