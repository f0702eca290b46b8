"""Runs store calls off the event loop: bounded in number, queue and time.

**Concurrency.** At most ``settings.max_concurrent_queries`` store calls run at once.
Up to ``settings.query_queue_size`` more requests wait for a slot, each for at most
``settings.query_queue_wait_s``; a request that finds the queue full, or waits too
long, fails at once with :class:`ServerBusy` (HTTP 503 with ``Retry-After``). The
admission decision is taken on the event loop, so a burst of requests never piles up
in the thread pool.

**Time limit.** A query gets ``settings.query_timeout_s`` seconds:

* embedded store in a folder (``settings.query_processes``, the default): the query
  runs in a worker process (:mod:`diplokg.store.query_workers`) that is killed with
  SIGKILL when the time is up - the work really stops and its memory is freed;
* remote store: the HTTP exchange has the same deadline and is closed when it passes
  (the server should be started with its own timeout too, e.g. Oxigraph's
  ``--timeout-s``; see ``docker-compose.yml``);
* in-memory store (tests, ``diplokg query`` on a copy) or ``query_processes`` off: a
  *soft* timeout - pyoxigraph cannot be interrupted in-process, so the client gets its
  answer at the deadline while the evaluation finishes in the background; it keeps
  its query slot until it does, so runaway queries still count against the limit.

A query past its time limit fails with :class:`~diplokg.store.base.QueryTimeout`,
answered **504 Gateway Timeout**: the endpoint is a gateway in front of a query
engine (a worker process or a remote server) that did not answer in time. 503 is kept
for "busy, retry later" (with ``Retry-After``), which a client may retry as is; a
query that exceeded its budget will exceed it again, so it gets no ``Retry-After``.

**Updates** are writes: one at a time, never abandoned half-way. On an embedded store
in a folder each is first run on a copy of the store in a killable process
(:mod:`diplokg.store.update_trials`): past ``settings.update_timeout_s`` it is killed
(:class:`~diplokg.store.update_trials.UpdateTimeout`, 504), and an update that would
add more than ``settings.max_update_quads`` quads is refused
(:class:`~diplokg.store.update_trials.UpdateTooLarge`, 413); either way the store is
not touched. Only an update that passed runs on the store, under the same write lock
as its trial. A remote store bounds updates with its HTTP deadline and its own limits.

**Bounded queries** (``bounded=True``: a one-subject lookup that
:func:`diplokg.sparql.policy.is_bounded_lookup` recognised, or one of the pages' own
queries, which look up given nodes with a ``LIMIT`` or a bounded ``VALUES`` block) cannot
run long: on an embedded store they are evaluated in the API process (pyoxigraph
releases the GIL while it evaluates), at most ``settings.max_concurrent_lookups`` at
once with the same queue rules, with no process hop and, for :meth:`QueryRunner.select`,
no serialisation. Any other query still goes to a killable worker.

**Store version.** :attr:`QueryRunner.version` counts the writes made through the
runner. An embedded store changes only through it (RocksDB lets one process write),
so a cache keyed on the version is never stale; a remote store may change behind our
back, so its version is None (do not cache).

**Several serving processes** (``diplokg serve --processes N``, :mod:`diplokg.api.processes`):
the first writes the store and, given a :class:`~diplokg.store.shared_version.SharedVersion`,
holds its lock exclusively while it changes the store and publishes its write count
before letting go. The others read through a
:class:`~diplokg.store.snapshot.SnapshotStore`; :meth:`QueryRunner.refresh` (called
before each of their requests) reopens it when a write completed, and their query
workers follow (always waiting for a write under way rather than answer from a snapshot
older than a write already done). Their version is the snapshot's write count.

**Store statistics** (:meth:`QueryRunner.statistic`: the timeline's dates and total)
are kept per store version whatever the page cache size, computed once per version
however many requests ask at once; :meth:`QueryRunner.keep_fresh` computes the ones in
use again as soon as a write completes (and, in a process that reads another's
writes, catches its snapshot up), so that no request waits for them after a write.

Every result is complete (bytes in memory) before a response starts, so an error can
always be reported with a proper status code.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import logging
import math
import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable, Iterator
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any, TypeVar

from pyoxigraph import QueryResultsFormat, Variable, parse_query_results
from starlette.concurrency import run_in_threadpool

from diplokg.config import Settings
from diplokg.sparql.bindings import inject_values
from diplokg.store.base import QueryResult, QueryTimeout, Store
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.query_workers import WorkerPool
from diplokg.store.shared_version import SharedVersion
from diplokg.store.snapshot import SnapshotStore
from diplokg.store.update_trials import trial_update

log = logging.getLogger(__name__)
T = TypeVar("T")
#: Store statistics kept (a few kinds, one version).
STATISTICS_KEPT = 16
#: How often :meth:`QueryRunner.keep_fresh` looks for a new version.
FRESHNESS_S = 0.2
JSON_RESULTS = "application/sparql-results+json"
#: Store methods that only read; any other method passed to :meth:`QueryRunner.call`
#: is treated as a write (no time limit, and query workers reopen the store after it).
READ_METHODS = frozenset({"query", "graphs", "dump_graph", "dump", "solutions", "__len__"})


class ServerBusy(Exception):
    """Every query slot stayed busy and the wait queue is full or took too long."""

    def __init__(self, message: str, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Admission:
    """``slots`` calls at a time, ``queue_size`` more waiting up to ``wait_s`` each."""

    def __init__(self, slots: int, queue_size: int, wait_s: float) -> None:
        self.slots = max(1, slots)
        self.queue_size = max(0, queue_size)
        self.wait_s = max(0.0, wait_s)
        self._free = threading.Semaphore(self.slots)
        self._lock = threading.Lock()
        self._queued = 0
        self._running = 0

    @property
    def retry_after_s(self) -> int:
        """Seconds a refused client is told to wait (``Retry-After``)."""
        return max(1, math.ceil(self.wait_s))

    def _busy(self, why: str) -> ServerBusy:
        return ServerBusy(
            f"the endpoint is busy ({self.slots} queries running, {why}); "
            f"try again in {self.retry_after_s} s",
            self.retry_after_s,
        )

    def enter(self) -> bool:
        """Take a slot if one is free (True), else join the queue (False; then call
        :meth:`wait`). Never blocks; raises :class:`ServerBusy` if the queue is full."""
        # a free slot is taken only when nobody waits for one (no overtaking the queue)
        if self._queued == 0 and self._free.acquire(blocking=False):
            self._count(1)
            return True
        with self._lock:
            if self._queued >= self.queue_size:
                raise self._busy(f"{self._queued} waiting")
            self._queued += 1
        return False

    def wait(self) -> None:
        """Wait (blocking) for a slot after :meth:`enter` queued the caller."""
        try:
            if not self._free.acquire(timeout=self.wait_s):
                raise self._busy(f"no slot freed within {self.wait_s:g} s")
            self._count(1)
        finally:
            with self._lock:
                self._queued -= 1

    def release(self) -> None:
        """Give a slot back."""
        self._count(-1)
        self._free.release()

    def _count(self, delta: int) -> None:
        with self._lock:
            self._running += delta

    @property
    def running(self) -> int:
        """Calls holding a slot now (including abandoned ones still running)."""
        return self._running

    @property
    def queued(self) -> int:
        """Requests waiting for a slot now."""
        return self._queued


class VersionedCache:
    """Up to ``size`` values (least recently used dropped first) for one store version:
    a new version empties it; a version of None (a store that may change behind our
    back) or a size of 0 keeps nothing."""

    def __init__(self, size: int) -> None:
        self.size = max(0, size)
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable, version: int | None) -> Any:
        """The value kept for ``key`` at ``version``, or None."""
        with self._lock:
            if version is None or version != self._version:
                self.misses += 1
                return None
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value

    def put(self, key: Hashable, version: int | None, value: Any) -> None:
        """Keep ``value`` for ``key``, computed from the store at ``version``."""
        if version is None or self.size == 0:
            return
        with self._lock:
            if version != self._version:
                self._items.clear()
                self._version = version
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class QueryRunner:
    """The API's single way to reach the store."""

    def __init__(
        self, store: Store, settings: Settings, *, shared: SharedVersion | None = None
    ) -> None:
        """``shared``: the version other serving processes follow (this one writes)."""
        self.store = store
        self.settings = settings
        self.shared = shared
        #: The snapshot this process reads, when another process writes the store.
        self.snapshot = store if isinstance(store, SnapshotStore) else None
        self.admission = Admission(
            settings.max_concurrent_queries,
            settings.query_queue_size,
            settings.query_queue_wait_s,
        )
        #: Slots of the bounded queries evaluated in this process (embedded store only).
        self.lookups = Admission(
            settings.max_concurrent_lookups,
            settings.query_queue_size,
            settings.query_queue_wait_s,
        )
        self._in_process = isinstance(store, EmbeddedStore) and settings.max_concurrent_lookups > 0
        self._writes = 0
        #: Threads in which queued requests wait for a slot (then run in it).
        self._queue_threads = ThreadPoolExecutor(
            max_workers=max(1, settings.query_queue_size) * 2, thread_name_prefix="diplokg-queued"
        )
        #: Pages and page data computed at the current :attr:`version`.
        self.cache = VersionedCache(settings.page_cache_size)
        #: Store statistics at the current :attr:`version` (:meth:`statistic`).
        self.stats = VersionedCache(STATISTICS_KEPT)
        self._statistics: dict[Hashable, Callable[[QueryRunner], Awaitable[Any]]] = {}
        self._computing: dict[tuple, asyncio.Future] = {}
        # a store that enforces the time limit itself (a remote store closes the HTTP
        # exchange) gets a little longer, so that its own, more precise error wins
        self._soft_grace_s = 0.0 if isinstance(store, EmbeddedStore) else 1.0
        params = inspect.signature(store.query).parameters
        self._native_substitutions = "substitutions" in params
        #: Killable worker processes, for an embedded store in a folder (else None).
        self.pool: WorkerPool | None = None
        if settings.query_processes and isinstance(store, EmbeddedStore) and store.path:
            if self.snapshot is not None:  # the workers reopen under the shared lock
                lock = self.snapshot.version.reader_lock()
                self.pool = WorkerPool(store.path, self.admission.slots, lock=lock, fresh=True)
                self.pool.follow(self.snapshot.generation)
            else:
                self.pool = WorkerPool(store.path, self.admission.slots)
        #: One write at a time (the pool's lock, so that workers reopen between writes).
        self._write_lock = (
            self.pool.write_lock if self.pool and self.snapshot is None else threading.Lock()
        )
        #: Updates are tried on a copy first: an embedded store in a folder, with a limit.
        self.trials = (
            isinstance(store, EmbeddedStore)
            and store.path is not None
            and not store.read_only
            and (settings.update_timeout_s > 0 or settings.max_update_quads > 0)
        )

    # -- lifecycle ------------------------------------------------------------------
    def start(self) -> None:
        """Start the query workers now (otherwise they start with the first queries)."""
        if self.pool is not None:
            self.pool.prestart()

    def close(self) -> None:
        """Stop the query workers."""
        self._queue_threads.shutdown(wait=False, cancel_futures=True)
        if self.pool is not None:
            self.pool.close()

    # -- running one call -----------------------------------------------------------
    def _timeout_message(self) -> str:
        return (
            f"the query did not finish within {self.settings.query_timeout_s:g} s (the "
            "endpoint's time limit); narrow it down (more specific patterns, a LIMIT) "
            "and try again"
        )

    def _soft_limited(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        """Run ``fn`` in its own thread, which releases the slot when it really ends;
        give up waiting for it after the time limit."""
        box: dict[str, Any] = {}
        done = threading.Event()

        def target() -> None:
            try:
                box["value"] = fn(*args, **kwargs)
            except BaseException as exc:  # handed to the waiting request
                box["error"] = exc
            finally:
                done.set()
                self.admission.release()

        threading.Thread(target=target, name="diplokg-store-call", daemon=True).start()
        if not done.wait(self.settings.query_timeout_s + self._soft_grace_s):
            raise QueryTimeout(self._timeout_message())
        if "error" in box:
            raise box["error"]
        return box["value"]

    @property
    def version(self) -> int | None:
        """Writes made through this runner so far (read from another process: the
        writes its snapshot holds); None when the store may change without us (a
        remote store)."""
        if self.snapshot is not None:
            return self.snapshot.generation
        return self._writes if isinstance(self.store, EmbeddedStore) else None

    async def statistic(self, key: Hashable, compute: Callable[[QueryRunner], Awaitable[T]]) -> T:
        """``await compute(self)``, kept for the current version (when the store has
        one) whatever the page cache size; requests that ask while it is computed wait
        for the same computation. Once asked for, it is computed again after every
        write by :meth:`keep_fresh`."""
        self._statistics[key] = compute
        version = self.version
        value = self.stats.get(key, version)
        if value is not None:
            return value
        loop = asyncio.get_running_loop()
        flight = (key, version, id(loop))
        future = self._computing.get(flight)
        if future is None:
            future = loop.create_task(compute(self))
            self._computing[flight] = future
            future.add_done_callback(lambda _: self._computing.pop(flight, None))
        value = await asyncio.shield(future)
        self.stats.put(key, version, value)
        return value

    async def keep_fresh(self) -> None:
        """Run until cancelled: catch up with writes (:meth:`refresh`) and compute the
        statistics in use for each new version as soon as it appears."""
        warmed = self.version
        while True:
            await asyncio.sleep(FRESHNESS_S)
            try:
                await self.refresh()
                version = self.version
                if version is None or version == warmed:
                    continue
                warmed = version
                for key, compute in list(self._statistics.items()):
                    await self.statistic(key, compute)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the next request computes it and reports the error
                log.warning("store statistics not computed ahead: %r", exc)

    async def refresh(self) -> None:
        """Bring the snapshot (when another process writes the store) up to the last
        completed write, waiting for one under way no longer than the query time
        limit (:class:`QueryTimeout`); a no-op otherwise, and when it is up to date."""
        snapshot = self.snapshot
        if snapshot is None or not snapshot.stale:
            return
        generation = await run_in_threadpool(snapshot.refresh, self.settings.query_timeout_s)
        if self.pool is not None:
            self.pool.follow(generation)

    @contextlib.contextmanager
    def _changing(self) -> Iterator[None]:
        """Around a change of the store: no other process opens a snapshot meanwhile;
        when it ends (even in failure: a cache never outlives a write), the version
        moves on, query workers reopen before their next query and the other
        processes see the new count before the lock is let go."""
        with self.shared.writing() if self.shared is not None else contextlib.nullcontext():
            try:
                yield
            finally:
                self._writes += 1
                if self.pool is not None:
                    self.pool.bump()
                if self.shared is not None:
                    self.shared.publish(self._writes)

    def _write(self, fn: Callable[..., T], args: tuple, kwargs: dict) -> T:
        with self._write_lock, self._changing():
            return fn(*args, **kwargs)

    def _tried_update(self, sparql: str) -> None:
        """Run ``sparql`` on a copy within the limits, then (if it passed) on the store;
        holds the write lock throughout, so the store is the one that was tried, and
        changes the version only if the store was written."""
        with self._write_lock:
            if self.trials:
                timeout = self.settings.update_timeout_s
                most = self.settings.max_update_quads
                trial_update(self.store, sparql, timeout_s=timeout or None, max_quads=most or None)
            with self._changing():
                self.store.update(sparql)

    def _in_slot(self, queued: bool, work: Callable[[], T], *, releases: bool = False) -> T:
        """Run ``work`` holding a slot (waiting for it first if ``queued``); unless
        ``releases`` (``work`` hands the slot on), give the slot back after it."""
        if queued:
            self.admission.wait()
        try:
            return work()
        finally:
            if not releases:
                self.admission.release()

    async def _run(self, work: Callable[[], T], *, releases: bool = False) -> T:
        queued = not self.admission.enter()  # may raise ServerBusy, without waiting
        if queued:
            # A queued request waits in a thread of its own pool: waiting in the shared
            # thread pool (40 threads) would leave a request that holds a slot without a
            # thread to run in once 40 others wait (seen at 64 clients: 5 queries/s).
            return await self._waiting(partial(self._in_slot, queued, work, releases=releases))
        return await run_in_threadpool(self._in_slot, queued, work, releases=releases)

    async def _run_bounded(self, work: Callable[[], T], *, inline: bool = False) -> T:
        """Run a bounded query in this process, holding one of the lookup slots;
        ``inline``: on the event loop itself when a slot is free (no thread hop; for
        the smallest queries, which take less time than the hop)."""
        if self.lookups.enter():
            if inline:
                try:
                    return work()
                finally:
                    self.lookups.release()
            return await run_in_threadpool(self._in_lookup_slot, False, work)
        return await self._waiting(partial(self._in_lookup_slot, True, work))

    async def _waiting(self, fn: Callable[[], T]) -> T:
        """``fn()`` in the queue's own threads (the call goes on to its end, and gives
        its slot back, even when the request is abandoned)."""
        return await asyncio.get_running_loop().run_in_executor(self._queue_threads, fn)

    def _in_lookup_slot(self, queued: bool, work: Callable[[], T]) -> T:
        if queued:
            self.lookups.wait()
        try:
            return work()
        finally:
            self.lookups.release()

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """Run ``fn(*args, **kwargs)`` in a worker thread, holding a query slot.

        A store method named in :data:`READ_METHODS` gets the time limit (soft: it
        runs in this process); anything else is a write, which is never abandoned
        half-way and makes query workers reopen the store afterwards.
        """
        if getattr(fn, "__name__", "") in READ_METHODS:
            return await self._run(lambda: self._soft_limited(fn, args, kwargs), releases=True)
        return await self._run(lambda: self._write(fn, args, kwargs))

    async def query(
        self,
        sparql: str,
        media_type: str | None = None,
        *,
        default_graph_uris: list[str] | None = None,
        named_graph_uris: list[str] | None = None,
        substitutions: dict[Variable, Any] | None = None,
        bounded: bool = False,
        inline: bool = False,
    ) -> QueryResult:
        """Run a query within the time limit; ``substitutions`` pre-bind variables
        (natively when the store supports it, otherwise as a VALUES block built from
        serialised terms). ``bounded``: the caller vouches that the query cannot run
        long (see the module docstring); it then runs in this process."""
        kwargs: dict[str, Any] = {
            "default_graph_uris": default_graph_uris or None,
            "named_graph_uris": named_graph_uris or None,
        }
        if bounded and self._in_process:
            if substitutions:
                kwargs["substitutions"] = substitutions
            store = self.store
            return await self._run_bounded(
                lambda: store.query(sparql, media_type, **kwargs), inline=inline
            )
        if substitutions:
            if self._native_substitutions:
                kwargs["substitutions"] = substitutions
            else:
                sparql = inject_values(sparql, substitutions)
        pool = self.pool
        if pool is not None:
            limit = self.settings.query_timeout_s
            return await self._run(lambda: pool.query(sparql, media_type, kwargs, limit))
        kwargs["timeout_s"] = self.settings.query_timeout_s
        args = (sparql, media_type)
        return await self._run(
            lambda: self._soft_limited(self.store.query, args, kwargs), releases=True
        )

    async def select(self, sparql: str, *, bounded: bool = False) -> list[dict[str, Any]]:
        """Rows of a SELECT as ``{variable name: pyoxigraph term}`` (unbound omitted);
        ``bounded`` as for :meth:`query` (then the rows come without serialising)."""
        if bounded and self._in_process:
            store = self.store
            assert isinstance(store, EmbeddedStore)
            return await self._run_bounded(lambda: store.solutions(sparql))
        result = await self.query(sparql, JSON_RESULTS)
        solutions = parse_query_results(result.body, QueryResultsFormat.JSON)
        names = [v.value for v in solutions.variables]
        return [{n: row[n] for n in names if row[n] is not None} for row in solutions]

    async def ask(self, sparql: str, *, bounded: bool = False) -> bool:
        """The answer of an ASK query."""
        result = await self.query(sparql, JSON_RESULTS, bounded=bounded)
        return bool(parse_query_results(result.body, QueryResultsFormat.JSON))

    async def update(self, sparql: str) -> None:
        """Run a SPARQL update: tried on a copy within the update limits first (when
        :attr:`trials`), then on the store; never abandoned half-way."""
        await self._run(lambda: self._tried_update(sparql))
