#include "runtime/scriptdirectory.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include "config/alembicconfig.h"
#include "runtime/headercache.h"
#include "runtime/versionfiles.h"
#include "script/moduleconstants.h"
#include "script/scriptevaluator.h"

using namespace Qt::StringLiterals;

namespace pm {

ScriptDirectory::ScriptDirectory()
    : m_planner(m_map)
{
}

Result<std::unique_ptr<ScriptDirectory>> ScriptDirectory::load(const AlembicConfig &config,
                                                                const QString &userModulePrefix,
                                                                const QString &headerCacheFolder,
                                                                ScriptBytes bytes)
{
    auto location = config.scriptLocation();
    if (!location)
        return std::unexpected(location.error());
    auto versions = config.versionLocations();
    if (!versions)
        return std::unexpected(versions.error());
    // ScriptDirectory.from_config: sys.path[:0] = prepend_sys_path, split as
    // Alembic splits it; relative entries are the working directory's.
    QStringList modulePaths;
    static const QRegularExpression separators(u", *|(?: +)|:"_s);
    for (const QString &part : config.option(u"prepend_sys_path"_s, {}).split(separators, Qt::SkipEmptyParts))
        modulePaths << QDir::cleanPath(QDir(config.workingDirectory()).absoluteFilePath(part));
    return fromDirectories(*location, *versions, userModulePrefix, modulePaths, headerCacheFolder, bytes);
}

Result<std::unique_ptr<ScriptDirectory>> ScriptDirectory::fromDirectories(const QString &scriptLocation,
                                                                          const QStringList &versionLocations,
                                                                          const QString &userModulePrefix,
                                                                          const QStringList &modulePaths,
                                                                          const QString &headerCacheFolder,
                                                                ScriptBytes bytes)
{
    std::unique_ptr<ScriptDirectory> dir(new ScriptDirectory());
    dir->m_scriptLocation = scriptLocation;
    dir->m_versionLocations = versionLocations;
    if (!userModulePrefix.isEmpty())
        dir->m_parserOptions.userModulePrefix = userModulePrefix;

    if (!QFileInfo(scriptLocation).isDir())
        return fail(u"Path doesn't exist: '%1'.  Please use the 'init' command to create a new scripts folder."_s.arg(
            scriptLocation));

    auto moduleConstants = std::make_shared<const ModuleConstants>(modulePaths);
    dir->m_moduleConstants = moduleConstants;
    dir->m_parserOptions.importedConstant = [moduleConstants](const QString &module, const QString &name) {
        return moduleConstants->lookup(module, name);
    };
    dir->m_parserOptions.moduleSource = [moduleConstants](const QString &module) {
        return moduleConstants->source(module);
    };
    ScriptParser::Options headerOptions = dir->m_parserOptions;
    headerOptions.headerOnly = true;
    const ScriptParser headerParser(headerOptions);

    QList<RevisionInput> inputs;
    QSet<QString> seen;
    for (const QString &location : versionLocations) {
        // Alembic 1.8 takes os.listdir() as it comes, unsorted, and the map's
        // order (which breaks ties between branches) is that order: the
        // directory's own, read here the same way (readVersionFiles).
        std::optional<HeaderCache> cache;
        if (!headerCacheFolder.isEmpty()) {
            cache.emplace(headerCacheFolder, location);
            cache->startRun();
        }
        qint64 folderMtimeNs = -1;
        auto files = readVersionFiles(location, cache ? &*cache : nullptr, &folderMtimeNs, bytes);
        if (!files)
            return std::unexpected(files.error());
        if (files->isEmpty())
            continue;
        // RevisionInput is not relocatable: a growing list moves each one
        inputs.reserve(inputs.size() + files->size());
        dir->m_sources.reserve(dir->m_sources.size() + size_t(files->size()));
        const QString canonicalDir = QFileInfo(location).canonicalFilePath() + u'/';
        // Names in one folder are distinct: the set of real paths only
        // matters once a second folder or a symbolic link comes in, and
        // building 10,000 of them for nothing is measurable.
        bool needSeen = !seen.isEmpty() || versionLocations.size() > 1;
        for (const VersionFile &file : std::as_const(*files))
            needSeen = needSeen || !file.realPath.isEmpty();
        for (VersionFile &file : *files) {
            const QString &path = file.path;
            // Alembic skips a file whose os.path.realpath() it has loaded;
            // only a symbolic link can resolve elsewhere than its directory.
            if (needSeen) {
                const QString canonical = file.realPath.isEmpty() ? canonicalDir + file.fileName : file.realPath;
                if (seen.contains(canonical))
                    continue;
                seen.insert(canonical);
            }
            RevisionInput input;
            // Scripts as Alembic writes them are read straight from their
            // bytes; any other is parsed, which also words its errors.
            // readVersionFiles() skimmed each file it read as it read it
            std::optional<ScriptHeader> header = file.cached ? std::move(file.cached) : std::move(file.skimmed);
            if (header && cache && file.stamp.size >= 0)
                cache->keep(QFile::encodeName(file.fileName), file.stamp, *header);
            if (header) {
                input.revision = std::move(header->revision);
                input.downRevisions = std::move(header->downRevisions);
                input.dependsOn = std::move(header->dependsOn);
                input.branchLabels = std::move(header->branchLabels);
                input.docstring = std::move(header->docstring);
            } else {
                auto script = headerParser.parse(QString::fromUtf8(file.content), path);
                if (!script)
                    return std::unexpected(script.error());
                input.revision = script->revision;
                input.downRevisions = script->downRevision.ids;
                input.dependsOn = script->dependsOn.ids;
                input.branchLabels = script->branchLabels.ids;
                input.docstring = script->docstring;
            }
            if (input.revision.isEmpty())
                return fail(u"Could not determine revision id from filename %1. Be sure the 'revision' variable is "
                            u"declared inside the script (please see 'Upgrading from Alembic 0.1 to 0.2' in the "
                            u"documentation)."_s.arg(file.fileName));
            input.path = path;
            // Kept for the bodies: a command that runs or renders scripts
            // parses them from these bytes instead of reading them again
            // (a header from the cache has none: the file is read then).
            // In input order, which is the map's: indexed like it.
            dir->m_sources.push_back(Source{std::move(file.content), std::move(file.preamble)});
            inputs << std::move(input);
        }
        if (cache)
            cache->save(folderMtimeNs);
    }
    auto map = RevisionMap::build(inputs);
    if (!map)
        return std::unexpected(RevisionPlanner::translate(map.error()).toError());
    dir->m_map = std::move(*map);
    dir->makeParsers();
    return dir;
}

void ScriptDirectory::makeParsers() const
{
    using Bodies = ScriptParser::Options::Bodies;
    for (const Bodies bodies : {Bodies::Both, Bodies::UpgradeOnly, Bodies::DowngradeOnly}) {
        ScriptParser::Options options = m_parserOptions;
        options.bodies = bodies;
        m_parsers[int(bodies)] = ScriptParser(std::move(options));
    }
}

void ScriptDirectory::setEvaluationContext(const QString &dialect, bool offline) const
{
    if (m_parserOptions.dialect == dialect && m_parserOptions.offline == offline)
        return;
    m_parserOptions.dialect = dialect;
    m_parserOptions.offline = offline;
    makeParsers();
    m_parsed.clear();
}

Result<const MigrationScript *> ScriptDirectory::script(const QString &revision) const
{
    if (auto it = m_parsed.constFind(revision); it != m_parsed.constEnd())
        return &it.value();
    auto parsed = parse(revision);
    if (!parsed)
        return std::unexpected(parsed.error());
    // emplace moves; QHash::insert() would copy every operation
    return &m_parsed.emplace(revision, std::move(*parsed)).value();
}

Result<const MigrationScript *> ScriptDirectory::scriptOnce(const QString &revision, MigrationScript &scratch,
                                                            ScriptParser::Options::Bodies bodies) const
{
    if (auto it = m_parsed.constFind(revision); it != m_parsed.constEnd())
        return &it.value();
    auto parsed = parse(revision, bodies);
    if (!parsed)
        return std::unexpected(parsed.error());
    scratch = std::move(*parsed);
    return &scratch;
}

Result<MigrationScript> ScriptDirectory::parse(const QString &revision, ScriptParser::Options::Bodies bodies) const
{
    // pathOf() and sourceOf() in one look-up
    const RevisionMap::Index index = m_map.indexOf(revision);
    if (index < 0)
        return fail(u"Can't locate revision identified by '%1'"_s.arg(revision));
    const QString &path = m_map.at(index).path();
    if (path.isEmpty())
        return fail(u"Can't locate revision identified by '%1'"_s.arg(revision));
    const ScriptParser &parser = m_parsers[int(bodies)];
    const Source *source = size_t(index) < m_sources.size() ? &m_sources[size_t(index)] : nullptr;
    if (!source || source->bytes.isEmpty())
        return parser.parseFile(path);
    return parser.parseUtf8(source->bytes, path, source->preamble ? &*source->preamble : nullptr);
}

Status ScriptDirectory::runBody(const QString &revision, bool upgrade, LiveConnection &live) const
{
    const QString path = pathOf(revision);
    if (path.isEmpty())
        return fail(u"Can't locate revision identified by '%1'"_s.arg(revision));
    QString source;
    if (const Source *read = sourceOf(revision); read && !read->bytes.isEmpty()) {
        source = QString::fromUtf8(read->bytes);
    } else {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error(path, 0, 0, u"cannot read the script: "_s + file.errorString()));
        source = QString::fromUtf8(file.readAll());
    }
    ScriptEvaluator::Context context;
    context.dialect = m_parserOptions.dialect;
    context.offline = false;
    context.userModulePrefix = m_parserOptions.userModulePrefix;
    context.importedConstant = m_parserOptions.importedConstant;
    // The application's modules (stand-ins on prepend_sys_path) as when the body was read.
    context.moduleSource = m_parserOptions.moduleSource;
    context.live = &live;
    return ScriptEvaluator::run(source, path, context, upgrade);
}

QString ScriptDirectory::pathOf(const QString &revision) const
{
    const RevisionMap::Index index = m_map.indexOf(revision);
    return index >= 0 ? m_map.at(index).path() : QString();
}

const ScriptDirectory::Source *ScriptDirectory::sourceOf(const QString &revision) const
{
    // bytes empty when the file was not read (its header came from the
    // cache): no script the map holds is empty, as it names its revision
    const RevisionMap::Index index = m_map.indexOf(revision);
    return index >= 0 && size_t(index) < m_sources.size() ? &m_sources[size_t(index)] : nullptr;
}

Status ScriptDirectory::parseAll() const
{
    for (const Revision &r : m_map.revisions()) {
        auto s = script(r.revision());
        if (!s)
            return std::unexpected(s.error());
        for (const bool up : {true, false}) {
            if (auto body = (*s)->body(up); !body)
                return std::unexpected(body.error());
        }
    }
    return {};
}

} // namespace pm
