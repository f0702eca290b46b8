"""Events in date order, newest first, optionally those of one participant."""

from __future__ import annotations

from diplokg.api.data.events import EventInfo, event_details
from diplokg.api.data.labels import fetch_labels
from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import DIP, EVENT_TYPES
from diplokg.sparql.templates import EMPTY, integer, read_template, values
from diplokg.sparql.templates import iri as sparql_iri

_EVENTS = read_template(__file__, "timeline-events")
_PARTICIPANT = read_template(__file__, "timeline-participant")
_KNOWN_TYPES = values("type", (DIP + t for t in EVENT_TYPES))


async def load_timeline(
    runner: QueryRunner, *, entity: str | None, limit: int, offset: int
) -> tuple[list[EventInfo], dict[str, str], bool]:
    """A page of events (newest first), their labels, and whether more follow.

    Events are nodes of a ``dip:Event`` subclass (the known event classes, plus any
    subclass the stored ontology declares); undated events come last.
    """
    participant = _PARTICIPANT.fill(entity=sparql_iri(entity)) if entity else EMPTY
    query = _EVENTS.fill(
        types=_KNOWN_TYPES,
        participant=participant,
        limit=integer(limit + 1),
        offset=integer(offset),
    )
    rows = await runner.select(query)
    order = [row["e"].value for row in rows]
    more = len(order) > limit
    order = order[:limit]
    infos = await event_details(runner, order)
    events = [infos[e] for e in order]
    shown: set[str] = {entity} if entity else set()
    for info in events:
        shown.update(info.iris())
    return events, await fetch_labels(runner, shown), more
