"""Tab order from the layout: Tab walks a form in the order a person reads it.

Qt's default tab order is the order widgets were created, which drifts from what the
screen shows as soon as a form is built out of order (a row inserted later, a field
created before its neighbours). ``order_tab_chain`` walks the widget's layouts instead:
box layouts in their item order, grids and forms row by row, then cell by cell. That is
the logical (reading) order, so a right-to-left layout direction mirrors it on screen
and Tab still follows the reader. Fields hidden now keep their place for when they show.

``reading_order`` is the same order measured on screen (rows top to bottom, then left to
right, or right to left); tests compare a dialog's focus chain with it.
"""

from __future__ import annotations

from typing import Iterator

from ui.qt import (
    QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QFormLayout, QGridLayout, QGroupBox,
    QLayout, QLineEdit, QPlainTextEdit, QScrollArea, QStackedWidget, Qt, QTabWidget, QTextEdit, QWidget,
)

# Inputs that hold child widgets of their own (a combo's line edit, a spin box's editor):
# they are one stop of the chain, never walked into.
_LEAVES = (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox, QLineEdit, QPlainTextEdit,
           QTextEdit, QTabWidget)


def _tab_stop(widget: QWidget) -> bool:
    return bool(widget.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)


def _layout_items(layout: QLayout) -> Iterator:
    if isinstance(layout, QFormLayout):
        for row in range(layout.rowCount()):
            for role in (QFormLayout.ItemRole.LabelRole, QFormLayout.ItemRole.FieldRole,
                         QFormLayout.ItemRole.SpanningRole):
                item = layout.itemAt(row, role)
                if item is not None:
                    yield item
        return
    if isinstance(layout, QGridLayout):
        cells = []
        for index in range(layout.count()):
            row, column, _rows, _columns = layout.getItemPosition(index)
            cells.append((row, column, index))
        for _row, _column, index in sorted(cells):
            yield layout.itemAt(index)
        return
    for index in range(layout.count()):
        yield layout.itemAt(index)


def _walk_layout(layout: QLayout, seen: set[int]) -> Iterator[QWidget]:
    for item in _layout_items(layout):
        if item.widget() is not None:
            yield from _walk_widget(item.widget(), seen)
        elif item.layout() is not None:
            yield from _walk_layout(item.layout(), seen)


def _walk_widget(widget: QWidget, seen: set[int]) -> Iterator[QWidget]:
    if id(widget) in seen:
        return
    seen.add(id(widget))
    if isinstance(widget, _LEAVES):
        if _tab_stop(widget):
            yield widget
        return
    if isinstance(widget, QGroupBox) and widget.isCheckable() and _tab_stop(widget):
        yield widget
    if isinstance(widget, QScrollArea):
        if widget.widget() is not None:
            yield from _walk_widget(widget.widget(), seen)
        return
    if isinstance(widget, QStackedWidget):
        for index in range(widget.count()):
            yield from _walk_widget(widget.widget(index), seen)
        return
    if widget.layout() is not None:
        yield from _walk_layout(widget.layout(), seen)
    elif _tab_stop(widget):
        yield widget  # a custom input with no layout of its own (a grid drawn by hand)


def layout_order(root: QWidget) -> list[QWidget]:
    """The tab stops under ``root`` in layout (reading) order."""
    seen: set[int] = set()
    return [w for w in _walk_widget(root, seen) if w is not root]


def order_tab_chain(root: QWidget) -> list[QWidget]:
    """Set Tab to follow the layout order under ``root``; return the order set."""
    order = layout_order(root)
    for first, second in zip(order, order[1:]):
        QWidget.setTabOrder(first, second)
    return order


def focus_chain(root: QWidget) -> list[QWidget]:
    """The widgets Tab visits under ``root``, from the first, as Qt walks them."""
    stops = [w for w in root.findChildren(QWidget) if _reachable(w, root)]
    if not stops:
        return []
    start = stops[0]
    chain: list[QWidget] = []
    widget = start
    for _ in range(10_000):
        if _reachable(widget, root) and widget not in chain:
            chain.append(widget)
        widget = widget.nextInFocusChain()
        if widget is start:
            break
    return chain


