"""Register a couple (or a man banking sperm alone) in one step: both people, one transaction."""

from __future__ import annotations

from bench_app.domain.enums import Sex
from bench_app.i18n import _
from bench_app.services.patients_dto import CoupleInfo
from ui.common.service_dialog import ServiceDialog
from ui.patients.patient_fields import PatientFieldsForm
from ui.qt import QCheckBox, QGroupBox, QHBoxLayout, QVBoxLayout, QWidget
from ui.shell.bench_context import BenchContext


class RegisterCoupleDialog(ServiceDialog):
    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("Register couple"), parent, ok_text=_("Register"),
                         intro=_("Both partners are registered together. Names are kept as written, "
                                 "in any script."))
        self.context = context
        columns = QHBoxLayout()
        columns.setSpacing(16)
        left = QVBoxLayout()
        male_box = QGroupBox(_("Male partner"), self)
        self.male = PatientFieldsForm("male.", fixed_sex=Sex.MALE, parent=male_box)
        self.add_form(self.male, QVBoxLayout(male_box))
        left.addWidget(male_box)
        # Under the man's fields: the one choice to make before the partner's.
        self.no_female = QCheckBox(_("No female partner (sperm banking)"), self)
        self.no_female.setObjectName("noFemalePartner")
        left.addWidget(self.no_female)
        left.addStretch(1)
        columns.addLayout(left, 1)

        right = QVBoxLayout()
        self.female_box = QGroupBox(_("Female partner"), self)
        self.female = PatientFieldsForm("female.", fixed_sex=Sex.FEMALE, parent=self.female_box)
        self.add_form(self.female, QVBoxLayout(self.female_box))
        right.addWidget(self.female_box)
        right.addStretch(1)
        columns.addLayout(right, 1)
        self.content.addLayout(columns)
        self.no_female.toggled.connect(lambda checked: self.female_box.setEnabled(not checked))
        self.setMinimumWidth(860)
        self.male.mrn.setFocus()

    def save(self) -> CoupleInfo:
        alone = self.no_female.isChecked()
        dates = self.read_dates(self.male.date_of_birth, *(() if alone else (self.female.date_of_birth,)))
        male = self.male.values(dates[0])
        female = None if alone else self.female.values(dates[1])
        return self.context.services.patients.register_couple(self.context.actor, male=male, female=female)
