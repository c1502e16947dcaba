"""Generated calls of every public service method, for the property-based tests.

Each argument is drawn from its annotation: mostly plausible values from a small lab world
(its people, record numbers, codes and choices), mixed with bad ones (numbers beyond 64 bits,
unknown choices, dates from year 1 to 9999, times without a zone, over-long text, control
characters, NUL, bidi controls, broken surrogates). ``FuzzWorld.check`` makes one call and asserts
the property: success, or one of the app's own errors with every table's row count unchanged
(except the rows that record the refusal itself).
"""

from __future__ import annotations

import inspect
import typing
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from enum import Enum
from pathlib import Path
from typing import Any, Callable

from hypothesis import strategies as st
from sqlalchemy import func, select

from bench_app.domain.enums import Role
from bench_app.domain.errors import AuthenticationFailed, BenchError, WitnessMismatch
from bench_app.domain.settings import SETTINGS
from bench_app.persistence.base import Base
from bench_app.services.audit_service import AuditFilter
from bench_app.services.context import Actor
from bench_app.services.registry import Services
from bench_app.services.witness_service import WitnessInput

# Not fuzzed: writing backups and exports and restoring over the database (maintenance), sending to
# a network printer, and the witness internals that take an open database session.
SKIPPED = {"maintenance", "labels.send_zpl", "witness.record", "witness.require",
           # these take the app's own objects, not typed values: labels made a moment before, a delivery function
           "labels.laid_out_for", "labels.record_print", "worksheet.issue", "custody.issue"}
AREAS = ("users", "witness", "patients", "audit", "scan", "settings", "lots", "retrieval", "processing", "icsi",
         "storage", "cryo", "labels", "worksheet", "custody")
# The rows a refusal may leave: a counted failed sign-in or wrong PIN (its audit event), and a
# witness's mismatch (its witness record, incident and their audit events).
REFUSAL_RECORDS = {AuthenticationFailed: {"audit_events", "audit_head"},
                   WitnessMismatch: {"audit_events", "audit_head", "witness_records", "incidents"}}

# witness_service.verify keeps a refused witness (the performer as their own witness, a disabled or locked
# account) as an incident with its audit event, though the step is refused (incidents, issue 14).
WITNESS_REFUSED_RECORDS = {"audit_events", "audit_head", "incidents"}

HUGE = st.one_of(st.integers(min_value=2**63 - 2, max_value=10**40), st.integers(max_value=-(2**63) + 2,
                                                                                    min_value=-(10**40)))
BAD_TEXT = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["", "   ", "A" * 10_000, "B\x00C", "x\u202eyz", "\u2066iso\u2069", "line\nbreak", "tab\tbed",
                     "\ud800", "bell\x07", "S\u0327ahin", "\ufeffbom", "\U0010fffe", "é" * 300, "💥"]),
    st.text(st.characters(codec="utf-8"), min_size=90, max_size=130),
)
BAD_DATES = st.one_of(st.dates(), st.sampled_from([date(1, 1, 1), date(1800, 1, 1), date(9999, 12, 31)]))


def counts(services: Services) -> dict[str, int]:
    with services.db.read() as s:
        return {t.name: s.execute(select(func.count()).select_from(t)).scalar_one() for t in Base.metadata.sorted_tables}


