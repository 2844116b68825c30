#include "revision/revisionplanner.h"

using namespace Qt::StringLiterals;

namespace pm {

RevisionPlanner::RevisionPlanner(const RevisionMap &map) : m_map(&map) {}

RevisionError RevisionPlanner::translate(const RevisionError &error, const Catch &options)
{
    auto reworded = [&error](QString message) {
        RevisionError e = error;
        e.kind = RevisionError::Kind::Command;
        e.message = std::move(message);
        return e;
    };
    auto fill = [](QString text, const QString &key, const QString &value) {
        return text.replace(u"%("_s + key + u")s"_s, value);
    };
    switch (error.kind) {
    case RevisionError::Kind::RangeNotAncestor: {
        const QString start = options.start ? options.start->pyStr() : error.lower;
        const QString end = options.end ? options.end->pyStr() : error.upper;
        QString text = options.ancestor.isEmpty()
            ? u"Requested range %(start)s:%(end)s does not refer to ancestor/descendant revisions along the same branch"_s
            : options.ancestor;
        return reworded(fill(fill(text, u"start"_s, start), u"end"_s, end));
    }
    case RevisionError::Kind::MultipleHeads: {
        QString text = options.multipleHeads.isEmpty()
            ? u"Multiple head revisions are present for given argument '%(head_arg)s'; please specify a specific target revision, '<branchname>@%(head_arg)s' to narrow to a specific head, or 'heads' for all heads"_s
            : options.multipleHeads;
        const QString headArg = options.end && options.end->isTruthy() ? options.end->pyStr() : error.argument;
        return reworded(fill(fill(text, u"head_arg"_s, headArg), u"heads"_s, error.heads.join(u", "_s)));
    }
    case RevisionError::Kind::Resolution:
        return reworded(options.resolution.isEmpty()
                            ? u"Can't locate revision identified by '%1'"_s.arg(error.argument)
                            : options.resolution);
    default:
        if (!error.isRevisionError())
            return error;
        return reworded(error.message);
    }
}

RevResult<QList<RevisionPlanner::Index>> RevisionPlanner::walkRevisions(const RevisionSpec &base,
                                                                     const RevisionSpec &head) const
{
    RevisionMap::IterateOptions opts;
    opts.inclusive = true;
    opts.assertRelativeLength = false;
    auto revs = m_map->iterateRevisions(head, base, opts);
    if (!revs)
        return revFail(translate(revs.error(), Catch{{}, {}, {}, base, head}));
    return *revs;
}

RevResult<QList<RevisionPlanner::Index>> RevisionPlanner::getRevisions(const RevisionSpec &id) const
{
    auto revs = m_map->getRevisions(id);
    if (!revs)
        return revFail(translate(revs.error()));
    return *revs;
}

RevResult<RevisionPlanner::Index> RevisionPlanner::getRevision(const RevisionSpec &id) const
{
    auto rev = m_map->getRevision(id);
    if (!rev)
        return revFail(translate(rev.error()));
    return *rev;
}

RevResult<QList<RevisionPlanner::Index>> RevisionPlanner::getAllCurrent(const QStringList &heads) const
{
    auto revs = m_map->getAllCurrent(heads);
    if (!revs)
        return revFail(translate(revs.error()));
    return *revs;
}

RevResult<QStringList> RevisionPlanner::asRevisionNumber(const RevisionSpec &id) const
{
    auto resolved = m_map->resolveRevisionNumber(id);
    if (!resolved)
        return revFail(translate(resolved.error()));
    const QStringList &revs = resolved->first;
    if (revs.isEmpty())
        return QStringList();
    if (id.isString() && id.string() == u"heads"_s)
        return revs;
    return QStringList{revs.first()};
}

RevResult<std::optional<QString>> RevisionPlanner::getCurrentHead() const
{
    auto head = m_map->getCurrentHead();
    if (!head) {
        Catch c;
        c.multipleHeads = u"The script directory has multiple heads (due to branching).Please use get_heads(), or merge the branches using alembic merge."_s;
        return revFail(translate(head.error(), c));
    }
    return *head;
}

RevResult<std::optional<QString>> RevisionPlanner::getBase() const
{
    const QStringList bases = getBases();
    if (bases.size() > 1)
        return revFail(RevisionError::command(u"The script directory has multiple bases. Please use get_bases()."_s));
    if (bases.isEmpty())
        return std::optional<QString>();
    return std::optional<QString>(bases.first());
}

RevResult<QStringList> RevisionPlanner::sqlStartingHeads(const QStringList &startingRevisions) const
{
    QStringList out;
    if (startingRevisions == QStringList{u"base"_s})
        return out;
    for (const QString &sfr : startingRevisions) {
        if (sfr == u"base"_s)
            continue;
        auto rev = getRevision(RevisionSpec(sfr));
        if (!rev)
            return revFail(rev.error());
        if (*rev < 0)
            return revFail(RevisionError::command(u"Starting revision %1 is not a revision"_s.arg(sfr)));
        out << m_map->at(*rev).revision();
    }
    return out;
}

RevResult<QList<MigrationStep>> RevisionPlanner::upgradeRevs(const QString &destination,
                                                           const RevisionSpec &currentHeads) const
{
    RevisionMap::IterateOptions opts;
    opts.implicitBase = true;
    auto revs = m_map->iterateRevisions(RevisionSpec(destination), currentHeads, opts);
    if (!revs) {
        Catch c;
        c.ancestor = u"Destination %(end)s is not a valid upgrade target from current head(s)"_s;
        c.end = RevisionSpec(destination);
        return revFail(translate(revs.error(), c));
    }
    QList<MigrationStep> steps;
    steps.reserve(revs->size()); // one step a revision: no regrowth on a long run
    for (auto it = revs->crbegin(); it != revs->crend(); ++it)
        steps << MigrationStep::upgrade(*m_map, *it);
    return steps;
}

RevResult<QList<MigrationStep>> RevisionPlanner::downgradeRevs(const QString &destination,
                                                             const RevisionSpec &currentHeads) const
{
    RevisionMap::IterateOptions opts;
    opts.selectForDowngrade = true;
    auto revs = m_map->iterateRevisions(currentHeads, RevisionSpec(destination), opts);
    if (!revs) {
        Catch c;
        c.ancestor = u"Destination %(end)s is not a valid downgrade target from current head(s)"_s;
        c.end = RevisionSpec(destination);
        return revFail(translate(revs.error(), c));
    }
    QList<MigrationStep> steps;
    steps.reserve(revs->size());
    for (Index i : *revs)
        steps << MigrationStep::downgrade(*m_map, i);
    return steps;
}

RevResult<QList<MigrationStep>> RevisionPlanner::stampRevs(const QStringList &destinations,
                                                         const QStringList &heads) const
{
    Catch c;
    c.multipleHeads = u"Multiple heads are present; please specify a single target revision"_s;
    auto wrap = [&c](const RevisionError &e) { return revFail(translate(e, c)); };

    auto headsRevs = m_map->getRevisions(RevisionSpec::tuple(heads));
    if (!headsRevs)
        return wrap(headsRevs.error());

    RevisionSpec revision = RevisionSpec::tuple(destinations);
    if (!revision.isTruthy())
        revision = RevisionSpec(u"base"_s);

    QList<Index> filteredHeads;
    for (const QString &rev : revision.toList()) {
        if (rev.isEmpty())
            continue;
        auto filtered = m_map->filterForLineage(*headsRevs, RevisionSpec(rev), true);
        if (!filtered)
            return wrap(filtered.error());
        for (Index f : *filtered) {
            if (!filteredHeads.contains(f))
                filteredHeads << f;
        }
    }

    auto destsResult = m_map->getRevisions(revision);
    if (!destsResult)
        return wrap(destsResult.error());
    QList<Index> dests = *destsResult;
    if (dests.isEmpty())
        dests = {RevisionMap::NoRevision};

    QStringList todoHeads;
    for (Index h : std::as_const(filteredHeads))
        todoHeads << m_map->at(h).revision();

    QList<MigrationStep> steps;
    for (Index dest : std::as_const(dests)) {
        if (dest == RevisionMap::NoRevision) {
            // dest is base: a "delete branch" step for every head concerned
            for (Index head : std::as_const(filteredHeads))
                steps << MigrationStep::stamp(*m_map, {m_map->at(head).revision()}, {}, false, true);
            continue;
        }
        if (filteredHeads.contains(dest))
            continue;
        auto descendants = m_map->descendantNodes({dest});
        if (!descendants)
            return wrap(descendants.error());
        auto ancestors = m_map->ancestorNodes({dest});
        if (!ancestors)
            return wrap(ancestors.error());
        auto meets = [&filteredHeads](const QList<Index> &nodes) {
            for (Index n : nodes) {
                if (filteredHeads.contains(n))
                    return true;
            }
            return false;
        };
        const QString destId = m_map->at(dest).revision();
        if (meets(*descendants) && meets(*ancestors))
            return revFail(RevisionError::internal(
                u"Stamp target %1 is both above and below the current heads"_s.arg(m_map->at(dest).revision())));
        if (meets(*descendants))
            steps << MigrationStep::stamp(*m_map, todoHeads, {destId}, false, false);
        else if (meets(*ancestors))
            steps << MigrationStep::stamp(*m_map, todoHeads, {destId}, true, false);
        else
            steps << MigrationStep::stamp(*m_map, {}, {destId}, true, true);
    }
    return steps;
}

} // namespace pm
