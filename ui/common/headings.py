"""Headings and small text styles used across screens, so every area reads the same way."""

from __future__ import annotations

from bench_app.i18n import is_right_to_left
from ui.qt import QFont, QHBoxLayout, QLabel, QWidget, set_by_name


def heading(text: str, parent: QWidget | None = None, *, level: int = 1) -> QLabel:
    """A bold title: level 1 for a screen, 2 for a section within it."""
    label = QLabel(text, parent)
    font = QFont(label.font())
    font.setBold(True)
    base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(base * (1.5 if level == 1 else 1.15))
    label.setFont(font)
    label.setObjectName("heading" if level == 1 else "subheading")
    # Absolute: a name in Arabic must not flip the heading to the other edge; the edge is the language's start
    # (the right under Arabic, whose window is laid out right to left). By name: the sign-in window has a
    # heading and is drawn before Qt's namespace is made (ui.qt).
    start = "AlignRight" if is_right_to_left() else "AlignLeft"
    set_by_name(label, textInteractionFlags="TextSelectableByMouse", alignment=f"{start}|AlignAbsolute|AlignVCenter")
    return label


def scaled(label: QLabel, factor: float, bold: bool = True) -> QLabel:
    """``label`` drawn ``factor`` times the reading size (a panel's big figures), bold unless said otherwise."""
    font = QFont(label.font())
    base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(base * factor)
    font.setBold(bold)
    label.setFont(font)
    return label


def muted(text: str, parent: QWidget | None = None) -> QLabel:
    """Secondary text: hints, explanations, empty-state notes."""
    label = QLabel(text, parent)
    label.setWordWrap(True)
    label.setStyleSheet("color: #5f6368;")
    return label


def section_bar(title: str, *buttons: QWidget, parent: QWidget | None = None) -> QHBoxLayout:
    """A section heading with its action buttons on the right."""
    row = QHBoxLayout()
    row.setContentsMargins(0, 8, 0, 2)
    row.setSpacing(8)
    row.addWidget(heading(title, parent, level=2))
    row.addStretch(1)
    for button in buttons:
        row.addWidget(button)
    return row
