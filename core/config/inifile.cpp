#include "config/inifile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>
#include <QSet>
#include <QStringDecoder>

#include "config/pythonstring.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

const QString kDefaultSection = u"DEFAULT"_s;
// configparser.MAX_INTERPOLATION_DEPTH
constexpr int kMaxInterpolationDepth = 10;

QString repr(const QString &s)
{
    return PythonString::repr(s);
}

// Python's str.strip() / the index of the first \S.
qsizetype firstNonSpace(const QString &line)
{
    for (qsizetype i = 0; i < line.size(); ++i) {
        if (!line.at(i).isSpace())
            return i;
    }
    return -1;
}

// configparser's _KEYCRE = %\(([^)]+)\)s matched at the start of `rest`;
// returns the key and the length matched, or an empty key when no match.
std::pair<QString, qsizetype> matchKey(QStringView rest)
{
    if (rest.size() < 4 || rest.at(0) != u'%' || rest.at(1) != u'(')
        return {};
    const qsizetype close = rest.indexOf(u')', 2);
    if (close <= 2 || close + 1 >= rest.size() || rest.at(close + 1) != u's')
        return {};
    return {rest.mid(2, close - 2).toString(), close + 2};
}

} // namespace

void IniFile::Section::set(const QString &key, const QString &value, int line)
{
    if (!values.contains(key))
        keys.append(key);
    values.insert(key, value);
    lines.insert(key, line);
}

IniFile::Items IniFile::alembicDefaults(const QString &path, const QString &workingDirectory)
{
    // os.path.abspath(os.path.dirname(path)): normalised, symlinks kept.
    const QDir base(workingDirectory.isEmpty() ? QDir::currentPath() : workingDirectory);
    return {{u"here"_s, QDir::cleanPath(base.absoluteFilePath(QFileInfo(path).path()))}};
}

Result<IniFile> IniFile::load(const QString &path, const Items &defaults)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error(path, 0, 0, u"Cannot read the file: "_s + file.errorString() + u'.'));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    const QString text = decoder(file.readAll());
    if (decoder.hasError())
        return fail(Error(path, 0, 0, u"The file is not valid UTF-8."_s));
    return parse(text, path, defaults);
}

Result<IniFile> IniFile::parse(const QString &input, const QString &sourceName, const Items &defaults)
{
    IniFile ini;
    ini.m_sourceName = sourceName;
    for (const auto &[key, value] : defaults)
        ini.m_defaults.set(optionKey(key), value, 0);

    // Python's universal newlines.
    QString text = input;
    text.replace(u"\r\n"_s, u"\n"_s);
    text.replace(u'\r', u'\n');
    QStringList lines = text.split(u'\n');
    if (!lines.isEmpty() && lines.constLast().isEmpty())
        lines.removeLast();

    // Values are collected as line lists and joined at the end, as
    // configparser does, so trailing blank lines of a value disappear.
    struct Pending
    {
        QString section;
        QString key;
        int line;
        QStringList parts;
    };
    QList<Pending> pending;
    QSet<QString> sectionsAdded;
    QSet<std::pair<QString, QString>> optionsAdded;
    bool inSection = false;
    QString currentName;
    qsizetype currentOption = -1; // index into `pending`
    qsizetype indentLevel = 0;
    // configparser reports malformed lines only after reading the whole
    // file, so a later duplicate wins over an earlier malformed line.
    std::optional<Error> parsingError;

    auto located = [&](int lineNo, const QString &message) {
        return Error(sourceName, lineNo, 1, message);
    };

    for (int i = 0; i < lines.size(); ++i) {
        const int lineNo = i + 1;
        const QString &line = lines.at(i);
        const QString stripped = line.trimmed();
        const bool isComment = stripped.startsWith(u'#') || stripped.startsWith(u';');
        const QString value = isComment ? QString() : stripped;
        if (value.isEmpty()) {
            // A blank line inside a value is kept; a comment line is not.
            if (!isComment && inSection && currentOption >= 0)
                pending[currentOption].parts.append(QString());
            continue;
        }
        const qsizetype indent = firstNonSpace(line);
        if (inSection && currentOption >= 0 && indent > indentLevel) {
            pending[currentOption].parts.append(value);
            continue;
        }
        indentLevel = indent;
        const qsizetype close = value.lastIndexOf(u']');
        if (value.startsWith(u'[') && close > 1) {
            // SECTCRE \[(?P<header>.+)\] is greedy and not anchored at the end.
            const QString name = value.mid(1, close - 1);
            if (name != kDefaultSection) {
                if (sectionsAdded.contains(name))
                    return fail(located(lineNo, u"Section "_s + repr(name) + u" already exists."_s));
                sectionsAdded.insert(name);
                ini.m_sections.append(Section{name, {}, {}, {}});
            }
            inSection = true;
            currentName = name;
            currentOption = -1;
            continue;
        }
        if (!inSection) {
            return fail(located(lineNo, u"File contains no section headers; the first line that is "
                                        u"not a comment must be a section header such as [alembic]."_s));
        }
        const qsizetype delim = value.indexOf(QRegularExpression(u"[=:]"_s));
        const QString key = delim < 0 ? QString() : optionKey(value.left(delim).trimmed());
        if (key.isEmpty()) {
            if (!parsingError) {
                parsingError = located(lineNo, u"Line "_s + repr(line)
                                           + u" is neither a section header nor a \"key = value\" option."_s);
            }
            if (delim < 0)
                continue;
        }
        const std::pair<QString, QString> id{currentName, key};
        if (optionsAdded.contains(id)) {
            return fail(located(lineNo, u"Option "_s + repr(key) + u" in section "_s + repr(currentName)
                                            + u" already exists."_s));
        }
        optionsAdded.insert(id);
        pending.append(Pending{currentName, key, lineNo, {value.mid(delim + 1).trimmed()}});
        // An option without a name never takes continuation lines.
        currentOption = key.isEmpty() ? -1 : pending.size() - 1;
    }
    if (parsingError)
        return fail(*parsingError);

    for (const Pending &p : std::as_const(pending)) {
        Section *section = p.section == kDefaultSection ? &ini.m_defaults : ini.findSection(p.section);
        QString joined = p.parts.join(u'\n');
        // str.rstrip()
        qsizetype end = joined.size();
        while (end > 0 && joined.at(end - 1).isSpace())
            --end;
        joined.truncate(end);
        section->set(p.key, joined, p.line);
    }
    return ini;
}

