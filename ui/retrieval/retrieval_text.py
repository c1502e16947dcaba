"""The words the retrieval screens use for the domain's values, and short summaries of records."""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Iterable

from bench_app.domain.clock import to_local
from bench_app.domain.enums import (
    Anaesthesia, AzoospermiaType, CountBasis, Disposition, PlannedUse, ProcedureType, ProcessingStepKind, SampleStatus, Side,
    TubuleAppearance, ViabilityTest,
)
from bench_app.domain.value_labels import LABELS
from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.services.retrieval_dto import FindingInfo, ProcedureRow, SampleInfo, StepInfo
from ui.common.bidi import isolate
from ui.qt import QComboBox, QLabel, QSizePolicy, QWidget

# Display names of the stored values: one table in the core (domain/value_labels.py) for every screen.
PROCEDURE_TYPE_TEXT = LABELS[ProcedureType]
ANAESTHESIA_TEXT = LABELS[Anaesthesia]
SIDE_TEXT = LABELS[Side]
INDICATION_TEXT = LABELS[AzoospermiaType]
PLANNED_USE_TEXT = LABELS[PlannedUse]
TUBULE_TEXT = LABELS[TubuleAppearance]
STEP_TEXT = LABELS[ProcessingStepKind]
BASIS_TEXT = LABELS[CountBasis]
VIABILITY_TEXT = LABELS[ViabilityTest]
DISPOSITION_TEXT = LABELS[Disposition]
STATUS_TEXT = LABELS[SampleStatus]
SITES = (_l("upper pole"), _l("mid pole"), _l("lower pole"))
# Room above capitals with accents (Ö, Ç, Ή): some fonts draw them above the line's ascent.
LABEL_PAD = "padding-top: 3px;"


def fill_combo(combo: QComboBox, texts: dict, values: Iterable | None = None) -> QComboBox:
    """Items show ``texts[value]`` and carry the value's string as data."""
    for value in (values if values is not None else texts):
        combo.addItem(str(texts[value]), value.value if isinstance(value, Enum) else value)
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
    return isolated(_("{name}   ·   MRN {mrn}   ·   sample {number} ({code})"),
        name=isolate(patient.listing_name), mrn=patient.mrn, number=sample.sample_number, code=sample.code)


def site_combo(parent: QWidget) -> QComboBox:
    """Where a biopsy was taken: the usual poles to pick, or any words typed."""
    combo = QComboBox(parent)
    combo.setObjectName("site")
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    combo.addItems([str(site) for site in SITES])
    combo.setCurrentIndex(-1)
    hint = _("upper, mid or lower pole, or type")
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


def motility_text(f: FindingInfo) -> str:
    parts = [(f.progressive, _l("{count} progressive")), (f.non_progressive, _l("{count} non-progressive")),
             (f.twitching, _l("{count} twitching")), (f.immotile, _l("{count} immotile"))]
    return ", ".join(words.format(count=n) for n, words in parts if n)


def finding_text(f: FindingInfo) -> str:
    if not f.sperm_found:
        return _("no sperm seen")
    if f.count_seen is not None:
        text = isolated(_("sperm {count} {basis}"), count=f.count_seen, basis=BASIS_TEXT[f.count_basis])
    else:
        text = _("sperm seen")
    moving = motility_text(f)
    if moving:
        text += f" ({moving})"
    if f.elongated_spermatids:
        text += "; " + _("elongated spermatids")
    return text


def findings_summary(sample: SampleInfo) -> str:
    """What the search of one sample has shown so far, short enough for a table cell."""
    if not sample.findings:
        return _("not searched yet")
    if sample.positive:
        f = [f for f in sample.findings if f.sperm_found][-1]
        seen = f"{f.count_seen} {BASIS_TEXT[f.count_basis]}" if f.count_seen is not None else _("sperm seen")
        return isolated(_("found: {seen}, {count} motile"), seen=seen, count=f.motile)
    looks = len(sample.findings)
    return isolated(ngettext("no sperm ({count} look)", "no sperm ({count} looks)", looks), count=looks)


def disposition_text(sample: SampleInfo) -> str:
    text = str(DISPOSITION_TEXT[sample.disposition])
    if sample.disposition in (Disposition.HISTOLOGY, Disposition.DISCARDED) and sample.disposition_note:
        text += f": {sample.disposition_note}"
    return text


def step_details(step: StepInfo) -> str:
    parts = []
    if step.enzyme:
        parts.append(" ".join(p for p in (step.enzyme, step.enzyme_concentration) if p))
    if step.minutes is not None:
        parts.append(isolated(_("{minutes} min"), minutes=step.minutes))
    if step.temperature_c is not None:
        parts.append(f"{step.temperature_c:g} °C")
    if step.notes:
        parts.append(step.notes)
    return ", ".join(parts)


def weight_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def procedure_outcome(row: ProcedureRow) -> str:
    """'sperm found (2/5)', 'searching (3/5 searched)': a procedure's search so far, for the list."""
    if row.samples == 0:
        return _("awaiting samples")
    if row.samples_positive:
        return _("sperm found ({positive}/{samples})").format(positive=row.samples_positive, samples=row.samples)
    if row.samples_searched < row.samples:
        return _("searching ({searched}/{samples} searched)").format(searched=row.samples_searched,
                                                                     samples=row.samples)
    return _("no sperm found")
