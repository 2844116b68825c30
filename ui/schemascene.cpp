#include "ui/schemascene.h"

#include <QApplication>
#include <QGraphicsSimpleTextItem>
#include <QPalette>
#include <QThread>

#include "ui/fkedgeitem.h"
#include "ui/tablecarditem.h"

using namespace Qt::StringLiterals;

namespace pm {

SchemaScene::SchemaScene(QObject *parent)
    : QGraphicsScene(parent)
    , m_style(DiagramStyle::fromPalette(QApplication::palette(), QApplication::font()))
{
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    setBackgroundBrush(m_style.canvas);
}

SchemaScene::~SchemaScene()
{
    // The thread only touches its own copy of the input and a shared
    // result; it must not outlive the process's event loop unfinished.
    if (m_thread)
        m_thread->wait();
}

QString SchemaScene::message() const
{
    return m_message ? m_message->text() : QString();
}

void SchemaScene::showMessage(const QString &text)
{
    ++m_generation;
    m_layingOut = false;
    m_diagram = SchemaDiagram();
    m_layout = DiagramLayout();
    m_selected = {};
    m_cards.clear();
    m_edges.clear();
    clear();
    m_message = addSimpleText(text, m_style.font);
    m_message->setBrush(m_style.mutedText);
    m_message->setPos(-m_message->boundingRect().width() / 2, -m_message->boundingRect().height() / 2);
    setSceneRect(m_message->sceneBoundingRect().adjusted(-40, -40, 40, 40));
}

void SchemaScene::setDiagram(const SchemaDiagram &diagram)
{
    m_diagram = diagram;
    build();
}

void SchemaScene::setStyle(const DiagramStyle &style)
{
    const bool fontChanged = style.font != m_style.font;
    m_style = style;
    setBackgroundBrush(m_style.canvas);
    if (m_message) {
        m_message->setBrush(m_style.mutedText);
        return;
    }
    if (m_layingOut || m_cards.isEmpty())
        return;
    if (fontChanged) {
        build(); // other sizes: laid out again
        return;
    }
    // Same fonts, same sizes: the layout stands; only the items are redrawn.
    const SchemaElementRef selected = m_selected;
    const DiagramLayout layout = m_layout;
    makeCards();
    place(layout);
    selectElement(selected);
}

void SchemaScene::makeCards()
{
    m_cards.clear();
    m_edges.clear();
    m_message = nullptr;
    clear();
    for (const DiagramTable &table : m_diagram.tables()) {
        auto *card = new TableCardItem(table, m_style, m_diagram.kind());
        card->setOnClicked([this](const SchemaElementRef &element) {
            selectElement(element);
            Q_EMIT elementClicked(element);
        });
        card->setVisible(false); // until placed
        addItem(card);
        m_cards << card;
    }
}

DiagramLayoutInput SchemaScene::layoutInput() const
{
    DiagramLayoutInput input;
    for (const TableCardItem *card : m_cards)
        input.nodes << DiagramLayoutInput::Node{card->size(), card->ports()};
    for (const DiagramEdge &edge : m_diagram.edges()) {
        const DiagramTable &from = m_diagram.tables().at(edge.fromTable);
        const DiagramTable &to = m_diagram.tables().at(edge.toTable);
        input.edges << DiagramLayoutInput::Edge{edge.fromTable, from.columnIndex(edge.fromColumns.value(0)),
                                                edge.toTable, to.columnIndex(edge.toColumns.value(0))};
    }
    return input;
}

void SchemaScene::build()
{
    const quint64 generation = ++m_generation;
    m_layingOut = false;
    m_selected = {};
    makeCards();
    const DiagramLayoutInput input = layoutInput();
    if (m_cards.size() <= m_asyncThreshold) {
        place(layoutDiagram(input));
        return;
    }
    m_layingOut = true;
    m_message = addSimpleText(tr("Laying out %n table(s)…", nullptr, int(m_cards.size())), m_style.font);
    m_message->setBrush(m_style.mutedText);
    setSceneRect(m_message->sceneBoundingRect().adjusted(-40, -40, 40, 40));
    auto result = std::make_shared<DiagramLayout>();
    QThread *thread = QThread::create([input, result] { *result = layoutDiagram(input); });
    thread->setObjectName(u"diagram layout"_s);
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, [this, generation, result] {
        if (generation != m_generation)
            return; // another diagram came meanwhile
        m_layingOut = false;
        if (m_message) {
            removeItem(m_message);
            delete m_message;
            m_message = nullptr;
        }
        place(*result);
    });
    if (m_thread)
        m_thread->wait(); // one at a time; the previous one's result is dropped
    m_thread = thread;
    thread->start(QThread::LowPriority);
}

