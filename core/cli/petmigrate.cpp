#include "cli/petmigrate.h"

#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>

#include "cli/argumentparser.h"
#include "config/alembicconfig.h"
#include "dialect/dialect.h"
#include "revision/revisioncommands.h"
#include "revision/revisionplanner.h"
#include "runtime/autogeneratesession.h"
#include "runtime/backend.h"
#include "runtime/databaseconnection.h"
#include "runtime/drift.h"
#include "runtime/environment.h"
#include "runtime/headercache.h"
#include "runtime/migrationrunner.h"
#include "runtime/offlinewriter.h"
#include "runtime/planreport.h"
#include "runtime/revisionwriter.h"
#include "runtime/scriptdirectory.h"
#include "template/initproject.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

constexpr int ExitFailed = 255;
// Python's own status for an uncaught exception (a script that cannot be
// imported): Alembic prints the traceback on stderr and nothing on stdout.
constexpr int ExitPythonException = 1;
const QString Version = u"1.8.1"_s; // the Alembic whose behaviour we follow

// Text that is UTF-8 already (an --sql script of megabytes, its log lines)
// goes to the stream's device as it is, after what the stream holds:
// QTextStream would decode it and encode it again.
void writeUtf8(QTextStream &stream, const QByteArray &text)
{
    if (QIODevice *device = stream.device(); device && stream.encoding() == QStringConverter::Utf8) {
        stream.flush();
        device->write(text);
    } else {
        stream << QString::fromUtf8(text);
    }
}

const QString SqlHelp = u"Don't emit SQL to database - dump to standard output/file instead. See docs on offline mode."_s;
const QString TagHelp = u"Arbitrary 'tag' name - can be used by custom env.py scripts."_s;

ArgumentParser::Argument flag(QStringList flags, QString dest, QString help)
{
    return {std::move(flags), std::move(dest), std::move(help)};
}

ArgumentParser::Argument option(QStringList flags, QString dest, QString help, bool repeatable = false)
{
    ArgumentParser::Argument a{std::move(flags), std::move(dest), std::move(help)};
    a.takesValue = true;
    a.repeatable = repeatable;
    return a;
}

ArgumentParser::Argument positional(QString name, QString help, bool oneOrMore = false)
{
    ArgumentParser::Argument a{{}, std::move(name), std::move(help)};
    a.oneOrMore = oneOrMore;
    return a;
}

