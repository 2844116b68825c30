#pragma once

#include <QString>
#include <QStringList>

#include "revision/migrationinfo.h"
#include "revision/revisionerror.h"
#include "revision/revisionmap.h"

namespace pm {

// One step of an upgrade, downgrade or stamp: Alembic's RevisionStep and
// StampStep in one value type. A step refers to the RevisionMap that
// produced it, which must outlive it.
class MigrationStep final
{
public:
    enum class Kind { Revision, Stamp };

    // the delete / update / insert split of a merge or unmerge
    struct MergeIdents
    {
        QStringList deleteRevisions;
        QString updateFrom;
        QString updateTo;
    };
    struct UnmergeIdents
    {
        QString updateFrom;
        QString updateTo;
        QStringList insertRevisions;
    };

    static MigrationStep upgrade(const RevisionMap &map, RevisionMap::Index revision);
    static MigrationStep downgrade(const RevisionMap &map, RevisionMap::Index revision);
    static MigrationStep stamp(const RevisionMap &map, const QStringList &from, const QStringList &to,
                               bool isUpgrade, bool branchMove);

    Kind kind() const { return m_kind; }
    bool isUpgrade() const { return m_isUpgrade; }
    bool isDowngrade() const { return !m_isUpgrade; }
    bool branchMove() const { return m_branchMove; }
    // Revision kind only: the script this step runs
    RevisionMap::Index revisionIndex() const { return m_revision; }
    const Revision &revision() const;
    const RevisionMap &map() const { return *m_map; }

    // "upgrade", "downgrade" (the script function to run) or "stamp_revision"
    QString name() const;
    QString doc() const; // empty for stamps
    QStringList fromRevisions() const;
    QStringList fromRevisionsNoDeps() const;
    QStringList toRevisions() const;
    QStringList toRevisionsNoDeps() const;
    // "upgrade a -> b" (the --sql "-- Running ..." comment)
    QString shortLog() const;
    // shortLog() appended where it is written (the --sql output, once per
    // step), without the lists and joins of its parts.
    void appendShortLog(QString &out) const;
    // "upgrade a -> b, doc" (the "Running ..." log line)
    QString toString() const;

    // `heads` are the rows of alembic_version, a set.
    RevResult<bool> shouldDeleteBranch(const QStringList &heads) const;
    bool shouldCreateBranch(const QStringList &heads) const;
    bool shouldMergeBranches(const QStringList &heads) const;
    bool shouldUnmergeBranches(const QStringList &heads) const;
    RevResult<MergeIdents> mergeBranchIdents(const QStringList &heads) const;
    RevResult<UnmergeIdents> unmergeBranchIdents(const QStringList &heads) const;
    RevResult<std::pair<QString, QString>> updateVersionNum(const QStringList &heads) const;
    RevResult<QString> deleteVersionNum() const;
    RevResult<QString> insertVersionNum() const;
    MigrationInfo info() const;

    bool operator==(const MigrationStep &other) const;

private:
    RevResult<QStringList> unmergeToRevisions(const QStringList &heads) const;
    // the normalized down revisions' own ancestors, when there are several
    RevResult<QList<bool>> ancestorsWithinDownRevisions() const;
    // Exact for the revisions of `asked` (and any at or above their
    // generation), which is all a step asks about.
    RevResult<QList<bool>> ancestorsOfHeads(const QSet<QString> &heads, const QStringList &asked) const;
    bool flagged(const QList<bool> &flags, const QString &revision) const;
    // The revisions of `asked` neither among `heads` (other than `asked`'s
    // own) nor below one, in order and once each, as ancestorsOfHeads() and
    // flagged() tell, asked of the map's labels instead of a walk; nullopt
    // when they cannot tell (a head not a revision id, a label among the
    // links) or no other head is left.
    std::optional<QStringList> notBelowOtherHeads(const QStringList &heads, const QStringList &asked) const;

    const RevisionMap *m_map = nullptr;
    Kind m_kind = Kind::Revision;
    bool m_isUpgrade = true;
    bool m_branchMove = false;
    RevisionMap::Index m_revision = RevisionMap::NoRevision;
    QStringList m_from; // stamp only
    QStringList m_to;   // stamp only
};

} // namespace pm
