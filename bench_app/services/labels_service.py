"""Labels for tubes, cryo devices and ICSI dishes: what each says, printing, and the print record.

Every print is recorded (a ``label_prints`` row and a PRINT audit event) in one
transaction after the document was made, so a failed render records nothing. The app
makes the document first (``make_labels``) and records it (``record_print``) only when it
is printed or saved to a file: a preview that is closed unprinted records nothing. A caller
that passes ``deliver`` (send to a printer, write a file) has the print recorded only once
delivery succeeded, so a closed printer port records nothing either. A code
printed before is a *reprint*: it needs a reason, which is stored with the print and
shown in the chain-of-custody report. ``target()`` tells the app beforehand whether a
print would be a reprint, so it can ask for the reason first.
"""

from __future__ import annotations

import socket
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Callable, Sequence

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from bench_app.domain.limits import quote
from bench_app.domain.clock import to_local
from bench_app.domain.codes import looks_like_code, parse_code
from bench_app.domain.enums import AuditAction, DeviceType, LocationKind, ProcedureType, SampleKind, Side
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.domain.inventory import holder_id_from_code
from bench_app.domain.labels import STOCKS, LabelData, LabelKind, LabelStock, dish_code, parse_dish_code
from bench_app.domain.names import listing_of
from bench_app.domain.value_labels import colour_label, label_of
from bench_app.i18n import _, ngettext
from bench_app.persistence.models import (
    Couple, CryoDevice, Cycle, FreezeEvent, IcsiSession, LabelPrint, OocyteRetrieval, Patient, ReservedCode,
    RetrievalProcedure, StorageLocation, TissueSample, User,
)
from bench_app.services.audit_writer import audit_create, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.settings_service import read_setting
from bench_app.services.guard import guarded

MAX_COPIES = 20
PRINTER_DPIS = (150, 152, 200, 203, 300, 600, 1200)


def _title(codes: Sequence[str]) -> str:
    return f"Labels {', '.join(codes[:3])}{'…' if len(codes) > 3 else ''}"

MAX_LABELS = 200


@dataclass(frozen=True)
class PrintRecord:
    id: int
    code: str
    stock: str
    copies: int
    is_reprint: bool
    reason: str
    printed_by: str          # printed (full) name
    printed_at: datetime


@dataclass(frozen=True)
class LabelTarget:
    """One thing to label and whether printing it now would be a reprint."""

    entity_type: str         # tissue_samples, cryo_devices, oocyte_retrievals or reserved_codes
    entity_id: int | str     # a reserved code is its own id
    data: LabelData
    default_stock: str
    prints: tuple[PrintRecord, ...]

    @property
    def code(self) -> str:
        return self.data.code

    @property
    def would_be_reprint(self) -> bool:
        return bool(self.prints)


@dataclass(frozen=True)
class PrintedLabels:
    content: bytes           # the PDF, or ZPL for a label printer
    media_type: str          # 'application/pdf' or 'application/zpl'
    stock: LabelStock
    codes: tuple[str, ...]
    reprints: tuple[str, ...]
    warnings: tuple[str, ...]
    print_ids: tuple[int, ...]
    labels: tuple[LabelData, ...] = ()     # what the labels say, to lay them out again for another printer
    copies: int = 1
    start_position: int = 1
    dpi: int = 0                           # the printer resolution the barcodes were laid out for
    reprint_reason: str = ""

    @property
    def recorded(self) -> bool:
        return bool(self.print_ids)

    @property
    def suffix(self) -> str:
        return ".zpl" if self.media_type == "application/zpl" else ".pdf"


