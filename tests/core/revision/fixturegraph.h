#pragma once

#include <QList>

#include "revision/revision.h"

// Two bases, a branch point, a labelled branch merged back, and a second
// root whose head depends on the first tree:
//
//   aaaa0001 -> bbbb0002 -> cc110003 (feat) -> dddd0005 (merge)
//                       \-> cc220004 -------/
//   eeee0006 (extra) -> ffff0007 (depends_on cc220004)
namespace FixtureGraph {

inline QList<pm::RevisionInput> inputs()
{
    using namespace Qt::StringLiterals;
    auto rev = [](QString id, QStringList down, QString doc, QStringList labels = {}, QStringList deps = {}) {
        pm::RevisionInput in;
        in.revision = id;
        in.downRevisions = std::move(down);
        in.docstring = std::move(doc);
        in.branchLabels = std::move(labels);
        in.dependsOn = std::move(deps);
        in.path = u"versions/"_s + id + u".py"_s;
        return in;
    };
    return {
        rev(u"aaaa0001"_s, {}, u"create pet\n\nRevision ID: aaaa0001\nRevises: \nCreate Date: 2024-05-01 10:00:00.000000\n\n"_s),
        rev(u"bbbb0002"_s, {u"aaaa0001"_s}, u"add owner"_s),
        rev(u"cc110003"_s, {u"bbbb0002"_s}, u"feature"_s, {u"feat"_s}),
        rev(u"cc220004"_s, {u"bbbb0002"_s}, u"other line"_s),
        rev(u"dddd0005"_s, {u"cc110003"_s, u"cc220004"_s}, u"merge"_s),
        rev(u"eeee0006"_s, {}, QString(), {u"extra"_s}),
        rev(u"ffff0007"_s, {u"eeee0006"_s}, u"needs other"_s, {}, {u"cc220004"_s}),
    };
}

} // namespace FixtureGraph
