#include "ui/historygraphdelegate.h"

#include <algorithm>

#include <QApplication>
#include <QPainter>
#include <QPainterPath>
#include <QScopeGuard>

#include "ui/migrationhistorymodel.h"

using namespace Qt::StringLiterals;

namespace pm {

namespace {

using Lane = RevisionGraphLayout::Lane;
using States = MigrationHistoryModel::States;

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

// A rounded label; returns its width.
int drawChip(QPainter *painter, const QRect &row, int x, const QString &text, const QColor &fill,
             const QColor &border, const QColor &textColor, bool bold = false)
{
    QFont font = painter->font();
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(bold);
    const QFontMetrics metrics(font);
    const int padding = metrics.height() / 3;
    const int height = std::min(row.height() - 4, metrics.height() + 2);
    const QRect chip(x, row.center().y() - height / 2, metrics.horizontalAdvance(text) + 2 * padding, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(border.isValid() ? QPen(border, 1) : QPen(Qt::NoPen));
    painter->setBrush(fill.isValid() ? QBrush(fill) : QBrush(Qt::NoBrush));
    painter->drawRoundedRect(QRectF(chip).adjusted(0.5, 0.5, -0.5, -0.5), height / 3.0, height / 3.0);
    painter->setFont(font);
    painter->setPen(textColor);
    painter->drawText(chip, Qt::AlignCenter, text);
    painter->restore();
    return chip.width();
}

int chipWidth(const QFont &base, const QString &text, bool bold = false)
{
    QFont font = base;
    font.setPointSizeF(font.pointSizeF() * 0.85);
    font.setBold(bold);
    const QFontMetrics metrics(font);
    return metrics.horizontalAdvance(text) + 2 * (metrics.height() / 3);
}

// Base colours of the badges: hue and a word each.
QColor badgeColor(MigrationHistoryModel::Badge::Kind kind, const QPalette &palette)
{
    int hue = 0;
    switch (kind) {
    case MigrationHistoryModel::Badge::Kind::DataMigration: hue = 205; break;
    case MigrationHistoryModel::Badge::Kind::Irreversible: hue = 30; break;
    case MigrationHistoryModel::Badge::Kind::Rebuild: hue = 275; break;
    case MigrationHistoryModel::Badge::Kind::ParseError: hue = 0; break;
    case MigrationHistoryModel::Badge::Kind::ReadsDatabase: hue = 170; break;
    }
    return isDark(palette) ? QColor::fromHsv(hue, 120, 235) : QColor::fromHsv(hue, 220, 165);
}

QColor mixed(const QColor &a, const QColor &b, double amount)
{
    return QColor::fromRgbF(float(a.redF() * (1 - amount) + b.redF() * amount),
                            float(a.greenF() * (1 - amount) + b.greenF() * amount),
                            float(a.blueF() * (1 - amount) + b.blueF() * amount));
}

QString stepText(int direction, int step)
{
    const QString arrow = direction == int(RevisionPath::Direction::Downgrade) ? u"▼"_s : u"▲"_s;
    return arrow + u' ' + QString::number(step);
}

} // namespace

HistoryGraphDelegate::HistoryGraphDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{
}

int HistoryGraphDelegate::laneSpacing(const QFontMetrics &metrics)
{
    return std::max(12, metrics.height() * 4 / 5);
}

int HistoryGraphDelegate::graphWidth(const QFontMetrics &metrics, int lanes)
{
    return laneSpacing(metrics) * std::max(1, lanes) + laneSpacing(metrics) / 2;
}

QColor HistoryGraphDelegate::laneColor(int color, const QPalette &palette)
{
    static constexpr int hues[] = {210, 140, 28, 280, 350, 180, 50, 315};
    const int hue = hues[color % int(std::size(hues))];
    return isDark(palette) ? QColor::fromHsv(hue, 150, 240) : QColor::fromHsv(hue, 210, 185);
}

QSize HistoryGraphDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const QFontMetrics metrics(option.font);
    size.setHeight(std::max(size.height(), metrics.height() + 8));
    if (index.column() == MigrationHistoryModel::RevisionColumn) {
        const auto *model = qobject_cast<const MigrationHistoryModel *>(index.model());
        int width = graphWidth(metrics, model ? model->layout().width() : 1) + metrics.horizontalAdvance(u"0"_s) * 13;
        for (const QString &tag : index.data(MigrationHistoryModel::TagsRole).toStringList())
            width += chipWidth(option.font, tag) + 4;
        size.setWidth(width + chipWidth(option.font, tr("current"), true) + chipWidth(option.font, tr("head")) + 12);
    }
    return size;
}

void HistoryGraphDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    // The row's background (selection, hover, alternate) without its text.
    QStyleOptionViewItem background = opt;
    background.text.clear();
    background.icon = {};
    background.features &= ~QStyleOptionViewItem::HasDisplay;
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, widget);

    // The steps of the selected run, tinted (their numbers say the order).
    if (index.data(MigrationHistoryModel::RunStepRole).toInt() > 0 && !(opt.state & QStyle::State_Selected)) {
        QColor tint = opt.palette.color(QPalette::Highlight);
        tint.setAlpha(isDark(opt.palette) ? 70 : 45);
        painter->fillRect(opt.rect, tint);
    }

    const auto *model = qobject_cast<const MigrationHistoryModel *>(index.model());
    painter->save();
    painter->setFont(opt.font);
    if (!index.data(MigrationHistoryModel::SearchMatchRole).toBool())
        painter->setOpacity(0.35); // a search is on and this row does not match
    if (index.column() == MigrationHistoryModel::RevisionColumn && model)
        paintGraph(painter, opt, index, *model);
    else if (index.column() == MigrationHistoryModel::MessageColumn)
        paintMessage(painter, opt, index);
    else {
        opt.backgroundBrush = Qt::NoBrush;
        QStyleOptionViewItem text = opt;
        text.state &= ~QStyle::State_HasFocus;
        // Text only: the background is painted already.
        const QPalette::ColorRole role =
            opt.state & QStyle::State_Selected ? QPalette::HighlightedText : QPalette::Text;
        painter->setFont(opt.font);
        painter->setPen(opt.palette.color(role));
        const QRect r = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
        painter->drawText(r, int(opt.displayAlignment) | Qt::AlignVCenter,
                          opt.fontMetrics.elidedText(opt.text, Qt::ElideRight, r.width()));
    }
    painter->restore();
}

