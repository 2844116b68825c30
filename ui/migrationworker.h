#pragma once

#include <atomic>
#include <functional>

#include <QObject>

#include "base/result.h"

namespace pm {

// Runs the controller's long jobs on its own thread (moved there by
// MigrationController). A job opens its own database connection in that
// thread, reports through Context, and checks isCancelled() between steps;
// every signal reaches the GUI thread queued.
class MigrationWorker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MigrationWorker)

public:
    class Context final
    {
    public:
        explicit Context(MigrationWorker *worker) : m_worker(worker) {}
        void progress(int step, int total, const QString &text) const;
        void log(const QString &line) const;
        bool isCancelled() const;

    private:
        MigrationWorker *m_worker;
    };
    using Job = std::function<Status(Context &)>;

    explicit MigrationWorker(QObject *parent = nullptr);

    // Call in the worker's thread (through a queued invocation).
    void run(const Job &job);
    // Thread-safe.
    void requestCancel() { m_cancel.store(true); }
    void resetCancel() { m_cancel.store(false); }

Q_SIGNALS:
    void progress(int step, int total, const QString &text);
    void logLine(const QString &line);
    void finished(bool ok, const QString &message);

private:
    std::atomic_bool m_cancel{false};
};

} // namespace pm
