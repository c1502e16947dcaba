"""The cycle summary: counts as figures, and each rate beside its Vienna competency and benchmark.

Every rate shows its numerator and denominator. The verdict is coloured; the sperm
source class (fresh testicular, frozen testicular, ejaculate...) says which benchmark
group the cycle belongs to, since the Vienna values are for ejaculated sperm.
"""

from __future__ import annotations

from bench_app.domain.indicators import (
    BELOW_COMPETENCY, MEETS_BENCHMARK, MEETS_COMPETENCY, NO_DATA, Rate, verdict_text,
)
from bench_app.domain.value_labels import source_class_label
from bench_app.i18n import _, _l, isolated, ngettext
from bench_app.services.icsi_dto import PENDING_VERDICT, CycleSummary, Indicator
from ui.common.headings import heading, muted, scaled
from ui.qt import QFrame, QGridLayout, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget

# Keyed by the verdict's code, never its words: the colours hold in every language.
VERDICT_STYLE = {MEETS_BENCHMARK: "color: #1e6b32; font-weight: 600;",
                 MEETS_COMPETENCY: "color: #1a5fb4; font-weight: 600;",
                 BELOW_COMPETENCY: "color: #b3261e; font-weight: 600;",
                 NO_DATA: "color: #6b7078;", PENDING_VERDICT: "color: #8a5a00; font-weight: 600;",
                 "": "color: #6b7078;"}
# The sperm source classes of icsi_queries.source_info (stable words), as a person reads them.
SOURCE_CLASS_TEXT = {"fresh testicular": _l("fresh testicular"), "fresh epididymal": _l("fresh epididymal"),
                     "frozen testicular": _l("frozen testicular"), "frozen ejaculate": _l("frozen ejaculate"),
                     "ejaculate": _l("ejaculate")}
FIGURES = (("cocs", _l("COCs")), ("mii", "MII"), ("injected", _l("injected")), ("damaged", _l("damaged")),
           ("pn2", "2PN"), ("pn1", "1PN"), ("pn3", "3PN+"))
SURGICAL_NOTE = _l("Vienna values are for ejaculated sperm: surgical-sperm cycles are reported apart "
                   "(e.g. 2PN 64.8% with TESA sperm vs 70.3% with ejaculate).")


def rate_text(indicator: Indicator) -> str:
    """The rate over the checked oocytes; while some wait for their check, it says how many."""
    if not indicator.pending:
        return indicator.rate.percent_text()
    waiting = isolated(ngettext("{count} awaiting check", "{count} awaiting check", indicator.pending),
        count=indicator.pending)
    if indicator.rate.denominator == 0:
        return waiting
    return f"{indicator.rate.percent_text()} · {waiting}"



class SummaryPanelWidget(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("icsiSummary")
        self.setStyleSheet("QFrame#icsiSummary { background: #fafbfc; border: 1px solid #d5d9e0; border-radius: 4px; }"
                           " QFrame#icsiSummary QLabel { background: transparent; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        layout.addWidget(heading(_("Cycle summary"), self, level=2))
        grid = QGridLayout()
        grid.setHorizontalSpacing(14)
        grid.setVerticalSpacing(0)
        self.figures: dict[str, QLabel] = {}
        for n, (key, caption) in enumerate(FIGURES):
            row, col = 2 * (n // 4), n % 4
            number = scaled(QLabel("0", self), 1.5, True)
            number.setObjectName(f"summary_{key}")
            grid.addWidget(number, row, col, Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(muted(str(caption), self), row + 1, col, Qt.AlignmentFlag.AlignLeft)
            self.figures[key] = number
        grid.setColumnStretch(4, 1)
        layout.addLayout(grid)
        self.source = QLabel(self)
        self.source.setObjectName("summarySource")
        self.source.setWordWrap(True)
        layout.addWidget(self.source)
        self.rates = QVBoxLayout()
        self.rates.setSpacing(1)
        layout.addLayout(self.rates)
        self.note = muted("", self)
        layout.addWidget(self.note)
        self.rate_labels: dict[str, QLabel] = {}
        self.verdict_labels: dict[str, QLabel] = {}
        self.level_labels: dict[str, QLabel] = {}

    def show_summary(self, summary: CycleSummary) -> None:
        values = {"cocs": summary.cocs, "mii": summary.mii, "injected": summary.injected,
                  "damaged": summary.damaged, "pn2": summary.pn2, "pn1": summary.pn1, "pn3": summary.pn3}
        for key, value in values.items():
            self.figures[key].setText(str(value))
        sources = ", ".join(source_class_label(s) for s in summary.sperm_sources)
        self.source.setText(isolated(_("Sperm source: <b>{sources}</b>"), sources=sources) if sources
                            else _("Sperm source: no ICSI session yet"))
        rows = [(i.benchmark.name, str(i.benchmark.title or i.benchmark.name), str(i.benchmark.formula), rate_text(i),
                 i.benchmark.levels_text(), i.verdict) for i in summary.indicators]
        in_window = Rate(summary.checks_in_window, summary.checked).percent_text()
        rows.append(("Fertilization checks in 16-18 h", _("Fertilization checks in 16-18 h"), "", in_window, _("local target"), ""))
        for key, title, formula, rate, level_text, verdict in rows:
            if key not in self.rate_labels:  # built once: the indicators are the same for every cycle
                self._add_rate(key, title)
            # one level per line, each whole ("benchmark ≤ 5%"): the column stays narrow enough for the grid
            # beside it to show all its columns on a 1280 px screen
            levels = [part.replace(" ", "\u00a0") for part in level_text.split(", ")]
            level_text = "\n".join(filter(None, [formula, *levels]))
            self.rate_labels[key].setText(rate)
            self.verdict_labels[key].setText(verdict_text(verdict))
            self.verdict_labels[key].setStyleSheet(VERDICT_STYLE.get(verdict, ""))
            self.level_labels[key].setText(level_text)
        surgical = any(s != "ejaculate" and "ejaculate" not in s for s in summary.sperm_sources)
        self.note.setText(str(SURGICAL_NOTE) if surgical else "")
        self.note.setVisible(surgical)

    def _add_rate(self, key: str, text: str) -> None:
        title = QLabel(text, self)  # the formula goes on the muted line below
        title.setStyleSheet("font-weight: 600; margin-top: 5px;")
        value = QLabel(self)
        value.setObjectName("rate")
        verdict = QLabel(self)
        verdict.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        level = muted("", self)
        level.setWordWrap(False)  # short lines; a wrapped label in this narrow panel misjudges its height
        scaled(level, 0.92, False)
        line = QHBoxLayout()
        line.addWidget(value)
        line.addStretch(1)
        line.addWidget(verdict)
        self.rates.addWidget(title)
        self.rates.addLayout(line)
        self.rates.addWidget(level)
        self.rate_labels[key] = value
        self.verdict_labels[key] = verdict
        self.level_labels[key] = level
