"""The storage map on a real database: setup rights, rules, lazy tree with occupancy, cane view, search."""

from datetime import datetime, timezone

import pytest
from sqlalchemy import event, insert, select

from bench_app.domain.enums import LocationKind
from bench_app.domain.errors import ConcurrentChange, InvalidCode, NotFound, PermissionDenied, ValidationError
from bench_app.domain.storage import Occupancy, expiry_band, location_path, position_label
from bench_app.persistence.models import CryoDevice, FreezeEvent, StorageLocation
from tests.services.cryo_fixtures import (
    DISCARD_WITNESS, canes_of, freeze_ejaculate, freeze_kwargs, patient, samples, small_tank,
)


# --- pure rules ---------------------------------------------------------------------------


def test_domain_rules_paths_occupancy_expiry():
    assert location_path(["Tank B", "Canister 3", "Cane 12"]) == "Tank B / Canister 3 / Cane 12"
    assert position_label("Tank B / Canister 3 / Cane 12", 4) == "Tank B / Canister 3 / Cane 12 / Position 4"
    occ = Occupancy(412, 600)
    assert (occ.text, occ.free, occ.full) == ("412/600", 188, False)
    assert Occupancy(5, 5).full and Occupancy(0, 0).fraction == 0.0
    assert [expiry_band(d) for d in (-1, 0, 30, 31, 60, 90, 91, None)] == [
        "expired", "within 30 days", "within 30 days", "within 60 days", "within 60 days", "within 90 days", "", ""]


# --- setting up the map -------------------------------------------------------------------


def test_create_tank_builds_the_tree_with_capacity_at_every_level(services, team):
    tank = small_tank(services, team, name="Tank B", canisters=2, canes=3, positions=5)
    assert (tank.kind, tank.name, tank.path, tank.occupancy_text) == (LocationKind.TANK, "Tank B", "Tank B", "0/30")
    assert tank.child_count == 2 and tank.has_children and tank.tank_id == tank.id
    canisters = services.storage.children(tank.id)
    assert [c.name for c in canisters] == ["Canister 1", "Canister 2"]
    assert all(c.occupancy_text == "0/15" and c.child_count == 3 for c in canisters)
    canes = services.storage.children(canisters[1].id)
    assert [c.path for c in canes][2] == "Tank B / Canister 2 / Cane 3"
    assert all(c.is_holder and c.capacity == 5 and not c.has_children for c in canes)
    assert services.storage.children(canes[0].id) == []
    assert [t.name for t in services.storage.tanks()] == ["Tank B"]


def test_only_a_supervisor_or_admin_sets_up_the_map(services, team):
    small_tank(services, team)
    with pytest.raises(PermissionDenied, match="supervisor or admin"):
        services.storage.create_tank(team.embryologist, name="Tank Z", canisters=1, holders_per_canister=1,
                                     positions_per_holder=1)
    tank = services.storage.tanks()[0]
    with pytest.raises(PermissionDenied):
        services.storage.add_location(team.embryologist, parent_id=tank.id, kind="canister", name="Canister 9")
    with pytest.raises(PermissionDenied):
        services.storage.retire_location(team.embryologist, tank.id, reason="x")
    node = services.storage.add_location(team.admin, parent_id=tank.id, kind="canister", name="Canister 9")
    assert node.path == "Tank A / Canister 9" and node.sort_index == 3


