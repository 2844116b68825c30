#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace pm {

// One migration script as the history graph needs it: its header only,
// filled from the script directory's RevisionMap by MigrationController, so
// the graph does not depend on the engine's types.
struct RevisionRow
{
    QString revision;          // "5e2c3486676e"
    QStringList downRevisions; // empty for a base, two or more for a merge
    QStringList dependsOn;     // depends_on, labels resolved to revision ids
    QStringList branchLabels;  // as the script declares them
    QStringList labels;        // as they spread over the branch (sorted)
    QString message;           // the docstring's first line
    QDateTime date;            // "Create Date:", invalid when absent
    QString path;              // the script file

    friend bool operator==(const RevisionRow &, const RevisionRow &) = default;
};

} // namespace pm
