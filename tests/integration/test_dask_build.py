"""`diplokg build --executor dask`: extraction on real Dask clusters of worker processes
on 127.0.0.1 (``distributed.LocalCluster``), the store written by the build's own
process, into the embedded store and into a real Oxigraph server.

What a local build guarantees must hold: the same graph (sorted N-Quads equal to a
local build's), broken inputs reported while the rest is built, unchanged articles
skipped before any work is sent, inputs streamed in a bounded window, and a worker
that dies mid-batch retried by Dask, its batch reported as failed when it keeps dying.

Each cluster's workers load spaCy once (a few seconds); every wait is bounded.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster, SchedulerPlugin, WorkerPlugin

from diplokg.build import batch
from diplokg.build.dask_executor import DaskExecutor
from diplokg.build.extraction import ExecutorError
from diplokg.config import Settings
from diplokg.model import ArticleFacts
from diplokg.read import RawDocument, read_raw_inputs
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.remote import RemoteStore
from tests.conftest import REPO, free_port, run_cli
from tests.integration.quads import NQUADS, canonical, embedded_quads
from tests.integration.test_faults import _graphs_in_folder
from tests.integration.test_remote_store import start_oxigraph, stop

pytestmark = pytest.mark.slow
EXAMPLES = REPO / "examples"


def local_cluster(workers: int) -> LocalCluster:
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
    )


class ExtractionTasks(SchedulerPlugin):
    """Counts the extraction tasks the scheduler hands to workers."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def transition(self, key, start, finish, *args, **kwargs) -> None:
        if finish == "processing" and str(key).startswith("extract_batch-"):
            self.keys.add(str(key))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The examples (5 articles), a file that does not parse (a read error, found by
    the build's process) and a file left empty by the page-chrome rules (an error
    found on a worker)."""
    folder = tmp_path_factory.mktemp("corpus") / "in"
    shutil.copytree(EXAMPLES, folder)
    (folder / "broken.jsonl").write_text("{oops\n", encoding="utf-8")
    (folder / "empty.txt").write_text("title: Vacío\n\nCompartir\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def local(corpus, tmp_path_factory) -> list[str]:
    """The sorted N-Quads of a local build of the corpus."""
    store = tmp_path_factory.mktemp("local") / "store"
    res = run_cli("build", str(corpus), "--store", str(store))
    assert res.returncode == 1, res.stderr  # the two broken files
    assert "built 5 articles" in res.stdout
    quads = embedded_quads(store)
    assert len(quads) > 1000
    return quads


@pytest.fixture(scope="module")
def cluster() -> Iterator[tuple[LocalCluster, ExtractionTasks]]:
    """Two single-threaded worker processes and a scheduler on 127.0.0.1."""
    with local_cluster(2) as running:
        tasks = ExtractionTasks()
        running.scheduler.add_plugin(tasks, name="count-extraction-tasks")
        yield running, tasks


def _broken_inputs_reported(stderr: str) -> None:
    errors = [line for line in stderr.splitlines() if line.startswith("diplokg: error:")]
    assert len(errors) == 2, stderr
    assert any("broken.jsonl:1: invalid JSON" in e for e in errors)
    assert any("empty.txt: no article text left" in e for e in errors)


def test_a_local_dask_cluster_builds_the_graph_a_local_build_does(corpus, local, tmp_path):
    """No --scheduler: the command starts a LocalCluster of --workers processes; with
    batches of 2, both workers get work."""
    store = tmp_path / "store"
    res = run_cli(
        "build", str(corpus), "--store", str(store), "--executor", "dask", "--workers", "2",
        env={"DIPLOKG_DASK_BATCH_SIZE": "2"},
    )  # fmt: skip
    assert res.returncode == 1, res.stderr
    assert "built 5 articles" in res.stdout
    _broken_inputs_reported(res.stderr)
    assert "extracting on Dask: 2 worker thread(s) at a local cluster (tcp://127.0.0.1:" in (
        res.stderr
    )
    assert "Dask: 3 batch(es), 0 failed" in res.stderr  # 6 documents sent, 2 per batch
    assert "articles built per second" in res.stderr  # the closing table
    assert embedded_quads(store) == local


@pytest.mark.server
def test_a_dask_scheduler_builds_into_an_oxigraph_server(corpus, local, cluster, tmp_path):
    running, tasks = cluster
    proc, url = start_oxigraph(tmp_path / "oxigraph")
    try:
        args = ["build", str(corpus), "--store", url, "--scheduler", running.scheduler_address]
        res = run_cli(*args, "--workers", "2")  # waits for both workers
        assert res.returncode == 1, res.stderr
        assert "built 5 articles" in res.stdout
        _broken_inputs_reported(res.stderr)
        sent = len(tasks.keys)
        assert sent >= 1
        remote = RemoteStore(url, timeout_s=30)
        try:
            assert canonical(remote.dump(NQUADS)) == local
        finally:
            remote.close()
        # unchanged articles are skipped before any work is sent to the cluster
        again = run_cli(*args)
        assert again.returncode == 1, again.stderr  # the broken files, still
        assert "5 unchanged article(s) skipped" in again.stdout
        assert "empty.txt" in again.stderr  # extracted again: it was never stored
        assert len(tasks.keys) == sent + 1  # one batch: empty.txt alone
    finally:
        stop(proc)


def _documents(n: int) -> list[RawDocument]:
    """``n`` documents: the examples again and again, each copy under its own id."""
    examples = [d for d in read_raw_inputs([EXAMPLES]) if isinstance(d, RawDocument)]
    return [
        RawDocument(**{**vars(d), "id": f"{d.id}-{i}", "source": f"{d.source}#{i}"})
        for i in range(n // len(examples) + 1)
        for d in examples
    ][:n]


def test_inputs_are_streamed_in_a_bounded_window(cluster):
    """However many documents, at most (window + 1) batches are read and not yet
    given back; results come back for every document."""
    running, _ = cluster
    settings = Settings(dask_batch_size=2, dask_batches_per_thread=1)
    window = 2  # one batch per worker thread, two threads
    read = given = 0
    most = 0

    def todo():
        nonlocal read
        for doc in _documents(40):
            read += 1
            yield doc, "digest"

    ids = []
    with DaskExecutor(
        settings, (None, None), scheduler=running.scheduler_address, workers=2
    ) as executor:
        for raw, digest, result in executor.results(todo()):
            most = max(most, read - given)
            given += 1
            assert digest == "digest"
            assert isinstance(result, ArticleFacts), result
            ids.append(raw.id)
    assert sorted(ids) == sorted(d.id for d in _documents(40))
    assert most <= (window + 1) * settings.dask_batch_size
    assert executor.stats.batches == 20 and executor.stats.failed_batches == 0


def test_workers_on_another_extractor_stop_the_build(cluster):
    """A worker whose code, data or models differ from the build's would store facts
    under a fingerprint that lies: the build stops at its first batch."""
    running, _ = cluster
    executor = DaskExecutor(
        Settings(), (None, None), scheduler=running.scheduler_address, workers=1
    )
    executor.version = "diplokg 0.0.0+elsewhere"  # as if this process ran other code
    todo = ((doc, "digest") for doc in _documents(3))
    with executor, pytest.raises(ExecutorError, match="a Dask worker runs another extractor"):
        next(executor.results(todo))


def test_too_few_workers_is_a_one_line_error(cluster, tmp_path):
    running, _ = cluster  # two workers
    res = run_cli(
        "build", str(EXAMPLES), "--store", str(tmp_path / "store"),
        "--scheduler", running.scheduler_address, "--workers", "3",
        env={"DIPLOKG_DASK_CONNECT_TIMEOUT_S": "1"},
    )  # fmt: skip
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        f"diplokg: error: 2 of 3 Dask worker(s) joined the scheduler at "
        f"{running.scheduler_address} within 1 s (--workers N waits for N)"
    ]


class Sabotage(WorkerPlugin):
    """On every worker (restarted ones too): the worker process dies while it extracts
    an article named 'poison', and once (the first time) while it extracts 02-macron."""

    name = "sabotage"

    def __init__(self, marker: str) -> None:
        self.marker = marker

    def setup(self, worker) -> None:
        from diplokg.build import extraction

        real = extraction.process_safely
        marker = Path(self.marker)

        def dying(processor, article):
            if "poison" in article.id:
                os._exit(1)
            if "macron" in article.id and not marker.exists():
                marker.touch()
                os._exit(1)
            return real(processor, article)

        extraction.process_safely = dying


def test_a_worker_dying_mid_batch_is_retried_then_its_batch_reported(tmp_path, monkeypatch):
    corpus = tmp_path / "in"
    shutil.copytree(EXAMPLES, corpus)
    (corpus / "poison.txt").write_text(
        "published: 2025-06-10\n\nEl ministro viajó a Lima para reunirse con su homólogo.\n",
        encoding="utf-8",
    )
    expected = tmp_path / "expected"
    (expected / "in").mkdir(parents=True)
    for f in EXAMPLES.iterdir():
        shutil.copy(f, expected / "in" / f.name)
    clean = EmbeddedStore(expected / "store")
    try:
        assert batch.build([expected / "in"], Settings(store="unused"), clean).ok
        want = canonical(clean.dump(NQUADS))
    finally:
        clean.close()
    # a task is given up after its second worker death; each worker runs one task at
    # a time, so only the batch that kills it is charged with the death
    config = {
        "distributed.scheduler.allowed-failures": 1,
        "distributed.scheduler.worker-saturation": 1.0,
    }
    marker = tmp_path / "macron-died-once"
    with dask.config.set(config), local_cluster(2) as running:
        with Client(running, set_as_default=False) as client:
            client.register_plugin(Sabotage(str(marker)))
        settings = Settings(store="unused", dask_batch_size=1, dask_batches_per_thread=1)
        store = EmbeddedStore(tmp_path / "store")
        try:
            report = batch.build(
                [corpus], settings, store, executor="dask",
                scheduler=running.scheduler_address, workers=2,
            )  # fmt: skip
            got = canonical(store.dump(NQUADS))
        finally:
            store.close()
    assert marker.exists(), "02-macron never killed its worker: the test proves nothing"
    assert report.articles == 5  # 02-macron's batch was retried after its worker died
    assert len(report.errors) == 1, report.errors
    assert "poison.txt: extraction failed on Dask: KilledWorker" in report.errors[0]
    assert got == want


# -- the scheduler killed mid-build --------------------------------------------------------
def _dask(*args: str, log: Path) -> subprocess.Popen:
    """``dask scheduler`` / ``dask worker`` (the commands Dask installs) in a process."""
    exe = str(Path(sys.executable).parent / "dask")
    out = log.open("wb")
    return subprocess.Popen([exe, *args], stdout=out, stderr=subprocess.STDOUT)


def _end(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)


def test_a_scheduler_killed_mid_build_is_one_line_and_a_rerun_finishes(tmp_path):
    """Every article stored is whole when the scheduler dies; the build says so in one
    line (exit 2), and a rerun ends with the graph of an uninterrupted build."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    with (corpus / "many.jsonl").open("w", encoding="utf-8") as out:
        for doc in _documents(30):
            record = {"id": doc.id, "text": doc.text, "lang": doc.lang, "title": doc.title}
            record["published"] = doc.published.isoformat() if doc.published else None
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    clean = EmbeddedStore(tmp_path / "clean")
    try:
        assert batch.build([corpus], Settings(store="unused"), clean).articles == 30
        want = canonical(clean.dump(NQUADS))
    finally:
        clean.close()
    address = f"tcp://127.0.0.1:{free_port()}"
    scheduler = _dask(
        "scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1],
        "--no-dashboard", log=tmp_path / "scheduler.log",
    )  # fmt: skip
    worker = _dask(
        "worker", address, "--nthreads", "1", "--nworkers", "1", "--no-dashboard",
        "--host", "127.0.0.1", log=tmp_path / "worker.log",
    )  # fmt: skip
    store = tmp_path / "store"
    try:
        exe = Path(sys.executable).parent / "diplokg"
        build = subprocess.Popen(
            [str(exe), "build", str(corpus), "--store", str(store), "--scheduler", address],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, "DIPLOKG_DASK_BATCH_SIZE": "1",
                 "DIPLOKG_DASK_CONNECT_TIMEOUT_S": "20"},
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while build.poll() is None and time.monotonic() < deadline:
            if 3 <= _graphs_in_folder(store) < 31:  # the ontology and 2+ of 30 articles
                break
            time.sleep(0.02)
        assert build.poll() is None, "the build ended before the scheduler could be killed"
        os.kill(scheduler.pid, signal.SIGKILL)
        scheduler.wait(timeout=15)
        _, err = build.communicate(timeout=120)
    finally:
        for proc in (scheduler, worker):
            _end(proc)
    text = err.decode()
    assert build.returncode == 2, text[-2000:]
    assert "Traceback" not in text, text[-2000:]
    assert (
        text.strip()
        .splitlines()[-1]
        .startswith("diplokg: error: lost the Dask scheduler mid-build")
    ), text[-2000:]
    half = embedded_quads(store)
    assert 0 < len(half) < len(want)
    res = run_cli("build", str(corpus), "--store", str(store), "--executor", "dask")
    assert res.returncode == 0, res.stderr
    assert "unchanged article(s) skipped" in res.stdout  # the articles stored whole
    assert embedded_quads(store) == want
