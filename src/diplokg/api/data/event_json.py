"""Events as the JSON APIs give them (timeline, network): plain values a page or a
notebook can use without knowing RDF."""

from __future__ import annotations

from typing import Any

from pyoxigraph import Literal

from diplokg.api.data.events import EventInfo
from diplokg.api.terms import link_for, source_view_href
from diplokg.rdf.vocab import DIP, XSD

#: The precision of a ``dip:date`` by its datatype.
PRECISION = {XSD + "date": "day", XSD + "gYearMonth": "month", XSD + "gYear": "year"}


def date_json(lit: Literal | None) -> dict[str, str] | None:
    """``{"value": "2025-05", "precision": "month"}``, or None for no date."""
    if lit is None:
        return None
    precision = PRECISION.get(lit.datatype.value)
    if precision is None:
        precision = {10: "day", 7: "month", 4: "year"}.get(len(lit.value), "unknown")
    return {"value": lit.value, "precision": precision}


def _local(iri: str) -> str:
    return iri[len(DIP) :] if iri.startswith(DIP) else iri


def _node(iri: str, labels: dict[str, str], base_iri: str) -> dict[str, Any]:
    return {"iri": iri, "label": labels.get(iri, iri.rsplit("/", 1)[-1]),
            "page": link_for(iri, base_iri)}  # fmt: skip


def event_json(info: EventInfo, labels: dict[str, str], base_iri: str) -> dict[str, Any]:
    """One event: types, label, date with precision, status, places, participants with
    their roles, and its sources (article, outlet, language, URL, evidence)."""
    return {
        **_node(info.iri, labels, base_iri),
        "types": [_local(t) for t in info.types],
        "date": date_json(info.dates[0] if info.dates else None),
        "status": [_local(s) for s in info.statuses],
        "places": [_node(p, labels, base_iri) for p in info.places],
        "participants": [
            {**_node(p, labels, base_iri), "roles": [_local(r) for r in roles]}
            for p, roles in info.participants.items()
        ],
        "details": {
            _local(prop): [_node(o, labels, base_iri) for o in objects]
            for prop, objects in info.details.items()
        },
        "source_count": len(info.sources),
        "sources": [
            {
                **_node(s.article, labels, base_iri),
                "source_view": source_view_href(s.article, base_iri),
                "url": s.url if link_for(s.url or "", base_iri) == s.url else None,
                "published": s.published,
                "outlet": s.outlet,
                "language": s.language,
                "evidence": [{"text": ev.value, "lang": ev.language} for ev in s.evidence],
            }
            for s in info.sources
        ],
    }
