"""export_dataset: every format round-trips, with the ontology exactly once."""

from __future__ import annotations

import io
from collections import Counter
from decimal import Decimal

import pytest
import rdflib
from pyoxigraph import NamedNode, RdfFormat, parse

from diplokg.config import Settings
from diplokg.export.dataset import EXPORT_FORMATS, dataset_quads, export_dataset
from diplokg.export.owl_view import owl_triples
from diplokg.rdf.ontology import ONTOLOGY_GRAPH, declared_terms, ontology_quads
from diplokg.rdf.vocab import DIP, ONTOLOGY_IRI
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
    expected = len(owl_triples(dataset_quads(store, settings)))
    # the OWL view adds dateStart/datePrecision and direct relation triples + annotations
    assert expected > counts["triples"]
    assert len(list(parse(data, format=rdf_format))) == expected
    assert len(rdflib.Graph().parse(data=data, format=rdflib_format)) == expected


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


# -- the OWL view (ttl / rdfxml / jsonld) -----------------------------------------------
OWL, RDF, RDFS = rdflib.OWL, rdflib.RDF, rdflib.RDFS
XSD_STRING, XSD_DATETIME = rdflib.XSD.string, rdflib.XSD.dateTime
NON_OWL_DATATYPES = {rdflib.XSD.date, rdflib.XSD.gYear, rdflib.XSD.gYearMonth}
D = rdflib.Namespace(DIP)
RES = rdflib.Namespace("https://w3id.org/diplokg/resource/")
#: built-in vocabulary that needs no declaration in OWL 2 (rdfs: and owl: terms)
BUILT_IN = {RDF.type, RDF.first, RDF.rest}


@pytest.fixture(scope="module")
def owl_graph(store, settings) -> rdflib.Graph:
    return rdflib.Graph().parse(data=export(store, settings, "rdfxml"), format="xml")


def test_owl_view_has_only_owl2_datatypes(owl_graph, store, settings):
    found = {getattr(o, "datatype", None) for o in owl_graph.objects()}
    assert not found & NON_OWL_DATATYPES
    # ... while the dataset export keeps the store's types
    trig = export(store, settings, "trig").decode()
    assert "XMLSchema#gYearMonth" in trig or "xsd:gYearMonth" in trig


def test_dates_keep_their_precision(owl_graph):
    visit = RES["event/visit-2025"]  # dip:date "2025-05"^^xsd:gYearMonth in the store
    date = owl_graph.value(visit, D.date)
    assert str(date) == "2025-05" and date.datatype in (None, XSD_STRING)
    assert owl_graph.value(visit, D.dateStart) == rdflib.Literal(
        "2025-05-01T00:00:00", datatype=XSD_DATETIME
    )
    assert str(owl_graph.value(visit, D.datePrecision)) == "month"
    supply = RES["relation/supply-gas"]  # "2019"^^xsd:gYear
    assert str(owl_graph.value(supply, D.datePrecision)) == "year"
    assert str(owl_graph.value(supply, D.dateStart)) == "2019-01-01T00:00:00"
    article = RES["article/seed-000"]
    published = owl_graph.value(article, rdflib.URIRef("http://schema.org/datePublished"))
    assert str(published) == "2025-01-21" and published.datatype in (None, XSD_STRING)


def annotations_of(graph: rdflib.Graph, s, p, o) -> list[rdflib.term.Node]:
    return [
        ax
        for ax in graph.subjects(RDF.type, OWL.Axiom)
        if (ax, OWL.annotatedSource, s) in graph
        and (ax, OWL.annotatedProperty, p) in graph
        and (ax, OWL.annotatedTarget, o) in graph
    ]


def test_relations_become_annotated_direct_triples(owl_graph):
    rus, chn = RES["country/rus"], RES["country/chn"]
    assert (rus, D.supports, chn) in owl_graph
    assert (chn, D.supports, rus) not in owl_graph  # direction follows the roles
    [ax] = annotations_of(owl_graph, rus, D.supports, chn)
    assert owl_graph.value(ax, D.sourceArticle) == RES["article/seed-000"]
    assert owl_graph.value(ax, D.relationNode) == RES["relation/support-taiwan"]
    assert str(owl_graph.value(ax, D.sourceSentence)).startswith("Rusia respalda")
    assert owl_graph.value(ax, D.sourceConfidence).toPython() == Decimal("0.75")
    assert (rus, D.supplies, chn) in owl_graph
    assert annotations_of(owl_graph, rus, D.supplies, chn)
    # the relation nodes stay, with their roles
    assert (RES["relation/supply-gas"], D.supplier, rus) in owl_graph


def test_owl_view_declares_everything_it_uses(owl_graph, settings):
    """OWL 2 DL: every property and class of the export is declared (or built in)."""
    declared = {
        s for s, k in owl_graph.subject_objects(RDF.type) if k in (
            OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty
        )
    }  # fmt: skip
    predicates = {p for p in owl_graph.predicates() if not str(p).startswith((str(OWL), str(RDFS)))}
    missing = predicates - declared - BUILT_IN
    assert not missing, missing
    classes = {o for o in owl_graph.objects(None, RDF.type) if not str(o).startswith(str(OWL))}
    assert classes - declared - {RDFS.Datatype} == set()
    used = {str(t) for t in predicates | classes if str(t).startswith(DIP)}
    assert used - declared_terms(settings) == set()


def test_an_owl_parser_reads_the_export(store, settings):
    """py-horned-owl (not rdflib): the annotated assertion is one OWL axiom."""
    pyhornedowl = pytest.importorskip("pyhornedowl")
    ontology = pyhornedowl.open_ontology_from_string(export(store, settings, "rdfxml").decode())
    assert str(ontology.get_version_iri()).startswith(ONTOLOGY_IRI + "/")
    annotated = {
        str(a.component): {str(x.ap).strip("<>") for x in a.ann}
        for a in ontology.get_axioms()
        if type(a.component).__name__ == "ObjectPropertyAssertion" and a.ann
    }
    key = next(k for k in annotated if "#supports" in k and "country/rus" in k.split()[1])
    assert annotated[key] >= {DIP + "sourceArticle", DIP + "sourceConfidence"}
    kinds = Counter(type(a.component).__name__ for a in ontology.get_axioms())
    assert kinds["ClassAssertion"] >= 20 and kinds["DataPropertyAssertion"] >= 30


def test_owlready2_reads_the_rdfxml_export(store, settings, tmp_path):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path / "export.owl"
    path.write_bytes(export(store, settings, "rdfxml"))
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load(format="rdfxml")
    assert onto.base_iri.startswith(ONTOLOGY_IRI)
    people = {i.iri for i in world.search(type=world[DIP + "Person"])}
    assert str(RES["person/xi-jinping"]) in people
    world.close()
