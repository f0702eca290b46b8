"""Everything an entity page shows about one IRI."""

from __future__ import annotations

from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode

from diplokg.api.data.events import ROLE_IRIS, EventInfo, event_details
from diplokg.api.data.labels import fetch_labels
from diplokg.api.runner import QueryRunner
from diplokg.rdf.vocab import OWL, RDF, RDFS
from diplokg.sparql.templates import integer, read_template
from diplokg.sparql.templates import iri as sparql_iri

ROW_LIMIT = 2000
EVENT_LIMIT = 500
_SHOWN_APART = (RDFS + "label", RDF + "type", OWL + "sameAs")
_OUTGOING = read_template(__file__, "entity-outgoing")
_INCOMING = read_template(__file__, "entity-incoming")
_EXISTS = read_template(__file__, "entity-exists")
_DESCRIPTION = read_template(__file__, "entity-description")


@dataclass
class EntityPage:
    """An IRI's labels, types, links, the events it takes part in and its other triples."""

    iri: str
    labels: list[Literal] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    same_as: list[str] = field(default_factory=list)
    #: events/relations it takes part in, newest first, with its roles in each
    events: list[tuple[EventInfo, list[str]]] = field(default_factory=list)
    outgoing: list[tuple[str, object]] = field(default_factory=list)
    incoming: list[tuple[object, str]] = field(default_factory=list)
    labels_of: dict[str, str] = field(default_factory=dict)
    truncated: bool = False


async def load_entity(runner: QueryRunner, iri: str) -> EntityPage | None:
    """The page data for ``iri``, or None when the IRI appears in no triple."""
    parts = {"entity": sparql_iri(iri), "limit": integer(ROW_LIMIT + 1)}
    out_rows = await runner.select(_OUTGOING.fill(**parts), bounded=True)
    in_rows = await runner.select(_INCOMING.fill(**parts), bounded=True)
    if not out_rows and not in_rows:
        return None
    page = EntityPage(iri=iri, truncated=len(out_rows) > ROW_LIMIT or len(in_rows) > ROW_LIMIT)
    for row in out_rows[:ROW_LIMIT]:
        p, o = row["p"].value, row["o"]
        if p == RDFS + "label" and isinstance(o, Literal):
            page.labels.append(o)
        elif p == RDF + "type" and isinstance(o, NamedNode):
            page.types.append(o.value)
        elif p == OWL + "sameAs" and isinstance(o, NamedNode):
            page.same_as.append(o.value)
        else:
            page.outgoing.append((p, o))
    roles: dict[str, list[str]] = {}
    for row in in_rows[:ROW_LIMIT]:
        s, p = row["s"], row["p"].value
        if p in ROLE_IRIS and isinstance(s, NamedNode) and len(roles) < EVENT_LIMIT:
            roles.setdefault(s.value, []).append(p)
        else:
            page.incoming.append((s, p))
    infos = await event_details(runner, roles)
    events = sorted(infos.values(), key=lambda e: e.date_text, reverse=True)
    page.events = [(e, sorted(r for r in roles[e.iri] if not r.endswith("#participant")))
                   for e in events]  # fmt: skip
    page.labels.sort(key=lambda lit: (lit.language or "", lit.value))
    shown = {iri, *page.types, *(p for p, _ in page.outgoing), *(p for _, p in page.incoming)}
    shown.update(o.value for _, o in page.outgoing if isinstance(o, NamedNode))
    shown.update(s.value for s, _ in page.incoming if isinstance(s, NamedNode))
    for info in infos.values():
        shown.update(info.iris())
    page.labels_of = await fetch_labels(runner, shown)
    return page


async def entity_exists(runner: QueryRunner, iri: str) -> bool:
    """True when ``iri`` is the subject or the object of some triple."""
    return await runner.ask(_EXISTS.fill(entity=sparql_iri(iri)), bounded=True)


def describe_query(iri: str) -> str:
    """A CONSTRUCT of the IRI's own triples and of the triples pointing at it."""
    return _DESCRIPTION.fill(entity=sparql_iri(iri))
