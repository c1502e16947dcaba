"""Printed documents in Turkish and Arabic, read back (issue 24): the words, their order, and an Arabic
page laid out right to left (the first column at the right, the header's items swapped).

Read back with poppler's ``pdftotext`` (as a person copying the text would get it: Arabic in logical
order) and its word boxes (``-bbox``) for where each word sits on the page.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape

import pytest

from bench_app.i18n import strip_isolates, using_language
from bench_app.reports.grid import Column, GridReport, Row, Section
from bench_app.reports.text import has_arabic
from tests.reports.pdf_reading import logical
from tests.reports.world import build_world

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler's pdftotext reads the PDFs back")

_EMBEDDINGS = re.compile("[\u202a-\u202e]")  # pdftotext marks the direction of the runs it reordered
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


@pytest.fixture
def world(services, team, clock):
    return build_world(services, team, clock)


def text_of(pdf: bytes) -> str:
    """The first page's text, Arabic presentation forms made ordinary letters again."""
    out = subprocess.run(["pdftotext", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True).stdout
    return _EMBEDDINGS.sub("", logical(out.decode("utf-8")))


def words_of(pdf: bytes) -> list[tuple[str, float, float]]:
    """(word, left x, top y) of every word on the first page."""
    out = subprocess.run(["pdftotext", "-bbox", "-l", "1", "-", "-"], input=pdf, capture_output=True,
                         check=True).stdout.decode("utf-8")
    # a word box holds its glyphs as drawn, left to right: an Arabic word's letters reversed
    return [(_logical_word(logical(unescape(m.group(5)))), float(m.group(1)), float(m.group(2)))
            for m in _WORD.finditer(out)]


def _logical_word(word: str) -> str:
    return word[::-1] if has_arabic(word) else word


def x_of(words, word: str, nth: int = 0) -> float:
    found = [x for w, x, _y in words if w == word]
    assert len(found) > nth, (word, sorted({w for w, _x, _y in words}))
    return found[nth]


def _worksheet(services, team, clock, lang: str) -> bytes:
    with using_language(lang):
        return services.worksheet.pdf(team.supervisor, clock.now.astimezone().date()).content


def _custody(services, team, world, lang: str) -> bytes:
    with using_language(lang):
        return services.custody.preview_pdf(code=world.samples[0].code, actor=team.supervisor)


def test_the_worksheet_in_turkish_has_its_turkish_letters(services, team, clock, world):
    text = text_of(_worksheet(services, team, clock, "tr"))
    for words in ("Günlük çalışma listesi", "Cerrahi sperm elde etme işlemleri ve örnekleri", "Başlangıç",
                  "Hasta No", "Tanık", "Sayfa 1 / "):
        assert words in text, words
    assert "Daily worksheet" not in text and "Ã" not in text  # no English left, no mangled UTF-8


def test_the_worksheet_in_arabic_reads_back_in_logical_order_and_starts_at_the_right(services, team, clock, world):
    pdf = _worksheet(services, team, clock, "ar")
    text = text_of(pdf)
    for words in ("ورقة العمل اليومية", "عمليات الاستخراج الجراحي للحيوانات المنوية وعيّناتها", "الرقم الطبي",
                  "الصفحة"):
        assert words in text, words
    words = words_of(pdf)
    # The first section's columns: Start, Patient, MRN ... Wit.; in Arabic the first is at the right.
    assert x_of(words, "البدء") > x_of(words, "المريض") > x_of(words, "الطبي")
    # Its header: the title at the left, the lab's name at the right, as a mirror image of the English page.
    assert x_of(words, "Laboratory") > x_of(words, "اليومية")
    # Each patient's MRN stays beside the name in the Arabic sentence, the patients in the rows' order.
    # Read from the right: his name, his MRN beside it, then her name and her MRN.
    def at(word: str) -> float:
        return next(x for w, x, _y in words if w.strip(";:,()") == word)
    assert at("المرضى") > at("الخطيب") > at("عمر") > at("M-4471") > at("Ελένη") > at("M-4471F")
    english = words_of(_worksheet(services, team, clock, "en"))
    assert x_of(english, "Start") < x_of(english, "Patient") and x_of(english, "Laboratory") < x_of(english, "worksheet")


def test_the_custody_report_in_turkish_and_in_arabic(services, team, world):
    turkish = text_of(_custody(services, team, world, "tr"))
    for words in ("Gözetim zinciri raporu", "Zaman sırasına göre olaylar", "Hasta No"):
        assert words in turkish, words
    pdf = _custody(services, team, world, "ar")
    arabic = text_of(pdf)
    for words in ("تقرير سلسلة الحيازة", "الأحداث بترتيب زمني", "الخطيب"):
        assert words in arabic, words
    words = words_of(pdf)
    # "Events in time order": When (local) first, at the right; Reason last, at the left.
    assert x_of(words, "الوقت") > x_of(words, "الحدث") > x_of(words, "السبب")
    # A time in an Arabic sentence keeps its own order: "2026-11-20 09:00 +0000", not "+0000 09:00 ...".
    footer = [(w, x) for w, x, y in words if y > 500 and re.fullmatch(r"2026-11-20|09:00|\+0000", w)]
    assert [w for w, _x in sorted(footer, key=lambda p: p[1])] == ["2026-11-20", "09:00", "+0000"]


def test_a_right_to_left_page_mirrors_the_columns_and_aligns_cells_to_their_right_edge():
    class Sheet(GridReport):
        pass

    section = Section("Title", (Column("First", 1), Column("Second", 1), Column("Amount", 1, align="right")),
                      (Row(("a", "b", "7")),))
    with using_language("ar"):
        rtl = words_of(Sheet().render([section]).pdf)
    ltr = words_of(Sheet().render([section]).pdf)
    middle = Sheet.page_size[0] / 2
    assert x_of(rtl, "First") > x_of(rtl, "Second") > x_of(rtl, "Amount")
    assert x_of(ltr, "First") < x_of(ltr, "Second") < x_of(ltr, "Amount")
    assert x_of(rtl, "Title") > middle > x_of(ltr, "Title")               # the section's title at the start
    assert x_of(rtl, "a") > x_of(rtl, "b") and x_of(ltr, "a") < x_of(ltr, "b")
    # a column aligned to its end (amounts): the end is the left edge on a right-to-left page
    assert x_of(rtl, "7") < x_of(rtl, "Amount") and x_of(ltr, "7") > x_of(ltr, "Amount")


def test_a_label_under_arabic_keeps_its_layout_and_barcode_and_only_its_fixed_word_translates():
    from bench_app.domain.labels import STOCKS, LabelData, LabelKind
    from bench_app.reports.labels import build_labels_pdf, layout_label
    from tests.reports.pdf_reading import decode

    data = LabelData(LabelKind.TUBE, "S-7K3M9Q-X", "الخطيب، عمر", "M-4471", "2026-11-20", "micro-TESE · sample 1")
    stock = STOCKS["thermal-50x25"]
    english = layout_label(data, stock)
    with using_language("ar"):
        arabic = layout_label(data, stock)
        pdf = build_labels_pdf([data], stock)
    # Same barcode in the same place and width, same lines in the same order and columns; an Arabic word
    # needs a taller line (its dots must not touch the line below), so the barcode gives up a little height.
    a, e = arabic.barcode, english.barcode
    assert (a.value, a.x, a.y, a.width) == (e.value, e.x, e.y, e.width) and 0.7 * e.height < a.height <= e.height
    assert [t.x for t in arabic.texts] == [t.x for t in english.texts]
    assert [t.text for i, t in enumerate(arabic.texts) if i != 1] == [t.text for i, t in enumerate(english.texts) if i != 1]
    assert english.texts[1].text == "MRN M-4471" and strip_isolates(arabic.texts[1].text) == "الرقم الطبي M-4471"
    assert {text for _kind, text in decode(pdf)} == {"S-7K3M9Q-X"}
    words = words_of(pdf)
    assert any(w.strip() == "الطبي" for w, _x, _y in words) and any(w == "M-4471" for w, _x, _y in words)
    # read from the right: "الرقم الطبي M-4471", the MRN after its word
    assert x_of(words, "الطبي") > x_of(words, "M-4471")
