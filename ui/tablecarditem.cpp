#include "ui/tablecarditem.h"

#include <QFontMetricsF>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsSceneMouseEvent>
#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include "diagram/elementtext.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

constexpr qreal Padding = 8;
constexpr qreal Gap = 12;
constexpr qreal FlagGap = 3;
constexpr qreal MaxDetail = 340;
constexpr qreal MaxSpan = 440;

QString orNone(const QString &text)
{
    return text.isEmpty() ? u"∅"_s : text;
}

QString findingLine(const DiagramFinding &finding)
{
    switch (finding.kind) {
    case DiagramFinding::Kind::WillFail:
        return finding.text.contains(u"fail"_s) ? finding.text : finding.text + u": this step will fail"_s;
    case DiagramFinding::Kind::Destroys:
    case DiagramFinding::Kind::Drift:
        break;
    }
    return finding.text;
}

} // namespace

TableCardItem::TableCardItem(const DiagramTable &table, const DiagramStyle &style, SchemaDiagram::Kind kind,
                             QGraphicsItem *parent)
    : QGraphicsItem(parent)
    , m_table(table)
    , m_style(style)
{
    setAcceptHoverEvents(true);
    setFlag(ItemUsesExtendedStyleOption, false);
    build(kind);
    measure();
}

void TableCardItem::addFindings(const QList<DiagramFinding> &findings)
{
    for (const DiagramFinding &finding : findings) {
        if (finding.kind == DiagramFinding::Kind::Destroys && finding.rows == 0)
            continue; // nothing to lose: the element's own mark says enough
        Row row;
        row.kind = Row::Kind::Finding;
        row.element = finding.element;
        row.mark = ElementMarks::of(finding.kind);
        row.detail = findingLine(finding);
        row.colour = m_style.colourOf(finding.kind);
        row.toolTip = finding.text
                      + (finding.line > 0 ? QObject::tr("\n(line %1 of the script)").arg(finding.line) : QString());
        m_rows << row;
    }
}

