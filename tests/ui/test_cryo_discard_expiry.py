"""Discards need a supervisor's password; embryologists cannot approve. Expiry lists near and past devices."""

from __future__ import annotations

import pytest

from bench_app.domain.enums import DeviceStatus
from bench_app.domain.errors import PermissionDenied
from bench_app.domain.storage import DiscardStatus
from tests.conftest import PASSWORD
from tests.services.cryo_fixtures import DISCARD_WITNESS, canes_of, freeze_ejaculate, patient, small_tank
from tests.ui.conftest import click, type_into
from tests.ui.retrieval_helpers import accepted, shown_errors, witness
from ui.qt import QColor, Qt


def stored_devices(services, team, clock, n=2, mrn="M-100", expiry_days=3650):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    canes = canes_of(services, tank.id)
    man, _cycle, _ = patient(services, team, clock, mrn=mrn, expiry_days=expiry_days)
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, i + 1) for i in range(n)])
    return tank, canes, man, frozen.devices


def test_embryologist_requests_a_discard_and_a_supervisor_approves_with_their_password(
        qtbot, services, team, clock, open_window):
    tank, canes, man, (d1, d2) = stored_devices(services, team, clock)
    emma = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("cryo")
    search = emma.search_view
    emma.focus_search()
    type_into(qtbot, search.search, "M-100")
    qtbot.keyClick(search.search, Qt.Key.Key_Return)
    assert search.model.rowCount() == 2
    search.table.selectRow(0)
    click(qtbot, emma.discard_button)
    request = emma.active_dialog
    click(qtbot, request.ok_button)                                # no reason, consent not checked
    assert request.isVisible() and request.error_text("reason") and request.error_text("consent_checked")
    type_into(qtbot, request.reason, "storage consent expired; patient informed")
    click(qtbot, request.consent)
    click(qtbot, request.ok_button)
    assert accepted(request), shown_errors(request)
    (pending,) = services.cryo.pending_discard_requests()
    assert [d.id for d in pending.devices] == [d1.id]
    assert services.cryo.get_device(d1.id).stored                 # still stored until approved

    # the embryologist sees the request but has no Approve or Reject
    emma.tabs.setCurrentWidget(emma.discards_view)
    assert emma.tabs.tabText(emma.tabs.currentIndex()) == "Discard requests (1)"
    assert emma.discards_view.model.rowCount() == 1
    assert emma.discards_view.approve_button.isHidden() and emma.discards_view.reject_button.isHidden()
    assert "Only a supervisor or an administrator" in emma.discards_view.summary.text()
    emma.discards_view.approve()                                   # even when asked, nothing opens
    assert emma.discards_view.active_dialog is None
    with pytest.raises(PermissionDenied, match="supervisor or admin"):
        services.cryo.approve_discard(team.embryologist, pending.id, password=PASSWORD, witness=DISCARD_WITNESS)

    sam = open_window(team.supervisor, idle_timeout_ms=600_000).show_area("cryo")
    sam.tabs.setCurrentWidget(sam.discards_view)
    view = sam.discards_view
    assert view.approve_button.isVisible() and view.model.rowCount() == 1
    click(qtbot, view.approve_button)
    approve = view.active_dialog
    # discard is a witness point: without a witness nothing is discarded
    type_into(qtbot, approve.password, PASSWORD)
    click(qtbot, approve.ok_button)
    assert approve.isVisible() and approve.error_text("witness_secret")
    assert [text for _box, text in approve.witness_panel.boxes][-1] == f"Device: {d1.code}"
    witness(qtbot, approve.witness_panel, pin="0000")
    click(qtbot, approve.ok_button)
    assert approve.isVisible() and approve.error_text("witness_secret").startswith("Wrong PIN")
    assert not approve.error_text("password")
    type_into(qtbot, approve.password, "wrong-password")
    type_into(qtbot, approve.witness_panel.secret, "3333")
    click(qtbot, approve.ok_button)
    assert approve.isVisible() and approve.error_text("password") and approve.password.text() == ""
    assert services.cryo.get_discard(pending.id).status == DiscardStatus.REQUESTED
    type_into(qtbot, approve.password, PASSWORD)
    click(qtbot, approve.ok_button)
    assert accepted(approve), shown_errors(approve)
    done = services.cryo.get_discard(pending.id)
    assert done.status == DiscardStatus.APPROVED and done.signed_by == "Sam Supervisor"
    assert done.witnessed_by == "Eli Embryologist"
    (record,) = services.witness.records_for("discard_events", pending.id)
    assert (record.step, record.witness, record.performer) == ("discard", "eli", "sam")
    assert services.cryo.get_device(d1.id).status == DeviceStatus.DISCARDED
    assert view.model.rowCount() == 0 and sam.tabs.tabText(sam.tabs.indexOf(view)) == "Discard requests"
    assert services.storage.get_location(canes[0].id).occupancy_text == "1/5"


