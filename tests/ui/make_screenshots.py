"""Screenshots of every area and dialog, for a person to look at (not a test).

    .venv/bin/python -m tests.ui.make_screenshots [OUTPUT_DIR]   (default: ./screenshots)

Builds a temporary database filled through the services (the demo couples plus a few
with Arabic, Turkish and Greek names), opens the main window offscreen, visits each area
and dialog, and saves ``widget.grab()`` PNGs.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("BENCH_FAST_HASHING", "1")

from bench_app.domain.codes import make_code  # noqa: E402
from bench_app.domain.enums import CycleType  # noqa: E402
from bench_app.services.demo import DEMO_USERS, run_demo  # noqa: E402
from bench_app.services.registry import open_services  # noqa: E402
from tests.ui.cryo_screens import shoot_cryo  # noqa: E402
from tests.ui.icsi_screens import shoot_icsi  # noqa: E402
from tests.ui.printing_screens import shoot_printing  # noqa: E402
from tests.ui.records_screens import (  # noqa: E402
    shoot_figure_records, shoot_outcome_records, shoot_review_and_incident, shoot_shell_dialogs, shoot_tank_dialogs,
)
from tests.ui.retrieval_screens import shoot_retrieval  # noqa: E402
from ui.app import create_main_window  # noqa: E402
from ui.look import apply_look  # noqa: E402
from ui.qt import QApplication, QWidget  # noqa: E402
from ui.shell.sign_in_dialog import SignInDialog, SignInMode  # noqa: E402

EXTRA_COUPLES = (
    (("SS-90001", "Öztürk", "Mehmet Ali", date(1984, 3, 7)), ("SS-90002", "Öztürk", "Ayşe Gül", date(1988, 9, 7))),
    (("SS-90003", "الحسيني", "أحمد", date(1981, 5, 6)), ("SS-90004", "الحسيني", "فاطمة", date(1986, 2, 14))),
    (("SS-90005", "Παπαδόπουλος", "Γιώργος", date(1979, 11, 30)),
     ("SS-90006", "Παπαδοπούλου", "Ελένη", date(1983, 4, 22))),
    (("SS-90007", "Özdemir", "İbrahim", date(1990, 8, 1)), None),
)


class Shooter:
    def __init__(self, app: QApplication, out: Path):
        self.app = app
        self.out = out
        self.count = 0

    def __call__(self, widget: QWidget, name: str) -> None:
        for _ in range(3):
            self.app.processEvents()
        self.count += 1
        path = self.out / f"{self.count:02d}_{name}.png"
        widget.grab().save(str(path))
        print(path)


def password_of(username: str) -> str:
    return next(u.password for u in DEMO_USERS if u.username == username)


def fields(person):
    mrn, family, given, born = person
    return {"mrn": mrn, "family_name": family, "given_names": given, "date_of_birth": born}


def main(out_dir: str = "screenshots", shoot=None) -> int:
    """Visit every area and dialog; ``shoot(widget, name)`` is called at each (a PNG by default)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    apply_look(app)
    shoot = shoot or Shooter(app, out)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(f"sqlite:///{Path(tmp) / 'bench-screens.db'}", workstation="bench-1")
        run_demo(services.db, couples=14, seed=7)
        admin = services.users.sign_in("admin", password_of("admin"))
        emma = services.users.sign_in("emma", password_of("emma"))
        couples = []
        for male, female in EXTRA_COUPLES:
            couples.append(services.patients.register_couple(
                emma, male=fields(male), female=fields(female) if female else None))
        services.patients.create_cycle(emma, couple_id=couples[0].id, cycle_type=CycleType.ICSI,
                                       start_date=date.today(), notes="OPU 09:30, micro-TESE same day")
        services.patients.record_diagnosis(emma, patient_id=couples[0].male.id, azoospermia_type="NOA",
                                           etiology="Y AZF microdeletion", diagnosed_on=date(2026, 5, 12),
                                           notes="AZFc deletion; FSH 18 IU/L")
        services.patients.record_consent(emma, patient_id=couples[0].male.id,
                                         permitted_uses=["treatment", "storage"], signed_on=date(2026, 6, 1),
                                         storage_expiry=date(2036, 6, 1), notes="")
        services.patients.record_consent(emma, patient_id=couples[0].female.id, permitted_uses=["treatment"],
                                         signed_on=date(2026, 6, 1), storage_expiry=None, notes="")

        sign_in = SignInDialog(services, SignInMode.SIGN_IN, lab_name=services.settings.get("lab_name"))
        sign_in.show()
        shoot(sign_in, "sign_in")
        sign_in.username.setText("emma")
        sign_in.password.setText("wrong-password")
        sign_in.accept()
        shoot(sign_in, "sign_in_wrong_password")
        sign_in.close()

        window = create_main_window(services, admin, idle_timeout_ms=3_600_000)
        window.show()
        shoot(window, "today")

        patients = window.show_area("patients")
        search = patients.search_view
        search.search.setText("öz")
        search.run_search()
        shoot(window, "patients_search_oz")
        search.search.setText("a")
        search.run_search()
        shoot(window, "patients_search_a")
        patients.show_couple(couples[0].id)
        shoot(window, "couple_detail")
        patients.show_patient(couples[0].male.id)
        shoot(window, "patient_detail_male")
        patients.show_patient(couples[1].female.id)
        shoot(window, "patient_detail_female_arabic")
        patients.show_couple(couples[3].id)
        shoot(window, "couple_sperm_banking")

        patients.show_search()
        search.register_couple()
        shoot(search.active_dialog, "register_couple_dialog")
        d = search.active_dialog
        d.male.mrn.setText(couples[0].male.mrn)
        d.male.family_name.setText("Χατζής")
        d.male.given_names.setText("Νίκος")
        d.male.date_of_birth.setText("1985-02-03")
        d.female.mrn.setText("NEW-1")
        d.female.family_name.setText("Χατζή")
        d.female.given_names.setText("Μαρία")
        d.female.date_of_birth.setText("2031-01-01")
        d.accept()
        shoot(d, "register_couple_errors")
        d.reject()
        search.register_patient()
        shoot(search.active_dialog, "register_patient_dialog")
        search.active_dialog.reject()

        patients.show_couple(couples[0].id)
        view = patients.couple_view
        view.new_cycle()
        shoot(view.active_dialog, "new_cycle_dialog")
        view.active_dialog.reject()
        view.record_diagnosis()
        shoot(view.active_dialog, "diagnosis_dialog")
        view.active_dialog.reject()
        view.record_consent()
        view.active_dialog.use_boxes["storage"].setChecked(True)
        view.active_dialog.accept()
        shoot(view.active_dialog, "consent_dialog_errors")
        view.active_dialog.reject()

        window.scan.field.setText(make_code("S", 3)[:-1] + "0")
        window.scan.submit()
        shoot(window, "scan_bad_check_character")
        window.scan.field.setText(make_code("D", 99))
        window.scan.submit()
        shoot(window.toolbar, "scan_unknown_device")
        window.scan.field.setText(couples[2].male.mrn)
        window.scan.submit()
        shoot(window, "scan_mrn_opens_patient")

        admin_view = window.show_area("admin")
        shoot(window, "admin_users")
        users = admin_view.users_view
        users.add_user()
        shoot(users.active_dialog, "add_user_dialog")
        users.active_dialog.username.setText("emma")
        users.active_dialog.password.setText("short")
        users.active_dialog.accept()
        shoot(users.active_dialog, "add_user_errors")
        users.active_dialog.reject()
        users.select_user("eli")
        users.toggle_active()
        shoot(users.active_dialog, "disable_user_dialog")
        users.active_dialog.reject()
        users.reset_password()
        shoot(users.active_dialog, "reset_password_dialog")
        users.active_dialog.reject()
        users.set_pin()
        shoot(users.active_dialog, "set_pin_dialog")
        users.active_dialog.reject()

        admin_view.tabs.setCurrentWidget(admin_view.audit_view)
        admin_view.audit_view.reload()
        admin_view.audit_view.table.selectRow(5)
        shoot(window, "audit_trail")
        admin_view.audit_view.older()
        shoot(window, "audit_trail_page_2")
        admin_view.audit_view.entity_type.setCurrentIndex(admin_view.audit_view.entity_type.findData("users"))
        admin_view.audit_view.apply_filter()
        shoot(window, "audit_trail_users_filter")

        window.switch_user()
        shoot(window.active_dialog, "switch_user_dialog")
        window.active_dialog.reject()
        window.lock()
        shoot(window, "locked_window")
        shoot(window.active_dialog, "unlock_dialog")
        window.active_dialog.password.setText(password_of("admin"))
        window.active_dialog.accept()

        embryologist_window = create_main_window(services, emma, idle_timeout_ms=3_600_000)
        embryologist_window.show()
        shoot(embryologist_window, "embryologist_no_admin")
        shoot_cryo(shoot, window, embryologist_window, services, emma, couples, password_of("admin"))
        shoot_retrieval(shoot, embryologist_window, services, emma, couples)
        shoot_icsi(shoot, embryologist_window, services, emma)
        device = services.cryo.devices_expiring(within_days=36_500, limit=1)[0]   # any stored device
        shoot_printing(shoot, window, embryologist_window, services, emma, password_of("admin"), device.code,
                       Path(tmp))
        shoot_outcome_records(shoot, embryologist_window, services, emma, couples)
        shoot_figure_records(shoot, window)
        shoot_review_and_incident(shoot, window, services, admin)
        shoot_tank_dialogs(shoot, window, services, admin)
        shoot_shell_dialogs(shoot, window, services, Path(tmp))
        for w in (window, embryologist_window):
            w.idle.stop()
            w.close()
        services.close()
    if isinstance(shoot, Shooter):
        print(f"{shoot.count} screenshots in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(*sys.argv[1:2]))
