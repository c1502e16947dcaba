"""Tank audit: every kind of finding, reasons, witnessed resolutions, resume, dual sign-off."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bench_app.domain.codes import make_code
from bench_app.domain.errors import InvalidCode, NotFound, ValidationError, WitnessRequired
from bench_app.domain.inventory import FindingKind, Resolution, holder_code
from bench_app.persistence.models import (
    AuditEvent, DeviceMove, Incident, InventoryFinding, InventorySitting, Signature,
)
from bench_app.services.registry import open_services
from tests.conftest import PASSWORD
from tests.services.cryo_fixtures import count, eli_witness
from tests.services.inventory_fixtures import audit_lab, emma_witness


UNKNOWN = make_code("D", 987_654)  # a well-formed code no device has


@pytest.fixture
def lab(services, team, clock):
    return audit_lab(services, team, clock)


def open_whole(services, team, lab):
    return services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id, witness=emma_witness())


def bad_check(code: str) -> str:
    last = code[-1]
    return code[:-1] + ("A" if last != "A" else "B")


def test_opening_needs_a_supervisor_and_an_authenticated_witness(services, team, lab):
    with pytest.raises(Exception):
        services.inventory.open_audit(team.embryologist, tank_id=lab.tank.id, witness=eli_witness())
    with pytest.raises(WitnessRequired):
        services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id, witness=None)
    audit = open_whole(services, team, lab)
    assert audit.status == "open" and audit.sitting.witness_username == "emma"
    assert audit.holders_total == 6 and audit.expected == 5   # 3 of A + 2 of B; the thawed one is not expected
    with pytest.raises(ValidationError):  # one audit under way per tank
        open_whole(services, team, lab)


def test_every_kind_of_finding_is_stored(services, team, lab):
    audit = open_whole(services, team, lab)
    cane0, cane1 = lab.canes[0].id, lab.canes[1].id
    inv = services.inventory
    assert inv.holder_for_code(audit.id, holder_code(cane0)) == cane0
    check = inv.take_out_cane(team.supervisor, audit.id, cane0)
    assert [d.code for d in check.expected] == [d.code for d in lab.a_devices]
    kinds = {}
    for code in (lab.a_devices[0].code, lab.b_devices[0].code, lab.thawed.code, UNKNOWN):
        f = inv.register_scan(team.supervisor, audit.id, cane0, code)
        kinds[code] = f.kind
    assert kinds[lab.a_devices[0].code] == FindingKind.FOUND
    assert kinds[lab.b_devices[0].code] == FindingKind.OTHER_PATIENT
    assert kinds[lab.thawed.code] == FindingKind.NOT_STORED
    assert kinds[UNKNOWN] == FindingKind.UNKNOWN
    # A code failing its check character is refused at once, nothing stored.
    before = count(services, InventoryFinding)
    with pytest.raises(InvalidCode):
        inv.register_scan(team.supervisor, audit.id, cane0, bad_check(lab.a_devices[1].code))
    with pytest.raises(ValidationError):  # the same device twice on one cane
        inv.register_scan(team.supervisor, audit.id, cane0, lab.a_devices[0].code)
    assert count(services, InventoryFinding) == before
    done = inv.finish_cane(team.supervisor, audit.id, cane0)
    missing = [f for f in done.findings if f.kind == FindingKind.MISSING]
    assert sorted(f.device_code for f in missing) == sorted(d.code for d in lab.a_devices[1:])
    assert done.holder.state == "checked"
    with pytest.raises(ValidationError):  # a checked cane takes no more scans
        inv.register_scan(team.supervisor, audit.id, cane0, lab.a_devices[1].code)
    # Patient A's device found on patient B's... no: a device of the same patient recorded elsewhere.
    inv.take_out_cane(team.supervisor, audit.id, lab.canes[2].id)
    f = inv.register_scan(team.supervisor, audit.id, lab.canes[2].id, lab.a_devices[1].code)
    assert f.kind == FindingKind.MISPLACED and "Cane 1" in f.recorded_at_path
    summary = inv.get_audit(audit.id)
    assert summary.found == 1 and summary.discrepant == 6 and summary.unresolved == 6
    # Nothing about any device changed.
    assert services.cryo.get_device(lab.b_devices[0].id).location_id == cane1


def test_reasons_and_witnessed_resolutions(services, team, lab):
    audit = open_whole(services, team, lab)
    inv, res = services.inventory, services.inventory_resolutions
    cane0, cane2 = lab.canes[0].id, lab.canes[2].id
    inv.take_out_cane(team.supervisor, audit.id, cane2)
    moved = inv.register_scan(team.supervisor, audit.id, cane2, lab.a_devices[0].code)
    unknown = inv.register_scan(team.supervisor, audit.id, cane2, UNKNOWN)
    with pytest.raises(ValidationError):  # no resolution before a reason and a note
        res.resolve(team.supervisor, moved.id, resolution=Resolution.RECORD_MOVE, note="x", witness=emma_witness())
    with pytest.raises(ValidationError) as err:
        inv.explain(team.supervisor, moved.id, reason="bogus", note="")
    assert set(err.value.field_errors) == {"reason", "note"}
    inv.explain(team.supervisor, moved.id, reason="misfiled", note="on the wrong cane")
    with pytest.raises(ValidationError):  # an unknown code cannot be 'moved'
        inv.explain(team.supervisor, unknown.id, reason="relabelled", note="label unreadable")
        res.resolve(team.supervisor, unknown.id, resolution=Resolution.RECORD_MOVE, note="x", witness=emma_witness())
    settled = res.resolve(team.supervisor, moved.id, resolution=Resolution.RECORD_MOVE, note="left it here",
                          witness=emma_witness())
    assert settled.resolution == "record_move" and settled.resolution_ref.startswith("device_moves:")
    device = services.cryo.get_device(lab.a_devices[0].id)
    assert device.location_id == cane2   # through the witnessed move service
    with services.db.read() as s:
        move = s.get(DeviceMove, int(settled.resolution_ref.split(":")[1]))
        assert move.witness_record_id is not None and "tank audit" in move.reason
    inc = res.resolve(team.supervisor, unknown.id, resolution="report_incident", note="device kept aside",
                      witness=emma_witness())
    with services.db.read() as s:
        incident = s.get(Incident, int(inc.resolution_ref.split(":")[1]))
        assert incident.kind == "inventory_unknown_device" and incident.witness_record_id
    # Missing devices: an incident, and a supervisor's correction of a record.
    inv.take_out_cane(team.supervisor, audit.id, cane0)
    done = inv.finish_cane(team.supervisor, audit.id, cane0)
    missing = [f for f in done.findings if f.kind == FindingKind.MISSING]
    assert len(missing) == 2
    for f in missing:
        inv.explain(team.supervisor, f.id, reason="lost", note="not on the cane")
    with pytest.raises(Exception):  # the witness must authenticate
        res.resolve(team.supervisor, missing[0].id, resolution="report_incident", note="n",
                    witness=emma_witness().__class__(username="emma", secret="0000", identifiers=("x",)))
    r1 = res.resolve(team.supervisor, missing[0].id, resolution="report_incident", note="searched the tank",
                     witness=emma_witness())
    with services.db.read() as s:
        assert s.get(Incident, int(r1.resolution_ref.split(":")[1])).kind == "inventory_device_missing"
    with pytest.raises(Exception):  # only a supervisor corrects a record
        res.resolve(team.embryologist, missing[1].id, resolution="correct_record", note="n",
                    witness=eli_witness(), corrections={"contents": "x"})
    r2 = res.resolve(team.supervisor, missing[1].id, resolution="correct_record", note="label said green",
                     witness=emma_witness(), corrections={"colour": "green"})
    assert services.cryo.get_device(missing[1].device_id).colour == "green"
    assert r2.resolved_by == "Sam Supervisor"
    with services.db.read() as s:
        reasons = s.execute(select(AuditEvent.reason).where(AuditEvent.entity_type == "cryo_devices",
                                                            AuditEvent.entity_id == str(missing[1].device_id))
                            ).scalars().all()
    assert any("label said green" in r for r in reasons)


def test_returned_to_place_changes_no_record(services, team, lab):
    audit = open_whole(services, team, lab)
    inv = services.inventory
    inv.take_out_cane(team.supervisor, audit.id, lab.canes[2].id)
    f = inv.register_scan(team.supervisor, audit.id, lab.canes[2].id, lab.b_devices[1].code)
    assert f.kind == FindingKind.MISPLACED  # cane 2 expects nobody, so no 'other patient'
    inv.explain(team.supervisor, f.id, reason="misfiled", note="put back")
    r = services.inventory_resolutions.resolve(team.supervisor, f.id, resolution="returned", note="back on cane 2",
                                               witness=emma_witness())
    assert r.resolution_ref.startswith("witness_records:")
    assert services.cryo.get_device(lab.b_devices[1].id).location_id == lab.canes[1].id


def test_resume_after_interruption_on_another_workstation_and_dual_sign_off(services, team, lab, db_url, clock):
    audit = open_whole(services, team, lab)
    inv = services.inventory
    inv.take_out_cane(team.supervisor, audit.id, lab.canes[0].id)
    for d in lab.a_devices[:2]:
        inv.register_scan(team.supervisor, audit.id, lab.canes[0].id, d.code)
    # The workstation is switched off mid-cane; another one opens the same database.
    clock.advance(days=1)
    other = open_services(db_url, clock=clock, workstation="tank-room-2")
    try:
        sam = other.users.sign_in("sam", PASSWORD)
        inv2 = other.inventory
        check = inv2.cane_check(audit.id, lab.canes[0].id)
        assert check.holder.state == "in progress" and sum(d.scanned for d in check.expected) == 2
        inv2.start_sitting(sam, audit.id, witness=eli_witness())
        inv2.register_scan(sam, audit.id, lab.canes[0].id, lab.a_devices[2].code)
        for cane in lab.canes:
            inv2.take_out_cane(sam, audit.id, cane.id)
            if cane.id == lab.canes[1].id:
                for d in lab.b_devices:
                    inv2.register_scan(sam, audit.id, cane.id, d.code)
            inv2.finish_cane(sam, audit.id, cane.id)
        sittings = inv2.sittings(audit.id)
        assert [(x.witness_username, x.workstation) for x in sittings] == [
            ("emma", "bench-test-ws"), ("eli", "tank-room-2")]
        assert sittings[0].ended_at is not None and sittings[1].ended_at is None
        with pytest.raises(ValidationError):  # only this sitting's witness signs with the supervisor
            inv2.close_audit(sam, audit.id, password=PASSWORD, witness_username="emma", witness_secret="2222")
        with pytest.raises(Exception):
            inv2.close_audit(sam, audit.id, password="wrong", witness_username="eli", witness_secret="3333")
        closed = inv2.close_audit(sam, audit.id, password=PASSWORD, witness_username="eli", witness_secret="3333")
        assert closed.status == "closed" and closed.found == 5 and closed.discrepant == 0
        with other.db.read() as s:
            sigs = s.execute(select(Signature).where(Signature.entity_type == "inventory_audits")).scalars().all()
            assert sorted((x.printed_name, x.meaning) for x in sigs) == [
                ("Eli Embryologist", "witnessed"), ("Sam Supervisor", "approved")]
            assert len({x.content_hash for x in sigs}) == 1
            assert s.execute(select(InventorySitting.ended_at).order_by(InventorySitting.id.desc())).scalar()
        with pytest.raises(ValidationError):
            inv2.register_scan(sam, audit.id, lab.canes[0].id, lab.a_devices[0].code)
    finally:
        other.close()


def test_closing_refused_while_canes_or_discrepancies_are_open(services, team, lab):
    audit = services.inventory.open_audit(team.supervisor, tank_id=lab.tank.id,
                                          canister_ids=(services.storage.children(lab.tank.id)[0].id,),
                                          witness=emma_witness())
    assert audit.holders_total == 3 and audit.scope == "Canister 1"
    with pytest.raises(ValidationError, match="Check every cane"):
        services.inventory.close_audit(team.supervisor, audit.id, password=PASSWORD, witness_username="emma",
                                       witness_secret="2222")
    for cane in lab.canes[:3]:
        services.inventory.take_out_cane(team.supervisor, audit.id, cane.id)
        services.inventory.finish_cane(team.supervisor, audit.id, cane.id)
    with pytest.raises(ValidationError, match="reason"):
        services.inventory.close_audit(team.supervisor, audit.id, password=PASSWORD, witness_username="emma",
                                       witness_secret="2222")
    with pytest.raises(ValidationError):  # a cane of another canister is not in this audit
        services.inventory.take_out_cane(team.supervisor, audit.id, lab.canes[4].id)


def test_someone_else_cannot_scan_in_a_sitting_they_do_not_lead(services, team, lab):
    audit = open_whole(services, team, lab)
    services.inventory.take_out_cane(team.supervisor, audit.id, lab.canes[0].id)
    with pytest.raises(ValidationError, match="sitting"):
        services.inventory.register_scan(team.embryologist2, audit.id, lab.canes[0].id, lab.a_devices[0].code)


def test_a_scan_is_refused_in_the_order_of_its_checks(services, team, lab):
    """A scan's checks are read in one statement: each refusal still says what it said."""
    inv, sup = services.inventory, team.supervisor
    audit = open_whole(services, team, lab)
    cane0, cane1 = lab.canes[0].id, lab.canes[1].id
    device = lab.a_devices[0].code
    with pytest.raises(NotFound, match="No audit"):
        inv.register_scan(sup, audit.id + 1000, cane0, device)
    with pytest.raises(ValidationError, match="Scan the cane first"):
        inv.register_scan(sup, audit.id, cane0, device)
    inv.take_out_cane(sup, audit.id, cane0)
    assert inv.register_scan(sup, audit.id, cane0, device).kind == FindingKind.FOUND
    with pytest.raises(ValidationError, match="already scanned on this cane"):
        inv.register_scan(sup, audit.id, cane0, device)
    inv.take_out_cane(sup, audit.id, cane1)
    assert inv.register_scan(sup, audit.id, cane1, device).kind == FindingKind.OTHER_PATIENT  # another cane: no duplicate
    inv.finish_cane(sup, audit.id, cane0)
    with pytest.raises(ValidationError, match="already checked"):
        inv.register_scan(sup, audit.id, cane0, lab.a_devices[1].code)
    assert services.audit.verify().ok  # the scans chained from the head read with their checks


