"""Issued reports are signed by the lab (PAdES), and only the issued bytes verify."""

from __future__ import annotations

import io
import random
import re
import stat

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from sqlalchemy import func, select

from bench_app.persistence.models import AuditEvent, IssuedReport
from bench_app.services.custody_dto import CONTENT_ONLY, SIGNED_DIFFERENT, VERIFIED
from bench_app.services.lab_certificate import CERT_FILE, KEY_FILE, create_self_signed, describe
from bench_app.services.report_signing import check_signature
from tests.reports.pdf_reading import pages_text
from tests.reports.world import build_world


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def _counts(services) -> tuple[int, int]:
    with services.db.read() as s:
        return (s.execute(select(func.count()).select_from(IssuedReport)).scalar_one(),
                s.execute(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == "print"))
                .scalar_one())


def _refuse(doc):
    raise OSError(2, "No such file or directory", "/no/such/dir/x.pdf")


def test_a_report_or_worksheet_not_delivered_is_not_issued(services, team, world, clock):
    before = _counts(services)
    with pytest.raises(OSError):
        services.custody.issue(team.supervisor, code=world.samples[0].code, deliver=_refuse)
    with pytest.raises(OSError):
        services.worksheet.issue(team.supervisor, clock.now.astimezone().date(), deliver=_refuse)
    assert _counts(services) == before
    services.worksheet.pdf(team.supervisor, clock.now.astimezone().date())      # a preview records nothing
    assert _counts(services) == before


def test_issued_reports_carry_an_intact_lab_signature_over_the_whole_file(services, team, world, clock,
                                                                          lab_certificate):
    delivered = []
    doc = services.custody.issue(team.supervisor, code=world.samples[0].code, deliver=delivered.append)
    sheet = services.worksheet.issue(team.supervisor, clock.now.astimezone().date(), deliver=delivered.append)
    assert [d.content for d in delivered] == [doc.content, sheet.content]
    for content in (doc.content, sheet.content):
        sig = check_signature(content)
        assert sig.intact and sig.whole_file and sig.cert_sha256 == lab_certificate.sha256
        embedded = PdfFileReader(io.BytesIO(content)).embedded_signatures[0]
        assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"            # PAdES
    assert doc.fingerprint in pages_text(doc.content)[0].replace(" ", "")
    for content in (doc.content, sheet.content):
        verdict = services.custody.verify(content)
        assert verdict.ok and verdict.level == VERIFIED and verdict.verdict.startswith("VERIFIED"), verdict
    assert "daily worksheet" in services.custody.verify(sheet.content).verdict


def test_every_single_byte_edit_anywhere_in_the_file_fails_verification(services, team, world):
    doc = services.custody.issue(team.supervisor, code=world.samples[0].code, deliver=lambda d: None)
    data = doc.content
    rng = random.Random(15)
    streams = [(m.end(), data.index(b"endstream", m.end())) for m in re.finditer(rb"(?<!end)stream\r?\n", data)]
    biggest = sorted(streams, key=lambda se: se[0] - se[1])[:3]              # the embedded font programs
    assert biggest[0][1] - biggest[0][0] > 5000
    inside_fonts = [rng.randrange(start, end) for start, end in biggest for _ in range(5)]
    positions = sorted({0, len(data) - 1, *rng.sample(range(len(data)), 40), *inside_fonts})
    for pos in positions:
        edited = bytearray(data)
        edited[pos] = (edited[pos] + 1 + rng.randrange(254)) % 256
        verdict = services.custody.verify(bytes(edited))
        assert not verdict.ok and not verdict.verdict.startswith("VERIFIED"), (pos, verdict.verdict)


def test_weaker_verdicts_for_a_signed_file_with_bytes_added_and_for_text_that_matches(services, team, world):
    doc = services.custody.issue(team.supervisor, code=world.samples[0].code, deliver=lambda d: None)
    appended = services.custody.verify(doc.content + b"\n% a comment added after signing\n")
    assert not appended.ok and appended.level == SIGNED_DIFFERENT
    assert appended.verdict.startswith("NOT THE ISSUED FILE") and "signature" in appended.verdict
    from pypdf import PdfReader, PdfWriter

    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(doc.content))).write(out)      # "printed again to PDF"
    resaved = services.custody.verify(out.getvalue())
    assert not resaved.ok and resaved.level == CONTENT_ONLY and resaved.verdict.startswith("TEXT MATCHES ONLY")


def test_a_new_lab_certificate_has_an_owner_only_key(tmp_path):
    folder = tmp_path / "signing"
    create_self_signed(folder, "Andrology Laboratory, City Hospital")
    assert stat.S_IMODE((folder / KEY_FILE).stat().st_mode) == 0o600
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    info = describe(folder)
    assert info.self_signed and "City Hospital" in info.subject and len(info.sha256) == 64
    with pytest.raises(Exception, match="never overwritten"):
        create_self_signed(folder, "Another lab")
    assert (folder / CERT_FILE).exists()
