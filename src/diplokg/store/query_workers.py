"""Killable query workers for the embedded on-disk store.

pyoxigraph cannot interrupt a running query, so a query that must be stopped has to
run in a process that can be killed. A :class:`WorkerPool` keeps up to ``size``
worker processes (fresh interpreters, ``python -m diplokg.store.query_workers``: no copy
of the parent's RocksDB handles or threads). Each worker opens the store folder with
``Store.read_only`` and answers one query at a time over a pipe. When a query
outlives its time budget the worker gets ``SIGKILL`` (the parent does not wait for it
to cooperate) and a fresh worker is started in its place, so the CPU and memory the
query held are released at once.

Seeing writes: the API process keeps the primary (read-write) store open. A RocksDB
read-only instance is a snapshot of the folder taken when it is opened (it replays the
write-ahead log, so unflushed writes are included). The pool therefore carries a
*generation* number that :meth:`WorkerPool.bump` increases after every write made
through the API; a worker whose snapshot is older reopens the folder before its next
query. Reopening takes the pool's write lock, so a worker never opens the folder
while the API is in the middle of a write (Oxigraph warns that opening read-only
while another process writes is undefined). A worker that finds a write running
answers from its older snapshot instead of waiting (readers see the store before or
after a write, never half of it); only a worker with no snapshot yet waits, and no
longer than the query's deadline, which counts from the request. Between writes no
query pays for a reopen. Results come back fully serialised (bytes), as from the store itself.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from diplokg.store.base import QueryResult, QuerySyntaxError, QueryTimeout, StoreError

log = logging.getLogger(__name__)

#: How long a new worker may take to import pyoxigraph and report ready.
STARTUP_TIMEOUT_S = 60.0
#: How long reopening the store folder may take in a worker.
REOPEN_TIMEOUT_S = 60.0
#: Attempts at opening the folder read-only (see :func:`_open_read_only`).
OPEN_ATTEMPTS = 10
#: Error text of a read-only instance whose files the primary has replaced.
_STALE_FILES = ("IO error", "Corruption", "No such file")


# -- the worker process ---------------------------------------------------------------
def _exit_with_parent(parent_pid: int) -> None:
    """End this worker when its parent is gone (a killed API leaves no orphans)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(1)


