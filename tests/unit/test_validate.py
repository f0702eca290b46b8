"""validate_store: SHACL shapes and OWL-level checks on hand-built graphs.

``SAMPLE_TRIG`` is a small dataset written by hand after docs/graph-shape.md (three
articles, events, relations, entities); ``sample_store`` loads it with the ontology
into an in-memory store. test_saved_queries.py reuses both.
"""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest
from pyoxigraph import NamedNode, Quad, RdfFormat, parse

from diplokg.config import Settings
from diplokg.rdf.ontology import ONTOLOGY_GRAPH, ontology_quads
from diplokg.store.embedded import EmbeddedStore
from diplokg.validate.report import ValidationReport, Violation
from diplokg.validate.run import validate_store

DIP = "https://w3id.org/diplokg/ontology#"
RES = "https://w3id.org/diplokg/resource/"
KINDS = ("article", "commodity", "country", "event", "person", "pipeline", "place")
KINDS += ("publisher", "relation", "topic")
#: SPARQL prefixes for the updates that break the sample (``g:`` for article graphs).
PREFIXES = (
    "PREFIX dip: <https://w3id.org/diplokg/ontology#>\n"
    "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
    f"PREFIX g: <{RES}graph/>\n" + "".join(f"PREFIX {k}: <{RES}{k}/>\n" for k in KINDS)
)