def test_location_rules(services, team):
    tank = small_tank(services, team)
    can = services.storage.children(tank.id)[0]
    sup = team.supervisor
    with pytest.raises(ValidationError) as err:
        services.storage.add_location(sup, parent_id=tank.id, kind="cane", name="Cane 7", capacity=5)
    assert err.value.field_errors == {"parent_id": "A cane goes into a canister."}
    with pytest.raises(ValidationError) as err:
        services.storage.add_location(sup, parent_id=can.id, kind="position", name="P1")
    assert "numbered places of a cane" in err.value.field_errors["kind"]
    with pytest.raises(ValidationError) as err:
        services.storage.add_location(sup, parent_id=can.id, kind="goblet", name=" ", capacity=0)
    assert set(err.value.field_errors) == {"name", "capacity"}
    with pytest.raises(ValidationError, match="already a name"):
        services.storage.add_location(sup, parent_id=can.id, kind="cane", name="cane 1", capacity=4)
    with pytest.raises(ValidationError, match="already a tank"):
        services.storage.create_tank(sup, name="tank a", canisters=0, holders_per_canister=0, positions_per_holder=0)
    with pytest.raises(ValidationError) as err:
        services.storage.add_location(sup, parent_id=tank.id, kind="tank", name="Inner")
    assert "stands on its own" in err.value.field_errors["parent_id"]
    with pytest.raises(ValidationError) as err:
        services.storage.create_tank(sup, name="T/2", canisters=1, holders_per_canister=2, positions_per_holder=0,
                                     holder_kind="canister")
    assert set(err.value.field_errors) == {"name", "holder_kind"}
    with pytest.raises(NotFound):
        services.storage.add_location(sup, parent_id=99999, kind="canister", name="C")
    goblet = services.storage.add_location(sup, parent_id=can.id, kind="goblet", name="Goblet 1", capacity=8)
    assert goblet.kind == LocationKind.GOBLET and goblet.occupancy_text == "0/8"
    assert services.storage.get_location(can.id).occupancy_text == "0/23"


def test_retire_only_when_empty_and_retired_is_never_proposed(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=2, positions=2)
    cane1, cane2 = canes_of(services, tank.id)
    man, _, _ = patient(services, team, clock)
    freeze_ejaculate(services, team.embryologist, man.id, [(cane1.id, 1)])
    with pytest.raises(ValidationError) as err:
        services.storage.retire_location(team.supervisor, cane1.id, reason="cracked")
    assert "still holds 1 device" in err.value.field_errors["location_id"]
    with pytest.raises(ValidationError, match="still holds"):
        services.storage.retire_location(team.supervisor, tank.id, reason="decommissioned")
    with pytest.raises(ValidationError, match="why"):
        services.storage.retire_location(team.supervisor, cane2.id, reason=" ")
    retired = services.storage.retire_location(team.supervisor, cane2.id, reason="cracked")
    assert retired.retired and retired.capacity == 0
    can = services.storage.children(tank.id)[0]
    assert can.occupancy_text == "1/2" and can.child_count == 1
    assert [c.name for c in services.storage.children(can.id)] == ["Cane 1"]
    assert [c.name for c in services.storage.children(can.id, include_retired=True)] == ["Cane 1", "Cane 2"]
    assert services.storage.propose_positions(1) == [services.storage.position(cane1.id, 2)]
    with pytest.raises(ValidationError, match="Only 1 free position"):
        services.storage.propose_positions(2)
    with pytest.raises(ValidationError) as err:
        freeze_ejaculate(services, team.embryologist, man.id, [(cane2.id, 1)])
    assert "Tank A / Canister 1 / Cane 2 is retired" in err.value.field_errors["positions"]
    with pytest.raises(ValidationError, match="already retired"):
        services.storage.retire_location(team.supervisor, cane2.id, reason="again")


def test_retiring_a_canister_retires_what_is_under_it(services, team):
    tank = small_tank(services, team, canisters=2, canes=2, positions=3)
    can1, can2 = services.storage.children(tank.id)
    services.storage.retire_location(team.supervisor, can2.id, reason="damaged")
    assert services.storage.get_location(tank.id).occupancy_text == "0/6"
    assert all(c.retired for c in services.storage.children(can2.id, include_retired=True))
    assert {p.location_id for p in services.storage.propose_positions(6)} <= {c.id for c in canes_of(services, tank.id)}
    with pytest.raises(ValidationError, match="retired: nothing new"):
        services.storage.add_location(team.supervisor, parent_id=can2.id, kind="cane", name="Cane 9", capacity=2)


def test_update_location_cannot_shrink_below_an_occupied_position(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=1, positions=5)
    (cane,) = canes_of(services, tank.id)
    man, _, _ = patient(services, team, clock)
    freeze_ejaculate(services, team.embryologist, man.id, [(cane.id, 4)])
    with pytest.raises(ValidationError) as err:
        services.storage.update_location(team.supervisor, cane.id, capacity=3)
    assert "Position 4 of Cane 1 holds a device" in err.value.field_errors["capacity"]
    node = services.storage.update_location(team.supervisor, cane.id, capacity=8, name="Cane Blue")
    assert (node.name, node.occupancy_text, node.path) == ("Cane Blue", "1/8", "Tank A / Canister 1 / Cane Blue")


