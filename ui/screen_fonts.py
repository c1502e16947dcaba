"""The bundled fonts, registered for the screen as ``bench_app.reports.fonts`` does for PDFs.

DejaVu Sans draws Latin (Turkish and Spanish letters included), Greek and Cyrillic; Noto
Sans Arabic draws Arabic names, shaped. With them the screens look, and measure, the same
on every PC, whatever fonts the machine has: no box or question mark for a name, and no
label that fits here but is cut there.
"""

from __future__ import annotations

from functools import lru_cache

from bench_app.resources_path import resource
from ui.qt import QApplication, QFont, QFontDatabase

READING_POINTS = 10.0
FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf")


@lru_cache(maxsize=1)
def register_screen_fonts() -> tuple[str, ...]:
    """Add the four faces to Qt's font database (once); return the families they bring."""
    families: list[str] = []
    for filename in FILES:
        font_id = QFontDatabase.addApplicationFont(str(resource("fonts", filename)))
        if font_id < 0:
            raise RuntimeError(f"Qt could not load the bundled font {filename}.")
        for family in QFontDatabase.applicationFontFamilies(font_id):
            if family not in families:
                families.append(family)
    return tuple(families)


def use_screen_fonts(app: QApplication) -> QFont:
    """Make the bundled Latin face the application's font, with the Arabic face after it."""
    families = register_screen_fonts()
    font = QFont(app.font())
    font.setFamilies(list(families))
    if 0 < font.pointSizeF() < READING_POINTS:  # some platforms start smaller than a bench can read
        font.setPointSizeF(READING_POINTS)
    app.setFont(font)
    return font
