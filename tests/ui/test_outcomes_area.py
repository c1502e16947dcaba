"""The Outcomes area on the real widgets: a year, a breakdown, the service's numbers, the records behind
a figure, one record opened, the table exported as CSV and XLSX and read back, the quality report previewed."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.services.outcomes_fixtures import YEAR, enter_clinic_year
from tests.services.retrieval_fixtures import eli_witness
from tests.ui.conftest import click
from ui.qt import QEvent, QObject, Qt, QWidget


class SavingChooser:
    def __init__(self, folder: Path):
        self.folder = folder
        self.saved: list[Path] = []

    def save_path(self, parent, caption, suggested_name, name_filter, on_chosen):
        path = self.folder / suggested_name
        self.saved.append(path)
        on_chosen(str(path))

    def open_path(self, parent, caption, name_filter, on_chosen):  # pragma: no cover - not used here
        raise AssertionError("nothing is opened here")


@pytest.fixture
def area(qtbot, services, team, open_window):
    enter_clinic_year(services, team.embryologist, eli_witness())
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    view = window.show_area("outcomes")
    qtbot.waitUntil(lambda: view.figures is not None and not view.reader.busy, timeout=30_000)
    return window, view


def wait_read(qtbot, view):
    qtbot.waitUntil(lambda: not view.reader.busy, timeout=30_000)


def row_of(view, indicator, **stratum):
    for r in view.model.rows():
        if r.value.indicator == indicator and all(r.stratum(k) == v for k, v in stratum.items()):
            return r
    raise AssertionError(f"no row {indicator} {stratum}")


def cell(view, row, header):
    model = view.table.model()
    col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == header)
    r = model.rows().index(row)
    return model.index(r, col).data()


def test_a_supervisor_reads_the_micro_tese_rate_per_surgeon_against_last_year(qtbot, services, team, area,
                                                                              tmp_path):
    window, view = area
    # A new period: the year of the clinic's figures, against the year before.
    view.year.setValue(YEAR)
    wait_read(qtbot, view)
    assert view.period() == (date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert view.compare.isChecked() and f"against {YEAR - 1}" in view.status.text()
    # Break down by procedure type, OA/NOA and surgeon; keep micro-TESE in NOA.
    for dim in ("procedure_type", "diagnosis", "surgeon"):
        view.breakdown_actions[dim].trigger()
        wait_read(qtbot, view)
    assert view.breakdown() == ("procedure_type", "diagnosis", "surgeon")
    drawn = view._charts_drawn
    view.set_only(procedure_type="micro-TESE", diagnosis="NOA")
    assert view._charts_drawn == drawn + 2     # two filters, two table changes: the charts drawn once for each
    expected = services.outcomes.report(team.supervisor, start=date(YEAR, 1, 1), end=date(YEAR, 12, 31),
                                        by=("procedure_type", "diagnosis", "surgeon"))
    want = next(v for v in expected.values if v.indicator == "srr_procedure")
    row = row_of(view, "srr_procedure", procedure_type="micro-TESE", diagnosis="NOA", surgeon="Dr. Aydin")
    assert (want.numerator, want.denominator) == (13, 23)
    assert cell(view, row, "n/N") == "13/23"
    assert cell(view, row, "Rate") == "56.5%"
    assert cell(view, row, "95% CI") == f"{100 * want.low:.1f}%–{100 * want.high:.1f}%"
    assert cell(view, row, f"{YEAR - 1} n/N") == "—"   # no retrievals the year before
    assert all(r.stratum("procedure_type") == "micro-TESE" for r in view.model.rows())
    # The charts show the selected figure: its trend per quarter and its comparison per surgeon.
    view.table.selectRow(view.model.rows().index(row))
    assert view.trend_chart.data.title == "Sperm retrieval rate per procedure"
    assert "per quarter" in view.trend_chart.chart().title()  # on the line under the indicator
    assert f"{YEAR}-Q1" in view.trend_chart.data.categories
    assert view.comparison_chart.data.categories == ("Dr. Aydin",)
    point = view.comparison_chart.data.series[0].points[0]
    assert (point.rate, point.label) == (want.rate, "13/23")

    # The records behind the figure; one of them opens in Sperm retrieval.
    click(qtbot, view.records_button)
    dialog = view.active_dialog
    qtbot.waitUntil(lambda: not dialog.reader.busy, timeout=30_000)
    numerator, denominator = (dialog.lists[p][1] for p in ("numerator", "denominator"))
    assert numerator.rowCount() == 13 and denominator.rowCount() == 23
    records = services.outcomes.records(team.supervisor, "srr_procedure", start=date(YEAR, 1, 1),
                                        end=date(YEAR, 12, 31), stratum=row.value.stratum)
    assert [r.id for r in numerator.rows()] == [r.id for r in records.numerator]
    table = dialog.lists["numerator"][2]
    table.selectRow(0)
    dialog.open_selected(table)
    assert dialog.opened == records.numerator[0]
    assert window.current_area_key() == "retrieval"
    retrieval = window.area_widget("retrieval")
    assert retrieval.current_page() is retrieval.procedure_view
    assert retrieval.procedure_view.detail.procedure.id == records.numerator[0].id

    # Export the table on screen, then read both files back.
    window.show_area("outcomes")
    chooser = SavingChooser(tmp_path)
    view.exporter.file_chooser = chooser
    click(qtbot, view.exporter.buttons["csv"])
    click(qtbot, view.exporter.buttons["xlsx"])
    csv_path, xlsx_path = chooser.saved
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8-sig"))))
    srr = next(r for r in rows if r["Indicator"] == "Sperm retrieval rate per procedure")
    assert (srr["Procedure"], srr["OA/NOA"], srr["Surgeon"], srr["n/N"], srr["Rate"]) == \
        ("micro-TESE", "Non-obstructive (NOA)", "Dr. Aydin", "13/23", "56.5%")  # the table as shown
    assert len(rows) == view.model.rowCount()
    sheet = load_workbook(xlsx_path).active
    headers = [c.value for c in sheet[3]]
    values = [[c.value for c in r] for r in sheet.iter_rows(min_row=4)]
    assert headers[:4] == ["Indicator", "Procedure", "OA/NOA", "Surgeon"]
    assert ["Sperm retrieval rate per procedure", "micro-TESE", "Non-obstructive (NOA)", "Dr. Aydin", "13/23", "56.5%"] == \
        values[[v[0] for v in values].index("Sperm retrieval rate per procedure")][:6]
    assert "Saved" in view.message.text()


def test_the_charts_follow_the_row_clicked_and_the_row_moved_to(qtbot, area):
    """A click moves the current row before it selects: the charts draw the row clicked, not the one before."""
    window, view = area
    view.year.setValue(YEAR)
    wait_read(qtbot, view)
    titles = [r.value.title for r in view.model.rows()]
    for row in (1, 3):
        rect = view.table.visualRect(view.model.index(row, 0))
        qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        assert view.trend_chart.data.title == titles[row]
    view.table.setFocus()
    qtbot.keyClick(view.table, Qt.Key.Key_Down)                    # the keyboard as well
    assert view.trend_chart.data.title == titles[4]


def test_the_quality_report_is_previewed_from_the_area(qtbot, area):
    window, view = area
    view.year.setValue(YEAR)
    wait_read(qtbot, view)
    click(qtbot, view.report_button)
    qtbot.waitUntil(lambda: view.active_dialog is not None, timeout=60_000)
    dialog = view.active_dialog
    assert dialog.windowTitle() == f"Print preview — Quality report {YEAR}"
    assert dialog.content.startswith(b"%PDF")
    dialog.reject()


def test_a_wrong_range_is_said_beside_the_period(qtbot, area):
    _, view = area
    view.set_period("range", start=date(YEAR, 5, 1), end=date(YEAR, 4, 1))
    assert "ends before it starts" in view.message.text()


def test_early_in_a_year_the_area_opens_on_the_year_before(qtbot, services, team, open_window, clock):
    from datetime import datetime, timezone

    clock.now = datetime(YEAR + 1, 1, 5, 9, 0, tzinfo=timezone.utc)
    enter_clinic_year(services, team.embryologist, eli_witness())
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    view = window.show_area("outcomes")
    qtbot.waitUntil(lambda: view.figures is not None and not view.reader.busy, timeout=30_000)
    assert view.year.value() == YEAR and view.period() == (date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert f"Nothing recorded in {YEAR + 1} yet" in view.message.text()
    assert row_of(view, "srr_procedure").value.denominator == 23


def test_in_arabic_the_area_reads_right_to_left_with_a_figure_chosen_and_charted(qtbot, services, team, open_window):
    from ui.common.i18n import install_language

    enter_clinic_year(services, team.embryologist, eli_witness())
    install_language("ar")
    try:
        window = open_window(team.supervisor, idle_timeout_ms=600_000)
        view = window.show_area("outcomes")
        qtbot.waitUntil(lambda: view.figures is not None and not view.reader.busy, timeout=30_000)
        view.set_period("year", YEAR)
        wait_read(qtbot, view)
        view.set_breakdown("population")
        wait_read(qtbot, view)
        assert view.layoutDirection() == Qt.LayoutDirection.RightToLeft
        chosen = view.selected_value()  # QTableView.selectRow selects nothing right to left
        assert chosen is not None and view.trend_chart.data is not None
        assert view.trend_chart.data.title == chosen.title != ""
        assert "حسب ربع السنة" in view.trend_chart.chart().title()
        headers = [view.table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(3)]
        assert headers[:2] == ["المؤشر", "المجموعة السكانية"]
    finally:
        install_language("en")


def test_the_area_shown_again_while_its_figures_are_read_waits_for_that_read(qtbot, services, team, open_window,
                                                                             monkeypatch):
    """Opened, left and opened again before its figures arrive: one read, not another started over it."""
    import threading

    import ui.outcomes.outcomes_view as outcomes_view

    enter_clinic_year(services, team.embryologist, eli_witness())
    reads, release, real = [], threading.Event(), outcomes_view.read_figures

    painted = []

    class PaintSeen(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                painted.append(len(reads))
            return False

    def slow_read(*args):
        reads.append(args[2:4])
        release.wait(30)
        return real(*args)

    monkeypatch.setattr(outcomes_view, "read_figures", slow_read)
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    seen = PaintSeen()
    view = window.show_area("outcomes")                            # built and shown; drawn by the event loop
    for widget in (view, *view.findChildren(QWidget)):
        widget.installEventFilter(seen)
    assert view.status.text() == "Reading the figures…" and not reads   # said at once, read once drawn
    qtbot.waitUntil(lambda: len(reads) == 1, timeout=10_000)
    assert painted and painted[0] == 0                             # the area was drawn before its read began
    for _ in range(3):
        window.show_area("today")
        assert window.show_area("outcomes") is view
    assert view.reader.busy and view.status.text() == "Reading the figures…"
    release.set()
    qtbot.waitUntil(lambda: view.figures is not None and not view.reader.busy, timeout=30_000)
    # No period was read twice (a year with nothing recorded yet moves on to the year before: a second period).
    assert len(reads) == len(set(reads)) and view.model.rowCount() > 0
    done = len(reads)
    window.show_area("today")
    window.show_area("outcomes")                                   # read once: shown again, nothing is read
    assert len(reads) == done and not view.reader.busy
