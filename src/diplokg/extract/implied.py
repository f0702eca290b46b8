"""Relations an article's events imply between their sides (``implies`` in
``triggers.yaml``): an armed action between two sides is opposition between them."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from diplokg.model import Event, Participant, Relation

#: the implied relation is less certain than the event it comes from
FACTOR_IMPLIED = 0.8
#: roles of the implied relation, per relation type: (first side, other sides)
IMPLIED_ROLES = {"Opposition": ("opposer", "opposed")}


def implied_relations(
    events: list[Event], implies: Mapping[str, str], side: Callable[[str], str] = str
) -> list[Relation]:
    """One relation per event whose type implies one and that has two or more sides.

    The first participant named takes the first role (the one acting, for a
    subject-first clause); the others the second. A leader and their country are one
    side (``side``), so "Putin" and "Russia" never oppose each other.
    """
    out: list[Relation] = []
    for ev in events:
        rel_type = implies.get(ev.type)
        if rel_type is None:
            continue
        by_side: dict[str, str] = {}
        for p in ev.participants:
            by_side.setdefault(side(p.entity), p.entity)
        if len(by_side) < 2:
            continue
        first_role, other_role = IMPLIED_ROLES.get(rel_type, ("participant", "participant"))
        keys = list(by_side.values())
        out.append(
            Relation(
                rel_type,
                [Participant(keys[0], first_role)] + [Participant(k, other_role) for k in keys[1:]],
                list(ev.evidence),
                round(ev.confidence * FACTOR_IMPLIED, 3),
                topic=ev.topic,
                trigger=ev.trigger,
            )
        )
    return out
