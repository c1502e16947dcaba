"""Lab-wide settings that affect records or reports: declared once, with type and default."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench_app.domain.limits import clean_text, quote, text_rule
from bench_app.domain.labels import DEFAULT_CRYO_STOCK, DEFAULT_TUBE_STOCK, STOCKS
from bench_app.domain.names import NAME_LANGUAGES


@dataclass(frozen=True)
class SettingSpec:
    key: str
    type: type
    default: Any
    description: str
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()


SETTINGS: dict[str, SettingSpec] = {
    s.key: s
    for s in (
        SettingSpec("lab_name", str, "Bench Andrology Laboratory", "Lab name printed on reports"),
        SettingSpec("idle_lock_minutes", int, 10, "Minutes of inactivity before the app locks", 1, 240),
        SettingSpec("lockout_attempts", int, 5, "Failed sign-ins before an account locks", 3, 20),
        SettingSpec("lockout_minutes", int, 15, "Minutes an account stays locked", 1, 1440),
        SettingSpec("continuous_witness_minutes", int, 15,
                    "Minutes a witness who signed in with name and PIN may confirm the next steps of the same "
                    "procedure at the same workstation with the PIN alone (0: never)", 0, 60),
        SettingSpec("expiry_warning_days", int, 90, "Days ahead that storage expiry is flagged", 7, 365),
        SettingSpec("default_label_stock", str, DEFAULT_TUBE_STOCK, "Label stock for tube and dish labels unless chosen",
                    choices=tuple(STOCKS)),
        SettingSpec("cryo_label_stock", str, DEFAULT_CRYO_STOCK, "Label stock for straw and vial labels unless chosen",
                    choices=tuple(STOCKS)),
        SettingSpec("lab_language", str, "en", "The lab's language: a new patient's name language unless chosen",
                    choices=tuple(NAME_LANGUAGES)),
    )
}


def coerce(key: str, value: Any, *, stored: bool = False) -> Any:
    """Check a setting's value against its declaration; raise ValueError with a clear reason.

    A value typed now must also keep to its text limits (domain.limits); a ``stored`` one is read
    as it was saved, so an older database still opens.
    """
    spec = SETTINGS.get(key)
    if spec is None:
        raise ValueError(f"Unknown setting '{quote(key)}'.")
    try:
        typed = spec.type(value)
    except (TypeError, ValueError):
        raise ValueError(f"{spec.description} must be a {spec.type.__name__}.") from None
    if isinstance(typed, str) and not stored:
        typed = clean_text(typed, text_rule(key))
    if spec.minimum is not None and typed < spec.minimum:
        raise ValueError(f"{spec.description} must be at least {spec.minimum:g}.")
    if spec.maximum is not None and typed > spec.maximum:
        raise ValueError(f"{spec.description} must be at most {spec.maximum:g}.")
    if spec.choices and typed not in spec.choices:
        raise ValueError(f"{spec.description} must be one of {', '.join(spec.choices)}.")
    return typed
