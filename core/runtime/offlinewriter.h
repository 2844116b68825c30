#pragma once

#include <functional>

#include <QString>
#include <QStringList>

#include "base/result.h"
#include "revision/migrationstep.h"
#include "runtime/versiontable.h"

namespace pm {

class Dialect;
class ScriptDirectory;

// Offline mode (--sql): the SQL a run would execute, printed instead, in
// Alembic's format. The schema at the starting revision comes from applying
// the scripts' operations from base, so batch rebuilds need no database
// (Alembic refuses batch mode offline on SQLite).
class OfflineWriter final
{
public:
    struct Options
    {
        bool transactionalDdl = false; // BEGIN; / COMMIT; around the run (PostgreSQL)
        bool transactionPerMigration = false;
        std::function<void(const QString &line)> log;
    };

    OfflineWriter(const ScriptDirectory &scripts, const Dialect &dialect, VersionTable versionTable, Options options);

    // startingHeads: the "start" of a start:end range (empty: from base, which
    // also creates the version table first).
    Result<QString> write(const QList<MigrationStep> &steps, const QStringList &startingHeads, bool fromBase);

private:
    const ScriptDirectory &m_scripts;
    const Dialect &m_dialect;
    VersionTable m_versionTable;
    Options m_options;
};

} // namespace pm
