"""The display names of stored values: every closed vocabulary's words in the active language.

The database, exports, the audit trail and everything hashed keep the English codes
(``"mechanical_mincing"``, ``"fresh_icsi"``, ``"micro-TESE"``); a screen or a printed
document shows ``value.label`` (``StrEnum.label`` looks here), and an event name of the
chain of custody or the audit trail through ``event_label(name)``. Names are lazy
messages, so one table serves every language; where one English word means different
things (Freeze as a plan, Freeze as an event; Other as a sex, a diagnosis, a lot) the
message carries a context. Abbreviations a lab keeps in every language (TESE, MII, 2PN,
CBAVD) are not messages at all; their descriptive words are.

``english(value)`` gives the old words (the code with spaces): for content that must read
the same in every language, such as a chain-of-custody report's fingerprinted text.
"""

from __future__ import annotations

from enum import Enum

from bench_app.domain.enums import (
    Anaesthesia, AuditAction, AzoospermiaType, ConsentUse, CountBasis, CycleStatus, CycleType, DeviceStatus,
    DeviceType, Disposition, Etiology, FertilizationResult, FreezeMethod, FreezeSourceKind, LocationKind, LotKind,
    Maturity, PlannedUse, ProcedureType, ProcessingStepKind, Role, SampleKind, SampleStatus, Sex, Side,
    SignatureMeaning, SpermMotility, SpermSourceKind, TubuleAppearance, ViabilityTest, WitnessMethod, WitnessResult,
)
from bench_app.domain.incidents import IncidentKind, IncidentState
from bench_app.domain.nitrogen import NitrogenAlertKind
from bench_app.domain.outcomes import (
    Answer, Histology, HistoryAnswer, Karyotype, PregnancyTest, TreatmentKind, YMicrodeletion,
)
from bench_app.domain.inventory import AuditStatus, DiscrepancyReason, FindingKind, Resolution
from bench_app.domain.storage import DeviceEventKind, DiscardStatus
from bench_app.domain.witnessing import CriticalStep
from bench_app.domain.worksheet import FertState
from bench_app.i18n import _l, lazy_pgettext

