"""Benchmark ``diplokg build`` at scale: store loading, memory, incremental, parallel, Dask.

    .venv/bin/python bench/bench_build.py                        # everything (~15 min, 2 cores)
    .venv/bin/python bench/bench_build.py --only store --repeat 5
    .venv/bin/python bench/bench_build.py --sizes 100 200 400 --only memory
    .venv/bin/python bench/bench_build.py --only dask --dask-articles 300 --repeat 2

Every figure is a ratio against a baseline measured in the same run, interleaved per
repeat (baseline, ours, baseline, ...) so that other work on a shared machine hits
both. The corpus comes from ``make_corpus.py`` (deterministic for a seed).

* ``store``: the quads of one extraction pass over the corpus (``Mapper.quads`` plus the
  fingerprint), loaded article by article, then flushed to disk (``Store.flush``: a
  load is over when its data is on disk), into new on-disk stores by (a)
  ``pyoxigraph.Store.extend`` (the baseline), (b) ``EmbeddedStore.replace_graph``,
  (c) the SPARQL update every write used before, and (d) ``extend`` of exactly the
  quads diplokg ends up storing (named quads and their merge in the default graph).
* ``memory``: ``diplokg build`` (the real command, one process) on corpora of the
  given sizes; wall time and peak RSS of the process (``os.wait4``).
* ``incremental``: a full build, then a rebuild with ``--changed`` articles edited.
* ``parallel``: ``--workers 1`` against ``--workers 2`` on the same corpus.
* ``dask``: ``diplokg build`` in one process and with ``--workers 2`` against
  ``--executor dask`` on a ``LocalCluster`` of 1 and of 2 worker processes (interleaved
  per repeat); what Dask
  costs per batch (the round trip of a task that carries a batch of documents out and
  its facts back, and of an empty task); and the store side: the quads of the corpus
  written article by article into the embedded store and into an Oxigraph server
  (``oxigraph serve``, the remote store of a distributed build) through the SPARQL 1.1
  protocols.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import httpx
import pyoxigraph
from make_corpus import write_corpus
from pyoxigraph import DefaultGraph, Quad

from diplokg.build.article import ArticleProcessor
from diplokg.build.fingerprint import content_hash, extractor_version
from diplokg.config import Settings
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.read import ReadError, build_article, read_raw_inputs
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.remote import RemoteStore
from diplokg.store.updates import replace_graphs_update

ROOT = Path(__file__).resolve().parents[1]
DIPLOKG = Path(sys.executable).parent / "diplokg"


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


#: CPU seconds of this process (all threads) per timed call, beside the wall time
CPU: list[float] = []


def timed(fn: Callable[[], Any]) -> float:
    """Wall seconds of ``fn()``; its CPU seconds are appended to :data:`CPU`."""
    start, cpu = time.perf_counter(), time.process_time()
    fn()
    CPU.append(time.process_time() - cpu)
    return time.perf_counter() - start


def spread(samples: Sequence[float]) -> dict[str, float]:
    return {"median": statistics.median(samples), "min": min(samples), "max": max(samples)}


# --------------------------------------------------------------------------- store


def corpus_quads(folder: Path, settings: Settings) -> list[tuple[pyoxigraph.NamedNode, list]]:
    """``(graph, quads)`` per article, as ``diplokg build`` would write them."""
    processor = ArticleProcessor(settings)
    mapper = Mapper(Iris(settings.base_iri), processor.value_labels())
    version = extractor_version(settings)
    out = []
    for raw in read_raw_inputs([folder]):
        item = raw if isinstance(raw, ReadError) else build_article(raw)
        if isinstance(item, ReadError):
            continue
        facts = processor.process(item)
        quads = mapper.quads(facts) + mapper.fingerprint_quads(facts, content_hash(raw), version)
        out.append((mapper.graph_of(facts), quads))
    return out


def bench_store(folder: Path, repeat: int, settings: Settings) -> dict[str, Any]:
    log("store: extracting the corpus once ...")
    articles = corpus_quads(folder, settings)
    n_quads = sum(len(q) for _, q in articles)
    samples: dict[str, list[float]] = {
        k: [] for k in ("extend", "replace_graph", "sparql_update", "extend_stored")
    }
    cpu: dict[str, list[float]] = {k: [] for k in samples}

    def sample(name: str, fn: Callable[[], Any]) -> None:
        samples[name].append(timed(fn))
        cpu[name].append(CPU[-1])

    stored_quads = 0
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        for n in range(repeat):
            log(f"store: repeat {n + 1}/{repeat}")
            bare = pyoxigraph.Store(f"{tmp}/bare-{n}")
            sample("extend", lambda s=bare: ([s.extend(q) for _, q in articles], s.flush()))
            ours = EmbeddedStore(f"{tmp}/ours-{n}")
            sample(
                "replace_graph",
                lambda s=ours: ([s.replace_graph(g, q) for g, q in articles], s._store.flush()),
            )
            stored = list(ours._store)  # what diplokg stores, for baseline (d)
            stored_quads = len(stored)
            ours.close()
            old = pyoxigraph.Store(f"{tmp}/old-{n}")
            sample(
                "sparql_update",
                lambda s=old: (
                    [s.update(replace_graphs_update({g: q})) for g, q in articles],
                    s.flush(),
                ),
            )
            # (d): the same named quads, and each article's new merge triples with it
            seen: set = set()
            batches = []
            for _, quads in articles:
                merge = {Quad(q.subject, q.predicate, q.object, DefaultGraph()) for q in quads}
                batches.append(quads + [q for q in merge if q not in seen])
                seen |= merge
            full = pyoxigraph.Store(f"{tmp}/full-{n}")
            sample(
                "extend_stored", lambda s=full, bs=batches: ([s.extend(b) for b in bs], s.flush())
            )
            if len(full) != stored_quads:
                log(f"warning: {len(full)} quads in (d), {stored_quads} in diplokg's store")
            del bare, old, full
    base = statistics.median(samples["extend"])
    cpu_base = statistics.median(cpu["extend"])
    return {
        "cpu_samples": cpu,
        "cpu_ratio_to_extend": {k: statistics.median(v) / cpu_base for k, v in cpu.items()},
        "articles": len(articles),
        "quads": n_quads,
        "stored_quads": stored_quads,
        "samples": samples,
        "summary": {k: spread(v) for k, v in samples.items()},
        "ratio_to_extend": {k: statistics.median(v) / base for k, v in samples.items()},
        "ratio_per_repeat": {
            k: [x / b for x, b in zip(v, samples["extend"], strict=True)]
            for k, v in samples.items()
        },
    }


# --------------------------------------------------------------------------- builds


_PROGRESS = re.compile(r"^(\d+)/(\d+) articles")


def run_build(
    inputs: Path, store: Path | str, *args: str, env: dict[str, str] | None = None
) -> dict[str, Any]:
    """``diplokg build`` in a process of its own: wall and CPU seconds, peak RSS (MiB),
    and the steady throughput (articles/s from the first progress line at 10% or more
    to the last one: without start-up and model loading). CPU seconds and peak RSS
    are those of the command's process and the processes it waited for (a local Dask
    cluster's workers are not waited for: see ``notes``)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    cmd = [str(DIPLOKG), "build", str(inputs), "--store", str(store), *args]
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    marks: list[tuple[float, int, int]] = []  # (time, done, total) per progress line
    notes: list[str] = []  # the executor's news ("extracting on Dask: ...", "Dask: ...")
    assert proc.stderr is not None and proc.stdout is not None
    for raw in proc.stderr:
        line = raw.decode(errors="replace")
        match = _PROGRESS.match(line)
        if match:
            marks.append((time.perf_counter(), int(match[1]), int(match[2])))
        elif "Dask" in line:
            notes.append(line.strip())
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {proc.returncode}")
    steady = None
    later = [m for m in marks if m[1] >= m[2] / 10]
    if len(later) >= 2 and later[-1][0] > later[0][0]:
        steady = (later[-1][1] - later[0][1]) / (later[-1][0] - later[0][0])
    return {
        "seconds": seconds,
        "cpu_seconds": usage.ru_utime + usage.ru_stime,
        "peak_rss_mib": usage.ru_maxrss / 1024,
        "steady_articles_per_s": steady,
        "stdout": out.decode().strip(),
        "notes": notes,
    }


