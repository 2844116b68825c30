#include "diagram/diagramlayout.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <QHash>
#include <QSet>

namespace pm {

namespace {

// A thing that takes a slot in a layer: a card, or a dummy that reserves a
// thin horizontal passage for an edge crossing the layer.
struct Slot
{
    int card = -1; // input node, or -1 for a dummy
    int layer = 0;
    qreal width = 0;
    qreal height = 0;
    qreal y = 0;
    int order = 0;
};

// Two layerSlots in adjacent layers joined by (part of) an edge, with the y
// offsets where the edge meets each.
struct Segment
{
    int left = 0;
    int right = 0;
    qreal leftPort = 0;
    qreal rightPort = 0;
    int track = -1; // in the channel right of the left slot's layer; -1: straight
};

// An input edge as a chain of segments from its leftmost slot to its rightmost.
struct Chain
{
    int edge = 0;
    QList<int> segments;
    bool referencingIsLeft = false;
};

struct SelfLoop
{
    int edge = 0;
    int slot = 0;
    qreal fromPort = 0;
    qreal toPort = 0;
    int track = -1;
};

struct Block
{
    QList<int> cards; // input nodes, in input order
    QSizeF size;
    // Filled by the block's layout, in block coordinates.
    QList<QPair<int, QPointF>> positions;
    QList<QPair<int, QList<QPointF>>> routes;
    int layers = 1;
    int crossings = 0;
    int dummies = 0;
};

constexpr qreal DummyHeight = 6;

qreal portOf(const DiagramLayoutInput::Node &node, int port)
{
    if (port >= 0 && port < node.ports.size())
        return node.ports.at(port);
    return node.size.height() / 2;
}

// Crossings between two layers: the inversions of the right ends once the
// segments are sorted by their left ends (Barth, Jünger, Mutzel), counted by
// merge sort.
qint64 countInversions(QList<qreal> &values, QList<qreal> &scratch, qsizetype lo, qsizetype hi)
{
    if (hi - lo < 2)
        return 0;
    const qsizetype mid = (lo + hi) / 2;
    qint64 count = countInversions(values, scratch, lo, mid) + countInversions(values, scratch, mid, hi);
    qsizetype i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        if (values.at(j) < values.at(i)) {
            count += mid - i;
            scratch[k++] = values.at(j++);
        } else {
            scratch[k++] = values.at(i++);
        }
    }
    while (i < mid)
        scratch[k++] = values.at(i++);
    while (j < hi)
        scratch[k++] = values.at(j++);
    for (qsizetype n = lo; n < hi; ++n)
        values[n] = scratch.at(n);
    return count;
}

// Least-squares placement of one layer's layerSlots, in their order, each as near
// its wished top as the gaps allow: isotonic regression by pool-adjacent-
// violators on y minus the running offset, linear in the layer's size.
void placeLayer(QList<Slot> &layerSlots, const QList<int> &layer, const QList<qreal> &wished, const QList<qreal> &weights,
                qreal nodeGap)
{
    const qsizetype n = layer.size();
    if (n == 0)
        return;
    QList<qreal> offset(n, 0);
    for (qsizetype i = 1; i < n; ++i) {
        const Slot &above = layerSlots.at(layer.at(i - 1));
        const Slot &below = layerSlots.at(layer.at(i));
        const bool dummies = above.card < 0 && below.card < 0;
        const qreal gap = dummies ? 3 : (above.card < 0 || below.card < 0) ? nodeGap / 2 : nodeGap;
        offset[i] = offset.at(i - 1) + above.height + gap;
    }
    struct Pool
    {
        qreal mean;
        qreal weight;
        qsizetype count;
    };
    QList<Pool> pools;
    pools.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        pools.append({wished.at(i) - offset.at(i), weights.at(i), 1});
        while (pools.size() > 1 && pools.at(pools.size() - 2).mean > pools.last().mean) {
            const Pool last = pools.takeLast();
            Pool &prev = pools.last();
            const qreal weight = prev.weight + last.weight;
            prev.mean = (prev.mean * prev.weight + last.mean * last.weight) / weight;
            prev.weight = weight;
            prev.count += last.count;
        }
    }
    qsizetype i = 0;
    for (const Pool &pool : std::as_const(pools)) {
        for (qsizetype k = 0; k < pool.count; ++k, ++i)
            layerSlots[layer.at(i)].y = pool.mean + offset.at(i);
    }
}

