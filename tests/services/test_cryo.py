"""Freeze, place, move, thaw and discard on a real database, with witnesses, races and history."""

import threading
from datetime import timedelta

import pytest
from sqlalchemy import select

from bench_app.domain.codes import make_code, parse_code
from bench_app.domain.enums import ConsentUse, DeviceStatus, Disposition
from bench_app.domain.errors import AuthenticationFailed, NotFound, ValidationError, WitnessRequired
from bench_app.domain.storage import DeviceEventKind, witness_identifiers
from bench_app.persistence.models import (
    AuditEvent, CodeCounter, CryoDevice, DeviceMove, DiscardEvent, FreezeEvent, MaterialLot, ThawEvent,
    WitnessRecord, thaw_event_devices,
)
from bench_app.services.registry import open_services
from tests.conftest import PASSWORD
from tests.services.cryo_fixtures import (  # noqa: F401 (lab: a fixture)
    DISCARD_WITNESS, canes_of, count, eli_witness, emma_witness, freeze_ejaculate, freeze_kwargs, lab, occupancy,
    patient, samples, small_tank, today,
)


# --- freeze -------------------------------------------------------------------------------


def test_freeze_one_sample_into_three_witnessed_straws(services, team, clock, lab):
    tank, canes, man, _, consent = lab
    (sample,) = samples(services, team, clock, man)
    positions = [(p.location_id, p.slot) for p in services.storage.propose_positions(3)]
    frozen = services.cryo.freeze(team.embryologist, **freeze_kwargs(
        source_kind="tissue_sample", sample_ids=[sample.id], positions=positions,
        witness=eli_witness("MRN M-100", "3 straw labels", "Cane 1 / 1-3")))
    assert frozen.sample_codes == (sample.code,) and frozen.mrn == "M-100"
    assert frozen.operator == "emma" and frozen.witness == "eli" and frozen.sperm_present
    assert frozen.cryoprotectant_lot == "SpermFreeze lot SF-0425"
    assert len(frozen.devices) == 3 and all(parse_code(d.code).kind == "D" for d in frozen.devices)
    assert [d.position_path for d in frozen.devices] == [
        f"Tank A / Canister 1 / Cane 1 / Position {n}" for n in (1, 2, 3)]
    assert all(d.storage_expiry == consent.storage_expiry and d.status == DeviceStatus.STORED for d in frozen.devices)
    assert frozen.devices[0].contents == f"testicular sperm suspension ({sample.code})"
    assert set(frozen.touched_locations) == {canes[0].id, canes[0].parent_id, tank.id}
    assert services.retrieval.get_sample(sample.id).disposition == Disposition.FREEZE
    assert occupancy(services, tank.id, canes[0].id) == ["3/15", "3/5"]
    recs = services.witness.records_for("freeze_events", frozen.id)
    assert [(r.step, r.witness, r.identifiers) for r in recs] == [
        ("device_loading", "eli", ("MRN M-100", "3 straw labels", "Cane 1 / 1-3"))]
    with services.db.read() as s:
        moves = s.execute(select(DeviceMove)).scalars().all()
        assert len(moves) == 3 and all(m.from_location_id is None and m.witness_record_id == recs[0].id
                                       for m in moves)
        audited = {(e.entity_type, e.action) for e in s.execute(select(AuditEvent)).scalars()}
        assert {("freeze_events", "create"), ("cryo_devices", "create"), ("device_moves", "create"),
                ("freeze_event_samples", "create"), ("tissue_samples", "update"),
                ("material_lots", "create")} <= audited
        assert s.execute(select(MaterialLot.kind)).scalar_one() == "cryoprotectant"
    assert services.cryo.get_freeze(frozen.id) == frozen.__class__(**{**frozen.__dict__, "touched_locations": ()})


