"""Extraction on a Dask cluster: ``diplokg build --executor dask [--scheduler ADDRESS]``.

Extraction is a pure function from a document as read to its facts
(:func:`~diplokg.build.extraction.extract_document`), so it runs on Dask workers, the
same function as in a local build, while the build's own process keeps everything that
touches the store: reading and hashing the inputs, the skip of unchanged articles and
the id-clash check (settled before any work is sent), mapping to quads, the
one-transaction write of each article, progress and the join at the end. What crosses
the network is plain picklable data: documents as read out, facts (or a one-line
error per article) back.

* **Batches.** A task extracts ``dask_batch_size`` documents, so that the scheduler's
  per-task cost is paid once per batch (``bench/bench_build.py --only dask`` measures
  it).
* **Models once per worker.** A worker process builds one
  :class:`~diplokg.build.article.ArticleProcessor` (spaCy pipelines, gazetteer) for
  its first batch and keeps it for every later one (:func:`_worker_processor`);
  a worker with several threads runs one batch at a time on it.
* **Bounded.** At most ``dask_batches_per_thread`` batches per worker thread are in
  flight (the threads counted again as batches come back: workers may join or
  leave); the next batch is read from the inputs when one comes back
  (``as_completed``), so memory does not grow with the number of articles. Results are
  written in the order they complete: each article is its own graph and the merged
  default graph is a union, so the store ends the same (tested against a local build).
* **Failures.** A batch whose task raises is retried ``dask_retries`` times; a worker
  that dies mid-batch has its batch rescheduled by the scheduler (up to its
  ``distributed.scheduler.allowed-failures``). A batch that still fails is reported
  article by article, and the build goes on.
* **Same extractor.** Every batch says which extractor version its worker ran (code,
  data and models, :func:`~diplokg.build.fingerprint.extractor_version`); a worker
  that runs another stops the build before its facts are written (their stored
  fingerprints would lie).

Without a scheduler address, a ``LocalCluster`` of ``workers`` single-threaded worker
processes is started on 127.0.0.1 (no dashboard) when the first batch is ready, and
closed after the last. Workers receive only the extraction settings the build was
given explicitly (``data_dir``, ``spacy_models``, ``default_lang``); the rest is
their own default, so a worker's installed package finds its own data files.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError
from itertools import islice
from pathlib import Path
from typing import Any, NamedTuple

from diplokg.build.article import ArticleProcessor
from diplokg.build.extraction import Defaults, ExecutorError, Result, Work, extract_document
from diplokg.build.fingerprint import extractor_version
from diplokg.config import Settings
from diplokg.model import ArticleFacts
from diplokg.read import RawDocument

#: the settings extraction reads (diplokg.build.article, diplokg.nlp.pipelines)
EXTRACTION_SETTINGS = ("data_dir", "spacy_models", "default_lang")

INSTALL_HINT = "pip install 'diplokg[dask]'"


class BatchDone(NamedTuple):
    """What a worker sends back for one batch."""

    #: the extractor version the worker ran
    version: str
    #: seconds the worker spent on the batch (models loading included, the first time)
    seconds: float
    #: per document, in the batch's order: its facts or a one-line error
    results: list[ArticleFacts | str]


# -- on the workers -----------------------------------------------------------------------

_processors: dict[str, tuple[ArticleProcessor, str]] = {}
_load_lock = threading.Lock()
_run_lock = threading.Lock()


def _worker_processor(settings_json: str) -> tuple[ArticleProcessor, str]:
    """This process's processor for those settings, and its extractor version: built
    on the first batch, kept for every later one."""
    with _load_lock:
        found = _processors.get(settings_json)
        if found is None:
            settings = Settings(**json.loads(settings_json))
            found = (ArticleProcessor(settings), extractor_version(settings))
            _processors[settings_json] = found
        return found


def extract_batch(docs: list[RawDocument], settings_json: str, defaults: Defaults) -> BatchDone:
    """The task a Dask worker runs: extract a batch of documents (the same function as
    a local build, one document after the other)."""
    started = time.perf_counter()
    processor, version = _worker_processor(settings_json)
    with _run_lock:  # threads of one worker share the processor: one batch at a time
        results = [extract_document(processor, defaults, raw) for raw in docs]
    return BatchDone(version, time.perf_counter() - started, results)


# -- in the build's process ---------------------------------------------------------------


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0]


def worker_settings(settings: Settings) -> str:
    """The extraction settings the build was given explicitly (by argument or
    environment), as JSON for the workers: the others are each worker's own defaults."""
    given = {
        name: str(value) if isinstance(value, Path) else value
        for name, value in settings.model_dump(include=set(EXTRACTION_SETTINGS)).items()
        if name in settings.model_fields_set
    }
    return json.dumps(given, sort_keys=True)