SAMPLE_TRIG = """
@prefix dip: <https://w3id.org/diplokg/ontology#> .
@prefix article: <https://w3id.org/diplokg/resource/article/> .
@prefix commodity: <https://w3id.org/diplokg/resource/commodity/> .
@prefix country: <https://w3id.org/diplokg/resource/country/> .
@prefix event: <https://w3id.org/diplokg/resource/event/> .
@prefix g: <https://w3id.org/diplokg/resource/graph/> .
@prefix person: <https://w3id.org/diplokg/resource/person/> .
@prefix pipeline: <https://w3id.org/diplokg/resource/pipeline/> .
@prefix place: <https://w3id.org/diplokg/resource/place/> .
@prefix publisher: <https://w3id.org/diplokg/resource/publisher/> .
@prefix relation: <https://w3id.org/diplokg/resource/relation/> .
@prefix topic: <https://w3id.org/diplokg/resource/topic/> .
@prefix schema: <http://schema.org/> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix wd: <http://www.wikidata.org/entity/> .

g:seed-000 {
  article:seed-000 a schema:NewsArticle ;
      schema:identifier "seed-000" ;
      schema:url <https://example.org/news/0> ;
      schema:datePublished "2025-01-21"^^xsd:date ;
      schema:inLanguage "es" ;
      schema:headline "Xi y Putin conversan por videollamada"@es ;
      schema:publisher publisher:fox ;
      schema:mentions person:xi-jinping , person:vladimir-putin .
  publisher:fox a schema:Organization ; schema:name "Fox News" .
  person:xi-jinping a dip:Person ;
      rdfs:label "Xi Jinping"@en , "Xi Jinping"@es ;
      owl:sameAs wd:Q15031 ;
      dip:leaderOf country:chn .
  person:vladimir-putin a dip:Person ;
      rdfs:label "Vladimir Putin"@en , "Vladímir Putin"@es ;
      owl:sameAs wd:Q7747 ;
      dip:leaderOf country:rus .
  country:chn a dip:Country ; rdfs:label "China"@en , "China"@es ; owl:sameAs wd:Q148 .
  country:rus a dip:Country ; rdfs:label "Russia"@en , "Rusia"@es ; owl:sameAs wd:Q159 .
  place:beijing a dip:Place ; rdfs:label "Beijing"@en , "Pekín"@es ;
      dip:locatedIn country:chn .
  commodity:natural-gas a dip:Commodity ;
      rdfs:label "natural gas"@en , "gas natural"@es .
  pipeline:power-of-siberia a dip:Pipeline ;
      rdfs:label "Power of Siberia"@en , "Fuerza de Siberia"@es ;
      dip:locatedIn country:rus .
  topic:taiwan a dip:Topic ; rdfs:label "Taiwan"@en .

  event:vc-2025 a dip:VideoCall ;
      rdfs:label "VideoCall: Vladimir Putin, Xi Jinping (2025-01-21)"@en ;
      dip:participant person:xi-jinping , person:vladimir-putin ;
      dip:date "2025-01-21"^^xsd:date ;
      dip:dateText "el martes"@es ;
      dip:status dip:Happened ;
      dip:trigger "videollamada"@es ;
      dip:evidence "Xi y Putin se comprometieron el martes en una videollamada."@es ;
      dip:confidence 0.9 ;
      prov:wasDerivedFrom article:seed-000 .
  event:visit-2025 a dip:Visit ;
      rdfs:label "Visit: Vladimir Putin, China (2025-05)"@en ;
      dip:participant person:vladimir-putin , country:chn ;
      dip:visitor person:vladimir-putin ;
      dip:host country:chn ;
      dip:place place:beijing ;
      dip:date "2025-05"^^xsd:gYearMonth ;
      dip:status dip:Planned ;
      dip:trigger "visitará"@es ;
      dip:evidence "Putin visitará Pekín en mayo."@es ;
      dip:confidence 0.7 ;
      prov:wasDerivedFrom article:seed-000 .
  relation:supply-gas a dip:Supply ;
      rdfs:label "Supply: Russia → China (natural gas)"@en ;
      dip:participant country:rus , country:chn ;
      dip:supplier country:rus ;
      dip:recipient country:chn ;
      dip:commodity commodity:natural-gas ;
      dip:via pipeline:power-of-siberia ;
      dip:date "2019"^^xsd:gYear ;
      dip:trigger "proveedor"@es ;
      dip:evidence "Rusia provee gas natural a China por Fuerza de Siberia."@es ;
      dip:confidence 0.8 ;
      prov:wasDerivedFrom article:seed-000 .
  relation:support-taiwan a dip:Support ;
      rdfs:label "Support: Russia → China (Taiwan)"@en ;
      dip:participant country:rus , country:chn ;
      dip:supporter country:rus ;
      dip:supported country:chn ;
      dip:topic topic:taiwan ;
      dip:evidence "Rusia respalda la posición de China sobre Taiwán."@es ;
      dip:confidence 0.75 ;
      prov:wasDerivedFrom article:seed-000 .
}

g:seed-003 {
  article:seed-003 a schema:NewsArticle ;
      schema:identifier "seed-003" ;
      schema:datePublished "2026-02-04"^^xsd:date ;
      schema:inLanguage "es" ;
      schema:publisher publisher:gestion .
  publisher:gestion a schema:Organization ; schema:name "Gestión" .
  person:xi-jinping a dip:Person ; rdfs:label "Xi Jinping"@en .
  person:vladimir-putin a dip:Person ; rdfs:label "Vladimir Putin"@en .
  country:chn a dip:Country ; rdfs:label "China"@en .
  country:rus a dip:Country ; rdfs:label "Russia"@en .
  topic:visas a dip:Topic ; rdfs:label "visas"@en , "visados"@es .

  event:vc-2026 a dip:VideoCall ;
      rdfs:label "VideoCall: Vladimir Putin, Xi Jinping (2026-02-04)"@en ;
      dip:participant person:xi-jinping , person:vladimir-putin ;
      dip:date "2026-02-04"^^xsd:date ;
      dip:status dip:Happened ;
      dip:evidence "Vladimir Putin sostuvo una videollamada con Xi Jinping."@es ;
      dip:confidence 0.85 ;
      prov:wasDerivedFrom article:seed-003 .
  event:statement-putin a dip:Statement ;
      rdfs:label "Statement: Vladimir Putin (2026-02-04)"@en ;
      dip:participant person:vladimir-putin ;
      dip:speaker person:vladimir-putin ;
      dip:date "2026-02-04"^^xsd:date ;
      dip:quote "Nuestras relaciones son un modelo."@es ;
      dip:evidence "«Nuestras relaciones son un modelo», dijo Putin."@es ;
      dip:confidence 0.8 ;
      prov:wasDerivedFrom article:seed-003 .
  event:visa-policy a dip:PolicyAnnouncement ;
      rdfs:label "PolicyAnnouncement: China, Russia (2025-09)"@en ;
      dip:participant country:chn , country:rus ;
      dip:issuer country:chn ;
      dip:appliesTo country:rus ;
      dip:topic topic:visas ;
      dip:date "2025-09"^^xsd:gYearMonth ;
      dip:status dip:Happened ;
      dip:evidence "China eximió de visado a los ciudadanos rusos desde septiembre."@es ;
      dip:confidence 0.7 ;
      prov:wasDerivedFrom article:seed-003 .
}

g:seed-004 {
  article:seed-004 a schema:NewsArticle ;
      schema:identifier "seed-004" ;
      schema:inLanguage "en" ;
      schema:publisher publisher:reuters .
  publisher:reuters a schema:Organization ; schema:name "Reuters" .
  person:xi-jinping a dip:Person ; rdfs:label "Xi Jinping"@en .
  person:vladimir-putin a dip:Person ; rdfs:label "Vladimir Putin"@en .
  person:yuri-ushakov a dip:Person ; rdfs:label "Yuri Ushakov"@en .
  country:rus a dip:Country ; rdfs:label "Russia"@en .
  country:ukr a dip:Country ; rdfs:label "Ukraine"@en , "Ucrania"@es ; owl:sameAs wd:Q212 .
  place:istanbul a dip:Place ; rdfs:label "Istanbul"@en , "Estambul"@es .
  topic:ukraine a dip:Topic ; rdfs:label "Ukraine"@en .

  event:vc-2026 a dip:VideoCall ;
      rdfs:label "VideoCall: Vladimir Putin, Xi Jinping (2026-02-04)"@en ;
      dip:participant person:xi-jinping , person:vladimir-putin ;
      dip:date "2026-02-04"^^xsd:date ;
      dip:evidence "Xi and Putin held a video call on Wednesday."@en ;
      dip:confidence 0.8 ;
      prov:wasDerivedFrom article:seed-004 .
  event:vc-2026b a dip:VideoCall ;
      rdfs:label "VideoCall: Vladimir Putin, Xi Jinping (2026-02-05)"@en ;
      dip:participant person:xi-jinping , person:vladimir-putin ;
      dip:date "2026-02-05"^^xsd:date ;
      dip:evidence "The two leaders spoke by video link on Thursday."@en ;
      dip:confidence 0.6 ;
      prov:wasDerivedFrom article:seed-004 .
  event:istanbul-talks a dip:Negotiation ;
      rdfs:label "Negotiation: Russia, Ukraine (2025-05-16)"@en ;
      dip:participant country:rus , country:ukr , person:yuri-ushakov ;
      dip:topic topic:ukraine ;
      dip:place place:istanbul ;
      dip:date "2025-05-16"^^xsd:date ;
      dip:status dip:Happened ;
      dip:evidence "Russian and Ukrainian delegations met for peace talks in Istanbul."@en ;
      dip:confidence 0.8 ;
      prov:wasDerivedFrom article:seed-004 .
}
"""


