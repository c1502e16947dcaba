"""The UI survives PySide6 6.12's lost references to None (ui/qt_workarounds.py)."""

import subprocess
import sys

CALLS = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from ui.qt import QApplication, QLabel
app = QApplication([])
label = QLabel()
for _ in range(300_000):   # several times what None's own count would survive on Python 3.11
    label.setText("x")
print("survived")
"""


def test_a_long_session_of_qt_calls_does_not_abort_the_interpreter():
    out = subprocess.run([sys.executable, "-c", CALLS], capture_output=True, text=True, timeout=240)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.split() == ["survived"]
