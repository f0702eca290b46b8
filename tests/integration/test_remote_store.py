"""RemoteStore against a real ``oxigraph serve``, the API in front of it, and uvicorn.

Servers bind to 127.0.0.1 on free ports; every wait is bounded.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi.testclient import TestClient
from pyoxigraph import NamedNode, Quad, QueryResultsFormat, RdfFormat, parse, parse_query_results

from diplokg.api.app import create_app
from diplokg.config import Settings
from diplokg.rdf.ontology import ONTOLOGY_GRAPH, ontology_quads
from diplokg.sparql.saved_queries import bind_params, load_saved_queries
from diplokg.store import open_store
from diplokg.store.base import QuerySyntaxError, StoreError
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.remote import RemoteStore, RemoteStoreUnavailable
from tests.unit.api_fixtures import (
    CALL,
    G1,
    G2,
    PUTIN,
    XI,
    XSS,
    all_graphs,
    build_store,
    make_settings,
)

pytestmark = pytest.mark.server

REPO = Path(__file__).resolve().parents[2]
TOKEN = "remote-token"
PEOPLE = (
    "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
    "SELECT ?p WHERE { ?p a dip:Person } ORDER BY ?p"
)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_exe() -> str:
    exe = Path(sys.executable).parent / "oxigraph"
    found = str(exe) if exe.exists() else shutil.which("oxigraph")
    if not found:
        pytest.skip("the oxigraph server (PyPI package 'oxigraph') is not installed")
    return found


def start_oxigraph(location: Path, *extra: str) -> tuple[subprocess.Popen, str]:
    """Start ``oxigraph serve`` on a free loopback port; wait (bounded) until it answers."""
    port = free_port()
    proc = subprocess.Popen(
        [oxigraph_exe(), "serve", "--location", str(location),
         "--bind", f"127.0.0.1:{port}", *extra],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail("oxigraph exited: " + proc.stdout.read().decode()[-2000:])
        try:
            if httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.1)
    stop(proc)
    pytest.fail("oxigraph did not start within 30 s")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    proc, url = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    yield url
    stop(proc)


@pytest.fixture
def remote(server) -> Iterator[RemoteStore]:
    store = RemoteStore(server, timeout_s=20)
    store.update("DROP SILENT ALL")
    store.replace_graphs(all_graphs())
    yield store
    store.close()


def bindings(result) -> list[dict]:
    return json.loads(result.body)["results"]["bindings"]


# -- RemoteStore ----------------------------------------------------------------------
def test_endpoint_urls():
    for url in ("http://127.0.0.1:7878", "http://127.0.0.1:7878/", "http://127.0.0.1:7878/query"):
        store = RemoteStore(url, timeout_s=1)
        assert store.query_url == "http://127.0.0.1:7878/query"
        assert store.update_url == "http://127.0.0.1:7878/update"
        assert store.store_url == "http://127.0.0.1:7878/store"
        store.close()


def test_services_laid_out_otherwise_are_named_one_by_one(server, tmp_path):
    """A store whose services are not at Oxigraph's paths (GraphDB, QLever, Virtuoso)
    is reached through the three URLs given; here Oxigraph's own, under another root."""
    settings = Settings(
        store="http://127.0.0.1:9/elsewhere",  # nothing there: every call uses the URLs
        remote_query_url=server + "/query",
        remote_update_url=server + "/update",
        remote_graph_store_url=server + "/store",
    )
    store = open_store(settings)
    try:
        assert (store.query_url, store.update_url, store.store_url) == (
            server + "/query", server + "/update", server + "/store",
        )  # fmt: skip
        store.update("DROP SILENT ALL")
        store.replace_graphs(all_graphs())
        assert store.graphs() == sorted(g.value for g in all_graphs())
        graph = sorted(g.value for g in all_graphs())[0]
        assert store.dump_graph(graph, "application/n-triples")
    finally:
        store.close()