ArgumentParser buildParser()
{
    ArgumentParser p(u"petmigrate"_s);
    p.addArgument(flag({u"--version"_s}, u"version"_s, u"show program's version number and exit"_s));
    p.addArgument(option({u"-c"_s, u"--config"_s}, u"config"_s,
                         u"Alternate config file; defaults to value of ALEMBIC_CONFIG environment variable, or \"alembic.ini\""_s));
    p.addArgument(option({u"-n"_s, u"--name"_s}, u"name"_s, u"Name of section in .ini file to use for Alembic config"_s));
    p.addArgument(option({u"-x"_s}, u"x"_s,
                         u"Additional arguments consumed by custom env.py scripts, e.g. -x setting1=somesetting -x setting2=somesetting"_s,
                         true));
    p.addArgument(option({u"--url"_s}, u"url"_s, u"Database URL to use instead of sqlalchemy.url from the config file"_s));
    p.addArgument(flag({u"--raiseerr"_s}, u"raiseerr"_s, u"Raise a full stack trace on error"_s));
    p.addArgument(flag({u"--no-cache"_s}, u"no_cache"_s,
                       u"Read every script instead of the header cache (also PETMIGRATE_NO_CACHE=1)"_s));

    p.addCommand(u"branches"_s, u"Show current branch points."_s)
        .addArgument(flag({u"-v"_s, u"--verbose"_s}, u"verbose"_s, u"Use more verbose output"_s));
    p.addCommand(u"check"_s, u"Check if revision command with autogenerate has pending upgrade ops."_s)
        .addArgument(option({u"--target-url"_s}, u"target_url"_s, u"Compare with this database instead of the models"_s));
    p.addCommand(u"current"_s, u"Display the current revision for a database."_s)
        .addArgument(flag({u"-v"_s, u"--verbose"_s}, u"verbose"_s, u"Use more verbose output"_s));
    {
        auto &c = p.addCommand(u"downgrade"_s, u"Revert to a previous version."_s);
        c.addArgument(flag({u"--sql"_s}, u"sql"_s, SqlHelp));
        c.addArgument(option({u"--tag"_s}, u"tag"_s, TagHelp));
        c.addArgument(flag({u"--plan"_s}, u"plan"_s, u"Print the steps, their SQL and what they destroy; change nothing"_s));
        c.addArgument(positional(u"revision"_s, u"revision identifier"_s));
    }
    p.addCommand(u"drift"_s, u"Compare the database with the schema the scripts build at its current revision(s)."_s);
    p.addCommand(u"edit"_s, u"Edit revision script(s) using $EDITOR."_s).addArgument(positional(u"rev"_s, QString()));
    p.addCommand(u"ensure_version"_s, u"Create the alembic version table if it doesn't exist already ."_s)
        .addArgument(flag({u"--sql"_s}, u"sql"_s, SqlHelp));
    {
        auto &c = p.addCommand(u"heads"_s, u"Show current available heads in the script directory."_s);
        c.addArgument(flag({u"-v"_s, u"--verbose"_s}, u"verbose"_s, u"Use more verbose output"_s));
        c.addArgument(flag({u"--resolve-dependencies"_s}, u"resolve_dependencies"_s,
                           u"Treat dependency versions as down revisions"_s));
    }
    {
        auto &c = p.addCommand(u"history"_s, u"List changeset scripts in chronological order."_s);
        c.addArgument(option({u"-r"_s, u"--rev-range"_s}, u"rev_range"_s,
                             u"Specify a revision range; format is [start]:[end]"_s));
        c.addArgument(flag({u"-v"_s, u"--verbose"_s}, u"verbose"_s, u"Use more verbose output"_s));
        c.addArgument(flag({u"-i"_s, u"--indicate-current"_s}, u"indicate_current"_s, u"Indicate the current revision"_s));
    }
    {
        auto &c = p.addCommand(u"init"_s, u"Initialize a new scripts directory."_s);
        c.addArgument(option({u"-t"_s, u"--template"_s}, u"template"_s, u"Setup template for use with 'init'"_s));
        c.addArgument(flag({u"--package"_s}, u"package"_s,
                           u"Write empty __init__.py files to the environment and version locations"_s));
        c.addArgument(positional(u"directory"_s, u"location of scripts directory"_s));
    }
    p.addCommand(u"list_templates"_s, u"List available templates."_s);
    {
        auto &c = p.addCommand(u"merge"_s, u"Merge two revisions together. Creates a new migration file."_s);
        c.addArgument(option({u"-m"_s, u"--message"_s}, u"message"_s, u"Message string to use with 'revision'"_s));
        c.addArgument(option({u"--branch-label"_s}, u"branch_label"_s,
                             u"Specify a branch label to apply to the new revision"_s));
        c.addArgument(option({u"--rev-id"_s}, u"rev_id"_s,
                             u"Specify a hardcoded revision id instead of generating one"_s));
        c.addArgument(positional(u"revisions"_s, u"one or more revisions, or 'heads' for all heads"_s, true));
    }
    {
        auto &c = p.addCommand(u"revision"_s, u"Create a new revision file."_s);
        c.addArgument(option({u"-m"_s, u"--message"_s}, u"message"_s, u"Message string to use with 'revision'"_s));
        c.addArgument(flag({u"--autogenerate"_s}, u"autogenerate"_s,
                           u"Populate revision script with candidate migration operations, based on comparison of database to model."_s));
        c.addArgument(flag({u"--sql"_s}, u"sql"_s, SqlHelp));
        c.addArgument(option({u"--head"_s}, u"head"_s,
                             u"Specify head revision or <branchname>@head to base new revision on."_s));
        c.addArgument(flag({u"--splice"_s}, u"splice"_s, u"Allow a non-head revision as the 'head' to splice onto"_s));
        c.addArgument(option({u"--branch-label"_s}, u"branch_label"_s,
                             u"Specify a branch label to apply to the new revision"_s));
        c.addArgument(option({u"--version-path"_s}, u"version_path"_s,
                             u"Specify specific path from config for version file"_s));
        c.addArgument(option({u"--rev-id"_s}, u"rev_id"_s,
                             u"Specify a hardcoded revision id instead of generating one"_s));
        c.addArgument(option({u"--depends-on"_s}, u"depends_on"_s,
                             u"Specify one or more revision identifiers which this revision should depend on."_s, true));
        c.addArgument(option({u"--target-url"_s}, u"target_url"_s,
                             u"With --autogenerate: compare with this database instead of the models"_s));
        c.addArgument(option({u"--rename"_s}, u"rename"_s,
                             u"With --autogenerate: write a rename where a column (TABLE.OLD:NEW) or a table "
                             u"(OLD:NEW) is dropped and another added, keeping its data; may be given more than once"_s,
                             true));
    }
    p.addCommand(u"show"_s, u"Show the revision(s) denoted by the given symbol."_s)
        .addArgument(positional(u"rev"_s, QString()));
    {
        auto &c = p.addCommand(u"stamp"_s, u"'stamp' the revision table with the given revision; don't run any migrations."_s);
        c.addArgument(flag({u"--sql"_s}, u"sql"_s, SqlHelp));
        c.addArgument(option({u"--tag"_s}, u"tag"_s, TagHelp));
        c.addArgument(flag({u"--purge"_s}, u"purge"_s, u"Unconditionally erase the version table before stamping"_s));
        c.addArgument(positional(u"revisions"_s, u"one or more revisions, or 'heads' for all heads"_s, true));
    }
    {
        auto &c = p.addCommand(u"upgrade"_s, u"Upgrade to a later version."_s);
        c.addArgument(flag({u"--sql"_s}, u"sql"_s, SqlHelp));
        c.addArgument(option({u"--tag"_s}, u"tag"_s, TagHelp));
        c.addArgument(flag({u"--plan"_s}, u"plan"_s, u"Print the steps, their SQL and what they destroy; change nothing"_s));
        c.addArgument(positional(u"revision"_s, u"revision identifier"_s));
    }
    return p;
}

