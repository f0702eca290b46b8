"""SPARQL 1.1 Protocol details beyond the W3C manifest, against the live server.

Request shapes, dataset parameters, every result and graph serialisation, the error
statuses (400/406/415), the service description with VoID statistics, CORS (the
server runs with one allowed origin) and gzip compression.
"""

from __future__ import annotations

import gzip
import json

import httpx
import pytest
from pyoxigraph import QueryResultsFormat, parse_query_results
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic

from tests.w3c.conftest import CORS_ORIGIN, LiveServer

pytestmark = pytest.mark.server

EX = "http://example.org/"
G1, G2 = EX + "g1", EX + "g2"
DATA_G1 = b"""@prefix ex: <http://example.org/> .
ex:alice a ex:Person ; ex:name "Alice"@en ; ex:knows ex:bob .
ex:bob a ex:Person ; ex:name "Bob" ; ex:age 42 .
"""
DATA_G2 = b"""@prefix ex: <http://example.org/> .
ex:carol a ex:Robot ; ex:name "Carol" ; ex:knows [ ex:name "anon" ] .
"""
NAMES = "SELECT ?s ?name WHERE { ?s <http://example.org/name> ?name } ORDER BY ?name"
CONSTRUCT = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
RESULT_FORMATS = {
    "application/sparql-results+json": QueryResultsFormat.JSON,
    "application/sparql-results+xml": QueryResultsFormat.XML,
    "text/tab-separated-values": QueryResultsFormat.TSV,
}
GRAPH_FORMATS = {
    "text/turtle": "turtle",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
    "application/ld+json": "json-ld",
    "application/trig": "trig",
}


@pytest.fixture
def loaded(live: LiveServer) -> LiveServer:
    """The server holding two small named graphs."""
    live.reset()
    live.put_graph(G1, DATA_G1, "text/turtle")
    live.put_graph(G2, DATA_G2, "text/turtle")
    return live


