#pragma once

#include <functional>

#include <QString>

#include "base/result.h"

namespace pm {

// `alembic init` and `alembic list_templates` (Alembic 1.8.1 command.init /
// command.list_templates): the same files and the same lines of output, so a
// project started by this program is indistinguishable from one started by
// Alembic.
struct InitProjectOptions
{
    // Holds one folder per template (generic/, sqlmodel/, ...); a directory
    // or a Qt resource path such as ":/templates".
    QString templatesDirectory;
    QString directory;                                    // the new script directory, as typed
    QString templateName = QStringLiteral("generic");     // -t
    QString configFile = QStringLiteral("alembic.ini");   // -c
    bool package = false;                                 // --package: add __init__.py files
    QString workingDirectory;                             // empty: the current directory
};

// Receives each line Alembic would print (without the newline), as it happens.
using OutputLine = std::function<void(const QString &line)>;

// Writes the project. On failure the lines printed so far have been passed to
// `output` (the last one ending in "  FAILED" when a step failed midway) and
// the error says why, with Alembic's wording where Alembic has one.
Status initProject(const InitProjectOptions &options, const OutputLine &output);

// The text `alembic list_templates` prints: each template's name and the
// first line of its README, then how to use one. `program` names the command
// in the usage line.
Result<QString> listTemplates(const QString &templatesDirectory,
                              const QString &program = QStringLiteral("alembic"));

} // namespace pm
