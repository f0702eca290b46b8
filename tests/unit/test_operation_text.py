"""Protocol settings written into query/update text: BASE and USING clauses."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode, Quad, Store

from diplokg.sparql.operation_text import DatasetConflict, with_base, with_using

G1, G2, OUT = "http://example.org/g1", "http://example.org/g2", "http://example.org/out"


def test_base_only_when_a_relative_iri_is_there():
    assert with_base("ASK { <http://a> ?p ?o }", "http://h/sparql") == "ASK { <http://a> ?p ?o }"
    text = 'ASK { ?s ?p "<rel>" } # <rel>'
    assert with_base(text, "http://h/sparql") == text  # in a string or comment: not an IRI
    assert with_base("ASK { <rel> ?p ?o }", "http://h/sparql").startswith(
        "BASE <http://h/sparql>\n"
    )


def _store() -> Store:
    store = Store()
    for g in (G1, G2):
        store.add(Quad(NamedNode(g + "#s"), NamedNode("http://p"), NamedNode(g), NamedNode(g)))
    return store


def _out(store: Store) -> set[str]:
    return {q.subject.value for q in store.quads_for_pattern(None, None, None, NamedNode(OUT))}


def test_using_applies_to_insert_where():
    update = f"INSERT {{ GRAPH <{OUT}> {{ ?s ?p ?o }} }} WHERE {{ ?s ?p ?o }}"
    rewritten = with_using(update, [G1], [])
    assert f"USING <{G1}> WHERE" in rewritten
    store = _store()
    store.update(rewritten)
    assert _out(store) == {G1 + "#s"}


def test_using_named_and_several_operations():
    update = (
        "PREFIX ex: <http://example.org/>\n"
        "INSERT DATA { GRAPH <http://example.org/x> { ex:a ex:b ex:c } } ;\n"
        f"INSERT {{ GRAPH <{OUT}> {{ ?s ?p ?g }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    )
    store = _store()
    store.update(with_using(update, [], [G2]))
    assert _out(store) == {G2 + "#s"}


def test_delete_where_gets_a_dataset():
    update = "DELETE WHERE { GRAPH ?g { ?s ?p ?o } }"
    rewritten = with_using(update, [], [G1])
    assert rewritten.startswith("DELETE { GRAPH ?g { ?s ?p ?o } } USING NAMED")
    store = _store()
    store.update(rewritten)
    assert {q.graph_name.value for q in store} == {G2}


def test_where_inside_a_subquery_is_not_touched():
    update = (
        f"INSERT {{ GRAPH <{OUT}> {{ ?s ?p ?o }} }} WHERE {{ {{ SELECT * WHERE {{ ?s ?p ?o }} }} }}"
    )
    expected = update.replace("WHERE { {", f"USING <{G1}> WHERE {{ {{", 1)
    assert with_using(update, [G1], []) == expected


@pytest.mark.parametrize(
    "update",
    [f"WITH <{G1}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
     f"DELETE {{ ?s ?p ?o }} USING <{G1}> WHERE {{ ?s ?p ?o }}"],
)  # fmt: skip
def test_conflicting_dataset_is_refused(update):
    with pytest.raises(DatasetConflict):
        with_using(update, [G2], [])
    assert with_using(update, [], []) == update


def test_operations_without_where_are_unchanged():
    update = "CLEAR ALL ; INSERT DATA { <http://a> <http://b> <http://c> }"
    assert with_using(update, [G1], [G2]) == update


def test_short_texts_are_tokenized_once():
    from diplokg.sparql.lexer import KEPT_TEXT_CHARS, tokenize, tokens_of

    short = "SELECT * WHERE { ?s ?p ?o }"
    assert tokens_of(short) is tokens_of(short)  # kept: a request looks at it again
    assert list(tokens_of(short)) == tokenize(short)
    long = "ASK {" + " " * KEPT_TEXT_CHARS + "}"
    assert tokens_of(long) is not tokens_of(long)  # not kept
    assert list(tokens_of(long)) == tokenize(long)
