#pragma once

#include <QGraphicsView>

namespace pm {

class SchemaScene;
struct SchemaElementRef;

// The schema diagram's view: drag the background to pan, Ctrl+wheel to
// zoom about the pointer (the panel's actions add Ctrl++, Ctrl+- and Ctrl+0
// to fit the whole diagram). Follows the palette: a light or dark desktop
// redraws the scene in its colours.
class SchemaView final : public QGraphicsView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchemaView)

public:
    explicit SchemaView(SchemaScene *scene, QWidget *parent = nullptr);

    SchemaScene *schemaScene() const { return m_scene; }
    qreal zoom() const;
    void setZoom(qreal zoom);
    void zoomBy(qreal factor);
    // The whole diagram in view (never magnified beyond 1:1); it stays
    // fitted as the view is resized until the user zooms or pans.
    void fitAll();
    // Scrolls to an element (a table's card, a column's row), zoomed in to
    // where it can be read.
    void reveal(const SchemaElementRef &element);

    static constexpr qreal MinZoom = 0.03;
    static constexpr qreal MaxZoom = 4.0;

Q_SIGNALS:
    void zoomChanged(qreal zoom);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    SchemaScene *m_scene;
    // Fitted and not zoomed or moved since: a resize fits again.
    bool m_fitted = true;
};

} // namespace pm
