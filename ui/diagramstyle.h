#pragma once

#include <QColor>
#include <QFont>
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

    // The colour of a state (for added/removed/changed elements); the text
    // colour for unchanged ones.
    QColor colourOf(ElementChange change) const;
    QColor colourOf(DiagramFinding::Kind kind) const;
    // A light wash of a state colour over the card, for a row's background.
    QColor washOf(const QColor &colour) const;
};

// The text marks that go with the colours.
namespace ElementMarks {
QString of(ElementChange change); // "+", "−", "~", ""
inline constexpr char16_t Renamed = u'→';
QString of(DiagramFinding::Kind kind); // "⚠", "✖", "≠"
} // namespace ElementMarks

} // namespace pm
