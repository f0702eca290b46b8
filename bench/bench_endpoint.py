"""``diplokg serve`` against ``oxigraph serve`` on copies of one store, side by side.

Run on demand (not part of the test suite)::

    .venv/bin/python bench/bench_endpoint.py                       # 2,000 articles
    .venv/bin/python bench/bench_endpoint.py --articles 10000 --seconds 8 --repeat 3
    .venv/bin/python bench/bench_endpoint.py --only lookup,page --connections 16

**The store.** The examples and ``../shared/corpus/seeds.jsonl`` are built once with
``diplokg build`` (a seed store of real extractions); every article graph of the seed
is then cloned until ``--articles`` articles: the article, its events, relations and
holdings get new IRIs, full dates move by up to three years, and persons,
organisations and places become one of eight variants (so an entity is named by about
an eighth of the clones, not by all). Countries, topics and commodities stay shared.
Each clone is written into its own named graph *and* into the default graph (the
materialised merge ``diplokg build`` keeps). The folder is copied once more for the
Oxigraph server, so each server owns its copy.

**The load.** A keep-alive HTTP/1.1 client on ``asyncio`` streams (no client library
in the way: one process, prebuilt requests) runs ``--connections`` connections for
``--seconds`` per scenario. ``wrk`` is not on this machine; the client shares the
two cores with the servers, which caps the fastest server's figure (so the lookup ratio
is, if anything, flattering). Scenarios alternate between the two servers and the order
flips every repeat; a ratio is diplokg / Oxigraph throughput in the same repeat.

Scenarios: ``lookup`` (one-subject ``SELECT ?p ?o``, rotating over entities and
events), ``aggregate`` (``?e a ?t`` per graph, GROUP BY), ``path``
(``rdfs:subClassOf*`` count), ``saved`` (``queries/contacts-of-leader.rq`` sent to both
servers as text), and diplokg-only: ``page`` (``/page/<entity>``), ``timeline``
(``/api/timeline`` first page) and ``saved-api`` (``/api/queries/contacts-of-leader``).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
RES = "https://w3id.org/diplokg/resource/"
CLONED = ("event", "relation", "holding", "article", "graph")
VARIED = ("person", "org", "place")
VARIANTS = 8
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

AGGREGATE = "SELECT ?g ?t (COUNT(?e) AS ?n) WHERE { GRAPH ?g { ?e a ?t } } GROUP BY ?g ?t"
PATH = (
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
    "SELECT (COUNT(*) AS ?n) WHERE { ?e a/rdfs:subClassOf* "
    "<https://w3id.org/diplokg/ontology#Event> }"
)


# -- the store -------------------------------------------------------------------------
def build_seed(folder: Path) -> None:
    inputs = [str(ROOT / "examples")]
    seeds = ROOT.parent / "shared" / "corpus" / "seeds.jsonl"
    if seeds.exists():
        inputs.append(str(seeds))
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    subprocess.run(
        [PYTHON, "-m", "diplokg.cli", "build", "--store", str(folder), *inputs],
        check=True,
        env=env,
        stdout=subprocess.DEVNULL,
    )


def clone_store(seed: Path, target: Path, articles: int, seed_value: int = 0) -> int:
    """Write ``articles`` cloned article graphs (and their merge) into ``target``."""
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad, Store

    src = Store.read_only(str(seed))
    graphs: dict[str, list] = {}
    fixed: list = []
    for q in src:
        g = q.graph_name
        if isinstance(g, NamedNode) and g.value.startswith(RES + "graph/"):
            graphs.setdefault(g.value, []).append(q)
        elif isinstance(g, NamedNode):
            fixed.append(q)  # the ontology graph
    del src
    rng = random.Random(seed_value)
    out = Store(str(target))
    out.bulk_extend(fixed)
    out.bulk_extend(Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in fixed)
    names = sorted(graphs)
    total = 0

    def rename(term, k: int, variant: int, shift: int):
        if isinstance(term, NamedNode) and term.value.startswith(RES):
            kind = term.value[len(RES) :].split("/", 1)[0]
            if kind in CLONED and k:
                return NamedNode(f"{term.value}-c{k}")
            if kind in VARIED and variant:
                return NamedNode(f"{term.value}-v{variant}")
            return term
        if isinstance(term, Literal) and term.datatype.value == XSD_DATE and shift:
            try:
                day = date.fromisoformat(term.value)
            except ValueError:
                return term
            return Literal((day + timedelta(days=shift)).isoformat(), datatype=term.datatype)
        return term

    batch: list = []
    for k in range(articles):
        name = names[k % len(names)]
        variant = rng.randrange(VARIANTS)
        shift = rng.randrange(-540, 540) if k >= len(names) else 0
        graph = rename(NamedNode(name), k, 0, 0)
        for q in graphs[name]:
            s = rename(q.subject, k, variant, shift)
            o = rename(q.object, k, variant, shift)
            if k and q.predicate.value == "http://schema.org/identifier":
                o = Literal(f"{o.value}-c{k}")
            batch.append(Quad(s, q.predicate, o, graph))
            batch.append(Quad(s, q.predicate, o, DefaultGraph()))
        if len(batch) > 200_000:
            out.bulk_extend(batch)
            total += len(batch)
            batch = []
    out.bulk_extend(batch)
    total += len(batch)
    out.flush()
    out.optimize()
    n = len(out)
    del out
    print(f"store: {articles} articles, {n:,} quads", file=sys.stderr)
    return n


def sample_iris(folder: Path, kind: str, count: int, seed_value: int = 1) -> list[str]:
    from pyoxigraph import Store

    store = Store.read_only(str(folder))
    rows = store.query(
        f"SELECT DISTINCT ?s WHERE {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), '{RES}{kind}/')) }}"
    )
    iris = sorted(row["s"].value for row in rows)
    rng = random.Random(seed_value)
    rng.shuffle(iris)
    return iris[:count]


# -- the servers -----------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(port: int, path: str, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=2) as s:
                s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server on port {port} did not come up")


class Servers:
    def __init__(self, ours: Path, theirs: Path, env: dict[str, str], src: Path) -> None:
        self.src = src
        self.ours_port, self.ox_port = free_port(), free_port()
        self.env = env
        self.ours_dir, self.ox_dir = ours, theirs
        self.procs: list[subprocess.Popen] = []

    def __enter__(self) -> Servers:
        env = {
            **os.environ,
            # BENCH_EXTRA_PATH: packages tried aside, not installed (e.g. httptools)
            "PYTHONPATH": str(self.src) + os.pathsep + os.environ.get("BENCH_EXTRA_PATH", ""),
            **self.env,
            "DIPLOKG_STORE": str(self.ours_dir),
            "DIPLOKG_PORT": str(self.ours_port),
            "DIPLOKG_HOST": "127.0.0.1",
        }
        log = open(self.ours_dir.parent / "diplokg-serve.log", "wb")
        self.procs.append(
            subprocess.Popen(
                [PYTHON, "-m", "diplokg.cli", "serve"],
                env=env,
                stdout=log,
                stderr=log,
                start_new_session=True,
            )
        )
        oxigraph = shutil.which("oxigraph") or str(Path(PYTHON).parent / "oxigraph")
        self.procs.append(
            subprocess.Popen(
                [
                    oxigraph,
                    "serve",
                    "--location",
                    str(self.ox_dir),
                    "--bind",
                    f"127.0.0.1:{self.ox_port}",
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                start_new_session=True,
            )
        )
        wait_ready(self.ours_port, "/health")
        wait_ready(self.ox_port, "/query?query=" + quote("ASK {}"))
        return self

    def __exit__(self, *exc: object) -> None:
        for p in self.procs:
            p.send_signal(signal.SIGINT)
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()


# -- the load --------------------------------------------------------------------------
async def _read_response(reader: asyncio.StreamReader) -> int:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    length, chunked = None, False
    for line in lines[1:]:
        name, _, value = line.partition(":")
        name = name.strip().lower()
        if name == "content-length":
            length = int(value)
        elif name == "transfer-encoding" and "chunked" in value.lower():
            chunked = True
    if chunked:
        while True:
            size = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(size + 2)
            if size == 0:
                break
    elif length:
        await reader.readexactly(length)
    return status


async def _connection(port, requests, stop_at, latencies, statuses, offset) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    i = offset
    try:
        while time.monotonic() < stop_at:
            started = time.monotonic()
            writer.write(requests[i % len(requests)])
            i += 1
            try:
                status = await _read_response(reader)
            except (asyncio.IncompleteReadError, ConnectionError):
                statuses["broken"] += 1
                writer.close()
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                continue
            latencies.append(time.monotonic() - started)
            statuses[status] += 1
    finally:
        writer.close()


async def _load(port: int, requests: list[bytes], connections: int, seconds: float) -> dict:
    latencies: list[float] = []
    statuses: Counter = Counter()
    started = time.monotonic()
    stop_at = started + seconds
    await asyncio.gather(
        *(
            _connection(port, requests, stop_at, latencies, statuses, c * 7919)
            for c in range(connections)
        )
    )
    elapsed = time.monotonic() - started
    ok = statuses.get(200, 0)
    lat = sorted(latencies) or [0.0]
    return {
        "ok_per_s": ok / elapsed,
        "answers": sum(statuses.values()),
        "ok": ok,
        "status": {str(k): v for k, v in statuses.items()},
        "p50_ms": 1000 * lat[len(lat) // 2],
        "p99_ms": 1000 * lat[min(len(lat) - 1, int(len(lat) * 0.99))],
    }


def load(
    port: int,
    paths: list[str],
    connections: int,
    seconds: float,
    headers: str = "Accept: application/sparql-results+json\r\n",
) -> dict:
    requests = [f"GET {p} HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode() for p in paths]
    return asyncio.run(_load(port, requests, connections, seconds))


def one_request(port: int, path: str) -> float:
    """Milliseconds for one request on a new connection, nothing else running."""

    async def go() -> float:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        started = time.monotonic()
        writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        status = await _read_response(reader)
        elapsed = 1000 * (time.monotonic() - started)
        writer.close()
        if status != 200:
            raise RuntimeError(f"{path}: {status}")
        return elapsed

    return asyncio.run(go())


def query_paths(endpoint: str, queries: list[str]) -> list[str]:
    return [f"{endpoint}?query={quote(q, safe='')}" for q in queries]


# -- the run ---------------------------------------------------------------------------
def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--articles", type=int, default=2000)
    p.add_argument("--seconds", type=float, default=8.0)
    p.add_argument("--repeat", type=int, default=2)
    p.add_argument("--connections", default="16,64")
    p.add_argument("--only", default="", help="comma-separated scenarios (default: all)")
    p.add_argument("--workdir", type=Path, help="keep stores here (reused when present)")
    p.add_argument("--env", action="append", default=[], help="DIPLOKG_X=value for serve")
    p.add_argument(
        "--src",
        type=Path,
        default=ROOT / "src",
        help="the diplokg sources to serve (e.g. an older commit, extracted)",
    )
    p.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "endpoint.json")
    args = p.parse_args(argv)
    conns = [int(c) for c in args.connections.split(",")]
    work = args.workdir or Path(tempfile.mkdtemp(prefix="bench-endpoint-"))
    work.mkdir(parents=True, exist_ok=True)
    # one run at a time per folder: a second one would copy a fresh store over the
    # folder the first one's server still writes (RocksDB then deletes the new files)
    lock = open(work / ".lock", "w")  # noqa: SIM115 (held until the process ends)
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another bench_endpoint run uses {work}; wait for it or pick another --workdir")
    master = work / f"store-{args.articles}"
    if not master.exists():
        seed = work / "seed"
        if not seed.exists():
            build_seed(seed)
        clone_store(seed, master, args.articles)
    ours, theirs = work / "ours", work / "oxigraph"
    for copy in (ours, theirs):
        shutil.rmtree(copy, ignore_errors=True)
        shutil.copytree(master, copy)
    entities = sample_iris(master, "person", 40) + sample_iris(master, "country", 20)
    events = sample_iris(master, "event", 40)
    lookups = [f"SELECT ?p ?o WHERE {{ <{i}> ?p ?o }}" for i in entities + events]
    saved = (ROOT / "queries" / "contacts-of-leader.rq").read_text()
    both = {
        "lookup": lookups,
        "aggregate": [AGGREGATE],
        "path": [PATH],
        "saved": [saved],
    }
    pages = [f"/page/{i[len(RES) :]}" for i in entities[:40]]
    ours_only = {
        "page": pages,
        "timeline": ["/api/timeline"],
        "timeline-html": ["/timeline"],
        "saved-api": ["/api/queries/contacts-of-leader"],
    }
    only = set(filter(None, args.only.split(",")))
    env = dict(e.split("=", 1) for e in args.env)
    results: list[dict] = []
    with Servers(ours, theirs, env, args.src) as servers:
        # warm both (caches, worker processes) with one pass of every request
        for name, qs in both.items():
            if not only or name in only:
                load(servers.ours_port, query_paths("/sparql", qs[:5]), 2, 1.0)
                load(servers.ox_port, query_paths("/query", qs[:5]), 2, 1.0)
        # and the store statistics the pages use (kept per version whatever the cache)
        for name, paths in ours_only.items():
            if not only or name in only:
                for path in paths[:6]:
                    one_request(servers.ours_port, path)
        for r in range(args.repeat):
            for name, qs in both.items():
                if only and name not in only:
                    continue
                for c in conns:
                    order = ["diplokg", "oxigraph"] if r % 2 == 0 else ["oxigraph", "diplokg"]
                    row: dict = {"scenario": name, "connections": c, "repeat": r}
                    for who in order:
                        port = servers.ours_port if who == "diplokg" else servers.ox_port
                        path = "/sparql" if who == "diplokg" else "/query"
                        row[who] = load(port, query_paths(path, qs), c, args.seconds)
                    ox = row["oxigraph"]["ok_per_s"]
                    row["ratio"] = row["diplokg"]["ok_per_s"] / ox if ox else None
                    results.append(row)
                    report(row)
            for name, paths in ours_only.items():
                if only and name not in only:
                    continue
                for c in conns:
                    accept = "Accept: text/html,application/json\r\n"
                    row = {
                        "scenario": name,
                        "connections": c,
                        "repeat": r,
                        "diplokg": load(servers.ours_port, paths, c, args.seconds, accept),
                    }
                    results.append(row)
                    report(row)
        # one request alone: the first timeline page, the time a user waits; and, when
        # pages are measured, the page of one sampled country, one sampled person and
        # China (the most events: ~39,000 at 10,000 articles)
        alone_paths = ["/api/timeline", "/timeline"]
        if not only or "page" in only:
            alone_paths += [f"/page/{i[len(RES) :]}" for i in (entities[40], entities[0])]
            alone_paths += ["/page/country/chn"]
        for path in alone_paths:
            alone = sorted(one_request(servers.ours_port, path) for _ in range(7))
            results.append({"scenario": f"alone {path}", "ms": alone})
            print(f"{path} first page, one request at a time: {[round(a) for a in alone]} ms")
    summary(results)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(
        json.dumps(
            {"articles": args.articles, "results": results, "env": env, "seconds": args.seconds},
            indent=1,
        )
    )
    return 0


def _fmt(side: dict) -> str:
    refused = side["status"].get("503", 0)
    bad = sum(v for k, v in side["status"].items() if k not in ("200", "503"))
    return (
        f"{side['ok_per_s']:8.1f}/s p50 {side['p50_ms']:7.1f} ms p99 {side['p99_ms']:7.1f}"
        f" 503:{refused} other:{bad}"
    )


def report(row: dict) -> None:
    head = f"{row['scenario']:>13} c={row['connections']:<3} r{row['repeat']}"
    line = f"{head} ours {_fmt(row['diplokg'])}"
    if "oxigraph" in row:
        line += f" | ox {_fmt(row['oxigraph'])} | ratio {row['ratio'] or 0:.3f}"
    print(line, flush=True)


def summary(results: list[dict]) -> None:
    print("\nscenario      conns  diplokg/s (median)  oxigraph/s  ratio median [min-max]  503s")
    keys = sorted({(r["scenario"], r["connections"]) for r in results if "connections" in r})
    for name, c in keys:
        rows = [r for r in results if r["scenario"] == name and r.get("connections") == c]
        ours = statistics.median(r["diplokg"]["ok_per_s"] for r in rows)
        refused = sum(r["diplokg"]["status"].get("503", 0) for r in rows)
        if "oxigraph" in rows[0]:
            ox = statistics.median(r["oxigraph"]["ok_per_s"] for r in rows)
            ratios = [r["ratio"] for r in rows if r["ratio"] is not None]
            spread = f"{statistics.median(ratios):.3f} [{min(ratios):.3f}-{max(ratios):.3f}]"
            print(f"{name:>12} {c:>5} {ours:12.1f} {ox:14.1f}  {spread:24} {refused}")
        else:
            print(f"{name:>12} {c:>5} {ours:12.1f} {'-':>14}  {'-':24} {refused}")


if __name__ == "__main__":
    sys.exit(main())
