"""Merge the facts of one article that describe the same real-world event.

An article names an event several times ("tuvieron una conversación" ... "a través
de una videollamada" ... "la videoconferencia de este miércoles"); each mention
adds participants, a date or a place. Two events merge when their types are
compatible (equal, or one is a vaguer form of the other), their dates are
compatible and their participants overlap. A vague event ("conversación") that no
specific one absorbs is dropped: it does not say what kind of contact it was,
unless it names where it happened ("held talks in Tokyo"): then the sides met.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from datetime import date, timedelta

from diplokg.extract.dates import compatible, date_span, most_precise
from diplokg.knowledge.text import fold
from diplokg.model import DateValue, Event, EventStatus, Evidence, Participant, Relation

#: vaguer type → the types that refine it
REFINES: dict[str, set[str]] = {
    "Contact": {"Call", "VideoCall", "PhoneCall", "Meeting", "Negotiation"},
    "Call": {"VideoCall", "PhoneCall"},
}
DROP_IF_ALONE = {"Contact"}
#: what a vague contact with a named place is: "held talks in Tokyo"
IN_PERSON = "Meeting"
#: remote contacts: talks in an article that tells of one may have been held in it
CALLS = {"PhoneCall", "VideoCall", "Call", "MessageExchange"}
#: roles that do not make a side of the event (a mediator is a third party)
NOT_SIDES = {"mediator"}
#: Statements are individual utterances: never merged with each other.
NEVER_MERGED = {"Statement"}


def merged_type(a: str, b: str) -> str | None:
    """The type two mentions of one event can share, or None."""
    if a == b:
        return a
    if b in REFINES.get(a, set()):
        return b
    if a in REFINES.get(b, set()):
        return a
    return None


def overlap(a: set[str], b: set[str]) -> bool:
    shared = a & b
    return len(shared) >= 2 or (len(shared) >= 1 and (a <= b or b <= a))


def noisy_or(a: float, b: float) -> float:
    """Combined confidence of two independent supports for one fact."""
    return round(min(0.99, 1 - (1 - a) * (1 - b)), 3)


def _union(a: list[Participant], b: list[Participant]) -> list[Participant]:
    out = list(a)
    for p in b:
        if p not in out:
            out.append(p)
    return out


#: entity key prefixes of the actors that make an event's core sides: the leaders and
#: states that met, called, signed (organisations count only when no state does)
CORE_PREFIXES = ("person/", "country/")


def people_and_states(key: str) -> bool:
    """The core actors by default: people and states (``CORE_PREFIXES``)."""
    return key.startswith(CORE_PREFIXES)


#: keys that are never a side: places are where an event happened
NOT_SIDE_PREFIXES = ("place/",)


def sides_of(
    ev: Event, side: Callable[[str], str], core: Callable[[str], bool] | None = None
) -> tuple[str, ...]:
    """The event's core sides, sorted and unique: each participant mapped through
    ``side`` (a leader → their country), without mediators and places, and, when a
    core actor takes part (``core``: by default people and states), without the
    others (blocs, committees, delegations). Two reports of one meeting share these
    even when one of them also names a bloc that was there."""
    is_core = core or people_and_states
    keys = [
        p.entity
        for p in ev.participants
        if p.role not in NOT_SIDES and not p.entity.startswith(NOT_SIDE_PREFIXES)
    ]
    core_keys = [k for k in keys if is_core(k)]
    return tuple(sorted({side(k) for k in (core_keys or keys)}))


#: how far from the article date an event may lie and still be the one an undated
#: mention of the same sides refers to ("met Ishiba" in the lede is not the meeting
#: "last month" in the background paragraph)
NEAR_PUBLICATION = timedelta(days=7)


def joinable_dates(a: DateValue | None, b: DateValue | None, published: date | None) -> bool:
    """Whether two mentions' dates allow them to be one event of an article dated
    ``published``: compatible, and an undated mention only joins an event dated near
    the article's date (or any, when the article has no date)."""
    if not compatible(a, b):
        return False
    if published is None or (a is None) == (b is None):
        return True
    dated = a or b
    assert dated is not None
    first, last = date_span(dated.value)
    return first - NEAR_PUBLICATION <= published <= last + NEAR_PUBLICATION


