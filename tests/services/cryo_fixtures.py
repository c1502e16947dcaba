"""Helpers for storage and cryo tests: a small tank, consenting patients, samples, a freeze."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from bench_app.domain.enums import ConsentUse, CycleType
from bench_app.services.witness_service import WitnessInput


def eli_witness(*identifiers: str) -> WitnessInput:
    """Eli (PIN 3333) witnesses Emma's step."""
    return WitnessInput(username="eli", secret="3333", identifiers=identifiers or ("MRN", "D codes", "positions"))


def emma_witness(*identifiers: str) -> WitnessInput:
    return WitnessInput(username="emma", secret="2222", identifiers=identifiers or ("MRN", "D codes", "positions"))


def small_tank(services, team, name="Tank A", canisters=2, canes=3, positions=5, **kw):
    return services.storage.create_tank(team.supervisor, name=name, canisters=canisters,
                                        holders_per_canister=canes, positions_per_holder=positions, **kw)


def canes_of(services, tank_id):
    """Every cane of a tank, canister by canister, in map order."""
    return [cane for can in services.storage.children(tank_id) for cane in services.storage.children(can.id)]


def today(clock) -> date:
    return clock.now.astimezone().date()


def patient(services, team, clock, *, mrn="M-100", family="Yılmaz", given="Mehmet",
            uses=(ConsentUse.STORAGE, ConsentUse.TREATMENT), expiry_days: int | None = 3650, with_cycle=True):
    """A male patient with a female partner, an ICSI cycle and (unless ``uses`` is empty) a consent."""
    couple = services.patients.register_couple(
        team.embryologist,
        male=dict(mrn=mrn, family_name=family, given_names=given, date_of_birth=date(1984, 1, 2)),
        female=dict(mrn=mrn + "F", family_name=family, given_names="Ayşe", date_of_birth=date(1987, 3, 4)))
    cycle = services.patients.create_cycle(team.embryologist, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                           start_date=today(clock)) if with_cycle else None
    consent = None
    if uses:
        consent = services.patients.record_consent(
            team.embryologist, patient_id=couple.male.id, permitted_uses=uses,
            signed_on=today(clock) - timedelta(days=10),
            storage_expiry=today(clock) + timedelta(days=expiry_days) if expiry_days is not None else None)
    return couple.male, cycle, consent


def samples(services, team, clock, patient_summary, n=1):
    """A micro-TESE procedure for the patient with ``n`` witnessed samples."""
    proc = services.retrieval.create_procedure(
        team.embryologist, patient_id=patient_summary.id, cycle_id=None, procedure_type="micro-TESE",
        started_at=clock.now - timedelta(hours=1), surgeon="Dr. Demo", anaesthesia="general", side="both",
        indication="NOA", planned_use="freeze")
    return [services.retrieval.receive_sample(team.embryologist, procedure_id=proc.id,
                                              received_at=clock.now - timedelta(minutes=30),
                                              witness=eli_witness("MRN", "tube"), side="left", site=f"site {i}")
            for i in range(n)]


def freeze_kwargs(**kw):
    base = dict(method="vitrification", cryoprotectant="SpermFreeze", cryoprotectant_lot="SF-0425",
                device_type="straw", colour="blue", pre_freeze_motile=12, pre_freeze_immotile=30,
                witness=eli_witness())
    base.update(kw)
    if "positions" in base and "device_count" not in base:
        base["device_count"] = len(base["positions"])
    return base


def freeze_ejaculate(services, actor, patient_id, positions, **kw):
    return services.cryo.freeze(actor, **freeze_kwargs(source_kind="ejaculate", patient_id=patient_id,
                                                       positions=positions, **kw))


def count(services, table) -> int:
    """Rows in a table (an ORM class or a Table)."""
    with services.db.read() as s:
        return s.execute(select(func.count()).select_from(table)).scalar_one()


# Eli checks the devices' labels as the supervisor discards them (discard is a witness point).
DISCARD_WITNESS = WitnessInput(username="eli", secret="3333", identifiers=("MRN", "device codes"))


@pytest.fixture
def lab(services, team, clock):
    """A tank (1 canister, 3 canes of 5) and a consenting patient with an ICSI cycle."""
    tank = small_tank(services, team, canisters=1, canes=3, positions=5)
    man, cycle, consent = patient(services, team, clock)
    return tank, canes_of(services, tank.id), man, cycle, consent


def occupancy(services, *ids):
    return [n.occupancy_text for n in services.storage.get_locations(list(ids))]
