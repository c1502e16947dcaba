"""One simulated workstation of the load test (bench/load.py): its own process, engine and signed-in users.

Before the start signal it sets up its own patient (not timed): a couple with a consent and a
micro-TESE procedure, oocyte retrievals graded MII with their ICSI dishes opened, and oocytes
injected 17 hours ago whose fertilization checks fall due now. After the signal it repeats a
round of ten writes, each timed around the service call a screen makes:

    receive a sample, its first processing step (witnessed), a second step, a finding,
    freeze it into a free position (witnessed), move one of its devices (witnessed),
    two ICSI saves (an oocyte injected) and two fertilization checks.

A freeze or move whose position another workstation has just taken is refused with the service's
sentence; like a person, the workstation picks another position (the refusal is counted apart,
it is not a failure). Any other refusal or error (a lock wait that ran out, a driver error) is a
failure the person would have seen.
"""

from __future__ import annotations

import random
import time
import traceback
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench_app.domain.enums import ConsentUse, CycleType, Role
from bench_app.domain.errors import BenchError, DatabaseUnavailable, ValidationError
from bench_app.services.registry import open_services
from bench_app.services.witness_service import WitnessInput

KINDS = ("receive_sample", "processing_step", "finding", "freeze", "move", "icsi_save", "fertilization_check")
ROUND = ("receive_sample", "processing_step", "processing_step", "finding", "freeze", "move",
         "icsi_save", "icsi_save", "fertilization_check", "fertilization_check")
PASSWORD = "load-test-pass-1"
ADMIN = "load-admin"
OOCYTES_PER_OPU = 20
MAX_POSITION_TRIES = 25
SETUP_TRIES = 10
SERVICE_NAMES = {"users", "patients", "retrieval", "icsi"}


@dataclass(frozen=True)
class Plan:
    """What the parent set up for every workstation: the users' names and the tank's free positions."""

    url: str
    positions: tuple[tuple[int, int], ...]  # (cane id, slot) of the load test's tank
    run: str  # a tag that makes this run's MRNs unique (the bench database may hold earlier runs)


@dataclass
class Write:
    kind: str
    outcome: str  # "ok", "taken" (position just taken elsewhere: picked another), "failed", or "skipped"
    # (not attempted: the round's sample had failed to be received, processed or searched)
    ms: float
    key: tuple = ()  # what proves it is in the database (ok only)
    message: str = ""


@dataclass
class WorkstationResult:
    index: int
    writes: list[Write] = field(default_factory=list)
    setup_keys: list[tuple] = field(default_factory=list)
    setup_retries: int = 0  # setup writes (not timed) tried again after the lock wait ran out
    wall_s: float = 0.0
    error: str = ""  # the workstation could not run at all (setup failed)


def users_of(index: int) -> tuple[str, str, str]:
    """The workstation's embryologist, its witness (each with a PIN), and the witness's PIN."""
    return f"ws{index}-emb", f"ws{index}-wit", f"{1000 + index:04d}"


