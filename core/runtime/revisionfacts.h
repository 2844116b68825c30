#pragma once

#include <optional>

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "base/error.h"

class QSqlDatabase;

namespace pm {

class ScriptParser;
struct MigrationScript;

// What a revision's upgrade() and downgrade() do that the history marks on
// its row: data it changes, a way back that is missing, a SQLite table it
// rebuilds, or a body that cannot be read. Taken from the parsed script only
// (MigrationScript's operations), so whatever reads the bodies — today's
// ScriptParser, the evaluator tomorrow — only has to fill a MigrationScript.
struct RevisionFacts
{
    enum class Function { Upgrade, Downgrade };

    // A batch block that rebuilds its table on SQLite ("move and copy").
    struct Rebuild
    {
        Function function = Function::Upgrade;
        QString table;
        QString schema;
        int line = 0;
        // Rows the copy moves on the open database: the table's rows now.
        // Unset when not counted, or when the table does not exist yet (an
        // earlier step creates it).
        std::optional<qint64> rows;
        bool tableExists = false;
        friend bool operator==(const Rebuild &, const Rebuild &) = default;
    };

    // A data migration: op.execute() / bulk_insert, where it is.
    struct DataChange
    {
        Function function = Function::Upgrade;
        QString what; // "op.execute", "bulk_insert into pet"
        int line = 0;
        friend bool operator==(const DataChange &, const DataChange &) = default;
    };

    QString revision;
    QList<DataChange> dataChanges;
    // upgrade() changes something and downgrade() does nothing (only
    // `pass`) or is missing. (A downgrade() that raises does not parse
    // today: it shows as a parse error.)
    bool irreversible = false;
    QString irreversibleReason;
    QList<Rebuild> rebuilds;
    std::optional<Error> parseError;
    // A body that reads the database (op.get_bind().execute(), an
    // inspector): what it does depends on the rows there when it runs, so
    // petmigrate evaluates it then. Readable, but not describable ahead of
    // its run; where it first talks to the database.
    struct DatabaseRead
    {
        Function function = Function::Upgrade;
        Error where;
        friend bool operator==(const DatabaseRead &, const DatabaseRead &) = default;
    };
    QList<DatabaseRead> databaseReads;

    bool isDataMigration() const { return !dataChanges.isEmpty(); }
    QList<Rebuild> rebuildsIn(Function function) const;

    // sqlite: the database is SQLite, where batch blocks may rebuild tables.
    static RevisionFacts of(const MigrationScript &script, bool sqlite);
    static RevisionFacts unreadable(const QString &revision, const Error &error);
    // Parses the file's bodies and describes them; a body that does not
    // parse gives the parse error.
    static RevisionFacts read(const QString &revision, const QString &path, const ScriptParser &parser, bool sqlite);

    friend bool operator==(const RevisionFacts &, const RevisionFacts &) = default;
};

// Counts the rows each rebuild would copy on `database` as it is now; one
// count per table, remembered in `counted` across calls.
void countRebuiltRows(RevisionFacts &facts, const QSqlDatabase &database,
                      QHash<QString, std::optional<qint64>> &counted);

} // namespace pm
