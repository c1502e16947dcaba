"""Chain-of-custody reports for a sample, a device or a patient: build, issue with a fingerprint, verify.

Issuing numbers the report, fingerprints its canonical content (``domain.custody``),
signs the PDF and hands it to the caller's ``deliver`` (``services.issuing``); only a
delivered report is stored in ``issued_reports`` with its fingerprint and the SHA-256
of the signed file, and audited, in one transaction. ``verify`` is in ``report_verification``.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bench_app.domain.codes import parse_code
from bench_app.domain.custody import (
    LAYOUT_VERSION, CustodyItem, CustodyReport, canonical_json, fingerprint_of,
)
from bench_app.domain.enums import DeviceStatus, DeviceType, Disposition, SampleStatus
from bench_app.domain.errors import NotFound, ValidationError
from bench_app.i18n import _, isolated
from bench_app.domain.names import listing_of
from bench_app.domain.storage import position_label
from bench_app.persistence.models import CryoDevice, Patient, TissueSample
from bench_app.services.context import Actor, ServiceContext
from bench_app.services.custody_dto import IssuedDocument, Verification
from bench_app.services.custody_queries import Collector, Scope, grow, when
from bench_app.services.issuing import Deliver, issue_document, next_report_number
from bench_app.services.settings_service import read_setting
from bench_app.services.storage_queries import location_paths
from bench_app.services.guard import guarded

KIND = "custody"


@guarded
class CustodyService:
    def __init__(self, ctx: ServiceContext):
        self.ctx = ctx

    def report(self, *, code: str | None = None, mrn: str | None = None, actor: Actor | None = None) -> CustodyReport:
        """The report as data (for the screen or a preview); not issued, so it has no number."""
        with self.ctx.db.read() as s:
            return self._build(s, code, mrn, 0, actor.full_name if actor else "")

    def preview_pdf(self, *, code: str | None = None, mrn: str | None = None, actor: Actor | None = None) -> bytes:
        """A PDF marked as a preview: no number, no fingerprint, never verifiable."""
        # reportlab loads on the first print, not at every start of the app (issue 8's start-up target).
        from bench_app.reports.custody import CustodyReportPdf

        return CustodyReportPdf().build(self.report(code=code, mrn=mrn, actor=actor)).pdf

    def issue(self, actor: Actor, *, code: str | None = None, mrn: str | None = None,
              deliver: Deliver) -> IssuedDocument:
        """Number, fingerprint and sign the report, hand it to ``deliver`` (write or print it), then record it.

        If ``deliver`` raises, nothing is recorded: the report was not issued.
        """
        from bench_app.reports.custody import CustodyReportPdf

        with self.ctx.db.write() as s:
            number = next_report_number(s)
            report = self._build(s, code, mrn, number, actor.full_name)
            canonical = canonical_json(report)
            digest = fingerprint_of(canonical)
            rendered = CustodyReportPdf().build(report, digest=digest, canonical=canonical)
            subject = f"{report.subject_kind} {report.subject}"[:80]
            safe = report.subject.replace(" ", "-")
            signed = issue_document(
                s, self.ctx, actor, number=number, kind=KIND, subject=subject, fingerprint=digest, pdf=rendered.pdf,
                pages=rendered.pages, title=f"Chain-of-custody report {number}: {report.subject}",
                filename=f"custody-{number}-{safe}.pdf", reason=f"chain-of-custody report for {subject}",
                deliver=deliver, changes={"sha256": [None, digest]})
        return IssuedDocument(signed.content, signed.page_count, number, digest, signed.title, signed.filename)

    def verify(self, data: bytes) -> Verification:
        from bench_app.services.report_verification import verify_pdf  # pypdf, only when a file is checked

        return verify_pdf(self.ctx, data)

    # --- building -----------------------------------------------------------------------

    def _build(self, s: Session, code: str | None, mrn: str | None, number: int, issued_by: str) -> CustodyReport:
        if bool(code) == bool(mrn):
            raise ValidationError.single("subject", _("Give either a sample or device code, or a patient's MRN."))
        scope = Scope()
        if mrn:
            patient = s.execute(select(Patient).where(Patient.mrn == mrn.strip().upper())).scalar_one_or_none()
            if patient is None:
                raise NotFound(_("There is no patient with the MRN {mrn}.").format(mrn=mrn.strip()))
            scope.samples = {x.id: x for x in s.execute(select(TissueSample).where(
                TissueSample.patient_id == patient.id)).scalars()}
            scope.devices = {d.id: d for d in s.execute(select(CryoDevice).where(
                CryoDevice.patient_id == patient.id)).scalars()}
            kind, subject = "patient", f"MRN {patient.mrn}"
        else:
            parsed = parse_code(code)
            model = {"S": TissueSample, "D": CryoDevice}.get(parsed.kind)
            if model is None:
                raise ValidationError.single("subject", _("{code} is an oocyte: give a sample or device code, or the "
                                                          "patient's MRN.").format(code=parsed.code))
            row = s.execute(select(model).where(model.code == parsed.code)).scalar_one_or_none()
            if row is None:
                raise NotFound((_("No sample has the code {code}.") if parsed.kind == "S" else
                                _("No device has the code {code}.")).format(code=parsed.code))
            (scope.samples if parsed.kind == "S" else scope.devices)[row.id] = row
            patient = s.get(Patient, row.patient_id)
            kind, subject = parsed.entity, parsed.code
        grow(s, scope)
        events, signatures = Collector(s, scope).collect()
        return CustodyReport(
            report_no=number, layout=LAYOUT_VERSION, lab_name=read_setting(s, "lab_name"), subject_kind=kind,
            subject=subject, patient_name=listing_of(patient),
            patient_mrn=patient.mrn, patient_dob=patient.date_of_birth.isoformat(),
            issued_at=when(self.ctx.clock()), issued_by=issued_by, items=tuple(_items(s, scope)),
            events=tuple(events), signatures=tuple(signatures))


def _items(s: Session, scope: Scope) -> list[CustodyItem]:
    out = [CustodyItem(x.code, "sample", f"{SampleStatus(x.status).english}; {Disposition(x.disposition).english}", "",
                       isolated(_("sample {number}: {note}"), number=x.sample_number, note=x.disposition_note)
                       if x.disposition_note else _("sample {number}").format(number=x.sample_number))
           for x in sorted(scope.samples.values(), key=lambda x: x.code)]
    paths = location_paths(s, {d.location_id for d in scope.devices.values()})
    for d in sorted(scope.devices.values(), key=lambda d: d.code):
        status = DeviceStatus(d.status).english + (", quarantined" if d.quarantined else "")  # codes: the page words them
        where = position_label(paths.get(d.location_id, ""), d.slot) if d.location_id else ""
        details = (isolated(_("storage expiry {date}; {contents}"), date=d.storage_expiry.isoformat(),
                            contents=d.contents) if d.storage_expiry else d.contents)
        out.append(CustodyItem(d.code, DeviceType(d.device_type).english, status, where, details))
    return out
