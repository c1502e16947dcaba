"""The tank audit's dialogs: open an audit, start a sitting, explain and resolve a discrepancy, sign."""

from __future__ import annotations

from bench_app.domain.errors import ValidationError
from bench_app.domain.inventory import (
    ALLOWED_RESOLUTIONS, DiscrepancyReason, FindingKind,
)
from bench_app.domain.inventory_records import AuditSummary, FindingInfo
from bench_app.i18n import _, isolated
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.common.witness_panel import WitnessPanel
from ui.common.witnessed_dialog import WitnessedDialog
from ui.qt import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext

def audit_ids() -> tuple[tuple[str, str], ...]:
    """What the witness checks in an audit's sitting (in the language shown)."""
    return ((_("Audit"), _("tank and canisters to check")), (_("Performer"), _("the supervisor leading this sitting")))


class OpenAuditDialog(WitnessedDialog):
    """A supervisor opens an audit of a tank (or some canisters) with a witness who signs in."""

    def __init__(self, context: BenchContext, tank_id: int, tank_name: str, parent: QWidget | None = None):
        super().__init__(isolated(_("Open an audit of {tank}"), tank=tank_name), parent, ok_text=_("Open audit"),
                         intro=_("The audit checks every cane of the chosen canisters against the records. "
                                 "It is saved as it goes and can be resumed on any workstation."))
        self.context, self.tank_id = context, tank_id
        form = self.add_form(ErrorForm(parent=self))
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        self.canisters: list[tuple[QCheckBox, int]] = []
        for can in context.services.storage.children(tank_id):
            check = QCheckBox(can.name, box)
            check.setChecked(True)
            column.addWidget(check)
            self.canisters.append((check, can.id))
        form.add_row("canister_ids", _("Canisters"), box)
        self.note = QLineEdit(self)
        form.add_row("note", _("Note"), self.note)
        self.add_witness_panel(WitnessPanel(audit_ids(), parent=self))

    def save_witnessed(self) -> AuditSummary:
        chosen = tuple(i for box, i in self.canisters if box.isChecked())
        if not chosen:
            raise ValidationError.single("canister_ids", _("Choose at least one canister."))
        scope = () if len(chosen) == len(self.canisters) else chosen
        (witness,) = self.gather(self.witness_input)
        return self.context.services.inventory.open_audit(self.context.actor, tank_id=self.tank_id,
                                                          canister_ids=scope, witness=witness,
                                                          note=self.note.text())


class SittingDialog(WitnessedDialog):
    """Resume an audit: this sitting's witness signs in (a different day, person or workstation)."""

    def __init__(self, context: BenchContext, audit: AuditSummary, parent: QWidget | None = None):
        super().__init__(isolated(_("Resume audit #{number} of {tank}"), number=audit.id, tank=audit.tank_name),
                         parent, ok_text=_("Start sitting"),
                         intro=isolated(_("{checked} of {total} canes checked so far. Each sitting records its own "
                                          "witness."), checked=audit.holders_checked, total=audit.holders_total))
        self.context, self.audit = context, audit
        self.add_witness_panel(WitnessPanel(audit_ids(), parent=self))

    def save_witnessed(self) -> AuditSummary:
        (witness,) = self.gather(self.witness_input)
        return self.context.services.inventory.start_sitting(self.context.actor, self.audit.id, witness=witness)


class ExplainDialog(ServiceDialog):
    def __init__(self, context: BenchContext, finding: FindingInfo, parent: QWidget | None = None):
        super().__init__(isolated(_("Explain: {code}"), code=finding.device_code or finding.observed_code), parent,
                         ok_text=_("Save reason"),
                         intro=isolated(_("{finding} on {cane}."), finding=FindingKind(finding.kind).label.capitalize(),
                                                                cane=finding.holder))
        self.context, self.finding = context, finding
        form = self.add_form(ErrorForm(parent=self))
        self.reason = QComboBox(self)
        for reason in DiscrepancyReason:
            self.reason.addItem(reason.label, reason.value)
        if finding.reason:
            self.reason.setCurrentIndex(max(0, self.reason.findData(finding.reason)))
        self.note = QPlainTextEdit(finding.note, self)
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(80)
        form.add_row("reason", _("Reason"), self.reason)
        form.add_row("note", _("Note"), self.note)

    def save(self) -> FindingInfo:
        return self.context.services.inventory.explain(self.context.actor, self.finding.id,
                                                       reason=self.reason.currentData(),
                                                       note=self.note.toPlainText())


