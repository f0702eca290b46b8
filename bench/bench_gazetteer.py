"""Benchmark loading the offline gazetteer against bare parsing of its tables.

Run on demand (not part of the test suite)::

    .venv/bin/python bench/bench_gazetteer.py [--repeat N] [--target SECONDS]

Both sides are measured in the same run: ``load_gazetteer`` (uncached) builds every
index from ``data/gazetteer/*.tsv``; the baseline reads the same files with
``csv.DictReader`` and does nothing else. Reported: the medians, their ratio, and the
load time against ``--target`` (2 s, the budget of issue 13).
"""

from __future__ import annotations

import argparse
import csv
import statistics
import time
from pathlib import Path

from diplokg.config import DATA_DIR
from diplokg.knowledge.gazetteer import load_gazetteer


def bare_parse(folder: Path) -> int:
    """Rows in every TSV of ``folder`` (the parsing the loader cannot avoid)."""
    rows = 0
    for path in sorted(folder.glob("*.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            rows += sum(1 for _ in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    return rows


def timed(fn, repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return samples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--target", type=float, default=2.0, help="load budget in seconds")
    args = parser.parse_args()
    load = load_gazetteer.__wrapped__  # the uncached loader
    rows = bare_parse(DATA_DIR / "gazetteer")
    gz = load(DATA_DIR)
    base = statistics.median(timed(lambda: bare_parse(DATA_DIR / "gazetteer"), args.repeat))
    full = statistics.median(timed(lambda: load(DATA_DIR), args.repeat))
    verdict = "PASS" if full < args.target else "FAIL"
    print(f"tables: {rows} rows; gazetteer: {len(gz.entries)} entries")
    print(f"bare csv parse   {base * 1000:8.1f} ms (median of {args.repeat})")
    print(f"load_gazetteer   {full * 1000:8.1f} ms  ratio {full / base:.2f}x")
    print(f"load < {args.target:.1f} s: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
