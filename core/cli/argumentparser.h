#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include "base/result.h"

namespace pm {

// The slice of Python's argparse that Alembic's command line uses, with
// argparse's help layout, so `petmigrate upgrade --help` reads like
// `alembic upgrade --help`: options with or without a value, repeatable
// options, positionals (one or one-or-more), and subcommands.
class ArgumentParser final
{
public:
    struct Argument
    {
        QStringList flags;   // {"-m", "--message"}; empty for a positional
        QString dest;        // "message"; a positional's name
        QString help;
        bool takesValue = false;
        bool repeatable = false; // -x a -x b
        bool oneOrMore = false;  // positional: revisions [revisions ...]
        bool optionalPositional = false;
        QString metavar;     // defaults to DEST upper-cased
    };

    struct Parsed
    {
        QString command; // the chosen subcommand
        QMap<QString, QStringList> values; // dest -> values (flags: {"1"} when present)
        bool helpShown = false;

        bool flag(const QString &dest) const { return values.contains(dest); }
        QString value(const QString &dest, const QString &fallback = {}) const;
        QStringList list(const QString &dest) const { return values.value(dest); }
    };

    ArgumentParser(QString prog, QString description = {});

    void addArgument(Argument argument);
    ArgumentParser &addCommand(const QString &name, const QString &help);

    // width: the terminal width argparse would use (COLUMNS - 2).
    QString formatHelp(int width) const;
    QString formatUsage(int width) const;

    // On -h/--help, `help` holds the text and helpShown is set. Errors carry
    // argparse's message ("the following arguments are required: revision").
    Result<Parsed> parse(const QStringList &arguments, QString *help, int width) const;

    // argparse's error text: usage, then "prog: error: message".
    QString errorText(const QString &message, int width) const;

private:
    Result<Parsed> parseInto(const QStringList &arguments, Parsed parsed, QString *help, int width) const;
    QString invocation(const Argument &a) const;
    QStringList usageParts(bool positionals) const;

    QString m_prog;
    QString m_description;
    QList<Argument> m_arguments;
    QStringList m_commandNames;
    QMap<QString, QString> m_commandHelp;
    QMap<QString, ArgumentParser *> m_commands;
    QList<std::shared_ptr<ArgumentParser>> m_owned;
};

} // namespace pm
