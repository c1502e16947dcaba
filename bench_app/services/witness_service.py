"""Double witnessing: a second, authenticated person confirms a critical step as it happens.

A step is saved together with its witness record in the caller's transaction
(``record``). Authentication of the witness happens first, in its own transaction,
so a wrong PIN is counted and a mismatch's incident is kept even though the step
itself is blocked and nothing of it is written.

Continuous witnessing (21 CFR 11.200(a)(1)): a witness who signed in with user name and
PIN for a step of one procedure may confirm the following steps of that procedure, at
this workstation and for the same performer, with the PIN alone, for the lab's
``continuous_witness_minutes``. The period ends when it expires, when the performer or
the procedure changes, and when the app locks or changes user (``end_continuous``). Each
step still gets its own witness record, which says it was confirmed by PIN alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.enums import AuditAction, Role, WitnessMethod, WitnessResult
from bench_app.domain.clock import format_local
from bench_app.domain.errors import (
    AuthenticationFailed, ValidationError, WitnessMismatch, WitnessRequired,
)
from bench_app.domain.incidents import IncidentKind
from bench_app.domain.witnessing import is_critical
from bench_app.i18n import _
from bench_app.persistence.models import WitnessRecord
from bench_app.services.audit_writer import audit_create, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.incidents_service import record_incident
from bench_app.services.settings_service import read_setting
from bench_app.services.users_service import UsersService
from bench_app.services.guard import guarded


@dataclass(frozen=True)
class WitnessInput:
    """What the witness types at the moment of the step."""

    username: str
    secret: str  # their PIN or password
    identifiers: tuple[str, ...]
    method: WitnessMethod = WitnessMethod.MANUAL
    matched: bool = True
    override_username: str = ""
    override_secret: str = ""
    override_reason: str = ""
    # The procedure the step belongs to (e.g. "retrieval_procedures:12"). With an empty user name
    # it asks to continue the witness's continuous period for that procedure with the PIN alone.
    scope: str = ""


@dataclass(frozen=True)
class ContinuousWitness:
    """A witness who signed in with name and PIN and may confirm this procedure's next steps by PIN."""

    username: str
    full_name: str
    performer_id: int
    scope: str
    signed_in_at: datetime
    until: datetime


@dataclass(frozen=True)
class VerifiedWitness:
    """A witness who authenticated just now for one step. Only this service makes them."""

    step: str
    witness: Actor
    performer: Actor
    at: datetime
    method: WitnessMethod
    identifiers: tuple[str, ...]
    result: WitnessResult
    override_by: Actor | None = None
    override_reason: str = ""
    notes: str = ""
    _token: object = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class WitnessRecordInfo:
    id: int
    step: str
    entity_type: str
    entity_id: str
    identifiers: tuple[str, ...]
    performer: str
    witness: str
    witnessed_at: datetime
    method: WitnessMethod
    result: WitnessResult
    override_by: str | None
    override_reason: str


_ISSUED = object()


