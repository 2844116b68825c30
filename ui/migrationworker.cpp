#include "ui/migrationworker.h"

namespace pm {

void MigrationWorker::Context::progress(int step, int total, const QString &text) const
{
    Q_EMIT m_worker->progress(step, total, text);
}

void MigrationWorker::Context::log(const QString &line) const
{
    Q_EMIT m_worker->logLine(line);
}

bool MigrationWorker::Context::isCancelled() const
{
    return m_worker->m_cancel.load();
}

MigrationWorker::MigrationWorker(QObject *parent)
    : QObject(parent)
{
}

void MigrationWorker::run(const Job &job)
{
    Context context(this);
    const Status status = job(context);
    if (status)
        Q_EMIT finished(true, {});
    else
        Q_EMIT finished(false, status.error().toString());
}

} // namespace pm