def _reachable(widget: QWidget, root: QWidget) -> bool:
    if not (_tab_stop(widget) and widget.isVisibleTo(root) and widget.isEnabled()):
        return False
    proxy = widget.focusProxy()
    if proxy is not None and proxy is not widget:
        return False
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, _LEAVES):
            return False  # a combo's own line edit, a spin box's editor
        parent = parent.parentWidget()
    return parent is root


def reading_order(widgets: list[QWidget], root: QWidget, *, right_to_left: bool = False) -> list[QWidget]:
    """``widgets`` in the order a reader meets them on screen.

    Rows top to bottom, then along each row left to right (right to left when mirrored);
    where a band holds columns side by side (two partners' forms), each column is read
    through before the next. This is the recursive "X-Y cut" of document layout analysis:
    split the boxes at the widest gap, across or down, and again inside each part. A
    scroll area is read as one block in its place, its own content in its own order,
    however far it is scrolled.
    """
    blocks: dict[int, tuple[QWidget, list[QWidget]]] = {}
    boxes = []
    for widget in widgets:
        holder = _scroll_block(widget, root)
        if holder is None:
            boxes.append(_box(widget, root, widget))
        elif id(holder) not in blocks:
            blocks[id(holder)] = (holder, [widget])
            boxes.append(_box(holder, root, holder))
        else:
            blocks[id(holder)][1].append(widget)
    ordered: list[QWidget] = []
    for box in _cut(boxes, right_to_left):
        item = box[4]
        if id(item) in blocks:
            area, inside = blocks[id(item)]
            ordered += reading_order(inside, area.widget(), right_to_left=right_to_left)
        else:
            ordered.append(item)
    return ordered


def _scroll_block(widget: QWidget, root: QWidget) -> QScrollArea | None:
    """The outermost scroll area between ``widget`` and ``root``, if any."""
    found = None
    parent = widget.parentWidget()
    while parent is not None and parent is not root:
        if isinstance(parent, QScrollArea) and parent.widget() is not None and parent.widget().isAncestorOf(widget):
            found = parent
        parent = parent.parentWidget()
    return found


def _box(widget: QWidget, root: QWidget, item) -> tuple:
    corner = widget.mapTo(root, widget.rect().topLeft())
    return (corner.y(), corner.y() + widget.height(), corner.x(), corner.x() + widget.width(), item)


def _split(boxes: list[tuple], low: int, high: int) -> tuple[list[list[tuple]], int]:
    """Groups separated by a gap along one axis (``low``/``high``: the box's start and end on it),
    and the widest such gap (0: none)."""
    ordered = sorted(boxes, key=lambda b: (b[low], b[high]))
    groups: list[list[tuple]] = [[ordered[0]]]
    reach, widest = ordered[0][high], 0
    for box in ordered[1:]:
        if box[low] >= reach:
            widest = max(widest, box[low] - reach + 1)
            groups.append([box])
        else:
            groups[-1].append(box)
        reach = max(reach, box[high])
    return groups, widest


def _cut(boxes: list[tuple], right_to_left: bool) -> list[tuple]:
    if len(boxes) <= 1:
        return boxes
    rows, row_gap = _split(boxes, 0, 1)
    columns, column_gap = _split(boxes, 2, 3)
    if len(rows) == 1 and len(columns) == 1:  # overlapping both ways: top to bottom, then along the line
        return sorted(boxes, key=lambda b: (b[0], -b[2] if right_to_left else b[2]))
    if len(columns) > 1 and column_gap > row_gap:
        groups = columns[::-1] if right_to_left else columns
    else:
        groups = rows
    ordered: list[tuple] = []
    for group in groups:
        ordered += _cut(group, right_to_left)
    return ordered
