"""What changed in the records since a screen last looked: the tables written, grouped into kinds.

Every write appends an audit event named after the table it touched (``entity_type``);
the change feed collects those names, here or from another workstation, and a screen asks
``changes.touches(RecordKind.CRYO)`` to decide whether it must read again. A table no
kind lists is ``OTHER``: screens that show everything (none today) would ask for it.
``everything`` says the feed may have missed changes (its connection to the server was
lost and made again): every screen reads again.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Iterable


class RecordKind(Enum):
    PATIENTS = "patients"      # patients, couples, cycles, consents, diagnoses, work-ups
    RETRIEVAL = "retrieval"    # procedures, samples, processing steps, findings
    CRYO = "cryo"              # devices, freezes, moves, thaws, discards, the storage map
    ICSI = "icsi"              # oocyte retrievals, sessions, oocytes, injections, checks
    WITNESS = "witness"        # witness records, signatures
    TANKS = "tanks"            # nitrogen, tank care, inventory audits
    OUTCOMES = "outcomes"      # treatments and cycle outcomes
    INCIDENTS = "incidents"
    USERS = "users"            # people, sign-ins, workstations
    SETTINGS = "settings"      # settings, lots, codes
    PRINTS = "prints"          # labels printed, reports issued, backups
    OTHER = "other"


_TABLES: dict[RecordKind, tuple[str, ...]] = {
    RecordKind.PATIENTS: ("patients", "couples", "cycles", "consents", "diagnoses", "male_workups"),
    RecordKind.RETRIEVAL: ("retrieval_procedures", "tissue_samples", "processing_steps", "sperm_findings"),
    RecordKind.CRYO: ("cryo_devices", "freeze_events", "freeze_event_samples", "device_moves", "thaw_events",
                      "discard_events", "device_reviews", "storage_locations"),
    RecordKind.ICSI: ("oocyte_retrievals", "icsi_sessions", "oocytes", "injections", "fertilization_checks"),
    RecordKind.WITNESS: ("witness_records", "signatures"),
    RecordKind.TANKS: ("nitrogen_entries", "tank_care", "inventory_audits", "inventory_findings",
                       "inventory_holder_checks", "inventory_sittings"),
    RecordKind.OUTCOMES: ("pre_retrieval_treatments", "cycle_outcomes"),
    RecordKind.INCIDENTS: ("incidents",),
    RecordKind.USERS: ("users", "workstation_activity"),
    RecordKind.SETTINGS: ("settings", "material_lots", "reserved_codes", "code_counters"),
    RecordKind.PRINTS: ("label_prints", "issued_reports", "database"),
}
KIND_OF_TABLE: dict[str, RecordKind] = {table: kind for kind, tables in _TABLES.items() for table in tables}


def kind_of(table: str) -> RecordKind:
    return KIND_OF_TABLE.get(table, RecordKind.OTHER)


@dataclass(frozen=True)
class RecordChanges:
    tables: frozenset[str] = frozenset()
    everything: bool = False

    @classmethod
    def of(cls, tables: Iterable[str]) -> RecordChanges:
        return cls(frozenset(t for t in tables if t))

    @property
    def kinds(self) -> frozenset[RecordKind]:
        return frozenset(kind_of(t) for t in self.tables)

    def touches(self, *kinds: RecordKind) -> bool:
        return self.everything or any(kind_of(t) in kinds for t in self.tables)

    def __bool__(self) -> bool:
        return self.everything or bool(self.tables)

    def __or__(self, other: RecordChanges) -> RecordChanges:
        return RecordChanges(self.tables | other.tables, self.everything or other.everything)

    def describe(self) -> str:
        if self.everything:
            return "everything (the change feed reconnected)"
        return ", ".join(sorted(k.value for k in self.kinds)) or "nothing"


NOTHING = RecordChanges()
EVERYTHING = RecordChanges(everything=True)
