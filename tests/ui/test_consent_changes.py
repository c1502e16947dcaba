"""Consent changes from the patient's page reach the stored devices (issue 14): extending storage moves their
expiry; withdrawing puts them on the supervisor's list in Cryo › Under review, where a decision is recorded."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bench_app.domain.enums import DeviceStatus
from bench_app.persistence.models import DeviceReview
from tests.services.cryo_fixtures import canes_of, freeze_ejaculate, patient, small_tank
from tests.ui.conftest import click, type_into
from tests.ui.retrieval_helpers import accepted, shown_errors


def stored_man(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    canes = canes_of(services, tank.id)
    man, _, consent = patient(services, team, clock, expiry_days=30)
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2)])
    return man, consent, frozen.devices


def test_extending_storage_on_the_patient_page_moves_the_devices_expiry(qtbot, services, team, clock, open_window):
    man, consent, devices = stored_man(services, team, clock)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    page = window.show_area("patients")
    page.show_patient(man.id)
    view = page.patient_view
    assert view.extend_button.isEnabled()
    click(qtbot, view.extend_button)
    dialog = view.active_dialog
    later = consent.storage_expiry + timedelta(days=3 * 365)
    type_into(qtbot, dialog.when, later.isoformat())
    click(qtbot, dialog.ok_button)                                   # no reason: refused next to the field
    assert not accepted(dialog) and "Say why" in dialog.error_text("reason")
    type_into(qtbot, dialog.reason, "extension form signed by the patient")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert [d.storage_expiry for d in services.cryo.patient_devices(man.id)] == [later, later]


def test_withdrawing_consent_lists_the_devices_for_the_supervisor_and_discards_nothing(
        qtbot, services, team, clock, open_window):
    man, consent, devices = stored_man(services, team, clock)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    page = window.show_area("patients")
    page.show_patient(man.id)
    view = page.patient_view
    click(qtbot, view.withdraw_button)
    dialog = view.active_dialog
    from ui.qt import QLabel
    assert any(label.text().startswith("storage, treatment") for label in dialog.findChildren(QLabel))
    type_into(qtbot, dialog.reason, "letter from the patient, 2026-11-18")
    click(qtbot, dialog.ok_button)
    assert accepted(dialog), shown_errors(dialog)
    assert not view.withdraw_button.isEnabled()                      # nothing left to withdraw
    assert all(d.status == DeviceStatus.STORED for d in services.cryo.patient_devices(man.id))

    boss = open_window(team.supervisor, idle_timeout_ms=600_000)
    cryo = boss.show_area("cryo")
    cryo.tabs.setCurrentWidget(cryo.reviews_view)
    reviews = cryo.reviews_view
    assert cryo.tabs.tabText(cryo.tabs.indexOf(reviews)) == "Under review (2)"
    assert reviews.model.rowCount() == 2
    assert reviews.model.index(0, reviews.model.Column.DEVICE).data() == devices[0].code
    assert "withdrawn on" in reviews.model.index(0, reviews.model.Column.REASON).data()
    click(qtbot, reviews.close_button)
    decide = reviews.active_dialog
    type_into(qtbot, decide.outcome, "discard requested with the patient's letter")
    click(qtbot, decide.ok_button)
    assert accepted(decide), shown_errors(decide)
    assert reviews.model.rowCount() == 1
    with services.db.read() as s:
        closed = s.execute(select(DeviceReview).where(DeviceReview.closed_at.is_not(None))).scalar_one()
    assert (closed.closed_by, closed.outcome) == (team.supervisor.id, "discard requested with the patient's letter")
    # an embryologist sees the list but does not decide
    cryo_e = window.show_area("cryo")
    cryo_e.tabs.setCurrentWidget(cryo_e.reviews_view)
    assert not cryo_e.reviews_view.close_button.isVisible()