void TableCardItem::build(SchemaDiagram::Kind kind)
{
    const bool drift = kind == SchemaDiagram::Kind::Drift;
    m_drift = drift;
    Row header;
    header.kind = Row::Kind::Header;
    header.element = m_table.ref();
    header.change = m_table.change;
    header.name = m_table.isRenamed() ? m_table.oldName + u" → "_s + m_table.qualifiedName() : m_table.qualifiedName();
    header.mark = m_table.isRenamed() && m_table.change == ElementChange::Changed ? QString(ElementMarks::Renamed)
                                                                                   : ElementMarks::of(m_table.change);
    header.struck = m_table.change == ElementChange::Removed;
    header.colour = m_table.change == ElementChange::Unchanged ? m_style.headerText : m_style.colourOf(m_table.change);
    if (m_table.change == ElementChange::Added)
        header.flags << (drift ? QObject::tr("NOT IN MIGRATIONS") : QObject::tr("NEW"));
    if (m_table.change == ElementChange::Removed)
        header.flags << (drift ? QObject::tr("MISSING") : QObject::tr("DROPPED"));
    if (m_table.isRenamed())
        header.flags << QObject::tr("RENAMED");
    if (m_table.rebuilt)
        header.flags << QObject::tr("REBUILT");
    m_rows << header;
    addFindings(m_table.findings);

    for (const DiagramColumn &c : std::as_const(m_table.columns)) {
        Row row;
        row.kind = Row::Kind::Column;
        row.element = SchemaElementRef::ofColumn(m_table.name, c.name, m_table.schema);
        row.change = c.change;
        const bool onlyRenamed = c.isRenamed() && !c.typeChanged() && !c.nullabilityChanged() && !c.defaultChanged();
        row.mark = onlyRenamed ? QString(ElementMarks::Renamed) : ElementMarks::of(c.change);
        row.name = c.isRenamed() ? c.oldName + u" → "_s + c.name : c.name;
        QStringList detail;
        detail << (c.typeChanged() ? typeText(c.before->type) + u" → "_s + typeText(c.after->type)
                                   : typeText(c.current().type));
        if (c.nullabilityChanged())
            detail << (c.after->nullable ? u"NOT NULL → NULL"_s : u"NULL → NOT NULL"_s);
        if (c.defaultChanged())
            detail << u"default %1 → %2"_s.arg(orNone(defaultText(c.before->serverDefault)),
                                                orNone(defaultText(c.after->serverDefault)));
        row.detail = detail.join(u"  "_s);
        if (c.primaryKey)
            row.flags << u"PK"_s;
        if (!c.references.isEmpty())
            row.flags << u"FK"_s;
        if (c.unique)
            row.flags << u"U"_s;
        if (c.indexed)
            row.flags << u"IX"_s;
        if (!c.current().nullable && !c.primaryKey)
            row.flags << u"NN"_s;
        row.struck = c.change == ElementChange::Removed;
        row.colour = m_style.colourOf(onlyRenamed ? ElementChange::Unchanged : c.change);
        if (onlyRenamed)
            row.colour = m_style.renamed;
        row.source = int(&c - m_table.columns.constData());
        m_rows << row;
        addFindings(c.findings);
    }

    if (!m_table.constraints.isEmpty()) {
        Row section;
        section.kind = Row::Kind::Section;
        section.element = m_table.ref();
        section.name = QObject::tr("constraints");
        section.colour = m_style.mutedText;
        m_rows << section;
    }
    for (const DiagramConstraint &c : std::as_const(m_table.constraints)) {
        Row row;
        row.kind = Row::Kind::Constraint;
        row.element = SchemaElementRef::ofConstraint(m_table.name, c.name, m_table.schema);
        row.change = c.change;
        row.mark = ElementMarks::of(c.change);
        row.name = c.name.isEmpty() ? QObject::tr("(unnamed)") : c.name;
        row.detail = c.text;
        row.struck = c.change == ElementChange::Removed;
        row.colour = m_style.colourOf(c.change);
        row.source = int(&c - m_table.constraints.constData());
        m_rows << row;
        addFindings(c.findings);
    }
    if (!m_table.indexes.isEmpty()) {
        Row section;
        section.kind = Row::Kind::Section;
        section.element = m_table.ref();
        section.name = QObject::tr("indexes");
        section.colour = m_style.mutedText;
        m_rows << section;
    }
    for (const DiagramIndex &i : std::as_const(m_table.indexes)) {
        Row row;
        row.kind = Row::Kind::Index;
        row.element = SchemaElementRef::ofIndex(m_table.name, i.name, m_table.schema);
        row.change = i.change;
        row.mark = ElementMarks::of(i.change);
        row.name = i.name;
        row.detail = (i.unique ? u"UNIQUE ("_s : u"("_s) + i.columns.join(u", "_s) + u')';
        row.struck = i.change == ElementChange::Removed;
        row.colour = m_style.colourOf(i.change);
        row.source = int(&i - m_table.indexes.constData());
        m_rows << row;
        addFindings(i.findings);
    }
}

