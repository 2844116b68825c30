// Online random differential: random revision graphs (merges, branch labels,
// depends_on, and depends_on naming something already below a parent, where
// Alembic 1.8.1 breaks) upgraded and downgraded step by step on SQLite, by
// petmigrate on one file and by Alembic on others (random_walk.py, one
// Python process for every graph). After every step the result, the rows of
// alembic_version and the tables' CREATE statements must be the same.
//
// Alembic's side is a correct Alembic: 1.8.1 with alembic_oracle.py's
// CorrectRevisionStep, which differs from 1.8.1 only where 1.8.1 breaks.
// random_walk.py runs 1.8.1 beside it and marks those steps; this suite
// counts and names them.
#include "interop.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace {

constexpr quint32 kSeed = 20240617;
constexpr int kGraphs = 24;

struct Step
{
    QString verb;
    QString target;
};

struct Graph
{
    QString name;
    QJsonArray revisions;
    QList<Step> commands;
};

class WalkGenerator
{
public:
    explicit WalkGenerator(quint32 seed) : m_rng(seed) {}
    Graph graph(int number);

private:
    int pick(int n) { return int(m_rng.bounded(quint32(n))); }
    bool chance(int percent) { return pick(100) < percent; }
    QString hex(int n)
    {
        static const QString digits = QStringLiteral("0123456789abcdef");
        QString s;
        for (int i = 0; i < n; ++i)
            s += digits.at(pick(16));
        return s;
    }

    QRandomGenerator m_rng;
};

Graph WalkGenerator::graph(int number)
{
    const int n = 4 + pick(number % 4 == 0 ? 9 : 6);
    QStringList ids;
    while (ids.size() < n) {
        const QString id = hex(12);
        if (!ids.contains(id))
            ids << id;
    }
    QList<QStringList> down(n), deps(n), labels(n);
    QList<QSet<int>> below(n); // everything under a revision
    auto underOf = [&](int i) { return below.at(i) + QSet<int>{i}; };
    QStringList allLabels;
    for (int i = 0; i < n; ++i) {
        if (i > 0 && !chance(12)) {
            const int first = chance(65) ? i - 1 - pick(std::min(i, 2)) : pick(i);
            down[i] << ids.at(first);
            if (i >= 2 && chance(40)) {
                const int second = pick(i);
                if (second != first && !below.at(first).contains(second) && !below.at(second).contains(first))
                    down[i] << ids.at(second);
            }
        }
        for (const QString &d : std::as_const(down.at(i)))
            below[i] += underOf(int(ids.indexOf(d)));
        // A dependency on another branch, now and then.
        if (i > 0 && chance(15)) {
            const int j = pick(i);
            if (!below.at(i).contains(j)) {
                deps[i] << (!labels.at(j).isEmpty() && chance(40) ? labels.at(j).first() : ids.at(j));
                below[i] += underOf(j);
            }
        }
        // The family Alembic 1.8.1 breaks on: a dependency already below a
        // down revision (by id or label; a merge point; a parent's parent).
        if (!down.at(i).isEmpty() && chance(down.at(i).size() > 1 ? 60 : 15)) {
            const int parent = int(ids.indexOf(down.at(i).at(pick(int(down.at(i).size())))));
            QList<int> candidates(below.at(parent).cbegin(), below.at(parent).cend());
            std::sort(candidates.begin(), candidates.end());
            if (!candidates.isEmpty()) {
                const int j = candidates.at(pick(int(candidates.size())));
                const QString dep = !labels.at(j).isEmpty() && chance(40) ? labels.at(j).first() : ids.at(j);
                if (!deps.at(i).contains(dep))
                    deps[i] << dep;
            }
        }
        if (chance(20)) {
            labels[i] << QStringLiteral("br%1").arg(allLabels.size());
            allLabels += labels.at(i);
        }
    }

    Graph g;
    g.name = QStringLiteral("g%1").arg(number);
    QList<int> order;
    for (int i = 0; i < n; ++i)
        order << i;
    for (int i = n - 1; i > 0; --i)
        order.swapItemsAt(i, pick(i + 1));
    for (int i : std::as_const(order)) {
        QJsonObject r;
        r[QStringLiteral("rev")] = ids.at(i);
        r[QStringLiteral("down")] = QJsonArray::fromStringList(down.at(i));
        r[QStringLiteral("deps")] = QJsonArray::fromStringList(deps.at(i));
        r[QStringLiteral("labels")] = QJsonArray::fromStringList(labels.at(i));
        g.revisions.append(r);
    }

    auto someId = [&] { return ids.at(pick(n)); };
    auto someLabel = [&] { return allLabels.isEmpty() ? someId() : allLabels.at(pick(int(allLabels.size()))); };
    const int count = 8 + pick(7);
    for (int c = 0; c < count; ++c) {
        if (c == 0 || chance(55)) {
            switch (pick(8)) {
            case 0: g.commands << Step{QStringLiteral("upgrade"), QStringLiteral("heads")}; break;
            case 1: g.commands << Step{QStringLiteral("upgrade"), QStringLiteral("head")}; break;
            case 2: g.commands << Step{QStringLiteral("upgrade"), QStringLiteral("+1")}; break;
            case 3: g.commands << Step{QStringLiteral("upgrade"), someLabel() + QStringLiteral("@head")}; break;
            case 4: g.commands << Step{QStringLiteral("upgrade"), someLabel() + QStringLiteral("@+1")}; break;
            case 5: g.commands << Step{QStringLiteral("upgrade"), QStringLiteral("+2")}; break;
            default: g.commands << Step{QStringLiteral("upgrade"), someId()}; break;
            }
        } else {
            switch (pick(7)) {
            case 0: g.commands << Step{QStringLiteral("downgrade"), QStringLiteral("base")}; break;
            case 1:
            case 2: g.commands << Step{QStringLiteral("downgrade"), QStringLiteral("-1")}; break;
            case 3: g.commands << Step{QStringLiteral("downgrade"), someLabel() + QStringLiteral("@base")}; break;
            case 4: g.commands << Step{QStringLiteral("downgrade"), someLabel() + QStringLiteral("@-1")}; break;
            default: g.commands << Step{QStringLiteral("downgrade"), someId()}; break;
            }
        }
    }
    return g;
}

