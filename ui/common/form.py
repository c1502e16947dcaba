"""A form whose rows each carry an error line, filled from ValidationError.field_errors.

Services report bad input as ``{"male.mrn": "The MRN ... belongs to another patient"}``;
an ErrorForm shows each message directly under the field it names, so a person sees what
to fix where they have to fix it.
"""

from __future__ import annotations

from ui.common.form_state import on_edited
from ui.common.messages import error_label, set_message
from ui.qt import QComboBox, QFormLayout, QLabel, QSizePolicy, Qt, QVBoxLayout, QWidget


def grows_across(field: QWidget) -> bool:
    """Whether a form field would widen with its row (as Qt decides it, layouts included)."""
    policy = field.sizePolicy()
    if policy.expandingDirections() & Qt.Orientation.Horizontal:
        return True
    layout = field.layout()
    can_grow = bool(policy.horizontalPolicy().value & QSizePolicy.PolicyFlag.GrowFlag.value)
    return bool(layout is not None and can_grow and layout.expandingDirections() & Qt.Orientation.Horizontal)


class ErrorForm(QWidget):
    """Label / field rows; ``show_errors`` puts each message under its field."""

    def __init__(self, prefix: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.prefix = prefix
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setHorizontalSpacing(14)
        self.layout_.setVerticalSpacing(6)
        self.layout_.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.layout_.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self._errors: dict[str, QLabel] = {}
        self._widgets: dict[str, QWidget] = {}

    def add_row(self, key: str, label: str, field: QWidget) -> QLabel:
        """Add ``field`` under ``label``; errors keyed ``prefix + key`` land below it."""
        full_key = self.prefix + key
        cell = QWidget(self)
        # The cell always takes the row's full width, so an error wraps at that width even
        # under a narrow field (a combo box, a spin box); such a field keeps its own width.
        cell.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        for combo in [field, *field.findChildren(QComboBox)]:
            if isinstance(combo, QComboBox):  # a choice is read whole ("ICSI with frozen sperm from 2026-…")
                combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        column.addWidget(field, 0, Qt.AlignmentFlag(0) if grows_across(field) else Qt.AlignmentFlag.AlignLeft)
        err = error_label(cell)
        column.addWidget(err)
        caption = QLabel(label, self)
        caption.setBuddy(field)
        caption.setMinimumHeight(max(field.sizeHint().height(), caption.sizeHint().height()))  # two-line captions
        self.layout_.addRow(caption, cell)
        self._errors[full_key] = err
        self._widgets[full_key] = field
        on_edited(field, lambda: set_message(err, ""))  # the message goes once the field is being corrected
        return err

    def alias(self, key: str, row_key: str, field: QWidget) -> None:
        """Show errors keyed ``key`` under the row ``row_key`` (two fields on one row), focusing ``field``."""
        self._errors[self.prefix + key] = self._errors[self.prefix + row_key]
        self._widgets[self.prefix + key] = field

    def add_plain_row(self, label: str, field: QWidget) -> None:
        self.layout_.addRow(label, field)

    def keys(self) -> set[str]:
        return set(self._errors)

    def set_row_visible(self, key: str, visible: bool) -> None:
        self.layout_.setRowVisible(self._errors[self.prefix + key].parentWidget(), visible)

    def caption(self, key: str) -> QLabel:
        """The label in front of the field ``key``."""
        return self.layout_.labelForField(self._errors[self.prefix + key].parentWidget())

    def clear_errors(self) -> None:
        for label in self._errors.values():
            set_message(label, "")

    def show_errors(self, errors: dict[str, str]) -> dict[str, str]:
        """Show what belongs here; return the messages no field of this form claims."""
        rest: dict[str, str] = {}
        first: QWidget | None = None
        for key, message in errors.items():
            label = self._errors.get(key)
            if label is None:
                rest[key] = message
                continue
            set_message(label, message)
            if first is None:
                first = self._widgets[key]
        if first is not None:
            first.setFocus()
        return rest

    def error_text(self, key: str) -> str:
        """The message shown under the field ``key`` (with or without this form's prefix)."""
        label = self._errors.get(self.prefix + key) or self._errors[key]
        return label.text()