def sample_store(settings: Settings, *, with_ontology: bool = True) -> EmbeddedStore:
    """An in-memory store holding SAMPLE_TRIG, one named graph per article."""
    store = EmbeddedStore(None)
    graphs: dict[NamedNode, list[Quad]] = defaultdict(list)
    for quad in parse(SAMPLE_TRIG, format=RdfFormat.TRIG):
        graphs[quad.graph_name].append(quad)
    store.replace_graphs(dict(graphs))
    if with_ontology:
        store.replace_graph(ONTOLOGY_GRAPH, ontology_quads(settings))
    return store


@pytest.fixture(scope="module")
def settings() -> Settings:
    # HermiT runs only in the tests marked for it below (each run starts a JVM)
    return Settings(reasoner="none")


def broken(settings: Settings, update: str) -> ValidationReport:
    """Validate the sample after applying one SPARQL update that breaks it."""
    store = sample_store(settings)
    store.update(PREFIXES + update)
    return validate_store(store, settings)


def found(report: ValidationReport, *, focus: str, **fields: str) -> list[Violation]:
    """Violations on ``focus`` whose attributes contain the given substrings."""
    return [
        v
        for v in report.violations
        if v.focus == focus and all(text in (getattr(v, k) or "") for k, text in fields.items())
    ]