void TableCardItem::measure()
{
    using Font = DiagramStyle::FontKind;
    const qreal rowHeight = m_style.lineHeight(Font::Normal) + 6;
    const auto width = [this](Font font, const QString &text) { return m_style.width(font, text); };
    const auto flagsWidth = [&](const QStringList &flags) {
        qreal w = 0;
        for (const QString &f : flags)
            w += width(Font::Small, f) + 8 + FlagGap;
        return w;
    };
    m_markWidth = width(Font::Normal, u"~"_s) + 6;
    qreal flags = 0, span = 0, header = 0, findings = 0;
    for (const Row &row : std::as_const(m_rows)) {
        m_markWidth = std::max(m_markWidth, width(Font::Normal, row.mark) + 6);
        switch (row.kind) {
        case Row::Kind::Header:
            header = width(Font::Bold, row.name) + Gap + flagsWidth(row.flags) + width(Font::Normal, row.mark) + 6;
            break;
        case Row::Kind::Column:
            m_nameWidth = std::max(m_nameWidth, width(Font::Normal, row.name));
            m_detailWidth = std::max(m_detailWidth, std::min(MaxDetail, width(Font::Normal, row.detail)));
            flags = std::max(flags, flagsWidth(row.flags));
            break;
        case Row::Kind::Section:
            span = std::max(span, width(Font::Small, row.name));
            break;
        case Row::Kind::Constraint:
        case Row::Kind::Index:
            span = std::max(span, std::min(MaxSpan, width(Font::Normal, row.name) + width(Font::Normal, u"  "_s)
                                                        + width(Font::Normal, row.detail)));
            break;
        case Row::Kind::Finding:
            findings = std::max(findings, width(Font::Normal, row.detail) + 16);
            break;
        }
    }
    const qreal grid = m_nameWidth + Gap + m_detailWidth + (flags > 0 ? Gap + flags : 0);
    qreal cardWidth = Padding * 2 + std::max({m_markWidth + grid, m_markWidth + span, header, qreal(140)});
    // A long finding widens a narrow card a little, never a wide one: the
    // rest is elided, and its tooltip has it all.
    cardWidth = std::max(cardWidth, std::min(Padding * 2 + m_markWidth + findings, std::max(cardWidth, qreal(320))));
    qreal y = 0;
    for (Row &row : m_rows) {
        row.y = y;
        row.height = row.kind == Row::Kind::Header    ? m_style.lineHeight(Font::Bold) + 12
                     : row.kind == Row::Kind::Section ? m_style.lineHeight(Font::Small) + 4
                                                      : rowHeight;
        y += row.height;
    }
    m_size = QSizeF(std::ceil(cardWidth), std::ceil(y + 4));
}

QRectF TableCardItem::boundingRect() const
{
    return QRectF(QPointF(-2, -2), m_size + QSizeF(4, 4));
}

int TableCardItem::rowOf(const SchemaElementRef &element) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        if (row.kind != Row::Kind::Finding && row.kind != Row::Kind::Section && row.element == element)
            return i;
    }
    return -1;
}

qreal TableCardItem::portOf(const QString &column) const
{
    const int row = rowOf(SchemaElementRef::ofColumn(m_table.name, column, m_table.schema));
    const Row &r = m_rows.at(row < 0 ? 0 : row);
    return r.y + r.height / 2;
}

QList<qreal> TableCardItem::ports() const
{
    QList<qreal> out;
    for (const DiagramColumn &c : std::as_const(m_table.columns))
        out << portOf(c.name);
    return out;
}

void TableCardItem::setSelectedRow(int row)
{
    if (row == m_selectedRow)
        return;
    m_selectedRow = row;
    update();
}

QStringList TableCardItem::textLines() const
{
    QStringList lines;
    for (const Row &row : m_rows) {
        QStringList parts;
        for (const QString &part : {row.mark, row.name, row.detail}) {
            if (!part.isEmpty())
                parts << part;
        }
        if (!row.flags.isEmpty())
            parts << u'[' + row.flags.join(u' ') + u']';
        lines << (row.struck ? u"~~"_s + parts.join(u' ') + u"~~"_s : parts.join(u' '));
    }
    return lines;
}

int TableCardItem::rowAt(qreal y) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (y >= m_rows.at(i).y && y < m_rows.at(i).y + m_rows.at(i).height)
            return i;
    }
    return -1;
}

void TableCardItem::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        event->ignore();
        return;
    }
    const int row = rowAt(event->pos().y());
    const SchemaElementRef element = row <= 0 || m_rows.at(row).kind == Row::Kind::Section ? m_table.ref()
                                                                                           : m_rows.at(row).element;
    if (m_onClicked)
        m_onClicked(element);
    event->accept();
}

