"""Finds words shown on screen that do not go through the translation function.

An AST walk over the UI's modules: a string literal (or an f-string with words in it) passed
straight to what puts text on screen: ``setText``, ``setToolTip``, ``setWindowTitle``, ``QLabel(...)``,
``QPushButton(...)``, ``QMessageBox.warning(parent, title, text)``, ``addAction``, ``addMenu``,
``showMessage`` and the like. ``_("...")`` (or ngettext, pgettext, a lazy ``_l``) is a call, not a
literal, so a wrapped string is never found. Text without a letter ("—", "…", "%") is not a word.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]

# Methods whose every string argument is shown to a person.
TEXT_METHODS = {
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setStatusTip", "setWhatsThis", "setTitle",
    "setLabelText", "setInformativeText", "setDetailedText", "setSpecialValueText", "setSuffix", "setPrefix",
    "setHeaderLabels", "setHorizontalHeaderLabels", "setVerticalHeaderLabels", "setTabText", "setTabToolTip",
    "setItemText", "setButtonText", "setAccessibleName", "addAction", "addMenu", "addTab", "insertTab", "addItem",
    "addItems", "insertItem", "showMessage", "setDefaultSuffix", "addRow", "setHtml", "setPlainText",
}
# Widget classes whose constructor's string arguments are shown.
TEXT_WIDGETS = {
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMenu", "QToolButton",
    "QCommandLinkButton", "QListWidgetItem", "QTableWidgetItem", "QTreeWidgetItem", "QToolBar", "QDockWidget",
}
# QMessageBox's static helpers: (parent, title, text, ...).
MESSAGE_BOX = {"information", "warning", "critical", "question", "about"}


class Literal(NamedTuple):
    path: str
    line: int
    text: str


def _words(node: ast.AST) -> str | None:
    """The text of a literal that holds at least one letter, else None."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    elif isinstance(node, (ast.List, ast.Tuple)):
        found = [w for w in (_words(e) for e in node.elts) if w]
        return " | ".join(found) or None
    elif isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _words(node.left) or _words(node.right)
    elif isinstance(node, ast.IfExp):
        return _words(node.body) or _words(node.orelse)
    else:
        return None
    return text if any(ch.isalpha() for ch in text) else None


def _shown_arguments(call: ast.Call) -> list[ast.AST]:
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
    if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "QMessageBox" \
            and name in MESSAGE_BOX:
        return list(call.args[1:3])
    if name in TEXT_METHODS:
        if name == "addRow":  # QFormLayout.addRow(label, field): the label only
            return list(call.args[:1])
        return list(call.args) + [k.value for k in call.keywords if k.arg in ("text", "title", "toolTip")]
    if name in TEXT_WIDGETS:
        return list(call.args) + [k.value for k in call.keywords if k.arg in ("text", "title")]
    return []


def literals_in(path: Path) -> list[Literal]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            for arg in _shown_arguments(node):
                text = _words(arg)
                if text:
                    found.append(Literal(rel, arg.lineno, text))
    return found


def ui_modules() -> list[Path]:
    return sorted(p for p in (ROOT / "ui").rglob("*.py") if "__pycache__" not in p.parts)


def unwrapped() -> dict[str, list[Literal]]:
    """Every UI module with words shown on screen that are not translated, and those words."""
    out: dict[str, list[Literal]] = {}
    for path in ui_modules():
        found = literals_in(path)
        if found:
            out[path.relative_to(ROOT).as_posix()] = found
    return out


if __name__ == "__main__":  # python -m tests.i18n.wrapped_strings: what is left to wrap, file by file
    for module, found in unwrapped().items():
        print(f"{module}: {len(found)}")
