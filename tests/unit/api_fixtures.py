"""A small hand-built graph in the shape of docs/graph-shape.md, for API tests.

Two articles (two named graphs) report the 4 Feb 2026 Xi–Putin video call (one event
node, two sources); article 2 also reports a Russia → China gas supply relation. A
third graph holds a minimal ontology excerpt. One person has a hostile label
(``<script>alert(1)</script>``) to test escaping.
"""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from diplokg.api.app import create_app
from diplokg.config import Settings
from diplokg.rdf.vocab import (
    DIP,
    ONTOLOGY_IRI,
    OWL,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    WD,
    XSD,
)
from diplokg.store.embedded import EmbeddedStore

RES = "https://w3id.org/diplokg/resource/"
XI = RES + "person/xi-jinping"
PUTIN = RES + "person/vladimir-putin"
EVIL = RES + "person/evil"
CHN = RES + "country/chn"
RUS = RES + "country/rus"
CALL = RES + "event/call-2026"
OLD_CALL = RES + "event/call-2025"
SUPPLY = RES + "relation/supply-gas"
GAS = RES + "commodity/natural-gas"
ART1 = RES + "article/seed-001"
ART2 = RES + "article/seed-002"
G1 = RES + "graph/seed-001"
G2 = RES + "graph/seed-002"
XSS = "<script>alert(1)</script>"
EVIDENCE_1 = "Xi y Putin sostuvieron una videollamada el 4 de febrero."


def n(iri: str) -> NamedNode:
    return NamedNode(iri)


def lit(value: str, lang: str | None = None, dt: str | None = None) -> Literal:
    if lang:
        return Literal(value, language=lang)
    if dt:
        return Literal(value, datatype=NamedNode(dt))
    return Literal(value)


def _quads(graph: str, triples: list[tuple]) -> list[Quad]:
    return [
        Quad(n(s), n(p), o if not isinstance(o, str) else n(o), n(graph)) for s, p, o in triples
    ]


def _entities() -> list[tuple]:
    return [
        (XI, RDF + "type", DIP + "Person"),
        (XI, RDFS + "label", lit("Xi Jinping", "en")),
        (XI, RDFS + "label", lit("Xi Jinping", "es")),
        (XI, OWL + "sameAs", WD + "Q15031"),
        (XI, DIP + "leaderOf", CHN),
        (PUTIN, RDF + "type", DIP + "Person"),
        (PUTIN, RDFS + "label", lit("Vladimir Putin", "en")),
        (PUTIN, OWL + "sameAs", WD + "Q7747"),
        (PUTIN, DIP + "leaderOf", RUS),
        (CHN, RDF + "type", DIP + "Country"),
        (CHN, RDFS + "label", lit("China", "en")),
        (CHN, OWL + "sameAs", WD + "Q148"),
        (RUS, RDF + "type", DIP + "Country"),
        (RUS, RDFS + "label", lit("Russia", "en")),
        (EVIL, RDF + "type", DIP + "Person"),
        (EVIL, RDFS + "label", lit(XSS, "en")),
        (EVIL, SCHEMA + "description", lit('"><img src=x onerror=alert(2)>', "en")),
        (EVIL, RDFS + "seeAlso", "javascript:alert(3)"),
    ]


def _article(art: str, ident: str, published: str) -> list[tuple]:
    return [
        (art, RDF + "type", SCHEMA + "NewsArticle"),
        (art, SCHEMA + "identifier", lit(ident)),
        (art, SCHEMA + "url", f"https://example.org/news/{ident}"),
        (art, SCHEMA + "datePublished", lit(published, dt=XSD + "date")),
        (art, SCHEMA + "inLanguage", lit("es")),
        (art, SCHEMA + "mentions", XI),
    ]


def _call(evidence: str, art: str) -> list[tuple]:
    return [
        (CALL, RDF + "type", DIP + "VideoCall"),
        (CALL, RDFS + "label", lit("VideoCall: Vladimir Putin, Xi Jinping (2026-02-04)", "en")),
        (CALL, DIP + "participant", XI),
        (CALL, DIP + "participant", PUTIN),
        (CALL, DIP + "participant", EVIL),
        (CALL, DIP + "date", lit("2026-02-04", dt=XSD + "date")),
        (CALL, DIP + "status", DIP + "Happened"),
        (CALL, DIP + "evidence", lit(evidence, "es")),
        (CALL, DIP + "confidence", lit("0.85", dt=XSD + "decimal")),
        (CALL, PROV + "wasDerivedFrom", art),
    ]


def graph1() -> list[Quad]:
    """Article 1: entities, the 2026 call and an older (2025) phone call."""
    old = [
        (OLD_CALL, RDF + "type", DIP + "PhoneCall"),
        (OLD_CALL, DIP + "participant", XI),
        (OLD_CALL, DIP + "participant", PUTIN),
        (OLD_CALL, DIP + "date", lit("2025-01", dt=XSD + "gYearMonth")),
        (OLD_CALL, DIP + "evidence", lit("En enero de 2025 hablaron por teléfono.", "es")),
        (OLD_CALL, PROV + "wasDerivedFrom", ART1),
    ]
    return _quads(
        G1, _entities() + _article(ART1, "seed-001", "2026-02-04") + _call(EVIDENCE_1, ART1) + old
    )


