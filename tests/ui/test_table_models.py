"""Every table model is a thin adapter: checked by Qt's model tester, with no view at all."""

from __future__ import annotations

from datetime import date, datetime, timezone
from enum import IntEnum

import pytest

from bench_app.domain.enums import AzoospermiaType, CycleStatus, CycleType, Role, Sex
from bench_app.services.audit_service import AuditRow
from bench_app.services.patients_dto import (
    ConsentInfo, CoupleInfo, CycleInfo, CycleListing, DiagnosisInfo, PatientSummary,
)
from bench_app.services.users_service import UserInfo
from ui.admin.audit_table_model import AuditTableModel, format_changes
from ui.admin.user_table_model import UserTableModel
from ui.common.row_table_model import ROW_ROLE, RowTableModel, sorting_proxy
from ui.patients.consent_table_model import ConsentTableModel
from ui.patients.couple_table_model import CoupleTableModel
from ui.patients.cycle_table_model import CycleTableModel
from ui.patients.diagnosis_table_model import DiagnosisTableModel
from ui.patients.patient_table_model import PatientTableModel
from ui.qt import Qt
from ui.today.today_table_model import TodayTableModel

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=timezone.utc)
MALE = PatientSummary(1, "M-1", "Öztürk", "Mehmet", date(1984, 3, 7), Sex.MALE)
FEMALE = PatientSummary(2, "F-1", "Öztürk", "Ayşe", date(1988, 9, 7), Sex.FEMALE)
COUPLE = CoupleInfo(1, MALE, FEMALE)
CYCLE = CycleInfo(5, 1, CycleType.ICSI, CycleStatus.ACTIVE, date(2026, 11, 20), "notes")

ROWS = {
    PatientTableModel: [MALE, FEMALE],
    CoupleTableModel: [COUPLE, CoupleInfo(2, MALE, None)],
    CycleTableModel: [CYCLE],
    DiagnosisTableModel: [DiagnosisInfo(1, 1, AzoospermiaType.NON_OBSTRUCTIVE, "idiopathic", None, "", NOW)],
    ConsentTableModel: [ConsentInfo(1, 2, ("storage", "treatment"), date(2026, 1, 1), date(2036, 1, 1), None, "")],
    TodayTableModel: [CycleListing(CYCLE, COUPLE)],
    AuditTableModel: [AuditRow(9, NOW, "emma", "create", "patients", "1",
                               {"mrn": [None, "M-1"], "notes": ["", "x"]}, "", "ws-1")],
}


@pytest.mark.parametrize("model_class", list(ROWS) + [UserTableModel], ids=lambda c: c.__name__)
def test_models_pass_the_qt_model_tester(qtmodeltester, model_class):
    model = model_class()
    if model_class is UserTableModel:
        model.set_users([UserInfo(1, "emma", "Emma E", Role.EMBRYOLOGIST, True, True, None, 0, None)], NOW)
    else:
        model.set_rows(ROWS[model_class])
    qtmodeltester.check(model)
    assert model.index(0, 0).data(ROW_ROLE) is model.rows()[0]
    assert model.headerData(0, Qt.Orientation.Horizontal) == model.HEADERS[model.Column(0)]


def test_patient_rows_show_family_in_capitals_and_sort_through_a_proxy():
    model = PatientTableModel()
    model.set_rows([MALE, FEMALE])
    proxy = sorting_proxy(model)
    proxy.sort(PatientTableModel.Column.NAME)
    assert [proxy.index(r, 1).data() for r in range(2)] == ["ÖZTÜRK, Ayşe", "ÖZTÜRK, Mehmet"]
    assert model.index(0, 2).data() == "1984-03-07"


def test_user_lock_shows_only_while_it_lasts():
    model = UserTableModel()
    locked = UserInfo(1, "eli", "Eli", Role.EMBRYOLOGIST, True, False,
                      datetime(2026, 11, 20, 9, 10), 5, None)
    model.set_users([locked], NOW)
    assert model.index(0, UserTableModel.Column.LOCKED_UNTIL).data() != ""
    model.set_users([locked], datetime(2026, 11, 20, 9, 30, tzinfo=timezone.utc))
    assert model.index(0, UserTableModel.Column.LOCKED_UNTIL).data() == ""
    assert model.index(0, UserTableModel.Column.LAST_SIGN_IN).data() == "never"


def test_changes_read_as_field_old_to_new():
    assert format_changes({"status": ["active", "cancelled"], "notes": [None, "late"]}) == \
        "status: active → cancelled; notes: late"
    assert format_changes({"withdrawn_on": ["2026-01-01", None]}) == "withdrawn_on: 2026-01-01 → ∅"
    assert format_changes({"password_hash": "<secret changed>"}) == "password_hash: <secret changed>"


class CountingTableModel(RowTableModel[str]):
    """Shows each row with a suffix that can change in place, and counts the texts it makes."""

    class Column(IntEnum):
        NAME = 0
        COLOUR = 1

    HEADERS = {Column.NAME: "Name", Column.COLOUR: "Colour"}

    def __init__(self):
        super().__init__()
        self.suffix, self.made = "", 0

    def display(self, row: str, column: Column) -> str:
        self.made += 1
        return row + self.suffix if column == self.Column.NAME else "red"


def test_a_row_s_texts_are_made_once_until_the_model_says_the_row_changed():
    model = CountingTableModel()
    model.set_rows(["a", "b"])
    index = model.index(0, CountingTableModel.Column.NAME)
    assert [index.data() for _ in range(5)] == ["a"] * 5 and model.made == 2     # both columns of row 0, once
    model.suffix = "!"
    model.dataChanged.emit(index, index)
    assert index.data() == "a!" and model.index(1, 0).data() == "b!"
    model.set_rows(["c"])
    assert model.index(0, 0).data() == "c!" and model.rowCount() == 1
