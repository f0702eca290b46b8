"""EmbeddedStore writes: new graphs by one extend, replacements and edits by one update
of what changes, same result as replacing whole graphs by SPARQL."""

from __future__ import annotations

import random

import pytest
from pyoxigraph import BlankNode, DefaultGraph, Literal, NamedNode, Quad
from pyoxigraph import Store as OxStore

from diplokg.store import StoreError
from diplokg.store.embedded import EmbeddedStore
from diplokg.store.updates import (
    drop_graph_update,
    edit_graphs_update,
    replace_graphs_update,
    skolem_iri,
)

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


# -- writes as small as the change (issue 12: the join's transaction grew with the store)
class _Recording:
    """A pyoxigraph store that keeps the text of every update it runs."""

    def __init__(self, store: OxStore) -> None:
        self.store, self.updates = store, []

    def update(self, text: str) -> None:
        self.updates.append(text)
        self.store.update(text)

    def __contains__(self, quad: Quad) -> bool:
        return quad in self.store

    def __getattr__(self, name: str):
        return getattr(self.store, name)


def test_a_replacement_writes_only_what_changed(store):
    store.replace_graph(G1, _quads(G1, *map(str, range(50))))
    store.replace_graph(G2, _quads(G2, "0"))
    recording = store._store = _Recording(store._store)
    store.replace_graph(G1, _quads(G1, *map(str, range(1, 50)), "new"))
    (text,) = recording.updates
    written = {line for line in text.splitlines() if line.endswith(" .")}
    # "0" leaves G1 but stays in the merge (G2 holds it); "new" enters both
    assert written == {f'<{EX}s> <{EX}p> "{o}" .' for o in ("0", "new")}
    assert _default(store) == {str(q.triple) for q in _quads(G1, *map(str, range(50)), "new")}


def test_an_unchanged_replacement_writes_nothing(store):
    store.replace_graph(G1, _quads(G1, "a", "b"))
    recording = store._store = _Recording(store._store)
    store.replace_graph(G1, _quads(G1, "b", "a"))
    assert recording.updates == []


def test_edits_keep_the_merge_and_drop_graphs(store):
    store.replace_graphs({G1: _quads(G1, "a", "b"), G2: _quads(G2, "b", "c")})
    store.edit_graphs({G1: _quads(G1, "a", "b")}, {G1: _quads(G1, "x")})
    assert _default(store) == {str(q.triple) for q in _quads(G1, "b", "c", "x")}
    store.edit_graphs({}, {}, [G2])
    assert store.graphs() == [G1.value]
    assert _default(store) == {str(q.triple) for q in _quads(G1, "x")}


def _random_quad(rng: random.Random, graph: NamedNode) -> Quad:
    subject = (
        BlankNode(f"b{rng.randrange(2)}")
        if rng.random() < 0.15
        else NamedNode(f"{EX}s{rng.randrange(4)}")
    )
    return Quad(
        subject, NamedNode(f"{EX}p{rng.randrange(2)}"), Literal(str(rng.randrange(4))), graph
    )


def _skolem(quad: Quad) -> Quad:
    def term(t):
        return skolem_iri(quad.graph_name, t) if isinstance(t, BlankNode) else t

    return Quad(term(quad.subject), quad.predicate, term(quad.object), quad.graph_name)


@pytest.mark.parametrize("seed", range(60))
def test_replacements_and_edits_equal_whole_graph_updates(seed):
    """Random replacements and edits of five small graphs, with triples shared between
    graphs and written to the default graph by hand: the embedded store's writes and
    the remote store's edit update end where replacing whole graphs by SPARQL does."""
    rng = random.Random(seed)
    graphs = [NamedNode(f"{EX}g{i}") for i in range(5)]
    reference, remote, ours = OxStore(), OxStore(), EmbeddedStore(None)
    for _ in range(8):
        step = rng.random()
        if step < 0.1:
            triple = f'<{EX}s0> <{EX}p0> "{rng.randrange(4)}"'
            for s in (reference, remote, ours):
                s.update(f"INSERT DATA {{ {triple} }}")
        elif step < 0.5 or not list(reference.named_graphs()):
            new = {
                g: [_random_quad(rng, g) for _ in range(rng.randrange(6))]
                for g in rng.sample(graphs, rng.randrange(1, 4))
            }
            reference.update(replace_graphs_update(new))
            remote.update(replace_graphs_update(new))
            ours.replace_graphs(new)
        else:
            existing = [g for g in graphs if reference.contains_named_graph(g)]
            removed, added = {}, {}
            for g in rng.sample(graphs, rng.randrange(1, 4)):
                held = list(reference.quads_for_pattern(None, None, None, g))
                removed[g] = rng.sample(held, rng.randrange(len(held) + 1))
                added[g] = [_random_quad(rng, g) for _ in range(rng.randrange(4))]
            dropped = [g for g in existing if g not in removed and rng.random() < 0.3]
            new = {
                g: list(
                    set(reference.quads_for_pattern(None, None, None, g)).difference(removed[g])
                    | {_skolem(q) for q in added[g]}
                )
                for g in removed
            }
            reference.update(replace_graphs_update(new | {g: [] for g in dropped}))
            for g in existing:  # an edit leaves a graph it empties, as SPARQL does
                if g in new and not new[g]:
                    reference.add_graph(g)
            remote.update(edit_graphs_update(removed, added, dropped))
            ours.edit_graphs(removed, added, dropped)
        expected = sorted(map(str, reference))
        assert sorted(map(str, ours._store)) == expected
        assert sorted(map(str, remote)) == expected
        named = sorted(map(str, reference.named_graphs()))
        assert sorted(map(str, ours._store.named_graphs())) == named
        assert sorted(map(str, remote.named_graphs())) == named
