"""The proxy in front of a remote store never passes a broken answer on as success.

Oxigraph server answers a query that hits its timeout, or whose SERVICE call fails,
with HTTP 200 and a body cut short (ending in "The SPARQL operation has been
cancelled"). A fake upstream on 127.0.0.1 plays that server: the endpoint must answer
502 (bad answer from the store) or 504 (no answer in time), with a readable message
and never a byte of the cut body.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from fastapi.testclient import TestClient

from diplokg.api.app import create_app
from diplokg.store.base import QueryTimeout, UpstreamError
from diplokg.store.remote import RemoteStore, RemoteStoreUnavailable
from tests.unit.api_fixtures import make_settings

JSON = "application/sparql-results+json"
XML = "application/sparql-results+xml"
SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
ROWS = {
    "head": {"vars": ["s"]},
    "results": {"bindings": [{"s": {"type": "uri", "value": f"http://e/{i}"}} for i in range(50)]},
}
FULL_JSON = json.dumps(ROWS).encode()
FULL_XML = (
    '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
    '<head><variable name="s"/></head><results>'
    + "".join(f'<result><binding name="s"><uri>http://e/{i}</uri></binding></result>'
              for i in range(50))
    + "</results></sparql>"
).encode()  # fmt: skip
FULL_TURTLE = "".join(f"<http://e/{i}> <http://e/p> {i} .\n" for i in range(50)).encode()
CANCELLED = b"The SPARQL operation has been cancelled"


class Upstream:
    """What the fake server answers next: status, content type, body, delay."""

    def __init__(self) -> None:
        self.status = 200
        self.content_type = JSON
        self.body = FULL_JSON
        self.delay_s = 0.0
        self.declared_length: int | None = None
        self.hang_up = False  # close the connection without a word
        self.requests = 0


@pytest.fixture
def upstream() -> Iterator[tuple[Upstream, str]]:
    plan = Upstream()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("content-length", 0)))
            plan.requests += 1
            time.sleep(plan.delay_s)
            if plan.hang_up:
                self.close_connection = True
                return
            self.send_response(plan.status)
            self.send_header("Content-Type", plan.content_type)
            length = plan.declared_length or len(plan.body)
            self.send_header("Content-Length", str(length))
            self.end_headers()
            self.wfile.write(plan.body)
            self.close_connection = True

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.handle_error = lambda *args: None  # clients that hang up are expected here
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield plan, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


@pytest.fixture
def api(upstream, tmp_path) -> Iterator[tuple[Upstream, TestClient]]:
    plan, url = upstream
    store = RemoteStore(url, timeout_s=1)
    settings = make_settings(tmp_path, store=url, query_timeout_s=1)
    yield plan, TestClient(create_app(settings, store))
    store.close()


def cut(body: bytes, tail: bytes = b"") -> bytes:
    return body[: len(body) // 2] + tail


def test_complete_answers_pass(api):
    # control: the fake upstream's full answers are results
    plan, client = api
    resp = client.get("/sparql", params={"query": SELECT})
    assert resp.status_code == 200 and len(resp.json()["results"]["bindings"]) == 50
    plan.content_type, plan.body = XML, FULL_XML
    resp = client.get("/sparql", params={"query": SELECT}, headers={"Accept": XML})
    assert resp.status_code == 200 and resp.content == FULL_XML
    plan.content_type, plan.body = "text/turtle", FULL_TURTLE
    resp = client.get("/sparql", params={"query": CONSTRUCT})
    assert resp.status_code == 200 and resp.content == FULL_TURTLE


@pytest.mark.parametrize(
    ("content_type", "body", "accept", "query"),
    [
        (JSON, cut(FULL_JSON, CANCELLED), JSON, SELECT),  # what Oxigraph sends
        (JSON, cut(FULL_JSON), JSON, SELECT),
        (JSON, cut(FULL_JSON), "text/csv", SELECT),  # CSV is made here from JSON
        (XML, cut(FULL_XML, CANCELLED), XML, SELECT),
        ("text/tab-separated-values", b"?s\n<http://e/1>\n<http://e/2", "text/tab-separated-values",
         SELECT),
        ("text/turtle", cut(FULL_TURTLE, CANCELLED), "text/turtle", CONSTRUCT),
        ("application/n-triples", b"<http://e/1> <http://e/p> ", "application/n-triples",
         CONSTRUCT),
        ("text/html", b"<html>proxy error</html>", JSON, SELECT),  # not a result at all
    ],
)  # fmt: skip
def test_truncated_200_becomes_502(api, content_type, body, accept, query):
    plan, client = api
    plan.content_type, plan.body = content_type, body
    resp = client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    assert resp.status_code == 502
    assert resp.headers["content-type"].startswith("text/plain")
    assert "bad answer from the store" in resp.text
    assert body[:20].decode("utf-8", "replace") not in resp.text  # nothing of the body
    if CANCELLED in body:
        assert "cancelled" in resp.text


def test_oxigraph_cancellation_is_named(upstream):
    plan, url = upstream
    plan.body = cut(FULL_JSON, CANCELLED)
    store = RemoteStore(url, timeout_s=2)
    with pytest.raises(UpstreamError, match="cancelled"):
        store.query(SELECT)
    store.close()


def test_body_shorter_than_announced_is_502(api):
    plan, client = api
    plan.declared_length = len(FULL_JSON) + 100  # connection closes before the end
    resp = client.get("/sparql", params={"query": SELECT})
    assert resp.status_code == 502


def test_upstream_error_status_is_502(api):
    plan, client = api
    plan.status, plan.content_type, plan.body = 500, "text/plain", b"disk on fire"
    resp = client.get("/sparql", params={"query": SELECT})
    assert resp.status_code == 502
    assert "disk on fire" in resp.text


def test_slow_upstream_is_504_in_bounded_time(api):
    plan, client = api
    plan.delay_s = 3
    started = time.monotonic()
    resp = client.get("/sparql", params={"query": SELECT})
    assert resp.status_code == 504
    assert "did not answer within 1 s" in resp.text
    assert time.monotonic() - started < 2.9


def test_remote_store_raises_query_timeout(upstream):
    plan, url = upstream
    plan.delay_s = 2
    store = RemoteStore(url, timeout_s=0.5)
    with pytest.raises(QueryTimeout):
        store.query(SELECT)
    store.close()


def test_a_store_that_hangs_up_before_answering_is_unavailable(upstream):
    """A store killed mid-exchange drops the connection before any answer: that is the
    store gone (503, retry later), not a bad answer (502)."""
    plan, url = upstream
    plan.hang_up = True
    store = RemoteStore(url, timeout_s=2)
    with pytest.raises(RemoteStoreUnavailable, match=r"cannot reach the store .* dropped"):
        store.query(SELECT)
    store.close()


def test_a_hang_up_before_answering_is_503(api):
    plan, client = api
    plan.hang_up = True
    resp = client.get("/sparql", params={"query": SELECT})
    assert resp.status_code == 503
    assert resp.headers["retry-after"]
    assert "cannot reach the store" in resp.text
