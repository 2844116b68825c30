#pragma once

#include <optional>

#include <QSet>
#include <QString>

#include "revision/revisionmap.h"

namespace pm {

// Script.log_entry, Script.__str__, Script._head_only and Script.cmd_format
// from alembic/script/base.py: the text of `history`, `heads`, `branches`,
// `show` and `current`, character for character.
class RevisionFormatter final
{
public:
    using Index = RevisionMap::Index;

    // currents: Script._db_current_indicator; set only by `history -i`, where
    // every printed revision is marked current or not
    explicit RevisionFormatter(const RevisionMap &map, std::optional<QSet<QString>> currents = std::nullopt);

    QString logEntry(Index revision) const;
    QString toString(Index revision) const;
    QString headOnly(Index revision, bool includeBranches = false, bool includeDoc = false,
                     bool includeParents = false, bool treeIndicators = true, bool headIndicators = true) const;
    QString cmdFormat(Index revision, bool verbose, bool includeBranches = false, bool includeDoc = false,
                      bool includeParents = false, bool treeIndicators = true) const;
    QString formatDownRevision(Index revision) const;

    // str.splitlines(): the line breaks Python knows, not only \n
    static QStringList pySplitLines(const QString &text);

private:
    bool isCurrent(Index revision) const;

    const RevisionMap *m_map;
    std::optional<QSet<QString>> m_currents;
};

} // namespace pm
