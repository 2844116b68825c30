#include "revision/headmaintainer.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace pm {

QString VersionChange::toString() const
{
    switch (kind) {
    case Kind::DeleteAll: return u"delete all"_s;
    case Kind::Insert: return u"insert "_s + version;
    case Kind::Delete: return u"delete "_s + version;
    case Kind::Update: return u"update "_s + from + u" to "_s + to;
    case Kind::Count: break;
    }
    return {};
}

HeadMaintainer::HeadMaintainer(const QStringList &heads)
{
    for (const QString &h : heads) {
        if (!m_heads.contains(h))
            m_heads << h;
    }
}

VersionChange HeadMaintainer::purge()
{
    VersionChange c;
    c.kind = VersionChange::Kind::DeleteAll;
    return c;
}

QString HeadMaintainer::deleteRowcountMessage(const QString &version, const QString &table, int rowcount)
{
    return u"Online migration expected to match one row when deleting '%1' in '%2'; %3 found"_s.arg(version, table)
        .arg(rowcount);
}

QString HeadMaintainer::updateRowcountMessage(const QString &from, const QString &to, const QString &table,
                                              int rowcount)
{
    return u"Online migration expected to match one row when updating '%1' to '%2' in '%3'; %4 found"_s
        .arg(from, to, table)
        .arg(rowcount);
}

RevResult<VersionChange> HeadMaintainer::insertVersion(const QString &version)
{
    if (m_heads.contains(version))
        return revFail(RevisionError::internal(u"Version %1 is already in the version table"_s.arg(version)));
    m_heads << version;
    VersionChange c;
    c.kind = VersionChange::Kind::Insert;
    c.version = version;
    return c;
}

// The heads are a set: the last occurrence is the only one, and a step
// most often moves the head the step before it appended.
RevResult<VersionChange> HeadMaintainer::deleteVersion(const QString &version)
{
    const qsizetype at = m_heads.lastIndexOf(version);
    if (at < 0)
        return revFail(RevisionError::missing(u"Version %1 is not in the version table"_s.arg(version)));
    m_heads.removeAt(at);
    VersionChange c;
    c.kind = VersionChange::Kind::Delete;
    c.version = version;
    return c;
}

RevResult<VersionChange> HeadMaintainer::updateVersion(const QString &from, const QString &to)
{
    if (m_heads.contains(to))
        return revFail(RevisionError::internal(u"Version %1 is already in the version table"_s.arg(to)));
    const qsizetype at = m_heads.lastIndexOf(from);
    if (at < 0)
        return revFail(RevisionError::missing(u"Version %1 is not in the version table"_s.arg(from)));
    m_heads.removeAt(at);
    m_heads << to;
    VersionChange c;
    c.kind = VersionChange::Kind::Update;
    c.from = from;
    c.to = to;
    return c;
}

RevResult<QList<VersionChange>> HeadMaintainer::updateToStep(const MigrationStep &step)
{
    QList<VersionChange> &changes = m_partial;
    changes.clear();
    auto add = [&changes](RevResult<VersionChange> &change) -> bool {
        if (!change)
            return false;
        changes << std::move(*change);
        return true;
    };
#define PM_ADD(expr)                                                                                         \
    do {                                                                                                     \
        auto r_ = (expr);                                                                                    \
        if (!add(r_))                                                                                        \
            return std::unexpected(r_.error());                                                              \
    } while (false)

    const auto shouldDelete = step.shouldDeleteBranch(m_heads);
    if (!shouldDelete)
        return std::unexpected(shouldDelete.error());
    if (*shouldDelete) {
        const auto vers = step.deleteVersionNum();
        if (!vers)
            return std::unexpected(vers.error());
        PM_ADD(deleteVersion(*vers));
    } else if (step.shouldCreateBranch(m_heads)) {
        const auto vers = step.insertVersionNum();
        if (!vers)
            return std::unexpected(vers.error());
        PM_ADD(insertVersion(*vers));
    } else if (step.shouldMergeBranches(m_heads)) {
        const auto idents = step.mergeBranchIdents(m_heads);
        if (!idents)
            return std::unexpected(idents.error());
        for (const QString &del : idents->deleteRevisions)
            PM_ADD(deleteVersion(del));
        PM_ADD(updateVersion(idents->updateFrom, idents->updateTo));
    } else if (step.shouldUnmergeBranches(m_heads)) {
        const auto idents = step.unmergeBranchIdents(m_heads);
        if (!idents)
            return std::unexpected(idents.error());
        for (const QString &ins : idents->insertRevisions)
            PM_ADD(insertVersion(ins));
        PM_ADD(updateVersion(idents->updateFrom, idents->updateTo));
    } else {
        const auto fromTo = step.updateVersionNum(m_heads);
        if (!fromTo)
            return std::unexpected(fromTo.error());
        PM_ADD(updateVersion(fromTo->first, fromTo->second));
    }
#undef PM_ADD
    return std::exchange(m_partial, {});
}

} // namespace pm
