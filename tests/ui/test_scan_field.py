"""The global Scan field: MRNs open the patient, bad and unknown codes are refused in words."""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.codes import ALPHABET, make_code
from tests.ui.conftest import type_into
from ui.qt import Qt


@pytest.fixture
def window(open_window, team):
    return open_window(team.embryologist, idle_timeout_ms=600_000)


def scan(qtbot, window, text: str) -> None:
    """A scanner is a keyboard that types the code and presses Enter."""
    qtbot.keyClick(window, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, window.scan.field, text)
    qtbot.keyClick(window.scan.field, Qt.Key.Key_Return)


def test_ctrl_l_focuses_the_scan_field(qtbot, window):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    window.nav.setFocus()
    qtbot.keyClick(window.nav, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.focusWidget() is window.scan.field
    assert window.scan.field.placeholderText() == "Scan or type a code / MRN"


def test_scanning_an_mrn_opens_the_patient(qtbot, services, team, window):
    patient = services.patients.register_patient(team.embryologist, mrn="MRN-4711", family_name="Χατζής",
                                                 given_names="Νίκος", date_of_birth=date(1983, 2, 2), sex="male")
    scan(qtbot, window, "mrn-4711")
    assert window.current_area_key() == "patients"
    view = window.area_widget("patients")
    assert view.current_page() is view.patient_view
    assert view.patient_view.detail.patient.id == patient.id
    assert view.patient_view.title.text() == "ΧΑΤΖΗΣ, Νίκος"
    assert window.scan.message.text() == "Opened patient ΧΑΤΖΗΣ, Νίκος (MRN-4711)."
    assert window.scan.field.text() == ""  # ready for the next scan


def test_a_code_failing_its_check_character_is_refused_and_selected(qtbot, window):
    good = make_code("S", 1)
    bad = good[:-1] + next(c for c in ALPHABET if c != good[-1])
    scan(qtbot, window, bad)
    assert window.scan.message.text() == f"'{bad}' fails its check character: it was mistyped or misread."
    assert window.scan.field.selectedText() == bad  # the next scan replaces it
    assert window.current_area_key() == "today"


def test_an_unknown_valid_code_names_what_was_not_found(qtbot, window):
    code = make_code("D", 42)
    scan(qtbot, window, code)
    assert window.scan.message.text() == f"No device has the code {code}."
    assert window.scan.field.selectedText() == code


def test_an_unknown_sample_code_and_plain_text(qtbot, window):
    code = make_code("S", 7)
    scan(qtbot, window, code)
    assert window.scan.message.text() == f"No sample has the code {code}."
    scan(qtbot, window, "nobody")
    assert window.scan.message.text() == "'nobody' is not a known code or MRN."
    type_into(qtbot, window.scan.field, "x")
    assert window.scan.message.text() == ""  # typing again clears the old complaint


def test_scanning_a_sample_opens_its_procedure(qtbot, services, team, clock, window):
    from tests.services.retrieval_fixtures import make_procedure, receive

    couple, _cycle, proc = make_procedure(services, team, clock)
    receive(services, team, clock, proc, site="left upper pole")
    sample = receive(services, team, clock, proc, site="right mid pole")
    scan(qtbot, window, sample.code.lower())
    assert window.current_area_key() == "retrieval"
    view = window.area_widget("retrieval")
    assert view.current_page() is view.procedure_view
    assert view.procedure_view.detail.procedure.id == proc.id
    assert view.procedure_view.selected_sample().id == sample.id
    assert window.scan.message.text() == (f"Opened Sample {sample.code} of ÇELIK, İbrahim (M-200) "
                                          f"in Sperm retrieval.")
