"""Relations implied by events (``extract/implied.py``)."""

from __future__ import annotations

from diplokg.extract.implied import implied_relations
from diplokg.model import Event, Evidence, Participant

IMPLIES = {"MilitaryAction": "Opposition"}
EVIDENCE = [Evidence("s", "en")]


def event(type_: str, *keys: str) -> Event:
    return Event(type_, [Participant(k, "participant") for k in keys], EVIDENCE, 0.75)


def test_an_attack_between_two_sides_implies_opposition():
    (rel,) = implied_relations([event("MilitaryAction", "country/rus", "country/ukr")], IMPLIES)
    assert rel.type == "Opposition"
    assert [(p.entity, p.role) for p in rel.participants] == [
        ("country/rus", "opposer"),
        ("country/ukr", "opposed"),
    ]
    assert rel.confidence < 0.75
    assert rel.evidence == EVIDENCE


def test_one_side_or_other_types_imply_nothing():
    leader_of = {"person/vladimir-putin": "country/rus"}
    events = [
        event("MilitaryAction", "country/rus"),
        event("Meeting", "country/rus", "country/chn"),
        event("MilitaryAction", "person/vladimir-putin", "country/rus"),
    ]
    assert implied_relations(events, IMPLIES, lambda k: leader_of.get(k, k)) == []
