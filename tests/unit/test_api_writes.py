"""Reads keep their deadline while a write runs; updates are bounded in time and size."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from diplokg.api.app import create_app
from diplokg.store.embedded import EmbeddedStore
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
    # every worker has a snapshot once it has answered a query
    for _ in range(3):
        assert count(client.get("/sparql", params={"query": COUNT})) == 300
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