@dataclass
class FuzzWorld:
    """A small lab (people, a couple and cycle, samples, a tank with devices, an OPU) to call into."""

    services: Services
    clock: Any
    actors: list[Actor]
    ids: list[int]
    codes: list[str]
    usernames: list[str] = field(default_factory=lambda: ["admin", "sam", "emma", "eli"])
    calls: int = 0
    refusals: int = 0
    successes: int = 0

    # --- what to call ------------------------------------------------------------------------

    def methods(self) -> list[str]:
        return service_methods()

    def bound(self, qual: str) -> Callable:
        area, name = qual.split(".")
        return getattr(getattr(self.services, area), name)

    def call_strategy(self, qual: str) -> st.SearchStrategy:
        fn = self.bound(qual)
        sig = inspect.signature(fn)
        hints = typing.get_type_hints(inspect.unwrap(getattr(type(getattr(self.services, qual.split(".")[0])),
                                                             qual.split(".")[1])))
        parts: dict[str, st.SearchStrategy] = {}
        for p in sig.parameters.values():
            if p.kind is inspect.Parameter.VAR_KEYWORD:
                parts[p.name] = st.dictionaries(st.sampled_from(_CORRECTABLE), self.any_value(), max_size=3)
                continue
            strat = self.for_annotation(p.name, hints.get(p.name, Any))
            if p.default is not inspect.Parameter.empty:
                strat = st.one_of(st.just(p.default), strat)
            parts[p.name] = strat
        return st.fixed_dictionaries(parts)

    def check(self, qual: str, arguments: dict[str, Any]) -> None:
        """Call ``qual``; success, or the app's own error with no rows left behind but the refusal's."""
        fn = self.bound(qual)
        sig = inspect.signature(fn)
        args, kwargs = [], {}
        for p in sig.parameters.values():
            value = arguments[p.name]
            if p.kind is inspect.Parameter.VAR_KEYWORD:
                kwargs.update(value)
            elif p.kind is inspect.Parameter.KEYWORD_ONLY:
                kwargs[p.name] = value
            else:
                args.append(value)
        self.clock.advance(minutes=1)  # accounts locked by wrong passwords open again as the run goes on
        before = counts(self.services)
        self.calls += 1
        try:
            fn(*args, **kwargs)
        except BenchError as exc:
            self.refusals += 1
            after = counts(self.services)
            allowed = set().union(*(t for cls, t in REFUSAL_RECORDS.items() if isinstance(exc, cls)))
            if qual == "witness.verify":  # a witness refused (themselves the performer, disabled) is kept as an incident
                allowed |= WITNESS_REFUSED_RECORDS
            changed = {t for t in before if before[t] != after[t]} - allowed
            assert not changed, f"{qual} refused ({exc!r:.200}) but left rows in {sorted(changed)}"
            assert len(str(exc)) < 2000, f"{qual}: the message repeats the input ({len(str(exc))} characters)"
        except Exception as exc:  # noqa: BLE001 - the property: nothing but the app's own errors
            raise AssertionError(f"{qual}({_short(arguments)}) raised {type(exc).__name__}: {exc!s:.300}") from exc
        else:
            self.successes += 1

    # --- values by annotation ------------------------------------------------------------------

    def for_annotation(self, name: str, ann: Any) -> st.SearchStrategy:
        origin, args = typing.get_origin(ann), typing.get_args(ann)
        if origin in (typing.Union, getattr(__import__("types"), "UnionType")):
            return st.one_of(*[self.for_annotation(name, a) for a in args])
        if ann is type(None):
            return st.none()
        if ann is Actor:
            return st.sampled_from(self.actors)
        if isinstance(ann, type) and issubclass(ann, Enum):
            return st.one_of(st.sampled_from(list(ann)), BAD_TEXT)
        if ann is bool:
            return st.booleans()
        if ann is int or ann is object:
            good = st.sampled_from(self.ids) if _is_id(name) else st.integers(-3, 40)
            return st.one_of(good, good, HUGE, st.integers())
        if ann is float:
            return st.one_of(st.floats(), st.floats(0, 100))
        if ann is str:
            return st.one_of(self.good_text(name), BAD_TEXT)
        if ann is datetime:
            near = st.integers(-3000, 600).map(lambda m: self.clock.now + timedelta(minutes=m))
            return st.one_of(near, near, st.datetimes(), st.datetimes(timezones=st.just(timezone.utc)))
        if ann is date:
            near = st.integers(-400, 400).map(lambda d: self.clock.now.date() + timedelta(days=d))
            return st.one_of(near, near, BAD_DATES)
        if ann is bytes:
            return st.binary(max_size=200)
        if ann is dict:
            return self.person()
        if ann is WitnessInput:
            return self.witness()
        if ann is AuditFilter:
            return st.builds(AuditFilter, username=st.one_of(st.just(""), BAD_TEXT),
                             entity_type=st.one_of(st.just(""), BAD_TEXT), date_from=st.one_of(st.none(), BAD_DATES),
                             date_to=st.one_of(st.none(), BAD_DATES))
        if origin is not None and args:  # Sequence[...], Iterable[...], tuple[int, int]
            if origin is tuple and len(args) == 2 and args[1] is not Ellipsis:
                return st.tuples(self.for_annotation("location_id", args[0]), self.for_annotation("slot", args[1]))
            inner = self.for_annotation(name.removesuffix("s") if not _is_id(name) else name, args[0])
            return st.lists(inner, max_size=4)
        if ann is Path:
            return st.just(Path("/nonexistent/fuzz"))
        return st.one_of(st.none(), BAD_TEXT, st.integers())

    def good_text(self, name: str) -> st.SearchStrategy:
        if name in ("username", "override_username"):
            return st.sampled_from(self.usernames)
        if name in ("password", "secret", "old_password", "override_secret"):
            return st.sampled_from(["bench-pass-1", "admin-pass-1", "2222", "3333", "1111"])
        if name in ("code", "codes", "device_codes", "text", "mrn"):
            return st.sampled_from(self.codes)
        if name == "key":
            return st.sampled_from(sorted(SETTINGS))
        return st.sampled_from(["Dr. Demo", "Öztürk", "left upper pole", "SF-0425", "checked", "12"])

    def witness(self) -> st.SearchStrategy:
        return st.one_of(
            st.none(),
            st.just(WitnessInput(username="eli", secret="3333", identifiers=("MRN", "tube"))),
            st.builds(WitnessInput, username=st.one_of(st.sampled_from(self.usernames), BAD_TEXT),
                      secret=st.one_of(st.sampled_from(["3333", "2222", "1111", "0000"]), BAD_TEXT),
                      identifiers=st.lists(BAD_TEXT, max_size=3).map(tuple), matched=st.booleans(),
                      override_username=st.one_of(st.just(""), st.just("sam"), BAD_TEXT),
                      override_secret=st.sampled_from(["", "bench-pass-1", "x"]),
                      override_reason=st.one_of(st.just(""), BAD_TEXT)))

    def person(self) -> st.SearchStrategy:
        return st.fixed_dictionaries({
            "mrn": st.one_of(st.integers(1000, 99999).map(lambda n: f"FZ-{n}"), BAD_TEXT),
            "family_name": st.one_of(st.just("Demir"), BAD_TEXT),
            "given_names": st.one_of(st.just("Deniz"), BAD_TEXT),
            "date_of_birth": st.one_of(st.just(date(1985, 5, 5)), BAD_DATES),
        })

    def any_value(self) -> st.SearchStrategy:
        return st.one_of(BAD_TEXT, st.integers(), HUGE, st.floats(), BAD_DATES, st.none(),
                         st.datetimes(timezones=st.just(timezone.utc)))


