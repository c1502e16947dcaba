"""Rules and derived figures of sperm retrieval, on plain values (no database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bench_app.domain.enums import CountBasis, ProcedureType, SampleKind
from bench_app.i18n import _

MIN_WEIGHT_MG = 0.1
MAX_WEIGHT_MG = 2000.0
MIN_DIGEST_MINUTES, MAX_DIGEST_MINUTES = 1, 600
MIN_TEMPERATURE_C, MAX_TEMPERATURE_C = 2.0, 40.0


def default_sample_kind(procedure_type: ProcedureType) -> SampleKind:
    return {
        ProcedureType.MICRO_TESE: SampleKind.BIOPSY,
        ProcedureType.TESE: SampleKind.BIOPSY,
        ProcedureType.TESA: SampleKind.ASPIRATE,
        ProcedureType.PESA: SampleKind.EPIDIDYMAL_FLUID,
        ProcedureType.MESA: SampleKind.EPIDIDYMAL_FLUID,
    }[procedure_type]


@dataclass(frozen=True)
class FindingCounts:
    sperm_found: bool
    count_seen: int | None
    progressive: int
    non_progressive: int
    twitching: int
    immotile: int
    count_basis: CountBasis | str = CountBasis.TOTAL

    @property
    def motile(self) -> int:
        """Sperm that move at all: progressive, non-progressive or twitching in place."""
        return self.progressive + self.non_progressive + self.twitching

    @property
    def classified(self) -> int:
        """Sperm sorted into a motility class: moving or immotile."""
        return self.motile + self.immotile


def finding_errors(c: FindingCounts) -> dict[str, str]:
    errors: dict[str, str] = {}
    for name in ("count_seen", "progressive", "non_progressive", "twitching", "immotile"):
        value = getattr(c, name)
        if value is None:
            continue
        if not isinstance(value, int) or isinstance(value, bool):
            errors[name] = _("Counts are whole numbers.")
        elif value < 0:
            errors[name] = _("Counts cannot be negative.")
    if errors:
        return errors
    seen = (c.count_seen or 0) + c.progressive + c.non_progressive + c.twitching + c.immotile
    if not c.sperm_found and seen > 0:
        errors["sperm_found"] = _("'No sperm' cannot go with a positive count: set sperm found, or clear the counts.")
    # A total is every sperm seen in the sample, so its motility classes add up to it. Classes left
    # at 0 mean motility was not graded. Per droplet or per field the number is a density and the
    # classes are what was graded overall, so they are not compared.
    if (c.count_basis == CountBasis.TOTAL and c.count_seen is not None and c.classified > 0
            and c.classified != c.count_seen):
        errors["count_seen"] = (_("{count_seen} in total, but the motility classes add up to {classified} "
                                "({progressive} progressive + {non_progressive} non-progressive + "
                                "{twitching} twitching + {immotile} immotile): correct the total or "
                                "the classes.").format(count_seen=c.count_seen, classified=c.classified,
                                                       progressive=c.progressive, non_progressive=c.non_progressive,
                                                       twitching=c.twitching, immotile=c.immotile))
    return errors


def minutes_between(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return (end - start).total_seconds() / 60.0
