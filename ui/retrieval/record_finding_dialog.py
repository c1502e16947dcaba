"""Record one look down the microscope: sperm found or not, how many, how they move.

"Sperm found" starts unanswered and takes Y or N from the keyboard, so nobody saves a
default by accident. The assessor is the signed-in person; the time is now unless typed.
"""

from __future__ import annotations

from bench_app.domain.enums import CountBasis, ViabilityTest
from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l, isolate, isolated
from bench_app.services.patients_dto import PatientSummary
from bench_app.services.retrieval_dto import SampleInfo
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.common.times import DateTimeFieldEdit
from ui.qt import QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QSpinBox, QWidget
from ui.retrieval.retrieval_text import BASIS_TEXT, VIABILITY_TEXT, fill_combo, intro_label, sample_intro
from ui.shell.bench_context import BenchContext

FOUND_CHOICES = ((_l("Yes: sperm seen"), True), (_l("No sperm seen"), False))
NOT_COUNTED = -1


def count_box(parent: QWidget, *, optional: bool = False) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(NOT_COUNTED if optional else 0, 100_000)
    if optional:
        box.setSpecialValueText(_("not counted"))
        box.setValue(NOT_COUNTED)
    box.setMinimumWidth(box.fontMetrics().horizontalAdvance(_("not counted") if optional else "000000") + 40)
    return box


class RecordFindingDialog(ServiceDialog):
    def __init__(self, context: BenchContext, patient: PatientSummary, sample: SampleInfo,
                 parent: QWidget | None = None):
        super().__init__(isolated(_("Finding: sample {number} ({code})"), number=sample.sample_number, code=sample.code),
                         parent, ok_text=_("Record finding"))
        self.content.addWidget(intro_label(sample_intro(patient, sample), self))
        self.context = context
        self.sample = sample
        form = self.add_form(ErrorForm(parent=self))
        self.assessed_at = DateTimeFieldEdit("assessed_at", context.services.ctx.clock, parent=self)
        self.assessed_at.setObjectName("assessedAt")
        self.sperm_found = QComboBox(self)
        self.sperm_found.setObjectName("spermFound")
        for text, value in FOUND_CHOICES:
            self.sperm_found.addItem(str(text), value)
        self.sperm_found.setCurrentIndex(-1)
        self.sperm_found.setPlaceholderText(_("Press Y or N"))
        self.count_seen = count_box(self, optional=True)
        self.count_basis = fill_combo(QComboBox(self), BASIS_TEXT)
        seen_row = QWidget(self)
        seen_layout = QHBoxLayout(seen_row)
        seen_layout.setContentsMargins(0, 0, 0, 0)
        seen_layout.addWidget(self.count_seen)
        seen_layout.addWidget(self.count_basis)
        seen_layout.addStretch(1)
        self.progressive = count_box(self)
        self.non_progressive = count_box(self)
        self.twitching = count_box(self)
        self.immotile = count_box(self)
        self.viability_test = fill_combo(QComboBox(self), VIABILITY_TEXT)
        self.viability_result = QLineEdit(self)
        self.viability_result.setPlaceholderText(_("e.g. 3 of 4 viable"))
        viability = QWidget(self)
        viability_layout = QHBoxLayout(viability)
        viability_layout.setContentsMargins(0, 0, 0, 0)
        viability_layout.addWidget(self.viability_test)
        viability_layout.addWidget(self.viability_result, 1)
        self.elongated = QCheckBox(_("Elongated spermatids seen"), self)
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        form.add_plain_row(_("Assessor"), QLabel(
            f"{isolate(context.actor.full_name)} ({isolate(context.actor.username)})", self))
        form.add_row("assessed_at", _("Time"), self.assessed_at)
        form.add_row("sperm_found", _("Sperm found?"), self.sperm_found)
        form.add_row("count_seen", _("Number seen"), seen_row)
        for key, label, box in (("progressive", _("Progressive"), self.progressive),
                                ("non_progressive", _("Non-progressive"), self.non_progressive),
                                ("twitching", _("Twitching in place"), self.twitching),
                                ("immotile", _("Immotile"), self.immotile)):
            form.add_row(key, label, box)
        form.add_row("viability_result", _("Viability test"), viability)
        form.add_row("elongated_spermatids", "", self.elongated)
        form.add_row("notes", _("Notes"), self.notes)
        self.viability_test.currentIndexChanged.connect(self._viability_chosen)
        self._viability_chosen()
        self.setMinimumWidth(640)
        self.sperm_found.setFocus()

    def _viability_chosen(self, *_args) -> None:
        self.viability_result.setEnabled(self.viability_test.currentData() != ViabilityTest.NONE.value)

    def show_errors(self, errors: dict[str, str]) -> None:
        errors = dict(errors)
        if "viability_test" in errors:  # the test and its result share one row
            errors["viability_result"] = errors.pop("viability_test")
        super().show_errors(errors)

    def save(self):
        (assessed_at,) = self.read_dates(self.assessed_at)
        if self.sperm_found.currentIndex() < 0:
            raise ValidationError.single("sperm_found", _("Say whether sperm were found: press Y or N."))
        count = self.count_seen.value()
        test = self.viability_test.currentData()
        return self.context.services.processing.record_finding(
            self.context.actor, sample_id=self.sample.id, assessed_at=assessed_at,
            sperm_found=self.sperm_found.currentData(), count_seen=None if count == NOT_COUNTED else count,
            count_basis=self.count_basis.currentData() or CountBasis.TOTAL.value,
            progressive=self.progressive.value(), non_progressive=self.non_progressive.value(),
            twitching=self.twitching.value(), immotile=self.immotile.value(), viability_test=test,
            viability_result=self.viability_result.text().strip() if test != ViabilityTest.NONE.value else "",
            elongated_spermatids=self.elongated.isChecked(), notes=self.notes.text().strip())
