"""Build the graph: read the inputs, extract, map, and load article by article.

Inputs are streamed: an article is read, extracted and stored before the next ones
are read (with ``workers`` > 1, at most a few articles per worker are in flight), so
memory does not grow with the size of the batch. Cleaning and extraction run in the
workers; reading, the skip check, mapping and the store writes in the main process.

Each article is written in one transaction that replaces its named graph, so a
rebuild is idempotent and a failure never leaves an article half-written. A bad
input is reported and skipped; the rest of the batch is still built. Two article ids
that map to one graph are reported, never built over each other
(:mod:`diplokg.build.collisions`). An article whose content hash and extractor
version are those already stored is skipped (:mod:`diplokg.build.fingerprint`).
After the batch, undated event reports are joined to their dated twins
(:mod:`diplokg.build.reconcile`), reading only the event nodes the rewritten graphs
can join differently (:mod:`diplokg.build.join_scope`).
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
from diplokg.build.collisions import GraphOwners
from diplokg.build.fingerprint import content_hash, extractor_version, stored_fingerprints
from diplokg.build.join_scope import BuildChanges
from diplokg.build.progress import BUILT, FAILED, SKIPPED, BuildProgress, Summary
from diplokg.build.reconcile import reconcile
from diplokg.build.reports import event_classes
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
    #: reason → ``article-id: 'phrase'`` of each relative date that dates nothing
    unresolved_dates: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


#: (document as read, its content hash, its facts or a one-line error)
_Result = tuple[RawDocument, str, ArticleFacts | str]
#: the build's defaults for articles without a date or a language
_Defaults = tuple[date | None, str | None]

_worker: tuple[ArticleProcessor, _Defaults] | None = None


def _init_worker(settings: Settings, defaults: _Defaults) -> None:
    global _worker  # one processor per worker process, built once
    _worker = (ArticleProcessor(settings), defaults)


def _process_in_worker(raw: RawDocument) -> ArticleFacts | str:
    assert _worker is not None
    return _extract(*_worker, raw)


def _extract(
    processor: ArticleProcessor, defaults: _Defaults, raw: RawDocument
) -> ArticleFacts | str:
    """Clean the document and extract its facts (in a worker when there are several)."""
    published, lang = defaults
    article = build_article(raw, published=published, lang=lang)
    if isinstance(article, ReadError):
        return str(article)
    return _process_safely(processor, article)


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
    classes = event_classes(store)
    load_ontology(store, settings)
    mapper = Mapper(Iris(settings.base_iri), load_gazetteer(settings.data_dir).value_labels())
    # what the batch rewrites, so that the join after it reads only what can change;
    # everything when all is extracted again or the event classes changed
    whole = not incremental or event_classes(store) != classes
    changes = BuildChanges(store, mapper.iris.base, whole=whole)
    version = extractor_version(settings)
    stored = stored_fingerprints(store) if incremental else {}
    documents = read_raw_inputs(list(inputs))
    # two ids, one graph: report both rather than let one overwrite the other
    owners = GraphOwners(mapper.iris, store)
    todo = _changed(documents, mapper, stored, version, (published, lang), report, progress, owners)
    if workers <= 1:
        processor: ArticleProcessor | None = None

        def extract(raw: RawDocument) -> ArticleFacts | str:
            nonlocal processor
            processor = processor or ArticleProcessor(settings)  # only if there is work
            return _extract(processor, (published, lang), raw)

        results: Iterator[_Result] = ((raw, h, extract(raw)) for raw, h in todo)
        _load_all(results, mapper, store, version, report, progress, changes)
    else:
        init = (settings, (published, lang))
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=init) as pool:
            results = _in_order(pool, todo, workers * IN_FLIGHT_PER_WORKER)
            _load_all(results, mapper, store, version, report, progress, changes)
    if changes.marked:  # else nothing was written: the store is joined already
        if progress:
            progress.note("joining undated event reports to dated ones ...")
        try:
            report.joined = len(reconcile(store, changes))
        except Exception as exc:  # the articles are stored; only the joining failed
            report.errors.append(
                f"joining undated events to dated reports failed: {exc} "
                "(the next build joins them over the whole store)"
            )
    report.seconds = time.monotonic() - started
    if progress:
        progress.finish(_summary(report))
    return report


def _changed(
    items: Iterable[RawDocument | ReadError],
    mapper: Mapper,
    stored: dict[str, tuple[str, str]],
    version: str,
    defaults: _Defaults,
    report: BuildReport,
    progress: BuildProgress | None,
    owners: GraphOwners,
) -> Iterator[tuple[RawDocument, str]]:
    """The documents to clean and extract, with their content hash; read errors,
    graph clashes and unchanged articles (skipped before cleaning) are counted on the
    way."""
    published, lang = defaults
    for item in items:
        if isinstance(item, ReadError):
            report.errors.append(str(item))
            if progress:
                progress.article(FAILED, item.source)
            continue
        digest = content_hash(item, published=published, lang=lang)
        unchanged = stored.get(mapper.iris.graph(item.id)) == (digest, version)
        keep, clash = owners.check(item, stored=unchanged)
        if not keep:
            if clash:
                report.errors.append(clash)
                if progress:
                    progress.article(FAILED, item.id)
            continue
        if unchanged:
            report.skipped += 1
            if progress:
                progress.article(SKIPPED, item.id)
            continue
        yield item, digest


def _in_order(
    pool: ProcessPoolExecutor, todo: Iterable[tuple[RawDocument, str]], window: int
) -> Iterator[_Result]:
    """Extract in the pool, at most ``window`` articles in flight, results in input order."""
    pending: deque[tuple[RawDocument, str, Future]] = deque()

    def oldest() -> _Result:
        raw, digest, future = pending.popleft()
        try:
            return raw, digest, future.result()
        except Exception as exc:  # a worker died (e.g. killed): report this article
            return raw, digest, f"{raw.source}: extraction failed: {exc!r}"

    for raw, digest in todo:
        pending.append((raw, digest, pool.submit(_process_in_worker, raw)))
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
    changes: BuildChanges,
) -> None:
    for raw, digest, result in results:
        if isinstance(result, str):
            report.errors.append(result)
            if progress:
                progress.article(FAILED, raw.id)
            continue
        try:
            quads = mapper.quads(result) + mapper.fingerprint_quads(result, digest, version)
            graph = mapper.graph_of(result)
            changes.replacing(graph)
            store.replace_graph(graph, quads)
            changes.replaced(graph, quads)
        except Exception as exc:  # one article's failure must not stop the batch
            report.errors.append(f"{result.article.source}: could not store: {exc}")
            if progress:
                progress.article(FAILED, raw.id)
            continue
        report.articles += 1
        report.events += len(result.events)
        report.relations += len(result.relations)
        report.quads += len(quads)
        report.warnings += result.warnings
        for phrase, reason in result.unresolved_dates:
            report.unresolved_dates.setdefault(reason, []).append(
                f"{result.article.id}: {phrase!r}"
            )
        if progress:
            progress.article(BUILT, result.article.id)


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
