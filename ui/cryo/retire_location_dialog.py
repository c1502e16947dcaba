"""Retire a location that is no longer used: only when empty, always with a reason."""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from bench_app.services.storage_dto import LocationNode
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QLabel, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class RetireLocationDialog(ServiceDialog):
    ok_text = _l("Retire")

    def __init__(self, context: BenchContext, node: LocationNode, parent: QWidget | None = None):
        super().__init__(isolated(_("Retire {name}"), name=node.name), parent,
                         intro=_("A retired location and everything in it are kept in the records but never "
                                 "proposed or used again. Only an empty location can be retired."))
        self.context = context
        self.node = node
        form = self.add_form(ErrorForm(parent=self))
        form.add_row("location_id", _("Location"), QLabel(
            isolated(_("{path}   ({occupancy} used)"), path=node.path, occupancy=node.occupancy_text), self))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("retireReason")
        self.reason.setPlaceholderText(_("e.g. tank decommissioned after service"))
        form.add_row("reason", _("Reason"), self.reason)
        self.setMinimumWidth(520)
        self.reason.setFocus()

    def save(self) -> LocationNode:
        return self.context.services.storage.retire_location(self.context.actor, self.node.id,
                                                             reason=self.reason.text())
