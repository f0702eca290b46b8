"""Everything an entity page shows about one IRI, one page of its events at a time.

A page comes from three queries, whatever the number of events: the entity's own
triples, one page of the triples pointing to it and the IRIs of every event it takes
part in (``entity-page.rq``); the facts and sources of the page's events
(``event-details.rq``); the labels of everything shown (``labels.rq``). The events are
put newest first (by their latest date, undated last, as the timeline orders them)
from a store statistic of every event's latest date (:func:`event_dates`), so that no
page looks up the dates of events it does not show; a store without a version (a
remote one) gets the dates with the events instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from diplokg.api.data.events import ROLE_IRIS, EventInfo, event_details
from diplokg.api.data.labels import fetch_labels
from diplokg.api.data.timeline import newest_window, stated_dates
from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import OWL, RDF, RDFS
from diplokg.sparql.templates import integer, iri_list, read_template, terms
from diplokg.sparql.templates import iri as sparql_iri

#: The most triples of the entity itself a page shows (the rest: /data/ or SPARQL).
ROW_LIMIT = 2000
#: An entity in more events than this gets its page from the newest-first window of
#: dates (entity-events-window.rq) rather than from the list of all its events.
LISTED = 2000
_PAGE = read_template(__file__, "entity-page")
_EVENTS = read_template(__file__, "entity-events")
_EVENTS_DATED = read_template(__file__, "entity-events-dated")
_EVENTS_WINDOW = read_template(__file__, "entity-events-window")
_EVENT_DATES = read_template(__file__, "event-dates")
_EXISTS = read_template(__file__, "entity-exists")
_DESCRIPTION = read_template(__file__, "entity-description")
_ROLE_LIST = iri_list(ROLE_IRIS)


@dataclass
class EntityPage:
    """An IRI's labels, types, links, one page of the events it takes part in, its
    other triples and one page of the triples pointing to it."""

    iri: str
    labels: list[Literal] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    #: one page of the events/relations it takes part in, newest first, with its roles
    events: list[tuple[EventInfo, list[str]]] = field(default_factory=list)
    #: how many events/relations it takes part in, on all pages
    events_total: int = 0
    #: the page of events shown (from 1) and the events per page
    page: int = 1
    size: int = 25
    outgoing: list[tuple[str, object]] = field(default_factory=list)
    #: one page of the triples pointing to it (subject, property)
    incoming: list[tuple[object, str]] = field(default_factory=list)
    #: the page of ``incoming`` shown (from 1), and whether more come after it
    refs_page: int = 1
    refs_more: bool = False
    labels_of: dict[str, str] = field(default_factory=dict)
    truncated: bool = False

    @property
    def first(self) -> int:
        """The number (from 1) of the first event shown."""
        return (self.page - 1) * self.size + 1

    @property
    def pages(self) -> int:
        """How many pages of events there are (at least 1)."""
        return max(1, -(-self.events_total // self.size))

    @property
    def more(self) -> bool:
        """True when older events come on a next page."""
        return self.page < self.pages


async def event_dates(runner: QueryRunner) -> dict[str, str]:
    """Event IRI → its latest date as written, for every dated event (a store
    statistic: kept per store version, computed again after a write)."""
    return await runner.statistic("event-dates", _event_dates)


async def _event_dates(runner: QueryRunner) -> dict[str, str]:
    return {row["e"].value: row["d"].value for row in await runner.select(_EVENT_DATES.fill())}


async def _newest(
    runner: QueryRunner, entity: str, dates: dict[str, str], wanted: int
) -> tuple[dict[str, str | None], int] | None:
    """The events of ``entity`` with a date in a newest-first window that holds at
    least ``wanted`` of them (exactly the head of all its events newest first: any
    other has only older dates), and how many events it takes part in; None when the
    window holds fewer. The window is sized for an entity in :data:`LISTED` events
    (it takes part in more)."""
    share = max(1, -(-await stated_dates(runner) // LISTED))
    window = await newest_window(runner, wanted * share)
    if window is None:
        return None
    rows = await runner.select(
        _EVENTS_WINDOW.fill(entity=entity, dates=terms(window)), bounded=True
    )
    total = next((int(r["n"].value) for r in rows if "n" in r), 0)
    found: dict[str, str | None] = {r["e"].value: dates.get(r["e"].value) for r in rows if "e" in r}
    return (found, total) if len(found) >= wanted else None


async def _events_page(
    runner: QueryRunner,
    entity: str,
    dated: dict[str, str | None],
    kept: bool,
    page: int,
    size: int,
) -> tuple[int, list[str]]:
    """How many events the entity takes part in, and the IRIs of the page's, newest
    first. ``dated``: the events of entity-page.rq (their dates when not ``kept``)."""
    start = (page - 1) * size
    if kept:
        dates = await event_dates(runner)
        if len(dated) > LISTED:
            found = await _newest(runner, entity, dates, start + size)
            if found is not None:
                window, total = found
                return total, newest_first(window)[start : start + size]
            # the window is short of the page: list them all
            every = _EVENTS.fill(entity=entity, limit=integer(10**12))
            dated = {r["e"].value: None for r in await runner.select(every, bounded=True)}
        dated = {e: dates.get(e) for e in dated}
    return len(dated), newest_first(dated)[start : start + size]


def newest_first(dated: dict[str, str | None]) -> list[str]:
    """Event IRIs by their date, newest first, undated last, ties by IRI (the order of
    the timeline: ``ORDER BY ASC(!BOUND(?d)) DESC(?d) ?e``)."""
    by_iri = sorted(dated)
    with_date = sorted((e for e in by_iri if dated[e]), key=lambda e: dated[e], reverse=True)
    # sorted() keeps equal keys in their order, with reverse=True too: IRIs ascending
    return with_date + [e for e in by_iri if not dated[e]]


async def load_entity(
    runner: QueryRunner, iri: str, *, page: int = 1, size: int = 25, refs_page: int = 1
) -> EntityPage | None:
    """The page data for ``iri``: events ``(page - 1) * size`` to ``page * size``
    and the ``refs_page``-th page of ``size`` triples pointing to it; None when the IRI
    appears in no triple.

    The queries look up the triples of given nodes only (one entity, then the page's
    events and the IRIs shown), so they run as bounded queries."""
    entity = sparql_iri(iri)
    kept = runner.version is not None
    if kept:
        events = _EVENTS.fill(entity=entity, limit=integer(LISTED + 1))
    else:
        events = _EVENTS_DATED.fill(entity=entity)
    rows = await runner.select(
        _PAGE.fill(
            entity=entity, limit=integer(ROW_LIMIT + 1), roles=_ROLE_LIST, event_rows=events,
            refs_limit=integer(size + 1), refs_offset=integer((refs_page - 1) * size),
        ),
        bounded=True,
    )  # fmt: skip
    out_rows = [r for r in rows if "p" in r]
    in_rows = [r for r in rows if "q" in r]
    dated = {r["e"].value: (r["d"].value if "d" in r else None) for r in rows if "e" in r}
    if not rows and (page > 1 or refs_page > 1) and await entity_exists(runner, iri):
        return EntityPage(iri=iri, page=page, size=size, refs_page=refs_page)
    if not rows:
        return None
    out = EntityPage(iri=iri, truncated=len(out_rows) > ROW_LIMIT, page=page, size=size,
                     refs_page=refs_page, refs_more=len(in_rows) > size)  # fmt: skip
    for row in out_rows[:ROW_LIMIT]:
        p, o = row["p"].value, row["o"]
        if p == RDFS + "label" and isinstance(o, Literal):
            out.labels.append(o)
        elif p == RDF + "type" and isinstance(o, NamedNode):
            out.types.append(o.value)
        elif p == OWL + "sameAs" and isinstance(o, NamedNode):
            out.same_as.append(o.value)
        else:
            out.outgoing.append((p, o))
    out.incoming = [(row["s"], row["q"].value) for row in in_rows[:size]]
    out.events_total, shown = await _events_page(runner, entity, dated, kept, page, size)
    infos = await event_details(runner, shown)
    out.events = [(infos[e], sorted(infos[e].participants.get(iri, ()))) for e in shown]
    out.labels.sort(key=lambda lit: (lit.language or "", lit.value))
    labelled = {iri, *out.types, *(p for p, _ in out.outgoing), *(p for _, p in out.incoming)}
    labelled.update(o.value for _, o in out.outgoing if isinstance(o, NamedNode))
    labelled.update(s.value for s, _ in out.incoming if isinstance(s, NamedNode))
    for info in infos.values():
        labelled.update(info.iris())
    out.labels_of = await fetch_labels(runner, labelled)
    return out


async def entity_exists(runner: QueryRunner, iri: str) -> bool:
    """True when ``iri`` is the subject or the object of some triple."""
    return await runner.ask(_EXISTS.fill(entity=sparql_iri(iri)), bounded=True)


def describe_query(iri: str) -> str:
    """A CONSTRUCT of the IRI's own triples and of the triples pointing at it."""
    return _DESCRIPTION.fill(entity=sparql_iri(iri))
