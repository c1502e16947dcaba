"""The controls under the oocyte grid, one panel per mode: maturity, injection, fertilization check.

Each panel holds only widgets; the cycle view reads them and calls the services. Error
lines sit under the field they are about (the reason for a correction, the reason for a
check outside the window).
"""

from __future__ import annotations

from datetime import datetime
from typing import Callable

from bench_app.i18n import _, isolated
from ui.common.form import ErrorForm
from ui.common.times import DateTimeFieldEdit
from ui.icsi.icsi_text import WINDOW_TEXT
from ui.qt import QHBoxLayout, QLineEdit, QPushButton, Qt, QVBoxLayout, QWidget


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
        self.form = ErrorForm(parent=self)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("maturityReason")
        self.reason.setPlaceholderText(_("Why a recorded maturity changes (a correction)"))
        self._reason_cell = self.form.add_row("reason", _("Reason for the change"), self.reason).parentWidget()
        layout.addWidget(self.form)
        row = QHBoxLayout()
        self.add_button = _button(_("+ Line beyond the COCs"), "addLineButton", self,
                                  _("Add an oocyte line beyond the COC count "
                                    "(the service refuses more oocytes than COCs)"))
        self.save_button = _button(_("Save maturities"), "saveMaturitiesButton", self,
                                   _("Save every keyed maturity (Enter)"))
        row.addWidget(self.add_button)
        row.addStretch(1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        self.show_reason(False)

    def show_reason(self, visible: bool) -> None:
        self.form.layout_.setRowVisible(self._reason_cell, visible)
        self.form.setVisible(visible)


class InjectionPanel(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.session_button = _button(_("Start ICSI session…"), "startSessionButton", self,
                                      _("Choose the sperm source; source, dish and patient are witnessed"))
        self.select_mii_button = _button(_("Select MII"), "selectMiiButton", self,
                                         _("Select every MII oocyte not injected"))
        self.select_all_button = _button(_("Select all not injected"), "selectAllButton", self)
        self.inject_button = _button(_("Inject selected…"), "injectButton", self, _("Record the injection (Enter)"))
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
        self.form = ErrorForm(parent=self)
        self.checked_at = DateTimeFieldEdit("checked_at", now, parent=self)
        self.checked_at.setObjectName("checkedAt")
        self.reason = QLineEdit(self)
        self.reason.setObjectName("windowReason")
        self.reason.setPlaceholderText(isolated(_("Needed for checks outside {window}"), window=WINDOW_TEXT))
        self.form.add_row("checked_at", _("Time of check"), self.checked_at)
        self.form.add_row("window_reason", _("Reason, outside window"), self.reason)
        row = QHBoxLayout()
        row.addWidget(self.form, 1)
        self.save_button = _button(_("Save checks"), "saveChecksButton", self, _("Save every keyed result (Enter)"))
        row.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignBottom)
        layout.addLayout(row)