def test_replace_graphs_and_union_query(remote):
    assert remote.graphs() == sorted(g.value for g in all_graphs())
    assert len(remote) == len(build_store())
    # the Supply relation (G2) and the PhoneCall (G1) are both in the default graph
    q = (
        "PREFIX dip: <https://w3id.org/diplokg/ontology#> "
        "ASK { ?r a dip:Supply . ?e a dip:PhoneCall }"
    )
    result = remote.query(q)
    assert result.kind == "boolean" and json.loads(result.body)["boolean"] is True
    people = remote.query(PEOPLE)
    assert result.media_type == "application/sparql-results+json"
    assert {b["p"]["value"] for b in bindings(people)} >= {XI, PUTIN}


def test_replace_graphs_is_idempotent_and_replaces(remote):
    remote.replace_graphs(all_graphs())
    assert len(remote) == len(build_store())
    g1 = NamedNode(G1)
    only = Quad(NamedNode("http://example.org/s"), NamedNode("http://example.org/p"),
                NamedNode("http://example.org/o"), g1)  # fmt: skip
    remote.replace_graph(g1, [only])
    dumped = list(parse(remote.dump_graph(G1, "application/n-triples"), RdfFormat.N_TRIPLES))
    assert [t.subject.value for t in dumped] == ["http://example.org/s"]


def test_replace_graphs_refuses_foreign_quads(remote):
    before = len(remote)
    stray = Quad(NamedNode("http://a"), NamedNode("http://b"), NamedNode("http://c"),
                 NamedNode(G2))  # fmt: skip
    with pytest.raises(StoreError):
        remote.replace_graphs({NamedNode(G1): [stray]})
    assert len(remote) == before


def test_edits_agree_with_the_embedded_store(remote):
    """One edit (a node renamed in a graph, another graph dropped) through the server's
    SPARQL update and through the embedded store: the same quads, merge included."""
    local = EmbeddedStore(None)
    local.replace_graphs(all_graphs())
    g1, g2, renamed = NamedNode(G1), NamedNode(G2), NamedNode("http://example.org/renamed")
    held = [
        q for q in local._store.quads_for_pattern(None, None, None, g1) if q.subject.value == CALL
    ]
    assert held
    removed = {g1: held}
    added = {g1: [Quad(renamed, q.predicate, q.object, g1) for q in held]}
    for store in (remote, local):
        store.edit_graphs(removed, added, [g2])
    assert remote.graphs() == local.graphs() and G2 not in local.graphs()
    nquads = "application/n-quads"
    assert sorted(remote.dump(nquads).decode().splitlines()) == sorted(
        local.dump(nquads).decode().splitlines()
    )
    local.close()


def test_query_with_dataset(remote):
    q = "PREFIX dip: <https://w3id.org/diplokg/ontology#> SELECT ?r WHERE { ?r a dip:Supply }"
    assert bindings(remote.query(q, default_graph_uris=[G1])) == []
    assert len(bindings(remote.query(q, default_graph_uris=[G2]))) == 1
    named = remote.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                         named_graph_uris=[G2])  # fmt: skip
    assert [b["g"]["value"] for b in bindings(named)] == [G2]


@pytest.mark.parametrize(
    "media",
    ["application/sparql-results+xml", "text/tab-separated-values", "text/csv"],
)
def test_query_results_types(remote, media):
    result = remote.query(PEOPLE, media)
    assert result.media_type == media and result.kind == "solutions"
    if media == "text/csv":
        assert result.body.decode().splitlines()[0] == "p"
    else:
        fmt = QueryResultsFormat.from_media_type(media)
        assert len(list(parse_query_results(result.body, fmt))) == 3


@pytest.mark.parametrize("media", ["text/turtle", "application/ld+json", "application/rdf+xml"])
def test_construct(remote, media):
    result = remote.query(f"CONSTRUCT WHERE {{ <{XI}> ?p ?o }}", media)
    assert result.kind == "graph"
    triples = list(parse(result.body, RdfFormat.from_media_type(media)))
    assert {t.subject.value for t in triples} == {XI}


