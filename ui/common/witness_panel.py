"""The "Witness" box of every witnessed step: a second person signs in and confirms the label.

The witness types their user name and PIN (picking a name from a list would not be a
witness), and ticks each identifier they read on the label. Scanning the label's barcode
into the scan field stands in for reading it: a code that matches ticks every identifier
and records the method as a scan. "Mismatch" reports that the label does not match; the
service then blocks the step and records an incident, unless a supervisor overrides it at
once: with the mismatch reported, the panel asks for the supervisor's user name, password
and reason (the override is recorded, and is an incident of its own).

Continuous witnessing: when the same witness signed in with name and PIN for an earlier
step of this procedure (``continuing``), the panel asks for that witness's PIN alone and
names them; "Another witness" brings back the user name.

Enter after a matching scan saves the step when the witness part is complete (name, PIN,
every identifier): the scanner's own Enter finishes the step, as at a till. When something
is still missing, the focus goes to it instead.
"""

from __future__ import annotations

from typing import Sequence

from bench_app.domain.clock import to_local
from bench_app.domain.enums import WitnessMethod
from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l, format_time
from bench_app.services.witness_service import ContinuousWitness, WitnessInput
from ui.common.bidi import isolate, isolated
from ui.common.focus_order import order_tab_chain
from ui.common.form import ErrorForm
from ui.common.headings import muted
from ui.qt import (
    QCheckBox, QDialog, QGroupBox, QHBoxLayout, QKeyEvent, QLabel, QLineEdit, QPushButton, QSizePolicy, Qt, QVBoxLayout,
    QWidget, Signal,
)

OK_STYLE = "color: #1b5e20; font-weight: 600;"
BAD_STYLE = "color: #b3261e; font-weight: 600;"
MISMATCH_STYLE = "QPushButton:checked { background: #b3261e; color: white; }"
MISMATCH_TEXT = _l("Mismatch: the label does not match")
MISMATCH_REPORTED = _l("Mismatch reported (click to take back)")


class ScanLineEdit(QLineEdit):
    """A field for a barcode scanner: its closing Enter ends the scan instead of the dialog."""

    scanned = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.scanned.emit(self.text().strip())
            event.accept()
            return
        super().keyPressEvent(event)


