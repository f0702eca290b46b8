"""/sparql: SPARQL 1.1 Protocol, content negotiation, limits, update auth, SERVICE/LOAD."""

from __future__ import annotations

import csv
import io
import json
import socket
import xml.etree.ElementTree as ET

import pytest
from pyoxigraph import QueryResultsFormat, RdfFormat, parse, parse_query_results

from tests.unit.api_fixtures import G1, G2, PUTIN, XI, make_client

SRX = "{http://www.w3.org/2005/sparql-results#}"
PEOPLE = (
    "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
    "SELECT ?p WHERE { ?p a dip:Person } ORDER BY ?p"
)
CONSTRUCT = (
    "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
    "CONSTRUCT { ?p a dip:Person } WHERE { ?p a dip:Person }"
)
TOKEN = "s3cret-token"
INSERT = (
    "INSERT DATA { GRAPH <http://example.org/g> "
    '{ <http://example.org/a> <http://example.org/b> "c" } }'
)
ASK_INSERTED = 'ASK { <http://example.org/a> <http://example.org/b> "c" }'


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


@pytest.fixture
def writable(tmp_path):
    return make_client(tmp_path, update_token=TOKEN)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rows(resp) -> list[dict]:
    return json.loads(resp.text)["results"]["bindings"]


def ask(client, query: str) -> bool:
    resp = client.get("/sparql", params={"query": query})
    assert resp.status_code == 200, resp.text
    return json.loads(resp.text)["boolean"]


# -- the three ways to send a query -------------------------------------------------
def test_get_query(client):
    resp = client.get("/sparql", params={"query": PEOPLE})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("application/sparql-results+json")
    assert {r["p"]["value"] for r in rows(resp)} >= {XI, PUTIN}


def test_form_post_query(client):
    resp = client.post("/sparql", data={"query": PEOPLE})
    assert resp.status_code == 200
    assert len(rows(resp)) == 3


def test_direct_post_query(client):
    resp = client.post(
        "/sparql", content=PEOPLE, headers={"Content-Type": "application/sparql-query"}
    )
    assert resp.status_code == 200
    assert len(rows(resp)) == 3


def test_default_graph_is_union(client):
    # the event is in G1 and G2, the Supply relation only in G2: both are visible
    q = (
        "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
        "ASK { ?r a dip:Supply . ?e a dip:PhoneCall }"
    )
    assert ask(client, q) is True


def test_default_graph_uri_param(client):
    q = "PREFIX dip: <https://w3id.org/diplokg/ontology#> SELECT ?r WHERE { ?r a dip:Supply }"
    only_g1 = client.get("/sparql", params={"query": q, "default-graph-uri": G1})
    assert rows(only_g1) == []
    both = client.get("/sparql", params=[("query", q), ("default-graph-uri", G1),
                                         ("default-graph-uri", G2)])  # fmt: skip
    assert len(rows(both)) == 1


def test_named_graph_uri_param(client):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    resp = client.post("/sparql", data={"query": q, "named-graph-uri": G2})
    assert [r["g"]["value"] for r in rows(resp)] == [G2]


def test_named_graphs_only_dataset_has_an_empty_default_graph(client):
    # SPARQL 1.1 Query §13.2: FROM NAMED alone gives an empty default graph
    q = "SELECT * WHERE { ?s ?p ?o } LIMIT 5"
    resp = client.post("/sparql", data={"query": q, "named-graph-uri": G2})
    assert resp.status_code == 200
    assert rows(resp) == []


def test_invalid_graph_iri_is_400(client):
    resp = client.get("/sparql", params={"query": PEOPLE, "default-graph-uri": "not an iri"})
    assert resp.status_code == 400


# -- results media types --------------------------------------------------------------
def test_select_xml(client):
    resp = client.get("/sparql", params={"query": PEOPLE},
                      headers={"Accept": "application/sparql-results+xml"})  # fmt: skip
    assert resp.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(resp.content)
    assert root.tag == SRX + "sparql"
    assert len(root.findall(f"{SRX}results/{SRX}result")) == 3


