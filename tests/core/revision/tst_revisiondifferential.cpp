// Differential test: random revision graphs through pm_revision and through
// real Alembic (alembic_oracle.py under PM_PYTHON), compared line by line.
#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>

#include "revisiondriver.h"

using namespace Qt::StringLiterals;

namespace {

constexpr quint32 kSeed = 20240611;
constexpr int kGraphs = 360;
constexpr int kBatch = 120;
// SHA-1 of the compact JSON of graphs 0..kGraphs-1 drawn from kSeed
constexpr char kGraphsFingerprint[] = "b5d08fb7cde8e39badcf131deb22d1ef6d0e0a75";

// PM_REVISION_DIFF_SEED / PM_REVISION_DIFF_GRAPHS explore beyond CI's set.
quint32 seed()
{
    bool ok = false;
    const quint32 s = qEnvironmentVariable("PM_REVISION_DIFF_SEED").toUInt(&ok);
    return ok ? s : kSeed;
}

int graphCount()
{
    bool ok = false;
    const int n = qEnvironmentVariableIntValue("PM_REVISION_DIFF_GRAPHS", &ok);
    return ok && n > 0 ? n : kGraphs;
}

class GraphGenerator
{
public:
    explicit GraphGenerator(quint32 seed) : m_rng(seed) {}

    QJsonObject graph(int number);

private:
    int pick(int n) { return int(m_rng.bounded(quint32(n))); }
    bool chance(int percent) { return pick(100) < percent; }
    QString hex(int n);
    QJsonArray queries(const QStringList &ids, const QStringList &labels);
    QJsonArray state(const QStringList &ids);
    QString someTarget(const QStringList &ids, const QStringList &labels, bool down);

