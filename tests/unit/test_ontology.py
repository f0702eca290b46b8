"""The ontology file: parses, is OWL 2 DL-plausible, declares every term the code emits."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pyshacl
import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns

from diplokg.config import Settings
from diplokg.model import EntityType
from diplokg.ontology import (
    ONTOLOGY_GRAPH,
    declared_terms,
    ontology_path,
    ontology_quads,
    shapes_path,
)
from diplokg.rdf.vocab import DIP, EVENT_TYPES, ONTOLOGY_IRI, RELATION_TYPES, ROLES, STATUSES
from diplokg.validate import disjoint_pairs, superclasses

D = Namespace(DIP)
DCTERMS, OWL, RDF, RDFS = rdfns.DCTERMS, rdfns.OWL, rdfns.RDF, rdfns.RDFS
SKOS = rdfns.SKOS
XSD_DECIMAL, XSD_STRING = rdfns.XSD.decimal, rdfns.XSD.string
REPO = Path(__file__).resolve().parents[2]
PROPERTY_KINDS = {OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}
#: Datatypes of OWL 2's datatype map that our ranges may use.
OWL2_DATATYPES = {
    XSD_DECIMAL, XSD_STRING, rdfns.XSD.integer, rdfns.XSD.boolean, rdfns.XSD.dateTime, RDFS.Literal
}  # fmt: skip
PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}  # fmt: skip


@pytest.fixture(scope="module")
def settings() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def onto(settings) -> Graph:
    return Graph().parse(ontology_path(settings), format="turtle")


def dip_terms(graph: Graph) -> set[URIRef]:
    """Every dip: IRI mentioned anywhere in the graph."""
    return {
        t
        for triple in graph
        for t in triple
        if isinstance(t, URIRef) and str(t).startswith(DIP) and str(t) != DIP
    }


def kinds(graph: Graph, term: URIRef) -> set[URIRef]:
    return set(graph.objects(term, RDF.type))


def test_header(onto):
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    assert onto.value(header, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert onto.value(header, OWL.versionInfo) is not None
    assert onto.value(header, DCTERMS.creator) is not None
    assert onto.value(header, DCTERMS.created) is not None
    assert onto.value(header, DCTERMS.description) is not None
    assert onto.value(header, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert not list(onto.objects(None, OWL.imports))


def test_every_term_is_declared_labelled_and_defined(onto):
    for term in dip_terms(onto):
        assert kinds(onto, term), f"{term} has no rdf:type declaration"
        labels = {lbl.language for lbl in onto.objects(term, RDFS.label)}
        assert {"en", "es"} <= labels, f"{term} lacks an English or Spanish label"
        for lang in ("en", "es"):
            count = sum(1 for lbl in onto.objects(term, RDFS.label) if lbl.language == lang)
            assert count == 1, f"{term} has {count} labels in {lang}"
        definitions = [d for d in onto.objects(term, SKOS.definition) if d.language == "en"]
        assert len(definitions) == 1, f"{term} needs one English skos:definition"


def test_no_punning(onto):
    for term in dip_terms(onto):
        k = kinds(onto, term)
        is_class = OWL.Class in k
        is_property = bool(k & PROPERTY_KINDS)
        is_individual = OWL.NamedIndividual in k
        assert is_class + is_property + is_individual == 1, f"{term} has kinds {k}"
        assert len(k & PROPERTY_KINDS) <= 1, f"{term} is two kinds of property"


def test_external_terms_in_axioms_are_declared(onto):
    """OWL 2 DL needs every class and property used in an axiom to be declared."""
    for sub, sup in onto.subject_objects(RDFS.subClassOf):
        for c in (sub, sup):
            if isinstance(c, URIRef):
                assert OWL.Class in kinds(onto, c), f"{c} used as a class but not declared"
    for sub, sup in onto.subject_objects(RDFS.subPropertyOf):
        for p in (sub, sup):
            assert kinds(onto, p) & PROPERTY_KINDS, f"{p} used as a property but not declared"
    for prop in set(onto.subjects(RDFS.domain, None)) | set(onto.subjects(RDFS.range, None)):
        assert kinds(onto, prop) & {OWL.ObjectProperty, OWL.DatatypeProperty}


def test_domains_and_ranges_are_classes_or_owl2_datatypes(onto):
    for prop, rng in onto.subject_objects(RDFS.range):
        if OWL.DatatypeProperty in kinds(onto, prop):
            assert rng in OWL2_DATATYPES, f"{prop} has a range outside OWL 2's datatype map"
        else:
            assert isinstance(rng, BNode) or OWL.Class in kinds(onto, rng), (prop, rng)
    for prop, dom in onto.subject_objects(RDFS.domain):
        assert isinstance(dom, BNode) or OWL.Class in kinds(onto, dom), (prop, dom)
    # xsd:date, gYearMonth and gYear are not in OWL 2's datatype map: SHACL checks them.
    assert onto.value(D.date, RDFS.range) is None


def test_vocab_terms_are_declared(onto, settings):
    declared = declared_terms(settings)
    closure = superclasses(onto)
    for name in EVENT_TYPES:
        assert DIP + name in declared
        assert D.Event in closure[D[name]], f"dip:{name} is not a dip:Event"
    for name in RELATION_TYPES:
        assert DIP + name in declared
        assert D.Relation in closure[D[name]]
    for name in ROLES:
        assert OWL.ObjectProperty in kinds(onto, D[name])
        assert name == "participant" or (D[name], RDFS.subPropertyOf, D.participant) in onto
    for name in STATUSES.values():
        assert {OWL.NamedIndividual, D.EventStatus} <= kinds(onto, D[name])
    for entity_type in EntityType:
        assert DIP + entity_type.value in declared
    for name in ("Person", "Country", "Organization"):
        assert D.Actor in closure[D[name]]
    assert D.Infrastructure in closure[D.Pipeline]
    for name in ("VideoCall", "PhoneCall"):
        assert D.Call in closure[D[name]]


def test_graph_shape_terms_are_declared(settings):
    """Every dip: term that docs/graph-shape.md mentions is declared."""
    doc = (REPO / "docs" / "graph-shape.md").read_text(encoding="utf-8")
    mentioned = {DIP + m for m in re.findall(r"\bdip:([A-Za-z][A-Za-z0-9_]*)", doc)}
    assert mentioned, "no dip: terms found in docs/graph-shape.md"
    assert mentioned - declared_terms(settings) == set()


def test_property_kinds(onto):
    datatype = {"date", "dateText", "quote", "trigger", "evidence", "confidence"}
    for name in datatype:
        assert OWL.DatatypeProperty in kinds(onto, D[name])
    for name in ("place", "status", "leaderOf", "locatedIn", "commodity", "via", "topic"):
        assert OWL.ObjectProperty in kinds(onto, D[name])
    assert onto.value(D.confidence, RDFS.range) == XSD_DECIMAL
    assert OWL.FunctionalProperty not in kinds(onto, D.confidence)


def test_disjointness_is_satisfiable(onto):
    """No declared class falls under two disjoint classes (that would make it empty)."""
    pairs = disjoint_pairs(onto)
    assert frozenset((D.Person, D.Country)) in pairs
    assert frozenset((D.VideoCall, D.PhoneCall)) in pairs
    assert frozenset((D.Event, D.Relation)) in pairs
    closure = superclasses(onto)
    for cls in onto.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            ups = closure.get(cls, {cls})
            assert not [p for p in pairs if p <= ups], f"{cls} is unsatisfiable"


def test_alignment_annotations(onto):
    for code in onto.objects(None, D.cameoCode):
        assert re.fullmatch(r"\d{2,3}", str(code))
    for kind in onto.objects(None, D.ploverType):
        assert str(kind) in PLOVER_TYPES
    for prop in (SKOS.exactMatch, SKOS.closeMatch):
        assert OWL.AnnotationProperty in kinds(onto, prop)
        for target in onto.objects(None, prop):
            assert re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", str(target))
    assert (D.Person, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q5")) in onto


def test_literals_have_known_datatypes(onto):
    """Annotation values use plain or language-tagged strings (OWL 2 DL datatype map)."""
    for _, _, o in onto:
        if isinstance(o, Literal):
            assert o.datatype in (None, XSD_STRING), o


def test_ontology_quads(settings):
    quads = ontology_quads(settings)
    assert quads and all(q.graph_name == ONTOLOGY_GRAPH for q in quads)
    assert quads == ontology_quads(settings)  # stable blank nodes: builds stay idempotent
    assert len(quads) == len(Graph().parse(ontology_path(settings), format="turtle"))


def test_catalog_maps_both_iris(settings):
    root = ET.parse(Path(settings.ontology_dir) / "catalog-v001.xml").getroot()
    ns = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
    mapping = {u.get("name"): u.get("uri") for u in root.iter(f"{ns}uri")}
    assert mapping == {
        ONTOLOGY_IRI: "diplomacy.ttl",
        ONTOLOGY_IRI + "/0.1.0": "diplomacy.ttl",
    }


def test_shapes_are_valid_shacl(settings):
    shapes = Graph().parse(shapes_path(settings), format="turtle")
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
    used = dip_terms(shapes)
    assert used - {URIRef(t) for t in declared_terms(settings)} == set()
