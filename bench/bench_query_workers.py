"""What the killable query workers cost, and how fast they recover.

Run on demand (not part of the test suite)::

    .venv/bin/python bench/bench_query_workers.py [--queries 200] [--triples 2000]

On a temporary on-disk store of ``--triples`` generated triples it measures:

* **per-query overhead** - ``--queries`` small SELECTs (one row each) answered
  (a) by ``EmbeddedStore.query`` in-process, (b) by a :class:`WorkerPool` worker
  (pipe round trip, pickling, no reopen), (c) through the API (``TestClient``) with
  ``query_processes`` off (threads) and (d) on (worker processes);
* **reopen after a write** - the cost a worker pays once after each write;
* **recovery** - for a cross join cut by a 0.5 s limit: the time from the limit to
  the 504, the SIGKILL itself, and from the 504 to the next query answered.

Medians and 95th percentiles in milliseconds are printed as a table.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient
from pyoxigraph import Literal, NamedNode, Quad

from diplokg.api.app import create_app
from diplokg.config import Settings
from diplokg.store.base import QueryTimeout
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.query_workers import WorkerPool

GRAPH = NamedNode("http://example.org/bench")
JOIN4 = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def small_query(i: int) -> str:
    return f"SELECT ?o WHERE {{ <http://example.org/s{i}> <http://example.org/p> ?o }}"


def stats(samples: list[float]) -> str:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    return f"median {statistics.median(ms):7.2f} ms   p95 {p95:7.2f} ms   (n={len(ms)})"


def timed(fn, n: int) -> list[float]:
    out = []
    for i in range(n):
        started = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - started)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--triples", type=int, default=2000)
    args = ap.parse_args()
    n = args.queries
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        store = EmbeddedStore(path)
        p = NamedNode("http://example.org/p")
        quads = [
            Quad(NamedNode(f"http://example.org/s{i}"), p, Literal(i), GRAPH)
            for i in range(args.triples)
        ]
        store.replace_graphs({GRAPH: quads})
        m = args.triples
        rows: list[tuple[str, str]] = []

        rows.append(("in-process EmbeddedStore.query", stats(timed(
            lambda i: store.query(small_query(i % m)), n))))  # fmt: skip

        pool = WorkerPool(path, 1)
        pool.query(small_query(0), None, {}, 10)  # start + open
        rows.append(("WorkerPool.query (worker process)", stats(timed(
            lambda i: pool.query(small_query(i % m), None, {}, 10), n))))  # fmt: skip

        def reopen(i: int) -> None:
            pool.bump()
            pool.query(small_query(i % m), None, {}, 10)

        rows.append(("WorkerPool.query after a write (reopen)", stats(timed(reopen, 50))))

        kill_s, to_504_s, next_s = [], [], []
        for _ in range(5):
            started = time.perf_counter()
            with contextlib.suppress(QueryTimeout):
                pool.query(JOIN4, None, {}, 0.5)
            to_504_s.append(time.perf_counter() - started - 0.5)
            answered = time.perf_counter()
            pool.query(small_query(1), None, {}, 30)
            next_s.append(time.perf_counter() - answered)
        pool.close()
        # the SIGKILL + reap alone
        pool = WorkerPool(path, 1)
        pool.query(small_query(0), None, {}, 10)
        for _ in range(5):
            worker = pool._take()
            started = time.perf_counter()
            worker.process.kill()
            worker.process.wait(timeout=5)
            kill_s.append(time.perf_counter() - started)
            pool._give_back(pool._spawn())
            pool.query(small_query(0), None, {}, 30)
        pool.close()
        rows.append(("timeout: limit reached -> QueryTimeout raised", stats(to_504_s)))
        rows.append(("timeout: SIGKILL + reap of a busy worker", stats(kill_s)))
        rows.append(("timeout: QueryTimeout -> next query answered", stats(next_s)))

        for processes in (False, True):
            settings = Settings(store=str(path), query_processes=processes, max_rows=1000)
            with TestClient(create_app(settings, store)) as client:
                client.get("/sparql", params={"query": small_query(0)})
                label = "processes" if processes else "threads"
                rows.append((f"API /sparql, {label}", stats(timed(
                    lambda i, c=client: c.get("/sparql", params={"query": small_query(i % m)}),
                    n))))  # fmt: skip
        store.close()
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
