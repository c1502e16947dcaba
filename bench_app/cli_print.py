"""``bench-app report``, ``labels``, ``verify-report``, ``signing show`` and ``test-label``.

Reports and labels are printed by a signed-in person (--as), since every print is recorded under
their name; an issued document is written to ``-o FILE`` inside the issuing transaction
(FileDelivery). verify-report only reads; signing show says which certificate signs reports here;
test-label prints on a declared label printer and records nothing (bench_app.cli runs it itself: it
needs no database, and may need the desktop app's printing).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from bench_app.cli_common import CliError, as_signed_in, open_for_command, plural
from bench_app.config import LABEL_PRINTER_SECTIONS

if TYPE_CHECKING:
    from bench_app.cli import GuiRunner
    from bench_app.services.context import Actor
    from bench_app.services.registry import Services


def add_parsers(sub, *, db_opt, signed, printer) -> None:
    report = sub.add_parser("report", help="print the daily worksheet or a chain-of-custody report (PDF)")
    rs = report.add_subparsers(dest="report_kind", metavar="KIND", required=True)
    q = rs.add_parser("worksheet", parents=[printer], help="the daily worksheet of a date")
    q.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    q = rs.add_parser("custody", parents=[printer], help="chain of custody of a sample, a device or a patient")
    q.add_argument("--code", metavar="CODE", help="a sample or device code")
    q.add_argument("--patient", metavar="MRN", help="a patient's MRN")
    q = rs.add_parser("outcomes", parents=[printer], help="the lab's success rates for a period (JSON, CSV, XLSX)")
    q.add_argument("--from", dest="from_day", required=True, metavar="YYYY-MM-DD", help="first day of the period")
    q.add_argument("--to", dest="to_day", required=True, metavar="YYYY-MM-DD", help="last day, inclusive")
    q.add_argument("--by", action="append", metavar="FIELD",
                   help="break down by month|quarter|year, procedure_type, diagnosis, etiology, karyotype, azf, "
                        "attempt, treatment, surgeon, embryologist, sperm_source, population (repeat or list)")
    q.add_argument("--format", choices=["json", "csv", "xlsx", "pdf"], default="json",
                   help="pdf: the quality report, signed by the lab and recorded as issued")
    q.add_argument("--records", action="store_true",
                   help="list the codes of the records behind each numerator and denominator (JSON, XLSX)")
    q = sub.add_parser("labels", parents=[printer], help="print labels (PDF, or ZPL for a Zebra printer)")
    q.add_argument("--code", action="append", required=True, metavar="CODE",
                   help="sample, device or dish code (repeat for more labels)")
    q.add_argument("--stock", metavar="NAME", help="label stock (default: the lab's setting for the kind of label)")
    q.add_argument("--copies", type=int, default=1, metavar="N")
    q.add_argument("--zpl", action="store_true", help="ZPL for a Zebra label printer instead of PDF")
    q.add_argument("--send", metavar="HOST:PORT", help="send the ZPL to a network label printer (port 9100 usually)")
    q.add_argument("--reprint-reason", metavar="TEXT", help="why a label printed before is printed again")
    sg = sub.add_parser("signing", help="show the lab certificate that signs reports at this workstation")
    sg.add_subparsers(dest="signing_command", metavar="ACTION", required=True).add_parser(
        "show", help="the signing folder, key, certificate and its SHA-256")
    q = sub.add_parser("test-label", help="print a test label on a label printer declared in the config")
    q.add_argument("--printer", choices=LABEL_PRINTER_SECTIONS, help="which declared printer (default: the first)")
    q.add_argument("-o", "--output", metavar="FILE", help="write it here instead (.zpl for ZPL, else PDF)")
    q = sub.add_parser("verify-report", parents=[db_opt], help="check that a report PDF was issued here, unaltered")
    q.add_argument("file", metavar="FILE")


class FileDelivery:
    """Writes an issued document to ``-o FILE`` inside the issuing transaction: if the file cannot be written,
    the error ends the transaction and nothing is recorded; if recording fails after, the file is removed."""

    def __init__(self, path: str):
        self.path = Path(path)
        self.written = False

    def __call__(self, doc) -> None:
        self.path.write_bytes(doc.content)
        self.written = True

    def undo(self) -> None:
        if self.written:
            self.path.unlink(missing_ok=True)


def write_file(path: str, content: bytes, what: str) -> None:
    try:
        Path(path).write_bytes(content)
    except OSError as exc:
        raise CliError(f"could not write {path}: {exc.strerror or exc}.") from None
    print(f"Wrote {what} to {path} ({len(content)} bytes).")


def cmd_report(args, url: str) -> int:
    from datetime import date

    if not args.output:
        raise CliError("give the file to write with -o FILE.")
    if args.report_kind == "outcomes":
        return _report_outcomes(args, url)
    if args.report_kind == "worksheet":
        try:
            day = date.fromisoformat(args.date)
        except ValueError:
            raise CliError(f"--date must be a date as YYYY-MM-DD, not '{args.date}'.") from None

        def work(services: Services, actor: Actor) -> int:
            to_file = FileDelivery(args.output)
            try:
                doc = services.worksheet.issue(actor, day, deliver=to_file)
            except BaseException:
                to_file.undo()
                raise
            print(f"Wrote the worksheet of {day.isoformat()}, {plural(doc.page_count, 'page')}, signed, "
                  f"to {args.output} ({len(doc.content)} bytes).")
            return 0
    else:
        if bool(args.code) == bool(args.patient):
            raise CliError("give either --code CODE or --patient MRN.")

        def work(services: Services, actor: Actor) -> int:
            to_file = FileDelivery(args.output)
            try:
                doc = services.custody.issue(actor, code=args.code, mrn=args.patient, deliver=to_file)
            except BaseException:
                to_file.undo()
                raise
            print(f"Wrote chain-of-custody report no. {doc.report_no} ({plural(doc.page_count, 'page')}, "
                  f"SHA-256 {doc.fingerprint}, signed) to {args.output} ({len(doc.content)} bytes).")
            return 0
    return as_signed_in(url, args, work)


def _report_outcomes(args, url: str) -> int:
    """The lab's success rates for a period as JSON, CSV or XLSX (each figure with its fraction)."""
    from datetime import date

    from bench_app.reports.outcomes_export import WRITERS

    days = {}
    for name in ("from_day", "to_day"):
        try:
            days[name] = date.fromisoformat(getattr(args, name))
        except ValueError:
            flag = "--" + name.split("_")[0]
            raise CliError(f"{flag} must be a date as YYYY-MM-DD, not '{getattr(args, name)}'.") from None
    by = [part for item in (args.by or []) for part in item.replace(",", " ").split()]

    def work(services: Services, actor: Actor) -> int:
        if args.format == "pdf":  # the signed quality report (bench_app/cli_outcomes.py)
            from bench_app.cli_outcomes import write_quality_report
            return write_quality_report(services, actor, args, days["from_day"], days["to_day"], by)
        report = services.outcomes.report(actor, start=days["from_day"], end=days["to_day"], by=by,
                                          with_records=args.records)
        content = WRITERS[args.format](report)
        write_file(args.output, content, f"the outcomes of {report.start.isoformat()} to {report.end.isoformat()} "
                                     f"({plural(len(report.values), 'figure')}, {args.format.upper()})")
        return 0
    return as_signed_in(url, args, work)