void HistoryGraphDelegate::paintGraph(QPainter *painter, const QStyleOptionViewItem &opt, const QModelIndex &index,
                                      const MigrationHistoryModel &model) const
{
    const RevisionGraphLayout &layout = model.layout();
    const int layoutRow = index.data(MigrationHistoryModel::LayoutRowRole).toInt();
    const int folded = index.data(MigrationHistoryModel::FoldCountRole).toInt();
    if (layoutRow < 0 || layoutRow >= layout.rowCount())
        return;
    const QRect rect = opt.rect;
    const QFontMetrics metrics(opt.font);
    const int spacing = laneSpacing(metrics);
    const qreal top = rect.top();
    const qreal bottom = rect.bottom() + 1;
    const qreal mid = (top + bottom) / 2.0;
    const auto x = [&](int lane) { return rect.left() + spacing * (lane + 0.5) + 2; };
    const QPalette &palette = opt.palette;
    const bool selected = opt.state & QStyle::State_Selected;
    const QColor text = palette.color(selected ? QPalette::HighlightedText : QPalette::Text);

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setClipRect(rect);
    const qreal width = std::max(1.6, metrics.height() / 8.0);
    const auto penFor = [&](const Lane &lane) {
        QPen pen(laneColor(lane.color, palette), width, Qt::SolidLine, Qt::FlatCap);
        if (lane.kind == RevisionGraphLayout::EdgeKind::Dependency)
            pen.setDashPattern({2.5, 2.0});
        return pen;
    };
    // A curve with vertical ends, from (x1, y1) to (x2, y2).
    const auto link = [&](const Lane &lane, qreal x1, qreal y1, qreal x2, qreal y2) {
        painter->setPen(penFor(lane));
        if (qFuzzyCompare(x1, x2)) {
            painter->drawLine(QPointF(x1, y1), QPointF(x2, y2));
            return;
        }
        QPainterPath path(QPointF(x1, y1));
        const qreal dy = (y2 - y1) / 2.0;
        path.cubicTo(QPointF(x1, y1 + dy), QPointF(x2, y2 - dy), QPointF(x2, y2));
        painter->setBrush(Qt::NoBrush);
        painter->drawPath(path);
    };

    const int column = layout.column(layoutRow);
    if (folded > 0) {
        // A fold keeps every lane straight; its own line is dotted.
        const auto &lanes = layout.lanesAbove(layoutRow);
        for (qsizetype i = 0; i < lanes.size(); ++i) {
            if (i == column)
                continue;
            link(lanes.at(i), x(int(i)), top, x(int(i)), bottom);
        }
        const Lane own{-1, layout.color(layoutRow), RevisionGraphLayout::EdgeKind::Parent};
        QPen dotted = penFor(own);
        dotted.setDashPattern({0.5, 2.0});
        dotted.setCapStyle(Qt::RoundCap);
        painter->setPen(dotted);
        painter->drawLine(QPointF(x(column), top), QPointF(x(column), bottom));
    } else {
        const int node = layout.nodeAt(layoutRow);
        const auto &above = layout.lanesAbove(layoutRow);
        const auto &below = layout.lanesBelow(layoutRow);
        const int outgoing = layout.outgoingCount(layoutRow);
        const bool head = std::none_of(above.begin(), above.end(),
                                       [node](const Lane &lane) { return lane.target == node; });
        int passed = 0;
        for (qsizetype i = 0; i < above.size(); ++i) {
            const Lane &lane = above.at(i);
            if (lane.target == node) {
                link(lane, x(int(i)), top, x(column), mid);
                continue;
            }
            // Straight down to the middle, then over to where it goes on.
            // Beside a head put among them, the lanes on its right step
            // aside above it, so none runs through its node.
            const int after = passed < column ? passed : passed + outgoing;
            const int middle = RevisionGraphLayout::passingColumnAtMiddle(int(i), column, head && outgoing > 0);
            ++passed;
            link(lane, x(int(i)), top, x(middle), mid);
            link(below.at(after), x(middle), mid, x(after), bottom);
        }
        for (int k = 0; k < outgoing; ++k)
            link(below.at(column + k), x(column), mid, x(column + k), bottom);

        // The node: filled when applied, hollow when pending, ringed when current.
        const States states(index.data(MigrationHistoryModel::StateRole).toInt());
        const QColor color = laneColor(layout.color(layoutRow), palette);
        const qreal radius = std::max(3.5, metrics.height() / 4.2);
        const QPointF centre(x(column), mid);
        if (states.testFlag(MigrationHistoryModel::Current)) {
            painter->setPen(QPen(text, width));
            painter->setBrush(palette.color(QPalette::Base));
            painter->drawEllipse(centre, radius + 3, radius + 3);
            painter->setPen(Qt::NoPen);
            painter->setBrush(color);
            painter->drawEllipse(centre, radius, radius);
        } else if (states.testFlag(MigrationHistoryModel::Applied)) {
            painter->setPen(QPen(palette.color(QPalette::Base), 1));
            painter->setBrush(color);
            painter->drawEllipse(centre, radius + 0.5, radius + 0.5);
        } else {
            painter->setPen(QPen(color, width));
            painter->setBrush(palette.color(QPalette::Base));
            painter->drawEllipse(centre, radius, radius);
        }
        if (states.testFlag(MigrationHistoryModel::MergePoint)) {
            // A merge: a bar through the node, so it reads without colour too.
            painter->setPen(QPen(states.testFlag(MigrationHistoryModel::Pending) ? color : palette.color(QPalette::Base),
                                 width));
            painter->drawLine(centre - QPointF(radius * 0.6, 0), centre + QPointF(radius * 0.6, 0));
        }
    }
    painter->restore();

    // Text: the id (or the fold's count), the run step, the tags.
    int textX = rect.left() + graphWidth(metrics, layout.width()) + 4;
    QFont font = opt.font;
    const States states(index.data(MigrationHistoryModel::StateRole).toInt());
    painter->save();
    painter->setPen(text);
    if (folded > 0) {
        font.setItalic(true);
        painter->setFont(font);
        if (!selected)
            painter->setPen(palette.color(QPalette::PlaceholderText));
    } else {
        font.setFamilies({u"monospace"_s});
        font.setStyleHint(QFont::Monospace);
        font.setBold(states.testFlag(MigrationHistoryModel::Current));
        painter->setFont(font);
    }
    const int step = index.data(MigrationHistoryModel::RunStepRole).toInt();
    const int direction = index.data(MigrationHistoryModel::RunDirectionRole).toInt();
    const QStringList tags = folded > 0 ? QStringList() : index.data(MigrationHistoryModel::TagsRole).toStringList();
    // The chips keep their room: a long id (a label-like revision such as
    // "normalize_locked_text_default") is elided before it, instead of
    // running under the chips and into the next column.
    const QString stepChip = step <= 0 ? QString()
                             : folded > 0 ? (step == 1 ? tr("1 step") : tr("%1 steps").arg(step))
                                          : stepText(direction, step);
    int chipsWidth = 0;
    if (step > 0)
        chipsWidth += chipWidth(opt.font, stepChip, true) + 4;
    if (folded == 0 && states.testFlag(MigrationHistoryModel::Current))
        chipsWidth += chipWidth(opt.font, tr("current"), true) + 4;
    if (folded == 0 && states.testFlag(MigrationHistoryModel::Head))
        chipsWidth += chipWidth(opt.font, tr("head")) + 4;
    for (const QString &tag : tags)
        chipsWidth += chipWidth(opt.font, tag) + 4;
    const QFontMetrics textMetrics(painter->font());
    const int labelRoom = std::max(textMetrics.horizontalAdvance(u"\u2026"_s), rect.right() - textX - chipsWidth - 6);
    const QString label = textMetrics.elidedText(opt.text, Qt::ElideRight, labelRoom);
    const int labelWidth = textMetrics.horizontalAdvance(label);
    painter->drawText(QRect(textX, rect.top(), labelRoom, rect.height()), Qt::AlignVCenter | Qt::AlignLeft, label);
    painter->restore();
    textX += labelWidth + 6;

    // What does not fit even so (a very narrow column) is cut at the cell.
    painter->save();
    painter->setClipRect(rect);
    const auto restore = qScopeGuard([painter] { painter->restore(); });
    // On a selected row the chips take the selection's colours, inverted
    // where they are filled, so they stay readable.
    const QColor highlight = palette.color(QPalette::Highlight);
    const QColor onHighlight = palette.color(QPalette::HighlightedText);
    if (step > 0) {
        textX += drawChip(painter, rect, textX, stepChip, selected ? onHighlight : highlight, onHighlight,
                          selected ? highlight : onHighlight, true)
            + 4;
    }
    if (folded > 0)
        return;
    if (states.testFlag(MigrationHistoryModel::Current))
        textX += drawChip(painter, rect, textX, tr("current"), text, QColor(),
                          selected ? highlight : palette.color(QPalette::Base), true)
            + 4;
    if (states.testFlag(MigrationHistoryModel::Head))
        textX += drawChip(painter, rect, textX, tr("head"), QColor(), text, text) + 4;
    for (const QString &tag : tags) {
        const QColor color = laneColor(layout.color(layoutRow), palette);
        if (selected)
            textX += drawChip(painter, rect, textX, tag, QColor(), onHighlight, onHighlight) + 4;
        else
            textX += drawChip(painter, rect, textX, tag, mixed(palette.color(QPalette::Base), color, 0.18), color, text)
                + 4;
    }
}

