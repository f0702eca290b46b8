"""A person in many events and pointed to by many holdings: the entity pages' paging."""

from __future__ import annotations

import re

from pyoxigraph import Literal, NamedNode, Quad

from diplokg.rdf.vocab import DIP, PROV, RDF, RDFS, XSD
from tests.unit.api_fixtures import RES

PERSON = RES + "person/many-events"
GRAPH = NamedNode(RES + "graph/many-events")
#: event number → its dates (several, one, or none); ties and partial dates on purpose
DATES: dict[int, list[tuple[str, str]]] = {
    0: [("2026-03-01", "date")],
    1: [("2026-01-15", "date"), ("2026-04-02", "date")],  # the latest date counts
    2: [("2025-12", "gYearMonth")],
    3: [("2026-03-01", "date")],  # ties with 0: by IRI
    4: [],
    5: [("2024", "gYear")],
    6: [("2025-06-30", "date")],
    7: [],
    8: [("2026-02-10", "date")],
}
#: newest first by the latest date as written, ties by IRI, undated last
NEWEST_FIRST = [1, 0, 3, 8, 2, 6, 5, 4, 7]
HOLDINGS = 7


#: the person's entity page
PAGE_PATH = "/page/" + PERSON[len(RES) :]


def event_iri(k: int) -> str:
    return f"{RES}event/many-{k:02d}"


def holding_iri(h: int) -> str:
    return f"{RES}holding/many-{h}"


#: every holding that points to the person
ALL_HOLDINGS = [holding_iri(h) for h in range(HOLDINGS)]


def _quad(s: str, p: str, o: NamedNode | Literal) -> Quad:
    return Quad(NamedNode(s), NamedNode(p), o, GRAPH)


def paging_quads() -> list[Quad]:
    """The person, its events (each with a label, a date or none, a source) and the
    holdings that point to it."""
    person = NamedNode(PERSON)
    out = [_quad(PERSON, RDFS + "label", Literal("Many Events", language="en"))]
    for k, dates in DATES.items():
        e = event_iri(k)
        out.append(_quad(e, RDF + "type", NamedNode(DIP + "Meeting")))
        out.append(_quad(e, RDFS + "label", Literal(f"meeting number {k}", language="en")))
        out.append(_quad(e, DIP + "participant", person))
        out.append(_quad(e, DIP + "host", person))
        out.append(_quad(e, PROV + "wasDerivedFrom", NamedNode(f"{RES}article/many-{k}")))
        for text, kind in dates:
            out.append(_quad(e, DIP + "date", Literal(text, datatype=NamedNode(XSD + kind))))
    for h in range(HOLDINGS):
        out.append(_quad(holding_iri(h), DIP + "holder", person))
    return out


def events_in(html: str) -> list[str]:
    """The events listed in the events table of an entity page, in order."""
    start = html.index('<table class="events">')
    table = html[start : html.index("</table>", start)]
    return [RES + f for f in re.findall(r'<td><a href="/resource/(event/many-\d\d)"', table)]


def holdings_in(html: str) -> list[str]:
    """The holdings listed under "Referenced by"."""
    return [RES + h for h in re.findall(r'href="/resource/(holding/many-\d)"', html)]