class BlockLayout
{
public:
    BlockLayout(const DiagramLayoutInput &input, Block &block) : m_in(input), m_block(block) {}

    void run()
    {
        assignLayers();
        buildSlots();
        order();
        placeVertically();
        route();
    }

private:
    // Layers: a table one right of the rightmost table it refers to.
    // Cycles (a refers to b, b to a) are broken where a depth-first walk in
    // node order finds them, so the result does not depend on hashing.
    void assignLayers()
    {
        const QList<int> &cards = m_block.cards;
        const qsizetype n = cards.size();
        for (qsizetype i = 0; i < n; ++i)
            m_local.insert(cards.at(i), int(i));
        // parent (referred) -> child (referencing), per input edge order
        m_children.resize(n);
        for (int e = 0; e < m_in.edges.size(); ++e) {
            const auto &edge = m_in.edges.at(e);
            if (edge.from == edge.to || !m_local.contains(edge.from) || !m_local.contains(edge.to))
                continue;
            m_blockEdges << e;
            m_children[m_local.value(edge.to)] << QPair<int, int>(m_local.value(edge.from), e);
        }
        // Depth-first from each node in order; an edge back to a node on the
        // stack is turned round.
        QList<int> state(n, 0); // 0 new, 1 on stack, 2 done
        for (int root = 0; root < n; ++root) {
            if (state.at(root))
                continue;
            QList<QPair<int, int>> stack{{root, 0}};
            state[root] = 1;
            while (!stack.isEmpty()) {
                auto &[node, next] = stack.last();
                if (next < m_children.at(node).size()) {
                    const auto [child, edge] = m_children.at(node).at(next++);
                    if (state.at(child) == 1)
                        m_reversed.insert(edge);
                    else if (state.at(child) == 0) {
                        state[child] = 1;
                        stack.append({child, 0});
                    }
                } else {
                    state[node] = 2;
                    stack.removeLast();
                }
            }
        }
        // The acyclic graph: parent -> child after reversals.
        QList<QList<int>> down(n), up(n);
        for (int e : std::as_const(m_blockEdges)) {
            const auto &edge = m_in.edges.at(e);
            int parent = m_local.value(edge.to), child = m_local.value(edge.from);
            if (m_reversed.contains(e))
                std::swap(parent, child);
            down[parent] << child;
            up[child] << parent;
        }
        // Longest path from the sources, in Kahn's order.
        m_layer.fill(0, n);
        QList<int> indegree(n, 0);
        for (qsizetype v = 0; v < n; ++v)
            indegree[v] = int(up.at(v).size());
        QList<int> queue;
        for (int v = 0; v < n; ++v) {
            if (indegree.at(v) == 0)
                queue << v;
        }
        for (qsizetype head = 0; head < queue.size(); ++head) {
            const int v = queue.at(head);
            for (int c : down.at(v)) {
                m_layer[c] = std::max(m_layer.at(c), m_layer.at(v) + 1);
                if (--indegree[c] == 0)
                    queue << c;
            }
        }
        // A source referred to only by deep tables moves next to them: a
        // lookup table beside its users, not at the far left with long edges.
        for (int v = 0; v < n; ++v) {
            if (!up.at(v).isEmpty() || down.at(v).isEmpty())
                continue;
            int nearest = std::numeric_limits<int>::max();
            for (int c : down.at(v))
                nearest = std::min(nearest, m_layer.at(c));
            m_layer[v] = nearest - 1;
        }
        const int lowest = *std::min_element(m_layer.cbegin(), m_layer.cend());
        for (int &l : m_layer)
            l -= lowest;
        m_layerCount = *std::max_element(m_layer.cbegin(), m_layer.cend()) + 1;
    }

