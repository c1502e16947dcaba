"""The bundled Latin and Arabic fonts are registered for the screen, as they are for the PDFs."""

from __future__ import annotations

from ui.qt import QFont, QFontDatabase, QFontMetrics
from ui.screen_fonts import register_screen_fonts


def test_the_bundled_fonts_draw_latin_and_arabic_names_on_screen(qtbot):
    families = register_screen_fonts()
    assert {"DejaVu Sans", "Noto Sans Arabic"} <= set(families) <= set(QFontDatabase.families())
    font = QFont()
    font.setFamilies(list(families))
    metrics = QFontMetrics(font)
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "Şahin İbrahim Παπαδόπουλος Иванов")
    arabic = QFont("Noto Sans Arabic")
    assert all(QFontMetrics(arabic).inFontUcs4(ord(ch)) for ch in "الحسيني")
