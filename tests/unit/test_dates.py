"""Date expressions resolved against the publication date, at the text's precision."""

from __future__ import annotations

from datetime import date

import pytest

from diplokg.extract.dates import DateResolver, compatible, most_precise
from diplokg.model import DatePrecision, DateValue


def resolve(lang: str, published: date | None, text: str) -> list[tuple[str, str | None]]:
    found = DateResolver(lang, published).find(text)
    return [(m.text, m.value.value if m.value else None) for m in found]


WED = date(2026, 2, 4)  # a Wednesday
TUE = date(2025, 1, 21)  # a Tuesday


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (TUE, "se comprometieron el martes a", [("el martes", "2025-01-21")]),
        (TUE, "una llamada que tuvo con Trump el viernes", [("el viernes", "2025-01-17")]),
        (
            WED,
            "Este miércoles 4 de febrero 2026, los presidentes",
            [("Este miércoles 4 de febrero 2026", "2026-02-04")],
        ),
        (WED, "intercambiado el 31 de diciembre mensajes", [("el 31 de diciembre", "2025-12-31")]),
        (WED, "En mayo, Xi visitó Moscú.", [("En mayo", "2025-05")]),
        (WED, "la reunión prevista para abril", [("para abril", "2026-04")]),
        (WED, "visitas el mes pasado", [("el mes pasado", "2026-01")]),
        (WED, "el mes que viene se espera", [("el mes que viene", "2026-03")]),
        (TUE, "Hace cinco años lanzamos", [("Hace cinco años", "2020")]),
        (WED, "desde la invasión rusa a Ucrania, en 2022.", [("en 2022", "2022")]),
        (TUE, "el 80º aniversario de este año", [("este año", "2025")]),
        (WED, "el próximo lunes", [("el próximo lunes", "2026-02-09")]),
        (WED, "el martes pasado", [("el martes pasado", "2026-02-03")]),
        (WED, "ayer y hoy", [("ayer", "2026-02-03"), ("hoy", "2026-02-04")]),
    ],
)
def test_spanish(published, text, expected):
    assert resolve("es", published, text) == expected


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (
            date(2025, 1, 22),
            "held a video call on Tuesday (Jan 21) with",
            [("Tuesday (Jan 21)", "2025-01-21")],
        ),
        (WED, "on February 4, 2026 shows", [("February 4, 2026", "2026-02-04")]),
        (WED, "on 4 February 2026", [("4 February 2026", "2026-02-04")]),
        (date(2025, 1, 22), "Xi will visit in May", [("in May", "2025-05")]),
        (WED, "two years ago", [("two years ago", "2024")]),
        (WED, "last month", [("last month", "2026-01")]),
        (WED, "on Monday", [("on Monday", "2026-02-02")]),
    ],
)
def test_english(published, text, expected):
    assert resolve("en", published, text) == expected


def test_may_the_modal_verb_is_not_a_month():
    assert resolve("en", WED, "Russia may supply more gas") == []


def test_without_publication_date_relative_dates_stay_unresolved():
    got = resolve("es", None, "el martes 4 de febrero de 2026 y el viernes, en mayo, ayer")
    assert got == [
        ("el martes 4 de febrero de 2026", "2026-02-04"),
        ("el viernes", None),
        ("en mayo", None),
        ("ayer", None),
    ]


def test_impossible_dates_are_dropped_not_guessed():
    assert resolve("es", WED, "el 31 de febrero") == [("el 31 de febrero", None)]


def test_future_sentence_points_ahead():
    # an announcement on 2026-02-04 of a meeting "planned for March" is March 2026
    assert resolve("es", WED, "la cumbre prevista para marzo") == [("para marzo", "2026-03")]
    # ... and a day without a year in a forward-looking sentence is the next one
    assert resolve("es", WED, "se reunirán el 2 de febrero") == [("el 2 de febrero", "2027-02-02")]


def test_compatible_and_most_precise():
    day = DateValue("2026-02-04", DatePrecision.DAY)
    month = DateValue("2026-02", DatePrecision.MONTH)
    other = DateValue("2025-02", DatePrecision.MONTH)
    assert compatible(day, month) and compatible(month, day) and compatible(None, day)
    assert not compatible(day, other)
    assert most_precise(month, day) is day and most_precise(None, month) is month
