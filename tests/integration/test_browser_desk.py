"""The analyst's desk in a real browser (Debian's Chromium driven by Playwright): the
search box, and the timeline with actors picked by name and an event's evidence.

A real ``diplokg serve`` on 127.0.0.1 serves a store built from ``examples/``; every
request to another host is blocked and recorded. The screenshots go to
``docs/screenshots/`` for the README.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, live_server, run_cli
from tests.integration.test_browser_ui import CHROMIUM, local_browser_context

pytestmark = [pytest.mark.slow, pytest.mark.server]
SHOTS = REPO / "docs" / "screenshots"


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("desk") / "store"
    res = run_cli("build", str(REPO / "examples"), "--store", str(store))
    assert res.returncode == 0, res.stderr
    with live_server(store) as base:
        yield base


@pytest.fixture(scope="module")
def browser_context(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="the test extra installs it")
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is missing: `make browser` installs it")
    outside: list[str] = []
    errors: list[str] = []
    with local_browser_context(sync_api, outside) as context:
        context.on("weberror", lambda err: errors.append(str(err.error)))
        yield context
    assert outside == [], "a page asked for something other than this server"
    assert errors == []


def _shot(page, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def _pick(page, selector: str, typed: str, label: str) -> None:
    """Type into a box with suggestions and pick the one called ``label``."""
    box = page.locator(selector)
    box.click()
    box.press_sequentially(typed, delay=40)
    option = page.locator("ul.suggest li", has_text=label).first
    option.wait_for()
    option.click()


def test_search_box_opens_an_entity_page(server, browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/timeline")
    _pick(page, "#site-search", "pekin", "Beijing")  # accents and case ignored
    page.wait_for_url("**/page/place/beijing")
    assert page.locator("h1").inner_text() == "Beijing"
    _shot(page, "entity")


def test_timeline_two_actors_by_name_and_evidence(server, browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/timeline")
    _pick(page, "#actor-input", "puti", "Vladimir Putin")
    _pick(page, "#actor-input", "modi", "Narendra Modi")
    chips = page.locator("#actor-chips .chip")
    assert chips.count() == 2
    page.locator("#timeline-filters button[type=submit]").click()
    page.wait_for_url("**/timeline?**")
    assert "Vladimir Putin" in page.locator("h1").inner_text()
    # an event is drawn as a box (a day) or a bar (a month or a year)
    items = page.locator("#timeline-chart .vis-item.vis-box, #timeline-chart .vis-item.vis-range")
    items.first.wait_for()
    assert items.count() >= 1
    # every event drawn is one the API gives for both actors
    api = page.evaluate(
        "fetch(document.getElementById('timeline-chart').dataset.api).then(r => r.json())"
    )
    assert api["total"] >= 1
    assert all(
        {"Vladimir Putin", "Narendra Modi"} <= {p["label"] for p in e["participants"]}
        for e in api["events"]
    )
    _shot(page, "timeline")
    items.first.click()
    detail = page.locator("#event-detail")
    detail.wait_for(state="visible")
    assert detail.locator("blockquote.evidence").count() >= 1
    text = detail.inner_text()
    assert "Participants" in text and "Sources" in text and "Date" in text
    _shot(page, "timeline-evidence")


def test_network_expands_on_click(server, browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/network")
    _pick(page, "#network-actor", "putin", "Vladimir Putin")
    page.wait_for_url("**/network?actor=**")
    page.wait_for_selector("#network.ready")
    before = page.evaluate("document.getElementById('network').cy.nodes().length")
    assert before >= 2
    # click a neighbour that has not been expanded yet, where it is drawn
    target = page.evaluate(
        """(() => { const cy = document.getElementById('network').cy;
        const n = cy.nodes().filter(n => !n.hasClass('expanded'))
                   .sort((a, b) => b.degree() - a.degree())[0];
        const p = n.renderedPosition(); return {id: n.id(), x: p.x, y: p.y}; })()"""
    )
    box = page.locator("#network").bounding_box()
    page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
    page.wait_for_function(
        "id => document.getElementById('network').cy.getElementById(id).hasClass('expanded')",
        arg=target["id"],
    )
    assert page.locator("#network-info").is_visible()
    after = page.evaluate("document.getElementById('network').cy.nodes().length")
    assert after >= before
    _shot(page, "network")


def test_source_view_shows_a_fact_linked_to_its_event(server, browser_context):
    """From an event's evidence on the timeline to the article's source view, where a
    highlighted fact links to the event's page."""
    page = browser_context.new_page()
    page.set_default_timeout(20_000)
    page.goto(server + "/timeline")
    _pick(page, "#actor-input", "modi", "Narendra Modi")
    page.locator("#timeline-filters button[type=submit]").click()
    page.wait_for_url("**/timeline?**")
    items = page.locator("#timeline-chart .vis-item.vis-box, #timeline-chart .vis-item.vis-range")
    items.first.wait_for()
    items.first.click()
    view = page.locator("#event-detail a.source-view").first
    view.wait_for()
    view.click()
    page.wait_for_url("**/article/**")
    fact = page.locator("article.source mark.fact").first
    fact.wait_for()
    assert fact.is_visible()
    mentions = page.locator("article.source mark.mention")
    assert mentions.count() >= 2
    # the fact is drawn highlighted: a background colour of its own
    colour = fact.evaluate("m => getComputedStyle(m).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    # the page chrome the reader dropped is shown apart, greyed out
    chrome = page.locator("section.chrome p.chrome")
    assert "Read more" in chrome.first.inner_text()
    grey = chrome.first.evaluate("p => getComputedStyle(p).color")
    assert grey != page.locator("article.source p.body").first.evaluate(
        "p => getComputedStyle(p).color"
    )
    _shot(page, "source-view")
    tag = fact.locator("> a.tag")
    target = tag.get_attribute("data-target")
    assert target and "/event/" in target
    tag.click()
    page.wait_for_url("**/page/event/**")
    assert target in page.locator("p.iri code").inner_text()
