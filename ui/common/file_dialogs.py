"""File dialogs that never open the files they list, so they cannot break the database's locks.

On Linux and macOS SQLite's locks are POSIX advisory locks, which belong to the process and
are all released when the process closes *any* descriptor of the locked file. Qt's file
dialog guesses each listed file's type from its content (QMimeDatabase), so showing the
folder of the live database opens and closes ``bench.db``, ``-wal`` and ``-shm``: from then
on another process believes it is the last one using the database, checkpoints, and deletes
the ``-wal`` this process still writes to, and those writes are lost. (SQLite's own notes:
"How To Corrupt An SQLite Database File", section 2.2.)

Every file dialog of the app therefore comes from :func:`file_dialog`: Qt's own dialog (a
platform dialog would sniff content in-process as well) with an icon provider that names a
file's type from its suffix alone, without reading it.
"""

from __future__ import annotations

import sys

from ui.qt import QAbstractFileIconProvider, QApplication, QFileDialog, QFileInfo, QIcon, QStyle, QWidget


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from what a directory listing says, never from a file's bytes."""

    def icon(self, what) -> QIcon:  # noqa: D401 - Qt's overloads: (IconType) and (QFileInfo)
        if isinstance(what, QFileInfo):
            pixmap = QStyle.StandardPixmap.SP_DirIcon if what.isDir() else QStyle.StandardPixmap.SP_FileIcon
            return QApplication.style().standardIcon(pixmap)
        return super().icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        suffix = info.suffix()
        return f"{suffix.upper()} file" if suffix else "File"


def file_dialog(parent: QWidget | None, caption: str, folder: str, name_filter: str = "") -> QFileDialog:
    """A window's file dialog that is safe to point at the database's own folder."""
    dialog = QFileDialog(parent, caption, folder, name_filter)
    if sys.platform != "win32":  # Windows locks belong to a handle, not the process: its own dialog is safe
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.icon_provider = NameOnlyIconProvider()  # kept alive with the dialog
    dialog.setIconProvider(dialog.icon_provider)
    return dialog
