// bench_python DIR...: the Python front-end and evaluator over every
// versions/*.py below each DIR (a project, or a versions folder itself).
// For each phase, the mean time per revision: tokenizing, parsing (in full
// and for the module level only), running the module level, and running
// upgrade() and downgrade() against stand-ins for alembic and sqlalchemy
// (an object whose every attribute and call is itself, as the Python half,
// bench_python.py, does for CPython). tests/bench/bench_python.sh runs both.

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>

#include "python/host.h"
#include "python/interpreter.h"
#include "python/parser.h"
#include "python/pythontokenizer.h"

using namespace Qt::StringLiterals;
using namespace pm;
using namespace pm::python;

namespace {

// Every attribute and every call gives the stand-in itself; it is a context manager.
class Stub final : public HostObject
{
public:
    QString typeName() const override { return u"Stub"_s; }
    Value getAttribute(Interpreter &, const QString &) override { return Value(this); }
    Value callMethod(Interpreter &, const QString &name, const Args &) override
    {
        if (name == u"__exit__")
            return Value::fromBool(false);
        return Value(this);
    }
    Value call(Interpreter &, const Args &) override { return Value(this); }
};

struct Script
{
    QString path;
    QString source;
};

QList<Script> collect(const QStringList &dirs)
{
    QList<Script> out;
    for (const QString &dir : dirs) {
        QDirIterator it(dir, {u"*.py"_s}, QDir::Files, QDirIterator::Subdirectories);
        QStringList paths;
        while (it.hasNext()) {
            const QString p = it.next();
            if (p.contains(u"/versions/"_s) || dir.endsWith(u"versions"_s) || dir.endsWith(u"versions/"_s))
                paths << p;
        }
        paths.sort();
        for (const QString &p : paths) {
            QFile f(p);
            if (f.open(QIODevice::ReadOnly))
                out.push_back({p, QString::fromUtf8(f.readAll())});
        }
    }
    return out;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QStringList dirs = app.arguments().mid(1);
    if (dirs.isEmpty())
        dirs << QStringLiteral(PM_SOURCE_DIR "/migrations/versions");
    const QList<Script> scripts = collect(dirs);
    if (scripts.isEmpty()) {
        QTextStream(stderr) << "no versions/*.py under " << dirs.join(u", "_s) << "\n";
        return 1;
    }
    // Small folders are repeated so that each phase runs for a measurable time.
    const int rounds = std::max(1, int(2000 / scripts.size()));
    QTextStream out(stdout);

    auto perRevision = [&](qint64 nanos) { return double(nanos) / 1000.0 / double(scripts.size() * rounds); };

    QElapsedTimer timer;
    timer.start();
    for (int r = 0; r < rounds; ++r)
        for (const Script &s : scripts)
            if (!PythonTokenizer::tokenize(s.source, s.path))
                return 2;
    const double tokenize = perRevision(timer.nsecsElapsed());

    std::vector<ProgramPtr> programs;
    timer.restart();
    for (int r = 0; r < rounds; ++r) {
        programs.clear();
        for (const Script &s : scripts) {
            auto p = Parser::parse(s.source, s.path);
            if (!p) {
                QTextStream(stderr) << p.error().toString() << "\n";
                return 2;
            }
            programs.push_back(*p);
        }
    }
    const double parse = perRevision(timer.nsecsElapsed());

    Parser::Options headerOnly;
    headerOnly.skipFunctionBodies = true;
    std::vector<ProgramPtr> headers;
    timer.restart();
    for (int r = 0; r < rounds; ++r) {
        headers.clear();
        for (const Script &s : scripts)
            headers.push_back(*Parser::parse(s.source, s.path, headerOnly));
    }
    const double parseHeader = perRevision(timer.nsecsElapsed());

    Interpreter interp;
    const Value stub(new Stub);
    interp.setImportHook([&](Interpreter &, const QString &name) -> std::optional<Value> {
        if (name == u"alembic" || name == u"sqlalchemy" || name.startsWith(u"sqlalchemy.") || name.startsWith(u"alembic."))
            return stub;
        return std::nullopt;
    });
    std::vector<Namespace> namespaces;
    timer.restart();
    for (int r = 0; r < rounds; ++r) {
        namespaces.clear();
        for (const ProgramPtr &p : headers) {
            interp.resetSteps();
            auto ns = interp.runModule(p);
            if (!ns) {
                QTextStream(stderr) << ns.error().toString() << "\n";
                return 3;
            }
            namespaces.push_back(*ns);
        }
    }
    const double moduleLevel = perRevision(timer.nsecsElapsed());

    namespaces.clear();
    for (const ProgramPtr &p : programs)
        namespaces.push_back(*interp.runModule(p));
    timer.restart();
    for (int r = 0; r < rounds; ++r) {
        for (const Namespace &ns : namespaces) {
            interp.resetSteps();
            for (const QString &f : {u"upgrade"_s, u"downgrade"_s}) {
                auto result = interp.callFunction(ns, f);
                if (!result) {
                    QTextStream(stderr) << result.error().toString() << "\n";
                    return 3;
                }
            }
        }
    }
    const double bodies = perRevision(timer.nsecsElapsed());

    out << "revisions " << scripts.size() << " rounds " << rounds << "\n";
    out << "tokenize_us " << tokenize << "\n";
    out << "parse_us " << parse << "\n";
    out << "parse_header_us " << parseHeader << "\n";
    out << "module_level_us " << moduleLevel << "\n";
    out << "bodies_us " << bodies << "\n";
    return 0;
}
