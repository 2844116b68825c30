#pragma once

#include <optional>

#include <QDateTime>
#include <QString>
#include <QStringList>

#include "base/result.h"
#include "config/databaseurl.h"
#include "config/filetemplate.h"
#include "config/inifile.h"

namespace pm {

// Alembic's Config plus the settings ScriptDirectory.from_config reads from
// it (Alembic 1.8.1): the main section of alembic.ini, the -c/-n/-x command
// line inputs, and the resolved script and version directories. Relative
// paths are resolved against `workingDirectory`, as Alembic resolves them
// against the process's current directory.
class AlembicConfig final
{
public:
    struct Options
    {
        QString configFile;             // -c; empty: $ALEMBIC_CONFIG, else "alembic.ini"
        QString section = QStringLiteral("alembic"); // -n
        QStringList xArguments;         // each -x value, in order
        QString workingDirectory;       // empty: the current directory
    };

    // The -c default: $ALEMBIC_CONFIG, else "alembic.ini".
    static QString defaultConfigFile();

    // Reads the file and checks that the main section exists and that all its
    // values interpolate, since env.py reads the whole section anyway
    // (engine_from_config(config.get_section(...))).
    static Result<AlembicConfig> load(const Options &options);
    static Result<AlembicConfig> load(const QString &configFile);

    const QString &configFileName() const { return m_configFileName; } // as given
    QString configFilePath() const;                                     // absolute
    const QString &mainSection() const { return m_section; }
    const QString &workingDirectory() const { return m_workingDirectory; }
    const IniFile &file() const { return m_file; }

    // get_main_option: interpolated value or nullopt when absent.
    std::optional<QString> option(const QString &key) const;
    QString option(const QString &key, const QString &fallback) const;
    // sqlalchemy's asbool: true/yes/on/y/t/1, false/no/off/n/f/0 (any case,
    // surrounding spaces ignored); anything else is an error.
    Result<bool> boolOption(const QString &key, bool fallback = false) const;
    // set_main_option, e.g. for a --url override; `value` uses ini syntax (%%).
    Status setOption(const QString &key, const QString &value);
    // get_section: interpolated items of any section (defaults included),
    // nullopt when the section does not exist.
    Result<std::optional<IniFile::Items>> section(const QString &name) const;

    // script_location resolved to an absolute, existing directory.
    Result<QString> scriptLocation() const;
    // version_locations split as Alembic 1.8.1 splits it; the script
    // directory's "versions" folder when the key is absent or empty.
    Result<QStringList> versionLocations() const;
    // True when version_locations is set (Alembic then creates the
    // directory a new revision goes to).
    bool hasExplicitVersionLocations() const;

    // sqlalchemy.url, or `overrideUrl` when not empty (--url).
    Result<DatabaseUrl> databaseUrl(const QString &overrideUrl = {}) const;

    Result<FileTemplate> fileTemplate() const;
    Result<int> truncateSlugLength() const;
    // nullopt when the key is absent; an empty value means the local zone.
    std::optional<QString> timezone() const;
    // The revision's create date: now in `timezone` when set, else local
    // time without a zone, as ScriptDirectory._generate_create_date.
    Result<QDateTime> createDate(const QDateTime &now = QDateTime::currentDateTimeUtc()) const;
    Result<bool> revisionEnvironment() const;
    // Read by Alembic 1.10+; Alembic 1.8.1 ignores it.
    Result<bool> recursiveVersionLocations() const;
    // Alembic compares with == "true" exactly.
    bool sourceless() const;
    QString outputEncoding() const;

    const QStringList &xArguments() const { return m_xArguments; }
    // get_x_argument(as_dictionary=True): split at the first '=', later
    // keys win; an argument without '=' is an error.
    Result<IniFile::Items> xArgumentsDictionary() const;

private:
    Result<QString> resolvePath(const QString &key, const QString &path) const;

    QString m_configFileName;
    QString m_section;
    QString m_workingDirectory;
    QStringList m_xArguments;
    IniFile m_file;
    IniFile::Items m_main;
};

} // namespace pm
