"""Expensive queries: hard timeout in killable workers, soft timeout, concurrency + queue.

The slow query is a cross join over generated triples: with 300 triples a 3-way join
takes seconds and a 4-way join minutes, so a time limit of one or two seconds always
cuts it. Every wait here is bounded; workers are always shut down.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from diplokg.api.app import create_app
from diplokg.api.runner import Admission, ServerBusy
from diplokg.store.embedded import EmbeddedStore
from tests.unit.api_fixtures import all_graphs, make_client, make_settings

GRAPH = NamedNode("http://example.org/generated")
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/p> ?o }"
JOIN3 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
JOIN4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TOKEN = "limits-token"


def generated(n: int) -> dict[NamedNode, list[Quad]]:
    p = NamedNode("http://example.org/p")
    return {GRAPH: [Quad(NamedNode(f"http://example.org/s{i}"), p, Literal(i), GRAPH)
                    for i in range(n)]}  # fmt: skip


def count(resp) -> int:
    assert resp.status_code == 200, resp.text
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # a killed child stays a zombie until reaped; the pool reaps it (wait) at once
    stat = Path(f"/proc/{pid}/stat")
    return not (stat.exists() and stat.read_text().split(") ", 1)[1].startswith("Z"))


def wait_until(predicate, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail("condition not reached in time")
        time.sleep(0.01)


@pytest.fixture
def disk_app(tmp_path) -> Iterator[tuple[TestClient, object]]:
    """The API over an on-disk embedded store (queries in worker processes)."""
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generated(300))
    settings = make_settings(
        tmp_path, store=str(tmp_path / "store"), query_timeout_s=1.5,
        max_concurrent_queries=1, query_queue_size=1, query_queue_wait_s=1.0,
        update_token=TOKEN,
    )  # fmt: skip
    app = create_app(settings, store)
    with TestClient(app) as client:
        yield client, app.state.diplokg.runner
    store.close()


# -- admission ------------------------------------------------------------------------
def test_admission_slots_then_queue_then_refusal():
    adm = Admission(slots=1, queue_size=1, wait_s=0.2)
    assert adm.enter() is True  # a free slot
    assert adm.enter() is False  # queued
    with pytest.raises(ServerBusy) as busy:
        adm.enter()  # queue full: refused without waiting
    assert busy.value.retry_after_s == 1
    started = time.monotonic()
    with pytest.raises(ServerBusy):
        adm.wait()  # the queued caller gives up after wait_s
    assert 0.15 < time.monotonic() - started < 2
    assert adm.queued == 0
    adm.release()
    assert adm.enter() is True and adm.running == 1


def test_admission_queue_gets_the_freed_slot():
    adm = Admission(slots=1, queue_size=2, wait_s=5)
    assert adm.enter()
    assert not adm.enter()
    threading.Timer(0.1, adm.release).start()
    adm.wait()  # returns once the slot is released
    assert adm.running == 1 and adm.queued == 0


# -- hard timeout (worker processes) -------------------------------------------------
def test_slow_query_is_killed_with_504_and_the_next_query_is_served(disk_app):
    client, runner = disk_app
    assert count(client.get("/sparql", params={"query": COUNT})) == 300
    pool = runner.pool
    assert pool is not None
    before = pool.pids()
    started = time.monotonic()
    resp = client.get("/sparql", params={"query": JOIN4})
    elapsed = time.monotonic() - started
    assert resp.status_code == 504
    assert resp.headers["content-type"].startswith("text/plain")
    assert "1.5 s" in resp.text and "time limit" in resp.text
    assert "retry-after" not in resp.headers
    assert 1.4 < elapsed < 8
    # the worker that ran it is gone (SIGKILL), a replacement has taken its place
    assert pool.killed == 1
    gone = before - pool.pids()
    assert len(gone) == 1 and not alive(gone.pop())
    after_kill = time.monotonic()
    assert count(client.get("/sparql", params={"query": COUNT})) == 300
    assert time.monotonic() - after_kill < 10
    assert runner.admission.running == 0


def test_workers_see_writes_made_through_the_api(disk_app):
    client, _ = disk_app
    assert count(client.get("/sparql", params={"query": COUNT})) == 300
    update = (
        f"INSERT DATA {{ GRAPH <{GRAPH.value}> "
        "{ <http://example.org/new> <http://example.org/p> 1 } }"
    )
    resp = client.post("/sparql", data={"update": update},
                       headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert resp.status_code == 204, resp.text
    assert count(client.get("/sparql", params={"query": COUNT})) == 301
    for i in range(10):  # each write makes the worker reopen its snapshot
        triple = f"<http://example.org/n{i}> <http://example.org/p> {i}"
        extra = f"INSERT DATA {{ GRAPH <{GRAPH.value}> {{ {triple} }} }}"
        auth = {"Authorization": f"Bearer {TOKEN}"}
        assert client.post("/sparql", data={"update": extra}, headers=auth).status_code == 204
        assert count(client.get("/sparql", params={"query": COUNT})) == 302 + i
    turtle = "<http://example.org/x> <http://example.org/p> 7 ."
    put = client.put("/store", params={"graph": GRAPH.value}, content=turtle,
                     headers={"Authorization": f"Bearer {TOKEN}",
                              "Content-Type": "text/turtle"})  # fmt: skip
    assert put.status_code in (200, 201, 204), put.text
    assert count(client.get("/sparql", params={"query": COUNT})) == 1


def test_busy_endpoint_answers_503_with_retry_after(disk_app):
    """One slot, one queue place: a slow query runs, one request waits then gives up
    (503), one more is refused at once (503); after the kill, queries are served."""
    client, runner = disk_app
    count(client.get("/sparql", params={"query": COUNT}))  # worker started
    answers: dict[str, object] = {}

    def run(name: str, query: str) -> None:
        started = time.monotonic()
        answers[name] = (client.get("/sparql", params={"query": query}),
                         time.monotonic() - started)  # fmt: skip

    slow = threading.Thread(target=run, args=("slow", JOIN4))
    slow.start()
    wait_until(lambda: runner.admission.running == 1)
    queued = threading.Thread(target=run, args=("queued", COUNT))
    queued.start()
    wait_until(lambda: runner.admission.queued == 1)
    started = time.monotonic()
    refused = client.get("/sparql", params={"query": COUNT})
    assert refused.status_code == 503
    assert time.monotonic() - started < 1.0  # immediate, not after a wait
    assert refused.headers["retry-after"] == "1"
    assert "busy" in refused.text
    queued.join(timeout=20)
    slow.join(timeout=20)
    waited, waited_s = answers["queued"]
    assert waited.status_code == 503 and waited.headers["retry-after"] == "1"
    assert 0.9 < waited_s < 1.5 + 5
    killed, _ = answers["slow"]
    assert killed.status_code == 504
    assert count(client.get("/sparql", params={"query": COUNT})) == 300


class SlowStore(EmbeddedStore):
    """An in-memory store whose queries take ``delay_s`` longer."""

    delay_s = 1.0

    def query(self, *args, **kwargs):
        time.sleep(self.delay_s)
        return super().query(*args, **kwargs)


def test_timeout_on_a_page_is_504_html(tmp_path):
    # pages use the same runner: a timeout there is an error page, never a partial page
    store = SlowStore(None)
    store.replace_graphs(all_graphs())
    client = make_client(tmp_path, store, query_timeout_s=0.2)
    resp = client.get("/timeline", headers={"Accept": "text/html"})
    assert resp.status_code == 504
    assert resp.headers["content-type"].startswith("text/html")
    assert "time limit" in resp.text and "<html" in resp.text.lower()


# -- soft timeout (in-memory store: threads) ------------------------------------------
def test_in_memory_store_soft_timeout(tmp_path):
    store = EmbeddedStore(None)
    store.replace_graphs(generated(150))
    settings = make_settings(tmp_path, query_timeout_s=0.2, max_concurrent_queries=1,
                             query_queue_size=0)  # fmt: skip
    app = create_app(settings, store)
    runner = app.state.diplokg.runner
    assert runner.pool is None
    client = TestClient(app)
    started = time.monotonic()
    resp = client.get("/sparql", params={"query": JOIN3})
    assert resp.status_code == 504, resp.text
    assert time.monotonic() - started < 2
    # the abandoned evaluation still holds its slot: the limit counts it
    if runner.admission.running == 1:
        busy = client.get("/sparql", params={"query": COUNT})
        assert busy.status_code == 503
    wait_until(lambda: runner.admission.running == 0, timeout_s=60)
    assert count(client.get("/sparql", params={"query": COUNT})) == 150


def test_row_cap_response_is_complete(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(generated(300))
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), max_rows=7)
    with TestClient(create_app(settings, store)) as client:
        resp = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    store.close()
    assert resp.status_code == 200
    assert len(resp.json()["results"]["bindings"]) == 7  # parses: complete JSON
    assert resp.headers["x-diplokg-row-limit"] == "7"


# -- bounded lookups: in the API process, beside the workers ---------------------------
def test_lookup_is_answered_while_every_worker_is_busy(disk_app):
    """A one-subject lookup cannot run long: it runs in the API process, so a runaway
    query holding the only worker slot (queue 1) neither delays nor refuses it; the
    runaway still gets its 504."""
    client, runner = disk_app
    answers: dict[str, object] = {}
    slow = threading.Thread(
        target=lambda: answers.update(slow=client.get("/sparql", params={"query": JOIN4}))
    )
    slow.start()
    wait_until(lambda: runner.admission.running == 1)
    lookup = "SELECT ?p ?o WHERE {{ <http://example.org/s{}> ?p ?o }}"
    lookups = [client.get("/sparql", params={"query": lookup.format(i)}) for i in range(5)]
    assert runner.admission.running == 1  # the runaway still holds the worker
    assert [r.status_code for r in lookups] == [200] * 5
    assert [r.json()["results"]["bindings"][0]["o"]["value"] for r in lookups] == list("01234")
    slow.join(timeout=20)
    assert answers["slow"].status_code == 504


def test_lookup_in_process_keeps_the_row_cap(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    s, p = NamedNode("http://example.org/hub"), NamedNode("http://example.org/p")
    store.replace_graphs({GRAPH: [Quad(s, p, Literal(i), GRAPH) for i in range(50)]})
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), max_rows=7)
    with TestClient(create_app(settings, store)) as client:
        resp = client.get("/sparql", params={"query": f"SELECT ?o WHERE {{ {s} ?p ?o }}"})
        limited = client.get("/sparql", params={"query": f"SELECT * {{ {s} {p} ?o }} LIMIT 3"})
    store.close()
    assert resp.status_code == 200
    assert len(resp.json()["results"]["bindings"]) == 7
    assert resp.headers["x-diplokg-row-limit"] == "7"
    assert len(limited.json()["results"]["bindings"]) == 3


def test_more_queued_requests_than_threads_are_all_served(tmp_path):
    """60 clients, one query slot: the 59 waiting do not take the thread pool's 40
    threads, so the request holding the slot always has a thread to run in."""
    store = EmbeddedStore(None)
    store.replace_graphs(generated(50))
    settings = make_settings(tmp_path, max_concurrent_queries=1, query_queue_size=100,
                             query_queue_wait_s=60.0)  # fmt: skip
    with TestClient(create_app(settings, store)) as client:
        answers: list[int] = []
        threads = [
            threading.Thread(target=lambda: answers.append(
                count(client.get("/sparql", params={"query": COUNT}))))
            for _ in range(60)
        ]  # fmt: skip
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
    assert answers == [50] * 60
