"""Material lots (media, enzymes, cryoprotectants): found or registered by product and lot number."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.limits import require_enum
from bench_app.domain.enums import LotKind
from bench_app.domain.errors import ValidationError
from bench_app.persistence.models import MaterialLot
from bench_app.services.audit_writer import audit_create
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.guard import guarded


@dataclass(frozen=True)
class LotInfo:
    id: int
    kind: LotKind
    product_name: str
    lot_number: str
    expiry_date: date | None

    @property
    def title(self) -> str:
        return f"{self.product_name} lot {self.lot_number}"


def lot_info(m: MaterialLot) -> LotInfo:
    return LotInfo(m.id, LotKind(m.kind), m.product_name, m.lot_number, m.expiry_date)


def ensure_lot(session: Session, ctx: ServiceContext, actor: Actor, *, kind: LotKind, product: str,
               lot_number: str, field: str = "lot") -> MaterialLot | None:
    """The lot named, registering it on first use; None when neither product nor lot is given."""
    product, lot_number = (product or "").strip(), (lot_number or "").strip()
    if not product and not lot_number:
        return None
    if not product or not lot_number:
        raise ValidationError.single(field, "Give both the product and its lot number.")
    row = session.execute(select(MaterialLot).where(MaterialLot.product_name == product,
                                                    MaterialLot.lot_number == lot_number)).scalar_one_or_none()
    if row is None:
        row = MaterialLot(kind=LotKind(kind).value, product_name=product, lot_number=lot_number,
                          expiry_date=None, created_at=ctx.clock())
        audit_create(session, ctx, actor, row)
    return row


@guarded
class LotsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def list_lots(self, kind: LotKind | None = None) -> list[LotInfo]:
        q = select(MaterialLot).order_by(MaterialLot.product_name, MaterialLot.lot_number.desc())
        if kind is not None:
            q = q.where(MaterialLot.kind == require_enum(LotKind, kind, "kind", "a kind of material").value)
        with self.ctx.db.read() as s:
            return [lot_info(m) for m in s.execute(q).scalars()]

    def register(self, actor: Actor, *, kind: LotKind, product: str, lot_number: str,
                 expiry_date: date | None = None) -> LotInfo:
        kind = require_enum(LotKind, kind, "kind", "a kind of material")
        with self.ctx.db.write() as s:
            row = ensure_lot(s, self.ctx, actor, kind=kind, product=product, lot_number=lot_number)
            if row is None:
                raise ValidationError.single("lot", "Give the product and its lot number.")
            if expiry_date is not None and row.expiry_date is None:
                row.expiry_date = expiry_date
            return lot_info(row)
