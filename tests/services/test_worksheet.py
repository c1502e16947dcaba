"""The day's worksheet: rows from every area, fertilization windows, pending witnesses, sign-off, pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from bench_app.domain.errors import AuthenticationFailed, PermissionDenied, ValidationError
from bench_app.domain.worksheet import FertState, fert_state
from bench_app.persistence.models import AuditEvent, Signature
from tests.conftest import PASSWORD
from tests.reports.pdf_reading import logical, page_count, pages_text
from tests.reports.world import CYRILLIC, TURKISH, build_world, couple, icsi_rows, retrieval_with_samples


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def today(clock):
    return clock.now.astimezone().date()


def test_fertilization_window_states(clock):
    injected = clock.now
    assert fert_state(injected, None, injected + timedelta(hours=15)) == FertState.NOT_YET
    assert fert_state(injected, None, injected + timedelta(hours=17)) == FertState.DUE
    assert fert_state(injected, None, injected + timedelta(hours=19)) == FertState.OVERDUE
    assert fert_state(injected, injected + timedelta(hours=17), injected) == FertState.IN_WINDOW
    assert fert_state(injected, injected + timedelta(hours=20), injected) == FertState.OUTSIDE_WINDOW


def test_the_day_holds_samples_oocytes_and_pending_witnesses(services, team, clock, world):
    sheet = services.worksheet.day(today(clock), actor=team.supervisor)
    assert [r.sample_code for r in sheet.samples] == [s.code for s in world.samples]
    assert all(r.patient.mrn == "M-4471" and r.receipt_witness == "eli" for r in sheet.samples)
    assert sheet.samples[0].finding == "sperm found: 5 motile, 9 immotile"
    assert [r.oocyte_code for r in sheet.oocytes] == world.oocyte_codes      # a row per oocyte
    assert {r.patient.mrn for r in sheet.oocytes} == {"M-4471F"} and sheet.oocytes[0].partner.mrn == "M-4471"
    assert sheet.oocytes[0].sperm_source == f"fresh {world.samples[0].code}"
    # The ICSI session was recorded without its witness record: it waits for one.
    # named by its time, as people know it, never by a database number ("ICSI session #1")
    assert [(r.step, r.subject) for r in sheet.pending_witness] == [
        ("ICSI source match", f"ICSI started {sheet.pending_witness[0].at.astimezone():%Y-%m-%d %H:%M}")]
    assert sheet.generated_by == "Sam Supervisor"


def test_checks_due_the_next_day_and_overdue_ones_stand_out(services, team, clock, world):
    clock.advance(days=1, hours=2)        # 11:00 the next day: windows (00:01-02:03) have closed
    sheet = services.worksheet.day(today(clock))
    states = {r.oocyte_code: r.state for r in sheet.fert_checks}
    assert states[world.oocyte_codes[0]] == FertState.IN_WINDOW
    assert states[world.oocyte_codes[1]] == FertState.OVERDUE and states[world.oocyte_codes[2]] == FertState.OVERDUE
    assert world.oocyte_codes[3] not in states                      # the GV oocyte was not injected
    assert sheet.overdue_checks == 2
    text = " ".join(pages_text(services.worksheet.pdf(team.supervisor, today(clock)).content))
    assert "OVERDUE" in text and "2 overdue" in text


def test_supervisor_signs_off_with_password_and_the_printout_shows_it(services, team, clock, world):
    day = today(clock)
    ICSI_SUBJECT = services.worksheet.day(day, actor=team.supervisor).pending_witness[0].subject  # noqa: N806
    with pytest.raises(PermissionDenied):
        services.worksheet.sign_off(team.embryologist, day, password=PASSWORD)
    with pytest.raises(AuthenticationFailed):
        services.worksheet.sign_off(team.supervisor, day, password="wrong", open_item_reasons={
            f"ICSI source match: {ICSI_SUBJECT}": "on paper"})
    with pytest.raises(ValidationError) as err:  # the unwitnessed ICSI session is not passed over silently
        services.worksheet.sign_off(team.supervisor, day, password=PASSWORD)
    key = f"ICSI source match: {ICSI_SUBJECT}"
    assert set(err.value.field_errors) == {"open_items", f"reason:{key}"}
    with pytest.raises(ValidationError):
        services.worksheet.sign_off(team.supervisor, day, password=PASSWORD, open_item_reasons={key: "  "})
    reasons = {key: "witness signed the paper sheet; record imported"}
    signed = services.worksheet.sign_off(team.supervisor, day, password=PASSWORD, open_item_reasons=reasons)
    assert signed.printed_name == "Sam Supervisor" and signed.meaning == "reviewed" and signed.matches_current
    with pytest.raises(ValidationError, match="already signed off"):
        services.worksheet.sign_off(team.supervisor, day, password=PASSWORD, open_item_reasons=reasons)
    with services.db.read() as s:
        row = s.execute(select(Signature)).scalar_one()
        assert (row.entity_type, row.entity_id, row.content_hash) == ("worksheets", day.isoformat(), signed.content_hash)
        assert s.execute(select(AuditEvent).where(AuditEvent.action == "sign")).scalar_one().entity_id == day.isoformat()
    doc = services.worksheet.pdf(team.supervisor, day)
    text = " ".join(pages_text(doc.content))
    assert "Sam Supervisor" in text and "reviewed" in text and signed.content_hash in text
    assert "matches these records" in text and "Signed off (reviewed) by Sam Supervisor" in text
    # the open item and its reason are kept with the signature and printed beside it
    (sig,) = services.worksheet.day(day).signatures
    assert sig.open_items == (f"ICSI source match {ICSI_SUBJECT}: witness signed the paper sheet; record imported",)
    assert "witness signed the paper sheet; record imported" in " ".join(text.split())
    # A record added after the sign-off shows that the signed content changed.
    services.processing.record_finding(team.embryologist, sample_id=world.samples[1].id,
                                       assessed_at=clock.now, sperm_found=False)
    after = services.worksheet.day(day)
    assert not after.signatures[0].matches_current
    assert "RECORDS CHANGED SINCE SIGNING" in " ".join(pages_text(services.worksheet.pdf(team.supervisor, day).content))


def test_a_busy_day_paginates_with_identifiers_on_every_page(services, team, clock, world):
    for n, names in enumerate((TURKISH, CYRILLIC) * 3):
        c, cycle = couple(services, team, clock, f"B-{n}", names, names)
        _, samples = retrieval_with_samples(services, team, clock, c.male.id, cycle.id, n=4)
        icsi_rows(services, team, cycle_id=cycle.id, sample_id=samples[0].id,
                  retrieved_at=clock.now - timedelta(hours=2, minutes=n), oocytes=12, checked=0)
    doc = services.worksheet.issue(team.supervisor, today(clock), deliver=lambda signed: None)
    pages = pages_text(doc.content)
    assert doc.page_count == page_count(doc.content) == len(pages) >= 3
    for number, text in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in text
        # a page with patient rows names them in its header; the sign-off page alone may hold none
        assert "Patients on this page:" in text and ("MRN" in text or "Patients on this page: none" in text)
        assert "Bench Andrology Laboratory" in text and "Printed by Sam Supervisor" in text
    assert all("MRN" in text for text in pages[:-1])
    everything = " ".join(pages)
    assert "ÇELIK, İbrahim Ağa" in everything and "ИВАНОВ, Сергей" in everything
    assert "الخطيب" in logical(everything)
    with services.db.read() as s:
        assert s.execute(select(AuditEvent.entity_id).where(AuditEvent.action == "print")).scalars().all() == [
            today(clock).isoformat()]


def test_long_expired_devices_are_counted_and_never_push_the_soon_expiring_off_the_sheet(services, team, clock):
    from tests.services.cryo_fixtures import canes_of, freeze_ejaculate, patient, small_tank

    tank = small_tank(services, team, canisters=1, canes=1, positions=5)
    (cane,) = canes_of(services, tank.id)
    lapsed, _, _ = patient(services, team, clock, mrn="M-201", family="Petrova", given="Irina", expiry_days=5)
    soon, _, _ = patient(services, team, clock, mrn="M-202", family="García", given="Lucía", expiry_days=70)
    freeze_ejaculate(services, team.embryologist, lapsed.id, [(cane.id, 1), (cane.id, 2)])
    (due,) = freeze_ejaculate(services, team.embryologist, soon.id, [(cane.id, 3)]).devices
    clock.advance(days=60)   # the first consent ran out 55 days ago; the second runs out in 10 days
    sheet = services.worksheet.day(today(clock))
    assert [r.code for r in sheet.expiring] == [due.code] and sheet.expiring[0].days_left == 10
    assert sheet.expired_earlier == 2 and not sheet.expired_earlier_capped
    assert sheet.expired_earlier_text.startswith("not listed: 2 stored devices expired before ")
    text = logical(" ".join(pages_text(services.worksheet.pdf(team.supervisor, today(clock)).content)))
    assert due.code in text and "not listed: 2 stored devices expired before" in text


def test_a_sample_processed_without_a_witnessed_start_waits_for_one(services, team, clock, world):
    """Only imported or repaired records can lack it (the service witnesses every first step)."""
    from sqlalchemy import insert, update

    from bench_app.persistence.models import ProcessingStep, TissueSample
    from tests.reports.world import eli_witness

    proc, (witnessed, imported) = retrieval_with_samples(services, team, clock, world.man.id, None)
    services.processing.add_step(team.embryologist, sample_id=witnessed.id, kind="mechanical_mincing",
                                 started_at=clock.now - timedelta(minutes=30), witness=eli_witness("MRN", "tube"))
    with services.db.write() as s:  # an imported step, as another system recorded it: no witness
        s.execute(insert(ProcessingStep).values(sample_id=imported.id, kind="mechanical_mincing",
                                                started_at=clock.now - timedelta(minutes=20),
                                                operator_id=team.embryologist.id))
        s.execute(update(TissueSample).where(TissueSample.id == imported.id).values(status="processing"))
    pending = services.worksheet.day(today(clock)).pending_witness
    assert [(r.step, r.subject, r.performer) for r in pending if r.step == "processing start"] == [
        ("processing start", imported.code, "emma")]


def test_the_printed_sheet_shows_the_partner_mrn_whole_and_no_database_numbers(services, team, clock, world):
    """The partner column cut '(MRN 990…'; rows read 'OPU 08:30 #12' and thaws 'cycle #45'."""
    text = " ".join(pages_text(services.worksheet.pdf(team.supervisor, today(clock)).content))
    packed = "".join(text.split())   # extraction spaces bidi runs; the cells' text is what counts
    assert packed.count("MRNM-4471)") >= len(world.oocyte_codes)   # each oocyte row: the partner's MRN whole
    assert re.search(r"#\d", packed) is None
