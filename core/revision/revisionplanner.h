#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringList>

#include "revision/migrationstep.h"
#include "revision/revisionmap.h"
#include "revision/revisionspec.h"

namespace pm {

// The pure-logic half of alembic.script.ScriptDirectory: revision lookups and
// the step lists of upgrade / downgrade / stamp, with errors reworded as
// _catch_revision_errors rewords them for the command line.
//
// "current" is not resolved here: the caller reads alembic_version and passes
// the rows as a tuple, the way Alembic's commands pass `rev` to their callbacks.
class RevisionPlanner final
{
public:
    using Index = RevisionMap::Index;

    // what _catch_revision_errors is given; %(start)s, %(end)s, %(head_arg)s
    // and %(heads)s are replaced in the custom messages as Python does
    struct Catch
    {
        QString ancestor;
        QString multipleHeads;
        QString resolution;
        std::optional<RevisionSpec> start;
        std::optional<RevisionSpec> end;
    };
    static RevisionError translate(const RevisionError &error, const Catch &options = {});

    // The map must outlive the planner and the steps it returns.
    explicit RevisionPlanner(const RevisionMap &map);
    const RevisionMap &map() const { return *m_map; }

    // walk_revisions: heads first, down to base (what `history` prints)
    RevResult<QList<Index>> walkRevisions(const RevisionSpec &base = RevisionSpec(u"base"),
                                       const RevisionSpec &head = RevisionSpec(u"heads")) const;
    RevResult<QList<Index>> getRevisions(const RevisionSpec &id) const;
    RevResult<Index> getRevision(const RevisionSpec &id) const;
    RevResult<QList<Index>> getAllCurrent(const QStringList &heads) const;
    // as_revision_number: empty for None; several only for "heads"
    RevResult<QStringList> asRevisionNumber(const RevisionSpec &id) const;
    RevResult<std::optional<QString>> getCurrentHead() const;
    QStringList getHeads() const { return m_map->heads(); }
    QStringList getBases() const { return m_map->bases(); }
    RevResult<std::optional<QString>> getBase() const;

    // MigrationContext.get_current_heads() in --sql mode: the starting
    // revision given as "start:" of a range, resolved to full ids
    RevResult<QStringList> sqlStartingHeads(const QStringList &startingRevisions) const;

    // _upgrade_revs / _downgrade_revs: the steps in the order they run.
    // currentHeads is a tuple (the rows of alembic_version).
    RevResult<QList<MigrationStep>> upgradeRevs(const QString &destination, const RevisionSpec &currentHeads) const;
    RevResult<QList<MigrationStep>> downgradeRevs(const QString &destination, const RevisionSpec &currentHeads) const;
    // _stamp_revs: destinations as given to `stamp` (several for several heads)
    RevResult<QList<MigrationStep>> stampRevs(const QStringList &destinations, const QStringList &heads) const;

private:
    const RevisionMap *m_map;
};

} // namespace pm
