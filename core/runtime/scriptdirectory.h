#pragma once

#include <memory>
#include <optional>
#include <vector>

#include <QHash>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "revision/revisionmap.h"
#include "revision/revisionplanner.h"
#include "runtime/versionfiles.h"
#include "script/migrationscript.h"
#include "script/scriptparser.h"
#include "script/scriptpreamble.h"

namespace pm {

class AlembicConfig;
class LiveConnection;
class ModuleConstants;

// Alembic's ScriptDirectory: the versions/ folders of a project read into a
// revision graph. Scripts are read header-only to build the graph (fast for
// thousands of revisions); a script's upgrade()/downgrade() bodies are parsed
// when a command needs them, and any error names file:line:col.
class ScriptDirectory final
{
public:
    // `headerCacheFolder`: where HeaderCache keeps the skimmed headers
    // between runs (HeaderCache::userFolder()); empty reads every file.
    // `bytes`: ScriptBytes::Drop for a caller that never asks for a body
    // (the graph commands); the bodies are then read from the files when
    // asked for all the same.
    static Result<std::unique_ptr<ScriptDirectory>> load(const AlembicConfig &config,
                                                          const QString &userModulePrefix = {},
                                                          const QString &headerCacheFolder = {},
                                                          ScriptBytes bytes = ScriptBytes::Keep);
    // `modulePaths`: where the application's modules are (Alembic's
    // prepend_sys_path), for headers that take an identifier from them.
    static Result<std::unique_ptr<ScriptDirectory>> fromDirectories(const QString &scriptLocation,
                                                                    const QStringList &versionLocations,
                                                                    const QString &userModulePrefix = {},
                                                                    const QStringList &modulePaths = {},
                                                                    const QString &headerCacheFolder = {},
                                                                    ScriptBytes bytes = ScriptBytes::Keep);

    const QString &scriptLocation() const { return m_scriptLocation; }
    const QStringList &versionLocations() const { return m_versionLocations; }
    const RevisionMap &map() const { return m_map; }
    const RevisionPlanner &planner() const { return m_planner; }

    QString pathOf(const QString &revision) const;
    // The whole script, bodies parsed; cached.
    Result<const MigrationScript *> script(const QString &revision) const;
    // The same, parsed now and not kept: for one pass that reads each of
    // thousands of scripts once (the offline writer), where keeping them all
    // costs more in memory traffic than parsing them. Reuses the cache when
    // `script()` already filled it. `bodies`: the one function the caller
    // runs, when it runs one (ScriptParser::Options::bodies).
    Result<const MigrationScript *> scriptOnce(const QString &revision, MigrationScript &scratch,
                                               ScriptParser::Options::Bodies bodies =
                                                   ScriptParser::Options::Bodies::Both) const;
    // Parses every script's bodies: what `check`-like callers use to refuse a
    // malformed project before touching a database.
    Status parseAll() const;
    // The dialect and mode a body is evaluated for (bind.dialect.name,
    // context.is_offline_mode()); the cached bodies are read again when
    // they change.
    void setEvaluationContext(const QString &dialect, bool offline) const;
    // Evaluates a revision's upgrade() or downgrade() on the migration's
    // connection, online: what a body that uses the connection
    // (MigrationScript::usesConnection) needs at its step of the run.
    Status runBody(const QString &revision, bool upgrade, LiveConnection &live) const;
    // How this project's scripts are read (user_module_prefix, the modules
    // on prepend_sys_path), for a caller that reads one itself.
    const ScriptParser::Options &parserOptions() const { return m_parserOptions; }

    ScriptDirectory(const ScriptDirectory &) = delete;
    ScriptDirectory &operator=(const ScriptDirectory &) = delete;

private:
    ScriptDirectory();
    Result<MigrationScript> parse(const QString &revision,
                                  ScriptParser::Options::Bodies bodies = ScriptParser::Options::Bodies::Both) const;
    // A script's bytes as read once (none when its header came from the
    // cache: the file is read then), with what the graph's skim read of
    // the statements before its first def.
    struct Source
    {
        QByteArray bytes;
        std::optional<ScriptPreamble> preamble;
    };
    const Source *sourceOf(const QString &revision) const;

    QString m_scriptLocation;
    QStringList m_versionLocations;
    mutable ScriptParser::Options m_parserOptions;
    // A parser for each ScriptParser::Options::Bodies, made when the
    // options change: the options hold two std::functions and strings,
    // and copying them for every one of thousands of parses cost more
    // than a small script's header.
    mutable ScriptParser m_parsers[3];
    void makeParsers() const;
    std::shared_ptr<const ModuleConstants> m_moduleConstants;
    RevisionMap m_map;
    RevisionPlanner m_planner;
    std::vector<Source> m_sources; // by map index

    mutable QHash<QString, MigrationScript> m_parsed;
};

} // namespace pm
