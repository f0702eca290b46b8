"""Build the graph: read every input, extract, map, and load article by article.

Each article is written in one transaction that replaces its named graph, so a
rebuild is idempotent and a failure never leaves an article half-written. A bad
input is reported and skipped; the rest of the batch is still built. Two article ids
that map to one graph are reported, never built over each other
(:mod:`diplokg.build.collisions`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode

from diplokg.build.article import ArticleProcessor
from diplokg.build.collisions import split_batch, split_stored
from diplokg.build.reconcile import reconcile
from diplokg.config import Settings
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.model import Article, ArticleFacts
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.rdf.ontology import ontology_quads
from diplokg.rdf.vocab import ONTOLOGY_IRI
from diplokg.read import ReadError, read_inputs
from diplokg.store import Store


@dataclass
class BuildReport:
    """What a build did."""

    articles: int = 0
    events: int = 0
    relations: int = 0
    quads: int = 0
    #: undated event reports joined to their dated twin (diplokg.build.reconcile)
    joined: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    #: reason → ``article-id: 'phrase'`` of each relative date that dates nothing
    unresolved_dates: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


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
    progress: Callable[[str], None] | None = None,
) -> BuildReport:
    """Extract every article under ``inputs`` and load it into ``store``."""
    report = BuildReport()
    load_ontology(store, settings)
    mapper = Mapper(Iris(settings.base_iri), load_gazetteer(settings.data_dir).value_labels())
    articles: list[Article] = []
    for item in read_inputs(list(inputs), published=published, lang=lang):
        if isinstance(item, ReadError):
            report.errors.append(str(item))
        else:
            articles.append(item)
    # two ids, one graph: report both rather than let one overwrite the other
    articles, clashes = split_batch(articles, mapper.iris)
    report.errors += clashes
    articles, clashes = split_stored(articles, mapper.iris, store)
    report.errors += clashes
    if workers <= 1:
        processor = ArticleProcessor(settings)
        results: Iterator[ArticleFacts | str] = (_process_safely(processor, a) for a in articles)
        _load_all(results, articles, mapper, store, report, progress)
    else:
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(settings,)) as pool:
            results = pool.map(_process_in_worker, articles)
            _load_all(results, articles, mapper, store, report, progress)
    try:
        report.joined = len(reconcile(store))
    except Exception as exc:  # the articles are stored; only the joining failed
        report.errors.append(f"joining undated events to dated reports failed: {exc}")
    if progress and report.joined:
        progress(f"joined {report.joined} undated event report(s) to their dated twins")
    return report


def _load_all(results, articles, mapper, store, report, progress) -> None:
    for article, result in zip(articles, results, strict=True):
        if isinstance(result, str):
            report.errors.append(result)
            continue
        try:
            quads = mapper.quads(result)
            store.replace_graph(mapper.graph_of(result), quads)
        except Exception as exc:  # one article's failure must not stop the batch
            report.errors.append(f"{article.source}: could not store: {exc}")
            continue
        report.articles += 1
        report.events += len(result.events)
        report.relations += len(result.relations)
        report.quads += len(quads)
        report.warnings += result.warnings
        for phrase, reason in result.unresolved_dates:
            report.unresolved_dates.setdefault(reason, []).append(f"{article.id}: {phrase!r}")
        if progress:
            progress(
                f"{article.id}: {len(result.events)} events, {len(result.relations)} relations"
            )


__all__ = ["BuildReport", "build", "load_ontology"]
