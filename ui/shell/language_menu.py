"""Bench > Language: each person chooses their own language; it applies from their next sign-in.

The languages are listed by their own names (Türkçe, العربية), so anyone can find theirs whatever the
window's language. "As this workstation" forgets the person's choice (ui.common.i18n explains the order).
"""

from __future__ import annotations

from bench_app import i18n
from bench_app.i18n import _, isolated
from ui.common.i18n import set_user_language, user_language
from ui.qt import QAction, QMenu, QWidget

FOLLOW = ""  # the action's data for "as this workstation"


class LanguageMenu(QMenu):
    """Checkable languages; ``username()`` says whose choice is kept, ``said(text)`` where the outcome is told."""

    def __init__(self, username, said, parent: QWidget | None = None):
        super().__init__(_("&Language"), parent)
        self.setObjectName("languageMenu")
        self._username, self._said = username, said
        self.language_actions: dict[str, QAction] = {}
        follow = self.addAction(_("As this workstation"))
        follow.setData(FOLLOW)
        self.language_actions[FOLLOW] = follow
        self.addSeparator()
        for code, name in i18n.LANGUAGES.items():
            action = self.addAction(name)
            action.setData(code)
            self.language_actions[code] = action
        for action in self.language_actions.values():
            action.setCheckable(True)
            action.triggered.connect(lambda _checked=False, a=action: self.choose(a.data()))
        self.aboutToShow.connect(self.refresh)

    def refresh(self) -> None:
        chosen = user_language(self._username()) or FOLLOW
        for code, action in self.language_actions.items():
            action.setChecked(code == chosen)

    def choose(self, code: str) -> None:
        set_user_language(self._username(), code or None)
        self.refresh()
        name = i18n.LANGUAGES.get(code) or _("this workstation's language")
        self._said(isolated(_("Bench opens in {language} at your next sign-in."), language=name))
