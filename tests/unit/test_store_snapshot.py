"""A store read by one process and written by another (``diplokg serve --processes``):
the shared version and its lock, snapshots that catch up with writes, and which
requests a reading process hands over to the writing one."""

from __future__ import annotations

import asyncio
import threading

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from diplokg.api.processes import _may_write
from diplokg.api.runner import QueryRunner
from diplokg.config import Settings
from diplokg.store.base import QueryTimeout, StoreError
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.shared_version import SharedVersion
from diplokg.store.snapshot import SnapshotStore

G = NamedNode("http://example.org/g")
ASK = "ASK { GRAPH <http://example.org/g> { <urn:new> ?p ?o } }"


def _quads(n: int) -> dict[NamedNode, list[Quad]]:
    p = NamedNode("http://example.org/p")
    return {G: [Quad(NamedNode(f"http://example.org/s{i}"), p, Literal(i), G) for i in range(n)]}


def test_the_version_is_shared_and_its_lock_keeps_readers_out_of_a_write(tmp_path):
    writer = SharedVersion(tmp_path / "run", create=True)
    reader = SharedVersion(tmp_path / "run")
    assert reader.value == 0
    lock = reader.reader_lock()
    other = reader.reader_lock()
    assert lock.acquire(timeout=0) and other.acquire(timeout=0)  # readers share it
    lock.release()
    other.release()
    with writer.writing():
        writer.publish(3)
        assert reader.value == 3  # seen at once, through the shared memory
        assert not lock.acquire(timeout=0.05)  # no snapshot opened during a write
    assert lock.acquire(timeout=0)
    acquired = threading.Event()

    def write() -> None:
        with writer.writing():
            acquired.set()

    thread = threading.Thread(target=write)
    thread.start()
    assert not acquired.wait(0.1)  # the writer waits for the reader
    lock.release()
    thread.join(5)
    assert acquired.is_set()
    writer.close()
    reader.close()


def _runner(store, tmp_path, shared=None) -> QueryRunner:
    settings = Settings(store=str(tmp_path / "store"), query_processes=False, query_timeout_s=0.5)
    return QueryRunner(store, settings, shared=shared)


def test_a_snapshot_catches_up_with_the_writes_of_another_runner(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(_quads(10))
    shared = SharedVersion(tmp_path / "run", create=True)
    writer = _runner(store, tmp_path, shared)
    snapshot = SnapshotStore(tmp_path / "store", SharedVersion(tmp_path / "run"))
    reader = _runner(snapshot, tmp_path)
    assert reader.snapshot is snapshot and reader.version == 0

    async def go() -> None:
        await writer.update(f"INSERT DATA {{ GRAPH <{G.value}> {{ <urn:new> <urn:p> 1 }} }}")
        assert writer.version == shared.value == 1
        assert snapshot.stale
        assert not await reader.ask(ASK, bounded=True)  # the old snapshot, until refreshed
        await reader.refresh()
        assert reader.version == 1 and not snapshot.stale
        assert await reader.ask(ASK, bounded=True)

    asyncio.run(go())
    store.close()


def test_a_snapshot_waits_for_a_write_under_way_no_longer_than_the_time_limit(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(_quads(10))
    shared = SharedVersion(tmp_path / "run", create=True)
    snapshot = SnapshotStore(tmp_path / "store", SharedVersion(tmp_path / "run"))
    reader = _runner(snapshot, tmp_path)
    with shared.writing():  # a write completed, and another one is under way
        shared.publish(1)
        with pytest.raises(QueryTimeout, match="being written"):
            asyncio.run(reader.refresh())
    assert snapshot.stale
    asyncio.run(reader.refresh())
    assert reader.version == 1
    store.close()


def test_an_update_refused_by_its_trial_changes_no_version(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(_quads(10))
    shared = SharedVersion(tmp_path / "run", create=True)
    writer = _runner(store, tmp_path, shared)
    assert writer.trials
    with pytest.raises(StoreError):
        asyncio.run(writer.update("INSERT DATA { <urn:a> <urn:b> "))  # tried on a copy
    assert writer.version == shared.value == 0  # the store was not touched
    asyncio.run(writer.update("INSERT DATA { <urn:a> <urn:b> 1 }"))
    assert writer.version == shared.value == 1
    store.close()


def _scope(method: str, path: str, content_type: str | None = None, query: str = "") -> dict:
    headers = [(b"content-type", content_type.encode())] if content_type else []
    return {"method": method, "path": path, "headers": headers,
            "query_string": query.encode()}  # fmt: skip


@pytest.mark.parametrize(
    ("scope", "body", "writes"),
    [
        (_scope("GET", "/sparql", query="query=ASK{}"), b"", False),
        (_scope("HEAD", "/store"), b"", False),
        (_scope("OPTIONS", "/sparql"), b"", False),
        (_scope("POST", "/sparql", "application/sparql-query"), b"ASK {}", False),
        (_scope("POST", "/sparql", "application/sparql-update"), b"CLEAR ALL", True),
        (_scope("POST", "/sparql", "Application/SPARQL-Update; charset=utf-8"), b"", True),
        (_scope("POST", "/sparql", "application/x-www-form-urlencoded"), b"query=ASK%7B%7D", False),
        (_scope("POST", "/sparql", "application/x-www-form-urlencoded"), b"update=CLEAR+ALL", True),
        (_scope("POST", "/sparql", "application/x-www-form-urlencoded", "update=x"), b"", True),
        (_scope("POST", "/sparql", "text/plain"), b"CLEAR ALL", False),  # refused: 415
        (_scope("PUT", "/store", "text/turtle"), b"", True),
        (_scope("POST", "/store", "text/turtle"), b"", True),
        (_scope("DELETE", "/store/some/graph"), b"", True),
        (_scope("PATCH", "/anything"), b"", True),
    ],
)
def test_what_a_reading_process_hands_over(scope, body, writes):
    assert _may_write(scope, body) is writes