int terminalWidth()
{
    bool ok = false;
    const int columns = qEnvironmentVariable("COLUMNS").toInt(&ok);
    return (ok && columns > 0 ? columns : 80) - 2;
}

// One command invocation's context: config, environment, scripts, database.
class Session
{
public:
    Session(const ArgumentParser::Parsed &args, QTextStream &out, QTextStream &err, Teardown teardown)
        : m_args(args), m_out(out), m_err(err), m_teardown(teardown)
    {
    }

    int run();
    // Teardown::LeftToProcessExit: the project is not destroyed.
    void abandonScripts() { static_cast<void>(m_scripts.release()); }

private:
    Status loadConfig();
    // `bytes`: ScriptBytes::Drop for a command that reads no body.
    Status loadScripts(Environment::Mode mode = Environment::Mode::Online, ScriptBytes bytes = ScriptBytes::Keep);
    Result<DatabaseConnection> connect();
    Result<QStringList> currentHeads(const DatabaseConnection &c);
    void info(const QString &line) { m_err << line << '\n'; m_err.flush(); }
    bool assumesTransactionalDdl(DatabaseUrl::Backend backend) const
    {
        return m_env.transactionalDdl.value_or(backend == DatabaseUrl::Backend::PostgreSql);
    }
    // Where Alembic runs env.py and configures its MigrationContext: the
    // context's INFO lines, and from here on a failure is also logged as an
    // ERROR line on stderr (env.py has set up logging by then).
    void enterEnvironment(const QStringList &contextLines)
    {
        for (const QString &line : contextLines)
            info(line);
        m_inEnvironment = true;
    }
    QStringList onlineContextLines(DatabaseUrl::Backend backend) const
    {
        return {migrationLogLine(backend == DatabaseUrl::Backend::Sqlite ? u"Context impl SQLiteImpl."_s
                                                                         : u"Context impl PostgresqlImpl."_s),
                assumeDdlLogLine(assumesTransactionalDdl(backend))};
    }
    QString logger(const QString &name, const QString &message) const
    {
        return u"INFO  [%1] %2"_s.arg(name, message);
    }

    Status cmdInit();
    Status cmdListTemplates();
    Status cmdHistory();
    Status cmdHeads();
    Status cmdBranches();
    Status cmdShow();
    Status cmdCurrent();
    Status cmdUpgradeDowngrade(bool upgrade);
    Status cmdStamp();
    Status cmdRevision();
    Status cmdMerge();
    Status cmdEdit();
    Status cmdEnsureVersion();
    Status cmdCheck();
    Status cmdDrift();
    Status printLines(const RevResult<QStringList> &lines);
    Result<std::unique_ptr<Dialect>> enterOfflineEnvironment();
    Status offline(const Dialect &dialect, const QList<MigrationStep> &steps, const QStringList &startHeads,
                   bool ensureVersionTable = false);

    const ArgumentParser::Parsed &m_args;
    QTextStream &m_out;
    QTextStream &m_err;
    std::optional<AlembicConfig> m_config;
    Environment m_env;
    std::unique_ptr<ScriptDirectory> m_scripts;
    Teardown m_teardown = Teardown::Free;
    bool m_inEnvironment = false;
    DatabaseUrl::Backend m_offlineBackend = DatabaseUrl::Backend::Sqlite;
};

