"""Entity pages paged, from a real ``diplokg serve`` on 127.0.0.1: over an embedded
store (events ordered from the store statistic) and over the Oxigraph server as a
remote store (no statistics: the dates come with the events)."""

from __future__ import annotations

import re
from html import unescape

import httpx
import pytest

from diplokg.store.embedded import EmbeddedStore
from diplokg.store.remote import RemoteStore
from tests.conftest import live_server
from tests.integration.test_remote_store import start_oxigraph, stop
from tests.unit.api_fixtures import RES
from tests.unit.paging_fixtures import (
    ALL_HOLDINGS,
    GRAPH,
    NEWEST_FIRST,
    PERSON,
    event_iri,
    events_in,
    holdings_in,
    paging_quads,
)
from tests.unit.paging_fixtures import PAGE_PATH as PATH

pytestmark = pytest.mark.server
ENV = {"DIPLOKG_ENTITY_PAGE_SIZE": "4", "DIPLOKG_PAGE_CACHE_SIZE": "0"}


def _walk(base: str) -> tuple[list[str], list[str]]:
    """Follow the "older »" and "next »" links from the first page to the last; the
    events and the references seen on the way."""
    return (
        _follow(base, events_in, r'href="([^"]+)#events">older »'),
        _follow(base, holdings_in, r'href="([^"]+)#refs">next »'),
    )


def _follow(base: str, read, link: str) -> list[str]:
    """What ``read`` finds on each page, following the ``link`` from the first page
    (bounded: 3 pages are expected)."""
    found: list[str] = []
    url = PATH
    for _ in range(10):
        html = unescape(httpx.get(base + url, headers={"Accept": "text/html"}).text)
        found += read(html)
        nxt = re.search(link, html)
        if nxt is None:
            break
        url = nxt[1]
    return found


def _check(base: str) -> None:
    events, refs = _walk(base)
    assert events == [event_iri(k) for k in NEWEST_FIRST]
    assert sorted(refs) == ALL_HOLDINGS
    first = httpx.get(base + "/resource/" + PERSON[len(RES) :], headers={"Accept": "text/html"},
                      follow_redirects=True)  # fmt: skip
    assert first.status_code == 200 and "Events and relations (9)" in first.text
    data = httpx.get(base + "/resource/" + PERSON[len(RES) :],
                     headers={"Accept": "text/turtle"}, follow_redirects=True)  # fmt: skip
    assert data.headers["content-type"].startswith("text/turtle")  # negotiation unchanged
    assert httpx.get(base + PATH, params={"page": "0"}).status_code in (400, 422)


def test_paging_over_an_embedded_store(tmp_path):
    folder = tmp_path / "store"
    store = EmbeddedStore(folder)
    store.replace_graphs({GRAPH: paging_quads()})
    store.close()
    with live_server(folder, ENV, log_dir=tmp_path) as base:
        _check(base)


def test_paging_over_a_remote_store(tmp_path):
    proc, url = start_oxigraph(tmp_path / "oxigraph")
    try:
        remote = RemoteStore(url, timeout_s=20)
        remote.replace_graphs({GRAPH: paging_quads()})
        remote.close()
        with live_server(url, ENV, log_dir=tmp_path) as base:
            _check(base)
    finally:
        stop(proc)