LABELS: dict[type[Enum], dict[Enum, object]] = {
    # Lower case: a role follows a name ("Signed in: Ada Admin (admin)").
    Role: {Role.EMBRYOLOGIST: lazy_pgettext("role", "embryologist"), Role.SUPERVISOR: lazy_pgettext("role", "supervisor"),
           Role.ADMIN: lazy_pgettext("role", "admin")},
    Sex: {Sex.MALE: _l("Male"), Sex.FEMALE: _l("Female"), Sex.OTHER: lazy_pgettext("sex", "Other")},
    CycleType: {CycleType.ICSI: "ICSI", CycleType.SPERM_BANKING: _l("Sperm banking"),
                CycleType.SURGICAL_RETRIEVAL: _l("Surgical retrieval"),
                CycleType.FROZEN_SPERM_ICSI: _l("ICSI with frozen sperm")},
    CycleStatus: {CycleStatus.PLANNED: lazy_pgettext("cycle status", "Planned"),
                  CycleStatus.ACTIVE: lazy_pgettext("cycle status", "Active"),
                  CycleStatus.COMPLETED: lazy_pgettext("cycle status", "Completed"),
                  CycleStatus.CANCELLED: lazy_pgettext("cycle status", "Cancelled")},
    AzoospermiaType: {AzoospermiaType.OBSTRUCTIVE: _l("Obstructive (OA)"),
                      AzoospermiaType.NON_OBSTRUCTIVE: _l("Non-obstructive (NOA)"),
                      AzoospermiaType.OTHER: lazy_pgettext("azoospermia", "Other")},
    Etiology: {Etiology.VASECTOMY: _l("Vasectomy"), Etiology.CBAVD: "CBAVD", Etiology.INFECTION: _l("Infection"),
               Etiology.KLINEFELTER: _l("Klinefelter syndrome (47,XXY)"),
               Etiology.AZF_MICRODELETION: _l("Y chromosome AZF microdeletion"),
               Etiology.CHEMO_RADIATION: _l("Chemotherapy or radiation"),
               Etiology.HYPOGONADOTROPIC: _l("Hypogonadotropic hypogonadism"),
               Etiology.ANABOLIC_STEROIDS: _l("Anabolic steroid or testosterone use"),
               Etiology.VARICOCELE: _l("Varicocele"), Etiology.CRYPTORCHIDISM: _l("Cryptorchidism"),
               Etiology.IDIOPATHIC: _l("Idiopathic"), Etiology.OTHER: lazy_pgettext("etiology", "Other")},
    # Lower case: a consent's use sits inside sentences ("has no consent to storage").
    ConsentUse: {ConsentUse.TREATMENT: lazy_pgettext("consent use", "treatment"),
                 ConsentUse.STORAGE: lazy_pgettext("consent use", "storage"),
                 ConsentUse.RESEARCH: lazy_pgettext("consent use", "research"),
                 ConsentUse.TRAINING: lazy_pgettext("consent use", "training"),
                 ConsentUse.POSTHUMOUS_USE: lazy_pgettext("consent use", "posthumous use")},
    ProcedureType: {ProcedureType.MICRO_TESE: _l("micro-TESE"), ProcedureType.TESE: "TESE",
                    ProcedureType.TESA: "TESA", ProcedureType.PESA: "PESA", ProcedureType.MESA: "MESA"},
    Anaesthesia: {Anaesthesia.LOCAL: lazy_pgettext("anaesthesia", "Local"),
                  Anaesthesia.GENERAL: lazy_pgettext("anaesthesia", "General")},
    Side: {Side.LEFT: lazy_pgettext("side", "Left"), Side.RIGHT: lazy_pgettext("side", "Right"),
           Side.BOTH: lazy_pgettext("side", "Both")},
    PlannedUse: {PlannedUse.FRESH_ICSI: _l("Fresh for ICSI today"),
                 PlannedUse.FREEZE: lazy_pgettext("planned use", "Freeze"),
                 PlannedUse.BOTH: _l("Both: fresh ICSI and freeze")},
    TubuleAppearance: {TubuleAppearance.DILATED: _l("Dilated / opaque"), TubuleAppearance.THIN: _l("Thin"),
                       TubuleAppearance.MIXED: _l("Mixed"), TubuleAppearance.NOT_APPLICABLE: _l("n/a")},
    SampleKind: {SampleKind.BIOPSY: _l("Biopsy"), SampleKind.ASPIRATE: _l("Aspirate"),
                 SampleKind.EPIDIDYMAL_FLUID: _l("Epididymal fluid"), SampleKind.EJACULATE: _l("Ejaculate")},
    SampleStatus: {SampleStatus.RECEIVED: _l("Received"), SampleStatus.PROCESSING: _l("Processing"),
                   SampleStatus.SEARCHED: _l("Searched")},
    Disposition: {Disposition.PENDING: _l("Pending"), Disposition.FRESH_ICSI: _l("Fresh for ICSI"),
                  Disposition.FREEZE: _l("To be frozen"), Disposition.HISTOLOGY: _l("Histology"),
                  Disposition.DISCARDED: _l("Discarded")},
    ProcessingStepKind: {ProcessingStepKind.MECHANICAL_MINCING: _l("Mechanical mincing"),
                         ProcessingStepKind.NEEDLE_DISSECTION: _l("Needle dissection"),
                         ProcessingStepKind.ENZYMATIC_DIGESTION: _l("Enzymatic digestion"),
                         ProcessingStepKind.RBC_LYSIS: _l("Red cell lysis"),
                         ProcessingStepKind.CENTRIFUGATION: _l("Centrifugation"),
                         ProcessingStepKind.WASH: lazy_pgettext("processing step", "Wash"),
                         ProcessingStepKind.SEARCH: lazy_pgettext("processing step", "Search")},
    # Lower case: a basis follows a count ("12 per droplet").
    CountBasis: {CountBasis.TOTAL: _l("in total"), CountBasis.PER_DROPLET: _l("per droplet"),
                 CountBasis.PER_FIELD: _l("per field")},
    ViabilityTest: {ViabilityTest.NONE: _l("None"), ViabilityTest.HOS: _l("HOS test"),
                    ViabilityTest.PENTOXIFYLLINE: _l("Pentoxifylline"), ViabilityTest.LASER: _l("Laser-assisted")},
    LocationKind: {LocationKind.TANK: _l("Tank"), LocationKind.CANISTER: _l("Canister"), LocationKind.CANE: _l("Cane"),
                   LocationKind.GOBLET: _l("Goblet"), LocationKind.POSITION: _l("Position")},
    DeviceType: {DeviceType.STRAW: _l("Straw"), DeviceType.VIAL: _l("Vial"),
                 DeviceType.SINGLE_SPERM: _l("Single-sperm device")},
    DeviceStatus: {DeviceStatus.STORED: _l("Stored"), DeviceStatus.THAWED: _l("Thawed"),
                   DeviceStatus.DISCARDED: _l("Discarded"), DeviceStatus.TRANSFERRED_OUT: _l("Transferred out")},
    FreezeMethod: {FreezeMethod.SLOW: _l("Slow freezing"), FreezeMethod.RAPID_VAPOUR: _l("Rapid (vapour)"),
                   FreezeMethod.VITRIFICATION: _l("Vitrification")},
    FreezeSourceKind: {FreezeSourceKind.TISSUE_SAMPLE: _l("One tissue sample"),
                       FreezeSourceKind.POOLED_SAMPLES: _l("Pooled samples of this patient"),
                       FreezeSourceKind.EJACULATE: _l("Ejaculate")},
    # Lower case beside the classes' abbreviations in the oocyte grid.
    Maturity: {Maturity.MII: "MII", Maturity.MI: "MI", Maturity.GV: "GV", Maturity.ATRETIC: _l("atretic"),
               Maturity.DEGENERATED: _l("degenerated"), Maturity.OTHER: _l("other")},
    SpermMotility: {SpermMotility.PROGRESSIVE: _l("Motile, progressive"),
                    SpermMotility.NON_PROGRESSIVE: _l("Non-progressive"), SpermMotility.TWITCHING: _l("Twitching"),
                    SpermMotility.IMMOTILE: _l("Immotile")},
    SpermSourceKind: {SpermSourceKind.FRESH_SAMPLE: _l("Fresh sample"), SpermSourceKind.THAW_EVENT: _l("Thawed sperm"),
                      SpermSourceKind.EJACULATE: _l("Fresh ejaculate")},
    FertilizationResult: {FertilizationResult.PN2: "2PN", FertilizationResult.PN1: "1PN",
                          FertilizationResult.PN3_PLUS: "3PN+", FertilizationResult.PN0: "0PN",
                          FertilizationResult.DEGENERATED: _l("degenerated"),
                          FertilizationResult.NOT_ASSESSABLE: _l("not assessable")},
    LotKind: {LotKind.MEDIUM: _l("Medium"), LotKind.ENZYME: _l("Enzyme"), LotKind.CRYOPROTECTANT: _l("Cryoprotectant"),
              LotKind.DEVICE: lazy_pgettext("lot kind", "Device"), LotKind.OTHER: lazy_pgettext("lot kind", "Other")},
    WitnessMethod: {WitnessMethod.MANUAL: lazy_pgettext("witness method", "Manual"),
                    WitnessMethod.SCAN: lazy_pgettext("witness method", "Scan")},
    WitnessResult: {WitnessResult.MATCH: lazy_pgettext("witness result", "Match"),
                    WitnessResult.MISMATCH: lazy_pgettext("witness result", "Mismatch"),
                    WitnessResult.OVERRIDDEN: lazy_pgettext("witness result", "Overridden")},
    SignatureMeaning: {SignatureMeaning.PERFORMED: lazy_pgettext("signature meaning", "performed"),
                       SignatureMeaning.WITNESSED: lazy_pgettext("signature meaning", "witnessed"),
                       SignatureMeaning.REVIEWED: lazy_pgettext("signature meaning", "reviewed"),
                       SignatureMeaning.APPROVED: lazy_pgettext("signature meaning", "approved")},
    AuditAction: {AuditAction.CREATE: lazy_pgettext("audit event", "Created"),
                  AuditAction.UPDATE: lazy_pgettext("audit event", "Changed"),
                  AuditAction.DELETE: lazy_pgettext("audit event", "Deleted"),
                  AuditAction.SIGN_IN: lazy_pgettext("audit event", "Signed in"),
                  AuditAction.SIGN_IN_FAILED: lazy_pgettext("audit event", "Sign-in failed"),
                  AuditAction.SIGN_OUT: lazy_pgettext("audit event", "Signed out"),
                  AuditAction.LOCK: lazy_pgettext("audit event", "Screen locked"),
                  AuditAction.UNLOCK: lazy_pgettext("audit event", "Screen unlocked"),
                  AuditAction.ACCOUNT_LOCKED: lazy_pgettext("audit event", "Account locked"),
                  AuditAction.WITNESS: lazy_pgettext("audit event", "Witnessed"),
                  AuditAction.WITNESS_FAILED: lazy_pgettext("audit event", "Witness check failed"),
                  AuditAction.PRINT: lazy_pgettext("audit event", "Printed"),
                  AuditAction.EXPORT: lazy_pgettext("audit event", "Exported"),
                  AuditAction.BACKUP: lazy_pgettext("audit event", "Backed up"),
                  AuditAction.RESTORE: lazy_pgettext("audit event", "Restored"),
                  AuditAction.SIGN: lazy_pgettext("audit event", "Signed")},
    DeviceEventKind: {DeviceEventKind.FREEZE: lazy_pgettext("device event", "Freeze"),
                      DeviceEventKind.PLACEMENT: lazy_pgettext("device event", "Placement"),
                      DeviceEventKind.MOVE: lazy_pgettext("device event", "Move"),
                      DeviceEventKind.THAW: lazy_pgettext("device event", "Thaw"),
                      DeviceEventKind.DISCARD_REQUESTED: lazy_pgettext("device event", "Discard requested"),
                      DeviceEventKind.DISCARD_APPROVED: lazy_pgettext("device event", "Discard approved"),
                      DeviceEventKind.DISCARD_REJECTED: lazy_pgettext("device event", "Discard rejected")},
    DiscardStatus: {DiscardStatus.REQUESTED: lazy_pgettext("discard", "Requested"),
                    DiscardStatus.APPROVED: lazy_pgettext("discard", "Approved"),
                    DiscardStatus.REJECTED: lazy_pgettext("discard", "Rejected")},
    AuditStatus: {AuditStatus.OPEN: lazy_pgettext("tank audit", "Open"),
                  AuditStatus.CLOSED: lazy_pgettext("tank audit", "Closed")},
    # Lower case: a finding follows a device's code ("S-4K2: found here, recorded elsewhere").
    FindingKind: {FindingKind.FOUND: _l("found where expected"),
                  FindingKind.MISPLACED: _l("found here, recorded elsewhere"),
                  FindingKind.NOT_STORED: _l("found, recorded as no longer stored"),
                  FindingKind.UNKNOWN: _l("unknown code"),
                  FindingKind.OTHER_PATIENT: _l("another patient's device"),
                  FindingKind.MISSING: _l("expected, not found")},
    DiscrepancyReason: {DiscrepancyReason.RELABELLED: _l("relabelled"), DiscrepancyReason.MISFILED: _l("misfiled"),
                        DiscrepancyReason.RECORD_ERROR: _l("record error"), DiscrepancyReason.LOST: _l("lost"),
                        DiscrepancyReason.OTHER: lazy_pgettext("discrepancy reason", "other")},
    Resolution: {Resolution.RECORD_MOVE: _l("move recorded to where it was found"),
                 Resolution.RETURNED: _l("returned to its recorded position"),
                 Resolution.REPORT_INCIDENT: _l("reported as an incident"),
                 Resolution.CORRECT_RECORD: _l("record corrected")},
    IncidentKind: {IncidentKind.WITNESS_MISMATCH: _l("witness mismatch"),
                   IncidentKind.WITNESS_OVERRIDE: _l("mismatch overridden"),
                   IncidentKind.WITNESS_REFUSED: _l("witness refused"),
                   IncidentKind.CODE_VOIDED: _l("code voided")},
    IncidentState: {IncidentState.OPEN: lazy_pgettext("incident", "Open"),
                    IncidentState.ACKNOWLEDGED: lazy_pgettext("incident", "Acknowledged"),
                    IncidentState.RESOLVED: lazy_pgettext("incident", "Resolved")},
    NitrogenAlertKind: {NitrogenAlertKind.LOW: _l("low level"), NitrogenAlertKind.FAST_LOSS: _l("fast loss"),
                        NitrogenAlertKind.OVERDUE: _l("reading overdue")},
    FertState: {FertState.NOT_YET: _l("not yet due"), FertState.DUE: _l("due now"),
                FertState.OVERDUE: lazy_pgettext("fertilization check", "overdue"),
                FertState.IN_WINDOW: _l("checked in window"), FertState.OUTSIDE_WINDOW: _l("checked outside window")},
    # The outcomes work-up and follow-up (ui/outcomes/outcome_text.py says the same words today).
    Karyotype: {Karyotype.NOT_TESTED: _l("Not tested / unknown"), Karyotype.XY: "46,XY", Karyotype.XXY: "47,XXY",
                Karyotype.MOSAIC: _l("Mosaic 46,XY/47,XXY"), Karyotype.OTHER: lazy_pgettext("karyotype", "Other")},
    YMicrodeletion: {YMicrodeletion.NOT_TESTED: _l("Not tested / unknown"), YMicrodeletion.NONE: _l("No microdeletion"),
                     YMicrodeletion.AZFA: "AZFa", YMicrodeletion.AZFB: "AZFb", YMicrodeletion.AZFBC: "AZFb+c",
                     YMicrodeletion.AZFABC: "AZFa+b+c", YMicrodeletion.AZFC: "AZFc"},
    Histology: {Histology.NOT_TESTED: _l("Not tested / unknown"), Histology.NORMAL: _l("Normal spermatogenesis"),
                Histology.HYPOSPERMATOGENESIS: _l("Hypospermatogenesis"),
                Histology.MATURATION_ARREST: _l("Maturation arrest"),
                Histology.SERTOLI_CELL_ONLY: _l("Sertoli-cell-only"), Histology.MIXED: _l("Mixed pattern")},
    HistoryAnswer: {HistoryAnswer.UNKNOWN: _l("Unknown"), HistoryAnswer.NO: _l("No"), HistoryAnswer.YES: _l("Yes")},
    TreatmentKind: {TreatmentKind.AROMATASE_INHIBITOR: _l("Aromatase inhibitor"), TreatmentKind.HCG_FSH: "hCG / FSH",
                    TreatmentKind.CLOMIPHENE: _l("Clomiphene"), TreatmentKind.VARICOCELE_REPAIR: _l("Varicocele repair"),
                    TreatmentKind.EXOSOME_THERAPY: _l("Intratesticular exosome therapy (experimental)"),
                    TreatmentKind.OTHER: lazy_pgettext("treatment", "Other")},
    PregnancyTest: {PregnancyTest.NOT_DONE: _l("Not done / not known yet"), PregnancyTest.POSITIVE: _l("Positive"),
                    PregnancyTest.NEGATIVE: _l("Negative")},
    Answer: {Answer.UNKNOWN: _l("Not known yet"), Answer.YES: _l("Yes"), Answer.NO: _l("No")},
    CriticalStep: {CriticalStep.SAMPLE_RECEIPT: _l("Sample receipt"),
                   CriticalStep.CONTAINER_TRANSFER: _l("Container transfer"),
                   CriticalStep.PROCESSING_START: _l("Start of processing"),
                   CriticalStep.ICSI_SOURCE_MATCH: _l("ICSI sperm source check"),
                   CriticalStep.DEVICE_LOADING: _l("Device loading"),
                   CriticalStep.DEVICE_PLACEMENT: lazy_pgettext("critical step", "Device placement"),
                   CriticalStep.DEVICE_MOVE: lazy_pgettext("critical step", "Device move"),
                   CriticalStep.THAW: lazy_pgettext("critical step", "Thaw"),
                   CriticalStep.DISCARD: lazy_pgettext("critical step", "Discard"),
                   CriticalStep.INVENTORY_AUDIT: _l("Tank audit")},
}