    void buildSlots()
    {
        m_layers.resize(m_layerCount);
        for (qsizetype v = 0; v < m_block.cards.size(); ++v) {
            const auto &node = m_in.nodes.at(m_block.cards.at(v));
            m_slots.append(Slot{m_block.cards.at(v), m_layer.at(v), node.size.width(), node.size.height(), 0, 0});
            m_layers[m_layer.at(v)] << int(v);
        }
        for (int e : std::as_const(m_blockEdges)) {
            const auto &edge = m_in.edges.at(e);
            const int from = m_local.value(edge.from), to = m_local.value(edge.to);
            Chain chain;
            chain.edge = e;
            chain.referencingIsLeft = m_layer.at(from) < m_layer.at(to);
            const int left = chain.referencingIsLeft ? from : to;
            const int right = chain.referencingIsLeft ? to : from;
            const qreal fromPort = portOf(m_in.nodes.at(edge.from), edge.fromPort);
            const qreal toPort = portOf(m_in.nodes.at(edge.to), edge.toPort);
            const qreal leftPort = chain.referencingIsLeft ? fromPort : toPort;
            const qreal rightPort = chain.referencingIsLeft ? toPort : fromPort;
            int previous = left;
            qreal previousPort = leftPort;
            for (int l = m_layer.at(left) + 1; l < m_layer.at(right); ++l) {
                const int dummy = int(m_slots.size());
                m_slots.append(Slot{-1, l, 0, DummyHeight, 0, 0});
                m_layers[l] << dummy;
                chain.segments << int(m_segments.size());
                m_segments.append(Segment{previous, dummy, previousPort, DummyHeight / 2, -1});
                previous = dummy;
                previousPort = DummyHeight / 2;
                ++m_block.dummies;
            }
            chain.segments << int(m_segments.size());
            m_segments.append(Segment{previous, right, previousPort, rightPort, -1});
            m_chains << chain;
        }
        for (int e = 0; e < m_in.edges.size(); ++e) {
            const auto &edge = m_in.edges.at(e);
            if (edge.from != edge.to || !m_local.contains(edge.from))
                continue;
            const auto &node = m_in.nodes.at(edge.from);
            SelfLoop loop{e, m_local.value(edge.from), portOf(node, edge.fromPort), portOf(node, edge.toPort), -1};
            if (std::abs(loop.fromPort - loop.toPort) < 1)
                loop.toPort = loop.fromPort > 12 ? loop.fromPort - 10 : loop.fromPort + 10;
            m_loops << loop;
        }
        m_leftOf.resize(m_slots.size());
        m_rightOf.resize(m_slots.size());
        for (int s = 0; s < m_segments.size(); ++s) {
            m_rightOf[m_segments.at(s).left] << s;
            m_leftOf[m_segments.at(s).right] << s;
        }
    }

    qreal position(int slot, qreal port) const
    {
        const Slot &s = m_slots.at(slot);
        return s.order + (s.height > 0 ? std::clamp(port / s.height, 0.0, 0.999) : 0.5);
    }

    int crossingsBetween(int layer) const
    {
        QList<QPair<qreal, qreal>> ends;
        for (int slot : m_layers.at(layer)) {
            for (int s : m_rightOf.at(slot)) {
                const Segment &seg = m_segments.at(s);
                ends.append({position(seg.left, seg.leftPort), position(seg.right, seg.rightPort)});
            }
        }
        std::sort(ends.begin(), ends.end());
        QList<qreal> right, scratch(ends.size());
        right.reserve(ends.size());
        for (const auto &end : std::as_const(ends))
            right << end.second;
        return int(countInversions(right, scratch, 0, right.size()));
    }

    int totalCrossings() const
    {
        int total = 0;
        for (int l = 0; l + 1 < m_layerCount; ++l)
            total += crossingsBetween(l);
        return total;
    }

    void renumber(int layer)
    {
        const QList<int> &layerSlots = m_layers.at(layer);
        for (int i = 0; i < layerSlots.size(); ++i)
            m_slots[layerSlots.at(i)].order = i;
    }

