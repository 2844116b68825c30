#pragma once

#include <array>
#include <optional>
#include <span>
#include <vector>

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include "revision/revision.h"
#include "revision/revisionerror.h"
#include "revision/revisionidindex.h"
#include "revision/revisionspec.h"

namespace pm {

// Port of alembic.script.revision.RevisionMap (Alembic 1.8.1).
//
// Order matters: the map's insertion order is the order of `inputs` given to
// build(), and Alembic breaks every tie of its topological sort by that
// order. Alembic fills the map from os.listdir() of versions/, which is NOT
// sorted (on ext4 it is hash order); ScriptDirectory passes the scripts in
// that same directory order, so both tools agree on one machine.
//
// Where Alembic iterates a Python set (hash order, different in each
// process), this port uses a fixed order instead, always one Alembic can
// produce: normalized dependencies in declared order, next revisions and
// "current" revisions in map order, branch labels sorted.
//
// Revisions are addressed by Index into revisions(). Alembic's get_revisions()
// can also yield None (NoRevision) and the string "base" (BaseSymbol).
class RevisionMap final
{
public:
    using Index = qsizetype;
    static constexpr Index NoRevision = -1;
    static constexpr Index BaseSymbol = -2;
    using Label = std::optional<QString>; // None vs a branch label

    RevisionMap() = default;
    // _revision_map: builds, links, spreads branch labels, detects cycles.
    // A revision id given twice is an error here (Alembic only warns and
    // keeps the later one, which leaves its head list inconsistent).
    static RevResult<RevisionMap> build(const QList<RevisionInput> &inputs);

    const QList<Revision> &revisions() const { return m_revisions; }
    const Revision &at(Index index) const { return m_revisions.at(index); }
    Index indexOf(const QString &revisionId) const { return m_idIndex.find(revisionId, m_revisions); }
    bool isEmpty() const { return m_revisions.isEmpty(); }
    QStringList ids(const QList<Index> &indexes) const;
    QStringList ids(std::span<const Index> indexes) const;

    QStringList heads() const { return ids(m_heads); }
    QStringList bases() const { return ids(m_bases); }
    QStringList realHeads() const { return ids(m_realHeads); }
    QStringList realBases() const { return ids(m_realBases); }

    RevResult<std::optional<QString>> getCurrentHead(const Label &branchLabel = std::nullopt) const;
    RevResult<QList<Index>> getRevisions(const RevisionSpec &id) const;
    RevResult<Index> getRevision(const RevisionSpec &id) const;
    // _resolve_revision_number: (revision ids, branch label)
    RevResult<std::pair<QStringList, Label>> resolveRevisionNumber(const RevisionSpec &id) const;
    RevResult<QList<Index>> filterForLineage(const QList<Index> &targets, const RevisionSpec &checkAgainst,
                                             bool includeDependencies = false) const;
    RevResult<QStringList> filterForLineage(const QStringList &targets, const RevisionSpec &checkAgainst,
                                            bool includeDependencies = false) const;

    struct IterateOptions
    {
        bool implicitBase = false;
        bool inclusive = false;
        bool assertRelativeLength = true;
        bool selectForDowngrade = false;
    };
    // iterate_revisions: from upper down to lower, topologically sorted.
    RevResult<QList<Index>> iterateRevisions(const RevisionSpec &upper, const RevisionSpec &lower,
                                             const IterateOptions &options) const;

    RevResult<QList<Index>> ancestorNodes(const QList<Index> &targets, bool check = false,
                                          bool includeDependencies = true) const;
    // ancestorNodes(targets) (dependencies included) as one flag per
    // revision, for callers that only ask whether a revision is among them.
    // With `minGeneration`, only the flags of revisions at that generation
    // or above are exact (the walk does not go below it): a caller asking
    // about a few revisions passes the lowest of their generations.
    RevResult<QList<bool>> ancestorFlags(const QList<Index> &targets, int minGeneration = 0) const;
    // The length of the longest down path (dependencies included) from a
    // revision to a base: every proper ancestor of a revision has a lower one.
    int generation(Index index) const { return m_generation.at(index); }
    // A revision's normalizedDownRevisions() as indexes, in the same order;
    // negative for an id that is absent or names a branch label.
    std::span<const Index> normalizedDownIndexes(Index rev) const
    {
        return m_links[size_t(Relation::Normalized)].at(rev);
    }
    // Whether `ancestor` is `of` or lies below it (dependencies included),
    // as ancestorFlags({of}) says, most often from the reachability labels
    // alone; nullopt in a map with a link naming a label, which only
    // ancestorFlags()' walk reports.
    std::optional<bool> isAncestorOrSelf(Index ancestor, Index of) const;
    int lowestGeneration(const QStringList &revisionIds) const;
    RevResult<QList<Index>> descendantNodes(const QList<Index> &targets, bool check = false,
                                            bool omitImmediateDependencies = false,
                                            bool includeDependencies = true) const;
    // _get_all_current, in map order
    RevResult<QList<Index>> getAllCurrent(const QStringList &ids) const;