def test_construct_default_is_turtle(remote):
    result = remote.query(f"CONSTRUCT WHERE {{ <{XI}> ?p ?o }}")
    assert result.kind == "graph" and result.media_type == "text/turtle"


def test_dump_graph(remote):
    turtle = remote.dump_graph(G2, "text/turtle")
    assert any(t.subject.value == CALL for t in parse(turtle, RdfFormat.TURTLE))
    with pytest.raises(KeyError):
        remote.dump_graph("http://example.org/nope", "text/turtle")
    quads = list(parse(remote.dump("application/n-quads"), RdfFormat.N_QUADS))
    assert len(quads) == len(build_store())


def test_update_and_syntax_errors(remote):
    remote.update('INSERT DATA { GRAPH <http://example.org/g> { <http://a> <http://b> "c" } }')
    assert "http://example.org/g" in remote.graphs()
    with pytest.raises(QuerySyntaxError):
        remote.update("INSERT DATA { <a> ")
    with pytest.raises(QuerySyntaxError):
        remote.query("SELECT * WHERE { ?s ")


def test_unreachable_server():
    store = RemoteStore(f"http://127.0.0.1:{free_port()}", timeout_s=2)
    with pytest.raises(RemoteStoreUnavailable):
        store.graphs()
    store.close()


def test_truncated_answer_is_an_error(tmp_path):
    """Oxigraph answers a timed-out query with HTTP 200 and a cut body: never a result."""
    proc, url = start_oxigraph(tmp_path / "slow", "--timeout-s", "1")
    try:
        store = RemoteStore(url, timeout_s=30)
        values = " ".join(f"<http://s/{i}>" for i in range(100))
        store.update(
            "INSERT { GRAPH <http://g> { ?s <http://p> ?o } } WHERE { "
            f"VALUES ?s {{ {values} }} VALUES ?o {{ {' '.join(str(i) for i in range(100))} }} }}"
        )
        # written with a raw update, the data sits only in <http://g>: query it there
        heavy = "SELECT * WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } }"
        for media in ("application/sparql-results+json", "text/tab-separated-values", "text/csv"):
            with pytest.raises(StoreError, match=r"incomplete|did not answer"):
                store.query(heavy, media)
        with pytest.raises(StoreError):
            store.query(
                "CONSTRUCT { ?a ?b ?f } WHERE { GRAPH ?g { ?a ?b ?c } GRAPH ?h { ?d ?e ?f } }",
                "application/n-triples",
            )
        store.close()
    finally:
        stop(proc)


def normalised_rows(results: dict) -> list[str]:
    """Rows as sorted JSON strings; GROUP_CONCAT lists sorted (their order is unspecified
    and differs between storage backends)."""
    out = []
    for row in results["results"]["bindings"]:
        for term in row.values():
            if term["type"] == "literal" and ", " in term["value"]:
                term["value"] = ", ".join(sorted(term["value"].split(", ")))
        out.append(json.dumps(row, sort_keys=True))
    return sorted(out)


def test_saved_queries_agree_with_embedded_store(remote):
    """Every repository saved query, defaults bound: VALUES binding (remote) gives the
    same rows as pyoxigraph substitutions (embedded)."""
    queries = load_saved_queries(REPO / "queries")
    if not queries:
        pytest.skip("no saved queries in the repository")
    settings = Settings(store="unused", queries_dir=REPO / "queries", max_rows=100_000)
    graphs = all_graphs()  # with the real ontology, so that subclass paths resolve
    graphs[ONTOLOGY_GRAPH] = ontology_quads(settings)
    remote.replace_graphs(graphs)
    local = EmbeddedStore(None)
    local.replace_graphs(graphs)
    embedded = TestClient(create_app(settings, local))
    over_remote = TestClient(create_app(settings, remote))
    non_empty = bound = 0
    for name, saved in queries.items():
        # with no values given, every parameter that has a default is bound to it
        defaults = {p.name: p.default for p in saved.params if p.default}
        bindings = bind_params(saved, {})
        assert {var.value: term.value for var, term in bindings.items()} == defaults, name
        bound += bool(bindings)
        a = embedded.get(f"/api/queries/{name}")
        b = over_remote.get(f"/api/queries/{name}")
        assert a.status_code == b.status_code == 200, (name, a.text, b.text)
        rows_a = normalised_rows(a.json())
        rows_b = normalised_rows(b.json())
        assert rows_a == rows_b, name
        non_empty += bool(rows_a)
    assert non_empty >= len(queries) // 3  # the comparison is not vacuous
    assert bound  # and some queries run with bound parameters (VALUES on the remote)


