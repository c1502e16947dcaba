"""Password and PIN hashing with argon2id (argon2-cffi), and the rules for choosing them."""

from __future__ import annotations

import os

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from bench_app.domain.errors import ValidationError
from bench_app.i18n import _

# argon2id with the library's recommended parameters. The test suite sets
# BENCH_FAST_HASHING=1 to use the library's cheapest profile (made for tests): hashes
# carry their own parameters, so either kind verifies the same way.
if os.environ.get("BENCH_FAST_HASHING") == "1":
    _hasher = PasswordHasher.from_parameters(profiles.CHEAPEST)
else:
    _hasher = PasswordHasher()

MIN_PASSWORD_LENGTH = 8


def hash_secret(secret: str) -> str:
    return _hasher.hash(secret)


def verify_secret(stored_hash: str | None, secret: str) -> bool:
    if not stored_hash or not secret:
        return False
    try:
        return _hasher.verify(stored_hash, secret)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def check_password(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationError.single(field, _("A password needs at least {count} characters.").format(
            count=MIN_PASSWORD_LENGTH))
    if password.strip() != password:
        raise ValidationError.single(field, _("A password cannot start or end with a space."))


def check_pin(pin: str, field: str = "pin") -> None:
    if not (pin.isdigit() and 4 <= len(pin) <= 8):
        raise ValidationError.single(field, _("A witness PIN is 4 to 8 digits."))
