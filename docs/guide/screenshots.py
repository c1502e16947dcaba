"""The user guide's screenshots, taken from the real app so they never go stale (`make guide-screenshots`).

    .venv/bin/python docs/guide/screenshots.py [LANG ...]      (default: en tr)

For each language it runs the same tour as ``tests/ui/make_screenshots`` (a fresh demo database, every
area and dialog opened as the app opens them), with the screens in that language, and keeps the
pictures the guide's pages show (``WANTED``), plus a few whole areas the tour passes by. Each is
scaled to at most ``MAX_WIDTH`` pixels and saved with few colours as
``resources/guide/<lang>/images/<name>.png``, beside the pages that show them.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BENCH_FAST_HASHING", "1")

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.ui import make_screenshots  # noqa: E402
from ui.common.i18n import install_language  # noqa: E402
from ui.qt import QApplication, QImage, Qt, QWidget  # noqa: E402

OUT = ROOT / "resources" / "guide"
MAX_WIDTH = 900
# The tour's pictures the pages show (docs/guide/<lang>/*.md refer to them as images/<name>.png).
WANTED = {
    "sign_in", "today_busy_day", "patients_search_oz", "couple_detail", "consent_dialog_errors",
    "retrieval_list", "retrieval_new_procedure_dialog", "retrieval_procedure_positive", "retrieval_receive_dialog",
    "retrieval_receive_mismatch_blocked", "retrieval_add_step_enzymatic", "retrieval_finding_dialog",
    "cryo_tree_tank_open", "cryo_freeze_filled", "cryo_freeze_no_consent",
    "cryo_move_dialog", "cryo_thaw_dialog", "cryo_discard_request_dialog", "cryo_discards_supervisor",
    "cryo_expiry", "icsi_today_cycles", "icsi_opu_dialog", "icsi_maturity_keyed_unsaved",
    "icsi_inject_dialog", "icsi_check_flagged", "icsi_summary_panel",
    "reports_worksheet", "reports_sign_off_wrong_password", "reports_worksheet_signed", "reports_custody_device",
    "reports_verify_ok", "label_dialog_sheet", "label_dialog_zpl", "label_dialog_reprint_needs_reason",
    "print_preview_worksheet", "admin_users", "add_user_dialog", "audit_trail",
    "figure_records_dialog",
    "resolve_incident_dialog", "open_audit_dialog", "explain_finding_dialog",
    "tank_care_dialog", "scan_bad_check_character", "cryo_freeze_errors", "icsi_check_early_needs_reason",
    "retrieval_receive_wrong_pin",
}


class GuideShooter:
    """``shoot(widget, name)`` for the tour: saves the wanted pictures, and whole areas at a few moments."""

    def __init__(self, out: Path):
        self.out = out
        self.saved: list[Path] = []

    def __call__(self, widget: QWidget, name: str) -> None:
        if name in WANTED:
            self.save(widget, name)
        extra = getattr(self, f"after_{name}", None)
        if extra is not None:
            extra(widget)

    def save(self, widget: QWidget, name: str) -> None:
        for _ in range(3):
            QApplication.processEvents()
        image = widget.grab().toImage()
        if image.width() > MAX_WIDTH:
            image = image.scaledToWidth(MAX_WIDTH, Qt.TransformationMode.SmoothTransformation)
        # A screen has few colours: 256 keep text sharp and make the file a third of the size.
        image = image.convertToFormat(QImage.Format.Format_Indexed8, Qt.ImageConversionFlag.ThresholdDither)
        path = self.out / f"{name}.png"
        image.save(str(path), "PNG", 0)
        self.saved.append(path)

    # Whole areas the tour passes by without a picture of its own.
    def after_admin_users(self, window) -> None:
        admin = window.area_widget("admin")
        if admin.backups_view is not None:
            admin.tabs.setCurrentWidget(admin.backups_view)
            self.save(window, "admin_backups")
            admin.tabs.setCurrentWidget(admin.users_view)

    def after_figure_records_dialog(self, dialog) -> None:
        window = dialog.parentWidget().window()
        self.save(window, "outcomes")

    def after_close_audit_dialog(self, dialog) -> None:
        window = dialog.parentWidget().window()
        tanks = window.show_area("tanks")
        tanks.show_list_page()
        self.save(window, "tanks_list")
        tank = window.services.storage.tanks()[0]
        tanks.show_tank(tank.id, tank.name)
        self.save(window, "tanks_audit")
        tanks.tank_view.tabs.setCurrentIndex(1)
        self.save(window, "tanks_nitrogen")
        tanks.tank_view.tabs.setCurrentIndex(0)


def take(lang: str) -> list[Path]:
    out = OUT / lang / "images"
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.png"):
        old.unlink()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    install_language(lang, app)
    shooter = GuideShooter(out)
    try:
        make_screenshots.main(str(out), shoot=shooter)
    finally:
        install_language("en", app)
    missing = sorted(WANTED - {p.stem for p in shooter.saved})
    if missing:
        print(f"{lang}: the tour took no picture named {', '.join(missing)}", file=sys.stderr)
    return shooter.saved


def main(langs: list[str]) -> int:
    langs = langs or ["en", "tr"]
    if len(langs) > 1:  # one process per language: the last tour's windows and database are gone with it
        return max(subprocess.run([sys.executable, __file__, lang]).returncode for lang in langs)
    for lang in langs:
        saved = take(lang)
        size = sum(p.stat().st_size for p in saved)
        print(f"{lang}: {len(saved)} pictures, {size / 1e6:.1f} MB in {OUT / lang / 'images'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
