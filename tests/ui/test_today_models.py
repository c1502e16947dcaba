"""Today's and Reports' table models against Qt's model tester, fed with real worksheet and custody rows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bench_app.services.worksheet_dto import ExpiringRow, PatientRef, ThawRow
from tests.reports.world import build_world
from ui.reports.report_table_models import (
    CustodyEventTableModel, CustodyItemTableModel, DaySignatureTableModel, PrintRecordTableModel,
    SignatureLineTableModel,
)
from ui.today.worksheet_table_models import (
    ExpiringTableModel, FertCheckTableModel, OocyteTableModel, PendingWitnessTableModel, SampleTableModel,
    ThawTableModel,
)


@pytest.fixture
def rows(services, team, clock):
    world = build_world(services, team, clock)
    device = world.freeze.devices[0]
    services.labels.print_labels(team.embryologist, [device.code])
    services.worksheet.sign_off(team.supervisor, clock.now.date(), password="bench-pass-1", open_item_reasons={
        r.key: "on the paper sheet" for r in services.worksheet.day(clock.now.date()).pending_witness})
    clock.advance(hours=17)
    day = clock.now.astimezone().date()
    sheet = services.worksheet.day(day)
    first = services.worksheet.day(day - timedelta(days=1))
    report = services.custody.report(mrn="M-4471")
    return {
        FertCheckTableModel: sheet.fert_checks, SampleTableModel: first.samples, OocyteTableModel: first.oocytes,
        PendingWitnessTableModel: first.pending_witness, DaySignatureTableModel: first.signatures,
        CustodyEventTableModel: report.events, CustodyItemTableModel: report.items,
        SignatureLineTableModel: report.signatures, PrintRecordTableModel: services.labels.history(device.code),
        ThawTableModel: [ThawRow(1, clock.now, PatientRef("ÇELIK, İbrahim", "B-1"), (device.code,), world.cycle.id,
                                 "Emma Embryologist", "", "sperm found")],
        ExpiringTableModel: [ExpiringRow(device.code, PatientRef("ИВАНОВ, Сергей", "B-2"), "Tank A › 1 › 1 › 2",
                                         day + timedelta(days=d), d) for d in (-3, 0, 1, 40)],
    }, day


MODELS = [FertCheckTableModel, SampleTableModel, OocyteTableModel, PendingWitnessTableModel, DaySignatureTableModel,
          CustodyEventTableModel, CustodyItemTableModel, SignatureLineTableModel, PrintRecordTableModel,
          ThawTableModel, ExpiringTableModel]


@pytest.mark.parametrize("model_class", MODELS, ids=lambda c: c.__name__)
def test_models_pass_the_qt_model_tester(qtmodeltester, rows, model_class):
    found, day = rows
    model = model_class()
    model.day = day
    model.set_rows(found[model_class])
    qtmodeltester.check(model)
    assert model.rowCount() == len(found[model_class]) > 0
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            assert isinstance(model.index(r, c).data(), str)
