"""The words the retrieval screens use for the domain's values, and short summaries of records."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Iterable

from bench_app.domain.clock import to_local
from bench_app.domain.enums import (
    Anaesthesia, CountBasis, Disposition, PlannedUse, ProcedureType, ProcessingStepKind, SampleStatus, Side,
    TubuleAppearance, ViabilityTest,
)
from bench_app.services.retrieval_dto import FindingInfo, SampleInfo, StepInfo
from ui.common.bidi import isolate
from ui.patients.diagnosis_table_model import AZOOSPERMIA_TEXT
from ui.qt import QComboBox, QLabel, QSizePolicy, QWidget

PROCEDURE_TYPE_TEXT = {t: t.value for t in ProcedureType}
ANAESTHESIA_TEXT = {Anaesthesia.LOCAL: "Local", Anaesthesia.GENERAL: "General"}
SIDE_TEXT = {Side.LEFT: "Left", Side.RIGHT: "Right", Side.BOTH: "Both"}
INDICATION_TEXT = {value: AZOOSPERMIA_TEXT[value] for value in AZOOSPERMIA_TEXT}
PLANNED_USE_TEXT = {PlannedUse.FRESH_ICSI: "Fresh for ICSI today", PlannedUse.FREEZE: "Freeze",
                    PlannedUse.BOTH: "Both: fresh ICSI and freeze"}
TUBULE_TEXT = {TubuleAppearance.DILATED: "Dilated / opaque", TubuleAppearance.THIN: "Thin",
               TubuleAppearance.MIXED: "Mixed", TubuleAppearance.NOT_APPLICABLE: "n/a"}
STEP_TEXT = {
    ProcessingStepKind.MECHANICAL_MINCING: "Mechanical mincing",
    ProcessingStepKind.NEEDLE_DISSECTION: "Needle dissection",
    ProcessingStepKind.ENZYMATIC_DIGESTION: "Enzymatic digestion",
    ProcessingStepKind.RBC_LYSIS: "Red cell lysis",
    ProcessingStepKind.CENTRIFUGATION: "Centrifugation",
    ProcessingStepKind.WASH: "Wash",
    ProcessingStepKind.SEARCH: "Search",
}
BASIS_TEXT = {CountBasis.TOTAL: "in total", CountBasis.PER_DROPLET: "per droplet", CountBasis.PER_FIELD: "per field"}
VIABILITY_TEXT = {ViabilityTest.NONE: "None", ViabilityTest.HOS: "HOS test",
                  ViabilityTest.PENTOXIFYLLINE: "Pentoxifylline", ViabilityTest.LASER: "Laser-assisted"}
DISPOSITION_TEXT = {Disposition.PENDING: "Pending", Disposition.FRESH_ICSI: "Fresh for ICSI",
                    Disposition.FREEZE: "To be frozen", Disposition.HISTOLOGY: "Histology",
                    Disposition.DISCARDED: "Discarded"}
STATUS_TEXT = {SampleStatus.RECEIVED: "Received", SampleStatus.PROCESSING: "Processing",
               SampleStatus.SEARCHED: "Searched"}
SITES = ("upper pole", "mid pole", "lower pole")
# Room above capitals with accents (Ö, Ç, Ή): some fonts draw them above the line's ascent.
LABEL_PAD = "padding-top: 3px;"


def fill_combo(combo: QComboBox, texts: dict, values: Iterable | None = None) -> QComboBox:
    """Items show ``texts[value]`` and carry the value's string as data."""
    for value in (values if values is not None else texts):
        combo.addItem(texts[value], value.value if isinstance(value, Enum) else value)
    return combo


def intro_label(text: str, parent: QWidget) -> QLabel:
    """The line at the top of a dialog that names the patient and the item: two identifiers."""
    label = QLabel(text, parent)
    label.setObjectName("dialogIntro")
    label.setWordWrap(True)
    label.setStyleSheet(LABEL_PAD + "font-weight: 600;")
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
    return label


def sample_intro(patient, sample) -> str:
    return (f"{isolate(patient.listing_name)}   ·   MRN {patient.mrn}   ·   "
            f"sample {sample.sample_number} ({sample.code})")


def site_combo(parent: QWidget) -> QComboBox:
    """Where a biopsy was taken: the usual poles to pick, or any words typed."""
    combo = QComboBox(parent)
    combo.setObjectName("site")
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems(SITES)
    combo.setCurrentIndex(-1)
    hint = "upper, mid or lower pole, or type"
    combo.lineEdit().setPlaceholderText(hint)
    combo.setMinimumWidth(combo.fontMetrics().horizontalAdvance(hint) + 40)
    return combo


def select_data(combo: QComboBox, value) -> None:
    combo.setCurrentIndex(combo.findData(value.value if isinstance(value, Enum) else value))


def clock_time(value: datetime | None) -> str:
    local = to_local(value)
    return "" if local is None else local.strftime("%H:%M")


def moment(value: datetime | None, today=None) -> str:
    """"14:05" for today, "2026-11-19 23:40" for another day."""
    local = to_local(value)
    if local is None:
        return ""
    if today is not None and local.date() == today:
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def motility_text(f: FindingInfo) -> str:
    parts = [(f.progressive, "progressive"), (f.non_progressive, "non-progressive"),
             (f.twitching, "twitching"), (f.immotile, "immotile")]
    return ", ".join(f"{n} {word}" for n, word in parts if n)


def finding_text(f: FindingInfo) -> str:
    if not f.sperm_found:
        return "no sperm seen"
    seen = f"{f.count_seen} {BASIS_TEXT[f.count_basis]}" if f.count_seen is not None else "seen"
    moving = motility_text(f)
    text = f"sperm {seen}" + (f" ({moving})" if moving else "")
    if f.elongated_spermatids:
        text += "; elongated spermatids"
    return text


def findings_summary(sample: SampleInfo) -> str:
    """What the search of one sample has shown so far, short enough for a table cell."""
    if not sample.findings:
        return "not searched yet"
    if sample.positive:
        f = [f for f in sample.findings if f.sperm_found][-1]
        seen = f"{f.count_seen} {BASIS_TEXT[f.count_basis]}" if f.count_seen is not None else "sperm seen"
        return f"found: {seen}, {f.motile} motile"
    return f"no sperm ({plural(len(sample.findings), 'look')})"


def disposition_text(sample: SampleInfo) -> str:
    text = DISPOSITION_TEXT[sample.disposition]
    if sample.disposition in (Disposition.HISTOLOGY, Disposition.DISCARDED) and sample.disposition_note:
        text += f": {sample.disposition_note}"
    return text


def step_details(step: StepInfo) -> str:
    parts = []
    if step.enzyme:
        parts.append(" ".join(p for p in (step.enzyme, step.enzyme_concentration) if p))
    if step.minutes is not None:
        parts.append(f"{step.minutes} min")
    if step.temperature_c is not None:
        parts.append(f"{step.temperature_c:g} °C")
    if step.notes:
        parts.append(step.notes)
    return ", ".join(parts)


def weight_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"