    QRandomGenerator m_rng;
    QStringList m_heads; // versioned heads of the current graph, roughly
};

QString GraphGenerator::hex(int n)
{
    static const QString digits = u"0123456789abcdef"_s;
    QString s;
    for (int i = 0; i < n; ++i)
        s += digits.at(pick(16));
    return s;
}

QJsonObject GraphGenerator::graph(int number)
{
    static const QStringList prefixes{u"ae10"_s, u"ae11"_s, u"b7c2"_s, u"c3d4"_s, u"1975"_s, u"0a1b"_s, u"ff00"_s};
    const int n = 1 + pick(number % 7 == 0 ? 16 : 9);
    QStringList ids;
    while (ids.size() < n) {
        // One draw after another: the operands of + are unsequenced, and
        // clang drew them in the other order than GCC (other graphs).
        QString id;
        if (chance(8)) {
            id = hex(4);
        } else {
            const QString suffix = hex(chance(20) ? 2 : 8);
            id = prefixes.at(pick(prefixes.size())) + suffix;
        }
        if (!ids.contains(id))
            ids << id;
    }
    struct Gen { QStringList down, deps, labels; };
    QList<Gen> gens(n);
    QStringList allLabels;
    QList<QStringList> labelsOf(n);
    QList<QSet<int>> belowOf(n); // everything under a revision, by index
    auto indexOfKey = [&](const QString &key) {
        for (int j = 0; j < n; ++j) {
            if (ids.at(j) == key || labelsOf.at(j).contains(key))
                return j;
        }
        return -1;
    };
    int labelCounter = 0;
    for (int i = 0; i < n; ++i) {
        Gen &g = gens[i];
        if (i > 0 && !chance(10)) {
            const int recent = i - 1 - pick(std::min(i, 3));
            const int first = chance(60) ? recent : pick(i);
            g.down << ids.at(first);
            if (i >= 2 && chance(20)) {
                const int second = pick(i);
                if (second != first)
                    g.down << ids.at(second);
            }
        }
        const int depCount = chance(14) ? 1 : (chance(4) ? 2 : 0);
        for (int d = 0; d < depCount && i > 0; ++d) {
            const int j = pick(i);
            QString dep = ids.at(j);
            if (!labelsOf.at(j).isEmpty() && chance(50))
                dep = labelsOf.at(j).first();
            if (!g.down.contains(dep) && !g.deps.contains(dep))
                g.deps << dep;
        }
        // depends_on naming a revision already below one of the down
        // revisions (by id, by its branch label, a merge point, a
        // dependency of a parent): a valid graph, and where Alembic 1.8.1's
        // version bookkeeping breaks, most of all at a merge.
        for (const QString &dep : std::as_const(g.deps))
            belowOf[i].unite(belowOf.at(indexOfKey(dep))) << indexOfKey(dep);
        for (const QString &down : std::as_const(g.down))
            belowOf[i].unite(belowOf.at(ids.indexOf(down))) << int(ids.indexOf(down));
        if (!g.down.isEmpty() && chance(g.down.size() > 1 ? 45 : 12)) {
            const int parent = int(ids.indexOf(g.down.at(pick(int(g.down.size())))));
            QList<int> candidates(belowOf.at(parent).cbegin(), belowOf.at(parent).cend());
            std::sort(candidates.begin(), candidates.end());
            if (!candidates.isEmpty()) {
                const int j = candidates.at(pick(int(candidates.size())));
                const QString dep = !labelsOf.at(j).isEmpty() && chance(40) ? labelsOf.at(j).first() : ids.at(j);
                if (!g.down.contains(dep) && !g.deps.contains(dep))
                    g.deps << dep;
            }
        }
        if (chance(16)) {
            const int count = chance(15) ? 2 : 1;
            for (int l = 0; l < count; ++l)
                g.labels << u"br%1"_s.arg(labelCounter++);
            labelsOf[i] = g.labels;
            allLabels += g.labels;
        }
    }
    // Faults Alembic must reject, now and then.
    if (number % 23 == 5 && n > 1)
        gens[pick(n)].down << ids.at(n - 1); // a cycle (or a self-loop)
    if (number % 29 == 7)
        gens[pick(n)].down << u"deadbeef0000"_s; // missing down revision
    if (number % 31 == 11)
        gens[pick(n)].deps << u"nosuchlabel"_s;
    if (number % 37 == 13)
        ids[pick(n)] += u"-x"_s; // illegal character
    if (number % 41 == 17 && n > 1)
        gens[0].labels << ids.at(n - 1); // a label that is a revision id

    QJsonArray revisions;
    for (int i = 0; i < n; ++i) {
        QJsonObject r;
        r[u"rev"_s] = ids.at(i);
        r[u"down"_s] = QJsonArray::fromStringList(gens.at(i).down);
        r[u"deps"_s] = QJsonArray::fromStringList(gens.at(i).deps);
        r[u"labels"_s] = QJsonArray::fromStringList(gens.at(i).labels);
        r[u"path"_s] = QString(u"/proj/migrations/versions/"_s + ids.at(i) + u"_step_%1.py"_s.arg(i));
        switch (pick(5)) {
        case 0: r[u"doc"_s] = QJsonValue::Null; break;
        case 1: r[u"doc"_s] = u"step %1"_s.arg(i); break;
        case 2: r[u"doc"_s] = u"  \n  padded %1  \n\n"_s.arg(i); break;
        default:
            r[u"doc"_s] = u"add thing %1\n\nRevision ID: %2\nRevises: %3\nCreate Date: 2024-05-0%4 12:00:00.000000\n\n"_s
                              .arg(i)
                              .arg(ids.at(i), gens.at(i).down.join(u", "_s))
                              .arg(1 + i % 9);
            break;
        }
        revisions.append(r);
    }
    // The map's insertion order is os.listdir() order for Alembic: shuffle.
    for (qsizetype i = revisions.size() - 1; i > 0; --i) {
        const int j = pick(int(i) + 1);
        const QJsonValue tmp = revisions.at(i);
        revisions[i] = revisions.at(j);
        revisions[j] = tmp;
    }
    m_heads.clear();
    for (int i = 0; i < n; ++i) {
        bool isDown = false;
        for (const Gen &g : gens)
            isDown = isDown || g.down.contains(ids.at(i));
        if (!isDown)
            m_heads << ids.at(i);
    }
    QJsonObject g;
    g[u"name"_s] = u"g%1"_s.arg(number);
    g[u"revisions"_s] = revisions;
    g[u"queries"_s] = queries(ids, allLabels);
    return g;
}

QJsonArray GraphGenerator::state(const QStringList &ids)
{
    switch (pick(6)) {
    case 0: return {};
    case 1: return QJsonArray::fromStringList(m_heads);
    case 2: return QJsonArray::fromStringList({ids.at(pick(ids.size())), ids.at(pick(ids.size()))});
    default: return QJsonArray::fromStringList({ids.at(pick(ids.size()))});
    }
}

QString GraphGenerator::someTarget(const QStringList &ids, const QStringList &labels, bool down)
{
    const QString id = ids.at(pick(ids.size()));
    const QString label = labels.isEmpty() ? u"nolabel"_s : labels.at(pick(labels.size()));
    switch (pick(12)) {
    case 0: return down ? u"base"_s : u"heads"_s;
    case 1: return down ? u"-1"_s : u"+1"_s;
    case 2: return down ? u"-2"_s : u"+2"_s;
    case 3: return label + (down ? u"@base"_s : u"@head"_s);
    case 4: return label + (down ? u"@-1"_s : u"@+1"_s);
    case 5: return id + (down ? u"-1"_s : u"+1"_s);
    case 6: return id.left(4);
    case 7: return down ? u"head"_s : u"head"_s;
    case 8: return label + u"@"_s + id;
    default: return id;
    }
}

QJsonArray GraphGenerator::queries(const QStringList &ids, const QStringList &labels)
{
    QJsonArray q;
    auto add = [&q](const auto &...items) { q.append(QJsonArray{QJsonValue(items)...}); };
    add(u"map"_s);
    QStringList idents{u"heads"_s, u"head"_s, u"base"_s, u"-1"_s, u"-2"_s, u"+1"_s, u"heads+1"_s,
                       u"xyz1"_s, u"ab"_s, u"ae1"_s, u"ae10"_s, u"b7c2"_s, u"@head"_s, u"nolabel@head"_s};
    for (int i = 0; i < 6; ++i) {
        const QString id = ids.at(pick(ids.size()));
        idents << id << id.left(4) << id.left(3) << id + u"+1"_s << id + u"-1"_s << id + u"-2"_s << id + u"+2"_s;
        if (!labels.isEmpty()) {
            const QString label = labels.at(pick(labels.size()));
            idents << label << label + u"@head"_s << label + u"@heads"_s << label + u"@base"_s << label + u"@-1"_s
                   << label + u"@+1"_s << label + u"@"_s + id << label + u"@"_s + id.left(4);
        }
    }
    for (const QString &ident : std::as_const(idents)) {
        add(u"get_revisions"_s, ident);
        add(u"get_revision"_s, ident);
    }
    add(u"get_revisions"_s, QJsonArray::fromStringList(m_heads));
    // Each draw is a statement of its own: the arguments of a call are
    // evaluated in an unspecified order (GCC last to first, clang first to
    // last), so two draws among them give each compiler other graphs. The
    // statements draw in GCC's order, which keeps the graphs CI has run.
    for (int i = 0; i < 6; ++i) {
        {
            const bool assertLength = chance(50);
            const bool inclusive = chance(50);
            const bool implicitBase = chance(50);
            const QJsonArray heads = state(ids);
            const QString target = someTarget(ids, labels, false);
            add(u"iterate"_s, target, heads, implicitBase, inclusive, assertLength, false);
        }
        {
            const bool assertLength = chance(50);
            const bool inclusive = chance(50);
            const bool implicitBase = chance(50);
            const QString target = someTarget(ids, labels, true);
            const QJsonArray heads = state(ids);
            add(u"iterate"_s, heads, target, implicitBase, inclusive, assertLength, true);
        }
    }
    const QJsonValue null = QJsonValue::Null;
    add(u"history"_s, null, false, false, QJsonArray());
    add(u"history"_s, null, true, false, QJsonArray());
    add(u"history"_s, null, false, true, state(ids));
    add(u"history"_s, null, true, true, state(ids));
    const QStringList ranges{u"base:heads"_s, u"current:"_s, u":current"_s, u"-1:"_s, u"nocolon"_s, u"a:b:c"_s, u":"_s};
    for (const QString &r : ranges) {
        const QJsonArray heads = state(ids);
        const bool indicate = chance(50);
        add(u"history"_s, r, false, indicate, heads);
    }
    for (int i = 0; i < 4; ++i) {
        const QString a = ids.at(pick(ids.size()));
        const QString b = ids.at(pick(ids.size()));
        add(u"history"_s, a + u":"_s + b, chance(30), false, QJsonArray());
        add(u"history"_s, a + u":"_s, false, false, QJsonArray());
        add(u"history"_s, u":"_s + b, false, false, QJsonArray());
        add(u"history"_s, a + u"-1:"_s + b + u"+1"_s, false, false, QJsonArray());
        if (!labels.isEmpty())
            add(u"history"_s, labels.at(pick(labels.size())) + u"@base:heads"_s, false, false, QJsonArray());
    }
    for (bool v : {false, true}) {
        for (bool r : {false, true})
            add(u"heads"_s, v, r);
        add(u"branches"_s, v);
        add(u"current"_s, v, state(ids));
    }
    add(u"show"_s, u"heads"_s, QJsonArray());
    add(u"show"_s, ids.at(pick(ids.size())), QJsonArray());
    add(u"show"_s, u"current"_s, state(ids));
    add(u"show"_s, u"base"_s, QJsonArray());
    for (int i = 0; i < 10; ++i) {
        const QJsonArray heads = state(ids);
        add(u"upgrade"_s, someTarget(ids, labels, false), heads);
    }
    add(u"upgrade"_s, u"heads"_s, QJsonArray());
    for (int i = 0; i < 10; ++i) {
        const QJsonArray heads = state(ids);
        add(u"downgrade"_s, someTarget(ids, labels, true), heads);
    }
    add(u"downgrade"_s, u"base"_s, QJsonArray::fromStringList(m_heads));
    for (int i = 0; i < 5; ++i) {
        QStringList dests{pick(4) == 0 ? u"heads"_s : (pick(3) == 0 ? u"base"_s : ids.at(pick(ids.size())))};
        if (chance(25))
            dests << ids.at(pick(ids.size()));
        const bool purge = chance(20);
        const QJsonArray heads = state(ids);
        add(u"stamp"_s, QJsonArray::fromStringList(dests), heads, purge);
    }
    return q;
}

} // namespace

