"""Screenshots of the ICSI area, called by make_screenshots (not a test).

Builds, through the services, three ICSI cycles of 40 COCs with thawed sperm: one with
maturity being keyed, one ready to inject, and one at the fertilization check with
checks late, in the window and not yet due; then grabs the chooser, each grid, the
session dialog (also refusing another man's straw), the injection dialog and the summary.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bench_app.domain.enums import CycleType
from bench_app.services.witness_service import WitnessInput
from tests.ui.icsi_helpers import KEY
from ui.icsi.oocyte_grid_view import GridMode
from ui.icsi.oocyte_table_model import OocyteTableModel
from ui.qt import QApplication, QEvent, QKeyEvent, Qt

MATURITIES = (["MII"] * 7 + ["MI"] + ["MII"] * 6 + ["GV", "MII", "MII", "atretic"] + ["MII"] * 8 + ["MI", "GV"]
              + ["MII"] * 5 + ["degenerated", "MI", "other", "GV", "MI"])[:40]
COUPLES = (
    (("IC-50101", "García López", "Javier", date(1982, 2, 11)), ("IC-50102", "Martínez Ruiz", "Lucía", date(1987, 7, 3))),
    (("IC-50201", "Иванов", "Алексей", date(1980, 1, 9)), ("IC-50202", "Иванова", "Мария", date(1985, 12, 1))),
    (("IC-50301", "Demir", "Oğuz", date(1984, 5, 5)), ("IC-50302", "Demir", "Şule", date(1989, 10, 21))),
)


def _witness(*identifiers: str) -> WitnessInput:
    return WitnessInput(username="eli", secret="3333", identifiers=identifiers or ("source", "dish", "patient"))


def _keys(widget, text: str) -> None:
    for ch in text:
        QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, KEY[ch], Qt.KeyboardModifier.NoModifier, ch))


def _fields(person):
    mrn, family, given, born = person
    return {"mrn": mrn, "family_name": family, "given_names": given, "date_of_birth": born}


def _couple_with_thaw(services, emma, male, female, now):
    couple = services.patients.register_couple(emma, male=_fields(male), female=_fields(female))
    cycle = services.patients.create_cycle(emma, couple_id=couple.id, cycle_type=CycleType.FROZEN_SPERM_ICSI,
                                           start_date=date.today(), notes="frozen ejaculate, 2 straws")
    services.patients.record_consent(emma, patient_id=couple.male.id, permitted_uses=["treatment", "storage"],
                                     signed_on=date.today() - timedelta(days=60),
                                     storage_expiry=date.today() + timedelta(days=3650), notes="")
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(2)]
    freeze = services.cryo.freeze(
        emma, source_kind="ejaculate", patient_id=couple.male.id, method="vitrification",
        cryoprotectant="SpermFreeze", cryoprotectant_lot="SF-0425", device_count=2, device_type="straw",
        positions=positions, witness=_witness(), colour="blue", pre_freeze_motile=12, pre_freeze_immotile=30,
        frozen_at=now - timedelta(days=30))
    thaw = services.cryo.thaw(emma, device_ids=[freeze.devices[0].id], cycle_id=cycle.id, witness=_witness(),
                              sperm_found=True, progressive=4, twitching=6, immotile=10,
                              thawed_at=now - timedelta(hours=22, minutes=30))
    return couple, cycle, thaw, freeze.devices


def build_cycles(services, emma):
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    icsi = services.icsi
    built = [_couple_with_thaw(services, emma, m, f, now) for m, f in COUPLES]
    (_, keyed, _, _), (_, ready, ready_thaw, _), (_, checked, thaw, _) = built
    icsi.record_opu(emma, cycle_id=keyed.id, retrieved_at=now - timedelta(minutes=50), cocs_retrieved=40,
                    denuded_at=now - timedelta(minutes=20))
    opu = icsi.record_opu(emma, cycle_id=ready.id, retrieved_at=now - timedelta(hours=2), cocs_retrieved=40,
                          denuded_at=now - timedelta(hours=1, minutes=30))
    icsi.set_maturities(emma, retrieval_id=opu.id, maturities=MATURITIES)
    icsi.start_session(emma, retrieval_id=opu.id, source_kind="thaw_event", source_thaw_event_id=ready_thaw.id,
                       started_at=now - timedelta(minutes=10), witness=_witness())

    opu = icsi.record_opu(emma, cycle_id=checked.id, retrieved_at=now - timedelta(hours=22), cocs_retrieved=40,
                          denuded_at=now - timedelta(hours=21, minutes=20))
    rows = icsi.set_maturities(emma, retrieval_id=opu.id, maturities=MATURITIES)
    session = icsi.start_session(emma, retrieval_id=opu.id, source_kind="thaw_event", source_thaw_event_id=thaw.id,
                                 started_at=now - timedelta(hours=20), witness=_witness())
    mii = [r for r in rows if r.maturity.value == "MII"]
    for i, r in enumerate(mii):  # one dish over ~4 hours: the first ones are late at the check, the last ones early
        at = now - timedelta(hours=19, minutes=30) + timedelta(minutes=8 * i)
        icsi.inject(emma, session_id=session.id, oocyte_id=r.id, injected_at=at, sperm_motility="twitching",
                    viability_test="HOS" if i % 9 == 4 else "none",
                    techniques=["artificial_oocyte_activation"] if i < 3 else [], damaged=i == 11)
    results = ["2PN", "2PN", "1PN", "2PN", "2PN", "3PN+", "2PN", "0PN", "2PN", "degenerated", "2PN", "2PN"]
    for r, result in zip(mii, results):
        icsi.record_check(emma, oocyte_id=r.id, checked_at=now - timedelta(minutes=15), result=result,
                          polar_bodies=2 if result == "2PN" else 1,
                          window_reason="Sunday: one embryologist on duty")
    return built


def shoot_icsi(shoot, window, services, emma) -> None:
    built = build_cycles(services, emma)
    area = window.show_area("icsi")
    area.show_chooser()
    shoot(window, "icsi_today_cycles")
    (_, keyed, _, _), (_, ready, _, ready_devices), (_, checked, _, _) = built

    area.show_cycle(keyed.id)
    view = area.cycle_view
    grid = view.table
    grid.setFocus()
    _keys(grid, "11M1123MM11A1MM11G2111D11")
    shoot(window, "icsi_maturity_keyed_unsaved")

    view.start_session()
    dialog = view.active_dialog
    shoot(dialog, "icsi_session_dialog")
    dialog.scan.setText(ready_devices[0].code)
    dialog.use_scanned(ready_devices[0].code)
    dialog.witness_panel.username.setText("eli")
    dialog.witness_panel.secret.setText("3333")
    for box, _text in dialog.witness_panel.boxes:
        box.setChecked(True)
    dialog.accept()
    shoot(dialog, "icsi_session_wrong_patient")
    dialog.reject()
    view.record_opu()
    shoot(view.active_dialog, "icsi_opu_dialog")
    view.active_dialog.reject()

    area.show_cycle(ready.id)
    view.select_lines(mii_only=True)
    view.table.selectionModel().select(view.model.index(7, 0), view.table.selectionModel().SelectionFlag.Select
                                       | view.table.selectionModel().SelectionFlag.Rows)  # and one MI: an exception
    shoot(window, "icsi_injection_mii_selected")
    view.inject_selected()
    dialog = view.active_dialog
    dialog.damage.item(3).setCheckState(Qt.CheckState.Checked)
    shoot(dialog, "icsi_inject_dialog")
    dialog.accept()
    shoot(dialog, "icsi_inject_dialog_errors")
    dialog.reject()

    area.show_cycle(checked.id)
    view.set_mode(GridMode.CHECK)
    checkable = [i for i in range(view.model.rowCount()) if view.model.can_check(i)]
    view.table.go_to(checkable[0], OocyteTableModel.Column.RESULT)
    _keys(view.table, "2212")
    view.table.go_to(checkable[-1], OocyteTableModel.Column.RESULT)
    _keys(view.table, "2")  # keyed before 16 h: flagged
    view.table.go_to(0)
    shoot(window, "icsi_check_flagged")
    view.save_checks()
    view.table.go_to(checkable[-1] + 1)
    shoot(window, "icsi_check_early_needs_reason")
    view.table.go_to(0)
    view.table.scrollToTop()
    shoot(window, "icsi_summary_and_source")
    shoot(view.summary, "icsi_summary_panel")
