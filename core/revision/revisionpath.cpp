#include "revision/revisionpath.h"

#include "revision/headmaintainer.h"
#include "revision/revisionplanner.h"

namespace pm {

namespace {

// The steps' revisions, once the version table has taken each step as a
// run takes it: a plan whose bookkeeping fails ("Version x is not in the
// version table") fails the run, so it is no path.
RevResult<QStringList> revisionsOf(const RevResult<QList<MigrationStep>> &steps, const QStringList &currentHeads)
{
    if (!steps)
        return revFail(steps.error());
    HeadMaintainer table(currentHeads);
    QStringList revisions;
    revisions.reserve(steps->size());
    for (const MigrationStep &step : *steps) {
        if (auto changed = table.updateToStep(step); !changed)
            return revFail(changed.error());
        revisions << step.revision().revision();
    }
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
    path.upgrade = revisionsOf(planner.upgradeRevs(target, heads), currentHeads);
    path.downgrade = revisionsOf(planner.downgradeRevs(target, heads), currentHeads);
    return path;
}

} // namespace pm