class WitnessPanel(QGroupBox):
    """``identifiers`` are (caption, value) pairs; ``scan_codes`` the barcodes that match this item."""

    def __init__(self, identifiers: Sequence[tuple[str, str]], *, scan_codes: Sequence[str] = (),
                 note: str = "", title: str = "", scope: str = "",
                 continuing: ContinuousWitness | None = None, parent: QWidget | None = None):
        super().__init__(title or _("Witness"), parent)
        self.scope = scope
        self.continuing: ContinuousWitness | None = None
        self.setObjectName("witnessPanel")
        self.scan_codes = {c.strip().upper() for c in scan_codes if c.strip()}
        self.method = WitnessMethod.MANUAL
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 14, 12, 10)
        layout.setSpacing(8)
        if note:
            layout.addWidget(muted(note, self))
        self.form = ErrorForm(parent=self)
        layout.addWidget(self.form)

        self.username = QLineEdit(self)
        self.username.setObjectName("witnessUsername")
        self.username.setPlaceholderText(_("The second person's user name"))
        self.username.setMaxLength(64)
        self.secret = QLineEdit(self)
        self.secret.setObjectName("witnessSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.secret.setPlaceholderText(_("Their own PIN or password"))
        self.scan = ScanLineEdit(self)
        self.scan.setObjectName("witnessScan")
        self.scan.setPlaceholderText(_("Optional: scan the label's barcode"))
        self.scan_status = QLabel(self)
        self.scan_status.setWordWrap(True)
        self.scan_status.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.scan_status.hide()
        scan_cell = QWidget(self)
        scan_column = QVBoxLayout(scan_cell)
        scan_column.setContentsMargins(0, 0, 0, 0)
        scan_column.setSpacing(2)
        scan_column.addWidget(self.scan)
        scan_column.addWidget(self.scan_status)

        checks = QWidget(self)
        check_column = QVBoxLayout(checks)
        check_column.setContentsMargins(0, 2, 0, 0)
        check_column.setSpacing(4)
        self.boxes: list[tuple[QCheckBox, str]] = []
        for caption, value in identifiers:
            box = QCheckBox(f"{caption}: {isolate(value)}", checks)  # isolates on screen only
            check_column.addWidget(box)
            self.boxes.append((box, f"{caption}: {value}"))

        mismatch_cell = QWidget(self)
        mismatch_row = QHBoxLayout(mismatch_cell)
        mismatch_row.setContentsMargins(0, 0, 0, 0)
        self.mismatch = QPushButton(str(MISMATCH_TEXT), mismatch_cell)
        self.mismatch.setObjectName("witnessMismatch")
        self.mismatch.setCheckable(True)
        mismatch_row.addWidget(self.mismatch)
        mismatch_row.addStretch(1)
        self.mismatch.setAutoDefault(False)
        self.mismatch.setStyleSheet(MISMATCH_STYLE)
        self.mismatch.setToolTip(_("Report that what the witness read does not match: the step is blocked "
                                   "and an incident is recorded."))

        continuing_cell = QWidget(self)
        continuing_row = QHBoxLayout(continuing_cell)
        continuing_row.setContentsMargins(0, 0, 0, 0)
        self.continuing_text = QLabel(continuing_cell)
        self.continuing_text.setObjectName("continuingWitness")
        self.continuing_text.setWordWrap(False)  # two set lines: a wrapped label misjudges its height here
        self.another_button = QPushButton(_("Another witness"), continuing_cell)
        self.another_button.setObjectName("anotherWitness")
        self.another_button.setAutoDefault(False)
        self.another_button.clicked.connect(self.end_continuing)
        continuing_row.addWidget(self.continuing_text, 1)
        continuing_row.addWidget(self.another_button)

        self.override_username = QLineEdit(self)
        self.override_username.setObjectName("overrideUsername")
        self.override_username.setPlaceholderText(_("Optional: a supervisor overrides the mismatch now"))
        self.override_secret = QLineEdit(self)
        self.override_secret.setObjectName("overrideSecret")
        self.override_secret.setEchoMode(QLineEdit.EchoMode.Password)
        self.override_secret.setPlaceholderText(_("The supervisor's own password or PIN"))
        self.override_reason = QLineEdit(self)
        self.override_reason.setObjectName("overrideReason")
        self.override_reason.setPlaceholderText(_("e.g. label read again aloud; MRN and name match the record"))

        self.form.add_row("continuing", _("Witness"), continuing_cell)
        self.form.add_row("witness", _("Witness"), self.username)
        self.form.add_row("witness_secret", _("PIN or password"), self.secret)
        self.form.add_row("scan", _("Scan label"), scan_cell)
        self.form.add_row("identifiers", _("Checked on the label"), checks)
        self.form.add_row("mismatch", "", mismatch_cell)
        self.form.add_row("override", _("Supervisor"), self.override_username)
        self.form.add_row("override_secret", _("Supervisor's password"), self.override_secret)
        self.form.add_row("override_reason", _("Reason for override"), self.override_reason)
        self.scan.scanned.connect(self._scan_entered)
        self.mismatch.toggled.connect(self._mismatch_toggled)
        self._mismatch_toggled(False)
        self.set_continuing(continuing)

    # --- continuous witnessing and the override ------------------------------------------

    def set_continuing(self, continuing: ContinuousWitness | None) -> None:
        """Ask for ``continuing``'s PIN alone (they signed in with name and PIN for this procedure)."""
        self.continuing = continuing
        self.form.set_row_visible("continuing", continuing is not None)
        self.form.set_row_visible("witness", continuing is None)
        secret_label = self.form.caption("witness_secret")
        if continuing is None:
            secret_label.setText(_("PIN or password"))
            self.secret.setPlaceholderText(_("Their own PIN or password"))
            return
        self.continuing_text.setText(
            _("<b>{name}</b> ({username}) signed in with name and PIN at {since};<br>for this procedure their PIN "
              "alone confirms until {until}.").format(
                name=isolate(continuing.full_name), username=isolate(continuing.username),
                since=format_time(to_local(continuing.signed_in_at)), until=format_time(to_local(continuing.until))))
        secret_label.setText(isolated(_("PIN of {name}"), name=continuing.full_name))
        self.secret.setPlaceholderText(isolated(_("PIN of {name}"), name=continuing.full_name))

    def end_continuing(self) -> None:
        """Back to user name and PIN (another witness, or the period ended)."""
        self.set_continuing(None)
        self.username.clear()
        self.secret.clear()
        self.username.setFocus()

    def _mismatch_toggled(self, on: bool) -> None:
        self.mismatch.setText(str(MISMATCH_REPORTED if on else MISMATCH_TEXT))
        for key in ("override", "override_secret", "override_reason"):
            self.form.set_row_visible(key, on)

    # --- what the witness did ------------------------------------------------------------

    def check_scan(self, text: str) -> bool:
        """A scan of a matching barcode ticks every identifier and makes the method a scan."""
        text = text.strip()
        if not text:
            self.scan_status.hide()
            self.method = WitnessMethod.MANUAL
            return False
        if text.upper() in self.scan_codes:
            self.method = WitnessMethod.SCAN
            for box, _text in self.boxes:
                box.setChecked(True)
            self._status(_("✓ {code} matches: every identifier is checked.").format(code=isolate(text.upper())), OK_STYLE)
            return True
        self.method = WitnessMethod.MANUAL
        self._status(_("{code} is not this item's label: check the tube, or report a mismatch.").format(code=isolate(text)),
                     BAD_STYLE)
        self.scan.selectAll()
        return False

    def showEvent(self, event) -> None:
        super().showEvent(event)
        window = self.window()
        if isinstance(window, QDialog):   # a panel built again for another item keeps Tab in screen order
            order_tab_chain(window)

    def missing_field(self) -> QWidget | None:
        """The first witness field still empty, or None when the witness part is complete."""
        if self.continuing is None and not self.username.text().strip():
            return self.username
        if not self.secret.text():
            return self.secret
        unticked = [box for box, _text in self.boxes if not box.isChecked()]
        return unticked[0] if unticked else None

    def _scan_entered(self, text: str) -> None:
        if not self.check_scan(text):
            return
        missing = self.missing_field()
        if missing is not None:
            missing.setFocus()
            return
        dialog = self.window()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            dialog.accept()   # saves through the dialog: every other field is checked there

    def _status(self, text: str, style: str) -> None:
        self.scan_status.setText(text)
        self.scan_status.setStyleSheet(style)
        self.scan_status.show()

    def value(self) -> WitnessInput:
        """What the witness entered, or a ValidationError naming what is missing."""
        errors: dict[str, str] = {}
        if not self.secret.text():
            errors["witness_secret"] = _("The witness types their own PIN or password.")
        if self.scan.text().strip() and not self.check_scan(self.scan.text()) and not self.mismatch.isChecked():
            errors["scan"] = _("The scanned label is not this item's: check the tube, or report a mismatch.")
        matched = not self.mismatch.isChecked()
        checked = tuple(text for box, text in self.boxes if box.isChecked())
        if matched and len(checked) < len(self.boxes):
            errors["identifiers"] = _("Tick each identifier the witness read on the label, or report a mismatch.")
        if errors:
            raise ValidationError(errors)
        identifiers = checked if matched else tuple(text for _box, text in self.boxes)
        override = {}
        if not matched and self.override_username.text().strip():
            override = dict(override_username=self.override_username.text().strip(),
                            override_secret=self.override_secret.text(),
                            override_reason=self.override_reason.text().strip())
        username = "" if self.continuing is not None else self.username.text().strip()
        return WitnessInput(username=username, secret=self.secret.text(), identifiers=identifiers,
                            method=self.method, matched=matched, scope=self.scope, **override)

    def wrong_secret(self, message: str) -> dict[str, str]:
        """After a failed sign-in: the PIN is cleared for a new try; the message goes under it."""
        self.secret.clear()
        return {"witness_secret": message}

    def wrong_override_secret(self, message: str) -> dict[str, str]:
        self.override_secret.clear()
        return {"override_secret": message}
