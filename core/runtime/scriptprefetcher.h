#pragma once

#include <array>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include <QString>

#include "base/result.h"
#include "script/migrationscript.h"
#include "script/scriptparser.h"

namespace pm {

class ScriptDirectory;

// The scripts of one long run (the offline writer's thousands of steps),
// parsed on both cores: a second thread parses the scripts ahead of the one
// that asks for them in order, and the asking thread, when its script is
// still being parsed, parses the next ones ahead too instead of waiting.
// Each script is parsed once and dropped once used, as
// ScriptDirectory::scriptOnce() does; the answers, errors included, are the
// sequential ones, since each is only looked at when its turn comes.
//
// A run too short to pay for a thread, or a machine with one core, parses
// each script when it is asked for.
class ScriptPrefetcher final
{
public:
    struct Job
    {
        QString revision;
        ScriptParser::Options::Bodies bodies = ScriptParser::Options::Bodies::Both;
    };

    ScriptPrefetcher(const ScriptDirectory &scripts, std::vector<Job> jobs);
    ~ScriptPrefetcher();

    // Job `index`'s script. Jobs are asked for in increasing order; the
    // script is valid until the next call.
    Result<const MigrationScript *> take(qsizetype index);

    ScriptPrefetcher(const ScriptPrefetcher &) = delete;
    ScriptPrefetcher &operator=(const ScriptPrefetcher &) = delete;

private:
    // How far ahead of the asker scripts are parsed: enough that neither
    // thread waits for the other, few enough to stay in the caches.
    static constexpr int kWindow = 32;

    struct Slot
    {
        // job + 1 once the job's result is in this slot, 0 before
        std::atomic<qsizetype> done{0};
        MigrationScript scratch;
        std::optional<Result<const MigrationScript *>> result;
    };

    bool claim(qsizetype job, qsizetype limit);
    void parseInto(qsizetype job);
    void parseAhead();

    const ScriptDirectory &m_scripts;
    const std::vector<Job> m_jobs;
    std::array<Slot, kWindow> m_slots;
    // the next job no thread has claimed yet
    std::atomic<qsizetype> m_next{0};
    // the job the asker is at: the slots of the jobs before it may be reused
    std::atomic<int> m_asked{0};
    std::atomic<bool> m_stop{false};
    std::optional<std::thread> m_helper;
    MigrationScript m_ownScratch; // a script the asker parsed for itself
};

} // namespace pm
