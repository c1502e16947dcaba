"""The words and keys of the ICSI screens: maturity and result classes, sperm motility, techniques.

One key per class keeps the grid fast: the embryologist calls out what the microscope
shows and the keyboard follows, row after row, without reaching for the mouse.
"""

from __future__ import annotations

from datetime import datetime

from bench_app.domain.clock import to_local
from bench_app.domain.enums import (
    FertilizationResult, Maturity, ProcedureType, SpermMotility, SpermSourceKind, ViabilityTest,
)
from bench_app.domain.icsi import WINDOW_END_HOURS, WINDOW_START_HOURS
from bench_app.domain.value_labels import LABELS, label_of, source_class_label, technique_label
from bench_app.i18n import _, _l, pgettext
from bench_app.services.icsi_dto import SpermSourceInfo
from ui.qt import Qt

MATURITY_TEXT = LABELS[Maturity]
# Key -> class. Digits follow the order of maturation; letters are the class's initial.
MATURITY_KEYS = {
    Qt.Key.Key_1: Maturity.MII, Qt.Key.Key_M: Maturity.MII,
    Qt.Key.Key_2: Maturity.MI,
    Qt.Key.Key_3: Maturity.GV, Qt.Key.Key_G: Maturity.GV,
    Qt.Key.Key_A: Maturity.ATRETIC,
    Qt.Key.Key_D: Maturity.DEGENERATED,
    Qt.Key.Key_O: Maturity.OTHER,
}
MATURITY_LEGEND = _l(
    "Keys: <b>1</b> or <b>M</b> MII &nbsp;·&nbsp; <b>2</b> MI &nbsp;·&nbsp; <b>3</b> or <b>G</b> GV &nbsp;·&nbsp; "
    "<b>A</b> atretic &nbsp;·&nbsp; <b>D</b> degenerated &nbsp;·&nbsp; <b>O</b> other. "
    "The key sets the line and moves down; <b>Delete</b> clears; <b>Enter</b> saves. "
    "Yellow: keyed, not saved yet."
)

RESULT_TEXT = LABELS[FertilizationResult]
RESULT_KEYS = {
    Qt.Key.Key_2: FertilizationResult.PN2,
    Qt.Key.Key_1: FertilizationResult.PN1,
    Qt.Key.Key_3: FertilizationResult.PN3_PLUS,
    Qt.Key.Key_0: FertilizationResult.PN0,
    Qt.Key.Key_D: FertilizationResult.DEGENERATED,
    Qt.Key.Key_N: FertilizationResult.NOT_ASSESSABLE,
}
POLAR_BODY_KEYS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(5)}
RESULT_LEGEND = _l(
    "Keys: <b>2</b> 2PN &nbsp;·&nbsp; <b>1</b> 1PN &nbsp;·&nbsp; <b>3</b> 3PN or more &nbsp;·&nbsp; <b>0</b> 0PN "
    "&nbsp;·&nbsp; <b>D</b> degenerated &nbsp;·&nbsp; <b>N</b> not assessable; in the PB column "
    "<b>0</b>-<b>4</b> polar bodies. The key moves to the next injected oocyte; <b>Enter</b> saves. "
    "Hours run to the time of check; red is outside 16-18 h."
)
INJECTION_LEGEND = _l(
    "Select the oocytes to inject (<b>Shift</b>/<b>Ctrl</b> with arrows or clicks), or take every MII one "
    "with <b>Select MII</b>; <b>Enter</b> opens the injection. Only MII oocytes are injected unless "
    "the exception and its reason are recorded."
)
CLEAR_KEYS = (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)

MOTILITY_TEXT = LABELS[SpermMotility]
MOTILITY_SHORT = {SpermMotility.PROGRESSIVE: _l("progressive"), SpermMotility.NON_PROGRESSIVE: _l("non-progr."),
                  SpermMotility.TWITCHING: _l("twitching"), SpermMotility.IMMOTILE: _l("immotile")}
VIABILITY_TEXT = LABELS[ViabilityTest]
VIABILITY_SHORT = {ViabilityTest.NONE: "", ViabilityTest.HOS: "HOS", ViabilityTest.PENTOXIFYLLINE: "PTX",
                   ViabilityTest.LASER: _l("laser")}
TECHNIQUE_SHORT = {"artificial_oocyte_activation": "AOA", "laser_assisted_selection": "LAISS",
                   "pentoxifylline": "PTX", "hos_selection": "HOS"}
SOURCE_KIND_TEXT = {SpermSourceKind.FRESH_SAMPLE: _l("Fresh sample of the male partner"),
                    SpermSourceKind.THAW_EVENT: _l("Thawed sperm (a thaw event of his devices)"),
                    SpermSourceKind.EJACULATE: _l("Fresh ejaculate")}
WINDOW_TEXT = f"{WINDOW_START_HOURS:g}-{WINDOW_END_HOURS:g} h"


def technique_names(keys: tuple[str, ...]) -> str:
    return ", ".join(technique_label(k) for k in keys)


def technique_short(keys: tuple[str, ...]) -> str:
    return ", ".join(TECHNIQUE_SHORT.get(k, k) for k in keys)


def source_text(source: SpermSourceInfo) -> str:
    """'fresh testicular (micro-TESE) S-…', 'frozen testicular, thawed D-…': a session's sperm in the screen's words."""
    kind = source.source_class
    if source.kind == SpermSourceKind.FRESH_SAMPLE and source.sample_code:
        procedure = (label_of(ProcedureType, source.procedure_type) if source.procedure_type
                     else pgettext("sperm source", "sample"))
        return _("{source} ({procedure}) {code}").format(source=source_class_label(kind), procedure=procedure,
                                                        code=source.sample_code)
    if source.kind == SpermSourceKind.THAW_EVENT and source.device_codes:
        return _("{source}, thawed {codes}").format(source=source_class_label(kind),
                                                    codes=", ".join(source.device_codes))
    return SpermSourceKind.EJACULATE.label


def clock_time(value: datetime | None, today=None) -> str:
    """14:05 today, 19 Nov 14:05 on another day."""
    local = to_local(value)
    if local is None:
        return ""
    if today is not None and local.date() != today:
        return local.strftime("%d %b %H:%M")
    return local.strftime("%H:%M")


def numbers_text(numbers: list[int]) -> str:
    """1-4, 7, 9-10: oocyte numbers as a person writes them."""
    parts: list[str] = []
    run: list[int] = []
    for n in sorted(numbers) + [None]:
        if run and (n is None or n != run[-1] + 1):
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}-{run[-1]}" if len(run) > 2
                         else f"{run[0]}, {run[1]}")
            run = []
        if n is not None:
            run.append(n)
    return ", ".join(parts)
