"""Which queries the endpoint may evaluate in its own process (cannot run long)."""

from __future__ import annotations

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from diplokg.sparql.operation_text import with_base
from diplokg.sparql.policy import (
    PLAIN_LOOKUP_DEPTH,
    PLAIN_LOOKUP_NESTING,
    cap_rows,
    check_operation,
    inspect_operation,
    is_bounded_lookup,
    plain_lookup,
)
from diplokg.sparql.structure import measure

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


# -- plain lookups, recognised without tokenizing ---------------------------------------
PLAIN = [
    "SELECT ?p ?o WHERE { <http://x/s> ?p ?o }",
    "select * {<http://x/s> a ?t .} limit 20",
    "SELECT ?o WHERE { <http://x/s> <http://x/p> ?o }\nLIMIT 10000\n",
    "\tSELECT $p $o\r\nWHERE{ <urn:x:s>\t$p  $o . }",
    "SELECT ?p WHERE { <https://w3id.org/x#s> ?p <http://x/o> } LIMIT 0",
    "SELECT ?pWHERE{ <http://x/s> ?p ?o }",  # one variable, ?pWHERE, as the parser reads it
]
NOT_PLAIN = [
    "PREFIX r: <http://x/> SELECT * { r:s a ?t . } LIMIT 5",  # a prologue
    'SELECT ?p WHERE { <http://x/s> ?p "x"@en }',  # a literal
    "BASE <http://x/> SELECT $p $o WHERE { <s> $p $o }",
    "SELECT ?p ?o WHERE { <s> ?p ?o }",  # relative
    "SELECT ?p ?o WHERE { <http://x/s> ?p $p }",  # the same variable twice
    "SELECT ?p WHERE { <http://x/s> A ?o }",  # only "a" is rdf:type
    "SELECT ?p WHERE { <http://x/s> ?pé ?o }",  # beyond ASCII: the tokenized way
    "SELECT ?p WHERE { <http://x/s> ?p ?o } # comment",
    "SELECT ?p WHERE { <http://x/s>\u00a0?p ?o }",  # not SPARQL white space
    "SELECT ?p WHERE { <http://x/s> ?p ?o } LIMIT 5 OFFSET 1",
    "SELECT ?p WHERE { <http://x/s> ?p ?o } LIMIT10",
    "SELECT ?p WHERE { <http://x/s> ?p ?o } LIMIT \u0665",  # an Arabic-Indic five
    "SELECT ?p WHERE { <http://x/\\u0073> ?p ?o }",  # an escape
    *UNBOUNDED,
]


def _agrees_with_the_tokenized_way(text: str, max_rows: int) -> None:
    """What :func:`plain_lookup` promises, checked the slow way."""
    plain = plain_lookup(text, max_rows)
    assert plain is not None
    op = inspect_operation(text)
    assert is_bounded_lookup(op)
    check_operation(op, [], max_nesting=PLAIN_LOOKUP_NESTING, max_depth=PLAIN_LOOKUP_DEPTH)
    found = measure(op.tokens)
    assert (found.nesting, found.depth) <= (PLAIN_LOOKUP_NESTING, PLAIN_LOOKUP_DEPTH)
    assert with_base(text, "http://endpoint/sparql") == text
    assert plain == cap_rows(text, op, max_rows)


@pytest.mark.parametrize("text", PLAIN)
def test_plain(text):
    for max_rows in (1, 15, 10_000):
        _agrees_with_the_tokenized_way(text, max_rows)


@pytest.mark.parametrize("text", NOT_PLAIN)
def test_not_plain(text):
    assert plain_lookup(text, 10_000) is None


_SPACE = st.text(" \t\r\n", max_size=3)
_SPACE1 = st.text(" \t\r\n", min_size=1, max_size=3)
_VAR = st.builds(
    lambda sigil, name: sigil + name, st.sampled_from("?$"), st.sampled_from(["p", "o", "x_1", "9"])
)
_IRI = st.sampled_from(["<http://x/s>", "<urn:a:b>", "<https://h/p#f>", "<a:>", "<http://x/*{}>"])
_FRAGMENTS = st.sampled_from([
    "SELECT", "select", "WHERE", "where", "LIMIT", "limit", "OFFSET", "a", "A", "*", "{", "}",
    ".", ";", "#", '"x"', "10", "20000", "٥", "PREFIX", "p:", "BASE", "FILTER", "(", ")",
    "SERVICE", "GRAPH", "?p", "?o", "$p", "?pé", "<http://x/s>", "<s>", "<:x>",
    "<http://x/\\u0041>", " ", "\n", "\u00a0",
])  # fmt: skip


