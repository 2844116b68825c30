#include "ui/schemaview.h"

#include <QWheelEvent>

#include "ops/schemaelement.h"
#include "ui/schemascene.h"
#include "ui/tablecarditem.h"

namespace pm {

SchemaView::SchemaView(SchemaScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setObjectName(QStringLiteral("schemaView"));
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setOptimizationFlag(QGraphicsView::DontSavePainterState);
    setFocusPolicy(Qt::StrongFocus);
    connect(scene, &SchemaScene::laidOut, this, &SchemaView::fitAll);
    m_scene->setStyle(DiagramStyle::fromPalette(palette(), font()));
}

qreal SchemaView::zoom() const
{
    return transform().m11();
}

void SchemaView::setZoom(qreal zoom)
{
    zoom = std::clamp(zoom, MinZoom, MaxZoom);
    m_fitted = false;
    if (qFuzzyCompare(zoom, this->zoom()))
        return;
    setTransform(QTransform::fromScale(zoom, zoom));
    Q_EMIT zoomChanged(zoom);
}

void SchemaView::zoomBy(qreal factor)
{
    setZoom(zoom() * factor);
}

void SchemaView::fitAll()
{
    const QRectF rect = m_scene->diagramRect();
    if (rect.isEmpty())
        return;
    fitInView(rect, Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        setTransform(QTransform());
    else if (zoom() < MinZoom)
        setTransform(QTransform::fromScale(MinZoom, MinZoom));
    centerOn(rect.center());
    m_fitted = true;
    Q_EMIT zoomChanged(zoom());
}

void SchemaView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (m_fitted)
        fitAll();
}

void SchemaView::mousePressEvent(QMouseEvent *event)
{
    m_fitted = false; // a drag pans, a click selects: either way, leave the view be
    QGraphicsView::mousePressEvent(event);
}

void SchemaView::reveal(const SchemaElementRef &element)
{
    TableCardItem *card = m_scene->cardOf(element);
    if (!card)
        return;
    m_fitted = false;
    if (zoom() < 0.8)
        setZoom(1.0);
    const int row = card->rowOf(m_scene->selectedElement());
    QRectF target = card->sceneBoundingRect();
    if (row > 0) {
        const auto &r = card->rows().at(row);
        target = QRectF(card->scenePos() + QPointF(0, r.y), QSizeF(card->size().width(), r.height));
    }
    // The card's top stays in view when it is taller than the view.
    ensureVisible(card->sceneBoundingRect().adjusted(0, 0, 0, -std::max(0.0, card->size().height() - 200)), 40, 40);
    ensureVisible(target, 40, 40);
}

void SchemaView::wheelEvent(QWheelEvent *event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const qreal steps = event->angleDelta().y() / 120.0;
        if (steps != 0)
            zoomBy(std::pow(1.15, steps));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void SchemaView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::FontChange)
        m_scene->setStyle(DiagramStyle::fromPalette(palette(), font()));
    QGraphicsView::changeEvent(event);
}

} // namespace pm
