"""Screenshots of Today on a busy day, the Reports area, the print preview and the label dialog
(called by make_screenshots at the end, when the retrieval, cryo and ICSI screens have filled the day).

The file dialogs are replaced by answers into a temporary folder, and a custody report is
issued, saved, and altered there so that Verify has both verdicts to show.
"""

from __future__ import annotations

from pathlib import Path

from tests.services.test_custody import _with_overlay
from tests.ui.printing_helpers import AnsweringFileChooser
from ui.printing.label_printing import print_labels
from ui.qt import QEventLoop, QTimer


def settle(ms: int = 1500) -> None:
    """Let QtPdf render the visible pages (it renders in the background) before a grab."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def shoot_printing(shoot, admin_window, emma_window, services, emma, admin_password: str, device_code: str,
                   folder: Path) -> None:
    # --- Today, the home screen, on the busy day the other screens made
    today = emma_window.show_area("today")
    today.show_day(today.context.today())
    shoot(emma_window, "today_busy_day")
    scroll = today.samples.parentWidget().parentWidget().parentWidget()      # body › viewport › scroll area
    scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())
    shoot(emma_window, "today_busy_day_lower")

    # --- Reports: the daily worksheet, signed off by the supervisor (admin here)
    reports = admin_window.show_area("reports")
    worksheet = reports.show_worksheet()
    worksheet.show_day(worksheet.context.today())
    shoot(admin_window, "reports_worksheet")
    worksheet.sign_off()
    dialog = worksheet.active_dialog
    for reason in dialog.reasons.values():
        reason.setText("witnessed on the paper sheet; record imported")
    dialog.password.setText("not-the-password")
    dialog.accept()
    shoot(dialog, "reports_sign_off_wrong_password")
    dialog.password.setText(admin_password)
    dialog.accept()
    shoot(admin_window, "reports_worksheet_signed")

    worksheet.file_chooser = AnsweringFileChooser(folder / "worksheet.pdf")
    worksheet.preview()
    preview = worksheet.active_dialog
    settle()
    shoot(preview, "print_preview_worksheet")
    preview.zoom.setCurrentText("Whole page")
    preview.save_as_pdf()
    settle()
    shoot(preview, "print_preview_whole_page_saved")
    preview.reject()

    # --- chain of custody for a scanned device, issued, then verified (a true copy and an altered one)
    custody = reports.show_custody(device_code)
    shoot(admin_window, "reports_custody_device")
    custody.file_chooser = AnsweringFileChooser(folder / "custody.pdf")
    custody.issue()
    issued = custody.active_dialog
    settle()
    shoot(issued, "reports_custody_issued_preview")
    issued.save_as_pdf()
    issued.reject()
    shoot(admin_window, "reports_custody_issued")
    reports.show_custody(custody.report.patient_mrn)
    shoot(admin_window, "reports_custody_patient")
    (folder / "custody-altered.pdf").write_bytes(_with_overlay((folder / "custody.pdf").read_bytes(),
                                                               "Witness: nobody"))
    verify = reports.show_verify()
    verify.file_chooser = AnsweringFileChooser(folder / "custody.pdf")
    verify.choose_file()
    shoot(admin_window, "reports_verify_ok")
    verify.file_chooser = AnsweringFileChooser(folder / "custody-altered.pdf")
    verify.choose_file()
    shoot(admin_window, "reports_verify_altered")

    # --- labels: a reprint asks why; the label preview at its size
    services.labels.print_labels(emma, [device_code])
    labels = reports.show_labels(device_code)
    shoot(admin_window, "reports_labels")
    dialog = print_labels(labels, labels.context, [device_code])
    shoot(dialog, "label_dialog_reprint")
    dialog.accept()
    shoot(dialog, "label_dialog_reprint_needs_reason")
    dialog.reprint_reason.setText("frosted over in the dewar, unreadable")
    dialog.accept()
    label_preview = labels.active_dialog
    settle()
    shoot(label_preview, "print_preview_label")
    label_preview.reject()

    codes = [s.sample_code for s in services.worksheet.day(worksheet.context.today()).samples if s.sample_code][:3]
    sheet = print_labels(labels, labels.context, codes)
    sheet.stock.setCurrentIndex(sheet.stock.findData("a4-21"))
    sheet.start_position.setValue(7)
    shoot(sheet, "label_dialog_sheet")
    sheet.to_zpl.setChecked(True)
    sheet.address.setText("127.0.0.1:1")
    sheet.stock.setCurrentIndex(sheet.stock.findData("thermal-50x25"))
    shoot(sheet, "label_dialog_zpl")
    sheet.reject()