def test_pooling_one_patients_samples_but_never_two_patients(services, team, clock, lab):
    _, canes, man, _, _ = lab
    other, _, _ = patient(services, team, clock, mrn="M-200", family="Kaya", given="Emre")
    s1, s2 = samples(services, team, clock, man, n=2)
    (o1,) = samples(services, team, clock, other)
    pooled = services.cryo.freeze(team.embryologist, **freeze_kwargs(
        source_kind="pooled_samples", sample_ids=[s1.id, s2.id], positions=[(canes[0].id, 1)]))
    assert set(pooled.sample_codes) == {s1.code, s2.code} and pooled.patient_id == man.id
    before = count(services, FreezeEvent), count(services, WitnessRecord)
    with pytest.raises(ValidationError) as err:
        services.cryo.freeze(team.embryologist, **freeze_kwargs(
            source_kind="pooled_samples", sample_ids=[s1.id, o1.id], positions=[(canes[0].id, 2)]))
    assert "different patients cannot be pooled" in err.value.field_errors["sample_ids"]
    assert (count(services, FreezeEvent), count(services, WitnessRecord)) == before
    with pytest.raises(ValidationError, match="two or more"):
        services.cryo.freeze(team.embryologist, **freeze_kwargs(
            source_kind="pooled_samples", sample_ids=[s1.id], positions=[(canes[0].id, 2)]))
    with pytest.raises(ValidationError) as err:
        services.cryo.freeze(team.embryologist, **freeze_kwargs(
            source_kind="tissue_sample", sample_ids=[o1.id], patient_id=man.id, positions=[(canes[0].id, 2)]))
    assert err.value.field_errors["patient_id"] == "The samples belong to another patient."


def test_ejaculate_freeze_and_samples_that_cannot_be_frozen(services, team, clock, lab):
    _, canes, man, cycle, _ = lab
    with pytest.raises(ValidationError) as err:
        services.cryo.freeze(team.embryologist, **freeze_kwargs(source_kind="ejaculate",
                                                                positions=[(canes[0].id, 1)]))
    assert set(err.value.field_errors) == {"patient_id"}
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)], sperm_present=True,
                              pre_freeze_motile=None, pre_freeze_immotile=None, contents="")
    assert frozen.sample_codes == () and frozen.devices[0].contents == "ejaculated sperm"
    a, b, c = samples(services, team, clock, man, n=3)
    services.retrieval.set_disposition(team.embryologist, a.id, "discarded", note="contaminated")
    services.retrieval.set_disposition(team.embryologist, b.id, "histology", note="H-55")
    services.retrieval.set_disposition(team.embryologist, c.id, "fresh_icsi", cycle_id=cycle.id)
    for x, words in ((a, "was discarded"), (b, "went for histology"), (c, "fresh ICSI")):
        with pytest.raises(ValidationError) as err:
            services.cryo.freeze(team.embryologist, **freeze_kwargs(
                source_kind="tissue_sample", sample_ids=[x.id], positions=[(canes[0].id, 2)]))
        assert words in err.value.field_errors["sample_ids"]


def test_freeze_form_errors_are_keyed_by_parameter(services, team, clock, lab):
    _, canes, man, _, _ = lab
    with pytest.raises(ValidationError) as err:
        services.cryo.freeze(team.embryologist, source_kind="melted", patient_id=man.id, method="boiling",
                             cryoprotectant="", cryoprotectant_lot="", device_count=2, device_type="bag",
                             positions=[(canes[0].id, 1)], witness=eli_witness(), colour="x" * 30,
                             pre_freeze_motile=-1, sperm_present=False, frozen_at=clock.now + timedelta(hours=1))
    assert set(err.value.field_errors) == {
        "source_kind", "method", "device_type", "cryoprotectant", "cryoprotectant_lot", "colour", "positions",
        "pre_freeze_motile", "frozen_at"}
    with pytest.raises(ValidationError) as err:
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)], pre_freeze_motile=None,
                         pre_freeze_immotile=None)
    assert "pre-freeze assessment" in err.value.field_errors["sperm_present"]
    with pytest.raises(ValidationError) as err:
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)], sperm_present=False)
    assert err.value.field_errors == {"sperm_present": "Sperm were counted, so they are present."}
    with pytest.raises(ValidationError, match="between 1 and 50"):
        freeze_ejaculate(services, team.embryologist, man.id, [], device_count=0)


