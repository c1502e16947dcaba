"""Words for the outcomes vocabularies, and the combo boxes that offer them."""

from __future__ import annotations

from enum import Enum

from bench_app.domain.outcomes import (
    TREATMENT_WORDS, Answer, Histology, HistoryAnswer, Karyotype, PregnancyTest, YMicrodeletion,
)
from bench_app.i18n import _, _l, format_number
from ui.qt import QComboBox, QLineEdit, QWidget

KARYOTYPE_TEXT = {Karyotype.NOT_TESTED: _l("Not tested / unknown"), Karyotype.XY: "46,XY", Karyotype.XXY: "47,XXY",
                  Karyotype.MOSAIC: _l("Mosaic 46,XY/47,XXY"), Karyotype.OTHER: _l("Other")}
AZF_TEXT = {YMicrodeletion.NOT_TESTED: _l("Not tested / unknown"), YMicrodeletion.NONE: _l("No microdeletion"),
            YMicrodeletion.AZFA: "AZFa", YMicrodeletion.AZFB: "AZFb", YMicrodeletion.AZFBC: "AZFb+c",
            YMicrodeletion.AZFABC: "AZFa+b+c", YMicrodeletion.AZFC: "AZFc"}
HISTOLOGY_TEXT = {Histology.NOT_TESTED: _l("Not tested / unknown"), Histology.NORMAL: _l("Normal spermatogenesis"),
                  Histology.HYPOSPERMATOGENESIS: _l("Hypospermatogenesis"), Histology.MATURATION_ARREST: _l("Maturation arrest"),
                  Histology.SERTOLI_CELL_ONLY: _l("Sertoli-cell-only"), Histology.MIXED: _l("Mixed pattern")}
HISTORY_TEXT = {HistoryAnswer.UNKNOWN: _l("Unknown"), HistoryAnswer.NO: _l("No"), HistoryAnswer.YES: _l("Yes")}
HISTORY_LABELS = {"cryptorchidism": _l("Cryptorchidism"), "chemo_radiation": _l("Chemotherapy or radiation"),
                  "steroid_use": _l("Anabolic steroid / testosterone use"), "varicocele": _l("Varicocele")}
TREATMENT_TEXT = TREATMENT_WORDS
ANSWER_TEXT = {Answer.UNKNOWN: _l("Not known yet"), Answer.YES: _l("Yes"), Answer.NO: _l("No")}
TEST_TEXT = {PregnancyTest.NOT_DONE: _l("Not done / not known yet"), PregnancyTest.POSITIVE: _l("Positive"),
             PregnancyTest.NEGATIVE: _l("Negative")}


def choice_combo(parent: QWidget, texts: dict, current: Enum | str | None = None, name: str = "") -> QComboBox:
    """A combo box of ``texts`` carrying each value's string, with ``current`` chosen."""
    combo = QComboBox(parent)
    if name:
        combo.setObjectName(name)
    for value, text in texts.items():
        combo.addItem(str(text), value.value)
    if current is not None:
        combo.setCurrentIndex(max(0, combo.findData(current.value if isinstance(current, Enum) else current)))
    return combo


def number_text(value: float | None) -> str:
    """A measured value as typed in a field (the point as decimal sign, which the field reads back)."""
    return "" if value is None else f"{value:g}"


def workup_summary(w) -> str:
    """One line for a work-up (a WorkupInfo): what was measured, and what was not tested."""
    if w is None:
        return _("Work-up: not recorded.")
    parts = []
    for key, label, unit in (("fsh_iu_l", "FSH", "IU/L"), ("lh_iu_l", "LH", "IU/L"),
                             ("testosterone_nmol_l", "T", "nmol/L"), ("estradiol_pmol_l", "E2", "pmol/L")):
        value = getattr(w, key)
        parts.append(f"{label} {format_number(value)} {unit}" if value is not None
                     else _("{what} not tested").format(what=label))
    if w.te2_ratio is not None:
        parts.append(f"T/E2 {format_number(w.te2_ratio, 1)}")
    if w.volume_left_ml is not None or w.volume_right_ml is not None:
        left = "?" if w.volume_left_ml is None else format_number(w.volume_left_ml)
        right = "?" if w.volume_right_ml is None else format_number(w.volume_right_ml)
        parts.append(_("volumes L {left} / R {right} mL").format(left=left, right=right))
    parts.append(_("karyotype not tested") if w.karyotype.value == "not_tested"
                 else _("karyotype {value}").format(value=KARYOTYPE_TEXT[w.karyotype]))
    if w.y_microdeletion.value == "not_tested":
        parts.append(_("Y microdeletion not tested"))
    elif w.y_microdeletion.value == "none":
        parts.append(_("no Y microdeletion"))
    else:
        parts.append(_("Y microdeletion {value}").format(value=AZF_TEXT[w.y_microdeletion]))
    parts.append(_("histology not tested") if w.histology.value == "not_tested"
                 else _("histology: {value}").format(value=str(HISTOLOGY_TEXT[w.histology]).lower()))
    history = [str(HISTORY_LABELS[k]).lower() for k in HISTORY_LABELS if getattr(w, k).value == "yes"]
    if history:
        parts.append(_("history of {conditions}").format(conditions=", ".join(history)))
    return _("Work-up: {parts}.").format(parts="; ".join(parts))


def correction_reason(parent: QWidget, form, correcting: bool) -> QLineEdit:
    """The reason for a correction, a row of ``form`` (an ErrorForm) when ``correcting``; a first record needs
    none, and the field stays hidden."""
    reason = QLineEdit(parent)
    reason.setObjectName("reason")
    reason.setPlaceholderText(_("What changed or what news arrived (recorded)"))
    if correcting:
        form.add_row("reason", _("Reason"), reason)
    else:
        reason.hide()
    return reason
