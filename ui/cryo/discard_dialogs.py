"""Discard: an embryologist asks (reason, consent checked); a supervisor approves with their
password (the second signature) or rejects with a reason.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from typing import Sequence

from bench_app.domain.clock import format_local
from bench_app.domain.errors import AuthenticationFailed, ValidationError, WitnessRequired
from bench_app.services.storage_dto import DeviceInfo, DiscardInfo
from ui.common.bidi import isolate
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.common.witness_panel import WitnessPanel
from ui.common.witnessed_dialog import WitnessedDialog
from ui.cryo.cryo_dialog import device_identifiers
from ui.cryo.cryo_text import status_text
from ui.qt import QCheckBox, QLabel, QLineEdit, Qt, QWidget
from ui.shell.bench_context import BenchContext


def _devices_label(parent: QWidget, devices: Sequence[DeviceInfo]) -> QLabel:
    """One line per device: its code and where it is (the patient is shown on its own row)."""
    label = QLabel("\n".join(f"{d.code}   ·   {d.position_path or status_text(d).lower()}" for d in devices), parent)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


class DiscardRequestDialog(ServiceDialog):
    ok_text = _l("Ask for approval")

    def __init__(self, context: BenchContext, devices: Sequence[DeviceInfo], parent: QWidget | None = None):
        super().__init__(_("Request discard"), parent,
                         intro=_("A discard needs a reason, a check of the patient's consent, and the approval "
                                 "of a supervisor, who signs it with their password. Until then the devices "
                                 "stay stored and cannot be thawed."))
        self.context = context
        self.devices = list(devices)
        form = self.add_form(ErrorForm(parent=self))
        first = self.devices[0]
        form.add_plain_row(_("Patient"), QLabel(f"{isolate(first.patient_name)} ({first.mrn})", self))
        form.add_row("device_ids", _("Devices"), _devices_label(self, self.devices))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("discardReason")
        self.reason.setPlaceholderText(_("e.g. storage consent expired and not renewed; patient informed"))
        self.consent = QCheckBox(_("I checked the patient's consent: it allows these devices to be discarded"), self)
        self.consent.setObjectName("consentChecked")
        form.add_row("reason", _("Reason"), self.reason)
        form.add_row("consent_checked", _("Consent"), self.consent)
        self.setMinimumWidth(640)
        self.reason.setFocus()

    def save(self) -> DiscardInfo:
        return self.context.services.cryo.request_discard(
            self.context.actor, device_ids=[d.id for d in self.devices], reason=self.reason.text(),
            consent_checked=self.consent.isChecked())


def _request_form(dialog: ServiceDialog, request: DiscardInfo) -> ErrorForm:
    form = dialog.add_form(ErrorForm(parent=dialog))
    form.add_row("discard_id", _("Request"), QLabel(
        # Translators: {number} is the discard request's number, {name} the person who asked, {time} when.
        isolated(_("#{number}, asked by {name} on {time}"), number=request.id, name=request.requested_by,
                                                          time=format_local(request.requested_at)),
        dialog))
    form.add_plain_row(_("Patient"), QLabel(f"{isolate(request.patient_name)} ({request.mrn})", dialog))
    form.add_plain_row(_("Devices"), _devices_label(dialog, request.devices))
    form.add_plain_row(_("Reason"), QLabel(request.reason, dialog))
    form.add_plain_row(_("Consent"), QLabel(_("checked by the requester") if request.consent_checked else _("NOT checked"),
                                         dialog))
    return form


class ApproveDiscardDialog(WitnessedDialog):
    """The supervisor discards the devices with a witness who reads each label as it leaves the tank."""

    ok_text = _l("Approve and sign")

    def __init__(self, context: BenchContext, request: DiscardInfo, parent: QWidget | None = None):
        super().__init__(isolated(_("Approve discard #{number}"), number=request.id), parent,
                         intro=_("Approving discards these devices for good. Your password is your electronic "
                                 "signature: it records your name, the time and the meaning \u201capproved\u201d. "
                                 "Discard is a witness point: a second person reads each label as it leaves the "
                                 "tank."))
        self.context = context
        self.request = request
        form = _request_form(self, request)
        self.password = QLineEdit(self)
        self.password.setObjectName("approvePassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(isolated(_("Password of {name}"), name=context.actor.full_name))
        form.add_row("password", _("Your password"), self.password)
        self.add_witness_panel(WitnessPanel(
            device_identifiers(request.patient_name, request.mrn, [(_("Device"), d.code) for d in request.devices],
                               caption=_("Patient")),
            scan_codes=[d.code for d in request.devices] if len(request.devices) == 1 else (),
            note=_("A second person reads each device's label as it is taken out, and signs with their own PIN."),
            parent=self))
        self.setMinimumWidth(640)
        self.password.setFocus()

    def save_witnessed(self) -> DiscardInfo:
        try:
            witness = self.witness_input()
        except ValidationError as incomplete:
            try:  # without a witness the service still says whether this person may approve at all
                self.context.services.cryo.approve_discard(self.context.actor, self.request.id,
                                                           password="", witness=None)
            except WitnessRequired:
                pass
            raise incomplete from None
        password = self.password.text()
        try:
            return self.context.services.cryo.approve_discard(self.context.actor, self.request.id,
                                                              password=password, witness=witness)
        except AuthenticationFailed as exc:
            if exc.field is not None:
                raise  # the witness's or an override's secret: shown in the witness panel
            self.password.clear()
            raise ValidationError.single("password", str(exc)) from None


class RejectDiscardDialog(ServiceDialog):
    ok_text = _l("Reject request")

    def __init__(self, context: BenchContext, request: DiscardInfo, parent: QWidget | None = None):
        super().__init__(isolated(_("Reject discard #{number}"), number=request.id), parent,
                         intro=_("The devices stay stored; the requester sees why."))
        self.context = context
        self.request = request
        form = _request_form(self, request)
        self.reason = QLineEdit(self)
        self.reason.setObjectName("rejectReason")
        form.add_row("reason", _("Why rejected"), self.reason)
        self.setMinimumWidth(640)
        self.reason.setFocus()

    def save(self) -> DiscardInfo:
        return self.context.services.cryo.reject_discard(self.context.actor, self.request.id,
                                                         reason=self.reason.text())