    // Barycentre ordering: each slot goes where its neighbours in the layer
    // just placed are, in sweeps right and left; the best order seen wins.
    void sortLayer(int layer, bool byLeft)
    {
        QList<int> &layerSlots = m_layers[layer];
        QList<QPair<qreal, int>> keyed;
        keyed.reserve(layerSlots.size());
        for (int slot : std::as_const(layerSlots)) {
            qreal sum = 0;
            int count = 0;
            for (int s : byLeft ? m_leftOf.at(slot) : m_rightOf.at(slot)) {
                const Segment &seg = m_segments.at(s);
                sum += byLeft ? position(seg.left, seg.leftPort) : position(seg.right, seg.rightPort);
                ++count;
            }
            keyed.append({count ? sum / count : m_slots.at(slot).order + 0.5, slot});
        }
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto &a, const auto &b) { return a.first < b.first; });
        for (int i = 0; i < keyed.size(); ++i)
            layerSlots[i] = keyed.at(i).second;
        renumber(layer);
    }

    void order()
    {
        for (int l = 0; l < m_layerCount; ++l)
            renumber(l);
        for (int l = 1; l < m_layerCount; ++l)
            sortLayer(l, true);
        QList<QList<int>> best = m_layers;
        int bestCrossings = totalCrossings();
        for (int sweep = 0; sweep < m_in.orderingSweeps && bestCrossings > 0; ++sweep) {
            for (int l = m_layerCount - 2; l >= 0; --l)
                sortLayer(l, false);
            for (int l = 1; l < m_layerCount; ++l)
                sortLayer(l, true);
            const int crossings = totalCrossings();
            if (crossings < bestCrossings) {
                bestCrossings = crossings;
                best = m_layers;
            }
        }
        m_layers = best;
        for (int l = 0; l < m_layerCount; ++l)
            renumber(l);
        m_block.crossings = bestCrossings;
    }

    // Each slot as near as the gaps allow to where its edges come from, so
    // that most edges run straight across a channel.
    void placeVertically()
    {
        for (int l = 0; l < m_layerCount; ++l) {
            qreal y = 0;
            for (int slot : m_layers.at(l)) {
                m_slots[slot].y = y;
                y += m_slots.at(slot).height + m_in.nodeGap;
            }
        }
        const auto pass = [this](int layer, bool left, bool right) {
            const QList<int> &layerSlots = m_layers.at(layer);
            QList<qreal> wished, weights;
            wished.reserve(layerSlots.size());
            weights.reserve(layerSlots.size());
            for (int slot : layerSlots) {
                qreal sum = 0;
                int count = 0;
                const auto add = [&](const QList<int> &segments, bool slotIsLeft) {
                    for (int s : segments) {
                        const Segment &seg = m_segments.at(s);
                        const int other = slotIsLeft ? seg.right : seg.left;
                        const qreal otherPort = slotIsLeft ? seg.rightPort : seg.leftPort;
                        const qreal ownPort = slotIsLeft ? seg.leftPort : seg.rightPort;
                        sum += m_slots.at(other).y + otherPort - ownPort;
                        ++count;
                    }
                };
                if (left)
                    add(m_leftOf.at(slot), false);
                if (right)
                    add(m_rightOf.at(slot), true);
                wished << (count ? sum / count : m_slots.at(slot).y);
                // Dummies weigh more: a straight passage is worth more than
                // a card's exact height.
                weights << (count ? count * (m_slots.at(slot).card < 0 ? 2.0 : 1.0) : 0.05);
            }
            placeLayer(m_slots, layerSlots, wished, weights, m_in.nodeGap);
        };
        for (int round = 0; round < 4; ++round) {
            for (int l = 1; l < m_layerCount; ++l)
                pass(l, true, false);
            for (int l = m_layerCount - 2; l >= 0; --l)
                pass(l, false, true);
        }
        for (int l = 0; l < m_layerCount; ++l)
            pass(l, true, true);
        qreal top = std::numeric_limits<qreal>::max();
        for (const Slot &s : std::as_const(m_slots))
            top = std::min(top, s.y);
        for (Slot &s : m_slots)
            s.y -= top;
    }

    // Vertical runs get tracks in the channel right of their layer, packed
    // by the left-edge algorithm (fewest tracks, no two runs overlapping on
    // one track); then the layers are set apart by their channels' widths.
    void route()
    {
        struct Run
        {
            qreal lo, hi;
            int segment; // >= 0: a segment; < 0: ~loop index
        };
        QList<QList<Run>> runs(m_layerCount);
        for (int s = 0; s < m_segments.size(); ++s) {
            const Segment &seg = m_segments.at(s);
            const qreal a = m_slots.at(seg.left).y + seg.leftPort;
            const qreal b = m_slots.at(seg.right).y + seg.rightPort;
            if (std::abs(a - b) >= 0.01)
                runs[m_slots.at(seg.left).layer].append({std::min(a, b), std::max(a, b), s});
        }
        for (int i = 0; i < m_loops.size(); ++i) {
            const SelfLoop &loop = m_loops.at(i);
            const Slot &slot = m_slots.at(loop.slot);
            runs[slot.layer].append({slot.y + std::min(loop.fromPort, loop.toPort),
                                     slot.y + std::max(loop.fromPort, loop.toPort), ~i});
        }
        QList<int> trackCount(m_layerCount, 0);
        for (int l = 0; l < m_layerCount; ++l) {
            QList<Run> &list = runs[l];
            std::stable_sort(list.begin(), list.end(), [](const Run &a, const Run &b) {
                return a.lo != b.lo ? a.lo < b.lo : a.hi < b.hi;
            });
            QList<qreal> trackEnds;
            for (const Run &run : std::as_const(list)) {
                int track = 0;
                while (track < trackEnds.size() && trackEnds.at(track) + m_in.trackGap > run.lo)
                    ++track;
                if (track == trackEnds.size())
                    trackEnds << run.hi;
                else
                    trackEnds[track] = run.hi;
                if (run.segment >= 0)
                    m_segments[run.segment].track = track;
                else
                    m_loops[~run.segment].track = track;
            }
            trackCount[l] = int(trackEnds.size());
        }
        // Layer x and width; channel width from its tracks.
        QList<qreal> layerX(m_layerCount, 0), layerWidth(m_layerCount, 0), channelWidth(m_layerCount, 0);
        for (const Slot &s : std::as_const(m_slots))
            layerWidth[s.layer] = std::max(layerWidth.at(s.layer), s.width);
        for (int l = 0; l < m_layerCount; ++l) {
            const bool last = l == m_layerCount - 1;
            const qreal needed = (trackCount.at(l) + 1) * m_in.trackGap + 16;
            channelWidth[l] = last && trackCount.at(l) == 0 ? 0 : std::max(m_in.minChannel, needed);
            if (l > 0)
                layerX[l] = layerX.at(l - 1) + layerWidth.at(l - 1) + channelWidth.at(l - 1);
        }
        const auto trackX = [&](int layer, int track) {
            const qreal start = layerX.at(layer) + layerWidth.at(layer);
            const qreal used = (trackCount.at(layer) - 1) * m_in.trackGap;
            return start + (channelWidth.at(layer) - used) / 2 + track * m_in.trackGap;
        };

        qreal width = 0, height = 0;
        for (const Slot &s : std::as_const(m_slots)) {
            if (s.card < 0)
                continue;
            m_block.positions.append({s.card, QPointF(layerX.at(s.layer), s.y)});
            width = std::max(width, layerX.at(s.layer) + s.width + channelWidth.at(s.layer));
            height = std::max(height, s.y + s.height);
        }
        for (const Chain &chain : std::as_const(m_chains)) {
            QList<QPointF> points;
            const Segment &first = m_segments.at(chain.segments.first());
            const Slot &start = m_slots.at(first.left);
            points << QPointF(layerX.at(start.layer) + start.width, start.y + first.leftPort);
            for (int s : chain.segments) {
                const Segment &seg = m_segments.at(s);
                const Slot &left = m_slots.at(seg.left);
                const Slot &right = m_slots.at(seg.right);
                const qreal a = left.y + seg.leftPort, b = right.y + seg.rightPort;
                if (seg.track >= 0) {
                    const qreal x = trackX(left.layer, seg.track);
                    points << QPointF(x, a) << QPointF(x, b);
                }
                points << QPointF(layerX.at(right.layer), b);
                if (right.card < 0)
                    points << QPointF(layerX.at(right.layer) + layerWidth.at(right.layer), b);
            }
            if (!chain.referencingIsLeft)
                std::reverse(points.begin(), points.end());
            m_block.routes.append({chain.edge, simplify(points)});
        }
        for (const SelfLoop &loop : std::as_const(m_loops)) {
            const Slot &slot = m_slots.at(loop.slot);
            const qreal side = layerX.at(slot.layer) + slot.width;
            const qreal x = trackX(slot.layer, loop.track);
            m_block.routes.append({loop.edge, {QPointF(side, slot.y + loop.fromPort), QPointF(x, slot.y + loop.fromPort),
                                               QPointF(x, slot.y + loop.toPort), QPointF(side, slot.y + loop.toPort)}});
            width = std::max(width, x + m_in.trackGap);
        }
        m_block.size = QSizeF(width, height);
        m_block.layers = m_layerCount;
    }

    static QList<QPointF> simplify(const QList<QPointF> &points)
    {
        QList<QPointF> out;
        for (const QPointF &p : points) {
            if (!out.isEmpty() && qFuzzyCompare(out.last().x() + 1, p.x() + 1) && qFuzzyCompare(out.last().y() + 1, p.y() + 1))
                continue;
            if (out.size() >= 2) {
                const QPointF &a = out.at(out.size() - 2), &b = out.last();
                const bool sameX = std::abs(a.x() - b.x()) < 0.01 && std::abs(b.x() - p.x()) < 0.01;
                const bool sameY = std::abs(a.y() - b.y()) < 0.01 && std::abs(b.y() - p.y()) < 0.01;
                if (sameX || sameY)
                    out.removeLast();
            }
            out << p;
        }
        return out;
    }

    const DiagramLayoutInput &m_in;
    Block &m_block;
    QHash<int, int> m_local; // input node -> index in the block (looked up only, never iterated)
    QList<QList<QPair<int, int>>> m_children; // (child, edge) per parent
    QList<int> m_blockEdges;
    QSet<int> m_reversed; // looked up only
    QList<int> m_layer;
    int m_layerCount = 1;
    QList<Slot> m_slots;
    QList<QList<int>> m_layers;
    QList<Segment> m_segments;
    QList<Chain> m_chains;
    QList<SelfLoop> m_loops;
    QList<QList<int>> m_leftOf;  // segments ending at a slot from the left
    QList<QList<int>> m_rightOf; // segments leaving a slot to the right
};

