"""/ontology on the real ontology file: documentation for people, the file for tools."""

from __future__ import annotations

import pytest
from pyoxigraph import RdfFormat, parse
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from diplokg.config import Settings
from diplokg.rdf.ontology import ontology_path, ontology_quads
from diplokg.rdf.vocab import DIP
from tests.unit.api_fixtures import make_client

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture(scope="module")
def real() -> Settings:
    return Settings()


@pytest.fixture(scope="module")
def client(tmp_path_factory, real):
    return make_client(tmp_path_factory.mktemp("onto"), ontology_dir=real.ontology_dir)


@pytest.fixture(scope="module")
def html(client) -> str:
    resp = client.get("/ontology", headers=BROWSER)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    assert "Accept" in resp.headers["vary"]
    return resp.text


@pytest.fixture(scope="module")
def onto(real) -> Graph:
    return Graph().parse(ontology_path(real), format="turtle")


def row(html: str, local: str) -> str:
    start = html.index(f'<tr id="{local}">')
    return html[start : html.index("</tr>", start)]


def test_every_term_is_documented_with_both_languages(html, onto):
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty):
        for term in onto.subjects(RDF.type, kind):
            if not isinstance(term, URIRef) or not str(term).startswith(DIP):
                continue
            local = str(term)[len(DIP) :]
            assert f'id="{local}"' in html, f"dip:{local} is not documented"
            for label in onto.objects(term, RDFS.label):
                assert f'lang="{label.language}">{label}</span>' in html.replace("&#39;", "'")
    spanish = next(
        d for d in onto.objects(URIRef(DIP + "Visit"), SKOS.definition) if d.language == "es"
    )
    assert isinstance(spanish, Literal) and str(spanish) in html


def test_class_hierarchy_and_mappings(html):
    assert (
        html.index('href="#Event"') < html.index('href="#Call"') < html.index('href="#VideoCall"')
    )
    person = html[html.index('id="Person"') :]
    person = person[: person.index("</section>")]
    assert "exact match" in person and "Q5" in person
    call = html[html.index('<section class="term" id="PhoneCall"') :]
    call = call[: call.index("</section>")]
    assert "CAMEO 041" in call and "PLOVER CONSULT" in call and "broad match" in call


def test_properties_show_domain_range_and_characteristics(html):
    supports = row(html, "supports")
    assert "dip:Actor" in supports and "chain:" in supports and "inverse(" in supports
    assert "symmetric" in row(html, "cooperatesWith")
    assert "transitive" in row(html, "locatedIn")
    assert "functional" in row(html, "holder")
    assert "inverse of" in row(html, "hasLeader") and "dip:leaderOf" in row(html, "hasLeader")
    participant = row(html, "participant")
    assert "dip:Event" in participant and "dip:Relation" in participant  # union domain
    assert "xsd:dateTime" in row(html, "dateStart")


@pytest.mark.parametrize(
    ("headers", "params", "media"),
    [
        ({"Accept": "text/turtle"}, {}, "text/turtle"),
        ({"Accept": "application/rdf+xml"}, {}, "application/rdf+xml"),
        ({"Accept": "application/n-triples"}, {}, "application/n-triples"),
        (BROWSER, {"format": "ttl"}, "text/turtle"),
        (BROWSER, {"format": "rdf"}, "application/rdf+xml"),
    ],
)
def test_tools_get_the_ontology(client, real, headers, params, media):
    resp = client.get("/ontology", headers=headers, params=params)
    assert resp.status_code == 200
    assert resp.headers["content-type"].split(";")[0] == media
    fmt = {
        "text/turtle": RdfFormat.TURTLE,
        "application/rdf+xml": RdfFormat.RDF_XML,
        "application/n-triples": RdfFormat.N_TRIPLES,
    }[media]
    triples = list(parse(resp.content, format=fmt))
    assert len(triples) == len(ontology_quads(real))
    if media == "text/turtle":
        assert resp.content == ontology_path(real).read_bytes()  # the file, comments included


def test_unsupported_type_is_406(client):
    assert client.get("/ontology", headers={"Accept": "text/csv"}).status_code == 406
