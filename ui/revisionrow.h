#pragma once

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

namespace pm {

// One migration script as the history tree needs it. Filled from the script
// directory by MigrationController (core/revision's RevisionMap once it
// lands), so the tree does not depend on the engine's types.
struct RevisionRow
{
    QString revision;          // "5e2c3486676e"
    QStringList downRevisions; // empty for a base, two or more for a merge
    QStringList branchLabels;
    QString message;           // the docstring's first line
    QDateTime date;            // "Create Date:", invalid when absent
    QString path;              // the script file

    friend bool operator==(const RevisionRow &, const RevisionRow &) = default;
};

} // namespace pm
