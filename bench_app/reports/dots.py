"""The printer's dot grid on a page: where a raster printer's dots fall, in points.

A label is printed as a raster of whole printer dots: the page is rendered at the
printer's resolution into an image of ``round(width * dpi / 72)`` by
``round(height * dpi / 72)`` pixels, and each pixel is one dot. So the grid a barcode
must sit on is that image's pixel grid: a dot is the page's width divided by its width
in whole dots (within 0.15% of 1/dpi inch on every stock). A bar whose edges are on this
grid is rendered as exactly its number of dots, never one more or one less, whatever the
rasteriser's rounding; a bar off the grid gains or loses a dot at random.
"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class DotGrid:
    dpi: int
    dx: float        # one dot across, in points
    dy: float        # one dot down, in points
    columns: int     # the page's width in dots
    rows: int        # the page's height in dots

    def x_dots(self, x: float) -> int:
        """The first whole dot at or right of ``x`` (a tiny float error does not count as a dot)."""
        return math.ceil(x / self.dx - 1e-6)

    def y_dots(self, y: float) -> int:
        return math.ceil(y / self.dy - 1e-6)

    def width_dots(self, width: float) -> int:
        """How many whole dots fit in ``width``."""
        return math.floor(width / self.dx + 1e-6)

    def height_dots(self, height: float) -> int:
        return math.floor(height / self.dy + 1e-6)


def page_grid(width_pt: float, height_pt: float, dpi: int) -> DotGrid:
    columns = max(1, round(width_pt / 72 * dpi))
    rows = max(1, round(height_pt / 72 * dpi))
    return DotGrid(dpi, width_pt / columns, height_pt / rows, columns, rows)


def page_pixels(width_pt: float, height_pt: float, dpi: float) -> tuple[int, int]:
    """The size of a page's raster at ``dpi``: the same rounding as ``page_grid``."""
    return max(1, round(width_pt / 72 * dpi)), max(1, round(height_pt / 72 * dpi))