def test_sample_conforms(settings):
    report = validate_store(sample_store(settings), settings)
    assert report.conforms, report.text()
    assert report.violations == [], report.text()
    assert report.text().startswith("Conforms")


def test_event_without_evidence(settings):
    report = broken(settings, "DELETE WHERE { GRAPH ?g { event:vc-2025 dip:evidence ?e } }")
    assert not report.conforms
    hits = found(report, focus=RES + "event/vc-2025", path=DIP + "evidence")
    assert hits and hits[0].severity == "Violation"
    assert "evidence" in hits[0].message
    assert hits[0].source_shape == "https://w3id.org/diplokg/shapes#evidenceProperty"


def test_confidence_out_of_range(settings):
    report = broken(
        settings,
        "DELETE { GRAPH ?g { relation:supply-gas dip:confidence ?c } }"
        " INSERT { GRAPH ?g { relation:supply-gas dip:confidence 1.5 } }"
        " WHERE { GRAPH ?g { relation:supply-gas dip:confidence ?c } }",
    )
    assert not report.conforms
    hits = found(report, focus=RES + "relation/supply-gas", path=DIP + "confidence")
    assert hits and hits[0].value == '"1.5"^^<http://www.w3.org/2001/XMLSchema#decimal>'


def test_confidence_must_be_decimal(settings):
    report = broken(
        settings,
        'INSERT DATA { GRAPH g:seed-000 { event:vc-2025 dip:confidence "high" } }',
    )
    assert found(report, focus=RES + "event/vc-2025", path=DIP + "confidence")


def test_same_as_outside_wikidata(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-004 {"
        " place:istanbul owl:sameAs <http://dbpedia.org/resource/Istanbul> } }",
    )
    assert not report.conforms
    hits = found(report, focus=RES + "place/istanbul", path="http://www.w3.org/2002/07/owl#sameAs")
    assert hits and hits[0].value == "http://dbpedia.org/resource/Istanbul"
    assert hits[0].focus_label == "Istanbul"


def test_disjointness_through_a_range(settings):
    # dip:via has the range dip:Infrastructure, disjoint with dip:Actor
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { relation:supply-gas dip:via country:rus } }",
    )
    [hit] = found(report, focus=RES + "country/rus", source_shape="owl:disjoint-classes")
    assert "dip:Infrastructure from the range of dip:via" in hit.message


def test_node_in_two_disjoint_classes(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { person:xi-jinping a dip:Country } }",
    )
    assert not report.conforms
    hits = found(report, focus=RES + "person/xi-jinping", source_shape="owl:disjoint-classes")
    assert len(hits) == 1
    assert "dip:Person" in hits[0].message and "dip:Country" in hits[0].message


def test_disjointness_follows_subclasses(settings):
    # dip:Visit and dip:Call are disjoint; a PhoneCall is a Call.
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { event:visit-2025 a dip:PhoneCall } }",
    )
    hits = found(report, focus=RES + "event/visit-2025", source_shape="owl:disjoint-classes")
    assert ["dip:Call" in h.message and "dip:Visit" in h.message for h in hits] == [True]
    # The SHACL shape also sees two event classes on one node.
    assert found(report, focus=RES + "event/visit-2025", message="exactly one event class")