@guarded
class LabelsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def stocks(self) -> list[LabelStock]:
        return list(STOCKS.values())

    def target(self, code: str) -> LabelTarget:
        """What the label for a sample, device or dish code says, and its print history."""
        return self.targets([code])[0]

    def targets(self, codes: Sequence[str]) -> list[LabelTarget]:
        with self.ctx.db.read() as s:
            return [self._target(s, code) for code in codes]

    def history(self, code: str) -> tuple[PrintRecord, ...]:
        return self.target(code).prints

    def print_labels(self, actor: Actor, codes: Sequence[str], *, stock: str | None = None, copies: int = 1,
                     reprint_reason: str = "", zpl: bool = False, start_position: int = 1,
                     dpi: int | None = None, darkness: int | None = None, speed: int | None = None,
                     deliver: Callable[[PrintedLabels], None] | None = None) -> PrintedLabels:
        """Make the labels (PDF, or ZPL with ``zpl``) and record the print; reprints need ``reprint_reason``.

        With ``deliver`` (send to the printer, write the file), the print is recorded only if it returns: a
        label that never reached a printer is not a print, so the next one is not a reprint. The reprint
        reason is checked before anything is delivered.
        """
        return self.record_print(actor, self.make_labels(actor, codes, stock=stock, copies=copies,
                                                         reprint_reason=reprint_reason, zpl=zpl,
                                                         start_position=start_position, dpi=dpi,
                                                         darkness=darkness, speed=speed), deliver=deliver)

    def record_print(self, actor: Actor, made: PrintedLabels, *,
                     deliver: Callable[[PrintedLabels], None] | None = None) -> PrintedLabels:
        """Record labels made by make_labels() as printed (once: a recorded print is returned as it is);
        with ``deliver``, only after it returned."""
        if made.recorded:
            return made
        ids, reprints = self._record(actor, list(made.codes), made.stock, made.copies, made.reprint_reason,
                                     made.media_type, (lambda: deliver(made)) if deliver else None)
        return replace(made, print_ids=ids, reprints=reprints)

    def make_labels(self, actor: Actor, codes: Sequence[str], *, stock: str | None = None, copies: int = 1,
                    reprint_reason: str = "", zpl: bool = False, start_position: int = 1,
                    dpi: int | None = None, darkness: int | None = None, speed: int | None = None) -> PrintedLabels:
        """The labels' document, not yet recorded; a reprint without ``reprint_reason`` is refused already.

        ``dpi`` is the resolution of the printer they are for (its declared resolution; by default
        the stock's usual one): barcodes are laid out in its whole dots. ``darkness`` and ``speed``
        go into ZPL when the printer's declaration gives them.
        """
        errors: dict[str, str] = {}
        codes = list(dict.fromkeys(c.strip() for c in codes if c and c.strip()))
        if not codes:
            errors["codes"] = _("Give the code of a sample, device or dish to label.")
        elif len(codes) > MAX_LABELS:
            errors["codes"] = _("Print at most {count} labels at once.").format(count=MAX_LABELS)
        if not isinstance(copies, int) or not 1 <= copies <= MAX_COPIES:
            errors["copies"] = _("Print between 1 and {count} copies.").format(count=MAX_COPIES)
        if errors:
            raise ValidationError(errors)
        targets = self.targets(codes)
        chosen = self._stock(stock, targets)
        if zpl and chosen.is_sheet:
            raise ValidationError.single("stock", _("ZPL is for label printers: choose a roll stock, not {title}.").format(title=chosen.title))
        if chosen.is_sheet and not 1 <= start_position <= chosen.per_page:
            raise ValidationError.single("start_position", _("Start at a label between 1 and {per_page}.").format(per_page=chosen.per_page))
        # reportlab loads on the first print, not at every start of the app (issue 8's start-up target).
        from bench_app.reports.labels import build_labels_pdf, layout_label
        from bench_app.reports.zpl import labels_zpl

        reason = reprint_reason.strip()
        _check_reprint_reason(targets, reason)
        dpi = dpi or chosen.dpi
        if dpi not in PRINTER_DPIS:
            raise ValidationError.single("stock", _("A label printer prints at {items} dpi, "
                                                  "not {dpi}.").format(items=', '.join(map(str, PRINTER_DPIS)), dpi=dpi))
        layouts = [layout_label(t.data, chosen) for t in targets]
        if zpl:
            content = labels_zpl(layouts, dpi=dpi, copies=copies, darkness=darkness, speed=speed)
            media = "application/zpl"
        else:
            content = build_labels_pdf([t.data for t in targets], chosen, copies=copies, start_position=start_position,
                                       title=_title(codes), author=actor.full_name, dpi=dpi)
            media = "application/pdf"
        return PrintedLabels(content, media, chosen, tuple(codes), tuple(t.code for t in targets if t.would_be_reprint),
                             tuple(w for layout in layouts for w in layout.warnings), (),
                             labels=tuple(t.data for t in targets), copies=copies, start_position=start_position,
                             dpi=dpi, reprint_reason=reason)

    def laid_out_for(self, printed: PrintedLabels, dpi: int) -> bytes:
        """The same labels as PDF, with the barcodes on the dot grid of a ``dpi`` printer (not a new print:
        the printer chosen in the print dialog prints at another resolution than the preview was made for)."""
        from bench_app.reports.labels import build_labels_pdf

        if dpi == printed.dpi or not printed.labels:
            return printed.content
        return build_labels_pdf(printed.labels, printed.stock, copies=printed.copies,
                                start_position=printed.start_position, title=_title(printed.codes), dpi=dpi)

    def send_zpl(self, content: bytes, address: str, *, timeout: float = 10.0) -> None:
        """Send ZPL to a network label printer (raw TCP, usually port 9100) at 'host:port'."""
        send_zpl(content, address, timeout=timeout)

    # --- helpers ------------------------------------------------------------------------

    def _stock(self, name: str | None, targets: list[LabelTarget]) -> LabelStock:
        if name is None:
            defaults = {t.default_stock for t in targets}
            if len(defaults) > 1:
                raise ValidationError.single("stock", _("These labels go on different stocks by default "
                                                      "({items}): choose one.").format(items=', '.join(sorted(defaults))))
            name = defaults.pop()
        if name not in STOCKS:
            raise ValidationError.single("stock", _("Unknown label stock '{name}'; choose one of {items}.").format(name=quote(name), items=', '.join(STOCKS)))
        return STOCKS[name]

    def _record(self, actor: Actor, codes: list[str], stock: LabelStock, copies: int, reason: str,
                media: str, deliver: Callable[[], None] | None) -> tuple[tuple[int, ...], tuple[str, ...]]:
        now = self.ctx.clock()
        with self.ctx.db.write() as s:
            targets = [self._target(s, code) for code in codes]  # again, inside the write lock
            reprints = [t for t in targets if t.would_be_reprint]
            _check_reprint_reason(targets, reason)
            if deliver is not None:
                deliver()  # raises if the printer or file did not take the labels: the transaction records nothing
            ids = []
            for t in targets:
                again = t.would_be_reprint
                row = LabelPrint(entity_type=t.entity_type, entity_id=str(t.entity_id), code=t.code, stock=stock.name,
                                 copies=copies, is_reprint=again, reason=reason if again else "",
                                 printed_by=actor.id, printed_at=now)
                audit_create(s, self.ctx, actor, row, reason=reason if again else "")
                write_event(s, self.ctx, actor=actor, action=AuditAction.PRINT, entity_type=t.entity_type,
                            entity_id=t.entity_id, reason=reason if again else "",
                            changes={"label": [None, t.code], "stock": [None, stock.name], "copies": [None, copies],
                                     "reprint": [None, again], "format": [None, media]})
                ids.append(row.id)
            return tuple(ids), tuple(t.code for t in reprints)

    def _target(self, s: Session, code: str) -> LabelTarget:
        retrieval_id = parse_dish_code(code)
        if retrieval_id is None and looks_like_code(code) and parse_code(code).kind == "C":
            retrieval_id = s.execute(select(OocyteRetrieval.id)
                                     .where(OocyteRetrieval.dish_code == parse_code(code).code)).scalar()
            if retrieval_id is None:
                raise NotFound(_("No ICSI dish has the code {code}.").format(code=parse_code(code).code))
        if retrieval_id is not None:
            data, entity = _dish(s, retrieval_id), ("oocyte_retrievals", retrieval_id)
            stock = read_setting(s, "default_label_stock")
        elif looks_like_code(code) and parse_code(code).kind == "H":
            data, entity = _holder(s, parse_code(code).code), ("storage_locations", holder_id_from_code(code))
            stock = read_setting(s, "cryo_label_stock")
        elif looks_like_code(code) and parse_code(code).kind in "SD":
            parsed = parse_code(code)
            if parsed.kind == "S":
                data, entity = _sample(s, parsed.code)
                stock = read_setting(s, "default_label_stock")
            else:
                data, entity = _device(s, parsed.code)
                stock = read_setting(s, "cryo_label_stock")
        else:
            if looks_like_code(code):
                parse_code(code)  # a mistyped code says so precisely
            raise ValidationError.single("codes", _("'{code}' is not a sample, device or dish code "
                                                  "(e.g. S-7K3M9Q-X, D-7K3M9Q-X or C-7K3M9Q-X), nor a cane's (H-…).").format(code=quote(code)))
        return LabelTarget(entity[0], entity[1], data, stock, _prints(s, entity[0], entity[1], data.code))