# --- browsing -----------------------------------------------------------------------------


def _fill(services, team, man_id, canes, per_cane):
    """Put devices straight into the database (a tank filled over the years)."""
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    with services.db.write() as s:
        fe = FreezeEvent(patient_id=man_id, source_kind="ejaculate", method="slow", pre_freeze_motile=1,
                         pre_freeze_immotile=0, sperm_present=True, frozen_at=now, operator_id=team.admin.id, notes="")
        s.add(fe)
        s.flush()
        rows = [dict(code=f"X-{c.id}-{n}", patient_id=man_id, freeze_event_id=fe.id, device_type="straw", colour="",
                     contents="", status="stored", location_id=c.id, slot=n, tank_id=c.tank_id, storage_expiry=None,
                     quarantined=False, created_at=now)
                for c in canes for n in range(1, per_cane + 1)]
        s.execute(insert(CryoDevice), rows)


class _Statements:
    def __init__(self, engine):
        self.engine, self.selects = engine, []

    def __enter__(self):
        event.listen(self.engine, "before_cursor_execute", self._on)
        return self

    def __exit__(self, *exc):
        event.remove(self.engine, "before_cursor_execute", self._on)

    def _on(self, conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            self.selects.append(statement)


def test_a_full_tank_opens_with_a_few_aggregate_queries(services, team, clock):
    tank = small_tank(services, team, name="Big", canisters=10, canes=10, positions=10)
    small_tank(services, team, name="Small", canisters=1, canes=1, positions=4)
    man, _, _ = patient(services, team, clock)
    canes = canes_of(services, tank.id)
    _fill(services, team, man.id, canes[:90], 10)          # 900 of 1000 positions taken
    with _Statements(services.db.engine) as st:
        tanks = services.storage.tanks()
    assert [(t.name, t.occupancy_text) for t in tanks] == [("Big", "900/1000"), ("Small", "0/4")]
    assert len(st.selects) <= 3
    # Occupancy comes from the holders' kept counts: a tank of 400,000 devices opens as fast as this one.
    assert not any("cryo_devices" in q for q in st.selects)
    with _Statements(services.db.engine) as st:
        canisters = services.storage.children(tank.id)
    assert [c.occupancy_text for c in canisters] == ["100/100"] * 9 + ["0/100"]
    assert len(st.selects) <= 6 and not any("cryo_devices" in q for q in st.selects)
    with _Statements(services.db.engine) as st:
        row = services.storage.children(canisters[9].id)
    assert len(row) == 10 and all(c.occupancy_text == "0/10" for c in row)
    assert len(st.selects) <= 6
    with _Statements(services.db.engine) as st:
        view = services.storage.cane_view(canes[0].id)
    assert len(view.slots) == 10 and all(not c.free for c in view.slots) and len(st.selects) <= 8
    with _Statements(services.db.engine) as st:
        proposed = services.storage.propose_positions(4)
    assert {p.location_id for p in proposed} == {canes[90].id} and len(st.selects) <= 5


def test_a_branch_is_the_children_of_a_node_and_of_each_child(services, team, clock):
    tank = small_tank(services, team, name="Tank B", canisters=3, canes=3, positions=4)
    can1, can2, can3 = services.storage.children(tank.id)
    cane1, cane2, _ = services.storage.children(can1.id)
    man, _, _ = patient(services, team, clock)
    freeze_ejaculate(services, team.embryologist, man.id, [(cane1.id, 1), (cane1.id, 3)])
    services.storage.retire_location(team.supervisor, cane2.id, reason="cracked")
    services.storage.retire_location(team.supervisor, can3.id, reason="damaged")
    services.storage.add_location(team.supervisor, parent_id=can2.id, kind="goblet", name="Goblet 1", capacity=6)
    for retired in (False, True):
        level1 = services.storage.children(tank.id, include_retired=retired)
        expected = {tank.id: level1} | {c.id: services.storage.children(c.id, include_retired=retired)
                                        for c in level1}
        assert services.storage.branch(tank.id, include_retired=retired) == expected
        canes = services.storage.children(can1.id, include_retired=retired)
        assert services.storage.branch(can1.id, include_retired=retired) == {can1.id: canes} | {c.id: [] for c in canes}
        assert services.storage.branch(cane1.id, include_retired=retired) == {cane1.id: []}
    shown = services.storage.branch(tank.id)
    assert [c.name for c in shown[tank.id]] == ["Canister 1", "Canister 2"]          # the retired one is left out
    assert [(c.path, c.occupancy_text) for c in shown[can1.id]] == [
        ("Tank B / Canister 1 / Cane 1", "2/4"), ("Tank B / Canister 1 / Cane 3", "0/4")]
    assert [c.name for c in shown[can2.id]] == ["Cane 1", "Cane 2", "Cane 3", "Goblet 1"]
    everything = services.storage.branch(tank.id, include_retired=True)
    assert [c.name for c in everything[can3.id]] == ["Cane 1", "Cane 2", "Cane 3"]   # retired with their canister
    assert shown[can1.id][0].occupancy_text == "2/4" and shown[tank.id][0].occupancy_text == "2/8"
    with pytest.raises(NotFound):
        services.storage.branch(999_999)


def test_a_branch_is_read_with_the_same_statements_for_2_canisters_or_10(services, team):
    counts = []
    for name, canisters in (("Two", 2), ("Ten", 10)):
        tank = small_tank(services, team, name=name, canisters=canisters, canes=4, positions=2)
        statements = []

        def count(conn, cursor, statement, *args):
            if statement.strip().upper() != "BEGIN":      # SQLite's driver opens its transaction by statement
                statements.append(statement)
        event.listen(services.db.engine, "before_cursor_execute", count)
        try:
            branch = services.storage.branch(tank.id)
        finally:
            event.remove(services.db.engine, "before_cursor_execute", count)
        assert len(branch) == 1 + canisters and all(len(branch[c.id]) == 4 for c in branch[tank.id])
        counts.append(len(statements))
    # The tank, its canisters, every canister's canes in one IN query, the canisters' occupancy.
    assert counts[0] == counts[1] <= 4, counts


def test_cane_view_shows_what_sits_in_each_position(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=2, positions=4)
    cane = canes_of(services, tank.id)[0]
    man, _, _ = patient(services, team, clock)
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(cane.id, 2), (cane.id, 4)], colour="green")
    view = services.storage.cane_view(cane.id)
    assert view.location.occupancy_text == "2/4"
    assert [c.slot for c in view.slots] == [1, 2, 3, 4] and [c.free for c in view.slots] == [True, False, True, False]
    d = view.slots[1].device
    assert d.code == frozen.devices[0].code and d.mrn == "M-100" and d.patient_name == "YILMAZ, Mehmet"
    assert d.colour == "green" and d.position_path == "Tank A / Canister 1 / Cane 1 / Position 2"
    with pytest.raises(ValidationError, match="open one of its canes"):
        services.storage.cane_view(tank.id)
    with pytest.raises(NotFound):
        services.storage.cane_view(424242)


