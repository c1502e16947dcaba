"""Typed dates: one forgiving parser and a line edit that yields a date or a field error.

A plain text field is faster at the bench than a spin box: people type "1984-03-07" or
"7.3.1984" from a form, and an optional date can simply be left empty.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Protocol

from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l
from ui.qt import QLineEdit, QWidget

DATE_HINT = _l("YYYY-MM-DD")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY_FIRST = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(text: str) -> date | None:
    """``None`` for an empty text; ValueError with words a person can act on otherwise."""
    text = text.strip()
    if not text:
        return None
    m = _ISO.match(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _DAY_FIRST.match(text)
        if not m:
            raise ValueError(_("Write the date as {hint} (for example 1984-03-07).").format(hint=DATE_HINT))
        day, month, year = (int(g) for g in m.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(_("'{text}' is not a real calendar date.").format(text=text)) from None


class ReadsAsValue(Protocol):
    def value(self) -> Any: ...  # raises ValidationError keyed by the field


def read_fields(*fields: ReadsAsValue) -> tuple[list[Any], dict[str, str]]:
    """Every field's value (None where it cannot be read) and the messages of those that cannot."""
    values: list[Any] = []
    errors: dict[str, str] = {}
    for field in fields:
        try:
            values.append(field.value())
        except ValidationError as exc:
            errors.update(exc.field_errors)
            values.append(None)
    return values, errors


class DateFieldEdit(QLineEdit):
    """A line edit for one date; ``value()`` raises a ValidationError keyed by ``key``."""

    def __init__(self, key: str, initial: date | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self.setPlaceholderText(str(DATE_HINT))
        self.setMaxLength(10)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 36)
        if initial is not None:
            self.set_date(initial)

    def set_date(self, value: date | None) -> None:
        self.setText("" if value is None else value.isoformat())

    def value(self) -> date | None:
        try:
            return parse_date(self.text())
        except ValueError as exc:
            raise ValidationError.single(self.key, str(exc)) from None
