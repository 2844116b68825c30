#include "revision/revisionformatter.h"

using namespace Qt::StringLiterals;

namespace pm {

RevisionFormatter::RevisionFormatter(const RevisionMap &map, std::optional<QSet<QString>> currents)
    : m_map(&map), m_currents(std::move(currents))
{
}

bool RevisionFormatter::isCurrent(Index revision) const
{
    return m_currents && m_currents->contains(m_map->at(revision).revision());
}

QStringList RevisionFormatter::pySplitLines(const QString &text)
{
    QStringList lines;
    QString current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        const bool isBreak = c == u'\n' || c == u'\r' || c == 0x0b || c == 0x0c || c == 0x1c || c == 0x1d
            || c == 0x1e || c == 0x85 || c == 0x2028 || c == 0x2029;
        if (!isBreak) {
            current += QChar(c);
            continue;
        }
        if (c == u'\r' && i + 1 < text.size() && text.at(i + 1) == u'\n')
            ++i;
        lines << current;
        current.clear();
    }
    if (!current.isEmpty())
        lines << current;
    return lines;
}

QString RevisionFormatter::formatDownRevision(Index revision) const
{
    const Revision &r = m_map->at(revision);
    if (r.downRevisions().isEmpty())
        return u"<base>"_s;
    return r.downRevisions().join(u", "_s);
}

QString RevisionFormatter::logEntry(Index revision) const
{
    const Revision &r = m_map->at(revision);
    QString entry = u"Rev: "_s + r.revision() + (r.isHead() ? u" (head)"_s : QString())
        + (r.isBranchPoint() ? u" (branchpoint)"_s : QString()) + (r.isMergePoint() ? u" (mergepoint)"_s : QString())
        + (isCurrent(revision) ? u" (current)"_s : QString()) + u"\n"_s;
    if (r.isMergePoint())
        entry += u"Merges: "_s + formatDownRevision(revision) + u"\n"_s;
    else
        entry += u"Parent: "_s + formatDownRevision(revision) + u"\n"_s;
    if (!r.dependencies().isEmpty())
        entry += u"Also depends on: "_s + r.dependencies().join(u", "_s) + u"\n"_s;
    if (r.isBranchPoint())
        entry += u"Branches into: "_s + r.nextRevisions().join(u", "_s) + u"\n"_s;
    if (!r.branchLabels().isEmpty())
        entry += u"Branch names: "_s + r.branchLabels().join(u", "_s) + u"\n"_s;
    entry += u"Path: "_s + r.path() + u"\n"_s;
    QStringList paras;
    for (const QString &para : pySplitLines(r.longdoc()))
        paras << u"    "_s + para;
    entry += u"\n"_s + paras.join(u"\n"_s) + u"\n"_s;
    return entry;
}

QString RevisionFormatter::toString(Index revision) const
{
    const Revision &r = m_map->at(revision);
    return formatDownRevision(revision) + u" -> "_s + r.revision() + (r.isHead() ? u" (head)"_s : QString())
        + (r.isBranchPoint() ? u" (branchpoint)"_s : QString()) + (r.isMergePoint() ? u" (mergepoint)"_s : QString())
        + u", "_s + r.doc();
}

namespace {

void appendJoined(QString &text, const QStringList &values)
{
    for (qsizetype i = 0; i < values.size(); ++i) {
        if (i > 0)
            text += u", ";
        text += values.at(i);
    }
}

} // namespace

// One string grown in place: `history` makes one per revision, and the
// temporaries of `a + b` chains were most of its formatting cost.
QString RevisionFormatter::headOnly(Index revision, bool includeBranches, bool includeDoc, bool includeParents,
                                    bool treeIndicators, bool headIndicators) const
{
    const Revision &r = m_map->at(revision);
    const QStringView doc = includeDoc ? r.docView() : QStringView();
    QString text;
    text.reserve(128 + doc.size());
    if (includeParents) {
        if (r.downRevisions().isEmpty())
            text += u"<base>";
        else
            appendJoined(text, r.downRevisions());
        if (!r.dependencies().isEmpty()) {
            text += u" (";
            appendJoined(text, r.dependencies());
            text += u") -> ";
        } else {
            text += u" -> ";
        }
    }
    text += r.revision();
    if (includeBranches) {
        if (const QStringList labels = r.branchLabels(); !labels.isEmpty()) {
            text += u" (";
            appendJoined(text, labels);
            text += u')';
        }
    }
    if (headIndicators || treeIndicators) {
        if (r.isRealHead())
            text += u" (head)";
        if (r.isHead() && !r.isRealHead())
            text += u" (effective head)";
        if (isCurrent(revision))
            text += u" (current)";
    }
    if (treeIndicators) {
        if (r.isBranchPoint())
            text += u" (branchpoint)";
        if (r.isMergePoint())
            text += u" (mergepoint)";
    }
    if (includeDoc) {
        text += u", ";
        text += doc;
    }
    return text;
}

QString RevisionFormatter::cmdFormat(Index revision, bool verbose, bool includeBranches, bool includeDoc,
                                     bool includeParents, bool treeIndicators) const
{
    if (verbose)
        return logEntry(revision);
    return headOnly(revision, includeBranches, includeDoc, includeParents, treeIndicators);
}

} // namespace pm
