"""Reads keep their deadline while a write runs; updates are bounded in time and size."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from diplokg.api.app import create_app
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.update_trials import UpdateTooLarge, trial_update
from tests.unit.api_fixtures import make_settings
from tests.unit.test_api_limits import COUNT, count, generated

TOKEN = "writes-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def disk(tmp_path) -> Iterator[tuple[TestClient, object]]:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generated(300))
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), query_timeout_s=1.5,
                             max_concurrent_queries=1, update_token=TOKEN)  # fmt: skip
    app = create_app(settings, store)
    with TestClient(app) as client:
        yield client, app.state.diplokg.runner
    store.close()


def _get_in_thread(client: TestClient, query: str):
    answers: list = []
    thread = threading.Thread(
        target=lambda: answers.append(client.get("/sparql", params={"query": query}))
    )
    thread.start()
    thread.join(timeout=20)
    assert not thread.is_alive(), "the read waited for the write"
    return answers[0]


def test_reads_during_a_write_answer_from_the_snapshot_before_it(disk):
    client, runner = disk
    pool = runner.pool
    pool.prestart()
    # every worker has a snapshot once it has answered a query; a worker still starting
    # is passed over for a ready one, so ask until each has answered (bounded: a loaded
    # machine starts processes slowly)
    for _ in range(200):
        assert count(client.get("/sparql", params={"query": COUNT})) == 300
        idle = list(pool._idle)
        if len(idle) == pool.size and all(w.generation >= 0 for w in idle):
            break
        time.sleep(0.05)
    with pool.write_lock:  # a write is running (as a long update holds the lock)...
        pool.bump()  # ...and the snapshots are older than it will leave the store
        resp = _get_in_thread(client, COUNT)
    assert count(resp) == 300


def test_a_worker_without_snapshot_waits_for_a_write_no_longer_than_the_deadline(disk):
    client, runner = disk
    pool = runner.pool
    with pool.write_lock:  # no query yet: the workers have never opened the store
        resp = _get_in_thread(client, COUNT)
    assert resp.status_code == 504
    assert "being written" in resp.text
    assert count(client.get("/sparql", params={"query": COUNT})) == 300


# -- updates: tried on a copy within a time limit and a size bound --------------------
CROSS_JOIN = "INSERT { GRAPH <urn:x> { ?s <urn:p> ?o } } WHERE { ?s ?p ?x . ?y ?q ?o }"
FOUR_WAY = (
    "INSERT { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } } "
    "WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
)
WRITTEN = "ASK { GRAPH <urn:x> { ?s ?p ?o } }"


@contextmanager
def _limited(tmp_path, timeout_s: float) -> Iterator[TestClient]:
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generated(300))
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), update_token=TOKEN,
                             update_timeout_s=timeout_s, max_update_quads=10_000)  # fmt: skip
    with TestClient(create_app(settings, store)) as client:
        yield client
    store.close()


@pytest.fixture
def limited(tmp_path) -> Iterator[TestClient]:
    """Updates get 1 s and may add 10,000 quads."""
    with _limited(tmp_path, 1.0) as client:
        yield client


@pytest.fixture
def roomy(tmp_path) -> Iterator[TestClient]:
    """Updates get 60 s (the size bound decides) and may add 10,000 quads."""
    with _limited(tmp_path, 60.0) as client:
        yield client


def _update(client: TestClient, text: str):
    headers = {**AUTH, "Content-Type": "application/sparql-update"}
    return client.post("/sparql", content=text, headers=headers)


def _written(client: TestClient) -> bool:
    resp = client.get("/sparql", params={"query": WRITTEN})
    assert resp.status_code == 200, resp.text
    return resp.json()["boolean"]


def test_an_update_over_the_quad_bound_is_refused_and_nothing_is_written(roomy, tmp_path):
    limited = roomy
    started = time.monotonic()
    resp = _update(limited, CROSS_JOIN.replace("?s ?p ?x . ?y ?q ?o", "?s ?p ?x . ?y ?q ?o "
                                               "FILTER(?x < 100 && ?o < 100)"))  # fmt: skip
    assert resp.status_code == 413, resp.text
    # 100 x 100 pairs in <urn:x> and as many in the merged default graph
    assert "would add 20,000 quads" in resp.text and "10,000" in resp.text
    assert time.monotonic() - started < 60
    assert not _written(limited)
    assert count(limited.get("/sparql", params={"query": COUNT})) == 300
    assert not list(tmp_path.glob(".update-trial-*")), "the trial copy was left behind"


def test_the_issue_cross_join_insert_is_stopped_at_the_time_limit(limited, tmp_path):
    for text in (CROSS_JOIN, FOUR_WAY):
        started = time.monotonic()
        resp = _update(limited, text)
        elapsed = time.monotonic() - started
        assert resp.status_code in (413, 504), resp.text
        if resp.status_code == 504:
            assert "did not finish within 1 s" in resp.text and "nothing was written" in resp.text
        assert elapsed < 30, f"the update ran {elapsed:.1f} s"
        assert not _written(limited)
    assert resp.status_code == 504  # the four-way join can only be stopped by the clock
    assert count(limited.get("/sparql", params={"query": COUNT})) == 300
    assert not list(tmp_path.glob(".update-trial-*"))


def test_an_update_within_the_limits_is_written_once(roomy):
    limited = roomy
    resp = _update(limited, "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
    assert resp.status_code == 204, resp.text
    assert _written(limited)
    resp = _update(limited, "INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> ")
    assert resp.status_code == 400 and "syntax" in resp.text.lower()


# 5 quads into <urn:g>, 5 into the default graph, 1 more: an exact count, operations
# in sequence included
TWO_OPERATIONS = (
    "INSERT { GRAPH <urn:g> { ?s ?p ?o } ?s <urn:q> ?o } WHERE { ?s ?p ?o } ; "
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
)


def test_a_trial_leaves_no_copy_and_removes_copies_a_killed_server_left(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generated(5))
    stale = tmp_path / ".update-trial-store-killed"
    (stale / "store").mkdir(parents=True)
    result = trial_update(store, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", timeout_s=30,
                          max_quads=10)  # fmt: skip
    assert (result.before, result.added) == (10, 1)  # 5 in the graph, 5 in the merge
    assert len(store) == 10, "the trial wrote to the store"
    assert not list(tmp_path.glob(".update-trial-*"))
    with pytest.raises(UpdateTooLarge, match="would add 11 quads"):
        trial_update(store, TWO_OPERATIONS, timeout_s=30, max_quads=10)
    store.close()
