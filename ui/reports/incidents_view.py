"""Reports › Incidents: the supervisor's list of mismatches, overrides, refused witnesses, voided codes.

Filtered by date, kind and state (open and acknowledged by default: what still needs a
supervisor); a supervisor or admin acknowledges the selected incident or resolves it with
a resolution text. "Preview and print…" prints the list as filtered, and the printing is
recorded. A kind another part of Bench starts recording appears in the kind filter once
it has been recorded, with a readable name.
"""

from __future__ import annotations

from datetime import timedelta

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.domain.incidents import KIND_LABELS, IncidentState, kind_label
from bench_app.i18n import _, _l, ngettext, pgettext
from bench_app.services.incidents_service import REVIEWER_ROLES, IncidentFilter, IncidentInfo
from ui.common.bidi import isolate, isolated
from ui.common.dates import DateFieldEdit, read_fields
from ui.common.dialog_host import open_dialog
from ui.common.form import error_label, set_message
from ui.common.headings import muted
from ui.common.row_table_model import ROW_ROLE, sorting_proxy
from ui.common.table_view import make_table, select_row
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.printing.print_preview_dialog import PrintPreviewDialog
from ui.qt import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget
from ui.reports.incident_table_model import IncidentTableModel
from ui.reports.resolve_incident_dialog import ResolveIncidentDialog
from ui.shell.bench_context import BenchContext

ALL = ""
STATE_CHOICES = ((_l("Open or acknowledged"), (IncidentState.OPEN, IncidentState.ACKNOWLEDGED)),
                 (_l("Open"), (IncidentState.OPEN,)), (_l("Acknowledged"), (IncidentState.ACKNOWLEDGED,)),
                 (_l("Resolved"), (IncidentState.RESOLVED,)), (_l("Any state"), ()))
DEFAULT_DAYS = 90
REVIEW_WIDTH = 210


