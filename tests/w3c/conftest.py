"""A live diplokg server for the W3C suites: a real process on 127.0.0.1.

One server (session scope) over a temporary embedded store, with an update token and
a CORS origin configured through ``DIPLOKG_`` environment variables, exactly as an
operator would run it. Tests reset the store with ``DROP ALL`` before they load
their own data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import pytest

from diplokg.store.embedded import EmbeddedStore
from tests.conftest import live_server

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


@pytest.fixture(scope="session")
def live(tmp_path_factory) -> Iterator[LiveServer]:
    """``diplokg serve`` on a free loopback port, over an empty temporary store."""
    store = tmp_path_factory.mktemp("w3c") / "store"
    EmbeddedStore(store).close()  # an empty store: `serve` refuses a missing folder
    env = {
        "DIPLOKG_UPDATE_TOKEN": TOKEN,
        "DIPLOKG_CORS_ORIGINS": json.dumps([CORS_ORIGIN]),
        "DIPLOKG_MAX_ROWS": "100000",
    }
    with (
        live_server(store, env) as base,
        httpx.Client(timeout=30, follow_redirects=False) as client,
    ):
        yield LiveServer(base, client)
