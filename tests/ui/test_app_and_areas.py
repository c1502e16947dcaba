"""The composition root, the entry points, Today and the not-yet-built areas."""

from __future__ import annotations

import os
import subprocess
import sys
import types
from datetime import date
from pathlib import Path

import pytest

import ui.app
import ui.launcher
from bench_app.domain.enums import CycleType
from tests.ui.conftest import click, plain
from ui.common.placeholder_view import PlaceholderView
from ui.shell.areas import AREAS


@pytest.fixture
def shown_errors(monkeypatch):
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(ui.app, "show_error", lambda title, text: shown.append((title, text)))
    return shown


def test_run_gui_explains_a_database_it_cannot_open(qtbot, tmp_path, shown_errors):
    not_a_db = tmp_path / "notes.db"
    not_a_db.write_bytes(b"this is not a database" * 100)
    assert ui.app.run_gui(f"sqlite:///{not_a_db}") == 1
    (title, text), = shown_errors
    assert title == "Bench cannot open its database" and str(not_a_db) in text


def test_run_gui_on_a_database_without_users_opens_the_first_run_dialog(qtbot, tmp_path, shown_errors,
                                                                      monkeypatch):
    opened = []
    monkeypatch.setattr("ui.shell.error_hook.install", lambda: None)
    monkeypatch.setattr(ui.app, "first_run", lambda services: opened.append(services.users.count_users()))
    assert ui.app.run_gui(f"sqlite:///{tmp_path / 'new.db'}") == 0  # cancelled: leaves quietly
    assert opened == [0] and not shown_errors  # more in tests/ui/test_app_start.py


def test_launcher_hands_the_gui_runner_to_the_cli(monkeypatch):
    seen = {}

    def fake_cli_main(argv=None, gui_runner=None):
        seen["runner"] = gui_runner
        return 7

    monkeypatch.setitem(sys.modules, "bench_app.cli", types.SimpleNamespace(main=fake_cli_main))
    monkeypatch.setattr("bench_app.logs.setup_logging", lambda program: None)  # no log file in the test process
    with pytest.raises(SystemExit) as stop:
        ui.launcher.main()
    assert stop.value.code == 7 and seen["runner"] is ui.launcher.run_gui


def test_launcher_run_gui_starts_the_app_lazily(monkeypatch):
    monkeypatch.setattr(ui.app, "run_gui", lambda url: 3 if url == "sqlite:///x.db" else 0)
    assert ui.launcher.run_gui("sqlite:///x.db") == 3


def test_every_area_is_registered_once_and_none_is_a_placeholder(open_window, team):
    assert [a.key for a in AREAS] == ["today", "patients", "retrieval", "cryo", "icsi", "tanks", "reports", "admin",
                                      "outcomes"]
    window = open_window(team.admin, idle_timeout_ms=600_000)
    for spec in AREAS:
        view = window.show_area(spec.key)
        assert not isinstance(view, PlaceholderView) and window.stack.currentWidget() is view
    window.show_area("reports")
    assert window.nav.currentItem().text() == "Reports"


def test_starting_imports_no_other_area_and_no_pdf_or_print_module():
    """Areas import their views when first opened, and Qt's PDF and print modules load on first use."""
    later = ("ui.patients.patients_view", "ui.retrieval", "ui.cryo", "ui.icsi", "ui.tanks", "ui.reports", "ui.admin.admin_view",
             "ui.printing.print_preview_dialog", "PySide6.QtPdf", "PySide6.QtPdfWidgets", "PySide6.QtPrintSupport",
             "PySide6.QtCharts")
    code = f"import sys, ui.app; print(sorted(m for m in sys.modules if m.startswith({later!r})))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).resolve().parents[2], env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert done.stdout.strip() == "[]"


def test_today_lists_cycles_starting_today_and_opens_the_couple(qtbot, services, team, open_window):
    couple = services.patients.register_couple(team.embryologist, male={
        "mrn": "T-1", "family_name": "Haddad", "given_names": "Karim", "date_of_birth": date(1985, 1, 1)},
        female={"mrn": "T-2", "family_name": "Haddad", "given_names": "Layla", "date_of_birth": date(1987, 1, 1)})
    services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                   start_date=date(2026, 11, 20), notes="OPU 09:30")
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    today = window.show_area("today")
    assert today.title.text() == "Today, 20 November 2026"
    cycles = today.cycles
    assert cycles.model.rowCount() == 1 and cycles.title_label.text() == "Cycles starting (1)"
    assert plain(cycles.model.index(0, 0).data()) == "HADDAD, Karim & HADDAD, Layla"
    click(qtbot, today.next_button)
    assert cycles.model.rowCount() == 0 and not cycles.isVisibleTo(today)
    assert "Cycles starting" in today.nothing.text()
    click(qtbot, today.today_button)
    cycles.table.activated.emit(cycles.table.model().index(0, 0))
    assert window.current_area_key() == "patients"
    assert window.area_widget("patients").couple_view.detail.couple.id == couple.id


def test_an_uncaught_error_is_shown_in_words(qtbot):
    from bench_app.domain.errors import DatabaseUnavailable
    from ui.shell.error_hook import report_exception

    exc = DatabaseUnavailable("The database is busy or locked by another program; try again.")
    box = report_exception(type(exc), exc, None)
    qtbot.addWidget(box)
    assert box.isVisible() and box.text() == str(exc)
    box.close()
