"""Running the demo: one seed, one clock, every area on one agenda, then a summary."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import select

from bench_app.domain.errors import ValidationError
from bench_app.persistence.engine import Database
from bench_app.persistence.models import Patient
from bench_app.services.demo.couples import demo_couples
from bench_app.services.demo.people import DemoUser, demo_people
from bench_app.services.demo.plan import MrnSequence, plan_couples
from bench_app.services.demo.cryo import demo_cryo
from bench_app.services.demo.icsi import demo_icsi
from bench_app.services.demo.outcomes import demo_outcomes
from bench_app.services.demo.retrievals import demo_retrievals
from bench_app.services.demo.tank_audit import demo_tank_audit
from bench_app.services.demo.timeline import Agenda, DemoClock, local_moment
from bench_app.services.demo.witnessing import demo_witnessing
from bench_app.services.demo.world import DemoWorld
from bench_app.services.registry import build_services

DEMO_WORKSTATION = "bench-1 (demo)"
MAX_COUPLES = 500


@dataclass(frozen=True)
class DemoReport:
    seed: int
    couples: int
    patients: int
    cycles_today: int
    witness_records: int
    incidents: int
    mrns: tuple[str, ...]
    sign_ins: tuple[DemoUser, ...]


def run_demo(db: Database, *, couples: int = 24, seed: int | None = None, today: date | None = None,
             admin_username: str | None = None, admin_password: str | None = None,
             workstation: str = DEMO_WORKSTATION) -> DemoReport:
    """Add ``couples`` invented couples (about a fifth of them men banking alone) to ``db``.

    The same seed and the same ``today`` give the same people and records. Without a
    seed, an empty database uses seed 1 and a database with patients a seed derived
    from their number, so running the demo again adds different people.
    """
    if not 1 <= couples <= MAX_COUPLES:
        raise ValidationError.single("couples", f"The demo makes 1 to {MAX_COUPLES} couples.")
    today = today or date.today()
    with db.read() as s:
        taken = set(s.execute(select(Patient.mrn)).scalars())
    seed = (len(taken) + 1 if taken else 1) if seed is None else seed
    rng = random.Random(seed)
    clock = DemoClock(local_moment(today - timedelta(days=160), 7, 30))
    services = build_services(db, clock=clock, workstation=workstation)
    team = demo_people(services, admin_username=admin_username, admin_password=admin_password)
    plans = plan_couples(rng, couples, today, MrnSequence(rng, taken))
    world = DemoWorld(services, team, rng, today, Agenda(), plans)
    demo_couples(world)
    demo_witnessing(world)
    demo_retrievals(world)
    demo_cryo(world)
    demo_icsi(world)
    demo_tank_audit(world)
    demo_outcomes(world)
    world.agenda.run(clock)
    return DemoReport(
        seed=seed, couples=len(plans), patients=sum(2 if p.female else 1 for p in plans),
        cycles_today=sum(c.start_date == today for p in plans for c in p.cycles),
        witness_records=world.witness_records, incidents=world.incidents,
        mrns=tuple(m for p in plans for m in ((p.male.mrn, p.female.mrn) if p.female else (p.male.mrn,))),
        sign_ins=team.known,
    )