def _names(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    # sorted here: SPARQL leaves the order of plain vs language-tagged literals open
    return sorted(b["name"]["value"] for b in response.json()["results"]["bindings"])


def _sparql(live: LiveServer, **kwargs) -> httpx.Response:
    return live.client.request(kwargs.pop("method", "GET"), live.url("/sparql"), **kwargs)


# -- request shapes and datasets --------------------------------------------------------
def test_get_form_post_and_direct_post_agree(loaded: LiveServer):
    get = _sparql(loaded, params={"query": NAMES})
    form = _sparql(loaded, method="POST", data={"query": NAMES})
    direct = _sparql(
        loaded,
        method="POST",
        content=NAMES.encode(),
        headers={"Content-Type": "application/sparql-query"},
    )
    assert _names(get) == _names(form) == _names(direct) == ["Alice", "Bob", "Carol", "anon"]


def test_default_graph_uri_selects_the_default_graph(loaded: LiveServer):
    only_g1 = _sparql(loaded, params={"query": NAMES, "default-graph-uri": G1})
    assert _names(only_g1) == ["Alice", "Bob"]
    both = _sparql(loaded, params=[("query", NAMES), ("default-graph-uri", G1),
                                   ("default-graph-uri", G2)])  # fmt: skip
    assert _names(both) == ["Alice", "Bob", "Carol", "anon"]
    form = _sparql(loaded, method="POST", data={"query": NAMES, "default-graph-uri": G2})
    assert _names(form) == ["Carol", "anon"]


def test_named_graph_uri_limits_graph_patterns(loaded: LiveServer):
    query = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    r = _sparql(loaded, params=[("query", query), ("named-graph-uri", G2)])
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [G2]
    r = _sparql(loaded, params=[("query", query), ("named-graph-uri", G1),
                                ("named-graph-uri", G2)])  # fmt: skip
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [G1, G2]


def test_update_with_using_graph_uri(loaded: LiveServer):
    update = (
        "INSERT { GRAPH <http://example.org/out> { ?s a <http://example.org/Named> } } "
        "WHERE { ?s <http://example.org/name> ?n }"
    )
    r = _sparql(loaded, method="POST", params={"using-graph-uri": G2}, content=update.encode(),
                headers={"Content-Type": "application/sparql-update", **loaded.auth})  # fmt: skip
    assert r.status_code == 204, r.text
    out = loaded.client.get(loaded.url("/store"), params={"graph": EX + "out"},
                            headers={"Accept": "application/n-triples"})  # fmt: skip
    subjects = {line.split()[0] for line in out.text.splitlines() if line.strip()}
    assert "<http://example.org/carol>" in subjects and "<http://example.org/alice>" not in subjects


# -- serialisations -----------------------------------------------------------------------
@pytest.mark.parametrize("media", RESULT_FORMATS)
def test_select_results_formats(loaded: LiveServer, media):
    r = _sparql(loaded, params={"query": NAMES}, headers={"Accept": media})
    assert r.status_code == 200
    assert r.headers["content-type"].split(";")[0] == media
    rows = list(parse_query_results(r.content, RESULT_FORMATS[media]))
    assert sorted(row["name"].value for row in rows) == ["Alice", "Bob", "Carol", "anon"]


def test_select_csv(loaded: LiveServer):
    r = _sparql(loaded, params={"query": NAMES}, headers={"Accept": "text/csv"})
    assert r.headers["content-type"].startswith("text/csv")
    lines = r.text.splitlines()
    assert lines[0] == "s,name" and "http://example.org/alice,Alice" in lines


@pytest.mark.parametrize(
    ("fmt", "media"),
    [("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
     ("csv", "text/csv"), ("tsv", "text/tab-separated-values")],
)  # fmt: skip
def test_format_parameter_overrides_accept(loaded: LiveServer, fmt, media):
    r = _sparql(loaded, params={"query": NAMES, "format": fmt}, headers={"Accept": "text/csv"})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media


@pytest.mark.parametrize(
    "media", ["application/sparql-results+json", "application/sparql-results+xml"]
)
def test_ask_results(loaded: LiveServer, media):
    r = _sparql(loaded, params={"query": "ASK { ?s a <http://example.org/Robot> }"},
                headers={"Accept": media})  # fmt: skip
    assert r.headers["content-type"].split(";")[0] == media
    assert bool(parse_query_results(r.content, RESULT_FORMATS[media])) is True


@pytest.mark.parametrize("media", GRAPH_FORMATS)
def test_construct_graph_formats(loaded: LiveServer, media):
    # G1 only: queries see the blank nodes of named graphs skolemised (docs/graph-shape.md)
    reference = Graph().parse(data=DATA_G1, format="turtle")
    r = _sparql(loaded, params={"query": CONSTRUCT, "default-graph-uri": G1},
                headers={"Accept": media})  # fmt: skip
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].split(";")[0] == media
    assert isomorphic(Graph().parse(data=r.content, format=GRAPH_FORMATS[media]), reference)


@pytest.mark.parametrize("media", GRAPH_FORMATS)
def test_graph_store_formats(loaded: LiveServer, media):
    r = loaded.client.get(loaded.url("/store"), params={"graph": G2}, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    got = Graph().parse(data=r.content, format=GRAPH_FORMATS[media])
    assert isomorphic(got, Graph().parse(data=DATA_G2, format="turtle"))


# -- errors ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("params", "accept"),
    [({"query": NAMES}, "image/png"), ({"query": CONSTRUCT}, "application/sparql-results+json"),
     ({"query": NAMES}, "text/turtle"), ({"query": NAMES, "format": "pdf"}, None)],
    ids=["select-png", "construct-results", "select-turtle", "format-pdf"],
)  # fmt: skip
def test_406_for_unsupported_types(loaded: LiveServer, params, accept):
    r = _sparql(loaded, params=params, headers={"Accept": accept} if accept else {})
    assert r.status_code == 406, r.text
    assert "available" in r.text or "use one of" in r.text


def test_406_on_graph_store_and_service_description(loaded: LiveServer):
    r = loaded.client.get(
        loaded.url("/store"), params={"graph": G1}, headers={"Accept": "text/csv"}
    )
    assert r.status_code == 406
    assert _sparql(loaded, headers={"Accept": "image/png"}).status_code == 406


FORM = {"Content-Type": "application/x-www-form-urlencoded"}


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400),
        ({"params": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ({"method": "POST", "content": b"query=ASK%7B%7D&update=CLEAR", "headers": FORM}, 400),
        ({"params": {"query": "ASK {}", "using-graph-uri": G1}}, 400),
        ({"method": "POST", "content": b"update=CLEAR%20ALL&default-graph-uri=http%3A%2F%2Fx",
          "headers": FORM}, 400),
        ({"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}}, 400),
        ({"params": {"update": "CLEAR ALL"}}, 400),
        ({"method": "POST", "content": b"update=ASK%20%7B%7D", "headers": FORM}, 400),
        ({"method": "POST", "content": b"", "headers": FORM}, 400),
        ({"method": "POST", "content": b"ASK {}", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"method": "POST", "content": b"ASK {}"}, 415),
        ({"method": "POST", "content": "ASK {}".encode("utf-16"),
          "headers": {"Content-Type": "application/sparql-query; charset=UTF-16"}}, 415),
        ({"method": "POST", "content": b"\xff\xfeA", "headers":
          {"Content-Type": "application/sparql-query"}}, 400),
        ({"method": "PUT", "params": {"query": "ASK {}"}}, 405),
    ],
    ids=["syntax", "two-queries", "query-and-update", "using-with-query", "dataset-with-update",
         "bad-graph-iri", "update-by-get", "query-as-update", "nothing", "text-plain",
         "no-content-type", "utf-16", "not-utf-8", "put"],
)  # fmt: skip
def test_bad_requests(loaded: LiveServer, kwargs, status):
    headers = {**kwargs.pop("headers", {}), **loaded.auth}
    r = _sparql(loaded, headers=headers, **kwargs)
    assert r.status_code == status, r.text
    assert r.text.strip()  # a readable message


def test_update_with_both_using_param_and_with_clause_is_400(loaded: LiveServer):
    update = b"WITH <http://example.org/g1> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    r = _sparql(loaded, method="POST", params={"using-graph-uri": G1}, content=update,
                headers={"Content-Type": "application/sparql-update", **loaded.auth})  # fmt: skip
    assert r.status_code == 400
    assert _names(_sparql(loaded, params={"query": NAMES}))  # nothing was deleted


def test_graph_store_415_and_400(loaded: LiveServer):
    bad_type = loaded.client.put(loaded.url("/store"), params={"graph": G1}, content=DATA_G1,
                                 headers={"Content-Type": "text/csv", **loaded.auth})  # fmt: skip
    assert bad_type.status_code == 415
    turtle = {"Content-Type": "text/turtle", **loaded.auth}
    bad_body = loaded.client.put(loaded.url("/store"), params={"graph": G1}, content=b"<oops",
                                 headers=turtle)  # fmt: skip
    assert bad_body.status_code == 400


# -- service description --------------------------------------------------------------------
@pytest.mark.parametrize("media", GRAPH_FORMATS)
def test_service_description_with_void_statistics(loaded: LiveServer, media):
    r = _sparql(loaded, headers={"Accept": media})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] == media
    sd = Graph().parse(data=r.content, format=GRAPH_FORMATS[media])
    endpoint = URIRef(loaded.url("/sparql"))
    assert (endpoint, SD.endpoint, endpoint) in sd
    assert (endpoint, SD.supportedLanguage, SD.SPARQL11Update) in sd  # a token is configured
    default = sd.value(sd.value(endpoint, SD.defaultDataset), SD.defaultGraph)
    data = Graph().parse(data=DATA_G1 + DATA_G2, format="turtle")
    expected = {
        VOID.triples: len(data),
        VOID.distinctSubjects: len(set(data.subjects())),
        VOID.properties: len(set(data.predicates())),
        VOID.distinctObjects: len(set(data.objects())),
        VOID.classes: 2,
    }
    for prop, n in expected.items():
        assert sd.value(default, prop) == Literal(n), prop
    names = {sd.value(ng, SD.name) for ng in sd.objects(sd.value(endpoint, SD.defaultDataset),
                                                         SD.namedGraph)}  # fmt: skip
    assert names == {URIRef(G1), URIRef(G2)}


