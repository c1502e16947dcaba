"""A file dialog shown on the live database's folder must not release the database's locks.

Qt's own file dialog reads each listed file to guess its type; on Linux closing that read
descriptor drops every POSIX lock the process holds on the file, so another workstation's
process (or a backup run) then deletes the -wal this one still writes to (ui.common.file_dialogs).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ui.common.file_dialogs import file_dialog
from ui.printing.file_choice import QtFileChooser
from ui.qt import QFileDialog, QWidget

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX advisory locks")


def _live_database(folder: Path) -> sqlite3.Connection:
    connection = sqlite3.connect(folder / "bench.db", isolation_level=None)
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("CREATE TABLE t (x INTEGER)")
    connection.execute("INSERT INTO t VALUES (1)")
    connection.execute("SELECT count(*) FROM t").fetchone()
    return connection


def _show_listing(qtbot, dialog: QFileDialog) -> None:
    """Open the dialog and let its model list (and, unprotected, sniff) every file of the folder."""
    dialog.open()
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:  # the listing and the icon lookups run on Qt's gatherer thread
        qtbot.wait(50)
    dialog.close()


def _another_process_opens_and_closes(database: Path) -> None:
    subprocess.run([sys.executable, "-c", "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                    "c.execute('SELECT count(*) FROM t').fetchone(); c.close()", str(database)], check=True)


def test_the_app_s_file_dialog_keeps_the_database_locks(qtbot, tmp_path):
    connection = _live_database(tmp_path)
    parent = QWidget()
    qtbot.addWidget(parent)
    QtFileChooser(folder=tmp_path).save_path(parent, "Save the report", "report.pdf", "PDF (*.pdf)", lambda _p: None)
    _show_listing(qtbot, parent.active_file_dialog)

    _another_process_opens_and_closes(tmp_path / "bench.db")

    assert (tmp_path / "bench.db-wal").exists(), "the other process took itself for the last user and removed -wal"
    connection.execute("INSERT INTO t VALUES (2)")
    seen = sqlite3.connect(tmp_path / "bench.db").execute("SELECT count(*) FROM t").fetchone()[0]
    assert seen == 2  # a write after the dialog reaches other readers
    connection.close()


def test_a_plain_qt_file_dialog_would_release_them(qtbot, tmp_path):
    """The hazard the module guards against, shown with Qt's dialog as it comes."""
    connection = _live_database(tmp_path)
    plain = QFileDialog(None, "Plain", str(tmp_path))
    plain.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    _show_listing(qtbot, plain)

    _another_process_opens_and_closes(tmp_path / "bench.db")

    assert not (tmp_path / "bench.db-wal").exists()
    connection.close()


def test_every_file_dialog_of_the_app_comes_from_the_safe_factory():
    ui = Path(__file__).resolve().parents[2] / "ui"
    makers = [str(p.relative_to(ui)) for p in ui.rglob("*.py")
              if "QFileDialog(" in p.read_text(encoding="utf-8") or "QFileDialog.get" in p.read_text(encoding="utf-8")]
    assert makers == ["common/file_dialogs.py"]


def test_the_safe_factory_names_types_from_suffixes(qtbot, tmp_path):
    dialog = file_dialog(None, "x", str(tmp_path))
    assert dialog.testOption(QFileDialog.Option.DontUseNativeDialog)
    from ui.qt import QFileInfo
    (tmp_path / "a.pdf").write_bytes(b"%PDF-1.7")
    assert dialog.icon_provider.type(QFileInfo(str(tmp_path / "a.pdf"))) == "PDF file"
    assert dialog.icon_provider.type(QFileInfo(str(tmp_path))) == "Folder"
