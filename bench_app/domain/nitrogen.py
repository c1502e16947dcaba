"""Liquid nitrogen levels: when a tank's log says something is wrong.

Three alerts, each computed from the readings alone:
- **low**: the latest reading is below the tank's alarm threshold (also an incident when recorded);
- **fast loss**: the loss per day since the previous reading is more than 1.5 times the median
  daily loss between the ten readings before it (pairs spanning a top-up, where the level rose, are
  left out, and at least three pairs are needed for a usual rate);
- **overdue**: no reading for longer than the tank's reading interval.
The median, not the mean, so that one past top-up or misread reading does not shift the usual rate.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from statistics import median
from typing import Sequence

from bench_app.domain.enums import StrEnum

FAST_LOSS_FACTOR = 1.5
BASELINE_READINGS = 10
MIN_BASELINE_PAIRS = 3
LEVEL_UNITS = ("cm", "%")


class NitrogenAlertKind(StrEnum):
    LOW = "low"
    FAST_LOSS = "fast_loss"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class LevelReading:
    at: datetime
    level: float


@dataclass(frozen=True)
class NitrogenAlert:
    kind: NitrogenAlertKind
    text: str


def daily_losses(readings: Sequence[LevelReading]) -> list[float]:
    """Loss per day between consecutive readings (oldest first); a rise (a top-up) gives no rate."""
    out = []
    for a, b in zip(readings, readings[1:]):
        days = (b.at - a.at).total_seconds() / 86400
        if days <= 0 or b.level > a.level:
            continue
        out.append((a.level - b.level) / days)
    return out


def fast_loss(readings: Sequence[LevelReading]) -> tuple[float, float] | None:
    """(latest daily loss, usual daily loss) when the latest is more than 1.5 x the usual; else None."""
    if len(readings) < MIN_BASELINE_PAIRS + 2:
        return None
    latest = daily_losses(readings[-2:])
    if not latest:
        return None
    baseline = daily_losses(readings[-2 - BASELINE_READINGS:-1])
    if len(baseline) < MIN_BASELINE_PAIRS:
        return None
    usual = median(baseline)
    if usual <= 0 or latest[0] <= FAST_LOSS_FACTOR * usual:
        return None
    return latest[0], usual


def nitrogen_alerts(readings: Sequence[LevelReading], *, threshold: float, unit: str,
                    interval_hours: int, now: datetime) -> list[NitrogenAlert]:
    """Every alert a tank's readings (oldest first) raise at ``now``."""
    alerts: list[NitrogenAlert] = []
    if not readings:
        return [NitrogenAlert(NitrogenAlertKind.OVERDUE, "no level reading recorded yet")]
    last = readings[-1]
    if last.level < threshold:
        alerts.append(NitrogenAlert(NitrogenAlertKind.LOW, f"level {fmt_level(last.level, unit)} is below the "
                                                           f"alarm threshold {fmt_level(threshold, unit)}"))
    rates = fast_loss(readings)
    if rates:
        alerts.append(NitrogenAlert(NitrogenAlertKind.FAST_LOSS,
                                    f"losing {fmt_level(round(rates[0], 1), unit)}/day, usually {fmt_level(round(rates[1], 1), unit)}/day"))
    hours = (now - last.at).total_seconds() / 3600
    if hours > interval_hours:
        alerts.append(NitrogenAlert(NitrogenAlertKind.OVERDUE,
                                    f"last reading {hours / 24:.1f} days ago (every {interval_hours} h)"))
    return alerts


def fmt_level(value: float, unit: str) -> str:
    return f"{value:g} {unit}" if unit != "%" else f"{value:g}%"


@dataclass(frozen=True)
class TankAlert:
    tank_id: int
    tank_name: str
    kind: str   # nitrogen_low, nitrogen_fast_loss, reading_overdue, audit_overdue, audit_due
    text: str

    @property
    def urgent(self) -> bool:
        return self.kind != "audit_due"
