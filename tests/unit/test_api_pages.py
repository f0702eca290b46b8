"""HTML pages and small routes: /resource, /ontology, /timeline, /, /health, middleware."""

from __future__ import annotations

import gzip
import re

import pytest
from pyoxigraph import RdfFormat, parse

from tests.unit.api_fixtures import (
    CALL,
    CHN,
    EVIDENCE_1,
    EVIL,
    PUTIN,
    XI,
    XSS,
    build_store,
    make_client,
)

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


# -- entity pages ---------------------------------------------------------------------
def test_entity_page_html(client):
    resp = client.get("/resource/person/xi-jinping", headers=BROWSER)
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/html")
    html = resp.text
    assert "<h1>Xi Jinping</h1>" in html
    assert 'href="http://www.wikidata.org/entity/Q15031"' in html  # owl:sameAs link
    assert 'href="/ontology#Person"' in html  # type
    assert 'href="/resource/event/call-2026"' in html  # event it takes part in
    assert "2026-02-04" in html and "2025-01" in html  # dates
    assert html.index("2026-02-04") < html.index("2025-01")  # newest first
    assert "Vladimir Putin" in html  # other participant, by label
    assert EVIDENCE_1 in html  # source sentence
    assert 'href="https://example.org/news/seed-001"' in html  # source URL
    assert 'href="/resource/country/chn"' in html  # other triples (leaderOf)


def test_entity_page_escapes_untrusted_text(client):
    html = client.get("/resource/person/evil", headers=BROWSER).text
    assert XSS not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html
    # the hostile label also appears escaped on pages that mention the person
    xi_page = client.get("/resource/person/xi-jinping", headers=BROWSER).text
    assert XSS not in xi_page
    assert "&lt;script&gt;" in xi_page


def test_event_page_lists_sources(client):
    html = client.get("/resource/event/call-2026", headers=BROWSER).text
    assert "seed-001" in html and "seed-002" in html
    assert 'href="/resource/person/xi-jinping"' in html


def test_entity_turtle(client):
    resp = client.get("/resource/person/xi-jinping", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    triples = list(parse(resp.content, RdfFormat.TURTLE))
    assert any(t.subject.value == XI and t.predicate.value.endswith("#label") for t in triples)
    # incoming event links are included
    assert any(t.subject.value == CALL and t.object.value == XI for t in triples)


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/rdf+xml", RdfFormat.RDF_XML),
    ],
)
def test_entity_other_rdf_types(client, accept, fmt):
    resp = client.get("/resource/country/chn", headers={"Accept": accept})
    assert resp.status_code == 200
    assert any(t.subject.value == CHN for t in parse(resp.content, fmt))


def test_entity_format_param(client):
    resp = client.get("/resource/person/vladimir-putin?format=nt", headers=BROWSER)
    assert resp.headers["content-type"].startswith("application/n-triples")
    assert any(t.subject.value == PUTIN for t in parse(resp.content, RdfFormat.N_TRIPLES))


def test_unknown_entity_404(client):
    assert client.get("/resource/person/nobody", headers=BROWSER).status_code == 404
    resp = client.get("/resource/person/nobody", headers={"Accept": "text/turtle"})
    assert resp.status_code == 404


def test_object_only_iri_is_known(client):
    # the Wikidata-less commodity appears as object and subject; an IRI used only as an
    # object (an article's publisher would be one) still has a page
    resp = client.get("/resource/commodity/natural-gas", headers=BROWSER)
    assert resp.status_code == 200
    assert "natural gas" in resp.text


def test_entity_406(client):
    resp = client.get("/resource/person/xi-jinping", headers={"Accept": "text/csv"})
    assert resp.status_code == 406


# -- ontology -------------------------------------------------------------------------
def test_ontology_html(client):
    resp = client.get("/ontology", headers=BROWSER)
    assert resp.status_code == 200
    html = resp.text
    assert "Test ontology" in html
    assert 'id="VideoCall"' in html and "video call" in html
    # tree order: Event, then Call, then VideoCall, indented deeper each time
    assert (
        html.index('href="#Event"') < html.index('href="#Call"') < html.index('href="#VideoCall"')
    )
    assert "An actor taking part." in html  # property definition
    row = html[html.index('<tr id="participant">') :]
    row = row[: row.index("</tr>")]
    assert "dip:Actor" in row and "dip:Event" in row  # domain and union range


