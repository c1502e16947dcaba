"""What the main window shows while locked: no patient data, only who was signed in."""

from __future__ import annotations

from bench_app.i18n import _, isolated
from ui.common.headings import heading, muted
from ui.qt import QPushButton, Qt, QVBoxLayout, QWidget, Signal


class LockView(QWidget):
    unlockRequested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.setSpacing(12)
        self.title = heading(_("Bench is locked"), self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail = muted("", self)
        self.detail.setWordWrap(False)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(_("Unlock…"), self)
        self.unlock_button.setObjectName("unlockButton")
        self.unlock_button.clicked.connect(self.unlockRequested)
        layout.addWidget(self.title)
        layout.addWidget(self.detail)
        layout.addWidget(self.unlock_button, 0, Qt.AlignmentFlag.AlignCenter)

    def set_person(self, full_name: str) -> None:
        self.detail.setText(isolated(_("{full_name} was signed in. Nothing is shown until someone signs in again."), full_name=full_name))
