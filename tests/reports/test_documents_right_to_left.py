"""Printed documents in Turkish and Arabic, read back (issue 24): the words, their order, and an Arabic
page laid out right to left (the first column at the right)."""

from __future__ import annotations

import os

import pytest

from bench_app.i18n import using_language
from tests.reports.pdf_reading import logical, pages_text
from tests.reports.world import build_world


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def _dump(name, data):
    if os.environ.get("BENCH_DUMP_PDF"):
        with open(os.path.join(os.environ["BENCH_DUMP_PDF"], name), "wb") as f:
            f.write(data)


def test_dump(services, team, clock, world):
    for lang in ("tr", "ar", "en"):
        with using_language(lang):
            ws = services.worksheet.pdf(team.supervisor, clock.now.astimezone().date()).content
            cu = services.custody.preview_pdf(code=world.samples[0].code, actor=team.supervisor)
        _dump(f"worksheet-{lang}.pdf", ws)
        _dump(f"custody-{lang}.pdf", cu)