def test_search_by_code_name_prefix_and_mrn(services, team, clock):
    tank = small_tank(services, team)
    canes = canes_of(services, tank.id)
    a, _, _ = patient(services, team, clock, mrn="M-100", family="Öztürk", given="Ali")
    b, _, _ = patient(services, team, clock, mrn="K-777", family="Παπαδόπουλος", given="Νίκος")
    fa = freeze_ejaculate(services, team.embryologist, a.id, [(canes[0].id, 1), (canes[0].id, 2)])
    fb = freeze_ejaculate(services, team.embryologist, b.id, [(canes[1].id, 1)])
    code = fa.devices[1].code
    assert [d.code for d in services.storage.search(code.lower().replace("-", " "))] == [code]
    assert [d.id for d in services.storage.search("oztu")] == [d.id for d in fa.devices]
    assert [d.patient_id for d in services.storage.search("παπα")] == [b.id]
    assert [d.code for d in services.storage.search("K-77")] == [fb.devices[0].code]
    assert code in [d.code for d in services.storage.search(code[:5])]
    assert services.storage.search("  ") == [] and services.storage.search("nobody") == []
    bad = code[:-1] + ("X" if code[-1] != "X" else "Y")
    with pytest.raises(InvalidCode, match="check character"):
        services.storage.search(bad)
    # a name with the shape of a code is still a name
    c, _, _ = patient(services, team, clock, mrn="S-1", family="Schwartz", given="Paul")
    (sample,) = samples(services, team, clock, c)
    fc = services.cryo.freeze(team.embryologist, **freeze_kwargs(
        source_kind="tissue_sample", sample_ids=[sample.id], positions=[(canes[2].id, 1), (canes[2].id, 2)]))
    assert [d.patient_id for d in services.storage.search("Schwartz")] == [c.id, c.id]
    assert sorted(d.id for d in services.storage.search(sample.code)) == [d.id for d in fc.devices]
    assert services.storage.search(sample.code, stored_only=True)[0].stored