struct Observed
{
    QString result;
    QString rows;
    QString schema;
};

// What random_walk.py prints for the same step.
Observed readState(const QString &dbPath, const QString &connection)
{
    Observed o;
    o.rows = QStringLiteral("rows: ");
    o.schema = QStringLiteral("schema: ");
    if (!QFileInfo::exists(dbPath))
        return o;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(dbPath);
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
        if (!db.open()) {
            o.rows += QStringLiteral("<cannot open>");
        } else {
            QSqlQuery q(db);
            QStringList rows;
            if (q.exec(QStringLiteral("SELECT version_num FROM alembic_version"))) {
                while (q.next())
                    rows << q.value(0).toString();
            }
            rows.sort();
            o.rows += rows.join(QLatin1Char(','));
            QStringList schema;
            q.exec(QStringLiteral("SELECT sql FROM sqlite_master WHERE type = 'table' AND name <> 'alembic_version' "
                                  "AND sql IS NOT NULL"));
            while (q.next())
                schema << q.value(0).toString().replace(QLatin1Char('\n'), QLatin1Char(' '));
            // Python's sorted() on str: code point order, as QString's operator<.
            std::sort(schema.begin(), schema.end());
            o.schema += schema.join(QStringLiteral(" ; "));
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return o;
}

} // namespace

class tst_InteropRandomWalk : public QObject
{
    Q_OBJECT

private slots:
    void stepByStep();
};

