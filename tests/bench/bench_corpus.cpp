// bench_corpus NAME=DIALECT:DIR...: body evaluation per revision over the
// corpus (tests/corpus/<project>/versions), with core/script's real
// bindings (ScriptEvaluator: op.* recorded as Operations, sa.* read as
// SQLAlchemy's), offline as `upgrade --sql` runs them. For each project, the
// mean time per revision of each phase:
//   read      the file read and decoded (UTF-8);
//   header    ScriptHeaderReader: the graph's identifiers and docstring;
//   parse     core/python's Parser on the whole file;
//   evaluate  ScriptEvaluator::evaluate: header, parse, module level,
//             upgrade() and downgrade();
//   run       evaluate - header - parse: the module level and both bodies.
// ScriptEvaluator runs the module level and the bodies in one call, so run
// is the difference of two measured loops, not a loop of its own.
// tests/bench/bench_corpus.sh runs this beside CPython (bench_corpus.py).

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include "python/parser.h"
#include "script/scriptevaluator.h"
#include "script/scriptheaderreader.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

struct Project
{
    QString name;
    QString dialect;
    QStringList paths;
};

QStringList scriptsUnder(const QString &dir)
{
    QStringList paths;
    QDirIterator it(dir, {u"*.py"_s}, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        paths << it.next();
    paths.sort();
    return paths;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QList<Project> projects;
    for (const QString &arg : app.arguments().mid(1)) {
        const qsizetype eq = arg.indexOf(u'=');
        const qsizetype colon = arg.indexOf(u':', eq + 1);
        if (eq <= 0 || colon < 0) {
            err << "usage: bench_corpus NAME=DIALECT:VERSIONS_DIR...\n";
            return 1;
        }
        Project p{arg.left(eq), arg.mid(eq + 1, colon - eq - 1), scriptsUnder(arg.mid(colon + 1))};
        if (p.paths.isEmpty()) {
            err << "no *.py under " << arg.mid(colon + 1) << " (corpus.py materialize first)\n";
            return 1;
        }
        projects << p;
    }
    if (projects.isEmpty()) {
        err << "usage: bench_corpus NAME=DIALECT:VERSIONS_DIR...\n";
        return 1;
    }

    for (const Project &p : projects) {
        // Small projects are repeated so that each phase runs for a measurable time.
        const int rounds = std::max(1, int(1000 / p.paths.size()));
        const double count = double(p.paths.size()) * rounds;
        auto perRevision = [&](qint64 nanos) { return double(nanos) / 1000.0 / count; };
        QElapsedTimer timer;

        QStringList sources;
        timer.start();
        for (int r = 0; r < rounds; ++r) {
            sources.clear();
            for (const QString &path : p.paths) {
                QFile f(path);
                if (!f.open(QIODevice::ReadOnly)) {
                    err << path << ": " << f.errorString() << "\n";
                    return 2;
                }
                sources << QString::fromUtf8(f.readAll());
            }
        }
        const double read = perRevision(timer.nsecsElapsed());

        // Files of versions/ that are not revisions (an __init__.py, a
        // helper module) are timed like the others and counted apart.
        int notRevisions = 0;
        timer.restart();
        for (int r = 0; r < rounds; ++r) {
            notRevisions = 0;
            for (qsizetype i = 0; i < sources.size(); ++i) {
                auto h = ScriptHeaderReader::read(sources[i], p.paths[i], {});
                if (!h || h->revision.isEmpty())
                    ++notRevisions;
            }
        }
        const double header = perRevision(timer.nsecsElapsed());

        int syntaxErrors = 0;
        timer.restart();
        for (int r = 0; r < rounds; ++r) {
            syntaxErrors = 0;
            for (qsizetype i = 0; i < sources.size(); ++i)
                if (!python::Parser::parse(sources[i], p.paths[i]))
                    ++syntaxErrors;
        }
        const double parse = perRevision(timer.nsecsElapsed());

        ScriptEvaluator::Context context;
        context.dialect = p.dialect;
        context.offline = true;
        int read_ = 0, refused = 0, unreadable = 0;
        QString firstUnreadable;
        timer.restart();
        for (int r = 0; r < rounds; ++r) {
            read_ = refused = unreadable = 0;
            for (qsizetype i = 0; i < sources.size(); ++i) {
                auto script = ScriptEvaluator::evaluate(sources[i], p.paths[i], context);
                if (!script) {
                    if (++unreadable == 1)
                        firstUnreadable = script.error().toString();
                    continue;
                }
                if (script->upgradeError || script->downgradeError)
                    ++refused;
                else
                    ++read_;
            }
        }
        const double evaluate = perRevision(timer.nsecsElapsed());

        out << p.name << " files " << p.paths.size() << " rounds " << rounds
            << " not_revisions " << notRevisions << " syntax_errors " << syntaxErrors
            << " bodies_read " << read_ << " bodies_refused " << refused << " unreadable " << unreadable
            << " read_us " << read << " header_us " << header << " parse_us " << parse
            << " evaluate_us " << evaluate << " run_us " << std::max(0.0, evaluate - header - parse) << "\n";
        out.flush();
        if (unreadable)
            err << p.name << ": first unreadable: " << firstUnreadable << "\n";
    }
    return 0;
}
