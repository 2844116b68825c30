#pragma once

#include <QStyledItemDelegate>

namespace pm {

class MigrationHistoryModel;

// Paints MigrationHistoryModel's rows as a graph: in the revision column the
// lanes of RevisionGraphLayout (solid for down revisions, dashed for
// depends_on), the revision's node (its shape says applied, pending or
// current), its id, the step number of the selected run and its tags
// (current, head, branch labels); in the message column the message and the
// badges. Every mark carries a word or a shape, never colour alone, and all
// colours come from the palette, light or dark.
class HistoryGraphDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HistoryGraphDelegate)

public:
    explicit HistoryGraphDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

    // Horizontal distance between two lanes, for a font.
    static int laneSpacing(const QFontMetrics &metrics);
    // Width of the graph part of the revision column for `lanes` lanes.
    static int graphWidth(const QFontMetrics &metrics, int lanes);
    // The colour of lane colour index `color` on this palette.
    static QColor laneColor(int color, const QPalette &palette);

private:
    void paintGraph(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index,
                    const MigrationHistoryModel &model) const;
    void paintMessage(QPainter *painter, const QStyleOptionViewItem &option, const QModelIndex &index) const;
};

} // namespace pm
