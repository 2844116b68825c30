#include "runtime/rehearsal.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTemporaryDir>

#include "config/pythonstring.h"
#include "dialect/dialect.h"
#include "runtime/databaseconnection.h"
#include "runtime/impactmeasurer.h"
#include "runtime/migrationrunner.h"
#include "runtime/scriptdirectory.h"
#include "runtime/versiontable.h"
#include "script/migrationscript.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// A bound value as SQLAlchemy's echo shows it in "[parameters: (...)]".
QString parameterText(const QVariant &value)
{
    if (value.isNull())
        return u"None"_s;
    switch (value.typeId()) {
    case QMetaType::Bool: return value.toBool() ? u"True"_s : u"False"_s;
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double: return value.toString();
    case QMetaType::QByteArray: {
        QString out = u"b'"_s;
        for (const char c : value.toByteArray()) {
            const auto b = static_cast<unsigned char>(c);
            if (b >= 0x20 && b < 0x7f && c != '\\' && c != '\'')
                out += QLatin1Char(c);
            else
                out += u"\\x"_s + QString::number(b, 16).rightJustified(2, u'0');
        }
        return out + u'\'';
    }
    default: break;
    }
    return PythonString::repr(value.toString());
}

// The statement as it ran; its bound values, if any, in a comment before it
// (a comment after it would swallow the ';' a reader puts after a statement).
QString statementText(const QString &sql, const QVariantList &bindings)
{
    if (bindings.isEmpty())
        return sql;
    QStringList values;
    values.reserve(bindings.size());
    for (const QVariant &v : bindings)
        values << parameterText(v);
    const QString tuple = bindings.size() == 1 ? values.first() + u',' : values.join(u", "_s);
    return u"-- [parameters: ("_s + tuple + u")]\n"_s + sql;
}

// Rows a DELETE removed or an UPDATE overwrote, as the copy counted them:
// what a data migration destroys, which no schema operation shows.
std::optional<Impact> rowsLost(const MigrationRunner::RanStatement &ran)
{
    if (ran.rowsAffected <= 0)
        return std::nullopt;
    static const QRegularExpression dml(
        uR"re(^\s*(DELETE\s+FROM|UPDATE)\s+((?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))?))re"_s,
        QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch m = dml.match(ran.sql);
    if (!m.hasMatch())
        return std::nullopt;
    QStringList parts = m.captured(2).split(u'.');
    for (QString &part : parts) {
        if (part.startsWith(u'"'))
            part = part.mid(1, part.size() - 2).replace(u"\"\""_s, u"\""_s);
    }
    const QString table = parts.last();
    const QString schema = parts.size() > 1 ? parts.first() : QString();
    const bool deletes = m.captured(1).startsWith(u'D', Qt::CaseInsensitive);
    const QString count = QLocale(QLocale::English).toString(ran.rowsAffected);
    const QString rows = ran.rowsAffected == 1 ? u"1 row"_s : count + u" rows"_s;
    Impact impact;
    impact.kind = Impact::Kind::Destroys;
    impact.revision = ran.revision;
    impact.where = ran.where;
    impact.element = SchemaElementRef::ofTable(table, schema);
    impact.rows = ran.rowsAffected;
    impact.summary = deletes ? u"DELETE removes "_s + rows : u"UPDATE overwrites "_s + rows;
    impact.description = u"table "_s + (schema.isEmpty() ? table : schema + u'.' + table) + u": "_s + impact.summary;
    return impact;
}

QString sqlStringLiteral(QString text)
{
    return u'\'' + text.replace(u"'"_s, u"''"_s) + u'\'';
}

} // namespace

bool needsRehearsal(const ScriptDirectory &scripts, const QList<MigrationStep> &steps)
{
    for (const MigrationStep &step : steps) {
        if (step.kind() != MigrationStep::Kind::Revision)
            continue;
        const auto script = scripts.script(step.revision().revision());
        if (script && (*script)->usesConnection(step.isUpgrade()))
            return true;
    }
    return false;
}

Result<PlanReport> rehearsePlan(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                const Dialect &dialect, const QString &versionTable,
                                const QList<MigrationStep> &steps)
{
    if (!connection.isSqlite())
        return fail(u"a rehearsal needs a SQLite database to copy; on a server the steps can only be planned"_s);
    PlanReport report = PlanReport::listing(steps);
    report.rehearsed = true;
    if (steps.isEmpty())
        return report;
    const QTemporaryDir dir;
    if (!dir.isValid())
        return fail(u"no temporary folder for a copy of the database: %1"_s.arg(dir.errorString()));
    const QString copyPath = dir.filePath(u"rehearsal.sqlite"_s);
    // VACUUM INTO reads under a shared lock: whoever else has the file open
    // goes on reading, and works on the same rows the copy gets.
    if (Status copied = connection.exec(u"VACUUM INTO "_s + sqlStringLiteral(copyPath)); !copied)
        return fail(u"the database could not be copied for a rehearsal: "_s + copied.error().toString());
    Result<DatabaseConnection> copy = DatabaseConnection::openSqliteFile(copyPath, DatabaseConnection::OpenMode::MustExist);
    if (!copy)
        return fail(copy.error());

    qsizetype current = 0;
    const ImpactMeasurer measurer(copy->database(), dialect);
    MigrationRunner::Options options;
    options.progress = [&](int done, int, const QString &) {
        // Called once more after the last step, with done == steps.
        if (done < report.steps.size())
            current = done;
    };
    options.beforeOperation = [&](const QString &revision, const Operation &op) {
        measurer.measure(op, QString(), QString(), revision, report.steps[current].impacts);
    };
    options.statementRan = [&](const MigrationRunner::RanStatement &ran) {
        PlanReport::Step &step = report.steps[current];
        step.sql << statementText(ran.sql, ran.bindings);
        if (std::optional<Impact> lost = rowsLost(ran))
            step.impacts << *lost;
    };
    MigrationRunner runner(scripts, dialect, VersionTable(versionTable), options);
    const Status ran = runner.run(*copy, [&steps](const QStringList &) -> Result<QList<MigrationStep>> {
        return steps;
    });
    if (!ran) {
        // The run itself would stop there; what it says is what a user needs.
        Error e = ran.error();
        e.message = u"rehearsed on a copy of the database, the run fails: "_s + e.message;
        return std::unexpected(e);
    }
    return report;
}

} // namespace pm
