"""What a build changed, so that the join after it reads only what can join differently.

The join of undated event reports (:mod:`diplokg.build.reconcile`) compares event
nodes only within groups of one *identity* (their core sides): whether a group's
reports join, and to what, depends on that group's nodes alone, and a join never
moves a node to another group. After a build has joined every group as far as it
goes, a later build can only change the joins of the groups that hold a node whose
data it changed:

* a node that a rewritten article graph reports, as the graph was or as it is now;
* a node with a participant whose facts in the merged graph (a place, a person or
  state, the states a leader leads) the rewritten graphs changed.

Each such node's identity before and after the build names a group; the join reads
those groups whole (every node of that identity, in every graph) and nothing else.
The result is the join over the whole store.

That needs the store to have been joined after its last change, so the build's first
write leaves a marker graph, dropped in the join's own transaction. A build that
finds the marker (an earlier one stopped between its writes and its join) joins over
the whole store, as does a build that rewrites many graphs (reading everything is
then cheaper), one that extracts everything again (``--all``), or one whose
ontology changed the event classes. Writes made outside builds (SPARQL Update, the
Graph Store Protocol) are not seen as changes: ``diplokg build --all`` joins them.
"""

from __future__ import annotations

from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, parse

from diplokg.build.reports import (
    INERT,
    EventNode,
    Fact,
    GraphReports,
    Involvement,
    event_classes,
    event_nodes,
    events_of_sides,
    local,
    read_entity_facts,
    read_entity_facts_elsewhere,
    read_reports,
    reports_of_triples,
)
from diplokg.rdf.vocab import RDFS_COMMENT
from diplokg.store import Store

_NT = "application/n-triples"
#: the marker graph, under the data's base IRI
MARKER_PATH = "build/unjoined"
_MARKER_TEXT = (
    "A build is writing article graphs and has not joined their undated event reports "
    "yet; if this stays, the next build joins them over the whole store."
)
#: the join is limited to what changed while at most this many graphs changed, or a
#: tenth of the store's graphs if more: past that, reading everything is cheaper
MIN_TRACKED = 50
TRACKED_SHARE = 10