QStringList IniFile::sections() const
{
    QStringList names;
    for (const Section &s : m_sections)
        names.append(s.name);
    return names;
}

const IniFile::Section *IniFile::findSection(const QString &section) const
{
    for (const Section &s : m_sections) {
        if (s.name == section)
            return &s;
    }
    return nullptr;
}

IniFile::Section *IniFile::findSection(const QString &section)
{
    for (Section &s : m_sections) {
        if (s.name == section)
            return &s;
    }
    return nullptr;
}

bool IniFile::hasSection(const QString &section) const
{
    return findSection(section) != nullptr;
}

bool IniFile::hasOption(const QString &section, const QString &option) const
{
    const QString key = optionKey(option);
    if (section == kDefaultSection)
        return m_defaults.values.contains(key);
    const Section *s = findSection(section);
    return s && (s->values.contains(key) || m_defaults.values.contains(key));
}

Result<QStringList> IniFile::options(const QString &section) const
{
    const Section *s = findSection(section);
    if (!s)
        return fail(u"No section: "_s + repr(section));
    QStringList keys = s->keys;
    for (const QString &key : m_defaults.keys) {
        if (!keys.contains(key))
            keys.append(key);
    }
    return keys;
}

std::optional<QString> IniFile::rawValue(const QString &section, const QString &option) const
{
    const QString key = optionKey(option);
    if (section != kDefaultSection) {
        const Section *s = findSection(section);
        if (!s)
            return std::nullopt;
        if (s->values.contains(key))
            return s->values.value(key);
    }
    if (m_defaults.values.contains(key))
        return m_defaults.values.value(key);
    return std::nullopt;
}

int IniFile::line(const QString &section, const QString &option) const
{
    const QString key = optionKey(option);
    const Section *s = section == kDefaultSection ? &m_defaults : findSection(section);
    if (s && s->lines.contains(key))
        return s->lines.value(key);
    return m_defaults.lines.value(key);
}

QHash<QString, QString> IniFile::interpolationMap(const Section *section) const
{
    QHash<QString, QString> map = m_defaults.values;
    if (section)
        map.insert(section->values);
    return map;
}