def bench_memory(sizes: Sequence[int], tmp: Path, seed: int) -> dict[str, Any]:
    rows = {}
    for n in sizes:
        folder = write_corpus(n, tmp / f"corpus-{n}", seed)
        log(f"memory: building {n} articles ...")
        result = run_build(folder, tmp / f"store-{n}")
        result["articles_per_s"] = n / result["seconds"]
        rows[n] = result
    return rows


def bench_incremental(n: int, changed: int, tmp: Path, seed: int) -> dict[str, Any]:
    folder = write_corpus(n, tmp / f"inc-{n}", seed)
    store = tmp / f"inc-store-{n}"
    log(f"incremental: full build of {n} ...")
    full = run_build(folder, store)
    shard = folder / "shard-0000.jsonl"
    lines = shard.read_text(encoding="utf-8").splitlines()
    for i in range(min(changed, len(lines))):
        record = json.loads(lines[i])
        record["text"] += "\n\nUna frase nueva añadida por el editor."
        lines[i] = json.dumps(record, ensure_ascii=False)
    shard.write_text("\n".join(lines) + "\n", encoding="utf-8")
    log(f"incremental: rebuild with {changed} changed ...")
    again = run_build(folder, store)
    return {
        "articles": n,
        "changed": changed,
        "full": full,
        "rebuild": again,
        "ratio": again["seconds"] / full["seconds"],
    }


