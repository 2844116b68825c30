// Migration script text in, offline SQL out, byte for byte as Alembic 1.8.1
// and SQLAlchemy 1.4 write it: each case is the body of an upgrade(), read
// by ScriptParser and planned by SqlPlanner in --sql mode on SQLite and on
// PostgreSQL, and run by real Alembic in its --sql mode (as Alembic's env.py
// template configures it) through alembic_offline.py --scripts. Where
// Alembic fails, petmigrate must fail too, with its sentence and a location.
// The expression cases compile SqlExpressions built in C++ beside the same
// expression built by SQLAlchemy (alembic_offline.py --compile).
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include "dialect/postgresdialect.h"
#include "dialect/sqlitedialect.h"
#include "models/appmodels.h"
#include "ops/schemasimulator.h"
#include "runtime/sqlplanner.h"
#include "script/scriptparser.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// Lines 1-11; a body given to script() starts on line 12, column 5.
const QString kHeader = uR"("""fidelity case

Revision ID: f1
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

revision = 'f1'
down_revision = None

def upgrade():
)"_s;

QString script(const QString &body)
{
    QString out = kHeader;
    for (const QString &line : body.split(u'\n'))
        out += (line.isEmpty() ? QString() : u"    "_s + line) + u'\n';
    return out;
}

struct Case
{
    QByteArray name;
    QString body;
    // "### name [convention]": env.py's target_metadata has
    // alembic_offline.py's NAMING_CONVENTION, the tutorial's, which the
    // app's models use too.
    bool convention = false;
};

// The cases: scriptsql_cases.txt, "### name" then the Python body of an
// upgrade(), unindented.
QList<Case> scriptCases()
{
    QFile f(QStringLiteral(PM_SOURCE_DIR "/tests/core/dialect/scriptsql_cases.txt"));
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(f.fileName()));
    QList<Case> cases;
    for (const QString &line : QString::fromUtf8(f.readAll()).split(u'\n')) {
        if (line.startsWith(u"### "_s)) {
            const bool convention = line.endsWith(u" [convention]"_s);
            cases << Case{line.mid(4).toUtf8(), {}, convention};
        }
        else if (!cases.isEmpty())
            cases.last().body += line + u'\n';
    }
    for (Case &c : cases)
        c.body = c.body.trimmed();
    return cases;
}

// C++-built expressions beside the SQLAlchemy that builds them, for what a
// script cannot say without operators (the evaluator will).
struct ExpressionCase
{
    const char *name;
    SqlExpression expression;
    QString python;
    bool includeTable = false;
    bool selfGroup = false;
};

