"""Opening a database for use: upgrade it, and build every service over it."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy.exc import DatabaseError, OperationalError

from bench_app.domain.clock import Clock, utc_now
from bench_app.domain.errors import DatabaseUnavailable
from bench_app.persistence import migrate
from bench_app.persistence.db_errors import connection_hint, driver_text
from bench_app.persistence.engine import Database, open_database
from bench_app.persistence.file_modes import access_warning
from bench_app.persistence.location import sqlite_path
from bench_app.persistence.migrate import current_revision
from bench_app.persistence.server_roles import can_change_schema
from bench_app.domain.redaction import redact_url
from bench_app.services.audit_service import AuditService
from bench_app.services.backup_schedule_service import BackupPolicy, BackupScheduleService
from bench_app.services.change_feed import ChangeFeed
from bench_app.services.context import ServiceContext
from bench_app.services.cryo_service import CryoService
from bench_app.services.custody_service import CustodyService
from bench_app.services.icsi_service import IcsiService
from bench_app.services.incidents_service import IncidentsService
from bench_app.services.inventory_resolutions import InventoryResolutions
from bench_app.services.inventory_service import InventoryService
from bench_app.services.labels_service import LabelsService
from bench_app.services.lots_service import LotsService
from bench_app.services.nitrogen_service import NitrogenService
from bench_app.services.outcome_records_service import OutcomeRecordsService
from bench_app.services.outcomes_service import OutcomesService
from bench_app.services.patients_service import PatientsService
from bench_app.services.processing_service import ProcessingService
from bench_app.services.quality_report_service import QualityReportService
from bench_app.services.retrieval_service import RetrievalService
from bench_app.services.scan_service import ScanService
from bench_app.services.settings_service import SettingsService
from bench_app.services.storage_service import StorageService
from bench_app.services.upgrade_service import notice_while_upgrading, upgrade_database
from bench_app.services.users_service import UsersService
from bench_app.services.witness_service import WitnessService
from bench_app.services.worksheet_service import WorksheetService


log = logging.getLogger("bench")


@dataclass
class Services:
    ctx: ServiceContext
    users: UsersService
    witness: WitnessService
    patients: PatientsService
    audit: AuditService
    scan: ScanService
    settings: SettingsService
    lots: LotsService
    retrieval: RetrievalService
    processing: ProcessingService
    icsi: IcsiService
    storage: StorageService
    cryo: CryoService
    labels: LabelsService
    worksheet: WorksheetService
    custody: CustodyService
    incidents: IncidentsService
    inventory: InventoryService
    inventory_resolutions: InventoryResolutions
    nitrogen: NitrogenService
    outcome_records: OutcomeRecordsService
    outcomes: OutcomesService
    quality_report: QualityReportService
    backups: BackupScheduleService
    start_warnings: tuple[str, ...] = ()  # said once when the database opens (e.g. readable by others)

    @property
    def db(self) -> Database:
        return self.ctx.db

    @cached_property
    def changes(self) -> ChangeFeed:
        """What other workstations (and this one) changed since the last look; connects when first polled."""
        return ChangeFeed(self.ctx.db)

    def close(self) -> None:
        self.ctx.db.dispose()  # the change feed's connection too


def build_services(db: Database, *, clock: Clock = utc_now, workstation: str | None = None) -> Services:
    ctx = ServiceContext(db=db, clock=clock) if workstation is None else \
        ServiceContext(db=db, clock=clock, workstation=workstation)
    users = UsersService(ctx)
    witness = WitnessService(ctx, users)
    patients = PatientsService(ctx)
    cryo = CryoService(ctx, witness, users)
    return Services(
        ctx=ctx, users=users, witness=witness, patients=patients,
        audit=AuditService(ctx), scan=ScanService(ctx), settings=SettingsService(ctx),
        lots=LotsService(ctx), retrieval=RetrievalService(ctx, witness), processing=ProcessingService(ctx, witness),
        icsi=IcsiService(ctx, witness),
        storage=StorageService(ctx, patients), cryo=cryo,
        labels=LabelsService(ctx), worksheet=WorksheetService(ctx, users), custody=CustodyService(ctx),
        incidents=IncidentsService(ctx),
        inventory=InventoryService(ctx, witness, users),
        inventory_resolutions=InventoryResolutions(ctx, witness, cryo), nitrogen=NitrogenService(ctx),
        outcome_records=OutcomeRecordsService(ctx), outcomes=OutcomesService(ctx),
        quality_report=QualityReportService(ctx, OutcomesService(ctx)),
        backups=BackupScheduleService(ctx, BackupPolicy.configured()),
    )


def open_services(url: str, *, clock: Clock = utc_now, workstation: str | None = None,
                  upgrade: bool = True) -> Services:
    """Open (creating if needed) and upgrade the database at ``url``; raise DatabaseUnavailable."""
    try:
        db = open_database(url)
        if upgrade:  # an older schema is backed up first; a failed migration is undone (UpgradeFailed)
            upgrade_database(db, clock=clock)
    except (OperationalError, DatabaseError) as exc:
        said = driver_text(exc)
        hint = connection_hint(said)
        said = said if said.endswith(".") or not hint else f"{said}."
        raise DatabaseUnavailable(f"Cannot open the database at {redact_url(url)}: {said}"
                                  + (f" {hint}" if hint else "")) from None
    services = build_services(db, clock=clock, workstation=workstation)
    path = sqlite_path(url)
    warning = access_warning(path) if path is not None else None
    if warning:
        log.warning("%s", warning)
        services.start_warnings = (warning,)
    return services


def upgrade_notice(url: str) -> str | None:
    """What to say while opening ``url`` upgrades an existing database first (which can take a while), as
    upgrade_service.notice_while_upgrading words it for its backend; None when opening it will not upgrade it."""
    try:
        db = open_database(url)
        try:
            current = current_revision(db.engine)
            if current is None or current == migrate.HEAD_REVISION:
                return None
            with db.engine.connect() as conn:  # a server's everyday role does not upgrade: it says so at once
                if not can_change_schema(conn):
                    return None
            return notice_while_upgrading(db)
        finally:
            db.dispose()
    except (OperationalError, DatabaseError, DatabaseUnavailable):
        return None  # opening it will say what is wrong


def shown_url(url: str) -> str:
    """The database URL as a message may show it: never its password."""
    return redact_url(url)