Status Session::loadConfig()
{
    if (m_config)
        return {};
    AlembicConfig::Options options;
    options.configFile = m_args.value(u"config"_s);
    options.section = m_args.value(u"name"_s, u"alembic"_s);
    options.xArguments = m_args.list(u"x"_s);
    auto config = AlembicConfig::load(options);
    if (!config)
        return std::unexpected(config.error());
    m_config = std::move(*config);
    return {};
}

Status Session::loadScripts(Environment::Mode mode, ScriptBytes bytes)
{
    if (auto ok = loadConfig(); !ok)
        return ok;
    auto env = Environment::load(*m_config, mode);
    if (!env)
        return std::unexpected(env.error());
    m_env = *env;
    // The header cache (README, "Header cache"): on unless asked not to.
    const bool noCache = m_args.flag(u"no_cache"_s) || qEnvironmentVariable("PETMIGRATE_NO_CACHE") == u"1"_s;
    auto scripts = ScriptDirectory::load(*m_config, m_env.userModulePrefix,
                                         noCache ? QString() : HeaderCache::userFolder(), bytes);
    if (!scripts)
        return std::unexpected(scripts.error());
    m_scripts = std::move(*scripts);
    return {};
}

Result<DatabaseConnection> Session::connect()
{
    auto url = m_config->databaseUrl(m_args.value(u"url"_s));
    if (!url)
        return std::unexpected(url.error());
    return DatabaseConnection::open(*url);
}

Result<QStringList> Session::currentHeads(const DatabaseConnection &c)
{
    return VersionTable(m_env.versionTable, m_env.versionTableSchema).heads(c.database());
}

Status Session::printLines(const RevResult<QStringList> &lines)
{
    if (!lines)
        return std::unexpected(lines.error().toError());
    // One write: through QTextStream, each line's << costs more than its text.
    qsizetype size = 0;
    for (const QString &l : *lines)
        size += l.size() + 1;
    QString text;
    text.reserve(size);
    for (const QString &l : *lines) {
        text += l;
        text += u'\n';
    }
    m_out << text;
    return {};
}

Status Session::cmdInit()
{
    InitProjectOptions o;
    o.templatesDirectory = u":/templates"_s;
    o.directory = m_args.value(u"directory"_s);
    o.templateName = m_args.value(u"template"_s, u"generic"_s);
    o.configFile = m_args.value(u"config"_s, AlembicConfig::defaultConfigFile());
    o.package = m_args.flag(u"package"_s);
    return initProject(o, [this](const QString &line) { m_out << line << '\n'; });
}

Status Session::cmdListTemplates()
{
    auto text = listTemplates(u":/templates"_s, u"petmigrate"_s);
    if (!text)
        return std::unexpected(text.error());
    m_out << *text;
    return {};
}

Status Session::cmdHistory()
{
    if (auto ok = loadScripts(Environment::Mode::Online, ScriptBytes::Drop); !ok)
        return ok;
    const std::optional<QString> range = m_args.flag(u"rev_range"_s) ? std::optional(m_args.value(u"rev_range"_s))
                                                                       : std::nullopt;
    const bool indicate = m_args.flag(u"indicate_current"_s);
    QStringList heads;
    if (RevisionCommands::historyNeedsDatabase(range, indicate, false)) {
        auto c = connect();
        if (!c)
            return std::unexpected(c.error());
        enterEnvironment(onlineContextLines(c->backend()));
        auto h = currentHeads(*c);
        if (!h)
            return std::unexpected(h.error());
        heads = *h;
    }
    return printLines(RevisionCommands::history(m_scripts->planner(), range, m_args.flag(u"verbose"_s), indicate, heads));
}

Status Session::cmdHeads()
{
    if (auto ok = loadScripts(Environment::Mode::Online, ScriptBytes::Drop); !ok)
        return ok;
    return printLines(RevisionCommands::heads(m_scripts->planner(), m_args.flag(u"verbose"_s),
                                              m_args.flag(u"resolve_dependencies"_s)));
}

Status Session::cmdBranches()
{
    if (auto ok = loadScripts(Environment::Mode::Online, ScriptBytes::Drop); !ok)
        return ok;
    return printLines(RevisionCommands::branches(m_scripts->planner(), m_args.flag(u"verbose"_s)));
}

