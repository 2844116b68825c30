#include "ui/diagramstyle.h"

#include <QFontInfo>
#include <QFontMetricsF>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace pm {

namespace {

QColor mix(const QColor &a, const QColor &b, qreal t)
{
    return QColor::fromRgbF(a.redF() * (1 - t) + b.redF() * t, a.greenF() * (1 - t) + b.greenF() * t,
                            a.blueF() * (1 - t) + b.blueF() * t);
}

} // namespace

struct DiagramStyle::Widths
{
    explicit Widths(const DiagramStyle &style) : normal(style.font), bold(style.bold), small(style.small) {}
    QFontMetricsF normal, bold, small;
    QHash<QString, qreal> cache[3];
};

qreal DiagramStyle::width(FontKind kind, const QString &text) const
{
    QHash<QString, qreal> &cache = m_widths->cache[int(kind)];
    if (const auto it = cache.constFind(text); it != cache.cend())
        return *it;
    const QFontMetricsF &metrics = kind == FontKind::Bold    ? m_widths->bold
                                   : kind == FontKind::Small ? m_widths->small
                                                             : m_widths->normal;
    const qreal w = metrics.horizontalAdvance(text);
    cache.insert(text, w);
    return w;
}

qreal DiagramStyle::lineHeight(FontKind kind) const
{
    return (kind == FontKind::Bold ? m_widths->bold : kind == FontKind::Small ? m_widths->small : m_widths->normal).height();
}

DiagramStyle DiagramStyle::fromPalette(const QPalette &palette, const QFont &font)
{
    DiagramStyle s;
    const QColor base = palette.color(QPalette::Base);
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::Text);
    s.dark = window.lightness() < 128;
    s.canvas = mix(window, base, 0.35);
    s.cardFill = base;
    s.text = text;
    s.mutedText = mix(text, base, 0.45);
    s.cardBorder = mix(text, base, 0.65);
    s.headerFill = mix(palette.color(QPalette::Highlight), base, s.dark ? 0.55 : 0.78);
    s.headerText = text;
    s.edge = mix(text, base, 0.45);
    s.selection = palette.color(QPalette::Highlight);
    // Hues readable on both; lighter on a dark base.
    s.added = s.dark ? QColor(0x6c, 0xd0, 0x7a) : QColor(0x1a, 0x7f, 0x37);
    s.removed = s.dark ? QColor(0xf0, 0x7a, 0x7a) : QColor(0xc0, 0x25, 0x25);
    s.changed = s.dark ? QColor(0xe8, 0xb8, 0x4a) : QColor(0x9a, 0x62, 0x00);
    s.renamed = s.dark ? QColor(0x7a, 0xb4, 0xf5) : QColor(0x1f, 0x5f, 0xbf);
    s.rebuilt = s.dark ? QColor(0xc5, 0x94, 0xf0) : QColor(0x74, 0x3f, 0xb0);
    s.destroys = s.dark ? QColor(0xf5, 0xa0, 0x50) : QColor(0xb3, 0x4d, 0x00);
    s.willFail = s.removed;
    s.drift = s.dark ? QColor(0x4f, 0xd0, 0xd0) : QColor(0x00, 0x76, 0x80);
    // Pixel sizes: the cards are measured on the screen and drawn on it, on
    // a PNG or into an SVG; point sizes would grow with a device's DPI.
    const int pixels = std::max(9, QFontInfo(font).pixelSize());
    s.font = font;
    s.font.setPixelSize(pixels);
    s.bold = s.font;
    s.bold.setBold(true);
    s.small = s.font;
    s.small.setPixelSize(std::max(8, qRound(pixels * 0.82)));
    s.m_widths = std::make_shared<Widths>(s);
    return s;
}

QColor DiagramStyle::colourOf(ElementChange change) const
{
    switch (change) {
    case ElementChange::Added:
        return added;
    case ElementChange::Removed:
        return removed;
    case ElementChange::Changed:
        return changed;
    case ElementChange::Unchanged:
        break;
    }
    return text;
}

QColor DiagramStyle::colourOf(DiagramFinding::Kind kind) const
{
    switch (kind) {
    case DiagramFinding::Kind::Destroys:
        return destroys;
    case DiagramFinding::Kind::WillFail:
        return willFail;
    case DiagramFinding::Kind::Drift:
        return drift;
    }
    return text;
}

QColor DiagramStyle::washOf(const QColor &colour) const
{
    return mix(cardFill, colour, dark ? 0.22 : 0.12);
}

namespace ElementMarks {

QString of(ElementChange change)
{
    switch (change) {
    case ElementChange::Added:
        return u"+"_s;
    case ElementChange::Removed:
        return u"−"_s;
    case ElementChange::Changed:
        return u"~"_s;
    case ElementChange::Unchanged:
        break;
    }
    return {};
}

QString of(DiagramFinding::Kind kind)
{
    switch (kind) {
    case DiagramFinding::Kind::Destroys:
        return u"⚠"_s;
    case DiagramFinding::Kind::WillFail:
        return u"✖"_s;
    case DiagramFinding::Kind::Drift:
        return u"≠"_s;
    }
    return {};
}

} // namespace ElementMarks

} // namespace pm
