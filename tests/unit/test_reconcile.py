"""Joining undated event reports to their dated twins (diplokg.build.reconcile)."""

from __future__ import annotations

import pytest

from diplokg.build.reconcile import EventNode, find_twins
from diplokg.extract.dates import DateConstraint, DateResolver


def node(iri, types, sides, dates=(), texts=(), statuses=("Happened",)) -> EventNode:
    return EventNode(
        iri,
        types=set(types),
        dates=set(dates),
        date_texts=set(texts),
        statuses=set(statuses),
        sides=set(sides),
        graphs={"g-" + iri},
    )


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("es", "el martes", DateConstraint(weekday=2)),
        ("es", "Este miércoles 4 de febrero", DateConstraint(weekday=3, day=4, month=2)),
        ("es", "En mayo", DateConstraint(month=5)),
        ("es", "en 2022", DateConstraint(year=2022)),
        ("es", "el mes pasado", DateConstraint()),
        ("en", "on Tuesday (Jan 21)", DateConstraint(weekday=2, day=21, month=1)),
        ("en", "last Friday", DateConstraint(weekday=5)),
    ],
)
def test_constraint_keeps_the_absolute_parts(lang, text, expected):
    assert DateResolver(lang, None).constraint(text) == expected


def test_constraint_admits_dates_at_any_precision():
    tuesday = DateConstraint(weekday=2)
    assert tuesday.admits("2025-01-21")  # a Tuesday
    assert not tuesday.admits("2026-02-04")  # a Wednesday
    assert tuesday.admits("2026-02")  # month precision cannot rule it out
    may = DateConstraint(month=5)
    assert may.admits("2025-05-09") and not may.admits("2025-06")
    assert DateConstraint(year=2022).admits("2022") and not DateConstraint(year=2022).admits("2023")


CHN, RUS, USA = "country/chn", "country/rus", "country/usa"


def test_weekday_picks_the_one_dated_call_of_the_two():
    nodes = {
        "u": node("u", ["VideoCall"], [CHN, RUS], texts=[("el martes", "es")]),
        "d2025": node("d2025", ["VideoCall"], [CHN, RUS], dates=["2025-01-21"]),
        "d2026": node("d2026", ["VideoCall"], [CHN, RUS], dates=["2026-02-04"]),
    }
    assert find_twins(nodes) == {"u": "d2025"}


def test_two_fitting_candidates_leave_the_report_apart():
    nodes = {
        "u": node("u", ["Call"], [CHN, USA], texts=[("el mes pasado", "es")]),
        "a": node("a", ["PhoneCall"], [CHN, USA], dates=["2025-01-17"]),
        "b": node("b", ["VideoCall"], [CHN, USA], dates=["2026-02-04"]),
    }
    assert find_twins(nodes) == {}


def test_vaguer_type_joins_a_refined_twin_but_not_another_type():
    nodes = {
        "u": node("u", ["Call"], [CHN, USA], texts=[("el viernes", "es")]),
        "d": node("d", ["PhoneCall"], [CHN, USA], dates=["2025-01-17"]),
        "m": node("m", ["Visit"], [CHN, USA], dates=["2025-01-17"]),
    }
    assert find_twins(nodes) == {"u": "d"}


def test_planned_report_never_joins_an_event_that_happened():
    nodes = {
        "u": node("u", ["Visit"], [CHN, "country/fra"], statuses=["Planned"]),
        "d": node("d", ["Visit"], [CHN, "country/fra"], dates=["2023-04"]),
    }
    assert find_twins(nodes) == {}
    nodes["d"].statuses = {"Expected"}
    assert find_twins(nodes) == {"u": "d"}


def test_sides_must_agree_and_statements_never_join():
    nodes = {
        "u": node("u", ["Meeting"], [CHN, RUS]),
        "d": node("d", ["Meeting"], [USA, "country/fra"], dates=["2025-03-01"]),
        "s": node("s", ["Statement"], [CHN]),
        "sd": node("sd", ["Statement"], [CHN], dates=["2025-03-01"]),
    }
    assert find_twins(nodes) == {}