def cmd_labels(args, url: str) -> int:
    if bool(args.output) == bool(args.send):
        raise CliError("give either -o FILE or --send HOST:PORT.")
    if args.send and not args.zpl:
        raise CliError("--send sends ZPL to a label printer: add --zpl.")

    def work(services: Services, actor: Actor) -> int:
        # Recorded only once the printer took the labels or the file was written (a failed send is no print).
        to_file = None if args.send else FileDelivery(args.output)
        deliver = (lambda p: services.labels.send_zpl(p.content, args.send)) if args.send else to_file
        try:
            printed = services.labels.print_labels(actor, args.code, stock=args.stock, copies=args.copies,
                                                   reprint_reason=args.reprint_reason or "", zpl=args.zpl,
                                                   deliver=deliver)
        except BaseException:
            if to_file is not None:
                to_file.undo()
            raise
        for warning in printed.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        what = f"{plural(len(printed.codes), 'label')} on {printed.stock.name}" + \
            (f" ({plural(len(printed.reprints), 'reprint')})" if printed.reprints else "")
        if args.send:
            print(f"Sent {what} to {args.send}.")
        else:
            print(f"Wrote {what} to {args.output} ({len(printed.content)} bytes).")
        return 0
    return as_signed_in(url, args, work)


def cmd_test_label(args, gui_runner: GuiRunner | None) -> int:
    """A test label on the label printer IT declared: by ZPL to its address, through its queue, or to a file."""
    from datetime import date

    from bench_app.config import load_config
    from bench_app.label_printers import declared_printers
    from bench_app.reports.check_label import check_label_pdf, check_label_stock, check_label_zpl
    from bench_app.services.labels_service import send_zpl

    printers = [p for p in declared_printers(load_config()) if not args.printer or p.section == args.printer]
    if not printers:
        raise CliError(f"no label printer is declared{f' as [{args.printer}]' if args.printer else ''} in the config: "
                       "give [label_printer] a queue or an address and its dpi (packaging/README.md).")
    p = printers[0]
    stock, today = check_label_stock(p.stock), date.today()
    what = f"a test label ({stock.name}, {p.dpi} dpi)"
    pdf = check_label_pdf(p.dpi, stock, today)
    if args.output:
        zpl = args.output.lower().endswith(".zpl")
        content = check_label_zpl(p.dpi, stock, today, darkness=p.darkness, speed=p.speed) if zpl else pdf
        try:
            Path(args.output).write_bytes(content)
        except OSError as exc:
            raise CliError(f"could not write {args.output}: {exc.strerror or exc}.") from None
        print(f"Wrote {what} as {'ZPL' if zpl else 'PDF'} to {args.output} ({len(content)} bytes).")
    elif p.address:
        send_zpl(check_label_zpl(p.dpi, stock, today, darkness=p.darkness, speed=p.speed), p.address)
        print(f"Sent {what} as ZPL to {p.address}.")
    else:
        print_to_queue = getattr(gui_runner, "print_to_queue", None)
        if print_to_queue is None:
            raise CliError("printing on a printer queue needs the desktop app (run bench-app, not the core module).")
        print_to_queue(pdf, p.queue, title="Bench test label")
        print(f"Printed {what} on the printer queue {p.queue}.")
    print(f"Check: one label, upright (the name at the top), {stock.label_width_mm:g} x {stock.label_height_mm:g} mm; "
          f"the barcode scans as TEST-{p.dpi}; the Arabic name's dots clear the MRN line.")
    return 0


def cmd_verify_report(args, url: str) -> int:
    data = Path(args.file).read_bytes()
    services = open_for_command(url)
    try:
        result = services.custody.verify(data)
    finally:
        services.close()
    print(result.verdict)
    return 0 if result.ok else 1


def cmd_signing(args, url: str) -> int:
    """Which certificate signs reports at this workstation, and where its files are."""
    from bench_app.services.lab_certificate import CERT_FILE, KEY_FILE, describe

    info = describe()
    key = info.folder / KEY_FILE
    mode = f"{key.stat().st_mode & 0o777:04o}" if key.exists() else "missing"
    print(f"folder       {info.folder}")
    print(f"key          {key} (mode {mode})")
    print(f"certificate  {info.folder / CERT_FILE}")
    print(f"subject      {info.subject}{' (self-signed)' if info.self_signed else ''}")
    print(f"SHA-256      {info.sha256}")
    print(f"valid until  {info.not_after:%Y-%m-%d}")
    return 0


# test-label is run by bench_app.cli.main itself (no database; the desktop app may print it).
COMMANDS = {"report": cmd_report, "labels": cmd_labels, "verify-report": cmd_verify_report, "signing": cmd_signing}