def graph2() -> list[Quad]:
    """Article 2: the same 2026 call, and a supply relation."""
    supply = [
        (SUPPLY, RDF + "type", DIP + "Supply"),
        (SUPPLY, DIP + "participant", RUS),
        (SUPPLY, DIP + "participant", CHN),
        (SUPPLY, DIP + "supplier", RUS),
        (SUPPLY, DIP + "recipient", CHN),
        (SUPPLY, DIP + "commodity", GAS),
        (SUPPLY, DIP + "evidence", lit("Rusia es el principal proveedor de gas de China.", "es")),
        (SUPPLY, PROV + "wasDerivedFrom", ART2),
        (GAS, RDF + "type", DIP + "Commodity"),
        (GAS, RDFS + "label", lit("natural gas", "en")),
    ]
    return _quads(
        G2,
        _article(ART2, "seed-002", "2026-02-05")
        + _call("Los presidentes hablaron por videollamada.", ART2)
        + supply,
    )


def ontology_graph() -> list[Quad]:
    """A minimal ontology excerpt (subclass links used by queries)."""
    triples = [(DIP + t, RDFS + "subClassOf", DIP + "Event") for t in ("Call", "Meeting")]
    triples += [(DIP + t, RDFS + "subClassOf", DIP + "Call") for t in ("VideoCall", "PhoneCall")]
    triples += [(DIP + "Supply", RDFS + "subClassOf", DIP + "Relation")]
    return _quads(ONTOLOGY_IRI, triples)


def all_graphs() -> dict[NamedNode, list[Quad]]:
    """Every graph of the fixture, by graph name."""
    return {n(G1): graph1(), n(G2): graph2(), n(ONTOLOGY_IRI): ontology_graph()}


def build_store() -> EmbeddedStore:
    """An in-memory EmbeddedStore holding the fixture graphs."""
    store = EmbeddedStore(None)
    store.replace_graphs(all_graphs())
    return store


ONTOLOGY_TTL = """@prefix dip: <https://w3id.org/diplokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
# a comment that only the Turtle file keeps
<https://w3id.org/diplokg/ontology> a owl:Ontology ;
    dcterms:title "Test ontology"@en ; owl:versionInfo "9.9" .
dip:Event a owl:Class ; rdfs:label "event"@en ; skos:definition "Something that happened."@en .
dip:Call a owl:Class ; rdfs:subClassOf dip:Event ; rdfs:label "call"@en .
dip:VideoCall a owl:Class ; rdfs:subClassOf dip:Call ; rdfs:label "video call"@en .
dip:Actor a owl:Class ; rdfs:label "actor"@en .
dip:participant a owl:ObjectProperty ; rdfs:label "participant"@en ;
    skos:definition "An actor taking part."@en ;
    rdfs:domain dip:Event ; rdfs:range [ a owl:Class ; owl:unionOf ( dip:Actor dip:Event ) ] .
"""

SAVED_QUERY = (
    "#+ title: Events of a participant\n"
    "#+ description: Events with a given participant, newest first.\n"
    "#+ params:\n"
    "#+   - name: who\n"
    "#+     type: iri\n"
    f"#+     default: {XI}\n"
    "#+     description: the participant\n"
    "#+   - name: since\n"
    "#+     type: date\n"
    "#+     description: earliest date\n"
    """
PREFIX dip: <https://w3id.org/diplokg/ontology#>
SELECT DISTINCT ?who ?since ?event ?date WHERE {
  ?event dip:participant ?who .
  OPTIONAL { ?event dip:date ?date }
  FILTER(STR(?date) >= COALESCE(STR(?since), ""))
}
ORDER BY DESC(STR(?date)) ?event
"""
)


def write_project_files(root: Path) -> tuple[Path, Path]:
    """Write an ontology folder and a queries folder under ``root``; return both."""
    onto = root / "ontology"
    onto.mkdir()
    (onto / "diplomacy.ttl").write_text(ONTOLOGY_TTL, encoding="utf-8")
    queries = root / "queries"
    queries.mkdir()
    (queries / "events-of.rq").write_text(SAVED_QUERY, encoding="utf-8")
    return onto, queries


def make_settings(root: Path, **overrides: object) -> Settings:
    """Settings for tests: project files under ``root``, an unused store path."""
    onto, queries = write_project_files(root)
    values: dict[str, object] = {
        "store": str(root / "unused-store"),
        "ontology_dir": onto,
        "queries_dir": queries,
        "max_rows": 1000,
    }
    values.update(overrides)
    return Settings(**values)


def make_client(root: Path, store: object | None = None, **overrides: object) -> TestClient:
    """A TestClient over the fixture store (or ``store``) with test settings."""
    settings = make_settings(root, **overrides)
    return TestClient(create_app(settings, store if store is not None else build_store()))
