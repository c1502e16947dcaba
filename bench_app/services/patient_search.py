"""The patient search's one statement: by MRN prefix or by name prefix ('ozt', 'Öztürk, Ay', 'ayşe öz').

Each way a text can match (the MRN's prefix, the family name's, the given name's, two words each
way round) is an indexed range read in its index's own order, so its limit stops it early however
many patients match; their ids are put together (UNION) and those patients read in the order the
list shows, exact MRN first, then by name. One statement, because on a server each is a round trip;
built once per shape of text (MRN and one word, a comma, two words) with the values bound when it runs.
"""

from __future__ import annotations

from sqlalchemy import Select, bindparam, select, union

from bench_app.domain.names import search_key
from bench_app.persistence.models import Patient

_END = "\uffff"  # prefix p: p <= key < p + _END
_FAMILY, _GIVEN = (Patient.family_key, Patient.given_key), (Patient.given_key, Patient.family_key)


def _prefix(column, name: str):
    return (column >= bindparam(name)) & (column < bindparam(name + "_end"))


# Each shape: (condition, the index order it is read in).
_SHAPES = {
    "family": [(_prefix(Patient.family_key, "family"), _FAMILY)],
    "family_given": [(_prefix(Patient.family_key, "family") & _prefix(Patient.given_key, "given"), _FAMILY)],
    "one": [(_prefix(Patient.family_key, "key"), _FAMILY), (_prefix(Patient.given_key, "key"), _GIVEN)],
    "two": [(_prefix(Patient.family_key, "key"), _FAMILY), (_prefix(Patient.given_key, "key"), _GIVEN),
            (_prefix(Patient.given_key, "a") & _prefix(Patient.family_key, "b"), _FAMILY),
            (_prefix(Patient.family_key, "a") & _prefix(Patient.given_key, "b"), _FAMILY)],
}
_BUILT: dict[tuple[str, int], Select] = {}


def _values(text: str) -> tuple[str, dict[str, str]]:
    """The shape of ``text`` and the prefixes it binds."""
    if "," in text:
        family, _, given = (part.strip() for part in text.partition(","))
        found = {"family": search_key(family)} | ({"given": search_key(given)} if given else {})
        return ("family_given" if given else "family"), found
    key = search_key(text)
    words = key.split(" ")
    if len(words) == 2:
        return "two", {"key": key, "a": words[0], "b": words[1]}
    return "one", {"key": key}


# What a search result shows (PatientSummary's fields), read as plain columns: a name search on a lab's
# twenty years returns its whole page, and building whole Patient records for it cost half its time.
SUMMARY_COLUMNS = (Patient.id, Patient.mrn, Patient.family_name, Patient.given_names, Patient.date_of_birth,
                   Patient.sex, Patient.name_language)


def search_statement(text: str, limit: int) -> tuple[Select, dict[str, str]]:
    """The statement giving the summaries of the patients ``text`` finds (at most ``limit``), and its values."""
    shape, prefixes = _values(text)
    mrn = text.upper()
    values = {"mrn": mrn, "mrn_end": mrn + _END}
    for name, value in prefixes.items():
        values |= {name: value, name + "_end": value + _END}
    stmt = _BUILT.get((shape, limit))
    if stmt is None:
        ways = [select(Patient.id).where(_prefix(Patient.mrn, "mrn")).order_by(Patient.mrn).limit(limit)]
        ways += [select(Patient.id).where(condition).order_by(*order).limit(limit) for condition, order in _SHAPES[shape]]
        matched = union(*(select(way.subquery().c.id) for way in ways))
        stmt = _BUILT[(shape, limit)] = (
            select(*SUMMARY_COLUMNS).where(Patient.id.in_(matched))
            .order_by(Patient.mrn != bindparam("mrn"), Patient.family_key, Patient.given_key, Patient.id).limit(limit))
    return stmt, values