class tst_RevisionDifferential : public QObject
{
    Q_OBJECT

private slots:
    void drawsTheRecordedGraphs();
    void againstAlembic_data();
    void againstAlembic();
    void regressionCase_data();
    void regressionCase();

private:
    struct Comparison {
        QString failure;            // empty: every line agrees
        QMap<QString, int> breaks;  // how Alembic 1.8.1 breaks -> queries
        QStringList breakExamples;
        qsizetype lines = 0;
    };
    QStringList runOracle(const QJsonArray &graphs, QString *failure);
    Comparison compare(const QJsonArray &graphs, const QString &dumpTag);
};

QStringList tst_RevisionDifferential::runOracle(const QJsonArray &graphs, QString *failure)
{
    const QString python = QStringLiteral(PM_PYTHON);
    const QString script = QStringLiteral(PM_SOURCE_DIR) + u"/tests/core/revision/alembic_oracle.py"_s;
    QProcess proc;
    proc.start(python, {script});
    if (!proc.waitForStarted(10000)) {
        *failure = u"Cannot start %1 (%2). The test setup installs Debian's python3 and python3-alembic; "
                   "install them (apt-get install python3-alembic)."_s.arg(python, proc.errorString());
        return {};
    }
    proc.write(QJsonDocument(graphs).toJson(QJsonDocument::Compact));
    proc.closeWriteChannel();
    if (!proc.waitForFinished(120000)) {
        proc.kill();
        *failure = u"alembic_oracle.py did not finish"_s;
        return {};
    }
    const QString out = QString::fromUtf8(proc.readAllStandardOutput());
    if (proc.exitStatus() != QProcess::NormalExit || proc.exitCode() != 0) {
        *failure = u"alembic_oracle.py failed (exit %1): %2 %3"_s.arg(proc.exitCode())
                       .arg(out.left(2000), QString::fromUtf8(proc.readAllStandardError()).left(4000));
        return {};
    }
    QStringList lines = out.split(u'\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    return lines;
}

void tst_RevisionDifferential::drawsTheRecordedGraphs()
{
    GraphGenerator gen(seed());
    QJsonArray graphs;
    for (int i = 0; i < graphCount(); ++i)
        graphs.append(gen.graph(i));
    // PM_REVISION_DIFF_DUMP=dir: graphs-all.json, to compare two builds
    if (const QByteArray dir = qgetenv("PM_REVISION_DIFF_DUMP"); !dir.isEmpty()) {
        QFile f(QString::fromLocal8Bit(dir) + u"/graphs-all.json"_s);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(graphs).toJson());
    }
    if (seed() != kSeed || graphCount() != kGraphs)
        QSKIP("the fingerprint is of CI's graphs only");
    // Another compiler evaluating two draws in another order draws other
    // graphs (issue 14's clang build did): then the answers CI has checked
    // are not the ones this build checks. A deliberate change to the
    // generator updates the fingerprint.
    const QByteArray fingerprint =
        QCryptographicHash::hash(QJsonDocument(graphs).toJson(QJsonDocument::Compact), QCryptographicHash::Sha1)
            .toHex();
    QCOMPARE(fingerprint, QByteArray(kGraphsFingerprint));
}

