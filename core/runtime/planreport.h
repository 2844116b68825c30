#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "ops/operation.h"
#include "revision/migrationstep.h"

namespace pm {

class DatabaseConnection;
class Dialect;
class ScriptDirectory;

// What pending steps will do before anything runs: each step's SQL and,
// measured on the live database, what it destroys (rows of a dropped table,
// non-NULL values of a dropped column, values that no longer fit a narrower
// type) or what will make it fail (NOT NULL over NULLs, a unique constraint
// over duplicates, a foreign key over orphan rows). Counts are taken on the
// database as it is now: a table an earlier step creates counts as empty.
struct Impact
{
    enum class Kind { Destroys, WillFail };
    Kind kind = Kind::Destroys;
    QString revision;
    SourceLocation where;
    QString description; // "drops column pet.age: 12 non-NULL values lost"
    qint64 rows = 0;
};

struct PlanReport
{
    struct Step
    {
        QString title; // "upgrade a -> b, message"
        QString revision;
        QStringList sql;
        QList<Impact> impacts;
    };
    QList<Step> steps;

    QList<Impact> impacts() const;
    bool hasFailures() const;
    // The text `petmigrate upgrade ... --plan` prints.
    QString toText() const;
};

Result<PlanReport> buildPlanReport(const DatabaseConnection &connection, const ScriptDirectory &scripts,
                                   const Dialect &dialect, const QString &versionTable,
                                   const QList<MigrationStep> &steps);

} // namespace pm
