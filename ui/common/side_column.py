"""A side column beside a main table: as wide as its own texts, scrolling down when the screen is short.

A fixed pixel width cut the cycle summary's rates ("66.7% (8/12) · 16 awaiting check")
and will not hold translated texts; a column that only grew would push the window off a
768 px screen. This one takes the width its content asks for and scrolls vertically.
"""

from __future__ import annotations

from ui.qt import QFrame, QScrollArea, Qt, QWidget


class DownScrollArea(QScrollArea):
    """A frameless area around ``self.inner`` that scrolls down, never sideways, and takes no Tab stop."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the fields inside, not to the frame
        self.inner = QWidget(self)
        self.setWidget(self.inner)


class SideColumnArea(DownScrollArea):

    def fit_width(self) -> None:
        """Take the content's width (after its texts changed), with room for the scroll bar."""
        layout = self.inner.layout()
        if layout is not None:
            layout.invalidate()   # rows added since the last layout count too
            layout.activate()
        content = max(self.inner.sizeHint().width(), self.inner.minimumSizeHint().width())
        width = content + self.verticalScrollBar().sizeHint().width()
        self.setMinimumWidth(width)
        self.setMaximumWidth(width)
