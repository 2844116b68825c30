#pragma once

#include <memory>

#include <QGraphicsScene>
#include <QList>
#include <QPointer>

#include "diagram/diagramlayout.h"
#include "diagram/schemadiagram.h"
#include "ui/diagramstyle.h"

class QGraphicsSimpleTextItem;
class QThread;

namespace pm {

class FkEdgeItem;
class TableCardItem;

// The schema diagram as a scene: a TableCardItem per table and an
// FkEdgeItem per foreign key, placed by the layered layout of core/diagram.
// Cards are measured here (fonts are the window's); the layout itself needs
// none, so a large schema is laid out on a thread of its own and the window
// stays responsive meanwhile (laidOut() says when it is drawn).
//
// One element at a time is selected (a table, column, index or constraint),
// by a click on the canvas or from outside (the change list, the script).
class SchemaScene final : public QGraphicsScene
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SchemaScene)

public:
    explicit SchemaScene(QObject *parent = nullptr);
    ~SchemaScene() override;

    void setDiagram(const SchemaDiagram &diagram);
    // No diagram, a sentence in its place ("Open a database to see its schema.").
    void showMessage(const QString &message);
    const SchemaDiagram &diagram() const { return m_diagram; }
    QString message() const;

    // Above this many tables the layout runs on a thread (default 150).
    void setAsyncThreshold(int tables) { m_asyncThreshold = tables; }
    bool isLayingOut() const { return m_layingOut; }
    const DiagramLayout &layout() const { return m_layout; }
    // Where the diagram is drawn: every card and edge, with a margin.
    QRectF diagramRect() const;

    // Colours and fonts (the palette changed: light/dark); redraws in place.
    void setStyle(const DiagramStyle &style);
    const DiagramStyle &style() const { return m_style; }

    const QList<TableCardItem *> &cards() const { return m_cards; }
    const QList<FkEdgeItem *> &edges() const { return m_edges; }
    TableCardItem *card(const QString &table, const QString &schema = {}) const;
    // The card showing `element` (after renames: an old name finds it too).
    TableCardItem *cardOf(const SchemaElementRef &element) const;

    // Shows `element` as selected (an empty ref clears); no signal.
    void selectElement(const SchemaElementRef &element);
    SchemaElementRef selectedElement() const { return m_selected; }

Q_SIGNALS:
    // The user clicked an element on the canvas.
    void elementClicked(const SchemaElementRef &element);
    // The diagram set last is laid out and drawn.
    void laidOut();

private:
    void build();
    void makeCards();
    void place(const DiagramLayout &layout);
    DiagramLayoutInput layoutInput() const;

    DiagramStyle m_style;
    SchemaDiagram m_diagram;
    DiagramLayout m_layout;
    QList<TableCardItem *> m_cards; // in m_diagram.tables() order
    QList<FkEdgeItem *> m_edges;    // in m_diagram.edges() order
    QGraphicsSimpleTextItem *m_message = nullptr;
    SchemaElementRef m_selected;
    int m_asyncThreshold = 150;
    bool m_layingOut = false;
    quint64 m_generation = 0;
    QPointer<QThread> m_thread;
};

} // namespace pm