def test_select_csv(client):
    resp = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "text/csv"})
    assert resp.headers["content-type"].startswith("text/csv")
    table = list(csv.reader(io.StringIO(resp.text)))
    assert table[0] == ["p"]
    assert len(table) == 4


def test_select_tsv(client):
    resp = client.get("/sparql", params={"query": PEOPLE},
                      headers={"Accept": "text/tab-separated-values"})  # fmt: skip
    assert resp.headers["content-type"].startswith("text/tab-separated-values")
    assert resp.text.splitlines()[0] == "?p"
    parsed = parse_query_results(resp.content, QueryResultsFormat.TSV)
    assert len(list(parsed)) == 3


def test_ask_json(client):
    assert ask(client, f"ASK {{ <{XI}> ?p ?o }}") is True


@pytest.mark.parametrize(
    ("fmt", "media"),
    [
        ("json", "application/sparql-results+json"),
        ("xml", "application/sparql-results+xml"),
        ("csv", "text/csv"),
        ("tsv", "text/tab-separated-values"),
    ],
)
def test_format_param_for_results(client, fmt, media):
    resp = client.get("/sparql", params={"query": PEOPLE, "format": fmt},
                      headers={"Accept": "application/sparql-results+json"})  # fmt: skip
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith(media)


def test_accept_with_quality_values(client):
    accept = "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"
    resp = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": accept})
    assert resp.headers["content-type"].startswith("text/csv")


def test_application_json_alias(client):
    resp = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "application/json"})
    assert resp.headers["content-type"].startswith("application/sparql-results+json")


# -- graph media types ----------------------------------------------------------------
@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", RdfFormat.TURTLE),
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/rdf+xml", RdfFormat.RDF_XML),
        ("application/ld+json", RdfFormat.JSON_LD),
        ("application/trig", RdfFormat.TRIG),
    ],
)
def test_construct_media_types(client, accept, fmt):
    resp = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": accept})
    assert resp.status_code == 200, resp.text
    assert resp.headers["content-type"].startswith(accept)
    triples = list(parse(resp.content, fmt))
    assert {t.subject.value for t in triples} >= {XI, PUTIN}
    if accept == "application/ld+json":
        json.loads(resp.text)


def test_construct_defaults_to_turtle(client):
    resp = client.get("/sparql", params={"query": CONSTRUCT})
    assert resp.headers["content-type"].startswith("text/turtle")
    assert len(list(parse(resp.content, RdfFormat.TURTLE))) == 3


def test_describe(client):
    resp = client.get("/sparql", params={"query": f"DESCRIBE <{XI}>", "format": "nt"})
    assert resp.status_code == 200
    assert any(t.subject.value == XI for t in parse(resp.content, RdfFormat.N_TRIPLES))


# -- errors ---------------------------------------------------------------------------
def test_406_for_select(client):
    resp = client.get("/sparql", params={"query": PEOPLE}, headers={"Accept": "image/png"})
    assert resp.status_code == 406
    assert "application/sparql-results+json" in resp.text


def test_406_for_construct_with_results_type(client):
    resp = client.get("/sparql", params={"query": CONSTRUCT}, headers={"Accept": "text/csv"})
    assert resp.status_code == 406
    assert "text/turtle" in resp.text


def test_406_for_unknown_format_param(client):
    resp = client.get("/sparql", params={"query": PEOPLE, "format": "pdf"})
    assert resp.status_code == 406


def test_syntax_error_is_400_with_parser_message(client):
    resp = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p "})
    assert resp.status_code == 400
    assert "syntax error" in resp.text.lower()
    assert "1:24" in resp.text  # the parser's position in the client's text


def test_syntax_error_after_the_where_group_reports_client_positions(client):
    resp = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } ORDER"})
    assert resp.status_code == 400
    assert "1:" in resp.text and "2:" not in resp.text


def test_unterminated_string_is_400(client):
    resp = client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "oops }'})
    assert resp.status_code == 400


