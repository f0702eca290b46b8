"""Who hosts a visit: the state visited, not the city.

"Ishiba visited Washington" is a visit *to the United States* that took place *in
Washington*: a city the gazetteer places in a country is the visit's ``dip:place`` and
its country the ``dip:host``. A city of the visitor's own country stays the host, since
the country would be the visitor's own; a trip only there (a president touring his own
regions) is no visit at all (``goes_home`` with the gazetteer, in the filters).
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


def _city_country(key: str, gz: Gazetteer) -> str | None:
    """The country the gazetteer places a city in, or None (not a place, or none)."""
    entry = gz.get(key)
    return entry.country if entry is not None and entry.type is EntityType.PLACE else None


def _without_home_visitors(
    participants: list[Participant], gz: Gazetteer, state: ArticleState
) -> list[Participant]:
    """Without the visitors at home in the city visited, when others came from abroad
    ("los dos jefes de Estado se reunieron en Pyongyang como parte de la visita de
    Putin": Kim did not visit)."""
    cities = {_city_country(p.entity, gz) for p in participants if p.role == "host"} - {None}
    visitors = [p for p in participants if p.role == "visitor"]
    at_home = [p for p in visitors if cities & _home_countries([p], state)]
    if not at_home or len(at_home) == len(visitors):
        return participants
    return [p for p in participants if p not in at_home]


def country_hosts(
    participants: list[Participant], place: str | None, gz: Gazetteer, state: ArticleState
) -> tuple[list[Participant], str | None]:
    """The participants with each city host replaced by its country, and the place
    (the city, unless the text named one already)."""
    participants = _without_home_visitors(participants, gz, state)
    home = _home_countries(participants, state)
    out: list[Participant] = []
    for p in participants:
        if p.role == "host":
            country = _city_country(p.entity, gz)
            if country and country not in home:
                place = place or p.entity
                p = Participant(country, "host")
        if p not in out:
            out.append(p)
    taken = {p.entity for p in out if p.role == "host"}
    return [p for p in out if p.role == "host" or p.entity not in taken], place


def _homes(participants: list[Participant], state: ArticleState) -> set[str]:
    """A visit's visitors and the states they stand for: where they are at home."""
    visitors = {p.entity for p in participants if p.role == "visitor"}
    return visitors | {state.side(v) for v in visitors}


def goes_home(
    participants: list[Participant], state: ArticleState, gz: Gazetteer | None = None
) -> bool:
    """Whether the only hosts of a visit are its visitors' own countries (a visitor
    not named, "Aterricé en Buenos Aires", may be anyone's), or, with the gazetteer,
    cities of those countries ("Lula viajó a São Paulo": a trip at home, no visit)."""
    homes = _homes(participants, state)
    hosts = {p.entity for p in participants if p.role == "host"}
    if gz is not None:
        hosts = {_city_country(h, gz) or h for h in hosts}
    return bool(homes and hosts) and hosts <= homes


def away_hosts(participants: list[Participant], state: ArticleState) -> list[Participant]:
    """A visit's participants without the visitors' own countries among its hosts when
    another host is named ("German Chancellor Olaf Scholz arrived in Warsaw for the
    Polish-German consultations" is a visit to Poland, not to Germany too)."""
    if goes_home(participants, state):
        return participants  # only home: the filters decide ("regresó a España")
    homes = _homes(participants, state)
    return [p for p in participants if not (p.role == "host" and p.entity in homes)]


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


#: event classes whose foreign participants came to where they took place
MET_IN_PERSON = frozenset({"Meeting"})
#: a visit inferred from presence is less certain than one the text tells
FACTOR_PRESENCE = 0.85


def presence_visits(events: list[Event], gz: Gazetteer, state: ArticleState) -> list[Event]:
    """The visits that presence at a meeting abroad implies: a leader or minister of
    another state at a meeting or talks held in a named city went there ("Modi and
    Ishiba held their summit in Tokyo": Modi visited Japan, in Tokyo; "Trump could
    attend the G20 summit in Johannesburg": a visit expected, as the summit is). Only
    people known to hold office for a state, at an event told as the news (not an
    earlier one), with no visit of theirs to that country reported already."""
    visits = [e for e in events if e.type == "Visit"]
    out: list[Event] = []
    for ev in events:
        if ev.type not in MET_IN_PERSON or ev.earlier or not ev.place:
            continue
        entry = gz.get(ev.place)
        if entry is None or entry.type is not EntityType.PLACE or not entry.country:
            continue
        host = entry.country
        for p in ev.participants:
            ent = state.entities.get(p.entity)
            if ent is None or ent.type is not EntityType.PERSON or not ent.leader_of:
                continue
            if host in ent.leader_of or _visits(visits + out, p.entity, host, gz, state):
                continue
            out.append(
                replace(
                    ev,
                    type="Visit",
                    participants=[Participant(p.entity, "visitor"), Participant(host, "host")],
                    evidence=list(ev.evidence),
                    confidence=round(ev.confidence * FACTOR_PRESENCE, 3),
                    spans=list(ev.spans),
                )
            )
    return out


def _visits(
    visits: list[Event], person: str, host: str, gz: Gazetteer, state: ArticleState
) -> bool:
    """Whether a visit of ``person`` (or of the state they lead) to ``host`` is told."""
    ent = state.entities.get(person)
    sides = {person, *(ent.leader_of if ent else ())}
    for v in visits:
        visitors = {p.entity for p in v.participants if p.role == "visitor"}
        hosts = {p.entity for p in v.participants if p.role == "host"} | {v.place}
        hosts |= {e.country for k in set(hosts) if k and (e := gz.get(k)) and e.country}
        if visitors & sides and host in hosts:
            return True
    return False