void tst_InteropRandomWalk::stepByStep()
{
    INTEROP_REQUIRE_TOOLS();
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());

    WalkGenerator gen(kSeed);
    QList<Graph> graphs;
    QJsonArray specGraphs;
    for (int i = 0; i < kGraphs; ++i) {
        graphs << gen.graph(i);
        QJsonArray commands;
        for (const Step &s : std::as_const(graphs.last().commands))
            commands.append(QJsonArray{s.verb, s.target});
        specGraphs.append(QJsonObject{{QStringLiteral("name"), graphs.last().name},
                                      {QStringLiteral("revisions"), graphs.last().revisions},
                                      {QStringLiteral("commands"), commands}});
    }
    const QString specPath = tmp.filePath(QStringLiteral("spec.json"));
    {
        QFile spec(specPath);
        QVERIFY(spec.open(QIODevice::WriteOnly));
        spec.write(QJsonDocument(QJsonObject{{QStringLiteral("root"), tmp.path()},
                                             {QStringLiteral("graphs"), specGraphs}})
                       .toJson(QJsonDocument::Compact));
    }

    const interop::Run alembicSide = interop::runProcess(
        interop::python(), {QStringLiteral(INTEROP_DIR "/random_walk.py"), specPath}, QString(), 900000);
    QVERIFY2(alembicSide.code == 0, qPrintable(alembicSide.describe()));

    // step header -> Alembic's lines for it
    QMap<QString, QStringList> expected;
    QMap<QString, QString> breaks; // step header -> how 1.8.1 differs
    {
        QString header;
        for (const QString &line : QString::fromUtf8(alembicSide.out).split(QLatin1Char('\n'))) {
            if (line.startsWith(QLatin1String("== ")))
                header = line;
            else if (line.startsWith(QLatin1String("# alembic 1.8.1 ")))
                breaks[header] = line;
            else if (!line.isEmpty())
                expected[header] << line;
        }
    }

    int steps = 0;
    int mismatches = 0;
    QString report;
    for (const Graph &g : std::as_const(graphs)) {
        const QString project = tmp.filePath(g.name);
        const QString db = project + QStringLiteral("/petmigrate.db");
        for (qsizetype c = 0; c < g.commands.size(); ++c) {
            const Step &s = g.commands.at(c);
            const QString header = QStringLiteral("== %1 #%2 %3 %4").arg(g.name).arg(c + 1).arg(s.verb, s.target);
            const interop::Run run = interop::petmigrate(
                {QStringLiteral("-c"), project + QStringLiteral("/alembic.ini"), QStringLiteral("--url"),
                 QStringLiteral("sqlite:///") + db, s.verb, s.target});
            Observed o = readState(db, QStringLiteral("walk"));
            if (run.code == 0) {
                o.result = QStringLiteral("result: ok");
            } else {
                const QStringList failed = run.failedLines();
                o.result = QStringLiteral("result: ") + (failed.isEmpty() ? QStringLiteral("exit %1").arg(run.code)
                                                                          : failed.first());
            }
            ++steps;
            QStringList want = expected.value(header);
            // Where Alembic fails an assertion rather than a CommandError
            // (an input it does not support), petmigrate must refuse it too,
            // in its own words.
            if (!want.isEmpty() && want.first().startsWith(QLatin1String("result: error ")) && run.code != 0)
                o.result = want.first();
            const QStringList got{o.result, o.rows, o.schema};
            if (want != got) {
                ++mismatches;
                if (mismatches <= 8)
                    report += QStringLiteral("\n%1\n  alembic:    %2\n  petmigrate: %3\n  stderr: %4")
                                  .arg(header, want.join(QStringLiteral("\n              ")),
                                       got.join(QStringLiteral("\n              ")),
                                       QString::fromUtf8(run.err.right(600)));
            }
        }
    }
    QVERIFY2(mismatches == 0, qPrintable(QStringLiteral("%1 of %2 steps differ:").arg(mismatches).arg(steps) + report));

    qInfo("%d steps of %d graphs compared after every step", steps, int(graphs.size()));
    QMap<QString, int> kinds;
    for (auto it = breaks.cbegin(); it != breaks.cend(); ++it) {
        const QString how = it.value().section(QLatin1Char(':'), 0, 0).mid(2);
        ++kinds[how];
    }
    for (auto it = kinds.cbegin(); it != kinds.cend(); ++it)
        qInfo("%d steps where %s (petmigrate checked against a correct Alembic)", it.value(), qPrintable(it.key()));
    int shown = 0;
    for (auto it = breaks.cbegin(); it != breaks.cend() && shown < 3; ++it, ++shown)
        qInfo("  e.g. %s: %s", qPrintable(it.key()), qPrintable(it.value().left(160)));
    // The generator aims at the graphs 1.8.1 breaks on; without one, this
    // suite would not test what it says.
    QVERIFY2(kinds.value(QStringLiteral("alembic 1.8.1 raises KeyError")) > 0,
             "no step where Alembic 1.8.1 raises KeyError");
}

QTEST_GUILESS_MAIN(tst_InteropRandomWalk)
#include "tst_interop_randomwalk.moc"
