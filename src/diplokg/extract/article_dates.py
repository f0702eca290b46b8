"""Article-level date rules applied after the events of an article are merged.

A statement is a speech act the article reports; when the text gives it no time of
its own ("dijo", "said", with no "el lunes"), a news report speaks of what was said
on its publication day, so the statement takes that day, unless its speaker took
part in the event the headline or lede reports from the days just before: what is
said in an article about a call or a visit was said there ("Xi instó a unirse ...",
in a report of Monday's call published on Wednesday). So does an event that
happened and that the headline or the lede reports with no time word: that is the
news of the day ("Irán y Arabia Saudí acuerdan restablecer relaciones"). A speaker's
words the lede dates ("Wang Yi on Saturday briefed reporters") date the same
speaker's words further down. When the lede tells of one day just before the report
("evidenciaron este miércoles sus diferencias", in Thursday's paper), that day, not
the report's, is the one of the lede's undated events and of what the people it names
say. Elsewhere in
the text a meeting or a visit without a time word may be long past, and stays
undated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from diplokg.extract.dates import DateMention
from diplokg.model import DatePrecision, DateValue, Event, EventStatus

#: event classes that a report dates by its own day when the text gives no date
REPORTED_ON_PUBLICATION = frozenset({"Statement"})
#: event classes reached at the recent event the lede reports when all their sides
#: took part in it ("acordaron ..." in a report of Monday's call between the two)
REACHED_AT_LEDE_EVENT = frozenset({"Agreement"})


def date_by_publication(
    events: Iterable[Event],
    published: date | None,
    lede_day: DateValue | None = None,
    lede_actors: frozenset[str] = frozenset(),
) -> None:
    """Give the publication day to each undated event that happened and that is a
    statement or is reported by the headline or lede; or ``lede_day``, the one recent
    day the lede tells of, to those lede events and to the statements of the people
    and states the lede passage names, or of their states (``lede_actors``).

    ``date_text`` stays empty: the date is the report's, not a phrase of the text
    (so joining across articles does not read a constraint from it), and
    ``date_assumed`` says so (``rdf.iris`` keys the event only by its month).
    """
    if published is None:
        return
    events = list(events)
    day = DateValue(published.isoformat(), DatePrecision.DAY)
    for ev in events:
        undated = ev.date is None and ev.status is EventStatus.HAPPENED
        if not undated or ev.earlier:
            continue
        if ev.type in REPORTED_ON_PUBLICATION:
            ev.date = (
                _briefing_day(ev, events, published)
                or _lede_event_day(ev, events, published)
                or (lede_day if (set(ev.sides) | ev.entity_keys()) & lede_actors else None)
                or day
            )
            ev.date_assumed = True
        elif ev.lede:
            ev.date, ev.date_assumed = lede_day or day, True
        elif ev.type in REACHED_AT_LEDE_EVENT:
            reached = _lede_event_day(ev, events, published, whole=True)
            if reached is not None:
                ev.date, ev.date_assumed = reached, True


#: how many days before publication a lede event may lie to date what is said at it
LEDE_EVENT_DAYS = 3


#: events at which what is said is said: a statement with no day of its own, by one who
#: took part in the one such event of the days before the report, was made there
SAID_AT = frozenset({"Meeting", "Call", "PhoneCall", "VideoCall", "Negotiation", "Visit"})


def lede_day(mentions: Iterable[DateMention], published: date | None) -> DateValue | None:
    """The one day the lede passage names (its date ``mentions``) in the days just
    before publication ("evidenciaron este miércoles sus diferencias" in a
    report of Thursday): the day of the occasion the report is about, when what is
    said in it has no time of its own."""
    if published is None:
        return None
    days = {
        m.value
        for m in mentions
        if m.value is not None
        and not m.bound
        and m.value.precision is DatePrecision.DAY
        and 1 <= (published - date.fromisoformat(m.value.value)).days <= LEDE_EVENT_DAYS
    }
    return days.pop() if len(days) == 1 else None


def _briefing_day(event: Event, events: list[Event], published: date) -> DateValue | None:
    """The day the headline or lede gives the same speaker's words ("Wang Yi on
    Saturday briefed reporters ...": what Wang said further down was said then), when
    it is one recent day."""
    days = {
        ev.date
        for ev in events
        if ev is not event
        and ev.lede
        and ev.type == event.type
        and _recent_day(ev, published, earliest=0) is not None
        and ev.entity_keys() & event.entity_keys()
    }
    return days.pop() if len(days) == 1 else None


def _lede_event_day(
    event: Event, events: list[Event], published: date, *, whole: bool = False
) -> DateValue | None:
    """The day of the one recent headline or lede event the event's actors took part
    in (some of them, or with ``whole`` all of its people and states); failing that,
    of the one recent meeting, call or visit of the article they took part in."""
    day = _recent_event_day(event, [ev for ev in events if ev.lede], published, whole)
    if day is None and event.type in REPORTED_ON_PUBLICATION | REACHED_AT_LEDE_EVENT:
        # the speakers themselves, not their states (Netanyahu's words are not dated by
        # Herzog's meeting); a meeting of the publication day is a second possible day
        contacts = [ev for ev in events if ev.type in SAID_AT]
        day = _recent_event_day(event, contacts, published, whole, by_sides=False, same_day=True)
    return day


def _recent_event_day(
    event: Event,
    events: list[Event],
    published: date,
    whole: bool,
    *,
    by_sides: bool = True,
    same_day: bool = False,
) -> DateValue | None:
    """The day of the one event of ``events``, dated in the days before ``published``
    (or on it, with ``same_day``), that the event's actors took part in (by their
    sides, with ``by_sides``: a leader stands for the state); none when two days are
    possible. (A lede event of the publication day dates nothing the report does not.)"""
    speakers = (set(event.sides) if by_sides else set()) or event.entity_keys()
    if not speakers:
        return None
    earliest = 0 if same_day else 1
    days = {
        ev.date
        for ev in events
        if ev.type not in REPORTED_ON_PUBLICATION
        and ev.status is EventStatus.HAPPENED
        and _recent_day(ev, published, earliest) is not None
        and _took_part(speakers, ev, whole)
        # "At the Tokyo summit, the two agreed…" was not reached at the Busan meeting
        and (event.place is None or ev.place is None or event.place == ev.place)
    }
    return days.pop() if len(days) == 1 else None


def _recent_day(ev: Event, published: date, earliest: int) -> DateValue | None:
    """The event's own day (read in the text, not assumed), when it lies ``earliest``
    to :data:`LEDE_EVENT_DAYS` days before ``published``; else None."""
    if ev.date is None or ev.date_assumed or ev.date.precision is not DatePrecision.DAY:
        return None
    days = (published - date.fromisoformat(ev.date.value)).days
    return ev.date if earliest <= days <= LEDE_EVENT_DAYS else None


def _took_part(actors: set[str], ev: Event, whole: bool) -> bool:
    """Whether the actors (all of them, with ``whole``, by sides) took part in ``ev``."""
    taking_part = set(ev.sides) | ev.entity_keys()
    return actors <= taking_part if whole else bool(actors & taking_part)


#: why a date phrase of the text dates nothing (the build summary counts them)
NO_PUBLICATION_DATE = "no publication date"
AMBIGUOUS = "ambiguous"


def unresolved_dates(events: Iterable[Event], published: date | None) -> list[tuple[str, str]]:
    """``(phrase, reason)`` for every event whose date phrase could not be resolved.

    Without a publication date a relative phrase ("el martes", "4 de febrero") has
    nothing to count from; with one, what is left says no day, month or year the
    ontology can hold ("la semana pasada", "hace unos días").
    """
    reason = NO_PUBLICATION_DATE if published is None else AMBIGUOUS
    # once per phrase: a visit inferred from a meeting shares the meeting's phrase
    return list(
        dict.fromkeys(
            (ev.date_text, reason)
            for ev in events
            if ev.date_text and (ev.date is None or ev.date_assumed)
        )
    )
