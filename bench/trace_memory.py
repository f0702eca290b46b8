"""Where the memory of one ``diplokg build`` goes: RSS sampled inside the build.

    .venv/bin/python bench/make_corpus.py 3000 /tmp/corpus-3k
    .venv/bin/python bench/trace_memory.py /tmp/corpus-3k --every 500

Runs :func:`diplokg.build.batch.build` in this process into a new store and prints
one JSON line per sample: every ``--every`` articles, before and after the join of
undated reports, and once the store is closed. Each sample has the process's RSS and
its peak so far (``VmRSS``, ``VmHWM``, MiB), the anonymous part (``RssAnon``), the
Python heap's allocated blocks (``sys.getallocatedblocks``: Python objects, not
spaCy's or RocksDB's native memory) and, per loaded spaCy pipeline, its strings and
the lexemes in its index (``len(nlp.vocab)`` counts every lexeme ever made, including
those a memory zone has freed). RSS that grows while the Python blocks do not is
native: RocksDB, spaCy's C structures, or the allocator's fragmentation.
"""

from __future__ import annotations

import argparse
import io
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from diplokg.build import batch
from diplokg.build.article import ArticleProcessor
from diplokg.build.progress import BuildProgress
from diplokg.config import Settings
from diplokg.store import open_store


def _status() -> dict[str, int]:
    """VmRSS, VmHWM and RssAnon of this process, in MiB."""
    out = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM", "RssAnon"):
                out[key] = int(value.split()[0]) // 1024
    return out


class Tracer:
    """Samples the process; knows the build's ArticleProcessor once it is made."""

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.processors: list[ArticleProcessor] = []

    def sample(self, label: str, articles: int | None = None) -> None:
        row: dict[str, Any] = {"label": label, "articles": articles}
        row["seconds"] = round(time.monotonic() - self.start, 1)
        row |= _status()
        row["python_blocks"] = sys.getallocatedblocks()
        for processor in self.processors[:1]:
            for lang, nlp in processor.pipelines._loaded.items():
                row[f"strings_{lang}"] = len(nlp.vocab.strings)
                row[f"lexemes_{lang}"] = sum(1 for _ in nlp.vocab)
        print(json.dumps(row), flush=True)


def trace(inputs: Path, store_dir: Path, every: int) -> None:
    tracer = Tracer()
    made = ArticleProcessor.__init__

    def init(processor: ArticleProcessor, *args: Any, **kwargs: Any) -> None:
        made(processor, *args, **kwargs)
        tracer.processors.append(processor)

    class Progress(BuildProgress):
        def article(self, status: str, article_id: str) -> None:
            super().article(status, article_id)
            done = sum(self.counts.values())
            if done % every == 0:
                tracer.sample("articles", done)

    join = batch.reconcile

    def traced_join(*args: Any, **kwargs: Any) -> dict[str, str]:
        tracer.sample("before join")
        joins = join(*args, **kwargs)
        tracer.sample("after join")
        return joins

    ArticleProcessor.__init__ = init  # type: ignore[method-assign]
    batch.reconcile = traced_join
    try:
        settings = Settings(store=str(store_dir))
        store = open_store(settings)
        tracer.sample("start", 0)
        report = batch.build([inputs], settings, store, progress=Progress(io.StringIO(), tty=False))
        tracer.sample("built", report.articles)
        store.close()
        tracer.sample("closed", report.articles)
    finally:
        ArticleProcessor.__init__ = made  # type: ignore[method-assign]
        batch.reconcile = join


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("inputs", type=Path, help="a corpus (make_corpus.py) or other inputs")
    p.add_argument("--every", type=int, default=250, help="articles between two samples")
    p.add_argument("--store", type=Path, help="store folder (default: a temporary one)")
    args = p.parse_args(argv)
    if args.store:
        shutil.rmtree(args.store, ignore_errors=True)
        trace(args.inputs, args.store, args.every)
        return 0
    with tempfile.TemporaryDirectory(prefix="diplokg-trace-") as tmp:
        trace(args.inputs, Path(tmp) / "store", args.every)
    return 0


if __name__ == "__main__":
    sys.exit(main())
