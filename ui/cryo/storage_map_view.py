"""The storage map: the lazy tank tree on the left, the chosen cane's positions on the right.

Supervisors and administrators also set the map up here (new tank, add a location,
retire an empty one). Selecting a cane or goblet shows every position with its device
or "free"; double-clicking a device opens its history.
"""

from __future__ import annotations

from bench_app.i18n import _, isolated, ngettext
from types import SimpleNamespace
from typing import Iterable

from bench_app.domain.enums import Role
from bench_app.domain.record_changes import RecordKind
from bench_app.services.storage_dto import DeviceInfo, LocationNode
from ui.common.dialog_host import open_dialog
from ui.common.headings import heading, muted
from ui.common.record_changes import LiveRefresh
from ui.tanks.tank_text import audit_line, holder_code
from ui.common.row_table_model import ROW_ROLE
from ui.common.table_view import fit_columns, make_table, select_row
from ui.common.wrapping_table import wrapping
from ui.cryo.add_location_dialog import AddLocationDialog, can_add_into
from ui.cryo.cane_table_model import CaneTableModel
from ui.cryo.location_tree_model import NODE_ROLE, LocationTreeModel
from ui.cryo.new_tank_dialog import NewTankDialog
from ui.cryo.retire_location_dialog import RetireLocationDialog
from ui.qt import (
    QAbstractItemView, QCheckBox, QHBoxLayout, QHeaderView, QModelIndex, QPushButton, QSplitter, Qt, QTreeView,
    QVBoxLayout, QWidget, Signal,
)
from ui.shell.bench_context import BenchContext

SETUP_ROLES = (Role.SUPERVISOR, Role.ADMIN)

WIDEST_COUNTS = ("88888/88888", "88888")  # occupied/positions and free: as wide as a 99,999-position tank


