"""Words for the outcomes vocabularies, and the combo boxes that offer them."""

from __future__ import annotations

from enum import Enum

from bench_app.domain.outcomes import (
    Answer, Histology, HistoryAnswer, Karyotype, PregnancyTest, TreatmentKind, YMicrodeletion,
)
from ui.qt import QComboBox, QWidget

KARYOTYPE_TEXT = {Karyotype.NOT_TESTED: "Not tested / unknown", Karyotype.XY: "46,XY", Karyotype.XXY: "47,XXY",
                  Karyotype.MOSAIC: "Mosaic 46,XY/47,XXY", Karyotype.OTHER: "Other"}
AZF_TEXT = {YMicrodeletion.NOT_TESTED: "Not tested / unknown", YMicrodeletion.NONE: "No microdeletion",
            YMicrodeletion.AZFA: "AZFa", YMicrodeletion.AZFB: "AZFb", YMicrodeletion.AZFBC: "AZFb+c",
            YMicrodeletion.AZFABC: "AZFa+b+c", YMicrodeletion.AZFC: "AZFc"}
HISTOLOGY_TEXT = {Histology.NOT_TESTED: "Not tested / unknown", Histology.NORMAL: "Normal spermatogenesis",
                  Histology.HYPOSPERMATOGENESIS: "Hypospermatogenesis", Histology.MATURATION_ARREST: "Maturation arrest",
                  Histology.SERTOLI_CELL_ONLY: "Sertoli-cell-only", Histology.MIXED: "Mixed pattern"}
HISTORY_TEXT = {HistoryAnswer.UNKNOWN: "Unknown", HistoryAnswer.NO: "No", HistoryAnswer.YES: "Yes"}
HISTORY_LABELS = {"cryptorchidism": "Cryptorchidism", "chemo_radiation": "Chemotherapy or radiation",
                  "steroid_use": "Anabolic steroid / testosterone use", "varicocele": "Varicocele"}
TREATMENT_TEXT = {TreatmentKind.AROMATASE_INHIBITOR: "Aromatase inhibitor", TreatmentKind.HCG_FSH: "hCG / FSH",
                  TreatmentKind.CLOMIPHENE: "Clomiphene", TreatmentKind.VARICOCELE_REPAIR: "Varicocele repair",
                  TreatmentKind.EXOSOME_THERAPY: "Intratesticular exosome therapy (experimental)",
                  TreatmentKind.OTHER: "Other"}
ANSWER_TEXT = {Answer.UNKNOWN: "Not known yet", Answer.YES: "Yes", Answer.NO: "No"}
TEST_TEXT = {PregnancyTest.NOT_DONE: "Not done / not known yet", PregnancyTest.POSITIVE: "Positive",
             PregnancyTest.NEGATIVE: "Negative"}


def choice_combo(parent: QWidget, texts: dict, current: Enum | str | None = None, name: str = "") -> QComboBox:
    """A combo box of ``texts`` carrying each value's string, with ``current`` chosen."""
    combo = QComboBox(parent)
    if name:
        combo.setObjectName(name)
    for value, text in texts.items():
        combo.addItem(text, value.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current.value if isinstance(current, Enum) else current)))
    return combo


def number_text(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def workup_summary(w) -> str:
    """One line for a work-up (a WorkupInfo): what was measured, and what was not tested."""
    if w is None:
        return "Work-up: not recorded."
    parts = []
    for key, label, unit in (("fsh_iu_l", "FSH", "IU/L"), ("lh_iu_l", "LH", "IU/L"),
                             ("testosterone_nmol_l", "T", "nmol/L"), ("estradiol_pmol_l", "E2", "pmol/L")):
        value = getattr(w, key)
        parts.append(f"{label} {value:g} {unit}" if value is not None else f"{label} not tested")
    if w.te2_ratio is not None:
        parts.append(f"T/E2 {w.te2_ratio:.1f}")
    if w.volume_left_ml is not None or w.volume_right_ml is not None:
        parts.append(f"volumes L {number_text(w.volume_left_ml) or '?'} / R {number_text(w.volume_right_ml) or '?'} mL")
    parts.append("karyotype not tested" if w.karyotype.value == "not_tested" else f"karyotype {KARYOTYPE_TEXT[w.karyotype]}")
    parts.append({"not_tested": "Y microdeletion not tested", "none": "no Y microdeletion"}.get(
        w.y_microdeletion.value, f"Y microdeletion {AZF_TEXT[w.y_microdeletion]}"))
    parts.append("histology not tested" if w.histology.value == "not_tested"
                 else f"histology: {HISTOLOGY_TEXT[w.histology].lower()}")
    history = [HISTORY_LABELS[k].lower() for k in HISTORY_LABELS if getattr(w, k).value == "yes"]
    if history:
        parts.append("history of " + ", ".join(history))
    return "Work-up: " + "; ".join(parts) + "."