Status Session::cmdShow()
{
    if (auto ok = loadScripts(Environment::Mode::Online, ScriptBytes::Drop); !ok)
        return ok;
    const QString rev = m_args.value(u"rev"_s);
    QStringList heads;
    if (rev == u"current") {
        auto c = connect();
        if (!c)
            return std::unexpected(c.error());
        enterEnvironment(onlineContextLines(c->backend()));
        auto h = currentHeads(*c);
        if (!h)
            return std::unexpected(h.error());
        heads = *h;
    }
    return printLines(RevisionCommands::show(m_scripts->planner(), rev, heads));
}

Status Session::cmdCurrent()
{
    if (auto ok = loadScripts(Environment::Mode::Online, ScriptBytes::Drop); !ok)
        return ok;
    auto c = connect();
    if (!c)
        return std::unexpected(c.error());
    enterEnvironment(onlineContextLines(c->backend()));
    auto heads = currentHeads(*c);
    if (!heads)
        return std::unexpected(heads.error());
    if (m_args.flag(u"verbose"_s)) {
        auto url = m_config->databaseUrl(m_args.value(u"url"_s));
        m_out << u"Current revision(s) for "_s << (url ? url->toDisplayString() : QString()) << u":\n"_s;
    }
    return printLines(RevisionCommands::current(m_scripts->planner(), m_args.flag(u"verbose"_s), *heads));
}

// The dialect of the database URL for --sql, once the lines Alembic's
// context logs in offline mode are out.
Result<std::unique_ptr<Dialect>> Session::enterOfflineEnvironment()
{
    auto url = m_config->databaseUrl(m_args.value(u"url"_s));
    if (!url)
        return std::unexpected(url.error());
    m_offlineBackend = url->backend();
    auto dialect = makeDialect(m_offlineBackend);
    enterEnvironment(OfflineWriter::contextLogLines(*dialect, assumesTransactionalDdl(m_offlineBackend)));
    return dialect;
}

Status Session::offline(const Dialect &dialect, const QList<MigrationStep> &steps, const QStringList &startHeads,
                        bool ensureVersionTable)
{
    OfflineWriter::Options o;
    o.transactionalDdl = assumesTransactionalDdl(m_offlineBackend);
    o.transactionPerMigration = m_env.transactionPerMigration;
    // The "Running ..." lines in one buffer, written in one go when the
    // writer is done: nothing runs between them, and a write and a flush
    // per line cost more than the line. They still come before the SQL on
    // stdout and before any error.
    QByteArray logged;
    o.log = [&logged](QByteArrayView line) {
        logged += line;
        logged += '\n';
    };
    o.namingConvention = targetNamingConvention(*m_config, m_env);
    o.schemaLeftToProcessExit = m_teardown == Teardown::LeftToProcessExit;
    OfflineWriter writer(*m_scripts, dialect, VersionTable(m_env.versionTable, m_env.versionTableSchema), o);
    auto sql = writer.write(steps, startHeads, ensureVersionTable);
    if (!logged.isEmpty()) {
        writeUtf8(m_err, logged);
        m_err.flush();
    }
    if (!sql)
        return std::unexpected(sql.error());
    writeUtf8(m_out, *sql);
    return {};
}

