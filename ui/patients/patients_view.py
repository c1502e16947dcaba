"""The Patients & cycles area: search, a patient, a couple, with Back through what was opened."""

from __future__ import annotations

from bench_app.i18n import _
from ui.common.area_focus import focus_first_field
from ui.patients.couple_detail_view import CoupleDetailView
from ui.patients.patient_detail_view import PatientDetailView
from ui.patients.patient_search_view import PatientSearchView
from ui.qt import QHBoxLayout, QPushButton, QStackedWidget, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext


class PatientsView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self._history: list[tuple[str, int]] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 16, 24, 16)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        self.back_button = QPushButton(_("‹ Back"), self)
        self.back_button.setObjectName("backButton")
        self.back_button.setShortcut("Alt+Left")
        self.back_button.setToolTip(_("Back (Alt+Left)"))
        self.search_button = QPushButton(_("Search patients"), self)
        self.search_button.setToolTip(_("Back to the search (Ctrl+F)"))
        bar.addWidget(self.back_button)
        bar.addWidget(self.search_button)
        bar.addStretch(1)
        layout.addLayout(bar)

        self.pages = QStackedWidget(self)
        self.search_view = PatientSearchView(context, self.pages)
        self.patient_view = PatientDetailView(context, self.pages)
        self.couple_view = CoupleDetailView(context, self.pages)
        for page in (self.search_view, self.patient_view, self.couple_view):
            self.pages.addWidget(page)
        layout.addWidget(self.pages, 1)

        self.search_view.patientActivated.connect(self.show_patient)
        self.search_view.coupleRegistered.connect(self.show_couple)
        self.patient_view.coupleActivated.connect(self.show_couple)
        self.couple_view.patientActivated.connect(self.show_patient)
        self.back_button.clicked.connect(self.back)
        self.search_button.clicked.connect(self.show_search)
        self._update_bar()

    def current_page(self) -> QWidget:
        return self.pages.currentWidget()

    def focus_search(self) -> None:  # Ctrl+F, from the main window
        self.show_search()

    def show_search(self) -> None:
        self._history.clear()
        self.pages.setCurrentWidget(self.search_view)
        self.search_view.refresh()
        self.search_view.search.setFocus()
        self.search_view.search.selectAll()
        self._update_bar()

    def show_patient(self, patient_id: int) -> None:
        self.patient_view.load(patient_id)
        self._push("patient", patient_id)
        self.pages.setCurrentWidget(self.patient_view)
        focus_first_field(self.patient_view)   # the keyboard goes on in the record just opened

    def show_couple(self, couple_id: int) -> None:
        self.couple_view.load(couple_id)
        self._push("couple", couple_id)
        self.pages.setCurrentWidget(self.couple_view)
        focus_first_field(self.couple_view)

    def back(self) -> None:
        if self._history:
            self._history.pop()
        if not self._history:
            self.show_search()
            return
        kind, record_id = self._history.pop()
        (self.show_patient if kind == "patient" else self.show_couple)(record_id)

    def refresh(self) -> None:
        page = self.pages.currentWidget()
        page.refresh()

    def _push(self, kind: str, record_id: int) -> None:
        if not self._history or self._history[-1] != (kind, record_id):
            self._history.append((kind, record_id))
        del self._history[:-20]
        self._update_bar()

    def _update_bar(self) -> None:
        on_search = not self._history
        self.back_button.setEnabled(not on_search)
        self.search_button.setVisible(not on_search)
