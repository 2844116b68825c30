#include "runtime/offlinewriter.h"

#include <algorithm>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <QScopeGuard>
#include <QVarLengthArray>

#include "dialect/dialect.h"
#include "revision/headmaintainer.h"
#include "revision/revisionplanner.h"
#include "runtime/migrationrunner.h"
#include "runtime/offlinetail.h"
#include "runtime/scriptdirectory.h"
#include "runtime/sqlplanner.h"

using namespace Qt::StringLiterals;

namespace pm {

OfflineWriter::OfflineWriter(const ScriptDirectory &scripts, const Dialect &dialect, VersionTable versionTable,
                             Options options)
    : m_scripts(scripts)
    , m_dialect(dialect)
    , m_offlineDialect(dialect.offlineVariant())
    , m_versionTable(std::move(versionTable))
    , m_options(std::move(options))
{
    m_scripts.setEvaluationContext(dialect.name(), true);
}

QStringList OfflineWriter::contextLogLines(const Dialect &dialect, bool transactionalDdl)
{
    return {migrationLogLine(dialect.name() == u"sqlite" ? u"Context impl SQLiteImpl."_s
                                                         : u"Context impl PostgresqlImpl."_s),
            migrationLogLine(u"Generating static SQL"_s), assumeDdlLogLine(transactionalDdl)};
}

namespace {

// ASCII text narrowed to bytes at `to`: SQL and revision ids are ASCII, and
// a megabyte of them goes through here, sixteen characters at a time.
char *narrowAscii(const char16_t *from, qsizetype size, char *to)
{
    qsizetype i = 0;
#if defined(__SSE2__)
    for (; i + 16 <= size; i += 16) {
        const __m128i low = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from + i));
        const __m128i high = _mm_loadu_si128(reinterpret_cast<const __m128i *>(from + i + 8));
        _mm_storeu_si128(reinterpret_cast<__m128i *>(to + i), _mm_packus_epi16(low, high));
    }
#endif
    for (; i < size; ++i)
        to[i] = char(from[i]);
    return to + size;
}

} // namespace

void OfflineWriter::appendUtf8(QByteArray &out, QStringView text)
{
    if (!QtPrivate::isAscii(text)) {
        out += text.toUtf8();
        return;
    }
    const qsizetype at = out.size();
    out.resize(at + text.size());
    narrowAscii(text.utf16(), text.size(), out.data() + at);
}

void OfflineWriter::appendStatement(QByteArray &out, QStringView statement)
{
    const QStringView text = statement.trimmed();
    if (!QtPrivate::isAscii(text)) {
        QString expanded = text.toString();
        expanded.replace(u'\t', u"    "_s);
        out += expanded.toUtf8();
        out += ";\n\n";
        return;
    }
    // Written straight into the output buffer, sized once: a CREATE TABLE
    // has a tab a line, each written as four spaces.
    QVarLengthArray<qsizetype, 32> tabs;
    for (qsizetype tab = text.indexOf(u'\t'); tab >= 0; tab = text.indexOf(u'\t', tab + 1))
        tabs.append(tab);
    const qsizetype at = out.size();
    out.resize(at + text.size() + 3 * tabs.size() + 3); // grows as appending does
    char *to = out.data() + at;
    const char16_t *from = text.utf16();
    qsizetype done = 0;
    for (const qsizetype tab : tabs) {
        to = narrowAscii(from + done, tab - done, to);
        to = std::fill_n(to, 4, ' ');
        done = tab + 1;
    }
    to = narrowAscii(from + done, text.size() - done, to);
    std::copy_n(";\n\n", 3, to);
}

void OfflineWriter::appendStepHeader(QByteArray &out, const MigrationStep &step, QString &shortLog,
                                     QByteArray *logLine, QByteArrayView logPrefix)
{
    shortLog.resize(0); // keeps its capacity
    step.appendShortLog(shortLog);
    out += QByteArrayView("-- Running ");
    const qsizetype shortLogAt = out.size();
    appendUtf8(out, shortLog);
    const QByteArrayView encoded(out.constData() + shortLogAt, out.size() - shortLogAt);
    if (logLine) {
        // the short log is encoded once, into the script, and copied from there
        logLine->resize(0);
        logLine->append(logPrefix);
        logLine->append(QByteArrayView("Running "));
        logLine->append(encoded);
        const QStringView doc =
            step.kind() == MigrationStep::Kind::Revision ? step.revision().docView() : QStringView();
        if (!doc.isEmpty()) {
            logLine->append(QByteArrayView(", "));
            appendUtf8(*logLine, doc);
        }
    }
    out += QByteArrayView("\n\n");
}

