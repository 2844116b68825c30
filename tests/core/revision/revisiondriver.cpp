#include "revisiondriver.h"

#include <QJsonDocument>
#include <QJsonValue>

#include "revision/headmaintainer.h"
#include "revision/revisioncommands.h"
#include "revision/revisionformatter.h"
#include "revision/revisionmap.h"
#include "revision/revisionplanner.h"

using namespace Qt::StringLiterals;
using pm::RevisionError;
using pm::RevisionMap;
using pm::RevisionSpec;

namespace {

QStringList toStringList(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &e : v.toArray())
        out << e.toString();
    return out;
}

RevisionSpec toSpec(const QJsonValue &v)
{
    if (v.isNull())
        return RevisionSpec::none();
    if (v.isArray())
        return RevisionSpec::tuple(toStringList(v));
    return RevisionSpec(v.toString());
}

QString err(const RevisionError &e)
{
    if (e.isRevisionError() || e.kind == RevisionError::Kind::Command)
        return u"ERROR "_s + e.message;
    return u"ERROR internal"_s;
}

QString flag(bool b)
{
    return b ? u"1"_s : u"0"_s;
}

QString describeStep(const pm::MigrationStep &step)
{
    const pm::MigrationInfo info = step.info();
    return step.shortLog() + u" | "_s + step.toString() + u" | up="_s + info.upRevisionIds.join(u',')
        + u" down="_s + info.downRevisionIds.join(u',') + u" upgrade="_s + flag(info.isUpgrade) + u" stamp="_s
        + flag(info.isStamp);
}

void runSteps(QStringList &out, const QList<pm::MigrationStep> &steps, const QStringList &heads, bool purge)
{
    out << u"steps: %1"_s.arg(steps.size());
    for (const pm::MigrationStep &step : steps)
        out << u"step "_s + describeStep(step);
    pm::HeadMaintainer hm(purge ? QStringList() : heads);
    if (purge)
        out << u"change delete all"_s;
    for (const pm::MigrationStep &step : steps) {
        auto changes = hm.updateToStep(step);
        if (!changes) {
            for (const pm::VersionChange &c : hm.partialChanges())
                out << u"change "_s + c.toString();
            out << err(changes.error());
            return;
        }
        for (const pm::VersionChange &c : *changes)
            out << u"change "_s + c.toString();
    }
    QStringList sorted = hm.heads();
    sorted.sort();
    out << u"heads: "_s + sorted.join(u',');
}

QString indexList(const RevisionMap &map, const QList<RevisionMap::Index> &revs)
{
    QStringList parts;
    for (RevisionMap::Index i : revs)
        parts << (i == RevisionMap::NoRevision ? u"None"_s : (i == RevisionMap::BaseSymbol ? u"base"_s : map.at(i).revision()));
    return parts.join(u',');
}

