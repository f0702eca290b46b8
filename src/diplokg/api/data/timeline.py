"""Events in date order, newest first, optionally those of one participant."""

from __future__ import annotations

from diplokg.api.data.events import EventInfo, event_details
from diplokg.api.data.labels import fetch_labels
from diplokg.api.data.sparql_text import PREFIXES
from diplokg.api.data.sparql_text import iri as sparql_iri
from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import EVENT_TYPES

_EVENTS = """SELECT ?e (MAX(STR(?date)) AS ?d) WHERE {{
  ?e a ?type .
  {{ VALUES ?type {{ {types} }} }} UNION {{ ?type rdfs:subClassOf+ dip:Event }}
  {participant}
  OPTIONAL {{ ?e dip:date ?date }}
}} GROUP BY ?e ORDER BY DESC(?d) ?e LIMIT {limit} OFFSET {offset}"""


async def load_timeline(
    runner: QueryRunner, *, entity: str | None, limit: int, offset: int
) -> tuple[list[EventInfo], dict[str, str], bool]:
    """A page of events (newest first), their labels, and whether more follow.

    Events are nodes of a ``dip:Event`` subclass (the known event classes, plus any
    subclass the stored ontology declares); undated events come last.
    """
    participant = f"?e dip:participant {sparql_iri(entity)} ." if entity else ""
    rows = await runner.select(
        PREFIXES
        + _EVENTS.format(
            types=" ".join(f"dip:{t}" for t in EVENT_TYPES),
            participant=participant,
            limit=limit + 1,
            offset=offset,
        )
    )
    order = [row["e"].value for row in rows]
    more = len(order) > limit
    order = order[:limit]
    infos = await event_details(runner, order)
    events = [infos[e] for e in order]
    shown: set[str] = {entity} if entity else set()
    for info in events:
        shown.update(info.iris())
    return events, await fetch_labels(runner, shown), more
