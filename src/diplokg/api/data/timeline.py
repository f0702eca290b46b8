"""The events of a timeline: chosen actors, period, event types, outlets, languages.

:class:`TimelineFilter` holds validated filters; :func:`load_timeline` returns one page
of events (by date, undated last), their labels and how many events match in all.
The SPARQL is ``queries/timeline-*.rq``, filled only with fragments made here from
validated IRIs, dates, class names and language codes.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from pyoxigraph import Literal, NamedNode

from diplokg.api.data.events import EventInfo, event_details
from diplokg.api.data.labels import fetch_labels
from diplokg.api.runner import QueryRunner
from diplokg.extract.dates import date_span
from diplokg.rdf.vocab import DIP, EVENT_TYPES
from diplokg.sparql.templates import (
    EMPTY,
    Fragment,
    integer,
    literals,
    read_template,
    terms,
    values,
)
from diplokg.sparql.templates import iri as sparql_iri

_MATCH = read_template(__file__, "timeline-match")
_PAGE = read_template(__file__, "timeline-page")
_COUNT = read_template(__file__, "timeline-count")
_PERIOD = read_template(__file__, "timeline-period")
_FACETS = read_template(__file__, "timeline-facets")
_ACTOR = read_template(__file__, "timeline-actor")
_KINDS = read_template(__file__, "timeline-kinds")
_SOURCES = read_template(__file__, "timeline-sources")
_OUTLETS = read_template(__file__, "timeline-outlets")
_LANGUAGES = read_template(__file__, "timeline-languages")
_DATED = read_template(__file__, "timeline-dated").fill()
_WINDOW = read_template(__file__, "timeline-window")
_DATES = read_template(__file__, "timeline-dates")
#: The newest-first window holds this many times the dates a page needs (events may
#: have several dates, and filters drop some), else the whole timeline is sorted.
WINDOW_MARGIN = 4
_KNOWN_TYPES = values("type", (DIP + t for t in EVENT_TYPES))
_PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LANG = re.compile(r"^[a-z]{2,3}$")


def period_bound(text: str, *, end: bool) -> str:
    """A full ISO date from ``2024``, ``2024-05`` or ``2024-05-17``: the first day of
    the year or month (``end``: its last day). Raises ValueError otherwise."""
    m = _PARTIAL_DATE.match(text.strip())
    if not m:
        raise ValueError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    year, month = int(m[1]), m[2]
    if month:
        first, last = date_span(m[0])
        return (last if end else first).isoformat()
    return f"{year:04d}-12-31" if end else f"{year:04d}-01-01"


@dataclass(frozen=True)
class TimelineFilter:
    """What a timeline shows: all set filters must hold."""

    #: IRIs of actors that must all take part
    actors: tuple[str, ...] = ()
    #: full ISO dates bounding the period (either may be open)
    start: str | None = None
    end: str | None = None
    #: event classes (local names of :data:`EVENT_TYPES`; subclasses included)
    types: tuple[str, ...] = ()
    #: publisher IRIs: some source article comes from one of them
    outlets: tuple[str, ...] = ()
    #: language codes: some source article (of an outlet above) is in one of them
    languages: tuple[str, ...] = ()
    newest_first: bool = True

    def __post_init__(self) -> None:
        for t in self.types:
            if t not in EVENT_TYPES:
                raise ValueError(f"unknown event type {t!r}; known: {', '.join(EVENT_TYPES)}")
        for lang in self.languages:
            if not _LANG.match(lang):
                raise ValueError(f"not a language code: {lang!r}")
        for d in (self.start, self.end):
            if d is not None:
                date.fromisoformat(d)
        for i in (*self.actors, *self.outlets):
            sparql_iri(i)  # ValueError for an invalid IRI

    def match(self, dates: Fragment | None = None) -> Fragment:
        """The filled ``timeline-match.rq``; ``dates``: its ``{dates}`` pattern (default:
        the optional dates of timeline-dated.rq)."""
        actors = Fragment(" ".join(_ACTOR.fill(actor=sparql_iri(a)) for a in self.actors))
        kinds = EMPTY
        if self.types:
            kinds = _KINDS.fill(kinds=values("kind", (DIP + t for t in self.types)))
        sources = EMPTY
        if self.outlets or self.languages:
            outlets = (
                _OUTLETS.fill(outlets=values("outlet", self.outlets)) if self.outlets else EMPTY
            )
            languages = (
                _LANGUAGES.fill(languages=literals(self.languages)) if self.languages else EMPTY
            )
            sources = _SOURCES.fill(outlet_pattern=outlets, language_pattern=languages)
        period = EMPTY
        if self.start or self.end:
            period = _PERIOD.fill(
                start=literals([self.start or "0000-01-01"]),
                end=literals([self.end or "9999-12-31"]),
            )
        return _MATCH.fill(
            types=_KNOWN_TYPES,
            actors=actors,
            kinds=kinds,
            sources=sources,
            dates=_DATED if dates is None else dates,
            period=period,
        )

    @property
    def has_period(self) -> bool:
        return bool(self.start or self.end)

    @property
    def selects_all(self) -> bool:
        """True when no filter is set: every event is shown (in either order)."""
        return not (self.actors or self.types or self.outlets or self.languages or self.has_period)


@dataclass
class TimelinePage:
    """One page of a timeline."""

    events: list[EventInfo]
    labels: dict[str, str]
    total: int

    def more_after(self, offset: int) -> bool:
        return offset + len(self.events) < self.total


async def load_timeline(
    runner: QueryRunner, filters: TimelineFilter, *, limit: int, offset: int
) -> TimelinePage:
    """Events ``offset`` to ``offset + limit`` of the timeline, with labels and total
    (kept per store version in ``runner.cache``).

    Newest first, the page is looked for among the events with a date in a window of
    the newest dates, chosen from the number of times each date is stated so that the
    window should hold the page; only a window that does hold it is used (its events
    are exactly the head of the whole timeline), else the whole timeline is sorted.
    The dates and the total of the unfiltered timeline are store statistics
    (:meth:`QueryRunner.statistic`): kept per store version whatever the page cache,
    and computed again after each write before a request needs them."""
    key = ("timeline", filters, limit, offset)
    version = runner.version
    cached = runner.cache.get(key, version)
    if cached is not None:
        return cached
    rows, total = await asyncio.gather(
        _page_rows(runner, filters, limit, offset), _total(runner, filters)
    )  # two queries at once: two worker processes
    order_iris = [row["e"].value for row in rows]
    infos = await event_details(runner, order_iris)
    events = [infos[e] for e in order_iris]
    shown: set[str] = set(filters.actors) | set(filters.outlets)
    for info in events:
        shown.update(info.iris())
    page = TimelinePage(events, await fetch_labels(runner, shown), total)
    runner.cache.put(key, version, page)
    return page


async def _page_rows(
    runner: QueryRunner, filters: TimelineFilter, limit: int, offset: int
) -> list[dict]:
    """The rows (``?e``, ``?d``) of one page, from the newest-first window if it holds
    the page."""
    order = Fragment("DESC" if filters.newest_first else "ASC")
    if filters.newest_first:
        dates = await newest_window(runner, offset + limit)
        if dates is not None:
            window = _WINDOW.fill(dates=terms(dates))
            rows = await runner.select(
                _PAGE.fill(
                    match=filters.match(window), order=order, limit=integer(limit),
                    offset=integer(offset),
                )
            )  # fmt: skip
            if len(rows) == limit:
                return rows
            # else the window is short of the page: sort everything
    return await runner.select(
        _PAGE.fill(match=filters.match(), order=order, limit=integer(limit), offset=integer(offset))
    )


async def _total(runner: QueryRunner, filters: TimelineFilter) -> int:
    """How many events match (kept per store version: every page of a timeline
    shows it; the unfiltered timeline's as a store statistic)."""
    if filters.selects_all:
        return await runner.statistic("timeline-total", _count_all)
    version = runner.version
    key = ("timeline-total", filters)
    total = runner.cache.get(key, version)
    if total is None:
        total = await _count(runner, filters)
        runner.cache.put(key, version, total)
    return total


async def _count(runner: QueryRunner, filters: TimelineFilter) -> int:
    # the count needs the dates only to test the period
    counted = await runner.select(
        _COUNT.fill(match=filters.match(None if filters.has_period else EMPTY))
    )
    return int(counted[0]["n"].value) if counted else 0


async def _count_all(runner: QueryRunner) -> int:
    return await _count(runner, TimelineFilter())


async def _date_counts(runner: QueryRunner) -> list[tuple[str, Any, int]]:
    """Each stated date term with its string and how many times it is stated, the
    latest (by string, as the page orders) first."""
    rows = await runner.select(_DATES.fill())
    counts = [(row["date"].value, row["date"], int(row["n"].value)) for row in rows]
    return sorted(counts, key=lambda c: c[0], reverse=True)


async def stated_dates(runner: QueryRunner) -> int:
    """How many dates the store states, in all (from the store statistic)."""
    return sum(n for _, _, n in await runner.statistic("timeline-dates", _date_counts))


async def newest_window(runner: QueryRunner, wanted: int) -> list[Any] | None:
    """The date terms of the newest-first window: every stored date whose string is at
    or after that of the latest date from which on the store states
    :data:`WINDOW_MARGIN` × ``wanted`` dates; None if it states fewer (or a date in
    the window is a blank node, which a query cannot name)."""
    counts = await runner.statistic("timeline-dates", _date_counts)
    seen = 0
    for k, (text, _, n) in enumerate(counts):
        seen += n
        if seen >= WINDOW_MARGIN * wanted:
            # and the dates after it with the same string (the window is "STR >= text")
            window = [term for t, term, _ in counts[: k + 1]]
            window += [term for t, term, _ in counts[k + 1 :] if t == text]
            if any(not isinstance(t, NamedNode | Literal) for t in window):
                return None
            return window
    return None


async def load_facets(runner: QueryRunner) -> dict[str, list]:
    """The outlets (IRI and name) and languages of the stored articles (a store
    statistic: kept per store version whatever the page cache)."""
    return await runner.statistic("timeline-facets", _load_facets)


async def _load_facets(runner: QueryRunner) -> dict[str, list]:
    outlets: dict[str, str] = {}
    languages: set[str] = set()
    for row in await runner.select(_FACETS.fill()):
        if "pub" in row:
            pub = row["pub"].value
            name = row["name"].value if "name" in row else None
            outlets[pub] = outlets.get(pub) or name or pub.rsplit("/", 1)[-1]
        if "lang" in row:
            languages.add(row["lang"].value)
    return {
        "types": list(EVENT_TYPES),
        "outlets": [{"iri": i, "name": n} for i, n in sorted(outlets.items(), key=lambda x: x[1])],
        "languages": sorted(languages),
    }
