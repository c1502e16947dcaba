"""Start an ICSI session: choose the sperm source and have the match source ↔ dish ↔ patient witnessed.

The lists offer only the male partner's own fresh samples (with sperm found) and thaw
events. Scanning the tube or straw actually on the bench selects it; a code that belongs
to another man is passed to the service, which refuses it (wrong-patient protection):
the refusal is shown as a banner and under the source, and nothing is started.
"""

from __future__ import annotations

from bench_app.domain.enums import ConsentUse, SpermSourceKind
from bench_app.domain.errors import BenchError
from bench_app.domain.storage import DeviceEventKind
from bench_app.i18n import _, isolated, strip_isolates
from bench_app.services.icsi_dto import OpuInfo, SessionInfo
from bench_app.services.patients_dto import CoupleInfo
from ui.common.form import ErrorForm, error_label, set_message
from ui.common.times import DateTimeFieldEdit
from ui.common.witness_panel import ScanLineEdit, WitnessPanel
from ui.common.witnessed_dialog import WitnessedDialog
from ui.icsi.icsi_text import SOURCE_KIND_TEXT, clock_time
from ui.patients.consent_notice import ConsentNoticeWidget
from ui.qt import QComboBox, QWidget
from ui.shell.bench_context import BenchContext

SOURCE_KEYS = ("source_sample_id", "source_thaw_event_id")
BANNER_STYLE = "background: #b3261e; color: white; font-weight: 600; padding: 8px 10px; border-radius: 3px;"


def person_text(p) -> str:
    return f"{p.full_name}, MRN {p.mrn}"