QList<ExpressionCase> expressionCases()
{
    using E = SqlExpression;
    using Op = SqlExpression::Operator;
    const E a = E::column(u"a"_s), b = E::column(u"b"_s);
    const E ta = E::column(u"a"_s, u"t"_s, u"s"_s);
    const E one = E::literal(1), two = E::literal(2);
    return {
        {"comparison", E::binary(a, Op::Gt, one), u"sa.column('a') > 1"_s},
        {"and of or", E::booleanList(Op::And, {E::booleanList(Op::Or, {E::binary(a, Op::Eq, one), E::binary(a, Op::Eq, two)}), E::binary(b, Op::Ne, E::literal(u"x"_s))}),
         u"sa.and_(sa.or_(sa.column('a') == 1, sa.column('a') == 2), sa.column('b') != 'x')"_s},
        {"arithmetic grouping", E::binary(E::binary(a, Op::Add, one), Op::Mul, E::binary(b, Op::Sub, two)),
         u"(sa.column('a') + 1) * (sa.column('b') - 2)"_s},
        {"left associative sub", E::binary(a, Op::Sub, E::binary(b, Op::Sub, one)), u"sa.column('a') - (sa.column('b') - 1)"_s},
        {"natural add", E::binary(a, Op::Add, E::binary(b, Op::Add, one)), u"sa.column('a') + (sa.column('b') + 1)"_s},
        {"self group binary", E::binary(a, Op::Add, b), u"(sa.column('a') + sa.column('b')).self_group()"_s, false, true},
        {"self group function", E::function(u"lower"_s, {a}), u"sa.func.lower(sa.column('a')).self_group()"_s, false, true},
        {"not", E::unary(Op::Not, E::binary(a, Op::Like, E::literal(u"x%"_s))), u"sa.not_(sa.column('a').like('x%'))"_s},
        {"negation", E::unary(Op::Neg, E::binary(a, Op::Add, one)), u"-(sa.column('a') + 1)"_s},
        {"not in", E::binary(a, Op::NotIn, E::tuple({one, two})), u"sa.column('a').not_in([1, 2])"_s},
        {"ilike", E::binary(a, Op::ILike, E::literal(u"X%"_s)), u"sa.column('a').ilike('X%')"_s},
        {"is distinct from", E::binary(a, Op::IsDistinctFrom, b), u"sa.column('a').is_distinct_from(sa.column('b'))"_s},
        {"concat", E::binary(a, Op::Concat, E::literal(u"!"_s)), u"sa.column('a').concat('!')"_s},
        {"mod and div", E::binary(E::binary(a, Op::Mod, two), Op::Div, b), u"sa.column('a') % 2 / sa.column('b')"_s},
        {"table column", E::binary(ta, Op::Eq, E::literal(u"q"_s)), u"sa.table('t', sa.column('a'), schema='s').c.a == 'q'"_s, true},
        {"table column without table", E::binary(ta, Op::Eq, E::literal(u"q"_s)), u"sa.table('t', sa.column('a'), schema='s').c.a == 'q'"_s},
        {"cast", E::cast(E::binary(a, Op::Add, one), SqlType::numeric(10, 2)), u"sa.cast(sa.column('a') + 1, sa.Numeric(10, 2))"_s},
        {"count star", E::function(u"count"_s), u"sa.func.count()"_s},
        {"random", E::function(u"RANDOM"_s), u"sa.func.RANDOM()"_s},
        {"current_timestamp with argument", E::function(u"current_timestamp"_s, {E::literal(3)}), u"sa.func.current_timestamp(3)"_s},
        {"localtimestamp", E::function(u"localtimestamp"_s), u"sa.func.localtimestamp()"_s},
        {"char_length", E::function(u"char_length"_s, {a}), u"sa.func.char_length(sa.column('a'))"_s},
        {"substring", E::function(u"substring"_s, {a, one, two}), u"sa.func.substring(sa.column('a'), 1, 2)"_s},
        {"function name needing quotes", E::function(u"my fn"_s, {}), u"getattr(sa.func, 'my fn')()"_s},
        {"floats", E::tuple({E::literal(0.1), E::literal(1e16), E::literal(1e-5), E::literal(123456.0), E::literal(-1.5e300)}),
         u"sa.tuple_(sa.literal(0.1), sa.literal(1e16), sa.literal(1e-5), sa.literal(123456.0), sa.literal(-1.5e300))"_s},
        {"booleans", E::tuple({E::trueConstant(), E::falseConstant(), E::literal(true), E::null()}),
         u"sa.tuple_(sa.true(), sa.false(), sa.literal(True), sa.null())"_s},
        {"desc of sum", E::unary(Op::Desc, E::binary(a, Op::Add, one)), u"sa.desc(sa.column('a') + 1)"_s},
        {"text in", E::binary(a, Op::In, E::sqlText(u"SELECT 1"_s)), u"sa.column('a').in_(sa.text('SELECT 1'))"_s},
        {"quoted column", E::binary(E::column(u"User Name"_s), Op::Eq, E::column(u"order"_s)), u"sa.column('User Name') == sa.column('order')"_s},
    };
}

QByteArray runOracle(const QStringList &args, const QJsonObject &request, bool *ok)
{
    QProcess python;
    python.start(QStringLiteral(PM_PYTHON), QStringList{QStringLiteral(PM_SOURCE_DIR "/tests/core/dialect/alembic_offline.py")} + args);
    *ok = python.waitForStarted();
    python.write(QJsonDocument(request).toJson(QJsonDocument::Compact));
    python.closeWriteChannel();
    *ok = *ok && python.waitForFinished(300000) && python.exitStatus() == QProcess::NormalExit && python.exitCode() == 0;
    if (!*ok)
        return python.readAllStandardError();
    return python.readAllStandardOutput();
}

std::unique_ptr<Dialect> dialectNamed(const QString &name)
{
    if (name == u"postgresql")
        return PostgresDialect().offlineVariant();
    return SqliteDialect().offlineVariant();
}