# The ICSI techniques are stored by key (icsi.TECHNIQUES holds their English names).
TECHNIQUE_LABELS = {
    "artificial_oocyte_activation": _l("artificial oocyte activation"),
    "laser_assisted_selection": _l("laser-assisted immotile sperm selection"),
    "pentoxifylline": _l("pentoxifylline"),
    "hos_selection": _l("HOS-test selection"),
}

# The colours a freeze offers for devices (stored as the English word; any other colour as typed).
COLOUR_LABELS = {
    "blue": lazy_pgettext("device colour", "blue"), "green": lazy_pgettext("device colour", "green"),
    "yellow": lazy_pgettext("device colour", "yellow"), "red": lazy_pgettext("device colour", "red"),
    "white": lazy_pgettext("device colour", "white"), "pink": lazy_pgettext("device colour", "pink"),
    "orange": lazy_pgettext("device colour", "orange"), "purple": lazy_pgettext("device colour", "purple"),
    "grey": lazy_pgettext("device colour", "grey"), "clear": lazy_pgettext("device colour", "clear"),
}

# The classes of sperm an ICSI session used (services/icsi_queries.py: SpermSourceInfo.source_class).
SOURCE_CLASS_LABELS = {
    "fresh testicular": _l("fresh testicular"),
    "fresh epididymal": _l("fresh epididymal"),
    "frozen testicular": _l("frozen testicular"),
    "frozen ejaculate": _l("frozen ejaculate"),
    "ejaculate": lazy_pgettext("sperm source", "ejaculate"),
}

