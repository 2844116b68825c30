// Shared helpers of the round-trip suites: run petmigrate and real Alembic
// (Debian's python3-alembic 1.8.1 under PM_PYTHON) as processes, build SQLite
// files with the sqlite3 shell and read them back with Qt's SQLite driver, so
// neither tool under test is used to observe itself.
#pragma once

#include <QtTest/QtTest>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QUuid>

namespace roundtrip {

struct Run
{
    int code = -1;
    QByteArray out;
    QByteArray err;
    QString what;
    QString describe() const
    {
        return QStringLiteral("%1\n  exit %2\n  stdout: %3\n  stderr: %4")
            .arg(what).arg(code)
            .arg(QString::fromUtf8(out.left(4000)), QString::fromUtf8(err.left(4000)));
    }
};

inline Run runProcess(const QString &program, const QStringList &args,
                      const QString &cwd = QString(), const QStringList &extraEnv = {},
                      int timeoutMs = 120000)
{
    Run r;
    r.what = (cwd.isEmpty() ? QString() : QStringLiteral("(cd %1 && ").arg(cwd))
        + program + QLatin1Char(' ') + args.join(QLatin1Char(' '))
        + (cwd.isEmpty() ? QString() : QStringLiteral(")"));
    QProcess p;
    if (!cwd.isEmpty())
        p.setWorkingDirectory(cwd);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("ALEMBIC_CONFIG"));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    for (const QString &kv : extraEnv) {
        const qsizetype eq = kv.indexOf(QLatin1Char('='));
        env.insert(kv.left(eq), kv.mid(eq + 1));
    }
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

inline Run alembic(const QStringList &args, const QString &cwd, const QStringList &extraEnv = {})
{
    return runProcess(python(), QStringList{QStringLiteral("-m"), QStringLiteral("alembic")} + args, cwd, extraEnv);
}

inline Run petmigrate(const QStringList &args, const QString &cwd, const QStringList &extraEnv = {})
{
    return runProcess(petmigratePath(), args, cwd, extraEnv);
}

// Empty when everything the suites need is there; otherwise why not. A
// missing tool fails the suite: it never skips.
inline QString missingTools(bool needSqlmodel)
{
    if (!QFileInfo(python()).isExecutable())
        return QStringLiteral("Python interpreter %1 not found: install Debian's python3 and python3-alembic (1.8.1)").arg(python());
    const QString probe = needSqlmodel
        ? QStringLiteral("import alembic, sqlalchemy, sqlmodel; print(alembic.__version__)")
        : QStringLiteral("import alembic, sqlalchemy; print(alembic.__version__)");
    Run v = runProcess(python(), {QStringLiteral("-c"), probe});
    if (v.code != 0)
        return QStringLiteral("alembic%1 is not importable by %2: %3")
            .arg(needSqlmodel ? QStringLiteral("/sqlmodel") : QString(), python(), QString::fromUtf8(v.err));
    if (v.out.trimmed() != "1.8.1")
        return QStringLiteral("expected Alembic 1.8.1 under %1, found %2").arg(python(), QString::fromUtf8(v.out.trimmed()));
    if (QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty())
        return QStringLiteral("the sqlite3 shell is not on PATH (apt-get install sqlite3)");
    if (!QFileInfo(petmigratePath()).isExecutable())
        return QStringLiteral("petmigrate not built at %1").arg(petmigratePath());
    if (!QSqlDatabase::isDriverAvailable(QStringLiteral("QSQLITE")))
        return QStringLiteral("Qt's QSQLITE driver is not available");
    return QString();
}

#define ROUNDTRIP_REQUIRE_TOOLS(needSqlmodel)                                          \
    do {                                                                               \
        const QString why = roundtrip::missingTools(needSqlmodel);                     \
        if (!why.isEmpty())                                                            \
            QFAIL(qPrintable(QStringLiteral("round-trip prerequisites missing: ") + why)); \
    } while (0)

inline QByteArray fileBytes(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return QByteArray("<missing: ") + path.toUtf8() + '>';
    return f.readAll();
}

inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    return f.write(bytes) == bytes.size();
}

