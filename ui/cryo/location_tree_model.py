"""The storage map as a lazy tree model: tanks at first, a tank's branch read when it is opened.

The model is given two loaders: ``load_tanks(include_retired)`` for the top level and
``load_branch(location_id, include_retired)``, which answers two levels at once (the
service's ``StorageService.branch``: a node's children and each child's children, keyed
by parent id). Forty tanks open instantly because only the tanks are read at first;
opening a tank reads its canisters and every canister's canes in one call, a handful of
statements however many canisters, so opening a canister afterwards reads nothing (on a
lab's server each call is several round trips). Each row shows its name and occupancy
("Tank B  412/600").
After a freeze, move, thaw or discard the view passes the ids the service says it
touched to ``refresh_nodes``, and only those rows are re-read.
"""

from __future__ import annotations

from bench_app.i18n import _, _l, format_percent, isolated, ngettext
from dataclasses import replace
from enum import IntEnum
from typing import Any, Callable, Iterable

from bench_app.services.storage_dto import LocationNode
from ui.common.row_table_model import bold_font
from ui.cryo.cryo_text import MUTED
from ui.qt import QAbstractItemModel, QColor, QModelIndex, QObject, QPersistentModelIndex, Qt

NODE_ROLE = Qt.ItemDataRole.UserRole + 1
FULL = QColor("#8a5300")
# data() runs for every role of every visible cell on each paint and size hint: plain ints, one font.
_DISPLAY, _FOREGROUND, _FONT = int(Qt.ItemDataRole.DisplayRole), int(Qt.ItemDataRole.ForegroundRole), \
    int(Qt.ItemDataRole.FontRole)
_ALIGN, _TOOLTIP, _NODE = int(Qt.ItemDataRole.TextAlignmentRole), int(Qt.ItemDataRole.ToolTipRole), int(NODE_ROLE)
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

Index = QModelIndex | QPersistentModelIndex
TankLoader = Callable[[bool], list[LocationNode]]                            # (with retired) -> the tanks
BranchLoader = Callable[[int, bool], dict[int, list[LocationNode]]]          # (location id, with retired) ->
#   its children and each child's children, keyed by parent id (a child without an entry stays unread)


class _Item:
    __slots__ = ("node", "parent", "children", "fetched")

    def __init__(self, node: LocationNode | None, parent: _Item | None):
        self.node = node
        self.parent = parent
        self.children: list[_Item] = []
        self.fetched = False

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent is not None else 0


