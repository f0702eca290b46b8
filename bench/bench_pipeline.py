"""Benchmark diplokg extraction and store loading against their bare baselines.

Run on demand (not part of the test suite)::

    .venv/bin/python bench/bench_pipeline.py [--repeat N] [--articles PATH ...]
                                             [--synthetic N] [--profile] [--check]

Everything is measured in one run, on one corpus (the articles read from the given
paths, by default ``examples/`` and ``../shared/corpus/seeds.jsonl``, plus a
deterministic synthetic corpus made by concatenating and perturbing them):

* **extraction** - :meth:`ArticleProcessor.process` per article, against a baseline
  of the bare spaCy pipelines (:func:`diplokg.nlp.pipelines.load_model`, no gazetteer
  ruler) run over exactly the same passages, with the same per-passage language split
  and the same per-language batches. Model load times are measured separately and
  both sides are warmed up before timing.
* **store load** - :meth:`Mapper.quads` plus :meth:`EmbeddedStore.replace_graph` per
  article into a temporary on-disk store, against ``pyoxigraph.Store.extend`` of the
  same quads (one call per article) into another temporary on-disk store.
* **memory** - the peak RSS of the process after each phase, and the
  ``tracemalloc`` peak of extraction (largest single-article peak, and what stays
  allocated after the traced pass).

Each timing is repeated ``--repeat`` times (median reported). A table is printed and
the full result is written as JSON (``bench/results/latest.json`` by default). The
extraction/baseline ratio is compared with ``--target`` (1.25); the script exits 0
either way unless ``--check`` is given, in which case a FAIL exits 1.
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import io
import json
import os
import platform
import pstats
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pyoxigraph
import spacy
from spacy.language import Language

from diplokg.build.article import ArticleProcessor
from diplokg.config import Settings
from diplokg.model import Article, ArticleFacts, Passage, PassageKind
from diplokg.nlp.pipelines import load_model
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.read import ReadError, read_inputs
from diplokg.read.langid import guess_language
from diplokg.store.embedded import EmbeddedStore

REPO = Path(__file__).resolve().parents[1]
DEFAULT_INPUTS = (REPO / "examples", REPO.parent / "shared" / "corpus" / "seeds.jsonl")
DEFAULT_OUTPUT = REPO / "bench" / "results" / "latest.json"
DEFAULT_TARGET = 1.25
#: how many of the largest synthetic articles the tracemalloc pass adds to the real ones
TRACE_EXTRA = 10

#: a list of per-article language batches: ``[(lang, [passage texts]), ...]``
Batches = list[tuple[str, list[str]]]


# --------------------------------------------------------------------------- corpus


def read_corpus(paths: Sequence[Path]) -> tuple[list[Article], list[str]]:
    """Articles read (and cleaned) from ``paths``, and the read errors as lines."""
    articles: list[Article] = []
    errors: list[str] = []
    for item in read_inputs([Path(p) for p in paths]):
        if isinstance(item, ReadError):
            errors.append(str(item))
        else:
            articles.append(item)
    return articles, errors


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?»”])\s+(?=[A-ZÁÉÍÓÚÑ«“\"])")


def _rotate_sentences(text: str, rng: random.Random) -> str:
    """The passage with its sentences rotated (same words, different order)."""
    sentences = _SENTENCE_SPLIT.split(text)
    if len(sentences) < 2:
        return text
    k = rng.randrange(1, len(sentences))
    return " ".join(sentences[k:] + sentences[:k])


def _perturb(article: Article, rng: random.Random) -> tuple[Passage, ...]:
    """Passages of ``article``, with body passages reordered and sentences rotated."""
    heads = [p for p in article.passages if p.kind is PassageKind.TITLE][:1]
    rest = [p for p in article.passages if p not in heads]
    rng.shuffle(rest)
    if len(rest) > 3:
        rest.pop(rng.randrange(len(rest)))  # drop one passage
    out = [
        dataclasses.replace(p, text=_rotate_sentences(p.text, rng))
        if p.kind is PassageKind.BODY and rng.random() < 0.5
        else p
        for p in rest
    ]
    return (*heads, *out)


def synthesize(base: Sequence[Article], total: int, seed: int = 0) -> list[Article]:
    """Deterministic extra articles so that ``base`` + extras has ``total`` articles.

    Half of the extras concatenate two real articles (the first one's metadata, the
    second one's title passages turned into body text), half perturb one article
    (passages shuffled, one dropped, sentences rotated); every extra gets its
    publication date shifted by up to a few weeks, so date resolution differs too.
    """
    rng = random.Random(seed)
    extras: list[Article] = []
    if not base:
        return extras
    for i in range(max(0, total - len(base))):
        first = rng.choice(base)
        if i % 2 == 0 and len(base) > 1:
            second = rng.choice([a for a in base if a is not first])
            tail = tuple(
                dataclasses.replace(p, kind=PassageKind.BODY) if p.kind is PassageKind.TITLE else p
                for p in second.passages
            )
            passages = (*first.passages, *tail)
            how = f"cat-{second.id}"
        else:
            passages = _perturb(first, rng)
            how = "perturbed"
        published = first.published
        if published is not None:
            published = published + timedelta(days=rng.randint(-20, 20))
        extras.append(
            dataclasses.replace(
                first,
                id=f"synthetic-{i:03d}-{first.id}-{how}",
                source=f"synthetic:{i}",
                passages=passages,
                published=published,
            )
        )
    return extras


def language_batches(article: Article, settings: Settings) -> Batches:
    """The per-language passage batches ``ArticleProcessor.process`` parses.

    Same language choice (passage language, else detected with the article's or the
    default language as fallback), same grouping in first-seen order, and languages
    without a model folded onto the default pipeline as ``Pipelines.get`` does.
    """
    default = article.lang or settings.default_lang
    langs = [p.lang or guess_language(p.text) or default for p in article.passages]
    batches: Batches = []
    for lang in dict.fromkeys(langs):
        texts = [p.text for p, lg in zip(article.passages, langs, strict=True) if lg == lang]
        model_lang = lang if lang in settings.spacy_models else settings.default_lang
        batches.append((model_lang, texts))
    return batches


def describe_corpus(
    articles: Sequence[Article], batches: Sequence[Batches], n_real: int
) -> dict[str, Any]:
    """Size of the corpus: articles, passages, characters, passages per language."""
    per_lang: Counter[str] = Counter()
    for article_batches in batches:
        for lang, texts in article_batches:
            per_lang[lang] += len(texts)
    return {
        "articles": len(articles),
        "real_articles": n_real,
        "synthetic_articles": len(articles) - n_real,
        "passages": sum(len(a.passages) for a in articles),
        "characters": sum(len(p.text) for a in articles for p in a.passages),
        "passages_per_model_language": dict(sorted(per_lang.items())),
    }


# --------------------------------------------------------------------------- measuring


def peak_rss_mib() -> float:
    """The process's peak resident set size so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    """``(seconds, result)`` of one call of ``fn``."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def summary(samples: Sequence[float]) -> dict[str, Any]:
    """Median, min, max and all samples (seconds)."""
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "samples": list(samples),
    }


