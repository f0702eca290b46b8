"""The ontology file (``ontology/diplomacy.ttl``) as quads for the store.

The build stores the ontology in its own named graph (:data:`ONTOLOGY_IRI`) so that
queries can follow ``rdfs:subClassOf`` links. Blank nodes get stable identifiers,
so loading the ontology twice writes the same quads (builds stay idempotent).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pyoxigraph import BlankNode, NamedNode, Quad, RdfFormat, parse

from diplokg.config import Settings
from diplokg.rdf.vocab import DIP, ONTOLOGY_IRI, RDF_TYPE

ONTOLOGY_FILE = "diplomacy.ttl"
SHAPES_FILE = "shapes.ttl"
ONTOLOGY_GRAPH = NamedNode(ONTOLOGY_IRI)


def ontology_path(settings: Settings) -> Path:
    """Path of the OWL ontology (Turtle) for these settings."""
    return Path(settings.ontology_dir) / ONTOLOGY_FILE


def shapes_path(settings: Settings) -> Path:
    """Path of the SHACL shapes (Turtle) for these settings."""
    return Path(settings.ontology_dir) / SHAPES_FILE


def ontology_quads(settings: Settings) -> list[Quad]:
    """The ontology's triples as quads in the graph ``https://w3id.org/diplokg/ontology``.

    Raises FileNotFoundError when the file is missing and SyntaxError when it does
    not parse.
    """
    path = ontology_path(settings)
    return list(_parse_cached(path.resolve(), path.stat().st_mtime_ns))


def declared_terms(settings: Settings) -> set[str]:
    """IRIs in the ``dip:`` namespace that the ontology gives an ``rdf:type``."""
    return {
        q.subject.value
        for q in ontology_quads(settings)
        if q.predicate == RDF_TYPE
        and isinstance(q.subject, NamedNode)
        and q.subject.value.startswith(DIP)
    }


@lru_cache(maxsize=4)
def _parse_cached(path: Path, _mtime_ns: int) -> tuple[Quad, ...]:
    """Parse the ontology file once per modification time."""
    with path.open("rb") as f:
        triples = list(parse(f, format=RdfFormat.TURTLE, base_iri=ONTOLOGY_IRI))
    stable: dict[str, BlankNode] = {}

    def fix(term):
        if isinstance(term, BlankNode):
            if term.value not in stable:
                stable[term.value] = BlankNode(f"diplokgont{len(stable)}")
            return stable[term.value]
        return term

    return tuple(Quad(fix(t.subject), t.predicate, fix(t.object), ONTOLOGY_GRAPH) for t in triples)
