#include "revision/revisionmap.h"

#include <algorithm>
#include <limits>
#include <memory>
#include <vector>

#include <QRegularExpression>

using namespace Qt::StringLiterals;

// Every step of the port can fail the way a Python call can raise; this
// keeps the propagation to one line, as `raise` is in the original.
#define PM_TRY(var, expr)                                                                                    \
    auto var##_result = (expr);                                                                              \
    if (!var##_result)                                                                                       \
        return std::unexpected(std::move(var##_result.error()));                                             \
    auto var = std::move(*var##_result)

namespace pm {

using Index = RevisionMap::Index;
using Label = RevisionMap::Label;

namespace {

bool truthy(const Label &label)
{
    return label.has_value() && !label->isEmpty();
}

// The revisions that lie on a cycle of `down` (a revision's links, negative
// for none): Tarjan's strongly connected components, without recursion so a
// long chain cannot exhaust the stack.
template<typename Links>
QList<Index> revisionsOnCycles(const Links &down)
{
    const qsizetype n = down.size();
    std::vector<qsizetype> order(size_t(n), -1);
    std::vector<qsizetype> low(size_t(n), 0);
    std::vector<char> onStack(size_t(n), 0);
    std::vector<Index> stack;
    std::vector<std::pair<Index, qsizetype>> walk; // revision, next link to follow
    QList<Index> cyclic;
    qsizetype counter = 0;
    for (Index root = 0; root < n; ++root) {
        if (order[size_t(root)] >= 0)
            continue;
        walk.emplace_back(root, 0);
        while (!walk.empty()) {
            const Index v = walk.back().first;
            const qsizetype link = walk.back().second;
            if (link == 0 && order[size_t(v)] < 0) {
                order[size_t(v)] = low[size_t(v)] = counter++;
                stack.push_back(v);
                onStack[size_t(v)] = 1;
            }
            if (link < qsizetype(down.at(v).size())) {
                ++walk.back().second;
                const Index w = down.at(v)[size_t(link)];
                if (w < 0)
                    continue;
                if (order[size_t(w)] < 0)
                    walk.emplace_back(w, 0);
                else if (onStack[size_t(w)])
                    low[size_t(v)] = std::min(low[size_t(v)], order[size_t(w)]);
                continue;
            }
            walk.pop_back();
            if (!walk.empty()) {
                const Index parent = walk.back().first;
                low[size_t(parent)] = std::min(low[size_t(parent)], low[size_t(v)]);
            }
            if (low[size_t(v)] != order[size_t(v)])
                continue;
            // v is the lowest entry of its component, found from the top:
            // on a long chain the stack is as deep as the chain.
            const qsizetype start = qsizetype(std::find(stack.rbegin(), stack.rend(), v).base() - stack.begin()) - 1;
            const auto links = down.at(v);
            const bool loop = std::find(links.begin(), links.end(), v) != links.end();
            for (qsizetype k = start; k < qsizetype(stack.size()); ++k) {
                onStack[size_t(stack[size_t(k)])] = 0;
                if (qsizetype(stack.size()) - start > 1 || loop)
                    cyclic << stack[size_t(k)];
            }
            stack.resize(size_t(start));
        }
    }
    return cyclic;
}

// How many distinct strings `values` holds.
qsizetype dedupeCount(const QStringList &values)
{
    qsizetype distinct = 0;
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (!values.first(i).contains(values.at(i)))
            ++distinct;
    }
    return distinct;
}

// int() on the text Alembic tries to read as a relative step ("-2").
std::optional<long long> pyInt(const QString &text)
{
    static const QRegularExpression re(u"^\\s*([+-]?)([0-9]+(?:_[0-9]+)*)\\s*$"_s);
    const auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    QString digits = m.captured(2);
    digits.remove(u'_');
    bool ok = false;
    const long long v = digits.toLongLong(&ok);
    if (!ok)
        return std::nullopt;
    return m.captured(1) == u"-"_s ? -v : v;
}

// _relative_destination, used with re.match (anchored at the start only).
struct Relative
{
    Label branchLabel;
    std::optional<QString> symbol;
    QString relative;
};

std::optional<Relative> matchRelative(const QString &target)
{
    static const QRegularExpression re(u"(?:(.+?)@)?(\\w+)?((?:\\+|-)\\d+)"_s,
                                       QRegularExpression::UseUnicodePropertiesOption);
    const auto m = re.match(target, 0, QRegularExpression::NormalMatch,
                            QRegularExpression::AnchorAtOffsetMatchOption);
    if (!m.hasMatch())
        return std::nullopt;
    Relative r;
    if (m.capturedStart(1) >= 0)
        r.branchLabel = m.captured(1);
    if (m.capturedStart(2) >= 0)
        r.symbol = m.captured(2);
    r.relative = m.captured(3);
    return r;
}

QString didntProduce(const QString &relative, long long n)
{
    return u"Relative revision %1 didn't produce %2 migrations"_s.arg(relative).arg(n < 0 ? -n : n);
}

RevisionError assertion(const QString &what)
{
    return RevisionError::internal(u"Unsupported revision input (Alembic fails an assertion): %1"_s.arg(what));
}

template<typename T>
QList<T> sortedByIndex(const QSet<T> &set)
{
    QList<T> out(set.cbegin(), set.cend());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

QStringList RevisionMap::ids(const QList<Index> &indexes) const
{
    QStringList out;
    out.reserve(indexes.size());
    for (Index i : indexes)
        out << (i >= 0 ? m_revisions.at(i).revision() : (i == BaseSymbol ? u"base"_s : QString()));
    return out;
}

QStringList RevisionMap::ids(std::span<const Index> indexes) const
{
    QStringList out;
    out.reserve(qsizetype(indexes.size()));
    for (Index i : indexes)
        out << (i >= 0 ? m_revisions.at(i).revision() : (i == BaseSymbol ? u"base"_s : QString()));
    return out;
}

Index RevisionMap::lookupKey(const QString &key, bool idsOnly) const
{
    return idsOnly ? indexOf(key) : keyIndex(key);
}

Index RevisionMap::keyIndex(const QString &key) const
{
    const Index id = indexOf(key);
    return id != NoRevision || m_labelIndex.isEmpty() ? id : m_labelIndex.value(key, NoRevision);
}

RevResult<RevisionMap> RevisionMap::build(const QList<RevisionInput> &inputs)
{
    RevisionMap map;
    map.m_revisions.reserve(inputs.size());
    map.m_idIndex.reserve(inputs.size());
    map.m_keyOrder.reserve(inputs.size());
    for (const RevisionInput &input : inputs) {
        if (auto error = Revision::check(input))
            return revFail(std::move(*error));
        const Index idx = map.m_revisions.size();
        // one lookup: the id is new unless another position comes back
        if (map.m_idIndex.insert(input.revision, idx, map.m_revisions) != idx)
            return revFail(RevisionError::revision(u"Revision %1 is present more than once"_s.arg(input.revision)));
        const Revision &revision = map.m_revisions.emplaceBack(input); // built in place
        map.m_keyOrder << revision.revision();
        if (!revision.originalBranchLabels().isEmpty())
            map.m_hasBranchLabels << idx;
        if (revision.isBase())
            map.m_bases << idx;
        if (revision.isRealBase())
            map.m_realBases << idx;
    }

    // _map_branch_labels
    for (Index idx : std::as_const(map.m_hasBranchLabels)) {
        const Revision &rev = map.m_revisions.at(idx);
        for (const QString &label : rev.originalBranchLabels()) {
            const Index existing = map.keyIndex(label);
            if (existing != NoRevision) {
                return revFail(RevisionError::revision(
                    u"Branch name '%1' in revision %2 already used by revision %3"_s.arg(
                        label, rev.revision(), map.m_revisions.at(existing).revision())));
            }
            map.m_labelIndex.insert(label, idx);
            map.m_keyOrder << label;
        }
    }

    // _add_depends_on
    for (Revision &rev : map.m_revisions) {
        // none declared: the revision already has none resolved
        if (rev.m_dependencies.isEmpty())
            continue;
        QStringList resolved;
        for (const QString &dep : std::as_const(rev.m_dependencies)) {
            const Index d = map.keyIndex(dep);
            if (d == NoRevision)
                return revFail(RevisionError::missing(
                    u"Revision %1 referenced from %2 is not present"_s.arg(dep, rev.revision())));
            resolved << map.m_revisions.at(d).revision();
        }
        rev.setResolvedDependencies(resolved);
    }

    // link next revisions. Alembic walks the map's values, labels included,
    // but a label's pass repeats its revision's and adds nothing: revision
    // order is the same. Each id is looked up once; the relations below are
    // derived from these indexes. Alembic discards from ordered sets of
    // heads; flags keep that linear.
    const qsizetype n = map.m_revisions.size();
    std::vector<char> head(size_t(n), 1);
    std::vector<char> realHead(size_t(n), 1);
    Links &allDownLinks = map.m_links[size_t(Relation::AllDown)];
    Links &nextLinks = map.m_links[size_t(Relation::Next)];
    Links &allNextLinks = map.m_links[size_t(Relation::AllNext)];
    // Per AllDown link: the revision it reaches (a label's too), and
    // whether that revision is a next revision's versioned down revision.
    struct Reached
    {
        Index revision;
        bool next;
    };
    std::vector<Reached> reached;
    allDownLinks.start.reserve(size_t(n) + 1);
    allDownLinks.targets.reserve(size_t(n) + size_t(n) / 4);
    reached.reserve(allDownLinks.targets.capacity());
    std::vector<qint32> nextCount(size_t(n), 0);
    std::vector<qint32> allNextCount(size_t(n), 0);
    std::vector<Index> lastNext(size_t(n), NoRevision);
    std::vector<Index> lastAllNext(size_t(n), NoRevision);
    for (Index idx = 0; idx < n; ++idx) {
        const Revision &rev = map.m_revisions.at(idx);
        const QStringList &versioned = rev.downRevisions();
        const QStringList &allDown = rev.allDownRevisions();
        // _all_down_revisions is the distinct versioned ids, then the
        // dependencies not among them: the first `versionedCount` are the
        // versioned ones.
        const qsizetype versionedCount = versioned.size() < 2 ? versioned.size() : dedupeCount(versioned);
        for (qsizetype k = 0; k < allDown.size(); ++k) {
            const QString &downrev = allDown.at(k);
            const Index d = map.keyIndex(downrev);
            if (d == NoRevision)
                return revFail(RevisionError::missing(
                    u"Revision %1 referenced from %2 is not present"_s.arg(downrev, rev.revision())));
            const bool label = map.m_revisions.at(d).revision() != downrev;
            allDownLinks.targets.push_back(label ? LabelLink : d);
            // Alembic asks whether the down revision's own id is versioned
            // here: for a label, the id may be listed beside it
            const bool next = label ? versioned.contains(map.m_revisions.at(d).revision()) : k < versionedCount;
            reached.push_back(Reached{d, next});
            // next revisions come in index order: a repeat is the last one
            if (lastAllNext[size_t(d)] != idx) {
                lastAllNext[size_t(d)] = idx;
                ++allNextCount[size_t(d)];
            }
            if (next && lastNext[size_t(d)] != idx) {
                lastNext[size_t(d)] = idx;
                ++nextCount[size_t(d)];
            }
            if (k < versionedCount)
                head[size_t(d)] = 0;
            realHead[size_t(d)] = 0;
        }
        allDownLinks.close();
    }
    // The next links, each revision's in index order, by counting.
    const auto prefix = [n](Links &links, const std::vector<qint32> &count) {
        links.start.resize(size_t(n) + 1);
        qint32 total = 0;
        for (Index i = 0; i < n; ++i) {
            links.start[size_t(i)] = total;
            total += count[size_t(i)];
        }
        links.start[size_t(n)] = total;
        links.targets.assign(size_t(total), NoRevision);
    };
    prefix(allNextLinks, allNextCount);
    prefix(nextLinks, nextCount);
    std::fill(lastNext.begin(), lastNext.end(), NoRevision);
    std::fill(lastAllNext.begin(), lastAllNext.end(), NoRevision);
    std::vector<qint32> allNextFill(allNextLinks.start.begin(), allNextLinks.start.end() - 1);
    std::vector<qint32> nextFill(nextLinks.start.begin(), nextLinks.start.end() - 1);
    for (Index idx = 0; idx < n; ++idx) {
        for (qint32 link = allDownLinks.start[size_t(idx)]; link < allDownLinks.start[size_t(idx) + 1]; ++link) {
            const auto [d, next] = reached[size_t(link)];
            if (lastAllNext[size_t(d)] != idx) {
                lastAllNext[size_t(d)] = idx;
                allNextLinks.targets[size_t(allNextFill[size_t(d)]++)] = idx;
            }
            if (next && lastNext[size_t(d)] != idx) {
                lastNext[size_t(d)] = idx;
                nextLinks.targets[size_t(nextFill[size_t(d)]++)] = idx;
            }
        }
    }
    for (Index idx = 0; idx < n; ++idx) {
        if (head[size_t(idx)])
            map.m_heads << idx;
        if (realHead[size_t(idx)])
            map.m_realHeads << idx;
        // The ids once the indexes are all in, each list allocated at its
        // size. Without dependencies the two kinds of next revision are one
        // list: shared, it is one allocation fewer per revision to make and free.
        Revision &rev = map.m_revisions[idx];
        const auto allNext = allNextLinks.at(idx);
        const auto next = nextLinks.at(idx);
        if (!allNext.empty())
            rev.m_allNextrev = map.ids(allNext);
        if (std::equal(next.begin(), next.end(), allNext.begin(), allNext.end()))
            rev.m_nextrev = rev.m_allNextrev;
        else if (!next.empty())
            rev.m_nextrev = map.ids(next);
    }
    map.linkRelation(Relation::Versioned);
    PM_TRY(normalized, map.normalizeDependsOn());
    Q_UNUSED(normalized);
    map.linkRelation(Relation::Normalized);
    PM_TRY(cycles, map.detectCycles());
    Q_UNUSED(cycles);
    map.computeGenerations();
    PM_TRY(branches, map.addBranches());
    Q_UNUSED(branches);
    return map;
}

RevResult<bool> RevisionMap::normalizeDependsOn()
{
    for (Index idx = 0; idx < m_revisions.size(); ++idx) {
        const QStringList resolved = m_revisions.at(idx).m_resolvedDependencies;
        if (resolved.isEmpty()) {
            // a revision is built with none normalized: only a rebuilt map
            // has any to clear
            if (!m_revisions.at(idx).m_normalizedResolvedDependencies.isEmpty())
                m_revisions[idx].setNormalizedResolvedDependencies({});
            continue;
        }
        QSet<QString> normalized(resolved.cbegin(), resolved.cend());
        PM_TRY(ancestors, iterateRelated(Relation::Versioned, {idx}, false, false));
        for (Index a : ancestors) {
            if (a == idx)
                continue;
            for (const QString &dep : m_revisions.at(a).m_resolvedDependencies)
                normalized.remove(dep);
        }
        // Alembic stores tuple(set): keep the declared order instead.
        QStringList ordered;
        for (const QString &dep : resolved) {
            if (normalized.contains(dep) && !ordered.contains(dep))
                ordered << dep;
        }
        m_revisions[idx].setNormalizedResolvedDependencies(ordered);
    }
    return true;
}

RevResult<bool> RevisionMap::detectCycles() const
{
    if (m_revisions.isEmpty())
        return true;
    // Alembic's checks below find revisions that a walk down from the heads
    // or up from the bases misses. With no cycle and no link naming a label
    // they miss none: a walk up the next links from any revision ends at a
    // head, one down ends at a base, over both kinds of link. Such a map,
    // the usual one, is done with one search for cycles.
    const Links &allDown = m_links[size_t(Relation::AllDown)];
    const QList<Index> dependencyCycles = revisionsOnCycles(allDown);
    if (dependencyCycles.isEmpty()
        && std::find(allDown.targets.cbegin(), allDown.targets.cend(), LabelLink) == allDown.targets.cend())
        return true;
    auto all = [this] {
        QStringList ids;
        for (const Revision &r : m_revisions)
            ids << r.revision();
        return ids;
    };
    auto check = [&](RevisionError::Kind kind, const QList<Index> &heads, const QList<Index> &bases,
                     Relation down, Relation up) -> RevResult<bool> {
        if (heads.isEmpty() || bases.isEmpty())
            return revFail(RevisionError::cycle(kind, all()));
        PM_TRY(fromHeads, iterateRelated(down, heads, false, true));
        PM_TRY(fromBases, iterateRelated(up, bases, false, true));
        QList<char> reached(m_revisions.size(), 0);
        for (Index i : fromBases)
            reached[i] = 1;
        for (Index i : fromHeads) {
            if (reached.at(i) == 1)
                reached[i] = 2;
        }
        QStringList deleted;
        for (Index i = 0; i < m_revisions.size(); ++i) {
            if (reached.at(i) != 2)
                deleted << m_revisions.at(i).revision();
        }
        if (!deleted.isEmpty()) {
            std::sort(deleted.begin(), deleted.end());
            return revFail(RevisionError::cycle(kind, deleted));
        }
        return true;
    };
    PM_TRY(plain, check(RevisionError::Kind::Cycle, m_heads, m_bases, Relation::Versioned, Relation::Next));
    Q_UNUSED(plain);
    PM_TRY(deps, check(RevisionError::Kind::DependencyCycle, m_realHeads, m_realBases, Relation::AllDown,
                       Relation::AllNext));
    Q_UNUSED(deps);
    // Alembic 1.8.1 stops here and so misses a cycle all of whose revisions
    // are reachable both from a head and from a base (a merge below the
    // cycle, another parent below a revision on it). It means to refuse
    // every cycle (sqlalchemy/alembic#757): a correct Alembic does.
    // The versioned links are among AllDown's: with no cycle there, there
    // is none to look for among them.
    if (dependencyCycles.isEmpty())
        return true;
    const QList<Index> versionedCycles = revisionsOnCycles(m_links[size_t(Relation::Versioned)]);
    const bool versioned = !versionedCycles.isEmpty();
    QStringList revisions = ids(versioned ? versionedCycles : dependencyCycles);
    std::sort(revisions.begin(), revisions.end());
    return revFail(RevisionError::cycle(versioned ? RevisionError::Kind::Cycle : RevisionError::Kind::DependencyCycle,
                                        revisions));
}

// Acyclic once detectCycles() passed (Normalized is a subset of AllDown):
// each revision's generation after its down revisions', by an explicit
// stack so that a 10,000-revision line does not recurse 10,000 deep.
void RevisionMap::computeGenerations()
{
    const qsizetype n = m_revisions.size();
    m_generation = QList<int>(n, -1);
    m_generationsCutWalks = true;
    const Links &links = m_links[size_t(Relation::Normalized)];
    const std::vector<qint32> &downStart = links.start;
    const std::vector<Index> &downTargets = links.targets;
    std::vector<Index> stack;
    for (Index start = 0; start < n; ++start) {
        if (m_generation.at(start) >= 0)
            continue;
        stack.push_back(start);
        while (!stack.empty()) {
            const Index rev = stack.back();
            if (m_generation.at(rev) >= 0) {
                stack.pop_back();
                continue;
            }
            int generation = 0;
            bool ready = true;
            for (const Index down : links.at(rev)) {
                if (down < 0) {
                    m_generationsCutWalks = false;
                    continue;
                }
                if (m_generation.at(down) < 0) {
                    ready = false;
                    stack.push_back(down);
                } else {
                    generation = std::max(generation, m_generation.at(down) + 1);
                }
            }
            if (ready) {
                m_generation[rev] = generation;
                stack.pop_back();
            }
        }
    }
    // Reachability labels (GRAIL): number the revisions in post-order of
    // a walk down the links; `m_reachLow` is the lowest number among a
    // revision and its ancestors. An ancestor's range lies inside its
    // descendant's, so most "is x below y" questions end at one compare.
    // `m_reachEnter` is the number the walk was at when it entered a
    // revision: the revisions it entered from there, numbered from there
    // up to the revision's own, are all its ancestors, so most "yes"
    // answers end at one compare too. The walks start at the highest
    // generations, so that the one from the top of a long line takes that
    // whole line in (a side branch's walk, entered first, would leave the
    // line above it outside every range a "yes" can be read from).
    m_reachLow.assign(size_t(n), 0);
    m_reachPost.assign(size_t(n), -1);
    m_reachEnter.assign(size_t(n), 0);
    {
        // the revisions by generation, highest first (by index, highest
        // first, within one), by counting
        int top = 0;
        for (Index i = 0; i < n; ++i)
            top = std::max(top, m_generation.at(i));
        std::vector<qint32> first(size_t(top) + 2, 0);
        for (Index i = 0; i < n; ++i)
            ++first[size_t(top - m_generation.at(i)) + 1];
        for (size_t g = 1; g < first.size(); ++g)
            first[g] += first[g - 1];
        std::vector<Index> roots(static_cast<size_t>(n));
        for (Index i = n - 1; i >= 0; --i)
            roots[size_t(first[size_t(top - m_generation.at(i))]++)] = i;

        qint32 counter = 0;
        std::vector<std::pair<Index, qint32>> walk; // revision, next link
        for (const Index start : roots) {
            if (m_reachPost[size_t(start)] >= 0 || m_reachLow[size_t(start)] < 0)
                continue;
            walk.emplace_back(start, downStart[size_t(start)]);
            m_reachLow[size_t(start)] = -1; // on the walk
            m_reachEnter[size_t(start)] = counter;
            while (!walk.empty()) {
                auto &[rev, link] = walk.back();
                if (link < downStart[size_t(rev) + 1]) {
                    const Index down = downTargets[size_t(link++)];
                    if (down >= 0 && m_reachPost[size_t(down)] < 0 && m_reachLow[size_t(down)] >= 0) {
                        m_reachLow[size_t(down)] = -1;
                        m_reachEnter[size_t(down)] = counter;
                        walk.emplace_back(down, downStart[size_t(down)]);
                    }
                    continue;
                }
                const Index done = rev;
                walk.pop_back();
                qint32 low = counter;
                m_reachPost[size_t(done)] = counter++;
                for (qint32 l = downStart[size_t(done)]; l < downStart[size_t(done) + 1]; ++l) {
                    const Index down = downTargets[size_t(l)];
                    if (down >= 0)
                        low = std::min(low, m_reachLow[size_t(down)]);
                }
                m_reachLow[size_t(done)] = low;
            }
        }
    }
}

int RevisionMap::lowestGeneration(const QStringList &revisionIds) const
{
    int lowest = std::numeric_limits<int>::max();
    for (const QString &id : revisionIds) {
        const Index i = indexOf(id);
        // an id outside the map: no cut, the walk answers for everything
        if (i < 0)
            return 0;
        lowest = std::min(lowest, m_generation.at(i));
    }
    return revisionIds.isEmpty() ? 0 : lowest;
}

RevResult<bool> RevisionMap::addBranches()
{
    for (Index idx : std::as_const(m_hasBranchLabels)) {
        const QSet<QString> labels = m_revisions.at(idx).m_branchLabels;
        if (labels.isEmpty())
            continue;
        PM_TRY(descendants, iterateRelated(Relation::Next, {idx}, false, false));
        for (Index d : descendants)
            m_revisions[d].m_branchLabels.unite(labels);
        // Alembic walks down from the last node its traversal yielded.
        Index parent = descendants.last();
        while (parent != NoRevision && !m_revisions.at(parent).isRealBranchPoint()
               && !m_revisions.at(parent).isMergePoint()) {
            m_revisions[parent].m_branchLabels.unite(labels);
            const QStringList down = m_revisions.at(parent).downRevisions();
            if (down.isEmpty())
                break;
            parent = lookupKey(down.first());
        }
    }
    return true;
}

const QStringList &RevisionMap::relatedIds(const Revision &r, Relation relation) const
{
    switch (relation) {
    case Relation::Versioned: return r.downRevisions();
    case Relation::Normalized: return r.normalizedDownRevisions();
    case Relation::AllDown: return r.allDownRevisions();
    case Relation::Next: return r.nextRevisions();
    case Relation::AllNext:
    case Relation::Count: break;
    }
    return r.allNextRevisions();
}

// Versioned and Normalized name a subset of each revision's AllDown ids,
// already resolved: found there, with no hashing.
void RevisionMap::linkRelation(Relation relation)
{
    Links &links = m_links[size_t(relation)];
    const Links &allDown = m_links[size_t(Relation::AllDown)];
    links = Links();
    links.start.reserve(size_t(m_revisions.size()) + 1);
    links.targets.reserve(allDown.targets.size());
    for (Index rev = 0; rev < m_revisions.size(); ++rev) {
        const Revision &r = m_revisions.at(rev);
        const QStringList &related = relatedIds(r, relation);
        const auto resolved = allDown.at(rev);
        if (related == r.allDownRevisions()) {
            links.targets.insert(links.targets.end(), resolved.begin(), resolved.end()); // the usual case
        } else {
            for (const QString &id : related) {
                const qsizetype k = r.allDownRevisions().indexOf(id);
                if (k >= 0) {
                    links.targets.push_back(resolved[size_t(k)]);
                } else {
                    const Index i = lookupKey(id);
                    links.targets.push_back(i != NoRevision && m_revisions.at(i).revision() != id ? LabelLink : i);
                }
            }
        }
        links.close();
    }
}

RevResult<QList<Index>> RevisionMap::iterateRelated(Relation relation, const QList<Index> &targets, bool check,
                                                    bool idsOnly, bool omitImmediate) const
{
    const qsizetype n = m_revisions.size();
    std::vector<char> seen(size_t(n), 0);
    std::vector<char> isTarget(size_t(n), 0);
    for (Index target : targets) {
        if (target >= 0)
            isTarget[size_t(target)] = 1;
    }
    // std::vector while walking: a QList append is a call, and a walk
    // from a head appends every revision below it
    std::vector<Index> out;
    std::vector<Index> todo;
    std::vector<Index> reached; // check only: every node popped for the current target
    for (Index target : targets) {
        if (target < 0)
            return revFail(assertion(u"a revision was expected, got %1"_s.arg(target == BaseSymbol ? u"'base'"_s : u"None"_s)));
        todo.assign(1, target);
        reached.clear();
        while (!todo.empty()) {
            const Index rev = todo.back();
            todo.pop_back();
            if (check)
                reached.push_back(rev);
            if (seen[size_t(rev)])
                continue;
            seen[size_t(rev)] = 1;
            Relation use = relation;
            if (relation == Relation::Next && omitImmediate && !isTarget[size_t(rev)])
                use = Relation::AllNext;
            const auto related = m_links[size_t(use)].at(rev);
            for (qsizetype k = 0; k < qsizetype(related.size()); ++k) {
                const Index next = related[size_t(k)];
                if (next == NoRevision || (next == LabelLink && idsOnly)) {
                    const Revision &r = m_revisions.at(rev);
                    return revFail(RevisionError::missing(u"Revision %1 referenced from %2 is not present"_s.arg(
                        relatedIds(r, use).at(k), r.revision())));
                }
                if (next == LabelLink)
                    return revFail(RevisionError::revision(u"Dependency resolution failed; broken map"_s));
                todo.push_back(next);
            }
            out.push_back(rev);
        }
        if (check) {
            QSet<Index> overlaps;
            for (Index r : std::as_const(reached)) {
                if (r != target && isTarget[size_t(r)])
                    overlaps.insert(r);
            }
            if (!overlaps.isEmpty()) {
                return revFail(RevisionError::revision(
                    u"Requested revision %1 overlaps with other requested revisions %2"_s.arg(
                        m_revisions.at(target).revision(), ids(sortedByIndex(overlaps)).join(u", "_s))));
            }
        }
    }
    return QList<Index>(out.cbegin(), out.cend());
}

RevResult<QList<Index>> RevisionMap::ancestorNodes(const QList<Index> &targets, bool check,
                                                   bool includeDependencies) const
{
    return iterateRelated(includeDependencies ? Relation::Normalized : Relation::Versioned, targets, check, false);
}

RevResult<QList<Index>> RevisionMap::descendantNodes(const QList<Index> &targets, bool check,
                                                     bool omitImmediateDependencies, bool includeDependencies) const
{
    if (omitImmediateDependencies)
        return iterateRelated(Relation::Next, targets, check, false, true);
    return iterateRelated(includeDependencies ? Relation::AllNext : Relation::Next, targets, check, false);
}

RevResult<QList<bool>> RevisionMap::ancestorFlags(const QList<Index> &targets, int minGeneration) const
{
    // The topological sort asks for one of these at every branch it meets:
    // a tight walk over the resolved links, each revision pushed at most
    // once (flagged when pushed), so the stack never outgrows the map.
    // Below `minGeneration` nothing can lead back up to the revisions the
    // caller asks about: a merge's question is answered near the merge
    // instead of by a walk down to base.
    if (!m_generationsCutWalks)
        minGeneration = 0;
    const int *generation = m_generation.constData();
    const qsizetype n = m_revisions.size();
    QList<bool> flags(n, false);
    bool *seen = flags.data();
    const qint32 *downStart = m_links[size_t(Relation::Normalized)].start.data();
    const Index *downTargets = m_links[size_t(Relation::Normalized)].targets.data();
    const std::unique_ptr<Index[]> stack(new Index[size_t(n) + 1]); // not zeroed: written before read
    Index *todo = stack.get();
    for (Index target : targets) {
        if (target < 0)
            return std::unexpected(ancestorNodes(targets).error());
        if (seen[target])
            continue;
        qsizetype top = 0;
        todo[top++] = target;
        seen[target] = true;
        while (top > 0) {
            const Index rev = todo[--top];
            for (qint32 link = downStart[rev], end = downStart[rev + 1]; link < end; ++link) {
                const Index next = downTargets[link];
                if (next < 0) {
                    // a missing id or a label: the walk's own error
                    auto nodes = ancestorNodes(targets);
                    if (!nodes)
                        return std::unexpected(nodes.error());
                    return revFail(assertion(u"an unresolved down revision"_s));
                }
                if (!seen[next] && generation[next] >= minGeneration) {
                    seen[next] = true;
                    todo[top++] = next;
                }
            }
        }
    }
    return flags;
}

RevResult<QList<bool>> RevisionMap::ancestorMask(Index rev) const
{
    return ancestorFlags({rev});
}

RevResult<std::optional<QString>> RevisionMap::getCurrentHead(const Label &branchLabel) const
{
    QStringList current = heads();
    if (truthy(branchLabel)) {
        PM_TRY(filtered, filterForLineage(current, RevisionSpec(*branchLabel)));
        current = filtered;
    }
    if (current.size() > 1)
        return revFail(RevisionError::multipleHeads(
            current, truthy(branchLabel) ? *branchLabel + u"@head"_s : u"head"_s));
    if (!current.isEmpty())
        return std::optional<QString>(current.first());
    return std::optional<QString>();
}

RevResult<std::pair<QStringList, Label>> RevisionMap::resolveRevisionNumber(const RevisionSpec &id) const
{
    Label branchLabel;
    RevisionSpec spec = id;
    if (id.isString() && id.string().contains(u'@')) {
        const qsizetype at = id.string().indexOf(u'@');
        branchLabel = id.string().left(at);
        spec = RevisionSpec(id.string().mid(at + 1));
    }
    using Result = std::pair<QStringList, Label>;
    if (spec.isString() && spec.string() == u"heads"_s) {
        if (truthy(branchLabel)) {
            PM_TRY(filtered, filterForLineage(heads(), RevisionSpec(*branchLabel)));
            return Result{filtered, branchLabel};
        }
        return Result{realHeads(), branchLabel};
    }
    if (spec.isString() && spec.string() == u"head"_s) {
        PM_TRY(current, getCurrentHead(branchLabel));
        return Result{current ? QStringList{*current} : QStringList{}, branchLabel};
    }
    if (spec.isNone() || (spec.isString() && spec.string() == u"base"_s))
        return Result{{}, branchLabel};
    return Result{spec.toList(), branchLabel};
}

RevResult<QList<Index>> RevisionMap::getRevisions(const RevisionSpec &id) const
{
    if (id.isTuple()) {
        QList<Index> out;
        for (const QString &elem : id.toList()) {
            PM_TRY(part, getRevisions(RevisionSpec(elem)));
            out += part;
        }
        return out;
    }
    PM_TRY(resolved, resolveRevisionNumber(id));
    const auto &[resolvedIds, branchLabel] = resolved;
    if (resolvedIds.size() == 1) {
        const auto rint = pyInt(resolvedIds.first());
        if (rint && *rint < 0) {
            // branch@-n: walk down from the heads
            PM_TRY(selectHeads, getRevisions(RevisionSpec(u"heads"_s)));
            QList<Index> out;
            for (Index head : selectHeads) {
                if (branchLabel.has_value() && !(head >= 0 && m_revisions.at(head).hasBranchLabel(*branchLabel)))
                    continue;
                PM_TRY(walked, walk(head, int(*rint)));
                out << walked;
            }
            return out;
        }
    }
    QList<Index> out;
    for (const QString &revId : resolvedIds) {
        PM_TRY(rev, revisionForIdent(revId, branchLabel));
        out << rev;
    }
    return out;
}

RevResult<Index> RevisionMap::getRevision(const RevisionSpec &id) const
{
    PM_TRY(resolved, resolveRevisionNumber(id));
    const auto &[resolvedIds, branchLabel] = resolved;
    if (resolvedIds.size() > 1)
        return revFail(RevisionError::multipleHeads(resolvedIds, id.pyStr()));
    return revisionForIdent(resolvedIds.isEmpty() ? std::nullopt : std::optional<QString>(resolvedIds.first()),
                            branchLabel);
}

RevResult<Index> RevisionMap::resolveBranch(const QString &branchLabel) const
{
    const Index found = lookupKey(branchLabel);
    if (found != NoRevision)
        return found;
    auto rev = revisionForIdent(branchLabel, std::nullopt);
    if (!rev && rev.error().kind == RevisionError::Kind::Resolution)
        return revFail(RevisionError::resolution(u"No such branch: '%1'"_s.arg(branchLabel), branchLabel));
    return rev;
}

RevResult<Index> RevisionMap::revisionForIdent(const std::optional<QString> &resolvedId,
                                               const Label &checkBranch) const
{
    Index branchRev = NoRevision;
    if (truthy(checkBranch)) {
        PM_TRY(b, resolveBranch(*checkBranch));
        branchRev = b;
    }
    Index revision = NoRevision;
    if (resolvedId.has_value()) {
        revision = lookupKey(*resolvedId);
        if (revision == NoRevision) {
            if (resolvedId->isEmpty())
                return revFail(assertion(u"an empty revision identifier"_s));
            QStringList revs;
            for (const QString &key : m_keyOrder) {
                if (key.size() > 3 && key.startsWith(*resolvedId))
                    revs << key;
            }
            if (branchRev != NoRevision) {
                PM_TRY(filtered, filterForLineage(revs, RevisionSpec(*checkBranch)));
                revs = filtered;
            }
            if (revs.isEmpty()) {
                return revFail(RevisionError::resolution(
                    u"No such revision or branch '%1'%2"_s.arg(
                        *resolvedId, resolvedId->size() < 4
                            ? u"; please ensure at least four characters are present for partial revision identifier matches"_s
                            : QString()),
                    *resolvedId));
            }
            if (revs.size() > 1) {
                QStringList quoted;
                for (const QString &r : revs.mid(0, 3))
                    quoted << u"'"_s + r + u"'"_s;
                return revFail(RevisionError::resolution(
                    u"Multiple revisions start with '%1': %2..."_s.arg(*resolvedId, quoted.join(u", "_s)),
                    *resolvedId));
            }
            revision = lookupKey(revs.first());
        }
    }
    if (truthy(checkBranch) && revision != NoRevision) {
        PM_TRY(shares, sharesLineage(revision, {m_revisions.at(branchRev).revision()}, false));
        if (!shares) {
            return revFail(RevisionError::resolution(
                u"Revision %1 is not a member of branch '%2'"_s.arg(m_revisions.at(revision).revision(),
                                                                    *checkBranch),
                resolvedId.value_or(QString())));
        }
    }
    return revision;
}

RevResult<bool> RevisionMap::sharesLineage(Index target, const QStringList &testAgainst,
                                           bool includeDependencies) const
{
    if (testAgainst.isEmpty())
        return true;
    if (target < 0)
        return revFail(assertion(u"a revision was expected for a lineage test"_s));
    QSet<Index> against;
    for (const QString &t : testAgainst) {
        PM_TRY(rev, revisionForIdent(t, std::nullopt));
        against.insert(rev);
    }
    PM_TRY(desc, descendantNodes({target}, false, false, includeDependencies));
    for (Index i : desc) {
        if (against.contains(i))
            return true;
    }
    PM_TRY(anc, ancestorNodes({target}, false, includeDependencies));
    for (Index i : anc) {
        if (against.contains(i))
            return true;
    }
    return false;
}

RevResult<QList<Index>> RevisionMap::filterForLineage(const QList<Index> &targets, const RevisionSpec &checkAgainst,
                                                      bool includeDependencies) const
{
    PM_TRY(resolved, resolveRevisionNumber(checkAgainst));
    QStringList shares;
    if (truthy(resolved.second))
        shares << *resolved.second;
    shares += resolved.first;
    QList<Index> out;
    for (Index tg : targets) {
        PM_TRY(ok, sharesLineage(tg, shares, includeDependencies));
        if (ok)
            out << tg;
    }
    return out;
}

RevResult<QStringList> RevisionMap::filterForLineage(const QStringList &targets, const RevisionSpec &checkAgainst,
                                                     bool includeDependencies) const
{
    PM_TRY(resolved, resolveRevisionNumber(checkAgainst));
    QStringList shares;
    if (truthy(resolved.second))
        shares << *resolved.second;
    shares += resolved.first;
    QStringList out;
    for (const QString &tg : targets) {
        if (!shares.isEmpty()) {
            PM_TRY(rev, revisionForIdent(tg, std::nullopt));
            PM_TRY(ok, sharesLineage(rev, shares, includeDependencies));
            if (!ok)
                continue;
        }
        out << tg;
    }
    return out;
}

RevResult<Index> RevisionMap::walk(Index start, int steps, const Label &branchLabel, bool noOverwalk) const
{
    Index initial = start;
    const int count = steps < 0 ? -steps : steps;
    for (int step = 0; step < count; ++step) {
        QList<Index> children;
        if (steps > 0) {
            if (initial == BaseSymbol)
                return revFail(assertion(u"walking up from 'base'"_s));
            const QStringList up = initial == NoRevision ? bases() : m_revisions.at(initial).nextRevisions();
            PM_TRY(walkUp, getRevisions(RevisionSpec::tuple(up)));
            if (truthy(branchLabel)) {
                PM_TRY(filtered, filterForLineage(walkUp, RevisionSpec(*branchLabel)));
                children = filtered;
            } else {
                children = walkUp;
            }
        } else if (initial != BaseSymbol) {
            RevisionSpec down;
            if (initial == NoRevision) {
                down = RevisionSpec::tuple(heads());
            } else {
                const QStringList d = m_revisions.at(initial).downRevisions();
                if (d.size() == 1)
                    down = RevisionSpec(d.first());
                else if (d.size() > 1)
                    down = RevisionSpec::tuple(d);
            }
            PM_TRY(found, getRevisions(down));
            children = found;
            if (children.isEmpty())
                children = {BaseSymbol};
        }
        if (children.isEmpty())
            return noOverwalk ? NoRevision : initial;
        if (children.size() > 1)
            return revFail(RevisionError::revision(u"Ambiguous walk"_s));
        initial = children.first();
    }
    return initial;
}

RevResult<std::pair<Label, Index>> RevisionMap::parseDowngradeTarget(const RevisionSpec &currentRevisions,
                                                                     const RevisionSpec &target,
                                                                     bool assertRelativeLength) const
{
    using Result = std::pair<Label, Index>;
    if (target.isNone())
        return Result{std::nullopt, NoRevision};
    if (!target.isString())
        return revFail(assertion(u"Expected downgrade target in string form"_s));
    if (const auto match = matchRelative(target.string())) {
        Label branchLabel = match->branchLabel;
        std::optional<QString> symbol = match->symbol;
        const long long relInt = *pyInt(match->relative);
        if (relInt >= 0) {
            if (!symbol)
                return revFail(RevisionError::revision(didntProduce(match->relative, relInt)));
            PM_TRY(start, getRevision(RevisionSpec(*symbol)));
            PM_TRY(rev, walk(start, int(relInt), branchLabel, assertRelativeLength));
            if (rev == NoRevision)
                return revFail(RevisionError::revision(u"Walked too far"_s));
            return Result{branchLabel, rev};
        }
        const bool relativeRevision = !symbol.has_value();
        if (relativeRevision) {
            if (truthy(branchLabel)) {
                const QStringList cr = currentRevisions.toList();
                PM_TRY(symbolList0, filterForLineage(cr, RevisionSpec(*branchLabel)));
                QStringList symbolList = symbolList0;
                if (symbolList.isEmpty()) {
                    PM_TRY(allCurrent, getAllCurrent(cr));
                    PM_TRY(sl, filterForLineage(allCurrent, RevisionSpec(*branchLabel)));
                    symbolList = ids(sl);
                }
                if (symbolList.size() != 1)
                    return revFail(assertion(u"relative downgrade on branch '%1' does not select one current head"_s.arg(*branchLabel)));
                symbol = symbolList.first();
            } else {
                const QStringList cr = currentRevisions.toList();
                if (cr.isEmpty())
                    return revFail(RevisionError::revision(didntProduce(match->relative, relInt)));
                // Alembic warns here when the heads differ ("downgrade -1
                // from multiple heads is ambiguous") and goes on.
                symbol = cr.first();
                branchLabel = symbol;
            }
        }
        const RevisionSpec startSpec = branchLabel.has_value() ? RevisionSpec(*branchLabel + u"@"_s + *symbol)
                                                               : RevisionSpec(*symbol);
        PM_TRY(start, getRevision(startSpec));
        PM_TRY(rev, walk(start, int(relInt), std::nullopt, assertRelativeLength));
        if (rev == NoRevision) {
            return revFail(RevisionError::revision(relativeRevision ? didntProduce(match->relative, relInt)
                                                                    : u"Walked too far"_s));
        }
        return Result{branchLabel, rev};
    }
    const qsizetype at = target.string().lastIndexOf(u'@');
    Label branchLabel;
    if (at > 0)
        branchLabel = target.string().left(at);
    PM_TRY(rev, getRevision(RevisionSpec(at >= 0 ? target.string().mid(at + 1) : target.string())));
    return Result{branchLabel, rev};
}

RevResult<QList<Index>> RevisionMap::parseUpgradeTarget(const RevisionSpec &currentRevisions,
                                                        const RevisionSpec &target,
                                                        bool assertRelativeLength) const
{
    const auto match = target.isString() ? matchRelative(target.string()) : std::nullopt;
    if (!match)
        return getRevisions(target);

    // current_revisions_tup; () becomes (None,)
    const QStringList current = currentRevisions.toList();
    const RevisionSpec currentTuple = RevisionSpec::tuple(current);
    const Label &branchLabel = match->branchLabel;
    const long long relative = *pyInt(match->relative);
    if (relative > 0) {
        if (!match->symbol) {
            // a start is a revision id (a string), an Index, or None
            struct Start { bool isId = false; QString id; Index index = NoRevision; };
            QList<Start> startRevs;
            for (const QString &c : current)
                startRevs << Start{true, c, NoRevision};
            if (startRevs.isEmpty())
                startRevs << Start{};
            if (truthy(branchLabel)) {
                PM_TRY(currentRevs, getRevisions(currentTuple));
                PM_TRY(onBranch, filterForLineage(currentRevs, RevisionSpec(*branchLabel)));
                startRevs.clear();
                for (Index i : onBranch)
                    startRevs << Start{false, {}, i};
                if (startRevs.isEmpty()) {
                    PM_TRY(ancestors, ancestorNodes(currentRevs));
                    PM_TRY(active, filterForLineage(ancestors, RevisionSpec(*branchLabel)));
                    QSet<QString> tips;
                    for (Index i : active)
                        tips.insert(m_revisions.at(i).revision());
                    for (Index i : active) {
                        for (const QString &d : m_revisions.at(i).normalizedDownRevisions())
                            tips.remove(d);
                    }
                    for (const QString &t : std::as_const(tips))
                        startRevs << Start{true, t, NoRevision};
                    if (startRevs.isEmpty())
                        startRevs << Start{};
                }
            }
            if (startRevs.size() > 1)
                return revFail(RevisionError::revision(u"Ambiguous upgrade from multiple current revisions"_s));
            Index start = startRevs.first().index;
            if (startRevs.first().isId) {
                PM_TRY(s, getRevision(RevisionSpec(startRevs.first().id)));
                start = s;
            }
            PM_TRY(rev, walk(start, int(relative), branchLabel, assertRelativeLength));
            if (rev == NoRevision)
                return revFail(RevisionError::revision(didntProduce(match->relative, relative)));
            return QList<Index>{rev};
        }
        PM_TRY(start, getRevision(RevisionSpec(*match->symbol)));
        PM_TRY(rev, walk(start, int(relative), branchLabel, assertRelativeLength));
        return QList<Index>{rev};
    }
    if (!match->symbol)
        return revFail(RevisionError::revision(didntProduce(QString::number(relative), relative)));
    const RevisionSpec startSpec = branchLabel.has_value() ? RevisionSpec(*branchLabel + u"@"_s + *match->symbol)
                                                           : RevisionSpec(*match->symbol);
    PM_TRY(start, getRevision(startSpec));
    PM_TRY(rev, walk(start, int(relative), std::nullopt, assertRelativeLength));
    return QList<Index>{rev};
}

RevResult<std::pair<QSet<Index>, QList<Index>>> RevisionMap::collectUpgradeRevisions(
    const RevisionSpec &upper, const RevisionSpec &lower, bool inclusive, bool implicitBase,
    bool assertRelativeLength) const
{
    PM_TRY(collected, collectUpgradeFlags(upper, lower, inclusive, implicitBase, assertRelativeLength));
    QSet<Index> needs;
    needs.reserve(collected.count);
    for (Index r = 0; r < collected.flags.size(); ++r) {
        if (collected.flags.at(r))
            needs.insert(r);
    }
    return std::pair{needs, collected.targets};
}

// The revisions an upgrade needs as one flag per revision: the walks'
// lists become flags at once, with no set of 10,000 indexes built,
// subtracted and iterated.
RevResult<RevisionMap::Flagged> RevisionMap::collectUpgradeFlags(const RevisionSpec &upper,
                                                                 const RevisionSpec &lowerIn, bool inclusive,
                                                                 bool implicitBase, bool assertRelativeLength) const
{
    RevisionSpec lower = lowerIn;
    PM_TRY(parsed, parseUpgradeTarget(lower, upper, assertRelativeLength));
    QList<Index> targets;
    for (Index t : parsed) {
        if (t < 0)
            return revFail(assertion(u"upgrade target %1 resolves to no revision"_s.arg(upper.pyStr())));
        targets << t;
    }

    // branch@... as the lower bound keeps only targets on that branch
    if (lower.isString() && lower.string().contains(u'@')) {
        QString branch = lower.string().left(lower.string().indexOf(u'@'));
        PM_TRY(branchRev, getRevision(RevisionSpec(branch)));
        if (branchRev >= 0 && m_revisions.at(branchRev).revision() == branch) {
            const QStringList labels = m_revisions.at(branchRev).branchLabels();
            if (labels.size() != 1)
                return revFail(assertion(u"revision %1 used as a branch has %2 branch labels"_s.arg(branch).arg(labels.size())));
            branch = labels.first();
        }
        QList<Index> kept;
        for (Index t : std::as_const(targets)) {
            if (m_revisions.at(t).hasBranchLabel(branch) && !kept.contains(t))
                kept << t;
        }
        targets = kept;
    }

    PM_TRY(requiredList, ancestorNodes(targets, true, true));
    const qsizetype n = m_revisions.size();
    QList<bool> required(n, false); // every index here is a revision's
    for (Index r : std::as_const(requiredList))
        required[r] = true;
    for (Index t : std::as_const(targets))
        required[t] = true;

    PM_TRY(currentRevisions0, getRevisions(lower));
    QList<Index> currentRevisions = currentRevisions0;
    if (!implicitBase) {
        for (Index rev : std::as_const(currentRevisions)) {
            if (rev != NoRevision && (rev < 0 || !required.at(rev))) {
                return revFail(RevisionError::rangeNotAncestor(lower, upper));
            }
        }
    }

    // lower was relative and walked off the graph
    if (!currentRevisions.isEmpty() && currentRevisions.first() == NoRevision) {
        PM_TRY(parsedLower, parseDowngradeTarget(upper, lower, assertRelativeLength));
        const Index rev = parsedLower.second;
        if (rev == NoRevision)
            return revFail(assertion(u"lower bound %1 resolves to no revision"_s.arg(lower.pyStr())));
        if (rev == BaseSymbol) {
            currentRevisions.clear();
            lower = RevisionSpec::none();
        } else {
            currentRevisions = {rev};
            lower = RevisionSpec(m_revisions.at(rev).revision());
        }
    }

    PM_TRY(currentList, ancestorNodes(currentRevisions, true, true));
    // needs = required - current (a current revision that is no index
    // removes nothing: required holds only indexes)
    QList<bool> &needs = required;
    for (Index c : std::as_const(currentList))
        needs[c] = false;
    for (Index c : std::as_const(currentRevisions)) {
        if (c >= 0)
            needs[c] = false;
    }
    if (inclusive) {
        PM_TRY(lowerRevs, getRevisions(lower));
        for (Index r : lowerRevs) {
            if (r < 0)
                return revFail(assertion(u"inclusive lower bound resolves to no revision"_s));
            needs[r] = true;
        }
    }
    if (!currentRevisions.isEmpty() && !implicitBase) {
        PM_TRY(lowerDescendants, descendantNodes(currentRevisions, true, false, false));
        QList<bool> below(n, false);
        for (Index d : std::as_const(lowerDescendants))
            below[d] = true;
        for (Index r = 0; r < n; ++r)
            needs[r] = needs.at(r) && below.at(r);
    }
    qsizetype count = 0;
    for (const bool need : std::as_const(needs))
        count += need ? 1 : 0;
    return Flagged{std::move(needs), count, targets};
}

RevResult<std::pair<QSet<Index>, QList<Index>>> RevisionMap::collectDowngradeRevisions(
    const RevisionSpec &upper, const RevisionSpec &target, bool inclusive, bool implicitBase,
    bool assertRelativeLength) const
{
    PM_TRY(parsed, parseDowngradeTarget(upper, target, assertRelativeLength));
    const Label branchLabel = parsed.first;
    Index targetRevision = parsed.second == BaseSymbol ? NoRevision : parsed.second;

    QList<Index> roots;
    qsizetype rootCount = 0; // Alembic counts roots once per map key, labels included
    if (targetRevision == NoRevision) {
        for (const QString &key : m_keyOrder) {
            const Index i = keyIndex(key);
            if (m_revisions.at(i).isBase()) {
                ++rootCount;
                if (!roots.contains(i))
                    roots << i;
            }
        }
    } else if (inclusive) {
        roots = {targetRevision};
        rootCount = 1;
    } else {
        PM_TRY(next, getRevisions(RevisionSpec::tuple(m_revisions.at(targetRevision).nextRevisions())));
        for (Index n : next) {
            if (n < 0)
                return revFail(assertion(u"a next revision resolves to no revision"_s));
        }
        roots = next;
        rootCount = next.size();
    }

    if (truthy(branchLabel) && rootCount > 1) {
        PM_TRY(branchRev, resolveBranch(*branchLabel));
        PM_TRY(ancestors, ancestorNodes({branchRev}, false, false));
        const QSet<Index> ancestorSet(ancestors.cbegin(), ancestors.cend());
        QList<Index> kept;
        for (Index r : std::as_const(roots)) {
            if (ancestorSet.contains(r))
                kept << r;
        }
        roots = kept;
        if (roots.isEmpty())
            return revFail(RevisionError::revision(u"Not a valid downgrade target from current heads"_s));
    }

    PM_TRY(heads, getRevisions(upper));
    PM_TRY(downgradeList, descendantNodes(roots, false, false, true));
    PM_TRY(activeList, ancestorNodes(heads, false, true));
    QSet<Index> downgrade(downgradeList.cbegin(), downgradeList.cend());
    const QSet<Index> active(activeList.cbegin(), activeList.cend());
    downgrade &= active;
    if (implicitBase) {
        PM_TRY(rootAncestors, ancestorNodes(roots));
        downgrade |= active - QSet<Index>(rootAncestors.cbegin(), rootAncestors.cend());
    }
    if (targetRevision != NoRevision && downgrade.isEmpty() && !heads.contains(targetRevision))
        return revFail(RevisionError::rangeNotAncestor(RevisionSpec(u"Nothing to drop"_s), upper));
    return std::pair{downgrade, heads};
}

bool RevisionMap::properAncestor(Index ancestor, Index of, std::vector<qint32> &mark, qint32 round,
                                 std::vector<Index> &stack) const
{
    const qint32 post = m_reachPost[size_t(ancestor)];
    const qint32 low = m_reachLow[size_t(ancestor)];
    const int generation = m_generation.at(ancestor);
    // entered below `rev` by the numbering walk: an ancestor for sure
    const auto entered = [this, post](Index rev) {
        return m_reachEnter[size_t(rev)] <= post && post < m_reachPost[size_t(rev)];
    };
    // outside `rev`'s range or not below it by generation: not an ancestor
    const auto covers = [this, post, low, generation](Index rev) {
        return m_reachLow[size_t(rev)] <= low && post < m_reachPost[size_t(rev)]
            && generation < m_generation.at(rev);
    };
    if (!covers(of))
        return false;
    if (entered(of))
        return true;
    if (mark.empty())
        mark.assign(size_t(m_revisions.size()), 0);
    stack.clear();
    stack.push_back(of);
    const Links &links = m_links[size_t(Relation::Normalized)];
    while (!stack.empty()) {
        const Index rev = stack.back();
        stack.pop_back();
        for (const Index down : links.at(rev)) {
            if (down == ancestor)
                return true;
            if (mark[size_t(down)] == round)
                continue;
            mark[size_t(down)] = round;
            if (covers(down)) {
                if (entered(down))
                    return true;
                stack.push_back(down);
            }
        }
    }
    return false;
}

std::optional<bool> RevisionMap::isAncestorOrSelf(Index ancestor, Index of) const
{
    if (!m_generationsCutWalks)
        return std::nullopt;
    if (ancestor == of)
        return true;
    std::vector<qint32> mark; // taken only if the labels do not answer
    std::vector<Index> stack;
    return properAncestor(ancestor, of, mark, 1, stack);
}

RevResult<QList<Index>> RevisionMap::topologicalSort(const QSet<Index> &revisions, const QList<Index> &heads) const
{
    QList<bool> todo(m_revisions.size(), false);
    qsizetype todoCount = 0;
    for (Index r : revisions) {
        if (r >= 0 && !todo.at(r)) {
            todo[r] = true;
            ++todoCount;
        }
    }
    return topologicalSort(std::move(todo), todoCount, revisions.size(), heads);
}

RevResult<QList<Index>> RevisionMap::topologicalSort(QList<bool> todo, qsizetype todoCount, qsizetype setSize,
                                                     const QList<Index> &heads) const
{
    auto inTodo = [&](Index r) { return r >= 0 && todo.at(r); };
    QSet<Index> headSet;
    for (Index h : heads) {
        if (h < 0)
            return revFail(assertion(u"a head of the sort is not a revision"_s));
        if (inTodo(h))
            headSet.insert(h);
    }
    // the map's insertion order is the index order
    QList<Index> currentHeads = sortedByIndex(headSet);
    // Alembic keeps the whole ancestor set of every head it follows and
    // asks whether another current head is in one. Each set is always that
    // of its head as it is now (a plain step down a line removes only the
    // revision left), and a current head is never the set's own: the
    // question is whether one head is a proper ancestor of another, asked
    // of the links directly, with no set built per head. With a label
    // among the links (no reachability labels) the sets are kept, as the
    // walk that builds them is what reports it.
    const bool walkLinks = m_generationsCutWalks;
    QList<QList<bool>> ancestorsByIdx;
    std::vector<qint32> mark(walkLinks ? size_t(m_revisions.size()) : 0, 0);
    qint32 round = 0;
    std::vector<Index> stack;
    if (!walkLinks) {
        for (Index h : std::as_const(currentHeads)) {
            PM_TRY(a, ancestorMask(h));
            ancestorsByIdx << a;
        }
    }
    const auto inAncestors = [&](qsizetype slot, Index rev) {
        if (!walkLinks)
            return ancestorsByIdx.at(slot).at(rev);
        if (++round == std::numeric_limits<qint32>::max()) {
            std::fill(mark.begin(), mark.end(), 0);
            round = 1;
        }
        return properAncestor(rev, currentHeads.at(slot), mark, round, stack);
    };

    QList<Index> output;
    output.reserve(todoCount);
    QList<Index> headsToAdd; // one list for every step: most add one head
    qsizetype idx = 0;
    // Alembic has no guard; a stale ancestor set could in theory ping-pong.
    qint64 budget = qint64(100000) + qint64(setSize) * setSize * 16;
    while (!currentHeads.isEmpty()) {
        if (--budget < 0)
            return revFail(assertion(u"the topological sort does not terminate"_s));
        const Index candidate = currentHeads.at(idx);
        qsizetype other = -1;
        for (qsizetype i = 0; i < currentHeads.size(); ++i) {
            if (i != idx && inAncestors(i, candidate)) {
                other = i;
                break;
            }
        }
        if (other >= 0) {
            // another head depends on us: it has to be traversed first
            idx = other;
            continue;
        }
        if (inTodo(candidate)) {
            output << candidate;
            todo[candidate] = false;
            --todoCount;
        }
        const Revision &cand = m_revisions.at(candidate);
        headsToAdd.clear();
        for (Index ri : m_links[size_t(Relation::Normalized)].at(candidate)) {
            if (inTodo(ri) && !currentHeads.contains(ri))
                headsToAdd << ri;
        }
        if (headsToAdd.isEmpty()) {
            currentHeads.removeAt(idx);
            if (!walkLinks)
                ancestorsByIdx.removeAt(idx);
            idx = std::max<qsizetype>(idx - 1, 0);
        } else if (cand.normalizedResolvedDependencies().isEmpty() && cand.downRevisions().size() == 1) {
            // plain movement down a line: the ancestor set just loses us
            currentHeads[idx] = headsToAdd.first();
            if (!walkLinks)
                ancestorsByIdx[idx][candidate] = false;
        } else {
            currentHeads[idx] = headsToAdd.first();
            currentHeads << headsToAdd.mid(1);
            if (!walkLinks) {
                PM_TRY(first, ancestorMask(headsToAdd.first()));
                ancestorsByIdx[idx] = first;
                for (qsizetype i = 1; i < headsToAdd.size(); ++i) {
                    PM_TRY(a, ancestorMask(headsToAdd.at(i)));
                    ancestorsByIdx << a;
                }
            }
        }
    }
    if (todoCount > 0) {
        QList<Index> left;
        for (Index r = 0; r < todo.size(); ++r) {
            if (todo.at(r))
                left << r;
        }
        return revFail(assertion(u"revisions %1 are not reachable from the heads of the sort"_s.arg(
            ids(left).join(u", "_s))));
    }
    return output;
}

RevResult<QList<Index>> RevisionMap::iterateRevisions(const RevisionSpec &upper, const RevisionSpec &lower,
                                                      const IterateOptions &options) const
{
    if (!options.selectForDowngrade) {
        PM_TRY(collected, collectUpgradeFlags(upper, lower, options.inclusive, options.implicitBase,
                                              options.assertRelativeLength));
        return topologicalSort(std::move(collected.flags), collected.count, collected.count, collected.targets);
    }
    PM_TRY(collected, collectDowngradeRevisions(upper, lower, options.inclusive, options.implicitBase,
                                                options.assertRelativeLength));
    return topologicalSort(collected.first, collected.second);
}

RevResult<QList<Index>> RevisionMap::filterIntoBranchHeads(const QSet<Index> &targetsIn) const
{
    QSet<Index> targets = targetsIn;
    for (Index rev : sortedByIndex(targetsIn)) {
        PM_TRY(desc, descendantNodes({rev}, false, false, false));
        for (Index d : desc) {
            if (d != rev && targets.contains(d)) {
                targets.remove(rev);
                break;
            }
        }
    }
    return sortedByIndex(targets);
}

RevResult<QList<Index>> RevisionMap::getAllCurrent(const QStringList &idList) const
{
    PM_TRY(top, getRevisions(RevisionSpec::tuple(idList)));
    QSet<Index> topSet(top.cbegin(), top.cend());
    PM_TRY(ancestors, ancestorNodes(sortedByIndex(topSet), false, true));
    for (Index a : ancestors)
        topSet.insert(a);
    return filterIntoBranchHeads(topSet);
}

} // namespace pm
