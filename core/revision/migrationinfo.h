#pragma once

#include <optional>

#include <QString>
#include <QStringList>

namespace pm {

// alembic.runtime.migration.MigrationInfo: what an on_version_apply listener
// is told about one applied step.
struct MigrationInfo
{
    bool isUpgrade = true;
    bool isStamp = false;
    QStringList upRevisionIds;
    QStringList downRevisionIds;

    std::optional<QString> upRevisionId() const
    {
        return upRevisionIds.isEmpty() ? std::nullopt : std::optional<QString>(upRevisionIds.first());
    }
    bool isMigration() const { return !isStamp; }
    QStringList sourceRevisionIds() const { return isUpgrade ? downRevisionIds : upRevisionIds; }
    QStringList destinationRevisionIds() const { return isUpgrade ? upRevisionIds : downRevisionIds; }
};

} // namespace pm