# The events of a chain of custody (services/custody_queries.py stores these English names in the
# report's fingerprinted content; the printed page and the screens show them through event_label).
CUSTODY_EVENTS = {
    "received": lazy_pgettext("custody event", "received"),
    "processed": lazy_pgettext("custody event", "processed"),
    "assessed": lazy_pgettext("custody event", "assessed"),
    "disposition": lazy_pgettext("custody event", "disposition"),
    "frozen": lazy_pgettext("custody event", "frozen"),
    "placed": lazy_pgettext("custody event", "placed"),
    "moved": lazy_pgettext("custody event", "moved"),
    "thawed": lazy_pgettext("custody event", "thawed"),
    "used for ICSI": lazy_pgettext("custody event", "used for ICSI"),
    "discard requested": lazy_pgettext("custody event", "discard requested"),
    "discarded": lazy_pgettext("custody event", "discarded"),
    "discard rejected": lazy_pgettext("custody event", "discard rejected"),
    "label printed": lazy_pgettext("custody event", "label printed"),
    "label reprinted": lazy_pgettext("custody event", "label reprinted"),
}


def english(value: Enum | str) -> str:
    """The stored code as English words ('fresh_icsi' -> 'fresh icsi'): for content the same in every language."""
    return str(value.value if isinstance(value, Enum) else value).replace("_", " ")


