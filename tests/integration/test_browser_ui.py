"""The query UI in a real browser: Debian's Chromium driven by Playwright.

A real ``diplokg serve`` on 127.0.0.1 serves a store built from the shipped
``examples/``. The browser opens ``/``, picks a saved-query tab, runs it, sees the rows,
follows an entity link to its page, with every request to anything but this server
blocked and recorded (so the UI is proven to work offline: no CDN).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

from diplokg.sparql.saved_queries import load_saved_queries, with_defaults_inlined
from diplokg.store.embedded import EmbeddedStore
from tests.conftest import REPO, live_server, run_cli

pytestmark = [pytest.mark.slow, pytest.mark.server]

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SAVED = "contacts-of-leader"  # a shipped saved query with parameters and entity columns
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def local_only(outside: list[str]):
    """A Playwright route handler that lets requests to this machine through and
    aborts every other one, recording its URL in ``outside``."""

    def route_request(route) -> None:
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    return route_request


@contextmanager
def local_browser_context(sync_api, outside: list[str]) -> Iterator:
    """A 1400×1000 context of Debian's Chromium in which every request to another host
    is aborted and recorded in ``outside``."""
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            context.route("**/*", local_only(outside))
            yield context
        finally:
            browser.close()


RESULTS_JSON = {"Accept": "application/sparql-results+json"}
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory) -> Path:
    store = tmp_path_factory.mktemp("ui") / "store"
    res = run_cli("build", str(REPO / "examples"), "--store", str(store))
    assert res.returncode == 0, res.stderr
    return store


@pytest.fixture(scope="module")
def server(store_dir) -> Iterator[str]:
    with live_server(store_dir) as base:
        yield base


def test_saved_query_tabs_answer_like_the_api(store_dir):
    """Every shipped saved query, opened as a tab (defaults written in), gives the rows
    that the saved-query API gives with its defaults (pyoxigraph substitutions)."""
    from diplokg.config import Settings
    from diplokg.sparql.saved_queries import bind_params

    store = EmbeddedStore(store_dir, read_only=True)
    try:
        queries = load_saved_queries(Settings().queries_dir)
        assert len(queries) >= 10
        answered = 0
        for name, q in queries.items():
            api = store.solutions(q.sparql, substitutions=bind_params(q, {}) or None)
            tab = store.solutions(with_defaults_inlined(q))

            def rows(found: list[dict]) -> list[str]:
                return sorted(json.dumps({k: str(v) for k, v in r.items()}) for r in found)

            assert rows(tab) == rows(api), name
            answered += bool(api)
        assert answered >= 3  # the comparison is not vacuous on this graph
    finally:
        store.close()


def test_browser_runs_saved_query_and_follows_entity_link(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra installs it")
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make browser` installs it")
    title = next(
        q["title"] for q in httpx.get(server + "/api/queries").json() if q["name"] == SAVED
    )
    expected = httpx.get(f"{server}/api/queries/{SAVED}", headers=RESULTS_JSON).json()
    expected_rows = len(expected["results"]["bindings"])
    assert expected_rows > 0, "the examples graph answers this saved query"

    outside: list[str] = []
    errors: list[str] = []

    started = time.monotonic()
    with local_browser_context(sync_api, outside) as context:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.set_default_timeout(20_000)

        # the guard sees requests to other hosts (so an empty list below means none);
        # checked on a blank page: ours have a CSP that stops them in the browser
        page.evaluate("fetch('https://cdn.example.invalid/x.js').catch(() => null)")
        assert outside == ["https://cdn.example.invalid/x.js"]
        outside.clear()
        page.goto(server + "/")
        page.evaluate("fetch('https://cdn.example.invalid/y.js').catch(() => null)")
        assert outside == [], "the page's Content-Security-Policy keeps fetches local"
        page.wait_for_selector(".yasgui .tabsList")
        tab = page.locator(".tabsList .tab a", has_text=title)
        assert tab.count() == 1, "each saved query is a ready tab"
        tab.click()
        panel = page.locator(".tabPanel.active")
        # the editor's whole text: CodeMirror renders only the lines in view
        query = panel.locator(".CodeMirror").evaluate("el => el.CodeMirror.getValue()")
        assert "VALUES (?person ?from ?to)" in query

        panel.locator(".yasqe_queryButton").click()
        rows = panel.locator(".yasr table.dataTable tbody tr")
        rows.first.wait_for()
        assert rows.count() == expected_rows
        # the README's picture of the query UI: a saved query run in its tab
        shots = REPO / "docs" / "screenshots"
        shots.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(shots / "query-ui.png"), full_page=False)

        link = panel.locator(".yasr a.iri.local[href^='/resource/person/']").first
        iri = link.get_attribute("title")
        assert link.get_attribute("href") == "/resource/" + iri.rsplit("/resource/", 1)[1]
        # YASR cuts long cells; the first click on one shows it whole, as for a person
        cut = link.locator("xpath=ancestor::div[contains(@class, 'expandable')][1]")
        if cut.count() and "expanded" not in (cut.get_attribute("class") or ""):
            cut.click()
        with context.expect_page() as opened:
            link.click()
        entity = opened.value
        entity.wait_for_load_state()
        assert urlsplit(entity.url).path == urlsplit(link.get_attribute("href")).path.replace(
            "/resource/", "/page/", 1
        )  # 303 from the IRI to its page
        heading = entity.locator("h1").inner_text()
        labels = httpx.post(
            server + "/sparql",
            data={"query": f"SELECT ?l WHERE {{ <{iri}> <{RDFS_LABEL}> ?l }}"},
            headers=RESULTS_JSON,
        ).json()["results"]["bindings"]
        assert heading in {b["l"]["value"] for b in labels}
        assert entity.locator(f"code:text-is('{iri}')").count() == 1
    assert outside == [], "the UI asked for something other than this server"
    assert errors == []
    assert time.monotonic() - started < 60