void tst_RevisionDifferential::againstAlembic_data()
{
    QTest::addColumn<int>("first");
    for (int first = 0; first < graphCount(); first += kBatch)
        QTest::addRow("graphs %d-%d", first, std::min(first + kBatch, graphCount()) - 1) << first;
}

tst_RevisionDifferential::Comparison tst_RevisionDifferential::compare(const QJsonArray &graphs,
                                                                      const QString &dumpTag)
{
    Comparison result;
    QStringList expected = runOracle(graphs, &result.failure);
    if (!result.failure.isEmpty())
        return result;

    QStringList actual;
    for (const QJsonValue &g : std::as_const(graphs))
        actual += RevisionDriver::runGraph(g.toObject());

    // PM_REVISION_DIFF_DUMP=dir keeps both sides for a closer look
    if (const QByteArray dir = qgetenv("PM_REVISION_DIFF_DUMP"); !dir.isEmpty()) {
        for (const auto &[name, lines, isJson] : {std::tuple{u"alembic"_s, expected, false},
                                                  std::tuple{u"pm"_s, actual, false}}) {
            Q_UNUSED(isJson);
            QFile f(QString::fromLocal8Bit(dir) + u"/%1-%2.txt"_s.arg(name, dumpTag));
            if (f.open(QIODevice::WriteOnly))
                f.write(lines.join(u'\n').toUtf8());
        }
        QFile f(QString::fromLocal8Bit(dir) + u"/graphs-%1.json"_s.arg(dumpTag));
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(graphs).toJson());
    }

    // Alembic joins the overlapping revisions of this message from a set of
    // objects (memory order); compare the list as a set.
    auto normalise = [](QStringList &lines) {
        static const QString marker = u" overlaps with other requested revisions "_s;
        for (QString &line : lines) {
            const qsizetype at = line.indexOf(marker);
            if (at < 0)
                continue;
            QStringList revs = line.mid(at + marker.size()).split(u", "_s);
            revs.sort();
            line = line.left(at + marker.size()) + revs.join(u", "_s);
        }
    };
    normalise(expected);
    normalise(actual);

    // Where Alembic 1.8.1 breaks, the oracle prints a correct Alembic's
    // answer (checked there against the heads of the applied revisions)
    // and then one "# alembic 1.8.1 ..." line saying how 1.8.1 breaks.
    QMap<QString, int> &breaks = result.breaks;
    QStringList &breakExamples = result.breakExamples;
    {
        QString graph;
        QString query;
        QStringList kept;
        for (const QString &line : std::as_const(expected)) {
            if (line.startsWith(u"== "_s))
                graph = line;
            else if (line.startsWith(u"-- "_s))
                query = line;
            if (!line.startsWith(u"# alembic 1.8.1 "_s)) {
                kept << line;
                continue;
            }
            const QString how = line.mid(2, line.indexOf(u':') - 2);
            ++breaks[how];
            if (breakExamples.size() < 4)
                breakExamples << u"%1 %2\n    %3"_s.arg(graph, query, line);
        }
        expected = kept;
    }

    int mismatches = 0;
    QString report;
    QString graphName;
    QString query;
    const qsizetype n = std::max(expected.size(), actual.size());
    for (qsizetype i = 0, e = 0, a = 0; i < n && e < expected.size() && a < actual.size(); ++i, ++e, ++a) {
        if (expected.at(e).startsWith(u"== "_s))
            graphName = expected.at(e);
        if (expected.at(e).startsWith(u"-- "_s))
            query = expected.at(e);
        if (expected.at(e) == actual.at(a))
            continue;
        ++mismatches;
        if (mismatches <= 15) {
            report += u"\n%1 %2\n  alembic: %3\n  pm:      %4"_s.arg(graphName, query, expected.at(e), actual.at(a));
        }
        // resynchronise on the next query header of both sides
        while (e + 1 < expected.size() && !expected.at(e + 1).startsWith(u"-- "_s)
               && !expected.at(e + 1).startsWith(u"== "_s))
            ++e;
        while (a + 1 < actual.size() && !actual.at(a + 1).startsWith(u"-- "_s)
               && !actual.at(a + 1).startsWith(u"== "_s))
            ++a;
    }
    if (expected.size() != actual.size() && mismatches == 0)
        report += u"\nline counts differ: alembic %1, pm %2"_s.arg(expected.size()).arg(actual.size());
    if (!report.isEmpty())
        result.failure = u"%1 mismatching queries (first 15 shown):"_s.arg(mismatches) + report;
    result.lines = expected.size();
    return result;
}

