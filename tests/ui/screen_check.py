"""Checks every area and dialog of the screenshot tour on one lab screen; prints JSON faults.

    python -m tests.ui.screen_check WIDTH HEIGHT [SCALE]

Run in a fresh process per screen: the offscreen screen's size and ``QT_SCALE_FACTOR``
are read once, when the QApplication starts. At each stop of ``make_screenshots``'s tour:

* nothing is clipped: a label's text fits its width (or, wrapped, its height), a table
  header fits its section, a table cell's text fits its column, a drop-down's widest
  choice fits the box;
* the window fits the screen (frame and minimum size);
* a dialog's Tab chain follows its reading order (row by row; right to left when the
  application's layout direction is).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def configure_screen(width: int, height: int, scale: float) -> None:
    config = Path(tempfile.mkdtemp(prefix="bench-screen-")) / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "lab", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
    os.environ["QT_QPA_PLATFORM"] = f"offscreen:configfile={config}"
    if scale != 1:
        os.environ["QT_SCALE_FACTOR"] = str(scale)
    os.environ["QT_ENABLE_HIGHDPI_SCALING"] = "1"


class ScreenChecker:
    """A ``shoot`` for the tour that records faults instead of pictures."""

    def __init__(self, app):
        self.app = app
        self.faults: list[str] = []
        self.dialogs: set[str] = set()
        self.areas: set[str] = set()

    def __call__(self, widget, name: str) -> None:
        from tests.ui.screen_rules import clipped_texts, does_not_fit, mnemonic_faults, tab_order_faults
        from ui.qt import QDialog, QMainWindow

        for _ in range(3):
            self.app.processEvents()
        window = widget.window()
        for fault in does_not_fit(window):
            self.faults.append(f"{name}: {fault}")
        for fault in clipped_texts(widget) + mnemonic_faults(widget):
            self.faults.append(f"{name}: {fault}")
        if isinstance(widget, QDialog):
            self.dialogs.add(type(widget).__name__)
            for fault in tab_order_faults(widget):
                self.faults.append(f"{name}: {fault}")
        if isinstance(window, QMainWindow) and hasattr(window, "stack"):
            self.areas.add(type(window.stack.currentWidget()).__name__)


def main(width: str, height: str, scale: str = "1") -> int:
    configure_screen(int(width), int(height), float(scale))
    os.environ.setdefault("BENCH_FAST_HASHING", "1")
    from tests.ui import make_screenshots
    from ui.qt import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    checker = ScreenChecker(app)
    with tempfile.TemporaryDirectory() as out:
        make_screenshots.main(out, shoot=checker)
    print(json.dumps({"faults": checker.faults, "dialogs": sorted(checker.dialogs), "areas": sorted(checker.areas)}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:4]))
