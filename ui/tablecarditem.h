#pragma once

#include <functional>

#include <QGraphicsItem>
#include <QList>
#include <QStringList>

#include "diagram/schemadiagram.h"
#include "ui/diagramstyle.h"

namespace pm {

// One table of the schema diagram: a card with the table's name, a row per
// column (type, marks for primary key, foreign key, unique, indexed, NOT
// NULL), its constraints and indexes, and under each element what a change
// does to it. A changed element shows old → new; a removed one stays,
// struck through; each state has a text mark beside its colour; impact
// findings and drift sit on a line of their own under their element.
//
// Rows are measured once, when the card is made, so the layout knows the
// card's size and where each column's row is (its port for an edge).
class TableCardItem final : public QGraphicsItem
{
public:
    struct Row
    {
        enum class Kind { Header, Column, Finding, Section, Constraint, Index };
        Kind kind = Kind::Column;
        SchemaElementRef element; // what the row is about (a finding: its element)
        ElementChange change = ElementChange::Unchanged;
        QString mark;      // "+", "−", "~", "→" (renamed), "⚠", "✖", "≠"
        QString name;      // column, index or constraint name; the header's table name
        QString detail;    // type (old → new), definition, finding text
        QStringList flags; // "PK", "FK", "U", "IX", "NN"; header: "NEW", "DROPPED", "REBUILT", ...
        bool struck = false;
        QColor colour;     // of its state; the text colour when unchanged
        qreal y = 0;
        qreal height = 0;
        int source = -1;  // index into the table's columns, constraints or indexes
        QString toolTip;  // a finding's whole text; other rows' are written on hover
    };

    TableCardItem(const DiagramTable &table, const DiagramStyle &style, SchemaDiagram::Kind kind,
                  QGraphicsItem *parent = nullptr);

    enum { Type = UserType + 1 };
    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    const DiagramTable &table() const { return m_table; }
    const QList<Row> &rows() const { return m_rows; }
    QSizeF size() const { return m_size; }
    // The row showing `element` (the header for the table itself), or -1.
    int rowOf(const SchemaElementRef &element) const;
    // Where an edge meets the row of column `column` (from the card's top);
    // the header's middle when there is no such row.
    qreal portOf(const QString &column) const;
    // The port of every column row, in table.columns order (the layout's input).
    QList<qreal> ports() const;

    // The row drawn as selected (-1: none; 0: the header, i.e. the table).
    void setSelectedRow(int row);
    int selectedRow() const { return m_selectedRow; }
    // Called with the element a click lands on.
    void setOnClicked(std::function<void(const SchemaElementRef &)> onClicked) { m_onClicked = std::move(onClicked); }

    // Everything the card says, one line per row, for tests and export checks.
    QStringList textLines() const;
    // What hovering over a row shows.
    QString toolTipOf(int row) const;

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void hoverMoveEvent(QGraphicsSceneHoverEvent *event) override;

private:
    void build(SchemaDiagram::Kind kind);
    void addFindings(const QList<DiagramFinding> &findings);
    void measure();
    int rowAt(qreal y) const;
    void paintDetailed(QPainter *painter) const;
    QString stateText(ElementChange change) const;

    DiagramTable m_table;
    DiagramStyle m_style;
    QList<Row> m_rows;
    QSizeF m_size;
    qreal m_markWidth = 0;
    qreal m_nameWidth = 0;
    qreal m_detailWidth = 0;
    int m_selectedRow = -1;
    bool m_drift = false;
    std::function<void(const SchemaElementRef &)> m_onClicked;
};

} // namespace pm
