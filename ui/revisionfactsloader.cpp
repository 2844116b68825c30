#include "ui/revisionfactsloader.h"

#include <QElapsedTimer>
#include <QThread>

#include "runtime/databaseconnection.h"

namespace pm {

RevisionFactsLoader::RevisionFactsLoader(QObject *parent)
    : QObject(parent)
{
    qRegisterMetaType<QList<pm::RevisionFacts>>();
}

RevisionFactsLoader::~RevisionFactsLoader()
{
    cancel();
}

bool RevisionFactsLoader::isRunning() const
{
    return m_thread && m_thread->isRunning();
}

void RevisionFactsLoader::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread) {
        // It stops between two files: a wait of one parse at most.
        m_thread->wait();
        delete m_thread;
        m_thread = nullptr;
    }
}

void RevisionFactsLoader::start(const QList<Script> &scripts, const ScriptParser::Options &options,
                                const QString &sqliteFile, bool sqlite)
{
    cancel();
    auto cancelled = std::make_shared<std::atomic_bool>(false);
    m_cancel = cancelled;
    // The thread never outlives this object: cancel() waits for it.
    m_thread = QThread::create([this, cancelled, scripts, options, sqliteFile, sqlite] {
        std::optional<DatabaseConnection> connection;
        if (!sqliteFile.isEmpty()) {
            Result<DatabaseConnection> opened =
                DatabaseConnection::openSqliteFile(sqliteFile, DatabaseConnection::OpenMode::MustExist);
            if (opened)
                connection.emplace(std::move(*opened));
        }
        const ScriptParser parser(options);
        QHash<QString, std::optional<qint64>> counted;
        QList<RevisionFacts> batch;
        QElapsedTimer sinceLast;
        sinceLast.start();
        const auto deliver = [&] {
            if (batch.isEmpty() || cancelled->load())
                return;
            // Queued to the loader's thread; dropped when a newer read started.
            QMetaObject::invokeMethod(
                this,
                [this, cancelled, facts = std::move(batch)] {
                    if (!cancelled->load())
                        Q_EMIT factsRead(facts);
                },
                Qt::QueuedConnection);
            batch.clear();
            sinceLast.restart();
        };
        for (const Script &script : scripts) {
            if (cancelled->load())
                return;
            RevisionFacts facts = RevisionFacts::read(script.revision, script.path, parser, sqlite);
            if (connection && !facts.rebuilds.isEmpty())
                countRebuiltRows(facts, connection->database(), counted);
            batch << std::move(facts);
            if (batch.size() >= 200 || sinceLast.elapsed() > 100)
                deliver();
        }
        deliver();
        QMetaObject::invokeMethod(
            this,
            [this, cancelled] {
                if (!cancelled->load())
                    Q_EMIT finished();
            },
            Qt::QueuedConnection);
    });
    m_thread->setObjectName(QStringLiteral("revision facts"));
    m_thread->start(QThread::LowPriority);
}

} // namespace pm