// QCOMPARE cuts long strings; say where they part.
QByteArray firstDifference(const QString &ours, const QString &theirs)
{
    qsizetype i = 0;
    while (i < ours.size() && i < theirs.size() && ours[i] == theirs[i])
        ++i;
    const qsizetype from = std::max<qsizetype>(0, i - 60);
    return (u"differ at "_s + QString::number(i) + u":\n ours:   "_s + ours.mid(from, 200) + u"\n theirs: "_s
            + theirs.mid(from, 200))
        .toUtf8();
}

} // namespace

class TestScriptSql : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void offline_data();
    void offline();
    void expressions_data();
    void expressions();
    void onlineTextNeedsBindValues();
    void onlineEnumCheckFirst();

private:
    QJsonObject m_scripts;
    QJsonObject m_compiled;
};

void TestScriptSql::initTestCase()
{
    // Alembic is the oracle; without it nothing can be compared, which is a
    // failure, not a skip.
    QJsonObject request;
    for (const Case &c : scriptCases()) {
        for (const QString &dialect : {u"sqlite"_s, u"postgresql"_s})
            request[dialect + u": "_s + QString::fromUtf8(c.name)] =
                QJsonObject{{u"dialect"_s, dialect}, {u"script"_s, script(c.body)}, {u"convention"_s, c.convention}};
    }
    bool ok = false;
    QByteArray out = runOracle({u"--scripts"_s}, request, &ok);
    QVERIFY2(ok, out.constData());
    m_scripts = QJsonDocument::fromJson(out).object();
    QVERIFY(!m_scripts.isEmpty());

    QJsonObject compile;
    for (const ExpressionCase &c : expressionCases()) {
        for (const QString &dialect : {u"sqlite"_s, u"postgresql"_s})
            compile[dialect + u": "_s + QString::fromLatin1(c.name)] =
                QJsonObject{{u"dialect"_s, dialect}, {u"expression"_s, c.python}, {u"include_table"_s, c.includeTable}};
    }
    out = runOracle({u"--compile"_s}, compile, &ok);
    QVERIFY2(ok, out.constData());
    m_compiled = QJsonDocument::fromJson(out).object();
    QVERIFY(!m_compiled.isEmpty());
}

void TestScriptSql::offline_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<QString>("body");
    QTest::addColumn<bool>("convention");
    for (const Case &c : scriptCases()) {
        for (const QString &dialect : {u"sqlite"_s, u"postgresql"_s})
            QTest::addRow("%s: %s", qPrintable(dialect), c.name.constData()) << dialect << c.body << c.convention;
    }
}

void TestScriptSql::offline()
{
    QFETCH(QString, dialect);
    QFETCH(QString, body);
    QFETCH(bool, convention);
    const QJsonObject theirs = m_scripts[QString::fromUtf8(QTest::currentDataTag())].toObject();
    QVERIFY2(!theirs.isEmpty(), "no oracle answer for this case");
    const QString theirError = theirs[u"error"_s].toString();

    // Read for the dialect and mode it renders, as ScriptDirectory reads a
    // body for --sql (bind.dialect.name, a TypeDecorator's dialect impl).
    ScriptParser::Options options;
    options.dialect = dialect;
    options.offline = true;
    auto parsed = ScriptParser(options).parse(script(body), u"f1_case.py"_s);
    Result<QString> ours = std::unexpected(Error(QString()));
    // An evaluated script keeps upgrade()'s error apart from downgrade()'s.
    Result<const OperationList *> upgrade = parsed ? parsed->body(true) : std::unexpected(parsed.error());
    if (!upgrade) {
        ours = std::unexpected(upgrade.error());
    } else {
        auto d = dialectNamed(dialect);
        SchemaSimulator schema;
        SqlPlanner planner(*d, schema, SqlPlanner::Mode::Offline);
        QSet<QString> created;
        planner.setCreatedEnums(&created);
        if (convention)
            planner.setNamingConvention(app::namingConvention());
        auto planned = planner.plan(**upgrade);
        if (!planned) {
            ours = std::unexpected(planned.error());
        } else {
            QString text;
            for (const SqlPlanner::Statement &s : *planned)
                text += Dialect::offlineForm(s.sql);
            ours = text;
        }
    }
    if (!theirError.isEmpty()) {
        QVERIFY2(!ours, qPrintable(u"Alembic fails (%1) but petmigrate writes:\n%2"_s.arg(theirError, ours.value_or(QString()))));
        // The sentence Alembic ends with (without SQLAlchemy's link to its
        // error pages), located in the script.
        static const QRegularExpression background(u" \\(Background on this error at: [^)]*\\)$"_s);
        const QString message = theirError.section(u": "_s, 1).remove(background);
        QVERIFY2(ours.error().message.contains(message),
                 qPrintable(u"Alembic: %1\npetmigrate: %2"_s.arg(theirError, ours.error().toString())));
        QCOMPARE(ours.error().file, u"f1_case.py"_s);
        QVERIFY2(ours.error().line >= 12, qPrintable(ours.error().toString()));
        return;
    }
    QVERIFY2(ours, qPrintable(u"petmigrate refuses what Alembic writes:\n"_s + (ours ? QString() : ours.error().toString())
                              + u"\nAlembic:\n"_s + theirs[u"sql"_s].toString()));
    const QString expected = theirs[u"sql"_s].toString();
    QVERIFY2(*ours == expected, firstDifference(*ours, expected).constData());
}