def bench_parallel(n: int, repeat: int, tmp: Path, seed: int) -> dict[str, Any]:
    folder = write_corpus(n, tmp / f"par-{n}", seed)
    runs: dict[str, list[dict[str, Any]]] = {"1": [], "2": []}
    for r in range(repeat):
        for workers in ("1", "2"):
            log(f"parallel: repeat {r + 1}/{repeat}, {workers} worker(s) ...")
            store = tmp / f"par{workers}-{r}"
            runs[workers].append(run_build(folder, store, "--workers", workers))

    def median(workers: str, key: str) -> float:
        return statistics.median(x[key] for x in runs[workers])

    return {
        "articles": n,
        "runs": runs,
        "wall_speedup": median("1", "seconds") / median("2", "seconds"),
        "steady_speedup": median("2", "steady_articles_per_s")
        / median("1", "steady_articles_per_s"),
        "steady_speedup_per_repeat": [
            b["steady_articles_per_s"] / a["steady_articles_per_s"]
            for a, b in zip(runs["1"], runs["2"], strict=True)
        ],
        # a pair is "clean" when the one-worker build had a core to itself (CPU seconds
        # at least 90% of its wall time): other work on the machine did not slow it
        "clean_pairs": [
            {
                "repeat": r,
                "steady_speedup": b["steady_articles_per_s"] / a["steady_articles_per_s"],
                "wall_speedup": a["seconds"] / b["seconds"],
                "cpu_per_wall_2": b["cpu_seconds"] / b["seconds"],
            }
            for r, (a, b) in enumerate(zip(runs["1"], runs["2"], strict=True))
            if a["cpu_seconds"] >= 0.9 * a["seconds"]
        ],
    }


# --------------------------------------------------------------------------- dask

#: the builds compared: one process, two local processes (``--workers 2``), and Dask
#: LocalClusters of 1 and 2 worker processes
DASK_VARIANTS = {
    "local-1": (),
    "local-2": ("--workers", "2"),
    "dask-1": ("--executor", "dask", "--workers", "1"),
    "dask-2": ("--executor", "dask", "--workers", "2"),
}
_DASK_NOTE = re.compile(r"Dask: (\d+) batch\(es\), \d+ failed; ([\d.]+) s of extraction")


