"""Security: no outbound request the operator did not allow; untrusted text escaped.

A local listening socket records every connection made to it. A control test shows
that pyoxigraph itself does connect to it for ``SERVICE`` and ``LOAD``; through the
endpoint, every such operation is refused and the socket sees nothing. Hostile text
is planted in every source an HTML page shows (article labels and descriptions,
ontology labels, saved-query titles, the request path) and never comes back as markup.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
from pyoxigraph import Store

from diplokg.config import Settings
from tests.unit.api_fixtures import XSS, make_client

TOKEN = "security-token"
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
HOSTILE = "<script>alert('x')</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Recorder:
    """A TCP listener on 127.0.0.1 that records (and drops) every connection."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.base = f"http://127.0.0.1:{self.sock.getsockname()[1]}"
        self.requests: list[bytes] = []
        self.thread = threading.Thread(target=self._loop, daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    self.requests.append(conn.recv(200))
                except OSError:
                    self.requests.append(b"")

    def settle(self) -> list[bytes]:
        """The connections seen so far, after a short wait for stragglers."""
        time.sleep(0.3)
        return list(self.requests)

    def close(self) -> None:
        self.sock.close()
        self.thread.join(timeout=5)


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    rec = Recorder()
    yield rec
    rec.close()


def test_control_pyoxigraph_does_connect(recorder):
    """Without the endpoint's policy the engine calls out: the recorder sees it."""
    store = Store()
    list(
        store.query(f"SELECT * WHERE {{ SERVICE SILENT <{recorder.base}/sparql> {{ ?s ?p ?o }} }}")
    )
    store.update(f"LOAD SILENT <{recorder.base}/data.ttl>")
    seen = recorder.settle()
    assert len(seen) == 2
    assert seen[0].startswith(b"POST /sparql") and seen[1].startswith(b"GET /data.ttl")


def hostile_queries(base: str) -> list[str]:
    return [
        f"SELECT * WHERE {{ SERVICE <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ SERVICE SILENT <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ BIND(<{base}/sparql> AS ?e) SERVICE SILENT ?e {{ ?s ?p ?o }} }}",
        f"PREFIX r: <{base}/> SELECT * WHERE {{ SERVICE SILENT r:sparql {{ ?s ?p ?o }} }}",
        f"BASE <{base}/> SELECT * WHERE {{ SERVICE SILENT <sparql> {{ ?s ?p ?o }} }}",
        f"PREFIX : <{base}/> SELECT * WHERE {{ SERVICE SILENT:sparql {{ ?s ?p ?o }} }}",
        f"ASK {{ SERVICE SILENT <{base}/sparql> {{ ?s ?p ?o }} }}",
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE SILENT <{base}/sparql> {{ ?s ?p ?o }} }}",
    ]


def hostile_updates(base: str) -> list[str]:
    return [
        f"LOAD <{base}/data.ttl>",
        f"LOAD SILENT <{base}/data.ttl> INTO GRAPH <http://example.org/g>",
        f"LOADSILENT<{base}/data.ttl>",
        "INSERT { GRAPH <http://example.org/g> { ?s ?p ?o } } "
        f"WHERE {{ SERVICE SILENT <{base}/sparql> {{ ?s ?p ?o }} }}",
    ]


def test_no_outbound_request_through_the_endpoint(tmp_path, recorder):
    client = make_client(tmp_path, update_token=TOKEN)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    for query in hostile_queries(recorder.base):
        for resp in (
            client.get("/sparql", params={"query": query}),
            client.post("/sparql", data={"query": query}),
            client.post("/sparql", content=query,
                        headers={"Content-Type": "application/sparql-query"}),
        ):  # fmt: skip
            assert resp.status_code == 400, (query, resp.status_code, resp.text)
    for update in hostile_updates(recorder.base):
        resp = client.post("/sparql", data={"update": update}, headers=auth)
        assert resp.status_code == 400, (update, resp.text)
    assert recorder.settle() == []


def test_allowlisted_service_is_called(tmp_path, recorder):
    """The policy is an allowlist, not a ban: an allowed endpoint is reached (so the
    test above fails for the right reason)."""
    endpoint = f"{recorder.base}/sparql"
    client = make_client(tmp_path, service_allowlist=[endpoint])
    q = f"SELECT * WHERE {{ SERVICE SILENT <{endpoint}> {{ ?s ?p ?o }} }}"
    assert client.get("/sparql", params={"query": q}).status_code == 200
    assert len(recorder.settle()) == 1


def test_read_only_by_default(tmp_path):
    assert Settings(store="unused").update_token is None
    client = make_client(tmp_path)  # no token configured
    update = 'INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> "c" } }'
    for headers in ({}, {"Authorization": "Bearer "}, {"Authorization": "Bearer anything"}):
        assert client.post("/sparql", data={"update": update}, headers=headers).status_code in (
            401,
            403,
        )
        put = client.put("/store", params={"graph": "http://example.org/g"},
                         content="<http://a> <http://b> <http://c> .",
                         headers={**headers, "Content-Type": "text/turtle"})  # fmt: skip
        assert put.status_code in (401, 403)
    ask = client.get("/sparql", params={"query": "ASK { GRAPH <http://example.org/g> { } }"})
    assert ask.json()["boolean"] is False


# -- escaping on every HTML page -------------------------------------------------------
HOSTILE_ONTOLOGY = f"""@prefix dip: <https://w3id.org/diplokg/ontology#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://w3id.org/diplokg/ontology> a owl:Ontology ; dcterms:title "{HOSTILE}"@en .
dip:Event a owl:Class ; rdfs:label "{HOSTILE}"@en ; skos:definition "<b onmouseover=x>"@en .
dip:Person a owl:Class ; rdfs:label "person"@en .
"""

HOSTILE_QUERY = f"""#+ title: {HOSTILE}
#+ description: <img src=x onerror=alert(9)>
SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1
"""


@pytest.fixture
def hostile_client(tmp_path):
    client = make_client(tmp_path)
    (tmp_path / "ontology" / "diplomacy.ttl").write_text(HOSTILE_ONTOLOGY, encoding="utf-8")
    (tmp_path / "queries" / "evil.rq").write_text(HOSTILE_QUERY, encoding="utf-8")
    return client


@pytest.mark.parametrize(
    ("path", "must_show_escaped"),
    [
        ("/", None),
        ("/?ui=basic", None),
        ("/resource/person/evil", ESCAPED_XSS),
        ("/resource/event/call-2026", ESCAPED_XSS),
        ("/resource/person/xi-jinping", ESCAPED_XSS),
        ("/timeline", None),
        (f"/timeline?entity={'https://w3id.org/diplokg/resource/person/evil'}", None),
        ("/ontology", "&lt;script&gt;alert("),
        ("/resource/%3Cscript%3Ealert(1)%3C%2Fscript%3E", None),  # error page
    ],
)
def test_html_pages_escape_untrusted_text(hostile_client, path, must_show_escaped):
    resp = hostile_client.get(path, headers=BROWSER)
    assert resp.headers["content-type"].startswith("text/html"), (path, resp.status_code)
    html = resp.text
    for raw in (XSS, HOSTILE, "<img src=x", "<b onmouseover", 'href="javascript:'):
        assert raw not in html, (path, raw)
    if must_show_escaped:
        assert must_show_escaped in html, path
