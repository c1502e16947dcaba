"""Discard requests waiting for a second signature; a supervisor or administrator decides them.

Everyone sees what waits; only a supervisor or administrator gets Approve and Reject.
The service refuses anyone else too, and refuses the person who asked for the discard.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated, ngettext
from bench_app.services.storage_dto import DiscardInfo
from ui.common.dialog_host import open_dialog
from ui.common.decision_list_view import DecisionListView
from ui.cryo.discard_dialogs import ApproveDiscardDialog, RejectDiscardDialog
from ui.cryo.discard_table_model import DiscardTableModel
from ui.qt import QWidget, Signal
from ui.shell.bench_context import BenchContext



class DiscardRequestsView(DecisionListView):
    decided = Signal(object)  # DiscardInfo

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(context, DiscardTableModel(), stretch_column=DiscardTableModel.Column.REASON,
                         name="discard", buttons=[(_("Approve…"), "approveDiscard", self.approve),
                                                  (_("Reject…"), "rejectDiscard", self.reject)], parent=parent)
        self.model.setParent(self)
        self.approve_button, self.reject_button = self.decide_buttons
        self.table.activated.connect(lambda _i: self.approve() if self.may_decide() else None)

    def load_rows(self) -> list:
        return self.context.services.cryo.pending_discard_requests()

    def summary_for(self, n: int) -> str:
        waiting = isolated(ngettext("{count} discard request waiting for a second signature.",
                                    "{count} discard requests waiting for a second signature.", n), count=n) if n \
            else _("No discard request is waiting.")
        if n and not self.may_decide():
            waiting += " " + _("Only a supervisor or an administrator can approve or reject them.")
        return waiting

    def approve(self) -> None:
        request: DiscardInfo | None = self.selected()
        if request is not None and self.may_decide():
            open_dialog(self, ApproveDiscardDialog(self.context, request, self), self._decided)

    def reject(self) -> None:
        request: DiscardInfo | None = self.selected()
        if request is not None and self.may_decide():
            open_dialog(self, RejectDiscardDialog(self.context, request, self), self._decided)

    def _decided(self, info: DiscardInfo) -> None:
        self.refresh()
        self.decided.emit(info)
