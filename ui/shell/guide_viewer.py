"""The user guide inside Bench: F1 opens the page for the area on screen, in the person's language.

The guide is plain HTML pages built from docs/guide/<lang>/*.md by `make guide` into
``resources/guide/<lang>/<page>.html`` (shipped in the installer with the rest of ``resources/``), so
it opens offline, with nothing but Qt's QTextBrowser: links between pages and the screenshots beside
them work as in a browser. A page missing in the person's language is shown in English.

The window has no parent, so that a form open in front of Bench (window-modal) does not block it: the
person reads the guide while the form waits. F1 is the main window's shortcut; inside a form, where the
main window's shortcuts do not reach, ``GuideKey`` catches it for the same page.
"""

from __future__ import annotations

from pathlib import Path

from bench_app import i18n
from bench_app.i18n import _, pgettext
from bench_app.resources_path import resources_dir
from ui.common.screen_fit import room_for_dialogs
from ui.qt import QDialog, QEvent, QGuiApplication, QHBoxLayout, QObject, Qt, QPushButton, QSize, QTextBrowser, QUrl, QVBoxLayout, QWidget

CONTENTS = "index"  # the guide's first page: every area and topic
_KEY_PRESS = QEvent.Type.KeyPress


def guide_dir() -> Path:
    return resources_dir() / "guide"


def guide_page(page: str | None, lang: str | None = None) -> Path | None:
    """The built page ``page`` (an area's key, or a topic) in ``lang``, else in English, else the contents."""
    lang = i18n.primary(lang or i18n.language())
    for name in (page, CONTENTS):
        if not name:
            continue
        for code in dict.fromkeys((lang, i18n.SOURCE_LANGUAGE)):
            path = guide_dir() / code / f"{name}.html"
            if path.is_file():
                return path
    return None


class GuideViewer(QDialog):
    """A window beside the main one (not modal: the person reads while they work)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)  # Bench gives it none (see the module's docstring)
        self.setObjectName("guideViewer")
        self.setWindowTitle(_("Bench user guide"))
        self.setModal(False)
        room = room_for_dialogs(self)  # a 768 px screen, or 150% scaling, has less room than the page wants
        self.resize(QSize(min(900, room.width()), min(780, room.height())))
        layout = QVBoxLayout(self)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(True)
        self.browser.setOpenExternalLinks(False)  # offline: nothing leaves the workstation
        layout.addWidget(self.browser, 1)
        row = QHBoxLayout()
        self.back_button = QPushButton(_("‹ Back"), self)
        self.back_button.clicked.connect(self.browser.backward)
        self.browser.backwardAvailable.connect(self.back_button.setEnabled)
        self.back_button.setEnabled(False)
        self.contents_button = QPushButton(pgettext("user guide", "Contents"), self)
        self.contents_button.clicked.connect(lambda: self.open_page(CONTENTS))
        close = QPushButton(_("Close"), self)
        close.clicked.connect(self.close)
        row.addWidget(self.back_button)
        row.addWidget(self.contents_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)
        self.page: Path | None = None

    def open_page(self, page: str | None) -> Path | None:
        """Show ``page`` (see ``guide_page``) and bring the window forward; None when the guide is not built."""
        path = guide_page(page)
        self.page = path
        if path is None:
            self.browser.setHtml("<p>{}</p>".format(_(
                "The user guide is not installed on this workstation. Ask IT to install Bench again.")))
        else:
            self.browser.setSource(QUrl.fromLocalFile(str(path)))
        self.show()
        if QGuiApplication.platformName() != "offscreen":  # a window behind the main one comes forward
            self.raise_()
        self.activateWindow()
        return path

    def current_file(self) -> Path | None:
        url = self.browser.source()
        return Path(url.toLocalFile()) if url.isLocalFile() else None


class GuideKey(QObject):
    """F1 pressed in a form of ``window`` (a dialog owned by one of its views) opens the guide as F1 does there."""

    def __init__(self, window, parent: QObject | None = None):
        super().__init__(parent or window)
        self.window = window

    def eventFilter(self, watched, event) -> bool:
        # Every event of the application passes here: the cheapest test first.
        if event.type() != _KEY_PRESS:
            return False
        if (event.key() == Qt.Key.Key_F1 and event.modifiers() == Qt.KeyboardModifier.NoModifier
                and isinstance(watched, QWidget)
                and self._owned(watched.window()) and not self.window.is_locked):
            self.window.show_guide()
            return True
        return False

    def _owned(self, top: QWidget) -> bool:
        while top is not None:
            if top is self.window:
                return True
            parent = top.parentWidget()
            top = parent.window() if parent is not None else None
        return False