@st.composite
def _lookups(draw) -> str:
    """Texts in the shape of a plain lookup, with every optional part varied."""
    keyword = draw(st.sampled_from(["SELECT", "select", "Select"]))
    projected = draw(st.one_of(st.just(" *"), st.lists(_VAR, min_size=1, max_size=3).map(
        lambda vs: "".join(" " + v for v in vs))))  # fmt: skip
    where = draw(st.sampled_from(["WHERE", "where", ""]))
    s, o = draw(_IRI), draw(st.one_of(_VAR, _IRI))
    p = draw(st.one_of(_VAR, _IRI, st.just("a")))
    dot = draw(st.sampled_from(["", ".", " ."]))
    limit = draw(st.one_of(st.just(""), st.integers(0, 30_000).map(lambda n: f" LIMIT {n}")))
    parts = [draw(_SPACE), keyword, projected, draw(_SPACE), where, draw(_SPACE), "{",
             draw(_SPACE), s, draw(_SPACE1), p, draw(_SPACE1), o, dot, draw(_SPACE), "}",
             limit, draw(_SPACE)]  # fmt: skip
    return "".join(parts)


@settings(max_examples=300, deadline=None, database=None)
@given(_lookups(), st.integers(1, 20_000))
def test_plain_lookups_agree_with_the_tokenized_way(text, max_rows):
    # most texts drawn are plain (else hypothesis reports too many rejected examples)
    assume(plain_lookup(text, max_rows) is not None)
    _agrees_with_the_tokenized_way(text, max_rows)


@settings(max_examples=300, deadline=None, database=None)
@given(st.lists(_FRAGMENTS, max_size=14).map(" ".join), st.integers(1, 20_000))
def test_whatever_is_taken_for_plain_is_a_bounded_lookup(text, max_rows):
    if plain_lookup(text, max_rows) is not None:
        _agrees_with_the_tokenized_way(text, max_rows)


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

    async def spy(self, scope, accept):
        response = await answer(self, scope, accept)
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


def _headers(response) -> dict[str, str]:
    return {k: v for k, v in response.headers.items() if k not in ("date", "server")}


def test_the_shortcut_sends_what_the_application_would(tmp_path):
    """Every header (security, row cap, compression, CORS) and the body equal the
    route's, with and without gzip, with and without cross-origin requests allowed."""
    from fastapi.testclient import TestClient

    from diplokg.api.app import create_app
    from diplokg.api.lookups import LookupShortcut
    from diplokg.store.embedded import EmbeddedStore
    from tests.unit.api_fixtures import XI, all_graphs, make_settings

    store = EmbeddedStore(tmp_path / "store")
    store.replace_graphs(all_graphs())
    lookup = f"SELECT ?p ?o WHERE {{ <{XI}> ?p ?o }}"
    answered: list[bool] = []
    answer = LookupShortcut._answer

    async def spy(self, scope, accept):
        response = await answer(self, scope, accept)
        answered.append(response is not None)
        return response

    xml = "application/sparql-results+xml"
    cases = [
        ({}, "json"),
        ({"Accept-Encoding": "gzip"}, "json"),  # under 1,000 bytes: not compressed
        ({"Accept": xml, "Accept-Encoding": "gzip, br"}, "xml"),  # compressed
        ({"Accept": "text/csv"}, "csv"),
        ({"Origin": "https://app.example"}, "json"),
    ]
    for k, cors in enumerate(([], ["https://app.example"])):
        (tmp_path / str(k)).mkdir()
        settings = make_settings(
            tmp_path / str(k), store=str(tmp_path / "store"), cors_origins=cors
        )
        with TestClient(create_app(settings, store)) as client:
            LookupShortcut._answer = spy
            try:
                for headers, fmt in cases:
                    short = client.get("/sparql", params={"query": lookup}, headers=headers)
                    routed = client.get(
                        "/sparql", params={"query": lookup, "format": fmt}, headers=headers
                    )
                    assert short.status_code == routed.status_code == 200
                    assert short.content == routed.content
                    assert _headers(short) == _headers(routed), (cors, headers)
                    encoded = short.headers.get("content-encoding")
                    assert encoded == ("gzip" if fmt == "xml" else None), headers
                    allowed = short.headers.get("access-control-allow-origin")
                    assert allowed == (headers.get("Origin") if cors else None)
            finally:
                LookupShortcut._answer = answer
    store.close()
    assert answered == [True, False] * 2 * len(cases)  # format= takes the route
