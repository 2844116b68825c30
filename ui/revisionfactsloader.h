#pragma once

#include <atomic>
#include <memory>

#include <QList>
#include <QObject>
#include <QPair>
#include <QString>

#include "runtime/revisionfacts.h"
#include "script/scriptparser.h"

class QThread;

namespace pm {

// Reads every revision's bodies into RevisionFacts on a thread of its own,
// in the order given (the rows on top first), and hands them over in
// batches, queued: the graph is drawn from the headers and never waits for
// this. Row counts of SQLite rebuilds come from a connection of the
// reader's own. start() again (or destruction) abandons the previous read.
class RevisionFactsLoader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RevisionFactsLoader)

public:
    struct Script
    {
        QString revision;
        QString path;
    };

    explicit RevisionFactsLoader(QObject *parent = nullptr);
    ~RevisionFactsLoader() override;

    // sqliteFile: the database to count rebuilt rows on; empty for a server
    // (no rebuilds there) or no database.
    void start(const QList<Script> &scripts, const ScriptParser::Options &options, const QString &sqliteFile,
               bool sqlite);
    void cancel();
    bool isRunning() const;

Q_SIGNALS:
    void factsRead(const QList<pm::RevisionFacts> &facts);
    void finished();

private:
    QThread *m_thread = nullptr;
    std::shared_ptr<std::atomic_bool> m_cancel;
};

} // namespace pm
