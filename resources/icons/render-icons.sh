#!/usr/bin/env bash
# Renders the application icon's PNG sizes from its SVG sources. The PNGs are committed (desktops
# need them and the build should not need an SVG renderer); run this after editing an SVG.
#   apt-get install librsvg2-bin   # provides rsvg-convert
set -euo pipefail
cd "$(dirname "$0")"

for size in 16 22 24 32 48 64 128 256 512; do
    # Below 32 px the frame turns to mush: the small drawing keeps only the tile and the spark.
    source=dashscope-studio.svg
    ((size < 32)) && source=dashscope-studio-small.svg
    rsvg-convert --width "$size" --height "$size" "$source" --output "dashscope-studio-$size.png"
done
