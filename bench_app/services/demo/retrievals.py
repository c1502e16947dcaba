"""Demo area: surgical sperm retrievals with witnessed samples, processing steps and findings.

Each surgical-retrieval cycle that has begun gets its procedure on its day: micro-TESE
and TESE for NOA men, PESA, MESA and TESA for OA men. Whether a procedure finds sperm is
drawn once per procedure, as published series report it (``success_chance``: NOA micro-TESE
about 55%, conventional TESE about 35%, lower for Klinefelter men and AZFa/b deletions, OA
about 97%); in a positive procedure some of the samples have sperm, at least one. Every sample is received with a witness, processed (the first step
witnessed), searched with one to three findings, and given a disposition. Today's
procedures are placed a little before the moment the demo runs and left partly searched,
so the "Sperm found?" panel has something live to show.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bench_app.domain.enums import CycleStatus, CycleType, ProcedureType
from bench_app.domain.names import listing_of
from bench_app.services.demo.plan import CouplePlan, CyclePlan
from bench_app.services.demo.timeline import local_moment
from bench_app.services.demo.world import DemoWorld
from bench_app.services.witness_service import WitnessInput

SAMPLES = {"micro-TESE": (4, 7), "TESE": (2, 4), "TESA": (1, 2), "PESA": (1, 2), "MESA": (1, 2)}
SITES = ("upper pole", "mid", "lower pole")
SURGEONS = ("Dr. Demo Adeyemi", "Dr. Demo Castellanos", "Dr. Demo Karagiannis")


def success_chance(kind: str, etiology: str, noa: bool) -> float:
    """The chance that a procedure finds sperm in at least one sample (published figures, DOMAIN.md 1)."""
    if not noa:
        return 0.97
    chance = 0.55 if kind == "micro-TESE" else 0.35
    if etiology == "Klinefelter 47,XXY":
        chance *= 0.75
    elif etiology == "Y AZF microdeletion":
        chance *= 0.8
    elif etiology == "chemotherapy or radiation":
        chance *= 0.8
    return chance


def demo_retrievals(world: DemoWorld) -> None:
    for plan in world.couples:
        for cycle in plan.cycles:
            if (cycle.cycle_type == CycleType.SURGICAL_RETRIEVAL and cycle.procedure
                    and cycle.status != CycleStatus.CANCELLED and cycle.start_date <= world.today):
                _schedule(world, plan, cycle)


def _cutoff(world: DemoWorld) -> datetime:
    """The demo's "now": the real moment when its today is today, else that day's evening."""
    now = datetime.now(timezone.utc)
    if world.today == now.astimezone().date():
        return now - timedelta(minutes=2)
    return local_moment(world.today, 18, 0)


def _icsi_cycle(plan: CouplePlan, cycle: CyclePlan) -> CyclePlan | None:
    return next((c for c in plan.cycles if c.cycle_type == CycleType.ICSI and c.start_date == cycle.start_date), None)


def _schedule(world: DemoWorld, plan: CouplePlan, cycle: CyclePlan) -> None:
    rng, team = world.rng, world.team
    kind = cycle.procedure
    noa = plan.azoospermia_type.value == "NOA" or kind == "micro-TESE"
    today = cycle.start_date == world.today
    start = local_moment(cycle.start_date, 8, 0) + timedelta(minutes=rng.randrange(0, 120, 5))
    # Nothing is recorded after the moment the demo runs: today's work stops where "now" is.
    cutoff = _cutoff(world)
    if today:  # started a couple of hours before the demo is run
        start = max(local_moment(world.today, 0, 5), min(start, cutoff - timedelta(hours=2, minutes=30)))
    performer, witness = rng.sample(team.embryologists, 2)
    n_samples = rng.randint(*SAMPLES[kind])
    # Error diffusion rather than independent draws: a demo of a dozen micro-TESEs shows about the
    # published rate, not whatever a small sample happens to give.
    tally_key = ("retrieval", kind, noa)
    tally = world.tallies.get(tally_key, 0.0) + success_chance(kind, plan.etiology.value, noa)
    procedure_positive = tally >= rng.uniform(0.35, 0.65)
    world.tallies[tally_key] = tally - (1 if procedure_positive else 0)
    always_positive = rng.randrange(n_samples)  # a positive procedure's sure sample
    side = rng.choice(("both", "left", "right"))
    icsi = _icsi_cycle(plan, cycle)
    state: dict = {}

    def create() -> None:
        info = world.services.retrieval.create_procedure(
            performer, patient_id=plan.male.patient_id, cycle_id=cycle.cycle_id, procedure_type=ProcedureType(kind),
            started_at=start, surgeon=rng.choice(SURGEONS), anaesthesia="general" if noa else "local", side=side,
            indication=plan.azoospermia_type.value, planned_use="both" if icsi else "freeze",
            notes="" if not noa else "Mapping by FNA not done; dilated tubules sought.")
        state["procedure_id"] = info.id

    world.agenda.at(start, create)
    ident = (f"MRN {plan.male.mrn}", listing_of(plan.male))
    for n in range(n_samples):
        received = start + timedelta(minutes=20 + n * rng.randint(8, 15))
        # Today's last samples are still on the bench: received, maybe not yet searched.
        searched = not (today and n >= n_samples - 1 and n_samples > 1)
        positive = procedure_positive and (n == always_positive or rng.random() < (0.8 if not noa else 0.4))
        if received > cutoff:
            break
        _schedule_sample(world, state, plan, kind, n, received, performer, witness, ident, side,
                         searched=searched, positive=positive, icsi=icsi, cutoff=cutoff)


def _schedule_sample(world: DemoWorld, state: dict, plan: CouplePlan, kind: str, n: int, received: datetime,
                     performer, witness, ident, side: str, *, searched: bool, positive: bool,
                     icsi: CyclePlan | None, cutoff: datetime) -> None:
    rng, services = world.rng, world.services
    pin = world.team.pin(witness.username)
    biopsy = kind in ("micro-TESE", "TESE", "TESA")
    sample: dict = {}

    def w(*extra: str) -> WitnessInput:
        return WitnessInput(username=witness.username, secret=pin, identifiers=(*ident, *extra),
                            method=rng.choice(("manual", "scan")))

    def receive() -> None:
        info = services.retrieval.receive_sample(
            performer, procedure_id=state["procedure_id"], received_at=received, witness=w(f"tube {n + 1}"),
            side=(side if side != "both" else ("left", "right")[n % 2]) if biopsy else side,
            site=SITES[n % 3] if biopsy else "caput epididymis" if kind != "TESA" else "",
            tubule_appearance=(rng.choice(("dilated", "thin", "mixed")) if kind == "micro-TESE" else "n/a"),
            wet_weight_mg=round(rng.uniform(3, 40), 1) if biopsy else None,
            transport_medium="Sperm wash medium", transport_medium_lot=f"SW-{2290 + n % 3}")
        sample.update(id=info.id, code=info.code)
        world.witness_records += 1

    world.agenda.at(received, receive)
    t = received + timedelta(minutes=5)
    steps = (["mechanical_mincing"] + (["enzymatic_digestion"] if kind != "TESA" and not positive and
                                       rng.random() < 0.6 else [])
             + (["red_cell_lysis"] if rng.random() < 0.4 else []) + ["centrifugation", "search"]) if biopsy \
        else ["wash", "centrifugation", "search"]
    for i, step in enumerate(steps):
        minutes = {"mechanical_mincing": 10, "enzymatic_digestion": 45, "red_cell_lysis": 5, "centrifugation": 10,
                   "wash": 10, "search": 40}[step]
        begin, end = t, t + timedelta(minutes=minutes)

        def add(step=step, begin=begin, end=end, first=i == 0) -> None:
            services.processing.add_step(
                performer, sample_id=sample["id"], kind=step, started_at=begin,
                ended_at=None if step == "search" else end,
                enzyme="collagenase type IV" if step == "enzymatic_digestion" else "",
                enzyme_concentration="1 mg/mL" if step == "enzymatic_digestion" else "",
                minutes=45 if step == "enzymatic_digestion" else None,
                temperature_c=37.0 if step == "enzymatic_digestion" else None,
                medium="Collagenase IV" if step == "enzymatic_digestion" else "",
                medium_lot="C4-118" if step == "enzymatic_digestion" else "",
                witness=w(sample["code"]) if first else None,
                override_reason="demo: samples of one patient in turn")
            if first:
                world.witness_records += 1
                services.processing.release(performer)

        # A step is written when it is done (a search when it starts): no end time lies ahead.
        recorded = begin if step == "search" else end
        if recorded > cutoff:
            return
        world.agenda.at(recorded, add)
        t = end + timedelta(minutes=2)
    if not searched:
        return
    search_start = t - timedelta(minutes=42)
    looks = rng.randint(1, 3)
    for k in range(looks):
        at = search_start + timedelta(minutes=8 + k * 12)
        found = positive and k >= looks - 2

        def find(at=at, found=found, k=k) -> None:
            counts = dict(progressive=0, non_progressive=0, twitching=0, immotile=0)
            if found:
                counts = dict(progressive=rng.randint(0, 2) if kind in ("PESA", "MESA") else 0,
                              non_progressive=rng.randint(0, 3), twitching=rng.randint(1, 6) + k,
                              immotile=rng.randint(0, 5))
            services.processing.record_finding(
                performer, sample_id=sample["id"], assessed_at=at, sperm_found=found,
                count_seen=sum(counts.values()) if found else None,
                count_basis="total" if kind != "micro-TESE" else "per_droplet",
                viability_test="HOS" if found and counts["immotile"] > 2 else "none",
                viability_result="2 of 3 immotile viable" if found and counts["immotile"] > 2 else "",
                elongated_spermatids=not found and rng.random() < 0.2, **counts)

        if at > cutoff:
            return
        world.agenda.at(at, find)

    def dispose() -> None:
        if positive:
            if icsi is not None and icsi.cycle_id is not None and rng.random() < 0.6:
                services.retrieval.set_disposition(performer, sample["id"], "fresh_icsi", cycle_id=icsi.cycle_id)
            else:
                services.retrieval.set_disposition(performer, sample["id"], "freeze")
        elif n == 0 and kind in ("micro-TESE", "TESE"):
            services.retrieval.set_disposition(performer, sample["id"], "histology",
                                               note=f"HP-{received:%y}-{rng.randint(1000, 9999)}")
        else:
            services.retrieval.set_disposition(performer, sample["id"], "discarded",
                                               note="searched fully, no sperm; tissue discarded per protocol")

    disposed_at = search_start + timedelta(minutes=8 + looks * 12 + 5)
    if disposed_at <= cutoff:
        world.agenda.at(disposed_at, dispose)
