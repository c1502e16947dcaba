"""What the demo has made so far, shared by its areas so later ones can build on earlier ones."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from bench_app.services.demo.people import DemoTeam
from bench_app.services.demo.plan import CouplePlan
from bench_app.services.demo.timeline import Agenda
from bench_app.services.registry import Services


@dataclass
class DemoWorld:
    services: Services
    team: DemoTeam
    rng: random.Random
    today: date
    agenda: Agenda
    couples: list[CouplePlan]
    witness_records: int = 0
    incidents: int = 0
    # Running sums of chances per kind of event, so a small demo's rates stay near the published ones.
    tallies: dict = field(default_factory=dict)
