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

    QStringList m_heads;
    QList<VersionChange> m_partial;
};

} // namespace pm