def _check_reprint_reason(targets: Sequence[LabelTarget], reason: str) -> None:
    reprints = [t for t in targets if t.would_be_reprint]
    if reprints and not reason:
        last = reprints[0].prints[-1]
        raise ValidationError.single(
            "reprint_reason", _("{code} was printed before (on "
                              "{when} by {person}): "
                              "say why it is printed again.").format(code=reprints[0].code, when=f"{to_local(last.printed_at):%Y-%m-%d %H:%M}", person=last.printed_by))


def _local_date(value: datetime) -> str:
    return to_local(value).date().isoformat()


def _prints(s: Session, entity_type: str, entity_id: int | str, code: str) -> tuple[PrintRecord, ...]:
    which = and_(LabelPrint.entity_type == entity_type, LabelPrint.entity_id == str(entity_id))
    if entity_type == "cryo_devices":  # its label may have been printed while its code was only reserved
        which = or_(which, and_(LabelPrint.entity_type == "reserved_codes", LabelPrint.entity_id == code))
    rows = s.execute(select(LabelPrint, User.full_name).join(User, User.id == LabelPrint.printed_by)
                     .where(which)
                     .order_by(LabelPrint.printed_at, LabelPrint.id)).all()
    return tuple(PrintRecord(p.id, p.code, p.stock, p.copies, p.is_reprint, p.reason, name, p.printed_at)
                 for p, name in rows)


