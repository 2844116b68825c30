#pragma once

#include <QList>
#include <QPointF>
#include <QRectF>
#include <QSizeF>

namespace pm {

// Where the cards of a schema diagram go and how its foreign-key edges run
// between them. Pure geometry: the window measures each card (its size and
// the height of each column row, the "ports" an edge can leave or enter
// by) and draws what comes back; tests and the benchmark run it without one.
//
// A layered ("Sugiyama") layout, read left to right: a table sits one layer
// right of the rightmost table it refers to, so referred tables (users,
// lookups) stand on the left and the tables that point at them to their
// right. Cards never overlap. Edges are orthogonal and never cross a card:
// they run horizontally inside layers (through a reserved slot where they
// pass a layer without a card of theirs) and vertically only in the channels
// between layers, each on its own track. Tables that share no foreign key
// are packed as separate blocks, the largest first.
//
// Deterministic: the same input gives the same output, whatever the machine
// (no hash order, no clock); ties break by node order, so callers pass nodes
// in a stable order (the diagram sorts tables by name).
struct DiagramLayoutInput
{
    struct Node
    {
        QSizeF size;
        // The y offsets (from the card's top) where edges may attach: the
        // centre of each column's row.
        QList<qreal> ports;
    };
    // A foreign key: from the referencing table's port (its column) to the
    // referred table's port (the referred column, or -1 for the card's middle).
    struct Edge
    {
        int from = 0;
        int fromPort = -1;
        int to = 0;
        int toPort = -1;
    };

    QList<Node> nodes;
    QList<Edge> edges;

    qreal nodeGap = 28;      // vertical space between cards of a layer
    qreal minChannel = 56;   // horizontal space between layers, at least
    qreal trackGap = 9;      // between two vertical edge tracks in a channel
    qreal blockGap = 90;     // between packed blocks (unconnected parts)
    qreal aspect = 1.6;      // width / height the packing aims at
    int orderingSweeps = 8;  // crossing-reduction passes (each way)
};

struct DiagramLayout
{
    QList<QPointF> positions;      // top-left of each node's card
    QList<QList<QPointF>> routes;  // per edge: from its referencing port to its referred port
    QRectF bounds;                 // of every card and route
    // What the layout did, for tests and the benchmark.
    int layers = 0;       // most layers of any block
    int crossings = 0;    // edge crossings between adjacent layers, after ordering
    int dummyNodes = 0;   // layer slots reserved for edges passing a layer

    QRectF cardRect(int node, const DiagramLayoutInput &input) const
    {
        return QRectF(positions.at(node), input.nodes.at(node).size);
    }
};

DiagramLayout layoutDiagram(const DiagramLayoutInput &input);

} // namespace pm
