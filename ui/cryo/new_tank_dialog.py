"""Set up a new tank in one go: its canisters, their canes or goblets, and positions on each."""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.domain.enums import LocationKind
from bench_app.domain.storage import MAX_CHILDREN, MAX_POSITIONS
from bench_app.services.storage_dto import LocationNode
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.qt import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget
from ui.shell.bench_context import BenchContext


def _spin(parent: QWidget, value: int, maximum: int) -> QSpinBox:
    spin = QSpinBox(parent)
    spin.setRange(0, maximum)
    spin.setValue(value)
    spin.setMaximumWidth(110)
    return spin


class NewTankDialog(ServiceDialog):
    ok_text = _l("Create tank")

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(_("New tank"), parent, intro=_("A dewar with its canisters and canes (or goblets). "
                                                      "More can be added to it later."))
        self.context = context
        form = self.add_form(ErrorForm(parent=self))
        self.name = QLineEdit(self)
        self.name.setObjectName("tankName")
        self.name.setPlaceholderText(_("e.g. Tank B"))
        self.name.setMaxLength(40)
        self.holder_kind = QComboBox(self)
        self.holder_kind.setObjectName("holderKind")
        self.holder_kind.addItem(_("Canes"), LocationKind.CANE.value)
        self.holder_kind.addItem(_("Goblets"), LocationKind.GOBLET.value)
        self.canisters = _spin(self, 6, MAX_CHILDREN)
        self.canisters.setObjectName("canisters")
        self.holders = _spin(self, 10, MAX_CHILDREN)
        self.holders.setObjectName("holdersPerCanister")
        self.positions = _spin(self, 6, MAX_POSITIONS)
        self.positions.setObjectName("positionsPerHolder")
        self.total = QLabel(self)
        self.total.setObjectName("tankTotal")
        form.add_row("name", _("Name"), self.name)
        form.add_row("canisters", _("Canisters"), self.canisters)
        form.add_row("holder_kind", _("Canisters hold"), self.holder_kind)
        form.add_row("holders_per_canister", _("Per canister"), self.holders)
        form.add_row("positions_per_holder", _("Positions on each"), self.positions)
        form.add_plain_row("", self.total)
        for spin in (self.canisters, self.holders, self.positions):
            spin.valueChanged.connect(self._update_total)
        self.holder_kind.currentIndexChanged.connect(self._update_total)
        self._update_total()
        self.setMinimumWidth(460)
        self.name.setFocus()

    def _update_total(self) -> None:
        holders = self.canisters.value() * self.holders.value()
        positions = holders * self.positions.value()
        if self.holder_kind.currentData() == LocationKind.GOBLET.value:
            held = isolated(ngettext("{count} goblet", "{count} goblets", holders), count=holders)
        else:
            held = isolated(ngettext("{count} cane", "{count} canes", holders), count=holders)
        # Translators: {held} is "12 canes" or "12 goblets".
        self.total.setText(isolated(ngettext("{held}, {count} position in all", "{held}, {count} positions in all",
                                    positions), held=held, count=positions))

    def save(self) -> LocationNode:
        return self.context.services.storage.create_tank(
            self.context.actor, name=self.name.text(), canisters=self.canisters.value(),
            holders_per_canister=self.holders.value(), positions_per_holder=self.positions.value(),
            holder_kind=self.holder_kind.currentData())
