"""The ontology file: parses, is OWL 2 DL-plausible, declares every term the code emits."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import pyshacl
import pytest
from pyoxigraph import RdfFormat, serialize
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rdfns
from rdflib.collection import Collection

from diplokg.config import Settings
from diplokg.model import EntityType
from diplokg.rdf.ontology import (
    ONTOLOGY_GRAPH,
    declared_terms,
    ontology_path,
    ontology_quads,
    shapes_path,
)
from diplokg.rdf.vocab import DIP, EVENT_TYPES, ONTOLOGY_IRI, RELATION_TYPES, ROLES, STATUSES
from diplokg.validate.owl_checks import disjoint_pairs, superclasses

D = Namespace(DIP)
DCTERMS, OWL, RDF, RDFS = rdfns.DCTERMS, rdfns.OWL, rdfns.RDF, rdfns.RDFS
SKOS = rdfns.SKOS
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("http://schema.org/")
PROV = Namespace("http://www.w3.org/ns/prov#")
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


def changelog_version() -> str:
    """The newest version in docs/ontology-changelog.md (its first "## x.y.z" heading)."""
    text = (REPO / "docs" / "ontology-changelog.md").read_text(encoding="utf-8")
    found = re.search(r"^## (\d+\.\d+\.\d+) ", text, re.MULTILINE)
    assert found, "no version heading in docs/ontology-changelog.md"
    return found.group(1)


def test_header(onto):
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in onto
    version = changelog_version()
    # a release bumps version IRI, versionInfo and the changelog together
    assert str(onto.value(header, OWL.versionInfo)) == version
    assert onto.value(header, OWL.versionIRI) == URIRef(f"{ONTOLOGY_IRI}/{version}")
    prior = onto.value(header, OWL.priorVersion)
    assert prior is not None and prior != onto.value(header, OWL.versionIRI)
    assert onto.value(header, DCTERMS.creator) is not None
    assert onto.value(header, DCTERMS.created) is not None
    for lang in ("en", "es"):
        assert [d for d in onto.objects(header, DCTERMS.description) if d.language == lang]
        assert [t for t in onto.objects(header, DCTERMS.title) if t.language == lang]
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
        for lang in ("en", "es"):
            definitions = [
                d
                for p in (SKOS.definition, RDFS.comment)
                for d in onto.objects(term, p)
                if isinstance(d, Literal) and d.language == lang
            ]
            assert len(definitions) == 1, f"{term} needs one definition in {lang}"


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
            if isinstance(rng, BNode):  # a data range: an enumeration of plain strings
                assert (rng, RDF.type, RDFS.Datatype) in onto
                values = list(Collection(onto, onto.value(rng, OWL.oneOf)))
                assert values and all(v.datatype in (None, XSD_STRING) for v in values)
            else:
                assert rng in OWL2_DATATYPES, f"{prop} has a range outside OWL 2's datatype map"
        else:
            assert isinstance(rng, BNode) or OWL.Class in kinds(onto, rng), (prop, rng)
    for prop, dom in onto.subject_objects(RDFS.domain):
        assert isinstance(dom, BNode) or OWL.Class in kinds(onto, dom), (prop, dom)
    # xsd:date, gYearMonth and gYear are not in OWL 2's datatype map: SHACL checks them.
    assert onto.value(D.date, RDFS.range) is None


#: dip: properties without a domain or range, and why.
NO_DOMAIN = {"locatedIn"}  # places, facilities, organisations' seats: anything located
NO_RANGE = {
    # store datatypes outside OWL 2's datatype map (xsd:date, gYearMonth, gYear)
    "date", "startDate", "endDate",
    # language-tagged strings (rdf:langString is not a safe OWL 2 range); SHACL checks
    "dateText", "quote", "trigger", "evidence", "officeTitle", "matchedLabel",
    # Wikidata items and classes: no class of this ontology; SHACL checks the IRI
    "matchedItem", "matchedClass",
}  # fmt: skip


def test_every_property_has_domain_and_range(onto):
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in onto.subjects(RDF.type, kind):
            if not str(prop).startswith(DIP):
                continue
            local = str(prop)[len(DIP) :]
            has_domain = onto.value(prop, RDFS.domain) is not None
            has_range = onto.value(prop, RDFS.range) is not None
            assert has_domain or local in NO_DOMAIN, f"dip:{local} has no rdfs:domain"
            assert has_range or local in NO_RANGE, f"dip:{local} has no rdfs:range"
            # an inverse inherits its domain and range: still stated, for Protégé users
    for local in NO_DOMAIN | NO_RANGE:
        assert kinds(onto, D[local]) & PROPERTY_KINDS, f"exception for unknown dip:{local}"


def test_property_characteristics(onto):
    """Characteristics only where they hold of every graph the pipeline writes."""
    characteristics = {
        OWL.FunctionalProperty: {
            D.holder,
            D.officeIn,
            D.startDate,
            D.endDate,
            D.matchOf,
            D.matchedItem,
        },
        OWL.SymmetricProperty: {D.cooperatesWith, D.tradesWith},
        OWL.TransitiveProperty: {D.locatedIn},
        OWL.InverseFunctionalProperty: set(),
        OWL.AsymmetricProperty: set(),
        OWL.IrreflexiveProperty: set(),
        OWL.ReflexiveProperty: set(),
    }
    for characteristic, expected in characteristics.items():
        assert set(onto.subjects(RDF.type, characteristic)) == expected, characteristic
    assert onto.value(D.hasLeader, OWL.inverseOf) == D.leaderOf
    assert onto.value(D.holds, OWL.inverseOf) == D.holder
    # one node gathers what several articles say: these must stay many-valued
    for many in ("status", "confidence", "date", "evidence", "place", "participant"):
        assert OWL.FunctionalProperty not in kinds(onto, D[many])
    # direct relation properties: the chains read the relation node's roles
    for prop, (first, second) in {
        D.supports: (D.supporter, D.supported),
        D.opposes: (D.opposer, D.opposed),
        D.supplies: (D.supplier, D.recipient),
    }.items():
        chain = list(Collection(onto, onto.value(prop, OWL.propertyChainAxiom)))
        assert onto.value(chain[0], OWL.inverseOf) == first and chain[1] == second


def test_office_holding_and_export_terms(onto):
    closure = superclasses(onto)
    assert D.OfficeHolding in closure and frozenset((D.OfficeHolding, D.Event)) in disjoint_pairs(
        onto
    )
    assert onto.value(D.holder, RDFS.range) == D.Person
    assert onto.value(D.dateStart, RDFS.range) == rdfns.XSD.dateTime
    for prop in (D.sourceArticle, D.sourceSentence, D.sourceConfidence, D.relationNode):
        assert kinds(onto, prop) == {OWL.AnnotationProperty}  # annotations of axioms


def test_alignments(onto):
    closure = superclasses(onto)
    assert {SEM.Event, SCHEMA.Event, PROV.Entity} <= closure[D.Event]
    assert PROV.Activity not in closure[D.Event]  # PROV-O: Entity and Activity are disjoint
    assert SEM.Actor in closure[D.Person] and SCHEMA.Person in closure[D.Person]
    assert SCHEMA.Place in closure[D.Place] and SEM.Place in closure[D.Place]
    assert (D.participant, RDFS.subPropertyOf, SEM.hasActor) in onto
    assert (D.place, RDFS.subPropertyOf, SEM.hasPlace) in onto
    assert (D.date, RDFS.subPropertyOf, SEM.hasTimeStamp) in onto
    assert (D.startDate, RDFS.subPropertyOf, SEM.hasBeginTimeStamp) in onto
    # article metadata is schema.org's, declared for OWL 2 DL
    for prop in ("identifier", "datePublished", "inLanguage", "headline"):
        assert OWL.DatatypeProperty in kinds(onto, SCHEMA[prop])
    for prop in ("url", "publisher", "mentions"):
        assert OWL.ObjectProperty in kinds(onto, SCHEMA[prop])
    wikidata = {
        c
        for p in (SKOS.exactMatch, SKOS.closeMatch)
        for c, t in onto.subject_objects(p)
        if str(t).startswith("http://www.wikidata.org/entity/")
    }
    assert {D.Person, D.Country, D.Organization, D.Place, D.Event} <= wikidata


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
    mappings = (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch)
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    for prop in mappings:
        assert OWL.AnnotationProperty in kinds(onto, prop)
        for target in onto.objects(None, prop):
            wikidata = re.fullmatch(r"http://www\.wikidata\.org/entity/Q[1-9][0-9]*", str(target))
            assert wikidata or target in concepts, f"mapping to unknown concept {target}"
    for concept in concepts:
        notation = str(onto.value(concept, SKOS.notation))
        assert str(concept).endswith("/" + notation)
        assert onto.value(concept, SKOS.inScheme) is not None
    # the string codes and the SKOS mappings say the same thing
    for cls, code in onto.subject_objects(D.cameoCode):
        targets = {str(t) for p in mappings for t in onto.objects(cls, p)}
        assert f"https://w3id.org/diplokg/cameo/{code}" in targets, (cls, code)
    for cls, kind in onto.subject_objects(D.ploverType):
        targets = {str(t) for p in mappings for t in onto.objects(cls, p)}
        assert f"https://w3id.org/diplokg/plover/{kind}" in targets, (cls, kind)
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


def test_catalog_maps_both_iris(settings, onto):
    root = ET.parse(Path(settings.ontology_dir) / "catalog-v001.xml").getroot()
    ns = "{urn:oasis:names:tc:entity:xmlns:xml:catalog}"
    mapping = {u.get("name"): u.get("uri") for u in root.iter(f"{ns}uri")}
    version_iri = str(onto.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI))
    assert mapping == {ONTOLOGY_IRI: "diplomacy.ttl", version_iri: "diplomacy.ttl"}


def test_shapes_version_follows_the_ontology(settings):
    shapes = Graph().parse(shapes_path(settings), format="turtle")
    header = URIRef("https://w3id.org/diplokg/shapes")
    assert str(shapes.value(header, OWL.versionInfo)) == changelog_version()


def test_an_owl_parser_reads_every_axiom(settings, onto):
    """py-horned-owl (not rdflib) parses the ontology as OWL: nothing is left as triples."""
    pyhornedowl = pytest.importorskip("pyhornedowl")
    rdfxml = serialize(
        [q.triple for q in ontology_quads(settings)], format=RdfFormat.RDF_XML
    ).decode()
    parsed = pyhornedowl.open_ontology_from_string(rdfxml, "rdf")
    assert str(parsed.get_version_iri()) == str(onto.value(URIRef(ONTOLOGY_IRI), OWL.versionIRI))
    axioms = Counter(type(a.component).__name__ for a in parsed.get_axioms())
    named = {c for c in onto.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)}
    assert axioms["DeclareClass"] == len(named)
    assert axioms["DeclareObjectProperty"] == len(set(onto.subjects(RDF.type, OWL.ObjectProperty)))
    assert axioms["DisjointClasses"] >= 20
    assert axioms["SubObjectPropertyOf"] >= 15  # roles, alignments and the three chains
    assert axioms["SymmetricObjectProperty"] == 2 and axioms["TransitiveObjectProperty"] == 1
    assert axioms["FunctionalDataProperty"] == 2 and axioms["FunctionalObjectProperty"] == 4
    assert axioms["InverseObjectProperties"] == 2


def test_shapes_are_valid_shacl(settings):
    shapes = Graph().parse(shapes_path(settings), format="turtle")
    conforms, _, text = pyshacl.validate(Graph(), shacl_graph=shapes, meta_shacl=True)
    assert conforms, text
    used = dip_terms(shapes)
    assert used - {URIRef(t) for t in declared_terms(settings)} == set()
