#include "cli/argumentparser.h"

#include <memory>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

// textwrap.wrap on whitespace, as argparse's _split_lines does.
QStringList wrap(const QString &text, int width)
{
    QStringList lines;
    QString line;
    const QStringList words = text.simplified().split(u' ', Qt::SkipEmptyParts);
    for (const QString &word : words) {
        if (line.isEmpty()) {
            line = word;
        } else if (line.size() + 1 + word.size() <= width) {
            line += u' ' + word;
        } else {
            lines << line;
            line = word;
        }
    }
    if (!line.isEmpty())
        lines << line;
    return lines;
}

} // namespace

QString ArgumentParser::Parsed::value(const QString &dest, const QString &fallback) const
{
    const QStringList v = values.value(dest);
    return v.isEmpty() ? fallback : v.last();
}

ArgumentParser::ArgumentParser(QString prog, QString description)
    : m_prog(std::move(prog))
    , m_description(std::move(description))
{
    addArgument({{u"-h"_s, u"--help"_s}, u"help"_s, u"show this help message and exit"_s});
}

void ArgumentParser::addArgument(Argument argument)
{
    if (argument.metavar.isEmpty())
        argument.metavar = argument.flags.isEmpty() ? argument.dest : argument.dest.toUpper();
    m_arguments << argument;
}

ArgumentParser &ArgumentParser::addCommand(const QString &name, const QString &help)
{
    auto sub = std::make_shared<ArgumentParser>(m_prog + u' ' + name);
    m_owned << sub;
    m_commands.insert(name, sub.get());
    m_commandNames << name;
    m_commandHelp.insert(name, help);
    return *sub;
}

QString ArgumentParser::invocation(const Argument &a) const
{
    if (a.flags.isEmpty())
        return a.metavar;
    if (!a.takesValue)
        return a.flags.join(u", "_s);
    QStringList parts;
    for (const QString &f : a.flags)
        parts << f + u' ' + a.metavar;
    return parts.join(u", "_s);
}

QStringList ArgumentParser::usageParts(bool positionals) const
{
    QStringList parts;
    for (const Argument &a : m_arguments) {
        if (a.flags.isEmpty() != positionals)
            continue;
        if (a.flags.isEmpty()) {
            if (a.oneOrMore)
                parts << u"%1 [%1 ...]"_s.arg(a.metavar);
            else if (a.optionalPositional)
                parts << u'[' + a.metavar + u']';
            else
                parts << a.metavar;
        } else {
            parts << u'[' + (a.takesValue ? a.flags.first() + u' ' + a.metavar : a.flags.first()) + u']';
        }
    }
    if (positionals && !m_commandNames.isEmpty()) {
        parts << u'{' + m_commandNames.join(u',') + u'}';
        parts << u"..."_s;
    }
    return parts;
}

QString ArgumentParser::formatUsage(int width) const
{
    const QString prefix = u"usage: "_s;
    const QStringList opt = usageParts(false);
    const QStringList pos = usageParts(true);
    QString usage = m_prog;
    const QStringList all = opt + pos;
    if (!all.isEmpty())
        usage += u' ' + all.join(u' ');
    if (prefix.size() + usage.size() <= width)
        return prefix + usage + u'\n';

    // argparse's wrapping: optionals after the program name, positionals on
    // their own lines, all aligned under the first argument.
    const QString indent(prefix.size() + m_prog.size() + 1, u' ');
    auto getLines = [&](const QStringList &parts, bool withPrefix) {
        QStringList lines;
        QStringList line;
        qsizetype lineLen = withPrefix ? prefix.size() - 1 : indent.size() - 1;
        for (const QString &part : parts) {
            if (lineLen + 1 + part.size() > width && !line.isEmpty()) {
                lines << indent + line.join(u' ');
                line.clear();
                lineLen = indent.size() - 1;
            }
            line << part;
            lineLen += part.size() + 1;
        }
        if (!line.isEmpty())
            lines << indent + line.join(u' ');
        if (withPrefix && !lines.isEmpty())
            lines[0] = lines[0].mid(indent.size());
        return lines;
    };
    QStringList lines;
    if (!opt.isEmpty()) {
        lines = getLines(QStringList{m_prog} + opt, true);
        lines << getLines(pos, false);
    } else {
        lines = getLines(QStringList{m_prog} + pos, true);
    }
    return prefix + lines.join(u'\n') + u'\n';
}

QString ArgumentParser::formatHelp(int width) const
{
    constexpr int indentStep = 2;
    const int maxHelpPosition = std::min(24, std::max(width - 20, indentStep * 2));

    struct Row { QString header; QString help; };
    QList<Row> positional;
    QList<Row> optional;
    QList<Row> commandRows;
    qsizetype actionMax = 0;
    if (!m_commandNames.isEmpty()) {
        const QString choices = u'{' + m_commandNames.join(u',') + u'}';
        positional << Row{choices, QString()};
        actionMax = std::max(actionMax, choices.size() + indentStep);
        for (const QString &name : m_commandNames) {
            commandRows << Row{name, m_commandHelp.value(name)};
            actionMax = std::max(actionMax, name.size() + indentStep * 2);
        }
    }
    for (const Argument &a : m_arguments) {
        const QString inv = invocation(a);
        actionMax = std::max(actionMax, inv.size() + indentStep);
        (a.flags.isEmpty() ? positional : optional) << Row{inv, a.help};
    }
    const int helpPosition = int(std::min<qsizetype>(actionMax + 2, maxHelpPosition));
    const int helpWidth = std::max(width - helpPosition, 11);

    auto formatRow = [&](const Row &row, int indent) -> QString {
        QString out;
        const int actionWidth = helpPosition - indent - 2;
        if (row.help.isEmpty())
            return QString(indent, u' ') + row.header + u'\n';
        int indentFirst = 0;
        if (row.header.size() <= actionWidth) {
            out = QString(indent, u' ') + row.header.leftJustified(actionWidth) + u"  "_s;
        } else {
            out = QString(indent, u' ') + row.header + u'\n';
            indentFirst = helpPosition;
        }
        const QStringList lines = wrap(row.help, helpWidth);
        out += QString(indentFirst, u' ') + lines.value(0) + u'\n';
        for (qsizetype i = 1; i < lines.size(); ++i)
            out += QString(helpPosition, u' ') + lines.at(i) + u'\n';
        return out;
    };

    QString help = formatUsage(width);
    if (!m_description.isEmpty())
        help += u'\n' + wrap(m_description, width).join(u'\n') + u'\n';
    if (!positional.isEmpty()) {
        help += u"\npositional arguments:\n"_s;
        for (const Row &r : positional) {
            help += formatRow(r, indentStep);
            if (r.header.startsWith(u'{')) {
                for (const Row &c : commandRows)
                    help += formatRow(c, indentStep * 2);
            }
        }
    }
    help += u"\noptions:\n"_s;
    for (const Row &r : optional)
        help += formatRow(r, indentStep);
    return help;
}

