"""Finding a patient: type a name prefix, an MRN or a code; results follow as you type."""

from __future__ import annotations

from bench_app.domain.codes import looks_like_code
from bench_app.domain.errors import BenchError
from bench_app.i18n import _, isolated, ngettext
from ui.common.area_focus import mark_search
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading, muted
from ui.common.row_table_model import sorting_proxy
from ui.common.table_view import fit_columns, make_table, select_row
from ui.patients.patient_table_model import PatientTableModel
from ui.patients.register_couple_dialog import RegisterCoupleDialog
from ui.patients.register_patient_dialog import RegisterPatientDialog
from ui.qt import QHBoxLayout, QLineEdit, QPushButton, QTimer, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext

DEBOUNCE_MS = 250


class PatientSearchView(QWidget):
    patientActivated = Signal(int)
    coupleRegistered = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        layout.addWidget(heading(_("Patients & cycles"), self))

        row = QHBoxLayout()
        row.setSpacing(8)
        self.search = QLineEdit(self)
        mark_search(self.search)
        self.search.setObjectName("patientSearch")
        self.search.setPlaceholderText(_("Search by family or given name (first letters), MRN, or code"))
        self.search.setClearButtonEnabled(True)
        row.addWidget(self.search, 1)
        self.register_couple_button = QPushButton(_("Register couple…"), self)
        self.register_patient_button = QPushButton(_("Register patient…"), self)
        row.addWidget(self.register_couple_button)
        row.addWidget(self.register_patient_button)
        layout.addLayout(row)

        self.summary = muted(_("Type at least one letter of a name, or an MRN."), self)
        self.summary.setObjectName("searchSummary")
        layout.addWidget(self.summary)

        self.model = PatientTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=PatientTableModel.Column.NAME)
        self.table.setObjectName("patientResults")
        layout.addWidget(self.table, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self._search_now)
        self.table.activated.connect(self._open_index)
        self.register_couple_button.clicked.connect(self.register_couple)
        self.register_patient_button.clicked.connect(self.register_patient)
        self.setFocusProxy(self.search)

    def _search_now(self) -> None:
        self._debounce.stop()
        self.run_search()
        if self.model.rowCount() == 1:
            self.patientActivated.emit(self.model.row_at(0).id)
        elif self.model.rowCount():
            self.table.setFocus()
            select_row(self.table, 0)

    def run_search(self) -> None:
        text = self.search.text().strip()
        patients = self.context.services.patients
        if not text:
            self.model.set_rows([])
            self.summary.setText(_("Type at least one letter of a name, or an MRN."))
            return
        if looks_like_code(text):
            try:
                target = self.context.services.scan.resolve(text)
            except BenchError as exc:
                self.model.set_rows([])
                self.summary.setText(str(exc))
                return
            rows = [patients.get_patient(target.patient_id).patient]
        else:
            rows = patients.search(text)
        self.model.set_rows(rows)
        fit_columns(self.table)
        count = len(rows)
        self.summary.setText(isolated(_("No patient matches “{text}”."), text=text) if not count
                             else isolated(ngettext("{count} patient found.", "{count} patients found.", count),
                                 count=count))

    def refresh(self) -> None:
        if self.search.text().strip():
            self.run_search()

    def _open_index(self, index) -> None:
        source = self.proxy.mapToSource(index)
        self.patientActivated.emit(self.model.row_at(source.row()).id)

    def register_couple(self) -> None:
        dialog = RegisterCoupleDialog(self.context, self)
        open_dialog(self, dialog, lambda couple: self.coupleRegistered.emit(couple.id))

    def register_patient(self) -> None:
        dialog = RegisterPatientDialog(self.context, self)
        open_dialog(self, dialog, lambda patient: self.patientActivated.emit(patient.id))
