"""Move one or more stored devices to new positions: witnessed, with a reason.

Free positions are proposed (together on one cane when one has room) and can be changed
row by row. The old positions free at once when the move is saved.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated, ngettext
from typing import Sequence

from bench_app.services.storage_dto import DeviceInfo, MoveResult
from ui.common.bidi import isolate
from ui.common.form import ErrorForm
from ui.common.times import DateTimeFieldEdit
from ui.cryo.cryo_dialog import CryoWitnessedDialog
from ui.cryo.position_list_widget import PositionListWidget
from ui.qt import QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


def patient_identifiers(devices: Sequence[DeviceInfo]) -> list[tuple[str, str]]:
    """Each patient's name and MRN once, in the order their devices come."""
    first: dict[int, DeviceInfo] = {}
    for d in devices:
        first.setdefault(d.patient_id, d)
    return [pair for d in first.values() for pair in ((_("Patient"), d.patient_name), (_("MRN"), d.mrn))]


class MoveDialog(CryoWitnessedDialog):
    ok_text = _l("Move")
    witness_note = _l("A second person reads each label, checks the new position, and signs with their own PIN.")

    def __init__(self, context: BenchContext, devices: Sequence[DeviceInfo], parent: QWidget | None = None):
        n = len(devices)
        owners = {d.patient_id: d for d in devices}
        if len(owners) == 1:
            intro = isolated(ngettext("{count} device of {name} ({mrn}). Free positions are proposed; select a row to "
                                      "change its position.",
                             "{count} devices of {name} ({mrn}). Free positions are proposed; select a row to "
                             "change its position.", n), count=n, name=isolate(devices[0].patient_name),
                                                               mrn=devices[0].mrn)
        else:
            # Translators: {patients} is "2 patients", "3 patients", ...
            intro = isolated(ngettext("{count} device of {patients}. Free positions are proposed; select a row to change "
                                      "its position.",
                             "{count} devices of {patients}. Free positions are proposed; select a row to change "
                             "its position.", n),
                count=n, patients=isolated(ngettext("{count} patient", "{count} patients", len(owners)),
                    count=len(owners)))
        super().__init__(isolated(ngettext("Move {count} device", "Move {count} devices", n), count=n), parent,
                         intro=intro)
        self.context = context
        self.devices = list(devices)
        form = self.add_form(ErrorForm(parent=self))
        self.positions = PositionListWidget(context.services, self, rows=min(max(n, 2), 6))
        self.positions.setObjectName("movePositions")
        self.positions.set_labels([isolated(_("{code} (now {position})"), code=d.code, position=d.position_path)
                                   for d in self.devices])
        self.reason = QLineEdit(self)
        self.reason.setObjectName("moveReason")
        self.reason.setPlaceholderText(_("e.g. consolidating canes before the tank service"))
        self.moved_at = DateTimeFieldEdit("moved_at", context.services.ctx.clock, parent=self)
        self.moved_at.setObjectName("movedAt")
        form.add_row("positions", _("New positions"), self.positions)
        form.add_row("reason", _("Reason"), self.reason)
        form.add_row("moved_at", _("Moved at"), self.moved_at)
        self.content.addWidget(self.witness_box)
        self.positions.changed.connect(self._update_witness)
        self.positions.propose()
        self._update_witness()
        self.setMinimumWidth(820)
        self.reason.setFocus()

    def _update_witness(self) -> None:
        refs = self.positions.positions()
        moves = [(d.code, f"{d.position_path} → {ref.path if ref else _('no position chosen')}")
                 for d, ref in zip(self.devices, refs)]
        self.rebuild_witness(patient_identifiers(self.devices) + moves, scan_codes=[d.code for d in self.devices])

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        if "device_ids" in errors:  # the devices are the rows of the positions list
            errors["positions"] = " ".join(filter(None, (errors.pop("device_ids"), errors.get("positions"))))
        super().show_errors(errors)

    def save_witnessed(self) -> MoveResult:
        def move(values, witness):
            positions, moved_at = values
            return self.context.services.cryo.move_devices(
                self.context.actor, device_ids=[d.id for d in self.devices], positions=positions,
                reason=self.reason.text(), witness=witness, moved_at=moved_at)

        return self.run_step(move, self.positions.values, self.moved_at)