def run_baseline(models: dict[str, Language], batches: Sequence[Batches]) -> int:
    """Bare spaCy over every batch; returns the number of tokens (keeps work honest)."""
    tokens = 0
    for article_batches in batches:
        for lang, texts in article_batches:
            tokens += sum(len(doc) for doc in models[lang].pipe(texts))
    return tokens


def run_extraction(processor: ArticleProcessor, articles: Sequence[Article]) -> list[ArticleFacts]:
    """``ArticleProcessor.process`` over every article."""
    return [processor.process(a) for a in articles]


#: quads in named graphs (the article graphs), whatever the store keeps besides
NAMED_QUADS = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def run_store_diplokg(
    mapper: Mapper, facts: Sequence[ArticleFacts], folder: Path
) -> tuple[float, float, int, int]:
    """Load ``facts`` into a new store, one ``replace_graph`` per article.

    Returns ``(mapping s, replace_graph s, quads in named graphs, quads in all)``;
    the store may keep more than the article graphs (e.g. their merge in the default
    graph), which is part of what ``replace_graph`` costs.
    """
    store = EmbeddedStore(folder)
    try:
        map_s, mapped = timed(lambda: [(mapper.graph_of(f), mapper.quads(f)) for f in facts])

        def load() -> None:
            for graph, quads in mapped:
                store.replace_graph(graph, quads)

        load_s, _ = timed(load)
        named = int(store.solutions(NAMED_QUADS)[0]["n"].value)  # type: ignore[attr-defined]
        total = len(store)
    finally:
        store.close()
    return map_s, load_s, named, total


