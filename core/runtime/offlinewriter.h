#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QByteArray>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "revision/migrationstep.h"
#include "runtime/versiontable.h"
#include "schema/namingconvention.h"

namespace pm {

class Dialect;
class SchemaSimulator;
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
        // Each line Alembic logs as the run goes ("Running upgrade ..."), as
        // UTF-8 without its newline: printed as it is, like the script.
        std::function<void(QByteArrayView line)> log;
        // target_metadata's convention for what scripts leave unnamed;
        // unset: SQLAlchemy's default ({"ix": "ix_%(column_0_label)s"}).
        std::optional<NamingConvention> namingConvention;
        // For a process that exits right after (Teardown::LeftToProcessExit):
        // the schema simulated for the run, and what the other thread
        // rendered, are not freed one block at a time.
        bool schemaLeftToProcessExit = false;
        // A long run's last steps rendered on a second thread (OfflineTail);
        // off, every step is rendered in turn on this one, with the same
        // output (what tst_offlinetail compares).
        bool concurrentTail = true;
    };

    OfflineWriter(const ScriptDirectory &scripts, const Dialect &dialect, VersionTable versionTable, Options options);

    // What Alembic's MigrationContext logs once configured for --sql. Alembic
    // logs it before it plans anything, so callers do too (a planning error
    // follows these lines).
    static QStringList contextLogLines(const Dialect &dialect, bool transactionalDdl);
    // The output is UTF-8, as it is printed: each thread encodes what it
    // renders, and the whole is written out as it is.
    static void appendUtf8(QByteArray &out, QStringView text);
    // Dialect::offlineForm() appended to `out`: trimmed, tabs as four
    // spaces, ";" and a blank line.
    static void appendStatement(QByteArray &out, QStringView statement);
    // "-- Running <short log>" and a blank line, and into `logLine` (when
    // given) the line Alembic logs for the step. `shortLog` is scratch
    // space, reused from step to step.
    static void appendStepHeader(QByteArray &out, const MigrationStep &step, QString &shortLog,
                                 QByteArray *logLine, QByteArrayView logPrefix);

    // startingHeads: the "start" of a start:end range, as version_num rows
    // (empty: from base). As in Alembic, a step taken while no head is
    // recorded creates the version table first, and a run that ends with
    // none drops it. ensureVersionTable: `ensure_version --sql`, which
    // creates the table before any step (and, having none, drops it again,
    // exactly as Alembic prints it).
    // The script as UTF-8.
    Result<QByteArray> write(const QList<MigrationStep> &steps, const QStringList &startingHeads,
                             bool ensureVersionTable = false);

private:
    // Whether a rendered step reads the schema below the range (a SQLite
    // batch rebuild copies the table it finds there).
    bool needsAncestorSchema(const QList<MigrationStep> &steps) const;
    // Applies every revision below the starting heads to `schema`; returns
    // the first ancestor that could not be read or applied (empty: none).
    Result<QString> simulateBelow(const QStringList &startingHeads, SchemaSimulator &schema) const;

    const ScriptDirectory &m_scripts;
    const Dialect &m_dialect;
    // What renders the scripts' statements: SQLAlchemy compiles offline
    // without a server to ask (PostgreSQL: backslashes in literals doubled).
    std::unique_ptr<Dialect> m_offlineDialect;
    VersionTable m_versionTable;
    Options m_options;
};

} // namespace pm
