"""The application's look: Fusion style, a calm light palette, and a few targeted rules.

Fusion looks the same on Windows, macOS and Linux, so what the screenshots show is what
a lab sees. The bundled fonts (``ui.screen_fonts``) draw every name, Arabic included, the
same on every PC.
"""

from __future__ import annotations

from ui.qt import QApplication, QColor, QPalette, QStyleFactory
from ui.screen_fonts import use_screen_fonts

STYLESHEET = """
QListWidget#areaNav {
    background: #f1f3f6;
    border: none;
    border-right: 1px solid #d5d9e0;
    padding-top: 8px;
    outline: 0;
}
QListWidget#areaNav::item {
    padding: 0 16px;
    color: #202124;
    border-left: 3px solid transparent;
}
QListWidget#areaNav::item:hover { background: #e6e9ef; }
QListWidget#areaNav::item:selected {
    background: #dce6f5;
    color: #0b3d91;
    border-left: 3px solid #1a5fb4;
    font-weight: 600;
}
QToolBar#mainToolBar {
    spacing: 8px;
    padding: 6px 8px;
    border-bottom: 1px solid #d5d9e0;
}
QLineEdit#scanField { padding: 3px 6px; }
QTableView {
    gridline-color: #e0e3e8;
    selection-background-color: #cfe0f7;
    selection-color: #111111;
}
QHeaderView::section {
    padding: 4px 8px;
    background: #eef0f3;
    border: none;
    border-bottom: 1px solid #d5d9e0;
    border-right: 1px solid #e0e3e8;
    font-weight: 600;
}
QGroupBox { font-weight: 600; margin-top: 10px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; padding: 0 4px; }
QFrame#placeholderBox { background: #fafbfc; border: 1px solid #d5d9e0; border-radius: 4px; }
QStatusBar { border-top: 1px solid #d5d9e0; }
QStatusBar QLabel { padding: 0 8px; }
"""


def apply_look(app: QApplication) -> None:
    use_screen_fonts(app)
    style = QStyleFactory.create("Fusion")
    if style is not None:
        app.setStyle(style)
    palette = app.style().standardPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor("#f7f8fa"))
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f5f7fa"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#1a5fb4"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)