bool OfflineWriter::needsAncestorSchema(const QList<MigrationStep> &steps) const
{
    if (m_dialect.name() != u"sqlite")
        return false;
    for (const MigrationStep &step : steps) {
        if (step.kind() != MigrationStep::Kind::Revision)
            continue;
        auto script = m_scripts.script(step.revision().revision());
        if (!script)
            continue; // the step itself is refused when it is rendered
        auto body = (*script)->body(step.isUpgrade());
        if (!body)
            continue;
        for (const Operation &op : **body) {
            if (const auto *batch = op.as<BatchAlterTableOp>(); batch && SqlPlanner::rebuildsTable(*batch, true))
                return true;
        }
    }
    return false;
}

Result<QString> OfflineWriter::simulateBelow(const QStringList &startingHeads, SchemaSimulator &schema) const
{
    QList<MigrationStep> path;
    // Several starting heads share most of their past: each revision is
    // simulated once (a flag per revision, not a search of the path).
    QList<bool> onPath(m_scripts.map().revisions().size(), false);
    for (const QString &head : startingHeads) {
        auto toHead = m_scripts.planner().upgradeRevs(head, RevisionSpec());
        if (!toHead)
            return std::unexpected(toHead.error().toError());
        for (const MigrationStep &s : *toHead) {
            if (!onPath.at(s.revisionIndex())) {
                onPath[s.revisionIndex()] = true;
                path << s;
            }
        }
    }
    // An unreadable ancestor does not stop the simulation: the revisions
    // after it are applied to what is known, and the first gap is named
    // should a rendered step miss a schema fact.
    QString gap;
    for (const MigrationStep &s : path) {
        const QString revision = s.revision().revision();
        auto script = m_scripts.script(revision);
        if (!script) {
            if (gap.isEmpty())
                gap = u"revision %1 below it could not be read (%2)"_s.arg(revision, script.error().toString());
            continue;
        }
        auto body = (*script)->body(true);
        if (!body) {
            if (gap.isEmpty())
                gap = u"revision %1 below it could not be read (%2)"_s.arg(revision, body.error().toString());
            continue;
        }
        SqlPlanner planner(*m_offlineDialect, schema, SqlPlanner::Mode::Offline);
        if (m_options.namingConvention)
            planner.setNamingConvention(*m_options.namingConvention);
        for (const Operation &op : **body) {
            if (auto planned = planner.plan(op); !planned && gap.isEmpty())
                gap = u"revision %1 below it could not be simulated (%2)"_s.arg(revision, planned.error().toString());
        }
    }
    return gap;
}