QString TableCardItem::stateText(ElementChange change) const
{
    switch (change) {
    case ElementChange::Added:
        return m_drift ? QObject::tr("not made by any migration") : QObject::tr("added");
    case ElementChange::Removed:
        return m_drift ? QObject::tr("missing from the database") : QObject::tr("removed");
    case ElementChange::Changed:
        return m_drift ? QObject::tr("differs from the migrations") : QObject::tr("changed");
    case ElementChange::Unchanged:
        break;
    }
    return {};
}

// Tooltips are written when asked for: a thousand cards need none of them
// to be drawn.
QString TableCardItem::toolTipOf(int index) const
{
    const Row &row = m_rows.at(index);
    QStringList lines;
    switch (row.kind) {
    case Row::Kind::Header:
        lines << m_table.qualifiedName() << stateText(m_table.change);
        if (m_table.isRenamed())
            lines << QObject::tr("renamed from %1").arg(m_table.oldName);
        if (m_table.rebuilt)
            lines << QObject::tr("rebuilt by a SQLite batch block: every row is copied into a new table");
        break;
    case Row::Kind::Column: {
        const DiagramColumn &c = m_table.columns.at(row.source);
        lines << m_table.name + u'.' + c.name + u"  "_s + row.detail << stateText(c.change);
        if (c.isRenamed())
            lines << QObject::tr("renamed from %1: its data is kept").arg(c.oldName);
        lines << (c.current().nullable ? QObject::tr("nullable") : QObject::tr("NOT NULL"));
        if (c.current().serverDefault)
            lines << QObject::tr("default %1").arg(defaultText(c.current().serverDefault));
        if (c.primaryKey)
            lines << QObject::tr("primary key");
        if (!c.references.isEmpty())
            lines << QObject::tr("refers to %1").arg(c.references);
        if (c.unique)
            lines << QObject::tr("unique");
        if (c.indexed)
            lines << QObject::tr("indexed");
        break;
    }
    case Row::Kind::Constraint: {
        const DiagramConstraint &c = m_table.constraints.at(row.source);
        lines << row.name << c.text;
        if (!c.oldText.isEmpty())
            lines << QObject::tr("was: %1").arg(c.oldText);
        lines << stateText(c.change);
        break;
    }
    case Row::Kind::Index:
        lines << row.name + u' ' + row.detail << stateText(m_table.indexes.at(row.source).change);
        break;
    case Row::Kind::Finding:
        lines << row.toolTip;
        break;
    case Row::Kind::Section:
        break;
    }
    lines.removeAll(QString());
    return lines.join(u'\n');
}

void TableCardItem::hoverMoveEvent(QGraphicsSceneHoverEvent *event)
{
    const int row = rowAt(event->pos().y());
    setToolTip(row >= 0 ? toolTipOf(row) : QString());
}

void TableCardItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF card(QPointF(0, 0), m_size);
    const QColor border = m_table.change == ElementChange::Unchanged && !m_table.rebuilt
                              ? m_style.cardBorder
                              : (m_table.rebuilt && m_table.change == ElementChange::Changed ? m_style.rebuilt
                                                                                                : m_style.colourOf(m_table.change));
    QPen pen(border, m_table.change == ElementChange::Unchanged ? 1 : 2);
    if (m_table.change == ElementChange::Removed)
        pen.setStyle(Qt::DashLine);
    const bool selected = m_selectedRow == 0;
    if (selected)
        pen = QPen(m_style.selection, 3);
    painter->setPen(pen);
    painter->setBrush(m_style.cardFill);
    painter->drawRoundedRect(card, 4, 4);

    const Row &header = m_rows.first();
    const QColor headerFill = m_table.change == ElementChange::Unchanged
                                  ? m_style.headerFill
                                  : m_style.washOf(m_style.colourOf(m_table.change)).darker(m_style.dark ? 80 : 104);
    painter->setPen(Qt::NoPen);
    painter->setBrush(headerFill);
    painter->drawRoundedRect(QRectF(1, 1, m_size.width() - 2, header.height - 1), 3, 3);
    painter->drawRect(QRectF(1, header.height / 2, m_size.width() - 2, header.height / 2));

    if (lod < 0.35) {
        // Far away: the shape of the card and its state, no text.
        painter->setBrush(m_style.mutedText);
        for (const Row &row : std::as_const(m_rows)) {
            if (row.kind != Row::Kind::Column)
                continue;
            painter->setBrush(row.change == ElementChange::Unchanged ? m_style.cardBorder : row.colour);
            painter->drawRect(QRectF(Padding, row.y + row.height * 0.3, m_size.width() * 0.5, row.height * 0.4));
        }
        return;
    }
    paintDetailed(painter);
}

