"""The controls under the oocyte grid, one panel per mode: maturity, injection, fertilization check.

Each panel holds only widgets; the cycle view reads them and calls the services. Error
lines sit under the field they are about (the reason for a correction, the reason for a
check outside the window).
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from ui.common.form import ErrorForm
from ui.common.headings import muted
from ui.common.times import DateTimeFieldEdit
from ui.icsi.icsi_text import MATURITY_LEGEND, RESULT_LEGEND, WINDOW_TEXT
from ui.qt import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget


def _button(text: str, name: str, parent: QWidget, tip: str = "") -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setAutoDefault(False)
    if tip:
        button.setToolTip(tip)
    return button


class MaturityPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.legend = muted(f"Keys: {MATURITY_LEGEND}.   The key sets the line and moves down; Delete clears; "
                            f"Enter saves.", self)
        layout.addWidget(self.legend)
        self.form = ErrorForm(parent=self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("maturityReason")
        self.reason.setPlaceholderText("Why a recorded maturity changes (a correction)")
        self._reason_cell = self.form.add_row("reason", "Reason for the change", self.reason).parentWidget()
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.add_button = _button("+ Line beyond the COCs", "addLineButton", self,
                                  "Add an oocyte line beyond the COC count (the service refuses more oocytes than COCs)")
        self.save_button = _button("Save maturities", "saveMaturitiesButton", self, "Save every keyed maturity (Enter)")
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.show_reason(False)

    def show_reason(self, visible: bool) -> None:
        self.form.layout_.setRowVisible(self._reason_cell, visible)


class InjectionPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(muted("Select the oocytes to inject (Shift or Ctrl with arrows or clicks), or take every "
                               "MII one; Enter opens the injection. Only MII oocytes are injected unless the "
                               "exception and its reason are recorded.", self))
        row = QHBoxLayout()
        self.session_button = _button("Start ICSI session…", "startSessionButton", self,
                                      "Choose the sperm source; source, dish and patient are witnessed")
        self.select_mii_button = _button("Select MII", "selectMiiButton", self, "Select every MII oocyte not injected")
        self.select_all_button = _button("Select all not injected", "selectAllButton", self)
        self.inject_button = _button("Inject selected…", "injectButton", self, "Record the injection (Enter)")
        for button in (self.session_button, self.select_mii_button, self.select_all_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.inject_button)
        layout.addLayout(row)


class CheckPanel(QWidget):
    def __init__(self, now: Callable[[], datetime], parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(muted(f"Keys: {RESULT_LEGEND}   The key moves to the next injected oocyte; Enter saves. "
                               f"Hours since injection are counted to the time of check; red is outside "
                               f"{WINDOW_TEXT}.", self))
        self.form = ErrorForm(parent=self)
        self.checked_at = DateTimeFieldEdit("checked_at", now, parent=self)
        self.checked_at.setObjectName("checkedAt")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("windowReason")
        self.reason.setPlaceholderText(f"Needed for checks outside {WINDOW_TEXT}")
        self.form.add_row("checked_at", "Time of check", self.checked_at)
        self.form.add_row("window_reason", "Reason, outside window", self.reason)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = _button("Save checks", "saveChecksButton", self, "Save every keyed result (Enter)")
        row.addWidget(self.save_button)
        layout.addLayout(row)
