#include "revision/revisionpath.h"

#include "revision/revisionplanner.h"

namespace pm {

namespace {

RevResult<QStringList> revisionsOf(const RevResult<QList<MigrationStep>> &steps)
{
    if (!steps)
        return revFail(steps.error());
    QStringList revisions;
    revisions.reserve(steps->size());
    for (const MigrationStep &step : *steps)
        revisions << step.revision().revision();
    return revisions;
}

} // namespace

RevisionPath::Direction RevisionPath::direction() const
{
    if (upgrade && !upgrade->isEmpty())
        return Direction::Upgrade;
    if (downgrade && !downgrade->isEmpty())
        return Direction::Downgrade;
    return Direction::None;
}

QStringList RevisionPath::steps() const
{
    switch (direction()) {
    case Direction::Upgrade: return *upgrade;
    case Direction::Downgrade: return *downgrade;
    case Direction::None: break;
    }
    return {};
}

RevisionPath RevisionPath::to(const RevisionPlanner &planner, const QString &target, const QStringList &currentHeads)
{
    RevisionPath path;
    path.target = target;
    const RevisionSpec heads = RevisionSpec::tuple(currentHeads);
    path.upgrade = revisionsOf(planner.upgradeRevs(target, heads));
    path.downgrade = revisionsOf(planner.downgradeRevs(target, heads));
    return path;
}

} // namespace pm
