"""Every public service method checks its arguments against the domain's limits before it runs.

``@guarded`` on a service class wraps each public method: each argument is checked by its name
against ``bench_app.domain.limits`` (text: characters, NFC, length; numbers: range; record ids:
a 64-bit integer that can exist; dates: the plausible range of that kind of event, times with a
time zone), inside lists, tuples, dicts (``register_couple``'s ``male``/``female``) and dataclasses
(``WitnessInput``, ``AuditFilter``) too. Text is passed on in NFC. A bad value is a ValidationError
naming the field (a record number that cannot exist is a NotFound), raised before any transaction
starts, so nothing is written. Rules that need a record (a date after the patient's birth, a
received time after the procedure began) stay in the services, using the same domain functions.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from datetime import date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, Callable

from sqlalchemy.orm import Session

from bench_app.domain import limits
from bench_app.domain.clock import utc_now
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.services.context import Actor

# Arguments that are not typed by a person: who acts, open sessions, files and bytes.
_NOT_INPUT = (Actor, Session, Path, bytes, bytearray, Enum)
_NOUNS = {"parent": "location", "tank": "tank", "retrieval": "oocyte retrieval", "session": "ICSI session",
          "source_sample": "sample", "source_thaw_event": "thaw event", "step": "processing step",
          "discard": "discard request", "freeze_event": "freeze event", "thaw_event": "thaw event",
          "male_patient": "patient", "female_patient": "patient"}


def guarded(cls: type) -> type:
    """Class decorator: check the arguments of every public method (see the module's docstring)."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.isfunction(member):
            setattr(cls, name, _guard(member))
    return cls


def check_arguments(now: datetime, arguments: dict[str, Any]) -> dict[str, Any]:
    """The arguments cleaned (NFC text), or ValidationError / NotFound as the module says."""
    errors: dict[str, str] = {}
    cleaned = {name: _clean(name, value, now, errors, name) for name, value in arguments.items()}
    if errors:
        raise ValidationError(errors)
    return cleaned


def _guard(fn: Callable) -> Callable:
    sig = inspect.signature(fn)
    var_kw = {p.name for p in sig.parameters.values() if p.kind is inspect.Parameter.VAR_KEYWORD}

    @functools.wraps(fn)
    def wrapper(self, *args, **kwargs):
        bound = sig.bind(self, *args, **kwargs)
        ctx = getattr(self, "ctx", None)
        now = ctx.clock() if ctx is not None else utc_now()
        given = {k: v for k, v in bound.arguments.items() if k != "self" and k not in var_kw}
        for k in var_kw:
            given.update(bound.arguments.get(k, {}))
        cleaned = check_arguments(now, given)
        for k in var_kw:
            if k in bound.arguments:
                bound.arguments[k] = {f: cleaned[f] for f in bound.arguments[k]}
        for k in list(bound.arguments):
            if k in cleaned:
                bound.arguments[k] = cleaned[k]
        return fn(*bound.args, **bound.kwargs)

    return wrapper


def _clean(name: str, value: Any, now: datetime, errors: dict[str, str], key: str) -> Any:
    if value is None or isinstance(value, bool) or isinstance(value, _NOT_INPUT):
        return value
    if isinstance(value, str):
        try:
            return limits.clean_text(value, limits.text_rule(name))
        except ValueError as exc:
            errors.setdefault(key, str(exc))
            return value
    if isinstance(value, int):
        rule = limits.number_rule(name)
        if rule is limits.ID_RULE and not rule.minimum <= value <= rule.maximum:
            raise NotFound(f"There is no {_noun(name)} #{limits.quote(value)}.")
        problem = limits.number_problem(value, rule)
        if problem:
            errors.setdefault(key, problem)
        return value
    if isinstance(value, float):
        problem = limits.number_problem(value, limits.number_rule(name))
        if problem:
            errors.setdefault(key, problem)
        return value
    if isinstance(value, (date, datetime)):
        problem = limits.date_problem(value, limits.date_window(name), now)
        if problem:
            errors.setdefault(key, problem)
        return value
    if isinstance(value, dict):
        return {k: _clean(k, v, now, errors, f"{key}.{k}" if isinstance(k, str) else key)
                for k, v in value.items()}
    if dataclasses.is_dataclass(value):
        changes = {f.name: _clean(f.name, getattr(value, f.name), now, errors, key)
                   for f in dataclasses.fields(value) if f.init and not f.name.startswith("_")}
        return dataclasses.replace(value, **changes)
    if name == "positions" and isinstance(value, (list, tuple)):
        return [_position(p, now, errors, key) for p in value]
    if isinstance(value, (list, tuple, set, frozenset)) or _is_iterable(value):
        items = [_clean(name, v, now, errors, key) for v in value]
        return tuple(items) if isinstance(value, tuple) else items
    return value


def _position(p: Any, now: datetime, errors: dict[str, str], key: str) -> Any:
    if isinstance(p, (list, tuple)) and len(p) == 2:
        return (_clean("location_id", p[0], now, errors, key), _clean("slot", p[1], now, errors, key))
    errors.setdefault(key, "A position is a place and a slot number.")
    return p


def _is_iterable(value: Any) -> bool:
    return hasattr(value, "__iter__") and not isinstance(value, (str, bytes))


def _noun(field: str) -> str:
    stem = field.removesuffix("_ids").removesuffix("_id")
    return _NOUNS.get(stem, stem.replace("_", " ") or "record")
