"""Demo area: registering couples and men banking alone, their diagnosis, consents and cycles."""

from __future__ import annotations

from datetime import timedelta

from bench_app.domain.enums import CycleStatus
from bench_app.services.demo.plan import CouplePlan, CyclePlan
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld


def demo_couples(world: DemoWorld) -> None:
    """Put each planned couple's registration and follow-up on the agenda."""
    for plan in world.couples:
        _schedule(world, plan)


def _schedule(world: DemoWorld, plan: CouplePlan) -> None:
    patients = world.services.patients
    team = world.team
    clerk = world.rng.choice((*team.embryologists, *team.embryologists, team.supervisor))
    at = plan.registered_at

    def register() -> None:
        info = patients.register_couple(clerk, male=plan.male.fields(),
                                        female=plan.female.fields() if plan.female else None)
        plan.couple_id = info.id
        plan.male.patient_id = info.male.id
        if plan.female is not None and info.female is not None:
            plan.female.patient_id = info.female.id

    def diagnose() -> None:
        patients.record_diagnosis(clerk, patient_id=plan.male.patient_id, azoospermia_type=plan.azoospermia_type,
                                  etiology=plan.etiology.value, diagnosed_on=plan.diagnosed_on,
                                  notes=plan.diagnosis_notes)

    world.agenda.at(at, register)
    world.agenda.at(at + timedelta(minutes=10), diagnose)
    for n, (person, consent) in enumerate(plan.consents):
        def record(person=person, consent=consent) -> None:
            patients.record_consent(clerk, patient_id=person.patient_id, permitted_uses=consent.uses,
                                    signed_on=consent.signed_on, storage_expiry=consent.storage_expiry,
                                    notes=consent.notes)
        world.agenda.at(at + timedelta(minutes=20 + n), record)
    for n, cycle in enumerate(plan.cycles):
        _schedule_cycle(world, plan, cycle, clerk, at + timedelta(minutes=30 + n))


def _schedule_cycle(world: DemoWorld, plan: CouplePlan, cycle: CyclePlan, clerk, created_at) -> None:
    patients = world.services.patients
    supervisor = world.team.supervisor

    def create() -> None:
        info = patients.create_cycle(clerk, couple_id=plan.couple_id, cycle_type=cycle.cycle_type,
                                     start_date=cycle.start_date, notes=cycle.notes)
        cycle.cycle_id = info.id
        if cycle.status == CycleStatus.PLANNED:
            patients.set_cycle_status(clerk, info.id, CycleStatus.PLANNED, reason="booked ahead")

    world.agenda.at(created_at, create)
    if cycle.status in (CycleStatus.COMPLETED, CycleStatus.CANCELLED):
        done = cycle.status == CycleStatus.COMPLETED
        when = local_moment(cycle.start_date + timedelta(days=1 if done else 0), 16 if done else 8, 15)
        by = clerk if done else supervisor

        def close() -> None:
            patients.set_cycle_status(by, cycle.cycle_id, cycle.status, reason=cycle.reason)

        # A record moved over from paper is closed right after it is entered.
        world.agenda.at(max(when, created_at + timedelta(hours=2)), close)