def prepare(url: str, workstations: int, *, run: str, positions_needed: int) -> Plan:
    """Users for each workstation and a tank with room to spare, in a migrated database (fresh or not)."""
    sv = open_services(url)
    try:
        if sv.users.count_users() == 0:
            sv.users.create_first_admin(username=ADMIN, full_name="Load Admin", password=PASSWORD)
        admin = _admin(sv)
        known = {u.username for u in sv.users.list_users(admin)}
        for i in range(workstations):
            emb, wit, pin = users_of(i)
            for name, full in ((emb, f"Bench {i} Embryologist"), (wit, f"Bench {i} Witness")):
                if name not in known:
                    sv.users.add_user(admin, username=name, full_name=full, role=Role.EMBRYOLOGIST,
                                      password=PASSWORD, pin=pin)
        supervisor_name = "load-supervisor"
        if supervisor_name not in known:
            sv.users.add_user(admin, username=supervisor_name, full_name="Load Supervisor", role=Role.SUPERVISOR,
                              password=PASSWORD, pin="4321")
        supervisor = sv.users.sign_in(supervisor_name, PASSWORD)
        per_cane, canes = 20, 10
        canisters = max(2, -(-positions_needed * 3 // (per_cane * canes)))  # a third full at the end
        tank = sv.storage.create_tank(supervisor, name=f"Load tank {run}", canisters=canisters,
                                      holders_per_canister=canes, positions_per_holder=per_cane)
        positions = tuple((cane.id, slot) for can in sv.storage.children(tank.id)
                          for cane in sv.storage.children(can.id) for slot in range(1, per_cane + 1))
        return Plan(url=url, positions=positions, run=run)
    finally:
        sv.close()


def _admin(sv):
    for name, password in ((ADMIN, PASSWORD), ("admin", "admin-demo-1")):
        try:
            return sv.users.sign_in(name, password)
        except BenchError:
            continue
    raise SystemExit("No administrator to add the load test's users (load-admin, or the demo's admin).")


class Workstation:
    """The workstation's services, users and worklists; ``run_round`` does one round of ten writes."""

    def __init__(self, index: int, plan: Plan, rounds: int, seed: int):
        self.index, self.plan = index, plan
        self.rng = random.Random(seed * 1000 + index)
        self.result = WorkstationResult(index)
        # A name of this run's own: a bench keeps the patient it has open (one patient per workstation), and a
        # later run on the same database (bench_pg.py runs two) must not find the last run's patient open.
        self.sv = open_services(plan.url, workstation=f"load-ws-{plan.run}-{index}", upgrade=False)
        emb, wit, self.pin = users_of(index)
        self.witness_name = wit
        self.actor = _Retrying(self.sv, self.result).users.sign_in(emb, PASSWORD)
        _Retrying(self.sv, self.result).users.sign_in(wit, PASSWORD)  # the witness signs in at the bench too
        self.known_taken: set[tuple[int, int]] = set()
        self.devices: list[int] = []
        self.pause_s = 0.0
        self._setup(rounds)

    def witness(self, *identifiers: str) -> WitnessInput:
        return WitnessInput(username=self.witness_name, secret=self.pin, identifiers=identifiers)

    def _setup(self, rounds: int) -> None:
        sv, me, now = _Retrying(self.sv, self.result), self.actor, self.sv.ctx.clock()
        mrn = f"LOAD-{self.plan.run}-{self.index}"
        couple = sv.patients.register_couple(
            me, male=dict(mrn=mrn, family_name=f"Loadtest{self.index}", given_names="Demo",
                          date_of_birth=date(1982, 5, 6)),
            female=dict(mrn=mrn + "F", family_name=f"Loadtest{self.index}", given_names="Dema",
                        date_of_birth=date(1985, 7, 8)))
        self.patient_id = couple.male.id
        cycle = sv.patients.create_cycle(me, couple_id=couple.id, cycle_type=CycleType.ICSI,
                                         start_date=(now - timedelta(days=1)).date())
        sv.patients.record_consent(me, patient_id=couple.male.id, permitted_uses=(ConsentUse.STORAGE,
                                                                                   ConsentUse.TREATMENT),
                                   signed_on=(now - timedelta(days=30)).date(),
                                   storage_expiry=(now + timedelta(days=3650)).date())
        self.procedure_id = sv.retrieval.create_procedure(
            me, patient_id=couple.male.id, cycle_id=cycle.id, procedure_type="micro-TESE",
            started_at=now - timedelta(hours=2), surgeon="Dr. Demo Surgeon", anaesthesia="general", side="both",
            indication="NOA", planned_use="both").id
        injections = 2 * rounds
        self.to_inject: list[tuple[int, int]] = []  # (session id, oocyte id)
        for oocytes in _batches(injections):  # dishes opened an hour ago, injected during the run
            self.to_inject += self._dish(cycle.id, now - timedelta(hours=2), now - timedelta(hours=1), oocytes)
        self.to_check: list[int] = []
        for oocytes in _batches(injections):  # injected 17 h ago: their checks are due now
            for session_id, oocyte_id in self._dish(cycle.id, now - timedelta(hours=19), now - timedelta(hours=18),
                                                    oocytes):
                sv.icsi.inject(me, session_id=session_id, oocyte_id=oocyte_id, sperm_motility="progressive",
                               injected_at=now - timedelta(hours=17))
                self.result.setup_keys.append(("icsi_save", oocyte_id))
                self.to_check.append(oocyte_id)

    def _dish(self, cycle_id: int, retrieved_at, started_at, oocytes: int) -> list[tuple[int, int]]:
        sv, me = _Retrying(self.sv, self.result), self.actor
        opu = sv.icsi.record_opu(me, cycle_id=cycle_id, retrieved_at=retrieved_at, cocs_retrieved=oocytes)
        rows = sv.icsi.set_maturities(me, retrieval_id=opu.id, maturities=["MII"] * oocytes)
        session = sv.icsi.start_session(me, retrieval_id=opu.id, source_kind="ejaculate", started_at=started_at,
                                        witness=self.witness("MRN", "dish", "sperm tube"))
        return [(session.id, r.id) for r in rows]

    # --- the timed writes ----------------------------------------------------------------

    def run_round(self) -> None:
        sample = self._timed("receive_sample", lambda: self.sv.retrieval.receive_sample(
            self.actor, procedure_id=self.procedure_id, received_at=self.sv.ctx.clock() - timedelta(seconds=30),
            witness=self.witness("MRN", "tube label"), side="left", site=f"site {len(self.result.writes)}"),
            lambda s: ("receive_sample", s.id))
        if sample is None:  # the other writes of the round need the sample: count them as not done
            self._skipped(ROUND[1:6])
        else:
            first = self._timed("processing_step", lambda: self.sv.processing.add_step(
                self.actor, sample_id=sample.id, kind="mechanical_mincing", started_at=self.sv.ctx.clock(),
                witness=self.witness("MRN", "tube label")), lambda s: ("processing_step", max(x.id for x in s.steps)))
            if first is None:
                self._skipped(ROUND[2:6])
            else:
                self._timed("processing_step", lambda: self.sv.processing.add_step(
                    self.actor, sample_id=sample.id, kind="enzymatic_digestion", started_at=self.sv.ctx.clock(),
                    enzyme="collagenase type IV", enzyme_concentration="1 mg/ml", minutes=30, temperature_c=37.0),
                    lambda s: ("processing_step", max(x.id for x in s.steps)))
                found = self._timed("finding", lambda: self.sv.processing.record_finding(
                    self.actor, sample_id=sample.id, assessed_at=self.sv.ctx.clock(), sperm_found=True,
                    count_seen=12, twitching=9, immotile=3), lambda s: ("finding", max(x.id for x in s.findings)))
                if found is None:
                    self._skipped(ROUND[4:6])
                else:
                    self._freeze(sample.id, devices=1 + len(self.result.writes) // 10 % 2)
                    self._move()
        for _ in range(2):
            session_id, oocyte_id = self.to_inject.pop()
            self._timed("icsi_save", lambda: self.sv.icsi.inject(
                self.actor, session_id=session_id, oocyte_id=oocyte_id, sperm_motility="twitching"),
                lambda r: ("icsi_save", r.id))
        for _ in range(2):
            oocyte_id = self.to_check.pop()
            result = self.rng.choice(["2PN", "2PN", "2PN", "1PN", "0PN"])
            self._timed("fertilization_check", lambda: self.sv.icsi.record_check(
                self.actor, oocyte_id=oocyte_id, checked_at=self.sv.ctx.clock(), result=result),
                lambda r: ("fertilization_check", r.id, result))

    def _free_positions(self, n: int) -> list[tuple[int, int]]:
        free = [p for p in self.plan.positions if p not in self.known_taken]
        return self.rng.sample(free, n)

    def _freeze(self, sample_id: int, devices: int) -> None:
        for _ in range(MAX_POSITION_TRIES):
            positions = self._free_positions(devices)
            info = self._timed("freeze", lambda: self.sv.cryo.freeze(
                self.actor, source_kind="tissue_sample", sample_ids=[sample_id], method="vitrification",
                cryoprotectant="SpermFreeze", cryoprotectant_lot="SF-LOAD", device_count=devices,
                device_type="straw", positions=positions, colour="blue", pre_freeze_motile=0,
                pre_freeze_immotile=12, witness=self.witness("MRN", "device codes", "positions")),
                lambda f: ("freeze", f.id, tuple((d.id, d.code) for d in f.devices)), taken=positions)
            if info is not False:
                if info is not None:
                    self.known_taken.update(positions)
                    self.devices += [d.id for d in info.devices]
                return

    def _move(self) -> None:
        if not self.devices:
            self._skipped(("move",))
            return
        device_id = self.rng.choice(self.devices)
        for _ in range(MAX_POSITION_TRIES):
            (position,) = self._free_positions(1)
            moved = self._timed("move", lambda: self.sv.cryo.move_devices(
                self.actor, device_ids=[device_id], positions=[position], reason="consolidating canes",
                witness=self.witness("MRN", "device code", "positions")),
                lambda m: ("move", m.moves[0].id, device_id), taken=[position])
            if moved is not False:
                if moved is not None:
                    self.known_taken.add(position)
                return

    def _timed(self, kind: str, call, key_of, taken=None):
        """Run one write; its latency and outcome recorded. None when it failed, False when a position was taken."""
        if self.pause_s:  # a person's pace between two saves (not timed); none: back to back
            time.sleep(self.rng.expovariate(1 / self.pause_s))
        started = time.perf_counter()
        try:
            value = call()
        except ValidationError as exc:
            ms = (time.perf_counter() - started) * 1000
            if taken is not None and ("taken" in (p := exc.field_errors.get("positions", "")) or "occupied" in p):
                self.known_taken.update(taken)  # the person sees the map refreshed and picks another
                self.result.writes.append(Write(kind, "taken", ms, message=str(exc)))
                return False
            self.result.writes.append(Write(kind, "failed", ms, message=f"{type(exc).__name__}: {exc}"))
            return None
        except BenchError as exc:
            self.result.writes.append(Write(kind, "failed", (time.perf_counter() - started) * 1000,
                                            message=f"{type(exc).__name__}: {exc}"))
            return None
        except Exception as exc:  # noqa: BLE001 - a raw error a person would see as a crash report
            self.result.writes.append(Write(kind, "failed", (time.perf_counter() - started) * 1000,
                                            message=f"{type(exc).__name__}: {exc}\n{traceback.format_exc()}"))
            return None
        self.result.writes.append(Write(kind, "ok", (time.perf_counter() - started) * 1000, key=key_of(value)))
        return value

    def _skipped(self, kinds) -> None:
        for kind in kinds:
            self.result.writes.append(Write(kind, "skipped", 0.0, message="not attempted: an earlier write failed"))

    def close(self) -> None:
        self.sv.close()


class _Retrying:
    """The services for the (untimed) setup: a write whose lock wait ran out is tried again, and counted."""

    def __init__(self, target, result: WorkstationResult):
        self._target, self._result = target, result

    def __getattr__(self, name):
        value = getattr(self._target, name)
        if callable(value):
            def call(*args, **kwargs):
                for attempt in range(SETUP_TRIES):
                    try:
                        return value(*args, **kwargs)
                    except DatabaseUnavailable:
                        if attempt == SETUP_TRIES - 1:
                            raise
                        self._result.setup_retries += 1
            return call
        return _Retrying(value, self._result) if name in SERVICE_NAMES else value


def _batches(total: int) -> list[int]:
    full, rest = divmod(total, OOCYTES_PER_OPU)
    return [OOCYTES_PER_OPU] * full + ([rest] if rest else [])


def run_workstation(index: int, plan: Plan, writes: int, seed: int, barrier, results, pause_ms: float = 0) -> None:
    """The child process: set up, wait for every workstation, then do ``writes`` writes in rounds of ten."""
    rounds = -(-writes // len(ROUND))
    ws = None
    try:
        ws = Workstation(index, plan, rounds, seed)
        ws.pause_s = pause_ms / 1000
    except BaseException:  # noqa: BLE001 - reported to the parent, which prints it
        barrier.abort()
        results.put(WorkstationResult(index, error=traceback.format_exc()))
        return
    try:
        barrier.wait(timeout=600)
        started = time.perf_counter()
        for _ in range(rounds):
            ws.run_round()
        ws.result.wall_s = time.perf_counter() - started
    except BaseException:  # noqa: BLE001
        ws.result.error = traceback.format_exc()
    finally:
        ws.close()
    results.put(ws.result)
