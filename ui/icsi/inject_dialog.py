"""Inject the selected oocytes: one dialog for the dish, with damage ticked per oocyte.

At the bench the injecting embryologist works down the dish with one sperm preparation
and one technique, so time, motility, viability test and techniques are entered once;
only damage differs between oocytes (and is rare), so each oocyte is a line in a tick
list (Space ticks, arrows move). Twelve oocytes are saved with one Enter. A non-MII
oocyte needs the exception's reason (e.g. matured in vitro) before it is injected.

Each oocyte is saved by its own service call; exceptions go first, so a missing reason
or a bad time is refused before anything is stored.
"""

from __future__ import annotations

from bench_app.domain import icsi as rules
from bench_app.domain.enums import Maturity, ViabilityTest
from bench_app.domain.errors import ValidationError
from bench_app.domain.value_labels import technique_label
from bench_app.i18n import _, isolated, ngettext
from bench_app.services.icsi_dto import OocyteRow, SessionInfo
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.common.times import DateTimeFieldEdit
from ui.icsi.icsi_text import MATURITY_TEXT, MOTILITY_TEXT, VIABILITY_TEXT, clock_time, numbers_text, source_text
from ui.qt import QCheckBox, QComboBox, QLineEdit, QListWidget, QListWidgetItem, QSize, Qt, QVBoxLayout, QWidget


def session_text(session: SessionInfo) -> str:
    return isolated(_("{source}, started {time}"), source=source_text(session.source), time=clock_time(session.started_at))


class InjectDialog(ServiceDialog):
    def __init__(self, context, oocytes: list[OocyteRow], sessions: list[SessionInfo], identity: str,
                 parent: QWidget | None = None):
        self.oocytes = sorted(oocytes, key=lambda o: (o.maturity == Maturity.MII, o.number))  # exceptions first
        numbers = [o.number for o in oocytes]
        count, listed = len(numbers), numbers_text(numbers)
        # The patient's name and MRN, the range and the embryologist's name each keep their own direction.
        super().__init__(isolated(ngettext("Inject oocyte {numbers}", "Inject oocytes {numbers}", count), numbers=listed),
                         parent,
                         intro=isolated(ngettext("{identity}: oocyte {numbers} ({count}). Injected by {name}.",
                                                          "{identity}: oocytes {numbers} ({count}). Injected by {name}.", count),
                                        identity=identity, numbers=listed, count=count, name=context.actor.full_name),
                         ok_text=isolated(ngettext("Inject {count} oocyte", "Inject {count} oocytes", count), count=count))
        self.context = context
        self.saved: list[OocyteRow] = []
        form = self.add_form(ErrorForm(parent=self))
        self.session = QComboBox(self)
        self.session.setObjectName("injectSession")
        for s in reversed(sessions):  # the latest session first
            self.session.addItem(session_text(s), s.id)
        self.injected_at = DateTimeFieldEdit("injected_at", context.services.ctx.clock, parent=self)
        self.injected_at.setObjectName("injectedAt")
        self.motility = QComboBox(self)
        self.motility.setObjectName("motility")
        for value, text in MOTILITY_TEXT.items():
            self.motility.addItem(str(text), value.value)
        self.motility.setCurrentIndex(-1)
        self.motility.setPlaceholderText(_("How the chosen sperm moved"))
        self.viability = QComboBox(self)
        self.viability.setObjectName("viability")
        for value, text in VIABILITY_TEXT.items():
            self.viability.addItem(str(text), value.value)
        techniques = QWidget(self)
        column = QVBoxLayout(techniques)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        self.technique_boxes: dict[str, QCheckBox] = {}
        for key in rules.TECHNIQUES:
            box = QCheckBox(technique_label(key), techniques)
            column.addWidget(box)
            self.technique_boxes[key] = box
        self.damage = QListWidget(self)
        self.damage.setObjectName("damageList")
        for o in sorted(self.oocytes, key=lambda o: o.number):
            item = QListWidgetItem(isolated(_("Oocyte {number}   {code}   {maturity}"),
                                            number=o.number, code=o.code, maturity=self._maturity(o)))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            self.damage.addItem(item)
        self.damage.setCurrentRow(0)
        line = self.fontMetrics().height() + 8
        for i in range(self.damage.count()):
            self.damage.item(i).setSizeHint(QSize(0, line))
        self.damage.setFixedHeight(line * min(max(len(self.oocytes), 3), 8) + 2 * self.damage.frameWidth() + 2)
        self.damage.setToolTip(_("Arrows move, Space ticks an oocyte damaged by the injection"))
        self.non_mii = QLineEdit(self)
        self.non_mii.setObjectName("nonMiiReason")
        self.non_mii.setPlaceholderText(_("e.g. matured in vitro overnight (rescue IVM)"))
        self.non_mii.hide()  # shown in the form only when a non-MII oocyte is selected

        form.add_row("session_id", _("ICSI session"), self.session)
        form.add_row("injected_at", _("Injected at"), self.injected_at)
        form.add_row("sperm_motility", _("Selected sperm"), self.motility)
        form.add_row("viability_test", _("Viability test"), self.viability)
        form.add_row("techniques", _("Techniques"), techniques)
        form.add_row("damaged", _("Damaged\n(Space ticks)"), self.damage)
        non_mii = [o for o in self.oocytes if o.maturity != Maturity.MII]
        if non_mii:
            caption = ", ".join(f"{o.number} ({self._maturity(o)})" for o in non_mii)
            self.non_mii.show()
            form.add_row("non_mii_reason", isolated(_("Non-MII exception:\noocyte {list}"), list=caption), self.non_mii)
        self.setMinimumWidth(560)
        self.motility.setFocus()

    @staticmethod
    def _maturity(o: OocyteRow) -> str:
        return str(MATURITY_TEXT[o.maturity]) if o.maturity else _("not assessed")

    def damaged_ids(self) -> set[int]:
        return {self.damage.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.damage.count())
                if self.damage.item(i).checkState() == Qt.CheckState.Checked}

    def save(self) -> list[OocyteRow]:
        (injected_at,) = self.read_dates(self.injected_at)
        damaged = self.damaged_ids()
        techniques = [k for k, box in self.technique_boxes.items() if box.isChecked()]
        done = {o.id for o in self.saved}
        for o in [o for o in self.oocytes if o.id not in done]:
            try:
                row = self.context.services.icsi.inject(
                    self.context.actor, session_id=self.session.currentData(), oocyte_id=o.id,
                    injected_at=injected_at, sperm_motility=self.motility.currentData(),
                    viability_test=self.viability.currentData() or ViabilityTest.NONE, techniques=techniques,
                    damaged=o.id in damaged, non_mii_reason=self.non_mii.text() if o.maturity != Maturity.MII else "")
            except ValidationError as exc:
                if not self.saved:
                    raise
                self._drop_saved()
                raise ValidationError({**exc.field_errors, "oocyte_id": (
                    isolated(_("Oocytes {saved} were injected and saved; oocyte {number} was not."),
                        saved=numbers_text([s.number for s in self.saved]), number=o.number))}) from None
            self.saved.append(row)
        return self.saved

    def _drop_saved(self) -> None:
        ids = {o.id for o in self.saved}
        for i in reversed(range(self.damage.count())):
            if self.damage.item(i).data(Qt.ItemDataRole.UserRole) in ids:
                self.damage.takeItem(i)