@pytest.mark.parametrize("how", ["get", "form", "direct"])
def test_query_too_large_is_413_or_414_in_a_url(tmp_path, how):
    client = make_client(tmp_path, max_query_bytes=200)
    query = PEOPLE + " #" + "x" * 300
    if how == "get":
        resp = client.get("/sparql", params={"query": query})
    elif how == "form":
        resp = client.post("/sparql", data={"query": query})
    else:
        resp = client.post("/sparql", content=query,
                           headers={"Content-Type": "application/sparql-query"})  # fmt: skip
    assert resp.status_code == (414 if how == "get" else 413)
    assert "200" in resp.text


def test_small_query_passes_size_limit(tmp_path):
    client = make_client(tmp_path, max_query_bytes=200)
    assert client.get("/sparql", params={"query": PEOPLE}).status_code == 200


def test_unsupported_content_type_is_415(client):
    resp = client.post("/sparql", content=PEOPLE, headers={"Content-Type": "text/plain"})
    assert resp.status_code == 415


def test_post_without_query_is_400(client):
    resp = client.post("/sparql", data={"foo": "bar"})
    assert resp.status_code == 400


def test_repeated_query_param_is_400(client):
    resp = client.get("/sparql", params=[("query", PEOPLE), ("query", PEOPLE)])
    assert resp.status_code == 400


def test_update_sent_as_query_is_400(writable):
    resp = writable.get("/sparql", params={"query": INSERT})
    assert resp.status_code == 400
    assert not ask(writable, ASK_INSERTED)