def test_two_wikidata_items(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { country:chn owl:sameAs"
        " <http://www.wikidata.org/entity/Q29520> } }",
    )
    hits = found(report, focus=RES + "country/chn", source_shape="owl:one-wikidata-item")
    assert hits and "Q148" in hits[0].message and "Q29520" in hits[0].message


def test_undeclared_terms(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { event:vc-2025 a dip:Summit ; dip:mood dip:Cordial . } }",
    )
    hits = found(report, focus=RES + "event/vc-2025", source_shape="owl:undeclared-term")
    assert {h.value for h in hits} == {DIP + "Summit", DIP + "mood", DIP + "Cordial"}


def test_wrong_kind_of_value(settings):
    report = broken(
        settings,
        'INSERT DATA { GRAPH g:seed-000 { event:vc-2025 dip:place "Moscow"@en } }',
    )
    hits = found(report, focus=RES + "event/vc-2025", source_shape="owl:property-kind")
    assert hits and hits[0].path == DIP + "place"


def test_role_without_participant(settings):
    report = broken(
        settings,
        "DELETE DATA { GRAPH g:seed-003 {"
        " event:statement-putin dip:participant person:vladimir-putin } }",
    )
    hits = found(report, focus=RES + "event/statement-putin", message="not also stated")
    assert hits, report.text()


def test_date_datatype_and_status(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { event:vc-2025"
        ' dip:date "2025-01-21T10:00:00"^^xsd:dateTime ; dip:status dip:Cancelled } }',
    )
    assert found(report, focus=RES + "event/vc-2025", path=DIP + "date")
    assert found(report, focus=RES + "event/vc-2025", path=DIP + "status")


def test_entity_needs_english_label(settings):
    report = broken(
        settings,
        'DELETE DATA { GRAPH g:seed-004 { place:istanbul rdfs:label "Istanbul"@en } }',
    )
    hits = found(
        report, focus=RES + "place/istanbul", path="http://www.w3.org/2000/01/rdf-schema#label"
    )
    assert hits and hits[0].focus_label == "Estambul"


def test_missing_ontology_graph_is_a_warning(settings):
    report = validate_store(sample_store(settings, with_ontology=False), settings)
    assert report.conforms
    assert [v.severity for v in report.violations] == ["Warning"]
    assert "no ontology graph" in report.text()


def test_report_text_groups_and_counts(settings):
    report = broken(
        settings,
        "DELETE WHERE { GRAPH ?g { ?e dip:evidence ?x } }",
    )
    text = report.text(max_nodes=3)
    assert text.startswith("Does not conform: ")
    # 7 events and 2 relations lose their evidence: one group of 9.
    assert "dipsh:evidenceProperty dip:evidence" in text
    assert "(9)" in text and "... and 6 more" in text
    assert "res:event/" in text


def test_participant_must_be_a_typed_entity(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { event:vc-2025 dip:participant country:xyz } }",
    )
    hits = found(report, focus=RES + "event/vc-2025", path=DIP + "participant")
    assert [h.value for h in hits] == [RES + "country/xyz"]


# -- the OWL reasoner (HermiT through owlready2; each run starts a JVM) ---------------
REASONER = "owl:reasoner"


@pytest.fixture(scope="module")
def hermit_settings() -> Settings:
    return Settings(reasoner="hermit")


def reasoned(settings: Settings, update: str | None = None, **kwargs) -> ValidationReport:
    store = sample_store(settings)
    if update:
        store.update(PREFIXES + update)
    return validate_store(store, settings, **kwargs)


def test_hermit_finds_the_sample_consistent(hermit_settings):
    report = reasoned(hermit_settings)
    assert report.conforms and report.violations == [], report.text()
    # consistent, and no class of the ontology is unsatisfiable
    assert "Reasoner (HermiT): consistent;" in report.text()


