"""Codes with a check character: every single-character error and adjacent swap is caught."""

import pytest

from bench_app.domain.codes import ALPHABET, make_code, parse_code
from bench_app.domain.errors import InvalidCode


def test_codes_are_unique_and_parse_back():
    codes = [make_code(kind, n) for kind in "SDO" for n in range(1, 3000)]
    assert len(set(codes)) == len(codes)
    for code in codes[::97]:
        assert parse_code(code).code == code
        assert parse_code(code.lower().replace("-", " ")).code == code


@pytest.mark.parametrize("serial", [1, 2, 77, 1234, 99999])
def test_every_single_character_error_is_rejected(serial):
    code = make_code("D", serial)
    body_positions = [i for i, ch in enumerate(code) if i > 1 and ch != "-"]
    for i in body_positions:
        for replacement in ALPHABET:
            if replacement == code[i]:
                continue
            typo = code[:i] + replacement + code[i + 1:]
            with pytest.raises(InvalidCode):
                parse_code(typo)


@pytest.mark.parametrize("serial", [3, 500, 4242])
def test_adjacent_swaps_are_rejected(serial):
    raw = make_code("S", serial).replace("-", "")
    for i in range(1, len(raw) - 1):
        if raw[i] == raw[i + 1]:
            continue
        swapped = raw[:i] + raw[i + 1] + raw[i] + raw[i + 2:]
        with pytest.raises(InvalidCode):
            parse_code(swapped)


def test_kind_letter_takes_part_in_the_check():
    code = make_code("S", 10)
    with pytest.raises(InvalidCode):
        parse_code("D" + code[1:])


def test_confusable_letters_are_read_as_digits():
    code = make_code("O", 5)
    assert parse_code(code.replace("0", "O").replace("1", "I")).code == code


@pytest.mark.parametrize("text, words", [("", "No code"), ("X-123456-7", "not a Bench code"),
                                          ("S-12", "expected a form")])
def test_malformed_codes_say_why(text, words):
    with pytest.raises(InvalidCode, match=words):
        parse_code(text)
