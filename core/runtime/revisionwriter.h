#pragma once

#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "autogenerate/renderer.h"
#include "base/result.h"

namespace pm {

class AlembicConfig;
class ScriptDirectory;

// ScriptDirectory.generate_revision: a new versions/*.py file rendered from
// the project's own script.py.mako, as Alembic writes it for `revision` and
// `merge` (file name, revision id, down_revision, labels, dependencies, create
// date, and for autogenerate the upgrade/downgrade bodies and imports).
struct NewRevision
{
    std::optional<QString> message;
    QStringList heads{QStringLiteral("head")}; // --head, or merge's revisions
    bool splice = false;
    QStringList branchLabels;
    QString versionPath;
    QString revisionId; // empty: a new random one, as util.rev_id()
    QStringList dependsOn;
    // When the revision is made (UTC); invalid: now. A draft rendered again
    // under another message keeps its date.
    QDateTime now;
    // Autogenerate's bodies; unset writes "pass" bodies.
    std::optional<MigrationBodies> bodies;
};

struct WrittenRevision
{
    QString revision;
    QString path;
};

// A new revision rendered but not written yet: what the window previews
// (and lets the user edit) before "Save as new revision".
struct RenderedRevision
{
    QString revision;
    QString path; // where writeRevision would put it
    QString text;
    QDateTime now; // what NewRevision::now was, or the time it was rendered
};

// `scripts` must describe the project before the new file exists.
Result<RenderedRevision> renderRevision(const AlembicConfig &config, const ScriptDirectory &scripts,
                                        const NewRevision &request);
// Writes `rendered.text` in the project's output_encoding; refuses to replace
// an existing file (a revision id or file name already taken).
Status saveRevision(const AlembicConfig &config, const RenderedRevision &rendered);
// renderRevision then saveRevision: `petmigrate revision`.
Result<WrittenRevision> writeRevision(const AlembicConfig &config, const ScriptDirectory &scripts,
                                      const NewRevision &request);

// What `merge` asks for (command.merge): a revision on top of `revisions`
// (heads or not, so no splice check), pass bodies. petmigrate and the
// window's Merge Heads both write this request.
NewRevision mergeRequest(const QStringList &revisions, const std::optional<QString> &message,
                         const QStringList &branchLabels = {}, const QString &revisionId = {});

// Alembic's util.rev_id(): the last 12 hex digits of a random UUID.
QString newRevisionId();

} // namespace pm
