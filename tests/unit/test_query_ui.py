"""The query UI at / (YASGUI and its fallback), saved-query tabs, and entity IRIs (303)."""

from __future__ import annotations

import json
import re
from html import unescape

import pytest
from pyoxigraph import RdfFormat, parse

from diplokg.config import Settings
from diplokg.sparql.saved_queries import parse_saved_query, with_defaults_inlined
from tests.unit.api_fixtures import RES, SAVED_QUERY, XI, make_client

BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
HOSTILE_TITLE = "</script><script>alert(1)</script>"


@pytest.fixture
def assets(tmp_path):
    """A stand-in YASGUI build folder (the real one is checked separately below)."""
    folder = tmp_path / "yasgui-build"
    folder.mkdir()
    (folder / "yasgui.min.js").write_text("/* yasgui stand-in */", encoding="utf-8")
    (folder / "yasgui.min.css").write_text(".yasgui{}", encoding="utf-8")
    return folder


@pytest.fixture
def ui_client(tmp_path, assets):
    client = make_client(tmp_path, ui_assets_dir=assets)
    hostile = SAVED_QUERY.replace("Events of a participant", HOSTILE_TITLE)
    (tmp_path / "queries" / "hostile.rq").write_text(hostile, encoding="utf-8")
    return client


def _ui_config(html: str) -> dict:
    m = re.search(r'<script type="application/json" id="diplokg-ui-config">(.*?)</script>', html)
    assert m, "the page embeds its settings"
    return json.loads(m.group(1))


# -- the query page -------------------------------------------------------------------
def test_home_is_yasgui(ui_client):
    resp = ui_client.get("/")
    assert resp.status_code == 200
    html = resp.text
    assert 'src="/static/vendor/yasgui/yasgui.min.js"' in html
    assert 'href="/static/vendor/yasgui/yasgui.min.css"' in html
    assert 'src="/static/query-ui.js"' in html
    assert '<div id="yasgui">' in html
    # every script and stylesheet comes from this server
    assert not re.search(r'<(script|link)[^>]+(src|href)="(https?:)?//', html)
    # without JavaScript, a plain form still sends the query to the endpoint
    noscript = html[html.index("<noscript>") : html.index("</noscript>")]
    assert 'action="/sparql"' in noscript and 'name="query"' in noscript


def test_home_embeds_endpoint_prefixes_and_saved_queries(ui_client):
    config = _ui_config(ui_client.get("/").text)
    assert config["endpoint"] == "/sparql"
    assert config["baseIri"] == RES
    assert config["prefixes"]["dip"] == "https://w3id.org/diplokg/ontology#"
    assert config["prefixes"]["res"] == RES
    assert "PREFIX dip: <https://w3id.org/diplokg/ontology#>" in config["defaultQuery"]
    by_name = {q["name"]: q for q in config["savedQueries"]}
    assert set(by_name) == {"events-of", "hostile"}
    events_of = by_name["events-of"]
    assert events_of["title"] == "Events of a participant"
    # the tab opens with the defaults written in, ready to run at /sparql
    assert f"VALUES (?who ?since) {{ (<{XI}> UNDEF) }}" in events_of["sparql"]


def test_home_escapes_saved_query_text(ui_client):
    html = ui_client.get("/").text
    assert HOSTILE_TITLE not in html  # cannot close the JSON <script> element
    titles = [q["title"] for q in _ui_config(html)["savedQueries"]]
    assert HOSTILE_TITLE in titles  # ...yet the title reaches the page intact


def test_broken_saved_query_keeps_the_editor(ui_client, tmp_path):
    (tmp_path / "queries" / "broken.rq").write_text("SELECT * {}", encoding="utf-8")
    resp = ui_client.get("/")
    assert resp.status_code == 200
    assert _ui_config(resp.text)["savedQueries"] == []
    assert ui_client.get("/api/queries").status_code == 500  # reported there