class ResolveDialog(WitnessedDialog):
    """Settle a discrepancy through a witnessed step: a move, a put-back, an incident, a correction."""

    def __init__(self, context: BenchContext, finding: FindingInfo, parent: QWidget | None = None):
        code = finding.device_code or finding.observed_code
        what = FindingKind(finding.kind).label.capitalize()
        super().__init__(isolated(_("Resolve: {code}"), code=code), parent, ok_text=_("Resolve"),
                         intro=isolated(_("{finding} on {cane}; the records put it at {path}."),
                             finding=what, cane=finding.holder, path=finding.recorded_at_path)
                         if finding.recorded_at_path else isolated(_("{finding} on {cane}."),
                             finding=what, cane=finding.holder))
        self.context, self.finding = context, finding
        form = self.add_form(ErrorForm(parent=self))
        self.resolution = QComboBox(self)
        for res in ALLOWED_RESOLUTIONS.get(FindingKind(finding.kind), ()):
            self.resolution.addItem(res.label, res.value)
        self.note = QLineEdit(self)
        self.colour = QLineEdit(self)
        self.contents = QLineEdit(self)
        form.add_row("resolution", _("Resolution"), self.resolution)
        form.add_row("resolution_note", _("What was done"), self.note)
        form.add_row("corrections", _("Corrected colour"), self.colour)
        form.add_row("contents", _("Corrected contents"), self.contents)
        self.form = form
        self.add_witness_panel(WitnessPanel(((_("Device"), code), (_("Cane"), finding.holder)), scan_codes=(code,),
                                            parent=self))
        self.resolution.currentIndexChanged.connect(self._show_fields)
        self._show_fields()

    def _show_fields(self) -> None:
        correcting = self.resolution.currentData() == "correct_record"
        for field in (self.colour, self.contents):
            self.form.layout_.setRowVisible(field.parentWidget(), correcting)

    def save_witnessed(self) -> FindingInfo:
        (witness,) = self.gather(self.witness_input)
        corrections = {k: v for k, v in (("colour", self.colour.text()), ("contents", self.contents.text())) if v}
        return self.context.services.inventory_resolutions.resolve(
            self.context.actor, self.finding.id, resolution=self.resolution.currentData(), note=self.note.text(),
            witness=witness, corrections=corrections)


class CloseAuditDialog(ServiceDialog):
    """Both sign: the supervisor with their password, this sitting's witness with their PIN or password."""

    def __init__(self, context: BenchContext, audit: AuditSummary, parent: QWidget | None = None):
        witness = audit.sitting.witness if audit.sitting else _("the witness")
        super().__init__(isolated(_("Close and sign audit #{number}"), number=audit.id), parent, ok_text=_("Sign"),
                         intro=isolated(_("{tank}, {scope}: expected {expected}, found {found}, discrepant {discrepant}. "
                                          "You sign as approved; {witness} signs as witness."),
                             tank=audit.tank_name, scope=audit.scope, expected=audit.expected, found=audit.found,
                             discrepant=audit.discrepant, witness=witness))
        self.context, self.audit = context, audit
        form = self.add_form(ErrorForm(parent=self))
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.witness = QLineEdit(audit.sitting.witness_username if audit.sitting else "", self)
        self.witness_secret = QLineEdit(self)
        self.witness_secret.setEchoMode(QLineEdit.EchoMode.Password)
        form.add_row("password", isolated(_("Your password ({name})"), name=context.actor.full_name), self.password)
        form.add_row("witness", _("Witness user name"), self.witness)
        form.add_row("witness_secret", _("Witness PIN or password"), self.witness_secret)

    def save(self) -> AuditSummary:
        return self.context.services.inventory.close_audit(
            self.context.actor, self.audit.id, password=self.password.text(),
            witness_username=self.witness.text().strip(), witness_secret=self.witness_secret.text())
