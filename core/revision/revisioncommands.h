#pragma once

#include <optional>

#include <QString>
#include <QStringList>

#include "revision/revisionplanner.h"

namespace pm {

// The printing half of alembic.command's history / heads / branches / show /
// current. Each function returns what Alembic passes to print_stdout, one
// entry per call; print each entry followed by "\n".
//
// Commands that need the database ("current", `history -i`, a range naming
// "current") take the rows of alembic_version as currentHeads.
class RevisionCommands final
{
public:
    // `history [-r range] [-v] [-i]`
    static RevResult<QStringList> history(const RevisionPlanner &planner, const std::optional<QString> &revRange,
                                       bool verbose, bool indicateCurrent, const QStringList &currentHeads = {});
    // whether history needs currentHeads (Alembic then runs env.py)
    static bool historyNeedsDatabase(const std::optional<QString> &revRange, bool indicateCurrent,
                                     bool revisionEnvironment);
    // `heads [-v] [--resolve-dependencies]`
    static RevResult<QStringList> heads(const RevisionPlanner &planner, bool verbose, bool resolveDependencies);
    // `branches [-v]`
    static RevResult<QStringList> branches(const RevisionPlanner &planner, bool verbose);
    // `show rev`; "current" shows the revisions in currentHeads
    static RevResult<QStringList> show(const RevisionPlanner &planner, const QString &rev,
                                    const QStringList &currentHeads = {});
    // `current [-v]`, without the verbose header line
    // "Current revision(s) for <url>:" that the caller prints first
    static RevResult<QStringList> current(const RevisionPlanner &planner, bool verbose,
                                       const QStringList &currentHeads);
};

} // namespace pm
