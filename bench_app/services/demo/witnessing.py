"""Demo area: double-witnessed transfers of a man's material, and one mismatch that was caught.

Samples arrive with a later issue; until then the witnessed step is a container transfer
recorded against the patient, which is a real critical step with a real witness record.
"""

from __future__ import annotations

from datetime import timedelta

from bench_app.domain.errors import WitnessMismatch
from bench_app.domain.names import listing_of
from bench_app.domain.witnessing import CriticalStep
from bench_app.services.demo.plan import CouplePlan
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld
from bench_app.services.witness_service import WitnessInput


def demo_witnessing(world: DemoWorld) -> None:
    """A witnessed transfer on the first lab day of some men's cycles; one is caught as a mismatch."""
    candidates = [(plan, cycle.start_date) for plan in world.couples
                  for cycle in plan.cycles[:1]
                  if plan.registered_at.date() < cycle.start_date < world.today]
    count = min(len(candidates), max(2, len(world.couples) // 4))
    chosen = sorted(world.rng.sample(candidates, count), key=lambda c: c[1])
    emma, eli = world.team.embryologists
    pairs = ((emma, eli), (eli, emma), (world.team.supervisor, emma))
    for n, (plan, day) in enumerate(chosen):
        performer, witness = pairs[n % len(pairs)]
        at = local_moment(day, 9, 0) + timedelta(minutes=world.rng.randrange(0, 180, 5))
        mismatch = n == count - 1 and len(world.couples) >= 8
        _schedule(world, plan, performer, witness, at, mismatch=mismatch)


def _schedule(world: DemoWorld, plan: CouplePlan, performer, witness, at, *, mismatch: bool) -> None:
    service = world.services.witness
    man = plan.male

    def check(matched: bool, identifiers: tuple[str, ...]) -> None:
        service.witness_step(performer, CriticalStep.CONTAINER_TRANSFER.value,
                             WitnessInput(username=witness.username, secret=world.team.pin(witness.username),
                                          identifiers=identifiers, matched=matched),
                             entity_type="patients", entity_id=man.patient_id)
        world.witness_records += 1

    identifiers = (f"MRN {man.mrn}", listing_of(man), f"DOB {man.date_of_birth}")

    def step() -> None:
        if not mismatch:
            check(True, identifiers)
            return
        wrong = (f"MRN {man.mrn[:-1]}{(int(man.mrn[-1]) + 1) % 10}", *identifiers[1:])
        try:  # the tube's label shows a mistyped MRN: the witness stops the transfer
            check(False, wrong)
        except WitnessMismatch:
            world.witness_records += 1
            world.incidents += 1

    world.agenda.at(at, step)
    if mismatch:  # relabelled from the request form, then checked again
        world.agenda.at(at + timedelta(minutes=12), lambda: check(True, identifiers))
