"""UI fixtures: a main window for any member of the team, and helpers that type and click."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD, PASSWORD  # noqa: F401  (re-exported for the UI tests)
from ui.app import create_main_window
from ui.qt import QApplication, QEvent, QKeyEvent, QLineEdit, Qt, QWidget


# The offscreen platform used for tests says this whenever a top-level window sets size
# hints; it is about the test platform, not the application.
OFFSCREEN_NOISE = r"This plugin does not support propagateSizeHints\(\)"


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(OFFSCREEN_NOISE))


def type_into(qtbot, field: QWidget, text: str) -> None:
    """Replace a field's text the way a person does: select all, then type."""
    line = field if isinstance(field, QLineEdit) else field.lineEdit()
    line.setFocus()
    line.selectAll()
    qtbot.keyClick(line, Qt.Key.Key_Backspace)
    type_text(qtbot, line, text)


def type_text(qtbot, widget: QWidget, text: str) -> None:
    """Type any script. QTest maps only ASCII to keys; other letters arrive as a keyboard
    layout or input method delivers them: a key event carrying the text."""
    for ch in text:
        if ch.isascii():
            qtbot.keyClicks(widget, ch)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def plain(text: str) -> str:
    """Screen text without the invisible bidi isolates the UI puts around names."""
    return text.replace("\u2068", "").replace("\u2069", "")


def click(qtbot, button: QWidget) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


@pytest.fixture(autouse=True)
def _nothing_left_asking(request):
    """After each test, close its windows without questions: a main window with a form still open
    would ask "save or discard?" as pytest-qt closes it, and that modal question, never answered,
    would then take the keyboard from every later test's window (shortcuts, focus)."""
    yield
    if "qtbot" not in request.fixturenames:
        return
    from ui.qt import QDialog
    from ui.shell.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget._closing_confirmed = True  # the test is over: nobody is there to answer
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            widget.done(QDialog.DialogCode.Rejected)
        elif isinstance(widget, MainWindow) and widget.isVisible():  # e.g. opened by a sign-in in the test
            widget.idle.stop()
            widget.close()


@pytest.fixture
def open_window(qtbot, services):
    """``open_window(actor, idle_timeout_ms=None)``: a shown main window, closed after the test."""
    windows = []

    def make(actor, idle_timeout_ms: int | None = None):
        window = create_main_window(services, actor, idle_timeout_ms=idle_timeout_ms)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.idle.stop()