QStringList runQuery(const RevisionMap &map, const QJsonArray &q)
{
    const pm::RevisionPlanner planner(map);
    QStringList out;
    const QString kind = q.at(0).toString();
    auto collect = [&out](const pm::RevResult<QStringList> &r) {
        if (!r)
            out << err(r.error());
        else
            out += *r;
    };
    if (kind == u"map"_s) {
        out << u"heads: "_s + map.heads().join(u',') << u"bases: "_s + map.bases().join(u',')
            << u"real heads: "_s + map.realHeads().join(u',') << u"real bases: "_s + map.realBases().join(u',');
        for (const pm::Revision &r : map.revisions()) {
            out << r.revision() + u" next="_s + r.nextRevisions().join(u',') + u" allnext="_s
                    + r.allNextRevisions().join(u',') + u" labels="_s + r.branchLabels().join(u',')
                    + u" normdown="_s + r.normalizedDownRevisions().join(u',') + u" flags="_s + flag(r.isHead())
                    + flag(r.isRealHead()) + flag(r.isBase()) + flag(r.isRealBase()) + flag(r.isBranchPoint())
                    + flag(r.isRealBranchPoint()) + flag(r.isMergePoint());
        }
    } else if (kind == u"get_revisions"_s) {
        const auto revs = map.getRevisions(toSpec(q.at(1)));
        out << (revs ? u"revs: "_s + indexList(map, *revs) : err(revs.error()));
    } else if (kind == u"get_revision"_s) {
        const auto rev = map.getRevision(toSpec(q.at(1)));
        out << (rev ? u"rev: "_s + indexList(map, {*rev}) : err(rev.error()));
    } else if (kind == u"iterate"_s) {
        RevisionMap::IterateOptions o;
        o.implicitBase = q.at(3).toBool();
        o.inclusive = q.at(4).toBool();
        o.assertRelativeLength = q.at(5).toBool();
        o.selectForDowngrade = q.at(6).toBool();
        const auto revs = map.iterateRevisions(toSpec(q.at(1)), toSpec(q.at(2)), o);
        out << (revs ? u"order: "_s + indexList(map, *revs) : err(revs.error()));
    } else if (kind == u"upgrade"_s || kind == u"downgrade"_s) {
        const QStringList heads = toStringList(q.at(2));
        const auto steps = kind == u"upgrade"_s
            ? planner.upgradeRevs(q.at(1).toString(), RevisionSpec::tuple(heads))
            : planner.downgradeRevs(q.at(1).toString(), RevisionSpec::tuple(heads));
        if (!steps)
            out << err(steps.error());
        else
            runSteps(out, *steps, heads, false);
    } else if (kind == u"stamp"_s) {
        const QStringList heads = toStringList(q.at(2));
        const bool purge = q.at(3).toBool();
        const auto steps = planner.stampRevs(toStringList(q.at(1)), purge ? QStringList() : heads);
        if (!steps)
            out << err(steps.error());
        else
            runSteps(out, *steps, heads, purge);
    } else if (kind == u"history"_s) {
        const std::optional<QString> range = q.at(1).isNull() ? std::nullopt : std::optional(q.at(1).toString());
        collect(pm::RevisionCommands::history(planner, range, q.at(2).toBool(), q.at(3).toBool(),
                                           toStringList(q.at(4))));
    } else if (kind == u"heads"_s) {
        collect(pm::RevisionCommands::heads(planner, q.at(1).toBool(), q.at(2).toBool()));
    } else if (kind == u"branches"_s) {
        collect(pm::RevisionCommands::branches(planner, q.at(1).toBool()));
    } else if (kind == u"show"_s) {
        collect(pm::RevisionCommands::show(planner, q.at(1).toString(), toStringList(q.at(2))));
    } else if (kind == u"current"_s) {
        collect(pm::RevisionCommands::current(planner, q.at(1).toBool(), toStringList(q.at(2))));
    } else {
        out << u"unknown query"_s;
    }
    return out;
}

} // namespace

QStringList RevisionDriver::runGraph(const QJsonObject &graph)
{
    QStringList out{u"== "_s + graph.value(u"name"_s).toString()};
    QList<pm::RevisionInput> inputs;
    for (const QJsonValue &v : graph.value(u"revisions"_s).toArray()) {
        const QJsonObject o = v.toObject();
        pm::RevisionInput in;
        in.revision = o.value(u"rev"_s).toString();
        in.downRevisions = toStringList(o.value(u"down"_s));
        in.dependsOn = toStringList(o.value(u"deps"_s));
        in.branchLabels = toStringList(o.value(u"labels"_s));
        in.path = o.value(u"path"_s).toString();
        in.docstring = o.value(u"doc"_s).toString();
        inputs << in;
    }
    const auto map = RevisionMap::build(inputs);
    if (!map) {
        out << u"build "_s + err(map.error());
        return out;
    }
    for (const QJsonValue &q : graph.value(u"queries"_s).toArray()) {
        out << u"-- "_s + QString::fromUtf8(QJsonDocument(q.toArray()).toJson(QJsonDocument::Compact));
        for (const QString &line : runQuery(*map, q.toArray()))
            out += line.split(u'\n');
    }
    return out;
}
