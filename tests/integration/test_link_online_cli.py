"""``diplokg link --online`` (issue 11) against a stand-in Wikidata API on 127.0.0.1:
offline by default, a descriptive User-Agent, answers cached, requests spaced, a
candidate accepted only when type and name agree, and the evidence stored."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from diplokg.build.wikidata_client import WikidataClient
from diplokg.config import Settings
from diplokg.rdf.vocab import sparql_prefixes
from tests.conftest import run_cli

ARTICLE = """published: 2025-06-13
lang: es

El asesor del Kremlin Yuri Ushakov se reunió en Moscú con el enviado estadounidense \
Steve Witkoff.
"""
#: search hits per name, and the items they lead to
SEARCH = {"Yuri Ushakov": ["Q4095297", "Q900"], "Steve Witkoff": ["Q111", "Q112", "Q113"]}


def item(qid: str, label: str, p31: str, alias: str | None = None) -> dict:
    out = {
        "id": qid,
        "labels": {"en": {"language": "en", "value": label}},
        "aliases": {"es": [{"language": "es", "value": alias}]} if alias else {},
        "claims": {"P31": [{"mainsnak": {"datavalue": {"value": {"id": p31}}}}]},
    }
    return out


ITEMS = {
    "Q4095297": item("Q4095297", "Yury Ushakov", "Q5", alias="Yuri Ushakov"),  # by alias
    "Q900": item("Q900", "Yuri Ushakov", "Q4167410"),  # a disambiguation page: wrong type
    "Q111": item("Q111", "Steve Witkoff", "Q5"),
    "Q112": item("Q112", "Steven Witkoff", "Q5", alias="Steve Witkoff"),  # two humans
    "Q113": item("Q113", "Witkoff Group", "Q4830453"),
}


class StandIn(BaseHTTPRequestHandler):
    seen: list[tuple[str, dict]] = []  # noqa: RUF012 (one server per test module)

    def do_GET(self) -> None:
        query = {k: v[0] for k, v in parse_qs(urlsplit(self.path).query).items()}
        StandIn.seen.append((self.headers.get("User-Agent", ""), query))
        if query.get("action") == "wbsearchentities":
            body = {"search": [{"id": q} for q in SEARCH.get(query["search"], [])]}
        elif query.get("action") == "wbgetentities":
            body = {"entities": {q: ITEMS[q] for q in query["ids"].split("|") if q in ITEMS}}
        else:
            body = {"error": {"info": "unknown action"}}
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def api() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandIn)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/w/api.php"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def store(tmp_path: Path) -> Path:
    (tmp_path / "ushakov.txt").write_text(ARTICLE, encoding="utf-8")
    path = tmp_path / "store"
    res = run_cli("build", str(tmp_path / "ushakov.txt"), "--store", str(path))
    assert res.returncode == 0, res.stderr
    return path


def env(api: str, tmp_path: Path) -> dict[str, str]:
    return {"DIPLOKG_WIKIDATA_API": api, "DIPLOKG_WIKIDATA_CACHE_DIR": str(tmp_path / "cache"),
            "DIPLOKG_WIKIDATA_MIN_INTERVAL_S": "0"}  # fmt: skip


def test_link_is_offline_by_default(api, store, tmp_path) -> None:
    StandIn.seen.clear()
    res = run_cli("link", "--store", str(store), env=env(api, tmp_path))
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("2 entities without a Wikidata QID; offline, nothing asked")
    assert StandIn.seen == []


def test_link_online_accepts_only_agreeing_candidates(api, store, tmp_path) -> None:
    StandIn.seen.clear()
    res = run_cli("link", "--online", "--store", str(store), env=env(api, tmp_path))
    assert res.returncode == 0, res.stderr
    assert "person/yuri-ushakov → wd:Q4095297 ('Yuri Ushakov', instance of wd:Q5)" in res.stdout
    assert "person/steve-witkoff: ambiguous: Q111, Q112" in res.stdout
    assert "2 entities checked, 1 linked, 1 left alone" in res.stdout
    assert StandIn.seen and all(ua.startswith("diplokg/") for ua, _ in StandIn.seen)
    assert {q["action"] for _, q in StandIn.seen} == {"wbsearchentities", "wbgetentities"}

    query = """SELECT ?item ?label ?class ?when WHERE {
      <https://w3id.org/diplokg/resource/person/yuri-ushakov> owl:sameAs ?item .
      ?m dip:matchOf <https://w3id.org/diplokg/resource/person/yuri-ushakov> ;
         dip:matchedItem ?item ;
         dip:matchedLabel ?label ; dip:matchedClass ?class ; prov:generatedAtTime ?when }"""
    prefix = sparql_prefixes()
    out = run_cli("query", "--store", str(store), "--format", "json", prefix + query)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)["results"]["bindings"]
    assert len(rows) == 1
    assert rows[0]["item"]["value"] == "http://www.wikidata.org/entity/Q4095297"
    assert rows[0]["class"]["value"] == "http://www.wikidata.org/entity/Q5"

    # a rerun asks nothing: the linked entity is done, the other is answered from cache
    StandIn.seen.clear()
    again = run_cli("link", "--online", "--store", str(store), env=env(api, tmp_path))
    assert again.returncode == 0, again.stderr
    assert "1 entities checked, 0 linked, 1 left alone; 0 request(s)" in again.stdout
    assert StandIn.seen == []
    # the link survives a rebuild of the article, and the store still validates
    rebuilt = run_cli("build", str(tmp_path / "ushakov.txt"), "--store", str(store))
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert len(json.loads(run_cli("query", "--store", str(store), "--format", "json",
                                  prefix + query).stdout)["results"]["bindings"]) == 1  # fmt: skip
    checked = run_cli("validate", "--store", str(store))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "Reasoner (HermiT): consistent" in checked.stdout


def test_requests_are_spaced_and_bounded(api, tmp_path) -> None:
    settings = Settings(wikidata_api=api, wikidata_cache_dir=tmp_path / "c",
                        wikidata_min_interval_s=1.5, wikidata_timeout_s=7)  # fmt: skip
    slept: list[float] = []
    client = WikidataClient(settings, clock=lambda: 100.0, sleep=slept.append)
    try:
        assert client._http.timeout.read == 7
        client.search("Yuri Ushakov", "es", 5)
        client.search("Steve Witkoff", "es", 5)
        client.search("Yuri Ushakov", "es", 5)  # cached: no request, no wait
    finally:
        client.close()
    assert slept == [1.5]  # the second request waited the whole interval
    assert client.requests == 2
