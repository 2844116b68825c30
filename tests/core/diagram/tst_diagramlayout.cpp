#include <QTest>

#include <QLineF>

#include "diagram/diagramlayout.h"

using namespace pm;

using Input = DiagramLayoutInput;

Q_DECLARE_METATYPE(pm::DiagramLayoutInput)

namespace {

// A card as the window would measure it: a header and `rows` rows of 18 px;
// the ports are the rows' middles.
Input::Node card(int rows, qreal width = 160)
{
    Input::Node node;
    node.size = QSizeF(width, 26 + rows * 18 + 6);
    for (int r = 0; r < rows; ++r)
        node.ports << 26 + r * 18 + 9;
    return node;
}

Input graph(int nodes, const QList<QList<int>> &edges, int rows = 4)
{
    Input input;
    for (int i = 0; i < nodes; ++i)
        input.nodes << card(rows + i % 3, 120 + (i * 37) % 90);
    for (const QList<int> &e : edges)
        input.edges << Input::Edge{e.at(0), e.value(2, 1), e.at(1), e.value(3, 0)};
    return input;
}

// A reproducible pseudo-random schema: each table refers to up to three
// earlier ones (and a few to later ones, which makes cycles).
Input randomGraph(int nodes, quint32 seed)
{
    auto next = [&seed] {
        seed = seed * 1664525u + 1013904223u;
        return seed >> 8;
    };
    Input input;
    for (int i = 0; i < nodes; ++i) {
        const int rows = 2 + int(next() % 10);
        input.nodes << card(rows, 110 + next() % 120);
    }
    for (int i = 1; i < nodes; ++i) {
        const int refs = int(next() % 4);
        for (int r = 0; r < refs; ++r) {
            const int to = next() % 17 == 0 ? int(next() % nodes) : int(next() % i);
            const int fromPort = int(next() % input.nodes.at(i).ports.size());
            input.edges << Input::Edge{i, fromPort, to, 0};
        }
    }
    return input;
}

bool segmentCrossesInterior(const QPointF &a, const QPointF &b, const QRectF &rect)
{
    const QRectF inner = rect.adjusted(0.5, 0.5, -0.5, -0.5);
    if (qFuzzyCompare(a.y() + 1, b.y() + 1)) {
        const qreal y = a.y();
        if (y <= inner.top() || y >= inner.bottom())
            return false;
        return std::max(a.x(), b.x()) > inner.left() && std::min(a.x(), b.x()) < inner.right();
    }
    const qreal x = a.x();
    if (x <= inner.left() || x >= inner.right())
        return false;
    return std::max(a.y(), b.y()) > inner.top() && std::min(a.y(), b.y()) < inner.bottom();
}

qreal portY(const Input &input, const DiagramLayout &layout, int node, int port)
{
    const auto &n = input.nodes.at(node);
    return layout.positions.at(node).y() + (port >= 0 && port < n.ports.size() ? n.ports.at(port) : n.size.height() / 2);
}

bool onSide(const QPointF &p, const QRectF &card)
{
    return std::abs(p.x() - card.left()) < 0.01 || std::abs(p.x() - card.right()) < 0.01;
}

} // namespace

class TestDiagramLayout : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void geometry_data();
    void geometry();
    void referredTablesStandLeft();
    void treeHasNoCrossings();
    void chainMakesOneLayerPerTable();
    void straightWhenPortsCanAlign();
    void unconnectedTablesArePacked();
    void deterministic();
    void emptyInput();
};

