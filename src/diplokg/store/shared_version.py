"""The version of a store folder, shared by the processes that serve it.

One process writes the folder (RocksDB lets one process open it for writing); others
read it through read-only snapshots (:class:`diplokg.store.snapshot.SnapshotStore`, the
query workers), which must be reopened to see a write, and must not be opened while a
write is changing the folder (Oxigraph calls that undefined). A :class:`SharedVersion`
lives in a private folder the serving processes share and holds:

* ``version``: the number of writes completed so far (8 bytes, memory-mapped: reading
  it costs a process no system call, so every request can compare it with its
  snapshot's);
* ``store.lock``: an ``flock`` the writer holds exclusively while it changes the
  store (:meth:`SharedVersion.writing`) and readers hold shared while they open a
  snapshot (:meth:`SharedVersion.reader_lock`).

The writer publishes the new number *before* it lets go of the lock, and a reader reads
the number *while* it holds the lock; so the snapshot a reader opens holds exactly the
writes the number it read counts, and a write a client has been told is done is in any
snapshot opened after that.
"""

from __future__ import annotations

import contextlib
import fcntl
import mmap
import os
import struct
import time
from collections.abc import Iterator
from pathlib import Path

_FORMAT = struct.Struct("<q")
#: How often a reader that waits for the writer tries the lock again.
_POLL_S = 0.005


class SharedVersion:
    """The write count and the store lock in ``folder`` (created by the writer)."""

    def __init__(self, folder: str | Path, *, create: bool = False) -> None:
        self.folder = Path(folder)
        self._lock_path = self.folder / "store.lock"
        path = self.folder / "version"
        if create:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            path.write_bytes(_FORMAT.pack(0))
            self._lock_path.touch(mode=0o600)
        fd = os.open(path, os.O_RDWR)
        try:
            self._map = mmap.mmap(fd, _FORMAT.size)
        finally:
            os.close(fd)

    @property
    def value(self) -> int:
        """Writes completed so far."""
        return _FORMAT.unpack_from(self._map)[0]

    def publish(self, value: int) -> None:
        """Set the count (the writer, holding :meth:`writing`)."""
        _FORMAT.pack_into(self._map, 0, value)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """Hold the store lock exclusively (no reader opens a snapshot meanwhile)."""
        fd = os.open(self._lock_path, os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing the file releases the lock

    def reader_lock(self) -> ReaderLock:
        """A lock for opening snapshots, with the interface of ``threading.Lock``."""
        return ReaderLock(self._lock_path)

    def close(self) -> None:
        self._map.close()


class ReaderLock:
    """The store lock held shared, by one thread at a time of this process.

    ``flock`` locks belong to an open file, so each acquisition opens the file anew:
    two threads never release each other's lock.
    """

    def __init__(self, path: Path) -> None:
        self._path = path
        self._fds: list[int] = []

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        """Take the lock shared; wait for a write up to ``timeout`` seconds (-1: no
        limit; ``blocking=False``: not at all). True when taken."""
        fd = os.open(self._path, os.O_RDWR)
        deadline = None if timeout < 0 else time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                if not blocking or (deadline is not None and time.monotonic() >= deadline):
                    os.close(fd)
                    return False
                time.sleep(_POLL_S)
                continue
            self._fds.append(fd)
            return True

    def release(self) -> None:
        os.close(self._fds.pop())

    def __enter__(self) -> ReaderLock:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