# -- the API in front of a remote store -----------------------------------------------
@pytest.fixture
def api(remote, tmp_path) -> TestClient:
    settings = make_settings(tmp_path, store=remote.root, update_token=TOKEN)
    return TestClient(create_app(settings, remote))


def test_api_sparql_over_remote(api):
    resp = api.get("/sparql", params={"query": PEOPLE})
    assert resp.status_code == 200
    assert len(resp.json()["results"]["bindings"]) == 3
    csv = api.post("/sparql", data={"query": PEOPLE}, headers={"Accept": "text/csv"})
    assert csv.text.splitlines()[0] == "p" and len(csv.text.splitlines()) == 4
    bad = api.get("/sparql", params={"query": "SELECT * WHERE {"})
    assert bad.status_code == 400


def test_api_health_and_pages_over_remote(api):
    health = api.get("/health").json()
    process = health.pop("process")
    assert health == {"status": "ok", "triples": len(build_store()), "graphs": 3}
    assert process["writer"] and process["writes"] is None  # a remote store: no version
    html = api.get("/resource/person/xi-jinping", headers={"Accept": "text/html"}).text
    assert "Xi Jinping" in html and XSS not in html and "call-2026" in html
    assert "call-2026" in api.get("/timeline").text
    turtle = api.get("/store", params={"graph": G1})
    assert any(t.subject.value == XI for t in parse(turtle.content, RdfFormat.TURTLE))
    assert api.get("/store", params={"graph": "http://example.org/nope"}).status_code == 404


def test_api_saved_query_over_remote(api):
    resp = api.get("/api/queries/events-of", params={"who": PUTIN})
    assert resp.status_code == 200, resp.text
    events = [b["event"]["value"] for b in resp.json()["results"]["bindings"]]
    assert events[0] == CALL and len(events) == 2


def test_api_update_over_remote(api, remote):
    update = 'INSERT DATA { GRAPH <http://example.org/new> { <http://a> <http://b> "c" } }'
    assert api.post("/sparql", data={"update": update}).status_code == 401
    ok = api.post("/sparql", data={"update": update},
                  headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
    assert ok.status_code == 204
    assert "http://example.org/new" in remote.graphs()


# -- a real uvicorn -------------------------------------------------------------------
def test_uvicorn_serves_sparql(tmp_path):
    port = free_port()
    app = create_app(make_settings(tmp_path, port=port), build_store())
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert server.started, "uvicorn did not start within 20 s"
        base = f"http://127.0.0.1:{port}"
        json_accept = {"Accept": "application/sparql-results+json"}
        resp = httpx.get(base + "/sparql", params={"query": PEOPLE}, headers=json_accept,
                         timeout=10)  # fmt: skip
        assert resp.status_code == 200
        assert len(resp.json()["results"]["bindings"]) == 3
        form = httpx.post(base + "/sparql", data={"query": PEOPLE},
                          headers={"Accept": "text/tab-separated-values"}, timeout=10)  # fmt: skip
        assert form.text.splitlines()[0] == "?p"
        assert httpx.get(base + "/health", timeout=10).json()["status"] == "ok"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
    assert not thread.is_alive()