def test_freeze_needs_a_valid_consent_to_storage(services, team, clock, lab):
    _, canes, _, _, _ = lab
    none, _, _ = patient(services, team, clock, mrn="N-1", uses=())
    treat_only, _, _ = patient(services, team, clock, mrn="N-2", uses=(ConsentUse.TREATMENT,), expiry_days=None)
    expired, _, _ = patient(services, team, clock, mrn="N-3", expiry_days=5)
    withdrawn, _, consent = patient(services, team, clock, mrn="N-4")
    services.patients.withdraw_consent(team.embryologist, consent.id, withdrawn_on=today(clock), reason="letter")
    clock.advance(days=6)
    for who, words in ((none, "has no consent to storage"), (treat_only, "has no consent to storage"),
                       (expired, "expired on"), (withdrawn, "withdrew consent to storage")):
        with pytest.raises(ValidationError) as err:
            freeze_ejaculate(services, team.embryologist, who.id, [(canes[0].id, 1)])
        assert words in err.value.field_errors["consent"] and who.mrn in err.value.field_errors["consent"]
    assert count(services, CryoDevice) == 0


def test_occupied_full_retired_and_unknown_positions_are_refused(services, team, clock, lab):
    tank, canes, man, _, _ = lab
    first = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, n) for n in range(1, 6)])
    with pytest.raises(ValidationError) as err:
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 3)])
    assert err.value.field_errors["positions"] == (
        f"Tank A / Canister 1 / Cane 1 / Position 3 is occupied by {first.devices[2].code}.")
    with pytest.raises(ValidationError, match="has positions 1 to 5, not 6"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 6)])
    with pytest.raises(ValidationError, match="chosen twice"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[1].id, 1), (canes[1].id, 1)])
    with pytest.raises(ValidationError, match="is a canister"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].parent_id, 1)])
    with pytest.raises(ValidationError, match="no storage location #4242"):
        freeze_ejaculate(services, team.embryologist, man.id, [(4242, 1)])
    services.storage.retire_location(team.supervisor, canes[2].id, reason="bent")
    with pytest.raises(ValidationError, match="retired"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[2].id, 1)])
    assert count(services, FreezeEvent) == 1 and occupancy(services, tank.id) == ["5/10"]


def test_no_witness_or_a_wrong_pin_saves_nothing(services, team, clock, lab):
    _, canes, man, _, _ = lab
    with pytest.raises(WitnessRequired):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)], witness=None)
    with pytest.raises(AuthenticationFailed):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)],
                         witness=eli_witness().__class__(username="eli", secret="0000", identifiers=("x",)))
    with pytest.raises(ValidationError, match="different person"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)], witness=emma_witness())
    assert count(services, FreezeEvent) == 0 and count(services, CryoDevice) == 0
    assert count(services, WitnessRecord) == 0 and count(services, MaterialLot) == 0


def test_reserved_codes_are_printed_first_and_used_for_the_devices(services, team, clock, lab):
    _, canes, man, _, _ = lab
    codes = services.cryo.reserve_device_codes(team.embryologist, 2)
    proposed = services.storage.propose_positions(2)
    seen = witness_identifiers(man.mrn, codes, [p.path for p in proposed])
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [p.key for p in proposed],
                              device_codes=[c.lower() for c in codes], witness=eli_witness(*seen))
    assert [d.code for d in frozen.devices] == list(codes)
    (rec,) = services.witness.records_for("freeze_events", frozen.id)
    assert rec.identifiers == ("MRN M-100", *codes, "Tank A / Canister 1 / Cane 1 / Position 1",
                               "Tank A / Canister 1 / Cane 1 / Position 2")
    with pytest.raises(ValidationError, match="already on another device"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 3)], device_codes=[codes[0]])
    with pytest.raises(ValidationError, match="not issued here"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 3)], device_codes=[make_code("D", 999)])
    bad = codes[0][:-1] + ("X" if codes[0][-1] != "X" else "Y")
    with pytest.raises(ValidationError, match="check character"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 3)], device_codes=[bad])
    with pytest.raises(ValidationError, match="one code for each"):
        freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 3), (canes[0].id, 4)],
                         device_codes=[make_code("D", 1)])


# --- two workstations racing for one position ---------------------------------------------


