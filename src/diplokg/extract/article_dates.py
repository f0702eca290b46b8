"""Article-level date rules applied after the events of an article are merged.

A statement is a speech act the article reports; when the text gives it no time of
its own ("dijo", "said", with no "el lunes"), a news report speaks of what was said
on its publication day, so the statement takes that day, unless its speaker took
part in the event the headline or lede reports from the days just before: what is
said in an article about a call or a visit was said there ("Xi instó a unirse ...",
in a report of Monday's call published on Wednesday). So does an event that
happened and that the headline or the lede reports with no time word: that is the
news of the day ("Irán y Arabia Saudí acuerdan restablecer relaciones"). Elsewhere in
the text a meeting or a visit without a time word may be long past, and stays
undated.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from diplokg.model import DatePrecision, DateValue, Event, EventStatus

#: event classes that a report dates by its own day when the text gives no date
REPORTED_ON_PUBLICATION = frozenset({"Statement"})


def date_by_publication(events: Iterable[Event], published: date | None) -> None:
    """Give the publication day to each undated event that happened and that is a
    statement or is reported by the headline or lede.

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
        if not undated:
            continue
        if ev.type in REPORTED_ON_PUBLICATION:
            ev.date = _lede_event_day(ev, events, published) or day
            ev.date_assumed = True
        elif ev.lede:
            ev.date, ev.date_assumed = day, True


#: how many days before publication a lede event may lie to date what is said at it
LEDE_EVENT_DAYS = 3


def _lede_event_day(statement: Event, events: list[Event], published: date) -> DateValue | None:
    """The day of the one recent headline or lede event its speaker took part in."""
    speakers = statement.entity_keys()
    days = {
        ev.date
        for ev in events
        if ev.lede
        and ev.type not in REPORTED_ON_PUBLICATION
        and ev.status is EventStatus.HAPPENED
        and ev.date is not None
        and not ev.date_assumed
        and ev.date.precision is DatePrecision.DAY
        and 0 < (published - date.fromisoformat(ev.date.value)).days <= LEDE_EVENT_DAYS
        and speakers & ev.entity_keys()
    }
    return days.pop() if len(days) == 1 else None


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
    return [
        (ev.date_text, reason)
        for ev in events
        if ev.date_text and (ev.date is None or ev.date_assumed)
    ]
