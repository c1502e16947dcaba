"""Thaw one patient's devices for a cycle: scan each code, check identity with a witness, assess.

Scanning (or typing) a device code and pressing Enter adds it to the list; a device that
is not stored, or belongs to another patient, is refused there in words. The cycle is
one of the man's couples' cycles. The post-thaw assessment records whether sperm were
found and how they moved.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from typing import Sequence

from bench_app.domain.enums import ConsentUse, LotKind
from bench_app.domain.errors import BenchError
from bench_app.services.storage_dto import DeviceInfo, ThawInfo
from ui.common.bidi import isolate
from ui.common.form import ErrorForm, error_label, set_message
from ui.common.lot_picker import LotPickerWidget
from ui.common.times import DateTimeFieldEdit
from ui.common.witness_panel import ScanLineEdit
from ui.cryo.cryo_dialog import CryoWitnessedDialog, device_identifiers
from ui.cryo.cryo_text import CompactListWidget, status_text, tri_state, yes_no_combo
from ui.qt import (
    QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox,
    QVBoxLayout, QWidget,
)
from ui.patients.consent_notice import ConsentNoticeWidget
from ui.retrieval.cycle_choice import fill_cycles
from ui.shell.bench_context import BenchContext

COUNTS = (("progressive", _l("progressive")), ("non_progressive", _l("non-progressive")),
          ("twitching", _l("twitching")), ("immotile", _l("immotile")))


class ThawDialog(CryoWitnessedDialog):
    ok_text = _l("Thaw")
    witness_note = _l("A second person reads each label against the patient and signs with their own PIN.")

    def __init__(self, context: BenchContext, devices: Sequence[DeviceInfo] = (), parent: QWidget | None = None):
        super().__init__(_("Thaw"), parent)
        self.context = context
        self.devices: list[DeviceInfo] = []
        self._patient_id: int | None = None
        services = context.services
        columns = QHBoxLayout()
        columns.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        self.content.addLayout(columns)

        which = QGroupBox(_("Devices"), self)
        form = self.add_form(ErrorForm(parent=which), into=QVBoxLayout(which))
        self.scan = ScanLineEdit(which)
        self.scan.setObjectName("thawScan")
        self.scan.setPlaceholderText(_("Scan or type a device code, then Enter"))
        self.scan_message = error_label(which)
        scan_cell = QWidget(which)
        scan_cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        scan_column = QVBoxLayout(scan_cell)
        scan_column.setContentsMargins(0, 0, 0, 0)
        scan_column.addWidget(self.scan)
        scan_column.addWidget(self.scan_message)
        self.list = CompactListWidget(4, which)
        self.list.setObjectName("thawDevices")
        self.remove_button = QPushButton(_("Remove from the list"), which)
        self.patient_label = QLabel(_("Scan the first device: its patient is shown here."), which)
        self.patient_label.setObjectName("thawPatient")
        self.cycle = QComboBox(which)
        self.cycle.setObjectName("thawCycle")
        form.add_row("device_codes", _("Add device"), scan_cell)
        form.add_row("device_ids", _("To thaw"), self.list)
        form.add_plain_row("", self.remove_button)
        form.add_plain_row(_("Patient"), self.patient_label)
        form.add_row("cycle_id", _("For cycle"), self.cycle)
        self.consent = ConsentNoticeWidget(context, ConsentUse.TREATMENT, which)
        which.layout().addWidget(self.consent)
        left.addWidget(which)

        after = QGroupBox(_("Post-thaw assessment"), self)
        form = self.add_form(ErrorForm(parent=after), into=QVBoxLayout(after))
        self.sperm_found = yes_no_combo(QComboBox(after), _("Sperm found"), _("No sperm found"))
        self.sperm_found.setObjectName("spermFound")
        counts = QWidget(after)
        grid = QHBoxLayout(counts)
        grid.setContentsMargins(0, 0, 0, 0)
        self.counts: dict[str, QSpinBox] = {}
        for key, caption in COUNTS:
            spin = QSpinBox(counts)
            spin.setObjectName(f"count_{key}")
            spin.setRange(0, 1_000_000)
            spin.setMaximumWidth(80)
            self.counts[key] = spin
            column = QVBoxLayout()
            column.setSpacing(0)
            column.addWidget(spin)
            column.addWidget(QLabel(str(caption), counts))
            grid.addLayout(column)
        grid.addStretch(1)
        self.medium = LotPickerWidget(services, LotKind.MEDIUM, product_hint=_("Thaw medium"), parent=after)
        self.thawed_at = DateTimeFieldEdit("thawed_at", services.ctx.clock, parent=after)
        self.thawed_at.setObjectName("thawedAt")
        self.notes = QLineEdit(after)
        self.notes.setObjectName("thawNotes")
        form.add_row("sperm_found", _("Sperm"), self.sperm_found)
        form.add_row("progressive", _("Motility"), counts)
        form.add_row("thaw_medium_lot", _("Thaw medium"), self.medium)
        form.add_row("thawed_at", _("Thawed at"), self.thawed_at)
        form.add_row("notes", _("Notes"), self.notes)
        left.addStretch(1)
        right.addWidget(after)
        right.addWidget(self.witness_box)
        right.addStretch(1)
        for group in (which, after):
            group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)

        self.scan.scanned.connect(self.add_code)
        self.remove_button.clicked.connect(self._remove_selected)
        for device in devices:
            self.add_device(device)
        self._devices_changed()
        self.setMinimumWidth(1040)
        self.scan.setFocus()

    # --- the list of devices -------------------------------------------------------------

    def add_code(self, text: str) -> bool:
        """A scanned or typed code: the device is added, or the reason it cannot be is shown."""
        text = text.strip()
        if not text:
            return False
        try:
            device = self.context.services.cryo.find_device(text)
        except BenchError as exc:
            return self._refuse(str(exc))
        return self.add_device(device)

    def add_device(self, device: DeviceInfo) -> bool:
        if any(d.id == device.id for d in self.devices):
            return self._refuse(isolated(_("{code} is on the list already."), code=device.code))
        if not device.stored:
            return self._refuse(isolated(_("{code} is {status}: only a stored device can be thawed."),
                code=device.code, status=status_text(device).lower()))
        if device.pending_discard_id is not None:
            return self._refuse(isolated(_("{code} awaits approval of discard request #{number}."),
                code=device.code, number=device.pending_discard_id))
        if self.devices and device.patient_id != self.devices[0].patient_id:
            return self._refuse(isolated(_("{code} belongs to {name} ({mrn}), not to {other}: one thaw is one patient's "
                                           "devices."), code=device.code, name=isolate(device.patient_name),
                                                     mrn=device.mrn, other=isolate(self.devices[0].patient_name)))
        self.devices.append(device)
        set_message(self.scan_message, "")
        self.scan.clear()
        self._devices_changed()
        return True

    def _refuse(self, message: str) -> bool:
        set_message(self.scan_message, message)
        self.scan.selectAll()
        return False

    def _remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.devices):
            del self.devices[row]
            self._devices_changed()

    def _devices_changed(self) -> None:
        self.list.clear()
        for d in self.devices:
            self.list.addItem(f"{d.code}   ·   {d.position_path}")
        self.remove_button.setEnabled(bool(self.devices))
        patient_id = self.devices[0].patient_id if self.devices else None
        if patient_id != self._patient_id:
            self._patient_id = patient_id
            self.consent.set_patient(patient_id)
            self.cycle.clear()
            if patient_id is not None:
                d = self.devices[0]
                n = fill_cycles(self.cycle, self.context.services, patient_id)
                self.patient_label.setText(f"{isolate(d.patient_name)} ({d.mrn})"
                                           + ("" if n else "   ·   " + _("no cycle as the male partner: start one first")))
            else:
                self.patient_label.setText(_("Scan the first device: its patient is shown here."))
        d = self.devices[0] if self.devices else None
        self.rebuild_witness(
            device_identifiers(d.patient_name if d else _("(scan a device)"), d.mrn if d else "",
                               [(x.code, x.position_path) for x in self.devices], caption=_("Patient")),
            scan_codes=[x.code for x in self.devices])

    # --- saving ------------------------------------------------------------------------

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        for key, _caption in COUNTS[1:]:  # the four counts share one row
            if key in errors:
                errors["progressive"] = " ".join(dict.fromkeys(filter(None, (errors.get("progressive"),
                                                                             errors.pop(key)))))
        super().show_errors(errors)

    def save_witnessed(self) -> ThawInfo:
        product, lot = self.medium.values()

        def thaw(values, witness):
            return self.context.services.cryo.thaw(
                self.context.actor, device_ids=[d.id for d in self.devices], cycle_id=self.cycle.currentData(),
                witness=witness, sperm_found=tri_state(self.sperm_found), thaw_medium=product, thaw_medium_lot=lot,
                thawed_at=values[0], notes=self.notes.text(), **{k: spin.value() for k, spin in self.counts.items()})

        return self.run_step(thaw, self.thawed_at)
