"""Who hosts a visit: the state visited, not the city.

"Ishiba visited Washington" is a visit *to the United States* that took place *in
Washington*: a city the gazetteer places in a country is the visit's ``dip:place`` and
its country the ``dip:host``. A city of the visitor's own country (a president touring
his own regions) stays the host, since the country would be the visitor's own.
"""

from __future__ import annotations

from dataclasses import replace

from diplokg.knowledge.gazetteer import Gazetteer
from diplokg.link.linker import ArticleState
from diplokg.model import EntityType, Event, Participant


def _home_countries(participants: list[Participant], state: ArticleState) -> set[str]:
    """The countries the visitors are, or lead."""
    home: set[str] = set()
    for p in participants:
        if p.role != "visitor":
            continue
        ent = state.entities.get(p.entity)
        if ent is None:
            continue
        if ent.type is EntityType.COUNTRY:
            home.add(ent.key)
        home.update(ent.leader_of)
    return home


def country_hosts(
    participants: list[Participant], place: str | None, gz: Gazetteer, state: ArticleState
) -> tuple[list[Participant], str | None]:
    """The participants with each city host replaced by its country, and the place
    (the city, unless the text named one already)."""
    home = _home_countries(participants, state)
    out: list[Participant] = []
    for p in participants:
        if p.role == "host":
            entry = gz.get(p.entity)
            country = entry.country if entry and entry.type is EntityType.PLACE else None
            if country and country not in home:
                place = place or p.entity
                p = Participant(country, "host")
        if p not in out:
            out.append(p)
    taken = {p.entity for p in out if p.role == "host"}
    return [p for p in out if p.role == "host" or p.entity not in taken], place


def tour_legs(visit: Event, gz: Gazetteer, state: ArticleState) -> list[Event]:
    """A tour of several countries is one visit per country: "una gira que le llevará
    a Mauritania, Gambia y Senegal" is three visits, each with its own host (the
    contract's visit has one visitor side and the place or country visited).

    A host person who leads one of the countries goes with that country's visit,
    other hosts with every one; the place stays with the visit to its country."""
    if visit.type != "Visit":
        return [visit]
    hosts = [p for p in visit.participants if p.role == "host"]
    countries = [
        p.entity
        for p in hosts
        if (ent := state.entities.get(p.entity)) is not None and ent.type is EntityType.COUNTRY
    ]
    if len(countries) < 2:
        return [visit]

    def belongs(p: Participant) -> set[str]:
        ent = state.entities.get(p.entity)
        if ent is None:
            return set()
        if ent.type is EntityType.COUNTRY:
            return {ent.key}
        return set(ent.leader_of) & set(countries)

    place_country = None
    if visit.place:
        entry = gz.get(visit.place)
        place_country = entry.country if entry else None
    legs = []
    for country in countries:
        kept = [
            p
            for p in visit.participants
            if p.role != "host" or (belongs(p) or {country}) == {country}
        ]
        legs.append(
            replace(
                visit,
                participants=kept,
                evidence=list(visit.evidence),
                place=visit.place if place_country == country else None,
            )
        )
    return legs