def test_yasgui_files_served_from_the_assets_folder(ui_client):
    resp = ui_client.get("/static/vendor/yasgui/yasgui.min.js")
    assert resp.status_code == 200
    assert resp.text == "/* yasgui stand-in */"
    assert ui_client.get("/static/vendor/yasgui/yasgui.min.css").status_code == 200
    js = ui_client.get("/static/query-ui.js")
    assert js.status_code == 200
    assert "innerHTML" not in js.text
    assert not re.search(r"https?://", js.text)  # no remote address at all


def test_missing_yasgui_falls_back_to_basic_page(tmp_path):
    client = make_client(tmp_path, ui_assets_dir=tmp_path / "not-installed")
    resp = client.get("/")
    assert resp.status_code == 200
    html = resp.text
    assert 'id="yasgui-missing"' in html and "make setup" in html
    assert 'src="/static/ui.js"' in html and "yasgui.min.js" not in html


def test_basic_page_on_request(ui_client):
    html = ui_client.get("/", params={"ui": "basic"}).text
    assert 'src="/static/ui.js"' in html and "yasgui.min.js" not in html
    assert 'href="/">Full query editor' in html
    assert ui_client.get("/", params={"ui": "other"}).status_code == 422


def test_installed_yasgui_build_needs_no_network():
    """`make setup` copies the npm build here; nothing in it loads remote assets."""
    folder = Settings().ui_assets_dir
    js = (folder / "yasgui.min.js").read_text(encoding="utf-8")
    css = (folder / "yasgui.min.css").read_text(encoding="utf-8")
    assert "class Yasgui" in js or "Yasgui" in js
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert not re.search(r"@import", css)
    for cdn in ("cdn.jsdelivr", "unpkg.com", "cdnjs", "fonts.googleapis", "fonts.gstatic"):
        assert cdn not in js and cdn not in css


# -- saved queries with their defaults written in -------------------------------------
def _q(text: str):
    return parse_saved_query("q", text)


HEADER = (
    "#+ title: t\n#+ params:\n"
    "#+   - name: who\n#+     type: iri\n#+     default: https://example.org/x\n"
    '#+   - name: day\n#+     type: date\n#+     default: "2025-01-02"\n'
    "#+   - name: text\n#+     type: string\n#+     default: 'say \"hi\" \\ bye'\n"
    "#+   - name: n\n#+     type: integer\n"
)


def test_inlined_values_block_goes_first_in_the_outer_group():
    body = (
        "SELECT ?who ?day ?text ?n ?x WHERE {\n"
        "  { SELECT ?x WHERE { ?x ?p ?o } }  # a subquery's WHERE is not the outer one\n"
        "  ?x ?who ?day, ?text, ?n .\n}\n"
    )
    text = with_defaults_inlined(_q(HEADER + body))
    where = text.index("WHERE {") + len("WHERE {")
    values = text.index("VALUES (?who ?day ?text ?n)")
    assert where < values < text.index("{ SELECT ?x")
    line = text[values:].splitlines()[0]
    assert "(<https://example.org/x>" in line
    assert '"2025-01-02"^^<http://www.w3.org/2001/XMLSchema#date>' in line
    assert r'"say \"hi\" \\ bye"' in line  # escaped by pyoxigraph, not pasted
    assert line.endswith("UNDEF) }")
    assert text.startswith(HEADER)  # the header (title, description) stays


def test_inlined_query_without_where_keyword():
    text = with_defaults_inlined(_q(HEADER + "SELECT * { ?who ?day ?text . ?n ?p ?o }"))
    assert text.index("SELECT * {") < text.index("VALUES (?who")


@pytest.mark.parametrize(
    "body",
    [
        "CONSTRUCT WHERE { ?who ?day ?text . ?n ?p ?o }",  # a template: VALUES may not go in
        "DESCRIBE ?who ?day ?text ?n",  # no group at all
    ],
)
def test_inlining_leaves_text_alone_when_there_is_no_where_group(body):
    query = _q(HEADER + body)
    assert with_defaults_inlined(query) == query.sparql


def test_inlining_without_params_is_identity():
    query = _q("#+ title: t\nSELECT * WHERE { ?s ?p ?o }")
    assert with_defaults_inlined(query) == query.sparql