class StartSessionDialog(WitnessedDialog):
    def __init__(self, context: BenchContext, couple: CoupleInfo, opu: OpuInfo, parent: QWidget | None = None):
        female = couple.female
        who = person_text(female) if female else person_text(couple.male)
        super().__init__(_("Start ICSI session"), parent,
                         intro=isolated(_("ICSI dish of {who}: oocyte retrieval {time}, {cocs} COCs. Choose the sperm used; "
                                          "the witness checks that source, dish and patient belong together."),
                             who=who, time=clock_time(opu.retrieved_at), cocs=opu.cocs_retrieved),
                         ok_text=_("Start ICSI session"))
        self.context = context
        self.couple = couple
        self.opu = opu
        services = context.services
        self.banner = error_label(self)
        self.banner.setObjectName("wrongPatientBanner")
        self.banner.setStyleSheet(BANNER_STYLE)
        self.body.insertWidget(1, self.banner)

        form = self.add_form(ErrorForm(parent=self))
        self.form = form
        self.kind = QComboBox(self)
        self.kind.setObjectName("sourceKind")
        for kind, text in SOURCE_KIND_TEXT.items():
            self.kind.addItem(str(text), kind.value)
        self.sample = QComboBox(self)
        self.sample.setObjectName("sourceSample")
        for sample_id, label in services.icsi.fresh_sources(opu.cycle_id):
            self.sample.addItem(label, sample_id)
        self.sample.setPlaceholderText(_("No sample of his with sperm found"))
        self.thaw = QComboBox(self)
        self.thaw.setObjectName("sourceThaw")
        for thaw_id, label in services.icsi.thaw_sources(opu.cycle_id):
            self.thaw.addItem(label, thaw_id)
        self.thaw.setPlaceholderText(_("No thaw of his devices yet"))
        for combo in (self.sample, self.thaw):  # a scanned source shows whose it is: never cut short
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.scan = ScanLineEdit(self)
        self.scan.setObjectName("sourceScan")
        self.scan.setPlaceholderText(_("Scan the tube or straw on the bench (optional)"))
        self.started_at = DateTimeFieldEdit("started_at", services.ctx.clock, parent=self)
        self.started_at.setObjectName("startedAt")
        form.add_row("source_kind", _("Sperm source"), self.kind)
        self._sample_cell = form.add_row("source_sample_id", _("Fresh sample"), self.sample).parentWidget()
        self._thaw_cell = form.add_row("source_thaw_event_id", _("Thaw event"), self.thaw).parentWidget()
        form.add_row("source_code", _("Scan source"), self.scan)
        form.add_row("started_at", _("Started at"), self.started_at)
        self.consent = ConsentNoticeWidget(context, ConsentUse.TREATMENT, self)   # stored sperm needs consent
        self.content.addWidget(self.consent)

        self.kind.setCurrentIndex(0 if self.sample.count() else 1 if self.thaw.count() else 2)
        self.kind.currentIndexChanged.connect(self._source_changed)
        self.sample.currentIndexChanged.connect(self._source_changed)
        self.thaw.currentIndexChanged.connect(self._source_changed)
        self.scan.scanned.connect(self.use_scanned)
        self._source_changed()
        self.setMinimumWidth(620)
        self.kind.setFocus()

    # --- the source --------------------------------------------------------------------------

    def source_kind(self) -> SpermSourceKind:
        return SpermSourceKind(self.kind.currentData())

    def source_codes(self) -> list[str]:
        kind = self.source_kind()
        if kind == SpermSourceKind.FRESH_SAMPLE and self.sample.currentIndex() >= 0:
            return [strip_isolates(self.sample.currentText()).split()[0]]  # labels start with the sample code
        if kind == SpermSourceKind.THAW_EVENT and self.thaw.currentData() is not None:
            return list(self.context.services.cryo.get_thaw(self.thaw.currentData()).device_codes)
        return []

    def _source_changed(self, *_args) -> None:
        kind = self.source_kind()
        self.form.layout_.setRowVisible(self._sample_cell, kind == SpermSourceKind.FRESH_SAMPLE)
        self.form.layout_.setRowVisible(self._thaw_cell, kind == SpermSourceKind.THAW_EVENT)
        codes = self.source_codes()
        stored = kind == SpermSourceKind.THAW_EVENT and self.thaw.currentData() is not None
        self.consent.set_patient(self.couple.male.id if stored else None)
        if kind == SpermSourceKind.EJACULATE:
            source = f"fresh ejaculate of {self.couple.male.full_name}"
        elif kind == SpermSourceKind.THAW_EVENT:
            source = f"thawed {', '.join(codes)}" if codes else "no thaw chosen"
        else:
            source = f"sample {codes[0]}" if codes else "no sample chosen"
        self._rebuild_witness(source, codes)

    def _rebuild_witness(self, source: str, codes: list[str]) -> None:
        couple, old = self.couple, self.witness_panel
        female = couple.female
        identifiers = []
        if female is not None:
            identifiers.append(("Patient", person_text(female)))
        identifiers += [("Male partner", person_text(couple.male)), ("Sperm source", source),
                        ("Oocyte dish", f"ICSI dish {self.opu.dish_code or ''} MRN {(female or couple.male).mrn}, "
                                        f"OPU {clock_time(self.opu.retrieved_at)}".replace("  ", " "))]
        panel = WitnessPanel(identifiers, scan_codes=[*codes, *([self.opu.dish_code] if self.opu.dish_code else [])],
                             parent=self,
                             note=_("The witness reads the labels of the sperm source and of the oocyte dish and "
                                    "signs with their own PIN."))
        if old is not None:  # what the witness typed stays; the ticks are for the old source
            panel.username.setText(old.username.text())
            panel.secret.setText(old.secret.text())
            self.content.removeWidget(old)
            old.hide()
            old.deleteLater()
        self.add_witness_panel(panel)
        panel.setVisible(True)  # a child added after the dialog is shown stays hidden until told
        self.adjustSize()

    def use_scanned(self, code: str) -> None:
        """Select the scanned sample, or the thaw of the scanned device; an unknown code is said so."""
        self.form.show_errors({"source_code": ""})
        if not code:
            return
        services = self.context.services
        try:
            target = services.scan.resolve(code)
        except BenchError as exc:
            self.form.show_errors({"source_code": str(exc)})
            return
        if target.kind == "sample":
            self._select(self.sample, target.id,
                         isolated(_("{code} scanned: {title}"), code=target.code, title=target.title))
            self.kind.setCurrentIndex(self.kind.findData(SpermSourceKind.FRESH_SAMPLE.value))
        elif target.kind == "device":
            history = services.cryo.device_history(target.id)
            thaws = [e.event_id for e in history.events if e.kind == DeviceEventKind.THAW]
            if not thaws:
                self.form.show_errors({"source_code": isolated(_("Device {code} has not been thawed: "
                                                                 "thaw it in Cryo storage first."), code=target.code)})
                return
            self._select(self.thaw, thaws[-1], isolated(_("{code} thawed (scanned)"), code=target.code))
            self.kind.setCurrentIndex(self.kind.findData(SpermSourceKind.THAW_EVENT.value))
        else:
            self.form.show_errors({"source_code": isolated(_("{title} is not a sperm source: scan the sample tube "
                                                             "or the thawed device."), title=target.title)})

    @staticmethod
    def _select(combo: QComboBox, record_id: int, label: str) -> None:
        index = combo.findData(record_id)
        if index < 0:  # not his: kept selectable so the service can refuse it in words
            combo.addItem(label, record_id)
            index = combo.count() - 1
        combo.setCurrentIndex(index)

    # --- saving ------------------------------------------------------------------------------

    def save_witnessed(self) -> SessionInfo:
        started_at, witness = self.gather(self.started_at, self.witness_input)
        kind = self.source_kind()
        return self.context.services.icsi.start_session(
            self.context.actor, retrieval_id=self.opu.id, source_kind=kind,
            source_sample_id=self.sample.currentData() if kind == SpermSourceKind.FRESH_SAMPLE else None,
            source_thaw_event_id=self.thaw.currentData() if kind == SpermSourceKind.THAW_EVENT else None,
            started_at=started_at, witness=witness)

    def show_errors(self, errors: dict[str, str]) -> None:
        # the service's words for a source of another patient, in the language they were said in
        other_patient = _("This sperm source belongs to another patient: it is not the male partner's of this cycle.")
        wrong = [errors[k] for k in SOURCE_KEYS if errors.get(k) and (errors[k] == other_patient
                                                                       or "another patient" in errors[k])]
        if wrong:
            set_message(self.banner, isolated(_("WRONG PATIENT. {error} Nothing was started."), error=wrong[0]))
        super().show_errors(errors)
        self.adjustSize()

    def clear_errors(self) -> None:
        super().clear_errors()
        set_message(self.banner, "")