void TableCardItem::paintDetailed(QPainter *painter) const
{
    const QFontMetricsF fm(m_style.font), small(m_style.small), bold(m_style.bold);
    const qreal width = m_size.width();
    const qreal nameX = Padding + m_markWidth;
    const qreal detailX = nameX + m_nameWidth + Gap;

    const auto drawFlags = [&](const QStringList &flags, qreal right, qreal top, qreal height, const QColor &colour,
                               bool filled) {
        qreal x = right;
        painter->setFont(m_style.small);
        for (qsizetype i = flags.size() - 1; i >= 0; --i) {
            const qreal w = small.horizontalAdvance(flags.at(i)) + 8;
            x -= w;
            const QRectF pill(x, top + (height - small.height() - 2) / 2, w, small.height() + 2);
            painter->setPen(QPen(colour, 1));
            painter->setBrush(filled ? QBrush(m_style.washOf(colour)) : QBrush(Qt::NoBrush));
            painter->drawRoundedRect(pill, 3, 3);
            painter->setPen(colour);
            painter->drawText(pill, Qt::AlignCenter, flags.at(i));
            x -= FlagGap;
        }
        return x;
    };
    const auto strike = [&](qreal x1, qreal x2, qreal y, const QColor &colour) {
        painter->setPen(QPen(colour, 1.2));
        painter->drawLine(QPointF(x1, y), QPointF(x2, y));
    };

    for (int i = 0; i < m_rows.size(); ++i) {
        const Row &row = m_rows.at(i);
        const QRectF rect(0, row.y, width, row.height);
        const qreal midY = row.y + row.height / 2;
        if (i == m_selectedRow && i > 0) {
            painter->setPen(Qt::NoPen);
            QColor wash = m_style.selection;
            wash.setAlphaF(0.28);
            painter->setBrush(wash);
            painter->drawRect(rect.adjusted(1, 0, -1, 0));
        } else if (row.kind != Row::Kind::Header && row.kind != Row::Kind::Section
                   && (row.change != ElementChange::Unchanged || row.kind == Row::Kind::Finding)) {
            painter->setPen(Qt::NoPen);
            painter->setBrush(m_style.washOf(row.colour));
            painter->drawRect(rect.adjusted(1, 0, -1, 0));
        }
        switch (row.kind) {
        case Row::Kind::Header: {
            painter->setFont(m_style.bold);
            painter->setPen(row.colour);
            qreal x = Padding;
            if (!row.mark.isEmpty()) {
                painter->drawText(QRectF(x, row.y, m_markWidth, row.height), Qt::AlignVCenter | Qt::AlignLeft, row.mark);
                x += m_markWidth;
            }
            const qreal flagsLeft = drawFlags(row.flags, width - Padding, row.y, row.height,
                                              m_table.rebuilt && row.flags.size() == 1 && m_table.change == ElementChange::Changed
                                                  ? m_style.rebuilt
                                                  : row.colour,
                                              true);
            painter->setFont(m_style.bold);
            painter->setPen(m_style.headerText);
            const QString name = bold.elidedText(row.name, Qt::ElideMiddle, flagsLeft - x - 4);
            painter->drawText(QRectF(x, row.y, flagsLeft - x, row.height), Qt::AlignVCenter | Qt::AlignLeft, name);
            if (row.struck)
                strike(x, x + bold.horizontalAdvance(name), midY, row.colour);
            painter->setPen(QPen(m_style.cardBorder, 1));
            painter->drawLine(QPointF(1, row.y + row.height), QPointF(width - 1, row.y + row.height));
            break;
        }
        case Row::Kind::Column: {
            painter->setFont(m_style.font);
            painter->setPen(row.colour);
            painter->drawText(QRectF(Padding, row.y, m_markWidth, row.height), Qt::AlignVCenter | Qt::AlignLeft, row.mark);
            const QColor textColour = row.struck ? m_style.mutedText : m_style.text;
            QFont nameFont = m_style.font;
            nameFont.setBold(row.flags.contains(u"PK"_s));
            painter->setFont(nameFont);
            painter->setPen(row.change == ElementChange::Unchanged ? textColour : row.colour);
            painter->drawText(QRectF(nameX, row.y, m_nameWidth + 2, row.height), Qt::AlignVCenter | Qt::AlignLeft, row.name);
            painter->setFont(m_style.font);
            painter->setPen(row.change == ElementChange::Changed ? row.colour : m_style.mutedText);
            const QString detail = fm.elidedText(row.detail, Qt::ElideRight, MaxDetail);
            painter->drawText(QRectF(detailX, row.y, m_detailWidth + 2, row.height), Qt::AlignVCenter | Qt::AlignLeft,
                              detail);
            drawFlags(row.flags, width - Padding, row.y, row.height, m_style.mutedText, false);
            if (row.struck)
                strike(nameX, detailX + fm.horizontalAdvance(detail), midY, row.colour);
            break;
        }
        case Row::Kind::Section:
            painter->setPen(QPen(m_style.cardBorder, 1));
            painter->drawLine(QPointF(1, row.y + 1), QPointF(width - 1, row.y + 1));
            painter->setFont(m_style.small);
            painter->setPen(m_style.mutedText);
            painter->drawText(QRectF(nameX, row.y + 2, width - nameX, row.height - 2), Qt::AlignVCenter | Qt::AlignLeft,
                              row.name);
            break;
        case Row::Kind::Constraint:
        case Row::Kind::Index: {
            painter->setFont(m_style.font);
            painter->setPen(row.colour);
            painter->drawText(QRectF(Padding, row.y, m_markWidth, row.height), Qt::AlignVCenter | Qt::AlignLeft, row.mark);
            const QString text = fm.elidedText(row.name + u"  "_s + row.detail, Qt::ElideRight, width - nameX - Padding);
            painter->setPen(row.change == ElementChange::Unchanged ? m_style.mutedText : row.colour);
            painter->drawText(QRectF(nameX, row.y, width - nameX - Padding, row.height), Qt::AlignVCenter | Qt::AlignLeft,
                              text);
            if (row.struck)
                strike(nameX, nameX + fm.horizontalAdvance(text), midY, row.colour);
            break;
        }
        case Row::Kind::Finding: {
            painter->setFont(m_style.bold);
            painter->setPen(row.colour);
            painter->drawText(QRectF(nameX, row.y, 16, row.height), Qt::AlignVCenter | Qt::AlignLeft, row.mark);
            painter->setFont(m_style.font);
            const QString text = fm.elidedText(row.detail, Qt::ElideRight, width - nameX - 16 - Padding);
            painter->drawText(QRectF(nameX + 16, row.y, width - nameX - 16 - Padding, row.height),
                              Qt::AlignVCenter | Qt::AlignLeft, text);
            break;
        }
        }
    }
}

} // namespace pm
