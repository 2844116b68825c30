#include "ui/diagramstyle.h"

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
    s.font = font;
    s.bold = font;
    s.bold.setBold(true);
    s.small = font;
    s.small.setPointSizeF(std::max(6.0, font.pointSizeF() * 0.85));
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
