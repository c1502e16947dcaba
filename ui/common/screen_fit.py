"""Windows that fit the lab's screen: a preferred size, capped by the room the screen gives.

Lab PCs run 1280×800 or 1366×768, often at 125-150% scaling, with a task bar and a title
bar taking part of that. A window asks for its preferred size; where the screen has less
room it opens maximized instead, so its edges and its buttons are never off-screen.
"""

from __future__ import annotations

from ui.common.side_column import DownScrollArea
from ui.qt import QApplication, QSize, QSizePolicy, Qt, QWidget

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


class FittingScrollArea(DownScrollArea):
    """A form's body: as large as its content where the screen has room, scrolling down where not.

    Qt's own scroll area asks for a small fixed size; this one asks for its content's size,
    capped by the screen, so a dialog opens at its natural size on a large screen and still
    fits, with its buttons in view, on a 768 px one or at 150% scaling. It never scrolls
    sideways: its width is the content's least width.
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.inner.setObjectName("formBody")
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

    def _bar(self) -> int:
        return self.verticalScrollBar().sizeHint().width()

    def _others_height(self) -> int:
        """What the rest of the dialog (intro, messages, buttons, margins) takes of its height."""
        layout = self.parentWidget().layout() if self.parentWidget() is not None else None
        if layout is None:
            return 0
        margins = layout.contentsMargins()
        taken = margins.top() + margins.bottom()
        for index in range(layout.count()):
            item = layout.itemAt(index)
            if item.widget() is self or item.isEmpty():
                continue
            taken += item.sizeHint().height() + layout.spacing()
        return taken

    def sizeHint(self) -> QSize:
        wanted = self.inner.sizeHint()
        room = room_for_dialogs(self)
        height = min(wanted.height(), max(room.height() // 3, room.height() - self._others_height()))
        bar = self._bar() if height < wanted.height() else 0
        return QSize(wanted.width() + bar, height)

    def minimumSizeHint(self) -> QSize:
        least = self.inner.minimumSizeHint()
        return QSize(least.width() + self._bar(), min(least.height(), 6 * self.fontMetrics().lineSpacing()))


def open_at_natural_size(dialog: QWidget) -> None:
    """At first show, take the size the form asks for, as far as the screen allows, inside the screen.

    Qt opens a window at most two thirds of the screen high; a form that scrolls could take that
    offer and hide half its fields behind a scroll bar on a screen with room for all of them.
    """
    room = room_for_dialogs(dialog)
    wanted = dialog.sizeHint().expandedTo(dialog.minimumSizeHint()).boundedTo(room)
    if wanted.height() > dialog.height() or wanted.width() > dialog.width():
        dialog.resize(wanted.expandedTo(dialog.size()).boundedTo(room))
    screen = (dialog.screen() or QApplication.primaryScreen()).availableGeometry()
    frame = dialog.frameGeometry()
    dx = min(0, screen.right() - frame.right()) or max(0, screen.left() - frame.left())
    dy = min(0, screen.bottom() - frame.bottom()) or max(0, screen.top() - frame.top())
    if dx or dy:
        dialog.move(dialog.x() + dx, dialog.y() + dy)