def _sample(s: Session, code: str) -> tuple[LabelData, tuple[str, int]]:
    row = s.execute(select(TissueSample, Patient, RetrievalProcedure.procedure_type)
                    .join(Patient, Patient.id == TissueSample.patient_id)
                    .outerjoin(RetrievalProcedure, RetrievalProcedure.id == TissueSample.procedure_id)
                    .where(TissueSample.code == code)).first()
    if row is None:
        raise NotFound(_("No sample has the code {code}.").format(code=quote(code)))
    sample, patient, ptype = row
    # The label's words in the lab's language; the side in lower case, as the tube's third item.
    detail = " · ".join(x for x in (label_of(ProcedureType, ptype) if ptype else label_of(SampleKind, sample.kind),
                                    _("sample {number}").format(number=sample.sample_number),
                                    label_of(Side, sample.side).lower()) if x)
    return LabelData(LabelKind.TUBE, sample.code, listing_of(patient),
                     patient.mrn, _local_date(sample.received_at), detail), ("tissue_samples", sample.id)


def _device(s: Session, code: str) -> tuple[LabelData, tuple[str, int]]:
    row = s.execute(select(CryoDevice, Patient, FreezeEvent.frozen_at)
                    .join(Patient, Patient.id == CryoDevice.patient_id)
                    .join(FreezeEvent, FreezeEvent.id == CryoDevice.freeze_event_id)
                    .where(CryoDevice.code == code)).first()
    if row is None:
        return _reserved(s, code)
    device, patient, frozen_at = row
    frozen = _local_date(frozen_at)
    detail = ", ".join(x for x in (DeviceType(device.device_type).label, colour_label(device.colour)) if x)
    return LabelData(LabelKind.CRYO, device.code, listing_of(patient), patient.mrn,
                     frozen, detail, _("Frozen {day}").format(day=frozen), _("QUARANTINE") if device.quarantined else ""), \
        ("cryo_devices", device.id)