Status IniFile::interpolate(const QString &section, const QString &option, const QString &rawValue,
                            const QHash<QString, QString> &map, QString &out, int depth) const
{
    const QString located = u"Option "_s + repr(option) + u" in section "_s + repr(section);
    if (depth > kMaxInterpolationDepth) {
        return fail(Error(m_sourceName, line(section, option), 1,
                          located + u" cannot be interpolated: the %(...)s references nest more than "_s
                              + QString::number(kMaxInterpolationDepth) + u" levels deep (a reference loop?)."_s));
    }
    QStringView rest(rawValue);
    while (!rest.isEmpty()) {
        const qsizetype p = rest.indexOf(u'%');
        if (p < 0) {
            out += rest;
            break;
        }
        out += rest.left(p);
        rest = rest.mid(p);
        const QChar c = rest.size() > 1 ? rest.at(1) : QChar();
        if (c == u'%') {
            out += u'%';
            rest = rest.mid(2);
        } else if (c == u'(') {
            const auto [name, length] = matchKey(rest);
            if (length == 0) {
                return fail(Error(m_sourceName, line(section, option), 1,
                                  located + u" has a bad interpolation variable reference "_s
                                      + repr(rest.toString()) + u" (expected %(name)s)."_s));
            }
            const QString var = optionKey(name);
            rest = rest.mid(length);
            if (!map.contains(var)) {
                return fail(Error(m_sourceName, line(section, option), 1,
                                  located + u" refers to %("_s + name
                                      + u")s, which is not an option of that section or of [DEFAULT]; write %% for a literal percent sign."_s));
            }
            const QString v = map.value(var);
            if (v.contains(u'%')) {
                if (auto ok = interpolate(section, option, v, map, out, depth + 1); !ok)
                    return ok;
            } else {
                out += v;
            }
        } else {
            return fail(Error(m_sourceName, line(section, option), 1,
                              located + u" has a '%' that is not followed by '%' or '(', found: "_s
                                  + repr(rest.toString()) + u"; write %% for a literal percent sign."_s));
        }
    }
    return {};
}

Result<QString> IniFile::value(const QString &section, const QString &option) const
{
    const Section *s = nullptr;
    if (section != kDefaultSection) {
        s = findSection(section);
        if (!s)
            return fail(u"No section: "_s + repr(section));
    }
    const auto raw = rawValue(section, option);
    if (!raw)
        return fail(u"No option "_s + repr(optionKey(option)) + u" in section: "_s + repr(section));
    QString out;
    if (auto ok = interpolate(section, optionKey(option), *raw, interpolationMap(s), out, 1); !ok)
        return std::unexpected(ok.error());
    return out;
}

Result<IniFile::Items> IniFile::items(const QString &section) const
{
    const Section *s = nullptr;
    if (section != kDefaultSection) {
        s = findSection(section);
        if (!s)
            return fail(u"No section: "_s + repr(section));
    }
    QStringList keys = m_defaults.keys;
    if (s) {
        for (const QString &key : s->keys) {
            if (!keys.contains(key))
                keys.append(key);
        }
    }
    const QHash<QString, QString> map = interpolationMap(s);
    Items result;
    for (const QString &key : keys) {
        QString out;
        if (auto ok = interpolate(section, key, map.value(key), map, out, 1); !ok)
            return std::unexpected(ok.error());
        result.append({key, out});
    }
    return result;
}

Status IniFile::addSection(const QString &section)
{
    if (section == kDefaultSection)
        return fail(u"Invalid section name: "_s + repr(section));
    if (hasSection(section))
        return fail(u"Section "_s + repr(section) + u" already exists."_s);
    m_sections.append(Section{section, {}, {}, {}});
    return {};
}

Status IniFile::setValue(const QString &section, const QString &option, const QString &value)
{
    // BasicInterpolation.before_set: only %% and %(name)s may contain '%'.
    QString check = value;
    check.remove(u"%%"_s);
    check.remove(QRegularExpression(u"%\\(([^)]+)\\)s"_s));
    if (const qsizetype pos = check.indexOf(u'%'); pos >= 0) {
        return fail(u"Invalid interpolation syntax in "_s + repr(value) + u" at position "_s
                    + QString::number(pos) + u"; write %% for a literal percent sign."_s);
    }
    Section *s = section == kDefaultSection ? &m_defaults : findSection(section);
    if (!s)
        return fail(u"No section: "_s + repr(section));
    s->set(optionKey(option), value, 0);
    return {};
}

} // namespace pm
