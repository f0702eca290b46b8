"""Faults injected into builds and stores (issue 10, "Also covered in CI"):

* ``kill -9`` of a build mid-batch, then a rerun: the store's canonical (sorted)
  N-Quads equal a clean build's;
* a rebuild while the endpoint serves (a remote Oxigraph behind ``diplokg serve``):
  every reader sees each article graph whole: as it was before, as the rebuild
  writes it, or (for an article whose undated report is joined to a dated twin) as
  written before that join, which is a second transaction after the batch;
* the remote Oxigraph server killed mid-query and mid-build: a clear error, the
  server's folder reopens intact, and a rerun of the build ends equal to a clean one.

Each build takes a few seconds (spaCy loads once per run); every wait is bounded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import RdfFormat

from diplokg.build import batch
from diplokg.config import Settings
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.remote import RemoteStore
from tests.conftest import REPO, SEEDS_DIR, SEEDS_JSONL, live_server, run_cli
from tests.integration.quads import NQUADS, canonical, embedded_quads
from tests.integration.test_remote_store import start_oxigraph, stop

pytestmark = [pytest.mark.server, pytest.mark.slow]
EXAMPLES = REPO / "examples"
#: The whole dataset, one row per quad of a named graph.
NAMED_QUADS = "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
ARTICLE_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


@pytest.fixture(scope="module")
def inputs(seeds_available) -> list[str]:
    """Examples and seeds: 11 articles, about 1.5 s of batch after spaCy loads."""
    return [str(EXAMPLES), str(SEEDS_JSONL), str(SEEDS_DIR)]


def _build_command(inputs: list[str], store: str, *extra: str) -> list[str]:
    exe = Path(sys.executable).parent / "diplokg"
    return [str(exe), "build", *inputs, "--store", store, *extra]


@pytest.fixture(scope="module")
def clean(inputs, tmp_path_factory) -> list[str]:
    """The canonical N-Quads of a clean, uninterrupted build."""
    store = tmp_path_factory.mktemp("clean") / "store"
    res = run_cli("build", *inputs, "--store", str(store))
    assert res.returncode == 0, res.stderr
    quads = embedded_quads(store)
    assert len(quads) > 1000
    return quads


def _graphs_in_folder(path: Path) -> int:
    """Named graphs in a store folder another process is writing (read-only look)."""
    try:
        store = EmbeddedStore(path, read_only=True)
    except (OSError, RuntimeError):
        return 0
    try:
        return len(store.graphs())
    finally:
        store.close()


def _kill_when(proc: subprocess.Popen, ready, deadline_s: float = 120) -> bool:
    """SIGKILL ``proc`` once ``ready()`` holds; False if it ended first."""
    deadline = time.monotonic() + deadline_s
    while proc.poll() is None and time.monotonic() < deadline:
        if ready():
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            return True
        time.sleep(0.02)
    if proc.poll() is None:
        proc.kill()
        proc.wait(timeout=30)
        pytest.fail("the build neither progressed nor ended in time")
    return False


# -- kill -9 mid-build, then a rerun ----------------------------------------------------
def test_a_build_killed_mid_batch_and_rerun_equals_a_clean_build(inputs, clean, tmp_path):
    store = tmp_path / "store"
    proc = subprocess.Popen(
        _build_command(inputs, str(store)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # the ontology and at least two articles stored, not all eleven
    killed = _kill_when(proc, lambda: 3 <= _graphs_in_folder(store) < 12)
    assert killed, "the build ended before it could be killed mid-batch"
    assert proc.returncode == -signal.SIGKILL
    half = embedded_quads(store)
    assert 0 < len(half) < len(clean)
    res = run_cli("build", *inputs, "--store", str(store))
    assert res.returncode == 0, res.stderr
    assert embedded_quads(store) == clean


# -- a rebuild while the endpoint serves -------------------------------------------------
def _graph_digests(rows: list[dict]) -> dict[str, str]:
    """One digest per named graph from (g, s, p, o) rows."""
    lines: dict[str, list[str]] = defaultdict(list)
    for row in rows:
        lines[row["g"]["value"]].append(
            "|".join(f"{row[k]['type']}:{row[k]['value']}" for k in ("s", "p", "o"))
        )
    return {g: hashlib.sha256("\n".join(sorted(v)).encode()).hexdigest() for g, v in lines.items()}


def _read_graphs(base: str) -> dict[str, str]:
    resp = httpx.get(base + "/sparql", params={"query": NAMED_QUADS}, timeout=30)
    assert resp.status_code == 200, resp.text[:500]
    rows = resp.json()["results"]["bindings"]
    assert len(rows) < 10_000, "the graph outgrew the endpoint's row cap"
    return _graph_digests(rows)


@pytest.fixture
def oxigraph(tmp_path) -> Iterator[tuple[subprocess.Popen, str, Path]]:
    location = tmp_path / "oxigraph"
    proc, url = start_oxigraph(location)
    yield proc, url, location
    if proc.poll() is None:
        stop(proc)


def _week_later(match: re.Match) -> str:
    return f"published: 2025-06-{int(match.group(1)) + 7:02d}"


def _stored_unjoined(url: str, inputs: Path, monkeypatch) -> dict[str, str]:
    """Each graph as the rebuild of ``inputs`` writes it before joining undated reports
    (:mod:`diplokg.build.reconcile` rewrites those graphs in a second transaction after
    the batch: between the two, a reader sees the article whole but not yet joined)."""
    remote = RemoteStore(url, timeout_s=30)
    store = EmbeddedStore(None)
    store._store.load(remote.dump(NQUADS), format=RdfFormat.N_QUADS)
    remote.close()
    monkeypatch.setattr(batch, "reconcile", lambda *_args: {})
    report = batch.build([inputs], Settings(store="unused"), store)
    assert report.ok, report.errors
    result = store.query(NAMED_QUADS, "application/sparql-results+json")
    return _graph_digests(json.loads(result.body)["results"]["bindings"])


def test_readers_see_each_article_graph_before_or_after_a_rebuild(oxigraph, tmp_path, monkeypatch):
    _, url, _ = oxigraph
    # the same articles published a week later: "el jueves" is another day, so the
    # rebuild changes their graphs
    later = tmp_path / "later"
    shutil.copytree(EXAMPLES, later)
    for text in later.glob("*.txt"):
        text.write_text(re.sub(r"published: 2025-06-(\d\d)", _week_later, text.read_text()))
    res = run_cli("build", str(EXAMPLES), "--store", url)
    assert res.returncode == 0, res.stderr
    unjoined = _stored_unjoined(url, later, monkeypatch)
    with live_server(url, log_dir=tmp_path) as base:
        before = _read_graphs(base)
        proc = subprocess.Popen(
            _build_command([str(later)], url),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        seen: list[dict[str, str]] = []
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            seen.append(_read_graphs(base))
        assert proc.wait(timeout=30) == 0, proc.stderr.read().decode()[-2000:]
        after = _read_graphs(base)
    changed = {g for g in before if before.get(g) != after.get(g)}
    assert changed, "the rebuild changed no graph: the test would prove nothing"
    assert len(seen) >= 3
    for snapshot in seen:
        for graph, digest in snapshot.items():
            whole = (before.get(graph), after.get(graph), unjoined.get(graph))
            assert digest in whole, f"half of {graph} seen"


# -- the remote server killed mid-query and mid-build ------------------------------------
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def test_a_remote_store_killed_mid_query_is_a_clear_error_and_reopens_intact(oxigraph, tmp_path):
    proc, url, location = oxigraph
    res = run_cli("build", str(EXAMPLES), "--store", url, "--published", "2026-02-20")
    assert res.returncode == 0, res.stderr
    dump = RemoteStore(url, timeout_s=30)
    before = canonical(dump.dump(NQUADS))
    dump.close()
    with live_server(url, log_dir=tmp_path) as base:
        answers: list[httpx.Response] = []

        def ask() -> None:
            answers.append(httpx.get(base + "/sparql", params={"query": SLOW}, timeout=60))

        reader = threading.Thread(target=ask)
        reader.start()
        time.sleep(1.0)  # the query is running on the server
        assert not answers, "the slow query finished before the server could be stopped"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=60)
        assert not reader.is_alive(), "the endpoint did not answer once the store died"
        answer = answers[0]
        assert answer.status_code in (502, 503), answer.text
        assert "store" in answer.text
        # the endpoint itself stays up and says what is wrong
        assert httpx.get(base + "/health", timeout=10).status_code in (200, 503)
    proc2, url2 = start_oxigraph(location)
    try:
        again = RemoteStore(url2, timeout_s=30)
        assert canonical(again.dump(NQUADS)) == before
        again.close()
    finally:
        stop(proc2)


def test_a_remote_store_killed_mid_build_leaves_a_resumable_build(inputs, clean, oxigraph):
    proc, url, location = oxigraph
    probe = RemoteStore(url, timeout_s=5)

    def mid_batch() -> bool:
        try:
            rows = probe._select(ARTICLE_GRAPHS)
        except Exception:
            return False
        return 3 <= int(rows[0]["n"].value) < 12

    build = subprocess.Popen(
        _build_command(inputs, url), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while build.poll() is None and not mid_batch() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert build.poll() is None, "the build ended before the store could be stopped"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    _, err = build.communicate(timeout=120)
    probe.close()
    assert build.returncode != 0
    text = err.decode()
    assert "Traceback" not in text, text[-2000:]
    # killed between exchanges or mid-request, the store is gone before it answers; only
    # a kill inside the few microseconds of an answer's body reads as a broken answer
    assert re.search(r"store error: (cannot reach|broken exchange with) the store at", text), text[
        -2000:
    ]
    proc2, url2 = start_oxigraph(location)  # the same folder: it must reopen
    try:
        res = run_cli("build", *inputs, "--store", url2)
        assert res.returncode == 0, res.stderr
        store = RemoteStore(url2, timeout_s=30)
        assert canonical(store.dump(NQUADS)) == clean
        store.close()
    finally:
        stop(proc2)
