"""``/api/network`` and ``/network``: an actor's neighbourhood, edges weighted by the
number of source articles."""

from __future__ import annotations

import pytest

from tests.unit.api_fixtures import CALL, EVIL, PUTIN, XI, make_client


@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


def test_neighbourhood_of_an_actor_by_name(client):
    data = client.get("/api/network", params={"actor": "xi jinping"}).json()
    assert data["actor"] == XI
    nodes = {n["data"]["id"]: n["data"] for n in data["nodes"]}
    assert set(nodes) == {XI, PUTIN, EVIL}
    assert nodes[PUTIN]["label"] == "Vladimir Putin" and nodes[PUTIN]["kind"] == "Person"
    assert nodes[PUTIN]["page"] == "/resource/person/vladimir-putin"
    edges = {e["data"]["target"]: e["data"] for e in data["edges"]}
    # the 2026 call (two articles) and the 2025 call (the first again): two sources
    assert edges[PUTIN]["weight"] == 2 and edges[PUTIN]["facts"] == 2
    assert edges[PUTIN]["types"] == {"VideoCall": 1, "PhoneCall": 1}
    assert edges[EVIL]["weight"] == 2 and edges[EVIL]["facts"] == 1
    assert all(e["data"]["source"] == XI for e in data["edges"])
    assert CALL not in nodes  # events are edges, not nodes


def test_strongest_first_and_limit(client):
    data = client.get("/api/network", params={"actor": PUTIN, "limit": 1}).json()
    assert [e["data"]["target"] for e in data["edges"]] == [XI]


def test_unknown_actor_is_400(client):
    assert client.get("/api/network", params={"actor": "nobody at all"}).status_code == 400


def test_network_page_and_entity_links(client):
    html = client.get("/network", params={"actor": "Putin"}).text
    assert f'data-actor="{PUTIN}"' in html
    assert 'src="/static/vendor/cytoscape/cytoscape.min.js"' in html
    assert 'src="/static/network.js"' in html
    page = client.get("/resource/person/xi-jinping", headers={"Accept": "text/html"}).text
    assert "/network?actor=https%3A//w3id.org/diplokg/resource/person/xi-jinping" in page