Status Session::cmdUpgradeDowngrade(bool upgrade)
{
    const bool sql = m_args.flag(u"sql"_s);
    if (auto ok = loadScripts(sql ? Environment::Mode::Offline : Environment::Mode::Online); !ok)
        return ok;
    QString revision = m_args.value(u"revision"_s);
    const RevisionPlanner &planner = m_scripts->planner();

    if (sql) {
        // command.upgrade / command.downgrade, before env.py runs
        QString start;
        bool hasStart = false;
        if (revision.contains(u':')) {
            start = revision.section(u':', 0, 0);
            revision = revision.section(u':', 1);
            hasStart = upgrade ? !start.isEmpty() : true;
        } else if (!upgrade) {
            return fail(u"downgrade with --sql requires <fromrev>:<torev>"_s);
        }
        auto dialect = enterOfflineEnvironment();
        if (!dialect)
            return std::unexpected(dialect.error());
        QStringList startHeads;
        if (hasStart) {
            auto resolved = planner.sqlStartingHeads(start.split(u',', Qt::SkipEmptyParts));
            if (!resolved)
                return std::unexpected(resolved.error().toError());
            startHeads = *resolved;
        }
        auto steps = upgrade ? planner.upgradeRevs(revision, RevisionSpec::tuple(startHeads))
                             : planner.downgradeRevs(revision, RevisionSpec::tuple(startHeads));
        if (!steps)
            return std::unexpected(steps.error().toError());
        // Only the scripts this range needs are read in full (by the writer,
        // before any output): one unreadable body elsewhere does not stop it.
        return offline(**dialect, *steps, startHeads);
    }
    if (revision.contains(u':'))
        return fail(u"Range revision not allowed"_s);

    auto c = connect();
    if (!c)
        return std::unexpected(c.error());
    const auto dialect = makeDialect(c->backend());
    auto planSteps = [&](const QStringList &heads) -> Result<QList<MigrationStep>> {
        auto steps = upgrade ? planner.upgradeRevs(revision, RevisionSpec::tuple(heads))
                             : planner.downgradeRevs(revision, RevisionSpec::tuple(heads));
        if (!steps)
            return std::unexpected(steps.error().toError());
        return *steps;
    };
    if (m_args.flag(u"plan"_s)) {
        auto heads = currentHeads(*c);
        if (!heads)
            return std::unexpected(heads.error());
        auto steps = planSteps(*heads);
        if (!steps)
            return std::unexpected(steps.error());
        auto report = buildPlanReport(*c, *m_scripts, *dialect, m_env.versionTable, *steps);
        if (!report)
            return std::unexpected(report.error());
        m_out << report->toText();
        return {};
    }
    MigrationRunner::Options o;
    o.transactionPerMigration = m_env.transactionPerMigration;
    o.transactionalDdl = m_env.transactionalDdl;
    o.log = [this](const QString &line) { info(line); };
    o.namingConvention = targetNamingConvention(*m_config, m_env);
    MigrationRunner runner(*m_scripts, *dialect, VersionTable(m_env.versionTable, m_env.versionTableSchema), o);
    m_inEnvironment = true; // the runner logs the context lines first
    return runner.run(*c, planSteps);
}

Status Session::cmdStamp()
{
    const bool sql = m_args.flag(u"sql"_s);
    if (auto ok = loadScripts(sql ? Environment::Mode::Offline : Environment::Mode::Online); !ok)
        return ok;
    const QStringList revisions = m_args.list(u"revisions"_s);
    const RevisionPlanner &planner = m_scripts->planner();
    if (sql) {
        // command.stamp: one starting revision at most, before env.py runs
        QStringList destinations;
        QString start;
        bool hasStart = false;
        for (const QString &r : revisions) {
            if (r.contains(u':')) {
                const QString srev = r.section(u':', 0, 0);
                if (hasStart && srev != start)
                    return fail(u"Stamp operation with --sql only supports a single starting revision at a time"_s);
                start = srev;
                hasStart = true;
                destinations << r.section(u':', 1);
            } else {
                destinations << r;
            }
        }
        auto dialect = enterOfflineEnvironment();
        if (!dialect)
            return std::unexpected(dialect.error());
        if (m_args.flag(u"purge"_s))
            return fail(u"Can't use --purge with --sql mode"_s);
        auto resolved = planner.sqlStartingHeads(hasStart ? QStringList{start} : QStringList{});
        if (!resolved)
            return std::unexpected(resolved.error().toError());
        auto steps = planner.stampRevs(destinations, *resolved);
        if (!steps)
            return std::unexpected(steps.error().toError());
        return offline(**dialect, *steps, *resolved);
    }
    auto c = connect();
    if (!c)
        return std::unexpected(c.error());
    MigrationRunner::Options o;
    o.purge = m_args.flag(u"purge"_s);
    o.transactionalDdl = m_env.transactionalDdl;
    o.log = [this](const QString &line) { info(line); };
    const auto dialect = makeDialect(c->backend());
    MigrationRunner runner(*m_scripts, *dialect, VersionTable(m_env.versionTable, m_env.versionTableSchema), o);
    m_inEnvironment = true; // the runner logs the context lines first
    return runner.run(*c, [&](const QStringList &heads) -> Result<QList<MigrationStep>> {
        auto steps = planner.stampRevs(revisions, heads);
        if (!steps)
            return std::unexpected(steps.error().toError());
        return *steps;
    });
}

