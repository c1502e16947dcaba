"""Short human-readable codes for samples, devices, oocytes and dishes, with a check character.

A code looks like ``S-7K3M9Q-X``: a kind letter, a body from the Crockford base-32
alphabet (no I, L, O or U, so nothing reads as 1 or 0) and one check character
computed with the Luhn mod N algorithm over the kind letter and body. Luhn mod N
catches every single-character error and every swap of adjacent characters, so a
mistyped or misread code is rejected instead of matching someone else's material.
Input is forgiving about case, spaces and the letters scanners or people confuse
(O->0, I/L->1).

New codes of every kind take their serial from one sequence (``codes_service``), so two
items never share the middle of their code: people read the middle of a label.
"""

from __future__ import annotations

from dataclasses import dataclass

from bench_app.domain.errors import InvalidCode
from bench_app.i18n import _

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_INDEX = {c: i for i, c in enumerate(ALPHABET)}
_N = len(ALPHABET)
BODY_LENGTH = 6

KIND_LETTERS = {
    "S": "sample",
    "D": "device",
    "O": "oocyte",
    "C": "dish",   # an ICSI culture dish: the oocytes of one retrieval
    # A cane or goblet (a holder): its serial is its storage_locations row id placed in a range at the
    # top of the serial space that the shared sequence never reaches (bench_app/domain/inventory.py), so
    # every holder, old or new, has a code without a counter and shares its middle with no other item.
    "H": "holder",
}
# The kind letter itself takes part in the check, mapped into the alphabet.
_KIND_VALUE = {"S": "S", "D": "D", "O": "0", "C": "C", "H": "H"}


def _check_char(payload: str) -> str:
    factor = 2
    total = 0
    for ch in reversed(payload):
        addend = factor * _INDEX[ch]
        factor = 1 if factor == 2 else 2
        addend = addend // _N + addend % _N
        total += addend
    return ALPHABET[(_N - total % _N) % _N]


def _encode(number: int, length: int) -> str:
    if number < 0 or number >= _N**length:
        raise ValueError(f"number {number} does not fit in {length} characters")
    out = []
    for _position in range(length):
        number, rem = divmod(number, _N)
        out.append(ALPHABET[rem])
    return "".join(reversed(out))


def _scramble(n: int) -> int:
    """Spread consecutive numbers over the code space so neighbours look unlike."""
    space = _N**BODY_LENGTH
    # 2654435761 is odd, hence coprime with 2**30: a bijection on the code space.
    return (n * 2654435761 + 12345) % space


def middle(code: str) -> str:
    """The six characters people read on a label, e.g. '7K3M9Q' of 'S-7K3M9Q-X'."""
    return parse_code(code).body


def serial_of(code: str) -> int:
    """The serial a well-formed code was made from: the inverse of ``make_code``."""
    parsed = parse_code(code)
    n = 0
    for ch in parsed.body:
        n = n * _N + _INDEX[ch]
    space = _N**BODY_LENGTH
    return ((n - 12345) * pow(2654435761, -1, space)) % space


def make_code(kind: str, serial: int) -> str:
    """The code for serial ``serial`` of ``kind`` (``S``, ``D``, ``O``, ``C`` or ``H``)."""
    if kind not in KIND_LETTERS:
        raise ValueError(f"unknown code kind {kind!r}")
    body = _encode(_scramble(serial), BODY_LENGTH)
    check = _check_char(_KIND_VALUE[kind] + body)
    return f"{kind}-{body}-{check}"


@dataclass(frozen=True)
class ParsedCode:
    kind: str
    body: str
    check: str

    @property
    def code(self) -> str:
        return f"{self.kind}-{self.body}-{self.check}"

    @property
    def entity(self) -> str:
        return KIND_LETTERS[self.kind]


def normalise(text: str) -> str:
    cleaned = "".join(ch for ch in text.strip().upper() if ch.isalnum())
    return cleaned


def parse_code(text: str) -> ParsedCode:
    """Parse and verify a typed or scanned code; raise InvalidCode with a clear reason."""
    raw = normalise(text)
    if not raw:
        raise InvalidCode(_("No code was given."))
    kind, rest = raw[0], raw[1:]
    if kind not in KIND_LETTERS:
        raise InvalidCode(_("'{text}' is not a Bench code (it must start with S, D, O, C or H).").format(text=text.strip()))
    rest = rest.replace("O", "0").replace("I", "1").replace("L", "1")
    if len(rest) != BODY_LENGTH + 1 or any(c not in _INDEX for c in rest):
        raise InvalidCode(
            _("'{text}' is not a Bench code (expected a form like {kind}-7K3M9Q-X).").format(text=text.strip(), kind=kind)
        )
    body, check = rest[:BODY_LENGTH], rest[BODY_LENGTH]
    if _check_char(_KIND_VALUE[kind] + body) != check:
        raise InvalidCode(
            _("'{text}' fails its check character: it was mistyped or misread.").format(text=text.strip())
        )
    return ParsedCode(kind, body, check)


def looks_like_code(text: str) -> bool:
    raw = normalise(text)
    return len(raw) == BODY_LENGTH + 2 and raw[0] in KIND_LETTERS
