// PostgreSQL: a statement the server refuses, in bind.execute(), reaches the
// script as SQLAlchemy 1.4 with psycopg2 raises it. Real Alembic and
// petmigrate run the same revision on databases of their own; the body
// gathers what it caught (classes, str(), .orig, .code) and raises it as a
// RuntimeError, whose text must be the same from both tools. The server's
// transaction state shows too: after a caught error it is aborted, and the
// next statement fails with InFailedSqlTransaction.
#include "pginterop.h"

using namespace interop;

class TestPgInteropErrors : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void caughtAsSqlAlchemy_data();
    void caughtAsSqlAlchemy();

private:
    QTemporaryDir m_tmp;
    QString m_server;
    QString m_project;
    int m_dbCounter = 0;
};

void TestPgInteropErrors::initTestCase()
{
    PG_INTEROP_REQUIRE_TOOLS();
    QString why;
    m_server = pginterop::serverUrl(&why);
    QVERIFY2(!m_server.isEmpty(), qPrintable(why));
    QVERIFY(m_tmp.isValid());
    // Alembic's own generic template: its env.py runs each revision in one
    // transaction on the configured URL.
    Run r = alembic({QStringLiteral("init"), QStringLiteral("proj")}, m_tmp.path());
    QVERIFY2(r.code == 0, qPrintable(r.describe()));
    m_project = m_tmp.filePath(QStringLiteral("proj"));
    QFile ini(m_tmp.filePath(QStringLiteral("alembic.ini")));
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QStringList lines = QString::fromUtf8(ini.readAll()).split(QLatin1Char('\n'));
    ini.close();
    for (QString &l : lines)
        if (l.startsWith(QLatin1String("script_location")))
            l = QStringLiteral("script_location = %(here)s");
    QFile out(m_project + QStringLiteral("/alembic.ini"));
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(lines.join(QLatin1Char('\n')).toUtf8());
}

void TestPgInteropErrors::caughtAsSqlAlchemy_data()
{
    QTest::addColumn<QString>("statements");
    QTest::newRow("unique violation, then the aborted transaction")
        << QStringLiteral("\"INSERT INTO t (id, name) VALUES (2, 'a')\", 'SELECT 1'");
    QTest::newRow("undefined table with the statement's position")
        << QStringLiteral("'SELECT * FROM nowhere'");
    QTest::newRow("syntax error")
        << QStringLiteral("'SELEC 1'");
    QTest::newRow("not null and check violations")
        << QStringLiteral("'INSERT INTO t (id, name) VALUES (3, NULL)'");
    QTest::newRow("a value out of range")
        << QStringLiteral("'SELECT 1 / 0'");
}

void TestPgInteropErrors::caughtAsSqlAlchemy()
{
    QFETCH(QString, statements);
    QFile script(m_project + QStringLiteral("/versions/ffff0001_step.py"));
    QVERIFY(script.open(QIODevice::WriteOnly | QIODevice::Truncate));
    script.write(QStringLiteral(R"py(from alembic import op
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError, DBAPIError

revision = 'ffff0001'
down_revision = None


def upgrade():
    op.create_table('t', sa.Column('id', sa.Integer(), primary_key=True), sa.Column('name', sa.String(10), nullable=False, unique=True))
    bind = op.get_bind()
    bind.execute(sa.text("INSERT INTO t (id, name) VALUES (1, 'a')"))
    out = []
    for stmt in [%1]:
        try:
            bind.execute(sa.text(stmt))
        except DBAPIError as e:
            out.append((type(e).__name__, type(e.orig).__module__, type(e.orig).__name__,
                        isinstance(e, IntegrityError), str(e), str(e.orig), e.code, e.statement, e.params))
    raise RuntimeError(repr(out))


def downgrade():
    pass
)py").arg(statements).toUtf8());
    script.close();

    QStringList caught;
    for (const QString &name : {QStringLiteral("alembic"), QStringLiteral("petmigrate")}) {
        const QString db = QStringLiteral("pgerr_%1_%2").arg(QCoreApplication::applicationPid()).arg(++m_dbCounter);
        Run r = pginterop::psql(m_server, QStringLiteral("CREATE DATABASE %1").arg(db));
        QVERIFY2(r.code == 0, qPrintable(r.describe()));
        const QString ini = pginterop::iniFor(m_project, pginterop::urlFor(m_server, db), db);
        r = tool(name, {QStringLiteral("-c"), ini, QStringLiteral("upgrade"), QStringLiteral("head")});
        QVERIFY2(r.code != 0, qPrintable(r.describe()));
        // Alembic's traceback ends with the exception; petmigrate's message
        // is located and says what was rolled back.
        const QString err = QString::fromUtf8(r.err);
        const qsizetype start = err.lastIndexOf(QStringLiteral("RuntimeError: "));
        QVERIFY2(start >= 0, qPrintable(r.describe()));
        QString text = err.mid(start + 14);
        text = text.left(text.indexOf(QLatin1Char('\n')));
        if (name == QLatin1String("petmigrate")) {
            QVERIFY2(text.endsWith(QStringLiteral("; the database was rolled back and is as it was before")), qPrintable(text));
            text.chop(54);
        }
        caught << text;
        // Neither left anything.
        r = pginterop::psql(pginterop::urlFor(m_server, db), QStringLiteral("SELECT 1 FROM t"));
        QVERIFY2(r.code != 0, "the revision's table outlived its failure");
        pginterop::psql(m_server, QStringLiteral("DROP DATABASE %1").arg(db));
    }
    if (caught.at(1) != caught.at(0)) // QCOMPARE shortens long values: show them whole
        qWarning().noquote() << "\npetmigrate:" << caught.at(1) << "\nalembic:   " << caught.at(0);
    QCOMPARE(caught.at(1), caught.at(0));
}

QTEST_GUILESS_MAIN(TestPgInteropErrors)
#include "tst_pg_interop_errors.moc"