def test_the_loser_of_a_race_for_a_position_is_told_and_nothing_is_half_written(
        services, team, clock, lab, db_url, monkeypatch):
    tank, canes, man, _, _ = lab
    other = open_services(db_url, clock=clock, workstation="bench-ws-2")
    try:
        target = [(canes[1].id, 3)]
        real_verify = services.witness.verify

        def verify_while_the_other_bench_saves(*args, **kwargs):
            verified = real_verify(*args, **kwargs)   # while our witness types their PIN ...
            freeze_ejaculate(other, team.embryologist2, man.id, target, witness=emma_witness(),
                             cryoprotectant_lot="OTHER-1")
            return verified

        monkeypatch.setattr(services.witness, "verify", verify_while_the_other_bench_saves)
        with services.db.read() as s:
            audit_before = s.execute(select(AuditEvent.id).order_by(AuditEvent.id.desc())).scalars().first()
        with pytest.raises(ValidationError) as err:
            freeze_ejaculate(services, team.embryologist, man.id, [(canes[1].id, 2), *target],
                             cryoprotectant_lot="MINE-1")
        assert err.value.field_errors == {"positions": (
            "Tank A / Canister 1 / Cane 2 / Position 3 was just taken at another workstation. "
            "Nothing was saved: choose another position.")}
        with services.db.read() as s:
            assert s.execute(select(CryoDevice.location_id, CryoDevice.slot)).all() == target
            assert s.execute(select(FreezeEvent.operator_id)).scalars().all() == [team.embryologist2.id]
            assert s.execute(select(MaterialLot.lot_number)).scalars().all() == ["OTHER-1"]
            assert s.execute(select(CodeCounter.last_serial).where(CodeCounter.kind == "*")).scalar_one() == 1
            assert s.execute(select(WitnessRecord.performer_id)).scalars().all() == [team.embryologist2.id]
            ours = s.execute(select(AuditEvent.entity_type, AuditEvent.action).where(
                AuditEvent.id > audit_before, AuditEvent.workstation == services.ctx.workstation)).all()
            assert ours == []   # nothing of our step was kept
        assert occupancy(services, canes[1].id) == ["1/5"]
    finally:
        other.close()


def test_two_threads_freezing_into_one_position_at_once(services, team, clock, lab, db_url):
    _, canes, man, _, _ = lab
    benches = [open_services(db_url, clock=clock, workstation=f"ws-{i}") for i in range(2)]
    performers = [(team.embryologist, eli_witness()), (team.embryologist2, emma_witness())]
    start = threading.Barrier(2)
    outcomes: list[object] = [None, None]

    def work(i):
        start.wait()
        actor, witness = performers[i]
        try:
            outcomes[i] = freeze_ejaculate(benches[i], actor, man.id, [(canes[2].id, 5)], witness=witness)
        except Exception as exc:  # noqa: BLE001 - the test inspects it
            outcomes[i] = exc

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        for b in benches:
            b.close()
    errors = [o for o in outcomes if isinstance(o, Exception)]
    assert len(errors) == 1 and isinstance(errors[0], ValidationError), outcomes
    assert "occupied by" in str(errors[0]) or "just taken" in str(errors[0])
    assert count(services, CryoDevice) == 1 and count(services, FreezeEvent) == 1


# --- move -----------------------------------------------------------------------------------


def test_move_is_witnessed_frees_the_old_position_and_allows_swaps(services, team, clock, lab):
    tank, canes, man, _, _ = lab
    frozen = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1), (canes[0].id, 2)])
    d1, d2 = frozen.devices
    clock.advance(minutes=5)
    result = services.cryo.move_devices(team.embryologist, device_ids=[d1.id], positions=[(canes[1].id, 4)],
                                        reason="consolidate", witness=eli_witness(d1.code, "Cane 2 / 4"))
    (mv,) = result.moves
    assert (mv.from_path, mv.to_path, mv.witness, mv.reason) == (
        "Tank A / Canister 1 / Cane 1 / Position 1", "Tank A / Canister 1 / Cane 2 / Position 4", "eli", "consolidate")
    assert set(result.touched_locations) == {canes[0].id, canes[1].id, canes[0].parent_id, tank.id}
    assert occupancy(services, canes[0].id, canes[1].id, tank.id) == ["1/5", "1/5", "2/15"]
    assert services.storage.cane_view(canes[0].id).slots[0].free
    # the freed position takes a new device at once
    freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)])
    with pytest.raises(ValidationError) as err:
        services.cryo.move_devices(team.embryologist, device_ids=[d2.id], positions=[(canes[0].id, 1)],
                                   reason="x", witness=eli_witness())
    assert "is occupied by" in err.value.field_errors["positions"]
    swap = services.cryo.move_devices(team.embryologist, device_ids=[d1.id, d2.id],
                                      positions=[(canes[0].id, 2), (canes[1].id, 4)], reason="swap",
                                      witness=eli_witness())
    assert [m.to_path[-10:] for m in swap.moves] == ["Position 2", "Position 4"]
    assert services.cryo.get_device(d1.id).slot == 2 and services.cryo.get_device(d2.id).location_id == canes[1].id
    assert len(services.witness.records_for("cryo_devices", d1.id)) == 2


