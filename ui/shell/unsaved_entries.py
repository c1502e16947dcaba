"""Unsaved entries never cross a change of person (21 CFR Part 11 attribution).

Before another person takes the bench PC (switch user, closing Bench), the person signed
in is asked to go back and save what they keyed, or to discard it: the oocyte grid's
drafts, and every open form (a ``ServiceDialog``). After the idle lock, when someone else
unlocks, the first person cannot be asked: their unsaved entries are discarded unseen.

An area takes part by giving its view ``unsaved_entries() -> list[str]`` (what is unsaved,
in words) and ``discard_unsaved()``.
"""

from __future__ import annotations

from typing import Iterable

from bench_app.i18n import _, isolated
from ui.common.service_dialog import ServiceDialog
from ui.qt import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


def open_forms(window: QWidget, hidden: Iterable[QDialog] = ()) -> list[ServiceDialog]:
    hidden = list(hidden)
    return [d for d in window.findChildren(ServiceDialog) if d.isVisible() or d in hidden]


def unsaved_entries(window: QWidget, pages: Iterable[QWidget], hidden: Iterable[QDialog] = ()) -> list[str]:
    entries: list[str] = []
    for page in pages:
        ask = getattr(page, "unsaved_entries", None)
        if callable(ask):
            entries += ask()
    entries += [isolated(_("the open form “{title}”"), title=d.windowTitle()) for d in open_forms(window, hidden)]
    return entries


def discard_unsaved(window: QWidget, pages: Iterable[QWidget], hidden: Iterable[QDialog] = ()) -> None:
    for page in pages:
        discard = getattr(page, "discard_unsaved", None)
        if callable(discard):
            discard()
    for dialog in open_forms(window, hidden):
        dialog.reject()


class UnsavedEntriesDialog(QDialog):
    """'Save or discard?' before another person takes over: Go back keeps everything as it is."""

    def __init__(self, person: str, entries: list[str], doing: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(_("Unsaved entries"))
        self.setModal(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        listed = "".join(f"<li>{e}</li>" for e in entries)
        self.text = QLabel(isolated(_("<b>{person}</b> has entries that are not saved:<ul>{entries}</ul>"
                                      "Go back and save them under your name, or discard them before {doing}. "
                                      "They are never shown to the next person."), person=person, entries=listed,
                                                                                doing=doing), self)
        self.text.setObjectName("unsavedText")
        self.text.setWordWrap(True)
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(self)
        self.back_button = buttons.addButton(_("Go back and save"), QDialogButtonBox.ButtonRole.RejectRole)
        self.discard_button = buttons.addButton(_("Discard them"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.back_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
