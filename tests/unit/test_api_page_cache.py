"""Pages kept per store version, and the newest-first timeline window."""

from __future__ import annotations

import asyncio
import random
import time

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from diplokg.api.data import timeline
from diplokg.api.data.timeline import TimelineFilter, load_timeline
from diplokg.api.runner import QueryRunner, VersionedCache
from diplokg.rdf.vocab import DIP, PROV, RDF, XSD
from diplokg.store.embedded import EmbeddedStore
from tests.unit.api_fixtures import RES, XI, all_graphs, make_settings

TOKEN = "cache-token"


def test_versioned_cache_keeps_one_version_and_a_bounded_number():
    cache = VersionedCache(2)
    cache.put("a", 0, 1)
    cache.put("b", 0, 2)
    assert cache.get("a", 0) == 1
    cache.put("c", 0, 3)  # "b" was used least recently
    assert cache.get("b", 0) is None and cache.get("c", 0) == 3
    assert cache.get("a", 1) is None  # a new version: nothing kept is valid
    cache.put("a", 1, 9)
    assert cache.get("a", 1) == 9 and cache.get("c", 1) is None
    cache.put("x", None, 1)  # a store that may change behind our back: never kept
    assert cache.get("x", None) is None
    off = VersionedCache(0)
    off.put("a", 0, 1)
    assert off.get("a", 0) is None


def test_entity_page_is_kept_until_a_write(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(all_graphs())
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), update_token=TOKEN)
    from fastapi.testclient import TestClient

    from diplokg.api.app import create_app

    app = create_app(settings, store)
    runner = app.state.diplokg.runner
    with TestClient(app) as client:
        path = "/page/" + XI[len(RES) :]
        first = client.get(path)
        assert first.status_code == 200
        hits = runner.cache.hits
        assert client.get(path).text == first.text
        assert runner.cache.hits == hits + 1
        marker = "marker-7f3a"
        triple = f'<{XI}> <http://example.org/note> "{marker}"'
        update = f"INSERT DATA {{ GRAPH <{RES}graph/x> {{ {triple} }} }}"
        resp = client.post("/sparql", data={"update": update},
                           headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
        assert resp.status_code == 204, resp.text
        assert marker in client.get(path).text
    store.close()


def test_a_store_that_may_change_behind_our_back_has_no_version(tmp_path):
    class Remote:  # any store that is not embedded (a remote SPARQL endpoint)
        def query(self, sparql, media_type=None, **kwargs): ...

    settings = make_settings(tmp_path)
    assert QueryRunner(Remote(), settings).version is None
    assert QueryRunner(EmbeddedStore(None), settings).version == 0


def _events(n: int, seed: int) -> dict[NamedNode, list[Quad]]:
    """``n`` events of known classes, with one or two dates (days, months, years) or
    none, in their own graph, so that many dates share a month."""
    rng = random.Random(seed)
    graph = NamedNode(RES + "graph/many")
    quads = []
    for i in range(n):
        e = NamedNode(f"{RES}event/e{i:04d}")
        kind = rng.choice(("Meeting", "VideoCall", "Visit", "Statement"))
        quads.append(Quad(e, NamedNode(RDF + "type"), NamedNode(DIP + kind), graph))
        quads.append(
            Quad(e, NamedNode(PROV + "wasDerivedFrom"), NamedNode(RES + "article/a"), graph)
        )
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            y, m, d = rng.randrange(2020, 2027), rng.randrange(1, 13), rng.randrange(1, 29)
            text = rng.choice((f"{y}-{m:02d}-{d:02d}", f"{y}-{m:02d}", f"{y}"))
            dtype = {10: "date", 7: "gYearMonth", 4: "gYear"}[len(text)]
            # now and then the same text as a plain string: two terms, one string
            typed = Literal(text, datatype=NamedNode(XSD + dtype))
            quads.append(
                Quad(e, NamedNode(DIP + "date"), rng.choice((typed,) * 5 + (Literal(text),)), graph)
            )
    return {graph: quads}


@pytest.mark.parametrize("offset", [0, 20, 100])
def test_window_gives_the_same_page_as_sorting_everything(tmp_path, monkeypatch, offset):
    store = EmbeddedStore(None)
    store.replace_graphs(_events(600, seed=offset))
    settings = make_settings(tmp_path, page_cache_size=0)

    windows: list[int] = []
    select = QueryRunner.select

    async def spy(self, sparql, **kwargs):
        rows = await select(self, sparql, **kwargs)
        if "VALUES ?date" in sparql and "LIMIT" in sparql:
            windows.append(len(rows))
        return rows

    monkeypatch.setattr(QueryRunner, "select", spy)

    def page(margin: int) -> list[tuple[str, str]]:
        monkeypatch.setattr(timeline, "WINDOW_MARGIN", margin)
        runner = QueryRunner(store, settings)
        found = asyncio.run(load_timeline(runner, TimelineFilter(), limit=20, offset=offset))
        return [(e.iri, e.date_text) for e in found.events]

    windowed = page(2)  # twice the dates the page needs (events may have two)
    assert windows == [20]  # the window held the page and was used
    everything = page(10**9)
    assert windows == [20]  # no window this time
    assert len(everything) == 20
    assert windowed == everything


def test_timeline_statistics_are_kept_without_a_page_cache_and_computed_after_writes(tmp_path):
    """The dates of the newest-first window and the unfiltered total are computed once
    per store version, with the page cache off, and again right after a write, before
    any request asks for them."""
    from fastapi.testclient import TestClient

    from diplokg.api.app import create_app

    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(_events(300, seed=3))
    settings = make_settings(
        tmp_path, store=str(tmp_path / "store"), update_token=TOKEN, page_cache_size=0
    )
    app = create_app(settings, store)
    runner = app.state.diplokg.runner
    asked: list[str] = []
    select = QueryRunner.select

    async def spy(self, sparql, **kwargs):
        if "GROUP BY ?date" in sparql:
            asked.append("dates")
        elif "COUNT(DISTINCT ?e)" in sparql:
            asked.append("total")
        return await select(self, sparql, **kwargs)

    QueryRunner.select = spy
    try:
        with TestClient(app) as client:
            first = client.get("/api/timeline").json()
            assert sorted(asked) == ["dates", "total"]
            assert client.get("/api/timeline").json() == first  # the page again, not kept
            assert client.get("/api/timeline", params={"page": 2}).status_code == 200
            assert sorted(asked) == ["dates", "total"]  # the statistics were
            event = f"{RES}event/new"
            update = (
                f"INSERT DATA {{ GRAPH <{RES}graph/new> {{ <{event}> a <{DIP}Visit> ; "
                f'<{DIP}date> "2030-01-01"^^<{XSD}date> }} }}'
            )
            resp = client.post("/sparql", data={"update": update},
                               headers={"Authorization": f"Bearer {TOKEN}"})  # fmt: skip
            assert resp.status_code == 204, resp.text
            deadline = time.monotonic() + 10
            while runner.stats.get("timeline-total", runner.version) is None:
                assert time.monotonic() < deadline, "not computed after the write"
                time.sleep(0.05)
            assert sorted(asked) == ["dates", "dates", "total", "total"]
            after = client.get("/api/timeline").json()
            assert sorted(asked) == ["dates", "dates", "total", "total"]  # none asked again
            assert after["total"] == first["total"] + 1
            assert after["events"][0]["iri"] == event
    finally:
        QueryRunner.select = select
    store.close()
