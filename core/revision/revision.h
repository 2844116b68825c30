#pragma once

#include <optional>

#include <QSet>
#include <QString>
#include <QStringList>

#include "revision/revisionerror.h"

namespace pm {

// What one migration script declares, as the script parser reads it.
struct RevisionInput
{
    QString revision;
    QStringList downRevisions; // down_revision: empty for a root, 2+ for a merge
    QStringList dependsOn;     // depends_on: revision ids or branch labels
    QStringList branchLabels;  // branch_labels as declared
    QString path;              // the script's file path, printed by `history -v`
    QString docstring;         // the module docstring as written (null if none)
};

// A node of the revision graph: Alembic's Revision plus the parts of Script
// (path, docstring) that the command output needs. The graph-derived
// members (next revisions, resolved dependencies, spread branch labels) are
// filled in by RevisionMap::build().
class Revision final
{
public:
    // Revision.__init__ checks: self-loops and illegal characters.
    static RevResult<Revision> create(const RevisionInput &input);
    // The same checks alone (what create() would refuse), and the revision
    // they pass, for a caller that builds it in place.
    static std::optional<RevisionError> check(const RevisionInput &input);
    explicit Revision(const RevisionInput &input);
    Revision() = default;

    const QString &revision() const { return m_revision; }
    // _versioned_down_revisions (the down_revision tuple, in declared order)
    const QStringList &downRevisions() const { return m_downRevisions; }
    // dependencies as declared (may name branch labels); empty means None
    const QStringList &dependencies() const { return m_dependencies; }
    const QStringList &originalBranchLabels() const { return m_origBranchLabels; }
    // branch_labels after _add_branches spread them; sorted, because
    // Alembic keeps them in a Python set whose order varies per process
    QStringList branchLabels() const;
    bool hasBranchLabel(const QString &label) const { return m_branchLabels.contains(label); }
    // nextrev / _all_nextrev, in the map's insertion order (a frozenset in Alembic)
    const QStringList &nextRevisions() const { return m_nextrev; }
    const QStringList &allNextRevisions() const { return m_allNextrev; }
    const QStringList &resolvedDependencies() const { return m_resolvedDependencies; }
    const QStringList &normalizedResolvedDependencies() const { return m_normalizedResolvedDependencies; }
    const QStringList &allDownRevisions() const { return m_allDown; }               // _all_down_revisions
    const QStringList &normalizedDownRevisions() const { return m_normalizedDown; } // _normalized_down_revisions

    bool isHead() const { return m_nextrev.isEmpty(); }
    bool isRealHead() const { return m_allNextrev.isEmpty(); }
    bool isBase() const { return m_downRevisions.isEmpty(); }
    bool isRealBase() const { return m_downRevisions.isEmpty() && m_dependencies.isEmpty(); }
    bool isBranchPoint() const { return m_nextrev.size() > 1; }
    bool isRealBranchPoint() const { return m_allNextrev.size() > 1; }
    bool isMergePoint() const { return m_downRevisions.size() > 1; }

    const QString &path() const { return m_path; }
    // Script.longdoc: the docstring stripped; Script.doc: its first paragraph
    QString longdoc() const;
    QString doc() const;
    // doc() as a view into the docstring: what a formatter appends
    QStringView docView() const;

private:
    friend class RevisionMap;

    void addNextrev(const Revision &next);
    void setResolvedDependencies(const QStringList &resolved);
    void setNormalizedResolvedDependencies(const QStringList &normalized);

    QString m_revision;
    QStringList m_downRevisions;
    QStringList m_dependencies;
    QStringList m_origBranchLabels;
    QSet<QString> m_branchLabels;
    QStringList m_nextrev;
    QStringList m_allNextrev;
    QStringList m_resolvedDependencies;
    QStringList m_normalizedResolvedDependencies;
    // Derived from the lists above whenever they change: the graph walks ask
    // for them for every node they visit.
    QStringList m_allDown;
    QStringList m_normalizedDown;
    QString m_path;
    QString m_docstring;
};

} // namespace pm
