#include "runtime/scriptprefetcher.h"

#include <chrono>
#include <limits>
#include <system_error>

#include "runtime/scriptdirectory.h"

namespace pm {

namespace {

// Below this many scripts a thread costs more than it saves.
constexpr qsizetype kMinJobs = 64;

// How long the asker waits for a script the helper is parsing before it
// parses the script itself: a parse takes some 20 µs, so a longer wait
// means the helper was descheduled (a loaded machine) and would stall the
// run for a time slice.
constexpr auto kPatience = std::chrono::microseconds(200);

} // namespace

ScriptPrefetcher::ScriptPrefetcher(const ScriptDirectory &scripts, std::vector<Job> jobs)
    : m_scripts(scripts)
    , m_jobs(std::move(jobs))
{
    if (qsizetype(m_jobs.size()) < kMinJobs || qsizetype(m_jobs.size()) >= std::numeric_limits<int>::max() / 2
        || std::thread::hardware_concurrency() < 2)
        return;
    try {
        m_helper.emplace([this] { parseAhead(); });
    } catch (const std::system_error &) {
        // no thread to be had: each script is parsed when asked for
    }
}

ScriptPrefetcher::~ScriptPrefetcher()
{
    if (!m_helper)
        return;
    m_stop.store(true, std::memory_order_relaxed);
    // wakes a helper waiting for the asker to move on
    m_asked.store(std::numeric_limits<int>::max() / 2, std::memory_order_release);
    m_asked.notify_all();
    m_helper->join();
}

bool ScriptPrefetcher::claim(qsizetype job, qsizetype limit)
{
    if (job >= limit || job >= qsizetype(m_jobs.size()))
        return false;
    qsizetype expected = job;
    return m_next.compare_exchange_strong(expected, job + 1, std::memory_order_acq_rel,
                                          std::memory_order_relaxed);
}

void ScriptPrefetcher::parseInto(qsizetype job)
{
    Slot &slot = m_slots[size_t(job % kWindow)];
    // The slot's previous script was made on whichever thread parsed it and
    // is dropped here, with the asker done with it.
    slot.result.reset();
    slot.scratch = MigrationScript();
    const Job &j = m_jobs[size_t(job)];
    slot.result = m_scripts.scriptOnce(j.revision, slot.scratch, j.bodies);
    slot.done.store(job + 1, std::memory_order_release);
}

void ScriptPrefetcher::parseAhead()
{
    const qsizetype count = qsizetype(m_jobs.size());
    while (!m_stop.load(std::memory_order_relaxed)) {
        const qsizetype job = m_next.load(std::memory_order_relaxed);
        if (job >= count)
            return;
        const int asked = m_asked.load(std::memory_order_acquire);
        if (job >= asked + kWindow) {
            // every slot holds a script the asker has yet to use
            m_asked.wait(asked, std::memory_order_acquire);
            continue;
        }
        if (claim(job, asked + kWindow))
            parseInto(job);
    }
}

Result<const MigrationScript *> ScriptPrefetcher::take(qsizetype index)
{
    const Job &job = m_jobs[size_t(index)];
    if (!m_helper)
        return m_scripts.scriptOnce(job.revision, m_ownScratch, job.bodies);

    // The slots of the jobs before this one may be reused from now on.
    m_asked.store(int(index), std::memory_order_release);
    m_asked.notify_one();

    const Slot &slot = m_slots[size_t(index % kWindow)];
    std::optional<std::chrono::steady_clock::time_point> waitingSince;
    while (true) {
        if (slot.done.load(std::memory_order_acquire) == index + 1)
            return *slot.result;
        if (claim(index, index + 1)) {
            // No thread had it. Parsed into a scratch of its own: the slot
            // may still be the helper's, should this thread have stopped
            // waiting for an earlier script of that slot below.
            return m_scripts.scriptOnce(job.revision, m_ownScratch, job.bodies);
        }
        // The helper is parsing it: parse the next one ahead meanwhile, into
        // its slot once the helper is done with that slot's last script.
        const qsizetype next = m_next.load(std::memory_order_relaxed);
        if (next < qsizetype(m_jobs.size()) && next < index + kWindow
            && m_slots[size_t(next % kWindow)].done.load(std::memory_order_acquire)
                == (next >= kWindow ? next - kWindow + 1 : 0)
            && claim(next, index + kWindow)) {
            parseInto(next);
            continue;
        }
        const auto now = std::chrono::steady_clock::now();
        if (!waitingSince) {
            waitingSince = now;
        } else if (now - *waitingSince > kPatience) {
            // The helper is not running: parse it here rather than wait.
            return m_scripts.scriptOnce(job.revision, m_ownScratch, job.bodies);
        }
        std::this_thread::yield();
    }
}

} // namespace pm