class StorageMapView(QWidget):
    deviceActivated = Signal(int)

    def __init__(self, context: BenchContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context
        self.active_dialog = None
        self.cane_id: int | None = None
        storage = context.services.storage
        self.tree_model = LocationTreeModel(
            lambda retired: storage.tanks(include_retired=retired),
            lambda location_id, retired: storage.branch(location_id, include_retired=retired), self)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.show_retired = QCheckBox(_("Show retired"), self)
        self.show_retired.setObjectName("showRetired")
        self.new_tank_button = QPushButton(_("New tank…"), self)
        self.add_location_button = QPushButton(_("Add location…"), self)
        self.retire_button = QPushButton(_("Retire…"), self)
        self.retire_button.setToolTip(_("Retire the selected location (only when it is empty)"))
        bar.addWidget(self.show_retired)
        bar.addStretch(1)
        for button in (self.new_tank_button, self.add_location_button, self.retire_button):
            bar.addWidget(button)
        layout.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.tree = QTreeView(splitter)
        self.tree.setObjectName("storageTree")
        self.tree.setStyleSheet("QTreeView#storageTree::item { padding: 4px 2px; }")
        self.tree.setModel(self.tree_model)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # The counts' columns are as wide as the widest count a tank can show, set once: sized to their
        # contents they were measured over every loaded row at each change (forty tanks and their canes).
        for column, widest in zip((1, 2), WIDEST_COUNTS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
            header.resizeSection(column, max(self.tree.fontMetrics().horizontalAdvance(widest) + 16,
                                             header.sectionSizeFromContents(column).width()))

        right = QWidget(splitter)
        column = QVBoxLayout(right)
        column.setContentsMargins(12, 0, 0, 0)
        column.setSpacing(6)
        self.cane_title = heading("", right, level=2)
        self.cane_title.setObjectName("caneTitle")
        self.cane_note = muted(_("Select a cane or goblet to see its positions."), right)
        self.cane_note.setObjectName("caneNote")
        self.cane_model = CaneTableModel(self)
        self.cane_table = make_table(self.cane_model, right, sortable=False,
                                     stretch_column=CaneTableModel.Column.PATIENT)
        self.cane_table.setObjectName("caneTable")
        self._refit_cane = wrapping(SimpleNamespace(table=self.cane_table), {})   # names read whole
        self.cane_table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        column.addWidget(self.cane_title)
        column.addWidget(self.cane_note)
        column.addWidget(self.cane_table, 1000)
        column.addStretch(1)  # keeps the title at the top while no cane is shown
        splitter.addWidget(self.tree)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 5)
        splitter.setSizes([320, 800])
        layout.addWidget(splitter, 1)

        self.show_retired.toggled.connect(lambda on: self.reload(include_retired=on))
        self.tree.selectionModel().currentChanged.connect(self._on_current_changed)
        self.tree.activated.connect(self._on_tree_activated)
        self.cane_table.activated.connect(self._on_cane_activated)
        self.new_tank_button.clicked.connect(self.new_tank)
        self.add_location_button.clicked.connect(self.add_location)
        self.retire_button.clicked.connect(self.retire_location)
        context.actorChanged.connect(lambda _a: self._update_buttons())
        self.live = LiveRefresh(self, context, (RecordKind.CRYO,))  # counts and the open cane, kept selected
        self.reload()

    # --- loading -----------------------------------------------------------------------

    def reload(self, *, include_retired: bool | None = None) -> None:
        self.tree_model.reload(include_retired=include_retired)
        self._show_cane(None)
        self._update_buttons()
        if self.tree_model.rowCount():
            self.tree.setCurrentIndex(self.tree_model.index(0, 0))

    def refresh(self) -> None:
        """New counts for every row already open (others may have frozen or thawed meanwhile)."""
        self.refresh_locations(self.tree_model.loaded_ids())

    def refresh_locations(self, ids: Iterable[int]) -> None:
        ids = list(ids)
        if ids:
            self.tree_model.refresh_nodes(self.context.services.storage.get_locations(ids))
        if self.cane_id is not None:
            self._show_cane(self.cane_id)
        self._update_buttons()

    def current_node(self) -> LocationNode | None:
        return self.tree.currentIndex().data(NODE_ROLE)

    def select_location(self, location_id: int) -> bool:
        """Open the tree down to a location already loaded and make it current."""
        index = self.tree_model.index_of(location_id)
        if not index.isValid():
            return False
        self.tree.setCurrentIndex(index)
        self.tree.scrollTo(index)
        return True

    def show_position(self, device: DeviceInfo) -> None:
        """Open the tree at the device's cane (reading its tank's branch if not read yet) and select its row."""
        if device.location_id is None:
            return
        chain = self.context.services.storage.get_location(device.location_id)
        for location_id in (chain.tank_id, chain.parent_id):
            index = self.tree_model.index_of(location_id)
            if index.isValid():
                self.tree_model.fetchMore(index)
                self.tree.expand(index)
        if self.select_location(device.location_id) and device.slot is not None:
            select_row(self.cane_table, device.slot - 1)

    # --- the cane panel ------------------------------------------------------------------

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        node = current.data(NODE_ROLE)
        self._update_buttons()
        if node is not None and node.is_holder:
            self._show_cane(node.id)
            return
        self._show_cane(None)
        if node is not None:
            self.cane_title.setText(f"{node.path}   {node.occupancy_text}")
            self.cane_note.setText(isolated(ngettext("{count} free position. Open it and select a cane or goblet to see "
                                                     "its positions.",
                                            "{count} free positions. Open it and select a cane or goblet to see "
                                            "its positions.", node.free), count=node.free)
                                   + audit_line(self.context, node))

    def _show_cane(self, location_id: int | None) -> None:
        self.cane_id = location_id
        if location_id is None:
            self.cane_model.set_rows([])
            self.cane_table.hide()
            self.cane_title.setText("")
            self.cane_note.setText(_("Select a cane or goblet to see its positions."))
            self.cane_note.show()
            return
        view = self.context.services.storage.cane_view(location_id)
        selected = {i.row() for i in self.cane_table.selectionModel().selectedRows()}
        self.cane_model.today = self.context.today()
        self.cane_model.set_rows(view.slots)
        for row in sorted(selected):
            if row < len(view.slots):
                select_row(self.cane_table, row)
        node = view.location
        self.cane_title.setText(f"{node.path}   {node.occupancy_text}")
        parts = [isolated(ngettext("{free} of {count} position free", "{free} of {count} positions free",
                          node.capacity), free=node.free, count=node.capacity)]
        if node.retired:
            parts.append(_("retired"))
        parts.append(isolated(_("code {code}"), code=holder_code(node.id)))
        self.cane_note.setText("   ·   ".join(parts))
        self.cane_table.show()
        fit_columns(self.cane_table)
        self._refit_cane()

    def selected_devices(self) -> list[DeviceInfo]:
        rows = self.cane_table.selectionModel().selectedRows() if self.cane_table.isVisible() else []
        slots = [i.data(ROW_ROLE) for i in sorted(rows, key=lambda i: i.row())]
        return [s.device for s in slots if s is not None and s.device is not None]

    def _on_tree_activated(self, index: QModelIndex) -> None:
        node = index.data(NODE_ROLE)
        if node is not None and node.is_holder:
            self.cane_table.setFocus()
            if self.cane_model.rowCount() and not self.cane_table.selectionModel().hasSelection():
                select_row(self.cane_table, 0)

    def _on_cane_activated(self, index: QModelIndex) -> None:
        slot = index.data(ROW_ROLE)
        if slot is not None and slot.device is not None:
            self.deviceActivated.emit(slot.device.id)

    # --- setting the map up ------------------------------------------------------------

    def may_set_up(self) -> bool:
        return self.context.actor.role in SETUP_ROLES

    def _update_buttons(self) -> None:
        allowed = self.may_set_up()
        node = self.current_node()
        for button in (self.new_tank_button, self.add_location_button, self.retire_button):
            button.setVisible(allowed)
        self.add_location_button.setEnabled(can_add_into(node))
        self.retire_button.setEnabled(node is not None and not node.retired)

    def new_tank(self) -> None:
        dialog = NewTankDialog(self.context, self)
        open_dialog(self, dialog, self._tank_created)

    def _tank_created(self, node: LocationNode) -> None:
        self.tree_model.add_node(node)
        self.select_location(node.id)

    def add_location(self) -> None:
        node = self.current_node()
        parent = node if can_add_into(node) else None
        dialog = AddLocationDialog(self.context, parent, self)
        open_dialog(self, dialog, self._location_added)

    def _location_added(self, node: LocationNode) -> None:
        self.tree_model.add_node(node)
        ids = [i for i in (node.parent_id, node.tank_id) if i is not None and i != node.id]
        self.refresh_locations(ids)
        if node.parent_id is not None:
            parent = self.tree_model.index_of(node.parent_id)
            self.tree_model.fetchMore(parent)
            self.tree.expand(parent)
        self.select_location(node.id)

    def retire_location(self) -> None:
        node = self.current_node()
        if node is None:
            return
        dialog = RetireLocationDialog(self.context, node, self)
        open_dialog(self, dialog, lambda _n: self._retired(node))

    def _retired(self, node: LocationNode) -> None:
        """Read the tree again (the location leaves it unless retired ones are shown) and reopen its branch."""
        self.reload()
        for location_id in dict.fromkeys(i for i in (node.tank_id, node.parent_id) if i is not None):
            index = self.tree_model.index_of(location_id)
            if index.isValid():
                self.tree_model.fetchMore(index)
                self.tree.expand(index)
        self.select_location(node.id) or self.select_location(node.parent_id or node.tank_id)
