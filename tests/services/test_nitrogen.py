"""Nitrogen log: readings, top-ups, the low / fast-loss / overdue alerts, the low-level incident; audits due."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bench_app.domain.errors import ValidationError
from bench_app.domain.nitrogen import LevelReading, fast_loss
from bench_app.persistence.models import Incident
from tests.services.cryo_fixtures import count, small_tank


@pytest.fixture
def tank(services, team):
    t = small_tank(services, team)
    services.nitrogen.set_tank_care(team.supervisor, t.id, level_unit="cm", alarm_threshold=20, full_level=60,
                                    reading_interval_hours=48, audit_interval_days=365)
    return t


def kinds(services):
    return {a.kind for a in services.nitrogen.alerts()}


def test_settings_are_validated_and_need_a_supervisor(services, team, tank):
    with pytest.raises(ValidationError) as err:
        services.nitrogen.set_tank_care(team.supervisor, tank.id, level_unit="in", alarm_threshold=80, full_level=60,
                                        reading_interval_hours=0, audit_interval_days=365)
    assert {"level_unit", "alarm_threshold", "reading_interval_hours"} <= set(err.value.field_errors)
    with pytest.raises(Exception):
        services.nitrogen.set_tank_care(team.embryologist, tank.id, level_unit="%", alarm_threshold=30,
                                        full_level=100, reading_interval_hours=24, audit_interval_days=365)
    assert services.nitrogen.tank_care(tank.id).level_unit == "cm"


def test_a_low_reading_is_an_alert_and_an_incident(services, team, tank, clock):
    assert "reading_overdue" in kinds(services)  # no reading yet
    ok = services.nitrogen.record_reading(team.embryologist, tank.id, level=45)
    assert ok.incident_id is None and kinds(services) == set()
    clock.advance(hours=12)
    low = services.nitrogen.record_reading(team.embryologist, tank.id, level=18.5)
    assert low.incident_id is not None
    with services.db.read() as s:
        incident = s.get(Incident, low.incident_id)
        assert incident.kind == "nitrogen_low" and "18.5 cm" in incident.description
    assert "nitrogen_low" in kinds(services)
    services.nitrogen.record_top_up(team.embryologist, tank.id, litres=35)
    clock.advance(hours=1)
    services.nitrogen.record_reading(team.embryologist, tank.id, level=55)
    assert "nitrogen_low" not in kinds(services) and count(services, Incident) == 1
    log = services.nitrogen.log(tank.id)
    assert [e.kind for e in log] == ["reading", "reading", "top_up", "reading"]
    assert log[2].litres == 35 and log[2].recorded_by == "emma"


def test_fast_loss_against_the_median_of_the_last_ten_readings(services, team, tank, clock):
    level = 58.0
    for _ in range(10):   # 1 cm a day
        services.nitrogen.record_reading(team.embryologist, tank.id, level=level)
        clock.advance(days=1)
        level -= 1
    assert kinds(services) == set()
    services.nitrogen.record_reading(team.embryologist, tank.id, level=level - 1.2)  # 2.2 cm in a day
    alerts = [a for a in services.nitrogen.alerts() if a.kind == "nitrogen_fast_loss"]
    assert alerts and "usually 1 cm/day" in alerts[0].text


def test_fast_loss_ignores_top_ups_and_needs_a_usual_rate():
    t0 = datetime(2026, 1, 1, tzinfo=timezone.utc)
    r = [LevelReading(t0 + timedelta(days=i), v) for i, v in enumerate([50, 49, 48, 58, 57, 56, 55, 53.4])]
    assert fast_loss(r) is not None          # 1.6/day against a usual 1/day; the top-up pair is left out
    assert fast_loss(r[:-1] + [LevelReading(r[-1].at, 53.6)]) is None   # 1.4/day is within 1.5 x
    assert fast_loss(r[:3]) is None


def test_overdue_reading_and_audit_due(services, team, tank, clock):
    services.nitrogen.record_reading(team.embryologist, tank.id, level=50)
    clock.advance(hours=49)
    assert kinds(services) == {"reading_overdue"}
    clock.advance(days=360)
    assert "audit_due" in kinds(services)
    clock.advance(days=10)
    assert "audit_overdue" in kinds(services)
    state = services.nitrogen.audit_states()[0]
    assert state.overdue and state.last_audit is None