_CORRECTABLE = ["side", "site", "tubule_appearance", "wet_weight_mg", "notes", "received_at", "mrn", "family_name",
                "given_names", "date_of_birth", "sex", "minutes", "temperature_c", "medium", "count_seen",
                "progressive", "started_at", "ended_at", "viability_result", "unknown_field"]


def service_methods() -> list[str]:
    """"area.method" for every public method of every service fuzzed."""
    classes = typing.get_type_hints(Services)
    found = []
    for area in AREAS:
        for name, _ in inspect.getmembers(classes[area], inspect.isfunction):
            qual = f"{area}.{name}"
            if not name.startswith("_") and qual not in SKIPPED:
                found.append(qual)
    return sorted(found)


def _is_id(name: str) -> bool:
    return name.endswith("_id") or name.endswith("_ids") or name in ("slot", "location_id")


def _short(arguments: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v!r:.60}" for k, v in arguments.items())


def make_team(services: Services) -> list[Actor]:
    services.users.create_first_admin(username="admin", full_name="Ada Admin", password="admin-pass-1")
    admin = services.users.sign_in("admin", "admin-pass-1")
    services.users.set_pin(admin, "admin", "9999")
    for username, full_name, role, pin in (("sam", "Sam Supervisor", Role.SUPERVISOR, "1111"),
                                           ("emma", "Emma Embryologist", Role.EMBRYOLOGIST, "2222"),
                                           ("eli", "Eli Embryologist", Role.EMBRYOLOGIST, "3333")):
        services.users.add_user(admin, username=username, full_name=full_name, role=role, password="bench-pass-1",
                                pin=pin)
    return [admin] + [services.users.sign_in(u, "bench-pass-1") for u in ("sam", "emma", "eli")]