QString ArgumentParser::errorText(const QString &message, int width) const
{
    return formatUsage(width) + m_prog + u": error: "_s + message + u'\n';
}

Result<ArgumentParser::Parsed> ArgumentParser::parse(const QStringList &arguments, QString *help, int width) const
{
    return parseInto(arguments, Parsed(), help, width);
}

Result<ArgumentParser::Parsed> ArgumentParser::parseInto(const QStringList &arguments, Parsed parsed, QString *help,
                                                         int width) const
{
    QList<const Argument *> positionals;
    for (const Argument &a : m_arguments) {
        if (a.flags.isEmpty())
            positionals << &a;
    }
    qsizetype nextPositional = 0;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString arg = arguments.at(i);
        // argparse reads "-1" as a value, not an option, when no option looks like a number.
        bool negativeNumber = false;
        arg.toLongLong(&negativeNumber);
        if (arg.startsWith(u'-') && arg.size() > 1 && arg != u"--" && !negativeNumber) {
            QString name = arg;
            QString inlineValue;
            bool hasInline = false;
            if (arg.startsWith(u"--") && arg.contains(u'=')) {
                name = arg.section(u'=', 0, 0);
                inlineValue = arg.section(u'=', 1);
                hasInline = true;
            } else if (!arg.startsWith(u"--") && arg.size() > 2) {
                name = arg.left(2);
                inlineValue = arg.mid(2);
                hasInline = true;
            }
            const Argument *match = nullptr;
            for (const Argument &a : m_arguments) {
                if (a.flags.contains(name))
                    match = &a;
            }
            if (!match && name.startsWith(u"--")) {
                // argparse accepts unambiguous prefixes of long options.
                QList<const Argument *> candidates;
                for (const Argument &a : m_arguments) {
                    for (const QString &f : a.flags) {
                        if (f.startsWith(u"--") && f.startsWith(name))
                            candidates << &a;
                    }
                }
                if (candidates.size() == 1)
                    match = candidates.first();
            }
            if (!match)
                return fail(errorText(u"unrecognized arguments: %1"_s.arg(arg), width));
            if (match->dest == u"help") {
                if (help)
                    *help = formatHelp(width);
                parsed.helpShown = true;
                return parsed;
            }
            if (!match->takesValue) {
                if (hasInline && !arg.startsWith(u"--"))
                    return fail(errorText(u"unrecognized arguments: %1"_s.arg(arg), width));
                parsed.values[match->dest] = {u"1"_s};
                continue;
            }
            QString value;
            if (hasInline) {
                value = inlineValue;
            } else if (i + 1 < arguments.size()
                       && (!(arguments.at(i + 1).startsWith(u'-') && arguments.at(i + 1).size() > 1)
                           || (arguments.at(i + 1).toLongLong(&negativeNumber), negativeNumber))) {
                value = arguments.at(++i);
            } else {
                return fail(errorText(u"argument %1: expected one argument"_s.arg(match->flags.join(u'/')), width));
            }
            if (match->repeatable)
                parsed.values[match->dest] << value;
            else
                parsed.values[match->dest] = {value};
            continue;
        }
        // A positional.
        if (!m_commandNames.isEmpty() && parsed.command.isEmpty() && nextPositional >= positionals.size()) {
            if (!m_commands.contains(arg))
                return fail(errorText(u"argument {%1}: invalid choice: '%2' (choose from %3)"_s.arg(
                                          m_commandNames.join(u','), arg,
                                          u'\'' + m_commandNames.join(u"', '"_s) + u'\''),
                                      width));
            parsed.command = arg;
            return m_commands.value(arg)->parseInto(arguments.mid(i + 1), parsed, help, width);
        }
        if (nextPositional >= positionals.size())
            return fail(errorText(u"unrecognized arguments: %1"_s.arg(arguments.mid(i).join(u' ')), width));
        const Argument *p = positionals.at(nextPositional);
        parsed.values[p->dest] << arg;
        if (!p->oneOrMore)
            ++nextPositional;
    }
    QStringList missing;
    for (const Argument *p : positionals) {
        if (!parsed.values.contains(p->dest) && !p->optionalPositional)
            missing << p->metavar;
    }
    if (!m_commandNames.isEmpty() && parsed.command.isEmpty())
        missing << u'{' + m_commandNames.join(u',') + u'}';
    if (!missing.isEmpty())
        return fail(errorText(u"the following arguments are required: %1"_s.arg(missing.join(u", "_s)), width));
    return parsed;
}

} // namespace pm
