#pragma once

#include "base/result.h"

class QString;

namespace pm {

class SchemaScene;

// Writes the whole diagram to a file for review and sign-off: SVG (vector,
// through QSvgGenerator) for a .svg path, PNG for a .png path. A very large
// diagram's PNG is scaled down to stay within what an image viewer opens
// (16,384 pixels a side); the SVG is always full size.
Status exportDiagram(SchemaScene &scene, const QString &path, const QString &title = {});

} // namespace pm
