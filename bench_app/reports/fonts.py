"""The bundled Unicode fonts, registered with reportlab once per process.

DejaVu Sans prints Latin (Turkish and Spanish letters included), Greek and Cyrillic;
Noto Sans Arabic prints Arabic runs. ``text.py`` picks the font for each run.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from bench_app.resources_path import resource

SANS = "BenchSans"
SANS_BOLD = "BenchSans-Bold"
ARABIC = "BenchArabic"
ARABIC_BOLD = "BenchArabic-Bold"

_FILES = {
    SANS: "DejaVuSans.ttf",
    SANS_BOLD: "DejaVuSans-Bold.ttf",
    ARABIC: "NotoSansArabic-Regular.ttf",
    ARABIC_BOLD: "NotoSansArabic-Bold.ttf",
}


@lru_cache(maxsize=1)
def register_fonts() -> tuple[str, ...]:
    """Register the four faces (a no-op after the first call); return their names."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(resource("fonts", filename))))
    pdfmetrics.registerFontFamily(SANS, normal=SANS, bold=SANS_BOLD, italic=SANS, boldItalic=SANS_BOLD)
    return tuple(_FILES)


def latin_font(bold: bool) -> str:
    return SANS_BOLD if bold else SANS


def arabic_font(bold: bool) -> str:
    return ARABIC_BOLD if bold else ARABIC
