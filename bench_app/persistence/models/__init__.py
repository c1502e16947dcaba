"""ORM models, one module per area. Importing this package registers every table."""

from bench_app.persistence.models.people import User, Patient, Couple  # noqa: F401
from bench_app.persistence.models.cycles import Cycle, Diagnosis, Consent  # noqa: F401
from bench_app.persistence.models.records import (  # noqa: F401
    AuditEvent,
    AuditHead,
    CodeCounter,
    Incident,
    IssuedReport,
    LabelPrint,
    MaterialLot,
    Setting,
    Signature,
    WitnessRecord,
    WorkstationActivity,
)
from bench_app.persistence.models.retrieval import (  # noqa: F401
    ProcessingStep,
    RetrievalProcedure,
    SpermFinding,
    TissueSample,
)
from bench_app.persistence.models.storage import (  # noqa: F401
    CryoDevice,
    DeviceMove,
    DiscardEvent,
    FreezeEvent,
    InventoryAudit,
    InventoryFinding,
    InventoryHolderCheck,
    InventorySitting,
    NitrogenEntry,
    TankCare,
    StorageLocation,
    ThawEvent,
    discard_event_devices,
    freeze_event_samples,
    thaw_event_devices,
)
from bench_app.persistence.models.icsi import (  # noqa: F401
    FertilizationCheck,
    IcsiSession,
    Injection,
    Oocyte,
    OocyteRetrieval,
)
from bench_app.persistence.models.trust import DeviceReview, ReservedCode  # noqa: F401
from bench_app.persistence.models.outcomes import (  # noqa: F401
    CycleOutcome,
    MaleWorkup,
    PreRetrievalTreatment,
)
from bench_app.persistence.models.outcome_summaries import (  # noqa: F401
    DishOutcomeSummary,
    OpuOutcomeSummary,
    ProcedureOutcomeSummary,
)
