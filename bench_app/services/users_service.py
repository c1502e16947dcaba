"""Users and roles: sign-in, lockout, idle lock, switching user, and user management."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from bench_app.domain.enums import AuditAction, Role
from bench_app.domain.limits import enum_value, quote, require_enum, text_rule
from bench_app.domain.errors import AccountLocked, AuthenticationFailed, NotFound, ValidationError
from bench_app.i18n import _, lazy_pgettext, ngettext
from bench_app.persistence.models import User
from bench_app.services import passwords
from bench_app.services.audit_writer import audit_create, audit_update, write_event
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.settings_service import read_setting
from bench_app.services.guard import guarded


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    has_pin: bool
    locked_until: datetime | None
    failed_attempts: int
    last_sign_in_at: datetime | None


def _info(u: User) -> UserInfo:
    return UserInfo(
        id=u.id, username=u.username, full_name=u.full_name, role=Role(u.role), active=u.active,
        has_pin=bool(u.pin_hash), locked_until=u.locked_until, failed_attempts=u.failed_attempts,
        last_sign_in_at=u.last_sign_in_at,
    )


def actor_of(u: User) -> Actor:
    return Actor(id=u.id, username=u.username, full_name=u.full_name, role=Role(u.role))


def _find(session: Session, username: str) -> User | None:
    return session.execute(
        select(User).where(func.lower(User.username) == username.strip().lower())
    ).scalar_one_or_none()


@guarded
class UsersService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    # --- signing in and out -------------------------------------------------------------

    def sign_in(self, username: str, password: str) -> Actor:
        """Check a password; count failures and lock the account after too many."""
        return self._authenticate(username, password, purpose="sign-in")

    def unlock(self, actor: Actor, password: str) -> Actor:
        """Reopen an idle-locked session: only the same person's password does it."""
        result = self._authenticate(actor.username, password, purpose="unlock")
        return result

    def confirm_password(self, actor: Actor, password: str, *, purpose: str) -> Actor:
        """The signed-in person proves it is still them (a restore, say): their password, not a PIN."""
        return self._authenticate(actor.username, password, purpose=purpose)

    def lock(self, actor: Actor, *, idle: bool = True) -> None:
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=AuditAction.LOCK,
                        entity_type="users", entity_id=actor.id,
                        reason="idle timeout" if idle else "locked by user")

    def sign_out(self, actor: Actor, *, reason: str = "") -> None:
        with self.ctx.db.write() as s:
            write_event(s, self.ctx, actor=actor, action=AuditAction.SIGN_OUT,
                        entity_type="users", entity_id=actor.id, reason=reason)

    def switch_user(self, current: Actor | None, username: str, password: str) -> Actor:
        new = self.sign_in(username, password)
        if current is not None and current.id != new.id:
            self.sign_out(current, reason=f"switched to {new.username}")
        return new

    def authenticate_secret(self, username: str, secret: str, *, purpose: str) -> Actor:
        """Password or witness PIN, for a second person confirming a step."""
        return self._authenticate(username, secret, purpose=purpose, allow_pin=True)

    def _authenticate(self, username: str, secret: str, *, purpose: str, allow_pin: bool = False) -> Actor:
        now = self.ctx.clock()
        failure: Exception | None = None
        actor: Actor | None = None
        with self.ctx.db.write() as s:
            limit = read_setting(s, "lockout_attempts")
            minutes = read_setting(s, "lockout_minutes")
            user = _find(s, username)
            if user is None:
                write_event(s, self.ctx, actor=None, action=AuditAction.SIGN_IN_FAILED,
                            entity_type="users", username=username.strip()[:64],
                            reason=f"{purpose}: unknown user")
                failure = AuthenticationFailed(_("Unknown user name or wrong password."))
            elif not user.active:
                write_event(s, self.ctx, actor=None, action=AuditAction.SIGN_IN_FAILED,
                            entity_type="users", entity_id=user.id, username=user.username,
                            reason=f"{purpose}: account disabled")
                failure = AuthenticationFailed(_("The account '{username}' is disabled.").format(username=user.username))
            elif user.locked_until is not None and user.locked_until > now:
                write_event(s, self.ctx, actor=None, action=AuditAction.SIGN_IN_FAILED,
                            entity_type="users", entity_id=user.id, username=user.username,
                            reason=f"{purpose}: account locked")
                failure = AccountLocked(_locked_message(user, now))
            else:
                ok = passwords.verify_secret(user.password_hash, secret)
                if not ok and allow_pin:
                    ok = passwords.verify_secret(user.pin_hash, secret)
                if ok:
                    audit_update(s, self.ctx, None, user, {
                        "failed_attempts": 0, "locked_until": None,
                        **({"last_sign_in_at": now} if purpose == "sign-in" else {}),
                    }, reason=f"{purpose} succeeded")
                    actor = actor_of(user)
                    action = {"sign-in": AuditAction.SIGN_IN, "unlock": AuditAction.UNLOCK}.get(purpose)
                    if action is not None:  # a witness's success is audited with the witness record
                        write_event(s, self.ctx, actor=actor, action=action,
                                    entity_type="users", entity_id=user.id, reason=purpose)
                else:
                    attempts = user.failed_attempts + 1
                    values: dict = {"failed_attempts": attempts}
                    if attempts >= limit:
                        values["locked_until"] = now + timedelta(minutes=minutes)
                    audit_update(s, self.ctx, None, user, values, reason=f"{purpose} failed")
                    write_event(s, self.ctx, actor=None, action=AuditAction.SIGN_IN_FAILED,
                                entity_type="users", entity_id=user.id, username=user.username,
                                reason=f"{purpose}: wrong {'PIN or password' if allow_pin else 'password'} "
                                       f"(attempt {attempts} of {limit})")
                    if "locked_until" in values:
                        write_event(s, self.ctx, actor=None, action=AuditAction.ACCOUNT_LOCKED,
                                    entity_type="users", entity_id=user.id, username=user.username,
                                    reason=f"{attempts} failed attempts; locked for {minutes} minutes")
                        failure = AccountLocked(_locked_message(user, now))
                    else:
                        left = limit - attempts
                        what = _("PIN or password") if allow_pin else _("password")
                        failure = AuthenticationFailed(
                            ngettext("Wrong {what} for '{username}'. {count} attempt left before the account locks.",
                                     "Wrong {what} for '{username}'. {count} attempts left before the account locks.",
                                     left).format(what=what, username=user.username, count=left)
                        )
        if failure is not None:
            raise failure
        assert actor is not None
        return actor

    # --- managing users (admin) -----------------------------------------------------------

    def count_users(self) -> int:
        with self.ctx.db.read() as s:
            return s.execute(select(func.count(User.id))).scalar_one()

    def create_first_admin(self, *, username: str, full_name: str, password: str) -> UserInfo:
        """Only when there are no users at all: the bootstrap for `init` and first run."""
        with self.ctx.db.write() as s:
            if s.execute(select(func.count(User.id))).scalar_one():
                raise ValidationError.single("username", _("The database already has users; sign in as an admin."))
            return self._add(s, None, username=username, full_name=full_name, role=Role.ADMIN,
                             password=password, pin=None)

    def add_user(self, actor: Actor, *, username: str, full_name: str, role: Role,
                 password: str, pin: str | None = None) -> UserInfo:
        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "add users"))
        with self.ctx.db.write() as s:
            return self._add(s, actor, username=username, full_name=full_name, role=role,
                             password=password, pin=pin)

    def _add(self, s: Session, actor: Actor | None, *, username: str, full_name: str, role: Role,
             password: str, pin: str | None) -> UserInfo:
        errors: dict[str, str] = {}
        username = username.strip()
        if not username or not username.replace(".", "").replace("-", "").replace("_", "").isalnum():
            errors["username"] = _("A user name is letters, digits, dots, dashes or underscores.")
        elif len(username) > text_rule("username").max_len:
            errors["username"] = _("A user name has at most {count} characters.").format(count=text_rule("username").max_len)
        elif _find(s, username) is not None:
            errors["username"] = _("The user name '{username}' is taken.").format(username=quote(username))
        if not full_name.strip():
            errors["full_name"] = _("The full name is required (it is printed with signatures).")
        role = enum_value(Role, role, "role", errors, "a role: admin, supervisor or embryologist")
        for check, value, field in ((passwords.check_password, password, "password"),
                                    (passwords.check_pin, pin, "pin")):
            if value is None:
                continue
            try:
                check(value, field)
            except ValidationError as exc:
                errors.update(exc.field_errors)
        if errors:
            raise ValidationError(errors)
        user = User(
            username=username, full_name=full_name.strip(), role=role.value,
            password_hash=passwords.hash_secret(password),
            pin_hash=passwords.hash_secret(pin) if pin else None,
            active=True, failed_attempts=0, failed_pin_attempts=0, created_at=self.ctx.clock(),
        )
        audit_create(s, self.ctx, actor, user)
        return _info(user)

    def list_users(self, actor: Actor) -> list[UserInfo]:
        actor.require(Role.ADMIN, Role.SUPERVISOR, doing=lazy_pgettext("permission", "list users"))
        with self.ctx.db.read() as s:
            return [_info(u) for u in s.execute(select(User).order_by(User.username)).scalars()]

    def set_active(self, actor: Actor, username: str, active: bool, *, reason: str) -> UserInfo:
        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "enable or disable users"))
        if not reason.strip():
            raise ValidationError.single("reason", _("Say why the account is being enabled or disabled."))
        with self.ctx.db.write() as s:
            user = self._get(s, username)
            if user.id == actor.id and not active:
                raise ValidationError.single("username", _("You cannot disable your own account."))
            audit_update(s, self.ctx, actor, user, {"active": active}, reason=reason)
            return _info(user)

    def set_role(self, actor: Actor, username: str, role: Role, *, reason: str) -> UserInfo:
        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "change roles"))
        role = require_enum(Role, role, "role", "a role: admin, supervisor or embryologist")
        if not reason.strip():
            raise ValidationError.single("reason", _("Say why the role changes."))
        with self.ctx.db.write() as s:
            user = self._get(s, username)
            audit_update(s, self.ctx, actor, user, {"role": role.value}, reason=reason)
            return _info(user)

    def reset_password(self, actor: Actor, username: str, new_password: str, *, reason: str = "reset by admin") -> UserInfo:
        actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "reset passwords"))
        passwords.check_password(new_password)
        with self.ctx.db.write() as s:
            user = self._get(s, username)
            audit_update(s, self.ctx, actor, user, {
                "password_hash": passwords.hash_secret(new_password),
                "failed_attempts": 0, "locked_until": None,
            }, reason=reason)
            return _info(user)

    def set_pin(self, actor: Actor, username: str, pin: str) -> UserInfo:
        """A person sets their own witness PIN; an admin may set anyone's."""
        if actor.username.lower() != username.strip().lower():
            actor.require(Role.ADMIN, doing=lazy_pgettext("permission", "set another person's PIN"))
        passwords.check_pin(pin)
        with self.ctx.db.write() as s:
            user = self._get(s, username)
            audit_update(s, self.ctx, actor, user, {"pin_hash": passwords.hash_secret(pin)}, reason="witness PIN set")
            return _info(user)

    def change_own_password(self, actor: Actor, old_password: str, new_password: str) -> None:
        passwords.check_password(new_password, "new_password")  # first: a refused change leaves no sign-in event
        self.sign_in(actor.username, old_password)
        with self.ctx.db.write() as s:
            user = self._get(s, actor.username)
            audit_update(s, self.ctx, actor, user, {"password_hash": passwords.hash_secret(new_password)},
                         reason="password changed by its owner")

    def _get(self, s: Session, username: str) -> User:
        user = _find(s, username)
        if user is None:
            raise NotFound(_("There is no user '{username}'.").format(username=quote(username)))
        return user


def _locked_message(user: User, now: datetime) -> str:
    until = user.locked_until or now
    minutes = max(1, int((until - now).total_seconds() // 60) + 1)
    return ngettext("The account '{username}' is locked after too many failed attempts; try again in {count} minute "
                    "or ask an admin.",
                    "The account '{username}' is locked after too many failed attempts; try again in {count} minutes "
                    "or ask an admin.", minutes).format(username=user.username, count=minutes)
