#include "runtime/revisionwriter.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QUuid>

#include "config/alembicconfig.h"
#include "revision/revisionplanner.h"
#include "runtime/scriptdirectory.h"
#include "template/makotemplate.h"

using namespace Qt::StringLiterals;

namespace pm {

QString newRevisionId()
{
    return QUuid::createUuid().toString(QUuid::Id128).right(12);
}

NewRevision mergeRequest(const QStringList &revisions, const std::optional<QString> &message,
                         const QStringList &branchLabels, const QString &revisionId)
{
    NewRevision request;
    request.message = message;
    request.heads = revisions;
    request.splice = true; // merge takes any revisions, heads or not (refresh=True, no splice check)
    request.branchLabels = branchLabels;
    request.revisionId = revisionId;
    return request;
}

Result<RenderedRevision> renderRevision(const AlembicConfig &config, const ScriptDirectory &scripts,
                                        const NewRevision &request)
{
    const QString revid = request.revisionId.isEmpty() ? newRevisionId() : request.revisionId;
    // Script.verify_rev_id
    static const QRegularExpression illegal(u"[@\\-+:]"_s);
    if (revid.contains(illegal))
        return fail(u"Character(s) '%1' not allowed in revision identifier '%2'"_s.arg(
            revid.contains(u'@') ? u"@"_s : revid.contains(u'-') ? u"-"_s : revid.contains(u'+') ? u"+"_s : u":"_s,
            revid));
    if (scripts.map().indexOf(revid) != RevisionMap::NoRevision)
        return fail(u"Revision %1 is already present"_s.arg(revid));

    const RevisionSpec headSpec = request.heads.size() == 1 ? RevisionSpec(request.heads.first())
                                                            : RevisionSpec::tuple(request.heads);
    auto resolved = scripts.map().getRevisions(headSpec);
    if (!resolved) {
        RevisionPlanner::Catch c;
        c.multipleHeads = u"Multiple heads are present; please specify the head revision on which the new revision "
                          u"should be based, or perform a merge."_s;
        return std::unexpected(RevisionPlanner::translate(resolved.error(), c).toError());
    }
    QStringList downRevisions;
    QSet<RevisionMap::Index> seen;
    for (RevisionMap::Index i : *resolved) {
        if (seen.contains(i))
            return fail(u"Duplicate head revisions specified"_s);
        seen.insert(i);
        if (i >= 0)
            downRevisions << scripts.map().at(i).revision();
    }

    const QDateTime now = request.now.isValid() ? request.now : QDateTime::currentDateTimeUtc();
    auto createDate = config.createDate(now);
    if (!createDate)
        return std::unexpected(createDate.error());

    QString versionPath = request.versionPath;
    const QStringList locations = scripts.versionLocations();
    if (versionPath.isEmpty()) {
        if (locations.size() > 1) {
            for (RevisionMap::Index i : *resolved) {
                if (i >= 0) {
                    versionPath = QFileInfo(scripts.map().at(i).path()).absolutePath();
                    break;
                }
            }
            if (versionPath.isEmpty())
                return fail(u"Multiple version locations present, please specify --version-path"_s);
        } else {
            versionPath = locations.value(0);
        }
    }
    const QString normalized = QDir::cleanPath(QFileInfo(versionPath).absoluteFilePath());
    bool known = false;
    for (const QString &l : locations)
        known = known || QDir::cleanPath(QFileInfo(l).absoluteFilePath()) == normalized;
    if (!known)
        return fail(u"Path %1 is not represented in current version locations"_s.arg(versionPath));

    if (!request.splice) {
        for (RevisionMap::Index i : *resolved) {
            if (i >= 0 && !scripts.map().at(i).isHead())
                return fail(u"Revision %1 is not a head revision; please specify --splice to create a new branch "
                            u"from this revision"_s.arg(scripts.map().at(i).revision()));
        }
    }

    QStringList dependsOn;
    for (const QString &dep : request.dependsOn) {
        auto idx = scripts.map().getRevision(RevisionSpec(dep));
        if (!idx || *idx < 0)
            return fail(idx ? u"Can't locate revision identified by '%1'"_s.arg(dep)
                            : RevisionPlanner::translate(idx.error()).toError().message);
        const Revision &rev = scripts.map().at(*idx);
        dependsOn << (rev.branchLabels().contains(dep) ? dep : rev.revision());
    }

    auto fileTemplate = config.fileTemplate();
    if (!fileTemplate)
        return std::unexpected(fileTemplate.error());
    auto fileName = fileTemplate->fileName(revid, request.message.value_or(QString()), *createDate);
    if (!fileName)
        return std::unexpected(fileName.error());
    const QString path = QDir(versionPath).filePath(*fileName);

    const QString templatePath = QDir(scripts.scriptLocation()).filePath(u"script.py.mako"_s);
    auto tmpl = MakoTemplate::load(templatePath);
    if (!tmpl)
        return std::unexpected(tmpl.error());
    MakoTemplate::Context context = MakoTemplate::revisionContext(revid, downRevisions, request.branchLabels,
                                                                  dependsOn, *createDate, request.message);
    if (request.bodies) {
        QStringList imports = request.bodies->imports;
        // Deliberately unlike Alembic: a user type's module is imported when
        // the template does not, so the script runs instead of NameError.
        QFile templateFile(templatePath);
        QString templateText;
        if (templateFile.open(QIODevice::ReadOnly))
            templateText = QString::fromUtf8(templateFile.readAll());
        imports << missingImports(request.bodies->imports, request.bodies->userModules, templateText);
        imports.sort();
        context.insert(u"imports"_s, TemplateValue(imports.join(u'\n')));
        context.insert(u"upgrades"_s, TemplateValue(request.bodies->upgrades));
        context.insert(u"downgrades"_s, TemplateValue(request.bodies->downgrades));
    } else {
        context.insert(u"imports"_s, TemplateValue::none());
        context.insert(u"upgrades"_s, TemplateValue::none());
        context.insert(u"downgrades"_s, TemplateValue::none());
    }
    auto text = tmpl->render(context);
    if (!text)
        return std::unexpected(text.error());
    return RenderedRevision{revid, path, *text, now};
}

namespace {

Status writeRendered(const AlembicConfig &config, const RenderedRevision &rendered)
{
    // Alembic creates a version_locations folder that does not exist yet.
    if (config.hasExplicitVersionLocations())
        QDir().mkpath(QFileInfo(rendered.path).absolutePath());
    return MakoTemplate::writeText(rendered.text, rendered.path, config.outputEncoding());
}

} // namespace

Status saveRevision(const AlembicConfig &config, const RenderedRevision &rendered)
{
    if (QFileInfo::exists(rendered.path))
        return fail(Error(rendered.path, 0, 0, u"The file exists already; it is not replaced."_s));
    return writeRendered(config, rendered);
}

Result<WrittenRevision> writeRevision(const AlembicConfig &config, const ScriptDirectory &scripts,
                                      const NewRevision &request)
{
    auto rendered = renderRevision(config, scripts, request);
    if (!rendered)
        return std::unexpected(rendered.error());
    if (auto written = writeRendered(config, *rendered); !written)
        return std::unexpected(written.error());
    return WrittenRevision{rendered->revision, rendered->path};
}

} // namespace pm