def different_people(a: Event, b: Event, side: Callable[[str], str]) -> bool:
    """Whether two mentions name different people for one side ("met Emperor
    Naruhito" and "will meet Prime Minister Ishiba": both Japan, not one event)."""

    def people(ev: Event) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for p in ev.participants:
            if p.entity.startswith("person/"):
                out.setdefault(side(p.entity), set()).add(p.entity)
        return out

    pa, pb = people(a), people(b)
    return any(pa[s].isdisjoint(pb[s]) for s in pa.keys() & pb.keys())


def _other_states(a: Event, b: Event) -> bool:
    """Whether mention ``a`` names two states or more (leaders standing for theirs),
    ``b`` only states too, and none in common: the summit of Trump and Putin is not
    Macron's meeting with Merz, whatever else it shares with it ("la visita, observada
    en Washington" names one state only, and may still be the visit told before)."""
    return (
        len(a.sides) >= 2
        and bool(b.sides)
        and all(k.startswith("country/") for k in (*a.sides, *b.sides))
        and not set(a.sides) & set(b.sides)
    )


def _forums(ev: Event, core: Callable[[str], bool] | None) -> set[str]:
    """The participants of an event that are no core side (blocs, forums)."""
    is_core = core or people_and_states
    return {
        p.entity
        for p in ev.participants
        if p.role not in NOT_SIDES
        and not p.entity.startswith(NOT_SIDE_PREFIXES)
        and not is_core(p.entity)
    }


def forum_of_its_own(a: Event, b: Event, core: Callable[[str], bool] | None = None) -> bool:
    """Whether mention ``a`` is of a forum ``b`` does not name, with one side of its
    own: "he reached Delhi for the G20 summit" is not the bilateral meeting the crown
    prince had with Modi there, though he took part in both."""
    return len(a.sides) < 2 and bool(_forums(a, core) - _forums(b, core))


def other_forum(a: Event, b: Event, core: Callable[[str], bool] | None = None) -> bool:
    """Whether either mention is of a forum the other does not name
    (``forum_of_its_own`` one way or the other)."""
    return forum_of_its_own(a, b, core) or forum_of_its_own(b, a, core)


#: roles of directed events: who acts → whom it is done to
DIRECTED_ROLES = {"issuer": "appliesTo", "visitor": "host"}


def acting_sides(ev: Event, side: Callable[[str], str]) -> tuple[str, ...]:
    """The sides of a directed event's acting role (issuer, visitor), sorted."""
    return tuple(sorted({side(p.entity) for p in ev.participants if p.role in DIRECTED_ROLES}))


def crossed(a: Event, b: Event, side: Callable[[str], str]) -> bool:
    """Whether two directed events act in opposite directions or from different
    actors: Washington's tariffs on Colombia and Bogotá's tariffs on the United States
    share their sides but are two policies."""

    def of(ev: Event, role: str) -> set[str]:
        return {side(p.entity) for p in ev.participants if p.role == role}

    for actor, target in DIRECTED_ROLES.items():
        a_act, b_act = of(a, actor), of(b, actor)
        if a_act & of(b, target) or b_act & of(a, target):
            return True
        if a_act and b_act and a_act.isdisjoint(b_act):
            return True
    return False


#: event types whose mentions name distinct measures: tariffs and visa revocations by
#: one state on another, reported together, are two policies
MEASURES = {"PolicyAnnouncement"}


def same_measure(a: Event, b: Event) -> bool:
    """Whether two mentions of a measure name the same one (the same kind of measure:
    "aranceles" … "los aranceles"), or are no measures."""
    if a.type not in MEASURES or b.type not in MEASURES:
        return True
    if a.topic and a.topic == b.topic:
        return True
    return measure_kind(a) == measure_kind(b)


