"""Windows that fit the lab's screen: a preferred size, capped by the room the screen gives.

Lab PCs run 1280×800 or 1366×768, often at 125-150% scaling, with a task bar and a title
bar taking part of that. A window asks for its preferred size; where the screen has less
room it opens maximized instead, so its edges and its buttons are never off-screen.
"""

from __future__ import annotations

from ui.qt import QApplication, QSize, Qt, QWidget

# What a title bar and frame take around a window, as a share of the screen's height (the
# real size is known only once the window manager has framed the window).
_FRAME_SHARE = 0.06


def fit_to_screen(window: QWidget, preferred: QSize) -> None:
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    frame = int(room.height() * _FRAME_SHARE)
    if preferred.width() + frame <= room.width() and preferred.height() + frame <= room.height():
        window.resize(preferred)
        return
    window.resize(QSize(min(preferred.width(), room.width() - frame), min(preferred.height(), room.height() - frame)))
    window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def room_for_dialogs(widget: QWidget) -> QSize:
    """The largest size a dialog may take on ``widget``'s screen, its frame allowed for."""
    screen = widget.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    frame = int(room.height() * _FRAME_SHARE)
    return QSize(room.width() - frame, room.height() - frame)