inline bool copyTree(const QString &from, const QString &to)
{
    return runProcess(QStringLiteral("cp"), {QStringLiteral("-r"), from, to}).code == 0;
}

// Runs an SQL script (DDL and rows) through the sqlite3 shell; an error
// stops the script and is returned.
inline QString sqliteScript(const QString &db, const QString &sql)
{
    Run r = runProcess(QStringLiteral("sqlite3"), {QStringLiteral("-batch"), QStringLiteral("-bail"), db, sql});
    return r.code == 0 && r.err.isEmpty() ? QString() : r.describe();
}

// An ini beside the project's alembic.ini (so relative paths still mean the
// project) whose sqlalchemy.url is the given database.
inline QString iniFor(const QString &projectDir, const QString &dbPath, const QString &name)
{
    QStringList lines = QString::fromUtf8(fileBytes(projectDir + QStringLiteral("/alembic.ini"))).split(QLatin1Char('\n'));
    bool found = false;
    for (QString &l : lines)
        if (l.startsWith(QLatin1String("sqlalchemy.url"))) {
            l = QStringLiteral("sqlalchemy.url = sqlite:///") + dbPath;
            found = true;
        }
    const QString path = projectDir + QLatin1Char('/') + name;
    if (!found || !writeFile(path, lines.join(QLatin1Char('\n')).toUtf8()))
        return QString();
    return path;
}

// ---------------------------------------------------------------------------
// Reading a database back.

