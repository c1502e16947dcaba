"""Lab-wide settings stored in the database, typed by their declarations in domain.settings."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.enums import Role
from bench_app.domain.errors import ValidationError
from bench_app.domain.limits import quote
from bench_app.domain.settings import SETTINGS, coerce
from bench_app.i18n import lazy_pgettext
from bench_app.persistence.models import Setting
from bench_app.services.audit_writer import audit_create, audit_update
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.guard import guarded


def read_setting(session: Session, key: str) -> Any:
    row = session.get(Setting, key)
    if row is None:
        return SETTINGS[key].default
    return coerce(key, json.loads(row.value), stored=True)


@guarded
class SettingsService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def get(self, key: str) -> Any:
        if key not in SETTINGS:
            raise ValidationError.single("key", f"There is no setting '{quote(key)}'.")
        with self.ctx.db.read() as s:
            return read_setting(s, key)

    def all(self) -> dict[str, Any]:
        with self.ctx.db.read() as s:
            stored = {r.key: r.value for r in s.execute(select(Setting)).scalars()}
        return {k: coerce(k, json.loads(stored[k]), stored=True) if k in stored else spec.default
                for k, spec in SETTINGS.items()}

    def set(self, actor: Actor, key: str, value: Any, *, reason: str = "") -> Any:
        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "change settings"))
        try:
            typed = coerce(key, value)
        except ValueError as exc:
            raise ValidationError.single(key, str(exc)) from None
        with self.ctx.db.write() as s:
            row = s.get(Setting, key)
            encoded = json.dumps(typed, ensure_ascii=False)
            if row is None:
                audit_create(s, self.ctx, actor, Setting(key=key, value=encoded, updated_by=actor.id,
                                                         updated_at=self.ctx.clock()), reason=reason)
            else:
                audit_update(s, self.ctx, actor, row, {"value": encoded, "updated_by": actor.id,
                                                       "updated_at": self.ctx.clock()}, reason=reason)
        return typed
