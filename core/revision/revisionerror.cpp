#include "revision/revisionerror.h"

using namespace Qt::StringLiterals;

namespace pm {

bool RevisionError::isRevisionError() const
{
    return kind != Kind::Missing && kind != Kind::Internal && kind != Kind::Command;
}

Error RevisionError::toError() const
{
    return Error(message);
}

RevisionError RevisionError::revision(QString message)
{
    RevisionError e;
    e.kind = Kind::Revision;
    e.message = std::move(message);
    return e;
}

RevisionError RevisionError::resolution(QString message, QString argument)
{
    RevisionError e;
    e.kind = Kind::Resolution;
    e.message = std::move(message);
    e.argument = std::move(argument);
    return e;
}

RevisionError RevisionError::multipleHeads(QStringList heads, QString argument)
{
    RevisionError e;
    e.kind = Kind::MultipleHeads;
    e.message = u"Multiple heads are present for given argument '%1'; %2"_s.arg(argument, heads.join(u", "_s));
    e.heads = std::move(heads);
    e.argument = std::move(argument);
    return e;
}

RevisionError RevisionError::rangeNotAncestor(const RevisionSpec &lower, const RevisionSpec &upper)
{
    RevisionError e;
    e.kind = Kind::RangeNotAncestor;
    e.message = u"Revision %1 is not an ancestor of revision %2"_s.arg(
        lower.isTruthy() ? lower.pyStr() : u"base"_s, upper.isTruthy() ? upper.pyStr() : u"base"_s);
    e.lower = lower.pyStr();
    e.upper = upper.pyStr();
    return e;
}

RevisionError RevisionError::cycle(Kind kind, const QStringList &revisions)
{
    QString what;
    switch (kind) {
    case Kind::DependencyCycle: what = u"Dependency cycle"_s; break;
    case Kind::Loop: what = u"Self-loop"_s; break;
    case Kind::DependencyLoop: what = u"Dependency self-loop"_s; break;
    default: kind = Kind::Cycle; what = u"Cycle"_s; break;
    }
    RevisionError e;
    e.kind = kind;
    e.message = u"%1 is detected in revisions (%2)"_s.arg(what, revisions.join(u", "_s));
    return e;
}

RevisionError RevisionError::missing(QString message)
{
    RevisionError e;
    e.kind = Kind::Missing;
    e.message = std::move(message);
    return e;
}

RevisionError RevisionError::internal(QString message)
{
    RevisionError e;
    e.kind = Kind::Internal;
    e.message = std::move(message);
    return e;
}

RevisionError RevisionError::command(QString message)
{
    RevisionError e;
    e.kind = Kind::Command;
    e.message = std::move(message);
    return e;
}

} // namespace pm