// A read-only connection to one file for the life of the object.
class Db
{
public:
    explicit Db(const QString &path)
        : m_name(QStringLiteral("roundtrip-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        m_ok = QFileInfo::exists(path) && db.open();
    }
    ~Db()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    Db(const Db &) = delete;
    Db &operator=(const Db &) = delete;

    bool ok() const { return m_ok; }

    // Every row as a list of strings (NULL as "<null>").
    QList<QStringList> rows(const QString &sql, const QVariantList &binds = {}) const
    {
        QList<QStringList> out;
        QSqlQuery q(QSqlDatabase::database(m_name, false));
        q.setForwardOnly(true);
        if (!q.prepare(sql)) {
            out << QStringList{QStringLiteral("<error: %1: %2>").arg(sql, q.lastError().text())};
            return out;
        }
        for (const QVariant &b : binds)
            q.addBindValue(b);
        if (!q.exec()) {
            out << QStringList{QStringLiteral("<error: %1: %2>").arg(sql, q.lastError().text())};
            return out;
        }
        while (q.next()) {
            QStringList row;
            for (int i = 0; i < q.record().count(); ++i)
                row << (q.isNull(i) ? QStringLiteral("<null>") : q.value(i).toString());
            out << row;
        }
        return out;
    }

    QStringList column(const QString &sql, const QVariantList &binds = {}) const
    {
        QStringList out;
        for (const QStringList &r : rows(sql, binds))
            out << r.value(0);
        return out;
    }

    // User tables: not SQLite's internal ones, not the version table.
    QStringList tables() const
    {
        return column(QStringLiteral(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
            "AND name <> 'alembic_version' ORDER BY name"));
    }

private:
    QString m_name;
    bool m_ok = false;
};

// sqlite_master (type, name, tbl_name, sql) exactly, alembic_version, and
// every user table's rows: what two tools running the same script must
// leave behind, byte for byte.
inline QString exactState(const QString &path)
{
    Db db(path);
    if (!db.ok())
        return QStringLiteral("<cannot open %1>").arg(path);
    QString s = QStringLiteral("## sqlite_master\n");
    for (const QStringList &r : db.rows(QStringLiteral(
             "SELECT type, name, tbl_name, coalesce(sql, '<null>') FROM sqlite_master ORDER BY type, name")))
        s += r.join(QStringLiteral(" | ")) + QLatin1Char('\n');
    s += QStringLiteral("## alembic_version\n");
    if (!db.column(QStringLiteral("SELECT name FROM sqlite_master WHERE name = 'alembic_version'")).isEmpty())
        s += db.column(QStringLiteral("SELECT version_num FROM alembic_version ORDER BY 1")).join(QLatin1Char('\n')) + QLatin1Char('\n');
    for (const QString &t : db.tables()) {
        s += QStringLiteral("## rows of %1\n").arg(t);
        const QStringList cols = db.column(QStringLiteral("SELECT name FROM pragma_table_xinfo(?) ORDER BY cid"), {t});
        QStringList quoted;
        for (const QString &c : cols)
            quoted << QStringLiteral("quote(\"%1\")").arg(c);
        for (const QStringList &r : db.rows(QStringLiteral("SELECT %1 FROM \"%2\" ORDER BY 1").arg(quoted.join(QLatin1Char(',')), t)))
            s += r.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return s;
}

// --- The reflected shape, and the normalisations that make two databases
// "the same schema" although their CREATE statements are written differently.
//
//  * Column order is ignored (columns are listed by name): Alembic's
//    add_column appends, so an upgraded table ends with the added columns
//    where B may have them anywhere.
//  * Declared types are upper-cased with whitespace removed
//    ("varchar (200)" == "VARCHAR(200)").
//  * Server defaults lose redundant outer parentheses and repeated whitespace
//    ("DEFAULT ('x')" == "DEFAULT 'x'").
//  * Indexes SQLite makes for UNIQUE/PRIMARY KEY constraints
//    (sqlite_autoindex_<table>_<n>) are listed by their columns, not their
//    name, which depends on the constraint's position in the statement.
//  * Named constraints (CONSTRAINT name PRIMARY KEY / UNIQUE / CHECK /
//    FOREIGN KEY) are read from the CREATE TABLE text, SQLite having no
//    pragma for them; identifier quoting ("x", `x`, [x]) and whitespace are
//    normalised, as is the text of CHECK expressions (outer parentheses and
//    whitespace only; the expression itself must match).
//  * Foreign keys are compared by columns, referred table and columns, and
//    ON DELETE / ON UPDATE actions (pragma foreign_key_list), sorted.
//  * The CREATE TABLE text itself (layout, line breaks, constraint order) is
//    not compared with B; between petmigrate and Alembic running the same
//    script it is compared exactly (exactState()).

inline QString squashSpaces(QString s)
{
    return s.replace(QRegularExpression(QStringLiteral("\\s+")), QStringLiteral(" ")).trimmed();
}

inline QString stripOuterParens(QString s)
{
    s = s.trimmed();
    while (s.startsWith(QLatin1Char('(')) && s.endsWith(QLatin1Char(')'))) {
        // only when the first '(' closes at the very end
        int depth = 0;
        bool wraps = true;
        for (qsizetype i = 0; i < s.size(); ++i) {
            if (s[i] == QLatin1Char('('))
                ++depth;
            else if (s[i] == QLatin1Char(')') && --depth == 0 && i != s.size() - 1) {
                wraps = false;
                break;
            }
        }
        if (!wraps)
            break;
        s = s.mid(1, s.size() - 2).trimmed();
    }
    return s;
}

inline QString normType(QString t)
{
    return t.toUpper().remove(QRegularExpression(QStringLiteral("\\s+")));
}

inline QString unquoteIdent(QString s)
{
    s = s.trimmed();
    if (s.size() >= 2 && ((s.front() == QLatin1Char('"') && s.back() == QLatin1Char('"'))
                          || (s.front() == QLatin1Char('`') && s.back() == QLatin1Char('`'))
                          || (s.front() == QLatin1Char('[') && s.back() == QLatin1Char(']'))))
        s = s.mid(1, s.size() - 2);
    return s;
}

inline QString normIdentList(const QString &list)
{
    QStringList parts;
    for (const QString &p : stripOuterParens(list).split(QLatin1Char(',')))
        parts << unquoteIdent(p);
    return parts.join(QLatin1Char(','));
}

// The parenthesised text starting at sql[open] (which is '('), parens kept.
inline QString balanced(const QString &sql, qsizetype open)
{
    int depth = 0;
    bool inStr = false;
    for (qsizetype i = open; i < sql.size(); ++i) {
        const QChar c = sql[i];
        if (c == QLatin1Char('\''))
            inStr = !inStr;
        if (inStr)
            continue;
        if (c == QLatin1Char('('))
            ++depth;
        else if (c == QLatin1Char(')') && --depth == 0)
            return sql.mid(open, i - open + 1);
    }
    return sql.mid(open);
}

// "CONSTRAINT name KIND ..." clauses of a CREATE TABLE statement.
inline QStringList namedConstraints(const QString &sql)
{
    QStringList out;
    static const QRegularExpression re(QStringLiteral(
        "CONSTRAINT\\s+(\"[^\"]+\"|`[^`]+`|\\[[^\\]]+\\]|\\w+)\\s+(PRIMARY\\s+KEY|UNIQUE|CHECK|FOREIGN\\s+KEY)\\s*\\("),
        QRegularExpression::CaseInsensitiveOption);
    auto it = re.globalMatch(sql);
    while (it.hasNext()) {
        const auto m = it.next();
        const QString name = unquoteIdent(m.captured(1));
        const QString kind = squashSpaces(m.captured(2)).toUpper();
        const QString body = balanced(sql, m.capturedEnd(0) - 1);
        QString norm;
        if (kind == QLatin1String("CHECK"))
            norm = squashSpaces(stripOuterParens(body));
        else
            norm = normIdentList(body);
        out << QStringLiteral("constraint %1 %2 (%3)").arg(name, kind, norm);
    }
    out.sort();
    return out;
}

// CHECK clauses without a name (column or table level).
inline QStringList unnamedChecks(const QString &sql)
{
    QStringList out;
    static const QRegularExpression re(QStringLiteral("(CONSTRAINT\\s+(\"[^\"]+\"|`[^`]+`|\\[[^\\]]+\\]|\\w+)\\s+)?CHECK\\s*\\("),
                                       QRegularExpression::CaseInsensitiveOption);
    auto it = re.globalMatch(sql);
    while (it.hasNext()) {
        const auto m = it.next();
        if (!m.captured(1).isEmpty())
            continue;
        out << QStringLiteral("check (%1)").arg(squashSpaces(stripOuterParens(balanced(sql, m.capturedEnd(0) - 1))));
    }
    out.sort();
    return out;
}

// The normalised shape of one table (see the notes above).
inline QString tableShape(const Db &db, const QString &table)
{
    QStringList lines;
    const QString sql = db.column(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"), {table}).value(0);
    // name, type, notnull, dflt_value, pk
    QStringList cols;
    for (const QStringList &c : db.rows(QStringLiteral(
             "SELECT name, type, \"notnull\", dflt_value, pk FROM pragma_table_xinfo(?)"), {table})) {
        QString line = QStringLiteral("  column %1 %2").arg(c[0], normType(c[1]));
        if (c[2] == QLatin1String("1"))
            line += QStringLiteral(" NOT NULL");
        if (c[3] != QLatin1String("<null>"))
            line += QStringLiteral(" DEFAULT ") + squashSpaces(stripOuterParens(c[3]));
        if (c[4] != QLatin1String("0"))
            line += QStringLiteral(" PK#") + c[4];
        cols << line;
    }
    cols.sort();
    lines << cols;
    QStringList idx;
    for (const QStringList &i : db.rows(QStringLiteral(
             "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)"), {table})) {
        const QString columns = db.column(QStringLiteral("SELECT coalesce(name, '<expr>') FROM pragma_index_info(?) ORDER BY seqno"), {i[0]})
                                    .join(QLatin1Char(','));
        const QString kind = i[1] == QLatin1String("1") ? QStringLiteral("unique ") : QString();
        if (i[2] == QLatin1String("c"))
            idx << QStringLiteral("  %1index %2 (%3)%4").arg(kind, i[0], columns,
                                                              i[3] == QLatin1String("1") ? QStringLiteral(" partial") : QString());
        else
            idx << QStringLiteral("  %1auto index [%2] (%3)").arg(kind, i[2], columns);
    }
    idx.sort();
    lines << idx;
    QStringList fks;
    for (const QStringList &f : db.rows(QStringLiteral(
             "SELECT id, \"table\", group_concat(\"from\", ','), group_concat(coalesce(\"to\", '<pk>'), ','), on_update, on_delete "
             "FROM (SELECT * FROM pragma_foreign_key_list(?) ORDER BY id, seq) GROUP BY id"), {table}))
        fks << QStringLiteral("  fk (%1) -> %2(%3) ON UPDATE %4 ON DELETE %5").arg(f[2], f[1], f[3], f[4], f[5]);
    fks.sort();
    lines << fks;
    for (const QString &c : namedConstraints(sql))
        lines << QStringLiteral("  ") + c;
    for (const QString &c : unnamedChecks(sql))
        lines << QStringLiteral("  ") + c;
    return QStringLiteral("table %1\n").arg(table) + lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
}

inline QString schemaShape(const QString &path)
{
    Db db(path);
    if (!db.ok())
        return QStringLiteral("<cannot open %1>").arg(path);
    QString s;
    for (const QString &t : db.tables())
        s += tableShape(db, t);
    // indexes SQLite does not list per table would be a bug of the reader
    return s;
}

// The rows of the given columns of each table, sorted, as text.
inline QString columnData(const QString &path, const QMap<QString, QStringList> &columns)
{
    Db db(path);
    if (!db.ok())
        return QStringLiteral("<cannot open %1>").arg(path);
    QString s;
    for (auto it = columns.cbegin(); it != columns.cend(); ++it) {
        if (it.value().isEmpty())
            continue;
        QStringList quoted;
        for (const QString &c : it.value())
            quoted << QStringLiteral("quote(\"%1\")").arg(c);
        s += QStringLiteral("## %1 (%2)\n").arg(it.key(), it.value().join(QLatin1Char(',')));
        QStringList order;
        for (int i = 1; i <= quoted.size(); ++i)
            order << QString::number(i);
        for (const QStringList &r : db.rows(QStringLiteral("SELECT %1 FROM \"%2\" ORDER BY %3")
                                                .arg(quoted.join(QLatin1Char(',')), it.key(), order.join(QLatin1Char(',')))))
            s += r.join(QLatin1Char(',')) + QLatin1Char('\n');
    }
    return s;
}

// Columns present in A and B with the same declared type (normalised), by
// table: the data a round trip must not touch.
inline QMap<QString, QStringList> untouchedColumns(const QString &a, const QString &b)
{
    QMap<QString, QStringList> out;
    Db da(a), dbb(b);
    const QStringList tb = dbb.tables();
    for (const QString &t : da.tables()) {
        if (!tb.contains(t))
            continue;
        QMap<QString, QString> typesB;
        for (const QStringList &c : dbb.rows(QStringLiteral("SELECT name, type FROM pragma_table_xinfo(?)"), {t}))
            typesB.insert(c[0], normType(c[1]));
        QStringList same;
        for (const QStringList &c : da.rows(QStringLiteral("SELECT name, type FROM pragma_table_xinfo(?) ORDER BY cid"), {t}))
            if (typesB.contains(c[0]) && typesB.value(c[0]) == normType(c[1]))
                same << c[0];
        out.insert(t, same);
    }
    return out;
}

// A readable unified diff for failure messages.
inline QString diffText(const QString &expected, const QString &actual,
                        const QString &expectedName, const QString &actualName)
{
    QTemporaryDir tmp;
    const QString a = tmp.filePath(expectedName), b = tmp.filePath(actualName);
    writeFile(a, expected.toUtf8());
    writeFile(b, actual.toUtf8());
    Run d = runProcess(QStringLiteral("diff"), {QStringLiteral("-u"), expectedName, actualName}, tmp.path());
    return QString::fromUtf8(d.out);
}

#define ROUNDTRIP_COMPARE(actual, expected, actualName, expectedName, context)                  \
    do {                                                                                        \
        const QString a_ = (actual), e_ = (expected);                                           \
        if (a_ != e_)                                                                           \
            QFAIL(qPrintable(QStringLiteral("%1\n").arg(context)                                \
                             + roundtrip::diffText(e_, a_, QStringLiteral(expectedName), QStringLiteral(actualName)))); \
    } while (0)

} // namespace roundtrip