def test_propose_keeps_devices_together_and_fills_across_canes(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=3, positions=3)
    other = small_tank(services, team, name="Tank B", canisters=1, canes=1, positions=5)
    canes = canes_of(services, tank.id)
    man, _, _ = patient(services, team, clock)
    freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 2)])
    p = services.storage.propose_positions(2)
    assert [(x.location_id, x.slot) for x in p] == [(canes[0].id, 1), (canes[0].id, 3)]
    p = services.storage.propose_positions(3)
    assert [(x.location_id, x.slot) for x in p] == [(canes[1].id, n) for n in (1, 2, 3)]
    assert p[0].path == "Tank A / Canister 1 / Cane 2 / Position 1"
    p = services.storage.propose_positions(4, tank_id=other.id)
    assert {x.location_id for x in p} == {canes_of(services, other.id)[0].id}
    with pytest.raises(ValidationError, match="Only 8 free positions left in this tank"):
        services.storage.propose_positions(9, tank_id=tank.id)
    assert len(services.storage.propose_positions(8, tank_id=tank.id)) == 8
    with pytest.raises(ValidationError) as err:
        services.storage.propose_positions(0)
    assert "count" in err.value.field_errors
    with pytest.raises(ValidationError, match="not a tank"):
        services.storage.propose_positions(1, tank_id=canes[0].id)


def test_the_database_itself_keeps_two_devices_out_of_one_position(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=1, positions=2)
    (cane,) = canes_of(services, tank.id)
    man, _, _ = patient(services, team, clock)
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(cane.id, 1)])
    with pytest.raises(ConcurrentChange, match="Nothing was saved") as refused:
        with services.db.write() as s:
            s.add(CryoDevice(code="D-DOUBLE-1", patient_id=man.id, freeze_event_id=frozen.id, device_type="straw",
                             colour="", contents="", status="stored", location_id=cane.id, slot=1,
                             tank_id=tank.id, storage_expiry=None, quarantined=False, created_at=clock.now))
    assert "location_id" in refused.value.detail
    with services.db.read() as s:
        assert s.execute(select(StorageLocation.id)).first() is not None


def test_holder_counts_follow_every_freeze_move_thaw_and_discard_and_verify_catches_drift(services, team, clock):
    from sqlalchemy import text

    from tests.services.cryo_fixtures import eli_witness

    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    man, cycle, _ = patient(services, team, clock)
    canes = canes_of(services, tank.id)

    def kept():
        with services.db.read() as s:
            return dict(s.execute(select(StorageLocation.id, StorageLocation.occupied)
                                  .where(StorageLocation.id.in_([c.id for c in canes]))).all())

    d1, d2, d3 = freeze_ejaculate(services, team.embryologist, man.id,
                                  [(canes[0].id, 1), (canes[0].id, 2), (canes[0].id, 3)]).devices
    assert kept() == {canes[0].id: 3, canes[1].id: 0}
    services.cryo.move_devices(team.embryologist, device_ids=[d1.id], positions=[(canes[1].id, 5)], reason="tidy",
                               witness=eli_witness())
    assert kept() == {canes[0].id: 2, canes[1].id: 1}
    services.cryo.thaw(team.embryologist, device_ids=[d2.id], cycle_id=cycle.id, witness=eli_witness(),
                      sperm_found=True, twitching=3)
    assert kept() == {canes[0].id: 1, canes[1].id: 1}
    request = services.cryo.request_discard(team.embryologist, device_ids=[d3.id], reason="consent expired",
                                            consent_checked=True)
    services.cryo.approve_discard(team.supervisor, request.id, password="bench-pass-1", witness=DISCARD_WITNESS)
    assert kept() == {canes[0].id: 0, canes[1].id: 1}
    assert services.audit.verify().ok
    with services.db.write() as s:   # a count changed behind the services' back
        s.execute(text("UPDATE storage_locations SET occupied = 4 WHERE id = :id"), {"id": canes[0].id})
    report = services.audit.verify()
    assert not report.ok and any("counted as holding 4 devices but holds 0" in p for p in report.problems)


