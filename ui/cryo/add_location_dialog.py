"""Add one location: a tank, a canister into the chosen tank, or a cane or goblet into a canister."""

from __future__ import annotations

from bench_app.i18n import _, _l, isolated
from bench_app.domain.enums import LocationKind
from bench_app.domain.storage import MAX_POSITIONS
from bench_app.services.storage_dto import LocationNode
from ui.common.form import ErrorForm
from ui.common.service_dialog import ServiceDialog
from ui.cryo.cryo_text import KIND_TEXT
from ui.qt import QComboBox, QLabel, QLineEdit, QSpinBox, QWidget
from ui.shell.bench_context import BenchContext

CHILD_KINDS = {
    None: (LocationKind.TANK,),
    LocationKind.TANK: (LocationKind.CANISTER,),
    LocationKind.CANISTER: (LocationKind.CANE, LocationKind.GOBLET),
}


def can_add_into(parent: LocationNode | None) -> bool:
    return parent is None or (parent.kind in CHILD_KINDS and not parent.retired)


class AddLocationDialog(ServiceDialog):
    ok_text = _l("Add")

    def __init__(self, context: BenchContext, parent_node: LocationNode | None, parent: QWidget | None = None):
        super().__init__(_("Add location"), parent)
        self.context = context
        self.parent_node = parent_node
        form = self.add_form(ErrorForm(parent=self))
        where = parent_node.path if parent_node is not None else _("The storage room (a new tank)")
        form.add_row("parent_id", _("Into"), QLabel(where, self))
        self.kind = QComboBox(self)
        self.kind.setObjectName("locationKind")
        for kind in CHILD_KINDS[parent_node.kind if parent_node else None]:
            self.kind.addItem(str(KIND_TEXT[kind]), kind.value)
        self.name = QLineEdit(self)
        self.name.setObjectName("locationName")
        self.name.setMaxLength(40)
        self.capacity = QSpinBox(self)
        self.capacity.setObjectName("capacity")
        self.capacity.setRange(1, MAX_POSITIONS)
        self.capacity.setValue(6)
        self.capacity.setMaximumWidth(110)
        form.add_row("kind", _("Kind"), self.kind)
        form.add_row("name", _("Name"), self.name)
        self.capacity_error = form.add_row("capacity", _("Positions"), self.capacity)
        self.capacity_label = form.layout_.labelForField(self.capacity_error.parentWidget())
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()
        self.setMinimumWidth(460)
        self.name.setFocus()

    def _kind_changed(self) -> None:
        kind = LocationKind(self.kind.currentData())
        holder = kind in (LocationKind.CANE, LocationKind.GOBLET)
        self.capacity.setVisible(holder)
        self.capacity_label.setVisible(holder)
        siblings = self.parent_node.child_count if self.parent_node else None
        # Translators: {name} is a kind of location (Cane, Goblet, Canister) and {number} the next free number.
        self.name.setPlaceholderText(isolated(_("e.g. {name} {number}"), name=KIND_TEXT[kind], number=siblings + 1)
                                     if siblings is not None else _("e.g. Tank C"))

    def save(self) -> LocationNode:
        kind = self.kind.currentData()
        holder = kind in (LocationKind.CANE.value, LocationKind.GOBLET.value)
        return self.context.services.storage.add_location(
            self.context.actor, parent_id=self.parent_node.id if self.parent_node else None, kind=kind,
            name=self.name.text(), capacity=self.capacity.value() if holder else 0)
