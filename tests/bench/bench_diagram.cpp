// Benchmark: the schema diagram of 100 and 1,000 tables, and Graphviz's dot
// on the same graph, in one run.
//
//   build/tests/bench/bench_diagram [TABLES...]        (default: 100 1000)
//
// For each size it builds a reproducible schema (3 to 12 columns a table,
// up to three foreign keys to other tables, a few of them cycles), then
// times, best of three:
//   model   SchemaDiagram::ofSchema (what the window draws from);
//   layout  layoutDiagram alone (layers, ordering, placement, edge routing),
//           on cards measured by the window's fonts;
//   scene   the whole SchemaScene::setDiagram on the GUI thread: measuring
//           cards, the layout, creating the items (the window lays out
//           above 150 tables on a thread, so this is the worst case);
//   paint   drawing the whole diagram once into an image, fitted to 1600 px.
// Then `dot -Tplain` (Graphviz, if installed) lays out the same nodes (same
// sizes) and edges, rankdir=LR, with splines=ortho as ours are; its time
// includes starting the process. Runs offscreen; needs no display.
// PM_BENCH_EXPORT=DIR keeps each painted diagram as DIR/diagram-N.png.
#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QPainter>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTextStream>

#include "diagram/diagramlayout.h"
#include "diagram/schemadiagram.h"
#include "ui/schemascene.h"
#include "ui/tablecarditem.h"

using namespace Qt::StringLiterals;
using namespace pm;

namespace {

MetaData makeSchema(int tables, quint32 seed)
{
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    const QList<SqlType> types{SqlType::integer(), SqlType::string(80), SqlType::text(), SqlType::dateTime(),
                               SqlType::boolean(), SqlType::numeric(10, 2), SqlType::autoString()};
    MetaData schema;
    const auto name = [](int i) { return u"table_%1"_s.arg(i, 4, 10, QLatin1Char('0')); };
    for (int i = 0; i < tables; ++i) {
        Table t;
        t.name = name(i);
        t.columns << Column{u"id"_s, SqlType::integer(), false, true};
        t.constraints << Constraint::primaryKey({u"id"_s}, u"pk_"_s + t.name);
        const int columns = 2 + int(next() % 10);
        for (int c = 0; c < columns; ++c)
            t.columns << Column{u"column_%1"_s.arg(c), types.at(next() % types.size()), next() % 3 != 0};
        const int refs = i == 0 ? 0 : int(next() % 4);
        for (int r = 0; r < refs; ++r) {
            // Mostly earlier tables; one in twenty anywhere (cycles happen).
            const int to = next() % 20 == 0 ? int(next() % tables) : int(next() % i);
            const QString column = u"ref_%1_id"_s.arg(r);
            t.columns << Column{column, SqlType::integer()};
            t.constraints << Constraint::foreignKey({column}, name(to), {u"id"_s}, u"fk_%1_%2"_s.arg(t.name, column));
        }
        if (next() % 3 == 0)
            t.indexes << Index{u"ix_"_s + t.name + u"_column_0"_s, false, {u"column_0"_s}, false};
        schema.putTable(t);
    }
    return schema;
}

template<typename F>
double bestOf(int runs, F &&work)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        best = std::min(best, timer.nsecsElapsed() / 1e6);
    }
    return best;
}

QString dotInput(const DiagramLayoutInput &input, const QString &splines)
{
    QString dot;
    QTextStream out(&dot);
    out << "digraph schema {\n  rankdir=LR; splines=" << splines << "; nodesep=0.35; ranksep=0.8;\n"
        << "  node [shape=box, fixedsize=true, label=\"\"];\n";
    for (int i = 0; i < input.nodes.size(); ++i)
        out << "  n" << i << " [width=" << input.nodes.at(i).size.width() / 72.0
            << ", height=" << input.nodes.at(i).size.height() / 72.0 << "];\n";
    // Referred tables first in rank order, as ours: the edge runs referred -> referencing.
    for (const auto &e : input.edges)
        out << "  n" << e.to << " -> n" << e.from << ";\n";
    out << "}\n";
    return dot;
}

