"""Freeze a sample, a pool of one patient's samples, or an ejaculate into devices, placed at once.

The left column says what is frozen and how; the right column the devices: their number,
type and colour, the codes reserved for their labels, and where each one goes (proposed
free positions, changeable). The codes are reserved for the chosen patient and their labels
printed from here, before loading, so the witness reads (or scans) the real labels: the
patient's name, the MRN and each device code with its position. Codes reserved and not
used (the freeze is cancelled, fewer devices, another patient) are voided with the reason.
Consent to storage is checked as soon as the patient is chosen.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.domain.enums import ConsentUse, DeviceType, FreezeMethod, LotKind
from bench_app.domain.errors import POSITION_OCCUPIED, POSITION_TAKEN, BenchError, ValidationError, message_code
from bench_app.domain.storage import MAX_DEVICES_PER_FREEZE
from bench_app.domain.value_labels import colour_label
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.labels_service import PrintedLabels
from bench_app.services.storage_dto import FreezeInfo
from ui.common.form import ErrorForm, error_label, set_message
from ui.common.lot_picker import LotPickerWidget
from ui.common.times import DateTimeFieldEdit
from ui.cryo.cryo_dialog import CryoWitnessedDialog, device_identifiers
from ui.cryo.cryo_text import (
    COLOURS, DEVICE_TYPE_TEXT, METHOD_TEXT, fill_combo, read_count, select_data, tri_state, yes_no_combo,
)
from ui.cryo.freeze_source_widget import FreezeSourceForm
from ui.cryo.position_list_widget import PositionListWidget
from ui.patients.consent_notice import ConsentNoticeWidget
from ui.printing.label_printing import print_labels
from ui.qt import (
    QComboBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QSizePolicy, QSpinBox, QVBoxLayout, QWidget,
)
from ui.shell.bench_context import BenchContext


def _count_edit(parent: QWidget, name: str) -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setObjectName(name)
    edit.setMaximumWidth(90)
    edit.setPlaceholderText(_("count"))
    return edit


class FreezeDialog(CryoWitnessedDialog):
    ok_text = _l("Freeze and place")

    def __init__(self, context: BenchContext, patient: PatientSummary | None = None,
                 parent: QWidget | None = None):
        super().__init__(_("Freeze"), parent)
        self.context = context
        self.codes: list[str] = []
        services = context.services
        columns = QHBoxLayout()
        columns.setSpacing(16)
        left, right = QVBoxLayout(), QVBoxLayout()
        columns.addLayout(left, 5)
        columns.addLayout(right, 6)
        self.content.addLayout(columns)

        what = QGroupBox(_("What is frozen"), self)
        what_layout = QVBoxLayout(what)
        self.source = FreezeSourceForm(services, patient, what)
        self.add_form(self.source, into=what_layout)
        self.consent = ConsentNoticeWidget(context, ConsentUse.STORAGE, what)
        what_layout.addWidget(self.consent)
        left.addWidget(what)

        how = QGroupBox(_("How"), self)
        form = self.add_form(ErrorForm(parent=how), into=QVBoxLayout(how))
        self.method = fill_combo(QComboBox(how), METHOD_TEXT)
        self.method.setObjectName("freezeMethod")
        select_data(self.method, FreezeMethod.VITRIFICATION)
        self.cryoprotectant = LotPickerWidget(services, LotKind.CRYOPROTECTANT, product_hint=_("Cryoprotectant"),
                                              parent=how)
        counts = QWidget(how)
        row = QHBoxLayout(counts)
        row.setContentsMargins(0, 0, 0, 0)
        self.motile = _count_edit(counts, "preFreezeMotile")
        self.immotile = _count_edit(counts, "preFreezeImmotile")
        for caption, edit in ((_("motile"), self.motile), (_("immotile"), self.immotile)):
            row.addWidget(edit)
            row.addWidget(QLabel(caption, counts))
        row.addStretch(1)
        self.sperm_present = yes_no_combo(QComboBox(how), _("Sperm present"), _("No sperm seen"),
                                          unset=_("— (from the counts)"))
        self.sperm_present.setObjectName("spermPresent")
        self.frozen_at = DateTimeFieldEdit("frozen_at", services.ctx.clock, parent=how)
        self.frozen_at.setObjectName("frozenAt")
        self.notes = QLineEdit(how)
        self.notes.setObjectName("freezeNotes")
        form.add_row("method", _("Method"), self.method)
        form.add_row("cryoprotectant_lot", _("Cryoprotectant"), self.cryoprotectant)
        form.add_row("pre_freeze_motile", _("Pre-freeze"), counts)
        form.add_row("sperm_present", _("Sperm seen"), self.sperm_present)
        form.add_row("frozen_at", _("Frozen at"), self.frozen_at)
        form.add_row("notes", _("Notes"), self.notes)
        left.addWidget(how)
        left.addStretch(1)

        devices = QGroupBox(_("Devices and positions"), self)
        form = self.add_form(ErrorForm(parent=devices), into=QVBoxLayout(devices))
        self.count = QSpinBox(devices)
        self.count.setObjectName("deviceCount")
        self.count.setRange(1, MAX_DEVICES_PER_FREEZE)
        self.count.setValue(3)
        self.count.setMaximumWidth(90)
        self.device_type = fill_combo(QComboBox(devices), DEVICE_TYPE_TEXT)
        self.device_type.setObjectName("deviceType")
        self.colour = QComboBox(devices)
        self.colour.setObjectName("deviceColour")
        self.colour.setEditable(True)
        for colour in COLOURS:  # the word in the screen's language; the English word is stored
            self.colour.addItem(colour_label(colour), colour)
        self.contents = QLineEdit(devices)
        self.contents.setObjectName("deviceContents")
        kind = QWidget(devices)
        kind_row = QHBoxLayout(kind)
        kind_row.setContentsMargins(0, 0, 0, 0)
        kind_row.addWidget(self.count)
        kind_row.addWidget(self.device_type, 1)
        kind_row.addWidget(QLabel(_("colour"), kind))
        kind_row.addWidget(self.colour, 1)
        self.reserve_button = QPushButton(_("Reserve codes and propose positions"), devices)
        self.reserve_button.setObjectName("reserveCodes")
        self.print_button = QPushButton(_("Print labels…"), devices)
        self.print_button.setObjectName("printDeviceLabels")
        self.print_button.setToolTip(_("Print the reserved codes' labels now, before loading: the witness checks them"))
        self.codes_label = QLabel(devices)
        self.codes_label.setObjectName("reservedCodes")
        self.codes_label.setWordWrap(True)
        labels = QWidget(devices)
        labels_row = QHBoxLayout(labels)
        labels_row.setContentsMargins(0, 0, 0, 0)
        labels_row.addWidget(self.reserve_button)
        labels_row.addWidget(self.print_button)
        labels_row.addWidget(self.codes_label, 1)
        self.positions = PositionListWidget(services, devices)
        form.add_row("device_count", _("Devices"), kind)
        form.add_row("contents", _("Contents"), self.contents)
        form.add_row("device_codes", _("Labels"), labels)
        form.add_row("positions", _("Positions"), self.positions)
        right.addWidget(devices)
        right.addWidget(self.witness_box)
        right.addStretch(1)
        for group in (what, how, devices):
            group.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.race = error_label(self)  # the race for a position, in words above the buttons
        self.race.setObjectName("positionTaken")
        self.body.insertWidget(self.body.indexOf(self.general_error), self.race)

        self.source.patientChanged.connect(self._patient_changed)
        self.source.changed.connect(self._update_contents)
        self.count.valueChanged.connect(lambda _v: self._update_devices())
        self.device_type.currentIndexChanged.connect(lambda _i: self._update_devices())
        self.reserve_button.clicked.connect(self.reserve_codes)
        self.print_button.clicked.connect(self.print_device_labels)
        self.positions.changed.connect(self._update_witness)
        self.codes_patient_id: int | None = None
        self.printed_codes: set[str] = set()
        self.finished.connect(lambda _result: self._void_unused())
        self.consent.set_patient(self.source.patient().id if self.source.patient() else None)
        self._update_devices()
        self._update_contents()
        self.setMinimumWidth(1180)
        self.source.picker.setFocus()

    # --- devices, codes and positions ---------------------------------------------------------

    def reserve_codes(self) -> None:
        """Codes for the labels (only the missing ones), then free positions for every device."""
        patient = self.source.patient()
        if patient is None:
            self.show_errors({"device_codes": _("Choose the patient first: the labels carry their name and MRN.")})
            return
        self.show_errors({})
        need = self.count.value() - len(self.codes)
        if need > 0:
            try:
                self.codes += self.context.services.cryo.reserve_device_codes(self.context.actor, need,
                                                                              patient_id=patient.id)
            except BenchError as exc:
                self.show_errors({"device_codes": str(exc)})
                return
            self.codes_patient_id = patient.id
        self._update_devices()
        self.positions.propose()

    def print_device_labels(self):
        """The reserved codes' straw or vial labels, printed before loading."""
        codes = self.codes[:self.count.value()]
        if not codes:
            self.show_errors({"device_codes": _("Reserve the codes first.")})
            return None
        return print_labels(self, self.context, codes, on_printed=self._labels_printed)

    def _labels_printed(self, printed: PrintedLabels) -> None:
        self.printed_codes.update(printed.codes)
        self._update_devices()

    def _patient_changed(self, patient: PatientSummary | None) -> None:
        self.consent.set_patient(patient.id if patient else None)
        if self.codes and (patient is None or patient.id != self.codes_patient_id):
            self._void(self.codes, "another patient was chosen before loading")
            self.codes, self.printed_codes, self.codes_patient_id = [], set(), None
            self._update_devices()
        else:
            self._update_witness()

    def _void(self, codes, reason: str) -> None:
        if codes:
            try:
                self.context.services.cryo.void_device_codes(self.context.actor, codes, reason=reason)
            except BenchError:
                pass  # a code already used or voided is left as it is

    def _void_unused(self) -> None:
        """Codes reserved here and not on a device are voided when the form closes, with the reason."""
        if self.result() == self.DialogCode.Accepted and self.result_value is not None:
            frozen = len(self.result_value.devices)
            self._void(self.codes[frozen:], f"not used: {frozen} device{'s' if frozen != 1 else ''} were frozen")
        else:
            self._void(self.codes, "freeze cancelled before loading")

    def _colour(self) -> str:
        """The offered colour's English word, or the words typed when they are none of the list's."""
        text = self.colour.currentText().strip()
        index = self.colour.findText(text)
        return self.colour.itemData(index) if index >= 0 else text

    def device_labels(self) -> list[str]:
        kind = DEVICE_TYPE_TEXT[DeviceType(self.device_type.currentData())]
        return [f"{kind} {n + 1}  {self.codes[n] if n < len(self.codes) else _('(no code yet)')}"
                for n in range(self.count.value())]

    def _update_devices(self) -> None:
        count = self.count.value()
        ready = len(self.codes[:count])
        printed = len(set(self.codes[:count]) & self.printed_codes)
        self.codes_label.setText(_("not reserved yet") if not ready
                                 else isolated(_("{ready} reserved; {more} more to reserve"), ready=ready, more=count - ready)
                                 if ready < count
                                 else isolated(_("{ready} reserved and printed"), ready=ready) if printed == count
                                 else isolated(_("{ready} reserved: print before loading"), ready=ready))
        self.print_button.setEnabled(bool(ready))
        self.reserve_button.setText(_("Reserve codes and propose positions") if len(self.codes) < count
                                    else _("Propose positions again"))
        self.positions.set_labels(self.device_labels())
        self._update_witness()

    def _update_contents(self) -> None:
        text = self.source.default_contents()  # what the service writes when Contents is left empty
        self.contents.setPlaceholderText(text.replace(" ()", " " + _("(of the chosen samples)")))

    def _update_witness(self) -> None:
        patient = self.source.patient()
        count = self.count.value()
        refs = self.positions.positions()
        pairs = [(self.codes[n] if n < len(self.codes) else isolated(_("Device {number} (no code yet)"), number=n + 1),
                  refs[n].path if refs[n] else _("no position chosen")) for n in range(count)]
        self.rebuild_witness(device_identifiers(patient.full_name if patient else _("(choose the patient)"),
                                                patient.mrn if patient else "", pairs),
                             scan_codes=[*self.codes[:count], *([patient.mrn] if patient else [])])

    # --- saving ------------------------------------------------------------------------

    def _codes(self) -> list[str]:
        count = self.count.value()
        if len(self.codes) < count:
            raise ValidationError.single("device_codes", isolated(ngettext(
                         "Reserve codes for all {count} devices and print their labels before loading.",
                "Reserve codes for all {count} devices and print their labels before loading.", count),
                count=count))
        if self.consent.problem():
            raise ValidationError.single("consent", self.consent.problem())
        return self.codes[:count]

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        for alone, shared in (("cryoprotectant", "cryoprotectant_lot"), ("pre_freeze_immotile", "pre_freeze_motile")):
            if alone in errors:  # two values on one row share its error line
                errors[shared] = " ".join(dict.fromkeys(filter(None, (errors.get(shared), errors.pop(alone)))))
        taken = errors.get("positions", "")
        set_message(self.race, taken if message_code(taken) in (POSITION_TAKEN, POSITION_OCCUPIED) else "")
        super().show_errors(errors)

    def clear_errors(self) -> None:
        super().clear_errors()
        set_message(self.race, "")

    def save_witnessed(self) -> FreezeInfo:
        patient = self.source.patient()
        product, lot = self.cryoprotectant.values()

        def freeze(values, witness):
            motile, immotile, frozen_at, positions, codes = values
            return self.context.services.cryo.freeze(
                self.context.actor, source_kind=self.source.source_kind(), sample_ids=self.source.sample_ids(),
                patient_id=patient.id if patient else None, method=self.method.currentData(),
                cryoprotectant=product, cryoprotectant_lot=lot, device_count=self.count.value(),
                device_type=self.device_type.currentData(), positions=positions, witness=witness,
                colour=self._colour(), contents=self.contents.text().strip(),
                pre_freeze_motile=motile, pre_freeze_immotile=immotile,
                sperm_present=tri_state(self.sperm_present), device_codes=codes, frozen_at=frozen_at,
                notes=self.notes.text())

        return self.run_step(freeze, lambda: read_count(self.motile.text(), "pre_freeze_motile"),
                             lambda: read_count(self.immotile.text(), "pre_freeze_immotile"),
                             self.frozen_at, self.positions.values, self._codes)
