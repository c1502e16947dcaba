"""An honest panel for an area a later issue builds: what it will hold, and that it is not here yet."""

from __future__ import annotations

from typing import Sequence

from bench_app.i18n import _
from ui.common.headings import heading, muted
from ui.qt import QFrame, QLabel, Qt, QVBoxLayout, QWidget


class PlaceholderView(QWidget):
    """One class for every not-yet-built area; the registry passes its words."""

    def __init__(self, title: str, summary: str, will_hold: Sequence[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.title = title
        layout = QVBoxLayout(self)
        layout.setContentsMargins(28, 24, 28, 24)
        layout.setSpacing(10)
        layout.addWidget(heading(title, self))
        layout.addWidget(muted(summary, self))
        box = QFrame(self)
        box.setObjectName("placeholderBox")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        inner = QVBoxLayout(box)
        inner.setContentsMargins(16, 12, 16, 14)
        inner.addWidget(heading(_("This area will hold"), box, level=2))
        items = "".join(f"<li style='margin-bottom:4px'>{item}</li>" for item in will_hold)
        html = f"<ul style='margin-left:-20px'>{items}</ul>"  # markup around the registry's words
        listing = QLabel(html, box)
        listing.setTextFormat(Qt.TextFormat.RichText)
        listing.setWordWrap(True)
        inner.addWidget(listing)
        layout.addWidget(box)
        self.status = muted(_("Not built yet: it arrives in a later release. Nothing here records "
                              "or changes data."), self)
        layout.addWidget(self.status)
        layout.addStretch(1)
