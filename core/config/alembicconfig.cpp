#include "config/alembicconfig.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>
#include <QTimeZone>

#include "config/pythonstring.h"

using namespace Qt::StringLiterals;

namespace pm {

QString AlembicConfig::defaultConfigFile()
{
    const QString fromEnvironment = qEnvironmentVariable("ALEMBIC_CONFIG");
    return fromEnvironment.isEmpty() ? u"alembic.ini"_s : fromEnvironment;
}

Result<AlembicConfig> AlembicConfig::load(const QString &configFile)
{
    Options options;
    options.configFile = configFile;
    return load(options);
}

Result<AlembicConfig> AlembicConfig::load(const Options &options)
{
    AlembicConfig config;
    config.m_configFileName = options.configFile.isEmpty() ? defaultConfigFile() : options.configFile;
    config.m_section = options.section.isEmpty() ? u"alembic"_s : options.section;
    config.m_workingDirectory = options.workingDirectory.isEmpty() ? QDir::currentPath() : options.workingDirectory;
    config.m_xArguments = options.xArguments;

    // configparser.read() skips a missing file silently; Alembic then fails
    // on the first option it reads, with this message.
    const QString missing = u"No config file "_s + PythonString::repr(config.m_configFileName)
        + u" found, or file has no '["_s + config.m_section + u"]' section"_s;
    const QString path = config.configFilePath();
    if (!QFileInfo(path).isFile())
        return fail(missing);
    auto file = IniFile::load(path, IniFile::alembicDefaults(config.m_configFileName, config.m_workingDirectory));
    if (!file)
        return std::unexpected(file.error());
    config.m_file = std::move(*file);
    if (!config.m_file.hasSection(config.m_section))
        return fail(missing);
    auto main = config.m_file.items(config.m_section);
    if (!main)
        return std::unexpected(main.error());
    config.m_main = std::move(*main);
    return config;
}

QString AlembicConfig::configFilePath() const
{
    return QDir::cleanPath(QDir(m_workingDirectory).absoluteFilePath(m_configFileName));
}

std::optional<QString> AlembicConfig::option(const QString &key) const
{
    const QString wanted = IniFile::optionKey(key);
    for (const auto &[k, v] : m_main) {
        if (k == wanted)
            return v;
    }
    return std::nullopt;
}

QString AlembicConfig::option(const QString &key, const QString &fallback) const
{
    return option(key).value_or(fallback);
}

Result<bool> AlembicConfig::boolOption(const QString &key, bool fallback) const
{
    const auto value = option(key);
    if (!value)
        return fallback;
    const QString v = value->trimmed().toLower();
    static const QStringList yes{u"true"_s, u"yes"_s, u"on"_s, u"y"_s, u"t"_s, u"1"_s};
    static const QStringList no{u"false"_s, u"no"_s, u"off"_s, u"n"_s, u"f"_s, u"0"_s};
    if (yes.contains(v))
        return true;
    if (no.contains(v))
        return false;
    return fail(Error(m_file.sourceName(), m_file.line(m_section, key), 1,
                      u"The option "_s + IniFile::optionKey(key) + u" must be true or false, not "_s
                          + PythonString::repr(v) + u'.'));
}

Status AlembicConfig::setOption(const QString &key, const QString &value)
{
    if (auto ok = m_file.setValue(m_section, key, value); !ok)
        return ok;
    auto main = m_file.items(m_section);
    if (!main)
        return std::unexpected(main.error());
    m_main = std::move(*main);
    return {};
}

Result<std::optional<IniFile::Items>> AlembicConfig::section(const QString &name) const
{
    if (!m_file.hasSection(name))
        return std::optional<IniFile::Items>();
    auto items = m_file.items(name);
    if (!items)
        return std::unexpected(items.error());
    return std::optional<IniFile::Items>(std::move(*items));
}

Result<QString> AlembicConfig::resolvePath(const QString &key, const QString &path) const
{
    // util.coerce_resource_to_filename: a relative name with a colon is an
    // importlib resource ("package:path"), which needs a Python interpreter.
    if (!QDir::isAbsolutePath(path) && path.contains(u':')) {
        return fail(Error(m_file.sourceName(), m_file.line(m_section, key), 1,
                          u"The "_s + key + u" value "_s + PythonString::repr(path)
                              + u" is a Python package resource (package:path), which this program cannot "
                                u"locate; use a directory path such as %(here)s/migrations instead."_s));
    }
    return QDir::cleanPath(QDir(m_workingDirectory).absoluteFilePath(path));
}

Result<QString> AlembicConfig::scriptLocation() const
{
    const auto location = option(u"script_location"_s);
    if (!location)
        return fail(u"No 'script_location' key found in configuration."_s);
    auto path = resolvePath(u"script_location"_s, *location);
    if (!path)
        return path;
    if (!QFileInfo::exists(*path)) {
        return fail(u"Path doesn't exist: "_s + PythonString::repr(*path)
                    + u".  Please use the 'init' command to create a new scripts folder."_s);
    }
    return path;
}

bool AlembicConfig::hasExplicitVersionLocations() const
{
    return !option(u"version_locations"_s, {}).isEmpty();
}

Result<QStringList> AlembicConfig::versionLocations() const
{
    const QString locations = option(u"version_locations"_s, {});
    if (locations.isEmpty()) {
        auto script = scriptLocation();
        if (!script)
            return std::unexpected(script.error());
        return QStringList{QDir::cleanPath(*script + u"/versions"_s)};
    }

    QStringList parts;
    const auto separator = option(u"version_path_separator"_s);
    if (!separator) {
        // The legacy split, kept by Alembic for files without the key;
        // re.split keeps the empty pieces, which become the working directory.
        static const QRegularExpression legacy(u", *|(?: +)"_s);
        parts = locations.split(legacy);
    } else {
        QString splitOn;
        if (*separator == u"space")
            splitOn = u" "_s;
        else if (*separator == u"os")
            splitOn = QDir::listSeparator();
        else if (*separator == u":" || *separator == u";")
            splitOn = *separator;
        if (splitOn.isEmpty()) {
            // Alembic 1.8.1 reads the whole value, so a trailing "# comment"
            // on the line is part of it and makes the value invalid.
            // A continuation line makes the value span lines: the
            // sentence stays on one, with the line break shown as \n.
            QString shown = *separator;
            shown.replace(u"\r"_s, u"\\r"_s).replace(u"\n"_s, u"\\n"_s);
            return fail(Error(m_file.sourceName(), m_file.line(m_section, u"version_path_separator"_s), 1,
                              u'\'' + shown + u'\''
                                  + u" is not a valid value for version_path_separator; expected 'space', 'os', ':', ';'"_s));
        }
        parts = locations.split(splitOn, Qt::SkipEmptyParts);
    }

    QStringList result;
    for (const QString &part : std::as_const(parts)) {
        auto path = resolvePath(u"version_locations"_s, part);
        if (!path)
            return std::unexpected(path.error());
        result.append(*path);
    }
    return result;
}

Result<DatabaseUrl> AlembicConfig::databaseUrl(const QString &overrideUrl) const
{
    if (!overrideUrl.isEmpty())
        return DatabaseUrl::parse(overrideUrl);
    const auto url = option(u"sqlalchemy.url"_s);
    if (!url) {
        return fail(u"No sqlalchemy.url option in the ["_s + m_section + u"] section of "_s
                    + PythonString::repr(m_configFileName) + u"; add one or pass the URL on the command line."_s);
    }
    auto parsed = DatabaseUrl::parse(*url);
    if (!parsed) {
        Error error = parsed.error();
        error.file = m_file.sourceName();
        error.line = m_file.line(m_section, u"sqlalchemy.url"_s);
        error.column = 1;
        return std::unexpected(error);
    }
    return parsed;
}

Result<int> AlembicConfig::truncateSlugLength() const
{
    const auto value = option(u"truncate_slug_length"_s);
    if (!value)
        return FileTemplate::DefaultTruncateSlugLength;
    // int(): surrounding whitespace and a sign are fine, nothing else.
    bool ok = false;
    const int length = value->trimmed().toInt(&ok);
    if (!ok) {
        return fail(Error(m_file.sourceName(), m_file.line(m_section, u"truncate_slug_length"_s), 1,
                          u"truncate_slug_length must be a whole number, not "_s + PythonString::repr(*value) + u'.'));
    }
    return length == 0 ? FileTemplate::DefaultTruncateSlugLength : length;
}

Result<FileTemplate> AlembicConfig::fileTemplate() const
{
    auto length = truncateSlugLength();
    if (!length)
        return std::unexpected(length.error());
    return FileTemplate(option(u"file_template"_s, FileTemplate::defaultTemplate()), *length);
}

std::optional<QString> AlembicConfig::timezone() const
{
    return option(u"timezone"_s);
}

Result<QDateTime> AlembicConfig::createDate(const QDateTime &now) const
{
    const auto zoneName = timezone();
    if (!zoneName)
        return now.toLocalTime();
    QTimeZone zone;
    if (zoneName->isEmpty()) {
        // dateutil.tz.gettz("") is the local zone, but zone-aware.
        zone = QTimeZone::systemTimeZone();
    } else {
        zone = QTimeZone(zoneName->toUtf8());
        if (!zone.isValid())
            zone = QTimeZone(zoneName->toUpper().toUtf8());
    }
    if (!zone.isValid())
        return fail(u"Can't locate timezone: "_s + *zoneName);
    return now.toTimeZone(zone);
}

Result<bool> AlembicConfig::revisionEnvironment() const
{
    return boolOption(u"revision_environment"_s);
}

Result<bool> AlembicConfig::recursiveVersionLocations() const
{
    return boolOption(u"recursive_version_locations"_s);
}

bool AlembicConfig::sourceless() const
{
    return option(u"sourceless"_s) == u"true"_s;
}

QString AlembicConfig::outputEncoding() const
{
    return option(u"output_encoding"_s, u"utf-8"_s);
}

Result<IniFile::Items> AlembicConfig::xArgumentsDictionary() const
{
    IniFile::Items result;
    for (const QString &argument : m_xArguments) {
        const qsizetype eq = argument.indexOf(u'=');
        if (eq < 0)
            return fail(u"The -x argument "_s + PythonString::repr(argument) + u" is not of the form key=value."_s);
        const QString key = argument.left(eq);
        const QString value = argument.mid(eq + 1);
        bool replaced = false;
        for (auto &[k, v] : result) {
            if (k == key) {
                v = value;
                replaced = true;
            }
        }
        if (!replaced)
            result.append({key, value});
    }
    return result;
}

} // namespace pm
