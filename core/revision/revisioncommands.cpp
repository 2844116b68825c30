#include "revision/revisioncommands.h"

#include "revision/revisionformatter.h"

using namespace Qt::StringLiterals;

namespace pm {

static std::optional<std::pair<QString, QString>> splitRange(const QString &range)
{
    const QStringList parts = range.trimmed().split(u':');
    if (parts.size() != 2)
        return std::nullopt;
    return std::pair{parts.at(0), parts.at(1)};
}

bool RevisionCommands::historyNeedsDatabase(const std::optional<QString> &revRange, bool indicateCurrent,
                                            bool revisionEnvironment)
{
    if (indicateCurrent || revisionEnvironment)
        return true;
    if (!revRange)
        return false;
    const auto parts = splitRange(*revRange);
    return parts && (parts->first == u"current"_s || parts->second == u"current"_s);
}

RevResult<QStringList> RevisionCommands::history(const RevisionPlanner &planner, const std::optional<QString> &revRange,
                                              bool verbose, bool indicateCurrent, const QStringList &currentHeads)
{
    std::optional<QString> base;
    std::optional<QString> head;
    if (revRange) {
        if (!revRange->contains(u':'))
            return revFail(RevisionError::command(u"History range requires [start]:[end], [start]:, or :[end]"_s));
        const auto parts = splitRange(*revRange);
        if (!parts) {
            // Alembic dies unpacking str.split(":") here
            return revFail(RevisionError::internal(u"History range takes one ':' only"_s));
        }
        base = parts->first;
        head = parts->second;
    }

    // `base or "base"` / `head or "heads"`; "current" on one side becomes
    // the rows (only one side: Alembic checks head first, then base)
    auto plain = [](const std::optional<QString> &v, const QString &fallback) {
        return (!v || v->isEmpty()) ? RevisionSpec(fallback) : RevisionSpec(*v);
    };
    auto rows = [&currentHeads](const QString &fallback) {
        return currentHeads.isEmpty() ? RevisionSpec(fallback) : RevisionSpec::tuple(currentHeads);
    };
    RevisionSpec baseSpec = plain(base, u"base"_s);
    RevisionSpec headSpec = plain(head, u"heads"_s);
    if (head && *head == u"current"_s)
        headSpec = rows(u"heads"_s);
    else if (base && *base == u"current"_s)
        baseSpec = rows(u"base"_s);

    auto revs = planner.walkRevisions(baseSpec, headSpec);
    if (!revs)
        return revFail(revs.error());
    std::optional<QSet<QString>> currents;
    if (indicateCurrent)
        currents = QSet<QString>(currentHeads.cbegin(), currentHeads.cend());
    const RevisionFormatter fmt(planner.map(), currents);
    QStringList out;
    for (RevisionMap::Index i : *revs)
        out << fmt.cmdFormat(i, verbose, true, true, true);
    return out;
}

RevResult<QStringList> RevisionCommands::heads(const RevisionPlanner &planner, bool verbose, bool resolveDependencies)
{
    auto revs = resolveDependencies ? planner.getRevisions(RevisionSpec(u"heads"_s))
                                    : planner.getRevisions(RevisionSpec::tuple(planner.getHeads()));
    if (!revs)
        return revFail(revs.error());
    const RevisionFormatter fmt(planner.map());
    QStringList out;
    for (RevisionMap::Index i : *revs)
        out << fmt.cmdFormat(i, verbose, true, false, false, false);
    return out;
}

RevResult<QStringList> RevisionCommands::branches(const RevisionPlanner &planner, bool verbose)
{
    auto revs = planner.walkRevisions();
    if (!revs)
        return revFail(revs.error());
    const RevisionFormatter fmt(planner.map());
    QStringList out;
    for (RevisionMap::Index i : *revs) {
        const Revision &sc = planner.map().at(i);
        if (!sc.isBranchPoint())
            continue;
        const QString pad(sc.revision().toUcs4().size(), u' ');
        QStringList lines;
        for (const QString &next : sc.nextRevisions()) {
            auto rev = planner.getRevision(RevisionSpec(next));
            if (!rev)
                return revFail(rev.error());
            lines << pad + u" -> "_s + fmt.cmdFormat(*rev, false, true, verbose);
        }
        out << fmt.cmdFormat(i, verbose, true) + u"\n"_s + lines.join(u"\n"_s) + u"\n"_s;
    }
    return out;
}

RevResult<QStringList> RevisionCommands::show(const RevisionPlanner &planner, const QString &rev,
                                           const QStringList &currentHeads)
{
    auto revs = rev == u"current"_s ? planner.getRevisions(RevisionSpec::tuple(currentHeads))
                                    : planner.getRevisions(RevisionSpec(rev));
    if (!revs)
        return revFail(revs.error());
    const RevisionFormatter fmt(planner.map());
    QStringList out;
    for (RevisionMap::Index i : *revs) {
        if (i < 0)
            return revFail(RevisionError::command(u"'%1' does not name a revision"_s.arg(rev)));
        out << fmt.logEntry(i);
    }
    return out;
}

RevResult<QStringList> RevisionCommands::current(const RevisionPlanner &planner, bool verbose,
                                              const QStringList &currentHeads)
{
    auto revs = planner.getAllCurrent(currentHeads);
    if (!revs)
        return revFail(revs.error());
    const RevisionFormatter fmt(planner.map());
    QStringList out;
    for (RevisionMap::Index i : *revs)
        out << fmt.cmdFormat(i, verbose);
    return out;
}

} // namespace pm
