"""``/api/timeline``: the paged JSON API of the timeline (actors by IRI or name, period,
event type, outlet, language), its facets, and the page that uses it."""

from __future__ import annotations

import pytest

from diplokg.api.data.timeline import period_bound
from tests.unit.api_fixtures import (
    CALL,
    CHN,
    EVIDENCE_1,
    EVIL,
    OLD_CALL,
    PUTIN,
    RES,
    XI,
    XSS,
    make_client,
)


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


def _get(client, *params: tuple[str, str]) -> dict:
    resp = client.get("/api/timeline", params=list(params))
    assert resp.status_code == 200, resp.text
    return resp.json()


def _iris(data: dict) -> list[str]:
    return [e["iri"] for e in data["events"]]


def test_events_newest_first_with_everything_a_reader_needs(client):
    data = _get(client)
    assert _iris(data) == [CALL, OLD_CALL]  # relations are not events
    assert (data["page"], data["total"], data["pages"]) == (1, 2, 1)
    call = data["events"][0]
    assert call["types"] == ["VideoCall"]
    assert call["date"] == {"value": "2026-02-04", "precision": "day"}
    assert data["events"][1]["date"] == {"value": "2025-01", "precision": "month"}
    assert call["status"] == ["Happened"]
    assert call["page"] == "/resource/event/call-2026"
    assert {p["iri"] for p in call["participants"]} == {XI, PUTIN, EVIL}
    assert {p["label"] for p in call["participants"]} >= {"Xi Jinping", "Vladimir Putin", XSS}
    assert call["source_count"] == 2
    first = next(s for s in call["sources"] if s["iri"].endswith("seed-001"))
    assert first["evidence"] == [{"text": EVIDENCE_1, "lang": "es"}]
    assert first["language"] == "es" and first["published"] == "2026-02-04"
    assert first["url"] == "https://example.org/news/seed-001"


def test_order_and_paging(client):
    assert _iris(_get(client, ("order", "asc"))) == [OLD_CALL, CALL]
    page2 = _get(client, ("size", "1"), ("page", "2"))
    assert _iris(page2) == [OLD_CALL] and page2["pages"] == 2 and page2["total"] == 2
    assert _iris(_get(client, ("size", "1"), ("page", "3"))) == []
    assert client.get("/api/timeline", params={"size": 100_000}).status_code == 400
    assert client.get("/api/timeline", params={"page": 0}).status_code == 422


def test_actors_by_iri_or_name_all_must_take_part(client):
    assert _iris(_get(client, ("actor", EVIL))) == [CALL]
    assert _iris(_get(client, ("actor", "putin"), ("actor", "Xi Jinping"))) == [CALL, OLD_CALL]
    both = _get(client, ("actor", "vladímir putin"), ("actor", EVIL))
    assert _iris(both) == [CALL]
    assert [a["label"] for a in both["filters"]["actors"]] == ["Vladimir Putin", XSS]
    assert _iris(_get(client, ("actor", CHN))) == []
    unknown = client.get("/api/timeline", params={"actor": "Vlad"})
    assert unknown.status_code == 400 and "Vladimir Putin" in unknown.json()["detail"]


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("2026", None, [CALL]),
        (None, "2025-12", [OLD_CALL]),
        ("2025-01-15", "2025-01-20", [OLD_CALL]),  # a month overlapping the period
        ("2025-02", "2026-02-03", []),
        ("2024", "2026", [CALL, OLD_CALL]),
    ],
)
def test_period(client, start, end, expected):
    params = [(k, v) for k, v in (("from", start), ("to", end)) if v]
    assert _iris(_get(client, *params)) == expected


def test_type_outlet_and_language_filters(client):
    assert _iris(_get(client, ("type", "PhoneCall"))) == [OLD_CALL]
    assert _iris(_get(client, ("type", "Call"))) == [CALL, OLD_CALL]  # subclasses too
    assert _iris(_get(client, ("type", "Visit"))) == []
    assert _iris(_get(client, ("lang", "es"))) == [CALL, OLD_CALL]
    assert _iris(_get(client, ("lang", "en"))) == []
    # the fixture's articles have no publisher: no outlet matches
    assert _iris(_get(client, ("outlet", "Gestión"))) == []
    assert _iris(_get(client, ("outlet", RES + "publisher/gestion"))) == []


@pytest.mark.parametrize(
    "params",
    [{"type": "Party"}, {"from": "May 2025"}, {"to": "2025-13"}, {"lang": "Spanish!"},
     {"actor": "http://exa mple/x"}],
)  # fmt: skip
def test_bad_filters_are_400(client, params):
    resp = client.get("/api/timeline", params=params)
    assert resp.status_code == 400, resp.text


def test_period_bounds():
    assert period_bound("2024", end=False) == "2024-01-01"
    assert period_bound("2024", end=True) == "2024-12-31"
    assert period_bound("2024-02", end=True) == "2024-02-29"
    assert period_bound("2024-12", end=True) == "2024-12-31"
    assert period_bound("2024-05-17", end=True) == "2024-05-17"
    with pytest.raises(ValueError):
        period_bound("2024-02-30", end=False)


def test_facets(client):
    facets = client.get("/api/timeline/facets").json()
    assert "Visit" in facets["types"] and facets["languages"] == ["es"]
    assert facets["outlets"] == []


def test_timeline_page_uses_the_api_and_local_assets(client):
    html = client.get("/timeline", params=[("actor", "Putin"), ("from", "2026")]).text
    assert 'src="/static/vendor/vis-timeline/vis-timeline-graph2d.min.js"' in html
    assert 'src="/static/timeline.js"' in html
    assert 'data-api="/api/timeline?actor=Putin&amp;from=2026&amp;page=1&amp;size=50"' in html
    assert 'value="' + PUTIN + '"' in html  # the actor picked, as a chip
    assert "call-2026" in html and "call-2025" not in html
    assert client.get("/static/timeline.js").status_code == 200
