"""Date expressions resolved against the publication date, at the text's precision."""

from __future__ import annotations

from datetime import date

import pytest

from diplokg.extract.dates import DateResolver, compatible, most_precise, nearest_day
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
        (WED, "el canciller, que llegó anoche a Lima,", [("anoche", "2026-02-03")]),
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
        # a weekday before a day and month is that day, not the last such weekday
        (WED, "On Friday, 30 January, Peru", [("On Friday, 30 January", "2026-01-30")]),
        (WED, "talks on Monday 9 February", [("on Monday 9 February", "2026-02-09")]),
        (WED, "she arrived in Lima last night", [("last night", "2026-02-03")]),
        # a year after month and day without a comma is theirs
        (WED, "in Lima on March 9 2025, when", [("March 9 2025", "2025-03-09")]),
    ],
)
def test_english(published, text, expected):
    assert resolve("en", published, text) == expected


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "the pact signed in March last year", [("in March last year", "2025-03")]),
        ("en", "signed on 19 March last year", [("19 March last year", "2025-03-19")]),
        ("en", "talks due in May next year", [("in May next year", "2027-05")]),
        (
            "es",
            "el pacto firmado en marzo del año pasado",
            [("en marzo del año pasado", "2025-03")],
        ),
        (
            "es",
            "firmado el 19 de marzo del año pasado",
            [("el 19 de marzo del año pasado", "2025-03-19")],
        ),
        ("es", "la cumbre de mayo del próximo año", [("de mayo del próximo año", "2027-05")]),
        ("es", "firmado en marzo del año 2023", [("en marzo del año 2023", "2023-03")]),
    ],
)
def test_a_month_in_a_year_told_relative_to_the_publication(lang, text, expected):
    assert resolve(lang, WED, text) == expected


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
    assert resolve("es", WED, "se reunirán el 1 de enero") == [("el 1 de enero", "2027-01-01")]


def test_compatible_and_most_precise():
    day = DateValue("2026-02-04", DatePrecision.DAY)
    month = DateValue("2026-02", DatePrecision.MONTH)
    other = DateValue("2025-02", DatePrecision.MONTH)
    assert compatible(day, month) and compatible(month, day) and compatible(None, day)
    assert not compatible(day, other)
    assert most_precise(month, day) is day and most_precise(None, month) is month


# -- issue 14: real news ---------------------------------------------------------------
FRI = date(2025, 8, 29)  # a Friday, late in August


def test_day_and_month_ahead_of_the_article_in_a_planned_sentence_is_this_year():
    got = resolve("es", FRI, "el foro está previsto para el 3 de septiembre en Lima")
    assert got == [("el 3 de septiembre", "2025-09-03")]


def test_a_day_just_past_stays_past_even_under_a_future_verb():
    # the date is two weeks before the article; a year ahead is not "the nearest"
    found = DateResolver("es", FRI).find(
        "le contará el resultado de su encuentro con Boric el 14 de agosto", forward=True
    )
    assert [m.value.value for m in found] == ["2025-08-14"]


@pytest.mark.parametrize(
    ("month", "day", "forward", "expected"),
    [
        (9, 3, True, date(2025, 9, 3)),  # future, days ahead
        (8, 14, True, date(2025, 8, 14)),  # future verb, but 15 days back is near
        (7, 20, True, date(2026, 7, 20)),  # future verb, 40 days back is not near
        (10, 20, False, date(2024, 10, 20)),  # past verb: last October
        (9, 3, False, date(2025, 9, 3)),  # past verb, but five days ahead is near
        (1, 10, None, date(2026, 1, 10)),  # no tense: the nearest
        (6, 1, None, date(2025, 6, 1)),
        (8, 29, True, FRI),  # the article's own day, either way
        (8, 29, False, FRI),
    ],
)
def test_nearest_day_in_the_direction_of_the_tense(month, day, forward, expected):
    assert nearest_day(FRI, month, day, forward, near_days=31) == expected


def test_the_29th_of_february_is_found_in_the_nearest_leap_year():
    assert nearest_day(date(2025, 3, 10), 2, 29, None, near_days=31) == date(2024, 2, 29)


def test_a_bare_english_weekday_is_a_date():
    # "said Friday", no "on": the last Friday for a past verb, the next for a future one
    assert resolve("en", WED, "the minister said Friday that") == [("Friday", "2026-01-30")]
    found = DateResolver("en", WED).find("the envoy will fly to Lima Friday", forward=True)
    assert [(m.text, m.value.value) for m in found] == [("Friday", "2026-02-06")]


def test_today_with_a_weekday_is_that_weekday_of_the_week():
    # a report dated Tuesday saying "hoy lunes" speaks of the day before
    got = resolve("es", date(2025, 2, 4), "el rey recibió hoy lunes a su par")
    assert got == [("hoy lunes", "2025-02-03")]


