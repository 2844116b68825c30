// One line of text for everything ScriptParser gives for a script, the
// script or the error (file:line:col, sentence, exception), for the suites
// that hold two ways of reading the same source to the same answer
// (tst_scriptpreamble, tst_scriptheaderskim). Needs opdump.cpp.
#pragma once

#include <QString>

#include "opdump.h"
#include "base/result.h"
#include "script/migrationscript.h"

namespace pm::test {

inline QString describeScript(const Result<MigrationScript> &r)
{
    using namespace Qt::StringLiterals;
    if (!r)
        return u"error "_s + r.error().toString() + u" ["_s + r.error().exception + u']';
    const MigrationScript &s = *r;
    auto list = [](const RevisionList &l) -> QString { return QString::number(int(l.form)) + u'[' + l.ids.join(u',') + u']'; };
    QString out = s.fileName + u'|' + s.docstring + u'|' + s.revision + u'|' + list(s.downRevision) + u'|'
        + list(s.branchLabels) + u'|' + list(s.dependsOn) + u"|at "_s + s.revisionLocation.file + u':'
        + QString::number(s.revisionLocation.line) + u':' + QString::number(s.revisionLocation.column);
    for (const PythonImport &i : s.imports)
        out += u"|import "_s + i.module + u'/' + i.name + u'/' + i.alias + u'@' + QString::number(i.line) + u':'
            + QString::number(i.column) + (i.moduleLevel ? u"" : u" inner");
    out += u"|up "_s + QString::number(s.hasUpgrade) + u" down "_s + QString::number(s.hasDowngrade) + u" parsed "_s
        + QString::number(s.bodiesParsed) + u" raises "_s + QString::number(s.downgradeRaises) + u" conn "_s
        + QString::number(s.upgradeUsesConnection) + QString::number(s.downgradeUsesConnection);
    for (const auto *e : {&s.upgradeError, &s.downgradeError})
        out += u"|err "_s + (*e ? (*e)->toString() : u"-"_s);
    for (const OperationList *ops : {&s.upgrade, &s.downgrade}) {
        out += u"|ops "_s + dump(*ops);
        for (const Operation &op : *ops)
            out += u" @"_s + op.location.file + u':' + QString::number(op.location.line) + u':'
                + QString::number(op.location.column);
    }
    return out;
}

} // namespace pm::test
