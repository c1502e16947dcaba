"""Positions for a list of devices: proposed by the service, each one changeable at the keyboard.

Each row pairs a device (or "Straw 2" before codes exist) with a position path. Below the
list, tank / canister / cane / position boxes show the selected row's position; choosing
another position there changes that row. Occupied positions are listed but cannot be
chosen, and a position already given to another row of the list is marked as such.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated
from typing import Sequence

from bench_app.domain.errors import BenchError, ValidationError
from bench_app.services.registry import Services
from bench_app.services.storage_dto import PositionRef
from ui.common.form import error_label, set_message
from ui.cryo.cryo_text import CompactListWidget
from ui.qt import (
    QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, Qt, QVBoxLayout, QWidget,
    Signal,
)

NODE = Qt.ItemDataRole.UserRole + 1


class PositionListWidget(QWidget):
    changed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None, *, rows: int = 4):
        super().__init__(parent)
        self.services = services
        self._labels: list[str] = []
        self._refs: list[PositionRef | None] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.list = CompactListWidget(rows, self)
        self.list.setObjectName("positionList")
        layout.addWidget(self.list)

        editor = QGridLayout()
        editor.setHorizontalSpacing(6)
        editor.setVerticalSpacing(4)
        self.tank = QComboBox(self)
        self.tank.setObjectName("positionTank")
        self.canister = QComboBox(self)
        self.canister.setObjectName("positionCanister")
        self.holder = QComboBox(self)
        self.holder.setObjectName("positionHolder")
        self.slot = QComboBox(self)
        self.slot.setObjectName("positionSlot")
        for n, box in enumerate((self.tank, self.canister, self.holder, self.slot)):
            box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            box.setMinimumContentsLength(12)
            editor.addWidget(box, n // 2, n % 2)
        self.slot.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # "(chosen for Straw 2 D-…)" whole
        layout.addLayout(editor)

        again = QHBoxLayout()
        self.propose_button = QPushButton(_("Propose free positions"), self)
        self.propose_button.setObjectName("proposePositions")
        self.propose_button.setToolTip(_("Free positions together on one cane when one has room, "
                                         "in the tank chosen above"))
        self.message = error_label(self)
        again.addWidget(QLabel(_("Change the selected row above, or"), self))
        again.addWidget(self.propose_button)
        again.addStretch(1)
        layout.addLayout(again)
        layout.addWidget(self.message)

        self.list.currentRowChanged.connect(self._row_selected)
        self.tank.activated.connect(lambda _i: self._fill_canisters(choose_first=True))
        self.canister.activated.connect(lambda _i: self._fill_holders(choose_first=True))
        self.holder.activated.connect(lambda _i: self._fill_slots(choose_free=True))
        self.slot.activated.connect(lambda _i: self._apply())
        self.propose_button.clicked.connect(lambda: self.propose())
        self._fill_tanks()

    # --- rows --------------------------------------------------------------------------

    def set_labels(self, labels: Sequence[str]) -> None:
        """The devices, in order; positions already chosen are kept for the rows that remain."""
        self._labels = list(labels)
        self._refs = (self._refs + [None] * len(self._labels))[:len(self._labels)]
        self._render()

    def set_positions(self, refs: Sequence[PositionRef]) -> None:
        self._refs = (list(refs) + [None] * len(self._labels))[:len(self._labels)]
        self._render()
        self.changed.emit()

    def positions(self) -> list[PositionRef | None]:
        return list(self._refs)

    def values(self) -> list[tuple[int, int]]:
        """(holder, slot) per row, or a "positions" field error when a row has none."""
        if any(ref is None for ref in self._refs):
            raise ValidationError.single("positions", _("Choose a position for every device."))
        return [ref.key for ref in self._refs]

    def propose(self, tank_id: int | None = None) -> bool:
        """Ask the service for free positions for every row (in the chosen tank, if any)."""
        set_message(self.message, "")
        if not self._labels:
            return False
        if tank_id is None:
            tank_id = self.tank.currentData()
        try:
            refs = self.services.storage.propose_positions(len(self._labels), tank_id=tank_id)
        except BenchError as exc:
            message = exc.field_errors.get("count", str(exc)) if isinstance(exc, ValidationError) else str(exc)
            set_message(self.message, message)
            return False
        self.set_positions(refs)
        return True

    def _render(self) -> None:
        current = max(self.list.currentRow(), 0)
        self.list.blockSignals(True)
        self.list.clear()
        for label, ref in zip(self._labels, self._refs):
            self.list.addItem(f"{label}   →   {ref.path if ref else _('no position chosen')}")
        self.list.blockSignals(False)
        if self._labels:
            self.list.setCurrentRow(min(current, len(self._labels) - 1))

    # --- the editor --------------------------------------------------------------------

    def _row_selected(self, row: int) -> None:
        ref = self._refs[row] if 0 <= row < len(self._refs) else None
        if ref is None:
            return
        holder = self.services.storage.get_location(ref.location_id)
        self._select(self.tank, holder.tank_id)
        self._fill_canisters()
        self._select(self.canister, holder.parent_id)
        self._fill_holders()
        self._select(self.holder, holder.id)
        self._fill_slots()
        self._select(self.slot, ref.slot)

    def _fill_tanks(self) -> None:
        self.tank.clear()
        self.tank.addItem(_("Any tank"), None)
        for node in self.services.storage.tanks():
            self.tank.addItem(f"{node.name}  ({node.occupancy_text})", node.id)
        self._fill_canisters()

    def _fill_canisters(self, choose_first: bool = False) -> None:
        self._fill(self.canister, self.tank.currentData(), choose_first)
        self._fill_holders(choose_first)

    def _fill_holders(self, choose_first: bool = False) -> None:
        self._fill(self.holder, self.canister.currentData(), choose_first)
        self._fill_slots(choose_free=choose_first)

    def _fill(self, combo: QComboBox, parent_id: int | None, choose_room: bool = False) -> None:
        """List the children of ``parent_id``; with ``choose_room`` the first one with a free position is current."""
        combo.clear()
        if parent_id is None:
            return
        for node in self.services.storage.children(parent_id):
            combo.addItem(f"{node.name}  ({node.occupancy_text})", node.id)
            combo.setItemData(combo.count() - 1, node, NODE)
        if choose_room:
            roomy = [i for i in range(combo.count()) if combo.itemData(i, NODE).free > 0]
            combo.setCurrentIndex(roomy[0] if roomy else 0)

    def _fill_slots(self, choose_free: bool = False) -> None:
        self.slot.clear()
        holder_id = self.holder.currentData()
        if holder_id is None:
            return
        view = self.services.storage.cane_view(holder_id)
        mine = {ref.key: n for n, ref in enumerate(self._refs) if ref is not None}
        row = self.list.currentRow()
        first_free = -1
        for slot in view.slots:
            key = (holder_id, slot.slot)
            text = isolated(_("Position {number}"), number=slot.slot)
            if slot.device is not None:
                text += "  " + isolated(_("(occupied: {code})"), code=slot.device.code)
            elif key in mine and mine[key] != row:
                text += "  " + isolated(_("(chosen for {device})"), device=self._labels[mine[key]])
            elif first_free < 0:
                first_free = self.slot.count()
            self.slot.addItem(text, slot.slot)
            if slot.device is not None:
                self.slot.model().item(self.slot.count() - 1).setEnabled(False)
        if choose_free:
            if first_free < 0:
                set_message(self.message, isolated(_("{location} has no free position."), location=view.location.path))
                return
            self.slot.setCurrentIndex(first_free)
            self._apply()

    def _apply(self) -> None:
        row = self.list.currentRow()
        index = self.holder.currentIndex()
        if row < 0 or index < 0 or self.slot.currentIndex() < 0:
            return
        holder = self.holder.itemData(index, NODE)
        slot = self.slot.currentData()
        for n, ref in enumerate(self._refs):
            if n != row and ref is not None and ref.key == (holder.id, slot):
                set_message(self.message, isolated(_("Position {number} is already chosen for {device}."), number=slot,
                                                                                                   device=self._labels[n]))
                return
        set_message(self.message, "")
        self._refs[row] = PositionRef(holder.id, slot, holder.path)
        self.list.item(row).setText(f"{self._labels[row]}   →   {self._refs[row].path}")
        self.changed.emit()

    @staticmethod
    def _select(combo: QComboBox, value) -> None:
        index = combo.findData(value)
        if index >= 0:
            combo.setCurrentIndex(index)
