"""EmbeddedStore writes: new graphs by one extend, replacements by one update, same result."""

from __future__ import annotations

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad
from pyoxigraph import Store as OxStore

from diplokg.store import StoreError
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.updates import drop_graph_update, replace_graphs_update

EX = "http://example.org/"
G1, G2 = NamedNode(EX + "g1"), NamedNode(EX + "g2")


def _quads(graph: NamedNode, *objects: str) -> list[Quad]:
    s, p = NamedNode(EX + "s"), NamedNode(EX + "p")
    return [Quad(s, p, Literal(o), graph) for o in objects]


def _default(store: EmbeddedStore) -> set[str]:
    return {str(q.triple) for q in store._store.quads_for_pattern(None, None, None, DefaultGraph())}


def _reference(*writes: dict[NamedNode, list[Quad]]) -> set[str]:
    """Every quad after the same writes done as SPARQL updates (the reference behaviour)."""
    ref = OxStore()
    for graphs in writes:
        ref.update(replace_graphs_update(graphs))
    return {str(q) for q in ref}


@pytest.fixture
def store(tmp_path):
    s = EmbeddedStore(tmp_path / "store")
    yield s
    s.close()


def test_new_graphs_keep_the_merge(store):
    store.replace_graph(G1, _quads(G1, "a", "b"))
    store.replace_graph(G2, _quads(G2, "b", "c"))
    assert _default(store) == {str(q.triple) for q in _quads(G1, "a", "b", "c")}
    assert {str(q) for q in store._store} == _reference(
        {G1: _quads(G1, "a", "b")}, {G2: _quads(G2, "b", "c")}
    )


def test_replacing_a_graph_keeps_what_another_graph_holds(store):
    store.replace_graph(G1, _quads(G1, "a", "b"))
    store.replace_graph(G2, _quads(G2, "b"))
    store.replace_graph(G1, _quads(G1, "x"))
    assert _default(store) == {str(q.triple) for q in _quads(G1, "b", "x")}


def test_blank_nodes_are_skolemised_on_the_fast_path(store):
    node = BlankNode("n1")
    store.replace_graph(G1, [Quad(node, NamedNode(EX + "p"), Literal("v"), G1)])
    subjects = {q.subject for q in store._store}
    assert subjects == {NamedNode(EX + "g1/.well-known/genid/n1")}


def test_several_new_graphs_in_one_write(store):
    store.replace_graphs({G1: _quads(G1, "a"), G2: _quads(G2, "a", "b")})
    assert set(store.graphs()) == {G1.value, G2.value}
    assert len(_default(store)) == 2


def test_foreign_quads_are_refused_and_nothing_is_written(store):
    with pytest.raises(StoreError):
        store.replace_graphs({G1: _quads(G1, "a"), G2: _quads(G1, "b")})
    assert len(store) == 0


def test_triples_taken_out_of_the_merge_are_written_again(store):
    store.replace_graph(G1, _quads(G1, "a"))
    store.update(drop_graph_update(G1))
    assert _default(store) == set()
    store.replace_graph(G2, _quads(G2, "a"))
    assert _default(store) == {str(q.triple) for q in _quads(G2, "a")}
    store.clear_graph(None)
    store.replace_graph(G1, _quads(G1, "a"))
    assert _default(store) == {str(q.triple) for q in _quads(G1, "a")}
