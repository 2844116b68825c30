#pragma once

#include <expected>

#include <QString>
#include <QStringList>

#include "base/error.h"
#include "revision/revisionspec.h"

namespace pm {

// Alembic raises a small hierarchy of exceptions from revision.py and the
// command layer rewords some of them (ScriptDirectory._catch_revision_errors).
// The kind survives here so that rewording can be done the same way; the
// message is always the one Alembic's exception carries (err.args[0]).
struct RevisionError
{
    enum class Kind {
        Revision,         // RevisionError
        RangeNotAncestor, // RangeNotAncestorError
        MultipleHeads,    // MultipleHeads
        Resolution,       // ResolutionError
        Cycle,            // CycleDetected
        DependencyCycle,  // DependencyCycleDetected
        Loop,             // LoopDetected
        DependencyLoop,   // DependencyLoopDetected
        Missing,          // a KeyError in Alembic: a name that is not in the map
        Internal,         // an AssertionError in Alembic: an input it does not support
        Command,          // util.CommandError: what the command line prints
        Count
    };

    Kind kind = Kind::Revision;
    QString message;
    QString argument;  // ResolutionError.argument / MultipleHeads.argument
    QStringList heads; // MultipleHeads.heads
    QString lower;     // RangeNotAncestorError.lower as Python's %s prints it
    QString upper;     // RangeNotAncestorError.upper as Python's %s prints it

    // True for everything that derives from Alembic's RevisionError, the
    // errors _catch_revision_errors turns into a CommandError.
    // RevisionPlanner and RevisionCommands return only Command errors and,
    // for inputs Alembic crashes on, Missing / Internal ones.
    bool isRevisionError() const;
    Error toError() const;

    static RevisionError revision(QString message);
    static RevisionError resolution(QString message, QString argument);
    static RevisionError multipleHeads(QStringList heads, QString argument);
    // lower / upper as given (None, a string, a tuple); the message shows
    // "base" for an empty one, the fields keep what Python's %s prints
    static RevisionError rangeNotAncestor(const RevisionSpec &lower, const RevisionSpec &upper);
    static RevisionError cycle(Kind kind, const QStringList &revisions);
    static RevisionError missing(QString message);
    static RevisionError internal(QString message);
    static RevisionError command(QString message);
};

template<typename T>
using RevResult = std::expected<T, RevisionError>;

inline std::unexpected<RevisionError> revFail(RevisionError error)
{
    return std::unexpected<RevisionError>(std::move(error));
}

} // namespace pm