Status Session::cmdRevision()
{
    if (auto ok = loadScripts(); !ok)
        return ok;
    NewRevision request;
    if (m_args.flag(u"message"_s))
        request.message = m_args.value(u"message"_s);
    if (m_args.flag(u"head"_s))
        request.heads = {m_args.value(u"head"_s)};
    request.splice = m_args.flag(u"splice"_s);
    if (m_args.flag(u"branch_label"_s))
        request.branchLabels = {m_args.value(u"branch_label"_s)};
    request.versionPath = m_args.value(u"version_path"_s);
    request.revisionId = m_args.value(u"rev_id"_s);
    request.dependsOn = m_args.list(u"depends_on"_s);

    SchemaRenames renames;
    for (const QString &spec : m_args.list(u"rename"_s)) {
        if (Status added = addRenameSpec(renames, spec); !added)
            return added;
    }
    if (!renames.isEmpty() && !m_args.flag(u"autogenerate"_s))
        return fail(u"--rename only makes sense with --autogenerate"_s);

    if (m_args.flag(u"autogenerate"_s)) {
        if (m_args.flag(u"sql"_s))
            return fail(u"Using --sql with --autogenerate does not make any sense"_s);
        auto c = connect();
        if (!c)
            return std::unexpected(c.error());
        enterEnvironment(onlineContextLines(c->backend()));
        auto heads = currentHeads(*c);
        if (!heads)
            return std::unexpected(heads.error());
        // Alembic: the database must be at the heads the new revision goes on.
        if (!isAtHeads(*heads, m_scripts->map().heads()))
            return fail(u"Target database is not up to date."_s);
        auto metadata = loadTargetMetadata(*m_config, m_env, m_args.value(u"target_url"_s));
        if (!metadata)
            return std::unexpected(metadata.error());
        auto result = autogenerate(*c, *metadata, m_env, renames);
        if (!result)
            return std::unexpected(result.error());
        for (const QString &d : result->detected)
            info(logger(u"alembic.autogenerate.compare"_s, d));
        request.bodies = result->bodies;
    }
    auto written = writeRevision(*m_config, *m_scripts, request);
    if (!written)
        return std::unexpected(written.error());
    m_out << u"Generating "_s << written->path << u" ...  done\n"_s;
    return {};
}

Status Session::cmdMerge()
{
    if (auto ok = loadScripts(); !ok)
        return ok;
    const NewRevision request = mergeRequest(
        m_args.list(u"revisions"_s),
        m_args.flag(u"message"_s) ? std::optional<QString>(m_args.value(u"message"_s)) : std::nullopt,
        m_args.flag(u"branch_label"_s) ? QStringList{m_args.value(u"branch_label"_s)} : QStringList(),
        m_args.value(u"rev_id"_s));
    auto written = writeRevision(*m_config, *m_scripts, request);
    if (!written)
        return std::unexpected(written.error());
    m_out << u"Generating "_s << written->path << u" ...  done\n"_s;
    return {};
}

Status Session::cmdEdit()
{
    if (auto ok = loadScripts(); !ok)
        return ok;
    const QString rev = m_args.value(u"rev"_s);
    auto revs = m_scripts->map().getRevisions(RevisionSpec(rev));
    if (!revs)
        return std::unexpected(RevisionPlanner::translate(revs.error()).toError());
    if (revs->isEmpty() || revs->contains(RevisionMap::NoRevision))
        return fail(u"No revision files indicated by symbol '%1'"_s.arg(rev));
    const QString editor = qEnvironmentVariable("EDITOR", qEnvironmentVariable("VISUAL"));
    if (editor.isEmpty())
        return fail(u"No suitable editor found. Please set the \"EDITOR\" or \"VISUAL\" environment variables"_s);
    for (RevisionMap::Index i : *revs) {
        if (QProcess::execute(editor, {m_scripts->map().at(i).path()}) < 0)
            return fail(u"Error executing editor (%1)"_s.arg(editor));
    }
    return {};
}

Status Session::cmdEnsureVersion()
{
    if (auto ok = loadScripts(); !ok)
        return ok;
    const VersionTable table(m_env.versionTable, m_env.versionTableSchema);
    if (m_args.flag(u"sql"_s)) {
        auto dialect = enterOfflineEnvironment();
        if (!dialect)
            return std::unexpected(dialect.error());
        return offline(**dialect, {}, {}, true);
    }
    auto c = connect();
    if (!c)
        return std::unexpected(c.error());
    enterEnvironment(onlineContextLines(c->backend()));
    auto present = table.exists(c->database());
    if (!present)
        return std::unexpected(present.error());
    return *present ? Status() : table.create(c->database());
}

