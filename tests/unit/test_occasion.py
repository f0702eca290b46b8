"""Unit tests of extract.occasion: a fact no one is named in as its subject takes the
sides of the occasion the headline and lede report."""

from __future__ import annotations

from diplokg.extract.occasion import at_the_occasion
from diplokg.model import DatePrecision, DateValue, Event, Participant, Relation

DAY = DateValue("2025-03-04", DatePrecision.DAY)


def _event(type_: str, *keys: str, lede: bool = True, date: DateValue | None = DAY) -> Event:
    return Event(type_, [Participant(k) for k in keys], [], 0.8, date=date, lede=lede)


def _unnamed(date: DateValue | None = None) -> Event:
    return Event("Agreement", [], [], 0.8, date=date, unnamed="signatory")


def side(key: str) -> str:
    return {"person/ruto": "country/ken", "person/abiy": "country/eth"}.get(key, key)


def test_the_agreement_takes_the_people_and_states_of_the_ledes_occasion() -> None:
    meeting = _event("Meeting", "person/ruto", "person/abiy", "place/nairobi", "org/au")
    (deal,) = at_the_occasion([_unnamed()], [meeting], side)
    assert {p.entity for p in deal.participants} == {"person/ruto", "person/abiy"}
    assert {p.role for p in deal.participants} == {"signatory"}
    assert deal.date == DAY and not deal.unnamed
    assert deal.sides == ("country/eth", "country/ken")


def test_no_occasion_of_two_sides_in_the_lede_and_another_day_make_none() -> None:
    later = _event("Meeting", "person/ruto", "person/abiy", lede=False)
    alone = _event("Visit", "person/ruto", "country/ken")
    blocs = _event("Meeting", "org/au", "org/eu")
    assert at_the_occasion([_unnamed()], [later, alone, blocs], side) == []
    meeting = _event("Meeting", "person/ruto", "person/abiy")
    other_day = DateValue("2019-03", DatePrecision.MONTH)
    assert at_the_occasion([_unnamed(other_day)], [meeting], side) == []


def test_a_texts_stance_is_held_by_the_bloc_whose_summit_adopted_it() -> None:
    summit = _event("Meeting", "org/au")
    stance = Relation("Support", [Participant("country/som", "supported")], [], 0.6)
    stance.unnamed = "supporter"
    (held,) = at_the_occasion([stance], [summit], side)
    assert {(p.entity, p.role) for p in held.participants} == {
        ("org/au", "supporter"),
        ("country/som", "supported"),
    }
    # a stance towards no one named is no relation, whoever holds it
    alone = Relation("Support", [], [], 0.6, unnamed="supporter")
    assert at_the_occasion([alone], [summit], side) == []