int findRoot(QList<int> &parent, int v)
{
    while (parent.at(v) != v) {
        parent[v] = parent.at(parent.at(v));
        v = parent.at(v);
    }
    return v;
}

} // namespace

DiagramLayout layoutDiagram(const DiagramLayoutInput &input)
{
    const int n = int(input.nodes.size());
    DiagramLayout result;
    result.positions.fill(QPointF(), n);
    result.routes.resize(input.edges.size());
    if (n == 0)
        return result;

    // Blocks: the parts of the schema joined by foreign keys.
    QList<int> parent(n);
    std::iota(parent.begin(), parent.end(), 0);
    for (const auto &edge : input.edges) {
        if (edge.from < 0 || edge.from >= n || edge.to < 0 || edge.to >= n)
            continue;
        const int a = findRoot(parent, edge.from), b = findRoot(parent, edge.to);
        if (a != b)
            parent[std::max(a, b)] = std::min(a, b);
    }
    QList<int> blockOf(n, -1);
    QList<Block> blocks;
    for (int v = 0; v < n; ++v) {
        const int root = findRoot(parent, v);
        if (blockOf.at(root) < 0) {
            blockOf[root] = int(blocks.size());
            blocks.append(Block{});
        }
        blocks[blockOf.at(root)].cards << v;
    }
    for (Block &block : blocks) {
        BlockLayout(input, block).run();
        result.layers = std::max(result.layers, block.layers);
        result.crossings += block.crossings;
        result.dummyNodes += block.dummies;
    }

    // Shelf packing, largest blocks first, rows about as wide as the
    // aspect asks for.
    QList<int> packing(blocks.size());
    std::iota(packing.begin(), packing.end(), 0);
    std::stable_sort(packing.begin(), packing.end(), [&](int a, int b) {
        return blocks.at(a).cards.size() > blocks.at(b).cards.size();
    });
    qreal area = 0, widest = 0;
    for (const Block &block : std::as_const(blocks)) {
        area += (block.size.width() + input.blockGap) * (block.size.height() + input.blockGap);
        widest = std::max(widest, block.size.width());
    }
    const qreal rowWidth = std::max(widest, std::sqrt(area * input.aspect));
    qreal x = 0, y = 0, rowHeight = 0;
    for (int b : std::as_const(packing)) {
        const Block &block = blocks.at(b);
        if (x > 0 && x + block.size.width() > rowWidth) {
            x = 0;
            y += rowHeight + input.blockGap;
            rowHeight = 0;
        }
        const QPointF origin(x, y);
        for (const auto &[card, at] : block.positions)
            result.positions[card] = at + origin;
        for (const auto &[edge, points] : block.routes) {
            QList<QPointF> moved;
            moved.reserve(points.size());
            for (const QPointF &p : points)
                moved << p + origin;
            result.routes[edge] = moved;
        }
        x += block.size.width() + input.blockGap;
        rowHeight = std::max(rowHeight, block.size.height());
    }

    QRectF bounds;
    for (int v = 0; v < n; ++v)
        bounds |= result.cardRect(v, input);
    for (const QList<QPointF> &route : std::as_const(result.routes)) {
        for (const QPointF &p : route)
            bounds |= QRectF(p, QSizeF(0.01, 0.01));
    }
    result.bounds = bounds;
    return result;
}

} // namespace pm
