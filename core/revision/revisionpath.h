#pragma once

#include <QString>
#include <QStringList>

#include "revision/revisionerror.h"

namespace pm {

class RevisionPlanner;

// What `upgrade <target>` and `downgrade <target>` would run from the
// database's current heads: the revisions of their steps, in the order the
// runner runs them. Both come from RevisionPlanner::upgradeRevs /
// downgradeRevs, the lists MigrationRunner executes, so the window shows
// exactly what a run does (and petmigrate prints as "-- Running ..."); a
// plan whose version-table changes fail (HeadMaintainer) is an error, as the
// run would be.
struct RevisionPath
{
    enum class Direction { None, Upgrade, Downgrade };

    QString target;
    RevResult<QStringList> upgrade = QStringList();
    RevResult<QStringList> downgrade = QStringList();

    // The way a run to the target goes: up when an upgrade has steps (the
    // target, or something under it, is not applied yet), else down when a
    // downgrade has steps, else nowhere (the database is there).
    Direction direction() const;
    // The steps of that direction (empty for None).
    QStringList steps() const;

    static RevisionPath to(const RevisionPlanner &planner, const QString &target, const QStringList &currentHeads);
};

} // namespace pm
