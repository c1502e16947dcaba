"""Choosing a file to save to or to open, without blocking: replaceable in tests.

The dialogs call ``chooser.save_path(...)`` or ``chooser.open_path(...)`` with a callback
that receives the chosen path. The real chooser opens a window-modal QFileDialog with
``open()`` (never ``exec()``); a test passes an object with the same two methods that
answers at once with a path in its temporary folder.
"""

from __future__ import annotations

from bench_app.i18n import _l
from pathlib import Path
from typing import Callable, Protocol

from ui.common.file_dialogs import file_dialog
from ui.qt import QFileDialog, QWidget

PDF_FILTER = _l("PDF documents (*.pdf)")
PDF_SUFFIX = "pdf"  # the file name's extension, not a word
Chosen = Callable[[str], None]


class FileChooser(Protocol):
    def save_path(self, parent: QWidget, caption: str, suggested_name: str, name_filter: str,
                  on_chosen: Chosen) -> None: ...

    def open_path(self, parent: QWidget, caption: str, name_filter: str, on_chosen: Chosen) -> None: ...


class QtFileChooser:
    """A file dialog that never reads the files it lists (ui.common.file_dialogs), opened window-modal; the dialog is kept as ``parent.active_file_dialog``."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder

    def _dialog(self, parent: QWidget, caption: str, name_filter: str, on_chosen: Chosen) -> QFileDialog:
        dialog = file_dialog(parent, str(caption), str(self.folder or Path.home()), str(name_filter))
        dialog.fileSelected.connect(lambda path: path and on_chosen(path))
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        parent.active_file_dialog = dialog
        return dialog

    def save_path(self, parent: QWidget, caption: str, suggested_name: str, name_filter: str,
                  on_chosen: Chosen) -> None:
        dialog = self._dialog(parent, caption, name_filter, on_chosen)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        dialog.setDefaultSuffix(PDF_SUFFIX)
        dialog.selectFile(suggested_name)
        dialog.open()

    def open_path(self, parent: QWidget, caption: str, name_filter: str, on_chosen: Chosen) -> None:
        dialog = self._dialog(parent, caption, name_filter, on_chosen)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.open()