void TestDiagramLayout::geometry_data()
{
    QTest::addColumn<Input>("input");
    QTest::newRow("one table") << graph(1, {});
    QTest::newRow("pet refers to user") << graph(2, {{1, 0}});
    QTest::newRow("chain of five") << graph(5, {{1, 0}, {2, 1}, {3, 2}, {4, 3}});
    QTest::newRow("star: ten refer to one") << graph(11, {{1, 0}, {2, 0}, {3, 0}, {4, 0}, {5, 0}, {6, 0}, {7, 0},
                                                          {8, 0}, {9, 0}, {10, 0}});
    QTest::newRow("diamond") << graph(4, {{1, 0}, {2, 0}, {3, 1}, {3, 2}});
    QTest::newRow("long edge past a layer") << graph(4, {{1, 0}, {2, 1}, {3, 2}, {3, 0, 3, 1}});
    QTest::newRow("cycle of two") << graph(2, {{0, 1}, {1, 0}});
    QTest::newRow("cycle of three") << graph(3, {{0, 1}, {1, 2}, {2, 0}});
    QTest::newRow("self reference") << graph(2, {{1, 1, 2, 0}, {1, 0}});
    QTest::newRow("self reference on one row") << graph(1, {{0, 0, 1, 1}});
    QTest::newRow("two edges between the same tables") << graph(2, {{1, 0, 1, 0}, {1, 0, 2, 0}});
    QTest::newRow("port -1: the card's middle") << graph(3, {{1, 0, -1, -1}, {2, 1, -1, -1}});
    QTest::newRow("two parts") << graph(6, {{1, 0}, {2, 1}, {4, 3}, {5, 4}});
    QTest::newRow("random 40") << randomGraph(40, 7);
    QTest::newRow("random 150") << randomGraph(150, 11);
    QTest::newRow("random 1000") << randomGraph(1000, 1);
}

// What every layout must be: cards apart, each edge orthogonal from its
// referencing port to its referred port, never through a card, vertical
// runs never on top of one another.
void TestDiagramLayout::geometry()
{
    QFETCH(Input, input);
    const DiagramLayout layout = layoutDiagram(input);
    QCOMPARE(layout.positions.size(), input.nodes.size());
    QCOMPARE(layout.routes.size(), input.edges.size());

    QList<QRectF> cards;
    for (int i = 0; i < input.nodes.size(); ++i)
        cards << layout.cardRect(i, input);
    for (int i = 0; i < cards.size(); ++i) {
        QVERIFY2(layout.bounds.contains(cards.at(i)), qPrintable(QString::number(i)));
        for (int j = i + 1; j < cards.size(); ++j) {
            const QRectF overlap = cards.at(i).intersected(cards.at(j));
            QVERIFY2(overlap.width() < 0.01 || overlap.height() < 0.01,
                     qPrintable(QStringLiteral("cards %1 and %2 overlap").arg(i).arg(j)));
        }
    }

    struct Vertical
    {
        int edge;
        qreal x, lo, hi;
    };
    QList<Vertical> verticals;
    for (int e = 0; e < input.edges.size(); ++e) {
        const auto &edge = input.edges.at(e);
        const QList<QPointF> &route = layout.routes.at(e);
        const QString what = QStringLiteral("edge %1 (%2 -> %3)").arg(e).arg(edge.from).arg(edge.to);
        QVERIFY2(route.size() >= 2, qPrintable(what));
        QVERIFY2(onSide(route.first(), cards.at(edge.from)), qPrintable(what + QStringLiteral(": start")));
        QVERIFY2(onSide(route.last(), cards.at(edge.to)), qPrintable(what + QStringLiteral(": end")));
        QCOMPARE(route.first().y(), portY(input, layout, edge.from, edge.fromPort));
        if (edge.from != edge.to || edge.fromPort != edge.toPort)
            QCOMPARE(route.last().y(), portY(input, layout, edge.to, edge.toPort));
        for (int p = 1; p < route.size(); ++p) {
            const QPointF &a = route.at(p - 1), &b = route.at(p);
            const bool horizontal = std::abs(a.y() - b.y()) < 0.01;
            const bool vertical = std::abs(a.x() - b.x()) < 0.01;
            QVERIFY2(horizontal || vertical, qPrintable(what + QStringLiteral(": a slanted segment")));
            for (int c = 0; c < cards.size(); ++c)
                QVERIFY2(!segmentCrossesInterior(a, b, cards.at(c)),
                         qPrintable(what + QStringLiteral(" runs through card %1").arg(c)));
            if (vertical && !horizontal)
                verticals.append({e, a.x(), std::min(a.y(), b.y()), std::max(a.y(), b.y())});
        }
    }
    for (int i = 0; i < verticals.size(); ++i) {
        for (int j = i + 1; j < verticals.size(); ++j) {
            const Vertical &a = verticals.at(i), &b = verticals.at(j);
            if (a.edge == b.edge || std::abs(a.x - b.x) > 0.01)
                continue;
            QVERIFY2(std::min(a.hi, b.hi) - std::max(a.lo, b.lo) < 0.5,
                     qPrintable(QStringLiteral("edges %1 and %2 share a track").arg(a.edge).arg(b.edge)));
        }
    }
}