def test_update_by_get_is_400(writable):
    resp = writable.get("/sparql", params={"update": INSERT},
                        headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert resp.status_code == 400
    assert not ask(writable, ASK_INSERTED)


# -- row cap --------------------------------------------------------------------------
def test_row_cap_adds_limit(tmp_path):
    client = make_client(tmp_path, max_rows=2)
    resp = client.get("/sparql", params={"query": PEOPLE})
    assert len(rows(resp)) == 2
    assert resp.headers["x-diplokg-row-limit"] == "2"


def test_row_cap_lowers_large_limit(tmp_path):
    client = make_client(tmp_path, max_rows=2)
    resp = client.get("/sparql", params={"query": PEOPLE + " LIMIT 100"})
    assert len(rows(resp)) == 2
    assert resp.headers["x-diplokg-row-limit"] == "2"


def test_row_cap_keeps_small_limit(tmp_path):
    client = make_client(tmp_path, max_rows=2)
    resp = client.get("/sparql", params={"query": PEOPLE + " LIMIT 1"})
    assert len(rows(resp)) == 1
    assert "x-diplokg-row-limit" not in resp.headers


def test_row_cap_with_trailing_values(tmp_path):
    client = make_client(tmp_path, max_rows=1)
    q = f"SELECT ?p WHERE {{ ?p ?x ?y }} VALUES ?p {{ <{XI}> <{PUTIN}> }}"
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 200, resp.text
    assert len(rows(resp)) == 1


# -- updates --------------------------------------------------------------------------
def test_update_refused_when_no_token_configured(client):
    resp = client.post("/sparql", data={"update": INSERT},
                       headers={"Authorization": "Bearer anything"})  # fmt: skip
    assert resp.status_code == 403
    assert "read-only" in resp.text
    assert not ask(client, ASK_INSERTED)


def test_update_refused_without_credentials(writable):
    resp = writable.post("/sparql", data={"update": INSERT})
    assert resp.status_code == 401
    assert resp.headers["www-authenticate"].startswith("Bearer")
    assert not ask(writable, ASK_INSERTED)


def test_update_refused_with_wrong_token(writable):
    resp = writable.post("/sparql", data={"update": INSERT},
                         headers={"Authorization": "Bearer wrong"})  # fmt: skip
    assert resp.status_code == 403
    assert not ask(writable, ASK_INSERTED)


def test_update_refused_with_basic_auth(writable):
    resp = writable.post("/sparql", data={"update": INSERT},
                         headers={"Authorization": f"Basic {TOKEN}"})  # fmt: skip
    assert resp.status_code == 401
    assert not ask(writable, ASK_INSERTED)


def test_update_accepted_with_token_form(writable):
    resp = writable.post("/sparql", data={"update": INSERT},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert resp.status_code == 204
    assert ask(writable, ASK_INSERTED)


def test_update_accepted_with_token_direct(writable):
    resp = writable.post(
        "/sparql",
        content=INSERT,
        headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/sparql-update"},
    )
    assert resp.status_code == 204
    assert ask(writable, ASK_INSERTED)


def test_update_syntax_error_is_400(writable):
    resp = writable.post("/sparql", data={"update": "INSERT DATA { <a> "},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert resp.status_code == 400


# -- SERVICE and LOAD -----------------------------------------------------------------
def test_service_outside_allowlist_refused(client):
    # SILENT: without the policy this would answer 200 (the call fails silently)
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    q = f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}"
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 400
    assert "not allowed" in resp.text


def test_service_variable_refused(client):
    endpoint = f"http://127.0.0.1:{free_port()}/"
    q = f"SELECT * WHERE {{ BIND(<{endpoint}> AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}"
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 400
    assert "variable" in resp.text


def test_service_via_prefixed_name_refused(client):
    q = (
        f"PREFIX evil: <http://127.0.0.1:{free_port()}/> "
        "SELECT * WHERE { service silent evil:sparql { ?s ?p ?o } }"
    )
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 400


def test_service_via_base_relative_iri_refused(client):
    q = (
        f"BASE <http://127.0.0.1:{free_port()}/> "
        "SELECT * WHERE { SERVICE SILENT <sparql> { ?s ?p ?o } }"
    )
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 400


def test_service_keyword_run_into_prefixed_name_refused(client):
    # Oxigraph reads "SERVICE SILENT:x" as SERVICE SILENT + the prefixed name ":x"
    q = (
        f"PREFIX : <http://127.0.0.1:{free_port()}/> "
        "SELECT * WHERE { SERVICE SILENT:x { ?s ?p ?o } }"
    )
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 400


def test_service_in_allowlist_accepted(tmp_path):
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"  # nothing listens: SILENT → empty
    client = make_client(tmp_path, service_allowlist=[endpoint])
    q = f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}"
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 200, resp.text


def test_service_word_in_strings_and_comments_is_not_a_service(client):
    q = 'SELECT ?x WHERE { BIND("SERVICE <http://evil/> { }" AS ?x) } # SERVICE ?e { }\n'
    resp = client.get("/sparql", params={"query": q})
    assert resp.status_code == 200, resp.text


def test_service_in_update_refused(writable):
    endpoint = f"http://127.0.0.1:{free_port()}/sparql"
    update = (
        "INSERT { GRAPH <http://example.org/g> { ?s ?p ?o } } "
        f"WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}"
    )
    resp = writable.post("/sparql", data={"update": update},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert resp.status_code == 400


def test_load_refused(writable):
    # SILENT: without the policy this would answer 204
    update = f"LOAD SILENT <http://127.0.0.1:{free_port()}/data.ttl>"
    resp = writable.post("/sparql", data={"update": update},
                         headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert resp.status_code == 400
    assert "LOAD" in resp.text


# -- service description --------------------------------------------------------------
def test_service_description(client):
    resp = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert resp.status_code == 200
    triples = list(parse(resp.content, RdfFormat.TURTLE))
    types = {t.object.value for t in triples if t.predicate.value.endswith("#type")}
    assert "http://www.w3.org/ns/sparql-service-description#Service" in types


def test_service_description_redirects_browsers(client):
    resp = client.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"},
                      follow_redirects=False)  # fmt: skip
    assert resp.status_code == 303
    assert resp.headers["location"] == "/"


def test_openapi_lists_sparql(client):
    assert client.get("/docs").status_code == 200
    assert "/sparql" in client.get("/openapi.json").json()["paths"]
