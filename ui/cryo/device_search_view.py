"""Find devices by code (typed or scanned, Enter), patient name prefix or MRN; see each one's history.

The same screen lists every device of one patient when opened for a patient. Selecting
a device shows where it is and its history in time order: freeze, placement, moves,
thaw, discard, each with who did it, the witness, from → to and the reason.
"""

from __future__ import annotations

from bench_app.domain.value_labels import colour_label
from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.domain.clock import format_date
from bench_app.domain.errors import BenchError
from bench_app.services.storage_dto import DeviceHistory, DeviceInfo
from ui.common.area_focus import mark_search
from ui.common.bidi import isolate
from ui.common.headings import heading, muted
from ui.common.row_table_model import ROW_ROLE, sorting_proxy
from ui.common.table_view import fit_columns, make_table, select_row
from ui.cryo.cryo_text import DEVICE_TYPE_TEXT, status_text
from ui.cryo.device_table_model import DeviceTableModel
from ui.cryo.history_table_model import HistoryTableModel
from ui.qt import (
    QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QSplitter, Qt, QTimer, QVBoxLayout, QWidget,
    Signal,
)
from ui.shell.bench_context import BenchContext

DEBOUNCE_MS = 300
REASON_WIDTH = 240
HINT = _l("Type or scan a device code, or type a patient's MRN or the first letters of a name.")


