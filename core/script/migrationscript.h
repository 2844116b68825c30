#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "ops/operation.h"
#include "script/pythonimport.h"

namespace pm {

// The value of down_revision, branch_labels or depends_on, with the form it
// was written in so that a rewrite can keep it.
struct RevisionList
{
    enum class Form { None, String, Tuple, List };
    Form form = Form::None;
    QStringList ids; // empty for None; one for String

    bool isNone() const { return form == Form::None; }
    friend bool operator==(const RevisionList &, const RevisionList &) = default;
};

// One migration script (versions/<rev>_<slug>.py) as read by ScriptParser.
struct MigrationScript
{
    QString fileName;
    QString docstring; // the module docstring's value, "" when absent
    QString revision;
    RevisionList downRevision;
    RevisionList branchLabels;
    RevisionList dependsOn;
    QList<PythonImport> imports;

    bool hasUpgrade = false;
    bool hasDowngrade = false;
    // False in header-only mode: the bodies were checked for well-formed
    // tokens and indentation only, and upgrade/downgrade are empty.
    bool bodiesParsed = false;
    OperationList upgrade;
    OperationList downgrade;

    // Where `revision = ...` is written, for messages about this script.
    SourceLocation revisionLocation;

    // A script run by ScriptEvaluator: why upgrade() or downgrade() could
    // not be read. Each is that direction's alone, as in Alembic, which
    // runs only the function a command needs.
    std::optional<Error> upgradeError;
    std::optional<Error> downgradeError;
    // downgrade() raised an exception of its own (`raise NotImplementedError`):
    // the script says there is no way back, rather than being unreadable.
    bool downgradeRaises = false;
    // Online, the body talks to the database (op.get_bind().execute(),
    // sa.inspect(bind)): its operations depend on what the database holds
    // when the revision runs, so the runner evaluates it then, on the
    // migration's connection (ScriptEvaluator::run), and the error above is
    // only that it could not be read ahead of the run.
    bool upgradeUsesConnection = false;
    bool downgradeUsesConnection = false;
    bool usesConnection(bool up) const { return up ? upgradeUsesConnection : downgradeUsesConnection; }

    // The operations of upgrade() or downgrade(), or why they cannot be read.
    Result<const OperationList *> body(bool up) const
    {
        if (const std::optional<Error> &e = up ? upgradeError : downgradeError)
            return std::unexpected(*e);
        return up ? &upgrade : &downgrade;
    }
};

} // namespace pm