void SchemaScene::place(const DiagramLayout &layout)
{
    m_layout = layout;
    for (int i = 0; i < m_cards.size(); ++i) {
        m_cards.at(i)->setPos(layout.positions.value(i));
        m_cards.at(i)->setVisible(true);
    }
    const QList<DiagramEdge> &edges = m_diagram.edges();
    for (int e = 0; e < edges.size(); ++e) {
        const DiagramEdge &edge = edges.at(e);
        auto *item = new FkEdgeItem(edge, m_diagram.tables().at(edge.fromTable).qualifiedName(),
                                    m_diagram.tables().at(edge.toTable).qualifiedName(), layout.routes.value(e), m_style);
        addItem(item);
        m_edges << item;
    }
    setSceneRect(diagramRect());
    Q_EMIT laidOut();
}

QRectF SchemaScene::diagramRect() const
{
    if (m_cards.isEmpty())
        return m_message ? m_message->sceneBoundingRect().adjusted(-40, -40, 40, 40) : QRectF();
    return m_layout.bounds.adjusted(-40, -40, 40, 40);
}

TableCardItem *SchemaScene::card(const QString &table, const QString &schema) const
{
    const int index = m_diagram.tableIndex(table, schema);
    return index >= 0 && index < m_cards.size() ? m_cards.at(index) : nullptr;
}

TableCardItem *SchemaScene::cardOf(const SchemaElementRef &element) const
{
    const SchemaDiagram::Location at = m_diagram.locate(element);
    if (at.isValid() && at.table < m_cards.size())
        return m_cards.at(at.table);
    const SchemaDiagram::Location table = m_diagram.locate(element.tableRef());
    return table.isValid() && table.table < m_cards.size() ? m_cards.at(table.table) : nullptr;
}

void SchemaScene::selectElement(const SchemaElementRef &element)
{
    for (TableCardItem *card : std::as_const(m_cards))
        card->setSelectedRow(-1);
    for (FkEdgeItem *edge : std::as_const(m_edges))
        edge->setEmphasized(false);
    m_selected = {};
    TableCardItem *card = cardOf(element);
    if (!card)
        return;
    SchemaDiagram::Location at = m_diagram.locate(element);
    if (!at.isValid())
        at = m_diagram.locate(element.tableRef());
    m_selected = m_diagram.refAt(at);
    const int row = card->rowOf(m_selected);
    card->setSelectedRow(row < 0 ? 0 : row);
    // The table's foreign keys, both ways, stand out with it.
    for (FkEdgeItem *edge : std::as_const(m_edges)) {
        const bool mine = edge->edge().fromTable == at.table || edge->edge().toTable == at.table;
        if (!mine)
            continue;
        if (at.kind == SchemaElementRef::Kind::Table)
            edge->setEmphasized(true);
        else if (at.kind == SchemaElementRef::Kind::Column) {
            const QString column = m_selected.name;
            edge->setEmphasized((edge->edge().fromTable == at.table && edge->edge().fromColumns.contains(column))
                                || (edge->edge().toTable == at.table && edge->edge().toColumns.contains(column)));
        }
    }
}

} // namespace pm