def bench_dask(n: int, repeat: int, batch_size: int, tmp: Path, seed: int) -> dict[str, Any]:
    """Extraction: one process against Dask, interleaved per repeat."""
    folder = write_corpus(n, tmp / f"dask-{n}", seed)
    env = {"DIPLOKG_DASK_BATCH_SIZE": str(batch_size)}
    runs: dict[str, list[dict[str, Any]]] = {k: [] for k in DASK_VARIANTS}
    for r in range(repeat):
        for name, args in DASK_VARIANTS.items():
            log(f"dask: repeat {r + 1}/{repeat}, {name} ...")
            result = run_build(folder, tmp / f"dask-{name}-{r}", *args, env=env)
            for note in result["notes"]:
                match = _DASK_NOTE.search(note)
                if match:
                    result["batches"] = int(match[1])
                    result["worker_extraction_s"] = float(match[2])
            runs[name].append(result)

    def median(name: str, key: str) -> float:
        return statistics.median(x[key] for x in runs[name])

    out: dict[str, Any] = {"articles": n, "batch_size": batch_size, "runs": runs}
    for name in DASK_VARIANTS:
        out[name] = {
            "wall_s": median(name, "seconds"),
            "articles_per_s_wall": n / median(name, "seconds"),
            "steady_articles_per_s": median(name, "steady_articles_per_s"),
            "cpu_s_build_process": median(name, "cpu_seconds"),
            "wall_ratio_to_local": median("local-1", "seconds") / median(name, "seconds"),
            "steady_ratio_to_local": median(name, "steady_articles_per_s")
            / median("local-1", "steady_articles_per_s"),
        }
        if name.startswith("dask"):
            out[name]["worker_extraction_s"] = median(name, "worker_extraction_s")
    out["overhead"] = dask_overhead(folder, sorted({1, batch_size, 4 * batch_size}))
    return out


def _echo(docs: list, facts: list) -> list:
    """A task that does no work: it carries a batch out and its facts back."""
    return facts


def _nothing() -> None:
    return None


def dask_overhead(
    folder: Path, sizes: Sequence[int] = (1, 8, 32), rounds: int = 30
) -> dict[str, Any]:
    """What Dask costs per batch, apart from extraction: one task at a time on a
    LocalCluster of one worker process, round trip seen by the client, for batches of
    ``sizes`` documents (out) and their facts (back); against the warm extraction of the
    same documents in this process, and an empty task."""
    from distributed import Client, LocalCluster

    processor = ArticleProcessor(Settings())
    docs = [d for d in read_raw_inputs([folder]) if not isinstance(d, ReadError)][: max(sizes)]
    facts = [processor.process(build_article(d)) for d in docs]  # warms the pipelines up
    started = time.perf_counter()
    facts = [processor.process(build_article(d)) for d in docs]
    per_article = (time.perf_counter() - started) / len(docs)
    out: dict[str, Any] = {"extraction_s_per_article": per_article, "batches": {}}
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
            dashboard_address=None, scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        Client(cluster, set_as_default=False) as client,
    ):  # fmt: skip
        empty = []
        for _ in range(rounds):
            empty.append(timed(lambda: client.submit(_nothing, pure=False).result()))
        out["empty_task_s"] = spread(empty)
        for size in sizes:
            batch, back = docs[:size], facts[:size]
            client.submit(_echo, batch, back, pure=False).result()  # warm up
            loaded = [
                timed(lambda b=batch, f=back: client.submit(_echo, b, f, pure=False).result())
                for _ in range(rounds)
            ]
            median = statistics.median(loaded)
            out["batches"][size] = {
                "payload_bytes": len(pickle.dumps((batch, back))),
                "roundtrip_s": spread(loaded),
                "per_article_s": median / size,
                "share_of_extraction": median / (size * per_article),
            }
    return out


