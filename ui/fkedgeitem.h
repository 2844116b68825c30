#pragma once

#include <QGraphicsPathItem>
#include <QList>
#include <QPointF>

#include "diagram/schemadiagram.h"
#include "ui/diagramstyle.h"

namespace pm {

// One foreign key on the schema diagram: an orthogonal line with rounded
// corners from the referencing column (a dot) to the referred table (an
// arrow). An added key is drawn heavier in the added colour, a removed one
// dashed in the removed colour; its tooltip says which columns it joins.
class FkEdgeItem final : public QGraphicsPathItem
{
public:
    FkEdgeItem(const DiagramEdge &edge, const QString &fromTable, const QString &toTable, QList<QPointF> route,
               const DiagramStyle &style, QGraphicsItem *parent = nullptr);

    enum { Type = UserType + 2 };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const DiagramEdge &edge() const { return m_edge; }
    const QList<QPointF> &route() const { return m_route; }
    // Drawn stronger while one of its tables is selected.
    void setEmphasized(bool emphasized);
    bool isEmphasized() const { return m_emphasized; }

private:
    DiagramEdge m_edge;
    QList<QPointF> m_route;
    DiagramStyle m_style;
    bool m_emphasized = false;
};

} // namespace pm
