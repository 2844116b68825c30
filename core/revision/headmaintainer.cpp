#include "revision/headmaintainer.h"


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
    m_headIndexes = QList<RevisionMap::Index>(m_heads.size(), Unresolved);
}

void HeadMaintainer::resolveHeads(const RevisionMap &map)
{
    if (m_indexedBy != &map) {
        m_indexedBy = &map;
        m_headIndexes.fill(Unresolved);
    }
    for (qsizetype i = 0; i < m_heads.size(); ++i) {
        if (m_headIndexes.at(i) == Unresolved)
            m_headIndexes[i] = map.indexOf(m_heads.at(i));
    }
}

bool HeadMaintainer::updateByRevision(const MigrationStep &step)
{
    if (step.kind() != MigrationStep::Kind::Revision || !step.isUpgrade())
        return false;
    const RevisionMap &map = step.map();
    const auto down = map.normalizedDownIndexes(step.revisionIndex());
    if (down.size() != 1 || down.front() < 0)
        return false;
    resolveHeads(map);
    // A row names a revision exactly when its id is that revision's, so
    // comparing indexes is comparing the ids. Alembic's update removes the
    // row and adds the new one last; the row is most often the last one.
    const RevisionMap::Index from = down.front();
    const RevisionMap::Index to = step.revisionIndex();
    qsizetype at = -1;
    for (qsizetype i = m_headIndexes.size() - 1; i >= 0; --i) {
        const RevisionMap::Index h = m_headIndexes.at(i);
        if (h == to)
            return false; // Alembic's error, from the general path
        if (h == from && at < 0)
            at = i;
    }
    if (at < 0)
        return false; // a new branch
    const Revision &revision = step.revision();
    if (at == m_heads.size() - 1) {
        m_heads[at] = revision.revision();
        m_headIndexes[at] = to;
    } else {
        m_heads.removeAt(at);
        m_headIndexes.removeAt(at);
        m_heads << revision.revision();
        m_headIndexes << to;
    }
    VersionChange c;
    c.kind = VersionChange::Kind::Update;
    c.from = revision.normalizedDownRevisions().first();
    c.to = revision.revision();
    m_partial << std::move(c);
    return true;
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
    m_headIndexes << Unresolved;
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
    m_headIndexes.removeAt(at);
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
    m_headIndexes.removeAt(at);
    m_heads << to;
    m_headIndexes << Unresolved;
    VersionChange c;
    c.kind = VersionChange::Kind::Update;
    c.from = from;
    c.to = to;
    return c;
}

RevResult<QList<VersionChange>> HeadMaintainer::updateToStep(const MigrationStep &step)
{
    QList<VersionChange> &changes = m_partial;
    changes.clear(); // keeps the buffer unless the last answer is still held
    if (updateByRevision(step))
        return m_partial;
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
    return m_partial;
}

} // namespace pm