def test_a_supervisor_rejects_with_a_reason_and_the_requester_cannot_approve_their_own(
        qtbot, services, team, clock, open_window):
    _tank, _canes, _man, (d1, _d2) = stored_devices(services, team, clock)
    req = services.cryo.request_discard(team.supervisor, device_ids=[d1.id], reason="duplicate",
                                        consent_checked=True)
    sam = open_window(team.supervisor, idle_timeout_ms=600_000).show_area("cryo")
    sam.tabs.setCurrentWidget(sam.discards_view)
    view = sam.discards_view
    click(qtbot, view.approve_button)
    approve = view.active_dialog
    type_into(qtbot, approve.password, PASSWORD)
    click(qtbot, approve.ok_button)
    assert approve.isVisible() and "second person must sign" in approve.general_error.text()
    approve.reject()
    click(qtbot, view.reject_button)
    reject = view.active_dialog
    click(qtbot, reject.ok_button)
    assert reject.isVisible() and reject.error_text("reason")
    type_into(qtbot, reject.reason, "patient wants to keep it")
    click(qtbot, reject.ok_button)
    assert accepted(reject), shown_errors(reject)
    assert services.cryo.get_discard(req.id).status == DiscardStatus.REJECTED
    assert services.cryo.get_device(d1.id).stored


def test_expiry_tab_lists_near_and_past_expiry_devices(qtbot, services, team, clock, open_window):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    canes = canes_of(services, tank.id)
    devices = {}
    for slot, (mrn, days) in enumerate((("E-20", 20), ("E-50", 50), ("E-3", 3), ("E-400", 400)), start=1):
        man, _, _ = patient(services, team, clock, mrn=mrn, expiry_days=days)
        devices[mrn] = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, slot)]).devices[0]
    clock.advance(days=5)                                          # E-3 has expired two days ago
    cryo = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("cryo")
    cryo.tabs.setCurrentWidget(cryo.expiry_view)
    view = cryo.expiry_view
    assert [view.cards[k].text() for k in ("expired", "within_30", "within_60", "within_90")] == ["1", "1", "2", "2"]
    rows = [(r.mrn, r.days_left) for r in view.model.rows()]
    assert rows == [("E-3", -2), ("E-20", 15)]                     # expired first, then within 30 days
    assert view.model.index(0, 1).data() == "expired 2 days ago"
    assert view.model.index(1, 1).data() == "in 15 days"
    expired_colour = view.model.index(0, 2).data(Qt.ItemDataRole.ForegroundRole)
    assert isinstance(expired_colour, QColor) and expired_colour != view.model.index(1, 2).data(
        Qt.ItemDataRole.ForegroundRole)
    assert view.model.index(0, 2).data(Qt.ItemDataRole.BackgroundRole) is not None
    view.set_window(60)
    assert [r.mrn for r in view.model.rows()] == ["E-3", "E-20", "E-50"]
    click(qtbot, view.include_expired)
    assert [r.mrn for r in view.model.rows()] == ["E-20", "E-50"]
    view.table.selectRow(0)
    qtbot.keyClick(view.table, Qt.Key.Key_Return)                  # opens the device and its history
    assert cryo.tabs.currentWidget() is cryo.search_view
    assert cryo.search_view.history.device.id == devices["E-20"].id
