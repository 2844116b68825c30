#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "revision/migrationstep.h"
#include "revision/revisionerror.h"

namespace pm {

// One row change of the version table, in the order Alembic issues them.
struct VersionChange
{
    enum class Kind {
        DeleteAll, // stamp --purge: DELETE FROM alembic_version
        Insert,    // INSERT ... VALUES ('version')
        Delete,    // DELETE ... WHERE version_num = 'version'
        Update,    // UPDATE ... SET version_num='to' WHERE version_num = 'from'
        Count
    };
    Kind kind = Kind::Insert;
    QString version; // Insert, Delete
    QString from;    // Update
    QString to;      // Update

    bool operator==(const VersionChange &other) const = default;
    // "insert X", "delete X", "update X to Y", "delete all": for logs and tests
    QString toString() const;
};

// Port of alembic.runtime.migration.HeadMaintainer without the SQL: it tracks
// the rows of alembic_version and says which row changes each step makes.
// Executing them is the runtime's job; online, a DELETE or UPDATE that does
// not match exactly one row must fail with deleteRowcountMessage() /
// updateRowcountMessage(), as Alembic does.
class HeadMaintainer final
{
public:
    explicit HeadMaintainer(const QStringList &heads);

    // the current rows, a set (kept in the order rows were added)
    const QStringList &heads() const { return m_heads; }
    // The list returned shares its buffer with the maintainer until the
    // next call: a caller that drops it first lets every step reuse it.
    RevResult<QList<VersionChange>> updateToStep(const MigrationStep &step);
    // When updateToStep() fails part way (a merge whose update fails after
    // its deletes), the changes Alembic had already issued by then.
    const QList<VersionChange> &partialChanges() const { return m_partial; }

    // MigrationContext.stamp()/run_migrations() with purge: all rows go first
    // and the steps are computed from no heads at all.
    static VersionChange purge();

    static QString deleteRowcountMessage(const QString &version, const QString &table, int rowcount);
    static QString updateRowcountMessage(const QString &from, const QString &to, const QString &table,
                                         int rowcount);

private:
    RevResult<VersionChange> insertVersion(const QString &version);
    RevResult<VersionChange> deleteVersion(const QString &version);
    RevResult<VersionChange> updateVersion(const QString &from, const QString &to);
    // An upgrade by a revision with one down revision, that revision a row
    // and the revision itself not one: what all of Alembic's checks come to
    // for most steps, answered from revision indexes instead of comparing
    // ids. False (nothing changed) for any other step.
    bool updateByRevision(const MigrationStep &step);
    void resolveHeads(const RevisionMap &map);

    QStringList m_heads;
    // Per row of m_heads: the revision of `m_indexedBy` it names,
    // RevisionMap::NoRevision for none, Unresolved until looked up.
    static constexpr RevisionMap::Index Unresolved = -100;
    QList<RevisionMap::Index> m_headIndexes;
    const RevisionMap *m_indexedBy = nullptr;
    QList<VersionChange> m_partial;
};

} // namespace pm
