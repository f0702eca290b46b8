"""A read-only store over a folder that another process writes.

The serving processes of ``diplokg serve --processes N`` other than the first read the
store through a :class:`SnapshotStore`: a RocksDB read-only instance (a snapshot of the
folder when it was opened) that is reopened when the writer's
:class:`~diplokg.store.shared_version.SharedVersion` has moved past it. Reopening takes
the shared store lock, so it never happens in the middle of a write, and the snapshot
then holds exactly the writes :attr:`SnapshotStore.generation` counts. Readers that
already hold the old snapshot finish on it (a pyoxigraph store lives as long as it is
used).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from pyoxigraph import Store as OxStore

from diplokg.store.base import QueryTimeout
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.shared_version import SharedVersion

T = TypeVar("T")
#: Attempts at opening the folder (the writer's compaction may remove a file between
#: our reading the manifest and opening the file; the next attempt reads the new one).
OPEN_ATTEMPTS = 10


def _retrying(open_once: Callable[[], T]) -> T:
    for attempt in range(OPEN_ATTEMPTS):
        try:
            return open_once()
        except (OSError, RuntimeError):
            if attempt == OPEN_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


class SnapshotStore(EmbeddedStore):
    """The store folder at ``path`` read-only, as of the writes ``version`` counts."""

    def __init__(self, path: str | Path, version: SharedVersion) -> None:
        self.version = version
        self._reader = version.reader_lock()
        self._reopening = threading.Lock()
        with self._reader:
            #: Writes the snapshot holds.
            self.generation = version.value
            _retrying(lambda: EmbeddedStore.__init__(self, path, read_only=True))

    @property
    def stale(self) -> bool:
        """True when a write completed since the snapshot was opened."""
        return self.version.value != self.generation

    def refresh(self, timeout_s: float) -> int:
        """Reopen the snapshot if a write completed since it was opened (waiting up to
        ``timeout_s`` seconds for a write under way, else :class:`QueryTimeout`);
        returns the writes the snapshot holds."""
        with self._reopening:
            if not self.stale:
                return self.generation
            if not self._reader.acquire(timeout=timeout_s):
                raise QueryTimeout(
                    "the store is being written and could not be read within the query's "
                    "time limit; try again when the write is done"
                )
            try:
                generation = self.version.value
                assert self.path is not None
                path = str(self.path)
                self._store = _retrying(lambda: OxStore.read_only(path))
            finally:
                self._reader.release()
            self.generation = generation
            return generation
