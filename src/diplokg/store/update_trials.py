"""Trial runs of a SPARQL update: time and size known before the store is touched.

pyoxigraph cannot interrupt an update, and an update is one transaction held in
memory until it commits: a cross-join ``INSERT`` ran for minutes and grew the server
to gigabytes (issue 10). So before the endpoint runs a user's update on the store,
:func:`trial_update` runs the very same text on a **copy** of the store, in a process
that gets ``SIGKILL`` when the time is up:

* the copy is an Oxigraph backup (a RocksDB checkpoint: hard links to the immutable
  table files, a few milliseconds and no extra disk for a store of any size when it
  sits on the same file system), made in a folder beside the store and deleted
  after the trial;
* the trial process (:mod:`diplokg.store.trial_process`, started by path: it imports
  pyoxigraph only) opens the copy read-write, counts its quads, runs the update,
  counts again and reports;
* past ``timeout_s`` the process is killed: :class:`UpdateTimeout` (HTTP 504);
* an update that would add more than ``max_quads`` quads (net: quads after minus
  quads before, the merged default graph included) is :class:`UpdateTooLarge`
  (HTTP 413);
* a syntax error is :class:`~diplokg.store.base.QuerySyntaxError`, as from the store.

In each case nothing is written to the real store. An update that passes runs on the
real store as it was tried: the caller holds the write lock from the trial to the end
of the real run, so no other write comes in between. The real run costs about as much
time as the trial did (it is the same work), which the limit has bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from diplokg.store.base import QuerySyntaxError, QueryTimeout, StoreError

#: The trial process's script (imports pyoxigraph only: ready in tens of milliseconds).
_PROCESS = Path(__file__).with_name("trial_process.py")
#: Prefix of the trial copies' folders beside the store (stale ones are removed).
_COPY_PREFIX = ".update-trial-"


class UpdateTimeout(QueryTimeout):
    """An update's trial run did not finish within the time limit (HTTP 504)."""


class UpdateTooLarge(StoreError):
    """An update would add more quads than one update may (HTTP 413)."""


@dataclass(frozen=True)
class TrialResult:
    """What the trial run of an update did to the copy of the store."""

    before: int
    after: int

    @property
    def added(self) -> int:
        """Quads the update adds (net; negative when it removes more than it adds)."""
        return self.after - self.before


# -- the caller's side ----------------------------------------------------------------
def _copy_folder(store_path: Path) -> Path:
    """A new empty folder for a copy: beside the store (hard links work there), else in
    the system's temporary folder. Copies left by a killed server are removed first:
    trials run one at a time, under the write lock."""
    parent = store_path.resolve().parent
    prefix = f"{_COPY_PREFIX}{store_path.name}-"
    for stale in parent.glob(f"{prefix}*"):
        shutil.rmtree(stale, ignore_errors=True)
    try:
        return Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=prefix))


def _run(copy: Path, sparql: str, timeout_s: float | None) -> dict:
    """Run the trial process on ``copy``; kill it at ``timeout_s``."""
    command = [sys.executable, str(_PROCESS), "--path", str(copy), "--parent", str(os.getpid())]
    proc = subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        out, err = proc.communicate(sparql.encode("utf-8"), timeout=timeout_s)
    except subprocess.TimeoutExpired:
        proc.kill()  # SIGKILL: the transaction in its memory is gone with it
        proc.wait()
        raise UpdateTimeout(
            f"the update did not finish within {timeout_s:g} s (the endpoint's time limit "
            "for updates) on a trial copy of the store; nothing was written. Narrow its "
            "WHERE clause down, or split it into smaller updates"
        ) from None
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    try:
        return json.loads(out)
    except ValueError:
        detail = err.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
        code = proc.returncode
        ended = f"signal {-code}" if code < 0 else f"status {code}"
        raise StoreError(
            f"the update's trial run ended with {ended} ({detail[0]}); nothing was written"
        ) from None


def trial_update(
    store, sparql: str, *, timeout_s: float | None, max_quads: int | None
) -> TrialResult:
    """Run ``sparql`` on a copy of the embedded on-disk ``store`` in a killable process.

    ``timeout_s`` (None: no limit) bounds the trial's time, ``max_quads`` (None: no
    limit) the quads it may add. Raises :class:`UpdateTimeout`, :class:`UpdateTooLarge`,
    :class:`QuerySyntaxError` or :class:`StoreError`; the real store is never written.
    """
    if store.path is None:
        raise StoreError("an in-memory store cannot be copied for a trial run")
    folder = _copy_folder(store.path)
    try:
        copy = folder / "store"
        store.backup(copy)
        answer = _run(copy, sparql, timeout_s)
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
    if "syntax" in answer:
        raise QuerySyntaxError(answer["syntax"])
    if "error" in answer:
        raise StoreError(answer["error"])
    result = TrialResult(int(answer["before"]), int(answer["after"]))
    if max_quads is not None and result.added > max_quads:
        raise UpdateTooLarge(
            f"the update would add {result.added:,} quads to the store (counting the "
            f"merged default graph), more than the {max_quads:,} one update may add; "
            "nothing was written. Split it into smaller updates"
        )
    return result
