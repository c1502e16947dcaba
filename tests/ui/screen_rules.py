"""What 'fits the screen' and 'Tab follows the screen' mean, measured on real widgets.

Each function returns faults in words ("label 'Cycle: ICSI…' needs 412 px, has 300"), so
a failing test says what to fix. Widths come from the widget's own font metrics and size
hints, never from numbers written here, so the rules hold for any language and font.
"""

from __future__ import annotations

import re

from ui.common.focus_order import focus_chain, reading_order
from ui.common.table_view import SUMMARY_COLUMNS
from ui.qt import (
    QAbstractButton, QAbstractItemView, QAction, QApplication, QComboBox, QFont, QFontMetrics, QHeaderView, QLabel, QStyle, Qt,
    QTableView, QWidget,
)
from PySide6.QtWidgets import QStyleOptionComboBox  # noqa: E402  (a test-only style detail)

SLACK = 1  # px of rounding


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:57] + "..."


def _shown(widget: QWidget) -> bool:
    return widget.isVisible() and widget.width() > 0 and widget.height() > 0


def label_fault(label: QLabel) -> str | None:
    if not _shown(label) or not label.text() or label.pixmap() is not None and not label.pixmap().isNull():
        return None
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height() + SLACK:
            return f"label '{_short(label.text())}' needs {needed} px of height, has {label.height()}"
        return None
    hint = label.sizeHint()
    if hint.width() > label.width() + SLACK:
        return f"label '{_short(label.text())}' needs {hint.width()} px, has {label.width()}"
    if hint.height() > label.height() + SLACK:
        return f"label '{_short(label.text())}' needs {hint.height()} px of height, has {label.height()}"
    return None


def _bold(font: QFont) -> QFontMetrics:
    bold = QFont(font)
    bold.setWeight(QFont.Weight.DemiBold)
    return QFontMetrics(bold)


def header_faults(header: QHeaderView) -> list[str]:
    if not _shown(header) or header.orientation() != Qt.Orientation.Horizontal or header.model() is None:
        return []
    model = header.model()
    metrics = _bold(header.font())
    padding = 2 * 8 + 2  # the look's 8 px padding either side, and the border
    faults = []
    for section in range(header.count()):
        if header.isSectionHidden(section):
            continue
        text = str(model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "")
        needed = max((metrics.horizontalAdvance(line) for line in text.split("\n")), default=0) + padding
        if text and needed > header.sectionSize(section) + SLACK:
            faults.append(f"header '{_short(text)}' needs {needed} px, has {header.sectionSize(section)}")
    return faults


def cell_faults(view: QTableView, rows: int = 40) -> list[str]:
    """Cell texts cut short: a line (or, where the view wraps, a word) wider than its column."""
    if not _shown(view) or view.model() is None:
        return []
    model = view.model()
    metrics = view.fontMetrics()
    summaries = set(view.property(SUMMARY_COLUMNS) or ())  # read whole elsewhere (details, tooltip)
    margin = 2 * (view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin) + 1)  # as Qt's item delegate
    faults = []
    for row in range(min(rows, model.rowCount())):
        if view.isRowHidden(row):
            continue
        for column in range(model.columnCount()):
            if view.isColumnHidden(column) or column in summaries:
                continue
            index = model.index(row, column)
            text = model.data(index, Qt.ItemDataRole.DisplayRole)
            if not text:
                continue
            lines = str(text).split("\n")
            pieces = [word for line in lines for word in line.split()] if view.wordWrap() else lines
            needed = max(metrics.horizontalAdvance(p) for p in pieces) + margin
            if model.data(index, Qt.ItemDataRole.DecorationRole) is not None:
                needed += view.iconSize().width() + 4
            width = view.columnWidth(column)
            if needed > width + SLACK:
                faults.append(f"cell '{_short(str(text))}' needs {needed} px, column has {width}")
            elif view.wordWrap() and len(lines) > 1:
                line_height = metrics.lineSpacing()
                if len(lines) * line_height > view.rowHeight(row) + SLACK:
                    faults.append(f"cell '{_short(str(text))}' needs {len(lines) * line_height} px of height, "
                                  f"row has {view.rowHeight(row)}")
    return faults


