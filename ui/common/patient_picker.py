"""Choosing one patient inside a form: type an MRN or the first letters of a name, pick a line.

The list follows the typing; the first match is chosen at once, Down moves into the list.
A form opened for a known patient passes it in and the choice is made already.
"""

from __future__ import annotations

from bench_app.domain.clock import format_date
from bench_app.domain.enums import Sex
from bench_app.i18n import _
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.registry import Services
from ui.common.bidi import person
from ui.qt import (
    QKeyEvent, QLineEdit, QListWidget, QListWidgetItem, QSize, QSizePolicy, Qt, QVBoxLayout, QWidget, Signal,
)

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class _SearchEdit(QLineEdit):
    """Down arrow moves from the text into the result list; Enter confirms the choice."""

    down = Signal()
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()  # not the dialog's OK: the rest of the form is still to fill
            event.accept()
            return
        super().keyPressEvent(event)


def describe(p: PatientSummary) -> str:
    return _("{name}   ·   {mrn}   ·   born {born}").format(name=person(p), mrn=p.mrn, born=format_date(p.date_of_birth))


class PatientPickerWidget(QWidget):
    changed = Signal(object)  # PatientSummary or None
    confirmed = Signal()  # Enter pressed with a patient chosen: go on to the next field

    def __init__(self, services: Services, *, exclude_sex: Sex | None = None,
                 patient: PatientSummary | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.exclude_sex = exclude_sex
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.search = _SearchEdit(self)
        self.search.setObjectName("patientPickerSearch")
        self.search.setPlaceholderText(_("MRN, or the first letters of the family or given name"))
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget(self)
        self.results.setObjectName("patientPickerResults")
        self.results.setFixedHeight((self.fontMetrics().height() + 8) * 4 + 6)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        self.search.textEdited.connect(self.run_search)
        self.search.down.connect(self._into_list)
        self.search.enter.connect(lambda: self.confirmed.emit() if self.patient() is not None else None)
        self.results.activated.connect(lambda _index: self.confirmed.emit())
        self.results.currentItemChanged.connect(lambda *_: self.changed.emit(self.patient()))
        self.setFocusProxy(self.search)
        if patient is not None:
            self.set_patient(patient)

    def set_patient(self, patient: PatientSummary) -> None:
        self.search.setText(patient.mrn)
        self._show([patient])

    def run_search(self, text: str | None = None) -> None:
        text = (self.search.text() if text is None else text).strip()
        found = self.services.patients.search(text, limit=20) if text else []
        self._show([p for p in found if p.sex != self.exclude_sex])

    def _show(self, patients: list[PatientSummary]) -> None:
        self.results.blockSignals(True)
        self.results.clear()
        for p in patients:
            item = QListWidgetItem(describe(p))
            item.setData(ROW_ROLE, p)
            # Room for accents above capitals (ÖZTÜRK): a bare list row is one font-height tall.
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 8))
            self.results.addItem(item)
        self.results.blockSignals(False)
        if patients:
            self.results.setCurrentRow(0)
        else:
            self.changed.emit(None)

    def _into_list(self) -> None:
        if self.results.count():
            self.results.setFocus()
            self.results.setCurrentRow(min(self.results.currentRow() + 1, self.results.count() - 1))

    def patient(self) -> PatientSummary | None:
        item = self.results.currentItem()
        return item.data(ROW_ROLE) if item is not None else None
