"""Exports, fingerprinted content and the audit trail keep the English codes in every language;
only what a page or a screen shows is translated."""

from __future__ import annotations

import json

import pytest

from bench_app.domain.custody import canonical_json
from bench_app.domain.worksheet import worksheet_fingerprint
from bench_app.i18n import using_language
from bench_app.services.maintenance_service import MaintenanceService
from tests.reports.pdf_reading import pages_text
from tests.reports.world import build_world

# Turkish display names that must never reach stored or exported data.
TURKISH = ("Beklemede", "Biyopsi", "mikro-TESE", "Teslim alındı", "Dondurulacak", "Payet", "Vitrifikasyon",
           "Saklanıyor", "Erkek", "teslim alındı", "donduruldu")


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def test_the_json_export_holds_english_codes_under_turkish(services, team, world, tmp_path):
    out = tmp_path / "export.json"
    with using_language("tr"):
        MaintenanceService(services.ctx).export_json(out, by="cli:tester")
    text = out.read_text(encoding="utf-8")
    doc = json.loads(text)
    assert {r["procedure_type"] for r in doc["retrieval_procedures"]} <= {"micro-TESE", "TESE", "TESA", "PESA", "MESA"}
    assert {r["kind"] for r in doc["tissue_samples"]} <= {"biopsy", "aspirate", "epididymal_fluid", "ejaculate"}
    assert {r["device_type"] for r in doc["cryo_devices"]} <= {"straw", "vial", "single_sperm_device"}
    assert {r["sex"] for r in doc["patients"]} <= {"male", "female", "other"}
    assert not [word for word in TURKISH if word in text]


def test_codes_stay_english_in_fingerprinted_content_and_a_day_signs_the_same_in_every_language(
        services, team, world, clock):
    """A day's sign-off fingerprint is the same in every language (a supervisor reading in Turkish signs the
    day an English colleague printed). A custody report is issued once, in its page's language (the PDF
    records which, and verification renders it again in it): its codes (events, kinds, statuses) stay
    English in every language, its descriptions are in the words of its page."""
    device = world.freeze.devices[0]
    day = clock.now.astimezone().date()
    english_report = services.custody.report(code=device.code, actor=team.supervisor)
    english = canonical_json(english_report)
    sheet = worksheet_fingerprint(services.worksheet.day(day, actor=team.supervisor))
    with using_language("tr"):
        turkish_report = services.custody.report(code=device.code, actor=team.supervisor)
        assert worksheet_fingerprint(services.worksheet.day(day, actor=team.supervisor)) == sheet
        page = " ".join(pages_text(services.custody.preview_pdf(code=device.code, actor=team.supervisor)))
    for lang in ("ar", "es"):
        with using_language(lang):
            assert worksheet_fingerprint(services.worksheet.day(day, actor=team.supervisor)) == sheet, lang
    codes = lambda r: ([(e.at_utc, e.event, e.subject) for e in r.events], [(i.code, i.kind, i.status) for i in r.items])
    assert codes(turkish_report) == codes(english_report)
    assert not [word for word in TURKISH if word in english]
    assert "donduruldu" in page and "teslim alındı" in page  # the events, in the page's words
    assert '"event":"frozen"' in english and '"event":"received"' in english
