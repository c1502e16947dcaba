"""Chain-of-custody reports: every event in order, signatures, fingerprint issued and verified, tampering caught."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from bench_app.domain.custody import canonical_json, fingerprint_of, from_json
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.persistence.models import IssuedReport
from bench_app.reports.custody import CustodyReportPdf, pack_metadata, unpack_metadata
from bench_app.services.custody_dto import CONTENT_ONLY, VERIFIED
from tests.reports.pdf_reading import logical, pages_text
from tests.reports.world import build_world
from tests.services.cryo_fixtures import DISCARD_WITNESS, eli_witness, emma_witness


@pytest.fixture
def world(services, team, clock):
    w = build_world(services, team, clock)
    device = w.freeze.devices[0]
    services.labels.print_labels(team.embryologist, [device.code])
    services.labels.print_labels(team.embryologist, [device.code], reprint_reason="frosted over, unreadable")
    clock.advance(hours=1)
    moved = services.storage.propose_positions(1)[0]
    services.cryo.move_devices(team.embryologist, device_ids=[device.id], positions=[moved.key],
                               reason="tank maintenance", witness=eli_witness())
    clock.advance(hours=1)
    services.cryo.thaw(team.embryologist2, device_ids=[device.id], cycle_id=w.cycle.id, witness=emma_witness(),
                       sperm_found=True, twitching=3, thaw_medium="G-IVF", thaw_medium_lot="TM-9")
    other = w.freeze.devices[1]
    request = services.cryo.request_discard(team.embryologist, device_ids=[other.id], reason="patient's wish",
                                            consent_checked=True)
    services.cryo.approve_discard(team.supervisor, request.id, password="bench-pass-1", witness=DISCARD_WITNESS)
    return w


def test_a_device_report_tells_its_whole_story_in_time_order(services, team, world):
    device = world.freeze.devices[0]
    report = services.custody.report(code=device.code, actor=team.supervisor)
    assert report.patient_mrn == "M-4471" and report.subject_kind == "device"
    kinds = [e.event for e in report.events]
    for needed in ("received", "frozen", "placed", "label printed", "label reprinted", "moved", "thawed"):
        assert needed in kinds, (needed, kinds)
    assert [e.at_utc for e in report.events] == sorted(e.at_utc for e in report.events)
    assert kinds.index("received") < kinds.index("frozen") < kinds.index("moved") < kinds.index("thawed")
    reprint = next(e for e in report.events if e.event == "label reprinted")
    assert reprint.reason == "frosted over, unreadable" and reprint.performer == "Emma Embryologist"
    move = next(e for e in report.events if e.event == "moved")
    assert move.witness == "Eli Embryologist" and move.reason == "tank maintenance" and "Position" in move.location
    frozen = next(e for e in report.events if e.event == "frozen")
    assert frozen.lots == "SpermFreeze lot SF-0425" and frozen.witness == "Eli Embryologist"
    thawed = next(e for e in report.events if e.event == "thawed")
    assert thawed.lots == "G-IVF lot TM-9" and thawed.performer == "Eli Embryologist"
    item = next(i for i in report.items if i.code == device.code)
    assert item.status == "thawed" and item.position == ""
    assert any(g.meaning == "witnessed" and g.printed_name == "Eli Embryologist" for g in report.signatures)


def test_a_patient_report_has_ICSI_use_discards_and_the_approval_signature(services, team, world):
    report = services.custody.report(mrn="m-4471")
    used = next(e for e in report.events if e.event == "used for ICSI")
    assert used.subject == world.samples[0].code and all(c in used.description for c in world.oocyte_codes[:3])
    assert "discarded" in [e.event for e in report.events]
    approval = next(g for g in report.signatures if g.meaning == "approved")
    assert approval.printed_name == "Sam Supervisor" and len(approval.content_hash) == 64
    assert {i.code for i in report.items} >= {s.code for s in world.samples} | {d.code for d in world.freeze.devices}


def test_issued_report_prints_identifiers_and_fingerprint_and_verifies(services, team, world):
    doc = services.custody.issue(team.supervisor, mrn="M-4471", deliver=lambda doc: None)
    pages = pages_text(doc.content)
    assert len(pages) == doc.page_count
    for n, text in enumerate(pages, start=1):
        assert doc.fingerprint in text and f"Page {n} of {len(pages)}" in text
        assert "MRN M-4471" in text and "الخطيب" in logical(text)
    assert "Sam Supervisor" in pages[-1] and "approved" in " ".join(pages)
    with services.db.read() as s:
        row = s.execute(select(IssuedReport)).scalar_one()
        assert (row.id, row.sha256, row.kind) == (doc.report_no, doc.fingerprint, "custody")
    verdict = services.custody.verify(doc.content)
    assert verdict.ok and verdict.exact_copy and verdict.report_no == doc.report_no, verdict
    assert verdict.verdict.startswith("VERIFIED") and verdict.level == VERIFIED
    # The same content saved again by another program reads the same, but is not the issued file.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(doc.content)))
    resaved = io.BytesIO()
    writer.write(resaved)
    again = services.custody.verify(resaved.getvalue())
    assert not again.ok and not again.exact_copy and again.level == CONTENT_ONLY, again
    assert again.verdict.startswith("TEXT MATCHES ONLY") and f"report no. {doc.report_no}" in again.verdict


def _with_overlay(data: bytes, text: str) -> bytes:
    """A copy with a white box and new words over page 1, the metadata left as it was."""
    patch = io.BytesIO()
    c = Canvas(patch, pagesize=PdfReader(io.BytesIO(data)).pages[0].mediabox[2:])
    c.setFillColorRGB(1, 1, 1)
    c.rect(40, 300, 300, 40, stroke=0, fill=1)
    c.setFillColorRGB(0, 0, 0)
    c.drawString(45, 315, text)
    c.save()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.pages[0].merge_page(PdfReader(patch).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _with_keywords(data: bytes, keywords: str) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata({"/Keywords": keywords})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_altered_copies_are_rejected(services, team, world):
    doc = services.custody.issue(team.supervisor, code=world.samples[0].code, deliver=lambda doc: None)
    edited = services.custody.verify(_with_overlay(doc.content, "Witness: nobody"))
    assert not edited.ok and "text on page 1 differs" in edited.verdict
    digest, canonical = unpack_metadata(PdfReader(io.BytesIO(doc.content)).metadata["/Keywords"])
    forged = from_json(canonical)
    forged = forged.__class__(**{**forged.__dict__, "issued_by": "Someone Else"})
    new_canonical = canonical_json(forged)
    stale = services.custody.verify(_with_keywords(doc.content, pack_metadata(digest, new_canonical)))
    assert not stale.ok and "does not match its fingerprint" in stale.verdict
    rehashed = services.custody.verify(_with_keywords(doc.content, pack_metadata(fingerprint_of(new_canonical),
                                                                                     new_canonical)))
    assert not rehashed.ok and "does not show the fingerprint" in rehashed.verdict
    # A report made outside the system, consistent in itself, was never issued.
    made = CustodyReportPdf().build(forged, digest=fingerprint_of(new_canonical), canonical=new_canonical).pdf
    outside = services.custody.verify(made)
    assert not outside.ok and "no report with this fingerprint was issued" in outside.verdict
    assert not services.custody.verify(b"%PDF-1.4 not really").ok
    preview = services.custody.preview_pdf(code=world.samples[0].code)
    assert "no Bench report fingerprint" in services.custody.verify(preview).verdict


def test_a_report_for_an_unknown_or_unclear_subject_says_so(services, team, world):
    with pytest.raises(NotFound):
        services.custody.report(mrn="NOBODY")
    with pytest.raises(ValidationError):
        services.custody.report(code=world.samples[0].code, mrn="M-4471")
    with pytest.raises(ValidationError, match="oocyte"):
        services.custody.report(code=world.oocyte_codes[0])