def test_inlined_query_gives_what_the_api_gives(tmp_path):
    """The tab's text, run at /sparql, answers like /api/queries/{name} with defaults."""
    client = make_client(tmp_path)
    listed = client.get("/api/queries").json()
    q = next(q for q in listed if q["name"] == "events-of")
    accept = {"Accept": "application/sparql-results+json"}
    via_api = client.get("/api/queries/events-of", headers=accept).json()
    via_ui = client.post("/sparql", data={"query": q["sparql_with_defaults"]}, headers=accept)
    assert via_ui.status_code == 200

    def rows(doc):
        return sorted(json.dumps(b, sort_keys=True) for b in doc["results"]["bindings"])

    assert rows(via_ui.json()) == rows(via_api) and len(rows(via_api)) == 2
    # ...and differs from running the raw text with the parameters unbound
    raw = client.post("/sparql", data={"query": q["sparql"]}, headers=accept).json()
    assert rows(raw) != rows(via_api)


# -- entity IRIs: 303 to a page or to data -------------------------------------------
@pytest.fixture
def client(tmp_path):
    return make_client(tmp_path)


def test_resource_303_to_html_page_for_browsers(client):
    resp = client.get("/resource/person/xi-jinping", headers=BROWSER, follow_redirects=False)
    assert resp.status_code == 303
    assert resp.headers["location"] == "/page/person/xi-jinping"
    assert "accept" in resp.headers["vary"].lower()


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "ttl"),
        ("application/ld+json", "jsonld"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "rdf"),
    ],
)
def test_resource_303_to_data_for_clients(client, accept, fmt):
    resp = client.get(
        "/resource/person/xi-jinping", headers={"Accept": accept}, follow_redirects=False
    )
    assert resp.status_code == 303
    assert resp.headers["location"] == f"/data/person/xi-jinping?format={fmt}"
    target = client.get(resp.headers["location"])
    assert target.status_code == 200
    assert target.headers["content-type"].startswith(accept)


def test_resource_format_param_overrides_accept(client):
    resp = client.get(
        "/resource/country/chn?format=jsonld", headers=BROWSER, follow_redirects=False
    )
    assert resp.headers["location"] == "/data/country/chn?format=jsonld"


def test_resource_406_before_any_redirect(client):
    resp = client.get(
        "/resource/person/xi-jinping", headers={"Accept": "text/csv"}, follow_redirects=False
    )
    assert resp.status_code == 406


def test_page_and_data_name_the_thing_they_describe(client):
    page = client.get("/page/person/xi-jinping", headers=BROWSER)
    assert page.status_code == 200
    assert page.headers["link"] == f'<{XI}>; rel="describes"'
    assert 'href="/data/person/xi-jinping?format=ttl"' in page.text
    assert 'type="application/ld+json" href="/data/person/xi-jinping?format=jsonld"' in page.text
    data = client.get("/data/person/xi-jinping", headers={"Accept": "text/turtle"})
    assert data.headers["link"] == f'<{XI}>; rel="describes"'
    assert any(t.subject.value == XI for t in parse(data.content, RdfFormat.TURTLE))


def test_page_and_data_404_for_unknown_things(client):
    assert client.get("/page/person/nobody", headers=BROWSER).status_code == 404
    assert client.get("/data/person/nobody", headers={"Accept": "text/turtle"}).status_code == 404


def test_entity_page_lists_relations_with_sources_and_evidence(client):
    html = unescape(client.get("/page/country/chn", headers=BROWSER).text)
    assert "<h1>China</h1>" in html
    assert 'href="http://www.wikidata.org/entity/Q148"' in html
    assert 'href="/resource/relation/supply-gas"' in html  # the Supply relation
    assert "Rusia es el principal proveedor de gas de China." in html  # its evidence
    assert 'href="/resource/article/seed-002"' in html  # its source article
    assert "natural gas" in html  # the commodity, by label


def test_entity_page_of_an_event_shows_roles_and_participants(client):
    html = client.get("/page/relation/supply-gas", headers=BROWSER).text
    assert 'href="/resource/country/rus"' in html and 'href="/resource/country/chn"' in html
    assert "supplier" in html and "recipient" in html
