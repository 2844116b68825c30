#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace pm {

// A revision autogenerate has rendered but nobody has saved: the text
// `petmigrate revision --autogenerate -m <message>` would write, where it
// would write it, and what the comparison found.
struct RevisionDraft
{
    QString revision; // the id it will be saved under
    QString message;
    QString path;
    QString text;
    QStringList detected; // Alembic's "Detected added column 'pet.species'"
    QDateTime createdAt;  // kept when the message changes

    bool hasChanges() const { return !detected.isEmpty(); }
};

} // namespace pm
