"""``/api/search`` and ``/search``: entities by any label or alias, case and accents
ignored, and the search box on every page."""

from __future__ import annotations

import pytest

from diplokg.api.data.search import Named, NameIndex
from tests.unit.api_fixtures import CHN, PUTIN, RUS, XI, XSS, make_client


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


def _iris(client, q: str, **params) -> list[str]:
    resp = client.get("/api/search", params={"q": q, **params})
    assert resp.status_code == 200
    return [hit["iri"] for hit in resp.json()["results"]]


def test_search_by_label_any_case(client):
    assert _iris(client, "xi jinping")[0] == XI
    assert _iris(client, "CHINA")[0] == CHN


def test_search_by_gazetteer_alias_in_spanish_with_or_without_accents(client):
    # the store only holds "Russia"@en: "Rusia" is the gazetteer's Spanish name
    assert _iris(client, "rusia") == [RUS]
    assert _iris(client, "Putin")[0] == PUTIN  # an alias: the surname alone
    assert _iris(client, "vladímir")[0] == PUTIN  # an accent the label does not have


def test_search_result_shape_and_prefix(client):
    hit = client.get("/api/search", params={"q": "vlad"}).json()["results"][0]
    assert hit == {
        "iri": PUTIN,
        "label": "Vladimir Putin",
        "type": "Person",
        "matched": "Vladimir Putin",
        "page": "/resource/person/vladimir-putin",
    }


def test_search_filters_by_type_and_limits(client):
    countries = _iris(client, "i", type="Country", limit=100)
    assert CHN in countries and set(countries) <= {CHN, RUS}
    assert len(_iris(client, "i", limit=1)) == 1
    assert _iris(client, "nobody at all") == []
    assert client.get("/api/search", params={"q": ""}).status_code == 422


def test_ranking_exact_then_prefix_then_word_then_inside():
    def named(iri: str, label: str) -> Named:
        ent = Named(iri, "Person", label)
        ent.add(label, "en")
        return ent

    index = NameIndex(
        [named("a", "Sergei Lavrov"), named("b", "Lavrovia"), named("c", "Lavrov"),
         named("d", "Xlavrov")]
    )  # fmt: skip
    assert [h.iri for h in index.search("lavrov")] == ["c", "b", "a", "d"]
    assert index.resolve("LAVROV") == "c"
    assert index.resolve("lav") is None


def test_search_page_lists_hits_and_opens_a_single_exact_one(client):
    resp = client.get("/search", params={"q": "Xi Jinping"}, follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"] == "/resource/person/xi-jinping"
    html = client.get("/search", params={"q": "script"}).text
    assert XSS not in html and "&lt;script&gt;" in html  # labels are escaped
    assert "No entity" in client.get("/search", params={"q": "qqqq"}).text


@pytest.mark.parametrize("path", ["/timeline", "/ontology", "/resource/person/xi-jinping", "/"])
def test_every_page_has_the_search_box(client, path):
    html = client.get(path, headers={"Accept": "text/html"}).text
    assert 'id="site-search"' in html and 'action="/search"' in html
    assert 'src="/static/suggest.js"' in html
    assert client.get("/static/suggest.js").status_code == 200
