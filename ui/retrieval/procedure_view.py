"""One procedure: who (always in view), what was done, the "Sperm found?" panel, every sample.

The panel and the tables are reloaded from the service after each save, and every
20 seconds while the view is on screen, so findings saved at another workstation
reach the person taking the call from theatre.
"""

from __future__ import annotations

from bench_app.domain.enums import Anaesthesia, PlannedUse, ProcedureType, Side
from bench_app.domain.record_changes import RecordKind
from bench_app.i18n import _, _l, isolated, language, ngettext
from bench_app.services.patients_dto import CycleInfo
from bench_app.services.retrieval_dto import ProcedureDetail, SampleInfo
from ui.common.bidi import isolate
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading
from ui.common.record_changes import LiveRefresh
from ui.common.table_section import TableSectionWidget
from ui.common.table_view import select_row, selected_row
from ui.common.wrapping_table import wrapping
from ui.patients.cycle_table_model import cycle_type_text
from ui.printing.label_printing import print_labels
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QTimer, QVBoxLayout, QWidget
from ui.retrieval.add_step_dialog import AddStepDialog
from ui.retrieval.correct_sample_dialog import CorrectSampleDialog
from ui.retrieval.disposition_dialog import DispositionDialog
from ui.retrieval.finding_table_model import FindingTableModel
from ui.retrieval.receive_sample_dialog import ReceiveSampleDialog
from ui.retrieval.record_finding_dialog import RecordFindingDialog
from ui.retrieval.retrieval_text import LABEL_PAD, moment
from ui.retrieval.sample_table_model import SampleTableModel
from ui.retrieval.sperm_found_panel import SpermFoundPanelWidget
from ui.retrieval.step_table_model import StepTableModel
from ui.shell.bench_context import BenchContext

REFRESH_MS = 20_000


PLANNED_SHORT = {PlannedUse.FRESH_ICSI: _l("fresh ICSI"), PlannedUse.FREEZE: _l("freezing"),
                 PlannedUse.BOTH: _l("fresh ICSI and freezing")}
ANAESTHESIA_SHORT = {Anaesthesia.LOCAL: _l("local anaesthesia"), Anaesthesia.GENERAL: _l("general anaesthesia")}
SIDE_SHORT = {Side.LEFT: _l("left side"), Side.RIGHT: _l("right side"), Side.BOTH: _l("both sides")}


def attempt_text(attempt) -> str:
    """'first retrieval', or '3rd retrieval, after sperm found before' (an AttemptInfo, derived from his history)."""
    if attempt is None or attempt.earlier == 0:
        return _("first retrieval")
    if attempt.earlier_positive:
        return isolated(_("{ordinal} retrieval, sperm found before"), ordinal=ordinal(attempt.number))
    return isolated(_("{ordinal} retrieval, no sperm found before"), ordinal=ordinal(attempt.number))


def ordinal(number: int) -> str:
    """'3rd' in English; in the other languages the number, which their sentence makes an ordinal ('3.')."""
    if language() != "en":
        return str(number)
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10 if number % 100 not in (11, 12, 13) else 0, "th")
    return f"{number}{suffix}"


def facts_line(detail: ProcedureDetail, today, cycle: CycleInfo | None = None, attempt=None) -> str:
    p = detail.procedure
    parts = [isolated(_("{procedure} started {at}"), procedure=p.procedure_type.label, at=moment(p.started_at, today)),
             attempt_text(attempt), isolated(_("surgeon {name}"), name=p.surgeon),
             str(ANAESTHESIA_SHORT[p.anaesthesia]), str(SIDE_SHORT[p.side]),
             isolated(_("indication {indication}"), indication=p.indication.label),
             isolated(_("planned: {use}"), use=PLANNED_SHORT[p.planned_use])]
    if cycle is not None:
        parts.append(isolated(_("{cycle_type} cycle of {start}"), cycle_type=cycle_type_text(cycle.cycle_type.value),
                                                              start=cycle.start_date.isoformat()))
    return "   ·   ".join(part.replace(" ", "\u00a0") for part in parts)  # wrap between facts, not inside


