"""Collecting every event of a chain of custody: samples, devices, ICSI use, labels, signatures.

The scope grows along the material: a sample brings the devices frozen from it; a
device brings the samples it was frozen from; both bring the thaws and the ICSI
sessions that used them. Events carry printed (full) names, since the report is read
outside the lab, and a location: the storage position for cryo steps, otherwise the
workstation that recorded the step (from the audit trail).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from bench_app.domain.clock import as_utc
from bench_app.domain.custody import CustodyEvent, SignatureLine
from bench_app.domain.enums import DeviceType, FreezeMethod, FreezeSourceKind, ProcessingStepKind, SampleKind
from bench_app.domain.record_titles import codes_text
from bench_app.domain.storage import position_label
from bench_app.i18n import _, isolated
from bench_app.persistence.models import (
    AuditEvent, CryoDevice, DeviceMove, DiscardEvent, FreezeEvent, IcsiSession, Injection, LabelPrint, Oocyte,
    ProcessingStep, RetrievalProcedure, Signature, SpermFinding, ThawEvent, TissueSample, WitnessRecord,
    discard_event_devices, freeze_event_samples, thaw_event_devices,
)
from bench_app.services.record_names import cycle_titles, thawed_codes
from bench_app.services.storage_queries import location_paths, lot_titles, user_names


# Steps recorded at the same moment are listed in the order they happen to material.
_RANK = {k: i for i, k in enumerate((
    "received", "processed", "assessed", "disposition", "frozen", "placed", "moved", "thawed", "used for ICSI",
    "discard requested", "discarded", "discard rejected", "label printed", "label reprinted"))}


def when(value: datetime) -> str:
    return f"{as_utc(value).astimezone():%Y-%m-%d %H:%M %z}"


@dataclass
class Scope:
    samples: dict[int, TissueSample] = field(default_factory=dict)
    devices: dict[int, CryoDevice] = field(default_factory=dict)


def grow(s: Session, scope: Scope) -> Scope:
    """Add the devices frozen from the samples, and the samples the devices were frozen from."""
    if scope.samples:
        freezes = select(freeze_event_samples.c.freeze_event_id).where(
            freeze_event_samples.c.sample_id.in_(list(scope.samples)))
        for d in s.execute(select(CryoDevice).where(CryoDevice.freeze_event_id.in_(freezes))).scalars():
            scope.devices.setdefault(d.id, d)
    if scope.devices:
        sources = select(freeze_event_samples.c.sample_id).where(
            freeze_event_samples.c.freeze_event_id.in_({d.freeze_event_id for d in scope.devices.values()}))
        for x in s.execute(select(TissueSample).where(TissueSample.id.in_(sources))).scalars():
            scope.samples.setdefault(x.id, x)
    return scope


class Collector:
    def __init__(self, s: Session, scope: Scope):
        self.s, self.scope = s, scope
        self.names = {i: full for i, (_, full) in user_names(s).items()}
        self.events: list[CustodyEvent] = []
        self.signatures: list[SignatureLine] = []
        self.witness_ids: set[int] = set()

    def who(self, user_id: int | None) -> str:
        return self.names.get(user_id, "?") if user_id else ""

    def add(self, at: datetime, event: str, subject: str, description: str, performer: str, *, witness_id=None,
            location: str = "", lots: str = "", reason: str = "") -> None:
        if witness_id:
            self.witness_ids.add(witness_id)
        self.events.append(CustodyEvent(when(at), as_utc(at).isoformat(), event, subject, description, performer,
                                        str(witness_id or ""), location, lots, reason))

    def collect(self) -> tuple[list[CustodyEvent], list[SignatureLine]]:
        self._samples()
        thaw_ids = self._devices()
        self._icsi(thaw_ids)
        self._labels()
        witnesses = self._witnesses()
        events = [e if not e.witness else CustodyEvent(**{**e.__dict__, "witness": witnesses.get(int(e.witness), "")})
                  for e in self.events]
        events.sort(key=lambda e: (e.at_utc, _RANK.get(e.event, 99), e.subject))
        self.signatures.sort(key=lambda g: g.signed_at)
        return events, self.signatures

    def _workstations(self, table: str, ids) -> dict[int, str]:
        rows = self.s.execute(select(AuditEvent.entity_id, AuditEvent.workstation).where(
            AuditEvent.entity_type == table, AuditEvent.action == "create",
            AuditEvent.entity_id.in_([str(i) for i in ids])))
        return {int(i): workstation_text(w) for i, w in rows if w}

    def _samples(self) -> None:
        s, samples = self.s, self.scope.samples
        if not samples:
            return
        ids = list(samples)
        steps = s.execute(select(ProcessingStep).where(ProcessingStep.sample_id.in_(ids))).scalars().all()
        lots = lot_titles(s, [x.transport_medium_lot_id for x in samples.values()] + [st.medium_lot_id for st in steps])
        procs = {p.id: p for p in s.execute(select(RetrievalProcedure).where(RetrievalProcedure.id.in_(
            {x.procedure_id for x in samples.values() if x.procedure_id}))).scalars()}
        ws = self._workstations("tissue_samples", ids)
        ws_steps = self._workstations("processing_steps", [st.id for st in steps])
        for x in samples.values():
            p = procs.get(x.procedure_id)
            side = ", ".join(v for v in (x.side, x.site) if v)
            received = (isolated(_("{kind} {number} from {procedure} (surgeon {surgeon}); {side}"),
                                 kind=str(SampleKind(x.kind).label), number=x.sample_number,
                                 procedure=p.procedure_type, surgeon=p.surgeon, side=side) if p else
                        isolated(_("{kind} {number}; {side}"), kind=str(SampleKind(x.kind).label),
                                 number=x.sample_number, side=side))
            self.add(x.received_at, "received", x.code, received,
                     self.who(x.received_by), witness_id=x.receipt_witness_id, location=ws.get(x.id, ""),
                     lots=lots.get(x.transport_medium_lot_id, ""))
        for st in steps:
            done = (isolated(_("{step} ({enzyme} {concentration}, {minutes} min, {temperature} °C)"),
                             step=str(ProcessingStepKind(st.kind).label), enzyme=st.enzyme,
                             concentration=st.enzyme_concentration, minutes=st.minutes,
                             temperature=f"{st.temperature_c:g}")
                    if st.enzyme and st.minutes and st.temperature_c is not None else
                    str(ProcessingStepKind(st.kind).label))
            self.add(st.started_at, "processed", samples[st.sample_id].code, done,
                     self.who(st.operator_id), witness_id=st.witness_record_id, location=ws_steps.get(st.id, ""),
                     lots=lots.get(st.medium_lot_id, ""))
        for f in s.execute(select(SpermFinding).where(SpermFinding.sample_id.in_(ids))).scalars():
            found = (_("sperm found: {progressive} progressive, {non_progressive} non-progressive, {twitching} "
                       "twitching, {immotile} immotile").format(
                progressive=f.progressive, non_progressive=f.non_progressive, twitching=f.twitching,
                immotile=f.immotile) if f.sperm_found else _("no sperm seen"))
            self.add(f.assessed_at, "assessed", samples[f.sample_id].code, found, self.who(f.assessor_id))
        for e in s.execute(select(AuditEvent).where(AuditEvent.entity_type == "tissue_samples",
                                                    AuditEvent.entity_id.in_([str(i) for i in ids]),
                                                    AuditEvent.action == "update")).scalars():
            change = json.loads(e.changes or "{}").get("disposition")
            if change:
                self.add(e.occurred_at, "disposition", samples[int(e.entity_id)].code,
                         isolated(_("disposition {before} -> {after}"), before=str(change[0]).replace("_", " "),
                                  after=str(change[1]).replace("_", " ")),
                         self.who(e.user_id), location=workstation_text(e.workstation), reason=e.reason)

    def _devices(self) -> set[int]:
        s, devices = self.s, self.scope.devices
        if not devices:
            return set()
        ids = list(devices)
        code = {d.id: d.code for d in devices.values()}
        freezes = s.execute(select(FreezeEvent).where(
            FreezeEvent.id.in_({d.freeze_event_id for d in devices.values()}))).scalars().all()
        lots = lot_titles(s, [fe.cryoprotectant_lot_id for fe in freezes])
        sources: dict[int, list[str]] = defaultdict(list)
        for fid, c in s.execute(select(freeze_event_samples.c.freeze_event_id, TissueSample.code)
                                .join(TissueSample, TissueSample.id == freeze_event_samples.c.sample_id)
                                .where(freeze_event_samples.c.freeze_event_id.in_([fe.id for fe in freezes]))):
            sources[fid].append(c)
        for fe in freezes:
            made = sorted(d.code for d in devices.values() if d.freeze_event_id == fe.id)
            pre = (_("motile {motile}, immotile {immotile}").format(motile=fe.pre_freeze_motile or 0,
                                                                    immotile=fe.pre_freeze_immotile or 0)
                   if fe.pre_freeze_motile is not None or fe.pre_freeze_immotile is not None
                   else _("sperm present") if fe.sperm_present else _("no sperm seen"))
            source = ", ".join(sorted(sources[fe.id])) or FreezeSourceKind(fe.source_kind).label
            self.add(fe.frozen_at, "frozen", ", ".join(made),
                     isolated(_("{method} freezing of {source}; pre-freeze {state}"),
                              method=str(FreezeMethod(fe.method).label), source=str(source), state=pre),
                     self.who(fe.operator_id),
                     witness_id=fe.witness_record_id, lots=lots.get(fe.cryoprotectant_lot_id, ""))
        moves = s.execute(select(DeviceMove).where(DeviceMove.device_id.in_(ids))).scalars().all()
        thaws = s.execute(select(thaw_event_devices.c.device_id, thaw_event_devices.c.from_location_id,
                                 thaw_event_devices.c.from_slot, ThawEvent)
                          .join(ThawEvent, ThawEvent.id == thaw_event_devices.c.thaw_event_id)
                          .where(thaw_event_devices.c.device_id.in_(ids))).all()
        paths = location_paths(s, {m.from_location_id for m in moves} | {m.to_location_id for m in moves}
                               | {loc for _, loc, _, _ in thaws})

        def where(loc, slot) -> str:
            return position_label(paths.get(loc, ""), slot) if loc else ""

        for m in moves:
            to = where(m.to_location_id, m.to_slot)
            first = m.from_location_id is None
            self.add(m.moved_at, "placed" if first else "moved", code[m.device_id],
                     isolated(_("placed at {position}"), position=to) if first else
                     isolated(_("moved from {before} to {after}"), before=where(m.from_location_id, m.from_slot),
                              after=to),
                     self.who(m.operator_id), witness_id=m.witness_record_id, location=to,
                     reason="" if first else m.reason)
        thaw_lots = lot_titles(s, [te.thaw_medium_lot_id for *_, te in thaws])
        cycles = cycle_titles(s, [te.cycle_id for *_, te in thaws])
        for device_id, loc, slot, te in thaws:
            found = {True: _("sperm found"), False: _("no sperm found"), None: _("not assessed")}[te.sperm_found]
            thawed = (isolated(_("thawed for the {cycle}: {result}"), cycle=cycles[te.cycle_id], result=found)
                      if te.cycle_id in cycles else _("thawed: {result}").format(result=found))
            self.add(te.thawed_at, "thawed", code[device_id], thawed, self.who(te.operator_id),
                     witness_id=te.witness_record_id, location=isolated(_("from {position}"), position=where(loc, slot)),
                     lots=thaw_lots.get(te.thaw_medium_lot_id, ""))
        self._discards(ids, code)
        return {te.id for *_, te in thaws}

    def _discards(self, ids, code) -> None:
        rows = self.s.execute(select(discard_event_devices.c.device_id, DiscardEvent)
                              .join(DiscardEvent, DiscardEvent.id == discard_event_devices.c.discard_event_id)
                              .where(discard_event_devices.c.device_id.in_(ids))).all()
        for device_id, de in rows:
            self.add(de.requested_at, "discard requested", code[device_id], _("discard requested (consent checked)"),
                     self.who(de.requested_by), reason=de.reason)
            if de.approved_at is not None:
                verb = "discarded" if de.status == "approved" else "discard rejected"
                decided = (_("discarded on the decision of a supervisor") if de.status == "approved" else
                           _("discard rejected on the decision of a supervisor"))
                self.add(de.approved_at, verb, code[device_id], decided,
                         self.who(de.approved_by), reason=de.reason,
                         witness_id=de.witness_record_id if de.status == "approved" else None)
        discarded: dict[str, list[str]] = defaultdict(list)
        for device_id, de in rows:
            discarded[str(de.id)].append(code[device_id])
        for g in self.s.execute(select(Signature).where(Signature.entity_type == "discard_events", Signature.entity_id.in_(
                set(discarded)))).scalars():
            self.signatures.append(SignatureLine(g.printed_name, when(g.signed_at), g.meaning,
                                                 isolated(_("discard of {codes}"), codes=codes_text(discarded[g.entity_id])),
                                                 g.content_hash))

    def _icsi(self, thaw_ids: set[int]) -> None:
        conditions = []
        if self.scope.samples:
            conditions.append(IcsiSession.source_sample_id.in_(list(self.scope.samples)))
        if thaw_ids:
            conditions.append(IcsiSession.source_thaw_event_id.in_(thaw_ids))
        if not conditions:
            return
        sessions = self.s.execute(select(IcsiSession).where(or_(*conditions))).scalars().all()
        oocytes: dict[int, list[str]] = defaultdict(list)
        for sid, c in self.s.execute(select(Injection.session_id, Oocyte.code).join(Oocyte, Oocyte.id == Injection.oocyte_id)
                                     .where(Injection.session_id.in_([x.id for x in sessions]))):
            oocytes[sid].append(c)
        thawed = thawed_codes(self.s, [x.source_thaw_event_id for x in sessions])
        cycles = cycle_titles(self.s, [x.cycle_id for x in sessions])
        for x in sessions:
            source = self.scope.samples[x.source_sample_id].code if x.source_sample_id in self.scope.samples \
                else isolated(_("thawed {codes}"), codes=codes_text(thawed[x.source_thaw_event_id]))
            used = ", ".join(sorted(oocytes[x.id]))
            used_text = (isolated(_("ICSI ({cycle}): oocytes {oocytes}"), cycle=cycles.get(x.cycle_id, _("no cycle")),
                                  oocytes=used) if used else
                         isolated(_("ICSI ({cycle}): no oocytes injected yet"), cycle=cycles.get(x.cycle_id, _("no cycle"))))
            self.add(x.started_at, "used for ICSI", source, used_text,
                     self.who(x.operator_id), witness_id=x.witness_record_id)

    def _labels(self) -> None:
        keys = [("tissue_samples", str(i)) for i in self.scope.samples] + \
               [("cryo_devices", str(i)) for i in self.scope.devices]
        if not keys:
            return
        rows = self.s.execute(select(LabelPrint).where(or_(
            *[(LabelPrint.entity_type == t) & (LabelPrint.entity_id == i) for t, i in keys]))).scalars()
        for p in rows:
            self.add(p.printed_at, "label reprinted" if p.is_reprint else "label printed", p.code,
                     f"{p.copies} x {p.stock}", self.who(p.printed_by), reason=p.reason)

    def _witnesses(self) -> dict[int, str]:
        if not self.witness_ids:
            return {}
        out = {}
        for w in self.s.execute(select(WitnessRecord).where(WitnessRecord.id.in_(self.witness_ids))).scalars():
            out[w.id] = self.who(w.witness_id)
            checked = f"{w.step.replace('_', ' ')}: {', '.join(json.loads(w.identifiers_checked))}"
            self.signatures.append(SignatureLine(self.who(w.witness_id), when(w.witnessed_at), "witnessed",
                                                 f"{checked} ({w.method}, {w.result})"))
            if w.override_by:  # the witness saw a mismatch; a supervisor let the step go ahead
                out[w.id] = isolated(_("{witness} (mismatch overridden by {supervisor}: {reason})"), witness=out[w.id],
                                     supervisor=self.who(w.override_by), reason=w.override_reason or "")
                self.signatures.append(SignatureLine(self.who(w.override_by), when(w.witnessed_at),
                                                     "override approved", f"{checked}: {w.override_reason}"))
        return out


def workstation_text(name: str) -> str:
    return isolated(_("workstation {name}"), name=name)


def device_kind(d: CryoDevice) -> str:
    return DeviceType(d.device_type).english