def test_a_cane_label_carries_its_code_and_is_recorded(services, team, lab):
    from tests.reports.pdf_reading import decode, pages_text

    code = holder_code(lab.canes[1].id)
    printed = services.labels.print_labels(team.supervisor, [code])
    text = " ".join(" ".join(pages_text(printed.content)).split())
    assert code in text and "Cane 2" in text and "Canister 1" in text and "MRN" not in text
    assert code in [value for _, value in decode(printed.content)]
    assert services.labels.history(code)[0].code == code
    with pytest.raises(InvalidCode):
        services.inventory.holder_for_code(1, bad_check(code))


def test_the_demo_has_a_signed_audit_an_audit_under_way_and_a_low_nitrogen_alert(tmp_path):
    from datetime import date

    from bench_app.services.demo import run_demo

    sv = open_services(f"sqlite:///{tmp_path / 'demo.db'}")
    try:
        run_demo(sv.db, couples=6, seed=5, today=date(2026, 11, 20))
        audits = sv.inventory.audits()
        closed = [a for a in audits if a.status == "closed"]
        under_way = [a for a in audits if a.status == "open"]
        assert len(closed) == 1 and len(under_way) == 1
        assert closed[0].discrepant >= 1 and closed[0].unresolved == 0
        assert all(f.reason and f.note and f.resolution for f in sv.inventory.findings(closed[0].id))
        assert 0 < under_way[0].holders_checked < under_way[0].holders_total
        assert any(a.kind == "nitrogen_low" for a in sv.nitrogen.alerts())
        tank_b = next(t for t in sv.storage.tanks() if t.name == "Tank B")
        assert len([e for e in sv.nitrogen.log(tank_b.id) if e.kind == "reading"]) > 60
    finally:
        sv.close()


