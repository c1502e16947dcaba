"""Export any table on screen as CSV or XLSX: its columns, in its order, with its filter applied.

The cells are read from the view's model (through its sorting/filtering proxy) as displayed;
the core writes the file (bench_app/reports/table_export.py). The path is asked with the
app's non-blocking file chooser, replaceable in tests.
"""

from __future__ import annotations

from pathlib import Path

from bench_app.i18n import _, _l, isolated
from bench_app.reports.table_export import to_csv, to_xlsx
from ui.printing.file_choice import FileChooser, QtFileChooser
from ui.qt import QAbstractItemModel, QPushButton, Qt, QWidget

FORMATS = {"csv": _l("CSV files (*.csv)"), "xlsx": _l("Excel workbooks (*.xlsx)")}


def table_cells(model: QAbstractItemModel) -> tuple[list[str], list[list[str]]]:
    columns = range(model.columnCount())
    headers = [str(model.headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole) or "") for c in columns]
    rows = [[str(model.index(r, c).data(Qt.ItemDataRole.DisplayRole) or "") for c in columns]
            for r in range(model.rowCount())]
    return headers, rows


def table_bytes(model: QAbstractItemModel, fmt: str, title: str, subtitle: str = "") -> bytes:
    headers, rows = table_cells(model)
    return to_csv(headers, rows) if fmt == "csv" else to_xlsx(title, headers, rows, subtitle=subtitle)


def with_suffix(path: str, fmt: str) -> Path:
    """The chosen path with the format's extension (the chooser may have added another)."""
    p = Path(path)
    return p if p.suffix.lower() == f".{fmt}" else p.with_suffix(f".{fmt}")


class TableExporter:
    """Export… buttons for one table: ``model`` read when clicked, ``title`` and ``name`` called then too."""

    def __init__(self, parent: QWidget, model_of, title_of, name_of, on_written=None,
                 file_chooser: FileChooser | None = None):
        self.parent = parent
        self.model_of, self.title_of, self.name_of = model_of, title_of, name_of
        self.on_written = on_written
        self.file_chooser = file_chooser or QtFileChooser()
        self.buttons = {}
        for fmt in FORMATS:
            button = QPushButton(_("Export {format}…").format(format=fmt.upper()), parent)
            button.setObjectName(f"export_{fmt}")
            button.setToolTip(_("Save this table, as shown, as a {format} file").format(format=fmt.upper()))
            button.clicked.connect(lambda _c=False, f=fmt: self.ask(f))
            self.buttons[fmt] = button

    def ask(self, fmt: str) -> None:
        self.file_chooser.save_path(self.parent, _("Export as {format}").format(format=fmt.upper()),
                                    f"{self.name_of()}.{fmt}", str(FORMATS[fmt]), lambda path: self.write(path, fmt))

    def write(self, path: str, fmt: str) -> Path:
        target = with_suffix(path, fmt)
        try:
            target.write_bytes(table_bytes(self.model_of(), fmt, self.title_of()))
        except OSError as exc:
            if self.on_written:
                self.on_written(isolated(_("Could not write {path}: {problem}"), path=str(target), problem=str(exc.strerror or exc)), True)
            return target
        if self.on_written:
            self.on_written(isolated(_("Saved {file} ({format})."), file=target.name, format=fmt.upper()), False)
        return target
