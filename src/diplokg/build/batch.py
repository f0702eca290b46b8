"""Build the graph: read the inputs, extract, map, and load article by article.

Inputs are streamed: an article is read, extracted and stored before the next ones
are read (with ``workers`` > 1 or on Dask, at most a few articles per worker are in
flight), so memory does not grow with the size of the batch. Cleaning and extraction
run where the executor puts them (:mod:`diplokg.build.extraction`: this process, local
worker processes, or a Dask cluster); reading, the skip check, mapping and the store
writes always run in this process.

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
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pyoxigraph import NamedNode

from diplokg.build.collisions import GraphOwners
from diplokg.build.extraction import Defaults, Result, open_executor
from diplokg.build.fingerprint import content_hash, extractor_version, stored_fingerprints
from diplokg.build.join_scope import BuildChanges
from diplokg.build.progress import BUILT, FAILED, SKIPPED, BuildProgress, Summary
from diplokg.build.reconcile import reconcile
from diplokg.build.reports import event_classes
from diplokg.config import Settings
from diplokg.knowledge.gazetteer import load_gazetteer
from diplokg.rdf.iris import Iris
from diplokg.rdf.mapping import Mapper
from diplokg.rdf.ontology import ontology_quads
from diplokg.rdf.vocab import ONTOLOGY_IRI
from diplokg.read import RawDocument, ReadError, count_inputs, read_raw_inputs
from diplokg.store import Store

#: warnings a build report keeps to show (the others are counted)
WARNINGS_KEPT = 100
#: unresolved dates a build report keeps per reason as examples (the others are counted)
EXAMPLES_KEPT = 10


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
    #: the first :data:`WARNINGS_KEPT` warnings (the rest are counted in
    #: ``warnings_total``: a long batch must not hold one line per article)
    warnings: list[str] = field(default_factory=list)
    warnings_total: int = 0
    #: reason → ``article-id: 'phrase'`` of the first :data:`EXAMPLES_KEPT` relative
    #: dates that date nothing for that reason (all are counted in ``unresolved_counts``)
    unresolved_dates: dict[str, list[str]] = field(default_factory=dict)
    unresolved_counts: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


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
    executor: str = "local",
    scheduler: str | None = None,
) -> BuildReport:
    """Extract every article under ``inputs`` and load it into ``store``.

    ``incremental``: skip articles stored with the same content hash and extractor
    version (off: extract everything again). ``executor``: where extraction runs,
    ``local`` (this process, or ``workers`` processes) or ``dask`` (the Dask scheduler
    at ``scheduler``, else a local Dask cluster of ``workers`` processes); see
    :func:`diplokg.build.extraction.open_executor`. Its
    :class:`~diplokg.build.extraction.ExecutorError` is raised before anything is
    written when the executor cannot start, and mid-build when it cannot go on (the
    Dask scheduler lost): then every article written so far is whole, and the next
    build finishes the batch and joins over the whole store.
    """
    started = time.monotonic()
    report = BuildReport()
    defaults: Defaults = (published, lang)
    extraction = open_executor(
        executor,
        settings,
        defaults,
        workers=workers,
        scheduler=scheduler,
        note=progress.note if progress else None,
    )
    with extraction:
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
        with GraphOwners(mapper.iris, store) as owners:
            # unchanged articles and clashes are settled here, before any work is sent
            todo = _changed(documents, mapper, stored, version, defaults, report, progress, owners)
            results = extraction.results(todo)
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
    defaults: Defaults,
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


def _load_all(
    results: Iterable[Result],
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
        _note(report, result.warnings, result.article.id, result.unresolved_dates)
        if progress:
            progress.article(BUILT, result.article.id)


def _note(
    report: BuildReport,
    warnings: list[str],
    article_id: str,
    unresolved: list[tuple[str, str]],
) -> None:
    """Count an article's warnings and unresolved dates, keeping the first few."""
    report.warnings += warnings[: max(0, WARNINGS_KEPT - len(report.warnings))]
    report.warnings_total += len(warnings)
    for phrase, reason in unresolved:
        report.unresolved_counts[reason] = report.unresolved_counts.get(reason, 0) + 1
        examples = report.unresolved_dates.setdefault(reason, [])
        if len(examples) < EXAMPLES_KEPT:
            examples.append(f"{article_id}: {phrase!r}")


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
