"""The selected oocyte's sperm source, with one click on to the sample or device it came from.

The source is read with ``sperm_source_of`` for the one oocyte selected (never per row).
A fresh sample opens its procedure in Sperm retrieval with the sample selected; a thawed
device opens in Cryo storage; the links go through the main window as a scan of the code
would, so each area decides how to show its record.
"""

from __future__ import annotations

import html

from bench_app.i18n import _, isolated
from bench_app.services.icsi_dto import SessionInfo, SpermSourceInfo
from bench_app.services.registry import Services
from ui.common.headings import heading, muted
from ui.icsi.icsi_text import clock_time, source_text
from ui.icsi.oocyte_table_model import GridLine
from ui.qt import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, Signal


NB_HYPHEN = "\u2011"


def bold(text: str) -> str:
    """Markup only (no words to translate): the text in bold."""
    return f"<b>{text}</b>"


def nobr_codes(source: SpermSourceInfo) -> str:
    """The label with each code kept on one line: a code broken at its hyphen misreads.

    On screen only, the codes' hyphens become non-breaking hyphens (they look the same).
    """
    text = html.escape(source_text(source))
    for code in (source.sample_code, *source.device_codes):
        if code:
            text = text.replace(code, code.replace("-", NB_HYPHEN))
    return text


class SourcePanelWidget(QFrame):
    openCode = Signal(str)  # a sample or device code to open

    def __init__(self, services: Services, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.source: SpermSourceInfo | None = None
        self._shown: tuple | None = None  # (oocyte id, session id): an injection's source never changes
        self.setObjectName("icsiSource")
        self.setStyleSheet("QFrame#icsiSource { background: #fafbfc; border: 1px solid #d5d9e0; border-radius: 4px; }"
                           " QFrame#icsiSource QLabel { background: transparent; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(6)
        self.title = heading(_("Sperm source"), self, level=2)
        layout.addWidget(self.title)
        self.text = QLabel(self)
        self.text.setObjectName("sourceText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        self.session_text = muted("", self)
        layout.addWidget(self.session_text)
        self.links = QHBoxLayout()
        self.links.setSpacing(6)
        layout.addLayout(self.links)
        self.buttons: list[QPushButton] = []

    def show_line(self, line: GridLine | None, session: SessionInfo | None) -> None:
        """Show the source of ``line``'s injection; nothing for an oocyte not injected."""
        oocyte = line.oocyte if line else None
        key = (oocyte.id, oocyte.session_id) if oocyte is not None and oocyte.injected else None
        if key is not None and key == self._shown:
            return
        self._shown = key
        self._clear_links()
        if oocyte is None or not oocyte.injected:
            self.source = None
            self.title.setText(_("Sperm source"))
            self.text.setText(_("Select an injected oocyte to see the sperm it was injected with.") if line is None
                              else isolated(_("Oocyte {number} was not injected."), number=line.number))
            self.session_text.setText("")
            return
        self.source = self.services.icsi.sperm_source_of(oocyte.id)
        self.title.setText(isolated(_("Sperm source of oocyte {number}"), number=oocyte.number))
        self.title.setToolTip(oocyte.code)
        self.text.setText(bold(nobr_codes(self.source)) if self.source else _("Unknown source."))
        if session is not None:
            started = clock_time(session.started_at)
            self.session_text.setText(
                isolated(_("ICSI session started {time} by {operator}, witnessed by {witness}."),
                    time=started, operator=session.operator, witness=session.witnessed_by) if session.witnessed_by
                else isolated(_("ICSI session started {time} by {operator}, not witnessed."),
                    time=started, operator=session.operator))
        if self.source is None:
            return
        if self.source.sample_code:
            self._link(isolated(_("Open sample {code} ›"), code=self.source.sample_code), self.source.sample_code,
                       _("Its procedure in Sperm retrieval, with the sample selected"))
        for code in self.source.device_codes:
            self._link(isolated(_("Open device {code} ›"), code=code), code,
                       _("The thawed device and its history in Cryo storage"))
        self.links.addStretch(1)

    def _link(self, text: str, code: str, tip: str) -> None:
        button = QPushButton(text, self)
        button.setObjectName("sourceLink")
        button.setToolTip(tip)
        button.setAutoDefault(False)
        button.clicked.connect(lambda _checked=False, c=code: self.openCode.emit(c))
        self.links.addWidget(button)
        self.buttons.append(button)

    def _clear_links(self) -> None:
        while self.links.count():
            item = self.links.takeAt(0)
            if item.widget() is not None:
                item.widget().hide()
                item.widget().deleteLater()
        self.buttons = []