def test_hermit_catches_a_domain_clash(hermit_settings):
    # dip:leaderOf has the domain dip:Person, and a Country is not a Person; SHACL
    # checks only the object of dip:leaderOf
    report = reasoned(
        hermit_settings,
        "INSERT DATA { GRAPH g:seed-000 { country:chn dip:leaderOf country:rus } }",
    )
    assert not report.conforms
    [hit] = [v for v in report.violations if v.source_shape == REASONER]
    assert hit.message.startswith("inconsistent: no interpretation satisfies")
    assert "[Violation] owl:reasoner: inconsistent" in report.text()
    assert "Reasoner (HermiT): inconsistent." in report.text()
    # the rdflib check names the node and the axiom that the reasoner does not
    [where] = found(report, focus=RES + "country/chn", source_shape="owl:disjoint-classes")
    assert "dip:Person from the domain of dip:leaderOf" in where.message
    assert {v.source_shape for v in report.violations} == {REASONER, "owl:disjoint-classes"}


def test_hermit_and_the_checks_catch_a_functional_property_with_two_values(hermit_settings):
    report = reasoned(
        hermit_settings,
        "INSERT DATA { GRAPH g:seed-000 { <urn:x:holding> a dip:OfficeHolding ;"
        " dip:holder person:xi-jinping ; dip:officeIn country:chn ;"
        ' dip:startDate "2013-03-14"^^xsd:date , "2012"^^xsd:gYear . } }',
    )
    assert not report.conforms
    assert [v for v in report.violations if v.source_shape == REASONER]
    [functional] = found(report, focus="urn:x:holding", source_shape="owl:functional-property")
    assert "dip:startDate is functional" in functional.message
    assert '"2012"' in functional.message and '"2013-03-14"' in functional.message
    assert found(report, focus="urn:x:holding", message="single xsd:date")  # SHACL too


def test_hermit_catches_disjoint_types(hermit_settings):
    report = reasoned(
        hermit_settings,
        "INSERT DATA { GRAPH g:seed-000 { person:xi-jinping a dip:Country } }",
        checks=(),  # the reasoner alone, without the rdflib disjointness check
    )
    assert [v.source_shape for v in report.violations if v.severity == "Violation"] == [REASONER]


def test_missing_java_is_a_violation_not_a_pass(tmp_path):
    settings = Settings(reasoner="hermit", java=str(tmp_path / "no-java"))
    report = reasoned(settings)
    assert not report.conforms
    [hit] = [v for v in report.violations if v.source_shape == REASONER]
    assert "Java executable" in hit.message and "DIPLOKG_REASONER=none" in hit.message


def test_functional_object_property_with_two_values(settings):
    report = broken(
        settings,
        "INSERT DATA { GRAPH g:seed-000 { <urn:x:h> a dip:OfficeHolding ;"
        " dip:holder person:xi-jinping , person:vladimir-putin . } }",
    )
    [hit] = found(report, focus="urn:x:h", source_shape="owl:functional-property")
    assert "dip:holder is functional" in hit.message and "has 2" in hit.message
    assert found(report, focus="urn:x:h", message="exactly one dip:holder")


def test_hermit_reports_unsatisfiable_classes(tmp_path, hermit_settings):
    onto = tmp_path / "ontology"
    shutil.copytree(hermit_settings.ontology_dir, onto)
    with (onto / "diplomacy.ttl").open("a", encoding="utf-8") as f:
        f.write(
            "\ndip:Centaur a owl:Class ; rdfs:subClassOf dip:Person , dip:Country ;"
            ' rdfs:label "centaur"@en .\n'
        )
    settings = Settings(reasoner="hermit", ontology_dir=onto)
    report = reasoned(settings)
    [hit] = [v for v in report.violations if v.source_shape == REASONER]
    assert hit.focus == DIP + "Centaur" and "unsatisfiable" in hit.message
    assert "consistent, with unsatisfiable classes" in report.text()