def test_move_rules(services, team, clock, lab):
    _, canes, man, _, _ = lab
    (d,) = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)]).devices
    with pytest.raises(ValidationError) as err:
        services.cryo.move_devices(team.embryologist, device_ids=[d.id], positions=[(canes[0].id, 1)], reason=" ",
                                   witness=eli_witness())
    assert set(err.value.field_errors) == {"reason"}
    with pytest.raises(ValidationError, match="already at that position"):
        services.cryo.move_devices(team.embryologist, device_ids=[d.id], positions=[(canes[0].id, 1)],
                                   reason="x", witness=eli_witness())
    with pytest.raises(WitnessRequired):
        services.cryo.move_devices(team.embryologist, device_ids=[d.id], positions=[(canes[0].id, 2)],
                                   reason="x", witness=None)
    with pytest.raises(NotFound):
        services.cryo.move_devices(team.embryologist, device_ids=[999], positions=[(canes[0].id, 2)],
                                   reason="x", witness=eli_witness())
    assert services.cryo.get_device(d.id).slot == 1 and count(services, DeviceMove) == 1


# --- thaw -----------------------------------------------------------------------------------


def test_thaw_by_scanned_code_for_the_patients_cycle(services, team, clock, lab):
    tank, canes, man, cycle, _ = lab
    d1, d2, d3 = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, n) for n in (1, 2, 3)]).devices
    clock.advance(days=30)
    thaw = services.cryo.thaw(team.embryologist, device_ids=[d1.id], device_codes=[d2.code.lower().replace("-", "")],
                              cycle_id=cycle.id, witness=eli_witness("MRN M-100", d1.code, d2.code),
                              sperm_found=True, progressive=2, non_progressive=3, twitching=5, immotile=20,
                              thaw_medium="Sperm wash", thaw_medium_lot="SW-1")
    assert thaw.device_codes == tuple(sorted([d1.code, d2.code])) and thaw.motile == 10 and thaw.witness == "eli"
    assert set(thaw.from_paths) == {"Tank A / Canister 1 / Cane 1 / Position 1",
                                    "Tank A / Canister 1 / Cane 1 / Position 2"}
    assert thaw.thaw_medium_lot == "Sperm wash lot SW-1" and thaw.cycle_id == cycle.id
    gone = services.cryo.get_device(d1.id)
    assert gone.status == DeviceStatus.THAWED and gone.location_id is None and gone.slot is None
    assert gone.position_path == "" and gone.tank_id is None
    assert occupancy(services, canes[0].id, tank.id) == ["1/5", "1/15"]
    with services.db.read() as s:
        links = s.execute(select(thaw_event_devices.c.device_id, thaw_event_devices.c.from_slot)
                          .order_by(thaw_event_devices.c.from_slot)).all()
    assert links == [(d1.id, 1), (d2.id, 2)]
    assert [t.id for t in services.cryo.thaws_for_cycle(cycle.id)] == [thaw.id]
    assert services.cryo.get_thaw(thaw.id) == thaw.__class__(**{**thaw.__dict__, "touched_locations": ()})
    # a thawed device never returns to storage
    with pytest.raises(ValidationError) as err:
        services.cryo.move_devices(team.embryologist, device_ids=[d1.id], positions=[(canes[1].id, 1)],
                                   reason="put back", witness=eli_witness())
    assert "never returns to storage" in err.value.field_errors["device_ids"]
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_ids=[d1.id], cycle_id=cycle.id, witness=eli_witness(),
                           sperm_found=True)
    assert "only a stored device can be thawed" in err.value.field_errors["device_ids"]
    assert services.cryo.get_device(d3.id).stored


