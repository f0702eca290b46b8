"""Deeply nested or chained texts get a 400 before any parser sees them, in every mode;
a query worker that dies mid-query costs that query only (a 500), not the endpoint."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from diplokg.api.app import create_app
from diplokg.store.embedded import EmbeddedStore
from tests.unit.api_fixtures import all_graphs, make_settings
from tests.unit.test_api_limits import JOIN4, count, generated, wait_until

TOKEN = "deep-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
#: One level deeper than the default limit (64): harmless to the engine, refused by us.
DEEP_QUERY = "SELECT * WHERE " + "{" * 65 + "}" * 65
DEEP_FILTER = "SELECT * WHERE { FILTER(" + "(" * 70 + "true" + ")" * 70 + ") }"
DEEP_UPDATE = "INSERT { GRAPH <urn:x> { ?s <urn:p> ?o } } WHERE " + "{" * 65 + "}" * 65
LONG_CHAIN = "ASK { FILTER(" + " || ".join(["true"] * 1500) + ") }"


@pytest.fixture(params=["workers", "threads"])
def client(request, tmp_path) -> Iterator[TestClient]:
    """The API over an on-disk store, with query worker processes or without."""
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(all_graphs())
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), update_token=TOKEN,
                             query_processes=request.param == "workers")  # fmt: skip
    with TestClient(create_app(settings, store)) as c:
        yield c
    store.close()


def _refused(resp, what: str = "nests brackets") -> None:
    assert resp.status_code == 400, resp.text
    assert what in resp.text and "at most" in resp.text


@pytest.mark.parametrize("query", [DEEP_QUERY, DEEP_FILTER])
def test_deep_queries_are_400_by_get_form_and_direct_post(client, query):
    _refused(client.get("/sparql", params={"query": query}))
    _refused(client.post("/sparql", data={"query": query}))
    _refused(client.post("/sparql", content=query,
                         headers={"Content-Type": "application/sparql-query"}))  # fmt: skip
    assert count(client.get("/sparql", params={"query": COUNT})) > 0


def test_deep_updates_are_400_by_form_and_direct_post(client):
    before = count(client.get("/sparql", params={"query": COUNT}))
    _refused(client.post("/sparql", data={"update": DEEP_UPDATE}, headers=AUTH))
    _refused(client.post("/sparql", content=DEEP_UPDATE, headers={
        **AUTH, "Content-Type": "application/sparql-update"}))  # fmt: skip
    assert count(client.get("/sparql", params={"query": COUNT})) == before


def test_long_chains_are_400_with_advice(client):
    _refused(client.get("/sparql", params={"query": LONG_CHAIN}), "chains too much")
    resp = client.get("/sparql", params={"query": LONG_CHAIN})
    assert "IN (...)" in resp.text and "VALUES" in resp.text


def test_the_limits_are_settings(tmp_path):
    settings = make_settings(tmp_path, max_query_nesting=3, max_query_depth=0)
    store = EmbeddedStore(None)
    store.replace_graphs(all_graphs())
    with TestClient(create_app(settings, store)) as c:
        assert c.get("/sparql", params={"query": "ASK { { {} } }"}).status_code == 200
        _refused(c.get("/sparql", params={"query": "ASK { { { {} } } }"}))
        assert "at most 3 levels" in c.get("/sparql", params={"query": DEEP_QUERY}).text
        assert c.get("/sparql", params={"query": LONG_CHAIN}).status_code == 200


def test_a_worker_killed_mid_query_is_a_500_and_is_replaced(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generated(300))
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), query_timeout_s=60,
                             max_concurrent_queries=1)  # fmt: skip
    app = create_app(settings, store)
    with TestClient(app) as c:
        runner = app.state.diplokg.runner
        assert (
            count(c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}))
            == 300
        )
        pool = runner.pool
        started = pool.started
        answers = []
        slow = threading.Thread(
            target=lambda: answers.append(c.get("/sparql", params={"query": JOIN4}))
        )
        slow.start()
        wait_until(lambda: runner.admission.running == 1)
        (pid,) = pool.pids()
        os.kill(pid, signal.SIGSEGV)  # as the engine's own stack overflow ends it
        slow.join(timeout=30)
        (resp,) = answers
        assert resp.status_code == 500
        assert "crashed" in resp.text and "SIGSEGV" in resp.text and "still up" in resp.text
        assert pool.started == started + 1 and pid not in pool.pids()
        assert c.get("/health").status_code == 200
        assert (
            count(c.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}))
            == 300
        )
    store.close()
