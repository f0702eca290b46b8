"""The SPARQL tokenizer, the endpoint policy, the row cap, VALUES binding, negotiation."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Store, Variable

from diplokg.api.negotiation import (
    NotAcceptable,
    graph_type,
    prefers_html,
    results_type,
)
from diplokg.sparql.bindings import inject_values, values_block
from diplokg.sparql.lexer import LexError, tokenize
from diplokg.sparql.policy import (
    PolicyError,
    cap_rows,
    check_operation,
    inspect_operation,
)

WIKIDATA = "https://query.wikidata.org/sparql"
ALLOW = [WIKIDATA]


def words(text: str) -> list[str]:
    return [t.text.upper() for t in tokenize(text) if t.kind == "word"]


# -- tokenizer ------------------------------------------------------------------------
def test_keywords_inside_strings_comments_iris_are_not_words():
    text = """SELECT ?service WHERE {
      ?s <http://x/SERVICE> "SERVICE <http://e/> {}" , 'LOAD' , \"\"\"a " SERVICE
      ''' \"\"\" , '''SERVICE''' . # SERVICE <http://evil/>
      ?s ex:SERVICE service:x , _:service ; $load "x"@service .
    }"""
    assert words(text) == ["SELECT", "WHERE"]


def test_escaped_quote_does_not_end_string():
    toks = tokenize(r'SELECT * WHERE { ?s ?p "a\" SERVICE <x> {" }')
    assert [t.kind for t in toks if t.kind == "string"] == ["string"]
    assert "SERVICE" not in [t.text for t in toks if t.kind == "word"]


def test_unicode_escape_does_not_end_string():
    toks = tokenize(r'SELECT * WHERE { ?s ?p "a\u0022 SERVICE <x> {" }')
    assert "SERVICE" not in [t.text for t in toks if t.kind == "word"]


def test_less_than_operator_is_not_an_iri():
    toks = tokenize("FILTER(?a<?b)SERVICE<http://e/>{}")
    assert [t.kind for t in toks][:6] == ["word", "punct", "var", "punct", "var", "punct"]
    assert any(t.is_word("SERVICE") for t in toks)


def test_local_name_escape_hash_is_not_a_comment():
    toks = tokenize(r"SELECT * WHERE { ?s ?p ex:a\#b . SERVICE <http://e/> {} }")
    assert any(t.is_word("SERVICE") for t in toks)


def test_unterminated_string():
    with pytest.raises(LexError):
        tokenize('SELECT * WHERE { ?s ?p "oops }')


def test_tokens_agree_with_oxigraph_on_valid_queries():
    store = Store()
    for q in [
        r"PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a\#b }",
        "PREFIX ex: <http://e/> SELECT * WHERE { ?s ?p ex:a.b. }",
        "SELECT * WHERE { ?s ?p 1. } # comment",
        "SELECT * WHERE { ?s ?p '''it's'''}",
        "SELECT * WHERE { ?s ?p ?o FILTER(?o<?p) }",
    ]:
        store.query(q)  # valid for Oxigraph...
        assert tokenize(q)  # ...and tokenized without error


# -- query form -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "form"),
    [
        ("PREFIX a: <http://a/> BASE <http://b/> select * {}", "SELECT"),
        ("# comment\nASK {}", "ASK"),
        ("CONSTRUCT WHERE { ?s ?p ?o }", "CONSTRUCT"),
        ("DESCRIBE <http://a>", "DESCRIBE"),
        ("PREFIX a: <http://a/> INSERT DATA { <a> <b> <c> }", "UPDATE"),
        ("with <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "UPDATE"),
        ("PREFIXa: <http://a/> SELECTDISTINCT * {}", "SELECT"),
        ("LOADSILENT<http://x>", "UPDATE"),
        ("nonsense", None),
    ],
)
def test_inspect_operation(text, form):
    assert inspect_operation(text).form == form