class BuildChanges:
    """The article graphs a build rewrites, what they said before and what they say now.

    Call :meth:`replacing` before each article graph is written and :meth:`replaced`
    after; then :meth:`nodes` gives the event nodes the join must look at, and
    :meth:`cleared` the marker's removal for the join's transaction.
    """

    def __init__(self, store: Store, base: str, *, whole: bool = False) -> None:
        """``base``: the data's base IRI; ``whole``: join over the whole store anyway."""
        self.store = store
        self.marker = NamedNode(base + MARKER_PATH)
        existing = set(store.graphs())
        #: the marker is in the store: written by this build, or left by an earlier one
        self.marked = self.marker.value in existing
        #: the join reads the whole store
        self.whole = whole or self.marked
        #: IRIs of the graphs rewritten so far (while the join is limited to them)
        self.changed: set[str] = set()
        self._existing = existing
        self._limit = max(MIN_TRACKED, len(existing) // TRACKED_SHARE)
        self._classes = frozenset() if self.whole else event_classes(store)
        self._before: dict[str, GraphReports] = {}
        self._after: dict[str, GraphReports] = {}

    def replacing(self, graph: NamedNode) -> None:
        """Before ``graph`` is rewritten: leave the marker (at the build's first write)
        and keep what the graph says now."""
        if not self.marked:
            text = Literal(_MARKER_TEXT, language="en")
            self.store.replace_graph(
                self.marker, [Quad(self.marker, RDFS_COMMENT, text, self.marker)]
            )
            self.marked = True
        if self.whole or graph.value in self._before:
            return
        if len(self.changed) >= self._limit:
            self._give_up()
            return
        if graph.value in self._existing:
            triples = parse(self.store.dump_graph(graph.value, _NT), format=RdfFormat.N_TRIPLES)
            self._before[graph.value] = reports_of_triples(triples, self._classes)

    def replaced(self, graph: NamedNode, quads: Iterable[Quad]) -> None:
        """After ``graph`` was rewritten with ``quads`` (once the join reads the whole
        store, nothing is kept: a long batch must not hold one IRI per article)."""
        if not self.whole:
            self.changed.add(graph.value)
            self._after[graph.value] = reports_of_triples(quads, self._classes)

    def cleared(self) -> list[NamedNode]:
        """The marker graph to drop in the join's transaction (none if not written)."""
        return [self.marker] if self.marked else []

    def _give_up(self) -> None:
        self.whole = True
        self.changed.clear()
        self._before.clear()
        self._after.clear()

    def nodes(self) -> dict[str, EventNode] | None:
        """The event nodes whose joins the build may have changed, each with all the
        store says of it (None: the join must read every node)."""
        if self.whole:
            return None
        before = {g: r for g, r in self._before.items() if g in self.changed}
        after = {g: self._after[g] for g in self.changed}
        touched = {e for r in (*before.values(), *after.values()) for e in r.events}
        facts_before = self._entities_changed(before, after)
        if facts_before:
            touched |= set(self._joinable(events_of_sides(self.store, facts_before)))
        now = read_reports(self.store, events=touched)
        then = {g: r for g, r in now.items() if g not in self.changed} | before
        facts = read_entity_facts(self.store, _participants(now, then))
        nodes = [
            *event_nodes(now, facts).values(),
            *event_nodes(then, facts | facts_before).values(),
        ]
        return self._groups({frozenset(n.identity) for n in nodes if not n.inert})

    def _groups(self, identities: set[frozenset[str]]) -> dict[str, EventNode]:
        """Every event node whose identity is one of ``identities``."""
        if not identities:
            return {}
        by_side: dict[str, list[frozenset[str]]] = {}
        for identity in identities:
            by_side.setdefault(min(identity), []).append(identity)
        found = self._joinable(events_of_sides(self.store, set().union(*identities)))
        members = {
            e
            for e, sides in found.items()
            if any(i <= sides for s in sides for i in by_side.get(s, ()))
        }
        reports = read_reports(self.store, events=members)
        nodes = event_nodes(reports, read_entity_facts(self.store, _participants(reports)))
        return {
            iri: n
            for iri, n in nodes.items()
            if frozenset(n.identity) in identities and not n.inert
        }

    def _joinable(self, found: dict[str, Involvement]) -> dict[str, set[str]]:
        """Node IRI → the sides it involves, for the event nodes of ``found`` that may
        take part in a join (not relations, not only of types that never join)."""
        joinable = {local(c) for c in self._classes} - INERT
        return {e: f.sides for e, f in found.items() if f.types & joinable}

    def _entities_changed(
        self, before: dict[str, GraphReports], after: dict[str, GraphReports]
    ) -> dict[str, set[Fact]]:
        """Entity IRI → its facts in the merged graph before the build, for each entity
        whose facts the rewritten graphs changed."""
        was, now = _entity_facts(before.values()), _entity_facts(after.values())
        suspects = {p for p in was.keys() | now.keys() if was.get(p) != now.get(p)}
        if not suspects:
            return {}
        kept = read_entity_facts_elsewhere(self.store, suspects, self.changed)
        merged = read_entity_facts(self.store, suspects)
        out: dict[str, set[Fact]] = {}
        for p in suspects:
            held = kept.get(p, set())
            then, current = held | was.get(p, set()), held | now.get(p, set())
            if then != current:
                # facts only the merged graph holds (written there by hand) stay put
                out[p] = then | (merged.get(p, set()) - current)
        return out


def _entity_facts(graphs: Iterable[GraphReports]) -> dict[str, set[Fact]]:
    out: dict[str, set[Fact]] = {}
    for graph in graphs:
        for entity, facts in graph.entities.items():
            out.setdefault(entity, set()).update(facts)
    return out


def _participants(*reports: dict[str, GraphReports]) -> set[str]:
    return {
        p
        for graphs in reports
        for graph in graphs.values()
        for report in graph.events.values()
        for p in report.participants
    }


__all__ = ["MARKER_PATH", "BuildChanges"]