def test_the_month_of_may_spelled_out():
    found = DateResolver("es", WED).find("si viajará a Quito en el mes de mayo", forward=True)
    assert [(m.text, m.value.value) for m in found] == [("en el mes de mayo", "2026-05")]


def test_dates_after_since_or_until_are_bounds():
    found = DateResolver("es", WED).find(
        "negociará hasta el 9 de marzo, su primera visita desde mayo de 2019, el martes"
    )
    assert [(m.text, m.bound) for m in found] == [
        ("el 9 de marzo", True),
        ("desde mayo de 2019", True),
        ("el martes", False),
    ]
    found = DateResolver("en", WED).find("the first visit since June 2018, held on Monday")
    assert [m.bound for m in found] == [True, False]
    # a place after "desde" does not make the next date a bound
    assert [m.bound for m in DateResolver("es", WED).find("llegó desde Lima el lunes")] == [False]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "viajará a Brasil el 6 y 7 del corriente mes", "2025-07-06"),
        ("es", "la cumbre del 6 al 8 de julio", "2025-07-06"),
        ("en", "the summit on July 6-7 in Rio", "2025-07-06"),
        ("en", "talks from 6 to 8 July", "2025-07-06"),
    ],
)
def test_a_range_of_days_is_dated_by_its_first_day(lang, text, expected):
    (found,) = DateResolver(lang, date(2025, 7, 5)).find(text)
    assert found.value.value == expected


def test_date_span_gives_first_and_last_day_at_each_precision():
    from datetime import date

    from diplokg.extract.dates import date_span

    assert date_span("2024") == (date(2024, 1, 1), date(2024, 12, 31))
    assert date_span("2024-02") == (date(2024, 2, 1), date(2024, 2, 29))
    assert date_span("2025-12") == (date(2025, 12, 1), date(2025, 12, 31))
    assert date_span("2025-06-23") == (date(2025, 6, 23), date(2025, 6, 23))


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "On the 30th in Busan, the two leaders met.", "2025-09-30"),
        ("en", "They dined together on the 23rd of last month.", "2025-08-23"),
        ("es", "Los cancilleres se vieron el día 23 en Lima.", "2025-09-23"),
        ("es", "Se reunieron el 23 del mes pasado en Lima.", "2025-08-23"),
    ],
)
def test_a_day_of_this_or_another_month(lang, text, expected):
    found = DateResolver(lang, date(2025, 9, 30)).find(text)
    assert [m.value.value for m in found if m.value] == [expected]


def test_an_ordinal_that_counts_something_else_is_no_date():
    found = DateResolver("en", date(2025, 9, 30)).find("The EU adopted its 17th sanctions package.")
    assert found == []


@pytest.mark.parametrize(
    ("lang", "text", "forward", "expected"),
    [
        ("en", "The two leaders met on the 30th in Busan.", False, "2025-07-30"),
        ("en", "The two leaders will meet on the 2nd in Busan.", True, "2025-09-02"),
        ("es", "Los cancilleres se vieron el día 23 en Lima.", False, "2025-08-23"),
        ("es", "Los cancilleres se verán el día 23 en Lima.", True, "2025-09-23"),
    ],
)
def test_a_bare_day_of_the_month_looks_the_way_of_its_verb(lang, text, forward, expected):
    found = DateResolver(lang, date(2025, 8, 29)).find(text, forward=forward)
    assert [m.value.value for m in found if m.value] == [expected]


@pytest.mark.parametrize(
    ("published", "text", "lang", "month"),
    [
        (date(2025, 8, 29), "la semana pasada", "es", "2025-08"),
        (date(2025, 8, 29), "this past week", "en", "2025-08"),
        (date(2025, 9, 2), "last week", "en", "2025-08"),
        (date(2025, 9, 2), "this week", "en", "2025-09"),
    ],
)
def test_a_week_within_one_month_is_dated_by_that_month(published, text, lang, month):
    (found,) = DateResolver(lang, published).find(text)
    assert found.value is not None and found.value.value == month


def test_a_week_across_two_months_stays_text():
    (found,) = DateResolver("es", date(2025, 6, 6)).find("la semana pasada")
    assert found.value is None


@pytest.mark.parametrize("forward", [None, True, False])
def test_days_of_the_current_month_named_so_stay_in_it_whatever_the_tense(forward):
    resolver = DateResolver("es", date(2025, 7, 5))
    (found,) = resolver.find("continuó viaje el 6 y 7 del corriente mes", forward=forward)
    assert found.value.value == "2025-07-06"


def test_years_before_keeps_the_precision_and_the_last_day_of_february():
    from diplokg.extract.dates import years_before
    from diplokg.model import DatePrecision, DateValue

    day = DateValue("2024-02-29", DatePrecision.DAY)
    assert years_before(day, 3).value == "2021-02-28"
    assert years_before(DateValue("2024-12", DatePrecision.MONTH), 35).value == "1989-12"
    assert years_before(DateValue("0005", DatePrecision.YEAR), 10) is None