void TestScriptSql::expressions_data()
{
    QTest::addColumn<QString>("dialect");
    QTest::addColumn<int>("index");
    const auto cases = expressionCases();
    for (int i = 0; i < cases.size(); ++i) {
        for (const QString &dialect : {u"sqlite"_s, u"postgresql"_s})
            QTest::addRow("%s: %s", qPrintable(dialect), cases[i].name) << dialect << i;
    }
}

void TestScriptSql::expressions()
{
    QFETCH(QString, dialect);
    QFETCH(int, index);
    const ExpressionCase c = expressionCases().at(index);
    const QJsonObject theirs = m_compiled[QString::fromUtf8(QTest::currentDataTag())].toObject();
    QVERIFY2(theirs[u"error"_s].isNull(), qPrintable(theirs[u"error"_s].toString()));
    auto d = dialectNamed(dialect);
    auto ours = d->expressionSql(c.expression, c.includeTable, c.selfGroup);
    QVERIFY2(ours, qPrintable(ours ? QString() : ours.error().message));
    QCOMPARE(*ours, theirs[u"sql"_s].toString());
}

void TestScriptSql::onlineTextNeedsBindValues()
{
    // Online, Alembic executes sa.text() as a statement: a bind parameter
    // without a value is an error, not NULL. "\:" is a colon either way.
    SqliteDialect d;
    SchemaSimulator schema;
    SqlPlanner planner(d, schema, SqlPlanner::Mode::Online);
    auto refused = planner.plan(Operation{ExecuteOp{u"UPDATE t SET a = :x"_s}, {u"f.py"_s, 3, 5}});
    QVERIFY(!refused);
    QCOMPARE(refused.error().line, 3);
    QVERIFY(refused.error().message.contains(u"A value is required for bind parameter 'x'"_s));
    ExecuteOp bound{u"UPDATE t SET a = :x, b = '\\:y'; SELECT 1"_s};
    bound.bindValues.insert(u"x"_s, 5);
    auto planned = planner.plan(Operation{bound, {}});
    QVERIFY2(planned, qPrintable(planned ? QString() : planned.error().message));
    QCOMPARE(planned->size(), 2); // Qt's drivers take one statement at a time
    QCOMPARE(planned->at(0).sql, u"UPDATE t SET a = 5, b = ':y'"_s);
}

void TestScriptSql::onlineEnumCheckFirst()
{
    // postgresql.ENUM(...).create(bind) checks pg_type first online; Alembic's
    // offline mock connection never checks.
    PostgresDialect d;
    SchemaSimulator schema;
    EnumTypeOp create{EnumTypeOp::Action::Create, SqlType::enumeration({u"a"_s}, u"e"_s), true};
    SqlPlanner online(d, schema, SqlPlanner::Mode::Online);
    auto planned = online.plan(Operation{create, {}});
    QVERIFY(planned && planned->size() == 1);
    QCOMPARE(planned->front().sql, u"CREATE TYPE e AS ENUM ('a')"_s);
    QVERIFY(planned->front().guardSql.contains(u"t.typname = 'e'"_s));
    QVERIFY(!planned->front().guardExpectsRow);
    SqlPlanner offline(d, schema, SqlPlanner::Mode::Offline);
    planned = offline.plan(Operation{create, {}});
    QVERIFY(planned && planned->size() == 1);
    QVERIFY(planned->front().guardSql.isEmpty());
}

QTEST_GUILESS_MAIN(TestScriptSql)
#include "tst_scriptsql.moc"