# -- SERVICE / LOAD -------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        f"SELECT * WHERE {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}",
        f"SELECT * WHERE {{ service silent <{WIKIDATA}> {{ ?s ?p ?o }} }}",
        "PREFIX wdq: <https://query.wikidata.org/> SELECT * WHERE { SERVICE wdq:sparql { } }",
        "BASE <https://query.wikidata.org/> SELECT * WHERE { SERVICE <sparql> { } }",
        r"SELECT * WHERE { SERVICE <https://query.wikidata.org/sparq\u006C> { } }",
        'SELECT * WHERE { BIND("SERVICE ?x" AS ?y) } # SERVICE <http://evil/>',
        # names that merely start with "service"/"load" are not SERVICE/LOAD clauses
        "PREFIX services: <http://e/> SELECT * WHERE { services:g ?p ?o }",
        "PREFIX loads: <http://e/> SELECT * WHERE { ?s ?p loads:x }",
        "PREFIX loads: <http://e/> INSERT DATA { GRAPH <http://g> { <http://a> loads:p 1 } }",
    ],
)
def test_allowed(text):
    check_operation(inspect_operation(text), ALLOW)


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("SELECT * WHERE { SERVICE <http://evil/sparql> { } }", "not allowed"),
        ("SELECT * WHERE { SERVICE SILENT ?endpoint { } }", "variable"),
        ("SELECT * WHERE { SERVICE $endpoint { } }", "variable"),
        ("PREFIX e: <http://evil/> SELECT * WHERE { SERVICE e:sparql { } }", "not allowed"),
        ("SELECT * WHERE { SERVICE undeclared:sparql { } }", "not allowed"),
        ("BASE <http://evil/> SELECT * WHERE { SERVICE <sparql> { } }", "not allowed"),
        ("SELECT * WHERE { SERVICE <sparql> { } }", "not allowed"),  # relative, no base
        (f"SELECT * WHERE {{ SERVICE <{WIKIDATA}/> {{ }} }}", "not allowed"),  # not exact
        ("SELECT * WHERE { SERVICE", "SERVICE"),
        ("LOAD <http://evil/data.ttl>", "LOAD"),
        ("load silent <http://evil/data.ttl> INTO GRAPH <http://g>", "LOAD"),
        # Oxigraph reads keywords run into the next token: SERVICE:x is SERVICE :x
        ("PREFIX : <http://evil/> SELECT * WHERE { SERVICE:x { } }", "not allowed"),
        ("PREFIX ex: <http://evil/> SELECT * WHERE { SERVICEex:x { } }", "not allowed"),
        ("PREFIX : <http://evil/> SELECT * WHERE { SERVICE SILENT:x { } }", "not allowed"),
        ("SELECT * WHERE { SERVICESILENT<http://evil/> { } }", "not allowed"),
        ("SELECT * WHERE { SERVICE?x { } }", "variable"),
        (
            f"PREFIX ex: <{WIKIDATA}> PREFIXex: <http://evil/> "
            "SELECT * WHERE { SERVICE ex: { } }",
            "not allowed",
        ),
        ("LOAD<http://evil/x>", "LOAD"),
        ("PREFIX : <http://evil/> LOAD:x", "LOAD"),
        ("LOADSILENT<http://evil/x>", "LOAD"),
        ("INSERT DATA { <a> <b> <c> } ; load <http://evil/x>", "LOAD"),
        (
            f"INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://evil/> {{ ?s ?p ?o }} }} ;"
            f" INSERT {{ ?s ?p ?o }} WHERE {{ SERVICE <{WIKIDATA}> {{ ?s ?p ?o }} }}",
            "not allowed",
        ),
    ],
)
def test_refused(text, why):
    with pytest.raises(PolicyError, match=why):
        check_operation(inspect_operation(text), ALLOW)


def test_empty_allowlist_refuses_every_service():
    with pytest.raises(PolicyError):
        check_operation(inspect_operation(f"SELECT * {{ SERVICE <{WIKIDATA}> {{}} }}"), [])


# -- row cap --------------------------------------------------------------------------
def capped(text: str, n: int = 10) -> tuple[str, bool]:
    return cap_rows(text, inspect_operation(text), n)


def test_cap_appends_limit():
    text, imposed = capped("SELECT * WHERE { ?s ?p ?o } # trailing comment")
    assert imposed
    assert text.endswith("# trailing comment\nLIMIT 10\n")
    Store().query(text)