void TestDiagramLayout::referredTablesStandLeft()
{
    const Input input = graph(6, {{1, 0}, {2, 1}, {3, 1}, {4, 3}, {4, 0}, {5, 2}});
    const DiagramLayout layout = layoutDiagram(input);
    for (const auto &edge : input.edges)
        QVERIFY(layout.positions.at(edge.to).x() + input.nodes.at(edge.to).size.width()
                < layout.positions.at(edge.from).x());
}

void TestDiagramLayout::treeHasNoCrossings()
{
    // A tree drawn in layers can always go without crossings; the ordering must find it.
    const Input input = graph(13, {{1, 0}, {2, 0}, {3, 0}, {4, 1}, {5, 2}, {6, 3}, {7, 1}, {8, 2}, {9, 3},
                                   {10, 4}, {11, 8}, {12, 6}});
    const DiagramLayout layout = layoutDiagram(input);
    QCOMPARE(layout.crossings, 0);
    QCOMPARE(layout.layers, 4);
}

void TestDiagramLayout::chainMakesOneLayerPerTable()
{
    const Input input = graph(5, {{1, 0}, {2, 1}, {3, 2}, {4, 3}});
    const DiagramLayout layout = layoutDiagram(input);
    QCOMPARE(layout.layers, 5);
    QCOMPARE(layout.dummyNodes, 0);
    for (int i = 1; i < 5; ++i)
        QVERIFY(layout.positions.at(i).x() > layout.positions.at(i - 1).x());
}

void TestDiagramLayout::straightWhenPortsCanAlign()
{
    // One table referring to one other: the placement lines the ports up,
    // so the edge is a single straight segment.
    const Input input = graph(2, {{1, 0, 3, 0}});
    const DiagramLayout layout = layoutDiagram(input);
    QCOMPARE(layout.routes.at(0).size(), 2);
    QCOMPARE(layout.routes.at(0).at(0).y(), layout.routes.at(0).at(1).y());
}

void TestDiagramLayout::unconnectedTablesArePacked()
{
    // Thirty tables without foreign keys: a block of rows, not one long column.
    const Input input = graph(30, {});
    const DiagramLayout layout = layoutDiagram(input);
    QVERIFY(layout.bounds.width() > 3 * 210);
    QVERIFY(layout.bounds.height() < 30 * 80);
    const qreal aspect = layout.bounds.width() / layout.bounds.height();
    QVERIFY2(aspect > 0.6 && aspect < 4, qPrintable(QString::number(aspect)));
}

void TestDiagramLayout::deterministic()
{
    const Input input = randomGraph(300, 3);
    const DiagramLayout first = layoutDiagram(input);
    const DiagramLayout second = layoutDiagram(input);
    QCOMPARE(first.positions, second.positions);
    QCOMPARE(first.routes, second.routes);
    QCOMPARE(first.crossings, second.crossings);
}

void TestDiagramLayout::emptyInput()
{
    const DiagramLayout layout = layoutDiagram(Input());
    QVERIFY(layout.positions.isEmpty());
    QVERIFY(layout.routes.isEmpty());
    QVERIFY(layout.bounds.isEmpty());
}

QTEST_APPLESS_MAIN(TestDiagramLayout)
#include "tst_diagramlayout.moc"
