#include "revision/revision.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace pm {

static QStringList dedupe(const QStringList &values)
{
    if (values.size() < 2)
        return values; // shared, not copied: most revisions have one parent
    QStringList out;
    for (const QString &v : values) {
        if (!out.contains(v))
            out << v;
    }
    return out;
}

std::optional<RevisionError> Revision::check(const RevisionInput &input)
{
    if (input.downRevisions.contains(input.revision))
        return RevisionError::cycle(RevisionError::Kind::Loop, {input.revision});
    // most declare none: no call to search an empty list
    if (!input.dependsOn.isEmpty() && input.dependsOn.contains(input.revision))
        return RevisionError::cycle(RevisionError::Kind::DependencyLoop, {input.revision});

    // one pass over the id for the usual answer, none of them
    bool plain = true;
    for (const QChar c : input.revision)
        plain = plain && c != u'+' && c != u'-' && c != u'@';
    if (plain)
        return std::nullopt;
    QStringList illegal;
    for (const QChar c : {u'+', u'-', u'@'}) {
        if (input.revision.contains(c))
            illegal << QString(c);
    }
    return RevisionError::revision(
        u"Character(s) '%1' not allowed in revision identifier '%2'"_s.arg(illegal.join(u", "_s), input.revision));
}

Revision::Revision(const RevisionInput &input)
    : m_revision(input.revision),
      m_downRevisions(input.downRevisions),
      m_dependencies(input.dependsOn),
      m_origBranchLabels(input.branchLabels),
      m_path(input.path),
      m_docstring(input.docstring)
{
    // QSet's range constructor allocates even for an empty range, and most
    // revisions have no label
    if (!input.branchLabels.isEmpty())
        m_branchLabels = QSet<QString>(input.branchLabels.cbegin(), input.branchLabels.cend());
    m_allDown = dedupe(m_downRevisions);
    m_normalizedDown = m_allDown;
}

RevResult<Revision> Revision::create(const RevisionInput &input)
{
    if (auto error = check(input))
        return revFail(std::move(*error));
    return Revision(input);
}

QStringList Revision::branchLabels() const
{
    QStringList labels(m_branchLabels.cbegin(), m_branchLabels.cend());
    std::sort(labels.begin(), labels.end());
    return labels;
}

void Revision::setResolvedDependencies(const QStringList &resolved)
{
    m_resolvedDependencies = resolved;
    m_allDown = resolved.isEmpty() ? dedupe(m_downRevisions) : dedupe(m_downRevisions + m_resolvedDependencies);
}

void Revision::setNormalizedResolvedDependencies(const QStringList &normalized)
{
    m_normalizedResolvedDependencies = normalized;
    m_normalizedDown = normalized.isEmpty() ? dedupe(m_downRevisions)
                                            : dedupe(m_downRevisions + m_normalizedResolvedDependencies);
}

void Revision::addNextrev(const Revision &next)
{
    if (!m_allNextrev.contains(next.m_revision))
        m_allNextrev << next.m_revision;
    if (next.m_downRevisions.contains(m_revision) && !m_nextrev.contains(next.m_revision))
        m_nextrev << next.m_revision;
}

QString Revision::longdoc() const
{
    // str.strip() in Python; QString::trimmed() strips the same whitespace
    // for everything a docstring realistically holds.
    return m_docstring.trimmed();
}

QString Revision::doc() const
{
    return docView().toString();
}

// longdoc() up to its first blank line, by one scan from each end: the
// writer asks for it once per step, and a docstring's first paragraph is
// a few characters. Whitespace is what QStringView::trimmed() strips
// (QChar::isSpace per UTF-16 unit).
QStringView Revision::docView() const
{
    if (m_docstring.isNull())
        return {}; // doc() stays a null string
    const QChar *const data = m_docstring.constData();
    qsizetype begin = 0;
    qsizetype end = m_docstring.size();
    while (begin < end && data[begin].isSpace())
        ++begin;
    while (end > begin && data[end - 1].isSpace())
        --end;
    // a blank line lies inside longdoc(), so it ends before `end`
    for (qsizetype i = begin; i + 1 < end; ++i) {
        if (data[i] == u'\n' && data[i + 1] == u'\n')
            return QStringView(data + begin, i - begin);
    }
    return QStringView(data + begin, end - begin);
}

} // namespace pm
