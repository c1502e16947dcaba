"""Users and roles: sign-in, lockout, idle lock, switching user, management, permissions."""

import pytest

from bench_app.domain.enums import AuditAction, Role
from bench_app.domain.errors import AccountLocked, AuthenticationFailed, PermissionDenied, ValidationError
from bench_app.services.audit_service import AuditFilter
from tests.conftest import PASSWORD


def actions(services, actor, **flt):
    return [r.action for r in services.audit.page(actor, AuditFilter(**flt), limit=1000).rows]


def test_sign_in_is_audited(services, team):
    acts = actions(services, team.admin, username="emma")
    assert AuditAction.SIGN_IN.value in acts


def test_wrong_password_counts_and_locks_after_five(services, team, clock):
    for attempt in range(1, 5):
        with pytest.raises(AuthenticationFailed, match=f"{5 - attempt} attempt"):
            services.users.sign_in("emma", "wrong-password")
    with pytest.raises(AccountLocked, match="locked"):
        services.users.sign_in("emma", "wrong-password")
    # Even the right password is refused while locked.
    with pytest.raises(AccountLocked):
        services.users.sign_in("emma", PASSWORD)
    clock.advance(minutes=15, seconds=1)
    assert services.users.sign_in("emma", PASSWORD).username == "emma"
    acts = actions(services, team.admin)
    assert AuditAction.ACCOUNT_LOCKED.value in acts
    assert acts.count(AuditAction.SIGN_IN_FAILED.value) >= 6
    info = {u.username: u for u in services.users.list_users(team.admin)}["emma"]
    assert info.failed_attempts == 0 and info.locked_until is None


def test_unknown_user_is_refused_and_audited(services, team):
    with pytest.raises(AuthenticationFailed, match="Unknown user"):
        services.users.sign_in("nobody", "whatever-1")
    rows = services.audit.page(team.admin, AuditFilter(username="nobody")).rows
    assert rows[0].action == AuditAction.SIGN_IN_FAILED.value


def test_disabled_account_cannot_sign_in(services, team):
    services.users.set_active(team.admin, "eli", False, reason="left the lab")
    with pytest.raises(AuthenticationFailed, match="disabled"):
        services.users.sign_in("eli", PASSWORD)


def test_idle_lock_and_unlock_need_the_same_persons_password(services, team):
    services.users.lock(team.embryologist)
    with pytest.raises(AuthenticationFailed):
        services.users.unlock(team.embryologist, "bad-password")
    assert services.users.unlock(team.embryologist, PASSWORD).id == team.embryologist.id
    acts = actions(services, team.admin, username="emma")
    assert AuditAction.LOCK.value in acts and AuditAction.UNLOCK.value in acts


def test_switch_user_signs_the_previous_one_out(services, team):
    new = services.users.switch_user(team.embryologist, "eli", PASSWORD)
    assert new.username == "eli"
    assert AuditAction.SIGN_OUT.value in actions(services, team.admin, username="emma")


def test_embryologist_cannot_add_users_or_change_settings(services, team):
    with pytest.raises(PermissionDenied, match="admin"):
        services.users.add_user(team.embryologist, username="x1", full_name="X", role=Role.ADMIN,
                                password="password-1")
    with pytest.raises(PermissionDenied):
        services.settings.set(team.embryologist, "lab_name", "Mine")
    with pytest.raises(PermissionDenied):
        services.audit.page(team.embryologist)
    assert "x1" not in {u.username for u in services.users.list_users(team.admin)}


def test_supervisor_cannot_manage_users_but_reads_the_audit_trail(services, team):
    with pytest.raises(PermissionDenied):
        services.users.reset_password(team.supervisor, "emma", "new-password-1")
    assert services.audit.page(team.supervisor).rows


def test_user_form_rules(services, team):
    with pytest.raises(ValidationError) as err:
        services.users.add_user(team.admin, username="emma", full_name="", role=Role.EMBRYOLOGIST,
                                password="short", pin="12")
    assert set(err.value.field_errors) == {"username", "full_name", "password", "pin"}


def test_passwords_and_pins_are_argon2id_hashes_never_stored_or_audited_in_clear(services, team):
    from sqlalchemy import select

    from bench_app.persistence.models import AuditEvent, User

    with services.db.read() as s:
        user = s.execute(select(User).where(User.username == "emma")).scalar_one()
        assert user.password_hash.startswith("$argon2id$") and user.pin_hash.startswith("$argon2id$")
        trail = " ".join(e.changes for e in s.execute(select(AuditEvent)).scalars())
    assert "$argon2" not in trail and PASSWORD not in trail


def test_reset_password_and_set_pin(services, team):
    services.users.reset_password(team.admin, "emma", "fresh-password-1")
    assert services.users.sign_in("emma", "fresh-password-1")
    services.users.set_pin(team.embryologist2, "eli", "4444")
    with pytest.raises(PermissionDenied):
        services.users.set_pin(team.embryologist2, "emma", "5555")


def test_first_admin_only_once(services, team):
    with pytest.raises(ValidationError, match="already has users"):
        services.users.create_first_admin(username="root", full_name="Root", password="password-1")


def test_settings_are_stored_and_audited(services, team):
    services.settings.set(team.admin, "idle_lock_minutes", 5, reason="busy bench")
    assert services.settings.get("idle_lock_minutes") == 5
    with pytest.raises(ValidationError, match="at most"):
        services.settings.set(team.admin, "idle_lock_minutes", 1000)
    rows = services.audit.page(team.admin, AuditFilter(entity_type="settings")).rows
    assert rows and rows[0].reason == "busy bench"


def test_lockout_threshold_is_a_setting(services, team):
    services.settings.set(team.admin, "lockout_attempts", 3)
    for _ in range(2):
        with pytest.raises(AuthenticationFailed):
            services.users.sign_in("eli", "nope-nope")
    with pytest.raises(AccountLocked):
        services.users.sign_in("eli", "nope-nope")
