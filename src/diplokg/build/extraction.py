"""Where a build's extraction runs: in this process, in a pool of local processes, or
on a Dask cluster (:mod:`diplokg.build.dask_executor`).

Extraction is a pure function from a document as read to its facts
(:func:`extract_document`: clean, then :class:`~diplokg.build.article.ArticleProcessor`),
so every executor runs that one function and differs only in where. An executor takes
the documents the build decided to extract (with their content hash) as a stream and
gives back, as a stream, each document with its facts or a one-line error; it never
reads ahead of what it has room for, so memory does not grow with the batch. The build
(:mod:`diplokg.build.batch`) keeps everything that touches the store in its own
process.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from typing import Protocol

from diplokg.build.article import ArticleProcessor
from diplokg.config import Settings
from diplokg.model import Article, ArticleFacts
from diplokg.read import RawDocument, ReadError, build_article

#: articles in flight per local worker process (bounds memory, keeps the workers busy)
IN_FLIGHT_PER_WORKER = 4

#: the build's defaults for articles without a date or a language
Defaults = tuple[date | None, str | None]
#: a document to extract, with its content hash
Work = tuple[RawDocument, str]
#: (document as read, its content hash, its facts or a one-line error)
Result = tuple[RawDocument, str, ArticleFacts | str]


class ExecutorError(Exception):
    """The executor cannot run (Dask not installed, scheduler unreachable, workers on
    other code): one line for the user, and the build stops."""


class Executor(Protocol):
    """Runs extraction over a stream of documents (a context manager)."""

    def results(self, todo: Iterable[Work]) -> Iterator[Result]:
        """Each document of ``todo`` with its facts or a one-line error (in any order)."""

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc: object) -> None: ...


def extract_document(
    processor: ArticleProcessor, defaults: Defaults, raw: RawDocument
) -> ArticleFacts | str:
    """Clean the document and extract its facts, or a one-line error."""
    published, lang = defaults
    article = build_article(raw, published=published, lang=lang)
    if isinstance(article, ReadError):
        return str(article)
    return process_safely(processor, article)


def process_safely(processor: ArticleProcessor, article: Article) -> ArticleFacts | str:
    """The article's facts, or a one-line error: one broken article never stops a batch."""
    try:
        return processor.process(article)
    except Exception as exc:  # reported per article by the caller
        return f"{article.source}: extraction failed: {exc}"


class InProcess:
    """Extraction in this process, one document after the other; the models load only
    when there is a document to extract."""

    def __init__(self, settings: Settings, defaults: Defaults) -> None:
        self.settings = settings
        self.defaults = defaults
        self._processor: ArticleProcessor | None = None

    def results(self, todo: Iterable[Work]) -> Iterator[Result]:
        for raw, digest in todo:
            self._processor = self._processor or ArticleProcessor(self.settings)
            yield raw, digest, extract_document(self._processor, self.defaults, raw)

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


_worker: tuple[ArticleProcessor, Defaults] | None = None


def _init_worker(settings: Settings, defaults: Defaults) -> None:
    global _worker  # one processor per worker process, built once
    _worker = (ArticleProcessor(settings), defaults)


def _process_in_worker(raw: RawDocument) -> ArticleFacts | str:
    assert _worker is not None
    return extract_document(*_worker, raw)


class LocalProcesses:
    """Extraction in ``workers`` local processes (``--workers N``), at most
    :data:`IN_FLIGHT_PER_WORKER` documents per process in flight, results in input
    order."""

    def __init__(self, settings: Settings, defaults: Defaults, workers: int) -> None:
        self.workers = workers
        self._pool = ProcessPoolExecutor(
            workers, initializer=_init_worker, initargs=(settings, defaults)
        )

    def results(self, todo: Iterable[Work]) -> Iterator[Result]:
        window = self.workers * IN_FLIGHT_PER_WORKER
        pending: deque[tuple[RawDocument, str, Future]] = deque()

        def oldest() -> Result:
            raw, digest, future = pending.popleft()
            try:
                return raw, digest, future.result()
            except Exception as exc:  # a worker died (e.g. killed): report this article
                return raw, digest, f"{raw.source}: extraction failed: {exc!r}"

        for raw, digest in todo:
            pending.append((raw, digest, self._pool.submit(_process_in_worker, raw)))
            if len(pending) >= window:
                yield oldest()
        while pending:
            yield oldest()

    def __enter__(self) -> LocalProcesses:
        return self

    def __exit__(self, *exc: object) -> None:
        self._pool.shutdown(cancel_futures=True)


#: the executors ``diplokg build --executor`` names
EXECUTORS = ("local", "dask")


def open_executor(
    kind: str,
    settings: Settings,
    defaults: Defaults,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    note: Callable[[str], None] | None = None,
) -> Executor:
    """The executor ``kind`` names: ``local`` (this process, or ``workers`` local
    processes) or ``dask`` (the scheduler at ``scheduler``, else a local cluster of
    ``workers`` processes). ``note``: a callable that receives one-line news.

    Raises :class:`ExecutorError` when it cannot run; nothing is written before.
    """
    if kind == "local":
        if scheduler:
            raise ExecutorError("a Dask scheduler is only used with --executor dask")
        return (
            InProcess(settings, defaults)
            if workers <= 1
            else LocalProcesses(settings, defaults, workers)
        )
    if kind == "dask":
        from diplokg.build.dask_executor import DaskExecutor

        return DaskExecutor(settings, defaults, scheduler=scheduler, workers=workers, note=note)
    raise ExecutorError(f"unknown executor {kind!r} (one of: {', '.join(EXECUTORS)})")


__all__ = [
    "EXECUTORS",
    "Defaults",
    "Executor",
    "ExecutorError",
    "InProcess",
    "LocalProcesses",
    "Result",
    "Work",
    "extract_document",
    "open_executor",
    "process_safely",
]