def measure_kind(ev: Event) -> str:
    """The kind of measure a policy mention names, from its trigger's first word
    ("aranceles" and "arancel" alike): part of the policy's identity."""
    words = fold(ev.trigger or "").split()
    return words[0][:6] if words else ""


def one_event(a: Event, b: Event, side: Callable[[str], str], published: date | None) -> bool:
    """Whether two mentions may be one event whatever their sides: both told as the
    news or both as before it, dates that allow it, the same direction and the same
    kind of measure."""
    return (
        a.earlier == b.earlier
        and joinable_dates(a.date, b.date, published)
        and not crossed(a, b, side)
        and same_measure(a, b)
    )


def other_hosts(
    a: Event, b: Event, side: Callable[[str], str], core: Callable[[str], bool] | None
) -> bool:
    """Whether two visits are to different states: the legs of a tour ("visitará
    Senegal y Costa de Marfil") are two visits, whoever makes them. Only the states
    (``core`` sides) visited count: a palace or a city may be either's."""
    if a.type != "Visit" or b.type != "Visit":
        return False

    is_core = core or people_and_states

    def hosts(ev: Event) -> set[str]:
        return {side(p.entity) for p in ev.participants if p.role == "host" and is_core(p.entity)}

    hosts_a, hosts_b = hosts(a), hosts(b)
    return bool(hosts_a) and bool(hosts_b) and hosts_a.isdisjoint(hosts_b)


def merge_events(
    events: list[Event],
    side: Callable[[str], str] = str,
    published: date | None = None,
    core: Callable[[str], bool] | None = None,
    serves: Callable[[str], str] | None = None,
) -> list[Event]:
    """One event per real-world event of the article.

    ``side`` maps an entity to the side it stands for (a leader → their country), so
    "Russia and China held a video call" and "Putin and Xi held a video call" match.
    With the article date ``published``, an undated mention joins only an event dated
    near it (``joinable_dates``). ``core`` says which actors make an event's sides
    (``sides_of``). ``serves`` maps a person to the state they act for, leader or not
    ("met Modi" and "met his foreign minister" are two meetings; ``side`` by default).
    """
    out: list[Event] = []
    for ev in events:
        ev.sides = sides_of(ev, side, core)
        ev.acting = acting_sides(ev, side)
        target = None
        if ev.type not in NEVER_MERGED:
            for ex in out:
                t = merged_type(ex.type, ev.type)
                if (
                    t
                    and one_event(ex, ev, side, published)
                    and overlap(set(ex.sides), set(ev.sides))
                    and not different_people(ex, ev, serves or side)
                    and not other_forum(ex, ev, core)
                    and not other_hosts(ex, ev, side, core)
                ):
                    target, ex.type = ex, t
                    break
        if ev.type in NEVER_MERGED and ev.continues:
            # "añadió", "Además, señaló": the same speech act as the speaker's last one
            last = next((ex for ex in reversed(out) if ex.type == ev.type), None)
            if last is not None and last.entity_keys() == ev.entity_keys():
                target = last
        if ev.type in NEVER_MERGED and target is None:
            # a page that prints a paragraph twice (a summary above the body) tells
            # one speech act twice
            target = next(
                (
                    ex
                    for ex in out
                    if ex.type == ev.type
                    and ex.entity_keys() == ev.entity_keys()
                    and any(_same_words(a, b) for a in ex.evidence for b in ev.evidence)
                ),
                None,
            )
        if target is None and ev.refers_back:
            # "el encuentro", "the talks": the latest event of that kind reported
            for ex in reversed(out):
                t = merged_type(ex.type, ev.type)
                if (
                    t
                    and ex.type not in NEVER_MERGED
                    and one_event(ex, ev, side, published)
                    # "la cumbre en Alaska entre Trump y Putin" names states of its own:
                    # not the meeting of others reported before
                    and not _other_states(ev, ex)
                    # "met Xi at the APEC summit": the forum's summit is not the
                    # bilateral meeting ("the deal", told of by an organisation, is)
                    and not (ev.type == "Meeting" and forum_of_its_own(ev, ex, core))
                    and not other_hosts(ex, ev, side, core)
                ):
                    target, ex.type = ex, t
                    break
        if target is None:
            out.append(ev)
            continue
        target.participants = _union(target.participants, ev.participants)
        target.sides = sides_of(target, side, core)
        target.acting = acting_sides(target, side)
        if most_precise(target.date, ev.date) is ev.date:
            target.date, target.date_text = ev.date, ev.date_text
        target.evidence += [e for e in ev.evidence if e not in target.evidence]
        target.confidence = noisy_or(target.confidence, ev.confidence)
        target.place = target.place or ev.place
        target.lede = target.lede or ev.lede
        if ev.status is EventStatus.HAPPENED:
            target.status = EventStatus.HAPPENED
        target.quote = target.quote or ev.quote
        target.topic = target.topic or ev.topic
    calls = any(e.type in CALLS for e in out)
    for e in out:
        if e.type in DROP_IF_ALONE and (e.place is not None or (not calls and _two_people(e))):
            # talks held somewhere named, or leaders of two sides who "discussed" in an
            # article that tells of no call: the sides met
            e.type = IN_PERSON
    return [e for e in out if e.type not in DROP_IF_ALONE]