    // The pieces of iterate_revisions, exposed for tests and the planner.
    RevResult<std::pair<QSet<Index>, QList<Index>>> collectUpgradeRevisions(
        const RevisionSpec &upper, const RevisionSpec &lower, bool inclusive, bool implicitBase,
        bool assertRelativeLength) const;
    RevResult<std::pair<QSet<Index>, QList<Index>>> collectDowngradeRevisions(
        const RevisionSpec &upper, const RevisionSpec &target, bool inclusive, bool implicitBase,
        bool assertRelativeLength) const;
    RevResult<QList<Index>> topologicalSort(const QSet<Index> &revisions, const QList<Index> &heads) const;
    RevResult<Index> walk(Index start, int steps, const Label &branchLabel = std::nullopt,
                          bool noOverwalk = true) const;

private:
    enum class Relation { Versioned, Normalized, AllDown, Next, AllNext, Count };
    // A related id naming a branch label, not a revision (Alembic: "broken map").
    static constexpr Index LabelLink = -3;

    // collectUpgradeRevisions() with the set as one flag per revision
    struct Flagged
    {
        QList<bool> flags;
        qsizetype count = 0; // flags set
        QList<Index> targets;
    };
    RevResult<Flagged> collectUpgradeFlags(const RevisionSpec &upper, const RevisionSpec &lower, bool inclusive,
                                           bool implicitBase, bool assertRelativeLength) const;
    // topologicalSort() on the revisions flagged in `todo` (`todoCount`
    // of them; `setSize` is what the public one's set held)
    RevResult<QList<Index>> topologicalSort(QList<bool> todo, qsizetype todoCount, qsizetype setSize,
                                            const QList<Index> &heads) const;
    RevResult<QList<Index>> iterateRelated(Relation relation, const QList<Index> &targets, bool check,
                                           bool idsOnly, bool omitImmediate = false) const;
    // One bit per revision: the revision and everything below it.
    RevResult<QList<bool>> ancestorMask(Index rev) const;
    // Whether `ancestor` lies below `of` over the Normalized links (the
    // reachability labels and generations prune the walk; `mark` and
    // `round` say which revisions this question has met).
    bool properAncestor(Index ancestor, Index of, std::vector<qint32> &mark, qint32 round,
                        std::vector<Index> &stack) const;
    const QStringList &relatedIds(const Revision &r, Relation relation) const;
    void linkRelation(Relation relation);
    RevResult<Index> revisionForIdent(const std::optional<QString> &resolvedId, const Label &checkBranch) const;
    RevResult<Index> resolveBranch(const QString &branchLabel) const;
    RevResult<bool> sharesLineage(Index target, const QStringList &testAgainst, bool includeDependencies) const;
    RevResult<std::pair<Label, Index>> parseDowngradeTarget(const RevisionSpec &currentRevisions,
                                                            const RevisionSpec &target,
                                                            bool assertRelativeLength) const;
    RevResult<QList<Index>> parseUpgradeTarget(const RevisionSpec &currentRevisions, const RevisionSpec &target,
                                               bool assertRelativeLength) const;
    RevResult<QList<Index>> filterIntoBranchHeads(const QSet<Index> &targets) const;
    RevResult<bool> detectCycles() const;
    void computeGenerations();
    RevResult<bool> normalizeDependsOn();
    RevResult<bool> addBranches();
    Index lookupKey(const QString &key, bool idsOnly = false) const;

    QList<Revision> m_revisions;
    // Alembic's _revision_map holds ids and branch labels; a label that is
    // also an id is refused, so the two never overlap and are kept apart:
    // the ids' map is not copied for the few labels.
    RevisionIdIndex<Revision> m_idIndex; // revision ids only (Alembic's rev_map)
    QHash<QString, Index> m_labelIndex; // branch labels only
    QStringList m_keyOrder;             // insertion order of _revision_map (ids, then labels)
    Index keyIndex(const QString &key) const; // an id or a label
    QList<Index> m_heads;
    QList<Index> m_realHeads;
    QList<Index> m_bases;
    QList<Index> m_realBases;
    QList<Index> m_hasBranchLabels;
    // Per relation, per revision: the related ids resolved to indexes once
    // (NoRevision when absent, LabelLink for a label), so walks hash nothing.
    // Flat (revision i's are targets[start[i] .. start[i + 1]]): built
    // with no allocation per revision, walked over contiguous memory.
    struct Links
    {
        std::vector<qint32> start{0};
        std::vector<Index> targets;
        std::span<const Index> at(Index rev) const
        {
            return {targets.data() + start[size_t(rev)], targets.data() + start[size_t(rev) + 1]};
        }
        qsizetype size() const { return qsizetype(start.size()) - 1; }
        void close() { start.push_back(qint32(targets.size())); } // ends the next revision's links
    };
    std::array<Links, size_t(Relation::Count)> m_links;
    QList<int> m_generation; // per revision, over the Normalized links
    // Reachability labels over the same links (computeGenerations()).
    std::vector<qint32> m_reachLow;
    std::vector<qint32> m_reachPost;
    std::vector<qint32> m_reachEnter;
    // A Normalized link to a label: walks must meet it to report it, so
    // they are never cut short by generation.
    bool m_generationsCutWalks = true;
};

} // namespace pm
