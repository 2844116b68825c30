#!/bin/sh
# Renders the PNG sizes of every icon from its SVG source (ImageMagick).
# The PNGs are committed: Qt's SVG plugin (libqt6svg6) is optional on Debian,
# and the window must show its icons without it.
set -eu
cd "$(dirname "$0")"
for svg in *.svg; do
    base=${svg%.svg}
    sizes="16 24 32 48"
    [ "$base" = petmanager ] && sizes="16 24 32 48 64 128 256"
    for s in $sizes; do
        convert -background none -density 600 "$svg" -resize "${s}x${s}" "png32:$base-$s.png"
    done
done