class IncidentsView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.file_chooser: FileChooser = QtFileChooser()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 0)
        layout.setSpacing(8)
        bar = QHBoxLayout()
        bar.setSpacing(6)
        today = context.today()
        self.since = DateFieldEdit("since", today - timedelta(days=DEFAULT_DAYS), self)
        self.since.setObjectName("incidentsSince")
        self.until = DateFieldEdit("until", today, self)
        self.until.setObjectName("incidentsUntil")
        self.kind = QComboBox(self)
        self.kind.setObjectName("incidentKind")
        self.state = QComboBox(self)
        self.state.setObjectName("incidentState")
        for text, value in STATE_CHOICES:
            self.state.addItem(str(text), value)
        for caption, widget in ((_("From"), self.since), (pgettext("a date range", "to"), self.until),
                                (_("Kind"), self.kind), (_("State"), self.state)):
            bar.addWidget(QLabel(caption, self))
            bar.addWidget(widget)
        bar.addStretch(1)
        self.preview_button = QPushButton(_("&Preview and print…"), self)
        bar.addWidget(self.preview_button)
        layout.addLayout(bar)
        self.filter_error = error_label(self)
        layout.addWidget(self.filter_error)
        self.caption = muted("", self)
        self.caption.setObjectName("incidentsCaption")
        layout.addWidget(self.caption)
        self.model = IncidentTableModel(self)
        self.proxy = sorting_proxy(self.model, self)
        self.table = make_table(self.proxy, self, stretch_column=IncidentTableModel.Column.WHAT)
        self.table.setWordWrap(True)
        layout.addWidget(self.table, 1)
        actions = QHBoxLayout()
        self.acknowledge_button = QPushButton(_("&Acknowledge"), self)
        self.resolve_button = QPushButton(_("&Resolve…"), self)
        self.detail = QLabel(self)
        self.detail.setObjectName("incidentDetail")
        self.detail.setWordWrap(True)
        self.message = error_label(self)
        notes = QVBoxLayout()  # beside the buttons, so a message never moves them
        notes.setSpacing(2)
        notes.addWidget(self.detail)
        notes.addWidget(self.message)
        actions.addLayout(notes, 1)
        actions.addWidget(self.acknowledge_button)
        actions.addWidget(self.resolve_button)
        layout.addLayout(actions)

        for date_field in (self.since, self.until):
            date_field.editingFinished.connect(self.refresh)
            date_field.returnPressed.connect(self.refresh)
        self.kind.currentIndexChanged.connect(lambda _i: self.refresh())
        self.state.currentIndexChanged.connect(lambda _i: self.refresh())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.resolve_button.clicked.connect(self.resolve)
        self.preview_button.clicked.connect(self.preview)
        self.context.actorChanged.connect(lambda _actor: self._selection_changed())
        self._fill_kinds()
        self._selection_changed()

    # --- the filter --------------------------------------------------------------------

    def _fill_kinds(self) -> None:
        chosen = self.kind.currentData()
        kinds = dict.fromkeys([*(k.value for k in KIND_LABELS), *self.context.services.incidents.kinds()])
        self.kind.blockSignals(True)
        self.kind.clear()
        self.kind.addItem(_("Every kind"), ALL)
        for k in kinds:
            self.kind.addItem(kind_label(k), k)
        index = self.kind.findData(chosen) if chosen else 0
        self.kind.setCurrentIndex(max(index, 0))
        self.kind.blockSignals(False)

    def current_filter(self) -> IncidentFilter:
        (since, until), errors = read_fields(self.since, self.until)
        if since and until and until < since:
            errors["until"] = _("The end date is before the start date.")
        if errors:
            raise ValidationError(errors)
        kind = self.kind.currentData()
        return IncidentFilter(since=since, until=until, kinds=frozenset({kind}) if kind else frozenset(),
                              states=frozenset(self.state.currentData() or ()))

    def refresh(self) -> None:
        try:
            where = self.current_filter()
        except ValidationError as exc:
            set_message(self.filter_error, " ".join(exc.field_errors.values()))
            return
        set_message(self.filter_error, "")
        self._fill_kinds()
        selected = self.selected()
        rows = self.context.services.incidents.list_incidents(where)
        self.model.set_rows(rows)
        self._fit_columns()
        counts = {s: sum(1 for r in rows if r.state == s) for s in IncidentState}
        self.caption.setText(_("{incidents} ({filter}): {states}").format(
            incidents=ngettext("{count} incident", "{count} incidents", len(rows)).format(count=len(rows)),
            filter=where.text(), states=", ".join(f"{counts[s]} {str(s.label).lower()}" for s in IncidentState)))
        if selected is not None:
            self.select(selected.id)
        self._selection_changed()

    def _fit_columns(self) -> None:
        """Short columns to their contents; the review text has a set width; the description takes the rest."""
        columns = IncidentTableModel.Column
        for column in columns:
            if column not in (columns.WHAT, columns.REVIEW):
                self.table.resizeColumnToContents(column)
        self.table.setColumnWidth(columns.REVIEW, REVIEW_WIDTH)
        self.table.resizeRowsToContents()

    # --- the selected incident ---------------------------------------------------------

    def selected(self) -> IncidentInfo | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return rows[0].data(ROW_ROLE) if rows else None

    def select(self, incident_id: int) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ROW_ROLE).id == incident_id:
                select_row(self.table, r)
                return True
        return False

    def _selection_changed(self) -> None:
        row = self.selected()
        may = self.context.actor.role in REVIEWER_ROLES
        self.acknowledge_button.setVisible(may)
        self.resolve_button.setVisible(may)
        self.acknowledge_button.setEnabled(row is not None and row.state == IncidentState.OPEN)
        self.resolve_button.setEnabled(row is not None and row.state != IncidentState.RESOLVED)
        if row is None:
            self.detail.setText(_("Select an incident.") if may else
                                _("Only a supervisor or an administrator acknowledges and resolves incidents."))
        else:
            self.detail.setText(_("<b>#{number} {kind}</b> ({state})").format(  # the incident's number
                number=row.id, kind=row.kind_label, state=str(row.state.label)))

    def acknowledge(self) -> None:
        row = self.selected()
        if row is None:
            return
        try:
            done = self.context.services.incidents.acknowledge(self.context.actor, row.id)
        except BenchError as exc:
            self.say(str(exc), error=True)
            return
        self.refresh()
        self.say(_("Incident #{number} acknowledged by {name}.").format(number=done.id, name=isolate(done.acknowledged_by)))

    def resolve(self) -> None:
        row = self.selected()
        if row is None:
            return
        open_dialog(self, ResolveIncidentDialog(self.context, row, self), self._resolved)

    def _resolved(self, done: IncidentInfo) -> None:
        self.refresh()
        self.say(_("Incident #{number} resolved by {name}.").format(number=done.id, name=isolate(done.resolved_by)))

    def say(self, text: str, *, error: bool = False) -> None:
        self.message.setStyleSheet("color: #b3261e;" if error else "color: #1e6b32;")
        set_message(self.message, text)

    def preview(self) -> None:
        try:
            doc = self.context.services.incidents.pdf(self.context.actor, self.current_filter())
        except BenchError as exc:
            self.say(str(exc), error=True)
            return
        self.say("")
        details = ngettext("{count} page; printed by {name} (recorded in the audit trail).",
                           "{count} pages; printed by {name} (recorded in the audit trail).",
                           doc.page_count).format(count=doc.page_count, name=isolate(self.context.actor.full_name))
        open_dialog(self, PrintPreviewDialog(doc.content, title=doc.title, filename=doc.filename, details=details,
                                             file_chooser=self.file_chooser, parent=self))
