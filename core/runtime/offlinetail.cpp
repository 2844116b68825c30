#include "runtime/offlinetail.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <system_error>

#include <QSet>

#include "runtime/offlinewriter.h"
#include "runtime/scriptdirectory.h"
#include "runtime/sqlplanner.h"

namespace pm {

namespace {

// Below this many steps a thread costs more than it saves.
constexpr qsizetype kMinJobs = 256;

// How long the writer waits for the step the other thread is rendering
// before it renders the step itself: a step takes some 20 us, so a longer
// wait means the thread was descheduled (a loaded machine) and would stall
// the run for a time slice.
constexpr auto kPatience = std::chrono::microseconds(200);

quint64 bounds(qsizetype front, qsizetype back)
{
    return quint64(front) | (quint64(back) << 32);
}
qsizetype frontOf(quint64 bounds)
{
    return qsizetype(bounds & 0xffffffffu);
}
qsizetype backOf(quint64 bounds)
{
    return qsizetype(bounds >> 32);
}

} // namespace

OfflineTail::OfflineTail(const ScriptDirectory &scripts, const Dialect &offlineDialect,
                         std::optional<NamingConvention> namingConvention, std::vector<Job> jobs,
                         QByteArray logPrefix, bool leftToProcessExit)
    : m_scripts(scripts)
    , m_dialect(offlineDialect)
    , m_namingConvention(std::move(namingConvention))
    , m_jobs(std::move(jobs))
    , m_logPrefix(std::move(logPrefix))
    , m_leftToProcessExit(leftToProcessExit)
{
    const qsizetype count = qsizetype(m_jobs.size());
    m_bounds.store(bounds(0, count), std::memory_order_relaxed);
    if (count < kMinJobs || count >= qsizetype(std::numeric_limits<qint32>::max())
        || std::thread::hardware_concurrency() < 2)
        return;
    m_outputs = std::make_unique<Output[]>(size_t(count));
    try {
        m_thread.emplace([this] { renderFromTheEnd(); });
    } catch (const std::system_error &) {
        // no thread to be had: every step is the writer's
    }
}

OfflineTail::~OfflineTail()
{
    if (!m_thread)
        return;
    m_stop.store(true, std::memory_order_relaxed);
    m_thread->join();
    // Some 20,000 blocks of the other thread's arena, each freed under that
    // arena's lock: a process that exits next leaves them to its exit.
    if (m_leftToProcessExit)
        static_cast<void>(m_outputs.release());
}

void OfflineTail::renderFromTheEnd()
{
    // The thread's own planner, on a schema of its own: the steps it keeps
    // read nothing from it, so what the writer's steps did to the writer's
    // schema does not matter to them.
    auto schema = std::make_unique<SchemaSimulator>();
    QSet<QString> createdEnums;
    SqlPlanner planner(m_dialect, *schema, SqlPlanner::Mode::Offline);
    planner.setCreatedEnums(&createdEnums);
    // Its steps read no schema (a batch block is declined, and is the
    // writer's): the tables they make are not kept for nobody.
    planner.setSchemaUnread();
    if (m_namingConvention)
        planner.setNamingConvention(*m_namingConvention);
    MigrationScript scratch;
    QString shortLog;
    const auto declined = [](Output &output) { output.state.store(Declined, std::memory_order_release); };
    while (!m_stop.load(std::memory_order_relaxed)) {
        quint64 b = m_bounds.load(std::memory_order_acquire);
        const qsizetype job = backOf(b) - 1;
        if (job < frontOf(b))
            break; // the writer has the rest
        if (!m_bounds.compare_exchange_weak(b, bounds(frontOf(b), job), std::memory_order_acq_rel))
            continue;
        Output &output = m_outputs[size_t(job)];
        const MigrationStep &step = *m_jobs[size_t(job)].step;
        const bool upgrade = step.isUpgrade();
        auto script = m_scripts.scriptOnce(step.revision().revision(), scratch,
                                           upgrade ? ScriptParser::Options::Bodies::UpgradeOnly
                                                   : ScriptParser::Options::Bodies::DowngradeOnly);
        if (!script) {
            declined(output);
            break;
        }
        auto body = (*script)->body(upgrade);
        if (!body || std::any_of((*body)->cbegin(), (*body)->cend(),
                                 [](const Operation &op) { return op.is<BatchAlterTableOp>(); })) {
            declined(output);
            break;
        }
        auto statements = planner.plan(**body);
        if (!statements || !createdEnums.isEmpty()) {
            declined(output);
            break;
        }
        Rendered &rendered = output.rendered;
        // one allocation each for the usual step (some 250 bytes of SQL),
        // not one for each piece appended
        rendered.text.reserve(512);
        if (!m_logPrefix.isEmpty())
            rendered.logLine.reserve(m_logPrefix.size() + 160);
        OfflineWriter::appendStepHeader(rendered.text, step, shortLog,
                                        m_logPrefix.isEmpty() ? nullptr : &rendered.logLine, m_logPrefix);
        for (const SqlPlanner::Statement &s : *statements)
            OfflineWriter::appendStatement(rendered.text, s.sql);
        output.state.store(Done, std::memory_order_release);
    }
    if (m_leftToProcessExit)
        static_cast<void>(schema.release());
}

const OfflineTail::Rendered *OfflineTail::take(qsizetype index)
{
    if (!m_thread)
        return nullptr;
    quint64 b = m_bounds.load(std::memory_order_acquire);
    while (index < backOf(b)) {
        // Not the other thread's yet: the writer's from now on.
        if (m_bounds.compare_exchange_weak(b, bounds(index + 1, backOf(b)), std::memory_order_acq_rel))
            return nullptr;
    }
    const Output &output = m_outputs[size_t(index)];
    std::optional<std::chrono::steady_clock::time_point> waitingSince;
    while (true) {
        switch (output.state.load(std::memory_order_acquire)) {
        case Done: return &output.rendered;
        case Declined: return nullptr;
        default: break;
        }
        // Being rendered now; every step before it is the writer's, so the
        // writer can render it itself with the run's state if need be.
        const auto now = std::chrono::steady_clock::now();
        if (!waitingSince)
            waitingSince = now;
        else if (now - *waitingSince > kPatience)
            return nullptr;
        std::this_thread::yield();
    }
}

} // namespace pm
