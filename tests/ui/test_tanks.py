"""The Tanks area: a cane audited by keyboard-wedge scans, what was stored; the nitrogen log and chart."""

from __future__ import annotations

from sqlalchemy import select

from bench_app.domain.codes import make_code
from bench_app.domain.inventory import FindingKind, holder_code
from bench_app.persistence.models import InventoryFinding
from tests.services.inventory_fixtures import audit_lab, emma_witness
from tests.ui.conftest import click, type_into
from ui.qt import Qt


def scan(qtbot, field, text: str) -> None:
    type_into(qtbot, field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)   # a keyboard-wedge scanner ends each code with Enter


def open_tank(window, lab):
    area = window.show_area("tanks")
    assert area.list_view.model.rowCount() == 1
    area.show_tank(lab.tank.id, lab.tank.name)
    return area.tank_view.audit_panel


def test_a_cane_audited_by_scans_stores_each_finding(qtbot, services, team, clock, open_window):
    lab = audit_lab(services, team, clock)
    audit = services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id, witness=emma_witness())
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    panel = open_tank(window, lab)
    assert panel.scan.isEnabled() and f"Audit #{audit.id}" in panel.status.text()
    cane = lab.canes[0]
    scan(qtbot, panel.scan, holder_code(cane.id).lower())     # typed in lower case, as some scanners send
    assert panel.cane is not None and panel.cane.holder.id == cane.id
    assert panel.expected.rowCount() == 3 and panel.scan.text() == ""
    scan(qtbot, panel.scan, lab.a_devices[0].code)
    assert "found where expected" in panel.message.text()
    scan(qtbot, panel.scan, lab.b_devices[0].code)
    assert "another patient's device" in panel.message.text()
    bad = lab.a_devices[1].code[:-1] + ("A" if lab.a_devices[1].code[-1] != "A" else "B")
    scan(qtbot, panel.scan, bad)
    assert "check character" in panel.message.text() and panel.scan.text() == bad  # kept to correct
    scan(qtbot, panel.scan, make_code("D", 424_242))
    assert "unknown code" in panel.message.text()
    assert [panel.expected.index(r, 5).data() for r in range(3)] == ["✓ found", "", ""]
    click(qtbot, panel.finish_button)
    assert "2 expected devices not found" in panel.message.text()
    with services.db.read() as s:
        stored = s.execute(select(InventoryFinding.observed_code, InventoryFinding.discrepancy)
                           .where(InventoryFinding.audit_id == audit.id).order_by(InventoryFinding.id)).all()
    assert [k for _, k in stored] == [FindingKind.FOUND, FindingKind.OTHER_PATIENT, FindingKind.UNKNOWN,
                                      FindingKind.MISSING, FindingKind.MISSING]
    assert stored[0][0] == lab.a_devices[0].code and stored[1][0] == lab.b_devices[0].code
    assert panel.discrepancies.rowCount() == 4
    assert panel.holders.index(0, 4).data() == "checked"


def test_reason_and_resolution_through_the_dialogs(qtbot, services, team, clock, open_window):
    lab = audit_lab(services, team, clock)
    audit = services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id, witness=emma_witness())
    services.inventory.take_out_cane(team.supervisor, audit.id, lab.canes[2].id)
    services.inventory.register_scan(team.supervisor, audit.id, lab.canes[2].id, lab.a_devices[0].code)
    window = open_window(team.supervisor, idle_timeout_ms=600_000)
    panel = open_tank(window, lab)
    panel.discrepancies_table.selectRow(0)
    click(qtbot, panel.explain_button)
    dialog = panel.active_dialog
    dialog.reason.setCurrentIndex(dialog.reason.findData("misfiled"))
    dialog.note.setPlainText("on cane 3 instead of cane 1")
    click(qtbot, dialog.ok_button)
    panel.discrepancies_table.selectRow(0)
    click(qtbot, panel.resolve_button)
    dialog = panel.active_dialog
    dialog.resolution.setCurrentIndex(dialog.resolution.findData("record_move"))
    type_into(qtbot, dialog.note, "left on cane 3")
    type_into(qtbot, dialog.witness_panel.username, "emma")
    type_into(qtbot, dialog.witness_panel.secret, "2222")
    for box, _ in dialog.witness_panel.boxes:
        box.setChecked(True)
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    (f,) = services.inventory.findings(audit.id)
    assert f.reason == "misfiled" and f.resolution == "record_move"
    assert services.cryo.get_device(lab.a_devices[0].id).location_id == lab.canes[2].id