Status Session::cmdCheck()
{
    if (auto ok = loadScripts(); !ok)
        return ok;
    auto c = connect();
    if (!c)
        return std::unexpected(c.error());
    enterEnvironment(onlineContextLines(c->backend()));
    auto heads = currentHeads(*c);
    if (!heads)
        return std::unexpected(heads.error());
    if (!isAtHeads(*heads, m_scripts->map().heads()))
        return fail(u"Target database is not up to date."_s);
    auto metadata = loadTargetMetadata(*m_config, m_env, m_args.value(u"target_url"_s));
    if (!metadata)
        return std::unexpected(metadata.error());
    auto result = autogenerate(*c, *metadata, m_env);
    if (!result)
        return std::unexpected(result.error());
    for (const QString &d : result->detected)
        info(logger(u"alembic.autogenerate.compare"_s, d));
    if (result->ops.upgrade.empty()) {
        m_out << u"No new upgrade operations detected.\n"_s;
        return {};
    }
    return fail(u"New upgrade operations detected: [%1]"_s.arg(result->detected.join(u", "_s)));
}

// Beyond Alembic: the database against what its revision says it is.
Status Session::cmdDrift()
{
    if (auto ok = loadScripts(); !ok)
        return ok;
    auto c = connect();
    if (!c)
        return std::unexpected(c.error());
    enterEnvironment(onlineContextLines(c->backend()));
    auto report = detectDrift(*c, *m_scripts, m_env);
    if (!report)
        return std::unexpected(report.error());
    for (const QString &note : std::as_const(report->notes))
        info(logger(u"petmigrate.drift"_s, note));
    const QString at = report->revisions.isEmpty() ? u"base"_s : report->revisions.join(u", "_s);
    if (!report->hasDrift()) {
        m_out << u"No schema drift: the database is what the scripts build at %1.\n"_s.arg(at);
        return {};
    }
    for (const DriftDifference &d : std::as_const(report->differences))
        m_out << d.description << '\n';
    const qsizetype n = report->differences.size();
    return fail(u"Schema drift: %1 difference%2 between the database and what the scripts build at %3"_s
                    .arg(n)
                    .arg(n == 1 ? QString() : u"s"_s, at));
}

int Session::run()
{
    const QString command = m_args.command;
    Status status;
    if (command == u"init") status = cmdInit();
    else if (command == u"list_templates") status = cmdListTemplates();
    else if (command == u"history") status = cmdHistory();
    else if (command == u"heads") status = cmdHeads();
    else if (command == u"branches") status = cmdBranches();
    else if (command == u"show") status = cmdShow();
    else if (command == u"current") status = cmdCurrent();
    else if (command == u"upgrade") status = cmdUpgradeDowngrade(true);
    else if (command == u"downgrade") status = cmdUpgradeDowngrade(false);
    else if (command == u"stamp") status = cmdStamp();
    else if (command == u"revision") status = cmdRevision();
    else if (command == u"merge") status = cmdMerge();
    else if (command == u"edit") status = cmdEdit();
    else if (command == u"ensure_version") status = cmdEnsureVersion();
    else if (command == u"check") status = cmdCheck();
    else if (command == u"drift") status = cmdDrift();
    else status = fail(u"unknown command %1"_s.arg(command));
    m_out.flush();
    if (!status && !status.error().exception.isEmpty()) {
        // The traceback's last line, located: "file:line:col: SyntaxError: ...".
        Error located = status.error();
        located.message = located.exception + u": "_s + located.message;
        m_err << located.toString() << '\n';
        m_err.flush();
        return ExitPythonException;
    }
    if (!status) {
        // alembic.util.messaging.err(): log.error(), which reaches stderr only
        // once env.py has configured logging, then "FAILED: ..." on stdout.
        const QString message = status.error().toString();
        if (m_inEnvironment) {
            m_err << u"ERROR [alembic.util.messaging] "_s << message << '\n';
            m_err.flush();
        }
        m_out << u"FAILED: "_s << message << '\n';
        m_out.flush();
        return ExitFailed;
    }
    return 0;
}

} // namespace

int runPetMigrate(const QStringList &arguments, QTextStream &out, QTextStream &err, Teardown teardown)
{
    const ArgumentParser parser = buildParser();
    const int width = terminalWidth();
    if (arguments.contains(u"--version"_s) && !arguments.contains(u"-h"_s)) {
        out << u"petmigrate "_s << Version << '\n';
        return 0;
    }
    QString help;
    auto parsed = parser.parse(arguments, &help, width);
    if (!parsed) {
        err << parsed.error().message;
        err.flush();
        return 2;
    }
    if (parsed->helpShown) {
        out << help;
        out.flush();
        return 0;
    }
    if (parsed->command.isEmpty()) {
        err << parser.formatUsage(width);
        return 2;
    }
    Session session(*parsed, out, err, teardown);
    const int status = session.run();
    if (teardown == Teardown::LeftToProcessExit) {
        out.flush();
        err.flush();
        session.abandonScripts();
    }
    return status;
}

} // namespace pm
