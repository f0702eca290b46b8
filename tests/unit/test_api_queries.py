"""/api/queries: saved queries listed and run with typed parameters."""

from __future__ import annotations

import json

import pytest
from pyoxigraph import QueryResultsFormat, parse_query_results

from diplokg.store.embedded import EmbeddedStore
from tests.unit.api_fixtures import CALL, EVIL, OLD_CALL, PUTIN, XI, build_store, make_client


class NoSubstitutionStore:
    """An EmbeddedStore whose ``query`` lacks ``substitutions`` (like RemoteStore)."""

    def __init__(self, inner: EmbeddedStore) -> None:
        self.inner = inner
        self.seen: list[str] = []

    def query(self, sparql, media_type=None, *, default_graph_uris=None,
              named_graph_uris=None, timeout_s=None):  # fmt: skip
        self.seen.append(sparql)
        return self.inner.query(sparql, media_type, default_graph_uris=default_graph_uris,
                                named_graph_uris=named_graph_uris)  # fmt: skip

    def __getattr__(self, name):
        return getattr(self.inner, name)


@pytest.fixture(params=["native", "values"])
def client(request, tmp_path):
    if request.param == "native":
        return make_client(tmp_path)
    return make_client(tmp_path, store=NoSubstitutionStore(build_store()))


def events(resp) -> list[str]:
    assert resp.status_code == 200, resp.text
    return [r["event"]["value"] for r in json.loads(resp.text)["results"]["bindings"]]


def test_list(client):
    resp = client.get("/api/queries")
    assert resp.status_code == 200
    [q] = resp.json()
    assert q["name"] == "events-of"
    assert q["title"] == "Events of a participant"
    assert q["description"].startswith("Events with")
    assert q["params"][0] == {
        "name": "who",
        "type": "iri",
        "default": XI,
        "description": "the participant",
    }
    assert q["params"][1]["name"] == "since"
    assert "SELECT DISTINCT ?who" in q["sparql"]


def test_run_with_defaults(client):
    resp = client.get("/api/queries/events-of")
    assert events(resp) == [CALL, OLD_CALL]
    assert {r["who"]["value"] for r in json.loads(resp.text)["results"]["bindings"]} == {XI}


def test_run_with_params(client):
    assert events(client.get("/api/queries/events-of", params={"who": EVIL})) == [CALL]
    recent = client.get("/api/queries/events-of", params={"who": PUTIN, "since": "2026-01-01"})
    assert events(recent) == [CALL]


def test_param_values_cannot_inject(client):
    resp = client.get("/api/queries/events-of", params={"who": f"{XI}> ?x ?y . <{PUTIN}"})
    assert resp.status_code == 400


def test_bad_param_is_400(client):
    resp = client.get("/api/queries/events-of", params={"since": "yesterday"})
    assert resp.status_code == 400
    assert "since" in resp.json()["detail"]


def test_unknown_param_is_400(client):
    assert client.get("/api/queries/events-of", params={"nope": "1"}).status_code == 400


def test_unknown_query_is_404(client):
    assert client.get("/api/queries/nope").status_code == 404


def test_negotiation(client):
    csv = client.get("/api/queries/events-of", params={"format": "csv"})
    assert csv.headers["content-type"].startswith("text/csv")
    assert csv.text.splitlines()[0] == "who,since,event,date"
    xml = client.get("/api/queries/events-of", headers={"Accept": "application/sparql-results+xml"})
    rows = list(parse_query_results(xml.content, QueryResultsFormat.XML))
    assert len(rows) == 2
    assert client.get("/api/queries/events-of", headers={"Accept": "image/png"}).status_code == 406


def test_values_injection_is_used_without_native_substitutions(tmp_path):
    store = NoSubstitutionStore(build_store())
    client = make_client(tmp_path, store=store)
    client.get("/api/queries/events-of", params={"who": PUTIN})
    assert f"VALUES (?who) {{ (<{PUTIN}>) }}" in store.seen[-1]