Result<QByteArray> OfflineWriter::write(const QList<MigrationStep> &steps, const QStringList &startingHeads,
                                        bool ensureVersionTable)
{
    // The schema at the starting heads, simulated only when a rendered step
    // needs it (a SQLite batch block that rebuilds its table); an ancestor
    // whose body cannot be read leaves a gap, named only if a step needs it.
    auto ownedSchema = std::make_unique<SchemaSimulator>();
    SchemaSimulator &schema = *ownedSchema;
    const auto leaveSchema = qScopeGuard([this, &ownedSchema] {
        if (m_options.schemaLeftToProcessExit)
            static_cast<void>(ownedSchema.release());
    });
    QString schemaGap;
    if (!startingHeads.isEmpty() && needsAncestorSchema(steps)) {
        auto gap = simulateBelow(startingHeads, schema);
        if (!gap)
            return std::unexpected(gap.error());
        schemaGap = *gap;
    }

    QByteArray out;
    auto emitSql = [&](const QString &statement) { appendStatement(out, statement); };
    auto comment = [&](const char *text) {
        out += text;
        out += "\n\n";
    };

    // MigrationContext.run_migrations() with as_sql, statement for statement:
    // env.py's begin_transaction() around the run, or one per step.
    if (m_options.transactionalDdl && !m_options.transactionPerMigration)
        comment("BEGIN;");
    if (ensureVersionTable)
        emitSql(m_versionTable.createSql());

    const bool postgres = m_dialect.name() == u"postgresql";
    // Only the steps written out count: the path below the starting heads
    // was simulated, not run.
    QSet<QString> createdEnums;
    // One planner for the run: it keeps nothing of a step but what the run
    // shares (the schema, the enums created), and setting it up per step
    // cost as much as planning a small step.
    SqlPlanner planner(*m_offlineDialect, schema, SqlPlanner::Mode::Offline);
    planner.setCreatedEnums(&createdEnums);
    planner.setSchemaGap(schemaGap);
    if (m_options.namingConvention)
        planner.setNamingConvention(*m_options.namingConvention);
    const QByteArray logPrefix = migrationLogLine(QString()).toUtf8();
    MigrationScript scratch; // each step's script, read once and dropped
    QString shortLog;
    QByteArray logLine;
    // A long run's last steps are rendered on the other core meanwhile,
    // each with its "-- Running" line and its log line.
    std::vector<OfflineTail::Job> jobs;
    for (const MigrationStep &step : steps) {
        if (m_options.concurrentTail && step.kind() == MigrationStep::Kind::Revision)
            jobs.push_back({&step});
    }
    OfflineTail tail(m_scripts, *m_offlineDialect, m_options.namingConvention, std::move(jobs),
                     m_options.log ? logPrefix : QByteArray(), m_options.schemaLeftToProcessExit);

    // The version table's rows for every step, worked out first: they
    // depend on the steps alone, not on their bodies. Done while the other
    // thread renders, the writer has nothing left but copies once the two
    // meet (done as each step comes, the rows of the other thread's steps
    // were all left for the end). A failure is kept for its step, reported
    // after that step's body as before.
    QByteArray versionRows;
    std::vector<qsizetype> rowsEnd(size_t(steps.size()));
    std::vector<bool> tableFirst(size_t(steps.size())); // no head before the step
    std::optional<std::pair<qsizetype, Error>> versionError;
    HeadMaintainer maintainer(startingHeads);
    for (qsizetype i = 0; i < steps.size(); ++i) {
        tableFirst[size_t(i)] = maintainer.heads().isEmpty();
        auto changes = maintainer.updateToStep(steps.at(i));
        if (!changes) {
            versionError.emplace(i, RevisionPlanner::translate(changes.error()).toError());
            break;
        }
        for (const VersionChange &c : *changes) {
            QString sql;
            switch (c.kind) {
            case VersionChange::Kind::Insert: sql = m_versionTable.insertSql(c.version, postgres); break;
            case VersionChange::Kind::Delete: sql = m_versionTable.deleteSql(c.version); break;
            case VersionChange::Kind::Update: sql = m_versionTable.updateSql(c.from, c.to); break;
            default: sql = u"DELETE FROM "_s + m_versionTable.qualifiedName(); break;
            }
            appendStatement(versionRows, sql);
        }
        rowsEnd[size_t(i)] = versionRows.size();
    }

    qsizetype job = 0;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const MigrationStep &step = steps.at(i);
        if (m_options.transactionalDdl && m_options.transactionPerMigration)
            comment("BEGIN;");
        // "for offline mode, include a CREATE TABLE from the base"
        if (tableFirst[size_t(i)])
            emitSql(m_versionTable.createSql());
        const OfflineTail::Rendered *rendered =
            step.kind() == MigrationStep::Kind::Revision ? tail.take(job++) : nullptr;
        if (rendered) {
            out += rendered->text;
            if (m_options.log)
                m_options.log(rendered->logLine);
        } else {
            appendStepHeader(out, step, shortLog, m_options.log ? &logLine : nullptr, logPrefix);
            if (m_options.log)
                m_options.log(logLine);
            if (step.kind() == MigrationStep::Kind::Revision) {
                // Only the function this step runs is read into operations.
                auto script = m_scripts.scriptOnce(step.revision().revision(), scratch,
                                                   step.isUpgrade() ? ScriptParser::Options::Bodies::UpgradeOnly
                                                                    : ScriptParser::Options::Bodies::DowngradeOnly);
                if (!script)
                    return std::unexpected(script.error());
                auto body = (*script)->body(step.isUpgrade());
                if (!body)
                    return std::unexpected(body.error());
                auto statements = planner.plan(**body);
                if (!statements)
                    return std::unexpected(statements.error());
                for (const SqlPlanner::Statement &s : *statements)
                    emitSql(s.sql);
            }
        }
        if (versionError && versionError->first == i)
            return std::unexpected(std::move(versionError->second));
        const qsizetype rowsStart = i == 0 ? 0 : rowsEnd[size_t(i - 1)];
        out += QByteArrayView(versionRows).sliced(rowsStart, rowsEnd[size_t(i)] - rowsStart);
        if (m_options.transactionalDdl && m_options.transactionPerMigration)
            comment("COMMIT;");
    }
    if (maintainer.heads().isEmpty())
        emitSql(m_versionTable.dropSql());
    if (m_options.transactionalDdl && !m_options.transactionPerMigration)
        comment("COMMIT;");
    return out;
}

} // namespace pm
