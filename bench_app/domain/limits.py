"""The limits of every value a person can type or a caller can pass: declared once, checked here.

Text: which characters a field allows, its normalisation (NFC) and its length. Numbers: the range
per field (and every record number fits a 64-bit database integer). Dates and times: the plausible
range per kind of event relative to today (and to the patient's birth where one is involved), and a
time always carries its time zone. Enumerated choices: ``enum_value``.

Services reach these rules through ``bench_app.services.guard`` (every public service method's
arguments, by name) and, for rules that need a record (a patient's birth), call them directly.
Messages never repeat more than a short prefix of what was typed (``quote``).
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import TypeVar

from bench_app.domain.errors import ValidationError
from bench_app.i18n import _, _l, ngettext

E = TypeVar("E", bound=Enum)

# The largest number a database record id or count can hold (signed 64-bit, SQLite and PostgreSQL).
MAX_DB_INTEGER = 2**63 - 1
QUOTE_CHARS = 24
# A time typed a little ahead of the workstation clock is accepted; more is a mistake.
FUTURE_TOLERANCE = timedelta(minutes=5)

# Characters that make a label read differently from the record (bidi embeddings, overrides and
# isolates), and the byte-order mark / non-characters that no name contains.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")
_REFUSED_FORMAT = _BIDI_CONTROLS | frozenset("\ufeff\ufffe\uffff\u2028\u2029")


def quote(value: object, limit: int = QUOTE_CHARS) -> str:
    """At most a short prefix of a typed value, safe to put in a message."""
    text = str(value)
    text = "".join(ch if ch.isprintable() and ch not in _REFUSED_FORMAT else "?" for ch in text[:limit + 1])
    return text if len(text) <= limit else text[:limit] + "…"


# --- enumerated choices ---------------------------------------------------------------------

def enum_value(enum_cls: type[E], value: object, field: str, errors: dict[str, str], what: str) -> E | None:
    """``enum_cls(value)``, or None with "Choose <what>." in ``errors[field]``."""
    try:
        return enum_cls(value)
    except (ValueError, TypeError):
        errors[field] = _("Choose {what}.").format(what=what)
        return None


def require_enum(enum_cls: type[E], value: object, field: str, what: str) -> E:
    """``enum_cls(value)`` or a ValidationError on ``field``."""
    errors: dict[str, str] = {}
    found = enum_value(enum_cls, value, field, errors, what)
    if found is None:
        raise ValidationError(errors)
    return found


# --- text ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class TextRule:
    max_len: int
    multiline: bool = False  # notes and reasons may hold line breaks and tabs
    normalise: bool = True   # secrets are compared byte for byte: never rewritten


NAME = TextRule(100)
LINE = TextRule(200)
SHORT = TextRule(60)
CODE = TextRule(40)
REASON = TextRule(1000, multiline=True)
NOTES = TextRule(4000, multiline=True)
SECRET = TextRule(256, normalise=False)

# Every text argument of a public service method, by its name (tests check that none is missing).
TEXT_FIELDS: dict[str, TextRule] = {
    # people
    "family_name": NAME, "given_names": NAME, "full_name": NAME, "surgeon": NAME,
    "username": TextRule(64), "override_username": TextRule(64), "by": NAME,
    "password": SECRET, "new_password": SECRET, "old_password": SECRET, "secret": SECRET,
    "override_secret": SECRET, "pin": SECRET,
    # identifiers and codes
    "mrn": CODE, "code": CODE, "codes": CODE, "device_codes": CODE, "identifiers": LINE,
    "text": LINE, "key": SHORT, "stock": SHORT, "address": LINE, "entity_type": SHORT, "entity_id": SHORT,
    "step": SHORT, "purpose": LINE,
    # enumerated values arrive as text too; the enum check names the choices
    "sex": SHORT, "status": SHORT, "role": SHORT, "kind": SHORT, "cycle_type": SHORT, "procedure_type": SHORT,
    "anaesthesia": SHORT, "side": SHORT, "indication": SHORT, "planned_use": SHORT, "azoospermia_type": SHORT,
    "permitted_uses": SHORT, "disposition": SHORT, "tubule_appearance": SHORT, "source_kind": SHORT,
    "method": SHORT, "device_type": SHORT, "holder_kind": SHORT, "result": SHORT, "sperm_motility": SHORT,
    "viability_test": SHORT, "count_basis": SHORT, "maturities": SHORT, "techniques": SHORT, "meaning": SHORT,
    # materials, places and findings
    "site": TextRule(80), "name": SHORT, "canister_prefix": SHORT, "holder_prefix": SHORT, "colour": TextRule(30),
    "contents": LINE, "cryoprotectant": NAME, "cryoprotectant_lot": SHORT, "product": NAME, "lot_number": SHORT,
    "medium": NAME, "medium_lot": SHORT, "enzyme": NAME, "enzyme_concentration": CODE, "thaw_medium": NAME,
    "thaw_medium_lot": SHORT, "transport_medium": NAME, "transport_medium_lot": SHORT,
    "viability_result": LINE, "etiology": LINE, "lab_name": NAME, "zpl_unicode_font": SHORT,
    # a setting's value: its own key's rule applies in domain.settings.coerce
    "value": NOTES,
    # free text
    "notes": NOTES, "note": REASON, "reason": REASON, "override_reason": REASON, "reprint_reason": REASON,
    "window_reason": REASON, "non_mii_reason": REASON,
    # the areas added with issues 14, 19 and 21
    "witness_username": TextRule(64), "witness_secret": SECRET, "name_language": SHORT, "use": SHORT,
    "scope": SHORT, "level_unit": SHORT, "indicator": SHORT, "treatment": SHORT, "outcome": REASON,
    "resolution": REASON, "detail": LINE,
}
DEFAULT_TEXT = LINE


def text_problem(value: str, rule: TextRule) -> str | None:
    """Why ``value`` breaks ``rule`` (in words), or None."""
    if len(value) > rule.max_len:
        return ngettext("At most {limit} character (this has {count}).", "At most {limit} characters (this has {count}).",
                        rule.max_len).format(limit=rule.max_len, count=len(value))
    for ch in value:
        cat = unicodedata.category(ch)
        if ch in "\n\t\r" and rule.multiline:
            continue
        if ch == "\x00":
            return _("A NUL character is not allowed.")
        if cat == "Cs":
            return _("This text holds a broken character (an unpaired surrogate).")
        if not rule.normalise:
            continue  # a secret may hold any other character; it is compared, never shown
        if cat == "Cc":
            return (_("The control character {char} is not allowed.") if rule.multiline else
                    _("The control character {char} is not allowed (this field is a single line).")).format(
                        char=f"U+{ord(ch):04X}")
        if ch in _BIDI_CONTROLS:
            return _("The direction control {char} is not allowed: it makes a label read differently.").format(
                char=f"U+{ord(ch):04X}")
        if ch in _REFUSED_FORMAT or cat in ("Cn", "Co"):
            return _("The character {char} is not allowed.").format(char=f"U+{ord(ch):04X}")
    return None


def clean_text(value: str, rule: TextRule) -> str:
    """NFC form of ``value`` (secrets untouched); a ValueError in words when it breaks ``rule``."""
    if rule.normalise:
        try:
            value = unicodedata.normalize("NFC", value)
        except UnicodeError:
            pass  # a lone surrogate: text_problem names it
    problem = text_problem(value, rule)
    if problem:
        raise ValueError(problem)
    return value


def text_rule(field: str) -> TextRule:
    return TEXT_FIELDS.get(field, DEFAULT_TEXT)


# --- numbers -------------------------------------------------------------------------------

@dataclass(frozen=True)
class NumberRule:
    minimum: float
    maximum: float
    words: str = ""  # a lazy message (i18n._l); "Digestion minutes must be between 1 and 600." uses the words of the field


# Outer bounds. Where a service checks a tighter, record-dependent rule itself (a count is not
# negative, a tank has at least one canister) the bound below leaves that value to the service, so
# a form still shows every field's error at once; beyond the bound nothing else is looked at.
_ANY = -MAX_DB_INTEGER
SPERM_COUNT = NumberRule(_ANY, 10_000_000, _l("A sperm count"))
NUMBER_FIELDS: dict[str, NumberRule] = {
    "count": NumberRule(_ANY, 500, _l("The number of codes")),
    "device_count": NumberRule(_ANY, 100, _l("The number of devices")),
    "cocs_retrieved": NumberRule(_ANY, 80, _l("COCs retrieved")),  # icsi_service.MAX_COCS reads this
    "canisters": NumberRule(_ANY, 100, _l("Canisters")),
    "holders_per_canister": NumberRule(_ANY, 100, _l("Holders per canister")),
    "positions_per_holder": NumberRule(_ANY, 100, _l("Positions per holder")),
    "capacity": NumberRule(_ANY, 10_000, _l("The capacity")),
    "copies": NumberRule(1, 100, _l("Copies")),
    "start_position": NumberRule(1, 1000, _l("The start position")),
    "limit": NumberRule(0, 1_000_000, _l("The limit")),
    "within_days": NumberRule(0, 36_500, _l("Days ahead")),
    "minutes": NumberRule(_ANY, 100_000, _l("Minutes")),
    "count_seen": SPERM_COUNT, "progressive": SPERM_COUNT, "non_progressive": SPERM_COUNT,
    "twitching": SPERM_COUNT, "immotile": SPERM_COUNT, "pre_freeze_motile": SPERM_COUNT,
    "pre_freeze_immotile": SPERM_COUNT,
    "polar_bodies": NumberRule(_ANY, 10, _l("Polar bodies")),
    "slot": NumberRule(_ANY, 10_000, _l("The position")),
    "temperature_c": NumberRule(-273, 1000, _l("The temperature")),
    "wet_weight_mg": NumberRule(_ANY, 1_000_000, _l("The weight")),
    "timeout": NumberRule(0.1, 600, _l("The timeout")),
    "before_id": NumberRule(0, MAX_DB_INTEGER, _l("The page position")),
}
ID_RULE = NumberRule(1, MAX_DB_INTEGER)
DEFAULT_NUMBER = NumberRule(-MAX_DB_INTEGER, MAX_DB_INTEGER)


def is_id_field(field: str) -> bool:
    return field == "id" or field.endswith("_id") or field.endswith("_ids")


def number_rule(field: str) -> NumberRule:
    if field in NUMBER_FIELDS:
        return NUMBER_FIELDS[field]
    return ID_RULE if is_id_field(field) else DEFAULT_NUMBER


def number_problem(value: float, rule: NumberRule) -> str | None:
    if isinstance(value, float) and not math.isfinite(value):
        return _("Give a number.")
    if rule.minimum <= value <= rule.maximum:
        return None
    what = rule.words or _("This number")
    return _("{what} must be between {minimum} and {maximum}.").format(
        what=what, minimum=f"{rule.minimum:g}", maximum=f"{rule.maximum:g}")


# --- dates and times -----------------------------------------------------------------------

@dataclass(frozen=True)
class EventWindow:
    """How far before and after now a date of this kind of event can plausibly be."""

    what: str
    past: timedelta
    future: timedelta


_YEAR = timedelta(days=366)
# Steps recorded at the bench: at the time, or entered late (flagged) within two years. The services
# refuse a time more than FUTURE_TOLERANCE ahead themselves (check_not_future), beside other errors.
BENCH_EVENT = EventWindow(_l("The time"), 2 * _YEAR, timedelta(days=1))
QUERY_DAY = EventWindow(_l("The date"), 150 * _YEAR, 150 * _YEAR)

DATE_FIELDS: dict[str, EventWindow] = {
    "date_of_birth": EventWindow(_l("The date of birth"), 120 * _YEAR, 10 * _YEAR),  # the services refuse the future
    # bench events
    **{f: BENCH_EVENT for f in ("started_at", "ended_at", "retrieved_at", "denuded_at", "received_at",
                                "injected_at", "checked_at", "assessed_at", "moved_at", "thawed_at")},
    # material frozen decades ago is still entered when a lab takes over old stock
    "frozen_at": EventWindow(_l("The freeze time"), 60 * _YEAR, timedelta(days=1)),
    "start_date": EventWindow(_l("The cycle start"), 30 * _YEAR, _YEAR),
    "diagnosed_on": EventWindow(_l("The diagnosis date"), 120 * _YEAR, _YEAR),
    "signed_on": EventWindow(_l("The date of signing"), 60 * _YEAR, _YEAR),
    "withdrawn_on": EventWindow(_l("The date of withdrawal"), 60 * _YEAR, timedelta(0)),
    "storage_expiry": EventWindow(_l("The storage expiry"), 60 * _YEAR, 60 * _YEAR),
    "expiry_date": EventWindow(_l("The expiry date"), 30 * _YEAR, 30 * _YEAR),
}


def date_window(field: str) -> EventWindow:
    return DATE_FIELDS.get(field, QUERY_DAY)


def date_problem(value: date, window: EventWindow, now: datetime) -> str | None:
    """Why ``value`` (a date or an aware datetime) is implausible for ``window``, or None."""
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return _("{what} has no time zone.").format(what=window.what)
        try:
            value.astimezone(now.tzinfo)
        except (OverflowError, ValueError):
            return _("{what} is out of range.").format(what=window.what)
        if value > now + window.future:
            return (_("{what} is in the future.") if window.future <= FUTURE_TOLERANCE else
                    _("{what} is too far in the future.")).format(what=window.what)
        if value < now - window.past:
            return _too_far_back(window)
        return None
    today = now.astimezone().date()
    if value > today + window.future:
        if not window.future:
            return _("{what} cannot be in the future.").format(what=window.what)
        years = _year_count(window.future)
        return ngettext("{what} is too far in the future (more than {count} year ahead).",
                        "{what} is too far in the future (more than {count} years ahead).", years).format(
            what=window.what, count=years)
    if value < today - window.past:
        return _too_far_back(window)
    return None


def check_after_birth(value: date | datetime | None, birth: date | None, field: str,
                      errors: dict[str, str], what: str) -> None:
    """A person's event cannot come before their birth."""
    if value is None or birth is None or field in errors:
        return
    day = value.astimezone().date() if isinstance(value, datetime) else value
    if day < birth:
        errors[field] = _("{what} is before the patient's date of birth ({birth}).").format(what=what, birth=birth.isoformat())


def check_not_future(value: datetime | None, now: datetime, field: str, errors: dict[str, str]) -> None:
    if value is not None and field not in errors and value > now + FUTURE_TOLERANCE:
        errors[field] = _("This time is in the future.")


def _year_count(span: timedelta) -> int:
    return round(span.days / 365.25)


def _too_far_back(window: EventWindow) -> str:
    years = _year_count(window.past)
    return ngettext("{what} is too far in the past (more than {count} year ago).",
                    "{what} is too far in the past (more than {count} years ago).", years).format(
        what=window.what, count=years)


def ends_before_start(start: datetime | None, end: datetime | None) -> bool:
    """Whether ``end`` is before ``start`` by the minute: times are typed to the minute at the bench,
    so a step that ends in the minute it started (start 10:05:37 kept exact, end typed "10:05") is fine."""
    if start is None or end is None:
        return False
    return end < start.replace(second=0, microsecond=0)
