"""Dish codes: from the one sequence with a check character; old ICSI-nnnnnn labels still scan (issue 14)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from bench_app.domain.codes import middle, parse_code
from bench_app.domain.errors import InvalidCode, NotFound
from bench_app.domain.labels import dish_code
from bench_app.persistence.models import AuditEvent, OocyteRetrieval
from tests.ui.icsi_helpers import thawed_couple
from tests.ui.test_scan_field import scan


@pytest.fixture
def window(open_window, team):
    return open_window(team.embryologist, idle_timeout_ms=600_000)


def _two_opus(services, team, clock):
    _, cycle1, device, _ = thawed_couple(services, team, clock)
    _, cycle2, _, _ = thawed_couple(services, team, clock, mrn="M-300", family="Papadopoulou", given="Eleni")
    opus = [services.icsi.record_opu(team.embryologist, cycle_id=c.id, retrieved_at=clock.now - timedelta(hours=1),
                                     cocs_retrieved=3) for c in (cycle1, cycle2)]
    return (cycle1, cycle2), opus, device


def test_a_new_retrieval_has_a_dish_code_from_the_one_sequence(services, team, clock):
    _, (a, b), device = _two_opus(services, team, clock)
    assert parse_code(a.dish_code).kind == "C" and parse_code(b.dish_code).kind == "C"
    assert len({middle(a.dish_code), middle(b.dish_code), middle(device.code)}) == 3
    # A mistyped dish code is refused by its check character, not opened as another couple's dish.
    typo = a.dish_code[:-1] + ("X" if a.dish_code[-1] != "X" else "Y")
    with pytest.raises(InvalidCode, match="check character"):
        services.scan.resolve(typo)
    found = services.scan.resolve(a.dish_code.lower())
    assert (found.kind, found.id, found.cycle_id) == ("dish", a.id, a.cycle_id)
    assert services.labels.target(a.dish_code).data.code == a.dish_code


def test_an_older_retrieval_gets_its_dish_code_when_its_label_is_made_and_old_labels_still_scan(
        services, team, clock):
    _, (a, _b), _ = _two_opus(services, team, clock)
    with services.db.write() as s:  # a retrieval recorded before dishes had codes
        s.execute(update(OocyteRetrieval).where(OocyteRetrieval.id == a.id).values(dish_code=None))
    legacy = dish_code(a.id)
    assert services.scan.resolve(legacy).id == a.id
    assert services.scan.resolve(legacy).kind == "dish"
    assert services.labels.target(legacy).data.code == legacy
    code = services.icsi.dish_code(team.embryologist, a.id)
    assert parse_code(code).kind == "C"
    assert services.icsi.dish_code(team.embryologist, a.id) == code  # given once
    assert services.scan.resolve(legacy).id == a.id                   # the printed label still scans
    assert services.labels.target(legacy).data.code == code           # a new label carries the new code
    with services.db.read() as s:
        assert s.execute(select(AuditEvent.reason).where(AuditEvent.entity_type == "oocyte_retrievals",
                                                         AuditEvent.action == "update")).scalars().all() \
            == ["dish code for the dish label"]
    with pytest.raises(NotFound):
        services.scan.resolve("ICSI-009999")


def test_a_scanned_dish_code_opens_its_icsi_session(qtbot, services, team, clock, window):
    (c1, c2), (a, b), _ = _two_opus(services, team, clock)
    scan(qtbot, window, b.dish_code)
    assert window.current_area_key() == "icsi"
    view = window.area_widget("icsi")
    assert view.current_page() is view.cycle_view
    assert view.cycle_view.cycle_id == c2.id
    assert view.cycle_view.opu_choice.currentData() == b.id
    assert window.scan.message.text().startswith(f"Opened Dish {b.dish_code} of PAPADOPOULOU, Ayşe (M-300F) in ICSI.")
    scan(qtbot, window, dish_code(a.id))   # a label printed before dishes had codes
    assert view.cycle_view.cycle_id == c1.id
