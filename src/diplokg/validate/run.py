"""Check a stored graph against the ontology: the entry point of `diplokg validate`.

``validate_store`` reads every quad of the store (all article graphs, as one graph),
adds the ontology from ``ontology/diplomacy.ttl`` and runs

* SHACL with ``ontology/shapes.ttl`` (:mod:`diplokg.validate.shacl`),
* the rdflib OWL-level checks in :data:`~diplokg.validate.owl_checks.OWL_CHECKS`, which
  name the node at fault, and the comparison of the store's ontology graph with the
  file (:mod:`diplokg.validate.owl_checks`),
* the HermiT reasoner over the OWL view of ontology + data
  (:mod:`diplokg.validate.reasoner`), unless ``settings.reasoner = "none"``,

and gathers the results, sorted and labelled, in one
:class:`~diplokg.validate.report.ValidationReport`.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import NamedNode, RdfFormat, Triple, parse, serialize
from rdflib import Graph

from diplokg.config import Settings
from diplokg.export.dataset import dataset_quads
from diplokg.export.owl_view import owl_triples
from diplokg.rdf.ontology import ONTOLOGY_GRAPH, ontology_path, shapes_path
from diplokg.rdf.vocab import PREFIXES
from diplokg.store.base import Store
from diplokg.store.updates import unskolemize

from .owl_checks import OWL_CHECKS, OwlCheck, stored_ontology_check
from .reasoner import reasoner_check
from .report import VIOLATION, ValidationReport, with_labels
from .shacl import shacl_violations

DIPSH = "https://w3id.org/diplokg/shapes#"


def validate_store(
    store: Store,
    settings: Settings,
    *,
    checks: Iterable[OwlCheck] | None = None,
    reasoner: bool | None = None,
) -> ValidationReport:
    """Validate everything in ``store`` against the ontology and shapes of ``settings``.

    ``checks`` replaces the rdflib OWL-level checks (default: :data:`OWL_CHECKS`);
    ``reasoner`` overrides ``settings.reasoner`` (run HermiT unless it is "none").
    """
    data, stored_ontology = load_store_graphs(store)
    ontology = Graph().parse(ontology_path(settings), format="turtle")
    shapes = Graph().parse(shapes_path(settings), format="turtle")
    violations = list(shacl_violations(data, ontology, shapes))
    for check in OWL_CHECKS if checks is None else checks:
        violations.extend(check(data, ontology))
    violations.extend(stored_ontology_check(stored_ontology, ontology))
    notes: list[str] = []
    if settings.reasoner != "none" if reasoner is None else reasoner:
        found, note = reasoner_check(owl_triples(dataset_quads(store, settings)), settings)
        violations.extend(found)
        notes.append(note)
    violations.sort(
        key=lambda v: (
            v.severity != VIOLATION,
            v.source_shape,
            v.path or "",
            v.focus,
            v.value or "",
        )
    )
    prefixes = dict(PREFIXES) | {"res": settings.base_iri, "dipsh": DIPSH}
    return ValidationReport(with_labels(violations, data + ontology), prefixes, notes)


def load_store_graphs(store: Store) -> tuple[Graph, Graph | None]:
    """All data triples as one rdflib Graph, and the stored ontology graph (if any)."""
    quads = list(parse(store.dump("application/n-quads"), format=RdfFormat.N_QUADS))
    # the default graph is the merge of the named graphs: leave it out
    data_triples = [
        q.triple
        for q in quads
        if isinstance(q.graph_name, NamedNode) and q.graph_name != ONTOLOGY_GRAPH
    ]
    # the store holds blank nodes as skolem IRIs: turn them back for comparison
    onto_triples = [
        Triple(unskolemize(q.subject), q.predicate, unskolemize(q.object))
        for q in quads
        if q.graph_name == ONTOLOGY_GRAPH
    ]
    data = _to_rdflib(data_triples)
    return data, (_to_rdflib(onto_triples) if onto_triples else None)


def _to_rdflib(triples: list[Triple]) -> Graph:
    """pyoxigraph triples as an rdflib Graph (through N-Triples)."""
    graph = Graph()
    if triples:
        graph.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES), format="nt")
    return graph
