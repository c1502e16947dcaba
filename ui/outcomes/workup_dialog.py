"""The man's work-up behind one diagnosis: hormones, testicular volumes, genetics, histology, history.

An empty measurement means "not tested"; each choice list starts with "Not tested / unknown",
so a result never typed is never taken for a normal one. Correcting a recorded work-up asks why.
"""

from __future__ import annotations

from bench_app.domain.enums import Etiology
from bench_app.domain.outcomes import HISTORY_FIELDS, te2_ratio
from bench_app.i18n import _, _l, format_number, isolate, lazy_pgettext
from bench_app.services.outcomes_dto import WorkupInfo
from bench_app.services.patients_dto import DiagnosisInfo, PatientSummary
from ui.common.bidi import person
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.headings import muted
from ui.common.service_dialog import ServiceDialog
from ui.outcomes.outcome_text import (
    AZF_TEXT, HISTOLOGY_TEXT, HISTORY_LABELS, HISTORY_TEXT, KARYOTYPE_TEXT, choice_combo, number_text,
)
from ui.qt import QGridLayout, QGroupBox, QLabel, QLineEdit, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext

MEASURES = (("fsh_iu_l", "FSH", "IU/L"), ("lh_iu_l", "LH", "IU/L"),
            ("testosterone_nmol_l", _l("Testosterone"), "nmol/L"), ("estradiol_pmol_l", _l("Estradiol"), "pmol/L"))
VOLUMES = (("volume_left_ml", _l("Left testis"), "mL"), ("volume_right_ml", _l("Right testis"), "mL"))


def _etiology(value: str) -> str:
    """The diagnosis's etiology in words: an Etiology's label, or the text typed for it."""
    try:
        return Etiology(value).label
    except ValueError:
        return value


class WorkupDialog(ServiceDialog):
    ok_text = lazy_pgettext("button", "Record")

    def __init__(self, context: BenchContext, man: PatientSummary, diagnosis: DiagnosisInfo,
                 existing: WorkupInfo | None = None, parent: QWidget | None = None):
        correcting = existing is not None
        super().__init__(_("Correct work-up") if correcting else _("Record work-up"), parent,
                         intro=_("{man} ({mrn}) · diagnosis {type}, {etiology}").format(
                             man=person(man), mrn=isolate(man.mrn), type=isolate(diagnosis.azoospermia_type.label),
                             etiology=isolate(_etiology(diagnosis.etiology))),
                         ok_text=_("Save correction") if correcting else None)
        self.context, self.diagnosis, self.existing = context, diagnosis, existing
        self.content.addWidget(muted(_("Leave a value empty, or choose 'Not tested / unknown', when it was not "
                                       "measured: such men are kept apart from normal results."), self))
        columns = QGridLayout()
        columns.setHorizontalSpacing(18)
        self.content.addLayout(columns)

        labs = QGroupBox(_("Hormones and testes"), self)
        lab_form = self.add_form(ErrorForm(parent=labs), into=QVBoxLayout(labs))
        self.fields: dict[str, QLineEdit] = {}
        self.hormones_on = DateFieldEdit("hormones_on", existing.hormones_on if existing else None, self)
        self.hormones_on.setObjectName("hormonesOn")
        lab_form.add_row("hormones_on", _("Blood test on"), self.hormones_on)
        for key, label, unit in MEASURES + VOLUMES:
            if key == "volume_left_ml":
                self.volumes_on = DateFieldEdit("volumes_on", existing.volumes_on if existing else None, self)
                self.volumes_on.setObjectName("volumesOn")
                lab_form.add_row("volumes_on", _("Volumes measured on"), self.volumes_on)
            edit = QLineEdit(number_text(getattr(existing, key)) if existing else "", self)
            edit.setObjectName(key)
            edit.setPlaceholderText(_("{unit}, empty if not tested").format(unit=unit))
            edit.setMaximumWidth(190)
            self.fields[key] = edit
            lab_form.add_row(key, f"{label} ({unit})", edit)  # label: a lazy word or a hormone's symbol
        self.te2 = QLabel(self)
        self.te2.setObjectName("te2Ratio")
        lab_form.add_plain_row(_("T/E2 ratio"), self.te2)
        for key in ("testosterone_nmol_l", "estradiol_pmol_l"):
            self.fields[key].textChanged.connect(self._update_ratio)
        columns.addWidget(labs, 0, 0)

        other = QGroupBox(_("Genetics, histology, history"), self)
        other_form = self.add_form(ErrorForm(parent=other), into=QVBoxLayout(other))
        self.karyotype = choice_combo(self, KARYOTYPE_TEXT, existing.karyotype if existing else None, "karyotype")
        self.azf = choice_combo(self, AZF_TEXT, existing.y_microdeletion if existing else None, "yMicrodeletion")
        self.histology = choice_combo(self, HISTOLOGY_TEXT, existing.histology if existing else None, "histology")
        self.histology_on = DateFieldEdit("histology_on", existing.histology_on if existing else None, self)
        other_form.add_row("karyotype", _("Karyotype"), self.karyotype)
        other_form.add_row("y_microdeletion", _("Y microdeletion"), self.azf)
        other_form.add_row("histology", _("Previous histology"), self.histology)
        other_form.add_row("histology_on", _("Biopsy on"), self.histology_on)
        self.history = {}
        for key in HISTORY_FIELDS:
            self.history[key] = choice_combo(self, HISTORY_TEXT, getattr(existing, key) if existing else None, key)
            other_form.add_row(key, str(HISTORY_LABELS[key]), self.history[key])
        self.notes = QLineEdit(existing.notes if existing else "", self)
        other_form.add_row("notes", _("Notes"), self.notes)
        columns.addWidget(other, 0, 1)

        reason_form = self.add_form(ErrorForm(parent=self))
        self.reason = QLineEdit(self)
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("What was wrong or what arrived (recorded)"))
        reason_form.add_row("reason", _("Reason"), self.reason)
        reason_form.setVisible(correcting)
        self._update_ratio()
        self.setMinimumWidth(880)

    def _update_ratio(self) -> None:
        def number(key):
            try:
                return float(self.fields[key].text().replace(",", "."))
            except ValueError:
                return None
        ratio = te2_ratio(number("testosterone_nmol_l"), number("estradiol_pmol_l"))
        if ratio is None:
            self.te2.setText(_("needs testosterone and estradiol"))
        else:
            text = f"{format_number(ratio, 1)} (ng/dL : pg/mL)"
            self.te2.setText(_("{ratio}  · below 10").format(ratio=text) if ratio < 10 else text)

    def values(self) -> dict:
        hormones_on, volumes_on, histology_on = self.read_dates(self.hormones_on, self.volumes_on, self.histology_on)
        values = {key: edit.text().strip() for key, edit in self.fields.items()}
        values.update(hormones_on=hormones_on, volumes_on=volumes_on, histology_on=histology_on,
                      karyotype=self.karyotype.currentData(), y_microdeletion=self.azf.currentData(),
                      histology=self.histology.currentData(), notes=self.notes.text().strip())
        values.update({key: combo.currentData() for key, combo in self.history.items()})
        return values

    def save(self) -> WorkupInfo:
        records = self.context.services.outcome_records
        if self.existing is None:
            return records.record_workup(self.context.actor, diagnosis_id=self.diagnosis.id, **self.values())
        return records.correct_workup(self.context.actor, self.existing.id, reason=self.reason.text(),
                                      **self.values())