def _oxigraph(location: Path) -> tuple[subprocess.Popen, str]:
    """``oxigraph serve`` on a free loopback port (the PyPI package the tests run)."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    exe = Path(sys.executable).parent / "oxigraph"
    proc = subprocess.Popen(
        [str(exe), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1).is_success:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError("oxigraph serve did not start")


def bench_store_targets(folder: Path, repeat: int, settings: Settings) -> dict[str, Any]:
    """The corpus's quads written article by article (``replace_graph``, one
    transaction each, as a build writes them) into the embedded store and into an
    Oxigraph server, each new, interleaved per repeat."""
    log("store targets: extracting the corpus once ...")
    articles = corpus_quads(folder, settings)
    n_quads = sum(len(q) for _, q in articles)
    samples: dict[str, list[float]] = {"embedded": [], "oxigraph_server": []}
    stored = 0
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-targets-") as tmp:
        for r in range(repeat):
            log(f"store targets: repeat {r + 1}/{repeat}")
            ours = EmbeddedStore(f"{tmp}/embedded-{r}")
            samples["embedded"].append(
                timed(
                    lambda s=ours: ([s.replace_graph(g, q) for g, q in articles], s._store.flush())
                )
            )
            stored = len(ours._store)
            ours.close()
            proc, url = _oxigraph(Path(tmp) / f"server-{r}")
            remote = RemoteStore(url, timeout_s=120)
            try:
                samples["oxigraph_server"].append(
                    timed(lambda s=remote: [s.replace_graph(g, q) for g, q in articles])
                )
            finally:
                remote.close()
                proc.terminate()
                proc.wait(timeout=30)
    out: dict[str, Any] = {
        "articles": len(articles),
        "quads": n_quads,
        "stored_quads": stored,
        "stored_quads_per_article": stored / max(len(articles), 1),
        "samples": samples,
    }
    for name, values in samples.items():
        med = statistics.median(values)
        out[name] = {
            **spread(values),
            "articles_per_s": len(articles) / med,
            "quads_per_s": n_quads / med,
        }
    return out


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument(
        "--only",
        nargs="*",
        choices=["store", "memory", "incremental", "parallel", "dask"],
        default=None,
    )
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--store-articles", type=int, default=200)
    p.add_argument("--sizes", type=int, nargs="*", default=[100, 200, 400])
    p.add_argument("--incremental-articles", type=int, default=400)
    p.add_argument("--changed", type=int, default=10)
    p.add_argument("--parallel-articles", type=int, default=200)
    p.add_argument("--dask-articles", type=int, default=300)
    p.add_argument("--dask-batch-size", type=int, default=8)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--output", type=Path, default=ROOT / "bench" / "results" / "build.json")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the selected benchmarks; print a JSON summary and write it to ``--output``."""
    args = parse_args(argv)
    parts = set(args.only or ["store", "memory", "incremental", "parallel", "dask"])
    settings = Settings()
    result: dict[str, Any] = {"machine": {"cpus": os.cpu_count(), "load": os.getloadavg()}}
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-build-") as name:
        tmp = Path(name)
        if "store" in parts:
            folder = write_corpus(args.store_articles, tmp / "store-corpus", args.seed)
            result["store"] = bench_store(folder, args.repeat, settings)
        if "memory" in parts:
            result["memory"] = bench_memory(args.sizes, tmp, args.seed)
        if "incremental" in parts:
            result["incremental"] = bench_incremental(
                args.incremental_articles, args.changed, tmp, args.seed
            )
        if "parallel" in parts:
            result["parallel"] = bench_parallel(args.parallel_articles, args.repeat, tmp, args.seed)
        if "dask" in parts:
            result["dask"] = bench_dask(
                args.dask_articles, args.repeat, args.dask_batch_size, tmp, args.seed
            )
            folder = write_corpus(args.dask_articles, tmp / "targets-corpus", args.seed)
            result["store_targets"] = bench_store_targets(folder, args.repeat, settings)
    result["machine"]["load_after"] = os.getloadavg()
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2, default=str))
    brief = {k: v for k, v in result.items()}
    if "store" in brief:
        brief["store"] = {
            k: v for k, v in brief["store"].items() if k not in ("samples", "cpu_samples")
        }
    if "dask" in brief:
        brief["dask"] = {k: v for k, v in brief["dask"].items() if k != "runs"}
    print(json.dumps(brief, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