class ProcedureView(QWidget):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.detail: ProcedureDetail | None = None
        self.active_dialog = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        self.title = heading("", self)
        self.title.setObjectName("procedureTitle")
        self.facts = QLabel(self)
        self.facts.setObjectName("procedureFacts")
        self.facts.setWordWrap(True)
        self.panel = SpermFoundPanelWidget(self)
        layout.addWidget(self.title)
        layout.addWidget(self.facts)
        layout.addWidget(self.panel)

        self.bench_line = QLabel(self)
        self.bench_line.setObjectName("benchLine")
        self.release_button = QPushButton(_("Release bench"), self)
        self.release_button.setToolTip(_("Take every sample off this workstation (processing is finished)"))
        bench = QHBoxLayout()
        bench.addWidget(self.bench_line, 1)
        bench.addWidget(self.release_button)
        layout.addLayout(bench)

        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        body = QWidget(scroll)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 8, 0)
        self.receive_button = QPushButton(_("&Receive sample…"), self)
        self.receive_button.setObjectName("receiveButton")
        self.samples_model = SampleTableModel(self)
        self.samples_section = TableSectionWidget(
            _("Samples"), self.samples_model,
            empty_text=_("No sample received yet. Receive the first with Receive sample…"),
            buttons=[self.receive_button], stretch_column=SampleTableModel.Column.FINDINGS, max_rows=12, parent=body)
        self.samples = self.samples_section.table
        self._refit_samples = wrapping(self.samples_section, {})   # the findings read whole ("found: 5 in…")
        self.samples.setObjectName("procedureSamples")
        column.addWidget(self.samples_section)
        actions = QHBoxLayout()
        self.step_button = QPushButton(_("Add &step…"), body)
        self.finding_button = QPushButton(_("Record &finding…"), body)
        self.disposition_button = QPushButton(_("&Disposition…"), body)
        self.correct_button = QPushButton(_("&Correct…"), body)
        self.label_button = QPushButton(_("Print tube &label…"), body)
        self.label_button.setToolTip(_("Print (or reprint) the selected sample's tube label"))
        self.sample_buttons = (self.step_button, self.finding_button, self.disposition_button, self.correct_button,
                               self.label_button)
        for button in self.sample_buttons:
            actions.addWidget(button)
        actions.addStretch(1)
        column.addLayout(actions)
        self.sample_heading = heading("", body, level=2)
        column.addWidget(self.sample_heading)
        self.steps_model = StepTableModel(self)
        self.steps_section = TableSectionWidget(_("Steps"), self.steps_model, empty_text=_("No processing step yet."),
                                                stretch_column=StepTableModel.Column.DETAILS, parent=body)
        self.findings_model = FindingTableModel(self)
        self.findings_section = TableSectionWidget(_("Findings"), self.findings_model, empty_text=_("No finding yet."),
                                                   stretch_column=FindingTableModel.Column.NOTES, parent=body)
        self._refit_steps = wrapping(self.steps_section, {})        # details and motility read whole
        self._refit_findings = wrapping(self.findings_section, {})
        column.addWidget(self.findings_section)  # what theatre asks about comes first
        column.addWidget(self.steps_section)
        column.addStretch(1)
        scroll.setWidget(body)
        layout.addWidget(scroll, 1)

        self.receive_button.clicked.connect(self.receive_sample)
        self.step_button.clicked.connect(self.add_step)
        self.finding_button.clicked.connect(self.record_finding)
        self.disposition_button.clicked.connect(self.set_disposition)
        self.correct_button.clicked.connect(self.correct_sample)
        self.label_button.clicked.connect(self.print_tube_label)
        self.release_button.clicked.connect(self.release_bench)
        self.samples.selectionModel().selectionChanged.connect(lambda *_: self._show_selected())
        self.samples.activated.connect(lambda _index: self.record_finding())
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self._tick)
        self.live = LiveRefresh(self, context, (RecordKind.RETRIEVAL, RecordKind.WITNESS, RecordKind.CRYO))

    # --- loading ---------------------------------------------------------------------------

    def load(self, procedure_id: int, select_sample_id: int | None = None) -> None:
        keep = select_sample_id or (self.selected_sample().id if self.selected_sample() else None)
        if self.detail is not None and self.detail.procedure.id != procedure_id and select_sample_id is None:
            keep = None
        detail = self.context.services.retrieval.get_procedure(procedure_id)
        self.detail = detail
        p = detail.procedure
        today = self.context.today()
        self.title.setText(isolated(_("{name}   ·   MRN {mrn}"), name=isolate(p.patient.listing_name), mrn=p.patient.mrn))
        cycle = self.context.services.patients.get_cycle(p.cycle_id) if p.cycle_id else None
        attempt = self.context.services.outcome_records.attempt_of_procedure(p.id)
        self.facts.setText(facts_line(detail, today, cycle, attempt))
        self.samples.setColumnHidden(SampleTableModel.Column.TUBULES,
                                     p.procedure_type != ProcedureType.MICRO_TESE)
        self.panel.show_panel(detail.panel, today, {s.code: s.sample_number for s in detail.samples})
        self.samples_section.set_rows(detail.samples)
        self._refit_samples()
        rows = [s.id for s in detail.samples]
        select_row(self.samples, rows.index(keep) if keep in rows else len(rows) - 1)
        self._show_selected()
        self._show_bench()

    def refresh(self) -> None:
        if self.detail is not None:
            self.load(self.detail.procedure.id)

    def _tick(self) -> None:
        dialog = self.active_dialog
        if self.isVisible() and not (dialog is not None and dialog.isVisible()):
            self.refresh()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self.timer.start()

    def hideEvent(self, event) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def selected_sample(self) -> SampleInfo | None:
        return selected_row(self.samples)

    def _show_selected(self) -> None:
        sample = self.selected_sample()
        for button in self.sample_buttons:
            button.setEnabled(sample is not None)
        for part in (self.sample_heading, self.steps_section, self.findings_section):
            part.setVisible(sample is not None)
        if sample is None:
            return
        steps, findings = len(sample.steps), len(sample.findings)
        self.sample_heading.setText(isolated(_("Sample {number} ({code}): {steps}, {findings}"),
            number=sample.sample_number, code=sample.code,
            steps=isolated(ngettext("{count} step", "{count} steps", steps), count=steps),
            findings=isolated(ngettext("{count} finding", "{count} findings", findings), count=findings)))
        self.steps_section.set_rows(sample.steps)
        self._refit_steps()
        self.findings_section.set_rows(sample.findings)
        self._refit_findings()

    def _show_bench(self) -> None:
        state = self.context.services.processing.workstation_state()
        if state.patient_id is None:
            self.bench_line.setText("")
            self.bench_line.hide()
            self.release_button.hide()
            return
        other = self.detail is not None and state.patient_id != self.detail.procedure.patient.id
        codes = ", ".join(state.sample_codes)
        line = (_("Open for processing at this workstation ({workstation}): another patient: {name} ({codes})")
                if other else _("Open for processing at this workstation ({workstation}): {name} ({codes})"))
        self.bench_line.setText(line.format(workstation=state.workstation, name=isolate(state.patient_name),
                                            codes=codes))
        self.bench_line.setStyleSheet(LABEL_PAD + ("color: #7a4100; font-weight: 600;" if other else "color: #5f6368;"))
        self.bench_line.show()
        self.release_button.show()

    # --- actions ---------------------------------------------------------------------------

    def _after_save(self, sample: SampleInfo | None) -> None:
        self.load(self.detail.procedure.id, select_sample_id=sample.id if sample is not None else None)

    def receive_sample(self) -> None:
        open_dialog(self, ReceiveSampleDialog(self.context, self.detail, self), self._after_save)

    def add_step(self) -> None:
        sample = self.selected_sample()
        if sample is not None:
            dialog = AddStepDialog(self.context, self.detail.procedure.patient, sample, self)
            open_dialog(self, dialog, self._after_save)

    def record_finding(self) -> None:
        sample = self.selected_sample()
        if sample is not None:
            dialog = RecordFindingDialog(self.context, self.detail.procedure.patient, sample, self)
            open_dialog(self, dialog, self._after_save)

    def set_disposition(self) -> None:
        sample = self.selected_sample()
        if sample is not None:
            dialog = DispositionDialog(self.context, self.detail.procedure.patient, sample,
                                       procedure_cycle_id=self.detail.procedure.cycle_id, parent=self)
            open_dialog(self, dialog, self._after_save)

    def correct_sample(self) -> None:
        sample = self.selected_sample()
        if sample is not None:
            open_dialog(self, CorrectSampleDialog(self.context, self.detail.procedure, sample, self), self._after_save)

    def print_tube_label(self) -> None:
        sample = self.selected_sample()
        if sample is not None:
            print_labels(self, self.context, [sample.code])

    def release_bench(self) -> None:
        self.context.services.processing.release(self.context.actor)
        self._show_bench()
