"""Export the ontology and all data in one file (``diplokg export``).

Graph formats (``ttl``, ``rdfxml``, ``jsonld``) get one merged graph, the *OWL
view* (:mod:`diplokg.export.owl_view`): the union of every named graph plus the ontology,
headed by the ontology's ``owl:Ontology`` node, with reasoner-friendly dates and
direct relation triples carrying their provenance as OWL axiom annotations, so the
file opens in Protégé as is (nothing is imported) and HermiT accepts it. Dataset
formats (``trig``, ``nq``) keep the named graphs exactly as stored (the store's
datatypes, relation nodes only), the ontology in its own graph.
The ontology always comes from ``ontology/diplomacy.ttl``, replacing any copy the
store holds, so an export never carries two versions of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import BinaryIO

import rdflib
from pyoxigraph import NamedNode, Quad, RdfFormat, Triple, parse, serialize

from diplokg.config import Settings
from diplokg.export.owl_view import owl_triples
from diplokg.rdf.ontology import ONTOLOGY_GRAPH, ontology_quads
from diplokg.rdf.vocab import PREFIXES
from diplokg.store.base import Store


@dataclass(frozen=True)
class ExportFormat:
    """An export format: its serialisation, media type and file extension."""

    rdf_format: RdfFormat
    media_type: str
    extension: str
    keeps_graphs: bool


EXPORT_FORMATS: dict[str, ExportFormat] = {
    "ttl": ExportFormat(RdfFormat.TURTLE, "text/turtle", "ttl", False),
    "rdfxml": ExportFormat(RdfFormat.RDF_XML, "application/rdf+xml", "owl", False),
    "jsonld": ExportFormat(RdfFormat.JSON_LD, "application/ld+json", "jsonld", False),
    "trig": ExportFormat(RdfFormat.TRIG, "application/trig", "trig", True),
    "nq": ExportFormat(RdfFormat.N_QUADS, "application/n-quads", "nq", True),
}

#: Extra prefixes for namespaces the ontology uses (besides :data:`PREFIXES`).
EXTRA_PREFIXES = {
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "dcterms": "http://purl.org/dc/terms/",
    "vann": "http://purl.org/vocab/vann/",
    "cameo": "https://w3id.org/diplokg/cameo/",
    "plover": "https://w3id.org/diplokg/plover/",
}


def export_prefixes(settings: Settings) -> dict[str, str]:
    """Prefixes for exported files: the project's namespaces plus ``res:`` for data."""
    return {**PREFIXES, **EXTRA_PREFIXES, "res": settings.base_iri}


def export_dataset(store: Store, settings: Settings, fmt: str, out: BinaryIO) -> None:
    """Write ontology + data from ``store`` to ``out`` in ``fmt``.

    ``fmt`` is one of ``ttl``, ``rdfxml``, ``trig``, ``nq``, ``jsonld``; anything
    else raises ValueError.
    """
    spec = EXPORT_FORMATS.get(fmt)
    if spec is None:
        raise ValueError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    quads = dataset_quads(store, settings)
    prefixes = None if spec.rdf_format == RdfFormat.N_QUADS else export_prefixes(settings)
    if spec.keeps_graphs:
        serialize(quads, out, spec.rdf_format, prefixes=prefixes)
    elif spec.rdf_format == RdfFormat.JSON_LD:
        write_jsonld(owl_triples(quads), export_prefixes(settings), out)
    else:
        serialize(owl_triples(quads), out, spec.rdf_format, prefixes=prefixes)


def write_jsonld(triples: list[Triple], prefixes: dict[str, str], out: BinaryIO) -> None:
    """JSON-LD with an ``@context`` of the prefixes (rdflib compacts; pyoxigraph does not)."""
    graph = rdflib.Graph()
    graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    text = graph.serialize(format="json-ld", context=prefixes, auto_compact=True)
    out.write(text.encode("utf-8"))


def dataset_quads(store: Store, settings: Settings) -> list[Quad]:
    """The ontology graph (from the file) followed by every other quad of the store."""
    stored = parse(store.dump("application/n-quads"), format=RdfFormat.N_QUADS)
    # the default graph is the merge of the named graphs: leave it out
    data = [
        q for q in stored if isinstance(q.graph_name, NamedNode) and q.graph_name != ONTOLOGY_GRAPH
    ]
    data.sort(key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)))
    return ontology_quads(settings) + data
