"""A relation a leader or a minister of a state expresses binds the state they lead or
serve; what a state body says or decides, its state says or decides.

"Lula y Xi acordaron reforzar la cooperación" is cooperation between Brazil and China:
relations (support, opposition, cooperation, trade, supply) hold between states even
when their leaders or foreign ministers voice them, and analysts ask for them by
country. Each leader, or holder of a state office the gazetteer knows, taking part in a
relation brings that state, in the same role; events keep their people (a meeting is
between the people who met).

"China's Foreign Ministry said", "sanctions announced by the Foreign Office": a
ministry or agency of a state (``government`` / ``agency`` in the gazetteer) that
speaks, issues a measure or holds a relation brings its state, in the same role; the
body stays (its own node, linked to Wikidata).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TypeVar

from diplokg.knowledge.gazetteer import Gazetteer
from diplokg.link.linker import STATE_BODIES
from diplokg.model import Event, Participant, Relation

Fact = TypeVar("Fact", Event, Relation)

#: roles in which a state body acts for its state
ACTING_ROLES = frozenset({"speaker", "issuer", "supporter", "opposer", "signatory"})


def with_led_states(rel: Relation, serves: Callable[[str], str]) -> Relation:
    """``rel`` with the country of each leader or state minister taking part, in their
    role (unless that country already takes part): the foreign minister who "reiterated
    the commitment to closer cooperation" binds the state they serve, as a leader does.
    ``serves`` maps a person to the state they lead or serve (themselves if none)."""

    def led(p: Participant) -> str | None:
        country = serves(p.entity)
        return country if country != p.entity and country.startswith("country/") else None

    return _with_states(rel, led)


def with_body_states(fact: Fact, gz: Gazetteer) -> Fact:
    """``fact`` with the state of each state body acting in it, in the body's role
    (unless that state already takes part)."""

    def body_state(p: Participant) -> str | None:
        entry = gz.get(p.entity)
        if p.role not in ACTING_ROLES or entry is None or entry.kind not in STATE_BODIES:
            return None
        return entry.country or None

    return _with_states(fact, body_state)


def _with_states(fact: Fact, state_of: Callable[[Participant], str | None]) -> Fact:
    """``fact`` with the state ``state_of`` gives for each participant added in that
    participant's role, unless the state already takes part."""
    taking_part = {p.entity for p in fact.participants}
    added: list[Participant] = []
    for p in fact.participants:
        country = state_of(p)
        if country is None or country in taking_part:
            continue
        taking_part.add(country)
        added.append(Participant(country, p.role))
    if not added:
        return fact
    return replace(fact, participants=[*fact.participants, *added], evidence=list(fact.evidence))
