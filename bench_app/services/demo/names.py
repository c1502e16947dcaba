"""Invented names in the scripts a lab meets: Arabic, Turkish, Spanish, Greek, Cyrillic, English.

Common given names and family names, combined at random: the people are invented.
Family names are (male form, female form) where the language inflects them for sex.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Culture:
    key: str
    male_given: tuple[str, ...]
    female_given: tuple[str, ...]
    family: tuple[tuple[str, str], ...]
    language: str = ""      # the names' language (their capitals on labels: Turkish 'Şahin' is 'ŞAHİN')


def _same(*names: str) -> tuple[tuple[str, str], ...]:
    return tuple((n, n) for n in names)


CULTURES: tuple[Culture, ...] = (
    Culture(
        "arabic",
        ("محمد", "أحمد", "يوسف", "خالد", "عمر", "حسن", "طارق", "سامي"),
        ("فاطمة", "مريم", "ليلى", "نور", "سارة", "رانيا", "هدى", "ياسمين"),
        _same("العلي", "الحسيني", "الخطيب", "المصري", "الشامي", "حداد", "النجار", "الزين"),
        language="ar",
    ),
    Culture(
        "turkish",
        ("İbrahim", "Mehmet", "Mustafa", "Emre", "Burak", "Oğuz", "Çağrı", "Hakan"),
        ("Ayşe", "Elif", "Zeynep", "Şule", "Gülşen", "Özlem", "Büşra", "İrem"),
        _same("Öztürk", "Çelik", "Yılmaz", "Şahin", "Doğan", "Aydın", "Kılıç", "Güneş"),
        language="tr",
    ),
    Culture(
        "spanish",
        ("José", "Jesús", "Álvaro", "Andrés", "Íñigo", "Rubén", "Joaquín", "José Luis"),
        ("María José", "Lucía", "Begoña", "Inés", "Mónica", "Ángela", "Nuria", "Sofía"),
        _same("Núñez García", "Pérez Ibáñez", "Muñoz", "Gómez Sáenz", "Fernández", "Ortiz Peña",
              "Jiménez", "Domínguez Ruiz"),
        language="es",
    ),
    Culture(
        "greek",
        ("Γιώργος", "Δημήτρης", "Νίκος", "Κωνσταντίνος", "Σπύρος", "Αλέξανδρος"),
        ("Μαρία", "Ελένη", "Κατερίνα", "Σοφία", "Δέσποινα", "Αγγελική"),
        (("Παπαδόπουλος", "Παπαδοπούλου"), ("Οικονόμου", "Οικονόμου"), ("Γεωργίου", "Γεωργίου"),
         ("Αντωνόπουλος", "Αντωνοπούλου"), ("Καραγιάννης", "Καραγιάννη"), ("Βλάχος", "Βλάχου")),
        language="el",
    ),
    Culture(
        "cyrillic",
        ("Алексей", "Дмитрий", "Иван", "Сергей", "Андрій", "Николай"),
        ("Анна", "Ольга", "Екатерина", "Наталья", "Юлія", "Мария"),
        (("Иванов", "Иванова"), ("Смирнов", "Смирнова"), ("Кузнецов", "Кузнецова"),
         ("Петров", "Петрова"), ("Соколов", "Соколова"), ("Шевченко", "Шевченко")),
        language="ru",
    ),
    Culture(
        "english",
        ("James", "Oliver", "Daniel", "Thomas", "Michael", "Ryan"),
        ("Emily", "Charlotte", "Hannah", "Sophie", "Grace", "Rebecca"),
        _same("Smith", "Taylor", "O'Connor", "Whitfield", "Harrison", "Bennett"),
        language="en",
    ),
)