def _open_read_only(store_class: Any, path: str) -> Any:
    """Open the folder read-only, retrying briefly: the primary's background compaction
    may delete a table file between our reading the manifest and opening the file
    (seen as "Corruption: ... No such file"); the next attempt reads the new manifest."""
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return store_class(path, read_only=True)
        except (OSError, RuntimeError):
            if attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def _worker_main(conn: Connection, path: str, parent_pid: int) -> None:
    """Entry point of a worker process: answer ``open`` and ``query`` messages."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with_parent, args=(parent_pid,), daemon=True).start()
    from diplokg.store.embedded import EmbeddedStore

    store: EmbeddedStore | None = None
    conn.send(("ready", os.getpid()))
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        kind = message[0]
        try:
            if kind == "open":
                if store is not None:
                    store.close()
                    store = None
                store = _open_read_only(EmbeddedStore, path)
                conn.send(("ok", None))
            elif kind == "query":
                if store is None:
                    raise StoreError("query worker has no open store")
                _, sparql, media_type, kwargs = message
                result = store.query(sparql, media_type, **kwargs)
                conn.send(("ok", (result.kind, result.media_type, result.body)))
            else:
                return
        except QuerySyntaxError as exc:
            conn.send(("syntax", str(exc)))
        except Exception as exc:  # reported to the parent, which raises StoreError
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


# -- the parent side ------------------------------------------------------------------
def main(argv: list[str] | None = None) -> None:
    """``python -m diplokg.store.query_workers --fd N --path DIR --parent PID``."""
    p = argparse.ArgumentParser(description="diplokg query worker (started by the API)")
    p.add_argument("--fd", type=int, required=True)
    p.add_argument("--path", required=True)
    p.add_argument("--parent", type=int, required=True)
    args = p.parse_args(argv)
    _worker_main(Connection(args.fd), args.path, args.parent)


@dataclass
class _Worker:
    process: subprocess.Popen
    conn: Connection
    ready: bool = False
    generation: int = -1
    started: float = field(default_factory=time.monotonic)


class WorkerPool:
    """Up to ``size`` worker processes answering queries on the store at ``path``.

    ``lock``: what a worker holds while it reopens the store (default: a new
    :attr:`write_lock`, which this process's writes hold; a process that reads a
    folder another one writes passes the shared store lock,
    :meth:`diplokg.store.shared_version.SharedVersion.reader_lock`). ``fresh``: a
    worker whose snapshot is older than :attr:`generation` always waits for a write
    under way (up to the query's deadline) rather than answer from it: in a process
    that does not write itself, an older snapshot may lack a write a client was
    already told is done.
    """

    def __init__(
        self, path: str | Path, size: int, *, lock: Any = None, fresh: bool = False
    ) -> None:
        self.path = str(path)
        self.size = max(1, size)
        self.fresh = fresh
        self._lock = threading.Lock()
        self._idle: list[_Worker] = []
        self._all: set[int] = set()
        self._closed = False
        self.generation = 0
        #: Held by the API around every write; a worker reopens only outside a write.
        self.write_lock = lock if lock is not None else threading.Lock()
        #: Counters for tests and benchmarks: workers started and killed.
        self.started = 0
        self.killed = 0

    # -- lifecycle ----------------------------------------------------------------
    def _spawn(self) -> _Worker:
        # A plain child interpreter (not multiprocessing's spawn, which re-imports the
        # parent's __main__ and so breaks in scripts without a __main__ guard).
        parent, child = multiprocessing.Pipe(duplex=True)
        fd = child.fileno()
        command = [sys.executable, "-m", "diplokg.store.query_workers",
                   "--fd", str(fd), "--path", self.path, "--parent", str(os.getpid())]  # fmt: skip
        proc = subprocess.Popen(command, pass_fds=(fd,), stdin=subprocess.DEVNULL)
        child.close()
        with self._lock:
            self._all.add(proc.pid)
            self.started += 1
        return _Worker(proc, parent)

    def prestart(self, count: int | None = None) -> None:
        """Start ``count`` (default: all) idle workers now, so the first queries do not
        wait for a process to start."""
        wanted = self.size if count is None else min(count, self.size)
        with self._lock:
            missing = wanted - len(self._idle)
        for _ in range(max(0, missing)):
            worker = self._spawn()
            with self._lock:
                self._idle.append(worker)

    def _take(self) -> _Worker:
        with self._lock:
            if self._closed:
                raise StoreError("the query workers are shut down")
            for i, worker in enumerate(self._idle):
                if worker.ready or worker.conn.poll(0):  # started already
                    return self._idle.pop(i)
            if self._idle:
                return self._idle.pop(0)  # the oldest: the closest to ready
        return self._spawn()

    def _give_back(self, worker: _Worker) -> None:
        with self._lock:
            if not self._closed and len(self._idle) < self.size:
                self._idle.append(worker)
                return
        self._stop(worker)

    def _stop(self, worker: _Worker) -> None:
        with contextlib.suppress(OSError):
            worker.conn.close()  # the worker sees EOF and exits
        try:
            worker.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait(timeout=5)
        with self._lock:
            self._all.discard(worker.process.pid)

    def kill(self, worker: _Worker) -> None:
        """Kill a worker at once (SIGKILL) and start a replacement in the background."""
        worker.process.kill()  # SIGKILL: no cooperation needed from a busy worker
        worker.process.wait(timeout=5)
        with contextlib.suppress(OSError):
            worker.conn.close()
        with self._lock:
            self._all.discard(worker.process.pid)
            self.killed += 1
            closed = self._closed
        if not closed:
            self._give_back(self._spawn())

    def close(self) -> None:
        """Stop every worker (idle ones politely, then SIGKILL stragglers)."""
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for worker in idle:
            self._stop(worker)

    def pids(self) -> set[int]:
        """Process ids of the live workers."""
        with self._lock:
            return set(self._all)

    def bump(self) -> None:
        """Record a write: every worker reopens the store before its next query."""
        self.generation += 1

    def follow(self, generation: int) -> None:
        """Record that the store holds ``generation`` writes (counted by another
        process): workers on older snapshots reopen before their next query."""
        self.generation = max(self.generation, generation)

    # -- one exchange ---------------------------------------------------------------
    def _receive(self, worker: _Worker, timeout_s: float, what: str) -> tuple[str, Any]:
        if not worker.conn.poll(timeout_s):
            raise QueryTimeout(what)
        try:
            return worker.conn.recv()
        except (EOFError, OSError) as exc:
            raise _WorkerDied(f"query worker {worker.process.pid} died: {exc!r}") from exc

    def _prepare(self, worker: _Worker, deadline: float) -> None:
        """Make the worker ready, on a snapshot as fresh as the writes allow by
        ``deadline`` (a ``time.monotonic()`` value)."""
        if not worker.ready:
            status, _ = self._receive(worker, STARTUP_TIMEOUT_S, "query worker did not start")
            worker.ready = status == "ready"
        if worker.generation == self.generation:
            return
        # While a write runs, a worker that has a snapshot answers from it (the store
        # as it was before the write: never half of it); one that has none (or any, in
        # a pool that must be fresh) waits for the write, but no longer than the
        # query's own deadline.
        has_snapshot = worker.generation >= 0 and not self.fresh
        wait_s = 0.0 if has_snapshot else max(0.0, deadline - time.monotonic())
        if not self.write_lock.acquire(timeout=wait_s):
            if has_snapshot:
                return
            raise QueryTimeout(
                "the store is being written and could not be read within the query's time "
                "limit; try again when the write is done"
            )
        try:
            generation = self.generation
            worker.conn.send(("open",))
            status, detail = self._receive(worker, REOPEN_TIMEOUT_S, "store did not open")
        finally:
            self.write_lock.release()
        if status != "ok":
            raise StoreError(f"query worker could not open the store: {detail}")
        worker.generation = generation

    def query(
        self, sparql: str, media_type: str | None, kwargs: dict[str, Any], timeout_s: float
    ) -> QueryResult:
        """Run one query in a worker; kill the worker if it takes longer than
        ``timeout_s`` seconds (then raise :class:`QueryTimeout`)."""
        try:
            return self._query_once(sparql, media_type, kwargs, timeout_s)
        except _StaleSnapshot:
            return self._query_once(sparql, media_type, kwargs, timeout_s)

    def _query_once(
        self, sparql: str, media_type: str | None, kwargs: dict[str, Any], timeout_s: float
    ) -> QueryResult:
        deadline = time.monotonic() + timeout_s
        worker = self._take()
        try:
            self._prepare(worker, deadline)
        except (QueryTimeout, _WorkerDied, StoreError, OSError):
            self.kill(worker)
            raise
        worker.conn.send(("query", sparql, media_type, kwargs))
        try:
            status, detail = self._receive(worker, max(0.0, deadline - time.monotonic()), "")
        except QueryTimeout:
            self.kill(worker)
            raise QueryTimeout(
                f"the query was stopped after {timeout_s:g} s (the endpoint's time limit); "
                "narrow it down (more specific patterns, a LIMIT) and try again"
            ) from None
        except _WorkerDied as exc:
            self.kill(worker)
            raise StoreError(
                f"the query engine crashed on this query ({_ended(worker.process)}); "
                "the endpoint is still up and has started a fresh worker"
            ) from exc
        stale = status == "error" and any(text in detail for text in _STALE_FILES)
        if stale:
            worker.generation = -1  # reopen before its next query
        self._give_back(worker)
        if status == "ok":
            kind, media, body = detail
            return QueryResult(kind, media, body)
        if status == "syntax":
            raise QuerySyntaxError(detail)
        if stale:
            raise _StaleSnapshot(detail)
        raise StoreError(detail)


def _ended(process: subprocess.Popen) -> str:
    """How a worker process ended, for the client: its exit status or signal."""
    code = process.returncode
    if code is not None and code < 0:
        with contextlib.suppress(ValueError):
            return f"worker process {process.pid} was ended by {signal.Signals(-code).name}"
    return f"worker process {process.pid} exited with status {code}"


class _WorkerDied(StoreError):
    """The worker process ended while it was being waited for."""


class _StaleSnapshot(StoreError):
    """The worker's read-only snapshot lost files to the primary's compaction: the
    query is worth one more try on a freshly opened snapshot."""


if __name__ == "__main__":
    main()
