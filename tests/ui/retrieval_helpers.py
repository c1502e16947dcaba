"""Helpers for the retrieval UI tests: open the area, fill a witness panel, pick from combos."""

from __future__ import annotations

from datetime import date

import pytest

from bench_app.domain.enums import CycleType
from tests.ui.conftest import click, type_into
from ui.qt import QDialog, Qt


@pytest.fixture
def retrieval(open_window, team):
    """The Sperm retrieval area of a window signed in as emma (an embryologist)."""
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    return window.show_area("retrieval")


def couple_with_cycle(services, team, clock, mrn="M-200", family="Çelik", given="İbrahim", diagnosis="NOA"):
    couple = services.patients.register_couple(
        team.embryologist,
        male=dict(mrn=mrn, family_name=family, given_names=given, date_of_birth=date(1983, 4, 4)),
        female=dict(mrn=mrn + "F", family_name=family, given_names="Elif", date_of_birth=date(1986, 6, 6)))
    cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                           start_date=clock.now.date())
    if diagnosis:
        services.patients.record_diagnosis(team.embryologist, patient_id=couple.male.id, azoospermia_type=diagnosis,
                                           etiology="idiopathic", diagnosed_on=date(2026, 1, 5), notes="")
    return couple, cycle


def witness(qtbot, panel, username="eli", pin="3333", tick=True) -> None:
    """The witness signs in on the panel and ticks every identifier they read."""
    type_into(qtbot, panel.username, username)
    type_into(qtbot, panel.secret, pin)
    if tick:
        for box, _text in panel.boxes:
            if not box.isChecked():  # Space, as at the keyboard (a click may miss a wide box's label)
                box.setFocus()
                qtbot.keyClick(box, Qt.Key.Key_Space)


def choose(qtbot, combo, key: str) -> None:
    """Pick from a combo box by typing its first letter, as a person at the keyboard does."""
    combo.setFocus()
    qtbot.keyClicks(combo, key)


def set_count(qtbot, spin, value: int) -> None:
    spin.setFocus()
    spin.selectAll()
    qtbot.keyClicks(spin, str(value))


def accepted(dialog) -> bool:
    return dialog.result() == QDialog.DialogCode.Accepted and not dialog.isVisible()


def press_enter(qtbot, widget) -> None:
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def shown_errors(dialog) -> list[str]:
    """Every error line the dialog shows, for assertion messages."""
    from ui.qt import QLabel
    return [label.text() for label in dialog.findChildren(QLabel)
            if label.styleSheet().startswith("color: #b3261e") and label.text()]