class LocationTreeModel(QAbstractItemModel):
    class Column(IntEnum):
        NAME = 0
        OCCUPANCY = 1
        FREE = 2

    HEADERS = {Column.NAME: _l("Location"), Column.OCCUPANCY: _l("Occupied"), Column.FREE: _l("Free")}

    def __init__(self, load_tanks: TankLoader, load_branch: BranchLoader, parent: QObject | None = None):
        super().__init__(parent)
        self._load_tanks = load_tanks
        self._load_branch = load_branch
        self.include_retired = False
        self._root = _Item(None, None)
        self._by_id: dict[int, _Item] = {}

    # --- the adapter's own API ---------------------------------------------------------

    def reload(self, *, include_retired: bool | None = None) -> None:
        """Forget every loaded level and read the tanks again."""
        if include_retired is not None:
            self.include_retired = include_retired
        self.beginResetModel()
        self._root = _Item(None, None)
        self._by_id.clear()
        self._fill(self._root, self._load_tanks(self.include_retired))
        self._root.fetched = True
        self.endResetModel()

    def loaded_ids(self) -> set[int]:
        """Ids of the locations read so far: the tanks, and two levels under each opened one (tests prove
        the tree lazy with it)."""
        return set(self._by_id)

    def node(self, index: Index) -> LocationNode | None:
        item = self._item(index)
        return item.node if item is not self._root else None

    def index_of(self, location_id: int) -> QModelIndex:
        item = self._by_id.get(location_id)
        if item is None:
            return QModelIndex()
        return self.createIndex(item.row(), 0, item)

    def refresh_nodes(self, nodes: Iterable[LocationNode]) -> None:
        """New counts for rows already loaded; rows not loaded yet are read fresh when opened.

        One dataChanged per level (the span of its changed rows), not one per row: the view
        re-reads and re-measures the level on each signal, which on forty tanks cost 150 ms."""
        rows: dict[int, tuple[_Item, int, int]] = {}   # parent's id() -> (parent, first row, last row)
        for fresh in nodes:
            item = self._by_id.get(fresh.id)
            if item is None:
                continue
            # Keep the child count of this tree's mode: a fresh node counts retired children too.
            item.node = replace(fresh, child_count=item.node.child_count) if not self.include_retired else fresh
            row = item.row()
            parent, first, last = rows.get(id(item.parent), (item.parent, row, row))
            rows[id(item.parent)] = (parent, min(first, row), max(last, row))
        for parent, first, last in rows.values():
            self.dataChanged.emit(self.createIndex(first, 0, parent.children[first]),
                                  self.createIndex(last, len(self.Column) - 1, parent.children[last]))

    def add_node(self, node: LocationNode) -> None:
        """A location just created: appended under its parent if that level is already loaded."""
        parent = self._root if node.parent_id is None else self._by_id.get(node.parent_id)
        if parent is None or not parent.fetched:
            if parent is not None and parent.node is not None and not parent.node.child_count:
                parent.node = replace(parent.node, child_count=1)  # now it can be opened
            return
        row = len(parent.children)
        parent_index = QModelIndex() if parent is self._root else self.createIndex(parent.row(), 0, parent)
        self.beginInsertRows(parent_index, row, row)
        self._fill(parent, [node])
        self.endInsertRows()

    # --- Qt's API ----------------------------------------------------------------------

    def index(self, row: int, column: int, parent: Index = QModelIndex()) -> QModelIndex:
        item = self._item(parent)
        if not 0 <= row < len(item.children) or not 0 <= column < len(self.Column):
            return QModelIndex()
        return self.createIndex(row, column, item.children[row])

    def parent(self, index: Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid():
            return QModelIndex()
        item: _Item = index.internalPointer()
        up = item.parent
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row(), 0, up)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._item(parent).children)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return len(self.Column)

    def hasChildren(self, parent: Index = QModelIndex()) -> bool:
        item = self._item(parent)
        if item is self._root:
            return bool(item.children)
        if parent.column() != 0:
            return False
        return item.node.has_children if not item.fetched else bool(item.children)

    def canFetchMore(self, parent: Index) -> bool:
        item = self._item(parent)
        return item is not self._root and not item.fetched and item.node.has_children

    def fetchMore(self, parent: Index) -> None:
        item = self._item(parent)
        if item is self._root or item.fetched:
            return
        item.fetched = True
        branch = self._load_branch(item.node.id, self.include_retired)
        nodes = branch.get(item.node.id, [])
        if not nodes:
            return
        self.beginInsertRows(parent, 0, len(nodes) - 1)
        self._fill(item, nodes)
        for child in item.children:          # the inserted rows come with their own children, already read
            grandchildren = branch.get(child.node.id)
            if grandchildren is not None:
                self._fill(child, grandchildren)
                child.fetched = True
        self.endInsertRows()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        node: LocationNode = index.internalPointer().node
        column, role = index.column(), int(role)
        if role == _DISPLAY:
            if column == 0:
                return isolated(_("{name} (retired)"), name=node.name) if node.retired else node.name
            if column == 1:
                return node.occupancy_text
            return str(node.free)
        if role == _NODE:
            return node
        if role == _FOREGROUND:
            if node.retired:
                return MUTED
            if column != 0 and node.occupancy.full:
                return FULL
        if role == _FONT and node.parent_id is None and column == 0:
            return bold_font()
        if role == _ALIGN and column != 0:
            return _RIGHT
        if role == _TOOLTIP:
            pct = format_percent(node.occupancy.fraction, 0) if node.capacity else _("no positions")
            return isolated(ngettext("{path}: {occupied} of {count} position used ({percent})",
                                     "{path}: {occupied} of {count} positions used ({percent})", node.capacity),
                path=node.path, occupied=node.occupied, count=node.capacity, percent=pct)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.Column):
            return str(self.HEADERS[self.Column(section)])
        return None

    # --- helpers -----------------------------------------------------------------------

    def _item(self, index: Index) -> _Item:
        return index.internalPointer() if index.isValid() else self._root

    def _fill(self, parent: _Item, nodes: list[LocationNode]) -> None:
        for node in nodes:
            item = _Item(node, parent)
            parent.children.append(item)
            self._by_id[node.id] = item
