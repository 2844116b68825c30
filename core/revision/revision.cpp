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

RevResult<Revision> Revision::create(const RevisionInput &input)
{
    if (input.downRevisions.contains(input.revision))
        return revFail(RevisionError::cycle(RevisionError::Kind::Loop, {input.revision}));
    if (input.dependsOn.contains(input.revision))
        return revFail(RevisionError::cycle(RevisionError::Kind::DependencyLoop, {input.revision}));

    QStringList illegal;
    for (const QChar c : {u'+', u'-', u'@'}) {
        if (input.revision.contains(c))
            illegal << QString(c);
    }
    if (!illegal.isEmpty()) {
        return revFail(RevisionError::revision(
            u"Character(s) '%1' not allowed in revision identifier '%2'"_s.arg(illegal.join(u", "_s), input.revision)));
    }

    Revision r;
    r.m_revision = input.revision;
    r.m_downRevisions = input.downRevisions;
    r.m_dependencies = input.dependsOn;
    r.m_origBranchLabels = input.branchLabels;
    // QSet's range constructor allocates even for an empty range, and most
    // revisions have no label
    if (!input.branchLabels.isEmpty())
        r.m_branchLabels = QSet<QString>(input.branchLabels.cbegin(), input.branchLabels.cend());
    r.m_path = input.path;
    r.m_docstring = input.docstring;
    r.m_allDown = dedupe(r.m_downRevisions);
    r.m_normalizedDown = r.m_allDown;
    return r;
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

QStringView Revision::docView() const
{
    const QStringView ld = QStringView(m_docstring).trimmed(); // longdoc()
    const qsizetype at = ld.indexOf(u"\n\n");
    return at < 0 ? ld : ld.left(at);
}

} // namespace pm
