#include "revision/migrationstep.h"

#include <algorithm>
#include <cstring>

#include <QSet>
#include <QVarLengthArray>

using namespace Qt::StringLiterals;

namespace pm {

MigrationStep MigrationStep::upgrade(const RevisionMap &map, RevisionMap::Index revision)
{
    MigrationStep s;
    s.m_map = &map;
    s.m_revision = revision;
    s.m_isUpgrade = true;
    return s;
}

MigrationStep MigrationStep::downgrade(const RevisionMap &map, RevisionMap::Index revision)
{
    MigrationStep s = upgrade(map, revision);
    s.m_isUpgrade = false;
    return s;
}

MigrationStep MigrationStep::stamp(const RevisionMap &map, const QStringList &from, const QStringList &to,
                                   bool isUpgrade, bool branchMove)
{
    MigrationStep s;
    s.m_map = &map;
    s.m_kind = Kind::Stamp;
    s.m_from = from;
    s.m_to = to;
    s.m_isUpgrade = isUpgrade;
    s.m_branchMove = branchMove;
    return s;
}

const Revision &MigrationStep::revision() const
{
    return m_map->at(m_revision);
}

QString MigrationStep::name() const
{
    if (m_kind == Kind::Stamp)
        return u"stamp_revision"_s;
    return m_isUpgrade ? u"upgrade"_s : u"downgrade"_s;
}

QString MigrationStep::doc() const
{
    return m_kind == Kind::Stamp ? QString() : revision().doc();
}

QStringList MigrationStep::fromRevisions() const
{
    if (m_kind == Kind::Stamp)
        return m_from;
    return m_isUpgrade ? revision().normalizedDownRevisions() : QStringList{revision().revision()};
}

QStringList MigrationStep::fromRevisionsNoDeps() const
{
    if (m_kind == Kind::Stamp)
        return m_from;
    return m_isUpgrade ? revision().downRevisions() : QStringList{revision().revision()};
}

QStringList MigrationStep::toRevisions() const
{
    if (m_kind == Kind::Stamp)
        return m_to;
    return m_isUpgrade ? QStringList{revision().revision()} : revision().normalizedDownRevisions();
}

QStringList MigrationStep::toRevisionsNoDeps() const
{
    if (m_kind == Kind::Stamp)
        return m_to;
    return m_isUpgrade ? QStringList{revision().revision()} : revision().downRevisions();
}

QString MigrationStep::shortLog() const
{
    QString out;
    appendShortLog(out);
    return out;
}

// Written straight into `out`, grown once and filled by copies: `out` is
// most often the whole --sql output and this runs once per step on the
// writer's thread, so no list of pieces is built first.
void MigrationStep::appendShortLog(QString &out) const
{
    const QStringView name = m_kind == Kind::Stamp ? QStringView(u"stamp_revision ")
                             : m_isUpgrade         ? QStringView(u"upgrade ")
                                                   : QStringView(u"downgrade ");
    static constexpr QStringView arrow = u" -> ", comma = u", ";
    // the ids left and right of the arrow: lists for a stamp, one revision
    // and its down revisions otherwise
    const QStringList &left = m_kind == Kind::Stamp ? m_from : revision().downRevisions();
    const QStringList &right = m_kind == Kind::Stamp ? m_to : revision().downRevisions();
    const QString *single = m_kind == Kind::Stamp ? nullptr : &revision().revision();
    const bool singleLeft = single && !m_isUpgrade;
    const bool singleRight = single && m_isUpgrade;
    const auto joinedSize = [](const QStringList &ids) {
        qsizetype size = ids.isEmpty() ? 0 : comma.size() * (ids.size() - 1);
        for (const QString &id : ids)
            size += id.size();
        return size;
    };
    const qsizetype total = name.size() + (singleLeft ? single->size() : joinedSize(left)) + arrow.size()
        + (singleRight ? single->size() : joinedSize(right));
    const qsizetype start = out.size();
    out.resize(start + total);
    QChar *at = out.data() + start;
    const auto put = [&at](QStringView text) {
        std::memcpy(static_cast<void *>(at), text.data(), size_t(text.size()) * sizeof(QChar));
        at += text.size();
    };
    const auto putJoined = [&put](const QStringList &ids) {
        for (qsizetype i = 0; i < ids.size(); ++i) {
            if (i > 0)
                put(comma);
            put(ids.at(i));
        }
    };
    put(name);
    singleLeft ? put(*single) : putJoined(left);
    put(arrow);
    singleRight ? put(*single) : putJoined(right);
}

QString MigrationStep::toString() const
{
    const QString d = doc();
    return d.isEmpty() ? shortLog() : shortLog() + u", "_s + d;
}

// Whether a revision of `down` is among the heads. The heads are searched
// from their end, where the head a step moves was put by the step before
// (HeadMaintainer appends what it updates to): on a long chain with many
// branch heads, found at once instead of after all the others.
static bool intersects(const QStringList &heads, const QStringList &down)
{
    for (const QString &d : down) {
        if (heads.lastIndexOf(d) >= 0)
            return true;
    }
    return false;
}

// One flag per revision: the heads and everything below them. A merge
// only asks about its few down revisions, so no set of ids is built.
RevResult<QList<bool>> MigrationStep::ancestorsOfHeads(const QSet<QString> &heads, const QStringList &asked) const
{
    QStringList sorted(heads.cbegin(), heads.cend());
    sorted.sort();
    auto revs = m_map->getRevisions(RevisionSpec::tuple(sorted));
    if (!revs)
        return std::unexpected(revs.error());
    return m_map->ancestorFlags(*revs, m_map->lowestGeneration(asked));
}

bool MigrationStep::flagged(const QList<bool> &flags, const QString &revision) const
{
    const RevisionMap::Index i = m_map->indexOf(revision);
    return i >= 0 && i < flags.size() && flags.at(i);
}

std::optional<QStringList> MigrationStep::notBelowOtherHeads(const QStringList &heads, const QStringList &asked) const
{
    QVarLengthArray<RevisionMap::Index, 16> others;
    for (const QString &h : heads) {
        if (asked.contains(h))
            continue;
        // a symbol getRevisions() reads as such, even if it is also an id
        if (h == u"base" || h == u"head" || h == u"heads")
            return std::nullopt;
        const RevisionMap::Index i = m_map->indexOf(h);
        if (i < 0)
            return std::nullopt;
        others.append(i);
    }
    if (others.isEmpty())
        return std::nullopt;
    QStringList out;
    for (const QString &a : asked) {
        const RevisionMap::Index i = m_map->indexOf(a);
        bool below = false;
        for (qsizetype k = 0; i >= 0 && !below && k < others.size(); ++k) {
            const std::optional<bool> reached = m_map->isAncestorOrSelf(i, others[k]);
            if (!reached)
                return std::nullopt;
            below = *reached;
        }
        if (!below && !out.contains(a))
            out << a;
    }
    return out;
}

RevResult<QList<bool>> MigrationStep::ancestorsWithinDownRevisions() const
{
    // Only a revision with several normalized down revisions can have one
    // below another.
    const QStringList down = revision().normalizedDownRevisions();
    if (down.size() < 2)
        return QList<bool>();
    QList<bool> below(m_map->revisions().size(), false);
    const int lowest = m_map->lowestGeneration(down);
    for (const QString &d : down) {
        auto flags = m_map->ancestorFlags({m_map->indexOf(d)}, lowest);
        if (!flags)
            return std::unexpected(flags.error());
        flags.value()[m_map->indexOf(d)] = false;
        for (qsizetype i = 0; i < below.size(); ++i)
            below[i] = below.at(i) || flags->at(i);
    }
    return below;
}

RevResult<QStringList> MigrationStep::unmergeToRevisions(const QStringList &heads) const
{
    QSet<QString> other(heads.cbegin(), heads.cend());
    other.remove(revision().revision());
    QList<bool> ancestors;
    if (!other.isEmpty()) {
        auto of = ancestorsOfHeads(other, toRevisions());
        if (!of)
            return std::unexpected(of.error());
        ancestors = std::move(*of);
    }
    // A correct Alembic (1.8.1 is not): a down revision that is itself below
    // another one (depends_on naming an ancestor of a parent) stays implied
    // by that one and gets no row of its own.
    auto below = ancestorsWithinDownRevisions();
    if (!below)
        return std::unexpected(below.error());
    // Alembic returns tuple(set): keep the declared order instead.
    QStringList out;
    for (const QString &r : toRevisions()) {
        if (!flagged(ancestors, r) && !flagged(*below, r) && !out.contains(r))
            out << r;
    }
    return out;
}

RevResult<bool> MigrationStep::shouldDeleteBranch(const QStringList &heads) const
{
    if (m_kind == Kind::Stamp)
        return isDowngrade() && m_branchMove;
    if (!isDowngrade() || !heads.contains(revision().revision()))
        return false;
    if (revision().normalizedDownRevisions().isEmpty())
        return true;
    const auto to = unmergeToRevisions(heads);
    if (!to)
        return std::unexpected(to.error());
    return to->isEmpty();
}

bool MigrationStep::shouldCreateBranch(const QStringList &heads) const
{
    if (m_kind == Kind::Stamp) {
        if (!m_isUpgrade)
            return false;
        bool fromMissing = false;
        for (const QString &f : m_from)
            fromMissing = fromMissing || !heads.contains(f);
        bool toMissing = false;
        for (const QString &t : m_to)
            toMissing = toMissing || !heads.contains(t);
        return (m_branchMove || fromMissing) && toMissing;
    }
    if (!m_isUpgrade)
        return false;
    const QStringList &down = revision().normalizedDownRevisions();
    return down.isEmpty() || !intersects(heads, down);
}

bool MigrationStep::shouldMergeBranches(const QStringList &heads) const
{
    if (m_kind == Kind::Stamp)
        return m_from.size() > 1;
    if (!m_isUpgrade)
        return false;
    const QStringList &down = revision().normalizedDownRevisions();
    if (down.size() < 2)
        return false;
    qsizetype present = 0;
    for (const QString &d : down)
        present += heads.contains(d) ? 1 : 0;
    return present > 1;
}

bool MigrationStep::shouldUnmergeBranches(const QStringList &heads) const
{
    if (m_kind == Kind::Stamp)
        return m_to.size() > 1;
    if (m_isUpgrade)
        return false;
    return heads.contains(revision().revision()) && revision().normalizedDownRevisions().size() > 1;
}

RevResult<MigrationStep::MergeIdents> MigrationStep::mergeBranchIdents(const QStringList &heads) const
{
    QStringList from;
    if (m_kind == Kind::Stamp) {
        from = m_from;
    } else if (auto kept = notBelowOtherHeads(heads, fromRevisions())) {
        from = std::move(*kept);
        from.removeIf([&heads](const QString &f) { return !heads.contains(f); });
    } else {
        QSet<QString> other(heads.cbegin(), heads.cend());
        for (const QString &f : fromRevisions())
            other.remove(f);
        if (!other.isEmpty()) {
            auto ancestors = ancestorsOfHeads(other, fromRevisions());
            if (!ancestors)
                return std::unexpected(ancestors.error());
            // Alembic takes list(set): keep the declared order instead.
            for (const QString &f : fromRevisions()) {
                if (!flagged(*ancestors, f) && !from.contains(f))
                    from << f;
            }
        } else {
            from = fromRevisions();
        }
        // A correct Alembic (1.8.1 is not): a down revision below another one
        // (depends_on naming an ancestor of a parent) has no row to delete or
        // update; Alembic 1.8.1 tries and raises KeyError.
        from.removeIf([&heads](const QString &f) { return !heads.contains(f); });
    }
    const QStringList to = toRevisions();
    if (from.isEmpty() || to.isEmpty())
        return revFail(RevisionError::internal(u"Merge step %1 has nothing to update"_s.arg(shortLog())));
    return MergeIdents{from.mid(0, from.size() - 1), from.last(), to.first()};
}

RevResult<MigrationStep::UnmergeIdents> MigrationStep::unmergeBranchIdents(const QStringList &heads) const
{
    QStringList to;
    if (m_kind == Kind::Stamp) {
        to = m_to;
    } else {
        auto unmerged = unmergeToRevisions(heads);
        if (!unmerged)
            return std::unexpected(unmerged.error());
        to = *unmerged;
    }
    const QStringList from = fromRevisions();
    if (from.isEmpty() || to.isEmpty())
        return revFail(RevisionError::internal(u"Unmerge step %1 has nothing to update"_s.arg(shortLog())));
    return UnmergeIdents{from.first(), to.last(), to.mid(0, to.size() - 1)};
}

RevResult<std::pair<QString, QString>> MigrationStep::updateVersionNum(const QStringList &heads) const
{
    if (m_kind == Kind::Stamp) {
        if (m_from.size() != 1 || m_to.size() != 1)
            return revFail(RevisionError::internal(u"Stamp step %1 is not a single update"_s.arg(shortLog())));
        return std::pair{m_from.first(), m_to.first()};
    }
    const QStringList down = revision().normalizedDownRevisions();
    QString downRevision;
    if (down.size() != 1) {
        QStringList present;
        for (const QString &d : down) {
            if (heads.contains(d))
                present << d;
        }
        if (present.size() != 1)
            return revFail(RevisionError::internal(u"Can't do an UPDATE because downrevision is ambiguous"_s));
        downRevision = present.first();
    } else {
        downRevision = down.first();
    }
    if (m_isUpgrade)
        return std::pair{downRevision, revision().revision()};
    return std::pair{revision().revision(), downRevision};
}

RevResult<QString> MigrationStep::deleteVersionNum() const
{
    if (m_kind == Kind::Revision)
        return revision().revision();
    if (m_from.size() != 1)
        return revFail(RevisionError::internal(u"Stamp step %1 deletes more than one version"_s.arg(shortLog())));
    return m_from.first();
}

RevResult<QString> MigrationStep::insertVersionNum() const
{
    if (m_kind == Kind::Revision)
        return revision().revision();
    if (m_to.size() != 1)
        return revFail(RevisionError::internal(u"Stamp step %1 inserts more than one version"_s.arg(shortLog())));
    return m_to.first();
}

MigrationInfo MigrationStep::info() const
{
    MigrationInfo i;
    i.isUpgrade = m_isUpgrade;
    if (m_kind == Kind::Stamp) {
        i.isStamp = true;
        i.upRevisionIds = m_isUpgrade ? m_to : m_from;
        i.downRevisionIds = m_isUpgrade ? m_from : m_to;
    } else {
        i.upRevisionIds = {revision().revision()};
        i.downRevisionIds = revision().normalizedDownRevisions();
    }
    return i;
}

bool MigrationStep::operator==(const MigrationStep &other) const
{
    if (m_kind != other.m_kind || m_isUpgrade != other.m_isUpgrade)
        return false;
    if (m_kind == Kind::Revision)
        return m_map == other.m_map && m_revision == other.m_revision;
    return m_from == other.m_from && m_to == other.m_to && m_branchMove == other.m_branchMove;
}

} // namespace pm
