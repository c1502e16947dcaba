"""The core speaks the lab's language: field messages, the worksheet and the custody report (issue 24)."""

from __future__ import annotations

import io
from datetime import date

import pytest

from bench_app.domain.errors import ValidationError
from bench_app.i18n import using_language
from bench_app.services.custody_dto import CONTENT_ONLY
from tests.reports.pdf_reading import logical, pages_text
from tests.reports.world import build_world


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def _register_without_mrn(services, team):
    services.patients.register_couple(
        team.embryologist, male=dict(mrn="", family_name="Yılmaz", given_names="Ahmet", date_of_birth=date(1984, 1, 2)))


def test_a_field_message_comes_back_in_the_active_language_and_english_again_after(services, team):
    with using_language("tr"), pytest.raises(ValidationError) as turkish:
        _register_without_mrn(services, team)
    assert turkish.value.field_errors["male.mrn"] == "Hasta No zorunludur."
    with using_language("es"), pytest.raises(ValidationError) as spanish:
        _register_without_mrn(services, team)
    assert spanish.value.field_errors["male.mrn"] == "El NHC es obligatorio."
    with pytest.raises(ValidationError) as english:
        _register_without_mrn(services, team)
    assert english.value.field_errors["male.mrn"] == "The MRN is required."


def test_a_limit_message_comes_back_in_arabic(services, team, world):
    with using_language("ar"), pytest.raises(ValidationError) as arabic:
        services.labels.make_labels(team.embryologist, [world.samples[0].code], copies=1000)
    message = arabic.value.field_errors["copies"]
    # the guard's limit ("Copies must be between 1 and 100.") or the service's own ("Print between 1 and 100 copies.")
    assert message in ("يجب أن تكون قيمة عدد النسخ بين 1 و100.", "اطبع ما بين 1 و100 نسخة."), message


def _worksheet_text(services, team, clock) -> str:
    return " ".join(pages_text(services.worksheet.pdf(team.supervisor, clock.now.astimezone().date()).content))


def test_the_worksheet_prints_in_turkish_and_in_arabic(services, team, clock, world):
    with using_language("tr"):
        turkish = _worksheet_text(services, team, clock)
    assert "Günlük çalışma listesi" in turkish and "Cerrahi sperm elde etme işlemleri ve örnekleri" in turkish
    assert "Hasta No" in turkish and "Tanık" in turkish and "Sayfa 1 /" in turkish
    assert "Daily worksheet" not in turkish
    with using_language("ar"):
        arabic = logical(_worksheet_text(services, team, clock))
    # Arabic runs are laid out right to left (visual order) in the PDF: each word is read back whole.
    for word in ("اليومية", "العمل", "الشاهد", "الصفحة"):
        assert word in arabic or word[::-1] in arabic, word
    assert "Daily worksheet" not in arabic
    english = _worksheet_text(services, team, clock)
    assert "Daily worksheet" in english and "Günlük" not in english


def test_a_custody_report_issued_in_turkish_is_checked_in_turkish_from_any_workstation(services, team, world):
    with using_language("tr"):
        doc = services.custody.issue(team.supervisor, code=world.samples[0].code, deliver=lambda d: None)
    text = " ".join(pages_text(doc.content))
    assert "Gözetim zinciri raporu" in text and "Zaman sırasına göre olaylar" in text
    from pypdf import PdfReader, PdfWriter

    out = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(doc.content))).write(out)  # printed again to PDF: text compared
    verdict = services.custody.verify(out.getvalue())  # English here: the report says it was printed in Turkish
    assert verdict.level == CONTENT_ONLY and verdict.verdict.startswith("TEXT MATCHES ONLY"), verdict.verdict


def test_the_admin_and_report_services_refuse_in_the_active_language(services, team, clock, world):
    with using_language("tr"), pytest.raises(ValidationError) as turkish:
        services.users.add_user(team.admin, username="noor", full_name="Noor Haddad", role="supervisor",
                                password="short", pin="12")
    assert turkish.value.field_errors["pin"] == "Tanık PIN'i 4 ile 8 rakamdan oluşur."
    with using_language("ar"), pytest.raises(ValidationError) as arabic:
        services.worksheet.sign_off(team.supervisor, clock.now.astimezone().date(), password="x")
    waiting = arabic.value.field_errors["open_items"]
    assert "تنتظر شاهدًا" in waiting or "تنتظران شاهدًا" in waiting, waiting  # one step (the world's ICSI session)
    with using_language("es"):
        verdict = services.custody.verify(b"not a pdf").verdict
    assert verdict.startswith("NO VERIFICADO: el archivo no es un PDF legible"), verdict


def test_a_refusal_is_one_sentence_in_the_person_s_language(services, team):
    from bench_app.domain.errors import PermissionDenied
    from bench_app.i18n import strip_isolates

    def refused(actor):
        with pytest.raises(PermissionDenied) as refusal:
            services.users.list_users(actor) if actor is team.embryologist else services.users.reset_password(
                actor, team.embryologist.username, "another-long-secret-1")
        return strip_isolates(str(refusal.value))

    who = team.embryologist.username
    assert refused(team.embryologist) == f"Only a supervisor or admin may list users; {who} is an embryologist."
    with using_language("ar"):
        assert refused(team.embryologist) == f"لا يحق عرض قائمة المستخدمين إلا للمشرف أو مسؤول النظام؛ و{who} خبير أجنّة."
    with using_language("tr"):
        assert refused(team.supervisor) == (f"Bu işlem (parolaları sıfırlamak) yalnızca yöneticiye açıktır; "
                                            f"{team.supervisor.username} bir sorumlu.")
    with using_language("es"):
        assert refused(team.supervisor) == f"Solo un administrador puede restablecer contraseñas; {team.supervisor.username} es supervisor/a."
