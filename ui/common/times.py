"""Moments typed at the bench: a local date and time in one field, "now" by default.

People type "14:05" for today, or "2026-11-19 23:40" for another day; "now" fills in the
workstation's time. A value set by the program (such as "now" when a form opens) keeps
its seconds as long as nobody edits the text, so a step saved "now" never appears to
start before a sample received a few seconds earlier.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from typing import Callable

from bench_app.domain.clock import to_local
from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l, pgettext
from ui.common.dates import parse_date
from ui.qt import QLineEdit, QWidget

DATETIME_HINT = _l("YYYY-MM-DD HH:MM, or HH:MM for today")
_TIME = re.compile(r"^(\d{1,2})[:.h]?(\d{2})$")


def now_word() -> str:
    """What a person types for the present moment, in their language."""
    return pgettext("typed in a time field", "now")


def parse_time(text: str) -> time:
    m = _TIME.match(text.strip())
    if not m:
        raise ValueError(_("Write the time as HH:MM (for example 09:45)."))
    hour, minute = int(m.group(1)), int(m.group(2))
    if hour > 23 or minute > 59:
        raise ValueError(_("'{text}' is not a time of day.").format(text=text.strip()))
    return time(hour, minute)


def parse_local_moment(text: str, today: date) -> datetime | None:
    """A local wall-clock moment as an aware UTC datetime; ``None`` for empty text."""
    parts = text.replace("T", " ").split()
    if not parts:
        return None
    if len(parts) == 1:
        day, clock_text = today, parts[0]
    elif len(parts) == 2:
        day, clock_text = parse_date(parts[0]), parts[1]
    else:
        raise ValueError(_("Write the time as {hint}.").format(hint=DATETIME_HINT))
    local = datetime.combine(day, parse_time(clock_text)).astimezone()  # naive means local here
    return local.astimezone(timezone.utc)


def local_text(value: datetime | None) -> str:
    local = to_local(value)
    return "" if local is None else local.strftime("%Y-%m-%d %H:%M")


class DateTimeFieldEdit(QLineEdit):
    """One moment; ``value()`` returns an aware UTC datetime or raises a ValidationError keyed ``key``."""

    def __init__(self, key: str, now: Callable[[], datetime], *, initial_now: bool = True,
                 required: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.key = key
        self._now = now
        self.required = required
        self._exact: datetime | None = None
        self.setPlaceholderText(_("HH:MM or YYYY-MM-DD HH:MM"))
        self.setToolTip(_("Type {hint}, or \"{now}\".").format(hint=DATETIME_HINT, now=now_word()))
        self.setMaxLength(20)
        self.setFixedWidth(self.fontMetrics().horizontalAdvance("0000-00-00 00:00") + 40)
        if initial_now:
            self.set_now()

    def set_now(self) -> None:
        self.set_datetime(self._now())

    def set_datetime(self, value: datetime | None) -> None:
        self._exact = value
        self.setText(local_text(value))

    def value(self) -> datetime | None:
        text = self.text().strip()
        if self._exact is not None and text == local_text(self._exact):
            return self._exact
        if text.lower() in ("now", now_word().lower()):  # English "now" works in every language
            return self._now()
        try:
            moment = parse_local_moment(text, to_local(self._now()).date())
        except ValueError as exc:
            raise ValidationError.single(self.key, str(exc)) from None
        if moment is None and self.required:
            raise ValidationError.single(self.key, _("The time is required."))
        return moment
