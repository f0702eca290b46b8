"""Shared test fixtures: paths to the shared corpus and a CLI runner."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS_JSONL = SHARED / "corpus" / "seeds.jsonl"
SEEDS_DIR = SHARED / "corpus" / "seeds"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None):
    """Run the installed ``diplokg`` command (the real console script)."""
    exe = Path(sys.executable).parent / "diplokg"
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=600
    )


@pytest.fixture(scope="session")
def seeds_available() -> None:
    if not SEEDS_JSONL.exists():
        pytest.skip("../shared/corpus is not available")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def live_server(
    store: Path | str, env: dict | None = None, *, log_dir: Path | None = None
) -> Iterator[str]:
    """``diplokg serve`` over ``store`` (a folder, or a remote store's URL) on a free
    127.0.0.1 port; yields its base URL.

    The log goes to a file in ``log_dir`` (default: beside the store folder; a full
    pipe would block the server) and is shown when the server does not come up.
    """
    port = free_port()
    exe = Path(sys.executable).parent / "diplokg"
    log_path = (log_dir or Path(store).parent) / f"server-{port}.log"
    with log_path.open("wb") as log:
        proc = subprocess.Popen(
            [str(exe), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env={**os.environ, **(env or {})},
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                try:
                    if httpx.get(base + "/health", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    time.sleep(0.2)
            else:
                pytest.fail("server did not start: " + log_path.read_text()[-2000:])
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