void HistoryGraphDelegate::paintMessage(QPainter *painter, const QStyleOptionViewItem &opt,
                                        const QModelIndex &index) const
{
    const QRect rect = opt.rect.adjusted(4, 0, -4, 0);
    const auto badges = index.data(MigrationHistoryModel::BadgesRole).value<QList<MigrationHistoryModel::Badge>>();
    // Badges on the right; the message gets what is left.
    // A parse error's chip is drawn bold: measure it bold, or its last
    // letters fall off the row's edge.
    const auto isStrong = [](const MigrationHistoryModel::Badge &badge) {
        return badge.kind == MigrationHistoryModel::Badge::Kind::ParseError;
    };
    int badgesWidth = 0;
    for (const auto &badge : badges)
        badgesWidth += chipWidth(opt.font, badge.text, isStrong(badge)) + 4;
    const bool selected = opt.state & QStyle::State_Selected;
    painter->save();
    painter->setFont(opt.font);
    painter->setPen(opt.palette.color(selected                                                 ? QPalette::HighlightedText
                                      : index.data(MigrationHistoryModel::FoldCountRole).toInt() ? QPalette::PlaceholderText
                                                                                                : QPalette::Text));
    const int textWidth = std::max(0, rect.width() - badgesWidth - (badges.isEmpty() ? 0 : 6));
    painter->drawText(QRect(rect.left(), rect.top(), textWidth, rect.height()), Qt::AlignVCenter | Qt::AlignLeft,
                      opt.fontMetrics.elidedText(opt.text, Qt::ElideRight, textWidth));
    painter->restore();
    int x = rect.right() - badgesWidth + 4;
    for (const auto &badge : badges) {
        const QColor color = badgeColor(badge.kind, opt.palette);
        const bool strong = isStrong(badge);
        const QColor base = opt.palette.color(QPalette::Base);
        x += drawChip(painter, opt.rect, x, badge.text, strong ? color : selected ? base : mixed(base, color, 0.15),
                      selected ? base : color, strong ? base : color, strong)
            + 4;
    }
}

} // namespace pm