#: share of word pairs two sentences must have in common to be one printed twice
SAME_WORDS = 0.8
SAME_MIN_WORDS = 10


def _same_words(a: Evidence, b: Evidence) -> bool:
    """Whether two sentences are one printed twice, up to a few words or a clause
    added ("President Tinubu expressed …" and "The president expressed …, which …")."""
    wa, wb = _bigrams(a.sentence), _bigrams(b.sentence)
    if min(len(wa), len(wb)) < SAME_MIN_WORDS:
        return False
    return len(wa & wb) >= SAME_WORDS * min(len(wa), len(wb))


def _bigrams(sentence: str) -> set[tuple[str, str]]:
    words = fold(sentence).split()
    return set(itertools.pairwise(words))


def _two_people(ev: Event) -> bool:
    """People of two sides or more take part in the event."""
    people = [p for p in ev.participants if p.entity.startswith("person/")]
    return len(people) >= 2 and len(ev.sides) >= 2


def merge_relations(relations: list[Relation]) -> list[Relation]:
    """One relation per (type, participants with roles, topic, commodity)."""
    out: dict[tuple, Relation] = {}
    for rel in relations:
        key = (
            rel.type,
            frozenset((p.entity, p.role) for p in rel.participants),
            rel.topic,
            rel.commodity,
        )
        if key not in out:
            out[key] = rel
            continue
        _absorb(out[key], rel)
    # "la guerra entre A y B" (both sides in one role) and "A attacked B" (directed)
    # are one relation: the directed one keeps the roles
    merged: list[Relation] = []
    rest = list(out.values())
    for rel in rest:
        if len({p.role for p in rel.participants}) == 1 and len(rel.participants) > 1:
            directed = next(
                (
                    o
                    for o in rest
                    if o is not rel
                    and o.type == rel.type
                    and o.topic == rel.topic
                    and o.commodity == rel.commodity
                    and o.entity_keys() == rel.entity_keys()
                    and len({p.role for p in o.participants}) > 1
                ),
                None,
            )
            if directed is not None:
                _absorb(directed, rel)
                continue
        merged.append(rel)
    return merged


def _absorb(into: Relation, rel: Relation) -> None:
    """Add ``rel``'s evidence and confidence to ``into``."""
    into.evidence += [e for e in rel.evidence if e not in into.evidence]
    into.confidence = noisy_or(into.confidence, rel.confidence)
    into.via = into.via or rel.via