def _probe(address: str, timeout_s: float) -> None:
    """Open and close one connection to the scheduler (with the security settings of
    Dask's configuration, so ``tls://`` works as configured): fails quietly and fast,
    where a ``Client`` that cannot connect leaves a noisy object behind."""
    from distributed.comm import connect
    from distributed.security import Security

    async def touch() -> None:
        args = Security().get_connection_args("client")
        comm = await connect(address, timeout=timeout_s, **args)
        await comm.close()

    asyncio.run(touch())


class DaskStats(NamedTuple):
    """What the cluster did in one build (for the progress notes and the bench)."""

    batches: int
    failed_batches: int
    worker_seconds: float
    wall_seconds: float


class DaskExecutor:
    """Extraction on a Dask cluster (see the module's documentation).

    ``scheduler``: the address of a running scheduler, connected to at once (and
    ``workers`` of its workers waited for); without it a ``LocalCluster`` of
    ``workers`` processes is started when the first batch is ready. Raises
    :class:`ExecutorError` when Dask is not installed or the scheduler cannot be
    reached.
    """

    def __init__(
        self,
        settings: Settings,
        defaults: Defaults,
        *,
        scheduler: str | None = None,
        workers: int = 1,
        note: Callable[[str], None] | None = None,
    ) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError as exc:
            raise ExecutorError(
                f"--executor dask needs Dask's distributed scheduler ({exc}): {INSTALL_HINT}"
            ) from None
        self.settings = settings
        self.defaults = defaults
        self.scheduler = scheduler
        self.workers = max(1, workers)
        self.batch_size = max(1, settings.dask_batch_size)
        self.per_thread = max(1, settings.dask_batches_per_thread)
        self.retries = max(0, settings.dask_retries)
        self.timeout_s = settings.dask_connect_timeout_s
        self.note = note or (lambda _message: None)
        self.version = extractor_version(settings)
        self._settings_json = worker_settings(settings)
        self._cluster: Any = None
        self._client: Any = None
        self.stats = DaskStats(0, 0, 0.0, 0.0)
        # the client logs a traceback when it loses the scheduler; the build says so in
        # one line of its own (ExecutorError)
        self._client_log = logging.getLogger("distributed.client")
        self._client_log_level = self._client_log.level
        self._client_log.setLevel(logging.CRITICAL)
        try:
            if scheduler:
                self._client = self._connect(scheduler)
        except BaseException:
            self._close()
            raise

    # -- the cluster ----------------------------------------------------------------------
    def _connect(self, address: str) -> Any:
        from distributed import Client

        try:
            _probe(address, self.timeout_s)
        except Exception as exc:
            raise ExecutorError(
                f"cannot reach the Dask scheduler at {address}: {_first_line(exc)}"
            ) from None
        try:
            client = Client(address, timeout=self.timeout_s, set_as_default=False)
        except Exception as exc:
            raise ExecutorError(
                f"cannot connect to the Dask scheduler at {address}: {_first_line(exc)}"
            ) from None
        try:
            client.wait_for_workers(self.workers, timeout=self.timeout_s)
        except Exception:
            joined = len(client.nthreads())
            client.close()
            raise ExecutorError(
                f"{joined} of {self.workers} Dask worker(s) joined the scheduler at "
                f"{address} within {self.timeout_s:g} s (--workers N waits for N)"
            ) from None
        return client

    def _start_local(self) -> Any:
        from distributed import Client, LocalCluster

        try:
            self._cluster = LocalCluster(
                n_workers=self.workers,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
                # no dashboard; the scheduler's small HTTP server (health, metrics)
                # on a free loopback port rather than on 8787
                scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
            )
            return Client(self._cluster, set_as_default=False)
        except Exception as exc:
            self._close()
            raise ExecutorError(
                f"could not start a local Dask cluster: {_first_line(exc)}"
            ) from None

    def _threads(self) -> int:
        return sum(self._client.nthreads().values()) or 1

    def _window(self) -> int:
        """Batches in flight: ``dask_batches_per_thread`` per worker thread now."""
        return max(2, self.per_thread * self._threads())

    # -- the work -------------------------------------------------------------------------
    def results(self, todo: Iterable[Work]) -> Iterator[Result]:
        """Each document of ``todo`` with its facts or a one-line error, in the order
        the batches complete."""
        from distributed import as_completed

        batches = _batches(todo, self.batch_size)
        first = next(batches, None)
        if first is None:
            return  # nothing to extract: no cluster needed
        if self._client is None:
            self._client = self._start_local()
        client = self._client
        started = time.perf_counter()
        window = self._window()
        where = self.scheduler or f"a local cluster ({self._cluster.scheduler_address})"
        self.note(
            f"extracting on Dask: {self._threads()} worker thread(s) at {where}, "
            f"batches of {self.batch_size}, at most {window} in flight"
        )
        pending: dict[str, list[Work]] = {}
        done = as_completed(loop=client.loop)

        def send(batch: list[Work]) -> None:
            future = client.submit(
                extract_batch,
                [raw for raw, _ in batch],
                self._settings_json,
                self.defaults,
                pure=False,
                retries=self.retries,
            )
            pending[future.key] = batch
            done.add(future)

        def fill() -> None:
            # reading the next batch runs the build's own checks (errors there are
            # its own); only sending it talks to the scheduler
            while len(pending) < window and (batch := next(batches, None)) is not None:
                with self._talking():
                    send(batch)

        with self._talking():
            send(first)
        fill()
        n = failed = 0
        worker_seconds = 0.0
        for future in done:
            batch = pending.pop(future.key)
            outcome = self._outcome(future)
            future.release()
            n += 1
            if n % window == 0:  # workers may have joined or left the cluster
                with self._talking():
                    window = self._window()
            fill()  # before this batch is written: the workers stay busy
            if isinstance(outcome, str):
                failed += 1
                for raw, digest in batch:
                    yield raw, digest, f"{raw.source}: extraction failed on Dask: {outcome}"
                continue
            worker_seconds += outcome.seconds
            for (raw, digest), result in zip(batch, outcome.results, strict=True):
                yield raw, digest, result
        self.stats = DaskStats(n, failed, worker_seconds, time.perf_counter() - started)
        self.note(
            f"Dask: {n} batch(es), {failed} failed; {worker_seconds:.1f} s of extraction "
            f"on the workers in {self.stats.wall_seconds:.1f} s"
        )

    @staticmethod
    def _lost(exc: BaseException) -> ExecutorError:
        return ExecutorError(
            f"lost the Dask scheduler mid-build ({type(exc).__name__}: {_first_line(exc)}); "
            "the articles written so far are stored whole: run the build again to finish"
        )

    @contextlib.contextmanager
    def _talking(self) -> Iterator[None]:
        """Around calls to the scheduler mid-build: whatever fails there (the client
        gives up reconnecting after the connect timeout) ends the build in one line."""
        try:
            yield
        except ExecutorError:
            raise
        except Exception as exc:
            raise self._lost(exc) from None

    def _outcome(self, future: Any) -> BatchDone | str:
        """The batch's results, or why it failed (one line); raises ExecutorError when
        the cluster itself is gone or runs another extractor."""
        try:
            outcome: BatchDone = future.result()
        except CancelledError as exc:  # the scheduler went away: nothing more will run
            raise self._lost(exc) from None
        except Exception as exc:  # KilledWorker, or the task failed after its retries
            return f"{type(exc).__name__}: {_first_line(exc)}"
        if outcome.version != self.version:
            raise ExecutorError(
                f"a Dask worker runs another extractor ({outcome.version}) than this "
                f"build ({self.version}): install the same diplokg, data and models on "
                "every worker"
            )
        return outcome

    # -- lifetime -------------------------------------------------------------------------
    def _close(self) -> None:
        for thing in (self._client, self._cluster):
            if thing is not None:
                # closing a broken cluster must not hide the error that broke it
                with contextlib.suppress(Exception):
                    thing.close()
        self._client = self._cluster = None
        self._client_log.setLevel(self._client_log_level)

    def __enter__(self) -> DaskExecutor:
        return self

    def __exit__(self, *exc: object) -> None:
        self._close()


def _batches(todo: Iterable[Work], size: int) -> Iterator[list[Work]]:
    """``todo`` in lists of ``size`` (the last may be shorter), read lazily."""
    items = iter(todo)
    while batch := list(islice(items, size)):
        yield batch


__all__ = ["BatchDone", "DaskExecutor", "DaskStats", "extract_batch", "worker_settings"]
