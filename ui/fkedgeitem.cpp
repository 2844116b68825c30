#include "ui/fkedgeitem.h"

#include <QPainter>
#include <QPainterPathStroker>
#include <QStyleOptionGraphicsItem>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

constexpr qreal Radius = 5;
constexpr qreal Arrow = 7;

// The route with its corners rounded; the last segment stops short of the
// card so that the arrow head ends on its border.
QPainterPath roundedPath(const QList<QPointF> &points)
{
    QPainterPath path;
    if (points.size() < 2)
        return path;
    path.moveTo(points.first());
    for (qsizetype i = 1; i + 1 < points.size(); ++i) {
        const QPointF &prev = points.at(i - 1), &corner = points.at(i), &next = points.at(i + 1);
        const QLineF in(prev, corner), out(corner, next);
        const qreal r = std::min({Radius, in.length() / 2, out.length() / 2});
        if (r < 0.5) {
            path.lineTo(corner);
            continue;
        }
        path.lineTo(in.pointAt(1 - r / in.length()));
        path.quadTo(corner, out.pointAt(r / out.length()));
    }
    const QLineF last(points.at(points.size() - 2), points.last());
    path.lineTo(last.length() > Arrow ? last.pointAt(1 - Arrow / last.length()) : points.last());
    return path;
}

} // namespace

FkEdgeItem::FkEdgeItem(const DiagramEdge &edge, const QString &fromTable, const QString &toTable,
                       QList<QPointF> route, const DiagramStyle &style, QGraphicsItem *parent)
    : QGraphicsPathItem(parent)
    , m_edge(edge)
    , m_route(std::move(route))
    , m_style(style)
{
    setPath(roundedPath(m_route));
    setZValue(-1); // under the cards it joins
    QString tip = u"%1 (%2) → %3 (%4)"_s.arg(fromTable, edge.fromColumns.join(u", "_s), toTable,
                                              edge.toColumns.join(u", "_s));
    if (!edge.constraintName.isEmpty())
        tip += u"\n"_s + edge.constraintName;
    if (edge.change == ElementChange::Added)
        tip += QObject::tr("\nadded");
    else if (edge.change == ElementChange::Removed)
        tip += QObject::tr("\nremoved");
    setToolTip(tip);
}

QRectF FkEdgeItem::boundingRect() const
{
    return QGraphicsPathItem::boundingRect().adjusted(-Arrow - 4, -Arrow - 4, Arrow + 4, Arrow + 4);
}

QPainterPath FkEdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(8);
    return stroker.createStroke(path());
}

void FkEdgeItem::setEmphasized(bool emphasized)
{
    if (emphasized == m_emphasized)
        return;
    m_emphasized = emphasized;
    setZValue(emphasized ? 1 : -1);
    update();
}

void FkEdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    if (m_route.size() < 2)
        return;
    QColor colour = m_edge.change == ElementChange::Unchanged ? m_style.edge : m_style.colourOf(m_edge.change);
    qreal width = m_edge.change == ElementChange::Added ? 2.2 : 1.3;
    if (m_emphasized) {
        colour = m_style.selection;
        width += 1;
    }
    QPen pen(colour, width);
    pen.setCapStyle(Qt::FlatCap);
    pen.setJoinStyle(Qt::RoundJoin);
    if (m_edge.change == ElementChange::Removed)
        pen.setStyle(Qt::DashLine);
    // Zoomed far out, a line a pixel wide whatever the scale: still there.
    if (option->levelOfDetailFromTransform(painter->worldTransform()) < 0.5)
        pen.setCosmetic(true);
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(path());

    // The referencing end: a dot on the column; the referred end: an arrow.
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawEllipse(m_route.first(), 2.8, 2.8);
    const QLineF last(m_route.at(m_route.size() - 2), m_route.last());
    if (last.length() < 0.5)
        return;
    const QPointF tip = m_route.last();
    const QPointF back = last.unitVector().p2() - last.p1();
    const QPointF normal(-back.y(), back.x());
    const QPolygonF head{tip, tip - back * Arrow + normal * (Arrow / 2), tip - back * Arrow - normal * (Arrow / 2)};
    painter->drawPolygon(head);
}

} // namespace pm
