"""A live diplokg server for the W3C suites: a real process on 127.0.0.1.

One server (session scope) over a temporary embedded store, with an update token and
a CORS origin configured through ``DIPLOKG_`` environment variables, exactly as an
operator would run it. Tests reset the store with ``DROP ALL`` before they load
their own data.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from diplokg.store.embedded import EmbeddedStore

TOKEN = "w3c-harness-token"
CORS_ORIGIN = "https://analyst.example"


@dataclass
class LiveServer:
    """Where the server listens, and a client for it."""

    base: str
    client: httpx.Client

    @property
    def auth(self) -> dict[str, str]:
        """The header that authorises updates and graph writes."""
        return {"Authorization": f"Bearer {TOKEN}"}

    def url(self, path: str) -> str:
        """Absolute URL of ``path`` (which starts with ``/``)."""
        return self.base + path

    def reset(self) -> None:
        """Empty the whole store (every named graph and the default graph)."""
        r = self.client.post(
            self.url("/sparql"),
            content=b"DROP ALL",
            headers={"Content-Type": "application/sparql-update", **self.auth},
        )
        assert r.status_code == 204, r.text

    def put_graph(self, graph: str | None, data: bytes, media_type: str) -> None:
        """Replace one graph (``None``: the default graph) through the Graph Store."""
        params = {"graph": graph} if graph else {"default": ""}
        r = self.client.put(
            self.url("/store"),
            params=params,
            content=data,
            headers={"Content-Type": media_type, **self.auth},
        )
        assert r.status_code in (200, 201, 204), f"{r.status_code} {r.text}"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live(tmp_path_factory) -> Iterator[LiveServer]:
    """``diplokg serve`` on a free loopback port, over an empty temporary store."""
    store = tmp_path_factory.mktemp("w3c") / "store"
    EmbeddedStore(store).close()  # an empty store: `serve` refuses a missing folder
    port = _free_port()
    env = {
        **os.environ,
        "DIPLOKG_UPDATE_TOKEN": TOKEN,
        "DIPLOKG_CORS_ORIGINS": json.dumps([CORS_ORIGIN]),
        "DIPLOKG_MAX_ROWS": "100000",
    }
    exe = Path(sys.executable).parent / "diplokg"
    log_path = store.parent / "server.log"
    log = log_path.open("wb")  # a file, not a pipe: a full pipe would block the server
    proc = subprocess.Popen(
        [str(exe), "serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("server did not start: " + log_path.read_text()[-2000:])
    if proc.poll() is not None:
        pytest.fail("server exited: " + log_path.read_text()[-2000:])
    with httpx.Client(timeout=30, follow_redirects=False) as client:
        yield LiveServer(base, client)
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()
