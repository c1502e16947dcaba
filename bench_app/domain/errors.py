"""Errors a person can act on. Services raise these; the UI and CLI show their words."""

from __future__ import annotations


class BenchError(Exception):
    """Base of every error meant to be shown to a user as one clear sentence."""


class CodedMessage(str):
    """A message that also names its kind by a stable code, so a screen can react to it in any language
    (the words are translated; the code is not)."""

    code: str

    def __new__(cls, text: str, code: str) -> "CodedMessage":
        message = super().__new__(cls, text)
        message.code = code
        return message


def message_code(message: object) -> str:
    """The code of a CodedMessage, '' for plain text."""
    return getattr(message, "code", "")


POSITION_TAKEN = "position_taken"        # another workstation took the position while the form was open
POSITION_OCCUPIED = "position_occupied"  # a device is already there


class ValidationError(BenchError):
    """One or more fields hold a bad value. ``field_errors`` maps field name to message."""

    def __init__(self, field_errors: dict[str, str] | str, field: str | None = None):
        if isinstance(field_errors, str):
            field_errors = {field or "_": field_errors}
        self.field_errors = dict(field_errors)
        super().__init__("; ".join(self.field_errors.values()))

    @classmethod
    def single(cls, field: str, message: str) -> "ValidationError":
        return cls({field: message})


class NotFound(BenchError):
    """The named record does not exist."""


class PermissionDenied(BenchError):
    """The signed-in user's role does not allow this."""


class AuthenticationFailed(BenchError):
    """Wrong user name, password or PIN, or a disabled or locked account."""

    # Set when a witness was refused: the incident that records it.
    incident_id: int | None = None
    # Set when the secret that failed is a second person's (a witness's, or a supervisor's override):
    # the form field it was typed in.
    field: str | None = None


class AccountLocked(AuthenticationFailed):
    """Too many failed attempts: the account is locked for a while."""


class WitnessRequired(BenchError):
    """A critical step was attempted without a valid witness."""


class WitnessMismatch(BenchError):
    """The witness reported that the identifiers do not match: the step is blocked."""

    def __init__(self, message: str, incident_id: int | None = None):
        super().__init__(message)
        self.incident_id = incident_id


class InvalidCode(BenchError):
    """A code that fails its check character or has the wrong form."""


class DatabaseUnavailable(BenchError):
    """The database cannot be opened, is locked, or is not a Bench database."""


class ConcurrentChange(BenchError):
    """Another workstation changed the same record at the same moment; nothing of this action was saved.

    ``detail`` names what collided (a constraint) for the service that can say it better.
    """

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.detail = detail