// Seconds dot takes, or a sentence why not.
QString timeDot(const QString &dot, const QString &input, int timeoutSeconds)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(u"schema.dot"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return u"cannot write the .dot file"_s;
    file.write(input.toUtf8());
    file.close();
    QProcess process;
    QElapsedTimer timer;
    timer.start();
    process.start(dot, {u"-Tplain"_s, path});
    if (!process.waitForFinished(timeoutSeconds * 1000)) {
        process.kill();
        process.waitForFinished();
        return u"> %1 s (stopped)"_s.arg(timeoutSeconds);
    }
    if (process.exitCode() != 0)
        return u"failed: "_s + QString::fromUtf8(process.readAllStandardError()).trimmed().left(120);
    return u"%1 ms"_s.arg(timer.nsecsElapsed() / 1e6, 0, 'f', 1);
}

} // namespace

int main(int argc, char **argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QList<int> sizes;
    for (const QString &arg : app.arguments().mid(1))
        sizes << arg.toInt();
    if (sizes.isEmpty())
        sizes = {100, 1000};
    QTextStream out(stdout);
    const QString dot = QStandardPaths::findExecutable(u"dot"_s);
    out << "schema diagram benchmark (best of 3; dot once, includes process start)\n";
    out << "tables  edges  layers  crossings   model ms  layout ms   scene ms   paint ms   dot ortho    dot spline   ortho ratio\n";
    for (int tables : std::as_const(sizes)) {
        const MetaData schema = makeSchema(tables, 20261206u + tables);
        SchemaDiagram diagram;
        const double model = bestOf(3, [&] { diagram = SchemaDiagram::ofSchema(schema); });

        SchemaScene scene;
        scene.setAsyncThreshold(std::numeric_limits<int>::max()); // on this thread, to time it
        const double sceneMs = bestOf(3, [&] { scene.setDiagram(diagram); });

        DiagramLayoutInput input;
        for (const TableCardItem *card : scene.cards())
            input.nodes << DiagramLayoutInput::Node{card->size(), card->ports()};
        for (const DiagramEdge &e : diagram.edges())
            input.edges << DiagramLayoutInput::Edge{e.fromTable, diagram.tables().at(e.fromTable).columnIndex(e.fromColumns.value(0)),
                                                    e.toTable, 0};
        DiagramLayout layout;
        const double layoutMs = bestOf(3, [&] { layout = layoutDiagram(input); });

        const QRectF rect = scene.diagramRect();
        const qreal scale = 1600 / std::max(rect.width(), rect.height());
        QImage image((rect.size() * scale).toSize().expandedTo(QSize(1, 1)), QImage::Format_ARGB32_Premultiplied);
        const double paint = bestOf(3, [&] {
            QPainter painter(&image);
            scene.render(&painter, QRectF(QPointF(0, 0), image.size()), rect);
        });

        if (const QString dir = qEnvironmentVariable("PM_BENCH_EXPORT"); !dir.isEmpty())
            image.save(dir + u"/diagram-%1.png"_s.arg(tables));

        QString ortho = u"not installed"_s, spline = u"not installed"_s, ratio = u"-"_s;
        if (!dot.isEmpty()) {
            ortho = timeDot(dot, dotInput(input, u"ortho"_s), tables > 500 ? 300 : 120);
            spline = timeDot(dot, dotInput(input, u"true"_s), tables > 500 ? 300 : 120);
            if (ortho.endsWith(u" ms"_s))
                ratio = u"%1x"_s.arg(ortho.chopped(3).toDouble() / layoutMs, 0, 'f', 0);
        }
        out << QString::number(tables).rightJustified(6) << QString::number(diagram.edges().size()).rightJustified(7)
            << QString::number(layout.layers).rightJustified(8) << QString::number(layout.crossings).rightJustified(11)
            << QString::number(model, 'f', 1).rightJustified(11) << QString::number(layoutMs, 'f', 1).rightJustified(11)
            << QString::number(sceneMs, 'f', 1).rightJustified(11) << QString::number(paint, 'f', 1).rightJustified(11)
            << u"   "_s << ortho.leftJustified(12) << u' ' << spline.leftJustified(12) << u' ' << ratio << '\n';
        out.flush();
    }
    out << "ratio: dot -Tplain with splines=ortho / our layout, on the same nodes and edges\n";
    return 0;
}