@guarded
class WitnessService:
    def __init__(self, ctx: ServiceContext, users: UsersService):
        self.ctx = ctx
        self.users = users
        self._continuous: ContinuousWitness | None = None  # this workstation's, at most one

    # --- continuous witnessing ------------------------------------------------------------

    def continuous_for(self, performer: Actor, scope: str) -> ContinuousWitness | None:
        """The witness who may confirm ``performer``'s next step of ``scope`` by PIN alone, if any.

        Another performer or another procedure ends the period; so does its expiry.
        """
        c = self._continuous
        if c is None or not scope:
            return None
        if c.performer_id != performer.id or c.scope != scope or self.ctx.clock() >= c.until:
            self.end_continuous()
            return None
        return c

    def end_continuous(self) -> None:
        """End the continuous witnessing period (idle lock, change of user, sign-out)."""
        self._continuous = None

    def _start_continuous(self, performer: Actor, witness: Actor, scope: str, now: datetime) -> None:
        with self.ctx.db.read() as s:
            minutes = read_setting(s, "continuous_witness_minutes")
        self._continuous = ContinuousWitness(witness.username, witness.full_name, performer.id, scope, now,
                                             now + timedelta(minutes=minutes)) if minutes > 0 else None

    # --- one step ---------------------------------------------------------------------------

    def verify(self, performer: Actor, step: str, witness: WitnessInput | None, *,
               entity_type: str = "", entity_id: str = "") -> VerifiedWitness:
        """Authenticate the witness for ``step``; raise if they cannot stand as witness.

        A mismatch records the witness record and an incident and raises WitnessMismatch,
        unless a supervisor overrides it at once with their own password and a reason.
        """
        if witness is None:
            raise WitnessRequired(_("'{step}' is a critical step: a second person must witness it.").format(step=step.replace('_', ' ')))
        errors: dict[str, str] = {}
        username = witness.username.strip()
        continuing = None
        if not username and witness.scope:
            continuing = self.continuous_for(performer, witness.scope)
            if continuing is None:
                errors["witness"] = (_("The witness's continuous period has ended: they sign in with their user "
                                     "name and PIN."))
            else:
                username = continuing.username
        if not username and "witness" not in errors:
            errors["witness"] = _("The witness must sign in with their user name.")
        elif username.lower() == performer.username.lower():
            self._refused(performer, step, username, "the performer tried to witness their own step",
                          entity_type, entity_id)
            errors["witness"] = _("The witness must be a different person from the one performing the step.")
        if not witness.identifiers:
            errors["identifiers"] = _("Say which identifiers the witness checked.")
        if errors:
            raise ValidationError(errors)
        try:
            who = self.users.authenticate_secret(username, witness.secret, purpose=f"witness {step}")
        except AuthenticationFailed as exc:
            exc.incident_id = self._refused(performer, step, username, str(exc), entity_type, entity_id)
            exc.field = "witness_secret"
            raise
        if who.id == performer.id:
            raise ValidationError.single("witness", _("The witness must be a different person from the one performing the step."))
        now = self.ctx.clock()
        if witness.matched:
            notes = ""
            if continuing is not None:
                notes = (f"confirmed with the PIN alone in a continuous witnessing period begun with user name "
                         f"and PIN at {format_local(continuing.signed_in_at)}")
            elif witness.scope:
                self._start_continuous(performer, who, witness.scope, now)
            return VerifiedWitness(step, who, performer, now, WitnessMethod(witness.method),
                                   tuple(witness.identifiers), WitnessResult.MATCH, notes=notes, _token=_ISSUED)
        self.end_continuous()  # a mismatch stops the flow: the next step is signed in full
        supervisor = None
        if witness.override_username:
            if not witness.override_reason.strip():
                raise ValidationError.single("override_reason", _("An override needs a reason."))
            try:
                supervisor = self.users.authenticate_secret(witness.override_username, witness.override_secret,
                                                            purpose=f"override {step}")
                if supervisor.role not in (Role.SUPERVISOR, Role.ADMIN):
                    raise ValidationError.single("override", _("Only a supervisor can override a mismatch; "
                                                             "{username} is a {role}.").format(username=supervisor.username, role=supervisor.role.value))
            except AuthenticationFailed as exc:
                exc.field = "override_secret"
                self._mismatch(who, performer, step, witness, entity_type, entity_id, None, "")
                raise
            except ValidationError:
                # the override failed, but what the witness saw is recorded all the same
                self._mismatch(who, performer, step, witness, entity_type, entity_id, None, "")
                raise
        verified = VerifiedWitness(
            step, who, performer, now, WitnessMethod(witness.method), tuple(witness.identifiers),
            WitnessResult.OVERRIDDEN if supervisor else WitnessResult.MISMATCH,
            override_by=supervisor, override_reason=witness.override_reason.strip(), _token=_ISSUED,
        )
        incident_id = self._mismatch(who, performer, step, witness, entity_type, entity_id, supervisor,
                                     verified.override_reason, verified)
        if supervisor is None:
            raise WitnessMismatch(
                _("The witness reported a mismatch: the step '{step}' is blocked and "
                "incident #{incident_id} was recorded. A supervisor may override it with a reason.").format(step=step.replace('_', ' '), incident_id=incident_id),
                incident_id=incident_id,
            )
        return verified

    def _mismatch(self, who: Actor, performer: Actor, step: str, witness: WitnessInput, entity_type: str,
                  entity_id: str, supervisor: Actor | None, reason: str,
                  verified: VerifiedWitness | None = None) -> int:
        """Keep what the witness saw (a MISMATCH record and its incident), and an override's own incident."""
        seen = verified or VerifiedWitness(step, who, performer, self.ctx.clock(), WitnessMethod(witness.method),
                                           tuple(witness.identifiers), WitnessResult.MISMATCH, _token=_ISSUED)
        with self.ctx.db.write() as s:
            # An overridden step gets its own OVERRIDDEN record when the step itself is saved (record()).
            record = self._write_record(s, replace(seen, result=WitnessResult.MISMATCH), entity_type, entity_id)
            incident = record_incident(
                s, self.ctx, who, kind=IncidentKind.WITNESS_MISMATCH,
                description=(f"Witness {who.username} reported a mismatch at '{step}' performed by "
                             f"{performer.username}; identifiers: {', '.join(witness.identifiers)}."
                             + (f" Overridden by {supervisor.username}: {reason}" if supervisor else "")),
                entity_type=entity_type, entity_id=entity_id, witness_record_id=record.id, reported_by=who.id)
            if supervisor is not None:
                record_incident(
                    s, self.ctx, supervisor, kind=IncidentKind.WITNESS_OVERRIDE,
                    description=(f"{supervisor.full_name} overrode the mismatch of incident #{incident.id} at "
                                 f"'{step.replace('_', ' ')}' performed by {performer.username}, witnessed by "
                                 f"{who.username}: {reason}"),
                    entity_type=entity_type, entity_id=entity_id, witness_record_id=record.id,
                    reported_by=supervisor.id)
            return incident.id

    def record(self, session: Session, verified: VerifiedWitness, *, entity_type: str, entity_id: object) -> WitnessRecord:
        """Write the witness record in the step's own transaction (after the step's row exists)."""
        if verified._token is not _ISSUED:
            raise WitnessRequired(_("A witness must authenticate through the witness service."))
        if verified.result == WitnessResult.MISMATCH:
            raise WitnessMismatch(_("A step with a mismatched witness check cannot be saved."))
        return self._write_record(session, verified, entity_type, str(entity_id))

    def witness_step(self, performer: Actor, step: str, witness: WitnessInput | None, *,
                     entity_type: str, entity_id: object) -> WitnessRecordInfo:
        """Verify and record a witness for an already saved record, in one call."""
        verified = self.verify(performer, step, witness, entity_type=entity_type, entity_id=str(entity_id))
        with self.ctx.db.write() as s:
            rec = self.record(s, verified, entity_type=entity_type, entity_id=entity_id)
            return _info(rec, {performer.id: performer.username, verified.witness.id: verified.witness.username,
                               **({verified.override_by.id: verified.override_by.username} if verified.override_by else {})})

    def require(self, step: str, verified: VerifiedWitness | WitnessInput | None) -> None:
        if is_critical(step) and verified is None:
            raise WitnessRequired(_("'{step}' is a critical step: a second person must witness it.").format(step=step.replace('_', ' ')))

    def records_for(self, entity_type: str, entity_id: object) -> list[WitnessRecordInfo]:
        from bench_app.persistence.models import User
        with self.ctx.db.read() as s:
            rows = s.execute(select(WitnessRecord).where(
                WitnessRecord.entity_type == entity_type, WitnessRecord.entity_id == str(entity_id)
            ).order_by(WitnessRecord.witnessed_at)).scalars().all()
            names = dict(s.execute(select(User.id, User.username)).all())
            return [_info(r, names) for r in rows]

    def _refused(self, performer: Actor, step: str, username: str, why: str, entity_type: str,
                 entity_id: str) -> int:
        """A witness who could not stand as witness is an incident, kept though the step is blocked."""
        with self.ctx.db.write() as s:
            incident = record_incident(
                s, self.ctx, performer, kind=IncidentKind.WITNESS_REFUSED,
                description=(f"Witness '{username}' was refused at '{step.replace('_', ' ')}' performed by "
                             f"{performer.username}: {why}"),
                entity_type=entity_type, entity_id=entity_id, reported_by=performer.id)
            return incident.id

    def _write_record(self, s: Session, v: VerifiedWitness, entity_type: str, entity_id: str) -> WitnessRecord:
        rec = WitnessRecord(
            step=v.step, entity_type=entity_type, entity_id=str(entity_id),
            identifiers_checked=json.dumps(list(v.identifiers), ensure_ascii=False),
            performer_id=v.performer.id, witness_id=v.witness.id, witnessed_at=v.at,
            method=v.method.value, result=v.result.value,
            override_by=v.override_by.id if v.override_by else None,
            override_reason=v.override_reason, notes=v.notes,
        )
        audit_create(s, self.ctx, v.performer, rec)
        write_event(s, self.ctx, actor=v.witness, action=AuditAction.WITNESS,
                    entity_type=entity_type, entity_id=entity_id,
                    changes={"step": [None, v.step], "result": [None, v.result.value]},
                    reason=v.override_reason)
        return rec


def _info(r: WitnessRecord, names: dict[int, str]) -> WitnessRecordInfo:
    return WitnessRecordInfo(
        id=r.id, step=r.step, entity_type=r.entity_type, entity_id=r.entity_id,
        identifiers=tuple(json.loads(r.identifiers_checked)), performer=names.get(r.performer_id, "?"),
        witness=names.get(r.witness_id, "?"), witnessed_at=r.witnessed_at, method=WitnessMethod(r.method),
        result=WitnessResult(r.result), override_by=names.get(r.override_by) if r.override_by else None,
        override_reason=r.override_reason,
    )
