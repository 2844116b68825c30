#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include <QByteArray>
#include <QString>

#include "schema/namingconvention.h"

namespace pm {

class Dialect;
class MigrationStep;
class ScriptDirectory;

// The end of a long offline run, rendered on a second thread while the
// writer renders the start: the other thread takes the steps from the last
// one backwards, the writer from the first one forwards, and they meet where
// their shares are equal.
//
// A step's SQL depends on the run before it only through the simulated
// schema (a batch block reads the table it rebuilds) and the enum types the
// run has created (PostgreSQL). The other thread renders a step only when
// its SQL reads neither: on the first step that would, or that fails to
// parse or plan, it stops, and that step and every one before it are the
// writer's, rendered in order with the run's state, errors and all. Each
// thread parses, plans and writes its own steps, so only SQL text crosses
// between the cores.
//
// A run too short to pay for a thread, or a machine with one core, has no
// other thread: every step is the writer's.
class OfflineTail final
{
public:
    struct Job
    {
        const MigrationStep *step = nullptr; // a revision's step, alive for the run
    };
    // A step as the writer would render it, up to its version table rows:
    // its "-- Running" line and its statements, in Dialect::offlineForm(),
    // as UTF-8; and the line logged for it (when log lines are asked for).
    struct Rendered
    {
        QByteArray text;
        QByteArray logLine;
    };

    // logPrefix: what OfflineWriter's log lines start with; empty, no log
    // lines are made.
    OfflineTail(const ScriptDirectory &scripts, const Dialect &offlineDialect,
                std::optional<NamingConvention> namingConvention, std::vector<Job> jobs, QByteArray logPrefix,
                bool leftToProcessExit);
    ~OfflineTail();

    // Job `index` when the other thread rendered it; null when the writer
    // is to render it. Jobs are asked for in increasing order.
    const Rendered *take(qsizetype index);

    OfflineTail(const OfflineTail &) = delete;
    OfflineTail &operator=(const OfflineTail &) = delete;

private:
    enum State : int { Pending, Done, Declined };
    struct Output
    {
        std::atomic<int> state{Pending};
        Rendered rendered;
    };

    void renderFromTheEnd();

    const ScriptDirectory &m_scripts;
    const Dialect &m_dialect;
    const std::optional<NamingConvention> m_namingConvention;
    const std::vector<Job> m_jobs;
    const QByteArray m_logPrefix;
    // For a process that exits right after: its schema and outputs are
    // not freed (OfflineWriter::Options::schemaLeftToProcessExit).
    const bool m_leftToProcessExit;
    std::unique_ptr<Output[]> m_outputs;
    // The writer's share is [0, front), the other thread's [back, jobs):
    // front in the low half, back in the high half, claimed together so
    // that no job is claimed twice.
    std::atomic<quint64> m_bounds{0};
    std::atomic<bool> m_stop{false};
    std::optional<std::thread> m_thread;
};

} // namespace pm