class DeviceSearchView(QWidget):
    showInMap = Signal(object)  # DeviceInfo

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.patient_id: int | None = None
        self.history: DeviceHistory | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.search = QLineEdit(self)
        mark_search(self.search)
        self.search.setObjectName("deviceSearch")
        self.search.setPlaceholderText(_("Device code, MRN, or the first letters of a name (Enter searches now)"))
        self.search.setClearButtonEnabled(True)
        self.patient_button = QPushButton(_("All devices of this patient"), self)
        self.patient_button.setToolTip(_("Every device of the selected device's patient, with its status"))
        self.patient_record_button = QPushButton(_("Open patient record"), self)
        row.addWidget(self.search, 1)
        row.addWidget(self.patient_button)
        row.addWidget(self.patient_record_button)
        layout.addLayout(row)
        self.summary = muted(str(HINT), self)
        self.summary.setObjectName("deviceSearchSummary")
        layout.addWidget(self.summary)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.model = DeviceTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, splitter, stretch_column=DeviceTableModel.Column.POSITION)
        self.table.setObjectName("deviceResults")
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        detail = QWidget(splitter)
        column = QVBoxLayout(detail)
        column.setContentsMargins(0, 6, 0, 0)
        column.setSpacing(4)
        title_row = QHBoxLayout()
        self.history_title = heading("", detail, level=2)
        self.history_title.setObjectName("historyTitle")
        self.map_button = QPushButton(_("Show in storage map"), detail)
        title_row.addWidget(self.history_title)
        title_row.addStretch(1)
        title_row.addWidget(self.map_button)
        column.addLayout(title_row)
        self.device_line = QLabel(detail)
        self.device_line.setObjectName("deviceLine")
        self.device_line.setWordWrap(True)
        self.device_line.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        column.addWidget(self.device_line)
        self.history_model = HistoryTableModel(self)
        self.history_table = make_table(self.history_model, detail, sortable=False,
                                        stretch_column=HistoryTableModel.Column.DETAILS)
        self.history_table.setObjectName("historyTable")
        self.history_table.setWordWrap(True)  # paths are long: rows grow rather than cut them
        self.history_table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        column.addWidget(self.history_table, 1)
        splitter.addWidget(self.table)
        splitter.addWidget(detail)
        splitter.setSizes([300, 320])
        layout.addWidget(splitter, 1)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(DEBOUNCE_MS)
        self._debounce.timeout.connect(self.run_search)
        self.search.textEdited.connect(lambda _t: self._debounce.start())
        self.search.returnPressed.connect(self.search_now)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._show_history())
        self.patient_button.clicked.connect(self._show_selected_patient)
        self.patient_record_button.clicked.connect(self._open_patient_record)
        self.map_button.clicked.connect(lambda: self.history and self.showInMap.emit(self.history.device))
        self.setFocusProxy(self.search)
        self._show_history()

    # --- searching -----------------------------------------------------------------------

    def search_now(self) -> None:
        """Enter (a scanner's last key): search at once; a single hit is selected."""
        self._debounce.stop()
        self.run_search()
        if self.model.rowCount():
            select_row(self.table, 0)
            if self.model.rowCount() > 1:
                self.table.setFocus()
        self.search.selectAll()  # the next scan replaces this one

    def run_search(self) -> None:
        text = self.search.text().strip()
        self.patient_id = None
        if not text:
            self._set_rows([], str(HINT))
            return
        try:
            rows = self.context.services.storage.search(text)
        except BenchError as exc:
            self._set_rows([], str(exc))
            return
        count = len(rows)
        self._set_rows(rows, isolated(_("No device matches “{text}”."), text=text) if not count
                       else isolated(ngettext("{count} device found.", "{count} devices found.", count), count=count))

    def show_patient(self, patient_id: int) -> None:
        """Every device of one patient, stored ones first."""
        devices = self.context.services.cryo.patient_devices(patient_id)
        name = self.context.services.patients.get_patient(patient_id).patient
        self.patient_id = patient_id
        self.search.setText(name.mrn)  # the search box says whose list this is
        stored = sum(1 for d in devices if d.stored)
        self._set_rows(devices, isolated(_("Devices of {name} ({mrn}): {count} in all, {stored} stored."),
            name=isolate(name.listing_name), mrn=name.mrn, count=len(devices), stored=stored) if devices else
                       isolated(_("{name} ({mrn}) has no frozen devices."), name=isolate(name.listing_name), mrn=name.mrn))
        if devices:
            select_row(self.table, 0)

    def show_device(self, device_id: int) -> None:
        device = self.context.services.cryo.get_device(device_id)
        self.search.setText(device.code)
        self.run_search()
        self.select_device(device_id)

    def select_device(self, device_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.index(row, 0).data(ROW_ROLE).id == device_id:
                select_row(self.table, row)
                return

    def refresh(self) -> None:
        selected = [d.id for d in self.selected_devices()]
        if self.patient_id is not None:
            self.show_patient(self.patient_id)
        elif self.search.text().strip():
            self.run_search()
        for device_id in selected[:1]:
            self.select_device(device_id)

    def _set_rows(self, rows: list[DeviceInfo], summary: str) -> None:
        self.model.today = self.context.today()
        self.model.set_rows(rows)
        fit_columns(self.table)
        self.summary.setText(summary)
        self._show_history()

    # --- the selected device -------------------------------------------------------------

    def selected_devices(self) -> list[DeviceInfo]:
        indexes = sorted(self.table.selectionModel().selectedRows(), key=lambda i: i.row())
        return [i.data(ROW_ROLE) for i in indexes]

    def _show_history(self) -> None:
        selected = self.selected_devices()
        device = selected[0] if len(selected) == 1 else None
        self.patient_button.setEnabled(bool(selected) and len({d.patient_id for d in selected}) == 1)
        self.patient_record_button.setEnabled(self.patient_button.isEnabled())
        self.map_button.setEnabled(device is not None and device.stored)
        if device is None:
            self.history = None
            self.history_model.set_rows([])
            self.history_title.setText(_("History"))
            self.device_line.setText(isolated(ngettext("{count} device selected.", "{count} devices selected.",
                                              len(selected)), count=len(selected)) if selected
                                     else _("Select a device to see where it is and its history."))
            return
        self.history = self.context.services.cryo.device_history(device.id)
        d = self.history.device
        self.history_title.setText(isolated(_("History of {code}"), code=d.code))
        expiry = (isolated(_("storage expiry {date}"), date=format_date(d.storage_expiry)) if d.storage_expiry
                  else _("no storage expiry"))
        self.device_line.setText(
            f"{isolate(d.patient_name)} ({d.mrn})   ·   {DEVICE_TYPE_TEXT.get(d.device_type, '')}"
            f"{', ' + colour_label(d.colour) if d.colour else ''}   ·   {status_text(d)}"
            f"{': ' + d.position_path if d.position_path else ''}   ·   {expiry}   ·   {d.contents}")
        self.history_model.set_rows(self.history.events)
        fit_columns(self.history_table)
        self.history_table.setColumnWidth(HistoryTableModel.Column.REASON, REASON_WIDTH)

    def _show_selected_patient(self) -> None:
        selected = self.selected_devices()
        if selected:
            self.show_patient(selected[0].patient_id)

    def _open_patient_record(self) -> None:
        selected = self.selected_devices()
        if selected:
            self.context.open_patient(selected[0].patient_id)
