#pragma once

#include <memory>

#include <QColor>
#include <QFont>
#include <QHash>
#include <QString>

#include "diagram/schemadiagram.h"

class QPalette;

namespace pm {

// The schema diagram's colours, fonts and marks, derived from the desktop
// palette (light or dark) in one place. Colour never says anything alone:
// every state also has a text mark (ElementMarks) drawn beside it.
struct DiagramStyle
{
    bool dark = false;
    QColor canvas;
    QColor cardFill;
    QColor cardBorder;
    QColor headerFill;
    QColor headerText;
    QColor text;
    QColor mutedText;
    QColor edge;
    QColor selection;
    QColor added;
    QColor removed;
    QColor changed;
    QColor renamed;
    QColor rebuilt;
    QColor destroys;
    QColor willFail;
    QColor drift;
    QFont font;
    QFont bold;
    QFont small;

    static DiagramStyle fromPalette(const QPalette &palette, const QFont &font);

    // Text widths in the three fonts, remembered: a thousand cards repeat
    // the same types, flags and column names, and shaping text is most of
    // what measuring a card costs. Shared by the copies of one style.
    enum class FontKind { Normal, Bold, Small };
    qreal width(FontKind kind, const QString &text) const;
    qreal lineHeight(FontKind kind) const;

    // The colour of a state (for added/removed/changed elements); the text
    // colour for unchanged ones.
    QColor colourOf(ElementChange change) const;
    QColor colourOf(DiagramFinding::Kind kind) const;
    // A light wash of a state colour over the card, for a row's background.
    QColor washOf(const QColor &colour) const;

private:
    struct Widths;
    std::shared_ptr<Widths> m_widths;
};

// The text marks that go with the colours.
namespace ElementMarks {
QString of(ElementChange change); // "+", "−", "~", ""
inline constexpr char16_t Renamed = u'→';
QString of(DiagramFinding::Kind kind); // "⚠", "✖", "≠"
} // namespace ElementMarks

} // namespace pm
