"""The seed facts over HTTP, from a real ``diplokg serve`` process on 127.0.0.1."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import SEEDS_JSONL, live_server, run_cli

pytestmark = pytest.mark.server

VIDEO_CALL_2026 = """
PREFIX dip: <https://w3id.org/diplokg/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
SELECT DISTINCT ?call WHERE {
  ?call a dip:VideoCall ; dip:date "2026-02-04"^^xsd:date ; dip:participant ?xi, ?putin .
  ?xi owl:sameAs wd:Q15031 . ?putin owl:sameAs wd:Q7747 .
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory, seeds_available):
    store = tmp_path_factory.mktemp("http") / "store"
    res = run_cli("build", str(SEEDS_JSONL), "--store", str(store))
    assert res.returncode == 0, res.stderr
    with live_server(store) as base:
        yield base


def test_health(server):
    r = httpx.get(server + "/health")
    assert r.status_code == 200


def test_sparql_get_json(server):
    r = httpx.get(
        server + "/sparql",
        params={"query": VIDEO_CALL_2026},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    assert len(r.json()["results"]["bindings"]) == 1


def test_sparql_post_form_csv(server):
    r = httpx.post(
        server + "/sparql", data={"query": VIDEO_CALL_2026}, headers={"Accept": "text/csv"}
    )
    assert r.status_code == 200
    lines = r.text.strip().splitlines()
    assert lines[0].strip() == "call" and len(lines) == 2


def test_sparql_post_direct_construct_turtle(server):
    q = (
        "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
        "CONSTRUCT { ?s a dip:Pipeline } WHERE { ?s a dip:Pipeline }"
    )
    r = httpx.post(
        server + "/sparql",
        content=q,
        headers={"Content-Type": "application/sparql-query", "Accept": "text/turtle"},
    )
    assert r.status_code == 200
    assert "Pipeline" in r.text


def test_update_refused_without_token(server):
    r = httpx.post(server + "/sparql", data={"update": "CLEAR ALL"})
    assert r.status_code in (401, 403)
    r = httpx.get(server + "/sparql", params={"query": VIDEO_CALL_2026})
    assert len(r.json()["results"]["bindings"]) == 1
