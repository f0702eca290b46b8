"""Which queries the endpoint may evaluate in its own process (cannot run long)."""

from __future__ import annotations

import pytest

from diplokg.sparql.policy import inspect_operation, is_bounded_lookup

BOUNDED = [
    "SELECT ?p ?o WHERE { <http://x/s> ?p ?o }",
    "PREFIX r: <http://x/> SELECT * { r:s a ?t . } LIMIT 5",
    'SELECT ?p WHERE { <http://x/s> ?p "x"@en }',
    "SELECT ?o WHERE { <http://x/s> <http://x/p> ?o }\nLIMIT 10000\n",
    "BASE <http://x/> SELECT $p $o WHERE { <s> $p $o }",
]
UNBOUNDED = [
    "SELECT ?p ?o WHERE { <http://x/s> ?p ?p }",  # a repeated variable filters
    "SELECT DISTINCT ?p WHERE { <http://x/s> ?p ?o }",
    "SELECT ?p WHERE { ?s ?p ?o }",  # no constant subject
    "SELECT ?p WHERE { <http://x/s> ?p ?o } ORDER BY ?p",
    "SELECT ?p WHERE { <http://x/s> ?p ?o } LIMIT 5 OFFSET 9",
    "SELECT ?p WHERE { <http://x/s> <http://x/a>/<http://x/b> ?o }",
    "SELECT ?p WHERE { <http://x/s> <http://x/a>* ?o }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o . ?o ?q ?r }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o FILTER(REGEX(?o, 'a')) }",
    "SELECT ?p FROM <http://x/g> WHERE { <http://x/s> ?p ?o }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o } VALUES ?p { <http://x/a> }",
    "SELECT (COUNT(*) AS ?n) WHERE { <http://x/s> ?p ?o }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o SERVICE <http://evil/> { ?a ?b ?c } }",
    "SELECT ?p WHERE { GRAPH ?g { <http://x/s> ?p ?o } }",
    "SELECT ?p WHERE { { SELECT * WHERE { ?a ?b ?c } } }",
    "ASK { <http://x/s> ?p ?o }",
    "CONSTRUCT WHERE { <http://x/s> ?p ?o }",
    "INSERT DATA { <http://x/s> <http://x/p> 1 }",
    "SELECT ?p WHERE { <http://x/s> ?p ?o }}",
]


@pytest.mark.parametrize("text", BOUNDED)
def test_bounded(text):
    assert is_bounded_lookup(inspect_operation(text))


@pytest.mark.parametrize("text", UNBOUNDED)
def test_not_bounded(text):
    assert not is_bounded_lookup(inspect_operation(text))


# -- the shortcut through the application (diplokg.api.lookups) -----------------------
def test_shortcut_answers_as_the_route_does(tmp_path):
    from fastapi.testclient import TestClient

    from diplokg.api.app import create_app
    from diplokg.api.lookups import LookupShortcut
    from diplokg.store.embedded import EmbeddedStore
    from tests.unit.api_fixtures import XI, all_graphs, make_settings

    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(all_graphs())
    settings = make_settings(tmp_path, store=str(tmp_path / "store"), max_rows=3)
    calls: list[str] = []
    answer = LookupShortcut._answer

    async def spy(self, scope):
        response = await answer(self, scope)
        calls.append("shortcut" if response is not None else "route")
        return response

    lookup = f"SELECT ?p ?o WHERE {{ <{XI}> ?p ?o }}"
    with TestClient(create_app(settings, store)) as client:
        LookupShortcut._answer = spy
        try:
            short = client.get("/sparql", params={"query": lookup})
            # format= is not handled by the shortcut: the route answers
            routed = client.get("/sparql", params={"query": lookup, "format": "json"})
            csv = client.get("/sparql", params={"query": lookup}, headers={"Accept": "text/csv"})
            bad = client.get("/sparql", params={"query": f"SELECT ?p WHERE {{ <{XI}> ?p }}"})
            other = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        finally:
            LookupShortcut._answer = answer
    store.close()
    assert calls == ["shortcut", "route", "shortcut", "route", "route"]
    assert short.status_code == routed.status_code == 200
    assert short.content == routed.content
    for name in ("content-type", "x-diplokg-row-limit", "vary", "content-security-policy",
                 "x-content-type-options"):  # fmt: skip
        assert short.headers[name] == routed.headers[name], name
    assert len(short.json()["results"]["bindings"]) == 3  # the row cap
    assert csv.headers["content-type"].startswith("text/csv")
    assert bad.status_code == 400  # a syntax error, reported by the route
    assert other.status_code == 200
