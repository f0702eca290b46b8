"""``diplokg serve --processes 2``: two processes on one port, one store folder.

Real servers on 127.0.0.1 and real pyoxigraph stores. The kernel shares connections
out between the processes (SO_REUSEPORT), so every request here goes on a connection of
its own and enough of them are sent that both processes answer (``/health`` tells
which one did). Checked: a write through either process is in every answer after it,
from either process (SPARQL updates and the graph store, pages cached per version
included); a runaway query gets its 504 on time from either; a reader that dies is
started again; stopping the server stops both.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pyoxigraph import Literal, NamedNode, Quad

from diplokg.store.embedded import EmbeddedStore
from tests.conftest import free_port

pytestmark = pytest.mark.server
TOKEN = "processes-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GRAPH = NamedNode("http://example.org/g")
P = "http://example.org/p"
#: Evaluated in a worker process: stopped at the time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def _store(path: Path, n: int = 300) -> None:
    store = EmbeddedStore(path)
    quads = [Quad(NamedNode(f"http://example.org/s{i}"), NamedNode(P), Literal(i), GRAPH)
             for i in range(n)]  # fmt: skip
    store.replace_graphs({GRAPH: quads})
    store.close()


class Server:
    def __init__(self, proc: subprocess.Popen, base: str, log: Path) -> None:
        self.proc, self.base, self.log = proc, base, log

    def get(self, path: str, **kwargs) -> httpx.Response:
        """One request on a connection of its own (so either process may answer)."""
        with httpx.Client(base_url=self.base, timeout=60) as client:
            return client.get(path, **kwargs)

    def send(self, method: str, path: str, **kwargs) -> httpx.Response:
        with httpx.Client(base_url=self.base, timeout=60) as client:
            return client.request(method, path, **kwargs)

    def processes(self, tries: int = 60) -> dict[bool, set[int]]:
        """The pids that answered ``/health``, writer (True) and readers (False)."""
        seen: dict[bool, set[int]] = {True: set(), False: set()}
        for _ in range(tries):
            process = self.get("/health").json()["process"]
            seen[process["writer"]].add(process["pid"])
        return seen


@pytest.fixture
def server(tmp_path) -> Iterator[Server]:
    _store(tmp_path / "store")
    port = free_port()
    log = tmp_path / "serve.log"
    env = {**os.environ, "DIPLOKG_UPDATE_TOKEN": TOKEN, "DIPLOKG_QUERY_TIMEOUT_S": "2",
           "DIPLOKG_PAGE_CACHE_SIZE": "64"}  # fmt: skip
    exe = Path(sys.executable).parent / "diplokg"
    command = [str(exe), "serve", "--store", str(tmp_path / "store"), "--host", "127.0.0.1",
               "--port", str(port), "--processes", "2"]  # fmt: skip
    with log.open("wb") as out:
        proc = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    srv = Server(proc, base, log)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # both processes up
            try:
                seen = srv.processes(tries=20)
                if seen[True] and seen[False]:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        else:
            pytest.fail("two serving processes did not come up: " + log.read_text()[-2000:])
        yield srv
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def _count(resp: httpx.Response) -> int:
    assert resp.status_code == 200, resp.text
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


COUNT = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{GRAPH.value}> {{ ?s <{P}> ?o }} }}"


def test_a_write_through_either_process_is_seen_by_both(server):
    writer, readers = server.processes().values()
    assert len(writer) == 1 and len(readers) == 1
    expected = 300
    for i in range(12):  # on fresh connections: some land on each process
        resp = server.send(
            "POST",
            "/sparql",
            content=f"INSERT DATA {{ GRAPH <{GRAPH.value}> {{ <urn:new{i}> <{P}> {i} }} }}",
            headers={**AUTH, "Content-Type": "application/sparql-update"},
        )
        assert resp.status_code == 204, resp.text
        expected += 1
        # the one-subject lookup (answered in the process) and a count (a worker)
        lookup = {"query": f"SELECT ?p ?o WHERE {{ <urn:new{i}> ?p ?o }}"}
        for _ in range(6):
            assert _count(server.get("/sparql", params={"query": COUNT})) == expected
            assert len(server.get("/sparql", params=lookup).json()["results"]["bindings"]) == 1
    # every process has seen every write (its version counts them)
    for _ in range(20):
        assert server.get("/health").json()["process"]["writes"] == 12
    # some writes were handed over by the reader (logged by both: twice)
    log = server.log.read_text()
    assert log.count('"POST /sparql HTTP/1.1" 204') > 12


def test_a_form_update_and_graph_store_writes_are_handed_over(server):
    graph = "http://example.org/other"
    for i in range(8):
        turtle = f"<urn:s> <urn:p> {i} ."
        resp = server.send(
            "PUT", "/store", params={"graph": graph}, content=turtle,
            headers={**AUTH, "Content-Type": "text/turtle"},
        )  # fmt: skip
        assert resp.status_code in (201, 204), resp.text
        for _ in range(4):
            got = server.get("/store", params={"graph": graph}, headers={"Accept": "text/turtle"})
            assert got.status_code == 200
            assert f" {i} ." in got.text and got.text.count("urn:p") == 1
    drop = f"DROP GRAPH <{graph}>"
    for _ in range(6):
        resp = server.send("POST", "/sparql", data={"update": drop}, headers=AUTH)
        assert resp.status_code == 204, resp.text
        for _ in range(4):
            assert server.get("/store", params={"graph": graph}).status_code == 404
        server.send("PUT", "/store", params={"graph": graph}, content="<urn:s> <urn:p> 1 .",
                    headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
    # a query sent with POST is answered wherever it lands, and writes nothing
    for _ in range(6):
        resp = server.send("POST", "/sparql", data={"query": COUNT})
        assert _count(resp) == 300
    # without the token, a handed-over write is refused by the writer, as it would be
    for _ in range(6):
        resp = server.send(
            "POST", "/sparql", content="CLEAR ALL",
            headers={"Content-Type": "application/sparql-update"},
        )  # fmt: skip
        assert resp.status_code == 401
    assert _count(server.get("/sparql", params={"query": COUNT})) == 300


def test_pages_kept_per_version_follow_writes_in_both_processes(server):
    person = "https://w3id.org/diplokg/resource/person/test-x"
    graph = "https://w3id.org/diplokg/resource/graph/test-x"

    def put(name: str) -> None:
        turtle = (f"<{person}> a <https://w3id.org/diplokg/ontology#Person> ; "
                  f'<http://www.w3.org/2000/01/rdf-schema#label> "{name}" .')  # fmt: skip
        resp = server.send("PUT", "/store", params={"graph": graph}, content=turtle,
                           headers={**AUTH, "Content-Type": "text/turtle"})  # fmt: skip
        assert resp.status_code in (201, 204), resp.text

    put("Old Name")
    for _ in range(10):  # both processes render and keep the page
        page = server.get("/page/person/test-x", headers={"Accept": "text/html"})
        assert page.status_code == 200 and "Old Name" in page.text
    put("New Name")
    for _ in range(10):
        page = server.get("/page/person/test-x", headers={"Accept": "text/html"})
        assert "New Name" in page.text and "Old Name" not in page.text


def test_a_runaway_query_gets_its_504_on_time_from_either_process(server):
    for _ in range(4):
        started = time.monotonic()
        resp = server.get("/sparql", params={"query": RUNAWAY})
        elapsed = time.monotonic() - started
        assert resp.status_code == 504, resp.text
        assert elapsed < 2 + 3, elapsed  # the 2 s limit, and the kill
    assert _count(server.get("/sparql", params={"query": COUNT})) == 300


def test_a_second_server_on_the_same_port_fails_rather_than_share_it(server, tmp_path):
    _store(tmp_path / "other")
    port = server.base.rsplit(":", 1)[1]
    exe = Path(sys.executable).parent / "diplokg"
    command = [str(exe), "serve", "--store", str(tmp_path / "other"), "--host", "127.0.0.1",
               "--port", port, "--processes", "2"]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode != 0
    assert "in use" in done.stderr, done.stderr[-2000:]
    assert len(server.processes()[False]) == 1  # the first server is untouched


def test_a_reader_that_dies_is_started_again_and_stopping_stops_both(server):
    seen = server.processes()
    (reader,) = seen[False]
    os.kill(reader, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        readers = server.processes(tries=10)[False]
        if readers - {reader}:
            break
        time.sleep(0.2)
    else:
        pytest.fail("the reader was not started again")
    (new_reader,) = readers - {reader}
    assert _count(server.get("/sparql", params={"query": COUNT})) == 300
    command = Path(f"/proc/{new_reader}/cmdline").read_bytes().split(b"\0")
    runtime = Path(command[command.index(b"--runtime") + 1].decode())
    assert (runtime / "version").exists()
    server.proc.terminate()
    server.proc.wait(timeout=30)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(new_reader):
        time.sleep(0.1)
    assert not _alive(new_reader)
    assert not runtime.exists()  # the private folder is removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie (ended, not yet reaped by its parent) is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False