def run_store_baseline(quads: Sequence[list[pyoxigraph.Quad]], folder: Path) -> tuple[float, int]:
    """``(seconds, quads)`` of ``pyoxigraph.Store.extend`` per article into a new store."""
    store = pyoxigraph.Store(str(folder))

    def load() -> None:
        for article_quads in quads:
            store.extend(article_quads)

    seconds, _ = timed(load)
    count = len(store)
    store.flush()
    return seconds, count


def trace_extraction(processor: ArticleProcessor, articles: Sequence[Article]) -> dict[str, Any]:
    """tracemalloc over one extraction pass: per-article peak and retained memory.

    Memory is counted from the start of the pass (models and other state allocated
    before it are not traced); the facts of each article are dropped after it.
    """
    tracemalloc.start()
    try:
        start_current, _ = tracemalloc.get_traced_memory()
        worst = (0, "")
        overall_peak = start_current
        for article in articles:
            tracemalloc.reset_peak()
            before, _ = tracemalloc.get_traced_memory()
            processor.process(article)
            _, peak = tracemalloc.get_traced_memory()
            overall_peak = max(overall_peak, peak)
            if peak - before > worst[0]:
                worst = (peak - before, article.id)
        end_current, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    mib = 1024 * 1024
    return {
        "articles": len(articles),
        "max_article_peak_mib": worst[0] / mib,
        "max_article": worst[1],
        "pass_peak_mib": (overall_peak - start_current) / mib,
        "retained_after_pass_mib": (end_current - start_current) / mib,
    }