def combo_fault(combo: QComboBox) -> str | None:
    if not _shown(combo) or combo.count() == 0:
        return None
    option = QStyleOptionComboBox()
    combo.initStyleOption(option) if hasattr(combo, "initStyleOption") else option.initFrom(combo)
    option.rect = combo.rect()
    field = combo.style().subControlRect(QStyle.ComplexControl.CC_ComboBox, option,
                                         QStyle.SubControl.SC_ComboBoxEditField, combo)
    metrics = combo.fontMetrics()
    widest = max(range(combo.count()), key=lambda i: metrics.horizontalAdvance(combo.itemText(i)))
    text = combo.itemText(widest)
    needed = metrics.horizontalAdvance(text) + 4
    if needed > field.width() + SLACK:
        return f"drop-down choice '{_short(text)}' needs {needed} px, the box shows {field.width()}"
    return None


def clipped_texts(root: QWidget) -> list[str]:
    faults: list[str] = []
    widgets = [root, *root.findChildren(QWidget)]
    for widget in widgets:
        if isinstance(widget, QLabel):
            fault = label_fault(widget)
            if fault:
                faults.append(fault)
        elif isinstance(widget, QHeaderView):
            faults += header_faults(widget)
        elif isinstance(widget, QTableView):
            faults += cell_faults(widget)
        elif isinstance(widget, QComboBox):
            fault = combo_fault(widget)
            if fault:
                faults.append(fault)
    return faults


def does_not_fit(window: QWidget) -> list[str]:
    screen = window.screen() or QApplication.primaryScreen()
    room = screen.availableGeometry()
    faults = []
    frame = window.frameGeometry()
    if frame.width() > room.width() or frame.height() > room.height():
        faults.append(f"window '{window.windowTitle()}' is {frame.width()}x{frame.height()}, "
                      f"the screen {room.width()}x{room.height()}")
    least = window.minimumSizeHint()
    if least.width() > room.width() or least.height() > room.height():
        faults.append(f"window '{window.windowTitle()}' needs at least {least.width()}x{least.height()}, "
                      f"the screen has {room.width()}x{room.height()}")
    return faults


def tab_order_faults(root: QWidget, *, right_to_left: bool | None = None) -> list[str]:
    """Where Tab leaves the reading order (mirrored when the layout runs right to left)."""
    chain = [w for w in focus_chain(root) if not isinstance(w, QAbstractItemView) or w.isVisible()]
    rtl = root.layoutDirection() == Qt.LayoutDirection.RightToLeft if right_to_left is None else right_to_left
    expected = reading_order(chain, root, right_to_left=rtl)
    if expected:  # the chain is a ring: read it from where the screen starts
        start = chain.index(expected[0])
        chain = chain[start:] + chain[:start]
    if chain == expected:
        return []

    def name(w: QWidget) -> str:
        text = getattr(w, "text", None)
        caption = text() if callable(text) and isinstance(text(), str) else ""
        return f"{type(w).__name__}({w.objectName() or _short(caption) or '?'})"

    for position, (got, want) in enumerate(zip(chain, expected)):
        if got is not want:
            return [f"Tab order: stop {position + 1} is {name(got)}, the screen reads {name(want)} there "
                    f"({' → '.join(name(w) for w in chain[max(0, position - 1):position + 2])})"]
    return []


_LONE_AMPERSAND = re.compile(r"(?<!&)&(?!&)(?=[^\w]|$)")


def mnemonic_faults(root: QWidget) -> list[str]:
    """Texts where a single '&' meant a literal ampersand: Qt draws it as a mnemonic ("Patients _cycles")."""
    faults = []
    texts = [("button", b.text()) for b in root.findChildren(QAbstractButton)]
    texts += [("label", label.text()) for label in root.findChildren(QLabel) if label.buddy() is not None]
    for action in root.findChildren(QAction):
        texts.append(("menu item", action.text()))
    for kind, text in texts:
        if _LONE_AMPERSAND.search(text.replace("&&", "")):
            faults.append(f"{kind} '{text}' shows '&' as a mnemonic: write '&&'")
    return faults