def test_a_canes_list_names_where_it_is_and_refuses_what_is_not_in_the_audit(services, team, lab):
    """The list read at every cane taken out: its path, its state and devices, in a fixed few statements (one for the
    audit, cane, check and names); an unknown audit, a code that is not a cane and a cane outside the scope are
    refused with what is wrong."""
    from sqlalchemy import event

    inv = services.inventory
    canisters = services.storage.children(lab.tank.id)
    whole = open_whole(services, team, lab)
    statements = []
    listen = lambda *a: statements.append(a[2])  # noqa: E731
    event.listen(services.db.engine, "before_cursor_execute", listen)
    try:
        check = inv.cane_check(whole.id, lab.canes[0].id)
    finally:
        event.remove(services.db.engine, "before_cursor_execute", listen)
    assert check.path == f"Tank A / {canisters[0].name} / {lab.canes[0].name}"
    assert check.holder.state == "to check" and check.holder.expected == 3
    assert [d.code for d in check.expected] == [d.code for d in lab.a_devices]
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) <= 4
    inv.take_out_cane(team.supervisor, whole.id, lab.canes[0].id)
    inv.register_scan(team.supervisor, whole.id, lab.canes[0].id, lab.a_devices[0].code)
    again = inv.cane_check(whole.id, lab.canes[0].id)
    assert again.holder.state == "in progress" and [d.code for d in again.expected if d.scanned] == [
        lab.a_devices[0].code]
    with pytest.raises(NotFound, match=r"No audit #987654\."):
        inv.cane_check(987_654, lab.canes[0].id)
    for not_a_cane in (lab.tank.id, canisters[0].id, 987_654):
        with pytest.raises(NotFound, match="No cane or goblet has this code"):
            inv.cane_check(whole.id, not_a_cane)
    other_tank = services.storage.create_tank(team.supervisor, name="Tank B", canisters=1, holders_per_canister=1,
                                              positions_per_holder=5)
    with pytest.raises(ValidationError, match="is not part of this audit"):
        inv.cane_check(whole.id, services.storage.children(services.storage.children(other_tank.id)[0].id)[0].id)
