"""The daily worksheet's words in the language of the page or the screen.

A worksheet's rows carry English words (``'biopsy · left'``, ``'no sperm seen'``, ``'fresh S-…'``):
they are the content a supervisor's sign-off fingerprints, so a day signed in one language still
matches when it is read in another. These readers turn them into the active language for display.
"""

from __future__ import annotations

import re

from bench_app.domain.enums import (
    Disposition, FertilizationResult, Maturity, ProcessingStepKind, SampleKind, Side, SpermSourceKind,
)
from bench_app.domain.value_labels import label_of
from bench_app.i18n import _, pgettext

_FOUND = re.compile(r"sperm found: (\d+) motile, (\d+) immotile")
_STEP_CODES = {k.value for k in ProcessingStepKind}


def description_label(text: str) -> str:
    """'biopsy · left · upper pole': the kind and side in the page's words, the site as typed."""
    parts = text.split(" · ") if text else []
    if parts:
        parts[0] = label_of(SampleKind, parts[0])
    if len(parts) > 1 and parts[1] in {s.value for s in Side}:
        parts[1] = label_of(Side, parts[1])
    return " · ".join(parts)


def finding_label(text: str) -> str:
    found = _FOUND.fullmatch(text)
    if found:
        return _("sperm found: {motile} motile, {immotile} immotile").format(motile=found[1], immotile=found[2])
    words = {"no sperm seen": _("no sperm seen"), "not searched yet": _("not searched yet"),
             "awaiting samples": _("awaiting samples")}
    return words.get(text, text)


def disposition_label(text: str) -> str:
    return label_of(Disposition, text)


def maturity_label(text: str) -> str:
    return _("not assessed") if text == "not assessed" else label_of(Maturity, text)


def result_label(text: str) -> str:
    return label_of(FertilizationResult, text)


def source_label(text: str) -> str:
    """'fresh S-…', 'thawed D-…, D-…' or 'ejaculate'."""
    if text.startswith("fresh ") and text != "fresh ejaculate":
        return _("fresh {code}").format(code=text[len("fresh "):])
    if text.startswith("thawed "):
        return _("thawed {codes}").format(codes=text[len("thawed "):])
    return label_of(SpermSourceKind, text)


def step_label(text: str) -> str:
    """A step waiting for its witness ('device loading (freeze)') in the page's words."""
    words = {"sample receipt": _("sample receipt"), "processing start": _("processing start"),
             "device loading (freeze)": _("device loading (freeze)"), "device placement": _("device placement"),
             "device move": _("device move"), "thaw": pgettext("critical step", "thaw"),
             "ICSI source match": _("ICSI source match"),
             "discard (second signature)": _("discard (second signature)")}
    return words.get(text, text)


def pending_note_label(text: str) -> str:
    """A waiting step's note: the ICSI match's three items, or a processing step's kind; else as typed."""
    if text == "sperm source ↔ oocyte dish ↔ patient":
        return _("sperm source ↔ oocyte dish ↔ patient")
    return label_of(ProcessingStepKind, text) if text.replace(" ", "_") in _STEP_CODES else text


def thaw_outcome_label(text: str) -> str:
    """'sperm found: 12 motile', 'no sperm found' or 'not assessed yet'."""
    if text.startswith("sperm found: ") and text.endswith(" motile"):
        return _("sperm found: {motile} motile").format(motile=text[len("sperm found: "):-len(" motile")])
    words = {"sperm found": _("sperm found"), "no sperm found": _("no sperm found"),
             "not assessed yet": _("not assessed yet")}
    return words.get(text, text)


def tank_alert_label(kind: str) -> str:
    words = {"nitrogen_low": _("nitrogen low"), "nitrogen_fast_loss": _("nitrogen falling fast"),
             "reading_overdue": _("reading overdue"), "audit_overdue": _("audit overdue"), "audit_due": _("audit due")}
    return words.get(kind, kind.replace("_", " "))
