"""Screenshots of the Cryo storage area, called by make_screenshots (not a test).

Uses the demo's tanks and devices, adds two retrieval samples for the first extra couple
(so the freeze dialog has samples to pool), then grabs the storage map, a cane, search
with history, a patient's devices, expiry, discard requests and every dialog, with and
without errors.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bench_app.services.witness_service import WitnessInput


def _witness() -> WitnessInput:
    return WitnessInput(username="eli", secret="3333", identifiers=("MRN", "tube label"))


def _samples(services, emma, patient_id):
    now = datetime.now(timezone.utc).replace(second=0, microsecond=0)
    proc = services.retrieval.create_procedure(
        emma, patient_id=patient_id, cycle_id=None, procedure_type="micro-TESE", started_at=now - timedelta(hours=3),
        surgeon="Dr. Selin Aydın", anaesthesia="general", side="both", indication="NOA", planned_use="freeze")
    return [services.retrieval.receive_sample(emma, procedure_id=proc.id, received_at=now - timedelta(minutes=150 - i),
                                              witness=_witness(), side=side, site=site)
            for i, (side, site) in enumerate((("left", "upper pole"), ("right", "mid pole")))]


def _busiest_cane(services):
    """The fullest cane of the first tank's first canister (demo devices sit there)."""
    tank = services.storage.tanks()[0]
    canes = [c for can in services.storage.children(tank.id)[:2] for c in services.storage.children(can.id)]
    return tank, max(canes, key=lambda c: c.occupied)


def _device_with_history(services):
    """A stored device that has moved, else any stored device."""
    for tank in services.storage.tanks():
        for can in services.storage.children(tank.id):
            for cane in services.storage.children(can.id):
                for slot in services.storage.cane_view(cane.id).slots:
                    if slot.device and len(services.cryo.device_history(slot.device.id).events) > 2:
                        return slot.device
    return None


def shoot_cryo(shoot, admin_window, emma_window, services, emma, couples, admin_password: str) -> None:
    man = couples[0].male
    s1, s2 = _samples(services, emma, man.id)

    cryo = emma_window.show_area("cryo")
    view = cryo.map_view
    tank, cane = _busiest_cane(services)
    view.tree.expand(view.tree_model.index_of(tank.id))
    shoot(emma_window, "cryo_tree_tank_open")
    view.tree.expand(view.tree_model.index_of(cane.parent_id))
    view.select_location(cane.id)
    view.cane_table.selectRow(1)
    shoot(emma_window, "cryo_cane_view")

    moved = _device_with_history(services)
    if moved is not None:
        cryo.focus_search()
        cryo.search_view.search.setText(moved.mrn)
        cryo.search_view.search_now()
        cryo.search_view.select_device(moved.id)
        shoot(emma_window, "cryo_search_history")
        cryo.search_view.show_patient(moved.patient_id)
        shoot(emma_window, "cryo_patient_devices")

    cryo.tabs.setCurrentWidget(cryo.expiry_view)
    shoot(emma_window, "cryo_expiry")

    # --- freeze: empty, then filled with codes, positions and a witness
    dialog = cryo.freeze(man.id)
    shoot(dialog, "cryo_freeze_dialog")
    dialog.source.tick_sample(s1.id)
    dialog.source.tick_sample(s2.id)
    dialog.cryoprotectant.set_values("SpermFreeze", "SF-0425")
    dialog.motile.setText("14")
    dialog.immotile.setText("40")
    dialog.count.setValue(3)
    dialog.reserve_codes()
    dialog.witness_panel.username.setText("eli")
    shoot(dialog, "cryo_freeze_filled")
    dialog.witness_panel.secret.setText("0000")
    dialog.cryoprotectant.set_values("SpermFreeze", "")
    dialog.motile.setText("14 motile")
    dialog.accept()
    shoot(dialog, "cryo_freeze_errors")
    dialog.reject()

    # --- a man with no consent to storage: the banner says so before anyone signs
    greek = couples[2].male
    dialog = cryo.freeze(greek.id)
    dialog.sperm_present.setCurrentIndex(dialog.sperm_present.findData(True))
    dialog.cryoprotectant.set_values("SpermFreeze", "SF-0425")
    dialog.count.setValue(2)
    dialog.reserve_codes()
    dialog.accept()
    shoot(dialog, "cryo_freeze_no_consent")
    dialog.reject()

    # --- move, thaw and discard on devices of the open cane
    cryo.tabs.setCurrentWidget(view)
    devices = view.context.services.storage.cane_view(cane.id).slots
    stored = [s.device for s in devices if s.device is not None and s.device.stored
              and s.device.pending_discard_id is None]
    first = stored[0]
    same = [d for d in stored if d.patient_id == first.patient_id]
    view.cane_table.clearSelection()
    view.cane_table.selectRow(first.slot - 1)
    cryo.move_selected()
    cryo.active_dialog.reason.setText("consolidate before the tank service")
    shoot(cryo.active_dialog, "cryo_move_dialog")
    cryo.active_dialog.reject()
    cryo.thaw_selected()
    thaw = cryo.active_dialog
    if len(same) > 1:
        thaw.scan.setText(same[1].code)
        thaw.add_code(same[1].code)
    other = next((d for d in stored if d.patient_id != first.patient_id), None)
    if other is not None:
        thaw.scan.setText(other.code)
        thaw.add_code(other.code)
    shoot(thaw, "cryo_thaw_dialog")
    thaw.accept()
    shoot(thaw, "cryo_thaw_errors")
    thaw.reject()
    # --- a discard request for the expired device, as the expiry list suggests
    cryo.tabs.setCurrentWidget(cryo.expiry_view)
    cryo.expiry_view.table.selectRow(0)
    cryo.request_discard()
    request = cryo.active_dialog
    request.reason.setText("Storage consent expired; not renewed after two letters and a phone call")
    request.consent.setChecked(True)
    shoot(request, "cryo_discard_request_dialog")
    request.accept()
    shoot(emma_window, "cryo_discard_requested")
    cryo.tabs.setCurrentWidget(cryo.discards_view)
    shoot(emma_window, "cryo_discards_embryologist")

    # --- a supervisor (here the admin) decides discard requests
    admin_cryo = admin_window.show_area("cryo")
    admin_cryo.tabs.setCurrentWidget(admin_cryo.discards_view)
    shoot(admin_window, "cryo_discards_supervisor")
    requests = admin_cryo.discards_view
    if requests.model.rowCount():
        requests.approve()
        requests.active_dialog.password.setText("wrong")
        requests.active_dialog.accept()
        shoot(requests.active_dialog, "cryo_approve_discard_wrong_password")
        requests.active_dialog.reject()
        requests.reject()
        shoot(requests.active_dialog, "cryo_reject_discard_dialog")
        requests.active_dialog.reject()

    # --- setting the map up
    map_view = admin_cryo.map_view
    admin_cryo.tabs.setCurrentWidget(map_view)
    map_view.new_tank()
    map_view.active_dialog.name.setText("Tank D")
    shoot(map_view.active_dialog, "cryo_new_tank_dialog")
    map_view.active_dialog.reject()
    map_view.tree.expand(map_view.tree_model.index_of(tank.id))
    map_view.select_location(cane.parent_id)
    map_view.add_location()
    shoot(map_view.active_dialog, "cryo_add_location_dialog")
    map_view.active_dialog.reject()
    map_view.retire_location()
    map_view.active_dialog.reason.setText("cracked canister")
    map_view.active_dialog.accept()
    shoot(map_view.active_dialog, "cryo_retire_refused")
    map_view.active_dialog.reject()
