"""Any table as CSV or an Excel workbook: a title, headers and rows of text in, bytes out.

What the screens export (a table exactly as shown: its columns, its order, its filter), written
here in the core so a CSV or workbook from the app reads the same as one from the CLI.
"""

from __future__ import annotations

import csv
import io
from typing import Sequence

Rows = Sequence[Sequence[object]]


def to_csv(headers: Sequence[str], rows: Rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")  # with its BOM, spreadsheet programs read the letters right


def to_xlsx(title: str, headers: Sequence[str], rows: Rows, *, subtitle: str = "") -> bytes:
    from openpyxl import Workbook  # only this export needs it
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = (title[:31] or "Table").replace("/", "-")  # Excel's limit and forbidden characters
    ws.append([title])
    ws["A1"].font = Font(bold=True)
    ws.append([subtitle])
    ws.append(list(headers))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.freeze_panes = "A4"
    for i, header in enumerate(headers, start=1):
        widest = max([len(str(header))] + [len(str(r[i - 1])) for r in rows[:200] if len(r) >= i])
        ws.column_dimensions[get_column_letter(i)].width = min(max(10, widest + 2), 60)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