def test_nitrogen_reading_below_threshold_is_shown_and_charted(qtbot, services, team, clock, open_window):
    lab = audit_lab(services, team, clock)
    services.nitrogen.set_tank_care(team.supervisor, lab.tank.id, level_unit="cm", alarm_threshold=20,
                                    full_level=60, reading_interval_hours=48, audit_interval_days=365)
    services.nitrogen.record_reading(team.embryologist, lab.tank.id, level=40)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    area = window.show_area("tanks")
    area.show_tank(lab.tank.id, lab.tank.name, tab=1)
    panel = area.tank_view.nitrogen_panel
    assert panel.alerts.isHidden()
    panel.level.setValue(17.5)
    click(qtbot, panel.reading_button)
    assert "Incident #" in panel.message.text()
    assert "below the alarm threshold" in panel.alerts.text() and not panel.alerts.isHidden()
    assert len(panel.chart.points()) == 2 and panel.log.rowCount() == 2
    image = panel.chart.grab()
    assert not image.isNull()
    click(qtbot, area.back_button)
    assert "below the alarm threshold" in area.list_view.model.index(0, 4).data()


def test_low_nitrogen_and_an_overdue_audit_are_on_today_and_the_worksheet(qtbot, services, team, clock, open_window):
    from tests.reports.pdf_reading import pages_text

    lab = audit_lab(services, team, clock)
    services.nitrogen.set_tank_care(team.supervisor, lab.tank.id, level_unit="%", alarm_threshold=30,
                                    full_level=100, reading_interval_hours=24, audit_interval_days=1)
    services.nitrogen.record_reading(team.embryologist, lab.tank.id, level=25)
    clock.advance(days=1, hours=1)
    window = open_window(team.embryologist, idle_timeout_ms=600_000)
    today = window.show_area("today")
    text = today.tank_alert.text()
    assert not today.tank_alert.isHidden()
    assert "Tank A: level 25% is below the alarm threshold 30%" in text and "tank audit overdue" in text
    assert "last reading" in text
    doc = services.worksheet.pdf(team.supervisor, today.day)
    sheet = " ".join(" ".join(pages_text(doc.content)).split())
    assert "Tanks: liquid nitrogen and audits" in sheet and "level 25% is below the alarm threshold 30%" in sheet
    assert "audit overdue" in sheet


def test_the_storage_map_shows_each_tanks_last_audit_and_each_canes_code(qtbot, services, team, clock, open_window):
    lab = audit_lab(services, team, clock)
    audit = services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id, witness=emma_witness())
    for cane in lab.canes:
        services.inventory.take_out_cane(team.supervisor, audit.id, cane.id)
        for d in (lab.a_devices if cane.id == lab.canes[0].id else lab.b_devices if cane.id == lab.canes[1].id
                  else []):
            services.inventory.register_scan(team.supervisor, audit.id, cane.id, d.code)
        services.inventory.finish_cane(team.supervisor, audit.id, cane.id)
    services.inventory.close_audit(team.supervisor, audit.id, password="bench-pass-1", witness_username="emma",
                                   witness_secret="2222")
    view = open_window(team.embryologist, idle_timeout_ms=600_000).show_area("cryo").map_view
    view.tree.setFocus()
    view.tree.setCurrentIndex(view.tree_model.index(0, 0))
    assert "Last audit: 2026-11-21" in view.cane_note.text() and "next due 2027-11-21" in view.cane_note.text()
    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    qtbot.keyClick(view.tree, Qt.Key.Key_Down)
    qtbot.keyClick(view.tree, Qt.Key.Key_Right)
    qtbot.keyClick(view.tree, Qt.Key.Key_Down)
    assert f"code {holder_code(lab.canes[0].id)}" in view.cane_note.text()