def test_thaw_rules(services, team, clock, lab):
    _, canes, man, cycle, _ = lab
    other, other_cycle, _ = patient(services, team, clock, mrn="M-200", family="Kaya", given="Emre")
    banker, _, _ = patient(services, team, clock, mrn="M-300", uses=(ConsentUse.STORAGE,))
    (d,) = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)]).devices
    (od,) = freeze_ejaculate(services, team.embryologist, other.id, [(canes[0].id, 2)]).devices
    (bd,) = freeze_ejaculate(services, team.embryologist, banker.id, [(canes[0].id, 3)]).devices
    bad = d.code[:-1] + ("X" if d.code[-1] != "X" else "Y")
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_codes=[bad], cycle_id=None, witness=eli_witness(),
                           sperm_found=None)
    assert "check character" in err.value.field_errors["device_codes"]
    assert set(err.value.field_errors) == {"device_codes", "cycle_id", "sperm_found"}
    with pytest.raises(ValidationError, match="no device has the code|No device has the code"):
        services.cryo.thaw(team.embryologist, device_codes=[make_code("D", 777)], cycle_id=cycle.id,
                           witness=eli_witness(), sperm_found=True)
    with pytest.raises(ValidationError, match="one patient"):
        services.cryo.thaw(team.embryologist, device_ids=[d.id, od.id], cycle_id=cycle.id, witness=eli_witness(),
                           sperm_found=True)
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_ids=[d.id], cycle_id=other_cycle.id, witness=eli_witness(),
                           sperm_found=True)
    assert "male partner" in err.value.field_errors["cycle_id"]
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_ids=[bd.id], cycle_id=cycle.id, witness=eli_witness(),
                           sperm_found=False, immotile=3)
    assert err.value.field_errors == {"sperm_found": "Sperm were counted, so sperm were found."}
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_ids=[bd.id], cycle_id=cycle.id, witness=eli_witness(),
                           sperm_found=False)
    assert "has no consent to treatment" in err.value.field_errors["consent"]
    assert "male partner" in err.value.field_errors["cycle_id"]   # the banker's own cycle is not this one
    with pytest.raises(WitnessRequired):
        services.cryo.thaw(team.embryologist, device_ids=[d.id], cycle_id=cycle.id, witness=None, sperm_found=True)
    assert count(services, ThawEvent) == 0 and services.cryo.get_device(d.id).stored


def test_withdrawn_treatment_consent_blocks_a_thaw(services, team, clock, lab):
    _, canes, man, cycle, consent = lab
    (d,) = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, 1)]).devices
    services.patients.withdraw_consent(team.embryologist, consent.id, withdrawn_on=today(clock), reason="letter")
    with pytest.raises(ValidationError) as err:
        services.cryo.thaw(team.embryologist, device_ids=[d.id], cycle_id=cycle.id, witness=eli_witness(),
                           sperm_found=True)
    assert "withdrew consent to treatment" in err.value.field_errors["consent"]


# --- expiry, patient devices and history -----------------------------------------------------


def test_expiry_lists_and_counts(services, team, clock):
    tank = small_tank(services, team, canisters=1, canes=2, positions=5)
    canes = canes_of(services, tank.id)
    spans = {"E-10": 10, "E-45": 45, "E-80": 80, "E-200": 200, "E-3": 3}
    devices = {}
    for i, (mrn, days) in enumerate(spans.items()):
        man, _, _ = patient(services, team, clock, mrn=mrn, expiry_days=days)
        devices[mrn] = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, i + 1)]).devices[0]
    clock.advance(days=5)          # E-3 has now expired; the others are 5 days nearer
    assert [r.mrn for r in services.cryo.devices_expiring(30)] == ["E-10"]
    assert [r.mrn for r in services.cryo.devices_expiring(60)] == ["E-10", "E-45"]
    rows = services.cryo.devices_expiring(90)
    assert [(r.mrn, r.days_left, r.band) for r in rows] == [
        ("E-10", 5, "within 30 days"), ("E-45", 40, "within 60 days"), ("E-80", 75, "within 90 days")]
    assert rows[0].position_path == "Tank A / Canister 1 / Cane 1 / Position 1" and rows[0].code == devices["E-10"].code
    (gone,) = services.cryo.devices_expired()
    assert (gone.mrn, gone.days_left, gone.expired, gone.band) == ("E-3", -2, True, "expired")
    assert services.cryo.expiry_counts().__dict__ == {"expired": 1, "within_30": 1, "within_60": 2, "within_90": 3}
    services.cryo.move_devices(team.embryologist, device_ids=[devices["E-10"].id], positions=[(canes[1].id, 1)],
                               reason="tidy", witness=eli_witness())
    assert services.cryo.devices_expiring(30)[0].position_path.endswith("Cane 2 / Position 1")
    with pytest.raises(ValidationError):
        services.cryo.devices_expiring(-1)


