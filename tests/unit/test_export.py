"""export_dataset: every format round-trips, with the ontology exactly once."""

from __future__ import annotations

import io

import pytest
import rdflib
from pyoxigraph import NamedNode, RdfFormat, parse

from diplokg.config import Settings
from diplokg.export import EXPORT_FORMATS, export_dataset
from diplokg.ontology import ONTOLOGY_GRAPH, ontology_quads
from diplokg.rdf.vocab import ONTOLOGY_IRI
from tests.unit.test_validate import sample_store

# rdflib's own TriG / N-Quads / JSON-LD parsers use its deprecated ConjunctiveGraph.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib.*")
DISTINCT_DATA_TRIPLES = f"""
SELECT (COUNT(*) AS ?n) WHERE {{
  SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_IRI}>) }}
}}"""
DATA_QUADS = f"""
SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(?g != <{ONTOLOGY_IRI}>) }}"""


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def store(settings):
    # The store holds a copy of the ontology too: the export must not double it.
    return sample_store(settings)


@pytest.fixture(scope="module")
def counts(settings, store) -> dict[str, int]:
    ontology = len(ontology_quads(settings))
    triples = int(store.solutions(DISTINCT_DATA_TRIPLES)[0]["n"].value)
    quads = int(store.solutions(DATA_QUADS)[0]["n"].value)
    return {"ontology": ontology, "triples": triples + ontology, "quads": quads + ontology}


def export(store, settings, fmt: str) -> bytes:
    out = io.BytesIO()
    export_dataset(store, settings, fmt, out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("fmt", "rdf_format", "rdflib_format"),
    [
        ("ttl", RdfFormat.TURTLE, "turtle"),
        ("rdfxml", RdfFormat.RDF_XML, "xml"),
        ("jsonld", RdfFormat.JSON_LD, "json-ld"),
    ],
)
def test_graph_formats_round_trip(store, settings, counts, fmt, rdf_format, rdflib_format):
    data = export(store, settings, fmt)
    assert len(list(parse(data, format=rdf_format))) == counts["triples"]
    assert len(rdflib.Graph().parse(data=data, format=rdflib_format)) == counts["triples"]


@pytest.mark.parametrize(
    ("fmt", "rdf_format", "rdflib_format"),
    [("trig", RdfFormat.TRIG, "trig"), ("nq", RdfFormat.N_QUADS, "nquads")],
)
def test_dataset_formats_keep_graphs(store, settings, counts, fmt, rdf_format, rdflib_format):
    data = export(store, settings, fmt)
    quads = list(parse(data, format=rdf_format))
    assert len(quads) == counts["quads"]
    graphs = {q.graph_name for q in quads}
    assert ONTOLOGY_GRAPH in graphs
    assert {g.value for g in graphs if g != ONTOLOGY_GRAPH} == set(store.graphs()) - {ONTOLOGY_IRI}
    in_ontology = [q for q in quads if q.graph_name == ONTOLOGY_GRAPH]
    assert len(in_ontology) == counts["ontology"]
    dataset = rdflib.Dataset()
    dataset.parse(data=data, format=rdflib_format)
    assert len(list(dataset.quads((None, None, None, None)))) == counts["quads"]


def test_rdfxml_has_one_ontology_header_and_no_imports(store, settings):
    graph = rdflib.Graph().parse(data=export(store, settings, "rdfxml"), format="xml")
    headers = list(graph.subjects(rdflib.RDF.type, rdflib.OWL.Ontology))
    assert headers == [rdflib.URIRef(ONTOLOGY_IRI)]
    assert not list(graph.objects(None, rdflib.OWL.imports))
    assert (rdflib.URIRef(ONTOLOGY_IRI), rdflib.OWL.versionIRI, None) in graph


def test_turtle_uses_prefixes(store, settings):
    text = export(store, settings, "ttl").decode()
    for prefix in ("dip", "schema", "prov", "owl", "rdfs", "xsd", "wd", "skos", "res"):
        assert f"@prefix {prefix}: " in text
    first_subject = next(parse(text.encode(), format=RdfFormat.TURTLE)).subject
    assert first_subject == NamedNode(ONTOLOGY_IRI)


def test_jsonld_has_a_context(store, settings):
    text = export(store, settings, "jsonld").decode()
    assert '"@context"' in text and '"dip:Person"' in text


def test_unknown_format(store, settings):
    with pytest.raises(ValueError, match="unknown export format"):
        export(store, settings, "xlsx")
    assert set(EXPORT_FORMATS) == {"ttl", "rdfxml", "trig", "nq", "jsonld"}
