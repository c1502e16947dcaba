"""The ICSI table models with no view (Qt's model tester), and a 40-oocyte cycle read once per refresh."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from bench_app.domain.enums import CycleStatus, CycleType, FertilizationResult, Maturity, Sex, SpermMotility
from bench_app.domain.enums import ViabilityTest
from bench_app.services.icsi_dto import OocyteRow
from bench_app.services.patients_dto import CoupleInfo, CycleInfo, CycleListing, PatientSummary
from tests.ui.icsi_helpers import icsi, injected_cycle, keys  # noqa: F401  (icsi is a fixture)
from ui.icsi.cycle_choice_table_model import CycleChoiceTableModel
from ui.icsi.icsi_text import numbers_text
from ui.icsi.oocyte_table_model import DRAFT, FLAG, OocyteTableModel
from ui.qt import Qt

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)


def oocyte(n: int, *, injected: bool = False, result: FertilizationResult | None = None) -> OocyteRow:
    return OocyteRow(
        id=n, code=f"O-{n:06d}-X", retrieval_id=1, number=n, maturity=Maturity.MII, injected=injected,
        session_id=1 if injected else None, injected_at=NOW if injected else None, injected_by="emma" if injected else None,
        sperm_motility=SpermMotility.TWITCHING if injected else None,
        viability_test=ViabilityTest.HOS if injected else None, techniques=("artificial_oocyte_activation",),
        damaged=False, non_mii_reason="", checked_at=NOW + timedelta(hours=19) if result else None,
        checked_by="eli" if result else None, result=result, polar_bodies=2 if result else None,
        hours_at_check=19.0 if result else None, outside_window=bool(result), window_reason="late" if result else "")


def test_oocyte_model_passes_the_model_tester_and_keeps_drafts(qtmodeltester):
    model = OocyteTableModel()
    model.load([oocyte(1, injected=True, result=FertilizationResult.PN2), oocyte(2, injected=True), oocyte(3)], 5)
    model.set_reference_time(NOW + timedelta(hours=17))
    qtmodeltester.check(model)
    assert model.rowCount() == 5 and model.index(4, OocyteTableModel.Column.MATURITY).data() == ""
    assert model.index(0, OocyteTableModel.Column.NUMBER).data(Qt.ItemDataRole.ToolTipRole) == "Oocyte 1: O-000001-X"
    assert model.index(0, OocyteTableModel.Column.WINDOW).data() == "late: late"
    assert model.index(0, OocyteTableModel.Column.HOURS).data(Qt.ItemDataRole.BackgroundRole) == FLAG
    assert model.index(1, OocyteTableModel.Column.WINDOW).data() == "check now"
    assert model.index(1, OocyteTableModel.Column.SPERM).data() == "twitching + HOS, AOA"
    assert model.set_maturity(0, Maturity.MI) == "Oocyte 1 was injected: its maturity can no longer change."
    assert model.set_maturity(3, Maturity.GV) == ""
    assert model.index(3, OocyteTableModel.Column.MATURITY).data(Qt.ItemDataRole.BackgroundRole) == DRAFT
    assert model.maturities() == [Maturity.MII, Maturity.MII, Maturity.MII, Maturity.GV]
    assert not model.changes_recorded_maturity()
    model.set_maturity(2, Maturity.MI)
    assert model.changes_recorded_maturity()
    model.set_result(1, FertilizationResult.PN1)
    assert [(o.number, r) for o, r, _pb in model.pending_checks()] == [(2, FertilizationResult.PN1)]


def test_cycle_choice_model_passes_the_model_tester(qtmodeltester):
    male = PatientSummary(1, "M-1", "Öztürk", "Mehmet", date(1984, 3, 7), Sex.MALE)
    female = PatientSummary(2, "F-1", "Öztürk", "Ayşe", date(1988, 9, 7), Sex.FEMALE)
    model = CycleChoiceTableModel()
    model.set_rows([CycleListing(CycleInfo(5, 1, CycleType.ICSI, CycleStatus.ACTIVE, date(2026, 11, 20), ""),
                                 CoupleInfo(1, male, female))])
    qtmodeltester.check(model)
    assert model.index(0, CycleChoiceTableModel.Column.FEMALE_MRN).data() == "F-1"


def test_numbers_are_written_as_runs():
    assert numbers_text([1, 2, 3, 4, 9, 10, 12]) == "1-4, 9, 10, 12"


def test_forty_oocytes_are_read_once_per_refresh(qtbot, services, team, clock, icsi, monkeypatch):
    maturities = (["MII"] * 6 + ["MI", "GV"]) * 5
    cycle, _, _ = injected_cycle(services, team, clock, maturities)
    calls: dict[str, int] = {}
    real = services.icsi

    class Counting:  # counts what the view asks, not what the service does inside
        def __getattr__(self, name):
            attr = getattr(real, name)
            if not callable(attr):
                return attr

            def counted(*args, **kw):
                calls[name] = calls.get(name, 0) + 1
                return attr(*args, **kw)
            return counted
    monkeypatch.setattr(services, "icsi", Counting())
    icsi.show_cycle(cycle.id)
    view = icsi.cycle_view
    assert view.model.rowCount() == 40
    assert calls == {"cycle_grid": 1, "cycle_summary": 1, "sperm_source_of": 1}  # the selected oocyte only
    calls.clear()
    view.refresh()
    keys(qtbot, view.table, "2" * 30)  # every injected oocyte's result, one key each
    assert calls.get("cycle_grid") == 1 and len(view.model.result_drafts) == 30