def test_cap_ignores_subquery_limit():
    q = "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 100 } }"
    text, imposed = capped(q)
    assert imposed and text.endswith("LIMIT 10\n")
    Store().query(text)


def test_cap_lowers_limit_and_keeps_offset():
    text, imposed = capped("SELECT * WHERE { ?s ?p ?o } OFFSET 5 LIMIT 1000")
    assert imposed and text == "SELECT * WHERE { ?s ?p ?o } OFFSET 5 LIMIT 10"


def test_cap_reads_limit_run_into_its_number():
    text, imposed = capped("SELECT * WHERE { ?s ?p ?o } LIMIT1000")
    assert imposed and text == "SELECT * WHERE { ?s ?p ?o } LIMIT10"
    Store().query(text)
    assert capped("SELECT * WHERE { ?s ?p ?o } LIMIT5")[1] is False


def test_cap_keeps_smaller_limit():
    q = "SELECT * WHERE { ?s ?p ?o } limit 3"
    assert capped(q) == (q, False)


def test_cap_before_trailing_values():
    q = "SELECT * WHERE { ?s ?p ?o } VALUES ?s { <http://a> }"
    text, imposed = capped(q)
    assert imposed
    Store().query(text)
    assert text.index("LIMIT") < text.index("VALUES")


def test_cap_describe_and_construct():
    for q in ["DESCRIBE <http://a>", "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"]:
        text, imposed = capped(q)
        assert imposed
        Store().query(text)


def test_cap_leaves_ask_updates_and_malformed_text_alone():
    for q in ["ASK { ?s ?p ?o }", "INSERT DATA { <a> <b> <c> }", "SELECT * WHERE { ?s "]:
        assert capped(q) == (q, False)


# -- VALUES binding -------------------------------------------------------------------
def test_values_block_serialises_terms():
    block = values_block({Variable("a"): NamedNode("http://x/a"), Variable("b"): Literal('q"} x')})
    assert block == 'VALUES (?a ?b) { (<http://x/a> "q\\"} x") }'


def test_values_block_refuses_bad_variable_names():
    with pytest.raises(ValueError):
        values_block({Variable("a) } DROP ALL ; #"): Literal("x")})


def test_inject_values_select_and_construct():
    store = Store()
    store.update('INSERT DATA { <http://a> <http://p> "1" . <http://b> <http://p> "2" }')
    bound = {Variable("s"): NamedNode("http://a")}
    select = inject_values("SELECT (EXISTS { ?x ?y ?z } AS ?e) ?s ?o WHERE { ?s ?p ?o }", bound)
    assert [r["o"].value for r in store.query(select)] == ["1"]
    construct = inject_values("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", bound)
    assert len(list(store.query(construct))) == 1


def test_inject_values_needs_a_query():
    with pytest.raises(ValueError):
        inject_values("INSERT DATA { <a> <b> <c> }", {Variable("s"): NamedNode("http://a")})


# -- negotiation ----------------------------------------------------------------------
def test_results_negotiation():
    assert results_type(None) == "application/sparql-results+json"
    assert results_type("*/*") == "application/sparql-results+json"
    assert results_type("text/*") == "text/csv"
    assert results_type("text/tab-separated-values, text/csv;q=0.5") == "text/tab-separated-values"
    assert results_type("application/xml") == "application/sparql-results+xml"
    assert results_type("image/png", "csv") == "text/csv"
    with pytest.raises(NotAcceptable):
        results_type("image/png")
    with pytest.raises(NotAcceptable):
        results_type("text/csv;q=0")


def test_graph_negotiation():
    assert graph_type(None) == "text/turtle"
    assert graph_type("application/rdf+xml;q=0.9, application/n-triples") == (
        "application/n-triples"
    )
    assert graph_type("text/html,application/xml;q=0.9,*/*;q=0.8", html=True) == "text/html"
    assert graph_type("*/*", html=True) == "text/html"
    assert graph_type("application/json") == "application/ld+json"
    assert graph_type(None, "rdf") == "application/rdf+xml"
    with pytest.raises(NotAcceptable):
        graph_type("text/csv")


def test_prefers_html():
    assert prefers_html("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert not prefers_html("*/*")
    assert not prefers_html("application/sparql-results+json, text/html;q=0.5")
    assert not prefers_html(None)
