"""Content negotiation for every route: the one place that maps Accept/format to types.

Two families: SPARQL results (SELECT/ASK) and RDF graphs (CONSTRUCT/DESCRIBE, graph
store, entity pages, ontology). Pages may also offer ``text/html``. A ``format=``
parameter (``json``, ``xml``, ``csv``, ``tsv``, ``ttl``, ``nt``, ``rdf``, ``jsonld``,
``trig`` or a full media type) overrides the Accept header.
"""

from __future__ import annotations

from dataclasses import dataclass

HTML = "text/html"

RESULTS_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
GRAPH_TYPES = (
    "text/turtle",
    "application/n-triples",
    "application/rdf+xml",
    "application/ld+json",
    "application/trig",
)

#: Other names clients use for the same serialisations, per family.
_ALIASES: dict[str, dict[str, str]] = {
    "results": {
        "application/json": "application/sparql-results+json",
        "application/xml": "application/sparql-results+xml",
        "text/xml": "application/sparql-results+xml",
    },
    "graph": {
        "application/x-turtle": "text/turtle",
        "text/plain": "application/n-triples",
        "text/n-triples": "application/n-triples",
        "application/json": "application/ld+json",
        "application/xml": "application/rdf+xml",
        "text/xml": "application/rdf+xml",
        "application/x-trig": "application/trig",
    },
}

#: ``format=`` shortcuts, per family.
_SHORTCUTS: dict[str, dict[str, str]] = {
    "results": {
        "json": "application/sparql-results+json",
        "srj": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "srx": "application/sparql-results+xml",
        "csv": "text/csv",
        "tsv": "text/tab-separated-values",
    },
    "graph": {
        "ttl": "text/turtle",
        "turtle": "text/turtle",
        "nt": "application/n-triples",
        "ntriples": "application/n-triples",
        "n-triples": "application/n-triples",
        "rdf": "application/rdf+xml",
        "rdfxml": "application/rdf+xml",
        "xml": "application/rdf+xml",
        "owl": "application/rdf+xml",
        "jsonld": "application/ld+json",
        "json-ld": "application/ld+json",
        "json": "application/ld+json",
        "trig": "application/trig",
    },
}


class NotAcceptable(Exception):
    """No offered media type is acceptable to the client (HTTP 406)."""


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    def specificity(self, media_type: str) -> int:
        """-1 if this range does not match ``media_type``, else how specific it is."""
        t, _, s = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != t:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == s else -1


def parse_accept(header: str | None) -> list[_Range]:
    """Media ranges of an Accept header (malformed entries are skipped)."""
    ranges: list[_Range] = []
    for item in (header or "").split(","):
        media, *params = (p.strip() for p in item.split(";"))
        if "/" not in media:
            continue
        q = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        t, _, s = media.lower().partition("/")
        ranges.append(_Range(t, s, q))
    return ranges


def _quality(ranges: list[_Range], media_type: str, *, exact_only: bool = False) -> float:
    """q of the most specific range matching ``media_type`` (0 if none matches)."""
    best, best_spec = 0.0, -1
    for r in ranges:
        spec = r.specificity(media_type)
        if spec > best_spec and (spec == 2 or not exact_only):
            best, best_spec = r.q, spec
    return best


def _offered_names(offered: tuple[str, ...], family: str) -> dict[str, str]:
    """Every name a client may use (aliases included) → the offered type."""
    names = {t: t for t in offered}
    for alias, target in _ALIASES.get(family, {}).items():
        if target in offered:
            names.setdefault(alias, target)
    return names


def negotiate(
    accept: str | None,
    offered: tuple[str, ...],
    *,
    family: str,
    format_param: str | None = None,
) -> str:
    """The media type to answer with, among ``offered`` (first = default).

    ``family`` is ``"results"`` or ``"graph"`` (selects aliases and shortcuts).
    Raises :class:`NotAcceptable` with a readable message.
    """
    names = _offered_names(offered, family)
    if format_param:
        key = format_param.strip().lower()
        chosen = _SHORTCUTS.get(family, {}).get(key) or names.get(key)
        if key == "html" and HTML in offered:
            chosen = HTML
        if chosen not in offered:
            raise NotAcceptable(
                f"format={format_param!r} is not available here; use one of: " + ", ".join(offered)
            )
        return chosen
    ranges = parse_accept(accept)
    if not ranges:
        return offered[0]
    quality = dict.fromkeys(offered, 0.0)
    for name, target in names.items():
        # An alias counts only when named exactly (text/* must not pick XML via text/xml).
        q = _quality(ranges, name, exact_only=name != target)
        quality[target] = max(quality[target], q)
    best = max(offered, key=lambda t: quality[t])  # first of the best: offered order wins
    if quality[best] <= 0.0:
        raise NotAcceptable(
            f"none of the acceptable types ({accept}) can be produced; available: "
            + ", ".join(offered)
        )
    return best


def results_type(accept: str | None, format_param: str | None = None) -> str:
    """Media type for SELECT/ASK results."""
    return negotiate(accept, RESULTS_TYPES, family="results", format_param=format_param)


def graph_type(accept: str | None, format_param: str | None = None, *, html: bool = False) -> str:
    """Media type for an RDF graph (``html=True`` also offers ``text/html``, first)."""
    offered = (HTML, *GRAPH_TYPES) if html else GRAPH_TYPES
    return negotiate(accept, offered, family="graph", format_param=format_param)


def prefers_html(accept: str | None) -> bool:
    """True when a client (a browser) ranks text/html above every RDF/results type."""
    ranges = parse_accept(accept)
    html_q = max((r.q for r in ranges if r.specificity(HTML) == 2), default=0.0)
    if html_q == 0.0:
        return False
    others = (*RESULTS_TYPES, *GRAPH_TYPES)
    return all(
        html_q >= max((r.q for r in ranges if r.specificity(t) == 2), default=0.0) for t in others
    )


def content_type_header(media_type: str) -> str:
    """The Content-Type value for a media type (text types get ``charset=utf-8``)."""
    if media_type.startswith("text/") and "charset" not in media_type:
        return media_type + "; charset=utf-8"
    return media_type
