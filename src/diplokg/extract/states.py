"""A relation a leader expresses binds the state they lead.

"Lula y Xi acordaron reforzar la cooperación" is cooperation between Brazil and China:
relations (support, opposition, cooperation, trade, supply) hold between states even
when their leaders voice them, and analysts ask for them by country. Each leader
taking part in a relation brings the country they lead, in the same role; events keep
their people (a meeting is between the people who met).
"""

from __future__ import annotations

from dataclasses import replace

from diplokg.link.linker import ArticleState
from diplokg.model import Participant, Relation


def with_led_states(rel: Relation, state: ArticleState) -> Relation:
    """``rel`` with the country of each leader taking part, in the leader's role
    (unless that country already takes part)."""
    taking_part = {p.entity for p in rel.participants}
    added: list[Participant] = []
    for p in rel.participants:
        ent = state.entities.get(p.entity)
        if ent is None or len(ent.leader_of) != 1:
            continue
        country = ent.leader_of[0]
        if country in taking_part:
            continue
        taking_part.add(country)
        added.append(Participant(country, p.role))
    if not added:
        return rel
    return replace(rel, participants=[*rel.participants, *added], evidence=list(rel.evidence))