def label(value: Enum) -> str:
    """``value``'s display name in the active language; the English words of its code when it has none."""
    text = LABELS.get(type(value), {}).get(value)
    return english(value) if text is None else str(text)


def label_of(kind: type[Enum], code: str | None) -> str:
    """The display name of a stored code read as text (a DTO's str field, a table cell); '' for None.

    A code the vocabulary does not hold (an old or free-text value) is shown as it is.
    Accepts the code ('fresh_icsi') or its English words ('fresh icsi'), as older records hold either.
    """
    if code is None or code == "":
        return ""
    try:
        return label(kind(code))
    except ValueError:
        for member in kind:
            if english(member) == code:
                return label(member)
        return str(code)


def event_label(name: str) -> str:
    """A chain-of-custody or audit-trail event name ('discard requested', 'sign_in') in the active language."""
    text = CUSTODY_EVENTS.get(name)
    if text is not None:
        return str(text)
    try:
        return label(AuditAction(name))
    except ValueError:
        return name.replace("_", " ")


def technique_label(key: str) -> str:
    text = TECHNIQUE_LABELS.get(key)
    return key.replace("_", " ") if text is None else str(text)


def colour_label(name: str) -> str:
    """A device's colour in the active language when it is one of the offered ones; else as typed."""
    text = COLOUR_LABELS.get(name)
    return name if text is None else str(text)


def source_class_label(name: str) -> str:
    text = SOURCE_CLASS_LABELS.get(name)
    return name if text is None else str(text)


def choices(kind: type[Enum], values=None) -> list[tuple[str, str]]:
    """(display name, stored code) pairs for a list or a combo box, in the vocabulary's order."""
    return [(label(v), v.value) for v in (values if values is not None else kind)]
