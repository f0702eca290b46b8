"""Entity pages are paged: the newest events first, the references a page at a time."""

from __future__ import annotations

import asyncio
import re
from html import unescape

import pytest

from diplokg.api.data import entity, timeline
from diplokg.api.data.entity import load_entity, newest_first
from diplokg.api.runner import QueryRunner
from diplokg.store.embedded import EmbeddedStore
from tests.unit.api_fixtures import make_client, make_settings
from tests.unit.paging_fixtures import (
    ALL_HOLDINGS,
    GRAPH,
    HOLDINGS,
    NEWEST_FIRST,
    PERSON,
    event_iri,
    events_in,
    holdings_in,
    paging_quads,
)
from tests.unit.paging_fixtures import PAGE_PATH as PATH

ALL = [event_iri(k) for k in NEWEST_FIRST]


def _store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    store.replace_graphs({GRAPH: paging_quads()})
    return store


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path, _store(), entity_page_size=4, page_cache_size=0)


def test_newest_first_orders_by_date_then_iri_undated_last():
    dated = {"e:b": "2026-03", "e:a": "2026-03", "e:c": None, "e:d": "2026-03-01", "e:0": None}
    assert newest_first(dated) == ["e:d", "e:a", "e:b", "e:0", "e:c"]


def test_first_page_shows_the_newest_events_and_the_total(client):
    html = unescape(client.get(PATH).text)
    assert events_in(html) == ALL[:4]
    assert "Events and relations (9)" in html
    assert "1–4 of 9, newest first (page 1 of 3)" in html
    assert f'href="{PATH}?page=2#events">older »' in html
    assert "« newer" not in html


def test_the_pages_add_up_to_every_event_in_order(client):
    seen: list[str] = []
    for page in (1, 2, 3):
        html = unescape(client.get(PATH, params={"page": page}).text)
        seen += events_in(html)
        assert ("older »" in html) == (page < 3)
        assert ("« newer" in html) == (page > 1)
    assert seen == ALL
    # each event keeps the person's own role in it
    assert 'as <a href="/ontology#host"' in client.get(PATH).text


def test_a_page_past_the_end_is_empty_with_a_way_back(client):
    resp = client.get(PATH, params={"page": 9})
    assert resp.status_code == 200
    html = unescape(resp.text)
    assert "No events on page 9: there are 3 pages." in html
    assert f'href="{PATH}?page=3#events">« newer' in html
    assert client.get(PATH, params={"page": 0}).status_code in (400, 422)


def test_references_are_paged_and_add_up(client):
    first = unescape(client.get(PATH).text)
    assert len(holdings_in(first)) == 4 and "Referenced by (page 1)" in first
    assert f'href="{PATH}?refs=2#refs">next »' in first
    second = unescape(client.get(PATH, params={"refs": 2, "page": 2}).text)
    assert len(holdings_in(second)) == HOLDINGS - 4 and "next »" not in second
    assert sorted(holdings_in(first) + holdings_in(second)) == ALL_HOLDINGS
    # each pager keeps the other list's page
    assert f'href="{PATH}?refs=1&page=2#refs">« previous' in second
    assert f'href="{PATH}?page=1&refs=2#events">« newer' in second
    assert events_in(second) == ALL[4:8]


def test_roles_are_not_listed_as_references(client):
    html = unescape(client.get(PATH).text)
    refs = html[html.index('<h2 id="refs">') :]
    assert "event/many-" not in refs


def test_a_store_without_statistics_gets_the_dates_with_the_events(tmp_path, monkeypatch):
    """A remote store has no version: the page asks the events' dates in its query."""
    store = _store()
    runner = QueryRunner(store, make_settings(tmp_path))
    monkeypatch.setattr(QueryRunner, "version", property(lambda self: None))

    async def no_statistics(_runner):
        raise AssertionError("the event dates statistic is not used without a version")

    monkeypatch.setattr(entity, "event_dates", no_statistics)
    pages = [asyncio.run(load_entity(runner, PERSON, page=p, size=4)) for p in (1, 2, 3)]
    assert [e.iri for page in pages for e, _ in page.events] == ALL
    assert pages[0].events_total == 9 and pages[0].events[0][1] == [
        "https://w3id.org/diplokg/ontology#host"
    ]


def test_unknown_entity_is_still_404_on_any_page(client):
    assert client.get("/page/person/nobody", params={"page": 2}).status_code == 404
    assert client.get("/page/person/nobody").status_code == 404


def test_page_heading_counts_events_without_paging_when_they_fit(tmp_path):
    c = make_client(tmp_path, _store(), entity_page_size=50, page_cache_size=0)
    html = unescape(c.get(PATH).text)
    assert events_in(html) == ALL and "Events and relations (9)" in html
    assert not re.search(r"older »|« newer|page 1 of", html)


def test_an_entity_in_many_events_is_paged_from_the_newest_window(tmp_path, monkeypatch):
    """Past ``LISTED`` events, a page comes from the events in a window of the newest
    dates (exactly the head of the order), else from the list of all of them."""
    monkeypatch.setattr(entity, "LISTED", 8)  # the person takes part in 9
    monkeypatch.setattr(timeline, "WINDOW_MARGIN", 1)
    windowed = []
    newest = entity._newest

    async def spy(*args):
        found = await newest(*args)
        windowed.append(found is not None)
        return found

    monkeypatch.setattr(entity, "_newest", spy)
    c = make_client(tmp_path, _store(), entity_page_size=2, page_cache_size=0)
    seen = []
    for page in range(1, 6):
        html = unescape(c.get(PATH, params={"page": page}).text)
        seen += events_in(html)
        assert "Events and relations (9)" in html
    assert seen == ALL
    # pages 1-2 from the window; for page 3 the window of 6 dates holds 5 events (one
    # has two dates), short of the 6 needed; pages 4-5 need undated ones: the whole list
    assert windowed == [True, True, False, False, False]