def test_tank_and_canister_totals_follow_every_change_of_their_canes_and_verify_catches_drift(
        services, team, clock):
    """A tank's and a canister's positions and devices are kept in their own rows (migration 0014): after a
    freeze, a move between canisters, a thaw, a new cane, a cane's positions changed and a cane retired, each
    is what a recount over its canes gives; a total changed behind the services' back fails verify."""
    from sqlalchemy import text

    from tests.services.cryo_fixtures import eli_witness

    tank = small_tank(services, team, canisters=2, canes=2, positions=5)
    man, cycle, _ = patient(services, team, clock)
    canes = canes_of(services, tank.id)                     # 2 canisters x 2 canes of 5

    def shown():
        (top,) = [t for t in services.storage.tanks() if t.id == tank.id]
        return [top.occupancy_text] + [c.occupancy_text for c in services.storage.children(tank.id)]

    def recounted():
        with services.db.read() as s:
            rows = s.execute(select(StorageLocation)).scalars().all()
        holders = [r for r in rows if r.kind in ("cane", "goblet")]
        total = lambda hs: f"{sum(h.occupied for h in hs)}/{sum(0 if h.retired else h.capacity for h in hs)}"  # noqa
        cans = sorted((r for r in rows if r.parent_id == tank.id), key=lambda r: (r.sort_index, r.id))
        return [total([h for h in holders if h.tank_id == tank.id])] + [
            total([h for h in holders if h.parent_id == c.id]) for c in cans if not c.retired]

    assert shown() == recounted() == ["0/20", "0/10", "0/10"]
    d1, d2, d3 = freeze_ejaculate(services, team.embryologist, man.id,
                                  [(canes[0].id, 1), (canes[0].id, 2), (canes[1].id, 1)]).devices
    assert shown() == recounted() == ["3/20", "3/10", "0/10"]
    services.cryo.move_devices(team.embryologist, device_ids=[d1.id], positions=[(canes[2].id, 4)], reason="tidy",
                               witness=eli_witness())
    assert shown() == recounted() == ["3/20", "2/10", "1/10"]
    services.cryo.thaw(team.embryologist, device_ids=[d2.id], cycle_id=cycle.id, witness=eli_witness(),
                       sperm_found=True, twitching=3)
    assert shown() == recounted() == ["2/20", "1/10", "1/10"]
    second = canes[2].parent_id
    added = services.storage.add_location(team.supervisor, parent_id=second, kind="goblet", name="Goblet 9",
                                          capacity=7)
    assert shown() == recounted() == ["2/27", "1/10", "1/17"]
    services.storage.update_location(team.supervisor, added.id, capacity=3, reason="smaller goblet")
    assert shown() == recounted() == ["2/23", "1/10", "1/13"]
    services.storage.retire_location(team.supervisor, canes[3].id, reason="cracked")
    assert shown() == recounted() == ["2/18", "1/10", "1/8"]
    assert services.audit.verify().ok
    with services.db.write() as s:   # a total changed behind the services' back
        s.execute(text("UPDATE storage_locations SET capacity = 99 WHERE id = :id"), {"id": tank.id})
    report = services.audit.verify()
    assert not report.ok and any("counted with 99 positions and 2 devices, but its canes and goblets have 18 and 2"
                                 in p for p in report.problems), report.problems
