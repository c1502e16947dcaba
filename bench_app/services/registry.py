"""Opening a database for use: upgrade it, and build every service over it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import DatabaseError, OperationalError

from bench_app.domain.clock import Clock, utc_now
from bench_app.domain.errors import DatabaseUnavailable
from bench_app.persistence import migrate
from bench_app.persistence.engine import Database, open_database
from bench_app.persistence.migrate import current_revision
from bench_app.services.audit_service import AuditService
from bench_app.services.backup_schedule_service import BackupPolicy, BackupScheduleService
from bench_app.services.context import ServiceContext
from bench_app.services.cryo_service import CryoService
from bench_app.services.custody_service import CustodyService
from bench_app.services.icsi_service import IcsiService
from bench_app.services.labels_service import LabelsService
from bench_app.services.lots_service import LotsService
from bench_app.services.patients_service import PatientsService
from bench_app.services.processing_service import ProcessingService
from bench_app.services.retrieval_service import RetrievalService
from bench_app.services.scan_service import ScanService
from bench_app.services.settings_service import SettingsService
from bench_app.services.storage_service import StorageService
from bench_app.services.upgrade_service import upgrade_database
from bench_app.services.users_service import UsersService
from bench_app.services.witness_service import WitnessService
from bench_app.services.worksheet_service import WorksheetService


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
    backups: BackupScheduleService

    @property
    def db(self) -> Database:
        return self.ctx.db

    def close(self) -> None:
        self.ctx.db.dispose()


def build_services(db: Database, *, clock: Clock = utc_now, workstation: str | None = None) -> Services:
    ctx = ServiceContext(db=db, clock=clock) if workstation is None else \
        ServiceContext(db=db, clock=clock, workstation=workstation)
    users = UsersService(ctx)
    witness = WitnessService(ctx, users)
    patients = PatientsService(ctx)
    return Services(
        ctx=ctx, users=users, witness=witness, patients=patients,
        audit=AuditService(ctx), scan=ScanService(ctx), settings=SettingsService(ctx),
        lots=LotsService(ctx), retrieval=RetrievalService(ctx, witness), processing=ProcessingService(ctx, witness),
        icsi=IcsiService(ctx, witness),
        storage=StorageService(ctx, patients), cryo=CryoService(ctx, witness, users),
        labels=LabelsService(ctx), worksheet=WorksheetService(ctx, users), custody=CustodyService(ctx),
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
        raise DatabaseUnavailable(f"Cannot open the database at {url}: {getattr(exc, 'orig', exc)}") from None
    return build_services(db, clock=clock, workstation=workstation)


def upgrade_pending(url: str) -> bool:
    """Will opening ``url`` back up and migrate an existing database first (which can take a while)?"""
    try:
        db = open_database(url)
        try:
            current = current_revision(db.engine)
        finally:
            db.dispose()
    except (OperationalError, DatabaseError, DatabaseUnavailable):
        return False  # opening it will say what is wrong
    return current is not None and current != migrate.HEAD_REVISION
