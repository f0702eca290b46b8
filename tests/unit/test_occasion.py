"""Unit tests of extract.occasion: an agreement no one is named in takes the sides of
the occasion the headline and lede report."""

from __future__ import annotations

from diplokg.extract.occasion import at_the_occasion
from diplokg.model import DatePrecision, DateValue, Event, Participant

DAY = DateValue("2025-03-04", DatePrecision.DAY)


def _event(type_: str, *keys: str, lede: bool = True, date: DateValue | None = DAY) -> Event:
    return Event(type_, [Participant(k) for k in keys], [], 0.8, date=date, lede=lede)


def _unnamed(date: DateValue | None = None) -> Event:
    return Event("Agreement", [], [], 0.8, date=date, unnamed=True)


def side(key: str) -> str:
    return {"person/ruto": "country/ken", "person/abiy": "country/eth"}.get(key, key)


def test_the_agreement_takes_the_people_and_states_of_the_ledes_occasion() -> None:
    meeting = _event("Meeting", "person/ruto", "person/abiy", "place/nairobi")
    (deal,) = at_the_occasion([_unnamed()], [meeting], side)
    assert {p.entity for p in deal.participants} == {"person/ruto", "person/abiy"}
    assert {p.role for p in deal.participants} == {"signatory"}
    assert deal.date == DAY and not deal.unnamed
    assert deal.sides == ("country/eth", "country/ken")


def test_no_occasion_of_two_sides_in_the_lede_and_another_day_make_none() -> None:
    later = _event("Meeting", "person/ruto", "person/abiy", lede=False)
    alone = _event("Visit", "person/ruto", "country/ken")
    assert at_the_occasion([_unnamed()], [later, alone], side) == []
    meeting = _event("Meeting", "person/ruto", "person/abiy")
    other_day = DateValue("2019-03", DatePrecision.MONTH)
    assert at_the_occasion([_unnamed(other_day)], [meeting], side) == []
