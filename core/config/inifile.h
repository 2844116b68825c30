#pragma once

#include <optional>
#include <utility>

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include "base/result.h"

namespace pm {

// An .ini file read the way Python's configparser.ConfigParser reads it for
// Alembic: strict duplicates, "=" and ":" delimiters, "#"/";" full-line
// comments only, indented continuation lines, lowercased option names, a
// [DEFAULT] section and BasicInterpolation (%(name)s, %%) applied on read.
// Alembic projects are edited by hand and also read by real Alembic, so every
// difference from configparser would be a file that works in one tool only.
class IniFile final
{
public:
    using Items = QList<std::pair<QString, QString>>;

    IniFile() = default;

    // `defaults` play the role of ConfigParser(defaults): they seed [DEFAULT]
    // and the file may override them. Alembic passes {"here": dir of file}.
    static Result<IniFile> parse(const QString &text, const QString &sourceName,
                                 const Items &defaults = {});
    static Result<IniFile> load(const QString &path, const Items &defaults = {});

    // Alembic's defaults for a config file: "here" = absolute directory of
    // `path`, a relative path taken from `workingDirectory` (empty: current).
    static Items alembicDefaults(const QString &path, const QString &workingDirectory = {});

    const QString &sourceName() const { return m_sourceName; }

    // Sections in file order, without DEFAULT (configparser.sections()).
    QStringList sections() const;
    bool hasSection(const QString &section) const;
    bool hasOption(const QString &section, const QString &option) const;
    // Option names of a section including the defaults, as configparser.options().
    Result<QStringList> options(const QString &section) const;

    // configparser.get(section, option): interpolated.
    Result<QString> value(const QString &section, const QString &option) const;
    // The value as written (after continuation joining), not interpolated.
    std::optional<QString> rawValue(const QString &section, const QString &option) const;
    // The 1-based line an option was read from; 0 when set programmatically.
    int line(const QString &section, const QString &option) const;

    // configparser.items(section): defaults first, then the section's own
    // options, all interpolated.
    Result<Items> items(const QString &section) const;

    // configparser.add_section / set, with set's interpolation-syntax check.
    Status addSection(const QString &section);
    Status setValue(const QString &section, const QString &option, const QString &value);

    static QString optionKey(const QString &option) { return option.toLower(); }

private:
    struct Section
    {
        QString name;
        QStringList keys;
        QHash<QString, QString> values;
        QHash<QString, int> lines;

        void set(const QString &key, const QString &value, int line);
    };

    const Section *findSection(const QString &section) const;
    Section *findSection(const QString &section);
    Status interpolate(const QString &section, const QString &option, const QString &rawValue,
                       const QHash<QString, QString> &map, QString &out, int depth) const;
    QHash<QString, QString> interpolationMap(const Section *section) const;

    QString m_sourceName;
    Section m_defaults{QStringLiteral("DEFAULT"), {}, {}, {}};
    QList<Section> m_sections;
};

} // namespace pm