def test_dated_nodes_are_never_rejoined():
    nodes = {
        "d1": node("d1", ["Meeting"], [CHN, RUS], dates=["2025-03-01"]),
        "d2": node("d2", ["Meeting"], [CHN, RUS], dates=["2025-03"]),
    }
    assert find_twins(nodes) == {}


def test_core_sides_must_be_equal_not_just_overlap():
    # an undated report of three-party talks is not the two leaders' meeting
    nodes = {
        "u": node("u", ["Meeting"], [CHN, RUS, USA]),
        "d": node("d", ["Meeting"], [CHN, RUS], dates=["2025-03-01"]),
    }
    for n in nodes.values():
        n.core_sides = set(n.sides)
    assert find_twins(nodes) == {}


def test_a_bloc_one_report_adds_does_not_keep_two_reports_apart():
    nodes = {
        "u": node("u", ["Meeting"], [CHN, RUS, "org/q7159"]),
        "d": node("d", ["Meeting"], [CHN, RUS], dates=["2025-03-01"]),
    }
    nodes["u"].core_sides = {CHN, RUS}
    nodes["d"].core_sides = {CHN, RUS}
    assert find_twins(nodes) == {"u": "d"}


def test_a_report_of_what_happened_is_bounded_by_its_publication():
    nodes = {
        "u": node("u", ["Meeting"], [CHN, RUS]),
        "d": node("d", ["Meeting"], [CHN, RUS], dates=["2025-03-01"]),
    }
    nodes["u"].published = {"2025-02-20"}
    assert find_twins(nodes) == {}
    nodes["u"].published = {"2025-03-02"}
    assert find_twins(nodes) == {"u": "d"}


def test_a_date_assumed_from_publication_joins_the_report_that_names_the_day():
    nodes = {
        "a": node("a", ["Meeting"], [CHN, RUS], dates=["2025-03-02"]),  # lede, no time word
        "d": node("d", ["Meeting"], [CHN, RUS], dates=["2025-03-01"], texts=[("el sábado", "es")]),
    }
    nodes["a"].published = {"2025-03-02"}
    nodes["d"].published = {"2025-03-03"}
    assert nodes["a"].assumed and not nodes["d"].assumed
    assert find_twins(nodes) == {"a": "d"}


def test_a_join_that_tells_more_of_the_twin_is_followed_by_the_joins_it_allows():
    # u2 (planned) fits the call of unknown status and the planned one; once u1 (that
    # happened, "el sábado") joins the first, the first happened: u2 is the second's
    nodes = {
        "d": node("d", ["Meeting"], [CHN, RUS], dates=["2025-03-01"], statuses=()),
        "d2": node("d2", ["Meeting"], [CHN, RUS], dates=["2025-04-01"], statuses=["Planned"]),
        "u1": node("u1", ["Meeting"], [CHN, RUS], texts=[("el sábado", "es")]),
        "u2": node("u2", ["Meeting"], [CHN, RUS], statuses=["Planned"]),
    }
    assert find_twins(nodes) == {"u1": "d", "u2": "d2"}
    assert nodes["d"].statuses == set()  # the caller's nodes are left as they were


def test_a_twin_its_report_leaves_dated_only_by_publication_joins_on_with_its_report():
    # d is dated 2 March in an article of 5 March, with no date phrase; the report u
    # published on 2 March joins it, so d's date is now a publication day: d is as
    # good as undated and joins the Tuesday (4 March) meeting, and u with it
    nodes = {
        "u": node("u", ["Meeting"], [CHN, RUS], dates=["2025-03-02"]),
        "d": node("d", ["Meeting"], [CHN, RUS], dates=["2025-03-02"], statuses=()),
        "d2": node(
            "d2", ["Meeting"], [CHN, RUS], dates=["2025-03-04"], texts=[("el martes", "es")]
        ),
    }
    nodes["u"].published = {"2025-03-02"}
    nodes["d"].published = {"2025-03-05"}
    nodes["d2"].published = {"2025-03-05"}
    assert nodes["u"].assumed and not nodes["d"].assumed
    assert find_twins(nodes) == {"u": "d2", "d": "d2"}
