"""W3C SPARQL 1.1 Graph Store Protocol suite (``graph-store-protocol/manifest.ttl``).

The manifest includes the direct- and indirect-identification manifests; every entry
becomes a test (ids: local names), run as the HTTP requests it describes, with
``/gsp`` mapped to ``/store``. Writes carry the update token. The store is emptied
before each test. The older ``http-rdf-update`` manifest is deprecated by the W3C in
favour of this one (its entries are prose only); see tests/data/w3c/README.md.

Beyond the manifest: reads need no token; writes without it, or with a wrong one,
are refused and change nothing.
"""

from __future__ import annotations

import pytest

from tests.w3c.conftest import LiveServer
from tests.w3c.exchange import run_connection
from tests.w3c.manifest import DATA, entries, local_name

pytestmark = pytest.mark.server

MANIFEST = DATA / "graph-store-protocol" / "manifest.ttl"
TESTS = entries(MANIFEST)
GRAPH = "http://example.org/gsp-auth"
TURTLE = b'<http://example.org/s> <http://example.org/p> "o" .'


def test_manifest_includes_direct_and_indirect_tests():
    names = {local_name(t) for _, t in TESTS}
    assert {"put_get_repeat_direct", "put_get_repeat_indirect", "put_get_default"} <= names


@pytest.mark.parametrize(("g", "test"), TESTS, ids=[local_name(t) for _, t in TESTS])
def test_graph_store(live: LiveServer, g, test):
    live.reset()
    run_connection(live, g, test, {"/gsp": "/store"})


def _graph_status(live: LiveServer) -> int:
    return live.client.get(live.url("/store"), params={"graph": GRAPH}).status_code


@pytest.mark.parametrize("method", ["PUT", "POST", "DELETE"])
@pytest.mark.parametrize(
    ("headers", "status"),
    [
        ({}, 401),
        ({"Authorization": "Bearer wrong-token"}, 403),
        ({"Authorization": "Basic eA=="}, 401),
    ],
    ids=["no-token", "wrong-token", "not-bearer"],
)
def test_graph_writes_need_the_token(live: LiveServer, method, headers, status):
    live.reset()
    live.put_graph(GRAPH, TURTLE, "text/turtle")
    before = live.client.get(live.url("/store"), params={"graph": GRAPH}).text
    r = live.client.request(
        method,
        live.url("/store"),
        params={"graph": GRAPH},
        content=b'<http://example.org/s> <http://example.org/p> "changed" .',
        headers={"Content-Type": "text/turtle", **headers},
    )
    assert r.status_code == status, r.text
    if status == 401:
        assert r.headers["www-authenticate"].lower().startswith("bearer")
    after = live.client.get(live.url("/store"), params={"graph": GRAPH})
    assert after.status_code == 200 and after.text == before


def test_new_graph_by_post_needs_the_token(live: LiveServer):
    live.reset()
    r = live.client.post(
        live.url("/store"), content=TURTLE, headers={"Content-Type": "text/turtle"}
    )
    assert r.status_code == 401
    assert live.client.get(live.url("/store"), params={"default": ""}).text.strip() == ""


def test_reads_need_no_token(live: LiveServer):
    live.reset()
    live.put_graph(GRAPH, TURTLE, "text/turtle")
    assert _graph_status(live) == 200
    assert live.client.head(live.url("/store"), params={"graph": GRAPH}).status_code == 200
    assert live.client.get(live.url("/store"), params={"default": ""}).status_code == 200
