"""The "Sperm found?" panel: large enough to read from a step back, for the call to theatre.

Green when any sample is positive, calm grey while searching. Below the headline: the
counts as big figures, then when and where the first sperm was seen.
"""

from __future__ import annotations

from datetime import date

from bench_app.i18n import _, _l, isolated
from bench_app.services.retrieval_dto import SpermFoundPanel
from ui.common.headings import scaled
from ui.qt import QFrame, QGridLayout, QHBoxLayout, QLabel, Qt, QVBoxLayout, QWidget
from ui.retrieval.retrieval_text import moment

FOUND = ("#e6f4ea", "#1e8e3e", "#0d5223")  # background, border, text
SEARCHING = ("#f3f4f6", "#b8bec8", "#202124")

FIGURES = (("received", _l("received")), ("searched", _l("searched")), ("positive", _l("positive")),
           ("motile", _l("motile so far")), ("immotile", _l("immotile so far")))



class SpermFoundPanelWidget(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("spermFoundPanel")
        self.found = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 14)
        layout.setSpacing(8)
        self.headline = scaled(QLabel(self), 2.1)
        self.headline.setObjectName("spermFoundHeadline")
        self.headline.setWordWrap(True)
        self.headline.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.headline)

        row = QHBoxLayout()
        row.setSpacing(36)
        self.figures: dict[str, QLabel] = {}
        self._captions: list[QLabel] = []
        for key, caption in FIGURES:
            cell = QGridLayout()
            cell.setVerticalSpacing(0)
            number = scaled(QLabel("0", self), 2.4)
            number.setObjectName(f"panel_{key}")
            words = scaled(QLabel(str(caption), self), 1.1, bold=False)
            cell.addWidget(number, 0, 0)
            cell.addWidget(words, 1, 0)
            row.addLayout(cell)
            self.figures[key] = number
            self._captions.append(words)
        row.addStretch(1)
        layout.addLayout(row)
        self.first = scaled(QLabel(self), 1.3, bold=False)
        self.first.setObjectName("spermFoundFirst")
        self.first.setWordWrap(True)
        layout.addWidget(self.first)
        self._paint(SEARCHING)

    def show_panel(self, panel: SpermFoundPanel, today: date | None = None,
                   numbers: dict[str, int] | None = None) -> None:
        """``numbers`` gives each sample code's number, so the call can say "sample 2"."""
        self.found = panel.sperm_found
        self.headline.setText(panel.headline)
        values = {"received": panel.samples_received, "searched": panel.samples_searched,
                  "positive": panel.samples_positive, "motile": panel.motile_so_far,
                  "immotile": panel.immotile_so_far}
        for key, value in values.items():
            self.figures[key].setText(str(value))
        if panel.first_sperm_at is not None:
            number = (numbers or {}).get(panel.first_sperm_sample)
            sample = f"{number} ({panel.first_sperm_sample})" if number else panel.first_sperm_sample
            at = moment(panel.first_sperm_at, today)
            if panel.minutes_to_first_sperm is not None:
                text = isolated(_("First sperm at {at} in sample {sample}, {minutes} min after the search began."),
                    at=at, sample=sample, minutes=f"{panel.minutes_to_first_sperm:.0f}")
            else:
                text = isolated(_("First sperm at {at} in sample {sample}."), at=at, sample=sample)
            self.first.setText(text)
        else:
            self.first.setText("")  # the headline already says no sperm yet
        self.first.setVisible(bool(self.first.text()))
        self._paint(FOUND if self.found else SEARCHING)

    def _paint(self, colours: tuple[str, str, str]) -> None:
        background, border, text = colours
        self.setStyleSheet(
            f"QFrame#spermFoundPanel {{ background: {background}; border: 2px solid {border}; "
            f"border-radius: 6px; }} QFrame#spermFoundPanel QLabel {{ color: {text}; background: transparent; }}")
