// The path the graph highlights for a selected revision is exactly what
// petmigrate runs for `upgrade <revision>` / `downgrade <revision>`: the
// same steps in the same order as its "-- Running ..." lines (--sql), over
// many random graphs (branches, merges, labelled roots, depends_on) and
// database states.
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "graphproject.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;
using namespace pm;
using pm::test::GraphRevision;

namespace {

// A random history: lines grow off heads, branch off older revisions, merge
// two heads, start labelled roots, depend on older revisions.
QList<GraphRevision> randomGraph(quint32 seed)
{
    QRandomGenerator random(seed);
    QList<GraphRevision> revs;
    QStringList heads;
    const int n = 7 + int(random.bounded(7));
    int labels = 0;
    for (int i = 0; i < n; ++i) {
        GraphRevision r;
        r.id = u"%1"_s.arg(0xa10000000000ULL + quint64(seed) * 0x1000 + quint64(i), 12, 16, QChar(u'0'));
        const quint32 roll = random.bounded(100);
        if (revs.isEmpty() || (roll < 10 && labels < 2)) {
            if (!revs.isEmpty())
                r.labels = {u"line%1"_s.arg(++labels)};
        } else if (roll < 25 && heads.size() >= 2) {
            const QString a = heads.takeAt(int(random.bounded(heads.size())));
            const QString b = heads.takeAt(int(random.bounded(heads.size())));
            r.down = {a, b};
        } else if (roll < 40) {
            const QString parent = revs.at(int(random.bounded(revs.size()))).id;
            heads.removeAll(parent);
            r.down = {parent};
        } else {
            const QString parent = heads.isEmpty() ? revs.last().id : heads.at(int(random.bounded(heads.size())));
            heads.removeAll(parent);
            r.down = {parent};
        }
        if (i > 2 && random.bounded(6) == 0) {
            const QString dependency = revs.at(int(random.bounded(revs.size()))).id;
            if (!r.down.contains(dependency))
                r.dependsOn = {dependency};
        }
        heads << r.id;
        revs << r;
    }
    return revs;
}

// "-- Running upgrade a, b -> m" / "INFO ... Running downgrade m -> a, b, doc":
// the revision each step runs, in order.
QStringList stepsPrinted(const QString &output, bool upgrade)
{
    // An upgrade step runs the one revision after the arrow, a downgrade
    // step the one before it.
    static const QRegularExpression line(uR"(Running (?:upgrade|downgrade) ([0-9a-f]*)[0-9a-f, ]* -> ([0-9a-f]*))"_s);
    QStringList steps;
    for (const QString &text : output.split(u'\n')) {
        const auto match = line.match(text);
        if (match.hasMatch())
            steps << (upgrade ? match.captured(2) : match.captured(1));
    }
    return steps;
}

// The revisions the model highlights, in their step order.
QStringList highlighted(const MigrationHistoryModel &model)
{
    QMap<int, QString> byStep;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row, 0);
        if (const int step = index.data(MigrationHistoryModel::RunStepRole).toInt())
            byStep.insert(step, index.data(MigrationHistoryModel::RevisionRole).toString());
    }
    return byStep.values();
}

} // namespace

class TestHistoryPath final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pathIsWhatPetmigrateRuns_data();
    void pathIsWhatPetmigrateRuns();
};

void TestHistoryPath::pathIsWhatPetmigrateRuns_data()
{
    QTest::addColumn<quint32>("seed");
    QTest::addColumn<int>("upgrades"); // how many random upgrades put the database where it is
    for (quint32 seed = 1; seed <= 6; ++seed) {
        QTest::addRow("graph %u, database at base", seed) << seed << 0;
        QTest::addRow("graph %u, one upgrade", seed) << seed << 1;
        QTest::addRow("graph %u, two upgrades (maybe two heads)", seed) << seed << 2;
    }
}

void TestHistoryPath::pathIsWhatPetmigrateRuns()
{
    QFETCH(quint32, seed);
    QFETCH(int, upgrades);
    QTemporaryDir dir;
    const QList<GraphRevision> graph = randomGraph(seed);
    const QString ini = test::writeGraphProject(dir.path(), graph);
    QVERIFY(!ini.isEmpty());
    const QString database = dir.filePath(u"graph.db"_s);

    // The database state: a few upgrades as a user would run them.
    QRandomGenerator random(seed * 31 + quint32(upgrades));
    QVERIFY(test::petmigrate(ini, {u"ensure_version"_s}).exitCode == 0);
    for (int k = 0; k < upgrades; ++k) {
        const QString target = graph.at(int(random.bounded(graph.size()))).id;
        const test::Run run = test::petmigrate(ini, {u"upgrade"_s, target});
        QVERIFY2(run.exitCode == 0, qPrintable(run.out + run.err));
    }

    MigrationController controller;
    QVERIFY(controller.open(database, ini));
    QVERIFY2(controller.scriptsProblem().isEmpty(), qPrintable(controller.scriptsProblem()));
    const QStringList current = controller.currentHeads();
    MigrationHistoryModel model;
    model.setFolding(1000, 0); // every revision on its own row
    model.setRevisions(controller.revisions(), current);

    int compared = 0; // step lists with steps in them: the suite is not vacuous
    for (const GraphRevision &target : graph) {
        const RevisionPath path = controller.pathTo(target.id);
        model.setPath(path);
        QCOMPARE(highlighted(model), path.steps());

        for (const bool upgrade : {true, false}) {
            const QString command = upgrade ? u"upgrade"_s : u"downgrade"_s;
            const RevResult<QStringList> &ours = upgrade ? path.upgrade : path.downgrade;
            test::Run run;
            bool offline = true;
            if (current.size() <= 1) {
                // --sql starts from one revision given as "start:" (base for none).
                if (!upgrade && current.isEmpty())
                    continue; // nothing to downgrade from
                const QString start = current.isEmpty() ? u"base"_s : current.first();
                run = test::petmigrate(ini, {command, start + u':' + target.id, u"--sql"_s});
            } else {
                // --sql takes one starting revision; from several heads the
                // online run on a copy of the database says what it runs.
                const QString copy = dir.filePath(u"copy.db"_s);
                QFile::remove(copy);
                QVERIFY(QFile::copy(database, copy));
                run = test::petmigrate(ini, {u"--url"_s, u"sqlite:///"_s + copy, command, target.id});
                offline = false;
            }
            const QString what = u"%1 %2 from (%3)"_s.arg(command, target.id, current.join(u", "_s));
            if (run.exitCode != 0) {
                QVERIFY2(!ours, qPrintable(what + u": petmigrate refused, the graph did not: "_s + run.out));
                continue;
            }
            QVERIFY2(ours.has_value(), qPrintable(what + u": "_s + (ours ? QString() : ours.error().message)));
            // --sql prints "-- Running ..." on stdout (and logs it too); a
            // run logs "Running ..." on stderr.
            QCOMPARE(*ours, stepsPrinted(offline ? run.out : run.err, upgrade));
            compared += ours->isEmpty() ? 0 : 1;
        }
    }
    QVERIFY(compared > 0);
}

QTEST_MAIN(TestHistoryPath)
#include "tst_historypath.moc"
