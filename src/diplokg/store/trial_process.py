"""The process that runs an update's trial (:mod:`diplokg.store.update_trials`).

Started by path (``python .../trial_process.py --path COPY --parent PID``), it
imports only the standard library and pyoxigraph, so it is ready in a few tens of
milliseconds. It reads the update from stdin, opens the copy of the store read-write,
counts its quads, runs the update, counts again and prints one JSON object:
``{"before": n, "after": m}``, ``{"syntax": message}`` or ``{"error": message}``.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time


def _exit_with_parent(parent_pid: int) -> None:
    """End this process when its parent is gone (a killed API leaves no orphans)."""
    while True:
        time.sleep(0.5)
        if os.getppid() != parent_pid:
            os._exit(1)


def run(path: str, sparql: str) -> dict:
    """Run ``sparql`` on the store at ``path``; what it did, or why it failed."""
    from pyoxigraph import Store

    try:
        store = Store(path)
        before = len(store)
        store.update(sparql)
        return {"before": before, "after": len(store)}
    except SyntaxError as exc:
        return {"syntax": str(exc)}
    except Exception as exc:  # reported to the parent, which raises StoreError
        return {"error": f"{type(exc).__name__}: {exc}"}


def main(argv: list[str] | None = None) -> None:
    """Parse the arguments, run the update read from stdin, print the result."""
    p = argparse.ArgumentParser(description="diplokg update trial (started by the API)")
    p.add_argument("--path", required=True)
    p.add_argument("--parent", type=int, required=True)
    args = p.parse_args(argv)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    threading.Thread(target=_exit_with_parent, args=(args.parent,), daemon=True).start()
    answer = run(args.path, sys.stdin.read())
    sys.stdout.write(json.dumps(answer))
    sys.stdout.flush()
    os._exit(0)  # no flush or compaction of a copy about to be deleted


if __name__ == "__main__":
    main()
