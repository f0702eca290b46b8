"""The routers are built over an AppState: none reads ``request.app.state``."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from diplokg.api.app import create_app
from diplokg.api.errors import install_error_handlers
from diplokg.api.routes import sparql
from diplokg.api.state import AppState
from diplokg.rdf.vocab import DIP
from diplokg.store.embedded import EmbeddedStore
from tests.unit.api_fixtures import CALL, XI, all_graphs, build_store, make_settings

JSON = {"Accept": "application/sparql-results+json"}


def test_sparql_router_mounts_in_another_app(tmp_path):
    """A plain FastAPI app, with no ``app.state.diplokg``, serves /sparql over its store."""
    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(all_graphs())
    state = AppState.build(make_settings(tmp_path, store=str(tmp_path / "store")), store)
    assert state.runner.pool is not None  # an on-disk store: queries in worker processes
    app = FastAPI()
    app.include_router(sparql.make_router(state), prefix="/kg")
    install_error_handlers(app)
    assert not hasattr(app.state, "diplokg")
    try:
        with TestClient(app) as client:
            query = f"SELECT ?who WHERE {{ <{CALL}> <{DIP}participant> ?who }}"
            resp = client.get("/kg/sparql", params={"query": query}, headers=JSON)
            assert resp.status_code == 200, resp.text
            who = {b["who"]["value"] for b in resp.json()["results"]["bindings"]}
            assert XI in who and len(who) == 3
            # the service description counts the store's graphs
            described = client.get("/kg/sparql", params={"format": "nt"})
            assert described.status_code == 200
            assert "http://rdfs.org/ns/void#triples" in described.text
            # errors as the protocol's answers, through the handlers installed on the app
            bad = client.get("/kg/sparql", params={"query": "SELEC"})
            assert bad.status_code == 400 and bad.text.startswith("SPARQL syntax error")
            update = client.post("/kg/sparql", data={"update": "CLEAR ALL"})
            assert update.status_code == 403
    finally:
        state.runner.close()
        store.close()


def test_no_route_of_the_app_reads_app_state(tmp_path):
    """Every router of create_app still answers once ``app.state.diplokg`` is gone."""
    app = create_app(make_settings(tmp_path), build_store())
    del app.state.diplokg
    client = TestClient(app)
    html = {"Accept": "text/html"}
    for path, headers in [
        ("/sparql?query=ASK%7B%7D", JSON),
        ("/sparql?format=ttl", {}),
        ("/store?default", {}),
        ("/health", {}),
        ("/api/queries", {}),
        ("/api/queries/events-of", JSON),
        ("/page/person/xi-jinping", html),
        ("/data/person/xi-jinping", {}),
        ("/ontology", html),
        ("/timeline", html),
        ("/", html),
    ]:
        resp = client.get(path, headers=headers)
        assert resp.status_code == 200, (path, resp.text)
    # the error handlers render the HTML error page from the templates they were given
    missing = client.get("/page/person/nobody", headers=html)
    assert missing.status_code == 404 and "<html" in missing.text.lower()