def _reserved(s: Session, code: str) -> tuple[LabelData, tuple[str, str]]:
    """The label of a device code reserved for a patient before loading (name, MRN, code, date)."""
    row = s.execute(select(ReservedCode, Patient).join(Patient, Patient.id == ReservedCode.patient_id)
                    .where(ReservedCode.code == code)).first()
    if row is None:
        raise NotFound(_("No device has the code {code}.").format(code=code))
    reserved, patient = row
    if reserved.voided_at is not None:
        raise ValidationError.single("codes", _("{code} was voided ({void_reason}): it is not printed.").format(code=code, void_reason=reserved.void_reason))
    on = _local_date(reserved.reserved_at)
    return LabelData(LabelKind.CRYO, code, listing_of(patient), patient.mrn,
                     on, "", _("Frozen {day}").format(day=on)), ("reserved_codes", code)


def _holder(s: Session, code: str) -> LabelData:
    """A cane's label: its name, canister and tank, and its code (H-…) to scan at an audit."""
    holder = s.get(StorageLocation, holder_id_from_code(code))
    if holder is None or holder.kind not in ("cane", "goblet"):
        raise NotFound(_("No cane or goblet has the code {code}.").format(code=code))
    canister = s.get(StorageLocation, holder.parent_id)
    tank = s.get(StorageLocation, holder.tank_id)
    return LabelData(LabelKind.CANE, code, holder.name, canister.name if canister else "", tank.name if tank else "",
                     ngettext("{kind} · {count} position", "{kind} · {count} positions", holder.capacity).format(
                         kind=label_of(LocationKind, holder.kind), count=holder.capacity))


def _dish(s: Session, retrieval_id: int) -> LabelData:
    row = s.execute(select(OocyteRetrieval, Couple).join(Cycle, Cycle.id == OocyteRetrieval.cycle_id)
                    .join(Couple, Couple.id == Cycle.couple_id).where(OocyteRetrieval.id == retrieval_id)).first()
    if row is None:
        raise NotFound(_("There is no oocyte retrieval for the dish code {dish_code}.").format(dish_code=dish_code(retrieval_id)))
    opu, couple = row
    female = s.get(Patient, couple.female_patient_id) if couple.female_patient_id else None
    male = s.get(Patient, couple.male_patient_id)
    owner = female or male
    sessions = s.execute(select(func.count(IcsiSession.id)).where(IcsiSession.retrieval_id == opu.id)).scalar_one()
    partner = _("Partner {name} · MRN {mrn}").format(name=listing_of(male), mrn=male.mrn) if female else ""
    return LabelData(LabelKind.DISH, opu.dish_code or dish_code(opu.id), listing_of(owner), owner.mrn,
                     _local_date(opu.retrieved_at), _("{procedure} · cycle {cycle_id}").format(procedure="ICSI" if sessions else "OPU", cycle_id=opu.cycle_id), partner)


def send_zpl(content: bytes, address: str, *, timeout: float = 10.0) -> None:
    """Send ZPL to a network label printer (raw TCP, usually port 9100) at 'host:port'."""
    host, _colon, port = (address or "").strip().rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValidationError.single("send", _("Give the printer as HOST:PORT (e.g. 10.0.0.7:9100), not '{address}'.").format(address=quote(address)))
    try:
        with socket.create_connection((host.strip("[]"), int(port)), timeout=timeout) as conn:
            conn.sendall(content)
    except OSError as exc:
        raise ValidationError.single("send", _("Could not send the labels to the printer at {address}: "
                                             "{problem}.").format(address=quote(address, 40), problem=exc.strerror or exc)) from None
