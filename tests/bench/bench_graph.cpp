// History graph benchmark: the real window opens a project (a SQLite file
// and its alembic.ini) and the time to the first painted graph is measured,
// then scrolling the whole graph page by page, and the background reading
// of the badges. Run by bench_graph.sh, which makes the project
// (gen_project.py graph N) and times real Alembic's `history` beside it.
//
//   bench_graph --ini PATH --db PATH [--runs R]
#include <algorithm>
#include <ctime>

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QScrollBar>
#include <QStandardPaths>
#include <QTextStream>
#include <QTreeView>

#include "revision/revisiongraphlayout.h"
#include "ui/mainwindow.h"
#include "ui/migrationcontroller.h"
#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

// CPU time of the calling (GUI) thread: what the window itself spent,
// whatever else the machine runs.
double threadCpuMs()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) * 1e3 + double(t.tv_nsec) / 1e6;
}

// Notes the first paint of the graph's viewport with rows in it.
class PaintWatch final : public QObject
{
public:
    PaintWatch(QWidget *viewport, const QAbstractItemModel *model) : m_model(model)
    {
        viewport->installEventFilter(this);
    }
    bool painted = false;

protected:
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_model->rowCount() > 0)
            painted = true;
        return false;
    }

private:
    const QAbstractItemModel *m_model;
};

struct Figures
{
    double firstPaintMs = 0;
    double firstPaintCpuMs = 0;
    double layoutMs = 0;
    double scrollMsPerPage = 0;
    int pages = 0;
    double factsMs = 0;
    int rows = 0;
    int revisions = 0;
    int width = 0;
    int crossings = 0;
};

Figures runOnce(const QString &ini, const QString &db)
{
    Figures f;
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QCoreApplication::processEvents();
    QTreeView *view = window.historyView();
    MigrationHistoryModel *model = window.historyModel();
    PaintWatch watch(view->viewport(), model);

    QElapsedTimer clock;
    clock.start();
    const double cpuStart = threadCpuMs();
    window.openDatabase(db, ini);
    while (!watch.painted && clock.elapsed() < 120000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    f.firstPaintMs = double(clock.nsecsElapsed()) / 1e6;
    f.firstPaintCpuMs = threadCpuMs() - cpuStart;
    f.revisions = model->revisionCount();
    f.rows = model->rowCount();
    f.width = model->layout().width();
    f.crossings = model->layout().crossings();

    // The layout alone, on the same graph.
    QList<RevisionGraphLayout::Node> nodes;
    for (const RevisionRow &row : window.controller()->revisions())
        nodes << RevisionGraphLayout::Node{row.revision, row.downRevisions, row.dependsOn};
    QElapsedTimer layoutClock;
    layoutClock.start();
    const RevisionGraphLayout layout = RevisionGraphLayout::compute(nodes);
    f.layoutMs = double(layoutClock.nsecsElapsed()) / 1e6;

    // Every revision shown (no fold), top to bottom, a page at a time, each
    // page painted before the next.
    model->expandAll();
    QCoreApplication::processEvents();
    QScrollBar *bar = view->verticalScrollBar();
    QElapsedTimer scrollClock;
    scrollClock.start();
    for (int value = 0; value <= bar->maximum(); value += std::max(1, bar->pageStep())) {
        bar->setValue(value);
        view->viewport()->repaint();
        ++f.pages;
    }
    f.scrollMsPerPage = double(scrollClock.nsecsElapsed()) / 1e6 / std::max(1, f.pages);

    // Badges: every body read in the background (timed from the open).
    const QStringList order = model->revisionsInOrder();
    while (!order.isEmpty() && !model->facts(order.last()) && clock.elapsed() < 600000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    f.factsMs = double(clock.nsecsElapsed()) / 1e6;
    return f;
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(u"PetManagerBench"_s);
    QCoreApplication::setApplicationName(u"bench_graph"_s);
    QCommandLineParser parser;
    parser.addOption({u"ini"_s, u"alembic.ini of the project"_s, u"path"_s});
    parser.addOption({u"db"_s, u"SQLite database"_s, u"path"_s});
    parser.addOption({u"runs"_s, u"runs (the median is printed)"_s, u"n"_s, u"3"_s});
    parser.process(app);
    QTextStream out(stdout);
    const int runs = std::max(1, parser.value(u"runs"_s).toInt());
    QList<Figures> all;
    for (int k = 0; k < runs; ++k)
        all << runOnce(parser.value(u"ini"_s), parser.value(u"db"_s));
    const auto median = [&all](auto field) {
        QList<double> values;
        for (const Figures &f : all)
            values << double(f.*field);
        std::sort(values.begin(), values.end());
        return values.at(values.size() / 2);
    };
    const Figures &first = all.first();
    out << u"revisions %1, rows shown at first (folds) %2, lanes %3, crossings %4\n"_s.arg(first.revisions)
               .arg(first.rows)
               .arg(first.width)
               .arg(first.crossings);
    out << u"open -> first painted graph   %1 ms (median of %2)\n"_s.arg(median(&Figures::firstPaintMs), 0, 'f', 1)
               .arg(runs);
    out << u"  GUI thread CPU time          %1 ms\n"_s.arg(median(&Figures::firstPaintCpuMs), 0, 'f', 1);
    out << u"  of which the lane layout    %1 ms\n"_s.arg(median(&Figures::layoutMs), 0, 'f', 2);
    out << u"scroll, all rows unfolded     %1 ms per page (%2 pages)\n"_s.arg(median(&Figures::scrollMsPerPage), 0, 'f', 2)
               .arg(first.pages);
    out << u"badges read (background)      %1 ms after the open\n"_s.arg(median(&Figures::factsMs), 0, 'f', 0);
    out << u"first_paint_ms=%1\n"_s.arg(median(&Figures::firstPaintMs), 0, 'f', 1);
    out << u"first_paint_cpu_ms=%1\n"_s.arg(median(&Figures::firstPaintCpuMs), 0, 'f', 1);
    return 0;
}
