"""A small lab for tank-audit tests: a tank, two patients' devices, one thawed, one misfiled."""

from __future__ import annotations

from dataclasses import dataclass

from bench_app.services.witness_service import WitnessInput
from tests.services.cryo_fixtures import canes_of, eli_witness, freeze_ejaculate, patient, small_tank


def sam_witness(*ids: str) -> WitnessInput:
    return WitnessInput(username="sam", secret="1111", identifiers=ids or ("cane code", "device codes"))


def emma_witness(*ids: str) -> WitnessInput:
    return WitnessInput(username="emma", secret="2222", identifiers=ids or ("cane code", "device codes"))


@dataclass
class AuditLab:
    tank: object
    canes: list
    a_devices: list     # patient A: cane 0 slots 1-3
    b_devices: list     # patient B: cane 1 slots 1-2
    thawed: object      # patient A's device thawed (records say), from cane 0 slot 4


def audit_lab(services, team, clock) -> AuditLab:
    tank = small_tank(services, team)
    canes = canes_of(services, tank.id)
    man_a, cycle_a, _ = patient(services, team, clock)
    man_b, _, _ = patient(services, team, clock, mrn="M-200", family="Petrova", given="Olga")
    a = list(freeze_ejaculate(services, team.embryologist, man_a.id,
                              [(canes[0].id, n) for n in (1, 2, 3, 4)]).devices)
    b = list(freeze_ejaculate(services, team.embryologist, man_b.id, [(canes[1].id, n) for n in (1, 2)]).devices)
    clock.advance(days=1)
    services.cryo.thaw(team.embryologist, device_ids=[a[3].id], cycle_id=cycle_a.id, witness=eli_witness(),
                       sperm_found=True, progressive=1)
    clock.advance(hours=1)
    return AuditLab(tank, canes, a[:3], b, a[3])
