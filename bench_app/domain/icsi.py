"""ICSI rules on plain values: the fertilization-check window, sperm source classes."""

from __future__ import annotations

from datetime import datetime

from bench_app.i18n import _

WINDOW_START_HOURS = 16.0
WINDOW_END_HOURS = 18.0
TARGET_HOURS = 17.0

TECHNIQUES = {
    "artificial_oocyte_activation": "artificial oocyte activation",
    "laser_assisted_selection": "laser-assisted immotile sperm selection",
    "pentoxifylline": "pentoxifylline",
    "hos_selection": "HOS-test selection",
}


def hours_between(start: datetime, end: datetime) -> float:
    return (end - start).total_seconds() / 3600.0


def in_window(hours: float) -> bool:
    return WINDOW_START_HOURS <= hours <= WINDOW_END_HOURS


def window_text(hours: float) -> str:
    if hours < WINDOW_START_HOURS:
        return _("{hours:.1f} h: early (before {start:g} h)").format(hours=hours, start=WINDOW_START_HOURS)
    if hours > WINDOW_END_HOURS:
        return _("{hours:.1f} h: late (after {end:g} h)").format(hours=hours, end=WINDOW_END_HOURS)
    return _("{hours:.1f} h").format(hours=hours)