def profile_extraction(
    processor: ArticleProcessor, articles: Sequence[Article], top: int = 15
) -> str:
    """cProfile of one extraction pass: the ``top`` functions by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for article in articles:
        processor.process(article)
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    return out.getvalue()


# --------------------------------------------------------------------------- report


def machine_info() -> dict[str, Any]:
    """Where the numbers were taken."""
    try:
        commit = (
            subprocess.run(
                ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                capture_output=True,
                text=True,
                check=False,
                timeout=10,
            ).stdout.strip()
            or None
        )
    except OSError:
        commit = None
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "spacy": spacy.__version__,
        "pyoxigraph": pyoxigraph.__version__,
        "git_commit": commit,
    }


def format_table(result: dict[str, Any]) -> str:
    """The human-readable summary table."""
    ext, store, mem = result["extraction"], result["store"], result["memory"]
    rows: list[tuple[str, str, str, str]] = [
        ("phase", "median s", "rate", "ratio"),
        (
            "bare spaCy (baseline)",
            f"{ext['baseline_s']['median']:.3f}",
            f"{ext['baseline_articles_per_s']:.1f} art/s",
            "1.00x",
        ),
        (
            "diplokg extraction",
            f"{ext['diplokg_s']['median']:.3f}",
            f"{ext['diplokg_articles_per_s']:.1f} art/s",
            f"{ext['ratio']:.2f}x",
        ),
        (
            "pyoxigraph extend (baseline)",
            f"{store['baseline_extend_s']['median']:.3f}",
            f"{store['baseline_quads_per_s']:.0f} quads/s",
            "1.00x",
        ),
        (
            "  diplokg mapping",
            f"{store['mapping_s']['median']:.3f}",
            f"{store['mapping_quads_per_s']:.0f} quads/s",
            f"{store['mapping_ratio']:.2f}x",
        ),
        (
            "  diplokg replace_graph",
            f"{store['replace_graph_s']['median']:.3f}",
            f"{store['replace_graph_quads_per_s']:.0f} quads/s",
            f"{store['replace_graph_ratio']:.2f}x",
        ),
        (
            "diplokg store load (map+replace)",
            f"{store['diplokg_s']['median']:.3f}",
            f"{store['diplokg_quads_per_s']:.0f} quads/s",
            f"{store['ratio']:.2f}x",
        ),
    ]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = []
    for n, row in enumerate(rows):
        lines.append(
            "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                for i, cell in enumerate(row)
            )
        )
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    load = result["load"]
    bare = ", ".join(f"{k} {v:.2f}s" for k, v in load["bare_models_s"].items())
    ours = ", ".join(f"{k} {v:.2f}s" for k, v in load["processor_models_s"].items())
    rss = ", ".join(f"{k} {v:.0f}" for k, v in mem["peak_rss_mib"].items())
    tm = mem["tracemalloc"]
    corpus = result["corpus"]
    lines += [
        "",
        f"corpus: {corpus['articles']} articles ({corpus['real_articles']} real), "
        f"{corpus['passages']} passages, {corpus['characters']} chars; "
        f"{store['quads']} quads ({store['distinct_quads_stored']} distinct; diplokg store "
        f"holds {store['diplokg_store_total_quads']}); repeat {result['repeat']} (median)",
        f"model load: bare {bare}; diplokg init {load['processor_init_s']:.2f}s + {ours}",
        f"peak RSS MiB after: {rss}",
        (
            f"tracemalloc (extraction, {tm['articles']} articles): "
            f"max per-article peak {tm['max_article_peak_mib']:.1f} MiB ({tm['max_article']}), "
            f"retained after pass {tm['retained_after_pass_mib']:.1f} MiB"
            if tm
            else "tracemalloc: skipped"
        ),
        "",
        f"extraction {ext['ratio']:.2f}x bare spaCy (target <= {ext['target']:.2f}x): "
        f"{'PASS' if ext['pass'] else 'FAIL'}",
    ]
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    parser = argparse.ArgumentParser(
        description="Benchmark diplokg extraction and store loading against bare baselines."
    )
    parser.add_argument("--repeat", type=int, default=3, help="timed repetitions (median)")
    parser.add_argument(
        "--articles",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="input files/folders (default: examples/ and ../shared/corpus/seeds.jsonl)",
    )
    parser.add_argument(
        "--synthetic",
        type=int,
        default=200,
        metavar="N",
        help="pad the corpus with synthetic articles to N in total (0: real ones only)",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpus")
    parser.add_argument(
        "--target",
        type=float,
        default=DEFAULT_TARGET,
        help="maximum extraction/baseline ratio for PASS",
    )
    parser.add_argument("--check", action="store_true", help="exit 1 when the target fails")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="print the top 15 cumulative functions of extraction (cProfile)",
    )
    parser.add_argument(
        "--no-tracemalloc", action="store_true", help="skip the (slow) tracemalloc pass"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="JSON result file")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    return args


def log(message: str) -> None:
    """Progress on stderr (the table goes to stdout)."""
    print(message, file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; 1 only with ``--check`` and a failed target (2: no input)."""
    args = parse_args(argv)
    settings = Settings()
    inputs = args.articles or [p for p in DEFAULT_INPUTS if p.exists()]
    real, read_errors = read_corpus(inputs)
    for line in read_errors:
        log(f"read error (skipped): {line}")
    if not real:
        log("no articles to benchmark")
        return 2
    rss: dict[str, float] = {"start": peak_rss_mib()}

    # -- model loading (reported separately, never in the timed passes) ---------------
    log("loading models ...")
    bare_load: dict[str, float] = {}
    models: dict[str, Language] = {}
    for lang, package in settings.spacy_models.items():
        bare_load[lang], models[lang] = timed(lambda package=package: load_model(package))
    init_s, processor = timed(lambda: ArticleProcessor(settings))
    ours_load: dict[str, float] = {}
    for lang in settings.spacy_models:
        ours_load[lang], _ = timed(lambda lang=lang: processor.pipelines.get(lang))
    rss["models_loaded"] = peak_rss_mib()

    # -- warm-up (an article the processor cannot handle is left out), then corpus ---
    log(f"warming up on {len(real)} real articles ...")
    failures: list[str] = []
    broken: set[str] = set()
    for article in real:
        try:
            processor.process(article)
        except Exception as exc:  # reported and excluded from every timed pass
            failures.append(f"{article.id}: {type(exc).__name__}: {exc}")
            broken.add(article.id)
    usable = [a for a in real if a.id not in broken]
    synthetic = synthesize(usable, args.synthetic, args.seed) if args.synthetic else []
    articles = usable + synthetic
    batches = [language_batches(a, settings) for a in articles]
    run_baseline(models, batches[: len(usable)])

    # -- extraction vs bare spaCy, interleaved per repeat ----------------------------
    base_s: list[float] = []
    ours_s: list[float] = []
    facts: list[ArticleFacts] = []
    for n in range(args.repeat):
        log(f"repeat {n + 1}/{args.repeat}: bare spaCy ...")
        seconds, tokens = timed(lambda: run_baseline(models, batches))
        base_s.append(seconds)
        log(f"repeat {n + 1}/{args.repeat}: diplokg extraction ...")
        seconds, facts = timed(lambda: run_extraction(processor, articles))
        ours_s.append(seconds)
    rss["extraction"] = peak_rss_mib()

    # -- store load vs pyoxigraph extend --------------------------------------------
    mapper = Mapper(Iris(settings.base_iri), processor.value_labels())
    all_quads = [mapper.quads(f) for f in facts]
    n_quads = sum(len(q) for q in all_quads)
    map_s: list[float] = []
    replace_s: list[float] = []
    extend_s: list[float] = []
    with tempfile.TemporaryDirectory(prefix="diplokg-bench-") as tmp:
        for n in range(args.repeat):
            log(f"repeat {n + 1}/{args.repeat}: store load ...")
            seconds, stored = run_store_baseline(all_quads, Path(tmp) / f"bare-{n}")
            extend_s.append(seconds)
            mapping, replacing, stored_ours, stored_total = run_store_diplokg(
                mapper, facts, Path(tmp) / f"diplokg-{n}"
            )
            map_s.append(mapping)
            replace_s.append(replacing)
            if stored != stored_ours:
                log(f"warning: stores differ ({stored} bare vs {stored_ours} diplokg quads)")
    rss["store"] = peak_rss_mib()

    # -- memory of extraction (untimed) -------------------------------------------
    traced: dict[str, Any] = {}
    if not args.no_tracemalloc:
        sample = (
            usable
            + sorted(synthetic, key=lambda a: -sum(len(p.text) for p in a.passages))[:TRACE_EXTRA]
        )
        log(f"tracemalloc pass over {len(sample)} articles ...")
        traced = trace_extraction(processor, sample)
    rss["end"] = peak_rss_mib()

    # -- results ----------------------------------------------------------------
    base_med = statistics.median(base_s)
    ours_med = statistics.median(ours_s)
    ratio = ours_med / base_med if base_med else float("inf")
    ours_store = [m + r for m, r in zip(map_s, replace_s, strict=True)]
    ext_med = statistics.median(extend_s)

    def per_s(count: int, seconds: float) -> float:
        return count / seconds if seconds else float("inf")

    result: dict[str, Any] = {
        "timestamp": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "inputs": [str(p) for p in inputs],
        "read_errors": read_errors,
        "repeat": args.repeat,
        "corpus": {
            **describe_corpus(articles, batches, len(usable)),
            "tokens": tokens,
            "excluded_failing": sorted(broken),
        },
        "load": {
            "bare_models_s": bare_load,
            "processor_init_s": init_s,
            "processor_models_s": ours_load,
        },
        "extraction": {
            "baseline_s": summary(base_s),
            "diplokg_s": summary(ours_s),
            "ratio": ratio,
            "target": args.target,
            "pass": ratio <= args.target,
            "baseline_articles_per_s": per_s(len(articles), base_med),
            "diplokg_articles_per_s": per_s(len(articles), ours_med),
            "entities": sum(len(f.entities) for f in facts),
            "events": sum(len(f.events) for f in facts),
            "relations": sum(len(f.relations) for f in facts),
            "failures": failures,
        },
        "store": {
            "quads": n_quads,
            "distinct_quads_stored": stored,
            "diplokg_store_total_quads": stored_total,
            "baseline_extend_s": summary(extend_s),
            "mapping_s": summary(map_s),
            "replace_graph_s": summary(replace_s),
            "diplokg_s": summary(ours_store),
            "ratio": statistics.median(ours_store) / ext_med if ext_med else float("inf"),
            "mapping_ratio": statistics.median(map_s) / ext_med if ext_med else float("inf"),
            "replace_graph_ratio": (
                statistics.median(replace_s) / ext_med if ext_med else float("inf")
            ),
            "baseline_quads_per_s": per_s(n_quads, ext_med),
            "mapping_quads_per_s": per_s(n_quads, statistics.median(map_s)),
            "replace_graph_quads_per_s": per_s(n_quads, statistics.median(replace_s)),
            "diplokg_quads_per_s": per_s(n_quads, statistics.median(ours_store)),
        },
        "memory": {"peak_rss_mib": rss, "tracemalloc": traced},
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(format_table(result))
    for line in failures:
        print(f"extraction failed (excluded): {line}")
    print(f"results: {args.output}")

    if args.profile:
        log(f"profiling extraction over {len(usable)} real articles ...")
        print(
            f"\ncProfile of extraction over {len(usable)} real articles, top 15 by cumulative time:"
        )
        print(profile_extraction(processor, usable))

    return 1 if args.check and not result["extraction"]["pass"] else 0


if __name__ == "__main__":
    sys.exit(main())
