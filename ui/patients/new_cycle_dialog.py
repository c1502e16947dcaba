"""Start a treatment cycle for a couple: type, start date (today by default), notes."""

from __future__ import annotations

from bench_app.domain.enums import CycleType
from bench_app.i18n import _, isolated
from bench_app.services.patients_dto import CoupleInfo, CycleInfo
from ui.common.bidi import couple_title
from ui.common.dates import DateFieldEdit
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.patients.cycle_table_model import cycle_type_text
from ui.qt import QComboBox, QLineEdit, QWidget
from ui.shell.bench_context import BenchContext


class NewCycleDialog(ServiceDialog):
    def __init__(self, context: BenchContext, couple: CoupleInfo, parent: QWidget | None = None):
        super().__init__(_("New cycle"), parent, ok_text=_("Start cycle"),
                         intro=isolated(_("For {couple}"), couple=couple_title(couple)))
        self.context = context
        self.couple = couple
        form = self.add_form(ErrorForm(parent=self))
        self.cycle_type = QComboBox(self)
        self.cycle_type.setObjectName("cycleType")
        for value in CycleType:
            self.cycle_type.addItem(cycle_type_text(value.value), value.value)
        default = CycleType.ICSI if couple.female is not None else CycleType.SPERM_BANKING
        self.cycle_type.setCurrentIndex(self.cycle_type.findData(default.value))
        self.start_date = DateFieldEdit("start_date", context.today(), self)
        self.start_date.setObjectName("startDate")
        self.notes = QLineEdit(self)
        self.notes.setObjectName("notes")
        form.add_row("cycle_type", _("Type"), self.cycle_type)
        form.add_row("start_date", _("Start date"), self.start_date)
        form.add_row("notes", _("Notes"), self.notes)
        self.setMinimumWidth(480)
        self.cycle_type.setFocus()

    def save(self) -> CycleInfo:
        (start,) = self.read_dates(self.start_date)
        return self.context.services.patients.create_cycle(
            self.context.actor, couple_id=self.couple.id, cycle_type=self.cycle_type.currentData(),
            start_date=start, notes=self.notes.text().strip())