def test_service_description_statistics_follow_the_data(loaded: LiveServer):
    def triples() -> int:
        sd = Graph().parse(data=_sparql(loaded, headers={"Accept": "text/turtle"}).content)
        return int(next(sd.objects(None, VOID.triples)))

    before = triples()
    loaded.client.delete(loaded.url("/store"), params={"graph": G2}, headers=loaded.auth)
    assert triples() == before - len(Graph().parse(data=DATA_G2, format="turtle"))


# -- CORS and compression -------------------------------------------------------------------
def test_cors_allows_the_configured_origin(loaded: LiveServer):
    r = _sparql(loaded, params={"query": "ASK {}"}, headers={"Origin": CORS_ORIGIN})
    assert r.headers["access-control-allow-origin"] == CORS_ORIGIN
    pre = loaded.client.options(loaded.url("/sparql"), headers={
        "Origin": CORS_ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "Authorization, Content-Type"})  # fmt: skip
    assert pre.status_code == 200
    assert pre.headers["access-control-allow-origin"] == CORS_ORIGIN
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert "authorization" in pre.headers["access-control-allow-headers"].lower()


def test_cors_ignores_other_origins(loaded: LiveServer):
    r = _sparql(loaded, params={"query": "ASK {}"}, headers={"Origin": "https://evil.example"})
    assert r.status_code == 200
    assert "access-control-allow-origin" not in r.headers
    pre = loaded.client.options(loaded.url("/sparql"), headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST"})  # fmt: skip
    assert pre.status_code == 400
    assert "access-control-allow-origin" not in pre.headers


def test_large_results_are_gzipped(loaded: LiveServer):
    rows = " ".join(f"({i})" for i in range(2000))
    query = f"SELECT ?n WHERE {{ VALUES (?n) {{ {rows} }} }}"
    with httpx.stream("POST", loaded.url("/sparql"), data={"query": query},
                      headers={"Accept-Encoding": "gzip"}) as r:  # fmt: skip
        raw = b"".join(r.iter_raw())
        assert r.headers["content-encoding"] == "gzip"
    data = json.loads(gzip.decompress(raw))
    assert len(data["results"]["bindings"]) == 2000
    assert len(raw) < len(gzip.decompress(raw)) / 3
    plain = _sparql(loaded, method="POST", data={"query": query},
                    headers={"Accept-Encoding": "identity"})  # fmt: skip
    assert "content-encoding" not in plain.headers
    assert len(plain.json()["results"]["bindings"]) == 2000
