"""The closed vocabularies of the lab (DOMAIN.md), stored by their string values."""

from __future__ import annotations

import enum


class StrEnum(str, enum.Enum):
    """A string enum whose value is what the database stores and exports show."""

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value

    @property
    def label(self) -> str:
        """The value's display name in the active language (domain/value_labels.py); the code stays stored."""
        from bench_app.domain.value_labels import label  # the tables import the vocabularies

        return label(self)

    @property
    def english(self) -> str:
        """The code as English words ('fresh_icsi' -> 'fresh icsi'): content that reads the same in every language."""
        return self.value.replace("_", " ")


class Role(StrEnum):
    EMBRYOLOGIST = "embryologist"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"


class Sex(StrEnum):
    MALE = "male"
    FEMALE = "female"
    OTHER = "other"


class CycleType(StrEnum):
    ICSI = "icsi"
    SPERM_BANKING = "sperm_banking"
    SURGICAL_RETRIEVAL = "surgical_retrieval"
    FROZEN_SPERM_ICSI = "frozen_sperm_icsi"


class CycleStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class AzoospermiaType(StrEnum):
    OBSTRUCTIVE = "OA"
    NON_OBSTRUCTIVE = "NOA"
    OTHER = "other"


class Etiology(StrEnum):
    VASECTOMY = "vasectomy"
    CBAVD = "CBAVD"
    INFECTION = "infection"
    KLINEFELTER = "Klinefelter 47,XXY"
    AZF_MICRODELETION = "Y AZF microdeletion"
    CHEMO_RADIATION = "chemotherapy or radiation"
    HYPOGONADOTROPIC = "hypogonadotropic hypogonadism"
    ANABOLIC_STEROIDS = "anabolic steroid or testosterone use"
    VARICOCELE = "varicocele"
    CRYPTORCHIDISM = "cryptorchidism"
    IDIOPATHIC = "idiopathic"
    OTHER = "other"


class ConsentUse(StrEnum):
    """What a consent permits the lab to do with stored material."""

    TREATMENT = "treatment"
    STORAGE = "storage"
    RESEARCH = "research"
    TRAINING = "training"
    POSTHUMOUS_USE = "posthumous_use"


class ProcedureType(StrEnum):
    MICRO_TESE = "micro-TESE"
    TESE = "TESE"
    TESA = "TESA"
    PESA = "PESA"
    MESA = "MESA"


class Anaesthesia(StrEnum):
    LOCAL = "local"
    GENERAL = "general"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"


class PlannedUse(StrEnum):
    FRESH_ICSI = "fresh_icsi"
    FREEZE = "freeze"
    BOTH = "both"


class TubuleAppearance(StrEnum):
    DILATED = "dilated"
    THIN = "thin"
    MIXED = "mixed"
    NOT_APPLICABLE = "n/a"


class SampleKind(StrEnum):
    BIOPSY = "biopsy"
    ASPIRATE = "aspirate"
    EPIDIDYMAL_FLUID = "epididymal_fluid"
    EJACULATE = "ejaculate"


class SampleStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    SEARCHED = "searched"


class Disposition(StrEnum):
    PENDING = "pending"
    FRESH_ICSI = "fresh_icsi"
    FREEZE = "freeze"
    HISTOLOGY = "histology"
    DISCARDED = "discarded"


class ProcessingStepKind(StrEnum):
    MECHANICAL_MINCING = "mechanical_mincing"
    NEEDLE_DISSECTION = "needle_dissection"
    ENZYMATIC_DIGESTION = "enzymatic_digestion"
    RBC_LYSIS = "red_cell_lysis"
    CENTRIFUGATION = "centrifugation"
    WASH = "wash"
    SEARCH = "search"


class CountBasis(StrEnum):
    TOTAL = "total"
    PER_DROPLET = "per_droplet"
    PER_FIELD = "per_field"


class ViabilityTest(StrEnum):
    NONE = "none"
    HOS = "HOS"
    PENTOXIFYLLINE = "pentoxifylline"
    LASER = "laser"


class LocationKind(StrEnum):
    TANK = "tank"
    CANISTER = "canister"
    CANE = "cane"
    GOBLET = "goblet"
    POSITION = "position"


class DeviceType(StrEnum):
    STRAW = "straw"
    VIAL = "vial"
    SINGLE_SPERM = "single_sperm_device"


class DeviceStatus(StrEnum):
    STORED = "stored"
    THAWED = "thawed"
    DISCARDED = "discarded"
    TRANSFERRED_OUT = "transferred_out"


class FreezeMethod(StrEnum):
    SLOW = "slow"
    RAPID_VAPOUR = "rapid_vapour"
    VITRIFICATION = "vitrification"


class FreezeSourceKind(StrEnum):
    TISSUE_SAMPLE = "tissue_sample"
    POOLED_SAMPLES = "pooled_samples"
    EJACULATE = "ejaculate"


class Maturity(StrEnum):
    MII = "MII"
    MI = "MI"
    GV = "GV"
    ATRETIC = "atretic"
    DEGENERATED = "degenerated"
    OTHER = "other"


class SpermMotility(StrEnum):
    PROGRESSIVE = "progressive"
    NON_PROGRESSIVE = "non_progressive"
    TWITCHING = "twitching"
    IMMOTILE = "immotile"


class SpermSourceKind(StrEnum):
    FRESH_SAMPLE = "fresh_sample"
    THAW_EVENT = "thaw_event"
    EJACULATE = "ejaculate"


class FertilizationResult(StrEnum):
    PN2 = "2PN"
    PN1 = "1PN"
    PN3_PLUS = "3PN+"
    PN0 = "0PN"
    DEGENERATED = "degenerated"
    NOT_ASSESSABLE = "not_assessable"


class LotKind(StrEnum):
    MEDIUM = "medium"
    ENZYME = "enzyme"
    CRYOPROTECTANT = "cryoprotectant"
    DEVICE = "device"
    OTHER = "other"


class WitnessMethod(StrEnum):
    MANUAL = "manual"
    SCAN = "scan"


class WitnessResult(StrEnum):
    MATCH = "match"
    MISMATCH = "mismatch"
    OVERRIDDEN = "overridden"


class SignatureMeaning(StrEnum):
    PERFORMED = "performed"
    WITNESSED = "witnessed"
    REVIEWED = "reviewed"
    APPROVED = "approved"


class AuditAction(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_OUT = "sign_out"
    LOCK = "lock"
    UNLOCK = "unlock"
    ACCOUNT_LOCKED = "account_locked"
    WITNESS = "witness"
    WITNESS_FAILED = "witness_failed"
    PRINT = "print"
    EXPORT = "export"
    BACKUP = "backup"
    RESTORE = "restore"
    SIGN = "sign"
