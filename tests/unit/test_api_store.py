"""/store: the Graph Store Protocol (read for all, write with the bearer token)."""

from __future__ import annotations

import pytest
from pyoxigraph import RdfFormat, parse

from tests.unit.api_fixtures import G1, G2, XI, make_client

TOKEN = "gsp-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
NEW = "http://example.org/graphs/new"
DATA = b'<http://example.org/s> <http://example.org/p> "one" .\n'
MORE = b'<http://example.org/s> <http://example.org/p> "two" .\n'


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path, update_token=TOKEN)


def objects(resp) -> set[str]:
    return {t.object.value for t in parse(resp.content, RdfFormat.TURTLE)}


def test_get_named_graph_turtle(client):
    resp = client.get("/store", params={"graph": G1})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith("text/turtle")
    subjects = {t.subject.value for t in parse(resp.content, RdfFormat.TURTLE)}
    assert XI in subjects


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/n-triples", RdfFormat.N_TRIPLES),
        ("application/rdf+xml", RdfFormat.RDF_XML),
        ("application/ld+json", RdfFormat.JSON_LD),
    ],
)
def test_get_named_graph_other_types(client, accept, fmt):
    resp = client.get("/store", params={"graph": G2}, headers={"Accept": accept})
    assert resp.status_code == 200
    assert resp.headers["content-type"].startswith(accept)
    assert len(list(parse(resp.content, fmt))) > 5


def test_get_default_is_the_union(client):
    resp = client.get("/store?default", headers={"Accept": "application/n-triples"})
    assert resp.status_code == 200
    subjects = {t.subject.value for t in parse(resp.content, RdfFormat.N_TRIPLES)}
    assert XI in subjects  # from G1
    assert any(s.endswith("relation/supply-gas") for s in subjects)  # from G2


def test_get_unknown_graph_is_404(client):
    assert client.get("/store", params={"graph": "http://example.org/nope"}).status_code == 404


def test_get_needs_one_target(client):
    assert client.get("/store").status_code == 400
    assert client.get("/store", params={"graph": G1, "default": ""}).status_code == 400
    assert client.get("/store", params={"graph": "not an iri"}).status_code == 400


def test_get_406(client):
    resp = client.get("/store", params={"graph": G1}, headers={"Accept": "text/csv"})
    assert resp.status_code == 406


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
def test_writes_need_the_token(client, method):
    headers = {"Content-Type": "text/turtle"}
    no_auth = client.request(method, "/store", params={"graph": G1}, content=DATA, headers=headers)
    assert no_auth.status_code == 401
    wrong = client.request(method, "/store", params={"graph": G1}, content=DATA,
                           headers={**headers, "Authorization": "Bearer nope"})  # fmt: skip
    assert wrong.status_code == 403
    assert XI in {t.subject.value for t in parse(client.get("/store", params={"graph": G1})
                                                 .content, RdfFormat.TURTLE)}  # fmt: skip


def test_writes_refused_on_read_only_endpoint(tmp_path):
    client = make_client(tmp_path)
    resp = client.put("/store", params={"graph": NEW}, content=DATA,
                      headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    assert resp.status_code == 403
    assert client.get("/store", params={"graph": NEW}).status_code == 404


def test_put_creates_then_replaces(client):
    headers = {**AUTH, "Content-Type": "text/turtle"}
    created = client.put("/store", params={"graph": NEW}, content=DATA, headers=headers)
    assert created.status_code == 201
    assert objects(client.get("/store", params={"graph": NEW})) == {"one"}
    replaced = client.put("/store", params={"graph": NEW}, content=MORE, headers=headers)
    assert replaced.status_code == 204
    assert objects(client.get("/store", params={"graph": NEW})) == {"two"}


def test_post_merges(client):
    headers = {**AUTH, "Content-Type": "application/n-triples"}
    assert client.post("/store", params={"graph": NEW}, content=DATA,
                       headers=headers).status_code == 201  # fmt: skip
    assert client.post("/store", params={"graph": NEW}, content=MORE,
                       headers=headers).status_code == 204  # fmt: skip
    assert objects(client.get("/store", params={"graph": NEW})) == {"one", "two"}


def test_delete(client):
    assert client.delete("/store", params={"graph": G2}, headers=AUTH).status_code == 204
    assert client.get("/store", params={"graph": G2}).status_code == 404
    assert client.delete("/store", params={"graph": G2}, headers=AUTH).status_code == 404


def test_put_default_graph(client):
    headers = {**AUTH, "Content-Type": "text/turtle"}
    assert client.put("/store?default", content=DATA, headers=headers).status_code == 204
    union = client.get("/store?default")
    assert "one" in objects(union)
    assert client.delete("/store?default", headers=AUTH).status_code == 204
    assert "one" not in objects(client.get("/store?default"))


def test_put_bad_body_is_400(client):
    resp = client.put("/store", params={"graph": NEW}, content=b"<not turtle",
                      headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    assert resp.status_code == 400


def test_put_unsupported_type_is_415(client):
    resp = client.put("/store", params={"graph": NEW}, content=DATA,
                      headers={**AUTH, "Content-Type": "text/csv"})  # fmt: skip
    assert resp.status_code == 415


def test_put_refuses_named_graphs_in_body(client):
    body = b"<http://example.org/g2> { <http://a> <http://b> <http://c> }"
    resp = client.put("/store", params={"graph": NEW}, content=body,
                      headers={**AUTH, "Content-Type": "application/trig"})  # fmt: skip
    assert resp.status_code == 400
