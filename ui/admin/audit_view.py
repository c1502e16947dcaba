"""The audit trail viewer: filters, and keyset paging 100 events at a time, newest first.

Only one page is ever loaded. "Older ›" passes the page's last id as ``before_id``;
"‹ Newer" goes back through a stack of the before_ids used so far.
"""

from __future__ import annotations

from bench_app.domain.clock import format_local
from bench_app.domain.errors import BenchError
from bench_app.i18n import _, _l, isolate, isolated
from bench_app.services.audit_service import PAGE_SIZE, AuditFilter, AuditPage
from ui.admin.audit_table_model import AuditTableModel, format_changes
from ui.common.dates import DateFieldEdit, read_fields
from ui.common.form import error_label, set_message
from ui.common.headings import muted
from ui.common.table_view import make_table, summary_columns
from ui.qt import (
    QComboBox, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QSplitter, Qt, QVBoxLayout,
    QWidget,
)
from ui.shell.bench_context import BenchContext

ANY = _l("(any)")


class AuditView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None, *, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self.context = context
        self.page_size = page_size
        self.filter = AuditFilter()
        self.page: AuditPage | None = None
        self._starts: list[int | None] = [None]  # before_id of each page opened, oldest last

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        self.username = QComboBox(self)
        self.username.setObjectName("auditUser")
        self.username.setEditable(True)
        self.username.setMinimumWidth(140)
        self.entity_type = QComboBox(self)
        self.entity_type.setObjectName("auditRecordType")
        self.entity_type.addItem(str(ANY), "")
        for name in context.services.audit.entity_types():
            self.entity_type.addItem(name, name)
        self.entity_id = QLineEdit(self)
        self.entity_id.setObjectName("auditRecordId")
        self.entity_id.setPlaceholderText(_("any"))
        self.entity_id.setMaximumWidth(90)
        self.date_from = DateFieldEdit("date_from", parent=self)
        self.date_to = DateFieldEdit("date_to", parent=self)
        self.apply_button = QPushButton(_("Filter"), self)
        self.apply_button.setDefault(True)
        self.clear_button = QPushButton(_("Clear"), self)
        for col, (caption, widget) in enumerate(((_("User"), self.username), (_("Record type"), self.entity_type),
                                                 (_("Record id"), self.entity_id), (_("From"), self.date_from),
                                                 (_("To"), self.date_to))):
            grid.addWidget(QLabel(caption, self), 0, col)
            grid.addWidget(widget, 1, col)
        grid.addWidget(self.apply_button, 1, 5)
        grid.addWidget(self.clear_button, 1, 6)
        grid.setColumnStretch(7, 1)
        layout.addLayout(grid)
        self.message = error_label(self)
        self.message.setObjectName("auditMessage")
        layout.addWidget(self.message)

        self.model = AuditTableModel(self)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.table = make_table(self.model, splitter, sortable=False, stretch_column=AuditTableModel.Column.CHANGES)
        self.table.setObjectName("auditTable")
        self.details = QPlainTextEdit(splitter)
        self.details.setObjectName("auditDetails")
        self.details.setReadOnly(True)
        self.details.setPlaceholderText(_("Select an event to read it in full."))
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.table.selectionModel().currentRowChanged.connect(lambda current, _prev: self._show_details(current))

        paging = QHBoxLayout()
        self.newer_button = QPushButton(_("‹ Newer"), self)
        self.older_button = QPushButton(_("Older ›"), self)
        self.page_label = muted("", self)
        self.page_label.setObjectName("auditPageLabel")
        paging.addWidget(self.page_label, 1)
        paging.addWidget(self.newer_button)
        paging.addWidget(self.older_button)
        layout.addLayout(paging)

        self.apply_button.clicked.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filter)
        for line in (self.entity_id, self.date_from, self.date_to, self.username.lineEdit()):
            line.returnPressed.connect(self.apply_filter)
        self.older_button.clicked.connect(self.older)
        self.newer_button.clicked.connect(self.newer)
        self._fill_usernames()
        self._sized = False
        self.reload()

    def _fill_usernames(self) -> None:
        self.username.addItem("")
        try:
            names = [u.username for u in self.context.services.users.list_users(self.context.actor)]
        except BenchError:
            names = []
        self.username.addItems(names)
        self.username.setCurrentIndex(0)

    # --- filtering -----------------------------------------------------------------------

    def apply_filter(self) -> None:
        set_message(self.message, "")
        (date_from, date_to), unread = read_fields(self.date_from, self.date_to)
        if unread:  # both dates' messages at once
            set_message(self.message, " ".join(unread.values()))
            return
        if date_from and date_to and date_to < date_from:
            set_message(self.message, _("The 'To' date is before the 'From' date."))
            return
        self.filter = AuditFilter(username=self.username.currentText().strip(),
                                  entity_type=self.entity_type.currentData() or "",
                                  entity_id=self.entity_id.text().strip(),
                                  date_from=date_from, date_to=date_to)
        self.reload()

    def clear_filter(self) -> None:
        self.username.setCurrentIndex(0)
        self.username.setEditText("")
        self.entity_type.setCurrentIndex(0)
        for line in (self.entity_id, self.date_from, self.date_to):
            line.clear()
        self.apply_filter()

    # --- paging ----------------------------------------------------------------------------

    def reload(self) -> None:
        """Back to the newest page under the current filter."""
        self._starts = [None]
        self._load()

    def refresh(self) -> None:
        """On showing the area: the page is read again, and redrawn only if its events changed (fitting the
        columns to a hundred rows is most of the area's opening); a selected event stays selected then."""
        self._load(keep_if_same=True)

    def older(self) -> None:
        if self.page is not None and self.page.next_before_id is not None:
            self._starts.append(self.page.next_before_id)
            self._load()

    def newer(self) -> None:
        if len(self._starts) > 1:
            self._starts.pop()
            self._load()

    def page_number(self) -> int:
        return len(self._starts)

    def _load(self, keep_if_same: bool = False) -> None:
        try:
            page = self.context.services.audit.page(self.context.actor, self.filter,
                                                    before_id=self._starts[-1], limit=self.page_size)
        except BenchError as exc:
            set_message(self.message, str(exc))
            return
        if keep_if_same and page == self.page:
            return
        self.page = page
        self.model.set_rows(page.rows)
        self.details.clear()
        if page.rows:  # each page fits its own records and ids
            self._size_columns()
        self.table.scrollToTop()
        self.newer_button.setEnabled(len(self._starts) > 1)
        self.older_button.setEnabled(page.next_before_id is not None)
        if page.rows:
            self.page_label.setText(_("Page {page}: events #{first} to #{last}, newest first").format(
                page=self.page_number(), first=page.rows[0].id, last=page.rows[-1].id))  # the trail's own numbers
        else:
            self.page_label.setText(_("No event matches this filter."))

    def _show_details(self, index) -> None:
        if not index.isValid():
            self.details.clear()
            return
        row = self.model.row_at(index.row())
        record = f"{row.entity_type} #{row.entity_id}" if row.entity_id else row.entity_type
        lines = [_("Event #{number}   {time} (local time)").format(
                     number=row.id, time=format_local(row.occurred_at, with_seconds=True)),
                 f"{isolate(row.username) if row.username else _('system')}   {row.action.replace('_', ' ')}   {isolate(record)}",
                 isolated(_("Workstation: {name}"), name=row.workstation)]
        if row.reason:
            lines.append(isolated(_("Reason: {reason}"), reason=row.reason))
        if row.changes:
            lines.append("")
            lines.append(format_changes(row.changes, "\n"))
        self.details.setPlainText("\n".join(lines))

    def _size_columns(self) -> None:
        C = AuditTableModel.Column
        self.table.resizeColumnsToContents()
        header = self.table.horizontalHeader()
        # Changes and reasons are summaries here: they are read whole in the details below
        # (and in a tooltip); the other columns show their text whole.
        reason_cap = 16 * self.table.fontMetrics().averageCharWidth()
        header.resizeSection(C.REASON, min(header.sectionSize(C.REASON), reason_cap))
        summary_columns(self.table, C.CHANGES, C.REASON)
        self._sized = True
