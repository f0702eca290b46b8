"""The join after a build reads only the groups of event nodes the build touched
(diplokg.build.join_scope), and joins as the join over the whole store does: article
graphs written by hand into an in-memory store, rewritten through BuildChanges."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat

from diplokg.build.batch import load_ontology
from diplokg.build.identity_groups import identity_groups
from diplokg.build.join_scope import BuildChanges
from diplokg.build.reconcile import _groups, _rewritten, read_events, reconcile
from diplokg.build.reports import event_nodes, read_entity_facts, read_reports
from diplokg.config import Settings
from diplokg.rdf.vocab import RDF_TYPE, XSD_DATE, dip, schema
from diplokg.store.embedded import EmbeddedStore

BASE = Settings().base_iri
NQUADS = "application/n-quads"
P, CHN, USA = BASE + "person/p", BASE + "country/chn", BASE + "country/usa"
UNDATED, DATED = BASE + "event/u", BASE + "event/d"
SATURDAY, LATER = BASE + "event/u2", BASE + "event/d2"


def graph(name: str, *, published: str | None = None, events=(), entities=()) -> tuple:
    """An article graph: ``events`` as (iri, type, participants, date, date phrase),
    ``entities`` as (iri, class, leads)."""
    g = NamedNode(BASE + "graph/" + name)
    article = NamedNode(BASE + "article/" + name)
    quads = [Quad(article, RDF_TYPE, schema("NewsArticle"), g)]
    if published:
        quads.append(
            Quad(article, schema("datePublished"), Literal(published, datatype=XSD_DATE), g)
        )
    for iri, kind, participants, day, phrase in events:
        node = NamedNode(iri)
        quads += [Quad(node, RDF_TYPE, dip(kind), g), Quad(node, dip("status"), dip("Happened"), g)]
        quads += [Quad(node, dip("participant"), NamedNode(p), g) for p in participants]
        if day:
            quads.append(Quad(node, dip("date"), Literal(day, datatype=XSD_DATE), g))
        if phrase:
            quads.append(Quad(node, dip("dateText"), Literal(phrase, language="es"), g))
    for iri, kind, leads in entities:
        quads.append(Quad(NamedNode(iri), RDF_TYPE, dip(kind), g))
        quads += [Quad(NamedNode(iri), dip("leaderOf"), NamedNode(c), g) for c in leads]
    return g, quads


def write(store: EmbeddedStore, changes: BuildChanges, *graphs: tuple) -> None:
    """Rewrite ``graphs`` as a build does."""
    for g, quads in graphs:
        changes.replacing(g)
        store.replace_graph(g, quads)
        changes.replaced(g, quads)


def canonical(store: EmbeddedStore) -> list[str]:
    return sorted(line for line in store.dump(NQUADS).decode().splitlines() if line.strip())


def copy(store: EmbeddedStore) -> EmbeddedStore:
    other = EmbeddedStore(None)
    other._store.load(store.dump(NQUADS), format=RdfFormat.N_QUADS)
    return other


#: A (left alone) reports an undated meeting of the person p with China, in an article
#: of 2 March; D a meeting of the United States with China on Saturday 1 March, E one
#: on Saturday 8 March, F (left alone) an undated one "el sábado", that fits both.
A = graph(
    "a",
    published="2025-03-02",
    events=[(UNDATED, "Meeting", [P, CHN], None, None)],
    entities=[(P, "Person", []), (CHN, "Country", [])],
)
D = graph(
    "d",
    published="2025-03-05",
    events=[(DATED, "Meeting", [USA, CHN], "2025-03-01", None)],
    entities=[(USA, "Country", []), (CHN, "Country", [])],
)
E = graph(
    "e",
    published="2025-03-10",
    events=[(LATER, "Meeting", [USA, CHN], "2025-03-08", None)],
    entities=[(USA, "Country", []), (CHN, "Country", [])],
)
F = graph(
    "f",
    events=[(SATURDAY, "Meeting", [USA, CHN], None, "el sábado")],
    entities=[(USA, "Country", []), (CHN, "Country", [])],
)


def b_saying(leads: list[str]) -> tuple:
    """Another article naming p, as leader of ``leads``."""
    return graph("b", published="2025-03-06", entities=[(P, "Person", leads)])


@pytest.fixture
def store() -> EmbeddedStore:
    store = EmbeddedStore(None)
    load_ontology(store, Settings())
    return store


@pytest.mark.parametrize(
    ("b_before", "b_after", "joined"),
    [([], [USA], {UNDATED: DATED}), ([USA], [], {SATURDAY: LATER})],
    ids=["p leads the United States now", "p no longer leads it"],
)
def test_a_fact_about_a_participant_rejoins_reports_in_graphs_left_alone(
    store, b_before, b_after, joined
):
    # p leading the United States, A's meeting is the United States' with China (and
    # only D's fits it: E's is after A's publication); F's fits D's and E's
    write(store, BuildChanges(store, BASE, whole=True), A, D, E, F, b_saying(b_before))
    reconcile(store, BuildChanges(store, BASE))  # it finds the marker: the whole store
    before = canonical(store)
    changes = BuildChanges(store, BASE)
    write(store, changes, b_saying(b_after))
    whole = copy(store)
    joins = reconcile(store, changes)
    assert not changes.whole
    assert joins == reconcile(whole, BuildChanges(whole, BASE, whole=True)) == joined
    assert canonical(store) == canonical(whole) != before


def test_the_marker_lives_from_the_first_write_to_the_join(store):
    changes = BuildChanges(store, BASE)
    marker = BASE + "build/unjoined"
    assert not changes.marked and marker not in store.graphs()
    write(store, changes, A)
    assert changes.marked and marker in store.graphs()
    assert BuildChanges(store, BASE).whole  # a build finding it joins everything
    reconcile(store, changes)
    assert marker not in store.graphs()


def test_many_rewritten_graphs_make_the_join_read_the_whole_store(store, monkeypatch):
    monkeypatch.setattr("diplokg.build.join_scope.MIN_TRACKED", 2)
    changes = BuildChanges(store, BASE)
    write(store, changes, A, D)
    assert not changes.whole
    write(store, changes, b_saying([]))
    assert changes.whole and changes.nodes() is None


def test_the_join_writes_only_the_quads_that_name_a_joined_node(store, monkeypatch):
    """The join renames the undated node in the graphs that report it: it writes those
    quads alone (a transaction the size of the joins, issue 12), and leaves the store
    as rewriting each of those graphs whole did."""
    write(store, BuildChanges(store, BASE, whole=True), A, D, b_saying([USA]))
    whole = copy(store)
    edits: list[tuple] = []
    edit = store.edit_graphs
    monkeypatch.setattr(store, "edit_graphs", lambda *args: (edits.append(args), edit(*args))[-1])
    joins = reconcile(store)
    assert joins == {UNDATED: DATED}
    written = [
        q for removed, added, _ in edits for d in (removed, added) for qs in d.values() for q in qs
    ]
    g, quads = A
    untouched = [q for q in quads if UNDATED not in (q.subject.value, q.object.value)]
    named = [q for q in written if UNDATED in (q.subject.value, q.object.value)]
    assert untouched and named and not set(untouched) & set(written)
    old = list(whole._store.quads_for_pattern(None, None, None, g))
    whole.replace_graphs({g: _rewritten(old, g, joins)})
    assert canonical(store) == canonical(whole)


def test_reading_every_event_a_few_graphs_at_a_time_gives_the_same_nodes(store, monkeypatch):
    write(store, BuildChanges(store, BASE, whole=True), A, D, E, F, b_saying([USA]))
    whole = event_nodes(read_reports(store), read_entity_facts(store))
    monkeypatch.setattr("diplokg.build.reconcile.GRAPHS_PER_READ", 2)
    assert read_events(store) == whole
    assert {UNDATED, DATED, LATER, SATURDAY} <= set(whole)


@pytest.mark.parametrize("per_read", [1, 2, 500])
def test_the_groups_spilled_to_files_are_those_of_every_node_read_at_once(
    store, monkeypatch, tmp_path, per_read
):
    """The join over the whole store reads its groups through files, a few graphs at a
    time (issue 12: memory flat in the store's size): the same nodes, the same groups."""
    # G reports D's meeting again: a node of two graphs, read in two chunks
    again = graph(
        "g",
        published="2025-03-03",
        events=[(DATED, "Meeting", [USA, CHN], "2025-03-01", "el sábado")],
        entities=[(USA, "Country", []), (CHN, "Country", [])],
    )
    write(store, BuildChanges(store, BASE, whole=True), A, D, E, F, again, b_saying([]))
    nodes = read_events(store)
    assert len(nodes[DATED].graphs) == 2
    expected = [list(g) for g in _groups(nodes)]
    monkeypatch.setattr("diplokg.build.identity_groups.GRAPHS_PER_READ", per_read)
    monkeypatch.setattr("diplokg.build.identity_groups.GRAPHS_PER_FILE", per_read + 1)
    got = list(identity_groups(store, tmp_path))
    assert len(got) == len(expected) > 1
    by_iri = {n.iri: n for g in got for n in g}
    assert by_iri == {n.iri: n for g in expected for n in g}
    assert sorted(sorted(n.iri for n in g) for g in got) == sorted(
        sorted(n.iri for n in g) for g in expected
    )
    assert not list(tmp_path.iterdir())  # the spill files are gone