void tst_RevisionDifferential::againstAlembic()
{
    QFETCH(int, first);
    // one generator for the whole run, so each batch gets the graphs it
    // would get in a single pass
    GraphGenerator gen(seed());
    QJsonArray graphs;
    for (int i = 0; i < std::min(first + kBatch, graphCount()); ++i) {
        const QJsonObject g = gen.graph(i);
        if (i >= first)
            graphs.append(g);
    }

    const Comparison result = compare(graphs, QString::number(first));
    if (!result.failure.isEmpty())
        QFAIL(qPrintable(result.failure));
    const auto &breaks = result.breaks;
    qInfo("%lld lines compared", qlonglong(result.lines));
    int broken = 0;
    for (auto it = breaks.cbegin(); it != breaks.cend(); ++it) {
        qInfo("%d answers where %s; checked against a correct Alembic", it.value(),
              qPrintable(it.key()));
        broken += it.value();
    }
    for (const QString &example : std::as_const(result.breakExamples))
        qInfo("  e.g. %s", qPrintable(example));
    // The generator aims at those graphs; a batch without one tests less
    // than it says.
    QVERIFY2(breaks.value(u"alembic 1.8.1 raises KeyError"_s) > 0,
             "no graph of this batch makes Alembic 1.8.1 raise KeyError");
    QVERIFY2(broken > 0, "no graph of this batch makes Alembic 1.8.1 break");
}

void tst_RevisionDifferential::regressionCase_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("alembicBreaks");
    // cases/README.md says what each one was
    QTest::newRow("g350") << u"g350.json"_s << u"alembic 1.8.1 misses a cycle"_s;
}

void tst_RevisionDifferential::regressionCase()
{
    QFETCH(QString, file);
    QFETCH(QString, alembicBreaks);
    QFile f(QStringLiteral(PM_SOURCE_DIR) + u"/tests/core/revision/cases/"_s + file);
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.errorString()));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(f.readAll(), &error);
    QVERIFY2(doc.isArray(), qPrintable(error.errorString()));
    const Comparison result = compare(doc.array(), QFileInfo(file).completeBaseName());
    if (!result.failure.isEmpty())
        QFAIL(qPrintable(result.failure));
    // still the case it was kept for
    QVERIFY2(result.breaks.value(alembicBreaks) > 0, qPrintable(result.breaks.keys().join(u", "_s)));
}

QTEST_APPLESS_MAIN(tst_RevisionDifferential)
#include "tst_revisiondifferential.moc"
