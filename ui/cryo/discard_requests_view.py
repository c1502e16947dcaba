"""Discard requests waiting for a second signature; a supervisor or administrator decides them.

Everyone sees what waits; only a supervisor or administrator gets Approve and Reject.
The service refuses anyone else too, and refuses the person who asked for the discard.
"""

from __future__ import annotations

from bench_app.domain.enums import Role
from bench_app.services.storage_dto import DiscardInfo
from ui.common.dialog_host import open_dialog
from ui.common.headings import muted
from ui.common.table_view import fit_columns, make_table, selected_row
from ui.cryo.discard_dialogs import ApproveDiscardDialog, RejectDiscardDialog
from ui.cryo.discard_table_model import DiscardTableModel
from ui.qt import QHBoxLayout, QPushButton, QVBoxLayout, QWidget, Signal
from ui.shell.bench_context import BenchContext

APPROVER_ROLES = (Role.SUPERVISOR, Role.ADMIN)


class DiscardRequestsView(QWidget):
    decided = Signal(object)  # DiscardInfo
    countChanged = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(6)
        row = QHBoxLayout()
        self.summary = muted("", self)
        self.summary.setObjectName("discardSummary")
        self.approve_button = QPushButton("Approve…", self)
        self.approve_button.setObjectName("approveDiscard")
        self.reject_button = QPushButton("Reject…", self)
        self.reject_button.setObjectName("rejectDiscard")
        row.addWidget(self.summary, 1)
        row.addWidget(self.approve_button)
        row.addWidget(self.reject_button)
        layout.addLayout(row)
        self.model = DiscardTableModel(self)
        self.table = make_table(self.model, self, sortable=False, stretch_column=DiscardTableModel.Column.REASON)
        self.table.setObjectName("discardTable")
        layout.addWidget(self.table, 1)
        layout.addStretch(0)
        self.approve_button.clicked.connect(self.approve)
        self.reject_button.clicked.connect(self.reject)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        self.table.activated.connect(lambda _i: self.approve() if self.may_decide() else None)
        context.actorChanged.connect(lambda _a: self.refresh())

    def may_decide(self) -> bool:
        return self.context.actor.role in APPROVER_ROLES

    def refresh(self) -> None:
        rows = self.context.services.cryo.pending_discard_requests()
        self.model.set_rows(rows)
        self.table.setVisible(bool(rows))
        fit_columns(self.table)
        if rows:
            self.table.selectRow(0)
        n = len(rows)
        waiting = f"{n} discard request{'s' if n != 1 else ''} waiting for a second signature." if n \
            else "No discard request is waiting."
        if n and not self.may_decide():
            waiting += " Only a supervisor or an administrator can approve or reject them."
        self.summary.setText(waiting)
        self._update_buttons()
        self.countChanged.emit(n)

    def _update_buttons(self) -> None:
        allowed = self.may_decide()
        chosen = selected_row(self.table) is not None
        for button in (self.approve_button, self.reject_button):
            button.setVisible(allowed)
            button.setEnabled(chosen)

    def approve(self) -> None:
        request: DiscardInfo | None = selected_row(self.table)
        if request is not None and self.may_decide():
            open_dialog(self, ApproveDiscardDialog(self.context, request, self), self._decided)

    def reject(self) -> None:
        request: DiscardInfo | None = selected_row(self.table)
        if request is not None and self.may_decide():
            open_dialog(self, RejectDiscardDialog(self.context, request, self), self._decided)

    def _decided(self, info: DiscardInfo) -> None:
        self.refresh()
        self.decided.emit(info)
