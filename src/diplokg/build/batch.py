"""Build the graph: read the inputs, extract, map, and load article by article.

Inputs are streamed: an article is read, extracted and stored before the next ones
are read (with ``workers`` > 1, at most a few articles per worker are in flight), so
memory does not grow with the size of the batch.

Each article is written in one transaction that replaces its named graph, so a
rebuild is idempotent and a failure never leaves an article half-written. A bad
input is reported and skipped; the rest of the batch is still built. An article
whose content hash and extractor version are those already stored is skipped
(:mod:`diplokg.build.fingerprint`).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode

from diplokg.build.article import ArticleProcessor
from diplokg.build.fingerprint import content_hash, extractor_version, stored_fingerprints
from diplokg.build.progress import BUILT, FAILED, SKIPPED, BuildProgress, Summary
from diplokg.build.reconcile import reconcile
from diplokg.config import Settings
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.model import Article, ArticleFacts
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.rdf.ontology import ontology_quads
from diplokg.rdf.vocab import ONTOLOGY_IRI
from diplokg.read import RawDocument, ReadError, build_article, count_inputs, read_raw_inputs
from diplokg.store import Store

#: articles in flight per worker process (bounds memory, keeps the workers busy)
IN_FLIGHT_PER_WORKER = 4


@dataclass
class BuildReport:
    """What a build did."""

    articles: int = 0
    #: articles left as they were: same content hash and extractor version as stored
    skipped: int = 0
    events: int = 0
    relations: int = 0
    quads: int = 0
    #: undated event reports joined to their dated twin (diplokg.build.reconcile)
    joined: int = 0
    seconds: float = 0.0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


#: (article, its content hash, its facts or a one-line error)
_Result = tuple[Article, str, ArticleFacts | str]

_worker: ArticleProcessor | None = None


def _init_worker(settings: Settings) -> None:
    global _worker  # one processor per worker process, built once
    _worker = ArticleProcessor(settings)


def _process_in_worker(article: Article) -> ArticleFacts | str:
    assert _worker is not None
    return _process_safely(_worker, article)


def _process_safely(processor: ArticleProcessor, article: Article) -> ArticleFacts | str:
    """The article's facts, or a one-line error: one broken article never stops a batch."""
    try:
        return processor.process(article)
    except Exception as exc:  # reported per article by the caller
        return f"{article.source}: extraction failed: {exc}"


def load_ontology(store: Store, settings: Settings) -> None:
    """(Re)load the ontology into its own named graph."""
    store.replace_graph(NamedNode(ONTOLOGY_IRI), ontology_quads(settings))


def build(
    inputs: Sequence[Path],
    settings: Settings,
    store: Store,
    *,
    published: date | None = None,
    lang: str | None = None,
    workers: int = 1,
    progress: BuildProgress | None = None,
    incremental: bool = True,
) -> BuildReport:
    """Extract every article under ``inputs`` and load it into ``store``.

    ``incremental``: skip articles stored with the same content hash and extractor
    version (off: extract everything again).
    """
    started = time.monotonic()
    report = BuildReport()
    if progress:
        progress.start(count_inputs(list(inputs)))
    load_ontology(store, settings)
    mapper = Mapper(Iris(settings.base_iri), load_gazetteer(settings.data_dir).value_labels())
    version = extractor_version(settings)
    stored = stored_fingerprints(store) if incremental else {}
    documents = read_raw_inputs(list(inputs))
    todo = _changed(documents, mapper, stored, version, (published, lang), report, progress)
    if workers <= 1:
        processor: ArticleProcessor | None = None

        def extract(article: Article) -> ArticleFacts | str:
            nonlocal processor
            processor = processor or ArticleProcessor(settings)  # only if there is work
            return _process_safely(processor, article)

        results: Iterator[_Result] = ((a, h, extract(a)) for a, h in todo)
        _load_all(results, mapper, store, version, report, progress)
    else:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            results = _in_order(pool, todo, workers * IN_FLIGHT_PER_WORKER)
            _load_all(results, mapper, store, version, report, progress)
    if report.articles:  # nothing new: the store is joined already
        try:
            report.joined = len(reconcile(store))
        except Exception as exc:  # the articles are stored; only the joining failed
            report.errors.append(f"joining undated events to dated reports failed: {exc}")
    report.seconds = time.monotonic() - started
    if progress:
        progress.finish(_summary(report))
    return report


def _changed(
    items: Iterable[RawDocument | ReadError],
    mapper: Mapper,
    stored: dict[str, tuple[str, str]],
    version: str,
    defaults: tuple[date | None, str | None],
    report: BuildReport,
    progress: BuildProgress | None,
) -> Iterator[tuple[Article, str]]:
    """The articles to extract, cleaned, with their content hash; read errors and
    unchanged articles (skipped before cleaning) are counted on the way."""
    published, lang = defaults
    for item in items:
        if not isinstance(item, ReadError):
            digest = content_hash(item, published=published, lang=lang)
            if stored.get(mapper.iris.graph(item.id)) == (digest, version):
                report.skipped += 1
                if progress:
                    progress.article(SKIPPED, item.id)
                continue
            item = build_article(item, published=published, lang=lang)
        if isinstance(item, ReadError):
            report.errors.append(str(item))
            if progress:
                progress.article(FAILED, item.source)
            continue
        yield item, digest


def _in_order(
    pool: ProcessPoolExecutor, todo: Iterable[tuple[Article, str]], window: int
) -> Iterator[_Result]:
    """Extract in the pool, at most ``window`` articles in flight, results in input order."""
    pending: deque[tuple[Article, str, Future]] = deque()

    def oldest() -> _Result:
        article, digest, future = pending.popleft()
        try:
            return article, digest, future.result()
        except Exception as exc:  # a worker died (e.g. killed): report this article
            return article, digest, f"{article.source}: extraction failed: {exc!r}"

    for article, digest in todo:
        pending.append((article, digest, pool.submit(_process_in_worker, article)))
        if len(pending) >= window:
            yield oldest()
    while pending:
        yield oldest()


def _load_all(
    results: Iterable[_Result],
    mapper: Mapper,
    store: Store,
    version: str,
    report: BuildReport,
    progress: BuildProgress | None,
) -> None:
    for article, digest, result in results:
        if isinstance(result, str):
            report.errors.append(result)
            if progress:
                progress.article(FAILED, article.id)
            continue
        try:
            quads = mapper.quads(result) + mapper.fingerprint_quads(result, digest, version)
            store.replace_graph(mapper.graph_of(result), quads)
        except Exception as exc:  # one article's failure must not stop the batch
            report.errors.append(f"{article.source}: could not store: {exc}")
            if progress:
                progress.article(FAILED, article.id)
            continue
        report.articles += 1
        report.events += len(result.events)
        report.relations += len(result.relations)
        report.quads += len(quads)
        report.warnings += result.warnings
        if progress:
            progress.article(BUILT, article.id)


def _summary(report: BuildReport) -> Summary:
    return Summary(
        built=report.articles,
        skipped=report.skipped,
        failed=len(report.errors),
        events=report.events,
        relations=report.relations,
        quads=report.quads,
        joined=report.joined,
        seconds=report.seconds,
    )


__all__ = ["BuildReport", "build", "load_ontology"]