def test_ontology_turtle_is_the_file(client):
    resp = client.get("/ontology", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    assert "a comment that only the Turtle file keeps" in resp.text
    assert len(list(parse(resp.content, RdfFormat.TURTLE))) > 10


def test_ontology_rdfxml(client):
    resp = client.get("/ontology", headers={"Accept": "application/rdf+xml"})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/rdf+xml")
    triples = list(parse(resp.content, RdfFormat.RDF_XML))
    assert any(t.subject.value.endswith("#VideoCall") for t in triples)


def test_ontology_missing_is_404(tmp_path):
    client = make_client(tmp_path, ontology_dir=tmp_path / "nowhere")
    assert client.get("/ontology", headers=BROWSER).status_code == 404


# -- timeline -------------------------------------------------------------------------
def test_timeline(client):
    resp = client.get("/timeline")
    assert resp.status_code == 200
    html = resp.text
    assert html.index("2026-02-04") < html.index("2025-01")  # newest first
    assert 'href="/resource/event/call-2026"' in html
    assert 'href="/resource/event/call-2025"' in html
    assert "relation/supply-gas" not in html  # relations are not events
    assert "Vladimir Putin" in html and EVIDENCE_1 in html
    assert XSS not in html


def test_timeline_entity_filter(client):
    html = client.get("/timeline", params={"entity": PUTIN}).text
    assert "call-2026" in html and "call-2025" in html
    evil_only = client.get("/timeline", params={"entity": EVIL}).text
    assert "call-2026" in evil_only and "call-2025" not in evil_only
    none = client.get("/timeline", params={"actor": CHN}).text
    assert "No events" in none


def test_timeline_paging(client):
    html = client.get("/timeline", params={"size": 1}).text
    assert "call-2026" in html and "call-2025" not in html
    assert "size=1&amp;page=2" in html
    older = client.get("/timeline", params={"size": 1, "page": 2}).text
    assert "call-2025" in older


def test_timeline_bad_entity(client):
    assert client.get("/timeline", params={"entity": "not an iri"}).status_code == 400


# -- home, static, health -------------------------------------------------------------
def test_home_page(client):
    # the basic page (no dependencies); YASGUI at / is tested in test_query_ui.py
    resp = client.get("/?ui=basic")
    assert resp.status_code == 200
    html = resp.text
    assert "<textarea" in html and "PREFIX dip: &lt;https://w3id.org/diplokg/ontology#&gt;" in html
    assert 'src="/static/ui.js"' in html
    # no external assets: every script/stylesheet is served by the app
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)
    js = client.get("/static/ui.js")
    assert js.status_code == 200 and "/api/queries" in js.text
    assert "innerHTML" not in js.text
    assert client.get("/static/style.css").status_code == 200


def test_health(client):
    resp = client.get("/health")
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == "ok"
    assert body["graphs"] == 3
    assert body["triples"] == len(build_store())


# -- middleware -----------------------------------------------------------------------
def test_gzip(client):
    resp = client.get("/ontology", headers={**BROWSER, "Accept-Encoding": "gzip"})
    assert resp.headers.get("content-encoding") == "gzip"
    assert "Test ontology" in resp.text  # decoded transparently
    raw = client.get("/ontology", headers={**BROWSER, "Accept-Encoding": "gzip"})
    assert gzip.compress(raw.content)  # a body came back


def test_cors_off_by_default(client):
    resp = client.get("/health", headers={"Origin": "https://example.org"})
    assert "access-control-allow-origin" not in resp.headers


def test_cors_on(tmp_path):
    client = make_client(tmp_path, cors_origins=["https://example.org"])
    resp = client.get("/health", headers={"Origin": "https://example.org"})
    assert resp.headers["access-control-allow-origin"] == "https://example.org"
    other = client.get("/health", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in other.headers


def test_html_404_page_for_browsers(client):
    resp = client.get("/resource/nothing/here", headers=BROWSER)
    assert resp.status_code == 404
    assert resp.headers["content-type"].startswith("text/html")