def test_patient_devices_and_their_history(services, team, clock, lab):
    _, canes, man, cycle, _ = lab
    d1, d2, d3 = freeze_ejaculate(services, team.embryologist, man.id, [(canes[0].id, n) for n in (1, 2, 3)]).devices
    clock.advance(days=1)
    services.cryo.move_devices(team.embryologist, device_ids=[d1.id], positions=[(canes[1].id, 1)],
                               reason="reorganise", witness=eli_witness())
    clock.advance(days=1)
    services.cryo.thaw(team.embryologist2, device_ids=[d2.id], cycle_id=cycle.id, witness=emma_witness(),
                       sperm_found=True, progressive=1, immotile=4)
    clock.advance(days=1)
    req = services.cryo.request_discard(team.embryologist, device_ids=[d3.id], reason="damaged straw",
                                        consent_checked=True)
    services.cryo.approve_discard(team.supervisor, req.id, password=PASSWORD, witness=DISCARD_WITNESS)
    devices = services.cryo.patient_devices(man.id)
    assert [(d.code, d.status) for d in devices] == [
        (d1.code, DeviceStatus.STORED), (d2.code, DeviceStatus.THAWED), (d3.code, DeviceStatus.DISCARDED)]
    assert devices[0].position_path == "Tank A / Canister 1 / Cane 2 / Position 1"
    histories = {h.device.id: h for h in services.cryo.patient_history(man.id)}
    h1 = histories[d1.id]
    assert [e.kind for e in h1.events] == [DeviceEventKind.FREEZE, DeviceEventKind.PLACEMENT, DeviceEventKind.MOVE]
    move = h1.events[2]
    assert (move.operator, move.witness, move.reason, move.from_path, move.to_path) == (
        "emma", "eli", "reorganise", "Tank A / Canister 1 / Cane 1 / Position 1",
        "Tank A / Canister 1 / Cane 2 / Position 1")
    assert "vitrification" in h1.events[0].description and "SpermFreeze lot SF-0425" in h1.events[0].description
    assert h1.events[0].witness == "eli"
    h2 = histories[d2.id]
    assert [e.kind for e in h2.events][-1] == DeviceEventKind.THAW
    assert (h2.events[-1].operator, h2.events[-1].witness) == ("eli", "emma")
    assert f"for the ICSI cycle started {cycle.start_date.isoformat()}" in h2.events[-1].description
    assert "#" not in h2.events[-1].description and "motile 1, immotile 4" in h2.events[-1].description
    assert h2.events[-1].from_path.endswith("Cane 1 / Position 2")
    h3 = services.cryo.device_history(d3.id)
    assert [e.kind for e in h3.events][-2:] == [DeviceEventKind.DISCARD_REQUESTED, DeviceEventKind.DISCARD_APPROVED]
    assert "Sam Supervisor (approved)" in h3.events[-1].description and h3.events[-2].operator == "emma"
    assert services.cryo.find_device(d3.code.lower()).status == DeviceStatus.DISCARDED
    with pytest.raises(NotFound):
        services.cryo.find_device(make_code("D", 4000))
    with pytest.raises(NotFound):
        services.cryo.patient_devices(98765)
    with services.db.read() as s:
        assert s.execute(select(DiscardEvent.status)).scalar_one() == "approved"
